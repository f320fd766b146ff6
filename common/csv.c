/*
 * csv.c: the streaming CSV reader (see csv.h).
 *
 * The parser works on raw bytes: the delimiter, the quote and the line
 * ends are ASCII, and no byte of a multi-byte UTF-8 sequence or of a
 * Windows-1252 character is ASCII, so the structure can be read before the
 * encoding is known. Non-ASCII bytes go through decode_byte(), which turns
 * them into UTF-8 in the record buffer.
 */
#include "csv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"

#define IN_SIZE (64u * 1024u)
/* How far the first non-ASCII byte looks ahead to choose the encoding. */
#define SNIFF_MAX 4096u
#define REPLACEMENT 0xFFFDu

struct csv_reader {
	csv_read_fn read;
	void *ctx;
	unsigned char *in;
	size_t in_len, in_pos;
	bool eof;
	bool started;
	char delim;
	enum csv_encoding enc;
	size_t max_record, max_fields;

	char *rec; /* decoded fields, each NUL-terminated */
	size_t rec_len, rec_cap;
	size_t *offs; /* start of each field in rec */
	size_t nfields;
	long line; /* physical line of the next byte */
	long rec_line;
	const char *problem;

	/* The UTF-8 sequence being read. */
	unsigned char u8[4];
	int u8_len, u8_need;

	int failed;
	char err[256];
};

static void fail(csv_reader *, int, const char *, ...) __attribute__((format(printf, 3, 4)));

static void
fail(csv_reader *r, int code, const char *fmt, ...)
{
	va_list ap;

	if (r->failed)
		return;
	r->failed = code;
	va_start(ap, fmt);
	vsnprintf(r->err, sizeof(r->err), fmt, ap);
	va_end(ap);
}

ssize_t
csv_read_stdio(void *ctx, void *buf, size_t len)
{
	FILE *fp = ctx;
	size_t n = fread(buf, 1, len, fp);

	if (n == 0 && ferror(fp)) {
		if (errno == 0)
			errno = EIO;
		return -1;
	}
	return (ssize_t)n;
}

int
csv_new(csv_read_fn fn, void *ctx, const csv_options *opts, csv_reader **out)
{
	csv_reader *r;

	*out = NULL;
	if (fn == NULL)
		return QP_EINVAL;
	if (opts != NULL && opts->delimiter != 0 && opts->delimiter != ';' &&
	    opts->delimiter != ',')
		return QP_EINVAL;
	if ((r = calloc(1, sizeof(*r))) == NULL)
		return QP_ENOMEM;
	r->read = fn;
	r->ctx = ctx;
	r->delim = opts != NULL ? opts->delimiter : 0;
	r->max_record =
	        opts != NULL && opts->max_record != 0 ? opts->max_record : CSV_DEFAULT_MAX_RECORD;
	r->max_fields =
	        opts != NULL && opts->max_fields != 0 ? opts->max_fields : CSV_DEFAULT_MAX_FIELDS;
	r->line = 1;
	/* One record, its NULs and the few bytes one add() may put past the cap. */
	r->rec_cap = r->max_record + r->max_fields + 16;
	r->in = malloc(IN_SIZE);
	r->rec = malloc(r->rec_cap);
	r->offs = calloc(r->max_fields, sizeof(*r->offs));
	if (r->in == NULL || r->rec == NULL || r->offs == NULL) {
		csv_destroy(&r);
		return QP_ENOMEM;
	}
	*out = r;
	return QP_OK;
}

void
csv_destroy(csv_reader **rp)
{
	csv_reader *r;

	if (rp == NULL || (r = *rp) == NULL)
		return;
	free(r->in);
	free(r->rec);
	free(r->offs);
	free(r);
	*rp = NULL;
}

/*
 * Moves what is left to the front and reads until at least `want` bytes
 * are buffered or the input ends. Returns the bytes buffered.
 */
