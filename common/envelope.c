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

static size_t
varint_len(uint64_t v)
{
	size_t n = 1;

	while (v >= 0x80) {
		v >>= 7;
		n++;
	}
	return n;
}

static uint8_t *
varint_put(uint8_t *p, uint64_t v)
{
	while (v >= 0x80) {
		*p++ = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	*p++ = (uint8_t)v;
	return p;
}

/*
 * The bytes of a packed qp.Envelope before its box's content: version
 * (field 1, varint), site (2), nonce (3, 24 bytes), then the box's tag and
 * length (4); the box itself is the MAC then the ciphertext, as
 * crypto_box_easy lays it out. This is what qp__envelope__pack writes for
 * these fields (proto3, fields in order, none at its default).
 */
static size_t
head_len(size_t site_len, size_t box_len)
{
	return 2 + 1 + varint_len(site_len) + site_len + 2 + crypto_box_NONCEBYTES + 1 +
	       varint_len(box_len);
}

size_t
envelope_head_max(void)
{
	return head_len(ENVELOPE_SITE_MAX, SIZE_MAX) + crypto_box_MACBYTES;
}

int
envelope_seal_in_place(const envelope_peer *peer, const char *site, uint8_t *plain, size_t len,
                       size_t room, uint8_t **frame, size_t *frame_len)
{
	uint8_t *p, *box, *nonce;
	size_t sl, box_len, hl;

	if (peer == NULL || site == NULL || plain == NULL || frame == NULL || frame_len == NULL)
		return QP_EINVAL;
	if (!site_valid(site))
		return QP_EINVAL;
	if (len > crypto_box_MESSAGEBYTES_MAX ||
	    len > SIZE_MAX - crypto_box_MACBYTES - envelope_head_max())
		return QP_ETOOBIG;
	sl = strlen(site);
	box_len = len + crypto_box_MACBYTES;
	hl = head_len(sl, box_len);
	if (room < hl + crypto_box_MACBYTES)
		return QP_EINVAL;
	box = plain - crypto_box_MACBYTES;
	p = box - hl;
	*frame = p;
	*frame_len = hl + box_len;
	*p++ = 0x08; /* version = 1, varint */
	*p++ = ENVELOPE_VERSION;
	*p++ = 0x12; /* site = 2 */
	p = varint_put(p, sl);
	memcpy(p, site, sl);
	p += sl;
	*p++ = 0x1a; /* nonce = 3 */
	*p++ = crypto_box_NONCEBYTES;
	nonce = p;
	randombytes_buf(nonce, crypto_box_NONCEBYTES);
	p += crypto_box_NONCEBYTES;
	*p++ = 0x22; /* box = 4 */
	p = varint_put(p, box_len);
	/* In place: the ciphertext overwrites the plain text, the MAC goes
	 * just before it (crypto_box_easy's layout). */
	if (crypto_box_detached_afternm(plain, box, plain, len, nonce, peer->shared_key) != 0)
		return QP_EIO;
	return QP_OK;
}

int
envelope_seal(const envelope_peer *peer, const char *site, const uint8_t *plain, size_t len,
              uint8_t **out, size_t *out_len)
{
	uint8_t *buf = NULL, *frame;
	size_t room;
	int rc;

	if (peer == NULL || site == NULL || out == NULL || out_len == NULL ||
	    (plain == NULL && len > 0))
		return QP_EINVAL;
	if (!site_valid(site))
		return QP_EINVAL;
	if (len > crypto_box_MESSAGEBYTES_MAX ||
	    len > SIZE_MAX - crypto_box_MACBYTES - envelope_head_max())
		return QP_ETOOBIG;
	/* The exact head, so that the frame starts where the block does. */
	room = head_len(strlen(site), len + crypto_box_MACBYTES) + crypto_box_MACBYTES;
	buf = malloc(room + len + 1);
	if (buf == NULL)
		return QP_ENOMEM;
	if (len > 0)
		memcpy(buf + room, plain, len);
	rc = envelope_seal_in_place(peer, site, buf + room, len, room, &frame, out_len);
	if (rc != QP_OK) {
		free(buf);
		return rc;
	}
	*out = buf;
	return QP_OK;
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
