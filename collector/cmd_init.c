/*
 * init, key: the collector's data directory, key pair, config and store.
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
#include "fileout.h"
#include "i18n.h"
#include "keys.h"

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

int
cmd_init(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "map-max", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 },
	};
	const char *listen = NULL, *map_max = NULL;
	char *cfgpath = NULL, *secret = NULL, *public = NULL, *storedir = NULL;
	char text[KEY_TEXT_LEN + 1], err[512], listen_now[256];
	config_value values[2];
	size_t nvalues = 0;
	keypair *kp = NULL;
	cstore *cs = NULL;
	struct stat st;
	bool made_dir = false, made_keys = false, made_cfg = false, made_store = false;
	int ch, rc = EXIT_RUNTIME, e;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'l': listen = optarg; break;
		case 'm': map_max = optarg; break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (optind != argc)
		return cli_usage(g, cmd, _("unexpected argument '%s'"), argv[optind]);
	if (listen != NULL && !cli_endpoint_valid(listen))
		return cli_usage(g, cmd, _("--listen: expected tcp://HOST:PORT, got \"%s\""), listen);
	/* What init is given goes in the file; the rest keeps the defaults of
	 * collector_config_options, commented out. */
	if (listen != NULL)
		values[nvalues++] = (config_value){ "collector", "listen", listen };
	if (map_max != NULL)
		values[nvalues++] = (config_value){ "store", "map_max", map_max };
	cli_init_umask();
	cfgpath = cli_init_config_path(g);
	secret = cstore_path(g->data, "collector.key");
	public = cstore_path(g->data, "collector.pub");
	storedir = cstore_path(g->data, "store");
	if (cfgpath == NULL || secret == NULL || public == NULL || storedir == NULL)
		goto out;
	if (stat(cfgpath, &st) == 0 || stat(secret, &st) == 0 || stat(storedir, &st) == 0) {
		cli_error(g, _("%s is already initialised; nothing was changed"), g->data);
		rc = EXIT_USAGE;
		goto out;
	}
	/* From here on, a failure removes what this init made. */
	if (stat(g->data, &st) != 0) {
		if (cli_mkdirs(g->data, 0770) != 0) {
			cli_error(g, _("%s: %s"), g->data, strerror(errno));
			goto out;
		}
		made_dir = true;
	}
	if (keys_init() != 0 || keypair_generate(&kp) != 0) {
		cli_error(g, _("cannot make a key pair"));
		goto out;
	}
	made_keys = true;
	if ((e = keypair_save(kp, secret, public)) != 0) {
		cli_error(g, _("%s: cannot save the key pair: %s"), secret, qp_errtext(e));
		goto out;
	}
	if ((e = config_write(cfgpath, "qp-collector configuration (written by qp-collector init)",
	                      collector_config_options, values, nvalues, FILEOUT_EXCL)) != 0) {
		if (e == QP_EINVAL)
			rc = cli_usage(g, cmd, _("--map-max: expected a size such as 512M or 8G, "
			                         "got \"%s\""), map_max ? map_max : "");
		else
			cli_error(g, _("%s: %s"), cfgpath, e == QP_EIO ? strerror(errno) : qp_errtext(e));
		goto out;
	}
	made_cfg = true;
	made_store = true;
	if ((e = cstore_open(g->data, cfgpath, true, &cs, err, sizeof(err))) != 0) {
		cli_error(g, "%s", err);
		rc = e == QP_ECONFIG ? EXIT_USAGE : cli_exit_of(e);
		goto out;
	}
	if ((e = store_write(cs->st, init_store, NULL)) != 0) {
		cli_error(g, _("cannot initialise the store: %s"), qp_errtext(e));
		goto out;
	}
	snprintf(listen_now, sizeof(listen_now), "%s", cs->cfg.listen);
	cstore_close(&cs);
	if ((rc = cli_init_give(g, cfgpath)) != EXIT_DONE)
		goto out;
	rc = EXIT_RUNTIME;
	key_to_text(keypair_public(kp), text);
	fprintf(stderr, _("qp-collector: initialised in %s, listening on %s once "
	        "'qp-collector run' starts; sites use this key:\n"), g->data, listen_now);
	printf("%s\n", text);
	rc = EXIT_DONE;
out:
	cstore_close(&cs);
	if (rc != EXIT_DONE)
		cli_init_undo(made_dir ? g->data : NULL,
		              (const char *const[]){ made_cfg ? cfgpath : NULL,
		                                     made_keys ? secret : NULL,
		                                     made_keys ? public : NULL },
		              3, made_store ? storedir : NULL);
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
	return cli_print_key(g, cmd, argc, argv, "collector.key");
}
