/*
 * test_config.c: config_defaults, config_load and config_free against a
 * table with one option of each type, on files written under a mkdtemp
 * directory. Run under ASan to check that replaced and refused strings are
 * freed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <locale.h>
#include <unistd.h>

#include <cmocka.h>

#include "config.h"

struct test_cfg {
	long long level;
	char *collector;
	char *site;
	char *endpoint;
	int verbose;
	long long batch_events;
	double ratio;
	uint64_t max_size;
	uint64_t min_free;
};

#define KIB ((uint64_t)1024)
#define MIB (KIB * 1024)
#define GIB (MIB * 1024)
#define TIB (GIB * 1024)

static const config_option table[] = {
	{ "", "level", CONFIG_INT, offsetof(struct test_cfg, level),
	  0, 5, "1", "verbosity before any section" },
	{ "agent", "collector", CONFIG_STRING,
	  offsetof(struct test_cfg, collector), 0, 0,
	  "tcp://127.0.0.1:7300", "collector endpoint" },
	{ "agent", "site", CONFIG_STRING, offsetof(struct test_cfg, site),
	  0, 0, NULL, "site id" },
	{ "agent", "endpoint", CONFIG_STRING,
	  offsetof(struct test_cfg, endpoint), 0, 0, NULL, "local endpoint" },
	{ "agent", "verbose", CONFIG_BOOL, offsetof(struct test_cfg, verbose),
	  0, 0, "no", "log more" },
	{ "sync", "batch_events", CONFIG_INT,
	  offsetof(struct test_cfg, batch_events), 1, 10000, "100",
	  "events per frame" },
	{ "sync", "ratio", CONFIG_DOUBLE, offsetof(struct test_cfg, ratio),
	  0.0, 1.0, "0.5", "a fraction" },
	{ "store", "max_size", CONFIG_SIZE,
	  offsetof(struct test_cfg, max_size), 0, (double)TIB, "64M",
	  "LMDB map maximum" },
	{ "store", "min_free", CONFIG_SIZE,
	  offsetof(struct test_cfg, min_free), (double)MIB, (double)GIB, "1M",
	  "free space kept" },
	{ NULL, NULL, CONFIG_STRING, 0, 0, 0, NULL, NULL },
};

struct fixture {
	char dir[64];
	char path[128];
	char err[512];
	struct test_cfg cfg;
};

static int
group_setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/test_config.XXXXXX");
	if (mkdtemp(f->dir) == NULL) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof(f->path), "%s/agent.ini", f->dir);
	*state = f;
	return 0;
}

static int
group_teardown(void **state)
{
	struct fixture *f = *state;
	int rc;

	unlink(f->path);
	rc = rmdir(f->dir);
	free(f);
	return rc;
}

static int
test_setup(void **state)
{
	struct fixture *f = *state;

	memset(&f->cfg, 0, sizeof(f->cfg));
	memset(f->err, 0, sizeof(f->err));
	return 0;
}

static int
test_teardown(void **state)
{
	struct fixture *f = *state;

	config_free(table, &f->cfg);
	unlink(f->path);
	return 0;
}

static void
write_file(struct fixture *f, const char *text)
{
	FILE *fp = fopen(f->path, "w");

	assert_non_null(fp);
	assert_int_equal(fputs(text, fp) >= 0, 1);
	assert_int_equal(fclose(fp), 0);
}

/*
 * Loads into a struct full of garbage, as a caller's may be: config_load
 * must set every field and free none of what was there.
 */
static int
load_text(struct fixture *f, const char *text)
{
	write_file(f, text);
	memset(&f->cfg, 0xA5, sizeof(f->cfg));
	return config_load(f->path, table, &f->cfg, f->err, sizeof(f->err));
}

static void
assert_defaults(const struct test_cfg *c, int strings)
{
	assert_int_equal(c->level, 1);
	if (strings)
		assert_string_equal(c->collector, "tcp://127.0.0.1:7300");
	else
		assert_null(c->collector);
	assert_null(c->site);
	assert_null(c->endpoint);
	assert_int_equal(c->verbose, 0);
	assert_int_equal(c->batch_events, 100);
	assert_true(c->ratio == 0.5);
	assert_int_equal(c->max_size, 64 * MIB);
	assert_int_equal(c->min_free, MIB);
}

