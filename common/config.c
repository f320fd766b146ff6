/*
 * config.c: INI files read through inih into a struct described by a table.
 *
 * inih (Debian's 55) calls the handler without a line number, so the file is
 * fed to ini_parse_stream through a reader that counts lines; a value error
 * is reported at the line the reader handed over last. The reader also
 * refuses lines longer than inih's buffer, which inih would otherwise split
 * silently into two lines, and notes which lines are section headers and
 * which are indented continuation lines, which inih does not tell apart.
 *
 * What the caller gets after a failure: every CONFIG_STRING field is freed
 * and NULL, every other field holds its default (so calling config_free on
 * it is harmless but not needed). Nothing read from the file is kept.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ini.h>

#include "fileout.h"

#define TWO_POW_63 9223372036854775808.0
#define TWO_POW_64 18446744073709551616.0

struct load {
	FILE *fp;
	const char *path;
	const config_option *table;
	void *out;
	unsigned char *seen;    /* one flag per option: set by the file */
	int lineno;             /* the line last handed to inih */
	int section_line;       /* the line of the last section header */
	int after_key;          /* a key since the last header: inih takes an
	                           indented line as its continuation */
	int continuation;       /* the current line is such a continuation */
	int failed;             /* 0, or the QP_ code of the first error */
	int fail_line;          /* the line inih was on at that error */
	int read_errno;         /* set when the read itself failed */
	char *err;
	size_t errlen;
};

static void set_error(char *, size_t, const char *, int, const char *, ...)
    __attribute__((format(printf, 5, 6)));
static void load_fail(struct load *, int, int, const char *, ...)
    __attribute__((format(printf, 4, 5)));

/*
 * Writes "path:line: message" (or "path: message" when line is 0) into err;
 * a NULL path leaves the prefix out.
 */
static void
set_error(char *err, size_t errlen, const char *path, int line,
    const char *fmt, ...)
{
	va_list ap;
	int n = 0;

	if (err == NULL || errlen == 0)
		return;
	if (path != NULL && line > 0)
		n = snprintf(err, errlen, "%s:%d: ", path, line);
	else if (path != NULL)
		n = snprintf(err, errlen, "%s: ", path);
	if (n < 0)
		n = 0;
	if ((size_t)n >= errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err + n, errlen - (size_t)n, fmt, ap);
	va_end(ap);
}

static void
load_fail(struct load *ld, int code, int line, const char *fmt, ...)
{
	va_list ap;
	char msg[512];

	if (ld->failed)
		return;
	ld->failed = code;
	ld->fail_line = ld->lineno;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	set_error(ld->err, ld->errlen, ld->path, line, "%s", msg);
}

static size_t
table_count(const config_option *table)
{
	size_t n = 0;

	while (table[n].name != NULL)
		n++;
	return n;
}

static void *
field_of(const config_option *opt, void *out)
{
	return (char *)out + opt->offset;
}

/* "[sync] batch_events", or "batch_events" for a key before any section. */
static void
option_label(const config_option *opt, char *buf, size_t len)
{
	if (opt->section[0] != '\0')
		snprintf(buf, len, "[%s] %s", opt->section, opt->name);
	else
		snprintf(buf, len, "%s", opt->name);
}

/*
 * The bounds are doubles in the table; clamp them into the field's type
 * first, since converting an out-of-range double is undefined.
 */
static long long
bound_ll(double d)
{
	if (isnan(d))
		return 0;
	if (d >= TWO_POW_63)
		return LLONG_MAX;
	if (d <= -TWO_POW_63)
		return LLONG_MIN;
	return (long long)d;
}

static uint64_t
bound_u64(double d)
{
	if (isnan(d) || d <= 0)
		return 0;
	if (d >= TWO_POW_64)
		return UINT64_MAX;
	return (uint64_t)d;
}

