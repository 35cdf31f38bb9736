/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ramfs.c (unixd) - a read-write file system in memory, the root file system
 * cpio_unpack fills at boot (and later /tmp, /dev).  It implements struct
 * inode_ops (vfs.h); the VFS has done every Linux check before an op runs.
 *
 *   ramfs_new ramfs_destroy ramfs_check   (vfs.h)
 *
 * Files keep their data in FS_PAGE_SIZE pages from fs_page_alloc, indexed by
 * a radix tree of page-sized nodes (512 slots each) that grows in height as
 * the file does: a missing page is a hole and reads as zeros.  Invariant: the
 * bytes of the last page beyond the file size are zero, so a file grown by
 * truncate or a write past its end shows zeros there.
 *
 * Directories keep their entries in a list in creation order; each entry
 * has a cookie, increasing along the list, that is its getdents position
 * (0 is ".", 1 is ".."): removing entries never moves the others, so a
 * getdents loop that unlinks as it goes sees every entry once.  Directory
 * sizes count 20 bytes per entry, as Linux's tmpfs does.
 *
 * Lifetime: an inode is freed when it has neither links nor references
 * (evict).  A directory holds a reference to its parent, so ".." of a
 * removed working directory still leads somewhere.  Every inode is on the
 * sb's list, for ramfs_destroy and ramfs_check.
 *
 * Memory: operations allocate what they need before changing anything, so
 * -ENOMEM leaves the tree as it was; a write stops at the first page it
 * cannot get and reports what it wrote.
 */
#include "vfs.h"
#include "lx_mount.h"
#include "fsalloc.h"
#include "memxattr.h"
#include "dstring.h"

#define RADIX_SHIFT	9
#define RADIX_FANOUT	(FS_PAGE_SIZE / sizeof(void *))
#define PAGE_BLOCKS	(FS_PAGE_SIZE / 512)	/* st_blocks of one page */
#define DIRENT_SIZE	20			/* Linux's BOGO_DIRENT_SIZE */
#define FIRST_COOKIE	2			/* after "." and ".." */
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define RAMFS_MAX_SIZE	((uint64_t)INT64_MAX)	/* Linux's MAX_LFS_FILESIZE */

_Static_assert(RADIX_FANOUT == 1u << RADIX_SHIFT, "a radix node is one page of pointers");

struct ramfs_dirent {
	struct ramfs_dirent *prev, *next;
	struct inode *ip;		/* counted in ip->nlink, not in ip->refs */
	uint64_t cookie;
	size_t len;
	char name[];
};

struct ramfs_node {
	struct inode vfs;		/* first: the VFS sees only this */
	struct ramfs_node *prev, *next;	/* every inode of the sb */
	union {
		struct {
			struct ramfs_dirent *head, *tail;
			uint64_t next_cookie;
			uint32_t count;		/* entries */
			struct inode *parent;	/* a reference; NULL for the root */
		} dir;
		struct {
			void *root;		/* a data page (height 0) or a node */
			unsigned height;
		} reg;
		char *target;			/* symlinks: size bytes and a NUL */
	} u;
	uint32_t seen;			/* ramfs_check: entries naming it */
	struct mem_xattr *xattrs;	/* "trusted." and "security." attributes */
};

struct ramfs_sb {
	struct vfs_sb vfs;		/* first */
	struct ramfs_node *all;
	uint64_t pages, inodes;		/* data pages and inodes in use */
	uint64_t xattr_bytes;		/* what the inodes' attributes hold (memxattr_bytes) */
	bool tmpfs;			/* statfs as tmpfs, limits below */
	uint64_t max_pages, max_inodes;	/* 0: no limit */
	uint64_t default_pages;		/* tmpfs's default limit (half the memory) */
	uint32_t root_mode, uid, gid;	/* as mounted, for /proc/mounts */
};

static struct ramfs_sb *rsb_of(struct vfs_sb *sb)
{
	return (struct ramfs_sb *)sb;
}

/* a tmpfs at its size limit (data pages, and the attributes' bytes in pages) */
static bool sb_full(struct vfs_sb *sb)
{
	struct ramfs_sb *rs = rsb_of(sb);
	uint64_t xattr_pages = (rs->xattr_bytes + FS_PAGE_SIZE - 1) / FS_PAGE_SIZE;
	return rs->max_pages && rs->pages + xattr_pages >= rs->max_pages;
}

static const struct inode_ops ramfs_ops;

static struct ramfs_node *node_of(struct inode *ip)
{
	return (struct ramfs_node *)ip;
}

static int64_t now(void)
{
	return (int64_t)fs_now_ns();
}

static void touch_mc(struct inode *ip)
{
	ip->mtime = ip->ctime = now();
}

/* ---- file data: the radix tree ------------------------------------------------------- */

static bool radix_fits(unsigned height, uint64_t idx)
{
	return (idx >> (RADIX_SHIFT * height)) == 0;
}

static void **radix_node_new(void)
{
	void **node = fs_page_alloc();

	if (node)
		memset(node, 0, FS_PAGE_SIZE);
	return node;
}

/* The slot of page idx.  grow: make the nodes on the way (NULL: out of memory);
 * else NULL when there is none (a hole). */
