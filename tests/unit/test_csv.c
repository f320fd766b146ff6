/*
 * test_csv: the streaming CSV reader (common/csv.c) on the files French
 * spreadsheets write: ';' or ',', quotes, CRLF, UTF-8 with or without BOM,
 * Windows-1252; its caps and its errors. Every input is also read one byte
 * per read() call, which must give the same records (buffer boundaries).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "csv.h"

struct mem {
	const char *data;
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

/*
 * Reads `len` bytes of data in chunks of `chunk` (0: whole) and writes
 * every record as "line|f1|f2|...\n" (a problem as "!problem") into out.
 * Returns the last csv_next code.
 */
static int
dump(const char *data, size_t len, size_t chunk, const csv_options *o, char *out, size_t outlen,
     char *delim, enum csv_encoding *enc)
{
	struct mem m = { data, len, 0, chunk };
	csv_reader *r = NULL;
	size_t used = 0;
	int rc;

	assert_int_equal(csv_new(mem_read, &m, o, &r), 0);
	out[0] = '\0';
	while ((rc = csv_next(r)) == 1) {
		used += (size_t)snprintf(out + used, outlen - used, "%ld", csv_line(r));
		for (size_t i = 0; i < csv_nfields(r); i++)
			used += (size_t)snprintf(out + used, outlen - used, "|%s", csv_field(r, i));
		if (csv_problem(r) != NULL)
			used += (size_t)snprintf(out + used, outlen - used, "!%s", csv_problem(r));
		used += (size_t)snprintf(out + used, outlen - used, "\n");
		assert_true(used < outlen);
	}
	if (rc < 0)
		snprintf(out + used, outlen - used, "ERROR %s", csv_error(r));
	if (delim != NULL)
		*delim = csv_delimiter(r);
	if (enc != NULL)
		*enc = csv_encoding_of(r);
	csv_destroy(&r);
	assert_null(r);
	return rc;
}

/* Whole and byte by byte must agree; returns the code. */
static int
read_all(const char *data, size_t len, const csv_options *o, char *out, size_t outlen, char *delim,
         enum csv_encoding *enc)
{
	char *again = malloc(outlen);
	int rc, rc1;

	assert_non_null(again);
	rc = dump(data, len, 0, o, out, outlen, delim, enc);
	rc1 = dump(data, len, 1, o, again, outlen, NULL, NULL);
	assert_int_equal(rc, rc1);
	assert_string_equal(out, again);
	free(again);
	return rc;
}

#define READ(lit, out) read_all(lit, sizeof(lit) - 1, NULL, out, sizeof(out), &delim, &enc)

static void
test_semicolon_crlf(void **state)
{
	char out[1024], delim;
	enum csv_encoding enc;

	(void)state;
	assert_int_equal(READ("a;b;c\r\n1;2;3\r\n;;\r\n4;5\r\n", out), 0);
	assert_int_equal(delim, ';');
	assert_int_equal(enc, CSV_ENC_ASCII);
	assert_string_equal(out, "1|a|b|c\n2|1|2|3\n3|||\n4|4|5\n");
}

static void
test_comma_detected_and_last_line(void **state)
{
	char out[1024], delim;
	enum csv_encoding enc;

	(void)state;
	/* No end of line at the end; a blank line is skipped; lone CR. */
	assert_int_equal(READ("x,y\n\n1,2\r3,4", out), 0);
	assert_int_equal(delim, ',');
	assert_string_equal(out, "1|x|y\n3|1|2\n4|3|4\n");
}

static void
test_quoted_fields(void **state)
{
	char out[1024], delim;
	enum csv_encoding enc;

	(void)state;
	/*
	 * Line 2's record holds a ';', a doubled quote and a CRLF inside
	 * quotes: it spans lines 2 and 3, so the next record is on line 4.
	 * Blanks after a closing quote are dropped.
	 */
	assert_int_equal(READ("id;note;d\r\n"
	                      "1;\"a;b \"\"c\"\"\r\nsuite\";\"01/02/2026\" \r\n"
	                      "2;\"\";x\r\n",
	                      out),
	                 0);
	assert_int_equal(delim, ';');
	assert_string_equal(out, "1|id|note|d\n"
	                         "2|1|a;b \"c\"\nsuite|01/02/2026\n"
	                         "4|2||x\n");
}

