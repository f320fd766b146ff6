/*
 * review.c: the figures of the annual central review, computed from each
 * site's ledger. See review.h for the contract and docs/review.md for the
 * rules where SPEC §7 is silent.
 */
#include "review.h"

#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "cstore.h"
#include "domain.h"
#include "steering.h"


/* ------------------------------------------------------------- helpers */

bool
review_rate(uint64_t num, uint64_t den, double *rate)
{
	if (den == 0)
		return false;
	*rate = (double)num / (double)den;
	return true;
}

int
review_met(const review_indicator *ind, bool previous)
{
	double rate;

	if (!review_rate(previous ? ind->prev_numerator : ind->numerator,
	                 previous ? ind->prev_denominator : ind->denominator, &rate))
		return -1;
	return rate >= (previous ? ind->prev_target : ind->target);
}

bool
review_year_score(const review_cleaning *c, double *score)
{
	double sum = 0;
	int n = 0;

	for (int q = 0; q < REVIEW_QUARTERS; q++) {
		if (c->evaluated[q]) {
			sum += c->score[q];
			n++;
		}
	}
	if (n == 0)
		return false;
	*score = sum / n;
	return true;
}

const char *
review_site_title(const review_site *s)
{
	return s->name != NULL && s->name[0] != '\0' ? s->name : s->site;
}

char *
review_quarter_label(int year, int q, char *buf)
{
	snprintf(buf, 8, "%04u-Q%c", (unsigned)year % 10000u, (char)('1' + (q & 3)));
	return buf;
}

static int
quarter_of(cal_day day)
{
	int y, m, d;

	cal_to_ymd(day, &y, &m, &d);
	return (m - 1) / 3;
}

static int
year_of(cal_day day)
{
	int y, m, d;

	cal_to_ymd(day, &y, &m, &d);
	return y;
}

static char *
dup_or_null(const char *s)
{
	return s != NULL && s[0] != '\0' ? strdup(s) : NULL;
}

/* Order of two keys: the domain table's (engagements N1..N12, S1..S3,
 * SMQ1..SMQ10 numerically), then by name (all of them, without a table). */
static int
key_cmp(const domain_term *table, size_t nt, const char *a, const char *b)
{
	int oa = domain_order(table, nt, a), ob = domain_order(table, nt, b);

	if (oa != ob)
		return oa < ob ? -1 : 1;
	return strcmp(a, b);
}

