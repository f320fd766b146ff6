/*
 * catalogue list, catalogue set: the indicator catalogue and its targets,
 * sent to every site.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "calendar.h"
#include "codec.h"
#include "collector.h"
#include "domain.h"
#include "keys.h"
#include "i18n.h"

int
cmd_catalogue_list(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	Qp__CentralState *central = NULL;
	store_txn *txn = NULL;
	cstore *cs = NULL;
	bool json = false;
	int rc, e;

	if ((rc = cli_json_only(g, cmd, argc, argv, &json)) != 0)
		return rc;
	if ((rc = collector_open(g, &cs)) != 0)
		return rc;
	if ((e = store_read(cs->st, &txn)) != 0 || (e = cstore_central_get(txn, &central)) != 0) {
		cli_error(g, _("cannot read the central state: %s"), qp_strerror(e));
		store_txn_end(&txn);
		cstore_close(&cs);
		return EXIT_RUNTIME;
	}
	store_txn_end(&txn);
	if (json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < central->n_catalogue; i++) {
			const Qp__CatalogueEntry *c = central->catalogue[i];
			json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:f, s:s}",
			                      "code", c->code, "engagement", c->engagement,
			                      "period", c->periodicity, "target", c->target,
			                      "label", c->label));
		}
		rc = cli_print_json(json_pack("{s:I, s:o}", "version",
		                              (json_int_t)central->version, "indicators", arr));
	} else {
		const char *hdr[] = { "indicateur", "engagement", "période", "cible", "mesure" };
		cli_table *t = cli_table_new(5, hdr);
		for (size_t i = 0; i < central->n_catalogue; i++) {
			const Qp__CatalogueEntry *c = central->catalogue[i];
			char target[16];
			snprintf(target, sizeof(target), "%.0f %%", c->target * 100);
			const char *row[5] = { c->code, c->engagement, c->periodicity, target, c->label };
			cli_table_add(t, row);
		}
		cli_table_print(t, stdout);
		cli_table_destroy(&t);
		printf(_("version %llu\n"), (unsigned long long)central->version);
		rc = EXIT_DONE;
	}
	codec_free((ProtobufCMessage **)&central);
	cstore_close(&cs);
	return rc;
}

struct target_ctx {
	const char *code;
	double target;
	uint64_t version;
	char err[256];
};

static int
target_txn(store_txn *txn, void *arg)
{
	struct target_ctx *tc = arg;
	Qp__CentralState *central = NULL;
	bool found = false;
	int e;

	if ((e = cstore_central_get(txn, &central)) != 0)
		return e;
	for (size_t i = 0; i < central->n_catalogue; i++) {
		if (strcmp(central->catalogue[i]->code, tc->code) == 0) {
			central->catalogue[i]->target = tc->target;
			found = true;
		}
	}
	if (!found) {
		size_t o = 0;
		int w = snprintf(tc->err, sizeof(tc->err), "CODE: unknown indicator \"%s\"; "
		                 "the catalogue has:", tc->code);
		o = w > 0 ? (size_t)w : 0;
		for (size_t i = 0; i < central->n_catalogue && o < sizeof(tc->err); i++) {
			w = snprintf(tc->err + o, sizeof(tc->err) - o, " %s", central->catalogue[i]->code);
			if (w > 0)
				o += (size_t)w;
		}
		codec_free((ProtobufCMessage **)&central);
		return QP_EINVAL;
	}
	central->version++;
	tc->version = central->version;
	e = cstore_central_put(txn, central);
	codec_free((ProtobufCMessage **)&central);
	return e;
}

int
cmd_catalogue_set(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "target", required_argument, NULL, 't' }, { NULL, 0, NULL, 0 },
	};
	struct target_ctx tc = { 0 };
	const char *target = NULL;
	char *end;
	cstore *cs = NULL;
	int ch, rc, e;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch != 't')
			return cli_unknown_option(g, cmd, argv);
		target = optarg;
	}
	if (argc - optind != 1)
		return cli_usage(g, cmd, _("expected one indicator CODE"));
	if (target == NULL)
		return cli_usage(g, cmd, _("--target is required"));
	errno = 0;
	tc.target = strtod(target, &end);
	if (errno != 0 || end == target || *end != '\0' || !isfinite(tc.target) ||
	    tc.target < 0 || tc.target > 1)
		return cli_usage(g, cmd, _("--target: expected a rate from 0 to 1 (e.g. 0.85), "
		                 "got \"%s\""), target);
	tc.code = argv[optind];
	if ((rc = collector_open(g, &cs)) != 0)
		return rc;
	if ((e = store_write(cs->st, target_txn, &tc)) != 0) {
		cli_error(g, "%s", tc.err[0] ? tc.err : qp_strerror(e));
		cstore_close(&cs);
		return cli_exit_of(e);
	}
	cstore_wake(cs);
	fprintf(stderr, _("qp-collector: %s target %.2f; central version %llu goes to every "
	        "site on its next contact\n"), tc.code, tc.target, (unsigned long long)tc.version);
	cstore_close(&cs);
	return EXIT_DONE;
}
