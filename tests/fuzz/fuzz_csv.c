/*
 * fuzz_csv: the streaming CSV reader (common/csv.c) and the import
 * computation behind it (common/import.c), on any bytes as a file.
 *
 * The first byte chooses the read size (bits 0-2: 1..8 bytes per read),
 * small caps (bit 3: 64-byte records, bit 4: 3 fields), a fixed ','
 * (bit 5) and the indicator of the import (bits 6-7), so that buffer
 * refills, the encoding sniff and the caps land anywhere in the input. Checks beyond the sanitizers (abort
 * on mismatch):
 *   - every field is valid UTF-8 (whatever the input's encoding);
 *   - record lines start at 1 and never go back;
 *   - reading in small chunks and all at once gives the same records, the
 *     same faults and the same final code;
 *   - the import of the same bytes never counts more rows in its months
 *     than it read, and on_time + late + pending = rows in every month.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "fuzz.h"
#include "import.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (sodium_init() < 0)
		abort();
	return 0;
}

struct mem {
	const uint8_t *data;
	size_t len, pos, chunk;
};

static ssize_t
mem_read(void *ctx, void *buf, size_t len)
{
	struct mem *m = ctx;
	size_t n = m->len - m->pos;

	if (n > len)
		n = len;
	if (m->chunk != 0 && n > m->chunk)
		n = m->chunk;
	memcpy(buf, m->data + m->pos, n);
	m->pos += n;
	return (ssize_t)n;
}

static bool
utf8_valid(const unsigned char *s)
{
	while (*s) {
		int n;
		unsigned cp;

		if (*s < 0x80) {
			s++;
			continue;
		}
		if (*s >= 0xC2 && *s <= 0xDF)
			n = 1, cp = *s & 0x1F;
		else if (*s >= 0xE0 && *s <= 0xEF)
			n = 2, cp = *s & 0x0F;
		else if (*s >= 0xF0 && *s <= 0xF4)
			n = 3, cp = *s & 0x07;
		else
			return false;
		for (int i = 1; i <= n; i++) {
			if ((s[i] & 0xC0) != 0x80)
				return false;
			cp = (cp << 6) | (s[i] & 0x3F);
		}
		if ((n == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
		    (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
			return false;
		s += n + 1;
	}
	return true;
}

/* Reads everything; returns the final code and a digest of the records. */
static int
read_all(const uint8_t *data, size_t len, size_t chunk, const csv_options *o,
         unsigned char digest[crypto_generichash_BYTES])
{
	struct mem m = { data, len, 0, chunk };
	crypto_generichash_state st;
	csv_reader *r = NULL;
	long last = 1;
	int rc;

	if (csv_new(mem_read, &m, o, &r) != 0)
		abort();
	crypto_generichash_init(&st, NULL, 0, crypto_generichash_BYTES);
	while ((rc = csv_next(r)) == 1) {
		long line = csv_line(r);
		const char *p = csv_problem(r);

		if (line < last || csv_nfields(r) == 0)
			abort();
		last = line;
		crypto_generichash_update(&st, (const unsigned char *)&line, sizeof(line));
		for (size_t i = 0; i < csv_nfields(r); i++) {
			const char *f = csv_field(r, i);

			if (!utf8_valid((const unsigned char *)f))
				abort();
			crypto_generichash_update(&st, (const unsigned char *)f, strlen(f) + 1);
		}
		if (p != NULL)
			crypto_generichash_update(&st, (const unsigned char *)p, strlen(p));
	}
	crypto_generichash_final(&st, digest, crypto_generichash_BYTES);
	csv_destroy(&r);
	return rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const codes[] = {
		"S1-MISSING-12D",
		"S2-FIRST-5WD",
		"S2-APPT-30WD",
		"N7-CALLS-25S",
	};
	unsigned char a[crypto_generichash_BYTES], b[crypto_generichash_BYTES];
	csv_options o = { 0, 0, 0 };
	import_options io;
	import_result *res = NULL;
	struct mem m;
	char err[512];
	size_t chunk;
	uint64_t rows = 0;

	if (size < 1)
		return 0;
	chunk = (data[0] & 0x07) + 1;
	if (data[0] & 0x08)
		o.max_record = 64;
	if (data[0] & 0x10)
		o.max_fields = 3;
	if (data[0] & 0x20)
		o.delimiter = ',';
	data++;
	size--;
	if (read_all(data, size, chunk, &o, a) != read_all(data, size, 0, &o, b) ||
	    memcmp(a, b, sizeof(a)) != 0)
		abort();

	memset(&io, 0, sizeof(io));
	io.code = codes[(data - 1)[0] >> 6 & 3];
	io.as_of = cal_from_ymd(2026, 6, 30);
	io.max_listed = 4;
	m = (struct mem){ data, size, 0, chunk };
	if (import_run(mem_read, &m, &io, &res, err, sizeof(err)) != 0) {
		if (res != NULL)
			abort();
		return 0;
	}
	for (size_t i = 0; i < res->n_months; i++) {
		const import_month *mm = &res->months[i];

		if (mm->on_time + mm->late + mm->pending != mm->rows)
			abort();
		rows += mm->rows;
	}
	if (rows > res->rows || res->n_listed > 4 || res->n_listed > res->rejected)
		abort();
	import_result_destroy(&res);
	return 0;
}
