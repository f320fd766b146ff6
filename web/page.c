#include "page.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"

void
web_head(html *h, const char *title, const char *place)
{
	html_raw(h, "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\">"
	            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
	            "<title>");
	html_esc(h, title);
	html_raw(h, " — QualiPARIS ");
	html_esc(h, place);
	html_raw(h, "</title><link rel=\"stylesheet\" href=\"/style.css\"></head><body>");
}

void
web_form_begin(html *h, web_request *r, const char *action, const char *cls)
{
	html_raw(h, "<form method=\"post\" action=\"");
	html_esc(h, action);
	html_raw(h, "\"");
	if (cls != NULL)
		html_rawf(h, " class=\"%s\"", cls);
	html_raw(h, "><input type=\"hidden\" name=\"csrf\" value=\"");
	html_esc(h, web_csrf(r));
	html_raw(h, "\">");
}

void
web_msg_error(html *h, const char *msg)
{
	html_raw(h, "<p class=\"msg bad\" role=\"alert\">");
	html_esc(h, msg);
	html_raw(h, "</p>");
}

void
web_flash(html *h, web_request *r)
{
	const char *ok = web_param(r, "ok");

	if (ok != NULL && ok[0] != '\0') {
		html_raw(h, "<p class=\"msg good\" role=\"status\">");
		html_esc(h, ok);
		html_raw(h, "</p>");
	}
}

bool
web_safe_next(const char *next)
{
	return next != NULL && next[0] == '/' && next[1] != '/' && next[1] != '\\' &&
	       strpbrk(next, "\r\n") == NULL && strlen(next) < 256;
}

/* ---------------------------------------------------------------- notices */

const web_notice web_forbidden = {
	403, "Accès refusé", "Votre rôle ne donne pas accès à cette page ou à ce formulaire."
};
const web_notice web_not_found = { 404, "Page introuvable",
	                           "Cette adresse ne correspond à aucune page." };

void
web_notice_body(html *h, const web_notice *n)
{
	html_raw(h, "<h1>");
	html_esc(h, n->title);
	html_raw(h, "</h1><p>");
	html_esc(h, n->text);
	html_raw(h, "</p><p><a href=\"/\">Retour à l'accueil</a></p>");
}

/* ---------------------------------------------------------------- routing */

enum web_route_verdict
web_route_find(web_request *r, web_response *resp, const web_route *first, size_t size, size_t n,
               unsigned roles, size_t *index)
{
	const char *path = web_path(r);
	bool post = web_is_post(r);

	for (size_t i = 0; i < n; i++) {
		const web_route *rt = (const web_route *)((const char *)first + i * size);
		if (rt->prefix ? strncmp(path, rt->path, strlen(rt->path)) != 0
		               : strcmp(path, rt->path) != 0)
			continue;
		if (web_user(r) == NULL) {
			if (post)
				return WEB_ROUTE_FORBIDDEN;
			/* An ended session: the login page says why. */
			web_to_login(r, resp, path);
			return WEB_ROUTE_DONE;
		}
		if (!((post ? rt->post : rt->get) & roles))
			return WEB_ROUTE_FORBIDDEN;
		*index = i;
		return WEB_ROUTE_RUN;
	}
	return WEB_ROUTE_NOT_FOUND;
}

/* ---------------------------------------------------------------- login */

