/*
 * check add, check set, check run, check list, check due: the site's
 * periodic checks and their runs. Whether the check exists is checked in
 * the write transaction (a prepare function), so concurrent writers cannot race.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "agent.h"
#include "i18n.h"
#include "calendar.h"
#include "codec.h"
#include "domain.h"

static int
check_define(const cli_globals *g, const cli_command *cmd, int argc, char **argv,
             bool add)
{
	static const struct option opts[] = {
		{ "label", required_argument, NULL, 'l' },
		{ "every", required_argument, NULL, 'e' },
		{ "engagement", required_argument, NULL, 'E' },
		{ "role", required_argument, NULL, 'r' },
		{ "since", required_argument, NULL, 's' },
		{ "active", required_argument, NULL, 'a' },
		OPT_BY, OPT_END,
	};
	rec_check_in in = { 0 };
	const char *by = NULL;
	rec_result res;
	rec_error err;
	rec_ctx ctx;
	site *s = NULL;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'l': in.label = optarg; break;
		case 'e': in.periodicity = cli_input_word(CLI_WORDS_PERIODICITY, optarg); break;
		case 'E': in.engagement = optarg; break;
		case 'r': in.role = optarg; break;
		case 's': in.since = optarg; break;
		case 'a':
			if (add)
				return cli_usage(g, cmd, _("unknown option '--active' (it belongs to "
				                 "'check set'; a new check is active)"));
			in.active = cli_input_word(CLI_WORDS_YESNO, optarg);
			break;
		case 'b': by = optarg; break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (argc - optind != 1)
		return cli_usage(g, cmd, _("expected one check ID"));
	in.id = argv[optind];
	if (add && domain_check_id_valid(in.id) &&
	    (in.label == NULL || in.periodicity == NULL || in.engagement == NULL))
		return cli_usage(g, cmd, "%s", _("--label, --every and --engagement are required"));
	ctx = agent_rec_ctx(NULL, by);
	if ((add ? rec_check_add_check(&ctx, &in, &err) : rec_check_set_check(&ctx, &in, &err)) != 0)
		return agent_rec_error(g, cmd, &err);
	if ((rc = agent_open(g, &s)) != 0)
		return rc;
	ctx.site = s;
	rc = add ? rec_check_add(&ctx, &in, &res, &err) : rec_check_set(&ctx, &in, &res, &err);
	if (add && rc == REC_STATE && err.field != NULL && strcmp(err.field, "id") == 0) {
		/* The id exists already: the command line's way to change it. */
		size_t len = strlen(err.message);
		snprintf(err.message + len, sizeof(err.message) - len,
		         _("; change it with 'qp-agent check set %s'"), in.id);
	}
	return agent_rec_finish(g, cmd, &s, rc, &res, &err);
}

int
cmd_check_add(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	return check_define(g, cmd, argc, argv, true);
}

int
cmd_check_set(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	return check_define(g, cmd, argc, argv, false);
}

int
cmd_check_run(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "result", required_argument, NULL, 'r' },
		{ "comment", required_argument, NULL, 'c' },
		OPT_DATE, OPT_BY, OPT_END,
	};
	rec_check_run_in in = { .comment = "" };
	const char *by = NULL;
	rec_result res;
	rec_error err;
	rec_ctx ctx;
	site *s = NULL;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'r': in.result = cli_input_word(CLI_WORDS_RESULT, optarg); break;
		case 'c': in.comment = optarg; break;
		case 'd': in.date = optarg; break;
		case 'b': by = optarg; break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (argc - optind != 1)
		return cli_usage(g, cmd, _("expected one check ID"));
	in.id = argv[optind];
	if (domain_check_id_valid(in.id) && in.result == NULL)
		return cli_usage(g, cmd, _("--result is required (ok, ko or na)"));
	ctx = agent_rec_ctx(NULL, by);
	if (rec_check_run_check(&ctx, &in, &err) != 0)
		return agent_rec_error(g, cmd, &err);
	if ((rc = agent_open(g, &s)) != 0)
		return rc;
	ctx.site = s;
	rc = rec_check_run(&ctx, &in, &res, &err);
	rc = agent_rec_finish(g, cmd, &s, rc, &res, &err);
	if (rc == EXIT_DONE && strcmp(in.result, "ko") == 0)
		fputs(_("qp-agent: a failed check calls for a corrective action: "
		        "qp-agent action add --source periodic-check ...\n"),
		      stderr);
	return rc;
}

/* The latest non-voided run date of a check, or "". */
static const char *
last_run(ledger *l, const char *id)
{
	const Qp__Event *const *runs;
	size_t n = ledger_view(l, LEDGER_CHECK_RUNS, &runs);
	const char *best = "";

	for (size_t i = 0; i < n; i++)
		if (strcmp(runs[i]->check_run->check_id, id) == 0 &&
		    strcmp(runs[i]->check_run->date, best) > 0)
			best = runs[i]->check_run->date;
	return best;
}

