#include "codec.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "calendar.h"
#include "wire.h"

int
codec_pack(const ProtobufCMessage *msg, uint8_t **out, size_t *len)
{
	size_t n = protobuf_c_message_get_packed_size(msg);
	uint8_t *buf;

	*out = NULL;
	/* malloc(0) may return NULL: keep one byte for empty messages. */
	buf = malloc(n ? n : 1);
	if (buf == NULL)
		return QP_ENOMEM;
	if (protobuf_c_message_pack(msg, buf) != n) {
		free(buf);
		return QP_EIO;
	}
	*out = buf;
	*len = n;
	return 0;
}

/* The largest field number protobuf allows, 2^29 - 1. */
#define FIELD_NUMBER_MAX 0x1fffffffu

/*
 * protobuf-c 1.4 keeps as an unknown field a field numbered 0 when its tag
 * is written overlong (0x80 0x00), then packs it as the one-byte tag its own
 * parser refuses: an event holding one would be accepted, stored (the
 * collector packs what it accepts) and never read back, and the review and
 * export of its site would fail on it. It also keeps field numbers past
 * FIELD_NUMBER_MAX, which no other protobuf reader takes. Neither is a
 * protobuf message: look for them in m and its submessages. The schema has
 * no recursive message, so the depth is bounded.
 */
static bool
field_numbers_valid(const ProtobufCMessage *m)
{
	const ProtobufCMessageDescriptor *desc = m->descriptor;

	for (unsigned i = 0; i < m->n_unknown_fields; i++)
		if (m->unknown_fields[i].tag == 0 || m->unknown_fields[i].tag > FIELD_NUMBER_MAX)
			return false;
	for (unsigned i = 0; i < desc->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &desc->fields[i];
		const char *member = (const char *)m + f->offset;
		const char *quantifier = (const char *)m + f->quantifier_offset;

		if (f->type != PROTOBUF_C_TYPE_MESSAGE)
			continue;
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			size_t n = *(const size_t *)quantifier;
			ProtobufCMessage *const *sub = *(ProtobufCMessage *const *const *)member;

			for (size_t j = 0; j < n; j++)
				if (!field_numbers_valid(sub[j]))
					return false;
			continue;
		}
		/* A oneof's members share their storage: only the one set. */
		if ((f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) &&
		    *(const uint32_t *)quantifier != f->id)
			continue;
		if (*(ProtobufCMessage *const *)member != NULL &&
		    !field_numbers_valid(*(ProtobufCMessage *const *)member))
			return false;
	}
	return true;
}

static inline bool
wire_varint(const uint8_t *p, size_t len, size_t *i, uint64_t *v)
{
	size_t k;

	/* Most tags and lengths are one byte. */
	if (*i < len && p[*i] < 0x80) {
		*v = p[(*i)++];
		return true;
	}
	k = wire_varint_get(p + *i, len - *i, v);
	*i += k;
	return k > 0;
}

/*
 * protobuf_c_message_descriptor_get_field, inline: the field numbered id,
 * or NULL. field_ranges holds n_field_ranges runs of consecutive numbers
 * (the fields sorted by number) and a last entry whose orig_index is
 * n_fields; the schema's messages have a few runs each.
 */
static inline const ProtobufCFieldDescriptor *
field_by_number(const ProtobufCMessageDescriptor *desc, uint64_t id)
{
	const ProtobufCIntRange *r = desc->field_ranges;

	for (unsigned k = 0; k < desc->n_field_ranges; k++) {
		uint64_t start = (uint64_t)r[k].start_value;
		if (id >= start && id - start < (uint64_t)(r[k + 1].orig_index - r[k].orig_index))
			return &desc->fields[r[k].orig_index + (id - start)];
	}
	return NULL;
}

/* The schema has no recursive message: a deeper nesting is no message of it. */
#define WIRE_DEPTH_MAX 16

