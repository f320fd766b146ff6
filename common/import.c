/*
 * import.c: per-month indicator values from a CSV export (see import.h).
 */
#include "import.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "i18n.h"

/* Limit dates already computed, by start day (a file spans few days). */
#define LIMIT_CACHE 1024

struct hashing_reader {
	csv_read_fn fn;
	void *ctx;
	crypto_hash_sha256_state sha;
	uint64_t bytes;
};

/* Keyed hashes of the ids seen, open addressing; 0 marks a free slot. */
struct idset {
	uint64_t *keys;
	uint32_t *lines;
	size_t cap, n;
	unsigned char key[crypto_shorthash_KEYBYTES];
};

struct run {
	const import_options *opt;
	const delay_rule *rule;
	import_result *res;
	csv_reader *csv;
	struct idset ids;
	long col_a, col_b, col_c, col_id; /* start/end or date/wait/answered */
	const char *name_a, *name_b, *name_c;
	struct {
		cal_day start, limit;
	} cache[LIMIT_CACHE];
	size_t last_month;
	size_t max_listed;
	char *err;
	size_t errlen;
};

static void set_err(struct run *, const char *, ...) __attribute__((format(printf, 2, 3)));

static void
set_err(struct run *rn, const char *fmt, ...)
{
	va_list ap;

	if (rn->err == NULL || rn->errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(rn->err, rn->errlen, fmt, ap);
	va_end(ap);
}

static ssize_t
hashing_read(void *ctx, void *buf, size_t len)
{
	struct hashing_reader *h = ctx;
	ssize_t n = h->fn(h->ctx, buf, len);

	if (n > 0) {
		crypto_hash_sha256_update(&h->sha, buf, (unsigned long long)n);
		h->bytes += (uint64_t)n;
	}
	return n;
}

/* ------------------------------------------------------------- helpers */

/* Copies at most len - 1 bytes of s, not cutting a UTF-8 character. */
static void
copy_cut(char *dst, size_t len, const char *s)
{
	size_t n = strlen(s);

	if (n >= len) {
		n = len - 1;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
	}
	memcpy(dst, s, n);
	dst[n] = '\0';
}

/* s without blanks on both sides, as [*b, *e). */
static void
trim(const char *s, const char **b, const char **e)
{
	const char *end = s + strlen(s);

	while (*s == ' ' || *s == '\t')
		s++;
	while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
		end--;
	*b = s;
	*e = end;
}

/* Header name against a configured name: trimmed, ASCII case ignored,
 * one pair of quotes around the configured name dropped. */
static bool
column_matches(const char *header, const char *want)
{
	const char *hb, *he, *wb, *we;

	trim(header, &hb, &he);
	trim(want, &wb, &we);
	if (we - wb >= 2 && *wb == '"' && we[-1] == '"') {
		wb++;
		we--;
	}
	return he - hb == we - wb && strncasecmp(hb, wb, (size_t)(he - hb)) == 0;
}

static bool
blank_row(const csv_reader *csv)
{
	for (size_t i = 0; i < csv_nfields(csv); i++) {
		const char *b, *e;

		trim(csv_field(csv, i), &b, &e);
		if (b != e)
			return false;
	}
	return true;
}

static int
digits(const char *s, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* "H:MM", "HH:MM" or "HH:MM:SS", with sane values. */
static bool
time_valid(const char *s, size_t n)
{
	size_t h = n > 0 && s[1] == ':' ? 1 : 2;
	int hh, mm, ss = 0;

	if (n != h + 3 && n != h + 6)
		return false;
	hh = digits(s, h);
	if (hh < 0 || hh > 23 || s[h] != ':' || (mm = digits(s + h + 1, 2)) < 0 || mm > 59)
		return false;
	if (n == h + 6 && (s[h + 3] != ':' || (ss = digits(s + h + 4, 2)) < 0 || ss > 59))
		return false;
	return true;
}

/*
 * A date cell: "JJ/MM/AAAA" (day and month may have one digit) or
 * "AAAA-MM-JJ", optionally followed by a time ("HH:MM[:SS]") after a
 * blank or a 'T'. The time is checked and dropped: only the day counts.
 * 1: a date; 0: empty; -1: not a date.
 */
static int
parse_day(const char *s, cal_day *out)
{
	const char *b, *e, *sep;
	char buf[11];
	size_t n;
	int d, m;

	trim(s, &b, &e);
	if (b == e)
		return 0;
	n = (size_t)(e - b);
	for (sep = b; sep < e && *sep != ' ' && *sep != 'T'; sep++)
		;
	if (sep < e) {
		const char *t = sep + 1;

		while (t < e && *t == ' ')
			t++;
		if (!time_valid(t, (size_t)(e - t)))
			return -1;
		n = (size_t)(sep - b);
	}
	if (n == 10 && b[2] == '/' && b[5] == '/') {
		memcpy(buf, b, 10); /* JJ/MM/AAAA, the common case */
		buf[10] = '\0';
	} else if (n >= 8 && n <= 10 && memchr(b, '/', n) != NULL) {
		/* J/M/AAAA .. JJ/MM/AAAA: normalise to two digits each. */
		const char *s1 = memchr(b, '/', n), *s2;

		s2 = memchr(s1 + 1, '/', n - (size_t)(s1 + 1 - b));
		if (s2 == NULL || s1 - b < 1 || s1 - b > 2 || s2 - s1 < 2 || s2 - s1 > 3 ||
		    b + n - (s2 + 1) != 4)
			return -1;
		if ((d = digits(b, (size_t)(s1 - b))) < 0 ||
		    (m = digits(s1 + 1, (size_t)(s2 - s1 - 1))) < 0)
			return -1;
		snprintf(buf, sizeof(buf), "%02d/%02d/%.4s", d % 100, m % 100, s2 + 1);
	} else if (n == 10) {
		memcpy(buf, b, 10);
		buf[10] = '\0';
	} else {
		return -1;
	}
	return cal_parse_date_typed(buf, out) == QP_OK ? 1 : -1;
}

/*
 * A waiting time in whole milliseconds: seconds ("12", "12.5", "12,5") or
 * a duration "M:SS" / "H:MM:SS". 1, 0 (empty) or -1.
 */
static int
parse_wait(const char *s, uint64_t *ms)
{
	const char *b, *e, *p;
	uint64_t parts[3] = { 0, 0, 0 }, frac = 0, scale = 1000;
	int np = 0;
	bool any = false;

	trim(s, &b, &e);
	if (b == e)
		return 0;
	for (p = b; p < e; p++) {
		if (*p >= '0' && *p <= '9') {
			if (parts[np] > 100000000)
				return -1;
			parts[np] = parts[np] * 10 + (uint64_t)(*p - '0');
			any = true;
		} else if (*p == ':' && any && np < 2) {
			np++;
			any = false;
		} else {
			break;
		}
	}
	if (!any)
		return -1;
	if (p < e && (*p == '.' || *p == ',')) {
		for (p++; p < e && *p >= '0' && *p <= '9'; p++)
			if (scale > 1) {
				scale /= 10;
				frac += (uint64_t)(*p - '0') * scale;
			}
	}
	if (p != e)
		return -1;
	if (np == 0)
		*ms = parts[0] * 1000 + frac;
	else if (np == 1 && parts[1] < 60)
		*ms = (parts[0] * 60 + parts[1]) * 1000 + frac;
	else if (np == 2 && parts[1] < 60 && parts[2] < 60)
		*ms = ((parts[0] * 60 + parts[1]) * 60 + parts[2]) * 1000 + frac;
	else
		return -1;
	return 1;
}

/* Words exports use for an answered call, and for one that was not. */
static const char *const yes_words[] = {
	"oui",     "o",       "yes",      "y",        "1",      "true",   "vrai",
	"répondu", "repondu", "décroché", "decroche", "traité", "traite", NULL,
};
static const char *const no_words[] = {
	"non",          "n",           "no",        "0",         "false", "faux",
	"non répondu",  "non repondu", "abandonné", "abandonne", "perdu", "non décroché",
	"non decroche", "dissuadé",    "dissuade",  NULL,
};

/* 1 answered, 0 not, -1 unknown word (or empty). */
static int
parse_answered(const char *s)
{
	const char *b, *e;
	char w[32];
	size_t n;

	trim(s, &b, &e);
	n = (size_t)(e - b);
	if (n == 0 || n >= sizeof(w))
		return -1;
	for (size_t i = 0; i < n; i++)
		w[i] = (b[i] >= 'A' && b[i] <= 'Z') ? (char)(b[i] + 32) : b[i];
	w[n] = '\0';
	for (int i = 0; yes_words[i] != NULL; i++)
		if (strcmp(w, yes_words[i]) == 0)
			return 1;
	for (int i = 0; no_words[i] != NULL; i++)
		if (strcmp(w, no_words[i]) == 0)
			return 0;
	return -1;
}

/* ---------------------------------------------------------------- ids */

static int
idset_grow(struct idset *s)
{
	size_t cap = s->cap ? s->cap * 2 : ((size_t)1 << 16);
	uint64_t *keys = calloc(cap, sizeof(*keys));
	uint32_t *lines = calloc(cap, sizeof(*lines));

	if (keys == NULL || lines == NULL) {
		free(keys);
		free(lines);
		return QP_ENOMEM;
	}
	for (size_t i = 0; i < s->cap; i++) {
		size_t j;

		if (s->keys[i] == 0)
			continue;
		for (j = s->keys[i] & (cap - 1); keys[j] != 0; j = (j + 1) & (cap - 1))
			;
		keys[j] = s->keys[i];
		lines[j] = s->lines[i];
	}
	free(s->keys);
	free(s->lines);
	s->keys = keys;
	s->lines = lines;
	s->cap = cap;
	return QP_OK;
}

static uint64_t
idset_hash(const struct idset *s, const char *b, const char *e)
{
	unsigned char h[crypto_shorthash_BYTES];
	uint64_t v = 0;

	crypto_shorthash(h, (const unsigned char *)b, (unsigned long long)(e - b), s->key);
	for (int i = 0; i < 8; i++)
		v = (v << 8) | h[i];
	return v != 0 ? v : 1;
}

/*
 * Looks h up and remembers it with `line` if new: 0 when new, the line of
 * the earlier row when seen, or a negative code (QP_ENOMEM, QP_ETOOBIG).
 * The table stays at most half full, so that a probe is short.
 */
static long
idset_add(struct idset *s, uint64_t h, long line)
{
	size_t j;
	int e;

	if ((s->n + 1) * 2 > s->cap) {
		if (s->n >= IMPORT_MAX_IDS)
			return QP_ETOOBIG;
		if ((e = idset_grow(s)) != 0)
			return e;
	}
	for (j = h & (s->cap - 1); s->keys[j] != 0; j = (j + 1) & (s->cap - 1))
		if (s->keys[j] == h)
			return (long)s->lines[j];
	s->keys[j] = h;
	s->lines[j] = line > (long)UINT32_MAX ? UINT32_MAX : (uint32_t)line;
	s->n++;
	return 0;
}

static void
idset_free(struct idset *s)
{
	free(s->keys);
	free(s->lines);
	sodium_memzero(s->key, sizeof(s->key));
	memset(s, 0, sizeof(*s));
}

/* -------------------------------------------------------------- months */

/* The month of `day`, added in order if new; NULL past the cap. */
static import_month *
month_of(struct run *rn, cal_day day)
{
	import_result *r = rn->res;
	int y, m, d;
	size_t lo = 0, hi = r->n_months;
	import_month *mm;

	cal_to_ymd(day, &y, &m, &d);
	if (rn->last_month < r->n_months) {
		mm = &r->months[rn->last_month];
		if (mm->year == y && mm->month == m)
			return mm;
	}
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		mm = &r->months[mid];
		if (mm->year * 12 + mm->month < y * 12 + m)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < r->n_months && r->months[lo].year == y && r->months[lo].month == m) {
		rn->last_month = lo;
		return &r->months[lo];
	}
	if (r->n_months == IMPORT_MAX_MONTHS)
		return NULL;
	memmove(&r->months[lo + 1], &r->months[lo], (r->n_months - lo) * sizeof(*r->months));
	r->n_months++;
	mm = &r->months[lo];
	memset(mm, 0, sizeof(*mm));
	mm->year = y;
	mm->month = m;
	rn->last_month = lo;
	return mm;
}

/* ------------------------------------------------------------- rejects */

static void
reject(struct run *rn, enum import_reason reason, const char *column, const char *value,
       long first_line)
{
	import_result *r = rn->res;
	import_reject *rj;

	r->rejected++;
	if (r->n_listed >= rn->max_listed)
		return;
	rj = &r->listed[r->n_listed++];
	memset(rj, 0, sizeof(*rj));
	rj->line = csv_line(rn->csv);
	rj->reason = reason;
	copy_cut(rj->column, sizeof(rj->column), column != NULL ? column : "");
	copy_cut(rj->value, sizeof(rj->value), value != NULL ? value : "");
	rj->first_line = first_line;
	rj->problem = reason == IMPORT_R_TEXT ? csv_problem(rn->csv) : NULL;
}

static const char *
cell(struct run *rn, long col)
{
	return col < 0 ? "" : csv_field(rn->csv, (size_t)col);
}

static cal_day
limit_of(struct run *rn, cal_day start)
{
	size_t i = (size_t)((uint32_t)start % LIMIT_CACHE);

	if (rn->cache[i].start != start) {
		rn->cache[i].start = start;
		rn->cache[i].limit = delay_limit(rn->rule, start);
	}
	return rn->cache[i].limit;
}

/*
 * The duplicate check of an accepted row: true if it is a duplicate
 * (rejected), false if new (remembered). *rc gets a fatal error.
 */
static bool
duplicate(struct run *rn, const char *colname, int *rc)
{
	const char *b, *e;
	uint64_t h;
	long first;

	*rc = 0;
	if (rn->col_id < 0)
		return false;
	trim(cell(rn, rn->col_id), &b, &e);
	if (b == e)
		return false;
	h = idset_hash(&rn->ids, b, e);
	if ((first = idset_add(&rn->ids, h, csv_line(rn->csv))) > 0) {
		reject(rn, IMPORT_R_DUPLICATE, colname, NULL, first);
		return true;
	}
	if (first < 0) {
		*rc = (int)first;
		if (*rc == QP_ETOOBIG)
			set_err(rn, _("more than %u case ids: split the file"), IMPORT_MAX_IDS);
		else
			set_err(rn, "%s", qp_errtext(*rc));
	}
	return false;
}

static int
too_many_months(struct run *rn)
{
	set_err(rn, _("line %ld: the file spans more than %d months"), csv_line(rn->csv),
	        IMPORT_MAX_MONTHS);
	return QP_ETOOBIG;
}

static int
delay_row(struct run *rn)
{
	const char *sv = cell(rn, rn->col_a), *ev = cell(rn, rn->col_b);
	import_month *m = NULL;
	cal_day start, end = 0;
	int ks, ke, rc;

	if ((ks = parse_day(sv, &start)) <= 0) {
		reject(rn, ks == 0 ? IMPORT_R_MISSING : IMPORT_R_BAD_DATE, rn->name_a, sv, 0);
		return 0;
	}
	if ((m = month_of(rn, start)) == NULL)
		return too_many_months(rn);
	if (csv_problem(rn->csv) != NULL) {
		m->rejected++;
		reject(rn, IMPORT_R_TEXT, NULL, NULL, 0);
		return 0;
	}
	if ((ke = parse_day(ev, &end)) < 0) {
		m->rejected++;
		reject(rn, IMPORT_R_BAD_DATE, rn->name_b, ev, 0);
		return 0;
	}
	if (start > rn->opt->as_of) {
		m->rejected++;
		reject(rn, IMPORT_R_AFTER_AS_OF, rn->name_a, sv, 0);
		return 0;
	}
	if (ke > 0 && end < start) {
		m->rejected++;
		reject(rn, IMPORT_R_END_BEFORE_START, rn->name_b, ev, 0);
		return 0;
	}
	if (duplicate(rn, NULL, &rc)) {
		m->rejected++;
		return 0;
	}
	if (rc != 0)
		return rc;
	m->rows++;
	switch (delay_judge(limit_of(rn, start), ke == 0, end, rn->opt->as_of)) {
	case DELAY_ON_TIME: m->on_time++; break;
	case DELAY_LATE: m->late++; break;
	case DELAY_PENDING: m->pending++; break;
	}
	return 0;
}

static int
call_row(struct run *rn)
{
	const char *dv = cell(rn, rn->col_a), *wv = cell(rn, rn->col_b);
	const char *av = cell(rn, rn->col_c);
	import_month *m;
	cal_day day;
	uint64_t ms = 0;
	int k, answered, rc;

	if ((k = parse_day(dv, &day)) <= 0) {
		reject(rn, k == 0 ? IMPORT_R_MISSING : IMPORT_R_BAD_DATE, rn->name_a, dv, 0);
		return 0;
	}
	if ((m = month_of(rn, day)) == NULL)
		return too_many_months(rn);
	if (csv_problem(rn->csv) != NULL) {
		m->rejected++;
		reject(rn, IMPORT_R_TEXT, NULL, NULL, 0);
		return 0;
	}
	if ((k = parse_wait(wv, &ms)) <= 0) {
		m->rejected++;
		reject(rn, k == 0 ? IMPORT_R_MISSING : IMPORT_R_BAD_WAIT, rn->name_b, wv, 0);
		return 0;
	}
	if ((answered = parse_answered(av)) < 0) {
		m->rejected++;
		reject(rn, IMPORT_R_BAD_ANSWERED, rn->name_c, av, 0);
		return 0;
	}
	if (day > rn->opt->as_of) {
		m->rejected++;
		reject(rn, IMPORT_R_AFTER_AS_OF, rn->name_a, dv, 0);
		return 0;
	}
	if (duplicate(rn, NULL, &rc)) {
		m->rejected++;
		return 0;
	}
	if (rc != 0)
		return rc;
	m->rows++;
	if (answered && ms <= (uint64_t)CALLS_LIMIT_S * 1000)
		m->on_time++;
	else
		m->late++;
	return 0;
}

/* ------------------------------------------------------------- header */

static long
find_column(struct run *rn, const char *want)
{
	for (size_t i = 0; i < csv_nfields(rn->csv); i++)
		if (column_matches(csv_field(rn->csv, i), want))
			return (long)i;
	return -1;
}

/* "a", "b", "c" ... into buf, cut to fit. */
static void
header_list(struct run *rn, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < csv_nfields(rn->csv) && used + 8 < len; i++) {
		int n = snprintf(buf + used, len - used, "%s\"%s\"", i ? ", " : "",
		                 csv_field(rn->csv, i));

		if (n < 0 || (size_t)n >= len - used) {
			snprintf(buf + used, len - used, "...");
			break;
		}
		used += (size_t)n;
	}
}

