/*
 * catalogue list|add|set: the indicator catalogue (Annexe 4) and its
 * targets over time (SPEC §13), sent to every site. A target applies from
 * a period on; the history is kept in the catalogue entry, and the review
 * judges each period by the target in force then.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calendar.h"
#include "codec.h"
#include "collector.h"
#include "domain.h"
#include "i18n.h"
#include "steering.h"

#define OPT_END { NULL, 0, NULL, 0 }

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct catalogue_ctx {
	const char *code, *label, *engagement, *period, *from;
	double target;
	bool add;
	char now_period[CAL_TEXT_MAX];
	uint64_t version;
	char err[512];
};

static void
unknown_code(struct catalogue_ctx *cc, const Qp__CentralState *central)
{
	size_t o;
	int w = snprintf(cc->err, sizeof(cc->err), _("CODE: unknown indicator \"%s\"; "
	                 "the catalogue has:"), cc->code);

	o = w > 0 ? (size_t)w : 0;
	for (size_t i = 0; i < central->n_catalogue && o < sizeof(cc->err); i++) {
		w = snprintf(cc->err + o, sizeof(cc->err) - o, " %s", central->catalogue[i]->code);
		if (w > 0)
			o += (size_t)w;
	}
}

static int
catalogue_txn(store_txn *txn, void *arg)
{
	struct catalogue_ctx *cc = arg;
	Qp__CentralState *central = NULL;
	Qp__CatalogueEntry *ne = NULL, **nv;
	int e;

	if ((e = cstore_central_get(txn, &central)) != 0)
		return e;
	if (cc->add) {
		for (size_t i = 0; i < central->n_catalogue; i++) {
			if (strcmp(central->catalogue[i]->code, cc->code) == 0) {
				snprintf(cc->err, sizeof(cc->err), _("CODE: %s is already in the "
				         "catalogue ('catalogue set' changes its target)"), cc->code);
				e = QP_EINVAL;
				goto out;
			}
		}
		ne = malloc(sizeof(*ne));
		nv = realloc(central->catalogue, (central->n_catalogue + 1) * sizeof(*nv));
		if (nv != NULL)
			central->catalogue = nv;
		if (ne == NULL || nv == NULL) {
			free(ne);
			e = QP_ENOMEM;
			goto out;
		}
		qp__catalogue_entry__init(ne);
		ne->code = strdup(cc->code);
		ne->label = strdup(cc->label);
		ne->engagement = strdup(cc->engagement);
		ne->periodicity = strdup(cc->period);
		ne->target = cc->target;
		central->catalogue[central->n_catalogue++] = ne;
		if (!ne->code || !ne->label || !ne->engagement || !ne->periodicity) {
			e = QP_ENOMEM;
			goto out;
		}
		if (cc->from != NULL &&
		    (e = steering_target_set(central, cc->code, cc->target, cc->from,
		                             cc->now_period, now_ms())) != 0)
			goto out;
	} else {
		e = steering_target_set(central, cc->code, cc->target, cc->from, cc->now_period,
		                        now_ms());
		if (e == QP_ENOTFOUND) {
			unknown_code(cc, central);
			e = QP_EINVAL;
		}
		if (e != 0)
			goto out;
	}
	central->version++;
	cc->version = central->version;
	e = cstore_central_put(txn, central);
out:
	codec_free((ProtobufCMessage **)&central);
	return e;
}

static bool
code_valid(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 40 || !((s[0] >= 'A' && s[0] <= 'Z')))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return true;
}

static int
catalogue_write(const cli_globals *g, const cli_command *cmd, int argc, char **argv,
                bool add)
{
	static const struct option opts[] = {
		{ "target", required_argument, NULL, 't' },
		{ "from", required_argument, NULL, 'f' },
		{ "label", required_argument, NULL, 'l' },
		{ "engagement", required_argument, NULL, 'E' },
		{ "period", required_argument, NULL, 'p' },
		OPT_END,
	};
	struct catalogue_ctx cc = { .add = add };
	const char *target = NULL;
	cal_period p;
	char *end;
	cstore *cs = NULL;
	int ch, rc, e;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 't': target = optarg; break;
		case 'f': cc.from = optarg; break;
		case 'l': case 'E': case 'p':
			if (!add)
				return cli_usage(g, cmd, _("--label, --engagement and --period belong to "
				                 "'catalogue add'"));
			if (ch == 'l') cc.label = optarg;
			if (ch == 'E') cc.engagement = optarg;
			if (ch == 'p') cc.period = optarg;
			break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (argc - optind != 1)
		return cli_usage(g, cmd, _("expected one indicator CODE"));
	cc.code = argv[optind];
	if (add) {
		if (!code_valid(cc.code))
			return cli_usage(g, cmd, _("CODE: expected capitals, digits and '-' "
			                 "(e.g. N3-CLEANING), got \"%s\""), cc.code);
		if (cc.label == NULL || cc.engagement == NULL || cc.period == NULL)
			return cli_usage(g, cmd, _("--label, --engagement, --period and --target "
			                 "are required"));
		if ((cc.label[0] == '\0' || !domain_utf8_valid(cc.label, strlen(cc.label))))
			return cli_usage(g, cmd, _("--label: expected non-empty UTF-8 text"));
		if (!domain_engagement_valid(cc.engagement))
			return cli_usage(g, cmd, _("--engagement: expected %s, got \"%s\""),
			                 DOMAIN_ENGAGEMENTS_TEXT, cc.engagement);
		if (!domain_catalogue_periodicity_valid(cc.period))
			return cli_usage(g, cmd, _("--period: expected month, quarter or year, "
			                 "got \"%s\""), cc.period);
	}
	if (target == NULL)
		return cli_usage(g, cmd, _("--target is required"));
	errno = 0;
	cc.target = strtod(target, &end);
	if (errno != 0 || end == target || *end != '\0' || !isfinite(cc.target) ||
	    cc.target < 0 || cc.target > 1)
		return cli_usage(g, cmd, _("--target: expected a rate from 0 to 1 (e.g. 0.85), "
		                 "got \"%s\""), target);
	if (cc.from != NULL && (cal_parse_period(cc.from, &p) != 0 ||
	                        (p.kind != CAL_YEAR && p.kind != CAL_QUARTER &&
	                         p.kind != CAL_MONTH)))
		return cli_usage(g, cmd, _("--from: expected a period YYYY, YYYY-Qn or YYYY-MM, "
		                 "got \"%s\""), cc.from);
	/* Without --from, a change applies from the current year on: the years
	 * already reviewed keep the target they were judged by. */
	p = cal_period_of(CAL_MONTH, cal_paris_day(now_ms()));
	cal_format_period(&p, cc.now_period);
	if (!add && cc.from == NULL) {
		static char year_now[8];
		snprintf(year_now, sizeof(year_now), "%04d", p.year);
		cc.from = year_now;
	}
	if ((rc = collector_open(g, &cs)) != 0)
		return rc;
	if ((e = store_write(cs->st, catalogue_txn, &cc)) != 0) {
		cli_error(g, "%s", cc.err[0] ? cc.err : qp_errtext(e));
		rc = cli_exit_of(e);
	} else {
		cstore_wake(cs);
		if (add)
			fprintf(stderr, _("qp-collector: %s added, target %g; central version %llu "
			        "goes to every site on its next contact\n"), cc.code, cc.target,
			        (unsigned long long)cc.version);
		else
			fprintf(stderr, _("qp-collector: %s target %g from %s; central version %llu "
			        "goes to every site on its next contact\n"), cc.code, cc.target,
			        cc.from, (unsigned long long)cc.version);
		rc = EXIT_DONE;
	}
	cstore_close(&cs);
	return rc;
}