static void **radix_slot(struct ramfs_node *n, uint64_t idx, bool grow)
{
	void **slot = &n->u.reg.root;

	while (!radix_fits(n->u.reg.height, idx)) {
		if (!grow)
			return NULL;
		if (n->u.reg.root) {
			void **node = radix_node_new();
			if (!node)
				return NULL;
			node[0] = n->u.reg.root;
			n->u.reg.root = node;
		}
		n->u.reg.height++;
	}
	for (unsigned h = n->u.reg.height; h > 0; h--) {
		if (!*slot && (!grow || !(*slot = radix_node_new())))
			return NULL;
		slot = (void **)*slot + ((idx >> (RADIX_SHIFT * (h - 1))) & (RADIX_FANOUT - 1));
	}
	return slot;
}

/* Frees the subtree p of height h (h 0: a data page). */
static void radix_free(struct ramfs_node *n, void *p, unsigned h)
{
	if (!p)
		return;
	if (h == 0) {
		n->vfs.blocks -= PAGE_BLOCKS;
		rsb_of(n->vfs.sb)->pages--;
	} else {
		for (size_t i = 0; i < RADIX_FANOUT; i++)
			radix_free(n, ((void **)p)[i], h - 1);
	}
	fs_page_free(p);
}

/* Frees the pages of indexes [from, to) under *slot (height h, first page index base). */
static void radix_trim(struct ramfs_node *n, void **slot, unsigned h, uint64_t base, uint64_t from,
		       uint64_t to)
{
	unsigned bits = RADIX_SHIFT * h;
	uint64_t end = bits >= 64 || base + (1ull << bits) < base ? UINT64_MAX : base + (1ull << bits);
	uint64_t span;

	if (!*slot)
		return;
	if (base >= from && end <= to) {
		radix_free(n, *slot, h);
		*slot = NULL;
		return;
	}
	if (h == 0)
		return;
	span = 1ull << (RADIX_SHIFT * (h - 1));
	for (size_t i = 0; i < RADIX_FANOUT; i++) {
		uint64_t cb = base + i * span;
		if (cb + span > from && cb < to)
			radix_trim(n, (void **)*slot + i, h - 1, cb, from, to);
	}
}

static void *page_for_write(struct ramfs_node *n, uint64_t idx, bool whole)
{
	void **slot = radix_slot(n, idx, true);

	if (!slot)
		return NULL;
	if (!*slot) {
		void *page = sb_full(n->vfs.sb) ? NULL : fs_page_alloc();
		if (!page)
			return NULL;
		rsb_of(n->vfs.sb)->pages++;
		if (!whole)
			memset(page, 0, FS_PAGE_SIZE);
		*slot = page;
		n->vfs.blocks += PAGE_BLOCKS;
	}
	return *slot;
}

static void *ramfs_page(struct inode *ip, uint64_t idx)
{
	return page_for_write(node_of(ip), idx, false);
}

static bool ramfs_has_page(struct inode *ip, uint64_t idx)
{
	void **slot = radix_slot(node_of(ip), idx, false);
	return slot && *slot;
}

/* relatime (Linux's default): atime moves when it is not after the last
 * change or is a day old; never on a noatime mount */
static void ramfs_touch(struct inode *ip)
{
	int64_t now = (int64_t)fs_now_ns(), at = ip->atime;

	if (vfs_sb_flag(ip, LX_MS_NOATIME))
		return;
	if (at <= ip->mtime || at <= ip->ctime || now - at >= VFS_RELATIME_NS)
		ip->atime = now;
}

static int64_t ramfs_read(struct inode *ip, void *buf, size_t n, uint64_t off)
{
	uint8_t *out = buf;

	if (n)
		ramfs_touch(ip);

	for (size_t done = 0, chunk; done < n; done += chunk) {
		uint64_t pos = off + done;
		size_t in = pos & (FS_PAGE_SIZE - 1);
		void **slot = radix_slot(node_of(ip), pos >> FS_PAGE_SHIFT, false);

		chunk = FS_PAGE_SIZE - in < n - done ? FS_PAGE_SIZE - in : n - done;
		if (slot && *slot)
			memcpy(out + done, (uint8_t *)*slot + in, chunk);
		else
			memset(out + done, 0, chunk);
	}
	return (int64_t)n;
}

static int64_t ramfs_write(struct inode *ip, const void *buf, size_t n, uint64_t off)
{
	const uint8_t *src = buf;
	size_t done = 0, chunk;

	for (; done < n; done += chunk) {
		uint64_t pos = off + done;
		size_t in = pos & (FS_PAGE_SIZE - 1);
		uint8_t *page;

		chunk = FS_PAGE_SIZE - in < n - done ? FS_PAGE_SIZE - in : n - done;
		page = page_for_write(node_of(ip), pos >> FS_PAGE_SHIFT, chunk == FS_PAGE_SIZE);
		if (!page)
			break;
		memcpy(page + in, src + done, chunk);
	}
	if (done == 0)
		return !n ? 0 : sb_full(ip->sb) ? -LX_ENOSPC : -LX_ENOMEM;
	if (off + done > ip->size)
		ip->size = off + done;
	touch_mc(ip);
	return (int64_t)done;
}

