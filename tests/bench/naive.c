/*
 * qp-bench-naive AGENT_DATA N WORKDIR: the naive durable pipeline of issue
 * #8, measured in the same run as qp-agent so the ratio is not quoted.
 *
 * It copies the first N packed events of an agent's history (the same
 * realistic events the resync moves) into an LMDB outbox of its own, then
 * moves them to a receiver in a child process the plain way:
 *
 *   sender (DEALER)                         receiver (ROUTER)
 *   read txn: 100 events from the outbox
 *   crypto_box_easy (no precomputed key) -> crypto_box_open_easy
 *   up to 8 batches in flight               one synced LMDB txn per batch
 *                                        <- ack (boxed) after the commit
 *   one synced LMDB txn per ack: delete
 *   the acked outbox entries, acked_through
 *
 * Both stores are default LMDB environments (synced commits). Prints
 * "naive: N events in S s = R events/s" on standard output.
 *
 * qp-bench-naive --lmdb-limit AGENT_DATA N WORKDIR: the limit of issue #18,
 * LMDB alone: the same N events read into memory first, then written into
 * a fresh default LMDB environment under the collector's keys (site, NUL,
 * 8-byte seq), 1,000 per synced transaction, nothing else. Prints
 * "lmdb-limit: N events in S s = R events/s".
 */
#include <lmdb.h>
#include <signal.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zmq.h>

#define BATCH 100
#define INFLIGHT 8

static void die(const char *what, int rc) __attribute__((noreturn));

static void
die(const char *what, int rc)
{
	fprintf(stderr, "qp-bench-naive: %s: %s\n", what, rc ? mdb_strerror(rc) : "failed");
	exit(1);
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
key_be(uint8_t k[8], uint64_t v)
{
	for (int i = 7; i >= 0; i--, v >>= 8)
		k[i] = (uint8_t)v;
}

static uint64_t
be_key(const void *p)
{
	const uint8_t *b = p;
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v = v << 8 | b[i];
	return v;
}

static MDB_env *
env_open(const char *dir, unsigned flags, MDB_dbi *dbi, const char *table)
{
	MDB_env *env;
	MDB_txn *txn;
	int rc;

	mkdir(dir, 0700);
	if ((rc = mdb_env_create(&env)) != 0 || (rc = mdb_env_set_mapsize(env, 4ULL << 30)) != 0 ||
	    (rc = mdb_env_set_maxdbs(env, 8)) != 0 ||
	    (rc = mdb_env_open(env, dir, flags | MDB_NOTLS, 0600)) != 0)
		die(dir, rc);
	if ((rc = mdb_txn_begin(env, NULL, flags & MDB_RDONLY, &txn)) != 0 ||
	    (rc = mdb_dbi_open(txn, table, (flags & MDB_RDONLY) ? 0 : MDB_CREATE, dbi)) != 0 ||
	    (rc = mdb_txn_commit(txn)) != 0)
		die(table, rc);
	return env;
}

/* The outbox: N events copied from the agent's history, acked_through 0. */
static uint64_t
fill_outbox(const char *agent_store, const char *dir, uint64_t n, MDB_env **envp,
            MDB_dbi *outbox, MDB_dbi *meta)
{
	MDB_dbi hist;
	MDB_env *src = env_open(agent_store, MDB_RDONLY, &hist, "history");
	MDB_env *dst = env_open(dir, 0, outbox, "outbox");
	MDB_txn *rt, *wt;
	MDB_cursor *c;
	MDB_val k, v;
	uint64_t got = 0;
	int rc;

	if ((rc = mdb_txn_begin(dst, NULL, 0, &wt)) != 0 ||
	    (rc = mdb_dbi_open(wt, "meta", MDB_CREATE, meta)) != 0 ||
	    (rc = mdb_txn_commit(wt)) != 0)
		die("meta", rc);
	if ((rc = mdb_txn_begin(src, NULL, MDB_RDONLY, &rt)) != 0 ||
	    (rc = mdb_cursor_open(rt, hist, &c)) != 0 ||
	    (rc = mdb_txn_begin(dst, NULL, 0, &wt)) != 0)
		die("copy", rc);
	for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0 && got < n;
	     rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
		if ((rc = mdb_put(wt, *outbox, &k, &v, MDB_APPEND)) != 0)
			die("copy put", rc);
		got++;
	}
	mdb_cursor_close(c);
	mdb_txn_abort(rt);
	mdb_env_close(src);
	if ((rc = mdb_txn_commit(wt)) != 0)
		die("copy commit", rc);
	*envp = dst;
	return got;
}

