/*
 * The record commands: indicators, checks, cleaning, actions, the annual
 * review and voids. Each parses and validates its arguments, builds one
 * event and writes it with agent_record(); what depends on the site's state
 * (does the check exist, the next action id) is checked inside the write
 * transaction, in a prepare function, so concurrent writers cannot race.
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
/*
 * Largest numerator or denominator: 2^53 - 1, the largest whole number
 * every JSON reader keeps exact (and far beyond any monthly count); above
 * 2^63 the JSON output would even turn negative.
 */
#define COUNT_MAX 9007199254740991ULL

/* Options every command parses the same way. */
#define OPT_BY { "by", required_argument, NULL, 'b' }
#define OPT_DATE { "date", required_argument, NULL, 'd' }
#define OPT_JSON { "json", no_argument, NULL, 'j' }
#define OPT_END { NULL, 0, NULL, 0 }

/*
 * A positional argument such as "-1" or "-1.5" looks like an option to
 * getopt, which would report an "unknown option" (or name the wrong
 * argument). Before parsing, finds the first one: returns its index among the
 * positional arguments (0 for the first) and sets *arg, or returns -1.
 */
static int
dash_number(int argc, char **argv, const struct option *opts, const char **arg)
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
static int
record_and_close(const cli_globals *g, site **s, Qp__Event *ev, bool want_ledger,
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

/* ------------------------------------------------------------ indicators */

int
cmd_indicator_set(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "comment", required_argument, NULL, 'c' }, OPT_BY, OPT_END,
	};
	Qp__Event ev = QP__EVENT__INIT;
	Qp__IndicatorValue iv = QP__INDICATOR_VALUE__INIT;
	Qp__CentralState *cs = NULL;
	const Qp__CatalogueEntry *entry;
	const char *comment = "", *by = NULL;
	unsigned long long num, den;
	char first_day[11];
	cal_period p;
	cal_day first, last;
	site *s = NULL;
	const char *neg;
	int ch, rc, e;

	switch (dash_number(argc, argv, opts, &neg)) {
	case -1: break;
	case 2: return cli_usage(g, cmd, "NUM: expected a whole number 0 or more, got \"%s\"", neg);
	case 3: return cli_usage(g, cmd, "DEN: expected a whole number 0 or more, got \"%s\"", neg);
	default: return cli_usage(g, cmd, "expected CODE PERIOD NUM DEN, got \"%s\"", neg);
	}
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'c': comment = optarg; break;
		case 'b': by = optarg; break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (argc - optind != 4)
		return cli_usage(g, cmd, "expected CODE PERIOD NUM DEN");
	argv += optind;
	if (!cli_parse_u64(argv[2], &num))
		return cli_usage(g, cmd, "NUM: expected a whole number 0 or more, got \"%s\"", argv[2]);
	if (!cli_parse_u64(argv[3], &den))
		return cli_usage(g, cmd, "DEN: expected a whole number 0 or more, got \"%s\"", argv[3]);
	if (num > COUNT_MAX)
		return cli_usage(g, cmd, "NUM: expected a whole number from 0 to %llu, got \"%s\"",
		                 COUNT_MAX, argv[2]);
	if (den > COUNT_MAX)
		return cli_usage(g, cmd, "DEN: expected a whole number from 0 to %llu, got \"%s\"",
		                 COUNT_MAX, argv[3]);
	if (num > den)
		return cli_usage(g, cmd, "NUM: must not exceed DEN (%llu > %llu)", num, den);
	if ((rc = agent_open(g, &s)) != 0)
		return rc;
	if ((e = site_central(s, &cs)) != 0) {
		cli_error(g, "cannot read the indicator catalogue: %s", qp_strerror(e));
		site_close(&s);
		return EXIT_RUNTIME;
	}
	entry = site_catalogue_entry(cs, argv[0]);
	if (entry == NULL) {
		fprintf(stderr, "qp-agent: error: CODE: unknown indicator \"%s\"; the catalogue has:", argv[0]);
		for (size_t i = 0; i < cs->n_catalogue; i++)
			fprintf(stderr, " %s", cs->catalogue[i]->code);
		fputc('\n', stderr);
		rc = EXIT_USAGE;
		goto out;
	}
	if (!domain_period_fits(entry->periodicity, argv[1])) {
		const char *form = strcmp(entry->periodicity, "month") == 0 ? "YYYY-MM" :
		                   strcmp(entry->periodicity, "quarter") == 0 ? "YYYY-Qn" : "YYYY";
		rc = cli_usage(g, cmd, "PERIOD: %s is measured per %s: expected %s, got \"%s\"",
		               entry->code, entry->periodicity, form, argv[1]);
		goto out;
	}
	if (cal_parse_period(argv[1], &p) != 0) {
		rc = EXIT_USAGE;
		goto out;
	}
	cal_period_bounds(&p, &first, &last);
	iv.code = argv[0];
	iv.period = argv[1];
	iv.numerator = num;
	iv.denominator = den;
	iv.comment = (char *)comment;
	ev.author = (char *)agent_author(by);
	ev.business_date = cal_format_date(first, first_day);
	ev.body_case = QP__EVENT__BODY_INDICATOR;
	ev.indicator = &iv;
	rc = record_and_close(g, &s, &ev, false, NULL, NULL, NULL);
out:
	codec_free((ProtobufCMessage **)&cs);
	site_close(&s);
	return rc;
}

static json_t *
rate_json(uint64_t num, uint64_t den)
{
	return den ? json_real((double)num / (double)den) : json_null();
}

