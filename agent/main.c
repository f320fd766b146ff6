/*
 * qp-agent: a site's quality records, kept in LMDB and pushed to the
 * collector. The command table; the handlers live beside it.
 */
#include <string.h>

#include "accounts_cmd.h"
#include "agent.h"

static const cli_command commands[] = {
	{ "init", cmd_init, "--site ID --collector ENDPOINT --collector-key KEY [--since D]",
	  "create the data directory, the site key pair and the store",
	  "  --site ID            site id (eps-centre, eps-05 ... eps-20)\n"
	  "  --collector URL      collector endpoint, tcp://host:port\n"
	  "  --collector-key KEY  the collector's public key (qp-collector key)\n"
	  "  --since D            first day the default checks are due (today)\n"
	  "  --map-max SIZE       largest store size, e.g. 1G (1G)\n" },
	{ "config check", cmd_config_check, "",
	  "read and validate the configuration and the site key; changes nothing (2: invalid)",
	  NULL },
	{ "key", cmd_key, "", "print the site's public key", NULL },
	{ "key rotate", cmd_key_rotate, "",
	  "make a new key pair; records queue until central enrolls the new key", NULL },
	{ "run", cmd_run, "", "the daemon: push every record to the collector, keep central state", NULL },
	{ "sync", cmd_sync, "[--timeout S]",
	  "push all, pull central, exit 0 once all is acknowledged (4: unreachable)", NULL },
	{ "status", cmd_status, "[--json | --format text|json|prometheus]",
	  "what is recorded, queued and acknowledged", NULL },
	{ "indicator set", cmd_indicator_set, "CODE PERIOD NUM DEN [--comment T] [--by NAME]",
	  "record an indicator value (replaces the period's earlier value)", NULL },
	{ "indicator list", cmd_indicator_list, "[--year Y] [--json]",
	  "indicator values with their rates and targets", NULL },
	{ "check add", cmd_check_add,
	  "ID --label T --every P --engagement E [--role R] [--since D] [--by NAME]",
	  "add a periodic check",
	  "  --every P   daily, weekly, monthly, quarterly, semiannual or annual\n" },
	{ "check set", cmd_check_set,
	  "ID [--label T] [--every P] [--engagement E] [--role R] [--since D] [--active yes|no] [--by NAME]",
	  "change a periodic check", NULL },
	{ "check run", cmd_check_run,
	  "ID --result ok|ko|na [--date D] [--comment T] [--by NAME]",
	  "record a run of a check", NULL },
	{ "check list", cmd_check_list, "[--json]", "the site's checks", NULL },
	{ "check due", cmd_check_due, "[--date D] [--json]",
	  "windows of this year ended by D with no run", NULL },
	{ "clean sign", cmd_clean_sign, "--zone Z --by NAME [--at DATETIME]",
	  "record a cleaning intervention (émargement)", NULL },
	{ "clean eval", cmd_clean_eval,
	  "--quarter YYYY-Qn --score ZONE=0..100 ... [--comment T] [--by NAME]",
	  "record the quarterly cleaning evaluation", NULL },
	{ "clean list", cmd_clean_list, "[--from D] [--to D] [--json]",
	  "cleaning sign-offs and evaluations", NULL },
	{ "action add", cmd_action_add,
	  "--title T --engagement E --source S [--owner O] [--due D] [--date D] [--by NAME]",
	  "open an action; prints its id",
	  "  --source S  audit-internal, audit-external, mystery-call, mystery-visit,\n"
	  "              satisfaction-survey, periodic-check, indicator,\n"
	  "              agent-suggestion, user-feedback, annual-review, other\n" },
	{ "action update", cmd_action_update,
	  "ID [--status S] [--owner O] [--due D] [--note T] [--title T] [--date D] [--by NAME]",
	  "change an action",
	  "  --status S  todo, doing, done or dropped\n" },
	{ "action review", cmd_action_review, "[--date D] [--comment T] [--by NAME]",
	  "record the quarterly analysis of the action table", NULL },
	{ "action list", cmd_action_list, "[--status S] [--overdue] [--date D] [--json]",
	  "the action table", NULL },
	{ "review submit", cmd_review_submit,
	  "--year Y --file F [--approved-by NAME --approved-on D] [--by NAME]",
	  "submit the local annual review (Markdown)", NULL },
	{ "import delays", cmd_import_delays,
	  "--indicator CODE FILE [--dry-run] [--skip-bad] [--as-of D] [--json] [--by NAME]",
	  "compute a delay indicator per month from a CSV export and record it",
	  "  --indicator CODE  S1-MISSING-12D, S1-DECISION-15D, S2-FIRST-5WD,\n"
	  "                    S2-REFERENT-10D or S2-APPT-30WD\n"
	  "  --dry-run         print the months and rejected rows, record nothing\n"
	  "  --skip-bad        leave rejected rows out instead of refusing the file\n"
	  "  --as-of D         the day the export reflects (today)\n"
	  "  FILE              a CSV file (; or ,), or - for the standard input\n" },
	{ "import calls", cmd_import_calls,
	  "FILE [--dry-run] [--skip-bad] [--as-of D] [--json] [--by NAME]",
	  "compute N7-CALLS-25S per month from a switchboard CSV export and record it",
	  NULL },
	{ "void", cmd_void, "SEQ --reason T [--by NAME]",
	  "void an earlier record (both stay in the history)", NULL },
	{ "history", cmd_history, "[--from SEQ] [--json]",
	  "every event recorded here, voided ones included (the audit trail)", NULL },
	{ "user add", accounts_cmd_add,
	  "NAME --role raqn|direction|accueil|entretien [--password-file F]",
	  "add a web interface account (password, or a 4-8 digit PIN for entretien)",
	  "  --password-file F  the password on its first line (else a prompt, or\n"
	  "                     one line of standard input)\n" },
	{ "user list", accounts_cmd_list, "[--json]", "the web interface accounts", NULL },
	{ "user disable", accounts_cmd_disable, "NAME",
	  "disable an account (it can no longer log in or sign)", NULL },
	{ "user passwd", accounts_cmd_passwd, "NAME [--password-file F]",
	  "change an account's password or PIN", NULL },
	{ "planning", cmd_planning, "[--year Y] [--json]",
	  "the quality planning received from central services", NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};

int
main(int argc, char **argv)
{
	/* --force, anywhere among a record command's options: plausibility
	 * checks overridden (SPEC §11), kept on the event. */
	int n = 1;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0) {
			while (i < argc)
				argv[n++] = argv[i++];
			break;
		}
		if (strcmp(argv[i], "--force") == 0)
			agent_forced = true;
		else
			argv[n++] = argv[i];
	}
	argv[n] = NULL;
	argc = n;
	return cli_main("qp-agent", AGENT_VERSION, commands, AGENT_DEFAULT_DATA,
	                "QP_AGENT_DATA", argc, argv);
}
