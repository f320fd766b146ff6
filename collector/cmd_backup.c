/*
 * backup DIR: a consistent hot copy of the store, config and keys.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "calendar.h"
#include "codec.h"
#include "collector.h"
#include "domain.h"
#include "keys.h"

static int
copy_file(const char *from, const char *to, mode_t mode)
{
	char buf[8192];
	ssize_t n;
	int in, out, rc = -1;

	in = open(from, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -1;
	out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
	if (out < 0) {
		close(in);
		return -1;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			goto out;
	if (n == 0 && fsync(out) == 0)
		rc = 0;
out:
	close(in);
	if (close(out) != 0)
		rc = -1;
	return rc;
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
		return cli_usage(g, cmd, "expected the backup DIR");
	dir = argv[1];
	if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode))
		return cli_usage(g, cmd, "DIR: %s exists and is not a directory", dir);
	if ((rc = collector_open(g, &cs)) != 0)
		return rc;
	rc = EXIT_RUNTIME;
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		cli_error(g, "%s: %s", dir, strerror(errno));
		goto out;
	}
	storedir = cstore_path(dir, "store");
	if (storedir == NULL)
		goto out;
	if (stat(storedir, &st) == 0) {
		cli_error(g, "%s already holds a backup; choose an empty directory", dir);
		rc = EXIT_USAGE;
		goto out;
	}
	if ((e = store_backup(cs->st, storedir)) != 0) {
		cli_error(g, "%s: cannot copy the store: %s", storedir, qp_strerror(e));
		goto out;
	}
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		free(from);
		free(to);
		from = cstore_path(g->data, files[i][0]);
		to = cstore_path(dir, files[i][0]);
		if (from == NULL || to == NULL ||
		    copy_file(from, to, (mode_t)strtol(files[i][1], NULL, 8)) != 0) {
			cli_error(g, "%s: cannot copy: %s", files[i][0], strerror(errno));
			goto out;
		}
	}
	free(from);
	free(to);
	from = strdup(cs->config_path);
	to = cstore_path(dir, "collector.ini");
	if (from == NULL || to == NULL || copy_file(from, to, 0644) != 0) {
		cli_error(g, "%s: cannot copy: %s", cs->config_path, strerror(errno));
		goto out;
	}
	fprintf(stderr, "qp-collector: backup written to %s (use it as --data to restore)\n", dir);
	rc = EXIT_DONE;
out:
	free(from);
	free(to);
	free(storedir);
	cstore_close(&cs);
	return rc;
}
