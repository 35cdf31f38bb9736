/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mm/frame.h - the frames unixd owns for its processes.
 *
 * A frame is one page of unixd's own heap window (mapped in unixd by its
 * pager, the composer, on first touch, and counted against unixd's memory
 * budget).  Processes see frames through TASK_MAP; each frame has a
 * reference count: one per page-table entry (mm/pmap.c), per page of a
 * shared memory object, per page of a file's data.  At zero the frame is
 * revoked from every task it was mapped into and kept on a free list.
 */
#ifndef UNIX_FRAME_H
#define UNIX_FRAME_H

#include <stddef.h>
#include <stdint.h>

int frame_init(void);
/* A zeroed frame with one reference, or NULL when the budget is spent. */
void *frame_alloc(void);
/* fn frees up to want frames it can do without (frame_put) when frame_alloc
 * finds none: how many it freed. */
void frame_set_reclaim(size_t (*fn)(size_t want));
void frame_get(void *f);
void frame_put(void *f);
unsigned frame_refs(const void *f);
/* Frames in use (referenced), and frames obtained from the composer. */
size_t frame_in_use(void);
size_t frame_owned(void);
/* Pages of unixd's heap window that neither frames nor malloc have taken
 * yet: each still costs unixd kernel memory when it is first touched. */
size_t frame_window_untouched(void);

#endif
