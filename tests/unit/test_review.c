/*
 * test_review.c: unit tests of collector/review.c on hand-built ledgers:
 * the figures of the annual central review (SPEC §7), each worked out on
 * paper in the comments, and the network sums. The end-to-end test with
 * the real programs is tests/integration/t_review.sh.
 *
 * Calendar 2026: 1 January is a Thursday, Easter 5 April (Easter Monday 6
 * April, Ascension 14 May, Whit Monday 25 May); 252 opening days, 123 up
 * to 30 June; ISO W01 is 29 Dec 2025 - 4 Jan 2026, W53 28 Dec - 3 Jan 2027.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "ledger.h"
#include "review.h"

static cal_day
D(const char *s)
{
	cal_day day = 0;

	assert_int_equal(cal_parse_date(s, &day), QP_OK);
	return day;
}

/* ---- events --------------------------------------------------------------- */

static uint64_t next_seq;

static uint64_t
add(ledger *l, Qp__Event *ev, const char *date)
{
	uint8_t *buf = NULL;
	size_t len = 0;
	Qp__Event *heap = NULL;

	ev->site = "eps-13";
	ev->seq = ++next_seq;
	ev->recorded_at_ms = INT64_C(1767225600000) + (int64_t)ev->seq * 1000;
	ev->author = "RAQN";
	ev->business_date = (char *)date;
	assert_int_equal(codec_pack(&ev->base, &buf, &len), 0);
	assert_int_equal(codec_event_unpack(buf, len, &heap), 0);
	free(buf);
	assert_int_equal(ledger_add(l, &heap), 0);
	return next_seq;
}

static uint64_t
indicator(ledger *l, const char *code, const char *period, uint64_t num, uint64_t den)
{
	Qp__Event ev = QP__EVENT__INIT;
	Qp__IndicatorValue b = QP__INDICATOR_VALUE__INIT;

	b.code = (char *)code;
	b.period = (char *)period;
	b.numerator = num;
	b.denominator = den;
	ev.body_case = QP__EVENT__BODY_INDICATOR;
	ev.indicator = &b;
	return add(l, &ev, "2026-01-01");
}

static uint64_t
void_of(ledger *l, uint64_t seq)
{
	Qp__Event ev = QP__EVENT__INIT;
	Qp__Void b = QP__VOID__INIT;

	b.seq = seq;
	b.reason = "erreur";
	ev.body_case = QP__EVENT__BODY_VOID;
	ev.void_ = &b;
	return add(l, &ev, "2026-01-01");
}

static uint64_t
check(ledger *l, const char *id, const char *periodicity, const char *since, bool active)
{
	Qp__Event ev = QP__EVENT__INIT;
	Qp__CheckDefinition b = QP__CHECK_DEFINITION__INIT;

	b.id = (char *)id;
	b.label = "Contrôle";
	b.engagement = "N1";
	b.periodicity = (char *)periodicity;
	b.role = "accueil";
	b.active = active;
	b.since = (char *)since;
	ev.body_case = QP__EVENT__BODY_CHECK_DEFINITION;
	ev.check_definition = &b;
	return add(l, &ev, since);
}

static uint64_t
run(ledger *l, const char *id, const char *date, const char *result)
{
	Qp__Event ev = QP__EVENT__INIT;
	Qp__CheckRun b = QP__CHECK_RUN__INIT;

	b.check_id = (char *)id;
	b.date = (char *)date;
	b.result = (char *)result;
	ev.body_case = QP__EVENT__BODY_CHECK_RUN;
	ev.check_run = &b;
	return add(l, &ev, date);
}

/* A sign-off as recorded since it carries its zone's toilet property
 * (signoff() below: one from before, without it). */
static uint64_t
signoff_toilet(ledger *l, const char *zone, const char *at, Qp__ZoneToilet toilet)
{
	Qp__Event ev = QP__EVENT__INIT;
	Qp__CleaningSignoff b = QP__CLEANING_SIGNOFF__INIT;

	b.zone = (char *)zone;
	b.at = (char *)at;
	b.cleaner = "Société Propreté";
	b.toilet = toilet;
	ev.body_case = QP__EVENT__BODY_CLEANING_SIGNOFF;
	ev.cleaning_signoff = &b;
	return add(l, &ev, "2026-01-01");
}

