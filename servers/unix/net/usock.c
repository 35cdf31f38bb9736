/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * net/usock.c - AF_UNIX sockets (usock.h): objects, queues, names,
 * connections, and the byte and message moving, as Linux's af_unix.c.
 *
 * A message (struct skb) holds bytes, the sender's credentials and name,
 * and descriptors in flight (SCM_RIGHTS).  A stream sends into its peer's
 * queue in chunks of at most half its send buffer; a datagram is one
 * message, to the connected peer or an address.  Memory is bounded three
 * ways: what a socket has sent and is not yet read (its send buffer,
 * SO_SNDBUF: a send waits, or EAGAIN, while it is used up), how many
 * datagrams wait in a receiver not connected back (DGRAM_QLEN, Linux's
 * max_dgram_qlen), and all queued messages of unixd together (USOCK_MEM_MAX,
 * ENOBUFS-like EAGAIN past it); descriptors in flight are bounded too
 * (ETOOMANYREFS).  A socket sent over itself and closed stays until unixd
 * ends: there is no garbage collector of such cycles (Linux has one), so the
 * bound on descriptors in flight is what limits them.
 *
 * Names: a path is a socket inode made in the VFS by bind (vfs_mknod, so
 * EADDRINUSE when the name exists), found again by its inode; an abstract
 * name (sun_path[0] == 0) lives only in the bound list.  A socket with a
 * name is on `bound`.
 *
 * Waiting: a call that returns -EAGAIN leaves in usock_park_queue the
 * queue to park on (the socket's own, or a full datagram receiver's);
 * every change wakes the socket's queue with wake_all.
 */
#include "unixd.h"
#include "fd.h"
#include "usock.h"

#define SNDBUF_DEFAULT  212992          /* net.core.wmem_default */
#define RCVBUF_DEFAULT  212992
#define BUF_SET_MAX     212992          /* wmem_max, rmem_max: setsockopt's cap before doubling */
#define SNDBUF_MIN      4608            /* SOCK_MIN_SNDBUF */
#define RCVBUF_MIN      2304
#define SKB_OVERHEAD    768             /* what Linux charges a message beyond its bytes */
#define DGRAM_QLEN      10              /* net.unix.max_dgram_qlen */
#define SOMAXCONN       4096
#define USOCK_MEM_MAX   (32u << 20)     /* all queued messages of unixd */
#define INFLIGHT_MAX    4096            /* descriptors in flight, all sockets */
#define DGRAM_HEAD      32              /* a datagram of sndbuf - 32 bytes still fits */

#define LX_SOL_SOCKET   1
#define LX_SO_TYPE      3
#define LX_SO_ERROR     4
#define LX_SO_SNDBUF    7
#define LX_SO_RCVBUF    8
#define LX_SO_REUSEADDR 2
#define LX_SO_KEEPALIVE 9
#define LX_SO_PASSCRED  16
#define LX_SO_PEERCRED  17
#define LX_SO_ACCEPTCONN 30
#define LX_SO_PROTOCOL  38
#define LX_SO_DOMAIN    39

enum usock_state { US_UNCONNECTED, US_LISTEN, US_CONNECTED };
enum { SHUT_RCV = 1, SHUT_SEND = 2 };

struct skb {
	struct urt_link link;
	struct usock *from;             /* a reference; charged len + SKB_OVERHEAD */
	struct usock_addr from_name;
	struct usock_cred cred;
	bool explicit_cred;
	unsigned nfiles;
	struct file **files;
	uint32_t len, off;
	uint8_t data[];
};

