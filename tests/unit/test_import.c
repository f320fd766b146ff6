/*
 * test_import: the delay rules (common/delays.c) and the import
 * computation (common/import.c), on files whose figures are worked out by
 * hand below. Calendar facts used (checked against a wall calendar):
 *   2026: Easter Sunday 5 April, so Easter Monday 6 April, Ascension
 *         Thursday 14 May, Whit Monday 25 May; 1 May and 8 May are
 *         Fridays; 14 July is a Tuesday, 15 August a Saturday.
 *   2025: 1 November is a Saturday, 11 November a Tuesday (bridge: Monday
 *         10 November, an ordinary jour ouvrable).
 *   2022: 1 November is a Tuesday (bridge: Monday 31 October), 11
 *         November a Friday.
 *   2028 is a leap year (29 February); 2026 and 2027 are not.
 * Jours ouvrables: every day but Sundays and public holidays (Saturdays
 * count). The limit is the N-th such day after the start; the end may fall
 * on it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "import.h"

static cal_day
day(int y, int m, int d)
{
	return cal_from_ymd(y, m, d);
}

struct mem {
	const char *data;
	size_t len, pos;
};

static ssize_t
mem_read(void *ctx, void *buf, size_t len)
{
	struct mem *m = ctx;
	size_t n = m->len - m->pos;

	if (n > len)
		n = len;
	memcpy(buf, m->data + m->pos, n);
	m->pos += n;
	return (ssize_t)n;
}

static import_result *
run(const char *data, size_t len, import_options *o)
{
	struct mem m = { data, len, 0 };
	import_result *r = NULL;
	char err[512];
	int rc = import_run(mem_read, &m, o, &r, err, sizeof(err));

	if (rc != 0)
		fail_msg("import_run: %d %s", rc, err);
	assert_non_null(r);
	return r;
}

#define RUN(lit, o) run(lit, sizeof(lit) - 1, o)

static const import_month *
month(const import_result *r, int y, int m)
{
	for (size_t i = 0; i < r->n_months; i++)
		if (r->months[i].year == y && r->months[i].month == m)
			return &r->months[i];
	fail_msg("no month %d-%02d", y, m);
	return NULL;
}

static void
expect_month(const import_result *r, int y, int m, uint64_t rows, uint64_t on_time, uint64_t late,
             uint64_t pending, uint64_t rejected)
{
	const import_month *mm = month(r, y, m);

	assert_int_equal(mm->rows, rows);
	assert_int_equal(mm->on_time, on_time);
	assert_int_equal(mm->late, late);
	assert_int_equal(mm->pending, pending);
	assert_int_equal(mm->rejected, rejected);
}

/* ------------------------------------------------------------- rules */

static void
test_rule_table(void **state)
{
	const delay_rule *r;

	(void)state;
	r = delay_rule_find("S1-MISSING-12D");
	assert_non_null(r);
	assert_int_equal(r->limit, 12);
	assert_int_equal(r->days, DELAY_CALENDAR_DAYS);
	r = delay_rule_find("S1-DECISION-15D");
	assert_int_equal(r->limit, 15);
	assert_int_equal(r->days, DELAY_CALENDAR_DAYS);
	r = delay_rule_find("S2-FIRST-5WD");
	assert_int_equal(r->limit, 5);
	assert_int_equal(r->days, DELAY_JOURS_OUVRABLES);
	r = delay_rule_find("S2-REFERENT-10D");
	assert_int_equal(r->limit, 10);
	assert_int_equal(r->days, DELAY_CALENDAR_DAYS);
	r = delay_rule_find("S2-APPT-30WD");
	assert_int_equal(r->limit, 30);
	assert_int_equal(r->days, DELAY_JOURS_OUVRABLES);
	assert_int_equal(delay_rule_index(r), DELAY_S2_APPT);
	assert_null(delay_rule_find("N7-CALLS-25S"));
	assert_null(delay_rule_find(NULL));
}

