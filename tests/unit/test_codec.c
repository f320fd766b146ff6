/*
 * test_codec.c: unit tests of common/codec.c: protobuf round trips, the
 * size cap, malformed input and the JSON form of events.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "bodies.h"
#include "codec.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* 2026-07-14T08:30:15.123Z: 10:30 in Paris, so a local-time slip shows. */
#define SUMMER_MS INT64_C(1784017815123)

/* Every body, filled with distinct values. */
static void
event_init(Qp__Event *ev, struct bodies *b, Qp__Event__BodyCase c)
{
	qp__event__init(ev);
	ev->site = "eps-paris-13";
	ev->seq = 4242;
	ev->recorded_at_ms = SUMMER_MS;
	ev->author = "RAQN M. Diallo";
	ev->business_date = "2026-07-14";
	bodies_attach(ev, b, c);
}

static Qp__Event *
round_trip(const Qp__Event *ev)
{
	uint8_t *buf = NULL;
	size_t len = 0;
	Qp__Event *out = NULL;

	assert_int_equal(codec_pack(&ev->base, &buf, &len), 0);
	assert_non_null(buf);
	assert_int_equal(len, protobuf_c_message_get_packed_size(&ev->base));
	assert_int_equal(codec_event_unpack(buf, len, &out), 0);
	assert_non_null(out);
	free(buf);
	return out;
}

/* ---- round trips --------------------------------------------------------- */

static void
test_round_trip_each_kind(void **state)
{
	static const Qp__Event__BodyCase cases[] = {
		QP__EVENT__BODY_INDICATOR, QP__EVENT__BODY_CHECK_DEFINITION,
		QP__EVENT__BODY_CHECK_RUN, QP__EVENT__BODY_CLEANING_SIGNOFF,
		QP__EVENT__BODY_CLEANING_EVALUATION, QP__EVENT__BODY_ACTION,
		QP__EVENT__BODY_ACTION_REVIEW, QP__EVENT__BODY_ANNUAL_REVIEW,
		QP__EVENT__BODY_VOID,
	};
	struct bodies b;
	Qp__Event ev, *out;

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		bodies_fill(&b);
		event_init(&ev, &b, cases[i]);
		out = round_trip(&ev);

		assert_string_equal(out->site, "eps-paris-13");
		assert_int_equal(out->seq, 4242);
		assert_true(out->recorded_at_ms == SUMMER_MS);
		assert_string_equal(out->author, "RAQN M. Diallo");
		assert_string_equal(out->business_date, "2026-07-14");
		assert_int_equal(out->body_case, cases[i]);

		switch (cases[i]) {
		case QP__EVENT__BODY_INDICATOR:
			assert_string_equal(out->indicator->code, "N7-CALLS-25S");
			assert_string_equal(out->indicator->period, "2026-06");
			assert_int_equal(out->indicator->numerator, 412);
			assert_int_equal(out->indicator->denominator, 480);
			assert_string_equal(out->indicator->comment, "Relevé du standard, juin");
			break;
		case QP__EVENT__BODY_CHECK_DEFINITION:
			assert_string_equal(out->check_definition->id, "horaires-affiches");
			assert_string_equal(out->check_definition->label, "Horaires d'ouverture affichés");
			assert_string_equal(out->check_definition->engagement, "N1");
			assert_string_equal(out->check_definition->periodicity, "monthly");
			assert_string_equal(out->check_definition->role, "accueil");
			assert_true(out->check_definition->active);
			assert_string_equal(out->check_definition->since, "2026-01-05");
			break;
		case QP__EVENT__BODY_CHECK_RUN:
			assert_string_equal(out->check_run->check_id, "badge-accueil");
			assert_string_equal(out->check_run->date, "2026-07-13");
			assert_string_equal(out->check_run->result, "ko");
			assert_string_equal(out->check_run->comment, "Badge oublié");
			break;
		case QP__EVENT__BODY_CLEANING_SIGNOFF:
			assert_string_equal(out->cleaning_signoff->zone, "sanitaires");
			assert_string_equal(out->cleaning_signoff->at, "2026-07-14T07:45:00+02:00");
			assert_string_equal(out->cleaning_signoff->cleaner,
			                    "Société Propreté Île-de-France");
			break;
		case QP__EVENT__BODY_CLEANING_EVALUATION:
			assert_string_equal(out->cleaning_evaluation->quarter, "2026-Q2");
			assert_int_equal(out->cleaning_evaluation->n_scores, 3);
			assert_string_equal(out->cleaning_evaluation->scores[0]->zone, "sanitaires");
			assert_int_equal(out->cleaning_evaluation->scores[0]->score, 85);
			assert_string_equal(out->cleaning_evaluation->scores[1]->zone, "accueil");
			assert_int_equal(out->cleaning_evaluation->scores[1]->score, 100);
			assert_string_equal(out->cleaning_evaluation->scores[2]->zone, "bureaux");
			assert_int_equal(out->cleaning_evaluation->scores[2]->score, 0);
			assert_string_equal(out->cleaning_evaluation->comment, "Trimestre correct");
			break;
		case QP__EVENT__BODY_ACTION:
			assert_string_equal(out->action->id, "A-12");
			assert_string_equal(out->action->title, "Afficher les horaires d'été");
			assert_string_equal(out->action->engagement, "N1");
			assert_string_equal(out->action->source, "periodic-check");
			assert_string_equal(out->action->owner, "M. Diallo");
			assert_string_equal(out->action->due, "2026-08-31");
			assert_string_equal(out->action->status, "doing");
			assert_string_equal(out->action->status_date, "2026-07-14");
			assert_string_equal(out->action->note, "Commande passée");
			assert_string_equal(out->action->opened_on, "2026-07-01");
			break;
		case QP__EVENT__BODY_ACTION_REVIEW:
			assert_string_equal(out->action_review->date, "2026-06-30");
			assert_string_equal(out->action_review->comment, "Analyse du deuxième trimestre");
			break;
		case QP__EVENT__BODY_ANNUAL_REVIEW:
			assert_int_equal(out->annual_review->year, 2025);
			assert_string_equal(out->annual_review->text,
			                    "# Revue annuelle 2025\n\n- point 1\n- point 2\n");
			assert_string_equal(out->annual_review->approved_by, "Mme Martin");
			assert_string_equal(out->annual_review->approved_on, "2026-01-20");
			break;
		case QP__EVENT__BODY_VOID:
			assert_int_equal(out->void_->seq, 3);
			assert_string_equal(out->void_->reason, "Saisie en double");
			break;
		default:
			fail();
		}
		codec_event_free(&out);
		assert_null(out);
	}
}

