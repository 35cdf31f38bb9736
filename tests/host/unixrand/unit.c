/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/host/unixrand/unit.c - host tests of unixd's random generator
 * (servers/unix/drbg.c), built with the sanitizers.  Prints one
 * "TEST unixrand/unit/<name> PASS" or "... FAIL <reason>" line per test,
 * then "DONE unit".
 *
 *   ChaCha20     the quarter round (RFC 8439 2.1.1), the block function
 *                (2.3.2) and the five block test vectors of appendix A.1
 *   the DRBG     its output and its absorbing against the construction of
 *                drbg.h recomputed here from the (tested) block function;
 *                fast key erasure; runs of DRBG_RUN_MAX; determinism and
 *                sensitivity to one bit of seed; 1 MiB of output without a
 *                repeated 16-byte block and with balanced bits
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "drbg.h"

static char why[256];
static int failures;

#define CHECK(e)                                                                        \
	do {                                                                            \
		if (!(e)) {                                                             \
			snprintf(why, sizeof(why), "line %d: %s", __LINE__, #e);        \
			return 0;                                                       \
		}                                                                       \
	} while (0)

static void hex(const char *s, uint8_t *out, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned v;
		while (*s == ' ' || *s == ':' || *s == '\n')
			s++;
		sscanf(s, "%2x", &v);
		out[i] = (uint8_t)v;
		s += 2;
	}
}

/* ---- ChaCha20 (RFC 8439) ----------------------------------------------------------------- */

static int t_quarter_round(void)
{
	uint32_t a = 0x11111111, b = 0x01020304, c = 0x9b8d6f43, d = 0x01234567;
	chacha20_quarter(&a, &b, &c, &d);
	CHECK(a == 0xea2a92f4 && b == 0xcb1cf8ce && c == 0x4581472e && d == 0x5881c4bb);
	return 1;
}

static int block_is(const char *key_hex, uint32_t counter, const char *nonce_hex,
		    const char *want_hex)
{
	uint8_t key[32], nonce[12], want[64], got[64];
	hex(key_hex, key, sizeof(key));
	hex(nonce_hex, nonce, sizeof(nonce));
	hex(want_hex, want, sizeof(want));
	memset(got, 0xa5, sizeof(got));
	chacha20_block(key, counter, nonce, got);
	return !memcmp(got, want, sizeof(want));
}

#define ZERO32 "0000000000000000000000000000000000000000000000000000000000000000"
#define ZERO12 "000000000000000000000000"

static int t_block_2_3_2(void)
{
	CHECK(block_is("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", 1,
		       "000000090000004a00000000",
		       "10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e"
		       "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e"));
	return 1;
}

static int t_block_a1(void)
{
	CHECK(block_is(ZERO32, 0, ZERO12,
		       "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7"
		       "da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586"));
	CHECK(block_is(ZERO32, 1, ZERO12,
		       "9f07e7be5551387a98ba977c732d080dcb0f29a048e3656912c6533e32ee7aed"
		       "29b721769ce64e43d57133b074d839d531ed1f28510afb45ace10a1f4b794d6f"));
	CHECK(block_is("0000000000000000000000000000000000000000000000000000000000000001", 1,
		       ZERO12,
		       "3aeb5224ecf849929b9d828db1ced4dd832025e8018b8160b82284f3c949aa5a"
		       "8eca00bbb4a73bdad192b5c42f73f2fd4e273644c8b36125a64addeb006c13a0"));
	CHECK(block_is("00ff000000000000000000000000000000000000000000000000000000000000", 2,
		       ZERO12,
		       "72d54dfbf12ec44b362692df94137f328fea8da73990265ec1bbbea1ae9af0ca"
		       "13b25aa26cb4a648cb9b9d1be65b2c0924a66c54d545ec1b7374f4872e99f096"));
	CHECK(block_is(ZERO32, 0, "000000000000000000000002",
		       "c2c64d378cd536374ae204b9ef933fcd1a8b2288b3dfa49672ab765b54ee27c7"
		       "8a970e0e955c14f3a88e741b97c286f75f8fc299e8148362fa198a39531bed6d"));
	return 1;
}

/* ---- the DRBG against its construction ----------------------------------------------------- */

static const uint8_t zero_nonce[12];

/* What drbg.h says absorbing does, from chacha20_block. */
static void model_absorb(uint8_t key[32], const uint8_t *seed, size_t n)
{
	uint8_t nonce[12], blk[64];
	size_t off = 0;
	do {
		size_t c = n - off < 12 ? n - off : 12;
		memset(nonce, 0, sizeof(nonce));
		memcpy(nonce, seed + off, c);
		chacha20_block(key, 0xffffffffu, nonce, blk);
		memcpy(key, blk, 32);
		off += c;
	} while (off < n);
}

/* What drbg.h says one run (n <= DRBG_RUN_MAX) of generating does. */
static void model_run(uint8_t key[32], uint8_t *out, size_t n)
{
	uint8_t blk[64], next[32];
	chacha20_block(key, 0, zero_nonce, blk);
	memcpy(next, blk, 32);
	size_t done = n < 32 ? n : 32;
	memcpy(out, blk + 32, done);
	for (uint32_t ctr = 1; done < n; ctr++) {
		chacha20_block(key, ctr, zero_nonce, blk);
		size_t c = n - done < 64 ? n - done : 64;
		memcpy(out + done, blk, c);
		done += c;
	}
	memcpy(key, next, 32);
}

