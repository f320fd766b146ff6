#include "store.h"

#include <errno.h>
#include <lmdb.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sysmacros.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#define STORE_MAP_MIN (1ULL << 20)
/* A damaged node can send a read this far past the map's end (a size or
 * offset of up to 32 bits): such a fault is the store's too. */
#define STORE_FAULT_REACH (1ULL << 32)

struct store {
	MDB_env *env;
	MDB_dbi *dbi;
	unsigned ntables;
	uint64_t map_max;
	/*
	 * mdb_env_set_mapsize unmaps the file and maps it again, maybe
	 * elsewhere: every transaction of the process must be over then, in
	 * every thread (LMDB does not check). Each transaction holds this lock
	 * shared from its begin to its end; a remap (growing the map, or
	 * adopting the size another process gave it) holds it exclusive.
	 * glibc's default rwlock lets a reader in while a writer waits, so a
	 * thread may hold two transactions.
	 */
	pthread_rwlock_t remap;
	bool remap_init;
	char error[160];
};

/* Transactions this thread holds, in any store: a thread that holds one
 * cannot remap (it would wait for itself), it fails instead. */
static __thread unsigned txns_held;

struct store_txn {
	store *s;
	MDB_txn *txn;
};

struct store_cursor {
	store_txn *txn;
	MDB_cursor *cur;
};

/*
 * What a damaged store does once armed (store_damage_exit): one store per
 * process, its map's address range kept up to date for the fault handler,
 * which only reads these fields.
 */
static struct {
	bool armed;                   /* store_damage_exit was called */
	const store *s;               /* the store watched, NULL when none */
	char msg[2048];
	size_t len;
	int code;
	volatile uintptr_t lo, hi;    /* the map's first byte and the reach's end */
	bool installed;
	struct sigaction old_bus, old_segv;
} guard;

static void map_range(const store *s);
static void headroom(store *s);

/* The map's next size: twice this one, up to the maximum. */
static uint64_t
doubled(const store *s, uint64_t size)
{
	return size * 2 < s->map_max ? size * 2 : s->map_max;
}

/* Is the file system holding the map (nearly) out of blocks? */
static bool
disk_full(const store *s)
{
	struct statvfs v;
	mdb_filehandle_t fd;

	if (s->env == NULL || mdb_env_get_fd(s->env, &fd) != 0 || fstatvfs(fd, &v) != 0)
		return false;
	return (uint64_t)v.f_bavail * v.f_frsize < 64 * 1024;
}

/* The store reads as damaged: the armed program stops, saying so. */
static int
damaged(store *s, int rc)
{
	snprintf(s->error, sizeof(s->error), "%s", mdb_strerror(rc));
	if (guard.s != NULL && guard.s == s) {
		(void)!write(STDERR_FILENO, guard.msg, guard.len);
		_exit(guard.code);
	}
	return QP_EDAMAGED;
}

static int
map_error(store *s, int rc)
{
	switch (rc) {
	case 0:
		return QP_OK;
	case MDB_CORRUPTED:
	case MDB_PAGE_NOTFOUND:
	case MDB_INVALID:
		return damaged(s, rc);
	case MDB_NOTFOUND:
		return QP_ENOTFOUND;
	case MDB_MAP_FULL:
		return QP_EFULL;
	case MDB_KEYEXIST:
		return QP_EEXIST;
	case ENOMEM:
		return QP_ENOMEM;
	case ENOSPC:
		snprintf(s->error, sizeof(s->error), "%s", mdb_strerror(rc));
		return QP_ENOSPC;
	case EIO:
		/* LMDB reports a short write (what a full disk gives) as EIO. */
		if (disk_full(s)) {
			snprintf(s->error, sizeof(s->error), "%s", mdb_strerror(ENOSPC));
			return QP_ENOSPC;
		}
		/* FALLTHROUGH */
	default:
		snprintf(s->error, sizeof(s->error), "%s", mdb_strerror(rc));
		return rc > 0 ? QP_EIO : QP_ESTORE;
	}
}

const char *
store_last_error(const store *s)
{
	return s ? s->error : "";
}

void
store_key_u64(uint8_t out[8], uint64_t v)
{
	for (int i = 7; i >= 0; i--) {
		out[i] = (uint8_t)(v & 0xff);
		v >>= 8;
	}
}

