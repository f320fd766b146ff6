/*
 * calendar.c: civil dates, business periods, French public holidays and
 * Europe/Paris local time, all by integer arithmetic (see calendar.h).
 *
 * Internally day numbers and years are int64_t: the public cal_day is 32 bits
 * and Unix instants are 64-bit milliseconds, so working in 64 bits and
 * saturating at the edge keeps absurd inputs (a corrupt record, INT64_MAX)
 * free of signed overflow instead of trusting every caller to range-check.
 */
#include "calendar.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#define SECS_PER_DAY 86400
#define CET_OFFSET 3600
#define CEST_OFFSET 7200
/* EU summer time starts and ends at 01:00 UTC on the switch Sundays. */
#define DST_SWITCH_SOD 3600

/* Weekday numbers as cal_weekday() returns them. */
#define WD_FRIDAY 5
#define WD_SATURDAY 6

#define HOLIDAYS_PER_YEAR 11

/* C division truncates toward zero; calendars need floor for dates < 1970. */
static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

/* From the remainder: a - floor_div(a, b) * b overflows near INT64_MIN. */
static int64_t
floor_mod(int64_t a, int64_t b)
{
	int64_t r = a % b;

	if (r != 0 && ((r < 0) != (b < 0)))
		r += b;
	return r;
}

static cal_day
clamp_day(int64_t day)
{
	if (day > INT32_MAX)
		return INT32_MAX;
	if (day < INT32_MIN)
		return INT32_MIN;
	return (cal_day)day;
}

static bool
is_leap(int64_t y)
{
	return (y % 4 == 0) && (y % 100 != 0 || y % 400 == 0);
}

static int
month_length(int64_t y, int m)
{
	static const int len[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};

	if (m < 1 || m > 12)
		return 0;
	if (m == 2 && is_leap(y))
		return 29;
	return len[m - 1];
}

/*
 * Howard Hinnant's days_from_civil: counting years from March puts the leap
 * day last, so a 400-year era is a fixed 146097 days. m must be 1..12.
 */
