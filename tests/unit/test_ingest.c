/*
 * test_ingest.c: the collector's decisions on an opened message
 * (collector/ingest.c) at the limits of issue 13: hello fields out of
 * range, saturated clock offsets, events over the read-back limit, and the
 * cost of validating the largest frame a site can send.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "codec.h"
#include "domain.h"
#include "envelope.h"
#include "ingest.h"
#include "keys.h"
#include "protocol.h"

#define SITE "eps-05"
#define NOW_MS 1780272000000LL /* 2026-06-01 */

static void
test_hello_ranges(void **state)
{
	Qp__Hello h = QP__HELLO__INIT;
	enum protocol_reason reason = REASON_COUNT;
	const char *detail = NULL;
	uint8_t session[PROTOCOL_SESSION_BYTES] = { 0 };

	(void)state;
	h.agent_version = (char *)"0.1.0";
	h.next_seq = 1;
	h.clock_ms = NOW_MS;
	assert_true(ingest_hello_check(&h, &reason, &detail));
	h.next_seq = 0;
	assert_false(ingest_hello_check(&h, &reason, &detail));
	assert_int_equal(reason, REASON_MALFORMED);
	h.next_seq = UINT64_MAX;
	assert_false(ingest_hello_check(&h, &reason, &detail));
	assert_int_equal(reason, REASON_MALFORMED);
	assert_non_null(strstr(detail, "next_seq"));
	h.next_seq = PROTOCOL_SEQ_MAX;
	assert_true(ingest_hello_check(&h, &reason, &detail));
	h.clock_ms = INT64_MIN;
	assert_false(ingest_hello_check(&h, &reason, &detail));
	assert_int_equal(reason, REASON_MALFORMED);
	assert_non_null(strstr(detail, "clock"));
	h.clock_ms = INT64_MAX;
	assert_false(ingest_hello_check(&h, &reason, &detail));
	assert_int_equal(reason, REASON_MALFORMED);
	h.clock_ms = -1;
	assert_false(ingest_hello_check(&h, &reason, &detail));
	assert_int_equal(reason, REASON_MALFORMED);
	h.clock_ms = 0; /* unknown: taken, no offset */
	assert_true(ingest_hello_check(&h, &reason, &detail));
	h.agent_version = (char *)"0.1\x1b[2J";
	assert_false(ingest_hello_check(&h, &reason, &detail));
	assert_int_equal(reason, REASON_MALFORMED);
	h.agent_version = (char *)"0.1.0";
	h.session.data = session;
	h.session.len = 5;
	assert_false(ingest_hello_check(&h, &reason, &detail));
	assert_int_equal(reason, REASON_MALFORMED);
	h.session.len = PROTOCOL_SESSION_BYTES;
	assert_true(ingest_hello_check(&h, &reason, &detail));
}

static void
test_clock_offset_saturates(void **state)
{
	(void)state;
	assert_int_equal(ingest_clock_offset(0, NOW_MS), 0);
	assert_int_equal(ingest_clock_offset(NOW_MS + 2000, NOW_MS), 2000);
	assert_true(ingest_clock_offset(INT64_MIN, NOW_MS) == INT64_MIN);
	assert_true(ingest_clock_offset(INT64_MAX, -NOW_MS) == INT64_MAX);
	assert_true(protocol_sat_sub(INT64_MIN, 1) == INT64_MIN);
	assert_true(protocol_sat_sub(INT64_MAX, -1) == INT64_MAX);
}

static void
test_direction(void **state)
{
	Qp__AgentMessage m = QP__AGENT_MESSAGE__INIT;
	enum protocol_reason reason = REASON_COUNT;
	const char *detail;

	(void)state;
	m.site = (char *)SITE;
	m.direction = PROTOCOL_TO_SITE; /* a collector frame reflected */
	assert_false(ingest_message_check(&m, SITE, false, &reason, &detail));
	assert_int_equal(reason, REASON_MALFORMED);
	m.direction = 0; /* unmarked */
	assert_false(ingest_message_check(&m, SITE, false, &reason, &detail));
	assert_int_equal(reason, REASON_MALFORMED);
	m.direction = PROTOCOL_TO_COLLECTOR;
	assert_true(ingest_message_check(&m, SITE, false, &reason, &detail));
}

