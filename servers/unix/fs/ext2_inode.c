/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ext2_inode.c (unixd) - ext2's inodes in memory and on disk.
 *
 * The in-memory table: one struct ext2_node per inode number (a hash), so
 * that every lookup of a file gives the same struct inode.  When the last
 * reference goes (evict) an inode that still has links stays cached on the
 * unused list (up to EXT2_UNUSED_MAX, the oldest written back and freed
 * beyond that); one without links is deleted: its blocks freed, dtime set,
 * its bit cleared - the "delete on last close" of an unlinked open file.
 *
 * Reading an inode checks what the rest of the code relies on: a known
 * type, a size the block tree can hold (directories: whole blocks, within
 * what i_blocks counts; symlinks: shorter than a block), links.  Block
 * numbers are checked where they are used (ext2_bmap, the truncation).
 *
 * Times are nanoseconds where the inode is large enough to hold ext4's extra
 * fields (as mke2fs makes them: i_extra_isize 32), seconds otherwise.
 *
 * Block mapping: i_block[0..11] direct, [12] single, [13] double, [14]
 * triple indirect; a 0 anywhere is a hole.  i_blocks counts every data and
 * indirect block (and the extended-attribute block) in 512-byte units.
 *
 *   ext2_iget ext2_inew ext2_iwrite ext2_evict ext2_inodes_free
 *   ext2_bmap ext2_free_from ext2_has_blocks ext2_touch ext2_now
 */
#include "ext2_int.h"
#include "dstring.h"

int64_t ext2_now(void)
{
	return (int64_t)fs_now_ns();
}

#define NS_PER_SEC	1000000000ll

/* On disk: signed 32-bit seconds, with the extra field (when there is one)
 * nanoseconds << 2 and two more bits of seconds (ext4's encoding). */
static int64_t time_in(uint32_t sec, const uint32_t *extra)
{
	int64_t s = (int32_t)sec;

	if (!extra)
		return s * NS_PER_SEC;
	s += (int64_t)(*extra & EXT2_EPOCH_MASK) << 32;
	if (s >= INT64_MAX / NS_PER_SEC)	/* beyond 2262: the VFS's nanoseconds end */
		return INT64_MAX;
	return s * NS_PER_SEC + (*extra >> EXT2_EPOCH_BITS) % NS_PER_SEC;
}

static uint32_t time_out(int64_t ns, uint32_t *extra)
{
	int64_t s = ns / NS_PER_SEC, r = ns % NS_PER_SEC;

	if (r < 0) {
		r += NS_PER_SEC;
		s--;
	}
	if (extra)
		*extra = ((uint32_t)((s - (int32_t)(uint32_t)s) >> 32) & EXT2_EPOCH_MASK) |
			 (uint32_t)r << EXT2_EPOCH_BITS;
	return (uint32_t)s;
}

static uint32_t ns_sec(int64_t ns)
{
	return time_out(ns, NULL);
}

/* The extra fields of the raw inode at r when they hold the times, else NULL. */
static struct ext2_inode_extra *extra_of(const struct ext2_sb *es, void *r)
{
	struct ext2_inode_extra *x = (struct ext2_inode_extra *)((uint8_t *)r +
								 EXT2_GOOD_OLD_INODE_SIZE);

	if (es->inode_size < EXT2_GOOD_OLD_INODE_SIZE + sizeof(*x) ||
	    x->i_extra_isize < EXT2_EXTRA_TIMES ||
	    x->i_extra_isize > es->inode_size - EXT2_GOOD_OLD_INODE_SIZE)
		return NULL;
	return x;
}

void ext2_touch(struct ext2_node *n, bool mtime)
{
	n->vfs.ctime = ext2_now();
	if (mtime)
		n->vfs.mtime = n->vfs.ctime;
}

bool ext2_has_blocks(const struct ext2_node *n)
{
	uint32_t m = n->vfs.mode;
	uint64_t acl = n->file_acl ? ext2_es((struct ext2_node *)n)->bsize / 512 : 0;

	if (LX_S_ISREG(m) || LX_S_ISDIR(m))
		return true;
	return LX_S_ISLNK(m) && n->vfs.blocks > acl;	/* a slow symlink */
}

/* ---- the table ------------------------------------------------------------------------------ */

