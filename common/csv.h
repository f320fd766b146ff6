/*
 * csv.h: a streaming reader of CSV files as French spreadsheets and
 * business exports write them.
 *
 * - The delimiter is ';' or ',', detected on the first record (the one
 *   with more of them outside quotes; ';' on a tie) unless the caller
 *   fixes it.
 * - Fields may be quoted ("..."), a quoted field holds delimiters, CR/LF
 *   line breaks (given back as "\n") and doubled quotes ("" -> ").
 * - The text is UTF-8 (with or without a BOM) or Windows-1252: a BOM says
 *   UTF-8; otherwise the first non-ASCII bytes decide (valid UTF-8 in the
 *   buffered window means UTF-8, anything else Windows-1252). Fields are
 *   always given back as UTF-8. A UTF-16 file is refused.
 * - Records end with LF, CRLF or a lone CR; a last line without an end of
 *   line counts. Blank lines are skipped.
 *
 * Memory is bounded and independent of the file's size: one input buffer
 * and one record of at most `max_record` decoded bytes in `max_fields`
 * fields. A longer record, an unterminated quote at the end of the file, a
 * read error or a UTF-16 file stop the reading (a negative code and
 * csv_error()); smaller faults (an invalid UTF-8 sequence, a NUL byte, text
 * after a closing quote) only mark the record (csv_problem()) so that the
 * caller can reject that row and go on.
 *
 * Nothing here knows about the command line; messages are English ids
 * (translated through i18n.h where they are formatted).
 */
#ifndef QP_CSV_H
#define QP_CSV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "qp_error.h"

/*
 * Reads up to len bytes into buf: the count, 0 at the end of the input, -1
 * on error (errno set).
 */
typedef ssize_t (*csv_read_fn)(void *ctx, void *buf, size_t len);

enum csv_encoding {
	CSV_ENC_ASCII = 0, /* nothing but ASCII seen so far */
	CSV_ENC_UTF8,
	CSV_ENC_UTF8_BOM,
	CSV_ENC_CP1252,
};

typedef struct csv_options {
	char delimiter;    /* ';' or ','; 0 to detect */
	size_t max_record; /* decoded bytes of one record; 0: 64 KiB */
	size_t max_fields; /* fields of one record; 0: 512 */
} csv_options;

#define CSV_DEFAULT_MAX_RECORD (64u * 1024u)
#define CSV_DEFAULT_MAX_FIELDS 512u

typedef struct csv_reader csv_reader;

/*
 * A reader pulling from fn(ctx), which it borrows until csv_destroy.
 * opts may be NULL (detect, default caps). QP_ENOMEM or QP_EINVAL (a
 * delimiter other than ';' or ',').
 */
int csv_new(csv_read_fn fn, void *ctx, const csv_options *opts, csv_reader **out) QP_MUST_CHECK;
void csv_destroy(csv_reader **r);

/* A csv_read_fn over a FILE * (ctx). */
ssize_t csv_read_stdio(void *ctx, void *buf, size_t len);

/*
 * The next record: 1 (a record), 0 (end of input) or a negative code:
 * QP_ETOOBIG (record over a cap), QP_EINVAL (unterminated quote, UTF-16),
 * QP_EIO (read error); csv_error() says which, with the line. After an
 * error every call returns the same error.
 */
int csv_next(csv_reader *r) QP_MUST_CHECK;

size_t csv_nfields(const csv_reader *r);
/* Field i as UTF-8 (NUL-terminated), valid until the next csv_next; "" past
 * the last field. */
const char *csv_field(const csv_reader *r, size_t i);
/* The physical line (1-based) where the current record starts. */
long csv_line(const csv_reader *r);
/* English id of the current record's fault, or NULL. */
const char *csv_problem(const csv_reader *r);
/* English message of the error that stopped the reading ("" if none). */
const char *csv_error(const csv_reader *r);
/* The delimiter in use (after the first csv_next). */
char csv_delimiter(const csv_reader *r);
enum csv_encoding csv_encoding_of(const csv_reader *r);
/* "utf-8", "utf-8 (BOM)", "windows-1252" or "ascii". */
const char *csv_encoding_name(enum csv_encoding e);

#endif
