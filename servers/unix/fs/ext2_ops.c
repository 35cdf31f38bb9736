/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ext2_ops.c (unixd) - ext2's struct inode_ops: lookup and the name-space
 * operations.  The VFS has made Linux's checks; each op here checks what only
 * the disk can say (a directory not empty, a link count at EXT2_LINK_MAX, a
 * damaged entry), then changes: names first where adding can fail (no space),
 * removals after, so that a failure leaves the tree as it was.
 *
 * ".." is checked once per directory in memory to lead to the root within
 * the file system's number of inodes (a damaged image may loop; the VFS
 * walks ".." upwards for rename and would never stop).
 *
 *   ext2_inode_ops
 */
#include "ext2_int.h"
#include "dstring.h"

static bool is_dotdot(const char *name, size_t len)
{
	return len == 2 && name[0] == '.' && name[1] == '.';
}

static int no_write(struct ext2_node *n)
{
	return ext2_es(n)->ro ? -LX_EROFS : 0;
}

/* The inode a directory entry names: a reserved inode other than the root is damage. */
static int entry_iget(struct ext2_sb *es, uint32_t ino, struct ext2_node **out)
{
	if (ino < es->first_ino && ino != EXT2_ROOT_INO)
		return ext2_error(es, "directory entry names reserved inode %llu",
				  (unsigned long long)ino);
	return ext2_iget(es, ino, out);
}

/* The directory ".." of dir names, held. */
static int parent_of(struct ext2_node *dir, struct ext2_node **out)
{
	struct ext2_sb *es = ext2_es(dir);
	struct ext2_dirloc loc;
	int err = ext2_dir_find(dir, "..", 2, &loc);

	if (!err)
		err = entry_iget(es, loc.ino, out);
	if (!err && !LX_S_ISDIR((*out)->vfs.mode)) {
		vfs_iput(&(*out)->vfs);
		err = ext2_error(es, "\"..\" of directory %llu is not a directory",
				 (unsigned long long)dir->vfs.ino);
	}
	return err == -LX_ENOENT ? -LX_EIO : err;
}

/* ".." of dir, followed upwards, reaches the root (or a directory that was
 * checked): else -EIO.  A loop is found by Brent's method: the walk keeps one
 * inode number and renews it at every power of two steps; meeting it again is
 * a cycle, found within twice the length of the path and the loop. */
static int check_up(struct ext2_node *dir)
{
	struct ext2_sb *es = ext2_es(dir);
	struct ext2_node *cur = ext2_node_of(vfs_iget(&dir->vfs)), *next;
	uint64_t saved = dir->vfs.ino, power = 1, steps = 0, total = 0;
	int err = 0;

	while (!err && cur->vfs.ino != EXT2_ROOT_INO && !cur->up_checked) {
		err = parent_of(cur, &next);
		if (err)
			break;
		vfs_iput(&cur->vfs);
		cur = next;
		steps++;
		if (cur->vfs.ino == saved || ++total > es->sb.s_inodes_count) {
			err = ext2_error(es, "directory loop above inode %llu",
					 (unsigned long long)dir->vfs.ino);
		} else if (steps == power) {
			saved = cur->vfs.ino;
			power *= 2;
			steps = 0;
		}
	}
	vfs_iput(&cur->vfs);
	if (!err)
		dir->up_checked = true;
	return err;
}

static int ext2_lookup(struct inode *ip, const char *name, size_t len, struct inode **out)
{
	struct ext2_node *dir = ext2_node_of(ip), *n;
	struct ext2_dirloc loc;
	int err;

	if (is_dotdot(name, len) && !dir->up_checked && (err = check_up(dir)))
		return err;
	err = ext2_dir_find(dir, name, len, &loc);
	if (!err)
		err = entry_iget(ext2_es(dir), loc.ino, &n);
	if (!err && is_dotdot(name, len) && !LX_S_ISDIR(n->vfs.mode)) {
		vfs_iput(&n->vfs);
		err = -LX_EIO;
	}
	if (!err)
		*out = &n->vfs;
	return err;
}

/* ---- making inodes -------------------------------------------------------------------------- */

