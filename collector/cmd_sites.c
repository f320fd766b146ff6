/*
 * enroll, revoke, sites, status: the registry of enrolled sites and
 * their sync progress.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "calendar.h"
#include "codec.h"
#include "collector.h"
#include "metrics.h"
#include "ops_cmd.h"
#include "domain.h"
#include "envelope.h"
#include "i18n.h"
#include "keys.h"

struct enroll_ctx {
	const char *site, *name, *labelled;
	const uint8_t *key;
	bool revoke;
	bool force;               /* move a key enrolled under another id */
	bool replaced;
	char moved_from[ENVELOPE_SITE_MAX + 1];
	char err[256];
};

/*
 * One key serves one site id: the same key under two ids (a typo such as
 * eps-5 for eps-05) would leave a site that never reports in every list of
 * missing reviews. With --force the other id is revoked, the key moves.
 */
static int
key_elsewhere(store_txn *txn, struct enroll_ctx *ec)
{
	Qp__SiteRecord **sites = NULL;
	size_t n = 0;
	int e;

	if ((e = cstore_sites(txn, &sites, &n)) != 0)
		return e;
	for (size_t i = 0; i < n && e == 0; i++) {
		Qp__SiteRecord rec;
		if (strcmp(sites[i]->site, ec->site) == 0 || sites[i]->revoked ||
		    sites[i]->public_key.len != KEY_BYTES ||
		    memcmp(sites[i]->public_key.data, ec->key, KEY_BYTES) != 0)
			continue;
		if (!ec->force) {
			snprintf(ec->err, sizeof(ec->err), _("PUBKEY: this key is already enrolled "
			         "as %s; to move it to %s (and revoke %s), add --force"),
			         sites[i]->site, ec->site, sites[i]->site);
			e = QP_EINVAL;
			break;
		}
		rec = *sites[i];
		rec.revoked = true;
		snprintf(ec->moved_from, sizeof(ec->moved_from), "%s", sites[i]->site);
		e = cstore_site_put(txn, &rec);
	}
	cstore_sites_free(sites, n);
	return e;
}

static int
enroll_txn(store_txn *txn, void *arg)
{
	struct enroll_ctx *ec = arg;
	Qp__SiteRecord *old = NULL, rec = QP__SITE_RECORD__INIT;
	uint64_t reg;
	int e;

	e = cstore_site_get(txn, ec->site, &old);
	if (e != 0 && e != QP_ENOTFOUND)
		return e;
	ec->replaced = old != NULL;
	if (ec->revoke) {
		if (old == NULL) {
			snprintf(ec->err, sizeof(ec->err), _("SITE: \"%s\" is not enrolled"), ec->site);
			return QP_EINVAL;
		}
		rec = *old;
		rec.revoked = true;
	} else {
		if ((e = key_elsewhere(txn, ec)) != 0)
			goto out;
		if (old != NULL)
			rec = *old;
		rec.site = (char *)ec->site;
		rec.public_key.data = (uint8_t *)ec->key;
		rec.public_key.len = KEY_BYTES;
		rec.revoked = false;
		if (ec->name != NULL)
			rec.name = (char *)ec->name;
		if (ec->labelled != NULL)
			rec.labelled_since = (char *)ec->labelled;
		if (old == NULL)
			rec.enrolled_at_ms = cal_now_ms();
	}
	if ((e = cstore_site_put(txn, &rec)) != 0)
		goto out;
	if ((e = cstore_meta_get(txn, META_REGISTRY, &reg)) != 0)
		goto out;
	e = cstore_meta_put(txn, META_REGISTRY, reg + 1);
out:
	codec_free((ProtobufCMessage **)&old);
	return e;
}

static int enroll_parsed(const cli_globals *g, const cli_command *cmd, int argc,
                         char **argv, const struct option *opts);

int
cmd_enroll(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "labelled-since", required_argument, NULL, 'l' },
		{ "force", no_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	uint8_t key[KEY_BYTES];
	char **av;
	int rc, n = 0;

	/*
	 * A key may begin with '-' (its alphabet has it): getopt would take it
	 * for an option. Move such keys behind a "--", in their order.
	 */
	av = calloc((size_t)argc + 2, sizeof(*av));
	if (av == NULL)
		return EXIT_RUNTIME;
	bool dashdash = false, moved = false;
	for (int i = 1; i < argc; i++)
		dashdash |= strcmp(argv[i], "--") == 0;
	for (int i = 0; i < argc; i++) {
		if (i > 0 && !dashdash && argv[i][0] == '-' && key_from_text(argv[i], key) == 0)
			moved = true;
		else
			av[n++] = argv[i];
	}
	if (moved) {
		av[n++] = (char *)"--";
		for (int i = 1; i < argc; i++)
			if (argv[i][0] == '-' && key_from_text(argv[i], key) == 0)
				av[n++] = argv[i];
	}
	rc = enroll_parsed(g, cmd, n, av, opts);
	free(av);
	return rc;
}

