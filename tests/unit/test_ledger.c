/*
 * test_ledger.c: unit tests of common/ledger.c: latest version per key,
 * voids, view order and the check windows of SPEC §7.
 *
 * Window lists were counted by hand on a 2026 calendar (Easter on 5 April:
 * Ascension 14 May, Whit Monday 25 May; ISO 2026 has 53 weeks, W01 from
 * Monday 29 December 2025, W53 from 28 December 2026 to 3 January 2027).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "ledger.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static cal_day
D(const char *s)
{
	cal_day day = 0;

	assert_int_equal(cal_parse_date(s, &day), QP_OK);
	return day;
}

/* ---- building events ----------------------------------------------------- */

/*
 * The ledger frees events as protobuf-c unpacked messages, so each one is
 * packed and unpacked into memory of its own before it is added.
 */
static void
add(ledger *l, Qp__Event *ev, uint64_t seq)
{
	uint8_t *buf = NULL;
	size_t len = 0;
	Qp__Event *heap = NULL;

	ev->site = "eps-paris-13";
	ev->seq = seq;
	ev->recorded_at_ms = INT64_C(1767225600000) + (int64_t)seq * 1000;
	ev->author = "RAQN M. Diallo";
	assert_int_equal(codec_pack(&ev->base, &buf, &len), 0);
	assert_int_equal(codec_event_unpack(buf, len, &heap), 0);
	free(buf);
	assert_int_equal(ledger_add(l, &heap), 0);
	assert_null(heap);
}

static void
add_indicator(ledger *l, uint64_t seq, const char *code, const char *period,
              uint64_t num, uint64_t den)
{
	Qp__Event ev = QP__EVENT__INIT;
	Qp__IndicatorValue b = QP__INDICATOR_VALUE__INIT;

	b.code = (char *)code;
	b.period = (char *)period;
	b.numerator = num;
	b.denominator = den;
	ev.body_case = QP__EVENT__BODY_INDICATOR;
	ev.indicator = &b;
	add(l, &ev, seq);
}

static void
add_check(ledger *l, uint64_t seq, const char *id, const char *periodicity,
          const char *since)
{
	Qp__Event ev = QP__EVENT__INIT;
	Qp__CheckDefinition b = QP__CHECK_DEFINITION__INIT;

	b.id = (char *)id;
	b.label = "Contrôle";
	b.engagement = "N1";
	b.periodicity = (char *)periodicity;
	b.role = "accueil";
	b.active = true;
	b.since = (char *)since;
	ev.body_case = QP__EVENT__BODY_CHECK_DEFINITION;
	ev.check_definition = &b;
	add(l, &ev, seq);
}

static void
add_run(ledger *l, uint64_t seq, const char *check, const char *date,
        const char *result)
{
	Qp__Event ev = QP__EVENT__INIT;
	Qp__CheckRun b = QP__CHECK_RUN__INIT;

	b.check_id = (char *)check;
	b.date = (char *)date;
	b.result = (char *)result;
	ev.body_case = QP__EVENT__BODY_CHECK_RUN;
	ev.check_run = &b;
	add(l, &ev, seq);
}

static void
add_signoff(ledger *l, uint64_t seq, const char *zone, const char *at)
{
	Qp__Event ev = QP__EVENT__INIT;
	Qp__CleaningSignoff b = QP__CLEANING_SIGNOFF__INIT;

	b.zone = (char *)zone;
	b.at = (char *)at;
	b.cleaner = "Société Propreté";
	ev.body_case = QP__EVENT__BODY_CLEANING_SIGNOFF;
	ev.cleaning_signoff = &b;
	add(l, &ev, seq);
}

static void
add_evaluation(ledger *l, uint64_t seq, const char *quarter, uint32_t score)
{
	Qp__Event ev = QP__EVENT__INIT;
	Qp__CleaningEvaluation b = QP__CLEANING_EVALUATION__INIT;
	Qp__ZoneScore z = QP__ZONE_SCORE__INIT, *zs[1] = { &z };

	z.zone = "sanitaires";
	z.score = score;
	b.quarter = (char *)quarter;
	b.n_scores = 1;
	b.scores = zs;
	ev.body_case = QP__EVENT__BODY_CLEANING_EVALUATION;
	ev.cleaning_evaluation = &b;
	add(l, &ev, seq);
}

