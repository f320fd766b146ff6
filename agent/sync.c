/*
 * qp-agent run and qp-agent sync: pushing the outbox to the collector.
 *
 * One engine serves both: a DEALER socket connected to the collector's
 * ROUTER, a socket monitor telling TCP "connected" from "disconnected", and
 * a small state machine:
 *
 *   DOWN --tcp up--> HELLO (hello sent) --welcome--> READY --tcp down--> DOWN
 *                      |  no answer: "reached but not answered", retry
 *                      |  with capped exponential backoff and jitter
 *                      +--refuse--> REFUSED (retry later, slowly)
 *
 * In READY, batches of contiguous events (read from the history table) go
 * out while fewer than `credit` are unacknowledged; acks are cumulative and
 * are written (acked_through, outbox pruned, last contact) in one
 * transaction per drain of the socket. A refused gap rewinds to the seq the
 * collector expects. Nothing is dropped before the collector said it is
 * stored, so a crash of either side only ever causes a resend, which the
 * collector acknowledges without storing twice.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <malloc.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <sodium.h>
#include <zmq.h>

#include "agent.h"
#include "calendar.h"
#include "codec.h"
#include "domain.h"
#include "i18n.h"
#include "keys.h"
#include "log.h"
#include "notify.h"
#include "protocol.h"
#include "redial.h"
#include "signals.h"
#include "wake.h"
#include "webapp.h"

#define IDLE_HELLO_MS 10000       /* keepalive hello when nothing moves */
#define ACK_TIMEOUT_MS 30000      /* in-flight batches unanswered: start over */
#define HELLO_RETRY_MIN_MS 2000   /* retry of an unanswered hello: 1 to 2 s */
#define REFUSED_RETRY_MS 60000    /* hello again after a refusal: 30 to 60 s */
#define MAX_WINDOW 64
#define UNSENDABLE_MS 10000       /* "connected" but no hello can be queued: dial again */
#define ACK_COMMIT_MS 100         /* acks during a backlog: written at most this late */

enum link_state { LINK_DOWN, LINK_HELLO, LINK_READY, LINK_REFUSED, LINK_RECOVER };

/* The events a restored site fetches back, packed as the centre holds them. */
struct fetched {
	uint8_t **buf;
	size_t *len;
	size_t n, cap;
};

struct ack_write {
	uint64_t acked;
	Qp__CentralState *central;
	int64_t contact;
	const char *link;         /* the link state, when it changed */
	bool backlog;             /* records sent or to send, not all acknowledged */
};

struct syncer {
	site *s;
	const char *prog;
	keypair *kp;
	struct stat key_st;
	unsigned key_gen;         /* bumped at each (re)load of the site key */
	envelope_peer *peer;
	uint8_t collector_pk[KEY_BYTES];
	void *zctx, *dealer, *monitor;
	struct redial redial;     /* when to dial again (common/redial.h) */
	bool tcp_up, ever_connected, ever_answered;
	bool config_error;       /* syncer_open failed on [collector] endpoint or key */
	enum link_state state;
	char refused[64];
	uint64_t next_seq;        /* local: next seq to assign */
	uint64_t acked;           /* collector stored through */
	uint64_t next_send;       /* first seq not yet in flight */
	uint64_t inflight[MAX_WINDOW]; /* last seq of each batch in flight */
	unsigned ninflight, credit, max_batch;
	uint64_t central_version;
	uint64_t welcome_central;
	uint64_t rewound_to;      /* last gap rewind, to ignore its echoes */
	int64_t hello_at, next_hello_at, last_progress_at;
	int64_t unsendable_since; /* connected, yet hellos cannot be queued since */
	int64_t backoff_ms;
	char link_text[128];      /* what status shows */
	bool link_dirty;          /* link_text not written yet */
	protocol_batch batch;
	/* Session (docs/protocol.md): the collector's nonce of the last welcome,
	 * carried by every message; confirmed once a message carrying it was
	 * answered. */
	uint8_t session[PROTOCOL_SESSION_BYTES];
	bool have_session, confirmed;
	uint8_t challenge[PROTOCOL_CHALLENGE_BYTES];
	/* Highest seq known to be held by the centre with our bytes: the
	 * acknowledged_through of the store, then every ack of a session. A
	 * welcome saying more than this means the store was put back from a
	 * backup (or lost): fetch back and converge before sending. */
	uint64_t verified;
	uint64_t fetch_from, fetch_next;
	int64_t fetch_at;
	struct fetched fetched;
	/* What came and is not written yet (record_acks, ACK_COMMIT_MS): the
	 * highest acknowledged seq to record, the last contact; due by ack_due. */
	struct ack_write unrecorded;
	bool heap_used;           /* batches went since the last malloc_trim */
	bool ack_pending;
	int64_t ack_due;
	/* The last convergence after a restore, which `sync` tells in French
	 * (a person's command logs errors only). */
	struct {
		bool done;
		uint64_t from, through, mine, renamed;
	} restored;
	/* Damaged entries quarantined by this process, and the first one's
	 * seq: `sync` tells them in French. */
	uint64_t quarantined_now, quarantined_first;
};

/*
 * Retries of an unanswered hello (the TCP connection is up: the dialing
 * schedule, reconnect_min_ms .. reconnect_max_ms, is not this): capped
 * exponential backoff with jitter on the upper half, from at least
 * HELLO_RETRY_MIN_MS: over a live connection nothing is lost, an
 * unanswered hello means a busy collector (or a site not enrolled yet), and
 * a second hello would only overtake its late welcome (each welcome opens
 * a new session: 2,000 sites coming back at once churned sessions).
 */
static int64_t
next_backoff(struct syncer *y)
{
	int64_t lo = y->s->cfg.reconnect_min_ms, hi = y->s->cfg.reconnect_max_ms;
	int64_t b;
	uint32_t r;

	if (lo < HELLO_RETRY_MIN_MS)
		lo = HELLO_RETRY_MIN_MS;
	if (hi < lo)
		hi = lo;
	b = y->backoff_ms ? y->backoff_ms * 2 : lo;
	if (b > hi)
		b = hi;
	y->backoff_ms = b;
	r = (uint32_t)rand();
	return b / 2 + (int64_t)(r % (uint32_t)(b / 2 + 1));
}

static void forget_inflight(struct syncer *y);

/* Says a state change once, in the log and in the store for `status`. */
static int
link_write(store_txn *txn, void *arg)
{
	const char *text = arg;

	return store_put(txn, T_META, "link", 4, text, strlen(text));
}

