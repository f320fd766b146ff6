/*
 * The agent's web interface: server start, routing with the roles enforced
 * for every URL and form, login, /healthz, /metrics and the page layout.
 * Page texts are French in the source (see docs/guide-utilisateur.md): the
 * interface has no other audience.
 */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "calendar.h"
#include "codec.h"
#include "metrics.h"
#include "users.h"
#include "webui.h"

/* ---------------------------------------------------------------- state */

ledger *
web_ledger(agent_web *a)
{
	store_txn *txn = NULL;
	store_cursor *c = NULL;
	store_val k, v;
	uint64_t next = 0;
	uint8_t key[8];
	int e;

	if ((e = store_read(a->s->st, &txn)) != 0)
		return NULL;
	if ((e = site_meta_get(txn, META_NEXT_SEQ, &next)) != 0)
		goto out;
	/* A store put back from a backup goes backwards: start over. */
	if (a->l == NULL || next < a->l_next) {
		ledger_destroy(&a->l);
		if ((e = ledger_new(&a->l)) != 0)
			goto out;
		a->l_next = 1;
	}
	if (next == a->l_next)
		goto out;
	if ((e = store_cursor_open(txn, T_HISTORY, &c)) != 0)
		goto out;
	store_key_u64(key, a->l_next);
	for (e = store_cursor_seek(c, key, sizeof(key), &k, &v); e == 0;
	     e = store_cursor_next(c, &k, &v)) {
		Qp__Event *ev = NULL;
		a->l_next = store_u64_key(k.data) + 1;
		if (codec_event_unpack(v.data, v.len, &ev) != 0)
			continue;
		if ((e = ledger_add(a->l, &ev)) != 0)
			break;
	}
	if (e == QP_ENOTFOUND)
		e = 0;
out:
	store_cursor_close(&c);
	store_txn_end(&txn);
	if (e != 0) {
		ledger_destroy(&a->l);
		a->l_next = 0;
	}
	return a->l;
}

Qp__CentralState *
web_central(agent_web *a)
{
	Qp__CentralState *cs = NULL;

	return site_central(a->s, &cs) == 0 ? cs : NULL;
}

/* ---------------------------------------------------------------- helpers */

const char *
param(page *p, const char *name)
{
	const char *v = web_param(p->r, name);

	return v != NULL ? v : "";
}

char *
today(char buf[11])
{
	return cal_format_date(cal_paris_day(site_now_ms()), buf);
}

char *
rate_fr(uint64_t num, uint64_t den, char *buf, size_t len)
{
	if (den == 0) {
		snprintf(buf, len, "—");
		return buf;
	}
	/* Tenths of a percent, rounded half up, in integers. */
	uint64_t t = (num * 2000 / den + 1) / 2;
	snprintf(buf, len, "%llu,%llu %%", (unsigned long long)(t / 10),
	         (unsigned long long)(t % 10));
	return buf;
}

char *
target_fr(double t, char *buf, size_t len)
{
	long tenths = (long)(t * 1000 + 0.5);

	if (tenths % 10 == 0)
		snprintf(buf, len, "%ld %%", tenths / 10);
	else
		snprintf(buf, len, "%ld,%ld %%", tenths / 10, tenths % 10);
	return buf;
}

char *
date_fr(const char *iso, char buf[32])
{
	cal_day d;

	if (iso != NULL && cal_parse_date(iso, &d) == 0)
		return cal_format_date_fr(d, buf);
	snprintf(buf, 32, "%s", iso != NULL ? iso : "");
	return buf;
}

char *
datetime_fr(int64_t ms, char buf[32])
{
	char iso[CAL_TEXT_MAX], d[11];

	cal_format_datetime(ms, iso);
	cal_format_date_fr(cal_paris_day(ms), d);
	snprintf(buf, 32, "%s à %.5s", d, iso + 11);
	return buf;
}

/* ---------------------------------------------------------------- layout */