static unsigned ihash(uint32_t ino)
{
	return ino % EXT2_IHASH;
}

static void unused_unlink(struct ext2_sb *es, struct ext2_node *n)
{
	if (n->uprev)
		n->uprev->unext = n->unext;
	else
		es->uhead = n->unext;
	if (n->unext)
		n->unext->uprev = n->uprev;
	else
		es->utail = n->uprev;
	n->uprev = n->unext = NULL;
	es->nunused--;
}

static void table_remove(struct ext2_sb *es, struct ext2_node *n)
{
	struct ext2_node **pp = &es->ihash[ihash((uint32_t)n->vfs.ino)];

	while (*pp && *pp != n)
		pp = &(*pp)->hnext;
	if (*pp)
		*pp = n->hnext;
}

static struct ext2_node *table_find(struct ext2_sb *es, uint32_t ino)
{
	struct ext2_node *n = es->ihash[ihash(ino)];

	while (n && n->vfs.ino != ino)
		n = n->hnext;
	return n;
}

static struct ext2_node *node_alloc(struct ext2_sb *es, uint32_t ino)
{
	struct ext2_node *n = fs_alloc(sizeof(*n));

	if (!n)
		return NULL;
	n->vfs.ops = &ext2_inode_ops;
	n->vfs.sb = &es->vfs;
	n->vfs.ino = ino;
	n->vfs.refs = 1;
	n->hnext = es->ihash[ihash(ino)];
	es->ihash[ihash(ino)] = n;
	return n;
}

/* Forgets n: its pages (written back first unless deleted) and the struct. */
static void node_free(struct ext2_sb *es, struct ext2_node *n)
{
	if (n->vfs.nlink) {
		ext2_cluster_out(n);
		pcache_sync_owner(&es->pc, n);
	}
	pcache_trim(&es->pc, n, 0);
	table_remove(es, n);
	fs_free(n);
}

/* ---- on disk --------------------------------------------------------------------------------- */

/* The buffer holding inode ino and the inode's offset in it. */
int ext2_iraw(struct ext2_sb *es, uint32_t ino, struct bbuf **b, uint32_t *off)
{
	uint32_t ipg = es->sb.s_inodes_per_group, g, idx;
	uint64_t byte;

	if (ino == 0 || ino > es->sb.s_inodes_count)
		return ext2_error(es, "inode number %llu out of range", (unsigned long long)ino);
	g = (ino - 1) / ipg;
	idx = (ino - 1) % ipg;
	byte = (uint64_t)idx * es->inode_size;
	*off = (uint32_t)(byte % es->bsize);
	return bcache_read(es->bc, es->gd[g].bg_inode_table + byte / es->bsize, b);
}

static uint32_t decode_rdev(const uint32_t *blk)
{
	if (blk[0])	/* old_decode_dev: 8-bit major and minor */
		return vfs_mkdev((blk[0] >> 8) & 0xff, blk[0] & 0xff);
	return blk[1];	/* new_encode_dev is Linux's dev_t layout already */
}

static void encode_rdev(uint32_t *blk, uint32_t rdev)
{
	uint32_t ma = vfs_major(rdev), mi = vfs_minor(rdev);

	if (ma < 256 && mi < 256) {
		blk[0] = (ma << 8) | mi;
		blk[1] = 0;
	} else {
		blk[0] = 0;
		blk[1] = rdev;
	}
	blk[2] = 0;
}

/* The raw inode's fields into n. */
static void raw_to_node(struct ext2_node *n, const struct ext2_inode *r)
{
	struct inode *ip = &n->vfs;
	struct ext2_inode_extra *x = extra_of(ext2_es(n), (void *)r);

	ip->mode = r->i_mode;
	ip->uid = r->i_uid | (uint32_t)r->l_i_uid_high << 16;
	ip->gid = r->i_gid | (uint32_t)r->l_i_gid_high << 16;
	ip->nlink = r->i_links_count;
	ip->size = r->i_size;
	if (LX_S_ISREG(r->i_mode))
		ip->size |= (uint64_t)r->i_size_high << 32;
	else
		n->dir_acl = r->i_size_high;
	ip->blocks = r->i_blocks;
	ip->atime = time_in(r->i_atime, x ? &x->i_atime_extra : NULL);
	ip->mtime = time_in(r->i_mtime, x ? &x->i_mtime_extra : NULL);
	ip->ctime = time_in(r->i_ctime, x ? &x->i_ctime_extra : NULL);
	memcpy(n->i_block, r->i_block, sizeof(n->i_block));
	n->flags = r->i_flags;
	n->file_acl = r->i_file_acl;
	n->generation = r->i_generation;
	n->dtime = r->i_dtime;
	if (LX_S_ISCHR(r->i_mode) || LX_S_ISBLK(r->i_mode))
		ip->rdev = decode_rdev(r->i_block);
}

