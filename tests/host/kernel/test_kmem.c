/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_kmem.c - the buddy allocator (kernel/kmem.c) on a host buffer.
 */
// uses: kernel/kmem.c
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "kmem.h"

#define AREA (4ul << 20)        /* 4 MiB: 64 KiB metadata, the rest in blocks */

static struct kmem_pool pool;
static void *area;

static void setup(void)
{
	free(area);
	area = aligned_alloc(1ul << KMEM_MAX_ORDER, AREA);
	kmem_pool_init(&pool, area, AREA);
}

static size_t free_bytes(void)
{
	size_t n = 0;
	for (unsigned o = KMEM_MIN_ORDER; o <= KMEM_MAX_ORDER; o++) {
		unsigned k = 0;
		for (void **b = pool.free[o]; b; b = *b)
			k++;
		n += (size_t)k << o;
	}
	return n;
}

HTEST(init_accounts_everything)
{
	setup();
	CHECK(pool.used == 0);
	CHECK(pool.total > AREA - AREA / 32);
	CHECK(pool.total <= AREA);
	CHECK(free_bytes() == pool.total);
	CHECK(pool.base >= (uintptr_t)area + AREA / 64);
}

HTEST(order_of_size)
{
	CHECK(kmem_order(1) == KMEM_MIN_ORDER);
	CHECK(kmem_order(64) == 6);
	CHECK(kmem_order(65) == 7);
	CHECK(kmem_order(PAGE_SIZE) == PAGE_SHIFT);
	CHECK(kmem_order(4097) == 13);
	CHECK(kmem_order(2ul << 20) == 21);
}

HTEST(alloc_free_every_order)
{
	setup();
	for (unsigned o = KMEM_MIN_ORDER; o <= KMEM_MAX_ORDER; o++) {
		uint8_t *b = kmem_pool_alloc(&pool, o);
		CHECK(b != NULL);
		CHECK(pool.used == (size_t)1 << o);
		CHECK(((uintptr_t)b - pool.base) % ((size_t)1 << o) == 0);
		CHECK((uintptr_t)b >= pool.base && (uintptr_t)b + ((size_t)1 << o) <= pool.base + pool.total);
		for (size_t i = 0; i < ((size_t)1 << o); i++)
			CHECK(b[i] == 0);
		memset(b, 0xa5, (size_t)1 << o);
		kmem_pool_free(&pool, b, o);
		CHECK(pool.used == 0);
	}
	CHECK(free_bytes() == pool.total);
}

HTEST(bad_orders_fail)
{
	setup();
	CHECK(kmem_pool_alloc(&pool, KMEM_MIN_ORDER - 1) == NULL);
	CHECK(kmem_pool_alloc(&pool, KMEM_MAX_ORDER + 1) == NULL);
	CHECK(pool.used == 0);
}

/* Split a 2 MiB block into 64-byte blocks, free them all: one block again. */
HTEST(split_and_merge_back)
{
	setup();
	unsigned before = 0;
	for (void **b = pool.free[KMEM_MAX_ORDER]; b; b = *b)
		before++;
	size_t n = ((size_t)1 << KMEM_MAX_ORDER) >> KMEM_MIN_ORDER;
	void **blocks = calloc(n, sizeof(void *));
	/* exhaust the small orders first so everything comes from one big block */
	uint8_t *first = kmem_pool_alloc(&pool, KMEM_MIN_ORDER);
	CHECK(first != NULL);
	kmem_pool_free(&pool, first, KMEM_MIN_ORDER);
	for (size_t i = 0; i < n; i++)
		blocks[i] = kmem_pool_alloc(&pool, KMEM_MIN_ORDER);
	uintptr_t lo = (uintptr_t)blocks[0];
	for (size_t i = 0; i < n; i++) {
		CHECK(blocks[i] != NULL);
		lo = (uintptr_t)blocks[i] < lo ? (uintptr_t)blocks[i] : lo;
	}
	for (size_t i = 0; i < n; i += 2)
		kmem_pool_free(&pool, blocks[i], KMEM_MIN_ORDER);
	for (size_t i = 1; i < n; i += 2)
		kmem_pool_free(&pool, blocks[i], KMEM_MIN_ORDER);
	free(blocks);
	CHECK(pool.used == 0);
	CHECK(free_bytes() == pool.total);
	unsigned after = 0;
	for (void **b = pool.free[KMEM_MAX_ORDER]; b; b = *b)
		after++;
	CHECK(after == before);
	for (unsigned o = KMEM_MIN_ORDER; o < KMEM_MAX_ORDER; o++)
		if (((lo - pool.base) >> KMEM_MAX_ORDER) == 0 && pool.free[o])
			CHECK(((uintptr_t)pool.free[o] - pool.base) >> KMEM_MAX_ORDER != 0);
}

