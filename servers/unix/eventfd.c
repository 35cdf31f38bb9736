/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * eventfd.c - eventfd, eventfd2: a 64-bit counter as a file, as Linux's
 * fs/eventfd.c.
 *
 * A read takes the whole count (EFD_SEMAPHORE: one) and gives it as 8
 * bytes; with the count at 0 it waits (EAGAIN to the file layer, which parks
 * the call on the read queue unless O_NONBLOCK).  A write adds its 8-byte
 * value; one that would bring the count to 2^64-1 waits for a read, and the
 * value 2^64-1 itself is EINVAL.  Fewer than 8 bytes is EINVAL; of more,
 * the first 8 are the value and the write returns 8 (sys_fs.c's write loop
 * stops there: eventfd_file).  A read
 * wakes the write queue, a write the read queue (even a write of 0, as
 * Linux: an edge for EPOLLET), so readiness follows through poll and epoll:
 * EPOLLIN while the count is above 0, EPOLLOUT while a write of 1 fits.
 */
#include "unixd.h"
#include "event.h"

#define EFD_SEMAPHORE 1
#define EFD_FLAGS     (EFD_SEMAPHORE | LX_O_CLOEXEC | LX_O_NONBLOCK)
#define EFD_MAX       UINT64_MAX

struct eventfd {
	uint64_t count;
	bool semaphore;
	struct urt_list rq, wq;         /* reads waiting for a count, writes for room */
};

static int64_t eventfd_read(struct file *f, void *buf, size_t n, uint64_t *pos)
{
	(void)pos;
	struct eventfd *e = f->priv;
	if (n < sizeof(uint64_t))
		return -LX_EINVAL;
	if (!e->count)
		return -LX_EAGAIN;
	uint64_t v = e->semaphore ? 1 : e->count;
	e->count -= v;
	memcpy(buf, &v, sizeof(v));
	wake_all(&e->wq);
	return sizeof(v);
}

static int64_t eventfd_write(struct file *f, const void *buf, size_t n, uint64_t *pos)
{
	(void)pos;
	struct eventfd *e = f->priv;
	uint64_t v;
	if (n < sizeof(v))
		return -LX_EINVAL;
	memcpy(&v, buf, sizeof(v));
	if (v == EFD_MAX)
		return -LX_EINVAL;
	if (EFD_MAX - e->count <= v)
		return -LX_EAGAIN;
	e->count += v;
	wake_all(&e->rq);
	return sizeof(v);
}

static unsigned eventfd_poll(struct file *f)
{
	struct eventfd *e = f->priv;
	return (e->count ? LX_POLLIN : 0) | (e->count == EFD_MAX ? LX_POLLERR : 0) |
	       (EFD_MAX - 1 > e->count ? LX_POLLOUT : 0);
}

static struct urt_list *eventfd_queue(struct file *f, bool write)
{
	struct eventfd *e = f->priv;
	return write ? &e->wq : &e->rq;
}

static void eventfd_release(struct file *f)
{
	struct eventfd *e = f->priv;
	wake_all(&e->rq);       /* a thread of another process may wait on it: it looks again */
	wake_all(&e->wq);
	free(e);
}

static const struct file_ops eventfd_fops = { .read = eventfd_read, .write = eventfd_write,
                                              .lseek = anon_lseek, .poll = eventfd_poll,
                                              .wait_queue = eventfd_queue,
                                              .release = eventfd_release };

bool eventfd_file(struct file *f)
{
	return f->ops == &eventfd_fops;
}

long sys_eventfd2(struct uthread *t, const uint64_t *a)
{
	uint32_t flags = (uint32_t)a[1];
	if ((int)flags & ~EFD_FLAGS)
		return -LX_EINVAL;
	struct eventfd *e = calloc(1, sizeof(*e));
	uint32_t fl = LX_O_RDWR | (flags & LX_O_NONBLOCK);
	struct file *f = e ? anon_file_new("[eventfd]", &eventfd_fops, e, fl) : NULL;
	if (!f) {
		free(e);
		return -LX_ENOMEM;
	}
	e->count = (uint32_t)a[0];      /* an unsigned int in Linux's call */
	e->semaphore = flags & EFD_SEMAPHORE;
	return anon_fd_install(t->proc, f, flags & LX_O_CLOEXEC);
}

long sys_eventfd(struct uthread *t, const uint64_t *a)
{
	uint64_t b[2] = { a[0], 0 };
	return sys_eventfd2(t, b);
}
