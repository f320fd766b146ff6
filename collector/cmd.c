/*
 * qp-collector's administration commands: init, key, enroll, revoke,
 * sites, status, catalogue, export, backup.
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
#include "domain.h"
#include "keys.h"

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int
collector_open(const cli_globals *g, cstore **out)
{
	char err[512] = "";
	int e = cstore_open(g->data, g->config, false, out, err, sizeof(err));

	return cli_open_result(g, e, err);
}

/* ------------------------------------------------------------------ init */

struct init_state {
	char err[256];
};

static int
init_store(store_txn *txn, void *arg)
{
	uint8_t *buf = NULL;
	size_t len;
	int e;

	(void)arg;
	/* Version 1: agents start at 0 and so get the centre's copy at once. */
	if ((e = domain_default_central(1, &buf, &len)) != 0)
		return e;
	e = store_put(txn, C_CENTRAL, CENTRAL_KEY, strlen(CENTRAL_KEY), buf, len);
	free(buf);
	if (e != 0)
		return e;
	return cstore_meta_put(txn, META_REGISTRY, 1);
}

static int
write_config(const char *path, const char *listen, const char *map_max)
{
	FILE *fp;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);

	if (fd < 0)
		return -1;
	fp = fdopen(fd, "w");
	if (fp == NULL) {
		close(fd);
		return -1;
	}
	fprintf(fp,
	        "# qp-collector configuration (written by qp-collector init)\n"
	        "[collector]\nlisten = %s\n\n"
	        "[store]\nmap_max = %s\n\n"
	        "[sync]\n# heartbeat_ms = 5000\n# credit = 8\n"
	        "# max_batch_events = 1000\n# group_max = 512\n",
	        listen, map_max);
	if (fflush(fp) != 0 || fsync(fileno(fp)) != 0) {
		fclose(fp);
		return -1;
	}
	return fclose(fp);
}

int
cmd_init(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "map-max", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	const char *listen = "tcp://127.0.0.1:7700", *map_max = "8G";
	char *cfgpath = NULL, *secret = NULL, *public = NULL, *storedir = NULL;
	char text[KEY_TEXT_LEN + 1], err[512];
	struct init_state is = { "" };
	keypair *kp = NULL;
	cstore *cs = NULL;
	struct stat st;
	int ch, rc = EXIT_RUNTIME, e;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'l': listen = optarg; break;
		case 'm': map_max = optarg; break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (optind != argc)
		return cli_usage(g, cmd, "unexpected argument '%s'", argv[optind]);
	if (!cli_endpoint_valid(listen))
		return cli_usage(g, cmd, "--listen: expected tcp://HOST:PORT, got \"%s\"", listen);
	cfgpath = g->config ? strdup(g->config) : cstore_path(g->data, "collector.ini");
	secret = cstore_path(g->data, "collector.key");
	public = cstore_path(g->data, "collector.pub");
	storedir = cstore_path(g->data, "store");
	if (cfgpath == NULL || secret == NULL || public == NULL || storedir == NULL)
		goto out;
	if (stat(cfgpath, &st) == 0 || stat(secret, &st) == 0 || stat(storedir, &st) == 0) {
		cli_error(g, "%s is already initialised; nothing was changed", g->data);
		rc = EXIT_USAGE;
		goto out;
	}
	if (cli_mkdirs(g->data, 0700) != 0) {
		cli_error(g, "%s: %s", g->data, strerror(errno));
		goto out;
	}
	if (keys_init() != 0 || keypair_generate(&kp) != 0) {
		cli_error(g, "cannot make a key pair");
		goto out;
	}
	if ((e = keypair_save(kp, secret, public)) != 0) {
		cli_error(g, "%s: cannot save the key pair: %s", secret, qp_strerror(e));
		goto out;
	}
	if (write_config(cfgpath, listen, map_max) != 0) {
		cli_error(g, "%s: %s", cfgpath, strerror(errno));
		goto out;
	}
	if ((e = cstore_open(g->data, g->config, true, &cs, err, sizeof(err))) != 0) {
		cli_error(g, "%s", err);
		rc = cli_exit_of(e);
		goto out;
	}
	if ((e = store_write(cs->st, init_store, &is)) != 0) {
		cli_error(g, "cannot initialise the store: %s", qp_strerror(e));
		goto out;
	}
	key_to_text(keypair_public(kp), text);
	fprintf(stderr, "qp-collector: initialised in %s, listening on %s once "
	        "'qp-collector run' starts; sites use this key:\n", g->data, listen);
	printf("%s\n", text);
	rc = EXIT_DONE;
out:
	cstore_close(&cs);
	keypair_destroy(&kp);
	free(cfgpath);
	free(secret);
	free(public);
	free(storedir);
	return rc;
}

