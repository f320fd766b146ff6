/*
 * qp-collector config check: reads and validates the configuration, the
 * collector's key and the planning rules in effect as `run` and `planning
 * generate` would, and changes nothing (the store is not opened). Exit 2
 * with "file:line: message" on the first error.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "collector.h"
#include "i18n.h"
#include "keys.h"
#include "planning.h"
#include "server.h"

int
cmd_config_check(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	collector_config cfg;
	planning_rules rules;
	char err[512] = "";
	const char *wkey = NULL;
	char *secret = NULL, *storedir = NULL, *rules_path = NULL;
	keypair *kp = NULL;
	int e, line, rc = EXIT_USAGE;

	if (argc > 1)
		return cli_usage(g, cmd, _("unexpected argument '%s'"), argv[1]);
	e = config_load(g->config, collector_config_options, &cfg, err, sizeof(err));
	if (e == QP_ENOTFOUND && access(g->config, F_OK) != 0 && errno == ENOENT) {
		cli_error(g,
		          _("%s: no such file; run 'qp-collector init' first, or give "
		            "--config FILE"),
		          g->config);
		return EXIT_USAGE;
	}
	if (e != 0) {
		cli_error(g, "%s", err);
		return e == QP_ENOMEM ? EXIT_RUNTIME : EXIT_USAGE;
	}
	if (cfg.listen == NULL || !cli_endpoint_valid(cfg.listen)) {
		line = cli_config_line(g->config, "collector", "listen");
		cli_error(g, _("%s:%d: [collector] listen: expected tcp://HOST:PORT, got \"%s\""),
		          g->config, line, cfg.listen ? cfg.listen : "");
		goto out;
	}
	if (cfg.web_listen != NULL &&
	    web_config_check(cfg.web_listen, cfg.web_tls_cert, cfg.web_tls_key, &wkey, err,
	                     sizeof(err)) != 0) {
		line = cli_config_line(g->config, "web", wkey);
		cli_error(g, _("%s:%d: %s"), g->config, line, err);
		goto out;
	}
	secret = cstore_path(g->data, "collector.key");
	storedir = cstore_path(g->data, "store");
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
	if ((rules_path = collector_planning_path(g)) != NULL &&
	    (e = planning_rules_load(rules_path, &rules, err, sizeof(err))) != 0) {
		cli_error(g, "%s", err);
		goto out;
	}
	printf(_("%s: valid (listen %s); key %s valid; planning rules %s\n"), g->config, cfg.listen,
	       secret, rules_path ? rules_path : _("built in"));
	if (cfg.web_listen != NULL)
		printf(_("%s: web interface on %s%s\n"), g->config, cfg.web_listen,
		       cfg.web_tls_cert != NULL ? _(" (TLS)") : "");
	rc = EXIT_DONE;
out:
	keypair_destroy(&kp);
	free(secret);
	free(storedir);
	free(rules_path);
	config_free(collector_config_options, &cfg);
	return rc;
}