static void
set_link(struct syncer *y, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
set_link(struct syncer *y, const char *fmt, ...)
{
	char text[128], said[192];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (strcmp(text, y->link_text) == 0)
		return;
	snprintf(y->link_text, sizeof(y->link_text), "%s", text);
	log_info("collector %s: %s", y->s->cfg.endpoint,
	         agent_link_text(text, false, said, sizeof(said)));
	/* Written at the end of the turn (write_link), after the batches it
	 * may free are sent: "connected" comes with a welcome, and the first
	 * batches need not wait for two disk flushes. */
	y->link_dirty = true;
}

/* (Re)loads the site key when the file changed (after `key rotate`). */
static int
load_key(struct syncer *y)
{
	char *path = site_path(y->s->data, "site.key");
	struct stat st;
	keypair *kp = NULL;
	envelope_peer *peer = NULL;
	int e;

	if (path == NULL)
		return QP_ENOMEM;
	if (stat(path, &st) != 0) {
		free(path);
		return QP_ENOTFOUND;
	}
	if (y->kp != NULL && st.st_ino == y->key_st.st_ino &&
	    st.st_mtime == y->key_st.st_mtime && st.st_size == y->key_st.st_size) {
		free(path);
		return 0;
	}
	e = keypair_load(path, &kp);
	free(path);
	if (e != 0)
		return e;
	if ((e = envelope_peer_new(kp, y->collector_pk, &peer)) != 0) {
		keypair_destroy(&kp);
		return e;
	}
	if (y->kp != NULL)
		log_info("site key changed; using the new one");
	keypair_destroy(&y->kp);
	envelope_peer_destroy(&y->peer);
	y->kp = kp;
	y->peer = peer;
	y->key_st = st;
	y->key_gen++;
	return 0;
}

static int
read_counters(struct syncer *y, bool with_acked)
{
	store_txn *txn = NULL;
	Qp__CentralState *cs = NULL;
	int e;

	if ((e = store_read(y->s->st, &txn)) != 0)
		return e;
	/* acked_through is read at start only: afterwards the welcome and the
	 * acks in memory are ahead of the store (record_acks writes them after
	 * the next batches are sent). */
	if ((e = site_meta_get(txn, META_NEXT_SEQ, &y->next_seq)) == 0 && with_acked)
		e = site_meta_get(txn, META_ACKED, &y->acked);
	store_txn_end(&txn);
	if (e != 0)
		return e;
	if (site_central(y->s, &cs) == 0) {
		y->central_version = cs->version;
		codec_free((ProtobufCMessage **)&cs);
	}
	return 0;
}

static int
send_sealed(struct syncer *y, const uint8_t *plain, size_t len)
{
	uint8_t *frame = NULL;
	size_t flen;
	int rc;

	if (protocol_seal_packed(y->peer, y->s->cfg.site, plain, len, &frame, &flen) != 0)
		return -1;
	rc = zmq_send(y->dealer, frame, flen, ZMQ_DONTWAIT);
	free(frame);
	return rc < 0 ? -1 : 0;
}

static void
send_hello(struct syncer *y)
{
	Qp__AgentMessage m = QP__AGENT_MESSAGE__INIT;
	Qp__Hello h = QP__HELLO__INIT;
	uint8_t *buf = NULL;
	size_t len;
	int64_t now = cal_now_ms();

	if (load_key(y) != 0) {
		set_link(y, "no usable site key");
		y->next_hello_at = now + next_backoff(y);
		return;
	}
	(void)read_counters(y, false);
	h.next_seq = y->next_seq;
	h.central_version = y->central_version;
	h.clock_ms = now;
	h.agent_version = (char *)AGENT_VERSION;
	randombytes_buf(y->challenge, sizeof(y->challenge));
	h.challenge.data = y->challenge;
	h.challenge.len = sizeof(y->challenge);
	if (y->have_session) {
		h.session.data = y->session;
		h.session.len = sizeof(y->session);
	}
	m.site = y->s->cfg.site;
	m.direction = PROTOCOL_TO_COLLECTOR;
	m.kind_case = QP__AGENT_MESSAGE__KIND_HELLO;
	m.hello = &h;
	if (codec_pack(&m.base, &buf, &len) == 0 && send_sealed(y, buf, len) == 0) {
		if (y->state != LINK_READY && y->state != LINK_RECOVER)
			y->state = LINK_HELLO;
		y->hello_at = now;
		y->unsendable_since = 0;
	} else if (y->tcp_up && y->unsendable_since == 0) {
		y->unsendable_since = now;
	} else if (y->tcp_up && now - y->unsendable_since > UNSENDABLE_MS) {
		/* The monitor said connected, yet nothing can be queued (with
		 * ZMQ_IMMEDIATE: no connection is attached) for 10 s: a connection
		 * ended without a "disconnected" event (its endpoint dropped by
		 * libzmq while it was dialed again). Dial again. */
		log_warnx("connected to %s but nothing can be sent for %d s; dialing again",
		          y->s->cfg.endpoint, UNSENDABLE_MS / 1000);
		y->tcp_up = false;
		y->state = LINK_DOWN;
		y->unsendable_since = 0;
		forget_inflight(y);
		redial_connected(&y->redial);
		redial_failed(&y->redial, now);
	}
	free(buf);
	/* Without an answer, try again after a backoff. */
	y->next_hello_at = now + (y->state == LINK_READY ? IDLE_HELLO_MS : next_backoff(y));
}

struct quarantine {
	struct syncer *y;
	uint64_t seq;
	const uint8_t *raw;
	size_t len;
	const char *reason;
};

/*
 * Replaces a history entry that does not decode (or is not what its key
 * says) by a Quarantined event of the same seq, keeping the original bytes
 * in the quarantine table: the seqs after it are not held up, the damage is
 * counted here and on record at the centre.
 */
static int
quarantine_txn(store_txn *txn, void *arg)
{
	struct quarantine *q = arg;
	Qp__Event ev = QP__EVENT__INIT;
	Qp__Quarantined qb = QP__QUARANTINED__INIT;
	uint8_t key[8], *buf = NULL;
	store_val v;
	uint64_t n;
	size_t len;
	int e;

	store_key_u64(key, q->seq);
	qb.reason = (char *)q->reason;
	qb.original.data = (uint8_t *)q->raw;
	qb.original.len = q->len > 65536 ? 65536 : q->len;
	ev.site = q->y->s->cfg.site;
	ev.seq = q->seq;
	ev.recorded_at_ms = cal_now_ms();
	ev.author = (char *)"qp-agent";
	ev.body_case = QP__EVENT__BODY_QUARANTINED;
	ev.quarantined = &qb;
	if ((e = store_put(txn, T_QUARANTINE, key, sizeof(key), q->raw, q->len)) != 0 ||
	    (e = codec_pack(&ev.base, &buf, &len)) != 0)
		goto out;
	if ((e = store_put(txn, T_HISTORY, key, sizeof(key), buf, len)) != 0)
		goto out;
	if (store_get(txn, T_OUTBOX, key, sizeof(key), &v) == 0 &&
	    (e = store_put(txn, T_OUTBOX, key, sizeof(key), buf, len)) != 0)
		goto out;
	if ((e = site_meta_get(txn, META_QUARANTINED, &n)) == 0)
		e = site_meta_put(txn, META_QUARANTINED, n + 1);
out:
	free(buf);
	return e;
}

/*
 * The checksums beside the entries pump reads: a second cursor on the sums
 * table walking with the history cursor (the seqs only grow within a
 * snapshot), instead of one descent of the tree per event.
 */
struct sums_walk {
	store_cursor *c;
	store_val k, v;
	int e;                    /* of the cursor's last move; -1: not placed */
};

/* The kept checksum of seq, or NULL. */
static const store_val *
sums_find(struct sums_walk *w, uint64_t seq)
{
	uint8_t key[8];

	if (w->c == NULL)
		return NULL;
	if (w->e < 0 || (w->e == 0 && w->k.len == 8 && store_u64_key(w->k.data) > seq)) {
		store_key_u64(key, seq);
		w->e = store_cursor_seek(w->c, key, sizeof(key), &w->k, &w->v);
	}
	while (w->e == 0 && (w->k.len != 8 || store_u64_key(w->k.data) < seq))
		w->e = store_cursor_next(w->c, &w->k, &w->v);
	if (w->e == 0 && w->k.len == 8 && store_u64_key(w->k.data) == seq)
		return &w->v;
	return NULL;
}

/* Is this stored entry the event its key says, and sound? An entry that
 * matches the checksum site_append kept beside it is what was validated
 * when it was recorded (issue #18): not decoded again, and its item count
 * (*items) is the one kept with it. */
static const char *
entry_fault(const struct syncer *y, struct sums_walk *w, uint64_t seq, const store_val *v,
            size_t *items, char *err, size_t errlen)
{
	Qp__Event *ev = NULL;
	const char *fault = NULL;
	const store_val *kept = sums_find(w, seq);

	if (kept != NULL && site_sum_match(kept->data, kept->len, v->data, v->len, items)) {
		if (*items != SITE_ITEMS_UNKNOWN)
			return NULL;
		/* A store from before the count: the checksum alone. */
		return codec_count_items(&qp__event__descriptor, v->data, v->len, SIZE_MAX,
		                         items) != 0
		               ? "does not decode"
		               : NULL;
	}

	if (codec_event_unpack(v->data, v->len, &ev) != 0)
		return "does not decode";
	if (ev->seq != seq || strcmp(ev->site, y->s->cfg.site) != 0)
		fault = "seq or site differs from its key";
	else if (domain_event_valid(ev, err, errlen) != 0)
		fault = err;
	else if (codec_count_items(&qp__event__descriptor, v->data, v->len, SIZE_MAX, items) != 0)
		fault = "does not decode";
	codec_event_free(&ev);
	return fault;
}

/* Sends batches while credit lasts and events wait. */
static int
pump(struct syncer *y)
{
	store_txn *txn = NULL;
	store_cursor *c = NULL;
	struct sums_walk sw = { NULL, { 0 }, { 0 }, -1 };
	store_val k, v;
	uint8_t key[8], *bad_raw = NULL;
	const uint8_t *frame;
	uint64_t bad_seq = 0;
	char err[256], reason[300];
	size_t flen, bad_len = 0, items;
	int e = 0;

	if (y->state != LINK_READY || !y->have_session)
		return 0;
	if (y->next_send >= y->next_seq && read_counters(y, false) != 0)
		return 0;
	while (y->ninflight < y->credit && y->next_send < y->next_seq) {
		protocol_batch_reset(&y->batch);
		if (txn == NULL) {
			if ((e = store_read(y->s->st, &txn)) != 0 ||
			    (e = store_cursor_open(txn, T_HISTORY, &c)) != 0)
				break;
			/* Without it (an older store) each entry is decoded. */
			sw.e = -1;
			if (store_cursor_open(txn, T_SUMS, &sw.c) != 0)
				sw.c = NULL;
		}
		store_key_u64(key, y->next_send);
		items = 1;                /* the batch itself */
		for (e = store_cursor_seek(c, key, sizeof(key), &k, &v);
		     e == 0 && y->batch.count < y->max_batch &&
		     y->batch.len + v.len < PROTOCOL_BATCH_BYTES;
		     e = store_cursor_next(c, &k, &v)) {
			uint64_t seq = store_u64_key(k.data);
			const char *fault;
			size_t n = 0;
			if (k.len != 8 || seq != y->next_send + y->batch.count)
				break;            /* never send across a hole */
			if ((fault = entry_fault(y, &sw, seq, &v, &n, err, sizeof(err))) != NULL) {
				bad_seq = seq;
				bad_len = v.len;
				bad_raw = malloc(v.len ? v.len : 1);
				if (bad_raw != NULL)
					memcpy(bad_raw, v.data, v.len);
				snprintf(reason, sizeof(reason), "stored entry %s", fault);
				break;
			}
			/* The collector takes at most PROTOCOL_FRAME_ITEMS_MAX
			 * submessages in a frame. */
			if (y->batch.count > 0 && items + 1 + n > PROTOCOL_FRAME_ITEMS_MAX)
				break;
			items += 1 + n;
			if ((e = protocol_batch_add(&y->batch, seq, v.data, v.len)) != 0)
				break;
		}
		if (bad_raw != NULL) {
			struct quarantine q = { y, bad_seq, bad_raw, bad_len, reason };
			/* The snapshot must end before the write (the map may move). */
			store_cursor_close(&sw.c);
			store_cursor_close(&c);
			store_txn_end(&txn);
			e = store_write(y->s->st, quarantine_txn, &q);
			free(bad_raw);
			bad_raw = NULL;
			if (e != 0) {
				log_warnx("seq %llu: %s, and it cannot be quarantined: %s",
				          (unsigned long long)bad_seq, reason, qp_strerror(e));
				break;
			}
			log_warnx("seq %llu: %s; quarantined, sent in its place as a "
			          "quarantine record", (unsigned long long)bad_seq, reason);
			if (y->quarantined_now++ == 0)
				y->quarantined_first = bad_seq;
			continue;             /* build this batch again */
		}
		if (y->batch.count == 0) {
			e = 0;
			break;
		}
		/* Sealed in the batch's own buffer; ZeroMQ takes one copy. */
		if ((e = protocol_batch_seal(&y->batch, y->peer, y->s->cfg.site, cal_now_ms(),
		                             y->session, &frame, &flen)) != 0)
			break;
		if (zmq_send(y->dealer, frame, flen, ZMQ_DONTWAIT) < 0)
			break;                    /* queue full or link gone: later */
		y->inflight[y->ninflight++] = y->batch.last_seq;
		y->heap_used = true;
		y->next_send = y->batch.last_seq + 1;
		y->last_progress_at = cal_now_ms();
		log_debug("sent seqs %llu..%llu", (unsigned long long)y->batch.first_seq,
		          (unsigned long long)y->batch.last_seq);
	}
	store_cursor_close(&sw.c);
	store_cursor_close(&c);
	store_txn_end(&txn);
	return e == QP_ENOTFOUND ? 0 : e;
}

static int
ack_txn(store_txn *txn, void *arg)
{
	struct ack_write *aw = arg;
	uint64_t cur;
	int e;

	if ((e = site_meta_get(txn, META_ACKED, &cur)) != 0)
		return e;
	if (aw->acked > cur) {
		if ((e = site_meta_put(txn, META_ACKED, aw->acked)) != 0)
			return e;
		/* The collector holds them durably: the outbox copies may go,
		 * and their checksums with them (site_outbox_release: at once
		 * when all are acknowledged, else in large, rarer prunes, never
		 * in the middle of a backlog). */
		if ((e = site_outbox_release(txn, aw->acked, aw->backlog)) != 0)
			return e;
	}
	if (aw->central != NULL) {
		uint8_t *buf;
		size_t len;
		if ((e = codec_pack(&aw->central->base, &buf, &len)) != 0)
			return e;
		e = store_put(txn, T_CENTRAL, CENTRAL_STATE, strlen(CENTRAL_STATE), buf, len);
		free(buf);
		if (e != 0)
			return e;
	}
	if (aw->link != NULL &&
	    (e = store_put(txn, T_META, "link", 4, aw->link, strlen(aw->link))) != 0)
		return e;
	return site_meta_put(txn, META_LAST_CONTACT, (uint64_t)aw->contact);
}

static void
forget_inflight(struct syncer *y)
{
	y->ninflight = 0;
	y->next_send = y->acked + 1;
}

static void
on_acked(struct syncer *y, uint64_t through)
{
	unsigned k = 0;

	if (through > y->acked)
		y->acked = through;
	/* Acks answer batches of this session: the centre holds our bytes. */
	if (y->acked > y->verified)
		y->verified = y->acked;
	for (unsigned i = 0; i < y->ninflight; i++)
		if (y->inflight[i] > y->acked)
			y->inflight[k++] = y->inflight[i];
	y->ninflight = k;
	if (y->next_send <= y->acked)
		y->next_send = y->acked + 1;
	y->last_progress_at = cal_now_ms();
}

/* ------------------------------------------------------------ recovery */

static int
conflict_txn(store_txn *txn, void *arg)
{
	uint64_t n;
	int e;

	(void)arg;
	if ((e = site_meta_get(txn, META_CONFLICTS, &n)) != 0)
		return e;
	return site_meta_put(txn, META_CONFLICTS, n + 1);
}

/* Counted in the store, for `qp-agent status`. */
static void
count_conflict(struct syncer *y)
{
	if (store_write(y->s->st, conflict_txn, NULL) != 0)
		log_warnx("cannot count a conflict");
}

static void
fetched_free(struct fetched *f)
{
	for (size_t i = 0; i < f->n; i++)
		free(f->buf[i]);
	free(f->buf);
	free(f->len);
	memset(f, 0, sizeof(*f));
}

static int
fetched_add(struct fetched *f, uint8_t *buf, size_t len)
{
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 256;
		uint8_t **b = realloc(f->buf, cap * sizeof(*b));
		size_t *l;
		if (b == NULL)
			return QP_ENOMEM;
		f->buf = b;
		l = realloc(f->len, cap * sizeof(*l));
		if (l == NULL)
			return QP_ENOMEM;
		f->len = l;
		f->cap = cap;
	}
	f->buf[f->n] = buf;
	f->len[f->n++] = len;
	return 0;
}

