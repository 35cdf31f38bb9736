/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lock.c (unixd) - advisory file locks: POSIX record locks (fcntl F_SETLK,
 * F_SETLKW, F_GETLK and the open-file-description F_OFD_* ones) and BSD
 * whole-file locks (flock), with Linux's rules.
 *
 * Every lock of an inode is a node on the inode's list.  A record lock
 * belongs to an owner: a process's descriptor table for the classic locks
 * (all its threads share them; fork does not pass them on), the open file
 * description for OFD locks.  Both kinds live in one space and conflict with
 * each other; an owner's own locks never conflict with it, and its locks of
 * one type are kept split, trimmed and merged so that they never overlap.
 * flock locks belong to the open file description and are a separate space.
 *
 * Waiting is the caller's (unixd parks F_SETLKW and flock without LOCK_NB):
 * vfs_lock_changed is called whenever a lock goes or shrinks, and the caller
 * tries again.  For the deadlock check of classic F_SETLKW (-EDEADLK), the
 * caller registers what each waiting owner waits for (vfs_lock_wait_add).
 *
 * Nothing here fails half-way: the nodes a change may need are allocated
 * before the list is touched (-ENOLCK without memory).
 */
#include "vfs.h"
#include "fsalloc.h"

#define LOCK_EOF INT64_MAX	/* Linux's OFFSET_MAX */

enum lock_kind { LOCK_POSIX, LOCK_FLOCK };

struct vfs_lock {
	struct vfs_lock *next;
	enum lock_kind kind;
	int type;			/* LX_F_RDLCK or LX_F_WRLCK */
	uint64_t start, end;		/* bytes [start, end]; end LOCK_EOF: to any end of file */
	const void *owner;
	int pid;			/* reported by F_GETLK: the locker, or -1 (OFD) */
};

void (*vfs_lock_changed)(void);

static void changed(void)
{
	if (vfs_lock_changed)
		vfs_lock_changed();
}

static bool overlap(const struct vfs_lock *l, uint64_t start, uint64_t end)
{
	return l->start <= end && start <= l->end;
}

static bool conflicts(const struct vfs_lock *l, enum lock_kind kind, const void *owner, int type,
		      uint64_t start, uint64_t end)
{
	return l->kind == kind && l->owner != owner && overlap(l, start, end) &&
	       (type == LX_F_WRLCK || l->type == LX_F_WRLCK);
}

static struct vfs_lock *first_conflict(struct inode *ip, enum lock_kind kind, const void *owner,
				       int type, uint64_t start, uint64_t end)
{
	for (struct vfs_lock *l = ip->locks; l; l = l->next)
		if (conflicts(l, kind, owner, type, start, end))
			return l;
	return NULL;
}

static void unlink_lock(struct inode *ip, struct vfs_lock *victim)
{
	for (struct vfs_lock **pp = &ip->locks; *pp; pp = &(*pp)->next)
		if (*pp == victim) {
			*pp = victim->next;
			fs_free(victim);
			return;
		}
}

int vfs_lock_test(struct inode *ip, const void *owner, struct vfs_flock *fl)
{
	struct vfs_lock *l = first_conflict(ip, LOCK_POSIX, owner, fl->type, fl->start, fl->end);
	if (!l) {
		fl->type = LX_F_UNLCK;
		return 0;
	}
	fl->type = l->type;
	fl->start = l->start;
	fl->end = l->end;
	fl->pid = l->pid;
	return 0;
}

const void *vfs_lock_blocker(struct inode *ip, const void *owner, const struct vfs_flock *fl)
{
	struct vfs_lock *l = first_conflict(ip, LOCK_POSIX, owner, fl->type, fl->start, fl->end);
	return l ? l->owner : NULL;
}

/* Takes [start, end] out of owner's record locks; spare: a node for a split. */
static bool carve(struct inode *ip, const void *owner, uint64_t start, uint64_t end,
		  struct vfs_lock **spare)
{
	bool shrank = false;
	struct vfs_lock **pp = &ip->locks;
	while (*pp) {
		struct vfs_lock *l = *pp;
		if (l->kind != LOCK_POSIX || l->owner != owner || !overlap(l, start, end)) {
			pp = &l->next;
			continue;
		}
		shrank = true;
		if (l->start < start && l->end > end) {
			struct vfs_lock *tail = *spare;	/* the middle goes: two pieces stay */
			*spare = NULL;
			*tail = *l;
			tail->start = end + 1;
			l->end = start - 1;
			l->next = tail;
			return true;
		}
		if (l->start < start) {
			l->end = start - 1;
		} else if (l->end > end) {
			l->start = end + 1;
		} else {
			*pp = l->next;
			fs_free(l);
			continue;
		}
		pp = &l->next;
	}
	return shrank;
}

