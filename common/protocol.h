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

/* Reasons the collector refuses a message; protocol_reasons holds their
 * wire names (Refuse.reason, status JSON, metrics, logs). */
enum protocol_reason {
	REASON_UNKNOWN_SITE, REASON_REVOKED, REASON_BAD_BOX, REASON_SITE_MISMATCH,
	REASON_MALFORMED, REASON_OVERSIZE, REASON_GAP, REASON_BEHIND,
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
 * QP_ETOOBIG over PROTOCOL_FRAME_MAX, QP_EDECODE for a bad envelope or
 * inner message, QP_EBADBOX when the box does not open.
 */
int protocol_open(const envelope_peer *peer, const uint8_t *frame, size_t len,
                  const ProtobufCMessageDescriptor *desc,
                  ProtobufCMessage **out) QP_MUST_CHECK;

/*
 * A growing buffer holding a packed AgentMessage{site, batch{events...,
 * clock_ms}} built from packed events.
 */
typedef struct protocol_batch {
	uint8_t *events;          /* the repeated field, as it will be sent */
	size_t len, cap;
	unsigned count;
	uint64_t first_seq, last_seq;
} protocol_batch;

void protocol_batch_reset(protocol_batch *b);
/* Appends one packed Event of seq `seq`. */
int protocol_batch_add(protocol_batch *b, uint64_t seq, const void *event,
                       size_t len) QP_MUST_CHECK;
/* The packed AgentMessage; *out malloc'd, caller owns. */
int protocol_batch_pack(const protocol_batch *b, const char *site,
                        int64_t clock_ms, uint8_t **out, size_t *len) QP_MUST_CHECK;
void protocol_batch_free(protocol_batch *b);

#endif
