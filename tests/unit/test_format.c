/*
 * common/format.c and common/fileout.c: the numbers, CSV cells and JSON
 * both programs write, and the atomic file replacement every file goes
 * through.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "config.h"
#include "domain.h"
#include "fileout.h"
#include "format.h"

static char *
csv(const char *s)
{
	static char out[256];
	FILE *fp;

	memset(out, 0, sizeof(out));
	fp = fmemopen(out, sizeof(out), "w");

	fmt_csv_field(fp, s);
	fclose(fp);
	return out;
}

static void
test_numbers(void **state)
{
	char buf[FMT_DOUBLE_MAX];

	(void)state;
	assert_string_equal(fmt_double(0.85, buf), "0.85");
	assert_string_equal(fmt_double(0.1 + 0.2, buf), "0.30000000000000004");
	assert_string_equal(fmt_double(100, buf), "100");
	assert_string_equal(fmt_double(2.0 / 3.0, buf), "0.6666666666666666");
	assert_string_equal(fmt_double(1e-7, buf), "1e-07");
	assert_string_equal(fmt_decimal_fr(85.25, 1, buf, sizeof(buf)), "85,2");
	assert_string_equal(fmt_decimal_fr(0.5, 0, buf, sizeof(buf)), "0");
	assert_string_equal(fmt_decimal_fr(12.345, 2, buf, sizeof(buf)), "12,35");
}

static void
test_csv(void **state)
{
	(void)state;
	assert_string_equal(csv("plain"), "plain");
	assert_string_equal(csv(""), "");
	assert_string_equal(csv("a,b"), "\"a,b\"");
	assert_string_equal(csv("say \"hi\""), "\"say \"\"hi\"\"\"");
	/* OWASP: a cell a spreadsheet would run as a formula stays text. */
	assert_string_equal(csv("=1+2"), "\"'=1+2\"");
	assert_string_equal(csv("+33 1 23"), "\"'+33 1 23\"");
	assert_string_equal(csv("-2"), "\"'-2\"");
	assert_string_equal(csv("@SUM(A1)"), "\"'@SUM(A1)\"");
	assert_string_equal(csv("\tx"), "\"'\tx\"");
	assert_string_equal(csv("\rx"), "\"'\rx\"");
	assert_string_equal(csv("a=b"), "a=b");
}

static void
test_json(void **state)
{
	json_t *v = json_pack("{s:f, s:f, s:i, s:[], s:{}, s:s, s:n}", "rate", 0.85, "whole", 2.0,
	                      "n", 3, "a", "o", "s", "é\"", "z");
	char *compact = fmt_json_text(v, -1), *pretty = fmt_json_text(v, 2);

	(void)state;
	assert_string_equal(compact, "{\"rate\":0.85,\"whole\":2.0,\"n\":3,\"a\":[],\"o\":{},"
	                             "\"s\":\"é\\\"\",\"z\":null}");
	assert_string_equal(pretty, "{\n  \"rate\": 0.85,\n  \"whole\": 2.0,\n  \"n\": 3,\n"
	                            "  \"a\": [],\n  \"o\": {},\n  \"s\": \"é\\\"\",\n"
	                            "  \"z\": null\n}");
	free(compact);
	free(pretty);
	json_decref(v);
}

static char dir[64];

static int
mkdir_setup(void **state)
{
	(void)state;
	strcpy(dir, "/tmp/qp-test-fileout-XXXXXX");
	return mkdtemp(dir) == NULL;
}

static int
rm_teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

static char *
slurp(const char *path)
{
	static char buf[512];
	FILE *fp = fopen(path, "r");
	size_t n;

	if (fp == NULL)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	return buf;
}

