/*
 * The agent's web pages (SPEC §12): server-rendered forms that work with
 * JavaScript off. Every record goes through web_records.h; the pages only
 * read the form, call, and show the result.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "calendar.h"
#include "codec.h"
#include "domain.h"
#include "page.h"
#include "qr.h"
#include "records.h"
#include "users.h"
#include "web_records.h"
#include "webui.h"

#define HISTORY_PAGE 100

static void
recorded_msg(page *p, const char *path, const char *msg)
{
	html q;
	char *enc;

	html_init(&q);
	html_url(&q, msg);
	enc = html_take(&q, NULL);
	web_redirect(p->resp, "%s?ok=%s", path, enc ? enc : "");
	free(enc);
}

/* Redirects to `path` with the message "what (n° seq)." shown there. */
static void
recorded(page *p, const char *path, const char *what, uint64_t seq)
{
	char msg[300];

	snprintf(msg, sizeof(msg), "%s (n° %llu).", what, (unsigned long long)seq);
	recorded_msg(p, path, msg);
}

static void
input(page *p, const char *type, const char *name, const char *label, const char *value,
      const char *extra)
{
	html_rawf(p->h, "<label for=\"%s\">", name);
	html_esc(p->h, label);
	html_rawf(p->h, "</label><input type=\"%s\" id=\"%s\" name=\"%s\" value=\"", type, name,
	          name);
	html_esc(p->h, value);
	html_rawf(p->h, "\"%s%s>", extra ? " " : "", extra ? extra : "");
}

/* The person confirmed an implausible record ("Enregistrer quand même"). */
static bool
forced(page *p)
{
	return web_is_post(p->r) && strcmp(param(p, "forcer"), "1") == 0;
}

/*
 * The module's reason, and where on these pages the person can act on it
 * (the command line names its commands instead).
 */
static void
remedy_banner(page *p, const form_error *err)
{
	if (err->remedy == REC_REMEDY_NONE) {
		page_error(p, err->msg);
		return;
	}
	html_raw(p->h, "<p class=\"msg bad\" role=\"alert\">");
	html_esc(p->h, err->msg);
	html_raw(p->h, ". ");
	switch (err->remedy) {
	case REC_SEE_ACTIONS:
		html_raw(p->h, "<a href=\"/actions\">Voir les actions du site</a>");
		break;
	case REC_SEE_CHECKS:
		html_raw(p->h, "<a href=\"/verifications\">Voir les vérifications du site</a>");
		break;
	case REC_REACTIVATE_CHECK:
		if (p->roles & R_RAQN) {
			html_raw(p->h, "Réactivez-la dans <a href=\"/verifications/definir?id=");
			html_esc(p->h, err->subject);
			html_raw(p->h, "\">Définir les vérifications</a> (Active : oui).");
		} else {
			html_raw(p->h, "Le référent qualité (RAQN) peut la réactiver dans "
			               "« Définir les vérifications ».");
		}
		break;
	default: break;
	}
	html_raw(p->h, "</p>");
}

/*
 * The refusal; for an implausible record (a date in the future, 0/0...),
 * the reason and a confirmation that sends the same form again with
 * "forcer" (and a fresh CSRF field): the event then keeps `forced`.
 */
static void
fail_banner(page *p, const form_error *err)
{
	const char *name, *value;

	p->resp->status = 422;
	if (err->code != REC_IMPLAUSIBLE) {
		remedy_banner(p, err);
		return;
	}
	html_raw(p->h, "<div class=\"error confirm\" role=\"alert\"><p>");
	html_esc(p->h, err->msg);
	html_raw(p->h, "</p><p>Vérifiez la saisie ci-dessous. Si elle est juste, "
	               "enregistrez-la quand même : l'enregistrement gardera la mention "
	               "« enregistré malgré l'avertissement ».</p>");
	form_begin(p, web_path(p->r), "inline");
	for (size_t i = 0; web_field(p->r, i, &name, &value); i++) {
		if (strcmp(name, "csrf") == 0 || strcmp(name, "forcer") == 0)
			continue;
		html_raw(p->h, "<input type=\"hidden\" name=\"");
		html_esc(p->h, name);
		html_raw(p->h, "\" value=\"");
		html_esc(p->h, value);
		html_raw(p->h, "\">");
	}
	html_raw(p->h, "<input type=\"hidden\" name=\"forcer\" value=\"1\">"
	               "<button type=\"submit\" id=\"forcer\">Enregistrer quand même</button>"
	               "</form></div>");
}

static cal_day
today_day(void)
{
	return cal_paris_day(site_now_ms());
}

/* ================================================================ the day */

struct due_count {
	unsigned overdue, now;
	cal_day today;
	cal_day now_last; /* last day of the current window not yet run */
};

static void
count_window(cal_day first, cal_day last, unsigned runs, void *arg)
{
	struct due_count *c = arg;

	if (runs > 0)
		return;
	if (last < c->today)
		c->overdue++;
	else if (first <= c->today) {
		c->now++;
		c->now_last = last;
	}
}

/* "à faire aujourd'hui", "à faire cette semaine", "à faire d'ici le ...". */
static void
due_words(page *p, const struct due_count *dc)
{
	char d[32], iso[11];

	if (dc->overdue) {
		html_rawf(p->h, "<span class=\"ko\">en retard (%u période%s)</span>", dc->overdue,
		          dc->overdue > 1 ? "s" : "");
	} else if (!dc->now) {
		html_raw(p->h, "<span class=\"ok\">à jour</span>");
	} else if (dc->now_last <= dc->today) {
		html_raw(p->h, "<span class=\"warn\">à faire aujourd'hui</span>");
	} else if (dc->now_last <= dc->today + (7 - cal_weekday(dc->today))) {
		html_raw(p->h, "<span class=\"warn\">à faire cette semaine</span>");
	} else {
		cal_format_date(dc->now_last, iso);
		html_rawf(p->h, "à faire d'ici le %s", date_fr(iso, d));
	}
}

static void
check_due(ledger *l, const Qp__Event *def, struct due_count *c)
{
	int y, m, d;
	cal_day t = today_day();

	memset(c, 0, sizeof(*c));
	c->today = t;
	cal_to_ymd(t, &y, &m, &d);
	if (ledger_check_windows(l, def, y, cal_from_ymd(y, 12, 31), count_window, c) != 0)
		memset(c, 0, sizeof(*c));
}

static bool
action_overdue(const Qp__Action *a, const char *today_iso)
{
	return (strcmp(a->status, "todo") == 0 || strcmp(a->status, "doing") == 0) &&
	       a->due[0] != '\0' && strcmp(a->due, today_iso) < 0;
}

static char *
last_month(char buf[16])
{
	int y, m, d;

	cal_to_ymd(today_day(), &y, &m, &d);
	if (--m == 0) {
		m = 12;
		y--;
	}
	snprintf(buf, 16, "%04d-%02d", y % 10000, m % 100);
	return buf;
}

static bool
has_value(ledger *l, const char *code, const char *period)
{
	const Qp__Event *const *v;
	size_t n = ledger_view(l, LEDGER_INDICATORS, &v);

	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i]->indicator->code, code) &&
		    !strcmp(v[i]->indicator->period, period))
			return true;
	return false;
}

/* Sign-offs of `zone` on `day` (non-voided). */
static size_t
signoffs_on(ledger *l, const char *zid, cal_day day, const Qp__Event **last)
{
	const Qp__Event *const *v;
	size_t n = ledger_view(l, LEDGER_SIGNOFFS, &v), count = 0;
	char iso[11];

	cal_format_date(day, iso);
	*last = NULL;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i]->cleaning_signoff->zone, zid) &&
		    !strcmp(v[i]->business_date, iso)) {
			count++;
			*last = v[i];
		}
	return count;
}

