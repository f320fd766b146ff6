/*
 * ops_cmd.h: what the `status` and `config check` commands of both
 * programs share on the command line: the options of `status`, and the
 * checks of `config check` that are the same rule in the same words (the
 * file itself, its places, the secret key and the store folder `run`
 * needs). Each program then checks its own sections and prints its own
 * summary.
 */
#ifndef QP_CLI_OPS_CMD_H
#define QP_CLI_OPS_CMD_H

#include <stdbool.h>
#include <stddef.h>

#include "cli.h"
#include "config.h"

typedef enum { CLI_STATUS_TEXT, CLI_STATUS_JSON, CLI_STATUS_PROMETHEUS } cli_status_format;

/* `status [--json] [--format text|json|prometheus]`. 0, or the exit code
 * after the usage message. */
int cli_status_parse(const cli_globals *g, const cli_command *cmd, int argc, char **argv,
                     cli_status_format *format);

/*
 * `config check` with no argument: loads g->config through `opts` into
 * `cfg` (config_free it). 0, or the exit code after the message (a file
 * that is not there: run 'PROG init' first, or give --config).
 */
int cli_config_check_load(const cli_globals *g, const cli_command *cmd, int argc, char **argv,
                          const config_option *opts, void *cfg);
/* "file:line" when the key is in the file, else "file": where a message
 * about a value the table accepted but the program refuses points. */
void
cli_config_where(const char *path, const char *section, const char *key, char *buf, size_t len);
/* The secret key file (readable, and it loads) and the store folder (one
 * `run` may write) of the program's data folder. 0, or the exit code after
 * the message. */
int cli_config_check_files(const cli_globals *g, const char *secret, const char *storedir);
/* The line saying where the web interface listens. */
void cli_config_print_web(const cli_globals *g, const char *listen, bool tls);

#endif
