#include "cli.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <locale.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "calendar.h"
#include "domain.h"
#include "fileout.h"
#include "format.h"
#include "i18n.h"
#include "keys.h"
#include "log.h"
#include "qp_error.h"
#include "store.h"

struct cli_table {
	int ncols;
	char **cells;            /* rows * ncols, row 0 = headers */
	size_t rows, cap;
};

static void __attribute__((format(printf, 2, 0)))
verror(const cli_globals *g, const char *fmt, va_list ap)
{
	fprintf(stderr, _("%s: error: "), g->prog);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void
cli_error(const cli_globals *g, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror(g, fmt, ap);
	va_end(ap);
}

int
cli_usage(const cli_globals *g, const cli_command *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	verror(g, fmt, ap);
	va_end(ap);
	fprintf(stderr, _("usage: %s %s%s%s\n"), g->prog, cmd->name,
	        cmd->usage[0] ? " " : "", cmd->usage);
	return EXIT_USAGE;
}

int
cli_exit_of(int err)
{
	switch (err) {
	case QP_OK: return EXIT_DONE;
	case QP_EINVAL: return EXIT_USAGE;
	case QP_EFULL: return EXIT_FULL;
	case QP_ENOSPC: return EXIT_FULL;
	case QP_EDAMAGED: return EXIT_DAMAGED;
	default: return EXIT_RUNTIME;
	}
}

int
cli_print_json(json_t *v)
{
	int rc;

	if (v == NULL)
		return EXIT_RUNTIME;
	rc = fmt_json_dump(v, stdout, 2);
	json_decref(v);
	fputc('\n', stdout);
	return rc == 0 && fflush(stdout) == 0 ? EXIT_DONE : EXIT_RUNTIME;
}

bool
cli_parse_u64(const char *s, unsigned long long *out)
{
	return domain_parse_u64(s, out);
}

static void
print_help(const char *prog, const char *version, const cli_command *table)
{
	printf(_("%s %s: QualiPARIS EPS\n\n"), prog, version);
	printf(_("usage: %s [--data DIR] [--config FILE] [--log-level L] "
	         "[--log-format text|json] COMMAND [ARGS]\n\n"), prog);
	printf(_("global options:\n"
	         "  --data DIR         the data directory\n"
	         "  --config FILE      the configuration (default %s/%s)\n"
	         "  --log-level L      debug, info, warning or error (info for run, else error)\n"
	         "  --log-format F     text or json (text)\n"
	         "  --version          the version\n\n"),
	       QP_CONFIG_DIR, cli_config_name(prog));
	printf(_("commands:\n"));
	for (const cli_command *c = table; c->name != NULL; c++)
		printf("  %-18s %s\n", c->name, c->summary[0] ? _(c->summary) : "");
	printf(_("\n'%s COMMAND --help' tells more about a command.\n"), prog);
}

static void
print_command_help(const char *prog, const cli_command *c)
{
	printf(_("usage: %s %s%s%s\n"), prog, c->name, c->usage[0] ? " " : "",
	       c->usage);
	printf("\n%s\n", c->summary[0] ? _(c->summary) : "");
	if (c->help != NULL && c->help[0] != '\0')
		printf("\n%s", _(c->help));
}

/* Matches the longest command name (one or two words) at argv. */
static const cli_command *
find(const cli_command *table, int argc, char **argv, int *words)
{
	const cli_command *one = NULL;

	for (const cli_command *c = table; c->name != NULL; c++) {
		const char *sp = strchr(c->name, ' ');
		if (sp == NULL) {
			if (strcmp(c->name, argv[0]) == 0)
				one = c;
			continue;
		}
		if (argc >= 2 && strncmp(c->name, argv[0], (size_t)(sp - c->name)) == 0 &&
		    argv[0][sp - c->name] == '\0' && strcmp(sp + 1, argv[1]) == 0) {
			*words = 2;
			return c;
		}
	}
	*words = 1;
	return one;
}

/* Is `word` the first word of a two-word command? */
static bool
is_group(const cli_command *table, const char *word)
{
	size_t n = strlen(word);

	for (const cli_command *c = table; c->name != NULL; c++)
		if (strncmp(c->name, word, n) == 0 && c->name[n] == ' ')
			return true;
	return false;
}

const char *
cli_config_name(const char *prog)
{
	return strcmp(prog, "qp-collector") == 0 ? "collector.ini" : "agent.ini";
}

static bool
exists(const char *path)
{
	return access(path, F_OK) == 0;
}

/* See cli_globals.config. malloc'd, or NULL when out of memory. */
static char *
resolve_config(const char *data, bool data_given, const char *name)
{
	char *in_data = fileout_join(data, name), *in_etc = fileout_join(QP_CONFIG_DIR, name);
	char *pick;

	if (in_data == NULL || in_etc == NULL) {
		free(in_data);
		free(in_etc);
		return NULL;
	}
	if (exists(in_data))
		pick = in_data;
	else if (exists(in_etc))
		pick = in_etc;
	else
		pick = data_given ? in_data : in_etc;
	free(pick == in_data ? in_etc : in_data);
	return pick;
}

/*
 * Messages follow LC_MESSAGES; LC_CTYPE lets gettext convert to the
 * terminal's charset. LC_NUMERIC stays "C": JSON, CSV and the store always
 * write '.'. QP_LOCALEDIR (the build tree's catalogue, for the tests)
 * overrides the installed one.
 */
static void
i18n_init(void)
{
	const char *dir = getenv("QP_LOCALEDIR");

	(void)setlocale(LC_MESSAGES, "");
	(void)setlocale(LC_CTYPE, "");
	(void)bindtextdomain(QP_TEXTDOMAIN, dir != NULL && dir[0] != '\0' ? dir
	                                                                 : QP_LOCALEDIR);
	(void)bind_textdomain_codeset(QP_TEXTDOMAIN, "UTF-8");
}

int
cli_main(const char *prog, const char *version, const cli_command *table,
         const char *default_data, const char *data_env, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "data", required_argument, NULL, 'd' },
		{ "config", required_argument, NULL, 'c' },
		{ "debug", no_argument, NULL, 'D' },
		{ "log-level", required_argument, NULL, 'l' },
		{ "log-format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	cli_globals g = { .prog = prog, .version = version };
	const char *level = NULL, *format = NULL;
	const cli_command *cmd;
	char *config = NULL;
	bool data_given;
	int ch, words, rc;

	i18n_init();
	g.data = getenv(data_env);
	data_given = g.data != NULL && g.data[0] != '\0';
	if (!data_given)
		g.data = default_data;
	/* "+": stop at the first non-option, the command. */
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': g.data = optarg; data_given = true; break;
		case 'c': g.config = optarg; g.config_given = true; break;
		case 'D': g.debug = true; break;
		case 'l': level = optarg; break;
		case 'f': format = optarg; break;
		case 'h': print_help(prog, version, table); return EXIT_DONE;
		case 'V': printf("%s %s\n", prog, version); return EXIT_DONE;
		default:
			if (optopt != 0)
				fprintf(stderr, _("%s: error: global option '%s' needs a value\n"),
				        prog, argv[optind - 1]);
			else
				fprintf(stderr, _("%s: error: unknown global option '%s'\n"),
				        prog, argv[optind - 1]);
			fprintf(stderr, _("usage: %s [--data DIR] [--config FILE] COMMAND [ARGS]\n"),
			        prog);
			return EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	g.data_given = data_given;
	log_init(prog, g.debug);
	if (level != NULL && log_set_level(level) != 0) {
		fprintf(stderr, _("%s: error: --log-level: expected debug, info, warning or "
		                  "error, not '%s'\n"), prog, level);
		return EXIT_USAGE;
	}
	if (format != NULL && log_set_format(format) != 0) {
		fprintf(stderr, _("%s: error: --log-format: expected text or json, not '%s'\n"),
		        prog, format);
		return EXIT_USAGE;
	}
	if (argc == 0) {
		print_help(prog, version, table);
		return EXIT_USAGE;
	}
	cmd = find(table, argc, argv, &words);
	if (cmd == NULL) {
		if (is_group(table, argv[0]) && argc >= 2)
			fprintf(stderr, _("%s: error: unknown command '%s %s'\n"), prog,
			        argv[0], argv[1]);
		else
			fprintf(stderr, _("%s: error: unknown command '%s'\n"), prog, argv[0]);
		fprintf(stderr, _("'%s --help' lists the commands.\n"), prog);
		return EXIT_USAGE;
	}
	/* The log is the daemon's (`run`, journald's reader). Any other
	 * command is typed by a person, who reads its outcome in French
	 * (its output, or cli_error): its log shows errors only, unless
	 * --log-level or --debug asks for more (docs/architecture.md). */
	if (level == NULL && !g.debug && strcmp(cmd->name, "run") != 0)
		(void)log_set_level("error");
	argc -= words - 1;
	argv += words - 1;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			print_command_help(prog, cmd);
			return EXIT_DONE;
		}
	}
	if (g.config == NULL) {
		config = resolve_config(g.data, data_given, cli_config_name(prog));
		if (config == NULL) {
			fprintf(stderr, _("%s: error: out of memory\n"), prog);
			return EXIT_RUNTIME;
		}
		g.config = config;
	}
	/* Reset getopt for the command's own options. */
	optind = 0;
	opterr = 0;
	rc = cmd->run(&g, cmd, argc, argv);
	free(config);
	return rc;
}

