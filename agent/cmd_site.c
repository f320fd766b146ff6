/*
 * The site's own commands: init, key, key rotate, status, planning, and the
 * helpers every record command shares.
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

int
agent_open(const cli_globals *g, site **out)
{
	char err[512] = "";
	int e = site_open(g->data, g->config, false, out, err, sizeof(err));

	return cli_open_result(g, e, err);
}

const char *
agent_author(const char *by)
{
	const char *u;
	struct passwd *pw;

	if (by != NULL)
		return by;
	u = getenv("USER");
	if (u != NULL && u[0] != '\0')
		return u;
	pw = getpwuid(getuid());
	return pw != NULL ? pw->pw_name : "";
}

char *
agent_today(char *buf)
{
	return cal_format_date(cal_paris_day(site_now_ms()), buf);
}

int
agent_date_opt(const cli_globals *g, const cli_command *cmd, const char *field,
               const char *value, char *buf)
{
	cal_day d;

	if (value == NULL) {
		agent_today(buf);
		return 0;
	}
	if (cal_parse_date(value, &d) != 0)
		return cli_usage(g, cmd, "%s: expected a date YYYY-MM-DD, got \"%s\"",
		                 field, value);
	cal_format_date(d, buf);
	return 0;
}

int
agent_record(const cli_globals *g, site *s, Qp__Event *ev, bool want_ledger,
             site_prepare_fn prepare, void *ctx, uint64_t *seq)
{
	char err[512];
	uint64_t local;
	int e = site_record(s, ev, want_ledger, prepare, ctx, seq ? seq : &local,
	                    err, sizeof(err));

	if (e != 0) {
		cli_error(g, "%s", err);
		return cli_exit_of(e);
	}
	return EXIT_DONE;
}

static int
write_config(const char *path, const char *site_id, const char *endpoint,
             const char *key, const char *map_max)
{
	FILE *fp;
	int fd;

	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	fp = fdopen(fd, "w");
	if (fp == NULL) {
		close(fd);
		return -1;
	}
	fprintf(fp,
	        "# qp-agent configuration (written by qp-agent init)\n"
	        "[agent]\nsite = %s\n\n"
	        "[collector]\nendpoint = %s\nkey = %s\n\n"
	        "[store]\nmap_max = %s\n\n"
	        "[sync]\n# batch_events = 1000\n# window = 8\n"
	        "# heartbeat_ms = 5000\n# reconnect_min_ms = 500\n"
	        "# reconnect_max_ms = 60000\n# timeout_s = 30\n",
	        site_id, endpoint, key, map_max);
	if (fflush(fp) != 0 || fsync(fileno(fp)) != 0) {
		fclose(fp);
		return -1;
	}
	return fclose(fp);
}

struct init_state {
	site *s;
	const char *author;
	const char *since;
	char err[256];
};

static int
init_store(store_txn *txn, void *arg)
{
	struct init_state *is = arg;
	const domain_check *chk;
	size_t nchk;
	uint8_t *buf = NULL;
	size_t len;
	uint64_t next, seq;
	int e;

	/* Run twice if the map grows: start from what is there. */
	if ((e = site_meta_get(txn, META_NEXT_SEQ, &next)) != 0)
		return e;
	if (next != 0) {
		snprintf(is->err, sizeof(is->err), "the store is already initialised");
		return QP_EEXIST;
	}
	if ((e = store_put(txn, T_META, META_SITE, strlen(META_SITE), is->s->cfg.site,
	                   strlen(is->s->cfg.site))) != 0 ||
	    (e = site_meta_put(txn, META_NEXT_SEQ, 1)) != 0 ||
	    (e = site_meta_put(txn, META_ACKED, 0)) != 0 ||
	    (e = site_meta_put(txn, META_NEXT_ACTION, 1)) != 0 ||
	    (e = site_meta_put(txn, META_CREATED, (uint64_t)site_now_ms())) != 0)
		return e;

	/* Central state version 0: the catalogue the agent ships with. */
	if ((e = domain_default_central(0, &buf, &len)) != 0)
		goto out;
	if ((e = store_put(txn, T_CENTRAL, CENTRAL_STATE, strlen(CENTRAL_STATE),
	                   buf, len)) != 0)
		goto out;

	/* The default check table, as the site's first records. */
	chk = domain_default_checks(&nchk);
	for (size_t i = 0; i < nchk; i++) {
		Qp__Event ev = QP__EVENT__INIT;
		Qp__CheckDefinition def = QP__CHECK_DEFINITION__INIT;

		def.id = (char *)chk[i].id;
		def.label = (char *)chk[i].label;
		def.engagement = (char *)chk[i].engagement;
		def.periodicity = (char *)chk[i].periodicity;
		def.role = (char *)chk[i].role;
		def.active = true;
		def.since = (char *)is->since;
		ev.author = (char *)is->author;
		ev.business_date = (char *)is->since;
		ev.recorded_at_ms = site_now_ms();
		ev.body_case = QP__EVENT__BODY_CHECK_DEFINITION;
		ev.check_definition = &def;
		if ((e = site_append(is->s, txn, &ev, &seq, is->err, sizeof(is->err))) != 0)
			goto out;
	}