static void
send_fetch(struct syncer *y)
{
	Qp__AgentMessage m = QP__AGENT_MESSAGE__INIT;
	Qp__Fetch f = QP__FETCH__INIT;
	uint8_t *buf = NULL;
	size_t len;

	f.from_seq = y->fetch_next;
	f.session.data = y->session;
	f.session.len = sizeof(y->session);
	m.site = y->s->cfg.site;
	m.direction = PROTOCOL_TO_COLLECTOR;
	m.kind_case = QP__AGENT_MESSAGE__KIND_FETCH;
	m.fetch = &f;
	if (codec_pack(&m.base, &buf, &len) == 0)
		(void)send_sealed(y, buf, len);
	free(buf);
	y->fetch_at = cal_now_ms();
	y->last_progress_at = y->fetch_at;
}

/* The centre holds events this store does not have (with these bytes). */
static void
start_recovery(struct syncer *y, uint64_t from, const char *why)
{
	log_warnx("%s: fetching back what the collector holds from seq %llu", why,
	          (unsigned long long)from);
	fetched_free(&y->fetched);
	forget_inflight(y);
	y->state = LINK_RECOVER;
	y->fetch_from = y->fetch_next = from;
	set_link(y, "converging with the collector (store restored or rebuilt)");
	send_fetch(y);
}

/* The action number of "A-<n>", or 0. */
static uint64_t
action_number(const char *id)
{
	if (id == NULL || strncmp(id, "A-", 2) != 0)
		return 0;
	return strtoull(id + 2, NULL, 10);
}

struct merge {
	struct syncer *y;
	uint64_t through;         /* the centre's stored_through */
	/* results, reset on each run of the transaction */
	uint64_t diverged, mine, next_seq, renamed;
};

/* Is `id` in the list? */
static bool
id_in(char **ids, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(ids[i], id) == 0)
			return true;
	return false;
}

static void
ids_free(char **ids, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(ids[i]);
	free(ids);
}

static int
ids_add(char ***ids, size_t *n, const char *id)
{
	char **p;

	if (id_in(*ids, *n, id))
		return 0;
	p = realloc(*ids, (*n + 1) * sizeof(*p));
	if (p == NULL)
		return QP_ENOMEM;
	*ids = p;
	if ((p[*n] = strdup(id)) == NULL)
		return QP_ENOMEM;
	(*n)++;
	return 0;
}

