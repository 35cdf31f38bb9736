/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/host/part/unit.c - host tests of the partition parser (servers/iokit/storage).
 *
 *   unit                 run the crafted-table tests: one
 *                        "TEST part/<name> PASS|FAIL <reason>" line each
 *   unit dump IMG [BS]   print what part_scan finds in the image file IMG in
 *                        `sfdisk --dump` form ("N : start=S, size=C, type=T...")
 *   unit sgdisk IMG      print "N FIRST LAST NAME" rows as `sgdisk -p` does
 *   unit attrs IMG N     print partition N's GPT attributes as `sgdisk -i` does
 *
 * The crafted tables are built in memory by the helpers below; GPT helpers
 * recompute CRCs after a field is changed so that the check under test, not
 * the CRC, is what refuses the table.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "partition.h"
#include "util.h"

/* ---- memory disk ------------------------------------------------------------------- */

struct disk {
	uint8_t *data;
	uint32_t bs;
	uint64_t blocks;	/* what the media claims */
	uint64_t readable;	/* blocks that exist; reads beyond fail */
	unsigned reads;
};

static int disk_read(void *ctx, uint64_t lba, uint32_t count, void *buf)
{
	struct disk *d = ctx;

	d->reads++;
	if (lba >= d->readable || count > d->readable - lba)
		return -1;
	memcpy(buf, d->data + lba * d->bs, (size_t)count * d->bs);
	return 0;
}

static struct disk *disk_new(uint32_t bs, uint64_t blocks)
{
	struct disk *d = calloc(1, sizeof(*d));
	d->data = calloc(blocks, bs);
	d->bs = bs;
	d->blocks = d->readable = blocks;
	return d;
}

static void disk_free(struct disk *d)
{
	free(d->data);
	free(d);
}

static struct part_entry out[256];
static struct part_list list;
static struct part_work work;

static int scan_max(struct disk *d, uint32_t max)
{
	struct part_media m = { d->bs, d->blocks, disk_read, d };
	memset(out, 0xA5, sizeof(out));
	memset(&list, 0, sizeof(list));
	list.entries = out;
	list.max = max;
	return part_scan(&m, &work, &list);
}

static int scan(struct disk *d)
{
	return scan_max(d, 256);
}

/* ---- MBR crafting -------------------------------------------------------------------- */

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> 8 * i);
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static void mbr_set(struct disk *d, uint64_t lba, int slot, uint8_t status, uint8_t type,
		    uint32_t start, uint32_t count)
{
	uint8_t *b = d->data + lba * d->bs;
	uint8_t *e = b + 446 + 16 * slot;
	e[0] = status;
	e[4] = type;
	put32(e + 8, start);
	put32(e + 12, count);
	b[510] = 0x55;
	b[511] = 0xAA;
}

/* extended partition at [8192, 8192+20480) with one EBR per logical (list of (rel, count)) */
static void mbr_chain(struct disk *d, int n, const uint32_t (*lg)[2])
{
	mbr_set(d, 0, 2, 0, 0x05, 8192, 20480);
	for (int i = 0; i < n; i++) {
		uint64_t ebr = 8192 + lg[i][0];
		mbr_set(d, ebr, 0, 0, 0x83, 1, lg[i][1]);
		if (i + 1 < n)
			mbr_set(d, ebr, 1, 0, 0x05, lg[i + 1][0], lg[i + 1][1] + 1);
	}
}

/* ---- GPT crafting -------------------------------------------------------------------- */

static const uint8_t guid_linux[16] = {	/* 0FC63DAF-8483-4772-8E79-3D69D8477DE4 */
	0xAF, 0x3D, 0xC6, 0x0F, 0x83, 0x84, 0x72, 0x47,
	0x8E, 0x79, 0x3D, 0x69, 0xD8, 0x47, 0x7D, 0xE4,
};

struct gpt_spec {
	uint64_t first, last, attrs;
	const char *name;	/* ASCII */
};

static uint8_t *blk(struct disk *d, uint64_t lba)
{
	return d->data + lba * d->bs;
}

static uint32_t array_blocks(struct disk *d, uint32_t count, uint32_t size)
{
	return (uint32_t)(((uint64_t)count * size + d->bs - 1) / d->bs);
}

static void hdr_fix(struct disk *d, uint64_t lba)
{
	uint8_t *h = blk(d, lba);
	uint32_t hs = h[12] | h[13] << 8 | h[14] << 16 | (uint32_t)h[15] << 24;
	if (hs > d->bs)
		hs = d->bs;		/* a hostile size: any CRC will do */
	put32(h + 16, 0);
	put32(h + 16, part_crc32(0, h, hs));
}

static uint64_t get64(const uint8_t *p)
{
	uint64_t v = 0;
	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)get64(p) & 0xFFFFFFFF;	/* reads 8 bytes, fine inside a block */
}