int
cmd_indicator_list(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "year", required_argument, NULL, 'y' }, OPT_JSON, OPT_END,
	};
	const Qp__Event *const *evs;
	Qp__CentralState *cs = NULL;
	ledger *l = NULL;
	const char *year = NULL;
	unsigned long long y;
	bool json = false;
	site *s = NULL;
	size_t n;
	int ch, rc, e;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'y':
			if (!cli_parse_u64(optarg, &y) || strlen(optarg) != 4)
				return cli_usage(g, cmd, "--year: expected YYYY, got \"%s\"", optarg);
			year = optarg;
			break;
		case 'j': json = true; break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (optind != argc)
		return cli_usage(g, cmd, "unexpected argument '%s'", argv[optind]);
	if ((rc = agent_open(g, &s)) != 0)
		return rc;
	rc = EXIT_RUNTIME;
	if ((e = site_ledger(s, &l)) != 0 || (e = site_central(s, &cs)) != 0) {
		cli_error(g, "cannot read the store: %s", qp_strerror(e));
		goto out;
	}
	n = ledger_view(l, LEDGER_INDICATORS, &evs);
	if (json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++) {
			const Qp__IndicatorValue *iv = evs[i]->indicator;
			const Qp__CatalogueEntry *ce = site_catalogue_entry(cs, iv->code);
			json_t *o;
			if (year != NULL && strncmp(iv->period, year, 4) != 0)
				continue;
			o = codec_event_json(evs[i]);
			json_object_set_new(o, "rate", rate_json(iv->numerator, iv->denominator));
			json_object_set_new(o, "target", ce ? json_real(ce->target) : json_null());
			json_array_append_new(arr, o);
		}
		rc = cli_print_json(json_pack("{s:o}", "indicators", arr));
		goto out;
	} else {
		const char *hdr[] = { "indicateur", "période", "num", "dén", "taux",
		                      "cible", "", "seq", "commentaire" };
		cli_table *t = cli_table_new(9, hdr);
		for (size_t i = 0; i < n; i++) {
			const Qp__IndicatorValue *iv = evs[i]->indicator;
			const Qp__CatalogueEntry *ce = site_catalogue_entry(cs, iv->code);
			char num[24], den[24], rate[16], target[16], seq[24];
			const char *row[9];
			double r = iv->denominator ? (double)iv->numerator / (double)iv->denominator : -1;
			if (year != NULL && strncmp(iv->period, year, 4) != 0)
				continue;
			snprintf(num, sizeof(num), "%llu", (unsigned long long)iv->numerator);
			snprintf(den, sizeof(den), "%llu", (unsigned long long)iv->denominator);
			if (r >= 0)
				snprintf(rate, sizeof(rate), "%.1f %%", r * 100);
			else
				snprintf(rate, sizeof(rate), "-");
			if (ce)
				snprintf(target, sizeof(target), "%.0f %%", ce->target * 100);
			else
				snprintf(target, sizeof(target), "-");
			snprintf(seq, sizeof(seq), "%llu", (unsigned long long)evs[i]->seq);
			row[0] = iv->code;
			row[1] = iv->period;
			row[2] = num;
			row[3] = den;
			row[4] = rate;
			row[5] = target;
			row[6] = ce && r >= 0 ? (r >= ce->target ? "atteint" : "ÉCART") : "";
			row[7] = seq;
			row[8] = iv->comment;
			cli_table_add(t, row);
		}
		cli_table_print(t, stdout);
		cli_table_destroy(&t);
	}
	rc = EXIT_DONE;
out:
	codec_free((ProtobufCMessage **)&cs);
	ledger_destroy(&l);
	site_close(&s);
	return rc;
}

/* ---------------------------------------------------------------- checks */

struct check_change {
	bool add;
	const char *id, *label, *every, *engagement, *role, *since;
	int active;               /* -1 unchanged, 0 no, 1 yes */
	Qp__CheckDefinition def;
};

static int
prepare_check(site *s, store_txn *txn, ledger *l, Qp__Event *ev, void *ctx,
              char *err, size_t errlen)
{
	struct check_change *cc = ctx;
	const Qp__Event *cur = ledger_check(l, cc->id);

	(void)s;
	(void)txn;
	if (cc->add && cur != NULL) {
		snprintf(err, errlen, "ID: check \"%s\" already exists; change it with "
		         "'qp-agent check set %s'", cc->id, cc->id);
		return QP_EINVAL;
	}
	if (!cc->add && cur == NULL) {
		snprintf(err, errlen, "ID: unknown check \"%s\" ('qp-agent check list' "
		         "shows them)", cc->id);
		return QP_EINVAL;
	}
	qp__check_definition__init(&cc->def);
	if (cur != NULL) {
		const Qp__CheckDefinition *d = cur->check_definition;
		cc->def.label = d->label;
		cc->def.engagement = d->engagement;
		cc->def.periodicity = d->periodicity;
		cc->def.role = d->role;
		cc->def.active = d->active;
		cc->def.since = d->since;
	} else {
		cc->def.active = true;
	}
	cc->def.id = (char *)cc->id;
	if (cc->label) cc->def.label = (char *)cc->label;
	if (cc->every) cc->def.periodicity = (char *)cc->every;
	if (cc->engagement) cc->def.engagement = (char *)cc->engagement;
	if (cc->role) cc->def.role = (char *)cc->role;
	if (cc->since) cc->def.since = (char *)cc->since;
	if (cc->active >= 0) cc->def.active = cc->active;
	ev->business_date = cc->def.since;
	ev->body_case = QP__EVENT__BODY_CHECK_DEFINITION;
	ev->check_definition = &cc->def;
	return 0;
}

