#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "fileout.h"
#include "keys.h"

/*
 * The struct itself holds nothing secret; the secret key has its own
 * sodium_malloc'd page so that it is guarded and wiped by sodium_free.
 */
struct keypair {
	uint8_t public_key[KEY_BYTES];
	uint8_t *secret_key;
};

/* A key file holds the text, a newline, and nothing else. */
#define KEY_FILE_MAX (KEY_TEXT_LEN + 1)

int
keys_init(void)
{
	if (sodium_init() < 0)
		return QP_EIO;
	return QP_OK;
}

static int
keypair_alloc(keypair **out)
{
	keypair *kp;

	kp = calloc(1, sizeof(*kp));
	if (kp == NULL)
		return QP_ENOMEM;
	kp->secret_key = sodium_malloc(KEY_BYTES);
	if (kp->secret_key == NULL) {
		keypair_destroy(&kp);
		return QP_ENOMEM;
	}
	*out = kp;
	return QP_OK;
}

void
keypair_destroy(keypair **kp)
{
	if (kp == NULL || *kp == NULL)
		return;
	if ((*kp)->secret_key != NULL)
		sodium_free((*kp)->secret_key);
	sodium_memzero(*kp, sizeof(**kp));
	free(*kp);
	*kp = NULL;
}

int
keypair_generate(keypair **out)
{
	keypair *kp = NULL;
	int rc;

	if (out == NULL)
		return QP_EINVAL;
	rc = keypair_alloc(&kp);
	if (rc != QP_OK)
		goto out;
	if (crypto_box_keypair(kp->public_key, kp->secret_key) != 0) {
		rc = QP_EIO;
		goto out;
	}
	*out = kp;
	kp = NULL;
	rc = QP_OK;
out:
	keypair_destroy(&kp);
	return rc;
}

const uint8_t *
keypair_public(const keypair *kp)
{
	return kp->public_key;
}

const uint8_t *
keypair_secret(const keypair *kp)
{
	return kp->secret_key;
}

void
key_to_text(const uint8_t key[KEY_BYTES], char *out)
{
	sodium_bin2base64(out, KEY_TEXT_LEN + 1, key, KEY_BYTES,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
}

static int
is_base64url(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '_';
}

/*
 * Decodes exactly `len` characters. The alphabet is checked here because
 * libsodium 1.0.18 takes bytes >= 0x80 for base64 digits (signed char).
 * libsodium refuses non-zero unused bits in the last character, so every
 * key has a single accepted text.
 */
static int
key_decode(const char *text, size_t len, uint8_t key[KEY_BYTES])
{
	uint8_t bin[KEY_BYTES];
	size_t bin_len = 0, i;
	const char *end = NULL;
	int rc = QP_EINVAL;

	if (len != KEY_TEXT_LEN)
		goto out;
	for (i = 0; i < len; i++)
		if (!is_base64url((unsigned char)text[i]))
			goto out;
	if (sodium_base642bin(bin, sizeof(bin), text, len, NULL, &bin_len,
	    &end, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
		goto out;
	if (bin_len != KEY_BYTES || end != text + len)
		goto out;
	memcpy(key, bin, KEY_BYTES);
	rc = QP_OK;
out:
	sodium_memzero(bin, sizeof(bin));
	return rc;
}

int
key_from_text(const char *text, uint8_t key[KEY_BYTES])
{
	if (text == NULL || key == NULL)
		return QP_EINVAL;
	return key_decode(text, strnlen(text, KEY_TEXT_LEN + 1), key);
}

int
keypair_save(const keypair *kp, const char *secret_path,
             const char *public_path)
{
	char text[KEY_FILE_MAX + 1];
	int rc;

	if (kp == NULL || secret_path == NULL)
		return QP_EINVAL;
	key_to_text(kp->secret_key, text);
	text[KEY_TEXT_LEN] = '\n';
	rc = fileout_write(secret_path, text, KEY_FILE_MAX, 0600, FILEOUT_REPLACE);
	if (rc != QP_OK || public_path == NULL)
		goto out;
	key_to_text(kp->public_key, text);
	text[KEY_TEXT_LEN] = '\n';
	rc = fileout_write(public_path, text, KEY_FILE_MAX, 0644, FILEOUT_REPLACE);
out:
	sodium_memzero(text, sizeof(text));
	return rc;
}

/*
 * Reads at most `size` bytes; *len is what was read. One byte more than a
 * key file may hold is asked for, so that a longer file shows as too long.
 */
static int
read_up_to(int fd, char *buf, size_t size, size_t *len)
{
	ssize_t n;

	*len = 0;
	while (*len < size) {
		n = read(fd, buf + *len, size - *len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return QP_EIO;
		}
		if (n == 0)
			break;
		*len += (size_t)n;
	}
	return QP_OK;
}

int
keypair_load(const char *secret_path, keypair **out)
{
	char text[KEY_FILE_MAX + 1];
	keypair *kp = NULL;
	struct stat st;
	size_t len = 0;
	int fd = -1, rc;

	if (secret_path == NULL || out == NULL)
		return QP_EINVAL;
	fd = open(secret_path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		rc = errno == ENOENT ? QP_ENOTFOUND : QP_EIO;
		goto out;
	}
	if (fstat(fd, &st) != 0) {
		rc = QP_EIO;
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = QP_EINVAL;
		goto out;
	}
	if (st.st_mode & 077) {
		rc = QP_EKEYPERM;
		goto out;
	}
	rc = read_up_to(fd, text, sizeof(text), &len);
	if (rc != QP_OK)
		goto out;
	/* The newline is what we write; a file without one is accepted too. */
	if (len == KEY_FILE_MAX && text[KEY_TEXT_LEN] == '\n')
		len--;
	rc = keypair_alloc(&kp);
	if (rc != QP_OK)
		goto out;
	rc = key_decode(text, len, kp->secret_key);
	if (rc != QP_OK)
		goto out;
	if (crypto_scalarmult_base(kp->public_key, kp->secret_key) != 0) {
		rc = QP_EINVAL;
		goto out;
	}
	*out = kp;
	kp = NULL;
	rc = QP_OK;
out:
	sodium_memzero(text, sizeof(text));
	keypair_destroy(&kp);
	if (fd >= 0)
		close(fd);
	return rc;
}
