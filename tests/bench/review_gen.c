/*
 * qp-bench-review-gen DATA [SITES [FIRST_YEAR LAST_YEAR [SEED]]]: fills an
 * initialised collector (`qp-collector init`) with realistic records of
 * SITES sites (17: eps-centre, eps-05 ... eps-20) from 1 January of
 * FIRST_YEAR to 31 December of LAST_YEAR (2022..2026), written straight
 * into the store as if they had been synced: site registry, events
 * (contiguous seqs, chronological by recording day) and progress.
 *
 * What a site records, as the agent would (business dates, whole action
 * state per event, corrections and voids):
 *   - the 16 default checks from the first opening day, plus a daily
 *     check on every other site from September of the second year; a run
 *     on a random day of about 93 % of the windows (ok 94 %, ko 4 %, na 2 %);
 *   - 7 monthly indicators on the 5th of the next month, the quarterly
 *     satisfaction rate and the yearly mystery-call rate; 2 % corrected
 *     later, 0.5 % voided;
 *   - cleaning sign-offs on opening days (toilets about 97 %, twice half
 *     the time; reception, offices, waiting room), a quarterly evaluation
 *     of 4 zones (95 %);
 *   - about 25 actions a year going todo -> doing -> done or dropped, some
 *     left open, 80 % with a due date; a quarterly action review (85 %);
 *   - the local annual review mid-December (90 %, approved 80 %).
 * Every event passes domain_event_valid(). Prints what it wrote.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calendar.h"
#include "codec.h"
#include "cstore.h"
#include "domain.h"

#define MAX_CHECKS 20
#define MAX_ACTIONS 4096

static unsigned long rng;

static unsigned long
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* True with probability p/1000. */
static int
chance(unsigned p)
{
	return rnd() % 1000 < p;
}

typedef struct packed {
	uint8_t *buf;
	size_t len;
} packed;

typedef struct gen {
	const char *site;
	uint64_t seq;
	packed *ev;
	size_t n, cap;
	cal_day today;               /* the recording day */
	char err[256];
} gen;

struct check_state {
	char id[48], periodicity[16];
	enum cal_kind kind;
	cal_day since, window_end, run_day;
};

struct action_state {
	unsigned n;
	char title[96], engagement[8], source[32], due[11], opened[11];
	cal_day doing_on, close_on;
	int close_status;            /* 0 done, 1 dropped, 2 stays open */
	int state;                   /* 0 todo, 1 doing, 2 closed */
};

static int
emit(gen *g, Qp__Event *ev)
{
	int e;

	ev->site = (char *)g->site;
	ev->seq = g->seq + 1;
	/* Recorded during the recording day, in the evening at the latest. */
	ev->recorded_at_ms = ((int64_t)g->today * 86400 + 8 * 3600 + (int64_t)(rnd() % 36000)) * 1000;
	if (ev->author == NULL || ev->author[0] == '\0')
		ev->author = (char *)"RAQN";
	if ((e = domain_event_valid(ev, g->err, sizeof(g->err))) != 0)
		return e;
	if (g->n == g->cap) {
		size_t nc = g->cap ? g->cap * 2 : 4096;
		packed *np = realloc(g->ev, nc * sizeof(*np));
		if (np == NULL)
			return QP_ENOMEM;
		g->ev = np;
		g->cap = nc;
	}
	if ((e = codec_pack(&ev->base, &g->ev[g->n].buf, &g->ev[g->n].len)) != 0)
		return e;
	g->n++;
	g->seq++;
	return 0;
}

static int
emit_void(gen *g, uint64_t seq, const char *reason)
{
	Qp__Event ev = QP__EVENT__INIT;
	Qp__Void v = QP__VOID__INIT;
	char date[11];

	v.seq = seq;
	v.reason = (char *)reason;
	ev.business_date = cal_format_date(g->today, date);
	ev.body_case = QP__EVENT__BODY_VOID;
	ev.void_ = &v;
	return emit(g, &ev);
}

static int
emit_check_def(gen *g, const struct check_state *c, const char *label,
               const char *engagement, const char *role)
{
	Qp__Event ev = QP__EVENT__INIT;
	Qp__CheckDefinition d = QP__CHECK_DEFINITION__INIT;
	char since[11];

	d.id = (char *)c->id;
	d.label = (char *)label;
	d.engagement = (char *)engagement;
	d.periodicity = (char *)c->periodicity;
	d.role = (char *)role;
	d.active = true;
	d.since = cal_format_date(c->since, since);
	ev.business_date = since;
	ev.body_case = QP__EVENT__BODY_CHECK_DEFINITION;
	ev.check_definition = &d;
	return emit(g, &ev);
}