/* An action review of `comment_len` bytes of comment. */
static void
review_event(Qp__Event *ev, Qp__ActionReview *ar, uint64_t seq, char *comment)
{
	qp__event__init(ev);
	qp__action_review__init(ar);
	ar->date = (char *)"2026-03-31";
	ar->comment = comment;
	ev->site = (char *)SITE;
	ev->seq = seq;
	ev->author = (char *)"RAQN";
	ev->body_case = QP__EVENT__BODY_ACTION_REVIEW;
	ev->action_review = ar;
}

static void
test_poison_event_refused_at_ingest(void **state)
{
	Qp__Batch b = QP__BATCH__INIT;
	Qp__Event ev, *evs[1] = { &ev };
	Qp__ActionReview ar;
	ingest_decision dec;
	char *comment = malloc(CODEC_EVENT_MAX + 1);

	(void)state;
	assert_non_null(comment);
	/* 1 MiB would not even fit a frame; just over the read-back limit. */
	memset(comment, 'a', CODEC_EVENT_MAX);
	comment[CODEC_EVENT_MAX] = '\0';
	review_event(&ev, &ar, 1, comment);
	b.n_events = 1;
	b.events = evs;
	ingest_batch_decide(&b, SITE, 1, &dec);
	assert_int_equal(dec.verdict, INGEST_REFUSE);
	assert_int_equal(dec.reason, REASON_MALFORMED);
	assert_non_null(strstr(dec.detail, "size limit"));
	/* Under the limit: accepted, and it reads back. */
	comment[CODEC_EVENT_MAX - 200] = '\0';
	ingest_batch_decide(&b, SITE, 1, &dec);
	assert_int_equal(dec.verdict, INGEST_ACCEPT);
	free(comment);
}

