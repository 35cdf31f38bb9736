/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * event.h - waiting on many things: what poll.c, epoll.c, eventfd.c,
 * timerfd.c, signalfd.c and anonfd.c share.
 *
 *   poll.c      poll, ppoll, select, pselect6; the timeout and signal-mask
 *               helpers every waiting call uses
 *   epoll.c     epoll_create*, epoll_ctl, epoll_wait, epoll_pwait*; the
 *               hook wake_all calls for every queue woken (epoll_queue_woken)
 *               and the one vfs_close calls for a watched file
 *   eventfd.c   eventfd, eventfd2
 *   timerfd.c   timerfd_create, timerfd_settime, timerfd_gettime
 *   signalfd.c  signalfd, signalfd4; signal.c calls signalfd_notify
 *   anonfd.c    files without a name (Linux's anon_inode files)
 *
 * Readiness is the LX_POLL* bits of file_ops.poll; a change of readiness is
 * a wake_all of one of the file's wait queues (file_ops.wait_queue).
 */
#ifndef UNIX_EVENT_H
#define UNIX_EVENT_H

#include <stdbool.h>
#include <stdint.h>

struct uthread;
struct proc;
struct file;
struct file_ops;
struct urt_list;

/* poll(2) and epoll(7) bits: the same numbers (uapi/asm-generic/poll.h) */
#define LX_POLLIN      0x001
#define LX_POLLPRI     0x002
#define LX_POLLOUT     0x004
#define LX_POLLERR     0x008
#define LX_POLLHUP     0x010
#define LX_POLLNVAL    0x020
#define LX_POLLRDNORM  0x040
#define LX_POLLRDBAND  0x080
#define LX_POLLWRNORM  0x100
#define LX_POLLWRBAND  0x200
#define LX_POLLRDHUP   0x2000
#define LX_EPOLLEXCLUSIVE (1u << 28)
#define LX_EPOLLWAKEUP    (1u << 29)
#define LX_EPOLLONESHOT   (1u << 30)
#define LX_EPOLLET        (1u << 31)

/* ---- poll.c: shared by every call that waits with a timeout ---- */
/* The deadline (kernel clock) of a call that waits ns from its first run
 * (has false: never); kept in t->park.data[1] across runs. */
uint64_t poll_deadline(struct uthread *t, bool has, uint64_t ns);
/* A struct timespec at u as ns: -EFAULT, -EINVAL (negative, nsec >= 1e9). */
int poll_timespec_ns(struct uthread *t, uint64_t u, uint64_t *ns);
/* ppoll's signal mask: in force until the answer (first run only). */
int poll_sigmask_swap(struct uthread *t, uint64_t umask, uint64_t size);

/* ---- epoll.c ---- */
/* wake_all(queue) was called: the epoll items watching it may be ready. */
void epoll_queue_woken(struct urt_list *queue);

/* ---- anonfd.c ---- */
/* A new open file without a place in the tree, called name ("[eventfd]"),
 * reading and writing through ops, with priv; NULL when out of memory
 * (priv is still the caller's). */
struct file *anon_file_new(const char *name, const struct file_ops *ops, void *priv,
                           uint32_t flags);
/* Its lowest free descriptor, or -errno (the file is closed then:
 * its release op frees priv). */
int anon_fd_install(struct proc *p, struct file *f, bool cloexec);

/* f is such a file: no pread or pwrite (ESPIPE: Linux gives them no
 * FMODE_PREAD), though lseek succeeds. */
bool anon_file(struct file *f);
/* lseek of these files, Linux's noop_llseek: the position, which never moves. */
int64_t anon_lseek(struct file *f, int64_t off, int whence);

/* ---- eventfd.c ---- */
/* f is an eventfd: a write takes one 8-byte value, however long. */
bool eventfd_file(struct file *f);

/* wake_all(queue) will not come again: watches of it go (Linux's POLLFREE). */
void epoll_queue_gone(struct urt_list *queue);

/* ---- signalfd.c ---- */
/* A signal was queued for p: reads and watches of signalfds by p's
 * threads look again (p's handlers' signalfd_wait, as Linux's sighand). */
void signalfd_notify(struct proc *p);
/* Handlers go (sigstate_put): nothing waits on their queue any more. */
void signalfd_sighand_gone(struct urt_list *queue);
/* Wake-ups of f's queue carry no key (every epoll item matches), as Linux's
 * signalfd_wqh. */
bool signalfd_file(struct file *f);

#endif
