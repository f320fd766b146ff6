/*
 * qp-collector planning generate / export: the yearly quality planning
 * (SMQ9). The rules are in planning.c; this stores a generated year as a
 * new version of the central state, which the daemon sends to every site
 * on its next contact, and writes it as iCalendar, JSON or CSV.
 * docs/planning.md describes both commands and the rules.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "calendar.h"
#include "codec.h"
#include "collector.h"
#include "fileout.h"
#include "format.h"
#include "domain.h"
#include "ics.h"
#include "planning.h"
#include "protocol.h"
#include "i18n.h"

/* Room kept in a frame for the envelope, the box and the message around
 * the central state. */
#define CENTRAL_FRAME_MARGIN (64u << 10)

static int
unknown(const cli_globals *g, const cli_command *cmd, char **argv)
{
	return cli_unknown_option(g, cmd, argv);
}


/* -------------------------------------------------------------- generate */

struct generate_ctx {
	const planning_rules *rules;
	int year;
	/* results, reset on every run of the transaction */
	planning *plan;
	uint64_t version;
	size_t nsites, nrevoked, ncentral;
	int err_code;
	char err[512];
};

static int
cmp_plan_year(const void *a, const void *b)
{
	uint32_t x = (*(Qp__Planning *const *)a)->year, y = (*(Qp__Planning *const *)b)->year;

	return x < y ? -1 : x > y;
}

static int
generate_txn(store_txn *txn, void *arg)
{
	struct generate_ctx *gc = arg;
	Qp__SiteRecord **sites = NULL;
	Qp__CentralState *old = NULL, ns = QP__CENTRAL_STATE__INIT;
	Qp__Planning year_plan = QP__PLANNING__INIT, **plans = NULL;
	Qp__PlanningEvent *evs = NULL, **evp = NULL;
	planning_site *ps = NULL;
	size_t n = 0, np = 0, nplans = 0;
	int e;

	planning_destroy(&gc->plan);
	gc->err[0] = '\0';
	gc->nsites = gc->nrevoked = gc->ncentral = 0;
	if ((e = cstore_sites(txn, &sites, &n)) != 0)
		goto out;
	if ((ps = calloc(n ? n : 1, sizeof(*ps))) == NULL) {
		e = QP_ENOMEM;
		goto out;
	}
	/* A revoked site is no longer part of the network: no events. */
	for (size_t i = 0; i < n; i++) {
		if (sites[i]->revoked) {
			gc->nrevoked++;
			continue;
		}
		ps[np].id = sites[i]->site;
		ps[np].labelled_since = sites[i]->labelled_since;
		np++;
	}
	gc->nsites = np;
	if ((e = planning_generate(gc->rules, gc->year, ps, np, &gc->plan, gc->err,
	                           sizeof(gc->err))) != 0)
		goto out;
	if ((e = cstore_central_get(txn, &old)) != 0) {
		snprintf(gc->err, sizeof(gc->err), _("cannot read the central state: %s"),
		         qp_errtext(e));
		goto out;
	}

	evs = calloc(gc->plan->nevents ? gc->plan->nevents : 1, sizeof(*evs));
	evp = calloc(gc->plan->nevents ? gc->plan->nevents : 1, sizeof(*evp));
	plans = calloc(old->n_plannings + 1, sizeof(*plans));
	if (evs == NULL || evp == NULL || plans == NULL) {
		e = QP_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < gc->plan->nevents; i++) {
		planning_event *pe = &gc->plan->events[i];
		qp__planning_event__init(&evs[i]);
		evs[i].uid = pe->uid;
		evs[i].date = pe->date;
		evs[i].scope = pe->scope;
		evs[i].kind = pe->kind;
		evs[i].title = pe->title;
		evs[i].description = pe->description;
		evp[i] = &evs[i];
		if (strcmp(pe->scope, PLANNING_SCOPE_CENTRAL) == 0)
			gc->ncentral++;
	}
	year_plan.year = (uint32_t)gc->year;
	year_plan.n_events = gc->plan->nevents;
	year_plan.events = evp;
	/* Keep the other years; this year's is replaced. In year order. */
	for (size_t i = 0; i < old->n_plannings; i++)
		if (old->plannings[i]->year != (uint32_t)gc->year)
			plans[nplans++] = old->plannings[i];
	plans[nplans++] = &year_plan;
	qsort(plans, nplans, sizeof(*plans), cmp_plan_year);
	ns.version = old->version + 1;
	ns.n_catalogue = old->n_catalogue;
	ns.catalogue = old->catalogue;
	ns.n_plannings = nplans;
	ns.plannings = plans;
	/* The daemon sends the whole central state in one frame. */
	if (qp__central_state__get_packed_size(&ns) > PROTOCOL_FRAME_MAX - CENTRAL_FRAME_MARGIN) {
		snprintf(gc->err, sizeof(gc->err), _("the central state would be %zu bytes, over "
		           "what one frame to the sites can carry (%u); nothing was stored"),
		         qp__central_state__get_packed_size(&ns),
		         PROTOCOL_FRAME_MAX - CENTRAL_FRAME_MARGIN);
		e = QP_ETOOBIG;
		goto out;
	}
	if ((e = cstore_central_put(txn, &ns)) != 0)
		goto out;
	gc->version = ns.version;
out:
	free(plans);
	free(evp);
	free(evs);
	free(ps);
	codec_free((ProtobufCMessage **)&old);
	cstore_sites_free(sites, n);
	gc->err_code = e;
	return e;
}

