/*
 * rec_indicator.h: an indicator value (numerator / denominator of a
 * catalogue code for one period). A keyed record: a new value for the same
 * code and period replaces the earlier one (res->replaced).
 */
#ifndef QP_REC_INDICATOR_H
#define QP_REC_INDICATOR_H

#include "records.h"

typedef struct rec_indicator_in {
	const char *code;        /* catalogue code, "N7-CALLS-25S"          (code) */
	const char *period;      /* per the code's periodicity: "2026-03",
	                             "2026-Q1" or "2026"                     (period) */
	const char *numerator;   /* whole number as typed, 0..2^53-1        (numerator) */
	const char *denominator; /* likewise, at least the numerator        (denominator) */
	const char *comment;     /* NULL or text                            (comment) */
} rec_indicator_in;

/* The input alone: numbers and text (the code and period need the site). */
int rec_indicator_check(const rec_ctx *ctx, const rec_indicator_in *in, rec_error *err);
/*
 * Checks, then the code against the site's catalogue and the period
 * against the code's periodicity, and writes. 0 or the class.
 * REC_INPUT "code" lists the catalogue's codes in its message.
 */
int rec_indicator_write(const rec_ctx *ctx, const rec_indicator_in *in, rec_result *res,
                        rec_error *err);

#endif