static int ramfs_truncate(struct inode *ip, uint64_t size)
{
	struct ramfs_node *n = node_of(ip);
	size_t tail = size & (FS_PAGE_SIZE - 1);

	if (size < ip->size) {
		radix_trim(n, &n->u.reg.root, n->u.reg.height, 0,
			   (size + FS_PAGE_SIZE - 1) >> FS_PAGE_SHIFT, UINT64_MAX);
		void **slot = tail ? radix_slot(n, size >> FS_PAGE_SHIFT, false) : NULL;
		if (slot && *slot)
			memset((uint8_t *)*slot + tail, 0, FS_PAGE_SIZE - tail);
		if (!n->u.reg.root)
			n->u.reg.height = 0;
	}
	ip->size = size;
	touch_mc(ip);
	return 0;
}

/* Zeros [a, b) of one page, if the page is there (a hole reads as zeros). */
static void zero_in_page(struct ramfs_node *n, uint64_t a, uint64_t b)
{
	void **slot = radix_slot(n, a >> FS_PAGE_SHIFT, false);

	if (slot && *slot)
		memset((uint8_t *)*slot + (a & (FS_PAGE_SIZE - 1)), 0, (size_t)(b - a));
}

/* Page index of n (fs_pages_unmap's question), NULL in a hole. */
static void *file_page(void *node, uint64_t index)
{
	void **slot = radix_slot(node, index, false);
	return slot ? *slot : NULL;
}

/* fallocate: PUNCH_HOLE (with KEEP_SIZE) zeroes the range's partial pages
 * in place, where mappings see it, and frees its whole pages, which
 * mappings let go (a written private copy stays), as Linux's tmpfs; modes
 * 0 and KEEP_SIZE are the generic ones. */
static int ramfs_fallocate(struct inode *ip, int mode, uint64_t off, uint64_t len)
{
	struct ramfs_node *n = node_of(ip);
	struct vfs_punch p;

	if (!(mode & VFS_FALLOC_PUNCH_HOLE))
		return vfs_fallocate_grow(ip, mode, off, len);
	if (!vfs_punch_split(ip->size, off, len, &p))
		return 0;
	if (p.off < p.head)
		zero_in_page(n, p.off, p.head);
	if (p.tail < p.end)
		zero_in_page(n, p.tail, p.end);
	if (p.head < p.tail) {
		fs_pages_unmap(ip, p.head >> FS_PAGE_SHIFT, p.tail >> FS_PAGE_SHIFT, file_page, n);
		radix_trim(n, &n->u.reg.root, n->u.reg.height, 0, p.head >> FS_PAGE_SHIFT,
			   p.tail >> FS_PAGE_SHIFT);
	}
	touch_mc(ip);
	return 0;
}

/* ---- inodes ------------------------------------------------------------------------------ */

static struct ramfs_node *node_new(struct vfs_sb *sb, const struct vfs_new *nw)
{
	struct ramfs_sb *rs = (struct ramfs_sb *)sb;
	struct ramfs_node *n = fs_alloc(sizeof(*n));
	struct inode *ip;

	if (!n)
		return NULL;
	ip = &n->vfs;
	if (LX_S_ISLNK(nw->mode)) {
		n->u.target = fs_alloc(nw->target_len + 1);
		if (!n->u.target) {
			fs_free(n);
			return NULL;
		}
		memcpy(n->u.target, nw->target, nw->target_len);
		ip->size = nw->target_len;
	}
	ip->ops = &ramfs_ops;
	ip->sb = sb;
	ip->ino = sb->next_ino++;
	ip->mode = nw->mode;
	ip->uid = nw->uid;
	ip->gid = nw->gid;
	ip->rdev = nw->rdev;
	ip->nlink = 1;
	ip->refs = 1;
	ip->atime = ip->mtime = ip->ctime = now();
	if (LX_S_ISDIR(nw->mode)) {
		ip->nlink = 2;
		ip->size = 2 * DIRENT_SIZE;
		n->u.dir.next_cookie = FIRST_COOKIE;
	}
	n->next = rs->all;
	if (rs->all)
		rs->all->prev = n;
	rs->all = n;
	rs->inodes++;
	return n;
}

/* Frees n and what it holds; drop_parent: let go of a directory's parent too. */
static void node_free(struct ramfs_node *n, bool drop_parent)
{
	struct ramfs_sb *rs = (struct ramfs_sb *)n->vfs.sb;
	uint32_t type = n->vfs.mode & LX_S_IFMT;

	if (n->prev)
		n->prev->next = n->next;
	else
		rs->all = n->next;
	if (n->next)
		n->next->prev = n->prev;
	rs->inodes--;
	if (type == LX_S_IFREG) {
		radix_free(n, n->u.reg.root, n->u.reg.height);
	} else if (type == LX_S_IFLNK) {
		fs_free(n->u.target);
	} else if (type == LX_S_IFDIR) {
		for (struct ramfs_dirent *e = n->u.dir.head, *next; e; e = next) {
			next = e->next;
			fs_free(e);
		}
		if (drop_parent)
			vfs_iput(n->u.dir.parent);
	}
	rs->xattr_bytes -= memxattr_bytes(&n->xattrs);
	memxattr_free(&n->xattrs);
	fs_free(n);
}

static void ramfs_evict(struct inode *ip)
{
	if (ip->nlink == 0)
		node_free(node_of(ip), true);
}

static int ramfs_setattr(struct inode *ip, const struct vfs_attr *a)
{
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
	return 0;
}