/* Adds `by` to key's count in a list kept in the order of `table`. */
static int
count_add(review_count **arr, size_t *n, const char *key, unsigned by,
          const domain_term *table, size_t nt)
{
	size_t lo = 0, hi = *n;
	review_count *na;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = key_cmp(table, nt, (*arr)[mid].key, key);
		if (c == 0) {
			(*arr)[mid].n += by;
			return 0;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	na = realloc(*arr, (*n + 1) * sizeof(*na));
	if (na == NULL)
		return QP_ENOMEM;
	*arr = na;
	memmove(&na[lo + 1], &na[lo], (*n - lo) * sizeof(*na));
	na[lo].key = strdup(key);
	if (na[lo].key == NULL) {
		memmove(&na[lo], &na[lo + 1], (*n - lo) * sizeof(*na));
		return QP_ENOMEM;
	}
	na[lo].n = by;
	(*n)++;
	return 0;
}

static void
counts_free(review_count *arr, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(arr[i].key);
	free(arr);
}

static void
site_free(review_site *s)
{
	free(s->site);
	free(s->name);
	free(s->indicators);
	for (size_t i = 0; i < s->checks.n; i++) {
		free(s->checks.list[i].id);
		free(s->checks.list[i].label);
		free(s->checks.list[i].engagement);
	}
	free(s->checks.list);
	counts_free(s->cleaning.by_zone, s->cleaning.n_zones);
	counts_free(s->actions.by_source, s->actions.n_source);
	counts_free(s->actions.by_engagement, s->actions.n_engagement);
	free(s->annual.approved_by);
	free(s->annual.approved_on);
	free(s->annual.text);
	for (size_t i = 0; i < s->annual.n_objectives; i++)
		free(s->annual.objectives[i]);
	free(s->annual.objectives);
	memset(s, 0, sizeof(*s));
}

/* Periods of a catalogue periodicity in `year` that ended on or before
 * as-of. */
static unsigned
expected_periods(const review *r, const char *periodicity, int year)
{
	cal_day dec31 = cal_from_ymd(year, 12, 31);
	unsigned n = 0;

	if (strcmp(periodicity, "year") == 0)
		return dec31 <= r->as_of;
	for (int m = 1; m <= 12; m++) {
		bool quarter = strcmp(periodicity, "quarter") == 0;
		if (quarter && m % 3 != 0)
			continue;
		if (cal_from_ymd(year, m, cal_days_in_month(year, m)) <= r->as_of)
			n++;
	}
	return n;
}

/* The period text that closes `year` for a periodicity ("2026-12",
 * "2026-Q4", "2026"): its target is the year's when nothing is reported. */
static void
last_period(const char *periodicity, int year, char *buf, size_t len)
{
	if (strcmp(periodicity, "month") == 0)
		snprintf(buf, len, "%04d-12", year);
	else if (strcmp(periodicity, "quarter") == 0)
		snprintf(buf, len, "%04d-Q4", year);
	else
		snprintf(buf, len, "%04d", year);
}

static void
indicator_init(const review *r, review_indicator *ind, const Qp__CatalogueEntry *e)
{
	char p[16];

	ind->entry = e;
	ind->periods_expected = expected_periods(r, e->periodicity, r->year);
	last_period(e->periodicity, r->year, p, sizeof(p));
	ind->target = steering_target_at(e, p);
	last_period(e->periodicity, r->year - 1, p, sizeof(p));
	ind->prev_target = steering_target_at(e, p);
}

static int
site_init(review *r, review_site *s, const char *site, const char *name)
{
	memset(s, 0, sizeof(*s));
	s->site = strdup(site);
	s->name = strdup(name ? name : "");
	s->indicators = calloc(r->n_indicators ? r->n_indicators : 1, sizeof(*s->indicators));
	if (s->site == NULL || s->name == NULL || s->indicators == NULL)
		return QP_ENOMEM;
	for (size_t i = 0; i < r->n_indicators; i++)
		indicator_init(r, &s->indicators[i], r->central->catalogue[i]);
	return 0;
}

/* --------------------------------------------------------- constructor */

int
review_new(int year, cal_day as_of, Qp__CentralState **central, review **out)
{
	review *r;
	cal_day dec31 = cal_from_ymd(year, 12, 31);
	int e;

	*out = NULL;
	r = calloc(1, sizeof(*r));
	if (r == NULL) {
		codec_free((ProtobufCMessage **)central);
		return QP_ENOMEM;
	}
	r->central = *central;
	*central = NULL;
	r->year = year;
	r->as_of = as_of;
	r->cutoff = as_of < dec31 ? as_of : dec31;
	r->n_indicators = r->central->n_catalogue;
	if ((e = site_init(r, &r->network, "network", "Réseau")) != 0) {
		review_destroy(&r);
		return e;
	}
	*out = r;
	return 0;
}

void
review_destroy(review **rp)
{
	review *r;

	if (rp == NULL || (r = *rp) == NULL)
		return;
	for (size_t i = 0; i < r->n_sites; i++)
		site_free(&r->sites[i]);
	free(r->sites);
	site_free(&r->network);
	site_free(&r->central_site);
	ledger_destroy(&r->central_ledger);
	steering_audits_free(r->audits, r->n_audits);
	steering_campaigns_free(r->campaigns, r->n_campaigns);
	codec_free((ProtobufCMessage **)&r->central_review);
	codec_free((ProtobufCMessage **)&r->central);
	free(r->unreadable);
	free(r);
	*rp = NULL;
}

/* ---------------------------------------------------------- indicators */

void
review_set_campaigns(review *r, Qp__CampaignResult **c, size_t n)
{
	steering_campaigns_free(r->campaigns, r->n_campaigns);
	r->campaigns = c;
	r->n_campaigns = n;
}

const char *
review_campaign_indicator(const char *kind)
{
	if (strcmp(kind, "mystery-calls") == 0)
		return "N7-MYSTERY-CALLS";
	if (strcmp(kind, "satisfaction") == 0)
		return "N12-SATISFACTION";
	return NULL;
}

/* The central campaign result for an indicator, a site and a year. */
static const Qp__CampaignResult *
campaign_for(const review *r, const char *code, const char *site, int year)
{
	for (size_t i = 0; i < r->n_campaigns; i++) {
		const Qp__CampaignResult *c = r->campaigns[i];
		const char *feeds = review_campaign_indicator(c->kind);
		if (feeds != NULL && strcmp(feeds, code) == 0 && strcmp(c->site, site) == 0 &&
		    c->year == (uint32_t)year)
			return c;
	}
	return NULL;
}

/* Adds one period's value, judged by the target in force for it. */
static void
add_period(review_indicator *ind, bool previous, const char *period,
           uint64_t num, uint64_t den)
{
	double t = steering_target_at(ind->entry, period);
	uint64_t *n = previous ? &ind->prev_numerator : &ind->numerator;
	uint64_t *d = previous ? &ind->prev_denominator : &ind->denominator;
	unsigned *p = previous ? &ind->prev_periods : &ind->periods;
	double *td = previous ? &ind->prev_target_den : &ind->target_den;
	double *target = previous ? &ind->prev_target : &ind->target;
	bool *varies = previous ? &ind->prev_target_varies : &ind->target_varies;

	if (*p > 0 && t != *target)
		*varies = true;
	if (*p == 0)
		*target = t;
	*n += num;
	*d += den;
	*td += (double)den * t;
	(*p)++;
	if (*varies && *d > 0)
		*target = *td / (double)*d;
}

static void
compute_indicators(review *r, review_site *s, ledger *l)
{
	const Qp__Event *const *evs;
	size_t n = ledger_view(l, LEDGER_INDICATORS, &evs);

	for (size_t k = 0; k < r->n_indicators; k++) {
		review_indicator *ind = &s->indicators[k];
		ind->central = campaign_for(r, ind->entry->code, s->site, r->year) != NULL;
		ind->prev_central = campaign_for(r, ind->entry->code, s->site, r->year - 1) != NULL;
	}
	for (size_t i = 0; i < n; i++) {
		const Qp__IndicatorValue *v = evs[i]->indicator;
		cal_period p;
		review_indicator *ind = NULL;

		if (cal_parse_period(v->period, &p) != 0)
			continue;
		for (size_t k = 0; k < r->n_indicators; k++) {
			if (strcmp(s->indicators[k].entry->code, v->code) == 0) {
				ind = &s->indicators[k];
				break;
			}
		}
		/* A code that left the catalogue has no target: not reviewed. */
		if (ind == NULL)
			continue;
		if (p.year == r->year && !ind->central)
			add_period(ind, false, v->period, v->numerator, v->denominator);
		else if (p.year == r->year - 1 && !ind->prev_central)
			add_period(ind, true, v->period, v->numerator, v->denominator);
	}
	/* A campaign result stands for the whole year. */
	for (size_t k = 0; k < r->n_indicators; k++) {
		review_indicator *ind = &s->indicators[k];
		const Qp__CampaignResult *c;
		char period[16];
		if ((c = campaign_for(r, ind->entry->code, s->site, r->year)) != NULL) {
			snprintf(period, sizeof(period), "%04d", r->year);
			add_period(ind, false, period, c->passed, c->total);
			ind->periods = ind->periods_expected > 1 ? ind->periods_expected : 1;
		}
		if ((c = campaign_for(r, ind->entry->code, s->site, r->year - 1)) != NULL) {
			snprintf(period, sizeof(period), "%04d", r->year - 1);
			add_period(ind, true, period, c->passed, c->total);
		}
	}
}

/* The site's score: every indicator expected or reported counts. */
static void
compute_score(review *r, review_site *s)
{
	for (size_t k = 0; k < r->n_indicators; k++) {
		const review_indicator *ind = &s->indicators[k];
		int met = review_met(ind, false);
		if (ind->periods_expected == 0 && ind->periods == 0)
			continue;
		s->score.expected++;
		if (met == 1)
			s->score.met++;
		else if (met == 0)
			s->score.missed++;
		else
			s->score.not_reported++;
		if (ind->periods < ind->periods_expected)
			s->score.incomplete++;
	}
}

/* -------------------------------------------------------------- checks */

static int
periodicity_index(const char *p)
{
	return domain_find(domain_periodicities, DOMAIN_PERIODICITIES, p);
}

static void
window_seen(cal_day first, cal_day last, unsigned runs, void *ctx)
{
	review_check_counts *c = ctx;

	(void)first;
	(void)last;
	c->due++;
	if (runs > 0)
		c->done++;
}

static void
counts_add(review_check_counts *to, const review_check_counts *c)
{
	to->checks += c->checks;
	to->due += c->due;
	to->done += c->done;
	to->runs_ko += c->runs_ko;
}

static int
compute_checks(review *r, review_site *s, ledger *l)
{
	const Qp__Event *const *defs, *const *runs;
	size_t ndefs = ledger_view(l, LEDGER_CHECKS, &defs);
	size_t nruns = ledger_view(l, LEDGER_CHECK_RUNS, &runs);
	cal_day jan1 = cal_from_ymd(r->year, 1, 1);
	int e;

	if (defs == NULL || runs == NULL)
		return QP_ENOMEM;
	s->checks.list = calloc(ndefs ? ndefs : 1, sizeof(*s->checks.list));
	if (s->checks.list == NULL)
		return QP_ENOMEM;
	for (size_t i = 0; i < ndefs; i++) {
		const Qp__CheckDefinition *d = defs[i]->check_definition;
		review_check *c = &s->checks.list[s->checks.n];
		int per = periodicity_index(d->periodicity);
		cal_day since, from;

		if (!d->active || per < 0 || cal_parse_date(d->since, &since) != 0)
			continue;
		c->id = strdup(d->id);
		c->label = strdup(d->label);
		c->engagement = strdup(d->engagement);
		s->checks.n++;
		if (c->id == NULL || c->label == NULL || c->engagement == NULL)
			return QP_ENOMEM;
		c->periodicity = per;
		memcpy(c->since, d->since, 11);
		c->since[10] = '\0';
		c->c.checks = 1;
		if ((e = ledger_check_windows(l, defs[i], r->year, r->as_of, window_seen, &c->c)) != 0)
			return e;
		from = since > jan1 ? since : jan1;
		for (size_t k = 0; k < nruns; k++) {
			const Qp__CheckRun *run = runs[k]->check_run;
			cal_day day;
			if (strcmp(run->result, "ko") != 0 || strcmp(run->check_id, d->id) != 0 ||
			    cal_parse_date(run->date, &day) != 0)
				continue;
			if (day >= from && day <= r->cutoff)
				c->c.runs_ko++;
		}
		counts_add(&s->checks.total, &c->c);
		counts_add(&s->checks.by_periodicity[per], &c->c);
	}
	return 0;
}

/* ------------------------------------------------------------ cleaning */

static int
compute_cleaning(review *r, review_site *s, ledger *l)
{
	const Qp__Event *const *evs;
	size_t n = ledger_view(l, LEDGER_SIGNOFFS, &evs);
	cal_day jan1 = cal_from_ymd(r->year, 1, 1);
	size_t ndays = r->cutoff >= jan1 ? (size_t)(r->cutoff - jan1 + 1) : 0;
	bool *toilet = calloc(ndays ? ndays : 1, sizeof(*toilet));
	int e = 0;

	if (toilet == NULL || evs == NULL) {
		free(toilet);
		return QP_ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		const Qp__CleaningSignoff *so = evs[i]->cleaning_signoff;
		int64_t ms;
		cal_day day;

		if (cal_parse_datetime(so->at, &ms) != 0)
			continue;
		day = cal_paris_day(ms);
		if (day < jan1 || day > r->cutoff)
			continue;
		s->cleaning.signoffs++;
		if ((e = count_add(&s->cleaning.by_zone, &s->cleaning.n_zones, so->zone, 1,
		                   NULL, 0)) != 0)
			goto out;
		/* The sign-off says whether its zone is a toilet zone
		 * (`sanitaire = oui` at the site); events recorded before it did
		 * count by the old rule, the zone name "sanitaires". */
		if (so->toilet != QP__ZONE_TOILET__ZONE_TOILET_UNKNOWN
		            ? so->toilet == QP__ZONE_TOILET__ZONE_TOILET_YES
		            : strcmp(so->zone, DOMAIN_TOILET_ZONE) == 0)
			toilet[day - jan1] = true;
	}
	for (size_t d = 0; d < ndays; d++) {
		if (!cal_is_opening_day(jan1 + (cal_day)d))
			continue;
		s->cleaning.opening_days++;
		if (!toilet[d])
			s->cleaning.days_without_toilet_signoff++;
	}
	n = ledger_view(l, LEDGER_EVALUATIONS, &evs);
	for (size_t i = 0; i < n; i++) {
		const Qp__CleaningEvaluation *ev = evs[i]->cleaning_evaluation;
		cal_period p;
		double sum = 0;

		if (cal_parse_period(ev->quarter, &p) != 0 || p.kind != CAL_QUARTER ||
		    p.year != r->year || ev->n_scores == 0)
			continue;
		for (size_t z = 0; z < ev->n_scores; z++)
			sum += ev->scores[z]->score;
		s->cleaning.evaluated[p.index - 1] = true;
		s->cleaning.score[p.index - 1] = sum / (double)ev->n_scores;
	}
out:
	free(toilet);
	return e;
}

/* ------------------------------------------------------------- actions */

static int
cmp_action_seq(const void *pa, const void *pb)
{
	const Qp__Event *a = *(const Qp__Event *const *)pa;
	const Qp__Event *b = *(const Qp__Event *const *)pb;
	unsigned long x = strtoul(a->action->id + 2, NULL, 10);
	unsigned long y = strtoul(b->action->id + 2, NULL, 10);
	int c = x < y ? -1 : x > y;

	if (c == 0)
		c = strcmp(a->action->id, b->action->id);
	if (c == 0)
		c = a->seq < b->seq ? -1 : a->seq > b->seq;
	return c;
}

/*
 * One action's history: its non-voided events in seq order, the last one
 * being the latest version.
 */
struct history {
	const Qp__Event *const *ev;
	size_t n;
	cal_day opened_on;
};

/* The status date of a version; an empty one means the opening day. */
static bool
status_day(const struct history *h, const Qp__Action *a, cal_day *out)
{
	if (a->status_date[0] == '\0') {
		*out = h->opened_on;
		return true;
	}
	return cal_parse_date(a->status_date, out) == 0;
}

/*
 * The version whose status was in force on `day`: the latest (highest seq)
 * one with a status date on or before it, or NULL.
 */
static const Qp__Action *
status_at(const struct history *h, cal_day day)
{
	for (size_t i = h->n; i-- > 0;) {
		const Qp__Action *a = h->ev[i]->action;
		cal_day sd;
		if (status_day(h, a, &sd) && sd <= day)
			return a;
	}
	return NULL;
}

static bool
is_closed(const Qp__Action *a)
{
	return a != NULL && (strcmp(a->status, "done") == 0 || strcmp(a->status, "dropped") == 0);
}

static bool
open_at(const struct history *h, cal_day day)
{
	return h->opened_on <= day && !is_closed(status_at(h, day));
}

/* The due date as the action stood on `day` (latest version recorded with
 * a business date on or before it; the latest version if none). */
static const char *
due_at(const struct history *h, cal_day day)
{
	for (size_t i = h->n; i-- > 0;) {
		cal_day bd;
		if (cal_parse_date(h->ev[i]->business_date, &bd) == 0 && bd <= day)
			return h->ev[i]->action->due;
	}
	return h->ev[h->n - 1]->action->due;
}

/* Closed on or before `day` with the closing status dated in [first, day]. */
static bool
closed_within(const struct history *h, cal_day first, cal_day day)
{
	const Qp__Action *a = status_at(h, day);
	cal_day sd;

	return is_closed(a) && status_day(h, a, &sd) && sd >= first && sd <= day;
}

static int
action_figures(review *r, review_site *s, const struct history *h)
{
	review_actions *a = &s->actions;
	const Qp__Action *latest = h->ev[h->n - 1]->action;
	cal_day jan1 = cal_from_ymd(r->year, 1, 1), dec31 = cal_from_ymd(r->year, 12, 31);
	int e;

	if (h->opened_on >= jan1 && h->opened_on <= dec31) {
		a->opened++;
		a->q_opened[quarter_of(h->opened_on)]++;
		if ((e = count_add(&a->by_source, &a->n_source, latest->source, 1, NULL, 0)) != 0 ||
		    (e = count_add(&a->by_engagement, &a->n_engagement, latest->engagement, 1,
		                      domain_engagements, DOMAIN_ENGAGEMENTS)) != 0)
			return e;
	}
	if (closed_within(h, jan1, dec31))
		a->closed++;
	if (open_at(h, r->cutoff)) {
		const char *due = due_at(h, r->cutoff);
		cal_day dd;
		a->open++;
		if (due[0] != '\0' && cal_parse_date(due, &dd) == 0 && dd < r->cutoff)
			a->overdue++;
	}
	for (int q = 0; q < REVIEW_QUARTERS; q++) {
		cal_day qfirst = cal_from_ymd(r->year, 3 * q + 1, 1);
		cal_day qlast = cal_from_ymd(r->year, 3 * q + 3, q == 0 || q == 3 ? 31 : 30);
		if (closed_within(h, qfirst, qlast))
			a->q_closed[q]++;
		if (qfirst <= r->as_of && open_at(h, qlast < r->as_of ? qlast : r->as_of))
			a->q_open[q]++;
	}
	return 0;
}

static int
compute_actions(review *r, review_site *s, ledger *l)
{
	const Qp__Event *const *evs, **hist = NULL;
	size_t n, nh = 0;
	uint64_t last = ledger_last_seq(l);
	int e = 0;

	for (int q = 0; q < REVIEW_QUARTERS; q++)
		s->actions.q_open_known[q] = cal_from_ymd(r->year, 3 * q + 1, 1) <= r->as_of;
	/* Every non-voided action event: the status history of each action. */
	n = ledger_view(l, LEDGER_ACTIONS, &evs);
	if (n > 0) {
		size_t cap = 0;
		for (uint64_t seq = 1; seq <= last; seq++) {
			const Qp__Event *ev = ledger_find(l, seq);
			if (ev == NULL || ev->body_case != QP__EVENT__BODY_ACTION ||
			    ledger_voided(l, seq) ||
			    !(domain_action_id_valid(ev->action->id) ||
			      steering_action_id_valid(ev->action->id)))
				continue;
			if (nh == cap) {
				size_t nc = cap ? cap * 2 : 64;
				const Qp__Event **nb = realloc(hist, nc * sizeof(*nb));
				if (nb == NULL) {
					e = QP_ENOMEM;
					goto out;
				}
				hist = nb;
				cap = nc;
			}
			hist[nh++] = ev;
		}
		qsort(hist, nh, sizeof(*hist), cmp_action_seq);
	}
	for (size_t i = 0; i < nh;) {
		struct history h = { .ev = &hist[i], .n = 1 };
		while (i + h.n < nh && strcmp(hist[i + h.n]->action->id, hist[i]->action->id) == 0)
			h.n++;
		i += h.n;
		if (cal_parse_date(h.ev[h.n - 1]->action->opened_on, &h.opened_on) != 0)
			continue;
		if ((e = action_figures(r, s, &h)) != 0)
			goto out;
	}
	n = ledger_view(l, LEDGER_ACTION_REVIEWS, &evs);
	for (size_t i = 0; i < n; i++) {
		cal_day day;
		if (cal_parse_date(evs[i]->action_review->date, &day) == 0 && year_of(day) == r->year)
			s->actions.reviewed[quarter_of(day)] = true;
	}
	for (int q = 0; q < REVIEW_QUARTERS; q++)
		s->actions.quarters_reviewed += s->actions.reviewed[q];
out:
	free(hist);
	return e;
}

/* ------------------------------------------------------- annual review */

/* The list items ("- " or "* ") of the section `name` of a Markdown text. */
static int
section_items(const char *md, const char *name, char ***out, size_t *n)
{
	bool in = false;

	for (const char *p = md; p != NULL && *p;) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		bool found[STEERING_SECTIONS];
		char line[512];

		if (len >= sizeof(line))
			len = sizeof(line) - 1;
		memcpy(line, p, len);
		line[len] = '\0';
		if (len > 0 && line[len - 1] == '\r')
			line[--len] = '\0';
		if (line[0] == '#') {
			steering_review_sections(line, found);
			in = false;
			for (int k = 0; k < STEERING_SECTIONS; k++)
				if (found[k] && strcmp(steering_sections[k], name) == 0)
					in = true;
		} else if (in && (strncmp(line, "- ", 2) == 0 || strncmp(line, "* ", 2) == 0)) {
			const char *item = line + 2;
			char **nv;
			while (*item == ' ')
				item++;
			/* The template's placeholder is not an objective. */
			if (*item != '\0' && strcmp(item, "…") != 0 && strcmp(item, "...") != 0) {
				nv = realloc(*out, (*n + 1) * sizeof(*nv));
				if (nv == NULL)
					return QP_ENOMEM;
				*out = nv;
				if ((nv[*n] = strdup(item)) == NULL)
					return QP_ENOMEM;
				(*n)++;
			}
		}
		p = eol ? eol + 1 : NULL;
	}
	return 0;
}

