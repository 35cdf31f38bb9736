/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * storage_media.c (iokit/drivers) - IOBlockStorageDevice (the nub a disk
 * controller publishes) and IOMedia (a range of its blocks), with the range
 * checks every request passes before it reaches a device (storage.h).
 */
#include "storage.h"
#include "iokit/core/mem.h"

const struct io_class IOBlockStorageDevice_class = {
	.name = "IOBlockStorageDevice", .super = &IOService_class,
	.size = sizeof(struct io_block_device),
};

int blk_device_set_properties(struct io_block_device *dev)
{
	struct io_dict *p = dev->svc.props;
	if (io_dict_set_number(p, "block-size", dev->block_size) ||
	    io_dict_set_number(p, "block-count", dev->block_count) ||
	    io_dict_set_number(p, "size", dev->block_count * dev->block_size) ||
	    io_dict_set_number(p, "max-blocks", dev->max_blocks) ||
	    io_dict_set_number(p, "writable", dev->writable) ||
	    io_dict_set_number(p, "flush", dev->can_flush))
		return IO_ENOMEM;
	return IO_OK;
}

int blk_device_submit(struct io_block_device *dev, struct blk_request *r)
{
	if (dev->gone || !dev->submit)
		return BLK_E_GONE;
	if (r->op == BLK_OP_FLUSH && !dev->can_flush)
		return BLK_E_UNSUPP;
	return dev->submit(dev, r);
}

static void media_finalize(struct io_object *o)
{
	struct io_media *m = (struct io_media *)o;
	io_release(m->dev);
}

const struct io_class IOMedia_class = {
	.name = "IOMedia", .super = &IOService_class,
	.size = sizeof(struct io_media), .finalize = media_finalize,
};

static int media_properties(struct io_media *m, const char *bsd_name)
{
	struct io_dict *p = m->svc.props;
	if (io_dict_set_string(p, "bsd-name", bsd_name) ||
	    io_dict_set_number(p, "size", m->block_count * m->block_size) ||
	    io_dict_set_number(p, "block-size", m->block_size) ||
	    io_dict_set_number(p, "block-count", m->block_count) ||
	    io_dict_set_number(p, "base", m->base_lba * m->block_size) ||
	    io_dict_set_number(p, "whole", m->whole) ||
	    io_dict_set_number(p, "leaf", 1) ||
	    io_dict_set_number(p, "writable", m->writable))
		return IO_ENOMEM;
	return IO_OK;
}

struct io_media *io_media_create(struct io_block_device *dev, const char *bsd_name,
				 const char *location, uint64_t base, uint64_t count, bool whole)
{
	if (!io_cast(dev, &IOBlockStorageDevice_class) || !count || base > dev->block_count ||
	    count > dev->block_count - base)
		return NULL;
	struct io_media *m = (struct io_media *)io_service_create(&IOMedia_class, bsd_name,
								     location);
	if (!m)
		return NULL;
	m->dev = io_retain(dev);
	m->base_lba = base;
	m->block_count = count;
	m->block_size = dev->block_size;
	m->whole = whole;
	m->writable = dev->writable;
	if (media_properties(m, bsd_name)) {
		io_release(m);
		return NULL;
	}
	return m;
}

bool io_media_alive(const struct io_media *m)
{
	return m->svc.state == IO_SVC_ATTACHED && !m->svc.terminating && !m->dev->gone;
}

/* Checks a request against the media: the decode half of a submit. */
static int media_check(const struct io_media *m, const struct blk_request *r)
{
	if (!r->done)
		return BLK_E_INVAL;
	if (!io_media_alive(m))
		return BLK_E_GONE;
	if (r->op == BLK_OP_FLUSH)
		return BLK_OK;
	if (r->op != BLK_OP_READ && r->op != BLK_OP_WRITE)
		return BLK_E_INVAL;
	if (!r->nblocks || r->nblocks > m->dev->max_blocks || !r->va)
		return BLK_E_INVAL;
	if (r->lba >= m->block_count || r->nblocks > m->block_count - r->lba)
		return BLK_E_RANGE;
	if (r->op == BLK_OP_WRITE && !m->writable)
		return BLK_E_RDONLY;
	return BLK_OK;
}

int io_media_submit(struct io_media *m, struct blk_request *r)
{
	int err = media_check(m, r);
	if (err)
		return err;
	if (r->op != BLK_OP_FLUSH)
		r->lba += m->base_lba;
	err = blk_device_submit(m->dev, r);
	if (err && r->op != BLK_OP_FLUSH)
		r->lba -= m->base_lba;  /* the caller's request stays as it was */
	return err;
}

static void sync_done(struct blk_request *r, int status)
{
	blk_wait_post(r->ctx, status);
}

int io_media_io_sync(struct io_media *m, enum blk_op op, uint64_t lba, uint32_t n,
		     void *va, uint64_t phys)
{
	struct blk_wait *w = blk_wait_create();
	if (!w)
		return BLK_E_NOMEM;
	struct blk_request r = {
		.op = op, .lba = lba, .nblocks = n, .va = va, .phys = phys,
		.done = sync_done, .ctx = w,
	};
	int err = io_media_submit(m, &r);
	if (!err)
		err = blk_wait_sleep(w);
	blk_wait_free(w);
	return err;
}