static int ramfs_readlink(struct inode *ip, char *buf, size_t n)
{
	size_t len = ip->size < n ? ip->size : n;

	memcpy(buf, node_of(ip)->u.target, len);
	return (int)len;
}

/* ---- directories --------------------------------------------------------------------------- */

/* a '/' or a NUL in name? */
static bool name_bad_char(const char *name, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (name[i] == '/' || name[i] == 0)
			return true;
	return false;
}

static struct ramfs_dirent *dirent_new(const char *name, size_t len)
{
	struct ramfs_dirent *e = fs_alloc(sizeof(*e) + len + 1);

	if (e) {
		memcpy(e->name, name, len);
		e->len = len;
	}
	return e;
}

static struct ramfs_dirent *dir_find(struct inode *dir, const char *name, size_t len)
{
	for (struct ramfs_dirent *e = node_of(dir)->u.dir.head; e; e = e->next)
		if (e->len == len && memcmp(e->name, name, len) == 0)
			return e;
	return NULL;
}

/* Puts e (naming ip) at the end of dir; a subdirectory's ".." counts in dir's links. */
static void dir_add(struct inode *dir, struct ramfs_dirent *e, struct inode *ip)
{
	struct ramfs_node *d = node_of(dir);

	e->ip = ip;
	e->cookie = d->u.dir.next_cookie++;
	e->next = NULL;
	e->prev = d->u.dir.tail;
	if (d->u.dir.tail)
		d->u.dir.tail->next = e;
	else
		d->u.dir.head = e;
	d->u.dir.tail = e;
	d->u.dir.count++;
	dir->size += DIRENT_SIZE;
	if (LX_S_ISDIR(ip->mode))
		dir->nlink++;
	touch_mc(dir);
}

/* Takes e out of dir and frees it; the inode it named loses that link. */
static void dir_remove(struct inode *dir, struct ramfs_dirent *e)
{
	struct ramfs_node *d = node_of(dir);
	struct inode *ip = e->ip;

	if (e->prev)
		e->prev->next = e->next;
	else
		d->u.dir.head = e->next;
	if (e->next)
		e->next->prev = e->prev;
	else
		d->u.dir.tail = e->prev;
	d->u.dir.count--;
	dir->size -= DIRENT_SIZE;
	if (LX_S_ISDIR(ip->mode)) {
		dir->nlink--;
		ip->nlink = 0;
	} else {
		ip->nlink--;
	}
	ip->ctime = now();
	touch_mc(dir);
	fs_free(e);
}

static int ramfs_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	struct ramfs_dirent *e;
	struct inode *parent = node_of(dir)->u.dir.parent;

	if (len == 2 && name[0] == '.' && name[1] == '.') {
		*out = vfs_iget(parent ? parent : dir);
		return 0;
	}
	e = dir_find(dir, name, len);
	if (!e)
		return -LX_ENOENT;
	*out = vfs_iget(e->ip);
	return 0;
}

/* create, mknod, mkdir and symlink: all a new node under a new name */
static int ramfs_make(struct inode *dir, const char *name, size_t len, const struct vfs_new *nw,
		      struct inode **out)
{
	struct ramfs_sb *rs = rsb_of(dir->sb);
	struct ramfs_dirent *e;
	struct ramfs_node *n;

	if (rs->max_inodes && rs->inodes >= rs->max_inodes)
		return -LX_ENOSPC;
	e = dirent_new(name, len);
	n = e ? node_new(dir->sb, nw) : NULL;
	if (!n) {
		fs_free(e);
		return -LX_ENOMEM;
	}
	if (LX_S_ISDIR(nw->mode))
		n->u.dir.parent = vfs_iget(dir);
	dir_add(dir, e, &n->vfs);
	*out = &n->vfs;
	return 0;
}

static int ramfs_unlink(struct inode *dir, const char *name, size_t len, struct inode *victim)
{
	struct ramfs_dirent *e = dir_find(dir, name, len);

	if (!e || e->ip != victim)
		return -LX_ENOENT;
	dir_remove(dir, e);
	return 0;
}

static int ramfs_rmdir(struct inode *dir, const char *name, size_t len, struct inode *victim)
{
	struct ramfs_dirent *e = dir_find(dir, name, len);

	if (!e || e->ip != victim)
		return -LX_ENOENT;
	if (node_of(victim)->u.dir.count)
		return -LX_ENOTEMPTY;
	dir_remove(dir, e);
	return 0;
}

static int ramfs_link(struct inode *ip, struct inode *dir, const char *name, size_t len)
{
	struct ramfs_dirent *e = dirent_new(name, len);

	if (!e)
		return -LX_ENOMEM;
	dir_add(dir, e, ip);
	ip->nlink++;
	ip->ctime = now();
	return 0;
}

static int ramfs_rename(struct inode *odir, const char *oname, size_t olen,
			struct inode *ndir, const char *nname, size_t nlen)
{
	struct ramfs_dirent *oe = dir_find(odir, oname, olen), *ne = dir_find(ndir, nname, nlen);
	struct ramfs_dirent *e;
	struct inode *ip;
	uint32_t links;

