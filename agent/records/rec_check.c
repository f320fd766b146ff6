/*
 * rec_check.c: check definitions and check runs. Whether the check exists
 * is decided in the write transaction, so concurrent writers cannot race.
 */
#include "rec_check.h"

#include <stdio.h>
#include <string.h>

#include "calendar.h"
#include "domain.h"
#include "i18n.h"
#include "rec_internal.h"

struct check_change {
	bool add;
	const rec_check_in *in;
	const char *since; /* canonical, or NULL unchanged */
	int active;        /* -1 unchanged, 0 no, 1 yes */
	Qp__CheckDefinition def;
};

static int
check_define_check(const rec_check_in *in, bool add, rec_error *err)
{
	cal_day d;

	rec_begin(err, NULL);
	if (in->id == NULL || !domain_check_id_valid(in->id))
		return rec_fail(err, REC_INPUT, "id", _("expected [a-z0-9-]{1,40}, got \"%s\""),
		                in->id ? in->id : "");
	if (add && in->label == NULL)
		return rec_fail(err, REC_INPUT, "label", _("required"));
	if (add && in->periodicity == NULL)
		return rec_fail(err, REC_INPUT, "periodicity", _("required"));
	if (add && in->engagement == NULL)
		return rec_fail(err, REC_INPUT, "engagement", _("required"));
	if (add && in->active != NULL)
		return rec_fail(err, REC_INPUT, "active", _("a new check is active"));
	if (in->label != NULL && !rec_text_valid(in->label))
		return rec_fail(err, REC_INPUT, "label", _("expected non-empty UTF-8 text"));
	if (in->periodicity != NULL && !domain_periodicity_valid(in->periodicity)) {
		char list[160];
		return rec_fail(err, REC_INPUT, "periodicity", _("expected %s, got \"%s\""),
		                domain_wire_list(domain_periodicities, DOMAIN_PERIODICITIES, list,
		                                 sizeof(list)),
		                in->periodicity);
	}
	if (in->engagement != NULL && !domain_engagement_valid(in->engagement))
		return rec_fail(err, REC_INPUT, "engagement", _("expected %s, got \"%s\""),
		                DOMAIN_ENGAGEMENTS_TEXT, in->engagement);
	if (!rec_optional_text_valid(in->role))
		return rec_fail(err, REC_INPUT, "role", _("expected UTF-8 text"));
	if (in->since != NULL && cal_parse_date_typed(in->since, &d) != 0)
		return rec_fail(err, REC_INPUT, "since",
		                _("expected a date YYYY-MM-DD, got \"%s\""), in->since);
	if (in->active != NULL && strcmp(in->active, "yes") != 0 && strcmp(in->active, "no") != 0)
		return rec_fail(err, REC_INPUT, "active", _("expected yes or no, got \"%s\""),
		                in->active);
	if (!add && in->label == NULL && in->periodicity == NULL && in->engagement == NULL &&
	    in->role == NULL && in->since == NULL && in->active == NULL)
		return rec_fail(err, REC_INPUT, NULL,
		                _("nothing to change: give at least one option"));
	return 0;
}

int
rec_check_add_check(const rec_ctx *ctx, const rec_check_in *in, rec_error *err)
{
	(void)ctx;
	return check_define_check(in, true, err);
}

int
rec_check_set_check(const rec_ctx *ctx, const rec_check_in *in, rec_error *err)
{
	(void)ctx;
	return check_define_check(in, false, err);
}

static int
prepare_check(site *s, store_txn *txn, ledger *l, Qp__Event *ev, void *arg, char *msg,
              size_t msglen)
{
	rec_txn *t = arg;
	struct check_change *cc = t->arg;
	const rec_check_in *in = cc->in;
	const Qp__Event *cur = ledger_check(l, in->id);

	(void)s;
	(void)txn;
	(void)msg;
	(void)msglen;
	if (cc->add && cur != NULL) {
		rec_fail(t->err, REC_STATE, "id", _("check \"%s\" already exists"), in->id);
		return QP_EINVAL;
	}
	if (!cc->add && cur == NULL) {
		rec_fail(t->err, REC_STATE, "id", _("unknown check \"%s\""), in->id);
		rec_offer(t->err, REC_SEE_CHECKS, in->id);
		return QP_EINVAL;
	}
	qp__check_definition__init(&cc->def);
	if (cur != NULL) {
		const Qp__CheckDefinition *d = cur->check_definition;
		cc->def.label = d->label;
		cc->def.engagement = d->engagement;
		cc->def.periodicity = d->periodicity;
		cc->def.role = d->role;
		cc->def.active = d->active;
		cc->def.since = d->since;
		rec_note_replaced(t, l, cur->seq);
	} else {
		cc->def.active = true;
	}
	cc->def.id = (char *)in->id;
	if (in->label)
		cc->def.label = (char *)in->label;
	if (in->periodicity)
		cc->def.periodicity = (char *)in->periodicity;
	if (in->engagement)
		cc->def.engagement = (char *)in->engagement;
	if (in->role)
		cc->def.role = (char *)in->role;
	if (cc->since)
		cc->def.since = (char *)cc->since;
	if (cc->active >= 0)
		cc->def.active = cc->active;
	ev->business_date = cc->def.since;
	ev->body_case = QP__EVENT__BODY_CHECK_DEFINITION;
	ev->check_definition = &cc->def;
	return 0;
}

