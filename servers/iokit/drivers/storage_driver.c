/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * storage_driver.c (iokit/drivers) - IOBlockStorageDriver: matches every
 * IOBlockStorageDevice and publishes the whole-disk IOMedia over it, named
 * "disk<N>" (N counts the disks of this framework instance from 0), which
 * the partition schemes then match; and the storage stack's personalities
 * (its entry in the server's driver table is in block_srv.c).
 */
#include "storage.h"
#include "fmt.h"
#include "util.h"

/* Disks seen by this instance; guarded by the registry lock (start runs under it). */
static unsigned storage_next_disk;

static int blkdrv_start(struct io_service *self, struct io_service *provider)
{
	struct io_block_device *dev = io_cast(provider, &IOBlockStorageDevice_class);
	char name[16];
	if (!dev || !dev->block_count || dev->block_size < 512 ||
	    (dev->block_size & (dev->block_size - 1)))
		return IO_ENODEV;
	snfmt(name, sizeof(name), "disk%u", storage_next_disk);
	struct io_media *m = io_media_create(dev, name, NULL, 0, dev->block_count, true);
	if (!m)
		return IO_ENOMEM;
	int err = io_service_attach(self, &m->svc);
	if (!err) {
		storage_next_disk++;
		err = io_service_register(&m->svc);
	}
	io_release(m);
	return err;
}

static const struct io_service_methods blkdrv_methods = { .start = blkdrv_start };

const struct io_class IOBlockStorageDriver_class = {
	.name = "IOBlockStorageDriver", .super = &IOService_class,
	.size = sizeof(struct io_service), .methods = &blkdrv_methods,
};

int storage_add_personalities(struct io_catalog *cat)
{
	struct io_dict *whole = io_dict_create();
	if (!whole || io_dict_set_number(whole, "whole", 1)) {
		io_release(whole);
		return IO_ENOMEM;
	}
	const struct io_personality_desc p[] = {
		{ .name = "IOBlockStorageDriver", .driver_class = &IOBlockStorageDriver_class,
		  .provider_class = &IOBlockStorageDevice_class, .score = 1000 },
		{ .name = "IOGUIDPartitionScheme", .driver_class = &IOGUIDPartitionScheme_class,
		  .provider_class = &IOMedia_class, .property_match = whole, .score = 2000,
		  .category = "IOPartitionScheme" },
		{ .name = "IOMBRPartitionScheme", .driver_class = &IOMBRPartitionScheme_class,
		  .provider_class = &IOMedia_class, .property_match = whole, .score = 1000,
		  .category = "IOPartitionScheme" },
	};
	int err = IO_OK;
	for (size_t i = 0; i < ARRAY_SIZE(p) && !err; i++)
		err = io_catalog_add(cat, &p[i]);
	io_release(whole);
	return err;
}
