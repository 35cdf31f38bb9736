/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * malloc.c - the heap (urt/malloc.h): segregated free lists with first fit
 * and boundary-tag coalescing over segments from a page source.
 *
 * A segment is what one call of the page source returned: a header linking
 * the heap's segments, chunks, and a 16-byte end marker (an in-use chunk of
 * size 0).  A chunk starts with a 16-byte header {size | flags, check}; the
 * payload follows, 16-byte aligned.  A free chunk also holds free-list links
 * and repeats its size in its last word (the footer), and the chunk after it
 * has PREV_FREE set, so free() can merge with both neighbours in O(1); no two
 * free chunks are ever adjacent.
 *
 * Free chunks are kept in URT_HEAP_BINS lists by size class floor(log2(size)),
 * with a bitmap of non-empty lists: malloc takes the first fitting chunk of
 * its own class, else the head of the next non-empty larger class (any of
 * which fits), else grows the heap; the rest of a chunk is split off when
 * it can hold a minimum chunk.  Cost: O(length of one list) + O(1).
 *
 * Checks: check = MAGIC ^ address, with different magics for in-use and free
 * chunks, so free() recognises a double free, a pointer into the middle of a
 * block or outside the heap, and an overwritten header; it then reports on
 * the console, counts the error (urt_heap_stats) and changes nothing.
 * urt_heap_check() walks and verifies the whole heap.
 *
 * Locking: h->lock guards everything in struct urt_heap and every chunk.
 */
#include "urt.h"

#define INUSE 1ull
#define PREV_FREE 2ull
#define FLAGS 15ull
#define HDR 16ul
#define MIN_CHUNK 48ul                  /* header, links, footer */
#define MAGIC_USED 0xa110c8eda110c8edull
#define MAGIC_FREE 0xf7eef7eef7eef7eeull
#define MAGIC_END  0xe0d0e0d0e0d0e0d0ull

struct urt_chunk {
	uint64_t size;                  /* bytes with header; INUSE, PREV_FREE */
	uint64_t check;                 /* MAGIC_* ^ address */
	struct urt_chunk *next, *prev;  /* free chunks: list of their bin */
};

struct urt_segment {
	struct urt_segment *next;
	size_t size;                    /* bytes, header and end marker included */
};

struct urt_heap urt_heap_default = URT_HEAP_INIT(urt_pages_try_alloc);

static inline size_t csize(const struct urt_chunk *c) { return c->size & ~FLAGS; }
static inline struct urt_chunk *cnext(struct urt_chunk *c)
{
	return (struct urt_chunk *)((char *)c + csize(c));
}
static inline uint64_t magic(const struct urt_chunk *c, uint64_t m) { return m ^ (uintptr_t)c; }
static inline void set_footer(struct urt_chunk *c)
{
	*(uint64_t *)((char *)c + csize(c) - 8) = csize(c);
}

static unsigned bin_of(size_t size)
{
	unsigned b = 63u - (unsigned)__builtin_clzll(size);
	return b < URT_HEAP_BINS ? b : URT_HEAP_BINS - 1;
}

static void bin_insert(struct urt_heap *h, struct urt_chunk *c)
{
	unsigned b = bin_of(csize(c));
	c->prev = NULL;
	c->next = h->bin[b];
	if (c->next)
		c->next->prev = c;
	h->bin[b] = c;
	h->nonempty |= 1ull << b;
}

static void bin_remove(struct urt_heap *h, struct urt_chunk *c)
{
	unsigned b = bin_of(csize(c));
	if (c->prev)
		c->prev->next = c->next;
	else
		h->bin[b] = c->next;
	if (c->next)
		c->next->prev = c->prev;
	if (!h->bin[b])
		h->nonempty &= ~(1ull << b);
}

/* Turn in-use chunk c (not in a list) into a free chunk, merged with free
 * neighbours, and file it. */
static void chunk_release(struct urt_heap *h, struct urt_chunk *c)
{
	size_t size = csize(c);
	struct urt_chunk *next = cnext(c);
	if (!(next->size & INUSE)) {
		bin_remove(h, next);
		size += csize(next);
	}
	if (c->size & PREV_FREE) {
		struct urt_chunk *prev = (struct urt_chunk *)((char *)c - *(uint64_t *)((char *)c - 8));
		bin_remove(h, prev);
		size += csize(prev);
		c = prev;
	}
	c->size = size;                 /* the chunk before is in use: no PREV_FREE */
	c->check = magic(c, MAGIC_FREE);
	set_footer(c);
	cnext(c)->size |= PREV_FREE;
	bin_insert(h, c);
}

