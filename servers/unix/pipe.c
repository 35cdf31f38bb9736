/*
 * pipe.c - pipe2(2) and FIFOs: buffers of bytes between a read end and a
 * write end.
 *
 * As in Linux, a pipe is a ring of page-sized buffers (16 by default:
 * 64 KiB; F_SETPIPE_SZ changes the count), each holding the bytes of one
 * write or of several small writes merged into its page.  A write first
 * merges its last partial page into the newest buffer when it fits there
 * whole, then takes a free buffer per page; with no free buffer it waits
 * (EAGAIN to the file layer, which parks the call unless O_NONBLOCK).  So a
 * write of at most PIPE_BUF bytes goes in whole or not at all, and a read
 * that leaves a buffer partly full does not free it: the pipe can be
 * "full" with fewer than 64 KiB in it, exactly as Linux's is.  A read of an
 * empty pipe with writers is EAGAIN; without writers, end of file.  Writing
 * with no reader is EPIPE (the caller sends SIGPIPE).  Every change wakes
 * the other side's queue.
 */
#include "unixd.h"
#include "pipe.h"
#include "fd.h"
#include "mm/mm.h"

#define PIPE_PAGE     4096u
#define PIPE_SIZE_MAX (1u << 20)

struct pbuf {
	uint8_t *page;
	uint32_t off, len;
};

struct pipe {
	struct pbuf *bufs;              /* ring of nbufs buffers */
	uint8_t *spare;                 /* one emptied page kept for the next write (Linux's tmp_page) */
	uint32_t nbufs, head, count;    /* count buffers in use from head */
	uint32_t len;                   /* bytes in all of them */
	unsigned readers, writers;
	struct urt_list rq, wq;         /* parked reads and writes */
	struct inode ino;               /* what fstat shows: a FIFO */
	/* a FIFO's: its inode in the file system, opens waiting for the other end */
	struct inode *fifo;
	struct urt_link flink;
	unsigned rd_wait, wr_wait;
	struct urt_list openq;
};

static struct urt_list fifos = URT_LIST_INIT;   /* pipes of FIFOs in use */

static const struct file_ops pipe_rd_ops, pipe_wr_ops, pipe_rdwr_ops;

static struct pipe *pipe_of(struct file *f)
{
	return f->ops == &pipe_rd_ops || f->ops == &pipe_wr_ops || f->ops == &pipe_rdwr_ops ?
	       f->priv : NULL;
}

struct urt_list *pipe_wait_queue(struct file *f, bool write)
{
	struct pipe *p = pipe_of(f);
	return p ? (write ? &p->wq : &p->rq) : NULL;
}

static unsigned pipe_poll(struct file *f)
{
	struct pipe *p = pipe_of(f);
	if (f->ops == &pipe_rd_ops || f->ops == &pipe_rdwr_ops)
		return (p->count ? 0x41 : 0) | (p->writers ? 0 : 0x10) |    /* POLLIN|RDNORM, POLLHUP */
		       (f->ops == &pipe_rdwr_ops && p->count < p->nbufs ? 0x104 : 0);
	if (!p->readers)
		return 0x104 | 0x8;     /* POLLOUT | POLLERR: a write would fail at once */
	return p->count < p->nbufs ? 0x104 : 0;
}

int pipe_bytes(struct file *f)
{
	struct pipe *p = pipe_of(f);
	return p ? (int)p->len : 0;
}

long pipe_size(struct file *f)
{
	struct pipe *p = pipe_of(f);
	return p ? (long)p->nbufs * PIPE_PAGE : -LX_EBADF;
}

long pipe_set_size(struct file *f, uint64_t size)
{
	struct pipe *p = pipe_of(f);
	if (!p)
		return -LX_EBADF;
	if (size > (1ull << 31))
		return -LX_EINVAL;      /* Linux's round_pipe_size gives up */
	if (size > PIPE_SIZE_MAX)
		return -LX_EPERM;
	uint32_t n = 1;
	while ((uint64_t)n * PIPE_PAGE < size)
		n <<= 1;
	if (n < p->count)
		return -LX_EBUSY;
	struct pbuf *b = calloc(n, sizeof(*b));
	if (!b)
		return -LX_ENOMEM;
	for (uint32_t i = 0; i < p->count; i++)
		b[i] = p->bufs[(p->head + i) % p->nbufs];
	for (uint32_t i = p->count; i < p->nbufs; i++)
		free(p->bufs[(p->head + i) % p->nbufs].page);
	free(p->bufs);
	p->bufs = b, p->head = 0, p->nbufs = n;
	return (long)n * PIPE_PAGE;
}

