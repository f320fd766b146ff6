/*
 * steering_cmd.c: what the centre records (SPEC §13): the central action
 * table (`action`), audits and findings (`audit`), campaign results
 * (`campaign`), the central "bilan perspective" and the local review
 * template (`review central|template`). The catalogue over time is in
 * collector/cmd_catalogue.c.
 *
 * Each handler parses and validates everything before it opens the store:
 * bad input is exit 2 with the field named, and nothing is written.
 * Checks that need the store (an enrolled site, a known audit or action, a
 * new catalogue code) run inside the write transaction, which then writes
 * nothing.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "action_opts.h"
#include "calendar.h"
#include "codec.h"
#include "collector.h"
#include "domain.h"
#include "fileout.h"
#include "i18n.h"
#include "steering.h"

#define OPT_END { NULL, 0, NULL, 0 }
/* Largest report or review file kept in the store. */
#define STEERING_FILE_MAX (1u << 20)

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A date as people type it (cal_parse_date_typed: YYYY-MM-DD or
 * JJ/MM/AAAA) into buf (11 bytes) as YYYY-MM-DD; today (Paris) for NULL. */
static int
typed_date(const char *s, char *buf)
{
	cal_day d;

	if (s == NULL)
		d = cal_paris_day(now_ms());
	else if (cal_parse_date_typed(s, &d) != 0)
		return -1;
	cal_format_date(d, buf);
	return 0;
}

static bool
parse_year(const char *s, int *year)
{
	cal_period p;

	if (s == NULL || cal_parse_period(s, &p) != 0 || p.kind != CAL_YEAR)
		return false;
	*year = p.year;
	return true;
}

static bool
text_ok(const char *s)
{
	return s != NULL && s[0] != '\0' && domain_utf8_valid(s, strlen(s));
}

/* Reads a whole small UTF-8 text file; NULL with errno set on failure
 * (EILSEQ: not UTF-8). */
static char *
read_text(const char *path, size_t *len)
{
	char *buf = cli_read_file(path, STEERING_FILE_MAX, len);

	if (buf != NULL && !domain_utf8_valid(buf, *len)) {
		free(buf);
		errno = EILSEQ;
		return NULL;
	}
	return buf;
}

/* Exit code of a failed write transaction, with its message. */
static int
write_failed(const cli_globals *g, int e, const char *err)
{
	cli_error(g, "%s", err[0] ? err : qp_errtext(e));
	return cli_exit_of(e);
}

/* ------------------------------------------------------ central actions */

static int
action_txn(store_txn *txn, void *arg)
{
	return steering_action_apply(txn, arg);
}