int
cmd_catalogue_add(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	return catalogue_write(g, cmd, argc, argv, true);
}

int
cmd_catalogue_set(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	return catalogue_write(g, cmd, argc, argv, false);
}

int
cmd_catalogue_list(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	Qp__CentralState *central = NULL;
	store_txn *txn = NULL;
	cstore *cs = NULL;
	bool json = false;
	int rc, e;

	if ((rc = cli_json_only(g, cmd, argc, argv, &json)) != 0)
		return rc;
	if ((rc = collector_open(g, &cs)) != 0)
		return rc;
	if ((e = store_read(cs->st, &txn)) != 0 || (e = cstore_central_get(txn, &central)) != 0) {
		cli_error(g, _("cannot read the central state: %s"), qp_errtext(e));
		store_txn_end(&txn);
		cstore_close(&cs);
		return EXIT_RUNTIME;
	}
	store_txn_end(&txn);
	if (json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < central->n_catalogue; i++) {
			const Qp__CatalogueEntry *c = central->catalogue[i];
			json_t *hist = json_array();
			for (size_t k = 0; k < c->n_targets; k++)
				json_array_append_new(hist, json_pack("{s:s?, s:f}", "from",
				                      c->targets[k]->from[0] ? c->targets[k]->from : NULL,
				                      "target", c->targets[k]->target));
			json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:f, s:s, s:o}",
			                      "code", c->code, "engagement", c->engagement,
			                      "period", c->periodicity, "target", c->target,
			                      "label", c->label, "targets", hist));
		}
		rc = cli_print_json(json_pack("{s:I, s:o}", "version",
		                              (json_int_t)central->version, "indicators", arr));
	} else {
		const char *hdr[] = { "indicateur", "engagement", "période", "cible",
		                      "historique", "mesure" };
		cli_table *t = cli_table_new(6, hdr);
		for (size_t i = 0; i < central->n_catalogue; i++) {
			const Qp__CatalogueEntry *c = central->catalogue[i];
			char target[16], hist[256] = "";
			size_t o = 0;
			snprintf(target, sizeof(target), "%g %%", c->target * 100);
			for (size_t k = 0; k < c->n_targets && o < sizeof(hist); k++) {
				int w = snprintf(hist + o, sizeof(hist) - o, "%s%g %% %s%s", k ? ", " : "",
				                 c->targets[k]->target * 100,
				                 c->targets[k]->from[0] ? "dès " : "à l'origine",
				                 c->targets[k]->from);
				if (w > 0)
					o += (size_t)w;
			}
			const char *row[6] = { c->code, c->engagement, steering_period_fr(c->periodicity),
			                       target, hist, c->label };
			cli_table_add(t, row);
		}
		cli_table_print(t, stdout);
		cli_table_destroy(&t);
		printf(_("version %llu\n"), (unsigned long long)central->version);
		rc = EXIT_DONE;
	}
	codec_free((ProtobufCMessage **)&central);
	cstore_close(&cs);
	return rc;
}
