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
	return agent_record_and_close(g, &s, &ev, false, NULL, NULL, NULL);
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
	return agent_record_and_close(g, &s, &ev, false, NULL, NULL, NULL);
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