/* A size as the user would write it: "64M" when exact, else bytes. */
static void
format_size(uint64_t v, char *buf, size_t len)
{
	static const char units[] = "KMGT";
	int i, best = -1;

	for (i = 0; i < 4 && v != 0; i++)
		if (v % ((uint64_t)1 << (10 * (i + 1))) == 0)
			best = i;
	if (best < 0)
		snprintf(buf, len, "%llu", (unsigned long long)v);
	else
		snprintf(buf, len, "%llu%c",
		    (unsigned long long)(v >> (10 * (best + 1))), units[best]);
}

/* The expected form of a value, for error messages. */
static void
describe(const config_option *opt, char *buf, size_t len)
{
	char lo[32], hi[32];

	switch (opt->type) {
	case CONFIG_STRING:
		snprintf(buf, len, "expected a string");
		break;
	case CONFIG_INT:
		snprintf(buf, len, "expected an integer from %lld to %lld",
		    bound_ll(opt->min), bound_ll(opt->max));
		break;
	case CONFIG_BOOL:
		snprintf(buf, len, "expected yes/no, true/false, on/off or 1/0");
		break;
	case CONFIG_SIZE:
		format_size(bound_u64(opt->min), lo, sizeof(lo));
		format_size(bound_u64(opt->max), hi, sizeof(hi));
		snprintf(buf, len, "expected a size from %s to %s (a whole "
		    "number of bytes, or with a K, M, G or T suffix)", lo, hi);
		break;
	case CONFIG_DOUBLE:
		snprintf(buf, len, "expected a number from %g to %g",
		    opt->min, opt->max);
		break;
	default:
		snprintf(buf, len, "unknown option type %d", (int)opt->type);
		break;
	}
}

/* Optional sign, then decimal digits only: no blanks, no 0x, no octal. */
static int
parse_int(const char *s, long long *v)
{
	const char *p = s;
	char *end;
	long long n;

	if (*p == '+' || *p == '-')
		p++;
	if (!isdigit((unsigned char)*p))
		return -1;
	errno = 0;
	n = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return -1;
	*v = n;
	return 0;
}

static int
parse_bool(const char *s, int *v)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*v = 1;
			return 0;
		}
		if (strcasecmp(s, no[i]) == 0) {
			*v = 0;
			return 0;
		}
	}
	return -1;
}

/*
 * Digits, optional blanks, then an optional unit: K, M, G or T (powers of
 * 1024, either case) optionally followed by "B" or "iB", or a lone "B".
 * Overflow of 64 bits is refused.
 */
static int
parse_size(const char *s, uint64_t *v)
{
	static const char units[] = "KMGT";
	const char *p = s;
	uint64_t n = 0;
	unsigned shift = 0;
	const char *u;

	if (!isdigit((unsigned char)*p))
		return -1;
	for (; isdigit((unsigned char)*p); p++) {
		unsigned d = (unsigned)(*p - '0');

		if (n > (UINT64_MAX - d) / 10)
			return -1;
		n = n * 10 + d;
	}
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p != '\0' && (u = strchr(units, toupper((unsigned char)*p)))
	    != NULL) {
		shift = 10 * (unsigned)(u - units + 1);
		p++;
		if (*p == 'i' || *p == 'I') {
			p++;
			if (*p != 'B' && *p != 'b')
				return -1;
		}
	}
	if (*p == 'B' || *p == 'b')
		p++;
	if (*p != '\0')
		return -1;
	if (shift != 0 && n > (UINT64_MAX >> shift))
		return -1;
	*v = n << shift;
	return 0;
}

/* strtod over the whole value; finite only. */
static int
parse_double(const char *s, double *v)
{
	char *end;
	double d;

	if (*s == '\0' || isspace((unsigned char)*s))
		return -1;
	errno = 0;
	d = strtod(s, &end);
	if (*end != '\0' || !isfinite(d))
		return -1;
	*v = d;
	return 0;
}

/*
 * Parses `value` into the option's field. Returns 0, QP_EINVAL (the value
 * does not parse or is out of bounds) or QP_ENOMEM. A string replaces, and
 * frees, the one in place.
 */