uint64_t
store_u64_key(const void *p)
{
	const uint8_t *b = p;
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = (v << 8) | b[i];
	return v;
}

int
store_get_u64(store_txn *txn, unsigned table, const char *key, uint64_t *v)
{
	store_val val;
	int e = store_get(txn, table, key, strlen(key), &val);

	*v = 0;
	if (e == QP_ENOTFOUND)
		return 0;
	if (e != 0)
		return e;
	if (val.len != 8)
		return QP_ESTORE;
	*v = store_u64_key(val.data);
	return 0;
}

int
store_put_u64(store_txn *txn, unsigned table, const char *key, uint64_t v)
{
	uint8_t b[8];

	store_key_u64(b, v);
	return store_put(txn, table, key, strlen(key), b, sizeof(b));
}

static uint64_t
current_map_size(MDB_env *env)
{
	MDB_envinfo info;

	if (mdb_env_info(env, &info) != 0)
		return 0;
	return (uint64_t)info.me_mapsize;
}

static void
txn_done(store *s)
{
	txns_held--;
	pthread_rwlock_unlock(&s->remap);
}

/* Runs mdb_env_set_mapsize(size) once no transaction of the process is
 * open; MDB_BAD_TXN if this thread holds one. */
static int
remap(store *s, uint64_t size)
{
	int rc;

	if (txns_held > 0)
		return MDB_BAD_TXN;
	pthread_rwlock_wrlock(&s->remap);
	rc = mdb_env_set_mapsize(s->env, size);
	map_range(s);
	pthread_rwlock_unlock(&s->remap);
	return rc;
}

/* Another process grew the map: adopt its size before the next txn. On
 * success the transaction holds the remap lock shared (txn_done). */
static int
begin(store *s, unsigned flags, MDB_txn **txn)
{
	int rc;

	pthread_rwlock_rdlock(&s->remap);
	rc = mdb_txn_begin(s->env, NULL, flags, txn);
	if (rc == MDB_MAP_RESIZED) {
		pthread_rwlock_unlock(&s->remap);
		if ((rc = remap(s, 0)) != 0)
			return map_error(s, rc);
		pthread_rwlock_rdlock(&s->remap);
		rc = mdb_txn_begin(s->env, NULL, flags, txn);
	}
	if (rc != 0)
		pthread_rwlock_unlock(&s->remap);
	else
		txns_held++;
	return map_error(s, rc);
}

int
store_open(const char *dir, const store_opts *opts, store **out)
{
	store *s = NULL;
	MDB_txn *txn = NULL;
	uint64_t initial;
	int rc, err;

	*out = NULL;
	if (opts->ntables == 0 || opts->map_max < STORE_MAP_MIN)
		return QP_EINVAL;
	/* The umask decides who else may write: the group `qualiparis` under
	 * the units (UMask=0007) and after init. */
	if (opts->create && mkdir(dir, 0770) != 0 && errno != EEXIST)
		return QP_EIO;

	s = calloc(1, sizeof(*s));
	if (s == NULL)
		return QP_ENOMEM;
	s->dbi = calloc(opts->ntables, sizeof(*s->dbi));
	if (s->dbi == NULL) {
		err = QP_ENOMEM;
		goto out;
	}
	s->ntables = opts->ntables;
	s->map_max = opts->map_max;
	if (pthread_rwlock_init(&s->remap, NULL) != 0) {
		err = QP_ENOMEM;
		goto out;
	}
	s->remap_init = true;

	if ((rc = mdb_env_create(&s->env)) != 0) {
		s->env = NULL;
		err = map_error(s, rc);
		goto out;
	}
	initial = opts->map_initial ? opts->map_initial : STORE_MAP_MIN;
	if (initial > opts->map_max)
		initial = opts->map_max;
	if ((rc = mdb_env_set_maxdbs(s->env, opts->ntables)) != 0 ||
	    (rc = mdb_env_set_mapsize(s->env, initial)) != 0 ||
	    (rc = mdb_env_set_maxreaders(s->env, 126)) != 0) {
		err = map_error(s, rc);
		goto out;
	}
	rc = mdb_env_open(s->env, dir, MDB_NOTLS, 0660);
	if (rc != 0) {
		err = rc == ENOENT ? QP_ENOTFOUND : map_error(s, rc);
		goto out;
	}
	headroom(s);
	/* Watched from its first read of the map on. */
	if (guard.armed) {
		guard.s = s;
		map_range(s);
	}
	/* Slots left by processes killed with a read transaction open. */
	(void)mdb_reader_check(s->env, NULL);

	/* Tables are created when missing, also in an existing store, so that
	 * a newer program can add one without a migration step. */
	if ((err = begin(s, 0, &txn)) != 0)
		goto out;
	for (unsigned i = 0; i < opts->ntables; i++) {
		rc = mdb_dbi_open(txn, opts->tables[i],
		                  MDB_CREATE, &s->dbi[i]);
		if (rc != 0) {
			/* Every table is made with the same flags: other flags in
			 * its record are damage. */
			err = rc == MDB_INCOMPATIBLE ? damaged(s, rc) : map_error(s, rc);
			mdb_txn_abort(txn);
			txn_done(s);
			goto out;
		}
	}
	rc = mdb_txn_commit(txn);
	txn_done(s);
	if (rc != 0) {
		err = map_error(s, rc);
		goto out;
	}
	*out = s;
	return 0;
out:
	store_destroy(&s);
	return err;
}