static size_t
fill(csv_reader *r, size_t want)
{
	ssize_t n;

	if (r->in_pos > 0) {
		memmove(r->in, r->in + r->in_pos, r->in_len - r->in_pos);
		r->in_len -= r->in_pos;
		r->in_pos = 0;
	}
	if (want > IN_SIZE)
		want = IN_SIZE;
	while (!r->eof && !r->failed && r->in_len < want) {
		n = r->read(r->ctx, r->in + r->in_len, IN_SIZE - r->in_len);
		if (n < 0) {
			fail(r, QP_EIO, _("line %ld: read error: %s"), r->line, strerror(errno));
			break;
		}
		if (n == 0)
			r->eof = true;
		r->in_len += (size_t)n;
	}
	return r->in_len;
}

static inline int
get(csv_reader *r)
{
	if (r->in_pos == r->in_len && fill(r, 1) == 0)
		return EOF;
	return r->in[r->in_pos++];
}

/* The next byte without taking it, or EOF. */
static inline int
peek(csv_reader *r)
{
	if (r->in_pos == r->in_len && fill(r, 1) == 0)
		return EOF;
	return r->in[r->in_pos];
}

/* ------------------------------------------------------------ decoding */

/* Windows-1252 0x80..0x9F; 0 where the code page defines nothing. */
static const uint16_t cp1252_c1[32] = {
	0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
	0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
	0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

/* Room for one more character is always there: see rec_cap. */
static inline void
put(csv_reader *r, unsigned char c)
{
	r->rec[r->rec_len++] = (char)c;
}

static void
put_cp(csv_reader *r, uint32_t cp)
{
	if (cp < 0x80) {
		put(r, (unsigned char)cp);
	} else if (cp < 0x800) {
		put(r, (unsigned char)(0xC0 | (cp >> 6)));
		put(r, (unsigned char)(0x80 | (cp & 0x3F)));
	} else if (cp < 0x10000) {
		put(r, (unsigned char)(0xE0 | (cp >> 12)));
		put(r, (unsigned char)(0x80 | ((cp >> 6) & 0x3F)));
		put(r, (unsigned char)(0x80 | (cp & 0x3F)));
	} else {
		put(r, (unsigned char)(0xF0 | (cp >> 18)));
		put(r, (unsigned char)(0x80 | ((cp >> 12) & 0x3F)));
		put(r, (unsigned char)(0x80 | ((cp >> 6) & 0x3F)));
		put(r, (unsigned char)(0x80 | (cp & 0x3F)));
	}
}

/* Continuation bytes a lead byte announces, or -1 if it cannot lead. */
static int
u8_lead(unsigned char c)
{
	if (c >= 0xC2 && c <= 0xDF)
		return 1;
	if (c >= 0xE0 && c <= 0xEF)
		return 2;
	if (c >= 0xF0 && c <= 0xF4)
		return 3;
	return -1;
}

/* Is s[0..len) one complete, shortest-form, non-surrogate sequence? */
static bool
u8_complete_valid(const unsigned char *s, int len)
{
	uint32_t cp;

	switch (len) {
	case 2: return true; /* C2..DF rules out overlong forms */
	case 3:
		cp = ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) |
		     (s[2] & 0x3F);
		return cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF);
	case 4:
		cp = ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
		     ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
		return cp >= 0x10000 && cp <= 0x10FFFF;
	}
	return false;
}

/*
 * Chooses the encoding at the first non-ASCII byte (at in[in_pos - 1]):
 * UTF-8 if every non-ASCII sequence in the next SNIFF_MAX bytes is valid
 * UTF-8 (a sequence cut by the window's end is given the benefit of the
 * doubt), else Windows-1252.
 */
