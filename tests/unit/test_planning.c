/*
 * test_planning.c: unit tests of collector/planning.c (the quality planning
 * rules) and collector/ics.c (RFC 5545 escaping and folding).
 *
 * Expected dates are worked out by hand from a wall calendar (2026 starts on
 * a Thursday; Easter 2026 is 5 April, so Easter Monday 6 April, Ascension
 * 14 May, Whit Monday 25 May), not produced by the code under test. The
 * sweeping checks compare the module with an independent path (months
 * counted from the label month, a day-by-day scan of the calendar).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "calendar.h"
#include "ics.h"
#include "planning.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#ifndef QP_PLANNING_INI
#error "QP_PLANNING_INI must name deploy/planning.ini"
#endif

static cal_day
D(const char *s)
{
	cal_day day = 0;

	assert_int_equal(cal_parse_date(s, &day), QP_OK);
	return day;
}

static void
assert_date(cal_day day, const char *expect)
{
	char buf[11];

	assert_string_equal(cal_format_date(day, buf), expect);
}

/* ------------------------------------------------------------ day rules */

static void
test_parse_day(void **state)
{
	planning_day d;

	(void)state;
	assert_int_equal(planning_parse_day("2nd tuesday", &d), QP_OK);
	assert_int_equal(d.nth, 2);
	assert_int_equal(d.weekday, 2);
	assert_int_equal(planning_parse_day("last friday", &d), QP_OK);
	assert_int_equal(d.nth, -1);
	assert_int_equal(d.weekday, 5);
	assert_int_equal(planning_parse_day("First Monday", &d), QP_OK);
	assert_int_equal(d.nth, 1);
	assert_int_equal(d.weekday, 1);
	assert_int_equal(planning_parse_day("4th   thursday", &d), QP_OK);
	assert_int_equal(d.nth, 4);
	assert_int_equal(d.weekday, 4);
	assert_int_equal(planning_parse_day("15", &d), QP_OK);
	assert_int_equal(d.nth, 0);
	assert_int_equal(d.mday, 15);
	assert_int_equal(planning_parse_day("31", &d), QP_OK);

	static const char *const bad[] = {
		"", "0", "32", "015", "5th monday", "2nd saturday", "last sunday",
		"2nd", "tuesday", "2nd tuesday x", "second-tuesday", "-1", "2 tuesday",
		"1st lundi",
	};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++)
		if (planning_parse_day(bad[i], &d) != QP_EINVAL)
			fail_msg("\"%s\" accepted", bad[i]);
	assert_int_equal(planning_parse_day(NULL, &d), QP_EINVAL);
}

static void
test_parse_months(void **state)
{
	unsigned m;

	(void)state;
	assert_int_equal(planning_parse_months("3, 6, 9, 12", &m), QP_OK);
	assert_int_equal(m, (1u << 3) | (1u << 6) | (1u << 9) | (1u << 12));
	assert_int_equal(planning_parse_months("4,11", &m), QP_OK);
	assert_int_equal(m, (1u << 4) | (1u << 11));
	assert_int_equal(planning_parse_months("1", &m), QP_OK);
	assert_int_equal(m, 1u << 1);

	static const char *const bad[] = {
		"", " , ", "0", "13", "3, 3", "3;6", "march", "3.5", "-1", "123", "3,x",
	};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++)
		if (planning_parse_months(bad[i], &m) != QP_EINVAL)
			fail_msg("\"%s\" accepted", bad[i]);
}

static cal_day
in_month(const char *rule, int y, int m)
{
	planning_day d;

	assert_int_equal(planning_parse_day(rule, &d), QP_OK);
	return planning_day_in_month(&d, y, m);
}

