#include "protocol.h"

#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "wire.h"


const char *const protocol_reasons[REASON_COUNT] = {
	[REASON_UNKNOWN_SITE] = "unknown-site",
	[REASON_REVOKED] = "revoked",
	[REASON_BAD_BOX] = "bad-box",
	[REASON_SITE_MISMATCH] = "site-mismatch",
	[REASON_MALFORMED] = "malformed",
	[REASON_OVERSIZE] = "oversize",
	[REASON_GAP] = "gap",
	[REASON_BEHIND] = "behind",
	[REASON_CONFLICT] = "conflict",
	[REASON_SESSION] = "session",
};

int
protocol_reason_find(const char *wire)
{
	for (int r = 0; r < REASON_COUNT; r++)
		if (wire != NULL && strcmp(protocol_reasons[r], wire) == 0)
			return r;
	return -1;
}

int
protocol_seal_packed(const envelope_peer *peer, const char *site,
                     const uint8_t *plain, size_t plen, uint8_t **frame,
                     size_t *len)
{
	return envelope_seal(peer, site, plain, plen, frame, len);
}

int
protocol_seal(const envelope_peer *peer, const char *site,
              const ProtobufCMessage *msg, uint8_t **frame, size_t *len)
{
	uint8_t *plain = NULL;
	size_t plen;
	int e;

	*frame = NULL;
	if ((e = codec_pack(msg, &plain, &plen)) != 0)
		return e;
	e = envelope_seal(peer, site, plain, plen, frame, len);
	free(plain);
	return e;
}

int
protocol_open_capped(const envelope_peer *peer, const uint8_t *frame, size_t len,
                     size_t cap, const ProtobufCMessageDescriptor *desc,
                     ProtobufCMessage **out)
{
	uint8_t *plain = NULL;
	size_t plen;
	int e;

	*out = NULL;
	e = envelope_open(peer, frame, len, cap, &plain, &plen);
	if (e != 0)
		return e;
	e = codec_count_items(desc, plain, plen, PROTOCOL_FRAME_ITEMS_MAX, NULL);
	if (e == 0)
		e = codec_unpack(desc, plain, plen, cap, out);
	free(plain);
	return e;
}

int
protocol_open(const envelope_peer *peer, const uint8_t *frame, size_t len,
              const ProtobufCMessageDescriptor *desc, ProtobufCMessage **out)
{
	uint8_t *plain = NULL;
	size_t plen;
	int e;

	*out = NULL;
	e = envelope_open(peer, frame, len, PROTOCOL_FRAME_MAX, &plain, &plen);
	if (e != 0)
		return e;
	e = codec_unpack(desc, plain, plen, PROTOCOL_FRAME_MAX, out);
	free(plain);
	return e;
}

int64_t
protocol_sat_sub(int64_t a, int64_t b)
{
	int64_t r;

	if (__builtin_sub_overflow(a, b, &r))
		return b < 0 ? INT64_MAX : INT64_MIN;
	return r;
}

/*
 * Room kept before the events for protocol_batch_seal: the message's head
 * (site, direction, the batch's tag and length) and the envelope's.
 */
#define MSG_HEAD_MAX (1 + 10 + ENVELOPE_SITE_MAX + 2 + 1 + 10)

static size_t
batch_room(void)
{
	return MSG_HEAD_MAX + envelope_head_max();
}