/*
 * The rules: --rules FILE, else collector_planning_path(), else the
 * built-in ones. *used names the file or is NULL.
 */
static int
load_rules(const cli_globals *g, const char *given, planning_rules *r, char **used)
{
	char err[512];
	char *path = NULL;
	int e;

	*used = NULL;
	if (given != NULL) {
		path = strdup(given);
	} else {
		path = collector_planning_path(g);
		if (path == NULL) {
			planning_rules_default(r);
			return EXIT_DONE;
		}
	}
	if (path == NULL)
		return EXIT_RUNTIME;
	if ((e = planning_rules_load(path, r, err, sizeof(err))) != 0) {
		cli_error(g, "%s", err);
		free(path);
		return e == QP_ENOMEM ? EXIT_RUNTIME : EXIT_USAGE;
	}
	*used = path;
	return EXIT_DONE;
}

int
cmd_planning_generate(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "year", required_argument, NULL, 'y' },
		{ "rules", required_argument, NULL, 'r' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	struct generate_ctx gc = { 0 };
	planning_rules rules;
	const char *rules_arg = NULL;
	char *rules_used = NULL;
	bool json = false, have_year = false;
	char nsites[48];
	cstore *cs = NULL;
	int ch, rc, e;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'y':
			if ((rc = cli_parse_year(g, cmd, optarg, &gc.year)) != 0)
				return rc;
			have_year = true;
			break;
		case 'r': rules_arg = optarg; break;
		case 'j': json = true; break;
		default: return unknown(g, cmd, argv);
		}
	}
	if (optind != argc)
		return cli_usage(g, cmd, _("unexpected argument '%s'"), argv[optind]);
	if (!have_year)
		return cli_usage(g, cmd, "%s", _("--year is required"));
	if ((rc = collector_open(g, &cs)) != 0)
		return rc;
	if ((rc = load_rules(g, rules_arg, &rules, &rules_used)) != 0)
		goto out;
	gc.rules = &rules;
	if ((e = store_write(cs->st, generate_txn, &gc)) != 0) {
		cli_error(g, "%s", gc.err[0] ? gc.err : qp_errtext(e));
		rc = cli_exit_of(e);
		goto out;
	}
	cstore_wake(cs);
	for (size_t i = 0; i < gc.plan->nwarnings; i++)
		fprintf(stderr, _("qp-collector: warning: %s\n"), gc.plan->warnings[i]);
	snprintf(nsites, sizeof(nsites), ngettext_qp("%zu site", "%zu sites", gc.nsites),
	         gc.nsites);
	fprintf(stderr, _("qp-collector: planning %d: %zu events (%zu central, %s%s), "
	        "rules from %s; central version %llu goes to every site on its next "
	        "contact\n"), gc.year, gc.plan->nevents, gc.ncentral, nsites,
	        gc.nrevoked ? _(", revoked sites left out") : "",
	        rules_used ? rules_used : _("the built-in defaults"),
	        (unsigned long long)gc.version);
	if (json) {
		json_t *w = json_array();
		for (size_t i = 0; i < gc.plan->nwarnings; i++)
			json_array_append_new(w, json_string(gc.plan->warnings[i]));
		rc = cli_print_json(json_pack("{s:i, s:I, s:I, s:I, s:I, s:s?, s:o}",
		        "year", gc.year, "version", (json_int_t)gc.version,
		        "event_count", (json_int_t)gc.plan->nevents,
		        "central_events", (json_int_t)gc.ncentral,
		        "sites", (json_int_t)gc.nsites, "rules", rules_used, "warnings", w));
	} else {
		rc = EXIT_DONE;
	}
