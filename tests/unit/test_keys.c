/*
 * test_keys.c: key pairs, their files and their text form.
 */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "keys.h"

struct fixture {
	char dir[PATH_MAX];
	char secret[PATH_MAX];
	char public[PATH_MAX];
};

/* out = a/b; the paths here are short, so truncation is a test failure. */
static int
join(char *out, size_t size, const char *a, const char *b)
{
	int n;

	n = snprintf(out, size, "%s/%s", a, b);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

static int
setup(void **state)
{
	struct fixture *f;

	f = calloc(1, sizeof(*f));
	if (f == NULL)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "%s/qp-test-keys-XXXXXX",
	    getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
	if (mkdtemp(f->dir) == NULL) {
		free(f);
		return -1;
	}
	*state = f;
	if (join(f->secret, sizeof(f->secret), f->dir, "site.key") != 0 ||
	    join(f->public, sizeof(f->public), f->dir, "site.pub") != 0)
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;
	char path[PATH_MAX];
	struct dirent *de;
	DIR *d;

	d = opendir(f->dir);
	if (d != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			/* A test may leave an empty directory behind. */
			if (join(path, sizeof(path), f->dir, de->d_name) == 0 &&
			    unlink(path) != 0)
				rmdir(path);
		}
		closedir(d);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

static int
group_setup(void **state)
{
	(void)state;
	return keys_init() == QP_OK ? 0 : -1;
}

/* Writes `len` bytes to `path` with `mode`, replacing it. */
static void
write_file(const char *path, const void *data, size_t len, mode_t mode)
{
	int fd;

	unlink(path);
	fd = open(path, O_CREAT | O_EXCL | O_WRONLY, mode);
	assert_true(fd >= 0);
	assert_int_equal(fchmod(fd, mode), 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	assert_int_equal(close(fd), 0);
}

static size_t
read_file(const char *path, char *buf, size_t size)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	n = read(fd, buf, size);
	assert_true(n >= 0);
	close(fd);
	return (size_t)n;
}

static mode_t
file_mode(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_mode & 07777;
}

static int
count_entries(const char *dir)
{
	struct dirent *de;
	DIR *d;
	int n = 0;

	d = opendir(dir);
	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static void
test_generate_save_load(void **state)
{
	struct fixture *f = *state;
	keypair *kp = NULL, *loaded = NULL;

	assert_int_equal(keypair_generate(&kp), QP_OK);
	assert_non_null(kp);
	assert_int_equal(keypair_save(kp, f->secret, f->public), QP_OK);
	assert_int_equal(keypair_load(f->secret, &loaded), QP_OK);
	assert_non_null(loaded);
	assert_memory_equal(keypair_public(loaded), keypair_public(kp),
	    KEY_BYTES);
	assert_memory_equal(keypair_secret(loaded), keypair_secret(kp),
	    KEY_BYTES);
	/* Only the two files: no temporary file left behind. */
	assert_int_equal(count_entries(f->dir), 2);
	keypair_destroy(&kp);
	keypair_destroy(&loaded);
	assert_null(kp);
	assert_null(loaded);
}

static void
test_two_pairs_differ(void **state)
{
	keypair *a = NULL, *b = NULL;

	(void)state;
	assert_int_equal(keypair_generate(&a), QP_OK);
	assert_int_equal(keypair_generate(&b), QP_OK);
	assert_memory_not_equal(keypair_public(a), keypair_public(b),
	    KEY_BYTES);
	assert_memory_not_equal(keypair_secret(a), keypair_secret(b),
	    KEY_BYTES);
	keypair_destroy(&a);
	keypair_destroy(&b);
}

static void
test_save_without_public(void **state)
{
	struct fixture *f = *state;
	keypair *kp = NULL;

	assert_int_equal(keypair_generate(&kp), QP_OK);
	assert_int_equal(keypair_save(kp, f->secret, NULL), QP_OK);
	assert_int_equal(count_entries(f->dir), 1);
	assert_int_equal(access(f->public, F_OK), -1);
	keypair_destroy(&kp);
}

static void
test_modes_whatever_the_umask(void **state)
{
	static const mode_t masks[] = { 0, 022, 077, 0277 };
	struct fixture *f = *state;
	keypair *kp = NULL;
	mode_t old;
	size_t i;

	assert_int_equal(keypair_generate(&kp), QP_OK);
	for (i = 0; i < sizeof(masks) / sizeof(masks[0]); i++) {
		unlink(f->secret);
		unlink(f->public);
		old = umask(masks[i]);
		assert_int_equal(keypair_save(kp, f->secret, f->public), QP_OK);
		umask(old);
		assert_int_equal(file_mode(f->secret), 0600);
		assert_int_equal(file_mode(f->public), 0644);
	}
	keypair_destroy(&kp);
}

static void
test_save_replaces(void **state)
{
	struct fixture *f = *state;
	keypair *a = NULL, *b = NULL, *loaded = NULL;

	assert_int_equal(keypair_generate(&a), QP_OK);
	assert_int_equal(keypair_generate(&b), QP_OK);
	assert_int_equal(keypair_save(a, f->secret, f->public), QP_OK);
	/* A secret file someone loosened is replaced by a 0600 one. */
	assert_int_equal(chmod(f->secret, 0644), 0);
	assert_int_equal(keypair_save(b, f->secret, f->public), QP_OK);
	assert_int_equal(file_mode(f->secret), 0600);
	assert_int_equal(keypair_load(f->secret, &loaded), QP_OK);
	assert_memory_equal(keypair_public(loaded), keypair_public(b),
	    KEY_BYTES);
	assert_int_equal(count_entries(f->dir), 2);
	keypair_destroy(&a);
	keypair_destroy(&b);
	keypair_destroy(&loaded);
}

static void
test_save_missing_dir(void **state)
{
	struct fixture *f = *state;
	char path[PATH_MAX];
	keypair *kp = NULL;

	assert_int_equal(join(path, sizeof(path), f->dir, "nodir/site.key"), 0);
	assert_int_equal(keypair_generate(&kp), QP_OK);
	assert_int_not_equal(keypair_save(kp, path, NULL), QP_OK);
	assert_int_equal(count_entries(f->dir), 0);
	keypair_destroy(&kp);
}

static void
test_failed_save_leaves_nothing(void **state)
{
	struct fixture *f = *state;
	keypair *kp = NULL;

	/* rename() onto a directory fails after the temporary is written. */
	assert_int_equal(mkdir(f->secret, 0700), 0);
	assert_int_equal(keypair_generate(&kp), QP_OK);
	assert_int_not_equal(keypair_save(kp, f->secret, f->public), QP_OK);
	assert_int_equal(count_entries(f->dir), 1);
	assert_int_equal(access(f->public, F_OK), -1);
	assert_int_equal(rmdir(f->secret), 0);
	keypair_destroy(&kp);
}

static void
test_public_file_content(void **state)
{
	struct fixture *f = *state;
	char text[KEY_TEXT_LEN + 1];
	char buf[128];
	keypair *kp = NULL;
	size_t n;

	assert_int_equal(keypair_generate(&kp), QP_OK);
	assert_int_equal(keypair_save(kp, f->secret, f->public), QP_OK);
	key_to_text(keypair_public(kp), text);
	n = read_file(f->public, buf, sizeof(buf));
	assert_int_equal(n, KEY_TEXT_LEN + 1);
	assert_memory_equal(buf, text, KEY_TEXT_LEN);
	assert_int_equal(buf[KEY_TEXT_LEN], '\n');

	/* The secret file has the same form, with the secret key. */
	key_to_text(keypair_secret(kp), text);
	n = read_file(f->secret, buf, sizeof(buf));
	assert_int_equal(n, KEY_TEXT_LEN + 1);
	assert_memory_equal(buf, text, KEY_TEXT_LEN);
	assert_int_equal(buf[KEY_TEXT_LEN], '\n');
	sodium_memzero(text, sizeof(text));
	sodium_memzero(buf, sizeof(buf));
	keypair_destroy(&kp);
}

static void
test_loose_modes_refused(void **state)
{
	static const mode_t loose[] = { 0644, 0640, 0604, 0601, 0610, 0660,
	    0666, 0700 | 004 };
	struct fixture *f = *state;
	keypair *kp = NULL, *loaded = NULL;
	size_t i;

	assert_int_equal(keypair_generate(&kp), QP_OK);
	assert_int_equal(keypair_save(kp, f->secret, NULL), QP_OK);
	for (i = 0; i < sizeof(loose) / sizeof(loose[0]); i++) {
		assert_int_equal(chmod(f->secret, loose[i]), 0);
		assert_int_equal(keypair_load(f->secret, &loaded),
		    QP_EKEYPERM);
		assert_null(loaded);
	}
	/* Owner-only modes are accepted. */
	assert_int_equal(chmod(f->secret, 0400), 0);
	assert_int_equal(keypair_load(f->secret, &loaded), QP_OK);
	keypair_destroy(&loaded);
	keypair_destroy(&kp);
}

static void
test_missing_file(void **state)
{
	struct fixture *f = *state;
	keypair *loaded = NULL;

	assert_int_equal(keypair_load(f->secret, &loaded), QP_ENOTFOUND);
	assert_null(loaded);
}

static void
test_garbage_refused(void **state)
{
	struct fixture *f = *state;
	char good[KEY_TEXT_LEN + 1];
	char buf[256];
	keypair *kp = NULL, *loaded = NULL;
	const char *bad[] = {
		"",
		"\n",
		"not a key\n",
		"-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VuBCIEIA==\n",
	};
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		write_file(f->secret, bad[i], strlen(bad[i]), 0600);
		assert_int_equal(keypair_load(f->secret, &loaded), QP_EINVAL);
		assert_null(loaded);
	}

	assert_int_equal(keypair_generate(&kp), QP_OK);
	key_to_text(keypair_secret(kp), good);

	/* Without the newline the key still loads. */
	write_file(f->secret, good, KEY_TEXT_LEN, 0600);
	assert_int_equal(keypair_load(f->secret, &loaded), QP_OK);
	assert_memory_equal(keypair_public(loaded), keypair_public(kp),
	    KEY_BYTES);
	keypair_destroy(&loaded);

	/* One character short, one too many, extra lines, CRLF, a space. */
	write_file(f->secret, good, KEY_TEXT_LEN - 1, 0600);
	assert_int_equal(keypair_load(f->secret, &loaded), QP_EINVAL);
	snprintf(buf, sizeof(buf), "%sA", good);
	write_file(f->secret, buf, strlen(buf), 0600);
	assert_int_equal(keypair_load(f->secret, &loaded), QP_EINVAL);
	snprintf(buf, sizeof(buf), "%sA\n", good);
	write_file(f->secret, buf, strlen(buf), 0600);
	assert_int_equal(keypair_load(f->secret, &loaded), QP_EINVAL);
	snprintf(buf, sizeof(buf), "%s\n%s\n", good, good);
	write_file(f->secret, buf, strlen(buf), 0600);
	assert_int_equal(keypair_load(f->secret, &loaded), QP_EINVAL);
	snprintf(buf, sizeof(buf), "%s\r\n", good);
	write_file(f->secret, buf, strlen(buf), 0600);
	assert_int_equal(keypair_load(f->secret, &loaded), QP_EINVAL);
	snprintf(buf, sizeof(buf), " %s\n", good);
	write_file(f->secret, buf, strlen(buf), 0600);
	assert_int_equal(keypair_load(f->secret, &loaded), QP_EINVAL);
	assert_null(loaded);

	/* A directory is not a key file. */
	unlink(f->secret);
	assert_int_equal(mkdir(f->secret, 0700), 0);
	assert_int_equal(keypair_load(f->secret, &loaded), QP_EINVAL);
	assert_int_equal(rmdir(f->secret), 0);

	sodium_memzero(good, sizeof(good));
	sodium_memzero(buf, sizeof(buf));
	keypair_destroy(&kp);
}

static void
test_text_round_trip(void **state)
{
	uint8_t key[KEY_BYTES], back[KEY_BYTES];
	char text[KEY_TEXT_LEN + 1];
	int i;

	(void)state;
	for (i = 0; i < 1000; i++) {
		randombytes_buf(key, sizeof(key));
		if (i == 0)
			memset(key, 0, sizeof(key));
		else if (i == 1)
			memset(key, 0xff, sizeof(key));
		memset(text, '#', sizeof(text));
		key_to_text(key, text);
		assert_int_equal(strlen(text), KEY_TEXT_LEN);
		assert_null(strpbrk(text, "+/="));
		memset(back, 0, sizeof(back));
		assert_int_equal(key_from_text(text, back), QP_OK);
		assert_memory_equal(back, key, KEY_BYTES);
	}
}

static void
test_known_text(void **state)
{
	uint8_t key[KEY_BYTES];
	char text[KEY_TEXT_LEN + 1];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(key); i++)
		key[i] = (uint8_t)(0xf8 + i);
	key_to_text(key, text);
	/* 0xfb 0xfc ... encode to '-' and '_' in the URL-safe alphabet. */
	assert_string_equal(text,
	    "-Pn6-_z9_v8AAQIDBAUGBwgJCgsMDQ4PEBESExQVFhc");
}

static void
test_text_refused(void **state)
{
	uint8_t key[KEY_BYTES], before[KEY_BYTES];
	char good[KEY_TEXT_LEN + 1];
	char buf[KEY_TEXT_LEN + 8];
	const char bad_chars[] = "+/=. \n\t*\x80\xff";
	size_t i, pos;

	(void)state;
	randombytes_buf(key, sizeof(key));
	key_to_text(key, good);
	memset(before, 0x5a, sizeof(before));

	memcpy(key, before, sizeof(key));
	assert_int_equal(key_from_text(NULL, key), QP_EINVAL);
	assert_int_equal(key_from_text("", key), QP_EINVAL);

	/* 42 characters. */
	memcpy(buf, good, KEY_TEXT_LEN - 1);
	buf[KEY_TEXT_LEN - 1] = '\0';
	assert_int_equal(key_from_text(buf, key), QP_EINVAL);
	/* 44 characters, whatever the last one. */
	snprintf(buf, sizeof(buf), "%sA", good);
	assert_int_equal(key_from_text(buf, key), QP_EINVAL);
	snprintf(buf, sizeof(buf), "%s\n", good);
	assert_int_equal(key_from_text(buf, key), QP_EINVAL);
	snprintf(buf, sizeof(buf), "%s=", good);
	assert_int_equal(key_from_text(buf, key), QP_EINVAL);
	/* Padded standard base64 length. */
	snprintf(buf, sizeof(buf), "%s==", good);
	assert_int_equal(key_from_text(buf, key), QP_EINVAL);

	/* A bad character at the start, the middle and the end. */
	for (i = 0; i < sizeof(bad_chars) - 1; i++) {
		const size_t where[] = { 0, KEY_TEXT_LEN / 2, KEY_TEXT_LEN - 1 };

		for (pos = 0; pos < 3; pos++) {
			memcpy(buf, good, sizeof(good));
			buf[where[pos]] = bad_chars[i];
			assert_int_equal(key_from_text(buf, key), QP_EINVAL);
		}
	}
	/* The key is left alone by every refusal. */
	assert_memory_equal(key, before, KEY_BYTES);

	/*
	 * 43 characters carry 258 bits: the last one's two low bits must be
	 * zero, or two texts would name the same key.
	 */
	memset(buf, 'A', KEY_TEXT_LEN);
	buf[KEY_TEXT_LEN] = '\0';
	assert_int_equal(key_from_text(buf, key), QP_OK);
	buf[KEY_TEXT_LEN - 1] = 'B';
	assert_int_equal(key_from_text(buf, key), QP_EINVAL);
	buf[KEY_TEXT_LEN - 1] = 'E';
	assert_int_equal(key_from_text(buf, key), QP_OK);
}

static void
test_destroy_null(void **state)
{
	keypair *kp = NULL;

	(void)state;
	keypair_destroy(NULL);
	keypair_destroy(&kp);
	assert_null(kp);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_generate_save_load,
		    setup, teardown),
		cmocka_unit_test(test_two_pairs_differ),
		cmocka_unit_test_setup_teardown(test_save_without_public,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_modes_whatever_the_umask,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_save_replaces,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_save_missing_dir,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_failed_save_leaves_nothing,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_public_file_content,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_loose_modes_refused,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_file,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_garbage_refused,
		    setup, teardown),
		cmocka_unit_test(test_text_round_trip),
		cmocka_unit_test(test_known_text),
		cmocka_unit_test(test_text_refused),
		cmocka_unit_test(test_destroy_null),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
