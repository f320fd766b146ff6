/*
 * The web forms' records: each form's fields into its record module's
 * input (agent/records/), and the module's refusal into a sentence naming
 * the field by its label on the form.
 */
#include "web_records.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "records.h"
#include "webui.h"

/* The form's label of each record field (records.h keys). */
static const char *
field_label(const char *field)
{
	static const char *const map[][2] = {
		{ "code", "Indicateur" },
		{ "period", "Période" },
		{ "numerator", "Numérateur" },
		{ "denominator", "le dénominateur" },
		{ "comment", "Commentaire" },
		{ "id", "Identifiant" },
		{ "label", "Libellé" },
		{ "periodicity", "Périodicité" },
		{ "role", "Qui la fait" },
		{ "since", "À partir du" },
		{ "active", "Active" },
		{ "result", "Résultat" },
		{ "date", "Date" },
		{ "zone", "Zone" },
		{ "at", "Date et heure" },
		{ "cleaner", "Qui a nettoyé" },
		{ "quarter", "Trimestre" },
		{ "scores", "Notes" },
		{ "title", "Intitulé" },
		{ "engagement", "Engagement" },
		{ "source", "Origine" },
		{ "owner", "Pilote" },
		{ "due", "Échéance" },
		{ "status", "Statut" },
		{ "note", "Note" },
		{ "year", "Année" },
		{ "text", "Texte de la revue" },
		{ "approved_by", "Approuvée par" },
		{ "approved_on", "Approuvée le" },
		{ "seq", "Enregistrement" },
		{ "reason", "Motif" },
	};
	for (size_t i = 0; field != NULL && i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(field, map[i][0]) == 0)
			return map[i][1];
	return NULL;
}

static rec_ctx
ctx_of(site *s, const char *author, const form_error *err)
{
	rec_ctx c = { .site = s, .author = author, .field_name = field_label, .force = err->force };

	return c;
}

/* The module's answer into err; returns its class (0 done). */
static int
answer(int rc, const rec_error *re, const rec_result *res, uint64_t *seq, form_error *err)
{
	const char *label = field_label(re->field);
	bool force = err->force;

	memset(err, 0, sizeof(*err));
	err->force = force;
	if (rc == 0) {
		if (seq != NULL)
			*seq = res->seq;
		return 0;
	}
	err->field = re->field != NULL ? re->field : "";
	err->code = rc;
	err->remedy = re->remedy;
	snprintf(err->subject, sizeof(err->subject), "%s", re->subject);
	if (label != NULL) {
		char first[64];
		snprintf(first, sizeof(first), "%s", label);
		first[0] = (char)((first[0] >= 'a' && first[0] <= 'z') ? first[0] - 32 : first[0]);
		snprintf(err->msg, sizeof(err->msg), "%s : %s", first, re->message);
	} else {
		snprintf(err->msg, sizeof(err->msg), "%s", re->message);
	}
	return rc;
}

static const char *
opt(const char *s)
{
	return s != NULL && s[0] != '\0' ? s : NULL;
}

int
form_indicator(site *s, const char *author, const char *code, const char *period, const char *num,
               const char *den, const char *comment, uint64_t *seq, form_error *err)
{
	rec_ctx c = ctx_of(s, author, err);
	rec_indicator_in in = { code, period, num, den, comment };
	rec_error re;
	rec_result res;

	return answer(rec_indicator_write(&c, &in, &res, &re), &re, &res, seq, err);
}

int
form_check_define(site *s, const char *author, bool add, const char *id, const char *label,
                  const char *periodicity, const char *engagement, const char *role,
                  const char *since, const char *active, uint64_t *seq, form_error *err)
{
	rec_ctx c = ctx_of(s, author, err);
	rec_check_in in = { .id = id,
		            .label = label,
		            .periodicity = periodicity,
		            .engagement = engagement,
		            .role = role,
		            .since = opt(since),
		            .active = add ? NULL : opt(active) };
	rec_error re;
	rec_result res;

	return answer(add ? rec_check_add(&c, &in, &res, &re) : rec_check_set(&c, &in, &res, &re),
	              &re, &res, seq, err);
}

int
form_check_run(site *s, const char *author, const char *id, const char *result, const char *date,
               const char *comment, uint64_t *seq, form_error *err)
{
	rec_ctx c = ctx_of(s, author, err);
	rec_check_run_in in = { id, result, opt(date), comment };
	rec_error re;
	rec_result res;

	return answer(rec_check_run(&c, &in, &res, &re), &re, &res, seq, err);
}