static int
count_items(const ProtobufCMessageDescriptor *desc, const uint8_t *p, size_t len, size_t max,
            size_t *count, unsigned depth)
{
	size_t i = 0;
	int e;

	if (depth > WIRE_DEPTH_MAX)
		return QP_EDECODE;
	while (i < len) {
		const ProtobufCFieldDescriptor *f;
		uint64_t tag, v;

		if (!wire_varint(p, len, &i, &tag) || (tag >> 3) == 0 ||
		    (tag >> 3) > FIELD_NUMBER_MAX)
			return QP_EDECODE;
		f = desc != NULL ? field_by_number(desc, tag >> 3) : NULL;
		if (f != NULL &&
		    (f->label == PROTOBUF_C_LABEL_REPEATED || f->type == PROTOBUF_C_TYPE_MESSAGE) &&
		    ++*count > max)
			return QP_ETOOBIG;
		switch (tag & 7) {
		case 0:
			if (!wire_varint(p, len, &i, &v))
				return QP_EDECODE;
			break;
		case 1:
			if (len - i < 8)
				return QP_EDECODE;
			i += 8;
			break;
		case 5:
			if (len - i < 4)
				return QP_EDECODE;
			i += 4;
			break;
		case 2:
			if (!wire_varint(p, len, &i, &v) || v > len - i)
				return QP_EDECODE;
			if (f != NULL && f->type == PROTOBUF_C_TYPE_MESSAGE &&
			    (e = count_items(f->descriptor, p + i, (size_t)v, max, count,
			                     depth + 1)) != 0)
				return e;
			i += (size_t)v;
			break;
		default: return QP_EDECODE;
		}
	}
	return 0;
}

int
codec_count_items(const ProtobufCMessageDescriptor *desc, const void *buf, size_t len, size_t max,
                  size_t *count)
{
	size_t n = 0;
	int e;

	if (buf == NULL && len > 0)
		return QP_EINVAL;
	e = count_items(desc, buf, len, max, &n, 0);
	if (count != NULL)
		*count = n;
	return e;
}

int
codec_unpack(const ProtobufCMessageDescriptor *desc, const void *buf, size_t len, size_t cap,
             ProtobufCMessage **out)
{
	ProtobufCMessage *m;

	*out = NULL;
	if (len > cap)
		return QP_ETOOBIG;
	m = protobuf_c_message_unpack(desc, NULL, len, buf);
	if (m == NULL)
		return QP_EDECODE;
	if (!field_numbers_valid(m)) {
		protobuf_c_message_free_unpacked(m, NULL);
		return QP_EDECODE;
	}
	*out = m;
	return 0;
}

void
codec_free(ProtobufCMessage **msg)
{
	if (msg == NULL || *msg == NULL)
		return;
	protobuf_c_message_free_unpacked(*msg, NULL);
	*msg = NULL;
}

/* ------------------------------------------------------------ arena */

#define ARENA_ALIGN 16u
#define ARENA_CHUNK_MIN (64u * 1024u)
#define ARENA_CHUNK_MAX (1024u * 1024u)

struct arena_chunk {
	struct arena_chunk *next;
	size_t size, used;
	_Alignas(ARENA_ALIGN) unsigned char data[];
};

struct codec_arena {
	ProtobufCAllocator alloc;
	struct arena_chunk *head;
	size_t next_size;
};

void *
codec_arena_alloc(codec_arena *a, size_t size)
{
	struct arena_chunk *c = a->head;
	void *p;

	if (size > SIZE_MAX - ARENA_ALIGN)
		return NULL;
	size = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	if (size == 0)
		size = ARENA_ALIGN;
	if (c == NULL || c->size - c->used < size) {
		size_t n = a->next_size > size ? a->next_size : size;
		if (n > SIZE_MAX - sizeof(*c))
			return NULL;
		c = malloc(sizeof(*c) + n);
		if (c == NULL)
			return NULL;
		c->size = n;
		c->used = 0;
		c->next = a->head;
		a->head = c;
		if (a->next_size < ARENA_CHUNK_MAX)
			a->next_size *= 2;
	}
	p = c->data + c->used;
	c->used += size;
	return p;
}

static void *
arena_alloc_cb(void *ctx, size_t size)
{
	return codec_arena_alloc(ctx, size);
}

static void
arena_free_cb(void *ctx, void *p)
{
	(void)ctx;
	(void)p;
}

int
codec_arena_new(codec_arena **out)
{
	codec_arena *a = calloc(1, sizeof(*a));

	*out = NULL;
	if (a == NULL)
		return QP_ENOMEM;
	a->alloc.alloc = arena_alloc_cb;
	a->alloc.free = arena_free_cb;
	a->alloc.allocator_data = a;
	a->next_size = ARENA_CHUNK_MIN;
	*out = a;
	return 0;
}

void
codec_arena_free(codec_arena **ap)
{
	codec_arena *a;

	if (ap == NULL || (a = *ap) == NULL)
		return;
	while (a->head != NULL) {
		struct arena_chunk *c = a->head;
		a->head = c->next;
		free(c);
	}
	free(a);
	*ap = NULL;
}

