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
#include "calendar.h"
#include "codec.h"
#include "domain.h"

#define REVIEW_FILE_MAX (200u * 1024u)

/* Reads a whole small file; NULL with errno set on failure. */
static char *
read_file(const char *path, size_t max, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	struct stat st;
	size_t n;

	if (fp == NULL)
		return NULL;
	if (fstat(fileno(fp), &st) != 0 || !S_ISREG(st.st_mode)) {
		fclose(fp);
		errno = EINVAL;
		return NULL;
	}
	if ((size_t)st.st_size > max) {
		fclose(fp);
		errno = EFBIG;
		return NULL;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (buf == NULL) {
		fclose(fp);
		return NULL;
	}
	n = fread(buf, 1, (size_t)st.st_size, fp);
	fclose(fp);
	buf[n] = '\0';
	*len = n;
	return buf;
}

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
	Qp__Event ev = QP__EVENT__INIT;
	Qp__AnnualReview ar = QP__ANNUAL_REVIEW__INIT;
	const char *file = NULL, *approved_by = NULL, *approved_on = NULL, *by = NULL;
	unsigned long long year = 0;
	char on_buf[11] = "", today[11];
	char *text = NULL;
	size_t len = 0;
	cal_day d;
	site *s = NULL;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'y':
			if (!cli_parse_u64(optarg, &year) || strlen(optarg) != 4 || year < CAL_YEAR_MIN)
				return cli_usage(g, cmd, "--year: expected YYYY, got \"%s\"", optarg);
			break;
		case 'f': file = optarg; break;
		case 'a': approved_by = optarg; break;
		case 'o': approved_on = optarg; break;
		case 'b': by = optarg; break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (optind != argc)
		return cli_usage(g, cmd, "unexpected argument '%s'", argv[optind]);
	if (year == 0 || file == NULL)
		return cli_usage(g, cmd, "--year and --file are required");
	if ((approved_by == NULL) != (approved_on == NULL))
		return cli_usage(g, cmd, "--approved-by and --approved-on go together");
	if (approved_by != NULL && (approved_by[0] == '\0' ||
	                            !domain_utf8_valid(approved_by, strlen(approved_by))))
		return cli_usage(g, cmd, "--approved-by: expected the name of the site director");
	if (approved_on != NULL) {
		if (cal_parse_date(approved_on, &d) != 0)
			return cli_usage(g, cmd, "--approved-on: expected a date YYYY-MM-DD, got \"%s\"",
			                 approved_on);
		cal_format_date(d, on_buf);
	}
	text = read_file(file, REVIEW_FILE_MAX, &len);
	if (text == NULL) {
		if (errno == EFBIG)
			return cli_usage(g, cmd, "--file: %s is larger than %u KiB", file,
			                 REVIEW_FILE_MAX / 1024);
		return cli_usage(g, cmd, "--file: cannot read %s: %s", file,
		                 errno == EINVAL ? "not a regular file" : strerror(errno));
	}
	if (!domain_utf8_valid(text, len)) {
		free(text);
		return cli_usage(g, cmd, "--file: %s is not UTF-8 text (save it as UTF-8)", file);
	}
	if ((rc = agent_open(g, &s)) != 0) {
		free(text);
		return rc;
	}
	ar.year = (uint32_t)year;
	ar.text = text;
	ar.approved_by = (char *)(approved_by ? approved_by : "");
	ar.approved_on = on_buf;
	ev.author = (char *)agent_author(by);
	ev.business_date = on_buf[0] ? on_buf : agent_today(today);
	ev.body_case = QP__EVENT__BODY_ANNUAL_REVIEW;
	ev.annual_review = &ar;
	rc = agent_record_and_close(g, &s, &ev, false, NULL, NULL, NULL);
	free(text);
	return rc;
}
