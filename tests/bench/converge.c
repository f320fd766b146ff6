/*
 * qp-bench-converge COLLECTOR_BIN COLLECTOR_DATA TIMEOUT_S AGENT_DATA...:
 * starts `COLLECTOR_BIN --data COLLECTOR_DATA run` (the centre's return)
 * and watches the running agents' stores (read-only, as `qp-agent status`
 * does) until every one has everything acknowledged (acked_through ==
 * next_seq - 1) and says "connected". Prints on standard output, from the
 * collector's start (fork): each site's time to connected and to
 * converged, the last of them, the connection rate (sites connected per
 * second between the first and the last), the collector's RSS at the end
 * and peak (VmHWM) and its CPU seconds from its start. Leaves the collector running and prints its pid; exits
 * 1 if not converged within TIMEOUT_S.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "site.h"

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
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
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* After "pid (comm) ": state is field 3, utime 14 and stime 15. */
	if ((p = strrchr(buf, ')')) == NULL ||
	    sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2)
		return -1;
	return (double)(ut + st) / (double)sysconf(_SC_CLK_TCK);
}

/* 1 converged, 0 not yet; *connected set when the link says so. */
static int
look(site *s, int *connected)
{
	store_txn *txn = NULL;
	store_val v;
	uint64_t next = 0, acked = 0;
	int done = 0;

	if (store_read(s->st, &txn) != 0)
		return 0;
	if (store_get(txn, T_META, "link", 4, &v) == 0)
		*connected = v.len == 9 && memcmp(v.data, "connected", 9) == 0;
	if (site_meta_get(txn, META_NEXT_SEQ, &next) == 0 &&
	    site_meta_get(txn, META_ACKED, &acked) == 0)
		done = acked + 1 >= next;
	store_txn_end(&txn);
	return done && *connected;
}

int
main(int argc, char **argv)
{
	size_t n = argc > 4 ? (size_t)argc - 4 : 0;
	site **sites = calloc(n ? n : 1, sizeof(*sites));
	double *conn_at = calloc(n ? n : 1, sizeof(double));
	double *done_at = calloc(n ? n : 1, sizeof(double));
	double t0, timeout_ms, first_conn = 0, last_conn = 0, last_done = 0, cpu;
	char err[512];
	size_t left = n;
	pid_t cpid;

	if (n == 0 || sites == NULL || conn_at == NULL || done_at == NULL) {
		fprintf(stderr, "usage: qp-bench-converge COLLECTOR_BIN COLLECTOR_DATA TIMEOUT_S "
		                "AGENT_DATA...\n");
		return 2;
	}
	timeout_ms = strtod(argv[3], NULL) * 1000;
	for (size_t i = 0; i < n; i++)
		if (site_open(argv[4 + i], NULL, false, &sites[i], err, sizeof(err)) != 0) {
			fprintf(stderr, "qp-bench-converge: %s\n", err);
			return 1;
		}
	t0 = now_ms();
	cpid = fork();
	if (cpid == 0) {
		if (freopen("/dev/null", "w", stdout) == NULL)
			_exit(127);
		execl(argv[1], argv[1], "--data", argv[2], "run", (char *)NULL);
		_exit(127);
	}
	while (left > 0 && now_ms() - t0 < timeout_ms) {
		for (size_t i = 0; i < n; i++) {
			int c = conn_at[i] > 0;
			if (done_at[i] > 0)
				continue;
			int d = look(sites[i], &c);
			if (c && conn_at[i] == 0)
				conn_at[i] = now_ms() - t0;
			if (d) {
				done_at[i] = now_ms() - t0;
				left--;
			}
		}
		usleep(5000);
	}
	cpu = proc_cpu_s(cpid);
	for (size_t i = 0; i < n; i++) {
		if (conn_at[i] > 0 && (first_conn == 0 || conn_at[i] < first_conn))
			first_conn = conn_at[i];
		if (conn_at[i] > last_conn)
			last_conn = conn_at[i];
		if (done_at[i] > last_done)
			last_done = done_at[i];
		printf("site %s connected_s=%.3f converged_s=%.3f\n", argv[4 + i],
		       conn_at[i] / 1000, done_at[i] / 1000);
		site_close(&sites[i]);
	}
	printf("converge: sites=%zu converged=%zu converge_s=%.3f last_connected_s=%.3f "
	       "conn_per_s=%.1f collector_rss_kb=%ld collector_peak_rss_kb=%ld "
	       "collector_cpu_s=%.2f "
	       "collector_pid=%d\n",
	       n, n - left, last_done / 1000, last_conn / 1000,
	       last_conn > first_conn ? (double)n / ((last_conn - first_conn) / 1000) : 0,
	       proc_kb(cpid, "VmRSS"), proc_kb(cpid, "VmHWM"), cpu, (int)cpid);
	free(sites);
	free(conn_at);
	free(done_at);
	return left == 0 ? 0 : 1;
}
