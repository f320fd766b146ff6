/*
 * planning.c: the quality planning rules (see planning.h, docs/planning.md).
 */
#include "planning.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "i18n.h"

#define UID_DOMAIN "qualiparis-eps.paris.fr"

/* -------------------------------------------------------------- the rules */

/* What the INI file holds, before the strings are parsed. */
struct planning_ini {
	char *months[PR_COUNT];
	char *day[PR_COUNT];
	long long survey_reference_year;
	long long survey_every_years;
};

/* How many months a rule takes (checked after parsing). */
enum months_shape {
	MONTHS_NONE,        /* audits: the label month decides */
	MONTHS_ONE,         /* a yearly event */
	MONTHS_QUARTERS,    /* one month in each quarter */
	MONTHS_TWO_OR_MORE, /* evacuation drills: the referential asks two */
	MONTHS_SOME,        /* one or more */
};

static const struct {
	const char *section;
	enum months_shape shape;
} rule_shape[PR_COUNT] = {
	[PR_AUDIT] = { "audit", MONTHS_NONE },
	[PR_REVIEW_LOCAL] = { "review-local", MONTHS_ONE },
	[PR_ACTION_REVIEW] = { "action-review", MONTHS_QUARTERS },
	[PR_CLEANING_EVAL] = { "cleaning-eval", MONTHS_QUARTERS },
	[PR_EVACUATION_DRILL] = { "evacuation-drill", MONTHS_TWO_OR_MORE },
	[PR_DOCUMENT_UPDATE] = { "document-update", MONTHS_ONE },
	[PR_REVIEW_CENTRAL] = { "review-central", MONTHS_ONE },
	[PR_MYSTERY_CALLS] = { "mystery-calls", MONTHS_ONE },
	[PR_SATISFACTION_SURVEY] = { "satisfaction-survey", MONTHS_ONE },
	[PR_NETWORK_RECEPTION] = { "network-reception", MONTHS_SOME },
	[PR_NETWORK_REFERENTS] = { "network-referents", MONTHS_SOME },
	[PR_NETWORK_DAA] = { "network-daa", MONTHS_SOME },
	[PR_NETWORK_DACS] = { "network-dacs", MONTHS_SOME },
	[PR_LABEL_CHECKPOINT] = { "label-checkpoint", MONTHS_ONE },
};

#define MONTHS(id, sec, def, help) \
	{ sec, "months", CONFIG_STRING, offsetof(struct planning_ini, months[id]), \
	  0, 0, def, help }
#define DAY(id, sec, def, help) \
	{ sec, "day", CONFIG_STRING, offsetof(struct planning_ini, day[id]), \
	  0, 0, def, help }

/* The built-in defaults: keep deploy/planning.ini in step (a unit test
 * compares them). */
