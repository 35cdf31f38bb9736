/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fd.c - file descriptor tables.
 *
 * A table is an array of {file, close-on-exec} grown on demand up to
 * RLIMIT_NOFILE; threads made with CLONE_FILES share one (refs), fork
 * copies it (each file gets one more reference: the open file description
 * is shared, as in Linux).
 */
#include "unixd.h"
#include "fd.h"

#define RLIMIT_NOFILE 7

struct fdtable *fdtable_new(void)
{
	struct fdtable *t = calloc(1, sizeof(*t));
	if (t)
		t->refs = 1;
	return t;
}

static int fdtable_grow(struct fdtable *t, unsigned want)
{
	if (want <= t->size)
		return 0;
	unsigned n = t->size ? t->size : 16;
	while (n < want)
		n *= 2;
	struct fdent *e = realloc(t->ent, n * sizeof(*e));
	if (!e)
		return -LX_ENOMEM;
	memset(e + t->size, 0, (n - t->size) * sizeof(*e));
	t->ent = e;
	t->size = n;
	return 0;
}

struct fdtable *fdtable_copy(const struct fdtable *src)
{
	struct fdtable *t = fdtable_new();
	if (!t || fdtable_grow(t, src->size) < 0) {
		free(t);
		return NULL;
	}
	for (unsigned i = 0; i < src->size; i++) {
		t->ent[i] = src->ent[i];
		if (t->ent[i].f)
			vfs_file_get(t->ent[i].f);
	}
	return t;
}

/* Closing f in table t: t's classic record locks on the file go, whichever
 * descriptor set them (POSIX's rule, which Linux keeps). */
static void fd_release(struct fdtable *t, struct file *f)
{
	if (f->inode && f->inode->locks)
		vfs_lock_release(f->inode, t);
	vfs_close(f);
}

void fdtable_put(struct fdtable *t)
{
	if (!t || --t->refs)
		return;
	for (unsigned i = 0; i < t->size; i++)
		if (t->ent[i].f)
			fd_release(t, t->ent[i].f);
	free(t->ent);
	free(t);
}

static unsigned fd_limit(struct proc *p)
{
	uint64_t l = p->rlim[RLIMIT_NOFILE].cur;
	return l > FD_MAX_HARD ? FD_MAX_HARD : (unsigned)l;
}

int fd_install(struct proc *p, struct file *f, bool cloexec, int min)
{
	struct fdtable *t = p->fds;
	unsigned lim = fd_limit(p);
	for (unsigned i = (unsigned)min; i < lim; i++) {
		if (i >= t->size && fdtable_grow(t, i + 1) < 0)
			return -LX_ENOMEM;
		if (!t->ent[i].f) {
			t->ent[i] = (struct fdent){ f, cloexec };
			return (int)i;
		}
	}
	return -LX_EMFILE;
}

int fd_install_at(struct proc *p, int fd, struct file *f, bool cloexec)
{
	struct fdtable *t = p->fds;
	if (fd < 0 || (unsigned)fd >= fd_limit(p))
		return -LX_EBADF;
	if (fdtable_grow(t, (unsigned)fd + 1) < 0)
		return -LX_ENOMEM;
	struct file *old = t->ent[fd].f;
	t->ent[fd] = (struct fdent){ f, cloexec };
	if (old)
		fd_release(t, old);
	return fd;
}

struct file *fd_file_raw(struct proc *p, int fd)
{
	struct fdtable *t = p->fds;
	return fd >= 0 && (unsigned)fd < t->size ? t->ent[fd].f : NULL;
}

struct file *fd_file(struct proc *p, int fd)
{
	struct file *f = fd_file_raw(p, fd);
	return f && !(f->flags & LX_O_PATH) ? f : NULL;
}

bool fd_valid(struct proc *p, int fd)
{
	return fd_file_raw(p, fd) != NULL;
}

int fd_close(struct proc *p, int fd)
{
	struct file *f = fd_file_raw(p, fd);
	if (!f)
		return -LX_EBADF;
	p->fds->ent[fd].f = NULL;
	fd_release(p->fds, f);
	return 0;
}

void fd_close_on_exec(struct proc *p)
{
	struct fdtable *t = p->fds;
	for (unsigned i = 0; i < t->size; i++)
		if (t->ent[i].f && t->ent[i].cloexec)
			fd_close(p, (int)i);
}

void fd_close_all(struct proc *p)
{
	fdtable_put(p->fds);
	p->fds = NULL;
}

int fd_get_cloexec(struct proc *p, int fd)
{
	return fd_valid(p, fd) ? p->fds->ent[fd].cloexec : -LX_EBADF;
}

int fd_set_cloexec(struct proc *p, int fd, bool on)
{
	if (!fd_valid(p, fd))
		return -LX_EBADF;
	p->fds->ent[fd].cloexec = on;
	return 0;
}
