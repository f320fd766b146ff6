/*
 * config.h: INI configuration files read through inih, described by a
 * declarative table of options (section, name, type, bounds, default) and
 * parsed into one caller-defined struct.
 *
 * Errors are reported as "file:line: message" (unknown section or key, value
 * that does not parse, out of bounds, duplicate key); the first error stops
 * the parse and nothing of the file is kept.
 */
#ifndef QP_CONFIG_H
#define QP_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "qp_error.h"

enum config_type {
	CONFIG_STRING,   /* char * (malloc'd, freed by config_free) */
	CONFIG_INT,      /* long long, within [min, max] */
	CONFIG_BOOL,     /* int: yes/no, true/false, on/off, 1/0 */
	CONFIG_SIZE,     /* uint64_t bytes; suffixes K, M, G, T (powers of 1024);
	                    within [min, max] */
	CONFIG_DOUBLE,   /* double within [min, max] */
};

typedef struct config_option {
	const char *section;     /* "" for keys before any section */
	const char *name;
	enum config_type type;
	size_t offset;           /* offsetof(struct yours, field) */
	double min, max;         /* bounds for INT, SIZE and DOUBLE */
	const char *def;         /* default as text, parsed like a value; NULL
	                            for a string means NULL */
	const char *help;        /* one line, for generated config files */
} config_option;

/* The table ends with an entry whose name is NULL. */

/* Sets every option of `table` in `out` to its default. */
int config_defaults(const config_option *table, void *out) QP_MUST_CHECK;

/*
 * config_defaults, then the file's values. On error writes "file:line:
 * message" into err (errlen bytes), frees what it had set and returns
 * QP_ECONFIG (or QP_ENOTFOUND if the file cannot be opened, with "file:
 * strerror" in err).
 */
int config_load(const char *path, const config_option *table, void *out,
                char *err, size_t errlen) QP_MUST_CHECK;

/* Frees the strings of `out` set by the functions above. */
void config_free(const config_option *table, void *out);

/* A value given for one option of a generated file. */
typedef struct config_value {
	const char *section;
	const char *name;
	const char *value;       /* written as is: one line, no comment char */
} config_value;

/*
 * Writes a configuration file from `table`, the one source of the options
 * and their defaults: `header` as a comment, then each section in table
 * order, each option with its help as a comment and either "name = value"
 * (given in `values`, n of them) or "# name = default" (the default
 * applies). Written through fileout.h with `flags` (FILEOUT_EXCL: refuse
 * an existing file). 0, QP_EINVAL (a value names no option or holds a line
 * break), QP_EEXIST, or QP_EIO with errno set.
 */
int config_write(const char *path, const char *header, const config_option *table,
                 const config_value *values, size_t n, int flags) QP_MUST_CHECK;

#endif
