/*
 * action add, action update, action review, action list: the action
 * table. The next action id and the existence of the action are decided in
 * the write transaction (a prepare function).
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
action_write(const cli_globals *g, const cli_command *cmd, int argc, char **argv,
             bool add)
{
	static const struct option opts[] = {
		{ "title", required_argument, NULL, 't' },
		{ "engagement", required_argument, NULL, 'E' },
		{ "source", required_argument, NULL, 's' },
		{ "owner", required_argument, NULL, 'o' },
		{ "due", required_argument, NULL, 'u' },
		{ "status", required_argument, NULL, 'S' },
		{ "note", required_argument, NULL, 'n' },
		OPT_DATE, OPT_BY, OPT_END,
	};
	rec_action_in in = { 0 };
	const char *by = NULL;
	rec_result res;
	rec_error err;
	rec_ctx ctx;
	site *s = NULL;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 't': in.title = optarg; break;
		case 'E': in.engagement = optarg; break;
		case 's': in.source = cli_input_word(CLI_WORDS_SOURCE, optarg); break;
		case 'o': in.owner = optarg; break;
		case 'u': in.due = optarg; break;
		case 'S':
			if (add)
				return cli_usage(g, cmd, "unknown option '--status' (it belongs to "
				                 "'action update'; a new action is todo)");
			in.status = cli_input_word(CLI_WORDS_STATUS, optarg);
			break;
		case 'n': in.note = optarg; break;
		case 'd': in.date = optarg; break;
		case 'b': by = optarg; break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (add) {
		if (optind != argc)
			return cli_usage(g, cmd, "unexpected argument '%s'", argv[optind]);
		if (in.title == NULL || in.engagement == NULL || in.source == NULL)
			return cli_usage(g, cmd, "%s", _("--title, --engagement and --source are required"));
	} else {
		if (argc - optind != 1)
			return cli_usage(g, cmd, "expected one action ID (A-<n>)");
		in.id = argv[optind];
	}
	ctx = agent_rec_ctx(NULL, by);
	if ((add ? rec_action_add_check(&ctx, &in, &err) : rec_action_update_check(&ctx, &in, &err)) != 0)
		return agent_rec_error(g, cmd, &err);
	if ((rc = agent_open(g, &s)) != 0)
		return rc;
	ctx.site = s;
	rc = add ? rec_action_add(&ctx, &in, &res, &err) : rec_action_update(&ctx, &in, &res, &err);
	rc = agent_rec_finish(g, cmd, &s, rc, &res, &err);
	if (rc == EXIT_DONE && add)
		printf("%s\n", res.id);
	return rc;
}

int
cmd_action_add(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	return action_write(g, cmd, argc, argv, true);
}

int
cmd_action_update(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	return action_write(g, cmd, argc, argv, false);
}

int
cmd_action_review(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "comment", required_argument, NULL, 'c' }, OPT_DATE, OPT_BY, OPT_END,
	};
	rec_action_review_in in = { .comment = "" };
	const char *by = NULL;
	rec_result res;
	rec_error err;
	rec_ctx ctx;
	site *s = NULL;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'c': in.comment = optarg; break;
		case 'd': in.date = optarg; break;
		case 'b': by = optarg; break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (optind != argc)
		return cli_usage(g, cmd, "unexpected argument '%s'", argv[optind]);
	ctx = agent_rec_ctx(NULL, by);
	if (rec_action_review_check(&ctx, &in, &err) != 0)
		return agent_rec_error(g, cmd, &err);
	if ((rc = agent_open(g, &s)) != 0)
		return rc;
	ctx.site = s;
	rc = rec_action_review(&ctx, &in, &res, &err);
	return agent_rec_finish(g, cmd, &s, rc, &res, &err);
}

/* Open (todo or doing) with a due date before `today`. */
static bool
overdue(const Qp__Action *a, const char *today)
{
	return (strcmp(a->status, "todo") == 0 || strcmp(a->status, "doing") == 0) &&
	       a->due[0] != '\0' && strcmp(a->due, today) < 0;
}

int
cmd_action_list(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "status", required_argument, NULL, 's' },
		{ "overdue", no_argument, NULL, 'o' },
		OPT_DATE, OPT_JSON, OPT_END,
	};
	const Qp__Event *const *evs;
	const char *status = NULL, *date = NULL;
	char date_buf[11];
	bool json = false, only_overdue = false;
	ledger *l = NULL;
	json_t *arr;
	cli_table *t = NULL;
	site *s = NULL;
	size_t n;
	char list[160];
	int ch, rc, e;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 's':
			status = cli_input_word(CLI_WORDS_STATUS, optarg);
			if (!domain_action_status_valid(status))
				return cli_usage(g, cmd, "--status: expected %s, got \"%s\"",
				                 domain_wire_list(domain_statuses, DOMAIN_STATUSES, list,
				                                  sizeof(list)), optarg);
			break;
		case 'o': only_overdue = true; break;
		case 'd': date = optarg; break;
		case 'j': json = true; break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (optind != argc)
		return cli_usage(g, cmd, "unexpected argument '%s'", argv[optind]);
	if ((rc = agent_date_opt(g, cmd, "--date", date, date_buf)) != 0)
		return rc;
	if ((rc = agent_open(g, &s)) != 0)
		return rc;
	if ((e = site_ledger(s, &l)) != 0) {
		cli_error(g, "cannot read the store: %s", qp_strerror(e));
		site_close(&s);
		return EXIT_RUNTIME;
	}
	arr = json_array();
	if (!json) {
		const char *hdr[] = { "action", "statut", "échéance", "", "engagement",
		                      "origine", "responsable", "ouverte le", "intitulé" };
		t = cli_table_new(9, hdr);
	}
	n = ledger_view(l, LEDGER_ACTIONS, &evs);
	for (size_t i = 0; i < n; i++) {
		const Qp__Action *a = evs[i]->action;
		bool late = overdue(a, date_buf);
		if (status != NULL && strcmp(a->status, status) != 0)
			continue;
		if (only_overdue && !late)
			continue;
		if (json) {
			json_t *o = codec_event_json(evs[i]);
			json_object_set_new(o, "overdue", json_boolean(late));
			json_array_append_new(arr, o);
		} else {
			const char *row[9] = { a->id, domain_label(domain_statuses, DOMAIN_STATUSES, a->status), a->due,
			                       late ? "EN RETARD" : "", a->engagement, a->source,
			                       a->owner, a->opened_on, a->title };
			cli_table_add(t, row);
		}
	}
	if (json) {
		rc = cli_print_json(json_pack("{s:s, s:o}", "date", date_buf, "actions", arr));
	} else {
		cli_table_print(t, stdout);
		json_decref(arr);
		rc = EXIT_DONE;
	}
	cli_table_destroy(&t);
	ledger_destroy(&l);
	site_close(&s);
	return rc;
}
