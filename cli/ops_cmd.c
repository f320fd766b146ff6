/*
 * The parts of `status` and `config check` both programs share
 * (ops_cmd.h).
 */
#include "ops_cmd.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"
#include "keys.h"
#include "qp_error.h"

int
cli_status_parse(const cli_globals *g, const cli_command *cmd, int argc, char **argv,
                 cli_status_format *format)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "format", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	*format = CLI_STATUS_TEXT;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'j': *format = CLI_STATUS_JSON; break;
		case 'f':
			if (strcmp(optarg, "json") == 0)
				*format = CLI_STATUS_JSON;
			else if (strcmp(optarg, "prometheus") == 0)
				*format = CLI_STATUS_PROMETHEUS;
			else if (strcmp(optarg, "text") == 0)
				*format = CLI_STATUS_TEXT;
			else
				return cli_usage(g, cmd,
				                 _("--format: expected text, json or prometheus, "
				                   "got \"%s\""),
				                 optarg);
			break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (optind != argc)
		return cli_usage(g, cmd, _("unexpected argument '%s'"), argv[optind]);
	return 0;
}

int
cli_config_check_load(const cli_globals *g, const cli_command *cmd, int argc, char **argv,
                      const config_option *opts, void *cfg)
{
	char err[512] = "";
	int e;

	if (argc > 1)
		return cli_usage(g, cmd, _("unexpected argument '%s'"), argv[1]);
	e = config_load(g->config, opts, cfg, err, sizeof(err));
	if (e == QP_ENOTFOUND && access(g->config, F_OK) != 0 && errno == ENOENT) {
		cli_error(g, _("%s: no such file; run '%s init' first, or give --config FILE"),
		          g->config, g->prog);
		return EXIT_USAGE;
	}
	if (e != 0) {
		cli_error(g, "%s", err);
		return e == QP_ENOMEM ? EXIT_RUNTIME : EXIT_USAGE;
	}
	return 0;
}

void
cli_config_where(const char *path, const char *section, const char *key, char *buf, size_t len)
{
	int line = cli_config_line(path, section, key);

	if (line > 0)
		snprintf(buf, len, "%s:%d", path, line);
	else
		snprintf(buf, len, "%s", path);
}

int
cli_config_check_files(const cli_globals *g, const char *secret, const char *storedir)
{
	keypair *kp = NULL;
	int e;

	if (secret == NULL || storedir == NULL || keys_init() != 0)
		return EXIT_RUNTIME;
	if (access(secret, R_OK) != 0) {
		cli_error(g, _("%s: %s"), secret, strerror(errno));
		return EXIT_USAGE;
	}
	if ((e = keypair_load(secret, &kp)) != 0) {
		cli_error(g, _("%s: %s"), secret, qp_errtext(e));
		return EXIT_USAGE;
	}
	keypair_destroy(&kp);
	if (access(storedir, R_OK | W_OK | X_OK) != 0) {
		cli_error(g, _("%s: %s"), storedir, strerror(errno));
		return EXIT_USAGE;
	}
	return 0;
}

void
cli_config_print_web(const cli_globals *g, const char *listen, bool tls)
{
	printf(_("%s: web interface on %s%s\n"), g->config, listen, tls ? _(" (TLS)") : "");
}
