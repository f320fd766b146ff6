/*
 * The central team's pages (issue #15): the network per site, the review
 * of the year to date, the central action table, audits and findings,
 * campaign results, the catalogue, the planning and every download. The
 * forms parse and validate what was typed, then write through the
 * steering module the `qp-collector action|audit|campaign` commands use.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "calendar.h"
#include "cli.h"
#include "codec.h"
#include "cweb_int.h"
#include "domain.h"
#include "format.h"
#include "page.h"
#include "planning.h"
#include "protocol.h"
#include "review.h"
#include "steering.h"

/* ---------------------------------------------------------------- bits */

static char *
today_iso(char buf[11])
{
	return cal_format_date(cal_paris_day(cal_now_ms()), buf);
}

/* A date typed JJ/MM/AAAA or AAAA-MM-JJ into buf as YYYY-MM-DD. */
static bool
typed_date(const char *s, char buf[11])
{
	cal_day d;

	if (s == NULL || cal_parse_date_typed(s, &d) != 0)
		return false;
	cal_format_date(d, buf);
	return true;
}

static bool
text_ok(const char *s, bool multiline)
{
	return s[0] != '\0' && domain_text_valid(s, multiline);
}

static void
term_options(html *h, const domain_term *t, size_t n, const char *selected)
{
	for (size_t i = 0; i < n; i++) {
		html_raw(h, "<option value=\"");
		html_esc(h, t[i].wire);
		html_rawf(h, "\"%s>",
		          selected && strcmp(selected, t[i].wire) == 0 ? " selected" : "");
		html_esc(h, t[i].label);
		html_raw(h, "</option>");
	}
}

static void
kind_options(html *h, const char *const *kinds, const char *(*fr)(const char *))
{
	for (size_t i = 0; kinds[i] != NULL; i++) {
		html_raw(h, "<option value=\"");
		html_esc(h, kinds[i]);
		html_raw(h, "\">");
		html_esc(h, fr(kinds[i]));
		html_raw(h, "</option>");
	}
}

static void
site_options(html *h, Qp__SiteRecord **sites, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (sites[i]->revoked)
			continue;
		html_raw(h, "<option value=\"");
		html_esc(h, sites[i]->site);
		html_raw(h, "\">");
		html_esc(h, sites[i]->site);
		if (sites[i]->name[0] != '\0') {
			html_raw(h, " — ");
			html_esc(h, sites[i]->name);
		}
		html_raw(h, "</option>");
	}
}

/* Sends back to `path` with "Enregistré" text in ?ok=. */
static void
done(cpage *p, const char *path, const char *msg)
{
	html tmp;
	char *q;

	html_init(&tmp);
	html_url(&tmp, msg);
	q = html_take(&tmp, NULL);
	web_redirect(p->resp, "%s?ok=%s", path, q != NULL ? q : "");
	free(q);
}

static void
store_error(cpage *p, int e)
{
	p->resp->status = 500;
	cpage_begin(p, "Erreur", NULL);
	html_raw(p->h, "<h1>Lecture impossible</h1>");
	web_msg_error(p->h, qp_errtext(e));
	cpage_end(p);
}

/* ---------------------------------------------------------------- network */

static void
age_fr(int64_t ms, int64_t now, char *buf, size_t len)
{
	int64_t s = (now - ms) / 1000;

	if (ms == 0)
		snprintf(buf, len, "jamais");
	else if (s < 120)
		snprintf(buf, len, "à l'instant");
	else if (s < 7200)
		snprintf(buf, len, "il y a %lld min", (long long)(s / 60));
	else if (s < 172800)
		snprintf(buf, len, "il y a %lld h", (long long)(s / 3600));
	else
		snprintf(buf, len, "il y a %lld jours", (long long)(s / 86400));
}

static void
refusals(html *h, const site_progress *pr)
{
	uint64_t total = 0;
	bool first = true;

	for (int r = 0; r < REASON_COUNT; r++)
		total += pr->rejected[r];
	html_rawf(h, "%llu", (unsigned long long)total);
	if (total == 0)
		return;
	html_raw(h, " <span class=\"muted\">(");
	for (int r = 0; r < REASON_COUNT; r++) {
		if (pr->rejected[r] == 0)
			continue;
		html_rawf(h, "%s%s : %llu", first ? "" : ", ", protocol_reasons[r],
		          (unsigned long long)pr->rejected[r]);
		first = false;
	}
	html_raw(h, ")</span>");
}

void
cpage_network(cpage *p)
{
	Qp__SiteRecord **sites = NULL;
	site_progress global, *prog = NULL;
	store_txn *txn = NULL;
	int64_t now = cal_now_ms();
	char when[32];
	size_t n = 0;
	int e;

	if ((e = store_read(p->w->cs->st, &txn)) != 0 || (e = cstore_sites(txn, &sites, &n)) != 0 ||
	    (e = cstore_progress_get(txn, PROGRESS_GLOBAL, &global)) != 0)
		goto out;
	if ((prog = calloc(n ? n : 1, sizeof(*prog))) == NULL) {
		e = QP_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < n && e == 0; i++)
		e = cstore_progress_get(txn, sites[i]->site, &prog[i]);
out:
	store_txn_end(&txn);
	if (e != 0) {
		store_error(p, e);
		goto end;
	}
	cpage_begin(p, "État du réseau", "/");
	html_rawf(p->h,
	          "<h1>État du réseau</h1><p class=\"muted\">Au %s : %zu site%s inscrit%s. "
	          "Les chiffres sont ceux de <code>qp-collector status</code> et de "
	          "<code>/metrics</code>.</p>",
	          web_datetime_fr(now, when), n, n > 1 ? "s" : "", n > 1 ? "s" : "");
	html_raw(p->h, "<div class=\"scroll\"><table><thead><tr><th>Site</th><th>Dernier contact"
	               "</th><th class=\"num\">Reçu jusqu'au n°</th><th class=\"num\">Événements"
	               "</th><th class=\"num\">Retard (événements)</th><th>Refus</th>"
	               "<th>État</th></tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		const site_progress *pr = &prog[i];
		char age[48];
		age_fr(pr->last_seen_ms, now, age, sizeof(age));
		html_raw(p->h, "<tr><td><strong>");
		html_esc(p->h, sites[i]->site);
		html_raw(p->h, "</strong>");
		if (sites[i]->name[0] != '\0') {
			html_raw(p->h, "<br><span class=\"muted\">");
			html_esc(p->h, sites[i]->name);
			html_raw(p->h, "</span>");
		}
		html_raw(p->h, "</td><td>");
		if (pr->last_seen_ms != 0) {
			html_esc(p->h, web_datetime_fr(pr->last_seen_ms, when));
			html_raw(p->h, "<br><span class=\"muted\">");
			html_esc(p->h, age);
			html_raw(p->h, "</span>");
		} else {
			html_raw(p->h, "jamais");
		}
		html_rawf(p->h,
		          "</td><td class=\"num\">%llu</td><td class=\"num\">%llu</td>"
		          "<td class=\"num\">%llu</td><td>",
		          (unsigned long long)pr->stored_through, (unsigned long long)pr->events,
		          (unsigned long long)cstore_progress_lag(pr));
		refusals(p->h, pr);
		html_rawf(p->h, "</td><td>%s</td></tr>",
		          sites[i]->revoked ? "<span class=\"ko\">✗ révoqué</span>" : "inscrit");
	}
	html_raw(p->h, "</tbody></table></div><p>Refus ne nommant aucun site inscrit : ");
	refusals(p->h, &global);
	html_raw(p->h, "</p>");
	cpage_end(p);
end:
	free(prog);
	cstore_sites_free(sites, n);
}

