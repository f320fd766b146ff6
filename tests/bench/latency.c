/*
 * qp-bench-latency COLLECTOR_DATA SITE COUNT -- COMMAND [ARGS]: online
 * latency, from the return of a record command to the event's commit at
 * the collector.
 *
 * COUNT times: runs COMMAND (a `qp-agent ... record` command that appends
 * one event to SITE, whose daemon `qp-agent run` is connected to a running
 * `qp-collector run`), notes the moment it returns, then opens a read
 * transaction on the collector's store about every millisecond until the
 * site's stored_through (progress table) reaches the event's seq. Each
 * record waits for the previous one's commit. Prints the distribution in
 * milliseconds, and every sample to standard output with -v.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cstore.h"

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
stored_through(cstore *cs, const char *site, uint64_t *out)
{
	store_txn *txn = NULL;
	site_progress p;
	int e;

	if ((e = store_read(cs->st, &txn)) != 0)
		return e;
	e = cstore_progress_get(txn, site, &p);
	store_txn_end(&txn);
	if (e == 0)
		*out = p.stored_through;
	return e;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
pct(const double *v, size_t n, double p)
{
	size_t i = (size_t)(p / 100.0 * (double)n + 0.5);

	if (i > 0)
		i--;
	if (i >= n)
		i = n - 1;
	return v[i];
}

int
main(int argc, char **argv)
{
	char err[512];
	cstore *cs = NULL;
	uint64_t base, cur;
	double *lat, sum = 0;
	unsigned long count;
	int verbose = 0, a = 1;

	if (a < argc && strcmp(argv[a], "-v") == 0) {
		verbose = 1;
		a++;
	}
	if (argc - a < 5 || strcmp(argv[a + 3], "--") != 0) {
		fprintf(stderr, "usage: qp-bench-latency [-v] COLLECTOR_DATA SITE COUNT -- COMMAND...\n");
		return 2;
	}
	count = strtoul(argv[a + 2], NULL, 10);
	lat = calloc(count ? count : 1, sizeof(*lat));
	if (lat == NULL || count == 0)
		return 2;
	if (cstore_open(argv[a], NULL, false, &cs, err, sizeof(err)) != 0) {
		fprintf(stderr, "qp-bench-latency: %s\n", err);
		return 1;
	}
	if (stored_through(cs, argv[a + 1], &base) != 0) {
		fprintf(stderr, "qp-bench-latency: cannot read the progress of %s\n", argv[a + 1]);
		return 1;
	}
	for (unsigned long i = 0; i < count; i++) {
		double t0, deadline;
		int status;
		pid_t pid = fork();

		if (pid == 0) {
			int null = open("/dev/null", O_WRONLY);
			if (null >= 0) {
				dup2(null, 1);
				dup2(null, 2);
			}
			execv(argv[a + 4], argv + a + 4);
			_exit(127);
		}
		if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
		    WEXITSTATUS(status) != 0) {
			fprintf(stderr, "qp-bench-latency: the record command failed\n");
			return 1;
		}
		t0 = now_ms();
		deadline = t0 + 30000;
		for (;;) {
			if (stored_through(cs, argv[a + 1], &cur) == 0 && cur >= base + i + 1)
				break;
			if (now_ms() > deadline) {
				fprintf(stderr, "qp-bench-latency: seq %llu not stored within 30 s\n",
				        (unsigned long long)(base + i + 1));
				return 1;
			}
			usleep(1000);
		}
		lat[i] = now_ms() - t0;
		sum += lat[i];
		if (verbose)
			printf("%lu %.3f\n", i + 1, lat[i]);
	}
	qsort(lat, count, sizeof(*lat), cmp);
	fprintf(stderr,
	        "latency_ms: n=%lu p50=%.2f p90=%.2f p99=%.2f max=%.2f mean=%.2f\n", count,
	        pct(lat, count, 50), pct(lat, count, 90), pct(lat, count, 99), lat[count - 1],
	        sum / (double)count);
	cstore_close(&cs);
	free(lat);
	return 0;
}
