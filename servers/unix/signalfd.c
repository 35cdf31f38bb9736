/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * signalfd.c - signalfd, signalfd4: pending signals read from a file, as
 * Linux's fs/signalfd.c.
 *
 * A signalfd holds a set of signals (never SIGKILL or SIGSTOP).  A read
 * takes the reading thread's pending signals of that set (its own first,
 * then its process's, lowest number first, as sigtimedwait) and gives each
 * as a 128-byte struct signalfd_siginfo, as many as fit; with none pending
 * it waits (EAGAIN to the file layer, which parks a blocking read), and
 * fewer than 128 bytes is EINVAL.  The signals must be blocked for this to
 * be useful: an unblocked one is delivered as usual.  Readiness (EPOLLIN) is
 * that of the thread that looks, as in Linux.
 *
 * As in Linux, a signalfd's wait queue is the looking thread's handlers'
 * (struct sigstate's signalfd_wait, Linux's sighand->signalfd_wqh): a
 * blocked read parks there, epoll_ctl watches the queue of the thread that
 * adds it.  signal.c calls signalfd_notify for every signal queued to a
 * process, which wakes that queue with no key (blocked reads, poll, every
 * epoll item on it: an edge for EPOLLET).  signalfd4 on an existing signalfd
 * replaces its set and wakes the queue too.  When the handlers go, epoll
 * forgets their queue (Linux's POLLFREE).
 */
#include "unixd.h"
#include "fd.h"
#include "signal.h"
#include "event.h"
#include "mm/mm.h"

#define SFD_FLAGS (LX_O_CLOEXEC | LX_O_NONBLOCK)

struct lx_signalfd_siginfo {
	uint32_t ssi_signo;
	int32_t ssi_errno, ssi_code;
	uint32_t ssi_pid, ssi_uid;
	int32_t ssi_fd;
	uint32_t ssi_tid, ssi_band, ssi_overrun, ssi_trapno;
	int32_t ssi_status, ssi_int;
	uint64_t ssi_ptr, ssi_utime, ssi_stime, ssi_addr;
	uint16_t ssi_addr_lsb, pad2;
	int32_t ssi_syscall;
	uint64_t ssi_call_addr;
	uint32_t ssi_arch;
	uint8_t pad[28];
};
_Static_assert(sizeof(struct lx_signalfd_siginfo) == 128, "Linux's signalfd_siginfo");

struct signalfd {
	lx_sigset_t mask;
};

static const struct file_ops signalfd_fops;

bool signalfd_file(struct file *f)
{
	return f->ops == &signalfd_fops;
}

void signalfd_notify(struct proc *p)
{
	if (p->sig)
		wake_all(&p->sig->signalfd_wait);
}

void signalfd_sighand_gone(struct urt_list *queue)
{
	wake_all(queue);
	epoll_queue_gone(queue);
}

/* Linux's siginfo_layout, reduced to what signalfd copies. */
enum ssi_layout { SSI_KILL, SSI_TIMER, SSI_POLL, SSI_FAULT, SSI_CHLD, SSI_RT, SSI_SYS };

static enum ssi_layout ssi_layout(int sig, int code)
{
	static const struct { int sig, limit; enum ssi_layout layout; } codes[] = {
		{ LX_SIGILL, 11, SSI_FAULT }, { LX_SIGFPE, 15, SSI_FAULT }, { LX_SIGSEGV, 9, SSI_FAULT },
		{ LX_SIGBUS, 5, SSI_FAULT }, { LX_SIGTRAP, 6, SSI_FAULT }, { LX_SIGCHLD, 6, SSI_CHLD },
		{ LX_SIGIO, 6, SSI_POLL }, { LX_SIGSYS, 2, SSI_SYS },
	};
	if (code > LX_SI_USER && code < LX_SI_KERNEL) {
		for (unsigned i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
			if (codes[i].sig == sig && code <= codes[i].limit)
				return codes[i].layout;
		return code <= 6 ? SSI_POLL : SSI_KILL;
	}
	if (code == LX_SI_TIMER)
		return SSI_TIMER;
	if (code == LX_SI_SIGIO)
		return SSI_POLL;
	return code < 0 ? SSI_RT : SSI_KILL;
}

static void ssi_fill(struct lx_signalfd_siginfo *o, const struct lx_siginfo *i)
{
	memset(o, 0, sizeof(*o));
	o->ssi_signo = (uint32_t)i->si_signo;
	o->ssi_errno = i->si_errno;
	o->ssi_code = i->si_code;
	switch (ssi_layout(i->si_signo, i->si_code)) {
	case SSI_KILL:
		o->ssi_pid = (uint32_t)i->kill.pid, o->ssi_uid = i->kill.uid;
		break;
	case SSI_TIMER:
		o->ssi_tid = (uint32_t)i->timer.tid, o->ssi_overrun = (uint32_t)i->timer.overrun;
		o->ssi_ptr = i->timer.sigval.sival_ptr, o->ssi_int = i->timer.sigval.sival_int;
		break;
	case SSI_POLL:
		o->ssi_band = (uint32_t)i->sigpoll.band, o->ssi_fd = i->sigpoll.fd;
		break;
	case SSI_FAULT:
		o->ssi_addr = i->sigfault.addr;
		break;
	case SSI_CHLD:
		o->ssi_pid = (uint32_t)i->sigchld.pid, o->ssi_uid = i->sigchld.uid;
		o->ssi_status = i->sigchld.status;
		o->ssi_utime = (uint64_t)i->sigchld.utime, o->ssi_stime = (uint64_t)i->sigchld.stime;
		break;
	case SSI_RT:
		o->ssi_pid = (uint32_t)i->rt.pid, o->ssi_uid = i->rt.uid;
		o->ssi_ptr = i->rt.sigval.sival_ptr, o->ssi_int = i->rt.sigval.sival_int;
		break;
	case SSI_SYS:
		o->ssi_call_addr = i->sigsys.call_addr, o->ssi_syscall = i->sigsys.syscall;
		o->ssi_arch = i->sigsys.arch;
		break;
	}
}

static int64_t signalfd_read(struct file *f, void *buf, size_t n, uint64_t *pos)
{
	(void)pos;
	struct signalfd *s = f->priv;
	struct uthread *t = unix_current;
	size_t count = n / sizeof(struct lx_signalfd_siginfo), done = 0;
	struct lx_siginfo info;
	if (!count)
		return -LX_EINVAL;
	if (!t)
		return -LX_EAGAIN;
	for (; done < count && signal_take(t, s->mask, &info); done++)
		ssi_fill((struct lx_signalfd_siginfo *)buf + done, &info);
	return done ? (int64_t)(done * sizeof(struct lx_signalfd_siginfo)) : -LX_EAGAIN;
}

static unsigned signalfd_poll(struct file *f)
{
	struct signalfd *s = f->priv;
	struct uthread *t = unix_current;
	return t && ((t->pend.set | t->proc->pend.set) & s->mask) ? LX_POLLIN : 0;
}

/* The looking thread's handlers' queue, as Linux's current->sighand. */
static struct urt_list *signalfd_queue(struct file *f, bool write)
{
	(void)f;
	struct uthread *t = unix_current;
	return write || !t || !t->proc->sig ? NULL : &t->proc->sig->signalfd_wait;
}

static void signalfd_release(struct file *f)
{
	free(f->priv);
}

static const struct file_ops signalfd_fops = { .lseek = anon_lseek, .read = signalfd_read,
                                               .poll = signalfd_poll,
                                               .wait_queue = signalfd_queue,
                                               .release = signalfd_release };

static long signalfd_new(struct proc *p, lx_sigset_t mask, int flags)
{
	struct signalfd *s = calloc(1, sizeof(*s));
	uint32_t fl = LX_O_RDWR | ((uint32_t)flags & LX_O_NONBLOCK);
	struct file *f = s ? anon_file_new("[signalfd]", &signalfd_fops, s, fl) : NULL;
	if (!f) {
		free(s);
		return -LX_ENOMEM;
	}
	s->mask = mask;
	return anon_fd_install(p, f, flags & LX_O_CLOEXEC);
}

long sys_signalfd4(struct uthread *t, const uint64_t *a)
{
	int fd = (int)a[0], flags = (int)a[3];
	lx_sigset_t mask;
	if (a[2] != sizeof(mask))
		return -LX_EINVAL;
	if (copy_in(t->proc, &mask, a[1], sizeof(mask)))
		return -LX_EFAULT;
	if (flags & ~SFD_FLAGS)
		return -LX_EINVAL;
	mask = sigset_del(sigset_del(mask, LX_SIGKILL), LX_SIGSTOP);
	if (fd == -1)
		return signalfd_new(t->proc, mask, flags);
	struct file *f = fd_file(t->proc, fd);
	if (!f)
		return -LX_EBADF;
	if (f->ops != &signalfd_fops)
		return -LX_EINVAL;
	struct signalfd *s = f->priv;
	s->mask = mask;
	signalfd_notify(t->proc);
	return fd;
}

long sys_signalfd(struct uthread *t, const uint64_t *a)
{
	uint64_t b[4] = { a[0], a[1], a[2], 0 };
	return sys_signalfd4(t, b);
}