static double
now_s(void)
{
	struct timespec ts;

	/* The thread's CPU time: what the collector's loop spends, whatever
	 * else the machine runs. */
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * The largest frame that passes decryption, built to cost the most: one
 * batch of cleaning evaluations holding as many zones as fit. Opened,
 * unpacked and decided in well under 50 ms (issue 13: 120k zones once
 * stalled the collector for 34 s).
 */
static double
time_frame(const uint8_t *plain, size_t plen, envelope_peer *site_side, envelope_peer *centre_side,
           size_t *frame_len, int *opened, enum ingest_verdict *verdict)
{
	uint8_t *frame = NULL, *opened_plain = NULL;
	size_t len, olen;
	ingest_frame f = { 0 };
	ingest_decision dec;
	double t0, t;

	assert_int_equal(protocol_seal_packed(site_side, SITE, plain, plen, &frame, &len), 0);
	assert_true(len <= PROTOCOL_AGENT_FRAME_MAX);
	*frame_len = len;
	/* What the collector's handle_frame does: open, count, unpack into
	 * one arena, find the events' bytes, decide. */
	t0 = now_s();
	*opened = envelope_open(centre_side, frame, len, PROTOCOL_AGENT_FRAME_MAX, &opened_plain,
	                        &olen);
	if (*opened == 0)
		*opened = ingest_frame_unpack(opened_plain, olen, PROTOCOL_AGENT_FRAME_MAX, &f);
	if (*opened == 0) {
		ingest_batch_decide_raw(f.msg->batch, f.events, SITE, 1, &dec);
		*verdict = dec.verdict;
	}
	t = now_s() - t0;
	ingest_frame_free(&f);
	free(frame);
	return t;
}

/* A cleaning evaluation of `n` zones "zNNNNN" (valid names, all distinct). */
static int
evaluation(uint64_t seq, size_t n, uint8_t **out, size_t *len)
{
	Qp__Event ev = QP__EVENT__INIT;
	Qp__CleaningEvaluation ce = QP__CLEANING_EVALUATION__INIT;
	Qp__ZoneScore *zs = calloc(n, sizeof(*zs));
	Qp__ZoneScore **zp = calloc(n, sizeof(*zp));
	char(*names)[24] = calloc(n, sizeof(*names));
	int e;

	assert_non_null(zs);
	assert_non_null(zp);
	assert_non_null(names);
	for (size_t i = 0; i < n; i++) {
		qp__zone_score__init(&zs[i]);
		snprintf(names[i], sizeof(names[i]), "z%zu", i);
		zs[i].zone = names[i];
		zs[i].score = 100;
		zp[i] = &zs[i];
	}
	ce.quarter = (char *)"2026-Q1";
	ce.n_scores = n;
	ce.scores = zp;
	ev.site = (char *)SITE;
	ev.seq = seq;
	ev.author = (char *)"RAQN";
	ev.body_case = QP__EVENT__BODY_CLEANING_EVALUATION;
	ev.cleaning_evaluation = &ce;
	e = codec_pack(&ev.base, out, len);
	free(zs);
	free(zp);
	free(names);
	return e;
}

/* Events of `zones` zones each, seqs from 1, as many as fit in a frame
 * and (if `items` is not 0) within that many submessages. */
static void
fill_batch(size_t zones, size_t items, uint8_t **plain, size_t *plen, unsigned *count)
{
	static const uint8_t session[PROTOCOL_SESSION_BYTES] = { 1 };
	protocol_batch b = { 0 };

	for (uint64_t seq = 1;; seq++) {
		uint8_t *ev = NULL;
		size_t len;
		assert_int_equal(evaluation(seq, zones, &ev, &len), 0);
		if (b.len + len + 16 > PROTOCOL_AGENT_FRAME_MAX - 1024 ||
		    (items != 0 && 2 + (b.count + 1) * (2 + zones) > items)) {
			free(ev);
			break;
		}
		assert_int_equal(protocol_batch_add(&b, seq, ev, len), 0);
		free(ev);
	}
	*count = b.count;
	assert_int_equal(protocol_batch_pack(&b, SITE, NOW_MS, session, plain, plen), 0);
	protocol_batch_free(&b);
}

static void
test_largest_frame_validated_fast(void **state)
{
	keypair *a = NULL, *c = NULL;
	envelope_peer *site_side = NULL, *centre_side = NULL;
	uint8_t *plain = NULL;
	size_t plen, flen;
	unsigned count;
	int opened;
	enum ingest_verdict verdict = INGEST_REFUSE;
	double t;

	(void)state;
	assert_int_equal(keys_init(), 0);
	assert_int_equal(keypair_generate(&a), 0);
	assert_int_equal(keypair_generate(&c), 0);
	assert_int_equal(envelope_peer_new(a, keypair_public(c), &site_side), 0);
	assert_int_equal(envelope_peer_new(c, keypair_public(a), &centre_side), 0);

	/* One evaluation with every zone that fits (about 90,000): refused on
	 * the wire count, before anything is allocated. */
	fill_batch(90000, 0, &plain, &plen, &count);
	if (count == 0) {
		free(plain);
		fill_batch(80000, 0, &plain, &plen, &count);
	}
	assert_int_equal(count, 1);
	t = time_frame(plain, plen, site_side, centre_side, &flen, &opened, &verdict);
	printf("# one evaluation of ~90,000 zones, %zu-byte frame: refused in %.2f ms\n", flen,
	       t * 1e3);
	assert_int_equal(opened, QP_ETOOBIG);
	assert_true(t < 0.050);
	free(plain);

	/* Evaluations of DOMAIN_ZONES_MAX zones filling the frame: refused too. */
	fill_batch(DOMAIN_ZONES_MAX, 0, &plain, &plen, &count);
	t = time_frame(plain, plen, site_side, centre_side, &flen, &opened, &verdict);
	printf("# %u evaluations of %d zones, %zu-byte frame: refused in %.2f ms\n", count,
	       DOMAIN_ZONES_MAX, flen, t * 1e3);
	assert_int_equal(opened, QP_ETOOBIG);
	assert_true(t < 0.050);
	free(plain);

	/* The costliest frame that opens: as many submessages as allowed,
	 * every event valid. Opened, unpacked and validated. */
	fill_batch(DOMAIN_ZONES_MAX, PROTOCOL_FRAME_ITEMS_MAX, &plain, &plen, &count);
	t = time_frame(plain, plen, site_side, centre_side, &flen, &opened, &verdict);
	printf("# %u evaluations of %d zones, %zu-byte frame: accepted in %.2f ms\n", count,
	       DOMAIN_ZONES_MAX, flen, t * 1e3);
	assert_int_equal(opened, 0);
	assert_int_equal(verdict, INGEST_ACCEPT);
	assert_true(t < 0.050);
	free(plain);

	keypair_destroy(&a);
	keypair_destroy(&c);
	envelope_peer_destroy(&site_side);
	envelope_peer_destroy(&centre_side);
}

/* A packed event with its seq field written last (valid protobuf, not
 * what protobuf-c would write). */
static void
seq_last_event(uint64_t seq, uint8_t **out, size_t *len)
{
	Qp__Event ev;
	Qp__ActionReview ar;
	uint8_t *buf = NULL;
	size_t n;

	review_event(&ev, &ar, 0, (char *)"revue");
	assert_int_equal(codec_pack(&ev.base, &buf, &n), 0);
	buf = realloc(buf, n + 2);
	assert_non_null(buf);
	buf[n] = 0x10; /* field 2, varint */
	buf[n + 1] = (uint8_t)seq;
	*out = buf;
	*len = n + 2;
}

/*
 * Issue #18: the collector stores a batch's events as the bytes that came,
 * and compares repeats on those bytes: ingest_frame_unpack gives, for each
 * unpacked event, exactly its bytes in the frame, even bytes protobuf-c
 * would encode otherwise; a batch field given twice is refused.
 */
static void
test_frame_keeps_bytes_as_they_came(void **state)
{
	static const uint8_t session[PROTOCOL_SESSION_BYTES] = { 1 };
	protocol_batch pb = { 0 };
	Qp__Event ev;
	Qp__ActionReview ar;
	ingest_frame f = { 0 };
	ingest_decision dec;
	codec_span batch;
	uint8_t *e1 = NULL, *e2 = NULL, *plain = NULL, *copy, *repacked = NULL;
	size_t l1, l2, plen, n, rlen;

	(void)state;
	review_event(&ev, &ar, 1, (char *)"revue du trimestre");
	assert_int_equal(codec_pack(&ev.base, &e1, &l1), 0);
	seq_last_event(2, &e2, &l2);
	assert_int_equal(protocol_batch_add(&pb, 1, e1, l1), 0);
	assert_int_equal(protocol_batch_add(&pb, 2, e2, l2), 0);
	assert_int_equal(protocol_batch_pack(&pb, SITE, NOW_MS, session, &plain, &plen), 0);

	copy = malloc(plen);
	assert_non_null(copy);
	memcpy(copy, plain, plen);
	assert_int_equal(ingest_frame_unpack(copy, plen, PROTOCOL_AGENT_FRAME_MAX, &f), 0);
	assert_int_equal(f.msg->kind_case, QP__AGENT_MESSAGE__KIND_BATCH);
	assert_int_equal(f.msg->batch->n_events, 2);
	assert_int_equal(f.events[0].len, l1);
	assert_memory_equal(f.events[0].data, e1, l1);
	assert_int_equal(f.events[1].len, l2);
	assert_memory_equal(f.events[1].data, e2, l2);
	assert_int_equal(f.msg->batch->events[1]->seq, 2);
	/* Re-encoding would have stored other bytes than the site holds. */
	assert_int_equal(codec_pack(&f.msg->batch->events[1]->base, &repacked, &rlen), 0);
	assert_true(rlen != l2 || memcmp(repacked, e2, l2) != 0);
	ingest_batch_decide_raw(f.msg->batch, f.events, SITE, 1, &dec);
	assert_int_equal(dec.verdict, INGEST_ACCEPT);
	assert_int_equal(dec.from, 0);
	assert_int_equal(dec.next, 3);
	ingest_frame_free(&f);

	/* The batch field twice: protobuf-c would merge them; refused. */
	assert_int_equal(codec_field_spans(plain, plen, 11, &batch, 1, &n), 0);
	assert_int_equal(n, 1);
	copy = malloc(plen * 2);
	assert_non_null(copy);
	memcpy(copy, plain, plen);
	{
		/* tag 0x5a (field 11, length-delimited), varint length, bytes */
		size_t k = plen, v = batch.len;
		copy[k++] = 0x5a;
		while (v >= 0x80) {
			copy[k++] = (uint8_t)(v | 0x80);
			v >>= 7;
		}
		copy[k++] = (uint8_t)v;
		memcpy(copy + k, batch.data, batch.len);
		k += batch.len;
		assert_int_equal(ingest_frame_unpack(copy, k, PROTOCOL_AGENT_FRAME_MAX, &f),
		                 QP_EDECODE);
		ingest_frame_free(&f);
	}

	/* Bytes that are no message: refused, nothing leaks (sanitizers). */
	copy = malloc(plen);
	assert_non_null(copy);
	memcpy(copy, plain, plen);
	assert_int_not_equal(ingest_frame_unpack(copy, plen - 3, PROTOCOL_AGENT_FRAME_MAX, &f), 0);
	ingest_frame_free(&f);

	free(repacked);
	free(plain);
	free(e1);
	free(e2);
	protocol_batch_free(&pb);
}

/*
 * Issue #18: the agent seals a batch in its own buffer (protocol_batch_seal):
 * the frame opens to exactly the bytes protocol_batch_pack makes, and its
 * envelope is byte for byte what protobuf-c packs for the same fields, for
 * the shortest and the longest site ids, with and without a session.
 */
static void
test_batch_sealed_in_place(void **state)
{
	static const uint8_t session[PROTOCOL_SESSION_BYTES] = { 7, 1, 2 };
	static const char *const sites[] = { "e", "eps-0123456789abcdefghijklmnopqrstuvwxyz" };
	keypair *a = NULL, *c = NULL;
	envelope_peer *site_side = NULL, *centre_side = NULL;
	Qp__Event ev;
	Qp__ActionReview ar;
	uint8_t *e1 = NULL, *e2 = NULL, *room;
	size_t l1, l2;

	(void)state;
	assert_int_equal(strlen(sites[1]), ENVELOPE_SITE_MAX);
	assert_int_equal(keys_init(), 0);
	assert_int_equal(keypair_generate(&a), 0);
	assert_int_equal(keypair_generate(&c), 0);
	assert_int_equal(envelope_peer_new(a, keypair_public(c), &site_side), 0);
	assert_int_equal(envelope_peer_new(c, keypair_public(a), &centre_side), 0);
	review_event(&ev, &ar, 1,
	             (char *)"revue du trimestre : les relevés de température des chambres "
	                     "froides ont été faits chaque jour, deux écarts ont été "
	                     "corrigés et notés dans le registre");
	assert_int_equal(codec_pack(&ev.base, &e1, &l1), 0);
	seq_last_event(2, &e2, &l2);

	for (unsigned i = 0; i < 4; i++) {
		const char *site = sites[i / 2];
		const uint8_t *sess = i % 2 ? session : NULL;
		protocol_batch pb = { 0 };
		const uint8_t *frame;
		uint8_t *plain = NULL, *opened = NULL, *repacked;
		size_t plen, flen, olen;
		Qp__Envelope *env;

		/* Three rounds on one batch: the buffer is reused once reset. */
		for (unsigned round = 0; round < 3; round++) {
			protocol_batch_reset(&pb);
			assert_int_equal(protocol_batch_add(&pb, 1, e1, l1), 0);
			assert_int_equal(protocol_batch_add(&pb, 2, e2, l2), 0);
			free(plain);
			assert_int_equal(
			        protocol_batch_pack(&pb, site, NOW_MS, sess, &plain, &plen), 0);
			assert_int_equal(protocol_batch_seal(&pb, site_side, site, NOW_MS, sess,
			                                     &frame, &flen),
			                 0);
			/* version 2, site 2 + len, nonce 26, box: tag, a 2-byte
			 * length (the review's comment makes it over 127), MAC */
			assert_true(plen + 16 >= 128 && plen + 16 < 16384);
			assert_int_equal(flen, 2 + 2 + strlen(site) + 26 + 3 + 16 + plen);
			assert_int_equal(envelope_open(centre_side, frame, flen,
			                               CODEC_EVENT_MAX * 4, &opened, &olen),
			                 0);
			assert_int_equal(olen, plen);
			assert_memory_equal(opened, plain, plen);
			free(opened);
			env = qp__envelope__unpack(NULL, flen, frame);
			assert_non_null(env);
			assert_int_equal(env->version, ENVELOPE_VERSION);
			assert_string_equal(env->site, site);
			repacked = malloc(qp__envelope__get_packed_size(env));
			assert_non_null(repacked);
			assert_int_equal(qp__envelope__pack(env, repacked), flen);
			assert_memory_equal(repacked, frame, flen);
			free(repacked);
			qp__envelope__free_unpacked(env, NULL);
		}
		free(plain);
		protocol_batch_free(&pb);
	}

	/* Too little room before the plain text: refused, nothing written. */
	room = calloc(1, 64);
	assert_non_null(room);
	{
		uint8_t *f;
		size_t fl;
		assert_int_equal(
		        envelope_seal_in_place(site_side, SITE, room + 16, 48, 16, &f, &fl),
		        QP_EINVAL);
		for (unsigned k = 0; k < 64; k++)
			assert_int_equal(room[k], 0);
	}
	free(room);
	free(e1);
	free(e2);
	envelope_peer_destroy(&site_side);
	envelope_peer_destroy(&centre_side);
	keypair_destroy(&a);
	keypair_destroy(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hello_ranges),
		cmocka_unit_test(test_clock_offset_saturates),
		cmocka_unit_test(test_direction),
		cmocka_unit_test(test_poison_event_refused_at_ingest),
		cmocka_unit_test(test_largest_frame_validated_fast),
		cmocka_unit_test(test_frame_keeps_bytes_as_they_came),
		cmocka_unit_test(test_batch_sealed_in_place),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