static int
check_define(const cli_globals *g, const cli_command *cmd, int argc, char **argv,
             bool add)
{
	static const struct option opts[] = {
		{ "label", required_argument, NULL, 'l' },
		{ "every", required_argument, NULL, 'e' },
		{ "engagement", required_argument, NULL, 'E' },
		{ "role", required_argument, NULL, 'r' },
		{ "since", required_argument, NULL, 's' },
		{ "active", required_argument, NULL, 'a' },
		OPT_BY, OPT_END,
	};
	struct check_change cc = { .add = add, .active = -1 };
	Qp__Event ev = QP__EVENT__INIT;
	const char *by = NULL, *since = NULL;
	char since_buf[11];
	site *s = NULL;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'l': cc.label = optarg; break;
		case 'e': cc.every = optarg; break;
		case 'E': cc.engagement = optarg; break;
		case 'r': cc.role = optarg; break;
		case 's': since = optarg; break;
		case 'a':
			if (add)
				return cli_usage(g, cmd, "unknown option '--active' (it belongs to "
				                 "'check set'; a new check is active)");
			if (strcmp(optarg, "yes") == 0)
				cc.active = 1;
			else if (strcmp(optarg, "no") == 0)
				cc.active = 0;
			else
				return cli_usage(g, cmd, "--active: expected yes or no, got \"%s\"", optarg);
			break;
		case 'b': by = optarg; break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (argc - optind != 1)
		return cli_usage(g, cmd, "expected one check ID");
	cc.id = argv[optind];
	if (!domain_check_id_valid(cc.id))
		return cli_usage(g, cmd, "ID: expected [a-z0-9-]{1,40}, got \"%s\"", cc.id);
	if (add && (cc.label == NULL || cc.every == NULL || cc.engagement == NULL))
		return cli_usage(g, cmd, "--label, --every and --engagement are required");
	if (cc.label != NULL && (cc.label[0] == '\0' || !domain_utf8_valid(cc.label, strlen(cc.label))))
		return cli_usage(g, cmd, "--label: expected non-empty UTF-8 text");
	if (cc.every != NULL && !domain_periodicity_valid(cc.every))
		return cli_usage(g, cmd, "--every: expected %s, got \"%s\"",
		                 DOMAIN_PERIODICITIES_TEXT, cc.every);
	if (cc.engagement != NULL && !domain_engagement_valid(cc.engagement))
		return cli_usage(g, cmd, "--engagement: expected %s, got \"%s\"",
		                 DOMAIN_ENGAGEMENTS_TEXT, cc.engagement);
	if (add || since != NULL) {
		if ((rc = agent_date_opt(g, cmd, "--since", since, since_buf)) != 0)
			return rc;
		cc.since = since_buf;
	}
	if (!add && cc.label == NULL && cc.every == NULL && cc.engagement == NULL &&
	    cc.role == NULL && cc.since == NULL && cc.active < 0)
		return cli_usage(g, cmd, "nothing to change: give at least one option");
	if ((rc = agent_open(g, &s)) != 0)
		return rc;
	ev.author = (char *)agent_author(by);
	return record_and_close(g, &s, &ev, true, prepare_check, &cc, NULL);
}

int
cmd_check_add(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	return check_define(g, cmd, argc, argv, true);
}

int
cmd_check_set(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	return check_define(g, cmd, argc, argv, false);
}

static int
prepare_run(site *s, store_txn *txn, ledger *l, Qp__Event *ev, void *ctx,
            char *err, size_t errlen)
{
	const Qp__Event *cur = ledger_check(l, ev->check_run->check_id);

	(void)s;
	(void)txn;
	(void)ctx;
	if (cur == NULL) {
		snprintf(err, errlen, "ID: unknown check \"%s\" ('qp-agent check list' "
		         "shows them)", ev->check_run->check_id);
		return QP_EINVAL;
	}
	if (!cur->check_definition->active) {
		snprintf(err, errlen, "ID: check \"%s\" is not active; reactivate it with "
		         "'qp-agent check set %s --active yes'", cur->check_definition->id,
		         cur->check_definition->id);
		return QP_EINVAL;
	}
	return 0;
}

int
cmd_check_run(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "result", required_argument, NULL, 'r' },
		{ "comment", required_argument, NULL, 'c' },
		OPT_DATE, OPT_BY, OPT_END,
	};
	Qp__Event ev = QP__EVENT__INIT;
	Qp__CheckRun run = QP__CHECK_RUN__INIT;
	const char *by = NULL, *date = NULL, *result = NULL, *comment = "";
	char date_buf[11];
	site *s = NULL;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'r': result = optarg; break;
		case 'c': comment = optarg; break;
		case 'd': date = optarg; break;
		case 'b': by = optarg; break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (argc - optind != 1)
		return cli_usage(g, cmd, "expected one check ID");
	if (!domain_check_id_valid(argv[optind]))
		return cli_usage(g, cmd, "ID: expected [a-z0-9-]{1,40}, got \"%s\"", argv[optind]);
	if (result == NULL)
		return cli_usage(g, cmd, "--result is required (ok, ko or na)");
	if (!domain_result_valid(result))
		return cli_usage(g, cmd, "--result: expected ok, ko or na, got \"%s\"", result);
	if ((rc = agent_date_opt(g, cmd, "--date", date, date_buf)) != 0)
		return rc;
	if ((rc = agent_open(g, &s)) != 0)
		return rc;
	run.check_id = argv[optind];
	run.date = date_buf;
	run.result = (char *)result;
	run.comment = (char *)comment;
	ev.author = (char *)agent_author(by);
	ev.business_date = date_buf;
	ev.body_case = QP__EVENT__BODY_CHECK_RUN;
	ev.check_run = &run;
	rc = record_and_close(g, &s, &ev, true, prepare_run, NULL, NULL);
	if (rc == EXIT_DONE && strcmp(result, "ko") == 0)
		fprintf(stderr, "qp-agent: a failed check calls for a corrective action: "
		        "qp-agent action add --source periodic-check ...\n");
	return rc;
}

/* The latest non-voided run date of a check, or "". */
static const char *
last_run(ledger *l, const char *id)
{
	const Qp__Event *const *runs;
	size_t n = ledger_view(l, LEDGER_CHECK_RUNS, &runs);
	const char *best = "";

	for (size_t i = 0; i < n; i++)
		if (strcmp(runs[i]->check_run->check_id, id) == 0 &&
		    strcmp(runs[i]->check_run->date, best) > 0)
			best = runs[i]->check_run->date;
	return best;
}

