/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mm/frame.c - reference-counted frames from unixd's heap window.
 *
 * Frames come from the runtime's page source (urt_heap_pages: pages of the
 * heap window the composer fills on first touch); the count of frame i
 * (address DBT_ENV_HEAP_BASE + i pages) is refs[i].  A freed frame keeps
 * its mapping in unixd and goes on a free list threaded through the frames
 * themselves; before that, everything mapped on from it (TASK_MAP into a
 * process) is revoked with one UNMAP, so no process keeps a page that will
 * be handed to another.  When the window is used up, the reclaim hook
 * (frame_set_reclaim: the page cache) frees what it can spare first.
 */
#include "mm/frame.h"
#include <urt.h>

static uint32_t *refs;          /* per page of the heap window */
static size_t nrefs;
static void *free_list;         /* first word of a free frame: the next one */
static size_t in_use, owned;
static size_t (*reclaim)(size_t want);

/* How many frames one call of the reclaim hook is asked for (batched: a
 * cache walks its list for them). */
#define RECLAIM_BATCH 16

void frame_set_reclaim(size_t (*fn)(size_t want))
{
	reclaim = fn;
}

/* Frames never take the last 1/HEAP_RESERVE_DIV of the heap window.
 * unixd's own heap (malloc: processes, threads, pipe rings, file system
 * structures) draws on the same window, and a page once made a frame stays
 * one (a freed frame goes on free_list, never back to malloc): without a
 * reserve, one process that touched all the memory there is left unixd
 * unable to allocate anything again once it had gone. */
#define HEAP_RESERVE_DIV 8

size_t frame_window_untouched(void)
{
	struct urt_heap_stats hs;
	urt_heap_stats(&urt_heap_default, &hs);
	size_t taken = (owned << 12) + hs.bytes_source;
	return taken < urt_env->heap_max ? (urt_env->heap_max - taken) >> 12 : 0;
}

static bool window_has_room(void)
{
	return frame_window_untouched() > (urt_env->heap_max / HEAP_RESERVE_DIV) >> 12;
}

static size_t frame_index(const void *f)
{
	return ((uintptr_t)f - DBT_ENV_HEAP_BASE) >> 12;
}

int frame_init(void)
{
	nrefs = urt_env->heap_max >> 12;
	refs = calloc(nrefs, sizeof(*refs));
	return refs ? 0 : -1;
}

void *frame_alloc(void)
{
	/* the window is used up: caches (the page cache) give clean pages back
	 * before anyone is told there is no memory */
	if (!free_list && reclaim && !window_has_room())
		reclaim(RECLAIM_BATCH);
	void *f = free_list;
	if (f) {
		free_list = *(void **)f;
		memset(f, 0, 4096);
	} else {
		f = window_has_room() ? urt_heap_pages(1) : NULL;
		if (!f)
			return NULL;
		*(volatile char *)f = 0;        /* fault it in now: TASK_MAP needs it mapped */
		owned++;
	}
	refs[frame_index(f)] = 1;
	in_use++;
	return f;
}

void frame_get(void *f)
{
	refs[frame_index(f)]++;
}

void frame_put(void *f)
{
	size_t i = frame_index(f);
	if (--refs[i])
		return;
	dbt_unmap(DBT_FPAGE((uintptr_t)f, 12, DBT_RWX), 0);
	*(void **)f = free_list;
	free_list = f;
	in_use--;
}

unsigned frame_refs(const void *f)
{
	return refs[frame_index(f)];
}

size_t frame_in_use(void)
{
	return in_use;
}

size_t frame_owned(void)
{
	return owned;
}
