/*
 * format.h: the output formats both programs share, so that a figure reads
 * the same in the agent's JSON, the collector's JSON and CSV, and the
 * French reports.
 *
 * - Real numbers in JSON and CSV: the shortest decimal text that reads back
 *   as the same double ("0.85", not "0.84999999999999998"), plain decimals
 *   rather than exponents where a spreadsheet would show them.
 * - JSON: keys in insertion order, reals as above and always with a '.'
 *   or an exponent so they stay reals.
 * - CSV (RFC 4180): a cell is quoted when it holds a comma, quote or line
 *   break; a text cell starting with = + - @ tab or CR gets a leading
 *   apostrophe (OWASP "CSV injection"), so a spreadsheet shows it as text
 *   instead of running it as a formula.
 * - French figures for people: the decimal comma, written explicitly (the
 *   programs never change LC_NUMERIC).
 *
 * No state; every function is safe from any thread.
 */
#ifndef QP_FORMAT_H
#define QP_FORMAT_H

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>

#include "qp_error.h"

/* Room for any fmt_double text, NUL included. */
#define FMT_DOUBLE_MAX 32

/* The shortest decimal text that reads back as x. Returns buf. */
char *fmt_double(double x, char buf[FMT_DOUBLE_MAX]);

/* x with `decimals` decimals and a decimal comma: "85,3". Returns buf. */
char *fmt_decimal_fr(double x, int decimals, char *buf, size_t len);

/*
 * Writes v as JSON: indent < 0 compact ({"a":1}), else pretty with that
 * many spaces per level. 0 or QP_EIO when the stream failed.
 */
int fmt_json_dump(const json_t *v, FILE *fp, int indent) QP_MUST_CHECK;
/* The same into a new string (the caller frees), or NULL (no memory). */
char *fmt_json_text(const json_t *v, int indent);

/* One CSV text cell (quoted and neutralised as above). */
void fmt_csv_field(FILE *fp, const char *s);
/* A JSON scalar as a CSV cell: null empty, numbers as numbers (never
 * neutralised), strings through fmt_csv_field. */
void fmt_csv_value(FILE *fp, const json_t *v);

#endif
