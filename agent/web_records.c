/*
 * The web forms' records. Temporary home of the rules until the agent
 * record modules ([M2], agent/records/) land: then each function here
 * becomes one call of its module.
 */
#include "web_records.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "codec.h"
#include "domain.h"
#include "webui.h"

#define COUNT_MAX 1000000000ULL

static int
fail(rec_error *err, const char *field, int code, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int
fail(rec_error *err, const char *field, int code, const char *fmt, ...)
{
	va_list ap;

	err->field = field;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

static bool
text_ok(const char *s)
{
	return s != NULL && domain_utf8_valid(s, strlen(s));
}

static bool
parse_count(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	while (s != NULL && *s == ' ')
		s++;
	if (s == NULL || !isdigit((unsigned char)*s))
		return false;
	errno = 0;
	v = strtoull(s, &end, 10);
	while (*end == ' ')
		end++;
	if (errno != 0 || *end != '\0' || v > COUNT_MAX)
		return false;
	*out = v;
	return true;
}

/* A typed date into buf; empty means today. */
static int
typed_date(const char *s, char buf[11], const char *field, const char *what,
           rec_error *err)
{
	cal_day d;

	if (s == NULL || s[0] == '\0')
		d = cal_paris_day(site_now_ms());
	else if (cal_parse_date_typed(s, &d) != 0)
		return fail(err, field, QP_EINVAL, "%s : date attendue sous la forme JJ/MM/AAAA "
		            "(ou AAAA-MM-JJ), reçu « %s »", what, s);
	cal_format_date(d, buf);
	return 0;
}

static int
write_event(site *s, Qp__Event *ev, bool want_ledger, site_prepare_fn prepare,
            void *ctx, uint64_t *seq, rec_error *err)
{
	char msg[256];
	int e = site_record(s, ev, want_ledger, prepare, ctx, seq, msg, sizeof(msg));

	if (e == 0)
		return 0;
	if (e == QP_EFULL)
		return fail(err, "", e, "Le stockage du site est plein : rien n'a été "
		            "enregistré. Prévenez le service informatique.");
	return fail(err, "", e, "Enregistrement refusé : %s", msg);
}

/* ------------------------------------------------------------ indicators */

int
rec_indicator(site *s, const char *author, const char *code, const char *period,
              const char *num, const char *den, const char *comment,
              uint64_t *seq, rec_error *err)
{
	Qp__Event ev = QP__EVENT__INIT;
	Qp__IndicatorValue iv = QP__INDICATOR_VALUE__INIT;
	Qp__CentralState *cs = NULL;
	const Qp__CatalogueEntry *entry;
	uint64_t n, d;
	char first_day[11];
	cal_period p;
	cal_day first, last;
	int e;

	if (!parse_count(num, &n))
		return fail(err, "numerateur", QP_EINVAL, "Le numérateur doit être un nombre "
		            "entier de 0 à 1 000 000 000, reçu « %s »", num);
	if (!parse_count(den, &d))
		return fail(err, "denominateur", QP_EINVAL, "Le dénominateur doit être un nombre "
		            "entier de 0 à 1 000 000 000, reçu « %s »", den);
	if (n > d)
		return fail(err, "numerateur", QP_EINVAL, "Le numérateur (%llu) dépasse le "
		            "dénominateur (%llu)", (unsigned long long)n, (unsigned long long)d);
	if (!text_ok(comment))
		return fail(err, "commentaire", QP_EINVAL, "Le commentaire n'est pas du texte valide");
	if ((e = site_central(s, &cs)) != 0)
		return fail(err, "", e, "Le catalogue des indicateurs est illisible");
	entry = site_catalogue_entry(cs, code);
	if (entry == NULL) {
		codec_free((ProtobufCMessage **)&cs);
		return fail(err, "code", QP_EINVAL, "Indicateur inconnu : « %s »", code);
	}
	if (!domain_period_fits(entry->periodicity, period) ||
	    cal_parse_period(period, &p) != 0) {
		const char *form = strcmp(entry->periodicity, "month") == 0 ? "AAAA-MM (mois)" :
		                   strcmp(entry->periodicity, "quarter") == 0 ?
		                   "AAAA-Tn ou AAAA-Qn (trimestre)" : "AAAA (année)";
		e = fail(err, "periode", QP_EINVAL, "Période : %s se mesure par %s, reçu « %s »",
		         code, form, period);
		codec_free((ProtobufCMessage **)&cs);
		return e;
	}
	cal_period_bounds(&p, &first, &last);
	iv.code = (char *)code;
	iv.period = (char *)period;
	iv.numerator = n;
	iv.denominator = d;
	iv.comment = (char *)comment;
	ev.author = (char *)author;
	ev.business_date = cal_format_date(first, first_day);
	ev.body_case = QP__EVENT__BODY_INDICATOR;
	ev.indicator = &iv;
	e = write_event(s, &ev, false, NULL, NULL, seq, err);
	codec_free((ProtobufCMessage **)&cs);
	return e;
}

/* ------------------------------------------------------------ checks */

static int
prepare_run(site *s, store_txn *txn, ledger *l, Qp__Event *ev, void *ctx,
            char *err, size_t errlen)
{
	const Qp__Event *cur = ledger_check(l, ev->check_run->check_id);

	(void)s;
	(void)txn;
	(void)ctx;
	if (cur == NULL || !cur->check_definition->active) {
		snprintf(err, errlen, "la vérification « %s » n'existe pas ou n'est plus active",
		         ev->check_run->check_id);
		return QP_EINVAL;
	}
	return 0;
}

int
rec_check_run(site *s, const char *author, const char *id, const char *result,
              const char *date, const char *comment, uint64_t *seq, rec_error *err)
{
	Qp__Event ev = QP__EVENT__INIT;
	Qp__CheckRun run = QP__CHECK_RUN__INIT;
	char date_buf[11];
	int e;

	if (!domain_check_id_valid(id))
		return fail(err, "verification", QP_EINVAL, "Vérification inconnue");
	if (!domain_result_valid(result))
		return fail(err, "resultat", QP_EINVAL, "Résultat attendu : conforme, non conforme "
		            "ou sans objet");
	if ((e = typed_date(date, date_buf, "date", "Date", err)) != 0)
		return e;
	if (!text_ok(comment))
		return fail(err, "commentaire", QP_EINVAL, "Le commentaire n'est pas du texte valide");
	run.check_id = (char *)id;
	run.date = date_buf;
	run.result = (char *)result;
	run.comment = (char *)comment;
	ev.author = (char *)author;
	ev.business_date = date_buf;
	ev.body_case = QP__EVENT__BODY_CHECK_RUN;
	ev.check_run = &run;
	return write_event(s, &ev, true, prepare_run, NULL, seq, err);
}

/* ------------------------------------------------------------ cleaning */

int
rec_signoff(site *s, const char *author, const char *zone_id, const char *cleaner,
            const char *at, uint64_t *seq, rec_error *err)
{
	Qp__Event ev = QP__EVENT__INIT;
	Qp__CleaningSignoff so = QP__CLEANING_SIGNOFF__INIT;
	char at_buf[CAL_TEXT_MAX], day_buf[11], tmp[40];
	int64_t when;

	if (!domain_zone_valid(zone_id))
		return fail(err, "zone", QP_EINVAL, "Zone inconnue");
	if (cleaner == NULL || cleaner[0] == '\0' || !text_ok(cleaner))
		return fail(err, "agent", QP_EINVAL, "Indiquez qui a nettoyé (nom ou société)");
	if (at == NULL || at[0] == '\0') {
		when = site_now_ms();
	} else {
		/* "JJ/MM/AAAA HH:MM" or ISO "AAAA-MM-JJTHH:MM" or "AAAA-MM-JJ HH:MM". */
		cal_day d;
		char date[11];
		const char *time = strchr(at, ' ') ? strchr(at, ' ') + 1 :
		                   strchr(at, 'T') ? strchr(at, 'T') + 1 : NULL;
		size_t dl = time != NULL ? (size_t)(time - 1 - at) : strlen(at);
		if (dl >= sizeof(date))
			return fail(err, "heure", QP_EINVAL, "Date et heure attendues sous la forme "
			            "JJ/MM/AAAA HH:MM, reçu « %s »", at);
		memcpy(date, at, dl);
		date[dl] = '\0';
		if (cal_parse_date_typed(date, &d) != 0)
			return fail(err, "heure", QP_EINVAL, "Date et heure attendues sous la forme "
			            "JJ/MM/AAAA HH:MM, reçu « %s »", at);
		snprintf(tmp, sizeof(tmp), "%sT%s", cal_format_date(d, date), time ? time : "00:00");
		if (cal_parse_datetime(tmp, &when) != 0)
			return fail(err, "heure", QP_EINVAL, "Heure attendue sous la forme HH:MM, "
			            "reçu « %s »", at);
	}
	so.zone = (char *)zone_id;
	so.at = cal_format_datetime(when, at_buf);
	so.cleaner = (char *)cleaner;
	ev.author = (char *)author;
	ev.business_date = cal_format_date(cal_paris_day(when), day_buf);
	ev.body_case = QP__EVENT__BODY_CLEANING_SIGNOFF;
	ev.cleaning_signoff = &so;
	return write_event(s, &ev, false, NULL, NULL, seq, err);
}

#define EVAL_ZONES 64

int
rec_evaluation(site *s, const char *author, const char *quarter, size_t n,
               const char *const *zone_ids, const char *const *scores,
               const char *comment, uint64_t *seq, rec_error *err)
{
	Qp__Event ev = QP__EVENT__INIT;
	Qp__CleaningEvaluation ce = QP__CLEANING_EVALUATION__INIT;
	Qp__ZoneScore zs[EVAL_ZONES], *zp[EVAL_ZONES];
	char q[16], last_day[11];
	size_t nz = 0;
	cal_period p;
	cal_day first, last;

	snprintf(q, sizeof(q), "%s", quarter);
	/* French "T" for trimestre. */
	if (strlen(q) == 7 && (q[5] == 'T' || q[5] == 't'))
		q[5] = 'Q';
	if (cal_parse_period(q, &p) != 0 || p.kind != CAL_QUARTER)
		return fail(err, "trimestre", QP_EINVAL, "Trimestre attendu sous la forme AAAA-Tn "
		            "(n de 1 à 4), reçu « %s »", quarter);
	for (size_t i = 0; i < n && i < EVAL_ZONES; i++) {
		uint64_t v;
		if (scores[i] == NULL || scores[i][0] == '\0')
			continue;
		if (!domain_zone_valid(zone_ids[i]))
			return fail(err, "zone", QP_EINVAL, "Zone inconnue");
		if (!parse_count(scores[i], &v) || v > 100)
			return fail(err, zone_ids[i], QP_EINVAL, "Note de la zone %s : un nombre de 0 à "
			            "100, reçu « %s »", zone_ids[i], scores[i]);
		qp__zone_score__init(&zs[nz]);
		zs[nz].zone = (char *)zone_ids[i];
		zs[nz].score = (uint32_t)v;
		zp[nz] = &zs[nz];
		nz++;
	}
	if (nz == 0)
		return fail(err, "", QP_EINVAL, "Donnez la note d'au moins une zone");
	if (!text_ok(comment))
		return fail(err, "commentaire", QP_EINVAL, "Le commentaire n'est pas du texte valide");
	cal_period_bounds(&p, &first, &last);
	ce.quarter = q;
	ce.n_scores = nz;
	ce.scores = zp;
	ce.comment = (char *)comment;
	ev.author = (char *)author;
	ev.business_date = cal_format_date(last, last_day);
	ev.body_case = QP__EVENT__BODY_CLEANING_EVALUATION;
	ev.cleaning_evaluation = &ce;
	return write_event(s, &ev, false, NULL, NULL, seq, err);
}

/* ------------------------------------------------------------ actions */

struct action_change {
	const char *id;
	const char *title, *engagement, *source, *owner, *due, *status, *note, *date;
	char id_buf[24];
	Qp__Action a;
};

static int
prepare_action(site *s, store_txn *txn, ledger *l, Qp__Event *ev, void *ctx,
               char *err, size_t errlen)
{
	struct action_change *ac = ctx;
	int e;

	(void)s;
	qp__action__init(&ac->a);
	if (ac->id == NULL) {
		uint64_t n;
		if ((e = site_meta_get(txn, META_NEXT_ACTION, &n)) != 0)
			return e;
		if (n == 0)
			n = 1;
		snprintf(ac->id_buf, sizeof(ac->id_buf), "A-%llu", (unsigned long long)n);
		if ((e = site_meta_put(txn, META_NEXT_ACTION, n + 1)) != 0)
			return e;
		ac->a.id = ac->id_buf;
		ac->a.status = (char *)"todo";
		ac->a.opened_on = (char *)ac->date;
		ac->a.status_date = (char *)ac->date;
	} else {
		const Qp__Event *cur = ledger_action(l, ac->id);
		if (cur == NULL) {
			snprintf(err, errlen, "l'action %s n'existe pas", ac->id);
			return QP_EINVAL;
		}
		ac->a = *cur->action;
		ac->a.id = (char *)ac->id;
		if (ac->status != NULL && strcmp(ac->status, cur->action->status) != 0)
			ac->a.status_date = (char *)ac->date;
	}
	if (ac->title) ac->a.title = (char *)ac->title;
	if (ac->engagement) ac->a.engagement = (char *)ac->engagement;
	if (ac->source) ac->a.source = (char *)ac->source;
	if (ac->owner) ac->a.owner = (char *)ac->owner;
	if (ac->due) ac->a.due = (char *)ac->due;
	if (ac->status) ac->a.status = (char *)ac->status;
	if (ac->note) ac->a.note = (char *)ac->note;
	ev->business_date = (char *)ac->date;
	ev->body_case = QP__EVENT__BODY_ACTION;
	ev->action = &ac->a;
	return 0;
}

static int
action_common(struct action_change *ac, const char *due, const char *date,
              char due_buf[11], char date_buf[11], rec_error *err)
{
	int e;

	if (ac->title != NULL && (ac->title[0] == '\0' || !text_ok(ac->title)))
		return fail(err, "titre", QP_EINVAL, "Donnez un intitulé à l'action");
	if (ac->engagement != NULL && !domain_engagement_valid(ac->engagement))
		return fail(err, "engagement", QP_EINVAL, "Engagement attendu : N1 à N12, S1 à S3 "
		            "ou SMQ1 à SMQ10, reçu « %s »", ac->engagement);
	if (ac->source != NULL && !domain_action_source_valid(ac->source))
		return fail(err, "origine", QP_EINVAL, "Origine de l'action inconnue");
	if (ac->status != NULL && !domain_action_status_valid(ac->status))
		return fail(err, "statut", QP_EINVAL, "Statut inconnu");
	if (ac->owner != NULL && !text_ok(ac->owner))
		return fail(err, "pilote", QP_EINVAL, "Le pilote n'est pas du texte valide");
	if (ac->note != NULL && !text_ok(ac->note))
		return fail(err, "note", QP_EINVAL, "La note n'est pas du texte valide");
	if (due != NULL && due[0] != '\0') {
		if ((e = typed_date(due, due_buf, "echeance", "Échéance", err)) != 0)
			return e;
		ac->due = due_buf;
	} else if (due != NULL) {
		ac->due = "";
	}
	if ((e = typed_date(date, date_buf, "date", "Date", err)) != 0)
		return e;
	ac->date = date_buf;
	return 0;
}

int
rec_action_add(site *s, const char *author, const char *title, const char *engagement,
               const char *source, const char *owner, const char *due,
               const char *date, char id_out[24], uint64_t *seq, rec_error *err)
{
	struct action_change ac = { .title = title ? title : "", .engagement = engagement,
	                            .source = source, .owner = owner };
	Qp__Event ev = QP__EVENT__INIT;
	char due_buf[11], date_buf[11];
	int e;

	if ((e = action_common(&ac, due, date, due_buf, date_buf, err)) != 0)
		return e;
	if (engagement == NULL || source == NULL)
		return fail(err, "engagement", QP_EINVAL, "L'engagement et l'origine sont requis");
	ev.author = (char *)author;
	if ((e = write_event(s, &ev, false, prepare_action, &ac, seq, err)) != 0)
		return e;
	memcpy(id_out, ac.id_buf, sizeof(ac.id_buf));
	return 0;
}

int
rec_action_update(site *s, const char *author, const char *id, const char *status,
                  const char *owner, const char *due, const char *note,
                  const char *date, uint64_t *seq, rec_error *err)
{
	struct action_change ac = { .id = id, .status = status, .owner = owner, .note = note };
	Qp__Event ev = QP__EVENT__INIT;
	char due_buf[11], date_buf[11];
	int e;

	if (!domain_action_id_valid(id))
		return fail(err, "action", QP_EINVAL, "Action inconnue");
	if ((e = action_common(&ac, due, date, due_buf, date_buf, err)) != 0)
		return e;
	ev.author = (char *)author;
	return write_event(s, &ev, true, prepare_action, &ac, seq, err);
}

int
rec_action_review(site *s, const char *author, const char *date, const char *comment,
                  uint64_t *seq, rec_error *err)
{
	Qp__Event ev = QP__EVENT__INIT;
	Qp__ActionReview ar = QP__ACTION_REVIEW__INIT;
	char date_buf[11];
	int e;

	if ((e = typed_date(date, date_buf, "date", "Date", err)) != 0)
		return e;
	if (!text_ok(comment))
		return fail(err, "commentaire", QP_EINVAL, "Le commentaire n'est pas du texte valide");
	ar.date = date_buf;
	ar.comment = (char *)comment;
	ev.author = (char *)author;
	ev.business_date = date_buf;
	ev.body_case = QP__EVENT__BODY_ACTION_REVIEW;
	ev.action_review = &ar;
	return write_event(s, &ev, false, NULL, NULL, seq, err);
}

/* ------------------------------------------------------------ review */

struct review_ctx {
	bool keep_approval;
};

static int
prepare_review(site *s, store_txn *txn, ledger *l, Qp__Event *ev, void *ctx,
               char *err, size_t errlen)
{
	struct review_ctx *rc = ctx;
	const Qp__Event *const *v;
	size_t n = ledger_view(l, LEDGER_ANNUAL_REVIEWS, &v);

	(void)s;
	(void)txn;
	(void)err;
	(void)errlen;
	/* Re-submitting keeps the approval unless a new one is given (§11). */
	for (size_t i = 0; rc->keep_approval && i < n; i++)
		if (v[i]->annual_review->year == ev->annual_review->year) {
			ev->annual_review->approved_by = v[i]->annual_review->approved_by;
			ev->annual_review->approved_on = v[i]->annual_review->approved_on;
		}
	return 0;
}

int
rec_review(site *s, const char *author, const char *year, const char *text,
           const char *approved_by, const char *approved_on, uint64_t *seq,
           rec_error *err)
{
	Qp__Event ev = QP__EVENT__INIT;
	Qp__AnnualReview ar = QP__ANNUAL_REVIEW__INIT;
	struct review_ctx rc = { .keep_approval = approved_by == NULL };
	uint64_t y;
	char on_buf[11] = "", today_buf[11];
	int e;

	if (!parse_count(year, &y) || y < CAL_YEAR_MIN || y > CAL_YEAR_MAX)
		return fail(err, "annee", QP_EINVAL, "Année attendue sur 4 chiffres, reçu « %s »", year);
	if (text == NULL || text[0] == '\0')
		return fail(err, "texte", QP_EINVAL, "Écrivez la revue ou joignez son fichier");
	if (!text_ok(text))
		return fail(err, "texte", QP_EINVAL, "Le fichier n'est pas du texte UTF-8 "
		            "(enregistrez-le en UTF-8, Markdown ou texte)");
	if (strlen(text) > 512 * 1024)
		return fail(err, "texte", QP_EINVAL, "La revue dépasse 512 Kio");
	if (approved_by != NULL) {
		if ((e = typed_date(approved_on, on_buf, "approuvee_le", "Approuvée le", err)) != 0)
			return e;
	}
	ar.year = (uint32_t)y;
	ar.text = (char *)text;
	ar.approved_by = (char *)(approved_by ? approved_by : "");
	ar.approved_on = on_buf;
	ev.author = (char *)author;
	ev.business_date = on_buf[0] ? on_buf : cal_format_date(cal_paris_day(site_now_ms()),
	                                                         today_buf);
	ev.body_case = QP__EVENT__BODY_ANNUAL_REVIEW;
	ev.annual_review = &ar;
	return write_event(s, &ev, rc.keep_approval, rc.keep_approval ? prepare_review : NULL,
	                   &rc, seq, err);
}

/* ------------------------------------------------------------ void */

static int
prepare_void(site *s, store_txn *txn, ledger *l, Qp__Event *ev, void *ctx,
             char *err, size_t errlen)
{
	uint64_t target = ev->void_->seq;
	const Qp__Event *t = ledger_find(l, target);

	(void)s;
	(void)txn;
	(void)ctx;
	if (t == NULL)
		snprintf(err, errlen, "l'enregistrement n° %llu n'existe pas",
		         (unsigned long long)target);
	else if (t->body_case == QP__EVENT__BODY_VOID)
		snprintf(err, errlen, "l'enregistrement n° %llu est lui-même une annulation",
		         (unsigned long long)target);
	else if (ledger_voided(l, target))
		snprintf(err, errlen, "l'enregistrement n° %llu est déjà annulé",
		         (unsigned long long)target);
	else
		return 0;
	return QP_EINVAL;
}

int
rec_void(site *s, const char *author, const char *seq_text, const char *reason,
         uint64_t *seq, rec_error *err)
{
	Qp__Event ev = QP__EVENT__INIT;
	Qp__Void v = QP__VOID__INIT;
	char today_buf[11];
	uint64_t target;

	if (!parse_count(seq_text, &target) || target == 0)
		return fail(err, "seq", QP_EINVAL, "Enregistrement inconnu");
	if (reason == NULL || reason[0] == '\0' || !text_ok(reason))
		return fail(err, "motif", QP_EINVAL, "Indiquez le motif de l'annulation");
	v.seq = target;
	v.reason = (char *)reason;
	ev.author = (char *)author;
	ev.business_date = cal_format_date(cal_paris_day(site_now_ms()), today_buf);
	ev.body_case = QP__EVENT__BODY_VOID;
	ev.void_ = &v;
	return write_event(s, &ev, true, prepare_void, NULL, seq, err);
}

/* ------------------------------------------------------------ words */

const char *
rec_result_fr(const char *r)
{
	return !strcmp(r, "ok") ? "conforme" : !strcmp(r, "ko") ? "non conforme" :
	       !strcmp(r, "na") ? "sans objet" : r;
}

const char *
rec_status_fr(const char *s)
{
	return !strcmp(s, "todo") ? "à faire" : !strcmp(s, "doing") ? "en cours" :
	       !strcmp(s, "done") ? "réalisée" : !strcmp(s, "dropped") ? "abandonnée" : s;
}

const char *
rec_source_fr(const char *s)
{
	static const char *const map[][2] = {
		{ "audit-internal", "audit interne" }, { "audit-external", "audit externe" },
		{ "mystery-call", "appel mystère" }, { "mystery-visit", "visite mystère" },
		{ "satisfaction-survey", "enquête de satisfaction" },
		{ "periodic-check", "vérification périodique" }, { "indicator", "indicateur" },
		{ "agent-suggestion", "suggestion d'un agent" },
		{ "user-feedback", "réclamation ou proposition d'usager" },
		{ "annual-review", "revue annuelle" }, { "other", "autre" },
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(s, map[i][0]) == 0)
			return map[i][1];
	return s;
}

const char *
rec_periodicity_fr(const char *p)
{
	static const char *const map[][2] = {
		{ "daily", "quotidienne" }, { "weekly", "hebdomadaire" }, { "monthly", "mensuelle" },
		{ "quarterly", "trimestrielle" }, { "semiannual", "semestrielle" },
		{ "annual", "annuelle" }, { "month", "mensuel" }, { "quarter", "trimestriel" },
		{ "year", "annuel" },
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(p, map[i][0]) == 0)
			return map[i][1];
	return p;
}

const char *
rec_kind_fr(const Qp__Event *ev)
{
	switch (ev->body_case) {
	case QP__EVENT__BODY_INDICATOR: return "Indicateur";
	case QP__EVENT__BODY_CHECK_DEFINITION: return "Définition de vérification";
	case QP__EVENT__BODY_CHECK_RUN: return "Vérification";
	case QP__EVENT__BODY_CLEANING_SIGNOFF: return "Émargement";
	case QP__EVENT__BODY_CLEANING_EVALUATION: return "Évaluation du nettoyage";
	case QP__EVENT__BODY_ACTION: return "Action";
	case QP__EVENT__BODY_ACTION_REVIEW: return "Analyse du tableau des actions";
	case QP__EVENT__BODY_ANNUAL_REVIEW: return "Revue annuelle";
	case QP__EVENT__BODY_VOID: return "Annulation";
	default: return "Autre";
	}
}

void
rec_words(html *h, const ledger *l, const Qp__Event *ev)
{
	char d[32], d2[32];
	const char *by = ev->author;

	switch (ev->body_case) {
	case QP__EVENT__BODY_INDICATOR: {
		const Qp__IndicatorValue *v = ev->indicator;
		html_escf(h, "Indicateur %s, période %s : %llu / %llu", v->code, v->period,
		          (unsigned long long)v->numerator, (unsigned long long)v->denominator);
		if (v->comment[0])
			html_escf(h, " (« %s »)", v->comment);
		break;
	}
	case QP__EVENT__BODY_CHECK_DEFINITION: {
		const Qp__CheckDefinition *c = ev->check_definition;
		html_escf(h, "Vérification %s définie : « %s », %s, engagement %s%s", c->id,
		          c->label, rec_periodicity_fr(c->periodicity), c->engagement,
		          c->active ? "" : ", désactivée");
		break;
	}
	case QP__EVENT__BODY_CHECK_RUN: {
		const Qp__CheckRun *r = ev->check_run;
		html_escf(h, "Vérification %s : %s, le %s", r->check_id, rec_result_fr(r->result),
		          date_fr(r->date, d));
		if (r->comment[0])
			html_escf(h, " (« %s »)", r->comment);
		break;
	}
	case QP__EVENT__BODY_CLEANING_SIGNOFF: {
		const Qp__CleaningSignoff *so = ev->cleaning_signoff;
		int64_t ms;
		if (cal_parse_datetime(so->at, &ms) == 0)
			datetime_fr(ms, d);
		else
			snprintf(d, sizeof(d), "%s", so->at);
		html_escf(h, "Nettoyage de la zone %s le %s, par %s", so->zone, d, so->cleaner);
		by = NULL;
		break;
	}
	case QP__EVENT__BODY_CLEANING_EVALUATION: {
		const Qp__CleaningEvaluation *ce = ev->cleaning_evaluation;
		html_escf(h, "Évaluation du nettoyage %s :", ce->quarter);
		for (size_t i = 0; i < ce->n_scores; i++)
			html_escf(h, "%s %s %u/100", i ? "," : "", ce->scores[i]->zone,
			          ce->scores[i]->score);
		break;
	}
	case QP__EVENT__BODY_ACTION: {
		const Qp__Action *a = ev->action;
		html_escf(h, "Action %s « %s » (%s, %s) : %s", a->id, a->title, a->engagement,
		          rec_source_fr(a->source), rec_status_fr(a->status));
		if (a->owner[0])
			html_escf(h, ", pilote %s", a->owner);
		if (a->due[0])
			html_escf(h, ", échéance %s", date_fr(a->due, d));
		if (a->note[0])
			html_escf(h, ", note « %s »", a->note);
		break;
	}
	case QP__EVENT__BODY_ACTION_REVIEW:
		html_escf(h, "Analyse du tableau des actions le %s", date_fr(ev->action_review->date, d));
		if (ev->action_review->comment[0])
			html_escf(h, " : « %s »", ev->action_review->comment);
		break;
	case QP__EVENT__BODY_ANNUAL_REVIEW: {
		const Qp__AnnualReview *r = ev->annual_review;
		html_escf(h, "Revue annuelle %u déposée (%zu caractères)", r->year, strlen(r->text));
		if (r->approved_by[0])
			html_escf(h, ", approuvée par %s le %s", r->approved_by,
			          date_fr(r->approved_on, d2));
		break;
	}
	case QP__EVENT__BODY_VOID: {
		const Qp__Event *t = l != NULL ? ledger_find(l, ev->void_->seq) : NULL;
		html_escf(h, "Annulation de l'enregistrement n° %llu",
		          (unsigned long long)ev->void_->seq);
		if (t != NULL)
			html_escf(h, " (%s)", rec_kind_fr(t));
		html_escf(h, ", motif : « %s »", ev->void_->reason);
		break;
	}
	default:
		html_esc(h, "Enregistrement illisible");
		break;
	}
	if (by != NULL)
		html_escf(h, ", par %s", by);
}

void
rec_void_effect(html *h, const Qp__Event *ev)
{
	switch (ev->body_case) {
	case QP__EVENT__BODY_INDICATOR:
		html_escf(h, "La valeur de l'indicateur %s pour %s ne comptera plus : la valeur "
		          "précédente de cette période (s'il y en a une) redevient celle qui "
		          "compte, sinon la période sera manquante.", ev->indicator->code,
		          ev->indicator->period);
		break;
	case QP__EVENT__BODY_CHECK_RUN:
		html_escf(h, "Ce passage de la vérification %s ne comptera plus : la période "
		          "qu'il couvrait peut redevenir « à faire » ou « en retard ».",
		          ev->check_run->check_id);
		break;
	case QP__EVENT__BODY_CLEANING_SIGNOFF:
		html_escf(h, "Cet émargement de la zone %s ne comptera plus dans les "
		          "émargements du jour ni dans le bilan du nettoyage.",
		          ev->cleaning_signoff->zone);
		break;
	case QP__EVENT__BODY_CLEANING_EVALUATION:
		html_escf(h, "Cette évaluation du trimestre %s ne comptera plus (la précédente "
		          "du même trimestre, s'il y en a une, redevient celle qui compte).",
		          ev->cleaning_evaluation->quarter);
		break;
	case QP__EVENT__BODY_ACTION:
		html_escf(h, "Cette version de l'action %s ne comptera plus : l'action revient "
		          "à sa version précédente, ou disparaît du tableau si c'était sa "
		          "création.", ev->action->id);
		break;
	case QP__EVENT__BODY_ACTION_REVIEW:
		html_esc(h, "Cette analyse du tableau des actions ne comptera plus pour son "
		         "trimestre.");
		break;
	case QP__EVENT__BODY_ANNUAL_REVIEW:
		html_escf(h, "Ce dépôt de la revue annuelle %u ne comptera plus (le dépôt "
		          "précédent, s'il y en a un, redevient celui qui compte).",
		          ev->annual_review->year);
		break;
	case QP__EVENT__BODY_CHECK_DEFINITION:
		html_escf(h, "Cette définition de la vérification %s ne comptera plus.",
		          ev->check_definition->id);
		break;
	default:
		html_esc(h, "Cet enregistrement ne comptera plus.");
		break;
	}
}
