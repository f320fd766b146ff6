#define _GNU_SOURCE /* O_TMPFILE, mkostemp */
#include "server.h"

#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <microhttpd.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "i18n.h"
#include "qp_error.h"

#define COOKIE "qp_session"
#define MAX_SESSIONS 1024
#define MAX_THROTTLE 1024
#define TOKEN_HEX 64        /* 32 random bytes */
#define FORM_MAX (2u << 20) /* a whole form, uploaded review included */
#define FIELDS_MAX 256
#define THROTTLE_FAILURES 5          /* per account */
#define THROTTLE_ADDRESS_FAILURES 20 /* per address: a site's phones may share one */
#define THROTTLE_WINDOW_MS (15 * 60 * 1000)
#define THROTTLE_LOCK_MS (15 * 60 * 1000)
#define UPLOADS_OPEN_MAX 4 /* files being received at once */

struct session {
	bool used;
	char id[TOKEN_HEX + 1];
	char csrf[TOKEN_HEX + 1];
	char user[128]; /* "" for an anonymous visitor */
	char role[32];
	unsigned char stamp[ACCOUNTS_STAMP_LEN]; /* the account's at login */
	int64_t created, last;
};

struct throttle {
	char key[160]; /* "u:NAME" or "a:ADDRESS"; "" unused */
	int failures;
	int pending; /* attempts started and not yet found right or wrong */
	int64_t first, locked_until;
};

struct web_server {
	struct MHD_Daemon *d;
	web_options o;
	bool tls;
	unsigned port;
	char *cert, *key;
	struct session sessions[MAX_SESSIONS];
	struct throttle throttles[MAX_THROTTLE];
	atomic_int in_flight; /* deferred works running (web_defer) */
	unsigned uploads_open;
	locale_t fr; /* the pages' locale (run_handler), or 0 */
};

struct field {
	char *name;
	char *value;
	size_t len;
};

struct web_request {
	web_server *w;
	struct MHD_Connection *conn;
	struct MHD_PostProcessor *pp;
	const char *method;
	const char *path;
	char client[INET6_ADDRSTRLEN];
	bool loopback;
	struct field *fields;
	size_t nfields;
	size_t form_bytes;
	bool form_too_big;
	struct session *session;
	bool session_ended; /* a session cookie came that no longer opens one */
	enum web_account_change account_changed; /* ... because its account
	                                            changed (the user command) */
	bool set_cookie, clear_cookie;
	bool fields_done;
	/* web_throttle_start let an attempt on this account go: it counts as
	 * pending until web_throttle_failed/passed, or the request's end */
	char throttled[128];
	bool throttle_held;
	/* web_defer: the work asked for by the handler, then its argument,
	 * owned by the request (free_arg at its end) */
	void (*work)(void *arg);
	void (*free_arg)(void *arg);
	void *arg;
	atomic_bool worked; /* the work has run: the handler may read arg */
	/* A file of an upload rule (web_upload_rule), streamed to up_fd. */
	const web_upload_rule *rule;
	bool up_allowed; /* a logged-in session sent it */
	int up_fd;       /* -1: none */
	char *up_name;
	uint64_t up_size, raw_bytes;
	bool up_too_big, up_busy, up_failed, up_early;
};

/*
 * libmicrohttpd is loaded when a server starts (dlopen), not when the
 * program starts: it brings GnuTLS and its dozen libraries, about 5-10 ms
 * of loading for every command line invocation that never serves a page.
 */
static struct {
	void *handle;
	__typeof__(MHD_add_response_header) *add_response_header;
	__typeof__(MHD_create_post_processor) *create_post_processor;
	__typeof__(MHD_create_response_from_buffer) *create_response_from_buffer;
	__typeof__(MHD_destroy_post_processor) *destroy_post_processor;
	__typeof__(MHD_destroy_response) *destroy_response;
	__typeof__(MHD_get_connection_info) *get_connection_info;
	__typeof__(MHD_get_daemon_info) *get_daemon_info;
	__typeof__(MHD_get_timeout) *get_timeout;
	__typeof__(MHD_lookup_connection_value) *lookup_connection_value;
	__typeof__(MHD_post_process) *post_process;
	__typeof__(MHD_queue_response) *queue_response;
	__typeof__(MHD_resume_connection) *resume_connection;
	__typeof__(MHD_run) *run;
	__typeof__(MHD_start_daemon) *start_daemon;
	__typeof__(MHD_stop_daemon) *stop_daemon;
	__typeof__(MHD_suspend_connection) *suspend_connection;
} mhd;

