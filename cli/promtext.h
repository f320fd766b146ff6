/*
 * promtext.h: the Prometheus text exposition format (version 0.0.4) that
 * both programs write: `status --format prometheus` on standard output,
 * and the web layer's /metrics. Writers take a FILE*: open_memstream(3)
 * makes one over a growing buffer for an HTTP reply.
 */
#ifndef QP_PROMTEXT_H
#define QP_PROMTEXT_H

#include <stdio.h>

/* The "# HELP" and "# TYPE" lines of one metric. */
void prom_head(FILE *fp, const char *name, const char *type, const char *help);

/* A label value between its quotes: '\\', '"' and a newline escaped. */
void prom_label_value(FILE *fp, const char *value);

/*
 * qualiparis_up{program} (1: the program runs and could read its store, 0:
 * it could not) and qualiparis_build_info{program,version} 1.
 */
void prom_write_common(FILE *fp, const char *program, const char *version, int up);

#endif
