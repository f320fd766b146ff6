#include "site.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "calendar.h"
#include "codec.h"
#include "fileout.h"
#include "i18n.h"
#include "domain.h"
#include "wake.h"

#define OPT(sec, name, type, field, lo, hi, def, help) \
	{ sec, name, type, offsetof(agent_config, field), lo, hi, def, help }

const config_option agent_config_options[] = {
	OPT("agent", "site", CONFIG_STRING, site, 0, 0, NULL,
	    "site id, e.g. eps-05"),
	OPT("agent", "name", CONFIG_STRING, name, 0, 0, NULL,
	    "the site's name as people know it, e.g. EPS Paris 5e (web pages)"),
	OPT("collector", "endpoint", CONFIG_STRING, endpoint, 0, 0, NULL,
	    "collector address, tcp://host:port"),
	OPT("collector", "key", CONFIG_STRING, collector_key, 0, 0, NULL,
	    "collector public key, as `qp-collector key` prints it"),
	OPT("store", "map_max", CONFIG_SIZE, map_max, 1 << 20, 1ULL << 40, "1G",
	    "largest size the store may grow to"),
	OPT("sync", "batch_events", CONFIG_INT, batch_events, 1, 10000, "1000",
	    "most events in one batch"),
	OPT("sync", "window", CONFIG_INT, window, 1, 64, "16",
	    "most batches in flight"),
	OPT("sync", "heartbeat_ms", CONFIG_INT, heartbeat_ms, 100, 600000, "5000",
	    "ZeroMQ heartbeat interval"),
	OPT("sync", "reconnect_min_ms", CONFIG_INT, reconnect_min_ms, 10, 600000, "100",
	    "base of the reconnection waits (0..min(max, min*2^n))"),
	OPT("sync", "reconnect_max_ms", CONFIG_INT, reconnect_max_ms, 10, 3600000, "1000",
	    "longest wait between reconnection attempts"),
	OPT("sync", "timeout_s", CONFIG_INT, sync_timeout_s, 1, 86400, "30",
	    "default timeout of `qp-agent sync`"),
	OPT("web", "listen", CONFIG_STRING, web_listen, 0, 0, NULL,
	    "web interface address, e.g. 127.0.0.1:8080 (unset: no web interface)"),
	OPT("web", "tls_cert", CONFIG_STRING, web_tls_cert, 0, 0, NULL,
	    "PEM certificate, required when listening beyond 127.0.0.1"),
	OPT("web", "tls_key", CONFIG_STRING, web_tls_key, 0, 0, NULL,
	    "PEM private key of tls_cert"),
	OPT("web", "session_minutes", CONFIG_INT, web_session_minutes, 5, 1440, "30",
	    "a web session ends after this many minutes without a request"),
	IMPORT_CONFIG_OPTIONS(agent_config, import),
	{ NULL, NULL, 0, 0, 0, 0, NULL, NULL },
};

static const char *const table_names[T_COUNT] = {
	"meta", "history", "outbox", "central", "quarantine", "users", "sums"
};

char *
site_path(const char *data, const char *name)
{
	return fileout_join(data, name);
}

int64_t
site_now_ms(void)
{
	return cal_now_ms();
}

int
site_open(const char *data, const char *config_path, bool create, site **out,
          char *err, size_t errlen)
{
	site *s = NULL;
	store_opts so = { .tables = table_names, .ntables = T_COUNT, .create = create };
	char *storedir = NULL;
	int e;

	*out = NULL;
	s = calloc(1, sizeof(*s));
	if (s == NULL)
		return QP_ENOMEM;
	s->data = strdup(data);
	s->config_path = config_path ? strdup(config_path) : site_path(data, "agent.ini");
	if (s->data == NULL || s->config_path == NULL) {
		e = QP_ENOMEM;
		goto out;
	}
	e = config_load(s->config_path, agent_config_options, &s->cfg, err, errlen);
	if (e == QP_ENOTFOUND) {
		/* A file there but unreadable keeps config_load's strerror. */
		if (access(s->config_path, F_OK) != 0 && errno == ENOENT)
			snprintf(err, errlen, _("%s: no such file; run 'qp-agent init' "
			         "first, or give --config FILE"), s->config_path);
		e = QP_ECONFIG;
		goto out;
	}
	if (e != 0)
		goto out;
	if (s->cfg.site == NULL || !domain_site_id_valid(s->cfg.site)) {
		snprintf(err, errlen, _("%s: [agent] site: expected a site id such as eps-05"),
		         s->config_path);
		e = QP_ECONFIG;
		goto out;
	}
	if (s->cfg.name != NULL && !site_name_valid(s->cfg.name)) {
		snprintf(err, errlen, _("%s: [agent] name: expected the site's name on one line, "
		                        "at most %d characters"),
		         s->config_path, SITE_NAME_MAX);
		e = QP_ECONFIG;
		goto out;
	}
	storedir = site_path(data, "store");
	if (storedir == NULL) {
		e = QP_ENOMEM;
		goto out;
	}
	so.map_max = s->cfg.map_max;
	e = store_open(storedir, &so, &s->st);
	if (e != 0) {
		snprintf(err, errlen, _("%s: cannot open the store: %s"), storedir,
		         e == QP_ENOTFOUND ? _("missing; run 'qp-agent init' first")
		                           : qp_errtext(e));
		goto out;
	}
	free(storedir);
	*out = s;
	return 0;
out:
	free(storedir);
	site_close(&s);
	return e;
}

