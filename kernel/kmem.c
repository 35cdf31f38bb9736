/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kmem.c - buddy allocator for kernel objects (see kmem.h).
 * Free blocks are kept on doubly linked lists per order; the list links live
 * in the free block itself, the state byte out of band.
 */
#include "kmem.h"

#define META_FREE 0x80u         /* head of a free block; low bits: order */
#define META_USED 0x40u         /* head of an allocated block; low bits: order */

struct free_block {
	struct free_block *next, *prev;
};

struct kmem_pool kmem_pool;

unsigned kmem_order(size_t size)
{
	unsigned order = KMEM_MIN_ORDER;
	while (((size_t)1 << order) < size)
		order++;
	return order;
}

static size_t unit_of(struct kmem_pool *p, uintptr_t a)
{
	return (a - p->base) >> KMEM_MIN_ORDER;
}

static void list_push(struct kmem_pool *p, struct free_block *b, unsigned order)
{
	b->prev = NULL;
	b->next = p->free[order];
	if (b->next)
		b->next->prev = b;
	p->free[order] = b;
	p->meta[unit_of(p, (uintptr_t)b)] = (uint8_t)(META_FREE | order);
}

static void list_remove(struct kmem_pool *p, struct free_block *b, unsigned order)
{
	if (b->prev)
		b->prev->next = b->next;
	else
		p->free[order] = b->next;
	if (b->next)
		b->next->prev = b->prev;
	p->meta[unit_of(p, (uintptr_t)b)] = 0;
}

void kmem_pool_init(struct kmem_pool *p, void *area, size_t size)
{
	uintptr_t start = (uintptr_t)area, end = start + size;
	memset(p, 0, sizeof(*p));
	/* The metadata takes 1/64 of the area at its start. */
	size_t meta_bytes = ALIGN_UP(size >> KMEM_MIN_ORDER, (size_t)1 << KMEM_MIN_ORDER);
	p->meta = (uint8_t *)start;
	p->base = ALIGN_UP(start + meta_bytes, (uintptr_t)1 << KMEM_MIN_ORDER);
	p->units = (end - p->base) >> KMEM_MIN_ORDER;
	memset(p->meta, 0, meta_bytes);
	/* Carve the area into the largest aligned blocks that fit. */
	uintptr_t a = p->base;
	end = p->base + (p->units << KMEM_MIN_ORDER);
	while (a < end) {
		unsigned order = KMEM_MAX_ORDER;
		while (order > KMEM_MIN_ORDER &&
		       (((a - p->base) & (((uintptr_t)1 << order) - 1)) || a + ((uintptr_t)1 << order) > end))
			order--;
		list_push(p, (struct free_block *)a, order);
		p->total += (size_t)1 << order;
		a += (uintptr_t)1 << order;
	}
}

void *kmem_pool_alloc(struct kmem_pool *p, unsigned order)
{
	unsigned o = order;
	if (order < KMEM_MIN_ORDER || order > KMEM_MAX_ORDER)
		return NULL;
	while (o <= KMEM_MAX_ORDER && !p->free[o])
		o++;
	if (o > KMEM_MAX_ORDER)
		return NULL;
	struct free_block *b = p->free[o];
	list_remove(p, b, o);
	while (o > order) {     /* split, returning the upper halves */
		o--;
		list_push(p, (struct free_block *)((uintptr_t)b + ((uintptr_t)1 << o)), o);
	}
	p->meta[unit_of(p, (uintptr_t)b)] = (uint8_t)(META_USED | order);
	p->used += (size_t)1 << order;
	memset(b, 0, (size_t)1 << order);
	return b;
}

void kmem_pool_free(struct kmem_pool *p, void *block, unsigned order)
{
	uintptr_t a = (uintptr_t)block;
	assert(a >= p->base && unit_of(p, a) < p->units);
	assert(p->meta[unit_of(p, a)] == (META_USED | order));
	p->used -= (size_t)1 << order;
	while (order < KMEM_MAX_ORDER) {
		uintptr_t buddy = p->base + ((a - p->base) ^ ((uintptr_t)1 << order));
		size_t bu = unit_of(p, buddy);
		if (bu >= p->units || p->meta[bu] != (META_FREE | order))
			break;
		list_remove(p, (struct free_block *)buddy, order);
		a = MIN(a, buddy);
		order++;
	}
	list_push(p, (struct free_block *)a, order);
}
