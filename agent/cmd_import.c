/*
 * The import commands (SPEC §15): `import delays --indicator CODE FILE`
 * and `import calls FILE`. They parse the options, run the computation of
 * common/import.c, print the per-month table (the dry run), and unless it
 * is a dry run or rows were rejected without --skip-bad, record one
 * indicator value per month through the indicator write path.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "calendar.h"
#include "domain.h"
#include "i18n.h"
#include "import.h"
#include "import_rec.h"

struct import_args {
	const char *code;
	const char *file;
	const char *by;
	const char *as_of;
	bool dry_run, skip_bad, json;
};

static void
print_table(const import_result *r, const char *file, double target, bool have_target,
            const rec_result *recs)
{
	const delay_rule *rule = delay_rule_find(r->code);
	const char *headers[IMPORT_TABLE_COLS];
	const size_t ncols = import_table_headers(r, headers);
	char asof[11], period[8], cells[IMPORT_TABLE_COLS][IMPORT_CELL_MAX], text[400];
	cli_table *t;

	cal_format_date_fr(r->as_of, asof);
	printf(_("File: %s (SHA-256 %s; %s, delimiter \"%c\")\n"), file, r->sha256,
	       csv_encoding_name(r->encoding), r->delimiter);
	if (rule != NULL)
		printf(_("Indicator %s: %s, within %d %s; as of %s\n"), r->code, rule->what,
		       rule->limit,
		       rule->days == DELAY_JOURS_OUVRABLES ? _("jours ouvrables")
		                                           : _("calendar days"),
		       asof);
	else
		printf(_("Indicator %s: calls answered within %d s / calls "
		         "received; as of %s\n"),
		       r->code, CALLS_LIMIT_S, asof);
	if (!r->ids_checked)
		printf("%s\n", _("No id column: duplicate rows are not "
		                 "detected."));
	putchar('\n');
	if ((t = cli_table_new((int)ncols, headers)) == NULL)
		return;
	for (size_t i = 0; i < r->n_months; i++) {
		const char *row[IMPORT_TABLE_COLS];

		import_table_row(r, i, target, have_target, cells);
		for (size_t k = 0; k < ncols; k++)
			row[k] = cells[k];
		cli_table_add(t, row);
	}
	cli_table_print(t, stdout);
	cli_table_destroy(&t);
	if (r->rejected > 0) {
		printf("\n");
		printf(ngettext_qp("%llu row rejected:\n", "%llu rows rejected:\n",
		                   (unsigned long)r->rejected),
		       (unsigned long long)r->rejected);
		for (size_t i = 0; i < r->n_listed; i++)
			printf(_("  line %ld: %s\n"), r->listed[i].line,
			       import_reject_text(&r->listed[i], text, sizeof(text)));
		if (r->rejected > r->n_listed)
			printf(_("  ... and %llu more\n"),
			       (unsigned long long)(r->rejected - r->n_listed));
	}
	for (size_t i = 0; recs != NULL && i < r->n_months; i++) {
		if (recs[i].seq == 0)
			continue;
		import_period_text(&r->months[i], period);
		if (recs[i].replaced != 0)
			printf(_("recorded %s: seq %llu (replaces seq %llu)\n"), period,
			       (unsigned long long)recs[i].seq,
			       (unsigned long long)recs[i].replaced);
		else
			printf(_("recorded %s: seq %llu\n"), period,
			       (unsigned long long)recs[i].seq);
	}
}

static json_t *
result_json(const import_result *r, const struct import_args *a, double target, bool have_target,
            const rec_result *recs)
{
	json_t *o = json_object(), *months = json_array(), *rej = json_array();
	char asof[11], period[8], text[400], delim[2] = { r->delimiter, 0 };

	json_object_set_new(o, "indicator", json_string(r->code));
	json_object_set_new(o, "file", json_string(a->file));
	json_object_set_new(o, "sha256", json_string(r->sha256));
	json_object_set_new(o, "bytes", json_integer((json_int_t)r->bytes));
	json_object_set_new(o, "encoding", json_string(csv_encoding_name(r->encoding)));
	json_object_set_new(o, "delimiter", json_string(delim));
	json_object_set_new(o, "as_of", json_string(cal_format_date(r->as_of, asof)));
	json_object_set_new(o, "dry_run", json_boolean(a->dry_run));
	json_object_set_new(o, "ids_checked", json_boolean(r->ids_checked));
	json_object_set_new(o, "target", have_target ? json_real(target) : json_null());
	json_object_set_new(o, "rows", json_integer((json_int_t)r->rows));
	json_object_set_new(o, "rejected", json_integer((json_int_t)r->rejected));
	for (size_t i = 0; i < r->n_months; i++) {
		const import_month *m = &r->months[i];
		uint64_t den = import_month_denominator(m);
		json_t *j = json_object();

		json_object_set_new(j, "period", json_string(import_period_text(m, period)));
		json_object_set_new(j, "rows", json_integer((json_int_t)m->rows));
		json_object_set_new(j, "on_time", json_integer((json_int_t)m->on_time));
		json_object_set_new(j, "late", json_integer((json_int_t)m->late));
		json_object_set_new(j, "pending", json_integer((json_int_t)m->pending));
		json_object_set_new(j, "rejected", json_integer((json_int_t)m->rejected));
		json_object_set_new(j, "numerator", json_integer((json_int_t)m->on_time));
		json_object_set_new(j, "denominator", json_integer((json_int_t)den));
		json_object_set_new(
		        j, "rate", den ? json_real((double)m->on_time / (double)den) : json_null());
		json_object_set_new(j, "recorded",
		                    recs != NULL && recs[i].seq != 0
		                            ? json_integer((json_int_t)recs[i].seq)
		                            : json_null());
		json_object_set_new(j, "replaced",
		                    recs != NULL && recs[i].replaced != 0
		                            ? json_integer((json_int_t)recs[i].replaced)
		                            : json_null());
		json_array_append_new(months, j);
	}
	json_object_set_new(o, "months", months);
	for (size_t i = 0; i < r->n_listed; i++) {
		const import_reject *rj = &r->listed[i];
		json_t *j = json_object();

		json_object_set_new(j, "line", json_integer(rj->line));
		json_object_set_new(j, "reason", json_string(import_reason_key(rj->reason)));
		json_object_set_new(j, "message",
		                    json_string(import_reject_text(rj, text, sizeof(text))));
		json_array_append_new(rej, j);
	}
	json_object_set_new(o, "rejected_rows", rej);
	return o;
}

static int
run_import(const cli_globals *g, const cli_command *cmd, struct import_args *a)
{
	import_options o;
	import_result *r = NULL;
	rec_result *recs = NULL;
	double target = 0;
	bool have_target = false;
	char err[1024];
	site *s = NULL;
	int rc, e;

	memset(&o, 0, sizeof(o));
	o.code = a->code;
	if (a->as_of != NULL) {
		if (cal_parse_date_typed(a->as_of, &o.as_of) != 0)
			return cli_usage(g, cmd,
			                 _("--as-of: expected a date "
			                   "JJ/MM/AAAA or AAAA-MM-JJ, got \"%s\""),
			                 a->as_of);
	} else {
		o.as_of = cal_paris_day(site_now_ms());
	}
	if (strcmp(a->code, CALLS_CODE) != 0 && delay_rule_find(a->code) == NULL)
		return cli_usage(g, cmd,
		                 _("--indicator: the delays imported are "
		                   "S1-MISSING-12D, S1-DECISION-15D, S2-FIRST-5WD, "
		                   "S2-REFERENT-10D and S2-APPT-30WD, got \"%s\""),
		                 a->code);
	if ((rc = agent_open(g, &s)) != 0)
		return rc;
	import_columns_apply(&s->cfg.import, &o);

	/* The catalogue gives the target and says the code is monthly. */
	if ((e = import_catalogue(s, a->code, &target, err, sizeof(err))) == 0) {
		have_target = true;
	} else if (e != QP_ENOTFOUND || !a->dry_run) {
		cli_error(g, "%s", err);
		rc = e == QP_ENOTFOUND || e == QP_EINVAL ? EXIT_USAGE : EXIT_RUNTIME;
		goto out;
	}

	if (strcmp(a->file, "-") == 0)
		e = import_run(csv_read_stdio, stdin, &o, &r, err, sizeof(err));
	else
		e = import_run_path(a->file, &o, &r, err, sizeof(err));
	if (e != 0) {
		/* The reader's message may already name the file. */
		if (strncmp(err, a->file, strlen(a->file)) == 0)
			cli_error(g, "%s", err);
		else
			cli_error(g, _("%s: %s"), a->file, err);
		rc = e == QP_EINVAL || e == QP_ETOOBIG ? EXIT_USAGE : EXIT_RUNTIME;
		goto out;
	}

	rc = EXIT_DONE;
	if (r->rejected > 0 && !a->skip_bad)
		rc = EXIT_USAGE;
	else if (!a->dry_run) {
		if ((recs = calloc(r->n_months + 1, sizeof(*recs))) == NULL) {
			rc = EXIT_RUNTIME;
			goto out;
		}
		rec_ctx ctx = agent_rec_ctx(s, a->by);
		rec_error rerr;
		size_t failed;

		if (import_record(&ctx, r, recs, &rerr, &failed) != 0)
			rc = agent_rec_error(g, cmd, &rerr);
	}
	if (a->json) {
		int jr = cli_print_json(result_json(r, a, target, have_target, recs));

		if (rc == EXIT_DONE)
			rc = jr;
	} else {
		print_table(r, a->file, target, have_target, recs);
	}
	if (r->rejected > 0 && !a->skip_bad)
		cli_error(g,
		          ngettext_qp("%llu row rejected: nothing recorded "
		                      "(correct the file, or --skip-bad to leave it out)",
		                      "%llu rows rejected: nothing recorded (correct the file, "
		                      "or --skip-bad to leave them out)",
		                      (unsigned long)r->rejected),
		          (unsigned long long)r->rejected);