/* A refused file: QP_ECONFIG, the exact message, and nothing kept. */
static void
assert_refused(struct fixture *f, const char *text, int line,
    const char *message)
{
	char expected[512];

	snprintf(expected, sizeof(expected), "%s:%d: %s", f->path, line,
	    message);
	assert_int_equal(load_text(f, text), QP_ECONFIG);
	assert_string_equal(f->err, expected);
	assert_defaults(&f->cfg, 0);
}

static void
test_defaults_alone(void **state)
{
	struct fixture *f = *state;

	memset(&f->cfg, 0xA5, sizeof(f->cfg));
	assert_int_equal(config_defaults(table, &f->cfg), 0);
	assert_defaults(&f->cfg, 1);
}

static void
test_empty_file_gives_defaults(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(load_text(f, "; nothing set\n\n"), 0);
	assert_string_equal(f->err, "");
	assert_defaults(&f->cfg, 1);
}

static void
test_full_valid_file(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(load_text(f,
	    "level = 3\n"
	    "# a comment\n"
	    "[agent]\n"
	    "collector = tcp://collector.paris.fr:7300\n"
	    "site: eps-paris-13\n"
	    "endpoint = ipc:///run/qp.sock ; where commands arrive\n"
	    "verbose = Yes\n"
	    "\n"
	    "[sync]\n"
	    "batch_events = 2500\n"
	    "ratio = 0.125\n"
	    "[store]\n"
	    "max_size = 2G\n"
	    "min_free = 512M\n"
	    "[agent]\n"), 0);
	assert_string_equal(f->err, "");
	assert_int_equal(f->cfg.level, 3);
	assert_string_equal(f->cfg.collector, "tcp://collector.paris.fr:7300");
	assert_string_equal(f->cfg.site, "eps-paris-13");
	assert_string_equal(f->cfg.endpoint, "ipc:///run/qp.sock");
	assert_int_equal(f->cfg.verbose, 1);
	assert_int_equal(f->cfg.batch_events, 2500);
	assert_true(f->cfg.ratio == 0.125);
	assert_int_equal(f->cfg.max_size, 2 * GIB);
	assert_int_equal(f->cfg.min_free, 512 * MIB);
}

static void
test_bom_crlf_and_empty_string(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(load_text(f,
	    "\xEF\xBB\xBF[agent]\r\n"
	    "site =\r\n"
	    "collector = tcp://x:1\r\n"), 0);
	assert_string_equal(f->cfg.site, "");
	assert_string_equal(f->cfg.collector, "tcp://x:1");
}

static void
test_bad_integer(void **state)
{
	assert_refused(*state,
	    "[agent]\n"
	    "site = a\n"
	    "collector = tcp://x:1\n"
	    "\n"
	    "[sync]\n"
	    "ratio = 0.5\n"
	    "batch_events = abc\n",
	    7, "[sync] batch_events: expected an integer from 1 to 10000, "
	    "got \"abc\"");
}

static void
test_unknown_key(void **state)
{
	assert_refused(*state,
	    "[agent]\n"
	    "site = a\n"
	    "colector = tcp://x:1\n",
	    3, "unknown key \"colector\" in section [agent]");
}

static void
test_unknown_key_before_sections(void **state)
{
	assert_refused(*state,
	    "level = 2\n"
	    "site = a\n",
	    2, "unknown key \"site\" before any section");
}

static void
test_unknown_section(void **state)
{
	assert_refused(*state,
	    "[agent]\n"
	    "[foo]\n"
	    "; the error names the header, not this key\n"
	    "bar = 1\n",
	    2, "unknown section [foo]");
}

static void
test_duplicate_key(void **state)
{
	assert_refused(*state,
	    "[agent]\n"
	    "endpoint = tcp://a:1\n"
	    "site = a\n"
	    "endpoint = tcp://b:2\n",
	    4, "duplicate key \"endpoint\"");
}

static void
test_duplicate_key_across_reopened_section(void **state)
{
	assert_refused(*state,
	    "[agent]\n"
	    "site = a\n"
	    "[sync]\n"
	    "ratio = 0.1\n"
	    "[agent]\n"
	    "site = b\n",
	    6, "duplicate key \"site\"");
}