static int
compute_annual(review *r, review_site *s, ledger *l)
{
	const Qp__Event *const *evs;
	size_t n = ledger_view(l, LEDGER_ANNUAL_REVIEWS, &evs);

	for (size_t i = 0; i < n; i++) {
		const Qp__AnnualReview *a = evs[i]->annual_review;
		if (a->year != (uint32_t)r->year)
			continue;
		s->annual.submitted = true;
		s->annual.approved_by = dup_or_null(a->approved_by);
		s->annual.approved_on = dup_or_null(a->approved_on);
		s->annual.text = dup_or_null(a->text);
		if ((a->approved_by[0] && s->annual.approved_by == NULL) ||
		    (a->approved_on[0] && s->annual.approved_on == NULL) ||
		    (a->text[0] && s->annual.text == NULL))
			return QP_ENOMEM;
		s->annual.approved = s->annual.approved_by != NULL && s->annual.approved_on != NULL;
		steering_review_sections(a->text, s->annual.sections);
		return section_items(a->text, "Objectifs", &s->annual.objectives,
		                     &s->annual.n_objectives);
	}
	return 0;
}

/* --------------------------------------------------------------- sites */

int
review_add_site(review *r, const char *site, const char *name, bool revoked,
                ledger *l)
{
	review_site *s;
	int e;

	if (r->n_sites == r->cap_sites) {
		size_t nc = r->cap_sites ? r->cap_sites * 2 : 32;
		review_site *ns = realloc(r->sites, nc * sizeof(*ns));
		if (ns == NULL)
			return QP_ENOMEM;
		r->sites = ns;
		r->cap_sites = nc;
	}
	s = &r->sites[r->n_sites];
	e = site_init(r, s, site, name);
	/* Counted from here so that destroy frees a half-built site too. */
	r->n_sites++;
	if (e != 0)
		return e;
	s->revoked = revoked;
	s->events = ledger_count(l);
	compute_indicators(r, s, l);
	compute_score(r, s);
	if ((e = compute_checks(r, s, l)) != 0 || (e = compute_cleaning(r, s, l)) != 0 ||
	    (e = compute_actions(r, s, l)) != 0 || (e = compute_annual(r, s, l)) != 0)
		return e;
	return 0;
}

