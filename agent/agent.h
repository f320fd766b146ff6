/*
 * agent.h: the qp-agent commands and the helpers they share.
 */
#ifndef QP_AGENT_H
#define QP_AGENT_H

#include "cli.h"
#include "records.h"
#include "site.h"

#define AGENT_VERSION QP_VERSION   /* project(VERSION) of CMakeLists.txt */
#define AGENT_DEFAULT_DATA "/var/lib/qualiparis/agent"

/* Opens the site of g->data; on failure prints why and returns an exit code. */
int agent_open(const cli_globals *g, site **out);

/* Today in Europe/Paris as YYYY-MM-DD into buf (11 bytes). */
char *agent_today(char *buf);

/*
 * Parses an optional --date-like option (NULL means today) into buf as a
 * canonical date. Returns 0, or prints a usage error and returns EXIT_USAGE.
 */
int agent_date_opt(const cli_globals *g, const cli_command *cmd,
                   const char *field, const char *value, char *buf);

/* Options every command parses the same way. */
#define OPT_BY { "by", required_argument, NULL, 'b' }
#define OPT_DATE { "date", required_argument, NULL, 'd' }
#define OPT_JSON { "json", no_argument, NULL, 'j' }
#define OPT_END { NULL, 0, NULL, 0 }

/*
 * A positional argument such as "-1" or "-1.5" looks like an option to
 * getopt, which would report an "unknown option" (or name the wrong
 * argument). Before parsing, finds the first one: returns its index among the
 * positional arguments (0 for the first) and sets *arg, or returns -1.
 * opts is the command's getopt_long table.
 */
struct option;
int agent_dash_number(int argc, char **argv, const struct option *opts, const char **arg);

/* The command line's name of a record field ("numerator" -> "NUM"), or NULL. */
const char *agent_field_name(const char *field);
/* A record context: the site, the author (--by, else the login name). */
rec_ctx agent_rec_ctx(site *s, const char *by);
/* --force was given (main.c takes it out of argv). */
extern bool agent_forced;
/*
 * Prints a record module's error the command line's way ("NUM: ...", with
 * the usage line for malformed input); returns the exit code.
 */
int agent_rec_error(const cli_globals *g, const cli_command *cmd, const rec_error *err);
/*
 * Finishes a record command: closes *s, then prints "recorded: seq N"
 * (French: "enregistré : seq N") (rc 0) or the error. Returns the exit code.
 */
int agent_rec_finish(const cli_globals *g, const cli_command *cmd, site **s, int rc,
                     const rec_result *res, const rec_error *err);

/*
 * The link state the daemon keeps for `status` (T_META "link", written by
 * sync.c): a state, English msgid of po/fr ("connected", "unreachable",
 * ...), or, when the collector refuses the site, AGENT_LINK_REFUSED and its
 * reason, the wire word ("refused:revoked"). Stores written before that
 * hold "refused by the collector: REASON", read the same.
 */
#define AGENT_LINK_REFUSED "refused:"
/*
 * `stored` (NUL-terminated) for a reader into buf: translated when
 * `people` (status's text, the web page: "refusé par le collecteur : site
 * révoqué au centre"), else in English for the log, JSON and Prometheus
 * ("refused by the collector: revoked"). Returns buf.
 */
const char *agent_link_text(const char *stored, bool people, char *buf, size_t len);
/* The collector's reason (the wire word) when `stored` says it refuses the
 * site, else NULL. */
const char *agent_link_refusal(const char *stored);

/* A usage error when the command got arguments; 0 otherwise. */
int agent_no_args(const cli_globals *g, const cli_command *cmd, int argc, char **argv);

/* Commands, one file per group of the command table (cmd_GROUP.c). */
int cmd_init(const cli_globals *, const cli_command *, int, char **);
int cmd_config_check(const cli_globals *, const cli_command *, int, char **);
int cmd_key(const cli_globals *, const cli_command *, int, char **);
int cmd_key_rotate(const cli_globals *, const cli_command *, int, char **);
int cmd_run(const cli_globals *, const cli_command *, int, char **);
int cmd_sync(const cli_globals *, const cli_command *, int, char **);
int cmd_status(const cli_globals *, const cli_command *, int, char **);
int cmd_planning(const cli_globals *, const cli_command *, int, char **);
int cmd_indicator_set(const cli_globals *, const cli_command *, int, char **);
int cmd_indicator_list(const cli_globals *, const cli_command *, int, char **);
int cmd_check_add(const cli_globals *, const cli_command *, int, char **);
int cmd_check_set(const cli_globals *, const cli_command *, int, char **);
int cmd_check_run(const cli_globals *, const cli_command *, int, char **);
int cmd_check_list(const cli_globals *, const cli_command *, int, char **);
int cmd_check_due(const cli_globals *, const cli_command *, int, char **);
int cmd_clean_sign(const cli_globals *, const cli_command *, int, char **);
int cmd_clean_eval(const cli_globals *, const cli_command *, int, char **);
int cmd_clean_list(const cli_globals *, const cli_command *, int, char **);
int cmd_action_add(const cli_globals *, const cli_command *, int, char **);
int cmd_action_update(const cli_globals *, const cli_command *, int, char **);
int cmd_action_review(const cli_globals *, const cli_command *, int, char **);
int cmd_action_list(const cli_globals *, const cli_command *, int, char **);
int cmd_review_submit(const cli_globals *, const cli_command *, int, char **);
int cmd_history(const cli_globals *, const cli_command *, int, char **);
int cmd_void(const cli_globals *, const cli_command *, int, char **);
int cmd_import_delays(const cli_globals *, const cli_command *, int, char **);
int cmd_import_calls(const cli_globals *, const cli_command *, int, char **);

#endif