out:
	free(buf);
	return e;
}

/* No spaces or control characters: the value goes into the INI file as is. */
static bool
one_word(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || *s == 0x7f)
			return false;
	return true;
}

/* Removes what a failed init made (NULL: not made by it). */
static void
init_undo(const char *data, const char *cfgpath, const char *secret,
          const char *public, const char *storedir)
{
	if (storedir != NULL) {
		char *f;
		if ((f = site_path(storedir, "data.mdb")) != NULL)
			(void)unlink(f);
		free(f);
		if ((f = site_path(storedir, "lock.mdb")) != NULL)
			(void)unlink(f);
		free(f);
		(void)rmdir(storedir);
	}
	if (secret != NULL)
		(void)unlink(secret);
	if (public != NULL)
		(void)unlink(public);
	if (cfgpath != NULL)
		(void)unlink(cfgpath);
	if (data != NULL)
		(void)rmdir(data);
}

int
cmd_init(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "site", required_argument, NULL, 's' },
		{ "collector", required_argument, NULL, 'c' },
		{ "collector-key", required_argument, NULL, 'k' },
		{ "since", required_argument, NULL, 'S' },
		{ "map-max", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	const char *site_id = NULL, *endpoint = NULL, *key = NULL, *since = NULL;
	const char *map_max = "1G";
	char since_buf[11], keytext[KEY_TEXT_LEN + 1];
	char *cfgpath = NULL, *secret = NULL, *public = NULL, *storedir = NULL;
	uint8_t ckey[KEY_BYTES];
	keypair *kp = NULL;
	site *s = NULL;
	struct init_state is = { 0 };
	agent_config cfg = { 0 };
	struct stat st;
	bool made_dir = false, made_cfg = false, made_keys = false, made_store = false;
	bool had_public = false;
	int ch, rc = EXIT_RUNTIME, e;
	char err[512];

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 's': site_id = optarg; break;
		case 'c': endpoint = optarg; break;
		case 'k': key = optarg; break;
		case 'S': since = optarg; break;
		case 'm': map_max = optarg; break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (optind != argc)
		return cli_usage(g, cmd, "unexpected argument '%s'", argv[optind]);
	if (site_id == NULL || endpoint == NULL || key == NULL)
		return cli_usage(g, cmd, "--site, --collector and --collector-key are required");
	if (!domain_site_id_valid(site_id))
		return cli_usage(g, cmd, "--site: expected [a-z0-9-]{1,40} starting with a "
		                 "letter (eps-centre, eps-05 ... eps-20), got \"%s\"", site_id);
	if (!cli_endpoint_valid(endpoint) || !one_word(endpoint))
		return cli_usage(g, cmd, "--collector: expected tcp://HOST:PORT, got \"%s\"",
		                 endpoint);
	if (key_from_text(key, ckey) != 0)
		return cli_usage(g, cmd, "--collector-key: expected the %d-character key "
		                 "that 'qp-collector key' prints, got \"%s\"", KEY_TEXT_LEN, key);
	if ((rc = agent_date_opt(g, cmd, "--since", since, since_buf)) != 0)
		return rc;
	rc = EXIT_RUNTIME;

	cfgpath = g->config ? strdup(g->config) : site_path(g->data, "agent.ini");
	secret = site_path(g->data, "site.key");
	public = site_path(g->data, "site.pub");
	storedir = site_path(g->data, "store");
	if (cfgpath == NULL || secret == NULL || public == NULL || storedir == NULL)
		goto out;
	if (stat(cfgpath, &st) == 0 || stat(secret, &st) == 0 || stat(storedir, &st) == 0) {
		cli_error(g, "%s is already initialised (found %s); nothing was changed",
		          g->data, stat(cfgpath, &st) == 0 ? cfgpath :
		          stat(secret, &st) == 0 ? secret : storedir);
		rc = EXIT_USAGE;
		goto out;
	}
	/* From here on, a failure removes what this init made: nothing is left
	 * half done, and init can simply be run again. */
	if (stat(g->data, &st) != 0 && cli_mkdirs(g->data, 0700) == 0)
		made_dir = true;
	else if (stat(g->data, &st) != 0) {
		cli_error(g, "%s: %s", g->data, strerror(errno));
		goto out;
	}
	if (write_config(cfgpath, site_id, endpoint, key, map_max) != 0) {
		cli_error(g, "%s: %s", cfgpath, strerror(errno));
		goto out;
	}
	made_cfg = true;
	/* The configuration as every later command reads it: --map-max must parse. */
	e = config_load(cfgpath, agent_config_options, &cfg, err, sizeof(err));
	/* What reads back must be what was given (';' or '#' start a comment). */
	if (e == 0 && (cfg.endpoint == NULL || strcmp(cfg.endpoint, endpoint) != 0)) {
		config_free(agent_config_options, &cfg);
		rc = cli_usage(g, cmd, "--collector: expected tcp://HOST:PORT, got \"%s\"",
		               endpoint);
		goto out;
	}
	config_free(agent_config_options, &cfg);
	if (e != 0) {
		if (strstr(err, "map_max") != NULL)
			cli_usage(g, cmd, "--map-max: expected a size from 1M to 1T such as "
			          "512M or 2G, got \"%s\"", map_max);
		else
			cli_usage(g, cmd, "%s", err);
		rc = EXIT_USAGE;
		goto out;
	}
	if (keys_init() != 0 || keypair_generate(&kp) != 0) {
		cli_error(g, "cannot make a key pair");
		goto out;
	}
	had_public = stat(public, &st) == 0;
	made_keys = true;
	if ((e = keypair_save(kp, secret, public)) != 0) {
		cli_error(g, "%s: cannot save the key pair: %s", secret, qp_strerror(e));
		goto out;
	}
	made_store = true;
	if ((e = site_open(g->data, g->config, true, &s, err, sizeof(err))) != 0) {
		cli_error(g, "%s", err);
		rc = cli_exit_of(e);
		goto out;
	}
	is.s = s;
	is.author = agent_author(NULL);
	is.since = since_buf;
	if ((e = store_write(s->st, init_store, &is)) != 0) {
		cli_error(g, "cannot initialise the store: %s",
		          is.err[0] ? is.err : qp_strerror(e));
		rc = cli_exit_of(e);
		goto out;
	}
	key_to_text(keypair_public(kp), keytext);
	fprintf(stderr, "qp-agent: site %s initialised in %s; enroll it at the centre with:\n"
	        "  qp-collector enroll %s %s\n", site_id, g->data, site_id, keytext);
	printf("%s\n", keytext);
	rc = EXIT_DONE;
out:
	site_close(&s);
	if (rc != EXIT_DONE)
		init_undo(made_dir ? g->data : NULL, made_cfg ? cfgpath : NULL,
		          made_keys ? secret : NULL, made_keys && !had_public ? public : NULL,
		          made_store ? storedir : NULL);
	keypair_destroy(&kp);
	free(cfgpath);
	free(secret);
	free(public);
	free(storedir);
	return rc;
}