static const char *
periodicity_fr(const char *p)
{
	static const char *const map[][2] = {
		{ "daily", "quotidienne" }, { "weekly", "hebdomadaire" },
		{ "monthly", "mensuelle" }, { "quarterly", "trimestrielle" },
		{ "semiannual", "semestrielle" }, { "annual", "annuelle" },
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(map[i][0], p) == 0)
			return map[i][1];
	return p;
}

static int
json_only(const cli_globals *g, const cli_command *cmd, int argc, char **argv,
          bool *json, const char **date)
{
	static const struct option opts[] = { OPT_JSON, OPT_DATE, OPT_END };
	int ch;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch == 'j')
			*json = true;
		else if (ch == 'd' && date != NULL)
			*date = optarg;
		else
			return cli_unknown_option(g, cmd, argv);
	}
	if (optind != argc)
		return cli_usage(g, cmd, "unexpected argument '%s'", argv[optind]);
	return 0;
}

int
cmd_check_list(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	const Qp__Event *const *evs;
	ledger *l = NULL;
	bool json = false;
	site *s = NULL;
	size_t n;
	int rc, e;

	if ((rc = json_only(g, cmd, argc, argv, &json, NULL)) != 0)
		return rc;
	if ((rc = agent_open(g, &s)) != 0)
		return rc;
	if ((e = site_ledger(s, &l)) != 0) {
		cli_error(g, "cannot read the store: %s", qp_strerror(e));
		site_close(&s);
		return EXIT_RUNTIME;
	}
	n = ledger_view(l, LEDGER_CHECKS, &evs);
	if (json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++) {
			json_t *o = codec_event_json(evs[i]);
			const char *lr = last_run(l, evs[i]->check_definition->id);
			json_object_set_new(o, "last_run", lr[0] ? json_string(lr) : json_null());
			json_array_append_new(arr, o);
		}
		rc = cli_print_json(json_pack("{s:o}", "checks", arr));
	} else {
		const char *hdr[] = { "vérification", "périodicité", "engagement",
		                      "rôle", "active", "depuis", "dernier passage", "libellé" };
		cli_table *t = cli_table_new(8, hdr);
		for (size_t i = 0; i < n; i++) {
			const Qp__CheckDefinition *d = evs[i]->check_definition;
			const char *row[8] = {
				d->id, periodicity_fr(d->periodicity), d->engagement, d->role,
				d->active ? "oui" : "non", d->since, last_run(l, d->id), d->label,
			};
			cli_table_add(t, row);
		}
		cli_table_print(t, stdout);
		cli_table_destroy(&t);
		rc = EXIT_DONE;
	}
	ledger_destroy(&l);
	site_close(&s);
	return rc;
}

struct due_ctx {
	const Qp__CheckDefinition *def;
	json_t *arr;
	cli_table *t;
	unsigned missed;
};

static void
due_window(cal_day first, cal_day last, unsigned runs, void *arg)
{
	struct due_ctx *dc = arg;
	char a[11], b[11];

	if (runs > 0)
		return;
	dc->missed++;
	cal_format_date(first, a);
	cal_format_date(last, b);
	if (dc->arr != NULL) {
		json_array_append_new(dc->arr, json_pack("{s:s, s:s, s:s, s:s, s:s}",
		                      "check", dc->def->id, "periodicity", dc->def->periodicity,
		                      "from", a, "to", b, "label", dc->def->label));
	} else {
		const char *row[5] = { dc->def->id, periodicity_fr(dc->def->periodicity),
		                       a, b, dc->def->label };
		cli_table_add(dc->t, row);
	}
}

int
cmd_check_due(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	const Qp__Event *const *evs;
	const char *date = NULL;
	ledger *l = NULL;
	char date_buf[11];
	struct due_ctx dc = { 0 };
	cal_day as_of;
	int y, m, d;
	bool json = false;
	site *s = NULL;
	size_t n;
	int rc, e;

	if ((rc = json_only(g, cmd, argc, argv, &json, &date)) != 0)
		return rc;
	if ((rc = agent_date_opt(g, cmd, "--date", date, date_buf)) != 0)
		return rc;
	if (cal_parse_date(date_buf, &as_of) != 0)
		return EXIT_USAGE;
	cal_to_ymd(as_of, &y, &m, &d);
	if ((rc = agent_open(g, &s)) != 0)
		return rc;
	rc = EXIT_RUNTIME;
	if ((e = site_ledger(s, &l)) != 0) {
		cli_error(g, "cannot read the store: %s", qp_strerror(e));
		goto out;
	}
	if (json) {
		dc.arr = json_array();
	} else {
		const char *hdr[] = { "vérification", "périodicité", "du", "au", "libellé" };
		dc.t = cli_table_new(5, hdr);
	}
	n = ledger_view(l, LEDGER_CHECKS, &evs);
	for (size_t i = 0; i < n; i++) {
		if (!evs[i]->check_definition->active)
			continue;
		dc.def = evs[i]->check_definition;
		if ((e = ledger_check_windows(l, evs[i], y, as_of, due_window, &dc)) != 0) {
			cli_error(g, "check %s: %s", dc.def->id, qp_strerror(e));
			goto out;
		}
	}
	if (json) {
		rc = cli_print_json(json_pack("{s:s, s:o}", "date", date_buf, "due", dc.arr));
		dc.arr = NULL;
	} else {
		if (dc.missed == 0)
			printf("Aucune vérification en retard au %s.\n", date_buf);
		else
			cli_table_print(dc.t, stdout);
		rc = EXIT_DONE;
	}
out:
	json_decref(dc.arr);
	cli_table_destroy(&dc.t);
	ledger_destroy(&l);
	site_close(&s);
	return rc;
}

