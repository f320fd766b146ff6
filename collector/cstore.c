#include "cstore.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "codec.h"
#include "fileout.h"
#include "i18n.h"
#include "ledger.h"
#include "protocol.h"
#include "wake.h"

#define OPT(sec, name, type, field, lo, hi, def, help) \
	{ sec, name, type, offsetof(collector_config, field), lo, hi, def, help }

const config_option collector_config_options[] = {
	OPT("collector", "listen", CONFIG_STRING, listen, 0, 0, "tcp://127.0.0.1:7700",
	    "address to listen on, tcp://host:port"),
	OPT("store", "map_max", CONFIG_SIZE, map_max, 1 << 20, 1ULL << 42, "8G",
	    "largest size the store may grow to"),
	OPT("sync", "heartbeat_ms", CONFIG_INT, heartbeat_ms, 100, 600000, "5000",
	    "ZeroMQ heartbeat interval"),
	OPT("sync", "credit", CONFIG_INT, credit, 1, 64, "16",
	    "batches an agent may have in flight"),
	OPT("sync", "max_batch_events", CONFIG_INT, max_batch_events, 1, 10000, "1000",
	    "most events an agent puts in one batch"),
	OPT("sync", "group_max", CONFIG_INT, group_max, 1, 100000, "512",
	    "most messages written in one group commit"),
	OPT("sync", "max_connections", CONFIG_INT, max_connections, 16, 1000000, "4000",
	    "most TCP connections held at once; the oldest goes first (keep it "
	    "under the descriptor limit, LimitNOFILE)"),
	OPT("web", "listen", CONFIG_STRING, web_listen, 0, 0, NULL,
	    "the central team's web interface, e.g. 127.0.0.1:8090 (unset: none)"),
	OPT("web", "tls_cert", CONFIG_STRING, web_tls_cert, 0, 0, NULL,
	    "PEM certificate for the web interface (required beyond 127.0.0.1)"),
	OPT("web", "tls_key", CONFIG_STRING, web_tls_key, 0, 0, NULL,
	    "PEM private key of that certificate"),
	OPT("web", "session_minutes", CONFIG_INT, web_session_minutes, 5, 1440, "30",
	    "a web session ends after this many minutes without a request"),
	{ NULL, NULL, 0, 0, 0, 0, NULL, NULL },
};

static const char *const table_names[C_COUNT] = {
	"meta", "sites", "progress", "events", "central", "steering", "users"
};

char *
cstore_path(const char *data, const char *name)
{
	return fileout_join(data, name);
}

int
cstore_open(const char *data, const char *config_path, bool create, cstore **out,
            char *err, size_t errlen)
{
	store_opts so = { .tables = table_names, .ntables = C_COUNT, .create = create };
	char *storedir = NULL;
	cstore *cs;
	int e;

	*out = NULL;
	cs = calloc(1, sizeof(*cs));
	if (cs == NULL)
		return QP_ENOMEM;
	cs->data = strdup(data);
	cs->config_path = config_path ? strdup(config_path)
	                              : cstore_path(data, "collector.ini");
	if (cs->data == NULL || cs->config_path == NULL) {
		e = QP_ENOMEM;
		goto out;
	}
	e = config_load(cs->config_path, collector_config_options, &cs->cfg, err, errlen);
	if (e == QP_ENOTFOUND) {
		/* A file there but unreadable keeps config_load's strerror. */
		if (access(cs->config_path, F_OK) != 0 && errno == ENOENT)
			snprintf(err, errlen, _("%s: no such file; run 'qp-collector init' "
			         "first, or give --config FILE"), cs->config_path);
		e = QP_ECONFIG;
		goto out;
	}
	if (e != 0)
		goto out;
	storedir = cstore_path(data, "store");
	if (storedir == NULL) {
		e = QP_ENOMEM;
		goto out;
	}
	so.map_max = cs->cfg.map_max;
	so.map_initial = CSTORE_MAP_INITIAL;
	if ((e = store_open(storedir, &so, &cs->st)) != 0) {
		snprintf(err, errlen, _("%s: cannot open the store: %s"), storedir,
		         e == QP_ENOTFOUND ? _("missing; run 'qp-collector init' first")
		                           : qp_errtext(e));
		goto out;
	}
	free(storedir);
	*out = cs;
	return 0;
out:
	free(storedir);
	cstore_close(&cs);
	return e;
}

