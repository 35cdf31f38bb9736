/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * urt/malloc.h - the heap: malloc, free, calloc, realloc over pages the
 * component owns.
 *
 * Memory comes from a page source (urt_morecore_t): the default maps fresh
 * physical frames (root tasks, urt_pages_try_alloc); a component started by
 * the composer installs one that asks the composer and returns NULL when its
 * quota is exhausted, and malloc then returns NULL.  The allocator and its
 * checks are described in malloc.c and docs/RUNTIME.md.
 */
#ifndef URT_MALLOC_H
#define URT_MALLOC_H

#include <stddef.h>
#include <stdint.h>
#include "urt/sync.h"

/* n fresh, zeroed, read-write pages, or NULL if none can be had. */
typedef void *urt_morecore_t(size_t pages);

#define URT_HEAP_BINS 48
#define URT_HEAP_ALIGN 16

/* A heap.  All fields are private to malloc.c and guarded by lock. */
struct urt_heap {
	urt_mutex_t lock;
	urt_morecore_t *morecore;       /* page source */
	size_t grow_pages;              /* minimum pages asked of the source */
	uint64_t nonempty;              /* bit i: bin[i] has a free chunk */
	struct urt_chunk *bin[URT_HEAP_BINS];
	struct urt_segment *segments;   /* every segment, newest first */
	uintptr_t lo, hi;               /* bounds of every segment, for free() checks */
	size_t bytes_source;            /* bytes obtained from the source */
	size_t bytes_used;              /* bytes in allocated chunks (headers included) */
	size_t nalloc;                  /* allocated chunks */
	size_t errors;                  /* bad frees / corruption detected */
};

#define URT_HEAP_INIT(source) { .lock = URT_MUTEX_INIT, .morecore = (source), .grow_pages = 16 }

struct urt_heap_stats {
	size_t bytes_source, bytes_used, nalloc, errors;
};

/* The heap malloc() uses; its source is urt_pages_try_alloc until changed. */
extern struct urt_heap urt_heap_default;

void *malloc(size_t size);
void free(void *p);
void *calloc(size_t n, size_t size);
void *realloc(void *p, size_t size);

/* Change the default heap's page source (call before the first malloc, or
 * at any time: segments already obtained stay in use). */
void urt_malloc_set_morecore(urt_morecore_t *fn);

/* The same on an explicit heap (tests, private arenas). */
void *urt_heap_alloc(struct urt_heap *h, size_t size);
int urt_heap_free(struct urt_heap *h, void *p);
void *urt_heap_realloc(struct urt_heap *h, void *p, size_t size);
void urt_heap_stats(struct urt_heap *h, struct urt_heap_stats *st);
/* Walk every chunk and check headers, footers and free lists: 0 if the heap
 * is consistent, else URT_ECORRUPT (and a console report). */
int urt_heap_check(struct urt_heap *h);

#endif
