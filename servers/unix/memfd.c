/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * memfd.c - memfd_create(2): an anonymous regular file, as Linux's memfd on
 * its internal tmpfs.
 *
 * The files live in a private ramfs made at the first call and never
 * mounted, so no path reaches them: each is created under a unique name
 * with the caller's credentials (so fstat shows its owner), mode 0777 as
 * Linux gives, and unlinked at once (nlink 0, as on Linux).  Its data,
 * mmap and fork behaviour are ramfs's.
 *
 * Seals (fcntl F_ADD_SEALS, F_GET_SEALS), as Linux's: the inode's seals
 * (VFS_SEAL_*, fs/vfs.h) are checked by every write and truncation
 * (fs/file.c reg_write, fs/attr.c vfs_inode_truncate, sys_fallocate) and
 * by mmap (mm/sys_mem.c); F_SEAL_WRITE is EBUSY while some process maps the
 * file shared and writable (mm_file_mapped_writable).  A memfd made
 * without MFD_ALLOW_SEALING has F_SEAL_SEAL from the start.  Other files
 * are EINVAL to F_GET_SEALS / F_ADD_SEALS.
 */
#include "unixd.h"
#include "fd.h"
#include "mm/mm.h"

#define MFD_CLOEXEC             1u
#define MFD_ALLOW_SEALING       2u
#define MFD_HUGETLB             4u
#define MFD_NAME_MAX            249     /* NAME_MAX - strlen("memfd:") */
#define LX_F_ADD_SEALS          1033
#define LX_F_GET_SEALS          1034
#define MEMFD_DEV               vfs_mkdev(0, 22)
#define MEMFD_MEM_PAGES         16384   /* 64 MiB, tmpfs's accounting limit */

static struct vfs_sb *memfd_sb;
static unsigned memfd_next;

static int memfd_fs(void)
{
	if (memfd_sb)
		return 0;
	int err = ramfs_new(MEMFD_DEV, 0777, 0, 0, &memfd_sb);
	if (!err)
		ramfs_as_tmpfs(memfd_sb, MEMFD_MEM_PAGES);
	return err;
}

/* A new unlinked file in memfd_sb, owned by p's fs ids. */
static int memfd_file(struct proc *p, struct file **out)
{
	struct vfs_ctx ctx;
	char name[16] = "m";
	size_t len = 1;

	fs_ctx(p, &ctx);
	ctx.root = ctx.cwd = memfd_sb->root;
	for (unsigned v = memfd_next++; ; v /= 16) {     /* unique: "m", hex digits */
		name[len++] = "0123456789abcdef"[v % 16];
		if (v < 16)
			break;
	}
	name[len] = 0;
	int err = vfs_open(&ctx, name, LX_O_RDWR | LX_O_CREAT | LX_O_EXCL, 0777, out);
	if (!err)
		vfs_unlink(&ctx, name);
	return err;
}

long sys_memfd_create(struct uthread *t, const uint64_t *a)
{
	struct proc *p = t->proc;
	unsigned flags = (unsigned)a[1];
	char name[MFD_NAME_MAX + 1];

	if (flags & ~(MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_HUGETLB) || a[1] >> 32)
		return -LX_EINVAL;
	long n = copy_in_str(p, name, a[0], sizeof(name));
	if (n == -LX_ENAMETOOLONG)
		return -LX_EINVAL;
	if (n < 0)
		return n;
	if (flags & MFD_HUGETLB)
		return -LX_EINVAL;      /* no huge pages */
	int err = memfd_fs();
	struct file *f = NULL;
	if (!err)
		err = memfd_file(p, &f);
	if (err)
		return err;
	f->inode->seals = flags & MFD_ALLOW_SEALING ? 0 : VFS_SEAL_SEAL;
	int fd = fd_install(p, f, flags & MFD_CLOEXEC, 0);
	if (fd < 0)
		vfs_close(f);
	return fd;
}

static bool is_memfd(const struct file *f)
{
	return memfd_sb && f->inode && f->inode->sb == memfd_sb;
}

/* fcntl's F_GET_SEALS and F_ADD_SEALS, in Linux's order of checks
 * (memfd_add_seals); -EINVAL for another cmd or file. */
long memfd_fcntl_seals(struct file *f, unsigned cmd, uint64_t seals)
{
	if (cmd == LX_F_GET_SEALS)
		return is_memfd(f) ? (long)f->inode->seals : -LX_EINVAL;
	if (cmd != LX_F_ADD_SEALS)
		return -LX_EINVAL;
	if ((f->flags & LX_O_ACCMODE) == LX_O_RDONLY)
		return -LX_EPERM;
	if (seals & ~(uint64_t)VFS_SEAL_ALL)
		return -LX_EINVAL;
	if (!is_memfd(f))
		return -LX_EINVAL;
	struct inode *ip = f->inode;
	if (ip->seals & VFS_SEAL_SEAL)
		return -LX_EPERM;
	if ((seals & VFS_SEAL_WRITE) && !(ip->seals & VFS_SEAL_WRITE) && mm_file_mapped_writable(ip))
		return -LX_EBUSY;
	ip->seals |= (uint32_t)seals;
	return 0;
}
