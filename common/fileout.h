/*
 * fileout.h: the one way the programs write a file: a temporary file in
 * the target's directory (mkstemp: created exclusively, so never through a
 * planted link), written, fsync'd, then renamed over the target (rename
 * replaces a link at the target, never writes through it) and the
 * directory fsync'd. A reader sees the old file or the whole new one; a
 * crash leaves at worst a stray temporary "NAME.tmp.XXXXXX".
 *
 * FILEOUT_EXCL refuses an existing target (QP_EEXIST) instead of replacing
 * it: the file appears complete or not at all (init, backup).
 *
 * The handle belongs to one thread; different handles are independent.
 */
#ifndef QP_FILEOUT_H
#define QP_FILEOUT_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "qp_error.h"

enum fileout_flags {
	FILEOUT_REPLACE = 0,
	FILEOUT_EXCL = 1,
};

typedef struct fileout fileout;

/*
 * Starts writing `path` with permissions `mode` (whatever the umask).
 * QP_ENOTFOUND when the directory does not exist, QP_EIO otherwise (errno
 * tells why), QP_ENOMEM.
 */
int fileout_open(const char *path, mode_t mode, int flags, fileout **out) QP_MUST_CHECK;

/* The stream to write to, borrowed until commit or abort. */
FILE *fileout_fp(const fileout *f);

/*
 * Flushes, syncs and puts the file in place; frees *f and sets it to NULL
 * in every case. 0; QP_EEXIST (FILEOUT_EXCL and the target exists);
 * QP_EIO with errno set (a write failed earlier or now). On failure the
 * target is untouched and the temporary removed; a failed sync of the
 * directory after the rename is still QP_EIO, the new file in place.
 */
int fileout_commit(fileout **f) QP_MUST_CHECK;

/* Drops the temporary file; takes NULL. */
void fileout_abort(fileout **f);

/* "dir/name", malloc'd (the caller frees), or NULL. */
char *fileout_join(const char *dir, const char *name);

/* The whole of `data` as `path` in one call (open, write, commit). */
int
fileout_write(const char *path, const void *data, size_t len, mode_t mode, int flags) QP_MUST_CHECK;

#endif
