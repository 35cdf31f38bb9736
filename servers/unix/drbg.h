/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * drbg.h - the ChaCha20 block function (RFC 8439 section 2.3) and a
 * deterministic random bit generator built on it, behind getrandom,
 * /dev/urandom and AT_RANDOM (random.c has the entropy sources and the
 * reseeding policy).  Pure C, no allocation: host-tested with the RFC's
 * test vectors (tests/host/unixrand).
 *
 * The generator's whole state is one 256-bit ChaCha20 key.
 *   generate  "fast key erasure": the blocks of ChaCha20(key, nonce 0,
 *             counter 0, 1, ...); the first 32 bytes of the stream become
 *             the next key and are never output, the rest is output.  The
 *             key that made an output is gone when the call returns, so a
 *             later compromise of the state does not reveal earlier output.
 *             Calls are cut into runs of DRBG_RUN_MAX bytes, each with a
 *             fresh key, so a counter never reaches DRBG_ABSORB_COUNTER.
 *   absorb    for each 12 bytes of seed (the last zero-padded):
 *             key = first 32 bytes of ChaCha20(key, counter
 *             DRBG_ABSORB_COUNTER, nonce = those 12 bytes) - a cascade of
 *             the ChaCha20 PRF: with a secret key the result stays secret
 *             whatever the seed, and with a known key the seed's entropy
 *             carries into the key.  The counter value keeps absorbing and
 *             generating apart.
 */
#ifndef UNIX_DRBG_H
#define UNIX_DRBG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CHACHA20_KEY_BYTES   32
#define CHACHA20_NONCE_BYTES 12
#define CHACHA20_BLOCK_BYTES 64
#define DRBG_RUN_MAX         65536u             /* output bytes per key */
#define DRBG_ABSORB_COUNTER  0xffffffffu        /* never a generating counter */
#define DRBG_ABSORB_CHUNK    CHACHA20_NONCE_BYTES

_Static_assert(DRBG_RUN_MAX / CHACHA20_BLOCK_BYTES + 1 < DRBG_ABSORB_COUNTER,
	       "generating counters stay below the absorbing one");

/* One block of the RFC 8439 ChaCha20 function: 20 rounds over constants,
 * key, counter and nonce, plus the input, serialised little-endian. */
void chacha20_block(const uint8_t key[CHACHA20_KEY_BYTES], uint32_t counter,
		    const uint8_t nonce[CHACHA20_NONCE_BYTES], uint8_t out[CHACHA20_BLOCK_BYTES]);
/* The quarter round of RFC 8439 section 2.1 on four words (for the tests). */
void chacha20_quarter(uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d);

struct drbg {
	uint8_t key[CHACHA20_KEY_BYTES];
	bool seeded;                    /* something was absorbed */
	uint64_t generated;             /* bytes output since the last absorb */
};

/* All-zero key, not seeded. */
void drbg_init(struct drbg *d);
/* Mix n bytes of seed into the key (n may be 0: the key is still
 * replaced).  Resets `generated`. */
void drbg_absorb(struct drbg *d, const void *seed, size_t n);
/* n bytes of output; the key changes on every call. */
void drbg_generate(struct drbg *d, void *out, size_t n);
/* Zero n bytes in a way the compiler keeps. */
void drbg_wipe(void *p, size_t n);

#endif