/* ---------------------------------------------------------------- review */

/* The review of `year` as of today (or 31 December for a past year). */
static int
load_review(cpage *p, int year, review **r)
{
	store_txn *txn = NULL;
	int e = store_read(p->w->cs->st, &txn);

	if (e == 0)
		e = review_load(txn, year, cal_paris_day(cal_now_ms()), r);
	store_txn_end(&txn);
	return e;
}

static void
year_form(cpage *p, const char *action, int year)
{
	html_raw(p->h, "<form method=\"get\" action=\"");
	html_esc(p->h, action);
	html_rawf(p->h,
	          "\" class=\"filters noprint\"><label for=\"annee\">Année</label>"
	          "<input type=\"number\" id=\"annee\" name=\"annee\" min=\"2000\" "
	          "max=\"2100\" value=\"%d\"><button type=\"submit\">Afficher</button>"
	          "</form>",
	          year);
}

static void
download_links(cpage *p, int year)
{
	static const struct {
		const char *base, *suffix, *label;
	} rev[] = {
		{ "revue", ".html", "Revue annuelle (HTML, imprimable)" },
		{ "revue", "-diaporama.html", "Support de présentation (diaporama HTML)" },
		{ "revue", ".json", "Revue annuelle (JSON)" },
		{ "revue", ".csv", "Revue annuelle : indicateurs par site (CSV)" },
		{ "revue", "-reseau.csv", "Revue annuelle : réseau (CSV)" },
		{ "revue", "-actions.csv", "Revue annuelle : actions (CSV)" },
		{ "planning", ".ics", "Planning qualité (calendrier iCalendar)" },
		{ "planning", ".csv", "Planning qualité (CSV)" },
		{ "planning", ".json", "Planning qualité (JSON)" },
	};
	static const char *const kinds[] = { "indicators", "checks", "cleaning", "actions",
		                             "reviews" };
	static const char *const kinds_fr[] = { "indicateurs", "vérifications", "nettoyage",
		                                "actions des sites", "revues locales" };

	html_raw(p->h, "<ul>");
	for (size_t i = 0; i < sizeof(rev) / sizeof(rev[0]); i++) {
		char name[64];
		snprintf(name, sizeof(name), "%s-%d%s", rev[i].base, year, rev[i].suffix);
		html_rawf(p->h,
		          "<li><a href=\"/telecharger/%s\">%s</a> <span class=\"muted\">%s"
		          "</span></li>",
		          name, rev[i].label, name);
	}
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		html_rawf(p->h,
		          "<li>Export des %s %d : <a href=\"/telecharger/export-%s-%d.csv\">CSV"
		          "</a> · <a href=\"/telecharger/export-%s-%d.json\">JSON</a></li>",
		          kinds_fr[i], year, kinds[i], year, kinds[i], year);
	html_raw(p->h, "</ul>");
}

void
cpage_review(cpage *p)
{
	int year = cpage_year(p);
	review *r = NULL;
	json_t *j = NULL, *net;
	char day[32], when[11];
	int e;

	if ((e = load_review(p, year, &r)) != 0) {
		store_error(p, e);
		return;
	}
	j = review_json(r);
	cpage_begin(p, "Revue annuelle", "/revue");
	html_rawf(p->h, "<h1>Revue annuelle centrale %d</h1>", year);
	year_form(p, "/revue", year);
	html_raw(p->h, "<p>Revue de l'année à ce jour (");
	html_esc(p->h, web_date_fr(today_iso(when), day));
	html_raw(p->h, "), calculée comme <code>qp-collector report review</code> : "
	               "<a class=\"button\" href=\"/revue/document?annee=");
	html_rawf(p->h, "%d\">Lire la revue</a></p>", year);
	net = j != NULL ? json_object_get(j, "network") : NULL;
	if (net != NULL) {
		json_t *ca = json_object_get(net, "central_actions");
		html_raw(p->h, "<div class=\"cards\">");
		html_rawf(p->h,
		          "<div class=\"card\"><h2>Sites atteignant toutes leurs cibles</h2>"
		          "<p class=\"big\">%lld / %zu</p></div>",
		          (long long)json_integer_value(json_object_get(net, "sites_all_met")),
		          json_array_size(json_object_get(j, "sites")));
		html_rawf(p->h,
		          "<div class=\"card\"><h2>Audits de l'année</h2><p class=\"big\">%zu"
		          "</p></div>",
		          json_array_size(json_object_get(net, "audits")));
		if (ca != NULL)
			html_rawf(p->h,
			          "<div class=\"card\"><h2>Actions centrales ouvertes</h2>"
			          "<p class=\"big\">%lld</p></div>",
			          (long long)json_integer_value(json_object_get(ca, "open")));
		html_raw(p->h, "</div>");
	}
	html_raw(p->h, "<h2>Téléchargements</h2>");
	download_links(p, year);
	cpage_end(p);
	json_decref(j);
	review_destroy(&r);
}