static const config_option planning_options[] = {
	DAY(PR_AUDIT, "audit", "2nd tuesday", "day of the audit in the site's label month"),
	MONTHS(PR_REVIEW_LOCAL, "review-local", "2", "month of the local annual reviews"),
	DAY(PR_REVIEW_LOCAL, "review-local", "2nd thursday", "day in that month"),
	MONTHS(PR_ACTION_REVIEW, "action-review", "3, 6, 9, 12",
	       "one month per quarter for the action table analysis"),
	DAY(PR_ACTION_REVIEW, "action-review", "3rd tuesday", "day in those months"),
	MONTHS(PR_CLEANING_EVAL, "cleaning-eval", "3, 6, 9, 12",
	       "one month per quarter for the cleaning evaluation"),
	DAY(PR_CLEANING_EVAL, "cleaning-eval", "3rd thursday", "day in those months"),
	MONTHS(PR_EVACUATION_DRILL, "evacuation-drill", "4, 11", "months of the drills (two or more)"),
	DAY(PR_EVACUATION_DRILL, "evacuation-drill", "2nd wednesday", "day in those months"),
	MONTHS(PR_DOCUMENT_UPDATE, "document-update", "1", "month of the document update"),
	DAY(PR_DOCUMENT_UPDATE, "document-update", "last tuesday", "day in that month"),
	MONTHS(PR_REVIEW_CENTRAL, "review-central", "3", "month of the central annual review"),
	DAY(PR_REVIEW_CENTRAL, "review-central", "last thursday", "day in that month"),
	MONTHS(PR_MYSTERY_CALLS, "mystery-calls", "5", "month the mystery-call campaign starts"),
	DAY(PR_MYSTERY_CALLS, "mystery-calls", "2nd monday", "day in that month"),
	MONTHS(PR_SATISFACTION_SURVEY, "satisfaction-survey", "10", "month the survey starts"),
	DAY(PR_SATISFACTION_SURVEY, "satisfaction-survey", "1st monday", "day in that month"),
	{ "satisfaction-survey", "reference_year", CONFIG_INT,
	  offsetof(struct planning_ini, survey_reference_year), CAL_YEAR_MIN, CAL_YEAR_MAX,
	  "2024", "a year with a survey" },
	{ "satisfaction-survey", "every_years", CONFIG_INT,
	  offsetof(struct planning_ini, survey_every_years), 1, 10, "2",
	  "years between two surveys" },
	MONTHS(PR_NETWORK_RECEPTION, "network-reception", "3, 10", "reception agents' meetings"),
	DAY(PR_NETWORK_RECEPTION, "network-reception", "1st tuesday", "day in those months"),
	MONTHS(PR_NETWORK_REFERENTS, "network-referents", "4, 11", "thematic referents' meetings"),
	DAY(PR_NETWORK_REFERENTS, "network-referents", "1st thursday", "day in those months"),
	MONTHS(PR_NETWORK_DAA, "network-daa", "1, 5, 9", "DAA network meetings"),
	DAY(PR_NETWORK_DAA, "network-daa", "4th tuesday", "day in those months"),
	MONTHS(PR_NETWORK_DACS, "network-dacs", "1, 5, 9", "DACS network meetings"),
	DAY(PR_NETWORK_DACS, "network-dacs", "4th thursday", "day in those months"),
	MONTHS(PR_LABEL_CHECKPOINT, "label-checkpoint", "6", "month of the label checkpoint"),
	DAY(PR_LABEL_CHECKPOINT, "label-checkpoint", "last tuesday", "day in that month"),
	{ NULL, NULL, 0, 0, 0, 0, NULL, NULL },
};

const char *
planning_rule_name(enum planning_rule_id id)
{
	return (unsigned)id < PR_COUNT ? rule_shape[id].section : "?";
}

static const char *const weekday_names[] = {
	"monday", "tuesday", "wednesday", "thursday", "friday",
};

static const struct {
	const char *word;
	int nth;
} ordinals[] = {
	{ "1st", 1 }, { "first", 1 }, { "2nd", 2 }, { "second", 2 },
	{ "3rd", 3 }, { "third", 3 }, { "4th", 4 }, { "fourth", 4 }, { "last", -1 },
};

int
planning_parse_day(const char *s, planning_day *out)
{
	char word[16], wd[16], extra;
	int n;

	memset(out, 0, sizeof(*out));
	if (s == NULL)
		return QP_EINVAL;
	if (s[0] != '\0' && strspn(s, "0123456789") == strlen(s)) {
		char *end;
		long v = strtol(s, &end, 10);
		if (*end != '\0' || end - s > 2 || v < 1 || v > 31)
			return QP_EINVAL;
		out->mday = (int)v;
		return QP_OK;
	}
	if (sscanf(s, "%15s %15s %c", word, wd, &extra) != 2)
		return QP_EINVAL;
	for (size_t i = 0; word[i]; i++)
		word[i] = (char)tolower((unsigned char)word[i]);
	for (size_t i = 0; wd[i]; i++)
		wd[i] = (char)tolower((unsigned char)wd[i]);
	n = 0;
	for (size_t i = 0; i < sizeof(ordinals) / sizeof(ordinals[0]); i++)
		if (strcmp(word, ordinals[i].word) == 0)
			n = ordinals[i].nth;
	if (n == 0)
		return QP_EINVAL;
	for (int i = 0; i < 5; i++) {
		if (strcmp(wd, weekday_names[i]) == 0) {
			out->nth = n;
			out->weekday = i + 1;
			return QP_OK;
		}
	}
	return QP_EINVAL;
}