int
review_finish(review *r)
{
	review_site *net = &r->network;
	unsigned evaluated[REVIEW_QUARTERS] = { 0 };
	double sum[REVIEW_QUARTERS] = { 0 };
	cal_day jan1 = cal_from_ymd(r->year, 1, 1);
	int e;

	net->cleaning.opening_days = (unsigned)cal_count_opening_days(jan1, r->cutoff);
	for (int q = 0; q < REVIEW_QUARTERS; q++)
		net->actions.q_open_known[q] = cal_from_ymd(r->year, 3 * q + 1, 1) <= r->as_of;
	for (size_t i = 0; i < r->n_sites; i++) {
		const review_site *s = &r->sites[i];
		bool any = false;

		for (size_t k = 0; k < r->n_indicators; k++) {
			review_indicator *to = &net->indicators[k];
			const review_indicator *from = &s->indicators[k];
			/* The network is judged by the sites' periods' targets. */
			if (from->periods > 0) {
				if (to->periods > 0 && (from->target_varies || from->target != to->target))
					to->target_varies = true;
				if (to->periods == 0)
					to->target = from->target;
				to->target_den += from->target_den;
			}
			if (from->prev_periods > 0) {
				if (to->prev_periods > 0 &&
				    (from->prev_target_varies || from->prev_target != to->prev_target))
					to->prev_target_varies = true;
				if (to->prev_periods == 0)
					to->prev_target = from->prev_target;
				to->prev_target_den += from->prev_target_den;
			}
			to->numerator += from->numerator;
			to->denominator += from->denominator;
			to->periods += from->periods;
			to->prev_numerator += from->prev_numerator;
			to->prev_denominator += from->prev_denominator;
			to->prev_periods += from->prev_periods;
			to->sites_met += review_met(from, false) == 1;
			to->sites_reporting += from->periods > 0;
		}
		counts_add(&net->checks.total, &s->checks.total);
		for (int p = 0; p < REVIEW_PERIODICITIES; p++)
			counts_add(&net->checks.by_periodicity[p], &s->checks.by_periodicity[p]);
		net->cleaning.signoffs += s->cleaning.signoffs;
		net->cleaning.days_without_toilet_signoff += s->cleaning.days_without_toilet_signoff;
		for (size_t z = 0; z < s->cleaning.n_zones; z++)
			if ((e = count_add(&net->cleaning.by_zone, &net->cleaning.n_zones,
			                   s->cleaning.by_zone[z].key, s->cleaning.by_zone[z].n,
			                   NULL, 0)) != 0)
				return e;
		for (int q = 0; q < REVIEW_QUARTERS; q++) {
			if (s->cleaning.evaluated[q]) {
				evaluated[q]++;
				sum[q] += s->cleaning.score[q];
				any = true;
			}
			net->actions.q_opened[q] += s->actions.q_opened[q];
			net->actions.q_closed[q] += s->actions.q_closed[q];
			net->actions.q_open[q] += s->actions.q_open[q];
		}
		net->cleaning.sites_evaluated += any;
		net->actions.opened += s->actions.opened;
		net->actions.closed += s->actions.closed;
		net->actions.open += s->actions.open;
		net->actions.overdue += s->actions.overdue;
		net->actions.quarters_reviewed += s->actions.quarters_reviewed;
		for (size_t k = 0; k < s->actions.n_source; k++)
			if ((e = count_add(&net->actions.by_source, &net->actions.n_source,
			                   s->actions.by_source[k].key, s->actions.by_source[k].n,
			                   NULL, 0)) != 0)
				return e;
		for (size_t k = 0; k < s->actions.n_engagement; k++)
			if ((e = count_add(&net->actions.by_engagement, &net->actions.n_engagement,
			                   s->actions.by_engagement[k].key,
			                   s->actions.by_engagement[k].n,
			                   domain_engagements, DOMAIN_ENGAGEMENTS)) != 0)
				return e;
		net->sites_submitted += s->annual.submitted;
		net->sites_approved += s->annual.approved;
		net->sites_all_met += s->score.expected > 0 && s->score.met == s->score.expected;
		net->score.expected += s->score.expected;
		net->score.met += s->score.met;
		net->score.missed += s->score.missed;
		net->score.not_reported += s->score.not_reported;
		net->score.incomplete += s->score.incomplete;
	}
	for (size_t k = 0; k < r->n_indicators; k++) {
		review_indicator *ind = &net->indicators[k];
		if (ind->target_varies && ind->denominator > 0)
			ind->target = ind->target_den / (double)ind->denominator;
		if (ind->prev_target_varies && ind->prev_denominator > 0)
			ind->prev_target = ind->prev_target_den / (double)ind->prev_denominator;
		ind->periods_expected *= (unsigned)r->n_sites;
	}
	/* Network quarter score: mean over the sites that evaluated it. */
	for (int q = 0; q < REVIEW_QUARTERS; q++) {
		net->cleaning.evaluated[q] = evaluated[q] > 0;
		net->cleaning.score[q] = evaluated[q] ? sum[q] / evaluated[q] : 0;
	}
	return 0;
}

