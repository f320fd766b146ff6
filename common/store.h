/*
 * store.h: an LMDB environment with named tables and short write
 * transactions.
 *
 * The map starts small and doubles when a write needs room, up to the
 * configured maximum; a write that still does not fit fails with QP_EFULL,
 * its transaction aborted, the store untouched and usable. Writes go through
 * store_write(), which runs a caller's function inside one transaction and
 * may run it again after growing the map, so that function must only touch
 * the store (and state it resets on entry).
 *
 * Several processes may use one store at once (LMDB serialises writers);
 * stale reader slots of dead processes are cleared at open.
 *
 * Thread-safety: a store handle may be shared by threads; a transaction
 * (store_txn, its cursors and the values it returned) is used by one
 * thread at a time (the environment is opened MDB_NOTLS, so a read
 * transaction may move between threads, never be used by two at once);
 * LMDB allows one write transaction at a time in the whole environment.
 * Growing the map waits until no transaction of the process is open (a
 * thread that holds one and needs the map grown gets QP_ESTORE instead).
 *
 * Keys that hold numbers use big-endian bytes so that they sort in order
 * (store_key_u64).
 */
#ifndef QP_STORE_H
#define QP_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "qp_error.h"

typedef struct store store;
typedef struct store_txn store_txn;
typedef struct store_cursor store_cursor;

typedef struct store_opts {
	const char *const *tables;  /* names of the tables; index = handle */
	unsigned ntables;
	uint64_t map_initial;       /* bytes; 0 = 1 MiB */
	uint64_t map_max;           /* bytes; growth stops here (QP_EFULL) */
	bool create;                /* create the directory (tables missing from
	                               an existing store are always created) */
} store_opts;

typedef struct store_info {
	uint64_t map_size;          /* current map size, bytes */
	uint64_t map_max;
	uint64_t used;              /* bytes up to the highest page ever used */
	uint64_t in_use;            /* of those, bytes not on the free list */
	unsigned readers;
	unsigned max_readers;
} store_info;

typedef struct store_val {
	const void *data;           /* borrowed until the transaction ends */
	size_t len;
} store_val;

/* Opens (or with opts->create, creates) the store in directory `dir`. */
int store_open(const char *dir, const store_opts *opts, store **out) QP_MUST_CHECK;
/* Takes NULL; sets *s to NULL. No transaction may be open. */
void store_destroy(store **s);

/*
 * Runs fn(txn, ctx) in a write transaction and commits it durably when fn
 * returns 0. A nonzero return from fn aborts and is returned as is. If the
 * map is full, the transaction is aborted, the map grown and fn run again;
 * at the maximum, QP_EFULL.
 */
typedef int (*store_write_fn)(store_txn *txn, void *ctx);
int store_write(store *s, store_write_fn fn, void *ctx) QP_MUST_CHECK;

/*
 * store_write, refused with QP_EFULL (fn not run) unless `reserve` bytes
 * would stay free under the maximum: so that routine writes stop while
 * there is still room for the ones that free space (deletions need pages
 * too in a copy-on-write tree).
 */
int store_write_reserve(store *s, uint64_t reserve, store_write_fn fn,
                        void *ctx) QP_MUST_CHECK;

/* A read-only snapshot; end it with store_txn_end. */
int store_read(store *s, store_txn **out) QP_MUST_CHECK;
void store_txn_end(store_txn **txn);

/* 0, QP_ENOTFOUND, or an error. `val` is borrowed until the txn ends. */
int store_get(store_txn *txn, unsigned table, const void *key, size_t klen,
              store_val *val) QP_MUST_CHECK;
int store_put(store_txn *txn, unsigned table, const void *key, size_t klen,
              const void *val, size_t vlen) QP_MUST_CHECK;
/* Appends at the end of a table; the key must sort after every other. */
int store_append(store_txn *txn, unsigned table, const void *key, size_t klen,
                 const void *val, size_t vlen) QP_MUST_CHECK;
/* 0 or QP_ENOTFOUND. */
int store_del(store_txn *txn, unsigned table, const void *key, size_t klen) QP_MUST_CHECK;
/* Number of entries in a table. */
int store_count(store_txn *txn, unsigned table, uint64_t *n) QP_MUST_CHECK;

