#include "html.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
html_init(html *h)
{
	memset(h, 0, sizeof(*h));
}

void
html_free(html *h)
{
	free(h->s);
	html_init(h);
}

char *
html_take(html *h, size_t *len)
{
	char *s;

	if (h->failed || (h->s == NULL && (html_rawn(h, "", 0), h->failed))) {
		html_free(h);
		return NULL;
	}
	s = h->s;
	if (len != NULL)
		*len = h->len;
	html_init(h);
	return s;
}

static bool
reserve(html *h, size_t more)
{
	size_t cap;
	char *p;

	if (h->failed)
		return false;
	if (h->len + more + 1 <= h->cap)
		return true;
	cap = h->cap ? h->cap : 1024;
	while (cap < h->len + more + 1)
		cap *= 2;
	if ((p = realloc(h->s, cap)) == NULL) {
		h->failed = true;
		return false;
	}
	h->s = p;
	h->cap = cap;
	return true;
}

void
html_rawn(html *h, const char *s, size_t n)
{
	if (!reserve(h, n))
		return;
	memcpy(h->s + h->len, s, n);
	h->len += n;
	h->s[h->len] = '\0';
}

void
html_raw(html *h, const char *s)
{
	html_rawn(h, s, strlen(s));
}

static void
vformat(html *h, bool esc, const char *fmt, va_list ap)
{
	char small[512], *big = NULL;
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	if (n < 0) {
		h->failed = true;
	} else if ((size_t)n < sizeof(small)) {
		esc ? html_esc(h, small) : html_rawn(h, small, (size_t)n);
	} else if ((big = malloc((size_t)n + 1)) == NULL) {
		h->failed = true;
	} else {
		vsnprintf(big, (size_t)n + 1, fmt, ap2);
		esc ? html_esc(h, big) : html_rawn(h, big, (size_t)n);
		free(big);
	}
	va_end(ap2);
}

void
html_rawf(html *h, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vformat(h, false, fmt, ap);
	va_end(ap);
}

void
html_escf(html *h, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vformat(h, true, fmt, ap);
	va_end(ap);
}

void
html_esc(html *h, const char *s)
{
	const char *run = s;

	if (s == NULL)
		return;
	for (; *s != '\0'; s++) {
		const char *rep;
		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		html_rawn(h, run, (size_t)(s - run));
		html_raw(h, rep);
		run = s + 1;
	}
	html_rawn(h, run, (size_t)(s - run));
}

void
html_url(html *h, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; s != NULL && *s != '\0'; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '_' || c == '.' || c == '~') {
			html_rawn(h, (const char *)&c, 1);
		} else {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };
			html_rawn(h, e, 3);
		}
	}
}
