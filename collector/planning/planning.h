/*
 * planning.h: the rules of the yearly quality planning (SMQ9), as a pure
 * function of the year, the planning rules and the enrolled sites' label
 * months. No store, no command line, no output: planning_cmd.c stores what
 * this computes in the central state and exports it (docs/planning.md).
 *
 * The rules (months, day of the month, survey years) come from an INI file;
 * deploy/planning.ini is the documented copy of the built-in defaults, and
 * planning_rules_default() gives exactly what that file says.
 *
 * Every date is an opening day (Monday to Friday, not a French public
 * holiday): a rule picks a day in the month (the 2nd Tuesday, the last
 * Friday, the 15th), and a day that is not an opening day moves to the
 * next opening day, or to the previous one when the next falls in the
 * following month, so an event never leaves its month.
 */
#ifndef QP_PLANNING_H
#define QP_PLANNING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "calendar.h"
#include "domain.h"
#include "qp_error.h"
#include "qualiparis.pb-c.h"

/* The recurring events, one rule (one INI section) each. */
enum planning_rule_id {
	/* per site */
	PR_AUDIT = 0,            /* month from the label month, day only */
	PR_REVIEW_LOCAL,
	PR_ACTION_REVIEW,        /* one month in each quarter */
	PR_CLEANING_EVAL,        /* one month in each quarter */
	PR_EVACUATION_DRILL,     /* two months or more */
	PR_DOCUMENT_UPDATE,
	/* central */
	PR_REVIEW_CENTRAL,
	PR_MYSTERY_CALLS,
	PR_SATISFACTION_SURVEY,  /* in survey years only */
	PR_NETWORK_RECEPTION,
	PR_NETWORK_REFERENTS,
	PR_NETWORK_DAA,
	PR_NETWORK_DACS,
	PR_LABEL_CHECKPOINT,
	PR_COUNT
};

/* The INI section of a rule ("review-local"). */
const char *planning_rule_name(enum planning_rule_id id);

/* A day in a month: the `nth` `weekday` (nth 1..4, or -1 for the last;
 * weekday 1 = Monday .. 5 = Friday), or, when nth is 0, day `mday` (1..31,
 * the month's last day when the month is shorter). */
typedef struct planning_day {
	int nth;
	int weekday;
	int mday;
} planning_day;

typedef struct planning_rule {
	unsigned months;         /* bit m set for month m (1..12); 0 for audits */
	planning_day day;
} planning_rule;

typedef struct planning_rules {
	planning_rule rule[PR_COUNT];
	int survey_reference_year;   /* a year with a satisfaction survey */
	int survey_every_years;      /* 2: every second year */
} planning_rules;

/* "2nd tuesday", "last friday", "first monday", "15". QP_EINVAL otherwise. */
int planning_parse_day(const char *s, planning_day *out) QP_MUST_CHECK;
/* "3, 6, 9, 12": months 1..12, each once, separated by commas or blanks. */
int planning_parse_months(const char *s, unsigned *out) QP_MUST_CHECK;

/* The built-in rules, the same as deploy/planning.ini. */
void planning_rules_default(planning_rules *r);

/*
 * The defaults, overridden by the file's values. Every key is optional; an
 * unknown section or key, a value that does not parse or a rule that breaks
 * the referential (a quarterly event without one month in each quarter,
 * fewer than two evacuation drills...) fails with "file:line: message" in
 * err and QP_ECONFIG (QP_ENOTFOUND when the file cannot be opened).
 */
int planning_rules_load(const char *path, planning_rules *r, char *err,
                        size_t errlen) QP_MUST_CHECK;

/* The opening day `d` designates in month `month` of `year` (see above). */
cal_day planning_day_in_month(const planning_day *d, int year, int month);

/* The audit cycle (SMQ8): one audit a year in the label month. */
enum planning_audit {
	AUDIT_NONE = 0,          /* the year comes before the label */
	AUDIT_LABELLING,         /* the label year itself (k = 0) */
	AUDIT_INTERNAL,          /* L + 12 + 24k months */
	AUDIT_SURVEILLANCE,      /* L + 24k months, k odd */
	AUDIT_RENEWAL,           /* L + 24k months, k even, k >= 2 */
};

/* The audit that a site labelled in month `label_month` of `label_year`
 * has in `year` (always in month label_month), and its k (see above). */
enum planning_audit planning_audit_of(int label_year, int label_month, int year,
                                      int *k);
/* The SPEC kind of an audit: the labelling audit is "audit-renewal" (the
 * full audit by the labelling body; docs/planning.md). NULL for NONE. */
const char *planning_audit_kind(enum planning_audit a);

/* Whether `year` has the satisfaction survey. */
bool planning_survey_year(const planning_rules *r, int year);

/* A site as the planning needs it: id and label month ("YYYY-MM" or ""). */
typedef struct planning_site {
	const char *id;
	const char *labelled_since;
} planning_site;

#define PLANNING_UID_MAX 160
#define PLANNING_SCOPE_MAX 72
#define PLANNING_KIND_MAX 24
#define PLANNING_TITLE_MAX 160
#define PLANNING_DESC_MAX 512

typedef struct planning_event {
	char uid[PLANNING_UID_MAX];      /* YEAR-SCOPE-SLUG@qualiparis-eps.paris.fr */
	char date[11];                   /* YYYY-MM-DD */
	char scope[PLANNING_SCOPE_MAX];  /* "central" or a site id */
	char kind[PLANNING_KIND_MAX];    /* SPEC §6 kinds */
	char title[PLANNING_TITLE_MAX];  /* French */
	char description[PLANNING_DESC_MAX]; /* French, names the commitment */
} planning_event;

/* A generated year: events sorted by date then uid, and warnings for the
 * operator (English, one line each: a site without a label month...). */
typedef struct planning {
	int year;
	planning_event *events;
	size_t nevents;
	char **warnings;
	size_t nwarnings;
} planning;

#define PLANNING_SCOPE_CENTRAL DOMAIN_SCOPE_CENTRAL

/*
 * Computes the planning of `year` for the given sites (borrowed for the
 * call). The same inputs give the same events and uids. QP_EINVAL with a
 * message in err when the rules cannot hold this year (the local review
 * would not come before the central one); QP_ENOMEM. The caller owns *out
 * and frees it with planning_destroy.
 */
int planning_generate(const planning_rules *r, int year, const planning_site *sites,
                      size_t nsites, planning **out, char *err,
                      size_t errlen) QP_MUST_CHECK;
void planning_destroy(planning **p);

/* ---------------------------------------------------- export (planning_export.c) */

enum planning_format { PLANNING_ICS, PLANNING_JSON, PLANNING_CSV };

/* What one export holds: the events a site sees (or all of them). */
struct planning_view {
	int year;
	uint64_t version; /* the central state's: iCalendar SEQUENCE */
	const char *site; /* NULL: every event */
	const Qp__PlanningEvent **events;
	size_t n;
	int64_t now_ms;
};

int planning_view_write(FILE *fp, enum planning_format f,
                        const struct planning_view *v) QP_MUST_CHECK;

#endif
