/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dma.c - DMA buffers for drivers (composer.dma_alloc / dma_free,
 * compproto.idl).
 *
 * A buffer is a run of physically contiguous zeroed frames owned by
 * DMA_OWNER(component, buffer) (each component has DMA_MAX_BUFFERS slots of
 * its own, so no component can use up another's), counted against its
 * memory budget, placed in
 * its DMA window at DBT_ENV_DMA_BASE (a bump allocator reset per
 * generation, with an unmapped guard page after each buffer, so an address
 * is never reused within one) and mapped read-write by the pager on first
 * touch.  The driver hands `phys` to its device.  dma_free revokes the
 * mapping before the frames go back to the pool; when the component dies or
 * stops, its task is gone and dma_release gives back every buffer it held,
 * after pci_quiesce has stopped its devices' bus mastering.
 */
#include "composer.h"

struct dma_buffer {
	bool used;
	dbt_word_t va, phys, pages;
};

static struct dma_buffer buffers[MAX_COMPONENTS][DMA_MAX_BUFFERS];   /* by component id */

void dma_reset(struct component *c)
{
	c->dma_next = DBT_ENV_DMA_BASE;
}

static int free_slot(const struct component *c)
{
	for (int i = 0; i < DMA_MAX_BUFFERS; i++)
		if (!buffers[c->id][i].used)
			return i;
	return -1;
}

/* The buffer of c that va falls in, or -1. */
static int buffer_at(const struct component *c, dbt_word_t va)
{
	if (va < DBT_ENV_DMA_BASE || va >= c->dma_next)
		return -1;              /* the pager asks for every fault: be quick */
	for (int i = 0; i < DMA_MAX_BUFFERS; i++) {
		const struct dma_buffer *b = &buffers[c->id][i];
		if (b->used && va >= b->va && va < b->va + b->pages * PAGE_SIZE)
			return i;
	}
	return -1;
}

dbt_word_t dma_frame(struct component *c, dbt_word_t va)
{
	int i = buffer_at(c, va);
	return i < 0 ? 0 : buffers[c->id][i].phys + (va - buffers[c->id][i].va);
}

dbt_word_t dma_alloc(struct component *c, dbt_word_t pages, dbt_word_t *addr, dbt_word_t *phys)
{
	if (pages == 0 || pages > DBT_COMP_DMA_MAX_PAGES)
		return DBT_COMP_E_PAGES;
	if (pages > c->max_pages - MIN_U(c->pages, c->max_pages))
		return DBT_COMP_E_BUDGET;
	int slot = free_slot(c);
	if (slot < 0 || c->dma_next + (pages + 1) * PAGE_SIZE > DBT_ENV_FILE_BASE)
		return DBT_COMP_E_BUSY;
	dbt_word_t first = frames_alloc_contig(DMA_OWNER(c->id, (unsigned)slot), pages);
	if (!first)
		return DBT_COMP_E_BUDGET;       /* no run that long: the machine's limit */
	struct dma_buffer *b = &buffers[c->id][slot];
	*b = (struct dma_buffer){ .used = true, .va = c->dma_next, .phys = first, .pages = pages };
	c->dma_next += (pages + 1) * PAGE_SIZE;      /* and a guard page */
	c->pages += pages;
	*addr = b->va;
	*phys = b->phys;
	return DBT_OK;
}

/* Give buffer i's frames back; its owner's mappings must be gone already. */
static void buffer_release(struct component *c, int i)
{
	frames_release(DMA_OWNER(c->id, (unsigned)i));
	c->pages -= MIN_U(c->pages, buffers[c->id][i].pages);
	buffers[c->id][i].used = false;
}

dbt_word_t dma_free(struct component *c, dbt_word_t addr)
{
	int i = buffer_at(c, addr);
	const struct dma_buffer *b = &buffers[c->id][i < 0 ? 0 : i];
	if (i < 0 || b->va != addr)
		return DBT_COMP_E_NO_BUFFER;
	for (dbt_word_t k = 0; k < b->pages; k++) {
		dbt_word_t view = (dbt_word_t)frame_ptr(b->phys + k * PAGE_SIZE);
		dbt_word_t err = dbt_unmap(DBT_FPAGE(view, PAGE_SHIFT, DBT_RWX), 0);
		if (err)
			uprintf("composer: cannot revoke a DMA page: error %lu\n", err);
	}
	buffer_release(c, i);
	return DBT_OK;
}

/* Every buffer of c, whose task is destroyed: exactly its frames must go
 * back to the pool (the free list grows by the pages it held). */
void dma_release(struct component *c)
{
	unsigned n = 0;
	dbt_word_t pages = 0, held = 0;
	size_t before = frames_free();
	for (int i = 0; i < DMA_MAX_BUFFERS; i++) {
		if (!buffers[c->id][i].used)
			continue;
		n++;
		pages += buffers[c->id][i].pages;
		held += frames_held(DMA_OWNER(c->id, (unsigned)i));
		buffer_release(c, i);
	}
	if (!n)
		return;
	size_t back = frames_free() - before;
	if (back == pages && held == pages)
		component_logf(c, "reclaimed: %u DMA buffers, all %lu pages", n, pages);
	else
		component_logf(c, "DMA frames not reclaimed: %lu pages held, %zu of %lu back", held,
		               back, pages);
}
