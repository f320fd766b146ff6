/*
 * collector.h: the qp-collector commands and the helpers they share.
 */
#ifndef QP_COLLECTOR_H
#define QP_COLLECTOR_H

#include "cli.h"
#include "cstore.h"

#define COLLECTOR_VERSION QP_VERSION /* project(VERSION) of CMakeLists.txt */
#define COLLECTOR_DEFAULT_DATA "/var/lib/qualiparis/collector"

/* Opens the collector of g->data; on failure prints why, returns an exit code. */
int collector_open(const cli_globals *g, cstore **out);

/*
 * The planning rules in effect: DATA/planning.ini, else planning.ini beside
 * the configuration file, else QP_CONFIG_DIR/planning.ini, whichever exists
 * first; NULL when none does (the built-in rules apply). The caller frees.
 */
char *collector_planning_path(const cli_globals *g);

/* Commands, one file per group of the command table (main.c): cmd_*.c here,
 * review/cmd_review.c and review/cmd_export.c, planning/cmd_planning.c. */
int cmd_init(const cli_globals *, const cli_command *, int, char **);
int cmd_config_check(const cli_globals *, const cli_command *, int, char **);
int cmd_key(const cli_globals *, const cli_command *, int, char **);
int cmd_run(const cli_globals *, const cli_command *, int, char **);
int cmd_enroll(const cli_globals *, const cli_command *, int, char **);
int cmd_revoke(const cli_globals *, const cli_command *, int, char **);
int cmd_unenroll(const cli_globals *, const cli_command *, int, char **);
int cmd_sites(const cli_globals *, const cli_command *, int, char **);
int cmd_status(const cli_globals *, const cli_command *, int, char **);
int cmd_catalogue_list(const cli_globals *, const cli_command *, int, char **);
int cmd_catalogue_set(const cli_globals *, const cli_command *, int, char **);
int cmd_catalogue_add(const cli_globals *, const cli_command *, int, char **);
int cmd_export(const cli_globals *, const cli_command *, int, char **);
int cmd_report_review(const cli_globals *, const cli_command *, int, char **);
int cmd_backup(const cli_globals *, const cli_command *, int, char **);
/* planning/cmd_planning.c */
int cmd_planning_generate(const cli_globals *, const cli_command *, int, char **);
int cmd_planning_export(const cli_globals *, const cli_command *, int, char **);

/* steering/cmd_steering.c: what the centre records (SPEC §13) */
int cmd_central_action_add(const cli_globals *, const cli_command *, int, char **);
int cmd_central_action_update(const cli_globals *, const cli_command *, int, char **);
int cmd_central_action_review(const cli_globals *, const cli_command *, int, char **);
int cmd_central_action_list(const cli_globals *, const cli_command *, int, char **);
int cmd_audit_add(const cli_globals *, const cli_command *, int, char **);
int cmd_audit_finding(const cli_globals *, const cli_command *, int, char **);
int cmd_audit_list(const cli_globals *, const cli_command *, int, char **);
int cmd_campaign_set(const cli_globals *, const cli_command *, int, char **);
int cmd_campaign_list(const cli_globals *, const cli_command *, int, char **);
int cmd_review_central(const cli_globals *, const cli_command *, int, char **);
int cmd_review_template(const cli_globals *, const cli_command *, int, char **);

#endif