static void
test_syntax_error_no_equals(void **state)
{
	assert_refused(*state,
	    "[agent]\n"
	    "site = a\n"
	    "collector\n",
	    3, "syntax error: expected \"[section]\", \"key = value\" or a "
	    "comment");
}

static void
test_syntax_error_open_bracket(void **state)
{
	assert_refused(*state,
	    "[agent\n"
	    "site = a\n",
	    1, "syntax error: expected \"[section]\", \"key = value\" or a "
	    "comment");
}

/* inih goes on after a syntax error; the first error is the one told. */
static void
test_syntax_error_before_bad_value(void **state)
{
	assert_refused(*state,
	    "[sync]\n"
	    "oops\n"
	    "batch_events = 0\n",
	    2, "syntax error: expected \"[section]\", \"key = value\" or a "
	    "comment");
}

static void
test_bad_value_before_syntax_error(void **state)
{
	assert_refused(*state,
	    "[sync]\n"
	    "batch_events = 0\n"
	    "oops\n",
	    2, "[sync] batch_events: expected an integer from 1 to 10000, "
	    "got \"0\"");
}

static void
test_continuation_line(void **state)
{
	assert_refused(*state,
	    "[agent]\n"
	    "site = a\n"
	    "  collector = tcp://x:1\n",
	    3, "indented line after \"site\": continuation lines are not "
	    "supported");
}

static void
test_indented_first_key_is_fine(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(load_text(f,
	    "[agent]\n"
	    "  site = a\n"
	    "[sync]\n"
	    "\tbatch_events = 7\n"), 0);
	assert_string_equal(f->cfg.site, "a");
	assert_int_equal(f->cfg.batch_events, 7);
}

/* As in Python's configparser, inih reads it as a continuation. */
static void
test_indented_header_after_key(void **state)
{
	assert_refused(*state,
	    "[agent]\n"
	    "site = a\n"
	    "\n"
	    "  [sync]\n",
	    4, "indented line after \"site\": continuation lines are not "
	    "supported");
}

static void
test_line_too_long(void **state)
{
	struct fixture *f = *state;
	char text[400], message[64];
	int limit = 199;

	/* A line of `limit` characters fits, one more does not. */
	memset(text, 0, sizeof(text));
	strcpy(text, "[agent]\nsite = ");
	memset(text + strlen(text), 'x', (size_t)limit - strlen("site = "));
	strcat(text, "\n");
	assert_int_equal(load_text(f, text), 0);
	assert_int_equal(strlen(f->cfg.site), limit - 7);
	config_free(table, &f->cfg);

	memset(text, 0, sizeof(text));
	strcpy(text, "[agent]\nsite = ");
	memset(text + strlen(text), 'x', (size_t)limit + 1 - strlen("site = "));
	strcat(text, "\n");
	snprintf(message, sizeof(message), "line longer than %d characters",
	    limit);
	assert_refused(f, text, 2, message);
}

static void
test_empty_number(void **state)
{
	assert_refused(*state,
	    "[store]\n"
	    "max_size =\n",
	    2, "[store] max_size: expected a size from 0 to 1T (a whole number "
	    "of bytes, or with a K, M, G or T suffix), got \"\"");
}

static void
test_empty_bool(void **state)
{
	assert_refused(*state,
	    "[agent]\n"
	    "verbose =\n",
	    2, "[agent] verbose: expected yes/no, true/false, on/off or 1/0, "
	    "got \"\"");
}

/* A string set before the error is freed (ASan) and the field is NULL. */
static void
test_error_frees_strings_already_set(void **state)
{
	assert_refused(*state,
	    "level = 4\n"
	    "[agent]\n"
	    "collector = tcp://first:1\n"
	    "site = eps-1\n"
	    "endpoint = tcp://e:2\n"
	    "verbose = maybe\n",
	    6, "[agent] verbose: expected yes/no, true/false, on/off or 1/0, "
	    "got \"maybe\"");
}

