/*
 * planning: the quality planning received from central services.
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
#include "i18n.h"

static int
cmp_planning(const void *a, const void *b)
{
	const Qp__PlanningEvent *x = *(const Qp__PlanningEvent *const *)a;
	const Qp__PlanningEvent *y = *(const Qp__PlanningEvent *const *)b;
	int c = strcmp(x->date, y->date);

	return c ? c : strcmp(x->uid, y->uid);
}

int
cmd_planning(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "year", required_argument, NULL, 'y' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	Qp__CentralState *cs = NULL;
	const Qp__PlanningEvent **mine = NULL;
	size_t n = 0;
	unsigned long long year;
	int y;
	char today[11];
	bool json = false, have_year = false;
	site *s = NULL;
	int ch, rc, e;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'y':
			if ((rc = cli_parse_year(g, cmd, optarg, &y)) != 0)
				return rc;
			year = (unsigned long long)y;
			have_year = true;
			break;
		case 'j': json = true; break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (optind != argc)
		return cli_usage(g, cmd, _("unexpected argument '%s'"), argv[optind]);
	if (!have_year)
		year = strtoull(agent_today(today), NULL, 10);
	if ((rc = agent_open(g, &s)) != 0)
		return rc;
	rc = EXIT_RUNTIME;
	if ((e = site_central(s, &cs)) != 0 && e != QP_ENOTFOUND) {
		cli_error(g, _("cannot read the central state: %s"), qp_errtext(e));
		goto out;
	}
	for (size_t p = 0; cs != NULL && p < cs->n_plannings; p++) {
		const Qp__Planning *pl = cs->plannings[p];
		if (pl->year != year)
			continue;
		mine = calloc(pl->n_events ? pl->n_events : 1, sizeof(*mine));
		if (mine == NULL)
			goto out;
		/* Central events and this site's, never another site's. */
		for (size_t i = 0; i < pl->n_events; i++)
			if (strcmp(pl->events[i]->scope, DOMAIN_SCOPE_CENTRAL) == 0 ||
			    strcmp(pl->events[i]->scope, s->cfg.site) == 0)
				mine[n++] = pl->events[i];
		break;
	}
	if (n > 1)
		qsort(mine, n, sizeof(*mine), cmp_planning);
	if (json) {
		json_t *o = json_object(), *evs = json_array();
		json_object_set_new(o, "year", json_integer((json_int_t)year));
		json_object_set_new(o, "version", json_integer(cs ? (json_int_t)cs->version : 0));
		for (size_t i = 0; i < n; i++)
			json_array_append_new(evs, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}",
			                      "uid", mine[i]->uid, "date", mine[i]->date,
			                      "scope", mine[i]->scope, "kind", mine[i]->kind,
			                      "title", mine[i]->title,
			                      "description", mine[i]->description));
		json_object_set_new(o, "events", evs);
		rc = cli_print_json(o);
		goto out;
	}
	if (n == 0) {
		printf(_("No %llu planning received from the central services.\n"), year);
	} else {
		const char *hdr[] = { "date", "portée", "événement" };
		cli_table *t = cli_table_new(3, hdr);
		for (size_t i = 0; i < n; i++) {
			char fr[11];
			cal_day d;
			const char *row[3];
			if (cal_parse_date(mine[i]->date, &d) == 0)
				cal_format_date_fr(d, fr);
			else
				snprintf(fr, sizeof(fr), "?");
			row[0] = fr;
			row[1] = mine[i]->scope;
			row[2] = mine[i]->title;
			cli_table_add(t, row);
		}
		cli_table_print(t, stdout);
		cli_table_destroy(&t);
	}
	rc = EXIT_DONE;
out:
	free(mine);
	codec_free((ProtobufCMessage **)&cs);
	site_close(&s);
	return rc;
}
