/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * futex.c - futex(2): wait, wake, requeue, bitsets, private and shared.
 *
 * A waiter is a parked call on one queue of all futex waiters, with its key
 * in the thread: a private futex (FUTEX_PRIVATE_FLAG) is (address space,
 * address), so that a clone(CLONE_VM) child meets its parent on it;
 * a shared one is the frame and offset behind the address in unixd, the
 * same for every process that maps the page, so processes sharing memory
 * meet on it.  (One list, scanned: a hash table when many waiters make
 * it matter.)  Waiting checks the word first (EAGAIN if it changed), which
 * is atomic here because unixd serves one call at a time.
 */
#include "unixd.h"
#include "futex.h"
#include "signal.h"
#include "mm/mm.h"
#include "timeu.h"

#define FUTEX_WAIT            0
#define FUTEX_WAKE            1
#define FUTEX_REQUEUE         3
#define FUTEX_CMP_REQUEUE     4
#define FUTEX_WAKE_OP         5
#define FUTEX_WAIT_BITSET     9
#define FUTEX_WAKE_BITSET     10
#define FUTEX_PRIVATE_FLAG    128
#define FUTEX_CLOCK_REALTIME  256
#define FUTEX_CMD_MASK        (~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))
#define FUTEX_BITSET_ANY      0xffffffffu

static struct urt_list waiters = URT_LIST_INIT;

/* The key of the futex at uaddr; -EFAULT/-EINVAL. */
static int futex_key(struct proc *p, uint64_t uaddr, bool priv, uint64_t key[2])
{
	if (uaddr & 3)
		return -LX_EINVAL;
	if (priv) {
		key[0] = (uintptr_t)p->mm;
		key[1] = uaddr;
		return 0;
	}
	void *ptr = mm_user_ptr(p, uaddr, false);
	if (!ptr)
		return -LX_EFAULT;
	key[0] = 0;
	key[1] = (uintptr_t)ptr;
	return 0;
}

static int wake_key(const uint64_t key[2], uint32_t bitset, int n)
{
	int woken = 0;
	urt_list_foreach_safe(t, tmp, &waiters, struct uthread, park.qlink) {
		if (woken >= n)
			break;
		if (t->futex_key[0] != key[0] || t->futex_key[1] != key[1] || !(t->futex_bitset & bitset))
			continue;
		t->futex_woken = true;
		wake_one(t, PARK_WOKEN);
		woken++;
	}
	return woken;
}

int futex_wake_addr(struct proc *p, uint64_t uaddr, int n)
{
	uint64_t key[2] = { (uintptr_t)p->mm, uaddr };
	int w = wake_key(key, FUTEX_BITSET_ANY, n);
	uint64_t skey[2];
	if (futex_key(p, uaddr, false, skey) == 0)
		w += wake_key(skey, FUTEX_BITSET_ANY, n - w);
	return w;
}

void futex_proc_gone(struct proc *p)
{
	(void)p;        /* its waiters left the list when its threads went */
}

/* The deadline of a wait: relative for FUTEX_WAIT, absolute (monotonic or
 * realtime clock) for FUTEX_WAIT_BITSET. */
static int futex_deadline(struct uthread *t, uint64_t uts, int cmd, bool realtime, uint64_t *dl)
{
	*dl = UINT64_MAX;
	if (!uts)
		return 0;
	struct lx_timespec ts;
	int err = copy_in(t->proc, &ts, uts, sizeof(ts));
	if (err)
		return err;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
		return -LX_EINVAL;
	uint64_t ns = (uint64_t)ts.tv_sec * 1000000000 + (uint64_t)ts.tv_nsec;
	if (cmd == FUTEX_WAIT)
		*dl = unix_now_ns() + ns;
	else
		*dl = realtime ? time_realtime_to_mono(ns) : ns;
	return 0;
}

static long futex_wait(struct uthread *t, const uint64_t *a, int cmd, bool priv, bool rt)
{
	if (t->park.wake_reason == PARK_TIMEOUT)
		return -LX_ETIMEDOUT;
	if (t->park.wake_reason == PARK_WOKEN && t->futex_woken)
		return 0;
	uint32_t bitset = cmd == FUTEX_WAIT_BITSET ? (uint32_t)a[5] : FUTEX_BITSET_ANY;
	if (!bitset)
		return -LX_EINVAL;
	uint64_t dl;
	int err = futex_key(t->proc, a[0], priv, t->futex_key);
	if (!err && t->park.wake_reason == PARK_NONE)
		err = futex_deadline(t, a[3], cmd, rt, &dl);
	else
		dl = t->park.data[0];
	if (err)
		return err;
	uint32_t v;
	if ((err = copy_in(t->proc, &v, a[0], 4)))
		return err;
	if (v != (uint32_t)a[2])
		return -LX_EAGAIN;
	t->futex_bitset = bitset;
	t->futex_woken = false;
	t->park.data[0] = dl;
	return park(t, &waiters, dl);
}