/* recompute the array CRC named by the header at lba, then the header CRC */
static void arr_fix(struct disk *d, uint64_t lba)
{
	uint8_t *h = blk(d, lba);
	uint64_t a = get64(h + 72);
	uint32_t n = get32(h + 80), s = get32(h + 84);
	put32(h + 88, part_crc32(0, blk(d, a), (size_t)n * s));
	hdr_fix(d, lba);
}

static void gpt_header(struct disk *d, uint64_t my, uint64_t alt, uint64_t array,
		       uint32_t count, uint32_t size)
{
	uint8_t *h = blk(d, my);
	uint32_t ab = array_blocks(d, count, size);
	memcpy(h, "EFI PART", 8);
	put32(h + 8, 0x00010000);
	put32(h + 12, 92);
	put64(h + 24, my);
	put64(h + 32, alt);
	put64(h + 40, 2 + ab);
	put64(h + 48, d->blocks - 2 - ab);
	memset(h + 56, 0x11, 16);
	put64(h + 72, array);
	put32(h + 80, count);
	put32(h + 84, size);
	arr_fix(d, my);
}

/* A valid GPT (protective MBR, primary and backup) with n partitions in slots 0.. */
static void gpt_build(struct disk *d, const struct gpt_spec *sp, int n, uint32_t count,
		      uint32_t size)
{
	uint32_t ab = array_blocks(d, count, size);
	uint64_t last = d->blocks - 1;
	mbr_set(d, 0, 0, 0, 0xEE, 1, (uint32_t)(d->blocks - 1));
	for (int i = 0; i < n; i++) {
		uint8_t *e = blk(d, 2) + (size_t)i * size;
		memcpy(e, guid_linux, 16);
		memset(e + 16, i + 1, 16);
		put64(e + 32, sp[i].first);
		put64(e + 40, sp[i].last);
		put64(e + 48, sp[i].attrs);
		for (int c = 0; sp[i].name && sp[i].name[c]; c++)
			e[56 + 2 * c] = (uint8_t)sp[i].name[c];
	}
	memcpy(blk(d, last - ab), blk(d, 2), (size_t)ab * d->bs);
	gpt_header(d, 1, last, 2, count, size);
	gpt_header(d, last, 1, last - ab, count, size);
}

static const struct gpt_spec three[] = {
	{ 2048, 4095, 0, "root" },
	{ 4096, 8191, 0x1000000000000004ull, "swap" },
	{ 8192, 9215, 0, "boot" },
};

static struct disk *gpt_std(void)
{
	struct disk *d = disk_new(512, 32768);
	gpt_build(d, three, 3, 128, 128);
	return d;
}

/* set a 32-bit header field in both headers, CRCs recomputed */
static void gpt_both32(struct disk *d, int off, uint32_t v)
{
	put32(blk(d, 1) + off, v);
	hdr_fix(d, 1);
	put32(blk(d, d->blocks - 1) + off, v);
	hdr_fix(d, d->blocks - 1);
}

static void gpt_both64(struct disk *d, int off, uint64_t v)
{
	put64(blk(d, 1) + off, v);
	hdr_fix(d, 1);
	put64(blk(d, d->blocks - 1) + off, v);
	hdr_fix(d, d->blocks - 1);
}

/* ---- the test table -------------------------------------------------------------------- */

static char why[256];