/*
 * SPEC §11, restore from a backup, in one transaction: the local events
 * from `from` that equal the centre's are kept; from the first that
 * differs (or is missing), the centre's events take their seqs, and the
 * local ones the centre never acknowledged are renumbered after them
 * (voids pointing among them follow; an action they opened under an id
 * the lost events also opened gets a new id). Both sides then hold the
 * union, and the state, derived from the history, is its replay.
 */
static int
merge_txn(store_txn *txn, void *arg)
{
	struct merge *mg = arg;
	struct syncer *y = mg->y;
	const struct fetched *f = &y->fetched;
	uint64_t from = y->fetch_from, T = mg->through, n, d, shift, next_action;
	uint8_t key[8], **mine = NULL;
	size_t *mlen = NULL, nmine = 0, nprefix = 0, nlost = 0, nren = 0;
	char **prefix = NULL, **lost = NULL, **ren_from = NULL, **ren_to = NULL;
	store_cursor *c = NULL;
	store_val k, v;
	int e;

	mg->diverged = mg->mine = mg->next_seq = mg->renamed = 0;
	if ((e = site_meta_get(txn, META_NEXT_SEQ, &n)) != 0 ||
	    (e = site_meta_get(txn, META_NEXT_ACTION, &next_action)) != 0)
		return e;
	n--;
	/* The common part. */
	for (d = from; d <= T && d <= n; d++) {
		store_key_u64(key, d);
		if ((e = store_get(txn, T_HISTORY, key, sizeof(key), &v)) != 0 &&
		    e != QP_ENOTFOUND)
			return e;
		if (e != 0 || v.len != f->len[d - from] ||
		    memcmp(v.data, f->buf[d - from], v.len) != 0)
			break;
	}
	mg->diverged = d;
	nmine = d <= n ? (size_t)(n - d + 1) : 0;
	shift = T + 1 - d;
	/* Copy the local records the centre never acknowledged. */
	if (nmine > 0) {
		mine = calloc(nmine, sizeof(*mine));
		mlen = calloc(nmine, sizeof(*mlen));
		if (mine == NULL || mlen == NULL) {
			e = QP_ENOMEM;
			goto out;
		}
		for (size_t i = 0; i < nmine; i++) {
			store_key_u64(key, d + i);
			if ((e = store_get(txn, T_HISTORY, key, sizeof(key), &v)) != 0)
				goto out;
			if ((mine[i] = malloc(v.len ? v.len : 1)) == NULL) {
				e = QP_ENOMEM;
				goto out;
			}
			memcpy(mine[i], v.data, v.len);
			mlen[i] = v.len;
		}
		/* Action ids known before the divergence, and opened by the lost
		 * events: a local action opened under one of the latter is
		 * another action and gets a new id. */
		if ((e = store_cursor_open(txn, T_HISTORY, &c)) != 0)
			goto out;
		for (e = store_cursor_seek(c, NULL, 0, &k, &v); e == 0;
		     e = store_cursor_next(c, &k, &v)) {
			Qp__Event *ev = NULL;
			if (k.len != 8 || store_u64_key(k.data) >= d)
				break;
			if (codec_event_unpack(v.data, v.len, &ev) == 0 &&
			    ev->body_case == QP__EVENT__BODY_ACTION)
				e = ids_add(&prefix, &nprefix, ev->action->id);
			codec_event_free(&ev);
			if (e != 0)
				goto out;
		}
		store_cursor_close(&c);
		if (e == QP_ENOTFOUND)
			e = 0;
		if (e != 0)
			goto out;
	}
	/* The centre's events take their seqs. */
	for (uint64_t seq = d; seq <= T; seq++) {
		Qp__Event *ev = NULL;
		store_key_u64(key, seq);
		if ((e = store_put(txn, T_HISTORY, key, sizeof(key), f->buf[seq - from],
		                   f->len[seq - from])) != 0)
			goto out;
		if (codec_event_unpack(f->buf[seq - from], f->len[seq - from], &ev) == 0 &&
		    ev->body_case == QP__EVENT__BODY_ACTION) {
			uint64_t a = action_number(ev->action->id);
			if (a >= next_action)
				next_action = a + 1;
			e = ids_add(&lost, &nlost, ev->action->id);
		}
		codec_event_free(&ev);
		if (e != 0)
			goto out;
	}
	/* The outbox holds only what the centre does not: drop through T. */
	if ((e = store_cursor_open(txn, T_OUTBOX, &c)) != 0)
		goto out;
	for (e = store_cursor_seek(c, NULL, 0, &k, &v); e == 0;
	     e = store_cursor_seek(c, NULL, 0, &k, &v)) {
		if (store_u64_key(k.data) > T && store_u64_key(k.data) > n)
			break;
		if ((e = store_cursor_del(c)) != 0)
			break;
	}
	store_cursor_close(&c);
	if (e != 0 && e != QP_ENOTFOUND)
		goto out;
	/* Ours, renumbered after them. */
	for (size_t i = 0; i < nmine; i++) {
		Qp__Event *ev = NULL;
		uint8_t *buf = NULL;
		size_t len;
		if ((e = codec_event_unpack(mine[i], mlen[i], &ev)) != 0) {
			/* A damaged entry: keep its bytes under a quarantine record. */
			Qp__Event q = QP__EVENT__INIT;
			Qp__Quarantined qb = QP__QUARANTINED__INIT;
			qb.reason = (char *)"damaged entry renumbered after a restore";
			qb.original.data = mine[i];
			qb.original.len = mlen[i] > 65536 ? 65536 : mlen[i];
			q.site = y->s->cfg.site;
			q.seq = d + i + shift;
			q.recorded_at_ms = cal_now_ms();
			q.author = (char *)"qp-agent";
			q.body_case = QP__EVENT__BODY_QUARANTINED;
			q.quarantined = &qb;
			e = codec_pack(&q.base, &buf, &len);
		} else {
			ev->seq = d + i + shift;
			if (ev->body_case == QP__EVENT__BODY_VOID && ev->void_->seq >= d &&
			    ev->void_->seq <= n)
				ev->void_->seq += shift;
			if (ev->body_case == QP__EVENT__BODY_ACTION) {
				const char *id = ev->action->id;
				size_t j;
				for (j = 0; j < nren; j++)
					if (strcmp(ren_from[j], id) == 0)
						break;
				if (j == nren && id_in(lost, nlost, id) && !id_in(prefix, nprefix, id)) {
					char fresh[32];
					char **a = realloc(ren_from, (nren + 1) * sizeof(*a));
					char **b2 = a ? realloc(ren_to, (nren + 1) * sizeof(*b2)) : NULL;
					if (a != NULL)
						ren_from = a;
					if (b2 == NULL) {
						e = QP_ENOMEM;
						codec_event_free(&ev);
						goto out;
					}
					ren_to = b2;
					snprintf(fresh, sizeof(fresh), "A-%llu",
					         (unsigned long long)next_action++);
					ren_from[nren] = strdup(id);
					ren_to[nren] = strdup(fresh);
					nren++;
					if (ren_from[j] == NULL || ren_to[j] == NULL) {
						e = QP_ENOMEM;
						codec_event_free(&ev);
						goto out;
					}
					log_warnx("action %s opened here after the restore is another "
					          "action than the centre's %s: it becomes %s", id, id, fresh);
				}
				if (j < nren) {
					free(ev->action->id);
					ev->action->id = strdup(ren_to[j]);
					if (ev->action->id == NULL) {
						e = QP_ENOMEM;
						codec_event_free(&ev);
						goto out;
					}
				}
				if (action_number(ev->action->id) >= next_action)
					next_action = action_number(ev->action->id) + 1;
			}
			e = codec_pack(&ev->base, &buf, &len);
			codec_event_free(&ev);
		}
		if (e != 0)
			goto out;
		store_key_u64(key, d + i + shift);
		e = store_put(txn, T_HISTORY, key, sizeof(key), buf, len);
		if (e == 0)
			e = store_put(txn, T_OUTBOX, key, sizeof(key), buf, len);
		free(buf);
		if (e != 0)
			goto out;
	}
	mg->mine = nmine;
	mg->renamed = nren;
	mg->next_seq = T + nmine + 1;
	/* Seqs both sides held with other content: conflicts, now converged. */
	if (d <= T && d <= n) {
		uint64_t was;
		if ((e = site_meta_get(txn, META_CONFLICTS, &was)) != 0 ||
		    (e = site_meta_put(txn, META_CONFLICTS, was + (T < n ? T : n) - d + 1)) != 0)
			goto out;
	}
	if ((e = site_meta_put(txn, META_NEXT_SEQ, mg->next_seq)) != 0 ||
	    (e = site_meta_put(txn, META_ACKED, T)) != 0 ||
	    (e = site_meta_put(txn, META_NEXT_ACTION, next_action)) != 0 ||
	    (e = site_meta_put(txn, META_RECOVERING, 0)) != 0)
		goto out;
	e = 0;
out:
	store_cursor_close(&c);
	for (size_t i = 0; mine != NULL && i < nmine; i++)
		free(mine[i]);
	free(mine);
	free(mlen);
	ids_free(prefix, nprefix);
	ids_free(lost, nlost);
	ids_free(ren_from, nren);
	ids_free(ren_to, nren);
	return e;
}

