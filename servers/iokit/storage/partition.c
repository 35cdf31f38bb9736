/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * partition.c (iokit/storage) - scheme detection and the helpers both
 * schemes share: block reads, the output list with its overlap check, skip
 * records, CRC32 and names.
 *
 * Detection: LBA 0 is read.  An MBR signature (0x55AA) with a 0xEE entry is
 * a protective MBR, so the disk is GPT; an MBR signature without one is an
 * MBR; no signature at all still tries GPT (a disk whose LBA 0 was wiped),
 * and is PART_ENOTABLE when no GPT header is found either.
 */
#include "part_internal.h"
#include "dstring.h"

#define MBR_TYPE_PROTECTIVE	0xEE

int part_read_block(const struct part_media *m, struct part_work *w, uint64_t lba)
{
	if (lba >= m->block_count)
		return PART_EIO;
	return m->read(m->ctx, lba, 1, w->block) == 0 ? PART_OK : PART_EIO;
}

void part_skip(struct part_list *list, uint32_t index, int reason)
{
	if (list->nskips < PART_MAX_SKIPS)
		list->skips[list->nskips++] = (struct part_skip){ index, reason };
	list->skips_total++;
}

bool part_overlaps(const struct part_list *list, uint64_t start, uint64_t count)
{
	for (uint32_t i = 0; i < list->count; i++) {
		const struct part_entry *e = &list->entries[i];
		/* both ranges are known not to overflow */
		if (start < e->start_lba + e->block_count && e->start_lba < start + count)
			return true;
	}
	return false;
}

void part_add(struct part_list *list, const struct part_entry *e)
{
	if (part_overlaps(list, e->start_lba, e->block_count))
		part_skip(list, e->index, PART_SKIP_OVERLAP);
	else if (list->count == list->max)
		part_skip(list, e->index, PART_SKIP_NOROOM);
	else
		list->entries[list->count++] = *e;
}

static bool media_valid(const struct part_media *m)
{
	uint32_t bs = m->block_size;

	return m->read && m->block_count > 0 && bs >= PART_MIN_BLOCK_SIZE &&
	       bs <= PART_MAX_BLOCK_SIZE && (bs & (bs - 1)) == 0;
}

static void list_reset(struct part_list *list)
{
	list->count = 0;
	list->scheme = PART_SCHEME_NONE;
	list->nskips = 0;
	list->skips_total = 0;
	list->gpt_backup_used = false;
	list->gpt_primary_error = PART_OK;
	memset(list->disk_guid, 0, sizeof(list->disk_guid));
}

static bool mbr_signature(const uint8_t *b)
{
	return b[510] == 0x55 && b[511] == 0xAA;
}

static bool mbr_protective(const uint8_t *b)
{
	for (int i = 0; i < 4; i++)
		if (b[446 + 16 * i + 4] == MBR_TYPE_PROTECTIVE)
			return true;
	return false;
}

int part_scan(const struct part_media *m, struct part_work *w, struct part_list *list)
{
	if (!m || !w || !list || (list->max && !list->entries) || !media_valid(m))
		return PART_EINVAL;
	list_reset(list);
	int err = part_read_block(m, w, 0);
	if (err)
		return err;
	if (mbr_signature(w->block) && !mbr_protective(w->block))
		return part_mbr_scan(m, w, list);
	bool protective = mbr_signature(w->block);
	err = part_gpt_scan(m, w, list);
	if (err == PART_EGPT_SIG && !protective)
		err = PART_ENOTABLE;
	return err;
}

/* ---- CRC32 (IEEE 802.3, reflected, polynomial 0xEDB88320) ---------------------- */

/* Nibble table: 64 bytes instead of 1 KiB, still a few instructions per byte. */
static const uint32_t crc32_nibble[16] = {
	0x00000000, 0x1DB71064, 0x3B6E20C8, 0x26D930AC,
	0x76DC4190, 0x6B6B51F4, 0x4DB26158, 0x5005713C,
	0xEDB88320, 0xF00F9344, 0xD6D6A3E8, 0xCB61B38C,
	0x9B64C2B0, 0x86D3D2D4, 0xA00AE278, 0xBDBDF21C,
};

/* CRC32 of buf continuing from crc (0 to start); part_crc32(0, "123456789", 9) = 0xCBF43926. */
uint32_t part_crc32(uint32_t crc, const void *buf, size_t len)
{
	const uint8_t *p = buf;

	crc = ~crc;
	while (len--) {
		crc ^= *p++;
		crc = (crc >> 4) ^ crc32_nibble[crc & 15];
		crc = (crc >> 4) ^ crc32_nibble[crc & 15];
	}
	return ~crc;
}

/* ---- names ---------------------------------------------------------------------- */

void part_guid_format(const uint8_t g[16], char out[37])
{
	/* the first three fields are little endian on disk */
	static const uint8_t order[16] = { 3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15 };
	static const char hex[] = "0123456789ABCDEF";
	char *o = out;

	for (int i = 0; i < 16; i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			*o++ = '-';
		*o++ = hex[g[order[i]] >> 4];
		*o++ = hex[g[order[i]] & 15];
	}
	*o = 0;
}

const char *part_strerror(int err)
{
	switch (err) {
	case PART_OK: return "ok";
	case PART_EINVAL: return "invalid argument";
	case PART_EIO: return "read error";
	case PART_ENOTABLE: return "no partition table";
	case PART_EMBR: return "bad MBR status byte";
	case PART_EGPT_SIG: return "no GPT header";
	case PART_EGPT_REVISION: return "unsupported GPT revision";
	case PART_EGPT_HDRSIZE: return "GPT header size out of range";
	case PART_EGPT_HDRCRC: return "GPT header CRC mismatch";
	case PART_EGPT_MYLBA: return "GPT header MyLBA mismatch";
	case PART_EGPT_RANGE: return "GPT usable range invalid";
	case PART_EGPT_ENTRYSIZE: return "GPT entry size invalid";
	case PART_EGPT_ENTRYCOUNT: return "GPT entry count invalid";
	case PART_EGPT_ARRAY: return "GPT entry array misplaced";
	case PART_EGPT_ARRAYCRC: return "GPT entry array CRC mismatch";
	default: return "unknown error";
	}
}

const char *part_skip_name(int reason)
{
	switch (reason) {
	case PART_SKIP_ZERO_SIZE: return "zero-size";
	case PART_SKIP_OUTSIDE: return "outside";
	case PART_SKIP_OVERLAP: return "overlap";
	case PART_SKIP_START_AFTER_END: return "start-after-end";
	case PART_SKIP_OVERFLOW: return "overflow";
	case PART_SKIP_NOROOM: return "no-room";
	case PART_SKIP_EXT_LOOP: return "ext-loop";
	case PART_SKIP_EXT_DEPTH: return "ext-depth";
	case PART_SKIP_EXT_BADEBR: return "ext-bad-ebr";
	case PART_SKIP_EXT_EXTRA: return "ext-extra";
	default: return "unknown";
	}
}
