/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * net/sys_net.c - the socket system calls (AF_UNIX only: usock.c).
 *
 * Each handler decodes first: the descriptor (EBADF, ENOTSOCK), the
 * address (EINVAL outside 2..110 bytes or not AF_UNIX), the iovecs
 * (EINVAL, EMSGSIZE past UIO_MAXIOV), the control messages (SCM_RIGHTS:
 * every descriptor valid, at most 253; SCM_CREDENTIALS: the caller's own
 * ids unless root, else EPERM); then calls usock.c.  A call that would
 * wait parks on the socket's queue (usock_queue) unless O_NONBLOCK or
 * MSG_DONTWAIT, and runs again from its arguments when woken; a stream
 * send that moved part of its bytes keeps the count in park.data[0].
 * Other families: EAFNOSUPPORT.
 */
#include "unixd.h"
#include "fd.h"
#include "signal.h"
#include "mm/mm.h"
#include "usock.h"

#define LX_SOL_SOCKET      1
#define LX_SCM_RIGHTS      1
#define LX_SCM_CREDENTIALS 2
#define LX_SOCK_RAW        3
#define UIO_MAXIOV         1024
#define LX_RLIMIT_NOFILE   7
#define OPTMEM_MAX         20480        /* net.core.optmem_max: control bytes */
#define SEND_CHUNK         (64u << 10)  /* a stream send gathers this much at a time */
#define RECV_MAX           (512u << 10) /* more than any datagram can hold */
#define CMSG_HDR           16
#define CMSG_ALIGN(n)      (((n) + 7) & ~(uint64_t)7)

struct lx_iovec {
	uint64_t base, len;
};

struct lx_msghdr {
	uint64_t name;
	uint32_t namelen, pad;
	uint64_t iov, iovlen, control, controllen;
	int32_t flags, pad2;
};
_Static_assert(sizeof(struct lx_msghdr) == 56, "struct msghdr of x86-64 Linux");

struct lx_cmsghdr {
	uint64_t len;
	int32_t level, type;
};

/* The user's buffers of one call. */
struct uvec {
	struct lx_iovec *iov;
	unsigned n;
	uint64_t total;
	struct lx_iovec one;
};

static struct usock *sock_fd(struct proc *p, int fd, struct file **fp)
{
	struct file *f = fd_file(p, fd);
	if (fp)
		*fp = f;
	return usock_of(f);
}

/* -EBADF or -ENOTSOCK for a descriptor that is no socket. */
static int not_sock(struct proc *p, int fd)
{
	return fd_file(p, fd) ? -LX_ENOTSOCK : -LX_EBADF;
}

static struct usock_cred cred_me(struct proc *p)
{
	return (struct usock_cred){ p->pid, p->cred.uid, p->cred.gid };
}

/* Park t on s's queue until woken or the socket's timeout (SO_RCVTIMEO,
 * SO_SNDTIMEO) from the call's first run, kept in park.data[1]; false
 * (do not park: EAGAIN to the caller) when that time has come. */
static bool park_sock(struct uthread *t, struct usock *s, bool send, long *ret)
{
	uint64_t timeo = usock_timeout(s, send), deadline = UINT64_MAX;
	if (t->park.wake_reason == PARK_TIMEOUT)
		return false;
	if (timeo) {
		if (t->park.wake_reason == PARK_NONE)
			t->park.data[1] = unix_now_ns() + timeo;
		deadline = t->park.data[1];
	}
	*ret = park(t, usock_queue(s, send), deadline);
	return true;
}

/* ---- addresses ---- */

static int addr_in(struct proc *p, uint64_t uaddr, uint64_t len, struct usock_addr *a)
{
	if (len < 2 || len > USOCK_ADDR_MAX)
		return -LX_EINVAL;
	memset(a, 0, sizeof(*a));
	if (copy_in(p, a->bytes, uaddr, len))
		return -LX_EFAULT;
	a->len = (uint32_t)len;
	return a->bytes[0] == LX_AF_UNIX && a->bytes[1] == 0 ? 0 : -LX_EINVAL;
}