int
planning_parse_months(const char *s, unsigned *out)
{
	unsigned set = 0;

	*out = 0;
	if (s == NULL)
		return QP_EINVAL;
	while (*s) {
		long m;
		char *end;
		if (*s == ',' || *s == ' ' || *s == '\t') {
			s++;
			continue;
		}
		if (!isdigit((unsigned char)*s))
			return QP_EINVAL;
		m = strtol(s, &end, 10);
		if (end - s > 2 || m < 1 || m > 12 || (set & (1u << m)))
			return QP_EINVAL;
		set |= 1u << m;
		s = end;
		if (*s != '\0' && *s != ',' && *s != ' ' && *s != '\t')
			return QP_EINVAL;
	}
	if (set == 0)
		return QP_EINVAL;
	*out = set;
	return QP_OK;
}

static int
count_months(unsigned set)
{
	int n = 0;

	for (int m = 1; m <= 12; m++)
		n += (set >> m) & 1u;
	return n;
}

/* The line of "key" in "[section]" of the file, or 0: config_load checks
 * the syntax with line numbers; this gives the meaning checks theirs. */
static int
find_line(const char *path, const char *section, const char *key)
{
	char line[512], cur[128] = "";
	FILE *fp = fopen(path, "r");
	int n = 0, found = 0;

	if (fp == NULL)
		return 0;
	while (!found && fgets(line, sizeof(line), fp) != NULL) {
		char *p = line, *q;
		size_t klen = strlen(key);
		n++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '[' && (q = strchr(p, ']')) != NULL) {
			size_t len = (size_t)(q - p - 1);
			if (len >= sizeof(cur))
				len = sizeof(cur) - 1;
			memcpy(cur, p + 1, len);
			cur[len] = '\0';
			continue;
		}
		if (strcmp(cur, section) == 0 && strncmp(p, key, klen) == 0) {
			p += klen;
			while (*p == ' ' || *p == '\t')
				p++;
			if (*p == '=' || *p == ':')
				found = n;
		}
	}
	fclose(fp);
	return found;
}

static void rules_error(char *, size_t, const char *, const char *, const char *,
                        const char *, ...) __attribute__((format(printf, 6, 7)));

static void
rules_error(char *err, size_t errlen, const char *path, const char *section,
            const char *key, const char *fmt, ...)
{
	char msg[384];
	va_list ap;
	int line = path ? find_line(path, section, key) : 0;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (path == NULL)
		snprintf(err, errlen, _("[%s] %s: %s"), section, key, msg);
	else if (line > 0)
		snprintf(err, errlen, _("%s:%d: [%s] %s: %s"), path, line, section, key, msg);
	else
		snprintf(err, errlen, _("%s: [%s] %s: %s"), path, section, key, msg);
}

/* Parses and checks what config_load read. */
static int
rules_from_ini(const struct planning_ini *ini, const char *path, planning_rules *r,
               char *err, size_t errlen)
{
	memset(r, 0, sizeof(*r));
	for (int id = 0; id < PR_COUNT; id++) {
		const char *sec = rule_shape[id].section;
		planning_rule *pr = &r->rule[id];
		int n;

		if (planning_parse_day(ini->day[id], &pr->day) != 0) {
			rules_error(err, errlen, path, sec, "day", _("expected \"1st|2nd|3rd|4th|last "
			            "monday..friday\" or a day of the month 1..31, got \"%s\""),
			            ini->day[id] ? ini->day[id] : "");
			return QP_ECONFIG;
		}
		if (rule_shape[id].shape == MONTHS_NONE)
			continue;
		if (planning_parse_months(ini->months[id], &pr->months) != 0) {
			rules_error(err, errlen, path, sec, "months", _("expected months 1..12, each "
			            "once, separated by commas (\"3, 6, 9, 12\"), got \"%s\""),
			            ini->months[id] ? ini->months[id] : "");
			return QP_ECONFIG;
		}
		n = count_months(pr->months);
		switch (rule_shape[id].shape) {
		case MONTHS_ONE:
			if (n != 1) {
				rules_error(err, errlen, path, sec, "months", _("expected one month "
				            "(a yearly event), got %d"), n);
				return QP_ECONFIG;
			}
			break;
		case MONTHS_QUARTERS:
			for (int q = 0; q < 4; q++) {
				/* months 3q+1 .. 3q+3 */
				int in_q = count_months(pr->months & (7u << (3 * q + 1)));
				if (in_q != 1) {
					rules_error(err, errlen, path, sec, "months", _("expected exactly "
					            "one month in each quarter (\"3, 6, 9, 12\"), got "
					            "%d in quarter %d"), in_q, q + 1);
					return QP_ECONFIG;
				}
			}
			break;
		case MONTHS_TWO_OR_MORE:
			if (n < 2) {
				rules_error(err, errlen, path, sec, "months", _("expected at least two "
				            "months (two evacuation drills a year, N3), got %d"), n);
				return QP_ECONFIG;
			}
			break;
		default:
			break;
		}
	}
	r->survey_reference_year = (int)ini->survey_reference_year;
	r->survey_every_years = (int)ini->survey_every_years;
	/* The local reviews feed the central one: same month at most (the days
	 * are compared for each year by planning_generate). */
	if (r->rule[PR_REVIEW_LOCAL].months > r->rule[PR_REVIEW_CENTRAL].months) {
		rules_error(err, errlen, path, "review-local", "months", _("the local reviews "
		            "must come before the central review ([review-central] months)"));
		return QP_ECONFIG;
	}
	return QP_OK;
}

