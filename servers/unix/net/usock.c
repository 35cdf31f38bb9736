/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * net/usock.c - AF_UNIX sockets (usock.h): objects, queues, sending and
 * receiving, options, and the file read(2)/write(2)/poll(2) use, as
 * Linux's af_unix.c.
 *
 * A message (struct skb) holds bytes, the sender's credentials and name,
 * and descriptors in flight (SCM_RIGHTS).  A stream sends into its peer's
 * queue in chunks of at most half its send buffer; a datagram is one
 * message, to the connected peer or an address; a sequenced packet
 * (SOCK_SEQPACKET) connects as a stream and sends and receives as a
 * datagram.  Memory is bounded three ways: what a socket has sent and is
 * not yet read (its send buffer,
 * SO_SNDBUF: a send waits, or EAGAIN, while it is used up), how many
 * datagrams wait in a receiver not connected back (DGRAM_QLEN, Linux's
 * max_dgram_qlen), and all queued messages of unixd together (USOCK_MEM_MAX:
 * past it a send waits for its own messages to be read, or is ENOBUFS when
 * it has none); descriptors in flight are bounded too (ETOOMANYREFS).
 * A socket sent over itself and closed, and any cycle of sockets in flight
 * only in each other's queues, is closed by the collector (ugc.c) at the
 * next release of a socket.
 *
 * Names and connections are uconn.c's.
 *
 * Waiting: a call that returns -EAGAIN leaves in usock_park_queue the
 * queue to park on (the socket's own, or a full datagram receiver's write
 * queue).  Data arriving wakes the receiver's read queue; a message freed,
 * its sender's write queue; a datagram taken, its receiver's write queue
 * (senders waiting for room there); other changes wake both.
 */
#include "unixd.h"
#include "fd.h"
#include "usock_impl.h"

static uint64_t usock_mem;              /* bytes charged by every queued message */
static unsigned inflight;               /* descriptors in queued messages */

/* Descriptors in flight per real user, as Linux's user->unix_inflight:
 * a user past its RLIMIT_NOFILE may send no more (ETOOMANYREFS). */
#define INFLIGHT_USERS 64
static struct { uint32_t uid; unsigned n; } inflight_user[INFLIGHT_USERS];

static unsigned *user_count(uint32_t uid, bool make)
{
	for (unsigned i = 0; i < INFLIGHT_USERS; i++)
		if (inflight_user[i].n && inflight_user[i].uid == uid)
			return &inflight_user[i].n;
	for (unsigned i = 0; make && i < INFLIGHT_USERS; i++)
		if (!inflight_user[i].n) {
			inflight_user[i].uid = uid;
			return &inflight_user[i].n;
		}
	return NULL;
}

/* n descriptors of uid's leave flight. */
static void inflight_sub(uint32_t uid, unsigned n)
{
	unsigned *c = user_count(uid, false);
	inflight -= n;
	if (c)
		*c -= n;
}

/* Linux's too_many_unix_fds, and the bound of all unixd's. */
static bool inflight_refused(const struct usock_ctl *ctl)
{
	if (inflight + ctl->nfiles > INFLIGHT_MAX)
		return true;
	unsigned *c = user_count(ctl->uid, false);
	if (!ctl->exempt && c && *c > ctl->nofile)
		return true;
	return !c && !user_count(ctl->uid, true);       /* no room to count a new user */
}
struct urt_list *usock_park_queue;
struct urt_list usock_all;

struct skb {
	struct urt_link link;
	struct usock *from;             /* a reference; charged len + SKB_OVERHEAD */
	struct usock_addr from_name;
	struct usock_cred cred;
	bool explicit_cred;
	unsigned nfiles;
	struct file **files;
	uint32_t fuid;                  /* whose count its files are in */
	uint32_t len, off;
	uint8_t data[];
};

static const struct file_ops usock_ops;
static struct vfs_sb usock_sb;

