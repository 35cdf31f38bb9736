/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bcache.h (unixd) - the buffer cache: file system blocks of one block
 * device held in memory, read once, written back later.
 *
 * A buffer is one block of the file system's size (a multiple of the
 * device's), in memory from the device's buf_alloc so that the device
 * transfers straight into it.  Buffers are found by block number (a hash),
 * counted while used (bcache_read ... bcache_put) and kept on one LRU list;
 * when the cache holds its maximum, the least recently used buffer nobody
 * holds is reused (written first if dirty).  A buffer held by a caller is
 * never reused, so the maximum is a soft bound: it grows by what callers hold
 * at once (a few per operation).
 *
 * Write-back: bcache_dirty marks a buffer; dirty buffers reach the device on
 * bcache_sync (sync, fsync, unmount), on eviction, and from bcache_tick once
 * they have been dirty for BCACHE_EXPIRE_NS (the server calls it
 * periodically).  A write that fails leaves the buffer dirty and the error
 * is remembered and returned by the next bcache_sync, as Linux reports
 * write-back errors at fsync.
 *
 * All I/O is synchronous (struct blkdev).  Nothing is locked: unixd serves
 * one call at a time.
 */
#ifndef UNIXD_BCACHE_H
#define UNIXD_BCACHE_H

#include <stdbool.h>
#include <stdint.h>
#include "blkdev.h"

#define BCACHE_EXPIRE_NS	5000000000ull	/* dirty data reaches the disk within 5 s */
#define BCACHE_HASH		256u

struct bbuf {
	uint64_t blk;			/* file system block number */
	uint8_t *data;			/* bsize bytes, from the device's buf_alloc */
	uint32_t refs;			/* callers holding it: not reused while > 0 */
	bool dirty;
	uint64_t dirtied_ns;		/* when it became dirty */
	struct bbuf *hnext;		/* hash chain */
	struct bbuf *prev, *next;	/* LRU list: most recently used first */
};

struct bcache {
	struct blkdev *dev;
	uint32_t bsize;			/* bytes per buffer */
	uint32_t lba_per;		/* device blocks per buffer */
	uint32_t nbufs, max_bufs;
	uint64_t reads, writes;		/* blocks moved (statistics for tests and /proc) */
	int err;			/* a write-back error not yet reported */
	struct bbuf *hash[BCACHE_HASH];
	struct bbuf *head, *tail;
};

/* A cache of max_bufs blocks of bsize bytes (a multiple of dev's block size). */
int bcache_new(struct blkdev *dev, uint32_t bsize, uint32_t max_bufs, struct bcache **out);
/* Frees every buffer, dirty or not (sync first); none may be held. */
void bcache_destroy(struct bcache *bc);
/* Block blk, read from the device unless cached; *out held (bcache_put). */
int bcache_read(struct bcache *bc, uint64_t blk, struct bbuf **out);
/* Block blk about to be overwritten whole: zeroed, not read; *out held. */
int bcache_zero(struct bcache *bc, uint64_t blk, struct bbuf **out);
void bcache_dirty(struct bcache *bc, struct bbuf *b);
void bcache_put(struct bcache *bc, struct bbuf *b);
/* Block blk was freed: whatever is cached of it is dropped, never written. */
void bcache_forget(struct bcache *bc, uint64_t blk);
/* Writes every dirty buffer; flush: then the device's cache too.  The first
 * error (also one of an earlier write-back) is returned. */
int bcache_sync(struct bcache *bc, bool flush);
/* Periodic write-back: buffers dirty since BCACHE_EXPIRE_NS before now_ns. */
int bcache_tick(struct bcache *bc, uint64_t now_ns);

#endif