static int
enroll_parsed(const cli_globals *g, const cli_command *cmd, int argc, char **argv,
              const struct option *opts)
{
	struct enroll_ctx ec = { 0 };
	uint8_t key[KEY_BYTES];
	cal_period p;
	cstore *cs = NULL;
	int ch, rc, e;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'n': ec.name = optarg; break;
		case 'l': ec.labelled = optarg; break;
		case 'f': ec.force = true; break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (argc - optind != 2)
		return cli_usage(g, cmd, _("expected SITE and PUBKEY"));
	ec.site = argv[optind];
	if (!domain_site_id_valid(ec.site))
		return cli_usage(g, cmd, _("SITE: expected [a-z0-9-]{1,40} starting with a letter "
		                 "(eps-centre, eps-05 ... eps-20), got \"%s\""), ec.site);
	if (strcmp(ec.site, DOMAIN_SCOPE_CENTRAL) == 0)
		return cli_usage(g, cmd, _("SITE: \"%s\" names the centre's own records "
		                 "(central actions); choose the site's id (eps-05 ...)"), ec.site);
	if (key_from_text(argv[optind + 1], key) != 0)
		return cli_usage(g, cmd, _("PUBKEY: expected the %d-character key that "
		                 "'qp-agent key' prints, got \"%s\""), KEY_TEXT_LEN, argv[optind + 1]);
	if (ec.labelled != NULL && (cal_parse_period(ec.labelled, &p) != 0 || p.kind != CAL_MONTH))
		return cli_usage(g, cmd, _("--labelled-since: expected YYYY-MM, got \"%s\""), ec.labelled);
	if (ec.name != NULL && !domain_text_valid(ec.name, false))
		return cli_usage(g, cmd, _("--name: expected UTF-8 text"));
	ec.key = key;
	if ((rc = collector_open(g, &cs)) != 0)
		return rc;
	if ((e = store_write(cs->st, enroll_txn, &ec)) != 0) {
		cli_error(g, "%s", ec.err[0] ? ec.err : qp_errtext(e));
		cstore_close(&cs);
		return cli_exit_of(e);
	}
	cstore_wake(cs);
	if (ec.moved_from[0] != '\0')
		fprintf(stderr, _("qp-collector: the key moved from %s (now revoked) to %s\n"),
		        ec.moved_from, ec.site);
	fprintf(stderr, _("qp-collector: %s %s\n"), ec.site,
	        ec.replaced ? _("key replaced") : _("enrolled"));
	cstore_close(&cs);
	return EXIT_DONE;
}

int
cmd_revoke(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	struct enroll_ctx ec = { .revoke = true };
	cstore *cs = NULL;
	int rc, e;

	if (argc != 2)
		return cli_usage(g, cmd, _("expected one SITE"));
	ec.site = argv[1];
	if (!domain_site_id_valid(ec.site))
		return cli_usage(g, cmd, _("SITE: expected a site id, got \"%s\""), ec.site);
	if ((rc = collector_open(g, &cs)) != 0)
		return rc;
	if ((e = store_write(cs->st, enroll_txn, &ec)) != 0) {
		cli_error(g, "%s", ec.err[0] ? ec.err : qp_errtext(e));
		cstore_close(&cs);
		return cli_exit_of(e);
	}
	cstore_wake(cs);
	fprintf(stderr, _("qp-collector: %s revoked; its messages are refused from now on\n"),
	        ec.site);
	cstore_close(&cs);
	return EXIT_DONE;
}

struct unenroll_ctx {
	const char *site;
	char err[256];
};

