/*
 * fuzz_envelope: envelope_peek and envelope_open on arbitrary bytes, as the
 * collector meets them on its ROUTER socket, with the collector's fixed
 * key pair and the seed site's public key.
 *
 * Checks beyond the sanitizers: peek and open agree (open fails with peek's
 * error, or opens, or says bad-box); a peeked site is 1..64 printable
 * characters; the size cap is honoured; what opens seals and opens again to
 * the same bytes; peek reads what protobuf-c's own unpack reads (issue #18:
 * the envelope is walked without protobuf-c): where peek succeeds,
 * protobuf-c unpacks the same fields, and where protobuf-c unpacks sound
 * fields, those fields packed plainly peek (the walk refuses some odd
 * bytes protobuf-c lets by: a NUL inside the site, a field number 0).
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "protocol.h"
#include "qualiparis.pb-c.h"

static envelope_peer *collector_side;   /* opens what the site sealed */
static envelope_peer *site_side;        /* seals as the site */

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	keypair *collector = fuzz_keypair(FUZZ_COLLECTOR_SECRET);
	keypair *site = fuzz_keypair(FUZZ_SITE_SECRET);

	(void)argc;
	(void)argv;
	collector_side = fuzz_peer(collector, site);
	site_side = fuzz_peer(site, collector);
	keypair_destroy(&collector);
	keypair_destroy(&site);
	return 0;
}

static void
check_site(const char *site)
{
	size_t n = strlen(site);

	if (n == 0 || n > ENVELOPE_SITE_MAX)
		abort();
	for (size_t i = 0; i < n; i++)
		if (site[i] <= ' ' || site[i] > '~')
			abort();
}

/* What opened must seal again, as that site, and open to the same bytes. */
static void
check_reseal(const char *site, const uint8_t *plain, size_t len)
{
	uint8_t *frame = NULL, *again = NULL;
	size_t flen, alen;

	if (envelope_seal(site_side, site, plain, len, &frame, &flen) != 0)
		abort();
	if (envelope_open(collector_side, frame, flen, PROTOCOL_FRAME_MAX,
	    &again, &alen) != 0)
		abort();
	if (alen != len || (len > 0 && memcmp(again, plain, len) != 0))
		abort();
	free(again);
	free(frame);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char site[ENVELOPE_SITE_MAX + 1];
	uint8_t *plain = NULL;
	size_t plen = 0;
	int peeked, opened;

	peeked = envelope_peek(data, size, PROTOCOL_FRAME_MAX, site);
	if (peeked == 0)
		check_site(site);
	else if (peeked != QP_EDECODE)
		abort();

	opened = envelope_open(collector_side, data, size, PROTOCOL_FRAME_MAX,
	                       &plain, &plen);
	if (peeked != 0 && opened != peeked)
		abort();
	if (peeked == 0 && opened != 0 && opened != QP_EBADBOX)
		abort();
	if (opened == 0) {
		check_reseal(site, plain, plen);
		free(plain);
	}

	/* The same reading as protobuf-c's. */
	{
		Qp__Envelope *env = qp__envelope__unpack(NULL, size, data);
		int sound = env != NULL && env->version == ENVELOPE_VERSION &&
		            env->nonce.len == 24 && env->box.len >= 16 && env->site != NULL;
		if (sound) {
			/* protobuf-c's string ends at a NUL the bytes may hold;
			 * the walk refuses such a site outright. */
			size_t n = strlen(env->site);
			sound = n > 0 && n <= ENVELOPE_SITE_MAX;
			for (size_t i = 0; sound && i < n; i++)
				sound = env->site[i] > ' ' && env->site[i] <= '~';
		}
		if (peeked == 0 && (!sound || strcmp(site, env->site) != 0))
			abort();
		if (peeked != 0 && sound) {
			/* The walk is stricter than protobuf-c on odd bytes (a NUL
			 * inside the site, which protobuf-c cuts; a field number
			 * 0): the same fields packed plainly peek to that site. */
			Qp__Envelope plainly = QP__ENVELOPE__INIT;
			size_t n;
			uint8_t *re;
			char again[ENVELOPE_SITE_MAX + 1];
			plainly.version = env->version;
			plainly.site = env->site;
			plainly.nonce = env->nonce;
			plainly.box = env->box;
			n = qp__envelope__get_packed_size(&plainly);
			re = malloc(n ? n : 1);
			if (re == NULL || qp__envelope__pack(&plainly, re) != n ||
			    (n <= PROTOCOL_FRAME_MAX &&
			     (envelope_peek(re, n, PROTOCOL_FRAME_MAX, again) != 0 ||
			      strcmp(again, env->site) != 0)))
				abort();
			free(re);
		}
		if (env != NULL)
			qp__envelope__free_unpacked(env, NULL);
	}

	/* The cap is checked before anything is decoded. */
	if (size > 0 && envelope_peek(data, size, size - 1, site) != QP_ETOOBIG)
		abort();
	return 0;
}
