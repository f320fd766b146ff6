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

/*
 * The domain vocabulary: one table per closed list, each entry with its
 * wire name (protocol, store, command line, JSON), its French label for
 * people (tables, reports, web pages, the catalogue of messages) and its
 * sort order. The enums index the tables; the tables are the one source.
 */
typedef struct domain_term {
	const char *wire;
	const char *label;        /* French */
	int order;                /* place in sorted lists (engagements: N1..N12,
	                             S1..S3, SMQ1..SMQ10, numerically) */
} domain_term;

enum domain_periodicity {
	DOMAIN_DAILY, DOMAIN_WEEKLY, DOMAIN_MONTHLY, DOMAIN_QUARTERLY, DOMAIN_SEMIANNUAL,
	DOMAIN_ANNUAL, DOMAIN_PERIODICITIES
};
extern const domain_term domain_periodicities[DOMAIN_PERIODICITIES];

enum domain_result { DOMAIN_OK, DOMAIN_KO, DOMAIN_NA, DOMAIN_RESULTS };
extern const domain_term domain_results[DOMAIN_RESULTS];

enum domain_status { DOMAIN_TODO, DOMAIN_DOING, DOMAIN_DONE, DOMAIN_DROPPED, DOMAIN_STATUSES };
extern const domain_term domain_statuses[DOMAIN_STATUSES];

enum domain_source {
	DOMAIN_AUDIT_INTERNAL, DOMAIN_AUDIT_EXTERNAL, DOMAIN_MYSTERY_CALL, DOMAIN_MYSTERY_VISIT,
	DOMAIN_SATISFACTION_SURVEY, DOMAIN_PERIODIC_CHECK, DOMAIN_INDICATOR_GAP,
	DOMAIN_AGENT_SUGGESTION, DOMAIN_USER_FEEDBACK, DOMAIN_ANNUAL_REVIEW, DOMAIN_OTHER,
	DOMAIN_SOURCES
};
extern const domain_term domain_sources[DOMAIN_SOURCES];

/* N1..N12, S1..S3, SMQ1..SMQ10, in this order. */
enum { DOMAIN_ENGAGEMENTS = 25 };
extern const domain_term domain_engagements[DOMAIN_ENGAGEMENTS];

/* The usual cleaning zones; a site may name others ([a-z0-9-]{1,40}). */
enum domain_zone { DOMAIN_ZONE_TOILETS, DOMAIN_ZONE_RECEPTION, DOMAIN_ZONES };
extern const domain_term domain_zones[DOMAIN_ZONES];

/* The index of `wire` in the n terms of `table`, or -1 (also for NULL). */
int domain_find(const domain_term *table, size_t n, const char *wire);
/* The French label of `wire`, or `wire` itself when the table lacks it. */
const char *domain_label(const domain_term *table, size_t n, const char *wire);
/* Sort order of `wire`: its table order, after every known term if unknown. */
int domain_order(const domain_term *table, size_t n, const char *wire);
/* The wire names for messages, "a, b or c", into buf (truncated). Returns buf. */
char *domain_wire_list(const domain_term *table, size_t n, char *buf, size_t len);

/* Longest id of a check, site or zone (bytes): ids are [a-z0-9-]{1,40}. */
#define DOMAIN_ID_MAX 40

bool domain_engagement_valid(const char *s);
/* [a-z0-9-]{1,DOMAIN_ID_MAX} */
bool domain_check_id_valid(const char *s);
/* [a-z0-9-]{1,DOMAIN_ID_MAX}, starting with a letter */
bool domain_site_id_valid(const char *s);
/* A wire name of domain_periodicities. */
bool domain_periodicity_valid(const char *s);
/* The calendar kind of a check periodicity; the string must be valid. */
enum cal_kind domain_periodicity_kind(const char *s);
bool domain_result_valid(const char *s);          /* ok, ko, na */
bool domain_action_source_valid(const char *s);
bool domain_action_status_valid(const char *s);   /* todo doing done dropped */
/* "A-<n>" with n >= 1, no leading zero. */
bool domain_action_id_valid(const char *s);
/* Zone names: [a-z0-9-]{1,DOMAIN_ID_MAX} ("sanitaires", "accueil", ...). */
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

/* The engagements for messages: the list is long, its shape is not. */
extern const char DOMAIN_ENGAGEMENTS_TEXT[];

/* The scope of a planning event for every site (else a site id). */
#define DOMAIN_SCOPE_CENTRAL "central"

/* Most zones in one cleaning evaluation (an EPS has about ten). */
#define DOMAIN_ZONES_MAX 64

/* Largest indicator count: 2^53 - 1, exact in every JSON reader. */
#define DOMAIN_COUNT_MAX 9007199254740991ULL

/* The zone whose sign-offs the review counts per opening day. */
#define DOMAIN_TOILET_ZONE "sanitaires"   /* domain_zones[DOMAIN_ZONE_TOILETS] */

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