/* -------------------------------------------------------------- cleaning */

int
cmd_clean_sign(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "zone", required_argument, NULL, 'z' },
		{ "at", required_argument, NULL, 'a' },
		OPT_BY, OPT_END,
	};
	Qp__Event ev = QP__EVENT__INIT;
	Qp__CleaningSignoff so = QP__CLEANING_SIGNOFF__INIT;
	const char *zone = NULL, *at = NULL, *by = NULL;
	char at_buf[CAL_TEXT_MAX], day_buf[11];
	int64_t when;
	site *s = NULL;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'z': zone = optarg; break;
		case 'a': at = optarg; break;
		case 'b': by = optarg; break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (optind != argc)
		return cli_usage(g, cmd, "unexpected argument '%s'", argv[optind]);
	if (zone == NULL || by == NULL)
		return cli_usage(g, cmd, "--zone and --by (who cleaned) are required");
	if (!domain_zone_valid(zone))
		return cli_usage(g, cmd, "--zone: expected [a-z0-9-]{1,40} (e.g. %s, accueil), "
		                 "got \"%s\"", DOMAIN_TOILET_ZONE, zone);
	if (by[0] == '\0' || !domain_utf8_valid(by, strlen(by)))
		return cli_usage(g, cmd, "--by: expected the name of who cleaned");
	if (at == NULL)
		when = site_now_ms();
	else if (cal_parse_datetime(at, &when) != 0)
		return cli_usage(g, cmd, "--at: expected a date-time YYYY-MM-DDTHH:MM[:SS] "
		                 "(Paris time, or with Z or +HH:MM), got \"%s\"", at);
	if ((rc = agent_open(g, &s)) != 0)
		return rc;
	so.zone = (char *)zone;
	so.at = cal_format_datetime(when, at_buf);
	so.cleaner = (char *)by;
	ev.author = (char *)by;
	ev.business_date = cal_format_date(cal_paris_day(when), day_buf);
	ev.body_case = QP__EVENT__BODY_CLEANING_SIGNOFF;
	ev.cleaning_signoff = &so;
	return record_and_close(g, &s, &ev, false, NULL, NULL, NULL);
}

#define MAX_ZONES 32

int
cmd_clean_eval(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "quarter", required_argument, NULL, 'q' },
		{ "score", required_argument, NULL, 's' },
		{ "comment", required_argument, NULL, 'c' },
		OPT_BY, OPT_END,
	};
	Qp__Event ev = QP__EVENT__INIT;
	Qp__CleaningEvaluation ce = QP__CLEANING_EVALUATION__INIT;
	Qp__ZoneScore zs[MAX_ZONES], *zp[MAX_ZONES];
	char zones[MAX_ZONES][41], first_day[11];
	const char *quarter = NULL, *comment = "", *by = NULL;
	size_t nz = 0;
	cal_period p;
	cal_day first, last;
	site *s = NULL;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'q': quarter = optarg; break;
		case 'c': comment = optarg; break;
		case 'b': by = optarg; break;
		case 's': {
			const char *eq = strchr(optarg, '=');
			unsigned long long v;
			size_t zl = eq ? (size_t)(eq - optarg) : 0;
			if (eq == NULL || zl == 0 || zl > 40)
				return cli_usage(g, cmd, "--score: expected ZONE=0..100, got \"%s\"", optarg);
			if (nz == MAX_ZONES)
				return cli_usage(g, cmd, "--score: at most %d zones", MAX_ZONES);
			memcpy(zones[nz], optarg, zl);
			zones[nz][zl] = '\0';
			if (!domain_zone_valid(zones[nz]))
				return cli_usage(g, cmd, "--score: zone expected [a-z0-9-]{1,40}, got \"%s\"",
				                 zones[nz]);
			if (!cli_parse_u64(eq + 1, &v) || v > 100)
				return cli_usage(g, cmd, "--score: %s expected a score 0..100, got \"%s\"",
				                 zones[nz], eq + 1);
			for (size_t i = 0; i < nz; i++)
				if (strcmp(zones[i], zones[nz]) == 0)
					return cli_usage(g, cmd, "--score: zone %s given twice", zones[nz]);
			qp__zone_score__init(&zs[nz]);
			zs[nz].zone = zones[nz];
			zs[nz].score = (uint32_t)v;
			zp[nz] = &zs[nz];
			nz++;
			break;
		}
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (optind != argc)
		return cli_usage(g, cmd, "unexpected argument '%s'", argv[optind]);
	if (quarter == NULL || nz == 0)
		return cli_usage(g, cmd, "--quarter and at least one --score are required");
	if (cal_parse_period(quarter, &p) != 0 || p.kind != CAL_QUARTER)
		return cli_usage(g, cmd, "--quarter: expected YYYY-Qn (n = 1..4), got \"%s\"", quarter);
	if ((rc = agent_open(g, &s)) != 0)
		return rc;
	cal_period_bounds(&p, &first, &last);
	ce.quarter = (char *)quarter;
	ce.n_scores = nz;
	ce.scores = zp;
	ce.comment = (char *)comment;
	ev.author = (char *)agent_author(by);
	ev.business_date = cal_format_date(last, first_day);
	ev.body_case = QP__EVENT__BODY_CLEANING_EVALUATION;
	ev.cleaning_evaluation = &ce;
	return record_and_close(g, &s, &ev, false, NULL, NULL, NULL);
}

