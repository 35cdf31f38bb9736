/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_storage.c - the storage stack (servers/iokit/drivers/storage*.c) on the
 * framework core: a fake IOBlockStorageDevice is published, the
 * IOBlockStorageDriver publishes the whole-disk IOMedia, the GPT or MBR
 * scheme publishes partition media with their properties; I/O through a
 * partition lands at the right blocks; range, read-only, device-error and
 * device-gone errors; a failed table read leaves the disk a leaf; and
 * tearing the registry down frees everything.
 */
#include <stdio.h>
#include "fakedisk.h"

#define DISK_BLOCKS 16384       /* 8 MiB */

struct fix {
	struct io_registry *reg;
	struct io_catalog *cat;
	struct fakedisk *disk;
	long live;
};

static bool fix_init(struct fix *f, bool writable)
{
	f->live = iok_mem_live();
	f->reg = io_registry_create();
	f->cat = io_catalog_create(f->reg);
	f->disk = fakedisk_create(DISK_BLOCKS, writable);
	return f->reg && f->cat && f->disk && storage_add_personalities(f->cat) == IO_OK;
}

static void fix_publish(struct fix *f)
{
	io_service_attach(io_registry_root(f->reg), &f->disk->dev.svc);
	io_service_register(&f->disk->dev.svc);
}

/* Tears everything down; true if nothing is left allocated. */
static bool fix_fini(struct fix *f)
{
	io_release(f->disk);
	io_catalog_destroy(f->cat);
	io_registry_destroy(f->reg);
	return iok_mem_live() == f->live;
}

static struct io_media *whole_media(struct fix *f)
{
	struct io_service *drv = io_service_first_client(&f->disk->dev.svc);
	if (!drv || strcmp(io_class_name(drv), "IOBlockStorageDriver"))
		return NULL;
	return io_cast(io_service_first_client(drv), &IOMedia_class);
}

static struct io_service *scheme_of(struct io_media *m)
{
	return io_service_first_client(&m->svc);
}

/* The n-th partition media (0-based) under the whole media's scheme. */
static struct io_media *part_media(struct io_media *whole, int n)
{
	struct io_service *s = scheme_of(whole);
	struct io_service *c = s ? io_service_first_client(s) : NULL;
	while (c && n--)
		c = io_service_next_sibling(c);
	return io_cast(c, &IOMedia_class);
}

static uint64_t num(struct io_media *m, const char *key)
{
	uint64_t v = ~0ull;
	io_dict_get_number(m->svc.props, key, &v);
	return v;
}

static const char *str(struct io_media *m, const char *key)
{
	const char *s = io_dict_get_string(m->svc.props, key);
	return s ? s : "(none)";
}

static void make_mbr(uint8_t *img)
{
	mbr_entry(img, 0, 0x80, 0x83, 2048, 4096);
	mbr_entry(img, 1, 0x00, 0x0c, 6144, 8192);
}

static const struct gpt_part gpt_parts[2] = {
	{ /* EFI system C12A7328-F81F-11D2-BA4B-00A0C93EC93B */
	  { 0x28, 0x73, 0x2a, 0xc1, 0x1f, 0xf8, 0xd2, 0x11, 0xba, 0x4b, 0x00, 0xa0, 0xc9, 0x3e,
	    0xc9, 0x3b },
	  { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 }, 2048, 4095, "boot" },
	{ /* Linux filesystem 0FC63DAF-8483-4772-8E79-3D69D8477DE4 */
	  { 0xaf, 0x3d, 0xc6, 0x0f, 0x83, 0x84, 0x72, 0x47, 0x8e, 0x79, 0x3d, 0x69, 0xd8, 0x47,
	    0x7d, 0xe4 },
	  { 0xa0, 0xa1, 0xa2, 0xa3, 0xb0, 0xb1, 0xc0, 0xc1, 0xd0, 0xd1, 0xe0, 0xe1, 0xe2, 0xe3,
	    0xe4, 0xe5 }, 4096, 16349, "data" },
};