/* Writes the review (html, slides, json) into the response body. */
static int
review_into(cpage *p, int year, const char *format)
{
	review *r = NULL;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;
	int e;

	if ((e = load_review(p, year, &r)) != 0)
		return e;
	if ((fp = open_memstream(&buf, &len)) == NULL) {
		review_destroy(&r);
		return QP_ENOMEM;
	}
	if (strcmp(format, "json") == 0) {
		json_t *j = review_json(r);
		e = j == NULL || fmt_json_dump(j, fp, 2) != 0 ? QP_EIO : 0;
		fputc('\n', fp);
		json_decref(j);
	} else if (strcmp(format, "slides") == 0) {
		e = review_write_slides(r, fp);
	} else {
		e = review_write_html(r, fp);
	}
	if (fclose(fp) != 0 && e == 0)
		e = QP_EIO;
	if (e == 0)
		html_rawn(p->h, buf, len);
	free(buf);
	review_destroy(&r);
	return e;
}

void
cpage_review_document(cpage *p)
{
	int e = review_into(p, cpage_year(p), "html");

	if (e != 0) {
		html_free(p->h);
		html_init(p->h);
		store_error(p, e);
		return;
	}
	p->resp->document = true;
}

/* ---------------------------------------------------------------- actions */

static int
action_txn(store_txn *txn, void *arg)
{
	return steering_action_apply(txn, arg);
}

static void
actions_page(cpage *p, const char *error)
{
	store_txn *txn = NULL;
	ledger *l = NULL;
	const Qp__Event *const *evs = NULL;
	char today[11], d1[32], d2[32];
	size_t n = 0;
	bool q = p->roles & R_QUALITE;
	int e;

	if ((e = store_read(p->w->cs->st, &txn)) == 0)
		e = steering_ledger(txn, &l);
	store_txn_end(&txn);
	if (e != 0) {
		store_error(p, e);
		return;
	}
	today_iso(today);
	n = ledger_view(l, LEDGER_ACTIONS, &evs);
	cpage_begin(p, "Actions centrales", "/actions");
	html_raw(p->h, "<h1>Tableau des actions centrales</h1>");
	web_flash(p->h, p->r);
	if (error != NULL)
		web_msg_error(p->h, error);
	if (q) {
		html_raw(p->h, "<details class=\"noprint\"");
		html_raw(p->h, error != NULL && strcmp(cparam(p, "formulaire"), "ajout") == 0
		                       ? " open"
		                       : "");
		html_raw(p->h, "><summary>Ajouter une action centrale</summary>");
		web_form_begin(p->h, p->r, "/actions", "stack");
		html_raw(p->h,
		         "<input type=\"hidden\" name=\"formulaire\" value=\"ajout\">"
		         "<label for=\"titre\">Action</label><input type=\"text\" id=\"titre\" "
		         "name=\"titre\" required><label for=\"engagement\">Engagement</label>"
		         "<select id=\"engagement\" name=\"engagement\">");
		term_options(p->h, domain_engagements, DOMAIN_ENGAGEMENTS, "SMQ9");
		html_raw(p->h, "</select><label for=\"origine\">Origine</label>"
		               "<select id=\"origine\" name=\"origine\">");
		term_options(p->h, domain_sources, DOMAIN_SOURCES, "annual-review");
		html_raw(p->h,
		         "</select><label for=\"responsable\">Responsable</label>"
		         "<input type=\"text\" id=\"responsable\" name=\"responsable\">"
		         "<label for=\"echeance\">Échéance (JJ/MM/AAAA)</label>"
		         "<input type=\"text\" id=\"echeance\" name=\"echeance\" "
		         "inputmode=\"numeric\" placeholder=\"JJ/MM/AAAA\">"
		         "<button type=\"submit\">Enregistrer l'action</button></form></details>");
	}
	html_rawf(p->h,
	          "<p class=\"muted\">%zu action%s. « En retard » : ouverte et échéance "
	          "dépassée au %s.</p>",
	          n, n > 1 ? "s" : "", web_date_fr(today, d1));
	html_raw(p->h, "<div class=\"scroll\"><table><thead><tr><th>N°</th><th>Action</th>"
	               "<th>Engagement</th><th>Origine</th><th>Responsable</th><th>Échéance</th>"
	               "<th>Statut</th>");
	if (q)
		html_raw(p->h, "<th class=\"noprint\">Mettre à jour</th>");
	html_raw(p->h, "</tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		const Qp__Action *a = evs[i]->action;
		bool late = steering_action_overdue(a, today);
		html_raw(p->h, "<tr id=\"");
		html_esc(p->h, a->id);
		html_raw(p->h, "\"><td><strong>");
		html_esc(p->h, a->id);
		html_raw(p->h, "</strong></td><td>");
		html_esc(p->h, a->title);
		if (a->note[0] != '\0') {
			html_raw(p->h, "<br><span class=\"muted\">");
			html_esc(p->h, a->note);
			html_raw(p->h, "</span>");
		}
		html_raw(p->h, "</td><td>");
		html_esc(p->h, a->engagement);
		html_raw(p->h, "</td><td>");
		html_esc(p->h, steering_source_fr(a->source));
		html_raw(p->h, "</td><td>");
		html_esc(p->h, a->owner);
		html_raw(p->h, "</td><td>");
		html_esc(p->h, a->due[0] ? web_date_fr(a->due, d2) : "—");
		if (late)
			html_raw(p->h, "<br><strong class=\"ko\">✗ en retard</strong>");
		html_raw(p->h, "</td><td>");
		html_esc(p->h, domain_label(domain_statuses, DOMAIN_STATUSES, a->status));
		html_raw(p->h, "<br><span class=\"muted\">depuis le ");
		html_esc(p->h, web_date_fr(a->status_date, d2));
		html_raw(p->h, "</span></td>");
		if (q) {
			html_raw(p->h, "<td class=\"noprint\">");
			web_form_begin(p->h, p->r, "/actions", "run");
			html_raw(p->h, "<input type=\"hidden\" name=\"formulaire\" value=\"maj\">"
			               "<input type=\"hidden\" name=\"id\" value=\"");
			html_esc(p->h, a->id);
			html_raw(p->h, "\"><label>Statut <select name=\"statut\">");
			term_options(p->h, domain_statuses, DOMAIN_STATUSES, a->status);
			html_raw(p->h,
			         "</select></label><label>Note <input type=\"text\" name=\"note\" "
			         "value=\"");
			html_esc(p->h, a->note);
			html_raw(p->h, "\"></label><button type=\"submit\">Enregistrer</button>"
			               "</form></td>");
		}
		html_raw(p->h, "</tr>");
	}
	html_raw(p->h, "</tbody></table></div>");
	cpage_end(p);
	ledger_destroy(&l);
}

