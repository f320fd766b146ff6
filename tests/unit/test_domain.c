/*
 * test_domain.c: unit tests of common/domain.c, the vocabulary and the
 * structural rules of records.
 *
 * Valid and invalid values come from SPEC §3 and the header, written out by
 * hand; every invalid event names the field its message must start with.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "bodies.h"
#include "domain.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ---- vocabularies -------------------------------------------------------- */

static void
test_engagements(void **state)
{
	static const char *const invalid[] = {
		"N0", "N13", "S0", "S4", "SMQ0", "SMQ11", "n1", "s1", "smq1", "N01",
		"S01", "SMQ01", "", "N", "S", "SMQ", "SM1", "SMQ1 ", " N1", "N1a",
		"N-1", "X1", "N100", "SMQ100", "N99999999999999999999", "S9", "N19",
		"N20", "N99", "SMQ19", "SMQ99", "S10",
	};
	char buf[16];

	(void)state;
	for (int i = 1; i <= 12; i++) {
		snprintf(buf, sizeof(buf), "N%d", i);
		assert_true(domain_engagement_valid(buf));
	}
	for (int i = 1; i <= 3; i++) {
		snprintf(buf, sizeof(buf), "S%d", i);
		assert_true(domain_engagement_valid(buf));
	}
	for (int i = 1; i <= 10; i++) {
		snprintf(buf, sizeof(buf), "SMQ%d", i);
		assert_true(domain_engagement_valid(buf));
	}
	for (size_t i = 0; i < ARRAY_LEN(invalid); i++) {
		if (domain_engagement_valid(invalid[i]))
			fail_msg("engagement \"%s\" accepted", invalid[i]);
	}
}

/* n copies of c, for the length limits. */
static const char *
repeat(char *buf, char c, size_t n)
{
	memset(buf, c, n);
	buf[n] = '\0';
	return buf;
}

static void
test_check_ids(void **state)
{
	char buf[64];

	(void)state;
	assert_true(domain_check_id_valid("a"));
	assert_true(domain_check_id_valid("0"));
	assert_true(domain_check_id_valid("-"));
	assert_true(domain_check_id_valid("horaires-affiches"));
	assert_true(domain_check_id_valid("test-2026-q1"));
	assert_true(domain_check_id_valid(repeat(buf, 'a', 40)));
	assert_false(domain_check_id_valid(repeat(buf, 'a', 41)));
	assert_false(domain_check_id_valid(""));
	assert_false(domain_check_id_valid("Horaires"));
	assert_false(domain_check_id_valid("horaires-Affiches"));
	assert_false(domain_check_id_valid("horaires_affiches"));
	assert_false(domain_check_id_valid("horaires affiches"));
	assert_false(domain_check_id_valid("propreté"));
	assert_false(domain_check_id_valid("a.b"));
	assert_false(domain_check_id_valid("a/b"));

	/* Zones follow the same rule. */
	assert_true(domain_zone_valid("sanitaires"));
	assert_true(domain_zone_valid("salle-d-attente-2"));
	assert_true(domain_zone_valid(repeat(buf, 'z', 40)));
	assert_false(domain_zone_valid(repeat(buf, 'z', 41)));
	assert_false(domain_zone_valid(""));
	assert_false(domain_zone_valid("Sanitaires"));
	assert_false(domain_zone_valid("accueil "));
}

static void
test_site_ids(void **state)
{
	char buf[64];

	(void)state;
	assert_true(domain_site_id_valid("eps-paris-13"));
	assert_true(domain_site_id_valid("a"));
	assert_true(domain_site_id_valid("eps13"));
	assert_true(domain_site_id_valid(repeat(buf, 's', 40)));
	assert_false(domain_site_id_valid(repeat(buf, 's', 41)));
	assert_false(domain_site_id_valid(""));
	assert_false(domain_site_id_valid("EPS-13"));
	assert_false(domain_site_id_valid("eps-Paris"));
	assert_false(domain_site_id_valid("eps_13"));
	/* The header asks for a leading letter. */
	assert_false(domain_site_id_valid("13-eps"));
	assert_false(domain_site_id_valid("-eps"));
}

