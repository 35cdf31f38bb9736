/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ext2_fmt.h (unixd) - the on-disk format of ext2 as this implementation
 * reads and writes it: the superblock, the group descriptors, inodes and
 * directory entries, little-endian (both the host and the target are x86-64,
 * so the structures are read in place; the _Static_asserts pin the layout).
 * Field names follow Linux's include/linux/ext2_fs.h so that the
 * specification reads alongside.
 */
#ifndef UNIXD_EXT2_FMT_H
#define UNIXD_EXT2_FMT_H

#include <stdint.h>

#define EXT2_MAGIC		0xEF53
#define EXT2_SB_OFFSET		1024u	/* bytes from the start of the device */
#define EXT2_SB_SIZE		1024u
#define EXT2_MIN_BLOCK_LOG	10	/* 1 KiB */
#define EXT2_MAX_BLOCK_LOG	12	/* 4 KiB: no block larger than a page, as Linux */
#define EXT2_ROOT_INO		2
#define EXT2_GOOD_OLD_FIRST_INO	11
#define EXT2_GOOD_OLD_INODE_SIZE 128u
#define EXT2_NDIR_BLOCKS	12
#define EXT2_IND_BLOCK		12
#define EXT2_DIND_BLOCK		13
#define EXT2_TIND_BLOCK		14
#define EXT2_N_BLOCKS		15
#define EXT2_LINK_MAX		65000
#define EXT2_FAST_SYMLINK_MAX	(EXT2_N_BLOCKS * 4 - 1)	/* 59 bytes and a NUL in i_block */

/* s_state */
#define EXT2_VALID_FS		0x0001	/* unmounted cleanly */
#define EXT2_ERROR_FS		0x0002

/* features: what is supported read-write, what read-only */
#define EXT2_FEATURE_INCOMPAT_FILETYPE		0x0002
#define EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER	0x0001
#define EXT2_FEATURE_RO_COMPAT_LARGE_FILE	0x0002
#define EXT2_INCOMPAT_SUPP	EXT2_FEATURE_INCOMPAT_FILETYPE
#define EXT2_RO_COMPAT_SUPP	(EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER | \
				 EXT2_FEATURE_RO_COMPAT_LARGE_FILE)

/* i_flags this code changes: a directory it edits loses its hash index */
#define EXT2_INDEX_FL		0x00001000

/* directory entry file types (with the filetype feature) */
enum {
	EXT2_FT_UNKNOWN, EXT2_FT_REG_FILE, EXT2_FT_DIR, EXT2_FT_CHRDEV,
	EXT2_FT_BLKDEV, EXT2_FT_FIFO, EXT2_FT_SOCK, EXT2_FT_SYMLINK, EXT2_FT_MAX
};

struct ext2_super_block {
	uint32_t s_inodes_count;
	uint32_t s_blocks_count;
	uint32_t s_r_blocks_count;
	uint32_t s_free_blocks_count;
	uint32_t s_free_inodes_count;
	uint32_t s_first_data_block;
	uint32_t s_log_block_size;	/* block size is 1024 << this */
	uint32_t s_log_frag_size;
	uint32_t s_blocks_per_group;
	uint32_t s_frags_per_group;
	uint32_t s_inodes_per_group;
	uint32_t s_mtime;
	uint32_t s_wtime;
	uint16_t s_mnt_count;
	int16_t s_max_mnt_count;
	uint16_t s_magic;
	uint16_t s_state;
	uint16_t s_errors;
	uint16_t s_minor_rev_level;
	uint32_t s_lastcheck;
	uint32_t s_checkinterval;
	uint32_t s_creator_os;
	uint32_t s_rev_level;
	uint16_t s_def_resuid;
	uint16_t s_def_resgid;
	/* EXT2_DYNAMIC_REV (1) */
	uint32_t s_first_ino;
	uint16_t s_inode_size;
	uint16_t s_block_group_nr;
	uint32_t s_feature_compat;
	uint32_t s_feature_incompat;
	uint32_t s_feature_ro_compat;
	uint8_t s_uuid[16];
	char s_volume_name[16];
	char s_last_mounted[64];
	uint32_t s_algorithm_usage_bitmap;
	uint8_t s_prealloc_blocks;
	uint8_t s_prealloc_dir_blocks;
	uint16_t s_reserved_gdt_blocks;
	uint8_t s_rest[EXT2_SB_SIZE - 208];
};
_Static_assert(sizeof(struct ext2_super_block) == EXT2_SB_SIZE, "the superblock is 1 KiB");

