/*
 * The `user` commands of both programs (accounts_cmd.h), moved here from
 * the agent's cmd_user.c so that qp-collector has the same ones.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <sodium.h>

#include "accounts_cmd.h"
#include "calendar.h"
#include "i18n.h"

#define SECRET_MAX 257

static int
read_line(FILE *f, char *buf, size_t len)
{
	if (fgets(buf, (int)len, f) == NULL)
		return -1;
	buf[strcspn(buf, "\r\n")] = '\0';
	return 0;
}

static int
prompt(const char *what, char *buf, size_t len)
{
	struct termios old, quiet;
	FILE *tty = fopen("/dev/tty", "r+");
	int e;

	if (tty == NULL)
		return -1;
	fprintf(tty, "%s: ", what);
	fflush(tty);
	if (tcgetattr(fileno(tty), &old) != 0) {
		fclose(tty);
		return -1;
	}
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	tcsetattr(fileno(tty), TCSAFLUSH, &quiet);
	e = read_line(tty, buf, len);
	tcsetattr(fileno(tty), TCSAFLUSH, &old);
	fputc('\n', tty);
	fclose(tty);
	return e;
}

/* The new secret into buf. Returns an exit code. */
static int
get_secret(const cli_globals *g, const web_accounts *a, const char *file, const char *role,
           char *buf, size_t len)
{
	bool pin = false;
	const char *what;
	for (size_t i = 0; role != NULL && i < a->nroles; i++)
		if (strcmp(role, a->roles[i].role) == 0)
			pin = a->roles[i].pin;
	what = pin ? _("PIN (4 to 8 digits)") : _("password");
	char again[SECRET_MAX];

	if (file != NULL) {
		FILE *f = fopen(file, "r");
		int e = f != NULL ? read_line(f, buf, len) : -1;
		if (f != NULL)
			fclose(f);
		if (e != 0) {
			cli_error(g, _("--password-file %s: cannot read its first line"), file);
			return EXIT_USAGE;
		}
		return EXIT_DONE;
	}
	if (isatty(STDIN_FILENO)) {
		if (prompt(what, buf, len) != 0 || prompt(_("again"), again, sizeof(again)) != 0) {
			cli_error(g, _("cannot read the %s from the terminal"), what);
			return EXIT_USAGE;
		}
		if (strcmp(buf, again) != 0) {
			sodium_memzero(again, sizeof(again));
			cli_error(g, _("the two entries differ; nothing was changed"));
			return EXIT_USAGE;
		}
		sodium_memzero(again, sizeof(again));
		return EXIT_DONE;
	}
	if (read_line(stdin, buf, len) != 0) {
		cli_error(g, _("expected the %s on standard input (or --password-file F)"), what);
		return EXIT_USAGE;
	}
	return EXIT_DONE;
}