static const char *
unquoted(const char *name, char *buf, size_t len)
{
	size_t n = strlen(name);

	if (n >= 2 && name[0] == '"' && name[n - 1] == '"') {
		snprintf(buf, len, "%.*s", (int)(n - 2), name + 1);
		return buf;
	}
	return name;
}

static int
need_column(struct run *rn, const char *want, long *col, const char **name)
{
	char list[400];

	if ((*col = find_column(rn, want)) >= 0) {
		*name = csv_field(rn->csv, (size_t)*col);
		return 0;
	}
	header_list(rn, list, sizeof(list));
	set_err(rn,
	        _("line %ld: no column \"%s\" in the header; it has: %s "
	          "(set the column names in the [import...] sections of the "
	          "configuration)"),
	        csv_line(rn->csv), want, list);
	return QP_EINVAL;
}

static int
read_header(struct run *rn)
{
	const import_options *o = rn->opt;
	char q[3][128], qid[128];
	const char *a, *b, *c = NULL, *id;
	const char *na = "", *nb = "", *nc = NULL, *nid;
	int rc;

	do {
		rc = csv_next(rn->csv);
		if (rc < 0) {
			set_err(rn, "%s", csv_error(rn->csv));
			return rc;
		}
		if (rc == 0) {
			set_err(rn, "%s", _("empty file: no header line"));
			return QP_EINVAL;
		}
	} while (blank_row(rn->csv));

	if (rn->res->calls) {
		a = o->col_date ? o->col_date : CALLS_DEFAULT_DATE_COLUMN;
		b = o->col_wait ? o->col_wait : CALLS_DEFAULT_WAIT_COLUMN;
		c = o->col_answered ? o->col_answered : CALLS_DEFAULT_ANSWERED_COLUMN;
		id = o->col_id ? o->col_id : CALLS_DEFAULT_ID_COLUMN;
	} else {
		a = o->col_start ? o->col_start : rn->rule->start_column;
		b = o->col_end ? o->col_end : rn->rule->end_column;
		id = o->col_id ? o->col_id : DELAY_DEFAULT_ID_COLUMN;
	}
	a = unquoted(a, q[0], sizeof(q[0]));
	b = unquoted(b, q[1], sizeof(q[1]));
	if (c != NULL)
		c = unquoted(c, q[2], sizeof(q[2]));
	id = unquoted(id, qid, sizeof(qid));
	if ((rc = need_column(rn, a, &rn->col_a, &na)) != 0 ||
	    (rc = need_column(rn, b, &rn->col_b, &nb)) != 0 ||
	    (c != NULL && (rc = need_column(rn, c, &rn->col_c, &nc)) != 0))
		return rc;
	rn->col_id = find_column(rn, id);
	if (rn->col_id < 0 && o->col_id != NULL)
		return need_column(rn, id, &rn->col_id, &nid);
	rn->res->ids_checked = rn->col_id >= 0;
	/* Keep the header's spelling for the rejected rows' messages. */
	copy_cut(rn->res->col_names[0], sizeof(rn->res->col_names[0]), na);
	copy_cut(rn->res->col_names[1], sizeof(rn->res->col_names[1]), nb);
	copy_cut(rn->res->col_names[2], sizeof(rn->res->col_names[2]), nc != NULL ? nc : "");
	rn->name_a = rn->res->col_names[0];
	rn->name_b = rn->res->col_names[1];
	rn->name_c = rn->res->col_names[2];
	return 0;
}