out:
	planning_destroy(&gc.plan);
	free(rules_used);
	cstore_close(&cs);
	return rc;
}

/* ---------------------------------------------------------------- export */

static const char *const format_ext[] = { "ics", "json", "csv" };

/* Writes the view to `path` ("-": standard output) through fileout.h,
 * so a reader never sees half a calendar. */
static int
write_view(const cli_globals *g, const char *path, enum planning_format f, const struct planning_view *v)
{
	fileout *out = NULL;
	FILE *fp;
	int e;

	if (strcmp(path, "-") == 0) {
		e = planning_view_write(stdout, f, v);
		if (e == 0 && fflush(stdout) != 0)
			e = QP_EIO;
		if (e != 0)
			cli_error(g, _("standard output: %s"), qp_errtext(e));
		return e;
	}
	/* A calendar is not a secret. */
	if ((e = fileout_open(path, 0644, FILEOUT_REPLACE, &out)) != 0) {
		cli_error(g, _("%s: %s"), path, e == QP_ENOMEM ? qp_errtext(e) : strerror(errno));
		return e == QP_ENOMEM ? e : QP_EIO;
	}
	fp = fileout_fp(out);
	e = planning_view_write(fp, f, v);
	if (e != 0) {
		fileout_abort(&out);
		cli_error(g, _("%s: cannot write: %s"), path, qp_errtext(e));
		return e;
	}
	if ((e = fileout_commit(&out)) != 0)
		cli_error(g, _("%s: cannot write: %s"), path, strerror(errno));
	return e;
}

/* The events of `pl` that `site` sees (central and its own); all if NULL. */
static size_t
select_events(const Qp__Planning *pl, const char *site, const Qp__PlanningEvent **out)
{
	size_t n = 0;

	for (size_t i = 0; i < pl->n_events; i++)
		if (site == NULL || strcmp(pl->events[i]->scope, PLANNING_SCOPE_CENTRAL) == 0 ||
		    strcmp(pl->events[i]->scope, site) == 0)
			out[n++] = pl->events[i];
	return n;
}

static bool
has_scope(const Qp__Planning *pl, const char *site)
{
	for (size_t i = 0; i < pl->n_events; i++)
		if (strcmp(pl->events[i]->scope, site) == 0)
			return true;
	return false;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Export --per-site into directory `dir`: central.EXT holds the central
 * events, SITE.EXT a site's own and the central ones (what its agent shows). */
static int
export_per_site(const cli_globals *g, const char *dir, enum planning_format f, struct planning_view *v,
                const Qp__Planning *pl, const Qp__PlanningEvent **buf)
{
	const char **scopes = NULL;
	size_t ns = 0, written = 0;
	char *path = NULL;
	int e = 0;

	if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
		cli_error(g, _("%s: %s"), dir, strerror(errno));
		return QP_EIO;
	}
	if ((scopes = calloc(pl->n_events + 1, sizeof(*scopes))) == NULL)
		return QP_ENOMEM;
	for (size_t i = 0; i < pl->n_events; i++) {
		bool seen = false;
		for (size_t j = 0; j < ns && !seen; j++)
			seen = strcmp(scopes[j], pl->events[i]->scope) == 0;
		if (!seen)
			scopes[ns++] = pl->events[i]->scope;
	}
	qsort(scopes, ns, sizeof(*scopes), cmp_str);
	for (size_t i = 0; i < ns && e == 0; i++) {
		bool central = strcmp(scopes[i], PLANNING_SCOPE_CENTRAL) == 0;
		size_t len = strlen(dir) + strlen(scopes[i]) + 8;
		free(path);
		if ((path = malloc(len)) == NULL) {
			e = QP_ENOMEM;
			break;
		}
		snprintf(path, len, "%s/%s.%s", dir, scopes[i], format_ext[f]);
		v->site = scopes[i];
		v->n = 0;
		for (size_t j = 0; j < pl->n_events; j++)
			if (strcmp(pl->events[j]->scope, scopes[i]) == 0 ||
			    (!central && strcmp(pl->events[j]->scope, PLANNING_SCOPE_CENTRAL) == 0))
				buf[v->n++] = pl->events[j];
		v->events = buf;
		if ((e = write_view(g, path, f, v)) == 0)
			written++;
	}
	if (e == 0)
		fprintf(stderr, _("qp-collector: planning %d written to %s: %zu files\n"), v->year,
		        dir, written);
	free(path);
	free(scopes);
	return e;
}