static int
unenroll_txn(store_txn *txn, void *arg)
{
	struct unenroll_ctx *uc = arg;
	Qp__SiteRecord *old = NULL;
	uint8_t prefix[EVENT_KEY_MAX];
	size_t plen = cstore_event_prefix(prefix, uc->site);
	store_cursor *c = NULL;
	site_progress p;
	store_val k, v;
	uint64_t reg;
	int e;

	if ((e = cstore_site_get(txn, uc->site, &old)) != 0) {
		if (e == QP_ENOTFOUND) {
			snprintf(uc->err, sizeof(uc->err), _("SITE: \"%s\" is not enrolled"), uc->site);
			e = QP_EINVAL;
		}
		return e;
	}
	codec_free((ProtobufCMessage **)&old);
	if ((e = cstore_progress_get(txn, uc->site, &p)) != 0)
		return e;
	if ((e = store_cursor_open(txn, C_EVENTS, &c)) != 0)
		return e;
	e = store_cursor_seek(c, prefix, plen, &k, &v);
	store_cursor_close(&c);
	if (e != 0 && e != QP_ENOTFOUND)
		return e;
	/* Only an id that never sent anything goes: the rest is history. */
	if ((e == 0 && k.len >= plen && memcmp(k.data, prefix, plen) == 0) ||
	    p.events != 0 || p.first_seen_ms != 0) {
		snprintf(uc->err, sizeof(uc->err), _("SITE: %s has sent records; they stay. "
		         "Use 'qp-collector revoke %s' to refuse it from now on"), uc->site, uc->site);
		return QP_EINVAL;
	}
	if ((e = store_del(txn, C_SITES, uc->site, strlen(uc->site))) != 0 ||
	    ((e = store_del(txn, C_PROGRESS, uc->site, strlen(uc->site))) != 0 &&
	     e != QP_ENOTFOUND) ||
	    (e = cstore_meta_get(txn, META_REGISTRY, &reg)) != 0)
		return e;
	return cstore_meta_put(txn, META_REGISTRY, reg + 1);
}

int
cmd_unenroll(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	struct unenroll_ctx uc = { 0 };
	cstore *cs = NULL;
	int rc, e;

	if (argc != 2)
		return cli_usage(g, cmd, "%s", _("expected one SITE"));
	uc.site = argv[1];
	if (!domain_site_id_valid(uc.site))
		return cli_usage(g, cmd, _("SITE: expected a site id, got \"%s\""), uc.site);
	if ((rc = collector_open(g, &cs)) != 0)
		return rc;
	if ((e = store_write(cs->st, unenroll_txn, &uc)) != 0) {
		cli_error(g, "%s", uc.err[0] ? uc.err : qp_errtext(e));
		cstore_close(&cs);
		return cli_exit_of(e);
	}
	cstore_wake(cs);
	fprintf(stderr, _("qp-collector: %s unenrolled (it had sent nothing)\n"), uc.site);
	cstore_close(&cs);
	return EXIT_DONE;
}

int
cmd_sites(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	Qp__SiteRecord **sites = NULL;
	store_txn *txn = NULL;
	cstore *cs = NULL;
	bool json = false;
	size_t n = 0;
	int rc, e;

	if ((rc = cli_json_only(g, cmd, argc, argv, &json)) != 0)
		return rc;
	if ((rc = collector_open(g, &cs)) != 0)
		return rc;
	if ((e = store_read(cs->st, &txn)) != 0 || (e = cstore_sites(txn, &sites, &n)) != 0) {
		cli_error(g, _("cannot read the store: %s"), qp_errtext(e));
		rc = EXIT_RUNTIME;
		goto out;
	}
	if (json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++) {
			char k[KEY_TEXT_LEN + 1] = "";
			if (sites[i]->public_key.len == KEY_BYTES)
				key_to_text(sites[i]->public_key.data, k);
			json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:s, s:b}",
			                      "site", sites[i]->site, "name", sites[i]->name,
			                      "key", k, "labelled_since", sites[i]->labelled_since,
			                      "revoked", sites[i]->revoked));
		}
		rc = cli_print_json(json_pack("{s:o}", "sites", arr));
	} else {
		const char *hdr[] = { "site", "état", "labellisé", "nom", "clé" };
		cli_table *t = cli_table_new(5, hdr);
		for (size_t i = 0; i < n; i++) {
			char k[KEY_TEXT_LEN + 1] = "";
			if (sites[i]->public_key.len == KEY_BYTES)
				key_to_text(sites[i]->public_key.data, k);
			const char *row[5] = { sites[i]->site, sites[i]->revoked ? "révoqué" : "actif",
			                       sites[i]->labelled_since, sites[i]->name, k };
			cli_table_add(t, row);
		}
		cli_table_print(t, stdout);
		cli_table_destroy(&t);
		rc = EXIT_DONE;
	}
out:
	cstore_sites_free(sites, n);
	store_txn_end(&txn);
	cstore_close(&cs);
	return rc;
}

/* ---------------------------------------------------------------- status */

static json_t *
rejected_json(const site_progress *p)
{
	json_t *o = json_object();

	for (int r = 0; r < REASON_COUNT; r++)
		if (p->rejected[r] != 0)
			json_object_set_new(o, protocol_reasons[r], json_integer((json_int_t)p->rejected[r]));
	return o;
}

