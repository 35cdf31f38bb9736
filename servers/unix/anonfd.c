/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * anonfd.c - open files without a name: epoll instances, eventfds, timerfds
 * and signalfds, as Linux's anon_inode files.
 *
 * They all share one inode (mode 0600 and no file type, as Linux's
 * anon_inode_inode shows to fstat), which is never freed: its reference
 * count starts at one.  Each file's state is its priv, freed by its release
 * op at the last close.
 */
#include "unixd.h"
#include "fd.h"
#include "event.h"

static const struct inode_ops anon_iops;        /* nothing: no names, no data */
static struct vfs_sb anon_sb = { .fstype = "anon_inodefs", .dev = 14 };  /* 0:14 */
static struct inode anon_inode = { .ops = &anon_iops, .sb = &anon_sb, .ino = 1,
                                   .mode = 0600, .nlink = 1, .refs = 1 };

struct file *anon_file_new(const struct file_ops *ops, void *priv, uint32_t flags)
{
	struct file *f = vfs_file_alloc();
	if (!f)
		return NULL;
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