static int
emit_indicator(gen *g, const char *code, const char *period, uint64_t den, unsigned pct)
{
	Qp__Event ev = QP__EVENT__INIT;
	Qp__IndicatorValue v = QP__INDICATOR_VALUE__INIT;
	cal_period p;
	cal_day first, last;
	char date[11];
	int spread = (int)(rnd() % 17) - 10;
	int rate = (int)pct + spread;

	if (rate > 100)
		rate = 100;
	if (cal_parse_period(period, &p) != 0)
		return QP_EINVAL;
	cal_period_bounds(&p, &first, &last);
	v.code = (char *)code;
	v.period = (char *)period;
	v.denominator = den;
	v.numerator = den * (uint64_t)rate / 100;
	v.comment = (char *)"";
	ev.business_date = cal_format_date(first, date);
	ev.body_case = QP__EVENT__BODY_INDICATOR;
	ev.indicator = &v;
	return emit(g, &ev);
}

static int
emit_action(gen *g, const struct action_state *a, const char *status, cal_day when)
{
	Qp__Event ev = QP__EVENT__INIT;
	Qp__Action b = QP__ACTION__INIT;
	char id[24], date[11];

	snprintf(id, sizeof(id), "A-%u", a->n);
	b.id = id;
	b.title = (char *)a->title;
	b.engagement = (char *)a->engagement;
	b.source = (char *)a->source;
	b.owner = (char *)"DAA";
	b.due = (char *)a->due;
	b.status = (char *)status;
	b.status_date = cal_format_date(when, date);
	b.note = (char *)"";
	b.opened_on = (char *)a->opened;
	ev.business_date = date;
	ev.body_case = QP__EVENT__BODY_ACTION;
	ev.action = &b;
	return emit(g, &ev);
}

static const char *const sources[] = {
	"audit-internal", "audit-external", "mystery-call", "mystery-visit",
	"satisfaction-survey", "periodic-check", "indicator", "agent-suggestion",
	"user-feedback", "annual-review", "other",
};
static const char *const engagements[] = {
	"N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9", "N10", "N11", "N12",
	"S1", "S2", "S3", "SMQ4", "SMQ6", "SMQ9",
};
static const char *const zones[] = { "sanitaires", "accueil", "bureaux", "attente" };

/* Picks the run day of the window holding `day` (or none, 7 %). */
static void
plan_window(struct check_state *c, cal_day day)
{
	cal_period p = cal_period_of(c->kind, day);
	cal_day first, last, pick;
	int n;

	cal_period_bounds(&p, &first, &last);
	c->window_end = last;
	c->run_day = -1;
	if (c->kind == CAL_DAY || chance(70))
		return;
	/* A random opening day of the window (none in a week of holidays). */
	n = cal_count_opening_days(first, last);
	if (n == 0)
		return;
	pick = cal_add_opening_days(first, (int)(rnd() % (unsigned)n));
	if (pick <= last)
		c->run_day = pick;
}

