/*
 * qp-agent user: the web interface's local accounts (agent/users.h), by
 * the commands both programs share (web/accounts_cmd.h).
 */
#include "accounts_cmd.h"
#include "agent.h"
#include "users.h"

static int
open_accounts(const cli_globals *g, void **h, web_accounts *a)
{
	site *s = NULL;
	int rc = agent_open(g, &s);

	if (rc != 0)
		return rc;
	*a = users_of(s);
	*h = s;
	return 0;
}

static void
close_accounts(void **h)
{
	site *s = *h;

	site_close(&s);
	*h = NULL;
}

static const accounts_opener opener = { &users_roles, open_accounts, close_accounts };

int
cmd_user_add(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	return accounts_cmd_add(g, cmd, argc, argv, &opener);
}

int
cmd_user_passwd(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	return accounts_cmd_passwd(g, cmd, argc, argv, &opener);
}

int
cmd_user_disable(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	return accounts_cmd_disable(g, cmd, argc, argv, &opener);
}

int
cmd_user_list(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	return accounts_cmd_list(g, cmd, argc, argv, &opener);
}