static int t_drbg_absorb_construction(void)
{
	struct drbg d;
	uint8_t seed[29], key[32] = { 0 };
	for (size_t i = 0; i < sizeof(seed); i++)
		seed[i] = (uint8_t)(i * 7 + 1);
	drbg_init(&d);
	CHECK(!d.seeded);
	drbg_absorb(&d, seed, sizeof(seed));            /* 12 + 12 + 5, padded */
	model_absorb(key, seed, sizeof(seed));
	CHECK(d.seeded && !memcmp(d.key, key, 32));
	drbg_absorb(&d, NULL, 0);                       /* still a new key */
	model_absorb(key, seed, 0);
	CHECK(!memcmp(d.key, key, 32));
	return 1;
}

static int t_drbg_generate_construction(void)
{
	static uint8_t got[1000], want[1000];
	struct drbg d;
	uint8_t key[32] = { 0 };
	drbg_init(&d);
	drbg_absorb(&d, "seed", 4);
	model_absorb(key, (const uint8_t *)"seed", 4);
	size_t sizes[] = { 1, 16, 31, 32, 33, 96, 97, 1000, 0 };
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		drbg_generate(&d, got, sizes[i]);
		model_run(key, want, sizes[i]);
		CHECK(!memcmp(got, want, sizes[i]));
		CHECK(!memcmp(d.key, key, 32));
	}
	CHECK(d.generated == 1 + 16 + 31 + 32 + 33 + 96 + 97 + 1000);
	drbg_absorb(&d, "x", 1);
	CHECK(d.generated == 0);
	return 1;
}

/* A long request is cut into runs of DRBG_RUN_MAX, each with its own key. */
static int t_drbg_runs(void)
{
	size_t n = 2 * DRBG_RUN_MAX + 100;
	uint8_t *got = malloc(n), *want = malloc(n);
	struct drbg a, b;
	CHECK(got && want);
	drbg_init(&a);
	drbg_absorb(&a, "runs", 4);
	b = a;
	drbg_generate(&a, got, n);
	drbg_generate(&b, want, DRBG_RUN_MAX);
	drbg_generate(&b, want + DRBG_RUN_MAX, DRBG_RUN_MAX);
	drbg_generate(&b, want + 2 * DRBG_RUN_MAX, 100);
	int same = !memcmp(got, want, n) && !memcmp(a.key, b.key, 32);
	free(got);
	free(want);
	CHECK(same);
	return 1;
}

/* The key that made an output is gone, and never appears in it. */
static int t_drbg_key_erasure(void)
{
	struct drbg d;
	uint8_t before[32], out[256], again[256];
	drbg_init(&d);
	drbg_absorb(&d, "erase", 5);
	memcpy(before, d.key, 32);
	drbg_generate(&d, out, sizeof(out));
	CHECK(memcmp(before, d.key, 32) != 0);
	for (size_t i = 0; i + 32 <= sizeof(out); i++)
		CHECK(memcmp(out + i, d.key, 32) != 0 && memcmp(out + i, before, 32) != 0);
	drbg_generate(&d, again, sizeof(again));
	CHECK(memcmp(out, again, sizeof(out)) != 0);
	return 1;
}

static int t_drbg_seed_sensitivity(void)
{
	struct drbg a, b, c;
	uint8_t seed[64] = { 0 }, oa[64], ob[64], oc[64];
	drbg_init(&a);
	drbg_init(&b);
	drbg_init(&c);
	drbg_absorb(&a, seed, sizeof(seed));
	drbg_absorb(&b, seed, sizeof(seed));
	seed[63] ^= 0x80;                               /* the last chunk, one bit */
	drbg_absorb(&c, seed, sizeof(seed));
	drbg_generate(&a, oa, sizeof(oa));
	drbg_generate(&b, ob, sizeof(ob));
	drbg_generate(&c, oc, sizeof(oc));
	CHECK(!memcmp(oa, ob, sizeof(oa)));
	unsigned differ = 0;
	for (size_t i = 0; i < sizeof(oa); i++)
		differ += (unsigned)__builtin_popcount(oa[i] ^ oc[i]);
	CHECK(differ > 200 && differ < 312);            /* about half of 512 bits */
	return 1;
}

static int cmp16(const void *x, const void *y)
{
	return memcmp(x, y, 16);
}

static int t_drbg_megabyte(void)
{
	size_t n = 1u << 20;
	uint8_t *buf = malloc(n);
	struct drbg d;
	CHECK(buf);
	drbg_init(&d);
	drbg_absorb(&d, "megabyte", 8);
	for (size_t off = 0; off < n; off += 4096)
		drbg_generate(&d, buf + off, 4096);
	uint64_t ones = 0;
	for (size_t i = 0; i < n; i++)
		ones += (uint64_t)__builtin_popcount(buf[i]);
	qsort(buf, n / 16, 16, cmp16);
	int repeat = 0;
	for (size_t i = 16; i < n; i += 16)
		repeat |= !memcmp(buf + i - 16, buf + i, 16);
	free(buf);
	CHECK(!repeat);
	/* 8 Mi bits: the standard deviation is about 1448 */
	CHECK(ones > 4 * n - 20000 && ones < 4 * n + 20000);
	return 1;
}

struct unit_test {
	const char *name;
	int (*fn)(void);
};
#define T(name) { #name, t_##name }

static const struct unit_test tests[] = {
	T(quarter_round), T(block_2_3_2), T(block_a1),
	T(drbg_absorb_construction), T(drbg_generate_construction), T(drbg_runs),
	T(drbg_key_erasure), T(drbg_seed_sensitivity), T(drbg_megabyte),
};

int main(void)
{
	for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++) {
		why[0] = 0;
		if (tests[i].fn()) {
			printf("TEST unixrand/unit/%s PASS\n", tests[i].name);
		} else {
			printf("TEST unixrand/unit/%s FAIL %s\n", tests[i].name, why);
			failures++;
		}
	}
	printf("DONE unit\n");
	return failures != 0;
}
