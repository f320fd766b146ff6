/*
 * The agent's web interface: server start, routing with the roles enforced
 * for every URL and form, login, /healthz, /metrics and the page layout.
 * Page texts are French in the source (see docs/guide-utilisateur.md): the
 * interface has no other audience.
 */
#include <locale.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "calendar.h"
#include "codec.h"
#include "metrics.h"
#include "page.h"
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
	return web_rate_fr(num, den, buf, len);
}

char *
target_fr(double t, char *buf, size_t len)
{
	return web_target_fr(t, buf, len);
}

char *
date_fr(const char *iso, char buf[32])
{
	return web_date_fr(iso, buf);
}

char *
datetime_fr(int64_t ms, char buf[32])
{
	return web_datetime_fr(ms, buf);
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
	{ "/import", "Import", R_RAQN | R_ACCUEIL },
};

void
page_begin(page *p, const char *title, const char *here)
{
	html *h = p->h;

	char place[SITE_NAME_MAX * 4 + 64];

	site_place(&p->a->s->cfg, place, sizeof(place));
	web_head(h, title, place);
	if (p->user != NULL && !(p->roles & R_ENTRETIEN)) {
		html_raw(h, "<header class=\"top\"><span class=\"site\">QualiPARIS · ");
		html_esc(h, place);
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
	web_form_begin(p->h, p->r, action, cls);
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
	web_msg_error(p->h, msg);
}

void
page_flash(page *p)
{
	web_flash(p->h, p->r);
}

/* A notice (web_notice: the words both programs share) in the site's layout. */
static void
notice_page(page *p, const web_notice *n)
{
	p->resp->status = n->status;
	page_begin(p, n->title, NULL);
	web_notice_body(p->h, n);
	page_end(p);
}

void
page_forbidden(page *p)
{
	notice_page(p, &web_forbidden);
}

void
page_not_found(page *p)
{
	notice_page(p, &web_not_found);
}

/* ---------------------------------------------------------------- login */

static void
login(page *p)
{
	char place[SITE_NAME_MAX * 4 + 64];
	const web_login_opts o = {
		.acc = &p->a->acc,
		.place = site_place(&p->a->s->cfg, place, sizeof(place)),
		.note = "Agents d'entretien : émargez avec le QR code affiché dans chaque zone.",
		.refused_role = "entretien",
		.refused_msg = "Les agents d'entretien émargent depuis la page de leur zone "
		               "(QR code affiché dans la zone), sans se connecter ici.",
		.session_minutes = (int)p->a->s->cfg.web_session_minutes,
	};

	web_login_page(p->r, p->resp, &o);
}

/* ---------------------------------------------------------------- probes */

static void
healthz(page *p)
{
	web_healthz(p->resp, p->h, p->a->s->st);
}

/* The Prometheus text of `qp-agent status --format prometheus`
 * (agent_metrics_write): one text for the textfile collector and here. */
static int
write_metrics(void *ctx, FILE *fp)
{
	return agent_metrics_write(ctx, fp, AGENT_VERSION);
}

static void
metrics(page *p)
{
	web_metrics(p->r, p->resp, p->h, write_metrics, p->a->s);
}

/* ---------------------------------------------------------------- routing */

/* The pages that need a session (web_route_find: the rule both programs
 * share); the zone pages, the probes and the login are served before. */
static const struct route {
	web_route w;
	void (*fn)(page *p);
} routes[] = {
	{ { "/", false, R_STAFF, 0 }, page_day },
	{ { "/indicateurs", false, R_STAFF, R_RAQN | R_ACCUEIL }, page_indicators },
	{ { "/verifications", false, R_STAFF, R_RAQN | R_ACCUEIL }, page_checks },
	{ { "/verifications/definir", false, R_RAQN, R_RAQN }, page_check_define },
	{ { "/nettoyage", false, R_RAQN | R_DIRECTION, R_RAQN }, page_cleaning },
	{ { "/nettoyage/fiche", false, R_RAQN | R_DIRECTION, 0 }, page_zone_sheet },
	{ { "/actions", false, R_RAQN | R_DIRECTION, R_RAQN }, page_actions },
	{ { "/revue", false, R_RAQN | R_DIRECTION, R_RAQN }, page_review },
	{ { "/revue/approuver", false, 0, R_DIRECTION }, page_review_approve },
	{ { "/planning", false, R_STAFF, 0 }, page_planning },
	{ { "/historique", false, R_RAQN | R_DIRECTION | R_ACCUEIL, 0 }, page_history },
	{ { "/historique/annuler", false, R_RAQN, R_RAQN }, page_void },
	{ { "/import", false, R_RAQN | R_ACCUEIL, R_RAQN | R_ACCUEIL }, page_import },
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

/* The server runs it under the pages' French locale (web/server.c). */
static void
handle(void *ctx, web_request *r, web_response *resp)
{
	agent_web *a = ctx;
	page p = { .a = a, .r = r, .resp = resp, .h = &resp->body };
	const char *path = web_path(r);
	size_t i;

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
	switch (web_route_find(r, resp, &routes[0].w, sizeof(routes[0]),
	                       sizeof(routes) / sizeof(routes[0]), p.roles, &i)) {
	case WEB_ROUTE_RUN: routes[i].fn(&p); break;
	case WEB_ROUTE_DONE: break;
	case WEB_ROUTE_FORBIDDEN: page_forbidden(&p); break;
	case WEB_ROUTE_NOT_FOUND: page_not_found(&p); break;
	}
}

/* ---------------------------------------------------------------- server */

int
agent_web_start(site *s, agent_web **out, char *err, size_t errlen)
{
	static const web_upload_rule uploads[] = { { "/import", "fichier", IMPORT_UPLOAD_MAX } };
	agent_web *a;
	web_options o = { 0 };
	locale_t c, old;
	int e;

	*out = NULL;
	if (s->cfg.web_listen == NULL || s->cfg.web_listen[0] == '\0')
		return 0;
	if ((a = calloc(1, sizeof(*a))) == NULL)
		return QP_ENOMEM;
	a->s = s;
	a->acc = users_of(s);
	/* Its error goes to the log, which stays English for the IT team
	 * whatever the locale (`clean sign` says the same in French). */
	c = newlocale(LC_MESSAGES_MASK, "C", (locale_t)0);
	old = c != (locale_t)0 ? uselocale(c) : (locale_t)0;
	e = zones_load(s->data, &a->zs, err, errlen);
	if (c != (locale_t)0) {
		uselocale(old);
		freelocale(c);
	}
	if (e != 0) {
		free(a);
		return e;
	}
	o.listen = s->cfg.web_listen;
	o.tls_cert = s->cfg.web_tls_cert;
	o.tls_key = s->cfg.web_tls_key;
	o.session_idle_s = (int)s->cfg.web_session_minutes * 60;
	/* For tests only (docs/agent.md): session limits in seconds, so that a
	 * test sees a session expire without waiting 30 minutes. */
	if (getenv("QP_TEST_WEB_SESSION_IDLE_S") != NULL)
		o.session_idle_s = atoi(getenv("QP_TEST_WEB_SESSION_IDLE_S"));
	if (getenv("QP_TEST_WEB_SESSION_MAX_S") != NULL)
		o.session_max_s = atoi(getenv("QP_TEST_WEB_SESSION_MAX_S"));
	o.handler = handle;
	o.ctx = a;
	o.accounts = &a->acc;
	o.uploads = uploads;
	o.n_uploads = 1;
	if ((e = web_server_start(&o, &a->srv, err, errlen)) != 0) {
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
	web_import_drop_all();
	ledger_destroy(&a->l);
	free(a);
	*wp = NULL;
}

/* After this long without a request (or a message from the centre), the
 * cached state is dropped, the heap's free pages go back to the system and
 * the store's file pages are unmapped: idle RSS matters on a site's small
 * server, and rebuilding the state for the next page takes a few tens of
 * milliseconds even with years of records. */
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
	web_import_tick(site_now_ms());
	if (!a->trimmed && site_now_ms() - a->last_request_ms >= TRIM_AFTER_MS) {
		ledger_destroy(&a->l);
		a->l_next = 0;
		malloc_trim(0);
		store_release_pages(a->s->st);
		a->trimmed = true;
	}
}

void
agent_web_touch(agent_web *a)
{
	a->last_request_ms = site_now_ms();
	a->trimmed = false;
}

const char *
agent_web_url(agent_web *a, char *buf, size_t len)
{
	const char *listen = a->s->cfg.web_listen, *colon = strrchr(listen, ':');

	snprintf(buf, len, "%s://%.*s:%u/", web_server_tls(a->srv) ? "https" : "http",
	         (int)(colon - listen), listen, web_server_port(a->srv));
	return buf;
}