void
site_close(site **sp)
{
	site *s;

	if (sp == NULL || (s = *sp) == NULL)
		return;
	store_destroy(&s->st);
	config_free(agent_config_options, &s->cfg);
	free(s->data);
	free(s->config_path);
	free(s);
	*sp = NULL;
}

int
site_meta_get(store_txn *txn, const char *key, uint64_t *v)
{
	return store_get_u64(txn, T_META, key, v);
}

int
site_meta_put(store_txn *txn, const char *key, uint64_t v)
{
	return store_put_u64(txn, T_META, key, v);
}

static int
load_ledger(store_txn *txn, ledger **out)
{
	ledger *l = NULL;
	store_cursor *c = NULL;
	store_val k, v;
	int e;

	*out = NULL;
	if ((e = ledger_new(&l)) != 0)
		return e;
	if ((e = store_cursor_open(txn, T_HISTORY, &c)) != 0)
		goto out;
	for (e = store_cursor_seek(c, NULL, 0, &k, &v); e == 0;
	     e = store_cursor_next(c, &k, &v)) {
		Qp__Event *ev;
		/* A damaged entry counts nowhere; the daemon quarantines it. */
		if (codec_event_unpack(v.data, v.len, &ev) != 0)
			continue;
		if ((e = ledger_add(l, &ev)) != 0)
			goto out;
	}
	if (e == QP_ENOTFOUND)
		e = 0;
out:
	store_cursor_close(&c);
	if (e != 0)
		ledger_destroy(&l);
	*out = l;
	return e;
}

int
site_ledger(site *s, ledger **out)
{
	store_txn *txn = NULL;
	int e;

	if ((e = store_read(s->st, &txn)) != 0)
		return e;
	e = load_ledger(txn, out);
	store_txn_end(&txn);
	return e;
}

struct record_ctx {
	site *s;
	Qp__Event *ev;
	bool want_ledger;
	site_prepare_fn prepare;
	void *ctx;
	uint64_t seq;
	char *err;
	size_t errlen;
};

void
site_entry_sum(const void *buf, size_t len, uint32_t items, uint8_t out[SITE_SUM_BYTES])
{
	uint8_t key[crypto_shorthash_KEYBYTES] = "qualiparis-sums";

	_Static_assert(crypto_shorthash_BYTES == SITE_SUM_BYTES, "SipHash-2-4: 8 bytes");
	for (unsigned i = 0; i < 4; i++)
		key[i] ^= (uint8_t)(items >> (8 * i));
	crypto_shorthash(out, buf, len, key);
}

void
site_sum_record(const void *buf, size_t len, uint32_t items, uint8_t out[SITE_SUMREC_BYTES])
{
	site_entry_sum(buf, len, items, out);
	for (unsigned i = 0; i < 4; i++)
		out[SITE_SUM_BYTES + i] = (uint8_t)(items >> (8 * i));
}

bool
site_sum_match(const void *kept, size_t klen, const void *buf, size_t len, size_t *items)
{
	const uint8_t *b = kept;
	uint8_t sum[SITE_SUM_BYTES];
	uint32_t n = 0;

	if (klen != SITE_SUM_BYTES && klen != SITE_SUMREC_BYTES)
		return false;
	if (klen == SITE_SUMREC_BYTES)
		n = (uint32_t)b[8] | (uint32_t)b[9] << 8 | (uint32_t)b[10] << 16 |
		    (uint32_t)b[11] << 24;
	site_entry_sum(buf, len, n, sum);
	if (memcmp(b, sum, sizeof(sum)) != 0)
		return false;
	*items = klen == SITE_SUMREC_BYTES ? n : SITE_ITEMS_UNKNOWN;
	return true;
}

