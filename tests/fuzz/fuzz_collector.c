/*
 * fuzz_collector: the collector's handling of a frame after the network,
 * as collector/daemon.c does it (handle_frame, handle_hello, handle_batch),
 * with an in-memory registry instead of the store and no sockets.
 *
 * Input: one byte that picks the sending site and the collector's state for
 * it, then the plaintext of an AgentMessage. The plaintext is sealed as that
 * site, so every input goes the whole way: envelope_peek, the registry,
 * envelope_open and ingest_frame_unpack (one arena, the events' bytes as
 * they came), ingest_message_check, then ingest_hello_check and
 * ingest_hello_behind, ingest_fetch_check, or ingest_batch_decide_raw.
 *
 * Checks beyond the sanitizers, the exactly-once rules of docs/protocol.md:
 * a batch is accepted only if it is the site's, contiguous and valid, and
 * starts at or below the seq expected; an accepted batch stores exactly the
 * events from the one expected to its last, and sent again it is a repeat;
 * what is stored (the bytes as they came) unpacks and validates again, and
 * each event's bytes are those it was unpacked from.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "domain.h"
#include "fuzz.h"
#include "ingest.h"
#include "protocol.h"

/* A collector clock for the offsets (2026-06-01). */
#define FUZZ_NOW_MS 1780272000000LL

/* What the daemon keeps per enrolled site (struct csite). */
struct fsite {
	const char *id;
	bool revoked;
	envelope_peer *open; /* collector's side */
	envelope_peer *seal; /* the site's side */
	uint64_t stored_through;
	uint64_t expect;
};

static struct fsite sites[2];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	keypair *collector = fuzz_keypair(FUZZ_COLLECTOR_SECRET);
	keypair *site = fuzz_keypair(FUZZ_SITE_SECRET);
	keypair *other = fuzz_keypair(FUZZ_OTHER_SECRET);

	(void)argc;
	(void)argv;
	sites[0] = (struct fsite){
		FUZZ_SITE, false, fuzz_peer(collector, site), fuzz_peer(site, collector), 0, 1
	};
	sites[1] = (struct fsite){ FUZZ_REVOKED_SITE,           true, fuzz_peer(collector, other),
		                   fuzz_peer(other, collector), 0,    1 };
	keypair_destroy(&collector);
	keypair_destroy(&site);
	keypair_destroy(&other);
	return 0;
}

static bool
printable(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s < ' ' || *s > '~')
			return false;
	return true;
}

static struct fsite *
find_site(const char *id)
{
	for (size_t i = 0; i < sizeof(sites) / sizeof(sites[0]); i++)
		if (strcmp(sites[i].id, id) == 0)
			return &sites[i];
	return NULL;
}

static bool
is_batch_reason(enum protocol_reason r)
{
	return r == REASON_MALFORMED || r == REASON_GAP || r == REASON_SITE_MISMATCH;
}

/* What commit_txn writes (the bytes as they came) reads back valid. */
static void
check_stored(const Qp__Event *ev, const codec_span *raw)
{
	Qp__Event *back = NULL;

	if (raw->len > CODEC_EVENT_MAX || codec_event_unpack(raw->data, raw->len, &back) != 0 ||
	    back->seq != ev->seq || domain_event_valid(back, NULL, 0) != 0)
		abort();
	codec_event_free(&back);
}

/* raw is the bytes ev was unpacked from: both pack the same. */
static void
check_span(const Qp__Event *ev, const codec_span *raw)
{
	Qp__Event *back = NULL;
	uint8_t *a = NULL, *b = NULL;
	size_t la, lb;

	if (codec_event_unpack(raw->data, raw->len, &back) != 0 ||
	    codec_pack(&back->base, &a, &la) != 0 || codec_pack(&ev->base, &b, &lb) != 0 ||
	    la != lb || memcmp(a, b, la) != 0)
		abort();
	codec_event_free(&back);
	free(a);
	free(b);
}

