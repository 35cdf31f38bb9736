/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * poll.c - poll, ppoll, select, pselect6: waiting for any of several files.
 *
 * Readiness comes from each kind of file (file_poll, its file_ops.poll):
 * pipes, the terminal, epoll instances, eventfds, timerfds and signalfds say
 * whether a read or write would wait; files without the op are always
 * ready, as Linux's regular files are.  A call with nothing ready parks on
 * the one pollers queue, which every wake_all of any file's queue also
 * wakes (syscall.c): the call then looks again.  Simple and correct; epoll
 * (epoll.c) is the per-file registration that makes many waiters cheap.
 * The timeout and signal-mask helpers are shared with epoll (event.h).
 */
#include "unixd.h"
#include "fd.h"
#include "pipe.h"
#include "console.h"
#include "signal.h"
#include "timeu.h"
#include "event.h"
#include "mm/mm.h"

#define POLL_MAX    4096
#define NS 1000000000ull

struct urt_list pollers = URT_LIST_INIT;

unsigned file_poll(struct file *f)
{
	if (f->ops && f->ops->poll)
		return f->ops->poll(f);
	return LX_POLLIN | LX_POLLOUT | LX_POLLRDNORM | LX_POLLWRNORM;
}

struct lx_pollfd {
	int32_t fd;
	int16_t events, revents;
};

/* Look at every fd once: how many are ready; revents written. */
static long poll_scan(struct proc *p, struct lx_pollfd *pf, uint64_t n)
{
	long ready = 0;
	for (uint64_t i = 0; i < n; i++) {
		pf[i].revents = 0;
		if (pf[i].fd < 0)
			continue;
		struct file *f = fd_file(p, pf[i].fd);
		unsigned m = f ? file_poll(f) : LX_POLLNVAL;
		pf[i].revents = (int16_t)(m & ((unsigned)pf[i].events | LX_POLLERR | LX_POLLHUP | LX_POLLNVAL));
		if (pf[i].revents)
			ready++;
	}
	return ready;
}

uint64_t poll_deadline(struct uthread *t, bool has, uint64_t ns)
{
	if (t->park.wake_reason != PARK_NONE)
		return t->park.data[1];
	uint64_t dl = has ? unix_now_ns() + ns : UINT64_MAX;
	t->park.data[1] = dl;
	return dl;
}

static long do_poll(struct uthread *t, uint64_t ufds, uint64_t n, bool has_to, uint64_t to_ns)
{
	if (n > POLL_MAX)
		return -LX_EINVAL;
	struct lx_pollfd *pf = malloc(n ? n * sizeof(*pf) : 1);
	if (!pf)
		return -LX_ENOMEM;
	long r = copy_in(t->proc, pf, ufds, n * sizeof(*pf));
	if (!r) {
		uint64_t dl = poll_deadline(t, has_to, to_ns);
		r = poll_scan(t->proc, pf, n);
		if (r == 0 && t->park.wake_reason != PARK_TIMEOUT && dl > unix_now_ns()) {
			r = park(t, &pollers, dl);
			t->park.intr_result = -LX_ERESTARTNOHAND;
		} else if (copy_out(t->proc, ufds, pf, n * sizeof(*pf))) {
			r = -LX_EFAULT;
		}
	}
	free(pf);
	return r;
}

long sys_poll(struct uthread *t, const uint64_t *a)
{
	int ms = (int)a[2];
	return do_poll(t, a[0], a[1], ms >= 0, (uint64_t)(ms < 0 ? 0 : ms) * 1000000);
}

int poll_timespec_ns(struct uthread *t, uint64_t u, uint64_t *ns)
{
	struct lx_timespec ts;
	if (copy_in(t->proc, &ts, u, sizeof(ts)))
		return -LX_EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= (int64_t)NS)
		return -LX_EINVAL;
	*ns = (uint64_t)ts.tv_sec * NS + (uint64_t)ts.tv_nsec;
	return 0;
}

/* The signal mask for the duration of a ppoll/pselect (restored by the
 * frame, as sigsuspend does). */