static int
mhd_load(char *err, size_t errlen)
{
	static const char *const libs[] = { "libmicrohttpd.so.12", "libmicrohttpd.so" };
	void *h = NULL;

	if (mhd.handle != NULL)
		return 0;
	for (size_t i = 0; h == NULL && i < sizeof(libs) / sizeof(libs[0]); i++)
		h = dlopen(libs[i], RTLD_NOW | RTLD_LOCAL);
	if (h == NULL) {
		snprintf(err, errlen,
		         "cannot load libmicrohttpd (Debian package libmicrohttpd12): %s",
		         dlerror());
		return QP_EIO;
	}
#define LOAD(f)                                                                  \
	do {                                                                     \
		*(void **)(&mhd.f) = dlsym(h, "MHD_" #f);                        \
		if (mhd.f == NULL) {                                             \
			snprintf(err, errlen, "libmicrohttpd lacks MHD_%s", #f); \
			dlclose(h);                                              \
			return QP_EIO;                                           \
		}                                                                \
	} while (0)
	LOAD(add_response_header);
	LOAD(create_post_processor);
	LOAD(create_response_from_buffer);
	LOAD(destroy_post_processor);
	LOAD(destroy_response);
	LOAD(get_connection_info);
	LOAD(get_daemon_info);
	LOAD(get_timeout);
	LOAD(lookup_connection_value);
	LOAD(post_process);
	LOAD(queue_response);
	LOAD(resume_connection);
	LOAD(run);
	LOAD(start_daemon);
	LOAD(stop_daemon);
	LOAD(suspend_connection);
#undef LOAD
	mhd.handle = h;
	return 0;
}

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void
random_token(char out[TOKEN_HEX + 1])
{
	unsigned char b[TOKEN_HEX / 2];

	randombytes_buf(b, sizeof(b));
	sodium_bin2hex(out, TOKEN_HEX + 1, b, sizeof(b));
}

/* ---------------------------------------------------------------- sessions */

static bool
session_live(const web_server *w, const struct session *s, int64_t now)
{
	return s->used && now - s->last < (int64_t)w->o.session_idle_s * 1000 &&
	       now - s->created < (int64_t)w->o.session_max_s * 1000;
}

static struct session *
session_find(web_server *w, const char *id)
{
	int64_t now = now_ms();

	if (id == NULL || strlen(id) != TOKEN_HEX)
		return NULL;
	for (size_t i = 0; i < MAX_SESSIONS; i++) {
		struct session *s = &w->sessions[i];
		if (!s->used)
			continue;
		if (!session_live(w, s, now)) {
			sodium_memzero(s, sizeof(*s));
			continue;
		}
		if (sodium_memcmp(s->id, id, TOKEN_HEX) == 0) {
			s->last = now;
			return s;
		}
	}
	return NULL;
}

/* A free slot: an unused or expired one, else the least recently used
 * anonymous one, else the least recently used. */
static struct session *
session_new(web_server *w)
{
	int64_t now = now_ms();
	struct session *lru = NULL, *anon = NULL, *s = NULL;

	for (size_t i = 0; i < MAX_SESSIONS && s == NULL; i++) {
		struct session *c = &w->sessions[i];
		if (!session_live(w, c, now))
			s = c;
		else if (c->user[0] == '\0' && (anon == NULL || c->last < anon->last))
			anon = c;
		else if (lru == NULL || c->last < lru->last)
			lru = c;
	}
	if (s == NULL)
		s = anon != NULL ? anon : lru;
	sodium_memzero(s, sizeof(*s));
	s->used = true;
	random_token(s->id);
	random_token(s->csrf);
	s->created = s->last = now;
	return s;
}

const char *
web_csrf(web_request *r)
{
	if (r->session == NULL) {
		r->session = session_new(r->w);
		r->set_cookie = true;
	}
	return r->session->csrf;
}

int
web_login(web_request *r, const char *user, const char *role,
          const unsigned char stamp[ACCOUNTS_STAMP_LEN])
{
	struct session *s;

	if (r->session != NULL)
		sodium_memzero(r->session, sizeof(*r->session));
	s = session_new(r->w);
	snprintf(s->user, sizeof(s->user), "%s", user);
	snprintf(s->role, sizeof(s->role), "%s", role);
	memcpy(s->stamp, stamp, ACCOUNTS_STAMP_LEN);
	r->session = s;
	r->set_cookie = true;
	return 0;
}

void
web_logout(web_request *r)
{
	if (r->session != NULL)
		sodium_memzero(r->session, sizeof(*r->session));
	r->session = NULL;
	r->clear_cookie = true;
}

void
web_logout_user(web_server *w, const char *user)
{
	for (size_t i = 0; i < MAX_SESSIONS; i++)
		if (w->sessions[i].used && strcmp(w->sessions[i].user, user) == 0)
			sodium_memzero(&w->sessions[i], sizeof(w->sessions[i]));
}

bool
web_session_ended(const web_request *r)
{
	return r->session_ended;
}

enum web_account_change
web_session_account_changed(const web_request *r)
{
	return r->account_changed;
}

/*
 * A logged-in session whose account was disabled or got a new password
 * since the login (the `user` commands write the store from another
 * process): ended here, before any page sees it. A store that cannot be
 * read leaves the session as it is (the page will say the store fails).
 */
static void
session_check_account(web_request *r)
{
	struct session *s = r->session;
	int e;

	if (s == NULL || s->user[0] == '\0' || r->w->o.accounts == NULL)
		return;
	e = accounts_stamp_check(r->w->o.accounts, s->user, s->stamp);
	if (e != QP_EINVAL && e != QP_ENOTFOUND)
		return;
	sodium_memzero(s, sizeof(*s));
	r->session = NULL;
	r->account_changed = e == QP_EINVAL ? WEB_ACCOUNT_NEW_SECRET : WEB_ACCOUNT_DISABLED;
}

const char *
web_user(const web_request *r)
{
	return r->session != NULL && r->session->user[0] ? r->session->user : NULL;
}

const char *
web_role(const web_request *r)
{
	return r->session != NULL && r->session->user[0] ? r->session->role : NULL;
}

/* ---------------------------------------------------------------- throttle */

static struct throttle *
throttle_slot(web_server *w, const char *kind, const char *name, bool create)
{
	char key[160];
	struct throttle *empty = NULL, *oldest = NULL;
	int64_t now = now_ms();

	snprintf(key, sizeof(key), "%s:%s", kind, name);
	for (size_t i = 0; i < MAX_THROTTLE; i++) {
		struct throttle *t = &w->throttles[i];
		if (t->key[0] == '\0') {
			if (empty == NULL)
				empty = t;
		} else if (strcmp(t->key, key) == 0) {
			return t;
		} else if (now >= t->locked_until && t->pending == 0 &&
		           (oldest == NULL || t->first < oldest->first)) {
			oldest = t;
		}
	}
	if (!create)
		return NULL;
	/* Full of locked entries or of attempts being checked: the oldest
	 * other one goes (an attacker flooding addresses only buys themselves
	 * more attempts on one account). */
	if (empty == NULL)
		empty = oldest != NULL ? oldest : &w->throttles[0];
	memset(empty, 0, sizeof(*empty));
	snprintf(empty->key, sizeof(empty->key), "%s", key);
	return empty;
}

/* The failures that still count: those of the last window. */
static int
failures_of(const struct throttle *t, int64_t now)
{
	return now - t->first > THROTTLE_WINDOW_MS ? 0 : t->failures;
}

/*
 * Seconds before an attempt may start, 0 if it may now: a lock's time
 * left, or 1 while the attempts being checked could still reach the limit
 * (if they all prove wrong, the lock starts then; if one is right, the
 * account's count starts again).
 */
static int
wait_of(const struct throttle *t, int limit)
{
	int64_t now = now_ms();

	if (t == NULL)
		return 0;
	if (now < t->locked_until)
		return (int)((t->locked_until - now + 999) / 1000);
	return failures_of(t, now) + t->pending >= limit ? 1 : 0;
}

int
web_throttle_start(web_request *r, const char *account)
{
	struct throttle *a, *u;
	int wa, wu;

	if (r->throttle_held)
		return 0;
	wa = wait_of(throttle_slot(r->w, "a", r->client, false), THROTTLE_ADDRESS_FAILURES);
	wu = wait_of(throttle_slot(r->w, "u", account, false), THROTTLE_FAILURES);
	if (wa > 0 || wu > 0)
		return wa > wu ? wa : wu;
	/* The attempt counts from now, before its check: checks run at once
	 * on worker threads cannot all pass before the first failure counts. */
	a = throttle_slot(r->w, "a", r->client, true);
	u = throttle_slot(r->w, "u", account, true);
	a->pending++;
	u->pending++;
	snprintf(r->throttled, sizeof(r->throttled), "%s", account);
	r->throttle_held = true;
	return 0;
}

/* The started attempt is no longer pending; its slots, or NULL. */
static void
throttle_release(web_request *r, struct throttle **a, struct throttle **u)
{
	*a = throttle_slot(r->w, "a", r->client, false);
	*u = throttle_slot(r->w, "u", r->throttled, false);
	/* A slot may have been taken over meanwhile (full table): it does
	 * not go below zero. */
	if (*a != NULL && (*a)->pending > 0)
		(*a)->pending--;
	if (*u != NULL && (*u)->pending > 0)
		(*u)->pending--;
	r->throttle_held = false;
}

static void
fail_one(struct throttle *t, int limit)
{
	int64_t now = now_ms();

	if (now - t->first > THROTTLE_WINDOW_MS) {
		t->first = now;
		t->failures = 0;
	}
	if (++t->failures >= limit) {
		t->locked_until = now + THROTTLE_LOCK_MS;
		t->failures = 0;
		t->first = now;
	}
}

void
web_throttle_failed(web_request *r)
{
	struct throttle *a, *u;

	if (!r->throttle_held)
		return;
	throttle_release(r, &a, &u);
	fail_one(a != NULL ? a : throttle_slot(r->w, "a", r->client, true),
	         THROTTLE_ADDRESS_FAILURES);
	fail_one(u != NULL ? u : throttle_slot(r->w, "u", r->throttled, true), THROTTLE_FAILURES);
}

void
web_throttle_passed(web_request *r)
{
	struct throttle *a, *u;

	if (!r->throttle_held)
		return;
	throttle_release(r, &a, &u);
	/* The account's failures are forgiven; its lock, if one started
	 * meanwhile, and the address's count stay. */
	if (u != NULL && now_ms() >= u->locked_until) {
		if (u->pending == 0)
			memset(u, 0, sizeof(*u));
		else
			u->failures = u->first = 0;
	}
}

/* ---------------------------------------------------------------- requests */

const char *
web_method(const web_request *r)
{
	return r->method;
}
bool
web_is_post(const web_request *r)
{
	return strcmp(r->method, "POST") == 0;
}
const char *
web_path(const web_request *r)
{
	return r->path;
}
const char *
web_client(const web_request *r)
{
	return r->client;
}
bool
web_client_loopback(const web_request *r)
{
	return r->loopback;
}

const char *
web_param(const web_request *r, const char *name)
{
	for (size_t i = 0; i < r->nfields; i++)
		if (strcmp(r->fields[i].name, name) == 0)
			return r->fields[i].value;
	return mhd.lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, name);
}

const char *
web_header(const web_request *r, const char *name)
{
	return mhd.lookup_connection_value(r->conn, MHD_HEADER_KIND, name);
}

bool
web_field(const web_request *r, size_t i, const char **name, const char **value)
{
	if (i >= r->nfields)
		return false;
	*name = r->fields[i].name;
	*value = r->fields[i].value;
	return true;
}

void
web_redirect(web_response *resp, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(resp->location, sizeof(resp->location), fmt, ap);
	va_end(ap);
	resp->status = 303;
}

static enum MHD_Result
upload_part(web_request *r, const char *filename, const char *data, uint64_t off, size_t size);

static enum MHD_Result
post_field(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
           const char *content_type, const char *transfer_encoding, const char *data, uint64_t off,
           size_t size)
{
	web_request *r = cls;
	struct field *f = r->nfields ? &r->fields[r->nfields - 1] : NULL;
	char *p;

	(void)kind;
	(void)content_type;
	(void)transfer_encoding;
	if (filename != NULL && r->rule != NULL && strcmp(key, r->rule->field) == 0)
		return upload_part(r, filename, data, off, size);
	r->form_bytes += size + strlen(key);
	if (r->form_bytes > FORM_MAX) {
		r->form_too_big = true;
		return MHD_NO;
	}
	if (off == 0 || f == NULL || strcmp(f->name, key) != 0) {
		if (r->nfields == FIELDS_MAX) {
			r->form_too_big = true;
			return MHD_NO;
		}
		if ((p = realloc(r->fields, (r->nfields + 1) * sizeof(*r->fields))) == NULL)
			return MHD_NO;
		r->fields = (struct field *)(void *)p;
		f = &r->fields[r->nfields];
		memset(f, 0, sizeof(*f));
		if ((f->name = strdup(key)) == NULL || (f->value = calloc(1, 1)) == NULL) {
			free(f->name);
			free(f->value);
			return MHD_NO;
		}
		r->nfields++;
	}
	if (size == 0)
		return MHD_YES;
	if ((p = realloc(f->value, f->len + size + 1)) == NULL)
		return MHD_NO;
	memcpy(p + f->len, data, size);
	f->len += size;
	p[f->len] = '\0';
	f->value = p;
	return MHD_YES;
}

/*
 * A private temporary file: unnamed (O_TMPFILE) where the file system
 * allows, else created and unlinked at once; mode 0600 either way.
 */
static int
upload_tmpfile(void)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	int fd;

	if (dir == NULL || dir[0] != '/')
		dir = "/tmp";
	fd = open(dir, O_TMPFILE | O_RDWR | O_EXCL | O_CLOEXEC, 0600);
	if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL))
		return fd;
	if ((size_t)snprintf(path, sizeof(path), "%s/qp-upload.XXXXXX", dir) >= sizeof(path))
		return -1;
	if ((fd = mkostemp(path, O_CLOEXEC)) >= 0)
		(void)unlink(path);
	return fd;
}