static int
central_action_write(const cli_globals *g, const cli_command *cmd, int argc,
                     char **argv, bool add)
{
	cli_action_opts o;
	struct steering_action_change ac = { 0 };
	const char *date;
	char date_buf[11], due_buf[11], list[400];
	cstore *cs = NULL;
	int rc, e;

	if ((rc = cli_action_parse(g, cmd, argc, argv, add,
	                           _("expected one central action ID (C-<n>)"), &o)) != 0)
		return rc;
	ac.id = o.id;
	ac.title = o.title;
	ac.engagement = o.engagement;
	ac.source = o.source;
	ac.owner = o.owner;
	ac.due = o.due;
	ac.status = o.status;
	ac.note = o.note;
	ac.by = cli_author(o.by);
	date = o.date;
	if (!add) {
		if (!steering_action_id_valid(ac.id))
			return cli_usage(g, cmd, _("ID: expected C-<n>, got \"%s\""), ac.id);
		if (!ac.title && !ac.engagement && !ac.source && !ac.owner && !ac.due &&
		    !ac.status && !ac.note)
			return cli_usage(g, cmd, _("nothing to change: give at least one option"));
	}
	if (ac.title != NULL && !text_ok(ac.title))
		return cli_usage(g, cmd, _("--title: expected non-empty UTF-8 text"));
	if (ac.engagement != NULL && !domain_engagement_valid(ac.engagement))
		return cli_usage(g, cmd, _("--engagement: expected %s, got \"%s\""),
		                 DOMAIN_ENGAGEMENTS_TEXT, ac.engagement);
	if (ac.source != NULL && !domain_action_source_valid(ac.source))
		return cli_usage(g, cmd, _("--source: expected %s, got \"%s\""),
		                 domain_wire_list(domain_sources, DOMAIN_SOURCES, list, sizeof(list)),
		                 ac.source);
	if (ac.status != NULL && !domain_action_status_valid(ac.status))
		return cli_usage(g, cmd, _("--status: expected %s, got \"%s\""),
		                 domain_wire_list(domain_statuses, DOMAIN_STATUSES, list, sizeof(list)),
		                 ac.status);
	if ((ac.owner != NULL && !domain_utf8_valid(ac.owner, strlen(ac.owner))) ||
	    (ac.note != NULL && !domain_utf8_valid(ac.note, strlen(ac.note))) ||
	    (ac.by != NULL && !domain_utf8_valid(ac.by, strlen(ac.by))))
		return cli_usage(g, cmd, _("--owner, --note, --by: expected UTF-8 text"));
	if (ac.due != NULL && ac.due[0] != '\0') {
		if (typed_date(ac.due, due_buf) != 0)
			return cli_usage(g, cmd, _("--due: expected a date YYYY-MM-DD or "
			                 "DD/MM/YYYY, got \"%s\""), ac.due);
		ac.due = due_buf;
	}
	if (typed_date(date, date_buf) != 0)
		return cli_usage(g, cmd, _("--date: expected a date YYYY-MM-DD or DD/MM/YYYY, "
		                 "got \"%s\""), date);
	ac.date = date_buf;
	if ((rc = collector_open(g, &cs)) != 0)
		return rc;
	if ((e = store_write(cs->st, action_txn, &ac)) != 0) {
		rc = write_failed(g, e, ac.err);
	} else {
		fprintf(stderr, _("qp-collector: central action %s recorded (seq %llu)\n"),
		        ac.id_buf, (unsigned long long)ac.seq);
		if (add)
			printf("%s\n", ac.id_buf);
		rc = EXIT_DONE;
	}
	cstore_close(&cs);
	return rc;
}

int
cmd_central_action_add(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	return central_action_write(g, cmd, argc, argv, true);
}

int
cmd_central_action_update(const cli_globals *g, const cli_command *cmd, int argc,
                          char **argv)
{
	return central_action_write(g, cmd, argc, argv, false);
}

struct review_ctx {
	Qp__Event ev;
	Qp__ActionReview ar;
	uint64_t seq;
	char err[256];
};

static int
action_review_txn(store_txn *txn, void *arg)
{
	struct review_ctx *rc = arg;

	return steering_append(txn, &rc->ev, &rc->seq, rc->err, sizeof(rc->err));
}

int
cmd_central_action_review(const cli_globals *g, const cli_command *cmd, int argc,
                          char **argv)
{
	cli_action_review_opts o;
	struct review_ctx rx = { .ev = QP__EVENT__INIT, .ar = QP__ACTION_REVIEW__INIT };
	const char *by, *date, *comment;
	char date_buf[11];
	cstore *cs = NULL;
	int rc, e;

	if ((rc = cli_action_review_parse(g, cmd, argc, argv, &o)) != 0)
		return rc;
	by = o.by;
	date = o.date;
	comment = o.comment;
	if (typed_date(date, date_buf) != 0)
		return cli_usage(g, cmd, _("--date: expected a date YYYY-MM-DD or DD/MM/YYYY, "
		                 "got \"%s\""), date);
	if (!domain_utf8_valid(comment, strlen(comment)))
		return cli_usage(g, cmd, _("--comment: expected UTF-8 text"));
	rx.ar.date = date_buf;
	rx.ar.comment = (char *)comment;
	rx.ev.author = (char *)cli_author(by);
	rx.ev.business_date = date_buf;
	rx.ev.body_case = QP__EVENT__BODY_ACTION_REVIEW;
	rx.ev.action_review = &rx.ar;
	if ((rc = collector_open(g, &cs)) != 0)
		return rc;
	if ((e = store_write(cs->st, action_review_txn, &rx)) != 0) {
		rc = write_failed(g, e, rx.err);
	} else {
		fprintf(stderr, _("qp-collector: analysis of the central action table recorded "
		        "(seq %llu)\n"), (unsigned long long)rx.seq);
		rc = EXIT_DONE;
	}
	cstore_close(&cs);
	return rc;
}