static const struct nav {
	const char *path, *label;
	unsigned roles;
} nav[] = {
	{ "/", "Aujourd'hui", R_STAFF },
	{ "/indicateurs", "Indicateurs", R_STAFF },
	{ "/verifications", "Vérifications", R_STAFF },
	{ "/nettoyage", "Nettoyage", R_RAQN | R_DIRECTION },
	{ "/actions", "Actions", R_RAQN | R_DIRECTION },
	{ "/revue", "Revue annuelle", R_RAQN | R_DIRECTION },
	{ "/planning", "Planning", R_STAFF },
	{ "/historique", "Historique", R_RAQN | R_DIRECTION | R_ACCUEIL },
};

void
page_begin(page *p, const char *title, const char *here)
{
	html *h = p->h;

	html_raw(h, "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\">"
	            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	            "<title>");
	html_esc(h, title);
	html_raw(h, " — QualiPARIS ");
	html_esc(h, p->a->s->cfg.site);
	html_raw(h, "</title><link rel=\"stylesheet\" href=\"/style.css\"></head><body>");
	if (p->user != NULL && !(p->roles & R_ENTRETIEN)) {
		html_raw(h, "<header class=\"top\"><span class=\"site\">QualiPARIS · ");
		html_esc(h, p->a->s->cfg.site);
		html_raw(h, "</span><nav>");
		for (size_t i = 0; i < sizeof(nav) / sizeof(nav[0]); i++) {
			if (!(nav[i].roles & p->roles))
				continue;
			html_rawf(h, "<a href=\"%s\"%s>%s</a> ", nav[i].path,
			          here != NULL && strcmp(here, nav[i].path) == 0 ? " class=\"here\""
			                                                         : "",
			          nav[i].label);
		}
		html_raw(h, "</nav><span class=\"muted\">");
		html_esc(h, p->user);
		html_raw(h, " (");
		html_esc(h, users_role_fr(p->role));
		html_raw(h, ")</span>");
		form_begin(p, "/logout", "inline");
		html_raw(h, "<button type=\"submit\">Se déconnecter</button></form></header>");
	}
	html_raw(h, "<main>");
}

void
page_end(page *p)
{
	html_raw(p->h, "</main></body></html>\n");
}

void
form_begin(page *p, const char *action, const char *cls)
{
	html_raw(p->h, "<form method=\"post\" action=\"");
	html_esc(p->h, action);
	html_raw(p->h, "\"");
	if (cls != NULL)
		html_rawf(p->h, " class=\"%s\"", cls);
	html_raw(p->h, "><input type=\"hidden\" name=\"csrf\" value=\"");
	html_esc(p->h, web_csrf(p->r));
	html_raw(p->h, "\">");
}

void
form_begin_multipart(page *p, const char *action, const char *cls)
{
	html_raw(p->h, "<form method=\"post\" enctype=\"multipart/form-data\" action=\"");
	html_esc(p->h, action);
	html_rawf(p->h, "\" class=\"%s\"><input type=\"hidden\" name=\"csrf\" value=\"", cls);
	html_esc(p->h, web_csrf(p->r));
	html_raw(p->h, "\">");
}

void
page_error(page *p, const char *msg)
{
	html_raw(p->h, "<p class=\"msg bad\" role=\"alert\">");
	html_esc(p->h, msg);
	html_raw(p->h, "</p>");
}

void
page_flash(page *p)
{
	const char *ok = web_param(p->r, "ok");

	if (ok != NULL && ok[0] != '\0') {
		html_raw(p->h, "<p class=\"msg good\" role=\"status\">");
		html_esc(p->h, ok);
		html_raw(p->h, "</p>");
	}
}

static void
simple_page(page *p, int status, const char *title, const char *text)
{
	p->resp->status = status;
	page_begin(p, title, NULL);
	html_raw(p->h, "<h1>");
	html_esc(p->h, title);
	html_raw(p->h, "</h1><p>");
	html_esc(p->h, text);
	html_raw(p->h, "</p><p><a href=\"/\">Retour à l'accueil</a></p>");
	page_end(p);
}

