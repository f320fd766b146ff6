/*
 * rec_action.c: actions and action reviews. The next action id and the
 * existence of the action are decided in the write transaction.
 */
#include "rec_action.h"

#include <stdio.h>
#include <string.h>

#include "calendar.h"
#include "domain.h"
#include "i18n.h"
#include "rec_internal.h"

struct action_change {
	const rec_action_in *in;
	const char *due; /* canonical, or NULL unchanged */
	const char *date;
	rec_result *res;
	Qp__Action a;
};

static int
action_check(const rec_action_in *in, bool add, rec_error *err)
{
	char list[400];
	cal_day d;

	rec_begin(err, NULL);
	if (add) {
		if (in->title == NULL)
			return rec_fail(err, REC_INPUT, "title", _("required"));
		if (in->engagement == NULL)
			return rec_fail(err, REC_INPUT, "engagement", _("required"));
		if (in->source == NULL)
			return rec_fail(err, REC_INPUT, "source", _("required"));
		if (in->status != NULL)
			return rec_fail(err, REC_INPUT, "status", _("a new action is todo"));
	} else {
		if (in->id == NULL || !domain_action_id_valid(in->id))
			return rec_fail(err, REC_INPUT, "id", _("expected A-<n>, got \"%s\""),
			                in->id ? in->id : "");
		if (!in->title && !in->engagement && !in->source && !in->owner && !in->due &&
		    !in->status && !in->note)
			return rec_fail(err, REC_INPUT, NULL,
			                _("nothing to change: give at least one option"));
	}
	if (in->title != NULL && !rec_text_valid(in->title))
		return rec_fail(err, REC_INPUT, "title", _("expected non-empty UTF-8 text"));
	if (in->engagement != NULL && !domain_engagement_valid(in->engagement))
		return rec_fail(err, REC_INPUT, "engagement", _("expected %s, got \"%s\""),
		                DOMAIN_ENGAGEMENTS_TEXT, in->engagement);
	if (in->source != NULL && !domain_action_source_valid(in->source))
		return rec_fail(
		        err, REC_INPUT, "source", _("expected %s, got \"%s\""),
		        domain_wire_list(domain_sources, DOMAIN_SOURCES, list, sizeof(list)),
		        in->source);
	if (in->status != NULL && !domain_action_status_valid(in->status))
		return rec_fail(
		        err, REC_INPUT, "status", _("expected %s, got \"%s\""),
		        domain_wire_list(domain_statuses, DOMAIN_STATUSES, list, sizeof(list)),
		        in->status);
	if (in->due != NULL && in->due[0] != '\0' && cal_parse_date_typed(in->due, &d) != 0)
		return rec_fail(err, REC_INPUT, "due", _("expected a date YYYY-MM-DD, got \"%s\""),
		                in->due);
	if (in->date != NULL && cal_parse_date_typed(in->date, &d) != 0)
		return rec_fail(err, REC_INPUT, "date", _("expected a date YYYY-MM-DD, got \"%s\""),
		                in->date);
	if (!rec_optional_text_valid(in->owner))
		return rec_fail(err, REC_INPUT, "owner", _("expected UTF-8 text"));
	if (!rec_optional_text_valid(in->note))
		return rec_fail(err, REC_INPUT, "note", _("expected UTF-8 text"));
	return 0;
}

int
rec_action_add_check(const rec_ctx *ctx, const rec_action_in *in, rec_error *err)
{
	(void)ctx;
	return action_check(in, true, err);
}

int
rec_action_update_check(const rec_ctx *ctx, const rec_action_in *in, rec_error *err)
{
	(void)ctx;
	return action_check(in, false, err);
}