/* ---------------------------------------------------------------- run */

int
import_run(csv_read_fn fn, void *ctx, const import_options *opt, import_result **out, char *err,
           size_t errlen)
{
	struct hashing_reader hr;
	struct run *rn = NULL;
	import_result *r = NULL;
	csv_options co;
	unsigned char digest[crypto_hash_sha256_BYTES];
	int rc;

	*out = NULL;
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (sodium_init() < 0) {
		snprintf(err, errlen, _("libsodium cannot start"));
		return QP_EIO;
	}
	if ((rn = calloc(1, sizeof(*rn))) == NULL || (r = calloc(1, sizeof(*r))) == NULL) {
		free(rn);
		return QP_ENOMEM;
	}
	rn->opt = opt;
	rn->res = r;
	rn->err = err;
	rn->errlen = errlen;
	rn->col_a = rn->col_b = rn->col_c = rn->col_id = -1;
	rn->max_listed = opt->max_listed ? opt->max_listed : IMPORT_DEFAULT_LISTED;
	for (size_t i = 0; i < LIMIT_CACHE; i++)
		rn->cache[i].start = -2147483647 - 1;
	randombytes_buf(rn->ids.key, sizeof(rn->ids.key));
	r->as_of = opt->as_of;
	if (opt->code != NULL && strcmp(opt->code, CALLS_CODE) == 0) {
		r->calls = true;
		r->code = CALLS_CODE;
	} else if ((rn->rule = delay_rule_find(opt->code)) != NULL) {
		r->code = rn->rule->code;
	} else {
		set_err(rn,
		        _("unknown indicator \"%s\": the imports compute "
		          "S1-MISSING-12D, S1-DECISION-15D, S2-FIRST-5WD, "
		          "S2-REFERENT-10D, S2-APPT-30WD and N7-CALLS-25S"),
		        opt->code != NULL ? opt->code : "");
		rc = QP_EINVAL;
		goto out;
	}
	r->months = calloc(IMPORT_MAX_MONTHS, sizeof(*r->months));
	r->listed = calloc(rn->max_listed, sizeof(*r->listed));
	if (r->months == NULL || r->listed == NULL) {
		rc = QP_ENOMEM;
		goto out;
	}

	hr.fn = fn;
	hr.ctx = ctx;
	hr.bytes = 0;
	crypto_hash_sha256_init(&hr.sha);
	memset(&co, 0, sizeof(co));
	co.delimiter = opt->delimiter;
	if ((rc = csv_new(hashing_read, &hr, &co, &rn->csv)) != 0)
		goto out;
	if ((rc = read_header(rn)) != 0)
		goto out;
	for (;;) {
		rc = csv_next(rn->csv);
		if (rc < 0) {
			set_err(rn, "%s", csv_error(rn->csv));
			goto out;
		}
		if (rc == 0)
			break;
		if (blank_row(rn->csv))
			continue;
		r->rows++;
		rc = r->calls ? call_row(rn) : delay_row(rn);
		if (rc != 0)
			goto out;
	}
	rc = 0;
	crypto_hash_sha256_final(&hr.sha, digest);
	sodium_bin2hex(r->sha256, sizeof(r->sha256), digest, sizeof(digest));
	r->bytes = hr.bytes;
	r->delimiter = csv_delimiter(rn->csv);
	r->encoding = csv_encoding_of(rn->csv);
out:
	if (rc == QP_ENOMEM && err != NULL && errlen > 0 && err[0] == '\0')
		snprintf(err, errlen, "%s", qp_errtext(rc));
	csv_destroy(&rn->csv);
	idset_free(&rn->ids);
	free(rn);
	if (rc != 0)
		import_result_destroy(&r);
	*out = r;
	return rc;
}