struct ext2_group_desc {
	uint32_t bg_block_bitmap;
	uint32_t bg_inode_bitmap;
	uint32_t bg_inode_table;
	uint16_t bg_free_blocks_count;
	uint16_t bg_free_inodes_count;
	uint16_t bg_used_dirs_count;
	uint16_t bg_flags;
	uint32_t bg_reserved[3];
};
_Static_assert(sizeof(struct ext2_group_desc) == 32, "a group descriptor is 32 bytes");

struct ext2_inode {
	uint16_t i_mode;
	uint16_t i_uid;
	uint32_t i_size;
	uint32_t i_atime;
	uint32_t i_ctime;
	uint32_t i_mtime;
	uint32_t i_dtime;
	uint16_t i_gid;
	uint16_t i_links_count;
	uint32_t i_blocks;		/* 512-byte units */
	uint32_t i_flags;
	uint32_t i_osd1;
	uint32_t i_block[EXT2_N_BLOCKS];
	uint32_t i_generation;
	uint32_t i_file_acl;
	uint32_t i_size_high;		/* i_dir_acl before large_file */
	uint32_t i_faddr;
	uint16_t l_i_blocks_hi;
	uint16_t l_i_file_acl_high;
	uint16_t l_i_uid_high;
	uint16_t l_i_gid_high;
	uint16_t l_i_checksum_lo;
	uint16_t l_i_reserved;
};
_Static_assert(sizeof(struct ext2_inode) == EXT2_GOOD_OLD_INODE_SIZE, "an inode is 128 bytes");

/* The part of a large inode (s_inode_size > 128) after struct ext2_inode that
 * this code uses: nanoseconds and two more bits of seconds (ext4's layout,
 * which e2fsprogs and Linux's ext4 driver read on ext2 too).  A field exists
 * when i_extra_isize covers it. */
struct ext2_inode_extra {
	uint16_t i_extra_isize;		/* bytes used after the first 128 */
	uint16_t i_checksum_hi;
	uint32_t i_ctime_extra;		/* nanoseconds << 2 | seconds' bits 32-33 */
	uint32_t i_mtime_extra;
	uint32_t i_atime_extra;
	uint32_t i_crtime;		/* creation */
	uint32_t i_crtime_extra;
	uint32_t i_version_hi;
	uint32_t i_projid;
};
_Static_assert(sizeof(struct ext2_inode_extra) == 32, "the large inode's extra fields");
#define EXT2_EXTRA_TIMES	16u	/* i_extra_isize that covers atime_extra */
#define EXT2_EPOCH_BITS		2
#define EXT2_EPOCH_MASK		3u

struct ext2_dir_entry {
	uint32_t inode;			/* 0: an unused entry */
	uint16_t rec_len;		/* to the next entry; never crosses a block */
	uint8_t name_len;
	uint8_t file_type;
	char name[];
};
#define EXT2_DIR_HEAD		8u
/* the space an entry with a name of len bytes needs (Linux's EXT2_DIR_REC_LEN) */
#define EXT2_DIR_REC_LEN(len)	((EXT2_DIR_HEAD + (len) + 3u) & ~3u)

/* the extended-attribute block header (only its reference count is used) */
#define EXT2_XATTR_MAGIC	0xEA020000u
struct ext2_xattr_header {
	uint32_t h_magic;
	uint32_t h_refcount;
	uint32_t h_blocks;
	uint32_t h_hash;
	uint32_t h_reserved[4];
};

#endif
