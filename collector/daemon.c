/*
 * qp-collector run: the daemon.
 *
 * One loop: poll the ROUTER socket, the wake socket, the signal pipe, the
 * web server and the writer's eventfd; receive into the open group, up to
 * group_max messages; handle each (open the box, check the site, accept or
 * refuse); hand the group to the writer thread (writer.c), which writes
 * every accepted batch of it in ONE durable LMDB transaction, while the
 * loop receives and decodes the next group. One group is in flight at
 * most. A group's replies (acks, refusals, welcomes, fetches) are sent
 * only once its commit is done and those of the group before it are sent;
 * if a commit fails, no ack of it goes, nor of the open group (whose
 * batches may stand on it, and are dropped): the sites send them again.
 * The writer holds no pointer into d->sites (a reload moves it): a group
 * names its sites by id. A message from the network can be refused and
 * counted, never stop the loop.
 */
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/socket.h>
#include <unistd.h>
#include <sodium.h>
#include <zmq.h>

#include "calendar.h"
#include "codec.h"
#include "collector.h"
#include "domain.h"
#include "ingest.h"
#include "keys.h"
#include "log.h"
#include "notify.h"
#include "protocol.h"
#include "signals.h"
#include "wake.h"
#include "writer.h"
#include "cweb.h"

#define ROUTING_ID_MAX 256
#define FLUSH_INTERVAL_MS 1000
#define TRIM_AFTER_MS 2000 /* no events for this long: malloc_trim */
#define RELOAD_INTERVAL_MS 2000
/* Sessions a site may hold at once (an agent restarted, sync beside run);
 * the least recently used goes first. */
#define SESSION_SLOTS 8
/* A TCP peer that has not finished the ZMTP handshake by then is dropped. */
#define HANDSHAKE_MS 5000

struct session {
	uint8_t id[PROTOCOL_SESSION_BYTES];
	int64_t used_ms; /* 0: free slot */
};

/* A site's hellos are logged at most once a minute (each reconnect says hello). */
#define HELLO_LOG_MS 60000

struct csite {
	char id[ENVELOPE_SITE_MAX + 1];
	uint8_t key[KEY_BYTES];
	bool revoked;
	envelope_peer *peer;
	site_progress prog;      /* stored_through, events: durably stored */
	uint64_t expect;         /* next seq accepted (after the open group) */
	uint64_t pending_events; /* accepted in the open group */
	uint64_t known_central;  /* central version the agent said it holds */
	bool dirty;              /* prog changed since the last flush */
	uint64_t logged[REASON_COUNT];
	uint64_t logged_unsent;
	int64_t last_hello_ms;
	struct session sessions[SESSION_SLOTS];
};

/* A reply to send once the group is committed. Sites are named by id, not
 * pointed to: a reload moves d->sites while a group waits for its commit. */
enum reply_kind { R_WELCOME, R_ACK, R_REFUSE, R_FRAME };
struct reply {
	uint8_t rid[ROUTING_ID_MAX];
	size_t rid_len;
	char site[ENVELOPE_SITE_MAX + 1];
	enum reply_kind kind;
	enum protocol_reason reason;                 /* R_REFUSE */
	uint64_t expected;                           /* R_REFUSE gap */
	bool central;                                /* send the central state after it */
	uint8_t session[PROTOCOL_SESSION_BYTES];     /* R_WELCOME */
	uint8_t challenge[PROTOCOL_CHALLENGE_BYTES]; /* R_WELCOME, echoed */
	size_t challenge_len;
	uint8_t *frame; /* R_FRAME: packed plain message, owned */
	size_t frame_len;
};

/* A batch accepted in a group, written at its commit. */
struct accepted {
	char site[ENVELOPE_SITE_MAX + 1];
	ingest_frame f; /* owns the events and their bytes as they came */
	size_t from;    /* index of the first new event */
};

/* A site's progress record as a group writes it. */
struct progress_rec {
	char site[ENVELOPE_SITE_MAX + 1];
	site_progress p;
};

/*
 * A group: what the loop received between two commits, and the replies
 * that wait for its commit. The open group is being filled by the loop;
 * the group in flight is being committed by the writer thread, which
 * reads only its acc, progs and global (self-contained: ids, not
 * pointers into d->sites), and the loop only reads them meanwhile.
 */
struct group {
	struct reply *replies;
	size_t nreplies, capreplies;
	struct accepted *acc;
	size_t nacc, capacc;
	struct progress_rec *progs; /* filled at submit */
	size_t nprogs, capprogs;
	site_progress global;
	bool has_global;
	int messages; /* received into it */
};

struct daemon {
	cstore *cs;
	keypair *kp;
	void *zctx, *router, *monitor;
	int *conns; /* open TCP connections' fds, oldest first */
	size_t nconns;
	uint64_t conns_cut;
	int wakefd;
	struct csite *sites;
	size_t nsites;
	uint64_t registry_version;
	site_progress global;
	bool global_dirty;
	uint64_t global_logged[REASON_COUNT];
	Qp__CentralState *central;
	uint64_t central_version;
	struct group groups[2];
	struct group *open;   /* being received */
	struct group *flight; /* being committed by the writer, or NULL */
	writer *w;            /* NULL: commits run on the loop */
	int64_t last_flush_ms, last_reload_ms;
	int64_t last_group_ms; /* when a group last stored events */
	bool busy_since_trim;  /* ... and the heap was not trimmed since */
};

