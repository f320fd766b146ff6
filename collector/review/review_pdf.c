/*
 * review_pdf.c: `report review --format pdf`, the plenary document as the
 * central team prints it, with the page numbers in its table of contents.
 *
 * Chromium prints the page number of every page (@page counter) but has no
 * target-counter() for "the page where #audits lands". So the review is
 * printed twice with Debian's chromium (headless): the first print's PDF
 * names the page of every link target of the table of contents (a named
 * destination per id; poppler's `pdfinfo -dests` lists them), the HTML is
 * written again with those numbers, and printed again. The numbers take
 * the room of placeholders in the first print so that nothing moves; the
 * second print's destinations are checked against the numbers it shows
 * (one more print if they differ, then an error).
 *
 * Everything happens in a private temporary folder removed at the end.
 */
#define _GNU_SOURCE /* nftw flags */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fileout.h"
#include "i18n.h"
#include "qp_error.h"
#include "review.h"
#include "review_pdf.h"

extern char **environ;

#define MAX_DESTS 4096
#define PASSES 3

struct dest {
	char name[96];
	int page;
};

struct dests {
	struct dest d[MAX_DESTS];
	size_t n;
	bool placeholder; /* the first print: "p. 00" everywhere */
};

static int
page_of(void *ctx, const char *id)
{
	const struct dests *ds = ctx;

	if (ds->placeholder)
		return 88; /* two digits, as wide as most page numbers */
	for (size_t i = 0; i < ds->n; i++)
		if (strcmp(ds->d[i].name, id) == 0)
			return ds->d[i].page;
	return 0;
}

/* A program on PATH, into buf; false if none. */
static bool
find_program(const char *name, char *buf, size_t len)
{
	const char *path = getenv("PATH");

	if (path == NULL || path[0] == '\0')
		path = "/usr/bin:/bin";
	while (*path != '\0') {
		size_t n = strcspn(path, ":");

		if (n > 0 && (size_t)snprintf(buf, len, "%.*s/%s", (int)n, path, name) < len &&
		    access(buf, X_OK) == 0)
			return true;
		path += n;
		if (*path == ':')
			path++;
	}
	return false;
}

/* Runs argv with stdout into out_fd (-1: /dev/null), stderr to /dev/null.
 * 0 when it exits 0. */
static int
run(char *const argv[], int out_fd)
{
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int status, e;

	if (posix_spawn_file_actions_init(&fa) != 0)
		return QP_ENOMEM;
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	if (out_fd >= 0)
		posix_spawn_file_actions_adddup2(&fa, out_fd, 1);
	else
		posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	e = posix_spawn(&pid, argv[0], &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (e != 0)
		return QP_EIO;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return QP_EIO;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : QP_EIO;
}

/* The named destinations of a PDF: `pdfinfo -dests` lines
 *    "   7 [ XYZ    0  821 null      ] "site-eps-05"". */
static int
read_dests(const char *pdfinfo, const char *pdf, const char *dir, struct dests *ds)
{
	char out[2100], line[512];
	char *argv[] = { (char *)pdfinfo, (char *)"-dests", (char *)pdf, NULL };
	FILE *fp;
	int fd, e;

	snprintf(out, sizeof(out), "%s/dests.txt", dir);
	if ((fd = open(out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) < 0)
		return QP_EIO;
	e = run(argv, fd);
	close(fd);
	if (e != 0 || (fp = fopen(out, "r")) == NULL)
		return QP_EIO;
	ds->n = 0;
	while (fgets(line, sizeof(line), fp) != NULL && ds->n < MAX_DESTS) {
		char *q1 = strchr(line, '"'), *q2 = q1 ? strrchr(line, '"') : NULL;
		int page;

		if (q2 == NULL || q2 == q1 || sscanf(line, " %d [", &page) != 1)
			continue;
		snprintf(ds->d[ds->n].name, sizeof(ds->d[ds->n].name), "%.*s", (int)(q2 - q1 - 1),
		         q1 + 1);
		ds->d[ds->n].page = page;
		ds->n++;
	}
	fclose(fp);
	return 0;
}

static bool
same_pages(const struct dests *a, const struct dests *b)
{
	if (a->n != b->n)
		return false;
	for (size_t i = 0; i < a->n; i++)
		if (page_of((void *)b, a->d[i].name) != a->d[i].page)
			return false;
	return true;
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path) == 0 || errno == ENOENT ? 0 : -1;
}

/* Copies the file `from` to `to` (fileout: whole or nothing). */
static int
copy_out(const char *from, const char *to, char *err, size_t errlen)
{
	fileout *out = NULL;
	FILE *in = fopen(from, "rb");
	char buf[65536];
	size_t n;
	int e;

	if (in == NULL) {
		snprintf(err, errlen, _("%s: %s"), from, strerror(errno));
		return QP_EIO;
	}
	if ((e = fileout_open(to, 0644, FILEOUT_REPLACE, &out)) != 0) {
		snprintf(err, errlen, _("%s: %s"), to, strerror(errno));
		fclose(in);
		return e;
	}
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, fileout_fp(out)) != n)
			break;
	e = ferror(in) || ferror(fileout_fp(out)) ? QP_EIO : 0;
	fclose(in);
	if (e != 0) {
		fileout_abort(&out);
		snprintf(err, errlen, _("%s: %s"), to, strerror(EIO));
		return e;
	}
	if ((e = fileout_commit(&out)) != 0)
		snprintf(err, errlen, _("%s: %s"), to, strerror(errno ? errno : EIO));
	return e;
}