	if (!oe)
		return -LX_ENOENT;
	if (ne == oe)
		return 0;
	ip = oe->ip;
	links = ip->nlink;
	if (ne && LX_S_ISDIR(ne->ip->mode) && node_of(ne->ip)->u.dir.count)
		return -LX_ENOTEMPTY;
	e = dirent_new(nname, nlen);
	if (!e)
		return -LX_ENOMEM;
	if (ne)
		dir_remove(ndir, ne);
	dir_remove(odir, oe);
	ip->nlink = links;		/* a move, not a removal */
	dir_add(ndir, e, ip);
	if (LX_S_ISDIR(ip->mode) && odir != ndir) {
		node_of(ip)->u.dir.parent = vfs_iget(ndir);
		vfs_iput(odir);
	}
	return 0;
}

/* A directory moved from one parent to another: its ".." and the parents' link counts. */
static void reparent(struct inode *ip, struct inode *from, struct inode *to)
{
	if (!LX_S_ISDIR(ip->mode) || from == to)
		return;
	from->nlink--;
	to->nlink++;
	node_of(ip)->u.dir.parent = vfs_iget(to);
	vfs_iput(from);
}

static int ramfs_exchange(struct inode *odir, const char *oname, size_t olen,
			  struct inode *ndir, const char *nname, size_t nlen)
{
	struct ramfs_dirent *oe = dir_find(odir, oname, olen), *ne = dir_find(ndir, nname, nlen);

	if (!oe || !ne)
		return -LX_ENOENT;
	if (oe == ne)
		return 0;
	struct inode *a = oe->ip, *b = ne->ip;
	oe->ip = b;
	ne->ip = a;
	reparent(a, odir, ndir);
	reparent(b, ndir, odir);
	a->ctime = b->ctime = now();
	touch_mc(odir);
	touch_mc(ndir);
	return 0;
}

static int ramfs_getdents(struct inode *dir, uint64_t *pos, vfs_filldir_t fill, void *arg)
{
	struct ramfs_node *d = node_of(dir);
	struct inode *parent = d->u.dir.parent ? d->u.dir.parent : dir;

	ramfs_touch(dir);

	if (*pos == 0) {
		if (!fill(arg, ".", 1, dir->ino, LX_DT_DIR, 1))
			return 0;
		*pos = 1;
	}
	if (*pos == 1) {
		if (!fill(arg, "..", 2, parent->ino, LX_DT_DIR, FIRST_COOKIE))
			return 0;
		*pos = FIRST_COOKIE;
	}
	for (struct ramfs_dirent *e = d->u.dir.head; e; e = e->next) {
		if (e->cookie < *pos)
			continue;
		if (!fill(arg, e->name, e->len, e->ip->ino, LX_DT_FROM_MODE(e->ip->mode),
			  e->cookie + 1))
			return 0;
		*pos = e->cookie + 1;
	}
	return 0;
}

/* Extended attributes as Linux 6.1's tmpfs keeps them: "trusted." and
 * "security." names in memory (memxattr.c); "user." ones came to tmpfs
 * later (6.6): -EOPNOTSUPP, as every name on a plain ramfs; a prefix alone
 * is -EINVAL (xattr_resolve_name).  A tmpfs's size bounds its data pages
 * and its attributes together (-ENOSPC), so that a process cannot fill
 * unixd's memory with attributes. */
static int name_check(const struct ramfs_sb *rs, const char *name)
{
	if (!rs->tmpfs || !strncmp(name, "user.", 5))
		return -LX_EOPNOTSUPP;
	return strcmp(name, "trusted.") && strcmp(name, "security.") ? 0 : -LX_EINVAL;
}

static bool xattr_room(const struct ramfs_sb *rs, uint64_t more)
{
	return !rs->max_pages ||
	       rs->pages * FS_PAGE_SIZE + rs->xattr_bytes + more <= rs->max_pages * FS_PAGE_SIZE;
}

static int ramfs_getxattr(struct inode *ip, const char *name, void *buf, size_t size)
{
	int err = name_check(rsb_of(ip->sb), name);
	return err ? err : memxattr_get(&node_of(ip)->xattrs, name, buf, size);
}

static int ramfs_setxattr(struct inode *ip, const char *name, const void *value, size_t len,
			  int flags)
{
	struct ramfs_sb *rs = rsb_of(ip->sb);
	struct mem_xattr **list = &node_of(ip)->xattrs;
	int err = name_check(rs, name);
	int old = err ? err : memxattr_get(list, name, NULL, 0);	/* its length, or -ENODATA */
	uint64_t was = old >= 0 ? MEMXATTR_COST(strlen(name), (size_t)old) : 0;
	uint64_t will = value ? MEMXATTR_COST(strlen(name), len) : 0;

	if (!err && old >= 0 && (flags & VFS_XATTR_CREATE))
		err = -LX_EEXIST;
	else if (!err && old < 0 && ((flags & VFS_XATTR_REPLACE) || !value))
		err = -LX_ENODATA;
	else if (!err && will > was && !xattr_room(rs, will - was))
		err = -LX_ENOSPC;
	if (!err)
		err = memxattr_set(list, name, value, len, flags);
	if (!err) {
		rs->xattr_bytes = rs->xattr_bytes - was + will;
		ip->ctime = now();
	}
	return err;
}

static int ramfs_listxattr(struct inode *ip, char *buf, size_t size)
{
	return memxattr_list(&node_of(ip)->xattrs, buf, size);
}