HTEST(mbr_stack)
{
	struct fix f;
	CHECK(fix_init(&f, true));
	make_mbr(f.disk->img);
	fix_publish(&f);
	struct io_media *w = whole_media(&f);
	CHECK(w && w->whole);
	const char *disk = str(w, "bsd-name");
	CHECK(!strncmp(disk, "disk", 4) && !strcmp(w->svc.name, disk));
	CHECK(num(w, "size") == DISK_BLOCKS * 512ull && num(w, "block-size") == 512);
	CHECK(num(w, "whole") == 1 && num(w, "leaf") == 0 && num(w, "writable") == 1);
	struct io_service *s = scheme_of(w);
	CHECK(s && !strcmp(io_class_name(s), "IOMBRPartitionScheme"));
	CHECK(!strcmp(io_dict_get_string(s->props, "partition-scheme"), "MBR"));
	struct io_media *p1 = part_media(w, 0), *p2 = part_media(w, 1);
	CHECK(p1 && p2 && !part_media(w, 2));
	char want[32];
	snprintf(want, sizeof(want), "%ss1", disk);
	CHECK(!strcmp(str(p1, "bsd-name"), want) && !strcmp(p1->svc.name, want));
	CHECK(!strcmp(p1->svc.location, "1"));
	CHECK(num(p1, "size") == 4096 * 512ull && num(p1, "base") == 2048 * 512ull);
	CHECK(num(p1, "partition-index") == 1 && num(p1, "partition-type") == 0x83);
	CHECK(!strcmp(str(p1, "content-hint"), "0x83") && num(p1, "bootable") == 1);
	CHECK(num(p1, "whole") == 0 && num(p1, "leaf") == 1 && num(p1, "writable") == 1);
	CHECK(num(p2, "size") == 8192 * 512ull && num(p2, "base") == 6144 * 512ull);
	CHECK(!strcmp(str(p2, "content-hint"), "0x0c") && num(p2, "bootable") == 0);
	/* partition media are not matched by the schemes again */
	CHECK(!io_service_first_client(&p1->svc) && !io_service_first_client(&p2->svc));
	/* the path of a partition through the registry */
	char path[256], wantpath[256];
	CHECK(io_service_path(&p2->svc, path, sizeof(path)) == IO_OK);
	snprintf(wantpath, sizeof(wantpath),
		 "/IOBlockStorageDevice@0/IOBlockStorageDriver/%s/IOMBRPartitionScheme/%ss2@2",
		 disk, disk);
	CHECK(!strcmp(path, wantpath));
	CHECK(io_registry_lookup(f.reg, path) == &p2->svc);
	CHECK(fix_fini(&f));
}

HTEST(gpt_stack)
{
	struct fix f;
	CHECK(fix_init(&f, true));
	gpt_build(f.disk->img, DISK_BLOCKS, gpt_parts, 2);
	fix_publish(&f);
	struct io_media *w = whole_media(&f);
	CHECK(w && num(w, "leaf") == 0);
	struct io_service *s = scheme_of(w);
	CHECK(s && !strcmp(io_class_name(s), "IOGUIDPartitionScheme"));
	uint64_t n = 0;
	CHECK(io_dict_get_number(s->props, "partition-count", &n) && n == 2);
	struct io_media *p1 = part_media(w, 0), *p2 = part_media(w, 1);
	CHECK(p1 && p2 && !part_media(w, 2));
	CHECK(!strcmp(str(p1, "partition-name"), "boot") && !strcmp(str(p2, "partition-name"), "data"));
	CHECK(!strcmp(str(p1, "partition-type-guid"), "C12A7328-F81F-11D2-BA4B-00A0C93EC93B"));
	CHECK(!strcmp(str(p1, "content-hint"), "C12A7328-F81F-11D2-BA4B-00A0C93EC93B"));
	CHECK(!strcmp(str(p2, "partition-uuid"), "A3A2A1A0-B1B0-C1C0-D0D1-E0E1E2E3E4E5"));
	CHECK(num(p1, "partition-index") == 1 && num(p2, "partition-index") == 2);
	CHECK(num(p2, "base") == 4096 * 512ull && num(p2, "size") == (16349 - 4096 + 1) * 512ull);
	CHECK(fix_fini(&f));
}