int
review_print_pdf(const review *r, const char *path, char *err, size_t errlen)
{
	char chromium[4096], pdfinfo[4096], dir[2048], html[4200], pdf[4200], arg_pdf[4300],
	        arg_url[4300], arg_profile[4300];
	const char *tmp = getenv("TMPDIR");
	struct dests *now = NULL, *shown = NULL;
	int e = QP_EIO;

	if (!find_program("chromium", chromium, sizeof(chromium)) &&
	    !find_program("chromium-browser", chromium, sizeof(chromium))) {
		snprintf(err, errlen, "%s",
		         _("--format pdf prints with chromium, which is not installed here (Debian "
		           "package chromium); write --format html and print it from a browser"));
		return QP_ENOTFOUND;
	}
	if (!find_program("pdfinfo", pdfinfo, sizeof(pdfinfo))) {
		snprintf(err, errlen, "%s",
		         _("--format pdf reads the page numbers with pdfinfo, which is not "
		           "installed here (Debian package poppler-utils)"));
		return QP_ENOTFOUND;
	}
	if (tmp == NULL || tmp[0] != '/')
		tmp = "/tmp";
	if ((size_t)snprintf(dir, sizeof(dir), "%s/qp-review-pdf.XXXXXX", tmp) >= sizeof(dir))
		tmp = "/tmp", snprintf(dir, sizeof(dir), "/tmp/qp-review-pdf.XXXXXX");
	if (mkdtemp(dir) == NULL) {
		snprintf(err, errlen, _("%s: %s"), tmp, strerror(errno));
		return QP_EIO;
	}
	if ((now = calloc(1, sizeof(*now))) == NULL ||
	    (shown = calloc(1, sizeof(*shown))) == NULL) {
		e = QP_ENOMEM;
		snprintf(err, errlen, "%s", qp_errtext(e));
		goto out;
	}
	snprintf(html, sizeof(html), "%s/revue.html", dir);
	snprintf(pdf, sizeof(pdf), "%s/revue.pdf", dir);
	snprintf(arg_pdf, sizeof(arg_pdf), "--print-to-pdf=%s", pdf);
	snprintf(arg_url, sizeof(arg_url), "file://%s", html);
	snprintf(arg_profile, sizeof(arg_profile), "--user-data-dir=%s/profile", dir);
	shown->placeholder = true;
	for (int pass = 0; pass < PASSES; pass++) {
		char *argv[] = { chromium,
			         (char *)"--headless",
			         (char *)"--disable-gpu",
			         (char *)"--no-first-run",
			         (char *)"--disable-background-networking",
			         (char *)"--disable-component-update",
			         (char *)"--disable-sync",
			         (char *)"--no-pdf-header-footer",
			         arg_profile,
			         arg_pdf,
			         arg_url,
			         NULL,
			         NULL };
		FILE *fp = fopen(html, "w");
		int we;

		/* root has no sandbox in chromium: refused without this flag */
		if (geteuid() == 0) {
			memmove(&argv[2], &argv[1], sizeof(argv[0]) * 10);
			argv[1] = (char *)"--no-sandbox";
		}
		if (fp == NULL) {
			snprintf(err, errlen, _("%s: %s"), html, strerror(errno));
			goto out;
		}
		we = review_write_html_paged(r, fp, page_of, shown);
		if (fclose(fp) != 0 || we != 0) {
			snprintf(err, errlen, _("%s: %s"), html, strerror(EIO));
			goto out;
		}
		(void)unlink(pdf);
		if (run(argv, -1) != 0 || access(pdf, R_OK) != 0) {
			snprintf(err, errlen, _("chromium could not print the review (%s)"),
			         chromium);
			goto out;
		}
		if (read_dests(pdfinfo, pdf, dir, now) != 0 || now->n == 0) {
			snprintf(err, errlen, "%s",
			         _("pdfinfo found no page for the table of contents' entries"));
			goto out;
		}
		if (!shown->placeholder && same_pages(now, shown)) {
			e = copy_out(pdf, path, err, errlen);
			goto out;
		}
		*shown = *now; /* print again with these numbers */
		shown->placeholder = false;
	}
	snprintf(err, errlen, "%s",
	         _("the page numbers of the table of contents do not settle after three prints"));
out:
	free(now);
	free(shown);
	(void)nftw(dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	return e;
}
