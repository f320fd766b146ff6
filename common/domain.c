#include "domain.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "codec.h"

const domain_term domain_periodicities[DOMAIN_PERIODICITIES] = {
	[DOMAIN_DAILY] = { "daily", "quotidienne", 0 },
	[DOMAIN_WEEKLY] = { "weekly", "hebdomadaire", 1 },
	[DOMAIN_MONTHLY] = { "monthly", "mensuelle", 2 },
	[DOMAIN_QUARTERLY] = { "quarterly", "trimestrielle", 3 },
	[DOMAIN_SEMIANNUAL] = { "semiannual", "semestrielle", 4 },
	[DOMAIN_ANNUAL] = { "annual", "annuelle", 5 },
};
static const enum cal_kind periodicity_kinds[DOMAIN_PERIODICITIES] = {
	CAL_DAY, CAL_WEEK, CAL_MONTH, CAL_QUARTER, CAL_HALF, CAL_YEAR
};

const domain_term domain_results[DOMAIN_RESULTS] = {
	[DOMAIN_OK] = { "ok", "conforme", 0 },
	[DOMAIN_KO] = { "ko", "non conforme", 1 },
	[DOMAIN_NA] = { "na", "sans objet", 2 },
};

const domain_term domain_statuses[DOMAIN_STATUSES] = {
	[DOMAIN_TODO] = { "todo", "à faire", 0 },
	[DOMAIN_DOING] = { "doing", "en cours", 1 },
	[DOMAIN_DONE] = { "done", "réalisée", 2 },
	[DOMAIN_DROPPED] = { "dropped", "abandonnée", 3 },
};

const domain_term domain_sources[DOMAIN_SOURCES] = {
	[DOMAIN_AUDIT_INTERNAL] = { "audit-internal", "Audit interne", 0 },
	[DOMAIN_AUDIT_EXTERNAL] = { "audit-external", "Audit externe", 1 },
	[DOMAIN_MYSTERY_CALL] = { "mystery-call", "Appel mystère", 2 },
	[DOMAIN_MYSTERY_VISIT] = { "mystery-visit", "Visite mystère", 3 },
	[DOMAIN_SATISFACTION_SURVEY] = { "satisfaction-survey", "Enquête de satisfaction", 4 },
	[DOMAIN_PERIODIC_CHECK] = { "periodic-check", "Vérification périodique", 5 },
	[DOMAIN_INDICATOR_GAP] = { "indicator", "Écart d'indicateur", 6 },
	[DOMAIN_AGENT_SUGGESTION] = { "agent-suggestion", "Suggestion d'agent", 7 },
	[DOMAIN_USER_FEEDBACK] = { "user-feedback", "Réclamation ou proposition d'usager", 8 },
	[DOMAIN_ANNUAL_REVIEW] = { "annual-review", "Revue annuelle", 9 },
	[DOMAIN_OTHER] = { "other", "Autre", 10 },
};

const domain_term domain_engagements[DOMAIN_ENGAGEMENTS] = {
	{ "N1", "Engagement N1", 0 }, { "N2", "Engagement N2", 1 },
	{ "N3", "Engagement N3", 2 }, { "N4", "Engagement N4", 3 },
	{ "N5", "Engagement N5", 4 }, { "N6", "Engagement N6", 5 },
	{ "N7", "Engagement N7", 6 }, { "N8", "Engagement N8", 7 },
	{ "N9", "Engagement N9", 8 }, { "N10", "Engagement N10", 9 },
	{ "N11", "Engagement N11", 10 }, { "N12", "Engagement N12", 11 },
	{ "S1", "Engagement S1", 12 }, { "S2", "Engagement S2", 13 },
	{ "S3", "Engagement S3", 14 },
	{ "SMQ1", "Engagement SMQ1", 15 }, { "SMQ2", "Engagement SMQ2", 16 },
	{ "SMQ3", "Engagement SMQ3", 17 }, { "SMQ4", "Engagement SMQ4", 18 },
	{ "SMQ5", "Engagement SMQ5", 19 }, { "SMQ6", "Engagement SMQ6", 20 },
	{ "SMQ7", "Engagement SMQ7", 21 }, { "SMQ8", "Engagement SMQ8", 22 },
	{ "SMQ9", "Engagement SMQ9", 23 }, { "SMQ10", "Engagement SMQ10", 24 },
};

