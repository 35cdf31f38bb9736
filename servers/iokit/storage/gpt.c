/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * gpt.c (iokit/storage) - the GUID partition table scheme (UEFI 2.x, ch. 5).
 *
 * The primary header is at LBA 1, the backup at the last LBA; each names its
 * partition entry array (LBA, entry count, entry size) and carries a CRC32 of
 * itself and of that array.  A header is used only when every check passes
 * and its array's CRC matches (decode, then use); the primary is tried first,
 * the backup when the primary is refused.  Entries are then read block by
 * block: an entry size is a power of two no larger than a block, so an entry
 * never straddles two blocks and one block of scratch memory is enough.
 */
#include "part_internal.h"
#include "dstring.h"

#define GPT_HEADER_MIN		92
#define GPT_ENTRY_MIN		128
#define GPT_NAME_OFFSET		56
#define GPT_NAME_UNITS		36

struct gpt_header {
	uint64_t my_lba;
	uint64_t first_usable, last_usable;
	uint64_t array_lba;
	uint32_t entry_count, entry_size;
	uint32_t array_crc;
	uint8_t disk_guid[16];
};

/* Check the header's own fields (w->block holds it, read from lba). */
static int gpt_header_decode(const struct part_media *m, uint8_t *b, uint64_t lba,
			     struct gpt_header *h)
{
	if (memcmp(b, "EFI PART", 8) != 0)
		return PART_EGPT_SIG;
	if (part_le32(b + 8) >> 16 != 1)
		return PART_EGPT_REVISION;
	uint32_t hsize = part_le32(b + 12);
	if (hsize < GPT_HEADER_MIN || hsize > m->block_size)
		return PART_EGPT_HDRSIZE;
	uint32_t crc = part_le32(b + 16);
	memset(b + 16, 0, 4);
	if (part_crc32(0, b, hsize) != crc)
		return PART_EGPT_HDRCRC;
	h->my_lba = part_le64(b + 24);
	if (h->my_lba != lba)
		return PART_EGPT_MYLBA;
	h->first_usable = part_le64(b + 40);
	h->last_usable = part_le64(b + 48);
	memcpy(h->disk_guid, b + 56, 16);
	h->array_lba = part_le64(b + 72);
	h->entry_count = part_le32(b + 80);
	h->entry_size = part_le32(b + 84);
	h->array_crc = part_le32(b + 88);
	return PART_OK;
}

/* Check where the header puts the usable area and the entry array. */
static int gpt_layout_check(const struct part_media *m, const struct gpt_header *h)
{
	uint32_t es = h->entry_size;

	if (es < GPT_ENTRY_MIN || es > m->block_size || (es & (es - 1)) != 0)
		return PART_EGPT_ENTRYSIZE;
	if (h->entry_count == 0 || h->entry_count > PART_GPT_MAX_ENTRIES ||
	    (uint64_t)h->entry_count * es > PART_GPT_MAX_ARRAY)
		return PART_EGPT_ENTRYCOUNT;
	/* the usable area lies strictly between the primary and the backup header */
	if (h->first_usable < 2 || h->first_usable > h->last_usable ||
	    h->last_usable >= m->block_count - 1)
		return PART_EGPT_RANGE;
	uint64_t blocks = ((uint64_t)h->entry_count * es + m->block_size - 1) / m->block_size;
	uint64_t a = h->array_lba;
	if (a == 0 || a > m->block_count || blocks > m->block_count - a)
		return PART_EGPT_ARRAY;
	if ((h->my_lba >= a && h->my_lba < a + blocks) ||
	    (a <= h->last_usable && h->first_usable < a + blocks))
		return PART_EGPT_ARRAY;
	return PART_OK;
}

/* CRC32 of the entry array, read block by block. */
static int gpt_array_check(const struct part_media *m, struct part_work *w,
			   const struct gpt_header *h)
{
	uint64_t left = (uint64_t)h->entry_count * h->entry_size;
	uint32_t crc = 0;

	for (uint64_t lba = h->array_lba; left > 0; lba++) {
		if (part_read_block(m, w, lba))
			return PART_EIO;
		uint32_t n = left < m->block_size ? (uint32_t)left : m->block_size;
		crc = part_crc32(crc, w->block, n);
		left -= n;
	}
	return crc == h->array_crc ? PART_OK : PART_EGPT_ARRAYCRC;
}

