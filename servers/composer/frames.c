/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * frames.c - the physical frames the composer hands to components.
 *
 * All free RAM is mapped into the composer at CPHYS_BASE + physical address
 * at start-up, so it can fill and zero any frame; a component's page is a
 * mapping derived from that one, which the kernel removes when the
 * component's task dies.  Frames come from the runtime's frame allocator
 * (shared with the composer's own heap) or from the list of frames given
 * back by dead components; owner[] says who holds each frame, and marks
 * the frames on that free list (OWNER_POOL), so that a run of physically
 * contiguous frames (DMA buffers, frames_alloc_contig) can be found there.
 */
#include "composer.h"

#define CPHYS_BASE 0x300000000000ull
#define OWNER_FREE 0                    /* never handed out, or the composer's own */
#define OWNER_SELF 0xffff               /* not a component's */
#define OWNER_POOL 0xfffe               /* on the free list */

static uint16_t *owner;                 /* per frame: OWNER_*, or owner + 1 */
_Static_assert(FRAME_OWNERS < OWNER_POOL - 1, "owners fit in 16 bits");
static uint32_t *held_next;             /* per frame: next frame of the same owner + 1 */
static uint32_t held_head[FRAME_OWNERS];    /* per owner: first frame + 1, 0: none */
static dbt_word_t nframes;
static dbt_word_t free_list;            /* physical address of a free frame, 0: none */
static size_t nfree_listed;

void *frame_ptr(dbt_word_t pa)
{
	return (void *)(CPHYS_BASE + pa);
}

/* Map [base, base+size) at CPHYS_BASE + base in the largest aligned pieces. */
static void map_region(dbt_word_t base, dbt_word_t size)
{
	dbt_word_t pa = base, end = base + size;
	while (pa < end) {
		unsigned order = 12;
		while (order < 30 && !(pa & ((1ull << (order + 1)) - 1)) && pa + (2ull << order) <= end)
			order++;
		dbt_word_t err = dbt_map_phys(DBT_ROOT_SLOT_PHYSMEM, pa,
		                              DBT_FPAGE(CPHYS_BASE + pa, order, DBT_RWX),
		                              DBT_MAP_CACHED);
		if (err) {
			uprintf("composer: cannot map frames at %lx: error %lu\n", pa, err);
			urt_halt();
		}
		pa += 1ull << order;
	}
}

void frames_init(const struct dbt_bootinfo *bi)
{
	dbt_word_t top = 0;
	for (unsigned i = 0; i < bi->nregions; i++) {
		const struct dbt_mem_region *r = &bi->region[i];
		if (r->type == DBT_MEM_FREE)
			top = MAX_U(top, r->base + r->size);
		if (r->type == DBT_MEM_FREE || r->type == DBT_MEM_MODULE)
			map_region(r->base, r->size);      /* modules: to read images */
	}
	nframes = top >> PAGE_SHIFT;
	owner = urt_alloc_pages(PAGE_UP(nframes * sizeof(uint16_t)) / PAGE_SIZE);
	held_next = urt_alloc_pages(PAGE_UP(nframes * sizeof(uint32_t)) / PAGE_SIZE);
}

const char *frames_ram_overlap(dbt_word_t base, dbt_word_t last)
{
	static const char *const kinds[] = {
		[DBT_MEM_FREE] = "free RAM", [DBT_MEM_ROOT] = "RAM holding the composer",
		[DBT_MEM_MODULE] = "RAM holding a boot module", [DBT_MEM_KERNEL] = "RAM the kernel keeps",
	};
	const struct dbt_bootinfo *bi = urt_bootinfo;
	for (unsigned i = 0; i < bi->nregions; i++) {
		const struct dbt_mem_region *r = &bi->region[i];
		if (r->type >= ARRAY_SIZE(kinds) || !kinds[r->type] || !r->size)
			continue;
		if (base <= r->base + r->size - 1 && r->base <= last)
			return kinds[r->type];
	}
	return NULL;
}

/* Give frame f to who (zeroed), at the head of who's list. */
static void frame_take_for(unsigned who, dbt_word_t f)
{
	memset(frame_ptr(f << PAGE_SHIFT), 0, PAGE_SIZE);
	owner[f] = (uint16_t)(who + 1);
	held_next[f] = held_head[who];
	held_head[who] = (uint32_t)f + 1;
}

static void pool_put(dbt_word_t f)
{
	owner[f] = OWNER_POOL;
	*(dbt_word_t *)frame_ptr(f << PAGE_SHIFT) = free_list;
	free_list = f << PAGE_SHIFT;
	nfree_listed++;
}

dbt_word_t frame_alloc(unsigned who)
{
	dbt_word_t pa = free_list;
	if (pa) {
		free_list = *(dbt_word_t *)frame_ptr(pa);
		nfree_listed--;
	} else {
		pa = urt_try_alloc_frame();
		if (!pa)
			return 0;
	}
	frame_take_for(who, pa >> PAGE_SHIFT);
	return pa;
}

/* First frame of a run of n pool frames, or 0 (frame 0 is never RAM we hand out). */
static dbt_word_t pool_find_run(size_t n)
{
	size_t run = 0;
	for (dbt_word_t f = 1; f < nframes; f++) {
		run = owner[f] == OWNER_POOL ? run + 1 : 0;
		if (run == n)
			return f + 1 - n;
	}
	return 0;
}

/* Unlink from the free list every frame that is no longer OWNER_POOL. */
static void pool_unlink_taken(void)
{
	dbt_word_t *link = &free_list;
	while (*link) {
		dbt_word_t pa = *link, *next = (dbt_word_t *)frame_ptr(pa);
		if (owner[pa >> PAGE_SHIFT] != OWNER_POOL) {
			*link = *next;
			nfree_listed--;
		} else {
			link = next;
		}
	}
}

/* A run of n frames never handed out yet: the runtime's frame source goes up
 * in address within a memory region; a run broken by a region's end goes to
 * the pool.  0 when the source is used up. */
static dbt_word_t fresh_run(size_t n)
{
	dbt_word_t first = 0;
	size_t have = 0;
	while (have < n) {
		dbt_word_t pa = urt_try_alloc_frame();
		if (pa && have && pa == first + have * PAGE_SIZE) {
			have++;
			continue;
		}
		for (size_t i = 0; i < have; i++)
			pool_put((first >> PAGE_SHIFT) + i);
		if (!pa)
			return 0;
		first = pa, have = 1;
	}
	return first;
}

dbt_word_t frames_alloc_contig(unsigned who, size_t n)
{
	if (n == 0)
		return 0;
	dbt_word_t f = pool_find_run(n), first;
	if (f) {
		for (size_t i = 0; i < n; i++)
			owner[f + i] = (uint16_t)(who + 1);      /* claimed: no longer on the list */
		pool_unlink_taken();
		first = f << PAGE_SHIFT;
	} else if (!(first = fresh_run(n))) {
		return 0;
	}
	for (size_t i = n; i-- > 0; )
		frame_take_for(who, (first >> PAGE_SHIFT) + i);
	return first;
}

void frames_release(unsigned who)
{
	for (uint32_t h = held_head[who]; h; ) {
		dbt_word_t f = h - 1;
		h = held_next[f];
		pool_put(f);
	}
	held_head[who] = 0;
}

void frames_move(unsigned from, unsigned to)
{
	while (held_head[from]) {
		dbt_word_t f = held_head[from] - 1;
		held_head[from] = held_next[f];
		owner[f] = (uint16_t)(to + 1);
		held_next[f] = held_head[to];
		held_head[to] = (uint32_t)f + 1;
	}
}

size_t frames_held(unsigned who)
{
	size_t n = 0;
	for (uint32_t h = held_head[who]; h; h = held_next[h - 1])
		n++;
	return n;
}

size_t frames_free(void)
{
	return nfree_listed;
}
