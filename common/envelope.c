#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "envelope.h"
#include "qualiparis.pb-c.h"

struct envelope_peer {
	uint8_t *shared_key;            /* sodium_malloc'd */
};

int
envelope_peer_new(const keypair *self, const uint8_t peer_public[KEY_BYTES],
                  envelope_peer **out)
{
	envelope_peer *peer = NULL;
	int rc;

	if (self == NULL || peer_public == NULL || out == NULL)
		return QP_EINVAL;
	peer = calloc(1, sizeof(*peer));
	if (peer == NULL) {
		rc = QP_ENOMEM;
		goto out;
	}
	peer->shared_key = sodium_malloc(crypto_box_BEFORENMBYTES);
	if (peer->shared_key == NULL) {
		rc = QP_ENOMEM;
		goto out;
	}
	/* Fails for a low-order public key, which no honest peer has. */
	if (crypto_box_beforenm(peer->shared_key, peer_public,
	    keypair_secret(self)) != 0) {
		rc = QP_EINVAL;
		goto out;
	}
	*out = peer;
	peer = NULL;
	rc = QP_OK;
out:
	envelope_peer_destroy(&peer);
	return rc;
}

void
envelope_peer_destroy(envelope_peer **peer)
{
	if (peer == NULL || *peer == NULL)
		return;
	if ((*peer)->shared_key != NULL)
		sodium_free((*peer)->shared_key);
	free(*peer);
	*peer = NULL;
}

/* Non-empty, at most ENVELOPE_SITE_MAX, printable ASCII without spaces. */
static int
site_valid(const char *site)
{
	size_t i;

	for (i = 0; site[i] != '\0'; i++) {
		unsigned char c = (unsigned char)site[i];

		if (i == ENVELOPE_SITE_MAX || c <= ' ' || c > '~')
			return 0;
	}
	return i > 0;
}

int
envelope_seal(const envelope_peer *peer, const char *site,
              const uint8_t *plain, size_t len,
              uint8_t **out, size_t *out_len)
{
	Qp__Envelope env = QP__ENVELOPE__INIT;
	static const uint8_t empty[1];
	uint8_t nonce[crypto_box_NONCEBYTES];
	uint8_t *box = NULL, *buf = NULL;
	size_t box_len, buf_len;
	int rc;

	if (peer == NULL || site == NULL || out == NULL || out_len == NULL ||
	    (plain == NULL && len > 0))
		return QP_EINVAL;
	if (!site_valid(site))
		return QP_EINVAL;
	if (len > crypto_box_MESSAGEBYTES_MAX ||
	    len > SIZE_MAX - crypto_box_MACBYTES)
		return QP_ETOOBIG;
	if (plain == NULL)
		plain = empty;

	box_len = len + crypto_box_MACBYTES;
	box = malloc(box_len);
	if (box == NULL) {
		rc = QP_ENOMEM;
		goto out;
	}
	randombytes_buf(nonce, sizeof(nonce));
	if (crypto_box_easy_afternm(box, plain, len, nonce,
	    peer->shared_key) != 0) {
		rc = QP_EIO;
		goto out;
	}

	env.version = ENVELOPE_VERSION;
	env.site = (char *)site;
	env.nonce.data = nonce;
	env.nonce.len = sizeof(nonce);
	env.box.data = box;
	env.box.len = box_len;
	buf_len = qp__envelope__get_packed_size(&env);
	buf = malloc(buf_len);
	if (buf == NULL) {
		rc = QP_ENOMEM;
		goto out;
	}
	if (qp__envelope__pack(&env, buf) != buf_len) {
		rc = QP_EIO;
		goto out;
	}
	*out = buf;
	*out_len = buf_len;
	buf = NULL;
	rc = QP_OK;
out:
	free(buf);
	free(box);
	return rc;
}

/*
 * The checks shared by peek and open. On success *out is the unpacked
 * envelope; the caller frees it with qp__envelope__free_unpacked.
 */
static int
envelope_unpack(const uint8_t *buf, size_t len, size_t cap,
                Qp__Envelope **out)
{
	Qp__Envelope *env = NULL;
	int rc;

	if (buf == NULL && len > 0)
		return QP_EINVAL;
	if (len > cap)
		return QP_ETOOBIG;
	if (len == 0)
		return QP_EDECODE;
	env = qp__envelope__unpack(NULL, len, buf);
	if (env == NULL) {
		rc = QP_EDECODE;
		goto out;
	}
	if (env->version != ENVELOPE_VERSION ||
	    env->nonce.len != crypto_box_NONCEBYTES ||
	    env->box.len < crypto_box_MACBYTES ||
	    env->site == NULL || !site_valid(env->site)) {
		rc = QP_EDECODE;
		goto out;
	}
	*out = env;
	env = NULL;
	rc = QP_OK;
out:
	if (env != NULL)
		qp__envelope__free_unpacked(env, NULL);
	return rc;
}

int
envelope_peek(const uint8_t *buf, size_t len, size_t cap, char *site)
{
	Qp__Envelope *env = NULL;
	int rc;

	if (site == NULL)
		return QP_EINVAL;
	rc = envelope_unpack(buf, len, cap, &env);
	if (rc != QP_OK)
		goto out;
	/* site_valid() bounded it to ENVELOPE_SITE_MAX characters. */
	strcpy(site, env->site);
out:
	if (env != NULL)
		qp__envelope__free_unpacked(env, NULL);
	return rc;
}

int
envelope_open(const envelope_peer *peer, const uint8_t *buf, size_t len,
              size_t cap, uint8_t **plain, size_t *plain_len)
{
	Qp__Envelope *env = NULL;
	uint8_t *out = NULL;
	size_t out_len;
	int rc;

	if (peer == NULL || plain == NULL || plain_len == NULL)
		return QP_EINVAL;
	rc = envelope_unpack(buf, len, cap, &env);
	if (rc != QP_OK)
		goto out;
	out_len = env->box.len - crypto_box_MACBYTES;
	/* One byte at least, so that an empty message is not a NULL result. */
	out = malloc(out_len > 0 ? out_len : 1);
	if (out == NULL) {
		rc = QP_ENOMEM;
		goto out;
	}
	if (crypto_box_open_easy_afternm(out, env->box.data, env->box.len,
	    env->nonce.data, peer->shared_key) != 0) {
		rc = QP_EBADBOX;
		goto out;
	}
	*plain = out;
	*plain_len = out_len;
	out = NULL;
	rc = QP_OK;
out:
	free(out);
	if (env != NULL)
		qp__envelope__free_unpacked(env, NULL);
	return rc;
}