int
cli_config_line(const char *path, const char *section, const char *key)
{
	char line[1024], cur[128] = "";
	size_t klen = strlen(key);
	FILE *fp = fopen(path, "r");
	int n = 0, found = 0;

	if (fp == NULL)
		return 0;
	while (found == 0 && fgets(line, sizeof(line), fp) != NULL) {
		char *p = line, *end;

		n++;
		while (isspace((unsigned char)*p))
			p++;
		if (*p == '[' && (end = strchr(p, ']')) != NULL) {
			snprintf(cur, sizeof(cur), "%.*s", (int)(end - p - 1), p + 1);
			continue;
		}
		if (strcmp(cur, section) == 0 && strncmp(p, key, klen) == 0 &&
		    (p[klen] == '=' || p[klen] == ':' || isspace((unsigned char)p[klen])))
			found = n;
	}
	fclose(fp);
	return found;
}

char *
cli_init_config_path(const cli_globals *g)
{
	if (g->config_given)
		return strdup(g->config);
	return fileout_join(g->data_given ? g->data : QP_CONFIG_DIR, cli_config_name(g->prog));
}

void
cli_init_umask(void)
{
	(void)umask(0007);
}

/* chown the entries of `dir` owned by root to uid:gid. */
static int
give_dir(const char *dir, uid_t uid, gid_t gid)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	struct stat st;
	char path[4096];
	int rc = 0;

	if (d == NULL)
		return errno == ENOENT ? 0 : -1;
	while (rc == 0 && (de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (lstat(path, &st) == 0 && st.st_uid == 0 &&
		    lchown(path, uid, gid) != 0)
			rc = -1;
	}
	closedir(d);
	return rc;
}