const domain_term domain_zones[DOMAIN_ZONES] = {
	[DOMAIN_ZONE_TOILETS] = { DOMAIN_TOILET_ZONE, "Sanitaires", 0 },
	[DOMAIN_ZONE_RECEPTION] = { "accueil", "Accueil", 1 },
};

const char DOMAIN_ENGAGEMENTS_TEXT[] = "N1..N12, S1..S3 or SMQ1..SMQ10";

int
domain_find(const domain_term *table, size_t n, const char *wire)
{
	if (wire == NULL)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (strcmp(table[i].wire, wire) == 0)
			return (int)i;
	return -1;
}

const char *
domain_label(const domain_term *table, size_t n, const char *wire)
{
	int i = domain_find(table, n, wire);

	return i >= 0 ? table[i].label : wire;
}

int
domain_order(const domain_term *table, size_t n, const char *wire)
{
	int i = domain_find(table, n, wire);

	return i >= 0 ? table[i].order : (int)n;
}

char *
domain_wire_list(const domain_term *table, size_t n, char *buf, size_t len)
{
	size_t off = 0;

	if (len == 0)
		return buf;
	buf[0] = '\0';
	for (size_t i = 0; i < n && off < len; i++) {
		const char *sep = i == 0 ? "" : i + 1 == n ? " or " : ", ";
		int w = snprintf(buf + off, len - off, "%s%s", sep, table[i].wire);
		if (w < 0)
			break;
		off += (size_t)w;
	}
	return buf;
}

static const domain_indicator catalogue[] = {
	{ "N7-CALLS-25S", "N7", "month",
	  "Appels décrochés en moins de 25 s / appels reçus", 0.80 },
	{ "N9-REPLY-1M", "N9", "month",
	  "Demandes et réclamations écrites ayant reçu une réponse sous un mois / reçues", 0.95 },
	{ "S1-MISSING-12D", "S1", "month",
	  "Courriers de pièces manquantes envoyés sous 12 jours / dossiers incomplets", 0.90 },
	{ "S1-DECISION-15D", "S1", "month",
	  "Décisions notifiées sous 15 jours après dossier complet / décisions", 0.90 },
	{ "S2-FIRST-5WD", "S2", "month",
	  "Premiers entretiens sociaux sous 5 jours ouvrables / premiers accueils", 0.90 },
	{ "S2-REFERENT-10D", "S2", "month",
	  "Nom du travailleur social de suivi communiqué sous 10 jours / suivis ouverts", 0.90 },
	{ "S2-APPT-30WD", "S2", "month",
	  "Premiers rendez-vous de suivi sous 30 jours ouvrables / suivis", 0.90 },
	{ "N12-SATISFACTION", "N12", "quarter",
	  "Usagers satisfaits / répondants", 0.80 },
	{ "N7-MYSTERY-CALLS", "N7", "year",
	  "Appels mystère réussis / appels mystère", 0.80 },
};

/*
 * The periodic checks named by the referential's control methods
 * (DOMAIN.md, SMQ7). Periodicities are the project's defaults: what staff
 * see every day is checked weekly, displays monthly or quarterly, the safety
 * register every half-year. Sites adapt them with `check set`.
 */