static void
test_limits_over_holidays(void **state)
{
	const delay_rule *wd5 = delay_rule_find("S2-FIRST-5WD");
	const delay_rule *wd30 = delay_rule_find("S2-APPT-30WD");
	const delay_rule *d12 = delay_rule_find("S1-MISSING-12D");

	(void)state;
	/*
	 * Thu 2 Apr 2026: Fri 3 (1), Sat 4 (2), [Sun 5], [Mon 6 Easter
	 * Monday], Tue 7 (3), Wed 8 (4), Thu 9 (5) -> 9 Apr. (Counting jours
	 * ouvrés instead, without Saturdays, would give Fri 10.)
	 */
	assert_int_equal(delay_limit(wd5, day(2026, 4, 2)), day(2026, 4, 9));
	/* Mon 11 May: Tue 12 (1), Wed 13 (2), [Thu 14 Ascension], Fri 15
	 * (3), Sat 16 (4), [Sun 17], Mon 18 (5) -> 18 May. */
	assert_int_equal(delay_limit(wd5, day(2026, 5, 11)), day(2026, 5, 18));
	/* Wed 20 May: Thu 21 (1), Fri 22 (2), Sat 23 (3), [Sun 24], [Mon 25
	 * Whit Monday], Tue 26 (4), Wed 27 (5) -> 27 May. */
	assert_int_equal(delay_limit(wd5, day(2026, 5, 20)), day(2026, 5, 27));
	/* Fri 10 Jul: Sat 11 (1), [Sun 12], Mon 13 (2), [Tue 14 July], Wed
	 * 15 (3), Thu 16 (4), Fri 17 (5) -> 17 Jul. */
	assert_int_equal(delay_limit(wd5, day(2026, 7, 10)), day(2026, 7, 17));
	/* Wed 12 Aug: Thu 13 (1), Fri 14 (2), [Sat 15 August], [Sun 16], Mon
	 * 17 (3), Tue 18 (4), Wed 19 (5) -> 19 Aug. */
	assert_int_equal(delay_limit(wd5, day(2026, 8, 12)), day(2026, 8, 19));
	/* Fri 31 Oct 2025: [Sat 1 Nov], [Sun 2], Mon 3 (1) ... Fri 7 (5). */
	assert_int_equal(delay_limit(wd5, day(2025, 10, 31)), day(2025, 11, 7));
	/* Fri 7 Nov 2025: Sat 8 (1), [Sun 9], Mon 10 (2: the bridge is a
	 * jour ouvrable), [Tue 11 Nov], Wed 12 (3), Thu 13 (4), Fri 14 (5). */
	assert_int_equal(delay_limit(wd5, day(2025, 11, 7)), day(2025, 11, 14));
	/*
	 * Sat 29 Oct 2022, 30 jours ouvrables: Mon 31 Oct (1, bridge),
	 * [Tue 1 Nov], Wed 2..Sat 5 (2-5), Mon 7..Thu 10 (6-9), [Fri 11 Nov],
	 * Sat 12 (10), Mon 14..Sat 19 (11-16), Mon 21..Sat 26 (17-22), Mon
	 * 28..Sat 3 Dec (23-28), Mon 5 (29), Tue 6 Dec (30) -> 6 Dec 2022.
	 */
	assert_int_equal(delay_limit(wd30, day(2022, 10, 29)), day(2022, 12, 6));
	/*
	 * Thu 2 Apr 2026, 30 jours ouvrables: Fri 3, Sat 4 (1-2), [Easter
	 * Monday 6], Tue 7..Sat 11 (3-7), Mon 13..Sat 18 (8-13), Mon 20..Sat
	 * 25 (14-19), Mon 27..Thu 30 (20-23), [Fri 1 May], Sat 2 (24), Mon
	 * 4..Thu 7 (25-28), [Fri 8 May], Sat 9 (29), Mon 11 May (30).
	 */
	assert_int_equal(delay_limit(wd30, day(2026, 4, 2)), day(2026, 5, 11));
	/* Calendar days over a month end: 20 Feb 2028 + 12 = 3 Mar (21..29
	 * Feb is 9 days in a leap year, then 1..3 Mar); 2026: 4 Mar. */
	assert_int_equal(delay_limit(d12, day(2028, 2, 20)), day(2028, 3, 3));
	assert_int_equal(delay_limit(d12, day(2026, 2, 20)), day(2026, 3, 4));
	assert_int_equal(delay_limit(d12, day(2028, 2, 29)), day(2028, 3, 12));
}