int
cmd_central_action_list(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	cli_action_list_opts lo;
	char date_buf[11];
	store_txn *txn = NULL;
	ledger *l = NULL;
	cstore *cs = NULL;
	int rc, e;

	if ((rc = cli_action_list_parse(g, cmd, argc, argv, &lo)) != 0)
		return rc;
	if (typed_date(lo.date, date_buf) != 0)
		return cli_usage(g, cmd, _("--date: expected a date YYYY-MM-DD or DD/MM/YYYY, "
		                 "got \"%s\""), lo.date);
	if ((rc = collector_open(g, &cs)) != 0)
		return rc;
	if ((e = store_read(cs->st, &txn)) != 0 || (e = steering_ledger(txn, &l)) != 0) {
		cli_error(g, _("cannot read the store: %s"), qp_errtext(e));
		store_txn_end(&txn);
		cstore_close(&cs);
		return EXIT_RUNTIME;
	}
	store_txn_end(&txn);
	rc = cli_action_list_print(&lo, l, date_buf);
	ledger_destroy(&l);
	cstore_close(&cs);
	return rc;
}

/* --------------------------------------------------------------- audits */

int
cmd_audit_add(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "site", required_argument, NULL, 's' },
		{ "kind", required_argument, NULL, 'k' },
		{ "date", required_argument, NULL, 'd' },
		{ "auditor", required_argument, NULL, 'a' },
		{ "report", required_argument, NULL, 'r' },
		{ "by", required_argument, NULL, 'b' },
		OPT_END,
	};
	struct steering_audit_new ac = { .a = QP__AUDIT__INIT };
	const char *site = NULL, *kind = NULL, *date = NULL, *auditor = NULL;
	const char *report = NULL, *by = NULL;
	char date_buf[11], *text = NULL;
	size_t len = 0;
	cstore *cs = NULL;
	int ch, rc, e;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 's': site = optarg; break;
		case 'k': kind = optarg; break;
		case 'd': date = optarg; break;
		case 'a': auditor = optarg; break;
		case 'r': report = optarg; break;
		case 'b': by = optarg; break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (optind != argc)
		return cli_usage(g, cmd, _("unexpected argument '%s'"), argv[optind]);
	if (site == NULL || kind == NULL || date == NULL || auditor == NULL)
		return cli_usage(g, cmd, _("--site, --kind, --date and --auditor are required"));
	if (!domain_site_id_valid(site))
		return cli_usage(g, cmd, _("--site: expected a site id such as eps-05, got \"%s\""),
		                 site);
	if (!steering_audit_kind_valid(kind))
		return cli_usage(g, cmd, _("--kind: expected labelling, surveillance, renewal or "
		                 "internal, got \"%s\""), kind);
	if (typed_date(date, date_buf) != 0)
		return cli_usage(g, cmd, _("--date: expected a date YYYY-MM-DD or DD/MM/YYYY, "
		                 "got \"%s\""), date);
	if (!text_ok(auditor))
		return cli_usage(g, cmd, _("--auditor: expected the auditor's name"));
	if (by != NULL && !domain_utf8_valid(by, strlen(by)))
		return cli_usage(g, cmd, _("--by: expected UTF-8 text"));
	if (report != NULL && (text = read_text(report, &len)) == NULL)
		return cli_usage(g, cmd, _("--report: cannot read %s: %s"), report,
		                 errno == EILSEQ ? _("not UTF-8 text") :
		                 errno == EFBIG ? _("larger than 1 MiB") : strerror(errno));
	ac.a.site = (char *)site;
	ac.a.kind = (char *)kind;
	ac.a.date = date_buf;
	ac.a.auditor = (char *)auditor;
	ac.a.report = text ? text : (char *)"";
	if (report != NULL) {
		const char *slash = strrchr(report, '/');
		ac.a.report_name = (char *)(slash ? slash + 1 : report);
	}
	ac.a.recorded_at_ms = now_ms();
	ac.a.author = (char *)cli_author(by);
	if ((rc = collector_open(g, &cs)) != 0)
		goto out;
	if ((e = store_write(cs->st, steering_audit_add_txn, &ac)) != 0) {
		rc = write_failed(g, e, ac.err);
	} else {
		fprintf(stderr, _("qp-collector: %s audit %s of %s on %s recorded\n"),
		        kind, ac.id, site, date_buf);
		printf("%s\n", ac.id);
		rc = EXIT_DONE;
	}