void
planning_rules_default(planning_rules *r)
{
	struct planning_ini ini;
	char err[256];

	/* The table's defaults are constants checked by the unit tests: a
	 * failure here is a broken build, not bad input. */
	if (config_defaults(planning_options, &ini) != 0 ||
	    rules_from_ini(&ini, NULL, r, err, sizeof(err)) != 0)
		abort();
	config_free(planning_options, &ini);
}

int
planning_rules_load(const char *path, planning_rules *r, char *err, size_t errlen)
{
	struct planning_ini ini;
	int e;

	memset(&ini, 0, sizeof(ini));
	if ((e = config_load(path, planning_options, &ini, err, errlen)) != 0)
		return e;
	e = rules_from_ini(&ini, path, r, err, errlen);
	config_free(planning_options, &ini);
	return e;
}

/* ---------------------------------------------------------------- dates */

cal_day
planning_day_in_month(const planning_day *d, int year, int month)
{
	int dim = cal_days_in_month(year, month), mday;
	cal_day day, moved;
	int y, m, dd;

	if (d->nth == 0) {
		mday = d->mday < dim ? d->mday : dim;
	} else if (d->nth > 0) {
		int wd1 = cal_weekday(cal_from_ymd(year, month, 1));
		mday = 1 + (d->weekday - wd1 + 7) % 7 + 7 * (d->nth - 1);
	} else {
		int wdl = cal_weekday(cal_from_ymd(year, month, dim));
		mday = dim - (wdl - d->weekday + 7) % 7;
	}
	day = cal_from_ymd(year, month, mday);
	if (cal_is_opening_day(day))
		return day;
	moved = cal_add_opening_days(day, 0);
	cal_to_ymd(moved, &y, &m, &dd);
	if (m == month)
		return moved;
	/* Stay in the month: the opening day before. A month always has one. */
	do
		day--;
	while (!cal_is_opening_day(day));
	return day;
}

enum planning_audit
planning_audit_of(int label_year, int label_month, int year, int *k)
{
	int n = year - label_year;

	(void)label_month;  /* the audit is in the label month, whatever it is */
	*k = 0;
	if (n < 0)
		return AUDIT_NONE;
	if (n == 0)
		return AUDIT_LABELLING;
	if (n % 2 == 1) {
		/* L + 12 + 24k months */
		*k = (n - 1) / 2;
		return AUDIT_INTERNAL;
	}
	/* L + 24k months */
	*k = n / 2;
	return *k % 2 == 1 ? AUDIT_SURVEILLANCE : AUDIT_RENEWAL;
}

const char *
planning_audit_kind(enum planning_audit a)
{
	switch (a) {
	case AUDIT_LABELLING: return "audit-renewal";
	case AUDIT_INTERNAL: return "audit-internal";
	case AUDIT_SURVEILLANCE: return "audit-surveillance";
	case AUDIT_RENEWAL: return "audit-renewal";
	default: return NULL;
	}
}

bool
planning_survey_year(const planning_rules *r, int year)
{
	int every = r->survey_every_years > 0 ? r->survey_every_years : 1;
	int d = (year - r->survey_reference_year) % every;

	return d == 0;
}

/* ----------------------------------------------------------- generation */

static const char *const months_fr[] = {
	"", "janvier", "février", "mars", "avril", "mai", "juin", "juillet",
	"août", "septembre", "octobre", "novembre", "décembre",
};

static const char *const quarter_fr[] = { "", "1er", "2e", "3e", "4e" };

struct gen {
	planning *p;
	char *err;
	size_t errlen;
	size_t cap;
	int failed;
};