static void
test_judge(void **state)
{
	cal_day limit = day(2026, 3, 15);

	(void)state;
	assert_int_equal(delay_judge(limit, false, limit, limit + 30), DELAY_ON_TIME);
	assert_int_equal(delay_judge(limit, false, limit + 1, limit + 30), DELAY_LATE);
	/* Open: still decidable-later on the limit day, late the day after. */
	assert_int_equal(delay_judge(limit, true, 0, limit), DELAY_PENDING);
	assert_int_equal(delay_judge(limit, true, 0, limit + 1), DELAY_LATE);
}

/* -------------------------------------------------------------- files */

static void
test_holidays_file(void **state)
{
	import_options o = { .code = "S2-FIRST-5WD", .as_of = day(2026, 12, 31) };
	import_result *r;

	(void)state;
	/* The limits are those of test_limits_over_holidays. */
	r = RUN("N° dossier;Date 1er accueil;Date entretien TS accueil\n"
	        "A1;02/04/2026;09/04/2026\n"       /* on the limit: on time */
	        "A2;02/04/2026;10/04/2026\n"       /* a day after: late */
	        "A3;11/05/2026;18/05/2026\n"       /* on time (Ascension) */
	        "A4;11/05/2026;19/05/2026\n"       /* late */
	        "A5;20/05/2026;27/05/2026 14:30\n" /* on time (Whit Monday) */
	        "A6;10/07/2026;17/07/2026\n"       /* on time (14 July) */
	        "A7;10/07/2026;2026-07-18\n"       /* late */
	        "A8;12/08/2026;19/08/2026\n"       /* on time (15 August) */
	        "A9;12/08/2026;20/08/2026\n",
	        &o); /* late */
	assert_int_equal(r->rows, 9);
	assert_int_equal(r->rejected, 0);
	assert_true(r->ids_checked);
	assert_int_equal(r->n_months, 4);
	/* April: A1 on time, A2 late. May: A3, A5 on time, A4 late. */
	expect_month(r, 2026, 4, 2, 1, 1, 0, 0);
	expect_month(r, 2026, 5, 3, 2, 1, 0, 0);
	expect_month(r, 2026, 7, 2, 1, 1, 0, 0);
	expect_month(r, 2026, 8, 2, 1, 1, 0, 0);
	assert_int_equal(import_month_denominator(month(r, 2026, 5)), 3);
	import_result_destroy(&r);
	assert_null(r);
}

static void
test_bridges_file(void **state)
{
	import_options o = { .code = "S2-APPT-30WD", .as_of = day(2026, 12, 31) };
	import_options o5 = { .code = "S2-FIRST-5WD", .as_of = day(2026, 12, 31) };
	import_result *r;

	(void)state;
	/* 29 Oct 2022 -> 6 Dec 2022; both rows count in October 2022. */
	r = RUN("Date dernier entretien accueil;Date 1er RDV suivi\n"
	        "29/10/2022;06/12/2022\n"
	        "29/10/2022;07/12/2022\n",
	        &o);
	assert_false(r->ids_checked);
	expect_month(r, 2022, 10, 2, 1, 1, 0, 0);
	import_result_destroy(&r);
	/* 31 Oct 2025 -> 7 Nov; 7 Nov 2025 -> 14 Nov. */
	r = RUN("Date 1er accueil;Date entretien TS accueil\n"
	        "31/10/2025;07/11/2025\n"
	        "07/11/2025;14/11/2025\n"
	        "07/11/2025;15/11/2025\n",
	        &o5);
	expect_month(r, 2025, 10, 1, 1, 0, 0, 0);
	expect_month(r, 2025, 11, 2, 1, 1, 0, 0);
	import_result_destroy(&r);
}

