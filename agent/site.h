/*
 * site.h: the agent's data directory and store, and the one way a record
 * is written.
 *
 * Data directory layout:
 *   agent.ini        configuration (unless --config names another file)
 *   site.key         the site's secret key (mode 0600)
 *   site.pub         the site's public key, as `qp-agent key` prints it
 *   store/           LMDB: tables meta, history, outbox, central, quarantine,
 *                    users (web accounts, local only)
 *   wake.sock        datagram socket of a running `qp-agent run`
 *
 * Every record is one write transaction that assigns the next seq, appends
 * the event to `history` (the site's audit trail, kept) and to `outbox`
 * (pruned once the collector acknowledged it), and bumps `next_seq`; so seqs
 * are gapless and unique across concurrent processes, and a killed writer
 * leaves all of it or nothing.
 */
#ifndef QP_AGENT_SITE_H
#define QP_AGENT_SITE_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "import.h"
#include "ledger.h"
#include "store.h"

/* T_USERS holds the web accounts (agent/users.h): local, never synced.
 * T_SUMS (issue #18): seq -> the checksum (site_entry_sum, SITE_SUM_BYTES)
 * of the history entry as site_append wrote it, then the entry's count of
 * submessages and repeated elements (codec_count_items) as 4 bytes, little
 * endian (SITE_SUMREC_BYTES in all; a store from before has the checksum
 * alone). Kept while the entry is in the outbox: the pre-send check trusts
 * an entry that matches it without decoding it again, or walking it for
 * its count; one without (recorded before, or rewritten by a recovery) or
 * that differs is decoded and validated as before. */
enum site_table {
	T_META = 0, T_HISTORY, T_OUTBOX, T_CENTRAL, T_QUARANTINE, T_USERS, T_SUMS, T_COUNT
};

#define SITE_SUM_BYTES 8
#define SITE_SUMREC_BYTES (SITE_SUM_BYTES + 4)

/* The checksum of a stored entry and its item count: SipHash-2-4
 * (crypto_shorthash) of the entry under a fixed key with the count mixed
 * in, so a damaged count fails the check as a damaged entry does (count 0:
 * the checksum of the stores from before). It finds damage, not forgery
 * (the store is the site's). */
void site_entry_sum(const void *buf, size_t len, uint32_t items, uint8_t out[SITE_SUM_BYTES]);
/* The T_SUMS record of a stored entry: its checksum, then its count. */
void site_sum_record(const void *buf, size_t len, uint32_t items,
                     uint8_t out[SITE_SUMREC_BYTES]);
/* Does the kept T_SUMS record `kept` (klen bytes) match this entry? On a
 * match, *items is the kept count, or SITE_ITEMS_UNKNOWN for a record of a
 * store from before the count (the checksum alone). */
#define SITE_ITEMS_UNKNOWN SIZE_MAX
bool site_sum_match(const void *kept, size_t klen, const void *buf, size_t len, size_t *items);

/*
 * The outbox after an acknowledgement (issue #18). Entries the centre
 * acknowledged (seq <= acknowledged_through) may stay in T_OUTBOX and
 * T_SUMS for a while: when the whole outbox is acknowledged (after a
 * backlog, and after each ack of a site that keeps up) both tables are
 * emptied at once, which costs their pages, not their entries; otherwise
 * entries are deleted one by one (LMDB copies and rebalances the pages:
 * the cost the profile showed on every ack) only once SITE_PRUNE_AT seqs
 * have piled up, and never in the middle of a backlog (`backlog`): on
 * a 400,000-event resync that one-by-one prune was half the agent's CPU,
 * on its only thread, with no batch leaving meanwhile; the backlog ends
 * with the outbox acknowledged whole, emptied at once, and until then the
 * outbox holds no more than it held when the backlog began, plus what is
 * recorded meanwhile. Readers count pending records with site_pending,
 * never with the table's size.
 */
#define SITE_PRUNE_AT 262144u
int site_outbox_release(store_txn *txn, uint64_t acked, bool backlog) QP_MUST_CHECK;
/* Outbox entries past `acked`: the records still to send. */
int site_pending(store_txn *txn, uint64_t acked, uint64_t *n) QP_MUST_CHECK;