/* Read and check the header at lba and its array; PART_OK leaves h usable. */
static int gpt_load(const struct part_media *m, struct part_work *w, uint64_t lba,
		    struct gpt_header *h)
{
	int err = part_read_block(m, w, lba);
	if (!err)
		err = gpt_header_decode(m, w->block, lba, h);
	if (!err)
		err = gpt_layout_check(m, h);
	if (!err)
		err = gpt_array_check(m, w, h);
	return err;
}

static char *utf8_put(char *o, uint32_t c)
{
	if (c < 0x80) {
		*o++ = (char)c;
	} else if (c < 0x800) {
		*o++ = (char)(0xC0 | c >> 6);
		*o++ = (char)(0x80 | (c & 0x3F));
	} else if (c < 0x10000) {
		*o++ = (char)(0xE0 | c >> 12);
		*o++ = (char)(0x80 | (c >> 6 & 0x3F));
		*o++ = (char)(0x80 | (c & 0x3F));
	} else {
		*o++ = (char)(0xF0 | c >> 18);
		*o++ = (char)(0x80 | (c >> 12 & 0x3F));
		*o++ = (char)(0x80 | (c >> 6 & 0x3F));
		*o++ = (char)(0x80 | (c & 0x3F));
	}
	return o;
}

/* UTF-16LE name (up to the first NUL unit) to UTF-8; lone surrogates become U+FFFD. */
static void gpt_name(const uint8_t *p, char out[PART_NAME_MAX])
{
	char *o = out;

	for (int i = 0; i < GPT_NAME_UNITS; i++) {
		uint32_t c = part_le16(p + 2 * i);
		if (c == 0)
			break;
		if (c >= 0xD800 && c < 0xDC00 && i + 1 < GPT_NAME_UNITS) {
			uint32_t lo = part_le16(p + 2 * i + 2);
			if (lo >= 0xDC00 && lo < 0xE000) {
				c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
				i++;
			}
		}
		if (c >= 0xD800 && c < 0xE000)
			c = 0xFFFD;
		o = utf8_put(o, c);	/* at most 3 bytes per unit: fits PART_NAME_MAX */
	}
	*o = 0;
}

static void gpt_entry(struct part_list *list, const struct gpt_header *h,
		      const uint8_t *p, uint32_t slot)
{
	static const uint8_t unused[16];
	uint32_t index = slot + 1;

	if (memcmp(p, unused, 16) == 0)
		return;
	uint64_t first = part_le64(p + 32), last = part_le64(p + 40);
	int why = 0;
	if (first > last)
		why = PART_SKIP_START_AFTER_END;
	else if (last - first == UINT64_MAX)
		why = PART_SKIP_OVERFLOW;
	else if (first < h->first_usable || last > h->last_usable)
		why = PART_SKIP_OUTSIDE;
	if (why) {
		part_skip(list, index, why);
		return;
	}

	struct part_entry e = {
		.index = index,
		.start_lba = first,
		.block_count = last - first + 1,
		.attributes = part_le64(p + 48),
		.flags = PART_F_GPT,
	};
	memcpy(e.type_guid, p, 16);
	memcpy(e.unique_guid, p + 16, 16);
	gpt_name(p + GPT_NAME_OFFSET, e.name);
	part_add(list, &e);
}

static int gpt_entries(const struct part_media *m, struct part_work *w,
		       struct part_list *list, const struct gpt_header *h)
{
	uint32_t per_block = m->block_size / h->entry_size;
	uint32_t slot = 0;

	for (uint64_t lba = h->array_lba; slot < h->entry_count; lba++) {
		if (part_read_block(m, w, lba))
			return PART_EIO;
		for (uint32_t i = 0; i < per_block && slot < h->entry_count; i++, slot++)
			gpt_entry(list, h, w->block + i * h->entry_size, slot);
	}
	return PART_OK;
}

int part_gpt_scan(const struct part_media *m, struct part_work *w, struct part_list *list)
{
	struct gpt_header h;
	int err = gpt_load(m, w, 1, &h);

	if (err) {
		/* the primary's reason wins, unless it was simply absent */
		int backup_err = gpt_load(m, w, m->block_count - 1, &h);
		if (backup_err)
			return err == PART_EGPT_SIG ? backup_err : err;
		list->gpt_primary_error = err;
		list->gpt_backup_used = true;
	}
	list->scheme = PART_SCHEME_GPT;
	memcpy(list->disk_guid, h.disk_guid, 16);
	return gpt_entries(m, w, list, &h);
}