out:
	cstore_close(&cs);
	free(text);
	return rc;
}

int
cmd_audit_finding(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "kind", required_argument, NULL, 'k' },
		{ "engagement", required_argument, NULL, 'E' },
		{ "text", required_argument, NULL, 't' },
		{ "action", no_argument, NULL, 'a' },
		{ "owner", required_argument, NULL, 'o' },
		{ "due", required_argument, NULL, 'u' },
		{ "date", required_argument, NULL, 'd' },
		{ "by", required_argument, NULL, 'b' },
		OPT_END,
	};
	struct steering_finding_new fc = { 0 };
	const char *date = NULL;
	char date_buf[11], due_buf[11];
	cstore *cs = NULL;
	int ch, rc, e;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'k': fc.kind = optarg; break;
		case 'E': fc.engagement = optarg; break;
		case 't': fc.text = optarg; break;
		case 'a': fc.action = true; break;
		case 'o': fc.owner = optarg; break;
		case 'u': fc.due = optarg; break;
		case 'd': date = optarg; break;
		case 'b': fc.by = optarg; break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (argc - optind != 1)
		return cli_usage(g, cmd, _("expected one AUDIT id (AU-<n>)"));
	fc.audit = argv[optind];
	fc.by = cli_author(fc.by);
	if (!steering_audit_id_valid(fc.audit))
		return cli_usage(g, cmd, _("AUDIT: expected AU-<n>, got \"%s\""), fc.audit);
	if (fc.kind == NULL || fc.engagement == NULL || fc.text == NULL)
		return cli_usage(g, cmd, _("--kind, --engagement and --text are required"));
	if (!steering_finding_kind_valid(fc.kind))
		return cli_usage(g, cmd, _("--kind: expected nc-major, nc-minor, observation or "
		                 "strength, got \"%s\""), fc.kind);
	if (!domain_engagement_valid(fc.engagement))
		return cli_usage(g, cmd, _("--engagement: expected %s, got \"%s\""),
		                 DOMAIN_ENGAGEMENTS_TEXT, fc.engagement);
	if (!text_ok(fc.text))
		return cli_usage(g, cmd, _("--text: expected non-empty UTF-8 text"));
	if (!fc.action && (fc.owner != NULL || fc.due != NULL))
		return cli_usage(g, cmd, _("--owner and --due belong to the action: give --action"));
	if ((fc.owner != NULL && !domain_utf8_valid(fc.owner, strlen(fc.owner))) ||
	    (fc.by != NULL && !domain_utf8_valid(fc.by, strlen(fc.by))))
		return cli_usage(g, cmd, _("--owner, --by: expected UTF-8 text"));
	if (fc.due != NULL) {
		if (typed_date(fc.due, due_buf) != 0)
			return cli_usage(g, cmd, _("--due: expected a date YYYY-MM-DD or "
			                 "DD/MM/YYYY, got \"%s\""), fc.due);
		fc.due = due_buf;
	}
	if (typed_date(date, date_buf) != 0)
		return cli_usage(g, cmd, _("--date: expected a date YYYY-MM-DD or DD/MM/YYYY, "
		                 "got \"%s\""), date);
	fc.ac.date = date_buf;
	if ((rc = collector_open(g, &cs)) != 0)
		return rc;
	if ((e = store_write(cs->st, steering_finding_txn, &fc)) != 0) {
		rc = write_failed(g, e, fc.err);
	} else {
		fprintf(stderr, _("qp-collector: finding %u of %s recorded\n"), fc.number, fc.audit);
		printf("%s/%u\n", fc.audit, fc.number);
		if (fc.action) {
			fprintf(stderr, _("qp-collector: central action %s opened\n"), fc.ac.id_buf);
			printf("%s\n", fc.ac.id_buf);
		}
		rc = EXIT_DONE;
	}
	cstore_close(&cs);
	return rc;
}