int
cli_init_give(const cli_globals *g, const char *cfgpath)
{
	char storedir[4096];
	struct stat st;

	if (geteuid() != 0 || stat(g->data, &st) != 0 || st.st_uid == 0)
		return EXIT_DONE;
	snprintf(storedir, sizeof(storedir), "%s/store", g->data);
	if (give_dir(g->data, st.st_uid, st.st_gid) != 0 ||
	    give_dir(storedir, st.st_uid, st.st_gid) != 0) {
		cli_error(g, _("%s: cannot give the files to their owner: %s"), g->data,
		          strerror(errno));
		return EXIT_RUNTIME;
	}
	if (chown(cfgpath, 0, st.st_gid) != 0 || chmod(cfgpath, 0640) != 0) {
		cli_error(g, _("%s: %s"), cfgpath, strerror(errno));
		return EXIT_RUNTIME;
	}
	return EXIT_DONE;
}

void
cli_progress(const cli_globals *g, const char *fmt, ...)
{
	static int shown;        /* width of the line on screen */
	char line[160];
	va_list ap;
	int n;

	if (!isatty(STDERR_FILENO))
		return;
	if (fmt == NULL) {
		if (shown > 0)
			fprintf(stderr, "\r%*s\r", shown, "");
		shown = 0;
		return;
	}
	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	fprintf(stderr, "\r%s: %s", g->prog, line);
	n = (int)strlen(line) + (int)strlen(g->prog) + 2;
	if (n < shown)
		fprintf(stderr, "%*s", shown - n, "");
	shown = n;
	fflush(stderr);
}