HTEST(exhaustion_returns_null)
{
	setup();
	size_t n = 0;
	while (kmem_pool_alloc(&pool, PAGE_SHIFT))
		n++;
	CHECK(n == pool.total >> PAGE_SHIFT);
	CHECK(pool.used == pool.total);
	CHECK(kmem_pool_alloc(&pool, PAGE_SHIFT) == NULL);
	CHECK(kmem_pool_alloc(&pool, KMEM_MIN_ORDER) == NULL);
	CHECK(kmem_pool_alloc(&pool, KMEM_MAX_ORDER) == NULL);
}

/* Random alloc/free against a shadow map of owned bytes. */
HTEST(random_against_shadow)
{
	setup();
	enum { LIVE = 2000, STEPS = 40000 };
	static struct { uint8_t *p; unsigned order; } live[LIVE];
	uint8_t *shadow = calloc(pool.total / 64, 1);
	unsigned nlive = 0;
	uint64_t x = 88172645463325252ull;
	size_t used = 0;
	memset(live, 0, sizeof(live));
	for (unsigned step = 0; step < STEPS; step++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		bool do_alloc = nlive == 0 || (nlive < LIVE && (x & 3) != 0 && (x >> 8) % 3);
		if (do_alloc) {
			unsigned order = KMEM_MIN_ORDER + (unsigned)((x >> 20) % ((x >> 40) % 4 ? 7 : 16));
			uint8_t *p = kmem_pool_alloc(&pool, order);
			if (!p)
				continue;
			size_t size = (size_t)1 << order, u0 = ((uintptr_t)p - pool.base) / 64;
			CHECK(((uintptr_t)p - pool.base) % size == 0);
			CHECK((uintptr_t)p + size <= pool.base + pool.total);
			for (size_t u = u0; u < u0 + size / 64; u++) {
				CHECK(shadow[u] == 0);  /* no overlap with a live block */
				shadow[u] = 1;
			}
			memset(p, (int)(step & 0xff), size);
			live[nlive].p = p;
			live[nlive].order = order;
			nlive++;
			used += size;
		} else {
			unsigned i = (unsigned)((x >> 16) % nlive);
			size_t size = (size_t)1 << live[i].order, u0 = ((uintptr_t)live[i].p - pool.base) / 64;
			for (size_t u = u0; u < u0 + size / 64; u++)
				shadow[u] = 0;
			kmem_pool_free(&pool, live[i].p, live[i].order);
			live[i] = live[--nlive];
			used -= size;
		}
		CHECK(pool.used == used);
	}
	while (nlive) {
		nlive--;
		kmem_pool_free(&pool, live[nlive].p, live[nlive].order);
	}
	free(shadow);
	CHECK(pool.used == 0);
	CHECK(free_bytes() == pool.total);
}

/* An area whose size is not a power of two: blocks never cross its end. */
HTEST(odd_sized_area)
{
	free(area);
	area = aligned_alloc(PAGE_SIZE, 1000 * 1024);
	kmem_pool_init(&pool, area, 1000 * 1024);
	CHECK(free_bytes() == pool.total);
	size_t n = 0;
	uint8_t *p;
	while ((p = kmem_pool_alloc(&pool, KMEM_MIN_ORDER))) {
		CHECK((uintptr_t)p + 64 <= (uintptr_t)area + 1000 * 1024);
		n++;
	}
	CHECK(n * 64 == pool.total);
}
