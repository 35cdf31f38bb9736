/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_malloc.c - the heap: sizes and alignment, reuse and coalescing,
 * realloc, calloc overflow, exhaustion of a small page source, bad frees,
 * concurrent use.
 */
#include "rttest.h"

static const size_t sizes[] = { 0, 1, 15, 16, 17, 31, 48, 100, 1000, 4095, 4096, 10000,
                                100000, 1 << 20 };
#define NSIZES ARRAY_SIZE(sizes)

const char *rt_malloc_sizes(void)
{
	unsigned char *p[NSIZES];
	struct urt_heap_stats before, after;
	urt_heap_stats(&urt_heap_default, &before);
	for (unsigned i = 0; i < NSIZES; i++) {
		p[i] = malloc(sizes[i]);
		CHECK(p[i] != NULL);
		CHECK(((uintptr_t)p[i] & 15) == 0);
		memset(p[i], 0x40 + i, sizes[i]);
	}
	/* No block overlaps another: every byte still holds its own pattern. */
	for (unsigned i = 0; i < NSIZES; i++)
		for (size_t k = 0; k < sizes[i]; k++)
			CHECK(p[i][k] == 0x40 + i);
	CHECK(urt_heap_check(&urt_heap_default) == URT_OK);
	for (unsigned i = 0; i < NSIZES; i++)
		free(p[i]);
	urt_heap_stats(&urt_heap_default, &after);
	CHECK(after.nalloc == before.nalloc);
	CHECK(after.bytes_used == before.bytes_used);
	CHECK(malloc(SIZE_MAX) == NULL);
	CHECK(malloc(SIZE_MAX / 2 + 1) == NULL);
	return urt_heap_check(&urt_heap_default) ? "heap check failed" : NULL;
}

const char *rt_malloc_reuse(void)
{
	void *p = malloc(100);
	free(p);
	void *q = malloc(100);
	CHECK(q == p);                  /* the freed block is found again */
	free(q);
	/* three neighbours, freed in an order that needs both merges */
	char *a = malloc(1000), *b = malloc(1000), *c = malloc(1000), *guard = malloc(16);
	CHECK(a && b && c && guard);
	CHECK(b > a && c > b);
	free(a);
	free(c);
	free(b);
	char *big = malloc(2900);
	CHECK(big == a);                /* a+b+c merged into one free chunk */
	free(big);
	free(guard);
	return urt_heap_check(&urt_heap_default) ? "heap check failed" : NULL;
}

const char *rt_malloc_realloc(void)
{
	unsigned char *p = realloc(NULL, 50);
	CHECK(p != NULL);
	for (int i = 0; i < 50; i++)
		p[i] = (unsigned char)i;
	unsigned char *q = realloc(p, 5000);
	CHECK(q != NULL);
	for (int i = 0; i < 50; i++)
		CHECK(q[i] == i);
	unsigned char *r = realloc(q, 20);
	CHECK(r == q);                  /* shrinking stays in place */
	for (int i = 0; i < 20; i++)
		CHECK(r[i] == i);
	/* growing into a free successor stays in place */
	unsigned char *s = malloc(64), *t = malloc(2000), *u = malloc(64);
	CHECK(s && t && u);
	free(t);
	CHECK(realloc(s, 1500) == s);
	CHECK(realloc(r, 0) == NULL);   /* frees */
	CHECK(realloc(s, SIZE_MAX) == NULL);
	CHECK(s[0] == s[0]);            /* s still valid after a failed realloc */
	free(s);
	free(u);
	return urt_heap_check(&urt_heap_default) ? "heap check failed" : NULL;
}

const char *rt_malloc_calloc(void)
{
	CHECK(calloc(SIZE_MAX / 2, 3) == NULL);         /* n * size overflows */
	CHECK(calloc((size_t)1 << 33, (size_t)1 << 33) == NULL);
	unsigned char *p = malloc(256);
	memset(p, 0xff, 256);
	free(p);
	unsigned char *q = calloc(16, 16);
	CHECK(q != NULL);
	for (int i = 0; i < 256; i++)
		CHECK(q[i] == 0);
	free(q);
	return NULL;
}

/* ---- exhaustion: a heap over a page source of FAKE_PAGES pages ------------------ */

#define FAKE_PAGES 16
static _Alignas(4096) unsigned char fake_mem[FAKE_PAGES * 4096];
static size_t fake_used, fake_calls;

static void *fake_source(size_t pages)
{
	fake_calls++;
	if (fake_used + pages > FAKE_PAGES)
		return NULL;
	void *p = fake_mem + fake_used * 4096;
	fake_used += pages;
	return p;
}

