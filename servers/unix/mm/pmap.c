/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mm/pmap.c - the radix tree of mm/pmap.h.  Interior nodes are 4 KiB
 * arrays of child pointers from the heap; leaves hold entries.
 */
#include "mm/pmap.h"
#include "mm/frame.h"
#include <urt.h>

#define LEVELS 4
#define FANOUT 512u
#define LEVEL_SHIFT(l) (12 + 9 * (LEVELS - 1 - (l)))    /* l = 0 root .. 3 leaf */

static unsigned idx(uint64_t va, int level)
{
	return (unsigned)(va >> LEVEL_SHIFT(level)) & (FANOUT - 1);
}

uint64_t *pmap_entry(struct pmap *pm, uint64_t va, bool create)
{
	void **slot = &pm->root;
	for (int l = 0; l < LEVELS; l++) {
		if (!*slot) {
			if (!create || !(*slot = calloc(FANOUT, sizeof(uint64_t))))
				return NULL;
		}
		if (l == LEVELS - 1)
			return &((uint64_t *)*slot)[idx(va, l)];
		slot = &((void **)*slot)[idx(va, l)];
	}
	return NULL;
}

struct walk {
	uint64_t start, end;
	pmap_fn *fn;
	void *ctx;
};

/* Node at level covering [base, base + span); returns entries left present. */
static void walk_node(struct walk *w, void *node, int level, uint64_t base)
{
	uint64_t span = 1ull << LEVEL_SHIFT(level);
	for (unsigned i = 0; i < FANOUT; i++) {
		uint64_t lo = base + i * span, hi = lo + span;
		if (hi <= w->start || lo >= w->end)
			continue;
		if (level == LEVELS - 1) {
			uint64_t *e = &((uint64_t *)node)[i];
			if (*e)
				w->fn(w->ctx, lo, e);
		} else if (((void **)node)[i]) {
			walk_node(w, ((void **)node)[i], level + 1, lo);
		}
	}
}

void pmap_walk(struct pmap *pm, uint64_t start, uint64_t end, pmap_fn *fn, void *ctx)
{
	struct walk w = { start, end, fn, ctx };
	if (pm->root && start < end)
		walk_node(&w, pm->root, 0, 0);
}

static void clear_one(void *ctx, uint64_t va, uint64_t *e)
{
	struct pmap *pm = ctx;
	(void)va;
	frame_put(PTE_FRAME(*e));
	*e = 0;
	pm->pages--;
}

void pmap_clear(struct pmap *pm, uint64_t start, uint64_t end)
{
	pmap_walk(pm, start, end, clear_one, pm);
}

static void free_node(void *node, int level)
{
	if (level < LEVELS - 1)
		for (unsigned i = 0; i < FANOUT; i++)
			if (((void **)node)[i])
				free_node(((void **)node)[i], level + 1);
	free(node);
}

void pmap_destroy(struct pmap *pm)
{
	pmap_clear(pm, 0, 1ull << 47);
	if (pm->root)
		free_node(pm->root, 0);
	pm->root = NULL;
}