#define CHECK(e)                                                                        \
	do {                                                                            \
		if (!(e)) {                                                             \
			snprintf(why, sizeof(why), "line %d: %s", __LINE__, #e);        \
			goto out;                                                       \
		}                                                                       \
	} while (0)

#define CHECK_ERR(got, want)                                                            \
	do {                                                                            \
		int g_ = (got);                                                         \
		if (g_ != (want)) {                                                     \
			snprintf(why, sizeof(why), "line %d: got %d (%s), want %s",     \
				 __LINE__, g_, part_strerror(g_), #want);               \
			goto out;                                                       \
		}                                                                       \
	} while (0)

static int has_skip(uint32_t index, int reason)
{
	for (uint32_t i = 0; i < list.nskips; i++)
		if (list.skips[i].index == index && list.skips[i].reason == reason)
			return 1;
	return 0;
}

#define TEST(name) static int t_##name(void)
#define END                                                                             \
	out:                                                                            \
	disk_free(d);                                                                   \
	return why[0] == 0

TEST(crc32_vector)
{
	struct disk *d = disk_new(512, 1);
	CHECK(part_crc32(0, "123456789", 9) == 0xCBF43926);
	CHECK(part_crc32(part_crc32(0, "1234", 4), "56789", 5) == 0xCBF43926);
	CHECK(part_crc32(0, "", 0) == 0);
	END;
}

TEST(guid_format)
{
	struct disk *d = disk_new(512, 1);
	char s[37];
	part_guid_format(guid_linux, s);
	CHECK(strcmp(s, "0FC63DAF-8483-4772-8E79-3D69D8477DE4") == 0);
	END;
}

TEST(bad_media)
{
	struct disk *d = disk_new(512, 4);
	struct part_media m = { 1000, 4, disk_read, d };
	memset(&list, 0, sizeof(list));
	list.entries = out;
	list.max = 4;
	CHECK_ERR(part_scan(&m, &work, &list), PART_EINVAL);
	m.block_size = 8192;
	CHECK_ERR(part_scan(&m, &work, &list), PART_EINVAL);
	m.block_size = 512;
	m.block_count = 0;
	CHECK_ERR(part_scan(&m, &work, &list), PART_EINVAL);
	m.block_count = 4;
	m.read = NULL;
	CHECK_ERR(part_scan(&m, &work, &list), PART_EINVAL);
	m.read = disk_read;
	list.entries = NULL;
	CHECK_ERR(part_scan(&m, &work, &list), PART_EINVAL);
	END;
}

TEST(no_table)
{
	struct disk *d = disk_new(512, 64);
	CHECK_ERR(scan(d), PART_ENOTABLE);
	CHECK(list.scheme == PART_SCHEME_NONE && list.count == 0);
	END;
}

TEST(mbr_primary)
{
	struct disk *d = disk_new(512, 32768);
	mbr_set(d, 0, 0, 0x80, 0x83, 2048, 4096);
	mbr_set(d, 0, 3, 0x00, 0x07, 6144, 2048);
	CHECK_ERR(scan(d), PART_OK);
	CHECK(list.scheme == PART_SCHEME_MBR && list.count == 2 && list.skips_total == 0);
	CHECK(out[0].index == 1 && out[0].start_lba == 2048 && out[0].block_count == 4096);
	CHECK(out[0].mbr_type == 0x83 && out[0].flags == PART_F_BOOTABLE && out[0].name[0] == 0);
	CHECK(out[1].index == 4 && out[1].start_lba == 6144 && out[1].mbr_type == 0x07);
	CHECK(out[1].flags == 0);
	END;
}

TEST(mbr_bad_status)
{
	struct disk *d = disk_new(512, 32768);
	mbr_set(d, 0, 0, 0x80, 0x83, 2048, 4096);
	mbr_set(d, 0, 1, 0x12, 0x83, 8192, 4096);
	CHECK_ERR(scan(d), PART_EMBR);
	CHECK(list.count == 0);
	END;
}

TEST(mbr_outside)
{
	struct disk *d = disk_new(512, 32768);
	mbr_set(d, 0, 0, 0, 0x83, 2048, 4096);
	mbr_set(d, 0, 1, 0, 0x83, 30000, 2769);		/* one block too many */
	mbr_set(d, 0, 2, 0, 0x83, 0xFFFFFFFF, 0xFFFFFFFF);	/* far past the end */
	CHECK_ERR(scan(d), PART_OK);
	CHECK(list.count == 1 && out[0].index == 1);
	CHECK(has_skip(2, PART_SKIP_OUTSIDE) && has_skip(3, PART_SKIP_OUTSIDE));
	CHECK(list.skips_total == 2);
	END;
}

TEST(mbr_over_table)
{
	struct disk *d = disk_new(512, 32768);
	mbr_set(d, 0, 0, 0, 0x83, 0, 100);
	CHECK_ERR(scan(d), PART_OK);
	CHECK(list.count == 0 && has_skip(1, PART_SKIP_OUTSIDE));
	END;
}

TEST(mbr_zero_size)
{
	struct disk *d = disk_new(512, 32768);
	mbr_set(d, 0, 0, 0, 0x83, 2048, 0);
	mbr_set(d, 0, 1, 0, 0x83, 4096, 10);
	CHECK_ERR(scan(d), PART_OK);
	CHECK(list.count == 1 && out[0].index == 2 && has_skip(1, PART_SKIP_ZERO_SIZE));
	END;
}

TEST(mbr_overlap)
{
	struct disk *d = disk_new(512, 32768);
	mbr_set(d, 0, 0, 0, 0x83, 2048, 4096);
	mbr_set(d, 0, 1, 0, 0x83, 6143, 10);		/* shares block 6143 */
	mbr_set(d, 0, 2, 0, 0x83, 6144, 10);		/* adjacent: fine */
	CHECK_ERR(scan(d), PART_OK);
	CHECK(list.count == 2 && out[1].index == 3 && has_skip(2, PART_SKIP_OVERLAP));
	END;
}

TEST(mbr_logical_chain)
{
	static const uint32_t lg[3][2] = { { 0, 100 }, { 2048, 200 }, { 4096, 300 } };
	struct disk *d = disk_new(512, 32768);
	mbr_set(d, 0, 0, 0, 0x83, 2048, 4096);
	mbr_chain(d, 3, lg);
	CHECK_ERR(scan(d), PART_OK);
	CHECK(list.count == 4 && list.skips_total == 0);
	CHECK(out[1].index == 5 && out[1].start_lba == 8193 && out[1].block_count == 100);
	CHECK(out[2].index == 6 && out[2].start_lba == 8192 + 2049 && out[2].block_count == 200);
	CHECK(out[3].index == 7 && out[3].start_lba == 8192 + 4097 && out[3].block_count == 300);
	CHECK(out[3].flags == PART_F_LOGICAL && out[3].mbr_type == 0x83);
	END;
}

TEST(mbr_ext_loop)
{
	static const uint32_t lg[2][2] = { { 0, 100 }, { 2048, 200 } };
	struct disk *d = disk_new(512, 32768);
	mbr_chain(d, 2, lg);
	mbr_set(d, 8192 + 2048, 1, 0, 0x05, 0, 10);	/* second EBR links back to the first */
	CHECK_ERR(scan(d), PART_OK);
	CHECK(list.count == 2 && list.skips_total == 1 && has_skip(7, PART_SKIP_EXT_LOOP));
	END;
}

TEST(mbr_ext_self_loop)
{
	static const uint32_t lg[2][2] = { { 0, 100 }, { 2048, 200 } };
	struct disk *d = disk_new(512, 32768);
	mbr_chain(d, 2, lg);
	mbr_set(d, 8192 + 2048, 1, 0, 0x0F, 2048, 10);	/* links to itself */
	CHECK_ERR(scan(d), PART_OK);
	CHECK(list.count == 2 && has_skip(7, PART_SKIP_EXT_LOOP));
	END;
}

TEST(mbr_ext_depth)
{
	static uint32_t lg[140][2];
	struct disk *d = disk_new(512, 32768);
	for (int i = 0; i < 140; i++) {
		lg[i][0] = 2 * (uint32_t)i;
		lg[i][1] = 1;
	}
	mbr_chain(d, 140, lg);
	CHECK_ERR(scan(d), PART_OK);
	CHECK(list.count == PART_MBR_MAX_LOGICAL);
	CHECK(list.skips_total == 1 && has_skip(5 + PART_MBR_MAX_LOGICAL, PART_SKIP_EXT_DEPTH));
	END;
}

TEST(mbr_ext_bad_ebr)
{
	static const uint32_t lg[2][2] = { { 0, 100 }, { 2048, 200 } };
	struct disk *d = disk_new(512, 32768);
	mbr_chain(d, 2, lg);
	blk(d, 8192 + 2048)[511] = 0;
	CHECK_ERR(scan(d), PART_OK);
	CHECK(list.count == 1 && out[0].index == 5 && has_skip(6, PART_SKIP_EXT_BADEBR));
	END;
}

TEST(mbr_ext_next_outside)
{
	static const uint32_t lg[1][2] = { { 0, 100 } };
	struct disk *d = disk_new(512, 32768);
	mbr_chain(d, 1, lg);
	mbr_set(d, 8192, 1, 0, 0x05, 20480, 10);	/* just past the container */
	CHECK_ERR(scan(d), PART_OK);
	CHECK(list.count == 1 && has_skip(6, PART_SKIP_OUTSIDE));
	END;
}

TEST(mbr_logical_outside_container)
{
	static const uint32_t lg[2][2] = { { 0, 100 }, { 20000, 480 } };
	struct disk *d = disk_new(512, 32768);
	mbr_chain(d, 2, lg);		/* 8192+20000+1+480 is one block past the end */
	CHECK_ERR(scan(d), PART_OK);
	CHECK(list.count == 1 && has_skip(6, PART_SKIP_OUTSIDE));
	END;
}

TEST(mbr_two_extended)
{
	static const uint32_t lg[1][2] = { { 0, 100 } };
	struct disk *d = disk_new(512, 65536);
	mbr_chain(d, 1, lg);
	mbr_set(d, 0, 3, 0, 0x0F, 40000, 1000);
	CHECK_ERR(scan(d), PART_OK);
	CHECK(list.count == 1 && out[0].index == 5 && has_skip(4, PART_SKIP_EXT_EXTRA));
	END;
}

TEST(mbr_ext_overlaps_primary)
{
	static const uint32_t lg[1][2] = { { 0, 100 } };
	struct disk *d = disk_new(512, 32768);
	mbr_chain(d, 1, lg);
	mbr_set(d, 0, 0, 0, 0x83, 8000, 1000);
	CHECK_ERR(scan(d), PART_OK);
	CHECK(list.count == 1 && out[0].index == 1 && has_skip(3, PART_SKIP_OVERLAP));
	END;
}

TEST(mbr_no_room)
{
	struct disk *d = disk_new(512, 32768);
	mbr_set(d, 0, 0, 0, 0x83, 2048, 10);
	mbr_set(d, 0, 1, 0, 0x83, 4096, 10);
	CHECK_ERR(scan_max(d, 1), PART_OK);
	CHECK(list.count == 1 && has_skip(2, PART_SKIP_NOROOM));
	CHECK(out[1].index == 0xA5A5A5A5);		/* nothing written past max */
	CHECK_ERR(scan_max(d, 0), PART_OK);
	CHECK(list.count == 0 && list.skips_total == 2);
	END;
}

TEST(mbr_truncated_media)
{
	static const uint32_t lg[2][2] = { { 0, 100 }, { 2048, 200 } };
	struct disk *d = disk_new(512, 32768);
	mbr_set(d, 0, 0, 0, 0x83, 2048, 4096);
	mbr_chain(d, 2, lg);
	d->readable = 9000;		/* the second EBR is beyond what can be read */
	CHECK_ERR(scan(d), PART_EIO);
	d->readable = d->blocks = 9000;	/* media says so: the container sticks out */
	CHECK_ERR(scan(d), PART_OK);
	CHECK(list.count == 1 && has_skip(3, PART_SKIP_OUTSIDE));
	d->readable = 0;
	CHECK_ERR(scan(d), PART_EIO);
	END;
}

TEST(mbr_4k_blocks)
{
	struct disk *d = disk_new(4096, 1024);
	mbr_set(d, 0, 0, 0, 0x83, 256, 512);
	CHECK_ERR(scan(d), PART_OK);
	CHECK(list.count == 1 && out[0].start_lba == 256 && out[0].block_count == 512);
	END;
}

TEST(gpt_valid)
{
	struct disk *d = gpt_std();
	char g[37];
	CHECK_ERR(scan(d), PART_OK);
	CHECK(list.scheme == PART_SCHEME_GPT && list.count == 3 && list.skips_total == 0);
	CHECK(!list.gpt_backup_used && list.gpt_primary_error == PART_OK);
	CHECK(list.disk_guid[0] == 0x11 && list.disk_guid[15] == 0x11);
	CHECK(out[0].index == 1 && out[0].start_lba == 2048 && out[0].block_count == 2048);
	CHECK(strcmp(out[0].name, "root") == 0 && out[0].flags == PART_F_GPT);
	CHECK(out[1].attributes == 0x1000000000000004ull && strcmp(out[1].name, "swap") == 0);
	CHECK(out[2].block_count == 1024 && out[2].unique_guid[0] == 3 && out[2].mbr_type == 0);
	part_guid_format(out[2].type_guid, g);
	CHECK(strcmp(g, "0FC63DAF-8483-4772-8E79-3D69D8477DE4") == 0);
	END;
}

TEST(gpt_name_utf16)
{
	struct disk *d = gpt_std();
	uint8_t *n = blk(d, 2) + 56;
	static const uint16_t name[] = { 'a', 0xE9, 0x20AC, 0xD83D, 0xDE00, 0xDC00, 'z', 0 };
	memset(n, 0, 72);
	for (int i = 0; name[i]; i++) {
		n[2 * i] = (uint8_t)name[i];
		n[2 * i + 1] = (uint8_t)(name[i] >> 8);
	}
	n = blk(d, 2) + 128 + 56;		/* 36 units, no terminator */
	for (int i = 0; i < 36; i++) {
		n[2 * i] = 0x3B;		/* U+043B, 2 bytes of UTF-8 */
		n[2 * i + 1] = 0x04;
	}
	n[70] = 0x3D;				/* last unit a lone high surrogate */
	n[71] = 0xD8;
	arr_fix(d, 1);
	CHECK_ERR(scan(d), PART_OK);
	CHECK(strcmp(out[0].name, "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xEF\xBF\xBDz") == 0);
	CHECK(strlen(out[1].name) == 35 * 2 + 3);
	CHECK(strcmp(out[1].name + 70, "\xEF\xBF\xBD") == 0);
	END;
}

TEST(gpt_bad_primary_good_backup)
{
	struct disk *d = gpt_std();
	blk(d, 1)[40] ^= 1;			/* header CRC no longer matches */
	CHECK_ERR(scan(d), PART_OK);
	CHECK(list.gpt_backup_used && list.gpt_primary_error == PART_EGPT_HDRCRC);
	CHECK(list.count == 3 && out[2].start_lba == 8192 && strcmp(out[1].name, "swap") == 0);
	END;
}

TEST(gpt_bad_primary_array)
{
	struct disk *d = gpt_std();
	blk(d, 2)[40] ^= 1;			/* primary array CRC mismatch */
	CHECK_ERR(scan(d), PART_OK);
	CHECK(list.gpt_backup_used && list.gpt_primary_error == PART_EGPT_ARRAYCRC);
	CHECK(list.count == 3 && out[0].start_lba == 2048);
	END;
}

TEST(gpt_primary_wiped)
{
	struct disk *d = gpt_std();
	memset(blk(d, 0), 0, 512 * 34);		/* no PMBR, no primary: backup still found */
	CHECK_ERR(scan(d), PART_OK);
	CHECK(list.gpt_backup_used && list.gpt_primary_error == PART_EGPT_SIG && list.count == 3);
	END;
}

TEST(gpt_both_bad)
{
	struct disk *d = gpt_std();
	blk(d, 1)[40] ^= 1;
	blk(d, d->blocks - 1)[40] ^= 1;
	CHECK_ERR(scan(d), PART_EGPT_HDRCRC);
	CHECK(list.count == 0 && list.scheme == PART_SCHEME_NONE);
	memset(blk(d, 1), 0, 512);		/* primary absent: the backup's reason */
	CHECK_ERR(scan(d), PART_EGPT_HDRCRC);
	memset(blk(d, d->blocks - 1), 0, 512);	/* protective MBR, no header anywhere */
	CHECK_ERR(scan(d), PART_EGPT_SIG);
	END;
}

TEST(gpt_revision)
{
	struct disk *d = gpt_std();
	gpt_both32(d, 8, 0x00020000);
	CHECK_ERR(scan(d), PART_EGPT_REVISION);
	END;
}

TEST(gpt_header_size)
{
	struct disk *d = gpt_std();
	gpt_both32(d, 12, 91);
	CHECK_ERR(scan(d), PART_EGPT_HDRSIZE);
	gpt_both32(d, 12, 513);
	CHECK_ERR(scan(d), PART_EGPT_HDRSIZE);
	gpt_both32(d, 12, 0xFFFFFFFF);
	CHECK_ERR(scan(d), PART_EGPT_HDRSIZE);
	gpt_both32(d, 12, 512);			/* the largest that is accepted */
	CHECK_ERR(scan(d), PART_OK);
	END;
}

TEST(gpt_my_lba)
{
	struct disk *d = gpt_std();
	gpt_both64(d, 24, 5);
	CHECK_ERR(scan(d), PART_EGPT_MYLBA);
	END;
}

TEST(gpt_entry_size)
{
	struct disk *d = gpt_std();
	gpt_both32(d, 84, 200);			/* not a multiple of 128 */
	CHECK_ERR(scan(d), PART_EGPT_ENTRYSIZE);
	gpt_both32(d, 84, 384);			/* multiple, not a power of two */
	CHECK_ERR(scan(d), PART_EGPT_ENTRYSIZE);
	gpt_both32(d, 84, 1024);		/* larger than a block */
	CHECK_ERR(scan(d), PART_EGPT_ENTRYSIZE);
	gpt_both32(d, 84, 0);
	CHECK_ERR(scan(d), PART_EGPT_ENTRYSIZE);
	END;
}

TEST(gpt_entry_count)
{
	struct disk *d = gpt_std();
	gpt_both32(d, 80, 0);
	CHECK_ERR(scan(d), PART_EGPT_ENTRYCOUNT);
	gpt_both32(d, 80, PART_GPT_MAX_ENTRIES + 1);
	CHECK_ERR(scan(d), PART_EGPT_ENTRYCOUNT);
	gpt_both32(d, 80, 0xFFFFFFFF);
	CHECK_ERR(scan(d), PART_EGPT_ENTRYCOUNT);
	END;
}

TEST(gpt_usable_range)
{
	struct disk *d = gpt_std();
	gpt_both64(d, 48, d->blocks - 1);	/* over the backup header */
	CHECK_ERR(scan(d), PART_EGPT_RANGE);
	gpt_both64(d, 48, 10);			/* first usable (34) > last */
	CHECK_ERR(scan(d), PART_EGPT_RANGE);
	gpt_both64(d, 48, UINT64_MAX);
	CHECK_ERR(scan(d), PART_EGPT_RANGE);
	gpt_both64(d, 48, 32734);
	gpt_both64(d, 40, 1);			/* over the primary header */
	CHECK_ERR(scan(d), PART_EGPT_RANGE);
	END;
}

TEST(gpt_array_place)
{
	struct disk *d = gpt_std();
	gpt_both64(d, 72, d->blocks - 10);	/* 32 blocks do not fit */
	CHECK_ERR(scan(d), PART_EGPT_ARRAY);
	gpt_both64(d, 72, UINT64_MAX - 3);	/* LBA + blocks overflows */
	CHECK_ERR(scan(d), PART_EGPT_ARRAY);
	gpt_both64(d, 72, 100);			/* inside the usable area */
	CHECK_ERR(scan(d), PART_EGPT_ARRAY);
	gpt_both64(d, 72, 0);
	CHECK_ERR(scan(d), PART_EGPT_ARRAY);
	END;
}

TEST(gpt_array_crc_both)
{
	struct disk *d = gpt_std();
	blk(d, 2)[32] ^= 1;
	blk(d, d->blocks - 33)[32] ^= 1;
	CHECK_ERR(scan(d), PART_EGPT_ARRAYCRC);
	END;
}

/* rewrite entry slot of both arrays and fix every CRC */
static void gpt_entry_set(struct disk *d, int slot, uint64_t first, uint64_t last)
{
	uint64_t arrays[2] = { 2, d->blocks - 33 };
	for (int i = 0; i < 2; i++) {
		uint8_t *e = blk(d, arrays[i]) + 128 * slot;
		memcpy(e, guid_linux, 16);
		put64(e + 32, first);
		put64(e + 40, last);
	}
	arr_fix(d, 1);
	arr_fix(d, d->blocks - 1);
}

TEST(gpt_entry_start_after_end)
{
	struct disk *d = gpt_std();
	gpt_entry_set(d, 5, 20000, 19999);
	CHECK_ERR(scan(d), PART_OK);
	CHECK(list.count == 3 && list.skips_total == 1 && has_skip(6, PART_SKIP_START_AFTER_END));
	END;
}

TEST(gpt_entry_overflow)
{
	struct disk *d = gpt_std();
	gpt_entry_set(d, 3, 0, UINT64_MAX);
	CHECK_ERR(scan(d), PART_OK);
	CHECK(list.count == 3 && has_skip(4, PART_SKIP_OVERFLOW));
	END;
}

TEST(gpt_entry_outside)
{
	struct disk *d = gpt_std();
	gpt_entry_set(d, 3, 30000, 32735);	/* one past last usable */
	gpt_entry_set(d, 4, 33, 40);		/* before first usable */
	gpt_entry_set(d, 5, 30000, UINT64_MAX - 1);
	CHECK_ERR(scan(d), PART_OK);
	CHECK(list.count == 3 && list.skips_total == 3);
	CHECK(has_skip(4, PART_SKIP_OUTSIDE) && has_skip(5, PART_SKIP_OUTSIDE) &&
	      has_skip(6, PART_SKIP_OUTSIDE));
	END;
}

TEST(gpt_entry_overlap)
{
	struct disk *d = gpt_std();
	gpt_entry_set(d, 3, 9215, 9300);	/* last block of "boot" */
	gpt_entry_set(d, 4, 9216, 9300);	/* adjacent: fine */
	gpt_entry_set(d, 5, 2000, 2048);	/* first block of "root" */
	gpt_entry_set(d, 6, 1000, 2047);	/* adjacent: fine */
	CHECK_ERR(scan(d), PART_OK);
	CHECK(list.count == 5 && out[3].index == 5 && out[4].index == 7);
	CHECK(list.skips_total == 2 && has_skip(4, PART_SKIP_OVERLAP) && has_skip(6, PART_SKIP_OVERLAP));
	END;
}

TEST(gpt_skip_records_bounded)
{
	struct disk *d = gpt_std();
	for (int i = 3; i < 128; i++)
		gpt_entry_set(d, i, 100, 99);
	CHECK_ERR(scan(d), PART_OK);
	CHECK(list.count == 3 && list.nskips == PART_MAX_SKIPS && list.skips_total == 125);
	END;
}

TEST(gpt_4k_blocks)
{
	struct disk *d = disk_new(4096, 4096);
	const struct gpt_spec sp[2] = { { 256, 511, 0, "a" }, { 512, 4000, 0, "b" } };
	gpt_build(d, sp, 2, 128, 128);
	CHECK_ERR(scan(d), PART_OK);
	CHECK(list.count == 2 && out[1].start_lba == 512 && out[1].block_count == 3489);
	CHECK(strcmp(out[1].name, "b") == 0);
	END;
}

TEST(gpt_entry_size_256)
{
	struct disk *d = disk_new(512, 32768);
	gpt_build(d, three, 3, 64, 256);
	CHECK_ERR(scan(d), PART_OK);
	CHECK(list.count == 3 && out[2].index == 3 && strcmp(out[2].name, "boot") == 0);
	END;
}

TEST(gpt_truncated_media)
{
	struct disk *d = gpt_std();
	d->blocks = d->readable = 16384;	/* second half of the image lost */
	CHECK_ERR(scan(d), PART_EGPT_RANGE);
	d->blocks = 32768;			/* media claims more than it has */
	d->readable = 1;
	CHECK_ERR(scan(d), PART_EIO);
	END;
}

TEST(gpt_hybrid_prefers_gpt)
{
	struct disk *d = gpt_std();
	mbr_set(d, 0, 1, 0x80, 0x83, 2048, 100);	/* hybrid MBR entry */
	CHECK_ERR(scan(d), PART_OK);
	CHECK(list.scheme == PART_SCHEME_GPT && list.count == 3);
	END;
}

struct test {
	const char *name;
	int (*fn)(void);
};

#define T(n) { #n, t_##n }
static const struct test tests[] = {
	T(crc32_vector), T(guid_format), T(bad_media), T(no_table),
	T(mbr_primary), T(mbr_bad_status), T(mbr_outside), T(mbr_over_table),
	T(mbr_zero_size), T(mbr_overlap), T(mbr_logical_chain), T(mbr_ext_loop),
	T(mbr_ext_self_loop), T(mbr_ext_depth), T(mbr_ext_bad_ebr), T(mbr_ext_next_outside),
	T(mbr_logical_outside_container), T(mbr_two_extended), T(mbr_ext_overlaps_primary),
	T(mbr_no_room), T(mbr_truncated_media), T(mbr_4k_blocks),
	T(gpt_valid), T(gpt_name_utf16), T(gpt_bad_primary_good_backup), T(gpt_bad_primary_array),
	T(gpt_primary_wiped), T(gpt_both_bad), T(gpt_revision), T(gpt_header_size),
	T(gpt_my_lba), T(gpt_entry_size), T(gpt_entry_count), T(gpt_usable_range),
	T(gpt_array_place), T(gpt_array_crc_both), T(gpt_entry_start_after_end),
	T(gpt_entry_overflow), T(gpt_entry_outside), T(gpt_entry_overlap),
	T(gpt_skip_records_bounded), T(gpt_4k_blocks), T(gpt_entry_size_256),
	T(gpt_truncated_media), T(gpt_hybrid_prefers_gpt),
};

static int run_tests(void)
{
	int failed = 0;
	for (size_t i = 0; i < ARRAY_SIZE(tests); i++) {
		why[0] = 0;
		if (tests[i].fn()) {
			printf("TEST part/unit/%s PASS\n", tests[i].name);
		} else {
			printf("TEST part/unit/%s FAIL %s\n", tests[i].name, why);
			failed++;
		}
	}
	printf("DONE unit\n");	/* run.sh: a crash before this is a failure */
	return failed ? 1 : 0;
}

/* ---- image files ------------------------------------------------------------------------ */

struct file_media {
	FILE *f;
	uint32_t bs;
};

static int file_read(void *ctx, uint64_t lba, uint32_t count, void *buf)
{
	struct file_media *fm = ctx;
	if (fseek(fm->f, (long)(lba * fm->bs), SEEK_SET) != 0)
		return -1;
	return fread(buf, fm->bs, count, fm->f) == count ? 0 : -1;
}

/* scan the image file at path with block size bs; exits 1 if it is refused */
static void scan_file(const char *path, uint32_t bs)
{
	struct file_media fm = { fopen(path, "rb"), bs };
	if (!fm.f) {
		perror(path);
		exit(2);
	}
	fseek(fm.f, 0, SEEK_END);
	struct part_media m = { bs, (uint64_t)ftell(fm.f) / bs, file_read, &fm };
	memset(&list, 0, sizeof(list));
	list.entries = out;
	list.max = 256;
	int err = part_scan(&m, &work, &list);
	fclose(fm.f);
	if (err) {
		printf("error %s\n", part_strerror(err));
		exit(1);
	}
}

/* the name as sfdisk --dump writes it: bytes outside printable ASCII as \xNN */
static void print_name(const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c >= 0x7F || c == '"' || c == '\\')
			printf("\\x%02x", c);
		else
			putchar(c);
	}
}

