/*
 * frames.c - the physical frames the composer hands to components.
 *
 * All free RAM is mapped into the composer at CPHYS_BASE + physical address
 * at start-up, so it can fill and zero any frame; a component's page is a
 * mapping derived from that one, which the kernel removes when the
 * component's task dies.  Frames come from the runtime's frame allocator
 * (shared with the composer's own heap) or from the list of frames given
 * back by dead components; owner[] says who holds each frame.
 */
#include "composer.h"

#define CPHYS_BASE 0x300000000000ull
#define OWNER_FREE 0
#define OWNER_SELF 0xff                 /* not a component's */

static uint8_t *owner;                  /* per frame: OWNER_*, or owner + 1 */
_Static_assert(FRAME_OWNERS < OWNER_SELF, "owners fit in a byte");
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
	nframes = top >> 12;
	owner = urt_alloc_pages((nframes + 4095) / 4096);
	held_next = urt_alloc_pages((nframes * sizeof(uint32_t) + 4095) / 4096);
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
	memset(frame_ptr(pa), 0, 4096);
	owner[pa >> 12] = (uint8_t)(who + 1);
	held_next[pa >> 12] = held_head[who];
	held_head[who] = (uint32_t)(pa >> 12) + 1;
	return pa;
}

void frames_release(unsigned who)
{
	for (uint32_t h = held_head[who]; h; ) {
		dbt_word_t f = h - 1;
		h = held_next[f];
		owner[f] = OWNER_FREE;
		*(dbt_word_t *)frame_ptr(f << 12) = free_list;
		free_list = f << 12;
		nfree_listed++;
	}
	held_head[who] = 0;
}

size_t frames_free(void)
{
	return nfree_listed;
}
