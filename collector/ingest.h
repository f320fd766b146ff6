/*
 * ingest.h: what the collector decides about an opened AgentMessage, apart
 * from its sockets and its store (docs/protocol.md, "Why the effect is
 * exactly once").
 *
 * Pure functions of the message and of the site's state: daemon.c acts on
 * the decision (replies, counts, the group commit), and the fuzzers call
 * them alone. The message is borrowed for the duration of the call.
 */
#ifndef QP_INGEST_H
#define QP_INGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "codec.h"
#include "protocol.h"
#include "qualiparis.pb-c.h"

#define INGEST_DETAIL_MAX 256

enum ingest_verdict {
	INGEST_ACCEPT, /* store events[from..], acknowledge */
	INGEST_REPEAT, /* all at or below what is held: acknowledge only */
	INGEST_REFUSE, /* refuse with `reason` */
};

typedef struct ingest_decision {
	enum ingest_verdict verdict;
	enum protocol_reason reason;    /* REFUSE */
	uint64_t expected;              /* REFUSE: Refuse.expected_seq */
	size_t from;                    /* ACCEPT: index of the first new event */
	uint64_t next;                  /* ACCEPT: the seq expected after it */
	char detail[INGEST_DETAIL_MAX]; /* REFUSE: why, for the log */
} ingest_decision;

/*
 * The checks a message from enrolled site `site` passes before its kind is
 * looked at: the site is not revoked, the inner site is the envelope's, the
 * direction inside the box is PROTOCOL_TO_COLLECTOR.
 * true, or false with the reason to refuse it and *detail saying why.
 */
bool ingest_message_check(const Qp__AgentMessage *msg, const char *site, bool revoked,
                          enum protocol_reason *reason, const char **detail);

/*
 * Range checks on every field of a hello: next_seq in 1..PROTOCOL_SEQ_MAX,
 * a clock of 0 (unknown) or within [PROTOCOL_CLOCK_MIN_MS,
 * PROTOCOL_CLOCK_MAX_MS), an agent version of at most 64 printable
 * characters, a session of 0 or PROTOCOL_SESSION_BYTES bytes and a
 * challenge of at most PROTOCOL_CHALLENGE_BYTES. true, or false with
 * *reason REASON_MALFORMED and *detail saying which field.
 */
bool ingest_hello_check(const Qp__Hello *h, enum protocol_reason *reason, const char **detail);

/* The same for a fetch (from_seq in 1..PROTOCOL_SEQ_MAX). */
bool ingest_fetch_check(const Qp__Fetch *f, enum protocol_reason *reason, const char **detail);

/* site clock - collector clock, saturated; 0 for an unknown clock. */
int64_t ingest_clock_offset(int64_t site_clock_ms, int64_t now_ms);

/*
 * A hello saying a next seq below what is stored: the site's store was
 * reset or restored, and its new events would look like repeats.
 */
bool ingest_hello_behind(const Qp__Hello *h, uint64_t stored_through);

/*
 * A batch from `site` when the next seq the collector accepts is `expect`:
 * refused unless it is non-empty, every event is the site's, seqs are
 * contiguous and at most PROTOCOL_SEQ_MAX, every event packs within
 * CODEC_EVENT_MAX (what every reader of the store accepts) and is
 * structurally valid, and the clock is in range; a first seq above
 * `expect` is a gap; a last seq below it, a repeat.
 */
void
ingest_batch_decide(const Qp__Batch *b, const char *site, uint64_t expect, ingest_decision *out);

/*
 * The same, when the events' bytes as they arrived are known (raw[i] is
 * events[i], ingest_frame_unpack): the size limit applies to those bytes,
 * which are what the collector stores. raw may be NULL (packed sizes).
 */
void ingest_batch_decide_raw(const Qp__Batch *b, const codec_span *raw, const char *site,
                             uint64_t expect, ingest_decision *out);

/*
 * An opened frame's plaintext unpacked into one arena (no malloc per field,
 * no re-encoding): for a batch, events[i] are the bytes of the batch's
 * i-th event exactly as they arrived, checked to be what msg->batch->
 * events[i] was unpacked from. The frame owns plain (freed with it).
 */
typedef struct ingest_frame {
	uint8_t *plain;
	size_t plain_len;
	codec_arena *arena;
	Qp__AgentMessage *msg;
	codec_span *events; /* kind batch only: n = msg->batch->n_events */
} ingest_frame;

/*
 * Takes plain (malloc'd, freed by ingest_frame_free even on error): counts
 * its items (at most PROTOCOL_FRAME_ITEMS_MAX: QP_ETOOBIG), unpacks it into
 * an arena (QP_EDECODE), and for a batch finds its events' bytes (a batch
 * field given more than once, or events whose bytes cannot be matched to
 * what was unpacked: QP_EDECODE).
 */
int ingest_frame_unpack(uint8_t *plain, size_t plen, size_t cap, ingest_frame *f) QP_MUST_CHECK;
void ingest_frame_free(ingest_frame *f);

#endif