void
page_forbidden(page *p)
{
	simple_page(p, 403, "Accès refusé",
	            "Votre rôle ne donne pas accès à cette page ou à ce formulaire.");
}

void
page_not_found(page *p)
{
	simple_page(p, 404, "Page introuvable", "Cette adresse ne correspond à aucune page.");
}

/* ---------------------------------------------------------------- login */

static bool
safe_next(const char *next)
{
	return next != NULL && next[0] == '/' && next[1] != '/' && next[1] != '\\' &&
	       strpbrk(next, "\r\n") == NULL && strlen(next) < 256;
}

static void
login_form(page *p, const char *error)
{
	const char *next = web_param(p->r, "suite");

	page_begin(p, "Connexion", NULL);
	html_raw(p->h, "<h1>QualiPARIS · ");
	html_esc(p->h, p->a->s->cfg.site);
	html_raw(p->h, "</h1>");
	if (error != NULL)
		page_error(p, error);
	form_begin(p, "/login", "stack");
	if (safe_next(next)) {
		html_raw(p->h, "<input type=\"hidden\" name=\"suite\" value=\"");
		html_esc(p->h, next);
		html_raw(p->h, "\">");
	}
	html_raw(p->h, "<label for=\"nom\">Identifiant</label>"
	               "<input type=\"text\" id=\"nom\" name=\"nom\" autocomplete=\"username\" "
	               "required autofocus value=\"");
	html_esc(p->h, param(p, "nom"));
	html_raw(p->h, "\"><label for=\"mdp\">Mot de passe</label>"
	               "<input type=\"password\" id=\"mdp\" name=\"mdp\" "
	               "autocomplete=\"current-password\" required>"
	               "<button type=\"submit\">Se connecter</button></form>"
	               "<p class=\"muted\">Agents d'entretien : émargez avec le QR code affiché "
	               "dans chaque zone.</p>");
	page_end(p);
}

static void
login(page *p)
{
	const char *name = param(p, "nom"), *pw = param(p, "mdp");
	const char *next = web_param(p->r, "suite");
	user_info u;
	int wait;

	if (!web_is_post(p->r)) {
		if (p->user != NULL) {
			web_redirect(p->resp, "/");
			return;
		}
		login_form(p, NULL);
		return;
	}
	if ((wait = web_throttle_wait(p->r, name)) > 0) {
		char msg[200];
		p->resp->status = 429;
		snprintf(p->resp->retry_after, sizeof(p->resp->retry_after), "%d", wait);
		snprintf(msg, sizeof(msg),
		         "Trop de tentatives de connexion. Réessayez dans "
		         "%d minute%s.",
		         (wait + 59) / 60, (wait + 59) / 60 > 1 ? "s" : "");
		login_form(p, msg);
		return;
	}
	if (accounts_verify(&p->a->acc, name, pw, &u) != 0) {
		web_throttle_failed(p->r, name);
		p->resp->status = 401;
		login_form(p, "Identifiant ou mot de passe incorrect.");
		return;
	}
	web_throttle_passed(p->r, name);
	if (strcmp(u.role, "entretien") == 0) {
		p->resp->status = 403;
		login_form(p, "Les agents d'entretien émargent depuis la page de leur zone "
		              "(QR code affiché dans la zone), sans se connecter ici.");
		return;
	}
	web_login(p->r, u.name, u.role);
	web_redirect(p->resp, "%s", safe_next(next) ? next : "/");
}

/* ---------------------------------------------------------------- probes */

static void
healthz(page *p)
{
	store_txn *txn = NULL;
	bool ok = store_read(p->a->s->st, &txn) == 0;

	store_txn_end(&txn);
	p->resp->status = ok ? 200 : 503;
	p->resp->content_type = "text/plain; charset=utf-8";
	html_raw(p->h, ok ? "ok\n" : "store unreadable\n");
}

/* The Prometheus text of `qp-agent status --format prometheus`
 * (agent_metrics_write): one text for the textfile collector and here. */
