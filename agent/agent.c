/*
 * The helpers every qp-agent command shares: opening the site, the author
 * and date of a record, writing it and reporting the result.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent.h"
#include "i18n.h"
#include "calendar.h"
#include "codec.h"
#include "domain.h"
#include "keys.h"
#include "records.h"

/* What qp-agent says of a damaged store: its file and how to repair it. */
static void
damaged_text(const cli_globals *g, char *buf, size_t len)
{
	char *db = site_path(g->data, "store/data.mdb");

	snprintf(buf, len, _("the store %s is damaged (a page no longer reads as it was "
	         "written): stopped without writing anything.\nTo repair it: stop the "
	         "qp-agent service and put back the last copy of data.mdb; without a copy, "
	         "rebuild the site from the centre with 'qp-agent init --recover'. How: "
	         "/usr/share/doc/qualiparis-agent/operations.md, \"Restoring a site from "
	         "its backup\" and \"Rebuilding a lost site\"."), db != NULL ? db : g->data);
	free(db);
}

int
agent_open(const cli_globals *g, site **out)
{
	char err[1536] = "";
	int e;

	damaged_text(g, err, sizeof(err));
	cli_store_damage(g, err);
	err[0] = '\0';
	e = site_open(g->data, g->config, false, out, err, sizeof(err));
	if (e == QP_EDAMAGED)
		damaged_text(g, err, sizeof(err));
	return cli_open_result(g, e, err);
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
	if (cal_parse_date_typed(value, &d) != 0)
		return cli_usage(g, cmd, _("%s: expected a date YYYY-MM-DD, got \"%s\""),
		                 field, value);
	cal_format_date(d, buf);
	return 0;
}