typedef struct agent_config {
	char *site;
	char *name;               /* [agent] name: the site as people call it
	                             ("EPS Paris 5e"), or NULL (SITE_NAME_MAX) */
	char *endpoint;           /* tcp://host:port of the collector */
	char *collector_key;      /* its public key, text form */
	uint64_t map_max;         /* store maximum size */
	long long batch_events;   /* most events in one batch */
	long long window;         /* most batches in flight without credit */
	long long heartbeat_ms;
	long long reconnect_min_ms;
	long long reconnect_max_ms;
	long long sync_timeout_s; /* default of `sync --timeout` */
	char *web_listen;         /* [web] listen, NULL: no web interface */
	char *web_tls_cert;
	char *web_tls_key;
	long long web_session_minutes;
	import_columns import;    /* [import.*]: column names of the exports */
} agent_config;

extern const config_option agent_config_options[];

typedef struct site {
	char *data;               /* data directory */
	char *config_path;
	agent_config cfg;
	store *st;
} site;

/* Meta keys. */
#define META_SITE "site"
#define META_NEXT_SEQ "next_seq"
#define META_ACKED "acked_through"
#define META_NEXT_ACTION "next_action"
#define META_LAST_CONTACT "last_contact_ms"
#define META_CREATED "created_ms"
#define META_QUARANTINED "quarantined"
/* Repeats the collector refused as a conflict (another content, same seq). */
#define META_CONFLICTS "conflicts"
/* 1 from `init --recover` until the store is rebuilt from the centre. */
#define META_RECOVERING "recovering"
#define CENTRAL_STATE "state"

/* Paths inside the data directory; the caller frees. */
char *site_path(const char *data, const char *name);

/* Most characters of [agent] name. */
#define SITE_NAME_MAX 80
/* [agent] name is one line of at most SITE_NAME_MAX characters. */
bool site_name_valid(const char *name);
/*
 * The site for people, in the web pages' headings: "EPS Paris 5e (eps-05)"
 * with a name, "site eps-05" without. Returns buf.
 */
const char *site_place(const agent_config *cfg, char *buf, size_t len);

/*
 * Opens an initialised site: reads the configuration (`config_path`, or
 * DATA/agent.ini when NULL) and the store (created empty with `create`). On error writes a message into
 * err and returns a qp_err.
 */
int site_open(const char *data, const char *config_path, bool create,
              site **out, char *err, size_t errlen);
void site_close(site **s);

/*
 * Called inside the write transaction, before the seq is assigned, with the
 * ledger of the whole history (when `want_ledger`) to check the record
 * against the site's state and complete it. Returns 0 or QP_EINVAL with a
 * message in err.
 */
typedef int (*site_prepare_fn)(site *s, store_txn *txn, ledger *l,
                               Qp__Event *ev, void *ctx, char *err, size_t errlen);

/*
 * Writes one record: fills site, seq, recorded_at (now) and validates it.
 * On success *seq_out (if not NULL) is its seq and a running daemon is
 * woken. QP_EINVAL with err set for bad input, QP_EFULL when the store is
 * at its maximum.
 */
int site_record(site *s, Qp__Event *ev, bool want_ledger, site_prepare_fn prepare,
                void *ctx, uint64_t *seq_out, char *err, size_t errlen);

/*
 * Inside a write transaction: assigns the next seq to ev (and its site),
 * validates it and appends it to history and outbox. *seq_out gets the seq.
 */
int site_append(site *s, store_txn *txn, Qp__Event *ev, uint64_t *seq_out,
                char *err, size_t errlen);

/* The whole history as a ledger (a read snapshot). */
int site_ledger(site *s, ledger **out);

/* Meta values (8-byte big-endian). Missing means 0. */
int site_meta_get(store_txn *txn, const char *key, uint64_t *v);
int site_meta_put(store_txn *txn, const char *key, uint64_t v);

/*
 * The central state the agent holds (catalogue and plannings). Owned by
 * the caller (codec_free).
 */
int site_central(site *s, Qp__CentralState **out);
/* The catalogue entry of `code` in `cs`, or NULL. */
const Qp__CatalogueEntry *site_catalogue_entry(const Qp__CentralState *cs,
                                              const char *code);

/* Milliseconds since the epoch, now. */
int64_t site_now_ms(void);

/* Wakes `qp-agent run` if it is running (never blocks, never fails). */
void site_wake(const site *s);

#endif