int
cmd_key(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	char *secret;
	char text[KEY_TEXT_LEN + 1];
	keypair *kp = NULL;
	int e;

	if (argc > 1)
		return cli_usage(g, cmd, "unexpected argument '%s'", argv[1]);
	secret = cstore_path(g->data, "collector.key");
	if (secret == NULL || keys_init() != 0) {
		free(secret);
		return EXIT_RUNTIME;
	}
	if ((e = keypair_load(secret, &kp)) != 0) {
		cli_error(g, "%s: %s", secret, e == QP_ENOTFOUND ?
		          "no key; run 'qp-collector init' first" : qp_strerror(e));
		free(secret);
		return EXIT_RUNTIME;
	}
	key_to_text(keypair_public(kp), text);
	printf("%s\n", text);
	keypair_destroy(&kp);
	free(secret);
	return EXIT_DONE;
}

/* --------------------------------------------------------------- registry */

struct enroll_ctx {
	const char *site, *name, *labelled;
	const uint8_t *key;
	bool revoke;
	bool replaced;
	char err[256];
};

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
			snprintf(ec->err, sizeof(ec->err), "SITE: \"%s\" is not enrolled", ec->site);
			return QP_EINVAL;
		}
		rec = *old;
		rec.revoked = true;
	} else {
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
			rec.enrolled_at_ms = now_ms();
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
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (argc - optind != 2)
		return cli_usage(g, cmd, "expected SITE and PUBKEY");
	ec.site = argv[optind];
	if (!domain_site_id_valid(ec.site))
		return cli_usage(g, cmd, "SITE: expected [a-z0-9-]{1,40} starting with a letter "
		                 "(eps-centre, eps-05 ... eps-20), got \"%s\"", ec.site);
	if (key_from_text(argv[optind + 1], key) != 0)
		return cli_usage(g, cmd, "PUBKEY: expected the %d-character key that "
		                 "'qp-agent key' prints, got \"%s\"", KEY_TEXT_LEN, argv[optind + 1]);
	if (ec.labelled != NULL && (cal_parse_period(ec.labelled, &p) != 0 || p.kind != CAL_MONTH))
		return cli_usage(g, cmd, "--labelled-since: expected YYYY-MM, got \"%s\"", ec.labelled);
	if (ec.name != NULL && !domain_utf8_valid(ec.name, strlen(ec.name)))
		return cli_usage(g, cmd, "--name: expected UTF-8 text");
	ec.key = key;
	if ((rc = collector_open(g, &cs)) != 0)
		return rc;
	if ((e = store_write(cs->st, enroll_txn, &ec)) != 0) {
		cli_error(g, "%s", ec.err[0] ? ec.err : qp_strerror(e));
		cstore_close(&cs);
		return cli_exit_of(e);
	}
	cstore_wake(cs);
	fprintf(stderr, "qp-collector: %s %s\n", ec.site,
	        ec.replaced ? "key replaced" : "enrolled");
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
		return cli_usage(g, cmd, "expected one SITE");
	ec.site = argv[1];
	if (!domain_site_id_valid(ec.site))
		return cli_usage(g, cmd, "SITE: expected a site id, got \"%s\"", ec.site);
	if ((rc = collector_open(g, &cs)) != 0)
		return rc;
	if ((e = store_write(cs->st, enroll_txn, &ec)) != 0) {
		cli_error(g, "%s", ec.err[0] ? ec.err : qp_strerror(e));
		cstore_close(&cs);
		return cli_exit_of(e);
	}
	cstore_wake(cs);
	fprintf(stderr, "qp-collector: %s revoked; its messages are refused from now on\n",
	        ec.site);
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
		cli_error(g, "cannot read the store: %s", qp_strerror(e));
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
			json_object_set_new(o, cstore_reasons[r], json_integer((json_int_t)p->rejected[r]));
	return o;
}