static const struct inode_ops ramfs_ops = {
	.lookup = ramfs_lookup,
	.exchange = ramfs_exchange,
	.create = ramfs_make,
	.mknod = ramfs_make,
	.mkdir = ramfs_make,
	.symlink = ramfs_make,
	.unlink = ramfs_unlink,
	.rmdir = ramfs_rmdir,
	.rename = ramfs_rename,
	.link = ramfs_link,
	.readlink = ramfs_readlink,
	.read = ramfs_read,
	.write = ramfs_write,
	.truncate = ramfs_truncate,
	.fallocate = ramfs_fallocate,
	.getdents = ramfs_getdents,
	.setattr = ramfs_setattr,
	.evict = ramfs_evict,
	.page = ramfs_page,
	.has_page = ramfs_has_page,
	.getxattr = ramfs_getxattr,
	.setxattr = ramfs_setxattr,
	.listxattr = ramfs_listxattr,
};

/* ---- the file system ------------------------------------------------------------------------ */

static const struct vfs_sb_ops ramfs_sops;

static void source_set(struct vfs_sb *sb, const char *src)
{
	size_t n = strlen(src);

	n = n < sizeof(sb->source) - 1 ? n : sizeof(sb->source) - 1;
	memcpy(sb->source, src, n);
	sb->source[n] = 0;
}

int ramfs_new(uint32_t dev, uint32_t mode, uint32_t uid, uint32_t gid, struct vfs_sb **out)
{
	struct ramfs_sb *rs = fs_alloc(sizeof(*rs));
	struct vfs_new nw = { .mode = LX_S_IFDIR | (mode & LX_S_IALLUGO), .uid = uid, .gid = gid };
	struct ramfs_node *root;

	*out = NULL;
	if (!rs)
		return -LX_ENOMEM;
	rs->vfs.sops = &ramfs_sops;
	rs->vfs.fstype = "ramfs";
	source_set(&rs->vfs, "none");
	rs->root_mode = mode & LX_S_IALLUGO;
	rs->uid = uid;
	rs->gid = gid;
	rs->vfs.dev = dev;
	rs->vfs.next_ino = 1;
	rs->vfs.max_size = RAMFS_MAX_SIZE;
	root = node_new(&rs->vfs, &nw);
	if (!root) {
		fs_free(rs);
		return -LX_ENOMEM;
	}
	rs->vfs.root = &root->vfs;	/* node_new's reference is the sb's */
	*out = &rs->vfs;
	return 0;
}

void ramfs_destroy(struct vfs_sb *sb)
{
	struct ramfs_sb *rs = (struct ramfs_sb *)sb;

	while (rs->all)
		node_free(rs->all, false);
	fs_free(rs);
}

/* ---- mount(2): ramfs and tmpfs --------------------------------------------------------------- */

/* statfs: ramfs's simple_statfs, or shmem_statfs with its limits */
static int ramfs_statfs(struct vfs_sb *sb, struct lx_statfs *st)
{
	struct ramfs_sb *rs = rsb_of(sb);

	memset(st, 0, sizeof(*st));
	st->f_type = rs->tmpfs ? LX_TMPFS_MAGIC : LX_RAMFS_MAGIC;
	st->f_bsize = FS_PAGE_SIZE;
	st->f_namelen = VFS_NAME_MAX;
	if (rs->tmpfs && rs->max_pages) {
		st->f_blocks = rs->max_pages;
		st->f_bfree = st->f_bavail = rs->max_pages > rs->pages ? rs->max_pages - rs->pages : 0;
	}
	if (rs->tmpfs && rs->max_inodes) {
		st->f_files = rs->max_inodes;
		st->f_ffree = rs->max_inodes > rs->inodes ? rs->max_inodes - rs->inodes : 0;
	}
	return 0;
}

/* Appends ",key", v in base (none if base is 0) and "k" if kib to buf at len; the new length. */
static int put_opt(char *buf, size_t n, int len, const char *key, uint64_t v, unsigned base,
		   bool kib)
{
	char tmp[32];
	int t = 0, k = 0;

	tmp[t++] = ',';
	while (key[k] && t < 16)
		tmp[t++] = key[k++];
	if (base) {
		char digits[24];
		int d = 0;
		do
			digits[d++] = (char)('0' + v % base);
		while ((v /= base) && d < 24);
		while (base == 8 && d < 3)		/* %03o */
			digits[d++] = '0';
		while (d)
			tmp[t++] = digits[--d];
	}
	if (kib)
		tmp[t++] = 'k';
	for (int i = 0; i < t; i++, len++)
		if ((size_t)len + 1 < n)
			buf[len] = tmp[i];
	if (n)
		buf[(size_t)len < n ? (size_t)len : n - 1] = 0;
	return len;
}

/* /proc/mounts: what differs from the defaults, as shmem_show_options and ramfs_show_options */
static int ramfs_show_options(struct vfs_sb *sb, char *buf, size_t n)
{
	struct ramfs_sb *rs = rsb_of(sb);
	int len = 0;

	if (n)
		buf[0] = 0;
	if (rs->tmpfs && rs->max_pages != rs->default_pages)
		len = put_opt(buf, n, len, "size=", rs->max_pages * (FS_PAGE_SIZE / 1024), 10, true);
	if (rs->tmpfs && rs->max_inodes != rs->default_pages)
		len = put_opt(buf, n, len, "nr_inodes=", rs->max_inodes, 10, false);
	if (rs->root_mode != (rs->tmpfs ? 01777u : 0755u))
		len = put_opt(buf, n, len, "mode=", rs->root_mode, 8, false);
	if (rs->tmpfs && rs->uid)
		len = put_opt(buf, n, len, "uid=", rs->uid, 10, false);
	if (rs->tmpfs && rs->gid)
		len = put_opt(buf, n, len, "gid=", rs->gid, 10, false);
	if (rs->tmpfs)
		len = put_opt(buf, n, len, "inode64", 0, 0, false);
	return len;
}