void
store_destroy(store **sp)
{
	store *s;

	if (sp == NULL || (s = *sp) == NULL)
		return;
	if (guard.s == s) {
		guard.s = NULL;
		guard.lo = guard.hi = 0;
	}
	if (s->env != NULL)
		mdb_env_close(s->env);
	if (s->remap_init)
		pthread_rwlock_destroy(&s->remap);
	free(s->dbi);
	free(s);
	*sp = NULL;
}

/*
 * LMDB maps exactly the file when the file is larger than the size asked
 * (a store reopened after it grew), so the first write that needs a new
 * page finds the map full: it is aborted and run again once the map, with
 * every page read so far, is unmapped and mapped larger
 * (store_write_reserve). Room at the end now, while nothing is read, spares
 * that: the map doubles (up to the maximum) when less than an eighth of it
 * is free at its end. The file itself does not grow.
 */
static void
headroom(store *s)
{
	MDB_envinfo ei;
	MDB_stat st;
	uint64_t size, used;

	if (mdb_env_info(s->env, &ei) != 0 || mdb_env_stat(s->env, &st) != 0)
		return;
	size = ei.me_mapsize;
	used = ((uint64_t)ei.me_last_pgno + 1) * st.ms_psize;
	if (size >= s->map_max || used < size - size / 8)
		return;
	(void)mdb_env_set_mapsize(s->env, doubled(s, size));
}

/* Doubles the map, up to the maximum. QP_EFULL when already there. */
static int
grow(store *s)
{
	uint64_t size = current_map_size(s->env);

	if (size >= s->map_max)
		return QP_EFULL;
	return map_error(s, remap(s, doubled(s, size)));
}

/*
 * Bytes of pages in use as this transaction sees them: the pages up to the
 * highest one ever used, minus those on the free list (whose records are a
 * count followed by page numbers, as mdb_stat -f reads them).
 */
static int
in_use(MDB_txn *txn, MDB_env *env, uint64_t *out)
{
	MDB_cursor *c = NULL;
	MDB_val k, v;
	MDB_envinfo ei;
	MDB_stat st;
	uint64_t free_pages = 0;
	int rc;

	if ((rc = mdb_env_info(env, &ei)) != 0 || (rc = mdb_env_stat(env, &st)) != 0 ||
	    (rc = mdb_cursor_open(txn, 0, &c)) != 0)
		return rc;
	while ((rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) == 0)
		free_pages += *(const size_t *)v.mv_data;
	mdb_cursor_close(c);
	if (rc != MDB_NOTFOUND)
		return rc;
	*out = ((uint64_t)ei.me_last_pgno + 1 - free_pages) * st.ms_psize;
	return 0;
}

