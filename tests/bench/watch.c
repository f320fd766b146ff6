/*
 * qp-bench-watch [-i MS] -- COMMAND [ARGS]: runs COMMAND, samples its
 * /proc/PID/status every MS milliseconds (default 20) and prints, on one
 * line to standard error once it ends:
 *
 *   elapsed_s=.. user_s=.. sys_s=.. peak_rss_kb=.. peak_anon_kb=..
 *   peak_file_kb=.. vcsw=.. ivcsw=.. exit=..
 *
 * peak_rss_kb is the kernel's high-water mark (VmHWM: anonymous memory plus
 * the pages of mapped files, here LMDB's map, that the process touched);
 * peak_anon_kb is the highest RssAnon seen, the process's own heap and
 * stacks, which is what "bounded memory" is about. Exits with COMMAND's
 * status.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Reads "Name:   123 kB" fields of /proc/PID/status. */
static void
sample(pid_t pid, long *anon, long *file, long *hwm)
{
	char path[64], line[256];
	FILE *f;
	long v;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	if ((f = fopen(path, "r")) == NULL)
		return;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "RssAnon: %ld", &v) == 1 && v > *anon)
			*anon = v;
		else if (sscanf(line, "RssFile: %ld", &v) == 1 && v > *file)
			*file = v;
		else if (sscanf(line, "VmHWM: %ld", &v) == 1 && v > *hwm)
			*hwm = v;
	}
	fclose(f);
}

int
main(int argc, char **argv)
{
	long ms = 20, anon = 0, file = 0, hwm = 0;
	struct rusage ru;
	double t0, t1;
	int i = 1, status = 0;
	pid_t pid;

	if (i + 1 < argc && strcmp(argv[i], "-i") == 0) {
		ms = strtol(argv[i + 1], NULL, 10);
		i += 2;
	}
	if (i < argc && strcmp(argv[i], "--") == 0)
		i++;
	if (i >= argc || ms <= 0) {
		fprintf(stderr, "usage: qp-bench-watch [-i MS] -- COMMAND [ARGS]\n");
		return 2;
	}
	t0 = now_s();
	pid = fork();
	if (pid < 0)
		return 1;
	if (pid == 0) {
		execvp(argv[i], argv + i);
		perror(argv[i]);
		_exit(127);
	}
	for (;;) {
		pid_t w;
		sample(pid, &anon, &file, &hwm);
		w = wait4(pid, &status, WNOHANG, &ru);
		if (w == pid)
			break;
		if (w < 0)
			return 1;
		usleep((useconds_t)ms * 1000);
	}
	t1 = now_s();
	if (ru.ru_maxrss > hwm)
		hwm = ru.ru_maxrss;
	fprintf(stderr,
	        "elapsed_s=%.4f user_s=%.3f sys_s=%.3f peak_rss_kb=%ld peak_anon_kb=%ld "
	        "peak_file_kb=%ld vcsw=%ld ivcsw=%ld exit=%d\n",
	        t1 - t0, (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6,
	        (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6, hwm, anon, file,
	        ru.ru_nvcsw, ru.ru_nivcsw, WIFEXITED(status) ? WEXITSTATUS(status) : 128);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
