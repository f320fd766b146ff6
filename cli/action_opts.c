/*
 * The action table's command-line options, for both programs (see
 * action_opts.h).
 */
#include "action_opts.h"

#include <getopt.h>
#include <string.h>

#include "codec.h"
#include "domain.h"
#include "i18n.h"

int
cli_action_parse(const cli_globals *g, const cli_command *cmd, int argc, char **argv, bool add,
                 const char *id_usage, cli_action_opts *o)
{
	static const struct option opts[] = {
		{ "title", required_argument, NULL, 't' },
		{ "engagement", required_argument, NULL, 'E' },
		{ "source", required_argument, NULL, 's' },
		{ "owner", required_argument, NULL, 'o' },
		{ "due", required_argument, NULL, 'u' },
		{ "status", required_argument, NULL, 'S' },
		{ "note", required_argument, NULL, 'n' },
		{ "date", required_argument, NULL, 'd' },
		{ "by", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	memset(o, 0, sizeof(*o));
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 't': o->title = optarg; break;
		case 'E': o->engagement = optarg; break;
		case 's': o->source = cli_input_word(CLI_WORDS_SOURCE, optarg); break;
		case 'o': o->owner = optarg; break;
		case 'u': o->due = optarg; break;
		case 'S':
			if (add)
				return cli_usage(g, cmd, "%s",
				                 _("unknown option '--status' (it belongs to "
				                   "'action update'; a new action is todo)"));
			o->status = cli_input_word(CLI_WORDS_STATUS, optarg);
			break;
		case 'n': o->note = optarg; break;
		case 'd': o->date = optarg; break;
		case 'b': o->by = optarg; break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (add) {
		if (optind != argc)
			return cli_usage(g, cmd, _("unexpected argument '%s'"), argv[optind]);
		if (o->title == NULL || o->engagement == NULL || o->source == NULL)
			return cli_usage(g, cmd, "%s",
			                 _("--title, --engagement and --source are required"));
	} else {
		if (argc - optind != 1)
			return cli_usage(g, cmd, "%s", id_usage);
		o->id = argv[optind];
	}
	return 0;
}

int
cli_action_review_parse(const cli_globals *g, const cli_command *cmd, int argc, char **argv,
                        cli_action_review_opts *o)
{
	static const struct option opts[] = {
		{ "comment", required_argument, NULL, 'c' },
		{ "date", required_argument, NULL, 'd' },
		{ "by", required_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	memset(o, 0, sizeof(*o));
	o->comment = "";
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'c': o->comment = optarg; break;
		case 'd': o->date = optarg; break;
		case 'b': o->by = optarg; break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (optind != argc)
		return cli_usage(g, cmd, _("unexpected argument '%s'"), argv[optind]);
	return 0;
}

int
cli_action_list_parse(const cli_globals *g, const cli_command *cmd, int argc, char **argv,
                      cli_action_list_opts *o)
{
	static const struct option opts[] = {
		{ "status", required_argument, NULL, 's' },
		{ "overdue", no_argument, NULL, 'o' },
		{ "date", required_argument, NULL, 'd' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	char list[160];
	int ch;

	memset(o, 0, sizeof(*o));
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 's':
			o->status = cli_input_word(CLI_WORDS_STATUS, optarg);
			if (!domain_action_status_valid(o->status))
				return cli_usage(g, cmd, _("--status: expected %s, got \"%s\""),
				                 domain_wire_list(domain_statuses, DOMAIN_STATUSES,
				                                  list, sizeof(list)),
				                 optarg);
			break;
		case 'o': o->overdue = true; break;
		case 'd': o->date = optarg; break;
		case 'j': o->json = true; break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (optind != argc)
		return cli_usage(g, cmd, _("unexpected argument '%s'"), argv[optind]);
	return 0;
}

static bool
overdue(const Qp__Action *a, const char *today)
{
	return (strcmp(a->status, "todo") == 0 || strcmp(a->status, "doing") == 0) &&
	       a->due[0] != '\0' && strcmp(a->due, today) < 0;
}

int
cli_action_list_print(const cli_action_list_opts *o, ledger *l, const char *today)
{
	const char *hdr[] = { "action",  "statut",      "échéance",   "",        "engagement",
		              "origine", "responsable", "ouverte le", "intitulé" };
	const Qp__Event *const *evs;
	json_t *arr = o->json ? json_array() : NULL;
	cli_table *t = o->json ? NULL : cli_table_new(9, hdr);
	size_t n = ledger_view(l, LEDGER_ACTIONS, &evs);

	if (o->json ? arr == NULL : t == NULL)
		return EXIT_RUNTIME;
	for (size_t i = 0; i < n; i++) {
		const Qp__Action *a = evs[i]->action;
		bool late = overdue(a, today);

		if ((o->status != NULL && strcmp(a->status, o->status) != 0) ||
		    (o->overdue && !late))
			continue;
		if (o->json) {
			json_t *j = codec_event_json(evs[i]);

			json_object_set_new(j, "overdue", json_boolean(late));
			json_array_append_new(arr, j);
		} else {
			const char *row[9] = {
				a->id,
				domain_label(domain_statuses, DOMAIN_STATUSES, a->status),
				a->due,
				late ? "EN RETARD" : "",
				a->engagement,
				domain_label(domain_sources, DOMAIN_SOURCES, a->source),
				a->owner,
				a->opened_on,
				a->title,
			};
			cli_table_add(t, row);
		}
	}
	if (o->json)
		return cli_print_json(json_pack("{s:s, s:o}", "date", today, "actions", arr));
	cli_table_print(t, stdout);
	cli_table_destroy(&t);
	return EXIT_DONE;
}