/* Everything through `through` fetched: converge, then sync as usual. */
static void
finish_recovery(struct syncer *y, uint64_t through)
{
	struct merge mg = { .y = y, .through = through };
	int e;

	if (through + 1 < y->fetch_from) {
		/* The centre holds less than we asked for: nothing to converge. */
		fetched_free(&y->fetched);
		y->state = LINK_HELLO;
		y->next_hello_at = 0;
		return;
	}
	e = store_write(y->s->st, merge_txn, &mg);
	fetched_free(&y->fetched);
	if (e != 0) {
		log_warnx("cannot converge with the collector: %s; trying again later",
		          qp_strerror(e));
		y->state = LINK_HELLO;
		y->next_hello_at = cal_now_ms() + next_backoff(y);
		return;
	}
	if (mg.diverged > through && mg.diverged > y->next_seq - 1)
		log_info("the collector holds seqs %llu..%llu that this store had lost; "
		         "fetched back", (unsigned long long)y->fetch_from,
		         (unsigned long long)through);
	if (mg.diverged <= through) {
		log_warnx("store restored or rebuilt: fetched back seqs %llu..%llu from the "
		          "collector; %llu records made here since were renumbered %llu..%llu "
		          "(%llu actions renamed)", (unsigned long long)mg.diverged,
		          (unsigned long long)through, (unsigned long long)mg.mine,
		          (unsigned long long)(through + 1),
		          (unsigned long long)(through + mg.mine),
		          (unsigned long long)mg.renamed);
		y->restored.done = true;
		y->restored.from = mg.diverged;
		y->restored.through = through;
		y->restored.mine = mg.mine;
		y->restored.renamed = mg.renamed;
	}
	y->next_seq = mg.next_seq;
	y->acked = y->verified = through;
	forget_inflight(y);
	y->state = LINK_READY;
	y->next_hello_at = 0;             /* a confirmed hello says where we are */
	set_link(y, "connected");
}

/* One answer to a fetch: check, keep, ask for more or finish. */
static void
on_events(struct syncer *y, const Qp__Events *ev)
{
	char err[256];

	if (y->state != LINK_RECOVER)
		return;
	for (size_t i = 0; i < ev->n_events; i++) {
		const Qp__Event *x = ev->events[i];
		uint8_t *buf = NULL;
		size_t len;
		if (x->seq != y->fetch_next || strcmp(x->site, y->s->cfg.site) != 0 ||
		    x->seq > ev->stored_through ||
		    domain_event_valid(x, err, sizeof(err)) != 0) {
			log_warnx("the collector sent back seq %llu that does not fit; trying "
			          "again later", (unsigned long long)x->seq);
			fetched_free(&y->fetched);
			y->state = LINK_HELLO;
			y->next_hello_at = cal_now_ms() + next_backoff(y);
			return;
		}
		if (codec_pack(&x->base, &buf, &len) != 0 || fetched_add(&y->fetched, buf, len) != 0) {
			free(buf);
			fetched_free(&y->fetched);
			y->state = LINK_HELLO;
			y->next_hello_at = cal_now_ms() + next_backoff(y);
			return;
		}
		y->fetch_next++;
	}
	if (ev->n_events == 0 || y->fetch_next > ev->stored_through)
		finish_recovery(y, y->fetch_next - 1 < ev->stored_through ? y->fetch_next - 1
		                                                         : ev->stored_through);
	else
		send_fetch(y);
}

/*
 * Reads every message waiting and acts on it in memory; what must be
 * persisted (acknowledged seq, a central state) is left in *awp and
 * *latest_centralp for record_acks(): one transaction for the whole drain.
 * Returns whether anything came.
 */
static bool
receive(struct syncer *y, struct ack_write *awp, Qp__CollectorMessage **latest_centralp)
{
	struct ack_write aw = { 0 };
	Qp__CollectorMessage *latest_central = NULL;
	bool any = false;

	aw.acked = y->acked;
	for (;;) {
		zmq_msg_t frame;
		Qp__CollectorMessage *m = NULL;
		int e;

		zmq_msg_init(&frame);
		if (zmq_msg_recv(&frame, y->dealer, ZMQ_DONTWAIT) < 0) {
			zmq_msg_close(&frame);
			break;
		}
		e = y->peer ? protocol_open(y->peer, zmq_msg_data(&frame), zmq_msg_size(&frame),
		                            &qp__collector_message__descriptor,
		                            (ProtobufCMessage **)&m) : QP_EBADBOX;
		zmq_msg_close(&frame);
		if (e != 0) {
			log_warnx("a message from the collector does not open: %s", qp_strerror(e));
			continue;
		}
		if (strcmp(m->site, y->s->cfg.site) != 0 || m->direction != PROTOCOL_TO_SITE) {
			codec_free((ProtobufCMessage **)&m);
			continue;
		}
		any = true;
		y->ever_answered = true;
		switch (m->kind_case) {
		case QP__COLLECTOR_MESSAGE__KIND_WELCOME: {
			const Qp__Welcome *w = m->welcome;
			bool same;
			/* Only the answer to our latest hello counts: an older welcome,
			 * or one replayed, says nothing about now. */
			if (w->challenge.len != sizeof(y->challenge) ||
			    sodium_memcmp(w->challenge.data, y->challenge, sizeof(y->challenge)) != 0 ||
			    w->session.len != PROTOCOL_SESSION_BYTES)
				break;
			same = y->have_session &&
			       memcmp(w->session.data, y->session, PROTOCOL_SESSION_BYTES) == 0;
			y->welcome_central = w->central_version;
			y->backoff_ms = 0;
			if (same) {
				y->confirmed = true;
				if (y->state == LINK_READY || y->state == LINK_RECOVER) {
					/* A keepalive answered within the session. */
					y->next_hello_at = cal_now_ms() + IDLE_HELLO_MS;
					break;
				}
			} else {
				memcpy(y->session, w->session.data, PROTOCOL_SESSION_BYTES);
				y->have_session = true;
				y->confirmed = false;
			}
			y->credit = w->credit ? w->credit : 1;
			if (y->credit > (unsigned)y->s->cfg.window)
				y->credit = (unsigned)y->s->cfg.window;
			if (y->credit > MAX_WINDOW)
				y->credit = MAX_WINDOW;
			y->max_batch = w->max_batch_events ? w->max_batch_events : 100;
			if (y->max_batch > (unsigned)y->s->cfg.batch_events)
				y->max_batch = (unsigned)y->s->cfg.batch_events;
			/* A new session is confirmed by a hello carrying it, now. */
			y->next_hello_at = same ? cal_now_ms() + IDLE_HELLO_MS : 0;
			y->rewound_to = 0;
			if (w->stored_through > y->verified) {
				/* The centre holds seqs this store does not know it holds:
				 * put back from a backup, rebuilt, or an ack that was not
				 * recorded. Compare before sending anything. The hello
				 * confirming a new session goes first: it tells the centre
				 * where this store is (a store behind is counted there),
				 * whatever the fetch's answer does to next_seq before the
				 * next turn. */
				if (!same)
					send_hello(y);
				start_recovery(y, y->verified + 1,
				               "the collector holds more than this store knows");
				break;
			}
			y->state = LINK_READY;
			if (w->stored_through < y->acked)
				log_warnx("the collector holds seqs through %llu only, fewer than it "
				          "acknowledged (%llu): it was restored; sending them again",
				          (unsigned long long)w->stored_through,
				          (unsigned long long)y->acked);
			/* Start from what the collector holds, whatever we thought. */
			y->acked = w->stored_through;
			aw.acked = aw.acked > w->stored_through ? aw.acked : w->stored_through;
			forget_inflight(y);
			set_link(y, "connected");
			break;
		}
		case QP__COLLECTOR_MESSAGE__KIND_ACK:
			if (y->state != LINK_READY)
				break;
			on_acked(y, m->ack->stored_through);
			if (y->acked > aw.acked)
				aw.acked = y->acked;
			break;
		case QP__COLLECTOR_MESSAGE__KIND_EVENTS:
			on_events(y, m->events);
			break;
		case QP__COLLECTOR_MESSAGE__KIND_REFUSE: {
			const Qp__Refuse *r = m->refuse;
			int reason = protocol_reason_find(r->reason);
			if (reason == REASON_GAP) {
				/* Each batch after a lost one says so: rewind once per gap. */
				if (r->expected_seq != y->rewound_to || y->ninflight == 0) {
					y->rewound_to = r->expected_seq;
					y->ninflight = 0;
					y->next_send = r->expected_seq > y->acked ? r->expected_seq
					                                          : y->acked + 1;
				}
			} else if (reason == REASON_SESSION) {
				/* The collector restarted or forgot our session: a new one. */
				if (y->have_session) {
					y->have_session = false;
					y->confirmed = false;
					forget_inflight(y);
					if (y->state != LINK_DOWN)
						y->state = LINK_HELLO;
					y->next_hello_at = 0;
				}
			} else if (reason == REASON_CONFLICT) {
				uint64_t from = y->verified + 1;
				if (r->expected_seq != 0 && r->expected_seq < from)
					from = r->expected_seq;
				count_conflict(y);
				if (y->state != LINK_RECOVER)
					start_recovery(y, from, "the collector holds other bytes under "
					               "a seq this store sent (a conflict)");
			} else {
				y->state = LINK_REFUSED;
				snprintf(y->refused, sizeof(y->refused), "%s", r->reason);
				set_link(y, AGENT_LINK_REFUSED "%s", r->reason);
				forget_inflight(y);
				/* Refused (revoked...): asking again soon changes nothing;
				 * once every 30 to 60 s, whatever reconnect_max_ms. */
				y->backoff_ms = 0;
				y->next_hello_at = cal_now_ms() + REFUSED_RETRY_MS / 2 +
				                   (int64_t)((uint32_t)rand() % (REFUSED_RETRY_MS / 2 + 1));
			}
			break;
		}
		case QP__COLLECTOR_MESSAGE__KIND_CENTRAL:
			if (m->central->version > y->central_version) {
				codec_free((ProtobufCMessage **)&latest_central);
				latest_central = m;
				m = NULL;
			}
			break;
		default:
			break;
		}
		codec_free((ProtobufCMessage **)&m);
	}
	*awp = aw;
	*latest_centralp = latest_central;
	return any;
}

