/*
 * review_export.c: `qp-collector export KIND` for the record kinds
 * (indicators, checks, cleaning, actions, reviews): the latest non-voided
 * records of each site, one row per record, in JSON ({"KIND": [row...]})
 * or CSV with the same columns. `events` stays in cmd.c.
 *
 * With --year Y: indicator values of periods in Y; check definitions in
 * force by the end of Y with their runs dated in Y; sign-offs dated in Y
 * and evaluations of quarters of Y; actions open at some time in Y (opened
 * on or before 31 Dec, not closed before 1 Jan); annual reviews of Y and
 * action reviews dated in Y.
 */
#include "i18n.h"
#include "review.h"
#include "steering.h"

#include <string.h>

#include "codec.h"
#include "cstore.h"

enum kind { K_INDICATORS, K_CHECKS, K_CLEANING, K_ACTIONS, K_REVIEWS, K_COUNT };

static const char *const kind_names[K_COUNT] = {
	"indicators", "checks", "cleaning", "actions", "reviews",
};

static const char *const columns[K_COUNT][20] = {
	[K_INDICATORS] = { "site", "code", "period", "numerator", "denominator", "rate",
	                   "target", "engagement", "comment", "date", "author",
	                   "recorded_at", "seq", NULL },
	[K_CHECKS] = { "site", "check", "label", "engagement", "periodicity", "role",
	               "active", "since", "run_date", "result", "comment", "author",
	               "recorded_at", "seq", NULL },
	[K_CLEANING] = { "site", "record", "date", "quarter", "zone", "at", "cleaner",
	                 "score", "comment", "author", "recorded_at", "seq", NULL },
	[K_ACTIONS] = { "site", "id", "title", "engagement", "source", "owner",
	                "opened_on", "due", "status", "status_date", "note", "author",
	                "recorded_at", "seq", NULL },
	[K_REVIEWS] = { "site", "record", "date", "year", "approved_by", "approved_on",
	                "text", "author", "recorded_at", "seq", NULL },
};

struct out {
	FILE *fp;
	bool json;
	enum kind kind;
	size_t rows;
	int err;
};

bool
review_export_kind_valid(const char *kind)
{
	for (int k = 0; k < K_COUNT; k++)
		if (strcmp(kind, kind_names[k]) == 0)
			return true;
	return false;
}

/* Writes a row and releases it. */
static void
emit(struct out *o, json_t *row)
{
	if (row == NULL) {
		o->err = QP_ENOMEM;
		return;
	}
	if (o->json) {
		fputs(o->rows ? ",\n  " : "\n  ", o->fp);
		if (fmt_json_dump(row, o->fp, -1) != 0)
			o->err = QP_EIO;
	} else {
		for (size_t c = 0; columns[o->kind][c] != NULL; c++) {
			if (c > 0)
				fputc(',', o->fp);
			fmt_csv_value(o->fp, json_object_get(row, columns[o->kind][c]));
		}
		fputs("\r\n", o->fp);
	}
	o->rows++;
	json_decref(row);
}

/* The fields every row ends with: who, when recorded, which event. */
static json_t *
provenance(json_t *row, const Qp__Event *ev)
{
	char when[CAL_TEXT_MAX];

	if (row == NULL)
		return NULL;
	if (ev == NULL) {
		json_object_set_new(row, "author", json_null());
		json_object_set_new(row, "recorded_at", json_null());
		json_object_set_new(row, "seq", json_null());
		return row;
	}
	json_object_set_new(row, "author", json_string(ev->author));
	json_object_set_new(row, "recorded_at", json_string(cal_format_utc(ev->recorded_at_ms, when)));
	json_object_set_new(row, "seq", json_integer((json_int_t)ev->seq));
	return row;
}

static bool
date_in_year(const char *s, int year)
{
	cal_day d;
	int y, m, dd;

	if (cal_parse_date(s, &d) != 0)
		return false;
	cal_to_ymd(d, &y, &m, &dd);
	return y == year;
}