static void
login_form(web_request *r, html *h, const web_login_opts *o, const char *error)
{
	const char *next = web_param(r, "suite"), *name = web_param(r, "nom");

	web_head(h, "Connexion", o->place);
	html_raw(h, "<main><h1>QualiPARIS · ");
	html_esc(h, o->place);
	html_raw(h, "</h1>");
	if (error != NULL) {
		web_msg_error(h, error);
	} else if (web_param(r, "expiree") != NULL) {
		/* Sent here by a session that ended (web_to_login, and the
		 * server for a form): 1 for a page, 2 for a form that was then
		 * not run; 3 and 4 the same when its account got a new
		 * password, 5 and 6 when it was disabled. */
		const char *why = web_param(r, "expiree");
		int k = atoi(why);
		bool form = k == 2 || k == 4 || k == 6;
		char msg[800], idle[64] = "trop longtemps sans activité";
		if (o->session_minutes > 0)
			snprintf(idle, sizeof(idle), "plus de %d minutes sans activité",
			         o->session_minutes);
		if (k == 3 || k == 4)
			snprintf(msg, sizeof(msg),
			         "Votre session a été fermée : le mot de passe de votre compte "
			         "vient d'être changé. Connectez-vous avec le nouveau mot de "
			         "passe ; si vous ne le connaissez pas, demandez-le à la "
			         "personne qui gère les comptes QualiPARIS.%s",
			         form ? " Le formulaire envoyé n'a pas été enregistré : "
			                "saisissez-le de nouveau après la connexion."
			              : "");
		else if (k == 5 || k == 6)
			snprintf(msg, sizeof(msg),
			         "Votre session a été fermée : votre compte vient d'être "
			         "désactivé, il ne permet plus de se connecter. S'il s'agit "
			         "d'une erreur, adressez-vous à la personne qui gère les "
			         "comptes QualiPARIS.%s",
			         form ? " Le formulaire envoyé n'a pas été enregistré." : "");
		else
			snprintf(msg, sizeof(msg),
			         "Votre session a expiré : %s, ou 12 heures depuis la connexion. "
			         "Reconnectez-vous pour continuer.%s",
			         idle,
			         form ? " Le formulaire envoyé n'a pas été enregistré : "
			                "saisissez-le "
			                "de nouveau."
			              : "");
		html_raw(h, "<p class=\"msg bad session-ended\" role=\"status\">");
		html_esc(h, msg);
		html_raw(h, "</p>");
	}
	web_form_begin(h, r, "/login", "stack");
	if (web_safe_next(next)) {
		html_raw(h, "<input type=\"hidden\" name=\"suite\" value=\"");
		html_esc(h, next);
		html_raw(h, "\">");
	}
	html_raw(h, "<label for=\"nom\">Identifiant</label>"
	            "<input type=\"text\" id=\"nom\" name=\"nom\" autocomplete=\"username\" "
	            "required autofocus value=\"");
	html_esc(h, name != NULL ? name : "");
	html_raw(h, "\"><label for=\"mdp\">Mot de passe</label>"
	            "<input type=\"password\" id=\"mdp\" name=\"mdp\" "
	            "autocomplete=\"current-password\" required>"
	            "<button type=\"submit\">Se connecter</button></form>");
	if (o->note != NULL) {
		html_raw(h, "<p class=\"muted\">");
		html_esc(h, o->note);
		html_raw(h, "</p>");
	}
	html_raw(h, "</main></body></html>\n");
}

/* An account's Argon2id check, run off the loop (web_defer). */
struct secret_check {
	user_info u;
	char hash[ACCOUNTS_HASH_MAX];
	char secret[257];
	bool known, ok;
};

static void
secret_check_run(void *arg)
{
	struct secret_check *c = arg;

	c->ok = c->known && accounts_hash_matches(c->hash, c->secret);
}

static void
secret_check_free(void *arg)
{
	sodium_memzero(arg, sizeof(struct secret_check));
	free(arg);
}

enum web_secret
web_check_secret(web_request *r, const web_accounts *acc, const char *name, const char *secret,
                 user_info *u)
{
	struct secret_check *c;
	enum web_secret v;

	if ((c = web_deferred(r)) == NULL) {
		if ((c = calloc(1, sizeof(*c))) == NULL)
			return WEB_SECRET_WRONG;
		c->known = strlen(secret) < sizeof(c->secret) &&
		           accounts_lookup(acc, name, &c->u, c->hash) == 0;
		if (c->known) {
			memcpy(c->secret, secret, strlen(secret) + 1);
			/* The check (0.1-0.5 s) runs on a worker thread while
			 * the loop serves other requests and the sites. */
			if (web_defer(r, secret_check_run, c, secret_check_free))
				return WEB_SECRET_PENDING;
		}
		/* An unknown account (nothing slow to do), or too many checks
		 * at once: checked here. */
		secret_check_run(c);
	}
	v = c->ok ? WEB_SECRET_OK : WEB_SECRET_WRONG;
	if (c->ok)
		*u = c->u;
	if (web_deferred(r) == NULL)
		secret_check_free(c);
	return v;
}

static void
login_finish(web_request *r, web_response *resp, const web_login_opts *o, bool ok,
             const user_info *u)
{
	const char *next = web_param(r, "suite");

	if (!ok) {
		web_throttle_failed(r);
		resp->status = 401;
		login_form(r, &resp->body, o, "Identifiant ou mot de passe incorrect.");
		return;
	}
	web_throttle_passed(r);
	if (o->refused_role != NULL && strcmp(u->role, o->refused_role) == 0) {
		resp->status = 403;
		login_form(r, &resp->body, o, o->refused_msg);
		return;
	}
	web_login(r, u->name, u->role, u->stamp);
	web_redirect(resp, "%s", web_safe_next(next) ? next : "/");
}

