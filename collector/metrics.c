#include "metrics.h"

#include <stdlib.h>

#include "promtext.h"
#include "qp_error.h"

static void
write_sites(FILE *fp, Qp__SiteRecord **sites, const site_progress *prog, size_t n,
            const site_progress *global)
{
	static const struct {
		const char *name, *type, *help;
	} m[] = {
		{ "qualiparis_site_stored_through", "gauge",
		  "Highest seq stored, contiguous from 1." },
		{ "qualiparis_site_events_total", "counter", "Events stored." },
		{ "qualiparis_site_lag_events", "gauge",
		  "Events the site reported at its last hello and not yet stored." },
		{ "qualiparis_site_last_seen_timestamp_seconds", "gauge",
		  "Last message from the site (collector clock); 0 if never." },
		{ "qualiparis_site_clock_offset_seconds", "gauge",
		  "Site clock minus collector clock." },
		{ "qualiparis_site_revoked", "gauge", "1 if the site is revoked." },
		{ "qualiparis_site_replies_unsent_total", "counter",
		  "Replies the site's queue could not take." },
		{ "qualiparis_site_rejected_total", "counter", "Messages refused, by reason." },
		{ "qualiparis_rejected_total", "counter",
		  "Messages refused that name no enrolled site, by reason." },
		{ "qualiparis_sites", "gauge", "Sites enrolled (revoked ones included)." },
	};

	for (size_t k = 0; k < sizeof(m) / sizeof(m[0]); k++) {
		prom_head(fp, m[k].name, m[k].type, m[k].help);
		for (size_t i = 0; i < n && k < 8; i++) {
			const site_progress *p = &prog[i];
			const char *s = sites[i]->site;
			switch (k) {
			case 0:
				fprintf(fp, "%s{site=\"%s\"} %llu\n", m[k].name, s,
				        (unsigned long long)p->stored_through);
				break;
			case 1:
				fprintf(fp, "%s{site=\"%s\"} %llu\n", m[k].name, s,
				        (unsigned long long)p->events);
				break;
			case 2:
				fprintf(fp, "%s{site=\"%s\"} %llu\n", m[k].name, s,
				        (unsigned long long)cstore_progress_lag(p));
				break;
			case 3:
				fprintf(fp, "%s{site=\"%s\"} %.3f\n", m[k].name, s,
				        p->last_seen_ms / 1000.0);
				break;
			case 4:
				fprintf(fp, "%s{site=\"%s\"} %.3f\n", m[k].name, s,
				        p->clock_offset_ms / 1000.0);
				break;
			case 5:
				fprintf(fp, "%s{site=\"%s\"} %d\n", m[k].name, s,
				        sites[i]->revoked ? 1 : 0);
				break;
			case 6:
				fprintf(fp, "%s{site=\"%s\"} %llu\n", m[k].name, s,
				        (unsigned long long)p->replies_unsent);
				break;
			case 7:
				for (int r = 0; r < REASON_COUNT; r++)
					fprintf(fp, "%s{site=\"%s\",reason=\"%s\"} %llu\n",
					        m[k].name, s, protocol_reasons[r],
					        (unsigned long long)p->rejected[r]);
				break;
			}
		}
		if (k == 8)
			for (int r = 0; r < REASON_COUNT; r++)
				fprintf(fp, "%s{reason=\"%s\"} %llu\n", m[k].name,
				        protocol_reasons[r],
				        (unsigned long long)global->rejected[r]);
		if (k == 9)
			fprintf(fp, "%s %zu\n", m[k].name, n);
	}
}

int
collector_metrics_write(cstore *cs, FILE *fp, const char *version)
{
	Qp__SiteRecord **sites = NULL;
	site_progress global, *prog = NULL;
	store_txn *txn = NULL;
	size_t n = 0;
	int e;

	if ((e = store_read(cs->st, &txn)) != 0 || (e = cstore_sites(txn, &sites, &n)) != 0 ||
	    (e = cstore_progress_get(txn, PROGRESS_GLOBAL, &global)) != 0)
		goto out;
	if ((prog = calloc(n ? n : 1, sizeof(*prog))) == NULL) {
		e = QP_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < n && e == 0; i++)
		e = cstore_progress_get(txn, sites[i]->site, &prog[i]);
out:
	store_txn_end(&txn);
	prom_write_common(fp, "qp-collector", version, e == 0);
	if (e == 0)
		write_sites(fp, sites, prog, n, &global);
	free(prog);
	cstore_sites_free(sites, n);
	if (e == 0 && (ferror(fp) || fflush(fp) != 0))
		e = QP_EIO;
	return e;
}
