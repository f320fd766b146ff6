/*
 * cli.h: what both programs' command lines share: the command table and its
 * dispatch, global options, exit codes, messages, JSON and aligned tables.
 *
 * As in git, global options come before the command
 * (`qp-agent --data DIR status --json`); a command's own options follow it.
 */
#ifndef QP_CLI_H
#define QP_CLI_H

#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

/* Exit codes (SPEC §6). */
enum {
	EXIT_DONE = 0,
	EXIT_RUNTIME = 1,
	EXIT_USAGE = 2,
	EXIT_FULL = 3,
	EXIT_UNREACHABLE = 4,
	EXIT_DAMAGED = 5,       /* the store's file is damaged (QP_EDAMAGED) */
};

typedef struct cli_globals {
	const char *prog;        /* "qp-agent" */
	const char *version;     /* "0.1.0" */
	const char *data;        /* --data DIR */
	/* The configuration file: --config FILE, else DATA/NAME.ini when it
	 * exists, else QP_CONFIG_DIR/NAME.ini when that exists, else (for
	 * init, and to name in errors) DATA/NAME.ini when --data or the
	 * environment named DATA, QP_CONFIG_DIR/NAME.ini otherwise. */
	const char *config;
	bool config_given;       /* --config was on the command line */
	bool data_given;         /* --data or the environment named DATA */
	bool debug;              /* --debug: debug logs */
} cli_globals;

typedef struct cli_command cli_command;
/* argv[0] is the command's last word; options follow (getopt_long ready). */
typedef int (*cli_fn)(const cli_globals *g, const cli_command *cmd, int argc,
                      char **argv);

struct cli_command {
	const char *name;        /* one or two words: "status", "check add" */
	cli_fn run;
	const char *usage;       /* what follows the name */
	const char *summary;     /* one line */
	const char *help;        /* options, one per line, or NULL */
};

/*
 * Parses global options, finds the command in `table` (ended by a NULL
 * name), handles --help and runs it. `default_data` is used when --data is
 * absent and the environment variable `data_env` is unset. Returns the exit
 * code.
 */
int cli_main(const char *prog, const char *version, const cli_command *table,
             const char *default_data, const char *data_env, int argc,
             char **argv);

/* The configuration file's name in DATA and QP_CONFIG_DIR: "agent.ini" for
 * "qp-agent". */
const char *cli_config_name(const char *prog);

/*
 * The line of `key` in `[section]` of the INI file `path`, for "file:line:"
 * messages about a value the table accepted but the program refuses; 0 when
 * the key is not in the file.
 */
int cli_config_line(const char *path, const char *section, const char *key);

/*
 * Where `init` writes the configuration: --config, else DATA/NAME.ini when
 * DATA was named, else QP_CONFIG_DIR/NAME.ini. The caller frees.
 */
char *cli_init_config_path(const cli_globals *g);

/*
 * For `init`: files it makes are readable and writable by the data
 * directory's group (umask 0007), so that members of the group
 * `qualiparis` may record; the secret key keeps its own 0600.
 */
void cli_init_umask(void);

/*
 * After a successful `init` run as root in a data directory someone else
 * owns (the package's /var/lib/qualiparis/agent, owned by qualiparis):
 * gives what init created in it (and in its store/) to that owner and
 * group, so that the daemon can read its key, and makes the configuration
 * `cfgpath` root-owned, of that group, mode 0640. Does nothing otherwise.
 * 0, or prints why and returns EXIT_RUNTIME.
 */
int cli_init_give(const cli_globals *g, const char *cfgpath);

/*
 * A progress line on standard error, rewritten in place ("\r"), only when
 * standard error is a terminal: `cli_progress(g, "...")` shows or updates
 * it, `cli_progress(g, NULL)` clears it.
 */