cli_table *
cli_table_new(int ncols, const char *const *headers)
{
	cli_table *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return NULL;
	t->ncols = ncols;
	cli_table_add(t, headers);
	return t;
}

void
cli_table_add(cli_table *t, const char *const *cells)
{
	if (t == NULL)
		return;
	if (t->rows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		char **c = realloc(t->cells, cap * (size_t)t->ncols * sizeof(*c));
		if (c == NULL)
			return;
		t->cells = c;
		t->cap = cap;
	}
	for (int i = 0; i < t->ncols; i++) {
		const char *s = cells[i] ? cells[i] : "";
		t->cells[t->rows * (size_t)t->ncols + (size_t)i] = cli_escape(s);
	}
	t->rows++;
}

char *
cli_escape(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = 0, len = strlen(s);
	char *out = malloc(4 * len + 1);

	if (out == NULL)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		if (p[i] == '\n' || p[i] == '\t') {
			out[n++] = ' ';
		} else if (p[i] < 0x20 || p[i] == 0x7f) {
			n += (size_t)snprintf(out + n, 5, "\\x%02x", p[i]);
		} else if (p[i] == 0xc2 && p[i + 1] >= 0x80 && p[i + 1] <= 0x9f) {
			/* C1 controls: shown, never sent to the terminal. */
			n += (size_t)snprintf(out + n, 7, "\\u%04x", p[i + 1]);
			i++;
		} else {
			out[n++] = (char)p[i];
		}
	}
	out[n] = '\0';
	return out;
}

/* Characters, not bytes, for UTF-8 text. */
static size_t
width(const char *s)
{
	size_t w = 0;

	for (; s && *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

void
cli_table_print(const cli_table *t, FILE *fp)
{
	size_t *w;

	if (t == NULL)
		return;
	w = calloc((size_t)t->ncols, sizeof(*w));
	if (w == NULL)
		return;
	for (size_t r = 0; r < t->rows; r++)
		for (int c = 0; c < t->ncols; c++) {
			size_t x = width(t->cells[r * (size_t)t->ncols + (size_t)c]);
			if (x > w[c])
				w[c] = x;
		}
	for (size_t r = 0; r < t->rows; r++) {
		for (int c = 0; c < t->ncols; c++) {
			const char *s = t->cells[r * (size_t)t->ncols + (size_t)c];
			fputs(s ? s : "", fp);
			if (c + 1 < t->ncols)
				for (size_t k = width(s); k < w[c] + 2; k++)
					fputc(' ', fp);
		}
		fputc('\n', fp);
	}
	free(w);
}

void
cli_table_destroy(cli_table **tp)
{
	cli_table *t;

	if (tp == NULL || (t = *tp) == NULL)
		return;
	for (size_t i = 0; i < t->rows * (size_t)t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t);
	*tp = NULL;
}

bool
cli_endpoint_valid(const char *s)
{
	const char *colon;
	unsigned long long port;

	if (strncmp(s, "tcp://", 6) != 0)
		return false;
	/* It goes into config files: printable, no spaces, no comment marks. */
	for (const char *p = s; *p; p++)
		if (*p <= ' ' || *p >= 0x7f || *p == ';' || *p == '#')
			return false;
	colon = strrchr(s + 6, ':');
	if (colon == NULL || colon == s + 6)
		return false;
	return cli_parse_u64(colon + 1, &port) && port >= 1 && port <= 65535;
}

int
cli_unknown_option(const cli_globals *g, const cli_command *cmd, char **argv)
{
	const char *o = argv[optind - 1];

	if (optopt != 0 && o[0] == '-' && o[1] == '-' && strchr(o, '=') == NULL)
		return cli_usage(g, cmd, _("option '%s' needs a value"), o);
	/* A short option: getopt may not have moved past its argument yet. */
	if (optopt > ' ' && optopt < 127 && !(o[0] == '-' && o[1] == '-'))
		return cli_usage(g, cmd, _("unknown option '-%c'"), optopt);
	return cli_usage(g, cmd, _("unknown option '%s'"), o);
}

int
cli_mkdirs(const char *path, mode_t mode)
{
	char *p = strdup(path);
	int rc = 0;

	if (p == NULL)
		return -1;
	for (char *c = p + 1; *c && rc == 0; c++) {
		if (*c != '/')
			continue;
		*c = '\0';
		if (mkdir(p, 0755) != 0 && errno != EEXIST)
			rc = -1;
		*c = '/';
	}
	if (rc == 0 && mkdir(p, mode) != 0 && errno != EEXIST)
		rc = -1;
	free(p);
	return rc;
}

int
cli_json_only(const cli_globals *g, const cli_command *cmd, int argc, char **argv,
              bool *json)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch != 'j')
			return cli_unknown_option(g, cmd, argv);
		*json = true;
	}
	if (optind != argc)
		return cli_usage(g, cmd, _("unexpected argument '%s'"), argv[optind]);
	return 0;
}