static void
test_day_in_month(void **state)
{
	(void)state;
	/* Plain cases, 2026 (1 March is a Sunday). */
	assert_date(in_month("1st tuesday", 2026, 3), "2026-03-03");
	assert_date(in_month("2nd tuesday", 2026, 3), "2026-03-10");
	assert_date(in_month("last thursday", 2026, 3), "2026-03-26");
	assert_date(in_month("last tuesday", 2026, 6), "2026-06-30");
	assert_date(in_month("4th tuesday", 2026, 1), "2026-01-27");
	assert_date(in_month("15", 2026, 7), "2026-07-15");
	/* Holidays move to the next opening day. */
	assert_date(in_month("2nd wednesday", 2026, 11), "2026-11-12");  /* 11 Nov */
	assert_date(in_month("2nd thursday", 2026, 5), "2026-05-15");    /* Ascension */
	assert_date(in_month("1st monday", 2026, 4), "2026-04-07");      /* Easter Monday */
	assert_date(in_month("4th monday", 2026, 5), "2026-05-26");      /* Whit Monday */
	assert_date(in_month("1st friday", 2026, 5), "2026-05-04");      /* 1 May */
	assert_date(in_month("1st monday", 2024, 1), "2024-01-02");      /* 1 Jan */
	assert_date(in_month("last friday", 2026, 12), "2026-12-28");    /* Christmas */
	assert_date(in_month("14", 2026, 7), "2026-07-15");              /* Bastille Day */
	/* Weekends too. */
	assert_date(in_month("1", 2026, 3), "2026-03-02");               /* Sunday */
	assert_date(in_month("15", 2026, 8), "2026-08-17");              /* Saturday and 15 Aug */
	/* Never out of the month: back to the opening day before. */
	assert_date(in_month("31", 2026, 5), "2026-05-29");              /* Sunday 31 May */
	assert_date(in_month("31", 2026, 2), "2026-02-27");              /* 28 Feb is a Saturday */
	assert_date(in_month("31", 2026, 10), "2026-10-30");             /* Saturday 31 Oct */
	assert_date(in_month("31", 2025, 12), "2025-12-31");             /* a Wednesday */
	assert_date(in_month("29", 2028, 2), "2028-02-29");              /* leap year, Tuesday */
}

/* Sweeping: every rule, every month, 1990..2060 gives an opening day of
 * that month. */
static void
test_day_always_opening(void **state)
{
	static const char *const rules[] = {
		"1st monday", "2nd tuesday", "3rd wednesday", "4th thursday", "last friday",
		"last monday", "1st friday", "1", "8", "14", "15", "25", "28", "30", "31",
	};

	(void)state;
	for (int y = 1990; y <= 2060; y++)
		for (int m = 1; m <= 12; m++)
			for (size_t i = 0; i < ARRAY_LEN(rules); i++) {
				cal_day d = in_month(rules[i], y, m);
				int yy, mm, dd;
				cal_to_ymd(d, &yy, &mm, &dd);
				if (!cal_is_opening_day(d) || yy != y || mm != m)
					fail_msg("%s of %d-%02d gives %d-%02d-%02d", rules[i], y, m,
					         yy, mm, dd);
			}
}

/* ---------------------------------------------------------- audit cycle */

static void
test_audit_cycle(void **state)
{
	static const struct {
		int ly, lm, year;
		enum planning_audit a;
		int k;
		const char *kind;
	} cases[] = {
		{ 2026, 6, 2026, AUDIT_LABELLING, 0, "audit-renewal" },  /* labelled this year */
		{ 2025, 9, 2026, AUDIT_INTERNAL, 0, "audit-internal" },  /* L + 12 */
		{ 2024, 1, 2026, AUDIT_SURVEILLANCE, 1, "audit-surveillance" }, /* L + 24 */
		{ 2023, 4, 2026, AUDIT_INTERNAL, 1, "audit-internal" },  /* L + 36 */
		{ 2022, 5, 2026, AUDIT_RENEWAL, 2, "audit-renewal" },    /* L + 48 */
		{ 2020, 11, 2026, AUDIT_SURVEILLANCE, 3, "audit-surveillance" }, /* L + 72 */
		{ 2018, 2, 2026, AUDIT_RENEWAL, 4, "audit-renewal" },    /* L + 96 */
		{ 2015, 3, 2026, AUDIT_INTERNAL, 5, "audit-internal" },  /* 11 years: L + 132 */
		{ 2016, 3, 2026, AUDIT_SURVEILLANCE, 5, "audit-surveillance" }, /* L + 120 */
		{ 2027, 1, 2026, AUDIT_NONE, 0, NULL },                  /* not labelled yet */
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		int k = -1;
		enum planning_audit a = planning_audit_of(cases[i].ly, cases[i].lm, cases[i].year, &k);
		if (a != cases[i].a || k != cases[i].k)
			fail_msg("label %d-%02d, year %d: audit %d k %d, expected %d k %d",
			         cases[i].ly, cases[i].lm, cases[i].year, a, k, cases[i].a, cases[i].k);
		if (cases[i].kind == NULL)
			assert_null(planning_audit_kind(a));
		else
			assert_string_equal(planning_audit_kind(a), cases[i].kind);
	}
}

