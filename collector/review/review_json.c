/*
 * review_json.c: the review's figures as JSON (SPEC §6 keys, and more).
 * The CSV writer reads the same objects, so both carry the same figures.
 */
#include "review.h"

#include <stdlib.h>
#include <string.h>

#include "steering.h"

static json_t *
rate_json(uint64_t num, uint64_t den)
{
	double rate;

	return review_rate(num, den, &rate) ? json_real(rate) : json_null();
}

static json_t *
met_json(int met)
{
	return met < 0 ? json_null() : json_boolean(met);
}

static json_t *
str_or_null(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

static json_t *
counts_json(const review_count *c, size_t n)
{
	json_t *o = json_object();

	for (size_t i = 0; o != NULL && i < n; i++)
		json_object_set_new(o, c[i].key, json_integer(c[i].n));
	return o;
}

static json_t *
check_counts_json(const review_check_counts *c)
{
	return json_pack("{s:I, s:I, s:I, s:o, s:I}",
	                 "checks", (json_int_t)c->checks,
	                 "due", (json_int_t)c->due, "done", (json_int_t)c->done,
	                 "completion", rate_json(c->done, c->due),
	                 "runs_ko", (json_int_t)c->runs_ko);
}

static json_t *
indicators_json(const review *r, const review_site *s, bool network)
{
	json_t *arr = json_array();

	for (size_t i = 0; arr != NULL && i < r->n_indicators; i++) {
		const review_indicator *ind = &s->indicators[i];
		json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:f, s:I, s:I, s:o, s:o, s:I, s:o}",
		        "code", ind->entry->code, "engagement", ind->entry->engagement,
		        "periodicity", ind->entry->periodicity, "label", ind->entry->label,
		        "target", ind->target,
		        "numerator", (json_int_t)ind->numerator,
		        "denominator", (json_int_t)ind->denominator,
		        "rate", rate_json(ind->numerator, ind->denominator),
		        "met", met_json(review_met(ind, false)),
		        "periods", (json_int_t)ind->periods,
		        "previous_rate", rate_json(ind->prev_numerator, ind->prev_denominator));
		if (o != NULL) {
			json_object_set_new(o, "periods_expected", json_integer(ind->periods_expected));
			json_object_set_new(o, "complete",
			                    json_boolean(ind->periods >= ind->periods_expected));
			json_object_set_new(o, "previous_target", json_real(ind->prev_target));
		}
		if (o != NULL && !network)
			json_object_set_new(o, "source", ind->central ? json_string("central") :
			                    ind->periods > 0 ? json_string("site") : json_null());
		if (o != NULL && network) {
			json_object_set_new(o, "sites_met", json_integer(ind->sites_met));
			json_object_set_new(o, "sites_reporting", json_integer(ind->sites_reporting));
		}
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *
checks_json(const review_site *s, bool network)
{
	const review_checks *c = &s->checks;
	json_t *o = check_counts_json(&c->total), *per = json_object();

	for (int p = 0; per != NULL && p < REVIEW_PERIODICITIES; p++)
		if (c->by_periodicity[p].checks > 0)
			json_object_set_new(per, domain_periodicities[p].wire,
			                    check_counts_json(&c->by_periodicity[p]));
	json_object_set_new(o, "by_periodicity", per);
	if (!network) {
		json_t *list = json_array();
		for (size_t i = 0; list != NULL && i < c->n; i++) {
			const review_check *k = &c->list[i];
			json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s, s:s, s:I, s:I, s:o, s:I}",
			        "id", k->id, "label", k->label, "engagement", k->engagement,
			        "periodicity", domain_periodicities[k->periodicity].wire, "since", k->since,
			        "due", (json_int_t)k->c.due, "done", (json_int_t)k->c.done,
			        "completion", rate_json(k->c.done, k->c.due),
			        "runs_ko", (json_int_t)k->c.runs_ko));
		}
		json_object_set_new(o, "by_check", list);
	}
	return o;
}

