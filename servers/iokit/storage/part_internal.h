/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * part_internal.h (iokit/storage) - helpers shared by partition.c, mbr.c
 * and gpt.c; not part of the partition API.
 */
#ifndef DARBAT_IOKIT_PART_INTERNAL_H
#define DARBAT_IOKIT_PART_INTERNAL_H

#include "partition.h"

/* little-endian field access in on-disk structures */
static inline uint16_t part_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t part_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline uint64_t part_le64(const uint8_t *p)
{
	return (uint64_t)part_le32(p) | (uint64_t)part_le32(p + 4) << 32;
}

/* Read one block at lba into w->block; PART_EIO if out of the media or the read fails. */
int part_read_block(const struct part_media *m, struct part_work *w, uint64_t lba);
/* Record that entry index was skipped for reason. */
void part_skip(struct part_list *list, uint32_t index, int reason);
/* True if [start, start + count) overlaps an entry already in list. */
bool part_overlaps(const struct part_list *list, uint64_t start, uint64_t count);
/* Append e to list, or skip it (overlap, no room); e->block_count > 0. */
void part_add(struct part_list *list, const struct part_entry *e);

#endif
