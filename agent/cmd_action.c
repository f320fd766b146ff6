/*
 * action add, action update, action review, action list: the action
 * table. The next action id and the existence of the action are decided in
 * the write transaction (a prepare function).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "action_opts.h"
#include "agent.h"
#include "i18n.h"
#include "calendar.h"
#include "codec.h"
#include "domain.h"

static int
action_write(const cli_globals *g, const cli_command *cmd, int argc, char **argv,
             bool add)
{
	cli_action_opts o;
	rec_action_in in;
	const char *by;
	rec_result res;
	rec_error err;
	rec_ctx ctx;
	site *s = NULL;
	int rc;

	if ((rc = cli_action_parse(g, cmd, argc, argv, add, _("expected one action ID (A-<n>)"),
	                           &o)) != 0)
		return rc;
	in = (rec_action_in){ o.id, o.title, o.engagement, o.source, o.owner,
	                      o.due, o.status, o.note, o.date };
	by = o.by;
	ctx = agent_rec_ctx(NULL, by);
	if ((add ? rec_action_add_check(&ctx, &in, &err) : rec_action_update_check(&ctx, &in, &err)) != 0)
		return agent_rec_error(g, cmd, &err);
	if ((rc = agent_open(g, &s)) != 0)
		return rc;
	ctx.site = s;
	rc = add ? rec_action_add(&ctx, &in, &res, &err) : rec_action_update(&ctx, &in, &res, &err);
	rc = agent_rec_finish(g, cmd, &s, rc, &res, &err);
	if (rc == EXIT_DONE && add)
		printf("%s\n", res.id);
	return rc;
}

int
cmd_action_add(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	return action_write(g, cmd, argc, argv, true);
}

int
cmd_action_update(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	return action_write(g, cmd, argc, argv, false);
}

int
cmd_action_review(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	cli_action_review_opts o;
	rec_action_review_in in = { .comment = "" };
	const char *by;
	rec_result res;
	rec_error err;
	rec_ctx ctx;
	site *s = NULL;
	int rc;

	if ((rc = cli_action_review_parse(g, cmd, argc, argv, &o)) != 0)
		return rc;
	in.comment = o.comment;
	in.date = o.date;
	by = o.by;
	ctx = agent_rec_ctx(NULL, by);
	if (rec_action_review_check(&ctx, &in, &err) != 0)
		return agent_rec_error(g, cmd, &err);
	if ((rc = agent_open(g, &s)) != 0)
		return rc;
	ctx.site = s;
	rc = rec_action_review(&ctx, &in, &res, &err);
	return agent_rec_finish(g, cmd, &s, rc, &res, &err);
}

int
cmd_action_list(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	cli_action_list_opts lo;
	char date_buf[11];
	ledger *l = NULL;
	site *s = NULL;
	int rc, e;

	if ((rc = cli_action_list_parse(g, cmd, argc, argv, &lo)) != 0)
		return rc;
	if ((rc = agent_date_opt(g, cmd, "--date", lo.date, date_buf)) != 0)
		return rc;
	if ((rc = agent_open(g, &s)) != 0)
		return rc;
	if ((e = site_ledger(s, &l)) != 0) {
		cli_error(g, _("cannot read the store: %s"), qp_errtext(e));
		site_close(&s);
		return EXIT_RUNTIME;
	}
	rc = cli_action_list_print(&lo, l, date_buf);
	ledger_destroy(&l);
	site_close(&s);
	return rc;
}