/* Closing files found in a freed queue may free more sockets: they are
 * closed one by one from this list, never by recursion. */
static struct file **close_later;
static unsigned nclose_later, close_later_cap;
static bool closing;


struct usock *usock_of(struct file *f)
{
	return f && f->ops == &usock_ops ? f->priv : NULL;
}

int usock_type(struct usock *s)
{
	return s->type;
}

struct urt_list *usock_queue(struct usock *s, bool send)
{
	if (!send)
		return &s->wait;
	return usock_park_queue ? usock_park_queue : &s->wwait;
}

bool usock_pending(struct usock *s)
{
	return s->qlen > 0;
}

bool usock_passcred(struct usock *s)
{
	return s->passcred;
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
	inflight_sub(b->fuid, b->nfiles);
	if (b->nfiles)
		files_drop(b->files, b->nfiles);
	free(b);
	usock_wake_write(from);         /* its send buffer has room */
	usock_put(from);
}

static void skb_attach(struct skb *b, struct usock_ctl *ctl, const struct usock_cred *me)
{
	b->cred = *me;
	if (ctl && ctl->has_cred)
		b->cred = ctl->cred, b->explicit_cred = true;
	if (ctl && ctl->nfiles) {
		b->files = ctl->files, b->nfiles = ctl->nfiles;
		b->fuid = ctl->uid;
		inflight += ctl->nfiles;
		*user_count(ctl->uid, true) += ctl->nfiles;    /* inflight_refused made room */
		ctl->files = NULL, ctl->nfiles = 0;
	}
}

static void queue_push(struct usock *to, struct skb *b)
{
	urt_list_push_back(&to->rxq, &b->link);
	to->qlen++;
	usock_wake_read(to);
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

void usock_put(struct usock *s)
{
	if (--s->refs)
		return;
	queue_purge(s);
	usock_wake(s);
	urt_list_remove(&usock_all, &s->glink);
	free(s);
}

void usock_queue_files(struct usock *s, void (*fn)(struct file *f, void *arg), void *arg)
{
	urt_list_foreach(b, &s->rxq, struct skb, link)
		for (unsigned i = 0; i < b->nfiles; i++)
			fn(b->files[i], arg);
}

void usock_queues_drop(struct usock **g, unsigned n)
{
	bool was = closing;
	closing = true;         /* every queue empty before any file closes */
	for (unsigned i = 0; i < n; i++)
		queue_purge(g[i]);
	closing = was;
	files_close_pending();
}

unsigned usock_inflight(void)
{
	return inflight;
}

static void usock_evict(struct inode *ip)
{
	usock_put((struct usock *)((char *)ip - offsetof(struct usock, ino)));
}

static const struct inode_ops usock_inode_ops = { .evict = usock_evict };

struct usock *usock_new(int type, const struct vfs_cred *cred)
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
	urt_list_init(&s->wwait);
	urt_list_push_back(&usock_all, &s->glink);
	s->ino = (struct inode){ .ops = &usock_inode_ops, .sb = &usock_sb, .ino = (uintptr_t)s >> 4,
	                         .mode = LX_S_IFSOCK | 0777, .nlink = 1,
	                         .uid = cred->euid, .gid = cred->egid };
	return s;
}

struct file *usock_file(struct usock *s, uint32_t flags)
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
		if (s)
			urt_list_remove(&usock_all, &s->glink);
		free(s);
		return -LX_ENOMEM;
	}
	return 0;
}

int usock_create(int type, const struct vfs_cred *cred, uint32_t flags, struct file **out)
{
	return socket_file(type, cred, flags, out);
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
	usock_connect_pair(a, b);
	usock_cred_of(&a->peercred, pid, cred);
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
		usock_wake(peer);
	}
	s->peer = NULL;
	usock_put(peer);
}

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