static void
test_month_boundary_and_leap_day(void **state)
{
	import_options o = { .code = "S1-MISSING-12D", .as_of = day(2028, 12, 31) };
	import_result *r;

	(void)state;
	/*
	 * 20 Feb 2028 -> 3 Mar (leap year): end 3 Mar on time, 4 Mar late;
	 * both count in February, the month of the start. 29 Feb 2028 -> 12
	 * Mar: on time. 31 Jan 2028 -> 12 Feb: on time, in January. 20 Feb
	 * 2026 -> 4 Mar (no 29 Feb): on time. 29/02/2027 does not exist: line
	 * 7 is rejected with no month.
	 */
	r = RUN("Date de dépôt;Date courrier pièces manquantes\n"
	        "20/02/2028;03/03/2028\n"
	        "20/02/2028;04/03/2028\n"
	        "29/02/2028;12/03/2028\n"
	        "31/01/2028;12/02/2028\n"
	        "20/02/2026;04/03/2026\n"
	        "29/02/2027;04/03/2027\n",
	        &o);
	assert_int_equal(r->rows, 6);
	assert_int_equal(r->n_months, 3);
	expect_month(r, 2026, 2, 1, 1, 0, 0, 0);
	expect_month(r, 2028, 1, 1, 1, 0, 0, 0);
	expect_month(r, 2028, 2, 3, 2, 1, 0, 0);
	assert_int_equal(r->rejected, 1);
	assert_int_equal(r->n_listed, 1);
	assert_int_equal(r->listed[0].line, 7);
	assert_int_equal(r->listed[0].reason, IMPORT_R_BAD_DATE);
	assert_string_equal(r->listed[0].column, "Date de dépôt");
	assert_string_equal(r->listed[0].value, "29/02/2027");
	import_result_destroy(&r);
}

static void
test_open_case_before_and_after_limit(void **state)
{
	static const char file[] = "Date dernier entretien accueil;"
	                           "Date envoi nom TS suivi\n"
	                           "05/03/2026;\n"            /* open; limit 5 + 10 = 15 Mar */
	                           "05/03/2026;15/03/2026\n"; /* closed on the limit: on time */
	import_options o = { .code = "S2-REFERENT-10D" };
	import_result *r;

	(void)state;
	/* On 15 March the open case may still be closed in time: left out. */
	o.as_of = day(2026, 3, 15);
	r = RUN(file, &o);
	expect_month(r, 2026, 3, 2, 1, 0, 1, 0);
	assert_int_equal(import_month_denominator(month(r, 2026, 3)), 1);
	import_result_destroy(&r);
	/* From 16 March its limit has passed: late. */
	o.as_of = day(2026, 3, 16);
	r = RUN(file, &o);
	expect_month(r, 2026, 3, 2, 1, 1, 0, 0);
	import_result_destroy(&r);
}

