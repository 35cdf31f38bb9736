/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * blkdev.h (unixd) - a block device as the file systems and the buffer cache
 * see it: numbered blocks of one size, read and written whole.
 *
 * Two implementations: unixd's client of a driver-framework instance's block
 * service (interfaces/block.idl; disk.c), whose buffers live in the region
 * shared with the instance so that the device transfers straight into them,
 * and the host tests' image file.  The buffer cache asks the device for its
 * buffer memory (buf_alloc) so that either can place it where it transfers
 * best.
 *
 * Calls are synchronous: they return when the transfer is done or failed.
 * Errors are negative Linux errnos: -LX_EIO for a failed or lost transfer
 * (the device stays usable: a client that lost its instance reconnects
 * inside the call or fails it), -LX_EROFS for a write to a read-only
 * device, -LX_ENOMEM when no buffer memory is left.
 */
#ifndef UNIXD_BLKDEV_H
#define UNIXD_BLKDEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct blkdev;

struct blkdev_ops {
	/* count blocks from lba into buf / out of buf (buf from buf_alloc) */
	int (*read)(struct blkdev *d, uint64_t lba, uint32_t count, void *buf);
	int (*write)(struct blkdev *d, uint64_t lba, uint32_t count, const void *buf);
	/* everything written so far is on stable storage */
	int (*flush)(struct blkdev *d);
	/* memory for transfers, of size bytes, aligned to the block size; NULL when none is left */
	void *(*buf_alloc)(struct blkdev *d, size_t size);
	void (*buf_free)(struct blkdev *d, void *buf, size_t size);
	/* optional (NULL: not offered): count blocks from lba, at most max_blocks,
	 * piece bytes (a multiple of the block size) into each of pages[0], [1], ...
	 * in turn, any memory: readahead fills page-cache pages without a copy
	 * through a buffer of its own */
	int (*read_pages)(struct blkdev *d, uint64_t lba, uint32_t count, uint8_t *const *pages,
			  size_t piece);
};

struct blkdev {
	const struct blkdev_ops *ops;
	uint32_t block_size;		/* bytes per block: 512 or a power of two above */
	uint64_t nblocks;
	uint32_t max_blocks;		/* the largest transfer, in blocks (>= 1) */
	bool readonly;
	char name[32];			/* "vda1": what /proc/mounts and the log call it */
	uint32_t rdev;			/* its device number (st_rdev of /dev/NAME) */
	void *priv;			/* the implementation's */
};

#endif