/* The new inode's first contents: a directory's "." and "..", a symlink's target. */
static int make_content(struct ext2_node *dir, struct ext2_node *n, const struct vfs_new *nw)
{
	struct ext2_sb *es = ext2_es(n);
	uint32_t phys;
	struct bbuf *b;
	int err;

	if (LX_S_ISDIR(nw->mode))
		return ext2_dir_init(n, (uint32_t)dir->vfs.ino);
	if (!LX_S_ISLNK(nw->mode))
		return 0;
	n->vfs.size = nw->target_len;
	if (nw->target_len <= EXT2_FAST_SYMLINK_MAX) {
		memcpy(n->i_block, nw->target, nw->target_len);
		return 0;
	}
	err = ext2_bmap(n, 0, true, &phys, NULL);
	if (!err)
		err = bcache_zero(es->bc, phys, &b);
	if (err)
		return err;
	memcpy(b->data, nw->target, nw->target_len);
	bcache_dirty(es->bc, b);
	bcache_put(es->bc, b);
	return 0;
}

/* An inode made but not named after all: deleted when its reference goes. */
static void unmake(struct ext2_node *n)
{
	n->vfs.nlink = 0;
	vfs_iput(&n->vfs);
}

static int ext2_make(struct inode *dip, const char *name, size_t len, const struct vfs_new *nw,
		     struct inode **out)
{
	struct ext2_node *dir = ext2_node_of(dip), *n;
	struct ext2_sb *es = ext2_es(dir);
	bool isdir = LX_S_ISDIR(nw->mode);
	uint32_t ino;
	int err = no_write(dir);

	if (!err && isdir && dip->nlink >= EXT2_LINK_MAX)
		err = -LX_EMLINK;
	if (!err && LX_S_ISLNK(nw->mode) && nw->target_len >= es->bsize)
		err = -LX_ENAMETOOLONG;
	if (!err)
		err = ext2_ialloc(es, (uint32_t)dip->ino, isdir, &ino);
	if (err)
		return err;
	err = ext2_inew(es, ino, nw, &n);
	if (err) {
		ext2_ifree(es, ino, isdir);
		return err;
	}
	err = make_content(dir, n, nw);
	if (!err)
		err = ext2_iwrite(n);
	if (!err)
		err = ext2_dir_add(dir, name, len, ino, nw->mode);
	if (err) {
		unmake(n);
		return err;
	}
	if (isdir)
		dip->nlink++;
	ext2_iwrite(dir);
	*out = &n->vfs;
	return 0;
}

/* ---- removing names --------------------------------------------------------------------------- */

/* The entry name in dir, which must name victim. */
static int find_victim(struct ext2_node *dir, const char *name, size_t len, struct inode *victim,
		       struct ext2_dirloc *loc)
{
	int err = ext2_dir_find(dir, name, len, loc);

	if (!err && loc->ino != victim->ino)
		err = -LX_ENOENT;
	return err;
}

static void drop_link(struct inode *ip)
{
	if (LX_S_ISDIR(ip->mode))
		ip->nlink = 0;
	else if (ip->nlink)
		ip->nlink--;
	ip->ctime = ext2_now();
	ext2_iwrite(ext2_node_of(ip));
}

static int ext2_unlink(struct inode *dip, const char *name, size_t len, struct inode *victim)
{
	struct ext2_node *dir = ext2_node_of(dip);
	struct ext2_dirloc loc;
	int err = no_write(dir);

	if (!err)
		err = find_victim(dir, name, len, victim, &loc);
	if (!err)
		err = ext2_dir_remove(dir, &loc);
	if (!err)
		drop_link(victim);
	return err;
}

static int ext2_rmdir(struct inode *dip, const char *name, size_t len, struct inode *victim)
{
	struct ext2_node *dir = ext2_node_of(dip);
	struct ext2_dirloc loc;
	int err = no_write(dir);

	if (!err)
		err = find_victim(dir, name, len, victim, &loc);
	if (!err) {
		err = ext2_dir_empty(ext2_node_of(victim));
		err = err < 0 ? err : err == 0 ? -LX_ENOTEMPTY : 0;
	}
	if (!err)
		err = ext2_dir_remove(dir, &loc);
	if (!err) {
		drop_link(victim);
		if (dip->nlink > 2)
			dip->nlink--;
		ext2_iwrite(dir);
	}
	return err;
}

static int ext2_link(struct inode *ip, struct inode *dip, const char *name, size_t len)
{
	struct ext2_node *dir = ext2_node_of(dip);
	int err = no_write(dir);

	if (!err && ip->nlink >= EXT2_LINK_MAX)
		err = -LX_EMLINK;
	if (!err)
		err = ext2_dir_add(dir, name, len, (uint32_t)ip->ino, ip->mode);
	if (!err) {
		ip->nlink++;
		ip->ctime = ext2_now();
		ext2_iwrite(ext2_node_of(ip));
	}
	return err;
}