void usock_release_sock(struct usock *s)
{
	s->dead = true;
	s->shut = SHUT_RCV | SHUT_SEND;
	usock_unbind(s);
	release_acceptq(s);
	release_peer(s);
	s->refs++;              /* freeing the queue may drop the last other reference */
	queue_purge(s);
	usock_wake(s);
	usock_put(s);
}

static void usock_release(struct file *f)
{
	usock_release_sock(f->priv);
	usock_gc();             /* as Linux's unix_release_sock with fds in flight */
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
	if (!sent && n)         /* nothing of its own to wait for: unixd's bound is reached */
		return s->wmem ? -LX_EAGAIN : -LX_ENOBUFS;
	return (int64_t)sent;
}

/* The datagram's receiver: to, or the connected peer (which, if it has
 * gone, is forgotten: ECONNREFUSED once, then ENOTCONN, as Linux). */
static int dgram_target(struct usock *s, const struct vfs_ctx *ctx, const struct usock_addr *to,
                        struct usock **out)
{
	if (to)
		return usock_lookup(ctx, to, s->type, out);
	if (!s->peer)
		return -LX_ENOTCONN;
	if (s->peer->dead) {
		usock_disconnect(s);
		return -LX_ECONNREFUSED;
	}
	*out = s->peer;
	return 0;
}

/* One packet (a datagram, a sequenced packet) of s onto r's queue, with its
 * control data, once s's send buffer has room (else EAGAIN; ENOBUFS when
 * nothing of s's is queued and still no memory). */
static int64_t packet_queue(struct usock *s, struct usock *r, const uint8_t *buf, uint64_t n,
                            struct usock_ctl *ctl, const struct usock_cred *me)
{
	if (s->wmem >= s->sndbuf)
		return -LX_EAGAIN;
	struct skb *b = skb_new(s, buf, (uint32_t)n);
	if (!b)
		return s->wmem ? -LX_EAGAIN : -LX_ENOBUFS;
	skb_attach(b, ctl, me);
	queue_push(r, b);
	return (int64_t)n;
}

static int64_t dgram_send(struct usock *s, const uint8_t *buf, uint64_t n, const struct vfs_ctx *ctx,
                          const struct usock_addr *to, struct usock_ctl *ctl,
                          const struct usock_cred *me)
{
	if (n > s->sndbuf - DGRAM_HEAD)
		return -LX_EMSGSIZE;
	if ((s->shut & SHUT_SEND) && (to || s->peer))
		return -LX_EPIPE;       /* sock_alloc_send_pskb: before the peer is looked up */
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
		usock_park_queue = &r->wwait;
		return -LX_EAGAIN;
	}
	return packet_queue(s, r, buf, n, ctl, me);
}

/* A sequenced packet: a datagram to the connected peer; an address is
 * ignored, a gone or shut peer is EPIPE (Linux's unix_seqpacket_sendmsg). */
static int64_t seqpacket_send(struct usock *s, const uint8_t *buf, uint64_t n,
                              struct usock_ctl *ctl, const struct usock_cred *me)
{
	if (s->state != US_CONNECTED)
		return -LX_ENOTCONN;
	if (n > s->sndbuf - DGRAM_HEAD)
		return -LX_EMSGSIZE;
	struct usock *p = s->peer;
	if ((s->shut & SHUT_SEND) || !p || p->dead || (p->shut & SHUT_RCV))
		return -LX_EPIPE;
	return packet_queue(s, p, buf, n, ctl, me);
}

