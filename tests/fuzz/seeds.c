/*
 * fuzz_seeds: writes the seed corpora of fuzz_envelope, fuzz_event and
 * fuzz_collector (the binary ones) under DIR/envelope, DIR/event and
 * DIR/collector, with the fixed keys of fuzz.h, so that the committed
 * frames open. The period and config seeds are plain text, written by hand.
 *
 *   fuzz_seeds tests/fuzz/corpus
 *
 * Frames are built as the agent builds them (protocol_batch_add/pack,
 * protocol_seal), one event of every body kind and a few wrong ones.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "bodies.h"
#include "codec.h"
#include "fuzz.h"
#include "protocol.h"

#define SUMMER_MS INT64_C(1784017815123)

/* The session nonce the seeds carry (any 16 bytes: the fuzzer has no
 * sessions). */
static uint8_t session_seed[PROTOCOL_SESSION_BYTES] = { 0x5e, 0x55 };

static const char *root;

static void
die(const char *what)
{
	fprintf(stderr, "fuzz_seeds: %s\n", what);
	exit(1);
}

static void
write_seed(const char *target, const char *name, const uint8_t *data,
           size_t len)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", root, target);
	if (mkdir(path, 0755) != 0 && errno != EEXIST)
		die(path);
	snprintf(path, sizeof(path), "%s/%s/%s", root, target, name);
	if ((f = fopen(path, "wb")) == NULL ||
	    (len > 0 && fwrite(data, 1, len, f) != len) || fclose(f) != 0)
		die(path);
}

/* Every body, filled as the agent's commands fill them. */
static struct bodies B;

static void
bodies_init(void)
{
	static uint8_t damaged[] = { 0x0a, 0xff, 0x12 };

	qp__indicator_value__init(&B.indicator);
	B.indicator.code = "N7-CALLS-25S";
	B.indicator.period = "2026-06";
	B.indicator.numerator = 412;
	B.indicator.denominator = 480;
	B.indicator.comment = "Relevé du standard, juin";

	qp__check_definition__init(&B.check);
	B.check.id = "horaires-affiches";
	B.check.label = "Horaires d'ouverture affichés";
	B.check.engagement = "N1";
	B.check.periodicity = "monthly";
	B.check.role = "accueil";
	B.check.active = true;
	B.check.since = "2026-01-05";

	qp__check_run__init(&B.run);
	B.run.check_id = "badge-accueil";
	B.run.date = "2026-07-13";
	B.run.result = "ko";
	B.run.comment = "Badge oublié";

	qp__cleaning_signoff__init(&B.signoff);
	B.signoff.zone = "sanitaires";
	B.signoff.at = "2026-07-14T07:45:00+02:00";
	B.signoff.cleaner = "Société Propreté Île-de-France";

	for (int i = 0; i < 2; i++) {
		qp__zone_score__init(&B.score[i]);
		B.scores[i] = &B.score[i];
	}
	B.score[0].zone = "sanitaires";
	B.score[0].score = 85;
	B.score[1].zone = "accueil";
	B.score[1].score = 100;
	qp__cleaning_evaluation__init(&B.evaluation);
	B.evaluation.quarter = "2026-Q2";
	B.evaluation.n_scores = 2;
	B.evaluation.scores = B.scores;
	B.evaluation.comment = "Évaluation trimestrielle";

	qp__action__init(&B.action);
	B.action.id = "A-12";
	B.action.title = "Remplacer l'affiche du médiateur";
	B.action.engagement = "N11";
	B.action.source = "audit-internal";
	B.action.owner = "Mme Martin";
	B.action.due = "2026-09-30";
	B.action.status = "doing";
	B.action.status_date = "2026-07-10";
	B.action.note = "Commande passée";
	B.action.opened_on = "2026-06-02";

	qp__action_review__init(&B.review);
	B.review.date = "2026-07-01";
	B.review.comment = "Revue du tableau des actions, T2";

	qp__annual_review__init(&B.annual);
	B.annual.year = 2025;
	B.annual.text = "# Revue annuelle 2025\n\nObjectifs atteints.";
	B.annual.approved_by = "M. Durand";
	B.annual.approved_on = "2026-01-20";

	qp__void__init(&B.void_);
	B.void_.seq = 1;
	B.void_.reason = "Saisie en double";

	qp__quarantined__init(&B.quarantined);
	B.quarantined.reason = "entry does not decode";
	B.quarantined.original.data = damaged;
	B.quarantined.original.len = sizeof(damaged);
}

