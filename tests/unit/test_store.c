/*
 * test_store.c: unit tests of common/store.c, the LMDB wrapper: tables,
 * cursors over big-endian keys, aborted writes, map growth up to the
 * maximum, a second process on the same store, and hot backups.
 *
 * Each test works in a fresh mkdtemp directory removed afterwards.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <dirent.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>

#include "store.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define MiB (1024ULL * 1024ULL)
#define BIG (64u * 1024u)

enum { T_EVENTS, T_STATE, T_META };
static const char *const tables[] = { "events", "state", "meta" };

struct fixture {
	char dir[PATH_MAX];
	char db[PATH_MAX];
};

/* ---- fixture ------------------------------------------------------------- */

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	const char *tmp = getenv("TMPDIR");

	if (f == NULL)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "%s/qp-test-store-XXXXXX",
	         tmp != NULL ? tmp : "/tmp");
	if (mkdtemp(f->dir) == NULL) {
		free(f);
		return -1;
	}
	*state = f;
	/* The temporary directory's path is short: a cut one is an error. */
	if (snprintf(f->db, sizeof(f->db), "%s/db", f->dir) >= (int)sizeof(f->db))
		return -1;
	return 0;
}

/* rm -r of what the tests make: directories and plain files. */
static int
remove_tree(const char *path)
{
	char child[PATH_MAX];
	struct dirent *de;
	DIR *d = opendir(path);
	int rc = 0;

	if (d == NULL)
		return unlink(path);
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
			continue;
		if (snprintf(child, sizeof(child), "%s/%s", path, de->d_name) >= PATH_MAX ||
		    remove_tree(child) != 0)
			rc = -1;
	}
	closedir(d);
	return rmdir(path) == 0 ? rc : -1;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	int rc = remove_tree(f->dir);

	free(f);
	return rc;
}

static void
path_in(const struct fixture *f, const char *name, char *out)
{
	int n = snprintf(out, PATH_MAX, "%s/%s", f->dir, name);

	assert_true(n > 0 && n < PATH_MAX);
}

/* ---- helpers ------------------------------------------------------------- */

static store_opts
opts_of(uint64_t initial, uint64_t max, bool create)
{
	store_opts o = {
		.tables = tables,
		.ntables = ARRAY_LEN(tables),
		.map_initial = initial,
		.map_max = max,
		.create = create,
	};
	return o;
}

static store *
open_store(const char *dir, uint64_t initial, uint64_t max, bool create)
{
	store_opts o = opts_of(initial, max, create);
	store *s = NULL;

	assert_int_equal(store_open(dir, &o, &s), 0);
	assert_non_null(s);
	return s;
}

enum op_kind { PUT, APPEND, DEL };

struct op {
	enum op_kind kind;
	unsigned table;
	uint64_t key;          /* 8 big-endian bytes, unless skey */
	const char *skey;
	const void *val;
	size_t vlen;
};

/* A write: run the ops in order, stop at the first error, then return `then`. */
struct batch {
	const struct op *ops;
	size_t n;
	int then;
	int calls;
};

static int
run_batch(store_txn *txn, void *ctx)
{
	struct batch *b = ctx;
	uint8_t k[8];
	int err = 0;

	b->calls++;
	for (size_t i = 0; i < b->n && err == 0; i++) {
		const struct op *o = &b->ops[i];
		const void *key = k;
		size_t klen = sizeof(k);

		if (o->skey != NULL) {
			key = o->skey;
			klen = strlen(o->skey);
		} else {
			store_key_u64(k, o->key);
		}
		switch (o->kind) {
		case PUT:
			err = store_put(txn, o->table, key, klen, o->val, o->vlen);
			break;
		case APPEND:
			err = store_append(txn, o->table, key, klen, o->val, o->vlen);
			break;
		case DEL:
			err = store_del(txn, o->table, key, klen);
			break;
		}
	}
	return err != 0 ? err : b->then;
}

static int
write_ops(store *s, const struct op *ops, size_t n)
{
	struct batch b = { ops, n, 0, 0 };

	return store_write(s, run_batch, &b);
}

static int
put_u64(store *s, unsigned table, uint64_t key, const void *val, size_t vlen)
{
	struct op o = { PUT, table, key, NULL, val, vlen };

	return write_ops(s, &o, 1);
}

static int
put_str(store *s, unsigned table, const char *key, const char *val)
{
	struct op o = { PUT, table, 0, key, val, strlen(val) };

	return write_ops(s, &o, 1);
}

static int
del_u64(store *s, unsigned table, uint64_t key)
{
	struct op o = { DEL, table, key, NULL, NULL, 0 };

	return write_ops(s, &o, 1);
}

/* Reads one value into buf (NUL-terminated when it fits). */
static int
get_u64(store *s, unsigned table, uint64_t key, void *buf, size_t cap, size_t *len)
{
	store_txn *txn = NULL;
	store_val v;
	uint8_t k[8];
	int err;

	store_key_u64(k, key);
	assert_int_equal(store_read(s, &txn), 0);
	err = store_get(txn, table, k, sizeof(k), &v);
	if (err == 0) {
		*len = v.len;
		memcpy(buf, v.data, v.len < cap ? v.len : cap);
		if (v.len < cap)
			((char *)buf)[v.len] = '\0';
	}
	store_txn_end(&txn);
	assert_null(txn);
	return err;
}

static void
assert_value(store *s, unsigned table, uint64_t key, const char *expect)
{
	char buf[256];
	size_t len = 0;

	assert_int_equal(get_u64(s, table, key, buf, sizeof(buf), &len), 0);
	assert_int_equal(len, strlen(expect));
	assert_string_equal(buf, expect);
}

static uint64_t
count(store *s, unsigned table)
{
	store_txn *txn = NULL;
	uint64_t n = UINT64_MAX;

	assert_int_equal(store_read(s, &txn), 0);
	assert_int_equal(store_count(txn, table, &n), 0);
	store_txn_end(&txn);
	return n;
}

/* A 64 KiB value that names its key: 8 key bytes, then a pattern. */
static void
big_value(uint8_t *buf, uint64_t key)
{
	store_key_u64(buf, key);
	for (size_t j = 8; j < BIG; j++)
		buf[j] = (uint8_t)(key * 31 + j);
}

static bool
big_value_intact(store *s, uint64_t key)
{
	static uint8_t expect[BIG], got[BIG + 1];
	size_t len = 0;

	if (get_u64(s, T_EVENTS, key, got, sizeof(got), &len) != 0 || len != BIG)
		return false;
	big_value(expect, key);
	return memcmp(expect, got, BIG) == 0;
}