/* Shrink in-use chunk c to need bytes if the rest makes a chunk of its own. */
static void chunk_split(struct urt_heap *h, struct urt_chunk *c, size_t need)
{
	size_t size = csize(c);
	if (size - need < MIN_CHUNK)
		return;
	c->size = need | (c->size & FLAGS);
	struct urt_chunk *rest = cnext(c);
	rest->size = (size - need) | INUSE;
	rest->check = magic(rest, MAGIC_USED);
	chunk_release(h, rest);
}

/* A free chunk of at least need bytes, or NULL. */
static struct urt_chunk *chunk_find(struct urt_heap *h, size_t need)
{
	unsigned b = bin_of(need);
	for (struct urt_chunk *c = h->bin[b]; c; c = c->next)
		if (csize(c) >= need)
			return c;
	uint64_t above = b + 1 < 64 ? h->nonempty & ~((2ull << b) - 1) : 0;
	return above ? h->bin[__builtin_ctzll(above)] : NULL;
}

/* Add a segment of at least need bytes of chunk space; false if the source
 * has none. */
static bool heap_grow(struct urt_heap *h, size_t need)
{
	size_t pages = (need + sizeof(struct urt_segment) + HDR + 4095) / 4096;
	if (pages < h->grow_pages)
		pages = h->grow_pages;
	char *mem = h->morecore ? h->morecore(pages) : NULL;
	if (!mem)
		return false;
	struct urt_segment *seg = (struct urt_segment *)mem;
	seg->size = pages * 4096;
	seg->next = h->segments;
	h->segments = seg;
	struct urt_chunk *c = (struct urt_chunk *)(mem + sizeof(*seg));
	struct urt_chunk *end = (struct urt_chunk *)(mem + seg->size - HDR);
	end->size = INUSE;
	end->check = magic(end, MAGIC_END);
	c->size = (size_t)((char *)end - (char *)c) | INUSE;
	c->check = magic(c, MAGIC_USED);
	if (!h->lo || (uintptr_t)mem < h->lo)
		h->lo = (uintptr_t)mem;
	if ((uintptr_t)mem + seg->size > h->hi)
		h->hi = (uintptr_t)mem + seg->size;
	h->bytes_source += seg->size;
	chunk_release(h, c);
	return true;
}

/* Chunk size for a request of n bytes; 0 if it cannot be represented. */
static size_t chunk_need(size_t n)
{
	if (n > SIZE_MAX / 2)
		return 0;
	size_t need = (n + HDR + 15) & ~(size_t)15;
	return need < MIN_CHUNK ? MIN_CHUNK : need;
}

void *urt_heap_alloc(struct urt_heap *h, size_t n)
{
	size_t need = chunk_need(n);
	if (!need)
		return NULL;
	urt_mutex_lock(&h->lock);
	struct urt_chunk *c = chunk_find(h, need);
	if (!c && heap_grow(h, need))
		c = chunk_find(h, need);
	if (c) {
		bin_remove(h, c);
		c->size |= INUSE;
		c->check = magic(c, MAGIC_USED);
		cnext(c)->size &= ~PREV_FREE;
		chunk_split(h, c, need);
		h->bytes_used += csize(c);
		h->nalloc++;
	}
	urt_mutex_unlock(&h->lock);
	return c ? (char *)c + HDR : NULL;
}

/* The chunk of payload p if it is a live allocation; else report why, count
 * the error and return NULL.  h->lock held. */
static struct urt_chunk *chunk_of(struct urt_heap *h, void *p, const char *op)
{
	uintptr_t a = (uintptr_t)p;
	struct urt_chunk *c = (struct urt_chunk *)(a - HDR);
	const char *why = NULL;
	if ((a & 15) || a < h->lo + sizeof(struct urt_segment) + HDR || a >= h->hi)
		why = "not a heap address";
	else if (c->check == magic(c, MAGIC_FREE))
		why = "already freed";
	else if (c->check != magic(c, MAGIC_USED) || !(c->size & INUSE))
		why = "not the start of a block, or its header is overwritten";
	else if (csize(c) < MIN_CHUNK || (uintptr_t)cnext(c) + HDR > h->hi ||
	         (cnext(c)->check != magic(cnext(c), MAGIC_USED) &&
	          cnext(c)->check != magic(cnext(c), MAGIC_FREE) &&
	          cnext(c)->check != magic(cnext(c), MAGIC_END)))
		why = "block size overwritten (heap overflow?)";
	if (!why)
		return c;
	h->errors++;
	uprintf("urt: %s(%p): %s\n", op, p, why);
	return NULL;
}

int urt_heap_free(struct urt_heap *h, void *p)
{
	if (!p)
		return URT_OK;
	urt_mutex_lock(&h->lock);
	struct urt_chunk *c = chunk_of(h, p, "free");
	if (c) {
		h->bytes_used -= csize(c);
		h->nalloc--;
		chunk_release(h, c);
	}
	urt_mutex_unlock(&h->lock);
	return c ? URT_OK : URT_EINVAL;
}

