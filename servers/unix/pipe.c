/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pipe.c - pipe2(2) and FIFOs: a ring of bytes between a read end and a
 * write end.
 *
 * The ring holds 64 KiB by default (F_SETPIPE_SZ changes it, up to 1 MiB);
 * its memory is allocated on the first write.  A read of an empty pipe
 * with writers is EAGAIN to the file layer, which parks the call on the
 * pipe's readers queue unless O_NONBLOCK; with no writers it is end of
 * file.  A write of at most PIPE_BUF bytes goes in whole or not at all;
 * a larger one moves what fits.  Writing with no reader is EPIPE (the
 * caller sends SIGPIPE).  Every change wakes the other side's queue.
 */
#include "unixd.h"
#include "pipe.h"
#include "fd.h"
#include "mm/mm.h"

#define PIPE_SIZE_MAX (1u << 20)

struct pipe {
	uint8_t *buf;
	uint32_t size, head, len;       /* ring: len bytes from head */
	unsigned readers, writers;
	struct urt_list rq, wq;         /* parked reads and writes */
	struct inode ino;               /* what fstat shows: a FIFO */
};

static const struct file_ops pipe_rd_ops, pipe_wr_ops;

static struct pipe *pipe_of(struct file *f)
{
	return f->ops == &pipe_rd_ops || f->ops == &pipe_wr_ops ? f->priv : NULL;
}

struct urt_list *pipe_wait_queue(struct file *f, bool write)
{
	struct pipe *p = pipe_of(f);
	return p ? (write ? &p->wq : &p->rq) : NULL;
}

int pipe_poll(struct file *f)
{
	struct pipe *p = pipe_of(f);
	if (!p)
		return -1;
	if (f->ops == &pipe_rd_ops)
		return (p->len ? 0x41 : 0) | (p->writers ? 0 : 0x10);     /* POLLIN|RDNORM, POLLHUP */
	if (!p->readers)
		return 0x104 | 0x8;     /* POLLOUT | POLLERR: a write would fail at once */
	return p->size - p->len >= PIPE_BUF_ATOMIC ? 0x104 : 0;
}

int pipe_bytes(struct file *f)
{
	struct pipe *p = pipe_of(f);
	return p ? (int)p->len : 0;
}

long pipe_size(struct file *f)
{
	struct pipe *p = pipe_of(f);
	return p ? (long)p->size : -LX_EBADF;
}

long pipe_set_size(struct file *f, uint64_t size)
{
	struct pipe *p = pipe_of(f);
	if (!p)
		return -LX_EBADF;
	if (size > PIPE_SIZE_MAX)
		return -LX_EPERM;
	uint32_t n = 4096;
	while (n < size)
		n <<= 1;
	if (n < p->len)
		return -LX_EBUSY;
	uint8_t *b = malloc(n);
	if (!b)
		return -LX_ENOMEM;
	for (uint32_t i = 0; i < p->len; i++)
		b[i] = p->buf[(p->head + i) % p->size];
	free(p->buf);
	p->buf = b, p->head = 0, p->size = n;
	return n;
}

static int64_t pipe_read(struct file *f, void *buf, size_t n, uint64_t *pos)
{
	(void)pos;
	struct pipe *p = f->priv;
	if (!p->len)
		return p->writers ? -LX_EAGAIN : 0;
	size_t c = n < p->len ? n : p->len;
	for (size_t i = 0; i < c;) {
		size_t run = p->size - p->head < c - i ? p->size - p->head : c - i;
		memcpy((uint8_t *)buf + i, p->buf + p->head, run);
		p->head = (p->head + (uint32_t)run) % p->size;
		i += run;
	}
	p->len -= (uint32_t)c;
	wake_all(&p->wq);
	return (int64_t)c;
}