/* ---- open, put, get, del, count ------------------------------------------ */

static void
test_open_options(void **state)
{
	struct fixture *f = *state;
	store_opts o;
	store *s = (store *)f; /* must be reset to NULL */

	o = opts_of(0, 4 * MiB, true);
	o.ntables = 0;
	assert_int_equal(store_open(f->db, &o, &s), QP_EINVAL);
	assert_null(s);
	o = opts_of(0, MiB / 2, true);
	assert_int_equal(store_open(f->db, &o, &s), QP_EINVAL);
	assert_null(s);

	/* No store there and no create. */
	o = opts_of(0, 4 * MiB, false);
	assert_int_equal(store_open(f->db, &o, &s), QP_ENOTFOUND);
	assert_null(s);

	/* map_initial 0 means 1 MiB; a larger initial is capped at max. */
	s = open_store(f->db, 0, 4 * MiB, true);
	{
		store_info info;

		assert_int_equal(store_info_get(s, &info), 0);
		assert_int_equal(info.map_size, MiB);
		assert_int_equal(info.map_max, 4 * MiB);
		assert_true(info.used > 0 && info.used <= info.map_size);
		assert_true(info.max_readers >= 126);
		assert_string_equal(store_last_error(s), "");
	}
	store_destroy(&s);
	assert_null(s);
	store_destroy(&s);
	store_destroy(NULL);
	assert_string_equal(store_last_error(NULL), "");
}

static void
test_put_get_del_count(void **state)
{
	struct fixture *f = *state;
	store *s = open_store(f->db, MiB, 4 * MiB, true);
	store_txn *txn = NULL;
	store_val v;
	uint8_t k[8];
	char buf[64];
	size_t len;

	assert_int_equal(count(s, T_EVENTS), 0);
	assert_int_equal(count(s, T_STATE), 0);
	assert_int_equal(count(s, T_META), 0);

	/* The same key in three tables holds three values. */
	{
		const struct op ops[] = {
			{ PUT, T_EVENTS, 1, NULL, "un", 2 },
			{ PUT, T_STATE, 1, NULL, "one", 3 },
			{ PUT, T_META, 0, "version", "3", 1 },
		};
		assert_int_equal(write_ops(s, ops, ARRAY_LEN(ops)), 0);
	}
	assert_value(s, T_EVENTS, 1, "un");
	assert_value(s, T_STATE, 1, "one");
	assert_int_equal(get_u64(s, T_EVENTS, 2, buf, sizeof(buf), &len), QP_ENOTFOUND);
	assert_int_equal(count(s, T_EVENTS), 1);
	assert_int_equal(count(s, T_STATE), 1);
	assert_int_equal(count(s, T_META), 1);

	/* String keys, an empty value, and a table index out of range. */
	assert_int_equal(store_read(s, &txn), 0);
	assert_int_equal(store_get(txn, T_META, "version", 7, &v), 0);
	assert_int_equal(v.len, 1);
	assert_memory_equal(v.data, "3", 1);
	assert_int_equal(store_get(txn, T_META, "versio", 6, &v), QP_ENOTFOUND);
	store_key_u64(k, 1);
	assert_int_equal(store_get(txn, 3, k, 8, &v), QP_EINVAL);
	assert_int_equal(store_get(txn, 99, k, 8, &v), QP_EINVAL);
	{
		uint64_t n;
		assert_int_equal(store_count(txn, 3, &n), QP_EINVAL);
	}
	store_txn_end(&txn);
	assert_int_equal(put_str(s, T_META, "empty", ""), 0);
	assert_int_equal(store_read(s, &txn), 0);
	assert_int_equal(store_get(txn, T_META, "empty", 5, &v), 0);
	assert_int_equal(v.len, 0);
	store_txn_end(&txn);

	/* Overwrite keeps one entry. */
	assert_int_equal(put_u64(s, T_STATE, 1, "uno", 3), 0);
	assert_value(s, T_STATE, 1, "uno");
	assert_int_equal(count(s, T_STATE), 1);

	for (uint64_t i = 2; i <= 10; i++) {
		snprintf(buf, sizeof(buf), "value %llu", (unsigned long long)i);
		assert_int_equal(put_u64(s, T_EVENTS, i, buf, strlen(buf)), 0);
	}
	assert_int_equal(count(s, T_EVENTS), 10);
	assert_value(s, T_EVENTS, 7, "value 7");

	assert_int_equal(del_u64(s, T_EVENTS, 5), 0);
	assert_int_equal(count(s, T_EVENTS), 9);
	assert_int_equal(get_u64(s, T_EVENTS, 5, buf, sizeof(buf), &len), QP_ENOTFOUND);
	/* Deleting what is not there: QP_ENOTFOUND, returned as is. */
	assert_int_equal(del_u64(s, T_EVENTS, 5), QP_ENOTFOUND);
	assert_int_equal(count(s, T_EVENTS), 9);
	/* Other tables are untouched. */
	assert_value(s, T_STATE, 1, "uno");

	/* A read snapshot does not see later commits. */
	assert_int_equal(store_read(s, &txn), 0);
	assert_int_equal(put_u64(s, T_EVENTS, 11, "onze", 4), 0);
	store_key_u64(k, 11);
	assert_int_equal(store_get(txn, T_EVENTS, k, 8, &v), QP_ENOTFOUND);
	store_txn_end(&txn);
	assert_value(s, T_EVENTS, 11, "onze");
	store_destroy(&s);

	/* Reopened without create: the same entries. */
	s = open_store(f->db, MiB, 4 * MiB, false);
	assert_int_equal(count(s, T_EVENTS), 10);
	assert_value(s, T_EVENTS, 1, "un");
	assert_value(s, T_EVENTS, 10, "value 10");
	assert_value(s, T_STATE, 1, "uno");
	assert_int_equal(count(s, T_META), 2);
	store_destroy(&s);

	/* A table a newer program adds is created in the existing store, even
	 * without create (which only creates the directory). */
	{
		static const char *const more[] = { "events", "state", "meta", "extra" };
		store_opts o = opts_of(MiB, 4 * MiB, false);

		o.tables = more;
		o.ntables = 4;
		assert_int_equal(store_open(f->db, &o, &s), 0);
		assert_int_equal(count(s, 3), 0);
		assert_int_equal(put_u64(s, 3, 1, "x", 1), 0);
		assert_value(s, 3, 1, "x");
		assert_value(s, T_EVENTS, 1, "un");
		store_destroy(&s);
	}
}