static planning_event *
add_event(struct gen *g, cal_day day, const char *scope, const char *kind,
          const char *slug)
{
	planning_event *ev;

	if (g->failed)
		return NULL;
	if (g->p->nevents == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 64;
		planning_event *nv = realloc(g->p->events, cap * sizeof(*nv));
		if (nv == NULL) {
			g->failed = QP_ENOMEM;
			return NULL;
		}
		g->p->events = nv;
		g->cap = cap;
	}
	ev = &g->p->events[g->p->nevents++];
	memset(ev, 0, sizeof(*ev));
	cal_format_date(day, ev->date);
	snprintf(ev->scope, sizeof(ev->scope), "%s", scope);
	snprintf(ev->kind, sizeof(ev->kind), "%s", kind);
	/* The uid names the year, the scope and the event's place in the
	 * year's rules, never its date: a regeneration with the same inputs
	 * gives the same uid, and a calendar client updates a moved event. */
	snprintf(ev->uid, sizeof(ev->uid), "%d-%s-%s@" UID_DOMAIN, g->p->year, scope, slug);
	return ev;
}

static void add_warning(struct gen *, const char *, ...) __attribute__((format(printf, 2, 3)));

static void
add_warning(struct gen *g, const char *fmt, ...)
{
	char buf[512], **nw;
	va_list ap;

	if (g->failed)
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	nw = realloc(g->p->warnings, (g->p->nwarnings + 1) * sizeof(*nw));
	if (nw == NULL) {
		g->failed = QP_ENOMEM;
		return;
	}
	g->p->warnings = nw;
	if ((nw[g->p->nwarnings] = strdup(buf)) == NULL) {
		g->failed = QP_ENOMEM;
		return;
	}
	g->p->nwarnings++;
}

/* The days of a rule this year, in month order; returns how many. */
static int
rule_days(const planning_rule *pr, int year, cal_day days[12])
{
	int n = 0;

	for (int m = 1; m <= 12; m++)
		if (pr->months & (1u << m))
			days[n++] = planning_day_in_month(&pr->day, year, m);
	return n;
}

static cal_day
rule_first_day(const planning_rule *pr, int year)
{
	cal_day days[12];

	rule_days(pr, year, days);
	return days[0];
}

static void
site_audit(struct gen *g, const planning_rules *r, const planning_site *s)
{
	static const char *const titles[] = {
		[AUDIT_LABELLING] = "Audit de labellisation QualiPARIS",
		[AUDIT_INTERNAL] = "Audit interne QualiPARIS",
		[AUDIT_SURVEILLANCE] = "Audit externe de surveillance QualiPARIS",
		[AUDIT_RENEWAL] = "Audit externe de renouvellement du label QualiPARIS",
	};
	cal_period lp;
	planning_event *ev;
	enum planning_audit a;
	char since[64];
	int k;

	if (s->labelled_since == NULL || s->labelled_since[0] == '\0') {
		add_warning(g, _("%s has no label month (qp-collector enroll %s KEY "
		            "--labelled-since YYYY-MM): no audit planned in %d"),
		            s->id, s->id, g->p->year);
		return;
	}
	if (cal_parse_period(s->labelled_since, &lp) != 0 || lp.kind != CAL_MONTH) {
		add_warning(g, _("%s has a label month that does not parse (\"%s\"): "
		            "no audit planned in %d"), s->id, s->labelled_since, g->p->year);
		return;
	}
	a = planning_audit_of(lp.year, lp.index, g->p->year, &k);
	if (a == AUDIT_NONE) {
		add_warning(g, _("%s is labelled from %s, after %d: no audit planned in %d"),
		            s->id, s->labelled_since, g->p->year, g->p->year);
		return;
	}
	ev = add_event(g, planning_day_in_month(&r->rule[PR_AUDIT].day, g->p->year, lp.index),
	               s->id, planning_audit_kind(a), "audit");
	if (ev == NULL)
		return;
	/* « d'avril », « d'août », « d'octobre », « de mai » */
	snprintf(since, sizeof(since), "%s%s %d",
	         months_fr[lp.index][0] != '\0' &&
	         strchr("aeiouy", months_fr[lp.index][0]) != NULL ? "d'" : "de ",
	         months_fr[lp.index], lp.year);
	snprintf(ev->title, sizeof(ev->title), "%s", titles[a]);
	switch (a) {
	case AUDIT_LABELLING:
		snprintf(ev->description, sizeof(ev->description),
		         "Audit initial de labellisation par l'organisme labellisateur "
		         "(label %s) ; il ouvre le cycle : audit interne 12 mois plus "
		         "tard, audit externe de surveillance à 24 mois, puis renouvellement "
		         "à 48 mois. Engagement SMQ8 (audits).", since);
		break;
	case AUDIT_INTERNAL:
		snprintf(ev->description, sizeof(ev->description),
		         "Audit interne par des auditeurs de la Ville, programmé par le CPL "
		         "selon le plan de contrôle du référentiel, en alternance avec les "
		         "audits externes (%d mois après la labellisation %s). "
		         "Engagement SMQ8 (audits).", 12 + 24 * k, since);
		break;
	default:
		snprintf(ev->description, sizeof(ev->description),
		         "Audit externe de %s par l'organisme labellisateur, %d mois après "
		         "la labellisation %s ; analyse du rapport et communication des "
		         "résultats aux équipes. Engagement SMQ8 (audits).",
		         a == AUDIT_SURVEILLANCE ? "surveillance" : "renouvellement du label",
		         24 * k, since);
		break;
	}
}

