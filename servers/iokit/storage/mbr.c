/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mbr.c (iokit/storage) - the MBR (DOS) partition scheme.
 *
 * LBA 0 holds four 16-byte entries at offset 446 (status, CHS, type, CHS,
 * LBA start, block count; CHS fields are ignored) and 0x55AA at 510.  Type
 * 0x05, 0x0F or 0x85 is an extended partition: a chain of EBRs, each with a
 * logical partition in its first entry (start relative to that EBR) and the
 * next EBR in its second (start relative to the extended partition).
 * Primaries are numbered 1-4 by slot, logicals 5, 6, ... along the chain.
 * The extended partition itself is a container and is not listed.
 */
#include "part_internal.h"

#define MBR_TABLE_OFFSET	446
#define MBR_ENTRY_SIZE		16

struct mbr_slot {
	uint8_t status;
	uint8_t type;
	uint32_t start;		/* relative LBA */
	uint32_t count;
};

static void mbr_slot_read(const uint8_t *b, int i, struct mbr_slot *s)
{
	const uint8_t *e = b + MBR_TABLE_OFFSET + MBR_ENTRY_SIZE * i;

	s->status = e[0];
	s->type = e[4];
	s->start = part_le32(e + 8);
	s->count = part_le32(e + 12);
}

static bool mbr_is_extended(uint8_t type)
{
	return type == 0x05 || type == 0x0F || type == 0x85;
}

static bool mbr_status_ok(const struct mbr_slot *s)
{
	return s->status == 0x00 || s->status == 0x80;
}

/* 0 if [start, start + count) lies in [lo, hi), else the PART_SKIP_* reason. */
static int mbr_range(uint64_t start, uint64_t count, uint64_t lo, uint64_t hi)
{
	if (count == 0)
		return PART_SKIP_ZERO_SIZE;
	if (start < lo || start >= hi || count > hi - start)
		return PART_SKIP_OUTSIDE;
	return 0;
}

static void mbr_add(struct part_list *list, uint32_t index, uint64_t start,
		    const struct mbr_slot *s, uint32_t flags)
{
	struct part_entry e = {
		.index = index,
		.start_lba = start,
		.block_count = s->count,
		.mbr_type = s->type,
		.flags = flags | (s->status == 0x80 ? PART_F_BOOTABLE : 0),
	};
	part_add(list, &e);
}

/*
 * Walk the EBR chain of the extended partition [ext_start, ext_end).  A broken
 * link ends the chain with a skip record for the next logical number; what was
 * found before it stays.  PART_EIO if a read fails.
 */
static int mbr_walk_extended(const struct part_media *m, struct part_work *w,
			     struct part_list *list, uint64_t ext_start, uint64_t ext_end)
{
	uint64_t ebr = ext_start;
	uint32_t index = 5;

	for (uint32_t depth = 0;; depth++) {
		if (depth == PART_MBR_MAX_LOGICAL) {
			part_skip(list, index, PART_SKIP_EXT_DEPTH);
			return PART_OK;
		}
		for (uint32_t j = 0; j < depth; j++) {
			if (w->ebr_seen[j] == ebr) {
				part_skip(list, index, PART_SKIP_EXT_LOOP);
				return PART_OK;
			}
		}
		w->ebr_seen[depth] = ebr;
		if (part_read_block(m, w, ebr))
			return PART_EIO;

		struct mbr_slot data, link;
		mbr_slot_read(w->block, 0, &data);
		mbr_slot_read(w->block, 1, &link);
		if (w->block[510] != 0x55 || w->block[511] != 0xAA ||
		    !mbr_status_ok(&data) || !mbr_status_ok(&link)) {
			part_skip(list, index, PART_SKIP_EXT_BADEBR);
			return PART_OK;
		}
		if (data.type != 0 && !mbr_is_extended(data.type)) {
			uint64_t start = ebr + data.start;
			int why = mbr_range(start, data.count, ebr + 1, ext_end);
			if (why)
				part_skip(list, index, why);
			else
				mbr_add(list, index, start, &data, PART_F_LOGICAL);
			index++;
		}
		if (!mbr_is_extended(link.type))
			return PART_OK;		/* end of the chain */
		ebr = ext_start + link.start;
		if (ebr >= ext_end) {
			part_skip(list, index, PART_SKIP_OUTSIDE);
			return PART_OK;
		}
	}
}

int part_mbr_scan(const struct part_media *m, struct part_work *w, struct part_list *list)
{
	struct mbr_slot slot[4];
	int ext = -1;

	for (int i = 0; i < 4; i++) {
		mbr_slot_read(w->block, i, &slot[i]);
		if (!mbr_status_ok(&slot[i]))
			return PART_EMBR;	/* not an MBR: a boot sector or garbage */
	}
	list->scheme = PART_SCHEME_MBR;
	for (int i = 0; i < 4; i++) {
		const struct mbr_slot *s = &slot[i];
		if (s->type == 0)
			continue;
		int why = mbr_range(s->start, s->count, 1, m->block_count);
		if (!why && mbr_is_extended(s->type) && ext >= 0)
			why = PART_SKIP_EXT_EXTRA;
		if (why)
			part_skip(list, (uint32_t)i + 1, why);
		else if (mbr_is_extended(s->type))
			ext = i;
		else
			mbr_add(list, (uint32_t)i + 1, s->start, s, 0);
	}
	if (ext < 0)
		return PART_OK;
	if (part_overlaps(list, slot[ext].start, slot[ext].count)) {
		part_skip(list, (uint32_t)ext + 1, PART_SKIP_OVERLAP);
		return PART_OK;
	}
	return mbr_walk_extended(m, w, list, slot[ext].start,
				 (uint64_t)slot[ext].start + slot[ext].count);
}