static void
test_periodicities(void **state)
{
	static const struct {
		const char *name;
		enum cal_kind kind;
	} valid[] = {
		{ "daily", CAL_DAY },
		{ "weekly", CAL_WEEK },
		{ "monthly", CAL_MONTH },
		{ "quarterly", CAL_QUARTER },
		{ "semiannual", CAL_HALF },
		{ "annual", CAL_YEAR },
	};
	static const char *const invalid[] = {
		"", "Daily", "DAILY", "day", "month", "quarter", "year", "biweekly",
		"semi-annual", "yearly", "annually", "daily ", "hourly",
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(valid); i++) {
		assert_true(domain_periodicity_valid(valid[i].name));
		assert_int_equal(domain_periodicity_kind(valid[i].name), valid[i].kind);
	}
	for (size_t i = 0; i < ARRAY_LEN(invalid); i++) {
		if (domain_periodicity_valid(invalid[i]))
			fail_msg("periodicity \"%s\" accepted", invalid[i]);
	}

	assert_true(domain_catalogue_periodicity_valid("month"));
	assert_true(domain_catalogue_periodicity_valid("quarter"));
	assert_true(domain_catalogue_periodicity_valid("year"));
	assert_false(domain_catalogue_periodicity_valid("monthly"));
	assert_false(domain_catalogue_periodicity_valid("week"));
	assert_false(domain_catalogue_periodicity_valid("half"));
	assert_false(domain_catalogue_periodicity_valid(""));
	assert_false(domain_catalogue_periodicity_valid("Month"));
}

static void
test_results_sources_statuses(void **state)
{
	static const char *const sources[] = {
		"audit-internal", "audit-external", "mystery-call", "mystery-visit",
		"satisfaction-survey", "periodic-check", "indicator",
		"agent-suggestion", "user-feedback", "annual-review", "other",
	};
	static const char *const bad_sources[] = {
		"", "audit", "internal-audit", "Other", "mystery", "survey",
		"user_feedback", "other ", "annual_review",
	};

	(void)state;
	assert_true(domain_result_valid("ok"));
	assert_true(domain_result_valid("ko"));
	assert_true(domain_result_valid("na"));
	assert_false(domain_result_valid(""));
	assert_false(domain_result_valid("OK"));
	assert_false(domain_result_valid("nok"));
	assert_false(domain_result_valid("n/a"));
	assert_false(domain_result_valid("ok "));

	for (size_t i = 0; i < ARRAY_LEN(sources); i++)
		assert_true(domain_action_source_valid(sources[i]));
	for (size_t i = 0; i < ARRAY_LEN(bad_sources); i++) {
		if (domain_action_source_valid(bad_sources[i]))
			fail_msg("source \"%s\" accepted", bad_sources[i]);
	}

	assert_true(domain_action_status_valid("todo"));
	assert_true(domain_action_status_valid("doing"));
	assert_true(domain_action_status_valid("done"));
	assert_true(domain_action_status_valid("dropped"));
	assert_false(domain_action_status_valid(""));
	assert_false(domain_action_status_valid("closed"));
	assert_false(domain_action_status_valid("Done"));
	assert_false(domain_action_status_valid("open"));
	assert_false(domain_action_status_valid("drop"));
}

static void
test_action_ids(void **state)
{
	static const char *const valid[] = {
		"A-1", "A-2", "A-9", "A-10", "A-12", "A-100", "A-2026", "A-999999999",
	};
	static const char *const invalid[] = {
		"A-0", "A-01", "A-00", "A-", "a-1", "A1", "A_1", "A--1", "A-1a",
		"A- 1", "A-1 ", " A-1", "B-1", "A-+1", "A-x", "", "A",
		/* Far past any counter: must be refused, not overflow. */
		"A-99999999999999999999", "A-4294967296", "A-2147483648",
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(valid); i++) {
		if (!domain_action_id_valid(valid[i]))
			fail_msg("action id \"%s\" refused", valid[i]);
	}
	for (size_t i = 0; i < ARRAY_LEN(invalid); i++) {
		if (domain_action_id_valid(invalid[i]))
			fail_msg("action id \"%s\" accepted", invalid[i]);
	}
}

/* ---- UTF-8 --------------------------------------------------------------- */

static bool
utf8(const char *s)
{
	return domain_utf8_valid(s, strlen(s));
}