/* ---- keys and cursors ---------------------------------------------------- */

static void
test_key_u64(void **state)
{
	static const uint8_t k255[8] = { 0, 0, 0, 0, 0, 0, 0, 0xff };
	static const uint8_t k256[8] = { 0, 0, 0, 0, 0, 0, 1, 0 };
	static const uint8_t k65536[8] = { 0, 0, 0, 0, 0, 1, 0, 0 };
	static const uint8_t kmix[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	static const uint8_t kmax[8] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	uint8_t a[8], b[8], c[8];

	(void)state;
	store_key_u64(a, 255);
	store_key_u64(b, 256);
	store_key_u64(c, 65536);
	assert_memory_equal(a, k255, 8);
	assert_memory_equal(b, k256, 8);
	assert_memory_equal(c, k65536, 8);
	/* Byte order is numeric order. */
	assert_true(memcmp(a, b, 8) < 0);
	assert_true(memcmp(b, c, 8) < 0);

	store_key_u64(a, UINT64_C(0x0102030405060708));
	assert_memory_equal(a, kmix, 8);
	store_key_u64(a, UINT64_MAX);
	assert_memory_equal(a, kmax, 8);

	assert_true(store_u64_key(k255) == 255);
	assert_true(store_u64_key(k256) == 256);
	assert_true(store_u64_key(k65536) == 65536);
	assert_true(store_u64_key(kmix) == UINT64_C(0x0102030405060708));
	assert_true(store_u64_key(kmax) == UINT64_MAX);
	store_key_u64(a, 0);
	assert_true(store_u64_key(a) == 0);
}

static void
assert_at(int rc, const store_val *k, const store_val *v, uint64_t key)
{
	char expect[32];

	assert_int_equal(rc, 0);
	assert_int_equal(k->len, 8);
	assert_true(store_u64_key(k->data) == key);
	snprintf(expect, sizeof(expect), "v%llu", (unsigned long long)key);
	assert_int_equal(v->len, strlen(expect));
	assert_memory_equal(v->data, expect, v->len);
}

static void
test_cursor(void **state)
{
	struct fixture *f = *state;
	/* Inserted out of order; sorted: 1 255 256 65536 1000000 2^40. */
	static const uint64_t keys[] = {
		65536, 1, UINT64_C(1) << 40, 256, 1000000, 255,
	};
	store *s = open_store(f->db, MiB, 4 * MiB, true);
	store_txn *txn = NULL;
	store_cursor *c = NULL;
	store_val k, v;
	uint8_t seek[8];
	char val[32];

	/* An empty table. */
	assert_int_equal(store_read(s, &txn), 0);
	assert_int_equal(store_cursor_open(txn, T_EVENTS, &c), 0);
	assert_int_equal(store_cursor_seek(c, NULL, 0, &k, &v), QP_ENOTFOUND);
	assert_int_equal(store_cursor_last(c, &k, &v), QP_ENOTFOUND);
	store_cursor_close(&c);
	assert_null(c);
	assert_int_equal(store_cursor_open(txn, 3, &c), QP_EINVAL);
	assert_null(c);
	store_txn_end(&txn);

	for (size_t i = 0; i < ARRAY_LEN(keys); i++) {
		snprintf(val, sizeof(val), "v%llu", (unsigned long long)keys[i]);
		assert_int_equal(put_u64(s, T_EVENTS, keys[i], val, strlen(val)), 0);
	}
	/* A neighbour table must not leak into the cursor. */
	assert_int_equal(put_u64(s, T_STATE, 300, "other", 5), 0);

	assert_int_equal(store_read(s, &txn), 0);
	assert_int_equal(store_cursor_open(txn, T_EVENTS, &c), 0);
	assert_at(store_cursor_seek(c, NULL, 0, &k, &v), &k, &v, 1);
	assert_at(store_cursor_next(c, &k, &v), &k, &v, 255);
	assert_at(store_cursor_next(c, &k, &v), &k, &v, 256);
	assert_at(store_cursor_next(c, &k, &v), &k, &v, 65536);
	assert_at(store_cursor_next(c, &k, &v), &k, &v, 1000000);
	assert_at(store_cursor_next(c, &k, &v), &k, &v, UINT64_C(1) << 40);
	assert_int_equal(store_cursor_next(c, &k, &v), QP_ENOTFOUND);

	/* Seek lands on the first key >= the one asked. */
	store_key_u64(seek, 257);
	assert_at(store_cursor_seek(c, seek, 8, &k, &v), &k, &v, 65536);
	assert_at(store_cursor_prev(c, &k, &v), &k, &v, 256);
	assert_at(store_cursor_prev(c, &k, &v), &k, &v, 255);
	store_key_u64(seek, 256);
	assert_at(store_cursor_seek(c, seek, 8, &k, &v), &k, &v, 256);
	store_key_u64(seek, 0);
	assert_at(store_cursor_seek(c, seek, 8, &k, &v), &k, &v, 1);
	assert_int_equal(store_cursor_prev(c, &k, &v), QP_ENOTFOUND);
	store_key_u64(seek, (UINT64_C(1) << 40) + 1);
	assert_int_equal(store_cursor_seek(c, seek, 8, &k, &v), QP_ENOTFOUND);

	assert_at(store_cursor_last(c, &k, &v), &k, &v, UINT64_C(1) << 40);
	assert_at(store_cursor_prev(c, &k, &v), &k, &v, 1000000);
	assert_at(store_cursor_prev(c, &k, &v), &k, &v, 65536);
	/* NULL outputs are allowed. */
	assert_int_equal(store_cursor_next(c, NULL, NULL), 0);
	assert_at(store_cursor_next(c, &k, &v), &k, &v, UINT64_C(1) << 40);
	store_cursor_close(&c);
	store_txn_end(&txn);
	store_cursor_close(&c);
	store_cursor_close(NULL);
	store_destroy(&s);
}

/* Deletes every key below `below` through a cursor. */
struct prune {
	uint64_t below;
	unsigned deleted;
};

static int
prune_fn(store_txn *txn, void *ctx)
{
	struct prune *p = ctx;
	store_cursor *c = NULL;
	store_val k;
	int err;

	p->deleted = 0;
	if ((err = store_cursor_open(txn, T_EVENTS, &c)) != 0)
		return err;
	err = store_cursor_seek(c, NULL, 0, &k, NULL);
	while (err == 0 && store_u64_key(k.data) < p->below) {
		if ((err = store_cursor_del(c)) != 0)
			break;
		p->deleted++;
		/* After a delete the cursor is on the next entry. */
		err = store_cursor_seek(c, NULL, 0, &k, NULL);
	}
	store_cursor_close(&c);
	return err == QP_ENOTFOUND || err == 0 ? 0 : err;
}

static void
test_cursor_del(void **state)
{
	struct fixture *f = *state;
	store *s = open_store(f->db, MiB, 4 * MiB, true);
	struct prune p = { 256, 0 };
	char val[32];

	for (uint64_t key = 250; key <= 260; key++) {
		snprintf(val, sizeof(val), "v%llu", (unsigned long long)key);
		assert_int_equal(put_u64(s, T_EVENTS, key, val, strlen(val)), 0);
	}
	assert_int_equal(store_write(s, prune_fn, &p), 0);
	assert_int_equal(p.deleted, 6);
	assert_int_equal(count(s, T_EVENTS), 5);
	assert_value(s, T_EVENTS, 256, "v256");
	assert_value(s, T_EVENTS, 260, "v260");
	{
		size_t len;
		assert_int_equal(get_u64(s, T_EVENTS, 255, val, sizeof(val), &len),
		                 QP_ENOTFOUND);
	}
	store_destroy(&s);
}

/* Keys through one cursor: 100..199 in order, then 50 (before them all),
 * 150 again (over its value), 300 (after them all). */
static int
cursor_put_fn(store_txn *txn, void *ctx)
{
	static const uint64_t more[] = { 50, 150, 300 };
	store_cursor *c = NULL;
	char val[32];
	uint8_t k[8];
	int err;

	(void)ctx;
	if ((err = store_cursor_open(txn, T_EVENTS, &c)) != 0)
		return err;
	for (uint64_t key = 100; key <= 199 && err == 0; key++) {
		snprintf(val, sizeof(val), "v%llu", (unsigned long long)key);
		store_key_u64(k, key);
		err = store_cursor_put(c, k, 8, val, strlen(val));
	}
	for (size_t i = 0; i < sizeof(more) / sizeof(more[0]) && err == 0; i++) {
		snprintf(val, sizeof(val), "w%llu", (unsigned long long)more[i]);
		store_key_u64(k, more[i]);
		err = store_cursor_put(c, k, 8, val, strlen(val));
	}
	store_cursor_close(&c);
	return err;
}

static void
test_cursor_put(void **state)
{
	struct fixture *f = *state;
	store *s = open_store(f->db, MiB, 4 * MiB, true);
	char val[32];
	size_t len;

	/* A key between two existing ones, and one already there. */
	assert_int_equal(put_u64(s, T_EVENTS, 120, "old", 3), 0);
	assert_int_equal(put_u64(s, T_EVENTS, 250, "v250", 4), 0);
	assert_int_equal(store_write(s, cursor_put_fn, NULL), 0);
	/* 100..199, 50, 250, 300. */
	assert_int_equal(count(s, T_EVENTS), 103);
	assert_value(s, T_EVENTS, 50, "w50");
	assert_value(s, T_EVENTS, 100, "v100");
	assert_value(s, T_EVENTS, 120, "v120");
	assert_value(s, T_EVENTS, 150, "w150");
	assert_value(s, T_EVENTS, 199, "v199");
	assert_value(s, T_EVENTS, 250, "v250");
	assert_value(s, T_EVENTS, 300, "w300");
	assert_int_equal(get_u64(s, T_EVENTS, 200, val, sizeof(val), &len), QP_ENOTFOUND);
	store_destroy(&s);
}

/* ---- append and aborted writes ------------------------------------------- */

struct appender {
	uint64_t from, to;
	bool then_out_of_order;
};

static int
append_fn(store_txn *txn, void *ctx)
{
	struct appender *a = ctx;
	uint8_t k[8];
	int err;

	for (uint64_t key = a->from; key <= a->to; key++) {
		store_key_u64(k, key);
		if ((err = store_append(txn, T_EVENTS, k, 8, &key, sizeof(key))) != 0)
			return err;
	}
	if (a->then_out_of_order) {
		store_key_u64(k, a->from - 1);
		return store_append(txn, T_EVENTS, k, 8, "late", 4);
	}
	return 0;
}

static void
test_append(void **state)
{
	struct fixture *f = *state;
	store *s = open_store(f->db, MiB, 4 * MiB, true);
	struct appender a = { 1, 300, false };
	store_txn *txn = NULL;
	store_cursor *c = NULL;
	store_val k, v;
	uint64_t expect = 1, n = 0;
	int rc;

	/* 256 needs a second key byte: order must still hold. */
	assert_int_equal(store_write(s, append_fn, &a), 0);
	assert_int_equal(count(s, T_EVENTS), 300);
	a.from = 301;
	a.to = 400;
	assert_int_equal(store_write(s, append_fn, &a), 0);
	assert_int_equal(count(s, T_EVENTS), 400);

	assert_int_equal(store_read(s, &txn), 0);
	assert_int_equal(store_cursor_open(txn, T_EVENTS, &c), 0);
	for (rc = store_cursor_seek(c, NULL, 0, &k, &v); rc == 0;
	     rc = store_cursor_next(c, &k, &v)) {
		uint64_t stored;

		assert_true(store_u64_key(k.data) == expect);
		assert_int_equal(v.len, sizeof(stored));
		memcpy(&stored, v.data, sizeof(stored));
		assert_true(stored == expect);
		expect++;
		n++;
	}
	assert_int_equal(rc, QP_ENOTFOUND);
	assert_int_equal(n, 400);
	store_cursor_close(&c);
	store_txn_end(&txn);

	/* A key that does not sort last is refused, and the write with it. */
	a.from = 401;
	a.to = 410;
	a.then_out_of_order = true;
	assert_int_equal(store_write(s, append_fn, &a), QP_EEXIST);
	assert_int_equal(count(s, T_EVENTS), 400);
	{
		char buf[16];
		size_t len;
		assert_int_equal(get_u64(s, T_EVENTS, 401, buf, sizeof(buf), &len),
		                 QP_ENOTFOUND);
	}
	/* Appending an existing last key is refused too. */
	a.from = 400;
	a.to = 400;
	a.then_out_of_order = false;
	assert_int_equal(store_write(s, append_fn, &a), QP_EEXIST);
	store_destroy(&s);
}

static void
test_write_error_aborts(void **state)
{
	struct fixture *f = *state;
	store *s = open_store(f->db, MiB, 4 * MiB, true);
	const struct op ops[] = {
		{ PUT, T_EVENTS, 1, NULL, "a", 1 },
		{ PUT, T_EVENTS, 2, NULL, "b", 1 },
		{ PUT, T_STATE, 0, "stored_through", "2", 1 },
		{ DEL, T_STATE, 0, "seed", NULL, 0 },
	};
	struct batch b = { ops, 3, QP_EINVAL, 0 };
	char buf[16];
	size_t len;

	assert_int_equal(put_str(s, T_STATE, "seed", "kept"), 0);

	/* fn fails after three puts: nothing is kept, the code comes back. */
	assert_int_equal(store_write(s, run_batch, &b), QP_EINVAL);
	assert_int_equal(b.calls, 1);
	assert_int_equal(count(s, T_EVENTS), 0);
	assert_int_equal(count(s, T_STATE), 1);

	/* Any nonzero code, even one outside the project's, and a delete. */
	b.n = 4;
	b.then = 42;
	b.calls = 0;
	assert_int_equal(store_write(s, run_batch, &b), 42);
	assert_int_equal(b.calls, 1);
	assert_int_equal(count(s, T_EVENTS), 0);
	assert_int_equal(count(s, T_STATE), 1);
	{
		store_txn *txn = NULL;
		store_val v;

		assert_int_equal(store_read(s, &txn), 0);
		assert_int_equal(store_get(txn, T_STATE, "seed", 4, &v), 0);
		assert_int_equal(v.len, 4);
		assert_memory_equal(v.data, "kept", 4);
		assert_int_equal(store_get(txn, T_STATE, "stored_through", 14, &v),
		                 QP_ENOTFOUND);
		store_txn_end(&txn);
	}

	/* The same write returning 0 is kept whole. */
	b.then = 0;
	b.calls = 0;
	assert_int_equal(store_write(s, run_batch, &b), 0);
	assert_int_equal(b.calls, 1);
	assert_int_equal(count(s, T_EVENTS), 2);
	assert_int_equal(count(s, T_STATE), 1);
	assert_value(s, T_EVENTS, 1, "a");
	assert_int_equal(get_u64(s, T_EVENTS, 3, buf, sizeof(buf), &len), QP_ENOTFOUND);
	store_destroy(&s);
}

/* ---- growth -------------------------------------------------------------- */

static uint8_t big_buf[BIG];

static int
put_big(store *s, uint64_t key)
{
	big_value(big_buf, key);
	return put_u64(s, T_EVENTS, key, big_buf, BIG);
}

static void
test_growth_until_full(void **state)
{
	struct fixture *f = *state;
	store *s = open_store(f->db, MiB, 4 * MiB, true);
	store_info info;
	uint64_t n = 0, largest_before_full = 0;
	int rc = 0;
	char buf[16];
	size_t len;

	assert_int_equal(store_info_get(s, &info), 0);
	assert_int_equal(info.map_size, MiB);

	/* One 64 KiB value per transaction until the map is at its maximum. */
	while (n < 200 && (rc = put_big(s, n)) == 0) {
		n++;
		assert_int_equal(store_info_get(s, &info), 0);
		if (info.map_size > largest_before_full)
			largest_before_full = info.map_size;
	}
	assert_int_equal(rc, QP_EFULL);
	/* The map grew before the end: more than 1 MiB of values went in. */
	assert_true(largest_before_full > MiB);
	assert_true(n > 16);
	assert_true(n < 64);
	assert_int_equal(store_info_get(s, &info), 0);
	assert_int_equal(info.map_size, 4 * MiB);
	assert_true(info.used <= info.map_size);

	/* The failed write left nothing: every earlier value is whole. */
	assert_int_equal(count(s, T_EVENTS), n);
	assert_int_equal(get_u64(s, T_EVENTS, n, buf, sizeof(buf), &len), QP_ENOTFOUND);
	for (uint64_t key = 0; key < n; key++) {
		if (!big_value_intact(s, key))
			fail_msg("value %llu damaged", (unsigned long long)key);
	}
	/* Failing again changes nothing either. */
	assert_int_equal(put_big(s, n), QP_EFULL);
	assert_int_equal(count(s, T_EVENTS), n);

	/* Still usable: a delete, then a small write. */
	assert_int_equal(del_u64(s, T_EVENTS, 0), 0);
	assert_int_equal(put_u64(s, T_STATE, 1, "petit", 5), 0);
	assert_int_equal(count(s, T_EVENTS), n - 1);
	assert_value(s, T_STATE, 1, "petit");
	assert_false(big_value_intact(s, 0));
	assert_true(big_value_intact(s, 1));
	store_destroy(&s);

	/* Reopened, the same entries. */
	s = open_store(f->db, MiB, 4 * MiB, false);
	assert_int_equal(count(s, T_EVENTS), n - 1);
	for (uint64_t key = 1; key < n; key++) {
		if (!big_value_intact(s, key))
			fail_msg("value %llu damaged after reopening", (unsigned long long)key);
	}
	assert_value(s, T_STATE, 1, "petit");
	/* The room of the deleted value can be used again. */
	assert_int_equal(put_u64(s, T_STATE, 2, "encore", 6), 0);
	assert_value(s, T_STATE, 2, "encore");
	store_destroy(&s);
}

/* A write function that reports how often it ran, to see retries. */
struct counted {
	uint64_t key;
	int calls;
};

static int
counted_big(store_txn *txn, void *ctx)
{
	struct counted *c = ctx;
	uint8_t k[8];

	c->calls++;
	big_value(big_buf, c->key);
	store_key_u64(k, c->key);
	return store_put(txn, T_EVENTS, k, 8, big_buf, BIG);
}

static void
test_growth_retries_write(void **state)
{
	struct fixture *f = *state;
	store *s = open_store(f->db, MiB, 8 * MiB, true);
	struct counted c = { 0, 0 };
	store_info info;
	int retried = 0;

	/* Until the map has grown twice, at least one write ran again. */
	for (c.key = 0; c.key < 40; c.key++) {
		c.calls = 0;
		assert_int_equal(store_write(s, counted_big, &c), 0);
		assert_true(c.calls >= 1 && c.calls <= 2);
		if (c.calls == 2)
			retried++;
	}
	assert_int_equal(store_info_get(s, &info), 0);
	assert_int_equal(info.map_size, 4 * MiB);
	/* 1 -> 2 -> 4 MiB: two growths, each running the function again. */
	assert_int_equal(retried, 2);
	assert_int_equal(count(s, T_EVENTS), 40);
	for (uint64_t key = 0; key < 40; key++)
		assert_true(big_value_intact(s, key));
	store_destroy(&s);
}

/* ---- growth and other threads' transactions ------------------------------ */

static uint8_t big_buf_check[BIG];

struct grower {
	store *s;
	atomic_int done;
	int rc;
};

static void *
grow_thread(void *arg)
{
	struct grower *g = arg;

	/* 30 values of 64 KiB: more than the 1 MiB map holds. */
	for (uint64_t key = 1; key <= 30 && g->rc == 0; key++)
		g->rc = put_big(g->s, key);
	atomic_store(&g->done, 1);
	return NULL;
}

/*
 * LMDB unmaps and maps the file again to grow it, under any transaction
 * another thread holds: the growth waits until it ends, and what it read
 * stays readable meanwhile.
 */
static void
test_growth_waits_for_readers(void **state)
{
	struct fixture *f = *state;
	store *s = open_store(f->db, MiB, 8 * MiB, true);
	struct grower g = { .s = s, .rc = 0 };
	struct timespec pause = { 0, 300 * 1000 * 1000 };
	store_txn *txn = NULL;
	store_info info;
	store_val v;
	uint8_t k[8];
	pthread_t t;

	assert_int_equal(put_big(s, 0), 0);
	assert_int_equal(store_read(s, &txn), 0);
	store_key_u64(k, 0);
	assert_int_equal(store_get(txn, T_EVENTS, k, sizeof(k), &v), 0);
	assert_int_equal(v.len, BIG);
	atomic_init(&g.done, 0);
	assert_int_equal(pthread_create(&t, NULL, grow_thread, &g), 0);
	nanosleep(&pause, NULL);
	assert_int_equal(atomic_load(&g.done), 0);
	assert_int_equal(store_info_get(s, &info), 0);
	assert_int_equal(info.map_size, MiB);
	big_value(big_buf_check, 0);
	assert_memory_equal(v.data, big_buf_check, BIG);
	store_txn_end(&txn);
	assert_int_equal(pthread_join(t, NULL), 0);
	assert_int_equal(g.rc, 0);
	assert_int_equal(store_info_get(s, &info), 0);
	assert_true(info.map_size > MiB);
	assert_int_equal(count(s, T_EVENTS), 31);
	store_destroy(&s);
}

/* A thread that holds a transaction cannot wait for itself: a write that
 * must grow the map fails instead, and succeeds once it is ended. */
static void
test_growth_under_own_reader(void **state)
{
	struct fixture *f = *state;
	store *s = open_store(f->db, MiB, 8 * MiB, true);
	store_txn *txn = NULL;
	uint64_t key;
	int e = 0;

	assert_int_equal(store_read(s, &txn), 0);
	for (key = 0; key < 30 && e == 0; key++)
		e = put_big(s, key);
	assert_int_equal(e, QP_ESTORE);
	store_txn_end(&txn);
	assert_int_equal(put_big(s, key - 1), 0);
	for (; key < 30; key++)
		assert_int_equal(put_big(s, key), 0);
	assert_int_equal(count(s, T_EVENTS), 30);
	store_destroy(&s);
}

/* ---- another process ----------------------------------------------------- */

/*
 * The child's part: open its own handle, check what it must see, write
 * `nbig` 64 KiB values from key `from`. Exit status 0 or the failed step.
 */
static int
child_writes(const char *dir, uint64_t expect_count, uint64_t from, unsigned nbig)
{
	store_opts o = opts_of(MiB, 8 * MiB, false);
	store *s = NULL;
	store_txn *txn = NULL;
	store_info info;
	uint64_t n = 0;
	int step = 0;

	if (store_open(dir, &o, &s) != 0)
		return 10;
	if (store_read(s, &txn) != 0 || store_count(txn, T_EVENTS, &n) != 0) {
		step = 11;
		goto out;
	}
	store_txn_end(&txn);
	if (n != expect_count) {
		step = 12;
		goto out;
	}
	for (unsigned i = 0; i < nbig; i++) {
		if (put_big(s, from + i) != 0) {
			step = 13;
			goto out;
		}
	}
	if (store_info_get(s, &info) != 0 || info.map_size <= MiB)
		step = 14;
out:
	store_txn_end(&txn);
	store_destroy(&s);
	return step;
}

static void
run_child(const char *dir, uint64_t expect_count, uint64_t from, unsigned nbig)
{
	pid_t pid;
	int status = 0;

	fflush(NULL);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(child_writes(dir, expect_count, from, nbig));
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	if (WEXITSTATUS(status) != 0)
		fail_msg("child failed at step %d", WEXITSTATUS(status));
}

static void
test_second_process(void **state)
{
	struct fixture *f = *state;
	store *s = open_store(f->db, MiB, 8 * MiB, true);
	store_info info;

	assert_int_equal(put_u64(s, T_EVENTS, 1, "p1", 2), 0);
	assert_int_equal(put_u64(s, T_EVENTS, 2, "p2", 2), 0);
	assert_int_equal(put_u64(s, T_EVENTS, 3, "p3", 2), 0);

	/* The child sees our 3 commits and grows the map past 2 MiB. */
	run_child(f->db, 3, 100, 40);
	assert_int_equal(store_info_get(s, &info), 0);
	assert_int_equal(info.map_size, MiB);

	/* Our map is now too small for the data: a write adopts the new size. */
	assert_int_equal(put_u64(s, T_EVENTS, 4, "p4", 2), 0);
	assert_int_equal(count(s, T_EVENTS), 44);
	assert_int_equal(store_info_get(s, &info), 0);
	assert_true(info.map_size >= 4 * MiB);
	for (uint64_t key = 100; key < 140; key++)
		assert_true(big_value_intact(s, key));
	assert_value(s, T_EVENTS, 3, "p3");

	/* Again, and this time a read comes first. */
	run_child(f->db, 44, 200, 40);
	assert_int_equal(count(s, T_EVENTS), 84);
	for (uint64_t key = 200; key < 240; key++)
		assert_true(big_value_intact(s, key));
	assert_int_equal(store_info_get(s, &info), 0);
	assert_true(info.map_size > 4 * MiB);
	assert_int_equal(put_u64(s, T_EVENTS, 5, "p5", 2), 0);
	assert_value(s, T_EVENTS, 5, "p5");
	store_destroy(&s);

	/* Everyone's writes are there for the next opener. */
	s = open_store(f->db, MiB, 8 * MiB, false);
	assert_int_equal(count(s, T_EVENTS), 85);
	assert_value(s, T_EVENTS, 1, "p1");
	assert_true(big_value_intact(s, 239));
	store_destroy(&s);
}

/* ---- backup -------------------------------------------------------------- */

static void
test_backup(void **state)
{
	struct fixture *f = *state;
	store *s = open_store(f->db, MiB, 8 * MiB, true);
	store *b = NULL, *other = NULL;
	char backup[PATH_MAX], other_dir[PATH_MAX], empty[PATH_MAX], deep[PATH_MAX];
	char val[32];

	for (uint64_t key = 1; key <= 20; key++) {
		if (key % 5 == 0) {
			assert_int_equal(put_big(s, key), 0);
		} else {
			snprintf(val, sizeof(val), "v%llu", (unsigned long long)key);
			assert_int_equal(put_u64(s, T_EVENTS, key, val, strlen(val)), 0);
		}
	}
	assert_int_equal(del_u64(s, T_EVENTS, 7), 0);
	assert_int_equal(del_u64(s, T_EVENTS, 10), 0);
	assert_int_equal(put_str(s, T_META, "version", "12"), 0);

	path_in(f, "backup", backup);
	assert_int_equal(store_backup(s, backup), 0);
	/* The source keeps working after the copy. */
	assert_int_equal(put_u64(s, T_EVENTS, 21, "v21", 3), 0);

	b = open_store(backup, MiB, 8 * MiB, false);
	assert_int_equal(count(b, T_EVENTS), 18);
	assert_int_equal(count(b, T_STATE), 0);
	assert_int_equal(count(b, T_META), 1);
	for (uint64_t key = 1; key <= 20; key++) {
		size_t len;

		if (key == 7 || key == 10) {
			assert_int_equal(get_u64(b, T_EVENTS, key, val, sizeof(val), &len),
			                 QP_ENOTFOUND);
		} else if (key % 5 == 0) {
			assert_true(big_value_intact(b, key));
		} else {
			snprintf(val, sizeof(val), "v%llu", (unsigned long long)key);
			assert_value(b, T_EVENTS, key, val);
		}
	}
	{
		size_t len;
		assert_int_equal(get_u64(b, T_EVENTS, 21, val, sizeof(val), &len),
		                 QP_ENOTFOUND);
	}
	store_destroy(&b);

	/* Never over a store: the backup just made, another, or the source. */
	assert_true(store_backup(s, backup) != 0);
	path_in(f, "other", other_dir);
	other = open_store(other_dir, MiB, 4 * MiB, true);
	assert_int_equal(put_u64(other, T_EVENTS, 1, "mine", 4), 0);
	store_destroy(&other);
	assert_true(store_backup(s, other_dir) != 0);
	other = open_store(other_dir, MiB, 4 * MiB, false);
	assert_int_equal(count(other, T_EVENTS), 1);
	assert_value(other, T_EVENTS, 1, "mine");
	store_destroy(&other);
	assert_true(store_backup(s, f->db) != 0);
	assert_int_equal(count(s, T_EVENTS), 19);

	/* The first backup was not touched by the refused ones. */
	b = open_store(backup, MiB, 8 * MiB, false);
	assert_int_equal(count(b, T_EVENTS), 18);
	store_destroy(&b);

	/* An existing empty directory is fine; a missing parent is not. */
	path_in(f, "empty", empty);
	assert_int_equal(mkdir(empty, 0700), 0);
	assert_int_equal(store_backup(s, empty), 0);
	b = open_store(empty, MiB, 8 * MiB, false);
	assert_int_equal(count(b, T_EVENTS), 19);
	store_destroy(&b);
	path_in(f, "missing/deeper", deep);
	assert_true(store_backup(s, deep) != 0);
	store_destroy(&s);
}

/* ---- pruning (issue #18) ------------------------------------------------ */

struct pruner {
	unsigned table;
	uint64_t through, n;
	bool clear;
};

static int
prune_u64_fn(store_txn *txn, void *ctx)
{
	struct pruner *p = ctx;

	if (p->clear)
		return store_clear(txn, p->table);
	return store_prune_u64(txn, p->table, p->through, &p->n);
}

/* The first key of a table, or 0 when it is empty. */
static uint64_t
first_key(store *s, unsigned table)
{
	store_txn *txn = NULL;
	store_cursor *c = NULL;
	store_val k, v;
	uint64_t first = 0;

	assert_int_equal(store_read(s, &txn), 0);
	assert_int_equal(store_cursor_open(txn, table, &c), 0);
	if (store_cursor_seek(c, NULL, 0, &k, &v) == 0)
		first = store_u64_key(k.data);
	store_cursor_close(&c);
	store_txn_end(&txn);
	return first;
}

/*
 * store_prune_u64 deletes exactly the keys up to `through`, whatever the
 * pages (20,000 entries over many leaves, cut within a page), and leaves
 * every later one; store_clear empties a table and appending starts again.
 */
/* 4096 bytes of 0xFF over page `page` of the store's data.mdb. */
static void
damage_page(const char *dir, unsigned page)
{
	char path[PATH_MAX], ff[4096];
	FILE *fp;

	memset(ff, 0xff, sizeof(ff));
	assert_true(snprintf(path, sizeof(path), "%s/data.mdb", dir) < (int)sizeof(path));
	assert_non_null(fp = fopen(path, "r+b"));
	assert_int_equal(fseek(fp, (long)page * 4096, SEEK_SET), 0);
	assert_int_equal(fwrite(ff, 1, sizeof(ff), fp), sizeof(ff));
	assert_int_equal(fclose(fp), 0);
}

/*
 * Runs fn in a child whose stderr is a pipe: *status is its wait status,
 * out what it wrote (NUL-terminated).
 */
static void
in_child(void (*fn)(const char *), const char *dir, int *status, char *out, size_t len)
{
	int p[2];
	ssize_t n;
	size_t got = 0;
	pid_t pid;

	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* Not cmocka's handlers, which would carry on with the tests here. */
		signal(SIGSEGV, SIG_DFL);
		signal(SIGBUS, SIG_DFL);
		close(p[0]);
		dup2(p[1], STDERR_FILENO);
		fn(dir);
		_exit(0);
	}
	close(p[1]);
	while (got + 1 < len && (n = read(p[0], out + got, len - 1 - got)) > 0)
		got += (size_t)n;
	out[got] = '\0';
	close(p[0]);
	assert_int_equal(waitpid(pid, status, 0), pid);
}