static void
test_round_trip_edges(void **state)
{
	Qp__Event ev, *out;
	Qp__Hello hello, *h;
	ProtobufCMessage *m = NULL;
	uint8_t *buf = NULL;
	size_t len = 99;

	(void)state;
	/* An empty event packs to zero bytes and unpacks to the defaults. */
	qp__event__init(&ev);
	assert_int_equal(codec_pack(&ev.base, &buf, &len), 0);
	assert_non_null(buf);
	assert_int_equal(len, 0);
	assert_int_equal(codec_event_unpack(buf, len, &out), 0);
	assert_int_equal(out->seq, 0);
	assert_string_equal(out->site, "");
	assert_int_equal(out->body_case, QP__EVENT__BODY__NOT_SET);
	assert_string_equal(codec_event_kind(out), "unknown");
	codec_event_free(&out);
	free(buf);

	/* Extremes of the integer fields and an instant before 1970. */
	qp__event__init(&ev);
	ev.seq = UINT64_MAX;
	ev.recorded_at_ms = -1;
	out = round_trip(&ev);
	assert_true(out->seq == UINT64_MAX);
	assert_true(out->recorded_at_ms == -1);
	codec_event_free(&out);

	/* The generic entry points with another message and a tight cap. */
	qp__hello__init(&hello);
	hello.next_seq = 300;
	hello.central_version = 7;
	hello.clock_ms = SUMMER_MS;
	hello.agent_version = "0.1.0";
	assert_int_equal(codec_pack(&hello.base, &buf, &len), 0);
	assert_int_equal(codec_unpack(&qp__hello__descriptor, buf, len, len, &m), 0);
	h = (Qp__Hello *)m;
	assert_int_equal(h->next_seq, 300);
	assert_int_equal(h->central_version, 7);
	assert_true(h->clock_ms == SUMMER_MS);
	assert_string_equal(h->agent_version, "0.1.0");
	codec_free(&m);
	assert_null(m);
	assert_int_equal(codec_unpack(&qp__hello__descriptor, buf, len, len - 1, &m),
	                 QP_ETOOBIG);
	assert_null(m);
	free(buf);

	/* The destructors take NULL. */
	codec_free(NULL);
	codec_free(&m);
	codec_event_free(NULL);
	out = NULL;
	codec_event_free(&out);
}

