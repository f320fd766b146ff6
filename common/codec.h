/*
 * codec.h: protobuf-c encoding of the schema's messages with size caps, and
 * the JSON form of events.
 *
 * Every decoder checks the size against its cap before unpacking, so a
 * frame can never make protobuf-c allocate more than the cap allows.
 * Unpacked messages are owned by the caller and freed with codec_free.
 */
#ifndef QP_CODEC_H
#define QP_CODEC_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "qp_error.h"
#include "qualiparis.pb-c.h"

/* A packed event larger than this is refused (an annual review text is the
 * largest record: 256 KiB is ample). */
#define CODEC_EVENT_MAX (256u * 1024u)

/* Packs into a malloc'd buffer owned by the caller. */
int codec_pack(const ProtobufCMessage *msg, uint8_t **out, size_t *len) QP_MUST_CHECK;

/*
 * Unpacks `len` bytes as a message of descriptor `desc`. QP_ETOOBIG when
 * len > cap, QP_EDECODE when the bytes are not such a message.
 */
/*
 * Counts, without unpacking and without allocating, the submessages and
 * repeated elements of the packed message `buf` of `desc` (following its
 * message fields down): what unpacking would allocate one by one. Linear
 * in len. QP_ETOOBIG as soon as the count passes `max`, QP_EDECODE for
 * bytes that are no protobuf; *count (if not NULL) gets the count.
 */
int codec_count_items(const ProtobufCMessageDescriptor *desc, const void *buf, size_t len,
                      size_t max, size_t *count) QP_MUST_CHECK;

int codec_unpack(const ProtobufCMessageDescriptor *desc, const void *buf, size_t len, size_t cap,
                 ProtobufCMessage **out) QP_MUST_CHECK;

/* Takes NULL; sets *msg to NULL. */
void codec_free(ProtobufCMessage **msg);

/*
 * An arena for unpacking (issue #18): protobuf-c allocates from it by
 * bumping a pointer, free is a no-op, and everything goes at once with
 * codec_arena_free. One arena per frame at the collector: no malloc and
 * free per field. Memory is bounded by what unpacking the capped frame
 * allocates (items counted first, codec_count_items).
 */
typedef struct codec_arena codec_arena;

int codec_arena_new(codec_arena **out) QP_MUST_CHECK;
void *codec_arena_alloc(codec_arena *a, size_t size);
/* Takes NULL; sets *a to NULL. */
void codec_arena_free(codec_arena **a);

/* codec_unpack into arena `a`: the message is freed with the arena only. */
int codec_unpack_arena(const ProtobufCMessageDescriptor *desc, const void *buf, size_t len,
                       size_t cap, codec_arena *a, ProtobufCMessage **out) QP_MUST_CHECK;

/*
 * codec_count_items (at most max_items, QP_ETOOBIG past it), then
 * codec_unpack_arena, in one call: the same answer as the two, and the
 * check of field numbers is the count's walk over the bytes (done anyway)
 * rather than a second walk over the unpacked message. The collector's
 * frames.
 */
int codec_unpack_counted(const ProtobufCMessageDescriptor *desc, const void *buf, size_t len,
                         size_t cap, size_t max_items, codec_arena *a,
                         ProtobufCMessage **out) QP_MUST_CHECK;

/* A run of bytes inside a packed message. */
typedef struct codec_span {
	const uint8_t *data;
	size_t len;
} codec_span;

/*
 * The length-delimited occurrences of field `field` in the packed message
 * `buf`, in order, without unpacking: at most `max` into spans[], their
 * number in *n (which may exceed max: only max are written). QP_EDECODE
 * when the bytes are no protobuf (or the field has another wire type).
 */
int codec_field_spans(const void *buf, size_t len, uint32_t field, codec_span *spans, size_t max,
                      size_t *n) QP_MUST_CHECK;

/* Typed shorthands for the most used messages. */
int codec_event_unpack(const void *buf, size_t len, Qp__Event **out) QP_MUST_CHECK;
void codec_event_free(Qp__Event **ev);

/* The name of an event's body kind ("indicator", "check-run", ...). */
const char *codec_event_kind(const Qp__Event *ev);

/*
 * The event as a JSON object: "site", "seq", "recorded_at" (ISO 8601 UTC),
 * "author", "date", "kind" and the body's fields. New reference owned by
 * the caller; NULL on allocation failure.
 */
json_t *codec_event_json(const Qp__Event *ev);

#endif