int
site_append(site *s, store_txn *txn, Qp__Event *ev, uint64_t *seq_out,
            char *err, size_t errlen)
{
	uint64_t next, rec;
	uint8_t key[8], *buf = NULL, sum[SITE_SUMREC_BYTES];
	size_t items = 0;
	size_t len;
	int e;

	if ((e = site_meta_get(txn, META_NEXT_SEQ, &next)) != 0)
		return e;
	if (next == 0)
		return QP_ESTORE;
	if ((e = site_meta_get(txn, META_RECOVERING, &rec)) != 0)
		return e;
	if (rec != 0) {
		snprintf(err, errlen, "%s", _("this site is waiting to be rebuilt from the "
		         "centre (init --recover): run 'qp-agent sync' first"));
		return QP_EINVAL;
	}
	ev->site = s->cfg.site;
	ev->seq = next;
	if ((e = domain_event_valid(ev, err, errlen)) != 0)
		return e;
	if ((e = codec_pack(&ev->base, &buf, &len)) != 0)
		return e;
	if (len > CODEC_EVENT_MAX) {
		snprintf(err, errlen, _("record too large (%zu bytes, at most %u)"),
		         len, CODEC_EVENT_MAX);
		e = QP_EINVAL;
		goto out;
	}
	store_key_u64(key, next);
	if ((e = codec_count_items(&qp__event__descriptor, buf, len, UINT32_MAX, &items)) != 0)
		goto out;
	site_sum_record(buf, len, (uint32_t)items, sum);
	if ((e = store_append(txn, T_HISTORY, key, sizeof(key), buf, len)) != 0 ||
	    (e = store_append(txn, T_OUTBOX, key, sizeof(key), buf, len)) != 0 ||
	    (e = store_append(txn, T_SUMS, key, sizeof(key), sum, sizeof(sum))) != 0 ||
	    (e = site_meta_put(txn, META_NEXT_SEQ, next + 1)) != 0)
		goto out;
	*seq_out = next;
out:
	free(buf);
	return e;
}

static int
record_txn(store_txn *txn, void *arg)
{
	struct record_ctx *rc = arg;
	ledger *l = NULL;
	int e;

	if (rc->want_ledger && (e = load_ledger(txn, &l)) != 0)
		goto out;
	/* The seq the record will get, for checks such as "void an earlier". */
	if ((e = site_meta_get(txn, META_NEXT_SEQ, &rc->ev->seq)) != 0)
		goto out;
	if (rc->prepare != NULL &&
	    (e = rc->prepare(rc->s, txn, l, rc->ev, rc->ctx, rc->err, rc->errlen)) != 0)
		goto out;
	e = site_append(rc->s, txn, rc->ev, &rc->seq, rc->err, rc->errlen);
out:
	ledger_destroy(&l);
	return e;
}

static uint64_t
record_reserve(const site *s)
{
	uint64_t r = s->cfg.map_max / 32;

	return r < 65536 ? 65536 : r;
}

int
site_record(site *s, Qp__Event *ev, bool want_ledger, site_prepare_fn prepare,
            void *ctx, uint64_t *seq_out, char *err, size_t errlen)
{
	struct record_ctx rc = {
		.s = s, .ev = ev, .want_ledger = want_ledger, .prepare = prepare,
		.ctx = ctx, .err = err, .errlen = errlen,
	};
	char *saved_site = ev->site;
	int e;

	err[0] = '\0';
	ev->recorded_at_ms = site_now_ms();
	/* Records stop short of the maximum: the room left is for the
	 * acknowledgements that prune the outbox and so free space again. */
	e = store_write_reserve(s->st, record_reserve(s), record_txn, &rc);
	/* The event borrowed the config's site id; give the caller its own back. */
	ev->site = saved_site;
	if (e == 0) {
		if (seq_out != NULL)
			*seq_out = rc.seq;
		site_wake(s);
	} else if (err[0] == '\0') {
		if (e == QP_EFULL)
			snprintf(err, errlen,
			         _("the store is full (%llu bytes, [store] map_max): nothing was "
			         "written; records already queued still sync"),
			         (unsigned long long)s->cfg.map_max);
		else if (e == QP_ENOSPC)
			snprintf(err, errlen, _("disk full: no space left on the disk holding %s; "
			         "nothing was written (free some space, records already queued "
			         "still sync)"), s->data);
		else
			snprintf(err, errlen, _("cannot write the record: %s"), qp_errtext(e));
	}
	return e;
}

