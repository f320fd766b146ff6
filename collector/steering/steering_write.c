/*
 * steering_write.c: the writes of what the centre records (central
 * actions, audits and findings, campaign results), inside a write
 * transaction, for the `qp-collector action|audit|campaign` commands and
 * the central team's web pages alike: both parse and validate their input,
 * then call these.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "calendar.h"
#include "codec.h"
#include "cstore.h"
#include "i18n.h"
#include "steering.h"

/* Adds or updates a central action inside `txn`, by a site's rules. */
int
steering_action_apply(store_txn *txn, struct steering_action_change *ac)
{
	Qp__Event ev = QP__EVENT__INIT;
	Qp__Action a = QP__ACTION__INIT;
	ledger *l = NULL;
	int e;

	if ((e = steering_ledger(txn, &l)) != 0)
		return e;
	if (ac->id == NULL) {
		uint64_t n;
		if ((e = steering_next(txn, "steering_action", &n)) != 0)
			goto out;
		snprintf(ac->id_buf, sizeof(ac->id_buf), "C-%llu", (unsigned long long)n);
		a.id = ac->id_buf;
		a.status = (char *)"todo";
		a.opened_on = (char *)ac->date;
		a.status_date = (char *)ac->date;
	} else {
		const Qp__Event *cur = ledger_action(l, ac->id);
		if (cur == NULL) {
			snprintf(ac->err, sizeof(ac->err),
			         _("ID: unknown central action \"%s\" "
			           "('qp-collector action list' shows them)"),
			         ac->id);
			e = QP_EINVAL;
			goto out;
		}
		a = *cur->action;
		a.id = (char *)ac->id;
		if (ac->status != NULL && strcmp(ac->status, cur->action->status) != 0)
			a.status_date = (char *)ac->date;
		snprintf(ac->id_buf, sizeof(ac->id_buf), "%s", ac->id);
	}
	if (ac->title)
		a.title = (char *)ac->title;
	if (ac->engagement)
		a.engagement = (char *)ac->engagement;
	if (ac->source)
		a.source = (char *)ac->source;
	if (ac->owner)
		a.owner = (char *)ac->owner;
	if (ac->due)
		a.due = (char *)ac->due;
	if (ac->status)
		a.status = (char *)ac->status;
	if (ac->note)
		a.note = (char *)ac->note;
	ev.author = (char *)(ac->by != NULL ? ac->by : "");
	ev.business_date = (char *)ac->date;
	ev.body_case = QP__EVENT__BODY_ACTION;
	ev.action = &a;
	e = steering_append(txn, &ev, &ac->seq, ac->err, sizeof(ac->err));
out:
	ledger_destroy(&l);
	return e;
}

int
steering_site_known(store_txn *txn, const char *site, char *err, size_t errlen)
{
	Qp__SiteRecord *rec = NULL;
	int e = cstore_site_get(txn, site, &rec);

	codec_free((ProtobufCMessage **)&rec);
	if (e == QP_ENOTFOUND) {
		snprintf(err, errlen,
		         _("--site: unknown site \"%s\" ('qp-collector sites' "
		           "lists the enrolled ones)"),
		         site);
		return QP_EINVAL;
	}
	return e;
}

int
steering_audit_add_txn(store_txn *txn, void *arg)
{
	struct steering_audit_new *ac = arg;
	uint64_t n;
	int e;

	if ((e = steering_site_known(txn, ac->a.site, ac->err, sizeof(ac->err))) != 0)
		return e;
	if ((e = steering_next(txn, "steering_audit", &n)) != 0)
		return e;
	snprintf(ac->id, sizeof(ac->id), "AU-%llu", (unsigned long long)n);
	ac->a.id = ac->id;
	return steering_audit_put(txn, &ac->a);
}

int
steering_finding_txn(store_txn *txn, void *arg)
{
	struct steering_finding_new *fc = arg;
	Qp__Audit *a = NULL;
	Qp__AuditFinding f = QP__AUDIT_FINDING__INIT, **nv;
	int e;

	e = steering_audit_get(txn, fc->audit, &a);
	if (e == QP_ENOTFOUND) {
		snprintf(fc->err, sizeof(fc->err),
		         _("AUDIT: unknown audit \"%s\" "
		           "('qp-collector audit list' shows them)"),
		         fc->audit);
		return QP_EINVAL;
	}
	if (e != 0)
		return e;
	fc->number = (unsigned)a->n_findings + 1;
	f.number = fc->number;
	f.kind = (char *)fc->kind;
	f.engagement = (char *)fc->engagement;
	f.text = (char *)fc->text;
	f.recorded_at_ms = cal_now_ms();
	f.author = (char *)(fc->by != NULL ? fc->by : "");
	if (fc->action) {
		/* The action's title is the finding, cut at a character boundary. */
		size_t cut = strlen(fc->text);
		if (cut >= sizeof(fc->title)) {
			cut = sizeof(fc->title) - 4;
			while (cut > 0 && ((unsigned char)fc->text[cut] & 0xC0) == 0x80)
				cut--;
		}
		snprintf(fc->title, sizeof(fc->title), "%.*s%s", (int)cut, fc->text,
		         cut < strlen(fc->text) ? "…" : "");
		char on[32];
		snprintf(fc->note, sizeof(fc->note), "Constat %u de l'audit %s (%s, %s)",
		         fc->number, a->id, a->site, cal_date_fr(a->date, on, sizeof(on)));
		fc->ac.title = fc->title;
		fc->ac.engagement = fc->engagement;
		fc->ac.source = steering_audit_source(a->kind);
		fc->ac.owner = fc->owner;
		fc->ac.due = fc->due;
		fc->ac.note = fc->note;
		fc->ac.by = fc->by;
		if ((e = steering_action_apply(txn, &fc->ac)) != 0) {
			snprintf(fc->err, sizeof(fc->err), "%s", fc->ac.err);
			goto out;
		}
		f.action_id = fc->ac.id_buf;
	}
	nv = realloc(a->findings, (a->n_findings + 1) * sizeof(*nv));
	if (nv == NULL) {
		e = QP_ENOMEM;
		goto out;
	}
	a->findings = nv;
	a->findings[a->n_findings++] = &f;
	e = steering_audit_put(txn, a);
	a->n_findings--; /* f lives on the stack: not freed with the audit */
out:
	codec_free((ProtobufCMessage **)&a);
	return e;
}

int
steering_campaign_txn(store_txn *txn, void *arg)
{
	struct steering_campaign_new *cc = arg;
	int e = steering_site_known(txn, cc->c.site, cc->err, sizeof(cc->err));

	return e != 0 ? e : steering_campaign_put(txn, &cc->c);
}

bool
steering_action_overdue(const Qp__Action *a, const char *today)
{
	return (strcmp(a->status, "todo") == 0 || strcmp(a->status, "doing") == 0) &&
	       a->due[0] != '\0' && strcmp(a->due, today) < 0;
}