struct keys {
	uint8_t spk[crypto_box_PUBLICKEYBYTES], ssk[crypto_box_SECRETKEYBYTES];
	uint8_t rpk[crypto_box_PUBLICKEYBYTES], rsk[crypto_box_SECRETKEYBYTES];
};

/* nonce | crypto_box_easy(plain) */
static uint8_t *
seal(const uint8_t *plain, size_t len, const uint8_t *pk, const uint8_t *sk, size_t *flen)
{
	uint8_t *f = malloc(crypto_box_NONCEBYTES + crypto_box_MACBYTES + len);

	if (f == NULL)
		die("malloc", 0);
	randombytes_buf(f, crypto_box_NONCEBYTES);
	if (crypto_box_easy(f + crypto_box_NONCEBYTES, plain, len, f, pk, sk) != 0)
		die("crypto_box", 0);
	*flen = crypto_box_NONCEBYTES + crypto_box_MACBYTES + len;
	return f;
}

static uint8_t *
open_box(const uint8_t *f, size_t flen, const uint8_t *pk, const uint8_t *sk, size_t *len)
{
	uint8_t *p;

	if (flen < crypto_box_NONCEBYTES + crypto_box_MACBYTES)
		die("short frame", 0);
	*len = flen - crypto_box_NONCEBYTES - crypto_box_MACBYTES;
	p = malloc(*len ? *len : 1);
	if (p == NULL ||
	    crypto_box_open_easy(p, f + crypto_box_NONCEBYTES, flen - crypto_box_NONCEBYTES, f,
	                         pk, sk) != 0)
		die("box does not open", 0);
	return p;
}

/* Plain batch: first seq (8), count (4), then per event length (4) + bytes. */
static void
receiver(const char *dir, uint64_t n, const struct keys *ks, int portfd)
{
	MDB_dbi events, meta;
	MDB_env *env = env_open(dir, 0, &events, "events");
	void *ctx = zmq_ctx_new(), *r = zmq_socket(ctx, ZMQ_ROUTER);
	char ep[256];
	size_t eplen = sizeof(ep);
	uint64_t stored = 0;
	MDB_txn *t;
	int rc;

	if ((rc = mdb_txn_begin(env, NULL, 0, &t)) != 0 ||
	    (rc = mdb_dbi_open(t, "meta", MDB_CREATE, &meta)) != 0 || (rc = mdb_txn_commit(t)) != 0)
		die("receiver meta", rc);
	if (zmq_bind(r, "tcp://127.0.0.1:*") != 0 ||
	    zmq_getsockopt(r, ZMQ_LAST_ENDPOINT, ep, &eplen) != 0)
		die("bind", 0);
	if (write(portfd, ep, strlen(ep) + 1) < 0)
		die("pipe", 0);
	close(portfd);
	while (stored < n) {
		zmq_msg_t rid, fr;
		uint8_t *plain, *p, ackp[8], *ack, sk8[8];
		size_t plen, alen;
		uint64_t first;
		uint32_t count;

		zmq_msg_init(&rid);
		zmq_msg_init(&fr);
		if (zmq_msg_recv(&rid, r, 0) < 0 || zmq_msg_recv(&fr, r, 0) < 0)
			die("recv", 0);
		plain = open_box(zmq_msg_data(&fr), zmq_msg_size(&fr), ks->spk, ks->rsk, &plen);
		memcpy(&first, plain, 8);
		memcpy(&count, plain + 8, 4);
		p = plain + 12;
		if ((rc = mdb_txn_begin(env, NULL, 0, &t)) != 0)
			die("txn", rc);
		for (uint32_t i = 0; i < count; i++) {
			uint32_t l;
			uint8_t k[8];
			MDB_val kv = { 8, k }, vv;
			memcpy(&l, p, 4);
			vv.mv_size = l;
			vv.mv_data = p + 4;
			key_be(k, first + i);
			if ((rc = mdb_put(t, events, &kv, &vv, 0)) != 0)
				die("put", rc);
			p += 4 + l;
		}
		if (first + count - 1 > stored)
			stored = first + count - 1;
		{
			MDB_val kv = { 14, (void *)"stored_through" }, vv = { 8, sk8 };
			key_be(sk8, stored);
			if ((rc = mdb_put(t, meta, &kv, &vv, 0)) != 0)
				die("put meta", rc);
		}
		if ((rc = mdb_txn_commit(t)) != 0) /* synced */
			die("commit", rc);
		free(plain);
		key_be(ackp, stored);
		ack = seal(ackp, 8, ks->spk, ks->rsk, &alen);
		if (zmq_send(r, zmq_msg_data(&rid), zmq_msg_size(&rid), ZMQ_SNDMORE) < 0 ||
		    zmq_send(r, ack, alen, 0) < 0)
			die("send ack", 0);
		free(ack);
		zmq_msg_close(&rid);
		zmq_msg_close(&fr);
	}
	zmq_close(r);
	zmq_ctx_term(ctx);
	mdb_env_close(env);
	_exit(0);
}