/* ---- rename ------------------------------------------------------------------------------------- */

struct rename_op {
	struct ext2_node *odir, *ndir, *ip, *target;	/* target: what the new name named */
	struct ext2_dirloc nloc;
	bool isdir;
};

/* What can fail, before anything changes. */
static int rename_decode(struct rename_op *r, const char *nname, size_t nlen)
{
	struct ext2_sb *es = ext2_es(r->ndir);
	int err = ext2_dir_find(r->ndir, nname, nlen, &r->nloc);

	if (err == -LX_ENOENT)
		err = 0;
	else if (!err && r->nloc.ino != r->ip->vfs.ino)
		err = entry_iget(es, r->nloc.ino, &r->target);
	if (!err && r->target && LX_S_ISDIR(r->target->vfs.mode)) {
		err = ext2_dir_empty(r->target);
		err = err < 0 ? err : err == 0 ? -LX_ENOTEMPTY : 0;
	}
	if (!err && r->isdir && r->odir != r->ndir && !r->target &&
	    r->ndir->vfs.nlink >= EXT2_LINK_MAX)
		err = -LX_EMLINK;
	return err;
}

/* A moved directory's ".." now names its new parent. */
static int rename_dotdot(struct rename_op *r)
{
	struct ext2_dirloc loc;
	int err = ext2_dir_find(r->ip, "..", 2, &loc);

	if (!err)
		err = ext2_dir_set(r->ip, &loc, (uint32_t)r->ndir->vfs.ino, LX_S_IFDIR, false);
	if (err)
		return err;
	r->odir->vfs.nlink--;
	r->ndir->vfs.nlink++;
	return 0;
}

static int rename_invoke(struct rename_op *r, const char *oname, size_t olen, const char *nname,
			 size_t nlen)
{
	uint32_t ino = (uint32_t)r->ip->vfs.ino;
	struct ext2_dirloc oloc;
	int err = r->target ? ext2_dir_set(r->ndir, &r->nloc, ino, r->ip->vfs.mode, true)
			    : ext2_dir_add(r->ndir, nname, nlen, ino, r->ip->vfs.mode);

	if (!err)		/* again: adding may have split the entry before it */
		err = ext2_dir_find(r->odir, oname, olen, &oloc);
	if (!err)
		err = ext2_dir_remove(r->odir, &oloc);
	if (err)
		return err;
	if (r->target) {
		if (LX_S_ISDIR(r->target->vfs.mode))
			r->ndir->vfs.nlink--;
		drop_link(&r->target->vfs);
	}
	if (r->isdir && r->odir != r->ndir)
		err = rename_dotdot(r);
	r->ip->vfs.ctime = ext2_now();
	ext2_iwrite(r->ip);
	ext2_iwrite(r->odir);
	ext2_iwrite(r->ndir);
	return err;
}

static int ext2_rename(struct inode *odip, const char *oname, size_t olen,
		       struct inode *ndip, const char *nname, size_t nlen)
{
	struct rename_op r = { .odir = ext2_node_of(odip), .ndir = ext2_node_of(ndip) };
	struct ext2_sb *es = ext2_es(r.odir);
	struct ext2_dirloc oloc;
	int err = no_write(r.odir);

	if (!err)
		err = ext2_dir_find(r.odir, oname, olen, &oloc);
	if (!err)
		err = entry_iget(es, oloc.ino, &r.ip);
	if (err)
		return err;
	r.isdir = LX_S_ISDIR(r.ip->vfs.mode);
	err = rename_decode(&r, nname, nlen);
	if (!err && r.nloc.ino != oloc.ino)	/* two names of one file: nothing to do */
		err = rename_invoke(&r, oname, olen, nname, nlen);
	if (r.target)
		vfs_iput(&r.target->vfs);
	vfs_iput(&r.ip->vfs);
	return err;
}

/* A directory that trades places now lives in to: its ".." and both parents' counts. */
static int exchange_parent(struct ext2_node *ip, struct ext2_node *from, struct ext2_node *to)
{
	struct ext2_dirloc loc;
	int err;

	if (!LX_S_ISDIR(ip->vfs.mode) || from == to)
		return 0;
	err = ext2_dir_find(ip, "..", 2, &loc);
	if (!err)
		err = ext2_dir_set(ip, &loc, (uint32_t)to->vfs.ino, LX_S_IFDIR, false);
	if (!err) {
		from->vfs.nlink--;
		to->vfs.nlink++;
	}
	return err;
}