static void
link_state(page *p)
{
	store_txn *txn = NULL;
	store_val lv;
	uint64_t next = 0, acked = 0;
	char link[128] = "";
	const char *reason;

	if (store_read(p->a->s->st, &txn) != 0)
		return;
	(void)site_meta_get(txn, META_NEXT_SEQ, &next);
	(void)site_meta_get(txn, META_ACKED, &acked);
	if (store_get(txn, T_META, "link", 4, &lv) == 0)
		snprintf(link, sizeof(link), "%.*s", (int)(lv.len < 127 ? lv.len : 127),
		         (const char *)lv.data);
	store_txn_end(&txn);
	html_raw(p->h, "<div class=\"card\"><h2>Liaison avec le centre</h2><p>");
	if (strcmp(link, "connected") == 0) {
		html_raw(p->h, "<span class=\"ok\">Connecté</span>");
	} else if ((reason = agent_link_refusal(link)) != NULL) {
		/* The centre refuses the site: the network will not mend it. */
		html_raw(p->h, "<span class=\"warn\">Refusée par le centre</span> : ");
		html_esc(p->h, cli_pgettext("refusal", reason));
		html_raw(p->h, ". Les enregistrements attendent ; prévenez le service qualité "
		               "du centre.");
	} else {
		html_raw(p->h, "<span class=\"warn\">Hors ligne</span> : les enregistrements "
		               "attendent et partiront au retour du réseau");
	}
	html_raw(p->h, "</p><p>");
	if (next > acked + 1)
		html_rawf(p->h, "%llu enregistrement(s) en attente d'envoi.",
		          (unsigned long long)(next - 1 - acked));
	else
		html_raw(p->h, "Tout est transmis au centre.");
	html_raw(p->h, "</p></div>");
}

void
page_day(page *p)
{
	ledger *l = web_ledger(p->a);
	Qp__CentralState *cs = web_central(p->a);
	const Qp__Event *const *v;
	char t[11], d[32], lm[16];
	size_t n;
	unsigned shown;

	today(t);
	page_begin(p, "Aujourd'hui", "/");
	html_rawf(p->h, "<h1>Aujourd'hui, %s</h1>", date_fr(t, d));
	page_flash(p);
	if (l == NULL) {
		page_error(p, "Les enregistrements du site sont illisibles.");
		goto out;
	}
	html_raw(p->h, "<div class=\"cards\">");
	/* Toilets. */
	html_raw(p->h, "<div class=\"card\"><h2>Sanitaires émargés aujourd'hui</h2><ul>");
	shown = 0;
	for (size_t i = 0; i < p->a->zs.n; i++) {
		const zone *z = &p->a->zs.z[i];
		const Qp__Event *last;
		if (!z->toilet)
			continue;
		shown++;
		size_t c = signoffs_on(l, z->id, today_day(), &last);
		html_raw(p->h, "<li>");
		html_esc(p->h, z->label);
		if (c > 0) {
			int64_t ms;
			html_rawf(p->h, " : <span class=\"ok\">%zu émargement(s)</span>", c);
			if (cal_parse_datetime(last->cleaning_signoff->at, &ms) == 0)
				html_escf(p->h, ", dernier à %s par %s", web_time_fr(ms, d),
				          last->cleaning_signoff->cleaner);
		} else {
			html_raw(p->h, " : <span class=\"ko\">pas encore émargé</span>");
		}
		html_raw(p->h, "</li>");
	}
	if (shown == 0)
		html_raw(p->h, "<li class=\"muted\">Aucune zone sanitaire déclarée.</li>");
	html_raw(p->h, "</ul></div>");
	/* Checks. */
	html_raw(p->h, "<div class=\"card\"><h2>Vérifications</h2><ul>");
	n = ledger_view(l, LEDGER_CHECKS, &v);
	shown = 0;
	for (size_t i = 0; i < n; i++) {
		const Qp__CheckDefinition *c = v[i]->check_definition;
		struct due_count dc;
		if (!c->active)
			continue;
		check_due(l, v[i], &dc);
		if (dc.overdue == 0 && dc.now == 0)
			continue;
		shown++;
		html_raw(p->h, "<li>");
		html_esc(p->h, c->label);
		html_raw(p->h, " : ");
		due_words(p, &dc);
		html_raw(p->h, "</li>");
	}
	if (shown == 0)
		html_raw(p->h, "<li class=\"ok\">Rien à faire pour le moment.</li>");
	html_raw(p->h, "</ul><p><a href=\"/verifications\">Voir les vérifications</a></p></div>");
	/* Actions. */
	html_raw(p->h, "<div class=\"card\"><h2>Actions en retard</h2><ul>");
	n = ledger_view(l, LEDGER_ACTIONS, &v);
	shown = 0;
	for (size_t i = 0; i < n; i++) {
		const Qp__Action *a = v[i]->action;
		if (!action_overdue(a, t))
			continue;
		shown++;
		html_raw(p->h, "<li>");
		html_escf(p->h, "%s « %s », échéance %s", a->id, a->title, date_fr(a->due, d));
		html_raw(p->h, "</li>");
	}
	if (shown == 0)
		html_raw(p->h, "<li class=\"ok\">Aucune action en retard.</li>");
	html_raw(p->h, "</ul></div>");
	/* Indicators. */
	html_rawf(p->h, "<div class=\"card\"><h2>Indicateurs manquants pour %s</h2><ul>",
	          last_month(lm));
	shown = 0;
	for (size_t i = 0; cs != NULL && i < cs->n_catalogue; i++) {
		const Qp__CatalogueEntry *e = cs->catalogue[i];
		if (strcmp(e->periodicity, "month") != 0 || has_value(l, e->code, lm))
			continue;
		shown++;
		html_raw(p->h, "<li>");
		html_esc(p->h, e->code);
		html_raw(p->h, "</li>");
	}
	if (shown == 0)
		html_raw(p->h, "<li class=\"ok\">Tous saisis.</li>");
	html_raw(p->h, "</ul><p><a href=\"/indicateurs\">Saisir un indicateur</a></p></div>");
	link_state(p);
	html_raw(p->h, "</div>");
out:
	codec_free((ProtobufCMessage **)&cs);
	page_end(p);
}

/* ================================================================ indicators */

void
page_indicators(page *p)
{
	ledger *l = web_ledger(p->a);
	Qp__CentralState *cs = web_central(p->a);
	const Qp__Event *const *v;
	form_error err = { .force = forced(p) };
	bool failed = false;
	char lm[16], rate[32], tg[32];
	int y, m, d;
	size_t n;
	bool can_write = (p->roles & (R_RAQN | R_ACCUEIL)) != 0;

	if (web_is_post(p->r)) {
		uint64_t seq;
		if (form_indicator(p->a->s, p->user, param(p, "code"), param(p, "periode"),
		                   param(p, "numerateur"), param(p, "denominateur"),
		                   param(p, "commentaire"), &seq, &err) == 0) {
			recorded(p, "/indicateurs", "Indicateur enregistré", seq);
			codec_free((ProtobufCMessage **)&cs);
			return;
		}
		failed = true;
	}
	page_begin(p, "Indicateurs", "/indicateurs");
	html_raw(p->h, "<h1>Indicateurs</h1>");
	page_flash(p);
	if (failed)
		fail_banner(p, &err);
	if (l == NULL || cs == NULL) {
		page_error(p, "Le catalogue ou les enregistrements sont illisibles.");
		goto out;
	}
	cal_to_ymd(today_day(), &y, &m, &d);
	last_month(lm);
	if (can_write) {
		const char *code = param(p, "code");
		html_raw(p->h, "<h2>Saisir une valeur</h2>");
		form_begin(p, "/indicateurs", "stack");
		html_raw(
		        p->h,
		        "<label for=\"code\">Indicateur</label><select id=\"code\" name=\"code\">");
		for (size_t i = 0; i < cs->n_catalogue; i++) {
			const Qp__CatalogueEntry *e = cs->catalogue[i];
			html_raw(p->h, "<option value=\"");
			html_esc(p->h, e->code);
			html_raw(p->h, strcmp(code, e->code) == 0 ? "\" selected>" : "\">");
			html_escf(p->h, "%s — %s", e->code, e->label);
			html_raw(p->h, "</option>");
		}
		html_raw(p->h, "</select>");
		input(p, "text", "periode", "Période (AAAA-MM, AAAA-Qn ou AAAA)",
		      failed || web_param(p->r, "periode") ? param(p, "periode") : lm, "required");
		/* "Corriger" from the history: the value in force, to change. */
		char num[24] = "", den[24] = "";
		const char *comment = param(p, "commentaire");
		if (!failed && web_param(p->r, "periode") != NULL) {
			const Qp__Event *const *iv;
			size_t ni = ledger_view(l, LEDGER_INDICATORS, &iv);
			for (size_t i = 0; i < ni; i++)
				if (!strcmp(iv[i]->indicator->code, code) &&
				    !strcmp(iv[i]->indicator->period, param(p, "periode"))) {
					snprintf(num, sizeof(num), "%llu",
					         (unsigned long long)iv[i]->indicator->numerator);
					snprintf(den, sizeof(den), "%llu",
					         (unsigned long long)iv[i]->indicator->denominator);
					comment = iv[i]->indicator->comment;
				}
		}
		input(p, "text", "numerateur", "Numérateur (dans le délai, satisfaits…)",
		      num[0] ? num : param(p, "numerateur"), "inputmode=\"numeric\" required");
		input(p, "text", "denominateur", "Dénominateur (total)",
		      den[0] ? den : param(p, "denominateur"), "inputmode=\"numeric\" required");
		input(p, "text", "commentaire", "Commentaire (facultatif)", comment, NULL);
		html_raw(p->h, "<button type=\"submit\">Enregistrer</button></form>");
	}
	html_rawf(p->h,
	          "<h2>Taux %d par rapport aux cibles</h2><table><thead><tr><th>Code</th>"
	          "<th>Mesure</th><th>Période</th><th>Cible</th><th>Cumul %d</th>"
	          "<th>Taux</th><th>%s</th></tr></thead><tbody>",
	          y, y, lm);
	n = ledger_view(l, LEDGER_INDICATORS, &v);
	for (size_t i = 0; i < cs->n_catalogue; i++) {
		const Qp__CatalogueEntry *e = cs->catalogue[i];
		uint64_t num = 0, den = 0;
		char year[8];
		snprintf(year, sizeof(year), "%04d", y);
		for (size_t j = 0; j < n; j++)
			if (!strcmp(v[j]->indicator->code, e->code) &&
			    !strncmp(v[j]->indicator->period, year, 4)) {
				num += v[j]->indicator->numerator;
				den += v[j]->indicator->denominator;
			}
		bool met = den > 0 && (double)num / (double)den >= e->target;
		html_raw(p->h, "<tr><td>");
		html_esc(p->h, e->code);
		html_raw(p->h, "</td><td>");
		html_esc(p->h, e->label);
		html_raw(p->h, "</td><td>");
		html_esc(p->h, form_periodicity_fr(e->periodicity));
		html_rawf(p->h,
		          "</td><td class=\"num\">%s</td><td class=\"num\">%llu / %llu</td>"
		          "<td class=\"num %s\">%s</td><td>",
		          target_fr(e->target, tg, sizeof(tg)), (unsigned long long)num,
		          (unsigned long long)den,
		          den == 0 ? ""
		          : met    ? "ok"
		                   : "ko",
		          rate_fr(num, den, rate, sizeof(rate)));
		if (strcmp(e->periodicity, "month") != 0)
			html_raw(p->h, "<span class=\"muted\">—</span>");
		else if (has_value(l, e->code, lm))
			html_raw(p->h, "<span class=\"ok\">saisi</span>");
		else
			html_raw(p->h, "<span class=\"ko\">manquant</span>");
		html_raw(p->h, "</td></tr>");
	}
	html_raw(p->h, "</tbody></table>");
out:
	codec_free((ProtobufCMessage **)&cs);
	page_end(p);
}

