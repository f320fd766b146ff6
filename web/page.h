/*
 * page.h: what every page of both programs' interfaces shares: the head of
 * a page, forms with their CSRF field, messages, and the login flow
 * (/login with throttling, then a session). The pages themselves, their
 * navigation and roles are each program's (agent/web*.c,
 * collector/web/).
 */
#ifndef QP_WEB_PAGE_H
#define QP_WEB_PAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "accounts.h"
#include "html.h"
#include "server.h"

/* <!doctype html>...<title>TITLE — QualiPARIS PLACE</title>...<body> */
void web_head(html *h, const char *title, const char *place);
/* <form method="post" action="..."> with its CSRF field (cls may be NULL). */
void web_form_begin(html *h, web_request *r, const char *action, const char *cls);
/* An error banner (role="alert"). */
void web_msg_error(html *h, const char *msg);
/* The "Enregistré…" banner from ?ok= after a redirect. */
void web_flash(html *h, web_request *r);
/* A local path a login may send back to ("/actions"), not "//host". */
bool web_safe_next(const char *next);

/* "85,3 %" (one decimal, French comma); "—" when den is 0. */
char *web_rate_fr(uint64_t num, uint64_t den, char *buf, size_t len);
/* A target 0..1 as "90 %" or "87,5 %". */
char *web_target_fr(double t, char *buf, size_t len);
/* "12/03/2026" from "2026-03-12" (copied as is if it does not parse). */
char *web_date_fr(const char *iso, char buf[32]);
/* "12/03/2026 à 14:05" (Paris). */
char *web_datetime_fr(int64_t ms, char buf[32]);
/* "14:05" (Paris). */
char *web_time_fr(int64_t ms, char buf[8]);

typedef struct web_login_opts {
	const web_accounts *acc;
	const char *place;        /* "eps-05", "centre" */
	const char *note;         /* a line under the form, or NULL */
	const char *refused_role; /* a role that does not log in here, or NULL */
	const char *refused_msg;  /* ... and what it is told */
	int session_minutes;      /* the idle limit, said when a session ended
	                             (?expiree=); 0: not said */
} web_login_opts;

/*
 * /login: GET shows the form (or sends a logged-in visitor to "/"), POST
 * checks the account (throttled per account and address), opens the
 * session and sends to ?suite= or "/".
 */
void web_login_page(web_request *r, web_response *resp, const web_login_opts *o);
/*
 * A page that needs a login, asked without one: 303 to /login with the page
 * to come back to (?suite=), and ?expiree= when a session had ended
 * (1: expired; 3: its account got a new password; 5: it was disabled).
 * The server sends a form sent then to ?expiree=2, 4 or 6 (the same
 * reasons, the form not run).
 */
void web_to_login(web_request *r, web_response *resp, const char *path);

/*
 * Whether `secret` is the password or PIN of the enabled account `name`,
 * checked off the daemon's loop (Argon2id takes 0.1-0.5 s). From a page
 * handler: WEB_SECRET_PENDING when the check went to a worker thread (the
 * handler returns at once and is called again for the same request, when
 * this returns the answer); WEB_SECRET_OK with the account in *u, or
 * WEB_SECRET_WRONG (unknown, disabled or wrong: not told apart).
 * web_deferred(r) is non-NULL on the second call, for a handler that must
 * not count an attempt twice.
 */
enum web_secret { WEB_SECRET_PENDING, WEB_SECRET_OK, WEB_SECRET_WRONG };
enum web_secret web_check_secret(web_request *r, const web_accounts *acc, const char *name,
                                 const char *secret, user_info *u);

/*
 * The pages that only say why there is nothing to show, in the words of
 * both programs: their status, title (for the program's own head and
 * menu) and sentence. web_notice_body writes the heading, the sentence and
 * a link home.
 */
typedef struct web_notice {
	int status;
	const char *title, *text;
} web_notice;
extern const web_notice web_forbidden; /* 403: the role does not allow it */
extern const web_notice web_not_found; /* 404 */
void web_notice_body(html *h, const web_notice *n);

/*
 * A program's table of pages: each entry a struct whose first member is a
 * web_route (the program adds its handler after it).
 */
typedef struct web_route {
	const char *path;
	bool prefix;        /* path is the start of the paths it serves */
	unsigned get, post; /* the role bits allowed each method; 0: nobody */
} web_route;
enum web_route_verdict {
	WEB_ROUTE_RUN,       /* *index: the entry to run */
	WEB_ROUTE_DONE,      /* answered here (no session: sent to /login) */
	WEB_ROUTE_FORBIDDEN, /* a POST without a session, or a role not allowed */
	WEB_ROUTE_NOT_FOUND, /* no entry for the path */
};
/*
 * The one rule of both programs for a path of their table (`n` entries,
 * `size` bytes apart, from `first`), for a visitor with the role bits
 * `roles`: a page needs a session (a GET without one is sent to the login
 * page, web_to_login, saying why a session ended; a POST without one is
 * refused), then a role its method allows.
 */
enum web_route_verdict web_route_find(web_request *r, web_response *resp, const web_route *first,
                                      size_t size, size_t n, unsigned roles, size_t *index);

/*
 * /healthz (no login): 200 "ok" when the store can be read, else 503.
 */
void web_healthz(web_response *resp, html *h, store *st);
/*
 * /metrics: the program's Prometheus text, written by `write` (the same
 * function as `status --format prometheus`), to 127.0.0.1 only (403
 * elsewhere). What `write` returns is ignored: a store that cannot be
 * read is qualiparis_up 0 in the text, still a 200.
 */
typedef int (*web_metrics_writer)(void *ctx, FILE *fp);
void web_metrics(web_request *r, web_response *resp, html *h, web_metrics_writer write, void *ctx);

#endif
