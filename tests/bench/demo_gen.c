/*
 * qp-demo-gen DATA SITE_NO YEAR FIRST_MONTH LAST_MONTH SEED
 *
 * Writes a site's realistic quality records for the months FIRST..LAST of
 * YEAR into an initialised agent, through the agent's own write path
 * (site_append: one durable transaction per month, every event validated),
 * and wakes its daemon. Deterministic for a seed; each site (SITE_NO 0..16)
 * has its own profile, so that sites differ: some miss indicator targets,
 * some skip checks or toilet sign-offs, failed checks and audits open
 * actions, most close them. For the demo and for benchmarks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "domain.h"
#include "site.h"
#include "zones.h"

struct profile {
	double rate[9];          /* indicator success rate per catalogue entry */
	double check_done;       /* probability a check window gets its run */
	double toilet;           /* probability of the daily toilet sign-off */
	double ko;               /* probability a run fails */
	int clean_base;          /* cleaning scores around this */
	double review_quarter;   /* probability of the quarterly action review */
};

struct gen {
	site *s;
	int site_no, year, month;
	unsigned long seed, rng;
	ledger *l;               /* the site's state before this month */
	struct profile p;
	zones zs;                /* the site's zones (zones.ini, else the defaults) */
	uint64_t next_action;    /* mirror of meta next_action, within the txn */
	char err[256];
	unsigned written;        /* in the month being written */
	/* Open actions this site still has to close: id and due day. */
	struct { char id[16]; cal_day close_on; char status[8]; char title[96];
	         char engagement[8]; char source[24]; char due[11]; char opened[11]; } open[64];
	int nopen;
};

static unsigned long
rnd(struct gen *g)
{
	g->rng ^= g->rng << 13;
	g->rng ^= g->rng >> 7;
	g->rng ^= g->rng << 17;
	return g->rng;
}

static double
unit(struct gen *g)
{
	return (double)(rnd(g) % 1000000) / 1000000.0;
}

static void
make_profile(struct gen *g)
{
	int n = g->site_no;

	const domain_indicator *cat;
	size_t ncat;

	cat = domain_default_catalogue(&ncat);
	/* Most sites keep their commitments, a little above the target... */
	for (size_t i = 0; i < ncat && i < 9; i++) {
		double r = cat[i].target + 0.015 + 0.05 * unit(g);
		g->p.rate[i] = r > 0.995 ? 0.995 : r;
	}
	/* ...and a few have trouble: telephone, written replies, social work. */
	if (n % 5 == 1)
		g->p.rate[0] = 0.70 + 0.06 * unit(g);      /* N7 calls */
	if (n % 6 == 2)
		g->p.rate[1] = 0.86 + 0.05 * unit(g);      /* N9 replies */
	if (n % 7 == 3)
		g->p.rate[4] = 0.78 + 0.06 * unit(g);      /* S2 first interview */
	g->p.check_done = n % 4 == 0 ? 0.78 : 0.97;
	g->p.toilet = n % 8 == 5 ? 0.86 : 0.995;
	g->p.ko = 0.03;
	g->p.clean_base = 70 + (int)(rnd(g) % 20);
	g->p.review_quarter = n % 9 == 4 ? 0.5 : 1.0;
}

static int
append(struct gen *g, store_txn *txn, Qp__Event *ev, const char *author,
       const char *date)
{
	uint64_t seq;
	int e;

	ev->author = (char *)author;
	ev->business_date = (char *)date;
	ev->recorded_at_ms = site_now_ms();
	e = site_append(g->s, txn, ev, &seq, g->err, sizeof(g->err));
	if (e == 0)
		g->written++;
	return e;
}