void cli_progress(const cli_globals *g, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* "prog: error: ..." on stderr. */
void cli_error(const cli_globals *g, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* cli_error plus the command's usage line; returns EXIT_USAGE. */
int cli_usage(const cli_globals *g, const cli_command *cmd, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* After getopt_long returned '?' or ':': names the option at fault (or
 * the one missing its value); returns EXIT_USAGE. */
int cli_unknown_option(const cli_globals *g, const cli_command *cmd, char **argv);
/*
 * Parses a command whose only option is --json and which takes no
 * argument. 0, or the usage error's exit code.
 */
int cli_json_only(const cli_globals *g, const cli_command *cmd, int argc,
                  char **argv, bool *json);
/*
 * After opening a program's data directory: on error `e`, prints `err` (or
 * the error's text) and returns EXIT_USAGE for a bad configuration,
 * EXIT_RUNTIME otherwise; EXIT_DONE when e is 0.
 */
int cli_open_result(const cli_globals *g, int e, const char *err);
/*
 * Warns on stderr when users outside the group can reach the data
 * directory, its store/ or store/data.mdb (the group `qualiparis` may
 * record), with the chmod to run. cli_open_result calls it on success.
 */
void cli_check_modes(const cli_globals *g);
/*
 * Reads a whole regular file of at most `max` bytes that a person named on
 * the command line (a review, an audit report). Returns a NUL-terminated
 * buffer the caller frees and its length in *len, or NULL with errno set
 * (EINVAL: not a regular file; EFBIG: over max).
 */
char *cli_read_file(const char *path, size_t max, size_t *len);

/* Who records from the command line: `by` if given, else $USER, else the
 * login name of the real user id ("" if it has none). */
const char *cli_author(const char *by);

/*
 * x with `decimals` decimals in the language of the messages: a decimal
 * comma (fmt_decimal_fr) when the catalogue in use says so (its
 * translation of "." in the context "decimal separator"), else a point.
 * LC_NUMERIC is never changed. Returns buf.
 */
char *cli_decimal(double x, int decimals, char *buf, size_t len);

/*
 * The translation of `msgid` in the message context `ctx` (gettext's
 * msgctxt), or msgid itself when the catalogue has none.
 */
const char *cli_pgettext(const char *ctx, const char *msgid);
/*
 * Says why a key file did not load: for a mode that lets others read it,
 * the mode found, the mode wanted and the chmod to run.
 */
void cli_key_error(const cli_globals *g, const char *path, int e);
/* The exit code of a common/ error: EINVAL 2, EFULL 3, EDAMAGED 5,
 * others 1. */
int cli_exit_of(int qp_err);

/*
 * Before opening a program's store: a damaged store found while opening or
 * using it (an error or a fault reading it) ends the program with
 * "prog: error: " and `text` (the store's path and how to repair it) on
 * stderr and EXIT_DAMAGED (store_damage_exit). The text is prepared now,
 * in the messages' language.
 */
void cli_store_damage(const cli_globals *g, const char *text);

/* Prints a JSON value (indented, keys in insertion order) and a newline,
 * and releases the reference. Returns EXIT_DONE or EXIT_RUNTIME. */
int cli_print_json(json_t *v);

/* Aligned text tables for people; widths count UTF-8 characters. */
typedef struct cli_table cli_table;
cli_table *cli_table_new(int ncols, const char *const *headers);
/* Copies the ncols strings (NULL prints as ""). */
/* Cells are copied through cli_escape: a table never writes a control
 * character to the terminal. */
void cli_table_add(cli_table *t, const char *const *cells);
/*
 * A copy of `s` for a terminal (malloc'd, caller frees; NULL without
 * memory): newlines and tabs become spaces, other control characters
 * (C0, DEL, C1) their \xNN / \uNNNN text, so none reaches the screen.
 */
char *cli_escape(const char *s);
void cli_table_print(const cli_table *t, FILE *fp);
void cli_table_destroy(cli_table **t);

/*
 * `key`: prints the public key of DATA/key_file alone on one line (both
 * programs' `key` command). Takes no argument. Returns the exit code.
 */
int cli_print_key(const cli_globals *g, const cli_command *cmd, int argc, char **argv,
                  const char *key_file);

/*
 * Removes what a failed `init` made, so that init can simply run again:
 * the files (NULL: not made by it), the LMDB files of storedir and the
 * folder, then the data folder if made (and so empty again).
 */
void cli_init_undo(const char *data, const char *const *files, size_t nfiles,
                   const char *storedir);

/*
 * --year: four digits from CAL_YEAR_MIN to CAL_YEAR_MAX. 0, or the usage
 * error's exit code ("--year: expected YYYY, got ...").
 */
int cli_parse_year(const cli_globals *g, const cli_command *cmd, const char *s, int *year);

/* The closed lists whose words people type (SPEC 6: the wire words). */
enum cli_words {
	CLI_WORDS_PERIODICITY,   /* daily ... annual */
	CLI_WORDS_RESULT,        /* ok, ko, na */
	CLI_WORDS_STATUS,        /* todo, doing, done, dropped */
	CLI_WORDS_SOURCE,        /* audit-internal ... other */
	CLI_WORDS_YESNO,         /* yes, no */
};

/*
 * The wire word for what a person typed: the wire word itself, exactly,
 * or one of its French forms: the French label of the domain table
 * ("mensuelle", "en cours", "réalisée", "non conforme", "Audit interne")
 * or a usual synonym ("terminée", "oui"), where case is ignored, accents
 * are optional ("terminee") and a space, an apostrophe or an underscore
 * is taken as a hyphen ("en-cours"). Anything else comes back unchanged,
 * for the caller's validation to refuse with the expected form. The
 * result is borrowed (static or `typed`).
 */
const char *cli_input_word(enum cli_words kind, const char *typed);

/* Parses a whole non-negative decimal number; false if anything else. */
bool cli_parse_u64(const char *s, unsigned long long *out);

/* mkdir -p: the parents with 0755, the last with `mode`. 0 or -1 (errno). */
int cli_mkdirs(const char *path, mode_t mode);

/* tcp://HOST:PORT with a port 1..65535. */
bool cli_endpoint_valid(const char *s);

#endif
