/*
 * fuzz_event: a packed qp.Event as the collector finds it in a batch and
 * the review reads it from the store: codec_event_unpack, then
 * domain_event_valid and codec_event_json.
 *
 * Checks beyond the sanitizers: the input read as text, domain_text_valid
 * takes what its former two walks took (text_valid_two_walks); a refusal
 * says why; the JSON form, when
 * there is one, dumps; the event packs and unpacks to the same verdict and
 * the same packed bytes (what the collector stores is what it validated).
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"
#include "domain.h"
#include "fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

static int
verdict(const Qp__Event *ev)
{
	char err[256];
	int e;

	err[0] = '\0';
	e = domain_event_valid(ev, err, sizeof(err));
	if (e != 0 && (e != QP_EINVAL || err[0] == '\0'))
		abort();
	return e;
}

static void
check_json(const Qp__Event *ev)
{
	json_t *j = codec_event_json(ev);
	char *text;

	/* NULL when a string is not UTF-8: jansson refuses it. */
	if (j == NULL)
		return;
	text = json_dumps(j, JSON_COMPACT);
	if (text == NULL)
		abort();
	free(text);
	json_decref(j);
}

/*
 * domain_text_valid walks the text once; it must take exactly what its
 * two walks took before (issue #18): UTF-8 by domain_utf8_valid, then no
 * C0 control, DEL or C1 control, newlines and tabs only in free text.
 */
static bool
text_valid_two_walks(const char *s, bool multiline)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!domain_utf8_valid(s, strlen(s)))
		return false;
	for (size_t i = 0; p[i] != '\0'; i++) {
		if ((p[i] < 0x20 || p[i] == 0x7f) && !(multiline && (p[i] == '\n' || p[i] == '\t')))
			return false;
		if (p[i] == 0xc2 && p[i + 1] >= 0x80 && p[i + 1] <= 0x9f)
			return false;
	}
	return true;
}

static void
check_text(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	for (int m = 0; m < 2; m++)
		if (domain_text_valid(s, m) != text_valid_two_walks(s, m))
			abort();
	free(s);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Qp__Event *ev = NULL, *again = NULL;
	uint8_t *packed = NULL, *repacked = NULL;
	size_t plen, rlen;
	int valid;

	check_text(data, size);
	if (codec_event_unpack(data, size, &ev) != 0)
		return 0;
	valid = verdict(ev);
	(void)codec_event_kind(ev);
	check_json(ev);

	if (codec_pack(&ev->base, &packed, &plen) != 0)
		abort();
	if (codec_event_unpack(packed, plen, &again) != 0)
		abort();
	if (verdict(again) != valid)
		abort();
	if (codec_pack(&again->base, &repacked, &rlen) != 0)
		abort();
	if (rlen != plen || memcmp(packed, repacked, plen) != 0)
		abort();

	free(repacked);
	free(packed);
	codec_event_free(&again);
	codec_event_free(&ev);
	return 0;
}
