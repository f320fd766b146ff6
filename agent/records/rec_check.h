/*
 * rec_check.h: the site's periodic checks. A check definition is keyed by
 * its id (add creates it, set replaces it with some fields changed); a run
 * of a check is appended, once per run.
 */
#ifndef QP_REC_CHECK_H
#define QP_REC_CHECK_H

#include "records.h"

typedef struct rec_check_in {
	const char *id; /* [a-z0-9-]{1,40}                              (id) */
	/* For set, NULL keeps the current value; add needs label, periodicity
	 * and engagement. */
	const char *label;       /* non-empty text                               (label) */
	const char *periodicity; /* daily ... annual                             (periodicity) */
	const char *engagement;  /* N1..N12, S1..S3, SMQ1..SMQ10                 (engagement) */
	const char *role;        /* who runs it, free text                       (role) */
	const char *since;       /* first day due, a typed date; add: NULL today (since) */
	const char *active;      /* set only: "yes" or "no"                      (active) */
} rec_check_in;

int rec_check_add_check(const rec_ctx *ctx, const rec_check_in *in, rec_error *err);
/* REC_STATE "id" when the id exists already. */
int rec_check_add(const rec_ctx *ctx, const rec_check_in *in, rec_result *res, rec_error *err);
/* REC_INPUT (field NULL) when nothing changes. */
int rec_check_set_check(const rec_ctx *ctx, const rec_check_in *in, rec_error *err);
/* REC_STATE "id" when the check does not exist. */
int rec_check_set(const rec_ctx *ctx, const rec_check_in *in, rec_result *res, rec_error *err);

typedef struct rec_check_run_in {
	const char *id;      /* the check                                    (id) */
	const char *result;  /* ok, ko or na                                 (result) */
	const char *date;    /* the day it was run; NULL today               (date) */
	const char *comment; /* NULL or text                                 (comment) */
} rec_check_run_in;

int rec_check_run_check(const rec_ctx *ctx, const rec_check_run_in *in, rec_error *err);
/* REC_STATE "id" when the check does not exist or is not active. */
int rec_check_run(const rec_ctx *ctx, const rec_check_run_in *in, rec_result *res, rec_error *err);

#endif