int
cmd_audit_list(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "year", required_argument, NULL, 'y' },
		{ "site", required_argument, NULL, 's' },
		{ "json", no_argument, NULL, 'j' },
		OPT_END,
	};
	const char *site = NULL;
	bool json = false;
	int year = 0, ch, rc, e;
	store_txn *txn = NULL;
	Qp__Audit **a = NULL;
	size_t n = 0;
	cstore *cs = NULL;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'y':
			if (!parse_year(optarg, &year))
				return cli_usage(g, cmd, _("--year: expected YYYY, got \"%s\""), optarg);
			break;
		case 's': site = optarg; break;
		case 'j': json = true; break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (optind != argc)
		return cli_usage(g, cmd, _("unexpected argument '%s'"), argv[optind]);
	if ((rc = collector_open(g, &cs)) != 0)
		return rc;
	if ((e = store_read(cs->st, &txn)) != 0 || (e = steering_audits(txn, year, &a, &n)) != 0) {
		cli_error(g, _("cannot read the store: %s"), qp_errtext(e));
		rc = EXIT_RUNTIME;
		goto out;
	}
	if (json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			if (site == NULL || strcmp(site, a[i]->site) == 0)
				json_array_append_new(arr, steering_audit_json(a[i]));
		rc = cli_print_json(json_pack("{s:o}", "audits", arr));
	} else {
		const char *hdr[] = { "audit", "date", "site", "type", "auditeur", "constats" };
		cli_table *t = cli_table_new(6, hdr);
		for (size_t i = 0; i < n; i++) {
			char nf[16];
			if (site != NULL && strcmp(site, a[i]->site) != 0)
				continue;
			snprintf(nf, sizeof(nf), "%zu", a[i]->n_findings);
			const char *row[6] = { a[i]->id, a[i]->date, a[i]->site,
			                       steering_audit_kind_fr(a[i]->kind), a[i]->auditor, nf };
			cli_table_add(t, row);
		}
		cli_table_print(t, stdout);
		cli_table_destroy(&t);
		for (size_t i = 0; i < n; i++) {
			if (site != NULL && strcmp(site, a[i]->site) != 0)
				continue;
			for (size_t k = 0; k < a[i]->n_findings; k++) {
				const Qp__AuditFinding *f = a[i]->findings[k];
				printf("%s/%u  %s  %s  %s%s%s\n", a[i]->id, f->number,
				       steering_finding_kind_fr(f->kind), f->engagement, f->text,
				       f->action_id[0] ? "  → " : "", f->action_id);
			}
		}
		rc = EXIT_DONE;
	}
out:
	steering_audits_free(a, n);
	store_txn_end(&txn);
	cstore_close(&cs);
	return rc;
}

/* ------------------------------------------------------------ campaigns */