static void
upload_close(web_request *r)
{
	if (r->up_fd >= 0) {
		close(r->up_fd);
		r->up_fd = -1;
		r->w->uploads_open--;
	}
}

/* A chunk of the upload rule's file field: into the temporary file. */
static enum MHD_Result
upload_part(web_request *r, const char *filename, const char *data, uint64_t off, size_t size)
{
	if (!r->up_allowed)
		return MHD_YES; /* no session: dropped, the page refuses anyway */
	if (r->up_fd < 0) {
		if (off != 0 || r->up_name != NULL) { /* a second file in one form */
			r->form_too_big = true;
			return MHD_NO;
		}
		if (r->w->uploads_open >= UPLOADS_OPEN_MAX) {
			r->up_busy = true;
			return MHD_NO;
		}
		if ((r->up_name = strdup(filename)) == NULL || (r->up_fd = upload_tmpfile()) < 0) {
			r->up_failed = true;
			return MHD_NO;
		}
		r->w->uploads_open++;
	}
	if (r->up_size + size > r->rule->max) {
		r->up_too_big = true;
		upload_close(r);
		return MHD_NO;
	}
	for (size_t done = 0; done < size;) {
		ssize_t n = write(r->up_fd, data + done, size - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			r->up_failed = true;
			upload_close(r);
			return MHD_NO;
		}
		done += (size_t)n;
	}
	r->up_size += size;
	return MHD_YES;
}