static void
test_fileout(void **state)
{
	char path[128], victim[128], listing[256];
	fileout *f = NULL;
	struct stat st;
	FILE *ls;
	size_t n;

	(void)state;
	snprintf(path, sizeof(path), "%s/out.txt", dir);
	snprintf(victim, sizeof(victim), "%s/victim", dir);
	assert_int_equal(fileout_write(path, "one\n", 4, 0640, FILEOUT_REPLACE), 0);
	assert_string_equal(slurp(path), "one\n");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);

	/* Until the commit, readers see the old file; abort leaves it. */
	assert_int_equal(fileout_open(path, 0644, FILEOUT_REPLACE, &f), 0);
	fputs("two\n", fileout_fp(f));
	fflush(fileout_fp(f));
	assert_string_equal(slurp(path), "one\n");
	fileout_abort(&f);
	assert_null(f);
	assert_string_equal(slurp(path), "one\n");

	/* A link planted at the target is replaced, never written through. */
	assert_int_equal(fileout_write(victim, "keep\n", 5, 0644, FILEOUT_REPLACE), 0);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(symlink(victim, path), 0);
	assert_int_equal(fileout_write(path, "three\n", 6, 0644, FILEOUT_REPLACE), 0);
	assert_string_equal(slurp(victim), "keep\n");
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_string_equal(slurp(path), "three\n");

	/* EXCL refuses an existing target and leaves it as it was. */
	assert_int_equal(fileout_write(path, "four\n", 5, 0644, FILEOUT_EXCL), QP_EEXIST);
	assert_string_equal(slurp(path), "three\n");

	/* No temporary file is left behind. */
	snprintf(listing, sizeof(listing), "ls -A '%s' | wc -l", dir);
	ls = popen(listing, "r");
	assert_non_null(ls);
	assert_int_equal(fscanf(ls, "%zu", &n), 1);
	pclose(ls);
	assert_int_equal(n, 2);

	snprintf(path, sizeof(path), "%s/missing/out.txt", dir);
	assert_int_equal(fileout_write(path, "x", 1, 0644, FILEOUT_REPLACE), QP_ENOTFOUND);
}

struct conf {
	char *name;
	long long count;
};

static const config_option conf_options[] = {
	{ "main", "name", CONFIG_STRING, offsetof(struct conf, name), 0, 0, "none",
	  "what it is called" },
	{ "main", "count", CONFIG_INT, offsetof(struct conf, count), 1, 10, "5", "how many" },
	{ NULL, NULL, 0, 0, 0, 0, NULL, NULL },
};

static void
test_config_write(void **state)
{
	const config_value v[] = { { "main", "name", "box" } };
	const config_value bad[] = { { "main", "nope", "1" } };
	struct conf c = { 0 };
	char path[128], err[256];

	(void)state;
	snprintf(path, sizeof(path), "%s/c.ini", dir);
	assert_int_equal(config_write(path, "generated", conf_options, bad, 1, FILEOUT_EXCL),
	                 QP_EINVAL);
	assert_int_equal(config_write(path, "generated", conf_options, v, 1, FILEOUT_EXCL), 0);
	assert_string_equal(slurp(path), "# generated\n\n[main]\n# what it is called\n"
	                                 "name = box\n# how many\n# count = 5\n");
	assert_int_equal(config_load(path, conf_options, &c, err, sizeof(err)), 0);
	assert_string_equal(c.name, "box");
	assert_int_equal(c.count, 5);
	config_free(conf_options, &c);
	assert_int_equal(config_write(path, "again", conf_options, v, 1, FILEOUT_EXCL), QP_EEXIST);
}

static void
test_domain_tables(void **state)
{
	char buf[256];

	(void)state;
	assert_string_equal(domain_wire_list(domain_statuses, DOMAIN_STATUSES, buf, sizeof(buf)),
	                    "todo, doing, done or dropped");
	assert_string_equal(domain_label(domain_results, DOMAIN_RESULTS, "ko"), "non conforme");
	assert_string_equal(domain_label(domain_results, DOMAIN_RESULTS, "zz"), "zz");
	assert_int_equal(domain_find(domain_periodicities, DOMAIN_PERIODICITIES, "annual"),
	                 DOMAIN_ANNUAL);
	assert_int_equal(domain_find(domain_periodicities, DOMAIN_PERIODICITIES, NULL), -1);
	/* Engagements sort numerically: N2 < N10 < S1 < SMQ2 < SMQ10. */
	assert_true(domain_order(domain_engagements, DOMAIN_ENGAGEMENTS, "N2") <
	            domain_order(domain_engagements, DOMAIN_ENGAGEMENTS, "N10"));
	assert_true(domain_order(domain_engagements, DOMAIN_ENGAGEMENTS, "N12") <
	            domain_order(domain_engagements, DOMAIN_ENGAGEMENTS, "S1"));
	assert_true(domain_order(domain_engagements, DOMAIN_ENGAGEMENTS, "SMQ2") <
	            domain_order(domain_engagements, DOMAIN_ENGAGEMENTS, "SMQ10"));
	assert_int_equal(domain_order(domain_engagements, DOMAIN_ENGAGEMENTS, "X"),
	                 DOMAIN_ENGAGEMENTS);
	for (int i = 0; i < DOMAIN_ENGAGEMENTS; i++)
		assert_true(domain_engagement_valid(domain_engagements[i].wire));
	assert_false(domain_engagement_valid("N13"));
	assert_false(domain_engagement_valid("N01"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_json),
		cmocka_unit_test_setup_teardown(test_fileout, mkdir_setup, rm_teardown),
		cmocka_unit_test_setup_teardown(test_config_write, mkdir_setup, rm_teardown),
		cmocka_unit_test(test_domain_tables),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