int
cmd_clean_list(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "from", required_argument, NULL, 'f' },
		{ "to", required_argument, NULL, 't' },
		OPT_JSON, OPT_END,
	};
	const Qp__Event *const *evs;
	cal_day from = INT32_MIN, to = INT32_MAX, d;
	ledger *l = NULL;
	bool json = false;
	json_t *signs = NULL, *evals = NULL;
	site *s = NULL;
	size_t n;
	int ch, rc, e;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			if (cal_parse_date(optarg, &from) != 0)
				return cli_usage(g, cmd, "--from: expected YYYY-MM-DD, got \"%s\"", optarg);
			break;
		case 't':
			if (cal_parse_date(optarg, &to) != 0)
				return cli_usage(g, cmd, "--to: expected YYYY-MM-DD, got \"%s\"", optarg);
			break;
		case 'j': json = true; break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (optind != argc)
		return cli_usage(g, cmd, "unexpected argument '%s'", argv[optind]);
	if ((rc = agent_open(g, &s)) != 0)
		return rc;
	if ((e = site_ledger(s, &l)) != 0) {
		cli_error(g, "cannot read the store: %s", qp_strerror(e));
		site_close(&s);
		return EXIT_RUNTIME;
	}
	signs = json_array();
	evals = json_array();
	n = ledger_view(l, LEDGER_SIGNOFFS, &evs);
	for (size_t i = 0; i < n; i++) {
		int64_t t;
		if (cal_parse_datetime(evs[i]->cleaning_signoff->at, &t) != 0)
			continue;
		d = cal_paris_day(t);
		if (d >= from && d <= to)
			json_array_append_new(signs, codec_event_json(evs[i]));
	}
	n = ledger_view(l, LEDGER_EVALUATIONS, &evs);
	for (size_t i = 0; i < n; i++) {
		cal_period p;
		cal_day a, b;
		if (cal_parse_period(evs[i]->cleaning_evaluation->quarter, &p) != 0)
			continue;
		cal_period_bounds(&p, &a, &b);
		if (b >= from && a <= to)
			json_array_append_new(evals, codec_event_json(evs[i]));
	}
	if (json) {
		rc = cli_print_json(json_pack("{s:o, s:o}", "signoffs", signs,
		                              "evaluations", evals));
	} else {
		const char *h1[] = { "quand", "zone", "par", "seq" };
		const char *h2[] = { "trimestre", "note", "zones", "seq" };
		cli_table *t = cli_table_new(4, h1);
		size_t i;
		json_t *o;
		printf("Émargements\n");
		json_array_foreach(signs, i, o) {
			const char *row[4] = {
				json_string_value(json_object_get(o, "at")),
				json_string_value(json_object_get(o, "zone")),
				json_string_value(json_object_get(o, "cleaner")),
				NULL,
			};
			char seq[24];
			snprintf(seq, sizeof(seq), "%lld", (long long)json_integer_value(json_object_get(o, "seq")));
			row[3] = seq;
			cli_table_add(t, row);
		}
		cli_table_print(t, stdout);
		cli_table_destroy(&t);
		printf("\nÉvaluations trimestrielles\n");
		t = cli_table_new(4, h2);
		json_array_foreach(evals, i, o) {
			json_t *sc = json_object_get(o, "scores"), *v;
			const char *z;
			char zones[512] = "", mean[16], seq[24];
			double sum = 0;
			size_t nz = 0, off = 0;
			json_object_foreach(sc, z, v) {
				int w = snprintf(zones + off, sizeof(zones) - off, "%s%s=%lld",
				                 nz ? " " : "", z, (long long)json_integer_value(v));
				if (w > 0 && (size_t)w < sizeof(zones) - off)
					off += (size_t)w;
				sum += (double)json_integer_value(v);
				nz++;
			}
			snprintf(mean, sizeof(mean), "%.1f", nz ? sum / (double)nz : 0.0);
			snprintf(seq, sizeof(seq), "%lld", (long long)json_integer_value(json_object_get(o, "seq")));
			const char *row[4] = { json_string_value(json_object_get(o, "quarter")),
			                       mean, zones, seq };
			cli_table_add(t, row);
		}
		cli_table_print(t, stdout);
		cli_table_destroy(&t);
		json_decref(signs);
		json_decref(evals);
		rc = EXIT_DONE;
	}
	ledger_destroy(&l);
	site_close(&s);
	return rc;
}

/* --------------------------------------------------------------- actions */

struct action_change {
	const char *id;           /* NULL for add */
	const char *title, *engagement, *source, *owner, *due, *status, *note, *date;
	char id_buf[24];
	Qp__Action a;
};

static int
prepare_action(site *s, store_txn *txn, ledger *l, Qp__Event *ev, void *ctx,
               char *err, size_t errlen)
{
	struct action_change *ac = ctx;
	int e;

	(void)s;
	qp__action__init(&ac->a);
	if (ac->id == NULL) {
		/* A new id, given inside the transaction so concurrent adds differ. */
		uint64_t n;
		if ((e = site_meta_get(txn, META_NEXT_ACTION, &n)) != 0)
			return e;
		if (n == 0)
			n = 1;
		snprintf(ac->id_buf, sizeof(ac->id_buf), "A-%llu", (unsigned long long)n);
		if ((e = site_meta_put(txn, META_NEXT_ACTION, n + 1)) != 0)
			return e;
		ac->a.id = ac->id_buf;
		ac->a.status = (char *)"todo";
		ac->a.opened_on = (char *)ac->date;
		ac->a.status_date = (char *)ac->date;
	} else {
		const Qp__Event *cur = ledger_action(l, ac->id);
		if (cur == NULL) {
			snprintf(err, errlen, "ID: unknown action \"%s\" ('qp-agent action list' "
			         "shows them)", ac->id);
			return QP_EINVAL;
		}
		ac->a = *cur->action;
		ac->a.id = (char *)ac->id;
		if (ac->status != NULL && strcmp(ac->status, cur->action->status) != 0)
			ac->a.status_date = (char *)ac->date;
	}
	if (ac->title) ac->a.title = (char *)ac->title;
	if (ac->engagement) ac->a.engagement = (char *)ac->engagement;
	if (ac->source) ac->a.source = (char *)ac->source;
	if (ac->owner) ac->a.owner = (char *)ac->owner;
	if (ac->due) ac->a.due = (char *)ac->due;
	if (ac->status) ac->a.status = (char *)ac->status;
	if (ac->note) ac->a.note = (char *)ac->note;
	ev->business_date = (char *)ac->date;
	ev->body_case = QP__EVENT__BODY_ACTION;
	ev->action = &ac->a;
	return 0;
}