static void
check_batch(const struct fsite *s, const Qp__Batch *b, const codec_span *raw)
{
	ingest_decision dec, again;
	uint64_t first, last;

	for (size_t i = 0; i < b->n_events; i++)
		if (raw[i].len <= CODEC_EVENT_MAX)
			check_span(b->events[i], &raw[i]);
	ingest_batch_decide_raw(b, raw, s->id, s->expect, &dec);
	if (dec.verdict == INGEST_REFUSE) {
		if (!is_batch_reason(dec.reason) || dec.detail[0] == '\0')
			abort();
		if (dec.reason == REASON_GAP && dec.expected != s->expect)
			abort();
		return;
	}

	/* Acknowledged: the site's own events, contiguous and valid. */
	if (b->n_events == 0)
		abort();
	for (size_t i = 0; i < b->n_events; i++) {
		if (strcmp(b->events[i]->site, s->id) != 0 ||
		    domain_event_valid(b->events[i], NULL, 0) != 0 ||
		    b->events[i]->seq > PROTOCOL_SEQ_MAX || raw[i].len > CODEC_EVENT_MAX ||
		    (i > 0 && b->events[i]->seq != b->events[i - 1]->seq + 1))
			abort();
	}
	first = b->events[0]->seq;
	last = b->events[b->n_events - 1]->seq;
	if (first > s->expect)
		abort();
	if (dec.verdict == INGEST_REPEAT) {
		if (last >= s->expect)
			abort();
		return;
	}
	if (dec.verdict != INGEST_ACCEPT || dec.from >= b->n_events ||
	    b->events[dec.from]->seq != s->expect || dec.next != last + 1)
		abort();
	for (size_t i = dec.from; i < b->n_events; i++)
		check_stored(b->events[i], &raw[i]);

	/* Stored: the same batch again is a repeat, never stored twice. A last
	 * seq of UINT64_MAX leaves no next seq; 2^64 events are not reached. */
	if (dec.next == 0)
		return;
	ingest_batch_decide_raw(b, raw, s->id, dec.next, &again);
	if (again.verdict != INGEST_REPEAT)
		abort();
}

/*
 * The collector's state for the site, from the selector's high bits: fresh,
 * holding 41 events, or expecting the batch's first seq or the one after.
 */
static void
set_state(struct fsite *s, unsigned mode, const Qp__AgentMessage *msg)
{
	uint64_t first = 0;

	if (msg->kind_case == QP__AGENT_MESSAGE__KIND_BATCH && msg->batch->n_events > 0)
		first = msg->batch->events[0]->seq;
	switch (mode) {
	case 0: s->stored_through = 0; break;
	case 1: s->stored_through = 41; break;
	case 2: s->stored_through = first > 0 ? first - 1 : 0; break;
	default: s->stored_through = first; break;
	}
	s->expect = s->stored_through + 1;
}

/*
 * codec_unpack_counted (ingest_frame_unpack's) checks field numbers on the
 * count's walk over the bytes instead of walking the unpacked message
 * again: it must answer exactly as codec_count_items then codec_unpack
 * (protobuf-c with its own allocator, then field_numbers_valid) do.
 */
