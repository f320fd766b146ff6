/*
 * rec_void.h: voiding an earlier record. Both stay in the history; a
 * voided keyed record brings its previous version back (ledger.h).
 */
#ifndef QP_REC_VOID_H
#define QP_REC_VOID_H

#include "records.h"

typedef struct rec_void_in {
	const char *seq;    /* the record's seq, 1 or more, as typed       (seq) */
	const char *reason; /* why it stops counting, required             (reason) */
} rec_void_in;

int rec_void_check(const rec_ctx *ctx, const rec_void_in *in, rec_error *err);
/* REC_STATE "seq": no such record, a void, or already void.
 * res->replaced is the voided seq. */
int rec_void_write(const rec_ctx *ctx, const rec_void_in *in, rec_result *res, rec_error *err);

#endif
