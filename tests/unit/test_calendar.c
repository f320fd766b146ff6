/*
 * test_calendar.c: unit tests of common/calendar.c.
 *
 * Expected values are worked out by hand (weekdays counted from a known
 * 1 January, Easter from published tables), not produced by the code under
 * test; the few sweeping checks compare two independent paths through the
 * module (a counter against a scan, parse against format).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "calendar.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* A date literal; a typo in a test table must fail loudly, not silently. */
static cal_day
D(const char *s)
{
	cal_day day = 0;

	assert_int_equal(cal_parse_date(s, &day), QP_OK);
	return day;
}

static int
count(const char *first, const char *last)
{
	return cal_count_opening_days(D(first), D(last));
}

static void
assert_date(cal_day day, const char *expect)
{
	char buf[11];

	assert_string_equal(cal_format_date(day, buf), expect);
}

/* ---- civil dates -------------------------------------------------------- */

static void
test_day_numbers(void **state)
{
	int y, m, d;

	(void)state;
	assert_int_equal(cal_from_ymd(1970, 1, 1), 0);
	assert_int_equal(cal_from_ymd(1969, 12, 31), -1);
	assert_int_equal(cal_from_ymd(2000, 1, 1), 10957);
	assert_int_equal(cal_from_ymd(2024, 1, 1), 19723);   /* 1704067200 s */
	assert_int_equal(cal_from_ymd(2026, 1, 1), 20454);
	assert_int_equal(cal_from_ymd(2038, 1, 19), 24855);  /* 2^31 s */
	assert_int_equal(cal_from_ymd(9999, 12, 31), 2932896);
	assert_int_equal(cal_from_ymd(1600, 3, 1), -135080);

	cal_to_ymd(20454 + 59, &y, &m, &d);
	assert_int_equal(y, 2026);
	assert_int_equal(m, 3);
	assert_int_equal(d, 1);
	cal_to_ymd(19723 + 59, &y, &m, &d);   /* leap year: 29 Feb */
	assert_int_equal(y, 2024);
	assert_int_equal(m, 2);
	assert_int_equal(d, 29);
	cal_to_ymd(-1, &y, &m, &d);
	assert_int_equal(y, 1969);
	assert_int_equal(m, 12);
	assert_int_equal(d, 31);
	cal_to_ymd(-135080, &y, &m, &d);
	assert_int_equal(y, 1600);
	assert_int_equal(m, 3);
	assert_int_equal(d, 1);
}

/* Walk 1900..2100 with a plain y/m/d counter and compare every day. */
static void
test_day_numbers_sweep(void **state)
{
	int y = 1900, m = 1, d = 1;
	cal_day day = cal_from_ymd(1900, 1, 1);

	(void)state;
	assert_int_equal(day, -25567);
	while (y <= 2100) {
		int ty, tm, td;

		assert_int_equal(cal_from_ymd(y, m, d), day);
		cal_to_ymd(day, &ty, &tm, &td);
		assert_int_equal(ty, y);
		assert_int_equal(tm, m);
		assert_int_equal(td, d);
		assert_true(cal_valid_ymd(y, m, d));
		day++;
		if (++d > cal_days_in_month(y, m)) {
			d = 1;
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
	}
	assert_int_equal(day, cal_from_ymd(2101, 1, 1));
}

static void
test_days_in_month(void **state)
{
	(void)state;
	assert_int_equal(cal_days_in_month(2024, 2), 29);
	assert_int_equal(cal_days_in_month(2026, 2), 28);
	assert_int_equal(cal_days_in_month(2000, 2), 29);
	assert_int_equal(cal_days_in_month(1900, 2), 28);
	assert_int_equal(cal_days_in_month(2100, 2), 28);
	assert_int_equal(cal_days_in_month(2026, 1), 31);
	assert_int_equal(cal_days_in_month(2026, 4), 30);
	assert_int_equal(cal_days_in_month(2026, 6), 30);
	assert_int_equal(cal_days_in_month(2026, 9), 30);
	assert_int_equal(cal_days_in_month(2026, 11), 30);
	assert_int_equal(cal_days_in_month(2026, 12), 31);
	assert_int_equal(cal_days_in_month(2026, 0), 0);
	assert_int_equal(cal_days_in_month(2026, 13), 0);

	assert_true(cal_valid_ymd(2024, 2, 29));
	assert_false(cal_valid_ymd(2023, 2, 29));
	assert_false(cal_valid_ymd(2100, 2, 29));
	assert_true(cal_valid_ymd(2000, 2, 29));
	assert_false(cal_valid_ymd(2026, 2, 30));
	assert_false(cal_valid_ymd(2026, 4, 31));
	assert_false(cal_valid_ymd(2026, 0, 1));
	assert_false(cal_valid_ymd(2026, 13, 1));
	assert_false(cal_valid_ymd(2026, 1, 0));
	assert_false(cal_valid_ymd(2026, 1, 32));
}

static void
test_weekday(void **state)
{
	(void)state;
	assert_int_equal(cal_weekday(0), 4);             /* 1970-01-01 Thu */
	assert_int_equal(cal_weekday(-1), 3);            /* 1969-12-31 Wed */
	assert_int_equal(cal_weekday(-4), 7);            /* 1969-12-28 Sun */
	assert_int_equal(cal_weekday(D("2000-01-01")), 6);
	assert_int_equal(cal_weekday(D("2024-01-01")), 1);
	assert_int_equal(cal_weekday(D("2024-02-29")), 4);
	assert_int_equal(cal_weekday(D("2026-01-01")), 4);
	assert_int_equal(cal_weekday(D("2026-05-01")), 5);
	assert_int_equal(cal_weekday(D("2026-05-14")), 4);
	assert_int_equal(cal_weekday(D("2026-07-14")), 2);
	assert_int_equal(cal_weekday(D("2026-12-25")), 5);
	assert_int_equal(cal_weekday(D("2027-01-03")), 7);
	assert_int_equal(cal_weekday(D("2027-01-04")), 1);
	assert_int_equal(cal_weekday(D("9999-12-31")), 5);
}

static void
test_parse_format_date(void **state)
{
	static const char *bad[] = {
		"", "2026", "2026-05", "2026-5-14", "2026-05-1", "2026-05-014",
		"2026-02-30", "2023-02-29", "2100-02-29", "2026-04-31",
		"2026-13-01", "2026-00-10", "2026-05-00", "2026-05-32",
		"1969-12-31", "0000-01-01", "+2026-05-14", " 2026-05-14",
		"2026-05-14 ", "2026-05-14\n", "2026/05/14", "2026-05-14T00:00",
		"20260514", "2026-O5-14", "2026-+5-14", "2026--5-14",
		"10000-01-01", "2026-05-1a",
	};
	static const char *good[] = {
		"1970-01-01", "2024-02-29", "2000-02-29", "2026-05-14",
		"2026-12-31", "9999-12-31",
	};
	char buf[11];
	cal_day day = 12345;

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		if (cal_parse_date(bad[i], &day) != QP_EINVAL)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_int_equal(day, 12345);
	}
	assert_int_equal(cal_parse_date(NULL, &day), QP_EINVAL);
	for (size_t i = 0; i < ARRAY_LEN(good); i++) {
		assert_int_equal(cal_parse_date(good[i], &day), QP_OK);
		assert_string_equal(cal_format_date(day, buf), good[i]);
	}
	assert_int_equal(cal_parse_date("2026-05-14", &day), QP_OK);
	assert_int_equal(day, 20454 + 31 + 28 + 31 + 30 + 13);
	assert_string_equal(cal_format_date_fr(day, buf), "14/05/2026");
	assert_string_equal(cal_format_date_fr(0, buf), "01/01/1970");
	assert_string_equal(cal_format_date(-1, buf), "1969-12-31");
	/* Years that do not fit 11 bytes are visibly wrong, never truncated. */
	assert_string_equal(cal_format_date(INT32_MAX, buf), "####-##-##");
	assert_string_equal(cal_format_date(INT32_MIN, buf), "####-##-##");
	assert_string_equal(cal_format_date_fr(INT32_MAX, buf), "##/##/####");
}