/* Grows nl over owner's adjacent locks of its type, which go. */
static void merge(struct inode *ip, struct vfs_lock *nl)
{
	for (struct vfs_lock *l = ip->locks, *next; l; l = next) {
		next = l->next;
		if (l == nl || l->kind != LOCK_POSIX || l->owner != nl->owner || l->type != nl->type)
			continue;
		bool before = l->end != LOCK_EOF && l->end + 1 == nl->start;
		bool after = nl->end != LOCK_EOF && nl->end + 1 == l->start;
		if (!before && !after)
			continue;
		if (before)
			nl->start = l->start;
		else
			nl->end = l->end;
		unlink_lock(ip, l);
		next = ip->locks;	/* the list changed: look again from the start */
	}
}

int vfs_lock_set(struct inode *ip, const void *owner, int pid, const struct vfs_flock *fl)
{
	if (fl->type != LX_F_UNLCK &&
	    first_conflict(ip, LOCK_POSIX, owner, fl->type, fl->start, fl->end))
		return -LX_EAGAIN;
	struct vfs_lock *nl = fs_alloc(sizeof(*nl)), *spare = fs_alloc(sizeof(*spare));
	if (!nl || !spare) {
		fs_free(nl);
		fs_free(spare);
		return -LX_ENOLCK;
	}
	bool shrank = carve(ip, owner, fl->start, fl->end, &spare);
	if (fl->type != LX_F_UNLCK) {
		*nl = (struct vfs_lock){ .next = ip->locks, .kind = LOCK_POSIX, .type = fl->type,
					 .start = fl->start, .end = fl->end, .owner = owner, .pid = pid };
		ip->locks = nl;
		merge(ip, nl);
		nl = NULL;
	}
	fs_free(nl);
	fs_free(spare);
	if (shrank)
		changed();
	return 0;
}

void vfs_lock_release(struct inode *ip, const void *owner)
{
	bool any = false;
	struct vfs_lock **pp = &ip->locks;
	while (*pp) {
		struct vfs_lock *l = *pp;
		if (l->owner == owner) {
			*pp = l->next;
			fs_free(l);
			any = true;
		} else {
			pp = &l->next;
		}
	}
	if (any)
		changed();
}

int vfs_flock(struct inode *ip, const void *owner, int type)
{
	struct vfs_lock *old = NULL;
	for (struct vfs_lock *l = ip->locks; l; l = l->next)
		if (l->kind == LOCK_FLOCK && l->owner == owner)
			old = l;
	if (old && old->type == type)
		return 0;
	struct vfs_lock *nl = NULL;
	if (type != LX_F_UNLCK && !(nl = fs_alloc(sizeof(*nl))))
		return -LX_ENOLCK;
	if (old) {
		/* as Linux: a conversion lets go first, so it may lose the lock it had */
		unlink_lock(ip, old);
		changed();
	}
	if (!nl)
		return 0;
	if (first_conflict(ip, LOCK_FLOCK, owner, type, 0, LOCK_EOF)) {
		fs_free(nl);
		return -LX_EAGAIN;
	}
	*nl = (struct vfs_lock){ .next = ip->locks, .kind = LOCK_FLOCK, .type = type,
				 .start = 0, .end = LOCK_EOF, .owner = owner, .pid = -1 };
	ip->locks = nl;
	return 0;
}

/* ---- who waits for whom (the deadlock check of classic F_SETLKW) ---------------- */

struct lock_wait {
	struct lock_wait *next;
	const void *waiter;		/* a parked call (unixd: its thread) */
	const void *owner, *blocker;	/* the owner it locks for, and the owner in its way */
};

static struct lock_wait *waits;

bool vfs_lock_deadlock(const void *owner, const void *blocker)
{
	const void *o = blocker;
	for (unsigned hops = 0; o && hops < 1000; hops++) {
		if (o == owner)
			return true;
		const void *next = NULL;
		for (struct lock_wait *w = waits; w; w = w->next)
			if (w->owner == o)
				next = w->blocker;
		o = next;
	}
	return false;
}

int vfs_lock_wait_add(const void *waiter, const void *owner, const void *blocker)
{
	struct lock_wait *w = fs_alloc(sizeof(*w));
	if (!w)
		return -LX_ENOLCK;
	*w = (struct lock_wait){ .next = waits, .waiter = waiter, .owner = owner, .blocker = blocker };
	waits = w;
	return 0;
}

void vfs_lock_wait_remove(const void *waiter)
{
	for (struct lock_wait **pp = &waits; *pp; pp = &(*pp)->next)
		if ((*pp)->waiter == waiter) {
			struct lock_wait *w = *pp;
			*pp = w->next;
			fs_free(w);
			return;
		}
}
