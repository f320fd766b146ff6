/*
 * init: creates the data directory, the site key pair, the config and
 * the store; undoes what it made when a step fails.
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
#include "fileout.h"
#include "i18n.h"
#include "keys.h"

/* agent.ini from the options table (site.c): what init was given, the
 * other options commented out with their defaults. */
static int
write_config(const char *path, const char *site_id, const char *endpoint,
             const char *key, const char *map_max)
{
	const config_value values[] = {
		{ "agent", "site", site_id },
		{ "collector", "endpoint", endpoint },
		{ "collector", "key", key },
		{ "store", "map_max", map_max },
	};

	return config_write(path, "qp-agent configuration (written by qp-agent init)",
	                    agent_config_options, values, map_max ? 4 : 3, FILEOUT_EXCL);
}

struct init_state {
	site *s;
	const char *author;
	const char *since;
	bool recover;             /* rebuilt from the centre: no template */
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
		snprintf(is->err, sizeof(is->err), _("the store is already initialised"));
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
	/* A lost site gets back its whole history, template included, from
	 * the centre (SPEC §11); it records nothing before that. */
	if (is->recover) {
		e = site_meta_put(txn, META_RECOVERING, 1);
		goto out;
	}

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

int
cmd_init(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "site", required_argument, NULL, 's' },
		{ "collector", required_argument, NULL, 'c' },
		{ "collector-key", required_argument, NULL, 'k' },
		{ "since", required_argument, NULL, 'S' },
		{ "map-max", required_argument, NULL, 'm' },
		{ "recover", no_argument, NULL, 'R' },
		{ NULL, 0, NULL, 0 },
	};
	bool recover = false;
	const char *site_id = NULL, *endpoint = NULL, *key = NULL, *since = NULL;
	const char *map_max = NULL;
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
		case 'R': recover = true; break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (optind != argc)
		return cli_usage(g, cmd, _("unexpected argument '%s'"), argv[optind]);
	if (site_id == NULL || endpoint == NULL || key == NULL)
		return cli_usage(g, cmd, _("--site, --collector and --collector-key are required"));
	if (!domain_site_id_valid(site_id))
		return cli_usage(g, cmd, _("--site: expected [a-z0-9-]{1,40} starting with a "
		                 "letter (eps-centre, eps-05 ... eps-20), got \"%s\""), site_id);
	if (!cli_endpoint_valid(endpoint) || !one_word(endpoint))
		return cli_usage(g, cmd, _("--collector: expected tcp://HOST:PORT, got \"%s\""),
		                 endpoint);
	if (key_from_text(key, ckey) != 0)
		return cli_usage(g, cmd, _("--collector-key: expected the %d-character key "
		                 "that 'qp-collector key' prints, got \"%s\""), KEY_TEXT_LEN, key);
	if ((rc = agent_date_opt(g, cmd, "--since", since, since_buf)) != 0)
		return rc;
	rc = EXIT_RUNTIME;

	cli_init_umask();
	cfgpath = cli_init_config_path(g);
	secret = site_path(g->data, "site.key");
	public = site_path(g->data, "site.pub");
	storedir = site_path(g->data, "store");
	if (cfgpath == NULL || secret == NULL || public == NULL || storedir == NULL)
		goto out;
	if (stat(cfgpath, &st) == 0 || stat(secret, &st) == 0 || stat(storedir, &st) == 0) {
		cli_error(g, _("%s is already initialised (found %s); nothing was changed"),
		          g->data, stat(cfgpath, &st) == 0 ? cfgpath :
		          stat(secret, &st) == 0 ? secret : storedir);
		rc = EXIT_USAGE;
		goto out;
	}
	/* From here on, a failure removes what this init made: nothing is left
	 * half done, and init can simply be run again. */
	if (stat(g->data, &st) != 0 && cli_mkdirs(g->data, 0770) == 0)
		made_dir = true;
	else if (stat(g->data, &st) != 0) {
		cli_error(g, _("%s: %s"), g->data, strerror(errno));
		goto out;
	}
	if ((e = write_config(cfgpath, site_id, endpoint, key, map_max)) != 0) {
		if (e == QP_EINVAL)
			rc = cli_usage(g, cmd, _("--map-max: expected a size from 1M to 1T such as "
			               "512M or 2G, got \"%s\""), map_max);
		else
			cli_error(g, _("%s: %s"), cfgpath, e == QP_EIO ? strerror(errno) : qp_errtext(e));
		goto out;
	}
	made_cfg = true;
	/* The configuration as every later command reads it: --map-max must parse. */
	e = config_load(cfgpath, agent_config_options, &cfg, err, sizeof(err));
	/* What reads back must be what was given (';' or '#' start a comment). */
	if (e == 0 && (cfg.endpoint == NULL || strcmp(cfg.endpoint, endpoint) != 0)) {
		config_free(agent_config_options, &cfg);
		rc = cli_usage(g, cmd, _("--collector: expected tcp://HOST:PORT, got \"%s\""),
		               endpoint);
		goto out;
	}
	config_free(agent_config_options, &cfg);
	if (e != 0) {
		if (strstr(err, "map_max") != NULL)
			cli_usage(g, cmd, _("--map-max: expected a size from 1M to 1T such as "
			          "512M or 2G, got \"%s\""), map_max);
		else
			cli_usage(g, cmd, "%s", err);
		rc = EXIT_USAGE;
		goto out;
	}
	if (keys_init() != 0 || keypair_generate(&kp) != 0) {
		cli_error(g, _("cannot make a key pair"));
		goto out;
	}
	had_public = stat(public, &st) == 0;
	made_keys = true;
	if ((e = keypair_save(kp, secret, public)) != 0) {
		cli_error(g, _("%s: cannot save the key pair: %s"), secret, qp_errtext(e));
		goto out;
	}
	made_store = true;
	if ((e = site_open(g->data, cfgpath, true, &s, err, sizeof(err))) != 0) {
		cli_error(g, "%s", err);
		rc = cli_exit_of(e);
		goto out;
	}
	is.s = s;
	is.author = cli_author(NULL);
	is.since = since_buf;
	is.recover = recover;
	if ((e = store_write(s->st, init_store, &is)) != 0) {
		cli_error(g, _("cannot initialise the store: %s"),
		          is.err[0] ? is.err : qp_errtext(e));
		rc = cli_exit_of(e);
		goto out;
	}
	site_close(&s);
	if ((rc = cli_init_give(g, cfgpath)) != EXIT_DONE)
		goto out;
	rc = EXIT_RUNTIME;
	key_to_text(keypair_public(kp), keytext);
	fprintf(stderr, _("qp-agent: site %s initialised in %s; enroll it at the centre with:\n"
	        "  qp-collector enroll %s %s\n"), site_id, g->data, site_id, keytext);
	if (recover)
		fprintf(stderr, "%s", _("qp-agent: then run 'qp-agent sync': it rebuilds this "
		        "site's records from the centre; nothing can be recorded before\n"));
	printf("%s\n", keytext);
	rc = EXIT_DONE;
out:
	site_close(&s);
	if (rc != EXIT_DONE)
		cli_init_undo(made_dir ? g->data : NULL,
		              (const char *const[]){ made_cfg ? cfgpath : NULL,
		                                     made_keys ? secret : NULL,
		                                     made_keys && !had_public ? public : NULL },
		              3, made_store ? storedir : NULL);
	keypair_destroy(&kp);
	free(cfgpath);
	free(secret);
	free(public);
	free(storedir);
	return rc;
}
