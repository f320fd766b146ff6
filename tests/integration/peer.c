/*
 * qp-test-peer: a hostile or broken peer for the integration tests. It
 * speaks to a real qp-collector with a raw ZeroMQ DEALER socket and real
 * libsodium boxes, and sends one kind of bad (or good) message.
 *
 *   qp-test-peer ENDPOINT COLLECTOR_PUB MODE [SITE] [SECRET_KEY_FILE]
 *
 * MODE:
 *   garbage     random bytes that are no envelope
 *   truncated   a valid hello envelope cut in half
 *   oversize    a 5 MiB frame
 *   hello       a valid hello sealed with SECRET_KEY_FILE as SITE
 *   tampered    that hello with one bit of the box flipped
 *   mismatch    a hello whose inner site differs from the envelope's
 *   foreign     a batch, sealed as SITE, holding an event of another site
 *   malformed   a box that opens but holds no protobuf message
 *   clock-min   a hello whose clock is INT64_MIN
 *   seq-max     a hello whose next seq is UINT64_MAX
 * Modes that first open a session (a valid hello, its welcome):
 *   foreign     (as above, in the session)
 *   stale       a valid batch of SITE carrying a session that is not one
 *   conflict    seq 1 of SITE in the session, with other content than stored
 *   reflect     the collector's welcome sent back to it as it came
 *   poison      the next seq of SITE, an action review of 300 KiB of comment
 *               (over the 256 KiB every reader of the store takes)
 *   zones       the next seq of SITE, one cleaning evaluation of 80,000 zones
 * Modes for a collector whose commits take their time
 * (QP_TEST_COMMIT_DELAY_MS), acting while a group is in flight:
 *   inflight    batch A (3 events) then, 200 ms later, A again, A with other
 *               bytes, and the 2 events after A: prints the 4 replies
 *   inflight-full  batch F (3 events of 200 KiB), its reply; batch A (3 such
 *               events, more than a 1 MiB store holds) and 300 ms later the
 *               2 small events after A; what comes within 3 s; then those 2
 *               events again and their reply (with its expected seq)
 *
 * Prints the reply's kind ("welcome", "refuse REASON", ...) or "none" when
 * nothing came within 2 s. Exit 0 unless the peer itself failed.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zmq.h>

#include "codec.h"
#include "envelope.h"
#include "keys.h"
#include "protocol.h"

static int
seal_msg(const envelope_peer *peer, const char *env_site, const ProtobufCMessage *m,
         uint8_t **out, size_t *len)
{
	return protocol_seal(peer, env_site, m, out, len);
}

static uint8_t session[PROTOCOL_SESSION_BYTES];
static uint8_t *welcome_frame;
static size_t welcome_len;
static uint64_t stored_through;

/* A valid hello, its welcome: the session, and the welcome's bytes. */
static int
handshake(void *sock, const envelope_peer *peer, const char *site)
{
	Qp__AgentMessage m = QP__AGENT_MESSAGE__INIT;
	Qp__Hello h = QP__HELLO__INIT;
	Qp__CollectorMessage *cm = NULL;
	uint8_t *frame = NULL;
	size_t len;
	zmq_msg_t reply;
	int rc = -1;

	h.next_seq = 1;
	m.site = (char *)site;
	m.direction = PROTOCOL_TO_COLLECTOR;
	m.kind_case = QP__AGENT_MESSAGE__KIND_HELLO;
	m.hello = &h;
	if (seal_msg(peer, site, &m.base, &frame, &len) != 0 || zmq_send(sock, frame, len, 0) < 0)
		goto out;
	zmq_msg_init(&reply);
	while (zmq_msg_recv(&reply, sock, 0) >= 0) {
		if (protocol_open(peer, zmq_msg_data(&reply), zmq_msg_size(&reply),
		                  &qp__collector_message__descriptor, (ProtobufCMessage **)&cm) == 0 &&
		    cm->kind_case == QP__COLLECTOR_MESSAGE__KIND_WELCOME &&
		    cm->welcome->session.len == PROTOCOL_SESSION_BYTES) {
			memcpy(session, cm->welcome->session.data, PROTOCOL_SESSION_BYTES);
			stored_through = cm->welcome->stored_through;
			welcome_len = zmq_msg_size(&reply);
			welcome_frame = malloc(welcome_len);
			memcpy(welcome_frame, zmq_msg_data(&reply), welcome_len);
			rc = 0;
			break;
		}
		codec_free((ProtobufCMessage **)&cm);
	}
	codec_free((ProtobufCMessage **)&cm);
	zmq_msg_close(&reply);
out:
	free(frame);
	return rc;
}

