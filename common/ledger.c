#include "ledger.h"

#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "codec.h"
#include "domain.h"

struct ledger {
	Qp__Event **events;         /* owned, in seq order */
	bool *voided;               /* parallel to events */
	size_t n, cap;
	bool dirty;                 /* views need recomputing */
	const Qp__Event **view[LEDGER_VIEWS];
	size_t nview[LEDGER_VIEWS];
};

int
ledger_new(ledger **out)
{
	*out = calloc(1, sizeof(**out));
	if (*out == NULL)
		return QP_ENOMEM;
	/* Views are built on first use, so that only a failed build is NULL. */
	(*out)->dirty = true;
	return 0;
}

void
ledger_destroy(ledger **lp)
{
	ledger *l;

	if (lp == NULL || (l = *lp) == NULL)
		return;
	for (size_t i = 0; i < l->n; i++)
		codec_event_free(&l->events[i]);
	for (int v = 0; v < LEDGER_VIEWS; v++)
		free(l->view[v]);
	free(l->events);
	free(l->voided);
	free(l);
	*lp = NULL;
}

static ssize_t
index_of(const ledger *l, uint64_t seq)
{
	size_t lo = 0, hi = l->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (l->events[mid]->seq < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < l->n && l->events[lo]->seq == seq ? (ssize_t)lo : -1;
}

int
ledger_add(ledger *l, Qp__Event **evp)
{
	Qp__Event *ev = *evp;

	*evp = NULL;
	if (l->n > 0 && ev->seq <= l->events[l->n - 1]->seq) {
		codec_event_free(&ev);
		return QP_EINVAL;
	}
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		Qp__Event **e = realloc(l->events, cap * sizeof(*e));
		bool *vd;
		if (e == NULL) {
			codec_event_free(&ev);
			return QP_ENOMEM;
		}
		l->events = e;
		vd = realloc(l->voided, cap * sizeof(*vd));
		if (vd == NULL) {
			codec_event_free(&ev);
			return QP_ENOMEM;
		}
		l->voided = vd;
		l->cap = cap;
	}
	l->events[l->n] = ev;
	l->voided[l->n] = false;
	l->n++;
	/* A void of a void is refused by writers; ignore one that arrives. */
	if (ev->body_case == QP__EVENT__BODY_VOID) {
		ssize_t t = index_of(l, ev->void_->seq);
		if (t >= 0 && l->events[t]->body_case != QP__EVENT__BODY_VOID)
			l->voided[t] = true;
	}
	l->dirty = true;
	return 0;
}

size_t
ledger_count(const ledger *l)
{
	return l->n;
}

uint64_t
ledger_last_seq(const ledger *l)
{
	return l->n ? l->events[l->n - 1]->seq : 0;
}

const Qp__Event *
ledger_find(const ledger *l, uint64_t seq)
{
	ssize_t i = index_of(l, seq);

	return i >= 0 ? l->events[i] : NULL;
}

bool
ledger_voided(const ledger *l, uint64_t seq)
{
	ssize_t i = index_of(l, seq);

	return i >= 0 && l->voided[i];
}

static int
view_of(const Qp__Event *ev)
{
	switch (ev->body_case) {
	case QP__EVENT__BODY_INDICATOR: return LEDGER_INDICATORS;
	case QP__EVENT__BODY_CHECK_DEFINITION: return LEDGER_CHECKS;
	case QP__EVENT__BODY_CHECK_RUN: return LEDGER_CHECK_RUNS;
	case QP__EVENT__BODY_CLEANING_SIGNOFF: return LEDGER_SIGNOFFS;
	case QP__EVENT__BODY_CLEANING_EVALUATION: return LEDGER_EVALUATIONS;
	case QP__EVENT__BODY_ACTION: return LEDGER_ACTIONS;
	case QP__EVENT__BODY_ACTION_REVIEW: return LEDGER_ACTION_REVIEWS;
	case QP__EVENT__BODY_ANNUAL_REVIEW: return LEDGER_ANNUAL_REVIEWS;
	default: return -1;
	}
}

static bool
keyed(int view)
{
	return view == LEDGER_INDICATORS || view == LEDGER_CHECKS ||
	       view == LEDGER_EVALUATIONS || view == LEDGER_ACTIONS ||
	       view == LEDGER_ANNUAL_REVIEWS;
}

static unsigned long
action_number(const char *id)
{
	return strtoul(id + 2, NULL, 10);
}

/* Compares the keys of two records of the same keyed view. */
static int
key_cmp(const Qp__Event *a, const Qp__Event *b)
{
	int c = 0;

	switch (a->body_case) {
	case QP__EVENT__BODY_INDICATOR:
		c = strcmp(a->indicator->code, b->indicator->code);
		if (c == 0)
			c = strcmp(a->indicator->period, b->indicator->period);
		break;
	case QP__EVENT__BODY_CHECK_DEFINITION:
		c = strcmp(a->check_definition->id, b->check_definition->id);
		break;
	case QP__EVENT__BODY_CLEANING_EVALUATION:
		c = strcmp(a->cleaning_evaluation->quarter, b->cleaning_evaluation->quarter);
		break;
	case QP__EVENT__BODY_ACTION: {
		unsigned long x = action_number(a->action->id);
		unsigned long y = action_number(b->action->id);
		c = x < y ? -1 : x > y;
		break;
	}
	case QP__EVENT__BODY_ANNUAL_REVIEW:
		c = a->annual_review->year < b->annual_review->year ? -1 :
		    a->annual_review->year > b->annual_review->year;
		break;
	default:
		break;
	}
	return c;
}

