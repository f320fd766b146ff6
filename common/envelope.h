/*
 * envelope.h: sealing protocol messages for the wire (SPEC §5).
 *
 * An envelope is the protobuf qp.Envelope: version, site id and a fresh
 * random 24-byte nonce in clear, and `box` = crypto_box of the packed inner
 * message between the site's pair and the collector's pair. A peer holds the
 * shared key precomputed once (crypto_box_beforenm), kept in sodium_malloc'd
 * memory and wiped on destroy; sealing and opening then use the _afternm
 * forms.
 */
#ifndef QP_ENVELOPE_H
#define QP_ENVELOPE_H

#include <stddef.h>
#include <stdint.h>

#include "domain.h"
#include "keys.h"
#include "qp_error.h"

#define ENVELOPE_VERSION 1
#define ENVELOPE_SITE_MAX DOMAIN_ID_MAX   /* the one id length */

typedef struct envelope_peer envelope_peer;

/* Precomputes the shared key of `self` and the peer's public key. */
int envelope_peer_new(const keypair *self, const uint8_t peer_public[KEY_BYTES],
                      envelope_peer **out) QP_MUST_CHECK;
void envelope_peer_destroy(envelope_peer **peer);

/*
 * Seals `len` bytes of `plain` for the peer, naming `site` in clear.
 * On success *out is a malloc'd packed envelope of *out_len bytes, owned by
 * the caller.
 */
int envelope_seal(const envelope_peer *peer, const char *site,
                  const uint8_t *plain, size_t len,
                  uint8_t **out, size_t *out_len) QP_MUST_CHECK;

/*
 * The most bytes envelope_seal_in_place writes before the plain text: the
 * envelope's fields up to the box, and the MAC.
 */
size_t envelope_head_max(void);

/*
 * Seals `len` bytes at `plain` where they lie: the ciphertext replaces
 * them and the envelope's head (fields and MAC) is written just before,
 * within the `room` bytes that precede `plain` (QP_EINVAL if too few:
 * envelope_head_max() is always enough). *frame points into that room;
 * the frame is *frame_len bytes, the same bytes envelope_seal makes.
 */
int envelope_seal_in_place(const envelope_peer *peer, const char *site, uint8_t *plain, size_t len,
                           size_t room, uint8_t **frame, size_t *frame_len) QP_MUST_CHECK;

/*
 * Reads the clear part of a packed envelope without opening it: checks the
 * size against `cap` first (QP_ETOOBIG), then the format (QP_EDECODE for a
 * bad protobuf, a wrong version, a nonce that is not 24 bytes, a site id
 * that is empty or longer than ENVELOPE_SITE_MAX). Copies the site id into
 * `site` (ENVELOPE_SITE_MAX + 1 bytes).
 */
int envelope_peek(const uint8_t *buf, size_t len, size_t cap,
                  char *site) QP_MUST_CHECK;

/*
 * Opens a packed envelope with the peer's shared key. On success *plain is a
 * malloc'd buffer of *plain_len bytes owned by the caller. QP_EBADBOX if the
 * box does not open; the errors of envelope_peek otherwise.
 */
int envelope_open(const envelope_peer *peer, const uint8_t *buf, size_t len,
                  size_t cap, uint8_t **plain, size_t *plain_len) QP_MUST_CHECK;

#endif