static int
no_args(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	if (argc > 1)
		return cli_usage(g, cmd, "unexpected argument '%s'", argv[1]);
	return 0;
}

int
cmd_key(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	char *secret = site_path(g->data, "site.key");
	char text[KEY_TEXT_LEN + 1];
	keypair *kp = NULL;
	int e, rc;

	if ((rc = no_args(g, cmd, argc, argv)) != 0) {
		free(secret);
		return rc;
	}
	if (secret == NULL || keys_init() != 0) {
		free(secret);
		return EXIT_RUNTIME;
	}
	e = keypair_load(secret, &kp);
	if (e != 0) {
		cli_error(g, "%s: %s", secret, e == QP_ENOTFOUND ?
		          "no key; run 'qp-agent init' first" : qp_strerror(e));
		free(secret);
		return EXIT_RUNTIME;
	}
	key_to_text(keypair_public(kp), text);
	printf("%s\n", text);
	keypair_destroy(&kp);
	free(secret);
	return EXIT_DONE;
}

int
cmd_key_rotate(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	char *secret = NULL, *public = NULL;
	char text[KEY_TEXT_LEN + 1];
	keypair *kp = NULL;
	site *s = NULL;
	int e, rc;

	if ((rc = no_args(g, cmd, argc, argv)) != 0)
		return rc;
	/* Opening the site proves it is initialised before the key changes. */
	if ((rc = agent_open(g, &s)) != 0)
		return rc;
	rc = EXIT_RUNTIME;
	secret = site_path(g->data, "site.key");
	public = site_path(g->data, "site.pub");
	if (secret == NULL || public == NULL || keys_init() != 0 ||
	    keypair_generate(&kp) != 0)
		goto out;
	if ((e = keypair_save(kp, secret, public)) != 0) {
		cli_error(g, "%s: cannot save the new key pair: %s", secret, qp_strerror(e));
		goto out;
	}
	key_to_text(keypair_public(kp), text);
	fprintf(stderr, "qp-agent: new key pair for %s; records queue until the centre "
	        "enrolls it:\n  qp-collector enroll %s %s\n", s->cfg.site, s->cfg.site, text);
	printf("%s\n", text);
	site_wake(s);
	rc = EXIT_DONE;
out:
	keypair_destroy(&kp);
	site_close(&s);
	free(secret);
	free(public);
	return rc;
}