/* Linux's move_addr_to_user: min(*ulen, len) bytes out, *ulen = len. */
static int addr_out(struct proc *p, const struct usock_addr *a, uint64_t uaddr, uint64_t ulen)
{
	if (!uaddr || !ulen)
		return 0;
	int32_t have;
	if (copy_in(p, &have, ulen, sizeof(have)))
		return -LX_EFAULT;
	if (have < 0)
		return -LX_EINVAL;
	uint32_t n = (uint32_t)have < a->len ? (uint32_t)have : a->len;
	if (n && copy_out(p, uaddr, a->bytes, n))
		return -LX_EFAULT;
	int32_t len = (int32_t)a->len;
	return copy_out(p, ulen, &len, sizeof(len)) ? -LX_EFAULT : 0;
}

/* ---- socket, socketpair ---- */

/* The type and flags of socket(2); -errno for what Linux refuses. */
static int type_decode(int domain, uint64_t type, int protocol, int *t, uint32_t *flags)
{
	if (domain != LX_AF_UNIX)
		return -LX_EAFNOSUPPORT;
	*flags = (uint32_t)type & (LX_SOCK_NONBLOCK | LX_SOCK_CLOEXEC);
	*t = (int)(type & ~(uint64_t)*flags);
	if (*t & ~0xf)
		return -LX_EINVAL;
	if (protocol && protocol != LX_AF_UNIX)
		return -LX_EPROTONOSUPPORT;
	if (*t == LX_SOCK_RAW)
		*t = LX_SOCK_DGRAM;
	if (*t != LX_SOCK_STREAM && *t != LX_SOCK_DGRAM && *t != LX_SOCK_SEQPACKET)
		return -LX_ESOCKTNOSUPPORT;
	return 0;
}

long sys_socket(struct uthread *t, const uint64_t *a)
{
	int type;
	uint32_t flags;
	int err = type_decode((int)a[0], a[1], (int)a[2], &type, &flags);
	struct file *f;
	if (!err)
		err = usock_create(type, &t->proc->cred, flags, &f);
	if (err)
		return err;
	int fd = fd_install(t->proc, f, flags & LX_SOCK_CLOEXEC, 0);
	if (fd < 0)
		vfs_close(f);
	return fd;
}

long sys_socketpair(struct uthread *t, const uint64_t *a)
{
	struct proc *p = t->proc;
	int type;
	uint32_t flags;
	int err = type_decode((int)a[0], a[1], (int)a[2], &type, &flags);
	struct file *f0, *f1;
	if (!err)
		err = usock_pair(type, &p->cred, p->pid, flags, &f0, &f1);
	if (err)
		return err;
	bool cloexec = flags & LX_SOCK_CLOEXEC;
	int fds[2] = { fd_install(p, f0, cloexec, 0), -1 };
	if (fds[0] < 0) {
		vfs_close(f0);
		vfs_close(f1);
		return fds[0];
	}
	if ((fds[1] = fd_install(p, f1, cloexec, 0)) < 0) {
		fd_close(p, fds[0]);
		vfs_close(f1);
		return fds[1];
	}
	if (copy_out(p, a[3], fds, sizeof(fds))) {
		fd_close(p, fds[0]);
		fd_close(p, fds[1]);
		return -LX_EFAULT;
	}
	return 0;
}

/* ---- names and connections ---- */

long sys_bind(struct uthread *t, const uint64_t *a)
{
	struct proc *p = t->proc;
	struct usock *s = sock_fd(p, (int)a[0], NULL);
	if (!s)
		return not_sock(p, (int)a[0]);
	struct usock_addr addr;
	int err = addr_in(p, a[1], a[2], &addr);
	if (err)
		return err;
	struct vfs_ctx ctx;
	fs_ctx(p, &ctx);
	return usock_bind(s, &ctx, &addr, 0777 & ~p->fs->umask);
}

long sys_connect(struct uthread *t, const uint64_t *a)
{
	struct proc *p = t->proc;
	struct file *f;
	struct usock *s = sock_fd(p, (int)a[0], &f);
	if (!s)
		return not_sock(p, (int)a[0]);
	uint16_t family = 0;
	if (a[2] >= 2 && copy_in(p, &family, a[1], sizeof(family)))
		return -LX_EFAULT;
	if (family == 0 && a[2] >= 2 && usock_type(s) == LX_SOCK_DGRAM)
		return usock_disconnect(s);     /* AF_UNSPEC */
	struct usock_addr addr;
	int err = addr_in(p, a[1], a[2], &addr);
	if (!err && addr.len == 2)
		err = -LX_EINVAL;
	if (err)
		return err;
	struct vfs_ctx ctx;
	fs_ctx(p, &ctx);
	err = usock_connect(s, &ctx, &addr, p->pid);
	long pr;
	if (err == -LX_EAGAIN && !(f->flags & LX_O_NONBLOCK) && park_sock(t, s, true, &pr))
		return pr;
	return err;
}