bool
web_upload(const web_request *r, const char *field, int *fd, uint64_t *size, const char **filename)
{
	if (r->rule == NULL || r->up_fd < 0 || strcmp(field, r->rule->field) != 0)
		return false;
	*fd = r->up_fd;
	*size = r->up_size;
	*filename = r->up_name != NULL ? r->up_name : "";
	return true;
}

/*
 * A textarea comes back with CR LF line ends (HTML); the records take LF
 * only and refuse a CR as a control character (issue #13).
 */
static void
fields_lf(web_request *r)
{
	for (size_t i = 0; i < r->nfields; i++) {
		char *v = r->fields[i].value;
		size_t n = 0;

		for (size_t j = 0; j < r->fields[i].len; j++)
			if (!(v[j] == '\r' && v[j + 1] == '\n'))
				v[n++] = v[j];
		v[n] = '\0';
		r->fields[i].len = n;
	}
}

static void
request_free(web_request *r)
{
	if (r == NULL)
		return;
	/* An attempt whose answer was never given (the client left during
	 * its check) counts as wrong: it was not shown to be right. */
	web_throttle_failed(r);
	if (r->pp != NULL)
		mhd.destroy_post_processor(r->pp);
	if (r->arg != NULL && r->free_arg != NULL)
		r->free_arg(r->arg);
	upload_close(r);
	free(r->up_name);
	for (size_t i = 0; i < r->nfields; i++) {
		free(r->fields[i].name);
		free(r->fields[i].value);
	}
	free(r->fields);
	free(r);
}

static void
completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)c;
	(void)toe;
	request_free(*con_cls);
	*con_cls = NULL;
}

static void
security_headers(struct MHD_Response *m, bool tls, bool page, bool document)
{
	/* A generated report (web_response.document) carries its own inline
	 * stylesheet; it gets no script either way. */
	mhd.add_response_header(m, "Content-Security-Policy",
	                        document ? "default-src 'none'; style-src 'unsafe-inline'; "
	                                   "img-src data:; form-action 'none'; "
	                                   "frame-ancestors 'none'; base-uri 'none'"
	                                 : "default-src 'none'; style-src 'self'; img-src 'self'; "
	                                   "form-action 'self'; frame-ancestors 'none'; "
	                                   "base-uri 'none'");
	mhd.add_response_header(m, "X-Frame-Options", "DENY");
	mhd.add_response_header(m, "X-Content-Type-Options", "nosniff");
	mhd.add_response_header(m, "Referrer-Policy", "no-referrer");
	mhd.add_response_header(m, "Cache-Control", page ? "no-store" : "max-age=3600");
	if (tls)
		mhd.add_response_header(m, "Strict-Transport-Security", "max-age=31536000");
}