static int
set_value(const config_option *opt, void *out, const char *value)
{
	void *field = field_of(opt, out);
	long long ll;
	uint64_t u;
	double d;
	int b;
	char *s;

	switch (opt->type) {
	case CONFIG_STRING:
		if ((s = strdup(value)) == NULL)
			return QP_ENOMEM;
		free(*(char **)field);
		*(char **)field = s;
		return 0;
	case CONFIG_INT:
		if (parse_int(value, &ll) != 0 || ll < bound_ll(opt->min) ||
		    ll > bound_ll(opt->max))
			return QP_EINVAL;
		*(long long *)field = ll;
		return 0;
	case CONFIG_BOOL:
		if (parse_bool(value, &b) != 0)
			return QP_EINVAL;
		*(int *)field = b;
		return 0;
	case CONFIG_SIZE:
		if (parse_size(value, &u) != 0 || u < bound_u64(opt->min) ||
		    u > bound_u64(opt->max))
			return QP_EINVAL;
		*(uint64_t *)field = u;
		return 0;
	case CONFIG_DOUBLE:
		if (parse_double(value, &d) != 0 || d < opt->min ||
		    d > opt->max)
			return QP_EINVAL;
		*(double *)field = d;
		return 0;
	}
	return QP_EINVAL;
}

static int
valid_type(enum config_type type)
{
	switch (type) {
	case CONFIG_STRING:
	case CONFIG_INT:
	case CONFIG_BOOL:
	case CONFIG_SIZE:
	case CONFIG_DOUBLE:
		return 1;
	}
	return 0;
}

/*
 * Sets the defaults; strings only when `strings` is set (a reset after a
 * failed load wants the others back and the strings left NULL). A bad
 * default is a bug in the table: QP_EINVAL, described in err.
 */
static int
apply_defaults(const config_option *table, void *out, int strings,
    char *err, size_t errlen)
{
	const config_option *opt;
	char label[160], expected[160];
	int rc = 0;

	if (strings)
		for (opt = table; opt->name != NULL; opt++)
			if (opt->type == CONFIG_STRING)
				*(char **)field_of(opt, out) = NULL;

	for (opt = table; opt->name != NULL; opt++) {
		option_label(opt, label, sizeof(label));
		if (!valid_type(opt->type)) {
			set_error(err, errlen, NULL, 0, "config table: %s: "
			    "unknown type %d", label, (int)opt->type);
			rc = QP_EINVAL;
			goto out;
		}
		if (opt->type == CONFIG_STRING &&
		    (!strings || opt->def == NULL))
			continue;
		if (opt->def == NULL) {
			set_error(err, errlen, NULL, 0, "config table: %s: "
			    "no default", label);
			rc = QP_EINVAL;
			goto out;
		}
		rc = set_value(opt, out, opt->def);
		if (rc == QP_ENOMEM) {
			set_error(err, errlen, NULL, 0, "out of memory");
			goto out;
		}
		if (rc != 0) {
			describe(opt, expected, sizeof(expected));
			set_error(err, errlen, NULL, 0, "config table: default "
			    "of %s: %s, got \"%s\"", label, expected, opt->def);
			goto out;
		}
	}
out:
	if (rc != 0 && strings)
		config_free(table, out);
	return rc;
}

/*
 * strtod and %g follow LC_NUMERIC: under a French locale "0.5" would not
 * parse. Switch this thread to the C numbers for the call; if that cannot
 * be had (out of memory), go on in the current locale.
 */
static void
numeric_c_enter(locale_t *c, locale_t *saved)
{
	*c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	if (*c != (locale_t)0)
		*saved = uselocale(*c);
}

static void
numeric_c_leave(locale_t c, locale_t saved)
{
	if (c == (locale_t)0)
		return;
	uselocale(saved);
	freelocale(c);
}

int
config_defaults(const config_option *table, void *out)
{
	locale_t c = (locale_t)0, saved = (locale_t)0;
	int rc;

	numeric_c_enter(&c, &saved);
	rc = apply_defaults(table, out, 1, NULL, 0);
	numeric_c_leave(c, saved);
	return rc;
}

