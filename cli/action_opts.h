/*
 * action_opts.h: the command-line options of the action table, parsed
 * once for the two programs that keep one: the site's actions
 * (`qp-agent action ...`, ids A-<n>) and the centre's
 * (`qp-collector action ...`, ids C-<n>). Each program then checks and
 * records the values through its own rules; only the reading of the
 * command line is shared. Input words may be typed in French
 * (cli_input_word: « en-cours », « audit-interne »...).
 */
#ifndef QP_CLI_ACTION_OPTS_H
#define QP_CLI_ACTION_OPTS_H

#include <stdbool.h>

#include "cli.h"
#include "ledger.h"

typedef struct cli_action_opts {
	const char *id; /* update: the ID argument */
	const char *title, *engagement, *source, *owner, *due, *status, *note;
	const char *date, *by;
} cli_action_opts;

/*
 * `action add` (add true: no argument, --title, --engagement and
 * --source required, no --status) or `action update ID` (one argument;
 * `id_usage` is the message when it is missing, e.g. "expected one action
 * ID (A-<n>)", already translated). Source and status words are mapped to
 * their wire form. Returns 0, or the exit code after the usage message.
 */
int cli_action_parse(const cli_globals *g, const cli_command *cmd, int argc, char **argv, bool add,
                     const char *id_usage, cli_action_opts *o);

typedef struct cli_action_review_opts {
	const char *comment; /* "" when not given */
	const char *date, *by;
} cli_action_review_opts;

/* `action review [--comment T] [--date D] [--by NAME]`. 0 or the exit code. */
int cli_action_review_parse(const cli_globals *g, const cli_command *cmd, int argc, char **argv,
                            cli_action_review_opts *o);

typedef struct cli_action_list_opts {
	const char *status; /* wire form, checked; NULL: every status */
	bool overdue, json;
	const char *date; /* as typed, NULL: today */
} cli_action_list_opts;

/* `action list [--status S] [--overdue] [--date D] [--json]`. 0 or the exit code. */
int cli_action_list_parse(const cli_globals *g, const cli_command *cmd, int argc, char **argv,
                          cli_action_list_opts *o);

/*
 * Prints the actions of `l` as `action list` shows them: those with
 * o->status (any if NULL), only the overdue ones (todo or doing, due
 * before `today`, YYYY-MM-DD) with o->overdue; a text table (statuses and
 * origins in French, « EN RETARD » when late) or with o->json
 * {"date": today, "actions": [event JSON + "overdue"]}. The exit code.
 */
int cli_action_list_print(const cli_action_list_opts *o, ledger *l, const char *today);

#endif