static int
action_write(const cli_globals *g, const cli_command *cmd, int argc, char **argv,
             bool add)
{
	static const struct option opts[] = {
		{ "title", required_argument, NULL, 't' },
		{ "engagement", required_argument, NULL, 'E' },
		{ "source", required_argument, NULL, 's' },
		{ "owner", required_argument, NULL, 'o' },
		{ "due", required_argument, NULL, 'u' },
		{ "status", required_argument, NULL, 'S' },
		{ "note", required_argument, NULL, 'n' },
		OPT_DATE, OPT_BY, OPT_END,
	};
	struct action_change ac = { 0 };
	Qp__Event ev = QP__EVENT__INIT;
	const char *by = NULL, *date = NULL;
	char date_buf[11], due_buf[11];
	cal_day d;
	site *s = NULL;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 't': ac.title = optarg; break;
		case 'E': ac.engagement = optarg; break;
		case 's': ac.source = optarg; break;
		case 'o': ac.owner = optarg; break;
		case 'u': ac.due = optarg; break;
		case 'S':
			if (add)
				return cli_usage(g, cmd, "unknown option '--status' (it belongs to "
				                 "'action update'; a new action is todo)");
			ac.status = optarg;
			break;
		case 'n': ac.note = optarg; break;
		case 'd': date = optarg; break;
		case 'b': by = optarg; break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (add) {
		if (optind != argc)
			return cli_usage(g, cmd, "unexpected argument '%s'", argv[optind]);
		if (ac.title == NULL || ac.engagement == NULL || ac.source == NULL)
			return cli_usage(g, cmd, "--title, --engagement and --source are required");
	} else {
		if (argc - optind != 1)
			return cli_usage(g, cmd, "expected one action ID (A-<n>)");
		ac.id = argv[optind];
		if (!domain_action_id_valid(ac.id))
			return cli_usage(g, cmd, "ID: expected A-<n>, got \"%s\"", ac.id);
		if (!ac.title && !ac.engagement && !ac.source && !ac.owner && !ac.due &&
		    !ac.status && !ac.note)
			return cli_usage(g, cmd, "nothing to change: give at least one option");
	}
	if (ac.title != NULL && (ac.title[0] == '\0' || !domain_utf8_valid(ac.title, strlen(ac.title))))
		return cli_usage(g, cmd, "--title: expected non-empty UTF-8 text");
	if (ac.engagement != NULL && !domain_engagement_valid(ac.engagement))
		return cli_usage(g, cmd, "--engagement: expected %s, got \"%s\"",
		                 DOMAIN_ENGAGEMENTS_TEXT, ac.engagement);
	if (ac.source != NULL && !domain_action_source_valid(ac.source))
		return cli_usage(g, cmd, "--source: expected %s, got \"%s\"",
		                 DOMAIN_SOURCES_TEXT, ac.source);
	if (ac.status != NULL && !domain_action_status_valid(ac.status))
		return cli_usage(g, cmd, "--status: expected %s, got \"%s\"",
		                 DOMAIN_STATUSES_TEXT, ac.status);
	if (ac.due != NULL && ac.due[0] != '\0') {
		if (cal_parse_date(ac.due, &d) != 0)
			return cli_usage(g, cmd, "--due: expected a date YYYY-MM-DD, got \"%s\"", ac.due);
		ac.due = cal_format_date(d, due_buf);
	}
	if ((rc = agent_date_opt(g, cmd, "--date", date, date_buf)) != 0)
		return rc;
	ac.date = date_buf;
	if ((rc = agent_open(g, &s)) != 0)
		return rc;
	ev.author = (char *)agent_author(by);
	rc = record_and_close(g, &s, &ev, !add, prepare_action, &ac, NULL);
	if (rc == EXIT_DONE && add)
		printf("%s\n", ac.id_buf);
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
	static const struct option opts[] = {
		{ "comment", required_argument, NULL, 'c' }, OPT_DATE, OPT_BY, OPT_END,
	};
	Qp__Event ev = QP__EVENT__INIT;
	Qp__ActionReview ar = QP__ACTION_REVIEW__INIT;
	const char *by = NULL, *date = NULL, *comment = "";
	char date_buf[11];
	site *s = NULL;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'c': comment = optarg; break;
		case 'd': date = optarg; break;
		case 'b': by = optarg; break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (optind != argc)
		return cli_usage(g, cmd, "unexpected argument '%s'", argv[optind]);
	if ((rc = agent_date_opt(g, cmd, "--date", date, date_buf)) != 0)
		return rc;
	if ((rc = agent_open(g, &s)) != 0)
		return rc;
	ar.date = date_buf;
	ar.comment = (char *)comment;
	ev.author = (char *)agent_author(by);
	ev.business_date = date_buf;
	ev.body_case = QP__EVENT__BODY_ACTION_REVIEW;
	ev.action_review = &ar;
	return record_and_close(g, &s, &ev, false, NULL, NULL, NULL);
}

static const char *
status_fr(const char *s)
{
	if (strcmp(s, "todo") == 0) return "à faire";
	if (strcmp(s, "doing") == 0) return "en cours";
	if (strcmp(s, "done") == 0) return "réalisée";
	if (strcmp(s, "dropped") == 0) return "abandonnée";
	return s;
}