/* Seals the batch of events evs[0..n-1] of `site` under session `sess`. */
static int
seal_batch(const envelope_peer *peer, const char *site, Qp__Event **evs, size_t n,
           uint8_t *sess, uint8_t **out, size_t *len)
{
	Qp__AgentMessage m = QP__AGENT_MESSAGE__INIT;
	Qp__Batch b = QP__BATCH__INIT;

	b.n_events = n;
	b.events = evs;
	b.session.data = sess;
	b.session.len = PROTOCOL_SESSION_BYTES;
	m.site = (char *)site;
	m.direction = PROTOCOL_TO_COLLECTOR;
	m.kind_case = QP__AGENT_MESSAGE__KIND_BATCH;
	m.batch = &b;
	return seal_msg(peer, site, &m.base, out, len);
}

/* Action reviews seqs first..first+n-1 in one batch of the session. */
static int
send_batch(void *sock, const envelope_peer *peer, const char *site, uint64_t first, size_t n,
           const char *comment)
{
	Qp__Event ev[8], *evs[8];
	Qp__ActionReview ar = QP__ACTION_REVIEW__INIT;
	uint8_t *frame = NULL;
	size_t len;
	int rc;

	if (n > 8)
		return -1;
	ar.date = (char *)"2026-01-05";
	ar.comment = (char *)comment;
	for (size_t i = 0; i < n; i++) {
		qp__event__init(&ev[i]);
		ev[i].site = (char *)site;
		ev[i].seq = first + i;
		ev[i].author = (char *)"qp-test-peer";
		ev[i].body_case = QP__EVENT__BODY_ACTION_REVIEW;
		ev[i].action_review = &ar;
		evs[i] = &ev[i];
	}
	if (seal_batch(peer, site, evs, n, session, &frame, &len) != 0)
		return -1;
	rc = zmq_send(sock, frame, len, 0) < 0 ? -1 : 0;
	free(frame);
	return rc;
}

/* Prints the next `count` replies (the central state skipped), or "none"
 * once nothing came within the socket's timeout. */
static void
print_replies(void *sock, const envelope_peer *peer, int count, bool expected)
{
	zmq_msg_t reply;

	zmq_msg_init(&reply);
	while (count > 0) {
		Qp__CollectorMessage *cm = NULL;
		if (zmq_msg_recv(&reply, sock, 0) < 0) {
			printf("none\n");
			break;
		}
		if (protocol_open(peer, zmq_msg_data(&reply), zmq_msg_size(&reply),
		                  &qp__collector_message__descriptor, (ProtobufCMessage **)&cm) != 0) {
			printf("unreadable\n");
			count--;
			continue;
		}
		switch (cm->kind_case) {
		case QP__COLLECTOR_MESSAGE__KIND_CENTRAL: count++; break;
		case QP__COLLECTOR_MESSAGE__KIND_WELCOME: printf("welcome\n"); break;
		case QP__COLLECTOR_MESSAGE__KIND_ACK:
			if (expected)
				printf("ack %llu\n", (unsigned long long)cm->ack->stored_through);
			else
				printf("ack\n");
			break;
		case QP__COLLECTOR_MESSAGE__KIND_REFUSE:
			if (expected)
				printf("refuse %s %llu\n", cm->refuse->reason,
				       (unsigned long long)cm->refuse->expected_seq);
			else
				printf("refuse %s\n", cm->refuse->reason);
			break;
		default: printf("other\n"); break;
		}
		codec_free((ProtobufCMessage **)&cm);
		count--;
	}
	zmq_msg_close(&reply);
}

/* The modes that act while a group is in flight (see the top). */
static int
inflight(void *sock, const envelope_peer *peer, const char *site, bool full)
{
	static char big[200 * 1024 + 1];
	struct timespec pause = { 0, (full ? 300 : 200) * 1000000L };
	uint64_t s = stored_through;

	if (!full) {
		if (send_batch(sock, peer, site, s + 1, 3, "first") != 0)
			return -1;
		nanosleep(&pause, NULL);
		if (send_batch(sock, peer, site, s + 1, 3, "first") != 0 ||
		    send_batch(sock, peer, site, s + 1, 3, "other") != 0 ||
		    send_batch(sock, peer, site, s + 4, 2, "next") != 0)
			return -1;
		print_replies(sock, peer, 4, false);
		return 0;
	}
	memset(big, 'x', sizeof(big) - 1);
	if (send_batch(sock, peer, site, s + 1, 3, big) != 0)
		return -1;
	print_replies(sock, peer, 1, true);
	if (send_batch(sock, peer, site, s + 4, 3, big) != 0)
		return -1;
	nanosleep(&pause, NULL);
	if (send_batch(sock, peer, site, s + 7, 2, "next") != 0)
		return -1;
	print_replies(sock, peer, 2, true);
	if (send_batch(sock, peer, site, s + 7, 2, "next") != 0)
		return -1;
	print_replies(sock, peer, 1, true);
	return 0;
}

