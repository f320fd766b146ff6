/*
 * qp-bench-scale COLLECTOR_BIN COLLECTOR_DATA SITES BACKLOG TRICKLE_S:
 * one real collector and SITES simulated sites in this process.
 *
 * 1. Enrols SITES sites (sim-00001 ...) with fresh X25519 key pairs
 *    straight into the collector's store (cstore_site_put, registry
 *    version bumped), as `qp-collector enroll` would.
 * 2. Starts `COLLECTOR_BIN --data COLLECTOR_DATA run` and opens one
 *    ZeroMQ DEALER per site, which speaks the real protocol (sealed Hello,
 *    Welcome, Batch of packed realistic events, Ack, Refuse) with the
 *    site's own key, within the credit the collector grants.
 * 3. Each site sends a backlog of BACKLOG events, then for TRICKLE_S
 *    seconds a trickle of about one event per second.
 * 4. Stops the collector and checks in its store that every site's events
 *    1..n are stored exactly once (progress and the events table).
 *
 * Prints figures on standard error: backlog events/s, p50/p99 time from a
 * batch's send to its ack in each phase, the collector's peak RSS.
 *
 * qp-bench-scale --outage S ...: the sites dial the collector as the agent
 * does (agent/sync.c): libzmq does not reconnect (ZMQ_RECONNECT_IVL -1), a
 * socket monitor tells each site its connection failed or was lost, and
 * the site dials again after a wait drawn by common/redial.h with the
 * agent's default [sync] reconnect_min_ms (100) and reconnect_max_ms
 * (1,000): uniform in [0, min(1000, 100 * 2^n)] ms.
 * After the backlog and the trickle, the collector is stopped for S seconds,
 * each site queues BACKLOG more events meanwhile, and the collector is
 * started again: the time from its start to every event acknowledged, to
 * the last welcome, the sessions the collector opened (distinct session
 * ids; its welcomes, which may name one session twice, are counted apart)
 * and per second, and the collector's RSS are printed on a "converge:"
 * line, and exactly once is checked on all.
 *
 * Every way out (an error, a fatal signal, even SIGKILL through
 * PR_SET_PDEATHSIG) stops the collector it started; the collector writes
 * nothing to this process's output, so a pipeline reading it ends.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <arpa/inet.h>
#include <time.h>
#include <unistd.h>
#include <zmq.h>

#include "calendar.h"
#include "codec.h"
#include "cstore.h"
#include "keys.h"
#include "protocol.h"
#include "redial.h"

#define MAXWIN 64

struct sim {
	char id[32];
	keypair *kp;
	envelope_peer *peer;
	void *sock;
	int ready;
	unsigned credit, max_batch;
	uint64_t generated; /* events 1..generated exist */
	uint64_t next_send, acked;
	uint64_t infl_last[MAXWIN];
	double infl_at[MAXWIN];
	unsigned ninfl;
	double next_event_at; /* trickle */
	double hello_at;
	unsigned long x;                         /* rng */
	uint8_t session[PROTOCOL_SESSION_BYTES]; /* of the last welcome */
	uint8_t (*seen)[PROTOCOL_SESSION_BYTES]; /* every session welcomed in */
	size_t nseen;
	void *mon;        /* --outage: socket monitor */
	struct redial rd; /* --outage: when to dial */
	int up;           /* --outage: connected */
};

/* The agent's defaults (agent/site.c: reconnect_min_ms, reconnect_max_ms)
 * and its connect timeout (agent/sync.c, syncer_open). */
#define SIM_RECONNECT_MIN_MS 100
#define SIM_RECONNECT_MAX_MS 1000
#define SIM_CONNECT_TIMEOUT_MS 1000

static const char *sim_endpoint;

static double now_ms(void);
static void sim_monitor(struct sim *s);
static void sim_dial(struct sim *s);

/* --outage: the monitors' news every 20 ms (read without waiting: polling
 * 2,000 more sockets at each turn would double what the simulated sites
 * cost the machine), then the dials that are due. */
static void
sim_links(struct sim *sims, size_t nsites)
{
	static double last;
	double t = now_ms();
	int read = t - last >= 20;

	if (sims[0].mon == NULL)
		return;
	if (read)
		last = t;
	for (size_t i = 0; i < nsites; i++) {
		if (read)
			sim_monitor(&sims[i]);
		sim_dial(&sims[i]);
	}
}

/* --outage: what the site's socket monitor says, as the agent reads it
 * (agent/sync.c, read_monitor). */
