/*
 * backup DIR: a consistent hot copy of the store, config, planning rules and keys.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "calendar.h"
#include "codec.h"
#include "collector.h"
#include "fileout.h"
#include "domain.h"
#include "i18n.h"
#include "keys.h"

/* A new file `to` (refused if it exists) with the bytes of `from`. */
static int
copy_file(const char *from, const char *to, mode_t mode)
{
	char buf[8192];
	fileout *out = NULL;
	size_t n;
	FILE *in;
	int rc;

	if ((in = fopen(from, "rb")) == NULL)
		return -1;
	if (fileout_open(to, mode, FILEOUT_EXCL, &out) != 0) {
		fclose(in);
		return -1;
	}
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, fileout_fp(out)) != n)
			break;
	if (ferror(in) || ferror(fileout_fp(out))) {
		fileout_abort(&out);
		fclose(in);
		return -1;
	}
	fclose(in);
	rc = fileout_commit(&out);
	return rc == 0 ? 0 : -1;
}

struct backup_job {
	cstore *cs;
	const char *dir;
	int err;
	volatile int done;
};

static void *
backup_thread(void *arg)
{
	struct backup_job *j = arg;

	j->err = store_backup(j->cs->st, j->dir);
	__atomic_store_n(&j->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

/*
 * store_backup, with a progress line on a terminal: the copy runs in a
 * thread while this one watches the copy's size grow towards the store's
 * pages in use (the compacted copy is at most that).
 */
static int
backup_store(const cli_globals *g, cstore *cs, const char *storedir)
{
	struct backup_job j = { .cs = cs, .dir = storedir };
	struct timespec pause = { 0, 200 * 1000000 };
	char data[4096];
	store_info info;
	struct stat st;
	pthread_t t;

	if (!isatty(STDERR_FILENO) || store_info_get(cs->st, &info) != 0 ||
	    pthread_create(&t, NULL, backup_thread, &j) != 0)
		return store_backup(cs->st, storedir);
	snprintf(data, sizeof(data), "%s/data.mdb", storedir);
	do {
		double got = stat(data, &st) == 0 ? (double)st.st_size : 0;
		double all = info.in_use > 0 ? (double)info.in_use : 1;
		cli_progress(g, _("copying the store: %.0f of %.0f MiB (%.0f%%)"),
		             got / 1048576.0, all / 1048576.0,
		             got >= all ? 100.0 : 100.0 * got / all);
		nanosleep(&pause, NULL);
	} while (!__atomic_load_n(&j.done, __ATOMIC_ACQUIRE));
	pthread_join(t, NULL);
	cli_progress(g, NULL);
	return j.err;
}

int
cmd_backup(const cli_globals *g, const cli_command *cmd, int argc, char **argv)
{
	static const char *const files[][2] = {
		{ "collector.key", "600" }, { "collector.pub", "644" },
	};
	char *storedir = NULL, *from = NULL, *to = NULL;
	const char *dir;
	cstore *cs = NULL;
	struct stat st;
	int rc, e;

	if (argc != 2)
		return cli_usage(g, cmd, _("expected the backup DIR"));
	dir = argv[1];
	if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode))
		return cli_usage(g, cmd, _("DIR: %s exists and is not a directory"), dir);
	if ((rc = collector_open(g, &cs)) != 0)
		return rc;
	rc = EXIT_RUNTIME;
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		cli_error(g, _("%s: %s"), dir, strerror(errno));
		goto out;
	}
	storedir = cstore_path(dir, "store");
	if (storedir == NULL)
		goto out;
	if (stat(storedir, &st) == 0) {
		cli_error(g, _("%s already holds a backup; choose an empty directory"), dir);
		rc = EXIT_USAGE;
		goto out;
	}
	if ((e = backup_store(g, cs, storedir)) != 0) {
		cli_error(g, _("%s: cannot copy the store: %s"), storedir, qp_errtext(e));
		goto out;
	}
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		free(from);
		free(to);
		from = cstore_path(g->data, files[i][0]);
		to = cstore_path(dir, files[i][0]);
		if (from == NULL || to == NULL ||
		    copy_file(from, to, (mode_t)strtol(files[i][1], NULL, 8)) != 0) {
			cli_error(g, _("%s: cannot copy: %s"), files[i][0], strerror(errno));
			goto out;
		}
	}
	free(from);
	free(to);
	from = strdup(cs->config_path);
	to = cstore_path(dir, "collector.ini");
	if (from == NULL || to == NULL || copy_file(from, to, 0644) != 0) {
		cli_error(g, _("%s: cannot copy: %s"), cs->config_path, strerror(errno));
		goto out;
	}
	/* The planning rules in effect, so that the restored centre plans the
	 * same way. */
	free(from);
	free(to);
	to = NULL;
	if ((from = collector_planning_path(g)) != NULL) {
		to = cstore_path(dir, "planning.ini");
		if (to == NULL || copy_file(from, to, 0644) != 0) {
			cli_error(g, _("%s: cannot copy: %s"), from, strerror(errno));
			goto out;
		}
	}
	fprintf(stderr, _("qp-collector: backup written to %s (use it as --data to restore)\n"), dir);
	rc = EXIT_DONE;
out:
	free(from);
	free(to);
	free(storedir);
	cstore_close(&cs);
	return rc;
}
