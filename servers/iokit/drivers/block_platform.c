/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * block_platform.c (iokit/drivers) - the storage stack's platform hooks
 * (storage.h) in the framework server: DMA memory from the composer
 * (urt_dma_alloc: physically contiguous, zeroed, physical address known)
 * and one-shot waits on a runtime semaphore.  The host tests have their
 * own (tests/host/blk/host_platform.c).
 */
#include "urt.h"
#include "storage.h"
#include "block_srv.h"

int blk_dma_alloc(size_t bytes, void **va, uint64_t *phys)
{
	size_t pages = (bytes + 4095) / 4096;
	if (!pages || pages > DBT_COMP_DMA_MAX_PAGES)
		return BLK_E_INVAL;
	return urt_dma_alloc(pages, va, phys) ? BLK_E_NOMEM : BLK_OK;
}

void blk_dma_free(void *va, size_t bytes)
{
	(void)bytes;
	if (va)
		urt_dma_free(va);
}

struct blk_wait {
	urt_sem_t sem;
	int status;
};

struct blk_wait *blk_wait_create(void)
{
	struct blk_wait *w = malloc(sizeof(*w));
	if (w && urt_sem_init(&w->sem, 0) != URT_OK) {
		free(w);
		return NULL;
	}
	return w;
}

void blk_wait_free(struct blk_wait *w)
{
	if (!w)
		return;
	urt_sem_destroy(&w->sem);
	free(w);
}

void blk_wait_post(struct blk_wait *w, int status)
{
	w->status = status;
	urt_sem_post(&w->sem);          /* orders the status store before the wake-up */
}

int blk_wait_sleep(struct blk_wait *w)
{
	while (urt_sem_wait(&w->sem) != URT_OK)
		;
	return w->status;
}

/* One string instruction for the whole buffer when it is whole words. */
void blk_copy(void *dst, const void *src, size_t n)
{
	if (((uintptr_t)dst | (uintptr_t)src | n) & 7) {
		memcpy(dst, src, n);
		return;
	}
	size_t words = n / 8;
	__asm__ volatile("rep movsq" : "+D"(dst), "+S"(src), "+c"(words) : : "memory");
}