/* A stored date as people read it; anything else copied as is, cut to fit. */
static void
test_date_fr(void **state)
{
	char buf[32], small[6];

	(void)state;
	assert_string_equal(cal_date_fr("2026-03-12", buf, sizeof(buf)), "12/03/2026");
	assert_string_equal(cal_date_fr("2026-02-30", buf, sizeof(buf)), "2026-02-30");
	assert_string_equal(cal_date_fr("12/03/2026", buf, sizeof(buf)), "12/03/2026");
	assert_string_equal(cal_date_fr("", buf, sizeof(buf)), "");
	assert_string_equal(cal_date_fr(NULL, buf, sizeof(buf)), "");
	assert_string_equal(cal_date_fr("2026-03-12", small, sizeof(small)), "2026-");
}

/* ---- periods ------------------------------------------------------------ */

static void
test_parse_period_valid(void **state)
{
	static const struct {
		const char *text;
		enum cal_kind kind;
		int year;
		int index;
	} cases[] = {
		{ "2026", CAL_YEAR, 2026, 1 },
		{ "1970", CAL_YEAR, 1970, 1 },
		{ "9999", CAL_YEAR, 9999, 1 },
		{ "2026-H1", CAL_HALF, 2026, 1 },
		{ "2026-H2", CAL_HALF, 2026, 2 },
		{ "2026-Q1", CAL_QUARTER, 2026, 1 },
		{ "2026-Q2", CAL_QUARTER, 2026, 2 },
		{ "2026-Q3", CAL_QUARTER, 2026, 3 },
		{ "2026-Q4", CAL_QUARTER, 2026, 4 },
		{ "2026-01", CAL_MONTH, 2026, 1 },
		{ "2026-05", CAL_MONTH, 2026, 5 },
		{ "2026-12", CAL_MONTH, 2026, 12 },
		{ "2026-W01", CAL_WEEK, 2026, 1 },
		{ "2026-W20", CAL_WEEK, 2026, 20 },
		{ "2026-W53", CAL_WEEK, 2026, 53 },  /* starts on a Thursday */
		{ "2020-W53", CAL_WEEK, 2020, 53 },  /* leap, starts on a Wed */
		{ "2015-W53", CAL_WEEK, 2015, 53 },
		{ "2032-W53", CAL_WEEK, 2032, 53 },
		{ "2025-W52", CAL_WEEK, 2025, 52 },
		{ "1970-W01", CAL_WEEK, 1970, 1 },
		{ "9999-W52", CAL_WEEK, 9999, 52 },
		{ "2026-05-14", CAL_DAY, 2026, 20587 },
		{ "2024-02-29", CAL_DAY, 2024, 19723 + 59 },
		{ "1970-01-01", CAL_DAY, 1970, 0 },
		{ "9999-12-31", CAL_DAY, 9999, 2932896 },
	};
	char buf[CAL_TEXT_MAX];

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		cal_period p;

		if (cal_parse_period(cases[i].text, &p) != QP_OK)
			fail_msg("refused \"%s\"", cases[i].text);
		assert_int_equal(p.kind, cases[i].kind);
		assert_int_equal(p.year, cases[i].year);
		assert_int_equal(p.index, cases[i].index);
		/* Round trip: the canonical text is the text parsed. */
		assert_string_equal(cal_format_period(&p, buf), cases[i].text);
	}
}

static void
test_parse_period_invalid(void **state)
{
	static const char *bad[] = {
		"", "2", "202", "20266", "10000", "0000", "1969", "-2026",
		"+2026", " 2026", "2026 ", "2026\n", "202a", "2026-",
		"2026-13", "2026-00", "2026-5", "2026-005", "2026/05", "26-05",
		"2026-Q0", "2026-Q5", "2026-Q9", "2026-Q", "2026-Q01",
		"2026-q1", "2026-QA", "2026-Q1 ",
		"2026-H0", "2026-H3", "2026-H", "2026-H01", "2026-h1",
		"2026-S1", "2026-T1",
		"2026-W00", "2026-W54", "2026-W99", "2025-W53", "2024-W53",
		"2027-W53", "2026-W1", "2026-W001", "2026-w01", "2026-W5a",
		"2026W01", "2026-W-1", "1969-W01",
		"2026-02-30", "2023-02-29", "2100-02-29", "2026-05-00",
		"2026-05-1", "2026-05-14T00:00", "1969-12-31",
	};
	cal_period p = { CAL_YEAR, 1234, 7 };

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		if (cal_parse_period(bad[i], &p) != QP_EINVAL)
			fail_msg("accepted \"%s\"", bad[i]);
		/* A refused text leaves the output alone. */
		assert_int_equal(p.kind, CAL_YEAR);
		assert_int_equal(p.year, 1234);
		assert_int_equal(p.index, 7);
	}
	assert_int_equal(cal_parse_period(NULL, &p), QP_EINVAL);
}

static void
assert_bounds(const char *period, const char *first, const char *last)
{
	cal_period p;
	cal_day f, l;

	assert_int_equal(cal_parse_period(period, &p), QP_OK);
	cal_period_bounds(&p, &f, &l);
	assert_date(f, first);
	assert_date(l, last);
}

