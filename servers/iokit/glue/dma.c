/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dma.c - DMA buffers of the glue ABI 1.2 (glue.h): physically contiguous
 * memory whose physical address is known, obtained from the composer
 * (composer.dma_alloc / dma_free through the runtime, urt.h).
 *
 * The composer maps a buffer into the caller's DMA window and counts it
 * against the caller's memory budget; its errors (DBT_COMP_E_*) become
 * IOKIT_E* codes here.
 */
#include "urt.h"
#include "glue_abi.h"

#define DMA_PAGE 4096u

static int dma_err(int e)
{
	switch (e) {
	case 0:				return IOKIT_OK;
	case DBT_COMP_E_PAGES:		return IOKIT_EINVAL;
	case DBT_COMP_E_NO_BUFFER:	return IOKIT_EINVAL;
	case DBT_COMP_E_BUDGET:		return IOKIT_ENOMEM;
	case DBT_COMP_E_BUSY:		return IOKIT_EBUSY;
	default:			return IOKIT_EFAIL;
	}
}

int iokit_dma_alloc(size_t bytes, struct iokit_dma *out)
{
	void *va = NULL;
	uint64_t phys = 0;
	size_t pages;
	int e;

	if (!out)
		return IOKIT_EINVAL;
	*out = (struct iokit_dma){ 0 };
	if (!bytes || bytes > (size_t)DBT_COMP_DMA_MAX_PAGES * DMA_PAGE)
		return IOKIT_EINVAL;
	if (!urt_env)			/* a root task: no composer to ask */
		return IOKIT_EFAIL;
	pages = (bytes + DMA_PAGE - 1) / DMA_PAGE;
	e = urt_dma_alloc(pages, &va, &phys);
	if (e)
		return dma_err(e);
	*out = (struct iokit_dma){ .va = va, .phys = phys, .size = pages * DMA_PAGE };
	return IOKIT_OK;
}

void iokit_dma_free(struct iokit_dma *dma)
{
	int e;

	if (!dma || !dma->va)
		return;
	e = urt_dma_free(dma->va);
	if (e)
		iokit_logf("dma: freeing the buffer at %p: error %d", dma->va, e);
	*dma = (struct iokit_dma){ 0 };
}
