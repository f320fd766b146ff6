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
#include "calendar.h"
#include "codec.h"
#include "domain.h"

struct check_change {
	bool add;
	const char *id, *label, *every, *engagement, *role, *since;
	int active;               /* -1 unchanged, 0 no, 1 yes */
	Qp__CheckDefinition def;
};

static int
prepare_check(site *s, store_txn *txn, ledger *l, Qp__Event *ev, void *ctx,
              char *err, size_t errlen)
{
	struct check_change *cc = ctx;
	const Qp__Event *cur = ledger_check(l, cc->id);

	(void)s;
	(void)txn;
	if (cc->add && cur != NULL) {
		snprintf(err, errlen, "ID: check \"%s\" already exists; change it with "
		         "'qp-agent check set %s'", cc->id, cc->id);
		return QP_EINVAL;
	}
	if (!cc->add && cur == NULL) {
		snprintf(err, errlen, "ID: unknown check \"%s\" ('qp-agent check list' "
		         "shows them)", cc->id);
		return QP_EINVAL;
	}
	qp__check_definition__init(&cc->def);
	if (cur != NULL) {
		const Qp__CheckDefinition *d = cur->check_definition;
		cc->def.label = d->label;
		cc->def.engagement = d->engagement;
		cc->def.periodicity = d->periodicity;
		cc->def.role = d->role;
		cc->def.active = d->active;
		cc->def.since = d->since;
	} else {
		cc->def.active = true;
	}
	cc->def.id = (char *)cc->id;
	if (cc->label) cc->def.label = (char *)cc->label;
	if (cc->every) cc->def.periodicity = (char *)cc->every;
	if (cc->engagement) cc->def.engagement = (char *)cc->engagement;
	if (cc->role) cc->def.role = (char *)cc->role;
	if (cc->since) cc->def.since = (char *)cc->since;
	if (cc->active >= 0) cc->def.active = cc->active;
	ev->business_date = cc->def.since;
	ev->body_case = QP__EVENT__BODY_CHECK_DEFINITION;
	ev->check_definition = &cc->def;
	return 0;
}

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
	struct check_change cc = { .add = add, .active = -1 };
	Qp__Event ev = QP__EVENT__INIT;
	const char *by = NULL, *since = NULL;
	char since_buf[11];
	site *s = NULL;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'l': cc.label = optarg; break;
		case 'e': cc.every = optarg; break;
		case 'E': cc.engagement = optarg; break;
		case 'r': cc.role = optarg; break;
		case 's': since = optarg; break;
		case 'a':
			if (add)
				return cli_usage(g, cmd, "unknown option '--active' (it belongs to "
				                 "'check set'; a new check is active)");
			if (strcmp(optarg, "yes") == 0)
				cc.active = 1;
			else if (strcmp(optarg, "no") == 0)
				cc.active = 0;
			else
				return cli_usage(g, cmd, "--active: expected yes or no, got \"%s\"", optarg);
			break;
		case 'b': by = optarg; break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (argc - optind != 1)
		return cli_usage(g, cmd, "expected one check ID");
	cc.id = argv[optind];
	if (!domain_check_id_valid(cc.id))
		return cli_usage(g, cmd, "ID: expected [a-z0-9-]{1,40}, got \"%s\"", cc.id);
	if (add && (cc.label == NULL || cc.every == NULL || cc.engagement == NULL))
		return cli_usage(g, cmd, "--label, --every and --engagement are required");
	if (cc.label != NULL && (cc.label[0] == '\0' || !domain_utf8_valid(cc.label, strlen(cc.label))))
		return cli_usage(g, cmd, "--label: expected non-empty UTF-8 text");
	if (cc.every != NULL && !domain_periodicity_valid(cc.every))
		return cli_usage(g, cmd, "--every: expected %s, got \"%s\"",
		                 DOMAIN_PERIODICITIES_TEXT, cc.every);
	if (cc.engagement != NULL && !domain_engagement_valid(cc.engagement))
		return cli_usage(g, cmd, "--engagement: expected %s, got \"%s\"",
		                 DOMAIN_ENGAGEMENTS_TEXT, cc.engagement);
	if (add || since != NULL) {
		if ((rc = agent_date_opt(g, cmd, "--since", since, since_buf)) != 0)
			return rc;
		cc.since = since_buf;
	}
	if (!add && cc.label == NULL && cc.every == NULL && cc.engagement == NULL &&
	    cc.role == NULL && cc.since == NULL && cc.active < 0)
		return cli_usage(g, cmd, "nothing to change: give at least one option");
	if ((rc = agent_open(g, &s)) != 0)
		return rc;
	ev.author = (char *)agent_author(by);
	return agent_record_and_close(g, &s, &ev, true, prepare_check, &cc, NULL);
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