static void
site_events(struct gen *g, const planning_rules *r, const planning_site *s,
            cal_day central_review)
{
	char slug[48], cr[11];
	cal_day days[12];
	planning_event *ev;
	int n;

	site_audit(g, r, s);

	ev = add_event(g, rule_first_day(&r->rule[PR_REVIEW_LOCAL], g->p->year), s->id,
	               "review-local", "review-local");
	if (ev != NULL) {
		snprintf(ev->title, sizeof(ev->title), "Revue qualité annuelle locale");
		snprintf(ev->description, sizeof(ev->description),
		         "Bilan qualité de l'année du site : résultats, risques, opportunités, "
		         "objectifs et perspectives, établi par le DAA et le DACS avec les "
		         "référents thématiques et les chefs de service, approuvé par le "
		         "directeur et présenté aux agents ; il alimente la revue centrale du "
		         "%s. Engagement SMQ10 (revue annuelle).",
		         cal_format_date_fr(central_review, cr));
	}

	n = rule_days(&r->rule[PR_ACTION_REVIEW], g->p->year, days);
	for (int i = 0; i < n; i++) {
		snprintf(slug, sizeof(slug), "action-review-q%d", i + 1);
		if ((ev = add_event(g, days[i], s->id, "action-review", slug)) == NULL)
			break;
		snprintf(ev->title, sizeof(ev->title), "Analyse trimestrielle du tableau de "
		         "suivi des actions (%s trimestre)", quarter_fr[i + 1]);
		snprintf(ev->description, sizeof(ev->description),
		         "Analyse du tableau de suivi des actions locales, a minima une fois "
		         "par trimestre : actions en cours, en retard, à clore, à créer "
		         "(audits, appels mystères, enquêtes, vérifications, indicateurs, "
		         "suggestions). Engagement SMQ9 (planning et plan d'actions).");
	}

	n = rule_days(&r->rule[PR_CLEANING_EVAL], g->p->year, days);
	for (int i = 0; i < n; i++) {
		snprintf(slug, sizeof(slug), "cleaning-eval-q%d", i + 1);
		if ((ev = add_event(g, days[i], s->id, "cleaning-eval", slug)) == NULL)
			break;
		snprintf(ev->title, sizeof(ev->title), "Évaluation trimestrielle du nettoyage "
		         "(%s trimestre)", quarter_fr[i + 1]);
		snprintf(ev->description, sizeof(ev->description),
		         "Évaluation du nettoyage zone par zone par le RAQN, notée de 0 à 100 ; "
		         "anomalies transmises au SLHA pour suivi. Engagement N3 (confort, "
		         "tranquillité et sécurité des usagers).");
	}

	n = rule_days(&r->rule[PR_EVACUATION_DRILL], g->p->year, days);
	for (int i = 0; i < n; i++) {
		snprintf(slug, sizeof(slug), "evacuation-drill-%d", i + 1);
		if ((ev = add_event(g, days[i], s->id, "evacuation-drill", slug)) == NULL)
			break;
		snprintf(ev->title, sizeof(ev->title), "Exercice d'évacuation (%d sur %d)",
		         i + 1, n);
		snprintf(ev->description, sizeof(ev->description),
		         "Exercice d'évacuation consigné au registre SST (deux par an), avec "
		         "les guide-files et serre-files de chaque zone et les consignes "
		         "d'évacuation des PMR. Engagement N3 (sécurité des usagers et des "
		         "agents).");
	}

	ev = add_event(g, rule_first_day(&r->rule[PR_DOCUMENT_UPDATE], g->p->year), s->id,
	               "document-update", "document-update");
	if (ev != NULL) {
		snprintf(ev->title, sizeof(ev->title), "Mise à jour annuelle des documents "
		         "qualité du site");
		snprintf(ev->description, sizeof(ev->description),
		         "Revue et mise à jour des documents de pilotage QualiPARIS locaux "
		         "(dossier partagé, tableau des documents de référence locaux), a "
		         "minima une fois par an, par le DAA et le DACS. Engagement SMQ3 "
		         "(organisation documentaire).");
	}
}

