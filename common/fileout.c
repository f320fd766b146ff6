/*
 * fileout.c: atomic file replacement.
 */
#include "fileout.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct fileout {
	char *path;
	char *tmp;
	char *dir;
	FILE *fp;
	int flags;
};

/* The directory holding `path`, malloc'd: "." for a bare name. */
static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t len;
	char *dir;

	if (slash == NULL)
		return strdup(".");
	len = slash == path ? 1 : (size_t)(slash - path);
	if ((dir = malloc(len + 1)) == NULL)
		return NULL;
	memcpy(dir, path, len);
	dir[len] = '\0';
	return dir;
}

/* Makes a rename in `dir` durable. */
static int
sync_dir(const char *dir)
{
	int fd, rc = QP_OK;

	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return QP_EIO;
	if (fsync(fd) != 0 && errno != EINVAL)
		rc = QP_EIO;
	close(fd);
	return rc;
}

static void
release(fileout **fp)
{
	fileout *f = *fp;

	free(f->path);
	free(f->tmp);
	free(f->dir);
	free(f);
	*fp = NULL;
}

int
fileout_open(const char *path, mode_t mode, int flags, fileout **out)
{
	static const char suffix[] = ".tmp.XXXXXX";
	fileout *f;
	size_t len = strlen(path);
	int fd, saved;

	*out = NULL;
	if ((f = calloc(1, sizeof(*f))) == NULL)
		return QP_ENOMEM;
	f->flags = flags;
	f->path = strdup(path);
	f->dir = dir_of(path);
	f->tmp = malloc(len + sizeof(suffix));
	if (f->path == NULL || f->dir == NULL || f->tmp == NULL) {
		release(&f);
		return QP_ENOMEM;
	}
	memcpy(f->tmp, path, len);
	memcpy(f->tmp + len, suffix, sizeof(suffix));
	if ((fd = mkstemp(f->tmp)) < 0) {
		saved = errno;
		release(&f);
		errno = saved;
		return saved == ENOENT ? QP_ENOTFOUND : QP_EIO;
	}
	/* mkstemp made it 0600; set the mode meant, before any byte. */
	if (fchmod(fd, mode) != 0 || (f->fp = fdopen(fd, "w")) == NULL) {
		saved = errno;
		close(fd);
		unlink(f->tmp);
		release(&f);
		errno = saved;
		return QP_EIO;
	}
	*out = f;
	return 0;
}

FILE *
fileout_fp(const fileout *f)
{
	return f->fp;
}

void
fileout_abort(fileout **fp)
{
	if (fp == NULL || *fp == NULL)
		return;
	fclose((*fp)->fp);
	unlink((*fp)->tmp);
	release(fp);
}

int
fileout_commit(fileout **fp)
{
	fileout *f = *fp;
	int rc = 0, saved = 0;

	if (fflush(f->fp) != 0 || ferror(f->fp) || fsync(fileno(f->fp)) != 0) {
		saved = errno ? errno : EIO;
		rc = QP_EIO;
	}
	if (fclose(f->fp) != 0 && rc == 0) {
		saved = errno;
		rc = QP_EIO;
	}
	if (rc == 0 && (f->flags & FILEOUT_EXCL)) {
		/* link() refuses an existing target, a dangling link included. */
		if (link(f->tmp, f->path) != 0) {
			saved = errno;
			rc = saved == EEXIST ? QP_EEXIST : QP_EIO;
		}
	} else if (rc == 0 && rename(f->tmp, f->path) != 0) {
		saved = errno;
		rc = QP_EIO;
	}
	if (rc != 0 || (f->flags & FILEOUT_EXCL))
		unlink(f->tmp);
	if (rc == 0 && sync_dir(f->dir) != 0) {
		saved = errno;
		rc = QP_EIO;
	}
	release(fp);
	if (rc != 0)
		errno = saved;
	return rc;
}

int
fileout_write(const char *path, const void *data, size_t len, mode_t mode, int flags)
{
	fileout *f = NULL;
	int rc;

	if ((rc = fileout_open(path, mode, flags, &f)) != 0)
		return rc;
	if (len > 0 && fwrite(data, 1, len, fileout_fp(f)) != len) {
		int saved = errno;
		fileout_abort(&f);
		errno = saved;
		return QP_EIO;
	}
	return fileout_commit(&f);
}

char *
fileout_join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);

	if (p != NULL)
		snprintf(p, n, "%s/%s", dir, name);
	return p;
}
