/*
 * qp-agent user: the web interface's local accounts (agent/users.h), by
 * the commands both programs share (web/accounts_cmd.h): only how to
 * open them is here.
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

const accounts_opener accounts_cmd_opener = { &users_roles, open_accounts, close_accounts };