static json_t *
time_json(int64_t ms)
{
	char buf[CAL_TEXT_MAX];

	return ms ? json_string(cal_format_utc(ms, buf)) : json_null();
}

/* Events the site said it had (at its last hello) and we do not hold. */
static uint64_t
lag(const site_progress *p)
{
	return p->reported_next_seq > p->stored_through + 1
	       ? p->reported_next_seq - 1 - p->stored_through : 0;
}

/*
 * The Prometheus text format, for node_exporter's textfile collector
 * (`qp-collector status --format prometheus > DIR/qualiparis.prom.$$ && mv`).
 */
static int
print_prometheus(Qp__SiteRecord **sites, const site_progress *prog, size_t n,
                 const site_progress *global)
{
	static const struct { const char *name, *type, *help; } m[] = {
		{ "qualiparis_site_stored_through", "gauge", "Highest seq stored, contiguous from 1." },
		{ "qualiparis_site_events_total", "counter", "Events stored." },
		{ "qualiparis_site_lag_events", "gauge", "Events the site reported at its last hello and not yet stored." },
		{ "qualiparis_site_last_seen_timestamp_seconds", "gauge", "Last message from the site (collector clock); 0 if never." },
		{ "qualiparis_site_clock_offset_seconds", "gauge", "Site clock minus collector clock." },
		{ "qualiparis_site_revoked", "gauge", "1 if the site is revoked." },
		{ "qualiparis_site_replies_unsent_total", "counter", "Replies the site's queue could not take." },
		{ "qualiparis_site_rejected_total", "counter", "Messages refused, by reason." },
		{ "qualiparis_rejected_total", "counter", "Messages refused that name no enrolled site, by reason." },
	};

	for (size_t k = 0; k < sizeof(m) / sizeof(m[0]); k++) {
		printf("# HELP %s %s\n# TYPE %s %s\n", m[k].name, m[k].help, m[k].name, m[k].type);
		for (size_t i = 0; i < n && k < 8; i++) {
			const site_progress *p = &prog[i];
			const char *s = sites[i]->site;
			switch (k) {
			case 0: printf("%s{site=\"%s\"} %llu\n", m[k].name, s, (unsigned long long)p->stored_through); break;
			case 1: printf("%s{site=\"%s\"} %llu\n", m[k].name, s, (unsigned long long)p->events); break;
			case 2: printf("%s{site=\"%s\"} %llu\n", m[k].name, s, (unsigned long long)lag(p)); break;
			case 3: printf("%s{site=\"%s\"} %.3f\n", m[k].name, s, p->last_seen_ms / 1000.0); break;
			case 4: printf("%s{site=\"%s\"} %.3f\n", m[k].name, s, p->clock_offset_ms / 1000.0); break;
			case 5: printf("%s{site=\"%s\"} %d\n", m[k].name, s, sites[i]->revoked ? 1 : 0); break;
			case 6: printf("%s{site=\"%s\"} %llu\n", m[k].name, s, (unsigned long long)p->replies_unsent); break;
			case 7:
				for (int r = 0; r < REASON_COUNT; r++)
					printf("%s{site=\"%s\",reason=\"%s\"} %llu\n", m[k].name, s,
					       cstore_reasons[r], (unsigned long long)p->rejected[r]);
				break;
			}
		}
		if (k == 8)
			for (int r = 0; r < REASON_COUNT; r++)
				printf("%s{reason=\"%s\"} %llu\n", m[k].name, cstore_reasons[r],
				       (unsigned long long)global->rejected[r]);
	}
	return fflush(stdout) == 0 ? EXIT_DONE : EXIT_RUNTIME;
}

int
cmd_status(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	Qp__SiteRecord **sites = NULL;
	store_txn *txn = NULL;
	site_progress global, *prog = NULL;
	cstore *cs = NULL;
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	bool json = false, prom = false;
	size_t n = 0;
	int ch, rc, e;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'j': json = true; break;
		case 'f':
			if (strcmp(optarg, "json") == 0)
				json = true;
			else if (strcmp(optarg, "prometheus") == 0)
				prom = true;
			else if (strcmp(optarg, "text") != 0)
				return cli_usage(g, cmd, "--format: expected text, json or prometheus, "
				                 "got \"%s\"", optarg);
			break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (optind != argc)
		return cli_usage(g, cmd, "unexpected argument '%s'", argv[optind]);
	if ((rc = collector_open(g, &cs)) != 0)
		return rc;
	rc = EXIT_RUNTIME;
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
	if (prom) {
		rc = print_prometheus(sites, prog, n, &global);
		goto out;
	}
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
			        "lag", (json_int_t)lag(&prog[i])));
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
				             cstore_reasons[r], (unsigned long long)prog[i].rejected[r]);
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
				printf("refusés sans site enrôlé : %s=%llu\n", cstore_reasons[r],
				       (unsigned long long)global.rejected[r]);
		rc = EXIT_DONE;
		goto out;
	}