static void
actions_post(cpage *p)
{
	struct steering_action_change ac = { .by = p->user };
	const char *form = cparam(p, "formulaire");
	char date[11], due[11], msg[80];
	int e;

	today_iso(date);
	ac.date = date;
	if (strcmp(form, "ajout") == 0) {
		ac.title = cparam(p, "titre");
		ac.engagement = cparam(p, "engagement");
		ac.source = cparam(p, "origine");
		ac.owner = cparam(p, "responsable");
		if (!text_ok(ac.title, false)) {
			actions_page(p, "Action : saisissez un intitulé.");
			return;
		}
	} else if (strcmp(form, "maj") == 0) {
		ac.id = cparam(p, "id");
		ac.status = cparam(p, "statut");
		ac.note = cparam(p, "note");
		if (!steering_action_id_valid(ac.id) || !domain_action_status_valid(ac.status)) {
			actions_page(p, "Action ou statut inconnu.");
			return;
		}
	} else {
		actions_page(p, "Formulaire inconnu.");
		return;
	}
	if ((ac.engagement != NULL && !domain_engagement_valid(ac.engagement)) ||
	    (ac.source != NULL && !domain_action_source_valid(ac.source))) {
		actions_page(p, "Engagement ou origine inconnu.");
		return;
	}
	if ((ac.owner != NULL && !domain_text_valid(ac.owner, false)) ||
	    (ac.note != NULL && !domain_text_valid(ac.note, true))) {
		actions_page(p, "Responsable ou note : caractères non permis.");
		return;
	}
	if (web_param(p->r, "echeance") != NULL && cparam(p, "echeance")[0] != '\0') {
		if (!typed_date(cparam(p, "echeance"), due)) {
			actions_page(p, "Échéance : date attendue au format JJ/MM/AAAA.");
			return;
		}
		ac.due = due;
	}
	if ((e = store_write(p->w->cs->st, action_txn, &ac)) != 0) {
		p->resp->status = 400;
		actions_page(p, ac.err[0] ? ac.err : qp_errtext(e));
		return;
	}
	snprintf(msg, sizeof(msg), "Action %s enregistrée.", ac.id_buf);
	done(p, "/actions", msg);
}

void
cpage_actions(cpage *p)
{
	if (web_is_post(p->r))
		actions_post(p);
	else
		actions_page(p, NULL);
}

/* ---------------------------------------------------------------- audits */