int
cli_open_result(const cli_globals *g, int e, const char *err)
{
	if (e == 0) {
		cli_check_modes(g);
		return EXIT_DONE;
	}
	cli_error(g, "%s", err[0] ? err : qp_errtext(e));
	return e == QP_ECONFIG ? EXIT_USAGE : e == QP_EDAMAGED ? EXIT_DAMAGED : EXIT_RUNTIME;
}

void
cli_store_damage(const cli_globals *g, const char *text)
{
	char line[2048];

	snprintf(line, sizeof(line), _("%s: error: "), g->prog);
	snprintf(line + strlen(line), sizeof(line) - strlen(line), "%s\n", text);
	store_damage_exit(line, EXIT_DAMAGED);
}

/*
 * Warns about a path that users outside the group can reach. The group is
 * meant to (members of `qualiparis` record without sudo, SPEC §14); others
 * are not.
 */
static void
mode_warning(const cli_globals *g, const char *path)
{
	struct stat st;

	if (stat(path, &st) != 0 || (st.st_mode & 007) == 0)
		return;
	fprintf(stderr, _("%s: warning: %s is mode %04o: users outside the group can read "
	                  "the records; run chmod o-rwx %s\n"), g->prog, path,
	        (unsigned)(st.st_mode & 07777), path);
}

void
cli_check_modes(const cli_globals *g)
{
	char path[4096];

	if (g == NULL || g->data == NULL)
		return;
	mode_warning(g, g->data);
	snprintf(path, sizeof(path), "%s/store", g->data);
	mode_warning(g, path);
	snprintf(path, sizeof(path), "%s/store/data.mdb", g->data);
	mode_warning(g, path);
}

void
cli_key_error(const cli_globals *g, const char *path, int e)
{
	struct stat st;

	if (e == QP_EKEYPERM && stat(path, &st) == 0) {
		cli_error(g, _("%s: the secret key is mode %04o, readable by group or others; "
		               "wanted 0600: run chmod 600 %s"), path,
		          (unsigned)(st.st_mode & 07777), path);
		return;
	}
	if (e == QP_ENOTFOUND) {
		cli_error(g, _("%s: no such key file (is --data right?)"), path);
		return;
	}
	cli_error(g, _("%s: cannot load the key: %s"), path, qp_errtext(e));
}

int
cli_print_key(const cli_globals *g, const cli_command *cmd, int argc, char **argv,
              const char *key_file)
{
	char text[KEY_TEXT_LEN + 1];
	keypair *kp = NULL;
	char *secret;
	int e;

	if (argc > 1)
		return cli_usage(g, cmd, _("unexpected argument '%s'"), argv[1]);
	secret = fileout_join(g->data, key_file);
	if (secret == NULL || keys_init() != 0) {
		free(secret);
		return EXIT_RUNTIME;
	}
	if ((e = keypair_load(secret, &kp)) != 0) {
		if (e == QP_ENOTFOUND)
			cli_error(g, _("%s: no key; run '%s init' first"), secret, g->prog);
		else
			cli_key_error(g, secret, e);
		free(secret);
		return EXIT_RUNTIME;
	}
	key_to_text(keypair_public(kp), text);
	printf("%s\n", text);
	keypair_destroy(&kp);
	free(secret);
	return EXIT_DONE;
}