int
import_run_path(const char *path, const import_options *opt, import_result **out, char *err,
                size_t errlen)
{
	FILE *fp;
	int rc;

	*out = NULL;
	if ((fp = fopen(path, "rb")) == NULL) {
		snprintf(err, errlen, _("%s: %s"), path, strerror(errno));
		return errno == ENOENT ? QP_ENOTFOUND : QP_EIO;
	}
	rc = import_run(csv_read_stdio, fp, opt, out, err, errlen);
	fclose(fp);
	return rc;
}

void
import_result_destroy(import_result **rp)
{
	import_result *r;

	if (rp == NULL || (r = *rp) == NULL)
		return;
	free(r->months);
	free(r->listed);
	free(r);
	*rp = NULL;
}

uint64_t
import_month_denominator(const import_month *m)
{
	return m->on_time + m->late;
}

const char *
import_reason_key(enum import_reason reason)
{
	switch (reason) {
	case IMPORT_R_TEXT: return "text";
	case IMPORT_R_MISSING: return "missing";
	case IMPORT_R_BAD_DATE: return "bad-date";
	case IMPORT_R_END_BEFORE_START: return "end-before-start";
	case IMPORT_R_AFTER_AS_OF: return "after-as-of";
	case IMPORT_R_DUPLICATE: return "duplicate";
	case IMPORT_R_BAD_WAIT: return "bad-wait";
	case IMPORT_R_BAD_ANSWERED: return "bad-answered";
	}
	return "?";
}

