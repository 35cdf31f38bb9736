/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * net/uconn.c - AF_UNIX names and connections (usock.h): bind on paths
 * (a socket inode made in the VFS, found again by its inode) and in the
 * abstract namespace (sun_path[0] == 0, one name per socket type as Linux
 * hashes the type in), autobind; connect (a stream's makes the server's
 * socket at once and queues it on the listener; a datagram's sets the
 * default peer), listen, accept, shutdown, and the names each end shows.
 * Every socket with a name of its own is on `bound`.
 */
#include "unixd.h"
#include "usock_impl.h"

static struct urt_list bound = URT_LIST_INIT;

static void bound_add(struct usock *s)
{
	urt_list_push_back(&bound, &s->blink);
	s->listed = true;
}

void usock_unbind(struct usock *s)
{
	if (!s->listed)
		return;
	s->listed = false;
	urt_list_remove(&bound, &s->blink);
	vfs_iput(s->bound_ino);
	s->bound_ino = NULL;
}

static bool addr_abstract(const struct usock_addr *a)
{
	return a->len > 2 && a->bytes[2] == 0;
}

/* The path of a path name, NUL-terminated (sun_path need not be). */
static void addr_path(const struct usock_addr *a, char *out)
{
	uint32_t n = a->len - 2;
	memcpy(out, a->bytes + 2, n);
	out[n] = 0;
}

/* An abstract name is one socket type's: Linux hashes the type in, so
 * sockets of other types neither see nor block it. */
static struct usock *bound_abstract(const struct usock_addr *a, int type)
{
	urt_list_foreach(s, &bound, struct usock, blink)
		if (s->type == type && s->name.len == a->len && !memcmp(s->name.bytes, a->bytes, a->len))
			return s;
	return NULL;
}

static struct usock *bound_inode(struct inode *ip)
{
	urt_list_foreach(s, &bound, struct usock, blink)
		if (s->bound_ino == ip)
			return s;
	return NULL;
}

/* The socket a name names: ENOENT & co. for a path, EACCES without write
 * permission, ECONNREFUSED when no socket is bound there. */
int usock_lookup(const struct vfs_ctx *ctx, const struct usock_addr *a, int type,
                        struct usock **out)
{
	*out = NULL;
	if (addr_abstract(a)) {
		*out = bound_abstract(a, type);
		return *out ? 0 : -LX_ECONNREFUSED;
	}
	char path[USOCK_PATH_MAX + 1];
	addr_path(a, path);
	if (!path[0])
		return -LX_EINVAL;
	struct inode *ip;
	int err = vfs_lookup_inode(ctx, path, VFS_LOOKUP_FOLLOW, &ip);
	if (err)
		return err;
	err = vfs_permission(ctx->cred, ip, VFS_MAY_WRITE);
	if (!err && (!LX_S_ISSOCK(ip->mode) || !(*out = bound_inode(ip))))
		err = -LX_ECONNREFUSED;
	vfs_iput(ip);
	return err;
}

static unsigned autobind_next;

static int bind_auto(struct usock *s)
{
	struct usock_addr a = { .len = 8 };
	for (unsigned tries = 0; tries < 0x100000; tries++) {
		unsigned n = autobind_next++ & 0xfffff;
		a.bytes[0] = LX_AF_UNIX;
		for (int i = 0; i < 5; i++)
			a.bytes[3 + i] = "0123456789abcdef"[(n >> (16 - 4 * i)) & 0xf];
		if (!bound_abstract(&a, s->type)) {
			s->name = a;
			bound_add(s);
			return 0;
		}
	}
	return -LX_ENOSPC;
}

static int bind_path(struct usock *s, const struct vfs_ctx *ctx, const struct usock_addr *a,
                     uint32_t mode)
{
	char path[USOCK_PATH_MAX + 1];
	addr_path(a, path);
	int err = vfs_mknod(ctx, path, LX_S_IFSOCK | mode, 0);
	if (err)
		return err == -LX_EEXIST ? -LX_EADDRINUSE : err;
	struct inode *ip;
	if ((err = vfs_lookup_inode(ctx, path, 0, &ip)) < 0)
		return err;
	s->bound_ino = ip;
	s->name.len = (uint32_t)(2 + strlen(path) + 1);
	s->name.bytes[0] = LX_AF_UNIX;
	memcpy(s->name.bytes + 2, path, s->name.len - 2);
	bound_add(s);
	return 0;
}

/* A bound socket bound again: Linux makes the path's node first, so a
 * name that exists is EADDRINUSE before the socket's own EINVAL. */
static int bind_again(const struct vfs_ctx *ctx, const struct usock_addr *a)
{
	char path[USOCK_PATH_MAX + 1];
	struct inode *ip;
	if (a->len == 2 || addr_abstract(a))
		return -LX_EINVAL;
	addr_path(a, path);
	if (vfs_lookup_inode(ctx, path, 0, &ip) < 0)
		return -LX_EINVAL;
	vfs_iput(ip);
	return -LX_EADDRINUSE;
}