static int64_t pipe_write(struct file *f, const void *buf, size_t n, uint64_t *pos)
{
	(void)pos;
	struct pipe *p = f->priv;
	if (!p->readers)
		return -LX_EPIPE;
	if (!p->buf && !(p->buf = malloc(p->size)))
		return -LX_ENOMEM;
	size_t room = p->size - p->len;
	if (!room || (n <= PIPE_BUF_ATOMIC && room < n))
		return -LX_EAGAIN;
	size_t c = n < room ? n : room;
	for (size_t i = 0; i < c;) {
		uint32_t tail = (p->head + p->len) % p->size;
		size_t run = p->size - tail < c - i ? p->size - tail : c - i;
		memcpy(p->buf + tail, (const uint8_t *)buf + i, run);
		p->len += (uint32_t)run;
		i += run;
	}
	wake_all(&p->rq);
	return (int64_t)c;
}

static void pipe_free(struct pipe *p)
{
	if (p->readers || p->writers)
		return;
	free(p->buf);
	free(p);
}

static void pipe_rd_release(struct file *f)
{
	struct pipe *p = f->priv;
	p->readers--;
	wake_all(&p->wq);
	pipe_free(p);
}

static void pipe_wr_release(struct file *f)
{
	struct pipe *p = f->priv;
	p->writers--;
	wake_all(&p->rq);
	pipe_free(p);
}

static const struct file_ops pipe_rd_ops = { .read = pipe_read, .release = pipe_rd_release };
static const struct file_ops pipe_wr_ops = { .write = pipe_write, .release = pipe_wr_release };

static void pipe_evict(struct inode *ip)
{
	(void)ip;       /* the inode lives inside its struct pipe */
}

static const struct inode_ops pipe_inode_ops = { .evict = pipe_evict };
static struct vfs_sb pipe_sb;

static struct file *pipe_file(struct pipe *p, const struct file_ops *ops, uint32_t flags)
{
	struct file *f = calloc(1, sizeof(*f));
	if (!f)
		return NULL;
	f->inode = vfs_iget(&p->ino);
	f->ops = ops;
	f->flags = flags;
	f->refs = 1;
	f->priv = p;
	return f;
}

long sys_pipe2(struct uthread *t, const uint64_t *a)
{
	uint64_t flags = a[1];
	if (flags & ~(uint64_t)(LX_O_CLOEXEC | LX_O_NONBLOCK | LX_O_DIRECT))
		return -LX_EINVAL;
	struct pipe *p = calloc(1, sizeof(*p));
	if (!p)
		return -LX_ENOMEM;
	p->size = PIPE_SIZE_DEFAULT;
	p->readers = p->writers = 1;
	urt_list_init(&p->rq);
	urt_list_init(&p->wq);
	p->ino = (struct inode){ .ops = &pipe_inode_ops, .sb = &pipe_sb, .ino = (uintptr_t)p >> 4,
	                         .mode = LX_S_IFIFO | 0600, .nlink = 1, .refs = 1,
	                         .uid = t->proc->cred.euid, .gid = t->proc->cred.egid };
	uint32_t fl = (uint32_t)flags & LX_O_NONBLOCK;
	struct file *r = pipe_file(p, &pipe_rd_ops, LX_O_RDONLY | fl);
	struct file *w = pipe_file(p, &pipe_wr_ops, LX_O_WRONLY | fl);
	int fds[2] = { -1, -1 };
	if (r && w) {
		fds[0] = fd_install(t->proc, r, flags & LX_O_CLOEXEC, 0);
		if (fds[0] >= 0)
			fds[1] = fd_install(t->proc, w, flags & LX_O_CLOEXEC, 0);
	}
	if (fds[1] < 0 || copy_out(t->proc, a[0], fds, sizeof(fds))) {
		int err = !r || !w ? -LX_ENOMEM : fds[0] < 0 ? fds[0] : fds[1] < 0 ? fds[1] : -LX_EFAULT;
		if (fds[0] >= 0)
			fd_close(t->proc, fds[0]);
		else if (r)
			vfs_close(r);
		if (fds[1] >= 0)
			fd_close(t->proc, fds[1]);
		else if (w)
			vfs_close(w);
		if (!r || !w) {
			p->readers = !!r * 0, p->writers = 0;
			pipe_free(p);
		}
		return err;
	}
	return 0;
}

long sys_pipe(struct uthread *t, const uint64_t *a)
{
	uint64_t b[2] = { a[0], 0 };
	return sys_pipe2(t, b);
}

int pipe_init(void)
{
	pipe_sb.dev = vfs_mkdev(0, 12);
	return 0;
}