static void
metrics(page *p)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;

	p->resp->content_type = "text/plain; charset=utf-8";
	if (!web_client_loopback(p->r)) {
		p->resp->status = 403;
		html_raw(p->h, "metrics are served to 127.0.0.1 only\n");
		return;
	}
	if ((fp = open_memstream(&buf, &len)) == NULL) {
		p->resp->status = 500;
		return;
	}
	/* A store that cannot be read is qualiparis_up 0, still a 200. */
	(void)agent_metrics_write(p->a->s, fp, AGENT_VERSION);
	if (fclose(fp) != 0 || buf == NULL) {
		free(buf);
		p->resp->status = 500;
		return;
	}
	p->resp->content_type = "text/plain; version=0.0.4; charset=utf-8";
	html_rawn(p->h, buf, len);
	free(buf);
}

/* ---------------------------------------------------------------- routing */

static const struct route {
	const char *path;
	bool prefix;
	unsigned get, post; /* roles allowed; 0: nobody */
	bool public;        /* no session needed */
	void (*fn)(page *p);
} routes[] = {
	{ "/", false, R_STAFF, 0, false, page_day },
	{ "/indicateurs", false, R_STAFF, R_RAQN | R_ACCUEIL, false, page_indicators },
	{ "/verifications", false, R_STAFF, R_RAQN | R_ACCUEIL, false, page_checks },
	{ "/nettoyage", false, R_RAQN | R_DIRECTION, R_RAQN, false, page_cleaning },
	{ "/nettoyage/fiche", false, R_RAQN | R_DIRECTION, 0, false, page_zone_sheet },
	{ "/actions", false, R_RAQN | R_DIRECTION, R_RAQN, false, page_actions },
	{ "/revue", false, R_RAQN | R_DIRECTION, R_RAQN, false, page_review },
	{ "/revue/approuver", false, 0, R_DIRECTION, false, page_review_approve },
	{ "/planning", false, R_STAFF, 0, false, page_planning },
	{ "/historique", false, R_RAQN | R_DIRECTION | R_ACCUEIL, 0, false, page_history },
	{ "/historique/annuler", false, R_RAQN, R_RAQN, false, page_void },
};

static unsigned
role_bit(const char *role)
{
	if (role == NULL)
		return 0;
	if (strcmp(role, "raqn") == 0)
		return R_RAQN;
	if (strcmp(role, "direction") == 0)
		return R_DIRECTION;
	if (strcmp(role, "accueil") == 0)
		return R_ACCUEIL;
	if (strcmp(role, "entretien") == 0)
		return R_ENTRETIEN;
	return 0;
}

static void handle_in(agent_web *a, web_request *r, web_response *resp);

/*
 * The pages are French whatever the daemon's own locale (its logs stay as
 * they are): messages from the record modules go through gettext, so the
 * pages run under a French LC_MESSAGES (and UTF-8 LC_CTYPE) of their own,
 * for this thread only; numbers keep the C locale.
 */
static void
handle(void *ctx, web_request *r, web_response *resp)
{
	agent_web *a = ctx;
	locale_t old = a->fr != (locale_t)0 ? uselocale(a->fr) : (locale_t)0;

	handle_in(a, r, resp);
	if (old != (locale_t)0)
		uselocale(old);
}

