/*
 * calendar.h: dates, business periods, French public holidays, opening days.
 *
 * A date is a day number (`cal_day`): days since 1970-01-01 in the proleptic
 * Gregorian calendar, so that arithmetic is integer arithmetic. All parsers
 * are strict: exact width, no trailing characters, real calendar values
 * ("2026-02-30", "2026-13", "2026-Q5", "2026-W54" are QP_EINVAL).
 *
 * Opening days (jours ouvrés) are Monday to Friday minus French public
 * holidays; jours ouvrables are Monday to Saturday minus public holidays.
 * The 11 national public holidays are: 1 Jan, Easter Monday, 1 May, 8 May,
 * Ascension (Easter + 39), Whit Monday (Easter + 50), 14 Jul, 15 Aug, 1 Nov,
 * 11 Nov, 25 Dec.
 *
 * Local time is Europe/Paris computed from the EU rule (CET, UTC+1; CEST,
 * UTC+2 from the last Sunday of March 01:00 UTC to the last Sunday of
 * October 01:00 UTC), so no TZ environment or global state is involved.
 */
#ifndef QP_CALENDAR_H
#define QP_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "qp_error.h"

typedef int32_t cal_day;

enum cal_kind {
	CAL_DAY = 0,      /* YYYY-MM-DD         index = day number           */
	CAL_WEEK,         /* YYYY-Www (ISO 8601) year = ISO year, index 1..53 */
	CAL_MONTH,        /* YYYY-MM            index 1..12                  */
	CAL_QUARTER,      /* YYYY-Qn            index 1..4                   */
	CAL_HALF,         /* YYYY-Hn            index 1..2                   */
	CAL_YEAR,         /* YYYY               index 1                      */
};

typedef struct cal_period {
	enum cal_kind kind;
	int year;         /* calendar year; ISO week-year for CAL_WEEK */
	int index;        /* see enum cal_kind; for CAL_DAY the cal_day itself */
} cal_period;

/* Longest text any formatter below writes, with its NUL. */
#define CAL_TEXT_MAX 32

/* Years accepted by the parsers. */
#define CAL_YEAR_MIN 1970
#define CAL_YEAR_MAX 9999

/* Day number of a valid civil date; the caller guarantees validity. */
cal_day cal_from_ymd(int y, int m, int d);
void cal_to_ymd(cal_day day, int *y, int *m, int *d);
bool cal_valid_ymd(int y, int m, int d);
int cal_days_in_month(int y, int m);

/* 1 = Monday ... 7 = Sunday. */
int cal_weekday(cal_day day);

/* Strict "YYYY-MM-DD". */
int cal_parse_date(const char *s, cal_day *out) QP_MUST_CHECK;
/*
 * A date typed by a person: "YYYY-MM-DD" or the French "DD/MM/YYYY"
 * (JJ/MM/AAAA), both strict (two-digit day and month, four-digit year).
 * The one parser for dates from the command line and the web forms.
 */
int cal_parse_date_typed(const char *s, cal_day *out) QP_MUST_CHECK;
/* Writes "YYYY-MM-DD" into buf (at least 11 bytes). Returns buf. */
char *cal_format_date(cal_day day, char *buf);
/* French reading order "DD/MM/YYYY" for people (at least 11 bytes). */
char *cal_format_date_fr(cal_day day, char *buf);
/*
 * A stored "YYYY-MM-DD" as people read it, "DD/MM/YYYY", into buf (len
 * bytes); text that is not such a date (NULL: "") is copied as is,
 * truncated to fit. The one place where a stored date becomes French text
 * (web pages, record messages, notes the centre writes). Returns buf.
 */
char *cal_date_fr(const char *iso, char *buf, size_t len);

/*
 * Strict period: "YYYY-MM-DD", "YYYY-Www", "YYYY-MM", "YYYY-Qn", "YYYY-Hn"
 * or "YYYY". The form decides the kind.
 */
int cal_parse_period(const char *s, cal_period *out) QP_MUST_CHECK;
/* Writes the canonical text of p (CAL_TEXT_MAX bytes). Returns buf. */
char *cal_format_period(const cal_period *p, char *buf);

/* First and last day (inclusive) of a period. */
void cal_period_bounds(const cal_period *p, cal_day *first, cal_day *last);
/* The period of the given kind that holds `day`. */
cal_period cal_period_of(enum cal_kind kind, cal_day day);
/* The period right after p (same kind). */
cal_period cal_period_next(const cal_period *p);

/* Easter Sunday of `year` (Gregorian, anonymous algorithm). */
cal_day cal_easter(int year);
bool cal_is_holiday(cal_day day);
/* Name of the holiday in French ("Lundi de Pâques"...), or NULL. */
const char *cal_holiday_name(cal_day day);
/* Monday to Friday, not a public holiday. */
bool cal_is_opening_day(cal_day day);
/* Monday to Saturday, not a public holiday. */
bool cal_is_jour_ouvrable(cal_day day);
/* Number of opening days in [first, last]; 0 if last < first. */
int cal_count_opening_days(cal_day first, cal_day last);
/*
 * The n-th opening day (resp. jour ouvrable) after `from` (n >= 0; n = 0
 * gives `from` itself if it is one, else the next one).
 */
cal_day cal_add_opening_days(cal_day from, int n);
cal_day cal_add_jours_ouvrables(cal_day from, int n);

/* Now, in Unix milliseconds (CLOCK_REALTIME): the programs' one clock. */
int64_t cal_now_ms(void);

/* Offset of Europe/Paris from UTC, in seconds, at the Unix instant t. */
int cal_paris_offset(int64_t unix_s);
/* The Europe/Paris date of a Unix instant in milliseconds. */
cal_day cal_paris_day(int64_t unix_ms);

/*
 * ISO 8601 date-time: "YYYY-MM-DDTHH:MM[:SS]" optionally followed by "Z" or
 * "+HH:MM"/"-HH:MM"; without a zone it is Europe/Paris local time. Also
 * accepts a plain date (midnight, Paris). Output in Unix milliseconds.
 */
int cal_parse_datetime(const char *s, int64_t *unix_ms) QP_MUST_CHECK;
/* "YYYY-MM-DDTHH:MM:SS+01:00" in Europe/Paris (at least CAL_TEXT_MAX). */
char *cal_format_datetime(int64_t unix_ms, char *buf);
/* "YYYY-MM-DDTHH:MM:SS.mmmZ" in UTC (at least CAL_TEXT_MAX). */
char *cal_format_utc(int64_t unix_ms, char *buf);

#endif