static int
check_define(const rec_ctx *ctx, const rec_check_in *in, bool add, rec_result *res, rec_error *err)
{
	struct check_change cc = { .add = add, .in = in, .active = -1 };
	Qp__Event ev = QP__EVENT__INIT;
	char since_buf[11];
	int rc;

	if ((rc = check_define_check(in, add, err)) != 0)
		return rc;
	rec_begin(err, res);
	if (add || in->since != NULL) {
		if ((rc = rec_date("since", in->since, since_buf, err)) != 0)
			return rc;
		cc.since = since_buf;
	}
	if (in->active != NULL)
		cc.active = strcmp(in->active, "yes") == 0;
	return rec_write(ctx, &ev, true, prepare_check, &cc, res, err);
}

int
rec_check_add(const rec_ctx *ctx, const rec_check_in *in, rec_result *res, rec_error *err)
{
	return check_define(ctx, in, true, res, err);
}

int
rec_check_set(const rec_ctx *ctx, const rec_check_in *in, rec_result *res, rec_error *err)
{
	return check_define(ctx, in, false, res, err);
}

int
rec_check_run_check(const rec_ctx *ctx, const rec_check_run_in *in, rec_error *err)
{
	cal_day d;

	(void)ctx;
	rec_begin(err, NULL);
	if (in->id == NULL || !domain_check_id_valid(in->id))
		return rec_fail(err, REC_INPUT, "id", _("expected [a-z0-9-]{1,40}, got \"%s\""),
		                in->id ? in->id : "");
	if (in->result == NULL)
		return rec_fail(err, REC_INPUT, "result", _("required (ok, ko or na)"));
	if (!domain_result_valid(in->result))
		return rec_fail(err, REC_INPUT, "result", _("expected ok, ko or na, got \"%s\""),
		                in->result);
	if (in->date != NULL && cal_parse_date_typed(in->date, &d) != 0)
		return rec_fail(err, REC_INPUT, "date", _("expected a date YYYY-MM-DD, got \"%s\""),
		                in->date);
	if (!rec_optional_text_valid(in->comment))
		return rec_fail(err, REC_INPUT, "comment", _("expected UTF-8 text"));
	return 0;
}

static int
prepare_run(site *s, store_txn *txn, ledger *l, Qp__Event *ev, void *arg, char *msg, size_t msglen)
{
	rec_txn *t = arg;
	const Qp__Event *cur = ledger_check(l, ev->check_run->check_id);

	(void)s;
	(void)txn;
	(void)msg;
	(void)msglen;
	if (cur == NULL) {
		rec_fail(t->err, REC_STATE, "id", _("unknown check \"%s\""),
		         ev->check_run->check_id);
		rec_offer(t->err, REC_SEE_CHECKS, ev->check_run->check_id);
		return QP_EINVAL;
	}
	if (!cur->check_definition->active) {
		rec_fail(t->err, REC_STATE, "id", _("check \"%s\" is not active"),
		         cur->check_definition->id);
		rec_offer(t->err, REC_REACTIVATE_CHECK, cur->check_definition->id);
		return QP_EINVAL;
	}
	return 0;
}

int
rec_check_run(const rec_ctx *ctx, const rec_check_run_in *in, rec_result *res, rec_error *err)
{
	Qp__Event ev = QP__EVENT__INIT;
	Qp__CheckRun run = QP__CHECK_RUN__INIT;
	char date_buf[11];
	int rc;

	if ((rc = rec_check_run_check(ctx, in, err)) != 0)
		return rc;
	rec_begin(err, res);
	if ((rc = rec_date("date", in->date, date_buf, err)) != 0)
		return rc;
	run.check_id = (char *)in->id;
	run.date = date_buf;
	run.result = (char *)in->result;
	run.comment = (char *)(in->comment ? in->comment : "");
	ev.business_date = date_buf;
	ev.body_case = QP__EVENT__BODY_CHECK_RUN;
	ev.check_run = &run;
	return rec_write(ctx, &ev, true, prepare_run, NULL, res, err);
}

void
rec_check_describe(const Qp__Event *ev, char *buf, size_t len)
{
	char day[11];

	if (ev->body_case == QP__EVENT__BODY_CHECK_RUN) {
		const Qp__CheckRun *r = ev->check_run;
		snprintf(buf, len, "Vérification %s : %s, le %s, par %s", r->check_id,
		         domain_label(domain_results, DOMAIN_RESULTS, r->result),
		         rec_date_fr(r->date, day), ev->author);
	} else {
		const Qp__CheckDefinition *d = ev->check_definition;
		snprintf(buf, len, "Vérification %s définie : %s (%s, %s%s), par %s", d->id,
		         d->label,
		         domain_label(domain_periodicities, DOMAIN_PERIODICITIES, d->periodicity),
		         d->engagement, d->active ? "" : ", inactive", ev->author);
	}
}
