/*
 * The [web] section of `config check` (config_cmd.h).
 */
#include "config_cmd.h"

#include "i18n.h"
#include "ops_cmd.h"
#include "server.h"

int
web_config_cmd_check(const cli_globals *g, const char *listen, const char *tls_cert,
                     const char *tls_key)
{
	char err[512] = "", at[1200];
	const char *key = NULL;

	if (listen == NULL ||
	    web_config_check(listen, tls_cert, tls_key, &key, err, sizeof(err)) == 0)
		return 0;
	cli_config_where(g->config, "web", key, at, sizeof(at));
	cli_error(g, _("%s: %s"), at, err);
	return EXIT_USAGE;
}