struct usock {
	int type;
	enum usock_state state;
	unsigned refs;
	bool dead;                      /* its file is closed */
	unsigned shut;                  /* SHUT_RCV, SHUT_SEND */
	int err;                        /* SO_ERROR, positive */
	struct usock *peer;             /* a reference: connected peer, datagram default */
	struct urt_list rxq;            /* struct skb */
	unsigned qlen;
	uint64_t wmem;                  /* charged by its messages still queued */
	uint32_t sndbuf, rcvbuf;
	bool passcred;
	struct usock_cred peercred;     /* SO_PEERCRED */
	bool has_peercred;
	struct usock_cred listencred;   /* what a connecting client sees of a listener */
	struct usock_addr name;         /* len 0: unbound */
	struct inode *bound_ino;        /* a path name's socket inode (a reference) */
	struct urt_link blink;          /* on `bound` while listed */
	bool listed;                    /* bound by bind (an accepted socket only shows the name) */
	int backlog;
	struct urt_list acceptq;        /* struct usock.alink: connected, not accepted */
	unsigned nacceptq;
	struct urt_link alink;
	struct urt_list wait;           /* parked readers, writers, connects, accepts */
	struct inode ino;               /* what fstat shows */
};

static struct urt_list bound = URT_LIST_INIT;
static uint64_t usock_mem;              /* bytes charged by every queued message */
static unsigned inflight;               /* descriptors in queued messages */
struct urt_list *usock_park_queue;
static const struct file_ops usock_ops;
static struct vfs_sb usock_sb;

/* Closing files found in a freed queue may free more sockets: they are
 * closed one by one from this list, never by recursion. */
static struct file **close_later;
static unsigned nclose_later, close_later_cap;
static bool closing;

static void usock_put(struct usock *s);

struct usock *usock_of(struct file *f)
{
	return f && f->ops == &usock_ops ? f->priv : NULL;
}

int usock_type(struct usock *s)
{
	return s->type;
}

struct urt_list *usock_queue(struct usock *s)
{
	return usock_park_queue ? usock_park_queue : &s->wait;
}

unsigned usock_files_in_flight(void)
{
	return inflight;
}

bool usock_pending(struct usock *s)
{
	return s->qlen > 0;
}

bool usock_passcred(struct usock *s)
{
	return s->passcred;
}

static void wake(struct usock *s)
{
	wake_all(&s->wait);
}

/* ---- descriptors in flight ---- */

static void files_close_pending(void)
{
	if (closing)
		return;
	closing = true;
	while (nclose_later)
		vfs_close(close_later[--nclose_later]);
	closing = false;
}

static void files_drop(struct file **files, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		if (nclose_later == close_later_cap) {
			unsigned cap = close_later_cap ? close_later_cap * 2 : 64;
			struct file **a = realloc(close_later, cap * sizeof(*a));
			if (!a) {               /* no room to defer: close now (recursion, rare) */
				vfs_close(files[i]);
				continue;
			}
			close_later = a, close_later_cap = cap;
		}
		close_later[nclose_later++] = files[i];
	}
	free(files);
	files_close_pending();
}

/* ---- messages ---- */

/* What a message costs its sender's buffer: about Linux's truesize (small
 * ones in 64-byte steps, large ones in whole pages) plus the head. */
static uint64_t skb_charge(uint32_t len)
{
	uint64_t step = len <= 4096 ? 64 : 4096;
	return (len + step - 1) / step * step + SKB_OVERHEAD;
}

static struct skb *skb_new(struct usock *from, const void *buf, uint32_t len)
{
	if (usock_mem + skb_charge(len) > USOCK_MEM_MAX)
		return NULL;
	struct skb *b = malloc(sizeof(*b) + len);
	if (!b)
		return NULL;
	memset(b, 0, sizeof(*b));
	memcpy(b->data, buf, len);
	b->len = len;
	b->from = from;
	from->refs++;
	from->wmem += skb_charge(len);
	usock_mem += skb_charge(len);
	b->from_name = from->name;
	return b;
}

/* The message's files (and its sender's charge) go; the sender may send again. */
static void skb_free(struct skb *b)
{
	struct usock *from = b->from;
	from->wmem -= skb_charge(b->len);
	usock_mem -= skb_charge(b->len);
	inflight -= b->nfiles;
	if (b->nfiles)
		files_drop(b->files, b->nfiles);
	free(b);
	wake(from);
	usock_put(from);
}