static void
test_utf8(void **state)
{
	static const char french[] =
		"Évaluation trimestrielle : propreté des sanitaires à l'accueil, "
		"« très satisfaisant » ; cœur, œuvre, Noël, garçon, déjà — ÀÂÇÈÉÊËÎÏÔÙÛÜŸ €";
	static const char *const valid[] = {
		"", "plain ASCII",
		"\xc2\x80",                /* U+0080, smallest 2-byte */
		"\xdf\xbf",                /* U+07FF */
		"\xe0\xa0\x80",            /* U+0800, smallest 3-byte */
		"\xed\x9f\xbf",            /* U+D7FF, just below the surrogates */
		"\xee\x80\x80",            /* U+E000, just above them */
		"\xef\xbf\xbf",            /* U+FFFF */
		"\xf0\x90\x80\x80",        /* U+10000, smallest 4-byte */
		"\xf0\x9f\x98\x80",        /* U+1F600 */
		"\xf4\x8f\xbf\xbf",        /* U+10FFFF, the last code point */
	};
	static const char *const invalid[] = {
		"\xc0\xaf",                /* overlong '/' */
		"\xc1\xbf",                /* overlong U+007F */
		"\xe0\x80\xaf",            /* overlong '/' in 3 bytes */
		"\xe0\x9f\xbf",            /* overlong U+07FF */
		"\xf0\x80\x80\xaf",        /* overlong '/' in 4 bytes */
		"\xf0\x8f\xbf\xbf",        /* overlong U+FFFF */
		"\xed\xa0\x80",            /* U+D800, high surrogate */
		"\xed\xbf\xbf",            /* U+DFFF, low surrogate */
		"\xed\xa0\xbd\xed\xb8\x80",/* CESU-8 pair */
		"\xf4\x90\x80\x80",        /* U+110000 */
		"\xf5\x80\x80\x80",
		"\xf8\x88\x80\x80\x80",
		"\xff", "\xfe",
		"\x80",                    /* lone continuation byte */
		"abc\xbf",
		"\xc3",                    /* truncated at the end */
		"caf\xc3",
		"\xe2\x82",                /* truncated euro sign */
		"\xf0\x9f\x98",            /* truncated 4-byte */
		"\xc3(",                   /* continuation missing */
		"\xe2(\xac",
		"\xe2\x82(",
	};

	(void)state;
	assert_true(utf8(french));
	for (size_t i = 0; i < ARRAY_LEN(valid); i++) {
		if (!utf8(valid[i]))
			fail_msg("valid UTF-8 #%zu refused", i);
	}
	for (size_t i = 0; i < ARRAY_LEN(invalid); i++) {
		if (utf8(invalid[i]))
			fail_msg("invalid UTF-8 #%zu accepted", i);
	}
	/* A NUL inside the length, and a length that cuts a character. */
	assert_false(domain_utf8_valid("ab\0cd", 5));
	assert_false(domain_utf8_valid("\0", 1));
	assert_true(domain_utf8_valid("ab\0cd", 2));
	assert_false(domain_utf8_valid("caf\xc3\xa9", 4));
	assert_true(domain_utf8_valid("caf\xc3\xa9", 5));
	assert_false(domain_utf8_valid("\xe2\x82\xac", 2));
	assert_true(domain_utf8_valid("\xe2\x82\xac", 3));
	assert_true(domain_utf8_valid("\xe2\x82\xac", 0));
}

/* ---- periods of the catalogue -------------------------------------------- */

static void
test_period_fits(void **state)
{
	static const struct {
		const char *periodicity, *period;
		bool fits;
	} cases[] = {
		{ "month", "2026-01", true },
		{ "month", "2026-12", true },
		{ "month", "2026-Q1", false },
		{ "month", "2026", false },
		{ "month", "2026-13", false },
		{ "month", "2026-00", false },
		{ "month", "2026-1", false },
		{ "month", "2026-01-15", false },
		{ "month", "2026-W05", false },
		{ "month", "", false },
		{ "quarter", "2026-Q1", true },
		{ "quarter", "2026-Q4", true },
		{ "quarter", "2026-Q5", false },
		{ "quarter", "2026-Q0", false },
		{ "quarter", "2026-03", false },
		{ "quarter", "2026-H1", false },
		{ "quarter", "2026", false },
		{ "year", "2026", true },
		{ "year", "2026-01", false },
		{ "year", "2026-Q1", false },
		{ "year", "26", false },
		{ "year", "2026 ", false },
		{ "monthly", "2026-01", false },
		{ "week", "2026-W01", false },
		{ "", "2026", false },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		if (domain_period_fits(cases[i].periodicity, cases[i].period) != cases[i].fits)
			fail_msg("period_fits(\"%s\", \"%s\") should be %s",
			         cases[i].periodicity, cases[i].period,
			         cases[i].fits ? "true" : "false");
	}
}

/* ---- events -------------------------------------------------------------- */

/* Every body, valid, with the header fields of a good event around it. */
/* bodies_fill(), moved to March 2026 and with two zones. */
static void
bodies_init(struct bodies *b)
{
	bodies_fill(b);
	b->indicator.period = "2026-03";
	b->indicator.comment = "Relevé du standard, mars";
	b->check.since = "2026-01-01";
	b->run.check_id = "horaires-affiches";
	b->run.date = "2026-03-02";
	b->run.result = "ok";
	b->run.comment = "Affichage conforme";
	b->signoff.at = "2026-03-02T07:45";
	b->evaluation.quarter = "2026-Q1";
	b->evaluation.n_scores = 2;
	b->evaluation.comment = "Bon trimestre";
	b->action.due = "2026-06-30";
	b->action.status = "todo";
	b->action.status_date = "2026-03-02";
	b->action.note = "";
	b->action.opened_on = "2026-03-02";
	b->review.date = "2026-03-31";
	b->review.comment = "Analyse trimestrielle du tableau";
	b->annual.text = "# Revue annuelle 2025\n\nTout va bien.";
}