/* ================================================================ checks */

void
page_checks(page *p)
{
	ledger *l = web_ledger(p->a);
	const Qp__Event *const *v;
	form_error err = { .force = forced(p) };
	bool failed = false, can_write = (p->roles & (R_RAQN | R_ACCUEIL)) != 0;
	char t[11], d[32];
	size_t n;

	if (web_is_post(p->r) && l != NULL) {
		const char *id = param(p, "verification"), *result = param(p, "resultat");
		const Qp__Event *def = ledger_check(l, id);
		bool open_action = strcmp(param(p, "ouvrir_action"), "oui") == 0;
		if (strcmp(result, "ko-action") == 0) {
			result = "ko";
			open_action = true;
		}
		uint64_t seq;
		char msg[1400], aid[24] = "";
		if (form_check_run(p->a->s, p->user, id, result, param(p, "date"),
		                   param(p, "commentaire"), &seq, &err) == 0) {
			snprintf(msg, sizeof(msg), "Vérification enregistrée (n° %llu).",
			         (unsigned long long)seq);
			if (strcmp(result, "ko") == 0 && open_action && def != NULL) {
				char title[300];
				const char *typed = param(p, "action_titre");
				uint64_t aseq;
				snprintf(title, sizeof(title), "%s", typed[0] ? typed : "");
				if (title[0] == '\0')
					snprintf(title, sizeof(title), "Non-conformité : %s",
					         def->check_definition->label);
				if (form_action_add(p->a->s, p->user, title,
				                    def->check_definition->engagement,
				                    "periodic-check", param(p, "action_pilote"),
				                    param(p, "action_echeance"), param(p, "date"),
				                    aid, &aseq, &err) == 0)
					snprintf(msg + strlen(msg), sizeof(msg) - strlen(msg),
					         " Action corrective %s ouverte.", aid);
				else
					snprintf(msg + strlen(msg), sizeof(msg) - strlen(msg),
					         " L'action corrective n'a pas été ouverte : %s",
					         err.msg);
			}
			recorded_msg(p, "/verifications", msg);
			return;
		}
		failed = true;
	}
	today(t);
	page_begin(p, "Vérifications", "/verifications");
	html_raw(p->h, "<h1>Vérifications périodiques</h1>");
	page_flash(p);
	if (failed)
		fail_banner(p, &err);
	if (l == NULL) {
		page_error(p, "Les enregistrements du site sont illisibles.");
		page_end(p);
		return;
	}
	if (p->roles & R_RAQN)
		html_raw(p->h, "<p><a href=\"/verifications/definir\">Ajouter ou modifier une "
		               "vérification</a></p>");
	html_raw(p->h, "<p class=\"muted\">Une vérification non conforme appelle une action "
	               "corrective : « Non conforme : ouvrir l'action corrective en même temps » "
	               "l'enregistre et l'ouvre d'un seul geste.</p>");
	n = ledger_view(l, LEDGER_CHECKS, &v);
	html_raw(p->h, "<table><thead><tr><th>Vérification</th><th>Périodicité</th>"
	               "<th>État</th><th>Enregistrer</th></tr></thead><tbody>");
	/* Overdue first, then due now, then up to date. */
	for (int pass = 0; pass < 3; pass++)
		for (size_t i = 0; i < n; i++) {
			const Qp__CheckDefinition *c = v[i]->check_definition;
			struct due_count dc;
			if (!c->active)
				continue;
			check_due(l, v[i], &dc);
			if ((dc.overdue ? 0 : dc.now ? 1 : 2) != pass)
				continue;
			html_rawf(p->h, "<tr id=\"v-%s\"><td><strong>", c->id);
			html_esc(p->h, c->label);
			html_raw(p->h, "</strong><br><span class=\"muted\">");
			html_escf(p->h, "%s · %s", c->id, c->engagement);
			html_raw(p->h, "</span></td><td>");
			html_esc(p->h, form_periodicity_fr(c->periodicity));
			html_raw(p->h, "</td><td>");
			due_words(p, &dc);
			html_raw(p->h, "</td><td>");
			if (can_write) {
				form_begin(p, "/verifications", "run");
				html_rawf(p->h,
				          "<input type=\"hidden\" name=\"verification\" "
				          "value=\"%s\">",
				          c->id);
				html_rawf(p->h,
				          "<div class=\"row\"><div><label for=\"d-%s\">Date</label>"
				          "<input type=\"text\" id=\"d-%s\" name=\"date\" "
				          "size=\"10\" "
				          "value=\"%s\"></div>",
				          c->id, c->id, date_fr(t, d));
				html_rawf(p->h,
				          "<div class=\"grow\"><label "
				          "for=\"c-%s\">Commentaire</label>"
				          "<input type=\"text\" id=\"c-%s\" "
				          "name=\"commentaire\"></div></div>",
				          c->id, c->id);
				html_raw(p->h,
				         "<button type=\"submit\" name=\"resultat\" value=\"ok\" "
				         "class=\"ok\">Conforme</button> <button type=\"submit\" "
				         "name=\"resultat\" value=\"ko\" class=\"ko\">Non "
				         "conforme</button> "
				         "<button type=\"submit\" name=\"resultat\" value=\"na\" "
				         "class=\"na\">Sans objet</button>");
				/* <details> opens without JavaScript. */
				html_raw(p->h, "<details><summary>Non conforme : ouvrir l'action "
				               "corrective en "
				               "même temps</summary><input type=\"text\" "
				               "name=\"action_titre\" "
				               "aria-label=\"Intitulé de l'action\" "
				               "placeholder=\"Intitulé de "
				               "l'action (facultatif)\"><button type=\"submit\" "
				               "name=\"resultat\" "
				               "value=\"ko-action\" class=\"ko\">Non conforme et "
				               "ouvrir l'action"
				               "</button></details></form>");
			}
			html_raw(p->h, "</td></tr>");
		}
	html_raw(p->h, "</tbody></table>");
	page_end(p);
}

/* ================================================================ cleaning */

