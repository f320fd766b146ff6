/*
 * cstore.h: the collector's data directory and store.
 *
 * Data directory layout:
 *   collector.ini    configuration (unless --config names another file)
 *   collector.key    the collector's secret key (mode 0600)
 *   collector.pub    its public key, as `qp-collector key` prints it
 *   store/           LMDB: tables meta, sites, progress, events, central
 *   wake.sock        datagram socket of a running `qp-collector run`
 *
 * Tables:
 *   meta      registry_version (bumped by enroll/revoke so the daemon reloads)
 *   sites     site id -> qp.SiteRecord (key, name, label month, revoked)
 *   progress  site id -> qp.SiteProgress (stored_through, counts, rejections);
 *             PROGRESS_GLOBAL holds rejections naming no enrolled site
 *   events    site id, NUL, seq (8 bytes big-endian) -> packed qp.Event
 *   central   "state" -> qp.CentralState (catalogue, plannings, version)
 *   steering  what the centre records itself (collector/steering/steering.h):
 *             central actions, audits, campaign results, central reviews
 *   users     the central team's web accounts (web/accounts.h): local to
 *             the collector, never sent to a site
 */
#ifndef QP_CSTORE_H
#define QP_CSTORE_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "domain.h"
#include "protocol.h"
#include "ledger.h"
#include "store.h"
#include "qualiparis.pb-c.h"

enum ctable { C_META = 0, C_SITES, C_PROGRESS, C_EVENTS, C_CENTRAL, C_STEERING, C_USERS, C_COUNT };

/* The store's first map size; it grows up to [store] map_max. */
#define CSTORE_MAP_INITIAL (16u << 20)

#define PROGRESS_GLOBAL "*"
#define META_REGISTRY "registry_version"
#define CENTRAL_KEY "state"
/* site id (<= DOMAIN_ID_MAX) + NUL + 8-byte seq */
#define EVENT_KEY_MAX (DOMAIN_ID_MAX + 1 + 8)

/* site_progress.rejected is indexed by enum protocol_reason. */

/* A site's sync progress as the daemon keeps it (stored as qp.SiteProgress). */
typedef struct site_progress {
	uint64_t stored_through;   /* highest seq stored, contiguous from 1 */
	uint64_t events;           /* events stored */
	int64_t last_seen_ms;      /* collector clock */
	int64_t first_seen_ms;
	int64_t clock_offset_ms;   /* site clock minus collector clock */
	uint64_t rejected[REASON_COUNT];
	uint64_t replies_unsent;   /* replies the site's queue could not take */
	uint64_t reported_next_seq; /* the site's next seq at its last hello */
} site_progress;

typedef struct collector_config {
	char *listen;              /* tcp://host:port to bind */
	uint64_t map_max;
	long long heartbeat_ms;
	long long credit;          /* batches an agent may have in flight */
	long long max_batch_events;
	long long group_max;       /* most messages in one group commit */
	long long max_connections; /* TCP connections held at once */
	char *web_listen;          /* [web] listen, NULL: no web interface */
	char *web_tls_cert;
	char *web_tls_key;
	long long web_session_minutes;
} collector_config;

extern const config_option collector_config_options[];

typedef struct cstore {
	char *data;
	char *config_path;
	collector_config cfg;
	store *st;
} cstore;

char *cstore_path(const char *data, const char *name);
int cstore_open(const char *data, const char *config_path, bool create,
                cstore **out, char *err, size_t errlen);
void cstore_close(cstore **cs);

/* Key of an event: returns its length. The site id is a valid one (enroll
 * and the envelope refuse longer ids); a longer one aborts. */
size_t cstore_event_key(uint8_t *key, const char *site, uint64_t seq);
/* The prefix every key of the site's events starts with ("site\0"):
 * returns its length. */
size_t cstore_event_prefix(uint8_t *key, const char *site);

/*
 * Loads a site's events (table `events_table`, keys "site\0seqBE") into a
 * new ledger owned by the caller. An event that does not decode (the
 * collector validates what it accepts with the limits of this read, so
 * only damage or an older collector leaves one) is left out, never fatal:
 * one bad event must not stop every report. Its seq is appended to
 * *skipped (malloc'd, *nskipped entries; the caller frees) when skipped is
 * not NULL.
 */
int cstore_load_ledger(store_txn *txn, unsigned events_table, const char *site,
                       ledger **out, uint64_t *count, uint64_t **skipped,
                       size_t *nskipped) QP_MUST_CHECK;

/* Unpacked records; the caller frees with codec_free. Missing: QP_ENOTFOUND
 * (for progress: a fresh zeroed message and 0). */
int cstore_site_get(store_txn *txn, const char *site, Qp__SiteRecord **out);
int cstore_site_put(store_txn *txn, const Qp__SiteRecord *rec);
int cstore_progress_get(store_txn *txn, const char *site, site_progress *out);
/* Events the site said it had (at its last hello) and the collector does not
 * hold yet: the lag that status, /metrics and the web pages show. */
uint64_t cstore_progress_lag(const site_progress *p);
int cstore_progress_put(store_txn *txn, const char *site, const site_progress *p);
int cstore_central_get(store_txn *txn, Qp__CentralState **out);
int cstore_central_put(store_txn *txn, const Qp__CentralState *cs);
int cstore_meta_get(store_txn *txn, const char *key, uint64_t *v);
int cstore_meta_put(store_txn *txn, const char *key, uint64_t v);

/* Every enrolled site, sorted by id; free with cstore_sites_free. */
int cstore_sites(store_txn *txn, Qp__SiteRecord ***out, size_t *n);
void cstore_sites_free(Qp__SiteRecord **sites, size_t n);

/* Wakes `qp-collector run` so it reloads the registry and central state. */
void cstore_wake(const cstore *cs);


#endif