static void
event_init(Qp__Event *ev)
{
	qp__event__init(ev);
	ev->site = "eps-paris-13";
	ev->seq = 7;
	ev->recorded_at_ms = 1772438400000; /* 2026-03-02T08:00:00Z */
	ev->author = "RAQN M. Diallo";
	ev->business_date = "2026-03-02";
}

/* Sets the body of the given case from b. */
static void
event_set(Qp__Event *ev, struct bodies *b, Qp__Event__BodyCase c)
{
	bodies_attach(ev, b, c);
}

static const Qp__Event__BodyCase all_cases[] = {
	QP__EVENT__BODY_INDICATOR, QP__EVENT__BODY_CHECK_DEFINITION,
	QP__EVENT__BODY_CHECK_RUN, QP__EVENT__BODY_CLEANING_SIGNOFF,
	QP__EVENT__BODY_CLEANING_EVALUATION, QP__EVENT__BODY_ACTION,
	QP__EVENT__BODY_ACTION_REVIEW, QP__EVENT__BODY_ANNUAL_REVIEW,
	QP__EVENT__BODY_VOID,
};

static void
test_event_valid_each_kind(void **state)
{
	struct bodies b;
	Qp__Event ev;
	char err[256];

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(all_cases); i++) {
		bodies_init(&b);
		event_init(&ev);
		event_set(&ev, &b, all_cases[i]);
		strcpy(err, "untouched");
		if (domain_event_valid(&ev, err, sizeof(err)) != 0)
			fail_msg("valid event of case %d refused: %s", (int)all_cases[i], err);
	}

	/* Optional fields left empty are fine too. */
	bodies_init(&b);
	event_init(&ev);
	ev.business_date = "";
	b.action.due = "";
	b.action.owner = "";
	event_set(&ev, &b, QP__EVENT__BODY_ACTION);
	assert_int_equal(domain_event_valid(&ev, err, sizeof(err)), 0);

	bodies_init(&b);
	event_init(&ev);
	b.annual.approved_by = "";
	b.annual.approved_on = "";
	event_set(&ev, &b, QP__EVENT__BODY_ANNUAL_REVIEW);
	assert_int_equal(domain_event_valid(&ev, err, sizeof(err)), 0);

	/* numerator == denominator, 0/0, score 0 and 100, a date-time date. */
	bodies_init(&b);
	event_init(&ev);
	b.indicator.numerator = b.indicator.denominator = 0;
	event_set(&ev, &b, QP__EVENT__BODY_INDICATOR);
	assert_int_equal(domain_event_valid(&ev, err, sizeof(err)), 0);
	b.indicator.numerator = b.indicator.denominator = 31;
	b.indicator.period = "2026-Q1";
	assert_int_equal(domain_event_valid(&ev, err, sizeof(err)), 0);
	b.indicator.period = "2026";
	assert_int_equal(domain_event_valid(&ev, err, sizeof(err)), 0);
	ev.business_date = "2026-03-02T07:45:00+01:00";
	assert_int_equal(domain_event_valid(&ev, err, sizeof(err)), 0);

	/* A void may name seq - 1 but not itself. */
	bodies_init(&b);
	event_init(&ev);
	b.void_.seq = ev.seq - 1;
	event_set(&ev, &b, QP__EVENT__BODY_VOID);
	assert_int_equal(domain_event_valid(&ev, err, sizeof(err)), 0);

	/* NULL err is allowed. */
	assert_int_equal(domain_event_valid(&ev, NULL, 0), 0);
	b.void_.seq = ev.seq;
	assert_int_equal(domain_event_valid(&ev, NULL, 0), QP_EINVAL);
}

/*
 * One bad field per case: `mutate` breaks b or ev, and the message must
 * start with `field` followed by ':'.
 */
struct bad_case {
	const char *name;
	Qp__Event__BodyCase body;
	const char *field;
	void (*mutate)(Qp__Event *ev, struct bodies *b);
};

static char bad_utf8[] = "mal form\xc3\x28";

