/*
 * qp-agent config check: reads and validates the configuration and the
 * site's keys as `run` would, and changes nothing (the store is not even
 * opened: opening it may create tables). Exit 2 with "file:line: message"
 * on the first error, so that an admin runs it before a restart.
 */
#include <stdio.h>
#include <stdlib.h>

#include "agent.h"
#include "domain.h"
#include "i18n.h"
#include "keys.h"
#include "config_cmd.h"
#include "ops_cmd.h"

int
cmd_config_check(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	agent_config cfg;
	uint8_t ck[KEY_BYTES];
	char at[1200];
	char *secret = NULL, *storedir = NULL;
	int rc;

	if ((rc = cli_config_check_load(g, cmd, argc, argv, agent_config_options, &cfg)) != 0)
		return rc;
	rc = EXIT_USAGE;
	if (cfg.site == NULL || !domain_site_id_valid(cfg.site)) {
		cli_config_where(g->config, "agent", "site", at, sizeof(at));
		cli_error(g, _("%s: [agent] site: expected a site id such as eps-05"), at);
		goto out;
	}
	if (cfg.name != NULL && !site_name_valid(cfg.name)) {
		cli_config_where(g->config, "agent", "name", at, sizeof(at));
		cli_error(g,
		          _("%s: [agent] name: expected the site's name on one line, at most %d "
		            "characters"),
		          at, SITE_NAME_MAX);
		goto out;
	}
	if (cfg.endpoint == NULL || !cli_endpoint_valid(cfg.endpoint)) {
		cli_config_where(g->config, "collector", "endpoint", at, sizeof(at));
		cli_error(g, _("%s: [collector] endpoint: expected tcp://HOST:PORT, got \"%s\""),
		          at, cfg.endpoint ? cfg.endpoint : "");
		goto out;
	}
	if (cfg.collector_key == NULL || key_from_text(cfg.collector_key, ck) != 0) {
		cli_config_where(g->config, "collector", "key", at, sizeof(at));
		cli_error(g,
		          _("%s: [collector] key: expected the %d-character key that "
		            "'qp-collector key' prints"),
		          at, KEY_TEXT_LEN);
		goto out;
	}
	if ((rc = web_config_cmd_check(g, cfg.web_listen, cfg.web_tls_cert, cfg.web_tls_key)) != 0)
		goto out;
	secret = site_path(g->data, "site.key");
	storedir = site_path(g->data, "store");
	if ((rc = cli_config_check_files(g, secret, storedir)) != 0)
		goto out;
	printf(_("%s: valid (site %s, collector %s); key %s valid\n"), g->config, cfg.site,
	       cfg.endpoint, secret);
	if (cfg.web_listen != NULL)
		cli_config_print_web(g, cfg.web_listen, cfg.web_tls_cert != NULL);
	rc = EXIT_DONE;
out:
	free(secret);
	free(storedir);
	config_free(agent_config_options, &cfg);
	return rc;
}
