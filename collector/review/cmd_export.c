/*
 * export KIND: the stored records as CSV or JSON on standard output.
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
#include "i18n.h"
#include "keys.h"
#include "review.h"

static void
csv_event(FILE *fp, const Qp__Event *ev)
{
	json_t *o = codec_event_json(ev), *v;
	const char *k;
	char *details = NULL;
	json_t *rest = json_object();

	json_object_foreach(o, k, v) {
		if (strcmp(k, "site") && strcmp(k, "seq") && strcmp(k, "recorded_at") &&
		    strcmp(k, "author") && strcmp(k, "date") && strcmp(k, "kind"))
			json_object_set(rest, k, v);
	}
	details = fmt_json_text(rest, -1);
	fmt_csv_field(fp, ev->site);
	fprintf(fp, ",%llu,", (unsigned long long)ev->seq);
	fmt_csv_field(fp, json_string_value(json_object_get(o, "recorded_at")));
	fputc(',', fp);
	fmt_csv_field(fp, ev->author);
	fputc(',', fp);
	fmt_csv_field(fp, ev->business_date);
	fputc(',', fp);
	fmt_csv_field(fp, codec_event_kind(ev));
	fputc(',', fp);
	fmt_csv_field(fp, details ? details : "");
	fputs("\r\n", fp);
	free(details);
	json_decref(rest);
	json_decref(o);
}

int
cmd_export(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "site", required_argument, NULL, 's' },
		{ "year", required_argument, NULL, 'y' },
		{ NULL, 0, NULL, 0 },
	};
	const char *format = NULL, *site = NULL, *year = NULL, *kind;
	int y;
	store_txn *txn = NULL;
	store_cursor *c = NULL;
	store_val k, v;
	uint8_t start[EVENT_KEY_MAX];
	size_t slen = 0;
	bool json;
	cstore *cs = NULL;
	int ch, rc, e, first = 1;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'f': format = optarg; break;
		case 's': site = optarg; break;
		case 'y':
			if ((rc = cli_parse_year(g, cmd, optarg, &y)) != 0)
				return rc;
			year = optarg;
			break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (argc - optind != 1)
		return cli_usage(g, cmd, "%s",
		                 _("expected KIND (indicators, checks, cleaning, actions, "
		                   "reviews or events)"));
	kind = argv[optind];
	if (strcmp(kind, "events") != 0 && !review_export_kind_valid(kind))
		return cli_usage(g, cmd, _("KIND: expected indicators, checks, cleaning, actions, "
		                   "reviews or events, got \"%s\""), kind);
	if (format == NULL || (strcmp(format, "json") != 0 && strcmp(format, "csv") != 0))
		return cli_usage(g, cmd, _("--format: expected csv or json, got \"%s\""),
		                 format ? format : "");
	if (site != NULL && !domain_site_id_valid(site))
		return cli_usage(g, cmd, _("--site: expected a site id, got \"%s\""), site);
	json = strcmp(format, "json") == 0;
	if ((rc = collector_open(g, &cs)) != 0)
		return rc;
	rc = EXIT_RUNTIME;
	if (strcmp(kind, "events") != 0) {
		/* The record kinds: latest non-voided versions (review_export.c). */
		if ((e = store_read(cs->st, &txn)) != 0 ||
		    (e = review_export(txn, kind, json, site, year ? (int)y : 0, stdout)) != 0)
			goto fail;
		rc = fflush(stdout) == 0 ? EXIT_DONE : EXIT_RUNTIME;
		goto out;
	}
	if ((e = store_read(cs->st, &txn)) != 0 || (e = store_cursor_open(txn, C_EVENTS, &c)) != 0)
		goto fail;
	if (site != NULL)
		slen = cstore_event_prefix(start, site);
	if (json)
		fputs("{\"events\": [", stdout);
	else
		fputs("site,seq,recorded_at,author,date,kind,details\r\n", stdout);
	for (e = store_cursor_seek(c, site ? start : NULL, slen, &k, &v); e == 0;
	     e = store_cursor_next(c, &k, &v)) {
		Qp__Event *ev = NULL;
		if (site != NULL && (k.len < slen || memcmp(k.data, start, slen) != 0)) {
			e = QP_ENOTFOUND;     /* past the site's events: done */
			break;
		}
		if (codec_event_unpack(v.data, v.len, &ev) != 0) {
			/* Listed, not fatal: one damaged entry must not hide the rest. */
			fprintf(stderr, _("qp-collector: warning: %.*s seq %llu is unreadable in the "
			                  "store and left out\n"), (int)strnlen((const char *)k.data, k.len), (const char *)k.data,
			        (unsigned long long)(k.len >= 8 ? store_u64_key((const uint8_t *)k.data + k.len - 8) : 0));
			continue;
		}
		if (year == NULL || strncmp(ev->business_date, year, 4) == 0) {
			if (json) {
				json_t *o = codec_event_json(ev);
				char *s = fmt_json_text(o, -1);
				printf("%s\n  %s", first ? "" : ",", s ? s : "{}");
				free(s);
				json_decref(o);
			} else {
				csv_event(stdout, ev);
			}
			first = 0;
		}
		codec_event_free(&ev);
	}
	if (e != QP_ENOTFOUND)
		goto fail;
	if (json)
		fputs("\n]}\n", stdout);
	rc = fflush(stdout) == 0 ? EXIT_DONE : EXIT_RUNTIME;
	goto out;
fail:
	cli_error(g, _("cannot read the %s: %s"), kind, qp_errtext(e));
out:
	store_cursor_close(&c);
	store_txn_end(&txn);
	cstore_close(&cs);
	return rc;
}
