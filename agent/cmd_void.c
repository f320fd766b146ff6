/*
 * void: cancels an earlier record; both stay in the history.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "agent.h"
#include "i18n.h"
#include "calendar.h"
#include "codec.h"
#include "domain.h"

int
cmd_void(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "reason", required_argument, NULL, 'r' }, OPT_BY, OPT_END,
	};
	rec_void_in in = { 0 };
	const char *by = NULL, *neg;
	rec_result res;
	rec_error err;
	rec_ctx ctx;
	site *s = NULL;
	int ch, rc;

	if (agent_dash_number(argc, argv, opts, &neg) >= 0)
		return cli_usage(g, cmd, _("SEQ: expected a record number 1 or more, got \"%s\""), neg);
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'r': in.reason = optarg; break;
		case 'b': by = optarg; break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (argc - optind != 1)
		return cli_usage(g, cmd, _("expected the SEQ of the record to void"));
	in.seq = argv[optind];
	ctx = agent_rec_ctx(NULL, by);
	if (rec_void_check(&ctx, &(rec_void_in){ .seq = in.seq, .reason = "-" }, &err) != 0)
		return agent_rec_error(g, cmd, &err);
	if (in.reason == NULL || in.reason[0] == '\0')
		return cli_usage(g, cmd, "%s", _("--reason is required: say why the record stops counting"));
	if (rec_void_check(&ctx, &in, &err) != 0)
		return agent_rec_error(g, cmd, &err);
	if ((rc = agent_open(g, &s)) != 0)
		return rc;
	ctx.site = s;
	rc = rec_void_write(&ctx, &in, &res, &err);
	return agent_rec_finish(g, cmd, &s, rc, &res, &err);
}
