/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sys_lock.c - advisory locks: fcntl's record-lock commands (F_GETLK,
 * F_SETLK, F_SETLKW and the OFD ones) and flock(2), over fs/lock.c.
 *
 * Classic record locks belong to the process's descriptor table (shared by
 * its CLONE_FILES threads), OFD locks and flock locks to the open file
 * description.  A call that must wait parks on one queue, lock_waiters,
 * which every lock that goes or shrinks wakes; the call then tries again.
 * A classic F_SETLKW that would close a cycle of waiting owners is -EDEADLK,
 * as Linux's posix_locks_deadlock.
 */
#include "unixd.h"
#include "fd.h"
#include "mm/mm.h"

static struct urt_list lock_waiters = URT_LIST_INIT;

static void lock_wake(void)
{
	wake_all(&lock_waiters);
}

static void lock_unwait(struct uthread *t)
{
	vfs_lock_wait_remove(t);
}

/* Parks t until some lock goes; classic locks record whom they wait for. */
static long lock_wait(struct uthread *t, const void *owner, const void *blocker)
{
	vfs_lock_changed = lock_wake;
	if (blocker) {
		if (vfs_lock_deadlock(owner, blocker))
			return -LX_EDEADLK;
		if (vfs_lock_wait_add(t, owner, blocker) < 0)
			return -LX_ENOLCK;
		t->park.cleanup = lock_unwait;
	}
	return park(t, &lock_waiters, UINT64_MAX);
}

/* struct flock to a byte range, as Linux's flock_to_posix_lock. */
static int flock_decode(const struct file *f, const struct lx_flock *l, struct vfs_flock *out)
{
	int64_t start;
	switch (l->l_whence) {
	case 0: start = 0; break;
	case 1: start = (int64_t)f->pos; break;
	case 2: start = (int64_t)f->inode->size; break;
	default: return -LX_EINVAL;
	}
	if (l->l_start > INT64_MAX - start)
		return -LX_EOVERFLOW;
	start += l->l_start;
	if (start < 0)
		return -LX_EINVAL;
	int64_t end = INT64_MAX;
	if (l->l_len > 0) {
		if (l->l_len - 1 > INT64_MAX - start)
			return -LX_EOVERFLOW;
		end = start + l->l_len - 1;
	} else if (l->l_len < 0) {
		if (start + l->l_len < 0)
			return -LX_EINVAL;
		end = start - 1;
		start += l->l_len;
	}
	if (l->l_type != LX_F_RDLCK && l->l_type != LX_F_WRLCK && l->l_type != LX_F_UNLCK)
		return -LX_EINVAL;
	*out = (struct vfs_flock){ .type = l->l_type, .start = (uint64_t)start, .end = (uint64_t)end };
	return 0;
}

static long getlk(struct uthread *t, struct file *f, const void *owner, uint64_t uarg,
		  struct lx_flock *l, struct vfs_flock *fl)
{
	if (fl->type == LX_F_UNLCK)
		return -LX_EINVAL;
	vfs_lock_test(f->inode, owner, fl);
	l->l_type = (int16_t)fl->type;
	if (fl->type != LX_F_UNLCK) {
		l->l_whence = 0;
		l->l_start = (int64_t)fl->start;
		l->l_len = fl->end == INT64_MAX ? 0 : (int64_t)(fl->end - fl->start + 1);
		l->l_pid = fl->pid;
	}
	return copy_out(t->proc, uarg, l, sizeof(*l));
}

long fcntl_lock(struct uthread *t, struct file *f, unsigned cmd, uint64_t uarg)
{
	vfs_lock_wait_remove(t);        /* a woken F_SETLKW tries again from here */
	bool ofd = cmd >= LX_F_OFD_GETLK;
	struct lx_flock l;
	struct vfs_flock fl;
	if (copy_in(t->proc, &l, uarg, sizeof(l)))
		return -LX_EFAULT;
	if (ofd && l.l_pid)
		return -LX_EINVAL;
	int err = flock_decode(f, &l, &fl);
	if (err)
		return err;
	const void *owner = ofd ? (const void *)f : (const void *)t->proc->fds;
	if (cmd == LX_F_GETLK || cmd == LX_F_OFD_GETLK)
		return getlk(t, f, owner, uarg, &l, &fl);
	uint32_t acc = f->flags & LX_O_ACCMODE;
	if ((fl.type == LX_F_RDLCK && acc == LX_O_WRONLY) ||
	    (fl.type == LX_F_WRLCK && acc == LX_O_RDONLY))
		return -LX_EBADF;
	err = vfs_lock_set(f->inode, owner, ofd ? -1 : t->proc->pid, &fl);
	if (err == -LX_EAGAIN && (cmd == LX_F_SETLKW || cmd == LX_F_OFD_SETLKW))
		return lock_wait(t, owner, ofd ? NULL : vfs_lock_blocker(f->inode, owner, &fl));
	return err;
}

long sys_flock(struct uthread *t, const uint64_t *a)
{
	if (a[1] & LX_LOCK_MAND)
		return 0;               /* as Linux 6.1: ignored, they never worked */
	int type;
	switch (a[1] & ~(uint64_t)LX_LOCK_NB) {
	case LX_LOCK_SH: type = LX_F_RDLCK; break;
	case LX_LOCK_EX: type = LX_F_WRLCK; break;
	case LX_LOCK_UN: type = LX_F_UNLCK; break;
	default: return -LX_EINVAL;
	}
	struct file *f = fd_file(t->proc, (int)a[0]);
	if (!f || ((f->flags & LX_O_PATH) && type != LX_F_UNLCK))
		return -LX_EBADF;
	int err = vfs_flock(f->inode, f, type);
	if (err == -LX_EAGAIN && !(a[1] & LX_LOCK_NB))
		return lock_wait(t, f, NULL);
	return err;
}
