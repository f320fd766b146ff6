/*
 * html.h: a growable text buffer for the pages the web layer writes, with
 * HTML escaping. Every text that comes from a person or the store goes
 * through html_esc (or html_escf) before it reaches a page.
 *
 * Allocation failures latch: the buffer is marked failed, later appends do
 * nothing, and html_take returns NULL, so callers check once at the end.
 */
#ifndef QP_WEB_HTML_H
#define QP_WEB_HTML_H

#include <stdbool.h>
#include <stddef.h>

typedef struct html {
	char *s;
	size_t len, cap;
	bool failed;
} html;

void html_init(html *h);
void html_free(html *h);
/* The text, owned by the caller (free); the buffer is left empty. NULL if
 * an append failed. */
char *html_take(html *h, size_t *len);

/* Raw text: markup the caller wrote. */
void html_raw(html *h, const char *s);
void html_rawn(html *h, const char *s, size_t n);
void html_rawf(html *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Escaped text (& < > " '), for element content and quoted attributes. */
void html_esc(html *h, const char *s);
/* Formats, then escapes the result. */
void html_escf(html *h, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Percent-encodes s for a URL path segment or query value into h. */
void html_url(html *h, const char *s);

#endif