static void
add_action(ledger *l, uint64_t seq, const char *id, const char *status)
{
	Qp__Event ev = QP__EVENT__INIT;
	Qp__Action b = QP__ACTION__INIT;

	b.id = (char *)id;
	b.title = "Action";
	b.engagement = "N1";
	b.source = "other";
	b.status = (char *)status;
	b.status_date = "2026-03-02";
	b.opened_on = "2026-03-02";
	ev.body_case = QP__EVENT__BODY_ACTION;
	ev.action = &b;
	add(l, &ev, seq);
}

static void
add_action_review(ledger *l, uint64_t seq, const char *date)
{
	Qp__Event ev = QP__EVENT__INIT;
	Qp__ActionReview b = QP__ACTION_REVIEW__INIT;

	b.date = (char *)date;
	b.comment = "Analyse";
	ev.body_case = QP__EVENT__BODY_ACTION_REVIEW;
	ev.action_review = &b;
	add(l, &ev, seq);
}

static void
add_annual(ledger *l, uint64_t seq, uint32_t year, const char *text)
{
	Qp__Event ev = QP__EVENT__INIT;
	Qp__AnnualReview b = QP__ANNUAL_REVIEW__INIT;

	b.year = year;
	b.text = (char *)text;
	ev.body_case = QP__EVENT__BODY_ANNUAL_REVIEW;
	ev.annual_review = &b;
	add(l, &ev, seq);
}

static void
add_void(ledger *l, uint64_t seq, uint64_t target)
{
	Qp__Event ev = QP__EVENT__INIT;
	Qp__Void b = QP__VOID__INIT;

	b.seq = target;
	b.reason = "Erreur de saisie";
	ev.body_case = QP__EVENT__BODY_VOID;
	ev.void_ = &b;
	add(l, &ev, seq);
}

static ledger *
new_ledger(void)
{
	ledger *l = NULL;

	assert_int_equal(ledger_new(&l), 0);
	assert_non_null(l);
	return l;
}

static size_t
view(ledger *l, enum ledger_view v, const Qp__Event *const **out)
{
	size_t n = ledger_view(l, v, out);

	if (n > 0)
		assert_non_null(*out);
	return n;
}

/* ---- keys and voids ------------------------------------------------------ */

static void
test_replacement_by_key(void **state)
{
	ledger *l = new_ledger();
	const Qp__Event *const *evs;
	const Qp__Event *e;

	(void)state;
	add_indicator(l, 1, "N7-CALLS-25S", "2026-01", 10, 20);
	add_indicator(l, 2, "N7-CALLS-25S", "2026-01", 15, 20);
	assert_int_equal(view(l, LEDGER_INDICATORS, &evs), 1);
	assert_int_equal(evs[0]->seq, 2);
	assert_int_equal(evs[0]->indicator->numerator, 15);

	/* Another period or another code is another key. */
	add_indicator(l, 3, "N7-CALLS-25S", "2026-02", 1, 2);
	add_indicator(l, 4, "N9-REPLY-1M", "2026-01", 3, 4);
	assert_int_equal(view(l, LEDGER_INDICATORS, &evs), 3);
	assert_int_equal(evs[0]->seq, 2);
	assert_int_equal(evs[1]->seq, 3);
	assert_int_equal(evs[2]->seq, 4);

	/* Each keyed kind: a later event with the same key wins. */
	add_check(l, 5, "badge-accueil", "monthly", "2026-01-01");
	add_check(l, 6, "badge-accueil", "weekly", "2026-02-01");
	assert_int_equal(view(l, LEDGER_CHECKS, &evs), 1);
	e = ledger_check(l, "badge-accueil");
	assert_non_null(e);
	assert_int_equal(e->seq, 6);
	assert_string_equal(e->check_definition->periodicity, "weekly");
	assert_null(ledger_check(l, "badge"));

	add_evaluation(l, 7, "2026-Q1", 60);
	add_evaluation(l, 8, "2026-Q1", 75);
	assert_int_equal(view(l, LEDGER_EVALUATIONS, &evs), 1);
	assert_int_equal(evs[0]->cleaning_evaluation->scores[0]->score, 75);

	add_action(l, 9, "A-1", "todo");
	add_action(l, 10, "A-1", "doing");
	add_action(l, 11, "A-1", "done");
	assert_int_equal(view(l, LEDGER_ACTIONS, &evs), 1);
	e = ledger_action(l, "A-1");
	assert_non_null(e);
	assert_int_equal(e->seq, 11);
	assert_string_equal(e->action->status, "done");
	assert_null(ledger_action(l, "A-2"));

	add_annual(l, 12, 2025, "Première version");
	add_annual(l, 13, 2025, "Version approuvée");
	assert_int_equal(view(l, LEDGER_ANNUAL_REVIEWS, &evs), 1);
	assert_string_equal(evs[0]->annual_review->text, "Version approuvée");

	assert_int_equal(ledger_count(l), 13);
	assert_int_equal(ledger_last_seq(l), 13);
	ledger_destroy(&l);
	assert_null(l);
}