/*
 * Writes the acknowledgements that came (and the last contact, and a
 * central state if one came), in one transaction. This is bookkeeping: the
 * acknowledged batches were on the collector's disk before their ack was
 * sent, and the records themselves were committed durably by whoever made
 * them (CLI, web). So turn() calls it after pump(), and while a backlog is
 * being sent it writes at most once every ACK_COMMIT_MS, not once per
 * drain: a synced LMDB commit costs two disk flushes on the agent's only
 * thread, on the disk the collector commits to.
 *
 * What a crash gives, at each point (docs/architecture.md, "The agent's
 * acknowledgements"):
 * - acks received, not written yet (at most ACK_COMMIT_MS of them, or the
 *   process killed before its last write): the store keeps a lower
 *   acknowledged_through. The restart's welcome says what the collector
 *   holds and the agent starts from there: nothing is lost, and nothing is
 *   counted twice, since whatever is sent again is a repeat that the
 *   collector compares byte for byte with what it holds (same bytes: no
 *   conflict). The outbox entries are released later.
 * - during the write: LMDB's commit is atomic, so the old or the new
 *   acknowledged_through, as above.
 * The write is not delayed when a central state came (its version is what
 * `sync` waits for), when nothing is left to send (status then says 0
 * pending), nor when the process stops (syncer_close).
 */
static void
record_acks(struct syncer *y, Qp__CollectorMessage *latest_central)
{
	struct ack_write aw = y->unrecorded;

	y->ack_pending = false;
	aw.central = latest_central ? latest_central->central : NULL;
	aw.link = y->link_dirty ? y->link_text : NULL;
	aw.backlog = aw.acked + 1 < y->next_seq;
	y->link_dirty = false;
	if (!aw.backlog && y->heap_used) {
		/* The batches' buffers, kept on the heap while they went
		 * (syncer_open), go back to the system. */
		malloc_trim(0);
		y->heap_used = false;
	}
	if (store_write(y->s->st, ack_txn, &aw) != 0) {
		log_warnx("cannot record the acknowledgement; it will come again");
	} else if (aw.central != NULL) {
		y->central_version = aw.central->version;
		log_info("central state version %llu received",
		         (unsigned long long)y->central_version);
	}
	codec_free((ProtobufCMessage **)&latest_central);
}

/* The link state for `status`, with the acks if some wait (record_acks). */
static void
write_link(struct syncer *y)
{
	if (!y->link_dirty)
		return;
	if (y->ack_pending) {
		record_acks(y, NULL);
		return;
	}
	y->link_dirty = false;
	if (store_write(y->s->st, link_write, y->link_text) != 0)
		log_warnx("cannot record the link state");
}

/* After a drain: keeps what came for record_acks(), and writes it when due. */
static void
note_acks(struct syncer *y, const struct ack_write *aw, Qp__CollectorMessage *latest_central)
{
	int64_t now = cal_now_ms();

	if (!y->ack_pending) {
		y->ack_pending = true;
		y->ack_due = now + ACK_COMMIT_MS;
		y->unrecorded.acked = 0;
	}
	if (aw->acked > y->unrecorded.acked)
		y->unrecorded.acked = aw->acked;
	y->unrecorded.contact = now;
	if (latest_central != NULL || y->acked + 1 >= y->next_seq || now >= y->ack_due)
		record_acks(y, latest_central);
}

static void
read_monitor(struct syncer *y)
{
	for (;;) {
		zmq_msg_t ev, addr;
		uint16_t event;

		zmq_msg_init(&ev);
		if (zmq_msg_recv(&ev, y->monitor, ZMQ_DONTWAIT) < 0) {
			zmq_msg_close(&ev);
			break;
		}
		memcpy(&event, zmq_msg_data(&ev), sizeof(event));
		zmq_msg_close(&ev);
		zmq_msg_init(&addr);
		zmq_msg_recv(&addr, y->monitor, 0);
		zmq_msg_close(&addr);
		if (event == ZMQ_EVENT_CONNECTED) {
			redial_connected(&y->redial);
			y->unsendable_since = 0;
			y->tcp_up = true;
			y->ever_connected = true;
			y->backoff_ms = 0;
			y->state = LINK_DOWN;
			y->next_hello_at = 0;     /* say hello now */
		} else if (event == ZMQ_EVENT_HANDSHAKE_SUCCEEDED) {
			/* With ZMQ_IMMEDIATE a message can be queued only once the
			 * ZMTP handshake is done: a hello tried at "connected" failed
			 * and waits for a backoff (250-500 ms); say it now. */
			if (y->tcp_up && y->state != LINK_READY)
				y->next_hello_at = 0;
			/* A collector speaks at the other end: the next waits, after
			 * this connection is lost, start small again. */
			redial_reset(&y->redial);
		} else if (event == ZMQ_EVENT_DISCONNECTED) {
			if (y->tcp_up)
				set_link(y, "unreachable (connection lost)");
			y->tcp_up = false;
			y->state = LINK_DOWN;
			forget_inflight(y);
			redial_failed(&y->redial, cal_now_ms());
			log_debug("connection lost; dialing again in %lld ms",
			          (long long)redial_timeout_ms(&y->redial, cal_now_ms()));
		} else if (event == ZMQ_EVENT_CLOSED && y->redial.dialing) {
			/* The attempt failed (refused, unreachable, timed out). */
			redial_failed(&y->redial, cal_now_ms());
			log_debug("connection attempt failed; dialing again in %lld ms",
			          (long long)redial_timeout_ms(&y->redial, cal_now_ms()));
		}
	}
}

/*
 * Dials the collector again (libzmq does not: ZMQ_RECONNECT_IVL is -1). The
 * endpoint of the failed attempt is dropped first (a lost connection drops
 * its own; then there is nothing to drop).
 */
static void
dial(struct syncer *y)
{
	(void)zmq_disconnect(y->dealer, y->s->cfg.endpoint);
	redial_dialed(&y->redial);
	log_debug("dialing %s (attempt %u)", y->s->cfg.endpoint, y->redial.attempt);
	if (zmq_connect(y->dealer, y->s->cfg.endpoint) != 0) {
		log_warnx("cannot connect to %s: %s", y->s->cfg.endpoint, zmq_strerror(errno));
		redial_failed(&y->redial, cal_now_ms());
	}
}

/* What to do on timers: dialing, hello (first, retry, keepalive), stalled
 * acks. */