int usock_bind(struct usock *s, const struct vfs_ctx *ctx, const struct usock_addr *a, uint32_t mode)
{
	if (s->name.len)
		return bind_again(ctx, a);
	if (a->len == 2)
		return bind_auto(s);
	if (!addr_abstract(a))
		return bind_path(s, ctx, a, mode);
	if (bound_abstract(a, s->type))
		return -LX_EADDRINUSE;
	s->name = *a;
	bound_add(s);
	return 0;
}

void usock_name(struct usock *s, struct usock_addr *out)
{
	if (s->name.len) {
		*out = s->name;
		return;
	}
	*out = (struct usock_addr){ .len = 2 };
	out->bytes[0] = LX_AF_UNIX;
}

int usock_peer_name(struct usock *s, struct usock_addr *out)
{
	if (!s->peer || (s->type != LX_SOCK_DGRAM && s->state != US_CONNECTED))
		return -LX_ENOTCONN;
	usock_name(s->peer, out);
	return 0;
}

/* ---- connecting ---- */

static int dgram_connect(struct usock *s, const struct vfs_ctx *ctx, const struct usock_addr *a)
{
	struct usock *to;
	int err = usock_lookup(ctx, a, s->type, &to);
	if (err)
		return err;
	if (to->type != s->type)
		return -LX_EPROTOTYPE;
	if (s->peer)
		usock_put(s->peer);
	s->peer = to;
	to->refs++;
	s->state = US_CONNECTED;
	return 0;
}

int usock_disconnect(struct usock *s)
{
	if (s->type == LX_SOCK_DGRAM && s->peer) {
		usock_put(s->peer);
		s->peer = NULL;
		s->state = US_UNCONNECTED;
	}
	return 0;
}

int usock_connect(struct usock *s, const struct vfs_ctx *ctx, const struct usock_addr *a, int pid)
{
	usock_park_queue = NULL;
	if (s->type == LX_SOCK_DGRAM)
		return dgram_connect(s, ctx, a);
	if (s->state == US_CONNECTED)
		return -LX_EISCONN;
	if (s->state == US_LISTEN)
		return -LX_EINVAL;
	struct usock *l;
	int err = usock_lookup(ctx, a, s->type, &l);
	if (err)
		return err;
	if (l->type != s->type)
		return -LX_EPROTOTYPE;
	if (l->state != US_LISTEN || l->dead)
		return -LX_ECONNREFUSED;
	if ((int)l->nacceptq > l->backlog) {
		usock_park_queue = &l->wwait;
		return -LX_EAGAIN;
	}
	struct usock *e = usock_new(s->type, &(struct vfs_cred){ .euid = l->ino.uid, .egid = l->ino.gid });
	if (!e)
		return -LX_ENOMEM;
	usock_connect_pair(s, e);
	e->name = l->name;
	e->bound_ino = NULL;
	e->sndbuf = l->sndbuf, e->rcvbuf = l->rcvbuf;
	e->passcred = l->passcred;
	const struct vfs_ctx *c = ctx;
	usock_cred_of(&e->peercred, pid, c->cred);
	s->peercred = l->listencred;
	e->has_peercred = s->has_peercred = true;
	urt_list_push_back(&l->acceptq, &e->alink);     /* the queue's reference: e's first */
	l->nacceptq++;
	usock_wake(l);
	return 0;
}

int usock_listen(struct usock *s, int backlog, int pid, const struct vfs_cred *cred)
{
	if (s->type == LX_SOCK_DGRAM)
		return -LX_EOPNOTSUPP;
	if (!s->name.len || s->state == US_CONNECTED)
		return -LX_EINVAL;
	if (backlog > SOMAXCONN || backlog < 0)
		backlog = SOMAXCONN;
	s->backlog = backlog;
	if (s->state != US_LISTEN)
		usock_cred_of(&s->listencred, pid, cred);
	s->state = US_LISTEN;
	usock_wake(s);        /* connects waiting for room may go on */
	return 0;
}

int usock_accept(struct usock *s, uint32_t flags, struct file **out)
{
	usock_park_queue = NULL;
	if (s->type == LX_SOCK_DGRAM)
		return -LX_EOPNOTSUPP;
	if (s->state != US_LISTEN)
		return -LX_EINVAL;
	if (urt_list_empty(&s->acceptq))
		return -LX_EAGAIN;
	struct usock *e = urt_list_first(&s->acceptq, struct usock, alink);
	struct file *f = usock_file(e, flags);
	if (!f)
		return -LX_ENOMEM;
	urt_list_remove(&s->acceptq, &e->alink);
	s->nacceptq--;
	usock_wake(s);        /* room for a waiting connect */
	*out = f;       /* the queue's reference became the inode's */
	return 0;
}

int usock_shutdown(struct usock *s, int how)
{
	if (how < LX_SHUT_RD || how > LX_SHUT_RDWR)
		return -LX_EINVAL;
	unsigned mask = (unsigned)how + 1;      /* SHUT_RD 1, SHUT_WR 2, both 3 */
	s->shut |= mask;
	struct usock *p = s->peer;
	if (p && s->type != LX_SOCK_DGRAM) {
		p->shut |= (mask & SHUT_RCV ? SHUT_SEND : 0) | (mask & SHUT_SEND ? SHUT_RCV : 0);
		usock_wake(p);
	}
	usock_wake(s);
	return 0;
}