void
page_cleaning(page *p)
{
	ledger *l = web_ledger(p->a);
	form_error err = { .force = forced(p) };
	bool failed = false, zone_refused = false;
	const zones *zs = &p->a->zs;
	char t[11], d[32], q[16];
	int y, m, dd;

	if (web_is_post(p->r)) {
		uint64_t seq;
		if (strcmp(param(p, "formulaire"), "evaluation") == 0) {
			const char *zn[ZONES_MAX], *sc[ZONES_MAX];
			char names[ZONES_MAX][48];
			for (size_t i = 0; i < zs->n; i++) {
				snprintf(names[i], sizeof(names[i]), "note_%s", zs->z[i].id);
				zn[i] = zs->z[i].id;
				sc[i] = param(p, names[i]);
			}
			if (form_evaluation(p->a->s, p->user, param(p, "trimestre"), zs->n, zn, sc,
			                    param(p, "commentaire"), &seq, &err) == 0) {
				recorded(p, "/nettoyage", "Évaluation enregistrée", seq);
				return;
			}
		} else {
			/* The zone is the record module's rule (one of the site's
			 * zones, zones.ini read now): its refusal is shown on the
			 * list below. */
			if (form_signoff(p->a->s, p->user, param(p, "zone"), param(p, "agent"),
			                 param(p, "heure"), &seq, &err) == 0) {
				recorded(p, "/nettoyage", "Émargement enregistré", seq);
				return;
			}
			zone_refused = strcmp(err.field, "zone") == 0;
		}
		failed = true;
	}
	today(t);
	cal_to_ymd(today_day(), &y, &m, &dd);
	snprintf(q, sizeof(q), "%04d-Q%d", y % 10000, ((m - 1) / 3) % 4 + 1);
	page_begin(p, "Nettoyage", "/nettoyage");
	html_raw(p->h, "<h1>Nettoyage</h1>");
	page_flash(p);
	if (failed)
		fail_banner(p, &err);
	if (l == NULL) {
		page_error(p, "Les enregistrements du site sont illisibles.");
		page_end(p);
		return;
	}
	html_rawf(p->h,
	          "<h2>Émargements du %s par zone</h2><table><thead><tr><th>Zone</th>"
	          "<th>Sanitaire</th><th>Émargements</th></tr></thead><tbody>",
	          date_fr(t, d));
	for (size_t i = 0; i < zs->n; i++) {
		const zone *z = &zs->z[i];
		const Qp__Event *const *v;
		size_t n = ledger_view(l, LEDGER_SIGNOFFS, &v), c = 0;
		html_raw(p->h, "<tr><td>");
		html_esc(p->h, z->label);
		html_rawf(p->h, "</td><td>%s</td><td>", z->toilet ? "oui" : "non");
		for (size_t j = 0; j < n; j++) {
			const Qp__CleaningSignoff *so = v[j]->cleaning_signoff;
			int64_t ms;
			if (strcmp(so->zone, z->id) != 0 || strcmp(v[j]->business_date, t) != 0)
				continue;
			if (cal_parse_datetime(so->at, &ms) != 0)
				continue;
			html_escf(p->h, "%s%s %s", c++ ? " · " : "", web_time_fr(ms, d),
			          so->cleaner);
		}
		if (c == 0)
			html_raw(p->h, z->toilet ? "<span class=\"ko\">aucun</span>"
			                         : "<span class=\"muted\">aucun</span>");
		html_raw(p->h, "</td></tr>");
	}
	html_raw(p->h, "</tbody></table><p><a class=\"button\" href=\"/nettoyage/fiche\">"
	               "Fiche des QR codes à afficher (A4)</a></p>");
	if (p->roles & R_RAQN) {
		html_raw(p->h, "<h2>Saisir un émargement</h2>");
		form_begin(p, "/nettoyage", "stack");
		html_raw(p->h, "<input type=\"hidden\" name=\"formulaire\" value=\"emargement\">"
		               "<label for=\"zone\">Zone</label><select id=\"zone\" name=\"zone\"");
		if (zone_refused)
			html_raw(p->h, " aria-invalid=\"true\" aria-describedby=\"zone-refus\"");
		html_raw(p->h, ">");
		for (size_t i = 0; i < zs->n; i++) {
			html_raw(p->h, "<option value=\"");
			html_esc(p->h, zs->z[i].id);
			html_raw(p->h, "\"");
			if (failed && strcmp(param(p, "zone"), zs->z[i].id) == 0)
				html_raw(p->h, " selected");
			html_raw(p->h, ">");
			html_esc(p->h, zs->z[i].label);
			html_raw(p->h, "</option>");
		}
		html_raw(p->h, "</select>");
		if (zone_refused) {
			/* The module's words, beside the list they are about. */
			html_raw(p->h, "<p class=\"field-error\" id=\"zone-refus\">");
			html_esc(p->h, err.msg);
			html_raw(p->h, "</p>");
		}
		input(p, "text", "agent", "Qui a nettoyé (nom ou société)", param(p, "agent"),
		      "required");
		input(p, "text", "heure", "Date et heure (JJ/MM/AAAA HH:MM ; vide : maintenant)",
		      param(p, "heure"), NULL);
		html_raw(p->h, "<button type=\"submit\">Enregistrer l'émargement</button></form>");
		html_raw(p->h, "<h2>Évaluation trimestrielle</h2>");
		form_begin(p, "/nettoyage", "stack");
		html_raw(p->h, "<input type=\"hidden\" name=\"formulaire\" value=\"evaluation\">");
		input(p, "text", "trimestre", "Trimestre (AAAA-Tn)", q, "required");
		for (size_t i = 0; i < zs->n; i++) {
			char name[48], label[128];
			snprintf(name, sizeof(name), "note_%s", zs->z[i].id);
			snprintf(label, sizeof(label), "Note de la zone « %s » (0 à 100)",
			         zs->z[i].label);
			input(p, "text", name, label, param(p, name), "inputmode=\"numeric\"");
		}
		input(p, "text", "commentaire", "Commentaire", param(p, "commentaire"), NULL);
		html_raw(p->h, "<button type=\"submit\">Enregistrer l'évaluation</button></form>");
	}
	page_end(p);
}

static void
base_url(page *p, char *buf, size_t len)
{
	const char *host = web_header(p->r, "Host");
	bool ok = host != NULL && host[0] != '\0' && strlen(host) < 200 &&
	          strpbrk(host, "\"<> /\\") == NULL;

	snprintf(buf, len, "%s://%s", web_server_tls(p->a->srv) ? "https" : "http",
	         ok ? host : "127.0.0.1");
}

void
page_zone_sheet(page *p)
{
	char base[256], url[512], place[SITE_NAME_MAX * 4 + 64];

	base_url(p, base, sizeof(base));
	page_begin(p, "Fiche d'émargement", "/nettoyage");
	html_raw(p->h, "<h1>Émargement du nettoyage — ");
	html_esc(p->h, site_place(&p->a->s->cfg, place, sizeof(place)));
	html_raw(p->h, "</h1><p>Agent d'entretien : scannez le code de la zone que vous venez "
	               "de nettoyer, choisissez votre nom et tapez votre code PIN.</p>"
	               "<div class=\"sheet\">");
	for (size_t i = 0; i < p->a->zs.n; i++) {
		const zone *z = &p->a->zs.z[i];
		snprintf(url, sizeof(url), "%s/nettoyage/zone/%s", base, z->id);
		html_raw(p->h, "<div class=\"qr\">");
		(void)qr_svg(p->h, url, z->label);
		html_raw(p->h, "<div class=\"zone\">");
		html_esc(p->h, z->label);
		html_raw(p->h, "</div><div class=\"url\">");
		html_esc(p->h, url);
		html_raw(p->h, "</div></div>");
	}
	html_raw(p->h, "</div>");
	page_end(p);
}