static void
test_duplicates_bad_rows_and_quotes(void **state)
{
	import_options o = { .code = "S2-FIRST-5WD", .as_of = day(2026, 3, 31) };
	import_result *r;
	char text[256];

	(void)state;
	/*
	 * Line 2: D-1 starts Mon 2 Mar, limit Sat 7 Mar, ended 4 Mar: on
	 * time; its comment holds a ';' inside quotes. Lines 3-4: D-2 starts
	 * Tue 3 Mar, open, limit Mon 9 Mar (Wed 4..Sat 7, Mon 9) < 31 Mar:
	 * late; its comment holds a line break. Line 5: D-1 again: duplicate
	 * of line 2. Line 6: 31/02 does not exist. Line 7: ends before it
	 * starts. Line 8: starts after the as-of day.
	 */
	r = RUN("N° dossier;Date 1er accueil;Date entretien TS accueil;Commentaire\r\n"
	        "\"D-1\";02/03/2026;04/03/2026;\"appel; rappel\"\r\n"
	        "\"D-2\";03/03/2026;;\"note sur\r\ndeux lignes\"\r\n"
	        "\"D-1\";02/03/2026;04/03/2026;doublon\r\n"
	        "D-3;31/02/2026;05/03/2026;\r\n"
	        "D-4;05/03/2026;04/03/2026;\r\n"
	        "D-5;01/04/2026;;\r\n"
	        ";;;\r\n",
	        &o);
	assert_int_equal(r->rows, 6);
	assert_int_equal(r->rejected, 4);
	/* March: D-1, D-2 counted; the duplicate and D-4 rejected there. */
	expect_month(r, 2026, 3, 2, 1, 1, 0, 2);
	expect_month(r, 2026, 4, 0, 0, 0, 0, 1);
	assert_int_equal(r->n_listed, 4);
	assert_int_equal(r->listed[0].line, 5);
	assert_int_equal(r->listed[0].reason, IMPORT_R_DUPLICATE);
	assert_int_equal(r->listed[0].first_line, 2);
	assert_string_equal(r->listed[0].value, ""); /* never the id */
	assert_int_equal(r->listed[1].line, 6);
	assert_int_equal(r->listed[1].reason, IMPORT_R_BAD_DATE);
	assert_int_equal(r->listed[2].line, 7);
	assert_int_equal(r->listed[2].reason, IMPORT_R_END_BEFORE_START);
	assert_int_equal(r->listed[3].line, 8);
	assert_int_equal(r->listed[3].reason, IMPORT_R_AFTER_AS_OF);
	import_reject_text(&r->listed[0], text, sizeof(text));
	assert_string_equal(text, "same id as line 2: duplicate row");
	import_reject_text(&r->listed[1], text, sizeof(text));
	assert_string_equal(text, "column \"Date 1er accueil\": \"31/02/2026\" "
	                          "is not a date (JJ/MM/AAAA, JJ/MM/AAAA HH:MM or AAAA-MM-JJ)");
	assert_string_equal(import_reason_key(r->listed[2].reason), "end-before-start");
	import_result_destroy(&r);
}

static void
test_calls_cp1252_semicolon(void **state)
{
	import_options o = { .code = CALLS_CODE, .as_of = day(2026, 12, 31) };
	import_result *r;
	char comment[512];

	(void)state;
	/*
	 * Windows-1252: "R\xE9pondu" is the default column "Répondu" only if
	 * the é is decoded right; "D\xE9croch\xE9" is "Décroché".
	 * March: 12 s answered (within), 25 s answered (within: the limit is
	 * inclusive), 25,5 s answered (over), 00:40 answered (40 s, over),
	 * 3 s not answered (not within): 5 calls, 2 within.
	 * April: 0:20 "Décroché" (within): 1 call, 1 within.
	 */
	r = RUN("Date;Temps d'attente;R\xE9pondu\r\n"
	        "02/03/2026 08:59;12;Oui\r\n"
	        "02/03/2026 09:10;25;oui\r\n"
	        "02/03/2026 09:11;25,5;OUI\r\n"
	        "02/03/2026 09:12;00:40;Oui\r\n"
	        "02/03/2026 09:13;3;Non\r\n"
	        "01/04/2026 10:00;0:20;D\xE9"
	        "croch\xE9\r\n",
	        &o);
	assert_int_equal(r->encoding, CSV_ENC_CP1252);
	assert_int_equal(r->delimiter, ';');
	assert_true(r->calls);
	assert_false(r->ids_checked);
	assert_int_equal(r->rejected, 0);
	expect_month(r, 2026, 3, 5, 2, 3, 0, 0);
	expect_month(r, 2026, 4, 1, 1, 0, 0, 0);
	assert_string_equal(r->col_names[2], "Répondu");
	assert_int_equal(strlen(r->sha256), 64);
	import_comment(r, month(r, 2026, 3), comment, sizeof(comment));
	assert_non_null(strstr(comment, r->sha256));
	assert_non_null(strstr(comment, "5 appels, 2 décrochés en 25 s au plus"));
	import_result_destroy(&r);
}