fail:
	cli_error(g, "cannot read the store: %s", qp_strerror(e));
out:
	free(prog);
	cstore_sites_free(sites, n);
	store_txn_end(&txn);
	cstore_close(&cs);
	return rc;
}

/* ------------------------------------------------------------- catalogue */

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
		cli_error(g, "cannot read the central state: %s", qp_strerror(e));
		store_txn_end(&txn);
		cstore_close(&cs);
		return EXIT_RUNTIME;
	}
	store_txn_end(&txn);
	if (json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < central->n_catalogue; i++) {
			const Qp__CatalogueEntry *c = central->catalogue[i];
			json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:f, s:s}",
			                      "code", c->code, "engagement", c->engagement,
			                      "period", c->periodicity, "target", c->target,
			                      "label", c->label));
		}
		rc = cli_print_json(json_pack("{s:I, s:o}", "version",
		                              (json_int_t)central->version, "indicators", arr));
	} else {
		const char *hdr[] = { "indicateur", "engagement", "période", "cible", "mesure" };
		cli_table *t = cli_table_new(5, hdr);
		for (size_t i = 0; i < central->n_catalogue; i++) {
			const Qp__CatalogueEntry *c = central->catalogue[i];
			char target[16];
			snprintf(target, sizeof(target), "%.0f %%", c->target * 100);
			const char *row[5] = { c->code, c->engagement, c->periodicity, target, c->label };
			cli_table_add(t, row);
		}
		cli_table_print(t, stdout);
		cli_table_destroy(&t);
		printf("version %llu\n", (unsigned long long)central->version);
		rc = EXIT_DONE;
	}
	codec_free((ProtobufCMessage **)&central);
	cstore_close(&cs);
	return rc;
}

struct target_ctx {
	const char *code;
	double target;
	uint64_t version;
	char err[256];
};

static int
target_txn(store_txn *txn, void *arg)
{
	struct target_ctx *tc = arg;
	Qp__CentralState *central = NULL;
	bool found = false;
	int e;

	if ((e = cstore_central_get(txn, &central)) != 0)
		return e;
	for (size_t i = 0; i < central->n_catalogue; i++) {
		if (strcmp(central->catalogue[i]->code, tc->code) == 0) {
			central->catalogue[i]->target = tc->target;
			found = true;
		}
	}
	if (!found) {
		size_t o = 0;
		int w = snprintf(tc->err, sizeof(tc->err), "CODE: unknown indicator \"%s\"; "
		                 "the catalogue has:", tc->code);
		o = w > 0 ? (size_t)w : 0;
		for (size_t i = 0; i < central->n_catalogue && o < sizeof(tc->err); i++) {
			w = snprintf(tc->err + o, sizeof(tc->err) - o, " %s", central->catalogue[i]->code);
			if (w > 0)
				o += (size_t)w;
		}
		codec_free((ProtobufCMessage **)&central);
		return QP_EINVAL;
	}
	central->version++;
	tc->version = central->version;
	e = cstore_central_put(txn, central);
	codec_free((ProtobufCMessage **)&central);
	return e;
}

