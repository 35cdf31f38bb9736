/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bootmem.c - the boot-time list of physical memory regions: setting the
 * type of a range (splitting and merging regions) and taking free pages.
 * Pure data-structure code, kept apart from boot.c so host tests link it.
 */
#include "boot.h"

static void region_insert(struct boot_state *b, unsigned at, paddr_t base, word_t size,
                          word_t type)
{
	if (b->nregions == BOOT_MAX_REGIONS)
		panic("boot: more than %u memory regions", BOOT_MAX_REGIONS);
	for (unsigned i = b->nregions; i > at; i--)
		b->region[i] = b->region[i - 1];
	b->region[at] = (struct dbt_mem_region){ base, size, type };
	b->nregions++;
}

static void region_remove(struct boot_state *b, unsigned at)
{
	for (unsigned i = at; i + 1 < b->nregions; i++)
		b->region[i] = b->region[i + 1];
	b->nregions--;
}

/* Regions stay sorted and non-overlapping; neighbours of one type merge. */
void boot_region_set(struct boot_state *b, paddr_t base, word_t size, unsigned type)
{
	paddr_t end = base + size;
	if (!size)
		return;
	for (unsigned i = 0; i < b->nregions;) {
		struct dbt_mem_region r = b->region[i];
		paddr_t rend = r.base + r.size;
		if (rend <= base || r.base >= end) {
			i++;
			continue;
		}
		region_remove(b, i);
		if (r.base < base)
			region_insert(b, i++, r.base, base - r.base, r.type);
		if (rend > end)
			region_insert(b, i++, end, rend - end, r.type);
	}
	unsigned at = 0;
	while (at < b->nregions && b->region[at].base < base)
		at++;
	region_insert(b, at, base, size, type);
	for (unsigned i = 0; i + 1 < b->nregions;) {
		struct dbt_mem_region *r = &b->region[i], *n = &b->region[i + 1];
		if (r->type == n->type && r->base + r->size == n->base) {
			r->size += n->size;
			region_remove(b, i + 1);
		} else {
			i++;
		}
	}
}

paddr_t boot_alloc(struct boot_state *b, word_t size, paddr_t limit, unsigned type)
{
	size = ALIGN_UP(size, PAGE_SIZE);
	for (unsigned i = 0; i < b->nregions; i++) {
		const struct dbt_mem_region *r = &b->region[i];
		paddr_t base = MAX(r->base, (paddr_t)LOW_MEMORY_END);
		if (r->type != DBT_MEM_FREE || base + size > r->base + r->size || base + size > limit)
			continue;
		boot_region_set(b, base, size, type);
		return base;
	}
	panic("boot: out of memory for %lu bytes", size);
}
