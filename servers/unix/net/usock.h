/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * net/usock.h - AF_UNIX sockets: stream and datagram sockets between the
 * processes of one unixd, as Linux's net/unix/af_unix.c.
 *
 *   usock.c    the socket objects, their message queues, memory bounds,
 *              send and receive, options, poll, and the file_ops that
 *              read(2)/write(2)/poll(2) use
 *   uconn.c    names (paths in the VFS, the abstract namespace), connect,
 *              listen, accept, shutdown (usock_impl.h: what the two share)
 *   sys_net.c  the system calls: decode (descriptors, addresses, iovecs,
 *              control messages), then call usock.c
 *   ugc.c      the collector of sockets only in flight (Linux's unix_gc)
 *
 * A socket lives while something refers to it: its file (the inode embedded
 * in it, as pipes'), its connected peer, a listener's accept queue, the
 * messages it sent that still wait in a queue (they charge its send
 * buffer).  A socket has two wait queues, as Linux's sk_wq and peer_wait
 * keyed apart: readers (and poll's and epoll's read watches) wait on one,
 * woken when data comes; writers on the other, woken when room comes; a
 * change of state wakes both.
 */
#ifndef UNIX_NET_USOCK_H
#define UNIX_NET_USOCK_H

#include <stdbool.h>
#include <stdint.h>
#include "vfs.h"

#define LX_AF_UNIX        1
#define LX_SOCK_STREAM    1
#define LX_SOCK_DGRAM     2
#define LX_SOCK_SEQPACKET 5
#define LX_SOCK_NONBLOCK  LX_O_NONBLOCK
#define LX_SOCK_CLOEXEC   LX_O_CLOEXEC

#define LX_MSG_OOB        0x1
#define LX_MSG_PEEK       0x2
#define LX_MSG_CTRUNC     0x8
#define LX_MSG_TRUNC      0x20
#define LX_MSG_DONTWAIT   0x40
#define LX_MSG_EOR        0x80
#define LX_MSG_WAITALL    0x100
#define LX_MSG_NOSIGNAL   0x4000
#define LX_MSG_CMSG_CLOEXEC 0x40000000

#define LX_SHUT_RD   0
#define LX_SHUT_WR   1
#define LX_SHUT_RDWR 2

#define USOCK_PATH_MAX  108             /* sun_path */
#define USOCK_ADDR_MAX  (2 + USOCK_PATH_MAX)
#define USOCK_FD_MAX    253             /* SCM_MAX_FD: descriptors in one message */

/* A name: the sockaddr_un bytes as bound (len counts the family). */
struct usock_addr {
	uint32_t len;
	uint8_t bytes[USOCK_ADDR_MAX];
};

struct usock_cred {
	int32_t pid;
	uint32_t uid, gid;
};

/* What goes with a message besides its bytes. */
struct usock_ctl {
	bool has_cred;                  /* SCM_CREDENTIALS given (checked) */
	struct usock_cred cred;
	unsigned nfiles;                /* SCM_RIGHTS: references, moved in */
	struct file **files;
	uint32_t uid;                   /* the sender's real user, whose count they join */
	uint64_t nofile;                /* its RLIMIT_NOFILE: the most that user has in flight */
	bool exempt;                    /* root: no such limit */
};

/* What a receive gives back besides the bytes. */
struct usock_rinfo {
	struct usock_addr from;         /* datagram: the sender's name */
	bool has_cred;                  /* the receiver asked (SO_PASSCRED) */
	struct usock_cred cred;
	unsigned nfiles;                /* SCM_RIGHTS: references, the caller's now */
	struct file **files;
	bool truncated;                 /* a datagram longer than the buffer */
	uint64_t full_len;
};

struct usock;

/* The socket behind f, or NULL (ENOTSOCK). */
struct usock *usock_of(struct file *f);
/* A new socket of type (LX_SOCK_*) in a file with flags (O_NONBLOCK). */
int usock_create(int type, const struct vfs_cred *cred, uint32_t flags, struct file **out);
int usock_pair(int type, const struct vfs_cred *cred, int pid, uint32_t flags,
               struct file **a, struct file **b);
int usock_type(struct usock *s);

/* Names: addr as given (family checked by the caller); ctx for paths, and
 * mode (umask applied) for a path's socket inode. */
int usock_bind(struct usock *s, const struct vfs_ctx *ctx, const struct usock_addr *addr,
               uint32_t mode);
/* 0, -EAGAIN (a blocking connect waits on usock_queue), or -errno. */
int usock_connect(struct usock *s, const struct vfs_ctx *ctx, const struct usock_addr *addr,
                  int pid);
int usock_disconnect(struct usock *s);
int usock_listen(struct usock *s, int backlog, int pid, const struct vfs_cred *cred);
/* A connected socket from the accept queue in a new file, -EAGAIN, -errno. */
int usock_accept(struct usock *s, uint32_t flags, struct file **out);
void usock_name(struct usock *s, struct usock_addr *out);
int usock_peer_name(struct usock *s, struct usock_addr *out);
int usock_shutdown(struct usock *s, int how);

/* Send n bytes (to, for a datagram, or NULL) with ctl; bytes sent (a
 * stream: maybe fewer), -EAGAIN (wait on usock_queue), -EPIPE, -errno.
 * ctl's files move into the message on success. */
int64_t usock_send(struct usock *s, const void *buf, uint64_t n, const struct vfs_ctx *ctx,
                   const struct usock_addr *to, struct usock_ctl *ctl, const struct usock_cred *me);
/* Receive up to n bytes; bytes, 0 at end of stream, -EAGAIN, -errno. */
int64_t usock_recv(struct usock *s, void *buf, uint64_t n, int flags, struct usock_rinfo *ri);
/* Where a call that returned -EAGAIN parks: a receive or accept (send
 * false) on s's read queue; a send or connect (send true) on its write
 * queue, or the queue the call named (a full datagram receiver's). */
struct urt_list *usock_queue(struct usock *s, bool send);

/* Options. */
int usock_getopt(struct usock *s, int level, int name, void *val, uint32_t *len);
int usock_setopt(struct usock *s, int level, int name, const void *val, uint32_t len);
/* SO_RCVTIMEO (send false) or SO_SNDTIMEO in ns; 0: none. */
uint64_t usock_timeout(struct usock *s, bool send);
/* Whether a message waits to be received. */
bool usock_pending(struct usock *s);
/* Whether receiving gives credentials (SO_PASSCRED). */
bool usock_passcred(struct usock *s);

#endif