static int
reserve(protocol_batch *b, size_t more)
{
	size_t cap, room = batch_room();
	uint8_t *p;

	if (b->len + more <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 4096;
	while (cap < b->len + more)
		cap *= 2;
	p = realloc(b->buf, room + cap);
	if (p == NULL)
		return QP_ENOMEM;
	b->buf = p;
	b->events = p + room;
	b->cap = cap;
	return 0;
}

void
protocol_batch_reset(protocol_batch *b)
{
	b->len = 0;
	b->count = 0;
	b->first_seq = b->last_seq = 0;
}

/* Field 1 of Batch, wire type 2 (length-delimited): tag byte 0x0a. */
int
protocol_batch_add(protocol_batch *b, uint64_t seq, const void *event, size_t len)
{
	int e;

	if ((e = reserve(b, len + 11)) != 0)
		return e;
	b->events[b->len++] = 0x0a;
	b->len += wire_varint_put(b->events + b->len, len);
	memcpy(b->events + b->len, event, len);
	b->len += len;
	if (b->count == 0)
		b->first_seq = seq;
	b->last_seq = seq;
	b->count++;
	return 0;
}

/*
 * site (field 1), direction (2), then the sub-message at `field` holding the
 * repeated events (its field 1) and `tail` (its later fields, packed).
 */
static int
wrap_events(const protocol_batch *b, const char *site, unsigned direction,
            unsigned field, const uint8_t *tail, size_t tlen, uint8_t **out,
            size_t *len)
{
	size_t sl = strlen(site), blen = b->len + tlen, n = 0;
	uint8_t *p;

	*out = NULL;
	p = malloc(1 + 10 + sl + 2 + 1 + 10 + blen);
	if (p == NULL)
		return QP_ENOMEM;
	p[n++] = 0x0a;
	n += wire_varint_put(p + n, sl);
	memcpy(p + n, site, sl);
	n += sl;
	p[n++] = 0x10;                    /* direction = 2, varint */
	n += wire_varint_put(p + n, direction);
	p[n++] = (uint8_t)(field << 3 | 2);
	n += wire_varint_put(p + n, blen);
	if (b->len > 0)
		memcpy(p + n, b->events, b->len);
	n += b->len;
	memcpy(p + n, tail, tlen);
	n += tlen;
	*out = p;
	*len = n;
	return 0;
}

int
protocol_batch_pack(const protocol_batch *b, const char *site, int64_t clock_ms,
                    const uint8_t *session, uint8_t **out, size_t *len)
{
	uint8_t tail[11 + 2 + PROTOCOL_SESSION_BYTES];
	size_t tlen = 0;

	/* Batch.clock_ms = 2, varint (int64 as two's complement). */
	tail[tlen++] = 0x10;
	tlen += wire_varint_put(tail + tlen, (uint64_t)clock_ms);
	if (session != NULL) {
		/* Batch.session = 3, bytes. */
		tail[tlen++] = 0x1a;
		tail[tlen++] = PROTOCOL_SESSION_BYTES;
		memcpy(tail + tlen, session, PROTOCOL_SESSION_BYTES);
		tlen += PROTOCOL_SESSION_BYTES;
	}
	/* AgentMessage.batch = 11. */
	return wrap_events(b, site, PROTOCOL_TO_COLLECTOR, 11, tail, tlen, out, len);
}

int
protocol_batch_seal(protocol_batch *b, const envelope_peer *peer, const char *site,
                    int64_t clock_ms, const uint8_t *session, const uint8_t **frame, size_t *len)
{
	size_t sl, blen, hl, tlen = 0;
	uint8_t *tail, *p, *f;
	int e;

	if (b == NULL || site == NULL || frame == NULL || len == NULL)
		return QP_EINVAL;
	sl = strlen(site);
	if (sl > ENVELOPE_SITE_MAX)
		return QP_EINVAL;
	if ((e = reserve(b, 11 + 2 + PROTOCOL_SESSION_BYTES)) != 0)
		return e;
	/* The batch's later fields after the events, as protocol_batch_pack. */
	tail = b->events + b->len;
	tail[tlen++] = 0x10; /* Batch.clock_ms = 2 */
	tlen += wire_varint_put(tail + tlen, (uint64_t)clock_ms);
	if (session != NULL) {
		tail[tlen++] = 0x1a; /* Batch.session = 3 */
		tail[tlen++] = PROTOCOL_SESSION_BYTES;
		memcpy(tail + tlen, session, PROTOCOL_SESSION_BYTES);
		tlen += PROTOCOL_SESSION_BYTES;
	}
	/* The AgentMessage's head just before the events. */
	blen = b->len + tlen;
	hl = 1 + wire_varint_len(sl) + sl + 2 + 1 + wire_varint_len(blen);
	p = b->events - hl;
	*p++ = 0x0a; /* site = 1 */
	p += wire_varint_put(p, sl);
	memcpy(p, site, sl);
	p += sl;
	*p++ = 0x10; /* direction = 2 */
	*p++ = PROTOCOL_TO_COLLECTOR;
	*p++ = (uint8_t)(11 << 3 | 2); /* batch = 11 */
	p += wire_varint_put(p, blen);
	p = b->events - hl;
	if ((e = envelope_seal_in_place(peer, site, p, hl + blen, (size_t)(p - b->buf), &f, len)) !=
	    0)
		return e;
	*frame = f;
	return 0;
}

int
protocol_events_pack(const protocol_batch *b, const char *site,
                     uint64_t stored_through, uint8_t **out, size_t *len)
{
	uint8_t tail[11];
	size_t tlen = 0;

	/* Events.stored_through = 2, varint. */
	tail[tlen++] = 0x10;
	tlen += wire_varint_put(tail + tlen, stored_through);
	/* CollectorMessage.events = 14. */
	return wrap_events(b, site, PROTOCOL_TO_SITE, 14, tail, tlen, out, len);
}

void
protocol_batch_free(protocol_batch *b)
{
	free(b->buf);
	memset(b, 0, sizeof(*b));
}