static void
zone_form(page *p, const zone *z, const char *error, const char *done)
{
	user_info *list = NULL;
	size_t n = 0;
	char path[80];

	snprintf(path, sizeof(path), "/nettoyage/zone/%s", z->id);
	page_begin(p, z->label, NULL);
	html_raw(p->h, "<h1>");
	html_esc(p->h, z->label);
	html_raw(p->h, "</h1>");
	if (done != NULL) {
		html_raw(p->h, "<p class=\"msg good\" role=\"status\">");
		html_esc(p->h, done);
		html_raw(p->h, "</p>");
	}
	if (error != NULL)
		page_error(p, error);
	(void)accounts_list(&p->a->acc, "entretien", &list, &n);
	if (n == 0) {
		html_raw(p->h, "<p>Aucun agent d'entretien n'a de compte : le RAQN en crée un "
		               "avec <code>qp-agent user add</code>.</p>");
		page_end(p);
		free(list);
		return;
	}
	form_begin(p, path, "stack");
	html_raw(p->h, "<fieldset><legend>Votre nom</legend><div class=\"names\">");
	for (size_t i = 0; i < n; i++) {
		html_rawf(p->h, "<label><input type=\"radio\" name=\"agent\" required value=\"");
		html_esc(p->h, list[i].name);
		html_raw(p->h,
		         strcmp(param(p, "agent"), list[i].name) == 0 ? "\" checked> " : "\"> ");
		html_esc(p->h, list[i].name);
		html_raw(p->h, "</label>");
	}
	html_raw(p->h,
	         "</div></fieldset><label for=\"pin\">Code PIN</label>"
	         "<input class=\"pin\" type=\"password\" id=\"pin\" name=\"pin\" "
	         "inputmode=\"numeric\" autocomplete=\"off\" pattern=\"[0-9]{4,8}\" required>"
	         "<button type=\"submit\" name=\"quoi\" value=\"emargement\">J'ai nettoyé "
	         "cette zone</button>"
	         "<label for=\"anomalie\">Une anomalie ? (savon manquant, verrou cassé, "
	         "WC bouché…)</label><textarea id=\"anomalie\" name=\"anomalie\" "
	         "rows=\"2\"></textarea><button type=\"submit\" name=\"quoi\" "
	         "value=\"anomalie\" class=\"secondary\">Signaler l'anomalie</button></form>");
	free(list);
	page_end(p);
}

void
page_zone(page *p, const char *zone_id)
{
	const zone *z = zones_find(&p->a->zs, zone_id);
	const char *name = param(p, "agent");
	enum web_secret v;
	user_info u;
	form_error err = { 0 }; /* no "record anyway" at the zone: a double
	                           tap is what the same-minute rule stops */
	char msg[400], d[32];
	uint64_t seq;
	int wait;

	if (z == NULL) {
		page_not_found(p);
		return;
	}
	if (!web_is_post(p->r)) {
		zone_form(p, z, NULL, NULL);
		return;
	}
	/* Counted before the PIN's check (a second call, once it is done, is
	 * not counted again). */
	if ((wait = web_throttle_start(p->r, name)) > 0) {
		p->resp->status = 429;
		snprintf(msg, sizeof(msg),
		         "Trop d'essais de code PIN. Réessayez dans %d minute(s).",
		         (wait + 59) / 60);
		zone_form(p, z, msg, NULL);
		return;
	}
	/* The PIN's Argon2id check runs off the loop (web_check_secret). */
	if ((v = web_check_secret(p->r, &p->a->acc, name, param(p, "pin"), &u)) ==
	    WEB_SECRET_PENDING)
		return;
	if (v != WEB_SECRET_OK || strcmp(u.role, "entretien") != 0) {
		web_throttle_failed(p->r);
		p->resp->status = 401;
		zone_form(p, z, "Nom ou code PIN incorrect.", NULL);
		return;
	}
	web_throttle_passed(p->r);
	if (strcmp(param(p, "quoi"), "anomalie") == 0) {
		const char *what = param(p, "anomalie");
		char title[400], aid[24];
		if (what[0] == '\0') {
			p->resp->status = 422;
			zone_form(p, z, "Décrivez l'anomalie avant de la signaler.", NULL);
			return;
		}
		snprintf(title, sizeof(title), "Anomalie nettoyage, zone %s : %s", z->label, what);
		if (form_action_add(p->a->s, u.name, title, "N3", "other", "SLHA", "", "", aid,
		                    &seq, &err) != 0) {
			p->resp->status = 422;
			zone_form(p, z, err.msg, NULL);
			return;
		}
		snprintf(msg, sizeof(msg),
		         "Merci %s : anomalie signalée (action %s), le RAQN "
		         "et la SLHA la suivent.",
		         u.name, aid);
		zone_form(p, z, NULL, msg);
		return;
	}
	if (form_signoff(p->a->s, u.name, z->id, u.name, "", &seq, &err) != 0) {
		p->resp->status = 422;
		zone_form(p, z, err.msg, NULL);
		return;
	}
	snprintf(msg, sizeof(msg), "Merci %s : émargement enregistré le %s.", u.name,
	         datetime_fr(site_now_ms(), d));
	zone_form(p, z, NULL, msg);
}

/* ================================================================ actions */

static void
option_list(page *p, const char *const *values, const char *(*fr)(const char *),
            const char *selected)
{
	for (size_t i = 0; values[i] != NULL; i++) {
		html_rawf(p->h, "<option value=\"%s\"%s>", values[i],
		          selected != NULL && strcmp(selected, values[i]) == 0 ? " selected" : "");
		html_esc(p->h, fr(values[i]));
		html_raw(p->h, "</option>");
	}
}

static const char *const sources[] = {
	"audit-internal",      "audit-external", "mystery-call", "mystery-visit",
	"satisfaction-survey", "periodic-check", "indicator",    "agent-suggestion",
	"user-feedback",       "annual-review",  "other",        NULL,
};
static const char *const statuses[] = { "todo", "doing", "done", "dropped", NULL };

static const char *
same(const char *s)
{
	return s;
}

static void
engagement_select(page *p, const char *selected)
{
	static const char *const e[] = {
		"N1",   "N2",   "N3",   "N4",   "N5",   "N6",   "N7",    "N8",   "N9",
		"N10",  "N11",  "N12",  "S1",   "S2",   "S3",   "SMQ1",  "SMQ2", "SMQ3",
		"SMQ4", "SMQ5", "SMQ6", "SMQ7", "SMQ8", "SMQ9", "SMQ10", NULL,
	};
	html_raw(p->h, "<label for=\"engagement\">Engagement</label>"
	               "<select id=\"engagement\" name=\"engagement\">");
	option_list(p, e, same, selected);
	html_raw(p->h, "</select>");
}

static void
action_edit(page *p, const Qp__Action *a)
{
	char d[32];

	html_raw(p->h, "<h2>");
	html_escf(p->h, "Mettre à jour l'action %s", a->id);
	html_raw(p->h, "</h2><p>");
	html_esc(p->h, a->title);
	html_raw(p->h, "</p>");
	form_begin(p, "/actions", "stack");
	html_raw(p->h, "<input type=\"hidden\" name=\"formulaire\" value=\"maj\">"
	               "<input type=\"hidden\" name=\"id\" value=\"");
	html_esc(p->h, a->id);
	html_raw(p->h,
	         "\"><label for=\"statut\">Statut</label><select id=\"statut\" name=\"statut\">");
	option_list(p, statuses, form_status_fr, a->status);
	html_raw(p->h, "</select>");
	input(p, "text", "pilote", "Pilote", a->owner, NULL);
	input(p, "text", "echeance", "Échéance (JJ/MM/AAAA)", a->due[0] ? date_fr(a->due, d) : "",
	      NULL);
	input(p, "text", "note", "Note", a->note, NULL);
	html_raw(p->h, "<button type=\"submit\">Enregistrer</button></form>");
}