static void skb_attach(struct skb *b, struct usock_ctl *ctl, const struct usock_cred *me)
{
	b->cred = *me;
	if (ctl && ctl->has_cred)
		b->cred = ctl->cred, b->explicit_cred = true;
	if (ctl && ctl->nfiles) {
		b->files = ctl->files, b->nfiles = ctl->nfiles;
		inflight += ctl->nfiles;
		ctl->files = NULL, ctl->nfiles = 0;
	}
}

static void queue_push(struct usock *to, struct skb *b)
{
	urt_list_push_back(&to->rxq, &b->link);
	to->qlen++;
	wake(to);
}

static void queue_purge(struct usock *s)
{
	while (!urt_list_empty(&s->rxq)) {
		struct skb *b = urt_list_first(&s->rxq, struct skb, link);
		urt_list_remove(&s->rxq, &b->link);
		s->qlen--;
		skb_free(b);
	}
}

/* ---- objects ---- */

static void bound_add(struct usock *s)
{
	urt_list_push_back(&bound, &s->blink);
	s->listed = true;
}

static void usock_unbind(struct usock *s)
{
	if (!s->listed)
		return;
	s->listed = false;
	urt_list_remove(&bound, &s->blink);
	vfs_iput(s->bound_ino);
	s->bound_ino = NULL;
}

static void usock_put(struct usock *s)
{
	if (--s->refs)
		return;
	queue_purge(s);
	wake(s);
	free(s);
}

static void usock_evict(struct inode *ip)
{
	usock_put((struct usock *)((char *)ip - offsetof(struct usock, ino)));
}

static const struct inode_ops usock_inode_ops = { .evict = usock_evict };

static struct usock *usock_new(int type, const struct vfs_cred *cred)
{
	struct usock *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->type = type;
	s->refs = 1;            /* the inode's: its last file's close drops it */
	s->sndbuf = SNDBUF_DEFAULT;
	s->rcvbuf = RCVBUF_DEFAULT;
	urt_list_init(&s->rxq);
	urt_list_init(&s->acceptq);
	urt_list_init(&s->wait);
	s->ino = (struct inode){ .ops = &usock_inode_ops, .sb = &usock_sb, .ino = (uintptr_t)s >> 4,
	                         .mode = LX_S_IFSOCK | 0777, .nlink = 1,
	                         .uid = cred->euid, .gid = cred->egid };
	return s;
}

static struct file *usock_file(struct usock *s, uint32_t flags)
{
	struct file *f = vfs_file_alloc();
	if (!f)
		return NULL;
	f->inode = vfs_iget(&s->ino);
	f->ops = &usock_ops;
	f->flags = LX_O_RDWR | (flags & LX_O_NONBLOCK);
	f->refs = 1;
	f->priv = s;
	return f;
}

/* A socket and its file; the socket is the file's alone. */
static int socket_file(int type, const struct vfs_cred *cred, uint32_t flags, struct file **out)
{
	struct usock *s = usock_new(type, cred);
	*out = s ? usock_file(s, flags) : NULL;
	if (!*out) {
		free(s);
		return -LX_ENOMEM;
	}
	return 0;
}

int usock_create(int type, const struct vfs_cred *cred, uint32_t flags, struct file **out)
{
	return socket_file(type, cred, flags, out);
}

static void cred_of(struct usock_cred *c, int pid, const struct vfs_cred *cred)
{
	*c = (struct usock_cred){ pid, cred->euid, cred->egid };
}

static void connect_pair(struct usock *a, struct usock *b)
{
	a->peer = b, b->refs++;
	b->peer = a, a->refs++;
	a->state = b->state = US_CONNECTED;
}

int usock_pair(int type, const struct vfs_cred *cred, int pid, uint32_t flags,
               struct file **fa, struct file **fb)
{
	int err = socket_file(type, cred, flags, fa);
	if (!err && (err = socket_file(type, cred, flags, fb)) < 0)
		vfs_close(*fa);
	if (err)
		return err;
	struct usock *a = (*fa)->priv, *b = (*fb)->priv;
	connect_pair(a, b);
	cred_of(&a->peercred, pid, cred);
	b->peercred = a->peercred;
	a->has_peercred = b->has_peercred = true;
	return 0;
}

