/*
 * fuzz_config: config_load (inih through the line-counting reader of
 * common/config.c) on the input as a file, with an option table holding
 * every type, keys before any section, bounds and string defaults.
 *
 * config_load takes a path and reads no stream, so the input goes into a
 * memfd that is read back through /proc/self/fd: no disk, nothing left.
 *
 * Checks beyond the sanitizers: on success every value is within its
 * bounds; on failure the message is "path:..." and the struct is back to
 * the defaults with every string NULL; config_free leaves nothing behind
 * (LeakSanitizer).
 */
#define _GNU_SOURCE
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "config.h"
#include "fuzz.h"

#define KIB ((uint64_t)1024)
#define GIB (KIB * KIB * KIB)

struct fuzz_cfg {
	long long level;
	char *collector;
	char *site;
	int verbose;
	long long batch_events;
	double ratio;
	uint64_t map_max;
	uint64_t min_free;
	long long offset;
};

static const config_option table[] = {
	{ "", "level", CONFIG_INT, offsetof(struct fuzz_cfg, level),
	  0, 5, "1", "before any section" },
	{ "agent", "collector", CONFIG_STRING,
	  offsetof(struct fuzz_cfg, collector), 0, 0, "tcp://127.0.0.1:7300",
	  "a string with a default" },
	{ "agent", "site", CONFIG_STRING, offsetof(struct fuzz_cfg, site),
	  0, 0, NULL, "a string without one" },
	{ "agent", "verbose", CONFIG_BOOL, offsetof(struct fuzz_cfg, verbose),
	  0, 0, "no", "a boolean" },
	{ "sync", "batch_events", CONFIG_INT,
	  offsetof(struct fuzz_cfg, batch_events), 1, 10000, "100", "bounded" },
	{ "sync", "ratio", CONFIG_DOUBLE, offsetof(struct fuzz_cfg, ratio),
	  0.0, 1.0, "0.5", "a fraction" },
	{ "sync", "offset", CONFIG_INT, offsetof(struct fuzz_cfg, offset),
	  -9.3e18, 9.3e18, "-3", "bounds past long long" },
	{ "store", "map_max", CONFIG_SIZE, offsetof(struct fuzz_cfg, map_max),
	  0, 2e19, "64M", "bounds past 2^64" },
	{ "store", "min_free", CONFIG_SIZE,
	  offsetof(struct fuzz_cfg, min_free), (double)KIB * KIB, (double)GIB,
	  "1M", "bounded size" },
	{ NULL, NULL, CONFIG_STRING, 0, 0, 0, NULL, NULL },
};

static int fd = -1;
static char path[64];
static struct fuzz_cfg defaults;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if ((fd = memfd_create("qp-fuzz-config", 0)) < 0)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (config_defaults(table, &defaults) != 0)
		abort();
	return 0;
}

static void
check_defaults(const struct fuzz_cfg *c)
{
	if (c->collector != NULL || c->site != NULL ||
	    c->level != defaults.level || c->verbose != defaults.verbose ||
	    c->batch_events != defaults.batch_events ||
	    c->ratio != defaults.ratio || c->map_max != defaults.map_max ||
	    c->min_free != defaults.min_free || c->offset != defaults.offset)
		abort();
}

static void
check_bounds(const struct fuzz_cfg *c)
{
	if (c->level < 0 || c->level > 5 || (c->verbose != 0 && c->verbose != 1) ||
	    c->batch_events < 1 || c->batch_events > 10000 ||
	    !(c->ratio >= 0.0 && c->ratio <= 1.0) ||
	    c->min_free < KIB * KIB || c->min_free > GIB ||
	    c->collector == NULL)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_cfg c;
	char err[512];
	int e;

	if (ftruncate(fd, 0) != 0 ||
	    pwrite(fd, data, size, 0) != (ssize_t)size)
		abort();
	memset(&c, 0xa5, sizeof(c));
	e = config_load(path, table, &c, err, sizeof(err));
	if (e == 0) {
		check_bounds(&c);
	} else {
		if (e != QP_ECONFIG && e != QP_ENOMEM)
			abort();
		if (strncmp(err, path, strlen(path)) != 0)
			abort();
		check_defaults(&c);
	}
	config_free(table, &c);
	return 0;
}