static void
tick(struct syncer *y)
{
	int64_t now = cal_now_ms();

	if (!y->tcp_up) {
		if (!y->ever_connected)
			set_link(y, "unreachable");
		if (redial_due(&y->redial, now))
			dial(y);
		return;
	}
	if (y->state == LINK_HELLO && now - y->hello_at > 2 * y->s->cfg.heartbeat_ms)
		set_link(y, "reached but not answered (is this site enrolled with its "
		         "current key, and the collector key right?)");
	if (y->state == LINK_RECOVER && now - y->fetch_at > ACK_TIMEOUT_MS) {
		log_warnx("no answer to a fetch for %d s; starting over", ACK_TIMEOUT_MS / 1000);
		fetched_free(&y->fetched);
		y->state = LINK_HELLO;
		y->next_hello_at = 0;
	}
	if (y->state == LINK_READY && y->ninflight > 0 &&
	    now - y->last_progress_at > ACK_TIMEOUT_MS) {
		log_warnx("no acknowledgement for %d s; starting over", ACK_TIMEOUT_MS / 1000);
		y->state = LINK_HELLO;
		forget_inflight(y);
		y->next_hello_at = 0;
	}
	if (now >= y->next_hello_at)
		send_hello(y);
}

static int64_t
poll_timeout(const struct syncer *y)
{
	int64_t t = y->s->cfg.heartbeat_ms, now = cal_now_ms();

	int64_t r = redial_timeout_ms(&y->redial, now);

	if (y->tcp_up && y->next_hello_at - now < t)
		t = y->next_hello_at - now;
	if (!y->tcp_up && r >= 0 && r < t)
		t = r;
	if (y->ack_pending && y->ack_due - now < t)
		t = y->ack_due - now;
	return t < 10 ? 10 : t;
}

static int
syncer_open(struct syncer *y, const cli_globals *g, site *s)
{
	char ep[64];
	int ivl = -1, hb = (int)s->cfg.heartbeat_ms;
	int cto = s->cfg.reconnect_max_ms > 1000 ? (int)s->cfg.reconnect_max_ms : 1000;
	int hbt = hb * 3, one = 1, linger = 0, e;
	int64_t maxmsg = (int64_t)PROTOCOL_FRAME_MAX * 2;
	static unsigned monitors;

	y->s = s;
	y->credit = 1;
	y->max_batch = 100;
	/* Said in French, as config check says it: `sync` logs errors only. */
	if (s->cfg.endpoint == NULL || !cli_endpoint_valid(s->cfg.endpoint)) {
		cli_error(g, _("%s: [collector] endpoint: expected tcp://HOST:PORT, got \"%s\""),
		          s->config_path, s->cfg.endpoint ? s->cfg.endpoint : "");
		y->config_error = true;
		return QP_ECONFIG;
	}
	if (s->cfg.collector_key == NULL ||
	    key_from_text(s->cfg.collector_key, y->collector_pk) != 0) {
		cli_error(g, _("%s: [collector] key: expected the %d-character key that "
		               "'qp-collector key' prints"), s->config_path, KEY_TEXT_LEN);
		y->config_error = true;
		return QP_ECONFIG;
	}
	/*
	 * Each batch is a frame of up to PROTOCOL_AGENT_FRAME_MAX that ZeroMQ
	 * copies into a buffer of its own, freed once on the wire. Left to
	 * glibc's defaults, a buffer that size is mapped afresh (or the heap's
	 * top given back and grown again) for every batch, and its pages
	 * faulted in each time: up to a fifth of the agent's CPU on a
	 * 200,000-event resync (docs/performance.md). Fixed thresholds keep
	 * them in the heap while batches go; what it keeps is bounded by the
	 * window (at most MAX_WINDOW frames in flight) and the trim threshold.
	 */
	(void)mallopt(M_MMAP_THRESHOLD, (int)PROTOCOL_FRAME_MAX);
	(void)mallopt(M_TRIM_THRESHOLD, (int)(4 * PROTOCOL_FRAME_MAX));
	/* record_acks gives it back once everything sent is acknowledged. */
	if (keys_init() != 0)
		return QP_EIO;
	if ((e = load_key(y)) != 0) {
		char *path = site_path(s->data, "site.key");
		cli_key_error(g, path ? path : "site.key", e);
		free(path);
		return QP_EIO;
	}
	if (read_counters(y, true) != 0)
		return QP_ESTORE;
	y->verified = y->acked;
	y->next_send = y->acked + 1;
	srand((unsigned)(cal_now_ms() ^ getpid()));
	/* The agent dials, not libzmq (ZMQ_RECONNECT_IVL -1: a failed attempt
	 * or a lost connection is not retried by libzmq): after a wait drawn
	 * uniformly in [0, min(reconnect_max_ms, reconnect_min_ms * 2^n)]
	 * (common/redial.h, full jitter), n counting the attempts since the
	 * collector last answered a handshake. The cap (1 s by default) bounds
	 * how long a site waits after the collector comes back, whatever the
	 * outage lasted; an attempt that hangs (SYN unanswered) is given up
	 * after the cap, at least 1 s (ZMQ_CONNECT_TIMEOUT) (docs/protocol.md). */
	redial_init(&y->redial, s->cfg.reconnect_min_ms, s->cfg.reconnect_max_ms);
	y->zctx = zmq_ctx_new();
	y->dealer = y->zctx ? zmq_socket(y->zctx, ZMQ_DEALER) : NULL;
	if (y->dealer == NULL)
		return QP_EIO;
	if (zmq_setsockopt(y->dealer, ZMQ_IMMEDIATE, &one, sizeof(one)) != 0 ||
	    zmq_setsockopt(y->dealer, ZMQ_RECONNECT_IVL, &ivl, sizeof(ivl)) != 0 ||
	    zmq_setsockopt(y->dealer, ZMQ_CONNECT_TIMEOUT, &cto, sizeof(cto)) != 0 ||
	    zmq_setsockopt(y->dealer, ZMQ_HEARTBEAT_IVL, &hb, sizeof(hb)) != 0 ||
	    zmq_setsockopt(y->dealer, ZMQ_HEARTBEAT_TIMEOUT, &hbt, sizeof(hbt)) != 0 ||
	    zmq_setsockopt(y->dealer, ZMQ_MAXMSGSIZE, &maxmsg, sizeof(maxmsg)) != 0 ||
	    zmq_setsockopt(y->dealer, ZMQ_LINGER, &linger, sizeof(linger)) != 0)
		return QP_EIO;
	snprintf(ep, sizeof(ep), "inproc://monitor-%u", monitors++);
	if (zmq_socket_monitor(y->dealer, ep, ZMQ_EVENT_CONNECTED | ZMQ_EVENT_DISCONNECTED |
	                                          ZMQ_EVENT_CLOSED |
	                                          ZMQ_EVENT_HANDSHAKE_SUCCEEDED) != 0)
		return QP_EIO;
	y->monitor = zmq_socket(y->zctx, ZMQ_PAIR);
	if (y->monitor == NULL || zmq_connect(y->monitor, ep) != 0)
		return QP_EIO;
	redial_dialed(&y->redial);
	if (zmq_connect(y->dealer, s->cfg.endpoint) != 0) {
		cli_error(g, _("%s: [collector] endpoint %s: %s"), s->config_path,
		          s->cfg.endpoint, zmq_strerror(errno));
		y->config_error = true;
		return QP_ECONFIG;
	}
	return 0;
}

static void
syncer_close(struct syncer *y)
{
	if (y->ack_pending)
		record_acks(y, NULL);
	write_link(y);
	if (y->monitor != NULL)
		zmq_close(y->monitor);
	if (y->dealer != NULL)
		zmq_close(y->dealer);
	if (y->zctx != NULL)
		zmq_ctx_term(y->zctx);
	protocol_batch_free(&y->batch);
	fetched_free(&y->fetched);
	envelope_peer_destroy(&y->peer);
	keypair_destroy(&y->kp);
}

