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
#include "i18n.h"

int
cmd_indicator_set(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "comment", required_argument, NULL, 'c' }, OPT_BY, OPT_END,
	};
	rec_indicator_in in = { .comment = "" };
	const char *by = NULL, *neg;
	rec_result res;
	rec_error err;
	rec_ctx ctx;
	site *s = NULL;
	int ch, rc;

	switch (agent_dash_number(argc, argv, opts, &neg)) {
	case -1: break;
	case 2: return cli_usage(g, cmd, _("NUM: expected a whole number 0 or more, got \"%s\""), neg);
	case 3: return cli_usage(g, cmd, _("DEN: expected a whole number 0 or more, got \"%s\""), neg);
	default: return cli_usage(g, cmd, _("expected CODE PERIOD NUM DEN, got \"%s\""), neg);
	}
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'c': in.comment = optarg; break;
		case 'b': by = optarg; break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (argc - optind != 4)
		return cli_usage(g, cmd, _("expected CODE PERIOD NUM DEN"));
	argv += optind;
	in.code = argv[0];
	in.period = argv[1];
	in.numerator = argv[2];
	in.denominator = argv[3];
	ctx = agent_rec_ctx(NULL, by);
	if (rec_indicator_check(&ctx, &in, &err) != 0)
		return agent_rec_error(g, cmd, &err);
	if ((rc = agent_open(g, &s)) != 0)
		return rc;
	ctx.site = s;
	rc = rec_indicator_write(&ctx, &in, &res, &err);
	return agent_rec_finish(g, cmd, &s, rc, &res, &err);
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
	int y;
	bool json = false;
	site *s = NULL;
	size_t n;
	int ch, rc, e;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'y':
			if ((rc = cli_parse_year(g, cmd, optarg, &y)) != 0)
				return rc;
			year = optarg;
			break;
		case 'j': json = true; break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (optind != argc)
		return cli_usage(g, cmd, _("unexpected argument '%s'"), argv[optind]);
	if ((rc = agent_open(g, &s)) != 0)
		return rc;
	rc = EXIT_RUNTIME;
	if ((e = site_ledger(s, &l)) != 0 || (e = site_central(s, &cs)) != 0) {
		cli_error(g, _("cannot read the store: %s"), qp_errtext(e));
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
			char num[24], den[24], rate[32], target[16], seq[24];
			const char *row[9];
			double r = iv->denominator ? (double)iv->numerator / (double)iv->denominator : -1;
			if (year != NULL && strncmp(iv->period, year, 4) != 0)
				continue;
			snprintf(num, sizeof(num), "%llu", (unsigned long long)iv->numerator);
			snprintf(den, sizeof(den), "%llu", (unsigned long long)iv->denominator);
			if (r >= 0) {
				char pc[16];
				snprintf(rate, sizeof(rate), "%s %%",
				         cli_decimal(r * 100, 1, pc, sizeof(pc)));
			} else {
				snprintf(rate, sizeof(rate), "-");
			}
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
