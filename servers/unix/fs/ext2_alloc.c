/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ext2_alloc.c (unixd) - ext2's free space: the block and inode bitmaps of
 * each group and the counters that must agree with them exactly (the
 * group's free blocks, free inodes and directories, the superblock's free
 * blocks and inodes), as e2fsck checks them.
 *
 * Blocks are taken near a goal (the block before, for files; the group of the
 * inode otherwise) scanning forward group by group; inodes in the parent's
 * group first, directories in the next group with free inodes above the
 * average (a simple spread, as Linux's find_group_other and a little
 * Orlov).  A bit found already set when it should be clear (or the reverse)
 * means a damaged bitmap: -EIO and a log line.
 *
 *   ext2_balloc ext2_bfree ext2_ialloc ext2_ifree ext2_block_ok
 */
#include "ext2_int.h"
#include "dstring.h"

bool ext2_block_ok(const struct ext2_sb *es, uint64_t blk)
{
	return blk >= es->sb.s_first_data_block && blk < es->sb.s_blocks_count;
}

static uint32_t group_blocks(const struct ext2_sb *es, uint32_t g)
{
	uint64_t first = es->sb.s_first_data_block + (uint64_t)g * es->sb.s_blocks_per_group;
	uint64_t left = es->sb.s_blocks_count - first;

	return left < es->sb.s_blocks_per_group ? (uint32_t)left : es->sb.s_blocks_per_group;
}

/* The first clear bit of map in [from, n), or n. */
static uint32_t find_zero(const uint8_t *map, uint32_t from, uint32_t n)
{
	for (uint32_t i = from; i < n; i++) {
		if ((i & 7) == 0 && map[i >> 3] == 0xff && i + 8 <= n) {
			i += 7;
			continue;
		}
		if (!(map[i >> 3] & (1u << (i & 7))))
			return i;
	}
	return n;
}

/* A clear bit in group g's bitmap at block bmap (nbits bits), from bit from on,
 * set; *bit.  -ENOSPC if none. */
static int take_bit(struct ext2_sb *es, uint32_t bmap, uint32_t nbits, uint32_t from,
		    uint32_t *bit)
{
	struct bbuf *b;
	int err = bcache_read(es->bc, bmap, &b);
	uint32_t i;

	if (err)
		return err;
	i = find_zero(b->data, from, nbits);
	if (i == nbits && from)
		i = find_zero(b->data, 0, from);
	if (i < nbits) {
		b->data[i >> 3] |= (uint8_t)(1u << (i & 7));
		bcache_dirty(es->bc, b);
		*bit = i;
	}
	bcache_put(es->bc, b);
	return i < nbits ? 0 : -LX_ENOSPC;
}

/* Clears bit in the bitmap at block bmap; -EIO if it was clear already. */
static int clear_bit(struct ext2_sb *es, uint32_t bmap, uint32_t bit)
{
	struct bbuf *b;
	int err = bcache_read(es->bc, bmap, &b);
	uint8_t mask = (uint8_t)(1u << (bit & 7));

	if (err)
		return err;
	if (b->data[bit >> 3] & mask) {
		b->data[bit >> 3] &= (uint8_t)~mask;
		bcache_dirty(es->bc, b);
	} else {
		err = ext2_error(es, "freeing bit %llu of bitmap block %llu: already free",
				 (unsigned long long)bit, (unsigned long long)bmap);
	}
	bcache_put(es->bc, b);
	return err;
}

/* ---- blocks ---------------------------------------------------------------------------------- */

/* Group g's own bitmaps and inode table (Linux's "system zone"): a bitmap that
 * calls one of them free is damaged. */
static bool in_system_zone(const struct ext2_sb *es, uint32_t g, uint64_t blk)
{
	const struct ext2_group_desc *d = &es->gd[g];

	return blk == d->bg_block_bitmap || blk == d->bg_inode_bitmap ||
	       (blk >= d->bg_inode_table && blk < (uint64_t)d->bg_inode_table + es->itable_blocks);
}