static void
test_integer_bounds(void **state)
{
	struct fixture *f = *state;
	static const char *const refused[] = {
		"0", "10001", "-1", "+0", "5.0", "0x10", "1e3", "12abc",
		"99999999999999999999", "-99999999999999999999",
	};
	char text[128], message[256];
	size_t i;

	assert_int_equal(load_text(f, "[sync]\nbatch_events = 1\n"), 0);
	assert_int_equal(f->cfg.batch_events, 1);
	config_free(table, &f->cfg);
	assert_int_equal(load_text(f, "[sync]\nbatch_events = 10000\n"), 0);
	assert_int_equal(f->cfg.batch_events, 10000);
	config_free(table, &f->cfg);
	assert_int_equal(load_text(f, "[sync]\nbatch_events = +0042\n"), 0);
	assert_int_equal(f->cfg.batch_events, 42);
	config_free(table, &f->cfg);

	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		snprintf(text, sizeof(text), "[sync]\nbatch_events = %s\n",
		    refused[i]);
		snprintf(message, sizeof(message), "[sync] batch_events: "
		    "expected an integer from 1 to 10000, got \"%s\"",
		    refused[i]);
		assert_refused(f, text, 2, message);
	}

	/* Before any section, bounds 0..5. */
	assert_int_equal(load_text(f, "level = 0\n"), 0);
	assert_int_equal(f->cfg.level, 0);
	config_free(table, &f->cfg);
	assert_int_equal(load_text(f, "level = 5\n"), 0);
	assert_int_equal(f->cfg.level, 5);
	config_free(table, &f->cfg);
	assert_refused(f, "level = 6\n", 1,
	    "level: expected an integer from 0 to 5, got \"6\"");
}

static void
test_double_bounds(void **state)
{
	struct fixture *f = *state;
	static const char *const refused[] = {
		"-0.001", "1.001", "nan", "inf", "-inf", "1e999", "abc",
		"0.5x", "0,5", "",
	};
	char text[128], message[256];
	size_t i;

	assert_int_equal(load_text(f, "[sync]\nratio = 0\n"), 0);
	assert_true(f->cfg.ratio == 0.0);
	config_free(table, &f->cfg);
	assert_int_equal(load_text(f, "[sync]\nratio = 1.0\n"), 0);
	assert_true(f->cfg.ratio == 1.0);
	config_free(table, &f->cfg);
	assert_int_equal(load_text(f, "[sync]\nratio = 2.5e-1\n"), 0);
	assert_true(f->cfg.ratio == 0.25);
	config_free(table, &f->cfg);

	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		snprintf(text, sizeof(text), "[sync]\nratio = %s\n",
		    refused[i]);
		snprintf(message, sizeof(message), "[sync] ratio: expected a "
		    "number from 0 to 1, got \"%s\"", refused[i]);
		assert_refused(f, text, 2, message);
	}
}

static void
test_size_bounds(void **state)
{
	struct fixture *f = *state;
	char message[256];

	assert_int_equal(load_text(f, "[store]\nmin_free = 1M\n"), 0);
	assert_int_equal(f->cfg.min_free, MIB);
	config_free(table, &f->cfg);
	assert_int_equal(load_text(f, "[store]\nmin_free = 1048576\n"), 0);
	assert_int_equal(f->cfg.min_free, MIB);
	config_free(table, &f->cfg);
	assert_int_equal(load_text(f, "[store]\nmin_free = 1G\n"), 0);
	assert_int_equal(f->cfg.min_free, GIB);
	config_free(table, &f->cfg);
	assert_int_equal(load_text(f, "[store]\nmin_free = 1073741824\n"), 0);
	assert_int_equal(f->cfg.min_free, GIB);
	config_free(table, &f->cfg);

	snprintf(message, sizeof(message), "[store] min_free: expected a size "
	    "from 1M to 1G (a whole number of bytes, or with a K, M, G or T "
	    "suffix), got \"%s\"", "1048575");
	assert_refused(f, "[store]\nmin_free = 1048575\n", 2, message);
	snprintf(message, sizeof(message), "[store] min_free: expected a size "
	    "from 1M to 1G (a whole number of bytes, or with a K, M, G or T "
	    "suffix), got \"%s\"", "1073741825");
	assert_refused(f, "[store]\nmin_free = 1073741825\n", 2, message);
}

