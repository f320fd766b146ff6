/*
 * status: what is recorded, queued and acknowledged.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent.h"
#include "i18n.h"
#include "calendar.h"
#include "codec.h"
#include "domain.h"
#include "i18n.h"
#include "keys.h"
#include "metrics.h"
#include "ops_cmd.h"

int
cmd_status(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	uint64_t next = 0, acked = 0, last = 0, pending = 0, quarantined = 0;
	uint64_t conflicts = 0, recovering = 0;
	Qp__CentralState *cs = NULL;
	store_txn *txn = NULL;
	store_info info;
	store_val lv;
	char when[CAL_TEXT_MAX], link[128] = N_("never started"), shown[256];
	site *s = NULL;
	cli_status_format fmt;
	bool json, prom;
	int rc, e;

	if ((rc = cli_status_parse(g, cmd, argc, argv, &fmt)) != 0)
		return rc;
	json = fmt == CLI_STATUS_JSON;
	prom = fmt == CLI_STATUS_PROMETHEUS;
	if ((rc = agent_open(g, &s)) != 0)
		return rc;
	rc = EXIT_RUNTIME;
	if (prom) {
		if ((e = agent_metrics_write(s, stdout, g->version)) == 0)
			rc = EXIT_DONE;
		else
			cli_error(g, _("cannot read the store: %s"), qp_errtext(e));
		goto out;
	}
	if ((e = store_read(s->st, &txn)) != 0)
		goto out;
	if (store_get(txn, T_META, "link", 4, &lv) == 0)
		snprintf(link, sizeof(link), "%.*s", (int)lv.len, (const char *)lv.data);
	if ((e = site_meta_get(txn, META_NEXT_SEQ, &next)) != 0 ||
	    (e = site_meta_get(txn, META_ACKED, &acked)) != 0 ||
	    (e = site_meta_get(txn, META_LAST_CONTACT, &last)) != 0 ||
	    (e = site_meta_get(txn, META_QUARANTINED, &quarantined)) != 0 ||
	    (e = site_meta_get(txn, META_CONFLICTS, &conflicts)) != 0 ||
	    (e = site_meta_get(txn, META_RECOVERING, &recovering)) != 0 ||
	    (e = site_pending(txn, acked, &pending)) != 0) {
		cli_error(g, _("cannot read the store: %s"), qp_errtext(e));
		goto out;
	}
	store_txn_end(&txn);
	if ((e = site_central(s, &cs)) != 0 && e != QP_ENOTFOUND) {
		cli_error(g, _("cannot read the central state: %s"), qp_errtext(e));
		goto out;
	}
	if ((e = store_info_get(s->st, &info)) != 0)
		goto out;
	if (json) {
		json_t *o = json_pack("{s:s, s:I, s:I, s:I, s:o, s:I, s:s, s:s, s:I, s:I, s:I}",
		                      "site", s->cfg.site,
		                      "next_seq", (json_int_t)next,
		                      "acked_through", (json_int_t)acked,
		                      "pending", (json_int_t)pending,
		                      "last_contact", last ? json_string(cal_format_utc((int64_t)last, when)) : json_null(),
		                      "central_version", (json_int_t)(cs ? cs->version : 0),
		                      "collector", s->cfg.endpoint ? s->cfg.endpoint : "",
		                      "link", agent_link_text(link, false, shown, sizeof(shown)),
		                      "store_used_bytes", (json_int_t)info.in_use,
		                      "store_max_bytes", (json_int_t)info.map_max,
		                      "quarantined", (json_int_t)quarantined);
		json_object_set_new(o, "conflicts", json_integer((json_int_t)conflicts));
		json_object_set_new(o, "recovering", json_boolean(recovering != 0));
		rc = cli_print_json(o);
		goto out;
	}
	printf(_("site             %s\n"), s->cfg.site);
	printf(_("collector        %s\n"), s->cfg.endpoint ? s->cfg.endpoint : "");
	printf(_("link             %s\n"), agent_link_text(link, true, shown, sizeof(shown)));
	printf(_("records          %llu (next seq %llu)\n"), (unsigned long long)(next - 1),
	       (unsigned long long)next);
	printf(_("acknowledged     through seq %llu\n"), (unsigned long long)acked);
	printf(_("waiting to send  %llu\n"), (unsigned long long)pending);
	printf(_("last contact     %s\n"), last ? cal_format_datetime((int64_t)last, when) : _("never"));
	if (quarantined)
		printf(_("quarantined      %llu damaged entries (see the log)\n"),
		       (unsigned long long)quarantined);
	if (conflicts)
		printf(_("conflicts        %llu (the centre held other records under the same "
		         "seqs; converged, see the log)\n"), (unsigned long long)conflicts);
	if (recovering)
		printf("%s", _("recovering       waiting to rebuild the records from the centre "
		               "(qp-agent sync)\n"));
	printf(_("central version  %llu\n"), (unsigned long long)(cs ? cs->version : 0));
	{
		char used[32], max[32];

		printf(_("store            %s MiB used of %s MiB\n"),
		       cli_decimal(info.in_use / 1048576.0, 1, used, sizeof(used)),
		       cli_decimal(info.map_max / 1048576.0, 0, max, sizeof(max)));
	}
	rc = EXIT_DONE;
out:
	store_txn_end(&txn);
	codec_free((ProtobufCMessage **)&cs);
	site_close(&s);
	return rc;
}