HTEST(no_table_whole_is_leaf)
{
	struct fix f;
	CHECK(fix_init(&f, true));
	fix_publish(&f);
	struct io_media *w = whole_media(&f);
	CHECK(w && num(w, "leaf") == 1 && !scheme_of(w));
	CHECK(fix_fini(&f));
}

HTEST(table_read_error_whole_is_leaf)
{
	struct fix f;
	CHECK(fix_init(&f, true));
	make_mbr(f.disk->img);
	f.disk->fail_all = true;        /* every read of the scan fails */
	fix_publish(&f);
	struct io_media *w = whole_media(&f);
	CHECK(w && num(w, "leaf") == 1 && !scheme_of(w));
	CHECK(f.disk->reads == 0);
	f.disk->fail_all = false;
	io_catalog_rematch(f.cat);      /* nothing new: the probes failed, nobody holds state */
	CHECK(!scheme_of(w) || !strcmp(io_class_name(scheme_of(w)), "IOMBRPartitionScheme"));
	CHECK(fix_fini(&f));
}

HTEST(partition_io_lands_at_offset)
{
	struct fix f;
	static uint8_t buf[4 * 512];
	CHECK(fix_init(&f, true));
	make_mbr(f.disk->img);
	fix_publish(&f);
	struct io_media *p2 = part_media(whole_media(&f), 1);
	CHECK(p2);
	for (int i = 0; i < 2048; i++)
		buf[i] = (uint8_t)(i * 7 + 1);
	CHECK(io_media_io_sync(p2, BLK_OP_WRITE, 10, 4, buf, (uintptr_t)buf) == BLK_OK);
	CHECK(!memcmp(f.disk->img + (6144 + 10) * 512, buf, 2048));
	memset(buf, 0, sizeof(buf));
	CHECK(io_media_io_sync(p2, BLK_OP_READ, 10, 4, buf, (uintptr_t)buf) == BLK_OK);
	CHECK(buf[5] == 36 && buf[2047] == (uint8_t)(2047 * 7 + 1));
	CHECK(io_media_io_sync(p2, BLK_OP_FLUSH, 0, 0, NULL, 0) == BLK_OK);
	CHECK(f.disk->flushes == 1);
	CHECK(fix_fini(&f));
}

HTEST(range_and_argument_errors)
{
	struct fix f;
	static uint8_t buf[4 * 512];
	CHECK(fix_init(&f, true));
	make_mbr(f.disk->img);
	fix_publish(&f);
	struct io_media *p1 = part_media(whole_media(&f), 0);
	CHECK(p1);
	unsigned reads = f.disk->reads;
	CHECK(io_media_io_sync(p1, BLK_OP_READ, 4096, 1, buf, 0) == BLK_E_RANGE);  /* at the end */
	CHECK(io_media_io_sync(p1, BLK_OP_READ, 4093, 4, buf, 0) == BLK_E_RANGE);  /* across it */
	CHECK(io_media_io_sync(p1, BLK_OP_READ, ~0ull, 2, buf, 0) == BLK_E_RANGE); /* overflow */
	CHECK(io_media_io_sync(p1, BLK_OP_READ, 4092, 4, buf, (uintptr_t)buf) == BLK_OK);
	CHECK(io_media_io_sync(p1, BLK_OP_READ, 0, 0, buf, 0) == BLK_E_INVAL);
	CHECK(io_media_io_sync(p1, BLK_OP_READ, 0, 2049, buf, 0) == BLK_E_INVAL);  /* > max */
	CHECK(io_media_io_sync(p1, BLK_OP_READ, 0, 1, NULL, 0) == BLK_E_INVAL);
	CHECK(io_media_io_sync(p1, (enum blk_op)7, 0, 1, buf, 0) == BLK_E_INVAL);
	CHECK(f.disk->reads == reads + 1);      /* only the good one reached the disk */
	CHECK(fix_fini(&f));
}