/* -------------------------------------------------------------- loading */

int
review_load_central(store_txn *txn, review *r)
{
	Qp__CampaignResult **c = NULL, **prev = NULL, **all;
	size_t nc = 0, np = 0;
	int e;

	if ((e = steering_campaigns(txn, r->year, &c, &nc)) != 0 ||
	    (e = steering_campaigns(txn, r->year - 1, &prev, &np)) != 0)
		goto out;
	all = realloc(c, (nc + np + 1) * sizeof(*all));
	if (all == NULL) {
		e = QP_ENOMEM;
		goto out;
	}
	c = NULL;
	if (np > 0)
		memcpy(all + nc, prev, np * sizeof(*all));
	free(prev);
	prev = NULL;
	review_set_campaigns(r, all, nc + np);
	nc = np = 0;
	if ((e = steering_audits(txn, r->year, &r->audits, &r->n_audits)) != 0)
		goto out;
	e = steering_central_review_get(txn, (unsigned)r->year, &r->central_review);
	if (e != 0 && e != QP_ENOTFOUND)
		goto out;
	if ((e = steering_ledger(txn, &r->central_ledger)) != 0)
		goto out;
	site_free(&r->central_site);
	if ((e = site_init(r, &r->central_site, STEERING_SITE, "Services centraux")) != 0)
		goto out;
	e = compute_actions(r, &r->central_site, r->central_ledger);
out:
	steering_campaigns_free(c, nc);
	steering_campaigns_free(prev, np);
	return e;
}