static uint64_t
signoff(ledger *l, const char *zone, const char *at)
{
	Qp__Event ev = QP__EVENT__INIT;
	Qp__CleaningSignoff b = QP__CLEANING_SIGNOFF__INIT;

	b.zone = (char *)zone;
	b.at = (char *)at;
	b.cleaner = "Société Propreté";
	ev.body_case = QP__EVENT__BODY_CLEANING_SIGNOFF;
	ev.cleaning_signoff = &b;
	return add(l, &ev, "2026-01-01");
}

static uint64_t
evaluation(ledger *l, const char *quarter, uint32_t a, uint32_t b)
{
	Qp__Event ev = QP__EVENT__INIT;
	Qp__CleaningEvaluation e = QP__CLEANING_EVALUATION__INIT;
	Qp__ZoneScore z1 = QP__ZONE_SCORE__INIT, z2 = QP__ZONE_SCORE__INIT, *zs[2] = { &z1, &z2 };

	z1.zone = "sanitaires";
	z1.score = a;
	z2.zone = "accueil";
	z2.score = b;
	e.quarter = (char *)quarter;
	e.n_scores = 2;
	e.scores = zs;
	ev.body_case = QP__EVENT__BODY_CLEANING_EVALUATION;
	ev.cleaning_evaluation = &e;
	return add(l, &ev, "2026-01-01");
}

/* One version of an action, recorded on `date`. */
static uint64_t
action(ledger *l, const char *id, const char *opened, const char *status,
       const char *status_date, const char *due, const char *date)
{
	Qp__Event ev = QP__EVENT__INIT;
	Qp__Action b = QP__ACTION__INIT;

	b.id = (char *)id;
	b.title = "Action";
	b.engagement = "N3";
	b.source = "periodic-check";
	b.status = (char *)status;
	b.status_date = (char *)status_date;
	b.opened_on = (char *)opened;
	b.due = (char *)due;
	ev.body_case = QP__EVENT__BODY_ACTION;
	ev.action = &b;
	return add(l, &ev, date);
}

static uint64_t
action_review(ledger *l, const char *date)
{
	Qp__Event ev = QP__EVENT__INIT;
	Qp__ActionReview b = QP__ACTION_REVIEW__INIT;

	b.date = (char *)date;
	ev.body_case = QP__EVENT__BODY_ACTION_REVIEW;
	ev.action_review = &b;
	return add(l, &ev, date);
}

static uint64_t
annual(ledger *l, uint32_t year, const char *by, const char *on)
{
	Qp__Event ev = QP__EVENT__INIT;
	Qp__AnnualReview b = QP__ANNUAL_REVIEW__INIT;

	b.year = year;
	b.text = "# Revue";
	b.approved_by = (char *)by;
	b.approved_on = (char *)on;
	ev.body_case = QP__EVENT__BODY_ANNUAL_REVIEW;
	ev.annual_review = &b;
	return add(l, &ev, "2026-12-15");
}

/* ---- a review ------------------------------------------------------------- */

/* A catalogue of two: N7 monthly 0.80, N9 monthly 0.95. */
static review *
new_review(int year, const char *as_of)
{
	Qp__CentralState *cs = calloc(1, sizeof(*cs));
	Qp__CatalogueEntry *e1 = calloc(1, sizeof(*e1)), *e2 = calloc(1, sizeof(*e2));
	review *r = NULL;
	uint8_t *buf = NULL;
	size_t len;
	Qp__CentralState *heap = NULL;

	qp__central_state__init(cs);
	qp__catalogue_entry__init(e1);
	qp__catalogue_entry__init(e2);
	e1->code = "N7-CALLS-25S";
	e1->engagement = "N7";
	e1->periodicity = "month";
	e1->label = "Appels";
	e1->target = 0.80;
	e2->code = "N9-REPLY-1M";
	e2->engagement = "N9";
	e2->periodicity = "month";
	e2->label = "Courriers";
	e2->target = 0.95;
	cs->version = 3;
	cs->n_catalogue = 2;
	cs->catalogue = calloc(2, sizeof(*cs->catalogue));
	cs->catalogue[0] = e1;
	cs->catalogue[1] = e2;
	/* The review frees the catalogue as an unpacked message. */
	assert_int_equal(codec_pack(&cs->base, &buf, &len), 0);
	assert_int_equal(codec_unpack(&qp__central_state__descriptor, buf, len, 1 << 20,
	                              (ProtobufCMessage **)&heap), 0);
	free(buf);
	free(cs->catalogue);
	free(cs);
	free(e1);
	free(e2);
	assert_int_equal(review_new(year, D(as_of), &heap, &r), 0);
	assert_null(heap);
	return r;
}

