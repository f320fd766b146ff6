/*
 * qp-agent history: the site's whole audit trail, every event as recorded
 * (voided ones and voids included), in the same JSON form as the
 * collector's `export events`, so the two can be compared line for line.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "agent.h"
#include "calendar.h"
#include "codec.h"
#include "format.h"
#include "i18n.h"

int
cmd_history(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "from", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long long from = 1;
	store_txn *txn = NULL;
	store_cursor *c = NULL;
	store_val k, v;
	uint8_t key[8];
	bool json = false, first = true;
	cli_table *t = NULL;
	site *s = NULL;
	int ch, rc, e;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'j': json = true; break;
		case 'f':
			if (!cli_parse_u64(optarg, &from) || from == 0)
				return cli_usage(g, cmd, _("--from: expected a seq 1 or more, got \"%s\""), optarg);
			break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (optind != argc)
		return cli_usage(g, cmd, _("unexpected argument '%s'"), argv[optind]);
	if ((rc = agent_open(g, &s)) != 0)
		return rc;
	rc = EXIT_RUNTIME;
	if ((e = store_read(s->st, &txn)) != 0 || (e = store_cursor_open(txn, T_HISTORY, &c)) != 0)
		goto fail;
	if (json) {
		fputs("{\"events\": [", stdout);
	} else {
		const char *hdr[] = { "seq", "enregistré le", "date", "type", "par", "description" };
		t = cli_table_new(6, hdr);
	}
	store_key_u64(key, from);
	for (e = store_cursor_seek(c, key, sizeof(key), &k, &v); e == 0;
	     e = store_cursor_next(c, &k, &v)) {
		Qp__Event *ev = NULL;
		if (codec_event_unpack(v.data, v.len, &ev) != 0) {
			/* Damaged: the daemon quarantines it when it gets there. */
			continue;
		}
		if (json) {
			json_t *o = codec_event_json(ev);
			char *line = fmt_json_text(o, -1);
			printf("%s\n  %s", first ? "" : ",", line ? line : "{}");
			free(line);
			json_decref(o);
		} else {
			char seq[24], when[CAL_TEXT_MAX], words[256];
			snprintf(seq, sizeof(seq), "%llu", (unsigned long long)ev->seq);
			const char *row[6] = { seq, cal_format_datetime(ev->recorded_at_ms, when),
			                       ev->business_date, codec_event_kind(ev), ev->author,
			                       rec_describe(ev, words, sizeof(words)) };
			cli_table_add(t, row);
		}
		first = false;
		codec_event_free(&ev);
	}
	if (e != QP_ENOTFOUND)
		goto fail;
	if (json)
		fputs("\n]}\n", stdout);
	else
		cli_table_print(t, stdout);
	rc = fflush(stdout) == 0 ? EXIT_DONE : EXIT_RUNTIME;
	goto out;
fail:
	cli_error(g, _("cannot read the history: %s"), qp_errtext(e));
out:
	cli_table_destroy(&t);
	store_cursor_close(&c);
	store_txn_end(&txn);
	site_close(&s);
	return rc;
}