/*
 * Cursors: store_cursor_seek positions at the first key >= `key` (the first
 * key of the table if key is NULL); next/prev move; last goes to the end.
 * Each returns 0 with key and value filled (borrowed until the txn ends),
 * QP_ENOTFOUND past either end, or an error. A cursor is closed before its
 * transaction ends.
 */
int store_cursor_open(store_txn *txn, unsigned table, store_cursor **out) QP_MUST_CHECK;
int store_cursor_seek(store_cursor *c, const void *key, size_t klen,
                      store_val *k, store_val *v) QP_MUST_CHECK;
int store_cursor_next(store_cursor *c, store_val *k, store_val *v) QP_MUST_CHECK;
int store_cursor_prev(store_cursor *c, store_val *k, store_val *v) QP_MUST_CHECK;
int store_cursor_last(store_cursor *c, store_val *k, store_val *v) QP_MUST_CHECK;
/* Deletes the entry under the cursor (write transactions only). */
int store_cursor_del(store_cursor *c) QP_MUST_CHECK;
/*
 * store_put through a cursor (write transactions only), which is left on
 * the new entry: a key just after it, in the same page, is then placed
 * without a search from the root (keys written in order: a batch's events).
 */
int store_cursor_put(store_cursor *c, const void *key, size_t klen,
                     const void *val, size_t vlen) QP_MUST_CHECK;
void store_cursor_close(store_cursor **c);

/* Empties a table (its pages go back to the free list, without visiting
 * each entry). */
int store_clear(store_txn *txn, unsigned table) QP_MUST_CHECK;
/*
 * Deletes every entry of a table keyed by store_key_u64 up to `through`
 * (and any other key sorting before), from the highest down; *n is how
 * many went.
 */
int store_prune_u64(store_txn *txn, unsigned table, uint64_t through,
                    uint64_t *n) QP_MUST_CHECK;

int store_info_get(store *s, store_info *info) QP_MUST_CHECK;

/*
 * Unmaps the store's file pages from this process (madvise DONTNEED on the
 * read-only map): an idle daemon that read its whole history (a resync, a
 * page) stops counting it in its RSS. The pages stay in the page cache,
 * shared and reclaimable, and fault back in on the next read; nothing a
 * reader holds becomes invalid.
 */
void store_release_pages(store *s);

/*
 * A consistent hot copy of the whole store into directory `dir` (created
 * if missing, must not hold a store already), compacted, while other
 * processes keep writing.
 */
int store_backup(store *s, const char *dir) QP_MUST_CHECK;

/*
 * A counter under a text key, as 8 big-endian bytes: a missing key reads as
 * 0; a value of another size is QP_ESTORE.
 */
int store_get_u64(store_txn *txn, unsigned table, const char *key,
                  uint64_t *v) QP_MUST_CHECK;
int store_put_u64(store_txn *txn, unsigned table, const char *key,
                  uint64_t v) QP_MUST_CHECK;

/* Big-endian 8-byte keys. */
void store_key_u64(uint8_t out[8], uint64_t v);
uint64_t store_u64_key(const void *p);

/*
 * What this program does when a store it opens from now on turns out
 * damaged, LMDB not checksumming its pages: a page that does not read as
 * LMDB wrote it (MDB_CORRUPTED, MDB_PAGE_NOTFOUND), or a read that faults
 * in or just past the map (SIGBUS: a damaged page pointing beyond the
 * file's end; SIGSEGV past the map). It writes `message` (copied now, with
 * its newline: the path and how to repair, already in the reader's
 * language) to standard error and ends with `code`, by write(2) and
 * _exit(2) only. Without it those errors return QP_EDAMAGED and faults
 * keep their default action. The store opened last is the one watched,
 * from the moment its file is mapped; store_destroy stops watching it. A
 * file that is not an LMDB file (MDB_INVALID) gives QP_EDAMAGED from
 * store_open, the message left to the caller.
 */
void store_damage_exit(const char *message, int code);

/* Last LMDB message of this handle, for logs ("" if none). */
const char *store_last_error(const store *s);

#endif
