/*
 * report_csv.c: the review as CSV files for spreadsheets, written from the
 * very JSON objects of review_json() so that both carry the same figures.
 *
 * Files (BASE is the --out path without ".csv"):
 *   BASE.csv                     one row per site and indicator, then one
 *                                per indicator for the network ("réseau")
 *   BASE-checks.csv              one row per site, then the network
 *   BASE-cleaning.csv            one row per site, then the network
 *   BASE-actions.csv             one row per site, then the network
 *   BASE-actions-breakdown.csv   actions opened, per site and source or
 *                                engagement, then the network
 *   BASE-reviews.csv             one row per site (local annual review)
 */
#include "review.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fileout.h"
#include "i18n.h"

/* The network's rows use this in the site column: no site id has an accent. */
#define NETWORK_SITE "réseau"

/* A row being written: cells separated by commas, ended by CRLF. */
struct row {
	FILE *fp;
	int cells;
};

static void
cell(struct row *r, const json_t *v)
{
	if (r->cells++ > 0)
		fputc(',', r->fp);
	if (v != NULL)
		fmt_csv_value(r->fp, v);
}

static void
cell_str(struct row *r, const char *s)
{
	if (r->cells++ > 0)
		fputc(',', r->fp);
	fmt_csv_field(r->fp, s);
}

static void
end_row(struct row *r)
{
	fputs("\r\n", r->fp);
	r->cells = 0;
}

static void
header(FILE *fp, const char *const *cols)
{
	struct row r = { fp, 0 };

	for (size_t i = 0; cols[i] != NULL; i++)
		cell_str(&r, cols[i]);
	end_row(&r);
}

static const json_t *
get(const json_t *o, const char *key)
{
	return json_object_get(o, key);
}

/* ------------------------------------------------------------- sections */

static void
indicator_cells(struct row *r, const json_t *ind)
{
	static const char *const keys[] = {
		"code", "engagement", "label", "periodicity", "target", "numerator",
		"denominator", "rate", "met", "periods", "previous_rate", NULL,
	};
	for (size_t i = 0; keys[i] != NULL; i++)
		cell(r, get(ind, keys[i]));
}

static void
write_indicators(FILE *fp, const json_t *j)
{
	static const char *const cols[] = {
		"site", "name", "code", "engagement", "label", "periodicity", "target",
		"numerator", "denominator", "rate", "met", "periods", "previous_rate",
		"sites_met", "sites_reporting", "periods_expected", "complete", "source", NULL,
	};
	const json_t *sites = get(j, "sites"), *s, *ind;
	struct row r = { fp, 0 };
	size_t i, k;

	header(fp, cols);
	json_array_foreach(sites, i, s) {
		json_array_foreach(get(s, "indicators"), k, ind) {
			cell(&r, get(s, "site"));
			cell(&r, get(s, "name"));
			indicator_cells(&r, ind);
			cell(&r, NULL);
			cell(&r, NULL);
			cell(&r, get(ind, "periods_expected"));
			cell(&r, get(ind, "complete"));
			cell(&r, get(ind, "source"));
			end_row(&r);
		}
	}
	json_array_foreach(get(get(j, "network"), "indicators"), k, ind) {
		cell_str(&r, NETWORK_SITE);
		cell_str(&r, "Réseau");
		indicator_cells(&r, ind);
		cell(&r, get(ind, "sites_met"));
		cell(&r, get(ind, "sites_reporting"));
		cell(&r, get(ind, "periods_expected"));
		cell(&r, get(ind, "complete"));
		cell(&r, NULL);
		end_row(&r);
	}
}

static const char *const count_keys[] = { "checks", "due", "done", "completion", "runs_ko", NULL };