static void
test_period_bounds(void **state)
{
	(void)state;
	assert_bounds("2026-05-14", "2026-05-14", "2026-05-14");
	assert_bounds("2026-W01", "2025-12-29", "2026-01-04");
	assert_bounds("2026-W20", "2026-05-11", "2026-05-17");
	assert_bounds("2026-W53", "2026-12-28", "2027-01-03");
	assert_bounds("2025-W01", "2024-12-30", "2025-01-05");
	assert_bounds("2025-W52", "2025-12-22", "2025-12-28");
	assert_bounds("2027-W01", "2027-01-04", "2027-01-10");
	assert_bounds("2020-W53", "2020-12-28", "2021-01-03");
	assert_bounds("2021-W01", "2021-01-04", "2021-01-10");
	assert_bounds("1970-W01", "1969-12-29", "1970-01-04");
	assert_bounds("2026-01", "2026-01-01", "2026-01-31");
	assert_bounds("2026-02", "2026-02-01", "2026-02-28");
	assert_bounds("2024-02", "2024-02-01", "2024-02-29");
	assert_bounds("2100-02", "2100-02-01", "2100-02-28");
	assert_bounds("2026-04", "2026-04-01", "2026-04-30");
	assert_bounds("2026-12", "2026-12-01", "2026-12-31");
	assert_bounds("2026-Q1", "2026-01-01", "2026-03-31");
	assert_bounds("2026-Q2", "2026-04-01", "2026-06-30");
	assert_bounds("2026-Q3", "2026-07-01", "2026-09-30");
	assert_bounds("2026-Q4", "2026-10-01", "2026-12-31");
	assert_bounds("2026-H1", "2026-01-01", "2026-06-30");
	assert_bounds("2026-H2", "2026-07-01", "2026-12-31");
	assert_bounds("2026", "2026-01-01", "2026-12-31");
	assert_bounds("2024", "2024-01-01", "2024-12-31");
	assert_bounds("9999", "9999-01-01", "9999-12-31");
}

static void
assert_period_of(enum cal_kind kind, const char *day, const char *expect)
{
	char buf[CAL_TEXT_MAX];
	cal_period p = cal_period_of(kind, D(day));

	assert_int_equal(p.kind, kind);
	assert_string_equal(cal_format_period(&p, buf), expect);
}

static void
test_period_of(void **state)
{
	cal_period p;

	(void)state;
	assert_period_of(CAL_WEEK, "2024-12-29", "2024-W52");  /* Sunday */
	assert_period_of(CAL_WEEK, "2024-12-30", "2025-W01");
	assert_period_of(CAL_WEEK, "2025-01-05", "2025-W01");
	assert_period_of(CAL_WEEK, "2025-12-28", "2025-W52");
	assert_period_of(CAL_WEEK, "2025-12-29", "2026-W01");
	assert_period_of(CAL_WEEK, "2026-01-01", "2026-W01");
	assert_period_of(CAL_WEEK, "2026-05-14", "2026-W20");
	assert_period_of(CAL_WEEK, "2026-12-28", "2026-W53");
	assert_period_of(CAL_WEEK, "2027-01-01", "2026-W53");
	assert_period_of(CAL_WEEK, "2027-01-03", "2026-W53");
	assert_period_of(CAL_WEEK, "2027-01-04", "2027-W01");
	assert_period_of(CAL_WEEK, "2023-01-01", "2022-W52");
	assert_period_of(CAL_WEEK, "2021-01-03", "2020-W53");
	assert_period_of(CAL_WEEK, "1970-01-01", "1970-W01");
	assert_period_of(CAL_MONTH, "2026-05-14", "2026-05");
	assert_period_of(CAL_MONTH, "2024-02-29", "2024-02");
	assert_period_of(CAL_QUARTER, "2026-01-01", "2026-Q1");
	assert_period_of(CAL_QUARTER, "2026-03-31", "2026-Q1");
	assert_period_of(CAL_QUARTER, "2026-04-01", "2026-Q2");
	assert_period_of(CAL_QUARTER, "2026-05-14", "2026-Q2");
	assert_period_of(CAL_QUARTER, "2026-09-30", "2026-Q3");
	assert_period_of(CAL_QUARTER, "2026-12-31", "2026-Q4");
	assert_period_of(CAL_HALF, "2026-06-30", "2026-H1");
	assert_period_of(CAL_HALF, "2026-07-01", "2026-H2");
	assert_period_of(CAL_YEAR, "2027-01-01", "2027");
	assert_period_of(CAL_DAY, "2026-05-14", "2026-05-14");

	p = cal_period_of(CAL_DAY, D("2026-05-14"));
	assert_int_equal(p.year, 2026);
	assert_int_equal(p.index, D("2026-05-14"));
	p = cal_period_of(CAL_YEAR, D("2026-05-14"));
	assert_int_equal(p.year, 2026);
	assert_int_equal(p.index, 1);
	p = cal_period_of(CAL_WEEK, D("2027-01-01"));
	assert_int_equal(p.year, 2026);
	assert_int_equal(p.index, 53);
}

static void
assert_next(const char *period, const char *expect)
{
	char buf[CAL_TEXT_MAX];
	cal_period p, n, e;

	assert_int_equal(cal_parse_period(period, &p), QP_OK);
	n = cal_period_next(&p);
	assert_string_equal(cal_format_period(&n, buf), expect);
	assert_int_equal(cal_parse_period(expect, &e), QP_OK);
	assert_int_equal(n.kind, e.kind);
	assert_int_equal(n.year, e.year);
	assert_int_equal(n.index, e.index);
}

static void
test_period_next(void **state)
{
	(void)state;
	assert_next("2026-12-31", "2027-01-01");
	assert_next("2024-02-28", "2024-02-29");
	assert_next("2024-02-29", "2024-03-01");
	assert_next("2025-W52", "2026-W01");
	assert_next("2026-W52", "2026-W53");
	assert_next("2026-W53", "2027-W01");
	assert_next("2026-W20", "2026-W21");
	assert_next("2026-01", "2026-02");
	assert_next("2026-12", "2027-01");
	assert_next("2026-Q1", "2026-Q2");
	assert_next("2026-Q4", "2027-Q1");
	assert_next("2026-H1", "2026-H2");
	assert_next("2026-H2", "2027-H1");
	assert_next("2026", "2027");
	assert_next("9998", "9999");
}

/*
 * Every day 1969..2101 in every kind: the holding period contains the day,
 * formats to text that parses back to itself, and successive periods tile
 * the calendar (next starts the day after the end).
 */
