/*
 * qp-collector: the centre. Authenticates each site by its key, stores
 * every event once, and sends the central state back. The command table;
 * the handlers live beside it.
 */
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
	{ "enroll", cmd_enroll, "SITE PUBKEY [--name T] [--labelled-since YYYY-MM]",
	  "enroll a site, or replace its key", NULL },
	{ "revoke", cmd_revoke, "SITE", "refuse a site from now on", NULL },
	{ "sites", cmd_sites, "[--json]", "the enrolled sites", NULL },
	{ "status", cmd_status, "[--json | --format text|json|prometheus]",
	  "per site: stored, lag, last seen, clock offset, rejections", NULL },
	{ "catalogue list", cmd_catalogue_list, "[--json]", "the indicator catalogue and its targets", NULL },
	{ "catalogue set", cmd_catalogue_set, "CODE --target X",
	  "change an indicator's target (0..1); sent to every site", NULL },
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
	  "--year Y [--as-of D] --format html|json|csv --out F",
	  "the annual central review (SMQ10): figures per site and for the network",
	  "  --year Y       the year reviewed\n"
	  "  --as-of D      the day the figures are taken (today): check windows ended,\n"
	  "                 opening days, open and overdue actions up to it\n"
	  "  --format FMT   html (one printable French page with charts), json, or csv\n"
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
	{ "backup", cmd_backup, "DIR", "a consistent hot copy of the store, config and keys", NULL },
	{ NULL, NULL, NULL, NULL, NULL },
};

int
main(int argc, char **argv)
{
	return cli_main("qp-collector", COLLECTOR_VERSION, commands,
	                COLLECTOR_DEFAULT_DATA, "QP_COLLECTOR_DATA", argc, argv);
}