static void
test_void_brings_back_previous(void **state)
{
	ledger *l = new_ledger();
	const Qp__Event *const *evs;
	const Qp__Event *e;

	(void)state;
	add_indicator(l, 1, "N7-CALLS-25S", "2026-01", 10, 20);
	add_indicator(l, 2, "N7-CALLS-25S", "2026-01", 15, 20);
	add_void(l, 3, 2);
	assert_int_equal(view(l, LEDGER_INDICATORS, &evs), 1);
	assert_int_equal(evs[0]->seq, 1);
	assert_int_equal(evs[0]->indicator->numerator, 10);
	assert_true(ledger_voided(l, 2));
	assert_false(ledger_voided(l, 1));
	assert_false(ledger_voided(l, 3));
	/* Both stay in the history. */
	assert_int_equal(ledger_count(l), 3);
	assert_non_null(ledger_find(l, 2));

	/* Voiding the remaining version too leaves nothing. */
	add_void(l, 4, 1);
	assert_int_equal(view(l, LEDGER_INDICATORS, &evs), 0);

	/* Actions: voiding the latest status brings the previous one back. */
	add_action(l, 5, "A-1", "todo");
	add_action(l, 6, "A-1", "doing");
	add_void(l, 7, 6);
	e = ledger_action(l, "A-1");
	assert_non_null(e);
	assert_int_equal(e->seq, 5);
	assert_string_equal(e->action->status, "todo");

	/* Voiding an older version keeps the latest. */
	add_action(l, 8, "A-2", "todo");
	add_action(l, 9, "A-2", "done");
	add_void(l, 10, 8);
	e = ledger_action(l, "A-2");
	assert_non_null(e);
	assert_int_equal(e->seq, 9);

	/* The only version of a key, voided: the key is gone. */
	add_check(l, 11, "solo", "monthly", "2026-01-01");
	assert_non_null(ledger_check(l, "solo"));
	add_void(l, 12, 11);
	assert_null(ledger_check(l, "solo"));
	assert_int_equal(view(l, LEDGER_CHECKS, &evs), 0);

	/* A void of a void is ignored: what it names stays voided. */
	add_void(l, 13, 12);
	assert_false(ledger_voided(l, 12));
	assert_true(ledger_voided(l, 11));
	assert_null(ledger_check(l, "solo"));

	/* A void of a seq that was never added changes nothing. */
	add_annual(l, 20, 2025, "Revue");
	add_void(l, 21, 19);
	assert_false(ledger_voided(l, 19));
	assert_int_equal(view(l, LEDGER_ANNUAL_REVIEWS, &evs), 1);

	ledger_destroy(&l);
}

static void
test_append_only(void **state)
{
	ledger *l = new_ledger();
	const Qp__Event *const *evs;

	(void)state;
	add_run(l, 1, "badge-accueil", "2026-03-02", "ok");
	add_run(l, 2, "badge-accueil", "2026-03-02", "ok");
	add_run(l, 3, "badge-accueil", "2026-03-09", "ko");
	add_signoff(l, 4, "sanitaires", "2026-03-02T07:45");
	add_signoff(l, 5, "sanitaires", "2026-03-02T07:45");
	add_action_review(l, 6, "2026-03-31");
	add_action_review(l, 7, "2026-03-31");
	/* Identical records are all kept. */
	assert_int_equal(view(l, LEDGER_CHECK_RUNS, &evs), 3);
	assert_int_equal(view(l, LEDGER_SIGNOFFS, &evs), 2);
	assert_int_equal(view(l, LEDGER_ACTION_REVIEWS, &evs), 2);

	add_void(l, 8, 2);
	add_void(l, 9, 5);
	add_void(l, 10, 6);
	assert_int_equal(view(l, LEDGER_CHECK_RUNS, &evs), 2);
	assert_int_equal(evs[0]->seq, 1);
	assert_int_equal(evs[1]->seq, 3);
	assert_int_equal(view(l, LEDGER_SIGNOFFS, &evs), 1);
	assert_int_equal(evs[0]->seq, 4);
	assert_int_equal(view(l, LEDGER_ACTION_REVIEWS, &evs), 1);
	assert_int_equal(evs[0]->seq, 7);
	/* Voids are in no view. */
	for (int v = 0; v < LEDGER_VIEWS; v++) {
		size_t n = view(l, (enum ledger_view)v, &evs);
		for (size_t i = 0; i < n; i++)
			assert_int_not_equal(evs[i]->body_case, QP__EVENT__BODY_VOID);
	}
	ledger_destroy(&l);
}

