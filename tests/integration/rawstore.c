/*
 * qp-test-rawstore DATA TEXT: writes TEXT where input validation can no
 * longer put it but an old store or the centre still can, bypassing every
 * check (a test tool, never installed):
 *   - an action A-900 whose title is TEXT, appended to the site's history
 *     as a store from before control characters were refused would hold it
 *     (history only: it is not sent to the centre);
 *   - a planning event of 2026 for this site whose title is TEXT, in the
 *     central state as the centre would send it.
 * Then `action list`, `history`, `planning show` must print TEXT escaped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "site.h"
#include "store.h"

struct raw {
	site *s;
	const char *text;
};

static int
write_raw(store_txn *txn, void *arg)
{
	struct raw *r = arg;
	Qp__Event ev = QP__EVENT__INIT;
	Qp__Action a = QP__ACTION__INIT;
	Qp__CentralState *cs = NULL;
	Qp__Planning pl = QP__PLANNING__INIT, **pls;
	Qp__PlanningEvent pe = QP__PLANNING_EVENT__INIT, *pes[1] = { &pe };
	uint8_t key[8], *buf = NULL;
	uint64_t next;
	store_val v;
	size_t len;
	int e;

	if ((e = site_meta_get(txn, META_NEXT_SEQ, &next)) != 0)
		return e;
	a.id = "A-900";
	a.title = (char *)r->text;
	a.engagement = "N1";
	a.source = "other";
	a.status = "todo";
	a.status_date = "2026-03-02";
	a.opened_on = "2026-03-02";
	ev.site = r->s->cfg.site;
	ev.seq = next;
	ev.author = "ancien stock";
	ev.recorded_at_ms = 1772409600000; /* 2026-03-02 */
	ev.business_date = "2026-03-02";
	ev.body_case = QP__EVENT__BODY_ACTION;
	ev.action = &a;
	if ((e = codec_pack(&ev.base, &buf, &len)) != 0)
		return e;
	store_key_u64(key, next);
	e = store_append(txn, T_HISTORY, key, sizeof(key), buf, len);
	free(buf);
	buf = NULL;
	if (e != 0 || (e = site_meta_put(txn, META_NEXT_SEQ, next + 1)) != 0)
		return e;

	if ((e = store_get(txn, T_CENTRAL, CENTRAL_STATE, strlen(CENTRAL_STATE), &v)) != 0)
		return e;
	if ((e = codec_unpack(&qp__central_state__descriptor, v.data, v.len, 1 << 24,
	                      (ProtobufCMessage **)&cs)) != 0)
		return e;
	pe.uid = "raw-1";
	pe.date = "2026-06-15";
	pe.scope = r->s->cfg.site;
	pe.kind = "audit-internal";
	pe.title = (char *)r->text;
	pe.description = "";
	pl.year = 2026;
	pl.n_events = 1;
	pl.events = pes;
	/* The planning is added in front of the ones received (planning show
	 * reads the first of the year); the unpacked array is kept to free. */
	pls = calloc(cs->n_plannings + 1, sizeof(*pls));
	if (pls == NULL) {
		codec_free((ProtobufCMessage **)&cs);
		return QP_ENOMEM;
	}
	pls[0] = &pl;
	for (size_t i = 0; i < cs->n_plannings; i++)
		pls[i + 1] = cs->plannings[i];
	{
		Qp__CentralState out = *cs;
		out.n_plannings = cs->n_plannings + 1;
		out.plannings = pls;
		e = codec_pack(&out.base, &buf, &len);
	}
	if (e == 0)
		e = store_put(txn, T_CENTRAL, CENTRAL_STATE, strlen(CENTRAL_STATE), buf, len);
	free(buf);
	free(pls);
	codec_free((ProtobufCMessage **)&cs);
	return e;
}

int
main(int argc, char **argv)
{
	struct raw r = { 0 };
	char err[512];
	int e;

	if (argc != 3) {
		fprintf(stderr, "usage: qp-test-rawstore DATA TEXT\n");
		return 2;
	}
	if ((e = site_open(argv[1], NULL, false, &r.s, err, sizeof(err))) != 0) {
		fprintf(stderr, "qp-test-rawstore: %s\n", err);
		return 1;
	}
	r.text = argv[2];
	e = store_write(r.s->st, write_raw, &r);
	site_close(&r.s);
	if (e != 0) {
		fprintf(stderr, "qp-test-rawstore: %s\n", qp_strerror(e));
		return 1;
	}
	return 0;
}