static void
audits_page(cpage *p, const char *error)
{
	int year = cpage_year(p);
	Qp__Audit **audits = NULL;
	Qp__SiteRecord **sites = NULL;
	store_txn *txn = NULL;
	ledger *l = NULL;
	size_t n = 0, ns = 0;
	bool q = p->roles & R_QUALITE;
	char d[32];
	int e;

	if ((e = store_read(p->w->cs->st, &txn)) == 0 &&
	    (e = steering_audits(txn, year, &audits, &n)) == 0 &&
	    (e = steering_ledger(txn, &l)) == 0)
		e = cstore_sites(txn, &sites, &ns);
	store_txn_end(&txn);
	if (e != 0) {
		store_error(p, e);
		goto out;
	}
	cpage_begin(p, "Audits et constats", "/audits");
	html_rawf(p->h, "<h1>Audits et constats %d</h1>", year);
	year_form(p, "/audits", year);
	web_flash(p->h, p->r);
	if (error != NULL)
		web_msg_error(p->h, error);
	if (q) {
		html_raw(p->h,
		         "<details class=\"noprint\"><summary>Enregistrer un audit</summary>");
		web_form_begin(p->h, p->r, "/audits", "stack");
		html_raw(p->h, "<label for=\"site\">Site audité</label><select id=\"site\" "
		               "name=\"site\">");
		site_options(p->h, sites, ns);
		html_raw(p->h,
		         "</select><label for=\"type\">Type d'audit</label><select id=\"type\" "
		         "name=\"type\">");
		kind_options(p->h, steering_audit_kinds, steering_audit_kind_fr);
		html_raw(p->h,
		         "</select><label for=\"date\">Date (JJ/MM/AAAA)</label>"
		         "<input type=\"text\" id=\"date\" name=\"date\" required "
		         "inputmode=\"numeric\" placeholder=\"JJ/MM/AAAA\">"
		         "<label for=\"auditeur\">Auditeur</label><input type=\"text\" "
		         "id=\"auditeur\" name=\"auditeur\" required>"
		         "<button type=\"submit\">Enregistrer l'audit</button></form></details>");
	}
	if (n == 0)
		html_rawf(p->h, "<p>Aucun audit enregistré pour %d.</p>", year);
	for (size_t i = 0; i < n; i++) {
		const Qp__Audit *a = audits[i];
		html_raw(p->h, "<section class=\"card\"><h2 id=\"");
		html_esc(p->h, a->id);
		html_raw(p->h, "\">");
		html_esc(p->h, a->id);
		html_raw(p->h, " · ");
		html_esc(p->h, steering_audit_kind_fr(a->kind));
		html_raw(p->h, " · ");
		html_esc(p->h, a->site);
		html_raw(p->h, " · ");
		html_esc(p->h, web_date_fr(a->date, d));
		html_raw(p->h, "</h2><p class=\"muted\">Auditeur : ");
		html_esc(p->h, a->auditor);
		if (a->report_name[0] != '\0') {
			html_raw(p->h, " · rapport ");
			html_esc(p->h, a->report_name);
		}
		html_raw(p->h, "</p>");
		if (a->n_findings == 0) {
			html_raw(p->h, "<p>Aucun constat.</p>");
		} else {
			html_raw(p->h, "<div class=\"scroll\"><table><thead><tr><th>N°</th><th>Type"
			               "</th><th>Engagement</th><th>Constat</th><th>Action ouverte"
			               "</th></tr></thead><tbody>");
			for (size_t k = 0; k < a->n_findings; k++) {
				const Qp__AuditFinding *f = a->findings[k];
				html_rawf(p->h, "<tr><td>%u</td><td>", f->number);
				html_esc(p->h, steering_finding_kind_fr(f->kind));
				html_raw(p->h, "</td><td>");
				html_esc(p->h, f->engagement);
				html_raw(p->h, "</td><td>");
				html_esc(p->h, f->text);
				html_raw(p->h, "</td><td>");
				if (f->action_id[0] != '\0') {
					const Qp__Event *ev = ledger_action(l, f->action_id);
					html_raw(p->h, "<a href=\"/actions#");
					html_esc(p->h, f->action_id);
					html_raw(p->h, "\">");
					html_esc(p->h, f->action_id);
					html_raw(p->h, "</a>");
					if (ev != NULL) {
						html_raw(p->h, " (");
						html_esc(p->h, domain_label(domain_statuses,
						                            DOMAIN_STATUSES,
						                            ev->action->status));
						html_raw(p->h, ")");
					}
				} else {
					html_raw(p->h, "—");
				}
				html_raw(p->h, "</td></tr>");
			}
			html_raw(p->h, "</tbody></table></div>");
		}
		if (q) {
			html_raw(p->h, "<details class=\"noprint\"><summary>Ajouter un constat à ");
			html_esc(p->h, a->id);
			html_raw(p->h, "</summary>");
			web_form_begin(p->h, p->r, "/audits/constat", "stack");
			html_raw(p->h, "<input type=\"hidden\" name=\"audit\" value=\"");
			html_esc(p->h, a->id);
			html_rawf(p->h,
			          "\"><input type=\"hidden\" name=\"annee\" value=\"%d\">"
			          "<label for=\"type-%zu\">Type de constat</label>"
			          "<select id=\"type-%zu\" name=\"type\">",
			          year, i, i);
			kind_options(p->h, steering_finding_kinds, steering_finding_kind_fr);
			html_rawf(p->h,
			          "</select><label for=\"eng-%zu\">Engagement</label>"
			          "<select id=\"eng-%zu\" name=\"engagement\">",
			          i, i);
			term_options(p->h, domain_engagements, DOMAIN_ENGAGEMENTS, NULL);
			html_rawf(p->h,
			          "</select><label for=\"texte-%zu\">Constat</label>"
			          "<textarea id=\"texte-%zu\" name=\"texte\" required></textarea>"
			          "<label><input type=\"checkbox\" name=\"action\" value=\"oui\"> "
			          "Ouvrir une action centrale pour ce constat</label>"
			          "<label for=\"resp-%zu\">Responsable de l'action</label>"
			          "<input type=\"text\" id=\"resp-%zu\" name=\"responsable\">"
			          "<label for=\"ech-%zu\">Échéance de l'action (JJ/MM/AAAA)</label>"
			          "<input type=\"text\" id=\"ech-%zu\" name=\"echeance\" "
			          "inputmode=\"numeric\" placeholder=\"JJ/MM/AAAA\">"
			          "<button type=\"submit\">Enregistrer le constat</button>"
			          "</form></details>",
			          i, i, i, i, i, i);
		}
		html_raw(p->h, "</section>");
	}
	cpage_end(p);
out:
	ledger_destroy(&l);
	steering_audits_free(audits, n);
	cstore_sites_free(sites, ns);
}

static void
audits_post(cpage *p)
{
	struct steering_audit_new an = { .a = QP__AUDIT__INIT };
	const char *site = cparam(p, "site"), *kind = cparam(p, "type");
	const char *auditor = cparam(p, "auditeur");
	char date[11], msg[80];
	int e;

	if (!domain_site_id_valid(site) || !steering_audit_kind_valid(kind)) {
		audits_page(p, "Site ou type d'audit inconnu.");
		return;
	}
	if (!typed_date(cparam(p, "date"), date)) {
		audits_page(p, "Date : date attendue au format JJ/MM/AAAA.");
		return;
	}
	if (!text_ok(auditor, false)) {
		audits_page(p, "Auditeur : saisissez son nom.");
		return;
	}
	an.a.site = (char *)site;
	an.a.kind = (char *)kind;
	an.a.date = date;
	an.a.auditor = (char *)auditor;
	an.a.report = (char *)"";
	an.a.recorded_at_ms = cal_now_ms();
	an.a.author = (char *)p->user;
	if ((e = store_write(p->w->cs->st, steering_audit_add_txn, &an)) != 0) {
		p->resp->status = 400;
		audits_page(p, an.err[0] ? an.err : qp_errtext(e));
		return;
	}
	snprintf(msg, sizeof(msg), "Audit %s enregistré.", an.id);
	html tmp;
	char *q;
	html_init(&tmp);
	html_url(&tmp, msg);
	q = html_take(&tmp, NULL);
	web_redirect(p->resp, "/audits?annee=%.4s&ok=%s#%s", date, q != NULL ? q : "", an.id);
	free(q);
}

void
cpage_audits(cpage *p)
{
	if (web_is_post(p->r))
		audits_post(p);
	else
		audits_page(p, NULL);
}