out:
	free(recs);
	import_result_destroy(&r);
	site_close(&s);
	return rc;
}

static int
parse_import(const cli_globals *g, const cli_command *cmd, int argc, char **argv, bool delays)
{
	static const struct option opts[] = {
		{ "indicator", required_argument, NULL, 'i' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "skip-bad", no_argument, NULL, 's' },
		{ "as-of", required_argument, NULL, 'a' },
		OPT_JSON,
		OPT_BY,
		OPT_END,
	};
	struct import_args a;
	int ch;

	memset(&a, 0, sizeof(a));
	a.code = delays ? NULL : CALLS_CODE;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'i':
			if (!delays)
				return cli_usage(g, cmd,
				                 _("--indicator: import "
				                   "calls always computes %s"),
				                 CALLS_CODE);
			a.code = optarg;
			break;
		case 'n': a.dry_run = true; break;
		case 's': a.skip_bad = true; break;
		case 'a': a.as_of = optarg; break;
		case 'j': a.json = true; break;
		case 'b': a.by = optarg; break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (a.code == NULL)
		return cli_usage(g, cmd, "%s", _("--indicator CODE is required"));
	if (argc - optind != 1)
		return cli_usage(g, cmd, "%s",
		                 _("expected one FILE (- for the "
		                   "standard input)"));
	a.file = argv[optind];
	return run_import(g, cmd, &a);
}

int
cmd_import_delays(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	return parse_import(g, cmd, argc, argv, true);
}

int
cmd_import_calls(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	return parse_import(g, cmd, argc, argv, false);
}