static void
open_cut_store(const char *dir)
{
	store_opts o = opts_of(0, 4 * MiB, false);
	store *s = NULL;
	store_txn *txn = NULL;
	store_val v;
	uint8_t k[8];

	store_damage_exit("the store is damaged\n", 5);
	if (store_open(dir, &o, &s) != 0 || store_read(s, &txn) != 0)
		_exit(1);
	store_key_u64(k, 250);
	_exit(store_get(txn, T_EVENTS, k, sizeof(k), &v) == 0 ? 2 : 4);
}

static void
other_fault(const char *dir)
{
	store_opts o = opts_of(0, 4 * MiB, false);
	store *s = NULL;

	store_damage_exit("the store is damaged\n", 5);
	if (store_open(dir, &o, &s) != 0)
		_exit(1);
	(void)raise(SIGSEGV);
	_exit(3);
}

/*
 * A damaged store: a file that is not LMDB's is QP_EDAMAGED at open; armed,
 * a read past the end of a file cut short (SIGBUS) writes the message and
 * exits with the code; a fault that is not the store's keeps its action.
 */
static void
test_damaged(void **state)
{
	struct fixture *f = *state;
	store_opts o = opts_of(0, 4 * MiB, false);
	store *s = open_store(f->db, 0, 4 * MiB, true);
	char path[PATH_MAX], out[256], val[512];
	int status;

	memset(val, 'v', sizeof(val));
	for (uint64_t i = 0; i < 300; i++)
		assert_int_equal(put_u64(s, T_EVENTS, i, val, sizeof(val)), 0);
	store_destroy(&s);

	/* Cut after its meta pages and a few more: the rest reads past the end. */
	assert_true(snprintf(path, sizeof(path), "%s/data.mdb", f->db) < (int)sizeof(path));
	assert_int_equal(truncate(path, 6 * 4096), 0);
	in_child(open_cut_store, f->db, &status, out, sizeof(out));
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 5);
	assert_string_equal(out, "the store is damaged\n");
	in_child(other_fault, f->db, &status, out, sizeof(out));
	assert_false(WIFEXITED(status) && (WEXITSTATUS(status) == 5 || WEXITSTATUS(status) == 3));
	assert_null(strstr(out, "the store is damaged"));

	damage_page(f->db, 0);
	damage_page(f->db, 1);
	s = (store *)f;
	assert_int_equal(store_open(f->db, &o, &s), QP_EDAMAGED);
	assert_null(s);
}

