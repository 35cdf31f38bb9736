/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * storage_part.c (iokit/drivers) - the partition-scheme drivers,
 * IOGUIDPartitionScheme and IOMBRPartitionScheme.  Both match a whole-disk
 * IOMedia; probe reads the table with part_scan() (servers/iokit/storage) and
 * declines unless it found its own scheme, so a GPT disk (whose protective
 * MBR is not a partition table) gets the GUID scheme and an MBR disk the MBR
 * one.  start publishes one IOMedia per partition, "<disk>s<index>" at
 * location "<index>", with the partition's properties (storage.h), and marks
 * the whole media as no longer a leaf.
 */
#include "storage.h"
#include "fmt.h"
#include "iokit/core/mem.h"
#include "iokit/storage/partition.h"

#define SCHEME_MAX_PARTS 256

struct io_partition_scheme {
	struct io_service svc;
	struct part_list list;          /* from probe; entries owned */
};

static void scheme_finalize(struct io_object *o)
{
	struct io_partition_scheme *s = (struct io_partition_scheme *)o;
	iok_free(s->list.entries);
	s->list.entries = NULL;
}

struct scan_ctx {
	struct io_media *media;
	void *va;               /* one block of DMA memory */
	uint64_t phys;
};

static int scan_read(void *ctx, uint64_t lba, uint32_t count, void *buf)
{
	struct scan_ctx *c = ctx;
	uint32_t bs = c->media->block_size;
	for (uint32_t i = 0; i < count; i++) {
		if (io_media_io_sync(c->media, BLK_OP_READ, lba + i, 1, c->va, c->phys))
			return -1;
		memcpy((uint8_t *)buf + (size_t)i * bs, c->va, bs);
	}
	return 0;
}

/* Reads media's table into s->list; PART_OK or a PART_E* code. */
static int scheme_scan(struct io_partition_scheme *s, struct io_media *media)
{
	struct scan_ctx c = { .media = media };
	struct part_work *w = iok_alloc(sizeof(*w));
	s->list = (struct part_list){ .entries = iok_alloc(sizeof(struct part_entry) *
							   SCHEME_MAX_PARTS),
				      .max = SCHEME_MAX_PARTS };
	int err = PART_EINVAL;
	if (w && s->list.entries && !blk_dma_alloc(media->block_size, &c.va, &c.phys)) {
		struct part_media pm = { .block_size = media->block_size,
					 .block_count = media->block_count,
					 .read = scan_read, .ctx = &c };
		err = part_scan(&pm, w, &s->list);
		blk_dma_free(c.va, media->block_size);
	}
	iok_free(w);
	return err;
}

static enum part_scheme scheme_of(const struct io_service *self)
{
	return io_instance_of(self, &IOGUIDPartitionScheme_class) ? PART_SCHEME_GPT
								  : PART_SCHEME_MBR;
}

static int scheme_probe(struct io_service *self, struct io_service *provider, int *score)
{
	struct io_partition_scheme *s = (struct io_partition_scheme *)self;
	struct io_media *media = io_cast(provider, &IOMedia_class);
	(void)score;
	if (!media || !media->whole)
		return IO_ENODEV;
	if (scheme_scan(s, media) != PART_OK || s->list.scheme != scheme_of(self)) {
		iok_free(s->list.entries);
		s->list.entries = NULL;
		return IO_ENODEV;
	}
	return IO_OK;
}

static int part_properties(struct io_media *m, const struct part_entry *e)
{
	struct io_dict *p = m->svc.props;
	char guid[37], hint[8];
	int err = io_dict_set_number(p, "partition-index", e->index);
	if (e->flags & PART_F_GPT) {
		part_guid_format(e->type_guid, guid);
		err = err || io_dict_set_string(p, "partition-type-guid", guid) ||
		      io_dict_set_string(p, "content-hint", guid) ||
		      io_dict_set_string(p, "partition-name", e->name) ||
		      io_dict_set_number(p, "partition-attributes", e->attributes);
		part_guid_format(e->unique_guid, guid);
		err = err || io_dict_set_string(p, "partition-uuid", guid);
	} else {
		snfmt(hint, sizeof(hint), "0x%02x", e->mbr_type);
		err = err || io_dict_set_number(p, "partition-type", e->mbr_type) ||
		      io_dict_set_string(p, "content-hint", hint) ||
		      io_dict_set_number(p, "bootable", !!(e->flags & PART_F_BOOTABLE));
	}
	return err ? IO_ENOMEM : IO_OK;
}

/* Publishes the partition media of entry e under the scheme. */
static int publish_partition(struct io_service *self, struct io_media *whole,
			     const struct part_entry *e)
{
	char name[IO_NAME_MAX], loc[16];
	const char *disk = io_dict_get_string(whole->svc.props, "bsd-name");
	snfmt(name, sizeof(name), "%ss%u", disk ? disk : whole->svc.name, e->index);
	snfmt(loc, sizeof(loc), "%u", e->index);
	struct io_media *m = io_media_create(whole->dev, name, loc,
					     whole->base_lba + e->start_lba, e->block_count, false);
	if (!m)
		return IO_ENOMEM;
	int err = part_properties(m, e);
	if (!err)
		err = io_service_attach(self, &m->svc);
	if (!err)
		err = io_service_register(&m->svc);
	io_release(m);
	return err;
}

static int scheme_start(struct io_service *self, struct io_service *provider)
{
	struct io_partition_scheme *s = (struct io_partition_scheme *)self;
	struct io_media *whole = io_cast(provider, &IOMedia_class);
	if (!whole || !s->list.entries)
		return IO_ENODEV;
	int err = io_dict_set_string(self->props, "partition-scheme",
				     s->list.scheme == PART_SCHEME_GPT ? "GPT" : "MBR") ||
		  io_dict_set_number(self->props, "partition-count", s->list.count) ||
		  io_dict_set_number(self->props, "partitions-skipped", s->list.skips_total) ||
		  io_dict_set_number(whole->svc.props, "leaf", 0) ? IO_ENOMEM : IO_OK;
	for (uint32_t i = 0; i < s->list.count && !err; i++)
		err = publish_partition(self, whole, &s->list.entries[i]);
	if (err)
		io_dict_set_number(whole->svc.props, "leaf", 1);
	return err;
}

static void scheme_stop(struct io_service *self, struct io_service *provider)
{
	struct io_media *whole = io_cast(provider, &IOMedia_class);
	(void)self;
	if (whole)
		io_dict_set_number(whole->svc.props, "leaf", 1);
}

static const struct io_service_methods scheme_methods = {
	.probe = scheme_probe, .start = scheme_start, .stop = scheme_stop,
};

const struct io_class IOPartitionScheme_class = {
	.name = "IOPartitionScheme", .super = &IOService_class,
	.size = sizeof(struct io_partition_scheme), .finalize = scheme_finalize,
	.methods = &scheme_methods,
};

const struct io_class IOGUIDPartitionScheme_class = {
	.name = "IOGUIDPartitionScheme", .super = &IOPartitionScheme_class,
	.size = sizeof(struct io_partition_scheme),
};

const struct io_class IOMBRPartitionScheme_class = {
	.name = "IOMBRPartitionScheme", .super = &IOPartitionScheme_class,
	.size = sizeof(struct io_partition_scheme),
};