void
cli_init_undo(const char *data, const char *const *files, size_t nfiles,
              const char *storedir)
{
	static const char *const lmdb[] = { "data.mdb", "lock.mdb" };

	if (storedir != NULL) {
		for (size_t i = 0; i < sizeof(lmdb) / sizeof(lmdb[0]); i++) {
			char *f = fileout_join(storedir, lmdb[i]);
			if (f != NULL)
				(void)unlink(f);
			free(f);
		}
		(void)rmdir(storedir);
	}
	for (size_t i = 0; i < nfiles; i++)
		if (files[i] != NULL)
			(void)unlink(files[i]);
	if (data != NULL)
		(void)rmdir(data);
}

int
cli_parse_year(const cli_globals *g, const cli_command *cmd, const char *s, int *year)
{
	unsigned long long y;

	if (s == NULL || strlen(s) != 4 || !domain_parse_u64(s, &y) || y < CAL_YEAR_MIN ||
	    y > CAL_YEAR_MAX)
		return cli_usage(g, cmd, _("--year: expected YYYY, got \"%s\""), s ? s : "");
	*year = (int)y;
	return 0;
}

/*
 * French input words, beside the wire words. The domain tables' French
 * labels come first (domain_periodicities ... domain_sources: "mensuelle",
 * "en cours", "Audit interne"); here only the other forms staff type,
 * written in the normalised form of input_norm(), and yes/no, which has
 * no domain table.
 */
static const struct {
	enum cli_words kind;
	const char *wire;
	const char *french[3];
} input_words[] = {
	{ CLI_WORDS_PERIODICITY, "daily", { "quotidien", "journaliere" } },
	{ CLI_WORDS_PERIODICITY, "monthly", { "mensuel" } },
	{ CLI_WORDS_PERIODICITY, "quarterly", { "trimestriel" } },
	{ CLI_WORDS_PERIODICITY, "semiannual", { "semestriel" } },
	{ CLI_WORDS_PERIODICITY, "annual", { "annuel" } },
	{ CLI_WORDS_RESULT, "na", { "so" } },
	{ CLI_WORDS_STATUS, "done", { "terminee", "faite" } },
	{ CLI_WORDS_SOURCE, "satisfaction-survey", { "enquete-satisfaction" } },
	{ CLI_WORDS_SOURCE, "indicator", { "indicateur", "ecart-indicateur" } },
	{ CLI_WORDS_SOURCE, "agent-suggestion", { "suggestion-agent" } },
	{ CLI_WORDS_SOURCE, "user-feedback",
	  { "reclamation-usager", "reclamation", "proposition-usager" } },
	{ CLI_WORDS_YESNO, "yes", { "oui" } },
	{ CLI_WORDS_YESNO, "no", { "non" } },
};

/* Lower-case ASCII, French accented letters without their accent, blanks,
 * apostrophes and underscores as '-'. False when it does not fit. */
static bool
input_norm(const char *s, char *out, size_t len)
{
	static const struct { const char *utf8; char ascii; } acc[] = {
		{ "\u00e0", 'a' }, { "\u00e2", 'a' }, { "\u00e7", 'c' }, { "\u00e9", 'e' },
		{ "\u00e8", 'e' }, { "\u00ea", 'e' }, { "\u00eb", 'e' }, { "\u00ee", 'i' },
		{ "\u00ef", 'i' }, { "\u00f4", 'o' }, { "\u00fb", 'u' }, { "\u00f9", 'u' },
		{ "\u00c0", 'a' }, { "\u00c9", 'e' }, { "\u00c8", 'e' }, { "\u00ca", 'e' },
		{ "\u2019", '-' },
	};
	size_t o = 0;

	while (*s != '\0') {
		size_t k, n = sizeof(acc) / sizeof(acc[0]);
		char c = *s;

		for (k = 0; k < n; k++)
			if (strncmp(s, acc[k].utf8, strlen(acc[k].utf8)) == 0)
				break;
		if (k < n) {
			c = acc[k].ascii;
			s += strlen(acc[k].utf8);
		} else {
			if ((unsigned char)c >= 0x80)
				return false;
			if (c == ' ' || c == '\'' || c == '_')
				c = '-';
			c = (char)tolower((unsigned char)c);
			s++;
		}
		if (o + 1 >= len)
			return false;
		out[o++] = c;
	}
	out[o] = '\0';
	return true;
}