static json_t *
time_json(int64_t ms)
{
	char buf[CAL_TEXT_MAX];

	return ms ? json_string(cal_format_utc(ms, buf)) : json_null();
}

int
cmd_status(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	Qp__SiteRecord **sites = NULL;
	store_txn *txn = NULL;
	site_progress global, *prog = NULL;
	cstore *cs = NULL;
	cli_status_format fmt;
	bool json, prom;
	size_t n = 0;
	int rc, e;

	if ((rc = cli_status_parse(g, cmd, argc, argv, &fmt)) != 0)
		return rc;
	json = fmt == CLI_STATUS_JSON;
	prom = fmt == CLI_STATUS_PROMETHEUS;
	if ((rc = collector_open(g, &cs)) != 0)
		return rc;
	rc = EXIT_RUNTIME;
	if (prom) {
		/* For node_exporter's textfile collector
		 * (`... --format prometheus > DIR/qualiparis.prom.$$ && mv`). */
		if ((e = collector_metrics_write(cs, stdout, g->version)) == 0)
			rc = EXIT_DONE;
		goto fail;
	}
	if ((e = store_read(cs->st, &txn)) != 0 || (e = cstore_sites(txn, &sites, &n)) != 0 ||
	    (e = cstore_progress_get(txn, PROGRESS_GLOBAL, &global)) != 0)
		goto fail;
	prog = calloc(n ? n : 1, sizeof(*prog));
	if (prog == NULL)
		goto out;
	for (size_t i = 0; i < n; i++)
		if ((e = cstore_progress_get(txn, sites[i]->site, &prog[i])) != 0)
			goto fail;
	store_txn_end(&txn);
	if (json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, json_pack("{s:s, s:I, s:I, s:o, s:I, s:o, s:b, s:I, s:I}",
			        "site", sites[i]->site,
			        "stored_through", (json_int_t)prog[i].stored_through,
			        "events", (json_int_t)prog[i].events,
			        "last_seen", time_json(prog[i].last_seen_ms),
			        "clock_offset_ms", (json_int_t)prog[i].clock_offset_ms,
			        "rejected", rejected_json(&prog[i]),
			        "revoked", sites[i]->revoked,
			        "replies_unsent", (json_int_t)prog[i].replies_unsent,
			        "lag", (json_int_t)cstore_progress_lag(&prog[i])));
		rc = cli_print_json(json_pack("{s:o, s:o}", "sites", arr,
		                              "rejected", rejected_json(&global)));
		goto out;
	} else {
		const char *hdr[] = { "site", "reçu jusqu'à", "événements", "vu le",
		                      "décalage horloge", "refus" };
		cli_table *t = cli_table_new(6, hdr);
		for (size_t i = 0; i < n; i++) {
			char through[24], events[24], seen[CAL_TEXT_MAX] = "jamais", off[32], rej[256] = "";
			size_t o = 0;
			snprintf(through, sizeof(through), "%llu", (unsigned long long)prog[i].stored_through);
			snprintf(events, sizeof(events), "%llu", (unsigned long long)prog[i].events);
			if (prog[i].last_seen_ms)
				cal_format_datetime(prog[i].last_seen_ms, seen);
			/* Tenths of a second; no "-0.0" for an offset of a few ms. */
			snprintf(off, sizeof(off), "%+.1f s",
			         (double)(prog[i].clock_offset_ms / 100) / 10.0);
			if (prog[i].clock_offset_ms / 100 == 0)
				snprintf(off, sizeof(off), "0.0 s");
			for (int r = 0; r < REASON_COUNT; r++) {
				int w;
				if (prog[i].rejected[r] == 0)
					continue;
				w = snprintf(rej + o, sizeof(rej) - o, "%s%s=%llu", o ? " " : "",
				             protocol_reasons[r], (unsigned long long)prog[i].rejected[r]);
				if (w > 0 && (size_t)w < sizeof(rej) - o)
					o += (size_t)w;
			}
			const char *row[6] = { sites[i]->site, through, events, seen, off, rej };
			cli_table_add(t, row);
		}
		cli_table_print(t, stdout);
		cli_table_destroy(&t);
		for (int r = 0; r < REASON_COUNT; r++)
			if (global.rejected[r] != 0)
				printf(_("refused without an enrolled site: %s=%llu\n"), protocol_reasons[r],
				       (unsigned long long)global.rejected[r]);
		rc = EXIT_DONE;
		goto out;
	}
fail:
	if (rc != EXIT_DONE)
		cli_error(g, _("cannot read the store: %s"), qp_errtext(e));
out:
	free(prog);
	cstore_sites_free(sites, n);
	store_txn_end(&txn);
	cstore_close(&cs);
	return rc;
}
