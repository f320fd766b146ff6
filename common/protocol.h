/*
 * protocol.h: the sync protocol's frames (docs/protocol.md).
 *
 * A frame is one ZeroMQ message holding a packed qp.Envelope whose box
 * seals an AgentMessage (site to collector) or a CollectorMessage (back).
 * This module seals and opens them, and builds batches straight from the
 * packed events of the agent's outbox without unpacking them: on the wire
 * `repeated Event events = 1` is a sequence of length-delimited fields, so
 * the stored bytes are copied as they are.
 */
#ifndef QP_PROTOCOL_H
#define QP_PROTOCOL_H

#include <stddef.h>
#include <stdint.h>

#include "envelope.h"
#include "qp_error.h"
#include "qualiparis.pb-c.h"

/* Largest frame a peer accepts; larger ones are counted as oversize. */
#define PROTOCOL_FRAME_MAX (4u << 20)
/* Largest plain batch the agent builds, well under the frame cap. */
#define PROTOCOL_BATCH_BYTES (1u << 20)
/*
 * Largest frame the collector takes from a site: a full batch (an event
 * alone is at most CODEC_EVENT_MAX, so one always fits) plus the envelope.
 * Also the collector's ZMQ_MAXMSGSIZE, so a peer cannot make it buffer more.
 */
#define PROTOCOL_AGENT_FRAME_MAX (PROTOCOL_BATCH_BYTES + (64u << 10))

/*
 * Most submessages and repeated elements in one frame from a site, counted
 * on the wire before anything is unpacked (codec_count_items): unpacking
 * allocates them one by one, and this keeps the worst frame that opens
 * far under the 50 ms the collector's loop may spend on one message. A
 * full batch of ordinary events is a few thousand; the agent builds its
 * batches within it.
 */
#define PROTOCOL_FRAME_ITEMS_MAX 16384u

/* Direction marks inside the box (AgentMessage / CollectorMessage). */
#define PROTOCOL_TO_COLLECTOR 1u
#define PROTOCOL_TO_SITE 2u
/* Session nonce of a welcome, and the hello's challenge. */
#define PROTOCOL_SESSION_BYTES 16
#define PROTOCOL_CHALLENGE_BYTES 16
/* Largest seq either side accepts (2^53 - 1: exact in every JSON reader). */
#define PROTOCOL_SEQ_MAX 9007199254740991ULL
/* Site clocks outside [2000-01-01, 2200-01-01) are refused as malformed. */
#define PROTOCOL_CLOCK_MIN_MS 946684800000LL
#define PROTOCOL_CLOCK_MAX_MS 7258118400000LL
/* Most events the collector sends back in one Events answer. */
#define PROTOCOL_FETCH_EVENTS 1000

/* Reasons the collector refuses a message; protocol_reasons holds their
 * wire names (Refuse.reason, status JSON, metrics, logs). */
enum protocol_reason {
	REASON_UNKNOWN_SITE, REASON_REVOKED, REASON_BAD_BOX, REASON_SITE_MISMATCH,
	REASON_MALFORMED, REASON_OVERSIZE, REASON_GAP, REASON_BEHIND,
	REASON_CONFLICT, /* a repeat whose bytes differ */
	REASON_SESSION,  /* no session, or an earlier one: a replay */
	REASON_COUNT
};
extern const char *const protocol_reasons[REASON_COUNT];
/* The reason of a wire name read back (the store, a Refuse), or -1. */
int protocol_reason_find(const char *wire);

/* Packs msg and seals it for the peer. *frame is malloc'd, caller owns. */
int protocol_seal(const envelope_peer *peer, const char *site,
                  const ProtobufCMessage *msg, uint8_t **frame,
                  size_t *len) QP_MUST_CHECK;

/*
 * Seals an already packed message (as protocol_batch_pack makes). */
int protocol_seal_packed(const envelope_peer *peer, const char *site,
                         const uint8_t *plain, size_t plen, uint8_t **frame,
                         size_t *len) QP_MUST_CHECK;

/*
 * Opens a frame and unpacks the message of descriptor `desc`:
 * QP_ETOOBIG over `cap` (PROTOCOL_FRAME_MAX for protocol_open), QP_EDECODE for a bad envelope or
 * inner message, QP_EBADBOX when the box does not open.
 */
int protocol_open(const envelope_peer *peer, const uint8_t *frame, size_t len,
                  const ProtobufCMessageDescriptor *desc,
                  ProtobufCMessage **out) QP_MUST_CHECK;
/* The same with a byte cap and PROTOCOL_FRAME_ITEMS_MAX (QP_ETOOBIG past
 * either): how the collector opens a site's frame. */
int protocol_open_capped(const envelope_peer *peer, const uint8_t *frame,
                         size_t len, size_t cap,
                         const ProtobufCMessageDescriptor *desc,
                         ProtobufCMessage **out) QP_MUST_CHECK;

/*
 * A growing buffer holding a packed AgentMessage{site, batch{events...,
 * clock_ms}} built from packed events.
 */
typedef struct protocol_batch {
	uint8_t *buf;             /* the block: room for the heads, then events */
	uint8_t *events;          /* the repeated field, as it will be sent */
	size_t len, cap;          /* of events */
	unsigned count;
	uint64_t first_seq, last_seq;
} protocol_batch;

void protocol_batch_reset(protocol_batch *b);
/* Appends one packed Event of seq `seq`. */
int protocol_batch_add(protocol_batch *b, uint64_t seq, const void *event,
                       size_t len) QP_MUST_CHECK;
/*
 * The packed AgentMessage{site, direction, batch{events..., clock_ms,
 * session}}; `session` is PROTOCOL_SESSION_BYTES long (or NULL for none).
 * *out malloc'd, caller owns.
 */
int protocol_batch_pack(const protocol_batch *b, const char *site,
                        int64_t clock_ms, const uint8_t *session,
                        uint8_t **out, size_t *len) QP_MUST_CHECK;
/*
 * Seals the batch as protocol_batch_pack then protocol_seal_packed would,
 * without copying it: the message's head and the envelope's are written in
 * the room kept before the events and the box is encrypted in place.
 * *frame points into the batch's buffer, valid until the next
 * protocol_batch_add, _seal or _free; the batch must be reset before it is
 * added to again.
 */
int protocol_batch_seal(protocol_batch *b, const envelope_peer *peer, const char *site,
                        int64_t clock_ms, const uint8_t *session, const uint8_t **frame,
                        size_t *len) QP_MUST_CHECK;
/*
 * The packed CollectorMessage{site, direction, events{events...,
 * stored_through}} answering a Fetch, from packed stored events.
 */
int protocol_events_pack(const protocol_batch *b, const char *site,
                         uint64_t stored_through, uint8_t **out,
                         size_t *len) QP_MUST_CHECK;

/* int64 a - b, saturated at INT64_MIN / INT64_MAX instead of overflowing. */
int64_t protocol_sat_sub(int64_t a, int64_t b);
void protocol_batch_free(protocol_batch *b);

#endif