int
form_signoff(site *s, const char *author, const char *zone_id, const char *cleaner, const char *at,
             uint64_t *seq, form_error *err)
{
	rec_ctx c = ctx_of(s, author, err);
	rec_signoff_in in = { zone_id, cleaner, NULL };
	rec_error re;
	rec_result res;
	char iso[40];

	if (opt(at) != NULL) {
		/* The form takes "JJ/MM/AAAA HH:MM": the date part as people type
		 * dates, then the module's ISO form. */
		const char *sp = strchr(at, ' ');
		char date[16];
		cal_day d;
		size_t dl = sp != NULL ? (size_t)(sp - at) : strlen(at);
		if (dl < sizeof(date) && strchr(at, 'T') == NULL) {
			memcpy(date, at, dl);
			date[dl] = '\0';
			if (cal_parse_date_typed(date, &d) == 0) {
				char day[11];
				snprintf(iso, sizeof(iso), "%sT%.8s", cal_format_date(d, day),
				         sp != NULL ? sp + 1 : "00:00");
				at = iso;
			}
		}
		in.at = at;
	}
	return answer(rec_signoff_write(&c, &in, &res, &re), &re, &res, seq, err);
}

int
form_evaluation(site *s, const char *author, const char *quarter, size_t n,
                const char *const *zone_ids, const char *const *scores, const char *comment,
                uint64_t *seq, form_error *err)
{
	rec_ctx c = ctx_of(s, author, err);
	rec_zone_score zs[REC_ZONES_MAX];
	rec_evaluation_in in = { quarter, zs, 0, comment };
	rec_error re;
	rec_result res;
	char q[16];

	/* French "T" for trimestre. */
	snprintf(q, sizeof(q), "%s", quarter);
	if (strlen(q) == 7 && (q[5] == 'T' || q[5] == 't'))
		q[5] = 'Q';
	in.quarter = q;
	for (size_t i = 0; i < n && in.n_scores < REC_ZONES_MAX; i++)
		if (opt(scores[i]) != NULL) {
			zs[in.n_scores].zone = zone_ids[i];
			zs[in.n_scores].score = scores[i];
			in.n_scores++;
		}
	return answer(rec_evaluation_write(&c, &in, &res, &re), &re, &res, seq, err);
}

int
form_action_add(site *s, const char *author, const char *title, const char *engagement,
                const char *source, const char *owner, const char *due, const char *date,
                char id_out[24], uint64_t *seq, form_error *err)
{
	rec_ctx c = ctx_of(s, author, err);
	rec_action_in in = { .title = title,
		             .engagement = engagement,
		             .source = source,
		             .owner = opt(owner),
		             .due = due != NULL ? due : "",
		             .date = opt(date) };
	rec_error re;
	rec_result res;
	int rc = answer(rec_action_add(&c, &in, &res, &re), &re, &res, seq, err);

	if (rc == 0)
		memcpy(id_out, res.id, sizeof(res.id));
	return rc;
}

int
form_action_update(site *s, const char *author, const char *id, const char *status,
                   const char *owner, const char *due, const char *note, const char *date,
                   uint64_t *seq, form_error *err)
{
	rec_ctx c = ctx_of(s, author, err);
	rec_action_in in = { .id = id,
		             .status = opt(status),
		             .owner = owner,
		             .due = due,
		             .note = note,
		             .date = opt(date) };
	rec_error re;
	rec_result res;

	return answer(rec_action_update(&c, &in, &res, &re), &re, &res, seq, err);
}

int
form_action_review(site *s, const char *author, const char *date, const char *comment,
                   uint64_t *seq, form_error *err)
{
	rec_ctx c = ctx_of(s, author, err);
	rec_action_review_in in = { opt(date), comment };
	rec_error re;
	rec_result res;

	return answer(rec_action_review(&c, &in, &res, &re), &re, &res, seq, err);
}

int
form_review(site *s, const char *author, const char *year, const char *text,
            const char *approved_by, const char *approved_on, uint64_t *seq, form_error *err)
{
	rec_ctx c = ctx_of(s, author, err);
	rec_review_in in = { year, text, text != NULL ? strlen(text) : 0, approved_by,
		             approved_on };
	rec_error re;
	rec_result res;

	return answer(rec_review_write(&c, &in, &res, &re), &re, &res, seq, err);
}

int
form_void(site *s, const char *author, const char *seq_text, const char *reason, uint64_t *seq,
          form_error *err)
{
	rec_ctx c = ctx_of(s, author, err);
	rec_void_in in = { seq_text, reason };
	rec_error re;
	rec_result res;

	return answer(rec_void_write(&c, &in, &res, &re), &re, &res, seq, err);
}

