/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ext2_int.h (unixd) - what the files of the ext2 implementation share:
 *
 *   ext2_super.c   mount (every check of the superblock and the group
 *                  descriptors), sync, unmount, the tick, the log
 *   ext2_alloc.c   block and inode bitmaps, the group and superblock counters
 *   ext2_inode.c   the in-memory inode table, reading and writing inodes,
 *                  block mapping through (up to triple) indirect blocks,
 *                  truncation, deletion
 *   ext2_dir.c     linear directories: find, add, remove, iterate
 *   ext2_file.c    file data through the page cache (read, write, page,
 *                  write-back)
 *   ext2_ops.c     struct inode_ops: the name-space operations
 *
 * Metadata (superblock, descriptors, bitmaps, inode tables, indirect blocks,
 * directories) goes through the buffer cache (bcache.c); regular files' data
 * only through the page cache (pcache.c), in the device's memory only on the
 * way (a bounce buffer), so that no block is cached twice.  A freed block is
 * dropped from the buffer cache (bcache_forget) before anyone can reuse it
 * for data.
 *
 * Everything read from the disk is checked before use: a bad block number,
 * directory entry or inode makes the operation fail with -EIO and one log
 * line (ext2_error), never a crash or a loop.
 */
#ifndef UNIXD_EXT2_INT_H
#define UNIXD_EXT2_INT_H

#include "ext2.h"
#include "ext2_fmt.h"
#include "bcache.h"
#include "pcache.h"
#include "fsalloc.h"

#define EXT2_IHASH		256u
#define EXT2_UNUSED_MAX		256u	/* inodes kept cached with no reference */
#define EXT2_BCACHE_BUFS	1024u	/* buffer cache size, in blocks */
#define EXT2_PCACHE_PAGES	(1u << 20)	/* page cache bound (4 GiB): memory is the limit */
#define EXT2_RA_PAGES		64u	/* readahead: up to 256 KiB in one transfer */

struct ext2_sb;

/* An inode in memory: the VFS's part first. */
struct ext2_node {
	struct inode vfs;
	struct ext2_node *hnext;		/* the sb's inode hash */
	struct ext2_node *uprev, *unext;	/* the unused list (refs 0, still linked) */
	uint32_t i_block[EXT2_N_BLOCKS];
	uint32_t flags, file_acl, generation, dtime;
	uint32_t dir_acl;			/* i_size_high of what is not a regular file */
	bool up_checked;			/* directories: ".." leads to the root */
	struct pcache_owner pages;
};

struct ext2_sb {
	struct vfs_sb vfs;			/* first: the VFS sees only this */
	struct blkdev *dev;
	struct bcache *bc;
	struct pcache pc;
	struct ext2_super_block sb;		/* the primary superblock, in memory */
	struct ext2_group_desc *gd;		/* ngroups descriptors, in memory */
	bool meta_dirty;			/* sb or gd changed since written */
	bool ro;
	uint16_t mount_state;			/* s_state when mounted (restored at unmount) */
	uint32_t ngroups, gdt_blocks;
	uint32_t bsize, bshift;			/* block size and its log2 */
	uint32_t apb, apb_shift;		/* block numbers per indirect block */
	uint32_t inode_size, itable_blocks;	/* blocks of one group's inode table */
	uint32_t first_ino;
	uint64_t tind_end;			/* logical blocks the triple-indirect tree ends at */
	uint32_t next_generation;
	uint8_t *bounce;			/* FS_PAGE_SIZE of device memory for file data */
	uint8_t *ra_buf;			/* EXT2_RA_PAGES pages of it for readahead, or NULL */
	struct ext2_node *ihash[EXT2_IHASH];
	struct ext2_node *uhead, *utail;	/* unused inodes, most recent first */
	uint32_t nunused;
};

static inline struct ext2_sb *ext2_sb_of(struct vfs_sb *sb)
{
	return (struct ext2_sb *)sb;
}
static inline struct ext2_node *ext2_node_of(struct inode *ip)
{
	return (struct ext2_node *)ip;
}
static inline struct ext2_sb *ext2_es(struct ext2_node *n)
{
	return (struct ext2_sb *)n->vfs.sb;
}

/* ext2_super.c */
/* Logs one line "ext2 DEV: " fmt (%s, %llu, %llx); returns -LX_EIO. */
int ext2_error(const struct ext2_sb *es, const char *fmt, ...);
void ext2_meta_dirty(struct ext2_sb *es);
/* the superblock and descriptors into their buffers */
int ext2_write_super(struct ext2_sb *es);
extern const struct vfs_sb_ops ext2_sb_ops;