int64_t usock_send(struct usock *s, const void *buf, uint64_t n, const struct vfs_ctx *ctx,
                   const struct usock_addr *to, struct usock_ctl *ctl, const struct usock_cred *me)
{
	usock_park_queue = NULL;
	if (ctl && ctl->nfiles && inflight_refused(ctl))
		return -LX_ETOOMANYREFS;
	if (s->type == LX_SOCK_DGRAM)
		return dgram_send(s, buf, n, ctx, to, ctl, me);
	if (s->type == LX_SOCK_SEQPACKET)
		return seqpacket_send(s, buf, n, ctl, me);
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
		inflight_sub(b->fuid, b->nfiles);
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
	usock_wake_write(s);            /* datagram senders waiting for room in its queue */
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

/* A stream read: bytes of consecutive messages up to n, stopping after
 * one that carries descriptors (as Linux's unix_stream_read_generic). */
static int64_t stream_recv(struct usock *s, uint8_t *buf, uint64_t n, int flags,
                           struct usock_rinfo *ri)
{
	if (s->state != US_CONNECTED)
		return -LX_EINVAL;
	if (!n)
		return 0;       /* Linux's target is 0 bytes: nothing to wait for */
	bool peek = flags & LX_MSG_PEEK;
	uint64_t done = 0;
	struct skb *b = urt_list_first(&s->rxq, struct skb, link);
	while (done < n && b) {
		struct skb *next = urt_list_next(b, struct skb, link);
		uint32_t avail = b->len - b->off;
		uint32_t c = n - done < avail ? (uint32_t)(n - done) : avail;
		memcpy(buf + done, b->data + b->off, c);
		if (!done)
			info_out(s, b, ri, peek);
		else
			files_out(b, ri, peek);
		done += c;
		bool had_files = b->nfiles || ri->nfiles;
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
	if (s->type == LX_SOCK_SEQPACKET)       /* messages of a connection */
		return s->state == US_CONNECTED ? dgram_recv(s, buf, n, flags, ri) : -LX_ENOTCONN;
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

struct lx_timeval {
	int64_t sec, usec;
};

/* SO_RCVTIMEO, SO_SNDTIMEO as Linux's sock_set_timeout: EDOM for a bad
 * usec, a negative time is none at all (0 too). */
static int timeo_set(struct usock *s, bool send, const void *val, uint32_t len)
{
	struct lx_timeval tv;
	if (len < sizeof(tv))
		return -LX_EINVAL;
	memcpy(&tv, val, sizeof(tv));
	if (tv.usec < 0 || tv.usec >= 1000000)
		return -LX_EDOM;
	s->timeo_ns[send] = tv.sec < 0 ? 0 : (uint64_t)tv.sec * 1000000000ull + (uint64_t)tv.usec * 1000;
	return 0;
}

uint64_t usock_timeout(struct usock *s, bool send)
{
	return s->timeo_ns[send];
}

int usock_setopt(struct usock *s, int level, int name, const void *val, uint32_t len)
{
	if (level != LX_SOL_SOCKET)
		return -LX_EOPNOTSUPP;
	if (name == LX_SO_RCVTIMEO || name == LX_SO_SNDTIMEO)
		return timeo_set(s, name == LX_SO_SNDTIMEO, val, len);
	if (len < sizeof(int))
		return -LX_EINVAL;
	int v;
	memcpy(&v, val, sizeof(v));
	switch (name) {
	case LX_SO_SNDBUF: s->sndbuf = buf_size(val, SNDBUF_MIN); usock_wake(s); return 0;
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
	if (name == LX_SO_RCVTIMEO || name == LX_SO_SNDTIMEO) {
		uint64_t ns = s->timeo_ns[name == LX_SO_SNDTIMEO];
		struct lx_timeval tv = { (int64_t)(ns / 1000000000ull), (int64_t)(ns % 1000000000ull / 1000) };
		*len = *len < sizeof(tv) ? *len : sizeof(tv);
		memcpy(val, &tv, *len);
		return 0;
	}
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
	return m | (w ? P_OUT | P_WRNORM | P_WRBAND : 0);
}

static struct urt_list *usock_wait_queue(struct file *f, bool write)
{
	return usock_queue(f->priv, write);
}

static const struct file_ops usock_ops = {
	.read = usock_read, .write = usock_write, .release = usock_release,
	.poll = usock_poll, .wait_queue = usock_wait_queue,
};