static const domain_check checks[] = {
	{ "horaires-affiches", "Horaires d'ouverture affichés", "N1", "monthly", "accueil" },
	{ "message-repondeur", "Message du répondeur hors heures d'ouverture", "N1", "monthly", "accueil" },
	{ "fermetures-affichees", "Fermetures exceptionnelles planifiées affichées", "N1", "monthly", "accueil" },
	{ "pictogramme-pmr", "Pictogramme PMR ou procédure de substitution", "N1", "quarterly", "daa" },
	{ "signaletique", "Plaques de porte et signalétique", "N2", "quarterly", "daa" },
	{ "badge-accueil", "Port du badge à l'accueil", "N2", "weekly", "accueil" },
	{ "plan-evacuation", "Plan d'évacuation et liste des guides-files et serre-files affichés par zone", "N3", "semiannual", "assistant-prevention" },
	{ "exercices-evacuation", "Exercices d'évacuation inscrits au registre de sécurité", "N3", "semiannual", "assistant-prevention" },
	{ "affiches-affluence", "Affiches des heures d'affluence", "N4", "quarterly", "accueil" },
	{ "reglement-interieur", "Règlement intérieur affiché", "N5", "quarterly", "accueil" },
	{ "ligne-confidentialite", "Ligne de confidentialité au sol", "N6", "monthly", "accueil" },
	{ "messages-solen", "Messages en attente dans SOLEN", "N9", "weekly", "daa" },
	{ "test-accuses-reception", "Test à distance des accusés de réception des courriels", "N9", "monthly", "daa" },
	{ "affiche-mediateur", "Affiche du médiateur", "N11", "quarterly", "accueil" },
	{ "resultats-satisfaction", "Résultats de satisfaction affichés", "N12", "semiannual", "daa" },
	{ "plaque-qualiparis", "Plaque QualiPARIS et affiche des 12 engagements", "SMQ5", "quarterly", "daa" },
};

const domain_indicator *
domain_default_catalogue(size_t *n)
{
	*n = sizeof(catalogue) / sizeof(catalogue[0]);
	return catalogue;
}

const domain_check *
domain_default_checks(size_t *n)
{
	*n = sizeof(checks) / sizeof(checks[0]);
	return checks;
}

int
domain_default_central(uint64_t version, uint8_t **packed, size_t *len)
{
	Qp__CentralState cs = QP__CENTRAL_STATE__INIT;
	Qp__CatalogueEntry entries[sizeof(catalogue) / sizeof(catalogue[0])];
	Qp__CatalogueEntry *ptrs[sizeof(catalogue) / sizeof(catalogue[0])];
	size_t n = sizeof(catalogue) / sizeof(catalogue[0]);

	for (size_t i = 0; i < n; i++) {
		qp__catalogue_entry__init(&entries[i]);
		entries[i].code = (char *)catalogue[i].code;
		entries[i].engagement = (char *)catalogue[i].engagement;
		entries[i].periodicity = (char *)catalogue[i].periodicity;
		entries[i].label = (char *)catalogue[i].label;
		entries[i].target = catalogue[i].target;
		ptrs[i] = &entries[i];
	}
	cs.version = version;
	cs.n_catalogue = n;
	cs.catalogue = ptrs;
	return codec_pack(&cs.base, packed, len);
}

/* "<prefix><n>" with 1 <= n <= max, no leading zero. */
static bool
numbered(const char *s, const char *prefix, int max)
{
	size_t pl = strlen(prefix);
	int n = 0;

	if (strncmp(s, prefix, pl) != 0)
		return false;
	s += pl;
	if (*s < '1' || *s > '9')
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		/* Refuse past max before n * 10 + d could overflow. */
		if (n > max / 10 || n * 10 > max - (*s - '0'))
			return false;
		n = n * 10 + (*s - '0');
	}
	return n >= 1;
}

bool
domain_engagement_valid(const char *s)
{
	return domain_find(domain_engagements, DOMAIN_ENGAGEMENTS, s) >= 0;
}

static bool
slug(const char *s, size_t max)
{
	size_t n = 0;

	for (; s[n]; n++) {
		char c = s[n];
		if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
			return false;
	}
	return n >= 1 && n <= max;
}

