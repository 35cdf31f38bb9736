/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fakedisk.h - host stand-ins for the storage stack's platform hooks
 * (blk_dma_alloc, blk_wait_*) and a fake IOBlockStorageDevice over an
 * in-memory image that completes each request at once, with an injectable
 * error; plus builders of MBR and GPT images (the same on-disk formats
 * sfdisk and sgdisk write; tests/host/part checks the parser against the tools).
 */
#ifndef TESTS_BLK_FAKEDISK_H
#define TESTS_BLK_FAKEDISK_H

#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "iokit/core/mem.h"
#include "iokit/drivers/storage.h"
#include "partition.h"

/* ---- the fake disk --------------------------------------------------------------- */
struct fakedisk {
	struct io_block_device dev;
	uint8_t *img;
	long fail_countdown;    /* > 0: the request that takes it to 0 fails with BLK_E_IO */
	bool fail_all;          /* every request fails with BLK_E_IO */
	unsigned reads, writes, flushes;
};

static int fake_submit(struct io_block_device *dev, struct blk_request *r)
{
	struct fakedisk *f = (struct fakedisk *)dev;
	size_t off = (size_t)r->lba * dev->block_size, n = (size_t)r->nblocks * dev->block_size;
	if (r->op != BLK_OP_FLUSH && (r->lba >= dev->block_count ||
				      r->nblocks > dev->block_count - r->lba))
		abort();                /* the media must have refused this */
	int status = BLK_OK;
	if (f->fail_all || (f->fail_countdown > 0 && --f->fail_countdown == 0))
		status = BLK_E_IO;
	else if (r->op == BLK_OP_READ)
		memcpy(r->va, f->img + off, n), f->reads++;
	else if (r->op == BLK_OP_WRITE)
		memcpy(f->img + off, r->va, n), f->writes++;
	else
		f->flushes++;
	r->done(r, status);
	return BLK_OK;
}

static void fake_finalize(struct io_object *o)
{
	free(((struct fakedisk *)o)->img);
}

static const struct io_class FakeDisk_class = {
	.name = "FakeDisk", .super = &IOBlockStorageDevice_class,
	.size = sizeof(struct fakedisk), .finalize = fake_finalize,
};

/* A fake disk of count 512-byte blocks, zeroed (one reference). */
__attribute__((unused)) static struct fakedisk *fakedisk_create(uint64_t count, bool writable)
{
	struct fakedisk *f = (struct fakedisk *)io_service_create(&FakeDisk_class,
								   "IOBlockStorageDevice", "0");
	f->img = calloc(count, 512);
	f->dev.block_size = 512;
	f->dev.block_count = count;
	f->dev.max_blocks = 2048;
	f->dev.writable = writable;
	f->dev.can_flush = true;
	f->dev.submit = fake_submit;
	blk_device_set_properties(&f->dev);
	return f;
}

/* ---- images ---------------------------------------------------------------------- */
static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

__attribute__((unused)) static void mbr_entry(uint8_t *img, int slot, uint8_t status,
					       uint8_t type, uint32_t start, uint32_t count)
{
	uint8_t *e = img + 0x1be + 16 * slot;
	e[0] = status;
	e[4] = type;
	put32(e + 8, start);
	put32(e + 12, count);
	img[510] = 0x55;
	img[511] = 0xaa;
}

struct gpt_part {
	uint8_t type[16], uuid[16];
	uint64_t first, last;
	const char *name;       /* ASCII */
};

/* A primary GPT (protective MBR, header at LBA 1, 128 entries at LBA 2). */
__attribute__((unused)) static void gpt_build(uint8_t *img, uint64_t blocks,
					       const struct gpt_part *p, int n)
{
	mbr_entry(img, 0, 0, 0xee, 1, (uint32_t)(blocks - 1));
	uint8_t *arr = img + 2 * 512;
	for (int i = 0; i < n; i++) {
		uint8_t *e = arr + 128 * i;
		memcpy(e, p[i].type, 16);
		memcpy(e + 16, p[i].uuid, 16);
		put64(e + 32, p[i].first);
		put64(e + 40, p[i].last);
		for (int k = 0; p[i].name[k]; k++)
			e[56 + 2 * k] = (uint8_t)p[i].name[k];
	}
	uint8_t *h = img + 512;
	memcpy(h, "EFI PART", 8);
	put32(h + 8, 0x00010000);
	put32(h + 12, 92);
	put64(h + 24, 1);
	put64(h + 32, blocks - 1);
	put64(h + 40, 34);
	put64(h + 48, blocks - 34);
	memset(h + 56, 0x42, 16);
	put64(h + 72, 2);
	put32(h + 80, 128);
	put32(h + 84, 128);
	put32(h + 88, part_crc32(0, arr, 128 * 128));
	put32(h + 16, part_crc32(0, h, 92));
}

#endif