/* ---- refusals ------------------------------------------------------------ */

static void
test_unpack_over_cap(void **state)
{
	long page = sysconf(_SC_PAGESIZE);
	void *guard;
	Qp__Event *out = (Qp__Event *)&out; /* must be reset to NULL */
	ProtobufCMessage *m = (ProtobufCMessage *)&m;

	(void)state;
	/* Any read of this page faults: a refusal must come before reading. */
	guard = mmap(NULL, (size_t)page, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(guard != MAP_FAILED);
	assert_int_equal(codec_event_unpack(guard, CODEC_EVENT_MAX + 1, &out), QP_ETOOBIG);
	assert_null(out);
	assert_int_equal(codec_event_unpack(guard, SIZE_MAX, &out), QP_ETOOBIG);
	assert_null(out);
	assert_int_equal(codec_unpack(&qp__event__descriptor, guard, 65, 64, &m),
	                 QP_ETOOBIG);
	assert_null(m);
	munmap(guard, (size_t)page);
}

static void
test_unpack_at_cap(void **state)
{
	struct bodies b;
	Qp__Event ev, *out = NULL;
	uint8_t *buf = NULL;
	size_t len = 0, text_len;
	char *text;

	(void)state;
	/* An annual review whose packed event is exactly CODEC_EVENT_MAX. */
	bodies_fill(&b);
	event_init(&ev, &b, QP__EVENT__BODY_ANNUAL_REVIEW);
	b.annual.text = "";
	/*
	 * Without text the field is left out; a text of L > 16 KiB bytes adds
	 * its tag (1), its length (3) and L to the review, whose own length
	 * prefix inside the event grows from 1 to 3 bytes (+2).
	 */
	text_len = CODEC_EVENT_MAX - protobuf_c_message_get_packed_size(&ev.base) - 6;
	text = malloc(text_len + 2);
	assert_non_null(text);
	memset(text, 'x', text_len + 1);
	text[text_len] = '\0';
	b.annual.text = text;
	assert_int_equal(codec_pack(&ev.base, &buf, &len), 0);
	assert_int_equal(len, CODEC_EVENT_MAX);
	assert_int_equal(codec_event_unpack(buf, len, &out), 0);
	assert_int_equal(strlen(out->annual_review->text), text_len);
	codec_event_free(&out);
	free(buf);

	/* One byte more is refused. */
	text[text_len] = 'x';
	text[text_len + 1] = '\0';
	assert_int_equal(codec_pack(&ev.base, &buf, &len), 0);
	assert_int_equal(len, CODEC_EVENT_MAX + 1);
	assert_int_equal(codec_event_unpack(buf, len, &out), QP_ETOOBIG);
	assert_null(out);
	free(buf);
	free(text);
}

static void
test_unpack_garbage(void **state)
{
	static const struct {
		const char *name;
		uint8_t bytes[16];
		size_t len;
	} cases[] = {
		{ "all ones", { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
		                0xff, 0xff, 0xff, 0xff }, 12 },
		{ "string past the end", { 0x0a, 0x10, 'e', 'p', 's' }, 5 },
		{ "varint cut", { 0x10, 0x80 }, 2 },
		{ "tag without value", { 0x10 }, 1 },
		{ "wire type 7", { 0x0f, 0x00 }, 2 },
		{ "wire type 6", { 0x0e, 0x00 }, 2 },
		{ "field number 0", { 0x00, 0x01 }, 2 },
		/* protobuf-c takes these: the first two it then packs as bytes it
		 * refuses; the last is past protobuf's field numbers. */
		{ "field number 0, overlong tag", { 0x80, 0x00, 0x01 }, 3 },
		{ "field number 0 in a body", { 0x52, 0x03, 0x80, 0x00, 0x01 }, 5 },
		{ "field number 2^29", { 0x80, 0x80, 0x80, 0x80, 0x10, 0x01 }, 6 },
		{ "fixed64 cut", { 0x19, 0x01, 0x02 }, 3 },
		{ "bad submessage", { 0x52, 0x02, 0xff, 0xff }, 4 },
		{ "submessage past the end", { 0x52, 0x05, 0x0a, 0x01 }, 4 },
		{ "string as varint", { 0x08, 0x01 }, 2 },
	};
	struct bodies b;
	Qp__Event ev, *out;
	uint8_t *buf = NULL;
	size_t len = 0;

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		out = NULL;
		if (codec_event_unpack(cases[i].bytes, cases[i].len, &out) != QP_EDECODE)
			fail_msg("%s: not refused as QP_EDECODE", cases[i].name);
		assert_null(out);
	}

	/* A real event cut short: its last field loses its last byte. */
	bodies_fill(&b);
	event_init(&ev, &b, QP__EVENT__BODY_VOID);
	assert_int_equal(codec_pack(&ev.base, &buf, &len), 0);
	out = NULL;
	assert_int_equal(codec_event_unpack(buf, len - 1, &out), QP_EDECODE);
	assert_null(out);
	assert_int_equal(codec_event_unpack(buf, len, &out), 0);
	codec_event_free(&out);
	free(buf);
}

