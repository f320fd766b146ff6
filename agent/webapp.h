/*
 * webapp.h: the site's French web interface (SPEC §12), served by
 * `qp-agent run` from its own loop (see web/server.h).
 */
#ifndef QP_AGENT_WEBAPP_H
#define QP_AGENT_WEBAPP_H

#include <stddef.h>

#include "site.h"

typedef struct agent_web agent_web;

/*
 * Starts the interface when the config has [web] listen (*out stays NULL
 * otherwise, and 0 is returned). Borrows `s` until destroyed. On error
 * writes why into err.
 */
int agent_web_start(site *s, agent_web **out, char *err, size_t errlen);
void agent_web_destroy(agent_web **w);
int agent_web_fd(agent_web *w);
long agent_web_timeout_ms(agent_web *w);
void agent_web_run(agent_web *w);
/* The daemon did something else (the centre acknowledged records): the
 * memory it gives back once idle waits for 10 s of quiet from now. */
void agent_web_touch(agent_web *w);
/* "http://127.0.0.1:8080/" into buf. */
const char *agent_web_url(agent_web *w, char *buf, size_t len);

#endif