long sys_listen(struct uthread *t, const uint64_t *a)
{
	struct proc *p = t->proc;
	struct usock *s = sock_fd(p, (int)a[0], NULL);
	if (!s)
		return not_sock(p, (int)a[0]);
	return usock_listen(s, (int)a[1], p->pid, &p->cred);
}

static long do_accept(struct uthread *t, int fd, uint64_t uaddr, uint64_t ulen, uint64_t flags)
{
	struct proc *p = t->proc;
	if (flags & ~(uint64_t)(LX_SOCK_NONBLOCK | LX_SOCK_CLOEXEC))
		return -LX_EINVAL;
	struct file *f, *nf;
	struct usock *s = sock_fd(p, fd, &f);
	if (!s)
		return not_sock(p, fd);
	int err = usock_accept(s, (uint32_t)flags, &nf);
	long pr;
	if (err == -LX_EAGAIN && !(f->flags & LX_O_NONBLOCK) && park_sock(t, s, false, &pr))
		return pr;
	if (err)
		return err;
	int nfd = fd_install(p, nf, flags & LX_SOCK_CLOEXEC, 0);
	if (nfd < 0) {
		vfs_close(nf);
		return nfd;
	}
	struct usock_addr peer;
	if (usock_peer_name(usock_of(nf), &peer))
		usock_name(usock_of(nf), &peer);
	err = addr_out(p, &peer, uaddr, ulen);
	if (err) {
		fd_close(p, nfd);
		return err;
	}
	return nfd;
}

long sys_accept(struct uthread *t, const uint64_t *a)
{
	return do_accept(t, (int)a[0], a[1], a[2], 0);
}

long sys_accept4(struct uthread *t, const uint64_t *a)
{
	return do_accept(t, (int)a[0], a[1], a[2], a[3]);
}

static long name_call(struct uthread *t, const uint64_t *a, bool peer)
{
	struct proc *p = t->proc;
	struct usock *s = sock_fd(p, (int)a[0], NULL);
	if (!s)
		return not_sock(p, (int)a[0]);
	struct usock_addr addr;
	if (!peer)
		usock_name(s, &addr);
	else {
		int err = usock_peer_name(s, &addr);
		if (err)
			return err;
	}
	if (!a[2])
		return -LX_EFAULT;
	return addr_out(p, &addr, a[1], a[2]);
}

long sys_getsockname(struct uthread *t, const uint64_t *a)
{
	return name_call(t, a, false);
}

long sys_getpeername(struct uthread *t, const uint64_t *a)
{
	return name_call(t, a, true);
}

long sys_shutdown(struct uthread *t, const uint64_t *a)
{
	struct usock *s = sock_fd(t->proc, (int)a[0], NULL);
	if (!s)
		return not_sock(t->proc, (int)a[0]);
	return usock_shutdown(s, (int)a[1]);
}

/* ---- options ---- */

long sys_getsockopt(struct uthread *t, const uint64_t *a)
{
	struct proc *p = t->proc;
	struct usock *s = sock_fd(p, (int)a[0], NULL);
	if (!s)
		return not_sock(p, (int)a[0]);
	int32_t len;
	if (copy_in(p, &len, a[4], sizeof(len)))
		return -LX_EFAULT;
	if (len < 0)
		return -LX_EINVAL;
	uint8_t val[16];
	uint32_t n = (uint32_t)len < sizeof(val) ? (uint32_t)len : sizeof(val);
	int err = usock_getopt(s, (int)a[1], (int)a[2], val, &n);
	if (err)
		return err;
	len = (int32_t)n;
	if ((n && copy_out(p, a[3], val, n)) || copy_out(p, a[4], &len, sizeof(len)))
		return -LX_EFAULT;
	return 0;
}