int
cmd_campaign_set(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "site", required_argument, NULL, 's' },
		{ "year", required_argument, NULL, 'y' },
		{ "passed", required_argument, NULL, 'p' },
		{ "total", required_argument, NULL, 't' },
		{ "by", required_argument, NULL, 'b' },
		OPT_END,
	};
	struct steering_campaign_new cc = { .c = QP__CAMPAIGN_RESULT__INIT };
	const char *site = NULL, *year_s = NULL, *passed = NULL, *total = NULL, *by = NULL;
	unsigned long long np, nt;
	int year, ch, rc, e;
	cstore *cs = NULL;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 's': site = optarg; break;
		case 'y': year_s = optarg; break;
		case 'p': passed = optarg; break;
		case 't': total = optarg; break;
		case 'b': by = optarg; break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (argc - optind != 1)
		return cli_usage(g, cmd, _("expected the campaign: mystery-calls, mystery-visits "
		                 "or satisfaction"));
	if (!steering_campaign_kind_valid(argv[optind]))
		return cli_usage(g, cmd, _("KIND: expected mystery-calls, mystery-visits or "
		                 "satisfaction, got \"%s\""), argv[optind]);
	if (site == NULL || year_s == NULL || passed == NULL || total == NULL)
		return cli_usage(g, cmd, _("--site, --year, --passed and --total are required"));
	if (!domain_site_id_valid(site))
		return cli_usage(g, cmd, _("--site: expected a site id such as eps-05, got \"%s\""),
		                 site);
	if (!parse_year(year_s, &year))
		return cli_usage(g, cmd, _("--year: expected YYYY, got \"%s\""), year_s);
	if (!cli_parse_u64(total, &nt) || nt == 0 || nt > DOMAIN_COUNT_MAX)
		return cli_usage(g, cmd, _("--total: expected a whole number from 1, got \"%s\""),
		                 total);
	if (!cli_parse_u64(passed, &np) || np > nt)
		return cli_usage(g, cmd, _("--passed: expected a whole number from 0 to --total "
		                 "(%llu), got \"%s\""), nt, passed);
	if (by != NULL && !domain_utf8_valid(by, strlen(by)))
		return cli_usage(g, cmd, _("--by: expected UTF-8 text"));
	cc.c.kind = argv[optind];
	cc.c.site = (char *)site;
	cc.c.year = (uint32_t)year;
	cc.c.passed = np;
	cc.c.total = nt;
	cc.c.recorded_at_ms = now_ms();
	cc.c.author = (char *)cli_author(by);
	if ((rc = collector_open(g, &cs)) != 0)
		return rc;
	if ((e = store_write(cs->st, steering_campaign_txn, &cc)) != 0) {
		rc = write_failed(g, e, cc.err);
	} else {
		fprintf(stderr, _("qp-collector: %s %d of %s: %llu / %llu recorded\n"),
		        cc.c.kind, year, site, np, nt);
		rc = EXIT_DONE;
	}
	cstore_close(&cs);
	return rc;
}

