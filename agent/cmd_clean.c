/*
 * clean sign, clean eval, clean list: cleaning sign-offs (émargement)
 * and the quarterly cleaning evaluation.
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
cmd_clean_sign(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "zone", required_argument, NULL, 'z' },
		{ "at", required_argument, NULL, 'a' },
		OPT_BY, OPT_END,
	};
	rec_signoff_in in = { 0 };
	rec_result res;
	rec_error err;
	rec_ctx ctx;
	site *s = NULL;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'z': in.zone = optarg; break;
		case 'a': in.at = optarg; break;
		case 'b': in.cleaner = optarg; break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (optind != argc)
		return cli_usage(g, cmd, _("unexpected argument '%s'"), argv[optind]);
	if (in.zone == NULL || in.cleaner == NULL)
		return cli_usage(g, cmd, "%s", _("--zone and --by (who cleaned) are required"));
	/* --by names who cleaned; the author is who records (SPEC §12). */
	ctx = agent_rec_ctx(NULL, NULL);
	if (rec_signoff_check(&ctx, &in, &err) != 0)
		return agent_rec_error(g, cmd, &err);
	if ((rc = agent_open(g, &s)) != 0)
		return rc;
	ctx.site = s;
	rc = rec_signoff_write(&ctx, &in, &res, &err);
	return agent_rec_finish(g, cmd, &s, rc, &res, &err);
}

int
cmd_clean_eval(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "quarter", required_argument, NULL, 'q' },
		{ "score", required_argument, NULL, 's' },
		{ "comment", required_argument, NULL, 'c' },
		OPT_BY, OPT_END,
	};
	rec_evaluation_in in = { .comment = "" };
	rec_zone_score zs[REC_ZONES_MAX];
	char zones[REC_ZONES_MAX][41];
	const char *by = NULL;
	rec_result res;
	rec_error err;
	rec_ctx ctx;
	size_t nz = 0;
	site *s = NULL;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'q': in.quarter = optarg; break;
		case 'c': in.comment = optarg; break;
		case 'b': by = optarg; break;
		case 's': {
			/* ZONE=SCORE; the record module checks both. */
			const char *eq = strchr(optarg, '=');
			size_t zl = eq ? (size_t)(eq - optarg) : 0;
			if (eq == NULL || zl == 0 || zl > 40)
				return cli_usage(g, cmd, _("--score: expected ZONE=0..100, got \"%s\""), optarg);
			if (nz == REC_ZONES_MAX)
				return cli_usage(g, cmd, _("--score: at most %d zones"), REC_ZONES_MAX);
			memcpy(zones[nz], optarg, zl);
			zones[nz][zl] = '\0';
			zs[nz].zone = zones[nz];
			zs[nz].score = eq + 1;
			nz++;
			break;
		}
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (optind != argc)
		return cli_usage(g, cmd, _("unexpected argument '%s'"), argv[optind]);
	in.scores = zs;
	in.n_scores = nz;
	ctx = agent_rec_ctx(NULL, by);
	if (in.quarter == NULL || nz == 0)
		return cli_usage(g, cmd, "%s", _("--quarter and at least one --score are required"));
	if (rec_evaluation_check(&ctx, &in, &err) != 0)
		return agent_rec_error(g, cmd, &err);
	if ((rc = agent_open(g, &s)) != 0)
		return rc;
	ctx.site = s;
	rc = rec_evaluation_write(&ctx, &in, &res, &err);
	return agent_rec_finish(g, cmd, &s, rc, &res, &err);
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
			if (cal_parse_date_typed(optarg, &from) != 0)
				return cli_usage(g, cmd, _("--from: expected YYYY-MM-DD, got \"%s\""),
				                 optarg);
			break;
		case 't':
			if (cal_parse_date_typed(optarg, &to) != 0)
				return cli_usage(g, cmd, _("--to: expected YYYY-MM-DD, got \"%s\""),
				                 optarg);
			break;
		case 'j': json = true; break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (optind != argc)
		return cli_usage(g, cmd, _("unexpected argument '%s'"), argv[optind]);
	if ((rc = agent_open(g, &s)) != 0)
		return rc;
	if ((e = site_ledger(s, &l)) != 0) {
		cli_error(g, _("cannot read the store: %s"), qp_errtext(e));
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
		printf("%s\n", _("Cleaning sign-offs"));
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
		printf("\n%s\n", _("Quarterly evaluations"));
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
			cli_decimal(nz ? sum / (double)nz : 0.0, 1, mean, sizeof(mean));
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
