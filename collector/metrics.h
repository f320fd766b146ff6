/*
 * metrics.h: the collector's Prometheus text: qualiparis_up and
 * qualiparis_build_info, then per site what was stored, the lag, the last
 * contact, the clock offset and the refusals by reason. Written by
 * `qp-collector status --format prometheus` and served at /metrics.
 */
#ifndef QP_COLLECTOR_METRICS_H
#define QP_COLLECTOR_METRICS_H

#include <stdio.h>

#include "cstore.h"

/*
 * Reads the store (one read transaction) and writes the metrics to fp.
 * When the store cannot be read, writes qualiparis_up 0 and the build
 * info. Returns 0, or a qp_err (the store's, or QP_EIO when fp failed).
 */
int collector_metrics_write(cstore *cs, FILE *fp, const char *version);

#endif
