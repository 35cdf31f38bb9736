/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fsalloc.c - the file systems' allocator seam (fs/fsalloc.h) on the
 * target: structures from the heap, file data pages from the frame pool
 * (so that a later page cache can map them into processes), the realtime
 * clock from time.c.
 */
#include "unixd.h"
#include "fsalloc.h"
#include "fs/pcache.h"
#include "mm/frame.h"
#include "mm/mm.h"
#include "timeu.h"

void *fs_alloc(size_t size)
{
	return calloc(1, size);
}

void fs_free(void *p)
{
	free(p);
}

void *fs_page_alloc(void)
{
	static bool hooked;

	if (!hooked) {		/* the page cache gives frames back when they run out */
		frame_set_reclaim(pcache_reclaim);
		hooked = true;
	}
	return frame_alloc();
}

void fs_pages_unmap(struct inode *ip, uint64_t from, uint64_t to,
                    void *(*page_of)(void *ctx, uint64_t index), void *ctx)
{
	mm_file_unmap(ip, from, to, page_of, ctx);
}

/* A file page that goes (truncate, unlink) leaves every process that
 * mapped it at once; their next access finds the file shorter (SIGBUS). */
void fs_page_free(void *page)
{
	if (!page)
		return;
	if (frame_refs(page) > 1)
		dbt_unmap(DBT_FPAGE((uintptr_t)page, 12, DBT_RWX), 0);
	frame_put(page);
}

uint64_t fs_now_ns(void)
{
	return time_realtime_ns();
}
