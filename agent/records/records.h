/*
 * records.h: what every record module shares (library qprecords).
 *
 * A person records something on the site through the command line
 * (agent/cmd_*.c) or a web form; both only gather what was typed, as
 * strings, and call one record module:
 *
 *   rec_indicator.h   indicator values            (indicator set)
 *   rec_check.h       check definitions and runs  (check add/set/run)
 *   rec_cleaning.h    cleaning sign-offs and the quarterly evaluation
 *   rec_action.h      actions and the quarterly action review
 *   rec_review.h      the local annual review
 *   rec_void.h        voiding an earlier record
 *
 * Each module validates the input, builds the event and writes it with the
 * site's one-transaction write path (site_record), checking what depends on
 * the site's state (does the check exist, the next action id) inside that
 * transaction so that concurrent writers cannot race. A module never
 * prints: it returns a rec_error naming the field at fault. Each module
 * also has its words: rec_describe() tells one of its events in a
 * sentence for people (history, the web history).
 *
 * Every call has two steps a caller may take apart:
 *   rec_X_check(ctx, in, err)        the input alone, no site needed (so a
 *                                    command can refuse bad input before
 *                                    opening the store);
 *   rec_X_write(ctx, in, res, err)   checks again, then writes.
 *
 * Thread-safety: the modules keep no state; concurrent calls on different
 * rec_ctx are safe as far as the site handle is (site.h).
 */
#ifndef QP_RECORDS_H
#define QP_RECORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "site.h"

/* What kind of failure, and so the exit code of SPEC §6 (rec_exit_code). */
enum rec_class {
	REC_OK = 0,
	REC_INPUT,       /* what was typed is malformed (exit 2; the CLI adds its usage line) */
	REC_STATE,       /* well-formed but refused by the site's state: unknown
	                    check, record already void ... (exit 2) */
	REC_RUNTIME,     /* the store could not be read or written (exit 1) */
	REC_FULL,        /* the store is at its maximum size: nothing written (exit 3) */
	REC_IMPLAUSIBLE, /* well-formed but implausible (SPEC §11: a date in the
	                    future, an action closed before it was opened, a
	                    period not started, 0/0, the same sign-off twice):
	                    refused unless rec_ctx.force (exit 2). The message
	                    gives the reason only; each interface says how to
	                    record anyway (the CLI's --force, the web's
	                    confirmation). */
};

/*
 * What the person can do about a refusal, told by each interface in its
 * own words (the CLI names a command, a web page links to its page): the
 * module's message gives the reason only.
 */
enum rec_remedy {
	REC_REMEDY_NONE = 0,
	REC_SEE_ACTIONS,      /* the action id is unknown: the site's actions */
	REC_SEE_CHECKS,       /* the check id is unknown: the site's checks */
	REC_REACTIVATE_CHECK, /* the check is not active: reactivate it */
};

/* Longest message, NUL included. */
#define REC_MESSAGE_MAX 1024

typedef struct rec_error {
	/*
	 * The field at fault, a stable key (static storage): "code", "period",
	 * "numerator", "denominator", "comment", "id", "label", "periodicity",
	 * "engagement", "role", "since", "active", "result", "date", "zone",
	 * "at", "cleaner", "quarter", "scores", "title", "source", "owner",
	 * "due", "status", "note", "year", "text", "approved_by",
	 * "approved_on", "seq", "reason"; NULL when the record as a whole is
	 * refused (nothing to change, store errors).
	 */
	const char *field;
	enum rec_class cls;
	/* Translated, in the person's words, without the field's name: the
	 * caller shows it beside the field or prefixes its own name for it. */
	char message[REC_MESSAGE_MAX];
	enum rec_remedy remedy; /* REC_REMEDY_NONE unless the caller can offer one */
	char subject[48];       /* the id the remedy is about ("A-7", a check id), or "" */
} rec_error;

typedef struct rec_result {
	uint64_t seq;             /* the seq the record got */
	uint64_t replaced;        /* a keyed record: seq of the version it replaces
	                         (same indicator and period, same check id,
	                         same action, quarter or year); 0 if none */
	char id[24];              /* an id the module assigned ("A-12" for a new
	                         action), else "" */
	char replaced_words[512]; /* `replaced` (or the voided record) told in a
	                         sentence, rec_describe's words; "" if none */
	bool voided;              /* `replaced` is the record a void cancels */
} rec_result;

/*
 * How the caller names a field in messages that mention another field
 * ("must not exceed DEN"): the CLI "DEN", "--date"; a web form its label.
 * Returns static or long-lived text; NULL means the key itself.
 */
typedef const char *(*rec_field_name_fn)(const char *field);

typedef struct rec_ctx {
	site *site;                   /* the open site (write calls only) */
	const char *author;           /* who records: login name, web account */
	rec_field_name_fn field_name; /* NULL: the keys themselves */
	bool force;                   /* past the plausibility checks (SPEC §11):
	                                 a date in the future, an action closed
	                                 before it was opened, a period not
	                                 started, 0/0, a sign-off twice; the
	                                 event keeps `forced` */
} rec_ctx;

/* The exit code of SPEC §6 for a class: 0, 2 (input, state), 1, 3. */
int rec_exit_code(enum rec_class cls);

/* The caller's name for a field (ctx->field_name, else the key). */
const char *rec_field_name(const rec_ctx *ctx, const char *field);

/*
 * The event in one French sentence for people, with the labels of the
 * domain tables (domain.h), like the reports:
 * "Vérification badge-accueil : conforme, le 12/03/2026, par M. Diallo".
 * Writes at most len bytes (truncated on a UTF-8 boundary); returns buf.
 */
char *rec_describe(const Qp__Event *ev, char *buf, size_t len);

#include "rec_action.h"
#include "rec_check.h"
#include "rec_cleaning.h"
#include "rec_indicator.h"
#include "rec_review.h"
#include "rec_void.h"

#endif