int
cmd_status(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	uint64_t next = 0, acked = 0, last = 0, pending = 0, quarantined = 0;
	Qp__CentralState *cs = NULL;
	store_txn *txn = NULL;
	store_info info;
	store_val lv;
	char when[CAL_TEXT_MAX], link[128] = "never started";
	site *s = NULL;
	bool json = false;
	int rc, e;

	if ((rc = cli_json_only(g, cmd, argc, argv, &json)) != 0)
		return rc;
	if ((rc = agent_open(g, &s)) != 0)
		return rc;
	rc = EXIT_RUNTIME;
	if ((e = store_read(s->st, &txn)) != 0)
		goto out;
	if (store_get(txn, T_META, "link", 4, &lv) == 0)
		snprintf(link, sizeof(link), "%.*s", (int)lv.len, (const char *)lv.data);
	if ((e = site_meta_get(txn, META_NEXT_SEQ, &next)) != 0 ||
	    (e = site_meta_get(txn, META_ACKED, &acked)) != 0 ||
	    (e = site_meta_get(txn, META_LAST_CONTACT, &last)) != 0 ||
	    (e = site_meta_get(txn, META_QUARANTINED, &quarantined)) != 0 ||
	    (e = store_count(txn, T_OUTBOX, &pending)) != 0) {
		cli_error(g, "cannot read the store: %s", qp_strerror(e));
		goto out;
	}
	store_txn_end(&txn);
	if ((e = site_central(s, &cs)) != 0 && e != QP_ENOTFOUND) {
		cli_error(g, "cannot read the central state: %s", qp_strerror(e));
		goto out;
	}
	if ((e = store_info_get(s->st, &info)) != 0)
		goto out;
	if (json) {
		json_t *o = json_pack("{s:s, s:I, s:I, s:I, s:o, s:I, s:s, s:s, s:I, s:I, s:I}",
		                      "site", s->cfg.site,
		                      "next_seq", (json_int_t)next,
		                      "acked_through", (json_int_t)acked,
		                      "pending", (json_int_t)pending,
		                      "last_contact", last ? json_string(cal_format_utc((int64_t)last, when)) : json_null(),
		                      "central_version", (json_int_t)(cs ? cs->version : 0),
		                      "collector", s->cfg.endpoint ? s->cfg.endpoint : "",
		                      "link", link,
		                      "store_used_bytes", (json_int_t)info.in_use,
		                      "store_max_bytes", (json_int_t)info.map_max,
		                      "quarantined", (json_int_t)quarantined);
		rc = cli_print_json(o);
		goto out;
	}
	printf("site             %s\n", s->cfg.site);
	printf("collector        %s\n", s->cfg.endpoint ? s->cfg.endpoint : "");
	printf("link             %s\n", link);
	printf("records          %llu (next seq %llu)\n", (unsigned long long)(next - 1),
	       (unsigned long long)next);
	printf("acknowledged     through seq %llu\n", (unsigned long long)acked);
	printf("waiting to send  %llu\n", (unsigned long long)pending);
	printf("last contact     %s\n", last ? cal_format_datetime((int64_t)last, when) : "never");
	if (quarantined)
		printf("quarantined      %llu damaged entries (see the log)\n",
		       (unsigned long long)quarantined);
	printf("central version  %llu\n", (unsigned long long)(cs ? cs->version : 0));
	printf("store            %.1f MiB used of %.0f MiB\n", info.in_use / 1048576.0,
	       info.map_max / 1048576.0);
	rc = EXIT_DONE;
out:
	store_txn_end(&txn);
	codec_free((ProtobufCMessage **)&cs);
	site_close(&s);
	return rc;
}

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
	char today[11];
	bool json = false, have_year = false;
	site *s = NULL;
	int ch, rc, e;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'y':
			if (!cli_parse_u64(optarg, &year) || year < CAL_YEAR_MIN || year > CAL_YEAR_MAX)
				return cli_usage(g, cmd, "--year: expected YYYY, got \"%s\"", optarg);
			have_year = true;
			break;
		case 'j': json = true; break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (optind != argc)
		return cli_usage(g, cmd, "unexpected argument '%s'", argv[optind]);
	if (!have_year)
		year = strtoull(agent_today(today), NULL, 10);
	if ((rc = agent_open(g, &s)) != 0)
		return rc;
	rc = EXIT_RUNTIME;
	if ((e = site_central(s, &cs)) != 0 && e != QP_ENOTFOUND) {
		cli_error(g, "cannot read the central state: %s", qp_strerror(e));
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
			if (strcmp(pl->events[i]->scope, "central") == 0 ||
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
		printf("Aucun planning %llu reçu des services centraux.\n", year);
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
