/*
 * qp-agent config check: reads and validates the configuration and the
 * site's keys as `run` would, and changes nothing (the store is not even
 * opened: opening it may create tables). Exit 2 with "file:line: message"
 * on the first error, so that an admin runs it before a restart.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent.h"
#include "domain.h"
#include "i18n.h"
#include "keys.h"
#include "server.h"

/* "file:line: " when the key is in the file, else "file: ". */
static void
where(const char *path, const char *section, const char *key, char *buf, size_t len)
{
	int line = cli_config_line(path, section, key);

	if (line > 0)
		snprintf(buf, len, "%s:%d", path, line);
	else
		snprintf(buf, len, "%s", path);
}

int
cmd_config_check(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	agent_config cfg;
	uint8_t ck[KEY_BYTES];
	char err[512] = "", at[1200];
	const char *wkey = NULL;
	char *secret = NULL, *storedir = NULL;
	keypair *kp = NULL;
	int e, rc = EXIT_USAGE;

	if (argc > 1)
		return cli_usage(g, cmd, _("unexpected argument '%s'"), argv[1]);
	e = config_load(g->config, agent_config_options, &cfg, err, sizeof(err));
	if (e == QP_ENOTFOUND && access(g->config, F_OK) != 0 && errno == ENOENT) {
		cli_error(g,
		          _("%s: no such file; run 'qp-agent init' first, or give "
		            "--config FILE"),
		          g->config);
		return EXIT_USAGE;
	}
	if (e != 0) {
		cli_error(g, "%s", err);
		return e == QP_ENOMEM ? EXIT_RUNTIME : EXIT_USAGE;
	}
	if (cfg.site == NULL || !domain_site_id_valid(cfg.site)) {
		where(g->config, "agent", "site", at, sizeof(at));
		cli_error(g, _("%s: [agent] site: expected a site id such as eps-05"), at);
		goto out;
	}
	if (cfg.endpoint == NULL || !cli_endpoint_valid(cfg.endpoint)) {
		where(g->config, "collector", "endpoint", at, sizeof(at));
		cli_error(g, _("%s: [collector] endpoint: expected tcp://HOST:PORT, got \"%s\""),
		          at, cfg.endpoint ? cfg.endpoint : "");
		goto out;
	}
	if (cfg.collector_key == NULL || key_from_text(cfg.collector_key, ck) != 0) {
		where(g->config, "collector", "key", at, sizeof(at));
		cli_error(g,
		          _("%s: [collector] key: expected the %d-character key that "
		            "'qp-collector key' prints"),
		          at, KEY_TEXT_LEN);
		goto out;
	}
	if (cfg.web_listen != NULL &&
	    web_config_check(cfg.web_listen, cfg.web_tls_cert, cfg.web_tls_key, &wkey, err,
	                     sizeof(err)) != 0) {
		where(g->config, "web", wkey, at, sizeof(at));
		cli_error(g, _("%s: %s"), at, err);
		goto out;
	}
	secret = site_path(g->data, "site.key");
	storedir = site_path(g->data, "store");
	if (secret == NULL || storedir == NULL || keys_init() != 0) {
		rc = EXIT_RUNTIME;
		goto out;
	}
	if (access(secret, R_OK) != 0) {
		cli_error(g, _("%s: %s"), secret, strerror(errno));
		goto out;
	}
	if ((e = keypair_load(secret, &kp)) != 0) {
		cli_error(g, _("%s: %s"), secret, qp_errtext(e));
		goto out;
	}
	if (access(storedir, R_OK | W_OK | X_OK) != 0) {
		cli_error(g, _("%s: %s"), storedir, strerror(errno));
		goto out;
	}
	printf(_("%s: valid (site %s, collector %s); key %s valid\n"), g->config, cfg.site,
	       cfg.endpoint, secret);
	if (cfg.web_listen != NULL)
		printf(_("%s: web interface on %s%s\n"), g->config, cfg.web_listen,
		       cfg.web_tls_cert != NULL ? _(" (TLS)") : "");
	rc = EXIT_DONE;
out:
	keypair_destroy(&kp);
	free(secret);
	free(storedir);
	config_free(agent_config_options, &cfg);
	return rc;
}
