/*
 * log.h: the daemons' log, to stderr (journald collects it). One line per
 * message: "qp-agent[pid]: level: message". Never pass a secret.
 */
#ifndef QP_LOG_H
#define QP_LOG_H

#include <stdbool.h>

void log_init(const char *progname, bool debug);
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Appends ": strerror(errno)". */
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Logs and exits 1. */
void fatalx(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#endif