static const review_site *
add_site(review *r, const char *id, ledger *l)
{
	assert_int_equal(review_add_site(r, id, "EPS", false, l), 0);
	return &r->sites[r->n_sites - 1];
}

static ledger *
new_ledger(void)
{
	ledger *l = NULL;

	next_seq = 0;
	assert_int_equal(ledger_new(&l), 0);
	return l;
}

/* ---- tests ---------------------------------------------------------------- */

static void
test_indicators(void **state)
{
	review *r = new_review(2026, "2027-01-31");
	ledger *l = new_ledger();
	const review_site *s;
	uint64_t seq;
	double rate;

	(void)state;
	indicator(l, "N7-CALLS-25S", "2026-01", 40, 50);
	indicator(l, "N7-CALLS-25S", "2026-01", 45, 50);      /* correction */
	seq = indicator(l, "N7-CALLS-25S", "2026-02", 30, 40);
	indicator(l, "N7-CALLS-25S", "2026-02", 10, 40);      /* correction, voided: */
	void_of(l, next_seq);                                   /* 30/40 comes back */
	seq = indicator(l, "N7-CALLS-25S", "2026-03", 1, 10);
	void_of(l, seq);                                        /* March gone */
	indicator(l, "N7-CALLS-25S", "2025-12", 3, 4);
	indicator(l, "N9-REPLY-1M", "2026-05", 19, 20);       /* 0.95 = target */
	indicator(l, "N1-UNKNOWN", "2026-05", 1, 2);          /* not in the catalogue */
	s = add_site(r, "eps-13", l);
	/* N7: (45 + 30) / (50 + 40) = 75/90, met; 2 periods; 2025: 3/4. */
	assert_int_equal(s->indicators[0].numerator, 75);
	assert_int_equal(s->indicators[0].denominator, 90);
	assert_int_equal(s->indicators[0].periods, 2);
	assert_true(review_rate(75, 90, &rate));
	assert_int_equal(review_met(&s->indicators[0], false), 1);
	assert_int_equal(s->indicators[0].prev_numerator, 3);
	assert_int_equal(s->indicators[0].prev_denominator, 4);
	assert_int_equal(review_met(&s->indicators[1], false), 1);
	assert_int_equal(review_met(&s->indicators[1], true), -1);
	assert_false(review_rate(0, 0, &rate));
	ledger_destroy(&l);
	review_destroy(&r);
}

static unsigned
periodicity_due(const review_site *s, const char *p)
{
	for (int i = 0; i < REVIEW_PERIODICITIES; i++)
		if (strcmp(domain_periodicities[i].wire, p) == 0)
			return s->checks.by_periodicity[i].due;
	return 0;
}

static void
test_checks(void **state)
{
	review *r = new_review(2026, "2026-12-31");
	ledger *l = new_ledger();
	const review_site *s;

	(void)state;
	/* Daily since Wednesday 13 May: 13, 15 (14 is Ascension), 18-22,
	 * 26-29 (25 is Whit Monday) = 2 + 5 + 4 = 11 in May, 22 in June ...
	 * to 31 Dec: 11 + 22 + 129 = 162. */
	check(l, "quotidien", "daily", "2026-05-13", true);
	run(l, "quotidien", "2026-05-14", "ok");             /* holiday: no window */
	run(l, "quotidien", "2026-05-13", "ko");
	/* Weekly since Thursday 31 Dec 2026: W53 of 2026 ends 3 Jan 2027,
	 * after as-of: nothing due yet. */
	check(l, "hebdo", "weekly", "2026-12-31", true);
	/* Semiannual since 1 Jan: H1 and H2 both ended by 31 Dec. */
	check(l, "semestre", "semiannual", "2026-01-01", true);
	run(l, "semestre", "2026-08-01", "ok");
	/* Annual since 2025: the year's window ends 31 Dec, as-of. */
	check(l, "annuel", "annual", "2025-03-01", true);
	run(l, "annuel", "2025-03-01", "ko");                /* last year: not counted */
	/* Inactive: nothing counted, even its runs. */
	check(l, "ancien", "monthly", "2026-01-01", true);
	run(l, "ancien", "2026-02-01", "ko");
	check(l, "ancien", "monthly", "2026-01-01", false);
	s = add_site(r, "eps-13", l);
	assert_int_equal(periodicity_due(s, "daily"), 162);
	assert_int_equal(periodicity_due(s, "weekly"), 0);
	assert_int_equal(periodicity_due(s, "semiannual"), 2);
	assert_int_equal(periodicity_due(s, "annual"), 1);
	assert_int_equal(periodicity_due(s, "monthly"), 0);
	assert_int_equal(s->checks.total.checks, 4);
	assert_int_equal(s->checks.total.due, 165);
	assert_int_equal(s->checks.total.done, 2);           /* 13 May, H2 */
	assert_int_equal(s->checks.total.runs_ko, 1);
	ledger_destroy(&l);
	review_destroy(&r);

	/* As of the day before the year: nothing has ended yet. */
	r = new_review(2026, "2025-12-31");
	l = new_ledger();
	check(l, "hebdo", "weekly", "2025-01-01", true);
	s = add_site(r, "eps-13", l);
	assert_int_equal(s->checks.total.due, 0);
	assert_int_equal(s->cleaning.opening_days, 0);
	assert_int_equal(s->cleaning.days_without_toilet_signoff, 0);
	ledger_destroy(&l);
	review_destroy(&r);
}