static void dump(void)
{
	char g[37];
	for (uint32_t i = 0; i < list.count; i++) {
		const struct part_entry *e = &out[i];
		printf("%u : start=%llu, size=%llu, type=", e->index,
		       (unsigned long long)e->start_lba, (unsigned long long)e->block_count);
		if (list.scheme == PART_SCHEME_MBR) {
			printf("%x%s\n", e->mbr_type, e->flags & PART_F_BOOTABLE ? ", bootable" : "");
			continue;
		}
		part_guid_format(e->type_guid, g);
		printf("%s, uuid=", g);
		part_guid_format(e->unique_guid, g);
		printf("%s", g);
		if (e->name[0]) {
			printf(", name=\"");
			print_name(e->name);
			printf("\"");
		}
		printf("\n");
	}
	for (uint32_t i = 0; i < list.nskips; i++)
		printf("skip %u %s\n", list.skips[i].index, part_skip_name(list.skips[i].reason));
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc == 1)
		return run_tests();
	if (argc >= 3 && strcmp(argv[1], "dump") == 0) {
		scan_file(argv[2], argc > 3 ? (uint32_t)atoi(argv[3]) : 512);
		dump();
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "sgdisk") == 0) {
		scan_file(argv[2], 512);
		for (uint32_t i = 0; i < list.count; i++)
			printf("%u %llu %llu %s\n", out[i].index,
			       (unsigned long long)out[i].start_lba,
			       (unsigned long long)(out[i].start_lba + out[i].block_count - 1),
			       out[i].name);
		return 0;
	}
	if (argc == 4 && strcmp(argv[1], "attrs") == 0) {
		scan_file(argv[2], 512);
		for (uint32_t i = 0; i < list.count; i++)
			if (out[i].index == (uint32_t)atoi(argv[3]))
				printf("%016llX\n", (unsigned long long)out[i].attributes);
		return 0;
	}
	fprintf(stderr, "usage: unit [dump IMG [BS] | sgdisk IMG | attrs IMG N]\n");
	return 2;
}