static void
test_views_sorted(void **state)
{
	static const struct {
		const char *code, *period;
	} ind_expect[] = {
		/* strcmp order: '1' < '7', so N12 comes before N7. */
		{ "N12-SATISFACTION", "2026-Q1" },
		{ "N12-SATISFACTION", "2026-Q2" },
		{ "N7-CALLS-25S", "2026-01" },
		{ "N7-CALLS-25S", "2026-02" },
		{ "N7-CALLS-25S", "2026-10" },
		{ "S1-MISSING-12D", "2026-02" },
	};
	static const char *const act_expect[] = { "A-1", "A-2", "A-9", "A-10", "A-100" };
	ledger *l = new_ledger();
	const Qp__Event *const *evs;
	size_t n;

	(void)state;
	add_indicator(l, 1, "S1-MISSING-12D", "2026-02", 1, 1);
	add_indicator(l, 2, "N7-CALLS-25S", "2026-10", 1, 1);
	add_indicator(l, 3, "N12-SATISFACTION", "2026-Q2", 1, 1);
	add_indicator(l, 4, "N7-CALLS-25S", "2026-01", 1, 1);
	add_indicator(l, 5, "N12-SATISFACTION", "2026-Q1", 1, 1);
	add_indicator(l, 6, "N7-CALLS-25S", "2026-02", 1, 1);
	n = view(l, LEDGER_INDICATORS, &evs);
	assert_int_equal(n, ARRAY_LEN(ind_expect));
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(evs[i]->indicator->code, ind_expect[i].code);
		assert_string_equal(evs[i]->indicator->period, ind_expect[i].period);
	}

	/* By number, not by text: A-2 < A-10. */
	add_action(l, 7, "A-10", "todo");
	add_action(l, 8, "A-2", "todo");
	add_action(l, 9, "A-100", "todo");
	add_action(l, 10, "A-1", "todo");
	add_action(l, 11, "A-9", "todo");
	add_action(l, 12, "A-2", "doing");
	n = view(l, LEDGER_ACTIONS, &evs);
	assert_int_equal(n, ARRAY_LEN(act_expect));
	for (size_t i = 0; i < n; i++)
		assert_string_equal(evs[i]->action->id, act_expect[i]);
	assert_int_equal(evs[1]->seq, 12);

	add_check(l, 13, "zeta", "monthly", "2026-01-01");
	add_check(l, 14, "alpha", "monthly", "2026-01-01");
	add_check(l, 15, "mid", "monthly", "2026-01-01");
	n = view(l, LEDGER_CHECKS, &evs);
	assert_int_equal(n, 3);
	assert_string_equal(evs[0]->check_definition->id, "alpha");
	assert_string_equal(evs[1]->check_definition->id, "mid");
	assert_string_equal(evs[2]->check_definition->id, "zeta");

	add_evaluation(l, 16, "2026-Q3", 1);
	add_evaluation(l, 17, "2025-Q4", 2);
	add_evaluation(l, 18, "2026-Q1", 3);
	n = view(l, LEDGER_EVALUATIONS, &evs);
	assert_int_equal(n, 3);
	assert_string_equal(evs[0]->cleaning_evaluation->quarter, "2025-Q4");
	assert_string_equal(evs[1]->cleaning_evaluation->quarter, "2026-Q1");
	assert_string_equal(evs[2]->cleaning_evaluation->quarter, "2026-Q3");

	add_annual(l, 19, 2026, "c");
	add_annual(l, 20, 2024, "a");
	add_annual(l, 21, 2025, "b");
	n = view(l, LEDGER_ANNUAL_REVIEWS, &evs);
	assert_int_equal(n, 3);
	assert_int_equal(evs[0]->annual_review->year, 2024);
	assert_int_equal(evs[1]->annual_review->year, 2025);
	assert_int_equal(evs[2]->annual_review->year, 2026);

	/* Append-only views stay in seq order whatever their dates. */
	add_run(l, 22, "zeta", "2026-05-04", "ok");
	add_run(l, 23, "alpha", "2026-01-05", "ok");
	add_run(l, 24, "mid", "2026-03-02", "ok");
	n = view(l, LEDGER_CHECK_RUNS, &evs);
	assert_int_equal(n, 3);
	assert_int_equal(evs[0]->seq, 22);
	assert_int_equal(evs[1]->seq, 23);
	assert_int_equal(evs[2]->seq, 24);
	ledger_destroy(&l);
}