static struct csite *
find_site(struct daemon *d, const char *id)
{
	size_t lo = 0, hi = d->nsites;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(d->sites[mid].id, id);
		if (c == 0)
			return &d->sites[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Counts a refusal; logs the first of each (site, reason) and then at
 * every power of ten, so a flood does not flood the log. */
static void
reject(struct daemon *d, struct csite *s, enum protocol_reason reason, const char *detail)
{
	uint64_t *count = s ? &s->prog.rejected[reason] : &d->global.rejected[reason];
	uint64_t n = ++*count;
	uint64_t *logged = s ? &s->logged[reason] : &d->global_logged[reason];

	if (s)
		s->dirty = true;
	else
		d->global_dirty = true;
	if (n == 1 || n >= *logged * 10) {
		log_warnx("refused %s from %s: %s (%llu so far)", protocol_reasons[reason],
		          s ? s->id : "an unenrolled peer", detail, (unsigned long long)n);
		*logged = n;
	}
}

/* ----------------------------------------------------------- registry */

static void
free_sites(struct csite *sites, size_t n)
{
	if (sites == NULL)
		return;
	for (size_t i = 0; i < n; i++)
		envelope_peer_destroy(&sites[i].peer);
	free(sites);
}

static int
load_registry(struct daemon *d)
{
	Qp__SiteRecord **recs = NULL;
	struct csite *sites = NULL;
	store_txn *txn = NULL;
	size_t n = 0;
	uint64_t version;
	int e;

	if ((e = store_read(d->cs->st, &txn)) != 0)
		return e;
	if ((e = cstore_meta_get(txn, META_REGISTRY, &version)) != 0 ||
	    (e = cstore_sites(txn, &recs, &n)) != 0)
		goto out;
	sites = calloc(n ? n : 1, sizeof(*sites));
	if (sites == NULL) {
		e = QP_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		struct csite *s = &sites[i];
		struct csite *old = find_site(d, recs[i]->site);
		snprintf(s->id, sizeof(s->id), "%s", recs[i]->site);
		s->revoked = recs[i]->revoked;
		if (recs[i]->public_key.len != KEY_BYTES) {
			log_warnx("site %s has no valid key; refusing it", s->id);
			s->revoked = true;
		} else {
			memcpy(s->key, recs[i]->public_key.data, KEY_BYTES);
			if (envelope_peer_new(d->kp, s->key, &s->peer) != 0) {
				log_warnx("site %s: its key is unusable; refusing it", s->id);
				s->revoked = true;
			}
		}
		if (old != NULL) {
			/* Keep what the daemon knows beyond the store. */
			s->prog = old->prog;
			s->known_central = old->known_central;
			s->dirty = old->dirty;
			s->last_hello_ms = old->last_hello_ms;
			memcpy(s->logged, old->logged, sizeof(s->logged));
			/* A new key ends the sessions opened under the old one. */
			if (memcmp(old->key, s->key, KEY_BYTES) == 0)
				memcpy(s->sessions, old->sessions, sizeof(s->sessions));
			if (memcmp(old->key, s->key, KEY_BYTES) != 0)
				log_info("site %s: new key in force", s->id);
			if (!old->revoked && s->revoked)
				log_info("site %s: revoked", s->id);
		} else {
			if ((e = cstore_progress_get(txn, s->id, &s->prog)) != 0)
				goto out;
			s->known_central = UINT64_MAX;
			log_info("site %s: enrolled%s", s->id, s->revoked ? " (revoked)" : "");
		}
		/* What the open group and the group in flight accepted stays. */
		s->expect = old != NULL ? old->expect : s->prog.stored_through + 1;
		s->pending_events = old != NULL ? old->pending_events : 0;
	}
	free_sites(d->sites, d->nsites);
	d->sites = sites;
	d->nsites = n;
	sites = NULL;
	d->registry_version = version;
out:
	free_sites(sites, n);
	cstore_sites_free(recs, n);
	store_txn_end(&txn);
	return e;
}

static int
load_central(struct daemon *d)
{
	Qp__CentralState *cs = NULL;
	store_txn *txn = NULL;
	int e;

	if ((e = store_read(d->cs->st, &txn)) != 0)
		return e;
	e = cstore_central_get(txn, &cs);
	store_txn_end(&txn);
	if (e != 0)
		return e;
	if (d->central == NULL || cs->version != d->central_version)
		log_info("central state version %llu", (unsigned long long)cs->version);
	codec_free((ProtobufCMessage **)&d->central);
	d->central = cs;
	d->central_version = cs->version;
	return 0;
}

static int
load_global(struct daemon *d)
{
	store_txn *txn = NULL;
	int e;

	if ((e = store_read(d->cs->st, &txn)) != 0)
		return e;
	e = cstore_progress_get(txn, PROGRESS_GLOBAL, &d->global);
	store_txn_end(&txn);
	return e;
}

/* Reloads what another process may have changed: registry, central state. */
static void
maybe_reload(struct daemon *d, bool force)
{
	store_txn *txn = NULL;
	Qp__CentralState *cs = NULL;
	uint64_t reg = d->registry_version, cver = d->central_version;
	int64_t now = cal_now_ms();

	if (!force && now - d->last_reload_ms < RELOAD_INTERVAL_MS)
		return;
	d->last_reload_ms = now;
	if (store_read(d->cs->st, &txn) == 0) {
		(void)cstore_meta_get(txn, META_REGISTRY, &reg);
		if (cstore_central_get(txn, &cs) == 0)
			cver = cs->version;
		codec_free((ProtobufCMessage **)&cs);
		store_txn_end(&txn);
	}
	if (reg != d->registry_version && load_registry(d) != 0)
		log_warnx("cannot reload the site registry");
	if (cver != d->central_version && load_central(d) != 0)
		log_warnx("cannot reload the central state");
}

/* -------------------------------------------------------------- replies */

static struct reply *
add_reply(struct daemon *d, const zmq_msg_t *rid, struct csite *s, enum reply_kind kind)
{
	struct group *g = d->open;
	struct reply *r;

	if (g->nreplies == g->capreplies) {
		size_t cap = g->capreplies ? g->capreplies * 2 : 64;
		r = realloc(g->replies, cap * sizeof(*r));
		if (r == NULL)
			return NULL;
		g->replies = r;
		g->capreplies = cap;
	}
	r = &g->replies[g->nreplies++];
	memset(r, 0, sizeof(*r));
	r->rid_len = zmq_msg_size((zmq_msg_t *)rid);
	if (r->rid_len > ROUTING_ID_MAX)
		r->rid_len = ROUTING_ID_MAX;
	memcpy(r->rid, zmq_msg_data((zmq_msg_t *)rid), r->rid_len);
	snprintf(r->site, sizeof(r->site), "%s", s->id);
	r->kind = kind;
	return r;
}

static void
send_sealed(struct daemon *d, struct csite *s, struct reply *r, uint8_t *frame, size_t len);

static void
send_frame(struct daemon *d, struct csite *s, struct reply *r, const ProtobufCMessage *msg)
{
	uint8_t *frame = NULL;
	size_t len;

	if (protocol_seal(s->peer, s->id, msg, &frame, &len) != 0) {
		log_warnx("cannot seal a reply to %s", s->id);
		return;
	}
	send_sealed(d, s, r, frame, len);
}

static void
send_packed(struct daemon *d, struct csite *s, struct reply *r, const uint8_t *plain, size_t plen)
{
	uint8_t *frame = NULL;
	size_t len;

	if (protocol_seal_packed(s->peer, s->id, plain, plen, &frame, &len) != 0) {
		log_warnx("cannot seal a reply to %s", s->id);
		return;
	}
	send_sealed(d, s, r, frame, len);
}

/* Sends a sealed frame and frees it. */
static void
send_sealed(struct daemon *d, struct csite *s, struct reply *r, uint8_t *frame, size_t len)
{
	/* ROUTER_MANDATORY: a peer that left gives EHOSTUNREACH, a full queue
	 * EAGAIN; either way the agent asks again on its next hello. */
	if (zmq_send(d->router, r->rid, r->rid_len, ZMQ_SNDMORE | ZMQ_DONTWAIT) < 0 ||
	    zmq_send(d->router, frame, len, ZMQ_DONTWAIT) < 0) {
		uint64_t n = ++s->prog.replies_unsent;
		s->dirty = true;
		if (n == 1 || n >= s->logged_unsent * 10) {
			log_warnx("site %s: reply not sent (%s); the site asks again "
			          "(%llu so far)",
			          s->id, zmq_strerror(errno), (unsigned long long)n);
			s->logged_unsent = n;
		}
	}
	free(frame);
}

/*
 * What one site receives of the central state: the catalogue, and of each
 * planning the central events and its own, never another site's. A shallow
 * view: it borrows the events of `cs`.
 */
struct site_view {
	Qp__CentralState cs;
	Qp__Planning *plannings;
	Qp__Planning **pptr;
	Qp__PlanningEvent **events;
};

static void
site_view_free(struct site_view *v)
{
	free(v->plannings);
	free(v->pptr);
	free(v->events);
}

static int
central_for_site(const Qp__CentralState *cs, const char *site, struct site_view *v)
{
	size_t total = 0, k = 0;

	memset(v, 0, sizeof(*v));
	v->cs = *cs;
	for (size_t p = 0; p < cs->n_plannings; p++)
		total += cs->plannings[p]->n_events;
	v->plannings = calloc(cs->n_plannings ? cs->n_plannings : 1, sizeof(*v->plannings));
	v->pptr = calloc(cs->n_plannings ? cs->n_plannings : 1, sizeof(*v->pptr));
	v->events = calloc(total ? total : 1, sizeof(*v->events));
	if (v->plannings == NULL || v->pptr == NULL || v->events == NULL) {
		site_view_free(v);
		return QP_ENOMEM;
	}
	for (size_t p = 0; p < cs->n_plannings; p++) {
		const Qp__Planning *pl = cs->plannings[p];
		Qp__Planning *out = &v->plannings[p];
		*out = *pl;
		out->events = &v->events[k];
		out->n_events = 0;
		for (size_t i = 0; i < pl->n_events; i++) {
			const char *scope = pl->events[i]->scope;
			if (strcmp(scope, DOMAIN_SCOPE_CENTRAL) == 0 || strcmp(scope, site) == 0) {
				v->events[k++] = pl->events[i];
				out->n_events++;
			}
		}
		v->pptr[p] = out;
	}
	v->cs.plannings = v->pptr;
	return 0;
}

/* Sends a group's replies, in the order their messages came. */
static void
send_replies(struct daemon *d, struct group *g)
{
	for (size_t i = 0; i < g->nreplies; i++) {
		struct reply *r = &g->replies[i];
		struct csite *s = find_site(d, r->site);
		Qp__CollectorMessage m = QP__COLLECTOR_MESSAGE__INIT;
		Qp__Welcome w = QP__WELCOME__INIT;
		Qp__Ack a = QP__ACK__INIT;
		Qp__Refuse f = QP__REFUSE__INIT;

		if (s == NULL || s->peer == NULL) {
			/* Unenrolled, or its key became unusable, meanwhile. */
			free(r->frame);
			r->frame = NULL;
			continue;
		}
		m.site = s->id;
		m.direction = PROTOCOL_TO_SITE;
		switch (r->kind) {
		case R_FRAME: break;
		case R_WELCOME:
			w.stored_through = s->prog.stored_through;
			w.central_version = d->central_version;
			w.credit = (uint32_t)d->cs->cfg.credit;
			w.max_batch_events = (uint32_t)d->cs->cfg.max_batch_events;
			w.session.data = r->session;
			w.session.len = sizeof(r->session);
			w.challenge.data = r->challenge;
			w.challenge.len = r->challenge_len;
			m.kind_case = QP__COLLECTOR_MESSAGE__KIND_WELCOME;
			m.welcome = &w;
			break;
		case R_ACK:
			a.stored_through = s->prog.stored_through;
			m.kind_case = QP__COLLECTOR_MESSAGE__KIND_ACK;
			m.ack = &a;
			break;
		case R_REFUSE:
			f.reason = (char *)protocol_reasons[r->reason];
			f.expected_seq = r->expected;
			m.kind_case = QP__COLLECTOR_MESSAGE__KIND_REFUSE;
			m.refuse = &f;
			break;
		}
		if (r->kind == R_FRAME) {
			send_packed(d, s, r, r->frame, r->frame_len);
			free(r->frame);
			r->frame = NULL;
			continue;
		}
		send_frame(d, s, r, &m.base);
		if (r->central && d->central != NULL && s->known_central != d->central_version) {
			Qp__CollectorMessage c = QP__COLLECTOR_MESSAGE__INIT;
			struct site_view view;
			if (central_for_site(d->central, s->id, &view) != 0) {
				log_warnx("out of memory building the central state for %s", s->id);
				continue;
			}
			c.site = s->id;
			c.direction = PROTOCOL_TO_SITE;
			c.kind_case = QP__COLLECTOR_MESSAGE__KIND_CENTRAL;
			c.central = &view.cs;
			send_frame(d, s, r, &c.base);
			site_view_free(&view);
			/* Assumed received; a hello saying otherwise sends it again. */
			s->known_central = d->central_version;
		}
	}
	g->nreplies = 0;
}

/* ------------------------------------------------------------- handling */

static void
touch(struct csite *s, int64_t site_clock)
{
	int64_t now = cal_now_ms();

	s->prog.last_seen_ms = now;
	if (s->prog.first_seen_ms == 0)
		s->prog.first_seen_ms = now;
	if (site_clock != 0)
		s->prog.clock_offset_ms = ingest_clock_offset(site_clock, now);
	s->dirty = true;
}

/*
 * Is `id` a session this site holds? Marks it used. Only a message carrying
 * one is known to be fresh: a frame captured earlier and replayed carries
 * a session that is gone, or none.
 */
static bool
session_valid(struct csite *s, const ProtobufCBinaryData *id)
{
	if (id->len != PROTOCOL_SESSION_BYTES)
		return false;
	for (size_t i = 0; i < SESSION_SLOTS; i++) {
		struct session *x = &s->sessions[i];
		if (x->used_ms != 0 &&
		    sodium_memcmp(x->id, id->data, PROTOCOL_SESSION_BYTES) == 0) {
			x->used_ms = cal_now_ms();
			return true;
		}
	}
	return false;
}

/* A fresh session in the least recently used slot; copies its id. */
static void
session_open(struct csite *s, uint8_t id[PROTOCOL_SESSION_BYTES])
{
	struct session *lru = &s->sessions[0];

	for (size_t i = 1; i < SESSION_SLOTS; i++)
		if (s->sessions[i].used_ms < lru->used_ms)
			lru = &s->sessions[i];
	randombytes_buf(lru->id, sizeof(lru->id));
	lru->used_ms = cal_now_ms();
	memcpy(id, lru->id, PROTOCOL_SESSION_BYTES);
}

static void
handle_hello(struct daemon *d, struct csite *s, const zmq_msg_t *rid, const Qp__Hello *h)
{
	struct reply *r;
	int64_t now = cal_now_ms();
	bool fresh = session_valid(s, &h->session);

	r = add_reply(d, rid, s, R_WELCOME);
	if (r == NULL)
		return;
	if (h->challenge.len > 0)
		memcpy(r->challenge, h->challenge.data, h->challenge.len);
	r->challenge_len = h->challenge.len;
	if (!fresh) {
		/* Maybe a replay: it opens a session and learns nothing from it
		 * (the welcome is sealed for the site), and moves nothing here. */
		session_open(s, r->session);
		r->central = h->central_version != d->central_version;
		return;
	}
	memcpy(r->session, h->session.data, PROTOCOL_SESSION_BYTES);
	touch(s, h->clock_ms);
	if (s->last_hello_ms == 0 || now - s->last_hello_ms > HELLO_LOG_MS)
		log_info("site %s: hello, next seq %llu, stored through %llu", s->id,
		         (unsigned long long)h->next_seq,
		         (unsigned long long)s->prog.stored_through);
	s->last_hello_ms = now;
	if (ingest_hello_behind(h, s->prog.stored_through) &&
	    s->prog.reported_next_seq != h->next_seq) {
		/* The site's store is behind what we hold: it was restored from a
		 * backup or rebuilt. It converges by itself (it fetches back what
		 * it lost); counted once per change, so that it shows. */
		reject(d, s, REASON_BEHIND,
		       "the site's next seq is below what is stored: it fetches back");
	}
	s->known_central = h->central_version;
	s->prog.reported_next_seq = h->next_seq;
	r->central = true;
}

static void
refuse(struct daemon *d, struct csite *s, const zmq_msg_t *rid, enum protocol_reason reason,
       uint64_t expected, const char *detail)
{
	struct reply *r;

	reject(d, s, reason, detail);
	r = add_reply(d, rid, s, R_REFUSE);
	if (r != NULL) {
		r->reason = reason;
		r->expected = expected;
	}
}

/* The bytes of `s`'s event `seq` if group g accepted it, else NULL. */
static const codec_span *
group_event(const struct group *g, const struct csite *s, uint64_t seq)
{
	for (size_t i = 0; g != NULL && i < g->nacc; i++) {
		const struct accepted *a = &g->acc[i];
		const Qp__Batch *b = a->f.msg->batch;
		uint64_t first;
		if (a->from >= b->n_events || strcmp(a->site, s->id) != 0)
			continue;
		first = b->events[a->from]->seq;
		if (seq >= first && seq - first < b->n_events - a->from)
			return &a->f.events[a->from + (seq - first)];
	}
	return NULL;
}

/*
 * The stored or pending (accepted in the group being committed or in the
 * open one) event of `s` at `seq`, copied into *buf (malloc'd).
 * QP_ENOTFOUND if none.
 */
static int
held_event(struct daemon *d, struct csite *s, store_txn **txn, uint64_t seq, uint8_t **buf,
           size_t *len)
{
	uint8_t key[EVENT_KEY_MAX];
	store_val v;
	size_t klen;
	int e;

	if (seq > s->prog.stored_through) {
		/* The group in flight is read, never changed, while the writer
		 * commits it. */
		const codec_span *r = group_event(d->flight, s, seq);
		if (r == NULL)
			r = group_event(d->open, s, seq);
		if (r == NULL)
			return QP_ENOTFOUND;
		*buf = malloc(r->len ? r->len : 1);
		if (*buf == NULL)
			return QP_ENOMEM;
		memcpy(*buf, r->data, r->len);
		*len = r->len;
		return 0;
	}
	if (*txn == NULL && (e = store_read(d->cs->st, txn)) != 0)
		return e;
	klen = cstore_event_key(key, s->id, seq);
	if ((e = store_get(*txn, C_EVENTS, key, klen, &v)) != 0)
		return e;
	*buf = malloc(v.len ? v.len : 1);
	if (*buf == NULL)
		return QP_ENOMEM;
	memcpy(*buf, v.data, v.len);
	*len = v.len;
	return 0;
}

/*
 * SPEC §11: a repeat is acknowledged only if its bytes equal what is held.
 * Only repeats pay for this; 0 or the first seq that differs.
 */
static uint64_t
first_conflict(struct daemon *d, struct csite *s, const ingest_frame *f, size_t nrep)
{
	const Qp__Batch *b = f->msg->batch;
	store_txn *txn = NULL;
	uint64_t bad = 0;

	for (size_t i = 0; i < nrep && bad == 0; i++) {
		uint8_t *held = NULL;
		const uint8_t *got = f->events[i].data;
		size_t hlen = 0, glen = f->events[i].len;
		int e = held_event(d, s, &txn, b->events[i]->seq, &held, &hlen);
		if (e != 0) {
			if (e != QP_ENOTFOUND)
				log_warnx("site %s: cannot compare seq %llu with the stored event: "
				          "%s",
				          s->id, (unsigned long long)b->events[i]->seq,
				          qp_strerror(e));
			/* Not comparable: refuse rather than acknowledge blind. */
			bad = b->events[i]->seq;
		} else if (hlen != glen || memcmp(held, got, hlen) != 0) {
			bad = b->events[i]->seq;
		}
		free(held);
	}
	store_txn_end(&txn);
	return bad;
}

/* Returns true when the frame was kept (in d->acc) and must not be freed. */
static bool
handle_batch(struct daemon *d, struct csite *s, const zmq_msg_t *rid, ingest_frame *f)
{
	const Qp__Batch *b = f->msg->batch;
	ingest_decision dec;
	struct group *g;
	struct reply *r;
	uint64_t bad;

	if (!session_valid(s, &b->session)) {
		refuse(d, s, rid, REASON_SESSION, 0,
		       "a batch outside a current session (a replay, or an old agent)");
		return false;
	}
	touch(s, b->clock_ms);
	ingest_batch_decide_raw(b, f->events, s->id, s->expect, &dec);
	if (dec.verdict == INGEST_REFUSE) {
		refuse(d, s, rid, dec.reason, dec.expected, dec.detail);
		return false;
	}
	bad = first_conflict(d, s, f, dec.verdict == INGEST_REPEAT ? b->n_events : dec.from);
	if (bad != 0) {
		char detail[128];
		snprintf(detail, sizeof(detail),
		         "CONFLICT: seq %llu differs from the event "
		         "stored under it; not acknowledged",
		         (unsigned long long)bad);
		log_warnx("site %s: %s", s->id, detail);
		refuse(d, s, rid, REASON_CONFLICT, bad, detail);
		return false;
	}
	r = add_reply(d, rid, s, R_ACK);
	if (r != NULL && s->known_central != d->central_version)
		r->central = true;
	if (dec.verdict == INGEST_REPEAT)
		return false; /* acknowledged, not stored */
	g = d->open;
	if (g->nacc == g->capacc) {
		size_t cap = g->capacc ? g->capacc * 2 : 64;
		struct accepted *a = realloc(g->acc, cap * sizeof(*a));
		if (a == NULL) {
			/* Not kept: its ack must not go. */
			if (r != NULL)
				g->nreplies--;
			return false;
		}
		g->acc = a;
		g->capacc = cap;
	}
	snprintf(g->acc[g->nacc].site, sizeof(g->acc[g->nacc].site), "%s", s->id);
	g->acc[g->nacc].f = *f;
	g->acc[g->nacc].from = dec.from;
	g->nacc++;
	s->pending_events += b->n_events - dec.from;
	s->expect = dec.next;
	return true;
}

/*
 * A site fetching back what the centre holds (restored from a backup,
 * rebuilt with init --recover): committed events from from_seq, at most
 * PROTOCOL_FETCH_EVENTS or PROTOCOL_BATCH_BYTES, copied as stored.
 */
static void
handle_fetch(struct daemon *d, struct csite *s, const zmq_msg_t *rid, const Qp__Fetch *f)
{
	uint8_t key[EVENT_KEY_MAX], *plain = NULL;
	protocol_batch b = { 0 };
	store_txn *txn = NULL;
	store_cursor *c = NULL;
	store_val k, v;
	size_t klen, plen;
	uint64_t seq = f->from_seq;
	struct reply *r;
	int e = 0;

	if (!session_valid(s, &f->session)) {
		refuse(d, s, rid, REASON_SESSION, 0, "a fetch outside a current session");
		return;
	}
	touch(s, 0);
	if (seq <= s->prog.stored_through) {
		if ((e = store_read(d->cs->st, &txn)) != 0 ||
		    (e = store_cursor_open(txn, C_EVENTS, &c)) != 0)
			goto out;
		klen = cstore_event_key(key, s->id, seq);
		for (e = store_cursor_seek(c, key, klen, &k, &v);
		     e == 0 && seq <= s->prog.stored_through && b.count < PROTOCOL_FETCH_EVENTS &&
		     (b.count == 0 || b.len + v.len < PROTOCOL_BATCH_BYTES);
		     e = store_cursor_next(c, &k, &v), seq++) {
			klen = cstore_event_key(key, s->id, seq);
			if (k.len != klen || memcmp(k.data, key, klen) != 0)
				break;
			if ((e = protocol_batch_add(&b, seq, v.data, v.len)) != 0)
				goto out;
		}
		if (e == QP_ENOTFOUND)
			e = 0;
		if (e != 0)
			goto out;
	}
	if ((e = protocol_events_pack(&b, s->id, s->prog.stored_through, &plain, &plen)) != 0)
		goto out;
	r = add_reply(d, rid, s, R_FRAME);
	if (r == NULL) {
		e = QP_ENOMEM;
		goto out;
	}
	r->frame = plain;
	r->frame_len = plen;
	plain = NULL;
	if (b.count > 0)
		log_info("site %s: sent back seqs %llu..%llu it asked for", s->id,
		         (unsigned long long)b.first_seq, (unsigned long long)b.last_seq);
out:
	if (e != 0)
		log_warnx("site %s: cannot answer a fetch from seq %llu: %s", s->id,
		          (unsigned long long)f->from_seq, qp_strerror(e));
	free(plain);
	protocol_batch_free(&b);
	store_cursor_close(&c);
	store_txn_end(&txn);
}

static void
handle_frame(struct daemon *d, const zmq_msg_t *rid, const uint8_t *frame, size_t len)
{
	char site_id[ENVELOPE_SITE_MAX + 1];
	ingest_frame f = { 0 };
	Qp__AgentMessage *msg;
	enum protocol_reason reason;
	const char *detail;
	struct csite *s;
	uint8_t *plain = NULL;
	size_t plen = 0;
	int e;

	e = envelope_peek(frame, len, PROTOCOL_AGENT_FRAME_MAX, site_id);
	if (e == QP_ETOOBIG) {
		reject(d, NULL, REASON_OVERSIZE, "frame over the size limit");
		return;
	}
	if (e != 0) {
		reject(d, NULL, REASON_MALFORMED, "not an envelope");
		return;
	}
	s = find_site(d, site_id);
	if (s == NULL) {
		reject(d, NULL, REASON_UNKNOWN_SITE, site_id);
		return;
	}
	if (s->peer == NULL) {
		reject(d, s, REASON_REVOKED, "no usable key");
		return;
	}
	/* Opened, counted and unpacked into one arena; a batch's events are
	 * stored as the bytes that came (ingest_frame_unpack). */
	e = envelope_open(s->peer, frame, len, PROTOCOL_AGENT_FRAME_MAX, &plain, &plen);
	if (e == 0)
		e = ingest_frame_unpack(plain, plen, PROTOCOL_AGENT_FRAME_MAX, &f);
	else
		free(plain);
	if (e == QP_EBADBOX) {
		/* Not provably from the site: no answer, only a count. */
		reject(d, s, REASON_BAD_BOX, "box does not open");
		goto out;
	}
	if (e == QP_ETOOBIG) {
		refuse(d, s, rid, REASON_OVERSIZE, 0, "more submessages than a frame may hold");
		goto out;
	}
	if (e != 0) {
		refuse(d, s, rid, REASON_MALFORMED, 0, "inner message does not decode");
		goto out;
	}
	msg = f.msg;
	if (!ingest_message_check(msg, s->id, s->revoked, &reason, &detail) ||
	    (msg->kind_case == QP__AGENT_MESSAGE__KIND_HELLO &&
	     !ingest_hello_check(msg->hello, &reason, &detail)) ||
	    (msg->kind_case == QP__AGENT_MESSAGE__KIND_FETCH &&
	     !ingest_fetch_check(msg->fetch, &reason, &detail))) {
		refuse(d, s, rid, reason, 0, detail);
		goto out;
	}
	switch (msg->kind_case) {
	case QP__AGENT_MESSAGE__KIND_HELLO: handle_hello(d, s, rid, msg->hello); break;
	case QP__AGENT_MESSAGE__KIND_BATCH:
		if (handle_batch(d, s, rid, &f))
			memset(&f, 0, sizeof(f));
		break;
	case QP__AGENT_MESSAGE__KIND_FETCH: handle_fetch(d, s, rid, msg->fetch); break;
	default: refuse(d, s, rid, REASON_MALFORMED, 0, "unknown message kind"); break;
	}
out:
	ingest_frame_free(&f);
}

/* ---------------------------------------------------------------- commit */

/* Runs on the writer thread: only the group, never d. */
static int
commit_txn(store_txn *txn, void *arg)
{
	const struct group *g = arg;
	uint8_t key[EVENT_KEY_MAX];
	store_cursor *c = NULL;
	int e = 0;

	/* One cursor for the group: a batch's seqs follow each other, so each
	 * event mostly lands beside the last without a search from the root
	 * (store_cursor_put). */
	if (g->nacc > 0 && (e = store_cursor_open(txn, C_EVENTS, &c)) != 0)
		return e;
	for (size_t i = 0; i < g->nacc && e == 0; i++) {
		const struct accepted *a = &g->acc[i];
		const Qp__Batch *b = a->f.msg->batch;
		/* The bytes as they came, validated by unpacking them: no
		 * re-encoding (issue #18). */
		for (size_t j = a->from; j < b->n_events && e == 0; j++) {
			size_t klen = cstore_event_key(key, a->site, b->events[j]->seq);
			e = store_cursor_put(c, key, klen, a->f.events[j].data, a->f.events[j].len);
		}
	}
	store_cursor_close(&c);
	if (e != 0)
		return e;
	for (size_t i = 0; i < g->nprogs; i++)
		if ((e = cstore_progress_put(txn, g->progs[i].site, &g->progs[i].p)) != 0)
			return e;
	if (g->has_global && (e = cstore_progress_put(txn, PROGRESS_GLOBAL, &g->global)) != 0)
		return e;
	return 0;
}

static bool
progress_dirty(const struct daemon *d)
{
	if (d->global_dirty)
		return true;
	for (size_t i = 0; i < d->nsites; i++)
		if (d->sites[i].dirty)
			return true;
	return false;
}

/* Does the open group need a commit: batches to store, or progress whose
 * flush is due? */
static bool
open_needs_commit(const struct daemon *d)
{
	return d->open->nacc > 0 ||
	       (progress_dirty(d) && cal_now_ms() - d->last_flush_ms >= FLUSH_INTERVAL_MS);
}

static void
group_clear(struct group *g)
{
	for (size_t i = 0; i < g->nacc; i++)
		ingest_frame_free(&g->acc[i].f);
	for (size_t i = 0; i < g->nreplies; i++)
		free(g->replies[i].frame);
	g->nacc = 0;
	g->nreplies = 0;
	g->nprogs = 0;
	g->has_global = false;
	g->messages = 0;
}

/* Keeps a group's replies but its acks. */
static void
drop_acks(struct group *g)
{
	size_t k = 0;

	for (size_t i = 0; i < g->nreplies; i++)
		if (g->replies[i].kind != R_ACK)
			g->replies[k++] = g->replies[i];
	g->nreplies = k;
}

/*
 * The writer's answer on the group in flight. Stored: the sites' durable
 * progress moves and its replies go. Not stored: its acks are dropped, and
 * so is every batch the open group accepted, since it may stand on the
 * failed one (its acks too); each site expects again what is stored, and
 * the agents send the rest again.
 */
static void
group_done(struct daemon *d, int e)
{
	struct group *g = d->flight;

	d->flight = NULL;
	if (g->nacc > 0) {
		d->last_group_ms = cal_now_ms();
		d->busy_since_trim = true;
	}
	if (e == 0) {
		for (size_t i = 0; i < g->nprogs; i++) {
			struct csite *s = find_site(d, g->progs[i].site);
			if (s == NULL)
				continue;
			s->prog.stored_through = g->progs[i].p.stored_through;
			s->prog.events = g->progs[i].p.events;
		}
		d->last_flush_ms = cal_now_ms();
	} else {
		struct group *o = d->open;

		log_warnx("cannot store a group of %zu batches: %s%s", g->nacc, qp_strerror(e),
		          e == QP_EFULL ? " (raise [store] map_max)" : "");
		if (o->nacc > 0)
			log_warnx("%zu batches received while it was written are dropped with it; "
			          "the sites send them again",
			          o->nacc);
		/* Acks would lie: keep only the refusals, welcomes and fetches. */
		drop_acks(g);
		drop_acks(o);
		for (size_t i = 0; i < o->nacc; i++)
			ingest_frame_free(&o->acc[i].f);
		o->nacc = 0;
		for (size_t i = 0; i < d->nsites; i++) {
			struct csite *s = &d->sites[i];
			s->expect = s->prog.stored_through + 1;
			s->pending_events = 0;
		}
		/* Its counts were not written either: flush them again. */
		for (size_t i = 0; i < g->nprogs; i++) {
			struct csite *s = find_site(d, g->progs[i].site);
			if (s != NULL)
				s->dirty = true;
		}
		if (g->has_global)
			d->global_dirty = true;
	}
	send_replies(d, g);
	group_clear(g);
}

/*
 * Hands the open group to the writer (or, without one, commits it here),
 * with the progress records of the sites it changed, and opens the other
 * group. At most one group is in flight.
 */
static void
group_submit(struct daemon *d)
{
	struct group *g = d->open;

	for (size_t i = 0; i < d->nsites; i++) {
		struct csite *s = &d->sites[i];
		struct progress_rec *pr;
		if (!s->dirty && s->pending_events == 0)
			continue;
		if (g->nprogs == g->capprogs) {
			size_t cap = g->capprogs ? g->capprogs * 2 : 16;
			pr = realloc(g->progs, cap * sizeof(*pr));
			if (pr == NULL)
				break; /* the rest stays dirty; its events are safe */
			g->progs = pr;
			g->capprogs = cap;
		}
		pr = &g->progs[g->nprogs++];
		snprintf(pr->site, sizeof(pr->site), "%s", s->id);
		pr->p = s->prog;
		pr->p.stored_through = s->expect - 1;
		pr->p.events += s->pending_events;
		s->pending_events = 0;
		s->dirty = false;
	}
	if (d->global_dirty) {
		g->global = d->global;
		g->has_global = true;
		d->global_dirty = false;
	}
	d->flight = g;
	d->open = g == &d->groups[0] ? &d->groups[1] : &d->groups[0];
	if (d->w != NULL)
		writer_submit(d->w, commit_txn, g);
	else
		group_done(d, store_write(d->cs->st, commit_txn, g));
}

/* Waits for the group in flight, if any, and finishes it. */
static void
group_wait(struct daemon *d)
{
	if (d->flight != NULL)
		group_done(d, writer_wait(d->w));
}

/*
 * Moves the pipeline on: takes the writer's answer when it has one; with
 * no group in flight, commits the open group if it has something to store,
 * else sends its replies at once (welcomes, refusals, repeats' acks: they
 * wait for nothing, but never pass the replies of an earlier group).
 */
static void
advance(struct daemon *d)
{
	int e;

	if (d->flight != NULL && writer_poll(d->w, &e))
		group_done(d, e);
	if (d->flight != NULL)
		return;
	if (open_needs_commit(d)) {
		group_submit(d);
	} else {
		send_replies(d, d->open);
		d->open->messages = 0;
	}
}

/* ----------------------------------------------------------------- loop */

/* Receives into the open group, up to group_max messages in it. */
static int
drain(struct daemon *d)
{
	int got = 0, e;

	while (d->open->messages < d->cs->cfg.group_max) {
		zmq_msg_t rid, frame;
		int more;
		size_t moresz = sizeof(more);

		zmq_msg_init(&rid);
		if (zmq_msg_recv(&rid, d->router, ZMQ_DONTWAIT) < 0) {
			zmq_msg_close(&rid);
			break;
		}
		got++;
		d->open->messages++;
		zmq_msg_init(&frame);
		if (zmq_msg_recv(&frame, d->router, ZMQ_DONTWAIT) < 0) {
			zmq_msg_close(&frame);
			zmq_msg_close(&rid);
			continue;
		}
		zmq_getsockopt(d->router, ZMQ_RCVMORE, &more, &moresz);
		if (more) {
			/* One frame per message: anything else is not ours. Skip it all. */
			do {
				zmq_msg_t extra;
				zmq_msg_init(&extra);
				zmq_msg_recv(&extra, d->router, ZMQ_DONTWAIT);
				zmq_msg_close(&extra);
				zmq_getsockopt(d->router, ZMQ_RCVMORE, &more, &moresz);
			} while (more);
			reject(d, NULL, REASON_MALFORMED, "multipart message");
		} else {
			handle_frame(d, &rid, zmq_msg_data(&frame), zmq_msg_size(&frame));
		}
		zmq_msg_close(&frame);
		zmq_msg_close(&rid);
		/* The writer is free: the open group should go to it now. */
		if (d->flight != NULL && writer_poll(d->w, &e)) {
			group_done(d, e);
			break;
		}
	}
	return got;
}

static int
setup_socket(struct daemon *d)
{
	int one = 1, hb = (int)d->cs->cfg.heartbeat_ms, hbt = hb * 3, linger = 0;
	int64_t maxmsg = (int64_t)PROTOCOL_AGENT_FRAME_MAX;
	int hwm = 10000, handshake = HANDSHAKE_MS;
	/* Hundreds of sites connect at once after an outage of the centre:
	 * with ZeroMQ's default listen backlog (100) the kernel drops their
	 * SYNs and they come back only after TCP's retransmission delays
	 * (1, 3, 7 s). The kernel caps it at net.core.somaxconn. */
	int backlog = 4096;

	d->zctx = zmq_ctx_new();
	if (d->zctx == NULL)
		return -1;
	d->router = zmq_socket(d->zctx, ZMQ_ROUTER);
	if (d->router == NULL)
		return -1;
	/* ZeroMQ allocates a frame's announced size when its header arrives:
	 * the cap is the largest frame a site sends, so a peer that announces
	 * more is cut at once and never makes us hold more than that. A peer
	 * that connects and says nothing is dropped after the handshake
	 * timeout, so idle connections cannot pile up. */
	if (zmq_setsockopt(d->router, ZMQ_ROUTER_MANDATORY, &one, sizeof(one)) != 0 ||
	    zmq_setsockopt(d->router, ZMQ_MAXMSGSIZE, &maxmsg, sizeof(maxmsg)) != 0 ||
	    zmq_setsockopt(d->router, ZMQ_HANDSHAKE_IVL, &handshake, sizeof(handshake)) != 0 ||
	    zmq_setsockopt(d->router, ZMQ_HEARTBEAT_IVL, &hb, sizeof(hb)) != 0 ||
	    zmq_setsockopt(d->router, ZMQ_HEARTBEAT_TIMEOUT, &hbt, sizeof(hbt)) != 0 ||
	    zmq_setsockopt(d->router, ZMQ_SNDHWM, &hwm, sizeof(hwm)) != 0 ||
	    zmq_setsockopt(d->router, ZMQ_RCVHWM, &hwm, sizeof(hwm)) != 0 ||
	    zmq_setsockopt(d->router, ZMQ_BACKLOG, &backlog, sizeof(backlog)) != 0 ||
	    zmq_setsockopt(d->router, ZMQ_LINGER, &linger, sizeof(linger)) != 0)
		return -1;
	if (zmq_bind(d->router, d->cs->cfg.listen) != 0) {
		int bad = errno == EPROTONOSUPPORT || errno == EINVAL || errno == ENODEV;

		log_warnx("cannot listen on %s: %s", d->cs->cfg.listen, zmq_strerror(errno));
		/* A malformed [collector] listen is not fixed by a restart. */
		return bad ? -2 : -1;
	}
	/* Connections are counted from the socket monitor, to cap them. */
	d->conns = calloc((size_t)d->cs->cfg.max_connections + 1, sizeof(*d->conns));
	if (d->conns == NULL ||
	    zmq_socket_monitor(d->router, "inproc://qp-collector-monitor",
	                       ZMQ_EVENT_ACCEPTED | ZMQ_EVENT_DISCONNECTED | ZMQ_EVENT_CLOSED) != 0)
		return -1;
	d->monitor = zmq_socket(d->zctx, ZMQ_PAIR);
	if (d->monitor == NULL || zmq_connect(d->monitor, "inproc://qp-collector-monitor") != 0)
		return -1;
	return 0;
}

static void
conn_forget(struct daemon *d, int fd)
{
	for (size_t i = 0; i < d->nconns; i++)
		if (d->conns[i] == fd) {
			memmove(&d->conns[i], &d->conns[i + 1],
			        (d->nconns - i - 1) * sizeof(*d->conns));
			d->nconns--;
			return;
		}
}

/*
 * Keeps at most max_connections TCP connections: past it, the oldest is
 * cut (shutdown(2) only: ZeroMQ sees the end of the stream and closes its
 * descriptor itself). Idle connections that never finish the handshake
 * are dropped by ZMQ_HANDSHAKE_IVL anyway; this keeps descriptors for the
 * store and for the sites while a flood lasts. A site cut reconnects.
 */
static void
read_monitor(struct daemon *d)
{
	for (;;) {
		zmq_msg_t ev, addr;
		uint16_t event;
		int32_t value;

		zmq_msg_init(&ev);
		if (zmq_msg_recv(&ev, d->monitor, ZMQ_DONTWAIT) < 0) {
			zmq_msg_close(&ev);
			break;
		}
		if (zmq_msg_size(&ev) < 6) {
			zmq_msg_close(&ev);
			continue;
		}
		memcpy(&event, zmq_msg_data(&ev), sizeof(event));
		memcpy(&value, (uint8_t *)zmq_msg_data(&ev) + 2, sizeof(value));
		zmq_msg_close(&ev);
		zmq_msg_init(&addr);
		(void)zmq_msg_recv(&addr, d->monitor, 0);
		zmq_msg_close(&addr);
		if (event == ZMQ_EVENT_ACCEPTED) {
			conn_forget(d, value); /* a number reused after a missed close */
			if (d->nconns == (size_t)d->cs->cfg.max_connections) {
				(void)shutdown(d->conns[0], SHUT_RDWR);
				conn_forget(d, d->conns[0]);
				if (d->conns_cut++ == 0 || d->conns_cut % 1000 == 0)
					log_warnx("more than %lld connections: cutting the oldest "
					          "(%llu so far)",
					          d->cs->cfg.max_connections,
					          (unsigned long long)d->conns_cut);
			}
			d->conns[d->nconns++] = value;
		} else {
			conn_forget(d, value);
		}
	}
}

static void
daemon_free(struct daemon *d)
{
	writer_stop(&d->w);
	for (size_t i = 0; i < 2; i++) {
		group_clear(&d->groups[i]);
		free(d->groups[i].acc);
		free(d->groups[i].replies);
		free(d->groups[i].progs);
	}
	free(d->conns);
	free_sites(d->sites, d->nsites);
	codec_free((ProtobufCMessage **)&d->central);
	if (d->monitor != NULL)
		zmq_close(d->monitor);
	if (d->router != NULL)
		zmq_close(d->router);
	if (d->zctx != NULL)
		zmq_ctx_term(d->zctx);
	if (d->cs != NULL)
		wake_close(d->cs->data, d->wakefd);
	keypair_destroy(&d->kp);
	cstore_close(&d->cs);
}

int
cmd_run(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	struct daemon d = { .wakefd = -1 };
	collector_web *web = NULL;
	char *secret = NULL, err[512];
	int rc, e;

	if (argc > 1)
		return cli_usage(g, cmd, "unexpected argument '%s'", argv[1]);
	if ((rc = collector_open(g, &d.cs)) != 0)
		return rc;
	rc = EXIT_RUNTIME;
	secret = cstore_path(g->data, "collector.key");
	if (secret == NULL || keys_init() != 0)
		goto out;
	if ((e = keypair_load(secret, &d.kp)) != 0) {
		cli_key_error(g, secret, e);
		goto out;
	}
	if ((e = load_registry(&d)) != 0 || (e = load_central(&d)) != 0 ||
	    (e = load_global(&d)) != 0) {
		log_warnx("cannot read the store: %s", qp_strerror(e));
		goto out;
	}
	if (signals_install() != 0) {
		log_warn("cannot install signal handlers");
		goto out;
	}
	if (wake_bind(g->data, &d.wakefd) != 0)
		log_warn("cannot bind the wake socket; changes are seen within %d s",
		         RELOAD_INTERVAL_MS / 1000);
	if ((e = setup_socket(&d)) != 0) {
		if (e == -2)
			rc = EXIT_USAGE;
		goto out;
	}
	log_info("listening on %s, %zu sites enrolled, central version %llu", d.cs->cfg.listen,
	         d.nsites, (unsigned long long)d.central_version);
	/* A group holds its frames and their unpacking arenas (chunks up to
	 * 1 MiB) until its commit. By default glibc maps chunks that large
	 * and gives the heap's top back after every group, so each group
	 * faulted its memory in again from the kernel. Keep it while sites
	 * send; the loop gives it back once they are quiet (malloc_trim). */
	(void)mallopt(M_MMAP_THRESHOLD, 4 << 20);
	(void)mallopt(M_TRIM_THRESHOLD, 64 << 20);
	/* The central team's pages run on this thread, between two turns. */
	if ((e = collector_web_start(d.cs, g->version, &web, err, sizeof(err))) != 0) {
		log_warnx("web interface: %s", err);
		if (e == QP_ECONFIG)
			rc = EXIT_USAGE;
		goto out;
	}
	if (web != NULL)
		log_info("web interface on %s", collector_web_url(web, err, sizeof(err)));
	/* Group N is committed on the writer's thread while the loop receives
	 * and decodes group N+1. Without a thread, commits run here. */
	d.open = &d.groups[0];
	if ((e = writer_start(d.cs->st, &d.w)) != 0)
		log_warnx("no writer thread (%s): commits run on the loop", qp_strerror(e));
	notify_ready("receiving the sites' records");

	while (!signals_stop_requested()) {
		/* While a group is in flight and the open one is full, the
		 * router waits: the writer's answer comes first. */
		bool full = d.flight != NULL && d.open->messages >= d.cs->cfg.group_max;
		zmq_pollitem_t items[6] = {
			{ d.router, 0, full ? 0 : ZMQ_POLLIN, 0 },
			{ NULL, signals_fd(), ZMQ_POLLIN, 0 },
			{ d.monitor, 0, ZMQ_POLLIN, 0 },
			{ NULL, d.wakefd, ZMQ_POLLIN, 0 },
			{ NULL, web != NULL ? collector_web_fd(web) : -1, ZMQ_POLLIN, 0 },
			{ NULL, d.w != NULL ? writer_fd(d.w) : -1, ZMQ_POLLIN, 0 },
		};
		/* An fd of -1 is ignored. */
		int nitems = d.w != NULL ? 6 : web != NULL ? 5 : d.wakefd >= 0 ? 4 : 3;
		/* Idle, sleep as long as the heartbeat (ZeroMQ's I/O thread keeps
		 * the heartbeats): a timer is needed only for progress to flush,
		 * or to look for registry changes when there is no wake socket. */
		long timeout = progress_dirty(&d) ? FLUSH_INTERVAL_MS
		               : d.wakefd < 0     ? RELOAD_INTERVAL_MS
		                                  : (long)d.cs->cfg.heartbeat_ms;
		long wd = notify_watchdog_poll_ms();
		long wt = web != NULL ? collector_web_timeout_ms(web) : -1;
		int n;

		if (wd >= 0 && wd < timeout)
			timeout = wd;
		if (wt >= 0 && wt < timeout)
			timeout = wt;
		n = zmq_poll(items, nitems, timeout);
		notify_watchdog();
		if (d.flight == NULL && d.busy_since_trim &&
		    cal_now_ms() - d.last_group_ms >= TRIM_AFTER_MS) {
			/* No events for a while (hellos may still come), and no
			 * group holds its memory: give back what the groups used. */
			malloc_trim(0);
			d.busy_since_trim = false;
		}
		if (web != NULL)
			collector_web_run(web);

		if (n < 0 && errno != EINTR) {
			log_warnx("poll: %s", zmq_strerror(errno));
			break;
		}
		if (items[1].revents & ZMQ_POLLIN)
			signals_drain();
		if (signals_stop_requested())
			break;
		if (items[2].revents & ZMQ_POLLIN)
			read_monitor(&d);
		if (signals_take_reload() || (d.wakefd >= 0 && (items[3].revents & ZMQ_POLLIN))) {
			if (d.wakefd >= 0)
				wake_drain(d.wakefd);
			maybe_reload(&d, true);
		} else {
			maybe_reload(&d, false);
		}
		advance(&d);
		if (items[0].revents & ZMQ_POLLIN) {
			/* Keep receiving while messages come, into the open group;
			 * each time the writer is free, the open group goes to it. */
			while (!signals_stop_requested() && drain(&d) > 0)
				advance(&d);
		}
	}
	notify_stopping();
	log_info("stopping");
	/* What was received is committed before the end: the group in
	 * flight, then the open one with the progress. */
	group_wait(&d);
	if (d.open->nacc > 0 || progress_dirty(&d)) {
		group_submit(&d);
		group_wait(&d);
	}
	send_replies(&d, d.open);
	rc = EXIT_DONE;
out:
	collector_web_destroy(&web);
	daemon_free(&d);
	signals_close();
	free(secret);
	return rc;
}