static void
test_cleaning(void **state)
{
	review *r = new_review(2026, "2026-06-30");
	ledger *l = new_ledger();
	const review_site *s;
	double ys;

	(void)state;
	/* Saturday 28 March 23:30 UTC is Sunday 29 March in Paris (CET, UTC+1):
	 * not an opening day; Monday 30 March 22:30 UTC is Tuesday 31 March
	 * 00:30 Paris (CEST, UTC+2): covers the 31st, not the 30th. */
	signoff(l, "sanitaires", "2026-03-28T23:30:00Z");
	signoff(l, "sanitaires", "2026-03-30T22:30:00Z");
	signoff(l, "sanitaires", "2026-06-30T18:00:00+02:00");
	signoff(l, "sanitaires", "2026-07-01T07:00:00+02:00");   /* after as-of */
	signoff(l, "accueil", "2026-01-02T07:00:00+01:00");
	void_of(l, signoff(l, "sanitaires", "2026-01-05T07:00:00+01:00"));
	evaluation(l, "2026-Q1", 70, 90);                  /* 80 */
	evaluation(l, "2026-Q2", 55, 60);                  /* 57.5 */
	evaluation(l, "2026-Q2", 65, 70);                  /* corrected: 67.5 */
	void_of(l, evaluation(l, "2026-Q3", 10, 10));
	s = add_site(r, "eps-13", l);
	assert_int_equal(s->cleaning.signoffs, 4);
	assert_int_equal(s->cleaning.opening_days, 123);
	assert_int_equal(s->cleaning.days_without_toilet_signoff, 121);   /* 31 Mar, 30 Jun */
	assert_true(s->cleaning.evaluated[0] && s->cleaning.evaluated[1]);
	assert_false(s->cleaning.evaluated[2] || s->cleaning.evaluated[3]);
	assert_true(s->cleaning.score[0] == 80.0 && s->cleaning.score[1] == 67.5);
	assert_true(review_year_score(&s->cleaning, &ys));
	assert_true(ys == 73.75);
	ledger_destroy(&l);
	review_destroy(&r);
}

/* Toilet zones by the sign-off's own property, whatever the zone's name;
 * the name "sanitaires" only for sign-offs from before the property. As of
 * 30 June: 123 opening days. */
static void
test_cleaning_toilet_property(void **state)
{
	review *r = new_review(2026, "2026-06-30");
	ledger *l = new_ledger();
	const review_site *s;

	(void)state;
	/* Mon 2 Feb: a toilet zone not named "sanitaires": counts. */
	signoff_toilet(l, "wc-rdc", "2026-02-02T07:00:00+01:00", QP__ZONE_TOILET__ZONE_TOILET_YES);
	/* Tue 3 Feb: a zone named "sanitaires" that is not a toilet zone at
	 * this site: the property wins, does not count. */
	signoff_toilet(l, "sanitaires", "2026-02-03T07:00:00+01:00", QP__ZONE_TOILET__ZONE_TOILET_NO);
	/* Wed 4 Feb: an older sign-off without the property: the name rule. */
	signoff(l, "sanitaires", "2026-02-04T07:00:00+01:00");
	/* Thu 5 Feb: an older sign-off of another zone: does not count. */
	signoff(l, "accueil", "2026-02-05T07:00:00+01:00");
	s = add_site(r, "eps-13", l);
	assert_int_equal(s->cleaning.signoffs, 4);
	assert_int_equal(s->cleaning.opening_days, 123);
	assert_int_equal(s->cleaning.days_without_toilet_signoff, 121);   /* 2 and 4 Feb */
	ledger_destroy(&l);
	review_destroy(&r);
}

