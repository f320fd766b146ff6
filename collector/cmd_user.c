/*
 * qp-collector user: the central team's web accounts (collector/web/cweb.h),
 * in the collector's store, by the commands both programs share
 * (web/accounts_cmd.h): only how to open them is here.
 */
#include "accounts_cmd.h"
#include "collector.h"
#include "cweb.h"

static int
open_accounts(const cli_globals *g, void **h, web_accounts *a)
{
	cstore *cs = NULL;
	int rc = collector_open(g, &cs);

	if (rc != 0)
		return rc;
	*a = cweb_roles;
	a->st = cs->st;
	*h = cs;
	return 0;
}

static void
close_accounts(void **h)
{
	cstore *cs = *h;

	cstore_close(&cs);
	*h = NULL;
}

const accounts_opener accounts_cmd_opener = { &cweb_roles, open_accounts, close_accounts };
