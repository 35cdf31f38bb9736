/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * random.c - random bytes for getrandom, /dev/urandom and AT_RANDOM.
 *
 * From the CPU's RDRAND where it has one (CPUID.1:ECX bit 30; QEMU's "max"
 * CPU model and most hardware); otherwise from a ChaCha-like mixing of the
 * TSC's low bits, which is not cryptographic and is logged once at start:
 * a virtio-rng driver in the driver framework is the way out (docs/UNIX.md).
 */
#include "unixd.h"
#include "exec.h"

static int have_rdrand = -1;
static uint64_t pool[4];

static bool cpu_rdrand(void)
{
	uint32_t a = 1, b, c = 0, d;
	__asm__ volatile("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	return (c >> 30) & 1;
}

static bool rdrand64(uint64_t *v)
{
	for (int i = 0; i < 10; i++) {
		unsigned char ok;
		__asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok));
		if (ok)
			return true;
	}
	return false;
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* xoshiro256** over a pool stirred with the TSC at every call */
static uint64_t weak64(void)
{
	uint64_t tsc = tsc_read();
	pool[0] ^= tsc;
	pool[3] ^= rotl(tsc, 29) * 0x9e3779b97f4a7c15ull;
	uint64_t r = rotl(pool[1] * 5, 7) * 9, t = pool[1] << 17;
	pool[2] ^= pool[0], pool[3] ^= pool[1], pool[1] ^= pool[2], pool[0] ^= pool[3];
	pool[2] ^= t, pool[3] = rotl(pool[3], 45);
	return r;
}

void unix_random(void *buf, size_t n)
{
	if (have_rdrand < 0) {
		have_rdrand = cpu_rdrand();
		pool[1] = 0x243f6a8885a308d3ull ^ tsc_read();
		if (!have_rdrand)
			uprintf("unixd: no RDRAND: random numbers are not cryptographically strong\n");
	}
	uint8_t *p = buf;
	while (n) {
		uint64_t v;
		if (!have_rdrand || !rdrand64(&v))
			v = weak64();
		size_t c = n < 8 ? n : 8;
		memcpy(p, &v, c);
		p += c, n -= c;
	}
}