static void
sniff(csv_reader *r)
{
	const unsigned char *p, *end;
	int need, i;

	r->in_pos--;
	fill(r, SNIFF_MAX);
	p = r->in + r->in_pos;
	end = r->in + r->in_len;
	if (end - p > (ptrdiff_t)SNIFF_MAX)
		end = p + SNIFF_MAX;
	r->enc = CSV_ENC_UTF8;
	while (p < end) {
		if (*p < 0x80) {
			p++;
			continue;
		}
		if ((need = u8_lead(*p)) < 0)
			goto cp1252;
		if (end - p <= need)
			break;
		for (i = 1; i <= need; i++)
			if ((p[i] & 0xC0) != 0x80)
				goto cp1252;
		if (!u8_complete_valid(p, need + 1))
			goto cp1252;
		p += need + 1;
	}
	r->in_pos++;
	return;
cp1252:
	r->enc = CSV_ENC_CP1252;
	r->in_pos++;
}

static void
u8_invalid(csv_reader *r)
{
	r->u8_need = 0;
	r->u8_len = 0;
	put_cp(r, REPLACEMENT);
	if (r->problem == NULL)
		r->problem = N_("invalid UTF-8 sequence");
}

/* An ASCII byte (or the end of a field) ends any sequence being read. */
static inline void
u8_interrupt(csv_reader *r)
{
	if (r->u8_need > 0)
		u8_invalid(r);
}

static void
decode_byte(csv_reader *r, unsigned char c)
{
	int need;

	if (r->enc == CSV_ENC_ASCII)
		sniff(r);
	if (r->enc == CSV_ENC_CP1252) {
		if (c >= 0xA0)
			put_cp(r, c);
		else if (cp1252_c1[c - 0x80] != 0)
			put_cp(r, cp1252_c1[c - 0x80]);
		else
			put_cp(r, REPLACEMENT);
		return;
	}
	if (r->u8_need > 0) {
		if ((c & 0xC0) == 0x80) {
			r->u8[r->u8_len++] = c;
			if (--r->u8_need == 0) {
				if (u8_complete_valid(r->u8, r->u8_len))
					for (int i = 0; i < r->u8_len; i++)
						put(r, r->u8[i]);
				else
					u8_invalid(r);
				r->u8_len = 0;
			}
			return;
		}
		u8_invalid(r);
	}
	if ((need = u8_lead(c)) < 0) {
		u8_invalid(r);
		return;
	}
	r->u8[0] = c;
	r->u8_len = 1;
	r->u8_need = need;
}

/* ------------------------------------------------------------- records */

/* Appends a field byte; false once the record is over its cap. */
static inline bool
add(csv_reader *r, int c)
{
	if (c < 0x80) {
		u8_interrupt(r);
		if (c == 0) {
			if (r->problem == NULL)
				r->problem = N_("NUL byte");
			return true;
		}
		put(r, (unsigned char)c);
	} else {
		decode_byte(r, (unsigned char)c);
	}
	if (r->rec_len + 1 - r->nfields > r->max_record) {
		fail(r, QP_ETOOBIG,
		     _("line %ld: record longer than %zu bytes "
		       "(a quote left open?)"),
		     r->rec_line, r->max_record);
		return false;
	}
	return true;
}

static bool
field_start(csv_reader *r)
{
	if (r->nfields == r->max_fields) {
		fail(r, QP_ETOOBIG, _("line %ld: more than %zu fields"), r->rec_line,
		     r->max_fields);
		return false;
	}
	r->offs[r->nfields++] = r->rec_len;
	return true;
}

static void
field_end(csv_reader *r)
{
	u8_interrupt(r);
	put(r, 0);
}

/* After a CR: swallows the LF of a CRLF. Counts the line. */
static void
line_end(csv_reader *r, int c)
{
	if (c == '\r' && peek(r) == '\n')
		r->in_pos++;
	r->line++;
}

/*
 * Reads the BOM and the first line: the encoding if a BOM says it, the
 * delimiter if not fixed.
 */
