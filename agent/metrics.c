#include "metrics.h"

#include <string.h>

#include "agent.h"
#include "codec.h"
#include "promtext.h"
#include "qp_error.h"

struct agent_figures {
	uint64_t next, acked, last_contact, pending, quarantined;
	int64_t oldest_pending_ms; /* recorded_at of the oldest unacknowledged */
	uint64_t central_version;
	store_info info;
	char link[128]; /* the daemon's link state, as status shows it */
};

/* The first outbox entry past `acked`: the oldest record still to send.
 * Found by a seek, not by stepping over the acknowledged entries the
 * outbox still keeps (up to SITE_PRUNE_AT). */
static int
oldest_pending(store_txn *txn, uint64_t acked, int64_t *out)
{
	store_cursor *c = NULL;
	store_val k, v;
	Qp__Event *ev = NULL;
	uint8_t key[8];
	int e;

	*out = 0;
	if (acked == UINT64_MAX)
		return 0;
	if ((e = store_cursor_open(txn, T_OUTBOX, &c)) != 0)
		return e;
	store_key_u64(key, acked + 1);
	if ((e = store_cursor_seek(c, key, sizeof(key), &k, &v)) == 0 &&
	    codec_event_unpack(v.data, v.len, &ev) == 0) {
		*out = ev->recorded_at_ms;
		codec_free((ProtobufCMessage **)&ev);
	}
	store_cursor_close(&c);
	return e == QP_ENOTFOUND ? 0 : e;
}

static int
read_figures(site *s, struct agent_figures *f)
{
	Qp__CentralState *cs = NULL;
	store_txn *txn = NULL;
	store_val lv;
	int e;

	if ((e = store_read(s->st, &txn)) != 0)
		return e;
	if (store_get(txn, T_META, "link", 4, &lv) == 0)
		snprintf(f->link, sizeof(f->link), "%.*s",
		         (int)(lv.len < sizeof(f->link) ? lv.len : sizeof(f->link) - 1),
		         (const char *)lv.data);
	if ((e = site_meta_get(txn, META_NEXT_SEQ, &f->next)) != 0 ||
	    (e = site_meta_get(txn, META_ACKED, &f->acked)) != 0 ||
	    (e = site_meta_get(txn, META_LAST_CONTACT, &f->last_contact)) != 0 ||
	    (e = site_meta_get(txn, META_QUARANTINED, &f->quarantined)) != 0 ||
	    (e = site_pending(txn, f->acked, &f->pending)) != 0 ||
	    (e = oldest_pending(txn, f->acked, &f->oldest_pending_ms)) != 0) {
		store_txn_end(&txn);
		return e;
	}
	store_txn_end(&txn);
	if ((e = site_central(s, &cs)) != 0 && e != QP_ENOTFOUND)
		return e;
	f->central_version = cs ? cs->version : 0;
	codec_free((ProtobufCMessage **)&cs);
	return store_info_get(s->st, &f->info);
}

int
agent_metrics_write(site *s, FILE *fp, const char *version)
{
	struct agent_figures f = { 0 };
	const char *id = s->cfg.site;
	char shown[256];
	int e = read_figures(s, &f);

	prom_write_common(fp, "qp-agent", version, e == 0);
	if (e != 0)
		goto out;
	prom_head(fp, "qualiparis_agent_records_total", "counter",
	          "Records written at this site (the last seq).");
	fprintf(fp, "qualiparis_agent_records_total{site=\"%s\"} %llu\n", id,
	        (unsigned long long)(f.next ? f.next - 1 : 0));
	prom_head(fp, "qualiparis_agent_acked_through", "gauge",
	          "Highest seq the collector acknowledged.");
	fprintf(fp, "qualiparis_agent_acked_through{site=\"%s\"} %llu\n", id,
	        (unsigned long long)f.acked);
	prom_head(fp, "qualiparis_agent_pending_events", "gauge",
	          "Records waiting to be sent or acknowledged.");
	fprintf(fp, "qualiparis_agent_pending_events{site=\"%s\"} %llu\n", id,
	        (unsigned long long)f.pending);
	prom_head(fp, "qualiparis_agent_oldest_pending_timestamp_seconds", "gauge",
	          "When the oldest record still waiting was recorded; 0 if none waits.");
	fprintf(fp, "qualiparis_agent_oldest_pending_timestamp_seconds{site=\"%s\"} %.3f\n", id,
	        f.oldest_pending_ms / 1000.0);
	prom_head(fp, "qualiparis_agent_last_contact_timestamp_seconds", "gauge",
	          "Last answer from the collector; 0 if never.");
	fprintf(fp, "qualiparis_agent_last_contact_timestamp_seconds{site=\"%s\"} %.3f\n", id,
	        (double)f.last_contact / 1000.0);
	prom_head(fp, "qualiparis_agent_link_up", "gauge",
	          "1 when the daemon's link to the collector is up (\"connected\").");
	fprintf(fp, "qualiparis_agent_link_up{site=\"%s\"} %d\n", id,
	        strcmp(f.link, "connected") == 0);
	prom_head(fp, "qualiparis_agent_link_info", "gauge",
	          "Always 1; the state label is the link as 'qp-agent status' shows it.");
	fprintf(fp, "qualiparis_agent_link_info{site=\"%s\",state=\"", id);
	prom_label_value(fp, f.link[0] ? agent_link_text(f.link, false, shown, sizeof(shown))
	                               : "unknown");
	fputs("\"} 1\n", fp);
	prom_head(fp, "qualiparis_agent_central_version", "gauge",
	          "Version of the central state (catalogue, plannings) held.");
	fprintf(fp, "qualiparis_agent_central_version{site=\"%s\"} %llu\n", id,
	        (unsigned long long)f.central_version);
	prom_head(fp, "qualiparis_agent_quarantined_total", "counter",
	          "Damaged outbox entries set aside.");
	fprintf(fp, "qualiparis_agent_quarantined_total{site=\"%s\"} %llu\n", id,
	        (unsigned long long)f.quarantined);
	prom_head(fp, "qualiparis_agent_store_used_bytes", "gauge", "Bytes of the store in use.");
	fprintf(fp, "qualiparis_agent_store_used_bytes{site=\"%s\"} %llu\n", id,
	        (unsigned long long)f.info.in_use);
	prom_head(fp, "qualiparis_agent_store_max_bytes", "gauge",
	          "Largest size the store may grow to ([store] map_max).");
	fprintf(fp, "qualiparis_agent_store_max_bytes{site=\"%s\"} %llu\n", id,
	        (unsigned long long)f.info.map_max);
out:
	if (e == 0 && (ferror(fp) || fflush(fp) != 0))
		e = QP_EIO;
	return e;
}