bool
domain_check_id_valid(const char *s)
{
	return slug(s, DOMAIN_ID_MAX);
}

bool
domain_site_id_valid(const char *s)
{
	return slug(s, DOMAIN_ID_MAX) && s[0] >= 'a' && s[0] <= 'z';
}

bool
domain_zone_valid(const char *s)
{
	return slug(s, DOMAIN_ID_MAX);
}

bool
domain_periodicity_valid(const char *s)
{
	return domain_find(domain_periodicities, DOMAIN_PERIODICITIES, s) >= 0;
}

enum cal_kind
domain_periodicity_kind(const char *s)
{
	int i = domain_find(domain_periodicities, DOMAIN_PERIODICITIES, s);

	return i >= 0 ? periodicity_kinds[i] : CAL_YEAR;
}

bool
domain_result_valid(const char *s)
{
	return domain_find(domain_results, DOMAIN_RESULTS, s) >= 0;
}

bool
domain_action_source_valid(const char *s)
{
	return domain_find(domain_sources, DOMAIN_SOURCES, s) >= 0;
}

bool
domain_action_status_valid(const char *s)
{
	return domain_find(domain_statuses, DOMAIN_STATUSES, s) >= 0;
}

bool
domain_action_id_valid(const char *s)
{
	return numbered(s, "A-", 999999999);
}

/*
 * The UTF-8 sequence led by the non-ASCII byte p[0], with at most `left`
 * bytes readable from p: its length (2 to 4) and its code point in *cp; 0
 * if it is not one (a bad lead or continuation byte, cut short, an overlong
 * form, a surrogate, past U+10FFFF). A NUL is no continuation byte, so on
 * a NUL-terminated string it never reads past the end.
 */
static size_t
utf8_seq(const unsigned char *p, size_t left, unsigned *cpp)
{
	unsigned c = p[0], cp;
	size_t n;

	if (c >= 0xc2 && c <= 0xdf) {
		n = 1;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 2;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 3;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (n >= left)
		return 0;
	for (size_t k = 1; k <= n; k++) {
		if ((p[k] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[k] & 0x3f);
	}
	/* Overlong forms, surrogates and values past U+10FFFF. */
	if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	*cpp = cp;
	return n + 1;
}

bool
domain_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, n;
	unsigned cp;

	while (i < len) {
		if (p[i] == 0)
			return false;
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if ((n = utf8_seq(p + i, len - i, &cp)) == 0)
			return false;
		i += n;
	}
	return true;
}

bool
domain_catalogue_periodicity_valid(const char *s)
{
	return strcmp(s, "month") == 0 || strcmp(s, "quarter") == 0 ||
	       strcmp(s, "year") == 0;
}

bool
domain_period_fits(const char *periodicity, const char *period)
{
	cal_period p;

	if (cal_parse_period(period, &p) != 0)
		return false;
	if (strcmp(periodicity, "month") == 0)
		return p.kind == CAL_MONTH;
	if (strcmp(periodicity, "quarter") == 0)
		return p.kind == CAL_QUARTER;
	if (strcmp(periodicity, "year") == 0)
		return p.kind == CAL_YEAR;
	return false;
}

static int QP_MUST_CHECK __attribute__((format(printf, 3, 4)))
fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err != NULL && errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return QP_EINVAL;
}

static bool
is_date(const char *s)
{
	cal_day d;

	return cal_parse_date(s, &d) == 0;
}

/* Empty or a valid date. */
static bool
opt_date(const char *s)
{
	return s[0] == '\0' || is_date(s);
}

