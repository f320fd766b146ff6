/*
 * qp-collector config check: reads and validates the configuration, the
 * collector's key and the planning rules in effect as `run` and `planning
 * generate` would, and changes nothing (the store is not opened). Exit 2
 * with "file:line: message" on the first error.
 */
#include <stdio.h>
#include <stdlib.h>

#include "collector.h"
#include "i18n.h"
#include "keys.h"
#include "config_cmd.h"
#include "ops_cmd.h"
#include "planning.h"

int
cmd_config_check(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	collector_config cfg;
	planning_rules rules;
	char err[512] = "", at[1200];
	char *secret = NULL, *storedir = NULL, *rules_path = NULL;
	int e, rc;

	if ((rc = cli_config_check_load(g, cmd, argc, argv, collector_config_options, &cfg)) != 0)
		return rc;
	rc = EXIT_USAGE;
	if (cfg.listen == NULL || !cli_endpoint_valid(cfg.listen)) {
		cli_config_where(g->config, "collector", "listen", at, sizeof(at));
		cli_error(g, _("%s: [collector] listen: expected tcp://HOST:PORT, got \"%s\""), at,
		          cfg.listen ? cfg.listen : "");
		goto out;
	}
	if ((rc = web_config_cmd_check(g, cfg.web_listen, cfg.web_tls_cert, cfg.web_tls_key)) != 0)
		goto out;
	secret = cstore_path(g->data, "collector.key");
	storedir = cstore_path(g->data, "store");
	if ((rc = cli_config_check_files(g, secret, storedir)) != 0)
		goto out;
	rc = EXIT_USAGE;
	if ((rules_path = collector_planning_path(g)) != NULL &&
	    (e = planning_rules_load(rules_path, &rules, err, sizeof(err))) != 0) {
		cli_error(g, "%s", err);
		goto out;
	}
	printf(_("%s: valid (listen %s); key %s valid; planning rules %s\n"), g->config, cfg.listen,
	       secret, rules_path ? rules_path : _("built in"));
	if (cfg.web_listen != NULL)
		cli_config_print_web(g, cfg.web_listen, cfg.web_tls_cert != NULL);
	rc = EXIT_DONE;
out:
	free(secret);
	free(storedir);
	free(rules_path);
	config_free(collector_config_options, &cfg);
	return rc;
}