long sys_setsockopt(struct uthread *t, const uint64_t *a)
{
	struct proc *p = t->proc;
	struct usock *s = sock_fd(p, (int)a[0], NULL);
	if (!s)
		return not_sock(p, (int)a[0]);
	int32_t len = (int32_t)a[4];
	if (len < 0)
		return -LX_EINVAL;
	uint8_t val[16] = { 0 };
	uint32_t n = (uint32_t)len < sizeof(val) ? (uint32_t)len : sizeof(val);
	if ((int)a[1] == LX_SOL_SOCKET && n >= sizeof(int) && copy_in(p, val, a[3], n))
		return -LX_EFAULT;
	return usock_setopt(s, (int)a[1], (int)a[2], val, (uint32_t)len);
}

/* ---- the bytes: iovecs ---- */

static int uvec_in(struct proc *p, uint64_t uiov, uint64_t n, struct uvec *v)
{
	if (n > UIO_MAXIOV)
		return -LX_EMSGSIZE;
	v->n = (unsigned)n;
	v->total = 0;
	v->iov = n ? calloc(n, sizeof(*v->iov)) : NULL;
	if (n && !v->iov)
		return -LX_ENOMEM;
	if (n && copy_in(p, v->iov, uiov, n * sizeof(*v->iov)))
		return -LX_EFAULT;
	for (unsigned i = 0; i < v->n; i++) {
		if ((int64_t)v->iov[i].len < 0 || v->total + v->iov[i].len < v->total)
			return -LX_EINVAL;
		v->total += v->iov[i].len;
	}
	return v->total > 0x7ffff000 ? -LX_EINVAL : 0;
}

static void uvec_one(struct uvec *v, uint64_t buf, uint64_t len)
{
	v->one = (struct lx_iovec){ buf, len };
	v->iov = &v->one;
	v->n = 1;
	v->total = len;
}

static void uvec_free(struct uvec *v)
{
	if (v->iov != &v->one)
		free(v->iov);
}

/* Copy n bytes at offset off of the user's buffers in (out: to them). */
static int uvec_copy(struct proc *p, const struct uvec *v, uint64_t off, void *buf, uint64_t n,
                     bool out)
{
	uint8_t *b = buf;
	for (unsigned i = 0; i < v->n && n; i++) {
		if (off >= v->iov[i].len) {
			off -= v->iov[i].len;
			continue;
		}
		uint64_t c = v->iov[i].len - off < n ? v->iov[i].len - off : n;
		int err = out ? copy_out(p, v->iov[i].base + off, b, c)
		              : copy_in(p, b, v->iov[i].base + off, c);
		if (err)
			return err;
		b += c, n -= c, off = 0;
	}
	return 0;
}

/* Whether n bytes at the start of the user's buffers can be written. */
static bool uvec_writable(struct proc *p, const struct uvec *v, uint64_t n)
{
	for (unsigned i = 0; i < v->n && n; i++) {
		uint64_t c = v->iov[i].len < n ? v->iov[i].len : n;
		for (uint64_t va = PAGE_DOWN(v->iov[i].base); c && va < v->iov[i].base + c; va += UNIX_PAGE)
			if (!mm_user_ptr(p, va < v->iov[i].base ? v->iov[i].base : va, true))
				return false;
		n -= c;
	}
	return true;
}

/* ---- control messages ---- */

static void ctl_free(struct usock_ctl *c)
{
	for (unsigned i = 0; i < c->nfiles; i++)
		vfs_close(c->files[i]);
	free(c->files);
	c->files = NULL, c->nfiles = 0;
}

static int ctl_rights(struct proc *p, const uint8_t *data, uint64_t len, struct usock_ctl *c)
{
	unsigned n = (unsigned)(len / sizeof(int));
	if (c->nfiles + n > USOCK_FD_MAX)
		return -LX_EINVAL;
	struct file **fs = realloc(c->files, (c->nfiles + n + 1) * sizeof(*fs));
	if (!fs)
		return -LX_ENOMEM;
	c->files = fs;
	for (unsigned i = 0; i < n; i++) {
		int fd;
		memcpy(&fd, data + i * sizeof(int), sizeof(fd));
		struct file *f = fd_file(p, fd);
		if (!f)
			return -LX_EBADF;
		c->files[c->nfiles++] = vfs_file_get(f);
	}
	return 0;
}