int
cmd_campaign_list(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "year", required_argument, NULL, 'y' },
		{ "json", no_argument, NULL, 'j' },
		OPT_END,
	};
	bool json = false;
	int year = 0, ch, rc, e;
	store_txn *txn = NULL;
	Qp__CampaignResult **c = NULL;
	size_t n = 0;
	cstore *cs = NULL;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'y':
			if (!parse_year(optarg, &year))
				return cli_usage(g, cmd, _("--year: expected YYYY, got \"%s\""), optarg);
			break;
		case 'j': json = true; break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (optind != argc)
		return cli_usage(g, cmd, _("unexpected argument '%s'"), argv[optind]);
	if ((rc = collector_open(g, &cs)) != 0)
		return rc;
	if ((e = store_read(cs->st, &txn)) != 0 || (e = steering_campaigns(txn, year, &c, &n)) != 0) {
		cli_error(g, _("cannot read the store: %s"), qp_errtext(e));
		rc = EXIT_RUNTIME;
		goto out;
	}
	if (json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, json_pack("{s:s, s:s, s:I, s:I, s:I}",
			                      "kind", c[i]->kind, "site", c[i]->site,
			                      "year", (json_int_t)c[i]->year,
			                      "passed", (json_int_t)c[i]->passed,
			                      "total", (json_int_t)c[i]->total));
		rc = cli_print_json(json_pack("{s:o}", "campaigns", arr));
	} else {
		const char *hdr[] = { "campagne", "site", "année", "réussis", "total" };
		cli_table *t = cli_table_new(5, hdr);
		for (size_t i = 0; i < n; i++) {
			char y[16], p[24], tt[24];
			snprintf(y, sizeof(y), "%u", c[i]->year);
			snprintf(p, sizeof(p), "%llu", (unsigned long long)c[i]->passed);
			snprintf(tt, sizeof(tt), "%llu", (unsigned long long)c[i]->total);
			const char *row[5] = { steering_campaign_kind_fr(c[i]->kind), c[i]->site, y, p, tt };
			cli_table_add(t, row);
		}
		cli_table_print(t, stdout);
		cli_table_destroy(&t);
		rc = EXIT_DONE;
	}
out:
	steering_campaigns_free(c, n);
	store_txn_end(&txn);
	cstore_close(&cs);
	return rc;
}

/* ------------------------------------------------------- central review */

struct central_review_ctx {
	Qp__CentralReview r;
};

static int
central_review_txn(store_txn *txn, void *arg)
{
	return steering_central_review_put(txn, &((struct central_review_ctx *)arg)->r);
}

int
cmd_review_central(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "year", required_argument, NULL, 'y' },
		{ "file", required_argument, NULL, 'f' },
		{ "by", required_argument, NULL, 'b' },
		OPT_END,
	};
	struct central_review_ctx cr = { .r = QP__CENTRAL_REVIEW__INIT };
	const char *year_s = NULL, *file = NULL, *by = NULL;
	bool found[STEERING_SECTIONS];
	char missing[200] = "", *text = NULL;
	size_t len = 0, o = 0;
	int year, ch, rc, e;
	cstore *cs = NULL;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'y': year_s = optarg; break;
		case 'f': file = optarg; break;
		case 'b': by = optarg; break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (optind != argc)
		return cli_usage(g, cmd, _("unexpected argument '%s'"), argv[optind]);
	if (year_s == NULL || file == NULL)
		return cli_usage(g, cmd, _("--year and --file are required"));
	if (!parse_year(year_s, &year))
		return cli_usage(g, cmd, _("--year: expected YYYY, got \"%s\""), year_s);
	if (by != NULL && !domain_utf8_valid(by, strlen(by)))
		return cli_usage(g, cmd, _("--by: expected UTF-8 text"));
	if ((text = read_text(file, &len)) == NULL)
		return cli_usage(g, cmd, _("--file: cannot read %s: %s"), file,
		                 errno == EILSEQ ? _("not UTF-8 text") :
		                 errno == EFBIG ? _("larger than 1 MiB") : strerror(errno));
	if (steering_review_sections(text, found) != STEERING_SECTIONS) {
		for (int k = 0; k < STEERING_SECTIONS; k++) {
			if (found[k])
				continue;
			int w = snprintf(missing + o, sizeof(missing) - o, "%s%s", o ? ", " : "",
			                 steering_sections[k]);
			if (w > 0 && (size_t)w < sizeof(missing) - o)
				o += (size_t)w;
		}
		rc = cli_usage(g, cmd, _("--file: the bilan perspective needs the five sections "
		               "as Markdown headings (## Bilan, ## Risques, ## Opportunités, "
		               "## Objectifs, ## Perspectives); missing: %s"), missing);
		free(text);
		return rc;
	}
	cr.r.year = (uint32_t)year;
	cr.r.text = text;
	cr.r.recorded_at_ms = now_ms();
	cr.r.author = (char *)cli_author(by);
	if ((rc = collector_open(g, &cs)) == 0) {
		if ((e = store_write(cs->st, central_review_txn, &cr)) != 0) {
			rc = write_failed(g, e, "");
		} else {
			fprintf(stderr, _("qp-collector: central review %d recorded (%zu bytes)\n"),
			        year, len);
			rc = EXIT_DONE;
		}
	}
	cstore_close(&cs);
	free(text);
	return rc;
}

