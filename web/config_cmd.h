/*
 * config_cmd.h: the [web] section of `config check`, for both programs
 * that serve the web interface (on top of the command line).
 */
#ifndef QP_WEB_CONFIG_CMD_H
#define QP_WEB_CONFIG_CMD_H

#include "cli.h"

/*
 * Nothing to check when `listen` is NULL (no web interface); else what
 * web_config_check verifies, its message pointing at the file and line of
 * the key at fault (cli_config_where). 0, or the exit code after the
 * message.
 */
int web_config_cmd_check(const cli_globals *g, const char *listen, const char *tls_cert,
                         const char *tls_key);

#endif
