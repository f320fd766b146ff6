/*
 * void: cancels an earlier record; both stay in the history.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "agent.h"
#include "calendar.h"
#include "codec.h"
#include "domain.h"

static int
prepare_void(site *s, store_txn *txn, ledger *l, Qp__Event *ev, void *ctx,
             char *err, size_t errlen)
{
	uint64_t target = ev->void_->seq;
	const Qp__Event *t;

	(void)s;
	(void)txn;
	(void)ctx;
	if (target == 0 || target >= ev->seq) {
		snprintf(err, errlen, "SEQ: no record %llu (the last is %llu)",
		         (unsigned long long)target, (unsigned long long)(ev->seq - 1));
		return QP_EINVAL;
	}
	t = ledger_find(l, target);
	if (t == NULL) {
		snprintf(err, errlen, "SEQ: no record %llu in this site's history",
		         (unsigned long long)target);
		return QP_EINVAL;
	}
	if (t->body_case == QP__EVENT__BODY_VOID) {
		snprintf(err, errlen, "SEQ: record %llu is itself a void; record the value "
		         "again instead", (unsigned long long)target);
		return QP_EINVAL;
	}
	if (ledger_voided(l, target)) {
		snprintf(err, errlen, "SEQ: record %llu is already void",
		         (unsigned long long)target);
		return QP_EINVAL;
	}
	return 0;
}

int
cmd_void(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "reason", required_argument, NULL, 'r' }, OPT_BY, OPT_END,
	};
	Qp__Event ev = QP__EVENT__INIT;
	Qp__Void v = QP__VOID__INIT;
	const char *reason = NULL, *by = NULL;
	unsigned long long seq;
	char today[11];
	site *s = NULL;
	const char *neg;
	int ch, rc;

	if (agent_dash_number(argc, argv, opts, &neg) >= 0)
		return cli_usage(g, cmd, "SEQ: expected a record number 1 or more, got \"%s\"", neg);
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'r': reason = optarg; break;
		case 'b': by = optarg; break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (argc - optind != 1)
		return cli_usage(g, cmd, "expected the SEQ of the record to void");
	if (!cli_parse_u64(argv[optind], &seq) || seq == 0)
		return cli_usage(g, cmd, "SEQ: expected a record number 1 or more, got \"%s\"",
		                 argv[optind]);
	if (reason == NULL || reason[0] == '\0' || !domain_utf8_valid(reason, strlen(reason)))
		return cli_usage(g, cmd, "--reason is required: say why the record stops counting");
	if ((rc = agent_open(g, &s)) != 0)
		return rc;
	v.seq = seq;
	v.reason = (char *)reason;
	ev.author = (char *)agent_author(by);
	ev.business_date = agent_today(today);
	ev.body_case = QP__EVENT__BODY_VOID;
	ev.void_ = &v;
	return agent_record_and_close(g, &s, &ev, true, prepare_void, NULL, NULL);
}