int
store_write_reserve(store *s, uint64_t reserve, store_write_fn fn, void *ctx)
{
	store_txn t = { .s = s, .txn = NULL };
	uint64_t used;
	int err, rc;

	if (reserve > 0) {
		/* LMDB reads its free list only in read-only transactions: measure
		 * the last committed state, before writing. */
		MDB_txn *r = NULL;
		if ((err = begin(s, MDB_RDONLY, &r)) != 0)
			return err;
		rc = in_use(r, s->env, &used);
		mdb_txn_abort(r);
		txn_done(s);
		if (rc == 0 && used + reserve > s->map_max)
			rc = MDB_MAP_FULL;
		if (rc != 0)
			return map_error(s, rc);
	}
	for (;;) {
		if ((err = begin(s, 0, &t.txn)) != 0)
			return err;
		err = fn(&t, ctx);
		if (err == 0) {
			rc = mdb_txn_commit(t.txn);
			t.txn = NULL;
			txn_done(s);
			err = map_error(s, rc);
		} else {
			mdb_txn_abort(t.txn);
			t.txn = NULL;
			txn_done(s);
		}
		if (err != QP_EFULL)
			return err;
		/* Nothing of the attempt is kept; make room and run it again. */
		if ((err = grow(s)) != 0)
			return err;
	}
}

int
store_write(store *s, store_write_fn fn, void *ctx)
{
	return store_write_reserve(s, 0, fn, ctx);
}

int
store_read(store *s, store_txn **out)
{
	store_txn *t;
	int err;

	*out = NULL;
	t = calloc(1, sizeof(*t));
	if (t == NULL)
		return QP_ENOMEM;
	t->s = s;
	if ((err = begin(s, MDB_RDONLY, &t->txn)) != 0) {
		free(t);
		return err;
	}
	*out = t;
	return 0;
}

void
store_txn_end(store_txn **tp)
{
	store_txn *t;

	if (tp == NULL || (t = *tp) == NULL)
		return;
	if (t->txn != NULL) {
		mdb_txn_abort(t->txn);
		txn_done(t->s);
	}
	free(t);
	*tp = NULL;
}

static int
check_table(store_txn *txn, unsigned table)
{
	return table < txn->s->ntables ? 0 : QP_EINVAL;
}

int
store_get(store_txn *txn, unsigned table, const void *key, size_t klen,
          store_val *val)
{
	MDB_val k = { klen, (void *)key }, v;
	int rc;

	if (check_table(txn, table) != 0)
		return QP_EINVAL;
	rc = mdb_get(txn->txn, txn->s->dbi[table], &k, &v);
	if (rc == 0) {
		val->data = v.mv_data;
		val->len = v.mv_size;
	}
	return map_error(txn->s, rc);
}

static int
put(store_txn *txn, unsigned table, const void *key, size_t klen,
    const void *val, size_t vlen, unsigned flags)
{
	MDB_val k = { klen, (void *)key }, v = { vlen, (void *)val };

	if (check_table(txn, table) != 0)
		return QP_EINVAL;
	return map_error(txn->s, mdb_put(txn->txn, txn->s->dbi[table], &k, &v, flags));
}

int
store_put(store_txn *txn, unsigned table, const void *key, size_t klen,
          const void *val, size_t vlen)
{
	return put(txn, table, key, klen, val, vlen, 0);
}

int
store_append(store_txn *txn, unsigned table, const void *key, size_t klen,
             const void *val, size_t vlen)
{
	return put(txn, table, key, klen, val, vlen, MDB_APPEND);
}

int
store_del(store_txn *txn, unsigned table, const void *key, size_t klen)
{
	MDB_val k = { klen, (void *)key };

	if (check_table(txn, table) != 0)
		return QP_EINVAL;
	return map_error(txn->s, mdb_del(txn->txn, txn->s->dbi[table], &k, NULL));
}

int
store_count(store_txn *txn, unsigned table, uint64_t *n)
{
	MDB_stat st;
	int rc;

	if (check_table(txn, table) != 0)
		return QP_EINVAL;
	rc = mdb_stat(txn->txn, txn->s->dbi[table], &st);
	if (rc == 0)
		*n = st.ms_entries;
	return map_error(txn->s, rc);
}

int
store_cursor_open(store_txn *txn, unsigned table, store_cursor **out)
{
	store_cursor *c;
	int rc;

	*out = NULL;
	if (check_table(txn, table) != 0)
		return QP_EINVAL;
	c = calloc(1, sizeof(*c));
	if (c == NULL)
		return QP_ENOMEM;
	c->txn = txn;
	rc = mdb_cursor_open(txn->txn, txn->s->dbi[table], &c->cur);
	if (rc != 0) {
		free(c);
		return map_error(txn->s, rc);
	}
	*out = c;
	return 0;
}

