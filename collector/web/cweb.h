/*
 * cweb.h: the central quality team's French web interface (issue #15,
 * SPEC §13-14), served by `qp-collector run` from its own loop when the
 * config has [web] listen, on the same web layer as the agent's (web/):
 * sessions, CSRF, throttling, accounts (table `users` of the collector's
 * store, never sent to a site), /healthz and /metrics.
 *
 * Roles: qualite (the central quality team: everything), lecture (reads
 * and downloads). Every write goes through the module the commands use
 * (collector/steering/).
 */
#ifndef QP_COLLECTOR_CWEB_H
#define QP_COLLECTOR_CWEB_H

#include <stddef.h>

#include "accounts.h"
#include "cstore.h"

typedef struct collector_web collector_web;

/* The collector's roles and role hint, with no store (for the commands). */
extern const web_accounts cweb_roles;

/*
 * Starts the interface when cs->cfg has [web] listen (*out stays NULL
 * otherwise, and 0 is returned). Borrows `cs` until destroyed. On error
 * writes why into err (QP_ECONFIG for a bad [web] section).
 */
int
collector_web_start(cstore *cs, const char *version, collector_web **out, char *err, size_t errlen);
void collector_web_destroy(collector_web **w);
int collector_web_fd(collector_web *w);
long collector_web_timeout_ms(collector_web *w);
void collector_web_run(collector_web *w);
/* "http://127.0.0.1:8090/" into buf. */
const char *collector_web_url(collector_web *w, char *buf, size_t len);

#endif