char *
import_reject_text(const import_reject *rj, char *buf, size_t len)
{
	switch (rj->reason) {
	case IMPORT_R_TEXT:
		snprintf(buf, len, "%s",
		         _(rj->problem != NULL ? rj->problem : N_("unreadable text")));
		break;
	case IMPORT_R_MISSING:
		snprintf(buf, len, _("empty cell in column \"%s\""), rj->column);
		break;
	case IMPORT_R_BAD_DATE:
		snprintf(buf, len,
		         _("column \"%s\": \"%s\" is not a date "
		           "(JJ/MM/AAAA, JJ/MM/AAAA HH:MM or AAAA-MM-JJ)"),
		         rj->column, rj->value);
		break;
	case IMPORT_R_END_BEFORE_START:
		snprintf(buf, len,
		         _("column \"%s\": %s is before the start "
		           "date"),
		         rj->column, rj->value);
		break;
	case IMPORT_R_AFTER_AS_OF:
		snprintf(buf, len,
		         _("column \"%s\": %s is after the day of the "
		           "export (--as-of)"),
		         rj->column, rj->value);
		break;
	case IMPORT_R_DUPLICATE:
		snprintf(buf, len, _("same id as line %ld: duplicate row"), rj->first_line);
		break;
	case IMPORT_R_BAD_WAIT:
		snprintf(buf, len,
		         _("column \"%s\": \"%s\" is not a waiting "
		           "time (seconds, or MM:SS)"),
		         rj->column, rj->value);
		break;
	case IMPORT_R_BAD_ANSWERED:
		snprintf(buf, len,
		         _("column \"%s\": \"%s\" is neither yes nor "
		           "no (oui/non)"),
		         rj->column, rj->value);
		break;
	}
	return buf;
}

