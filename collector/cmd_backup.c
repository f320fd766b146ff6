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
#include "fileout.h"
#include "domain.h"
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
