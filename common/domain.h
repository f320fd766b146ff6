/*
 * domain.h: the QualiPARIS vocabulary and the rules every record obeys,
 * shared by the agent (before writing) and the collector (on receipt).
 *
 * Validators return 0 or QP_EINVAL; those that take `err` write a message
 * naming the field and the expected form ("engagement: expected N1..N12,
 * S1..S3 or SMQ1..SMQ10, got \"N13\"").
 */
#ifndef QP_DOMAIN_H
#define QP_DOMAIN_H

#include <stdbool.h>
#include <stddef.h>

#include "calendar.h"
#include "qp_error.h"
#include "qualiparis.pb-c.h"

bool domain_engagement_valid(const char *s);
/* [a-z0-9-]{1,40} */
bool domain_check_id_valid(const char *s);
/* [a-z0-9-]{1,40}, starting with a letter */
bool domain_site_id_valid(const char *s);
/* daily, weekly, monthly, quarterly, semiannual, annual */
bool domain_periodicity_valid(const char *s);
/* The calendar kind of a check periodicity; the string must be valid. */
enum cal_kind domain_periodicity_kind(const char *s);
bool domain_result_valid(const char *s);          /* ok, ko, na */
bool domain_action_source_valid(const char *s);
bool domain_action_status_valid(const char *s);   /* todo doing done dropped */
/* "A-<n>" with n >= 1, no leading zero. */
bool domain_action_id_valid(const char *s);
/* Zone names: [a-z0-9-]{1,40} ("sanitaires", "accueil", ...). */
bool domain_zone_valid(const char *s);
/* Valid UTF-8 without NUL bytes in the first `len` bytes. */
bool domain_utf8_valid(const char *s, size_t len);
/* A whole non-negative decimal number as typed: digits only, no sign or
 * space, no overflow. False for NULL or anything else. */
bool domain_parse_u64(const char *s, unsigned long long *out);
/*
 * Text people typed, as every record stores it: valid UTF-8 without
 * control characters (C0, DEL, C1: no terminal escape, bell or carriage
 * return reaches a screen or a spreadsheet), except newlines and tabs in
 * free text (`multiline`: comments, notes, the annual review).
 */
bool domain_text_valid(const char *s, bool multiline);

/* Joined lists for messages ("daily, weekly, ..."). */
extern const char DOMAIN_ENGAGEMENTS_TEXT[];
extern const char DOMAIN_PERIODICITIES_TEXT[];
extern const char DOMAIN_SOURCES_TEXT[];
extern const char DOMAIN_STATUSES_TEXT[];

/* Most zones in one cleaning evaluation (an EPS has about ten). */
#define DOMAIN_ZONES_MAX 64

/* Largest indicator count: 2^53 - 1, exact in every JSON reader. */
#define DOMAIN_COUNT_MAX 9007199254740991ULL

/* The zone whose sign-offs the review counts per opening day. */
#define DOMAIN_TOILET_ZONE "sanitaires"

/* Catalogue periodicities: "month", "quarter", "year". */
bool domain_catalogue_periodicity_valid(const char *s);
/*
 * Does `period` parse and have the form of the catalogue periodicity
 * (month: YYYY-MM, quarter: YYYY-Qn, year: YYYY)?
 */
bool domain_period_fits(const char *catalogue_periodicity, const char *period);

typedef struct domain_indicator {
	const char *code, *engagement, *periodicity, *label;
	double target;
} domain_indicator;

typedef struct domain_check {
	const char *id, *label, *engagement, *periodicity, *role;
} domain_check;

/* The default catalogue of SPEC §3 and the default check template. */
const domain_indicator *domain_default_catalogue(size_t *n);
const domain_check *domain_default_checks(size_t *n);

/*
 * The central state holding the default catalogue (and no planning), at
 * `version`, packed into a malloc'd buffer the caller owns: what a new
 * agent starts with (version 0) and what a new collector serves (1).
 */
int domain_default_central(uint64_t version, uint8_t **packed, size_t *len) QP_MUST_CHECK;

/*
 * Structural validation of an event received or about to be written: a
 * body is set, every enumerated field is in its vocabulary, every date and
 * period parses, scores are 0..100, numerator <= denominator. It does not
 * look at other events (existence of a check or an action is the writer's
 * business).
 */
int domain_event_valid(const Qp__Event *ev, char *err, size_t errlen) QP_MUST_CHECK;

#endif