static const struct vfs_sb_ops ramfs_sops = {
	.statfs = ramfs_statfs,
	.put_super = ramfs_destroy,
	.show_options = ramfs_show_options,
};

void ramfs_as_tmpfs(struct vfs_sb *sb, uint64_t mem_pages)
{
	struct ramfs_sb *rs = rsb_of(sb);

	rs->tmpfs = true;
	rs->default_pages = rs->max_pages = rs->max_inodes = mem_pages / 2;
}

/* Linux's memparse: a number with an optional k, m, g, t suffix; *end after it */
static bool parse_size(const char *s, const char **end, int base, uint64_t *out)
{
	uint64_t v = 0;
	const char *p = s;

	for (; *p >= '0' && *p <= '9' && (base == 10 || *p < '8'); p++)
		if (__builtin_mul_overflow(v, (uint64_t)base, &v) || __builtin_add_overflow(v, (uint64_t)(*p - '0'), &v))
			return false;
	if (p == s)
		return false;
	unsigned shift = 0;
	if (base == 10 && (*p == 'k' || *p == 'K' || *p == 'm' || *p == 'M' || *p == 'g' ||
			   *p == 'G' || *p == 't' || *p == 'T')) {
		shift = *p == 'k' || *p == 'K' ? 10 : *p == 'm' || *p == 'M' ? 20 :
			*p == 'g' || *p == 'G' ? 30 : 40;
		p++;
	}
	if (shift && v > (UINT64_MAX >> shift))
		return false;
	*out = v << shift;
	*end = p;
	return true;
}

/* One "key=value" of the options; false: not valid (tmpfs refuses it, ramfs ignores it) */
static bool opt_apply(struct ramfs_sb *rs, const char *o, size_t len, uint64_t mem_pages)
{
	static const char *const keys[] = { "size=", "nr_inodes=", "mode=", "uid=", "gid=" };
	unsigned k = 0;
	uint64_t v;
	const char *end;

	while (k < ARRAY_SIZE(keys) && strncmp(o, keys[k], strlen(keys[k])))
		k++;
	if (k == ARRAY_SIZE(keys) || (!rs->tmpfs && k != 2))
		return false;
	o += strlen(keys[k]);
	if (!parse_size(o, &end, k == 2 ? 8 : 10, &v))
		return false;
	if (k == 0 && *end == '%' && v <= 100 && end++)
		v = mem_pages * v / 100 * FS_PAGE_SIZE;
	if (end != o + (len - strlen(keys[k])) || (k >= 2 && v > UINT32_MAX))
		return false;
	if (k == 0)
		rs->max_pages = (v + FS_PAGE_SIZE - 1) / FS_PAGE_SIZE;
	else if (k == 1)
		rs->max_inodes = v;
	else if (k == 2)
		rs->root_mode = (uint32_t)v & 07777;
	else if (k == 3)
		rs->uid = (uint32_t)v;
	else
		rs->gid = (uint32_t)v;
	return true;
}

/* the comma-separated options; -EINVAL for one tmpfs does not know */
static int opts_parse(struct ramfs_sb *rs, const char *data, uint64_t mem_pages)
{
	while (data && *data) {
		size_t len = 0;
		while (data[len] && data[len] != ',')
			len++;
		const char *comma = data[len] ? data + len : NULL;
		if (len && !opt_apply(rs, data, len, mem_pages) && rs->tmpfs)
			return -LX_EINVAL;
		data += len + (comma ? 1 : 0);
	}
	return 0;
}

static int mount_common(const struct vfs_mount_args *a, bool tmpfs, struct vfs_sb **out)
{
	struct ramfs_sb opts = { .tmpfs = tmpfs, .root_mode = tmpfs ? 01777 : 0755 };
	uint32_t uid = a->ctx ? a->ctx->cred->fsuid : 0, gid = a->ctx ? a->ctx->cred->fsgid : 0;
	int err;

	opts.uid = uid, opts.gid = gid;
	if (tmpfs)
		opts.default_pages = opts.max_pages = opts.max_inodes = a->mem_pages / 2;
	err = opts_parse(&opts, a->data, a->mem_pages);
	if (!err)
		err = ramfs_new(a->dev, opts.root_mode, opts.uid, opts.gid, out);
	if (err)
		return err;
	struct ramfs_sb *rs = rsb_of(*out);
	rs->tmpfs = tmpfs;
	rs->max_pages = opts.max_pages, rs->max_inodes = opts.max_inodes;
	rs->default_pages = opts.default_pages;
	rs->uid = uid == opts.uid ? 0 : opts.uid;	/* shown when asked for */
	rs->gid = gid == opts.gid ? 0 : opts.gid;
	rs->vfs.fstype = tmpfs ? "tmpfs" : "ramfs";
	source_set(&rs->vfs, a->source ? a->source : "none");
	return 0;
}