static void
handle_in(agent_web *a, web_request *r, web_response *resp)
{
	page p = { .a = a, .r = r, .resp = resp, .h = &resp->body };
	const char *path = web_path(r);
	bool post = web_is_post(r);

	a->last_request_ms = site_now_ms();
	a->trimmed = false;
	p.user = web_user(r);
	p.role = web_role(r);
	p.roles = role_bit(p.role);
	if (strcmp(path, "/healthz") == 0) {
		healthz(&p);
		return;
	}
	if (strcmp(path, "/metrics") == 0) {
		metrics(&p);
		return;
	}
	if (strcmp(path, "/login") == 0) {
		login(&p);
		return;
	}
	if (strcmp(path, "/logout") == 0) {
		web_logout(r);
		web_redirect(resp, "/login");
		return;
	}
	if (strncmp(path, "/nettoyage/zone/", 16) == 0) {
		/* Public: the cleaning agent is known by the name and PIN typed. */
		page_zone(&p, path + 16);
		return;
	}
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		const struct route *rt = &routes[i];
		if (strcmp(path, rt->path) != 0)
			continue;
		if (p.user == NULL) {
			if (post) {
				page_forbidden(&p);
			} else {
				resp->status = 303;
				snprintf(resp->location, sizeof(resp->location), "/login?suite=");
				html tmp;
				html_init(&tmp);
				html_url(&tmp, path);
				char *q = html_take(&tmp, NULL);
				if (q != NULL)
					strncat(resp->location, q,
					        sizeof(resp->location) - strlen(resp->location) -
					                1);
				free(q);
			}
			return;
		}
		if (!((post ? rt->post : rt->get) & p.roles)) {
			page_forbidden(&p);
			return;
		}
		rt->fn(&p);
		return;
	}
	page_not_found(&p);
}

/* ---------------------------------------------------------------- server */

int
agent_web_start(site *s, agent_web **out, char *err, size_t errlen)
{
	agent_web *a;
	web_options o = { 0 };
	int e;

	*out = NULL;
	if (s->cfg.web_listen == NULL || s->cfg.web_listen[0] == '\0')
		return 0;
	if ((a = calloc(1, sizeof(*a))) == NULL)
		return QP_ENOMEM;
	a->s = s;
	a->acc = users_of(s);
	if ((e = zones_load(s->data, &a->zs, err, errlen)) != 0) {
		free(a);
		return e;
	}
	a->fr = newlocale(LC_MESSAGES_MASK | LC_CTYPE_MASK, "fr_FR.UTF-8", (locale_t)0);
	o.listen = s->cfg.web_listen;
	o.tls_cert = s->cfg.web_tls_cert;
	o.tls_key = s->cfg.web_tls_key;
	o.session_idle_s = (int)s->cfg.web_session_minutes * 60;
	o.handler = handle;
	o.ctx = a;
	if ((e = web_server_start(&o, &a->srv, err, errlen)) != 0) {
		if (a->fr != (locale_t)0)
			freelocale(a->fr);
		free(a);
		return e;
	}
	*out = a;
	return 0;
}

void
agent_web_destroy(agent_web **wp)
{
	agent_web *a;

	if (wp == NULL || (a = *wp) == NULL)
		return;
	web_server_destroy(&a->srv);
	ledger_destroy(&a->l);
	if (a->fr != (locale_t)0)
		freelocale(a->fr);
	free(a);
	*wp = NULL;
}

/* After this long without a request, the cached state is dropped and the
 * heap's free pages go back to the system: idle RSS matters on a site's
 * small server, and rebuilding the state for the next page takes a few tens
 * of milliseconds even with years of records. */
#define TRIM_AFTER_MS 10000

int
agent_web_fd(agent_web *a)
{
	return web_server_fd(a->srv);
}

long
agent_web_timeout_ms(agent_web *a)
{
	long t = web_server_timeout_ms(a->srv);
	int64_t left = a->last_request_ms + TRIM_AFTER_MS - site_now_ms();

	if (!a->trimmed) {
		if (left < 0)
			left = 0;
		if (t < 0 || left < t)
			t = (long)left;
	}
	return t;
}

void
agent_web_run(agent_web *a)
{
	web_server_run(a->srv);
	if (!a->trimmed && site_now_ms() - a->last_request_ms >= TRIM_AFTER_MS) {
		ledger_destroy(&a->l);
		a->l_next = 0;
		malloc_trim(0);
		a->trimmed = true;
	}
}

const char *
agent_web_url(agent_web *a, char *buf, size_t len)
{
	const char *listen = a->s->cfg.web_listen, *colon = strrchr(listen, ':');

	snprintf(buf, len, "%s://%.*s:%u/", web_server_tls(a->srv) ? "https" : "http",
	         (int)(colon - listen), listen, web_server_port(a->srv));
	return buf;
}
