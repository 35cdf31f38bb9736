/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fsalloc.c - the file systems' allocator seam (fs/fsalloc.h) on the
 * target: structures from the heap, file data pages from the frame pool
 * (so that a later page cache can map them into processes), the realtime
 * clock from time.c.
 */
#include "unixd.h"
#include "fsalloc.h"
#include "mm/frame.h"
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
	return frame_alloc();
}

void fs_page_free(void *page)
{
	if (page)
		frame_put(page);
}

uint64_t fs_now_ns(void)
{
	return time_realtime_ns();
}