static void m_site(Qp__Event *e, struct bodies *b) { (void)b; e->site = "EPS-13"; }
static void m_site_empty(Qp__Event *e, struct bodies *b) { (void)b; e->site = ""; }
static void m_seq(Qp__Event *e, struct bodies *b) { (void)b; e->seq = 0; }
static void m_author(Qp__Event *e, struct bodies *b) { (void)b; e->author = bad_utf8; }
static void m_date(Qp__Event *e, struct bodies *b) { (void)b; e->business_date = "2026-02-30"; }
static void m_nobody(Qp__Event *e, struct bodies *b) { (void)b; e->body_case = QP__EVENT__BODY__NOT_SET; }

static void m_ind_code(Qp__Event *e, struct bodies *b) { (void)e; b->indicator.code = ""; }
static void m_ind_code_long(Qp__Event *e, struct bodies *b)
{ (void)e; b->indicator.code = "N7-CALLS-25S-N7-CALLS-25S-N7-CALLS-25S-XY"; }
static void m_ind_code_utf8(Qp__Event *e, struct bodies *b) { (void)e; b->indicator.code = bad_utf8; }
static void m_ind_period(Qp__Event *e, struct bodies *b) { (void)e; b->indicator.period = "2026-W10"; }
static void m_ind_period_day(Qp__Event *e, struct bodies *b) { (void)e; b->indicator.period = "2026-03-01"; }
static void m_ind_period_bad(Qp__Event *e, struct bodies *b) { (void)e; b->indicator.period = "2026-13"; }
static void m_ind_num(Qp__Event *e, struct bodies *b) { (void)e; b->indicator.numerator = 481; }
static void m_ind_comment(Qp__Event *e, struct bodies *b) { (void)e; b->indicator.comment = bad_utf8; }

static void m_chk_id(Qp__Event *e, struct bodies *b) { (void)e; b->check.id = "Horaires"; }
static void m_chk_eng(Qp__Event *e, struct bodies *b) { (void)e; b->check.engagement = "N13"; }
static void m_chk_per(Qp__Event *e, struct bodies *b) { (void)e; b->check.periodicity = "biweekly"; }
static void m_chk_since(Qp__Event *e, struct bodies *b) { (void)e; b->check.since = "2026-02-30"; }
static void m_chk_since_empty(Qp__Event *e, struct bodies *b) { (void)e; b->check.since = ""; }
static void m_chk_label(Qp__Event *e, struct bodies *b) { (void)e; b->check.label = ""; }
static void m_chk_label_utf8(Qp__Event *e, struct bodies *b) { (void)e; b->check.label = bad_utf8; }
static void m_chk_role(Qp__Event *e, struct bodies *b) { (void)e; b->check.role = bad_utf8; }

static void m_run_check(Qp__Event *e, struct bodies *b) { (void)e; b->run.check_id = ""; }
static void m_run_date(Qp__Event *e, struct bodies *b) { (void)e; b->run.date = "2026-13-01"; }
static void m_run_result(Qp__Event *e, struct bodies *b) { (void)e; b->run.result = "maybe"; }
static void m_run_comment(Qp__Event *e, struct bodies *b) { (void)e; b->run.comment = bad_utf8; }

static void m_so_zone(Qp__Event *e, struct bodies *b) { (void)e; b->signoff.zone = "Sanitaires"; }
static void m_so_at(Qp__Event *e, struct bodies *b) { (void)e; b->signoff.at = "hier matin"; }
static void m_so_by(Qp__Event *e, struct bodies *b) { (void)e; b->signoff.cleaner = ""; }

static void m_ev_quarter(Qp__Event *e, struct bodies *b) { (void)e; b->evaluation.quarter = "2026-03"; }
static void m_ev_none(Qp__Event *e, struct bodies *b) { (void)e; b->evaluation.n_scores = 0; }
static void m_ev_101(Qp__Event *e, struct bodies *b) { (void)e; b->score[1].score = 101; }
static void m_ev_zone(Qp__Event *e, struct bodies *b) { (void)e; b->score[0].zone = "Hall"; }
static void m_ev_twice(Qp__Event *e, struct bodies *b) { (void)e; b->score[1].zone = "sanitaires"; }
static void m_ev_comment(Qp__Event *e, struct bodies *b) { (void)e; b->evaluation.comment = bad_utf8; }