static void
sim_monitor(struct sim *s)
{
	for (;;) {
		zmq_msg_t ev, addr;
		uint16_t event;

		zmq_msg_init(&ev);
		if (zmq_msg_recv(&ev, s->mon, ZMQ_DONTWAIT) < 0) {
			zmq_msg_close(&ev);
			return;
		}
		memcpy(&event, zmq_msg_data(&ev), sizeof(event));
		zmq_msg_close(&ev);
		zmq_msg_init(&addr);
		zmq_msg_recv(&addr, s->mon, 0);
		zmq_msg_close(&addr);
		if (event == ZMQ_EVENT_CONNECTED) {
			redial_connected(&s->rd);
			s->up = 1;
		} else if (event == ZMQ_EVENT_HANDSHAKE_SUCCEEDED) {
			redial_reset(&s->rd);
			s->hello_at = 0; /* say hello now */
		} else if (event == ZMQ_EVENT_DISCONNECTED) {
			s->up = 0;
			s->ready = 0;
			s->ninfl = 0;
			redial_failed(&s->rd, (int64_t)cal_now_ms());
		} else if (event == ZMQ_EVENT_CLOSED && s->rd.dialing) {
			redial_failed(&s->rd, (int64_t)cal_now_ms());
		}
	}
}

/* --outage: dials again when the schedule says so (agent/sync.c, dial). */
static void
sim_dial(struct sim *s)
{
	if (s->mon == NULL || s->up || !redial_due(&s->rd, (int64_t)cal_now_ms()))
		return;
	(void)zmq_disconnect(s->sock, sim_endpoint);
	redial_dialed(&s->rd);
	if (zmq_connect(s->sock, sim_endpoint) != 0)
		redial_failed(&s->rd, (int64_t)cal_now_ms());
}

struct lat {
	double *v;
	size_t n, cap;
};

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static unsigned long
rnd(unsigned long *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static void
lat_add(struct lat *l, double v)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 4096;
		l->v = realloc(l->v, l->cap * sizeof(double));
		if (l->v == NULL)
			abort();
	}
	l->v[l->n++] = v;
}

