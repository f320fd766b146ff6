/*
 * review submit: the site's local annual review (Markdown).
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
cmd_review_submit(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "year", required_argument, NULL, 'y' },
		{ "file", required_argument, NULL, 'f' },
		{ "approved-by", required_argument, NULL, 'a' },
		{ "approved-on", required_argument, NULL, 'o' },
		OPT_BY, OPT_END,
	};
	rec_review_in in = { 0 };
	const char *file = NULL, *by = NULL;
	char *text = NULL;
	rec_result res;
	rec_error err;
	rec_ctx ctx;
	site *s = NULL;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'y': in.year = optarg; break;
		case 'f': file = optarg; break;
		case 'a': in.approved_by = optarg; break;
		case 'o': in.approved_on = optarg; break;
		case 'b': by = optarg; break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (optind != argc)
		return cli_usage(g, cmd, _("unexpected argument '%s'"), argv[optind]);
	ctx = agent_rec_ctx(NULL, by);
	/* The year first, as it was read with the options; the text last. */
	in.text = "";
	if (in.year != NULL &&
	    rec_review_check(&ctx, &(rec_review_in){ .year = in.year, .text = "" }, &err) != 0)
		return agent_rec_error(g, cmd, &err);
	if (in.year == NULL || file == NULL)
		return cli_usage(g, cmd, "%s", _("--year and --file are required"));
	if ((in.approved_by == NULL) != (in.approved_on == NULL))
		return cli_usage(g, cmd, _("--approved-by and --approved-on go together"));
	if (rec_review_check(&ctx, &in, &err) != 0)
		return agent_rec_error(g, cmd, &err);
	text = cli_read_file(file, REC_REVIEW_TEXT_MAX, &in.text_len);
	if (text == NULL) {
		if (errno == EFBIG)
			return cli_usage(g, cmd, _("--file: %s is larger than %u KiB"), file,
			                 REC_REVIEW_TEXT_MAX / 1024);
		return cli_usage(g, cmd, _("--file: cannot read %s: %s"), file,
		                 errno == EINVAL ? _("not a regular file") : strerror(errno));
	}
	if (!domain_utf8_valid(text, in.text_len)) {
		free(text);
		return cli_usage(g, cmd, _("--file: %s is not UTF-8 text (save it as UTF-8)"), file);
	}
	in.text = text;
	if ((rc = agent_open(g, &s)) != 0) {
		free(text);
		return rc;
	}
	ctx.site = s;
	rc = rec_review_write(&ctx, &in, &res, &err);
	rc = agent_rec_finish(g, cmd, &s, rc, &res, &err);
	free(text);
	return rc;
}