int
codec_unpack_arena(const ProtobufCMessageDescriptor *desc, const void *buf, size_t len, size_t cap,
                   codec_arena *a, ProtobufCMessage **out)
{
	ProtobufCMessage *m;

	*out = NULL;
	if (len > cap)
		return QP_ETOOBIG;
	m = protobuf_c_message_unpack(desc, &a->alloc, len, buf);
	if (m == NULL)
		return QP_EDECODE;
	/* Freed with the arena, whatever happens. */
	if (!field_numbers_valid(m))
		return QP_EDECODE;
	*out = m;
	return 0;
}

int
codec_unpack_counted(const ProtobufCMessageDescriptor *desc, const void *buf, size_t len,
                     size_t cap, size_t max_items, codec_arena *a, ProtobufCMessage **out)
{
	ProtobufCMessage *m;
	int e;

	*out = NULL;
	if ((e = codec_count_items(desc, buf, len, max_items, NULL)) != 0)
		return e;
	if (len > cap)
		return QP_ETOOBIG;
	m = protobuf_c_message_unpack(desc, &a->alloc, len, buf);
	if (m == NULL)
		return QP_EDECODE;
	/* No field_numbers_valid(m): the count walked every message protobuf-c
	 * parses (the fields of message type, recursively, with this
	 * descriptor) and refused any tag numbered 0 or past FIELD_NUMBER_MAX,
	 * known or not; the unknown fields protobuf-c keeps come from those
	 * tags. fuzz_collector checks that this accepts and refuses exactly as
	 * codec_count_items then codec_unpack. */
	*out = m;
	return 0;
}

int
codec_field_spans(const void *buf, size_t len, uint32_t field, codec_span *spans, size_t max,
                  size_t *n)
{
	const uint8_t *p = buf;
	size_t i = 0;

	*n = 0;
	if (buf == NULL && len > 0)
		return QP_EINVAL;
	while (i < len) {
		uint64_t tag, v;

		if (!wire_varint(p, len, &i, &tag) || (tag >> 3) == 0 ||
		    (tag >> 3) > FIELD_NUMBER_MAX)
			return QP_EDECODE;
		switch (tag & 7) {
		case 0:
			if (!wire_varint(p, len, &i, &v))
				return QP_EDECODE;
			break;
		case 1:
			if (len - i < 8)
				return QP_EDECODE;
			i += 8;
			break;
		case 5:
			if (len - i < 4)
				return QP_EDECODE;
			i += 4;
			break;
		case 2:
			if (!wire_varint(p, len, &i, &v) || v > len - i)
				return QP_EDECODE;
			if ((tag >> 3) == field) {
				if (*n < max) {
					spans[*n].data = p + i;
					spans[*n].len = (size_t)v;
				}
				++*n;
			}
			i += (size_t)v;
			continue;
		default: return QP_EDECODE;
		}
		if ((tag >> 3) == field)
			return QP_EDECODE;
	}
	return 0;
}

int
codec_event_unpack(const void *buf, size_t len, Qp__Event **out)
{
	return codec_unpack(&qp__event__descriptor, buf, len, CODEC_EVENT_MAX,
	                    (ProtobufCMessage **)out);
}

void
codec_event_free(Qp__Event **ev)
{
	codec_free((ProtobufCMessage **)ev);
}

const char *
codec_event_kind(const Qp__Event *ev)
{
	switch (ev->body_case) {
	case QP__EVENT__BODY_INDICATOR: return "indicator";
	case QP__EVENT__BODY_CHECK_DEFINITION: return "check";
	case QP__EVENT__BODY_CHECK_RUN: return "check-run";
	case QP__EVENT__BODY_CLEANING_SIGNOFF: return "cleaning-signoff";
	case QP__EVENT__BODY_CLEANING_EVALUATION: return "cleaning-evaluation";
	case QP__EVENT__BODY_ACTION: return "action";
	case QP__EVENT__BODY_ACTION_REVIEW: return "action-review";
	case QP__EVENT__BODY_ANNUAL_REVIEW: return "annual-review";
	case QP__EVENT__BODY_VOID: return "void";
	case QP__EVENT__BODY_QUARANTINED: return "quarantined";
	default: return "unknown";
	}
}

/* json_object_set_new that tolerates a NULL value from a failed alloc. */
static int
set(json_t *o, const char *k, json_t *v)
{
	return v == NULL ? -1 : json_object_set_new(o, k, v);
}

static json_t *
str(const char *s)
{
	return json_string(s ? s : "");
}