void
page_actions(page *p)
{
	ledger *l = web_ledger(p->a);
	const Qp__Event *const *v;
	form_error err = { .force = forced(p) };
	bool failed = false, raqn = (p->roles & R_RAQN) != 0;
	char t[11], d[32];
	size_t n;

	if (web_is_post(p->r)) {
		const char *f = param(p, "formulaire");
		uint64_t seq;
		char aid[24], msg[200];
		if (strcmp(f, "ajout") == 0) {
			if (form_action_add(p->a->s, p->user, param(p, "titre"),
			                    param(p, "engagement"), param(p, "origine"),
			                    param(p, "pilote"), param(p, "echeance"),
			                    param(p, "date"), aid, &seq, &err) == 0) {
				snprintf(msg, sizeof(msg), "Action %s ouverte", aid);
				recorded(p, "/actions", msg, seq);
				return;
			}
		} else if (strcmp(f, "maj") == 0) {
			if (form_action_update(p->a->s, p->user, param(p, "id"), param(p, "statut"),
			                       param(p, "pilote"), param(p, "echeance"),
			                       param(p, "note"), param(p, "date"), &seq,
			                       &err) == 0) {
				recorded(p, "/actions", "Action mise à jour", seq);
				return;
			}
		} else if (form_action_review(p->a->s, p->user, param(p, "date"),
		                              param(p, "commentaire"), &seq, &err) == 0) {
			recorded(p, "/actions", "Analyse trimestrielle enregistrée", seq);
			return;
		}
		failed = true;
	}
	today(t);
	page_begin(p, "Actions", "/actions");
	html_raw(p->h, "<h1>Tableau de suivi des actions</h1>");
	page_flash(p);
	if (failed)
		fail_banner(p, &err);
	if (l == NULL) {
		page_error(p, "Les enregistrements du site sont illisibles.");
		page_end(p);
		return;
	}
	if (raqn && web_param(p->r, "id") != NULL && !web_is_post(p->r)) {
		const Qp__Event *a = ledger_action(l, param(p, "id"));
		if (a != NULL)
			action_edit(p, a->action);
	}
	n = ledger_view(l, LEDGER_ACTIONS, &v);
	html_raw(p->h, "<table><thead><tr><th>N°</th><th>Action</th><th>Engagement</th>"
	               "<th>Origine</th><th>Pilote</th><th>Échéance</th><th>Statut</th></tr>"
	               "</thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		const Qp__Action *a = v[i]->action;
		html_raw(p->h, "<tr><td>");
		if (raqn) {
			html_raw(p->h, "<a href=\"/actions?id=");
			html_url(p->h, a->id);
			html_raw(p->h, "\">");
			html_esc(p->h, a->id);
			html_raw(p->h, "</a>");
		} else {
			html_esc(p->h, a->id);
		}
		html_raw(p->h, "</td><td>");
		html_esc(p->h, a->title);
		if (a->note[0]) {
			html_raw(p->h, "<br><span class=\"muted\">");
			html_esc(p->h, a->note);
			html_raw(p->h, "</span>");
		}
		html_raw(p->h, "</td><td>");
		html_esc(p->h, a->engagement);
		html_raw(p->h, "</td><td>");
		html_esc(p->h, form_source_fr(a->source));
		html_raw(p->h, "</td><td>");
		html_esc(p->h, a->owner);
		html_rawf(p->h, "</td><td class=\"%s\">", action_overdue(a, t) ? "ko" : "");
		html_esc(p->h, a->due[0] ? date_fr(a->due, d) : "—");
		html_raw(p->h, "</td><td>");
		html_esc(p->h, form_status_fr(a->status));
		html_raw(p->h, "</td></tr>");
	}
	if (n == 0)
		html_raw(p->h, "<tr><td colspan=\"7\" class=\"muted\">Aucune action.</td></tr>");
	html_raw(p->h, "</tbody></table>");
	if (raqn) {
		html_raw(p->h, "<h2>Ouvrir une action</h2>");
		form_begin(p, "/actions", "stack");
		html_raw(p->h, "<input type=\"hidden\" name=\"formulaire\" value=\"ajout\">");
		input(p, "text", "titre", "Intitulé", param(p, "titre"), "required");
		engagement_select(p, param(p, "engagement"));
		html_raw(p->h, "<label for=\"origine\">Origine</label><select id=\"origine\" "
		               "name=\"origine\">");
		option_list(p, sources, form_source_fr, param(p, "origine"));
		html_raw(p->h, "</select>");
		input(p, "text", "pilote", "Pilote", param(p, "pilote"), NULL);
		input(p, "text", "echeance", "Échéance (JJ/MM/AAAA, facultatif)",
		      param(p, "echeance"), NULL);
		html_raw(p->h, "<button type=\"submit\">Ouvrir l'action</button></form>");
	}
	n = ledger_view(l, LEDGER_ACTION_REVIEWS, &v);
	html_raw(p->h, "<h2>Analyses trimestrielles du tableau</h2><ul>");
	for (size_t i = 0; i < n; i++) {
		html_raw(p->h, "<li>");
		form_words(p->h, l, v[i]);
		html_raw(p->h, "</li>");
	}
	if (n == 0)
		html_raw(p->h, "<li class=\"muted\">Aucune analyse enregistrée.</li>");
	html_raw(p->h, "</ul>");
	if (raqn) {
		form_begin(p, "/actions", "stack");
		html_raw(p->h, "<input type=\"hidden\" name=\"formulaire\" value=\"analyse\">");
		input(p, "text", "date", "Date de l'analyse (JJ/MM/AAAA)", date_fr(t, d), NULL);
		html_raw(p->h, "<label for=\"commentaire\">Conclusions</label><textarea "
		               "id=\"commentaire\" name=\"commentaire\"></textarea>"
		               "<button type=\"submit\">Enregistrer l'analyse</button></form>");
	}
	page_end(p);
}

/* ================================================================ review */

void
page_review(page *p)
{
	ledger *l = web_ledger(p->a);
	const Qp__Event *const *v;
	form_error err = { .force = forced(p) };
	bool failed = false;
	char d[32], year[8];
	int y, m, dd;
	size_t n;

	if (web_is_post(p->r)) {
		const char *text = param(p, "texte");
		const char *file = param(p, "fichier");
		uint64_t seq;
		if (file[0] != '\0')
			text = file;
		if (form_review(p->a->s, p->user, param(p, "annee"), text, NULL, NULL, &seq,
		                &err) == 0) {
			recorded(p, "/revue", "Revue annuelle déposée", seq);
			return;
		}
		failed = true;
	}
	cal_to_ymd(today_day(), &y, &m, &dd);
	snprintf(year, sizeof(year), "%d", m <= 3 ? y - 1 : y);
	page_begin(p, "Revue annuelle", "/revue");
	html_raw(p->h, "<h1>Revue annuelle locale</h1>");
	page_flash(p);
	if (failed)
		fail_banner(p, &err);
	if (l == NULL) {
		page_error(p, "Les enregistrements du site sont illisibles.");
		page_end(p);
		return;
	}
	n = ledger_view(l, LEDGER_ANNUAL_REVIEWS, &v);
	html_raw(p->h, "<table><thead><tr><th>Année</th><th>Déposée par</th><th>Approbation</th>"
	               "</tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		const Qp__AnnualReview *r = v[i]->annual_review;
		html_rawf(p->h, "<tr><td>%u</td><td>", r->year);
		html_esc(p->h, v[i]->author);
		html_raw(p->h, "</td><td>");
		if (r->approved_by[0]) {
			html_raw(p->h, "<span class=\"ok\">");
			html_escf(p->h, "approuvée par %s le %s", r->approved_by,
			          date_fr(r->approved_on, d));
			html_raw(p->h, "</span>");
		} else if (p->roles & R_DIRECTION) {
			form_begin(p, "/revue/approuver", "inline");
			html_rawf(p->h,
			          "<input type=\"hidden\" name=\"annee\" value=\"%u\">"
			          "<button type=\"submit\">Approuver la revue %u</button></form>",
			          r->year, r->year);
		} else {
			html_raw(p->h, "<span class=\"warn\">à approuver par la direction</span>");
		}
		html_raw(p->h, "</td></tr><tr><td colspan=\"3\"><details><summary>Lire</summary>"
		               "<pre>");
		html_esc(p->h, r->text);
		html_raw(p->h, "</pre></details></td></tr>");
	}
	if (n == 0)
		html_raw(p->h,
		         "<tr><td colspan=\"3\" class=\"muted\">Aucune revue déposée.</td></tr>");
	html_raw(p->h, "</tbody></table>");
	if (p->roles & R_RAQN) {
		html_raw(p->h,
		         "<h2>Déposer la revue</h2><p class=\"muted\">Écrivez-la ici "
		         "(Markdown : Bilan, Risques, Opportunités, Objectifs, Perspectives) ou "
		         "joignez le fichier texte. Redéposer une revue approuvée garde son "
		         "approbation.</p>");
		form_begin_multipart(p, "/revue", "stack");
		input(p, "text", "annee", "Année", failed ? param(p, "annee") : year,
		      "inputmode=\"numeric\" required");
		html_raw(p->h, "<label for=\"texte\">Texte</label><textarea id=\"texte\" "
		               "name=\"texte\" rows=\"12\">");
		html_esc(p->h, param(p, "texte"));
		html_raw(p->h, "</textarea><label for=\"fichier\">ou fichier (.md, .txt)</label>"
		               "<input type=\"file\" id=\"fichier\" name=\"fichier\" "
		               "accept=\".md,.txt,text/plain,text/markdown\">"
		               "<button type=\"submit\">Déposer</button></form>");
	}
	page_end(p);
}

