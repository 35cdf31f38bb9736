/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kext_arena.c - executable memory for driver module images.  A
 * component's heap is mapped read-write only, so module images live in a
 * fixed arena in a section of its own, which iokitd.ld puts in a
 * read-write-execute segment (the composer maps its pages on first touch
 * with the segment's rights).  Pages are handed out first fit from a
 * bitmap; callers (kext.c) hold the registry lock.
 *
 * Limit: KEXT_ARENA_PAGES pages (1 MiB) of module images per instance.
 * The arena is part of the binary's image, so its size counts against the
 * component's memory budget whether or not modules are loaded.
 */
#include "server.h"

#define KEXT_ARENA_PAGES 256

static uint8_t arena[KEXT_ARENA_PAGES * 4096]
	__attribute__((section(".kmod_arena"), aligned(4096)));
static uint64_t used[KEXT_ARENA_PAGES / 64];    /* bit set: page in use */

static bool page_used(size_t i)
{
	return used[i / 64] >> (i % 64) & 1;
}

static void pages_mark(size_t first, size_t n, bool on)
{
	for (size_t i = first; i < first + n; i++) {
		if (on)
			used[i / 64] |= 1ull << (i % 64);
		else
			used[i / 64] &= ~(1ull << (i % 64));
	}
}

void *kext_arena_alloc(size_t size)
{
	size_t n = (size + 4095) / 4096, run = 0;
	if (n == 0 || n > KEXT_ARENA_PAGES)
		return NULL;
	for (size_t i = 0; i < KEXT_ARENA_PAGES; i++) {
		run = page_used(i) ? 0 : run + 1;
		if (run == n) {
			size_t first = i + 1 - n;
			pages_mark(first, n, true);
			memset(arena + first * 4096, 0, n * 4096);
			return arena + first * 4096;
		}
	}
	return NULL;
}

void kext_arena_free(void *p, size_t size)
{
	uint8_t *b = p;
	if (!p || b < arena || b >= arena + sizeof(arena) || (b - arena) % 4096) {
		uprintf("iokitd: module arena: bad free %p\n", p);
		return;
	}
	size_t first = (size_t)(b - arena) / 4096, n = (size + 4095) / 4096;
	if (first + n > KEXT_ARENA_PAGES)
		n = KEXT_ARENA_PAGES - first;
	pages_mark(first, n, false);
}

size_t kext_arena_free_bytes(void)
{
	size_t n = 0;
	for (size_t i = 0; i < KEXT_ARENA_PAGES; i++)
		n += !page_used(i);
	return n * 4096;
}