static enum MHD_Result
respond(web_request *r, int status, const char *type, char *body, size_t len,
        const web_response *resp)
{
	struct MHD_Response *m;
	enum MHD_Result ret;
	char cookie[256];

	m = mhd.create_response_from_buffer(len, body, MHD_RESPMEM_MUST_FREE);
	if (m == NULL) {
		free(body);
		return MHD_NO;
	}
	security_headers(m, r->w->tls, strcmp(r->path, "/style.css") != 0,
	                 resp != NULL && resp->document);
	mhd.add_response_header(m, "Content-Type", type);
	if (resp != NULL && resp->attachment[0] != '\0') {
		snprintf(cookie, sizeof(cookie), "attachment; filename=\"%s\"", resp->attachment);
		mhd.add_response_header(m, "Content-Disposition", cookie);
	}
	if (resp != NULL && resp->location[0] != '\0')
		mhd.add_response_header(m, "Location", resp->location);
	if (resp != NULL && resp->retry_after[0] != '\0')
		mhd.add_response_header(m, "Retry-After", resp->retry_after);
	if (r->clear_cookie && !r->set_cookie) {
		snprintf(cookie, sizeof(cookie),
		         COOKIE "=; Path=/; Max-Age=0; HttpOnly; "
		                "SameSite=Strict%s",
		         r->w->tls ? "; Secure" : "");
		mhd.add_response_header(m, "Set-Cookie", cookie);
	} else if (r->set_cookie && r->session != NULL) {
		snprintf(cookie, sizeof(cookie),
		         COOKIE "=%s; Path=/; HttpOnly; "
		                "SameSite=Strict%s",
		         r->session->id, r->w->tls ? "; Secure" : "");
		mhd.add_response_header(m, "Set-Cookie", cookie);
	}
	ret = mhd.queue_response(r->conn, (unsigned)status, m);
	mhd.destroy_response(m);
	return ret;
}

static enum MHD_Result
send_text(web_request *r, int status, const char *type, const char *text)
{
	char *b = strdup(text);

	if (b == NULL)
		return MHD_NO;
	return respond(r, status, type, b, strlen(b), NULL);
}

/* ---------------------------------------------------------------- deferred work */

/* At most this many works at once (an Argon2id check holds 64 MiB). */
#define WORKS_MAX 4

static void *
worker(void *cls)
{
	web_request *r = cls;
	web_server *w = r->w;

	r->work(r->arg);
	atomic_store(&r->worked, true);
	/* Wakes the loop (libmicrohttpd's inter-thread channel is in its epoll
	 * set); the request is handled again on the loop's thread. */
	mhd.resume_connection(r->conn);
	atomic_fetch_sub(&w->in_flight, 1);
	return NULL;
}

static int
start_work(web_request *r)
{
	pthread_attr_t at;
	pthread_t t;
	int e;

	mhd.suspend_connection(r->conn);
	atomic_fetch_add(&r->w->in_flight, 1);
	if (pthread_attr_init(&at) != 0) {
		e = -1;
	} else {
		pthread_attr_setdetachstate(&at, PTHREAD_CREATE_DETACHED);
		e = pthread_create(&t, &at, worker, r);
		pthread_attr_destroy(&at);
	}
	if (e != 0) {
		/* No thread: the work runs here, as it did before. */
		atomic_fetch_sub(&r->w->in_flight, 1);
		r->work(r->arg);
		atomic_store(&r->worked, true);
		mhd.resume_connection(r->conn);
	}
	return 0;
}

bool
web_defer(web_request *r, void (*work)(void *arg), void *arg, void (*free_arg)(void *arg))
{
	if (r->work != NULL || atomic_load(&r->w->in_flight) >= WORKS_MAX)
		return false;
	r->work = work;
	r->arg = arg;
	r->free_arg = free_arg;
	return true;
}

void *
web_deferred(web_request *r)
{
	return r->work != NULL && atomic_load(&r->worked) ? r->arg : NULL;
}

static const char refused_page[] =
        "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\">"
        "<title>Formulaire refusé</title><link rel=\"stylesheet\" href=\"/style.css\">"
        "</head><body><main><h1>Formulaire refusé</h1><p class=\"error\">Ce formulaire "
        "a expiré ou ne vient pas de cette page. Rechargez la page et recommencez."
        "</p><p><a href=\"/\">Retour à l'accueil</a></p></main></body></html>";

/* Why an upload was refused, as a page (NULL: it was not). */
static enum MHD_Result
upload_refusal(web_request *r, bool *refused)
{
	char page[1536], what[512];
	int status = 413;

	*refused = true;
	if (r->up_too_big) {
		snprintf(what, sizeof(what),
		         "Le fichier dépasse la taille acceptée (%zu Mio au plus). Rien n'a été "
		         "gardé. Envoyez un export plus court, par exemple un fichier par mois.",
		         r->rule->max >> 20);
	} else if (r->up_busy) {
		status = 503;
		snprintf(what, sizeof(what),
		         "Trop de fichiers sont en cours d'envoi. Rien n'a été gardé. "
		         "Réessayez dans un instant.");
	} else if (r->up_failed) {
		status = 500;
		snprintf(what, sizeof(what),
		         "Le fichier n'a pas pu être reçu (espace disque temporaire ?). "
		         "Rien n'a été gardé.");
	} else {
		*refused = false;
		return MHD_NO;
	}
	snprintf(page, sizeof(page),
	         "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\">"
	         "<title>Fichier refusé</title><link rel=\"stylesheet\" href=\"/style.css\">"
	         "</head><body><main><h1>Fichier refusé</h1><p class=\"msg bad\" "
	         "role=\"alert\">%s</p><p><a href=\"%s\">Revenir au formulaire</a></p>"
	         "</main></body></html>",
	         what, r->rule->path);
	return send_text(r, status, "text/html; charset=utf-8", page);
}