static void
test_period_sweep(void **state)
{
	static const enum cal_kind kinds[] = {
		CAL_DAY, CAL_WEEK, CAL_MONTH, CAL_QUARTER, CAL_HALF, CAL_YEAR,
	};
	char buf[CAL_TEXT_MAX];
	int weeks_53 = 0;

	(void)state;
	for (cal_day day = D("1970-01-05"); day <= D("2100-12-31"); day++) {
		for (size_t k = 0; k < ARRAY_LEN(kinds); k++) {
			cal_period p = cal_period_of(kinds[k], day), back, next;
			cal_day f, l, nf, nl;

			cal_period_bounds(&p, &f, &l);
			assert_true(f <= day && day <= l);
			cal_format_period(&p, buf);
			if (cal_parse_period(buf, &back) != QP_OK)
				fail_msg("refused own text \"%s\"", buf);
			assert_int_equal(back.kind, p.kind);
			assert_int_equal(back.year, p.year);
			assert_int_equal(back.index, p.index);
			if (day == l) {
				next = cal_period_next(&p);
				cal_period_bounds(&next, &nf, &nl);
				assert_int_equal(nf, l + 1);
			}
			if (kinds[k] == CAL_WEEK && p.index == 53 &&
			    cal_weekday(day) == 1)
				weeks_53++;
		}
	}
	/*
	 * Years starting on a Thursday, or leap years starting on a Wednesday,
	 * have a week 53: 24 of the years 1970..2100.
	 */
	assert_int_equal(weeks_53, 24);
}

static void
test_format_period_odd(void **state)
{
	char buf[CAL_TEXT_MAX];
	cal_period p;
	cal_day f, l;

	(void)state;
	p = (cal_period){ CAL_QUARTER, 2026, 7 };
	assert_string_equal(cal_format_period(&p, buf), "2026-Q7");
	p = (cal_period){ CAL_WEEK, INT32_MIN, INT32_MIN };
	cal_format_period(&p, buf);
	assert_true(strlen(buf) < CAL_TEXT_MAX);
	p = (cal_period){ (enum cal_kind)42, 2026, 1 };
	assert_string_equal(cal_format_period(&p, buf), "?");
	cal_period_bounds(&p, &f, &l);
	assert_true(l < f);
	/* Month 13 carries into the next year rather than reading garbage. */
	p = (cal_period){ CAL_MONTH, 2026, 13 };
	cal_period_bounds(&p, &f, &l);
	assert_date(f, "2027-01-01");
	assert_date(l, "2027-01-31");
}

/* ---- holidays ----------------------------------------------------------- */