/* ----------------------------------------------------------------- kinds */

static void
export_indicators(struct out *o, const char *site, ledger *l,
                  const Qp__CentralState *central, int year)
{
	const Qp__Event *const *evs;
	size_t n = ledger_view(l, LEDGER_INDICATORS, &evs);

	for (size_t i = 0; i < n && o->err == 0; i++) {
		const Qp__IndicatorValue *v = evs[i]->indicator;
		const Qp__CatalogueEntry *entry = NULL;
		cal_period p;
		double rate;

		if (year != 0 && (cal_parse_period(v->period, &p) != 0 || p.year != year))
			continue;
		for (size_t k = 0; k < central->n_catalogue; k++)
			if (strcmp(central->catalogue[k]->code, v->code) == 0)
				entry = central->catalogue[k];
		emit(o, provenance(json_pack("{s:s, s:s, s:s, s:I, s:I, s:o, s:o, s:o, s:s, s:s}",
		        "site", site, "code", v->code, "period", v->period,
		        "numerator", (json_int_t)v->numerator,
		        "denominator", (json_int_t)v->denominator,
		        "rate", review_rate(v->numerator, v->denominator, &rate) ? json_real(rate) : json_null(),
		        "target", entry ? json_real(entry->target) : json_null(),
		        "engagement", entry ? json_string(entry->engagement) : json_null(),
		        "comment", v->comment, "date", evs[i]->business_date), evs[i]));
	}
}

static json_t *
check_row(const char *site, const Qp__CheckDefinition *d, const char *id)
{
	if (d == NULL)
		return json_pack("{s:s, s:s, s:n, s:n, s:n, s:n, s:n, s:n}", "site", site,
		                 "check", id, "label", "engagement", "periodicity", "role",
		                 "active", "since");
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:b, s:s}", "site", site,
	                 "check", d->id, "label", d->label, "engagement", d->engagement,
	                 "periodicity", d->periodicity, "role", d->role,
	                 "active", d->active, "since", d->since);
}

static void
export_checks(struct out *o, const char *site, ledger *l, int year)
{
	const Qp__Event *const *defs, *const *runs;
	size_t ndefs = ledger_view(l, LEDGER_CHECKS, &defs);
	size_t nruns = ledger_view(l, LEDGER_CHECK_RUNS, &runs);
	cal_day dec31 = year ? cal_from_ymd(year, 12, 31) : 0;

	for (size_t i = 0; i < ndefs && o->err == 0; i++) {
		const Qp__CheckDefinition *d = defs[i]->check_definition;
		cal_day since;
		size_t shown = 0;

		if (year != 0 && cal_parse_date(d->since, &since) == 0 && since > dec31)
			continue;
		for (size_t k = 0; k < nruns && o->err == 0; k++) {
			const Qp__CheckRun *run = runs[k]->check_run;
			json_t *row;
			if (strcmp(run->check_id, d->id) != 0 || (year && !date_in_year(run->date, year)))
				continue;
			row = check_row(site, d, d->id);
			if (row != NULL) {
				json_object_set_new(row, "run_date", json_string(run->date));
				json_object_set_new(row, "result", json_string(run->result));
				json_object_set_new(row, "comment", json_string(run->comment));
			}
			emit(o, provenance(row, runs[k]));
			shown++;
		}
		/* A check never run (in the year) still gets its row. */
		if (shown == 0) {
			json_t *row = check_row(site, d, d->id);
			if (row != NULL) {
				json_object_set_new(row, "run_date", json_null());
				json_object_set_new(row, "result", json_null());
				json_object_set_new(row, "comment", json_null());
			}
			emit(o, provenance(row, NULL));
		}
	}
	/* Runs whose definition was voided. */
	for (size_t k = 0; k < nruns && o->err == 0; k++) {
		const Qp__CheckRun *run = runs[k]->check_run;
		json_t *row;
		if (ledger_check(l, run->check_id) != NULL || (year && !date_in_year(run->date, year)))
			continue;
		row = check_row(site, NULL, run->check_id);
		if (row != NULL) {
			json_object_set_new(row, "run_date", json_string(run->date));
			json_object_set_new(row, "result", json_string(run->result));
			json_object_set_new(row, "comment", json_string(run->comment));
		}
		emit(o, provenance(row, runs[k]));
	}
}