void
web_to_login(web_request *r, web_response *resp, const char *path)
{
	html tmp;
	char *q;

	resp->status = 303;
	snprintf(resp->location, sizeof(resp->location), "/login?%ssuite=",
	         web_session_account_changed(r) == WEB_ACCOUNT_DISABLED     ? "expiree=5&"
	         : web_session_account_changed(r) == WEB_ACCOUNT_NEW_SECRET ? "expiree=3&"
	         : web_session_ended(r)                                     ? "expiree=1&"
	                                                                    : "");
	html_init(&tmp);
	html_url(&tmp, path);
	q = html_take(&tmp, NULL);
	if (q != NULL)
		strncat(resp->location, q, sizeof(resp->location) - strlen(resp->location) - 1);
	free(q);
}

void
web_login_page(web_request *r, web_response *resp, const web_login_opts *o)
{
	const char *name = web_param(r, "nom"), *pw = web_param(r, "mdp");
	html *h = &resp->body;
	enum web_secret v;
	user_info u;
	int wait;

	if (name == NULL)
		name = "";
	if (pw == NULL)
		pw = "";
	if (!web_is_post(r)) {
		if (web_user(r) != NULL) {
			web_redirect(resp, "/");
			return;
		}
		login_form(r, h, o, NULL);
		return;
	}
	/* Counted before the check (a second call, once it is done, is not
	 * counted again). */
	if ((wait = web_throttle_start(r, name)) > 0) {
		char msg[200];
		resp->status = 429;
		snprintf(resp->retry_after, sizeof(resp->retry_after), "%d", wait);
		snprintf(msg, sizeof(msg),
		         "Trop de tentatives de connexion. Réessayez dans "
		         "%d minute%s.",
		         (wait + 59) / 60, (wait + 59) / 60 > 1 ? "s" : "");
		login_form(r, h, o, msg);
		return;
	}
	if ((v = web_check_secret(r, o->acc, name, pw, &u)) == WEB_SECRET_PENDING)
		return;
	login_finish(r, resp, o, v == WEB_SECRET_OK, &u);
}

/* ---------------------------------------------------------------- French */

char *
web_rate_fr(uint64_t num, uint64_t den, char *buf, size_t len)
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
web_target_fr(double t, char *buf, size_t len)
{
	long tenths = (long)(t * 1000 + 0.5);

	if (tenths % 10 == 0)
		snprintf(buf, len, "%ld %%", tenths / 10);
	else
		snprintf(buf, len, "%ld,%ld %%", tenths / 10, tenths % 10);
	return buf;
}

char *
web_date_fr(const char *iso, char buf[32])
{
	return cal_date_fr(iso, buf, 32);
}

char *
web_time_fr(int64_t ms, char buf[8])
{
	char iso[CAL_TEXT_MAX];

	cal_format_datetime(ms, iso);
	snprintf(buf, 8, "%.5s", iso + 11);
	return buf;
}

char *
web_datetime_fr(int64_t ms, char buf[32])
{
	char d[11], t[8];

	cal_format_date_fr(cal_paris_day(ms), d);
	snprintf(buf, 32, "%s à %s", d, web_time_fr(ms, t));
	return buf;
}

/* ---------------------------------------------------------------- probes */

void
web_healthz(web_response *resp, html *h, store *st)
{
	store_txn *txn = NULL;
	bool ok = store_read(st, &txn) == 0;

	store_txn_end(&txn);
	resp->status = ok ? 200 : 503;
	resp->content_type = "text/plain; charset=utf-8";
	html_raw(h, ok ? "ok\n" : "store unreadable\n");
}

void
web_metrics(web_request *r, web_response *resp, html *h, web_metrics_writer write, void *ctx)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp;

	resp->content_type = "text/plain; charset=utf-8";
	if (!web_client_loopback(r)) {
		resp->status = 403;
		html_raw(h, "metrics are served to 127.0.0.1 only\n");
		return;
	}
	if ((fp = open_memstream(&buf, &len)) == NULL) {
		resp->status = 500;
		return;
	}
	(void)write(ctx, fp);
	if (fclose(fp) != 0 || buf == NULL) {
		free(buf);
		resp->status = 500;
		return;
	}
	resp->content_type = "text/plain; version=0.0.4; charset=utf-8";
	html_rawn(h, buf, len);
	free(buf);
}