/* qsort order of a keyed view: by key, then by seq. */
static int
cmp_key_seq(const void *pa, const void *pb)
{
	const Qp__Event *a = *(const Qp__Event *const *)pa;
	const Qp__Event *b = *(const Qp__Event *const *)pb;
	int c = key_cmp(a, b);

	if (c == 0)
		c = a->seq < b->seq ? -1 : a->seq > b->seq;
	return c;
}

static int
resolve(ledger *l)
{
	size_t count[LEDGER_VIEWS] = { 0 };

	if (!l->dirty)
		return 0;
	for (size_t i = 0; i < l->n; i++) {
		int v = view_of(l->events[i]);
		if (v >= 0 && !l->voided[i])
			count[v]++;
	}
	for (int v = 0; v < LEDGER_VIEWS; v++) {
		free(l->view[v]);
		l->view[v] = malloc((count[v] ? count[v] : 1) * sizeof(*l->view[v]));
		l->nview[v] = 0;
		if (l->view[v] == NULL)
			return QP_ENOMEM;
	}
	for (size_t i = 0; i < l->n; i++) {
		int v = view_of(l->events[i]);
		if (v >= 0 && !l->voided[i])
			l->view[v][l->nview[v]++] = l->events[i];
	}
	for (int v = 0; v < LEDGER_VIEWS; v++) {
		size_t out = 0;
		if (!keyed(v))
			continue;
		qsort(l->view[v], l->nview[v], sizeof(*l->view[v]), cmp_key_seq);
		/* Keep the last (highest seq) entry of each run of equal keys. */
		for (size_t i = 0; i < l->nview[v]; i++) {
			if (i + 1 < l->nview[v] &&
			    key_cmp(l->view[v][i], l->view[v][i + 1]) == 0)
				continue;
			l->view[v][out++] = l->view[v][i];
		}
		l->nview[v] = out;
	}
	l->dirty = false;
	return 0;
}

size_t
ledger_view(ledger *l, enum ledger_view v, const Qp__Event *const **out)
{
	if (resolve(l) != 0) {
		*out = NULL;
		return 0;
	}
	*out = l->view[v];
	return l->nview[v];
}

static const Qp__Event *
find_keyed(ledger *l, enum ledger_view v, const char *id)
{
	const Qp__Event *const *evs;
	size_t n = ledger_view(l, v, &evs);

	for (size_t i = 0; i < n; i++) {
		const char *k = v == LEDGER_CHECKS ? evs[i]->check_definition->id
		                                   : evs[i]->action->id;
		if (strcmp(k, id) == 0)
			return evs[i];
	}
	return NULL;
}

const Qp__Event *
ledger_check(ledger *l, const char *id)
{
	return find_keyed(l, LEDGER_CHECKS, id);
}

const Qp__Event *
ledger_action(ledger *l, const char *id)
{
	return find_keyed(l, LEDGER_ACTIONS, id);
}

int
ledger_check_windows(ledger *l, const Qp__Event *check, int year,
                     cal_day as_of, ledger_window_fn fn, void *ctx)
{
	const Qp__CheckDefinition *def = check->check_definition;
	enum cal_kind kind = domain_periodicity_kind(def->periodicity);
	const Qp__Event *const *runs;
	size_t nruns = ledger_view(l, LEDGER_CHECK_RUNS, &runs);
	cal_day since, first, last, run_day;
	cal_period p;
	unsigned *hits = NULL;
	size_t nwin = 0, cap = 0;
	cal_day *bounds = NULL;
	int err = 0;

	if (runs == NULL)
		return QP_ENOMEM;
	if (cal_parse_date(def->since, &since) != 0)
		return QP_EINVAL;
	if (kind == CAL_WEEK) {
		/* ISO weeks of ISO year `year`: W01 holds the 4th of January. */
		p = cal_period_of(CAL_WEEK, cal_from_ymd(year, 1, 4));
	} else {
		p = cal_period_of(kind, cal_from_ymd(year, 1, 1));
	}
	/* Collect the windows first, then count runs into them. */
	for (;;) {
		if (kind == CAL_WEEK ? p.year != year : false)
			break;
		cal_period_bounds(&p, &first, &last);
		if (kind != CAL_WEEK) {
			int y, m, d;
			cal_to_ymd(first, &y, &m, &d);
			if (y != year)
				break;
		}
		if (last > as_of)
			break;
		if (last >= since && (kind != CAL_DAY || cal_is_opening_day(first))) {
			if (nwin == cap) {
				size_t nc = cap ? cap * 2 : 64;
				cal_day *nb = realloc(bounds, nc * 2 * sizeof(*nb));
				if (nb == NULL) {
					err = QP_ENOMEM;
					goto out;
				}
				bounds = nb;
				cap = nc;
			}
			bounds[2 * nwin] = first;
			bounds[2 * nwin + 1] = last;
			nwin++;
		}
		p = cal_period_next(&p);
	}
	hits = calloc(nwin ? nwin : 1, sizeof(*hits));
	if (hits == NULL) {
		err = QP_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < nruns; i++) {
		const Qp__CheckRun *r = runs[i]->check_run;
		size_t lo = 0, hi = nwin;
		if (strcmp(r->check_id, def->id) != 0 ||
		    cal_parse_date(r->date, &run_day) != 0)
			continue;
		/* Windows are sorted and disjoint: binary search the run's day. */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (bounds[2 * mid + 1] < run_day)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < nwin && bounds[2 * lo] <= run_day)
			hits[lo]++;
	}
	for (size_t i = 0; i < nwin; i++)
		fn(bounds[2 * i], bounds[2 * i + 1], hits[i], ctx);
out:
	free(hits);
	free(bounds);
	return err;
}