const char *rt_malloc_exhaustion(void)
{
	static struct urt_heap h = URT_HEAP_INIT(fake_source);
	static void *blocks[100];
	h.grow_pages = 4;
	unsigned n = 0;
	while (n < 100 && (blocks[n] = urt_heap_alloc(&h, 1000)) != NULL)
		n++;
	CHECK(n >= 50 && n < 66);       /* 64 KiB of 1 KiB blocks, minus overhead */
	CHECK(fake_used == FAKE_PAGES);
	CHECK(urt_heap_alloc(&h, 1000) == NULL);
	CHECK(urt_heap_alloc(&h, 1 << 20) == NULL);
	CHECK(urt_heap_check(&h) == URT_OK);
	for (unsigned i = 0; i < n; i += 2)
		urt_heap_free(&h, blocks[i]);
	void *again = urt_heap_alloc(&h, 900);
	CHECK(again != NULL);           /* freed memory is usable again */
	urt_heap_free(&h, again);
	for (unsigned i = 1; i < n; i += 2)
		urt_heap_free(&h, blocks[i]);
	struct urt_heap_stats st;
	urt_heap_stats(&h, &st);
	CHECK(st.nalloc == 0 && st.bytes_used == 0);
	CHECK(st.bytes_source == FAKE_PAGES * 4096);
	void *big = urt_heap_alloc(&h, 3 * 4096);   /* merged back into large chunks */
	CHECK(big != NULL);
	urt_heap_free(&h, big);
	return urt_heap_check(&h) ? "heap check failed" : NULL;
}

const char *rt_malloc_bad_free(void)
{
	struct urt_heap *h = &urt_heap_default;
	struct urt_heap_stats st0, st1;
	char local[32];
	urt_heap_stats(h, &st0);
	char *p = malloc(64), *q = malloc(64);
	CHECK(p && q);
	CHECK(urt_heap_free(h, p + 16) == URT_EINVAL);  /* inside a block */
	CHECK(urt_heap_free(h, p + 3) == URT_EINVAL);   /* misaligned */
	CHECK(urt_heap_free(h, local) == URT_EINVAL);   /* not the heap */
	CHECK(urt_heap_free(h, p) == URT_OK);
	CHECK(urt_heap_free(h, p) == URT_EINVAL);       /* double free */
	uint64_t *hdr = (uint64_t *)q - 2, saved = hdr[1];
	hdr[1] ^= 0x100;                                /* overwritten header */
	CHECK(urt_heap_free(h, q) == URT_EINVAL);
	CHECK(realloc(q, 100) == NULL);
	hdr[1] = saved;
	CHECK(urt_heap_free(h, q) == URT_OK);
	urt_heap_stats(h, &st1);
	CHECK(st1.errors == st0.errors + 6);
	CHECK(st1.nalloc == st0.nalloc);
	return urt_heap_check(h) ? "heap check failed" : NULL;
}

/* Each thread: a few thousand malloc/free of varying sizes, checking contents. */
static void *malloc_worker(void *arg)
{
	uintptr_t seed = (uintptr_t)arg * 7919 + 1, bad = 0;
	unsigned char *live[16] = { 0 };
	size_t len[16] = { 0 };
	for (unsigned i = 0; i < 3000; i++) {
		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		unsigned k = (seed >> 33) % 16;
		if (live[k]) {
			for (size_t j = 0; j < len[k]; j++)
				bad += live[k][j] != (unsigned char)(k + (uintptr_t)arg);
			free(live[k]);
			live[k] = NULL;
		} else {
			len[k] = (seed >> 40) % 700;
			live[k] = malloc(len[k]);
			if (!live[k])
				return (void *)1;
			memset(live[k], (int)(k + (uintptr_t)arg), len[k]);
		}
	}
	for (unsigned k = 0; k < 16; k++)
		free(live[k]);
	return (void *)bad;
}

const char *rt_malloc_threads(void)
{
	void *args[4] = { (void *)1, (void *)2, (void *)3, (void *)4 };
	struct urt_heap_stats st0, st1;
	urt_heap_stats(&urt_heap_default, &st0);
	const char *why = rt_run_threads(4, malloc_worker, args);
	if (why)
		return why;
	for (unsigned i = 0; i < 4; i++)
		CHECK(args[i] == NULL);         /* no allocation failed or was clobbered */
	urt_heap_stats(&urt_heap_default, &st1);
	CHECK(st1.nalloc == st0.nalloc);
	return urt_heap_check(&urt_heap_default) ? "heap check failed" : NULL;
}