static int
indicator(struct gen *g, store_txn *txn, int idx, const domain_indicator *c,
          const char *period, cal_day day)
{
	Qp__Event ev = QP__EVENT__INIT;
	Qp__IndicatorValue iv = QP__INDICATOR_VALUE__INIT;
	char date[11];
	double r = g->p.rate[idx] + 0.04 * (unit(g) - 0.5);
	uint64_t den = strcmp(c->periodicity, "year") == 0 ? 20 :
	               strcmp(c->periodicity, "quarter") == 0 ? 150 + rnd(g) % 150 :
	               idx == 0 ? 900 + rnd(g) % 600 : 40 + rnd(g) % 120;

	if (r > 1)
		r = 1;
	iv.code = (char *)c->code;
	iv.period = (char *)period;
	iv.denominator = den;
	iv.numerator = (uint64_t)(r * (double)den + 0.5);
	if (iv.numerator > den)
		iv.numerator = den;
	iv.comment = (char *)"";
	ev.body_case = QP__EVENT__BODY_INDICATOR;
	ev.indicator = &iv;
	return append(g, txn, &ev, "DAA", cal_format_date(day, date));
}

/*
 * When an action gets closed: most within a month or so, a few never.
 * Derived from its id, so that a later run of the generator, which knows
 * only the store, finds the same day.
 */
static cal_day
close_day(const struct gen *g, const char *id, cal_day opened)
{
	unsigned long h = g->seed * 31 + (unsigned long)g->site_no;

	for (const char *c = id; *c; c++)
		h = h * 131 + (unsigned char)*c;
	h ^= h >> 13;
	h *= 2654435761UL;
	h ^= h >> 16;
	return h % 100 < 85 ? opened + 5 + (cal_day)(h % 40) : -1;
}

/* The actions still open at the start of the month, from the store. */
static void
load_open(struct gen *g)
{
	const Qp__Event *const *evs;
	size_t n = ledger_view(g->l, LEDGER_ACTIONS, &evs);

	g->nopen = 0;
	for (size_t i = 0; i < n && g->nopen < 64; i++) {
		const Qp__Action *a = evs[i]->action;
		cal_day opened;
		int k;
		if (strcmp(a->status, "todo") != 0 && strcmp(a->status, "doing") != 0)
			continue;
		if (cal_parse_date(a->opened_on, &opened) != 0)
			continue;
		k = g->nopen++;
		snprintf(g->open[k].id, sizeof(g->open[k].id), "%s", a->id);
		g->open[k].close_on = close_day(g, a->id, opened);
		snprintf(g->open[k].title, sizeof(g->open[k].title), "%s", a->title);
		snprintf(g->open[k].engagement, sizeof(g->open[k].engagement), "%s", a->engagement);
		snprintf(g->open[k].source, sizeof(g->open[k].source), "%s", a->source);
		snprintf(g->open[k].due, sizeof(g->open[k].due), "%s", a->due);
		snprintf(g->open[k].opened, sizeof(g->open[k].opened), "%s", a->opened_on);
	}
}

static int
open_action(struct gen *g, store_txn *txn, const char *title, const char *engagement,
            const char *source, cal_day day)
{
	Qp__Event ev = QP__EVENT__INIT;
	Qp__Action a = QP__ACTION__INIT;
	char id[16], date[11], due[11];
	int e;

	snprintf(id, sizeof(id), "A-%llu", (unsigned long long)g->next_action);
	g->next_action++;
	cal_format_date(day, date);
	cal_format_date(cal_add_opening_days(day, 20), due);
	a.id = id;
	a.title = (char *)title;
	a.engagement = (char *)engagement;
	a.source = (char *)source;
	a.owner = (char *)"DAA";
	a.due = due;
	a.status = (char *)"todo";
	a.status_date = date;
	a.opened_on = date;
	a.note = (char *)"";
	ev.body_case = QP__EVENT__BODY_ACTION;
	ev.action = &a;
	if ((e = append(g, txn, &ev, "DAA", date)) != 0)
		return e;
	if (g->nopen < 64) {
		int k = g->nopen++;
		snprintf(g->open[k].id, sizeof(g->open[k].id), "%s", id);
		g->open[k].close_on = close_day(g, id, day);
		snprintf(g->open[k].title, sizeof(g->open[k].title), "%s", title);
		snprintf(g->open[k].engagement, sizeof(g->open[k].engagement), "%s", engagement);
		snprintf(g->open[k].source, sizeof(g->open[k].source), "%s", source);
		snprintf(g->open[k].due, sizeof(g->open[k].due), "%s", due);
		snprintf(g->open[k].opened, sizeof(g->open[k].opened), "%s", date);
	}
	return 0;
}