static void
test_utf8_bom_comma_and_iso(void **state)
{
	import_options o = { .code = "S1-DECISION-15D", .as_of = day(2026, 12, 31) };
	import_result *r;

	(void)state;
	/* 10 Jan + 15 = 25 Jan: X1 on time, X2 (26 Jan) late; X3 15 Jan ->
	 * 30 Jan, on time; quoted dates. */
	r = RUN("\xEF\xBB\xBF"
	        "N° dossier,Date dossier complet,Date courrier décision\n"
	        "X1,2026-01-10,2026-01-25\n"
	        "X2,2026-01-10T09:00,2026-01-26 10:00:00\n"
	        "X3,\"15/01/2026\",\"30/01/2026\"\n",
	        &o);
	assert_int_equal(r->encoding, CSV_ENC_UTF8_BOM);
	assert_int_equal(r->delimiter, ',');
	expect_month(r, 2026, 1, 3, 2, 1, 0, 0);
	import_result_destroy(&r);
}

static void
test_configured_columns(void **state)
{
	import_columns cols;
	import_options o = { .code = "S2-FIRST-5WD", .as_of = day(2026, 12, 31) };
	import_result *r;

	(void)state;
	memset(&cols, 0, sizeof(cols));
	cols.start[DELAY_S2_FIRST] = "\"Date A\"";
	cols.end[DELAY_S2_FIRST] = "date b";
	import_columns_apply(&cols, &o);
	assert_string_equal(o.col_start, "\"Date A\"");
	/* Trimmed, case ignored, quotes of the INI value dropped; "1/4/2026"
	 * is 01/04/2026, a Wednesday: Thu 2 (1), Fri 3 (2), Sat 4 (3), [Sun
	 * 5], [Easter Monday 6], Tue 7 (4), Wed 8 (5): ended 7 Apr, on time. */
	r = RUN(" DATE A ;Date B\n1/4/2026;7/4/2026\n", &o);
	expect_month(r, 2026, 4, 1, 1, 0, 0, 0);
	import_result_destroy(&r);
}

static void
test_errors(void **state)
{
	import_options o = { .code = "S2-FIRST-5WD", .as_of = day(2026, 12, 31) };
	import_options bad = { .code = "N9-REPLY-1M", .as_of = day(2026, 12, 31) };
	import_options id = o;
	import_result *r = NULL;
	struct mem m;
	char err[512];

	(void)state;
	m = (struct mem){ "Début;Fin\n01/01/2026;02/01/2026\n", 33, 0 };
	assert_int_equal(import_run(mem_read, &m, &o, &r, err, sizeof(err)), QP_EINVAL);
	assert_null(r);
	assert_non_null(strstr(err, "line 1: no column \"Date 1er accueil\" in "
	                            "the header; it has: \"Début\", \"Fin\""));
	m = (struct mem){ "", 0, 0 };
	assert_int_equal(import_run(mem_read, &m, &o, &r, err, sizeof(err)), QP_EINVAL);
	assert_string_equal(err, "empty file: no header line");
	m = (struct mem){ "a;b\n", 4, 0 };
	assert_int_equal(import_run(mem_read, &m, &bad, &r, err, sizeof(err)), QP_EINVAL);
	assert_non_null(strstr(err, "unknown indicator \"N9-REPLY-1M\""));
	/* A configured id column must be there; the default need not. */
	id.col_id = "Dossier";
	m = (struct mem){ "Date 1er accueil;Date entretien TS accueil\n", 43, 0 };
	assert_int_equal(import_run(mem_read, &m, &id, &r, err, sizeof(err)), QP_EINVAL);
	assert_non_null(strstr(err, "no column \"Dossier\""));
	assert_int_equal(import_run_path("/nonexistent/x.csv", &o, &r, err, sizeof(err)),
	                 QP_ENOTFOUND);
}