int
review_unreadable_add(review *r, const char *site, uint64_t seq)
{
	review_unreadable *p = realloc(r->unreadable, (r->n_unreadable + 1) * sizeof(*p));

	if (p == NULL)
		return QP_ENOMEM;
	r->unreadable = p;
	snprintf(p[r->n_unreadable].site, sizeof(p[r->n_unreadable].site), "%s", site);
	p[r->n_unreadable++].seq = seq;
	return 0;
}

int
review_load(store_txn *txn, int year, cal_day as_of, review **out)
{
	Qp__CentralState *central = NULL;
	Qp__SiteRecord **sites = NULL;
	size_t n = 0;
	review *r = NULL;
	int e;

	*out = NULL;
	if ((e = cstore_central_get(txn, &central)) != 0)
		return e;
	if ((e = review_new(year, as_of, &central, &r)) != 0)
		return e;
	if ((e = review_load_central(txn, r)) != 0)
		goto out;
	if ((e = cstore_sites(txn, &sites, &n)) != 0)
		goto out;
	for (size_t i = 0; i < n; i++) {
		ledger *l = NULL;
		uint64_t *skipped = NULL;
		size_t nskipped = 0;
		if ((e = cstore_load_ledger(txn, C_EVENTS, sites[i]->site, &l, NULL, &skipped,
		                            &nskipped)) != 0)
			goto out;
		for (size_t j = 0; j < nskipped && e == 0; j++)
			e = review_unreadable_add(r, sites[i]->site, skipped[j]);
		free(skipped);
		if (e != 0) {
			ledger_destroy(&l);
			goto out;
		}
		e = review_add_site(r, sites[i]->site, sites[i]->name, sites[i]->revoked, l);
		ledger_destroy(&l);
		if (e != 0)
			goto out;
	}
	e = review_finish(r);
out:
	cstore_sites_free(sites, n);
	if (e != 0)
		review_destroy(&r);
	*out = r;
	return e;
}
