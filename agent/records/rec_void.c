/*
 * rec_void.c: voids.
 */
#include "rec_void.h"

#include <stdio.h>
#include <string.h>

#include "domain.h"
#include "i18n.h"
#include "rec_internal.h"

int
rec_void_check(const rec_ctx *ctx, const rec_void_in *in, rec_error *err)
{
	unsigned long long seq;

	(void)ctx;
	rec_begin(err, NULL);
	if (!domain_parse_u64(in->seq, &seq) || seq == 0)
		return rec_fail(err, REC_INPUT, "seq",
		                _("expected a record number 1 or more, got \"%s\""),
		                in->seq ? in->seq : "");
	if (!rec_text_valid(in->reason))
		return rec_fail(
		        err, REC_INPUT, "reason",
		        _("expected non-empty UTF-8 text: say why the record stops counting"));
	return 0;
}

static int
prepare_void(site *s, store_txn *txn, ledger *l, Qp__Event *ev, void *arg, char *msg, size_t msglen)
{
	rec_txn *t = arg;
	uint64_t target = ev->void_->seq;
	const Qp__Event *e;

	(void)s;
	(void)txn;
	(void)msg;
	(void)msglen;
	if (target == 0 || target >= ev->seq) {
		rec_fail(t->err, REC_STATE, "seq", _("no record %llu (the last is %llu)"),
		         (unsigned long long)target, (unsigned long long)(ev->seq - 1));
		return QP_EINVAL;
	}
	e = ledger_find(l, target);
	if (e == NULL) {
		rec_fail(t->err, REC_STATE, "seq", _("no record %llu in this site's history"),
		         (unsigned long long)target);
		return QP_EINVAL;
	}
	if (e->body_case == QP__EVENT__BODY_VOID) {
		rec_fail(t->err, REC_STATE, "seq",
		         _("record %llu is itself a void; record the value "
		           "again instead"),
		         (unsigned long long)target);
		return QP_EINVAL;
	}
	if (ledger_voided(l, target)) {
		rec_fail(t->err, REC_STATE, "seq", _("record %llu is already void"),
		         (unsigned long long)target);
		return QP_EINVAL;
	}
	rec_note_replaced(t, l, target);
	return 0;
}

int
rec_void_write(const rec_ctx *ctx, const rec_void_in *in, rec_result *res, rec_error *err)
{
	Qp__Event ev = QP__EVENT__INIT;
	Qp__Void v = QP__VOID__INIT;
	unsigned long long seq = 0;
	char today[11];
	int rc;

	if ((rc = rec_void_check(ctx, in, err)) != 0)
		return rc;
	rec_begin(err, res);
	(void)domain_parse_u64(in->seq, &seq);
	v.seq = seq;
	v.reason = (char *)in->reason;
	ev.business_date = rec_today(today);
	ev.body_case = QP__EVENT__BODY_VOID;
	ev.void_ = &v;
	if ((rc = rec_write(ctx, &ev, true, prepare_void, NULL, res, err)) == 0)
		res->voided = true;
	return rc;
}

void
rec_void_describe(const Qp__Event *ev, char *buf, size_t len)
{
	snprintf(buf, len, "Annulation de l'enregistrement %llu : %s, par %s",
	         (unsigned long long)ev->void_->seq, ev->void_->reason, ev->author);
}