static int
cmpd(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
pct(struct lat *l, double p)
{
	size_t i;

	if (l->n == 0)
		return 0;
	qsort(l->v, l->n, sizeof(double), cmpd);
	i = (size_t)(p / 100.0 * (double)l->n + 0.5);
	if (i > 0)
		i--;
	return l->v[i < l->n ? i : l->n - 1];
}

/* A realistic packed event of the site (the mix of qp-bench-fill). */
static int
make_event(struct sim *s, uint64_t seq, uint8_t **buf, size_t *len)
{
	static const char *const codes[] = { "N7-CALLS-25S", "N9-REPLY-1M", "S1-MISSING-12D",
		                             "S1-DECISION-15D", "S2-FIRST-5WD" };
	static const char *const zones[] = { "sanitaires", "accueil", "bureaux", "attente" };
	static const char *const checks[] = { "badge-accueil", "messages-solen",
		                              "horaires-affiches", "ligne-confidentialite" };
	Qp__Event ev = QP__EVENT__INIT;
	Qp__IndicatorValue iv = QP__INDICATOR_VALUE__INIT;
	Qp__CheckRun cr = QP__CHECK_RUN__INIT;
	Qp__CleaningSignoff so = QP__CLEANING_SIGNOFF__INIT;
	Qp__ActionReview ar = QP__ACTION_REVIEW__INIT;
	char date[11], period[16], at[CAL_TEXT_MAX];
	cal_day day = cal_from_ymd(2020, 1, 1) + (cal_day)(rnd(&s->x) % 2500);

	cal_format_date(day, date);
	ev.site = s->id;
	ev.seq = seq;
	ev.author = (char *)"bench";
	ev.business_date = date;
	ev.recorded_at_ms = (int64_t)time(NULL) * 1000;
	switch (rnd(&s->x) % 4) {
	case 0:
		memcpy(period, date, 7);
		period[7] = '\0';
		iv.code = (char *)codes[rnd(&s->x) % 5];
		iv.period = period;
		iv.denominator = 50 + rnd(&s->x) % 500;
		iv.numerator = iv.denominator - rnd(&s->x) % (iv.denominator / 4 + 1);
		iv.comment = (char *)"relevé mensuel";
		ev.body_case = QP__EVENT__BODY_INDICATOR;
		ev.indicator = &iv;
		break;
	case 1:
		cr.check_id = (char *)checks[rnd(&s->x) % 4];
		cr.date = date;
		cr.result = (char *)(rnd(&s->x) % 10 ? "ok" : "ko");
		cr.comment = (char *)"";
		ev.body_case = QP__EVENT__BODY_CHECK_RUN;
		ev.check_run = &cr;
		break;
	case 2:
		so.zone = (char *)zones[rnd(&s->x) % 4];
		so.at = cal_format_datetime((int64_t)day * 86400000 + 7 * 3600000, at);
		so.cleaner = (char *)"Société de nettoyage";
		ev.body_case = QP__EVENT__BODY_CLEANING_SIGNOFF;
		ev.cleaning_signoff = &so;
		break;
	default:
		ar.date = date;
		ar.comment = (char *)"Analyse trimestrielle du tableau de suivi des actions";
		ev.body_case = QP__EVENT__BODY_ACTION_REVIEW;
		ev.action_review = &ar;
		break;
	}
	return codec_pack(&ev.base, buf, len);
}

/* The agent's retry of an unanswered hello (agent/sync.c) with --outage. */
static double hello_retry_ms = 1000;

static int
send_hello(struct sim *s)
{
	Qp__AgentMessage m = QP__AGENT_MESSAGE__INIT;
	Qp__Hello h = QP__HELLO__INIT;
	uint8_t *frame = NULL;
	size_t len;
	int rc;

	h.next_seq = s->generated + 1;
	h.clock_ms = (int64_t)time(NULL) * 1000;
	h.agent_version = (char *)"qp-bench-scale";
	m.site = s->id;
	m.direction = PROTOCOL_TO_COLLECTOR;
	m.kind_case = QP__AGENT_MESSAGE__KIND_HELLO;
	m.hello = &h;
	if (protocol_seal(s->peer, s->id, &m.base, &frame, &len) != 0)
		return -1;
	rc = zmq_send(s->sock, frame, len, ZMQ_DONTWAIT);
	free(frame);
	/* Unanswered: again after a second (after 1 to 2 s, as the agent does,
	 * with --outage); not queued yet (the connection's handshake is not
	 * done, ZMQ_IMMEDIATE): again in 10 ms (50 ms with --outage, where
	 * 2,000 sockets are waiting for their reconnection). */
	if (hello_retry_ms > 1000)
		s->hello_at =
		        rc < 0 ? now_ms() - 1000 + 50
		               : now_ms() - 1000 + hello_retry_ms / 2 +
		                         (double)(rnd(&s->x) % (unsigned long)(hello_retry_ms / 2));
	else
		s->hello_at = rc < 0 ? now_ms() - 990 : now_ms();
	return rc < 0 ? -1 : 0;
}

static protocol_batch batch;

static void
pump(struct sim *s, uint64_t *sent_events)
{
	while (s->ready && s->ninfl < s->credit && s->next_send <= s->generated) {
		uint64_t last = s->generated;
		uint8_t *plain = NULL, *frame = NULL;
		size_t plen, flen;

		if (last - s->next_send + 1 > s->max_batch)
			last = s->next_send + s->max_batch - 1;
		protocol_batch_reset(&batch);
		for (uint64_t q = s->next_send; q <= last; q++) {
			uint8_t *ev;
			size_t elen;
			if (make_event(s, q, &ev, &elen) != 0 ||
			    protocol_batch_add(&batch, q, ev, elen) != 0)
				abort();
			free(ev);
		}
		if (protocol_batch_pack(&batch, s->id, (int64_t)time(NULL) * 1000, s->session,
		                        &plain, &plen) != 0 ||
		    protocol_seal_packed(s->peer, s->id, plain, plen, &frame, &flen) != 0)
			abort();
		free(plain);
		if (zmq_send(s->sock, frame, flen, ZMQ_DONTWAIT) < 0) {
			free(frame);
			return;
		}
		free(frame);
		s->infl_last[s->ninfl] = last;
		s->infl_at[s->ninfl++] = now_ms();
		*sent_events += last - s->next_send + 1;
		s->next_send = last + 1;
	}
}

struct counters {
	unsigned long welcomes, sessions, acks, refusals, centrals, bad;
};

/* A welcome's session, counted once however many welcomes name it. */
static void
session_seen(struct sim *s, const uint8_t id[PROTOCOL_SESSION_BYTES], struct counters *c)
{
	uint8_t(*more)[PROTOCOL_SESSION_BYTES];

	for (size_t i = 0; i < s->nseen; i++)
		if (memcmp(s->seen[i], id, PROTOCOL_SESSION_BYTES) == 0)
			return;
	more = realloc(s->seen, (s->nseen + 1) * sizeof(*more));
	if (more == NULL)
		return;
	s->seen = more;
	memcpy(s->seen[s->nseen++], id, PROTOCOL_SESSION_BYTES);
	c->sessions++;
}

static void
receive(struct sim *s, struct lat *l, struct counters *c)
{
	for (;;) {
		zmq_msg_t fr;
		Qp__CollectorMessage *m = NULL;

		zmq_msg_init(&fr);
		if (zmq_msg_recv(&fr, s->sock, ZMQ_DONTWAIT) < 0) {
			zmq_msg_close(&fr);
			return;
		}
		if (protocol_open(s->peer, zmq_msg_data(&fr), zmq_msg_size(&fr),
		                  &qp__collector_message__descriptor,
		                  (ProtobufCMessage **)&m) != 0) {
			c->bad++;
			zmq_msg_close(&fr);
			continue;
		}
		zmq_msg_close(&fr);
		switch (m->kind_case) {
		case QP__COLLECTOR_MESSAGE__KIND_WELCOME:
			c->welcomes++;
			s->ready = 1;
			if (m->welcome->session.len == PROTOCOL_SESSION_BYTES) {
				memcpy(s->session, m->welcome->session.data,
				       PROTOCOL_SESSION_BYTES);
				session_seen(s, s->session, c);
			}
			s->credit = m->welcome->credit ? m->welcome->credit : 1;
			if (s->credit > MAXWIN)
				s->credit = MAXWIN;
			s->max_batch =
			        m->welcome->max_batch_events ? m->welcome->max_batch_events : 100;
			s->acked = m->welcome->stored_through;
			s->next_send = s->acked + 1;
			s->ninfl = 0;
			break;
		case QP__COLLECTOR_MESSAGE__KIND_ACK: {
			unsigned k = 0;
			double t = now_ms();
			c->acks++;
			if (m->ack->stored_through > s->acked)
				s->acked = m->ack->stored_through;
			for (unsigned i = 0; i < s->ninfl; i++) {
				if (s->infl_last[i] <= s->acked) {
					lat_add(l, t - s->infl_at[i]);
				} else {
					s->infl_last[k] = s->infl_last[i];
					s->infl_at[k++] = s->infl_at[i];
				}
			}
			s->ninfl = k;
			break;
		}
		case QP__COLLECTOR_MESSAGE__KIND_REFUSE:
			c->refusals++;
			if (protocol_reason_find(m->refuse->reason) == REASON_GAP) {
				s->ninfl = 0;
				s->next_send = m->refuse->expected_seq;
			} else if (protocol_reason_find(m->refuse->reason) == REASON_SESSION) {
				/* As the agent: a new session, from what is acked. */
				s->ready = 0;
				s->ninfl = 0;
				s->hello_at = 0;
			}
			break;
		case QP__COLLECTOR_MESSAGE__KIND_CENTRAL: c->centrals++; break;
		default: break;
		}
		codec_free((ProtobufCMessage **)&m);
	}
}

struct enrol {
	struct sim *sims;
	size_t n;
};

static int
enrol_txn(store_txn *txn, void *arg)
{
	struct enrol *en = arg;
	uint64_t reg;
	int e;

	for (size_t i = 0; i < en->n; i++) {
		Qp__SiteRecord rec = QP__SITE_RECORD__INIT;
		rec.site = en->sims[i].id;
		rec.name = en->sims[i].id;
		rec.public_key.data = (uint8_t *)keypair_public(en->sims[i].kp);
		rec.public_key.len = KEY_BYTES;
		rec.enrolled_at_ms = (int64_t)time(NULL) * 1000;
		if ((e = cstore_site_put(txn, &rec)) != 0)
			return e;
	}
	if ((e = cstore_meta_get(txn, META_REGISTRY, &reg)) != 0)
		return e;
	return cstore_meta_put(txn, META_REGISTRY, reg + 1);
}

static long
proc_kb(pid_t pid, const char *field)
{
	char path[64], line[256];
	size_t fl = strlen(field);
	long v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof(line), f) != NULL)
		if (strncmp(line, field, fl) == 0 && line[fl] == ':')
			v = strtol(line + fl + 1, NULL, 10);
	fclose(f);
	return v;
}