void
cpage_finding(cpage *p)
{
	struct steering_finding_new fn = { .by = p->user };
	char date[11], due[11], msg[120];
	html tmp;
	char *q;
	int e;

	fn.audit = cparam(p, "audit");
	fn.kind = cparam(p, "type");
	fn.engagement = cparam(p, "engagement");
	fn.text = cparam(p, "texte");
	fn.action = strcmp(cparam(p, "action"), "oui") == 0;
	if (!steering_audit_id_valid(fn.audit) || !steering_finding_kind_valid(fn.kind) ||
	    !domain_engagement_valid(fn.engagement)) {
		audits_page(p, "Audit, type de constat ou engagement inconnu.");
		return;
	}
	if (!text_ok(fn.text, true)) {
		audits_page(p, "Constat : saisissez le texte du constat.");
		return;
	}
	if (fn.action) {
		fn.owner = cparam(p, "responsable");
		if (!domain_text_valid(fn.owner, false)) {
			audits_page(p, "Responsable : caractères non permis.");
			return;
		}
		if (cparam(p, "echeance")[0] != '\0') {
			if (!typed_date(cparam(p, "echeance"), due)) {
				audits_page(p, "Échéance : date attendue au format JJ/MM/AAAA.");
				return;
			}
			fn.due = due;
		}
	}
	today_iso(date);
	fn.ac.date = date;
	if ((e = store_write(p->w->cs->st, steering_finding_txn, &fn)) != 0) {
		p->resp->status = 400;
		audits_page(p, fn.err[0] ? fn.err : qp_errtext(e));
		return;
	}
	if (fn.action)
		snprintf(msg, sizeof(msg), "Constat %u de %s enregistré ; action %s ouverte.",
		         fn.number, fn.audit, fn.ac.id_buf);
	else
		snprintf(msg, sizeof(msg), "Constat %u de %s enregistré.", fn.number, fn.audit);
	html_init(&tmp);
	html_url(&tmp, msg);
	q = html_take(&tmp, NULL);
	web_redirect(p->resp, "/audits?annee=%d&ok=%s#%s", cpage_year(p), q != NULL ? q : "",
	             fn.audit);
	free(q);
}

/* ---------------------------------------------------------------- campaigns */

static void
campaigns_page(cpage *p, const char *error)
{
	int year = cpage_year(p);
	Qp__CampaignResult **c = NULL;
	Qp__SiteRecord **sites = NULL;
	store_txn *txn = NULL;
	size_t n = 0, ns = 0;
	int e;

	if ((e = store_read(p->w->cs->st, &txn)) == 0 &&
	    (e = steering_campaigns(txn, year, &c, &n)) == 0)
		e = cstore_sites(txn, &sites, &ns);
	store_txn_end(&txn);
	if (e != 0) {
		store_error(p, e);
		goto out;
	}
	cpage_begin(p, "Campagnes", "/campagnes");
	html_rawf(p->h, "<h1>Résultats des campagnes %d</h1>", year);
	year_form(p, "/campagnes", year);
	web_flash(p->h, p->r);
	if (error != NULL)
		web_msg_error(p->h, error);
	html_raw(p->h, "<p class=\"muted\">Appels mystère, visites mystère et enquête de "
	               "satisfaction, saisis une fois au centre : la revue les préfère aux "
	               "valeurs des sites et dit d'où vient chaque chiffre.</p>");
	if (p->roles & R_QUALITE) {
		html_raw(p->h, "<details class=\"noprint\"><summary>Saisir un résultat</summary>");
		web_form_begin(p->h, p->r, "/campagnes", "stack");
		html_raw(p->h, "<label for=\"campagne\">Campagne</label><select id=\"campagne\" "
		               "name=\"campagne\">");
		kind_options(p->h, steering_campaign_kinds, steering_campaign_kind_fr);
		html_raw(p->h, "</select><label for=\"site\">Site</label><select id=\"site\" "
		               "name=\"site\">");
		site_options(p->h, sites, ns);
		html_rawf(p->h,
		          "</select><label for=\"annee-c\">Année</label><input type=\"number\" "
		          "id=\"annee-c\" name=\"annee\" value=\"%d\" min=\"2000\" max=\"2100\">"
		          "<label for=\"reussis\">Réussis (ou usagers satisfaits)</label>"
		          "<input type=\"number\" id=\"reussis\" name=\"reussis\" min=\"0\" "
		          "required><label for=\"total\">Total (appels, visites ou "
		          "répondants)</label><input type=\"number\" id=\"total\" name=\"total\" "
		          "min=\"1\" required><button type=\"submit\">Enregistrer</button>"
		          "</form></details>",
		          year);
	}
	if (n == 0) {
		html_rawf(p->h, "<p>Aucun résultat de campagne pour %d.</p>", year);
	} else {
		html_raw(p->h, "<div class=\"scroll\"><table><thead><tr><th>Campagne</th><th>Site"
		               "</th><th class=\"num\">Réussis / total</th><th class=\"num\">Taux"
		               "</th><th>Saisi par</th></tr></thead><tbody>");
		for (size_t i = 0; i < n; i++) {
			char rate[32], when[32];
			html_raw(p->h, "<tr><td>");
			html_esc(p->h, steering_campaign_kind_fr(c[i]->kind));
			html_raw(p->h, "</td><td>");
			html_esc(p->h, c[i]->site);
			html_rawf(p->h,
			          "</td><td class=\"num\">%llu / %llu</td><td class=\"num\">%s"
			          "</td><td>",
			          (unsigned long long)c[i]->passed, (unsigned long long)c[i]->total,
			          web_rate_fr(c[i]->passed, c[i]->total, rate, sizeof(rate)));
			html_esc(p->h, c[i]->author);
			html_raw(p->h, ", ");
			html_esc(p->h, web_datetime_fr(c[i]->recorded_at_ms, when));
			html_raw(p->h, "</td></tr>");
		}
		html_raw(p->h, "</tbody></table></div>");
	}
	cpage_end(p);
out:
	steering_campaigns_free(c, n);
	cstore_sites_free(sites, ns);
}

static void
campaigns_post(cpage *p)
{
	struct steering_campaign_new cn = { .c = QP__CAMPAIGN_RESULT__INIT };
	const char *kind = cparam(p, "campagne"), *site = cparam(p, "site");
	unsigned long long np, nt;
	char msg[120];
	int e;

	if (!steering_campaign_kind_valid(kind) || !domain_site_id_valid(site)) {
		campaigns_page(p, "Campagne ou site inconnu.");
		return;
	}
	if (!domain_parse_u64(cparam(p, "total"), &nt) || nt == 0 || nt > DOMAIN_COUNT_MAX ||
	    !domain_parse_u64(cparam(p, "reussis"), &np) || np > nt) {
		campaigns_page(p, "Réussis et total : nombres entiers, total d'au moins 1, "
		                  "réussis au plus égal au total.");
		return;
	}
	cn.c.kind = (char *)kind;
	cn.c.site = (char *)site;
	cn.c.year = (uint32_t)cpage_year(p);
	cn.c.passed = np;
	cn.c.total = nt;
	cn.c.recorded_at_ms = cal_now_ms();
	cn.c.author = (char *)p->user;
	if ((e = store_write(p->w->cs->st, steering_campaign_txn, &cn)) != 0) {
		p->resp->status = 400;
		campaigns_page(p, cn.err[0] ? cn.err : qp_errtext(e));
		return;
	}
	snprintf(msg, sizeof(msg), "Résultat enregistré : %s, %s, %llu / %llu.",
	         steering_campaign_kind_fr(kind), site, np, nt);
	html tmp;
	char *q;
	html_init(&tmp);
	html_url(&tmp, msg);
	q = html_take(&tmp, NULL);
	web_redirect(p->resp, "/campagnes?annee=%u&ok=%s", cn.c.year, q != NULL ? q : "");
	free(q);
}