static void
test_find_and_seqs(void **state)
{
	ledger *l = new_ledger();
	const Qp__Event *const *evs;
	Qp__Event *ev = NULL;
	uint8_t *buf = NULL;
	size_t len = 0;
	Qp__Event tmpl = QP__EVENT__INIT;

	(void)state;
	/* Empty. */
	assert_int_equal(ledger_count(l), 0);
	assert_int_equal(ledger_last_seq(l), 0);
	assert_null(ledger_find(l, 1));
	assert_false(ledger_voided(l, 1));
	for (int v = 0; v < LEDGER_VIEWS; v++)
		assert_int_equal(view(l, (enum ledger_view)v, &evs), 0);

	/* Seqs that grow with gaps (a ledger may start after pruning). */
	add_run(l, 1, "c", "2026-01-05", "ok");
	add_run(l, 2, "c", "2026-01-06", "ok");
	add_run(l, 5, "c", "2026-01-07", "ok");
	add_run(l, 9, "c", "2026-01-08", "na");
	assert_int_equal(ledger_count(l), 4);
	assert_int_equal(ledger_last_seq(l), 9);
	assert_non_null(ledger_find(l, 1));
	assert_int_equal(ledger_find(l, 1)->seq, 1);
	assert_int_equal(ledger_find(l, 5)->seq, 5);
	assert_string_equal(ledger_find(l, 5)->check_run->date, "2026-01-07");
	assert_int_equal(ledger_find(l, 9)->seq, 9);
	assert_null(ledger_find(l, 0));
	assert_null(ledger_find(l, 3));
	assert_null(ledger_find(l, 10));

	/* A seq that does not grow is refused, and the event still taken. */
	tmpl.site = "eps-paris-13";
	tmpl.seq = 9;
	assert_int_equal(codec_pack(&tmpl.base, &buf, &len), 0);
	assert_int_equal(codec_event_unpack(buf, len, &ev), 0);
	assert_int_equal(ledger_add(l, &ev), QP_EINVAL);
	assert_null(ev);
	free(buf);

	tmpl.seq = 4;
	assert_int_equal(codec_pack(&tmpl.base, &buf, &len), 0);
	assert_int_equal(codec_event_unpack(buf, len, &ev), 0);
	assert_int_equal(ledger_add(l, &ev), QP_EINVAL);
	assert_null(ev);
	free(buf);

	assert_int_equal(ledger_count(l), 4);
	assert_int_equal(ledger_last_seq(l), 9);
	assert_null(ledger_find(l, 4));

	add_run(l, 10, "c", "2026-01-09", "ok");
	assert_int_equal(ledger_count(l), 5);
	assert_int_equal(ledger_last_seq(l), 10);
	assert_int_equal(view(l, LEDGER_CHECK_RUNS, &evs), 5);

	ledger_destroy(&l);
	assert_null(l);
	ledger_destroy(&l);
	ledger_destroy(NULL);
}

static void
test_many_events(void **state)
{
	ledger *l = new_ledger();
	const Qp__Event *const *evs;
	char period[16];

	(void)state;
	/* Past the first growth of the arrays (64). */
	for (uint64_t s = 1; s <= 300; s++) {
		snprintf(period, sizeof(period), "2026-%02d", (int)((s - 1) % 12) + 1);
		add_indicator(l, s, "N7-CALLS-25S", period, s, 1000);
	}
	assert_int_equal(ledger_count(l), 300);
	assert_int_equal(view(l, LEDGER_INDICATORS, &evs), 12);
	/* January got seqs 1, 13, ..., 289; December 12, ..., 300. */
	assert_int_equal(evs[0]->seq, 289);
	assert_int_equal(evs[11]->seq, 300);
	for (uint64_t s = 1; s <= 300; s++)
		assert_int_equal(ledger_find(l, s)->seq, s);
	ledger_destroy(&l);
}

/* ---- check windows ------------------------------------------------------- */

struct windows {
	size_t n;
	cal_day first[400], last[400];
	unsigned runs[400];
};

static void
collect(cal_day first, cal_day last, unsigned runs, void *ctx)
{
	struct windows *w = ctx;

	assert_true(w->n < ARRAY_LEN(w->first));
	w->first[w->n] = first;
	w->last[w->n] = last;
	w->runs[w->n] = runs;
	w->n++;
}