static int64_t pipe_read(struct file *f, void *buf, size_t n, uint64_t *pos)
{
	(void)pos;
	struct pipe *p = f->priv;
	if (!p->count)
		return p->writers ? -LX_EAGAIN : 0;
	bool was_full = p->count == p->nbufs;
	size_t done = 0;
	while (done < n && p->count) {
		struct pbuf *b = &p->bufs[p->head];
		uint32_t c = n - done < b->len ? (uint32_t)(n - done) : b->len;
		memcpy((uint8_t *)buf + done, b->page + b->off, c);
		b->off += c, b->len -= c, p->len -= c;
		done += c;
		if (!b->len) {
			/* an emptied page goes, but one is kept for the next write */
			if (!p->spare)
				p->spare = b->page;
			else
				free(b->page);
			b->page = NULL;
			b->off = 0;
			p->head = (p->head + 1) % p->nbufs;
			p->count--;
		}
	}
	if (was_full)
		wake_all(&p->wq);       /* only then can a writer be waiting (and an EPOLLET writer's edge) */
	return (int64_t)done;
}

/* Copy n bytes into a new buffer; false without a free slot or memory. */
static bool pipe_push(struct pipe *p, const uint8_t *src, uint32_t n)
{
	if (p->count == p->nbufs)
		return false;
	struct pbuf *b = &p->bufs[(p->head + p->count) % p->nbufs];
	if (!b->page) {
		b->page = p->spare ? p->spare : malloc(PIPE_PAGE);
		p->spare = NULL;
		if (!b->page)
			return false;
	}
	memcpy(b->page, src, n);
	b->off = 0, b->len = n;
	p->count++;
	p->len += n;
	return true;
}

static int64_t pipe_write(struct file *f, const void *buf, size_t n, uint64_t *pos)
{
	(void)pos;
	struct pipe *p = f->priv;
	const uint8_t *src = buf;
	size_t done = 0;
	if (!p->readers)
		return -LX_EPIPE;
	if (!n)
		return 0;
	uint32_t chars = (uint32_t)(n & (PIPE_PAGE - 1));
	if (chars && p->count) {
		struct pbuf *last = &p->bufs[(p->head + p->count - 1) % p->nbufs];
		if (last->off + last->len + chars <= PIPE_PAGE) {
			memcpy(last->page + last->off + last->len, src, chars);
			last->len += chars, p->len += chars;
			done = chars;
		}
	}
	while (done < n) {
		uint32_t c = n - done < PIPE_PAGE ? (uint32_t)(n - done) : PIPE_PAGE;
		if (!pipe_push(p, src + done, c))
			break;
		done += c;
	}
	if (done)
		wake_all(&p->rq);
	return done ? (int64_t)done : -LX_EAGAIN;
}