void
cpage_campaigns(cpage *p)
{
	if (web_is_post(p->r))
		campaigns_post(p);
	else
		campaigns_page(p, NULL);
}

/* ---------------------------------------------------------------- catalogue */

static Qp__CentralState *
central(cpage *p, int *err)
{
	Qp__CentralState *cs = NULL;
	store_txn *txn = NULL;
	int e = store_read(p->w->cs->st, &txn);

	if (e == 0)
		e = cstore_central_get(txn, &cs);
	store_txn_end(&txn);
	*err = e;
	return e == 0 ? cs : NULL;
}

void
cpage_catalogue(cpage *p)
{
	int e;
	Qp__CentralState *cs = central(p, &e);

	if (cs == NULL && e != QP_ENOTFOUND) {
		store_error(p, e);
		return;
	}
	cpage_begin(p, "Catalogue", "/catalogue");
	html_raw(p->h, "<h1>Catalogue des indicateurs</h1><p class=\"muted\">Chaque période est "
	               "jugée sur la cible en vigueur alors. Pour ajouter un indicateur ou changer "
	               "une cible : <code>qp-collector catalogue add</code> et "
	               "<code>catalogue set CODE --target X --from PÉRIODE</code>.</p>");
	html_raw(p->h, "<div class=\"scroll\"><table><thead><tr><th>Code</th><th>Engagement</th>"
	               "<th>Indicateur</th><th>Période</th><th class=\"num\">Cible en vigueur</th>"
	               "<th>Cibles dans le temps</th></tr></thead><tbody>");
	for (size_t i = 0; cs != NULL && i < cs->n_catalogue; i++) {
		const Qp__CatalogueEntry *c = cs->catalogue[i];
		char t[32];
		html_raw(p->h, "<tr><td>");
		html_esc(p->h, c->code);
		html_raw(p->h, "</td><td>");
		html_esc(p->h, c->engagement);
		html_raw(p->h, "</td><td>");
		html_esc(p->h, c->label);
		html_raw(p->h, "</td><td>");
		html_esc(p->h, steering_period_fr(c->periodicity));
		html_rawf(p->h, "</td><td class=\"num\">%s</td><td>",
		          web_target_fr(c->target, t, sizeof(t)));
		if (c->n_targets == 0)
			html_raw(p->h, "—");
		for (size_t k = 0; k < c->n_targets; k++) {
			html_raw(p->h, k ? "<br>" : "");
			if (c->targets[k]->from[0] != '\0') {
				html_raw(p->h, "à partir de ");
				html_esc(p->h, c->targets[k]->from);
			} else {
				html_raw(p->h, "depuis toujours");
			}
			html_rawf(p->h, " : %s",
			          web_target_fr(c->targets[k]->target, t, sizeof(t)));
		}
		html_raw(p->h, "</td></tr>");
	}
	html_raw(p->h, "</tbody></table></div>");
	cpage_end(p);
	codec_free((ProtobufCMessage **)&cs);
}

/* ---------------------------------------------------------------- planning */

static const Qp__Planning *
planning_of(const Qp__CentralState *cs, int year)
{
	for (size_t i = 0; cs != NULL && i < cs->n_plannings; i++)
		if ((int)cs->plannings[i]->year == year)
			return cs->plannings[i];
	return NULL;
}

void
cpage_planning(cpage *p)
{
	int year = cpage_year(p), e;
	Qp__CentralState *cs = central(p, &e);
	const Qp__Planning *pl;
	char d[32];

	if (cs == NULL && e != QP_ENOTFOUND) {
		store_error(p, e);
		return;
	}
	pl = planning_of(cs, year);
	cpage_begin(p, "Planning", "/planning");
	html_rawf(p->h, "<h1>Planning qualité %d</h1>", year);
	year_form(p, "/planning", year);
	if (pl == NULL) {
		html_rawf(p->h,
		          "<p>Aucun planning n'est généré pour %d : "
		          "<code>qp-collector planning generate --year %d</code>.</p>",
		          year, year);
	} else {
		html_rawf(p->h,
		          "<p>%zu événements · <a href=\"/telecharger/planning-%d.ics\">"
		          "calendrier (iCalendar)</a> · <a href=\"/telecharger/planning-%d.csv\">"
		          "CSV</a> · <a href=\"/telecharger/planning-%d.json\">JSON</a></p>",
		          pl->n_events, year, year, year);
		html_raw(p->h, "<div class=\"scroll\"><table><thead><tr><th>Date</th><th>Pour</th>"
		               "<th>Événement</th></tr></thead><tbody>");
		for (size_t i = 0; i < pl->n_events; i++) {
			const Qp__PlanningEvent *ev = pl->events[i];
			html_raw(p->h, "<tr><td>");
			html_esc(p->h, web_date_fr(ev->date, d));
			html_raw(p->h, "</td><td>");
			html_esc(p->h, strcmp(ev->scope, DOMAIN_SCOPE_CENTRAL) == 0
			                       ? "tous les sites"
			                       : ev->scope);
			html_raw(p->h, "</td><td><strong>");
			html_esc(p->h, ev->title);
			html_raw(p->h, "</strong><br><span class=\"muted\">");
			html_esc(p->h, ev->description);
			html_raw(p->h, "</span></td></tr>");
		}
		html_raw(p->h, "</tbody></table></div>");
	}
	cpage_end(p);
	codec_free((ProtobufCMessage **)&cs);
}

/* ---------------------------------------------------------------- downloads */