static void
windows_of(ledger *l, const char *check, int year, const char *as_of,
           struct windows *w)
{
	const Qp__Event *c = ledger_check(l, check);

	assert_non_null(c);
	memset(w, 0, sizeof(*w));
	assert_int_equal(ledger_check_windows(l, c, year, D(as_of), collect, w), 0);
}

static void
assert_window(const struct windows *w, size_t i, const char *first,
              const char *last, unsigned runs)
{
	assert_true(i < w->n);
	assert_int_equal(w->first[i], D(first));
	assert_int_equal(w->last[i], D(last));
	if (w->runs[i] != runs)
		fail_msg("window %zu (%s..%s): %u runs, expected %u", i, first,
		         last, w->runs[i], runs);
}

static unsigned
total_runs(const struct windows *w)
{
	unsigned t = 0;

	for (size_t i = 0; i < w->n; i++)
		t += w->runs[i];
	return t;
}

static void
test_windows_daily(void **state)
{
	/* May 2026 opening days: not 1 (Fête du travail), 8 (Victoire 1945),
	 * 14 (Ascension), 25 (Whit Monday), nor weekends. */
	static const char *const days[] = {
		"2026-05-04", "2026-05-05", "2026-05-06", "2026-05-07",
		"2026-05-11", "2026-05-12", "2026-05-13", "2026-05-15",
		"2026-05-18", "2026-05-19", "2026-05-20", "2026-05-21",
		"2026-05-22", "2026-05-26", "2026-05-27", "2026-05-28",
		"2026-05-29",
	};
	ledger *l = new_ledger();
	struct windows w;

	(void)state;
	add_check(l, 1, "caisse", "daily", "2026-05-01");
	add_check(l, 2, "autre", "daily", "2026-01-01");
	add_run(l, 3, "caisse", "2026-04-30", "ok");   /* before since */
	add_run(l, 4, "caisse", "2026-05-04", "ok");
	add_run(l, 5, "caisse", "2026-05-04", "ko");   /* same day: 2 runs */
	add_run(l, 6, "caisse", "2026-05-09", "ok");   /* Saturday */
	add_run(l, 7, "caisse", "2026-05-14", "ok");   /* Ascension */
	add_run(l, 8, "autre", "2026-05-05", "ok");    /* another check */
	add_run(l, 9, "caisse", "2026-05-29", "ok");
	add_void(l, 10, 9);                            /* voided */
	add_run(l, 11, "caisse", "2026-05-28", "na");
	add_run(l, 12, "caisse", "2026-06-01", "ok");  /* after as-of */
	add_run(l, 13, "caisse", "2026-05-07", "bad"); /* a run is a run */

	windows_of(l, "caisse", 2026, "2026-05-31", &w);
	assert_int_equal(w.n, 17);
	for (size_t i = 0; i < w.n; i++) {
		unsigned runs = i == 0 ? 2 : i == 3 ? 1 : i == 15 ? 1 : 0;
		assert_window(&w, i, days[i], days[i], runs);
	}
	assert_int_equal(total_runs(&w), 4);

	/* As of the 13th: the 4th to the 13th minus the 8th. */
	windows_of(l, "caisse", 2026, "2026-05-13", &w);
	assert_int_equal(w.n, 7);
	assert_window(&w, 6, "2026-05-13", "2026-05-13", 0);

	/* As of a holiday that starts the month: nothing is due yet. */
	windows_of(l, "caisse", 2026, "2026-05-01", &w);
	assert_int_equal(w.n, 0);

	/* A year before since has no window; the next one starts on 1 Jan
	 * (a holiday in 2027, a Friday), so Monday 4 January comes first. */
	windows_of(l, "caisse", 2025, "2025-12-31", &w);
	assert_int_equal(w.n, 0);
	windows_of(l, "caisse", 2027, "2027-01-08", &w);
	assert_int_equal(w.n, 5);
	assert_window(&w, 0, "2027-01-04", "2027-01-04", 0);
	assert_window(&w, 4, "2027-01-08", "2027-01-08", 0);

	/* The rest of 2026 from 1 May: May 17, June 22, July 22 (23 weekdays,
	 * 14 July a Tuesday), August 21 (15 August a Saturday), September
	 * 22, October 22, November 20 (1 Nov a Sunday, 11 Nov a Wednesday),
	 * December 22 (25 December a Friday): 168. */
	windows_of(l, "caisse", 2026, "2026-12-31", &w);
	assert_int_equal(w.n, 168);
	ledger_destroy(&l);
}

