/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ext2_dir.c (unixd) - linear ext2 directories: blocks of entries
 * (struct ext2_dir_entry), each block covered exactly by its entries'
 * rec_len, an entry with inode 0 unused.
 *
 * Every entry is checked as it is met (Linux's ext2_check_page): rec_len at
 * least 12, a multiple of 4, room for the name, not crossing the block; an
 * inode number in range.  A directory with a hole is damaged.  Any of these:
 * -EIO and a log line.
 *
 * Adding takes the first unused entry or the slack of an entry that is
 * large enough, else a new block at the end.  Removing merges the entry into
 * the one before it in its block (or marks it unused when first).  A
 * directory this code changes loses its hash index flag (EXT2_INDEX_FL): the
 * index would no longer describe it, and the linear form stays valid.
 * Positions for getdents are byte offsets; a position inside an entry (the
 * entry before was merged away) resumes at the next entry.
 *
 *   ext2_dir_find ext2_dir_add ext2_dir_remove ext2_dir_set ext2_dir_empty
 *   ext2_dir_init ext2_getdents
 */
#include "ext2_int.h"
#include "dstring.h"

#define DIR_MIN_REC	EXT2_DIR_REC_LEN(1)

static const uint8_t ft_of_type[16] = {
	[LX_S_IFREG >> 12] = EXT2_FT_REG_FILE, [LX_S_IFDIR >> 12] = EXT2_FT_DIR,
	[LX_S_IFCHR >> 12] = EXT2_FT_CHRDEV, [LX_S_IFBLK >> 12] = EXT2_FT_BLKDEV,
	[LX_S_IFIFO >> 12] = EXT2_FT_FIFO, [LX_S_IFSOCK >> 12] = EXT2_FT_SOCK,
	[LX_S_IFLNK >> 12] = EXT2_FT_SYMLINK,
};
static const uint8_t dt_of_ft[EXT2_FT_MAX] = {
	LX_DT_UNKNOWN, LX_DT_REG, LX_DT_DIR, LX_DT_CHR, LX_DT_BLK, LX_DT_FIFO, LX_DT_SOCK,
	LX_DT_LNK,
};

static bool has_filetype(const struct ext2_sb *es)
{
	return es->sb.s_rev_level && (es->sb.s_feature_incompat & EXT2_FEATURE_INCOMPAT_FILETYPE);
}

static uint8_t ft_of(const struct ext2_sb *es, uint32_t mode)
{
	return has_filetype(es) ? ft_of_type[(mode & LX_S_IFMT) >> 12] : 0;
}

static struct ext2_dir_entry *entry_at(struct bbuf *b, uint32_t off)
{
	return (struct ext2_dir_entry *)(b->data + off);
}

/* The entry at off of block lblk is sound: 0, or the logged -EIO. */
static int entry_check(struct ext2_node *dir, struct bbuf *b, uint64_t lblk, uint32_t off)
{
	struct ext2_sb *es = ext2_es(dir);
	struct ext2_dir_entry *de = entry_at(b, off);
	const char *why = NULL;

	if (off + EXT2_DIR_HEAD > es->bsize)
		why = "entry header across the block end";
	else if (de->rec_len < DIR_MIN_REC)
		why = "rec_len too small";
	else if (de->rec_len % 4)
		why = "rec_len not a multiple of 4";
	else if (de->rec_len < EXT2_DIR_REC_LEN(de->name_len))
		why = "name_len beyond rec_len";
	else if (off + de->rec_len > es->bsize)
		why = "entry across the block end";
	else if (de->inode > es->sb.s_inodes_count)
		why = "inode number out of range";
	else if (de->inode && de->name_len == 0)
		why = "empty name";
	if (!why)
		return 0;
	return ext2_error(es, "directory %llu block %llu offset %llu: %s",
			  (unsigned long long)dir->vfs.ino, (unsigned long long)lblk,
			  (unsigned long long)off, why);
}

/* Block lblk of the directory, held. */
static int dir_block(struct ext2_node *dir, uint64_t lblk, struct bbuf **b)
{
	struct ext2_sb *es = ext2_es(dir);
	uint32_t phys;
	int err = ext2_bmap(dir, lblk, false, &phys, NULL);

	if (err)
		return err;
	if (!phys)
		return ext2_error(es, "directory %llu: hole at block %llu",
				  (unsigned long long)dir->vfs.ino, (unsigned long long)lblk);
	return bcache_read(es->bc, phys, b);
}

/* What a walk step sees; fn returns 0 to go on, 1 to stop (done), or an error. */
struct walk_at {
	struct bbuf *b;
	uint64_t lblk;
	uint32_t off, prev;
	struct ext2_dir_entry *de;
};
typedef int (*walk_fn)(struct ext2_node *dir, struct walk_at *at, void *arg);

/* Every entry from byte position pos on, checked, to fn; 1 if fn stopped. */
static int dir_walk(struct ext2_node *dir, uint64_t pos, walk_fn fn, void *arg)
{
	struct ext2_sb *es = ext2_es(dir);
	uint64_t nblocks = dir->vfs.size >> es->bshift;
	struct walk_at at;
	int r = 0;

	for (at.lblk = pos >> es->bshift; at.lblk < nblocks && r == 0; at.lblk++) {
		uint32_t skip = at.lblk == pos >> es->bshift ? (uint32_t)(pos & (es->bsize - 1)) : 0;
		at.b = NULL;
		r = dir_block(dir, at.lblk, &at.b);
		at.off = at.prev = 0;
		while (r == 0 && at.off < es->bsize) {
			r = entry_check(dir, at.b, at.lblk, at.off);
			if (r)
				break;
			at.de = entry_at(at.b, at.off);
			if (at.off >= skip)
				r = fn(dir, &at, arg);
			at.prev = at.off;
			at.off += at.de->rec_len;
		}
		bcache_put(es->bc, at.b);
	}
	return r;
}

static void dir_changed(struct ext2_node *dir)
{
	dir->flags &= ~(uint32_t)EXT2_INDEX_FL;
	ext2_touch(dir, true);
	ext2_iwrite(dir);
}

/* ---- find ----------------------------------------------------------------------------------- */

struct find_arg {
	const char *name;
	size_t len;
	struct ext2_dirloc *loc;
};

static int find_fn(struct ext2_node *dir, struct walk_at *at, void *arg)
{
	struct find_arg *f = arg;
	struct ext2_dir_entry *de = at->de;

	(void)dir;
	if (!de->inode || de->name_len != f->len || memcmp(de->name, f->name, f->len))
		return 0;
	f->loc->lblk = at->lblk;
	f->loc->off = at->off;
	f->loc->prev_off = at->prev;
	f->loc->ino = de->inode;
	f->loc->file_type = de->file_type;
	return 1;
}

int ext2_dir_find(struct ext2_node *dir, const char *name, size_t len, struct ext2_dirloc *loc)
{
	struct find_arg f = { name, len, loc };
	int r = dir_walk(dir, 0, find_fn, &f);

	return r == 1 ? 0 : r < 0 ? r : -LX_ENOENT;
}

/* ---- add ------------------------------------------------------------------------------------ */

struct add_arg {
	const char *name;
	size_t len;
	uint32_t ino;
	uint8_t ft;
};

static void entry_fill(struct ext2_dir_entry *de, const struct add_arg *a, uint16_t rec_len)
{
	de->inode = a->ino;
	de->rec_len = rec_len;
	de->name_len = (uint8_t)a->len;
	de->file_type = a->ft;
	memcpy(de->name, a->name, a->len);
}

static int add_fn(struct ext2_node *dir, struct walk_at *at, void *arg)
{
	struct add_arg *a = arg;
	struct ext2_dir_entry *de = at->de;
	uint32_t need = EXT2_DIR_REC_LEN(a->len), used = EXT2_DIR_REC_LEN(de->name_len);

	if (!de->inode && de->rec_len >= need) {
		entry_fill(de, a, de->rec_len);
	} else if (de->inode && de->rec_len >= used + need) {
		struct ext2_dir_entry *ne = (struct ext2_dir_entry *)((uint8_t *)de + used);
		entry_fill(ne, a, (uint16_t)(de->rec_len - used));
		de->rec_len = (uint16_t)used;
	} else {
		return 0;
	}
	bcache_dirty(ext2_es(dir)->bc, at->b);
	return 1;
}

/* A new last block holding only the entry. */
static int add_block(struct ext2_node *dir, const struct add_arg *a)
{
	struct ext2_sb *es = ext2_es(dir);
	uint64_t lblk = dir->vfs.size >> es->bshift;
	uint32_t phys;
	struct bbuf *b;
	int err = ext2_bmap(dir, lblk, true, &phys, NULL);

	if (!err && phys == 0)
		err = -LX_EIO;
	if (!err)
		err = bcache_zero(es->bc, phys, &b);
	if (err) {
		ext2_free_from(dir, lblk);	/* what bmap made */
		ext2_iwrite(dir);
		return err;
	}
	entry_fill(entry_at(b, 0), a, (uint16_t)es->bsize);
	bcache_dirty(es->bc, b);
	bcache_put(es->bc, b);
	dir->vfs.size += es->bsize;
	return 0;
}

int ext2_dir_add(struct ext2_node *dir, const char *name, size_t len, uint32_t ino, uint32_t mode)
{
	struct add_arg a = { name, len, ino, ft_of(ext2_es(dir), mode) };
	int r = dir_walk(dir, 0, add_fn, &a);

	if (r == 0)
		r = add_block(dir, &a);
	if (r < 0)
		return r;
	dir_changed(dir);
	return 0;
}

/* ---- remove, set, empty, init ------------------------------------------------------------------- */

/* The block of loc, held, with the entry still what loc says. */
static int loc_block(struct ext2_node *dir, const struct ext2_dirloc *loc, struct bbuf **b)
{
	int err = dir_block(dir, loc->lblk, b);

	if (!err && entry_at(*b, loc->off)->inode != loc->ino) {
		bcache_put(ext2_es(dir)->bc, *b);
		err = -LX_ENOENT;
	}
	return err;
}

int ext2_dir_remove(struct ext2_node *dir, const struct ext2_dirloc *loc)
{
	struct bbuf *b;
	int err = loc_block(dir, loc, &b);

	if (err)
		return err;
	if (loc->off == 0)
		entry_at(b, 0)->inode = 0;
	else
		entry_at(b, loc->prev_off)->rec_len += entry_at(b, loc->off)->rec_len;
	bcache_dirty(ext2_es(dir)->bc, b);
	bcache_put(ext2_es(dir)->bc, b);
	dir_changed(dir);
	return 0;
}

int ext2_dir_set(struct ext2_node *dir, const struct ext2_dirloc *loc, uint32_t ino, uint32_t mode,
		 bool touch)
{
	struct bbuf *b;
	int err = loc_block(dir, loc, &b);

	if (err)
		return err;
	entry_at(b, loc->off)->inode = ino;
	entry_at(b, loc->off)->file_type = ft_of(ext2_es(dir), mode);
	bcache_dirty(ext2_es(dir)->bc, b);
	bcache_put(ext2_es(dir)->bc, b);
	if (touch)
		dir_changed(dir);
	else if (dir->flags & EXT2_INDEX_FL) {
		dir->flags &= ~(uint32_t)EXT2_INDEX_FL;
		ext2_iwrite(dir);
	}
	return 0;
}

static int empty_fn(struct ext2_node *dir, struct walk_at *at, void *arg)
{
	struct ext2_dir_entry *de = at->de;

	(void)dir, (void)arg;
	if (!de->inode || (de->name_len == 1 && de->name[0] == '.') ||
	    (de->name_len == 2 && de->name[0] == '.' && de->name[1] == '.'))
		return 0;
	return 1;
}

int ext2_dir_empty(struct ext2_node *dir)
{
	int r = dir_walk(dir, 0, empty_fn, NULL);

	return r < 0 ? r : r == 0;
}

int ext2_dir_init(struct ext2_node *dir, uint32_t parent_ino)
{
	struct ext2_sb *es = ext2_es(dir);
	struct add_arg dot = { ".", 1, (uint32_t)dir->vfs.ino, ft_of(es, LX_S_IFDIR) };
	struct add_arg dotdot = { "..", 2, parent_ino, ft_of(es, LX_S_IFDIR) };
	uint32_t phys;
	struct bbuf *b;
	int err = ext2_bmap(dir, 0, true, &phys, NULL);

	if (!err)
		err = bcache_zero(es->bc, phys, &b);
	if (err)
		return err;
	entry_fill(entry_at(b, 0), &dot, (uint16_t)EXT2_DIR_REC_LEN(1));
	entry_fill(entry_at(b, EXT2_DIR_REC_LEN(1)), &dotdot,
		   (uint16_t)(es->bsize - EXT2_DIR_REC_LEN(1)));
	bcache_dirty(es->bc, b);
	bcache_put(es->bc, b);
	dir->vfs.size = es->bsize;
	return 0;
}

/* ---- getdents ----------------------------------------------------------------------------------- */

struct dents_arg {
	vfs_filldir_t fill;
	void *arg;
	uint64_t *pos;
};

static int dents_fn(struct ext2_node *dir, struct walk_at *at, void *arg)
{
	struct dents_arg *d = arg;
	struct ext2_sb *es = ext2_es(dir);
	struct ext2_dir_entry *de = at->de;
	uint64_t next = (at->lblk << es->bshift) + at->off + de->rec_len;
	unsigned dt = has_filetype(es) && de->file_type < EXT2_FT_MAX ? dt_of_ft[de->file_type]
								      : LX_DT_UNKNOWN;

	if (de->inode && !d->fill(d->arg, de->name, de->name_len, de->inode, dt, next))
		return 1;
	*d->pos = next;
	return 0;
}

int ext2_getdents(struct inode *ip, uint64_t *pos, vfs_filldir_t fill, void *arg)
{
	struct ext2_node *dir = ext2_node_of(ip);
	struct dents_arg d = { fill, arg, pos };
	int r;

	if (*pos >= ip->size)
		return 0;
	r = dir_walk(dir, *pos, dents_fn, &d);
	return r < 0 ? r : 0;
}