static void
write_checks(FILE *fp, const json_t *j)
{
	const json_t *s;
	struct row r = { fp, 0 };
	size_t i;

	/* Header: the totals, then the same five figures per periodicity. */
	for (size_t k = 0; k < 2 + 5; k++)
		cell_str(&r, k == 0 ? "site" : k == 1 ? "name" : count_keys[k - 2]);
	for (int p = 0; p < REVIEW_PERIODICITIES; p++) {
		for (size_t k = 0; count_keys[k] != NULL; k++) {
			char col[64];
			snprintf(col, sizeof(col), "%s_%s", domain_periodicities[p].wire, count_keys[k]);
			cell_str(&r, col);
		}
	}
	end_row(&r);
	for (i = 0; i <= json_array_size(get(j, "sites")); i++) {
		bool net = i == json_array_size(get(j, "sites"));
		const json_t *c;
		s = net ? get(j, "network") : json_array_get(get(j, "sites"), i);
		c = get(s, "checks");
		cell_str(&r, net ? NETWORK_SITE : json_string_value(get(s, "site")));
		cell_str(&r, net ? "Réseau" : json_string_value(get(s, "name")));
		for (size_t k = 0; count_keys[k] != NULL; k++)
			cell(&r, get(c, count_keys[k]));
		for (int p = 0; p < REVIEW_PERIODICITIES; p++) {
			const json_t *pc = get(get(c, "by_periodicity"), domain_periodicities[p].wire);
			for (size_t k = 0; count_keys[k] != NULL; k++) {
				/* A periodicity with no active check: zeros, no completion. */
				json_t *zero = pc == NULL && k != 3 ? json_integer(0) : NULL;
				cell(&r, pc != NULL ? get(pc, count_keys[k]) : zero);
				json_decref(zero);
			}
		}
		end_row(&r);
	}
}

static void
write_cleaning(FILE *fp, const json_t *j, int year)
{
	static const char *const keys[] = {
		"signoffs", "opening_days", "days_without_toilet_signoff", NULL,
	};
	struct row r = { fp, 0 };
	size_t nsites = json_array_size(get(j, "sites"));
	char q[8];

	cell_str(&r, "site");
	cell_str(&r, "name");
	for (size_t k = 0; keys[k] != NULL; k++)
		cell_str(&r, keys[k]);
	for (int i = 0; i < REVIEW_QUARTERS; i++)
		cell_str(&r, review_quarter_label(year, i, q));
	cell_str(&r, "year_score");
	cell_str(&r, "sites_evaluated");
	end_row(&r);
	for (size_t i = 0; i <= nsites; i++) {
		bool net = i == nsites;
		const json_t *s = net ? get(j, "network") : json_array_get(get(j, "sites"), i);
		const json_t *c = get(s, "cleaning");
		cell_str(&r, net ? NETWORK_SITE : json_string_value(get(s, "site")));
		cell_str(&r, net ? "Réseau" : json_string_value(get(s, "name")));
		for (size_t k = 0; keys[k] != NULL; k++)
			cell(&r, get(c, keys[k]));
		for (int k = 0; k < REVIEW_QUARTERS; k++)
			cell(&r, get(get(c, "quarters"), review_quarter_label(year, k, q)));
		cell(&r, get(c, "year_score"));
		cell(&r, get(c, "sites_evaluated"));
		end_row(&r);
	}
}

static void
write_actions(FILE *fp, const json_t *j, int year)
{
	static const char *const keys[] = {
		"opened", "closed", "open", "overdue", "quarters_reviewed", NULL,
	};
	static const char *const flow[] = { "opened", "closed", "open", NULL };
	struct row r = { fp, 0 };
	size_t nsites = json_array_size(get(j, "sites"));
	char q[8], col[64];

	cell_str(&r, "site");
	cell_str(&r, "name");
	for (size_t k = 0; keys[k] != NULL; k++)
		cell_str(&r, keys[k]);
	for (int i = 0; i < REVIEW_QUARTERS; i++) {
		for (size_t k = 0; flow[k] != NULL; k++) {
			snprintf(col, sizeof(col), "%s_%s", review_quarter_label(year, i, q), flow[k]);
			cell_str(&r, col);
		}
	}
	end_row(&r);
	for (size_t i = 0; i <= nsites; i++) {
		bool net = i == nsites;
		const json_t *s = net ? get(j, "network") : json_array_get(get(j, "sites"), i);
		const json_t *a = get(s, "actions");
		cell_str(&r, net ? NETWORK_SITE : json_string_value(get(s, "site")));
		cell_str(&r, net ? "Réseau" : json_string_value(get(s, "name")));
		for (size_t k = 0; keys[k] != NULL; k++)
			cell(&r, get(a, keys[k]));
		for (int k = 0; k < REVIEW_QUARTERS; k++) {
			const json_t *f = get(get(a, "flow"), review_quarter_label(year, k, q));
			for (size_t m = 0; flow[m] != NULL; m++)
				cell(&r, get(f, flow[m]));
		}
		end_row(&r);
	}
}