static int
cursor_get(store_cursor *c, MDB_val *kin, MDB_cursor_op op, store_val *k,
           store_val *v)
{
	MDB_val key = { 0, NULL }, val = { 0, NULL };
	int rc;

	if (kin != NULL)
		key = *kin;
	rc = mdb_cursor_get(c->cur, &key, &val, op);
	if (rc == 0) {
		if (k != NULL) {
			k->data = key.mv_data;
			k->len = key.mv_size;
		}
		if (v != NULL) {
			v->data = val.mv_data;
			v->len = val.mv_size;
		}
	}
	return map_error(c->txn->s, rc);
}

int
store_cursor_seek(store_cursor *c, const void *key, size_t klen, store_val *k,
                  store_val *v)
{
	MDB_val kin = { klen, (void *)key };

	if (key == NULL)
		return cursor_get(c, NULL, MDB_FIRST, k, v);
	return cursor_get(c, &kin, MDB_SET_RANGE, k, v);
}

int
store_cursor_next(store_cursor *c, store_val *k, store_val *v)
{
	return cursor_get(c, NULL, MDB_NEXT, k, v);
}

int
store_cursor_prev(store_cursor *c, store_val *k, store_val *v)
{
	return cursor_get(c, NULL, MDB_PREV, k, v);
}

int
store_cursor_last(store_cursor *c, store_val *k, store_val *v)
{
	return cursor_get(c, NULL, MDB_LAST, k, v);
}

int
store_cursor_del(store_cursor *c)
{
	return map_error(c->txn->s, mdb_cursor_del(c->cur, 0));
}

int
store_cursor_put(store_cursor *c, const void *key, size_t klen, const void *val, size_t vlen)
{
	MDB_val k = { klen, (void *)key }, v = { vlen, (void *)val };

	return map_error(c->txn->s, mdb_cursor_put(c->cur, &k, &v, 0));
}

int
store_clear(store_txn *txn, unsigned table)
{
	if (check_table(txn, table) != 0)
		return QP_EINVAL;
	return map_error(txn->s, mdb_drop(txn->txn, txn->s->dbi[table], 0));
}

int
store_prune_u64(store_txn *txn, unsigned table, uint64_t through, uint64_t *n)
{
	store_cursor *c = NULL;
	store_val k;
	uint8_t key[8];
	int e;

	*n = 0;
	if ((e = store_cursor_open(txn, table, &c)) != 0)
		return e;
	/* From the highest key down, stepping back from each delete: no
	 * descent of the tree per entry, and the entry deleted is the last of
	 * its page (written in key order, it lies lowest in the page), so the
	 * others' bytes are not moved within the page. */
	store_key_u64(key, through + 1);
	e = through == UINT64_MAX ? QP_ENOTFOUND : store_cursor_seek(c, key, sizeof(key), &k, NULL);
	if (e == 0)
		e = store_cursor_prev(c, &k, NULL);
	else if (e == QP_ENOTFOUND)
		e = store_cursor_last(c, &k, NULL);
	while (e == 0) {
		if (k.len == 8 && store_u64_key(k.data) > through)
			break;
		if ((e = store_cursor_del(c)) != 0)
			break;
		(*n)++;
		e = store_cursor_prev(c, &k, NULL);
	}
	store_cursor_close(&c);
	return e == QP_ENOTFOUND ? 0 : e;
}

void
store_cursor_close(store_cursor **cp)
{
	store_cursor *c;

	if (cp == NULL || (c = *cp) == NULL)
		return;
	mdb_cursor_close(c->cur);
	free(c);
	*cp = NULL;
}

/*
 * Runs fn on each mapping of the store's file in this process. LMDB does
 * not tell where it mapped the file (me_mapaddr is only set with
 * MDB_FIXEDMAP): the mappings of this file in /proc/self/maps.
 */