static void m_act_id(Qp__Event *e, struct bodies *b) { (void)e; b->action.id = "A-0"; }
static void m_act_title(Qp__Event *e, struct bodies *b) { (void)e; b->action.title = ""; }
static void m_act_eng(Qp__Event *e, struct bodies *b) { (void)e; b->action.engagement = "SMQ11"; }
static void m_act_source(Qp__Event *e, struct bodies *b) { (void)e; b->action.source = "audit"; }
static void m_act_status(Qp__Event *e, struct bodies *b) { (void)e; b->action.status = "closed"; }
static void m_act_due(Qp__Event *e, struct bodies *b) { (void)e; b->action.due = "30/06/2026"; }
static void m_act_sdate(Qp__Event *e, struct bodies *b) { (void)e; b->action.status_date = ""; }
static void m_act_opened(Qp__Event *e, struct bodies *b) { (void)e; b->action.opened_on = "2026-02-29"; }
static void m_act_owner(Qp__Event *e, struct bodies *b) { (void)e; b->action.owner = bad_utf8; }
static void m_act_note(Qp__Event *e, struct bodies *b) { (void)e; b->action.note = bad_utf8; }

static void m_rev_date(Qp__Event *e, struct bodies *b) { (void)e; b->review.date = "2026-3-31"; }
static void m_rev_comment(Qp__Event *e, struct bodies *b) { (void)e; b->review.comment = bad_utf8; }

static void m_ann_year(Qp__Event *e, struct bodies *b) { (void)e; b->annual.year = 1969; }
static void m_ann_year_big(Qp__Event *e, struct bodies *b) { (void)e; b->annual.year = 10000; }
static void m_ann_text(Qp__Event *e, struct bodies *b) { (void)e; b->annual.text = bad_utf8; }
static void m_ann_on(Qp__Event *e, struct bodies *b) { (void)e; b->annual.approved_on = "2026-01-32"; }
static void m_ann_by_only(Qp__Event *e, struct bodies *b) { (void)e; b->annual.approved_on = ""; }
static void m_ann_on_only(Qp__Event *e, struct bodies *b) { (void)e; b->annual.approved_by = ""; }

static void m_void_zero(Qp__Event *e, struct bodies *b) { (void)e; b->void_.seq = 0; }
static void m_void_self(Qp__Event *e, struct bodies *b) { b->void_.seq = e->seq; }
static void m_void_later(Qp__Event *e, struct bodies *b) { b->void_.seq = e->seq + 1; }
static void m_void_reason(Qp__Event *e, struct bodies *b) { (void)e; b->void_.reason = ""; }

