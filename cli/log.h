/*
 * log.h: the daemons' log, to stderr (journald collects it). One line per
 * message:
 *
 *   text: "2026-03-12T09:41:07.218+01:00 info qp-agent[812]: message"
 *   json: {"time": "...", "level": "info", "program": "qp-agent",
 *          "pid": 812, "message": "..."}
 *
 * When stderr is the journal's stream (JOURNAL_STREAM names its device and
 * inode) each line starts with the syslog priority "<N>", which journald
 * takes as the entry's priority and strips. Never pass a secret.
 */
#ifndef QP_LOG_H
#define QP_LOG_H

#include <stdbool.h>
#include <stdio.h>

/* syslog(3) priorities. */
enum log_level {
	LOG_LEVEL_CRIT = 2,
	LOG_LEVEL_ERROR = 3,
	LOG_LEVEL_WARNING = 4,
	LOG_LEVEL_INFO = 6,
	LOG_LEVEL_DEBUG = 7,
};

enum log_format { LOG_FORMAT_TEXT, LOG_FORMAT_JSON };

/* Level info (debug when `debug`), text format, journal prefix if stderr
 * is the journal's stream. */
void log_init(const char *progname, bool debug);
/* "debug", "info", "warning" or "error". 0, or -1 for another word. */
int log_set_level(const char *name);
/* "text" or "json". 0, or -1 for another word. */
int log_set_format(const char *name);
/* Where lines go (stderr by default); for tests. */
void log_set_stream(FILE *fp);

void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Appends ": strerror(errno)". */
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Logs and exits 1. */
void fatalx(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/*
 * The line for one message, without its newline, into buf (len bytes,
 * truncated): what log_* write. `now_ms` is the time, ms since the epoch.
 */
void
log_format_line(char *buf, size_t len, enum log_level level, long long now_ms, const char *msg);

#endif
