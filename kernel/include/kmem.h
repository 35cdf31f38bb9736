/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kmem.h - the kernel-object allocator: a buddy allocator over the kernel pool.
 *
 * Blocks are powers of two from 64 bytes (KMEM_MIN_ORDER) to 2 MiB
 * (KMEM_MAX_ORDER), aligned to their size.  Block state lives out of band in
 * one byte per 64-byte unit, so nothing a user can write into an object (a
 * UTCB page, say) can fool the allocator.  Callers normally go through
 * quota_alloc(), which charges a quota; kmem_* is the raw pool.
 */
#ifndef KERNEL_KMEM_H
#define KERNEL_KMEM_H

#include "types.h"

#define KMEM_MIN_ORDER 6
#define KMEM_MAX_ORDER 21

struct kmem_pool {
	uintptr_t base;         /* first byte of the managed area */
	size_t units;           /* 64-byte units in the area */
	uint8_t *meta;          /* one byte per unit */
	void *free[KMEM_MAX_ORDER + 1];
	size_t total, used;     /* bytes */
};

extern struct kmem_pool kmem_pool;

/* Manage [area, area + size): the first part becomes the metadata array. */
void kmem_pool_init(struct kmem_pool *p, void *area, size_t size);
void *kmem_pool_alloc(struct kmem_pool *p, unsigned order);
void kmem_pool_free(struct kmem_pool *p, void *block, unsigned order);
unsigned kmem_order(size_t size);       /* smallest order holding size */

#endif