static const struct bad_case bad_cases[] = {
	{ "site uppercase", QP__EVENT__BODY_INDICATOR, "site", m_site },
	{ "site empty", QP__EVENT__BODY_VOID, "site", m_site_empty },
	{ "seq 0", QP__EVENT__BODY_CHECK_RUN, "seq", m_seq },
	{ "author utf8", QP__EVENT__BODY_ACTION, "author", m_author },
	{ "business date", QP__EVENT__BODY_CHECK_RUN, "date", m_date },
	{ "no body", QP__EVENT__BODY_INDICATOR, "body", m_nobody },

	{ "indicator code", QP__EVENT__BODY_INDICATOR, "code", m_ind_code },
	{ "indicator code 41", QP__EVENT__BODY_INDICATOR, "code", m_ind_code_long },
	{ "indicator code utf8", QP__EVENT__BODY_INDICATOR, "code", m_ind_code_utf8 },
	{ "indicator week", QP__EVENT__BODY_INDICATOR, "period", m_ind_period },
	{ "indicator day", QP__EVENT__BODY_INDICATOR, "period", m_ind_period_day },
	{ "indicator month 13", QP__EVENT__BODY_INDICATOR, "period", m_ind_period_bad },
	{ "indicator num > den", QP__EVENT__BODY_INDICATOR, "numerator", m_ind_num },
	{ "indicator comment", QP__EVENT__BODY_INDICATOR, "comment", m_ind_comment },

	{ "check id", QP__EVENT__BODY_CHECK_DEFINITION, "id", m_chk_id },
	{ "check engagement", QP__EVENT__BODY_CHECK_DEFINITION, "engagement", m_chk_eng },
	{ "check periodicity", QP__EVENT__BODY_CHECK_DEFINITION, "periodicity", m_chk_per },
	{ "check since", QP__EVENT__BODY_CHECK_DEFINITION, "since", m_chk_since },
	{ "check since empty", QP__EVENT__BODY_CHECK_DEFINITION, "since", m_chk_since_empty },
	{ "check label", QP__EVENT__BODY_CHECK_DEFINITION, "label", m_chk_label },
	{ "check label utf8", QP__EVENT__BODY_CHECK_DEFINITION, "label", m_chk_label_utf8 },
	{ "check role", QP__EVENT__BODY_CHECK_DEFINITION, "role", m_chk_role },

	{ "run check", QP__EVENT__BODY_CHECK_RUN, "check", m_run_check },
	{ "run date", QP__EVENT__BODY_CHECK_RUN, "date", m_run_date },
	{ "run result", QP__EVENT__BODY_CHECK_RUN, "result", m_run_result },
	{ "run comment", QP__EVENT__BODY_CHECK_RUN, "comment", m_run_comment },

	{ "signoff zone", QP__EVENT__BODY_CLEANING_SIGNOFF, "zone", m_so_zone },
	{ "signoff at", QP__EVENT__BODY_CLEANING_SIGNOFF, "at", m_so_at },
	{ "signoff by", QP__EVENT__BODY_CLEANING_SIGNOFF, "by", m_so_by },

	{ "evaluation quarter", QP__EVENT__BODY_CLEANING_EVALUATION, "quarter", m_ev_quarter },
	{ "evaluation no score", QP__EVENT__BODY_CLEANING_EVALUATION, "score", m_ev_none },
	{ "evaluation 101", QP__EVENT__BODY_CLEANING_EVALUATION, "score", m_ev_101 },
	{ "evaluation zone", QP__EVENT__BODY_CLEANING_EVALUATION, "score", m_ev_zone },
	{ "evaluation zone twice", QP__EVENT__BODY_CLEANING_EVALUATION, "score", m_ev_twice },
	{ "evaluation comment", QP__EVENT__BODY_CLEANING_EVALUATION, "comment", m_ev_comment },

	{ "action id", QP__EVENT__BODY_ACTION, "id", m_act_id },
	{ "action title", QP__EVENT__BODY_ACTION, "title", m_act_title },
	{ "action engagement", QP__EVENT__BODY_ACTION, "engagement", m_act_eng },
	{ "action source", QP__EVENT__BODY_ACTION, "source", m_act_source },
	{ "action status", QP__EVENT__BODY_ACTION, "status", m_act_status },
	{ "action due", QP__EVENT__BODY_ACTION, "due", m_act_due },
	{ "action status date", QP__EVENT__BODY_ACTION, "date", m_act_sdate },
	{ "action opened on", QP__EVENT__BODY_ACTION, "date", m_act_opened },
	{ "action owner", QP__EVENT__BODY_ACTION, "owner", m_act_owner },
	{ "action note", QP__EVENT__BODY_ACTION, "note", m_act_note },

	{ "review date", QP__EVENT__BODY_ACTION_REVIEW, "date", m_rev_date },
	{ "review comment", QP__EVENT__BODY_ACTION_REVIEW, "comment", m_rev_comment },

	{ "annual year", QP__EVENT__BODY_ANNUAL_REVIEW, "year", m_ann_year },
	{ "annual year 10000", QP__EVENT__BODY_ANNUAL_REVIEW, "year", m_ann_year_big },
	/* The text comes from --file. */
	{ "annual text", QP__EVENT__BODY_ANNUAL_REVIEW, "file", m_ann_text },
	{ "annual approved on", QP__EVENT__BODY_ANNUAL_REVIEW, "approved-on", m_ann_on },
	{ "annual by without on", QP__EVENT__BODY_ANNUAL_REVIEW, "approved-by", m_ann_by_only },
	{ "annual on without by", QP__EVENT__BODY_ANNUAL_REVIEW, "approved-by", m_ann_on_only },

	{ "void seq 0", QP__EVENT__BODY_VOID, "seq", m_void_zero },
	{ "void itself", QP__EVENT__BODY_VOID, "seq", m_void_self },
	{ "void later", QP__EVENT__BODY_VOID, "seq", m_void_later },
	{ "void reason", QP__EVENT__BODY_VOID, "reason", m_void_reason },
};

static void
test_event_invalid_fields(void **state)
{
	struct bodies b;
	Qp__Event ev;
	char err[256], prefix[64];

	(void)state;
	for (size_t i = 0; i < ARRAY_LEN(bad_cases); i++) {
		const struct bad_case *c = &bad_cases[i];

		bodies_init(&b);
		event_init(&ev);
		event_set(&ev, &b, c->body);
		c->mutate(&ev, &b);
		err[0] = '\0';
		if (domain_event_valid(&ev, err, sizeof(err)) != QP_EINVAL)
			fail_msg("%s: accepted", c->name);
		snprintf(prefix, sizeof(prefix), "%s: ", c->field);
		if (strncmp(err, prefix, strlen(prefix)) != 0)
			fail_msg("%s: message \"%s\" does not start with \"%s\"",
			         c->name, err, prefix);
	}
}