/* Open (todo or doing) with a due date before `today`. */
static bool
overdue(const Qp__Action *a, const char *today)
{
	return (strcmp(a->status, "todo") == 0 || strcmp(a->status, "doing") == 0) &&
	       a->due[0] != '\0' && strcmp(a->due, today) < 0;
}

int
cmd_action_list(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "status", required_argument, NULL, 's' },
		{ "overdue", no_argument, NULL, 'o' },
		OPT_DATE, OPT_JSON, OPT_END,
	};
	const Qp__Event *const *evs;
	const char *status = NULL, *date = NULL;
	char date_buf[11];
	bool json = false, only_overdue = false;
	ledger *l = NULL;
	json_t *arr;
	cli_table *t = NULL;
	site *s = NULL;
	size_t n;
	int ch, rc, e;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 's':
			if (!domain_action_status_valid(optarg))
				return cli_usage(g, cmd, "--status: expected %s, got \"%s\"",
				                 DOMAIN_STATUSES_TEXT, optarg);
			status = optarg;
			break;
		case 'o': only_overdue = true; break;
		case 'd': date = optarg; break;
		case 'j': json = true; break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (optind != argc)
		return cli_usage(g, cmd, "unexpected argument '%s'", argv[optind]);
	if ((rc = agent_date_opt(g, cmd, "--date", date, date_buf)) != 0)
		return rc;
	if ((rc = agent_open(g, &s)) != 0)
		return rc;
	if ((e = site_ledger(s, &l)) != 0) {
		cli_error(g, "cannot read the store: %s", qp_strerror(e));
		site_close(&s);
		return EXIT_RUNTIME;
	}
	arr = json_array();
	if (!json) {
		const char *hdr[] = { "action", "statut", "échéance", "", "engagement",
		                      "origine", "responsable", "ouverte le", "intitulé" };
		t = cli_table_new(9, hdr);
	}
	n = ledger_view(l, LEDGER_ACTIONS, &evs);
	for (size_t i = 0; i < n; i++) {
		const Qp__Action *a = evs[i]->action;
		bool late = overdue(a, date_buf);
		if (status != NULL && strcmp(a->status, status) != 0)
			continue;
		if (only_overdue && !late)
			continue;
		if (json) {
			json_t *o = codec_event_json(evs[i]);
			json_object_set_new(o, "overdue", json_boolean(late));
			json_array_append_new(arr, o);
		} else {
			const char *row[9] = { a->id, status_fr(a->status), a->due,
			                       late ? "EN RETARD" : "", a->engagement, a->source,
			                       a->owner, a->opened_on, a->title };
			cli_table_add(t, row);
		}
	}
	if (json) {
		rc = cli_print_json(json_pack("{s:s, s:o}", "date", date_buf, "actions", arr));
	} else {
		cli_table_print(t, stdout);
		json_decref(arr);
		rc = EXIT_DONE;
	}
	cli_table_destroy(&t);
	ledger_destroy(&l);
	site_close(&s);
	return rc;
}

/* --------------------------------------------------------- annual review */

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
	rc = record_and_close(g, &s, &ev, false, NULL, NULL, NULL);
	free(text);
	return rc;
}

/* ------------------------------------------------------------------ void */

static int
prepare_void(site *s, store_txn *txn, ledger *l, Qp__Event *ev, void *ctx,
             char *err, size_t errlen)
{
	uint64_t target = ev->void_->seq;
	const Qp__Event *t;

	(void)s;
	(void)txn;
	(void)ctx;
	if (target == 0 || target >= ev->seq) {
		snprintf(err, errlen, "SEQ: no record %llu (the last is %llu)",
		         (unsigned long long)target, (unsigned long long)(ev->seq - 1));
		return QP_EINVAL;
	}
	t = ledger_find(l, target);
	if (t == NULL) {
		snprintf(err, errlen, "SEQ: no record %llu in this site's history",
		         (unsigned long long)target);
		return QP_EINVAL;
	}
	if (t->body_case == QP__EVENT__BODY_VOID) {
		snprintf(err, errlen, "SEQ: record %llu is itself a void; record the value "
		         "again instead", (unsigned long long)target);
		return QP_EINVAL;
	}
	if (ledger_voided(l, target)) {
		snprintf(err, errlen, "SEQ: record %llu is already void",
		         (unsigned long long)target);
		return QP_EINVAL;
	}
	return 0;
}

int
cmd_void(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "reason", required_argument, NULL, 'r' }, OPT_BY, OPT_END,
	};
	Qp__Event ev = QP__EVENT__INIT;
	Qp__Void v = QP__VOID__INIT;
	const char *reason = NULL, *by = NULL;
	unsigned long long seq;
	char today[11];
	site *s = NULL;
	const char *neg;
	int ch, rc;

	if (dash_number(argc, argv, opts, &neg) >= 0)
		return cli_usage(g, cmd, "SEQ: expected a record number 1 or more, got \"%s\"", neg);
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'r': reason = optarg; break;
		case 'b': by = optarg; break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (argc - optind != 1)
		return cli_usage(g, cmd, "expected the SEQ of the record to void");
	if (!cli_parse_u64(argv[optind], &seq) || seq == 0)
		return cli_usage(g, cmd, "SEQ: expected a record number 1 or more, got \"%s\"",
		                 argv[optind]);
	if (reason == NULL || reason[0] == '\0' || !domain_utf8_valid(reason, strlen(reason)))
		return cli_usage(g, cmd, "--reason is required: say why the record stops counting");
	if ((rc = agent_open(g, &s)) != 0)
		return rc;
	v.seq = seq;
	v.reason = (char *)reason;
	ev.author = (char *)agent_author(by);
	ev.business_date = agent_today(today);
	ev.body_case = QP__EVENT__BODY_VOID;
	ev.void_ = &v;
	return record_and_close(g, &s, &ev, true, prepare_void, NULL, NULL);
}