/* Resize c in place to need bytes if it or its free successor suffices. */
static bool chunk_resize(struct urt_heap *h, struct urt_chunk *c, size_t need)
{
	struct urt_chunk *next = cnext(c);
	size_t old = csize(c);
	if (need > old) {
		if ((next->size & INUSE) || old + csize(next) < need)
			return false;
		bin_remove(h, next);
		c->size += csize(next);
		cnext(c)->size &= ~PREV_FREE;
	}
	chunk_split(h, c, need);
	h->bytes_used += csize(c) - old;
	return true;
}

void *urt_heap_realloc(struct urt_heap *h, void *p, size_t n)
{
	if (!p)
		return urt_heap_alloc(h, n);
	if (!n) {
		urt_heap_free(h, p);
		return NULL;
	}
	size_t need = chunk_need(n), old;
	urt_mutex_lock(&h->lock);
	struct urt_chunk *c = chunk_of(h, p, "realloc");
	bool done = c && need && chunk_resize(h, c, need);
	old = c ? csize(c) : 0;
	urt_mutex_unlock(&h->lock);
	if (!c || done)
		return c ? p : NULL;
	void *q = urt_heap_alloc(h, n);
	if (q) {
		memcpy(q, p, old - HDR);
		urt_heap_free(h, p);
	}
	return q;
}

void urt_heap_stats(struct urt_heap *h, struct urt_heap_stats *st)
{
	urt_mutex_lock(&h->lock);
	st->bytes_source = h->bytes_source;
	st->bytes_used = h->bytes_used;
	st->nalloc = h->nalloc;
	st->errors = h->errors;
	urt_mutex_unlock(&h->lock);
}

/* Check the chunks of one segment; counts its free chunks into *nfree. */
static const char *segment_check(struct urt_segment *seg, size_t *nfree, size_t *used)
{
	struct urt_chunk *c = (struct urt_chunk *)(seg + 1);
	char *end = (char *)seg + seg->size - HDR;
	bool prev_free = false;
	for (; (char *)c < end; c = cnext(c)) {
		bool isfree = !(c->size & INUSE);
		if (csize(c) < MIN_CHUNK || (csize(c) & 15) || (char *)c + csize(c) > end)
			return "bad chunk size";
		if (c->check != magic(c, isfree ? MAGIC_FREE : MAGIC_USED))
			return "bad chunk header";
		if (!!(c->size & PREV_FREE) != prev_free)
			return "PREV_FREE flag wrong";
		if (isfree && (prev_free || *(uint64_t *)((char *)c + csize(c) - 8) != csize(c)))
			return "adjacent free chunks or bad footer";
		*nfree += isfree;
		*used += isfree ? 0 : csize(c);
		prev_free = isfree;
	}
	if ((char *)c != end || c->check != magic(c, MAGIC_END) || !!(c->size & PREV_FREE) != prev_free)
		return "bad segment end";
	return NULL;
}

int urt_heap_check(struct urt_heap *h)
{
	size_t nfree = 0, used = 0, listed = 0;
	const char *why = NULL;
	urt_mutex_lock(&h->lock);
	for (struct urt_segment *s = h->segments; s && !why; s = s->next)
		why = segment_check(s, &nfree, &used);
	for (unsigned b = 0; b < URT_HEAP_BINS && !why; b++) {
		for (struct urt_chunk *c = h->bin[b]; c && !why; c = c->next, listed++)
			if ((c->size & INUSE) || bin_of(csize(c)) != b)
				why = "free list holds a wrong chunk";
		if (!h->bin[b] != !(h->nonempty & (1ull << b)))
			why = "bin bitmap wrong";
	}
	if (!why && (listed != nfree || used != h->bytes_used))
		why = "free lists or counters disagree with the chunks";
	urt_mutex_unlock(&h->lock);
	if (why)
		uprintf("urt: heap check: %s\n", why);
	return why ? URT_ECORRUPT : URT_OK;
}

/* ---- the default heap ---------------------------------------------------------------- */

void urt_malloc_set_morecore(urt_morecore_t *fn)
{
	urt_mutex_lock(&urt_heap_default.lock);
	urt_heap_default.morecore = fn;
	urt_mutex_unlock(&urt_heap_default.lock);
}

void *malloc(size_t n)
{
	return urt_heap_alloc(&urt_heap_default, n);
}

void free(void *p)
{
	urt_heap_free(&urt_heap_default, p);
}

void *calloc(size_t n, size_t size)
{
	size_t total;
	if (__builtin_mul_overflow(n, size, &total))
		return NULL;
	void *p = malloc(total);
	if (p)
		memset(p, 0, total);
	return p;
}

void *realloc(void *p, size_t n)
{
	return urt_heap_realloc(&urt_heap_default, p, n);
}