static void
test_event_messages(void **state)
{
	struct bodies b;
	Qp__Event ev;
	char err[256], small[12];

	(void)state;
	bodies_init(&b);
	event_init(&ev);
	event_set(&ev, &b, QP__EVENT__BODY_CHECK_DEFINITION);
	b.check.engagement = "N13";
	assert_int_equal(domain_event_valid(&ev, err, sizeof(err)), QP_EINVAL);
	assert_string_equal(err,
	    "engagement: expected N1..N12, S1..S3 or SMQ1..SMQ10, got \"N13\"");

	b.check.engagement = "N1";
	b.check.periodicity = "hourly";
	assert_int_equal(domain_event_valid(&ev, err, sizeof(err)), QP_EINVAL);
	assert_string_equal(err, "periodicity: expected daily, weekly, monthly, "
	                         "quarterly, semiannual or annual, got \"hourly\"");

	bodies_init(&b);
	event_set(&ev, &b, QP__EVENT__BODY_INDICATOR);
	b.indicator.numerator = 481;
	assert_int_equal(domain_event_valid(&ev, err, sizeof(err)), QP_EINVAL);
	assert_string_equal(err, "numerator: must not exceed the denominator (481 > 480)");

	bodies_init(&b);
	event_set(&ev, &b, QP__EVENT__BODY_CLEANING_EVALUATION);
	b.score[0].score = 250;
	assert_int_equal(domain_event_valid(&ev, err, sizeof(err)), QP_EINVAL);
	assert_string_equal(err, "score: sanitaires expected 0..100, got 250");

	/* A short buffer is truncated, never overrun. */
	memset(small, 'x', sizeof(small));
	assert_int_equal(domain_event_valid(&ev, small, 8), QP_EINVAL);
	assert_string_equal(small, "score: ");
	assert_int_equal(small[8], 'x');
}

/* ---- defaults ------------------------------------------------------------ */

static void
test_default_catalogue(void **state)
{
	static const struct {
		const char *code, *engagement, *periodicity;
		double target;
	} expect[] = {
		{ "N7-CALLS-25S", "N7", "month", 0.80 },
		{ "N9-REPLY-1M", "N9", "month", 0.95 },
		{ "S1-MISSING-12D", "S1", "month", 0.90 },
		{ "S1-DECISION-15D", "S1", "month", 0.90 },
		{ "S2-FIRST-5WD", "S2", "month", 0.90 },
		{ "S2-REFERENT-10D", "S2", "month", 0.90 },
		{ "S2-APPT-30WD", "S2", "month", 0.90 },
		{ "N12-SATISFACTION", "N12", "quarter", 0.80 },
		{ "N7-MYSTERY-CALLS", "N7", "year", 0.80 },
	};
	const domain_indicator *cat;
	size_t n = 0;

	(void)state;
	cat = domain_default_catalogue(&n);
	assert_non_null(cat);
	assert_int_equal(n, 9);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(cat[i].code, expect[i].code);
		assert_string_equal(cat[i].engagement, expect[i].engagement);
		assert_string_equal(cat[i].periodicity, expect[i].periodicity);
		if (cat[i].target != expect[i].target)
			fail_msg("%s: target %g, expected %g", cat[i].code,
			         cat[i].target, expect[i].target);
		assert_true(domain_engagement_valid(cat[i].engagement));
		assert_true(domain_catalogue_periodicity_valid(cat[i].periodicity));
		assert_non_null(cat[i].label);
		assert_true(strlen(cat[i].label) > 0);
		assert_true(utf8(cat[i].label));
	}
}

static void
test_default_checks(void **state)
{
	const domain_check *checks;
	size_t n = 0;

	(void)state;
	checks = domain_default_checks(&n);
	assert_non_null(checks);
	assert_true(n >= 15);
	for (size_t i = 0; i < n; i++) {
		const domain_check *c = &checks[i];

		if (!domain_check_id_valid(c->id))
			fail_msg("default check id \"%s\" invalid", c->id);
		if (!domain_engagement_valid(c->engagement))
			fail_msg("%s: engagement \"%s\" invalid", c->id, c->engagement);
		if (!domain_periodicity_valid(c->periodicity))
			fail_msg("%s: periodicity \"%s\" invalid", c->id, c->periodicity);
		assert_true(strlen(c->label) > 0 && utf8(c->label));
		assert_true(utf8(c->role));
		for (size_t j = 0; j < i; j++) {
			if (strcmp(checks[j].id, c->id) == 0)
				fail_msg("default check id \"%s\" twice", c->id);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_engagements),
		cmocka_unit_test(test_check_ids),
		cmocka_unit_test(test_site_ids),
		cmocka_unit_test(test_periodicities),
		cmocka_unit_test(test_results_sources_statuses),
		cmocka_unit_test(test_action_ids),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_period_fits),
		cmocka_unit_test(test_event_valid_each_kind),
		cmocka_unit_test(test_event_invalid_fields),
		cmocka_unit_test(test_event_messages),
		cmocka_unit_test(test_default_catalogue),
		cmocka_unit_test(test_default_checks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