/* ---- the end of a socket's file ---- */

static void release_peer(struct usock *s)
{
	struct usock *peer = s->peer;
	if (!peer)
		return;
	if (s->type != LX_SOCK_DGRAM) {
		peer->shut = SHUT_RCV | SHUT_SEND;
		if (s->qlen)
			peer->err = LX_ECONNRESET;
		wake(peer);
	}
	s->peer = NULL;
	usock_put(peer);
}

static void usock_release_sock(struct usock *s);

static void release_acceptq(struct usock *s)
{
	while (!urt_list_empty(&s->acceptq)) {
		struct usock *e = urt_list_first(&s->acceptq, struct usock, alink);
		urt_list_remove(&s->acceptq, &e->alink);
		s->nacceptq--;
		if (e->peer)
			e->peer->err = LX_ECONNRESET;
		usock_release_sock(e);
		usock_put(e);
	}
}

static void usock_release_sock(struct usock *s)
{
	s->dead = true;
	s->shut = SHUT_RCV | SHUT_SEND;
	usock_unbind(s);
	release_acceptq(s);
	release_peer(s);
	s->refs++;              /* freeing the queue may drop the last other reference */
	queue_purge(s);
	wake(s);
	usock_put(s);
}

static void usock_release(struct file *f)
{
	usock_release_sock(f->priv);
}

/* ---- names ---- */

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

