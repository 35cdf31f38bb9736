/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * host_platform.c - host stand-ins for the storage stack's platform hooks
 * (storage.h: blk_dma_alloc, blk_wait_*), linked into every tests/qemu/blk host
 * test: "DMA" memory is malloc'd (physical address = address), and a wait
 * only collects a status the fake device posted inside submit.
 */
#include <stdlib.h>
#include "iokit/drivers/storage.h"

int blk_dma_alloc(size_t bytes, void **va, uint64_t *phys)
{
	*va = aligned_alloc(4096, (bytes + 4095) & ~(size_t)4095);
	*phys = (uintptr_t)*va;
	return *va ? 0 : BLK_E_NOMEM;
}

void blk_dma_free(void *va, size_t bytes)
{
	(void)bytes;
	free(va);
}

struct blk_wait {
	int posted, status;
};

struct blk_wait *blk_wait_create(void)
{
	return calloc(1, sizeof(struct blk_wait));
}

void blk_wait_free(struct blk_wait *w)
{
	free(w);
}

void blk_wait_post(struct blk_wait *w, int status)
{
	w->status = status;
	w->posted = 1;
}

int blk_wait_sleep(struct blk_wait *w)
{
	if (!w->posted)         /* the fake device completes inside submit */
		abort();
	w->posted = 0;
	return w->status;
}

