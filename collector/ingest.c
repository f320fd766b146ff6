#include "ingest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "domain.h"
#include "protocol.h"

bool
ingest_message_check(const Qp__AgentMessage *msg, const char *site, bool revoked,
                     enum protocol_reason *reason, const char **detail)
{
	if (revoked) {
		*detail = "site revoked";
		*reason = REASON_REVOKED;
		return false;
	}
	if (strcmp(msg->site, site) != 0) {
		*detail = "inner site differs from the envelope's";
		*reason = REASON_SITE_MISMATCH;
		return false;
	}
	if (msg->direction != PROTOCOL_TO_COLLECTOR) {
		*detail = "not marked as a message to the collector (a reflected frame?)";
		*reason = REASON_MALFORMED;
		return false;
	}
	return true;
}

static bool
clock_ok(int64_t ms)
{
	return ms == 0 || (ms >= PROTOCOL_CLOCK_MIN_MS && ms < PROTOCOL_CLOCK_MAX_MS);
}

bool
ingest_hello_check(const Qp__Hello *h, enum protocol_reason *reason, const char **detail)
{
	size_t i;

	if (h->next_seq == 0 || h->next_seq > PROTOCOL_SEQ_MAX) {
		*detail = "hello: next_seq out of range";
		*reason = REASON_MALFORMED;
		return false;
	}
	if (!clock_ok(h->clock_ms)) {
		*detail = "hello: clock out of range";
		*reason = REASON_MALFORMED;
		return false;
	}
	for (i = 0; h->agent_version[i] != '\0'; i++)
		if (i == 64 || h->agent_version[i] < ' ' || h->agent_version[i] > '~') {
			*detail = "hello: agent_version too long or not printable";
			*reason = REASON_MALFORMED;
			return false;
		}
	if (h->session.len != 0 && h->session.len != PROTOCOL_SESSION_BYTES) {
		*detail = "hello: session of a wrong size";
		*reason = REASON_MALFORMED;
		return false;
	}
	if (h->challenge.len > PROTOCOL_CHALLENGE_BYTES) {
		*detail = "hello: challenge too long";
		*reason = REASON_MALFORMED;
		return false;
	}
	return true;
}

bool
ingest_fetch_check(const Qp__Fetch *f, enum protocol_reason *reason, const char **detail)
{
	if (f->from_seq == 0 || f->from_seq > PROTOCOL_SEQ_MAX) {
		*detail = "fetch: from_seq out of range";
		*reason = REASON_MALFORMED;
		return false;
	}
	return true;
}

int64_t
ingest_clock_offset(int64_t site_clock_ms, int64_t now_ms)
{
	if (site_clock_ms == 0)
		return 0;
	return protocol_sat_sub(site_clock_ms, now_ms);
}

bool
ingest_hello_behind(const Qp__Hello *h, uint64_t stored_through)
{
	return h->next_seq == 0 || h->next_seq - 1 < stored_through;
}

static void
refuse(ingest_decision *out, enum protocol_reason reason, uint64_t expected, const char *detail)
{
	out->verdict = INGEST_REFUSE;
	out->reason = reason;
	out->expected = expected;
	if (detail != NULL)
		snprintf(out->detail, sizeof(out->detail), "%s", detail);
}

void
ingest_batch_decide(const Qp__Batch *b, const char *site, uint64_t expect, ingest_decision *out)
{
	ingest_batch_decide_raw(b, NULL, site, expect, out);
}

void
ingest_batch_decide_raw(const Qp__Batch *b, const codec_span *raw, const char *site,
                        uint64_t expect, ingest_decision *out)
{
	uint64_t first, last;

	memset(out, 0, sizeof(*out));
	if (b->n_events == 0) {
		refuse(out, REASON_MALFORMED, 0, "empty batch");
		return;
	}
	if (!clock_ok(b->clock_ms)) {
		refuse(out, REASON_MALFORMED, 0, "batch: clock out of range");
		return;
	}
	if (b->session.len != 0 && b->session.len != PROTOCOL_SESSION_BYTES) {
		refuse(out, REASON_MALFORMED, 0, "batch: session of a wrong size");
		return;
	}
	for (size_t i = 0; i < b->n_events; i++) {
		const Qp__Event *ev = b->events[i];

		if (strcmp(ev->site, site) != 0) {
			refuse(out, REASON_SITE_MISMATCH, 0, "an event of another site");
			return;
		}
		if (ev->seq == 0 || ev->seq > PROTOCOL_SEQ_MAX) {
			refuse(out, REASON_MALFORMED, 0, "seq out of range");
			return;
		}
		if (i > 0 && ev->seq != b->events[i - 1]->seq + 1) {
			refuse(out, REASON_GAP, expect, "seqs not contiguous in a batch");
			return;
		}
		/* What the read path (codec_event_unpack) takes, the accept path
		 * takes: no stored event can make a report fail. */
		if ((raw != NULL ? raw[i].len : qp__event__get_packed_size(ev)) > CODEC_EVENT_MAX) {
			refuse(out, REASON_MALFORMED, 0, "an event over the size limit");
			return;
		}
		if (domain_event_valid(ev, out->detail, sizeof(out->detail)) != 0) {
			refuse(out, REASON_MALFORMED, 0, NULL);
			return;
		}
	}
	first = b->events[0]->seq;
	last = b->events[b->n_events - 1]->seq;
	if (first > expect) {
		refuse(out, REASON_GAP, expect, "a batch after a gap");
		return;
	}
	if (last < expect) {
		out->verdict = INGEST_REPEAT;
		return;
	}
	/* Contiguous and first <= expect <= last: the index is in range. */
	out->verdict = INGEST_ACCEPT;
	out->from = (size_t)(expect - first);
	out->next = last + 1;
}

/* AgentMessage.batch and Batch.events (proto/qualiparis.proto). */
#define FIELD_AGENT_BATCH 11
#define FIELD_BATCH_EVENTS 1

int
ingest_frame_unpack(uint8_t *plain, size_t plen, size_t cap, ingest_frame *f)
{
	codec_span batch;
	size_t n;
	int e;

	memset(f, 0, sizeof(*f));
	f->plain = plain;
	f->plain_len = plen;
	if ((e = codec_arena_new(&f->arena)) != 0 ||
	    (e = codec_unpack_counted(&qp__agent_message__descriptor, plain, plen, cap,
	                              PROTOCOL_FRAME_ITEMS_MAX, f->arena,
	                              (ProtobufCMessage **)&f->msg)) != 0)
		return e;
	if (f->msg->kind_case != QP__AGENT_MESSAGE__KIND_BATCH)
		return 0;
	/* One batch field (protobuf would merge several: not what agents send),
	 * and exactly as many event fields in it as events were unpacked: the
	 * i-th is the bytes events[i] came from. */
	if ((e = codec_field_spans(plain, plen, FIELD_AGENT_BATCH, &batch, 1, &n)) != 0)
		return e;
	if (n != 1)
		return QP_EDECODE;
	n = f->msg->batch->n_events;
	f->events = codec_arena_alloc(f->arena, (n ? n : 1) * sizeof(codec_span));
	if (f->events == NULL)
		return QP_ENOMEM;
	if ((e = codec_field_spans(batch.data, batch.len, FIELD_BATCH_EVENTS, f->events, n, &n)) !=
	    0)
		return e;
	if (n != f->msg->batch->n_events)
		return QP_EDECODE;
	return 0;
}

void
ingest_frame_free(ingest_frame *f)
{
	codec_arena_free(&f->arena);
	free(f->plain);
	memset(f, 0, sizeof(*f));
}
