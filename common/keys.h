/*
 * keys.h: X25519 key pairs for crypto_box, their files and their text form.
 *
 * A secret key lives in sodium_malloc'd memory, is wiped when the pair is
 * destroyed and is never logged. Secret key files are written with mode 0600
 * and refused at load time (QP_EKEYPERM) if group or others may read them.
 *
 * Text form of a public key: the 32 bytes in URL-safe base64 without
 * padding, 43 characters. Secret key files hold the same text form of the
 * secret key and a newline.
 */
#ifndef QP_KEYS_H
#define QP_KEYS_H

#include <stddef.h>
#include <stdint.h>

#include "qp_error.h"

#define KEY_BYTES 32
#define KEY_TEXT_LEN 43           /* without the NUL */

typedef struct keypair keypair;

/* sodium_init(); call once before anything else here. 0 or QP_EIO. */
int keys_init(void) QP_MUST_CHECK;

/* A fresh pair; the caller owns *out and frees it with keypair_destroy. */
int keypair_generate(keypair **out) QP_MUST_CHECK;
/*
 * Writes the secret key to `secret_path` (created with mode 0600, replaced
 * atomically through a temporary file and rename) and, if public_path is not
 * NULL, the public key text and a newline to `public_path` (mode 0644).
 */
int keypair_save(const keypair *kp, const char *secret_path,
                 const char *public_path) QP_MUST_CHECK;
/*
 * Loads a pair from its secret key file. QP_ENOTFOUND if missing,
 * QP_EKEYPERM if group/other bits are set, QP_EINVAL if the content is not a
 * key.
 */
int keypair_load(const char *secret_path, keypair **out) QP_MUST_CHECK;
/* Wipes and frees; takes NULL; sets *kp to NULL. */
void keypair_destroy(keypair **kp);

/* Borrowed until keypair_destroy. */
const uint8_t *keypair_public(const keypair *kp);
const uint8_t *keypair_secret(const keypair *kp);

/* out must hold KEY_TEXT_LEN + 1 bytes. */
void key_to_text(const uint8_t key[KEY_BYTES], char *out);
/* Strict: exactly KEY_TEXT_LEN characters of the alphabet. */
int key_from_text(const char *text, uint8_t key[KEY_BYTES]) QP_MUST_CHECK;

#endif
