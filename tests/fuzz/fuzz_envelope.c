/*
 * fuzz_envelope: envelope_peek and envelope_open on arbitrary bytes, as the
 * collector meets them on its ROUTER socket, with the collector's fixed
 * key pair and the seed site's public key.
 *
 * Checks beyond the sanitizers: peek and open agree (open fails with peek's
 * error, or opens, or says bad-box); a peeked site is 1..64 printable
 * characters; the size cap is honoured; what opens seals and opens again to
 * the same bytes.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "protocol.h"

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

	/* The cap is checked before anything is decoded. */
	if (size > 0 && envelope_peek(data, size, size - 1, site) != QP_ETOOBIG)
		abort();
	return 0;
}