static struct usock *bound_abstract(const struct usock_addr *a)
{
	urt_list_foreach(s, &bound, struct usock, blink)
		if (s->name.len == a->len && !memcmp(s->name.bytes, a->bytes, a->len))
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
static int usock_lookup(const struct vfs_ctx *ctx, const struct usock_addr *a, struct usock **out)
{
	*out = NULL;
	if (addr_abstract(a)) {
		*out = bound_abstract(a);
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
		if (!bound_abstract(&a)) {
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
	if (bound_abstract(a))
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
	int err = usock_lookup(ctx, a, &to);
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
	int err = usock_lookup(ctx, a, &l);
	if (err)
		return err;
	if (l->type != s->type)
		return -LX_EPROTOTYPE;
	if (l->state != US_LISTEN || l->dead)
		return -LX_ECONNREFUSED;
	if ((int)l->nacceptq > l->backlog) {
		usock_park_queue = &l->wait;
		return -LX_EAGAIN;
	}
	struct usock *e = usock_new(s->type, &(struct vfs_cred){ .euid = l->ino.uid, .egid = l->ino.gid });
	if (!e)
		return -LX_ENOMEM;
	connect_pair(s, e);
	e->name = l->name;
	e->bound_ino = NULL;
	e->sndbuf = l->sndbuf, e->rcvbuf = l->rcvbuf;
	e->passcred = l->passcred;
	const struct vfs_ctx *c = ctx;
	cred_of(&e->peercred, pid, c->cred);
	s->peercred = l->listencred;
	e->has_peercred = s->has_peercred = true;
	urt_list_push_back(&l->acceptq, &e->alink);     /* the queue's reference: e's first */
	l->nacceptq++;
	wake(l);
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
		cred_of(&s->listencred, pid, cred);
	s->state = US_LISTEN;
	wake(s);        /* connects waiting for room may go on */
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
	wake(s);        /* room for a waiting connect */
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
		wake(p);
	}
	wake(s);
	return 0;
}

/* ---- sending ---- */

static int64_t stream_send(struct usock *s, const uint8_t *buf, uint64_t n, struct usock_ctl *ctl,
                           const struct usock_cred *me)
{
	if (s->state != US_CONNECTED)
		return -LX_ENOTCONN;
	struct usock *p = s->peer;
	if ((s->shut & SHUT_SEND) || !p || p->dead || (p->shut & SHUT_RCV))
		return -LX_EPIPE;
	uint64_t sent = 0;
	uint32_t chunk_max = s->sndbuf / 2 - 64;
	while (sent < n || (!n && !sent && ctl && ctl->nfiles)) {
		if (s->wmem >= s->sndbuf)
			break;
		uint32_t c = n - sent < chunk_max ? (uint32_t)(n - sent) : chunk_max;
		struct skb *b = skb_new(s, buf + sent, c);
		if (!b)
			break;
		skb_attach(b, sent ? NULL : ctl, me);
		queue_push(p, b);
		sent += c;
		if (!n)
			break;
	}
	if (!sent && n)
		return -LX_EAGAIN;
	return (int64_t)sent;
}

/* The datagram's receiver: to, or the connected peer (which, if it has
 * gone, is forgotten: ECONNREFUSED once, then ENOTCONN, as Linux). */
static int dgram_target(struct usock *s, const struct vfs_ctx *ctx, const struct usock_addr *to,
                        struct usock **out)
{
	if (to)
		return usock_lookup(ctx, to, out);
	if (!s->peer)
		return -LX_ENOTCONN;
	if (s->peer->dead) {
		usock_disconnect(s);
		return -LX_ECONNREFUSED;
	}
	*out = s->peer;
	return 0;
}

static int64_t dgram_send(struct usock *s, const uint8_t *buf, uint64_t n, const struct vfs_ctx *ctx,
                          const struct usock_addr *to, struct usock_ctl *ctl,
                          const struct usock_cred *me)
{
	if (n > s->sndbuf - DGRAM_HEAD)
		return -LX_EMSGSIZE;
	struct usock *r;
	int err = dgram_target(s, ctx, to, &r);
	if (err)
		return err;
	if (r->type != s->type)
		return -LX_EPROTOTYPE;
	if (r->dead)
		return -LX_ECONNREFUSED;
	if (r->peer && r->peer != s)
		return -LX_EPERM;
	if (r->shut & SHUT_RCV)
		return -LX_EPIPE;
	if (r->peer != s && r->qlen > DGRAM_QLEN) {
		usock_park_queue = &r->wait;
		return -LX_EAGAIN;
	}
	if (s->wmem >= s->sndbuf)
		return -LX_EAGAIN;
	struct skb *b = skb_new(s, buf, (uint32_t)n);
	if (!b)
		return -LX_EAGAIN;
	skb_attach(b, ctl, me);
	queue_push(r, b);
	return (int64_t)n;
}

int64_t usock_send(struct usock *s, const void *buf, uint64_t n, const struct vfs_ctx *ctx,
                   const struct usock_addr *to, struct usock_ctl *ctl, const struct usock_cred *me)
{
	usock_park_queue = NULL;
	if (ctl && ctl->nfiles && inflight + ctl->nfiles > INFLIGHT_MAX)
		return -LX_ETOOMANYREFS;
	if (s->type == LX_SOCK_DGRAM)
		return dgram_send(s, buf, n, ctx, to, ctl, me);
	if (to)         /* Linux: a stream has no use for an address */
		return s->state == US_CONNECTED ? -LX_EISCONN : -LX_EOPNOTSUPP;
	return stream_send(s, buf, n, ctl, me);
}

/* ---- receiving ---- */

/* The files of b go to ri (PEEK: more references, b keeps its own). */
static void files_out(struct skb *b, struct usock_rinfo *ri, bool peek)
{
	if (!b->nfiles || ri->nfiles)
		return;
	struct file **fs = peek ? malloc(b->nfiles * sizeof(*fs)) : b->files;
	if (!fs)
		return;
	for (unsigned i = 0; i < b->nfiles; i++)
		fs[i] = peek ? vfs_file_get(b->files[i]) : b->files[i];
	ri->files = fs, ri->nfiles = b->nfiles;
	if (!peek) {
		inflight -= b->nfiles;
		b->files = NULL, b->nfiles = 0;
	}
}

static void info_out(struct usock *s, struct skb *b, struct usock_rinfo *ri, bool peek)
{
	ri->from = b->from_name;
	if (s->passcred || b->explicit_cred) {
		ri->has_cred = s->passcred;
		ri->cred = b->cred;
	}
	files_out(b, ri, peek);
}

static void skb_consume(struct usock *s, struct skb *b)
{
	urt_list_remove(&s->rxq, &b->link);
	s->qlen--;
	skb_free(b);
	wake(s);
}

static int64_t nothing_to_read(struct usock *s)
{
	if (s->err) {
		int e = s->err;
		s->err = 0;
		return -e;
	}
	if (s->shut & SHUT_RCV)
		return 0;
	return -LX_EAGAIN;
}

static int64_t dgram_recv(struct usock *s, uint8_t *buf, uint64_t n, int flags,
                          struct usock_rinfo *ri)
{
	if (urt_list_empty(&s->rxq))
		return nothing_to_read(s);
	struct skb *b = urt_list_first(&s->rxq, struct skb, link);
	uint64_t c = n < b->len ? n : b->len;
	memcpy(buf, b->data, c);
	ri->truncated = b->len > n;
	ri->full_len = b->len;
	info_out(s, b, ri, flags & LX_MSG_PEEK);
	if (!(flags & LX_MSG_PEEK))
		skb_consume(s, b);
	return (int64_t)c;
}

/* A stream read: bytes of consecutive messages up to n, stopping at one
 * that carries descriptors once something is read, and after it. */
static int64_t stream_recv(struct usock *s, uint8_t *buf, uint64_t n, int flags,
                           struct usock_rinfo *ri)
{
	if (s->state != US_CONNECTED)
		return -LX_EINVAL;
	bool peek = flags & LX_MSG_PEEK;
	uint64_t done = 0;
	struct skb *b = urt_list_first(&s->rxq, struct skb, link);
	while (done < n && b) {
		struct skb *next = urt_list_next(b, struct skb, link);
		if (done && b->nfiles)
			break;
		uint32_t avail = b->len - b->off;
		uint32_t c = n - done < avail ? (uint32_t)(n - done) : avail;
		memcpy(buf + done, b->data + b->off, c);
		if (!done)
			info_out(s, b, ri, peek);
		done += c;
		bool had_files = ri->nfiles;
		if (!peek && (b->off += c) == b->len)
			skb_consume(s, b);
		if (had_files)
			break;
		b = next;
	}
	if (!done && urt_list_empty(&s->rxq))
		return nothing_to_read(s);
	return (int64_t)done;
}

int64_t usock_recv(struct usock *s, void *buf, uint64_t n, int flags, struct usock_rinfo *ri)
{
	usock_park_queue = NULL;
	memset(ri, 0, sizeof(*ri));
	if (s->state == US_LISTEN)
		return -LX_EINVAL;
	return s->type == LX_SOCK_DGRAM ? dgram_recv(s, buf, n, flags, ri)
	                                : stream_recv(s, buf, n, flags, ri);
}

/* ---- options ---- */

static uint32_t buf_size(const void *val, uint32_t min)
{
	int v;
	memcpy(&v, val, sizeof(v));
	uint32_t u = v < 0 ? 0 : (uint32_t)v > BUF_SET_MAX ? BUF_SET_MAX : (uint32_t)v;
	return u * 2 > min ? u * 2 : min;
}

int usock_setopt(struct usock *s, int level, int name, const void *val, uint32_t len)
{
	if (level != LX_SOL_SOCKET)
		return -LX_EOPNOTSUPP;
	if (len < sizeof(int))
		return -LX_EINVAL;
	int v;
	memcpy(&v, val, sizeof(v));
	switch (name) {
	case LX_SO_SNDBUF: s->sndbuf = buf_size(val, SNDBUF_MIN); wake(s); return 0;
	case LX_SO_RCVBUF: s->rcvbuf = buf_size(val, RCVBUF_MIN); return 0;
	case LX_SO_PASSCRED: s->passcred = v != 0; return 0;
	case LX_SO_REUSEADDR: case LX_SO_KEEPALIVE: return 0;
	default: return -LX_ENOPROTOOPT;
	}
}

static int int_opt(struct usock *s, int name, int *v)
{
	switch (name) {
	case LX_SO_TYPE: *v = s->type; return 0;
	case LX_SO_ERROR: *v = s->err; s->err = 0; return 0;
	case LX_SO_SNDBUF: *v = (int)s->sndbuf; return 0;
	case LX_SO_RCVBUF: *v = (int)s->rcvbuf; return 0;
	case LX_SO_PASSCRED: *v = s->passcred; return 0;
	case LX_SO_ACCEPTCONN: *v = s->state == US_LISTEN; return 0;
	case LX_SO_DOMAIN: *v = LX_AF_UNIX; return 0;
	case LX_SO_PROTOCOL: *v = 0; return 0;
	case LX_SO_REUSEADDR: case LX_SO_KEEPALIVE: *v = 0; return 0;
	default: return -LX_ENOPROTOOPT;
	}
}

int usock_getopt(struct usock *s, int level, int name, void *val, uint32_t *len)
{
	if (level != LX_SOL_SOCKET)
		return -LX_EOPNOTSUPP;
	if (name == LX_SO_PEERCRED) {
		struct usock_cred c = s->has_peercred ? s->peercred
		                                       : (struct usock_cred){ 0, ~0u, ~0u };
		*len = *len < sizeof(c) ? *len : sizeof(c);
		memcpy(val, &c, *len);
		return 0;
	}
	int v, err = int_opt(s, name, &v);
	if (err)
		return err;
	*len = *len < sizeof(v) ? *len : sizeof(v);
	memcpy(val, &v, *len);
	return 0;
}

/* ---- read(2), write(2), poll(2) ---- */

static int64_t usock_read(struct file *f, void *buf, size_t n, uint64_t *pos)
{
	(void)pos;
	struct usock_rinfo ri;
	int64_t r = usock_recv(f->priv, buf, n, 0, &ri);
	if (ri.nfiles)
		files_drop(ri.files, ri.nfiles);
	return r;
}

static int64_t usock_write(struct file *f, const void *buf, size_t n, uint64_t *pos)
{
	(void)pos;
	struct uthread *t = unix_current;
	struct usock_cred me = { t->proc->pid, t->proc->cred.uid, t->proc->cred.gid };
	return usock_send(f->priv, buf, n, NULL, NULL, NULL, &me);
}

#define P_IN    0x001
#define P_OUT   0x004
#define P_ERR   0x008
#define P_HUP   0x010
#define P_RDNORM 0x040
#define P_WRNORM 0x100
#define P_WRBAND 0x200
#define P_RDHUP 0x2000

static bool writable(struct usock *s)
{
	return (s->wmem << 2) <= s->sndbuf;
}

static unsigned usock_poll(struct file *f)
{
	struct usock *s = f->priv;
	unsigned m = 0;
	if (s->err)
		m |= P_ERR;
	if (s->shut == (SHUT_RCV | SHUT_SEND))
		m |= P_HUP;
	if (s->shut & SHUT_RCV)
		m |= P_RDHUP | P_IN | P_RDNORM;
	if (s->qlen || s->nacceptq)
		m |= P_IN | P_RDNORM;
	if (s->type != LX_SOCK_DGRAM && s->state == US_UNCONNECTED)
		m |= P_HUP;
	if (s->state == US_LISTEN)
		return m;
	bool w = writable(s);
	if (s->type == LX_SOCK_DGRAM && s->peer && s->peer->peer != s && s->peer->qlen > DGRAM_QLEN)
		w = false;
	if (s->type != LX_SOCK_DGRAM && (s->shut & SHUT_SEND))
		w = true;       /* a write fails at once */
	return m | (w ? P_OUT | P_WRNORM | P_WRBAND : 0);
}

static struct urt_list *usock_wait_queue(struct file *f, bool write)
{
	(void)write;
	return usock_queue(f->priv);
}

static const struct file_ops usock_ops = {
	.read = usock_read, .write = usock_write, .release = usock_release,
	.poll = usock_poll, .wait_queue = usock_wait_queue,
};
