/*
 * The helpers every qp-collector command shares.
 */
#include "collector.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "i18n.h"

/* What qp-collector says of a damaged store: its file and how to repair it. */
static void
damaged_text(const cli_globals *g, char *buf, size_t len)
{
	char *db = cstore_path(g->data, "store/data.mdb");

	snprintf(buf, len,
	         _("the store %s is damaged (a page no longer reads as it was "
	           "written): stopped without writing anything.\nTo repair it: stop the "
	           "qp-collector service and put back the last backup made by 'qp-collector "
	           "backup'; the sites then send again what they recorded since. How: "
	           "/usr/share/doc/qualiparis-collector/operations.md, \"Backup and "
	           "restore\"."),
	         db != NULL ? db : g->data);
	free(db);
}

int
collector_open(const cli_globals *g, cstore **out)
{
	char err[1536] = "";
	int e;

	damaged_text(g, err, sizeof(err));
	cli_store_damage(g, err);
	err[0] = '\0';
	e = cstore_open(g->data, g->config, false, out, err, sizeof(err));
	if (e == QP_EDAMAGED)
		damaged_text(g, err, sizeof(err));
	return cli_open_result(g, e, err);
}

char *
collector_planning_path(const cli_globals *g)
{
	const char *slash = g->config ? strrchr(g->config, '/') : NULL;
	char *cands[3] = { NULL, NULL, NULL }, *pick = NULL;
	size_t n;

	cands[0] = cstore_path(g->data, "planning.ini");
	if (slash != NULL) {
		n = (size_t)(slash - g->config) + sizeof("/planning.ini");
		if ((cands[1] = malloc(n)) != NULL)
			snprintf(cands[1], n, "%.*s/planning.ini", (int)(slash - g->config),
			         g->config);
	}
	cands[2] = cstore_path(QP_CONFIG_DIR, "planning.ini");
	for (int i = 0; i < 3; i++) {
		if (pick == NULL && cands[i] != NULL && access(cands[i], F_OK) == 0)
			pick = cands[i];
		else
			free(cands[i]);
	}
	return pick;
}