static int
close_actions(struct gen *g, store_txn *txn, cal_day day)
{
	for (int k = 0; k < g->nopen; k++) {
		Qp__Event ev = QP__EVENT__INIT;
		Qp__Action a = QP__ACTION__INIT;
		char date[11];
		int e;

		if (g->open[k].close_on < 0 || g->open[k].close_on > day)
			continue;
		cal_format_date(day, date);
		a.id = g->open[k].id;
		a.title = g->open[k].title;
		a.engagement = g->open[k].engagement;
		a.source = g->open[k].source;
		a.owner = (char *)"DAA";
		a.due = g->open[k].due;
		a.status = (char *)(unit(g) < 0.9 ? "done" : "dropped");
		a.status_date = date;
		a.opened_on = g->open[k].opened;
		a.note = (char *)"Action réalisée et vérifiée";
		ev.body_case = QP__EVENT__BODY_ACTION;
		ev.action = &a;
		if ((e = append(g, txn, &ev, "DAA", date)) != 0)
			return e;
		g->open[k] = g->open[--g->nopen];
		k--;
	}
	return 0;
}

static int
check_run(struct gen *g, store_txn *txn, const domain_check *c, cal_day day)
{
	Qp__Event ev = QP__EVENT__INIT;
	Qp__CheckRun r = QP__CHECK_RUN__INIT;
	char date[11], title[96];
	bool ko = unit(g) < g->p.ko;
	int e;

	r.check_id = (char *)c->id;
	r.date = cal_format_date(day, date);
	r.result = (char *)(ko ? "ko" : "ok");
	r.comment = (char *)(ko ? "Constat d'écart" : "");
	ev.body_case = QP__EVENT__BODY_CHECK_RUN;
	ev.check_run = &r;
	if ((e = append(g, txn, &ev, "Agent d'accueil", date)) != 0)
		return e;
	if (ko) {
		snprintf(title, sizeof(title), "Corriger : %s", c->label);
		title[sizeof(title) - 1] = '\0';
		return open_action(g, txn, title, c->engagement, "periodic-check", day);
	}
	return 0;
}

/* A random opening day in [first, last], or -1 if there is none. */
static cal_day
some_opening_day(struct gen *g, cal_day first, cal_day last)
{
	int n = cal_count_opening_days(first, last);

	if (n == 0)
		return -1;
	return cal_add_opening_days(first - 1, 1 + (int)(rnd(g) % (unsigned long)n));
}