/* What the code relies on in an inode just read; 0 or the logged -EIO. */
static int node_check(struct ext2_sb *es, struct ext2_node *n)
{
	struct inode *ip = &n->vfs;
	unsigned long long ino = ip->ino;
	uint32_t t = ip->mode & LX_S_IFMT;

	if (ip->nlink == 0 || ip->mode == 0)
		return ext2_error(es, "inode %llu is deleted but still named", ino);
	if (t != LX_S_IFREG && t != LX_S_IFDIR && t != LX_S_IFLNK && t != LX_S_IFCHR &&
	    t != LX_S_IFBLK && t != LX_S_IFIFO && t != LX_S_IFSOCK)
		return ext2_error(es, "inode %llu: bad mode %llx", ino, (unsigned long long)ip->mode);
	if (t == LX_S_IFREG && ip->size > es->vfs.max_size)
		return ext2_error(es, "inode %llu: size %llu too large", ino,
				  (unsigned long long)ip->size);
	if (t == LX_S_IFDIR && (ip->size % es->bsize || ip->size == 0 ||
				ip->size / 512 > ip->blocks || ip->size >> 32))
		return ext2_error(es, "directory %llu: size %llu", ino, (unsigned long long)ip->size);
	if (t == LX_S_IFLNK && (ip->size == 0 || ip->size >= es->bsize ||
				(!ext2_has_blocks(n) && ip->size > EXT2_FAST_SYMLINK_MAX)))
		return ext2_error(es, "symlink %llu: size %llu", ino, (unsigned long long)ip->size);
	return 0;
}

int ext2_iget(struct ext2_sb *es, uint32_t ino, struct ext2_node **out)
{
	struct ext2_node *n = table_find(es, ino);
	struct bbuf *b;
	uint32_t off;
	int err;

	if (n) {
		if (n->vfs.refs++ == 0)
			unused_unlink(es, n);
		*out = n;
		return 0;
	}
	err = ext2_iraw(es, ino, &b, &off);
	if (err)
		return err;
	n = node_alloc(es, ino);
	if (n)
		raw_to_node(n, (const struct ext2_inode *)(b->data + off));
	bcache_put(es->bc, b);
	if (!n)
		return -LX_ENOMEM;
	err = node_check(es, n);
	if (err) {
		table_remove(es, n);
		fs_free(n);
		return err;
	}
	*out = n;
	return 0;
}

int ext2_iwrite(struct ext2_node *n)
{
	struct ext2_sb *es = ext2_es(n);
	struct inode *ip = &n->vfs;
	struct ext2_inode_extra *x;
	struct ext2_inode *r;
	struct bbuf *b;
	uint32_t off;
	int err;

	if (es->ro)
		return 0;
	err = ext2_iraw(es, (uint32_t)ip->ino, &b, &off);
	if (err)
		return err;
	r = (struct ext2_inode *)(b->data + off);
	x = extra_of(es, r);
	r->i_mode = (uint16_t)ip->mode;
	r->i_uid = (uint16_t)ip->uid;
	r->l_i_uid_high = (uint16_t)(ip->uid >> 16);
	r->i_gid = (uint16_t)ip->gid;
	r->l_i_gid_high = (uint16_t)(ip->gid >> 16);
	r->i_links_count = (uint16_t)ip->nlink;
	r->i_size = (uint32_t)ip->size;
	r->i_size_high = LX_S_ISREG(ip->mode) ? (uint32_t)(ip->size >> 32) : n->dir_acl;
	r->i_blocks = (uint32_t)ip->blocks;
	r->i_atime = time_out(ip->atime, x ? &x->i_atime_extra : NULL);
	r->i_mtime = time_out(ip->mtime, x ? &x->i_mtime_extra : NULL);
	r->i_ctime = time_out(ip->ctime, x ? &x->i_ctime_extra : NULL);
	r->i_dtime = n->dtime;
	r->i_flags = n->flags;
	r->i_file_acl = n->file_acl;
	r->i_generation = n->generation;
	memcpy(r->i_block, n->i_block, sizeof(r->i_block));
	if (LX_S_ISCHR(ip->mode) || LX_S_ISBLK(ip->mode))
		encode_rdev(r->i_block, ip->rdev);
	bcache_dirty(es->bc, b);
	bcache_put(es->bc, b);
	return 0;
}