/* The domain table whose wire words and labels `kind` takes, or NULL. */
static const domain_term *
input_table(enum cli_words kind, size_t *n)
{
	switch (kind) {
	case CLI_WORDS_PERIODICITY: *n = DOMAIN_PERIODICITIES; return domain_periodicities;
	case CLI_WORDS_RESULT: *n = DOMAIN_RESULTS; return domain_results;
	case CLI_WORDS_STATUS: *n = DOMAIN_STATUSES; return domain_statuses;
	case CLI_WORDS_SOURCE: *n = DOMAIN_SOURCES; return domain_sources;
	case CLI_WORDS_YESNO: break;
	}
	*n = 0;
	return NULL;
}

const char *
cli_input_word(enum cli_words kind, const char *typed)
{
	char norm[64], label[64];
	size_t n;
	const domain_term *table = input_table(kind, &n);
	int i;

	if (typed == NULL)
		return typed;
	/* Wire words are exact, as in JSON and the store. */
	if ((i = domain_find(table, n, typed)) >= 0)
		return table[i].wire;
	if (!input_norm(typed, norm, sizeof(norm)))
		return typed;
	for (size_t k = 0; k < n; k++)
		if (input_norm(table[k].label, label, sizeof(label)) && strcmp(norm, label) == 0)
			return table[k].wire;
	for (size_t k = 0; k < sizeof(input_words) / sizeof(input_words[0]); k++) {
		if (input_words[k].kind != kind)
			continue;
		if (strcmp(typed, input_words[k].wire) == 0)
			return input_words[k].wire;
		for (size_t j = 0; j < 3 && input_words[k].french[j] != NULL; j++)
			if (strcmp(norm, input_words[k].french[j]) == 0)
				return input_words[k].wire;
	}
	return typed;
}

char *
cli_read_file(const char *path, size_t max, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	struct stat st;
	size_t n;

	if (fp == NULL)
		return NULL;
	if (fstat(fileno(fp), &st) != 0 || !S_ISREG(st.st_mode)) {
		fclose(fp);
		errno = EINVAL;
		return NULL;
	}
	if ((size_t)st.st_size > max) {
		fclose(fp);
		errno = EFBIG;
		return NULL;
	}
	buf = malloc((size_t)st.st_size + 1);
	if (buf == NULL) {
		fclose(fp);
		return NULL;
	}
	n = fread(buf, 1, (size_t)st.st_size, fp);
	fclose(fp);
	buf[n] = '\0';
	*len = n;
	return buf;
}

const char *
cli_pgettext(const char *ctx, const char *msgid)
{
	char key[256];
	const char *t;

	/* gettext keys a context as "CTX\004MSGID". */
	if ((size_t)snprintf(key, sizeof(key), "%s\004%s", ctx, msgid) >= sizeof(key))
		return msgid;
	t = dgettext(QP_TEXTDOMAIN, key);
	return t == key || strcmp(t, key) == 0 ? msgid : t;
}

char *
cli_decimal(double x, int decimals, char *buf, size_t len)
{
	if (strcmp(cli_pgettext("decimal separator", "."), ",") == 0)
		return fmt_decimal_fr(x, decimals, buf, len);
	snprintf(buf, len, "%.*f", decimals, x);
	return buf;
}

const char *
cli_author(const char *by)
{
	const char *u;
	struct passwd *pw;

	if (by != NULL)
		return by;
	u = getenv("USER");
	if (u != NULL && u[0] != '\0')
		return u;
	pw = getpwuid(getuid());
	return pw != NULL ? pw->pw_name : "";
}
