/*
 * planning_export.c: a generated planning as iCalendar, JSON or CSV, for
 * `qp-collector planning export` and the central team's download page.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "calendar.h"
#include "format.h"
#include "ics.h"
#include "planning.h"
#include "qp_error.h"

/* YYYYMMDD of a stored date, and of the day after (DTEND is exclusive). */
static int
ics_dates(const char *date, char start[9], char end[9])
{
	cal_day d;
	int y, m, dd;

	if (cal_parse_date(date, &d) != 0)
		return QP_EINVAL;
	cal_to_ymd(d, &y, &m, &dd);
	snprintf(start, 9, "%04d%02d%02d", y, m, dd);
	cal_to_ymd(d + 1, &y, &m, &dd);
	snprintf(end, 9, "%04d%02d%02d", y, m, dd);
	return QP_OK;
}

static int
write_ics(FILE *fp, const struct planning_view *v)
{
	char stamp[32], name[160], seq[24], start[9], end[9];
	time_t t = (time_t)(v->now_ms / 1000);
	struct tm tm;
	int e = 0;

	gmtime_r(&t, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%dT%H%M%SZ", &tm);
	if (v->site != NULL)
		snprintf(name, sizeof(name), "Planning qualité QualiPARIS %d – %s", v->year,
		         v->site);
	else
		snprintf(name, sizeof(name), "Planning qualité QualiPARIS %d", v->year);
	/* SEQUENCE: the central version grows with every change, so a client
	 * that imports a regenerated planning takes the moved events. */
	snprintf(seq, sizeof(seq), "%llu", (unsigned long long)v->version);
	if ((e = ics_write(fp, "BEGIN", "VCALENDAR", false)) ||
	    (e = ics_write(fp, "VERSION", "2.0", false)) ||
	    (e = ics_write(fp, "PRODID",
	                   "-//Ville de Paris//QualiPARIS EPS qp-collector " QP_VERSION "//FR",
	                   false)) ||
	    (e = ics_write(fp, "CALSCALE", "GREGORIAN", false)) ||
	    (e = ics_write(fp, "METHOD", "PUBLISH", false)) ||
	    (e = ics_write(fp, "X-WR-CALNAME", name, true)))
		return e;
	for (size_t i = 0; i < v->n; i++) {
		const Qp__PlanningEvent *ev = v->events[i];
		if (ics_dates(ev->date, start, end) != 0)
			return QP_EINVAL;
		if ((e = ics_write(fp, "BEGIN", "VEVENT", false)) ||
		    (e = ics_write(fp, "UID", ev->uid, true)) ||
		    (e = ics_write(fp, "DTSTAMP", stamp, false)) ||
		    (e = ics_write(fp, "DTSTART;VALUE=DATE", start, false)) ||
		    (e = ics_write(fp, "DTEND;VALUE=DATE", end, false)) ||
		    (e = ics_write(fp, "SEQUENCE", seq, false)) ||
		    (e = ics_write(fp, "SUMMARY", ev->title, true)) ||
		    (e = ics_write(fp, "DESCRIPTION", ev->description, true)) ||
		    (e = ics_write(fp, "CATEGORIES", ev->kind, true)) ||
		    (e = ics_write(fp, "X-QUALIPARIS-SCOPE", ev->scope, true)) ||
		    (e = ics_write(fp, "TRANSP", "TRANSPARENT", false)) ||
		    (e = ics_write(fp, "END", "VEVENT", false)))
			return e;
	}
	return ics_write(fp, "END", "VCALENDAR", false);
}

static int
write_json(FILE *fp, const struct planning_view *v)
{
	json_t *o = json_object(), *evs = json_array();
	int rc;

	json_object_set_new(o, "year", json_integer(v->year));
	json_object_set_new(o, "version", json_integer((json_int_t)v->version));
	if (v->site != NULL)
		json_object_set_new(o, "site", json_string(v->site));
	for (size_t i = 0; i < v->n; i++) {
		const Qp__PlanningEvent *ev = v->events[i];
		json_array_append_new(evs, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}", "uid",
		                                     ev->uid, "date", ev->date, "scope", ev->scope,
		                                     "kind", ev->kind, "title", ev->title,
		                                     "description", ev->description));
	}
	json_object_set_new(o, "events", evs);
	rc = fmt_json_dump(o, fp, 2);
	json_decref(o);
	if (rc != 0 || fputc('\n', fp) == EOF)
		return QP_EIO;
	return QP_OK;
}

/* One cell (format.h) and its separator. */
static void
csv_field(FILE *fp, const char *s, bool last)
{
	fmt_csv_field(fp, s);
	fputs(last ? "\r\n" : ",", fp);
}

static int
write_csv(FILE *fp, const struct planning_view *v)
{
	fputs("uid,date,scope,kind,title,description\r\n", fp);
	for (size_t i = 0; i < v->n; i++) {
		const Qp__PlanningEvent *ev = v->events[i];
		csv_field(fp, ev->uid, false);
		csv_field(fp, ev->date, false);
		csv_field(fp, ev->scope, false);
		csv_field(fp, ev->kind, false);
		csv_field(fp, ev->title, false);
		csv_field(fp, ev->description, true);
	}
	return ferror(fp) ? QP_EIO : QP_OK;
}

int
planning_view_write(FILE *fp, enum planning_format f, const struct planning_view *v)
{
	return f == PLANNING_ICS    ? write_ics(fp, v)
	       : f == PLANNING_JSON ? write_json(fp, v)
	                            : write_csv(fp, v);
}