void
page_review_approve(page *p)
{
	ledger *l = web_ledger(p->a);
	const Qp__Event *const *v;
	const char *year = param(p, "annee");
	form_error err = { .force = forced(p) };
	char t[11];
	uint64_t seq;
	size_t n = l != NULL ? ledger_view(l, LEDGER_ANNUAL_REVIEWS, &v) : 0;

	for (size_t i = 0; i < n; i++) {
		char y[8];
		snprintf(y, sizeof(y), "%u", v[i]->annual_review->year);
		if (strcmp(y, year) != 0)
			continue;
		if (form_review(p->a->s, p->user, year, v[i]->annual_review->text, p->user,
		                today(t), &seq, &err) == 0) {
			recorded(p, "/revue", "Revue approuvée", seq);
			return;
		}
		break;
	}
	if (err.msg[0] == '\0')
		snprintf(err.msg, sizeof(err.msg), "Aucune revue déposée pour %s.", year);
	page_begin(p, "Revue annuelle", "/revue");
	fail_banner(p, &err);
	html_raw(p->h, "<p><a href=\"/revue\">Retour à la revue</a></p>");
	page_end(p);
}

/* ================================================================ planning */

void
page_planning(page *p)
{
	Qp__CentralState *cs = web_central(p->a);
	char t[11], d[32];
	size_t shown = 0;

	today(t);
	page_begin(p, "Planning", "/planning");
	html_raw(p->h,
	         "<h1>Planning qualité</h1><p class=\"muted\">Envoyé par le Pôle Qualité ; "
	         "les événements du réseau et ceux du site.</p><table><thead><tr><th>Date</th>"
	         "<th>Événement</th><th>Pour</th></tr></thead><tbody>");
	for (size_t i = 0; cs != NULL && i < cs->n_plannings; i++) {
		const Qp__Planning *pl = cs->plannings[i];
		for (size_t j = 0; j < pl->n_events; j++) {
			const Qp__PlanningEvent *e = pl->events[j];
			bool mine = strcmp(e->scope, p->a->s->cfg.site) == 0;
			if (!mine && strcmp(e->scope, "central") != 0)
				continue;
			shown++;
			html_rawf(p->h, "<tr class=\"%s\"><td>",
			          strcmp(e->date, t) < 0 ? "muted" : "");
			html_esc(p->h, date_fr(e->date, d));
			html_raw(p->h, "</td><td>");
			html_esc(p->h, e->title);
			html_raw(p->h, "</td><td>");
			html_esc(p->h, mine ? "le site" : "le réseau");
			html_raw(p->h, "</td></tr>");
		}
	}
	if (shown == 0)
		html_raw(p->h, "<tr><td colspan=\"3\" class=\"muted\">Le centre n'a pas encore "
		               "envoyé de planning.</td></tr>");
	html_raw(p->h, "</tbody></table>");
	codec_free((ProtobufCMessage **)&cs);
	page_end(p);
}

/* ================================================================ history */

static const struct {
	const char *key, *label;
	int body;
} kinds[] = {
	{ "indicateur", "Indicateurs", QP__EVENT__BODY_INDICATOR },
	{ "verification", "Vérifications", QP__EVENT__BODY_CHECK_RUN },
	{ "definition", "Définitions de vérifications", QP__EVENT__BODY_CHECK_DEFINITION },
	{ "emargement", "Émargements", QP__EVENT__BODY_CLEANING_SIGNOFF },
	{ "evaluation", "Évaluations du nettoyage", QP__EVENT__BODY_CLEANING_EVALUATION },
	{ "action", "Actions", QP__EVENT__BODY_ACTION },
	{ "analyse", "Analyses du tableau", QP__EVENT__BODY_ACTION_REVIEW },
	{ "revue", "Revues annuelles", QP__EVENT__BODY_ANNUAL_REVIEW },
	{ "annulation", "Annulations", QP__EVENT__BODY_VOID },
};

static void
correction_link(page *p, const Qp__Event *ev)
{
	switch (ev->body_case) {
	case QP__EVENT__BODY_INDICATOR:
		html_raw(p->h, " <a href=\"/indicateurs?code=");
		html_url(p->h, ev->indicator->code);
		html_raw(p->h, "&amp;periode=");
		html_url(p->h, ev->indicator->period);
		html_raw(p->h, "\">Corriger</a>");
		break;
	case QP__EVENT__BODY_ACTION:
		html_raw(p->h, " <a href=\"/actions?id=");
		html_url(p->h, ev->action->id);
		html_raw(p->h, "\">Corriger</a>");
		break;
	default: break;
	}
}

void
page_history(page *p)
{
	ledger *l = web_ledger(p->a);
	const char *kind = param(p, "type");
	const char *from = param(p, "du"), *to = param(p, "au");
	cal_day fd = 0, td = 0;
	char fiso[11] = "", tiso[11] = "", d[32];
	int body = -1;
	unsigned long pg = strtoul(param(p, "page"), NULL, 10);
	size_t shown = 0, skipped = 0;
	bool more = false, raqn = (p->roles & R_RAQN) != 0;

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(kind, kinds[i].key) == 0)
			body = kinds[i].body;
	page_begin(p, "Historique", "/historique");
	html_raw(p->h, "<h1>Historique</h1>");
	page_flash(p);
	if (from[0] && cal_parse_date_typed(from, &fd) == 0)
		cal_format_date(fd, fiso);
	else if (from[0])
		page_error(p, "Date « du » : JJ/MM/AAAA attendu.");
	if (to[0] && cal_parse_date_typed(to, &td) == 0)
		cal_format_date(td, tiso);
	else if (to[0])
		page_error(p, "Date « au » : JJ/MM/AAAA attendu.");
	html_raw(p->h, "<form method=\"get\" action=\"/historique\" class=\"filters\">"
	               "<div><label for=\"type\">Type</label><select id=\"type\" name=\"type\">"
	               "<option value=\"\">Tous</option>");
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		html_rawf(p->h, "<option value=\"%s\"%s>%s</option>", kinds[i].key,
		          body == kinds[i].body ? " selected" : "", kinds[i].label);
	html_raw(p->h, "</select></div><div><label for=\"du\">Du</label><input type=\"text\" "
	               "id=\"du\" name=\"du\" size=\"10\" value=\"");
	html_esc(p->h, from);
	html_raw(p->h, "\"></div><div><label for=\"au\">Au</label><input type=\"text\" id=\"au\" "
	               "name=\"au\" size=\"10\" value=\"");
	html_esc(p->h, to);
	html_raw(p->h, "\"></div><div><button type=\"submit\">Filtrer</button></div></form>");
	if (l == NULL) {
		page_error(p, "Les enregistrements du site sont illisibles.");
		page_end(p);
		return;
	}
	html_raw(p->h, "<table><thead><tr><th>N°</th><th>Enregistré le</th><th>Enregistrement"
	               "</th><th></th></tr></thead><tbody>");
	for (uint64_t seq = ledger_last_seq(l); seq >= 1; seq--) {
		const Qp__Event *ev = ledger_find(l, seq);
		bool voided;
		if (ev == NULL)
			continue;
		if (body >= 0 && (int)ev->body_case != body)
			continue;
		if (fiso[0] && strcmp(ev->business_date, fiso) < 0)
			continue;
		if (tiso[0] && strcmp(ev->business_date, tiso) > 0)
			continue;
		if (skipped < pg * HISTORY_PAGE) {
			skipped++;
			continue;
		}
		if (shown == HISTORY_PAGE) {
			more = true;
			break;
		}
		shown++;
		voided = ledger_voided(l, seq);
		html_rawf(p->h, "<tr id=\"e-%llu\"><td>%llu</td><td>%s</td><td%s>",
		          (unsigned long long)seq, (unsigned long long)seq,
		          datetime_fr(ev->recorded_at_ms, d), voided ? " class=\"voided\"" : "");
		form_words(p->h, l, ev);
		if (ev->forced)
			html_raw(p->h, " <span class=\"muted forced\">(enregistré malgré "
			               "l'avertissement)</span>");
		html_raw(p->h, voided ? "</td><td>annulé" : "</td><td>");
		if (raqn && !voided && ev->body_case != QP__EVENT__BODY_VOID) {
			html_rawf(p->h, "<a href=\"/historique/annuler?seq=%llu\">Annuler</a>",
			          (unsigned long long)seq);
			correction_link(p, ev);
		}
		html_raw(p->h, "</td></tr>");
	}
	if (shown == 0)
		html_raw(p->h,
		         "<tr><td colspan=\"4\" class=\"muted\">Aucun enregistrement.</td></tr>");
	html_raw(p->h, "</tbody></table><p>");
	if (pg > 0 || more) {
		html tmp;
		html_init(&tmp);
		html_raw(&tmp, "type=");
		html_url(&tmp, kind);
		html_raw(&tmp, "&amp;du=");
		html_url(&tmp, from);
		html_raw(&tmp, "&amp;au=");
		html_url(&tmp, to);
		char *qs = html_take(&tmp, NULL);
		if (pg > 0)
			html_rawf(p->h, "<a href=\"/historique?%s&amp;page=%lu\">Plus récents</a> ",
			          qs ? qs : "", pg - 1);
		if (more)
			html_rawf(p->h, "<a href=\"/historique?%s&amp;page=%lu\">Plus anciens</a>",
			          qs ? qs : "", pg + 1);
		free(qs);
	}
	html_raw(p->h, "</p>");
	page_end(p);
}