/* SCM_CREDENTIALS: the caller's own pid and ids, unless it is root. */
static int ctl_cred(struct proc *p, const uint8_t *data, uint64_t len, struct usock_ctl *c)
{
	if (len != sizeof(struct usock_cred))
		return -LX_EINVAL;
	struct usock_cred u;
	memcpy(&u, data, sizeof(u));
	const struct vfs_cred *me = &p->cred;
	bool root = me->euid == 0;
	if ((u.pid != p->pid && !root) ||
	    (u.uid != me->uid && u.uid != me->euid && u.uid != p->suid && !root) ||
	    (u.gid != me->gid && u.gid != me->egid && u.gid != p->sgid && !root))
		return -LX_EPERM;
	struct proc *q = proc_by_pid(u.pid);
	if (!q || q->state != PROC_ALIVE)
		return -LX_ESRCH;
	c->has_cred = true;
	c->cred = u;
	return 0;
}

/* Linux's __scm_send over the control bytes of sendmsg. */
static int ctl_in(struct proc *p, uint64_t uctl, uint64_t len, struct usock_ctl *c)
{
	memset(c, 0, sizeof(*c));
	if (!len)
		return 0;
	if (len > OPTMEM_MAX)
		return -LX_ENOBUFS;
	if (len < CMSG_HDR)
		return 0;       /* no room for one header: no control message (CMSG_FIRSTHDR) */
	uint8_t *buf = malloc(len);
	if (!buf)
		return -LX_ENOMEM;
	c->uid = p->cred.uid;
	c->nofile = p->rlim[LX_RLIMIT_NOFILE].cur;
	c->exempt = p->cred.euid == 0;
	int err = copy_in(p, buf, uctl, len) ? -LX_EFAULT : 0;
	for (uint64_t off = 0; !err && off + CMSG_HDR <= len;) {
		struct lx_cmsghdr h;
		memcpy(&h, buf + off, sizeof(h));
		if (h.len < CMSG_HDR || h.len > len - off) {
			err = -LX_EINVAL;
			break;
		}
		if (h.level == LX_SOL_SOCKET) {
			if (h.type == LX_SCM_RIGHTS)
				err = ctl_rights(p, buf + off + CMSG_HDR, h.len - CMSG_HDR, c);
			else if (h.type == LX_SCM_CREDENTIALS)
				err = ctl_cred(p, buf + off + CMSG_HDR, h.len - CMSG_HDR, c);
			else
				err = -LX_EINVAL;
		}
		off += CMSG_ALIGN(h.len);
	}
	free(buf);
	if (err)
		ctl_free(c);
	return err;
}

/* ---- sending ---- */

static long send_common(struct uthread *t, int fd, const struct uvec *v, const struct usock_addr *to,
                        struct usock_ctl *ctl, int flags)
{
	struct proc *p = t->proc;
	struct file *f;
	struct usock *s = sock_fd(p, fd, &f);
	bool stream = usock_type(s) == LX_SOCK_STREAM;
	bool nb = (f->flags & LX_O_NONBLOCK) || (flags & LX_MSG_DONTWAIT);
	struct vfs_ctx ctx;
	fs_ctx(p, &ctx);
	struct usock_cred me = cred_me(p);
	if (!stream && v->total > RECV_MAX)
		return -LX_EMSGSIZE;    /* more than any send buffer holds: not gathered first */
	uint64_t done = t->park.data[0];
	t->park.data[0] = 0;
	long r = 0;
	do {
		uint64_t n = v->total - done;
		if (stream && n > SEND_CHUNK)
			n = SEND_CHUNK;
		uint8_t *buf = malloc(n ? n : 1);
		if (!buf)
			return done ? (long)done : -LX_ENOMEM;
		r = uvec_copy(p, v, done, buf, n, false);
		if (!r)
			r = usock_send(s, buf, n, &ctx, to, done ? NULL : ctl, &me);
		free(buf);
		if (r > 0)
			done += (uint64_t)r;
	} while (r > 0 && stream && done < v->total);
	long pr;
	if (r == -LX_EAGAIN && !nb && park_sock(t, s, true, &pr)) {
		t->park.data[0] = done;
		t->park.intr_result = done ? (long)done : -LX_ERESTARTSYS;
		return pr;
	}
	if (r == -LX_EPIPE && stream && !(flags & LX_MSG_NOSIGNAL))
		signal_send_thread(t, LX_SIGPIPE, NULL);
	return done ? (long)done : r;
}