int poll_sigmask_swap(struct uthread *t, uint64_t umask, uint64_t size)
{
	if (!umask || t->park.wake_reason != PARK_NONE)
		return 0;
	lx_sigset_t set;
	if (size != 8)
		return -LX_EINVAL;
	if (copy_in(t->proc, &set, umask, 8))
		return -LX_EFAULT;
	t->saved_mask = t->sig_blocked;
	t->sig_blocked = sig_mask_fix(set);
	t->restore_mask = true;
	return 0;
}

long sys_ppoll(struct uthread *t, const uint64_t *a)
{
	uint64_t ns = 0;
	int err = a[2] ? poll_timespec_ns(t, a[2], &ns) : 0;
	if (!err)
		err = poll_sigmask_swap(t, a[3], a[4]);
	return err ? err : do_poll(t, a[0], a[1], a[2] != 0, ns);
}

/* ---- select: three bit sets of up to n descriptors ---- */

#define FDSET_WORDS(n) (((n) + 63) / 64)

static long select_scan(struct proc *p, uint64_t n, uint64_t *set[3], uint64_t *out[3])
{
	static const unsigned want[3] = { LX_POLLIN | LX_POLLHUP | LX_POLLERR,
	                                  LX_POLLOUT | LX_POLLERR, LX_POLLPRI };
	long ready = 0;
	for (uint64_t fd = 0; fd < n; fd++) {
		uint64_t bit = 1ull << (fd % 64);
		bool any = false;
		for (int k = 0; k < 3; k++)
			any |= set[k] && (set[k][fd / 64] & bit);
		if (!any)
			continue;
		struct file *f = fd_file(p, (int)fd);
		if (!f)
			return -LX_EBADF;
		unsigned m = file_poll(f);
		for (int k = 0; k < 3; k++) {
			if (set[k] && (set[k][fd / 64] & bit) && (m & want[k])) {
				out[k][fd / 64] |= bit;
				ready++;
			}
		}
	}
	return ready;
}

static long do_select(struct uthread *t, const uint64_t *a, bool has_to, uint64_t to_ns)
{
	uint64_t n = a[0];
	if ((int64_t)n < 0)
		return -LX_EINVAL;
	if (n > FD_MAX_HARD)
		n = FD_MAX_HARD;
	size_t bytes = FDSET_WORDS(n) * 8;
	uint64_t *sets = calloc(6, bytes ? bytes : 8), *set[3], *out[3];
	if (!sets)
		return -LX_ENOMEM;
	long r = 0;
	for (int k = 0; k < 3; k++) {
		set[k] = a[1 + k] ? sets + k * FDSET_WORDS(n) : NULL;
		out[k] = sets + (3 + k) * FDSET_WORDS(n);
		if (set[k] && copy_in(t->proc, set[k], a[1 + k], bytes))
			r = -LX_EFAULT;
	}
	uint64_t dl = poll_deadline(t, has_to, to_ns);
	if (!r)
		r = select_scan(t->proc, n, set, out);
	if (r == 0 && t->park.wake_reason != PARK_TIMEOUT && dl > unix_now_ns()) {
		r = park(t, &pollers, dl);
		t->park.intr_result = -LX_ERESTARTNOHAND;
	} else if (r >= 0) {
		for (int k = 0; k < 3; k++)
			if (set[k] && copy_out(t->proc, a[1 + k], out[k], bytes))
				r = -LX_EFAULT;
	}
	free(sets);
	return r;
}

long sys_select(struct uthread *t, const uint64_t *a)
{
	struct { int64_t sec, usec; } tv;
	if (a[4] && copy_in(t->proc, &tv, a[4], sizeof(tv)))
		return -LX_EFAULT;
	if (a[4] && (tv.sec < 0 || tv.usec < 0))
		return -LX_EINVAL;
	return do_select(t, a, a[4] != 0, a[4] ? (uint64_t)tv.sec * NS + (uint64_t)tv.usec * 1000 : 0);
}

long sys_pselect6(struct uthread *t, const uint64_t *a)
{
	uint64_t ns = 0;
	int err = a[4] ? poll_timespec_ns(t, a[4], &ns) : 0;
	if (!err && a[5]) {
		uint64_t sm[2];
		if (copy_in(t->proc, sm, a[5], sizeof(sm)))
			return -LX_EFAULT;
		err = poll_sigmask_swap(t, sm[0], sm[1]);
	}
	return err ? err : do_select(t, a, a[4] != 0, ns);
}
