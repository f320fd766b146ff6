/*
 * ledger.h: the current state of one site, derived from its events.
 *
 * Events are added in seq order. A keyed record (indicator value per code
 * and period, check definition per id, cleaning evaluation per quarter,
 * action per id, annual review per year) is the latest non-voided event of
 * its key; append-only records (check runs, cleaning sign-offs, action
 * reviews) are every non-voided event. Voiding the latest version of a key
 * brings the previous one back. The agent builds a ledger from its history,
 * the collector one per site from what it stored: both read the same rules.
 */
#ifndef QP_LEDGER_H
#define QP_LEDGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "calendar.h"
#include "qp_error.h"
#include "qualiparis.pb-c.h"

typedef struct ledger ledger;

enum ledger_view {
	LEDGER_INDICATORS = 0,    /* sorted by code, then period */
	LEDGER_CHECKS,            /* check definitions, by id */
	LEDGER_CHECK_RUNS,        /* by seq */
	LEDGER_SIGNOFFS,          /* by seq */
	LEDGER_EVALUATIONS,       /* by quarter */
	LEDGER_ACTIONS,           /* by action number */
	LEDGER_ACTION_REVIEWS,    /* by seq */
	LEDGER_ANNUAL_REVIEWS,    /* by year */
	LEDGER_VIEWS
};

int ledger_new(ledger **out) QP_MUST_CHECK;
/* Frees the ledger and every event it owns. Takes NULL. */
void ledger_destroy(ledger **l);

/*
 * Takes ownership of *ev (and sets it to NULL), even on error. Seqs must
 * grow (QP_EINVAL otherwise). Views are recomputed lazily after adds.
 */
int ledger_add(ledger *l, Qp__Event **ev) QP_MUST_CHECK;

/*
 * The events of a view, borrowed until the next add or destroy.
 * Thread-safety: a ledger belongs to one thread. ledger_view (and
 * ledger_check, ledger_action, ledger_check_windows, which use it) sorts
 * the view in place on first use after an add: it writes, so even readers
 * of one ledger need a lock of their own.
 */
size_t ledger_view(ledger *l, enum ledger_view v, const Qp__Event *const **out);

/* Number of events added, and the highest seq. */
size_t ledger_count(const ledger *l);
uint64_t ledger_last_seq(const ledger *l);
/* The event with this seq, or NULL. */
const Qp__Event *ledger_find(const ledger *l, uint64_t seq);
/* Has a non-voided void event voided `seq`? */
bool ledger_voided(const ledger *l, uint64_t seq);

/* Latest non-voided version of a keyed record, or NULL. */
const Qp__Event *ledger_check(ledger *l, const char *id);
const Qp__Event *ledger_action(ledger *l, const char *id);

/*
 * Check windows (SPEC §7): the windows of a check's periodicity that lie in
 * year `year`, starting with the one that holds `since`, and ended on or
 * before `as_of`. Daily windows are opening days; weekly ones ISO weeks of
 * ISO year `year`. For each window, `fn` gets its bounds and whether a
 * non-voided run of the check falls in it.
 */
typedef void (*ledger_window_fn)(cal_day first, cal_day last, unsigned runs,
                                 void *ctx);
int ledger_check_windows(ledger *l, const Qp__Event *check, int year,
                         cal_day as_of, ledger_window_fn fn, void *ctx) QP_MUST_CHECK;

#endif