/* The last end is closed and the last reference to the inode gone. */
static void pipe_free(struct pipe *p)
{
	if (p->readers || p->writers || p->ino.refs || p->rd_wait || p->wr_wait)
		return;
	if (p->fifo)
		urt_list_remove(&fifos, &p->flink);
	for (uint32_t i = 0; i < p->nbufs; i++)
		free(p->bufs[i].page);
	free(p->spare);
	free(p->bufs);
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

static void pipe_rdwr_release(struct file *f)
{
	struct pipe *p = f->priv;
	p->readers--, p->writers--;
	wake_all(&p->rq);
	wake_all(&p->wq);
	pipe_free(p);
}

static const struct file_ops pipe_rd_ops = { .read = pipe_read, .release = pipe_rd_release,
                                             .poll = pipe_poll, .wait_queue = pipe_wait_queue };
static const struct file_ops pipe_wr_ops = { .write = pipe_write, .release = pipe_wr_release,
                                             .poll = pipe_poll, .wait_queue = pipe_wait_queue };
static const struct file_ops pipe_rdwr_ops = { .read = pipe_read, .write = pipe_write,
                                               .release = pipe_rdwr_release,
                                               .poll = pipe_poll, .wait_queue = pipe_wait_queue };

static void pipe_evict(struct inode *ip)
{
	/* the inode lives inside its struct pipe: it goes with the pipe */
	pipe_free((struct pipe *)((char *)ip - offsetof(struct pipe, ino)));
}

static const struct inode_ops pipe_inode_ops = { .evict = pipe_evict };
static struct vfs_sb pipe_sb;

/* A pipe opened again through its own inode (/proc/PID/fd/N, /dev/stdin): one
 * more end of the same pipe.  Unlike Linux's fifo_open it never waits for the
 * other end (a reader alone reads end of file); a writer alone is ENXIO. */
/* The opened file f becomes an end of p: a reader, a writer or both, by acc. */
static void end_attach(struct file *f, struct pipe *p, uint32_t acc)
{
	if (acc != LX_O_WRONLY)
		p->readers++;
	if (acc != LX_O_RDONLY)
		p->writers++;
	f->ops = acc == LX_O_RDONLY ? &pipe_rd_ops : acc == LX_O_WRONLY ? &pipe_wr_ops : &pipe_rdwr_ops;
	f->priv = p;
}

static int pipe_reopen(struct file *f)
{
	struct pipe *p = (struct pipe *)((char *)f->inode - offsetof(struct pipe, ino));
	uint32_t acc = f->flags & LX_O_ACCMODE;

	if (acc == LX_O_WRONLY && !p->readers)
		return -LX_ENXIO;
	end_attach(f, p, acc);
	return 0;
}

static const struct file_ops pipe_reopen_ops = { .open = pipe_reopen };

static struct pipe *pipe_new(const struct vfs_cred *cred)
{
	struct pipe *p = calloc(1, sizeof(*p));
	if (p && !(p->bufs = calloc(PIPE_SIZE_DEFAULT / PIPE_PAGE, sizeof(struct pbuf)))) {
		free(p);
		return NULL;
	}
	if (!p)
		return NULL;
	p->nbufs = PIPE_SIZE_DEFAULT / PIPE_PAGE;
	urt_list_init(&p->rq);
	urt_list_init(&p->wq);
	urt_list_init(&p->openq);
	p->ino = (struct inode){ .ops = &pipe_inode_ops, .fops = &pipe_reopen_ops, .sb = &pipe_sb,
	                         .ino = (uintptr_t)p >> 4,
	                         .mode = LX_S_IFIFO | 0600, .nlink = 1, .refs = 0,
	                         .uid = cred->euid, .gid = cred->egid };
	return p;
}

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
	struct pipe *p = pipe_new(&t->proc->cred);
	if (!p)
		return -LX_ENOMEM;
	p->readers = p->writers = 1;
	uint32_t fl = (uint32_t)flags & LX_O_NONBLOCK;
	struct file *r = pipe_file(p, &pipe_rd_ops, LX_O_RDONLY | fl);
	struct file *w = pipe_file(p, &pipe_wr_ops, LX_O_WRONLY | fl);
	if (!r || !w) {
		free(r);
		free(w);
		p->readers = p->writers = p->ino.refs = 0;
		pipe_free(p);
		return -LX_ENOMEM;
	}
	bool cloexec = flags & LX_O_CLOEXEC;
	int fds[2] = { fd_install(t->proc, r, cloexec, 0), -1 };
	if (fds[0] < 0) {
		vfs_close(r);
		vfs_close(w);
		return fds[0];
	}
	if ((fds[1] = fd_install(t->proc, w, cloexec, 0)) < 0) {
		fd_close(t->proc, fds[0]);
		vfs_close(w);
		return fds[1];
	}
	if (copy_out(t->proc, a[0], fds, sizeof(fds))) {
		fd_close(t->proc, fds[0]);
		fd_close(t->proc, fds[1]);
		return -LX_EFAULT;
	}
	return 0;
}