static void
test_size_forms(void **state)
{
	struct fixture *f = *state;
	static const struct {
		const char *text;
		uint64_t bytes;
	} accepted[] = {
		{ "64M", 67108864 },
		{ "1G", GIB },
		{ "0", 0 },
		{ "0K", 0 },
		{ "512", 512 },
		{ "512B", 512 },
		{ "4k", 4 * KIB },
		{ "4KB", 4 * KIB },
		{ "4KiB", 4 * KIB },
		{ "3 MiB", 3 * MIB },
		{ "1T", TIB },
		{ "1099511627776", TIB },
		{ "007M", 7 * MIB },
		{ "1G ; a comment, stripped by inih", GIB },
	};
	static const char *const refused[] = {
		"99999999999T", "18446744073709551616", "16777216T",
		"1099511627777", "2T", "-1", "+1", "1.5G", "M", "1X", "1Ki",
		"1MM", "1 M B", "0x10",
	};
	char text[128], message[256];
	size_t i;

	for (i = 0; i < sizeof(accepted) / sizeof(accepted[0]); i++) {
		snprintf(text, sizeof(text), "[store]\nmax_size = %s\n",
		    accepted[i].text);
		assert_int_equal(load_text(f, text), 0);
		assert_int_equal(f->cfg.max_size, accepted[i].bytes);
		config_free(table, &f->cfg);
	}
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		snprintf(text, sizeof(text), "[store]\nmax_size = %s\n",
		    refused[i]);
		snprintf(message, sizeof(message), "[store] max_size: expected "
		    "a size from 0 to 1T (a whole number of bytes, or with a K, "
		    "M, G or T suffix), got \"%s\"", refused[i]);
		assert_refused(f, text, 2, message);
	}
}

static void
test_bool_forms(void **state)
{
	struct fixture *f = *state;
	static const struct {
		const char *text;
		int value;
	} accepted[] = {
		{ "yes", 1 }, { "no", 0 }, { "YES", 1 }, { "No", 0 },
		{ "true", 1 }, { "false", 0 }, { "True", 1 }, { "FALSE", 0 },
		{ "on", 1 }, { "off", 0 }, { "ON", 1 }, { "Off", 0 },
		{ "1", 1 }, { "0", 0 },
	};
	static const char *const refused[] = {
		"y", "n", "2", "-1", "enabled", "yess", "00", "oui",
	};
	char text[128], message[256];
	size_t i;

	for (i = 0; i < sizeof(accepted) / sizeof(accepted[0]); i++) {
		snprintf(text, sizeof(text), "[agent]\nverbose = %s\n",
		    accepted[i].text);
		assert_int_equal(load_text(f, text), 0);
		assert_int_equal(f->cfg.verbose, accepted[i].value);
		config_free(table, &f->cfg);
	}
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		snprintf(text, sizeof(text), "[agent]\nverbose = %s\n",
		    refused[i]);
		snprintf(message, sizeof(message), "[agent] verbose: expected "
		    "yes/no, true/false, on/off or 1/0, got \"%s\"",
		    refused[i]);
		assert_refused(f, text, 2, message);
	}
}

/* The default string is replaced by the file's; ASan reports a leak if the
 * default is not freed, a double free if config_free frees it again. */
static void
test_replaced_string_does_not_leak(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(load_text(f,
	    "[agent]\ncollector = tcp://replaced:1\n"), 0);
	assert_string_equal(f->cfg.collector, "tcp://replaced:1");
	config_free(table, &f->cfg);
	assert_null(f->cfg.collector);
	assert_null(f->cfg.site);
	config_free(table, &f->cfg);    /* twice is harmless */

	/* Loading again over a loaded struct after config_free. */
	assert_int_equal(load_text(f, "[agent]\nsite = s2\n"), 0);
	assert_string_equal(f->cfg.site, "s2");
	assert_string_equal(f->cfg.collector, "tcp://127.0.0.1:7300");
}

static void
test_file_missing(void **state)
{
	struct fixture *f = *state;
	char path[160], expected[256];

	snprintf(path, sizeof(path), "%s/missing.ini", f->dir);
	snprintf(expected, sizeof(expected),
	    "%s: No such file or directory", path);
	memset(&f->cfg, 0xA5, sizeof(f->cfg));
	assert_int_equal(config_load(path, table, &f->cfg, f->err,
	    sizeof(f->err)), QP_ENOTFOUND);
	assert_string_equal(f->err, expected);
	assert_defaults(&f->cfg, 0);
}