char *
import_comment(const import_result *r, const import_month *m, char *buf, size_t len)
{
	char asof[11];

	cal_format_date_fr(r->as_of, asof);
	if (r->calls)
		snprintf(buf, len,
		         "Import CSV sha256:%s : %llu appels, "
		         "%llu décrochés en %d s au plus, %llu rejetés (au %s)",
		         r->sha256, (unsigned long long)m->rows, (unsigned long long)m->on_time,
		         CALLS_LIMIT_S, (unsigned long long)m->rejected, asof);
	else
		snprintf(buf, len,
		         "Import CSV sha256:%s : %llu lignes, "
		         "%llu dans le délai, %llu en retard, %llu ouvertes non "
		         "encore décidables, %llu rejetées (au %s)",
		         r->sha256, (unsigned long long)m->rows, (unsigned long long)m->on_time,
		         (unsigned long long)m->late, (unsigned long long)m->pending,
		         (unsigned long long)m->rejected, asof);
	return buf;
}

void
import_columns_apply(const import_columns *cols, import_options *opt)
{
	const delay_rule *rule;
	int i;

	if (cols == NULL || opt->code == NULL)
		return;
	if (strcmp(opt->code, CALLS_CODE) == 0) {
		opt->col_date = cols->calls_date;
		opt->col_wait = cols->calls_wait;
		opt->col_answered = cols->calls_answered;
		opt->col_id = cols->calls_id;
		return;
	}
	if ((rule = delay_rule_find(opt->code)) == NULL)
		return;
	i = delay_rule_index(rule);
	opt->col_start = cols->start[i];
	opt->col_end = cols->end[i];
	opt->col_id = cols->id[i];
}