static void
start(csv_reader *r)
{
	const unsigned char *p, *end;
	size_t semis = 0, commas = 0;
	bool quoted = false;

	r->started = true;
	fill(r, IN_SIZE);
	if (r->in_len >= 2 &&
	    ((r->in[0] == 0xFF && r->in[1] == 0xFE) || (r->in[0] == 0xFE && r->in[1] == 0xFF))) {
		fail(r, QP_EINVAL,
		     _("line 1: UTF-16 text: save the file as CSV "
		       "(UTF-8 or Windows-1252)"));
		return;
	}
	if (r->in_len >= 3 && memcmp(r->in, "\xEF\xBB\xBF", 3) == 0) {
		r->in_pos = 3;
		r->enc = CSV_ENC_UTF8_BOM;
	}
	if (r->delim != 0)
		return;
	p = r->in + r->in_pos;
	end = r->in + r->in_len;
	for (; p < end; p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (*p == '\n' || *p == '\r')
			break;
		else if (*p == ';')
			semis++;
		else if (*p == ',')
			commas++;
	}
	r->delim = commas > semis ? ',' : ';';
}

int
csv_next(csv_reader *r)
{
	int c;

	if (r->failed)
		return r->failed;
	if (!r->started)
		start(r);
	if (r->failed)
		return r->failed;
again:
	r->rec_len = 0;
	r->nfields = 0;
	r->problem = NULL;
	r->u8_need = r->u8_len = 0;
	r->rec_line = r->line;
	c = get(r);
	if (c == EOF)
		return r->failed ? r->failed : 0;
	if (c == '\n' || c == '\r') {
		line_end(r, c);
		goto again; /* a blank line */
	}
	for (;;) {
		if (!field_start(r))
			return r->failed;
		if (c == '"') {
			/* A quoted field, up to its closing quote. */
			for (;;) {
				c = get(r);
				if (c == EOF) {
					if (!r->failed)
						fail(r, QP_EINVAL,
						     _("line %ld: "
						       "quoted field not closed at "
						       "the end of the file"),
						     r->rec_line);
					return r->failed;
				}
				if (c == '"') {
					if (peek(r) != '"')
						break;
					r->in_pos++;
				} else if (c == '\r' || c == '\n') {
					line_end(r, c);
					c = '\n';
				}
				if (!add(r, c))
					return r->failed;
			}
			c = get(r);
			while (c == ' ' || c == '\t')
				c = get(r);
			if (c != r->delim && c != '\n' && c != '\r' && c != EOF &&
			    r->problem == NULL)
				r->problem = N_("text after a closing quote");
		}
		/* An unquoted field, or what follows a closing quote. */
		while (c != r->delim && c != '\n' && c != '\r' && c != EOF) {
			if (!add(r, c))
				return r->failed;
			c = get(r);
		}
		field_end(r);
		if (c != r->delim)
			break;
		c = get(r);
	}
	if (r->failed)
		return r->failed;
	if (c != EOF)
		line_end(r, c);
	return 1;
}

size_t
csv_nfields(const csv_reader *r)
{
	return r->nfields;
}

const char *
csv_field(const csv_reader *r, size_t i)
{
	return i < r->nfields ? r->rec + r->offs[i] : "";
}

long
csv_line(const csv_reader *r)
{
	return r->rec_line;
}

const char *
csv_problem(const csv_reader *r)
{
	return r->problem;
}

const char *
csv_error(const csv_reader *r)
{
	return r->err;
}

char
csv_delimiter(const csv_reader *r)
{
	return r->delim;
}

enum csv_encoding
csv_encoding_of(const csv_reader *r)
{
	return r->enc;
}

const char *
csv_encoding_name(enum csv_encoding e)
{
	switch (e) {
	case CSV_ENC_ASCII: return "ascii";
	case CSV_ENC_UTF8: return "utf-8";
	case CSV_ENC_UTF8_BOM: return "utf-8 (BOM)";
	case CSV_ENC_CP1252: return "windows-1252";
	}
	return "?";
}
