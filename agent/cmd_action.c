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
#include "calendar.h"
#include "codec.h"
#include "domain.h"

struct action_change {
	const char *id;           /* NULL for add */
	const char *title, *engagement, *source, *owner, *due, *status, *note, *date;
	char id_buf[24];
	Qp__Action a;
};

static int
prepare_action(site *s, store_txn *txn, ledger *l, Qp__Event *ev, void *ctx,
               char *err, size_t errlen)
{
	struct action_change *ac = ctx;
	int e;

	(void)s;
	qp__action__init(&ac->a);
	if (ac->id == NULL) {
		/* A new id, given inside the transaction so concurrent adds differ. */
		uint64_t n;
		if ((e = site_meta_get(txn, META_NEXT_ACTION, &n)) != 0)
			return e;
		if (n == 0)
			n = 1;
		snprintf(ac->id_buf, sizeof(ac->id_buf), "A-%llu", (unsigned long long)n);
		if ((e = site_meta_put(txn, META_NEXT_ACTION, n + 1)) != 0)
			return e;
		ac->a.id = ac->id_buf;
		ac->a.status = (char *)"todo";
		ac->a.opened_on = (char *)ac->date;
		ac->a.status_date = (char *)ac->date;
	} else {
		const Qp__Event *cur = ledger_action(l, ac->id);
		if (cur == NULL) {
			snprintf(err, errlen, "ID: unknown action \"%s\" ('qp-agent action list' "
			         "shows them)", ac->id);
			return QP_EINVAL;
		}
		ac->a = *cur->action;
		ac->a.id = (char *)ac->id;
		if (ac->status != NULL && strcmp(ac->status, cur->action->status) != 0)
			ac->a.status_date = (char *)ac->date;
	}
	if (ac->title) ac->a.title = (char *)ac->title;
	if (ac->engagement) ac->a.engagement = (char *)ac->engagement;
	if (ac->source) ac->a.source = (char *)ac->source;
	if (ac->owner) ac->a.owner = (char *)ac->owner;
	if (ac->due) ac->a.due = (char *)ac->due;
	if (ac->status) ac->a.status = (char *)ac->status;
	if (ac->note) ac->a.note = (char *)ac->note;
	ev->business_date = (char *)ac->date;
	ev->body_case = QP__EVENT__BODY_ACTION;
	ev->action = &ac->a;
	return 0;
}

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
	struct action_change ac = { 0 };
	Qp__Event ev = QP__EVENT__INIT;
	const char *by = NULL, *date = NULL;
	char date_buf[11], due_buf[11];
	cal_day d;
	site *s = NULL;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 't': ac.title = optarg; break;
		case 'E': ac.engagement = optarg; break;
		case 's': ac.source = optarg; break;
		case 'o': ac.owner = optarg; break;
		case 'u': ac.due = optarg; break;
		case 'S':
			if (add)
				return cli_usage(g, cmd, "unknown option '--status' (it belongs to "
				                 "'action update'; a new action is todo)");
			ac.status = optarg;
			break;
		case 'n': ac.note = optarg; break;
		case 'd': date = optarg; break;
		case 'b': by = optarg; break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (add) {
		if (optind != argc)
			return cli_usage(g, cmd, "unexpected argument '%s'", argv[optind]);
		if (ac.title == NULL || ac.engagement == NULL || ac.source == NULL)
			return cli_usage(g, cmd, "--title, --engagement and --source are required");
	} else {
		if (argc - optind != 1)
			return cli_usage(g, cmd, "expected one action ID (A-<n>)");
		ac.id = argv[optind];
		if (!domain_action_id_valid(ac.id))
			return cli_usage(g, cmd, "ID: expected A-<n>, got \"%s\"", ac.id);
		if (!ac.title && !ac.engagement && !ac.source && !ac.owner && !ac.due &&
		    !ac.status && !ac.note)
			return cli_usage(g, cmd, "nothing to change: give at least one option");
	}
	if (ac.title != NULL && (ac.title[0] == '\0' || !domain_utf8_valid(ac.title, strlen(ac.title))))
		return cli_usage(g, cmd, "--title: expected non-empty UTF-8 text");
	if (ac.engagement != NULL && !domain_engagement_valid(ac.engagement))
		return cli_usage(g, cmd, "--engagement: expected %s, got \"%s\"",
		                 DOMAIN_ENGAGEMENTS_TEXT, ac.engagement);
	if (ac.source != NULL && !domain_action_source_valid(ac.source))
		return cli_usage(g, cmd, "--source: expected %s, got \"%s\"",
		                 DOMAIN_SOURCES_TEXT, ac.source);
	if (ac.status != NULL && !domain_action_status_valid(ac.status))
		return cli_usage(g, cmd, "--status: expected %s, got \"%s\"",
		                 DOMAIN_STATUSES_TEXT, ac.status);
	if (ac.due != NULL && ac.due[0] != '\0') {
		if (cal_parse_date(ac.due, &d) != 0)
			return cli_usage(g, cmd, "--due: expected a date YYYY-MM-DD, got \"%s\"", ac.due);
		ac.due = cal_format_date(d, due_buf);
	}
	if ((rc = agent_date_opt(g, cmd, "--date", date, date_buf)) != 0)
		return rc;
	ac.date = date_buf;
	if ((rc = agent_open(g, &s)) != 0)
		return rc;
	ev.author = (char *)agent_author(by);
	rc = agent_record_and_close(g, &s, &ev, !add, prepare_action, &ac, NULL);
	if (rc == EXIT_DONE && add)
		printf("%s\n", ac.id_buf);
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
	Qp__Event ev = QP__EVENT__INIT;
	Qp__ActionReview ar = QP__ACTION_REVIEW__INIT;
	const char *by = NULL, *date = NULL, *comment = "";
	char date_buf[11];
	site *s = NULL;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'c': comment = optarg; break;
		case 'd': date = optarg; break;
		case 'b': by = optarg; break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (optind != argc)
		return cli_usage(g, cmd, "unexpected argument '%s'", argv[optind]);
	if ((rc = agent_date_opt(g, cmd, "--date", date, date_buf)) != 0)
		return rc;
	if ((rc = agent_open(g, &s)) != 0)
		return rc;
	ar.date = date_buf;
	ar.comment = (char *)comment;
	ev.author = (char *)agent_author(by);
	ev.business_date = date_buf;
	ev.body_case = QP__EVENT__BODY_ACTION_REVIEW;
	ev.action_review = &ar;
	return agent_record_and_close(g, &s, &ev, false, NULL, NULL, NULL);
}

static const char *
status_fr(const char *s)
{
	if (strcmp(s, "todo") == 0) return "à faire";
	if (strcmp(s, "doing") == 0) return "en cours";
	if (strcmp(s, "done") == 0) return "réalisée";
	if (strcmp(s, "dropped") == 0) return "abandonnée";
	return s;
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
	int ch, rc, e;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 's':
			if (!domain_action_status_valid(optarg))
				return cli_usage(g, cmd, "--status: expected %s, got \"%s\"",
				                 DOMAIN_STATUSES_TEXT, optarg);
			status = optarg;
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
			const char *row[9] = { a->id, status_fr(a->status), a->due,
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
