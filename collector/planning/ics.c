/*
 * ics.c: RFC 5545 escaping and folding (see ics.h).
 */
#include "ics.h"

#include <stdlib.h>
#include <string.h>

char *
ics_escape_text(const char *text)
{
	size_t n = strlen(text), o = 0;
	char *out = malloc(2 * n + 1);   /* every octet at most doubles */

	if (out == NULL)
		return NULL;
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		switch (*p) {
		case '\\': case ';': case ',':
			out[o++] = '\\';
			out[o++] = (char)*p;
			break;
		case '\r':
			if (p[1] != '\n') {
				out[o++] = '\\';
				out[o++] = 'n';
			}
			break;
		case '\n':
			out[o++] = '\\';
			out[o++] = 'n';
			break;
		default:
			if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
				break;
			out[o++] = (char)*p;
			break;
		}
	}
	out[o] = '\0';
	return out;
}

/* A UTF-8 continuation octet (10xxxxxx) may not start a physical line. */
static bool
continuation(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

char *
ics_fold(const char *line)
{
	size_t n = strlen(line), o = 0, i = 0, room = ICS_LINE_OCTETS;
	/* At worst a fold every 72 octets (74 minus a 4-octet character cut
	 * short), each adding CRLF and a space. */
	char *out = malloc(n + 3 * (n / 70 + 1) + 3);

	if (out == NULL)
		return NULL;
	while (n - i > room) {
		size_t take = room;
		while (take > 0 && continuation((unsigned char)line[i + take]))
			take--;
		if (take == 0)          /* not UTF-8 at all: cut where we must */
			take = room;
		memcpy(out + o, line + i, take);
		o += take;
		i += take;
		memcpy(out + o, "\r\n ", 3);
		o += 3;
		room = ICS_LINE_OCTETS - 1;   /* the leading space counts */
	}
	memcpy(out + o, line + i, n - i);
	o += n - i;
	memcpy(out + o, "\r\n", 3);
	return out;
}

int
ics_write(FILE *fp, const char *name, const char *value, bool text)
{
	char *esc = NULL, *line = NULL, *folded = NULL;
	size_t len;
	int e = QP_ENOMEM;

	if (text && (esc = ics_escape_text(value)) == NULL)
		goto out;
	len = strlen(name) + 1 + strlen(esc ? esc : value) + 1;
	if ((line = malloc(len)) == NULL)
		goto out;
	snprintf(line, len, "%s:%s", name, esc ? esc : value);
	if ((folded = ics_fold(line)) == NULL)
		goto out;
	e = fputs(folded, fp) < 0 ? QP_EIO : QP_OK;
out:
	free(folded);
	free(line);
	free(esc);
	return e;
}
