/*
 * The helpers every qp-agent command shares: opening the site, the author
 * and date of a record, writing it and reporting the result.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent.h"
#include "calendar.h"
#include "codec.h"
#include "domain.h"
#include "keys.h"

int
agent_open(const cli_globals *g, site **out)
{
	char err[512] = "";
	int e = site_open(g->data, g->config, false, out, err, sizeof(err));

	return cli_open_result(g, e, err);
}

const char *
agent_author(const char *by)
{
	const char *u;
	struct passwd *pw;

	if (by != NULL)
		return by;
	u = getenv("USER");
	if (u != NULL && u[0] != '\0')
		return u;
	pw = getpwuid(getuid());
	return pw != NULL ? pw->pw_name : "";
}

char *
agent_today(char *buf)
{
	return cal_format_date(cal_paris_day(site_now_ms()), buf);
}

int
agent_date_opt(const cli_globals *g, const cli_command *cmd, const char *field,
               const char *value, char *buf)
{
	cal_day d;

	if (value == NULL) {
		agent_today(buf);
		return 0;
	}
	if (cal_parse_date(value, &d) != 0)
		return cli_usage(g, cmd, "%s: expected a date YYYY-MM-DD, got \"%s\"",
		                 field, value);
	cal_format_date(d, buf);
	return 0;
}

int
agent_record(const cli_globals *g, site *s, Qp__Event *ev, bool want_ledger,
             site_prepare_fn prepare, void *ctx, uint64_t *seq)
{
	char err[512];
	uint64_t local;
	int e = site_record(s, ev, want_ledger, prepare, ctx, seq ? seq : &local,
	                    err, sizeof(err));

	if (e != 0) {
		cli_error(g, "%s", err);
		return cli_exit_of(e);
	}
	return EXIT_DONE;
}


int
agent_no_args(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	if (argc > 1)
		return cli_usage(g, cmd, "unexpected argument '%s'", argv[1]);
	return 0;
}


/*
 * A positional argument such as "-1" or "-1.5" looks like an option to
 * getopt, which would report an "unknown option" (or name the wrong
 * argument). Before parsing, finds the first one: returns its index among the
 * positional arguments (0 for the first) and sets *arg, or returns -1.
 */
int
agent_dash_number(int argc, char **argv, const struct option *opts, const char **arg)
{
	int pos = 0;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--") == 0)
			break;
		if (a[0] == '-' && a[1] == '-') {
			size_t n = strcspn(a + 2, "=");
			if (a[2 + n] == '=')
				continue;
			/* A long option (or a unique prefix) whose value follows. */
			for (const struct option *o = opts; o->name != NULL; o++)
				if (strncmp(o->name, a + 2, n) == 0) {
					if (o->has_arg == required_argument)
						i++;
					break;
				}
			continue;
		}
		if (a[0] == '-' && ((a[1] >= '0' && a[1] <= '9') || a[1] == '.')) {
			*arg = a;
			return pos;
		}
		if (a[0] != '-' || a[1] == '\0')
			pos++;
	}
	return -1;
}

static void
print_recorded(uint64_t seq)
{
	printf("enregistré : seq %llu\n", (unsigned long long)seq);
}

/* Finishes a record command: write, report, close. */
int
agent_record_and_close(const cli_globals *g, site **s, Qp__Event *ev, bool want_ledger,
                 site_prepare_fn prepare, void *ctx, uint64_t *seq_out)
{
	uint64_t seq = 0;
	int rc = agent_record(g, *s, ev, want_ledger, prepare, ctx, &seq);

	if (rc == EXIT_DONE)
		print_recorded(seq);
	if (seq_out != NULL)
		*seq_out = seq;
	site_close(s);
	return rc;
}