/* ext2_alloc.c */
/* A free block near goal, marked used: *out; -ENOSPC when none. */
int ext2_balloc(struct ext2_sb *es, uint64_t goal, uint32_t *out);
/* -EIO if it was free already (a damaged tree names it twice) */
int ext2_bfree(struct ext2_sb *es, uint32_t blk);
/* A free inode for a new file (dir: a directory) near the parent's group. */
int ext2_ialloc(struct ext2_sb *es, uint32_t parent_ino, bool dir, uint32_t *out);
void ext2_ifree(struct ext2_sb *es, uint32_t ino, bool dir);
/* a block number a file or an indirect block may point to */
bool ext2_block_ok(const struct ext2_sb *es, uint64_t blk);

/* ext2_inode.c */
int ext2_iget(struct ext2_sb *es, uint32_t ino, struct ext2_node **out);
/* A new inode (from ext2_ialloc) initialised from nw: *out holds a reference. */
int ext2_inew(struct ext2_sb *es, uint32_t ino, const struct vfs_new *nw, struct ext2_node **out);
/* The inode's fields into the inode table's buffer. */
int ext2_iwrite(struct ext2_node *n);
/* The inode table's buffer holding inode ino (held: bcache_put), at *off. */
int ext2_iraw(struct ext2_sb *es, uint32_t ino, struct bbuf **b, uint32_t *off);
void ext2_evict(struct inode *ip);
/* Frees every inode in memory (unmount): all but the root must be unused. */
void ext2_inodes_free(struct ext2_sb *es);
/* Logical block lblk of n: *phys (0: a hole).  create: allocate it and the
 * indirect blocks on the way (*made when the data block is new). */
int ext2_bmap(struct ext2_node *n, uint64_t lblk, bool create, uint32_t *phys, bool *made);
/* Frees the blocks from logical block keep on. */
int ext2_free_from(struct ext2_node *n, uint64_t keep);
/* Free n's blocks of logical numbers [from, to) (indirect blocks left empty too). */
int ext2_free_range(struct ext2_node *n, uint64_t from, uint64_t to);
/* i_block holds block numbers (not a fast symlink or a device) */
bool ext2_has_blocks(const struct ext2_node *n);
void ext2_touch(struct ext2_node *n, bool mtime);
int64_t ext2_now(void);

/* ext2_dir.c */
struct ext2_dirloc {
	uint64_t lblk;			/* the directory's logical block */
	uint32_t off, prev_off;		/* the entry's offset, and its predecessor's (or off) */
	uint32_t ino;
	uint8_t file_type;
};
int ext2_dir_find(struct ext2_node *dir, const char *name, size_t len, struct ext2_dirloc *loc);
int ext2_dir_add(struct ext2_node *dir, const char *name, size_t len, uint32_t ino, uint32_t mode);
int ext2_dir_remove(struct ext2_node *dir, const struct ext2_dirloc *loc);
/* points the entry at loc to ino (rename over a name; a moved directory's "..",
 * which leaves the directory's times alone: touch false, as Linux) */
int ext2_dir_set(struct ext2_node *dir, const struct ext2_dirloc *loc, uint32_t ino, uint32_t mode,
		 bool touch);
/* 1 if only "." and "..", 0 if not, or an error */
int ext2_dir_empty(struct ext2_node *dir);
/* the first block of a new directory: "." and ".." */
int ext2_dir_init(struct ext2_node *dir, uint32_t parent_ino);
int ext2_getdents(struct inode *dir, uint64_t *pos, vfs_filldir_t fill, void *arg);

/* ext2_file.c */
int64_t ext2_read(struct inode *ip, void *buf, size_t n, uint64_t off);
int64_t ext2_write(struct inode *ip, const void *buf, size_t n, uint64_t off);
int ext2_truncate(struct inode *ip, uint64_t size);
int ext2_fallocate(struct inode *ip, int mode, uint64_t off, uint64_t len);
void *ext2_page(struct inode *ip, uint64_t index);
void ext2_page_dirty(struct inode *ip, uint64_t index);
int ext2_page_writeback(void *owner, struct pcache_page *pg);
struct pcache_owner *ext2_page_owner(void *owner);
/* n's runs of dirty pages in one transfer each (before pcache's page-by-page write-back) */
int ext2_cluster_out(struct ext2_node *n);
int ext2_fsync(struct inode *ip, bool datasync);

/* ext2_ops.c */
extern const struct inode_ops ext2_inode_ops;

/* ext2_xattr.c: inode_ops' getxattr, setxattr, listxattr */
int ext2_getxattr(struct inode *ip, const char *name, void *buf, size_t size);
int ext2_setxattr(struct inode *ip, const char *name, const void *value, size_t len, int flags);
int ext2_listxattr(struct inode *ip, char *buf, size_t size);

#endif