long sys_sendto(struct uthread *t, const uint64_t *a)
{
	struct proc *p = t->proc;
	int fd = (int)a[0];
	if (!sock_fd(p, fd, NULL))
		return not_sock(p, fd);
	struct usock_addr to;
	bool has_to = a[4] && a[5];     /* a zero length is no address, as Linux */
	if (has_to) {
		int err = addr_in(p, a[4], a[5], &to);
		if (err)
			return err;
	}
	struct uvec v;
	uvec_one(&v, a[1], a[2]);
	if ((int64_t)a[2] < 0)
		return -LX_EINVAL;
	return send_common(t, fd, &v, has_to ? &to : NULL, NULL, (int)a[3]);
}

long sys_sendmsg(struct uthread *t, const uint64_t *a)
{
	struct proc *p = t->proc;
	int fd = (int)a[0];
	if (!sock_fd(p, fd, NULL))
		return not_sock(p, fd);
	struct lx_msghdr m;
	if (copy_in(p, &m, a[1], sizeof(m)))
		return -LX_EFAULT;
	struct usock_addr to;
	bool has_to = m.name && m.namelen;
	int err = has_to ? addr_in(p, m.name, m.namelen, &to) : 0;
	struct uvec v = { 0 };
	if (!err)
		err = uvec_in(p, m.iov, m.iovlen, &v);
	struct usock_ctl ctl = { 0 };
	if (!err)
		err = ctl_in(p, m.control, m.controllen, &ctl);
	long r = err ? err : send_common(t, fd, &v, has_to ? &to : NULL, &ctl, (int)a[2]);
	ctl_free(&ctl);         /* what the message did not take */
	uvec_free(&v);
	return r;
}

/* ---- receiving ---- */

static void rinfo_free(struct usock_rinfo *ri)
{
	for (unsigned i = 0; i < ri->nfiles; i++)
		vfs_close(ri->files[i]);
	free(ri->files);
	ri->files = NULL, ri->nfiles = 0;
}

/* Receive into v: bytes, or SYS_PARKED, or -errno; ri what came with them.
 * MSG_WAITALL on a stream goes on until v is full (the count so far in
 * park.data[0]), unless descriptors came, the stream ended or time ran out. */
static long recv_common(struct uthread *t, int fd, const struct uvec *v, int flags,
                        struct usock_rinfo *ri)
{
	struct proc *p = t->proc;
	struct file *f;
	struct usock *s = sock_fd(p, fd, &f);
	bool nb = (f->flags & LX_O_NONBLOCK) || (flags & LX_MSG_DONTWAIT);
	bool waitall = (flags & LX_MSG_WAITALL) && usock_type(s) == LX_SOCK_STREAM &&
	               !(flags & LX_MSG_PEEK);
	uint64_t n = v->total < RECV_MAX ? v->total : RECV_MAX;
	uint64_t done = t->park.data[0];
	t->park.data[0] = 0;
	if (!done && usock_pending(s) && !uvec_writable(p, v, n))
		return -LX_EFAULT;      /* before anything is taken off the queue */
	uint8_t *buf = malloc(n - done ? n - done : 1);
	if (!buf)
		return done ? (long)done : -LX_ENOMEM;
	int64_t r = usock_recv(s, buf, n - done, flags, ri);
	if (r > 0 && uvec_copy(p, v, done, buf, (uint64_t)r, true))
		r = -LX_EFAULT;
	free(buf);
	if (r > 0)
		done += (uint64_t)r;
	if (waitall && r > 0 && done < n && !ri->nfiles)
		r = -LX_EAGAIN;
	long pr;
	if (r == -LX_EAGAIN && !nb && park_sock(t, s, false, &pr)) {
		t->park.data[0] = done;
		t->park.intr_result = done ? (long)done : -LX_ERESTARTSYS;
		return pr;
	}
	return done ? (long)done : (long)r;
}