int
cmd_planning_export(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "year", required_argument, NULL, 'y' },
		{ "format", required_argument, NULL, 'f' },
		{ "out", required_argument, NULL, 'o' },
		{ "site", required_argument, NULL, 's' },
		{ "per-site", no_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	const char *format = NULL, *outp = NULL, *site = NULL;
	const Qp__PlanningEvent **buf = NULL;
	const Qp__Planning *pl = NULL;
	Qp__CentralState *central = NULL;
	struct planning_view v = { 0 };
	struct timespec ts;
	store_txn *txn = NULL;
	bool have_year = false, per_site = false;
	enum planning_format f = PLANNING_ICS;
	cstore *cs = NULL;
	int ch, rc, e;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'y':
			if ((rc = cli_parse_year(g, cmd, optarg, &v.year)) != 0)
				return rc;
			have_year = true;
			break;
		case 'f': format = optarg; break;
		case 'o': outp = optarg; break;
		case 's': site = optarg; break;
		case 'p': per_site = true; break;
		default: return unknown(g, cmd, argv);
		}
	}
	if (optind != argc)
		return cli_usage(g, cmd, _("unexpected argument '%s'"), argv[optind]);
	if (!have_year)
		return cli_usage(g, cmd, "%s", _("--year is required"));
	if (format == NULL)
		return cli_usage(g, cmd, _("--format: expected ics, json or csv"));
	if (strcmp(format, "ics") == 0)
		f = PLANNING_ICS;
	else if (strcmp(format, "json") == 0)
		f = PLANNING_JSON;
	else if (strcmp(format, "csv") == 0)
		f = PLANNING_CSV;
	else
		return cli_usage(g, cmd, _("--format: expected ics, json or csv, got \"%s\""), format);
	if (outp == NULL || outp[0] == '\0')
		return cli_usage(g, cmd, _("--out: expected a file (\"-\" for standard output)%s"),
		                 per_site ? _(", here a directory") : "");
	if (site != NULL && per_site)
		return cli_usage(g, cmd, _("--site and --per-site: choose one"));
	if (per_site && strcmp(outp, "-") == 0)
		return cli_usage(g, cmd, _("--out: --per-site writes a directory, not \"-\""));
	if (site != NULL && (!domain_site_id_valid(site) ||
	                     strcmp(site, PLANNING_SCOPE_CENTRAL) == 0))
		return cli_usage(g, cmd, _("--site: expected a site id (eps-centre, eps-05 ... "
		                 "eps-20), got \"%s\""), site);
	if ((rc = collector_open(g, &cs)) != 0)
		return rc;
	rc = EXIT_RUNTIME;
	if ((e = store_read(cs->st, &txn)) != 0 || (e = cstore_central_get(txn, &central)) != 0) {
		cli_error(g, _("cannot read the central state: %s"), qp_errtext(e));
		goto out;
	}
	store_txn_end(&txn);
	for (size_t i = 0; i < central->n_plannings && pl == NULL; i++)
		if (central->plannings[i]->year == (uint32_t)v.year)
			pl = central->plannings[i];
	if (pl == NULL) {
		cli_error(g, _("no planning for %d; run 'qp-collector planning generate --year %d' "
		          "first; nothing was written"), v.year, v.year);
		goto out;
	}
	if (site != NULL && !has_scope(pl, site)) {
		cli_error(g, _("--site: %s has no event in the %d planning (not enrolled when it "
		          "was generated?); nothing was written"), site, v.year);
		rc = EXIT_USAGE;
		goto out;
	}
	if ((buf = calloc(pl->n_events ? pl->n_events : 1, sizeof(*buf))) == NULL)
		goto out;
	clock_gettime(CLOCK_REALTIME, &ts);
	v.now_ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
	v.version = central->version;
	if (per_site) {
		e = export_per_site(g, outp, f, &v, pl, buf);
	} else {
		v.site = site;
		v.n = select_events(pl, site, buf);
		v.events = buf;
		e = write_view(g, outp, f, &v);
		if (e == 0 && strcmp(outp, "-") != 0)
			fprintf(stderr, _("qp-collector: planning %d written to %s: %zu events\n"),
			        v.year, outp, v.n);
	}
	rc = e == 0 ? EXIT_DONE : EXIT_RUNTIME;
out:
	free(buf);
	codec_free((ProtobufCMessage **)&central);
	store_txn_end(&txn);
	cstore_close(&cs);
	return rc;
}