static int
prepare_run(site *s, store_txn *txn, ledger *l, Qp__Event *ev, void *ctx,
            char *err, size_t errlen)
{
	const Qp__Event *cur = ledger_check(l, ev->check_run->check_id);

	(void)s;
	(void)txn;
	(void)ctx;
	if (cur == NULL) {
		snprintf(err, errlen, "ID: unknown check \"%s\" ('qp-agent check list' "
		         "shows them)", ev->check_run->check_id);
		return QP_EINVAL;
	}
	if (!cur->check_definition->active) {
		snprintf(err, errlen, "ID: check \"%s\" is not active; reactivate it with "
		         "'qp-agent check set %s --active yes'", cur->check_definition->id,
		         cur->check_definition->id);
		return QP_EINVAL;
	}
	return 0;
}

int
cmd_check_run(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "result", required_argument, NULL, 'r' },
		{ "comment", required_argument, NULL, 'c' },
		OPT_DATE, OPT_BY, OPT_END,
	};
	Qp__Event ev = QP__EVENT__INIT;
	Qp__CheckRun run = QP__CHECK_RUN__INIT;
	const char *by = NULL, *date = NULL, *result = NULL, *comment = "";
	char date_buf[11];
	site *s = NULL;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'r': result = optarg; break;
		case 'c': comment = optarg; break;
		case 'd': date = optarg; break;
		case 'b': by = optarg; break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (argc - optind != 1)
		return cli_usage(g, cmd, "expected one check ID");
	if (!domain_check_id_valid(argv[optind]))
		return cli_usage(g, cmd, "ID: expected [a-z0-9-]{1,40}, got \"%s\"", argv[optind]);
	if (result == NULL)
		return cli_usage(g, cmd, "--result is required (ok, ko or na)");
	if (!domain_result_valid(result))
		return cli_usage(g, cmd, "--result: expected ok, ko or na, got \"%s\"", result);
	if ((rc = agent_date_opt(g, cmd, "--date", date, date_buf)) != 0)
		return rc;
	if ((rc = agent_open(g, &s)) != 0)
		return rc;
	run.check_id = argv[optind];
	run.date = date_buf;
	run.result = (char *)result;
	run.comment = (char *)comment;
	ev.author = (char *)agent_author(by);
	ev.business_date = date_buf;
	ev.body_case = QP__EVENT__BODY_CHECK_RUN;
	ev.check_run = &run;
	rc = agent_record_and_close(g, &s, &ev, true, prepare_run, NULL, NULL);
	if (rc == EXIT_DONE && strcmp(result, "ko") == 0)
		fprintf(stderr, "qp-agent: a failed check calls for a corrective action: "
		        "qp-agent action add --source periodic-check ...\n");
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

static const char *
periodicity_fr(const char *p)
{
	static const char *const map[][2] = {
		{ "daily", "quotidienne" }, { "weekly", "hebdomadaire" },
		{ "monthly", "mensuelle" }, { "quarterly", "trimestrielle" },
		{ "semiannual", "semestrielle" }, { "annual", "annuelle" },
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i][0], p) == 0)
			return map[i][1];
	return p;
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
		return cli_usage(g, cmd, "unexpected argument '%s'", argv[optind]);
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
		cli_error(g, "cannot read the store: %s", qp_strerror(e));
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
				d->id, periodicity_fr(d->periodicity), d->engagement, d->role,
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
		const char *row[5] = { dc->def->id, periodicity_fr(dc->def->periodicity),
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
		cli_error(g, "cannot read the store: %s", qp_strerror(e));
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
			cli_error(g, "check %s: %s", dc.def->id, qp_strerror(e));
			goto out;
		}
	}
	if (json) {
		rc = cli_print_json(json_pack("{s:s, s:o}", "date", date_buf, "due", dc.arr));
		dc.arr = NULL;
	} else {
		if (dc.missed == 0)
			printf("Aucune vérification en retard au %s.\n", date_buf);
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