int ext2_balloc(struct ext2_sb *es, uint64_t goal, uint32_t *out)
{
	uint32_t bpg = es->sb.s_blocks_per_group, first = es->sb.s_first_data_block;
	uint32_t g0, from, bit;

	if (es->sb.s_free_blocks_count == 0)
		return -LX_ENOSPC;
	if (!ext2_block_ok(es, goal))
		goal = first;
	g0 = (uint32_t)((goal - first) / bpg);
	from = (uint32_t)((goal - first) % bpg);
	for (uint32_t k = 0; k < es->ngroups; k++, from = 0) {
		uint32_t g = (g0 + k) % es->ngroups;
		struct ext2_group_desc *d = &es->gd[g];
		int err;

		if (d->bg_free_blocks_count == 0)
			continue;
		err = take_bit(es, d->bg_block_bitmap, group_blocks(es, g), from, &bit);
		if (err == -LX_ENOSPC)
			return ext2_error(es, "group %llu: free block count says %llu, bitmap none",
					  (unsigned long long)g,
					  (unsigned long long)d->bg_free_blocks_count);
		if (err)
			return err;
		if (in_system_zone(es, g, first + (uint64_t)g * bpg + bit))	/* the bit stays set */
			return ext2_error(es, "group %llu: bitmap calls metadata block %llu free",
					  (unsigned long long)g,
					  (unsigned long long)(first + (uint64_t)g * bpg + bit));
		d->bg_free_blocks_count--;
		es->sb.s_free_blocks_count--;
		ext2_meta_dirty(es);
		*out = first + g * bpg + bit;
		return 0;
	}
	return -LX_ENOSPC;
}

int ext2_bfree(struct ext2_sb *es, uint32_t blk)
{
	uint32_t bpg = es->sb.s_blocks_per_group, g, bit;
	int err;

	if (!ext2_block_ok(es, blk))
		return ext2_error(es, "freeing block %llu: out of range", (unsigned long long)blk);
	g = (blk - es->sb.s_first_data_block) / bpg;
	bit = (blk - es->sb.s_first_data_block) % bpg;
	bcache_forget(es->bc, blk);
	err = clear_bit(es, es->gd[g].bg_block_bitmap, bit);
	if (err)
		return err;
	es->gd[g].bg_free_blocks_count++;
	es->sb.s_free_blocks_count++;
	ext2_meta_dirty(es);
	return 0;
}

/* ---- inodes ---------------------------------------------------------------------------------- */

/* The group a new inode goes to: dir spreads directories, files stay near their parent. */
static int pick_group(const struct ext2_sb *es, uint32_t parent_ino, bool dir, uint32_t *out)
{
	uint32_t pg = (parent_ino - 1) / es->sb.s_inodes_per_group;
	uint32_t avg = es->sb.s_free_inodes_count / es->ngroups;

	for (int pass = dir ? 0 : 1; pass < 2; pass++) {
		for (uint32_t k = 0; k < es->ngroups; k++) {
			uint32_t g = (pg + k + (dir ? 1 : 0)) % es->ngroups;
			const struct ext2_group_desc *d = &es->gd[g];
			if (d->bg_free_inodes_count && (pass || d->bg_free_inodes_count >= avg)) {
				*out = g;
				return 0;
			}
		}
	}
	return -LX_ENOSPC;
}

int ext2_ialloc(struct ext2_sb *es, uint32_t parent_ino, bool dir, uint32_t *out)
{
	uint32_t ipg = es->sb.s_inodes_per_group, g, bit;
	int err;

	if (es->sb.s_free_inodes_count == 0 || pick_group(es, parent_ino, dir, &g))
		return -LX_ENOSPC;
	/* the reserved inodes (below first_ino) are never handed out */
	err = take_bit(es, es->gd[g].bg_inode_bitmap, ipg,
		       g == 0 ? es->first_ino - 1 : 0, &bit);
	if (!err && g == 0 && bit < es->first_ino - 1)
		err = ext2_error(es, "reserved inode %llu free in the bitmap",
				 (unsigned long long)bit + 1);
	if (err == -LX_ENOSPC)
		return ext2_error(es, "group %llu: free inode count says %llu, bitmap none",
				  (unsigned long long)g,
				  (unsigned long long)es->gd[g].bg_free_inodes_count);
	if (err)
		return err;
	es->gd[g].bg_free_inodes_count--;
	if (dir)
		es->gd[g].bg_used_dirs_count++;
	es->sb.s_free_inodes_count--;
	ext2_meta_dirty(es);
	*out = g * ipg + bit + 1;
	return 0;
}

void ext2_ifree(struct ext2_sb *es, uint32_t ino, bool dir)
{
	uint32_t ipg = es->sb.s_inodes_per_group;
	uint32_t g = (ino - 1) / ipg;

	if (clear_bit(es, es->gd[g].bg_inode_bitmap, (ino - 1) % ipg))
		return;
	es->gd[g].bg_free_inodes_count++;
	if (dir && es->gd[g].bg_used_dirs_count)
		es->gd[g].bg_used_dirs_count--;
	es->sb.s_free_inodes_count++;
	ext2_meta_dirty(es);
}
