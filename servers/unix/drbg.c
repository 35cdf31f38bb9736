/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * drbg.c - ChaCha20 (RFC 8439) and the generator built on it (drbg.h).
 * Written from the RFC's description; needs only memcpy and memset.
 */
#include <string.h>
#include "drbg.h"

static uint32_t rotl32(uint32_t x, unsigned k)
{
	return x << k | x >> (32 - k);
}

static uint32_t load32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void store32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

void chacha20_quarter(uint32_t *a, uint32_t *b, uint32_t *c, uint32_t *d)
{
	*a += *b; *d ^= *a; *d = rotl32(*d, 16);
	*c += *d; *b ^= *c; *b = rotl32(*b, 12);
	*a += *b; *d ^= *a; *d = rotl32(*d, 8);
	*c += *d; *b ^= *c; *b = rotl32(*b, 7);
}

/* Quarter round on four words of the state, by index. */
static void qr(uint32_t *x, int a, int b, int c, int d)
{
	chacha20_quarter(&x[a], &x[b], &x[c], &x[d]);
}

void chacha20_block(const uint8_t key[CHACHA20_KEY_BYTES], uint32_t counter,
		    const uint8_t nonce[CHACHA20_NONCE_BYTES], uint8_t out[CHACHA20_BLOCK_BYTES])
{
	/* "expand 32-byte k" */
	uint32_t in[16] = { 0x61707865, 0x3320646e, 0x79622d32, 0x6b206574 };
	for (int i = 0; i < 8; i++)
		in[4 + i] = load32(key + 4 * i);
	in[12] = counter;
	for (int i = 0; i < 3; i++)
		in[13 + i] = load32(nonce + 4 * i);
	uint32_t x[16];
	memcpy(x, in, sizeof(x));
	for (int round = 0; round < 20; round += 2) {
		qr(x, 0, 4, 8, 12);     /* columns */
		qr(x, 1, 5, 9, 13);
		qr(x, 2, 6, 10, 14);
		qr(x, 3, 7, 11, 15);
		qr(x, 0, 5, 10, 15);    /* diagonals */
		qr(x, 1, 6, 11, 12);
		qr(x, 2, 7, 8, 13);
		qr(x, 3, 4, 9, 14);
	}
	for (int i = 0; i < 16; i++)
		store32(out + 4 * i, x[i] + in[i]);
	drbg_wipe(x, sizeof(x));
	drbg_wipe(in, sizeof(in));
}

void drbg_wipe(void *p, size_t n)
{
	memset(p, 0, n);
	__asm__ volatile("" : : "r"(p) : "memory");     /* the stores happen */
}

void drbg_init(struct drbg *d)
{
	memset(d, 0, sizeof(*d));
}

void drbg_absorb(struct drbg *d, const void *seed, size_t n)
{
	const uint8_t *s = seed;
	uint8_t nonce[DRBG_ABSORB_CHUNK], blk[CHACHA20_BLOCK_BYTES];
	size_t off = 0;
	do {
		size_t c = n - off < sizeof(nonce) ? n - off : sizeof(nonce);
		memset(nonce, 0, sizeof(nonce));
		memcpy(nonce, s + off, c);
		chacha20_block(d->key, DRBG_ABSORB_COUNTER, nonce, blk);
		memcpy(d->key, blk, sizeof(d->key));
		off += c;
	} while (off < n);
	drbg_wipe(nonce, sizeof(nonce));
	drbg_wipe(blk, sizeof(blk));
	d->seeded = true;
	d->generated = 0;
}

/* At most DRBG_RUN_MAX bytes under one key, then the next key. */
static void generate_run(struct drbg *d, uint8_t *out, size_t n)
{
	static const uint8_t nonce[CHACHA20_NONCE_BYTES];
	uint8_t blk[CHACHA20_BLOCK_BYTES], next[CHACHA20_KEY_BYTES];
	chacha20_block(d->key, 0, nonce, blk);
	memcpy(next, blk, sizeof(next));
	size_t done = n < sizeof(blk) - sizeof(next) ? n : sizeof(blk) - sizeof(next);
	memcpy(out, blk + sizeof(next), done);
	for (uint32_t counter = 1; done < n; counter++) {
		chacha20_block(d->key, counter, nonce, blk);
		size_t c = n - done < sizeof(blk) ? n - done : sizeof(blk);
		memcpy(out + done, blk, c);
		done += c;
	}
	memcpy(d->key, next, sizeof(d->key));
	drbg_wipe(blk, sizeof(blk));
	drbg_wipe(next, sizeof(next));
}

void drbg_generate(struct drbg *d, void *out, size_t n)
{
	uint8_t *o = out;
	do {
		size_t c = n < DRBG_RUN_MAX ? n : DRBG_RUN_MAX;
		generate_run(d, o, c);
		o += c;
		n -= c;
		d->generated += c;
	} while (n);
}