static void
test_easter(void **state)
{
	static const struct {
		int year;
		const char *date;
	} cases[] = {
		{ 2024, "2024-03-31" }, { 2025, "2025-04-20" },
		{ 2026, "2026-04-05" }, { 2027, "2027-03-28" },
		{ 2028, "2028-04-16" }, { 2029, "2029-04-01" },
		{ 2030, "2030-04-21" }, { 2000, "2000-04-23" },
		{ 2008, "2008-03-23" }, { 2011, "2011-04-24" },
		{ 2038, "2038-04-25" },  /* latest possible */
		{ 2285, "2285-03-22" },  /* earliest possible */
		{ 1970, "1970-03-29" }, { 1997, "1997-03-30" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		assert_date(cal_easter(cases[i].year), cases[i].date);
		assert_int_equal(cal_weekday(cal_easter(cases[i].year)), 7);
	}
}

/* The 11 holidays of 2024..2030, in calendar order, written out by hand. */
static const char *const holidays_2024_2030[7][11] = {
	{ "2024-01-01", "2024-04-01", "2024-05-01", "2024-05-08", "2024-05-09",
	  "2024-05-20", "2024-07-14", "2024-08-15", "2024-11-01", "2024-11-11",
	  "2024-12-25" },
	{ "2025-01-01", "2025-04-21", "2025-05-01", "2025-05-08", "2025-05-29",
	  "2025-06-09", "2025-07-14", "2025-08-15", "2025-11-01", "2025-11-11",
	  "2025-12-25" },
	{ "2026-01-01", "2026-04-06", "2026-05-01", "2026-05-08", "2026-05-14",
	  "2026-05-25", "2026-07-14", "2026-08-15", "2026-11-01", "2026-11-11",
	  "2026-12-25" },
	{ "2027-01-01", "2027-03-29", "2027-05-01", "2027-05-06", "2027-05-08",
	  "2027-05-17", "2027-07-14", "2027-08-15", "2027-11-01", "2027-11-11",
	  "2027-12-25" },
	{ "2028-01-01", "2028-04-17", "2028-05-01", "2028-05-08", "2028-05-25",
	  "2028-06-05", "2028-07-14", "2028-08-15", "2028-11-01", "2028-11-11",
	  "2028-12-25" },
	{ "2029-01-01", "2029-04-02", "2029-05-01", "2029-05-08", "2029-05-10",
	  "2029-05-21", "2029-07-14", "2029-08-15", "2029-11-01", "2029-11-11",
	  "2029-12-25" },
	{ "2030-01-01", "2030-04-22", "2030-05-01", "2030-05-08", "2030-05-30",
	  "2030-06-10", "2030-07-14", "2030-08-15", "2030-11-01", "2030-11-11",
	  "2030-12-25" },
};

static void
test_holidays_2024_2030(void **state)
{
	(void)state;
	for (int yi = 0; yi < 7; yi++) {
		int year = 2024 + yi, found = 0, next = 0;

		for (int i = 0; i < 11; i++) {
			const char *h = holidays_2024_2030[yi][i];

			if (!cal_is_holiday(D(h)))
				fail_msg("%s not a holiday", h);
		}
		/* Scanning the year finds exactly the table, in order. */
		for (cal_day day = cal_from_ymd(year, 1, 1);
		    day <= cal_from_ymd(year, 12, 31); day++) {
			if (!cal_is_holiday(day)) {
				assert_null(cal_holiday_name(day));
				continue;
			}
			assert_non_null(cal_holiday_name(day));
			found++;
			assert_true(next < 11);
			assert_int_equal(day, D(holidays_2024_2030[yi][next]));
			next++;
		}
		assert_int_equal(found, 11);
	}
}

static void
test_holiday_names(void **state)
{
	(void)state;
	assert_string_equal(cal_holiday_name(D("2026-01-01")), "Jour de l'an");
	assert_string_equal(cal_holiday_name(D("2026-04-06")), "Lundi de Pâques");
	assert_string_equal(cal_holiday_name(D("2026-05-01")), "Fête du Travail");
	assert_string_equal(cal_holiday_name(D("2026-05-08")), "Victoire 1945");
	assert_string_equal(cal_holiday_name(D("2026-05-14")), "Ascension");
	assert_string_equal(cal_holiday_name(D("2026-05-25")), "Lundi de Pentecôte");
	assert_string_equal(cal_holiday_name(D("2026-07-14")), "Fête nationale");
	assert_string_equal(cal_holiday_name(D("2026-08-15")), "Assomption");
	assert_string_equal(cal_holiday_name(D("2026-11-01")), "Toussaint");
	assert_string_equal(cal_holiday_name(D("2026-11-11")), "Armistice 1918");
	assert_string_equal(cal_holiday_name(D("2026-12-25")), "Noël");

	/* Not national: Good Friday, Easter and Whit Sunday, 26 Dec... */
	assert_false(cal_is_holiday(D("2026-04-03")));
	assert_false(cal_is_holiday(D("2026-04-05")));
	assert_false(cal_is_holiday(D("2026-05-24")));
	assert_false(cal_is_holiday(D("2026-12-26")));
	assert_false(cal_is_holiday(D("2026-05-02")));
	assert_false(cal_is_holiday(D("2026-11-02")));
	assert_false(cal_is_holiday(D("2026-12-31")));
	assert_null(cal_holiday_name(D("2026-04-03")));
}

/* 2008: Ascension fell on 1 May, so the year has 10 distinct holidays. */
static void
test_holiday_collision(void **state)
{
	int found = 0;

	(void)state;
	assert_true(cal_is_holiday(D("2008-05-01")));
	assert_non_null(cal_holiday_name(D("2008-05-01")));
	for (cal_day day = D("2008-01-01"); day <= D("2008-12-31"); day++)
		found += cal_is_holiday(day);
	assert_int_equal(found, 10);
	/*
	 * May 2008 starts on a Thursday: 22 weekdays, minus 1 May (Thu, also
	 * Ascension), 8 May (Thu) and Whit Monday 12 May = 19, the shared day
	 * counted once.
	 */
	assert_int_equal(count("2008-05-01", "2008-05-31"), 19);
}

/* ---- opening days ------------------------------------------------------- */

static void
test_opening_days_2026_months(void **state)
{
	/* Weekdays of each month minus holidays on a weekday, by hand. */
	static const int expect[12] = {
		21,  /* Jan: 22 weekdays - 1 Jan (Thu) */
		20,  /* Feb: starts Sunday, 20 weekdays */
		22,  /* Mar: 22 weekdays */
		21,  /* Apr: 22 - Easter Monday 6 Apr */
		17,  /* May: 21 - 1 and 8 May (Fri), Ascension 14, Whit Mon 25 */
		22,  /* Jun: 22 weekdays */
		22,  /* Jul: 23 - 14 Jul (Tue) */
		21,  /* Aug: 21 weekdays, 15 Aug is a Saturday */
		22,  /* Sep: 22 weekdays */
		22,  /* Oct: 22 weekdays */
		20,  /* Nov: 21 - 11 Nov (Wed); 1 Nov is a Sunday */
		22,  /* Dec: 23 - 25 Dec (Fri) */
	};

	(void)state;
	for (int m = 1; m <= 12; m++) {
		cal_day f = cal_from_ymd(2026, m, 1);
		cal_day l = cal_from_ymd(2026, m, cal_days_in_month(2026, m));
		int scan = 0;

		for (cal_day day = f; day <= l; day++)
			scan += cal_is_opening_day(day);
		if (cal_count_opening_days(f, l) != expect[m - 1] ||
		    scan != expect[m - 1])
			fail_msg("2026-%02d: count %d scan %d expected %d", m,
			    cal_count_opening_days(f, l), scan, expect[m - 1]);
	}
	/* 261 weekdays (53 Thursdays) - 9 holidays on a weekday. */
	assert_int_equal(count("2026-01-01", "2026-12-31"), 252);
	/* 262 weekdays (leap, 53 Mondays and Tuesdays) - 10 (14 Jul Sunday). */
	assert_int_equal(count("2024-01-01", "2024-12-31"), 252);
	/* 261 weekdays (53 Wednesdays) - 10 (1 Nov Saturday). */
	assert_int_equal(count("2025-01-01", "2025-12-31"), 251);
	assert_int_equal(count("2026-05-14", "2026-05-14"), 0);
	assert_int_equal(count("2026-05-15", "2026-05-15"), 1);
	assert_int_equal(count("2026-05-15", "2026-05-14"), 0);
	/* Across the year end: 28..31 Dec 2026 and 4..8 Jan 2027. */
	assert_int_equal(cal_count_opening_days(D("2026-12-24"), D("2027-01-08")),
	    1 + 4 + 5);
}

static void
test_jours_ouvrables(void **state)
{
	int n = 0;

	(void)state;
	assert_true(cal_is_jour_ouvrable(D("2026-05-16")));   /* Saturday */
	assert_false(cal_is_opening_day(D("2026-05-16")));
	assert_false(cal_is_jour_ouvrable(D("2026-05-17")));  /* Sunday */
	assert_false(cal_is_jour_ouvrable(D("2026-05-14")));  /* Ascension */
	assert_false(cal_is_jour_ouvrable(D("2026-08-15")));  /* Sat holiday */
	assert_true(cal_is_opening_day(D("2026-05-15")));
	/* May 2026: 21 weekdays + 5 Saturdays - 4 holidays = 22. */
	for (cal_day day = D("2026-05-01"); day <= D("2026-05-31"); day++)
		n += cal_is_jour_ouvrable(day);
	assert_int_equal(n, 22);
}

static void
test_add_opening_days(void **state)
{
	cal_day xmas_eve = D("2026-12-24");
	cal_day good_friday = D("2026-04-03");

	(void)state;
	/* 25 Dec Fri and 1 Jan Fri are holidays. */
	assert_date(cal_add_opening_days(xmas_eve, 0), "2026-12-24");
	assert_date(cal_add_opening_days(xmas_eve, 1), "2026-12-28");
	assert_date(cal_add_opening_days(xmas_eve, 4), "2026-12-31");
	assert_date(cal_add_opening_days(xmas_eve, 5), "2027-01-04");
	assert_date(cal_add_opening_days(xmas_eve, 6), "2027-01-05");
	assert_date(cal_add_opening_days(D("2026-12-25"), 0), "2026-12-28");
	assert_date(cal_add_opening_days(D("2026-12-31"), 1), "2027-01-04");

	/* Easter Monday 6 Apr 2026 is off. */
	assert_date(cal_add_opening_days(good_friday, 0), "2026-04-03");
	assert_date(cal_add_opening_days(good_friday, 1), "2026-04-07");
	assert_date(cal_add_opening_days(good_friday, 2), "2026-04-08");
	assert_date(cal_add_opening_days(D("2026-04-04"), 0), "2026-04-07");
	assert_date(cal_add_opening_days(D("2026-04-04"), 1), "2026-04-07");

	/* May 2026: Ascension Thursday 14, Whit Monday 25. */
	assert_date(cal_add_opening_days(D("2026-05-13"), 1), "2026-05-15");
	assert_date(cal_add_opening_days(D("2026-05-13"), 2), "2026-05-18");
	assert_date(cal_add_opening_days(D("2026-04-30"), 17), "2026-05-29");
	assert_date(cal_add_opening_days(D("2026-04-30"), 18), "2026-06-01");
	assert_date(cal_add_opening_days(D("2026-05-22"), 1), "2026-05-26");

	/* A whole year: the 252 opening days of 2026 end on Thu 31 Dec. */
	assert_date(cal_add_opening_days(D("2025-12-31"), 252), "2026-12-31");
	assert_date(cal_add_opening_days(D("2026-01-01"), 252), "2026-12-31");
	assert_date(cal_add_opening_days(D("2026-01-01"), 253), "2027-01-04");
	assert_date(cal_add_opening_days(D("2023-12-31"), 252 + 251 + 252),
	    "2026-12-31");
}

static void
test_add_jours_ouvrables(void **state)
{
	cal_day xmas_eve = D("2026-12-24");

	(void)state;
	assert_date(cal_add_jours_ouvrables(xmas_eve, 0), "2026-12-24");
	assert_date(cal_add_jours_ouvrables(xmas_eve, 1), "2026-12-26");
	assert_date(cal_add_jours_ouvrables(xmas_eve, 2), "2026-12-28");
	assert_date(cal_add_jours_ouvrables(xmas_eve, 5), "2026-12-31");
	assert_date(cal_add_jours_ouvrables(xmas_eve, 6), "2027-01-02");
	assert_date(cal_add_jours_ouvrables(xmas_eve, 7), "2027-01-04");

	assert_date(cal_add_jours_ouvrables(D("2026-04-03"), 1), "2026-04-04");
	assert_date(cal_add_jours_ouvrables(D("2026-04-03"), 2), "2026-04-07");
	assert_date(cal_add_jours_ouvrables(D("2026-04-04"), 0), "2026-04-04");
	assert_date(cal_add_jours_ouvrables(D("2026-04-05"), 0), "2026-04-07");
	/* Saturday 15 Aug 2026 is a holiday: Fri 14 + 1 is Mon 17. */
	assert_date(cal_add_jours_ouvrables(D("2026-08-14"), 1), "2026-08-17");
	/* May 2026 has 22 jours ouvrables, the last Sat 30. */
	assert_date(cal_add_jours_ouvrables(D("2026-04-30"), 22), "2026-05-30");
}

/*
 * The arithmetic counter against a day-by-day scan, and add against count,
 * over deterministic pseudo-random spans of 1995..2045.
 */
static void
test_opening_days_consistency(void **state)
{
	uint32_t seed = 12345;
	cal_day base = D("1995-01-01");

	(void)state;
	for (int i = 0; i < 300; i++) {
		cal_day f, l, r;
		int scan = 0, n;

		seed = seed * 1103515245u + 12345u;
		f = base + (cal_day)(seed % 18000);
		seed = seed * 1103515245u + 12345u;
		l = f + (cal_day)(seed % 800) - 5;
		for (cal_day day = f; day <= l; day++)
			scan += cal_is_opening_day(day);
		assert_int_equal(cal_count_opening_days(f, l), scan);

		n = (int)(seed % 600) + 1;
		r = cal_add_opening_days(f, n);
		assert_true(cal_is_opening_day(r));
		assert_int_equal(cal_count_opening_days(f + 1, r), n);
		r = cal_add_jours_ouvrables(f, n);
		assert_true(cal_is_jour_ouvrable(r));
	}
}

/* ---- Europe/Paris ------------------------------------------------------- */

/* 2026-03-29T01:00Z and 2026-10-25T01:00Z, the 2026 switches. */
#define SPRING_2026 INT64_C(1774746000)
#define AUTUMN_2026 INT64_C(1792890000)
/* 2026-07-14T00:00Z and 2026-01-15T00:00Z. */
#define JUL14_2026 INT64_C(1783987200)
#define JAN15_2026 INT64_C(1768435200)

static void
test_paris_offset(void **state)
{
	(void)state;
	assert_int_equal(cal_from_ymd(2026, 3, 29) * INT64_C(86400) + 3600,
	    SPRING_2026);
	assert_int_equal(cal_from_ymd(2026, 10, 25) * INT64_C(86400) + 3600,
	    AUTUMN_2026);
	assert_int_equal(cal_paris_offset(0), 3600);
	assert_int_equal(cal_paris_offset(JAN15_2026), 3600);
	assert_int_equal(cal_paris_offset(JUL14_2026), 7200);
	assert_int_equal(cal_paris_offset(SPRING_2026 - 1), 3600);
	assert_int_equal(cal_paris_offset(SPRING_2026), 7200);
	assert_int_equal(cal_paris_offset(SPRING_2026 + 3600), 7200);
	assert_int_equal(cal_paris_offset(SPRING_2026 - 86400), 3600);
	assert_int_equal(cal_paris_offset(AUTUMN_2026 - 1), 7200);
	assert_int_equal(cal_paris_offset(AUTUMN_2026), 3600);
	assert_int_equal(cal_paris_offset(AUTUMN_2026 - 86400), 7200);
	assert_int_equal(cal_paris_offset(AUTUMN_2026 + 86400), 3600);
	/* 2024 switched on 31 March and 27 October. */
	assert_int_equal(cal_paris_offset(cal_from_ymd(2024, 3, 31) *
	    INT64_C(86400) + 3599), 3600);
	assert_int_equal(cal_paris_offset(cal_from_ymd(2024, 3, 31) *
	    INT64_C(86400) + 3600), 7200);
	assert_int_equal(cal_paris_offset(cal_from_ymd(2024, 10, 27) *
	    INT64_C(86400) + 3599), 7200);
	assert_int_equal(cal_paris_offset(cal_from_ymd(2024, 10, 27) *
	    INT64_C(86400) + 3600), 3600);
	/* Extremes stay defined. */
	assert_true(cal_paris_offset(INT64_MAX) == 3600 ||
	    cal_paris_offset(INT64_MAX) == 7200);
	assert_true(cal_paris_offset(INT64_MIN) == 3600 ||
	    cal_paris_offset(INT64_MIN) == 7200);
}

static void
test_paris_day(void **state)
{
	int64_t jan15 = JAN15_2026 * 1000, jul14 = JUL14_2026 * 1000;

	(void)state;
	/* Winter: Paris midnight is 23:00Z the evening before. */
	assert_date(cal_paris_day(jan15 - 3600000 - 1), "2026-01-14");
	assert_date(cal_paris_day(jan15 - 3600000), "2026-01-15");
	assert_date(cal_paris_day(jan15 + 23 * 3600000 - 1), "2026-01-15");
	assert_date(cal_paris_day(jan15 + 23 * 3600000), "2026-01-16");
	assert_date(cal_paris_day(jan15 + 23 * 3600000 + 1800000),
	    "2026-01-16");
	/* Summer: 22:00Z. */
	assert_date(cal_paris_day(jul14 - 7200000 - 1), "2026-07-13");
	assert_date(cal_paris_day(jul14 - 7200000), "2026-07-14");
	assert_date(cal_paris_day(jul14 + 22 * 3600000 - 1), "2026-07-14");
	assert_date(cal_paris_day(jul14 + 22 * 3600000), "2026-07-15");
	/* Before the epoch rounds down, not toward zero. */
	assert_int_equal(cal_paris_day(-3600000), 0);
	assert_int_equal(cal_paris_day(-3600001), -1);
	assert_int_equal(cal_paris_day(-1), 0);
	assert_int_equal(cal_paris_day(0), 0);
	assert_int_equal(cal_paris_day(INT64_MAX), INT32_MAX);
	assert_int_equal(cal_paris_day(INT64_MIN), INT32_MIN);
}

static void
assert_parse_dt(const char *s, int64_t expect_ms)
{
	int64_t ms = 0;

	if (cal_parse_datetime(s, &ms) != QP_OK)
		fail_msg("refused \"%s\"", s);
	if (ms != expect_ms)
		fail_msg("\"%s\": %lld, expected %lld", s, (long long)ms,
		    (long long)expect_ms);
}

static void
test_parse_datetime(void **state)
{
	int64_t ten_jul14 = (JUL14_2026 + 10 * 3600) * 1000;  /* 10:00Z */

	(void)state;
	assert_parse_dt("1970-01-01T00:00Z", 0);
	assert_parse_dt("1970-01-01T00:00:01Z", 1000);
	assert_parse_dt("1970-01-01T00:00", -3600000);
	assert_parse_dt("1970-01-01", -3600000);
	assert_parse_dt("1970-01-01T01:00+01:00", 0);
	assert_parse_dt("1970-01-01T00:00-00:00", 0);

	/* Noon in Paris on 14 July is 10:00Z, however it is written. */
	assert_parse_dt("2026-07-14T10:00:00Z", ten_jul14);
	assert_parse_dt("2026-07-14T10:00Z", ten_jul14);
	assert_parse_dt("2026-07-14T12:00:00+02:00", ten_jul14);
	assert_parse_dt("2026-07-14T12:00", ten_jul14);
	assert_parse_dt("2026-07-14T12:00:00", ten_jul14);
	assert_parse_dt("2026-07-14T05:30-04:30", ten_jul14);
	/* 15 Jul 09:59:59 less 23:59 is 14 Jul 10:00:59Z. */
	assert_parse_dt("2026-07-15T09:59:59+23:59", ten_jul14 + 59000);
	assert_parse_dt("2026-07-14T12:34:56Z",
	    (JUL14_2026 + 12 * 3600 + 34 * 60 + 56) * 1000);
	/* A plain date is Paris midnight: 22:00Z in summer, 23:00Z winter. */
	assert_parse_dt("2026-07-14", (JUL14_2026 - 7200) * 1000);
	assert_parse_dt("2026-01-15", (JAN15_2026 - 3600) * 1000);
	assert_parse_dt("2026-01-15T00:00", (JAN15_2026 - 3600) * 1000);
	assert_parse_dt("2026-01-15T23:59:59",
	    (JAN15_2026 + 23 * 3600 - 1) * 1000);

	/* 29 March 2026: 02:00 CET jumps to 03:00 CEST at 01:00Z. */
	assert_parse_dt("2026-03-29T01:59:59", (SPRING_2026 - 1) * 1000);
	assert_parse_dt("2026-03-29T03:00", SPRING_2026 * 1000);
	assert_parse_dt("2026-03-29T03:00+02:00", SPRING_2026 * 1000);
	assert_parse_dt("2026-03-29T01:00Z", SPRING_2026 * 1000);
	/* 02:30 never happens: read as standard time, 01:30Z (= 03:30 CEST). */
	assert_parse_dt("2026-03-29T02:30", (SPRING_2026 + 1800) * 1000);
	assert_parse_dt("2026-03-29T02:00", SPRING_2026 * 1000);

	/* 25 October 2026: 03:00 CEST falls back to 02:00 CET at 01:00Z. */
	assert_parse_dt("2026-10-25T01:30", (AUTUMN_2026 - 5400) * 1000);
	assert_parse_dt("2026-10-25T01:59:59", (AUTUMN_2026 - 3601) * 1000);
	/* 02:00..02:59 happens twice: the standard-time (second) one. */
	assert_parse_dt("2026-10-25T02:00", AUTUMN_2026 * 1000);
	assert_parse_dt("2026-10-25T02:30", (AUTUMN_2026 + 1800) * 1000);
	assert_parse_dt("2026-10-25T02:30+02:00", (AUTUMN_2026 - 1800) * 1000);
	assert_parse_dt("2026-10-25T03:00", (AUTUMN_2026 + 3600) * 1000);
	/* Midnight of the switch day is still summer time: 22:00Z. */
	assert_parse_dt("2026-10-25", (AUTUMN_2026 - 3600 - 7200) * 1000);

	assert_parse_dt("9999-12-31T23:59:59Z",
	    (INT64_C(2932896) * 86400 + 86399) * 1000);
}

static void
test_parse_datetime_invalid(void **state)
{
	static const char *bad[] = {
		"", "2026", "2026-07", "2026-07-1", "2026-07-14T",
		"2026-07-14T12", "2026-07-14T12:0", "2026-07-14T1:00",
		"2026-07-14T24:00", "2026-07-14T12:60", "2026-07-14T12:00:60",
		"2026-07-14T12:00:5", "2026-07-14T12:00:00.000Z",
		"2026-07-14T12:00:00.5", "2026-07-14T12:00:00,5Z",
		"2026-07-14 12:00", "2026-07-14t12:00", "2026-07-14T12:00z",
		"2026-07-14T12:00+0200", "2026-07-14T12:00+02",
		"2026-07-14T12:00+2:00", "2026-07-14T12:00+24:00",
		"2026-07-14T12:00+02:60", "2026-07-14T12:00 +02:00",
		"2026-07-14T12:00Z ", "2026-07-14T12:00ZZ",
		"2026-07-14T12:00:00Zx", "2026-07-14T12:00+02:00Z",
		"2026-07-14T12:00UTC", "2026-07-14 ", "2026-07-14Z",
		"2026-02-30T00:00Z", "2023-02-29", "1969-12-31T23:00Z",
		"10000-01-01T00:00Z", " 2026-07-14T12:00", "2026-07-14T-1:00",
		"2026-07-14T+1:00",
	};
	int64_t ms = 42;

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		if (cal_parse_datetime(bad[i], &ms) != QP_EINVAL)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_int_equal(ms, 42);
	}
	assert_int_equal(cal_parse_datetime(NULL, &ms), QP_EINVAL);
}