int
site_central(site *s, Qp__CentralState **out)
{
	store_txn *txn = NULL;
	store_val v;
	int e;

	*out = NULL;
	if ((e = store_read(s->st, &txn)) != 0)
		return e;
	e = store_get(txn, T_CENTRAL, CENTRAL_STATE, strlen(CENTRAL_STATE), &v);
	if (e == 0)
		e = codec_unpack(&qp__central_state__descriptor, v.data, v.len,
		                 SIZE_MAX, (ProtobufCMessage **)out);
	store_txn_end(&txn);
	return e;
}

const Qp__CatalogueEntry *
site_catalogue_entry(const Qp__CentralState *cs, const char *code)
{
	for (size_t i = 0; cs != NULL && i < cs->n_catalogue; i++)
		if (strcmp(cs->catalogue[i]->code, code) == 0)
			return cs->catalogue[i];
	return NULL;
}

void
site_wake(const site *s)
{
	wake_send(s->data);
}

/* The first and last seqs of the outbox; QP_ENOTFOUND when it is empty. */
static int
outbox_ends(store_txn *txn, uint64_t *first, uint64_t *last)
{
	store_cursor *c = NULL;
	store_val k;
	int e;

	if ((e = store_cursor_open(txn, T_OUTBOX, &c)) != 0)
		return e;
	if ((e = store_cursor_seek(c, NULL, 0, &k, NULL)) == 0) {
		*first = k.len == 8 ? store_u64_key(k.data) : 0;
		if ((e = store_cursor_last(c, &k, NULL)) == 0)
			*last = k.len == 8 ? store_u64_key(k.data) : UINT64_MAX;
	}
	store_cursor_close(&c);
	return e;
}

int
site_outbox_release(store_txn *txn, uint64_t acked, bool backlog)
{
	uint64_t first, last, n;
	int e;

	e = outbox_ends(txn, &first, &last);
	if (e == QP_ENOTFOUND) {
		/* No outbox: checksums left over (a recovery rewrote it) go. */
		if ((e = store_count(txn, T_SUMS, &n)) != 0)
			return e;
		return n > 0 ? store_clear(txn, T_SUMS) : 0;
	}
	if (e != 0)
		return e;
	if (first > acked)
		return 0;
	/* All of it acknowledged (the usual case once a backlog is through,
	 * and after every ack of a site that keeps up): dropped whole. */
	if (last <= acked) {
		if ((e = store_clear(txn, T_OUTBOX)) != 0)
			return e;
		return store_clear(txn, T_SUMS);
	}
	if (backlog || acked - first + 1 < SITE_PRUNE_AT)
		return 0;
	if ((e = store_prune_u64(txn, T_OUTBOX, acked, &n)) != 0)
		return e;
	return store_prune_u64(txn, T_SUMS, acked, &n);
}

int
site_pending(store_txn *txn, uint64_t acked, uint64_t *n)
{
	store_cursor *c = NULL;
	store_val k;
	uint64_t first, last, count, done = 0;
	int e;

	*n = 0;
	e = outbox_ends(txn, &first, &last);
	if (e == QP_ENOTFOUND)
		return 0;
	if (e != 0 || (e = store_count(txn, T_OUTBOX, &count)) != 0)
		return e;
	/* The outbox is contiguous (site_append adds the next seq, releases
	 * drop from the front, a recovery rewrites it as one run): the count
	 * is worked out from its ends, without stepping over the acknowledged
	 * entries it still keeps (up to SITE_PRUNE_AT). As many entries as
	 * seqs from first to last proves there is no gap. */
	if (first <= last && last - first == count - 1) {
		*n = last <= acked ? 0 : last - (acked >= first ? acked : first - 1);
		return 0;
	}
	/* A gap (a damaged store): entries past `acked` counted one by one. */
	if ((e = store_cursor_open(txn, T_OUTBOX, &c)) != 0)
		return e;
	for (e = store_cursor_seek(c, NULL, 0, &k, NULL); e == 0; e = store_cursor_next(c, &k, NULL)) {
		if (k.len == 8 && store_u64_key(k.data) > acked)
			break;
		done++;
	}
	store_cursor_close(&c);
	if (e != 0 && e != QP_ENOTFOUND)
		return e;
	*n = count - done;
	return 0;
}

bool
site_name_valid(const char *name)
{
	size_t chars = 0;

	for (const char *p = name; *p; p++)
		if (((unsigned char)*p & 0xc0) != 0x80)
			chars++;
	return name[0] != '\0' && chars <= SITE_NAME_MAX && domain_text_valid(name, false);
}

const char *
site_place(const agent_config *cfg, char *buf, size_t len)
{
	if (cfg->name != NULL && cfg->name[0] != '\0')
		snprintf(buf, len, "%s (%s)", cfg->name, cfg->site);
	else
		snprintf(buf, len, "site %s", cfg->site);
	return buf;
}
