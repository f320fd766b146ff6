/*
 * cweb_int.h: what the central team's pages share (cweb.c: server,
 * routing, layout; cweb_pages.c: the pages).
 */
#ifndef QP_COLLECTOR_CWEB_INT_H
#define QP_COLLECTOR_CWEB_INT_H

#include <stdbool.h>

#include "cweb.h"
#include "html.h"
#include "server.h"

struct collector_web {
	cstore *cs;
	web_accounts acc;
	web_server *srv;
	const char *version;
};

/* Role bits. */
enum {
	R_QUALITE = 1,
	R_LECTURE = 2,
	R_ALL = R_QUALITE | R_LECTURE,
};

typedef struct cpage {
	collector_web *w;
	web_request *r;
	web_response *resp;
	html *h;
	const char *user, *role; /* NULL on the public pages */
	unsigned roles;
} cpage;

/* "" if absent. */
const char *cparam(cpage *p, const char *name);
/* ?annee=YYYY, else the current year (Paris). */
int cpage_year(cpage *p);

void cpage_begin(cpage *p, const char *title, const char *here);
void cpage_end(cpage *p);
void cpage_forbidden(cpage *p);
void cpage_not_found(cpage *p);

/* Pages (cweb_pages.c). */
void cpage_network(cpage *p);
void cpage_review(cpage *p);
void cpage_review_document(cpage *p);
void cpage_actions(cpage *p);
void cpage_audits(cpage *p);
void cpage_finding(cpage *p);
void cpage_campaigns(cpage *p);
void cpage_catalogue(cpage *p);
void cpage_planning(cpage *p);
void cpage_downloads(cpage *p);
void cpage_download(cpage *p);

#endif