static int tmpfs_mount(const struct vfs_mount_args *a, struct vfs_sb **out)
{
	return mount_common(a, true, out);
}

static int ramfs_mount(const struct vfs_mount_args *a, struct vfs_sb **out)
{
	return mount_common(a, false, out);
}

const struct vfs_fstype ramfs_fstype = { "ramfs", true, ramfs_mount };
const struct vfs_fstype tmpfs_fstype = { "tmpfs", true, tmpfs_mount };

/* ---- consistency (ramfs_check) ----------------------------------------------------------- */

/* Pages under p (height h, first index base); *beyond if one is at limit or above. */
static uint64_t radix_count(void *p, unsigned h, uint64_t base, uint64_t limit, bool *beyond)
{
	uint64_t span, pages = 0;

	if (!p)
		return 0;
	if (h == 0) {
		*beyond |= base >= limit;
		return 1;
	}
	span = 1ull << (RADIX_SHIFT * (h - 1));
	for (size_t i = 0; i < RADIX_FANOUT; i++)
		pages += radix_count(((void **)p)[i], h - 1, base + i * span, limit, beyond);
	return pages;
}

/* pages only below the size, counted in blocks, zeros after the end */
static bool check_file(struct ramfs_node *n)
{
	uint64_t size = n->vfs.size, limit = (size + FS_PAGE_SIZE - 1) >> FS_PAGE_SHIFT;
	size_t tail = size & (FS_PAGE_SIZE - 1);
	bool beyond = false;
	uint64_t pages = radix_count(n->u.reg.root, n->u.reg.height, 0, limit, &beyond);
	void **slot = tail ? radix_slot(n, size >> FS_PAGE_SHIFT, false) : NULL;

	if (beyond || pages * PAGE_BLOCKS != n->vfs.blocks)
		return false;
	for (size_t i = tail; slot && *slot && i < FS_PAGE_SIZE; i++)
		if (((uint8_t *)*slot)[i])
			return false;
	return true;
}

static bool check_name(const struct ramfs_dirent *e)
{
	if (e->len == 0 || e->len > VFS_NAME_MAX || name_bad_char(e->name, e->len))
		return false;
	return !(e->name[0] == '.' && (e->len == 1 || (e->len == 2 && e->name[1] == '.')));
}

/* entries well linked and named, once each; the directory's size and links agree */
static bool check_dir(struct ramfs_node *d)
{
	uint32_t count = 0, subdirs = 0;
	uint64_t cookie = FIRST_COOKIE;
	struct ramfs_dirent *prev = NULL;

	for (struct ramfs_dirent *e = d->u.dir.head; e; prev = e, e = e->next) {
		if (e->prev != prev || !check_name(e) || e->ip->sb != d->vfs.sb ||
		    e->cookie < cookie || e->cookie >= d->u.dir.next_cookie ||
		    dir_find(&d->vfs, e->name, e->len) != e)
			return false;
		cookie = e->cookie + 1;
		if (LX_S_ISDIR(e->ip->mode)) {
			if (node_of(e->ip)->u.dir.parent != &d->vfs)
				return false;
			subdirs++;
		}
		node_of(e->ip)->seen++;
		count++;
	}
	if (d->u.dir.tail != prev || count != d->u.dir.count ||
	    d->vfs.size != 2 * DIRENT_SIZE + (uint64_t)DIRENT_SIZE * count)
		return false;
	return d->vfs.nlink == 0 ? count == 0 : d->vfs.nlink == 2 + subdirs;
}

/* what each kind of inode must be, once the entries naming it are counted */
static bool check_node(struct ramfs_sb *rs, struct ramfs_node *n)
{
	struct inode *ip = &n->vfs;
	bool is_root = ip == rs->vfs.root;

	if (ip->nlink == 0 && ip->refs == 0)
		return false;			/* nobody can reach it: a leak */
	for (struct ramfs_node *m = n->next; m; m = m->next)
		if (m->vfs.ino == ip->ino)
			return false;
	switch (ip->mode & LX_S_IFMT) {
	case LX_S_IFDIR:
		if (is_root)
			return n->seen == 0 && ip->refs > 0;
		return n->seen == (ip->nlink ? 1u : 0u) && n->u.dir.parent;
	case LX_S_IFREG:
		return n->seen == ip->nlink && check_file(n);
	case LX_S_IFLNK:
		return n->seen == ip->nlink && ip->size > 0 && n->u.target[ip->size] == 0;
	}
	return n->seen == ip->nlink;
}

int ramfs_check(struct vfs_sb *sb)
{
	struct ramfs_sb *rs = (struct ramfs_sb *)sb;
	struct ramfs_node *prev = NULL;

	for (struct ramfs_node *n = rs->all; n; prev = n, n = n->next) {
		if (n->prev != prev || n->vfs.sb != sb || n->vfs.ops != &ramfs_ops)
			return -LX_EUCLEAN;
		n->seen = 0;
	}
	for (struct ramfs_node *n = rs->all; n; n = n->next)
		if (LX_S_ISDIR(n->vfs.mode) && !check_dir(n))
			return -LX_EUCLEAN;
	for (struct ramfs_node *n = rs->all; n; n = n->next)
		if (!check_node(rs, n))
			return -LX_EUCLEAN;
	return 0;
}
