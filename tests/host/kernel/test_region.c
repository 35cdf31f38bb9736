/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_region.c - the boot memory-region list (kernel/bootmem.c).
 */
// uses: kernel/bootmem.c
#include <string.h>
#include "harness.h"
#include "boot.h"

static struct boot_state b;

static void reset(void)
{
	memset(&b, 0, sizeof(b));
}

static bool is(unsigned i, paddr_t base, word_t size, unsigned type)
{
	return i < b.nregions && b.region[i].base == base && b.region[i].size == size &&
	       b.region[i].type == type;
}

/* Sorted, non-overlapping, no empty region, no mergeable neighbours. */
static bool well_formed(void)
{
	for (unsigned i = 0; i < b.nregions; i++) {
		if (b.region[i].size == 0)
			return false;
		if (i + 1 < b.nregions) {
			const struct dbt_mem_region *r = &b.region[i], *n = &b.region[i + 1];
			if (r->base + r->size > n->base)
				return false;
			if (r->base + r->size == n->base && r->type == n->type)
				return false;
		}
	}
	return true;
}

HTEST(insert_into_empty)
{
	reset();
	boot_region_set(&b, 0x1000, 0x2000, DBT_MEM_FREE);
	CHECK(b.nregions == 1);
	CHECK(is(0, 0x1000, 0x2000, DBT_MEM_FREE));
	boot_region_set(&b, 0x5000, 0, DBT_MEM_FREE);   /* empty: nothing */
	CHECK(b.nregions == 1);
}

HTEST(sorted_insert)
{
	reset();
	boot_region_set(&b, 0x10000, 0x1000, DBT_MEM_FREE);
	boot_region_set(&b, 0x1000, 0x1000, DBT_MEM_RESERVED);
	boot_region_set(&b, 0x5000, 0x1000, DBT_MEM_FREE);
	CHECK(b.nregions == 3);
	CHECK(is(0, 0x1000, 0x1000, DBT_MEM_RESERVED));
	CHECK(is(1, 0x5000, 0x1000, DBT_MEM_FREE));
	CHECK(is(2, 0x10000, 0x1000, DBT_MEM_FREE));
	CHECK(well_formed());
}

HTEST(split_middle)
{
	reset();
	boot_region_set(&b, 0x100000, 0x100000, DBT_MEM_FREE);
	boot_region_set(&b, 0x140000, 0x10000, DBT_MEM_KERNEL);
	CHECK(b.nregions == 3);
	CHECK(is(0, 0x100000, 0x40000, DBT_MEM_FREE));
	CHECK(is(1, 0x140000, 0x10000, DBT_MEM_KERNEL));
	CHECK(is(2, 0x150000, 0xb0000, DBT_MEM_FREE));
	CHECK(well_formed());
}

HTEST(split_edges)
{
	reset();
	boot_region_set(&b, 0x100000, 0x100000, DBT_MEM_FREE);
	boot_region_set(&b, 0x100000, 0x1000, DBT_MEM_ROOT);            /* at the start */
	boot_region_set(&b, 0x1ff000, 0x1000, DBT_MEM_MODULE);          /* at the end */
	CHECK(b.nregions == 3);
	CHECK(is(0, 0x100000, 0x1000, DBT_MEM_ROOT));
	CHECK(is(1, 0x101000, 0xfe000, DBT_MEM_FREE));
	CHECK(is(2, 0x1ff000, 0x1000, DBT_MEM_MODULE));
	CHECK(well_formed());
}

HTEST(overlap_several)
{
	reset();
	boot_region_set(&b, 0x0, 0x10000, DBT_MEM_FREE);
	boot_region_set(&b, 0x10000, 0x10000, DBT_MEM_RESERVED);
	boot_region_set(&b, 0x20000, 0x10000, DBT_MEM_FREE);
	boot_region_set(&b, 0x8000, 0x20000, DBT_MEM_KERNEL);           /* covers the middle one */
	CHECK(b.nregions == 3);
	CHECK(is(0, 0x0, 0x8000, DBT_MEM_FREE));
	CHECK(is(1, 0x8000, 0x20000, DBT_MEM_KERNEL));
	CHECK(is(2, 0x28000, 0x8000, DBT_MEM_FREE));
	CHECK(well_formed());
}

