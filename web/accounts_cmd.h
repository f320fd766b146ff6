/*
 * accounts_cmd.h: the `user add|list|disable|passwd` commands of a program
 * that serves the web interface (qp-agent, qp-collector): one
 * implementation, each program giving how to open its accounts.
 * Secrets come from --password-file F (its first line), else a prompt on
 * the terminal (asked twice, not echoed), else one line of standard input.
 */
#ifndef QP_WEB_ACCOUNTS_CMD_H
#define QP_WEB_ACCOUNTS_CMD_H

#include "accounts.h"
#include "cli.h"

typedef struct accounts_opener {
	const web_accounts *proto; /* roles and role_hint; st is set by open */
	/* Opens the program's store and fills *a (st, table, roles); returns an
	 * exit code, having printed why. */
	int (*open)(const cli_globals *g, void **handle, web_accounts *a);
	void (*close)(void **handle);
} accounts_opener;

/* How the program opens its accounts: defined once by each program that
 * links these commands (its cmd_user.c). */
extern const accounts_opener accounts_cmd_opener;

/* The commands themselves, for the program's command table. */
int accounts_cmd_add(const cli_globals *g, const cli_command *cmd, int argc, char **argv);
int accounts_cmd_passwd(const cli_globals *g, const cli_command *cmd, int argc, char **argv);
int accounts_cmd_disable(const cli_globals *g, const cli_command *cmd, int argc, char **argv);
int accounts_cmd_list(const cli_globals *g, const cli_command *cmd, int argc, char **argv);

#endif
