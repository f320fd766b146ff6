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
#include "keys.h"

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
	        "# max_batch_events = 1000\n# group_max = 512\n# max_connections = 4000\n",
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
