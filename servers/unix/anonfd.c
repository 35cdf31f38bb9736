/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * anonfd.c - open files without a name: epoll instances, eventfds, timerfds
 * and signalfds, as Linux's anon_inode files.
 *
 * They all share one inode (mode 0600 and no file type, as Linux's
 * anon_inode_inode shows to fstat), which is never freed: its reference
 * count starts at one.  A file's name ("[eventfd]", with no directory) is
 * what /proc/PID/fd shows after "anon_inode:".  Each file's state is its
 * priv, freed by its release op at the last close.
 */
#include "unixd.h"
#include "fd.h"
#include "event.h"
#include "fsalloc.h"

static const struct inode_ops anon_iops;        /* nothing: no names, no data */
static struct vfs_sb anon_sb = { .fstype = "anon_inodefs", .dev = 14 };  /* 0:14 */
static struct inode anon_inode = { .ops = &anon_iops, .sb = &anon_sb, .ino = 1,
                                   .mode = 0600, .nlink = 1, .refs = 1 };

struct file *anon_file_new(const char *name, const struct file_ops *ops, void *priv, uint32_t flags)
{
	struct file *f = vfs_file_alloc();
	size_t len = strlen(name) + 1;
	if (f && !(f->name = fs_alloc(len))) {
		fs_free(f);
		f = NULL;
	}
	if (!f)
		return NULL;
	memcpy(f->name, name, len);
	f->inode = vfs_iget(&anon_inode);
	f->ops = ops;
	f->flags = flags;
	f->refs = 1;
	f->priv = priv;
	return f;
}

int anon_fd_install(struct proc *p, struct file *f, bool cloexec)
{
	int fd = fd_install(p, f, cloexec, 0);
	if (fd < 0)
		vfs_close(f);
	return fd;
}

int64_t anon_lseek(struct file *f, int64_t off, int whence)
{
	(void)off, (void)whence;
	return (int64_t)f->pos;
}

bool anon_file(struct file *f)
{
	return f->inode == &anon_inode;
}
