/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * storage.h (iokit/drivers) - the storage stack of the driver framework:
 *
 *   controller driver (virtio-blk, ...) publishes an IOBlockStorageDevice
 *     -> IOBlockStorageDriver publishes the whole-disk IOMedia ("disk0")
 *       -> IOGUIDPartitionScheme or IOMBRPartitionScheme (part_scan)
 *         -> one IOMedia per partition ("disk0s1", "disk0s2", ...)
 *
 * I/O is asynchronous: a struct blk_request (block range, a physically
 * contiguous buffer, a completion callback) is submitted to a media, which
 * checks the range, adds its offset and passes it to the device; the device
 * calls done() once, from its own thread (its work loop).  io_media_io_sync
 * waits for it.
 *
 * Locking: submitting (io_media_submit, blk_device_submit) and reading the
 * stack's fields happen with iokitd_lock() held, or from probe/start (which
 * run with it held); a controller driver's stop (also with the lock held)
 * marks its device gone and completes everything in flight with
 * BLK_E_GONE, so a media or handle kept past termination fails cleanly.
 * done() callbacks run on the device's work loop without the lock and must
 * not take it.  Sync I/O must therefore not be issued from the device's own
 * work loop.
 *
 * Errors of the block layer are the BLK_E_* codes below; the block client
 * interface (block.idl) returns the same values.
 */
#ifndef IOKIT_DRIVERS_STORAGE_H
#define IOKIT_DRIVERS_STORAGE_H

#include <stdbool.h>
#include <stdint.h>
#include "iokit/core/match.h"
#include "block_proto.h"

enum blk_op {
	BLK_OP_READ,
	BLK_OP_WRITE,
	BLK_OP_FLUSH,
};

struct blk_request;
typedef void blk_done_fn(struct blk_request *r, int status);

struct blk_request {
	enum blk_op op;
	uint64_t lba;           /* in blocks of the media/device it is submitted to */
	uint32_t nblocks;       /* 0 for a flush */
	void *va;               /* nblocks * block_size bytes, physically contiguous */
	uint64_t phys;
	blk_done_fn *done;      /* called once: status BLK_OK or BLK_E_* */
	void *ctx;              /* for the submitter */
	/* the device driver's while it holds the request */
	struct urt_link link;   /* on one list of the driver's at a time */
	void *drv;
	int status;
};

/*
 * IOBlockStorageDevice: a nub a controller driver publishes for one disk.
 * submit returns BLK_OK once the request is queued (done will be called)
 * or an error (done will not be called).  The controller fills the fields
 * before publishing; after that only `gone` changes (in its stop).
 */
struct io_block_device {
	struct io_service svc;
	uint32_t block_size;    /* bytes, a power of two >= 512 */
	uint64_t block_count;
	uint32_t max_blocks;    /* per request */
	bool writable;
	bool can_flush;
	bool gone;              /* the controller stopped: every submit fails */
	volatile bool fault_armed;      /* fault injection (block.idl fault): the
	                                   controller faults at its next interrupt */
	int (*submit)(struct io_block_device *dev, struct blk_request *r);
	void *driver;           /* the controller's */
};
extern const struct io_class IOBlockStorageDevice_class;

/* Fills the nub's properties from its fields ("block-size", "block-count",
 * "size", "writable", "max-blocks"); the controller calls it before publishing. */
int blk_device_set_properties(struct io_block_device *dev);
/* Range already checked; BLK_E_GONE when the controller stopped. */
int blk_device_submit(struct io_block_device *dev, struct blk_request *r);

/*
 * IOMedia: a range of blocks of a device.  A whole-disk media covers the
 * device; a partition media starts at base_lba.  Properties: "bsd-name",
 * "size" (bytes), "block-size", "block-count", "base" (byte offset on the
 * device), "whole", "leaf", "writable" (numbers 0/1), "content-hint"; for
 * partitions "partition-index", "partition-type" (MBR type), "partition-name",
 * "partition-uuid", "partition-type-guid" (GPT).
 */
struct io_media {
	struct io_service svc;
	struct io_block_device *dev;    /* owned reference */
	uint64_t base_lba;              /* in device blocks */
	uint64_t block_count;
	uint32_t block_size;
	bool whole, writable;
};
extern const struct io_class IOMedia_class;

/* A new media (one reference) over dev's blocks [base, base + count). */
struct io_media *io_media_create(struct io_block_device *dev, const char *bsd_name,
				 const char *location, uint64_t base, uint64_t count, bool whole);
/* BLK_E_RANGE outside the media (r->lba relative to it), BLK_E_INVAL for a
 * bad request, BLK_E_RDONLY, BLK_E_GONE; otherwise queued (done follows). */
int io_media_submit(struct io_media *m, struct blk_request *r);
/* Submit and wait for the result (not from the device's work loop). */
int io_media_io_sync(struct io_media *m, enum blk_op op, uint64_t lba, uint32_t n,
		     void *va, uint64_t phys);
/* Whether the media can still take requests (not terminated, device there). */
bool io_media_alive(const struct io_media *m);

extern const struct io_class IOBlockStorageDriver_class;
extern const struct io_class IOPartitionScheme_class;
extern const struct io_class IOMBRPartitionScheme_class;
extern const struct io_class IOGUIDPartitionScheme_class;

/* Adds the storage stack's personalities to cat. */
int storage_add_personalities(struct io_catalog *cat);

/*
 * Platform hooks (block_platform.c on the target, the test's own on the
 * host): physically contiguous memory and a one-shot wait.
 */
int blk_dma_alloc(size_t bytes, void **va, uint64_t *phys);
void blk_dma_free(void *va, size_t bytes);

struct blk_wait;
struct blk_wait *blk_wait_create(void);
void blk_wait_free(struct blk_wait *w);
/* Record status and wake the waiter (from a done callback). */
void blk_wait_post(struct blk_wait *w, int status);
/* Sleep until posted; returns the status and re-arms w. */
int blk_wait_sleep(struct blk_wait *w);

#endif
