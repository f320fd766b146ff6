/*
 * review.h: the figures of the annual central review (SPEC §7, issue #5),
 * per site and for the network, and the writers that turn them into the
 * report (JSON, CSV, HTML) and the record exports.
 *
 * A review is computed from each site's ledger (latest non-voided version
 * of every keyed record, every non-voided append-only record), on business
 * dates. `cutoff` is min(as-of, 31 December of the year): the day up to
 * which time is taken as elapsed (opening days, open and overdue actions);
 * check windows count when they ended on or before as-of.
 *
 * Choices where SPEC §7 is silent are in docs/review.md; the ones that
 * change a figure are repeated beside the field below.
 */
#ifndef QP_REVIEW_H
#define QP_REVIEW_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "calendar.h"
#include "domain.h"
#include "format.h"
#include "ledger.h"
#include "qp_error.h"
#include "store.h"
#include "qualiparis.pb-c.h"

#define REVIEW_QUARTERS 4
/* The check periodicities of domain.h, in their table order. */
#define REVIEW_PERIODICITIES DOMAIN_PERIODICITIES

/* Σ numerators / Σ denominators of one indicator over one year. */
typedef struct review_indicator {
	const Qp__CatalogueEntry *entry;  /* borrowed from review.central */
	uint64_t numerator, denominator;
	unsigned periods;                 /* periods of the year with a value */
	unsigned periods_expected;        /* periods of the year ended by as-of */
	uint64_t prev_numerator, prev_denominator;  /* the year before */
	unsigned prev_periods;
	/*
	 * The target the year is judged by. Each period is judged by the
	 * target in force then (catalogue history): when that changed within
	 * the year, the target is the denominator-weighted mean of the
	 * periods' targets (Σ den × target / Σ den), so that `met` says
	 * whether the successes reach what the periods' targets asked for.
	 */
	double target, prev_target;
	double target_den, prev_target_den;   /* Σ den × target in force */
	bool target_varies, prev_target_varies;
	/* "central": the year's figures are a campaign result recorded at the
	 * centre (SPEC §13), which takes precedence over the site's values. */
	bool central, prev_central;
	/* network only: sites whose rate meets the target / with a period */
	unsigned sites_met, sites_reporting;
} review_indicator;

typedef struct review_check_counts {
	unsigned checks;          /* active checks */
	unsigned due;             /* windows ended on or before as-of */
	unsigned done;            /* of those, windows with at least one run */
	unsigned runs_ko;         /* ko runs dated from max(1 Jan, since) to cutoff */
} review_check_counts;

typedef struct review_check {
	char *id, *label, *engagement;
	int periodicity;          /* index in domain_periodicities */
	char since[11];
	review_check_counts c;    /* c.checks is 1 */
} review_check;

typedef struct review_checks {
	review_check_counts total;
	review_check_counts by_periodicity[REVIEW_PERIODICITIES];
	review_check *list;       /* active checks, by id */
	size_t n;
} review_checks;

typedef struct review_count {
	char *key;
	unsigned n;
} review_count;

typedef struct review_cleaning {
	unsigned signoffs;        /* dated (Paris date of `at`) 1 Jan .. cutoff */
	unsigned opening_days;    /* 1 Jan .. cutoff */
	unsigned days_without_toilet_signoff;
	bool evaluated[REVIEW_QUARTERS];
	double score[REVIEW_QUARTERS];   /* mean of the zone scores */
	review_count *by_zone;    /* sign-offs per zone, by zone name */
	size_t n_zones;
	unsigned sites_evaluated; /* network only: sites with a year score */
} review_cleaning;

typedef struct review_actions {
	unsigned opened;          /* opened_on in the year */
	unsigned closed;          /* done/dropped at 31 Dec, status date in the year */
	unsigned open;            /* open at cutoff */
	unsigned overdue;         /* of those, due date before cutoff */
	bool reviewed[REVIEW_QUARTERS];  /* an action review dated in the quarter */
	unsigned quarters_reviewed;
	/* flow per quarter; open at min(quarter end, as-of), unknown for a
	 * quarter that starts after as-of */
	unsigned q_opened[REVIEW_QUARTERS], q_closed[REVIEW_QUARTERS];
	unsigned q_open[REVIEW_QUARTERS];
	bool q_open_known[REVIEW_QUARTERS];
	review_count *by_source, *by_engagement;   /* actions opened in the year */
	size_t n_source, n_engagement;
} review_actions;

typedef struct review_annual {
	bool submitted;
	bool approved;            /* submitted, with approved by and on */
	char *approved_by;        /* NULL when empty */
	char *approved_on;        /* NULL when empty */
	char *text;               /* the review's Markdown, NULL when none */
	bool sections[5];         /* which of the five SMQ10 sections it has */
	char **objectives;        /* the items of its "Objectifs" section */
	size_t n_objectives;
} review_annual;

/* The indicators of a site as the review scores them: every indicator
 * with a period expected or reported counts; no value is "non renseigné". */
typedef struct review_score {
	unsigned expected, met, missed, not_reported;
	unsigned incomplete;      /* reported fewer periods than expected */
} review_score;

typedef struct review_site {
	char *site, *name;
	bool revoked;
	uint64_t events;          /* events of the site read */
	review_indicator *indicators;     /* one per catalogue entry, in its order */
	review_checks checks;
	review_cleaning cleaning;
	review_actions actions;
	review_annual annual;
	review_score score;
	unsigned sites_submitted; /* network only */
	unsigned sites_approved;  /* network only */
	unsigned sites_all_met;   /* network only: score.met == score.expected > 0 */
} review_site;