/* Rows made on the fly: "C<i>;<start>;<end>" (see test_million_rows). */
struct gen {
	long i, n;
	char buf[64];
	size_t len, pos;
	bool header_done;
};

static ssize_t
gen_read(void *ctx, void *out, size_t len)
{
	struct gen *g = ctx;
	size_t done = 0;
	char a[11], b[11];

	while (done < len) {
		if (g->pos == g->len) {
			if (!g->header_done) {
				g->len = (size_t)snprintf(g->buf, sizeof(g->buf),
				                          "N° dossier;Date de dépôt;Date courrier "
				                          "pièces manquantes\r\n");
				g->header_done = true;
			} else if (g->i < g->n) {
				cal_day s = day(2026, 1, 1) + (cal_day)(g->i % 365);

				g->len = (size_t)snprintf(
				        g->buf, sizeof(g->buf), "C%ld;%s;%s\r\n", g->i,
				        cal_format_date_fr(s, a),
				        cal_format_date_fr(s + (cal_day)(g->i % 20), b));
				g->i++;
			} else {
				break;
			}
			g->pos = 0;
		}
		size_t n = g->len - g->pos;

		if (n > len - done)
			n = len - done;
		memcpy((char *)out + done, g->buf + g->pos, n);
		g->pos += n;
		done += n;
	}
	return (ssize_t)done;
}

static void
test_million_rows(void **state)
{
	import_options o = { .code = "S1-MISSING-12D", .as_of = day(2027, 6, 30) };
	struct gen g = { .n = 1000000 };
	import_result *r = NULL;
	uint64_t rows = 0, on_time = 0, late = 0;
	char err[256];

	(void)state;
	/*
	 * Row i starts on day i % 365 of 2026 and ends i % 20 days later:
	 * on time (12 calendar days) iff i % 20 <= 12, i.e. 13 of every 20
	 * rows: 1,000,000 / 20 * 13 = 650,000 on time, 350,000 late.
	 * 1,000,000 = 365 * 2739 + 265: days 0..264 of the year start 2740
	 * rows each, days 265..364 start 2739; January (days 0..30) holds
	 * 31 * 2740 = 84,940 rows, December (days 334..364) 31 * 2739 =
	 * 84,909. Every id is distinct.
	 */
	assert_int_equal(import_run(gen_read, &g, &o, &r, err, sizeof(err)), 0);
	assert_int_equal(r->rows, 1000000);
	assert_int_equal(r->rejected, 0);
	assert_int_equal(r->n_months, 12);
	for (size_t i = 0; i < r->n_months; i++) {
		rows += r->months[i].rows;
		on_time += r->months[i].on_time;
		late += r->months[i].late;
	}
	assert_int_equal(rows, 1000000);
	assert_int_equal(on_time, 650000);
	assert_int_equal(late, 350000);
	assert_int_equal(month(r, 2026, 1)->rows, 84940);
	assert_int_equal(month(r, 2026, 12)->rows, 84909);
	import_result_destroy(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rule_table),
		cmocka_unit_test(test_limits_over_holidays),
		cmocka_unit_test(test_judge),
		cmocka_unit_test(test_holidays_file),
		cmocka_unit_test(test_bridges_file),
		cmocka_unit_test(test_month_boundary_and_leap_day),
		cmocka_unit_test(test_open_case_before_and_after_limit),
		cmocka_unit_test(test_duplicates_bad_rows_and_quotes),
		cmocka_unit_test(test_calls_cp1252_semicolon),
		cmocka_unit_test(test_utf8_bom_comma_and_iso),
		cmocka_unit_test(test_configured_columns),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_million_rows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