static void
test_format_datetime(void **state)
{
	char buf[CAL_TEXT_MAX];

	(void)state;
	assert_string_equal(cal_format_datetime(0, buf),
	    "1970-01-01T01:00:00+01:00");
	assert_string_equal(cal_format_datetime(JUL14_2026 * 1000 + 36000999,
	    buf), "2026-07-14T12:00:00+02:00");
	assert_string_equal(cal_format_datetime((JAN15_2026 - 3600) * 1000,
	    buf), "2026-01-15T00:00:00+01:00");
	assert_string_equal(cal_format_datetime((SPRING_2026 - 1) * 1000, buf),
	    "2026-03-29T01:59:59+01:00");
	assert_string_equal(cal_format_datetime(SPRING_2026 * 1000, buf),
	    "2026-03-29T03:00:00+02:00");
	/* The doubled October hour, told apart by its offset. */
	assert_string_equal(cal_format_datetime((AUTUMN_2026 - 1800) * 1000,
	    buf), "2026-10-25T02:30:00+02:00");
	assert_string_equal(cal_format_datetime((AUTUMN_2026 + 1800) * 1000,
	    buf), "2026-10-25T02:30:00+01:00");
	assert_string_equal(cal_format_datetime(-1, buf),
	    "1970-01-01T00:59:59+01:00");

	assert_string_equal(cal_format_utc(0, buf), "1970-01-01T00:00:00.000Z");
	assert_string_equal(cal_format_utc(-1, buf),
	    "1969-12-31T23:59:59.999Z");
	assert_string_equal(cal_format_utc(JUL14_2026 * 1000 + 36000123, buf),
	    "2026-07-14T10:00:00.123Z");
	assert_string_equal(cal_format_utc(INT64_C(253402300799999), buf),
	    "9999-12-31T23:59:59.999Z");
	assert_string_equal(cal_format_utc(INT64_C(253402300800000), buf),
	    "10000-01-01T00:00:00.000Z");

	/* Any instant fits CAL_TEXT_MAX, with a widened year. */
	cal_format_datetime(INT64_MAX, buf);
	assert_true(strlen(buf) < CAL_TEXT_MAX);
	cal_format_datetime(INT64_MIN, buf);
	assert_true(strlen(buf) < CAL_TEXT_MAX);
	assert_true(buf[0] == '-');
	cal_format_utc(INT64_MAX, buf);
	assert_true(strlen(buf) < CAL_TEXT_MAX);
	cal_format_utc(INT64_MIN, buf);
	assert_true(strlen(buf) < CAL_TEXT_MAX);
}