/* One turn of the loop: wait for something, then act on it. */
static void
turn(struct syncer *y, int wakefd, int64_t cap_ms, agent_web *web)
{
	zmq_pollitem_t items[5] = {
		{ y->dealer, 0, ZMQ_POLLIN, 0 },
		{ y->monitor, 0, ZMQ_POLLIN, 0 },
		{ NULL, signals_fd(), ZMQ_POLLIN, 0 },
		{ NULL, wakefd, ZMQ_POLLIN, 0 },
		{ NULL, web != NULL ? agent_web_fd(web) : -1, ZMQ_POLLIN, 0 },
	};
	int64_t t = poll_timeout(y);
	struct ack_write aw = { 0 };
	Qp__CollectorMessage *central = NULL;
	bool got = false;
	long wt = web != NULL ? agent_web_timeout_ms(web) : -1;
	uint64_t acked = y->acked;

	if (cap_ms >= 0 && t > cap_ms)
		t = cap_ms;
	if (wt >= 0 && t > wt)
		t = wt;
	/* The web pages run here, on this thread, between two turns: a record
	 * made on the web wakes the loop through wake.sock as a command does. */
	if (zmq_poll(items, web != NULL ? 5 : wakefd >= 0 ? 4 : 3, (long)t) < 0)
		return;
	if (web != NULL)
		agent_web_run(web);
	if (items[2].revents & ZMQ_POLLIN)
		signals_drain();
	if (items[1].revents & ZMQ_POLLIN)
		read_monitor(y);
	if (items[0].revents & ZMQ_POLLIN)
		got = receive(y, &aw, &central);
	if (wakefd >= 0 && (items[3].revents & ZMQ_POLLIN)) {
		unsigned before = y->key_gen;
		wake_drain(wakefd);
		(void)read_counters(y, false);
		/* After `key rotate` the old key must not be used again: start over
		 * with a hello under the new one (which queues until enrolled). */
		if (load_key(y) == 0 && y->key_gen != before) {
			if (y->state == LINK_READY)
				y->state = LINK_HELLO;
			forget_inflight(y);
			y->next_hello_at = 0;
		} else if (y->state != LINK_READY && y->tcp_up) {
			y->next_hello_at = 0;
		}
	}
	tick(y);
	(void)pump(y);
	if (got)
		note_acks(y, &aw, central);
	else if (y->ack_pending && cal_now_ms() >= y->ack_due)
		record_acks(y, NULL);
	write_link(y);
	/* Records acknowledged (a resync...): the web side's idle trim waits
	 * for 10 s of quiet from now; keepalives do not count. */
	if (web != NULL && y->acked != acked)
		agent_web_touch(web);
}

int
cmd_run(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	struct syncer y = { .prog = g->prog };
	site *s = NULL;
	agent_web *web = NULL;
	char err[512];
	int wakefd = -1, rc, e;

	if (argc > 1)
		return cli_usage(g, cmd, _("unexpected argument '%s'"), argv[1]);
	if ((rc = agent_open(g, &s)) != 0)
		return rc;
	if (signals_install() != 0) {
		cli_error(g, "%s", _("cannot install signal handlers"));
		site_close(&s);
		return EXIT_RUNTIME;
	}
	rc = EXIT_RUNTIME;
	if (syncer_open(&y, g, s) != 0) {
		/* A bad endpoint or key: restarting will not fix it (exit 2). */
		if (y.config_error)
			rc = EXIT_USAGE;
		goto out;
	}
	if (wake_bind(s->data, &wakefd) != 0)
		log_warn("cannot bind the wake socket; records leave within %lld ms",
		         s->cfg.heartbeat_ms);
	log_info("site %s: %llu records, acknowledged through %llu; collector %s",
	         s->cfg.site, (unsigned long long)(y.next_seq - 1),
	         (unsigned long long)y.acked, s->cfg.endpoint);
	if ((e = agent_web_start(s, &web, err, sizeof(err))) != 0) {
		log_warnx("web interface: %s", err);
		/* [web] without TLS beyond 127.0.0.1, a bad address: exit 2. */
		if (e == QP_ECONFIG)
			rc = EXIT_USAGE;
		goto out;
	}
	if (web != NULL)
		log_info("web interface on %s", agent_web_url(web, err, sizeof(err)));
	notify_ready("pushing records to the collector");
	while (!signals_stop_requested()) {
		turn(&y, wakefd, notify_watchdog_poll_ms(), web);
		notify_watchdog();
	}
	notify_stopping();
	log_info("stopping");
	rc = EXIT_DONE;
out:
	agent_web_destroy(&web);
	wake_close(s->data, wakefd);
	syncer_close(&y);
	signals_close();
	site_close(&s);
	return rc;
}

/* What `sync` waits for, on a terminal only (cli_progress). */
static void
sync_progress(const cli_globals *g, const struct syncer *y,
              unsigned long long timeout, int64_t left_ms)
{
	unsigned long long waited = timeout - (unsigned long long)((left_ms + 999) / 1000);

	if (!y->tcp_up && !y->ever_connected)
		cli_progress(g, _("connecting to %s ... %llu s of %llu"), y->s->cfg.endpoint,
		             waited, timeout);
	else if (y->state != LINK_READY)
		cli_progress(g, _("waiting for the collector's answer ... %llu s of %llu"),
		             waited, timeout);
	else
		cli_progress(g, _("acknowledged %llu of %llu ... %llu s of %llu"),
		             (unsigned long long)y->acked,
		             (unsigned long long)(y->next_seq - 1), waited, timeout);
}

int
cmd_sync(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "timeout", required_argument, NULL, 't' }, { NULL, 0, NULL, 0 },
	};
	struct syncer y = { .prog = g->prog };
	unsigned long long timeout = 0;
	int64_t deadline;
	site *s = NULL;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch != 't')
			return cli_unknown_option(g, cmd, argv);
		if (!cli_parse_u64(optarg, &timeout) || timeout == 0 || timeout > 86400)
			return cli_usage(g, cmd, _("--timeout: expected seconds 1..86400, got \"%s\""),
			                 optarg);
	}
	if (optind != argc)
		return cli_usage(g, cmd, _("unexpected argument '%s'"), argv[optind]);
	if ((rc = agent_open(g, &s)) != 0)
		return rc;
	if (timeout == 0)
		timeout = (unsigned long long)s->cfg.sync_timeout_s;
	if (signals_install() != 0) {
		cli_error(g, "%s", _("cannot install signal handlers"));
		site_close(&s);
		return EXIT_RUNTIME;
	}
	rc = EXIT_RUNTIME;
	if (syncer_open(&y, g, s) != 0) {
		if (y.config_error)
			rc = EXIT_USAGE;
		goto out;
	}
	deadline = cal_now_ms() + (int64_t)timeout * 1000;
	while (!signals_stop_requested()) {
		int64_t left = deadline - cal_now_ms();
		if (y.state == LINK_READY && y.confirmed && y.acked + 1 >= y.next_seq &&
		    y.central_version >= y.welcome_central) {
			(void)read_counters(&y, false);
			if (y.acked + 1 >= y.next_seq) {
				rc = EXIT_DONE;
				break;
			}
		}
		if (y.state == LINK_REFUSED) {
			cli_error(g, _("the collector refuses site %s: %s"), s->cfg.site,
			          cli_pgettext("refusal", y.refused));
			rc = EXIT_RUNTIME;
			break;
		}
		if (left <= 0) {
			if (!y.ever_connected)
				cli_error(g, _("collector %s unreachable within %llu s; records stay "
				          "queued"), s->cfg.endpoint, timeout);
			else if (!y.ever_answered)
				cli_error(g, _("collector %s reached but not answered within %llu s: is "
				          "this site enrolled with its current key (qp-agent key), and "
				          "is [collector] key right?"), s->cfg.endpoint, timeout);
			else
				cli_error(g, _("not everything acknowledged within %llu s (through %llu "
				          "of %llu); records stay queued"), timeout,
				          (unsigned long long)y.acked,
				          (unsigned long long)(y.next_seq - 1));
			rc = EXIT_UNREACHABLE;
			break;
		}
		sync_progress(g, &y, timeout, left);
		/* On a terminal the progress line is redrawn every second. */
		turn(&y, -1, isatty(STDERR_FILENO) && left > 1000 ? 1000 : left, NULL);
	}
	cli_progress(g, NULL);
	if (y.restored.done)
		fprintf(stderr, _("qp-agent: store restored or rebuilt: fetched back seqs "
		                  "%llu..%llu from the collector; %llu records made here since "
		                  "were renumbered %llu..%llu (%llu actions renamed)\n"),
		        (unsigned long long)y.restored.from, (unsigned long long)y.restored.through,
		        (unsigned long long)y.restored.mine,
		        (unsigned long long)(y.restored.through + 1),
		        (unsigned long long)(y.restored.through + y.restored.mine),
		        (unsigned long long)y.restored.renamed);
	if (y.quarantined_now > 0)
		fprintf(stderr,
		        ngettext_qp("qp-agent: %llu damaged stored record set aside (seq %llu): a "
		                    "quarantine record was sent in its place\n",
		                    "qp-agent: %llu damaged stored records set aside (the first: "
		                    "seq %llu): quarantine records were sent in their place\n",
		                    y.quarantined_now),
		        (unsigned long long)y.quarantined_now,
		        (unsigned long long)y.quarantined_first);
	if (rc == EXIT_DONE)
		fprintf(stderr, ngettext_qp("qp-agent: %llu record, acknowledged; central "
		                            "version %llu\n", "qp-agent: all %llu records "
		                            "acknowledged; central version %llu\n", y.next_seq - 1),
		        (unsigned long long)(y.next_seq - 1),
		        (unsigned long long)y.central_version);
out:
	syncer_close(&y);
	signals_close();
	site_close(&s);
	return rc;
}