/* The client closed its end (or the connection broke) while the request
 * was suspended: poll(2) sees the peer's FIN as POLLRDHUP even with bytes
 * still unread (a TLS close_notify). */
static bool
client_gone(web_request *r)
{
	const union MHD_ConnectionInfo *ci;
	struct pollfd pfd = { .events = POLLRDHUP };

	ci = mhd.get_connection_info(r->conn, MHD_CONNECTION_INFO_CONNECTION_FD);
	if (ci == NULL)
		return false;
	pfd.fd = ci->connect_fd;
	return poll(&pfd, 1, 0) == 1 && (pfd.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0;
}

/*
 * The program's pages, in French whatever the daemon's own locale (its log
 * stays English): the modules' messages go through gettext, so the handler
 * runs under a French LC_MESSAGES (and UTF-8 LC_CTYPE) for this thread
 * only; numbers keep the C locale. Both programs' pages, one place.
 */
static void
run_handler(web_request *r, web_response *resp)
{
	locale_t old = r->w->fr != (locale_t)0 ? uselocale(r->w->fr) : (locale_t)0;

	r->w->o.handler(r->w->o.ctx, r, resp);
	if (old != (locale_t)0)
		uselocale(old);
}

static enum MHD_Result
dispatch(web_request *r)
{
	bool refused;
	enum MHD_Result ret;
	web_response resp = { .status = 200 };
	const char *csrf, *cookie;
	char *body;
	size_t len;

	if (strcmp(r->path, "/style.css") == 0)
		return send_text(r, 200, "text/css; charset=utf-8", web_stylesheet);
	if (r->rule != NULL && ((ret = upload_refusal(r, &refused)), refused))
		return ret;
	if (r->form_too_big)
		return send_text(r, 413, "text/plain; charset=utf-8",
		                 "Formulaire trop volumineux.\n");
	cookie = mhd.lookup_connection_value(r->conn, MHD_COOKIE_KIND, COOKIE);
	r->session = session_find(r->w, cookie);
	session_check_account(r);
	/* Called again after a deferred work: the form was checked the first
	 * time (its session may have ended since, e.g. by another login). */
	/* A cookie of ours that opens no session: it expired (idle or
	 * absolute limit), the daemon restarted, or its account was disabled
	 * or got a new password. Logging out clears it. */
	r->session_ended = r->session == NULL && cookie != NULL && cookie[0] != '\0';
	if (web_is_post(r) && r->session_ended && !atomic_load(&r->worked)) {
		/* Not run: the form is lost; the login page says why. */
		snprintf(resp.location, sizeof(resp.location), "/login?expiree=%d",
		         r->account_changed == WEB_ACCOUNT_DISABLED     ? 6
		         : r->account_changed == WEB_ACCOUNT_NEW_SECRET ? 4
		                                                        : 2);
		return respond(r, 303, "text/plain; charset=utf-8", NULL, 0, &resp);
	}
	if (web_is_post(r)) {
		csrf = web_param(r, "csrf");
		if (!atomic_load(&r->worked) &&
		    (r->session == NULL || csrf == NULL || strlen(csrf) != TOKEN_HEX ||
		     sodium_memcmp(csrf, r->session->csrf, TOKEN_HEX) != 0))
			return send_text(r, 403, "text/html; charset=utf-8", refused_page);
	} else if (strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0) {
		return send_text(r, 405, "text/plain; charset=utf-8", "Méthode non permise.\n");
	}
	/* A login or PIN attempt whose client left during its check: nobody
	 * saw the answer, so it is not taken as right (no session, no record,
	 * no failure forgiven); it counts as a failure and the connection
	 * ends. */
	if (atomic_load(&r->worked) && r->throttle_held && client_gone(r)) {
		web_throttle_failed(r);
		return MHD_NO;
	}
	html_init(&resp.body);
	run_handler(r, &resp);
	if (r->work != NULL && !atomic_load(&r->worked)) {
		/* The handler asked for a slow work off the loop: this request
		 * waits (suspended) and the handler runs again once it is done. */
		html_free(&resp.body);
		return start_work(r) == 0 ? MHD_YES : MHD_NO;
	}
	if (resp.location[0] != '\0' && resp.status < 300)
		resp.status = 303;
	body = html_take(&resp.body, &len);
	if (body == NULL)
		return MHD_NO;
	return respond(r, resp.status,
	               resp.content_type ? resp.content_type : "text/html; charset=utf-8", body,
	               len, &resp);
}

static enum MHD_Result
access_handler(void *cls, struct MHD_Connection *conn, const char *url, const char *method,
               const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	web_server *w = cls;
	web_request *r = *con_cls;

	(void)version;
	if (r == NULL) {
		const union MHD_ConnectionInfo *ci;
		if ((r = calloc(1, sizeof(*r))) == NULL)
			return MHD_NO;
		r->w = w;
		r->conn = conn;
		r->method = method;
		r->path = url;
		ci = mhd.get_connection_info(conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		if (ci != NULL && ci->client_addr != NULL) {
			const struct sockaddr *sa = ci->client_addr;
			if (sa->sa_family == AF_INET) {
				const struct sockaddr_in *in = (const void *)sa;
				inet_ntop(AF_INET, &in->sin_addr, r->client, sizeof(r->client));
				r->loopback = (ntohl(in->sin_addr.s_addr) >> 24) == 127;
			} else if (sa->sa_family == AF_INET6) {
				const struct sockaddr_in6 *in6 = (const void *)sa;
				inet_ntop(AF_INET6, &in6->sin6_addr, r->client, sizeof(r->client));
				r->loopback = IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr);
			}
		}
		r->up_fd = -1;
		if (strcmp(method, "POST") == 0) {
			for (size_t i = 0; i < w->o.n_uploads; i++)
				if (strcmp(url, w->o.uploads[i].path) == 0)
					r->rule = &w->o.uploads[i];
			if (r->rule != NULL) {
				const struct session *s = session_find(
				        w,
				        mhd.lookup_connection_value(conn, MHD_COOKIE_KIND, COOKIE));
				r->up_allowed = s != NULL && s->user[0] != '\0';
			}
			r->pp = mhd.create_post_processor(conn, 16384, post_field, r);
		}
		*con_cls = r;
		return MHD_YES;
	}
	if (*upload_size != 0 && r->rule != NULL) {
		/* An upload form: the body is capped as a whole too; a refused
		 * one is read on (so that the browser gets the page) up to twice
		 * the cap, then answered at once. */
		uint64_t cap = (uint64_t)FORM_MAX + r->rule->max + 65536;
		bool refused = r->up_too_big || r->up_busy || r->up_failed || r->form_too_big;

		r->raw_bytes += *upload_size;
		if (r->pp != NULL && !refused)
			(void)mhd.post_process(r->pp, upload, *upload_size);
		*upload_size = 0;
		if (r->raw_bytes > cap && !r->up_too_big) {
			r->up_too_big = true;
			upload_close(r);
		}
		if (r->raw_bytes > 2 * cap && !r->up_early) {
			r->up_early = true;
			return dispatch(r);
		}
		return MHD_YES;
	}
	if (r->up_early)
		return MHD_YES;
	if (*upload_size != 0) {
		if (r->pp != NULL && !r->form_too_big)
			(void)mhd.post_process(r->pp, upload, *upload_size);
		else
			r->form_bytes += *upload_size;
		if (r->form_bytes > FORM_MAX)
			r->form_too_big = true;
		*upload_size = 0;
		return MHD_YES;
	}
	if (!r->fields_done) {
		fields_lf(r);
		r->fields_done = true;
	}
	return dispatch(r);
}

/* ---------------------------------------------------------------- daemon */

static char *
read_pem(const char *path, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t n = 0;
	long size;

	if (f == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) > 0 && size < (1 << 20) &&
	    fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)size + 1)) != NULL) {
		n = fread(buf, 1, (size_t)size, f);
		buf[n] = '\0';
	}
	fclose(f);
	if (buf == NULL || n == 0) {
		snprintf(err, errlen, "%s: cannot read the PEM file", path);
		free(buf);
		return NULL;
	}
	return buf;
}