int ext2_inew(struct ext2_sb *es, uint32_t ino, const struct vfs_new *nw, struct ext2_node **out)
{
	struct ext2_node *n;
	struct bbuf *b;
	uint32_t off;
	int err = ext2_iraw(es, ino, &b, &off);

	if (err)
		return err;
	if (table_find(es, ino)) {
		bcache_put(es->bc, b);
		return ext2_error(es, "new inode %llu is in use", (unsigned long long)ino);
	}
	memset(b->data + off, 0, es->inode_size);
	if (es->inode_size >= EXT2_GOOD_OLD_INODE_SIZE + sizeof(struct ext2_inode_extra)) {
		/* as mke2fs and ext4: the extra fields in use, times to the nanosecond */
		struct ext2_inode_extra *x = (struct ext2_inode_extra *)(b->data + off +
									 EXT2_GOOD_OLD_INODE_SIZE);
		x->i_extra_isize = sizeof(*x);
		x->i_crtime = time_out(ext2_now(), &x->i_crtime_extra);
	}
	bcache_dirty(es->bc, b);
	bcache_put(es->bc, b);
	n = node_alloc(es, ino);
	if (!n)
		return -LX_ENOMEM;
	n->vfs.mode = nw->mode;
	n->vfs.uid = nw->uid;
	n->vfs.gid = nw->gid;
	n->vfs.rdev = nw->rdev;
	n->vfs.nlink = LX_S_ISDIR(nw->mode) ? 2 : 1;
	n->vfs.atime = n->vfs.mtime = n->vfs.ctime = ext2_now();
	n->generation = es->next_generation++;
	n->up_checked = true;
	*out = n;
	return 0;
}

/* ---- block mapping ----------------------------------------------------------------------------- */

/* The path to logical block lblk: depth (0 direct .. 3 triple) and the index at each level. */
static int block_path(const struct ext2_sb *es, uint64_t lblk, uint32_t idx[4])
{
	uint64_t apb = es->apb, s = es->apb_shift;

	if (lblk < EXT2_NDIR_BLOCKS) {
		idx[0] = (uint32_t)lblk;
		return 0;
	}
	lblk -= EXT2_NDIR_BLOCKS;
	if (lblk < apb) {
		idx[0] = EXT2_IND_BLOCK;
		idx[1] = (uint32_t)lblk;
		return 1;
	}
	lblk -= apb;
	if (lblk < apb << s) {
		idx[0] = EXT2_DIND_BLOCK;
		idx[1] = (uint32_t)(lblk >> s);
		idx[2] = (uint32_t)(lblk & (apb - 1));
		return 2;
	}
	lblk -= apb << s;
	idx[0] = EXT2_TIND_BLOCK;
	idx[1] = (uint32_t)(lblk >> (2 * s));
	idx[2] = (uint32_t)((lblk >> s) & (apb - 1));
	idx[3] = (uint32_t)(lblk & (apb - 1));
	return 3;
}

/* A new block for n near goal, counted in i_blocks; zeroed in the buffer cache when
 * it is an indirect block (meta). */
static int block_new(struct ext2_node *n, uint64_t goal, bool meta, uint32_t *out)
{
	struct ext2_sb *es = ext2_es(n);
	struct bbuf *b;
	int err = ext2_balloc(es, goal, out);

	if (err)
		return err;
	if (meta) {
		err = bcache_zero(es->bc, *out, &b);
		if (err) {
			ext2_bfree(es, *out);
			return err;
		}
		bcache_dirty(es->bc, b);
		bcache_put(es->bc, b);
	}
	n->vfs.blocks += es->bsize / 512;
	return 0;
}

