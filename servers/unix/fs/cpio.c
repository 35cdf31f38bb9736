/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cpio.c (unixd) - cpio_unpack (cpio.h): a "newc" cpio archive into the file
 * system, through the VFS calls a process would make (open, mkdir, symlink,
 * mknod, link, chown, chmod, utimensat), so the archive gets no more say
 * than its creator's credentials give.
 *
 * newc: each entry is a 110-byte ASCII header, "070701" (or "070702": the
 * check field is the byte sum of a regular file's data) and 13 fields of 8
 * hex digits (ino mode uid gid nlink mtime filesize devmajor devminor
 * rdevmajor rdevminor namesize check); then the name, namesize bytes with
 * its NUL; padding to a multiple of 4; the data (a file's contents, a
 * symlink's target), filesize bytes; padding to 4.  "TRAILER!!!" ends it.
 * Entries that are not directories and share (devmajor, devminor, ino) with
 * nlink >= 2 are hard links: the first makes the inode, the others link to
 * it, and whichever carries data (GNU cpio: the last) writes it.
 *
 * Two passes: the first creates everything; the second sets directories'
 * mtimes, which the first pass's creations inside them changed.
 * Every length is checked against the archive before it is used.
 */
#include "cpio.h"
#include "fsalloc.h"
#include "fsarray.h"
#include "dstring.h"

#define CPIO_HDR_LEN	110
#define CPIO_FIELD_LEN	8
#define CPIO_MAGIC_LEN	6
#define CPIO_ALIGN	4
#define CPIO_TRAILER	"TRAILER!!!"

/* the header's fields, in order */
enum cpio_field {
	F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE,
	F_DEVMAJOR, F_DEVMINOR, F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE, F_CHECK, CPIO_FIELDS
};
_Static_assert(CPIO_MAGIC_LEN + CPIO_FIELDS * CPIO_FIELD_LEN == CPIO_HDR_LEN, "newc header");

struct cpio_entry {
	uint32_t f[CPIO_FIELDS];
	const char *name;		/* NUL-terminated, inside the archive */
	const uint8_t *data;		/* f[F_FILESIZE] bytes */
};

/* the inode the first entry of a group of hard links made */
struct cpio_link {
	uint32_t devmajor, devminor, ino, type;
	struct inode *ip;		/* a reference */
};

struct cpio_unpacker {
	struct vfs_ctx ctx;		/* names are relative to the root */
	const uint8_t *a;
	size_t len, off;		/* the archive, and where the next entry is */
	struct cpio_link *links;	/* fs_alloc'd, nlinks of cap used */
	size_t nlinks, cap;
};

/* ---- the archive ----------------------------------------------------------------------- */

static int hex_digit(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int parse_field(const uint8_t *p, uint32_t *out)
{
	uint32_t v = 0;

	for (int i = 0; i < CPIO_FIELD_LEN; i++) {
		int d = hex_digit(p[i]);
		if (d < 0)
			return -LX_EINVAL;
		v = v << 4 | (uint32_t)d;
	}
	*out = v;
	return 0;
}

static size_t align_up(size_t x)
{
	return (x + CPIO_ALIGN - 1) & ~(size_t)(CPIO_ALIGN - 1);
}

static uint32_t byte_sum(const uint8_t *p, size_t n)
{
	uint32_t sum = 0;

	while (n--)
		sum += *p++;
	return sum;
}

/* Decodes the entry at u->off and moves past it; -EINVAL if it is not all in the archive. */
static int cpio_next(struct cpio_unpacker *u, struct cpio_entry *e)
{
	const uint8_t *h = u->a + u->off;
	size_t name_off = u->off + CPIO_HDR_LEN, data_off, namesize, size;

	if (u->len - u->off < CPIO_HDR_LEN)
		return -LX_EINVAL;
	if (memcmp(h, "07070", CPIO_MAGIC_LEN - 1) != 0 || (h[5] != '1' && h[5] != '2'))
		return -LX_EINVAL;
	for (int i = 0; i < CPIO_FIELDS; i++)
		if (parse_field(h + CPIO_MAGIC_LEN + i * CPIO_FIELD_LEN, &e->f[i]))
			return -LX_EINVAL;
	namesize = e->f[F_NAMESIZE];
	size = e->f[F_FILESIZE];
	if (namesize == 0 || namesize > u->len - name_off)
		return -LX_EINVAL;
	e->name = (const char *)u->a + name_off;
	if (vfs_path_len(e->name, namesize) != namesize - 1)
		return -LX_EINVAL;		/* no NUL at the end, or one before */
	data_off = align_up(name_off + namesize);
	if (data_off > u->len || size > u->len - data_off)
		return -LX_EINVAL;
	e->data = u->a + data_off;
	if (h[5] == '2' && LX_S_ISREG(e->f[F_MODE]) && byte_sum(e->data, size) != e->f[F_CHECK])
		return -LX_EINVAL;
	u->off = align_up(data_off + size);
	if (u->off > u->len)
		u->off = u->len;	/* the last padding may be missing */
	return 0;
}

/* -EINVAL for an empty name or one with a ".." component; *is_root for ".", "./", "/" */
static int check_name(const char *name, bool *is_root)
{
	const char *s = name, *c;

	*is_root = true;
	if (!*name)
		return -LX_EINVAL;
	while (*s) {
		while (*s == '/')
			s++;
		for (c = s; *s && *s != '/'; s++)
			;
		if (s - c == 2 && c[0] == '.' && c[1] == '.')
			return -LX_EINVAL;
		if (s - c > 1 || (s - c == 1 && c[0] != '.'))
			*is_root = false;
	}
	return 0;
}

/* ---- hard links ----------------------------------------------------------------------------- */

static struct inode *link_find(struct cpio_unpacker *u, const struct cpio_entry *e)
{
	for (size_t i = 0; i < u->nlinks; i++) {
		struct cpio_link *l = &u->links[i];
		if (l->ino == e->f[F_INO] && l->devmajor == e->f[F_DEVMAJOR] &&
		    l->devminor == e->f[F_DEVMINOR] && l->type == (e->f[F_MODE] & LX_S_IFMT))
			return l->ip;
	}
	return NULL;
}

/* Remembers the inode e's name now has, for the links to it that follow. */
static int link_add(struct cpio_unpacker *u, const struct cpio_entry *e)
{
	struct cpio_link *l;
	void *v = u->links;
	int err = fs_array_room(&v, u->nlinks, &u->cap, sizeof(*u->links), 16);

	if (err)
		return err;
	u->links = v;
	l = &u->links[u->nlinks];
	err = vfs_lookup_inode(&u->ctx, e->name, 0, &l->ip);
	if (err)
		return err;
	l->ino = e->f[F_INO];
	l->devmajor = e->f[F_DEVMAJOR];
	l->devminor = e->f[F_DEVMINOR];
	l->type = e->f[F_MODE] & LX_S_IFMT;
	u->nlinks++;
	return 0;
}

static void links_free(struct cpio_unpacker *u)
{
	for (size_t i = 0; i < u->nlinks; i++)
		vfs_iput(u->links[i].ip);
	fs_free(u->links);
}

/* ---- entries ------------------------------------------------------------------------------- */

static int write_all(struct file *f, const uint8_t *data, size_t size)
{
	while (size) {
		int64_t put = vfs_write(f, data, size);
		if (put <= 0)
			return put ? (int)put : -LX_EIO;
		data += put;
		size -= (size_t)put;
	}
	return 0;
}

/* Makes room for e: what is at its name goes, unless both are directories. */
static int make_room(struct cpio_unpacker *u, const struct cpio_entry *e)
{
	struct vfs_stat st;
	int err = vfs_stat(&u->ctx, e->name, LX_AT_SYMLINK_NOFOLLOW, &st);

	if (err)
		return err == -LX_ENOENT ? 0 : err;
	if (LX_S_ISDIR(st.mode))
		return LX_S_ISDIR(e->f[F_MODE]) ? 0 : vfs_rmdir(&u->ctx, e->name);
	return vfs_unlink(&u->ctx, e->name);
}

static int make_file(struct cpio_unpacker *u, const struct cpio_entry *e)
{
	struct file *f;
	int err = vfs_open(&u->ctx, e->name, LX_O_WRONLY | LX_O_CREAT | LX_O_EXCL,
			   e->f[F_MODE] & LX_S_IALLUGO, &f);

	if (err)
		return err;
	err = write_all(f, e->data, e->f[F_FILESIZE]);
	vfs_close(f);
	return err;
}

static int make_symlink(struct cpio_unpacker *u, const struct cpio_entry *e)
{
	size_t len = e->f[F_FILESIZE];
	char *target;
	int err;

	if (len == 0 || len >= VFS_PATH_MAX || vfs_path_len((const char *)e->data, len) != len)
		return -LX_EINVAL;
	target = fs_alloc(len + 1);
	if (!target)
		return -LX_ENOMEM;
	memcpy(target, e->data, len);
	err = vfs_symlink(&u->ctx, target, e->name);
	fs_free(target);
	return err;
}

/* A further name of an inode made before; its data if this entry carries them. */
static int make_hardlink(struct cpio_unpacker *u, const struct cpio_entry *e, struct inode *ip)
{
	struct file *f;
	int err = vfs_link_inode(&u->ctx, ip, e->name);

	if (err || e->f[F_FILESIZE] == 0 || !LX_S_ISREG(ip->mode))
		return err;
	err = vfs_file_open_inode(ip, LX_O_WRONLY, &f);
	if (err)
		return err;
	err = vfs_ftruncate(f, 0);
	if (!err)
		err = write_all(f, e->data, e->f[F_FILESIZE]);
	vfs_close(f);
	return err;
}

static int set_mtime(struct cpio_unpacker *u, const struct cpio_entry *e)
{
	struct lx_timespec ts[2] = { { e->f[F_MTIME], 0 }, { e->f[F_MTIME], 0 } };

	return vfs_utimens(&u->ctx, e->name, ts, LX_AT_SYMLINK_NOFOLLOW);
}

/* owner, then mode (chown drops set-id bits), then the time (directories: pass 2) */
static int set_attrs(struct cpio_unpacker *u, const struct cpio_entry *e)
{
	uint32_t mode = e->f[F_MODE];
	int err = vfs_chown(&u->ctx, e->name, e->f[F_UID], e->f[F_GID], LX_AT_SYMLINK_NOFOLLOW);

	if (!err && !LX_S_ISLNK(mode))
		err = vfs_chmod(&u->ctx, e->name, mode & LX_S_IALLUGO);
	if (!err && !LX_S_ISDIR(mode))
		err = set_mtime(u, e);
	return err;
}

static int make_entry(struct cpio_unpacker *u, const struct cpio_entry *e)
{
	uint32_t mode = e->f[F_MODE], type = mode & LX_S_IFMT;
	bool linked = type != LX_S_IFDIR && e->f[F_NLINK] >= 2;
	int err = make_room(u, e);

	if (err)
		return err;
	if (linked && link_find(u, e))
		return make_hardlink(u, e, link_find(u, e));
	if (type == LX_S_IFREG)
		err = make_file(u, e);
	else if (type == LX_S_IFDIR)
		err = vfs_mkdir(&u->ctx, e->name, mode & LX_S_IALLUGO);
	else if (type == LX_S_IFLNK)
		err = make_symlink(u, e);
	else
		err = vfs_mknod(&u->ctx, e->name, mode,
				vfs_mkdev(e->f[F_RDEVMAJOR], e->f[F_RDEVMINOR]));
	if (err == -LX_EEXIST && type == LX_S_IFDIR)
		err = 0;
	if (!err && linked)
		err = link_add(u, e);
	return err;
}

/* pass 1: one entry */
static int unpack_entry(struct cpio_unpacker *u, const struct cpio_entry *e)
{
	uint32_t type = e->f[F_MODE] & LX_S_IFMT;
	bool is_root;
	int err = check_name(e->name, &is_root);

	if (err)
		return err;
	if (type != LX_S_IFREG && type != LX_S_IFDIR && type != LX_S_IFLNK && type != LX_S_IFCHR &&
	    type != LX_S_IFBLK && type != LX_S_IFIFO && type != LX_S_IFSOCK)
		return -LX_EINVAL;
	if (is_root && type != LX_S_IFDIR)
		return -LX_EINVAL;
	if (!is_root)
		err = make_entry(u, e);
	return err ? err : set_attrs(u, e);
}

/* pass 2: one entry */
static int date_entry(struct cpio_unpacker *u, const struct cpio_entry *e)
{
	return LX_S_ISDIR(e->f[F_MODE]) ? set_mtime(u, e) : 0;
}

static int unpack_pass(struct cpio_unpacker *u,
		       int (*each)(struct cpio_unpacker *, const struct cpio_entry *))
{
	struct cpio_entry e;
	int err;

	u->off = 0;
	for (;;) {
		err = cpio_next(u, &e);
		if (err)
			return err;
		if (strcmp(e.name, CPIO_TRAILER) == 0)
			return 0;
		err = each(u, &e);
		if (err)
			return err;
	}
}

int cpio_unpack(const struct vfs_ctx *ctx, const void *archive, size_t len)
{
	struct cpio_unpacker u = { .ctx = { ctx->root, ctx->root, ctx->cred }, .a = archive,
				   .len = len };
	int err = unpack_pass(&u, unpack_entry);

	if (!err)
		err = unpack_pass(&u, date_entry);
	links_free(&u);
	return err;
}