static void
test_windows_weekly(void **state)
{
	ledger *l = new_ledger();
	struct windows w;

	(void)state;
	add_check(l, 1, "badge-accueil", "weekly", "2025-12-01");
	add_check(l, 2, "badge-mi-semaine", "weekly", "2026-01-07");
	add_run(l, 3, "badge-accueil", "2025-12-28", "ok"); /* 2025-W52 */
	add_run(l, 4, "badge-accueil", "2025-12-30", "ok"); /* 2026-W01 */
	add_run(l, 5, "badge-accueil", "2026-01-04", "ko"); /* 2026-W01, Sunday */
	add_run(l, 6, "badge-accueil", "2026-01-05", "ok"); /* 2026-W02 */
	add_run(l, 7, "badge-accueil", "2026-12-27", "ok"); /* 2026-W52, Sunday */
	add_run(l, 8, "badge-accueil", "2026-12-29", "ok"); /* 2026-W53 */
	add_run(l, 9, "badge-accueil", "2027-01-02", "ok"); /* 2026-W53 */
	add_run(l, 10, "badge-accueil", "2027-01-04", "ok"); /* 2027-W01 */
	add_run(l, 11, "badge-accueil", "2026-06-10", "ok"); /* 2026-W24 */
	add_void(l, 12, 11);

	/* As of 31 December 2026 W53 has not ended: W01..W52. */
	windows_of(l, "badge-accueil", 2026, "2026-12-31", &w);
	assert_int_equal(w.n, 52);
	assert_window(&w, 0, "2025-12-29", "2026-01-04", 2);
	assert_window(&w, 1, "2026-01-05", "2026-01-11", 1);
	assert_window(&w, 23, "2026-06-08", "2026-06-14", 0);
	assert_window(&w, 51, "2026-12-21", "2026-12-27", 1);
	for (size_t i = 1; i < w.n; i++) {
		assert_int_equal(w.first[i], w.last[i - 1] + 1);
		assert_int_equal(w.last[i], w.first[i] + 6);
	}
	assert_int_equal(total_runs(&w), 4);

	/* W53 ends on Sunday 3 January 2027. */
	windows_of(l, "badge-accueil", 2026, "2027-01-02", &w);
	assert_int_equal(w.n, 52);
	windows_of(l, "badge-accueil", 2026, "2027-01-03", &w);
	assert_int_equal(w.n, 53);
	assert_window(&w, 52, "2026-12-28", "2027-01-03", 2);
	/* Weeks of ISO year 2027 are not in 2026. */
	windows_of(l, "badge-accueil", 2026, "2027-06-30", &w);
	assert_int_equal(w.n, 53);

	/* ISO 2027 starts on 4 January and has 52 weeks. */
	windows_of(l, "badge-accueil", 2027, "2027-01-10", &w);
	assert_int_equal(w.n, 1);
	assert_window(&w, 0, "2027-01-04", "2027-01-10", 1);
	windows_of(l, "badge-accueil", 2027, "2028-01-02", &w);
	assert_int_equal(w.n, 52);
	assert_window(&w, 51, "2027-12-27", "2028-01-02", 0);

	/* Since a Wednesday: the first window is the week that holds it. */
	windows_of(l, "badge-mi-semaine", 2026, "2026-12-31", &w);
	assert_int_equal(w.n, 51);
	assert_window(&w, 0, "2026-01-05", "2026-01-11", 0);
	ledger_destroy(&l);
}