static const struct kind {
	const char *name;
	Qp__Event__BodyCase body;
	const char *date;
} kinds[] = {
	{ "indicator", QP__EVENT__BODY_INDICATOR, "2026-07-01" },
	{ "check", QP__EVENT__BODY_CHECK_DEFINITION, "2026-01-05" },
	{ "check-run", QP__EVENT__BODY_CHECK_RUN, "2026-07-13" },
	{ "cleaning-signoff", QP__EVENT__BODY_CLEANING_SIGNOFF, "2026-07-14T07:45:00+02:00" },
	{ "cleaning-evaluation", QP__EVENT__BODY_CLEANING_EVALUATION, "2026-07-02" },
	{ "action", QP__EVENT__BODY_ACTION, "2026-07-10" },
	{ "action-review", QP__EVENT__BODY_ACTION_REVIEW, "2026-07-01" },
	{ "annual-review", QP__EVENT__BODY_ANNUAL_REVIEW, "2026-01-20" },
	{ "void", QP__EVENT__BODY_VOID, "" },
	{ "quarantined", QP__EVENT__BODY_QUARANTINED, "" },
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

static void
event_set(Qp__Event *ev, const char *site, uint64_t seq, const struct kind *k)
{
	qp__event__init(ev);
	ev->site = (char *)site;
	ev->seq = seq;
	ev->recorded_at_ms = SUMMER_MS + (int64_t)seq * 1000;
	ev->author = "Agnès Dupont";
	ev->business_date = (char *)k->date;
	bodies_attach(ev, &B, k->body);
}

static void
pack(const ProtobufCMessage *m, uint8_t **out, size_t *len)
{
	if (codec_pack(m, out, len) != 0)
		die("pack");
}

/* A packed AgentMessage{batch} of `n` events from `seq`, as the agent builds it. */
static void
batch_plain(const char *site, uint64_t seq, size_t n, size_t kind0,
            uint8_t **out, size_t *len)
{
	protocol_batch b = { 0 };

	for (size_t i = 0; i < n; i++) {
		Qp__Event ev;
		uint8_t *buf;
		size_t blen;

		event_set(&ev, site, seq + i, &kinds[(kind0 + i) % NKINDS]);
		pack(&ev.base, &buf, &blen);
		if (protocol_batch_add(&b, seq + i, buf, blen) != 0)
			die("batch");
		free(buf);
	}
	if (protocol_batch_pack(&b, site, SUMMER_MS, session_seed, out, len) != 0)
		die("batch");
	protocol_batch_free(&b);
}

static void
hello_plain_clock(const char *site, uint64_t next_seq, int64_t clock_ms,
                  uint8_t **out, size_t *len)
{
	Qp__AgentMessage m = QP__AGENT_MESSAGE__INIT;
	Qp__Hello h = QP__HELLO__INIT;

	h.next_seq = next_seq;
	h.central_version = 3;
	h.clock_ms = clock_ms;
	h.agent_version = "0.1.0";
	h.session.data = session_seed;
	h.session.len = sizeof(session_seed);
	m.site = (char *)site;
	m.direction = PROTOCOL_TO_COLLECTOR;
	m.kind_case = QP__AGENT_MESSAGE__KIND_HELLO;
	m.hello = &h;
	pack(&m.base, out, len);
}

static void
hello_plain(const char *site, uint64_t next_seq, uint8_t **out, size_t *len)
{
	hello_plain_clock(site, next_seq, SUMMER_MS, out, len);
}

static void
fetch_plain(const char *site, uint64_t from, uint8_t **out, size_t *len)
{
	Qp__AgentMessage m = QP__AGENT_MESSAGE__INIT;
	Qp__Fetch f = QP__FETCH__INIT;

	f.from_seq = from;
	f.session.data = session_seed;
	f.session.len = sizeof(session_seed);
	m.site = (char *)site;
	m.direction = PROTOCOL_TO_COLLECTOR;
	m.kind_case = QP__AGENT_MESSAGE__KIND_FETCH;
	m.fetch = &f;
	pack(&m.base, out, len);
}

static void
events(void)
{
	for (size_t i = 0; i < NKINDS; i++) {
		Qp__Event ev;
		uint8_t *buf;
		size_t len;

		event_set(&ev, FUZZ_SITE, 7, &kinds[i]);
		pack(&ev.base, &buf, &len);
		write_seed("event", kinds[i].name, buf, len);
		free(buf);
	}
	/* Two refused ones: no body, and a score out of range. */
	{
		Qp__Event ev;
		uint8_t *buf;
		size_t len;

		event_set(&ev, FUZZ_SITE, 8, &kinds[0]);
		ev.body_case = QP__EVENT__BODY__NOT_SET;
		pack(&ev.base, &buf, &len);
		write_seed("event", "no-body", buf, len);
		free(buf);
		B.score[1].score = 101;
		event_set(&ev, FUZZ_SITE, 8, &kinds[4]);
		pack(&ev.base, &buf, &len);
		write_seed("event", "bad-score", buf, len);
		free(buf);
		B.score[1].score = 100;
	}
}

/* Selector byte of fuzz_collector: bit 0 the sender, bits 1-2 the state. */
static void
collector_seed(const char *name, uint8_t selector, const uint8_t *plain,
               size_t len)
{
	uint8_t *buf = malloc(len + 1);

	if (buf == NULL)
		die("malloc");
	buf[0] = selector;
	memcpy(buf + 1, plain, len);
	write_seed("collector", name, buf, len + 1);
	free(buf);
}

static void
collector(void)
{
	uint8_t *p;
	size_t len;
	char name[64];

	hello_plain(FUZZ_SITE, 1, &p, &len);
	collector_seed("hello-fresh", 0, p, len);
	collector_seed("hello-behind", 1 << 1, p, len);
	collector_seed("hello-revoked", 1, p, len);
	free(p);
	hello_plain(FUZZ_REVOKED_SITE, 1, &p, &len);
	collector_seed("hello-mismatch", 0, p, len);
	free(p);
	/* Issue 13: hello fields at their limits, and a fetch. */
	hello_plain_clock(FUZZ_SITE, 1, INT64_MIN, &p, &len);
	collector_seed("hello-clock-min", 0, p, len);
	free(p);
	hello_plain_clock(FUZZ_SITE, 1, INT64_MAX, &p, &len);
	collector_seed("hello-clock-max", 0, p, len);
	free(p);
	hello_plain(FUZZ_SITE, UINT64_MAX, &p, &len);
	collector_seed("hello-seq-max", 0, p, len);
	free(p);
	fetch_plain(FUZZ_SITE, 1, &p, &len);
	collector_seed("fetch", 1 << 1, p, len);
	free(p);

	for (size_t i = 0; i < NKINDS; i++) {
		/* A void names an earlier seq: start at 2. */
		batch_plain(FUZZ_SITE, 2, 1, i, &p, &len);
		snprintf(name, sizeof(name), "batch-%s", kinds[i].name);
		collector_seed(name, 2 << 1, p, len);
		free(p);
	}
	/* Fresh, overlapping what is held by one, all held (41 stored). */
	batch_plain(FUZZ_SITE, 1, 12, 0, &p, &len);
	collector_seed("batch-12-fresh", 0, p, len);
	collector_seed("batch-12-partial", 3 << 1, p, len);
	collector_seed("batch-12-repeat", 1 << 1, p, len);
	free(p);
	/* After a gap (nothing stored), overlapping the 41 stored. */
	batch_plain(FUZZ_SITE, 40, 5, 3, &p, &len);
	collector_seed("batch-40-gap", 0, p, len);
	collector_seed("batch-40-overlap", 1 << 1, p, len);
	free(p);
	batch_plain(FUZZ_REVOKED_SITE, 1, 2, 0, &p, &len);
	collector_seed("batch-foreign-events", 0, p, len);
	free(p);
	batch_plain(FUZZ_SITE, 1, 0, 0, &p, &len);
	collector_seed("batch-empty", 0, p, len);
	free(p);
}

static void
seal_seed(const envelope_peer *peer, const char *site, const char *name,
          const uint8_t *plain, size_t len)
{
	uint8_t *frame;
	size_t flen;

	if (envelope_seal(peer, site, plain, len, &frame, &flen) != 0)
		die("seal");
	write_seed("envelope", name, frame, flen);
	if (strcmp(name, "hello") == 0)
		write_seed("envelope", "hello-truncated", frame, flen / 2);
	free(frame);
}

static void
envelope(void)
{
	keypair *collector = fuzz_keypair(FUZZ_COLLECTOR_SECRET);
	keypair *site = fuzz_keypair(FUZZ_SITE_SECRET);
	keypair *other = fuzz_keypair(FUZZ_OTHER_SECRET);
	envelope_peer *as_site = fuzz_peer(site, collector);
	envelope_peer *as_other = fuzz_peer(other, collector);
	uint8_t *p;
	size_t len;

	hello_plain(FUZZ_SITE, 1, &p, &len);
	seal_seed(as_site, FUZZ_SITE, "hello", p, len);
	seal_seed(as_other, FUZZ_SITE, "hello-wrong-key", p, len);
	free(p);
	batch_plain(FUZZ_SITE, 1, NKINDS, 0, &p, &len);
	seal_seed(as_site, FUZZ_SITE, "batch", p, len);
	free(p);
	seal_seed(as_site, FUZZ_SITE, "empty", NULL, 0);

	envelope_peer_destroy(&as_other);
	envelope_peer_destroy(&as_site);
	keypair_destroy(&other);
	keypair_destroy(&site);
	keypair_destroy(&collector);
}

int
main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: fuzz_seeds DIR\n");
		return 2;
	}
	root = argv[1];
	bodies_init();
	events();
	collector();
	envelope();
	return 0;
}
