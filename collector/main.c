/*
 * qp-collector: the centre. Authenticates each site by its key, stores
 * every event once, and sends the central state back. The command table;
 * the handlers live beside it.
 */
#include "accounts_cmd.h"
#include "collector.h"

static const cli_command commands[] = {
	{ "init", cmd_init, "[--listen ENDPOINT]",
	  "create the data directory, the collector key pair and the store",
	  "  --listen URL   address to listen on (tcp://127.0.0.1:7700)\n"
	  "  --map-max SIZE largest store size (8G)\n" },
	{ "config check", cmd_config_check, "",
	  "read and validate the configuration, key and planning rules; changes nothing "
	  "(2: invalid)", NULL },
	{ "key", cmd_key, "", "print the collector's public key", NULL },
	{ "run", cmd_run, "", "the daemon: receive, store and acknowledge the sites' events", NULL },
	{ "enroll", cmd_enroll, "SITE PUBKEY [--name T] [--labelled-since YYYY-MM] [--force]",
	  "enroll a site, or replace its key", NULL },
	{ "revoke", cmd_revoke, "SITE", "refuse a site from now on", NULL },
	{ "unenroll", cmd_unenroll, "SITE", "remove a site id that never sent anything (a typo)",
	  NULL },
	{ "sites", cmd_sites, "[--json]", "the enrolled sites", NULL },
	{ "status", cmd_status, "[--json | --format text|json|prometheus]",
	  "per site: stored, lag, last seen, clock offset, rejections", NULL },
	{ "catalogue list", cmd_catalogue_list, "[--json]",
	  "the indicator catalogue, its targets and their history", NULL },
	{ "catalogue add", cmd_catalogue_add,
	  "CODE --label T --engagement E --period month|quarter|year --target X [--from PERIOD]",
	  "add an indicator to the catalogue (Annexe 4); sent to every site", NULL },
	{ "catalogue set", cmd_catalogue_set, "CODE --target X [--from PERIOD]",
	  "change an indicator's target from a period on; sent to every site",
	  "  --target X     a rate from 0 to 1\n"
	  "  --from PERIOD  YYYY, YYYY-Qn or YYYY-MM: the first period judged by it\n"
	  "                 (default: the current year); earlier periods keep theirs\n" },
	{ "action add", cmd_central_action_add,
	  "--title T --engagement E --source S [--owner O] [--due D] [--date D] [--by NAME]",
	  "open an action in the central action table (SMQ9); prints its id C-<n>", NULL },
	{ "action update", cmd_central_action_update,
	  "ID [--status S] [--owner O] [--due D] [--note T] [--title T] [--date D] [--by NAME]",
	  "change a central action", NULL },
	{ "action review", cmd_central_action_review, "[--date D] [--comment T] [--by NAME]",
	  "record the quarterly analysis of the central action table", NULL },
	{ "action list", cmd_central_action_list, "[--status S] [--overdue] [--date D] [--json]",
	  "the central action table", NULL },
	{ "audit add", cmd_audit_add,
	  "--site S --kind labelling|surveillance|renewal|internal --date D --auditor NAME [--report FILE]",
	  "record an audit of a site (SMQ8); prints its id AU-<n>", NULL },
	{ "audit finding", cmd_audit_finding,
	  "AUDIT --kind nc-major|nc-minor|observation|strength --engagement E --text T "
	  "[--action [--owner O] [--due D]]",
	  "record a finding of an audit, and with --action the central action it opens",
	  "  prints AUDIT/n, then with --action the new central action's id on the last line\n" },
	{ "audit list", cmd_audit_list, "[--year Y] [--site S] [--json]",
	  "the audits and their findings", NULL },
	{ "campaign set", cmd_campaign_set,
	  "mystery-calls|mystery-visits|satisfaction --site S --year Y --passed N --total M",
	  "record a site's result in a central campaign (SMQ6); the review prefers it", NULL },
	{ "campaign list", cmd_campaign_list, "[--year Y] [--json]",
	  "the campaign results recorded at the centre", NULL },
	{ "review central", cmd_review_central, "--year Y --file F [--by NAME]",
	  "record the central services' bilan perspective (SMQ10)",
	  "  --file F       Markdown with the sections ## Bilan, ## Risques, ## Opportunités,\n"
	  "                 ## Objectifs, ## Perspectives\n" },
	{ "review template", cmd_review_template, "--year Y --out F",
	  "write the local annual review template (trame type) sent to the sites", NULL },
	{ "planning generate", cmd_planning_generate, "--year Y [--rules FILE] [--json]",
	  "compute the year's quality planning and send it to every site",
	  "  --year Y       the year to plan (replaces that year's planning only)\n"
	  "  --rules FILE   planning rules (default: the first of DATA/planning.ini,\n"
	  "                 planning.ini beside the configuration and\n"
	  "                 " QP_CONFIG_DIR "/planning.ini, else the built-in rules)\n" },
	{ "planning export", cmd_planning_export,
	  "--year Y --format ics|json|csv --out F [--site S | --per-site]",
	  "write a stored planning as iCalendar, JSON or CSV",
	  "  --out F        the file, \"-\" for standard output; with --per-site a directory\n"
	  "  --site S       the central events and site S's only\n"
	  "  --per-site     one file per site (central and its own events) and central.EXT\n" },
	{ "report review", cmd_report_review,
	  "--year Y [--as-of D] --format html|slides|json|csv --out F",
	  "the annual central review (SMQ10): figures per site and for the network",
	  "  --year Y       the year reviewed\n"
	  "  --as-of D      the day the figures are taken (today): check windows ended,\n"
	  "                 opening days, open and overdue actions up to it\n"
	  "  --format FMT   html (one printable French page with charts), slides (the\n"
	  "                 plenary's 16:9 presentation support), json, or csv\n"
	  "                 (F holds one row per site and indicator; F-checks.csv,\n"
	  "                 F-cleaning.csv, F-actions.csv, F-actions-breakdown.csv and\n"
	  "                 F-reviews.csv are written beside it)\n"
	  "  --out F        the file to write (- for standard output, html and json)\n" },
	{ "export", cmd_export, "KIND --format csv|json [--site S] [--year Y]",
	  "write stored records to standard output (indicators ... reviews, events)",
	  "  KIND           indicators, checks, cleaning, actions, reviews: the latest\n"
	  "                 non-voided records, one row each; events: every stored event\n"
	  "  --site S       one site only\n"
	  "  --year Y       records of year Y only (business dates)\n" },
	{ "user add", accounts_cmd_add, "NAME --role qualite|lecture [--password-file F]",
	  "add an account of the central team's web interface (qualite: everything; "
	  "lecture: reads and downloads)",
	  "  --password-file F  the password on its first line (else a prompt, or\n"
	  "                     one line of standard input)\n" },
	{ "user list", accounts_cmd_list, "[--json]", "the web interface accounts", NULL },
	{ "user disable", accounts_cmd_disable, "NAME",
	  "disable an account (it can no longer log in)", NULL },
	{ "user passwd", accounts_cmd_passwd, "NAME [--password-file F]",
	  "change an account's password", NULL },
	{ "backup", cmd_backup, "DIR", "a consistent hot copy of the store, config and keys", NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};

int
main(int argc, char **argv)
{
	return cli_main("qp-collector", COLLECTOR_VERSION, commands,
	                COLLECTOR_DEFAULT_DATA, "QP_COLLECTOR_DATA", argc, argv);
}
