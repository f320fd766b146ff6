/*
 * rec_internal.h: helpers the record modules share; not part of the
 * public interface (records.h).
 */
#ifndef QP_REC_INTERNAL_H
#define QP_REC_INTERNAL_H

#include "records.h"

/*
 * The context a module's prepare function gets inside the write
 * transaction: it sets *err (and returns QP_EINVAL) to refuse, and
 * `replaced` to the seq of the version the record replaces.
 */
typedef struct rec_txn {
	rec_error *err;
	uint64_t replaced;
	void *arg;                /* the module's own */
	bool force;               /* rec_ctx.force */
	char replaced_words[512]; /* rec_note_replaced */
} rec_txn;

/*
 * In a prepare function: `seq` is the record this one replaces or voids;
 * its words (from the ledger, inside the transaction) go back to the
 * caller in rec_result, so that nothing is dropped without saying so.
 */
void rec_note_replaced(rec_txn *t, ledger *l, uint64_t seq);

/* Fills err (class, field, formatted message); returns cls. */
int rec_fail(rec_error *err, enum rec_class cls, const char *field, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

/* After rec_fail: what the person can do, about `subject` (copied). */
void rec_offer(rec_error *err, enum rec_remedy remedy, const char *subject);

/* Clears err and res before a call. */
void rec_begin(rec_error *err, rec_result *res);

/* Non-empty UTF-8 text. */
bool rec_text_valid(const char *s);
/* NULL or UTF-8 text (empty allowed). */
bool rec_optional_text_valid(const char *s);

/*
 * A date typed by a person (YYYY-MM-DD or DD/MM/YYYY) into buf (11 bytes)
 * as YYYY-MM-DD; NULL means today in Paris. REC_INPUT naming
 * `field` otherwise.
 */
int rec_date(const char *field, const char *value, char *buf, rec_error *err);

/* Today in Europe/Paris as YYYY-MM-DD (11 bytes). Returns buf. */
char *rec_today(char *buf);

/*
 * Writes ev through site_record: sets ev->author from the context, runs
 * `prepare` (with a rec_txn whose arg is `arg`) inside the transaction,
 * fills res. Maps every failure into err. Returns 0 or the class.
 */
int rec_write(const rec_ctx *ctx, Qp__Event *ev, bool want_ledger, site_prepare_fn prepare,
              void *arg, rec_result *res, rec_error *err);

/* The words of each module (rec_describe dispatches). */
void rec_indicator_describe(const Qp__Event *ev, char *buf, size_t len);
void rec_check_describe(const Qp__Event *ev, char *buf, size_t len);
void rec_cleaning_describe(const Qp__Event *ev, char *buf, size_t len);
void rec_action_describe(const Qp__Event *ev, char *buf, size_t len);
void rec_review_describe(const Qp__Event *ev, char *buf, size_t len);
void rec_void_describe(const Qp__Event *ev, char *buf, size_t len);

/* "DD/MM/YYYY" of a stored YYYY-MM-DD, or the text itself if it is not one. */
const char *rec_date_fr(const char *iso, char *buf);

#endif
