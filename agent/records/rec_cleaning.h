/*
 * rec_cleaning.h: cleaning sign-offs (émargement: who cleaned which zone,
 * when; appended) and the quarterly cleaning evaluation (a score 0..100
 * per zone; keyed by quarter, a new one replaces the earlier).
 */
#ifndef QP_REC_CLEANING_H
#define QP_REC_CLEANING_H

#include "records.h"

typedef struct rec_signoff_in {
	const char *zone;    /* [a-z0-9-]{1,40}, e.g. "sanitaires"          (zone) */
	const char *cleaner; /* who cleaned: a name or a company; the record's
	                        author is rec_ctx.author, who typed it      (cleaner) */
	const char *at;      /* date-time YYYY-MM-DDTHH:MM[:SS], Paris time
	                             or with Z/+HH:MM; NULL now                  (at) */
} rec_signoff_in;

/*
 * rec_signoff_write also refuses, as REC_IMPLAUSIBLE (field "at"), the
 * same zone already signed by the same cleaner at the same minute, and
 * records whether the
 * zone is a toilet zone (`sanitaire = oui` in DATA/zones.ini).
 */
int rec_signoff_check(const rec_ctx *ctx, const rec_signoff_in *in, rec_error *err);
int
rec_signoff_write(const rec_ctx *ctx, const rec_signoff_in *in, rec_result *res, rec_error *err);

/* Most zones in one evaluation. */
#define REC_ZONES_MAX 32

typedef struct rec_zone_score {
	const char *zone;  /* [a-z0-9-]{1,40} */
	const char *score; /* whole number 0..100 as typed */
} rec_zone_score;

typedef struct rec_evaluation_in {
	const char *quarter;          /* YYYY-Qn                                     (quarter) */
	const rec_zone_score *scores; /* 1..REC_ZONES_MAX, each zone once        (scores) */
	size_t n_scores;
	const char *comment; /* NULL or text                                (comment) */
} rec_evaluation_in;

int rec_evaluation_check(const rec_ctx *ctx, const rec_evaluation_in *in, rec_error *err);
int rec_evaluation_write(const rec_ctx *ctx, const rec_evaluation_in *in, rec_result *res,
                         rec_error *err);

#endif