static json_t *
cleaning_json(const review *r, const review_site *s, bool network)
{
	const review_cleaning *c = &s->cleaning;
	json_t *quarters = json_object(), *o;
	double ys;
	char q[8];

	for (int i = 0; quarters != NULL && i < REVIEW_QUARTERS; i++)
		if (c->evaluated[i])
			json_object_set_new(quarters, review_quarter_label(r->year, i, q),
			                    json_real(c->score[i]));
	o = json_pack("{s:I, s:I, s:I, s:o, s:o, s:o}",
	              "signoffs", (json_int_t)c->signoffs,
	              "opening_days", (json_int_t)c->opening_days,
	              "days_without_toilet_signoff", (json_int_t)c->days_without_toilet_signoff,
	              "quarters", quarters,
	              "year_score", review_year_score(c, &ys) ? json_real(ys) : json_null(),
	              "signoffs_by_zone", counts_json(c->by_zone, c->n_zones));
	if (o != NULL && network)
		json_object_set_new(o, "sites_evaluated", json_integer(c->sites_evaluated));
	return o;
}

static json_t *
actions_json(const review *r, const review_site *s)
{
	const review_actions *a = &s->actions;
	json_t *reviewed = json_array(), *flow = json_object();
	char q[8];

	for (int i = 0; i < REVIEW_QUARTERS; i++) {
		review_quarter_label(r->year, i, q);
		if (a->reviewed[i])
			json_array_append_new(reviewed, json_string(q));
		json_object_set_new(flow, q, json_pack("{s:I, s:I, s:o}",
		        "opened", (json_int_t)a->q_opened[i], "closed", (json_int_t)a->q_closed[i],
		        "open", a->q_open_known[i] ? json_integer(a->q_open[i]) : json_null()));
	}
	return json_pack("{s:I, s:I, s:I, s:I, s:o, s:o, s:I, s:o, s:o}",
	                 "opened", (json_int_t)a->opened, "closed", (json_int_t)a->closed,
	                 "open", (json_int_t)a->open, "overdue", (json_int_t)a->overdue,
	                 "by_source", counts_json(a->by_source, a->n_source),
	                 "by_engagement", counts_json(a->by_engagement, a->n_engagement),
	                 "quarters_reviewed", (json_int_t)a->quarters_reviewed,
	                 "reviewed_quarters", reviewed, "flow", flow);
}

static json_t *
score_json(const review_score *sc)
{
	return json_pack("{s:I, s:I, s:I, s:I, s:I}", "expected", (json_int_t)sc->expected,
	                 "met", (json_int_t)sc->met, "missed", (json_int_t)sc->missed,
	                 "not_reported", (json_int_t)sc->not_reported,
	                 "incomplete", (json_int_t)sc->incomplete);
}

static json_t *
annual_json(const review_annual *a)
{
	json_t *sections = json_array(), *objectives = json_array();

	for (int k = 0; k < STEERING_SECTIONS; k++)
		if (a->sections[k])
			json_array_append_new(sections, json_string(steering_sections[k]));
	for (size_t i = 0; i < a->n_objectives; i++)
		json_array_append_new(objectives, json_string(a->objectives[i]));
	return json_pack("{s:b, s:b, s:o, s:o, s:o, s:o}", "submitted", a->submitted,
	                 "approved", a->approved, "approved_by", str_or_null(a->approved_by),
	                 "approved_on", str_or_null(a->approved_on), "sections", sections,
	                 "objectives", objectives);
}

static json_t *
site_json(const review *r, const review_site *s)
{
	return json_pack("{s:s, s:s, s:b, s:I, s:o, s:o, s:o, s:o, s:o, s:o}",
	        "site", s->site, "name", s->name, "revoked", s->revoked,
	        "events", (json_int_t)s->events,
	        "indicators", indicators_json(r, s, false),
	        "score", score_json(&s->score),
	        "checks", checks_json(s, false),
	        "cleaning", cleaning_json(r, s, false),
	        "actions", actions_json(r, s),
	        "annual_review", annual_json(&s->annual));
}

/* The status of a central action as it stands now, or NULL. */
const Qp__Action *
review_central_action(const review *r, const char *id)
{
	const Qp__Event *ev;

	if (r->central_ledger == NULL || id == NULL || id[0] == '\0')
		return NULL;
	ev = ledger_action(r->central_ledger, id);
	return ev != NULL ? ev->action : NULL;
}

static json_t *
central_actions_json(const review *r)
{
	json_t *o = actions_json(r, &r->central_site), *list = json_array();
	const Qp__Event *const *evs;
	size_t n = r->central_ledger ? ledger_view(r->central_ledger, LEDGER_ACTIONS, &evs) : 0;

	for (size_t i = 0; i < n; i++) {
		const Qp__Action *a = evs[i]->action;
		json_array_append_new(list, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
		                      "id", a->id, "title", a->title, "engagement", a->engagement,
		                      "source", a->source, "owner", a->owner, "due", a->due,
		                      "status", a->status, "status_date", a->status_date,
		                      "opened_on", a->opened_on));
	}
	json_object_set_new(o, "list", list);
	return o;
}