static void
test_delimiter_inside_quotes_ignored_for_detection(void **state)
{
	char out[1024], delim;
	enum csv_encoding enc;

	(void)state;
	/* Two ',' outside quotes, three ';' inside: ','. */
	assert_int_equal(READ("\"a;b;c;d\",e,f\n1,2,3\n", out), 0);
	assert_int_equal(delim, ',');
	assert_string_equal(out, "1|a;b;c;d|e|f\n2|1|2|3\n");
}

static void
test_utf8_bom_comma(void **state)
{
	char out[1024], delim;
	enum csv_encoding enc;

	(void)state;
	assert_int_equal(READ("\xEF\xBB\xBF"
	                      "Durée,Répondu\n12,Oui\n",
	                      out),
	                 0);
	assert_int_equal(delim, ',');
	assert_int_equal(enc, CSV_ENC_UTF8_BOM);
	assert_string_equal(out, "1|Durée|Répondu\n2|12|Oui\n");
}

static void
test_utf8_no_bom(void **state)
{
	char out[1024], delim;
	enum csv_encoding enc;

	(void)state;
	assert_int_equal(READ("a;b\nl'\xC5\x93uvre;5 \xE2\x82\xAC\n", out), 0);
	assert_int_equal(enc, CSV_ENC_UTF8);
	assert_string_equal(out, "1|a|b\n2|l'œuvre|5 €\n");
}

static void
test_cp1252(void **state)
{
	char out[1024], delim;
	enum csv_encoding enc;

	(void)state;
	/* é E9, è E8, à E0, œ 9C, € 80, ’ 92 in Windows-1252. */
	assert_int_equal(READ("Date d\xE9p\xF4t;Re\xE7u \xE0;Co\xFBt\r\n"
	                      "\x9C"
	                      "uvre;\x80;l\x92\xE8re\r\n",
	                      out),
	                 0);
	assert_int_equal(delim, ';');
	assert_int_equal(enc, CSV_ENC_CP1252);
	assert_string_equal(out, "1|Date dépôt|Reçu à|Coût\n"
	                         "2|œuvre|€|l’ère\n");
}

static void
test_invalid_utf8_marks_the_record(void **state)
{
	char out[1024], delim;
	enum csv_encoding enc;

	(void)state;
	/*
	 * The BOM says UTF-8; a lone 0xE9 is a fault of its record only,
	 * replaced by U+FFFD; the next record is clean. A NUL byte is a
	 * fault too. (Without the BOM, the lone 0xE9 in the window read at
	 * the first non-ASCII byte would make the file Windows-1252.)
	 */
	assert_int_equal(READ("\xEF\xBB\xBF"
	                      "a;b\n\xC3\xA9;1\nx\xE9;2\n3;4\n5\0;6\n",
	                      out),
	                 0);
	assert_int_equal(enc, CSV_ENC_UTF8_BOM);
	assert_string_equal(out, "1|a|b\n2|é|1\n"
	                         "3|x\xEF\xBF\xBD|2!invalid UTF-8 sequence\n4|3|4\n"
	                         "5|5|6!NUL byte\n");
}

static void
test_encoding_decided_at_first_non_ascii(void **state)
{
	/* 5,000 ASCII bytes, then "é" in UTF-8; 5,000 bytes further, a lone
	 * 0xE9: outside the window read at the first non-ASCII byte, so the
	 * file stays UTF-8 and only that record is marked. */
	size_t n = 0, cap = 12000;
	char *data = malloc(cap), *out = malloc(cap * 2), delim;
	enum csv_encoding enc;

	(void)state;
	assert_non_null(data);
	assert_non_null(out);
	n += (size_t)snprintf(data + n, cap - n, "a;b\n");
	for (int i = 0; i < 500; i++)
		n += (size_t)snprintf(data + n, cap - n, "123456;89\n");
	n += (size_t)snprintf(data + n, cap - n, "\xC3\xA9;1\n");
	for (int i = 0; i < 500; i++)
		n += (size_t)snprintf(data + n, cap - n, "123456;89\n");
	n += (size_t)snprintf(data + n, cap - n, "x\xE9;2\n");
	assert_int_equal(read_all(data, n, NULL, out, cap * 2, &delim, &enc), 0);
	assert_int_equal(enc, CSV_ENC_UTF8);
	assert_non_null(strstr(out, "\n502|é|1\n"));
	assert_non_null(strstr(out, "\n1003|x\xEF\xBF\xBD|2!invalid UTF-8 sequence\n"));
	free(data);
	free(out);
}