long sys_pipe(struct uthread *t, const uint64_t *a)
{
	uint64_t b[2] = { a[0], 0 };
	return sys_pipe2(t, b);
}

/* ---- FIFOs: a pipe per FIFO inode while it is open ---- */

struct urt_list *fifo_open_queue;       /* set by fifo_open when an open must wait */
static struct pipe *fifo_waiting;
static bool fifo_waiting_reader;

/* A FIFO's pipe, made at its first open; for the inode of an anonymous pipe
 * (opened again through /proc/self/fd/N: bash's <(...)), that pipe itself. */
static struct pipe *fifo_pipe(struct inode *ip)
{
	if (ip->sb == &pipe_sb)
		return (struct pipe *)((char *)ip - offsetof(struct pipe, ino));
	urt_list_foreach(p, &fifos, struct pipe, flink)
		if (p->fifo == ip)
			return p;
	struct pipe *p = pipe_new(&(struct vfs_cred){ .euid = ip->uid, .egid = ip->gid });
	if (p) {
		p->fifo = ip;
		urt_list_push_back(&fifos, &p->flink);
	}
	return p;
}

/* The opened file becomes an end of p. */
static int fifo_attach(struct file *f, struct pipe *p, uint32_t acc)
{
	end_attach(f, p, acc);
	wake_all(&p->openq);
	return 0;
}

/* open(2) of a FIFO, as Linux's fifo_open: a read end waits for a writer
 * (unless O_NONBLOCK), a write end for a reader (O_NONBLOCK: ENXIO); a
 * read-write end never waits.  An end waiting in open counts for the other
 * end's check.  To wait, it returns EAGAIN with fifo_open_queue set.  An
 * anonymous pipe opened again never waits nor fails (Linux's is_pipe). */
static int fifo_open(struct file *f)
{
	struct pipe *p = fifo_pipe(f->inode);
	uint32_t acc = f->flags & LX_O_ACCMODE;
	bool nb = f->flags & LX_O_NONBLOCK;
	if (!p)
		return -LX_ENOMEM;
	fifo_open_queue = NULL;
	if (!p->fifo)
		return fifo_attach(f, p, acc);
	if (acc == LX_O_WRONLY && !p->readers && !p->rd_wait && nb) {
		pipe_free(p);
		return -LX_ENXIO;
	}
	if ((acc == LX_O_RDONLY && !nb && !p->writers && !p->wr_wait) ||
	    (acc == LX_O_WRONLY && !p->readers && !p->rd_wait)) {
		fifo_open_queue = &p->openq;
		fifo_waiting = p;
		fifo_waiting_reader = acc == LX_O_RDONLY;
		return -LX_EAGAIN;
	}
	return fifo_attach(f, p, acc);
}

static const struct file_ops fifo_ops = { .open = fifo_open };

/* The waiting end of a FIFO stops counting (its open runs again or ends). */
static void fifo_unwait(struct uthread *t)
{
	struct pipe *p = (struct pipe *)(uintptr_t)t->park.data[1];
	if (!p)
		return;
	if (t->park.data[0])
		p->rd_wait--;
	else
		p->wr_wait--;
	t->park.data[1] = 0;
	t->park.cleanup = NULL;
	pipe_free(p);
}

long fifo_open_wait(struct uthread *t)
{
	struct pipe *p = fifo_waiting;
	if (!p || !fifo_open_queue)
		return -LX_EAGAIN;
	if (fifo_waiting_reader)
		p->rd_wait++;
	else
		p->wr_wait++;
	wake_all(&p->openq);            /* the other end may be waiting for us */
	long r = park(t, fifo_open_queue, UINT64_MAX);
	t->park.data[0] = fifo_waiting_reader;
	t->park.data[1] = (uintptr_t)p;
	t->park.cleanup = fifo_unwait;
	fifo_open_queue = NULL;
	return r;
}

void fifo_open_again(struct uthread *t)
{
	fifo_unwait(t);
}

int pipe_init(void)
{
	pipe_sb.dev = vfs_mkdev(0, 12);
	vfs_fifo_register(&fifo_ops);
	return 0;
}