bool
domain_text_valid(const char *s, bool multiline)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned cp;
	size_t n;

	/* One pass (the collector validates every event it receives): what
	 * domain_utf8_valid(s, strlen(s)) takes, less the controls. */
	for (;;) {
		unsigned c = *p;

		if (c >= 0x20 && c < 0x7f) {
			p++;
			continue;
		}
		if (c == '\0')
			return true;
		if (c < 0x80) {
			/* C0 controls and DEL; newlines (and tabs) only in comments. */
			if (!(multiline && (c == '\n' || c == '\t')))
				return false;
			p++;
			continue;
		}
		/* C1 controls, U+0080..U+009F, are no text either. */
		if ((n = utf8_seq(p, SIZE_MAX, &cp)) == 0 || (cp >= 0x80 && cp <= 0x9f))
			return false;
		p += n;
	}
}

/* One line of text (names, titles), and free text (comments, notes). */
#define LINE_OK(s) domain_text_valid((s), false)
#define TEXT_OK(s) domain_text_valid((s), true)

/* FNV-1a of a zone name (short, validated). */
static size_t
zone_hash(const char *z)
{
	uint32_t h = 2166136261u;

	for (; *z != '\0'; z++)
		h = (h ^ (uint8_t)*z) * 16777619u;
	return h;
}