static uint64_t goal_of(struct ext2_node *n, uint32_t near)
{
	struct ext2_sb *es = ext2_es(n);

	if (near)
		return (uint64_t)near + 1;
	return es->sb.s_first_data_block +
	       (uint64_t)((n->vfs.ino - 1) / es->sb.s_inodes_per_group) * es->sb.s_blocks_per_group;
}

/* Follows slot *slot one level down: the indirect block's entry idx. */
static int walk_level(struct ext2_node *n, uint32_t *slot, uint32_t idx, bool create, bool last,
		      uint32_t *next, bool *made)
{
	struct ext2_sb *es = ext2_es(n);
	struct bbuf *b;
	uint32_t *e;
	int err;

	if (!ext2_block_ok(es, *slot))
		return ext2_error(es, "inode %llu: indirect block %llu out of range",
				  (unsigned long long)n->vfs.ino, (unsigned long long)*slot);
	err = bcache_read(es->bc, *slot, &b);
	if (err)
		return err;
	e = (uint32_t *)b->data + idx;
	if (!*e && create) {
		err = block_new(n, goal_of(n, *slot), !last, e);
		if (!err) {
			bcache_dirty(es->bc, b);
			*made = true;
		}
	}
	*next = *e;
	bcache_put(es->bc, b);
	return err;
}

int ext2_bmap(struct ext2_node *n, uint64_t lblk, bool create, uint32_t *phys, bool *made)
{
	struct ext2_sb *es = ext2_es(n);
	uint32_t idx[4], cur, *slot;
	int depth, err = 0;
	bool m = false;

	*phys = 0;
	if (lblk >= es->tind_end)
		return -LX_EFBIG;
	depth = block_path(es, lblk, idx);
	slot = &n->i_block[idx[0]];
	if (!*slot && create) {
		err = block_new(n, goal_of(n, 0), depth > 0, slot);
		m = err == 0;
	}
	cur = *slot;
	for (int level = 1; !err && cur && level <= depth; level++) {
		uint32_t here = cur;
		m = false;
		err = walk_level(n, &here, idx[level], create, level == depth, &cur, &m);
	}
	if (!err && cur && !ext2_block_ok(es, cur))
		err = ext2_error(es, "inode %llu: block %llu out of range",
				 (unsigned long long)n->vfs.ino, (unsigned long long)cur);
	if (!err)
		*phys = cur;
	if (made)
		*made = m && !err;
	return err;
}

/* ---- truncation --------------------------------------------------------------------------------- */

/* Frees one of n's blocks; an error stops a truncation (a damaged tree that
 * names a block many times would otherwise be walked for ever). */
static int block_drop(struct ext2_node *n, uint32_t blk)
{
	struct ext2_sb *es = ext2_es(n);
	int err = ext2_bfree(es, blk);

	if (!err && n->vfs.blocks >= es->bsize / 512)
		n->vfs.blocks -= es->bsize / 512;
	return err;
}

/* Frees, in the subtree at *slot (depth d: 0 a data block) covering logical blocks
 * from base on, the blocks in [from, to); the subtree's own block when it is left empty. */
static int trunc_tree(struct ext2_node *n, uint32_t *slot, int d, uint64_t base, uint64_t from,
		      uint64_t to)
{
	struct ext2_sb *es = ext2_es(n);
	uint64_t span = d ? 1ull << (es->apb_shift * (unsigned)(d - 1)) : 0;
	bool empty = true;
	struct bbuf *b;
	int err = 0;

	if (!*slot)
		return 0;
	if (!ext2_block_ok(es, *slot))
		return ext2_error(es, "inode %llu: block %llu out of range",
				  (unsigned long long)n->vfs.ino, (unsigned long long)*slot);
	if (d == 0) {
		if (base >= from && base < to) {
			err = block_drop(n, *slot);
			*slot = 0;
		}
		return err;
	}
	err = bcache_read(es->bc, *slot, &b);
	if (err)
		return err;
	for (uint32_t i = 0; i < es->apb && !err; i++) {
		uint32_t *e = (uint32_t *)b->data + i;
		uint64_t cb = base + i * span;
		if (*e && cb + span > from && cb < to) {
			err = trunc_tree(n, e, d - 1, cb, from, to);
			bcache_dirty(es->bc, b);
		}
		empty &= *e == 0;
	}
	bcache_put(es->bc, b);
	if (!err && empty) {		/* nothing left below it: the block goes too */
		err = block_drop(n, *slot);
		*slot = 0;
	}
	return err;
}