static int
lmdb_limit(const char *agent_data, uint64_t want, const char *work)
{
	char dir[4096];
	MDB_dbi hist, events;
	MDB_env *src, *dst;
	MDB_txn *rt, *wt = NULL;
	MDB_cursor *c;
	MDB_val k, v;
	uint8_t **val;
	size_t *len;
	uint64_t n = 0;
	double t0, t1;
	int rc;

	snprintf(dir, sizeof(dir), "%s/store", agent_data);
	src = env_open(dir, MDB_RDONLY, &hist, "history");
	val = calloc(want ? want : 1, sizeof(*val));
	len = calloc(want ? want : 1, sizeof(*len));
	if (val == NULL || len == NULL)
		die("memory", 0);
	if ((rc = mdb_txn_begin(src, NULL, MDB_RDONLY, &rt)) != 0 ||
	    (rc = mdb_cursor_open(rt, hist, &c)) != 0)
		die("read", rc);
	for (rc = mdb_cursor_get(c, &k, &v, MDB_FIRST); rc == 0 && n < want;
	     rc = mdb_cursor_get(c, &k, &v, MDB_NEXT), n++) {
		val[n] = malloc(v.mv_size ? v.mv_size : 1);
		if (val[n] == NULL)
			die("memory", 0);
		memcpy(val[n], v.mv_data, v.mv_size);
		len[n] = v.mv_size;
	}
	mdb_cursor_close(c);
	mdb_txn_abort(rt);
	mdb_env_close(src);
	mkdir(work, 0700);
	snprintf(dir, sizeof(dir), "%s/limit", work);
	dst = env_open(dir, 0, &events, "events");
	t0 = now_s();
	for (uint64_t i = 0; i < n; i++) {
		uint8_t key[15];
		MDB_val kv = { sizeof(key), key }, vv = { len[i], val[i] };
		if (wt == NULL && (rc = mdb_txn_begin(dst, NULL, 0, &wt)) != 0)
			die("txn", rc);
		memcpy(key, "eps-05", 7); /* and its NUL */
		key_be(key + 7, i + 1);
		if ((rc = mdb_put(wt, events, &kv, &vv, MDB_APPEND)) != 0)
			die("put", rc);
		if ((i + 1) % 1000 == 0 || i + 1 == n) {
			if ((rc = mdb_txn_commit(wt)) != 0)
				die("commit", rc);
			wt = NULL;
		}
	}
	t1 = now_s();
	printf("lmdb-limit: %llu events in %.3f s = %.0f events/s\n", (unsigned long long)n,
	       t1 - t0, (double)n / (t1 - t0));
	mdb_env_close(dst);
	for (uint64_t i = 0; i < n; i++)
		free(val[i]);
	free(val);
	free(len);
	return 0;
}