int
cmd_catalogue_set(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "target", required_argument, NULL, 't' }, { NULL, 0, NULL, 0 },
	};
	struct target_ctx tc = { 0 };
	const char *target = NULL;
	char *end;
	cstore *cs = NULL;
	int ch, rc, e;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch != 't')
			return cli_unknown_option(g, cmd, argv);
		target = optarg;
	}
	if (argc - optind != 1)
		return cli_usage(g, cmd, "expected one indicator CODE");
	if (target == NULL)
		return cli_usage(g, cmd, "--target is required");
	errno = 0;
	tc.target = strtod(target, &end);
	if (errno != 0 || end == target || *end != '\0' || !isfinite(tc.target) ||
	    tc.target < 0 || tc.target > 1)
		return cli_usage(g, cmd, "--target: expected a rate from 0 to 1 (e.g. 0.85), "
		                 "got \"%s\"", target);
	tc.code = argv[optind];
	if ((rc = collector_open(g, &cs)) != 0)
		return rc;
	if ((e = store_write(cs->st, target_txn, &tc)) != 0) {
		cli_error(g, "%s", tc.err[0] ? tc.err : qp_strerror(e));
		cstore_close(&cs);
		return cli_exit_of(e);
	}
	cstore_wake(cs);
	fprintf(stderr, "qp-collector: %s target %.2f; central version %llu goes to every "
	        "site on its next contact\n", tc.code, tc.target, (unsigned long long)tc.version);
	cstore_close(&cs);
	return EXIT_DONE;
}

/* ---------------------------------------------------------------- export */

static void
csv_event(FILE *fp, const Qp__Event *ev)
{
	json_t *o = codec_event_json(ev), *v;
	const char *k;
	char *details = NULL;
	json_t *rest = json_object();

	json_object_foreach(o, k, v) {
		if (strcmp(k, "site") && strcmp(k, "seq") && strcmp(k, "recorded_at") &&
		    strcmp(k, "author") && strcmp(k, "date") && strcmp(k, "kind"))
			json_object_set(rest, k, v);
	}
	details = json_dumps(rest, JSON_COMPACT | JSON_PRESERVE_ORDER);
	review_csv_field(fp, ev->site);
	fprintf(fp, ",%llu,", (unsigned long long)ev->seq);
	review_csv_field(fp, json_string_value(json_object_get(o, "recorded_at")));
	fputc(',', fp);
	review_csv_field(fp, ev->author);
	fputc(',', fp);
	review_csv_field(fp, ev->business_date);
	fputc(',', fp);
	review_csv_field(fp, codec_event_kind(ev));
	fputc(',', fp);
	review_csv_field(fp, details ? details : "");
	fputs("\r\n", fp);
	free(details);
	json_decref(rest);
	json_decref(o);
}

int
cmd_export(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "site", required_argument, NULL, 's' },
		{ "year", required_argument, NULL, 'y' },
		{ NULL, 0, NULL, 0 },
	};
	const char *format = NULL, *site = NULL, *year = NULL, *kind;
	unsigned long long y;
	store_txn *txn = NULL;
	store_cursor *c = NULL;
	store_val k, v;
	uint8_t start[EVENT_KEY_MAX];
	size_t slen = 0;
	bool json;
	cstore *cs = NULL;
	int ch, rc, e, first = 1;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'f': format = optarg; break;
		case 's': site = optarg; break;
		case 'y':
			if (!cli_parse_u64(optarg, &y) || strlen(optarg) != 4)
				return cli_usage(g, cmd, "--year: expected YYYY, got \"%s\"", optarg);
			year = optarg;
			break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (argc - optind != 1)
		return cli_usage(g, cmd, "expected KIND (indicators, checks, cleaning, actions, "
		                 "reviews or events)");
	kind = argv[optind];
	if (strcmp(kind, "events") != 0 && !review_export_kind_valid(kind))
		return cli_usage(g, cmd, "KIND: expected indicators, checks, cleaning, actions, "
		                 "reviews or events, got \"%s\"", kind);
	if (format == NULL || (strcmp(format, "json") != 0 && strcmp(format, "csv") != 0))
		return cli_usage(g, cmd, "--format: expected csv or json, got \"%s\"",
		                 format ? format : "");
	if (site != NULL && !domain_site_id_valid(site))
		return cli_usage(g, cmd, "--site: expected a site id, got \"%s\"", site);
	json = strcmp(format, "json") == 0;
	if ((rc = collector_open(g, &cs)) != 0)
		return rc;
	rc = EXIT_RUNTIME;
	if (strcmp(kind, "events") != 0) {
		/* The record kinds: latest non-voided versions (review_export.c). */
		if ((e = store_read(cs->st, &txn)) != 0 ||
		    (e = review_export(txn, kind, json, site, year ? (int)y : 0, stdout)) != 0)
			goto fail;
		rc = fflush(stdout) == 0 ? EXIT_DONE : EXIT_RUNTIME;
		goto out;
	}
	if ((e = store_read(cs->st, &txn)) != 0 || (e = store_cursor_open(txn, C_EVENTS, &c)) != 0)
		goto fail;
	if (site != NULL)
		slen = cstore_event_key(start, site, 0) - 8;
	if (json)
		fputs("{\"events\": [", stdout);
	else
		fputs("site,seq,recorded_at,author,date,kind,details\r\n", stdout);
	for (e = store_cursor_seek(c, site ? start : NULL, slen, &k, &v); e == 0;
	     e = store_cursor_next(c, &k, &v)) {
		Qp__Event *ev = NULL;
		if (site != NULL && (k.len < slen || memcmp(k.data, start, slen) != 0)) {
			e = QP_ENOTFOUND;     /* past the site's events: done */
			break;
		}
		if ((e = codec_event_unpack(v.data, v.len, &ev)) != 0)
			goto fail;
		if (year == NULL || strncmp(ev->business_date, year, 4) == 0) {
			if (json) {
				json_t *o = codec_event_json(ev);
				char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
				printf("%s\n  %s", first ? "" : ",", s ? s : "{}");
				free(s);
				json_decref(o);
			} else {
				csv_event(stdout, ev);
			}
			first = 0;
		}
		codec_event_free(&ev);
	}
	if (e != QP_ENOTFOUND)
		goto fail;
	if (json)
		fputs("\n]}\n", stdout);
	rc = fflush(stdout) == 0 ? EXIT_DONE : EXIT_RUNTIME;
	goto out;