static void
export_cleaning(struct out *o, const char *site, ledger *l, int year)
{
	const Qp__Event *const *evs;
	size_t n = ledger_view(l, LEDGER_SIGNOFFS, &evs);

	for (size_t i = 0; i < n && o->err == 0; i++) {
		const Qp__CleaningSignoff *so = evs[i]->cleaning_signoff;
		cal_period q;
		char day[11], quarter[CAL_TEXT_MAX];
		int64_t ms;

		if (cal_parse_datetime(so->at, &ms) != 0)
			continue;
		q = cal_period_of(CAL_QUARTER, cal_paris_day(ms));
		if (year != 0 && q.year != year)
			continue;
		emit(o, provenance(json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:n, s:n}",
		        "site", site, "record", "signoff",
		        "date", cal_format_date(cal_paris_day(ms), day),
		        "quarter", cal_format_period(&q, quarter), "zone", so->zone,
		        "at", so->at, "cleaner", so->cleaner, "score", "comment"), evs[i]));
	}
	n = ledger_view(l, LEDGER_EVALUATIONS, &evs);
	for (size_t i = 0; i < n && o->err == 0; i++) {
		const Qp__CleaningEvaluation *ev = evs[i]->cleaning_evaluation;
		cal_period q;

		if (year != 0 && (cal_parse_period(ev->quarter, &q) != 0 || q.year != year))
			continue;
		/* One row per zone score, so that a spreadsheet can average them. */
		for (size_t z = 0; z < ev->n_scores && o->err == 0; z++)
			emit(o, provenance(json_pack("{s:s, s:s, s:s, s:s, s:s, s:n, s:n, s:I, s:s}",
			        "site", site, "record", "evaluation",
			        "date", evs[i]->business_date, "quarter", ev->quarter,
			        "zone", ev->scores[z]->zone, "at", "cleaner",
			        "score", (json_int_t)ev->scores[z]->score,
			        "comment", ev->comment), evs[i]));
	}
}

static void
export_actions(struct out *o, const char *site, ledger *l, int year)
{
	const Qp__Event *const *evs;
	size_t n = ledger_view(l, LEDGER_ACTIONS, &evs);

	for (size_t i = 0; i < n && o->err == 0; i++) {
		const Qp__Action *a = evs[i]->action;

		if (year != 0) {
			cal_day opened, sd;
			bool closed = strcmp(a->status, "done") == 0 || strcmp(a->status, "dropped") == 0;
			if (cal_parse_date(a->opened_on, &opened) != 0 ||
			    opened > cal_from_ymd(year, 12, 31))
				continue;
			if (closed && cal_parse_date(a->status_date, &sd) == 0 &&
			    sd < cal_from_ymd(year, 1, 1))
				continue;
		}
		emit(o, provenance(json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
		        "site", site, "id", a->id, "title", a->title,
		        "engagement", a->engagement, "source", a->source, "owner", a->owner,
		        "opened_on", a->opened_on, "due", a->due, "status", a->status,
		        "status_date", a->status_date, "note", a->note), evs[i]));
	}
}