static void
test_prune(void **state)
{
	struct fixture *f = *state;
	store *s = open_store(f->db, MiB, 64 * MiB, true);
	struct appender a = { 1, 20000, false };
	struct pruner p = { T_EVENTS, 12345, 0, false };
	store_txn *txn = NULL;
	store_cursor *c = NULL;
	store_val k, v;
	uint64_t expect = 12346;
	int rc;

	assert_int_equal(store_write(s, append_fn, &a), 0);
	assert_int_equal(store_write(s, prune_u64_fn, &p), 0);
	assert_int_equal(p.n, 12345);
	assert_int_equal(count(s, T_EVENTS), 20000 - 12345);
	assert_int_equal(first_key(s, T_EVENTS), 12346);
	assert_int_equal(store_read(s, &txn), 0);
	assert_int_equal(store_cursor_open(txn, T_EVENTS, &c), 0);
	for (rc = store_cursor_seek(c, NULL, 0, &k, &v); rc == 0;
	     rc = store_cursor_next(c, &k, &v)) {
		uint64_t stored;
		assert_true(store_u64_key(k.data) == expect);
		memcpy(&stored, v.data, sizeof(stored));
		assert_true(stored == expect);
		expect++;
	}
	assert_int_equal(rc, QP_ENOTFOUND);
	assert_true(expect == 20001);
	store_cursor_close(&c);
	store_txn_end(&txn);

	/* Nothing at or below: nothing goes. */
	assert_int_equal(store_write(s, prune_u64_fn, &p), 0);
	assert_int_equal(p.n, 0);
	p.through = 100;
	assert_int_equal(store_write(s, prune_u64_fn, &p), 0);
	assert_int_equal(p.n, 0);
	assert_int_equal(count(s, T_EVENTS), 7655);
	/* One entry. */
	p.through = 12346;
	assert_int_equal(store_write(s, prune_u64_fn, &p), 0);
	assert_int_equal(p.n, 1);
	assert_int_equal(first_key(s, T_EVENTS), 12347);
	/* Past the end: all of it. */
	p.through = UINT64_MAX;
	assert_int_equal(store_write(s, prune_u64_fn, &p), 0);
	assert_int_equal(p.n, 7654);
	assert_int_equal(count(s, T_EVENTS), 0);

	/* Cleared, then appended to from where the keys were. */
	a.from = 20001;
	a.to = 20500;
	assert_int_equal(store_write(s, append_fn, &a), 0);
	p.clear = true;
	assert_int_equal(store_write(s, prune_u64_fn, &p), 0);
	assert_int_equal(count(s, T_EVENTS), 0);
	a.from = 20501;
	a.to = 20510;
	assert_int_equal(store_write(s, append_fn, &a), 0);
	assert_int_equal(count(s, T_EVENTS), 10);
	assert_int_equal(first_key(s, T_EVENTS), 20501);
	store_destroy(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_open_options, setup, teardown),
		cmocka_unit_test_setup_teardown(test_put_get_del_count, setup, teardown),
		cmocka_unit_test(test_key_u64),
		cmocka_unit_test_setup_teardown(test_cursor, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cursor_del, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cursor_put, setup, teardown),
		cmocka_unit_test_setup_teardown(test_append, setup, teardown),
		cmocka_unit_test_setup_teardown(test_prune, setup, teardown),
		cmocka_unit_test_setup_teardown(test_damaged, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_error_aborts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_growth_waits_for_readers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_growth_under_own_reader, setup, teardown),
		cmocka_unit_test_setup_teardown(test_growth_until_full, setup, teardown),
		cmocka_unit_test_setup_teardown(test_growth_retries_write, setup, teardown),
		cmocka_unit_test_setup_teardown(test_second_process, setup, teardown),
		cmocka_unit_test_setup_teardown(test_backup, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