/* renameat2 RENAME_EXCHANGE (Linux's ext4 does it for ext2): the two entries
 * trade inodes and file types in place, so neither directory changes shape. */
static int ext2_exchange(struct inode *odip, const char *oname, size_t olen,
			 struct inode *ndip, const char *nname, size_t nlen)
{
	struct ext2_node *od = ext2_node_of(odip), *nd = ext2_node_of(ndip), *a = NULL, *b = NULL;
	struct ext2_sb *es = ext2_es(od);
	struct ext2_dirloc ol, nl;
	int err = no_write(od);

	if (!err)
		err = ext2_dir_find(od, oname, olen, &ol);
	if (!err)
		err = ext2_dir_find(nd, nname, nlen, &nl);
	if (!err)
		err = entry_iget(es, ol.ino, &a);
	if (!err)
		err = entry_iget(es, nl.ino, &b);
	if (!err && a != b) {
		err = ext2_dir_set(nd, &nl, (uint32_t)a->vfs.ino, a->vfs.mode, true);
		if (!err)
			err = ext2_dir_set(od, &ol, (uint32_t)b->vfs.ino, b->vfs.mode, true);
		if (!err)
			err = exchange_parent(a, od, nd);
		if (!err)
			err = exchange_parent(b, nd, od);
		a->vfs.ctime = b->vfs.ctime = ext2_now();
		ext2_iwrite(a);
		ext2_iwrite(b);
		ext2_iwrite(od);
		ext2_iwrite(nd);
	}
	if (b)
		vfs_iput(&b->vfs);
	if (a)
		vfs_iput(&a->vfs);
	return err;
}

/* ---- attributes and symlinks --------------------------------------------------------------------- */

static int ext2_setattr(struct inode *ip, const struct vfs_attr *a)
{
	int err = no_write(ext2_node_of(ip));

	if (err)
		return err;
	if (a->valid & VFS_ATTR_MODE)
		ip->mode = a->mode;
	if (a->valid & VFS_ATTR_UID)
		ip->uid = a->uid;
	if (a->valid & VFS_ATTR_GID)
		ip->gid = a->gid;
	if (a->valid & VFS_ATTR_ATIME)
		ip->atime = a->atime;
	if (a->valid & VFS_ATTR_MTIME)
		ip->mtime = a->mtime;
	if (a->valid & VFS_ATTR_CTIME)
		ip->ctime = a->ctime;
	return ext2_iwrite(ext2_node_of(ip));
}

static int ext2_readlink(struct inode *ip, char *buf, size_t len)
{
	struct ext2_node *n = ext2_node_of(ip);
	struct ext2_sb *es = ext2_es(n);
	size_t k = ip->size < len ? (size_t)ip->size : len;
	uint32_t phys;
	struct bbuf *b;
	int err;

	if (!ext2_has_blocks(n)) {
		memcpy(buf, n->i_block, k);
		return (int)k;
	}
	err = ext2_bmap(n, 0, false, &phys, NULL);
	if (!err && !phys)
		err = ext2_error(es, "symlink %llu has no block", (unsigned long long)ip->ino);
	if (!err)
		err = bcache_read(es->bc, phys, &b);
	if (err)
		return err;
	memcpy(buf, b->data, k);
	bcache_put(es->bc, b);
	return (int)k;
}

const struct inode_ops ext2_inode_ops = {
	.lookup = ext2_lookup,
	.create = ext2_make,
	.mknod = ext2_make,
	.mkdir = ext2_make,
	.symlink = ext2_make,
	.unlink = ext2_unlink,
	.rmdir = ext2_rmdir,
	.rename = ext2_rename,
	.exchange = ext2_exchange,
	.link = ext2_link,
	.readlink = ext2_readlink,
	.read = ext2_read,
	.write = ext2_write,
	.truncate = ext2_truncate,
	.fallocate = ext2_fallocate,
	.getdents = ext2_getdents,
	.setattr = ext2_setattr,
	.evict = ext2_evict,
	.page = ext2_page,
	.page_dirty = ext2_page_dirty,
	.getxattr = ext2_getxattr,
	.setxattr = ext2_setxattr,
	.listxattr = ext2_listxattr,
};