/* "ADDRESS:PORT" (IPv4, [IPv6] or localhost) into ss, port and whether the
 * address is loopback. */
static int
parse_listen(const char *listen, struct sockaddr_storage *ss, unsigned long *port, bool *loopback,
             char *err, size_t errlen)
{
	char host[128];
	const char *colon = listen ? strrchr(listen, ':') : NULL;
	char *end;

	if (colon == NULL || (size_t)(colon - listen) >= sizeof(host)) {
		snprintf(err, errlen, _("[web] listen: expected ADDRESS:PORT, got \"%s\""),
		         listen ? listen : "");
		return QP_ECONFIG;
	}
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	if (host[0] == '[' && host[strlen(host) - 1] == ']') {
		memmove(host, host + 1, strlen(host));
		host[strlen(host) - 1] = '\0';
	}
	errno = 0;
	*port = strtoul(colon + 1, &end, 10);
	if (colon[1] == '\0' || *end != '\0' || errno != 0 || *port > 65535) {
		snprintf(err, errlen, _("[web] listen: bad port in \"%s\""), listen);
		return QP_ECONFIG;
	}
	memset(ss, 0, sizeof(*ss));
	if (strcmp(host, "localhost") == 0)
		strcpy(host, "127.0.0.1");
	if (inet_pton(AF_INET, host, &((struct sockaddr_in *)ss)->sin_addr) == 1) {
		struct sockaddr_in *in = (struct sockaddr_in *)ss;
		in->sin_family = AF_INET;
		in->sin_port = htons((uint16_t)*port);
		*loopback = (ntohl(in->sin_addr.s_addr) >> 24) == 127;
	} else if (inet_pton(AF_INET6, host, &((struct sockaddr_in6 *)ss)->sin6_addr) == 1) {
		struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
		in6->sin6_family = AF_INET6;
		in6->sin6_port = htons((uint16_t)*port);
		*loopback = IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr);
	} else {
		snprintf(err, errlen, _("[web] listen: \"%s\" is not an IP address"), host);
		return QP_ECONFIG;
	}
	return 0;
}

