/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * partition.h (iokit/storage) - MBR and GPT partition-table parsing.
 *
 * The partition-scheme layer of the storage stack (block storage driver ->
 * media -> partition scheme -> partition media).  Pure, freestanding C: no
 * allocation, no libc beyond lib/dstring.h; the caller supplies the media
 * (block size, block count, a read callback), a work area and the output
 * array.  Entry points:
 *   part_scan()        detect MBR or GPT on a media and list its partitions
 *   part_mbr_scan()    parse an MBR (primaries and the extended chain)
 *   part_gpt_scan()    parse a GPT (primary header, or the backup one)
 *   part_crc32()       IEEE 802.3 CRC32, as GPT uses it
 *   part_guid_format() "0FC63DAF-8483-4772-8E79-3D69D8477DE4"
 *   part_strerror(), part_skip_name()  names for logs and tests
 * Hostile tables never crash the parser: a broken table is a negative
 * PART_E* code, a broken entry is skipped with a PART_SKIP_* reason.  What
 * is refused and what is skipped: docs/IOKIT.md, "Partition schemes".
 */
#ifndef DARBAT_IOKIT_PARTITION_H
#define DARBAT_IOKIT_PARTITION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PART_MIN_BLOCK_SIZE	512
#define PART_MAX_BLOCK_SIZE	4096
#define PART_MBR_MAX_LOGICAL	128	/* depth limit of the extended chain */
#define PART_GPT_MAX_ENTRIES	4096	/* larger entry counts are refused */
#define PART_GPT_MAX_ARRAY	(1u << 20)	/* bytes in the entry array, at most */
#define PART_NAME_MAX		(36 * 3 + 1)	/* 36 UTF-16 units as UTF-8, NUL */
#define PART_MAX_SKIPS		32	/* skip records kept; more are only counted */

/* Read count blocks from lba into buf; 0 on success, anything else is an error. */
typedef int (*part_read_fn)(void *ctx, uint64_t lba, uint32_t count, void *buf);

struct part_media {
	uint32_t block_size;	/* bytes; a power of two, 512..4096 */
	uint64_t block_count;	/* > 0 */
	part_read_fn read;
	void *ctx;		/* passed to read */
};

/* Errors: the whole table is refused. */
enum {
	PART_OK = 0,
	PART_EINVAL = -1,	/* bad media description or arguments */
	PART_EIO = -2,		/* the read callback failed */
	PART_ENOTABLE = -3,	/* neither an MBR signature nor a GPT header */
	PART_EMBR = -4,		/* MBR entry with a status byte other than 0x00/0x80 */
	PART_EGPT_SIG = -5,	/* protective MBR but no "EFI PART" header */
	PART_EGPT_REVISION = -6,	/* major revision is not 1 */
	PART_EGPT_HDRSIZE = -7,	/* header size < 92 or > block size */
	PART_EGPT_HDRCRC = -8,	/* header CRC32 mismatch */
	PART_EGPT_MYLBA = -9,	/* MyLBA is not where the header was read */
	PART_EGPT_RANGE = -10,	/* usable range empty, outside media or overflowing */
	PART_EGPT_ENTRYSIZE = -11,	/* not 128 * 2^n, or larger than a block */
	PART_EGPT_ENTRYCOUNT = -12,	/* 0, or > PART_GPT_MAX_ENTRIES / array too big */
	PART_EGPT_ARRAY = -13,	/* entry array outside media or over usable space */
	PART_EGPT_ARRAYCRC = -14,	/* entry array CRC32 mismatch */
};

/* Skip reasons: one entry is left out, the rest of the table is used. */
enum {
	PART_SKIP_ZERO_SIZE = 1,	/* MBR entry with a type but 0 blocks */
	PART_SKIP_OUTSIDE,		/* past the media/usable area, or over the table */
	PART_SKIP_OVERLAP,		/* overlaps a partition accepted before */
	PART_SKIP_START_AFTER_END,	/* GPT first LBA > last LBA */
	PART_SKIP_OVERFLOW,		/* start + size does not fit in 64 bits */
	PART_SKIP_NOROOM,		/* valid, but the output array is full */
	PART_SKIP_EXT_LOOP,		/* extended chain comes back to an EBR */
	PART_SKIP_EXT_DEPTH,		/* more than PART_MBR_MAX_LOGICAL EBRs */
	PART_SKIP_EXT_BADEBR,		/* EBR without 0x55AA or with a bad status byte */
	PART_SKIP_EXT_EXTRA,		/* a second extended partition in the MBR */
};

enum part_scheme {
	PART_SCHEME_NONE = 0,
	PART_SCHEME_MBR,
	PART_SCHEME_GPT,
};

/* part_entry.flags */
#define PART_F_BOOTABLE		(1u << 0)	/* MBR status 0x80 */
#define PART_F_LOGICAL		(1u << 1)	/* MBR logical, inside the extended one */
#define PART_F_GPT		(1u << 2)	/* type_guid, unique_guid, attributes valid */

struct part_entry {
	uint32_t index;		/* MBR: 1-4 primary, 5.. logical; GPT: slot + 1 */
	uint64_t start_lba;
	uint64_t block_count;	/* > 0 */
	uint8_t mbr_type;	/* MBR type byte; 0 for GPT */
	uint8_t type_guid[16];	/* GPT, as on disk (mixed endian) */
	uint8_t unique_guid[16];
	uint64_t attributes;	/* GPT attribute bits */
	uint32_t flags;		/* PART_F_* */
	char name[PART_NAME_MAX];	/* GPT name as UTF-8; "" for MBR */
};

struct part_skip {
	uint32_t index;		/* entry number as in part_entry.index */
	int reason;		/* PART_SKIP_* */
};

/*
 * Output of a scan.  The caller sets entries and max; the scan fills the rest.
 * Rule: entries[0..count) are valid, sorted as on disk, pairwise disjoint.
 */
struct part_list {
	struct part_entry *entries;	/* caller's array of max entries */
	uint32_t max;
	uint32_t count;
	enum part_scheme scheme;
	uint32_t nskips;		/* skip records in skips[] */
	uint32_t skips_total;		/* all skips, even those not recorded */
	struct part_skip skips[PART_MAX_SKIPS];
	/* GPT only */
	bool gpt_backup_used;		/* the primary was refused, the backup used */
	int gpt_primary_error;		/* why the primary was refused, or PART_OK */
	uint8_t disk_guid[16];
};

/* Scratch memory for one scan, owned by the caller (too big for small stacks). */
struct part_work {
	uint8_t block[PART_MAX_BLOCK_SIZE];
	uint64_t ebr_seen[PART_MBR_MAX_LOGICAL];
};

/* Detect the scheme on m and list its partitions into list; PART_OK or PART_E*. */
int part_scan(const struct part_media *m, struct part_work *w, struct part_list *list);
/* Parse an MBR whose LBA 0 is already in w->block. */
int part_mbr_scan(const struct part_media *m, struct part_work *w, struct part_list *list);
/* Parse a GPT: the primary header, else the backup header at the last LBA. */
int part_gpt_scan(const struct part_media *m, struct part_work *w, struct part_list *list);

uint32_t part_crc32(uint32_t crc, const void *buf, size_t len);
void part_guid_format(const uint8_t guid[16], char out[37]);
const char *part_strerror(int err);
const char *part_skip_name(int reason);

#endif