static json_t *
audits_json(const review *r)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < r->n_audits; i++) {
		const Qp__Audit *a = r->audits[i];
		json_t *o = steering_audit_json(a), *fs = json_object_get(o, "findings"), *f;
		size_t k;
		json_array_foreach(fs, k, f) {
			const Qp__Action *act = review_central_action(r, a->findings[k]->action_id);
			json_object_set_new(f, "action_status",
			                    act ? json_string(act->status) : json_null());
		}
		json_array_append_new(arr, o);
	}
	return arr;
}

static json_t *
campaigns_json(const review *r)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < r->n_campaigns; i++) {
		const Qp__CampaignResult *c = r->campaigns[i];
		double rate;
		if (c->year != (uint32_t)r->year)
			continue;
		json_array_append_new(arr, json_pack("{s:s, s:s, s:I, s:I, s:I, s:o, s:o}",
		                      "kind", c->kind, "site", c->site, "year", (json_int_t)c->year,
		                      "passed", (json_int_t)c->passed, "total", (json_int_t)c->total,
		                      "rate", review_rate(c->passed, c->total, &rate) ?
		                              json_real(rate) : json_null(),
		                      "indicator", review_campaign_indicator(c->kind) ?
		                              json_string(review_campaign_indicator(c->kind)) :
		                              json_null()));
	}
	return arr;
}

static json_t *
central_review_json(const review *r)
{
	json_t *sections = json_array();
	bool found[STEERING_SECTIONS];

	if (r->central_review != NULL) {
		steering_review_sections(r->central_review->text, found);
		for (int k = 0; k < STEERING_SECTIONS; k++)
			if (found[k])
				json_array_append_new(sections, json_string(steering_sections[k]));
	}
	return json_pack("{s:b, s:o, s:o}", "submitted", r->central_review != NULL,
	                 "sections", sections,
	                 "author", r->central_review ? json_string(r->central_review->author)
	                                             : json_null());
}

json_t *
review_json(const review *r)
{
	json_t *sites = json_array(), *missing = json_array(), *unapproved = json_array(), *net;
	char as_of[11];

	for (size_t i = 0; i < r->n_sites; i++) {
		json_array_append_new(sites, site_json(r, &r->sites[i]));
		if (!r->sites[i].annual.submitted)
			json_array_append_new(missing, json_string(r->sites[i].site));
		else if (!r->sites[i].annual.approved)
			json_array_append_new(unapproved, json_string(r->sites[i].site));
	}
	net = json_pack("{s:I, s:o, s:I, s:o, s:o, s:I, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
	        "sites", (json_int_t)r->n_sites,
	        "indicators", indicators_json(r, &r->network, true),
	        "sites_all_met", (json_int_t)r->network.sites_all_met,
	        "score", score_json(&r->network.score),
	        "reviews_missing", missing,
	        "reviews_submitted", (json_int_t)r->network.sites_submitted,
	        "reviews_approved", (json_int_t)r->network.sites_approved,
	        "reviews_unapproved", unapproved,
	        "checks", checks_json(&r->network, true),
	        "cleaning", cleaning_json(r, &r->network, true),
	        "actions", actions_json(r, &r->network),
	        "central_actions", central_actions_json(r),
	        "audits", audits_json(r),
	        "campaigns", campaigns_json(r));
	{
		json_t *o = json_pack("{s:i, s:s, s:I, s:o, s:o, s:o}",
		                      "year", r->year, "as_of", cal_format_date(r->as_of, as_of),
		                      "central_version", (json_int_t)r->central->version,
		                      "sites", sites, "network", net,
		                      "central_review", central_review_json(r));
		/* Stored events that do not decode: left out of the figures, listed. */
		if (o != NULL && r->n_unreadable > 0) {
			json_t *u = json_array();
			for (size_t i = 0; i < r->n_unreadable; i++)
				json_array_append_new(u, json_pack("{s:s, s:I}", "site",
				                      r->unreadable[i].site, "seq",
				                      (json_int_t)r->unreadable[i].seq));
			json_object_set_new(o, "unreadable_events", u);
		}
		return o;
	}
}