fail:
	cli_error(g, "cannot read the %s: %s", kind, qp_strerror(e));
out:
	store_cursor_close(&c);
	store_txn_end(&txn);
	cstore_close(&cs);
	return rc;
}

/* ---------------------------------------------------------------- backup */

static int
copy_file(const char *from, const char *to, mode_t mode)
{
	char buf[8192];
	ssize_t n;
	int in, out, rc = -1;

	in = open(from, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -1;
	out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (out < 0) {
		close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			goto out;
	if (n == 0 && fsync(out) == 0)
		rc = 0;
out:
	close(in);
	if (close(out) != 0)
		rc = -1;
	return rc;
}

int
cmd_backup(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	static const char *const files[][2] = {
		{ "collector.key", "600" }, { "collector.pub", "644" },
	};
	char *storedir = NULL, *from = NULL, *to = NULL;
	const char *dir;
	cstore *cs = NULL;
	struct stat st;
	int rc, e;

	if (argc != 2)
		return cli_usage(g, cmd, "expected the backup DIR");
	dir = argv[1];
	if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode))
		return cli_usage(g, cmd, "DIR: %s exists and is not a directory", dir);
	if ((rc = collector_open(g, &cs)) != 0)
		return rc;
	rc = EXIT_RUNTIME;
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		cli_error(g, "%s: %s", dir, strerror(errno));
		goto out;
	}
	storedir = cstore_path(dir, "store");
	if (storedir == NULL)
		goto out;
	if (stat(storedir, &st) == 0) {
		cli_error(g, "%s already holds a backup; choose an empty directory", dir);
		rc = EXIT_USAGE;
		goto out;
	}
	if ((e = store_backup(cs->st, storedir)) != 0) {
		cli_error(g, "%s: cannot copy the store: %s", storedir, qp_strerror(e));
		goto out;
	}
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		free(from);
		free(to);
		from = cstore_path(g->data, files[i][0]);
		to = cstore_path(dir, files[i][0]);
		if (from == NULL || to == NULL ||
		    copy_file(from, to, (mode_t)strtol(files[i][1], NULL, 8)) != 0) {
			cli_error(g, "%s: cannot copy: %s", files[i][0], strerror(errno));
			goto out;
		}
	}
	free(from);
	free(to);
	from = strdup(cs->config_path);
	to = cstore_path(dir, "collector.ini");
	if (from == NULL || to == NULL || copy_file(from, to, 0644) != 0) {
		cli_error(g, "%s: cannot copy: %s", cs->config_path, strerror(errno));
		goto out;
	}
	fprintf(stderr, "qp-collector: backup written to %s (use it as --data to restore)\n", dir);
	rc = EXIT_DONE;
out:
	free(from);
	free(to);
	free(storedir);
	cstore_close(&cs);
	return rc;
}