static void
export_reviews(struct out *o, const char *site, ledger *l, int year)
{
	const Qp__Event *const *evs;
	size_t n = ledger_view(l, LEDGER_ANNUAL_REVIEWS, &evs);

	for (size_t i = 0; i < n && o->err == 0; i++) {
		const Qp__AnnualReview *a = evs[i]->annual_review;
		if (year != 0 && a->year != (uint32_t)year)
			continue;
		emit(o, provenance(json_pack("{s:s, s:s, s:s, s:I, s:s, s:s, s:s}",
		        "site", site, "record", "annual-review", "date", evs[i]->business_date,
		        "year", (json_int_t)a->year, "approved_by", a->approved_by,
		        "approved_on", a->approved_on, "text", a->text), evs[i]));
	}
	n = ledger_view(l, LEDGER_ACTION_REVIEWS, &evs);
	for (size_t i = 0; i < n && o->err == 0; i++) {
		const Qp__ActionReview *a = evs[i]->action_review;
		cal_day d;
		int y = 0, m, dd;
		if (cal_parse_date(a->date, &d) == 0)
			cal_to_ymd(d, &y, &m, &dd);
		if (year != 0 && y != year)
			continue;
		emit(o, provenance(json_pack("{s:s, s:s, s:s, s:I, s:n, s:n, s:s}",
		        "site", site, "record", "action-review", "date", a->date,
		        "year", (json_int_t)y, "approved_by", "approved_on",
		        "text", a->comment), evs[i]));
	}
}

/* ----------------------------------------------------------------- entry */

int
review_export(store_txn *txn, const char *kind_name, bool json, const char *site,
              int year, FILE *fp)
{
	Qp__CentralState *central = NULL;
	Qp__SiteRecord **sites = NULL;
	size_t nsites = 0;
	struct out o = { .fp = fp, .json = json };
	int e, k;

	for (k = 0; k < K_COUNT && strcmp(kind_name, kind_names[k]) != 0; k++)
		;
	if (k == K_COUNT)
		return QP_EINVAL;
	o.kind = (enum kind)k;
	if ((e = cstore_central_get(txn, &central)) != 0)
		return e;
	if (site == NULL && (e = cstore_sites(txn, &sites, &nsites)) != 0)
		goto out;
	if (json) {
		fprintf(fp, "{\"%s\": [", kind_name);
	} else {
		for (size_t c = 0; columns[k][c] != NULL; c++)
			fprintf(fp, "%s%s", c ? "," : "", columns[k][c]);
		fputs("\r\n", fp);
	}
	for (size_t i = 0; i < (site != NULL ? 1 : nsites) && o.err == 0; i++) {
		const char *id = site != NULL ? site : sites[i]->site;
		ledger *l = NULL;
		uint64_t *skipped = NULL;
		size_t nskipped = 0;
		if ((e = cstore_load_ledger(txn, C_EVENTS, id, &l, NULL, &skipped, &nskipped)) != 0)
			goto out;
		/* Listed, not fatal: the rest of the export is still right. */
		for (size_t j = 0; j < nskipped; j++)
			fprintf(stderr, _("qp-collector: warning: %s seq %llu is unreadable in the "
			                  "store and left out\n"), id, (unsigned long long)skipped[j]);
		free(skipped);
		switch (o.kind) {
		case K_INDICATORS: export_indicators(&o, id, l, central, year); break;
		case K_CHECKS: export_checks(&o, id, l, year); break;
		case K_CLEANING: export_cleaning(&o, id, l, year); break;
		case K_ACTIONS: export_actions(&o, id, l, year); break;
		default: export_reviews(&o, id, l, year); break;
		}
		ledger_destroy(&l);
	}
	/* The central action table (and its analyses) after the sites, as site
	 * "central" (SPEC §13). */
	if (o.err == 0 && (o.kind == K_ACTIONS || o.kind == K_REVIEWS) &&
	    (site == NULL || strcmp(site, STEERING_SITE) == 0)) {
		ledger *l = NULL;
		if ((e = steering_ledger(txn, &l)) != 0)
			goto out;
		if (o.kind == K_ACTIONS)
			export_actions(&o, STEERING_SITE, l, year);
		else
			export_reviews(&o, STEERING_SITE, l, year);
		ledger_destroy(&l);
	}
	if ((e = o.err) != 0)
		goto out;
	if (json)
		fputs(o.rows ? "\n]}\n" : "]}\n", fp);
out:
	cstore_sites_free(sites, nsites);
	codec_free((ProtobufCMessage **)&central);
	return e;
}