/* fopen takes a directory; the read fails: QP_EIO, nothing kept. */
static void
test_read_error(void **state)
{
	struct fixture *f = *state;
	char expected[256];

	snprintf(expected, sizeof(expected), "%s: Is a directory", f->dir);
	memset(&f->cfg, 0xA5, sizeof(f->cfg));
	assert_int_equal(config_load(f->dir, table, &f->cfg, f->err,
	    sizeof(f->err)), QP_EIO);
	assert_string_equal(f->err, expected);
	assert_defaults(&f->cfg, 0);
}

static void
test_small_error_buffer(void **state)
{
	struct fixture *f = *state;
	char small[8];

	write_file(f, "[nope]\nx = 1\n");
	assert_int_equal(config_load(f->path, table, &f->cfg, small,
	    sizeof(small)), QP_ECONFIG);
	assert_int_equal(strlen(small), sizeof(small) - 1);
	assert_int_equal(config_load(f->path, table, &f->cfg, NULL, 0),
	    QP_ECONFIG);
}

struct bad_default {
	long long n;
	char *s;
};

static void
test_bad_default_in_table(void **state)
{
	struct fixture *f = *state;
	static const config_option bad[] = {
		{ "a", "s", CONFIG_STRING, offsetof(struct bad_default, s),
		  0, 0, "set first", NULL },
		{ "a", "n", CONFIG_INT, offsetof(struct bad_default, n),
		  1, 10, "0", NULL },
		{ NULL, NULL, CONFIG_STRING, 0, 0, 0, NULL, NULL },
	};
	struct bad_default b;

	memset(&b, 0xA5, sizeof(b));
	assert_int_equal(config_defaults(bad, &b), QP_EINVAL);
	assert_null(b.s);

	write_file(f, "[a]\n");
	memset(&b, 0xA5, sizeof(b));
	assert_int_equal(config_load(f->path, bad, &b, f->err,
	    sizeof(f->err)), QP_EINVAL);
	assert_string_equal(f->err, "config table: default of [a] n: expected "
	    "an integer from 1 to 10, got \"0\"");
	assert_null(b.s);
}

/* Under a French LC_NUMERIC strtod wants "0,5"; the file says "0.5". */
static void
test_decimal_point_under_french_locale(void **state)
{
	struct fixture *f = *state;
	const char *names[] = { "fr_FR.UTF-8", "fr_FR.utf8", "fr_FR" };
	char *old;
	size_t i;
	int rc;

	old = setlocale(LC_NUMERIC, NULL);
	assert_non_null(old);
	old = strdup(old);
	assert_non_null(old);
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (setlocale(LC_NUMERIC, names[i]) != NULL)
			break;
	if (i == sizeof(names) / sizeof(names[0])) {
		free(old);
		skip();
	}
	rc = load_text(f, "[sync]\nratio = 0.75\n");
	setlocale(LC_NUMERIC, old);
	free(old);
	assert_int_equal(rc, 0);
	assert_true(f->cfg.ratio == 0.75);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, test_setup, \
	    test_teardown)
		T(test_defaults_alone),
		T(test_empty_file_gives_defaults),
		T(test_full_valid_file),
		T(test_bom_crlf_and_empty_string),
		T(test_bad_integer),
		T(test_unknown_key),
		T(test_unknown_key_before_sections),
		T(test_unknown_section),
		T(test_duplicate_key),
		T(test_duplicate_key_across_reopened_section),
		T(test_syntax_error_no_equals),
		T(test_syntax_error_open_bracket),
		T(test_syntax_error_before_bad_value),
		T(test_bad_value_before_syntax_error),
		T(test_continuation_line),
		T(test_indented_first_key_is_fine),
		T(test_indented_header_after_key),
		T(test_line_too_long),
		T(test_empty_number),
		T(test_empty_bool),
		T(test_error_frees_strings_already_set),
		T(test_integer_bounds),
		T(test_double_bounds),
		T(test_size_bounds),
		T(test_size_forms),
		T(test_bool_forms),
		T(test_replaced_string_does_not_leak),
		T(test_file_missing),
		T(test_read_error),
		T(test_small_error_buffer),
		T(test_bad_default_in_table),
		T(test_decimal_point_under_french_locale),
#undef T
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
