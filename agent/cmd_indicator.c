/*
 * indicator set, indicator list: monthly indicator values (numerator,
 * denominator) and their rates against the catalogue targets.
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

/*
 * Largest numerator or denominator: 2^53 - 1, the largest whole number
 * every JSON reader keeps exact (and far beyond any monthly count); above
 * 2^63 the JSON output would even turn negative.
 */
#define COUNT_MAX 9007199254740991ULL

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

	switch (agent_dash_number(argc, argv, opts, &neg)) {
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
	rc = agent_record_and_close(g, &s, &ev, false, NULL, NULL, NULL);
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