/* ---- JSON ---------------------------------------------------------------- */

/* The object has exactly these keys. */
static void
assert_keys(json_t *o, const char *const *keys, size_t n)
{
	assert_true(json_is_object(o));
	assert_int_equal(json_object_size(o), n);
	for (size_t i = 0; i < n; i++) {
		if (json_object_get(o, keys[i]) == NULL)
			fail_msg("key \"%s\" missing", keys[i]);
	}
}

static void
assert_str(json_t *o, const char *key, const char *expect)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_string(v))
		fail_msg("\"%s\" is not a string", key);
	assert_string_equal(json_string_value(v), expect);
}

static void
assert_int(json_t *o, const char *key, json_int_t expect)
{
	json_t *v = json_object_get(o, key);

	if (!json_is_integer(v))
		fail_msg("\"%s\" is not an integer", key);
	assert_true(json_integer_value(v) == expect);
}

static void
test_json_indicator(void **state)
{
	static const char *const keys[] = {
		"site", "seq", "recorded_at", "author", "date", "kind",
		"code", "period", "numerator", "denominator", "comment",
	};
	struct bodies b;
	Qp__Event ev;
	json_t *o;

	(void)state;
	bodies_fill(&b);
	event_init(&ev, &b, QP__EVENT__BODY_INDICATOR);
	o = codec_event_json(&ev);
	assert_non_null(o);
	assert_keys(o, keys, ARRAY_LEN(keys));
	assert_str(o, "site", "eps-paris-13");
	assert_int(o, "seq", 4242);
	assert_str(o, "recorded_at", "2026-07-14T08:30:15.123Z");
	assert_str(o, "author", "RAQN M. Diallo");
	assert_str(o, "date", "2026-07-14");
	assert_str(o, "kind", "indicator");
	assert_str(o, "code", "N7-CALLS-25S");
	assert_str(o, "period", "2026-06");
	assert_int(o, "numerator", 412);
	assert_int(o, "denominator", 480);
	assert_str(o, "comment", "Relevé du standard, juin");
	json_decref(o);

	/* UTC at the turn of the year (already 2027 in Paris), and before 1970. */
	ev.recorded_at_ms = INT64_C(1798761599999);
	o = codec_event_json(&ev);
	assert_non_null(o);
	assert_str(o, "recorded_at", "2026-12-31T23:59:59.999Z");
	json_decref(o);
	ev.recorded_at_ms = INT64_C(1767225600000);
	o = codec_event_json(&ev);
	assert_non_null(o);
	assert_str(o, "recorded_at", "2026-01-01T00:00:00.000Z");
	json_decref(o);
	ev.recorded_at_ms = -1;
	o = codec_event_json(&ev);
	assert_non_null(o);
	assert_str(o, "recorded_at", "1969-12-31T23:59:59.999Z");
	json_decref(o);
}

