/*
 * metrics.h: the agent's Prometheus text: qualiparis_up and
 * qualiparis_build_info, then what the site recorded, what waits to be
 * sent and since when, the last contact with the collector, the central
 * version and the store's size. Written by `qp-agent status --format
 * prometheus` (for node_exporter's textfile collector) and served at
 * /metrics by the web layer.
 */
#ifndef QP_AGENT_METRICS_H
#define QP_AGENT_METRICS_H

#include <stdio.h>

#include "site.h"

/*
 * Reads the store (one read transaction) and writes the metrics to fp.
 * When the store cannot be read, writes qualiparis_up 0 and the build
 * info. Returns 0, or a qp_err (the store's, or QP_EIO when fp failed).
 */
int agent_metrics_write(site *s, FILE *fp, const char *version);

#endif