static int
month_txn(store_txn *txn, void *arg)
{
	/* The default zones (agent/zones.c): a site's zones.ini may have fewer. */
	static const char *const zone_ids[] = { "sanitaires", "accueil", "bureaux", "salle-attente" };
	struct gen *g = arg;
	const domain_indicator *cat;
	const domain_check *chk;
	size_t ncat, nchk;
	cal_day first = cal_from_ymd(g->year, g->month, 1);
	cal_day last = first + cal_days_in_month(g->year, g->month) - 1;
	char period[32], date[11], at[CAL_TEXT_MAX];
	int e;

	/* Everything from (seed, site, month) and the store: the same month
	 * again (after the map grows) writes the same thing. */
	g->rng = g->seed * 2654435761UL + (unsigned long)g->site_no * 40503UL +
	         (unsigned long)g->month * 97UL + 1;
	g->written = 0;
	load_open(g);
	if ((e = site_meta_get(txn, META_NEXT_ACTION, &g->next_action)) != 0)
		return e;
	if (g->next_action == 0)
		g->next_action = 1;
	cat = domain_default_catalogue(&ncat);
	chk = domain_default_checks(&nchk);

	/* Every opening day: sign-offs, and actions falling due to be closed. */
	for (cal_day d = first; d <= last; d++) {
		if ((e = close_actions(g, txn, d)) != 0)
			return e;
		if (!cal_is_opening_day(d))
			continue;
		for (int z = 0; z < 4; z++) {
			Qp__Event ev = QP__EVENT__INIT;
			Qp__CleaningSignoff so = QP__CLEANING_SIGNOFF__INIT;
			double p = z == 0 ? g->p.toilet : z == 1 ? 0.97 : 0.45;
			/* As the agent's sign-off does (rec_cleaning.c): the zone's
			 * toilet property from the site's zones. */
			const zone *zz = zones_find(&g->zs, zone_ids[z]);
			if (unit(g) >= p || zz == NULL)
				continue;
			so.zone = (char *)zone_ids[z];
			so.at = cal_format_datetime((int64_t)d * 86400000 + (6 * 60 + (int64_t)(rnd(g) % 90)) * 60000, at);
			so.cleaner = (char *)"Société Propreté Paris";
			so.toilet = zz->toilet ? QP__ZONE_TOILET__ZONE_TOILET_YES
			                                     : QP__ZONE_TOILET__ZONE_TOILET_NO;
			ev.body_case = QP__EVENT__BODY_CLEANING_SIGNOFF;
			ev.cleaning_signoff = &so;
			if ((e = append(g, txn, &ev, "Société Propreté Paris", cal_format_date(d, date))) != 0)
				return e;
		}
	}

	/* Checks: a run in each window that ends in this month, mostly. */
	for (size_t i = 0; i < nchk; i++) {
		enum cal_kind k = domain_periodicity_kind(chk[i].periodicity);
		cal_period p = cal_period_of(k, first);
		for (;;) {
			cal_day a, b, day;
			cal_period_bounds(&p, &a, &b);
			if (a > last)
				break;
			if (b <= last && unit(g) < g->p.check_done) {
				day = some_opening_day(g, a < first ? first : a, b);
				if (day >= first && (e = check_run(g, txn, &chk[i], day)) != 0)
					return e;
			}
			p = cal_period_next(&p);
		}
	}

	/* Indicators of the month; quarterly and yearly ones at their end. */
	for (size_t i = 0; i < ncat; i++) {
		cal_day day = cal_add_opening_days(last, 3);
		if (strcmp(cat[i].periodicity, "month") == 0) {
			snprintf(period, sizeof(period), "%04d-%02d", g->year, g->month);
		} else if (strcmp(cat[i].periodicity, "quarter") == 0) {
			if (g->month % 3 != 0)
				continue;
			snprintf(period, sizeof(period), "%04d-Q%d", g->year, g->month / 3);
		} else {
			if (g->month != 12)
				continue;
			snprintf(period, sizeof(period), "%04d", g->year);
		}
		if ((e = indicator(g, txn, (int)i, &cat[i], period, day)) != 0)
			return e;
	}

	/* Quarter ends: cleaning evaluation and the action table analysis. */
	if (g->month % 3 == 0) {
		Qp__Event ev = QP__EVENT__INIT, rev = QP__EVENT__INIT;
		Qp__CleaningEvaluation ce = QP__CLEANING_EVALUATION__INIT;
		Qp__ZoneScore zs[4], *zp[4];
		Qp__ActionReview ar = QP__ACTION_REVIEW__INIT;
		char quarter[32];
		cal_day day = some_opening_day(g, last - 10, last);

		for (int z = 0; z < 4; z++) {
			uint32_t score = (uint32_t)(g->p.clean_base + (int)(rnd(g) % 21) - 10);
			if (zones_find(&g->zs, zone_ids[z]) == NULL)
				continue;
			qp__zone_score__init(&zs[ce.n_scores]);
			zs[ce.n_scores].zone = (char *)zone_ids[z];
			zs[ce.n_scores].score = score > 100 ? 100 : score;
			zp[ce.n_scores] = &zs[ce.n_scores];
			ce.n_scores++;
		}
		snprintf(quarter, sizeof(quarter), "%04d-Q%d", g->year, g->month / 3);
		ce.quarter = quarter;
		ce.scores = zp;
		ce.comment = (char *)"Évaluation trimestrielle par le RAQN";
		ev.body_case = QP__EVENT__BODY_CLEANING_EVALUATION;
		ev.cleaning_evaluation = &ce;
		if ((e = append(g, txn, &ev, "RAQN", cal_format_date(day, date))) != 0)
			return e;
		if (unit(g) < g->p.review_quarter) {
			ar.date = date;
			ar.comment = (char *)"Analyse trimestrielle du tableau de suivi des actions";
			rev.body_case = QP__EVENT__BODY_ACTION_REVIEW;
			rev.action_review = &ar;
			if ((e = append(g, txn, &rev, "DAA", date)) != 0)
				return e;
		}
	}

	/* The site's audit month: findings become actions. */
	if (g->month == 1 + (g->site_no * 5) % 12) {
		static const char *const findings[][2] = {
			{ "Mettre à jour l'affichage des horaires", "N1" },
			{ "Former les agents d'accueil au port du badge", "N2" },
			{ "Réviser la procédure de réponse aux courriels", "N9" },
			{ "Compléter le registre de sécurité", "N3" },
		};
		int nf = 2 + (int)(rnd(g) % 3);
		cal_day day = some_opening_day(g, first + 7, first + 20);
		for (int f = 0; f < nf; f++)
			if ((e = open_action(g, txn, findings[f][0], findings[f][1],
			                     g->year % 2 ? "audit-external" : "audit-internal", day)) != 0)
				return e;
	}
	return site_meta_put(txn, META_NEXT_ACTION, g->next_action);
}