void
cstore_close(cstore **csp)
{
	cstore *cs;

	if (csp == NULL || (cs = *csp) == NULL)
		return;
	store_destroy(&cs->st);
	config_free(collector_config_options, &cs->cfg);
	free(cs->data);
	free(cs->config_path);
	free(cs);
	*csp = NULL;
}

size_t
cstore_event_key(uint8_t *key, const char *site, uint64_t seq)
{
	size_t n = strlen(site);

	if (n > DOMAIN_ID_MAX)
		abort();          /* ids are validated where they come in */
	memcpy(key, site, n);
	key[n] = '\0';
	store_key_u64(key + n + 1, seq);
	return n + 9;
}

size_t
cstore_event_prefix(uint8_t *key, const char *site)
{
	return cstore_event_key(key, site, 0) - 8;
}

static int
get_msg(store_txn *txn, unsigned table, const char *key,
        const ProtobufCMessageDescriptor *desc, ProtobufCMessage **out)
{
	store_val v;
	int e = store_get(txn, table, key, strlen(key), &v);

	*out = NULL;
	if (e != 0)
		return e;
	return codec_unpack(desc, v.data, v.len, SIZE_MAX, out);
}

static int
put_msg(store_txn *txn, unsigned table, const char *key, const ProtobufCMessage *m)
{
	uint8_t *buf;
	size_t len;
	int e = codec_pack(m, &buf, &len);

	if (e != 0)
		return e;
	e = store_put(txn, table, key, strlen(key), buf, len);
	free(buf);
	return e;
}

int
cstore_site_get(store_txn *txn, const char *site, Qp__SiteRecord **out)
{
	return get_msg(txn, C_SITES, site, &qp__site_record__descriptor,
	               (ProtobufCMessage **)out);
}

int
cstore_site_put(store_txn *txn, const Qp__SiteRecord *rec)
{
	return put_msg(txn, C_SITES, rec->site, &rec->base);
}

int
cstore_progress_get(store_txn *txn, const char *site, site_progress *out)
{
	Qp__SiteProgress *p = NULL;
	int e;

	memset(out, 0, sizeof(*out));
	e = get_msg(txn, C_PROGRESS, site, &qp__site_progress__descriptor,
	            (ProtobufCMessage **)&p);
	if (e == QP_ENOTFOUND)
		return 0;
	if (e != 0)
		return e;
	out->stored_through = p->stored_through;
	out->events = p->events;
	out->last_seen_ms = p->last_seen_ms;
	out->first_seen_ms = p->first_seen_ms;
	out->clock_offset_ms = p->clock_offset_ms;
	out->replies_unsent = p->replies_unsent;
	out->reported_next_seq = p->reported_next_seq;
	for (size_t i = 0; i < p->n_rejected; i++) {
		int r = protocol_reason_find(p->rejected[i]->key);
		if (r >= 0)
			out->rejected[r] = p->rejected[i]->value;
	}
	codec_free((ProtobufCMessage **)&p);
	return 0;
}

int
cstore_progress_put(store_txn *txn, const char *site, const site_progress *in)
{
	Qp__SiteProgress p = QP__SITE_PROGRESS__INIT;
	Qp__SiteProgress__RejectedEntry ent[REASON_COUNT], *ptr[REASON_COUNT];
	size_t n = 0;

	p.stored_through = in->stored_through;
	p.events = in->events;
	p.last_seen_ms = in->last_seen_ms;
	p.first_seen_ms = in->first_seen_ms;
	p.clock_offset_ms = in->clock_offset_ms;
	p.replies_unsent = in->replies_unsent;
	p.reported_next_seq = in->reported_next_seq;
	for (int r = 0; r < REASON_COUNT; r++) {
		if (in->rejected[r] == 0)
			continue;
		qp__site_progress__rejected_entry__init(&ent[n]);
		ent[n].key = (char *)protocol_reasons[r];
		ent[n].value = in->rejected[r];
		ptr[n] = &ent[n];
		n++;
	}
	p.n_rejected = n;
	p.rejected = ptr;
	return put_msg(txn, C_PROGRESS, site, &p.base);
}