/*
 * inih's reader: fgets, plus the bookkeeping inih keeps to itself. A line
 * that does not fit inih's buffer is an error rather than two lines.
 */
static char *
read_line(char *str, int num, void *stream)
{
	struct load *ld = stream;
	const char *p;
	size_t len;
	int c, indented;

	if (ld->failed)
		return NULL;
	errno = 0;
	if (fgets(str, num, ld->fp) == NULL) {
		if (ferror(ld->fp)) {
			ld->read_errno = errno != 0 ? errno : EIO;
			ld->failed = QP_EIO;
			ld->fail_line = ld->lineno + 1;
		}
		return NULL;
	}
	ld->lineno++;
	len = strlen(str);
	if (len > 0 && len == (size_t)num - 1 && str[len - 1] != '\n') {
		c = getc(ld->fp);
		if (c != '\n' && c != EOF) {
			load_fail(ld, QP_ECONFIG, ld->lineno, "line longer than "
			    "%d characters", num - 1);
			return NULL;
		}
	}

	/* inih skips a UTF-8 BOM on line 1 and blanks on both sides. */
	p = str;
	if (ld->lineno == 1 && strncmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	while (isspace((unsigned char)*p))
		p++;
	indented = p > str;
	ld->continuation = 0;
	if (*p == '\0' || *p == ';' || *p == '#')
		;       /* blank or comment: inih's state is unchanged */
	else if (ld->after_key && indented)
		ld->continuation = 1;
	else if (*p == '[') {
		ld->section_line = ld->lineno;
		ld->after_key = 0;
	}
	return str;
}

static int
section_known(const config_option *table, const char *section)
{
	const config_option *opt;

	for (opt = table; opt->name != NULL; opt++)
		if (strcmp(opt->section, section) == 0)
			return 1;
	return 0;
}

static int
handle_pair(void *user, const char *section, const char *name,
    const char *value)
{
	struct load *ld = user;
	const config_option *opt;
	char label[160], expected[160];
	size_t i;
	int rc;

	if (ld->failed)
		return 0;
	if (ld->continuation) {
		load_fail(ld, QP_ECONFIG, ld->lineno, "indented line after "
		    "\"%s\": continuation lines are not supported", name);
		return 0;
	}
	ld->after_key = 1;
	if (section[0] != '\0' && !section_known(ld->table, section)) {
		load_fail(ld, QP_ECONFIG, ld->section_line,
		    "unknown section [%s]", section);
		return 0;
	}
	for (i = 0, opt = ld->table; opt->name != NULL; i++, opt++)
		if (strcmp(opt->section, section) == 0 &&
		    strcmp(opt->name, name) == 0)
			break;
	if (opt->name == NULL) {
		if (section[0] != '\0')
			load_fail(ld, QP_ECONFIG, ld->lineno, "unknown key "
			    "\"%s\" in section [%s]", name, section);
		else
			load_fail(ld, QP_ECONFIG, ld->lineno, "unknown key "
			    "\"%s\" before any section", name);
		return 0;
	}
	if (ld->seen[i]) {
		load_fail(ld, QP_ECONFIG, ld->lineno, "duplicate key \"%s\"",
		    name);
		return 0;
	}
	ld->seen[i] = 1;

	rc = set_value(opt, ld->out, value);
	if (rc == QP_ENOMEM) {
		load_fail(ld, QP_ENOMEM, ld->lineno, "out of memory");
		return 0;
	}
	if (rc != 0) {
		option_label(opt, label, sizeof(label));
		describe(opt, expected, sizeof(expected));
		load_fail(ld, QP_ECONFIG, ld->lineno, "%s: %s, got \"%s\"",
		    label, expected, value);
		return 0;
	}
	return 1;
}

int
config_load(const char *path, const config_option *table, void *out,
    char *err, size_t errlen)
{
	struct load ld;
	locale_t c = (locale_t)0, saved = (locale_t)0;
	int rc, line, defaults_set = 0;

	memset(&ld, 0, sizeof(ld));
	ld.path = path;
	ld.table = table;
	ld.out = out;
	ld.err = err;
	ld.errlen = errlen;
	if (err != NULL && errlen > 0)
		err[0] = '\0';

	numeric_c_enter(&c, &saved);
	if ((rc = apply_defaults(table, out, 1, err, errlen)) != 0)
		goto out;       /* apply_defaults freed what it set */
	defaults_set = 1;

	if ((ld.seen = calloc(table_count(table) + 1, 1)) == NULL) {
		set_error(err, errlen, NULL, 0, "out of memory");
		rc = QP_ENOMEM;
		goto out;
	}
	if ((ld.fp = fopen(path, "r")) == NULL) {
		set_error(err, errlen, path, 0, "%s", strerror(errno));
		rc = QP_ENOTFOUND;
		goto out;
	}

	line = ini_parse_stream(read_line, &ld, handle_pair, &ld);

	/*
	 * inih returns the first line it found wrong, ours included, and goes
	 * on parsing after a syntax error; a syntax error before the line we
	 * refused is the one to report.
	 */
	if (line > 0 && (!ld.failed || line < ld.fail_line)) {
		set_error(err, errlen, path, line, "syntax error: expected "
		    "\"[section]\", \"key = value\" or a comment");
		rc = QP_ECONFIG;
		goto out;
	}
	if (ld.failed == QP_EIO) {
		set_error(err, errlen, path, 0, "%s", strerror(ld.read_errno));
		rc = QP_EIO;
		goto out;
	}
	if (ld.failed) {
		rc = ld.failed;
		goto out;
	}
	if (line < 0) {
		set_error(err, errlen, path, 0, "out of memory");
		rc = QP_ENOMEM;
		goto out;
	}
	rc = 0;
out:
	if (rc != 0 && defaults_set) {
		config_free(table, out);
		/* cannot fail: the same defaults parsed above */
		(void)apply_defaults(table, out, 0, NULL, 0);
	}
	if (ld.fp != NULL)
		fclose(ld.fp);
	free(ld.seen);
	numeric_c_leave(c, saved);
	return rc;
}

void
config_free(const config_option *table, void *out)
{
	const config_option *opt;
	char **field;

	if (table == NULL || out == NULL)
		return;
	for (opt = table; opt->name != NULL; opt++) {
		if (opt->type != CONFIG_STRING)
			continue;
		field = field_of(opt, out);
		free(*field);
		*field = NULL;
	}
}

static const char *
given(const config_option *o, const config_value *values, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(values[i].section, o->section) == 0 &&
		    strcmp(values[i].name, o->name) == 0)
			return values[i].value;
	return NULL;
}