HTEST(merge_neighbours)
{
	reset();
	boot_region_set(&b, 0x0, 0x1000, DBT_MEM_FREE);
	boot_region_set(&b, 0x2000, 0x1000, DBT_MEM_FREE);
	boot_region_set(&b, 0x1000, 0x1000, DBT_MEM_FREE);              /* fills the gap */
	CHECK(b.nregions == 1);
	CHECK(is(0, 0x0, 0x3000, DBT_MEM_FREE));
	/* splitting and setting back restores one region */
	boot_region_set(&b, 0x1000, 0x1000, DBT_MEM_KERNEL);
	CHECK(b.nregions == 3);
	boot_region_set(&b, 0x1000, 0x1000, DBT_MEM_FREE);
	CHECK(b.nregions == 1);
	CHECK(is(0, 0x0, 0x3000, DBT_MEM_FREE));
}

HTEST(no_merge_across_gap_or_type)
{
	reset();
	boot_region_set(&b, 0x0, 0x1000, DBT_MEM_FREE);
	boot_region_set(&b, 0x2000, 0x1000, DBT_MEM_FREE);
	boot_region_set(&b, 0x1000, 0x1000, DBT_MEM_RESERVED);
	CHECK(b.nregions == 3);
	CHECK(well_formed());
}

HTEST(cover_everything)
{
	reset();
	for (unsigned i = 0; i < 10; i++)
		boot_region_set(&b, i * 0x10000, 0x8000, i & 1 ? DBT_MEM_FREE : DBT_MEM_RESERVED);
	boot_region_set(&b, 0, 0x100000, DBT_MEM_KERNEL);
	CHECK(b.nregions == 1);
	CHECK(is(0, 0, 0x100000, DBT_MEM_KERNEL));
}

HTEST(alloc_takes_free_above_1m)
{
	reset();
	boot_region_set(&b, 0x0, 0x9f000, DBT_MEM_FREE);
	boot_region_set(&b, 0x100000, 0x1000000, DBT_MEM_FREE);
	paddr_t pa = boot_alloc(&b, 5000, 1ul << 40, DBT_MEM_ROOT);
	CHECK(pa == 0x100000);                  /* not below 1 MiB */
	CHECK(is(1, 0x100000, 0x2000, DBT_MEM_ROOT));   /* rounded to pages */
	CHECK(is(2, 0x102000, 0xffe000, DBT_MEM_FREE));
	paddr_t pb = boot_alloc(&b, PAGE_SIZE, 1ul << 40, DBT_MEM_ROOT);
	CHECK(pb == 0x102000);
	CHECK(is(1, 0x100000, 0x3000, DBT_MEM_ROOT));   /* merged with the first */
	CHECK(well_formed());
}

HTEST(alloc_respects_limit_and_type)
{
	reset();
	boot_region_set(&b, 0x100000, 0x100000, DBT_MEM_FREE);
	boot_region_set(&b, 0x200000, 0x100000, DBT_MEM_RESERVED);
	boot_region_set(&b, 0x300000, 0x400000, DBT_MEM_FREE);
	paddr_t pa = boot_alloc(&b, 0x200000, 0x800000, DBT_MEM_KERNEL);
	CHECK(pa == 0x300000);                  /* first region too small */
	CHECK(pa + 0x200000 <= 0x800000);
	CHECK(is(2, 0x300000, 0x200000, DBT_MEM_KERNEL));
	CHECK(well_formed());
}

HTEST(random_against_page_map)
{
	enum { PAGES = 256 };
	static uint8_t map[PAGES];
	uint64_t x = 0x9e3779b97f4a7c15ull;
	reset();
	memset(map, 0, sizeof(map));
	for (unsigned step = 0; step < 3000; step++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		unsigned first = (unsigned)(x % PAGES), n = 1 + (unsigned)((x >> 16) % 24);
		unsigned type = 1 + (unsigned)((x >> 32) % 3);
		if (first + n > PAGES)
			n = PAGES - first;
		boot_region_set(&b, (paddr_t)first << PAGE_SHIFT, (word_t)n << PAGE_SHIFT, type);
		for (unsigned p = first; p < first + n; p++)
			map[p] = (uint8_t)type;
		CHECK(well_formed());
		/* every page has the type of the last set covering it */
		unsigned r = 0;
		for (unsigned p = 0; p < PAGES; p++) {
			paddr_t a = (paddr_t)p << PAGE_SHIFT;
			while (r < b.nregions && b.region[r].base + b.region[r].size <= a)
				r++;
			bool in = r < b.nregions && b.region[r].base <= a;
			CHECK(in == (map[p] != 0));
			if (in)
				CHECK(b.region[r].type == map[p]);
		}
	}
}
