/*
 * The central team's web interface: server start, routing with the roles
 * enforced for every URL and form, login (web/page.c), /healthz, /metrics
 * and the page layout. The pages are in cweb_pages.c. Page texts are
 * French in the source: the interface has no other audience.
 */
#include "cweb.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "cweb_int.h"
#include "i18n.h"
#include "metrics.h"
#include "page.h"

static const account_role roles[] = {
	{ "qualite", "Qualité centrale", false },
	{ "lecture", "Lecture", false },
};

const web_accounts cweb_roles = {
	.table = C_USERS,
	.roles = roles,
	.nroles = sizeof(roles) / sizeof(roles[0]),
	.role_hint = N_("--role: expected qualite or lecture"),
};

/* ---------------------------------------------------------------- helpers */

const char *
cparam(cpage *p, const char *name)
{
	const char *v = web_param(p->r, name);

	return v != NULL ? v : "";
}

int
cpage_year(cpage *p)
{
	const char *y = web_param(p->r, "annee");
	cal_period per;
	int ty, tm, td;

	if (y != NULL && cal_parse_period(y, &per) == 0 && per.kind == CAL_YEAR)
		return per.year;
	cal_to_ymd(cal_paris_day(cal_now_ms()), &ty, &tm, &td);
	return ty;
}

/* ---------------------------------------------------------------- layout */

static const struct nav {
	const char *path, *label;
} nav[] = {
	{ "/", "Réseau" },
	{ "/revue", "Revue annuelle" },
	{ "/actions", "Actions centrales" },
	{ "/audits", "Audits" },
	{ "/campagnes", "Campagnes" },
	{ "/catalogue", "Catalogue" },
	{ "/planning", "Planning" },
	{ "/telechargements", "Téléchargements" },
};

void
cpage_begin(cpage *p, const char *title, const char *here)
{
	html *h = p->h;

	web_head(h, title, "centre");
	if (p->user != NULL) {
		html_raw(h, "<header class=\"top\"><span class=\"site\">QualiPARIS · "
		            "Centre</span><nav>");
		for (size_t i = 0; i < sizeof(nav) / sizeof(nav[0]); i++)
			html_rawf(h, "<a href=\"%s\"%s>%s</a> ", nav[i].path,
			          here != NULL && strcmp(here, nav[i].path) == 0 ? " class=\"here\""
			                                                         : "",
			          nav[i].label);
		html_raw(h, "</nav><span class=\"muted\">");
		html_esc(h, p->user);
		html_raw(h, " (");
		html_esc(h, accounts_role_fr(&p->w->acc, p->role));
		html_raw(h, ")</span>");
		web_form_begin(h, p->r, "/logout", "inline");
		html_raw(h, "<button type=\"submit\">Se déconnecter</button></form></header>");
	}
	html_raw(h, "<main>");
}

void
cpage_end(cpage *p)
{
	html_raw(p->h, "</main></body></html>\n");
}

/* A notice (web_notice: the words both programs share) in the centre's
 * layout. */
static void
notice_page(cpage *p, const web_notice *n)
{
	p->resp->status = n->status;
	cpage_begin(p, n->title, NULL);
	web_notice_body(p->h, n);
	cpage_end(p);
}

void
cpage_forbidden(cpage *p)
{
	notice_page(p, &web_forbidden);
}

void
cpage_not_found(cpage *p)
{
	notice_page(p, &web_not_found);
}

/* ---------------------------------------------------------------- probes */

static void
healthz(cpage *p)
{
	web_healthz(p->resp, p->h, p->w->cs->st);
}

/* The Prometheus text of `qp-collector status --format prometheus`
 * (collector_metrics_write), to 127.0.0.1 only, as the agent serves its
 * own. */
static int
write_metrics(void *ctx, FILE *fp)
{
	collector_web *w = ctx;

	return collector_metrics_write(w->cs, fp, w->version);
}

static void
metrics(cpage *p)
{
	web_metrics(p->r, p->resp, p->h, write_metrics, p->w);
}

/* ---------------------------------------------------------------- routing */

/* The pages that need a session (web_route_find: the rule both programs
 * share); the probes and the login are served before. */