int
agent_no_args(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	if (argc > 1)
		return cli_usage(g, cmd, _("unexpected argument '%s'"), argv[1]);
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

/* The command line's names of the record modules' fields (records.h). */
static const char *const field_names[][2] = {
	{ "code", "CODE" }, { "period", "PERIOD" }, { "numerator", "NUM" },
	{ "denominator", "DEN" }, { "id", "ID" }, { "seq", "SEQ" },
	{ "periodicity", "--every" }, { "scores", "--score" }, { "cleaner", "--by" },
	{ "text", "--file" }, { "approved_by", "--approved-by" },
	{ "approved_on", "--approved-on" }, { "comment", "--comment" },
	{ "label", "--label" }, { "engagement", "--engagement" }, { "role", "--role" },
	{ "since", "--since" }, { "active", "--active" }, { "result", "--result" },
	{ "date", "--date" }, { "zone", "--zone" }, { "at", "--at" },
	{ "quarter", "--quarter" }, { "title", "--title" }, { "source", "--source" },
	{ "owner", "--owner" }, { "due", "--due" }, { "status", "--status" },
	{ "note", "--note" }, { "year", "--year" }, { "reason", "--reason" },
};

/* The command line's name of a record field (NUM, --due), or NULL. */
static const char *
cli_name(const char *field)
{
	for (size_t i = 0; i < sizeof(field_names) / sizeof(field_names[0]); i++)
		if (strcmp(field_names[i][0], field) == 0)
			return field_names[i][1];
	return NULL;
}

/*
 * The field as people read it: the catalogue's words for its command-line
 * name in the context "field" (« le numérateur » for NUM), else the name
 * itself (the English messages keep NUM, --due).
 */
const char *
agent_field_name(const char *field)
{
	const char *name = cli_name(field);

	return name != NULL ? cli_pgettext("field", name) : NULL;
}

/* "Le numérateur (NUM)" when translated, else "NUM"; into buf. */
static const char *
field_heading(const char *field, char *buf, size_t len)
{
	const char *name = cli_name(field), *words;

	if (name == NULL)
		return field;
	words = cli_pgettext("field", name);
	if (words == name)
		return name;
	snprintf(buf, len, "%s (%s)", words, name);
	if (buf[0] >= 'a' && buf[0] <= 'z')
		buf[0] = (char)(buf[0] - 'a' + 'A');
	return buf;
}

bool agent_forced;

rec_ctx
agent_rec_ctx(site *s, const char *by)
{
	rec_ctx c = { .site = s, .author = cli_author(by), .field_name = agent_field_name,
	              .force = agent_forced };

	return c;
}

/*
 * The module gives the reason; what to do next is the command line's own
 * word (a web page links to its page instead).
 */
static const char *
remedy_words(const rec_error *err, char *buf, size_t len)
{
	switch (err->remedy) {
	case REC_SEE_ACTIONS:
		snprintf(buf, len, _("%s ('qp-agent action list' shows them)"), err->message);
		return buf;
	case REC_SEE_CHECKS:
		snprintf(buf, len, _("%s ('qp-agent check list' shows them)"), err->message);
		return buf;
	case REC_REACTIVATE_CHECK:
		snprintf(buf, len, _("%s; reactivate it with 'qp-agent check set %s --active yes'"),
		         err->message, err->subject);
		return buf;
	case REC_REMEDY_NONE: break;
	}
	return err->message;
}

int
agent_rec_error(const cli_globals *g, const cli_command *cmd, const rec_error *err)
{
	char buf[160], said[REC_MESSAGE_MAX + 160];
	const char *name = err->field ? field_heading(err->field, buf, sizeof(buf)) : NULL;
	const char *why = remedy_words(err, said, sizeof(said));

	if (err->cls == REC_IMPLAUSIBLE) {
		/* The module gives the reason; how to record anyway is the
		 * command line's own word. */
		if (name != NULL)
			cli_error(g, _("%s: %s; add --force to record it anyway"), name,
			          why);
		else
			cli_error(g, _("%s; add --force to record it anyway"), why);
		return rec_exit_code(err->cls);
	}
	/* TRANSLATORS: a field, then what is wrong with it. */
	if (err->cls == REC_INPUT) {
		if (name != NULL)
			return cli_usage(g, cmd, _("%s: %s"), name, why);
		return cli_usage(g, cmd, "%s", why);
	}
	if (name != NULL)
		cli_error(g, _("%s: %s"), name, why);
	else
		cli_error(g, "%s", why);
	return rec_exit_code(err->cls);
}

int
agent_rec_finish(const cli_globals *g, const cli_command *cmd, site **s, int rc,
                 const rec_result *res, const rec_error *err)
{
	site_close(s);
	if (rc != 0)
		return agent_rec_error(g, cmd, err);
	/* Nothing is dropped without saying so (SPEC §11). */
	if (res->replaced != 0 && res->voided)
		printf(_("cancels seq %llu: %s\n"), (unsigned long long)res->replaced,
		       res->replaced_words);
	else if (res->replaced != 0)
		printf(_("replaces seq %llu: %s\n"), (unsigned long long)res->replaced,
		       res->replaced_words);
	printf(_("recorded: seq %llu\n"), (unsigned long long)res->seq);
	return EXIT_DONE;
}

const char *
agent_link_refusal(const char *stored)
{
	static const char old[] = "refused by the collector: ";

	if (strncmp(stored, AGENT_LINK_REFUSED, strlen(AGENT_LINK_REFUSED)) == 0)
		return stored + strlen(AGENT_LINK_REFUSED);
	if (strncmp(stored, old, strlen(old)) == 0)
		return stored + strlen(old);
	return NULL;
}

const char *
agent_link_text(const char *stored, bool people, char *buf, size_t len)
{
	const char *reason = agent_link_refusal(stored);

	if (reason == NULL)
		snprintf(buf, len, "%s", people && stored[0] ? _(stored) : stored);
	else if (people)
		snprintf(buf, len, _("refused by the collector: %s"),
		         cli_pgettext("refusal", reason));
	else
		snprintf(buf, len, "refused by the collector: %s", reason);
	return buf;
}