static void
write_breakdown(FILE *fp, const json_t *j)
{
	static const char *const cols[] = { "site", "name", "by", "key", "opened", NULL };
	static const char *const by[][2] = {
		{ "by_source", "source" }, { "by_engagement", "engagement" },
	};
	struct row r = { fp, 0 };
	size_t nsites = json_array_size(get(j, "sites"));

	header(fp, cols);
	for (size_t i = 0; i <= nsites; i++) {
		bool net = i == nsites;
		const json_t *s = net ? get(j, "network") : json_array_get(get(j, "sites"), i);
		for (size_t b = 0; b < 2; b++) {
			const char *key;
			const json_t *n;
			json_object_foreach((json_t *)get(get(s, "actions"), by[b][0]), key, n) {
				cell_str(&r, net ? NETWORK_SITE : json_string_value(get(s, "site")));
				cell_str(&r, net ? "Réseau" : json_string_value(get(s, "name")));
				cell_str(&r, by[b][1]);
				cell_str(&r, key);
				cell(&r, n);
				end_row(&r);
			}
		}
	}
}

static void
write_reviews(FILE *fp, const json_t *j)
{
	static const char *const cols[] = {
		"site", "name", "submitted", "approved", "approved_by", "approved_on", NULL,
	};
	const json_t *s;
	struct row r = { fp, 0 };
	size_t i;

	header(fp, cols);
	json_array_foreach(get(j, "sites"), i, s) {
		const json_t *a = get(s, "annual_review");
		cell(&r, get(s, "site"));
		cell(&r, get(s, "name"));
		cell(&r, get(a, "submitted"));
		cell(&r, get(a, "approved"));
		cell(&r, get(a, "approved_by"));
		cell(&r, get(a, "approved_on"));
		end_row(&r);
	}
}

/* ---------------------------------------------------------------- files */

enum { F_INDICATORS, F_CHECKS, F_CLEANING, F_ACTIONS, F_BREAKDOWN, F_REVIEWS, F_COUNT };
static const char *const suffixes[F_COUNT] = {
	".csv", "-checks.csv", "-cleaning.csv", "-actions.csv",
	"-actions-breakdown.csv", "-reviews.csv",
};

static char *
concat(const char *a, size_t alen, const char *b)
{
	size_t bl = strlen(b);
	char *s = malloc(alen + bl + 1);

	if (s != NULL) {
		memcpy(s, a, alen);
		memcpy(s + alen, b, bl + 1);
	}
	return s;
}

/* Writes one file through a temporary beside it, renamed once complete. */
static int
write_one(const json_t *j, int year, int which, const char *path, char *err, size_t errlen)
{
	fileout *out = NULL;
	FILE *fp;
	int e;

	if ((e = fileout_open(path, 0644, FILEOUT_REPLACE, &out)) != 0) {
		snprintf(err, errlen, _("%s: %s"), path, e == QP_ENOMEM ? qp_errtext(e) : strerror(errno));
		return e == QP_ENOMEM ? e : QP_EIO;
	}
	fp = fileout_fp(out);
	/* The byte order mark tells spreadsheets the file is UTF-8. */
	fputs("\xEF\xBB\xBF", fp);
	switch (which) {
	case F_INDICATORS: write_indicators(fp, j); break;
	case F_CHECKS: write_checks(fp, j); break;
	case F_CLEANING: write_cleaning(fp, j, year); break;
	case F_ACTIONS: write_actions(fp, j, year); break;
	case F_BREAKDOWN: write_breakdown(fp, j); break;
	default: write_reviews(fp, j); break;
	}
	if ((e = fileout_commit(&out)) != 0) {
		snprintf(err, errlen, _("%s: %s"), path, strerror(errno));
		return QP_EIO;
	}
	return 0;
}

int
review_write_csv(const review *r, const char *path, char ***written, char *err,
                 size_t errlen)
{
	size_t plen = strlen(path);
	size_t blen = plen >= 4 && strcmp(path + plen - 4, ".csv") == 0 ? plen - 4 : plen;
	char **paths = calloc(F_COUNT + 1, sizeof(*paths));
	json_t *j = review_json(r);
	int e = 0;

	*written = NULL;
	if (paths == NULL || j == NULL) {
		e = QP_ENOMEM;
		goto out;
	}
	for (int f = 0; f < F_COUNT; f++) {
		paths[f] = f == F_INDICATORS ? strdup(path) : concat(path, blen, suffixes[f]);
		if (paths[f] == NULL) {
			e = QP_ENOMEM;
			goto out;
		}
		if ((e = write_one(j, r->year, f, paths[f], err, errlen)) != 0)
			goto out;
	}
out:
	json_decref(j);
	if (e != 0 && paths != NULL) {
		for (int f = 0; f < F_COUNT; f++)
			free(paths[f]);
		free(paths);
		paths = NULL;
	}
	*written = paths;
	return e;
}
