/*
 * rec_action.h: the action table (actions keyed by id "A-<n>", a change
 * replaces the earlier version) and the quarterly action review
 * (appended).
 */
#ifndef QP_REC_ACTION_H
#define QP_REC_ACTION_H

#include "records.h"

typedef struct rec_action_in {
	const char *id; /* update only: "A-<n>"                        (id) */
	/* For update, NULL keeps the current value; add needs title,
	 * engagement and source. */
	const char *title;      /* non-empty text                              (title) */
	const char *engagement; /* N1..N12, S1..S3, SMQ1..SMQ10                (engagement) */
	const char *source;     /* audit-internal ... other                    (source) */
	const char *owner;      /* who carries it, free text                   (owner) */
	const char *due;        /* a typed date, "" for none                   (due) */
	const char *status;     /* update only: todo, doing, done, dropped     (status) */
	const char *note;       /* update only, free text                      (note) */
	const char *date;       /* the day of the change; NULL today           (date) */
} rec_action_in;

int rec_action_add_check(const rec_ctx *ctx, const rec_action_in *in, rec_error *err);
/* res->id gets the new action's id. */
int rec_action_add(const rec_ctx *ctx, const rec_action_in *in, rec_result *res, rec_error *err);
/* REC_INPUT (field NULL) when nothing changes. */
int rec_action_update_check(const rec_ctx *ctx, const rec_action_in *in, rec_error *err);
/* REC_STATE "id" for an unknown action. */
int rec_action_update(const rec_ctx *ctx, const rec_action_in *in, rec_result *res, rec_error *err);

typedef struct rec_action_review_in {
	const char *date;    /* NULL today                                  (date) */
	const char *comment; /* NULL or text                                (comment) */
} rec_action_review_in;

int rec_action_review_check(const rec_ctx *ctx, const rec_action_review_in *in, rec_error *err);
int rec_action_review(const rec_ctx *ctx, const rec_action_review_in *in, rec_result *res,
                      rec_error *err);

#endif
