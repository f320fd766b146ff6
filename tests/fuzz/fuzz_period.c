/*
 * fuzz_period: the strict text parsers of common/calendar.c that read what
 * staff type and what comes over the wire: cal_parse_date,
 * cal_parse_period and cal_parse_datetime, each on a NUL-terminated copy of
 * the input.
 *
 * Checks beyond the sanitizers (abort on mismatch):
 *   date:     format gives back the input text; it parses to the same day;
 *   period:   format gives back the input text; it parses to the same
 *             period; its bounds are ordered, both in the period, and the
 *             next period starts the day after it ends;
 *   datetime: whole seconds; the Paris form parses back to the same instant
 *             (unless its local year is outside the parser's 1970..9999).
 */
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static bool
same_period(const cal_period *a, const cal_period *b)
{
	return a->kind == b->kind && a->year == b->year && a->index == b->index;
}

static void
check_date(const char *s)
{
	char buf[CAL_TEXT_MAX];
	cal_day d, again;

	if (cal_parse_date(s, &d) != 0)
		return;
	if (strcmp(cal_format_date(d, buf), s) != 0)
		abort();
	if (cal_parse_date(buf, &again) != 0 || again != d)
		abort();
}

static void
check_period(const char *s)
{
	char buf[CAL_TEXT_MAX];
	cal_period p, again, next, of;
	cal_day first, last, nfirst, nlast;

	if (cal_parse_period(s, &p) != 0)
		return;
	if (strcmp(cal_format_period(&p, buf), s) != 0)
		abort();
	if (cal_parse_period(buf, &again) != 0 || !same_period(&p, &again))
		abort();

	cal_period_bounds(&p, &first, &last);
	if (first > last)
		abort();
	of = cal_period_of(p.kind, first);
	if (!same_period(&of, &p))
		abort();
	of = cal_period_of(p.kind, last);
	if (!same_period(&of, &p))
		abort();
	next = cal_period_next(&p);
	cal_period_bounds(&next, &nfirst, &nlast);
	if (next.kind != p.kind || nfirst != last + 1)
		abort();
}

static void
check_datetime(const char *s)
{
	char buf[CAL_TEXT_MAX];
	int64_t ms, again;
	int year;

	if (cal_parse_datetime(s, &ms) != 0)
		return;
	if (ms % 1000 != 0)
		abort();
	cal_format_datetime(ms, buf);
	if (cal_parse_datetime(buf, &again) == 0) {
		if (again != ms)
			abort();
		return;
	}
	/* Refused: only a local year the parser does not take excuses it. */
	year = atoi(buf);
	if (buf[0] != '-' && year >= CAL_YEAR_MIN && year <= CAL_YEAR_MAX)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	check_date(s);
	check_period(s);
	check_datetime(s);
	free(s);
	return 0;
}