int
main(int argc, char **argv)
{
	char dir[4096], ep[256];
	struct keys ks;
	MDB_env *env;
	MDB_dbi outbox, meta;
	uint64_t n, next = 1, acked = 0;
	unsigned inflight = 0;
	uint8_t *buf;
	size_t cap = 1 << 20;
	int pfd[2], rc, status;
	double t0, t1;
	pid_t child;
	void *ctx, *d;

	if (argc == 5 && strcmp(argv[1], "--lmdb-limit") == 0)
		return lmdb_limit(argv[2], strtoull(argv[3], NULL, 10), argv[4]);
	if (argc != 4) {
		fprintf(stderr, "usage: qp-bench-naive AGENT_DATA N WORKDIR\n");
		return 2;
	}
	if (sodium_init() < 0)
		die("sodium", 0);
	crypto_box_keypair(ks.spk, ks.ssk);
	crypto_box_keypair(ks.rpk, ks.rsk);
	mkdir(argv[3], 0700);
	snprintf(dir, sizeof(dir), "%s/store", argv[1]);
	{
		char out[4096];
		snprintf(out, sizeof(out), "%s/sender", argv[3]);
		n = fill_outbox(dir, out, strtoull(argv[2], NULL, 10), &env, &outbox, &meta);
	}
	snprintf(dir, sizeof(dir), "%s/receiver", argv[3]);
	if (pipe(pfd) != 0)
		die("pipe", 0);
	child = fork();
	if (child == 0) {
		close(pfd[0]);
		receiver(dir, n, &ks, pfd[1]);
	}
	close(pfd[1]);
	if (read(pfd[0], ep, sizeof(ep)) <= 0)
		die("receiver did not start", 0);
	close(pfd[0]);
	ctx = zmq_ctx_new();
	d = zmq_socket(ctx, ZMQ_DEALER);
	if (zmq_connect(d, ep) != 0)
		die("connect", 0);
	buf = malloc(cap);
	t0 = now_s();
	while (acked < n) {
		while (inflight < INFLIGHT && next <= n) {
			MDB_txn *t;
			MDB_cursor *c;
			MDB_val k, v;
			uint8_t key[8], *frame;
			size_t len = 12, flen;
			uint32_t count = 0;
			uint64_t first = next;

			key_be(key, next);
			k.mv_size = 8;
			k.mv_data = key;
			if ((rc = mdb_txn_begin(env, NULL, MDB_RDONLY, &t)) != 0 ||
			    (rc = mdb_cursor_open(t, outbox, &c)) != 0)
				die("read", rc);
			for (rc = mdb_cursor_get(c, &k, &v, MDB_SET_RANGE); rc == 0 && count < BATCH;
			     rc = mdb_cursor_get(c, &k, &v, MDB_NEXT)) {
				uint32_t l = (uint32_t)v.mv_size;
				if (len + 4 + l > cap)
					break;
				memcpy(buf + len, &l, 4);
				memcpy(buf + len + 4, v.mv_data, l);
				len += 4 + l;
				count++;
			}
			mdb_cursor_close(c);
			mdb_txn_abort(t);
			memcpy(buf, &first, 8);
			memcpy(buf + 8, &count, 4);
			frame = seal(buf, len, ks.rpk, ks.ssk, &flen);
			if (zmq_send(d, frame, flen, 0) < 0)
				die("send", 0);
			free(frame);
			next += count;
			inflight++;
		}
		{
			zmq_msg_t m;
			uint8_t *plain;
			size_t plen;
			uint64_t through;
			MDB_txn *t;
			MDB_cursor *c;
			MDB_val k, v;

			zmq_msg_init(&m);
			if (zmq_msg_recv(&m, d, 0) < 0)
				die("recv ack", 0);
			plain = open_box(zmq_msg_data(&m), zmq_msg_size(&m), ks.rpk, ks.ssk, &plen);
			through = be_key(plain);
			free(plain);
			zmq_msg_close(&m);
			inflight--;
			/* One synced transaction per ack: prune the outbox, acked_through. */
			if ((rc = mdb_txn_begin(env, NULL, 0, &t)) != 0 ||
			    (rc = mdb_cursor_open(t, outbox, &c)) != 0)
				die("ack txn", rc);
			while (mdb_cursor_get(c, &k, &v, MDB_FIRST) == 0 && be_key(k.mv_data) <= through)
				if ((rc = mdb_cursor_del(c, 0)) != 0)
					die("del", rc);
			mdb_cursor_close(c);
			{
				uint8_t a8[8];
				MDB_val kv = { 13, (void *)"acked_through" }, vv = { 8, a8 };
				key_be(a8, through);
				if ((rc = mdb_put(t, meta, &kv, &vv, 0)) != 0)
					die("put acked", rc);
			}
			if ((rc = mdb_txn_commit(t)) != 0)
				die("ack commit", rc);
			if (through > acked)
				acked = through;
		}
	}
	t1 = now_s();
	waitpid(child, &status, 0);
	printf("naive: %llu events in %.3f s = %.0f events/s\n", (unsigned long long)n, t1 - t0,
	       (double)n / (t1 - t0));
	free(buf);
	zmq_close(d);
	zmq_ctx_term(ctx);
	mdb_env_close(env);
	return 0;
}