static int
json_only(const cli_globals *g, const cli_command *cmd, int argc, char **argv,
          bool *json, const char **date)
{
	static const struct option opts[] = { OPT_JSON, OPT_DATE, OPT_END };
	int ch;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'j')
			*json = true;
		else if (ch == 'd' && date != NULL)
			*date = optarg;
		else
			return cli_unknown_option(g, cmd, argv);
	}
	if (optind != argc)
		return cli_usage(g, cmd, _("unexpected argument '%s'"), argv[optind]);
	return 0;
}

int
cmd_check_list(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	const Qp__Event *const *evs;
	ledger *l = NULL;
	bool json = false;
	site *s = NULL;
	size_t n;
	int rc, e;

	if ((rc = json_only(g, cmd, argc, argv, &json, NULL)) != 0)
		return rc;
	if ((rc = agent_open(g, &s)) != 0)
		return rc;
	if ((e = site_ledger(s, &l)) != 0) {
		cli_error(g, _("cannot read the store: %s"), qp_errtext(e));
		site_close(&s);
		return EXIT_RUNTIME;
	}
	n = ledger_view(l, LEDGER_CHECKS, &evs);
	if (json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++) {
			json_t *o = codec_event_json(evs[i]);
			const char *lr = last_run(l, evs[i]->check_definition->id);
			json_object_set_new(o, "last_run", lr[0] ? json_string(lr) : json_null());
			json_array_append_new(arr, o);
		}
		rc = cli_print_json(json_pack("{s:o}", "checks", arr));
	} else {
		const char *hdr[] = { "vérification", "périodicité", "engagement",
		                      "rôle", "active", "depuis", "dernier passage", "libellé" };
		cli_table *t = cli_table_new(8, hdr);
		for (size_t i = 0; i < n; i++) {
			const Qp__CheckDefinition *d = evs[i]->check_definition;
			const char *row[8] = {
				d->id, domain_label(domain_periodicities, DOMAIN_PERIODICITIES, d->periodicity), d->engagement, d->role,
				d->active ? "oui" : "non", d->since, last_run(l, d->id), d->label,
			};
			cli_table_add(t, row);
		}
		cli_table_print(t, stdout);
		cli_table_destroy(&t);
		rc = EXIT_DONE;
	}
	ledger_destroy(&l);
	site_close(&s);
	return rc;
}

struct due_ctx {
	const Qp__CheckDefinition *def;
	json_t *arr;
	cli_table *t;
	unsigned missed;
};

static void
due_window(cal_day first, cal_day last, unsigned runs, void *arg)
{
	struct due_ctx *dc = arg;
	char a[11], b[11];

	if (runs > 0)
		return;
	dc->missed++;
	cal_format_date(first, a);
	cal_format_date(last, b);
	if (dc->arr != NULL) {
		json_array_append_new(dc->arr, json_pack("{s:s, s:s, s:s, s:s, s:s}",
		                      "check", dc->def->id, "periodicity", dc->def->periodicity,
		                      "from", a, "to", b, "label", dc->def->label));
	} else {
		const char *row[5] = { dc->def->id, domain_label(domain_periodicities, DOMAIN_PERIODICITIES,
		                                    dc->def->periodicity),
		                       a, b, dc->def->label };
		cli_table_add(dc->t, row);
	}
}

int
cmd_check_due(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	const Qp__Event *const *evs;
	const char *date = NULL;
	ledger *l = NULL;
	char date_buf[11];
	struct due_ctx dc = { 0 };
	cal_day as_of;
	int y, m, d;
	bool json = false;
	site *s = NULL;
	size_t n;
	int rc, e;

	if ((rc = json_only(g, cmd, argc, argv, &json, &date)) != 0)
		return rc;
	if ((rc = agent_date_opt(g, cmd, "--date", date, date_buf)) != 0)
		return rc;
	if (cal_parse_date(date_buf, &as_of) != 0)
		return EXIT_USAGE;
	cal_to_ymd(as_of, &y, &m, &d);
	if ((rc = agent_open(g, &s)) != 0)
		return rc;
	rc = EXIT_RUNTIME;
	if ((e = site_ledger(s, &l)) != 0) {
		cli_error(g, _("cannot read the store: %s"), qp_errtext(e));
		goto out;
	}
	if (json) {
		dc.arr = json_array();
	} else {
		const char *hdr[] = { "vérification", "périodicité", "du", "au", "libellé" };
		dc.t = cli_table_new(5, hdr);
	}
	n = ledger_view(l, LEDGER_CHECKS, &evs);
	for (size_t i = 0; i < n; i++) {
		if (!evs[i]->check_definition->active)
			continue;
		dc.def = evs[i]->check_definition;
		if ((e = ledger_check_windows(l, evs[i], y, as_of, due_window, &dc)) != 0) {
			cli_error(g, _("check %s: %s"), dc.def->id, qp_errtext(e));
			goto out;
		}
	}
	if (json) {
		rc = cli_print_json(json_pack("{s:s, s:o}", "date", date_buf, "due", dc.arr));
		dc.arr = NULL;
	} else {
		if (dc.missed == 0)
			printf(_("No check overdue on %s.\n"), date_buf);
		else
			cli_table_print(dc.t, stdout);
		rc = EXIT_DONE;
	}
out:
	json_decref(dc.arr);
	cli_table_destroy(&dc.t);
	ledger_destroy(&l);
	site_close(&s);
	return rc;
}