void
page_void(page *p)
{
	ledger *l = web_ledger(p->a);
	const char *seq_text = param(p, "seq");
	unsigned long long target = strtoull(seq_text, NULL, 10);
	const Qp__Event *ev = l != NULL ? ledger_find(l, target) : NULL;
	form_error err = { .force = forced(p) };
	bool failed = false;

	if (web_is_post(p->r)) {
		uint64_t seq;
		if (form_void(p->a->s, p->user, seq_text, param(p, "motif"), &seq, &err) == 0) {
			recorded(p, "/historique", "Enregistrement annulé", seq);
			return;
		}
		failed = true;
	}
	page_begin(p, "Annuler un enregistrement", "/historique");
	html_raw(p->h, "<h1>Annuler un enregistrement</h1>");
	if (failed)
		fail_banner(p, &err);
	if (ev == NULL || ev->body_case == QP__EVENT__BODY_VOID || ledger_voided(l, target)) {
		page_error(
		        p,
		        "Cet enregistrement n'existe pas, est une annulation ou est déjà annulé.");
		html_raw(p->h, "<p><a href=\"/historique\">Retour à l'historique</a></p>");
		page_end(p);
		return;
	}
	html_rawf(p->h, "<p>Enregistrement n° %llu :</p><blockquote>", target);
	form_words(p->h, l, ev);
	html_raw(p->h, "</blockquote><h2>Ce qui cessera de compter</h2><p class=\"msg bad\">");
	form_void_effect(p->h, ev);
	html_raw(p->h, "</p><p>Rien n'est effacé : l'enregistrement et son annulation restent "
	               "dans l'historique, ici et au centre.</p>");
	form_begin(p, "/historique/annuler", "stack");
	html_rawf(p->h, "<input type=\"hidden\" name=\"seq\" value=\"%llu\">", target);
	input(p, "text", "motif", "Motif de l'annulation", param(p, "motif"), "required");
	html_raw(p->h, "<button type=\"submit\" class=\"danger\">Confirmer l'annulation</button> "
	               "<a href=\"/historique\">Ne rien annuler</a></form>");
	page_end(p);
}

/* ====================================================== check definitions */

static const char *const periodicities[] = {
	"daily", "weekly", "monthly", "quarterly", "semiannual", "annual", NULL,
};

static const char *
yes_no_fr(const char *v)
{
	return strcmp(v, "yes") == 0 ? "oui" : "non";
}

/*
 * /verifications/definir (RAQN): the site's check definitions, a form to
 * add one, and the same form filled in to change one (?id=ID). Through the
 * check record module, as `check add` and `check set` do.
 */
void
page_check_define(page *p)
{
	ledger *l = web_ledger(p->a);
	form_error err = { .force = forced(p) };
	const char *id = param(p, "id");
	const Qp__Event *cur = NULL;
	const Qp__Event *const *v;
	bool failed = false, add;
	char d[32], t[11];
	size_t n;

	if (l != NULL && id[0] != '\0')
		cur = ledger_check(l, id);
	if (web_is_post(p->r)) {
		uint64_t seq;
		add = strcmp(param(p, "mode"), "ajout") == 0;
		if (form_check_define(p->a->s, p->user, add, id, param(p, "libelle"),
		                      param(p, "periodicite"), param(p, "engagement"),
		                      param(p, "role"), param(p, "depuis"), param(p, "active"),
		                      &seq, &err) == 0) {
			recorded(p, "/verifications/definir",
			         add ? "Vérification ajoutée" : "Vérification modifiée", seq);
			return;
		}
		failed = true;
	} else {
		add = cur == NULL;
	}
	page_begin(p, "Définir les vérifications", "/verifications");
	html_raw(p->h, "<h1>Définir les vérifications</h1>");
	page_flash(p);
	if (failed)
		fail_banner(p, &err);
	if (l == NULL) {
		page_error(p, "Les enregistrements du site sont illisibles.");
		page_end(p);
		return;
	}
	{
		const Qp__CheckDefinition *c =
		        !failed && cur != NULL ? cur->check_definition : NULL;
		const char *label = c ? c->label : param(p, "libelle");
		const char *every = c ? c->periodicity : param(p, "periodicite");
		const char *eng = c ? c->engagement : param(p, "engagement");
		const char *role = c ? c->role : param(p, "role");
		const char *active = c ? (c->active ? "yes" : "no") : param(p, "active");
		char since[32];
		snprintf(since, sizeof(since), "%s",
		         c                                     ? date_fr(c->since, d)
		         : failed || web_param(p->r, "depuis") ? param(p, "depuis")
		                                               : date_fr(today(t), d));
		html_raw(p->h, "<h2>");
		if (add)
			html_raw(p->h, "Ajouter une vérification");
		else
			html_escf(p->h, "Modifier la vérification %s", id);
		html_raw(p->h, "</h2>");
		form_begin(p, "/verifications/definir", "stack");
		html_rawf(p->h, "<input type=\"hidden\" name=\"mode\" value=\"%s\">",
		          add ? "ajout" : "modification");
		if (add) {
			input(p, "text", "id",
			      "Identifiant (minuscules, chiffres et tirets, ex. extincteurs)", id,
			      "required maxlength=\"40\"");
		} else {
			html_raw(p->h, "<input type=\"hidden\" name=\"id\" value=\"");
			html_esc(p->h, id);
			html_raw(p->h, "\">");
		}
		input(p, "text", "libelle", "Libellé (ce qu'on vérifie)", label, "required");
		html_raw(p->h, "<label for=\"periodicite\">Périodicité</label>"
		               "<select id=\"periodicite\" name=\"periodicite\">");
		option_list(p, periodicities, form_periodicity_fr, every[0] ? every : "monthly");
		html_raw(p->h, "</select>");
		engagement_select(p, eng);
		input(p, "text", "role", "Qui la fait (rôle, facultatif)", role, NULL);
		input(p, "text", "depuis", "À partir du (JJ/MM/AAAA)", since, NULL);
		if (!add) {
			static const char *const yn[] = { "yes", "no", NULL };
			html_raw(p->h, "<label for=\"active\">Active</label>"
			               "<select id=\"active\" name=\"active\">");
			option_list(p, yn, yes_no_fr, active[0] ? active : "yes");
			html_raw(p->h, "</select>");
		}
		html_rawf(p->h, "<button type=\"submit\">%s</button></form>",
		          add ? "Ajouter la vérification" : "Enregistrer les changements");
		if (!add)
			html_raw(p->h, "<p><a href=\"/verifications/definir\">Ajouter une autre "
			               "vérification</a></p>");
	}
	n = ledger_view(l, LEDGER_CHECKS, &v);
	html_raw(p->h, "<h2>Vérifications du site</h2><table><thead><tr><th>Vérification</th>"
	               "<th>Périodicité</th><th>Engagement</th><th>Qui</th><th>Depuis</th>"
	               "<th>Active</th><th></th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		const Qp__CheckDefinition *c = v[i]->check_definition;
		html_rawf(p->h, "<tr id=\"def-%s\"><td><strong>", c->id);
		html_esc(p->h, c->label);
		html_raw(p->h, "</strong><br><span class=\"muted\">");
		html_esc(p->h, c->id);
		html_raw(p->h, "</span></td><td>");
		html_esc(p->h, form_periodicity_fr(c->periodicity));
		html_raw(p->h, "</td><td>");
		html_esc(p->h, c->engagement);
		html_raw(p->h, "</td><td>");
		html_esc(p->h, c->role);
		html_raw(p->h, "</td><td>");
		html_esc(p->h, date_fr(c->since, d));
		html_rawf(p->h,
		          "</td><td>%s</td><td><a href=\"/verifications/definir?id=%s\">"
		          "Modifier</a></td></tr>",
		          c->active ? "oui" : "non", c->id);
	}
	if (n == 0)
		html_raw(p->h,
		         "<tr><td colspan=\"7\" class=\"muted\">Aucune vérification.</td></tr>");
	html_raw(p->h, "</tbody></table>");
	page_end(p);
}