static void
each_mapping(const store *s, void (*fn)(unsigned long lo, unsigned long hi))
{
	struct stat st;
	mdb_filehandle_t fd;
	unsigned long lo, hi, ino, maj, min;
	char line[512];
	FILE *fp;

	if (s == NULL || s->env == NULL || mdb_env_get_fd(s->env, &fd) != 0 ||
	    fstat(fd, &st) != 0 || (fp = fopen("/proc/self/maps", "re")) == NULL)
		return;
	while (fgets(line, sizeof(line), fp) != NULL)
		if (sscanf(line, "%lx-%lx %*s %*s %lx:%lx %lu", &lo, &hi, &maj, &min, &ino) == 5 &&
		    ino == (unsigned long)st.st_ino && maj == major(st.st_dev) &&
		    min == minor(st.st_dev))
			fn(lo, hi);
	fclose(fp);
}

static void
release(unsigned long lo, unsigned long hi)
{
	(void)madvise((void *)lo, hi - lo, MADV_DONTNEED);
}

void
store_release_pages(store *s)
{
	if (s == NULL)
		return;
	/* Not while another thread moves the map. */
	pthread_rwlock_rdlock(&s->remap);
	each_mapping(s, release);
	pthread_rwlock_unlock(&s->remap);
}

static void
guard_range(unsigned long lo, unsigned long hi)
{
	/* The handler takes no range while lo is 0: never half of an old
	 * range and half of the new one. */
	guard.lo = 0;
	guard.hi = hi + STORE_FAULT_REACH;
	guard.lo = lo;
}

/* After the map moved (opened, grown, resized by another process). */
static void
map_range(const store *s)
{
	if (s != NULL && guard.s == s)
		each_mapping(s, guard_range);
}

/*
 * SIGBUS (a read past the file's end: a damaged page pointing beyond it)
 * or SIGSEGV in or just past the armed store's map: the message prepared
 * at arming and the exit code, by write(2) and _exit(2) only. Any other
 * fault is not the store's: the action that was there before (the default
 * core dump, a sanitizer's report) takes it when the instruction runs again.
 */
static void
on_fault(int sig, siginfo_t *si, void *uc)
{
	uintptr_t a = (uintptr_t)si->si_addr, lo = guard.lo, hi = guard.hi;

	(void)uc;
	if (si->si_code > 0 && guard.s != NULL && lo != 0 && a >= lo && a < hi) {
		(void)!write(STDERR_FILENO, guard.msg, guard.len);
		_exit(guard.code);
	}
	(void)sigaction(sig, sig == SIGBUS ? &guard.old_bus : &guard.old_segv, NULL);
	/* Sent (kill, raise) rather than a fault: no instruction runs again. */
	if (si->si_code <= 0)
		(void)raise(sig);
}

void
store_damage_exit(const char *message, int code)
{
	struct sigaction sa;

	guard.s = NULL;
	guard.lo = guard.hi = 0;
	guard.len = strlen(message);
	if (guard.len >= sizeof(guard.msg))
		guard.len = sizeof(guard.msg) - 1;
	memcpy(guard.msg, message, guard.len);
	guard.msg[guard.len] = '\0';
	guard.code = code;
	guard.armed = true;
	if (guard.installed)
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGBUS, &sa, &guard.old_bus) == 0 &&
	    sigaction(SIGSEGV, &sa, &guard.old_segv) == 0)
		guard.installed = true;
}

int
store_info_get(store *s, store_info *info)
{
	store_txn *t = NULL;
	MDB_envinfo ei;
	MDB_stat st;
	int rc;

	if ((rc = mdb_env_info(s->env, &ei)) != 0 ||
	    (rc = mdb_env_stat(s->env, &st)) != 0)
		return map_error(s, rc);
	info->map_size = ei.me_mapsize;
	info->map_max = s->map_max;
	info->used = (uint64_t)(ei.me_last_pgno + 1) * st.ms_psize;
	info->in_use = info->used;
	if (store_read(s, &t) == 0) {
		(void)in_use(t->txn, s->env, &info->in_use);
		store_txn_end(&t);
	}
	info->readers = ei.me_numreaders;
	info->max_readers = ei.me_maxreaders;
	return 0;
}

int
store_backup(store *s, const char *dir)
{
	int rc;

	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return QP_EIO;
	rc = mdb_env_copy2(s->env, dir, MDB_CP_COMPACT);
	if (rc == EEXIST)
		return QP_EEXIST;
	return map_error(s, rc);
}