static int
site_events(gen *g, int site_index, int first_year, int last_year)
{
	size_t ndef;
	const domain_check *defs = domain_default_checks(&ndef);
	const domain_indicator *cat;
	size_t ncat;
	struct check_state checks[MAX_CHECKS];
	struct action_state *actions = calloc(MAX_ACTIONS, sizeof(*actions));
	size_t nchecks = 0, nactions = 0;
	cal_day start = cal_from_ymd(first_year, 1, 1), end = cal_from_ymd(last_year, 12, 31);
	cal_day first_open = cal_add_opening_days(start, 0);
	cal_day daily_from = cal_add_opening_days(cal_from_ymd(first_year + 1, 9, 1), 0);
	/* Each site has its own level of quality. */
	unsigned level = 84 + (unsigned)(site_index * 7 % 11);
	int e = 0;

	if (actions == NULL)
		return QP_ENOMEM;
	cat = domain_default_catalogue(&ncat);
	for (cal_day d = start; d <= end; d++) {
		int y, m, dd;
		char date[11], period[CAL_TEXT_MAX];

		g->today = d;
		cal_to_ymd(d, &y, &m, &dd);
		cal_format_date(d, date);

		/* Check table: the default template, then a daily check. */
		if (d == first_open) {
			for (size_t i = 0; i < ndef && nchecks < MAX_CHECKS; i++) {
				struct check_state *c = &checks[nchecks++];
				snprintf(c->id, sizeof(c->id), "%s", defs[i].id);
				snprintf(c->periodicity, sizeof(c->periodicity), "%s", defs[i].periodicity);
				c->kind = domain_periodicity_kind(c->periodicity);
				c->since = d;
				plan_window(c, d);
				if ((e = emit_check_def(g, c, defs[i].label, defs[i].engagement, defs[i].role)) != 0)
					goto out;
			}
		}
		if (d == daily_from && site_index % 2 == 1 && nchecks < MAX_CHECKS) {
			struct check_state *c = &checks[nchecks++];
			snprintf(c->id, sizeof(c->id), "ouverture-portes");
			snprintf(c->periodicity, sizeof(c->periodicity), "daily");
			c->kind = CAL_DAY;
			c->since = d;
			plan_window(c, d);
			if ((e = emit_check_def(g, c, "Ouverture des portes à l'heure", "N1", "accueil")) != 0)
				goto out;
		}
		for (size_t i = 0; i < nchecks; i++) {
			struct check_state *c = &checks[i];
			bool run;
			if (d < c->since)
				continue;
			if (d > c->window_end)
				plan_window(c, d);
			run = c->kind == CAL_DAY ? cal_is_opening_day(d) && chance(950) : d == c->run_day;
			if (run) {
				Qp__Event ev = QP__EVENT__INIT;
				Qp__CheckRun r = QP__CHECK_RUN__INIT;
				unsigned x = (unsigned)(rnd() % 100);
				r.check_id = c->id;
				r.date = date;
				r.result = (char *)(x < 94 ? "ok" : x < 98 ? "ko" : "na");
				r.comment = (char *)(x < 94 ? "" : "voir le tableau de suivi des actions");
				ev.business_date = date;
				ev.author = (char *)"Agent d'accueil";
				ev.body_case = QP__EVENT__BODY_CHECK_RUN;
				ev.check_run = &r;
				if ((e = emit(g, &ev)) != 0)
					goto out;
			}
		}

		/* Cleaning sign-offs, zone by zone. */
		if (cal_is_opening_day(d)) {
			static const unsigned odds[] = { 970, 900, 800, 600 };
			for (int z = 0; z < 4; z++) {
				int times = chance(odds[z]) ? (z == 0 && chance(500) ? 2 : 1) : 0;
				for (int t = 0; t < times; t++) {
					Qp__Event ev = QP__EVENT__INIT;
					Qp__CleaningSignoff so = QP__CLEANING_SIGNOFF__INIT;
					char at[CAL_TEXT_MAX];
					int64_t ms = ((int64_t)d * 86400 + (t ? 12 : 6) * 3600 +
					              (int64_t)(rnd() % 3600)) * 1000;
					so.zone = (char *)zones[z];
					so.at = cal_format_datetime(ms, at);
					so.cleaner = (char *)"Société Nett'Pro";
					ev.author = (char *)"Société Nett'Pro";
					ev.business_date = date;
					ev.body_case = QP__EVENT__BODY_CLEANING_SIGNOFF;
					ev.cleaning_signoff = &so;
					if ((e = emit(g, &ev)) != 0)
						goto out;
					/* Now and then a sign-off entered by mistake is voided. */
					if (chance(2) && (e = emit_void(g, g->seq, "émargement saisi par erreur")) != 0)
						goto out;
				}
			}
		}

		/* Indicators for the month before, on the 5th. */
		if (dd == 5 && d > start + 31) {
			cal_period prev = cal_period_of(CAL_MONTH, d - 10);
			cal_format_period(&prev, period);
			for (size_t i = 0; i < ncat; i++) {
				uint64_t den = strncmp(cat[i].code, "N7-CALLS", 8) == 0 ? 900 + rnd() % 900
				             : 40 + rnd() % 200;
				if (strcmp(cat[i].periodicity, "month") != 0 || !chance(960))
					continue;
				if ((e = emit_indicator(g, cat[i].code, period, den, level)) != 0)
					goto out;
				if (chance(5) && (e = emit_void(g, g->seq, "valeur erronée")) != 0)
					goto out;
				else if (chance(20) && (e = emit_indicator(g, cat[i].code, period, den, level)) != 0)
					goto out;
			}
		}
		/* Quarterly satisfaction on the 10th after the quarter, yearly mystery calls in January. */
		if (dd == 10 && (m == 1 || m == 4 || m == 7 || m == 10) && d > start + 31) {
			cal_period q = cal_period_of(CAL_QUARTER, d - 15);
			cal_format_period(&q, period);
			if ((e = emit_indicator(g, "N12-SATISFACTION", period, 30 + rnd() % 120, level - 4)) != 0)
				goto out;
			if (m == 1) {
				char year[8];
				snprintf(year, sizeof(year), "%04d", (y - 1) % 10000);
				if ((e = emit_indicator(g, "N7-MYSTERY-CALLS", year, 20, level - 6)) != 0)
					goto out;
			}
			/* The cleaning evaluation of the quarter just ended. */
			if (chance(950)) {
				Qp__Event ev = QP__EVENT__INIT;
				Qp__CleaningEvaluation ce = QP__CLEANING_EVALUATION__INIT;
				Qp__ZoneScore zs[4], *zp[4];
				cal_day qf, ql;
				char qend[11];
				for (int z = 0; z < 4; z++) {
					qp__zone_score__init(&zs[z]);
					zs[z].zone = (char *)zones[z];
					zs[z].score = (uint32_t)(60 + rnd() % 41);
					zp[z] = &zs[z];
				}
				cal_period_bounds(&q, &qf, &ql);
				ce.quarter = period;
				ce.scores = zp;
				ce.n_scores = 4;
				ce.comment = (char *)"";
				ev.business_date = cal_format_date(ql, qend);
				ev.body_case = QP__EVENT__BODY_CLEANING_EVALUATION;
				ev.cleaning_evaluation = &ce;
				if ((e = emit(g, &ev)) != 0)
					goto out;
			}
		}

		/* Actions: about 25 opened a year, each moving on later. */
		if (cal_is_opening_day(d) && rnd() % 252 < 25 && nactions < MAX_ACTIONS) {
			struct action_state *a = &actions[nactions++];
			a->n = (unsigned)nactions;
			snprintf(a->title, sizeof(a->title), "Action corrective n°%u", a->n);
			snprintf(a->engagement, sizeof(a->engagement), "%s",
			         engagements[rnd() % (sizeof(engagements) / sizeof(engagements[0]))]);
			snprintf(a->source, sizeof(a->source), "%s",
			         sources[rnd() % (sizeof(sources) / sizeof(sources[0]))]);
			cal_format_date(d, a->opened);
			if (chance(800))
				cal_format_date(d + 30 + (cal_day)(rnd() % 90), a->due);
			a->doing_on = d + 5 + (cal_day)(rnd() % 30);
			a->close_on = a->doing_on + 10 + (cal_day)(rnd() % 140);
			a->close_status = chance(100) ? 2 : chance(150) ? 1 : 0;
			if ((e = emit_action(g, a, "todo", d)) != 0)
				goto out;
		}
		for (size_t i = 0; i < nactions; i++) {
			struct action_state *a = &actions[i];
			if (a->state == 0 && d == a->doing_on) {
				a->state = 1;
				if ((e = emit_action(g, a, "doing", d)) != 0)
					goto out;
			} else if (a->state == 1 && d == a->close_on && a->close_status < 2) {
				a->state = 2;
				if ((e = emit_action(g, a, a->close_status ? "dropped" : "done", d)) != 0)
					goto out;
			}
		}
		/* The quarterly analysis of the action table, mid last month. */
		if ((m % 3) == 0 && dd == 15 && chance(850)) {
			Qp__Event ev = QP__EVENT__INIT;
			Qp__ActionReview ar = QP__ACTION_REVIEW__INIT;
			ar.date = date;
			ar.comment = (char *)"Analyse trimestrielle du tableau de suivi des actions";
			ev.business_date = date;
			ev.body_case = QP__EVENT__BODY_ACTION_REVIEW;
			ev.action_review = &ar;
			if ((e = emit(g, &ev)) != 0)
				goto out;
		}
		/* The local annual review, mid-December. */
		if (m == 12 && dd == 15 && chance(900)) {
			Qp__Event ev = QP__EVENT__INIT;
			Qp__AnnualReview ar = QP__ANNUAL_REVIEW__INIT;
			bool approved = chance(800);
			ar.year = (uint32_t)y;
			ar.text = (char *)"# Revue annuelle de la qualité\n\n## Résultats\n\nIndicateurs, "
			        "vérifications, nettoyage, actions.\n\n## Risques et opportunités\n\n"
			        "## Objectifs et perspectives\n";
			ar.approved_by = (char *)(approved ? "Directrice de l'EPS" : "");
			ar.approved_on = approved ? date : (char *)"";
			ev.business_date = date;
			ev.body_case = QP__EVENT__BODY_ANNUAL_REVIEW;
			ev.annual_review = &ar;
			if ((e = emit(g, &ev)) != 0)
				goto out;
		}
	}
out:
	free(actions);
	return e;
}

