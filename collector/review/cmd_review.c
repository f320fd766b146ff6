/*
 * cmd_review.c: `qp-collector report review --year Y [--as-of D]
 * --format html|json|csv --out F`, the annual central review (SPEC §7).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "calendar.h"
#include "collector.h"
#include "fileout.h"
#include "i18n.h"
#include "review.h"
#include "review_pdf.h"

/* Writes a JSON or HTML report to `path` (fileout.h), or to standard
 * output for "-". */
static int
write_single(const cli_globals *g, const review *r, const char *format, const char *path)
{
	fileout *out = NULL;
	FILE *fp = stdout;
	int e = 0;

	if (strcmp(path, "-") != 0) {
		if ((e = fileout_open(path, 0644, FILEOUT_REPLACE, &out)) != 0) {
			cli_error(g, _("--out: %s: %s"), path,
			          e == QP_ENOMEM ? qp_errtext(e) : strerror(errno));
			return EXIT_RUNTIME;
		}
		fp = fileout_fp(out);
	}
	if (strcmp(format, "json") == 0) {
		json_t *j = review_json(r);
		if (j == NULL || fmt_json_dump(j, fp, 2) != 0)
			e = QP_EIO;
		else
			fputc('\n', fp);
		json_decref(j);
	} else if (strcmp(format, "slides") == 0) {
		e = review_write_slides(r, fp);
	} else {
		e = review_write_html(r, fp);
	}
	if (out != NULL) {
		if (e != 0) {
			fileout_abort(&out);
			errno = EIO;
		} else {
			e = fileout_commit(&out);
		}
		if (e != 0) {
			cli_error(g, _("--out: cannot write %s: %s"), path, strerror(errno ? errno : EIO));
			return EXIT_RUNTIME;
		}
		fprintf(stderr, _("qp-collector: review written to %s\n"), path);
	} else if (e != 0 || fflush(fp) != 0 || ferror(fp)) {
		cli_error(g, _("cannot write the review: %s"), strerror(errno ? errno : EIO));
		return EXIT_RUNTIME;
	}
	return EXIT_DONE;
}

int
cmd_report_review(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "year", required_argument, NULL, 'y' },
		{ "as-of", required_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'f' },
		{ "out", required_argument, NULL, 'o' },
		{ NULL, 0, NULL, 0 },
	};
	const char *year_s = NULL, *as_of_s = NULL, *format = NULL, *out = NULL;
	char err[512] = "", **written = NULL;
	int year;
	cal_day as_of;
	store_txn *txn = NULL;
	review *r = NULL;
	cstore *cs = NULL;
	int ch, rc, e;

	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'y': year_s = optarg; break;
		case 'a': as_of_s = optarg; break;
		case 'f': format = optarg; break;
		case 'o': out = optarg; break;
		default:
			return cli_unknown_option(g, cmd, argv);
		}
	}
	if (optind != argc)
		return cli_usage(g, cmd, _("unexpected argument '%s'"), argv[optind]);
	if (year_s == NULL)
		return cli_usage(g, cmd, "%s", _("--year is required (YYYY)"));
	if ((rc = cli_parse_year(g, cmd, year_s, &year)) != 0)
		return rc;
	if (as_of_s == NULL)
		as_of = cal_paris_day(cal_now_ms());
	else if (cal_parse_date_typed(as_of_s, &as_of) != 0)
		return cli_usage(g, cmd, _("--as-of: expected a date YYYY-MM-DD, got \"%s\""), as_of_s);
	if (format == NULL || (strcmp(format, "html") != 0 && strcmp(format, "json") != 0 &&
	                       strcmp(format, "csv") != 0 && strcmp(format, "slides") != 0 &&
	                       strcmp(format, "pdf") != 0))
		return cli_usage(g, cmd, _("--format: expected html, pdf, slides, json or csv, got \"%s\""),
		                 format ? format : "");
	if (out == NULL || out[0] == '\0')
		return cli_usage(g, cmd, _("--out is required (the file to write%s)"),
		                 strcmp(format, "csv") == 0 ? "" : _(", or - for standard output"));
	if (strcmp(out, "-") == 0 && strcmp(format, "pdf") == 0)
		return cli_usage(g, cmd, "%s", _("--out: the PDF is written to a file; give a path"));
	if (strcmp(out, "-") == 0 && strcmp(format, "csv") == 0)
		return cli_usage(g, cmd, _("--out: the CSV report is several files; give a path "
		                   "(e.g. revue-%s.csv)"), year_s);
	if ((rc = collector_open(g, &cs)) != 0)
		return rc;
	rc = EXIT_RUNTIME;
	if ((e = store_read(cs->st, &txn)) != 0 || (e = review_load(txn, year, as_of, &r)) != 0) {
		cli_error(g, _("cannot compute the review: %s"), qp_errtext(e));
		goto out;
	}
	store_txn_end(&txn);
	if (strcmp(format, "csv") == 0) {
		if ((e = review_write_csv(r, out, &written, err, sizeof(err))) != 0) {
			cli_error(g, _("--out: %s"), err[0] ? err : qp_errtext(e));
			goto out;
		}
		for (size_t i = 0; written[i] != NULL; i++) {
			fprintf(stderr, _("qp-collector: review written to %s\n"), written[i]);
			free(written[i]);
		}
		free(written);
		rc = EXIT_DONE;
	} else if (strcmp(format, "pdf") == 0) {
		if ((e = review_print_pdf(r, out, err, sizeof(err))) != 0) {
			cli_error(g, "%s", err);
			goto out;
		}
		fprintf(stderr, _("qp-collector: review written to %s\n"), out);
		rc = EXIT_DONE;
	} else {
		rc = write_single(g, r, format, out);
	}
out:
	store_txn_end(&txn);
	review_destroy(&r);
	cstore_close(&cs);
	return rc;
}
