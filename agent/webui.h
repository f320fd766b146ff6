/*
 * webui.h: what the agent's web pages share (agent/web.c holds the server
 * side, agent/web_pages.c the pages, agent/web_records.c the record forms'
 * link to the record rules).
 */
#ifndef QP_AGENT_WEBUI_H
#define QP_AGENT_WEBUI_H

#include <stdbool.h>
#include <stdint.h>

#include "accounts.h"
#include "html.h"
#include "ledger.h"
#include "server.h"
#include "site.h"
#include "webapp.h"
#include "zones.h"

struct agent_web {
	site *s;
	web_accounts acc; /* the site's accounts (agent/users.h) */
	web_server *srv;
	ledger *l;       /* cached, refreshed from the history */
	uint64_t l_next; /* next seq the cache has not read */
	zones zs;
	int64_t last_request_ms; /* to give memory back once idle */
	bool trimmed;
};

/* Role bits. */
enum {
	R_RAQN = 1,
	R_DIRECTION = 2,
	R_ACCUEIL = 4,
	R_ENTRETIEN = 8,
	R_STAFF = R_RAQN | R_DIRECTION | R_ACCUEIL,
};

typedef struct page {
	agent_web *a;
	web_request *r;
	web_response *resp;
	html *h;
	const char *user, *role; /* NULL on the public pages */
	unsigned roles;          /* this user's role bit */
} page;

/* The site's state, up to date (NULL if the store cannot be read). */
ledger *web_ledger(agent_web *a);
/* The central state (catalogue, plannings); the caller frees with codec_free. */
Qp__CentralState *web_central(agent_web *a);

/* Layout. */
void page_begin(page *p, const char *title, const char *here);
void page_end(page *p);
/* <form method="post" action="..."> with its CSRF field. */
void form_begin(page *p, const char *action, const char *cls);
void form_begin_multipart(page *p, const char *action, const char *cls);
/* The "Enregistré" or error banner from ?ok= / ?err= after a redirect. */
void page_flash(page *p);
void page_error(page *p, const char *msg);
void page_forbidden(page *p);
void page_not_found(page *p);

/* Helpers. */
const char *param(page *p, const char *name); /* "" if absent */
char *today(char buf[11]);
/* "85,3 %" (one decimal, French comma); "—" when den is 0. */
char *rate_fr(uint64_t num, uint64_t den, char *buf, size_t len);
char *target_fr(double t, char *buf, size_t len);
/* "12/03/2026" from "2026-03-12" (copied as is if it does not parse). */
char *date_fr(const char *iso, char buf[32]);
char *datetime_fr(int64_t ms, char buf[32]);

/* Pages (web_pages.c). */
void page_day(page *p);
void page_indicators(page *p);
void page_checks(page *p);
void page_check_define(page *p);
void page_cleaning(page *p);
void page_zone_sheet(page *p);
void page_zone(page *p, const char *zone_id);
void page_actions(page *p);
void page_review(page *p);
void page_review_approve(page *p);
void page_planning(page *p);
void page_history(page *p);
void page_void(page *p);

/* The import page (web_import.c): its upload cap, and its kept uploads
 * dropped once too old (each loop) or when the interface stops. */
#define IMPORT_UPLOAD_MAX ((size_t)32 << 20)
void page_import(page *p);
void web_import_tick(int64_t now_ms);
void web_import_drop_all(void);

#endif