int
config_write(const char *path, const char *header, const config_option *table,
             const config_value *values, size_t n, int flags)
{
	const char *section = NULL;
	fileout *out = NULL;
	FILE *fp;
	int e;

	for (size_t i = 0; i < n; i++) {
		const config_option *o = table;
		while (o->name != NULL && (strcmp(o->section, values[i].section) != 0 ||
		                           strcmp(o->name, values[i].name) != 0))
			o++;
		if (o->name == NULL || values[i].value == NULL ||
		    strpbrk(values[i].value, "\r\n") != NULL)
			return QP_EINVAL;
	}
	if ((e = fileout_open(path, 0644, flags, &out)) != 0)
		return e;
	fp = fileout_fp(out);
	if (header != NULL)
		fprintf(fp, "# %s\n", header);
	for (const config_option *o = table; o->name != NULL; o++) {
		const char *v = given(o, values, n);
		if (section == NULL || strcmp(section, o->section) != 0) {
			section = o->section;
			if (section[0] != '\0')
				fprintf(fp, "\n[%s]\n", section);
		}
		if (o->help != NULL)
			fprintf(fp, "# %s\n", o->help);
		if (v != NULL)
			fprintf(fp, "%s = %s\n", o->name, v);
		else if (o->def != NULL)
			fprintf(fp, "# %s = %s\n", o->name, o->def);
		else
			fprintf(fp, "# %s =\n", o->name);
	}
	return fileout_commit(&out);
}