static void
test_windows_monthly_and_longer(void **state)
{
	ledger *l = new_ledger();
	struct windows w;

	(void)state;
	add_check(l, 1, "affiches", "monthly", "2026-07-15");
	add_run(l, 2, "affiches", "2026-06-30", "ok");
	add_run(l, 3, "affiches", "2026-07-20", "ok");
	add_run(l, 4, "affiches", "2026-07-31", "ko");
	add_run(l, 5, "affiches", "2026-09-30", "ok");
	add_run(l, 6, "affiches", "2026-10-01", "ok");
	add_run(l, 7, "autre", "2026-08-10", "ok");

	windows_of(l, "affiches", 2026, "2026-10-15", &w);
	assert_int_equal(w.n, 3);
	assert_window(&w, 0, "2026-07-01", "2026-07-31", 2);
	assert_window(&w, 1, "2026-08-01", "2026-08-31", 0);
	assert_window(&w, 2, "2026-09-01", "2026-09-30", 1);

	windows_of(l, "affiches", 2026, "2026-07-30", &w);
	assert_int_equal(w.n, 0);
	windows_of(l, "affiches", 2026, "2026-07-31", &w);
	assert_int_equal(w.n, 1);
	windows_of(l, "affiches", 2026, "2026-12-31", &w);
	assert_int_equal(w.n, 6);
	assert_window(&w, 3, "2026-10-01", "2026-10-31", 1);
	assert_window(&w, 5, "2026-12-01", "2026-12-31", 0);
	/* As-of after the year: the year still ends in December. */
	windows_of(l, "affiches", 2026, "2027-03-01", &w);
	assert_int_equal(w.n, 6);
	/* The next year starts in January. */
	windows_of(l, "affiches", 2027, "2027-03-31", &w);
	assert_int_equal(w.n, 3);
	assert_window(&w, 0, "2027-01-01", "2027-01-31", 0);
	assert_window(&w, 1, "2027-02-01", "2027-02-28", 0);

	add_check(l, 10, "pmr", "quarterly", "2026-02-10");
	add_run(l, 11, "pmr", "2026-03-31", "ok");
	add_run(l, 12, "pmr", "2026-04-01", "ok");
	windows_of(l, "pmr", 2026, "2026-12-31", &w);
	assert_int_equal(w.n, 4);
	assert_window(&w, 0, "2026-01-01", "2026-03-31", 1);
	assert_window(&w, 1, "2026-04-01", "2026-06-30", 1);
	assert_window(&w, 2, "2026-07-01", "2026-09-30", 0);
	assert_window(&w, 3, "2026-10-01", "2026-12-31", 0);
	windows_of(l, "pmr", 2026, "2026-09-29", &w);
	assert_int_equal(w.n, 2);

	add_check(l, 20, "evacuation", "semiannual", "2026-07-01");
	add_run(l, 21, "evacuation", "2026-06-30", "ok");
	add_run(l, 22, "evacuation", "2026-11-12", "ok");
	windows_of(l, "evacuation", 2026, "2026-12-30", &w);
	assert_int_equal(w.n, 0);
	windows_of(l, "evacuation", 2026, "2026-12-31", &w);
	assert_int_equal(w.n, 1);
	assert_window(&w, 0, "2026-07-01", "2026-12-31", 1);

	add_check(l, 30, "resultats", "annual", "2026-03-01");
	add_run(l, 31, "resultats", "2026-03-01", "ok");
	add_run(l, 32, "resultats", "2026-11-02", "ok");
	add_run(l, 33, "resultats", "2025-12-31", "ok");
	windows_of(l, "resultats", 2026, "2026-12-30", &w);
	assert_int_equal(w.n, 0);
	windows_of(l, "resultats", 2026, "2026-12-31", &w);
	assert_int_equal(w.n, 1);
	assert_window(&w, 0, "2026-01-01", "2026-12-31", 2);

	/* Since a year before: every window of the year. */
	add_check(l, 40, "ancien", "monthly", "2025-06-01");
	windows_of(l, "ancien", 2026, "2026-03-31", &w);
	assert_int_equal(w.n, 3);
	assert_window(&w, 0, "2026-01-01", "2026-01-31", 0);
	/* Since after as-of: none. */
	add_check(l, 41, "futur", "monthly", "2026-11-01");
	windows_of(l, "futur", 2026, "2026-10-31", &w);
	assert_int_equal(w.n, 0);
	ledger_destroy(&l);
}

static void
test_windows_bad_since(void **state)
{
	ledger *l = new_ledger();
	struct windows w;
	const Qp__Event *c;

	(void)state;
	add_check(l, 1, "sans-date", "monthly", "");
	c = ledger_check(l, "sans-date");
	assert_non_null(c);
	memset(&w, 0, sizeof(w));
	assert_int_equal(ledger_check_windows(l, c, 2026, D("2026-12-31"), collect, &w),
	                 QP_EINVAL);
	assert_int_equal(w.n, 0);
	ledger_destroy(&l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_replacement_by_key),
		cmocka_unit_test(test_void_brings_back_previous),
		cmocka_unit_test(test_append_only),
		cmocka_unit_test(test_views_sorted),
		cmocka_unit_test(test_find_and_seqs),
		cmocka_unit_test(test_many_events),
		cmocka_unit_test(test_windows_daily),
		cmocka_unit_test(test_windows_weekly),
		cmocka_unit_test(test_windows_monthly_and_longer),
		cmocka_unit_test(test_windows_bad_since),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