/*
 * Every 15 minutes through the two 2026 switches and a quiet day: the
 * formatted text (which names its offset) parses back to the same instant,
 * and without its offset it reads back to the same instant except in the
 * doubled October hour, where the standard-time reading wins.
 */
static void
test_datetime_round_trip(void **state)
{
	static const int64_t centres[] = {
		SPRING_2026, AUTUMN_2026, JUL14_2026, JAN15_2026, 0,
	};
	char buf[CAL_TEXT_MAX], local[CAL_TEXT_MAX];

	(void)state;
	for (size_t c = 0; c < ARRAY_LEN(centres); c++) {
		for (int64_t s = centres[c] - 86400; s <= centres[c] + 86400;
		    s += 900) {
			int64_t ms = 0, expect = s * 1000;

			if (s * 1000 < -3600000)
				continue;  /* before 1970-01-01 Paris */
			cal_format_datetime(s * 1000, buf);
			assert_int_equal(cal_parse_datetime(buf, &ms), QP_OK);
			assert_int_equal(ms, s * 1000);

			memcpy(local, buf, 19);
			local[19] = '\0';
			assert_int_equal(cal_parse_datetime(local, &ms), QP_OK);
			if (s >= AUTUMN_2026 - 3600 && s < AUTUMN_2026)
				expect += 3600000;
			assert_int_equal(ms, expect);
			assert_int_equal(cal_paris_day(s * 1000),
			    cal_paris_day(ms));
		}
	}
}