/* The cycle from its definition in months: external audits at L + 24k (k
 * odd: surveillance, k even: renewal), internal at L + 12 + 24k. Counted
 * month by month from L, independently of planning_audit_of. */
static void
test_audit_cycle_by_months(void **state)
{
	(void)state;
	for (int lm = 1; lm <= 12; lm++) {
		for (int ly = 2010; ly <= 2030; ly++) {
			for (int year = 2005; year <= 2060; year++) {
				int k, audits = 0;
				enum planning_audit a = planning_audit_of(ly, lm, year, &k);
				for (int m = 1; m <= 12; m++) {
					int d = (year - ly) * 12 + (m - lm);   /* months since L */
					enum planning_audit want = AUDIT_NONE;
					if (d < 0)
						continue;
					if (d == 0)
						want = AUDIT_LABELLING;
					else if (d % 24 == 0)
						want = (d / 24) % 2 ? AUDIT_SURVEILLANCE : AUDIT_RENEWAL;
					else if (d % 24 == 12)
						want = AUDIT_INTERNAL;
					if (want == AUDIT_NONE)
						continue;
					audits++;
					/* the month of the audit is the label month */
					assert_int_equal(m, lm);
					assert_int_equal(a, want);
				}
				/* exactly one audit a year from the label year on */
				assert_int_equal(audits, year >= ly ? 1 : 0);
				if (year < ly)
					assert_int_equal(a, AUDIT_NONE);
			}
		}
	}
}

/* ---------------------------------------------------------------- rules */

static void
test_survey_years(void **state)
{
	planning_rules r;

	(void)state;
	planning_rules_default(&r);
	assert_int_equal(r.survey_reference_year, 2024);
	assert_int_equal(r.survey_every_years, 2);
	assert_true(planning_survey_year(&r, 2024));
	assert_false(planning_survey_year(&r, 2025));
	assert_true(planning_survey_year(&r, 2026));
	assert_false(planning_survey_year(&r, 2027));
	assert_true(planning_survey_year(&r, 2028));
	assert_true(planning_survey_year(&r, 2022));   /* before the reference */
	assert_false(planning_survey_year(&r, 2023));
	r.survey_reference_year = 2025;
	assert_false(planning_survey_year(&r, 2026));
	assert_true(planning_survey_year(&r, 2027));
	r.survey_every_years = 3;
	assert_true(planning_survey_year(&r, 2028));
	assert_false(planning_survey_year(&r, 2027 + 2));
	assert_true(planning_survey_year(&r, 2019));
}

