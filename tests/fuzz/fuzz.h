/*
 * fuzz.h: what the libFuzzer targets share: the entry points libFuzzer
 * calls, and fixed key pairs so that the committed seed frames open.
 *
 * The keys are test keys, public in this file on purpose: nothing but the
 * fuzzers and the seed generator (seeds.c) uses them.
 */
#ifndef QP_FUZZ_H
#define QP_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "envelope.h"

/* Secret keys in their text form (bytes 1..32, 101..132, 201..232). */
#define FUZZ_COLLECTOR_SECRET "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA"
#define FUZZ_SITE_SECRET "ZWZnaGlqa2xtbm9wcXJzdHV2d3h5ent8fX5_gIGCg4Q"
#define FUZZ_OTHER_SECRET "ycrLzM3Oz9DR0tPU1dbX2Nna29zd3t_g4eLj5OXm5-g"

/* The enrolled site the seeds speak for, and a revoked one. */
#define FUZZ_SITE "eps-paris-15"
#define FUZZ_REVOKED_SITE "eps-paris-04"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/*
 * The key pair of a secret key text, through a 0600 temporary file and
 * keypair_load. Calls keys_init. Aborts on failure: a fuzzer without its
 * keys has nothing to do.
 */
keypair *fuzz_keypair(const char *secret_text);

/* The shared key of `self` with `peer`'s public key; aborts on failure. */
envelope_peer *fuzz_peer(const keypair *self, const keypair *peer);

#endif