static void
test_json_void(void **state)
{
	static const char *const keys[] = {
		"site", "seq", "recorded_at", "author", "date", "kind",
		"voids", "reason",
	};
	struct bodies b;
	Qp__Event ev;
	json_t *o;
	char *text;

	(void)state;
	bodies_fill(&b);
	event_init(&ev, &b, QP__EVENT__BODY_VOID);
	o = codec_event_json(&ev);
	assert_non_null(o);
	assert_keys(o, keys, ARRAY_LEN(keys));
	assert_str(o, "kind", "void");
	assert_int(o, "voids", 3);
	assert_str(o, "reason", "Saisie en double");
	text = json_dumps(o, JSON_SORT_KEYS | JSON_COMPACT);
	assert_non_null(text);
	assert_string_equal(text,
	    "{\"author\":\"RAQN M. Diallo\",\"date\":\"2026-07-14\","
	    "\"kind\":\"void\",\"reason\":\"Saisie en double\","
	    "\"recorded_at\":\"2026-07-14T08:30:15.123Z\","
	    "\"seq\":4242,\"site\":\"eps-paris-13\",\"voids\":3}");
	free(text);
	json_decref(o);
}

static void
test_json_other_kinds(void **state)
{
	struct bodies b;
	Qp__Event ev;
	json_t *o, *scores;
	char *text;

	(void)state;
	bodies_fill(&b);
	event_init(&ev, &b, QP__EVENT__BODY_CHECK_RUN);
	o = codec_event_json(&ev);
	assert_non_null(o);
	assert_int_equal(json_object_size(o), 10);
	assert_str(o, "kind", "check-run");
	assert_str(o, "check", "badge-accueil");
	assert_str(o, "run_date", "2026-07-13");
	assert_str(o, "result", "ko");
	assert_str(o, "comment", "Badge oublié");
	json_decref(o);

	event_init(&ev, &b, QP__EVENT__BODY_CLEANING_EVALUATION);
	o = codec_event_json(&ev);
	assert_non_null(o);
	assert_int_equal(json_object_size(o), 9);
	assert_str(o, "kind", "cleaning-evaluation");
	assert_str(o, "quarter", "2026-Q2");
	scores = json_object_get(o, "scores");
	text = json_dumps(scores, JSON_SORT_KEYS | JSON_COMPACT);
	assert_non_null(text);
	assert_string_equal(text, "{\"accueil\":100,\"bureaux\":0,\"sanitaires\":85}");
	free(text);
	json_decref(o);

	event_init(&ev, &b, QP__EVENT__BODY_CHECK_DEFINITION);
	o = codec_event_json(&ev);
	assert_non_null(o);
	assert_int_equal(json_object_size(o), 13);
	assert_str(o, "kind", "check");
	assert_true(json_is_true(json_object_get(o, "active")));
	assert_str(o, "since", "2026-01-05");
	json_decref(o);

	event_init(&ev, &b, QP__EVENT__BODY_ANNUAL_REVIEW);
	o = codec_event_json(&ev);
	assert_non_null(o);
	assert_int(o, "year", 2025);
	assert_str(o, "approved_on", "2026-01-20");
	json_decref(o);
}

static void
test_kind_names(void **state)
{
	static const struct {
		Qp__Event__BodyCase c;
		const char *name;
	} kinds[] = {
		{ QP__EVENT__BODY_INDICATOR, "indicator" },
		{ QP__EVENT__BODY_CHECK_DEFINITION, "check" },
		{ QP__EVENT__BODY_CHECK_RUN, "check-run" },
		{ QP__EVENT__BODY_CLEANING_SIGNOFF, "cleaning-signoff" },
		{ QP__EVENT__BODY_CLEANING_EVALUATION, "cleaning-evaluation" },
		{ QP__EVENT__BODY_ACTION, "action" },
		{ QP__EVENT__BODY_ACTION_REVIEW, "action-review" },
		{ QP__EVENT__BODY_ANNUAL_REVIEW, "annual-review" },
		{ QP__EVENT__BODY_VOID, "void" },
	};
	struct bodies b;
	Qp__Event ev;

	(void)state;
	bodies_fill(&b);
	for (size_t i = 0; i < ARRAY_LEN(kinds); i++) {
		event_init(&ev, &b, kinds[i].c);
		assert_string_equal(codec_event_kind(&ev), kinds[i].name);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_each_kind),
		cmocka_unit_test(test_round_trip_edges),
		cmocka_unit_test(test_unpack_over_cap),
		cmocka_unit_test(test_unpack_at_cap),
		cmocka_unit_test(test_unpack_garbage),
		cmocka_unit_test(test_json_indicator),
		cmocka_unit_test(test_json_void),
		cmocka_unit_test(test_json_other_kinds),
		cmocka_unit_test(test_kind_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