int
web_config_check(const char *listen, const char *tls_cert, const char *tls_key, const char **key,
                 char *err, size_t errlen)
{
	struct sockaddr_storage ss;
	unsigned long port;
	bool loopback = false;
	const char *files[2] = { tls_cert, tls_key };
	int e;

	*key = "listen";
	if ((e = parse_listen(listen, &ss, &port, &loopback, err, errlen)) != 0)
		return e;
	*key = tls_cert == NULL ? "tls_key" : "tls_cert";
	if ((tls_cert == NULL) != (tls_key == NULL)) {
		snprintf(err, errlen, "%s",
		         _("[web] tls_cert and tls_key: give both (the certificate and its key), "
		           "or neither"));
		return QP_ECONFIG;
	}
	if (!loopback && tls_cert == NULL) {
		*key = "listen";
		snprintf(err, errlen,
		         _("[web] listen = %s is beyond 127.0.0.1: set [web] tls_cert and "
		           "tls_key (passwords must not cross the network in clear)"),
		         listen);
		return QP_ECONFIG;
	}
	for (int i = 0; i < 2; i++) {
		char *pem;
		if (files[i] == NULL)
			continue;
		*key = i == 0 ? "tls_cert" : "tls_key";
		if ((pem = read_pem(files[i], err, errlen)) == NULL)
			return QP_ECONFIG;
		if (strstr(pem, "-----BEGIN ") == NULL) {
			snprintf(err, errlen, _("%s: not a PEM file (no \"-----BEGIN\" line)"),
			         files[i]);
			sodium_memzero(pem, strlen(pem));
			free(pem);
			return QP_ECONFIG;
		}
		sodium_memzero(pem, strlen(pem));
		free(pem);
	}
	return 0;
}

int
web_server_start(const web_options *o, web_server **out, char *err, size_t errlen)
{
	web_server *w;
	struct sockaddr_storage ss;
	unsigned long port;
	bool loopback = false;
	unsigned flags = MHD_USE_EPOLL | MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME;
	int e;
	const union MHD_DaemonInfo *di;

	*out = NULL;
	if (sodium_init() < 0) {
		snprintf(err, errlen, "libsodium does not initialise");
		return QP_EIO;
	}
	if ((e = mhd_load(err, errlen)) != 0)
		return e;
	if ((e = parse_listen(o->listen, &ss, &port, &loopback, err, errlen)) != 0)
		return e;
	if (ss.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if (!loopback && (o->tls_cert == NULL || o->tls_key == NULL)) {
		snprintf(err, errlen,
		         "[web] listen = %s is beyond 127.0.0.1: set [web] "
		         "tls_cert and tls_key (the site's network must not see passwords "
		         "in clear)",
		         o->listen);
		return QP_ECONFIG;
	}
	if ((w = calloc(1, sizeof(*w))) == NULL)
		return QP_ENOMEM;
	w->o = *o;
	if (w->o.session_idle_s <= 0)
		w->o.session_idle_s = 1800;
	if (w->o.session_max_s <= 0)
		w->o.session_max_s = 43200;
	if (o->tls_cert != NULL && o->tls_key != NULL) {
		if ((w->cert = read_pem(o->tls_cert, err, errlen)) == NULL ||
		    (w->key = read_pem(o->tls_key, err, errlen)) == NULL) {
			web_server_destroy(&w);
			return QP_ECONFIG;
		}
		w->tls = true;
		flags |= MHD_USE_TLS;
	}
	w->d = mhd.start_daemon(
	        flags, (uint16_t)port, NULL, NULL, access_handler, w, MHD_OPTION_SOCK_ADDR,
	        (struct sockaddr *)&ss, MHD_OPTION_NOTIFY_COMPLETED, completed, w,
	        MHD_OPTION_CONNECTION_LIMIT, (unsigned)256, MHD_OPTION_CONNECTION_TIMEOUT,
	        (unsigned)30, MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)65536,
	        w->tls ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, w->cert,
	        MHD_OPTION_HTTPS_MEM_KEY, w->key, MHD_OPTION_END);
	if (w->d == NULL) {
		snprintf(err, errlen,
		         "[web] listen = %s: cannot listen there (address in "
		         "use, or TLS files that do not load)",
		         o->listen);
		web_server_destroy(&w);
		return QP_EIO;
	}
	di = mhd.get_daemon_info(w->d, MHD_DAEMON_INFO_BIND_PORT);
	w->port = di != NULL ? di->port : (unsigned)port;
	/* Without the French locale installed the pages' own French still
	 * shows; only the modules' messages stay in the daemon's language. */
	w->fr = newlocale(LC_MESSAGES_MASK | LC_CTYPE_MASK, "fr_FR.UTF-8", (locale_t)0);
	*out = w;
	return 0;
}

void
web_server_destroy(web_server **wp)
{
	web_server *w;

	if (wp == NULL || (w = *wp) == NULL)
		return;
	if (w->d != NULL) {
		/* No suspended connection may be left when the daemon stops: let
		 * the works end (each well under a second), then let the daemon
		 * take their connections back. */
		while (atomic_load(&w->in_flight) > 0) {
			struct timespec ts = { 0, 10 * 1000000 };
			nanosleep(&ts, NULL);
		}
		(void)mhd.run(w->d);
		mhd.stop_daemon(w->d);
	}
	if (w->key != NULL)
		sodium_memzero(w->key, strlen(w->key));
	free(w->key);
	free(w->cert);
	if (w->fr != (locale_t)0)
		freelocale(w->fr);
	sodium_memzero(w->sessions, sizeof(w->sessions));
	free(w);
	*wp = NULL;
}

int
web_server_fd(const web_server *w)
{
	const union MHD_DaemonInfo *di = mhd.get_daemon_info(w->d, MHD_DAEMON_INFO_EPOLL_FD);

	return di != NULL ? di->epoll_fd : -1;
}

long
web_server_timeout_ms(web_server *w)
{
	MHD_UNSIGNED_LONG_LONG t;

	if (mhd.get_timeout(w->d, &t) != MHD_YES)
		return -1;
	return t > 60000 ? 60000 : (long)t;
}

void
web_server_run(web_server *w)
{
	(void)mhd.run(w->d);
}

unsigned
web_server_port(const web_server *w)
{
	return w->port;
}

bool
web_server_tls(const web_server *w)
{
	return w->tls;
}