int
main(int argc, char **argv)
{
	struct gen g;
	char err[512];
	unsigned total = 0;
	int first, last, e;

	if (argc != 7) {
		fprintf(stderr, "usage: qp-demo-gen DATA SITE_NO YEAR FIRST_MONTH LAST_MONTH SEED\n");
		return 2;
	}
	memset(&g, 0, sizeof(g));
	g.site_no = atoi(argv[2]);
	g.year = atoi(argv[3]);
	first = atoi(argv[4]);
	last = atoi(argv[5]);
	g.seed = strtoul(argv[6], NULL, 10);
	if (first < 1 || last > 12 || first > last || g.year < 2000) {
		fprintf(stderr, "qp-demo-gen: bad months or year\n");
		return 2;
	}
	if (site_open(argv[1], NULL, false, &g.s, err, sizeof(err)) != 0) {
		fprintf(stderr, "qp-demo-gen: %s\n", err);
		return 1;
	}
	if (zones_load(g.s->data, &g.zs, err, sizeof(err)) != 0) {
		fprintf(stderr, "qp-demo-gen: %s\n", err);
		site_close(&g.s);
		return 1;
	}
	g.rng = g.seed * 7919UL + (unsigned long)g.site_no * 104729UL + 3;
	make_profile(&g);
	for (g.month = first; g.month <= last; g.month++) {
		if ((e = site_ledger(g.s, &g.l)) != 0 ||
		    (e = store_write(g.s->st, month_txn, &g)) != 0) {
			fprintf(stderr, "qp-demo-gen: %s %s\n", qp_strerror(e), g.err);
			ledger_destroy(&g.l);
			site_close(&g.s);
			return 1;
		}
		ledger_destroy(&g.l);
		total += g.written;
		site_wake(g.s);
	}
	printf("%u\n", total);
	site_close(&g.s);
	return 0;
}