static int
prepare_action(site *s, store_txn *txn, ledger *l, Qp__Event *ev, void *arg, char *msg,
               size_t msglen)
{
	rec_txn *t = arg;
	struct action_change *ac = t->arg;
	const rec_action_in *in = ac->in;
	int e;

	(void)s;
	(void)msg;
	(void)msglen;
	qp__action__init(&ac->a);
	if (in->id == NULL) {
		/* A new id, given inside the transaction so concurrent adds differ. */
		uint64_t n;
		if ((e = site_meta_get(txn, META_NEXT_ACTION, &n)) != 0)
			return e;
		if (n == 0)
			n = 1;
		snprintf(ac->res->id, sizeof(ac->res->id), "A-%llu", (unsigned long long)n);
		if ((e = site_meta_put(txn, META_NEXT_ACTION, n + 1)) != 0)
			return e;
		ac->a.id = ac->res->id;
		ac->a.status = (char *)"todo";
		ac->a.opened_on = (char *)ac->date;
		ac->a.status_date = (char *)ac->date;
	} else {
		const Qp__Event *cur = ledger_action(l, in->id);
		if (cur == NULL) {
			rec_fail(t->err, REC_STATE, "id", _("unknown action \"%s\""), in->id);
			rec_offer(t->err, REC_SEE_ACTIONS, in->id);
			return QP_EINVAL;
		}
		ac->a = *cur->action;
		ac->a.id = (char *)in->id;
		if (in->status != NULL && strcmp(in->status, cur->action->status) != 0)
			ac->a.status_date = (char *)ac->date;
		rec_note_replaced(t, l, cur->seq);
	}
	if (in->title)
		ac->a.title = (char *)in->title;
	if (in->engagement)
		ac->a.engagement = (char *)in->engagement;
	if (in->source)
		ac->a.source = (char *)in->source;
	if (in->owner)
		ac->a.owner = (char *)in->owner;
	if (ac->due)
		ac->a.due = (char *)ac->due;
	if (in->status)
		ac->a.status = (char *)in->status;
	if (in->note)
		ac->a.note = (char *)in->note;
	if (!t->force &&
	    (strcmp(ac->a.status, "done") == 0 || strcmp(ac->a.status, "dropped") == 0) &&
	    ac->a.opened_on[0] != '\0' && strcmp(ac->a.status_date, ac->a.opened_on) < 0) {
		char closed_fr[32], opened_fr[32];
		rec_fail(t->err, REC_IMPLAUSIBLE, "date",
		         _("the action would be closed (%s) before it was opened (%s)"),
		         rec_date_fr(ac->a.status_date, closed_fr),
		         rec_date_fr(ac->a.opened_on, opened_fr));
		return QP_EINVAL;
	}
	ev->business_date = (char *)ac->date;
	ev->body_case = QP__EVENT__BODY_ACTION;
	ev->action = &ac->a;
	return 0;
}

static int
action_write(const rec_ctx *ctx, const rec_action_in *in, bool add, rec_result *res, rec_error *err)
{
	struct action_change ac = { .in = in, .res = res };
	Qp__Event ev = QP__EVENT__INIT;
	char date_buf[11], due_buf[11];
	cal_day d;
	int rc;

	if ((rc = action_check(in, add, err)) != 0)
		return rc;
	rec_begin(err, res);
	if (in->due != NULL) {
		due_buf[0] = '\0';
		if (in->due[0] != '\0' && cal_parse_date_typed(in->due, &d) == 0)
			cal_format_date(d, due_buf);
		ac.due = due_buf;
	}
	if ((rc = rec_date("date", in->date, date_buf, err)) != 0)
		return rc;
	ac.date = date_buf;
	rc = rec_write(ctx, &ev, !add, prepare_action, &ac, res, err);
	if (rc != 0)
		res->id[0] = '\0';
	return rc;
}

int
rec_action_add(const rec_ctx *ctx, const rec_action_in *in, rec_result *res, rec_error *err)
{
	return action_write(ctx, in, true, res, err);
}

int
rec_action_update(const rec_ctx *ctx, const rec_action_in *in, rec_result *res, rec_error *err)
{
	return action_write(ctx, in, false, res, err);
}

int
rec_action_review_check(const rec_ctx *ctx, const rec_action_review_in *in, rec_error *err)
{
	cal_day d;

	(void)ctx;
	rec_begin(err, NULL);
	if (in->date != NULL && cal_parse_date_typed(in->date, &d) != 0)
		return rec_fail(err, REC_INPUT, "date", _("expected a date YYYY-MM-DD, got \"%s\""),
		                in->date);
	if (!rec_optional_text_valid(in->comment))
		return rec_fail(err, REC_INPUT, "comment", _("expected UTF-8 text"));
	return 0;
}

int
rec_action_review(const rec_ctx *ctx, const rec_action_review_in *in, rec_result *res,
                  rec_error *err)
{
	Qp__Event ev = QP__EVENT__INIT;
	Qp__ActionReview ar = QP__ACTION_REVIEW__INIT;
	char date_buf[11];
	int rc;

	if ((rc = rec_action_review_check(ctx, in, err)) != 0)
		return rc;
	rec_begin(err, res);
	if ((rc = rec_date("date", in->date, date_buf, err)) != 0)
		return rc;
	ar.date = date_buf;
	ar.comment = (char *)(in->comment ? in->comment : "");
	ev.business_date = date_buf;
	ev.body_case = QP__EVENT__BODY_ACTION_REVIEW;
	ev.action_review = &ar;
	return rec_write(ctx, &ev, false, NULL, NULL, res, err);
}

void
rec_action_describe(const Qp__Event *ev, char *buf, size_t len)
{
	char day[11];

	if (ev->body_case == QP__EVENT__BODY_ACTION) {
		const Qp__Action *a = ev->action;
		snprintf(buf, len, "Action %s (%s) : %s, le %s, par %s", a->id,
		         domain_label(domain_statuses, DOMAIN_STATUSES, a->status), a->title,
		         rec_date_fr(ev->business_date, day), ev->author);
	} else {
		snprintf(buf, len, "Revue du tableau des actions le %s, par %s",
		         rec_date_fr(ev->action_review->date, day), ev->author);
	}
}
