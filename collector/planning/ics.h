/*
 * ics.h: iCalendar content lines (RFC 5545 §3.1, §3.3.11): TEXT escaping
 * and line folding. A small pure library; planning_cmd.c writes the
 * calendar objects with it.
 *
 * Lines end with CRLF. A line longer than 75 octets (CRLF excluded) is
 * folded: CRLF and one space are inserted so that no physical line exceeds
 * 75 octets, and a fold never splits a UTF-8 sequence.
 */
#ifndef QP_ICS_H
#define QP_ICS_H

#include <stdbool.h>
#include <stdio.h>

#include "qp_error.h"

#define ICS_LINE_OCTETS 75

/*
 * TEXT value escaping: backslash, semicolon and comma take a backslash, a
 * line break ("\n" or "\r\n") becomes "\n"; other control characters but
 * tab are dropped (TEXT does not allow them). Returns a malloc'd string the
 * caller frees, or NULL when out of memory.
 */
char *ics_escape_text(const char *text);

/*
 * The physical lines of one content line, each ended by CRLF. Returns a
 * malloc'd string the caller frees, or NULL when out of memory.
 */
char *ics_fold(const char *line);

/*
 * Writes the content line "NAME:VALUE" folded; with `text`, VALUE is
 * escaped first. `name` may carry parameters ("DTSTART;VALUE=DATE").
 * Returns 0, QP_ENOMEM or QP_EIO.
 */
int ics_write(FILE *fp, const char *name, const char *value, bool text) QP_MUST_CHECK;

#endif