static int
body_json(const Qp__Event *ev, json_t *o)
{
	int r = 0;

	switch (ev->body_case) {
	case QP__EVENT__BODY_INDICATOR: {
		const Qp__IndicatorValue *b = ev->indicator;
		r |= set(o, "code", str(b->code));
		r |= set(o, "period", str(b->period));
		r |= set(o, "numerator", json_integer((json_int_t)b->numerator));
		r |= set(o, "denominator", json_integer((json_int_t)b->denominator));
		r |= set(o, "comment", str(b->comment));
		break;
	}
	case QP__EVENT__BODY_CHECK_DEFINITION: {
		const Qp__CheckDefinition *b = ev->check_definition;
		r |= set(o, "id", str(b->id));
		r |= set(o, "label", str(b->label));
		r |= set(o, "engagement", str(b->engagement));
		r |= set(o, "periodicity", str(b->periodicity));
		r |= set(o, "role", str(b->role));
		r |= set(o, "active", json_boolean(b->active));
		r |= set(o, "since", str(b->since));
		break;
	}
	case QP__EVENT__BODY_CHECK_RUN: {
		const Qp__CheckRun *b = ev->check_run;
		r |= set(o, "check", str(b->check_id));
		r |= set(o, "run_date", str(b->date));
		r |= set(o, "result", str(b->result));
		r |= set(o, "comment", str(b->comment));
		break;
	}
	case QP__EVENT__BODY_CLEANING_SIGNOFF: {
		const Qp__CleaningSignoff *b = ev->cleaning_signoff;
		r |= set(o, "zone", str(b->zone));
		r |= set(o, "at", str(b->at));
		r |= set(o, "cleaner", str(b->cleaner));
		if (b->toilet != QP__ZONE_TOILET__ZONE_TOILET_UNKNOWN) /* older events: absent */
			r |= set(o, "toilet",
			         json_boolean(b->toilet == QP__ZONE_TOILET__ZONE_TOILET_YES));
		break;
	}
	case QP__EVENT__BODY_CLEANING_EVALUATION: {
		const Qp__CleaningEvaluation *b = ev->cleaning_evaluation;
		json_t *scores = json_object();
		r |= set(o, "quarter", str(b->quarter));
		for (size_t i = 0; scores != NULL && i < b->n_scores; i++)
			r |= set(scores, b->scores[i]->zone, json_integer(b->scores[i]->score));
		r |= set(o, "scores", scores);
		r |= set(o, "comment", str(b->comment));
		break;
	}
	case QP__EVENT__BODY_ACTION: {
		const Qp__Action *b = ev->action;
		r |= set(o, "id", str(b->id));
		r |= set(o, "title", str(b->title));
		r |= set(o, "engagement", str(b->engagement));
		r |= set(o, "source", str(b->source));
		r |= set(o, "owner", str(b->owner));
		r |= set(o, "due", str(b->due));
		r |= set(o, "status", str(b->status));
		r |= set(o, "status_date", str(b->status_date));
		r |= set(o, "note", str(b->note));
		r |= set(o, "opened_on", str(b->opened_on));
		break;
	}
	case QP__EVENT__BODY_ACTION_REVIEW: {
		const Qp__ActionReview *b = ev->action_review;
		r |= set(o, "review_date", str(b->date));
		r |= set(o, "comment", str(b->comment));
		break;
	}
	case QP__EVENT__BODY_ANNUAL_REVIEW: {
		const Qp__AnnualReview *b = ev->annual_review;
		r |= set(o, "year", json_integer(b->year));
		r |= set(o, "text", str(b->text));
		r |= set(o, "approved_by", str(b->approved_by));
		r |= set(o, "approved_on", str(b->approved_on));
		break;
	}
	case QP__EVENT__BODY_VOID: {
		const Qp__Void *b = ev->void_;
		r |= set(o, "voids", json_integer((json_int_t)b->seq));
		r |= set(o, "reason", str(b->reason));
		break;
	}
	case QP__EVENT__BODY_QUARANTINED: {
		const Qp__Quarantined *b = ev->quarantined;
		r |= set(o, "reason", str(b->reason));
		r |= set(o, "original_bytes", json_integer((json_int_t)b->original.len));
		break;
	}
	default: break;
	}
	return r;
}

json_t *
codec_event_json(const Qp__Event *ev)
{
	char when[CAL_TEXT_MAX];
	json_t *o = json_object();
	int r = 0;

	if (o == NULL)
		return NULL;
	r |= set(o, "site", str(ev->site));
	r |= set(o, "seq", json_integer((json_int_t)ev->seq));
	r |= set(o, "recorded_at", str(cal_format_utc(ev->recorded_at_ms, when)));
	r |= set(o, "author", str(ev->author));
	r |= set(o, "date", str(ev->business_date));
	if (ev->forced) /* past a plausibility check, with --force */
		r |= set(o, "forced", json_true());
	r |= set(o, "kind", str(codec_event_kind(ev)));
	r |= body_json(ev, o);
	if (r != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}
