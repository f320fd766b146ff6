/*
 * server.h: the web layer both daemons can serve: libmicrohttpd driven
 * from the daemon's own poll loop (no thread of its own), sessions in
 * memory, a CSRF token on every form, login throttling, security headers
 * and the one stylesheet.
 *
 * The server knows nothing of the pages: one handler gets every request
 * but /style.css. Before the handler runs, the server has
 *   - refused any POST whose "csrf" field does not match its session's
 *     token (403), so handlers never see a forged form;
 *   - found the session from the cookie (expired ones are gone).
 * Every response carries the security headers (CSP without inline script,
 * no framing, no sniffing, no referrer, no caching of pages).
 *
 * Driving it: poll web_server_fd() for reading beside the other sockets,
 * with a timeout no longer than web_server_timeout_ms(), then call
 * web_server_run(). Everything a handler does happens inside that call, on
 * the daemon's thread: a record written there is written exactly as a
 * command would write it.
 */
#ifndef QP_WEB_SERVER_H
#define QP_WEB_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "accounts.h"
#include "html.h"

typedef struct web_server web_server;
typedef struct web_request web_request;

typedef struct web_response {
	int status;               /* 200 unless set */
	const char *content_type; /* static; default text/html; charset=utf-8 */
	html body;
	char location[4096];  /* non-empty: a 303 redirect there */
	char retry_after[16]; /* non-empty: a Retry-After header */
	/* non-empty: a download (Content-Disposition: attachment) of that name,
	 * which must be plain ASCII without quotes */
	char attachment[128];
	/* a generated report with its own inline stylesheet: the CSP allows
	 * inline styles (never scripts) for this response only */
	bool document;
} web_response;

typedef void (*web_handler_fn)(void *ctx, web_request *r, web_response *resp);

/*
 * A file a form may send (multipart/form-data): the file field `field` of
 * a POST to `path`, from a logged-in session, is streamed into a private
 * temporary file (unnamed, mode 0600: it has no name in any folder and is
 * gone once closed) instead of memory, up to `max` bytes. Beyond that the
 * request is refused with a French 413 page and nothing is kept. Other
 * file fields stay ordinary form fields (capped with the form).
 */
typedef struct web_upload_rule {
	const char *path;
	const char *field;
	size_t max;
} web_upload_rule;

typedef struct web_options {
	const char *listen;   /* "ADDRESS:PORT"; port 0 picks a free one */
	const char *tls_cert; /* PEM files; required beyond loopback */
	const char *tls_key;
	int session_idle_s; /* 0: 1800 */
	int session_max_s;  /* 0: 43200 */
	web_handler_fn handler;
	void *ctx;
	const web_upload_rule *uploads; /* n_uploads rules, or NULL */
	size_t n_uploads;
	/* The accounts sessions log in to: on every request a session ends if
	 * its account was disabled or its password changed since the login
	 * (accounts_stamp_check). NULL: not checked. Borrowed for the server's
	 * life. */
	const web_accounts *accounts;
} web_options;

/* Starts listening. On error writes why into err and returns a qp_err. */
int web_server_start(const web_options *o, web_server **out, char *err, size_t errlen);
/*
 * What `config check` verifies of a [web] section without listening: the
 * address form, TLS required beyond loopback, both TLS files given and
 * readable PEM. QP_ECONFIG with a French (gettext) message in err and in
 * *key the [web] key at fault.
 */
int web_config_check(const char *listen, const char *tls_cert, const char *tls_key,
                     const char **key, char *err, size_t errlen);
/* Takes NULL; sets *w to NULL. */
void web_server_destroy(web_server **w);
int web_server_fd(const web_server *w);
/* How long the loop may wait before calling web_server_run (-1: no limit). */
long web_server_timeout_ms(web_server *w);
void web_server_run(web_server *w);
/* The port it listens on, and whether it speaks TLS. */
unsigned web_server_port(const web_server *w);
bool web_server_tls(const web_server *w);

/* ---------------------------------------------------------------- requests */

const char *web_method(const web_request *r); /* "GET", "POST", ... */
bool web_is_post(const web_request *r);
const char *web_path(const web_request *r);   /* decoded, without query */
const char *web_client(const web_request *r); /* the peer's address, text */
bool web_client_loopback(const web_request *r);