static void
same_as_count_then_unpack(const uint8_t *plain, size_t plen)
{
	const ProtobufCMessageDescriptor *d = &qp__agent_message__descriptor;
	ProtobufCMessage *m = NULL, *n = NULL;
	codec_arena *a = NULL;
	int old, got;

	old = codec_count_items(d, plain, plen, PROTOCOL_FRAME_ITEMS_MAX, NULL);
	if (old == 0)
		old = codec_unpack(d, plain, plen, PROTOCOL_FRAME_MAX, &m);
	if (codec_arena_new(&a) != 0)
		abort();
	got = codec_unpack_counted(d, plain, plen, PROTOCOL_FRAME_MAX, PROTOCOL_FRAME_ITEMS_MAX, a,
	                           &n);
	if (got != old || (got == 0) != (n != NULL))
		abort();
	codec_free(&m);
	codec_arena_free(&a);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char site_id[ENVELOPE_SITE_MAX + 1];
	Qp__AgentMessage *msg = NULL;
	ingest_frame f = { 0 };
	uint8_t *plain = NULL;
	size_t plen;
	enum protocol_reason reason;
	const char *detail = NULL;
	uint8_t *frame = NULL;
	struct fsite *sender, *s;
	size_t len;
	int e;

	if (size < 1)
		return 0;
	sender = &sites[data[0] & 1];
	if (envelope_seal(sender->seal, sender->id, data + 1, size - 1, &frame, &len) != 0)
		abort();

	/* handle_frame */
	if (envelope_peek(frame, len, PROTOCOL_FRAME_MAX, site_id) != 0)
		abort();
	if ((s = find_site(site_id)) != sender)
		abort();
	if (envelope_open(s->open, frame, len, PROTOCOL_FRAME_MAX, &plain, &plen) != 0)
		abort(); /* the site's own box must open */
	free(frame);
	same_as_count_then_unpack(plain, plen);
	e = ingest_frame_unpack(plain, plen, PROTOCOL_FRAME_MAX, &f);
	if (e == QP_EDECODE || e == QP_ETOOBIG) {
		ingest_frame_free(&f);
		return 0; /* refused as malformed or oversize */
	}
	if (e != 0)
		abort();
	msg = f.msg;

	if (!ingest_message_check(msg, s->id, s->revoked, &reason, &detail)) {
		bool mismatch = strcmp(msg->site, s->id) != 0;

		if ((reason == REASON_REVOKED) != s->revoked ||
		    (reason == REASON_SITE_MISMATCH) != (mismatch && !s->revoked) || detail == NULL)
			abort();
		goto out;
	}
	if (s->revoked || strcmp(msg->site, s->id) != 0)
		abort();

	set_state(s, (data[0] >> 1) & 3, msg);
	switch (msg->kind_case) {
	case QP__AGENT_MESSAGE__KIND_HELLO: {
		const Qp__Hello *h = msg->hello;
		bool behind;
		int64_t off;
		/* Range checks on every field, before any arithmetic on them. */
		if (!ingest_hello_check(h, &reason, &detail)) {
			if (h->next_seq != 0 && h->next_seq <= PROTOCOL_SEQ_MAX &&
			    (h->clock_ms == 0 || (h->clock_ms >= PROTOCOL_CLOCK_MIN_MS &&
			                          h->clock_ms < PROTOCOL_CLOCK_MAX_MS)) &&
			    strlen(h->agent_version) <= 64 &&
			    (h->session.len == 0 || h->session.len == PROTOCOL_SESSION_BYTES) &&
			    h->challenge.len <= PROTOCOL_CHALLENGE_BYTES &&
			    printable(h->agent_version))
				abort(); /* refused although every field is in range */
			break;
		}
		/* Saturating: UBSan would stop here on an overflow. */
		off = ingest_clock_offset(h->clock_ms, FUZZ_NOW_MS);
		(void)off;
		behind = ingest_hello_behind(h, s->stored_through);
		/* Welcome only a site whose next seq follows what is stored. */
		if (behind != (msg->hello->next_seq <= s->stored_through))
			abort();
		break;
	}
	case QP__AGENT_MESSAGE__KIND_BATCH: check_batch(s, msg->batch, f.events); break;
	case QP__AGENT_MESSAGE__KIND_FETCH:
		if (ingest_fetch_check(msg->fetch, &reason, &detail) !=
		    (msg->fetch->from_seq >= 1 && msg->fetch->from_seq <= PROTOCOL_SEQ_MAX))
			abort();
		break;
	default: break; /* refused as malformed */
	}
out:
	ingest_frame_free(&f);
	return 0;
}