static long futex_requeue(struct uthread *t, const uint64_t *a, int cmd, bool priv)
{
	uint64_t k1[2], k2[2];
	int err = futex_key(t->proc, a[0], priv, k1);
	if (!err)
		err = futex_key(t->proc, a[4], priv, k2);
	if (err)
		return err;
	if ((int)a[2] < 0 || (int)a[3] < 0)
		return -LX_EINVAL;
	if (cmd == FUTEX_CMP_REQUEUE) {
		uint32_t v;
		if ((err = copy_in(t->proc, &v, a[0], 4)))
			return err;
		if (v != (uint32_t)a[5])
			return -LX_EAGAIN;
	}
	int n = wake_key(k1, FUTEX_BITSET_ANY, (int)a[2]), moved = 0;
	urt_list_foreach(u, &waiters, struct uthread, park.qlink) {
		if (moved >= (int)a[3])
			break;
		if (u->futex_key[0] == k1[0] && u->futex_key[1] == k1[1]) {
			u->futex_key[0] = k2[0], u->futex_key[1] = k2[1];
			moved++;
		}
	}
	return n + moved;
}

/* FUTEX_WAKE_OP: *uaddr2 = op(*uaddr2, oparg); wake uaddr, and uaddr2 too
 * if the old value passes the comparison. */
static long futex_wake_op(struct uthread *t, const uint64_t *a, bool priv)
{
	uint64_t k1[2], k2[2];
	uint32_t enc = (uint32_t)a[5], old, nw;
	int err = futex_key(t->proc, a[0], priv, k1);
	if (!err)
		err = futex_key(t->proc, a[4], priv, k2);
	if (!err)
		err = copy_in(t->proc, &old, a[4], 4);
	if (err)
		return err;
	int op = (enc >> 28) & 7, cmp = (enc >> 24) & 15;
	int oparg = (int)((enc << 8) >> 20), cmparg = (int)((enc << 20) >> 20);
	if ((enc >> 31) & 1)
		oparg = 1 << (oparg & 31);
	switch (op) {
	case 0: nw = (uint32_t)oparg; break;
	case 1: nw = old + (uint32_t)oparg; break;
	case 2: nw = old | (uint32_t)oparg; break;
	case 3: nw = old & ~(uint32_t)oparg; break;
	case 4: nw = old ^ (uint32_t)oparg; break;
	default: return -LX_ENOSYS;
	}
	if ((err = copy_out(t->proc, a[4], &nw, 4)))
		return err;
	int o = (int)old;
	bool pass = cmp == 0 ? o == cmparg : cmp == 1 ? o != cmparg : cmp == 2 ? o < cmparg :
	            cmp == 3 ? o <= cmparg : cmp == 4 ? o > cmparg : cmp == 5 ? o >= cmparg : false;
	if (cmp > 5)
		return -LX_ENOSYS;
	int n = wake_key(k1, FUTEX_BITSET_ANY, (int)a[2]);
	if (pass)
		n += wake_key(k2, FUTEX_BITSET_ANY, (int)a[3]);
	return n;
}

long sys_futex(struct uthread *t, const uint64_t *a)
{
	int op = (int)a[1], cmd = op & FUTEX_CMD_MASK;
	bool priv = op & FUTEX_PRIVATE_FLAG, rt = op & FUTEX_CLOCK_REALTIME;
	if (rt && cmd != FUTEX_WAIT_BITSET && cmd != FUTEX_WAIT)
		return -LX_ENOSYS;
	switch (cmd) {
	case FUTEX_WAIT:
	case FUTEX_WAIT_BITSET:
		return futex_wait(t, a, cmd, priv, rt);
	case FUTEX_WAKE:
	case FUTEX_WAKE_BITSET: {
		uint64_t key[2];
		uint32_t bits = cmd == FUTEX_WAKE_BITSET ? (uint32_t)a[5] : FUTEX_BITSET_ANY;
		int err = futex_key(t->proc, a[0], priv, key);
		if (err)
			return err;
		return bits ? wake_key(key, bits, (int)a[2]) : -LX_EINVAL;
	}
	case FUTEX_REQUEUE:
	case FUTEX_CMP_REQUEUE:
		return futex_requeue(t, a, cmd, priv);
	case FUTEX_WAKE_OP:
		return futex_wake_op(t, a, priv);
	}
	return -LX_ENOSYS;
}