/* Dates typed by people: ISO and the French JJ/MM/AAAA, both strict. */
static void
test_parse_date_typed(void **state)
{
	static const char *bad[] = {
		"", "14/5/2026", "4/05/2026", "14/05/26", "14-05-2026", "14/05-2026",
		"30/02/2026", "29/02/2025", "00/01/2026", "01/13/2026", "14/05/1969",
		"14/05/2026 ", "2026/05/14", "2026-02-30", "1a/05/2026", "14.05.2026",
	};
	char buf[11];
	cal_day day = 12345;

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(bad); i++) {
		if (cal_parse_date_typed(bad[i], &day) != QP_EINVAL)
			fail_msg("accepted \"%s\"", bad[i]);
		assert_int_equal(day, 12345);
	}
	assert_int_equal(cal_parse_date_typed(NULL, &day), QP_EINVAL);
	assert_int_equal(cal_parse_date_typed("14/05/2026", &day), QP_OK);
	assert_string_equal(cal_format_date(day, buf), "2026-05-14");
	assert_int_equal(cal_parse_date_typed("2026-05-14", &day), QP_OK);
	assert_string_equal(cal_format_date(day, buf), "2026-05-14");
	assert_int_equal(cal_parse_date_typed("29/02/2024", &day), QP_OK);
	assert_string_equal(cal_format_date(day, buf), "2024-02-29");
	assert_int_equal(cal_parse_date_typed("01/01/1970", &day), QP_OK);
	assert_int_equal(day, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_day_numbers),
		cmocka_unit_test(test_day_numbers_sweep),
		cmocka_unit_test(test_days_in_month),
		cmocka_unit_test(test_weekday),
		cmocka_unit_test(test_parse_format_date),
		cmocka_unit_test(test_parse_date_typed),
		cmocka_unit_test(test_parse_period_valid),
		cmocka_unit_test(test_parse_period_invalid),
		cmocka_unit_test(test_period_bounds),
		cmocka_unit_test(test_period_of),
		cmocka_unit_test(test_period_next),
		cmocka_unit_test(test_period_sweep),
		cmocka_unit_test(test_format_period_odd),
		cmocka_unit_test(test_easter),
		cmocka_unit_test(test_holidays_2024_2030),
		cmocka_unit_test(test_holiday_names),
		cmocka_unit_test(test_holiday_collision),
		cmocka_unit_test(test_opening_days_2026_months),
		cmocka_unit_test(test_jours_ouvrables),
		cmocka_unit_test(test_add_opening_days),
		cmocka_unit_test(test_add_jours_ouvrables),
		cmocka_unit_test(test_opening_days_consistency),
		cmocka_unit_test(test_paris_offset),
		cmocka_unit_test(test_paris_day),
		cmocka_unit_test(test_parse_datetime),
		cmocka_unit_test(test_parse_datetime_invalid),
		cmocka_unit_test(test_format_datetime),
		cmocka_unit_test(test_date_fr),
		cmocka_unit_test(test_datetime_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