int
domain_event_valid(const Qp__Event *ev, char *err, size_t errlen)
{
	char list[400];
	int64_t t;

	if (!domain_site_id_valid(ev->site))
		return fail(err, errlen, "site: expected [a-z0-9-]{1,40}, got \"%.40s\"", ev->site);
	if (ev->seq == 0)
		return fail(err, errlen, "seq: expected 1 or more");
	if (!LINE_OK(ev->author))
		return fail(err, errlen, "author: expected one line of UTF-8 text without control characters");
	if (ev->business_date[0] != '\0' && !is_date(ev->business_date) &&
	    cal_parse_datetime(ev->business_date, &t) != 0)
		return fail(err, errlen, "date: expected YYYY-MM-DD, got \"%.40s\"",
		            ev->business_date);

	switch (ev->body_case) {
	case QP__EVENT__BODY_INDICATOR: {
		const Qp__IndicatorValue *b = ev->indicator;
		cal_period p;
		if (b->code[0] == '\0' || strlen(b->code) > 40 || !LINE_OK(b->code))
			return fail(err, errlen, "code: expected an indicator code");
		if (cal_parse_period(b->period, &p) != 0 ||
		    (p.kind != CAL_MONTH && p.kind != CAL_QUARTER && p.kind != CAL_YEAR))
			return fail(err, errlen, "period: expected YYYY-MM, YYYY-Qn or YYYY, got \"%.40s\"", b->period);
		/* Counts travel as JSON numbers too: keep them exact there. */
		if (b->denominator > DOMAIN_COUNT_MAX)
			return fail(err, errlen, "denominator: expected at most %llu, got %llu",
			            (unsigned long long)DOMAIN_COUNT_MAX,
			            (unsigned long long)b->denominator);
		if (b->numerator > b->denominator)
			return fail(err, errlen, "numerator: must not exceed the denominator (%llu > %llu)",
			            (unsigned long long)b->numerator, (unsigned long long)b->denominator);
		if (!TEXT_OK(b->comment))
			return fail(err, errlen, "comment: expected UTF-8 text without control characters");
		return 0;
	}
	case QP__EVENT__BODY_CHECK_DEFINITION: {
		const Qp__CheckDefinition *b = ev->check_definition;
		if (!domain_check_id_valid(b->id))
			return fail(err, errlen, "id: expected [a-z0-9-]{1,40}, got \"%.40s\"", b->id);
		if (!domain_engagement_valid(b->engagement))
			return fail(err, errlen, "engagement: expected %s, got \"%.40s\"",
			            DOMAIN_ENGAGEMENTS_TEXT, b->engagement);
		if (!domain_periodicity_valid(b->periodicity))
			return fail(err, errlen, "periodicity: expected %s, got \"%.40s\"",
			            domain_wire_list(domain_periodicities, DOMAIN_PERIODICITIES,
			                             list, sizeof(list)), b->periodicity);
		if (!is_date(b->since))
			return fail(err, errlen, "since: expected YYYY-MM-DD, got \"%.40s\"", b->since);
		if (!LINE_OK(b->label) || b->label[0] == '\0')
			return fail(err, errlen, "label: expected one line of UTF-8 text without control characters");
		if (!LINE_OK(b->role))
			return fail(err, errlen, "role: expected one line of UTF-8 text without control characters");
		return 0;
	}
	case QP__EVENT__BODY_CHECK_RUN: {
		const Qp__CheckRun *b = ev->check_run;
		if (!domain_check_id_valid(b->check_id))
			return fail(err, errlen, "check: expected [a-z0-9-]{1,40}, got \"%.40s\"", b->check_id);
		if (!is_date(b->date))
			return fail(err, errlen, "date: expected YYYY-MM-DD, got \"%.40s\"", b->date);
		if (!domain_result_valid(b->result))
			return fail(err, errlen, "result: expected ok, ko or na, got \"%.40s\"", b->result);
		if (!TEXT_OK(b->comment))
			return fail(err, errlen, "comment: expected UTF-8 text without control characters");
		return 0;
	}
	case QP__EVENT__BODY_CLEANING_SIGNOFF: {
		const Qp__CleaningSignoff *b = ev->cleaning_signoff;
		if (!domain_zone_valid(b->zone))
			return fail(err, errlen, "zone: expected [a-z0-9-]{1,40}, got \"%.40s\"", b->zone);
		if (cal_parse_datetime(b->at, &t) != 0)
			return fail(err, errlen, "at: expected an ISO 8601 date-time, got \"%.40s\"", b->at);
		if (b->cleaner[0] == '\0' || !LINE_OK(b->cleaner))
			return fail(err, errlen, "by: expected the name of who cleaned");
		if (b->toilet != QP__ZONE_TOILET__ZONE_TOILET_UNKNOWN &&
		    b->toilet != QP__ZONE_TOILET__ZONE_TOILET_YES &&
		    b->toilet != QP__ZONE_TOILET__ZONE_TOILET_NO)
			return fail(err, errlen, "toilet: expected 0, 1 or 2, got %d", (int)b->toilet);
		return 0;
	}
	case QP__EVENT__BODY_CLEANING_EVALUATION: {
		const Qp__CleaningEvaluation *b = ev->cleaning_evaluation;
		cal_period p;
		if (cal_parse_period(b->quarter, &p) != 0 || p.kind != CAL_QUARTER)
			return fail(err, errlen, "quarter: expected YYYY-Qn, got \"%.40s\"", b->quarter);
		const char *seen[2 * DOMAIN_ZONES_MAX] = { NULL };
		if (b->n_scores == 0)
			return fail(err, errlen, "score: expected at least one ZONE=0..100");
		/* Bounded before anything is looked at, and checked in one pass. */
		if (b->n_scores > DOMAIN_ZONES_MAX)
			return fail(err, errlen, "score: at most %d zones, got %zu",
			            DOMAIN_ZONES_MAX, b->n_scores);
		for (size_t i = 0; i < b->n_scores; i++) {
			const char *z = b->scores[i]->zone;
			size_t h;
			if (!domain_zone_valid(z))
				return fail(err, errlen, "score: zone expected [a-z0-9-]{1,40}, got \"%.40s\"",
				            z);
			if (b->scores[i]->score > 100)
				return fail(err, errlen, "score: %s expected 0..100, got %u",
				            z, b->scores[i]->score);
			/* Open addressing, twice as many slots as zones at most. */
			for (h = zone_hash(z) % (2 * DOMAIN_ZONES_MAX); seen[h] != NULL;
			     h = (h + 1) % (2 * DOMAIN_ZONES_MAX))
				if (strcmp(seen[h], z) == 0)
					return fail(err, errlen, "score: zone %s given twice", z);
			seen[h] = z;
		}
		if (!TEXT_OK(b->comment))
			return fail(err, errlen, "comment: expected UTF-8 text without control characters");
		return 0;
	}
	case QP__EVENT__BODY_ACTION: {
		const Qp__Action *b = ev->action;
		if (!domain_action_id_valid(b->id))
			return fail(err, errlen, "id: expected A-<n>, got \"%.40s\"", b->id);
		if (b->title[0] == '\0' || !LINE_OK(b->title))
			return fail(err, errlen, "title: expected one line of UTF-8 text without control characters");
		if (!domain_engagement_valid(b->engagement))
			return fail(err, errlen, "engagement: expected %s, got \"%.40s\"",
			            DOMAIN_ENGAGEMENTS_TEXT, b->engagement);
		if (!domain_action_source_valid(b->source))
			return fail(err, errlen, "source: expected %s, got \"%.40s\"",
			            domain_wire_list(domain_sources, DOMAIN_SOURCES, list, sizeof(list)),
			            b->source);
		if (!domain_action_status_valid(b->status))
			return fail(err, errlen, "status: expected %s, got \"%.40s\"",
			            domain_wire_list(domain_statuses, DOMAIN_STATUSES, list, sizeof(list)),
			            b->status);
		if (!opt_date(b->due))
			return fail(err, errlen, "due: expected YYYY-MM-DD, got \"%.40s\"", b->due);
		if (!is_date(b->status_date) || !is_date(b->opened_on))
			return fail(err, errlen, "date: expected YYYY-MM-DD");
		if (!LINE_OK(b->owner))
			return fail(err, errlen, "owner: expected UTF-8 text");
		if (!TEXT_OK(b->note))
			return fail(err, errlen, "note: expected UTF-8 text");
		return 0;
	}
	case QP__EVENT__BODY_ACTION_REVIEW: {
		const Qp__ActionReview *b = ev->action_review;
		if (!is_date(b->date))
			return fail(err, errlen, "date: expected YYYY-MM-DD, got \"%.40s\"", b->date);
		if (!TEXT_OK(b->comment))
			return fail(err, errlen, "comment: expected UTF-8 text without control characters");
		return 0;
	}
	case QP__EVENT__BODY_ANNUAL_REVIEW: {
		const Qp__AnnualReview *b = ev->annual_review;
		if (b->year < CAL_YEAR_MIN || b->year > CAL_YEAR_MAX)
			return fail(err, errlen, "year: expected YYYY, got %u", b->year);
		if (!TEXT_OK(b->text) || !LINE_OK(b->approved_by))
			return fail(err, errlen, "file: expected UTF-8 text");
		if (!opt_date(b->approved_on))
			return fail(err, errlen, "approved-on: expected YYYY-MM-DD, got \"%.40s\"", b->approved_on);
		if ((b->approved_by[0] == '\0') != (b->approved_on[0] == '\0'))
			return fail(err, errlen, "approved-by: --approved-by and --approved-on go together");
		return 0;
	}
	case QP__EVENT__BODY_VOID: {
		const Qp__Void *b = ev->void_;
		if (b->seq == 0 || b->seq >= ev->seq)
			return fail(err, errlen, "seq: a void names an earlier event, got %llu",
			            (unsigned long long)b->seq);
		if (b->reason[0] == '\0' || !LINE_OK(b->reason))
			return fail(err, errlen, "reason: expected non-empty UTF-8 text");
		return 0;
	}
	case QP__EVENT__BODY_QUARANTINED:
		if (ev->quarantined->reason[0] == '\0' || !LINE_OK(ev->quarantined->reason))
			return fail(err, errlen, "reason: expected why the entry was quarantined");
		return 0;
	default:
		return fail(err, errlen, "body: expected a record, got none");
	}
}

bool
domain_parse_u64(const char *s, unsigned long long *out)
{
	char *end;

	if (s == NULL || *s < '0' || *s > '9')
		return false;
	errno = 0;
	*out = strtoull(s, &end, 10);
	return errno == 0 && *end == '\0';
}