static const struct {
	enum planning_rule_id id;
	const char *slug;
	const char *title;
	const char *description;
} networks[] = {
	{ PR_NETWORK_RECEPTION, "network-reception", "Réunion du réseau des agents d'accueil",
	  "Réunion des agents d'accueil : animation et information des agents et SMS "
	  "d'accueil, retours du terrain et propositions d'amélioration. Engagement SMQ4 "
	  "(écoute et communication agents)." },
	{ PR_NETWORK_REFERENTS, "network-referents", "Réunion des référents thématiques",
	  "Réunion du réseau des référents thématiques des EPS : actualité de la démarche, "
	  "partage des pratiques, préparation des échéances. Engagement SMQ4 (écoute et "
	  "communication agents)." },
	{ PR_NETWORK_DAA, "network-daa", "Réunion du réseau des DAA",
	  "Information du réseau des directeurs adjoints à compétence administrative "
	  "(DAA) : pilotage qualité, indicateurs, échéances du planning. Engagement SMQ4 "
	  "(écoute et communication agents)." },
	{ PR_NETWORK_DACS, "network-dacs", "Réunion du réseau des DACS",
	  "Information du réseau des directeurs adjoints à compétence sociale (DACS) : "
	  "pilotage qualité, indicateurs, échéances du planning. Engagement SMQ4 (écoute "
	  "et communication agents)." },
};

static void
central_events(struct gen *g, const planning_rules *r, cal_day central_review)
{
	char slug[48];
	cal_day days[12];
	planning_event *ev;
	int n;

	ev = add_event(g, central_review, PLANNING_SCOPE_CENTRAL, "review-central",
	               "review-central");
	if (ev != NULL) {
		snprintf(ev->title, sizeof(ev->title), "Revue qualité annuelle centrale "
		         "(plénière)");
		snprintf(ev->description, sizeof(ev->description),
		         "Revue annuelle centrale, alimentée par les revues annuelles locales "
		         "des EPS et le bilan des services centraux, présentée en plénière aux "
		         "directions locales, référents, services supports, DDCT et auditeurs. "
		         "Engagement SMQ10 (revue annuelle).");
	}
	ev = add_event(g, rule_first_day(&r->rule[PR_MYSTERY_CALLS], g->p->year),
	               PLANNING_SCOPE_CENTRAL, "mystery-calls", "mystery-calls");
	if (ev != NULL) {
		snprintf(ev->title, sizeof(ev->title), "Campagne annuelle d'appels mystères");
		snprintf(ev->description, sizeof(ev->description),
		         "Lancement de la campagne annuelle d'appels téléphoniques mystères "
		         "dans tous les EPS, menée par les services centraux ; rapport "
		         "d'analyse partagé avec les sites. Engagements N7 (appels pris en "
		         "moins de 25 secondes) et SMQ6 (suivi de la qualité).");
	}
	if (planning_survey_year(r, g->p->year)) {
		ev = add_event(g, rule_first_day(&r->rule[PR_SATISFACTION_SURVEY], g->p->year),
		               PLANNING_SCOPE_CENTRAL, "satisfaction-survey", "satisfaction-survey");
		if (ev != NULL) {
			snprintf(ev->title, sizeof(ev->title), "Enquête de satisfaction des "
			         "usagers (biennale)");
			snprintf(ev->description, sizeof(ev->description),
			         "Lancement de l'enquête de satisfaction des usagers, tous les "
			         "%d ans, dans tous les EPS ; résultats affichés dans chaque "
			         "site et analysés en revue annuelle. Engagements N12 (mesure de "
			         "la satisfaction des usagers) et SMQ6 (suivi de la qualité).",
			         r->survey_every_years);
		}
	}
	for (size_t i = 0; i < sizeof(networks) / sizeof(networks[0]); i++) {
		n = rule_days(&r->rule[networks[i].id], g->p->year, days);
		for (int j = 0; j < n; j++) {
			snprintf(slug, sizeof(slug), "%s-%d", networks[i].slug, j + 1);
			ev = add_event(g, days[j], PLANNING_SCOPE_CENTRAL, "network-meeting", slug);
			if (ev == NULL)
				return;
			if (n > 1)
				snprintf(ev->title, sizeof(ev->title), "%s (%d sur %d)",
				         networks[i].title, j + 1, n);
			else
				snprintf(ev->title, sizeof(ev->title), "%s", networks[i].title);
			snprintf(ev->description, sizeof(ev->description), "%s",
			         networks[i].description);
		}
	}
	ev = add_event(g, rule_first_day(&r->rule[PR_LABEL_CHECKPOINT], g->p->year),
	               PLANNING_SCOPE_CENTRAL, "label-checkpoint", "label-checkpoint");
	if (ev != NULL) {
		snprintf(ev->title, sizeof(ev->title), "Point labellisation");
		snprintf(ev->description, sizeof(ev->description),
		         "Point labellisation : informations, suivi et arbitrage du "
		         "sous-directeur sur les questions qualité, état du cycle d'audits des "
		         "sites et des plans d'actions. Engagements SMQ4 (communication) et "
		         "SMQ9 (planning et plan d'actions).");
	}
}