HTEST(read_only_and_device_errors)
{
	struct fix f;
	static uint8_t buf[512];
	CHECK(fix_init(&f, false));
	make_mbr(f.disk->img);
	fix_publish(&f);
	struct io_media *w = whole_media(&f), *p1 = part_media(w, 0);
	CHECK(p1 && num(p1, "writable") == 0);
	CHECK(io_media_io_sync(p1, BLK_OP_WRITE, 0, 1, buf, 0) == BLK_E_RDONLY);
	CHECK(f.disk->writes == 0);
	f.disk->fail_countdown = 1;
	CHECK(io_media_io_sync(p1, BLK_OP_READ, 0, 1, buf, 0) == BLK_E_IO);
	f.disk->dev.can_flush = false;
	CHECK(io_media_io_sync(w, BLK_OP_FLUSH, 0, 0, NULL, 0) == BLK_E_UNSUPP);
	CHECK(fix_fini(&f));
}

/* The controller stops: media kept by a client (a handle) fail with GONE,
 * and everything is freed once the client lets go. */
HTEST(device_gone)
{
	struct fix f;
	static uint8_t buf[512];
	CHECK(fix_init(&f, true));
	make_mbr(f.disk->img);
	fix_publish(&f);
	struct io_media *p1 = part_media(whole_media(&f), 0);
	CHECK(p1 && io_media_alive(p1));
	io_retain(p1);                          /* a client's handle */
	f.disk->dev.gone = true;                /* what the controller's stop does */
	CHECK(io_service_terminate(&f.disk->dev.svc) == IO_OK);
	CHECK(!io_media_alive(p1));
	CHECK(io_media_io_sync(p1, BLK_OP_READ, 0, 1, buf, 0) == BLK_E_GONE);
	f.disk->dev.gone = false;               /* even so: the media is terminated */
	CHECK(io_media_io_sync(p1, BLK_OP_READ, 0, 1, buf, 0) == BLK_E_GONE);
	io_release(p1);
	CHECK(fix_fini(&f));
}

HTEST(two_disks_named_apart)
{
	struct fix f;
	CHECK(fix_init(&f, true));
	make_mbr(f.disk->img);
	fix_publish(&f);
	struct fakedisk *d2 = fakedisk_create(4096, true);
	io_service_set_location(&d2->dev.svc, "1");
	io_service_attach(io_registry_root(f.reg), &d2->dev.svc);
	io_service_register(&d2->dev.svc);
	struct io_media *w1 = whole_media(&f);
	struct io_media *w2 = io_cast(io_service_first_client(io_service_first_client(&d2->dev.svc)),
				      &IOMedia_class);
	CHECK(w1 && w2);
	unsigned n1, n2;
	CHECK(sscanf(str(w1, "bsd-name"), "disk%u", &n1) == 1);
	CHECK(sscanf(str(w2, "bsd-name"), "disk%u", &n2) == 1 && n2 == n1 + 1);
	CHECK(io_registry_find_name(f.reg, str(w2, "bsd-name")) == &w2->svc);
	io_release(d2);
	CHECK(fix_fini(&f));
}

HTEST(media_create_refuses_bad_ranges)
{
	long live = iok_mem_live();
	struct fakedisk *d = fakedisk_create(100, true);
	CHECK(!io_media_create(&d->dev, "x", NULL, 0, 0, false));
	CHECK(!io_media_create(&d->dev, "x", NULL, 0, 101, false));
	CHECK(!io_media_create(&d->dev, "x", NULL, 101, 1, false));
	CHECK(!io_media_create(&d->dev, "x", NULL, 50, ~0ull, false));
	CHECK(!io_media_create(NULL, "x", NULL, 0, 1, false));
	struct io_media *m = io_media_create(&d->dev, "x", NULL, 99, 1, false);
	CHECK(m);
	io_release(m);
	io_release(d);
	CHECK(iok_mem_live() == live);
}
