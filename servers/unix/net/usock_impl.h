/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * net/usock_impl.h - what usock.c (objects, messages, sending and
 * receiving, options, the file) and uconn.c (names and connections) share:
 * the socket object and its rules.  Not for the rest of unixd: usock.h.
 */
#ifndef UNIX_NET_USOCK_IMPL_H
#define UNIX_NET_USOCK_IMPL_H

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
#define LX_SO_RCVTIMEO  20
#define LX_SO_SNDTIMEO  21
#define LX_SO_PEERCRED  17
#define LX_SO_ACCEPTCONN 30
#define LX_SO_PROTOCOL  38
#define LX_SO_DOMAIN    39

enum usock_state { US_UNCONNECTED, US_LISTEN, US_CONNECTED };
enum { SHUT_RCV = 1, SHUT_SEND = 2 };

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
	uint64_t timeo_ns[2];           /* SO_RCVTIMEO, SO_SNDTIMEO; 0: none */
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
	struct urt_list wait;           /* parked readers, accepts: data or a change came */
	struct urt_list wwait;          /* parked writers, connects: room came (and its
	                                   datagram senders': Linux's peer_wait) */
	struct inode ino;               /* what fstat shows */
	struct urt_link glink;          /* on usock_all */
	/* the collector's (ugc.c): references in flight, its file, its verdict */
	unsigned gc_refs;
	struct file *gc_file;
	int gc_state;
};

/* Every socket that is not freed, for the collector. */
extern struct urt_list usock_all;

/* The queue a call that returned -EAGAIN is to park on (NULL: its own). */
extern struct urt_list *usock_park_queue;

/* A change of state (connection, shutdown, close, options): both queues,
 * as Linux's sk_state_change wakes with no key. */
static inline void usock_wake(struct usock *s)
{
	wake_all(&s->wait);
	wake_all(&s->wwait);
}

/* Data came: readers only (Linux's sk_data_ready, an EPOLLIN key). */
static inline void usock_wake_read(struct usock *s)
{
	wake_all(&s->wait);
}

/* Room came: writers only (sk_write_space, peer_wait: an EPOLLOUT key), so
 * a receive is no new edge for an EPOLLET reader. */
static inline void usock_wake_write(struct usock *s)
{
	wake_all(&s->wwait);
}

static inline void usock_cred_of(struct usock_cred *c, int pid, const struct vfs_cred *cred)
{
	*c = (struct usock_cred){ pid, cred->euid, cred->egid };
}

static inline void usock_connect_pair(struct usock *a, struct usock *b)
{
	a->peer = b, b->refs++;
	b->peer = a, a->refs++;
	a->state = b->state = US_CONNECTED;
}

/* usock.c */
struct usock *usock_new(int type, const struct vfs_cred *cred);
/* A file for s, holding the inode's reference s was made with. */
struct file *usock_file(struct usock *s, uint32_t flags);
void usock_put(struct usock *s);
/* s's file is closed: it is dead, unnamed, disconnected, its queue gone. */
void usock_release_sock(struct usock *s);

/* Call fn for each file in flight in s's queue. */
void usock_queue_files(struct usock *s, void (*fn)(struct file *f, void *arg), void *arg);
/* Drop every message queued to the n sockets g, then close the files in
 * them (so no socket closed by it still holds messages: Linux's hitlist). */
void usock_queues_drop(struct usock **g, unsigned n);
/* Descriptors in flight in all queues. */
unsigned usock_inflight(void);

/* ugc.c: close the sockets whose every reference is in flight in the
 * queues of such sockets (Linux's unix_gc); run at each socket's release. */
void usock_gc(void);

/* uconn.c */
void usock_unbind(struct usock *s);
/* The socket of type a name names: ENOENT & co. for a path, EACCES
 * without write permission, ECONNREFUSED when no socket is bound there. */
int usock_lookup(const struct vfs_ctx *ctx, const struct usock_addr *a, int type,
                 struct usock **out);

#endif