int
cstore_central_get(store_txn *txn, Qp__CentralState **out)
{
	return get_msg(txn, C_CENTRAL, CENTRAL_KEY, &qp__central_state__descriptor,
	               (ProtobufCMessage **)out);
}

int
cstore_central_put(store_txn *txn, const Qp__CentralState *cs)
{
	return put_msg(txn, C_CENTRAL, CENTRAL_KEY, &cs->base);
}

int
cstore_meta_get(store_txn *txn, const char *key, uint64_t *v)
{
	return store_get_u64(txn, C_META, key, v);
}

int
cstore_meta_put(store_txn *txn, const char *key, uint64_t v)
{
	return store_put_u64(txn, C_META, key, v);
}

int
cstore_sites(store_txn *txn, Qp__SiteRecord ***out, size_t *n)
{
	Qp__SiteRecord **v = NULL, **nv;
	store_cursor *c = NULL;
	store_val k, val;
	size_t cnt = 0, cap = 0;
	int e;

	*out = NULL;
	*n = 0;
	if ((e = store_cursor_open(txn, C_SITES, &c)) != 0)
		return e;
	for (e = store_cursor_seek(c, NULL, 0, &k, &val); e == 0;
	     e = store_cursor_next(c, &k, &val)) {
		Qp__SiteRecord *r;
		if (cnt == cap) {
			cap = cap ? cap * 2 : 32;
			nv = realloc(v, cap * sizeof(*v));
			if (nv == NULL) {
				e = QP_ENOMEM;
				break;
			}
			v = nv;
		}
		e = codec_unpack(&qp__site_record__descriptor, val.data, val.len,
		                 SIZE_MAX, (ProtobufCMessage **)&r);
		if (e != 0)
			break;
		v[cnt++] = r;
	}
	store_cursor_close(&c);
	if (e != QP_ENOTFOUND) {
		cstore_sites_free(v, cnt);
		return e;
	}
	*out = v;
	*n = cnt;
	return 0;
}

void
cstore_sites_free(Qp__SiteRecord **sites, size_t n)
{
	for (size_t i = 0; i < n; i++)
		codec_free((ProtobufCMessage **)&sites[i]);
	free(sites);
}

void
cstore_wake(const cstore *cs)
{
	wake_send(cs->data);
}

static int
skip_add(uint64_t **skipped, size_t *n, uint64_t seq)
{
	uint64_t *p;

	if (skipped == NULL)
		return 0;
	p = realloc(*skipped, (*n + 1) * sizeof(*p));
	if (p == NULL)
		return QP_ENOMEM;
	p[(*n)++] = seq;
	*skipped = p;
	return 0;
}

int
cstore_load_ledger(store_txn *txn, unsigned events_table, const char *site,
                   ledger **out, uint64_t *count, uint64_t **skipped, size_t *nskipped)
{
	uint8_t start[EVENT_KEY_MAX];
	size_t plen;
	store_cursor *c = NULL;
	store_val k, v;
	ledger *l = NULL;
	uint64_t n = 0;
	int e;

	*out = NULL;
	if (strlen(site) > DOMAIN_ID_MAX)
		return QP_EINVAL;
	plen = cstore_event_prefix(start, site);
	if ((e = ledger_new(&l)) != 0)
		return e;
	if ((e = store_cursor_open(txn, events_table, &c)) != 0)
		goto out;
	for (e = store_cursor_seek(c, start, plen, &k, &v); e == 0;
	     e = store_cursor_next(c, &k, &v)) {
		Qp__Event *ev = NULL;
		if (k.len != plen + 8 || memcmp(k.data, start, plen) != 0)
			break;
		if (codec_event_unpack(v.data, v.len, &ev) != 0) {
			if ((e = skip_add(skipped, nskipped, store_u64_key((const uint8_t *)k.data + plen))) != 0)
				goto out;
			continue;
		}
		if ((e = ledger_add(l, &ev)) != 0)
			goto out;
		n++;
	}
	if (e == QP_ENOTFOUND || e == 0)
		e = 0;
out:
	store_cursor_close(&c);
	if (e != 0)
		ledger_destroy(&l);
	*out = l;
	if (count != NULL)
		*count = n;
	return e;
}

uint64_t
cstore_progress_lag(const site_progress *p)
{
	return p->reported_next_seq > p->stored_through + 1
	               ? p->reported_next_seq - 1 - p->stored_through
	               : 0;
}
