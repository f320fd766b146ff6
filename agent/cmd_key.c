/*
 * key, key rotate: the site's key pair.
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
#include "i18n.h"

int
cmd_key(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	return cli_print_key(g, cmd, argc, argv, "site.key");
}

int
cmd_key_rotate(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	char *secret = NULL, *public = NULL;
	char text[KEY_TEXT_LEN + 1];
	keypair *kp = NULL;
	site *s = NULL;
	int e, rc;

	if ((rc = agent_no_args(g, cmd, argc, argv)) != 0)
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
		cli_error(g, _("%s: cannot save the new key pair: %s"), secret, qp_errtext(e));
		goto out;
	}
	key_to_text(keypair_public(kp), text);
	fprintf(stderr, _("qp-agent: new key pair for %s; records queue until the centre "
	        "enrolls it:\n  qp-collector enroll %s %s\n"), s->cfg.site, s->cfg.site, text);
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