static int
cmp_event(const void *a, const void *b)
{
	const planning_event *x = a, *y = b;
	int c = strcmp(x->date, y->date);

	return c ? c : strcmp(x->uid, y->uid);
}

int
planning_generate(const planning_rules *r, int year, const planning_site *sites,
                  size_t nsites, planning **out, char *err, size_t errlen)
{
	struct gen g = { .err = err, .errlen = errlen };
	cal_day local, central;
	char a[11], b[11];

	*out = NULL;
	if (year < CAL_YEAR_MIN || year > CAL_YEAR_MAX) {
		snprintf(err, errlen, _("year %d out of %d..%d"), year, CAL_YEAR_MIN, CAL_YEAR_MAX);
		return QP_EINVAL;
	}
	local = rule_first_day(&r->rule[PR_REVIEW_LOCAL], year);
	central = rule_first_day(&r->rule[PR_REVIEW_CENTRAL], year);
	if (local >= central) {
		snprintf(err, errlen, _("in %d the local reviews (%s) would not come before the "
		         "central review (%s); move [review-local] or [review-central]"),
		         year, cal_format_date(local, a), cal_format_date(central, b));
		return QP_EINVAL;
	}
	g.p = calloc(1, sizeof(*g.p));
	if (g.p == NULL)
		return QP_ENOMEM;
	g.p->year = year;
	central_events(&g, r, central);
	for (size_t i = 0; i < nsites && !g.failed; i++) {
		const planning_site *s = &sites[i];
		bool dup = false;
		if (strcmp(s->id, PLANNING_SCOPE_CENTRAL) == 0 ||
		    strlen(s->id) >= PLANNING_SCOPE_MAX) {
			add_warning(&g, "site id \"%s\" cannot be a planning scope: skipped", s->id);
			continue;
		}
		for (size_t j = 0; j < i; j++)
			dup = dup || strcmp(sites[j].id, s->id) == 0;
		if (dup) {
			add_warning(&g, "site %s is listed twice: planned once", s->id);
			continue;
		}
		site_events(&g, r, s, central);
	}
	if (g.failed) {
		planning_destroy(&g.p);
		return g.failed;
	}
	if (g.p->nevents > 1)
		qsort(g.p->events, g.p->nevents, sizeof(*g.p->events), cmp_event);
	*out = g.p;
	return QP_OK;
}

void
planning_destroy(planning **pp)
{
	planning *p;

	if (pp == NULL || (p = *pp) == NULL)
		return;
	for (size_t i = 0; i < p->nwarnings; i++)
		free(p->warnings[i]);
	free(p->warnings);
	free(p->events);
	free(p);
	*pp = NULL;
}
