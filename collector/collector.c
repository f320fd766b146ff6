/*
 * The helpers every qp-collector command shares.
 */
#include "collector.h"

int
collector_open(const cli_globals *g, cstore **out)
{
	char err[512] = "";
	int e = cstore_open(g->data, g->config, false, out, err, sizeof(err));

	return cli_open_result(g, e, err);
}