static const struct route {
	web_route w;
	void (*fn)(cpage *p);
} routes[] = {
	{ { "/", false, R_ALL, 0 }, cpage_network },
	{ { "/revue", false, R_ALL, 0 }, cpage_review },
	{ { "/revue/document", false, R_ALL, 0 }, cpage_review_document },
	{ { "/actions", false, R_ALL, R_QUALITE }, cpage_actions },
	{ { "/audits", false, R_ALL, R_QUALITE }, cpage_audits },
	{ { "/audits/constat", false, 0, R_QUALITE }, cpage_finding },
	{ { "/campagnes", false, R_ALL, R_QUALITE }, cpage_campaigns },
	{ { "/catalogue", false, R_ALL, 0 }, cpage_catalogue },
	{ { "/planning", false, R_ALL, 0 }, cpage_planning },
	{ { "/telechargements", false, R_ALL, 0 }, cpage_downloads },
	{ { "/telecharger/", true, R_ALL, 0 }, cpage_download },
};

static unsigned
role_bit(const char *role)
{
	if (role == NULL)
		return 0;
	if (strcmp(role, "qualite") == 0)
		return R_QUALITE;
	if (strcmp(role, "lecture") == 0)
		return R_LECTURE;
	return 0;
}

/* The server runs it under the pages' French locale (web/server.c). */
static void
handle(void *ctx, web_request *r, web_response *resp)
{
	collector_web *w = ctx;
	cpage p = { .w = w, .r = r, .resp = resp, .h = &resp->body };
	const char *path = web_path(r);
	size_t i;

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
		const web_login_opts o = {
			.acc = &w->acc,
			.place = "centre",
			.session_minutes = (int)w->cs->cfg.web_session_minutes,
		};
		web_login_page(r, resp, &o);
		return;
	}
	if (strcmp(path, "/logout") == 0) {
		web_logout(r);
		web_redirect(resp, "/login");
		return;
	}
	switch (web_route_find(r, resp, &routes[0].w, sizeof(routes[0]),
	                       sizeof(routes) / sizeof(routes[0]), p.roles, &i)) {
	case WEB_ROUTE_RUN: routes[i].fn(&p); break;
	case WEB_ROUTE_DONE: break;
	case WEB_ROUTE_FORBIDDEN: cpage_forbidden(&p); break;
	case WEB_ROUTE_NOT_FOUND: cpage_not_found(&p); break;
	}
}

/* ---------------------------------------------------------------- server */

int
collector_web_start(cstore *cs, const char *version, collector_web **out, char *err, size_t errlen)
{
	collector_web *w;
	web_options o = { 0 };
	int e;

	*out = NULL;
	if (cs->cfg.web_listen == NULL || cs->cfg.web_listen[0] == '\0')
		return 0;
	if ((w = calloc(1, sizeof(*w))) == NULL)
		return QP_ENOMEM;
	w->cs = cs;
	w->version = version;
	w->acc = cweb_roles;
	w->acc.st = cs->st;
	o.listen = cs->cfg.web_listen;
	o.tls_cert = cs->cfg.web_tls_cert;
	o.tls_key = cs->cfg.web_tls_key;
	o.session_idle_s = (int)cs->cfg.web_session_minutes * 60;
	o.handler = handle;
	o.ctx = w;
	o.accounts = &w->acc;
	if ((e = web_server_start(&o, &w->srv, err, errlen)) != 0) {
		free(w);
		return e;
	}
	*out = w;
	return 0;
}

void
collector_web_destroy(collector_web **wp)
{
	collector_web *w;

	if (wp == NULL || (w = *wp) == NULL)
		return;
	web_server_destroy(&w->srv);
	free(w);
	*wp = NULL;
}

int
collector_web_fd(collector_web *w)
{
	return web_server_fd(w->srv);
}

long
collector_web_timeout_ms(collector_web *w)
{
	return web_server_timeout_ms(w->srv);
}

void
collector_web_run(collector_web *w)
{
	web_server_run(w->srv);
}

const char *
collector_web_url(collector_web *w, char *buf, size_t len)
{
	const char *listen = w->cs->cfg.web_listen, *colon = strrchr(listen, ':');

	snprintf(buf, len, "%s://%.*s:%u/", web_server_tls(w->srv) ? "https" : "http",
	         (int)(colon - listen), listen, web_server_port(w->srv));
	return buf;
}