/* ------------------------------------------------------------ words */

const char *
form_result_fr(const char *r)
{
	return !strcmp(r, "ok")   ? "conforme"
	       : !strcmp(r, "ko") ? "non conforme"
	       : !strcmp(r, "na") ? "sans objet"
	                          : r;
}

const char *
form_status_fr(const char *s)
{
	return !strcmp(s, "todo")      ? "à faire"
	       : !strcmp(s, "doing")   ? "en cours"
	       : !strcmp(s, "done")    ? "réalisée"
	       : !strcmp(s, "dropped") ? "abandonnée"
	                               : s;
}

const char *
form_source_fr(const char *s)
{
	static const char *const map[][2] = {
		{ "audit-internal", "audit interne" },
		{ "audit-external", "audit externe" },
		{ "mystery-call", "appel mystère" },
		{ "mystery-visit", "visite mystère" },
		{ "satisfaction-survey", "enquête de satisfaction" },
		{ "periodic-check", "vérification périodique" },
		{ "indicator", "indicateur" },
		{ "agent-suggestion", "suggestion d'un agent" },
		{ "user-feedback", "réclamation ou proposition d'usager" },
		{ "annual-review", "revue annuelle" },
		{ "other", "autre" },
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(s, map[i][0]) == 0)
			return map[i][1];
	return s;
}

const char *
form_periodicity_fr(const char *p)
{
	static const char *const map[][2] = {
		{ "daily", "quotidienne" },
		{ "weekly", "hebdomadaire" },
		{ "monthly", "mensuelle" },
		{ "quarterly", "trimestrielle" },
		{ "semiannual", "semestrielle" },
		{ "annual", "annuelle" },
		{ "month", "mensuel" },
		{ "quarter", "trimestriel" },
		{ "year", "annuel" },
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(p, map[i][0]) == 0)
			return map[i][1];
	return p;
}

const char *
form_kind_fr(const Qp__Event *ev)
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
form_words(html *h, const ledger *l, const Qp__Event *ev)
{
	char buf[1024];

	(void)l;
	html_esc(h, rec_describe(ev, buf, sizeof(buf)));
}

void
form_void_effect(html *h, const Qp__Event *ev)
{
	switch (ev->body_case) {
	case QP__EVENT__BODY_INDICATOR:
		html_escf(h,
		          "La valeur de l'indicateur %s pour %s ne comptera plus : la valeur "
		          "précédente de cette période (s'il y en a une) redevient celle qui "
		          "compte, sinon la période sera manquante.",
		          ev->indicator->code, ev->indicator->period);
		break;
	case QP__EVENT__BODY_CHECK_RUN:
		html_escf(h,
		          "Ce passage de la vérification %s ne comptera plus : la période "
		          "qu'il couvrait peut redevenir « à faire » ou « en retard ».",
		          ev->check_run->check_id);
		break;
	case QP__EVENT__BODY_CLEANING_SIGNOFF:
		html_escf(h,
		          "Cet émargement de la zone %s ne comptera plus dans les "
		          "émargements du jour ni dans le bilan du nettoyage.",
		          ev->cleaning_signoff->zone);
		break;
	case QP__EVENT__BODY_CLEANING_EVALUATION:
		html_escf(h,
		          "Cette évaluation du trimestre %s ne comptera plus (la précédente "
		          "du même trimestre, s'il y en a une, redevient celle qui compte).",
		          ev->cleaning_evaluation->quarter);
		break;
	case QP__EVENT__BODY_ACTION:
		html_escf(h,
		          "Cette version de l'action %s ne comptera plus : l'action revient "
		          "à sa version précédente, ou disparaît du tableau si c'était sa "
		          "création.",
		          ev->action->id);
		break;
	case QP__EVENT__BODY_ACTION_REVIEW:
		html_esc(h, "Cette analyse du tableau des actions ne comptera plus pour son "
		            "trimestre.");
		break;
	case QP__EVENT__BODY_ANNUAL_REVIEW:
		html_escf(h,
		          "Ce dépôt de la revue annuelle %u ne comptera plus (le dépôt "
		          "précédent, s'il y en a un, redevient celui qui compte).",
		          ev->annual_review->year);
		break;
	case QP__EVENT__BODY_CHECK_DEFINITION:
		html_escf(h, "Cette définition de la vérification %s ne comptera plus.",
		          ev->check_definition->id);
		break;
	default: html_esc(h, "Cet enregistrement ne comptera plus."); break;
	}
}