static char *
write_tmp(const char *text)
{
	char *path = strdup("/tmp/qp-planning-test.XXXXXX");
	int fd;

	assert_non_null(path);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static int
load_text(const char *text, planning_rules *r, char *err, size_t errlen)
{
	char *path = write_tmp(text);
	int e = planning_rules_load(path, r, err, errlen);

	unlink(path);
	free(path);
	return e;
}

/* deploy/planning.ini documents the defaults: it must say what they are. */
static void
test_deploy_file_is_the_default(void **state)
{
	planning_rules def, file;
	char err[512] = "";

	(void)state;
	planning_rules_default(&def);
	memset(&file, 0xa5, sizeof(file));
	if (planning_rules_load(QP_PLANNING_INI, &file, err, sizeof(err)) != QP_OK)
		fail_msg("%s", err);
	assert_memory_equal(&def, &file, sizeof(def));
	/* and the defaults are those docs/planning.md lists */
	assert_int_equal(def.rule[PR_ACTION_REVIEW].months,
	                 (1u << 3) | (1u << 6) | (1u << 9) | (1u << 12));
	assert_int_equal(def.rule[PR_EVACUATION_DRILL].months, (1u << 4) | (1u << 11));
	assert_int_equal(def.rule[PR_REVIEW_CENTRAL].months, 1u << 3);
	assert_int_equal(def.rule[PR_REVIEW_CENTRAL].day.nth, -1);
	assert_int_equal(def.rule[PR_REVIEW_CENTRAL].day.weekday, 4);
	assert_int_equal(def.rule[PR_AUDIT].day.nth, 2);
	assert_int_equal(def.rule[PR_AUDIT].day.weekday, 2);
}

static void
test_rules_override(void **state)
{
	planning_rules def, r;
	char err[512] = "";

	(void)state;
	planning_rules_default(&def);
	/* an empty file keeps every default */
	assert_int_equal(load_text("", &r, err, sizeof(err)), QP_OK);
	assert_memory_equal(&def, &r, sizeof(r));
	assert_int_equal(load_text("[mystery-calls]\nmonths = 6\nday = 1st friday\n"
	                           "[satisfaction-survey]\nreference_year = 2025\n",
	                           &r, err, sizeof(err)), QP_OK);
	assert_int_equal(r.rule[PR_MYSTERY_CALLS].months, 1u << 6);
	assert_int_equal(r.rule[PR_MYSTERY_CALLS].day.nth, 1);
	assert_int_equal(r.rule[PR_MYSTERY_CALLS].day.weekday, 5);
	assert_int_equal(r.survey_reference_year, 2025);
	assert_int_equal(r.survey_every_years, 2);
	/* the rest untouched */
	assert_memory_equal(&def.rule[PR_AUDIT], &r.rule[PR_AUDIT],
	                    sizeof(r.rule[0]) * (PR_MYSTERY_CALLS - PR_AUDIT));
}

static void
expect_bad(const char *text, const char *needle)
{
	planning_rules r;
	char err[512] = "";
	int e = load_text(text, &r, err, sizeof(err));

	if (e != QP_ECONFIG)
		fail_msg("accepted (%d): %s", e, text);
	if (strstr(err, needle) == NULL)
		fail_msg("error \"%s\" does not name \"%s\"", err, needle);
}

static void
test_rules_refused(void **state)
{
	(void)state;
	/* syntax: config.c's messages, with the line */
	expect_bad("[audit]\nmonths = 3\n", ":2: ");
	expect_bad("[meetings]\nday = 1\n", ":1: ");
	expect_bad("[satisfaction-survey]\nevery_years = 0\n", ":2: ");
	/* meaning: this module's messages, with the line too */
	expect_bad("[audit]\n\nday = 5th monday\n", ":3: [audit] day: expected");
	expect_bad("[action-review]\nmonths = 3, 6, 9\n", "[action-review] months: expected "
	           "exactly one month in each quarter");
	expect_bad("[cleaning-eval]\nmonths = 1, 2, 6, 9, 12\n", "got 2 in quarter 1");
	expect_bad("[evacuation-drill]\nmonths = 4\n", ":2: [evacuation-drill] months: "
	           "expected at least two months");
	expect_bad("[review-central]\nmonths = 3, 9\n", "[review-central] months: expected one month");
	expect_bad("[network-daa]\nmonths = 13\n", "[network-daa] months");
	expect_bad("[review-local]\nmonths = 4\n", "[review-local] months: the local reviews "
	           "must come before the central review");
}

/* ------------------------------------------------------------ generation */

static const planning_event *
find(const planning *p, const char *uid)
{
	for (size_t i = 0; i < p->nevents; i++)
		if (strcmp(p->events[i].uid, uid) == 0)
			return &p->events[i];
	return NULL;
}

static const planning_event *
must_find(const planning *p, const char *uid)
{
	const planning_event *ev = find(p, uid);

	if (ev == NULL)
		fail_msg("no event %s", uid);
	return ev;
}

static size_t
count_scope_kind(const planning *p, const char *scope, const char *kind)
{
	size_t n = 0;

	for (size_t i = 0; i < p->nevents; i++)
		if ((scope == NULL || strcmp(p->events[i].scope, scope) == 0) &&
		    (kind == NULL || strcmp(p->events[i].kind, kind) == 0))
			n++;
	return n;
}

static const planning_site sites_2026[] = {
	{ "eps-05", "2015-03" },   /* 11 years ago: internal (L + 132) */
	{ "eps-07", "2026-06" },   /* labelled this year: labelling audit */
	{ "eps-09", "" },          /* no label month: no audit, a warning */
	{ "eps-12", "2024-01" },   /* surveillance */
	{ "eps-13", "2027-02" },   /* labelled next year: no audit, a warning */
	{ "eps-14", "2022-11" },   /* renewal */
};

static planning *
gen(const planning_rules *r, int year, const planning_site *s, size_t n)
{
	planning *p = NULL;
	char err[256] = "";

	if (planning_generate(r, year, s, n, &p, err, sizeof(err)) != QP_OK)
		fail_msg("generate %d: %s", year, err);
	return p;
}

static void
test_generate_2026(void **state)
{
	planning_rules r;
	planning *p;
	const planning_event *ev;

	(void)state;
	planning_rules_default(&r);
	p = gen(&r, 2026, sites_2026, ARRAY_LEN(sites_2026));
	assert_int_equal(p->year, 2026);

	/* audits: kind and date (2nd Tuesday of the label month) */
	ev = must_find(p, "2026-eps-05-audit@qualiparis-eps.paris.fr");
	assert_string_equal(ev->kind, "audit-internal");
	assert_string_equal(ev->date, "2026-03-10");
	assert_string_equal(ev->scope, "eps-05");
	assert_non_null(strstr(ev->description, "SMQ8"));
	assert_non_null(strstr(ev->description, "132 mois"));
	ev = must_find(p, "2026-eps-07-audit@qualiparis-eps.paris.fr");
	assert_string_equal(ev->kind, "audit-renewal");
	assert_string_equal(ev->title, "Audit de labellisation QualiPARIS");
	assert_string_equal(ev->date, "2026-06-09");
	ev = must_find(p, "2026-eps-12-audit@qualiparis-eps.paris.fr");
	assert_string_equal(ev->kind, "audit-surveillance");
	assert_string_equal(ev->date, "2026-01-13");
	ev = must_find(p, "2026-eps-14-audit@qualiparis-eps.paris.fr");
	assert_string_equal(ev->kind, "audit-renewal");
	assert_string_equal(ev->title, "Audit externe de renouvellement du label QualiPARIS");
	assert_string_equal(ev->date, "2026-11-10");
	assert_null(find(p, "2026-eps-09-audit@qualiparis-eps.paris.fr"));
	assert_null(find(p, "2026-eps-13-audit@qualiparis-eps.paris.fr"));
	assert_int_equal(p->nwarnings, 2);
	assert_non_null(strstr(p->warnings[0], "eps-09"));
	assert_non_null(strstr(p->warnings[0], "no label month"));
	assert_non_null(strstr(p->warnings[1], "eps-13"));

	/* per site: 1 local review, 4 + 4 quarterly, 2 drills, 1 document
	 * update, and the audit when there is one */
	for (size_t i = 0; i < ARRAY_LEN(sites_2026); i++) {
		const char *s = sites_2026[i].id;
		bool audit = strcmp(s, "eps-09") != 0 && strcmp(s, "eps-13") != 0;
		assert_int_equal(count_scope_kind(p, s, "review-local"), 1);
		assert_int_equal(count_scope_kind(p, s, "action-review"), 4);
		assert_int_equal(count_scope_kind(p, s, "cleaning-eval"), 4);
		assert_int_equal(count_scope_kind(p, s, "evacuation-drill"), 2);
		assert_int_equal(count_scope_kind(p, s, "document-update"), 1);
		assert_int_equal(count_scope_kind(p, s, NULL), audit ? 13 : 12);
	}
	/* one event of each quarterly kind in each quarter */
	for (int q = 1; q <= 4; q++) {
		char uid[80];
		snprintf(uid, sizeof(uid), "2026-eps-05-action-review-q%d@qualiparis-eps.paris.fr", q);
		ev = must_find(p, uid);
		assert_int_equal((ev->date[5] - '0') * 10 + (ev->date[6] - '0'), 3 * q);
		snprintf(uid, sizeof(uid), "2026-eps-05-cleaning-eval-q%d@qualiparis-eps.paris.fr", q);
		ev = must_find(p, uid);
		assert_int_equal((ev->date[5] - '0') * 10 + (ev->date[6] - '0'), 3 * q);
	}
	assert_string_equal(must_find(p, "2026-eps-05-action-review-q1@qualiparis-eps.paris.fr")->date,
	                    "2026-03-17");
	assert_string_equal(must_find(p, "2026-eps-05-action-review-q4@qualiparis-eps.paris.fr")->date,
	                    "2026-12-15");
	assert_string_equal(must_find(p, "2026-eps-05-cleaning-eval-q2@qualiparis-eps.paris.fr")->date,
	                    "2026-06-18");
	assert_string_equal(must_find(p, "2026-eps-05-evacuation-drill-1@qualiparis-eps.paris.fr")->date,
	                    "2026-04-08");
	/* 2nd Wednesday of November 2026 is the 11th, a holiday */
	assert_string_equal(must_find(p, "2026-eps-05-evacuation-drill-2@qualiparis-eps.paris.fr")->date,
	                    "2026-11-12");
	assert_string_equal(must_find(p, "2026-eps-05-document-update@qualiparis-eps.paris.fr")->date,
	                    "2026-01-27");
	ev = must_find(p, "2026-eps-05-review-local@qualiparis-eps.paris.fr");
	assert_string_equal(ev->date, "2026-02-12");
	assert_string_equal(ev->title, "Revue qualité annuelle locale");
	assert_non_null(strstr(ev->description, "SMQ10"));

	/* central */
	assert_int_equal(count_scope_kind(p, "central", NULL), 14);
	assert_string_equal(must_find(p, "2026-central-review-central@qualiparis-eps.paris.fr")->date,
	                    "2026-03-26");
	assert_string_equal(must_find(p, "2026-central-mystery-calls@qualiparis-eps.paris.fr")->date,
	                    "2026-05-11");
	ev = must_find(p, "2026-central-satisfaction-survey@qualiparis-eps.paris.fr");
	assert_string_equal(ev->date, "2026-10-05");
	assert_non_null(strstr(ev->description, "N12"));
	assert_int_equal(count_scope_kind(p, "central", "network-meeting"), 10);
	assert_string_equal(must_find(p, "2026-central-network-reception-1@qualiparis-eps.paris.fr")->date,
	                    "2026-03-03");
	assert_string_equal(must_find(p, "2026-central-network-referents-2@qualiparis-eps.paris.fr")->date,
	                    "2026-11-05");
	assert_string_equal(must_find(p, "2026-central-network-daa-2@qualiparis-eps.paris.fr")->date,
	                    "2026-05-26");
	assert_string_equal(must_find(p, "2026-central-network-dacs-1@qualiparis-eps.paris.fr")->date,
	                    "2026-01-22");
	assert_string_equal(must_find(p, "2026-central-label-checkpoint@qualiparis-eps.paris.fr")->date,
	                    "2026-06-30");
	assert_int_equal(p->nevents, 14 + 4 * 13 + 2 * 12);
	planning_destroy(&p);
	assert_null(p);
	planning_destroy(&p);
}

static void
test_survey_every_second_year(void **state)
{
	planning_rules r;

	(void)state;
	planning_rules_default(&r);
	for (int y = 2020; y <= 2035; y++) {
		planning *p = gen(&r, y, NULL, 0);
		size_t n = count_scope_kind(p, "central", "satisfaction-survey");
		if (n != (y % 2 == 0 ? 1u : 0u))
			fail_msg("%d: %zu surveys", y, n);
		assert_int_equal(count_scope_kind(p, "central", "mystery-calls"), 1);
		assert_int_equal(count_scope_kind(p, "central", "review-central"), 1);
		assert_int_equal(count_scope_kind(p, "central", "label-checkpoint"), 1);
		planning_destroy(&p);
	}
}

/* Every event of every year: an opening day of its year, unique uid; the
 * local reviews before the central one; the same inputs, the same events. */
static void
test_generate_invariants(void **state)
{
	planning_rules r;
	planning_site many[17];
	char ids[17][16], label[17][8];

	(void)state;
	planning_rules_default(&r);
	for (int i = 0; i < 17; i++) {
		snprintf(ids[i], sizeof(ids[i]), i == 0 ? "eps-centre" : "eps-%02d", i + 3);
		snprintf(label[i], sizeof(label[i]), "%04d-%02d", 2012 + i % 9, 1 + (i * 5) % 12);
		many[i].id = ids[i];
		many[i].labelled_since = label[i];
	}
	for (int y = 2020; y <= 2040; y++) {
		planning *p = gen(&r, y, many, 17), *again, *reversed;
		planning_site rev[17];
		cal_day central = 0;
		char prefix[8];

		snprintf(prefix, sizeof(prefix), "%d-", y);
		for (size_t i = 0; i < p->nevents; i++) {
			const planning_event *ev = &p->events[i];
			cal_day d = D(ev->date);
			if (!cal_is_opening_day(d))
				fail_msg("%s on %s, not an opening day", ev->uid, ev->date);
			if (strncmp(ev->date, prefix, 5) != 0 || strncmp(ev->uid, prefix, 5) != 0)
				fail_msg("%s on %s, not in %d", ev->uid, ev->date, y);
			if (i > 0 && strcmp(p->events[i - 1].date, ev->date) > 0)
				fail_msg("not sorted at %s", ev->uid);
			for (size_t j = 0; j < i; j++)
				if (strcmp(p->events[j].uid, ev->uid) == 0)
					fail_msg("uid %s twice", ev->uid);
			if (ev->title[0] == '\0' || ev->description[0] == '\0')
				fail_msg("%s has no title or description", ev->uid);
			if (strcmp(ev->kind, "review-central") == 0)
				central = d;
		}
		for (size_t i = 0; i < p->nevents; i++)
			if (strcmp(p->events[i].kind, "review-local") == 0)
				assert_true(D(p->events[i].date) < central);
		/* one audit per site per year, all sites labelled by 2020 */
		assert_int_equal(count_scope_kind(p, NULL, "audit-internal") +
		                 count_scope_kind(p, NULL, "audit-surveillance") +
		                 count_scope_kind(p, NULL, "audit-renewal"), 17);
		assert_int_equal(p->nwarnings, 0);

		again = gen(&r, y, many, 17);
		assert_int_equal(again->nevents, p->nevents);
		assert_memory_equal(again->events, p->events, p->nevents * sizeof(*p->events));
		for (int i = 0; i < 17; i++)
			rev[i] = many[16 - i];
		reversed = gen(&r, y, rev, 17);
		assert_int_equal(reversed->nevents, p->nevents);
		assert_memory_equal(reversed->events, p->events, p->nevents * sizeof(*p->events));
		planning_destroy(&again);
		planning_destroy(&reversed);
		planning_destroy(&p);
	}
}

static void
test_rules_change_output(void **state)
{
	planning_rules r;
	planning *p;
	char err[512] = "";

	(void)state;
	assert_int_equal(load_text("[mystery-calls]\nmonths = 5\nday = 2nd thursday\n"
	                           "[audit]\nday = 15\n"
	                           "[satisfaction-survey]\nreference_year = 2025\n",
	                           &r, err, sizeof(err)), QP_OK);
	p = gen(&r, 2026, sites_2026, ARRAY_LEN(sites_2026));
	/* 2nd Thursday of May 2026 is Ascension: the day after */
	assert_string_equal(must_find(p, "2026-central-mystery-calls@qualiparis-eps.paris.fr")->date,
	                    "2026-05-15");
	/* 15 March 2026 is a Sunday */
	assert_string_equal(must_find(p, "2026-eps-05-audit@qualiparis-eps.paris.fr")->date,
	                    "2026-03-16");
	assert_null(find(p, "2026-central-satisfaction-survey@qualiparis-eps.paris.fr"));
	planning_destroy(&p);
}

static void
test_generate_refuses(void **state)
{
	planning_rules r;
	planning *p = NULL;
	char err[256] = "";
	const planning_site odd[] = { { "central", "2020-01" }, { "eps-05", "2020-01" },
	                              { "eps-05", "2020-01" }, { "eps-06", "2020-xx" } };

	(void)state;
	planning_rules_default(&r);
	/* same month: the days decide, year by year */
	r.rule[PR_REVIEW_LOCAL].months = r.rule[PR_REVIEW_CENTRAL].months;
	r.rule[PR_REVIEW_LOCAL].day = r.rule[PR_REVIEW_CENTRAL].day;
	assert_int_equal(planning_generate(&r, 2026, NULL, 0, &p, err, sizeof(err)), QP_EINVAL);
	assert_null(p);
	assert_non_null(strstr(err, "2026-03-26"));
	planning_rules_default(&r);
	assert_int_equal(planning_generate(&r, 1969, NULL, 0, &p, err, sizeof(err)), QP_EINVAL);
	/* a site called "central", a site twice, a broken label month */
	p = gen(&r, 2026, odd, ARRAY_LEN(odd));
	assert_int_equal(count_scope_kind(p, "central", NULL), 14);
	assert_int_equal(count_scope_kind(p, "eps-05", NULL), 13);
	assert_int_equal(count_scope_kind(p, "eps-06", NULL), 12);
	assert_int_equal(p->nwarnings, 3);
	planning_destroy(&p);
}

/* ------------------------------------------------------------------ ics */

static void
test_ics_escape(void **state)
{
	char *s;

	(void)state;
	s = ics_escape_text("Revue, bilan; a\\b\nligne 2\r\nligne 3\x01\tfin");
	assert_string_equal(s, "Revue\\, bilan\\; a\\\\b\\nligne 2\\nligne 3\tfin");
	free(s);
	s = ics_escape_text("");
	assert_string_equal(s, "");
	free(s);
	s = ics_escape_text("Évaluation à 100 %");
	assert_string_equal(s, "Évaluation à 100 %");
	free(s);
}

static void
test_ics_fold_short(void **state)
{
	char line[80], *s;

	(void)state;
	s = ics_fold("BEGIN:VEVENT");
	assert_string_equal(s, "BEGIN:VEVENT\r\n");
	free(s);
	/* exactly 75 octets: no fold */
	memset(line, 'x', 75);
	line[75] = '\0';
	s = ics_fold(line);
	assert_int_equal(strlen(s), 77);
	assert_null(strchr(s, ' '));
	free(s);
}

/* Folding a long French title by hand: "SUMMARY:" is 8 octets, "Réunion"
 * 8 (é is two octets), " de " 4, "préparation" 12, " de la revue " 13,
 * "qualité" 8, " annuelle " 10, "centrale " 9: 72, then "pr" 74. The next
 * é would take octets 75 and 76, so the line ends at 74 and the é starts
 * the continuation line, after its space. */
static void
test_ics_fold_french_title(void **state)
{
	char *s;

	(void)state;
	s = ics_fold("SUMMARY:Réunion de préparation de la revue qualité annuelle centrale "
	             "préalable à la plénière des EPS");
	assert_string_equal(s,
	    "SUMMARY:Réunion de préparation de la revue qualité annuelle centrale pr\r\n"
	    " éalable à la plénière des EPS\r\n");
	free(s);
	/* the planning's longest title: 77 octets, all ASCII: 75 + " e)" */
	s = ics_fold("SUMMARY:Analyse trimestrielle du tableau de suivi des actions (1er trimestre)");
	assert_string_equal(s,
	    "SUMMARY:Analyse trimestrielle du tableau de suivi des actions (1er trimestr\r\n"
	    " e)\r\n");
	free(s);
}

/* Sweeping: many lengths and multi-octet characters (2, 3 and 4 octets):
 * no physical line over 75 octets, none starting with a continuation
 * octet, and unfolding gives the line back. */
static void
test_ics_fold_sweep(void **state)
{
	static const char *const chunks[] = { "a", "é", "–", "😀", ",", " " };
	char line[1200];

	(void)state;
	for (unsigned seed = 1; seed < 400; seed++) {
		size_t n = 0;
		unsigned x = seed;
		char *s, *p, unf[1200];
		size_t u = 0;
		while (n < (seed * 7) % 1000 + 1) {
			const char *c;
			x = x * 1103515245u + 12345u;
			c = chunks[(x >> 16) % ARRAY_LEN(chunks)];
			memcpy(line + n, c, strlen(c));
			n += strlen(c);
		}
		line[n] = '\0';
		s = ics_fold(line);
		assert_non_null(s);
		for (p = s; *p;) {
			char *eol = strstr(p, "\r\n");
			size_t len;
			assert_non_null(eol);
			len = (size_t)(eol - p);
			if (len > ICS_LINE_OCTETS)
				fail_msg("seed %u: a line of %zu octets", seed, len);
			if (p != s) {
				assert_int_equal(p[0], ' ');
				assert_true(len >= 2);
				assert_int_not_equal((unsigned char)p[1] & 0xc0, 0x80);
				memcpy(unf + u, p + 1, len - 1);
				u += len - 1;
			} else {
				memcpy(unf + u, p, len);
				u += len;
			}
			p = eol + 2;
		}
		unf[u] = '\0';
		assert_string_equal(unf, line);
		free(s);
	}
}

static void
test_ics_write(void **state)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	(void)state;
	assert_non_null(fp);
	assert_int_equal(ics_write(fp, "DTSTART;VALUE=DATE", "20260310", false), QP_OK);
	assert_int_equal(ics_write(fp, "SUMMARY", "Audit interne, site; test", true), QP_OK);
	fclose(fp);
	assert_string_equal(buf, "DTSTART;VALUE=DATE:20260310\r\n"
	                         "SUMMARY:Audit interne\\, site\\; test\r\n");
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_day),
		cmocka_unit_test(test_parse_months),
		cmocka_unit_test(test_day_in_month),
		cmocka_unit_test(test_day_always_opening),
		cmocka_unit_test(test_audit_cycle),
		cmocka_unit_test(test_audit_cycle_by_months),
		cmocka_unit_test(test_survey_years),
		cmocka_unit_test(test_deploy_file_is_the_default),
		cmocka_unit_test(test_rules_override),
		cmocka_unit_test(test_rules_refused),
		cmocka_unit_test(test_generate_2026),
		cmocka_unit_test(test_survey_every_second_year),
		cmocka_unit_test(test_generate_invariants),
		cmocka_unit_test(test_rules_change_output),
		cmocka_unit_test(test_generate_refuses),
		cmocka_unit_test(test_ics_escape),
		cmocka_unit_test(test_ics_fold_short),
		cmocka_unit_test(test_ics_fold_french_title),
		cmocka_unit_test(test_ics_fold_sweep),
		cmocka_unit_test(test_ics_write),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