long sys_recvfrom(struct uthread *t, const uint64_t *a)
{
	struct proc *p = t->proc;
	int fd = (int)a[0];
	if (!sock_fd(p, fd, NULL))
		return not_sock(p, fd);
	struct uvec v;
	uvec_one(&v, a[1], a[2]);
	struct usock_rinfo ri;
	long r = recv_common(t, fd, &v, (int)a[3], &ri);
	if (r < 0)
		return r;
	rinfo_free(&ri);        /* recvfrom has nowhere to put descriptors */
	int err = addr_out(p, &ri.from, a[4], a[5]);
	if (err)
		return err;
	return ((int)a[3] & LX_MSG_TRUNC) && ri.truncated ? (long)ri.full_len : r;
}

/* One control message of type with n bytes of data at *off, if it fits. */
static bool cmsg_put(struct proc *p, uint64_t uctl, uint64_t cap, uint64_t *off, int type,
                     const void *data, uint64_t n)
{
	struct lx_cmsghdr h = { CMSG_HDR + n, LX_SOL_SOCKET, type };
	if (*off + h.len > cap)
		return false;
	if (copy_out(p, uctl + *off, &h, sizeof(h)) || copy_out(p, uctl + *off + CMSG_HDR, data, n))
		return false;
	*off += CMSG_ALIGN(h.len) < cap - *off ? CMSG_ALIGN(h.len) : cap - *off;
	return true;
}

/* The descriptors that fit go in as new descriptors; the rest close. */
static bool cmsg_rights(struct proc *p, uint64_t uctl, uint64_t cap, uint64_t *off,
                        struct usock_rinfo *ri, bool cloexec)
{
	uint64_t room = cap > *off + CMSG_HDR ? (cap - *off - CMSG_HDR) / sizeof(int) : 0;
	unsigned n = ri->nfiles < room ? ri->nfiles : (unsigned)room;
	int *fds = malloc((n ? n : 1) * sizeof(int));
	unsigned got = 0;
	for (unsigned i = 0; fds && i < n; i++) {
		int fd = fd_install(p, ri->files[i], cloexec, 0);
		if (fd < 0)
			break;
		ri->files[i] = NULL;
		fds[got++] = fd;
	}
	bool whole = got == ri->nfiles;
	for (unsigned i = got; i < ri->nfiles; i++)
		if (ri->files[i])
			vfs_close(ri->files[i]);
	ri->nfiles = 0;
	if (got && !cmsg_put(p, uctl, cap, off, LX_SCM_RIGHTS, fds, got * sizeof(int)))
		whole = false;
	free(fds);
	return whole;
}

long sys_recvmsg(struct uthread *t, const uint64_t *a)
{
	struct proc *p = t->proc;
	int fd = (int)a[0], flags = (int)a[2];
	struct usock *s = sock_fd(p, fd, NULL);
	if (!s)
		return not_sock(p, fd);
	struct lx_msghdr m;
	if (copy_in(p, &m, a[1], sizeof(m)))
		return -LX_EFAULT;
	struct uvec v = { 0 };
	int err = uvec_in(p, m.iov, m.iovlen, &v);
	struct usock_rinfo ri = { 0 };
	long r = err ? err : recv_common(t, fd, &v, flags, &ri);
	uvec_free(&v);
	if (r < 0)
		return r;
	uint64_t off = 0;
	int mflags = ri.truncated ? LX_MSG_TRUNC : 0;
	if (ri.has_cred && !cmsg_put(p, m.control, m.controllen, &off, LX_SCM_CREDENTIALS, &ri.cred,
	                             sizeof(ri.cred)))
		mflags |= LX_MSG_CTRUNC;
	if (ri.nfiles && !cmsg_rights(p, m.control, m.controllen, &off, &ri,
	                              flags & LX_MSG_CMSG_CLOEXEC))
		mflags |= LX_MSG_CTRUNC;
	rinfo_free(&ri);
	struct lx_msghdr out = m;
	out.controllen = off;
	out.flags = mflags;
	uint32_t have = m.namelen;
	out.namelen = m.name ? ri.from.len : m.namelen;        /* untouched without a name */
	if (m.name && ri.from.len &&
	    copy_out(p, m.name, ri.from.bytes, have < ri.from.len ? have : ri.from.len))
		return -LX_EFAULT;
	if (copy_out(p, a[1], &out, sizeof(out)))
		return -LX_EFAULT;
	return (flags & LX_MSG_TRUNC) && ri.truncated ? (long)ri.full_len : r;
}
