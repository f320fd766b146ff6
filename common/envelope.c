#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "envelope.h"
#include "wire.h"

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
	return 2 + 1 + wire_varint_len(site_len) + site_len + 2 + crypto_box_NONCEBYTES + 1 +
	       wire_varint_len(box_len);
}

size_t
envelope_head_max(void)
{
	return head_len(ENVELOPE_SITE_MAX, SIZE_MAX) + crypto_box_MACBYTES;
}

/* What both seals refuse before writing anything: a bad site, a message
 * too long for a box or for the frame's head. */
static int
seal_limits(const char *site, size_t len)
{
	if (!site_valid(site))
		return QP_EINVAL;
	if (len > crypto_box_MESSAGEBYTES_MAX ||
	    len > SIZE_MAX - crypto_box_MACBYTES - envelope_head_max())
		return QP_ETOOBIG;
	return QP_OK;
}

int
envelope_seal_in_place(const envelope_peer *peer, const char *site, uint8_t *plain, size_t len,
                       size_t room, uint8_t **frame, size_t *frame_len)
{
	uint8_t *p, *box, *nonce;
	size_t sl, box_len, hl;
	int rc;

	if (peer == NULL || site == NULL || plain == NULL || frame == NULL || frame_len == NULL)
		return QP_EINVAL;
	if ((rc = seal_limits(site, len)) != QP_OK)
		return rc;
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
	p += wire_varint_put(p, sl);
	memcpy(p, site, sl);
	p += sl;
	*p++ = 0x1a; /* nonce = 3 */
	*p++ = crypto_box_NONCEBYTES;
	nonce = p;
	randombytes_buf(nonce, crypto_box_NONCEBYTES);
	p += crypto_box_NONCEBYTES;
	*p++ = 0x22; /* box = 4 */
	p += wire_varint_put(p, box_len);
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
	if ((rc = seal_limits(site, len)) != QP_OK)
		return rc;
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

/* The fields of a packed envelope, pointing into its bytes. */
struct envelope_view {
	uint32_t version;
	const uint8_t *site, *nonce, *box;
	size_t site_len, nonce_len, box_len;
};

/*
 * Walks a packed qp.Envelope without copying anything (issue #18: the
 * protobuf-c unpack copied the whole box, twice per frame at the collector).
 * Reads what protobuf-c would: fields in any order, the last of a field
 * given twice, unknown fields of wire types 0, 1, 2 and 5 skipped; a known
 * field of another wire type, a group, a cut field or varint is QP_EDECODE.
 */
static int
envelope_walk(const uint8_t *buf, size_t len, struct envelope_view *v)
{
	size_t at = 0;

	memset(v, 0, sizeof(*v));
	while (at < len) {
		uint64_t tag, n = 0;
		size_t k = wire_varint_get(buf + at, len - at, &tag);
		unsigned field, wire;

		/* protobuf-c reads a field's tag in at most 5 bytes (32 bits):
		 * a longer one is no field to it, nor to the walk. */
		if (k == 0 || k > 5)
			return QP_EDECODE;
		at += k;
		field = tag >> 3 > 0xffffffffu ? 0 : (unsigned)(tag >> 3);
		wire = (unsigned)(tag & 7);
		if (field == 0)
			return QP_EDECODE;
		switch (wire) {
		case 0:
			if ((k = wire_varint_get(buf + at, len - at, &n)) == 0)
				return QP_EDECODE;
			if (field == 1)
				v->version = (uint32_t)n;
			else if (field <= 4)
				return QP_EDECODE;
			break;
		case 1:
		case 5:
			k = wire == 1 ? 8 : 4;
			if (len - at < k || (field >= 1 && field <= 4))
				return QP_EDECODE;
			break;
		case 2:
			if ((k = wire_varint_get(buf + at, len - at, &n)) == 0 || n > len - at - k)
				return QP_EDECODE;
			if (field == 1)
				return QP_EDECODE;
			if (field == 2) {
				v->site = buf + at + k;
				v->site_len = (size_t)n;
			} else if (field == 3) {
				v->nonce = buf + at + k;
				v->nonce_len = (size_t)n;
			} else if (field == 4) {
				v->box = buf + at + k;
				v->box_len = (size_t)n;
			}
			k += (size_t)n;
			break;
		default:
			return QP_EDECODE;
		}
		at += k;
	}
	return QP_OK;
}

/* Non-empty, at most ENVELOPE_SITE_MAX, printable ASCII without spaces. */
static int
site_bytes_valid(const uint8_t *site, size_t len)
{
	if (len == 0 || len > ENVELOPE_SITE_MAX)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (site[i] <= ' ' || site[i] > '~')
			return 0;
	return 1;
}

/* The checks shared by peek and open. */
static int
envelope_unpack(const uint8_t *buf, size_t len, size_t cap, struct envelope_view *v)
{
	int rc;

	if (buf == NULL && len > 0)
		return QP_EINVAL;
	if (len > cap)
		return QP_ETOOBIG;
	if (len == 0)
		return QP_EDECODE;
	if ((rc = envelope_walk(buf, len, v)) != QP_OK)
		return rc;
	if (v->version != ENVELOPE_VERSION || v->nonce_len != crypto_box_NONCEBYTES ||
	    v->box_len < crypto_box_MACBYTES || !site_bytes_valid(v->site, v->site_len))
		return QP_EDECODE;
	return QP_OK;
}

int
envelope_peek(const uint8_t *buf, size_t len, size_t cap, char *site)
{
	struct envelope_view v;
	int rc;

	if (site == NULL)
		return QP_EINVAL;
	if ((rc = envelope_unpack(buf, len, cap, &v)) != QP_OK)
		return rc;
	/* site_bytes_valid bounded it to ENVELOPE_SITE_MAX characters. */
	memcpy(site, v.site, v.site_len);
	site[v.site_len] = '\0';
	return QP_OK;
}

int
envelope_open(const envelope_peer *peer, const uint8_t *buf, size_t len,
              size_t cap, uint8_t **plain, size_t *plain_len)
{
	struct envelope_view v;
	uint8_t *out = NULL;
	size_t out_len;
	int rc;

	if (peer == NULL || plain == NULL || plain_len == NULL)
		return QP_EINVAL;
	if ((rc = envelope_unpack(buf, len, cap, &v)) != QP_OK)
		return rc;
	out_len = v.box_len - crypto_box_MACBYTES;
	/* One byte at least, so that an empty message is not a NULL result. */
	out = malloc(out_len > 0 ? out_len : 1);
	if (out == NULL)
		return QP_ENOMEM;
	if (crypto_box_open_detached_afternm(out, v.box + crypto_box_MACBYTES, v.box,
	    out_len, v.nonce, peer->shared_key) != 0) {
		free(out);
		return QP_EBADBOX;
	}
	*plain = out;
	*plain_len = out_len;
	return QP_OK;
}