typedef struct review_unreadable {
	char site[65];
	uint64_t seq;
} review_unreadable;

typedef struct review {
	int year;
	cal_day as_of, cutoff;
	Qp__CentralState *central;        /* owned */
	size_t n_indicators;              /* central->n_catalogue */
	review_site *sites;               /* enrolled sites, by id */
	size_t n_sites, cap_sites;
	review_site network;              /* sums over the sites (review_finish) */
	/* What the centre recorded (review_load; empty for review_new alone). */
	review_site central_site;         /* the central action table: actions */
	ledger *central_ledger;    /* owned: its events, for the list */
	Qp__Audit **audits;               /* audits dated in the year, owned */
	size_t n_audits;
	Qp__CampaignResult **campaigns;   /* results of the year and the one before */
	size_t n_campaigns;
	Qp__CentralReview *central_review; /* the year's bilan perspective or NULL */
	review_unreadable *unreadable;    /* stored events left out, listed */
	size_t n_unreadable;
} review;

/* A stored event that does not decode: left out of the figures, listed. */
int review_unreadable_add(review *r, const char *site, uint64_t seq) QP_MUST_CHECK;

/*
 * A new, empty review of `year` as of `as_of`; takes ownership of *central
 * (the catalogue with its targets) and sets it to NULL, even on error.
 */
int review_new(int year, cal_day as_of, Qp__CentralState **central,
               review **out) QP_MUST_CHECK;
void review_destroy(review **r);

/* Computes one site's figures from its ledger and appends them. Sites are
 * kept in the order they are added. */
int review_add_site(review *r, const char *site, const char *name,
                    bool revoked, ledger *l) QP_MUST_CHECK;
/* The network figures, once every site is added. */
int review_finish(review *r) QP_MUST_CHECK;

/*
 * The review of every enrolled site (by id) from a collector store: the
 * catalogue and targets from the central state, the events from C_EVENTS.
 */
int review_load(store_txn *txn, int year, cal_day as_of, review **out) QP_MUST_CHECK;
/* What the centre recorded for the review's year: campaign results, audits,
 * the central review and the central action table (called by review_load
 * before the sites are added). */
int review_load_central(store_txn *txn, review *r) QP_MUST_CHECK;

/*
 * Campaign results recorded at the centre for the year and the one
 * before; takes ownership of the array. Call before adding sites: their
 * N7-MYSTERY-CALLS (mystery-calls) and N12-SATISFACTION (satisfaction)
 * figures of those years are the central ones where present.
 */
void review_set_campaigns(review *r, Qp__CampaignResult **c, size_t n);

/* The catalogue code a campaign kind feeds, or NULL (mystery-visits). */
const char *review_campaign_indicator(const char *kind);

/* rate = num / den, false when den is 0. */
bool review_rate(uint64_t num, uint64_t den, double *rate);
/* 1 met (rate >= target), 0 missed, -1 no rate. */
int review_met(const review_indicator *ind, bool previous);
/* Mean of the evaluated quarters; false when none. */
bool review_year_score(const review_cleaning *c, double *score);
/* The name to show for a site: its enrolled name, else its id. */
const char *review_site_title(const review_site *s);
/* Quarter label "YYYY-Qn" (q 0..3) into buf (at least 8 bytes). */
char *review_quarter_label(int year, int q, char *buf);

/* --- writers --------------------------------------------------------- */

/* The figures as the JSON of SPEC §6 (and more keys). New reference. */
json_t *review_json(const review *r);

/* The latest version of a central action, or NULL (borrowed from r). */
const Qp__Action *review_central_action(const review *r, const char *id);

/* HTML report: one self-contained French page (report_html.c). */
int review_write_html(const review *r, FILE *fp) QP_MUST_CHECK;
/*
 * The same with the printed page of each entry of the table of contents:
 * page_of(ctx, id) gives the page of the element `id` ("reseau",
 * "central", "objectifs", "audits", "campagnes", "actions-centrales",
 * "site-<site>"), 0 if unknown (cmd_review.c prints twice with chromium
 * and reads the pages from the first print).
 */
int review_write_html_paged(const review *r, FILE *fp, int (*page_of)(void *ctx, const char *id),
                            void *ctx) QP_MUST_CHECK;
/* The plenary's presentation support: a self-contained 16:9 HTML deck,
 * one slide per printed page (report_html.c). */
int review_write_slides(const review *r, FILE *fp) QP_MUST_CHECK;

/*
 * CSV report (report_csv.c): `path` holds one row per site and indicator;
 * beside it, BASE-network.csv, BASE-checks.csv, BASE-cleaning.csv,
 * BASE-actions.csv, BASE-actions-breakdown.csv and BASE-reviews.csv, where
 * BASE is path without its ".csv". Each file is UTF-8 with a byte order
 * mark (so spreadsheets keep the accents), RFC 4180 quoting, CRLF. Each is
 * written to a temporary file and renamed. `written` gets the paths, to be
 * freed by the caller (NULL-terminated); `err` says which file failed.
 */
int review_write_csv(const review *r, const char *path, char ***written,
                     char *err, size_t errlen) QP_MUST_CHECK;

/*
 * Record exports (review_export.c) for `qp-collector export KIND`: KIND is
 * indicators, checks, cleaning, actions or reviews; rows of the latest
 * non-voided records of every enrolled site (or `site`), restricted to
 * `year` when it is not 0. JSON: {"KIND": [row...]}; CSV: the same rows.
 */
bool review_export_kind_valid(const char *kind);
int review_export(store_txn *txn, const char *kind, bool json, const char *site,
                  int year, FILE *fp) QP_MUST_CHECK;

#endif