static void
test_actions(void **state)
{
	review *r = new_review(2026, "2027-01-31");
	ledger *l = new_ledger();
	const review_site *s;

	(void)state;
	/* done in June, the closing voided: still open at year end, overdue. */
	action(l, "A-1", "2026-02-01", "todo", "2026-02-01", "2026-04-30", "2026-02-01");
	void_of(l, action(l, "A-1", "2026-02-01", "done", "2026-06-10", "2026-04-30", "2026-06-10"));
	/* opened 2025, dropped 2026. */
	action(l, "A-2", "2025-10-01", "todo", "2025-10-01", "", "2025-10-01");
	action(l, "A-2", "2025-10-01", "dropped", "2026-03-15", "", "2026-03-15");
	/* done in 2027: open at the end of 2026; its due date was
	 * 2026-11-30 then pushed to 2027-02-28 in 2027: overdue at year end. */
	action(l, "A-3", "2026-09-01", "todo", "2026-09-01", "2026-11-30", "2026-09-01");
	action(l, "A-3", "2026-09-01", "todo", "2026-09-01", "2027-02-28", "2027-01-05");
	action(l, "A-3", "2026-09-01", "done", "2027-01-20", "2027-02-28", "2027-01-20");
	/* done in May, reopened in December: open at year end, not closed
	 * in 2026; closed in Q2's flow. */
	action(l, "A-4", "2026-04-01", "todo", "2026-04-01", "", "2026-04-01");
	action(l, "A-4", "2026-04-01", "done", "2026-05-02", "", "2026-05-02");
	action(l, "A-4", "2026-04-01", "doing", "2026-12-01", "", "2026-12-01");
	/* opened in 2027: not in 2026 at all. */
	action(l, "A-5", "2027-01-03", "todo", "2027-01-03", "", "2027-01-03");
	/* wholly voided. */
	void_of(l, action(l, "A-6", "2026-01-10", "todo", "2026-01-10", "", "2026-01-10"));
	action_review(l, "2026-02-01");
	action_review(l, "2026-12-31");
	void_of(l, action_review(l, "2026-05-01"));
	s = add_site(r, "eps-13", l);
	assert_int_equal(s->actions.opened, 3);            /* */
	assert_int_equal(s->actions.closed, 1);            /* */
	assert_int_equal(s->actions.open, 3);              /* */
	assert_int_equal(s->actions.overdue, 2);           /* */
	assert_int_equal(s->actions.quarters_reviewed, 2);
	assert_true(s->actions.reviewed[0] && !s->actions.reviewed[1] && s->actions.reviewed[3]);
	/* Flow: Q1 opened A-1, closed A-2, open at 31 Mar: A-1;
	 * Q2 opened A-4, closed A-4, open at 30 Jun: A-1;
	 * Q3 opened A-3, open; Q4: open. */
	assert_int_equal(s->actions.q_opened[0], 1);
	assert_int_equal(s->actions.q_closed[0], 1);
	assert_int_equal(s->actions.q_open[0], 1);
	assert_int_equal(s->actions.q_opened[1], 1);
	assert_int_equal(s->actions.q_closed[1], 1);
	assert_int_equal(s->actions.q_open[1], 1);
	assert_int_equal(s->actions.q_open[2], 2);
	assert_int_equal(s->actions.q_open[3], 3);
	assert_int_equal(s->actions.n_source, 1);
	assert_string_equal(s->actions.by_source[0].key, "periodic-check");
	assert_int_equal(s->actions.by_source[0].n, 3);
	ledger_destroy(&l);
	review_destroy(&r);

	/* As of 20 May: cutoff there. A-1 open (overdue since 30 Apr), A-4
	 * closed on 2 May; A-2 closed; A-3 not opened yet. */
	r = new_review(2026, "2026-05-20");
	l = new_ledger();
	action(l, "A-1", "2026-02-01", "todo", "2026-02-01", "2026-04-30", "2026-02-01");
	action(l, "A-4", "2026-04-01", "todo", "2026-04-01", "", "2026-04-01");
	action(l, "A-4", "2026-04-01", "done", "2026-05-02", "", "2026-05-02");
	action(l, "A-3", "2026-09-01", "todo", "2026-09-01", "2026-11-30", "2026-09-01");
	s = add_site(r, "eps-13", l);
	assert_int_equal(s->actions.open, 1);
	assert_int_equal(s->actions.overdue, 1);
	assert_true(s->actions.q_open_known[1] && !s->actions.q_open_known[2]);
	assert_int_equal(s->actions.q_open[1], 1);         /* at 20 May */
	ledger_destroy(&l);
	review_destroy(&r);
}