static void
test_text_after_quote(void **state)
{
	char out[1024], delim;
	enum csv_encoding enc;

	(void)state;
	assert_int_equal(READ("a;b\n\"x\"y;2\n", out), 0);
	assert_string_equal(out, "1|a|b\n2|xy|2!text after a closing quote\n");
}

static void
test_unterminated_quote(void **state)
{
	char out[1024], delim;
	enum csv_encoding enc;

	(void)state;
	assert_int_equal(READ("a;b\n1;2\n3;\"open\n4;5\n", out), QP_EINVAL);
	assert_string_equal(out, "1|a|b\n2|1|2\nERROR line 3: quoted field "
	                         "not closed at the end of the file");
}

static void
test_record_cap(void **state)
{
	csv_options o = { 0, 16, 4 };
	char out[1024], delim;
	enum csv_encoding enc;

	(void)state;
	/* 16 bytes fit, 17 do not. */
	assert_int_equal(read_all("0123456789abcdef\n0123456789abcdefg\n", 35, &o, out, sizeof(out),
	                          &delim, &enc),
	                 QP_ETOOBIG);
	assert_string_equal(out, "1|0123456789abcdef\nERROR line 2: record "
	                         "longer than 16 bytes (a quote left open?)");
	/* Four fields fit, five do not. */
	assert_int_equal(read_all("a;b;c;d\na;b;c;d;e\n", 18, &o, out, sizeof(out), &delim, &enc),
	                 QP_ETOOBIG);
	assert_string_equal(out, "1|a|b|c|d\nERROR line 2: more than 4 fields");
}

static void
test_utf16_refused(void **state)
{
	char out[1024], delim;
	enum csv_encoding enc;

	(void)state;
	assert_int_equal(READ("\xFF\xFE"
	                      "a\0;\0",
	                      out),
	                 QP_EINVAL);
	assert_string_equal(out, "ERROR line 1: UTF-16 text: save the file as "
	                         "CSV (UTF-8 or Windows-1252)");
}

static void
test_fixed_delimiter_and_bad_option(void **state)
{
	csv_options o = { ',', 0, 0 }, bad = { '\t', 0, 0 };
	csv_reader *r = NULL;
	char out[256], delim;
	enum csv_encoding enc;
	struct mem m = { "", 0, 0, 0 };

	(void)state;
	assert_int_equal(read_all("a;b,c\n", 6, &o, out, sizeof(out), &delim, &enc), 0);
	assert_string_equal(out, "1|a;b|c\n");
	assert_int_equal(csv_new(mem_read, &m, &bad, &r), QP_EINVAL);
	assert_null(r);
	/* An empty input has no record. */
	assert_int_equal(read_all("", 0, NULL, out, sizeof(out), &delim, &enc), 0);
	assert_string_equal(out, "");
}

static ssize_t
failing_read(void *ctx, void *buf, size_t len)
{
	(void)ctx;
	(void)buf;
	(void)len;
	errno = EIO;
	return -1;
}

static void
test_read_error(void **state)
{
	csv_reader *r = NULL;

	(void)state;
	assert_int_equal(csv_new(failing_read, NULL, NULL, &r), 0);
	assert_int_equal(csv_next(r), QP_EIO);
	assert_non_null(strstr(csv_error(r), "read error"));
	assert_int_equal(csv_next(r), QP_EIO);
	csv_destroy(&r);
	csv_destroy(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_semicolon_crlf),
		cmocka_unit_test(test_comma_detected_and_last_line),
		cmocka_unit_test(test_quoted_fields),
		cmocka_unit_test(test_delimiter_inside_quotes_ignored_for_detection),
		cmocka_unit_test(test_utf8_bom_comma),
		cmocka_unit_test(test_utf8_no_bom),
		cmocka_unit_test(test_cp1252),
		cmocka_unit_test(test_invalid_utf8_marks_the_record),
		cmocka_unit_test(test_encoding_decided_at_first_non_ascii),
		cmocka_unit_test(test_text_after_quote),
		cmocka_unit_test(test_unterminated_quote),
		cmocka_unit_test(test_record_cap),
		cmocka_unit_test(test_utf16_refused),
		cmocka_unit_test(test_fixed_delimiter_and_bad_option),
		cmocka_unit_test(test_read_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
