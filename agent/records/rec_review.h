/*
 * rec_review.h: the site's local annual review (Markdown text, keyed by
 * year: a new submission replaces the earlier one), with the director's
 * approval when given.
 */
#ifndef QP_REC_REVIEW_H
#define QP_REC_REVIEW_H

#include "records.h"

/* Largest review text, in bytes. */
#define REC_REVIEW_TEXT_MAX (200u * 1024u)

typedef struct rec_review_in {
	const char *year; /* YYYY                                        (year) */
	const char *text; /* UTF-8 Markdown, text_len bytes, no NUL      (text) */
	size_t text_len;
	const char *approved_by; /* the site director; with approved_on or NULL (approved_by) */
	const char *approved_on; /* a typed date; with approved_by or NULL      (approved_on) */
} rec_review_in;

int rec_review_check(const rec_ctx *ctx, const rec_review_in *in, rec_error *err);
int rec_review_write(const rec_ctx *ctx, const rec_review_in *in, rec_result *res, rec_error *err);

#endif