/* Writes `text` to `path` through fileout.h ("-": standard output). */
static int
write_text_file(const cli_globals *g, const char *path, const char *text)
{
	size_t len = strlen(text);

	if (strcmp(path, "-") == 0)
		return fputs(text, stdout) >= 0 ? EXIT_DONE : EXIT_RUNTIME;
	if (fileout_write(path, text, len, 0644, FILEOUT_REPLACE) != 0) {
		cli_error(g, _("--out: cannot write %s: %s"), path, strerror(errno ? errno : EIO));
		return EXIT_RUNTIME;
	}
	return EXIT_DONE;
}

/* The local annual review template ("trame type", SMQ10), French. */
static const char local_template[] =
"# Revue qualité annuelle locale %d\n"
"\n"
"<!-- Trame type fournie par les services centraux (référentiel QualiPARIS,\n"
"     SMQ10). Gardez les cinq titres de niveau 2 tels quels : la revue\n"
"     centrale les lit. Transmission : qp-agent review submit --year %d\n"
"     --file CE_FICHIER --approved-by « directeur » --approved-on AAAA-MM-JJ -->\n"
"\n"
"EPS : …\n"
"Rédigée par : DAA …, DACS … avec les référents thématiques et les chefs de service\n"
"Approuvée par le directeur du site le : …\n"
"\n"
"## Bilan\n"
"\n"
"- Indicateurs de l'année (annexe 4) : cibles atteintes, écarts et leurs causes.\n"
"- Vérifications périodiques : taux de réalisation, non-conformités relevées.\n"
"- Nettoyage : évaluations trimestrielles, anomalies transmises au SLHA.\n"
"- Tableau de suivi des actions : actions ouvertes, réalisées, en retard ;\n"
"  analyses trimestrielles tenues.\n"
"- Audits, appels et visites mystère, enquête de satisfaction : résultats et suites.\n"
"\n"
"## Risques\n"
"\n"
"- …\n"
"\n"
"## Opportunités\n"
"\n"
"- …\n"
"\n"
"## Objectifs\n"
"\n"
"<!-- Un objectif par ligne, commençant par l'engagement concerné,\n"
"     par exemple : « - N7 : décrocher 85 %% des appels en moins de 25 s ». -->\n"
"\n"
"- …\n"
"\n"
"## Perspectives\n"
"\n"
"- …\n"
"\n"
"<!-- Les agents du site sont informés du bilan perspective de cette revue\n"
"     (compte rendu de la réunion de présentation). -->\n";

int
cmd_review_template(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "year", required_argument, NULL, 'y' },
		{ "out", required_argument, NULL, 'o' },
		OPT_END,
	};
	const char *year_s = NULL, *out = NULL;
	char buf[sizeof(local_template) + 32];
	int year, ch, rc;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'y': year_s = optarg; break;
		case 'o': out = optarg; break;
		default: return cli_unknown_option(g, cmd, argv);
		}
	}
	if (optind != argc)
		return cli_usage(g, cmd, _("unexpected argument '%s'"), argv[optind]);
	if (year_s == NULL || out == NULL || out[0] == '\0')
		return cli_usage(g, cmd, _("--year and --out are required"));
	if (!parse_year(year_s, &year))
		return cli_usage(g, cmd, _("--year: expected YYYY, got \"%s\""), year_s);
	snprintf(buf, sizeof(buf), local_template, year, year);
	rc = write_text_file(g, out, buf);
	if (rc == EXIT_DONE && strcmp(out, "-") != 0)
		fprintf(stderr, _("qp-collector: local review template %d written to %s\n"),
		        year, out);
	return rc;
}