int ext2_free_range(struct ext2_node *n, uint64_t from, uint64_t to)
{
	struct ext2_sb *es = ext2_es(n);
	uint64_t base = EXT2_NDIR_BLOCKS, apb = es->apb;
	uint64_t spans[3] = { apb, apb << es->apb_shift, apb << (2 * es->apb_shift) };
	int err = 0;

	for (uint32_t i = 0; i < EXT2_NDIR_BLOCKS && !err; i++)
		if (i >= from && i < to)
			err = trunc_tree(n, &n->i_block[i], 0, i, from, to);
	for (int d = 1; d <= 3 && !err; d++) {
		if (base + spans[d - 1] > from && base < to)
			err = trunc_tree(n, &n->i_block[EXT2_IND_BLOCK + d - 1], d, base, from, to);
		base += spans[d - 1];
	}
	return err;
}

int ext2_free_from(struct ext2_node *n, uint64_t keep)
{
	return ext2_free_range(n, keep, UINT64_MAX);
}

/* ---- the end of an inode ------------------------------------------------------------------------- */

/* The extended-attribute block loses its reference to n (freed with its last one). */
static void xattr_drop(struct ext2_node *n)
{
	struct ext2_sb *es = ext2_es(n);
	struct ext2_xattr_header *h;
	struct bbuf *b;

	if (!n->file_acl)
		return;
	if (!ext2_block_ok(es, n->file_acl) || bcache_read(es->bc, n->file_acl, &b)) {
		ext2_error(es, "inode %llu: attribute block %llu unusable",
			   (unsigned long long)n->vfs.ino, (unsigned long long)n->file_acl);
		return;
	}
	h = (struct ext2_xattr_header *)b->data;
	if (h->h_magic == EXT2_XATTR_MAGIC && h->h_refcount > 1) {
		h->h_refcount--;
		bcache_dirty(es->bc, b);
		bcache_put(es->bc, b);
	} else {
		bcache_put(es->bc, b);
		block_drop(n, n->file_acl);	/* damage is logged; the inode goes anyway */
	}
	n->file_acl = 0;
}

/* The last link and reference went: blocks, attribute block and inode freed. */
static void node_delete(struct ext2_sb *es, struct ext2_node *n)
{
	bool dir = LX_S_ISDIR(n->vfs.mode);

	pcache_trim(&es->pc, n, 0);
	if (ext2_has_blocks(n))
		ext2_free_from(n, 0);
	xattr_drop(n);
	n->vfs.size = 0;
	n->dtime = ns_sec(ext2_now());
	ext2_iwrite(n);
	ext2_ifree(es, (uint32_t)n->vfs.ino, dir);
}

void ext2_evict(struct inode *ip)
{
	struct ext2_node *n = ext2_node_of(ip);
	struct ext2_sb *es = ext2_es(n);

	if (ip->nlink == 0) {
		if (!es->ro)
			node_delete(es, n);
		node_free(es, n);
		return;
	}
	pcache_unmap_owner(&es->pc, n);		/* mappings hold references: none is left */
	n->unext = es->uhead;
	n->uprev = NULL;
	if (es->uhead)
		es->uhead->uprev = n;
	else
		es->utail = n;
	es->uhead = n;
	if (++es->nunused > EXT2_UNUSED_MAX) {
		struct ext2_node *old = es->utail;
		unused_unlink(es, old);
		node_free(es, old);
	}
}

void ext2_inodes_free(struct ext2_sb *es)
{
	while (es->uhead) {
		struct ext2_node *n = es->uhead;
		unused_unlink(es, n);
		node_free(es, n);
	}
	for (unsigned h = 0; h < EXT2_IHASH; h++)
		while (es->ihash[h])
			node_free(es, es->ihash[h]);	/* held still: a caller's leak */
}