struct write_ctx {
	gen *g;
	const char *name;
	uint8_t key[32];
};

static int
write_site(store_txn *txn, void *arg)
{
	struct write_ctx *w = arg;
	gen *g = w->g;
	Qp__SiteRecord rec = QP__SITE_RECORD__INIT;
	site_progress p = { 0 };
	uint8_t key[EVENT_KEY_MAX];
	int e;

	rec.site = (char *)g->site;
	rec.name = (char *)w->name;
	rec.public_key.data = w->key;
	rec.public_key.len = sizeof(w->key);
	rec.enrolled_at_ms = (int64_t)time(NULL) * 1000;
	if ((e = cstore_site_put(txn, &rec)) != 0)
		return e;
	for (size_t i = 0; i < g->n; i++) {
		size_t klen = cstore_event_key(key, g->site, i + 1);
		if ((e = store_put(txn, C_EVENTS, key, klen, g->ev[i].buf, g->ev[i].len)) != 0)
			return e;
	}
	p.stored_through = g->n;
	p.events = g->n;
	p.first_seen_ms = p.last_seen_ms = (int64_t)time(NULL) * 1000;
	return cstore_progress_put(txn, g->site, &p);
}

int
main(int argc, char **argv)
{
	int nsites = argc > 2 ? atoi(argv[2]) : 17;
	int first_year = argc > 3 ? atoi(argv[3]) : 2022;
	int last_year = argc > 4 ? atoi(argv[4]) : 2026;
	char err[512] = "";
	cstore *cs = NULL;
	uint64_t total = 0;
	size_t bytes = 0;
	struct timespec t0, t1;
	int e;

	rng = argc > 5 ? strtoul(argv[5], NULL, 10) : 88172645463325252ul;
	if (argc < 2 || nsites < 1 || nsites > 200 || first_year < 1971 || last_year < first_year) {
		fprintf(stderr, "usage: qp-bench-review-gen DATA [SITES [FIRST_YEAR LAST_YEAR [SEED]]]\n");
		return 2;
	}
	if ((e = cstore_open(argv[1], NULL, false, &cs, err, sizeof(err))) != 0) {
		fprintf(stderr, "qp-bench-review-gen: %s\n", err[0] ? err : qp_strerror(e));
		return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (int s = 0; s < nsites; s++) {
		gen g = { 0 };
		struct write_ctx w = { .g = &g };
		char site[32], name[64];

		if (s == 0) {
			snprintf(site, sizeof(site), "eps-centre");
			snprintf(name, sizeof(name), "EPS Paris Centre");
		} else if (s < 17) {
			snprintf(site, sizeof(site), "eps-%02d", s + 4);
			snprintf(name, sizeof(name), "EPS Paris %de", s + 4);
		} else {
			snprintf(site, sizeof(site), "site-%03d", s);
			snprintf(name, sizeof(name), "Site QualiPARIS n°%d", s);
		}
		g.site = site;
		w.name = name;
		for (size_t i = 0; i < sizeof(w.key); i++)
			w.key[i] = (uint8_t)rnd();
		if ((e = site_events(&g, s, first_year, last_year)) != 0 ||
		    (e = store_write(cs->st, write_site, &w)) != 0) {
			fprintf(stderr, "qp-bench-review-gen: %s: %s %s\n", site, qp_strerror(e), g.err);
			cstore_close(&cs);
			return e == QP_EFULL ? 3 : 1;
		}
		total += g.n;
		for (size_t i = 0; i < g.n; i++) {
			bytes += g.ev[i].len;
			free(g.ev[i].buf);
		}
		free(g.ev);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("qp-bench-review-gen: %d sites, %d-%d: %llu events (%.1f MB packed) in %.2f s\n",
	       nsites, first_year, last_year, (unsigned long long)total, bytes / 1e6,
	       (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9);
	cstore_close(&cs);
	return 0;
}
