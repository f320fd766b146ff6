/*
 * steering.h: what the centre records itself (SPEC §13, SMQ6, SMQ8, SMQ9,
 * SMQ10), in the collector store's `steering` table. Nothing here is sent
 * to or received from a site.
 *
 * Keys of the table:
 *   "central" NUL seq (8 bytes BE)  qp.Event of the central action table:
 *                                   Action (ids C-<n>) and ActionReview
 *                                   bodies, site "central", seq 1, 2, 3 ...
 *                                   Read with cstore_load_ledger, so the
 *                                   centre's table follows a site's rules.
 *   "a" NUL n (8 bytes BE)          qp.Audit AU-<n> with its findings
 *   "c" NUL kind NUL site NUL year (4 bytes BE)  qp.CampaignResult
 *   "r" NUL year (4 bytes BE)       qp.CentralReview
 * Counters (table meta): steering_seq, steering_action, steering_audit.
 *
 * Functions return 0 or a QP_E* code; the validators write a message that
 * names the field into `err`.
 */
#ifndef QP_STEERING_H
#define QP_STEERING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "domain.h"
#include "ledger.h"
#include "qp_error.h"
#include "store.h"
#include "qualiparis.pb-c.h"

/* The site id of the central action events. */
#define STEERING_SITE DOMAIN_SCOPE_CENTRAL

/* "C-<n>", n >= 1 with no leading zero. */
bool steering_action_id_valid(const char *s);
/* "AU-<n>". */
bool steering_audit_id_valid(const char *s);
/* labelling, surveillance, renewal, internal */
bool steering_audit_kind_valid(const char *s);
/* nc-major, nc-minor, observation, strength */
bool steering_finding_kind_valid(const char *s);
/* mystery-calls, mystery-visits, satisfaction */
bool steering_campaign_kind_valid(const char *s);
/* Those wire names, NULL-terminated, in the order forms list them. */
extern const char *const steering_audit_kinds[];
extern const char *const steering_finding_kinds[];
extern const char *const steering_campaign_kinds[];
/* The action source an audit of this kind gives its actions. */
const char *steering_audit_source(const char *kind);
/* French labels for reports and lists. */
const char *steering_audit_kind_fr(const char *kind);
const char *steering_finding_kind_fr(const char *kind);
const char *steering_campaign_kind_fr(const char *kind);
/* An action source (SPEC §3) and a catalogue period, in French. */
const char *steering_source_fr(const char *source);
const char *steering_period_fr(const char *period);

/* The five sections of a review (SMQ10), in order. */
#define STEERING_SECTIONS 5
extern const char *const steering_sections[STEERING_SECTIONS];
/*
 * Which of the five sections a Markdown text has, as headings ("#" to
 * "###", case and accents of the first letter as written, e.g.
 * "## Opportunités"). Returns how many were found.
 */
unsigned steering_review_sections(const char *md, bool found[STEERING_SECTIONS]);

/*
 * The next value of a counter of table meta (1 for the first), stored
 * incremented. Inside a write transaction.
 */
int steering_next(store_txn *txn, const char *counter, uint64_t *out) QP_MUST_CHECK;

/* The central action events as a ledger (caller destroys). */
int steering_ledger(store_txn *txn, ledger **out) QP_MUST_CHECK;
/*
 * Appends a central action table event: sets its site, seq and recording
 * time and validates it by a site's rules (an action's id is C-<n>).
 * `err` names the field on QP_EINVAL.
 */
int steering_append(store_txn *txn, Qp__Event *ev, uint64_t *seq, char *err,
                    size_t errlen) QP_MUST_CHECK;

int steering_audit_put(store_txn *txn, const Qp__Audit *a) QP_MUST_CHECK;
/* QP_ENOTFOUND when there is none. */
int steering_audit_get(store_txn *txn, const char *id, Qp__Audit **out) QP_MUST_CHECK;
/* Every audit (of year `year` by its date, or all for 0), by date then id. */
int steering_audits(store_txn *txn, int year, Qp__Audit ***out, size_t *n) QP_MUST_CHECK;
void steering_audits_free(Qp__Audit **a, size_t n);
/* An audit with its findings as JSON (new reference). */
json_t *steering_audit_json(const Qp__Audit *a);

int steering_campaign_put(store_txn *txn, const Qp__CampaignResult *c) QP_MUST_CHECK;
/* Results of `year` (every year for 0), by kind, site, year. */
int steering_campaigns(store_txn *txn, int year, Qp__CampaignResult ***out,
                       size_t *n) QP_MUST_CHECK;
void steering_campaigns_free(Qp__CampaignResult **c, size_t n);

int steering_central_review_put(store_txn *txn, const Qp__CentralReview *r) QP_MUST_CHECK;
/* QP_ENOTFOUND when the year has none. */
int steering_central_review_get(store_txn *txn, unsigned year,
                                Qp__CentralReview **out) QP_MUST_CHECK;

/* ------------------------------------------------- catalogue over time */

/*
 * The target of `entry` in force for `period` ("YYYY", "YYYY-Qn" or
 * "YYYY-MM"): the latest history entry whose `from` starts on or before
 * the period's first day; the entry's target when it has no history.
 */
double steering_target_at(const Qp__CatalogueEntry *entry, const char *period);
/*
 * Records a new target for `code` from `from` on (a period, or "" for
 * always): the history keeps the earlier targets, and `target` (what the
 * agents show) becomes the one in force at `now_period`. QP_ENOTFOUND for
 * an unknown code. The caller bumps the central version.
 */
int steering_target_set(Qp__CentralState *cs, const char *code, double target,
                        const char *from, const char *now_period,
                        int64_t now_ms) QP_MUST_CHECK;

/* ------------------------------------------------- writes (steering_write.c)
 *
 * What the commands and the web pages record, inside a store_write
 * transaction. Callers parse and validate the fields first (the domain
 * validators); the checks that need the store (an enrolled site, a known
 * audit or action) run here, write nothing and set `err` (QP_EINVAL).
 */

/* QP_EINVAL (err set) unless `site` is enrolled. */
int steering_site_known(store_txn *txn, const char *site, char *err, size_t errlen) QP_MUST_CHECK;

/* Adds (id NULL: a new C-<n>, status todo) or updates a central action. */
struct steering_action_change {
	const char *id; /* NULL for add */
	const char *title, *engagement, *source, *owner, *due, *status, *note, *date;
	const char *by;
	char id_buf[24];
	uint64_t seq;
	char err[256];
};
int steering_action_apply(store_txn *txn, struct steering_action_change *ac) QP_MUST_CHECK;

/* store_write functions; arg is the struct below. */
struct steering_audit_new {
	Qp__Audit a; /* without id: AU-<n> is given here, into id */
	char id[24];
	char err[256];
};
int steering_audit_add_txn(store_txn *txn, void *arg);

/* A finding of an audit; with `action`, the central action it opens (ac.date
 * set by the caller; the title is the finding's text). */
struct steering_finding_new {
	const char *audit, *kind, *engagement, *text, *owner, *due, *by;
	bool action;
	struct steering_action_change ac;
	unsigned number;
	char title[200];
	char note[200];
	char err[256];
};
int steering_finding_txn(store_txn *txn, void *arg);

struct steering_campaign_new {
	Qp__CampaignResult c;
	char err[256];
};
int steering_campaign_txn(store_txn *txn, void *arg);

/* Open (todo, doing) with a due date before `today` (YYYY-MM-DD). */
bool steering_action_overdue(const Qp__Action *a, const char *today);

#endif