/* CPU seconds (user + system) a process used so far; -1 if unknown. */
static double
proc_cpu_s(pid_t pid)
{
	char path[64], buf[1024], *p;
	unsigned long ut, st;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if ((fd = open(path, O_RDONLY)) < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	/* After "pid (comm) ": state is field 3, utime 14 and stime 15. */
	if ((p = strrchr(buf, ')')) == NULL ||
	    sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2)
		return -1;
	return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

/* This process's CPU seconds so far. */
static double
self_cpu_s(void)
{
	struct rusage ru;

	if (getrusage(RUSAGE_SELF, &ru) != 0)
		return -1;
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

static int
port_open(const char *listen)
{
	const char *colon = strrchr(listen, ':');
	struct sockaddr_in a = { .sin_family = AF_INET };
	int fd, ok;

	if (colon == NULL)
		return 0;
	a.sin_port = htons((uint16_t)atoi(colon + 1));
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	fd = socket(AF_INET, SOCK_STREAM, 0);
	ok = connect(fd, (struct sockaddr *)&a, sizeof(a)) == 0;
	close(fd);
	return ok;
}

/* Every site's events 1..generated, each once, and nothing else. */
static int
verify(const char *data, struct sim *sims, size_t n, uint64_t *total)
{
	char err[256];
	cstore *cs = NULL;
	store_txn *txn = NULL;
	store_cursor *c = NULL;
	store_val k, v;
	size_t bad = 0;
	uint64_t count = 0, *last = calloc(n, sizeof(uint64_t));
	int e;

	if (last == NULL || cstore_open(data, NULL, false, &cs, err, sizeof(err)) != 0 ||
	    store_read(cs->st, &txn) != 0)
		return -1;
	for (size_t j = 0; j < n; j++) {
		site_progress p;
		if (cstore_progress_get(txn, sims[j].id, &p) != 0 ||
		    p.stored_through != sims[j].generated || p.events != sims[j].generated) {
			if (bad++ < 5)
				fprintf(stderr, "%s: progress %llu/%llu events, expected %llu\n",
				        sims[j].id, (unsigned long long)p.stored_through,
				        (unsigned long long)p.events,
				        (unsigned long long)sims[j].generated);
		}
	}
	/* Keys are site id, NUL, 8-byte seq: each site's seqs come in order. */
	if (store_cursor_open(txn, C_EVENTS, &c) != 0)
		return -1;
	for (e = store_cursor_seek(c, NULL, 0, &k, &v); e == 0; e = store_cursor_next(c, &k, &v)) {
		const char *key = k.data;
		unsigned long idx;
		uint64_t seq;
		count++;
		if (k.len != 9 + 9 || strncmp(key, "sim-", 4) != 0 || key[9] != '\0' ||
		    (idx = strtoul(key + 4, NULL, 10)) == 0 || idx > n) {
			bad++;
			continue;
		}
		seq = store_u64_key(key + 10);
		if (seq != last[idx - 1] + 1 && bad++ < 5)
			fprintf(stderr, "%s: seq %llu after %llu\n", sims[idx - 1].id,
			        (unsigned long long)seq, (unsigned long long)last[idx - 1]);
		last[idx - 1] = seq;
	}
	for (size_t j = 0; j < n; j++)
		if (last[j] != sims[j].generated && bad++ < 5)
			fprintf(stderr, "%s: events stop at %llu of %llu\n", sims[j].id,
			        (unsigned long long)last[j], (unsigned long long)sims[j].generated);
	store_cursor_close(&c);
	store_txn_end(&txn);
	cstore_close(&cs);
	free(last);
	*total = count;
	return bad == 0 ? 0 : -1;
}

/* The collector this process started, stopped on every way out. */
static pid_t collector_pid = -1;

/* SIGTERM, then SIGKILL if it is not gone within 10 s; 0 when it had
 * already ended. */
static void
stop_collector(void)
{
	int status;

	if (collector_pid <= 0)
		return;
	kill(collector_pid, SIGTERM);
	for (int i = 0; i < 1000; i++) {
		if (waitpid(collector_pid, &status, WNOHANG) != 0)
			goto gone;
		usleep(10000);
	}
	fprintf(stderr, "qp-bench-scale: the collector did not stop within 10 s: killed\n");
	kill(collector_pid, SIGKILL);
	waitpid(collector_pid, &status, 0);
gone:
	collector_pid = -1;
}

/* A fatal signal here (a libzmq assertion on EMFILE aborts): the
 * collector is stopped before this process goes. */
static void
on_fatal(int sig)
{
	if (collector_pid > 0)
		kill(collector_pid, SIGTERM);
	signal(sig, SIG_DFL);
	raise(sig);
}

static pid_t
start_collector(const char *bin, const char *data)
{
	pid_t parent = getpid(), pid = fork();

	if (pid == 0) {
		/* The collector's log beside its data: enrolments and hellos. Its
		 * standard output too: a shell reading ours must not wait on it. */
		char *logp = cstore_path(data, "run.log");
		int fd = logp ? open(logp, O_WRONLY | O_CREAT | O_APPEND, 0600) : -1;
		if (fd >= 0) {
			dup2(fd, 1);
			dup2(fd, 2);
		}
		/* Killed with this process, even by SIGKILL. */
		if (prctl(PR_SET_PDEATHSIG, SIGTERM) != 0 || getppid() != parent)
			_exit(127);
		execl(bin, bin, "--data", data, "run", (char *)NULL);
		_exit(127);
	}
	collector_pid = pid;
	return pid;
}

/* Waits until the collector listens; false (and it is stopped) if it
 * ended or did not listen within 5 s. */
static bool
collector_listening(const char *listen)
{
	int status;

	for (int i = 0; i < 500; i++) {
		if (port_open(listen))
			return true;
		if (waitpid(collector_pid, &status, WNOHANG) == collector_pid) {
			collector_pid = -1;
			fprintf(stderr,
			        "qp-bench-scale: the collector ended at its start (see run.log)\n");
			return false;
		}
		usleep(10000);
	}
	fprintf(stderr, "qp-bench-scale: the collector does not listen on %s\n", listen);
	stop_collector();
	return false;
}

int
main(int argc, char **argv)
{
	double outage_s = 0;
	char err[256], *keypath;
	cstore *cs = NULL;
	keypair *ckp = NULL;
	struct sim *sims;
	struct enrol en;
	struct lat lb = { 0 }, lt = { 0 };
	struct counters cnt = { 0 };
	struct rlimit rl;
	zmq_pollitem_t *items;
	unsigned long nsites, backlog, trickle_s;
	uint64_t sent = 0, total_backlog, total = 0, stored = 0;
	double t_start, t_backlog = 0, t_trickle_end, t_end;
	long peak_anon = 0, hwm = -1;
	int maxsock, phase = 0, ok, npoll;
	char listen[256];
	void *ctx;
	pid_t cpid;

	if (argc > 2 && strcmp(argv[1], "--outage") == 0) {
		outage_s = strtod(argv[2], NULL);
		hello_retry_ms = 2000;
		argv += 2;
		argc -= 2;
	}
	if (argc != 6) {
		fprintf(stderr,
		        "usage: qp-bench-scale [--outage S] COLLECTOR_BIN COLLECTOR_DATA SITES "
		        "BACKLOG TRICKLE_S\n");
		return 2;
	}
	nsites = strtoul(argv[3], NULL, 10);
	backlog = strtoul(argv[4], NULL, 10);
	trickle_s = strtoul(argv[5], NULL, 10);
	if (nsites == 0 || keys_init() != 0)
		return 2;
	/* Two descriptors per socket here and one per peer in the collector. */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < nsites * 6 + 1024) {
		rl.rlim_cur = nsites * 6 + 1024;
		if (rl.rlim_max < rl.rlim_cur)
			rl.rlim_max = rl.rlim_cur;
		if (setrlimit(RLIMIT_NOFILE, &rl) != 0) {
			perror("setrlimit");
			return 1;
		}
	}
	if (cstore_open(argv[2], NULL, false, &cs, err, sizeof(err)) != 0) {
		fprintf(stderr, "qp-bench-scale: %s\n", err);
		return 1;
	}
	snprintf(listen, sizeof(listen), "%s", cs->cfg.listen);
	keypath = cstore_path(argv[2], "collector.key");
	if (keypath == NULL || keypair_load(keypath, &ckp) != 0) {
		fprintf(stderr, "qp-bench-scale: cannot load the collector key\n");
		return 1;
	}
	free(keypath);
	sims = calloc(nsites, sizeof(*sims));
	items = calloc(nsites, sizeof(*items));
	if (sims == NULL || items == NULL)
		return 1;
	for (size_t i = 0; i < nsites; i++) {
		struct sim *s = &sims[i];
		snprintf(s->id, sizeof(s->id), "sim-%05u", (unsigned)(i + 1));
		if (keypair_generate(&s->kp) != 0 ||
		    envelope_peer_new(s->kp, keypair_public(ckp), &s->peer) != 0) {
			cstore_close(&cs);
			ok = 0;
			goto out;
		}
		s->generated = backlog;
		s->x = 0x9e3779b97f4a7c15UL ^ (i * 7919 + 1);
		s->credit = 1;
		s->max_batch = 100;
	}
	en.sims = sims;
	en.n = nsites;
	if (store_write(cs->st, enrol_txn, &en) != 0) {
		fprintf(stderr, "qp-bench-scale: cannot enrol the sites\n");
		cstore_close(&cs);
		ok = 0;
		goto out;
	}
	cstore_close(&cs);
	fprintf(stderr, "enrolled %lu sites with their own keys\n", nsites);

	/* From here on, every way out stops the collector. */
	atexit(stop_collector);
	signal(SIGABRT, on_fatal);
	signal(SIGSEGV, on_fatal);
	signal(SIGINT, on_fatal);
	signal(SIGTERM, on_fatal);
	signal(SIGHUP, on_fatal);
	signal(SIGPIPE, on_fatal);
	cpid = start_collector(argv[1], argv[2]);
	if (!collector_listening(listen)) {
		ok = 0;
		goto out; /* what was allocated goes, then the collector (atexit) */
	}

	ctx = zmq_ctx_new();
	maxsock = (int)nsites * 3 + 64; /* --outage: a socket, its monitor and ours */
	sim_endpoint = listen;
	zmq_ctx_set(ctx, ZMQ_MAX_SOCKETS, maxsock);
	t_start = now_ms();
	for (size_t i = 0; i < nsites; i++) {
		int linger = 0, imm = 1;
		sims[i].sock = zmq_socket(ctx, ZMQ_DEALER);
		if (sims[i].sock == NULL) {
			fprintf(stderr, "socket %zu: %s\n", i, zmq_strerror(errno));
			return 1;
		}
		zmq_setsockopt(sims[i].sock, ZMQ_LINGER, &linger, sizeof(linger));
		zmq_setsockopt(sims[i].sock, ZMQ_IMMEDIATE, &imm, sizeof(imm));
		if (outage_s > 0) {
			/* As the agent (agent/sync.c, syncer_open). */
			int ivl = -1, cto = SIM_CONNECT_TIMEOUT_MS;
			char mep[64];
			zmq_setsockopt(sims[i].sock, ZMQ_RECONNECT_IVL, &ivl, sizeof(ivl));
			zmq_setsockopt(sims[i].sock, ZMQ_CONNECT_TIMEOUT, &cto, sizeof(cto));
			snprintf(mep, sizeof(mep), "inproc://sim-monitor-%zu", i);
			if (zmq_socket_monitor(sims[i].sock, mep,
			                       ZMQ_EVENT_CONNECTED | ZMQ_EVENT_DISCONNECTED |
			                               ZMQ_EVENT_CLOSED |
			                               ZMQ_EVENT_HANDSHAKE_SUCCEEDED) != 0 ||
			    (sims[i].mon = zmq_socket(ctx, ZMQ_PAIR)) == NULL ||
			    zmq_connect(sims[i].mon, mep) != 0) {
				fprintf(stderr, "monitor %zu: %s\n", i, zmq_strerror(errno));
				return 1;
			}
			redial_init(&sims[i].rd, SIM_RECONNECT_MIN_MS, SIM_RECONNECT_MAX_MS);
			redial_dialed(&sims[i].rd);
		}
		if (zmq_connect(sims[i].sock, listen) != 0)
			return 1;
		items[i].socket = sims[i].sock;
		items[i].events = ZMQ_POLLIN;
	}
	npoll = (int)nsites;
	total_backlog = (uint64_t)nsites * backlog;
	t_trickle_end = 0;
	for (;;) {
		double t = now_ms();
		int all_acked = 1;

		for (size_t i = 0; i < nsites; i++) {
			struct sim *s = &sims[i];
			if (!s->ready && t - s->hello_at > 1000)
				(void)send_hello(s);
			if (phase == 1 && t < t_trickle_end && t >= s->next_event_at) {
				s->generated++;
				s->next_event_at = t + 500 + (double)(rnd(&s->x) % 1000);
			}
			pump(s, &sent);
			if (s->acked < s->generated)
				all_acked = 0;
		}
		if (phase == 0 && all_acked) {
			t_backlog = now_ms();
			phase = 1;
			t_trickle_end = t_backlog + (double)trickle_s * 1000;
			for (size_t i = 0; i < nsites; i++)
				sims[i].next_event_at =
				        t_backlog + (double)(rnd(&sims[i].x) % 1000);
			fprintf(stderr, "backlog of %llu events acknowledged in %.2f s\n",
			        (unsigned long long)total_backlog, (t_backlog - t_start) / 1000);
		} else if (phase == 1 && all_acked && now_ms() >= t_trickle_end) {
			break;
		}
		if (now_ms() - t_start > 600000) {
			fprintf(stderr, "qp-bench-scale: not done within 600 s\n");
			break;
		}
		{
			long a = proc_kb(cpid, "RssAnon");
			if (a > peak_anon)
				peak_anon = a;
		}
		if (zmq_poll(items, npoll, 5) < 0)
			break;
		sim_links(sims, nsites);
		for (size_t i = 0; i < nsites; i++)
			if (items[i].revents & ZMQ_POLLIN)
				receive(&sims[i], phase == 0 ? &lb : &lt, &cnt);
	}
	if (outage_s > 0) {
		/* The centre goes away; each site queues BACKLOG more meanwhile and
		 * sees its connection drop (the agent's socket monitor). */
		double t_down, t_ret, t_last_welcome = 0, t_done = 0;
		double self_ret, self_cpu, coll_cpu;
		unsigned long w0, s0;
		long rss_end = -1;
		stop_collector();
		t_down = now_ms();
		for (size_t i = 0; i < nsites; i++) {
			sims[i].ready = 0;
			sims[i].ninfl = 0;
			sims[i].generated += backlog;
		}
		while (now_ms() - t_down < outage_s * 1000) {
			if (zmq_poll(items, npoll, 50) < 0)
				break;
			sim_links(sims, nsites);
			for (size_t i = 0; i < nsites; i++)
				if (items[i].revents & ZMQ_POLLIN)
					receive(&sims[i], &lt, &cnt);
			for (size_t i = 0; i < nsites; i++)
				sims[i].ready = 0;
		}
		w0 = cnt.welcomes;
		s0 = cnt.sessions;
		t_ret = now_ms();
		self_ret = self_cpu_s();
		cpid = start_collector(argv[1], argv[2]);
		if (!collector_listening(listen))
			return 1;
		for (;;) {
			double t = now_ms();
			int all_acked = 1;
			for (size_t i = 0; i < nsites; i++) {
				struct sim *s = &sims[i];
				if (!s->ready && t - s->hello_at > 1000)
					(void)send_hello(s);
				pump(s, &sent);
				if (s->acked < s->generated)
					all_acked = 0;
			}
			if (all_acked) {
				t_done = t;
				break;
			}
			if (t - t_ret > 600000) {
				fprintf(stderr, "qp-bench-scale: not converged within 600 s\n");
				break;
			}
			if (zmq_poll(items, npoll, 5) < 0)
				break;
			sim_links(sims, nsites);
			for (size_t i = 0; i < nsites; i++)
				if (items[i].revents & ZMQ_POLLIN) {
					unsigned long before = cnt.welcomes;
					receive(&sims[i], &lt, &cnt);
					if (cnt.welcomes > before)
						t_last_welcome = now_ms();
				}
		}
		coll_cpu = proc_cpu_s(cpid);
		self_cpu = self_cpu_s() - self_ret;
		rss_end = proc_kb(cpid, "VmRSS");
		hwm = proc_kb(cpid, "VmHWM");
		stop_collector();
		for (size_t i = 0; i < nsites; i++) {
			zmq_close(sims[i].sock);
			if (sims[i].mon != NULL)
				zmq_close(sims[i].mon);
			stored += sims[i].generated;
		}
		zmq_ctx_term(ctx);
		ok = t_done > 0 && verify(argv[2], sims, nsites, &total) == 0 && total == stored;
		fprintf(stderr,
		        "converge: sites=%lu outage_s=%.0f queued_events=%llu converge_s=%.3f "
		        "last_welcome_s=%.3f sessions=%lu welcomes=%lu conn_per_s=%.1f "
		        "collector_rss_kb=%ld "
		        "collector_peak_rss_kb=%ld collector_cpu_s=%.2f sims_cpu_s=%.2f "
		        "stored=%llu "
		        "exactly_once=%s\n",
		        nsites, outage_s, (unsigned long long)((uint64_t)nsites * backlog),
		        t_done > 0 ? (t_done - t_ret) / 1000 : -1, (t_last_welcome - t_ret) / 1000,
		        cnt.sessions - s0, cnt.welcomes - w0,
		        t_last_welcome > t_ret
		                ? (double)(cnt.sessions - s0) / ((t_last_welcome - t_ret) / 1000)
		                : 0,
		        rss_end, hwm, coll_cpu, self_cpu, (unsigned long long)total,
		        ok ? "yes" : "NO");
		goto out;
	}
	t_end = now_ms();
	hwm = proc_kb(cpid, "VmHWM");
	stop_collector();
	for (size_t i = 0; i < nsites; i++) {
		zmq_close(sims[i].sock);
		if (sims[i].mon != NULL)
			zmq_close(sims[i].mon);
		stored += sims[i].generated;
	}
	zmq_ctx_term(ctx);
	ok = verify(argv[2], sims, nsites, &total) == 0 && total == stored;
	fprintf(stderr,
	        "scale: sites=%lu backlog_events=%llu backlog_s=%.3f backlog_eps=%.0f "
	        "backlog_ack_p50_ms=%.1f backlog_ack_p99_ms=%.1f trickle_events=%llu "
	        "trickle_ack_p50_ms=%.1f trickle_ack_p99_ms=%.1f collector_peak_rss_kb=%ld "
	        "collector_peak_anon_kb=%ld stored=%llu exactly_once=%s sessions=%lu welcomes=%lu "
	        "acks=%lu refusals=%lu\n",
	        nsites, (unsigned long long)total_backlog, (t_backlog - t_start) / 1000,
	        t_backlog > t_start ? (double)total_backlog / ((t_backlog - t_start) / 1000) : 0,
	        pct(&lb, 50), pct(&lb, 99), (unsigned long long)(stored - total_backlog),
	        pct(&lt, 50), pct(&lt, 99), hwm, peak_anon, (unsigned long long)total,
	        ok ? "yes" : "NO", cnt.sessions, cnt.welcomes, cnt.acks, cnt.refusals);
	(void)t_end;
	(void)sent;
out:
	protocol_batch_free(&batch);
	for (size_t i = 0; i < nsites; i++) {
		free(sims[i].seen);
		envelope_peer_destroy(&sims[i].peer);
		keypair_destroy(&sims[i].kp);
	}
	keypair_destroy(&ckp);
	free(sims);
	free(items);
	free(lb.v);
	free(lt.v);
	return ok ? 0 : 1;
}