void
cpage_downloads(cpage *p)
{
	int year = cpage_year(p);

	cpage_begin(p, "Téléchargements", "/telechargements");
	html_rawf(p->h, "<h1>Téléchargements %d</h1>", year);
	year_form(p, "/telechargements", year);
	html_raw(p->h, "<p class=\"muted\">Les mêmes fichiers que <code>qp-collector report "
	               "review</code>, <code>planning export</code> et <code>export</code>, "
	               "calculés à l'instant.</p>");
	download_links(p, year);
	cpage_end(p);
}

static int
planning_into(cpage *p, int year, enum planning_format f)
{
	int e;
	Qp__CentralState *cs = central(p, &e);
	const Qp__Planning *pl = planning_of(cs, year);
	struct planning_view v = { .year = year, .now_ms = cal_now_ms() };
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;

	if (pl == NULL) {
		codec_free((ProtobufCMessage **)&cs);
		return QP_ENOTFOUND;
	}
	v.version = cs->version;
	v.events = (const Qp__PlanningEvent **)pl->events;
	v.n = pl->n_events;
	if ((fp = open_memstream(&buf, &len)) == NULL) {
		codec_free((ProtobufCMessage **)&cs);
		return QP_ENOMEM;
	}
	e = planning_view_write(fp, f, &v);
	if (fclose(fp) != 0 && e == 0)
		e = QP_EIO;
	if (e == 0)
		html_rawn(p->h, buf, len);
	free(buf);
	codec_free((ProtobufCMessage **)&cs);
	return e;
}

static int
export_into(cpage *p, const char *kind, int year, bool json)
{
	store_txn *txn = NULL;
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;
	int e;

	if ((fp = open_memstream(&buf, &len)) == NULL)
		return QP_ENOMEM;
	if ((e = store_read(p->w->cs->st, &txn)) == 0)
		e = review_export(txn, kind, json, NULL, year, fp);
	store_txn_end(&txn);
	if (fclose(fp) != 0 && e == 0)
		e = QP_EIO;
	if (e == 0)
		html_rawn(p->h, buf, len);
	free(buf);
	return e;
}

/* The CSV report is several files (review_write_csv): written in a private
 * temporary folder, the one asked for is served, the folder removed. */
static int
review_csv_into(cpage *p, int year, const char *suffix)
{
	char dir[] = "/tmp/qp-web-csv.XXXXXX", path[96], **written = NULL, err[256];
	review *r = NULL;
	size_t want = strlen(suffix);
	int e;

	if ((e = load_review(p, year, &r)) != 0)
		return e;
	if (mkdtemp(dir) == NULL) {
		review_destroy(&r);
		return QP_EIO;
	}
	snprintf(path, sizeof(path), "%s/revue.csv", dir);
	e = review_write_csv(r, path, &written, err, sizeof(err));
	review_destroy(&r);
	for (size_t i = 0; written != NULL && written[i] != NULL; i++) {
		size_t l = strlen(written[i]);
		if (e == 0 && l >= want && strcmp(written[i] + l - want, suffix) == 0 &&
		    (want != 4 || strcmp(written[i], path) == 0)) {
			size_t n = 0;
			char *text = cli_read_file(written[i], 256u << 20, &n);
			if (text != NULL)
				html_rawn(p->h, text, n);
			else
				e = QP_EIO;
			free(text);
		}
		unlink(written[i]);
		free(written[i]);
	}
	free(written);
	rmdir(dir);
	return e;
}

void
cpage_download(cpage *p)
{
	const char *name = web_path(p->r) + strlen("/telecharger/");
	char kind[16] = "", ext[8] = "", rest[24] = "";
	int year = 0, e = QP_ENOTFOUND, used = 0;

	if (strlen(name) >= 64) {
		cpage_not_found(p);
		return;
	}
	if (sscanf(name, "revue-%4d%n", &year, &used) == 1) {
		const char *t = name + used;
		if (strcmp(t, ".html") == 0) {
			e = review_into(p, year, "html");
			p->resp->content_type = "text/html; charset=utf-8";
		} else if (strcmp(t, "-diaporama.html") == 0) {
			e = review_into(p, year, "slides");
			p->resp->content_type = "text/html; charset=utf-8";
		} else if (strcmp(t, ".json") == 0) {
			e = review_into(p, year, "json");
			p->resp->content_type = "application/json; charset=utf-8";
		} else if (strcmp(t, ".csv") == 0 || strcmp(t, "-reseau.csv") == 0 ||
		           strcmp(t, "-actions.csv") == 0) {
			e = review_csv_into(p, year,
			                    strcmp(t, ".csv") == 0          ? ".csv"
			                    : strcmp(t, "-reseau.csv") == 0 ? "-network.csv"
			                                                    : "-actions.csv");
			p->resp->content_type = "text/csv; charset=utf-8";
		}
	} else if (sscanf(name, "planning-%4d.%7[a-z]%23s", &year, ext, rest) == 2) {
		enum planning_format f = strcmp(ext, "ics") == 0    ? PLANNING_ICS
		                         : strcmp(ext, "json") == 0 ? PLANNING_JSON
		                                                    : PLANNING_CSV;
		if (strcmp(ext, "ics") == 0 || strcmp(ext, "json") == 0 ||
		    strcmp(ext, "csv") == 0) {
			e = planning_into(p, year, f);
			p->resp->content_type = f == PLANNING_ICS ? "text/calendar; charset=utf-8"
			                        : f == PLANNING_JSON
			                                ? "application/json; charset=utf-8"
			                                : "text/csv; charset=utf-8";
		}
	} else if (sscanf(name, "export-%15[a-z]-%4d.%7[a-z]%23s", kind, &year, ext, rest) == 3 &&
	           review_export_kind_valid(kind) &&
	           (strcmp(ext, "csv") == 0 || strcmp(ext, "json") == 0)) {
		e = export_into(p, kind, year, strcmp(ext, "json") == 0);
		p->resp->content_type = strcmp(ext, "json") == 0 ? "application/json; charset=utf-8"
		                                                 : "text/csv; charset=utf-8";
	}
	if (year < 2000 || year > 2100)
		e = QP_ENOTFOUND;
	if (e != 0) {
		html_free(p->h);
		html_init(p->h);
		p->resp->content_type = NULL;
		if (e == QP_ENOTFOUND)
			cpage_not_found(p);
		else
			store_error(p, e);
		return;
	}
	snprintf(p->resp->attachment, sizeof(p->resp->attachment), "%s", name);
	p->resp->document = true;
}