static void
test_annual_and_network(void **state)
{
	review *r = new_review(2026, "2027-01-31");
	ledger *a = new_ledger(), *b = new_ledger(), *c = new_ledger();
	json_t *j;
	double rate;

	(void)state;
	next_seq = 0;
	annual(a, 2026, "", "");
	annual(a, 2026, "Mme Diallo", "2027-01-20");      /* replaces */
	indicator(a, "N7-CALLS-25S", "2026-01", 8, 10);
	next_seq = 0;
	void_of(b, annual(b, 2026, "M. Martin", "2026-12-20"));   /* voided: missing */
	annual(b, 2025, "M. Martin", "2025-12-20");
	indicator(b, "N7-CALLS-25S", "2026-01", 7, 10);
	indicator(b, "N7-CALLS-25S", "2026-02", 0, 0);
	add_site(r, "eps-05", a);
	add_site(r, "eps-06", b);
	add_site(r, "eps-07", c);                          /* no data at all */
	assert_int_equal(review_finish(r), 0);
	assert_true(r->sites[0].annual.submitted);
	assert_string_equal(r->sites[0].annual.approved_by, "Mme Diallo");
	assert_string_equal(r->sites[0].annual.approved_on, "2027-01-20");
	assert_false(r->sites[1].annual.submitted);
	assert_false(r->sites[2].annual.submitted);
	assert_int_equal(r->network.sites_submitted, 1);
	/* Network N7: (8 + 7 + 0) / (10 + 10 + 0) = 0.75, missed; eps-05
	 * meets (0.8), eps-06 misses (0.7); 2 sites reporting. */
	assert_int_equal(r->network.indicators[0].numerator, 15);
	assert_int_equal(r->network.indicators[0].denominator, 20);
	assert_true(review_rate(15, 20, &rate) && rate == 0.75);
	assert_int_equal(review_met(&r->network.indicators[0], false), 0);
	assert_int_equal(r->network.indicators[0].sites_met, 1);
	assert_int_equal(r->network.indicators[0].sites_reporting, 2);
	assert_int_equal(r->network.indicators[0].periods, 3);
	assert_int_equal(r->sites[2].cleaning.opening_days, 252);
	assert_int_equal(r->sites[2].cleaning.days_without_toilet_signoff, 252);
	assert_int_equal(r->network.cleaning.days_without_toilet_signoff, 3 * 252);

	j = review_json(r);
	assert_non_null(j);
	assert_string_equal(json_string_value(json_array_get(json_object_get(
	        json_object_get(j, "network"), "reviews_missing"), 0)), "eps-06");
	assert_int_equal(json_array_size(json_object_get(json_object_get(j, "network"),
	                 "reviews_missing")), 2);
	assert_true(json_is_null(json_object_get(json_array_get(json_object_get(
	        json_array_get(json_object_get(j, "sites"), 2), "indicators"), 0), "rate")));
	json_decref(j);
	ledger_destroy(&a);
	ledger_destroy(&b);
	ledger_destroy(&c);
	review_destroy(&r);
}

static void
test_shortest_double(void **state)
{
	char buf[32];

	(void)state;
	assert_string_equal(fmt_double(0.8, buf), "0.8");
	assert_string_equal(fmt_double(0.95, buf), "0.95");
	assert_string_equal(fmt_double(100, buf), "100");
	assert_string_equal(fmt_double(72.5, buf), "72.5");
	assert_true(strtod(fmt_double(2.0 / 3, buf), NULL) == 2.0 / 3);
	assert_string_equal(fmt_double(75.0 / 90, buf), "0.8333333333333334");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_indicators),
		cmocka_unit_test(test_checks),
		cmocka_unit_test(test_cleaning),
		cmocka_unit_test(test_cleaning_toilet_property),
		cmocka_unit_test(test_actions),
		cmocka_unit_test(test_annual_and_network),
		cmocka_unit_test(test_shortest_double),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