int
main(int argc, char **argv)
{
	const char *endpoint, *mode, *site = "eps-99", *keyfile = NULL;
	uint8_t cpub[KEY_BYTES], *frame = NULL;
	size_t len = 0;
	keypair *kp = NULL;
	envelope_peer *peer = NULL;
	void *ctx, *sock;
	int linger = 0, timeout = 2000, rc = 1, need_session = 0;

	if (argc < 4) {
		fprintf(stderr, "usage: qp-test-peer ENDPOINT COLLECTOR_PUB MODE [SITE] [SECRET_KEY_FILE]\n");
		return 2;
	}
	endpoint = argv[1];
	mode = argv[3];
	if (argc > 4)
		site = argv[4];
	if (argc > 5)
		keyfile = argv[5];
	if (keys_init() != 0 || key_from_text(argv[2], cpub) != 0) {
		fprintf(stderr, "qp-test-peer: bad collector key\n");
		return 2;
	}
	if (keyfile != NULL) {
		if (keypair_load(keyfile, &kp) != 0) {
			fprintf(stderr, "qp-test-peer: cannot load %s\n", keyfile);
			return 2;
		}
	} else if (keypair_generate(&kp) != 0) {
		return 1;
	}
	if (envelope_peer_new(kp, cpub, &peer) != 0)
		return 1;

	if (strcmp(mode, "garbage") == 0) {
		len = 300;
		frame = malloc(len);
		for (size_t i = 0; i < len; i++)
			frame[i] = (uint8_t)(i * 37 + 11);
	} else if (strcmp(mode, "oversize") == 0) {
		len = 5u << 20;
		frame = calloc(1, len);
	} else if (strcmp(mode, "malformed") == 0) {
		const uint8_t junk[] = { 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01 };
		if (envelope_seal(peer, site, junk, sizeof(junk), &frame, &len) != 0)
			goto out;
	} else if (strcmp(mode, "foreign") == 0 || strcmp(mode, "stale") == 0 ||
	           strcmp(mode, "conflict") == 0 || strcmp(mode, "poison") == 0 ||
	           strcmp(mode, "zones") == 0 || strcmp(mode, "inflight") == 0 ||
	           strcmp(mode, "inflight-full") == 0) {
		need_session = 1;
	} else if (strcmp(mode, "reflect") == 0) {
		need_session = 1;
	} else {
		Qp__AgentMessage m = QP__AGENT_MESSAGE__INIT;
		Qp__Hello h = QP__HELLO__INIT;
		h.next_seq = 1000000;
		if (strcmp(mode, "clock-min") == 0)
			h.clock_ms = INT64_MIN;
		if (strcmp(mode, "seq-max") == 0)
			h.next_seq = UINT64_MAX;
		m.site = strcmp(mode, "mismatch") == 0 ? (char *)"eps-other" : (char *)site;
		m.direction = PROTOCOL_TO_COLLECTOR;
		m.kind_case = QP__AGENT_MESSAGE__KIND_HELLO;
		m.hello = &h;
		if (seal_msg(peer, site, &m.base, &frame, &len) != 0)
			goto out;
		if (strcmp(mode, "tampered") == 0)
			frame[len - 5] ^= 0x10;
		else if (strcmp(mode, "truncated") == 0)
			len /= 2;
		else if (strcmp(mode, "hello") != 0 && strcmp(mode, "mismatch") != 0 &&
		         strcmp(mode, "clock-min") != 0 && strcmp(mode, "seq-max") != 0) {
			fprintf(stderr, "qp-test-peer: unknown mode %s\n", mode);
			rc = 2;
			goto out;
		}
	}

	ctx = zmq_ctx_new();
	sock = zmq_socket(ctx, ZMQ_DEALER);
	zmq_setsockopt(sock, ZMQ_LINGER, &linger, sizeof(linger));
	zmq_setsockopt(sock, ZMQ_RCVTIMEO, &timeout, sizeof(timeout));
	if (zmq_connect(sock, endpoint) != 0) {
		fprintf(stderr, "qp-test-peer: connect: %s\n", zmq_strerror(zmq_errno()));
		goto close;
	}
	if (need_session) {
		if (handshake(sock, peer, site) != 0) {
			printf("no welcome\n");
			rc = 0;
			goto close;
		}
		if (strncmp(mode, "inflight", 8) == 0) {
			timeout = 3000;
			zmq_setsockopt(sock, ZMQ_RCVTIMEO, &timeout, sizeof(timeout));
			rc = inflight(sock, peer, site, strcmp(mode, "inflight-full") == 0) != 0;
			goto close;
		}
		if (strcmp(mode, "reflect") == 0) {
			frame = welcome_frame;
			len = welcome_len;
			welcome_frame = NULL;
		} else {
			Qp__Event ev = QP__EVENT__INIT, *evs[1] = { &ev };
			Qp__ActionReview ar = QP__ACTION_REVIEW__INIT;
			uint8_t other[PROTOCOL_SESSION_BYTES] = { 1 };
			ar.date = (char *)"2026-01-05";
			ar.comment = (char *)"not what the site recorded";
			ev.site = strcmp(mode, "foreign") == 0 ? (char *)"eps-other" : (char *)site;
			ev.seq = 1;
			ev.author = (char *)"qp-test-peer";
			ev.body_case = QP__EVENT__BODY_ACTION_REVIEW;
			ev.action_review = &ar;
			if (strcmp(mode, "zones") == 0) {
				enum { NZ = 80000 };
				static Qp__ZoneScore zs[NZ], *zp[NZ];
				static char names[NZ][12];
				static Qp__CleaningEvaluation ce = QP__CLEANING_EVALUATION__INIT;
				for (size_t i = 0; i < NZ; i++) {
					qp__zone_score__init(&zs[i]);
					snprintf(names[i], sizeof(names[i]), "z%zu", i);
					zs[i].zone = names[i];
					zs[i].score = 50;
					zp[i] = &zs[i];
				}
				ce.quarter = (char *)"2026-Q1";
				ce.n_scores = NZ;
				ce.scores = zp;
				ev.body_case = QP__EVENT__BODY_CLEANING_EVALUATION;
				ev.cleaning_evaluation = &ce;
				ev.seq = stored_through + 1;
			}
			if (strcmp(mode, "poison") == 0) {
				static char big[300 * 1024 + 1];
				memset(big, 'x', sizeof(big) - 1);
				ar.comment = big;
				ev.seq = stored_through + 1;
			}
			if (seal_batch(peer, site, evs, 1, strcmp(mode, "stale") == 0 ? other : session,
			               &frame, &len) != 0)
				goto close;
		}
	}
	if (zmq_send(sock, frame, len, 0) < 0) {
		fprintf(stderr, "qp-test-peer: send: %s\n", zmq_strerror(zmq_errno()));
	} else {
		zmq_msg_t reply;
		bool done = false;
		zmq_msg_init(&reply);
		/* The central state that follows a welcome is not an answer. */
		while (!done) {
			Qp__CollectorMessage *cm = NULL;
			done = true;
			if (zmq_msg_recv(&reply, sock, 0) < 0) {
				printf("none\n");
			} else if (protocol_open(peer, zmq_msg_data(&reply), zmq_msg_size(&reply),
			                         &qp__collector_message__descriptor,
			                         (ProtobufCMessage **)&cm) != 0) {
				printf("unreadable\n");
			} else {
				switch (cm->kind_case) {
				case QP__COLLECTOR_MESSAGE__KIND_WELCOME: printf("welcome\n"); break;
				case QP__COLLECTOR_MESSAGE__KIND_ACK: printf("ack\n"); break;
				case QP__COLLECTOR_MESSAGE__KIND_REFUSE:
					printf("refuse %s\n", cm->refuse->reason);
					break;
				case QP__COLLECTOR_MESSAGE__KIND_CENTRAL: done = false; break;
				default: printf("other\n"); break;
				}
				codec_free((ProtobufCMessage **)&cm);
			}
		}
		zmq_msg_close(&reply);
		rc = 0;
	}
close:
	free(welcome_frame);
	zmq_close(sock);
	zmq_ctx_term(ctx);
out:
	free(frame);
	envelope_peer_destroy(&peer);
	keypair_destroy(&kp);
	return rc;
}
