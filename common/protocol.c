#include "protocol.h"

#include <stdlib.h>
#include <string.h>

#include "codec.h"


const char *const protocol_reasons[REASON_COUNT] = {
	[REASON_UNKNOWN_SITE] = "unknown-site",
	[REASON_REVOKED] = "revoked",
	[REASON_BAD_BOX] = "bad-box",
	[REASON_SITE_MISMATCH] = "site-mismatch",
	[REASON_MALFORMED] = "malformed",
	[REASON_OVERSIZE] = "oversize",
	[REASON_GAP] = "gap",
	[REASON_BEHIND] = "behind",
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

static size_t
varint_put(uint8_t *p, uint64_t v)
{
	size_t n = 0;

	while (v >= 0x80) {
		p[n++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (uint8_t)v;
	return n;
}

static int
reserve(protocol_batch *b, size_t more)
{
	size_t cap;
	uint8_t *p;

	if (b->len + more <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 4096;
	while (cap < b->len + more)
		cap *= 2;
	p = realloc(b->events, cap);
	if (p == NULL)
		return QP_ENOMEM;
	b->events = p;
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
	b->len += varint_put(b->events + b->len, len);
	memcpy(b->events + b->len, event, len);
	b->len += len;
	if (b->count == 0)
		b->first_seq = seq;
	b->last_seq = seq;
	b->count++;
	return 0;
}

int
protocol_batch_pack(const protocol_batch *b, const char *site, int64_t clock_ms,
                    uint8_t **out, size_t *len)
{
	size_t sl = strlen(site), blen, n = 0;
	uint8_t clock[11], *p;
	size_t clen;

	*out = NULL;
	/* Batch.clock_ms = 2, varint (int64 as two's complement). */
	clock[0] = 0x10;
	clen = 1 + varint_put(clock + 1, (uint64_t)clock_ms);
	blen = b->len + clen;
	p = malloc(1 + 10 + sl + 1 + 10 + blen);
	if (p == NULL)
		return QP_ENOMEM;
	/* AgentMessage.site = 1 (0x0a), AgentMessage.batch = 11 (0x5a). */
	p[n++] = 0x0a;
	n += varint_put(p + n, sl);
	memcpy(p + n, site, sl);
	n += sl;
	p[n++] = 0x5a;
	n += varint_put(p + n, blen);
	if (b->len > 0)
		memcpy(p + n, b->events, b->len);
	n += b->len;
	memcpy(p + n, clock, clen);
	n += clen;
	*out = p;
	*len = n;
	return 0;
}

void
protocol_batch_free(protocol_batch *b)
{
	free(b->events);
	memset(b, 0, sizeof(*b));
}