static int64_t
days_from_civil(int64_t y, int m, int64_t d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = floor_div(y, 400);
	yoe = y - era * 400;
	doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = floor_div(z, 146097);
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static int64_t
year_of(int64_t day)
{
	int64_t y;
	int m, d;

	civil_from_days(day, &y, &m, &d);
	return y;
}

/*
 * First day of month m of year y for any m, carrying whole years, so that
 * period bounds of an out-of-range index stay defined ("month 13" is the
 * next January) rather than reading past a table.
 */
static int64_t
month_start(int64_t y, int64_t m)
{
	int64_t m0 = m - 1;

	return days_from_civil(y + floor_div(m0, 12),
	    (int)floor_mod(m0, 12) + 1, 1);
}

/* 1 = Monday ... 7 = Sunday; day 0 (1970-01-01) was a Thursday. */
static int
weekday_of(int64_t day)
{
	return (int)floor_mod(day + 3, 7) + 1;
}

static int64_t
last_sunday(int64_t y, int m)
{
	int64_t last = days_from_civil(y, m, month_length(y, m));

	return last - weekday_of(last) % 7;
}

/* Monday of ISO week 1: the week holding 4 January holds the first Thursday. */
static int64_t
iso_week1_monday(int64_t y)
{
	int64_t jan4 = days_from_civil(y, 1, 4);

	return jan4 - (weekday_of(jan4) - 1);
}

static void
iso_week_of(int64_t day, int64_t *iso_year, int *week)
{
	/* The Thursday of the week decides its year (ISO 8601). */
	int64_t thursday = day - weekday_of(day) + 4;

	*iso_year = year_of(thursday);
	*week = (int)((thursday - days_from_civil(*iso_year, 1, 1)) / 7 + 1);
}

static int
iso_weeks_in_year(int64_t y)
{
	int64_t iy;
	int w;

	/* 28 December is always in the last week of its own ISO year. */
	iso_week_of(days_from_civil(y, 12, 28), &iy, &w);
	return w;
}

cal_day
cal_from_ymd(int y, int m, int d)
{
	if (m < 1 || m > 12)
		return clamp_day(month_start(y, m) + (int64_t)d - 1);
	return clamp_day(days_from_civil(y, m, d));
}

void
cal_to_ymd(cal_day day, int *y, int *m, int *d)
{
	int64_t y64;

	civil_from_days(day, &y64, m, d);
	/* cal_day spans about +-5.9 million years, well inside int. */
	*y = (int)y64;
}

bool
cal_valid_ymd(int y, int m, int d)
{
	return m >= 1 && m <= 12 && d >= 1 && d <= month_length(y, m);
}

int
cal_days_in_month(int y, int m)
{
	return month_length(y, m);
}

int
cal_weekday(cal_day day)
{
	return weekday_of(day);
}

/* ---- text ---------------------------------------------------------------- */

/* Exactly n ASCII digits at s; rejects signs, spaces and a short string. */
static bool
read_digits(const char *s, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

static bool
read_year(const char *s, int *y)
{
	return read_digits(s, 4, y) && *y >= CAL_YEAR_MIN && *y <= CAL_YEAR_MAX;
}

/*
 * Writes v zero-padded to `width` digits, with a leading '-' if negative,
 * and returns the end. Unsigned magnitude so INT64_MIN is fine.
 */
static char *
put_num(char *p, int64_t v, int width)
{
	char tmp[24];
	uint64_t mag = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	int n = 0;

	do {
		tmp[n++] = (char)('0' + mag % 10);
		mag /= 10;
	} while (mag != 0);
	while (n < width)
		tmp[n++] = '0';
	if (v < 0)
		*p++ = '-';
	while (n > 0)
		*p++ = tmp[--n];
	return p;
}

/*
 * "YYYY-MM-DD", the year widened (with its sign) outside 0000..9999: only
 * buffers of CAL_TEXT_MAX bytes use this, and they have room for any year a
 * cal_day or an int64 millisecond instant can reach.
 */
static char *
put_ymd(char *p, int64_t day)
{
	int64_t y;
	int m, d;

	civil_from_days(day, &y, &m, &d);
	p = put_num(p, y, 4);
	*p++ = '-';
	p = put_num(p, m, 2);
	*p++ = '-';
	return put_num(p, d, 2);
}

static bool
fits_short_date(cal_day day)
{
	int64_t y = year_of(day);

	return y >= 0 && y <= 9999;
}

int
cal_parse_date(const char *s, cal_day *out)
{
	int y, m, d;

	if (s == NULL || strlen(s) != 10)
		return QP_EINVAL;
	if (!read_year(s, &y) || s[4] != '-' || !read_digits(s + 5, 2, &m) ||
	    s[7] != '-' || !read_digits(s + 8, 2, &d))
		return QP_EINVAL;
	if (!cal_valid_ymd(y, m, d))
		return QP_EINVAL;
	*out = (cal_day)days_from_civil(y, m, d);
	return QP_OK;
}

int
cal_parse_date_typed(const char *s, cal_day *out)
{
	int y, m, d;

	if (s == NULL || strlen(s) != 10)
		return QP_EINVAL;
	if (s[2] != '/')
		return cal_parse_date(s, out);
	if (!read_digits(s, 2, &d) || s[5] != '/' || !read_digits(s + 3, 2, &m) ||
	    !read_year(s + 6, &y))
		return QP_EINVAL;
	if (!cal_valid_ymd(y, m, d))
		return QP_EINVAL;
	*out = (cal_day)days_from_civil(y, m, d);
	return QP_OK;
}

/*
 * The 11-byte buffers of the two date formatters cannot hold a year outside
 * 0000..9999, so such a day is written as '#' (as a spreadsheet shows a
 * value that does not fit): visibly wrong and refused by the parser, rather
 * than silently another date.
 */
char *
cal_format_date(cal_day day, char *buf)
{
	if (!fits_short_date(day)) {
		memcpy(buf, "####-##-##", sizeof("####-##-##"));
		return buf;
	}
	*put_ymd(buf, day) = '\0';
	return buf;
}

char *
cal_format_date_fr(cal_day day, char *buf)
{
	int y, m, d;
	char *p = buf;

	if (!fits_short_date(day)) {
		memcpy(buf, "##/##/####", sizeof("##/##/####"));
		return buf;
	}
	cal_to_ymd(day, &y, &m, &d);
	p = put_num(p, d, 2);
	*p++ = '/';
	p = put_num(p, m, 2);
	*p++ = '/';
	p = put_num(p, y, 4);
	*p = '\0';
	return buf;
}

char *
cal_date_fr(const char *iso, char *buf, size_t len)
{
	cal_day d;

	if (len == 0)
		return buf;
	if (iso != NULL && len >= 11 && cal_parse_date(iso, &d) == 0)
		return cal_format_date_fr(d, buf);
	snprintf(buf, len, "%s", iso != NULL ? iso : "");
	return buf;
}

/* ---- periods ------------------------------------------------------------- */

int
cal_parse_period(const char *s, cal_period *out)
{
	cal_period p;
	size_t len;
	int y, v;

	if (s == NULL)
		return QP_EINVAL;
	len = strlen(s);
	if (len == 10) {
		cal_day day;

		if (cal_parse_date(s, &day) != QP_OK)
			return QP_EINVAL;
		*out = cal_period_of(CAL_DAY, day);
		return QP_OK;
	}
	if (!read_year(s, &y))
		return QP_EINVAL;
	p.year = y;
	if (len == 4) {
		p.kind = CAL_YEAR;
		p.index = 1;
	} else if (len == 7 && s[4] == '-' && s[5] == 'Q' &&
	    read_digits(s + 6, 1, &v) && v >= 1 && v <= 4) {
		p.kind = CAL_QUARTER;
		p.index = v;
	} else if (len == 7 && s[4] == '-' && s[5] == 'H' &&
	    read_digits(s + 6, 1, &v) && v >= 1 && v <= 2) {
		p.kind = CAL_HALF;
		p.index = v;
	} else if (len == 7 && s[4] == '-' && read_digits(s + 5, 2, &v) &&
	    v >= 1 && v <= 12) {
		p.kind = CAL_MONTH;
		p.index = v;
	} else if (len == 8 && s[4] == '-' && s[5] == 'W' &&
	    read_digits(s + 6, 2, &v) && v >= 1 && v <= iso_weeks_in_year(y)) {
		p.kind = CAL_WEEK;
		p.index = v;
	} else {
		return QP_EINVAL;
	}
	*out = p;
	return QP_OK;
}

/*
 * Writes the fields as they are, even out of range, so that a bad period
 * shows up as such in a log or report ("2026-Q7", "?" for an unknown kind).
 * The widest case, an int year and int index, is 24 bytes.
 */
char *
cal_format_period(const cal_period *p, char *buf)
{
	char *e = buf;

	switch (p->kind) {
	case CAL_DAY:
		e = put_ymd(e, p->index);
		break;
	case CAL_WEEK:
		e = put_num(e, p->year, 4);
		*e++ = '-';
		*e++ = 'W';
		e = put_num(e, p->index, 2);
		break;
	case CAL_MONTH:
		e = put_num(e, p->year, 4);
		*e++ = '-';
		e = put_num(e, p->index, 2);
		break;
	case CAL_QUARTER:
	case CAL_HALF:
		e = put_num(e, p->year, 4);
		*e++ = '-';
		*e++ = p->kind == CAL_QUARTER ? 'Q' : 'H';
		e = put_num(e, p->index, 1);
		break;
	case CAL_YEAR:
		e = put_num(e, p->year, 4);
		break;
	default:
		*e++ = '?';
		break;
	}
	*e = '\0';
	return buf;
}

/*
 * An unknown kind yields the empty range first > last, so a caller's loop
 * over [first, last] does nothing instead of walking garbage.
 */
void
cal_period_bounds(const cal_period *p, cal_day *first, cal_day *last)
{
	int64_t f, l;
	int64_t y = p->year, i = p->index;

	switch (p->kind) {
	case CAL_DAY:
		f = l = i;
		break;
	case CAL_WEEK:
		f = iso_week1_monday(y) + 7 * (i - 1);
		l = f + 6;
		break;
	case CAL_MONTH:
		f = month_start(y, i);
		l = month_start(y, i + 1) - 1;
		break;
	case CAL_QUARTER:
		f = month_start(y, 3 * i - 2);
		l = month_start(y, 3 * i + 1) - 1;
		break;
	case CAL_HALF:
		f = month_start(y, 6 * i - 5);
		l = month_start(y, 6 * i + 1) - 1;
		break;
	case CAL_YEAR:
		f = month_start(y, 1);
		l = month_start(y + 1, 1) - 1;
		break;
	default:
		f = 0;
		l = -1;
		break;
	}
	*first = clamp_day(f);
	*last = clamp_day(l);
}

/* An unknown kind gives the CAL_DAY period of `day`. */
cal_period
cal_period_of(enum cal_kind kind, cal_day day)
{
	cal_period p;
	int64_t y;
	int m, d;

	civil_from_days(day, &y, &m, &d);
	p.kind = kind;
	p.year = (int)y;
	switch (kind) {
	case CAL_WEEK:
		iso_week_of(day, &y, &p.index);
		p.year = (int)y;
		break;
	case CAL_MONTH:
		p.index = m;
		break;
	case CAL_QUARTER:
		p.index = (m - 1) / 3 + 1;
		break;
	case CAL_HALF:
		p.index = (m - 1) / 6 + 1;
		break;
	case CAL_YEAR:
		p.index = 1;
		break;
	case CAL_DAY:
	default:
		p.kind = CAL_DAY;
		p.index = day;
		break;
	}
	return p;
}

/*
 * The period holding the day after p's last day: one rule for every kind,
 * which handles week 52/53 and year ends without special cases.
 */
cal_period
cal_period_next(const cal_period *p)
{
	cal_day first, last;

	cal_period_bounds(p, &first, &last);
	if (last == INT32_MAX)
		return cal_period_of(p->kind, last);
	return cal_period_of(p->kind, last + 1);
}

/* ---- holidays and opening days ------------------------------------------ */

/*
 * Anonymous Gregorian algorithm (Meeus/Jones/Butcher). Floor division and
 * modulo keep it defined for every year, not only positive ones.
 */
static int64_t
easter_day(int64_t year)
{
	int64_t a, b, c, d, e, f, g, h, i, k, l, m, month, dom;

	a = floor_mod(year, 19);
	b = floor_div(year, 100);
	c = floor_mod(year, 100);
	d = floor_div(b, 4);
	e = floor_mod(b, 4);
	f = floor_div(b + 8, 25);
	g = floor_div(b - f + 1, 3);
	h = floor_mod(19 * a + b - d - g + 15, 30);
	i = c / 4;
	k = c % 4;
	l = floor_mod(32 + 2 * e + 2 * i - h - k, 7);
	m = (a + 11 * h + 22 * l) / 451;
	month = (h + l - 7 * m + 114) / 31;
	dom = (h + l - 7 * m + 114) % 31 + 1;
	return days_from_civil(year, (int)month, dom);
}

cal_day
cal_easter(int year)
{
	return clamp_day(easter_day(year));
}

struct holiday {
	int64_t day;
	const char *name;
};

/*
 * The 11 holidays of year y. Ascension can fall on 1 May or 8 May (2008:
 * 1 May), so the list may name one day twice; counters must not subtract
 * it twice.
 */
static void
holidays_of_year(int64_t y, struct holiday h[HOLIDAYS_PER_YEAR])
{
	int64_t easter = easter_day(y);
	int n = 0;

	h[n++] = (struct holiday){ days_from_civil(y, 1, 1), "Jour de l'an" };
	h[n++] = (struct holiday){ easter + 1, "Lundi de Pâques" };
	h[n++] = (struct holiday){ days_from_civil(y, 5, 1), "Fête du Travail" };
	h[n++] = (struct holiday){ days_from_civil(y, 5, 8), "Victoire 1945" };
	h[n++] = (struct holiday){ easter + 39, "Ascension" };
	h[n++] = (struct holiday){ easter + 50, "Lundi de Pentecôte" };
	h[n++] = (struct holiday){ days_from_civil(y, 7, 14), "Fête nationale" };
	h[n++] = (struct holiday){ days_from_civil(y, 8, 15), "Assomption" };
	h[n++] = (struct holiday){ days_from_civil(y, 11, 1), "Toussaint" };
	h[n++] = (struct holiday){ days_from_civil(y, 11, 11), "Armistice 1918" };
	h[n++] = (struct holiday){ days_from_civil(y, 12, 25), "Noël" };
}

static const char *
holiday_name(int64_t day)
{
	struct holiday h[HOLIDAYS_PER_YEAR];

	holidays_of_year(year_of(day), h);
	for (int i = 0; i < HOLIDAYS_PER_YEAR; i++)
		if (h[i].day == day)
			return h[i].name;
	return NULL;
}

bool
cal_is_holiday(cal_day day)
{
	return holiday_name(day) != NULL;
}

const char *
cal_holiday_name(cal_day day)
{
	return holiday_name(day);
}

/* last_wd is WD_FRIDAY for opening days, WD_SATURDAY for jours ouvrables. */
static bool
is_working_day(int64_t day, int last_wd)
{
	return weekday_of(day) <= last_wd && holiday_name(day) == NULL;
}

bool
cal_is_opening_day(cal_day day)
{
	return is_working_day(day, WD_FRIDAY);
}

bool
cal_is_jour_ouvrable(cal_day day)
{
	return is_working_day(day, WD_SATURDAY);
}

/* Days among the first last_wd weekdays in [0 .. x) counted from a Monday. */
static int64_t
weekdays_before(int64_t x, int last_wd)
{
	/* Day 4 (1970-01-05) is a Monday. */
	int64_t weeks = floor_div(x - 4, 7);
	int64_t rem = x - 4 - weeks * 7;

	return weeks * last_wd + (rem < last_wd ? rem : last_wd);
}

/*
 * Working days in [first, last] without walking every day: weekdays by
 * arithmetic, minus the distinct holidays of each year that fall on one.
 */
static int64_t
count_working_days(int64_t first, int64_t last, int last_wd)
{
	int64_t n;

	if (last < first)
		return 0;
	n = weekdays_before(last + 1, last_wd) -
	    weekdays_before(first, last_wd);
	for (int64_t y = year_of(first); y <= year_of(last); y++) {
		struct holiday h[HOLIDAYS_PER_YEAR];

		holidays_of_year(y, h);
		for (int i = 0; i < HOLIDAYS_PER_YEAR; i++) {
			bool dup = false;

			for (int j = 0; j < i; j++)
				dup = dup || h[j].day == h[i].day;
			if (!dup && h[i].day >= first && h[i].day <= last &&
			    weekday_of(h[i].day) <= last_wd)
				n--;
		}
	}
	return n;
}

int
cal_count_opening_days(cal_day first, cal_day last)
{
	int64_t n = count_working_days(first, last, WD_FRIDAY);

	/* Only a range of some 3 billion days could exceed int. */
	return n > INT32_MAX ? INT32_MAX : (int)n;
}

/*
 * Skips whole years by counting, then walks the final year day by day, so a
 * large n costs a few operations per year rather than per day.
 */
static cal_day
add_working_days(cal_day from, int n, int last_wd)
{
	int64_t day = from;
	int64_t left = n;

	if (left <= 0) {
		if (is_working_day(day, last_wd))
			return from;
		left = 1;
	}
	for (;;) {
		int64_t year_end = days_from_civil(year_of(day + 1), 12, 31);
		int64_t c = count_working_days(day + 1, year_end, last_wd);

		if (c >= left)
			break;
		left -= c;
		day = year_end;
		if (day > INT32_MAX)
			return INT32_MAX;
	}
	for (;;) {
		day++;
		if (is_working_day(day, last_wd) && --left == 0)
			return clamp_day(day);
	}
}

cal_day
cal_add_opening_days(cal_day from, int n)
{
	return add_working_days(from, n, WD_FRIDAY);
}

cal_day
cal_add_jours_ouvrables(cal_day from, int n)
{
	return add_working_days(from, n, WD_SATURDAY);
}

/* ---- Europe/Paris -------------------------------------------------------- */

/*
 * Compares (day, second of day) pairs rather than multiplying the switch day
 * by 86400, which would overflow for instants near INT64_MAX.
 */
int
cal_paris_offset(int64_t unix_s)
{
	int64_t day = floor_div(unix_s, SECS_PER_DAY);
	int64_t sod = floor_mod(unix_s, SECS_PER_DAY);
	int64_t y = year_of(day);
	int64_t start = last_sunday(y, 3);
	int64_t end = last_sunday(y, 10);
	bool after_start, before_end;

	after_start = day > start || (day == start && sod >= DST_SWITCH_SOD);
	before_end = day < end || (day == end && sod < DST_SWITCH_SOD);
	return after_start && before_end ? CEST_OFFSET : CET_OFFSET;
}

cal_day
cal_paris_day(int64_t unix_ms)
{
	int64_t s = floor_div(unix_ms, 1000);

	return clamp_day(floor_div(s + cal_paris_offset(s), SECS_PER_DAY));
}

/*
 * Paris wall-clock seconds (local day * 86400 + time of day) to a Unix
 * instant. In the October hour that happens twice and in the March hour that
 * never happens, the time is read as standard time (CET, UTC+1): one rule,
 * and it never refuses a time a person could have typed.
 */
static int64_t
paris_local_to_unix(int64_t local)
{
	int64_t as_cet = local - CET_OFFSET;
	int64_t as_cest = local - CEST_OFFSET;

	if (cal_paris_offset(as_cet) == CET_OFFSET)
		return as_cet;
	if (cal_paris_offset(as_cest) == CEST_OFFSET)
		return as_cest;
	return as_cet;
}

int
cal_parse_datetime(const char *s, int64_t *unix_ms)
{
	cal_day day;
	char date[11];
	const char *p;
	int hh, mm, ss = 0, off = 0;
	int64_t secs;
	bool zoned = false;

	if (s == NULL || strlen(s) < 10)
		return QP_EINVAL;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (cal_parse_date(date, &day) != QP_OK)
		return QP_EINVAL;
	p = s + 10;
	if (*p == '\0') {
		secs = (int64_t)day * SECS_PER_DAY;
		*unix_ms = paris_local_to_unix(secs) * 1000;
		return QP_OK;
	}
	if (p[0] != 'T' || !read_digits(p + 1, 2, &hh) || p[3] != ':' ||
	    !read_digits(p + 4, 2, &mm) || hh > 23 || mm > 59)
		return QP_EINVAL;
	p += 6;
	if (*p == ':') {
		/* No leap second: Unix time has none to give it. */
		if (!read_digits(p + 1, 2, &ss) || ss > 59)
			return QP_EINVAL;
		p += 3;
	}
	if (*p == 'Z') {
		zoned = true;
		p++;
	} else if (*p == '+' || *p == '-') {
		int oh, om;

		if (!read_digits(p + 1, 2, &oh) || p[3] != ':' ||
		    !read_digits(p + 4, 2, &om) || oh > 23 || om > 59)
			return QP_EINVAL;
		off = (oh * 60 + om) * 60;
		if (*p == '-')
			off = -off;
		zoned = true;
		p += 6;
	}
	if (*p != '\0')
		return QP_EINVAL;
	secs = (int64_t)day * SECS_PER_DAY + hh * 3600 + mm * 60 + ss;
	*unix_ms = (zoned ? secs - off : paris_local_to_unix(secs)) * 1000;
	return QP_OK;
}

static char *
put_hms(char *p, int64_t sod)
{
	p = put_num(p, sod / 3600, 2);
	*p++ = ':';
	p = put_num(p, sod / 60 % 60, 2);
	*p++ = ':';
	return put_num(p, sod % 60, 2);
}

/* Sub-second digits are dropped (floor), as the format has none. */
char *
cal_format_datetime(int64_t unix_ms, char *buf)
{
	int64_t s = floor_div(unix_ms, 1000);
	int off = cal_paris_offset(s);
	int64_t local = s + off;
	int64_t day = floor_div(local, SECS_PER_DAY);
	char *p = buf;

	p = put_ymd(p, day);
	*p++ = 'T';
	p = put_hms(p, floor_mod(local, SECS_PER_DAY));
	*p++ = '+';
	p = put_num(p, off / 3600, 2);
	*p++ = ':';
	p = put_num(p, 0, 2);
	*p = '\0';
	return buf;
}

char *
cal_format_utc(int64_t unix_ms, char *buf)
{
	int64_t s = floor_div(unix_ms, 1000);
	int64_t day = floor_div(s, SECS_PER_DAY);
	char *p = buf;

	p = put_ymd(p, day);
	*p++ = 'T';
	p = put_hms(p, floor_mod(s, SECS_PER_DAY));
	*p++ = '.';
	p = put_num(p, floor_mod(unix_ms, 1000), 3);
	*p++ = 'Z';
	*p = '\0';
	return buf;
}

int64_t
cal_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