static int
secret_opts(const cli_globals *g, const cli_command *cmd, int argc, char **argv, const char **role,
            const char **file)
{
	static const struct option opts[] = {
		{ "role", required_argument, NULL, 'r' },
		{ "password-file", required_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'r':
			if (role == NULL)
				return cli_unknown_option(g, cmd, argv);
			*role = optarg;
			break;
		case 'p': *file = optarg; break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (argc - optind != 1)
		return cli_usage(g, cmd, _("expected one account NAME"));
	if (!accounts_name_valid(argv[optind]))
		return cli_usage(g, cmd,
		                 _("NAME: 1 to %d characters, no control character, "
		                   "got \"%s\""),
		                 USER_NAME_MAX, argv[optind]);
	return EXIT_DONE;
}

static int
secret_result(const cli_globals *g, const cli_command *cmd, int e, const char *name,
              const char *err)
{
	switch (e) {
	case 0: return EXIT_DONE;
	case QP_EINVAL: return cli_usage(g, cmd, "%s", err);
	case QP_EEXIST: return cli_usage(g, cmd, _("NAME: account \"%s\" already exists"), name);
	case QP_ENOTFOUND: return cli_usage(g, cmd, _("NAME: no account \"%s\""), name);
	default:
		cli_error(g, _("cannot write the account: %s"), qp_errtext(e));
		return cli_exit_of(e);
	}
}

int
accounts_cmd_add(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	const accounts_opener *o = &accounts_cmd_opener;
	const char *role = NULL, *file = NULL, *name;
	char secret[SECRET_MAX], err[256];
	web_accounts a = *o->proto;
	void *h = NULL;
	int rc, e;

	if ((rc = secret_opts(g, cmd, argc, argv, &role, &file)) != 0)
		return rc;
	name = argv[optind];
	if (role == NULL || !accounts_role_valid(&a, role))
		return cli_usage(g, cmd, "%s", _(a.role_hint));
	if ((rc = o->open(g, &h, &a)) != 0)
		return rc;
	if ((rc = get_secret(g, &a, file, role, secret, sizeof(secret))) == 0) {
		e = accounts_add(&a, name, role, secret, cal_now_ms(), err, sizeof(err));
		rc = secret_result(g, cmd, e, name, err);
	}
	sodium_memzero(secret, sizeof(secret));
	o->close(&h);
	return rc;
}

int
accounts_cmd_passwd(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	const accounts_opener *o = &accounts_cmd_opener;
	const char *file = NULL, *name;
	char secret[SECRET_MAX], err[256];
	user_info *list = NULL;
	const char *role = NULL;
	web_accounts a = *o->proto;
	size_t n = 0;
	void *h = NULL;
	int rc, e;

	if ((rc = secret_opts(g, cmd, argc, argv, NULL, &file)) != 0)
		return rc;
	name = argv[optind];
	if ((rc = o->open(g, &h, &a)) != 0)
		return rc;
	if (accounts_list(&a, NULL, &list, &n) == 0)
		for (size_t i = 0; i < n; i++)
			if (strcmp(list[i].name, name) == 0)
				role = list[i].role;
	if (role == NULL) {
		free(list);
		o->close(&h);
		return cli_usage(g, cmd, _("NAME: no account \"%s\""), name);
	}
	if ((rc = get_secret(g, &a, file, role, secret, sizeof(secret))) == 0) {
		e = accounts_passwd(&a, name, secret, err, sizeof(err));
		rc = secret_result(g, cmd, e, name, err);
	}
	sodium_memzero(secret, sizeof(secret));
	free(list);
	o->close(&h);
	return rc;
}

int
accounts_cmd_disable(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	const accounts_opener *o = &accounts_cmd_opener;
	web_accounts a = *o->proto;
	void *h = NULL;
	int rc;

	if (argc != 2)
		return cli_usage(g, cmd, _("expected one account NAME"));
	if ((rc = o->open(g, &h, &a)) != 0)
		return rc;
	rc = secret_result(g, cmd, accounts_disable(&a, argv[1]), argv[1], "");
	o->close(&h);
	return rc;
}

int
accounts_cmd_list(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	const accounts_opener *o = &accounts_cmd_opener;
	user_info *list = NULL;
	web_accounts a = *o->proto;
	size_t n = 0;
	bool json;
	void *h = NULL;
	int rc, e;

	if ((rc = cli_json_only(g, cmd, argc, argv, &json)) != 0)
		return rc;
	if ((rc = o->open(g, &h, &a)) != 0)
		return rc;
	if ((e = accounts_list(&a, NULL, &list, &n)) != 0) {
		cli_error(g, _("cannot read the accounts: %s"), qp_errtext(e));
		o->close(&h);
		return EXIT_RUNTIME;
	}
	if (json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++) {
			char when[CAL_TEXT_MAX];
			json_array_append_new(
			        arr,
			        json_pack("{s:s, s:s, s:b, s:s}", "name", list[i].name, "role",
			                  list[i].role, "disabled", list[i].disabled, "created",
			                  cal_format_datetime(list[i].created_ms, when)));
		}
		rc = cli_print_json(json_pack("{s:o}", "users", arr));
	} else {
		const char *hdr[] = { cli_pgettext("user list", "name"),
			              cli_pgettext("user list", "role"),
			              cli_pgettext("user list", "state"),
			              cli_pgettext("user list", "created") };
		cli_table *t = cli_table_new(4, hdr);
		for (size_t i = 0; i < n; i++) {
			char when[CAL_TEXT_MAX];
			const char *row[4] = { list[i].name, list[i].role,
				               list[i].disabled
				                       ? cli_pgettext("user list", "disabled")
				                       : cli_pgettext("user list", "active"),
				               cal_format_datetime(list[i].created_ms, when) };
			cli_table_add(t, row);
		}
		cli_table_print(t, stdout);
		cli_table_destroy(&t);
		rc = EXIT_DONE;
	}
	free(list);
	o->close(&h);
	return rc;
}