/*
 * A form field (POST body) or query argument, form first; NULL if absent.
 * Borrowed until the handler returns.
 */
const char *web_param(const web_request *r, const char *name);
/* The i-th form field (in order), or false past the end. */
bool web_field(const web_request *r, size_t i, const char **name, const char **value);

/*
 * The file of an upload rule's field (see web_upload_rule): a descriptor
 * of the private temporary file, positioned nowhere in particular (read it
 * with pread or lseek first), its size and the file name the browser gave
 * (may be ""). Borrowed until the handler returns: dup() it to keep the
 * bytes longer. false when the form holds no such file.
 */
bool
web_upload(const web_request *r, const char *field, int *fd, uint64_t *size, const char **filename);

/* A request header, or NULL. */
const char *web_header(const web_request *r, const char *name);

/*
 * The request carried a session cookie that opens no session any more (it
 * expired: idle or absolute limit, or the daemon restarted), so the page
 * can say why the person must log in again. A POST in that case never
 * reaches the handler: the server answers 303 to /login?expiree=2.
 */
bool web_session_ended(const web_request *r);
/* Why the session ended, when its account changed since the login (the
 * `user` command, from another process): it got a new password, or it was
 * disabled (or is no longer there). A POST then goes to /login?expiree=4
 * or 6. */
enum web_account_change { WEB_ACCOUNT_SAME = 0, WEB_ACCOUNT_NEW_SECRET, WEB_ACCOUNT_DISABLED };
enum web_account_change web_session_account_changed(const web_request *r);

/* The logged-in account and its role, or NULL. */
const char *web_user(const web_request *r);
const char *web_role(const web_request *r);

/*
 * This visitor's CSRF token, for the hidden "csrf" field of every form; it
 * opens an anonymous session (and sets its cookie) if there is none yet.
 * NULL only when out of memory.
 */
const char *web_csrf(web_request *r);

/* After a successful login: a new session id (the old one is dropped);
 * `stamp` is the account's (accounts_stamp_of), checked on each request. */
int web_login(web_request *r, const char *user, const char *role,
              const unsigned char stamp[ACCOUNTS_STAMP_LEN]);
/* Ends this session (its cookie is cleared). */
void web_logout(web_request *r);
/* Ends every session of `user` (after its password changed or it was
 * disabled). */
void web_logout_user(web_server *w, const char *user);

/*
 * Login throttling, per account and per client address: after 5 failures
 * of an account, or 20 from one address (a site's phones may share one
 * address), within 15 minutes, that account or address is refused for 15
 * minutes (a success forgives the account's failures but does not lift an
 * address's lock).
 *
 * An attempt counts from its start, not from its answer, so attempts
 * checked at once (web_defer) cannot go past the limit: web_throttle_start
 * returns the seconds left to wait (the attempt is refused, nothing
 * counted; 1 while the attempts being checked could still reach the
 * limit), or 0: the attempt on `account` is pending until
 * web_throttle_failed or web_throttle_passed says how it went. A request
 * that ends first (its client left) counts as a failure, and so does one
 * whose client left during its check, whatever the check found: the
 * server does not run the handler again for it (nobody saw the answer: no
 * session, no record, no failure forgiven). Calling
 * web_throttle_start again for the same request returns 0 (the attempt is
 * already counted), and failed/passed without a started attempt do
 * nothing.
 */
int web_throttle_start(web_request *r, const char *account);
void web_throttle_failed(web_request *r);
void web_throttle_passed(web_request *r);

/*
 * A slow work off the daemon's loop (an Argon2id check takes 0.1-0.5 s):
 * from a handler, web_defer hands `work(arg)` to a worker thread and
 * returns true; the handler then returns at once (its response is
 * dropped), the request waits while the loop serves others, and when the
 * work is done the handler is called again for the same request, where
 * web_deferred(r) returns arg. The request owns arg (free_arg at its end).
 * `work` must touch nothing but arg. False (nothing changed) when too many
 * works run already: the handler does the work itself.
 */
bool web_defer(web_request *r, void (*work)(void *arg), void *arg, void (*free_arg)(void *arg));
/* arg once its work is done, else NULL. */
void *web_deferred(web_request *r);

/* ---------------------------------------------------------------- responses */

void web_redirect(web_response *resp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The stylesheet the server serves at /style.css. */
extern const char web_stylesheet[];

#endif
