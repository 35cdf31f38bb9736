/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * check.c - kernel invariant checks, for the fuzz suite ("kcheck").
 *
 * A fuzzer that only watches for crashes misses memory errors that crash
 * nothing: a write one slot past a capability space, a tree link left
 * dangling, a quota that forgets a charge.  With "kcheck" on the kernel
 * command line, every slow-path kernel call is followed by its destructions
 * (obj_reap) and check_after_call (syscall_check_on wraps the kernel-call
 * table, so the normal configuration pays nothing), and a broken invariant
 * panics with "kcheck: <invariant>", so the run fails (tools/qemu-run stops
 * on PANIC).
 *
 * Invariants:
 *  cspace-guard   each capability space is followed by a guard of
 *                 CHECK_GUARD_WORDS words, written at creation into the
 *                 allocation block's slack (a space of 2^n 80-byte slots is
 *                 5/8 of its power-of-two block, so the guard costs no quota);
 *                 it reads as an empty slot, so it changes no behaviour
 *  cap-owner      a slot's capability names the task that holds it
 *  cap-object     a capability's object lies in the kernel pool (or is a
 *                 static object in the kernel image), has a valid type and
 *                 counts at least one capability
 *  cap-rights     rights within DBT_CAP_ALL
 *  cap-empty      an empty slot has no derivation-tree links
 *  cap-list       a capability's links in its object's list of capabilities
 *                 agree, and (full check) the list is as long as the count
 *  dtree-*        parent, first-child and sibling links agree (capabilities
 *                 and mapping nodes alike)
 *  map-*          a mapped page's node names its task and address
 *  io-node        an I/O mapping node is marked as one and names its task
 *  quota-used     used <= limit for every quota a capability names, and for
 *                 the root quota
 *  quota-nested   a sub-quota's limit is within its parent's used bytes
 *                 (the parent paid the whole limit at creation)
 *  quota-objs     (full check) a quota's list of objects is nobjs long, each
 *                 names the quota, and their blocks plus its sub-quotas'
 *                 limits fit in its used bytes (the other charges - spaces,
 *                 page tables, mapping nodes - are not listed one by one)
 *  sched-*        (also each time the idle loop is about to halt) a level's
 *                 bitmap bit is set exactly when its run queue is not empty;
 *                 nready counts the queued threads;
 *                 a queued thread is runnable, of the queue's priority, and
 *                 not the running one; the running one is in no queue
 *  timer-*        a thread with a timeout (timeout_at) is filed by it and
 *                 waits (sends, receives, awaits a reply or a notification)
 *
 * Cost: every call checks the guards of all spaces and the capabilities of
 * the current thread's task; every CHECK_FULL_PERIOD calls, everything
 * (every task's capabilities, mappings and I/O nodes).  The IPC fast path,
 * page faults and exceptions are not followed by checks: what they change
 * is checked at the next slow-path call.  Off, this costs nothing.
 */
#include "check.h"
#include "cap.h"
#include "kmem.h"
#include "sched.h"
#include "syscall.h"
#include "task.h"
#include "thread.h"
#include "arch/cpu.h"

#define CHECK_GUARD_WORDS  (sizeof(struct cap) / sizeof(word_t))
#define CHECK_GUARD        0xdb7c0ffee0ddba11ul
#define CHECK_FULL_PERIOD  64

bool check_enabled;
static word_t check_calls;
extern char _kernel_end[];

void check_init(bool on)
{
	check_enabled = on;
	if (!on)
		return;
	syscall_check_on();
	printk("kernel: invariant checks on (kcheck)\n");
}

static void fail(const char *invariant, const struct task *t, word_t where)
{
	panic("kcheck: %s violated (task %u, slot/address %lx)", invariant, t ? t->id : 0, where);
}

/* Guard word i.  The word where a slot keeps its object pointer is 0, so
 * that the guard reads as an empty slot: a bug that lets a write past the
 * end happens as it would without kcheck, and is caught here. */
static word_t guard_word(unsigned i)
{
	return i == offsetof(struct cap, obj) / sizeof(word_t) ? 0 : CHECK_GUARD ^ i;
}

static word_t *guard_of(struct task *t)
{
	return (word_t *)&t->cspace[t->cspace_slots];
}

/* The guard fits in the block quota_alloc rounded the space up to. */
static bool guard_fits(const struct task *t)
{
	size_t bytes = sizeof(struct cap) * t->cspace_slots;
	return kmem_order(bytes + sizeof(word_t) * CHECK_GUARD_WORDS) == kmem_order(bytes);
}

void check_cspace_seal(struct task *t)
{
	if (!check_enabled || !guard_fits(t))
		return;
	for (unsigned i = 0; i < CHECK_GUARD_WORDS; i++)
		guard_of(t)[i] = guard_word(i);
}

static void check_guard(struct task *t)
{
	if (!guard_fits(t))
		return;
	for (unsigned i = 0; i < CHECK_GUARD_WORDS; i++)
		if (guard_of(t)[i] != guard_word(i))
			fail("cspace-guard (a write past the last slot)", t, t->cspace_slots);
}

static bool in_pool(const void *p)
{
	uintptr_t a = (uintptr_t)p;
	return a >= kmem_pool.base && a < kmem_pool.base + kmem_pool.units * 64;
}

static bool valid_object(const struct kobj *o)
{
	uintptr_t a = (uintptr_t)o;
	bool in_image = a >= KERNEL_VMA && a < (uintptr_t)_kernel_end;
	return (in_pool(o) || in_image) && o->type != DBT_OBJ_NONE && o->type < DBT_OBJ_COUNT &&
	       o->ncaps > 0;
}

/* n's links agree with its parent's, siblings' and first child's. */
static void check_dtree(const struct dtree *n, const char *what, const struct task *t, word_t where)
{
	if (n->prev && (n->prev->next != n || n->prev->parent != n->parent))
		fail(what, t, where);
	if (!n->prev && n->parent && n->parent->child != n)
		fail(what, t, where);
	if (n->next && (n->next->prev != n || n->next->parent != n->parent))
		fail(what, t, where);
	if (n->child && (n->child->parent != n || n->child->prev))
		fail(what, t, where);
}

/* c's place in its object's capability list; full: the list's length. */
static void check_cap_list(const struct cap *c, bool full, const struct task *t, word_t slot)
{
	const struct kobj *o = c->obj;
	if (c->obj_next && (c->obj_next->obj_prev != c || c->obj_next->obj != o))
		fail("cap-list (object's capability list links disagree)", t, slot);
	if (c->obj_prev ? c->obj_prev->obj_next != c : o->caps != c)
		fail("cap-list (object's capability list links disagree)", t, slot);
	if (!full || o->caps != c)
		return;
	uint32_t n = 0;
	for (const struct cap *k = c; k && n <= o->ncaps; k = k->obj_next)
		n++;
	if (n != o->ncaps)
		fail("cap-list (object's capability count is not its list's length)", t, slot);
}

/* The objects charged to q against its count and its used bytes. */
static void check_quota_objs(const struct quota *q, const struct task *t, word_t slot)
{
	uint32_t n = 0;
	size_t charged = 0;
	for (const struct list *l = q->objs.next; l != &q->objs && n <= q->nobjs; l = l->next) {
		const struct kobj *o = list_entry(l, struct kobj, quota_link);
		if (o->quota != q)
			fail("quota-objs (an object on the list of another quota)", t, slot);
		charged += (size_t)1 << o->order;
		if (o->type == DBT_OBJ_QUOTA)
			charged += ((const struct quota *)o)->limit;
		n++;
	}
	if (n != q->nobjs)
		fail("quota-objs (nobjs is not the length of the list of objects)", t, slot);
	if (charged > q->used)
		fail("quota-objs (objects charged beyond used)", t, slot);
}

static void check_quota(const struct cap *c, bool full, const struct task *t, word_t slot)
{
	const struct quota *q = (const struct quota *)c->obj;
	if (q->used > q->limit)
		fail("quota-used (used > limit)", t, slot);
	if (q->parent && q->limit > q->parent->used)
		fail("quota-nested (a sub-quota's limit beyond its parent's used)", t, slot);
	if (full && q->obj.caps == c)   /* once per quota */
		check_quota_objs(q, t, slot);
}

static void check_slot(struct task *t, word_t slot, bool full)
{
	struct cap *c = &t->cspace[slot];
	if (c->owner != t)
		fail("cap-owner", t, slot);
	if (!c->obj) {
		if (c->tree.parent || c->tree.child || c->tree.next || c->tree.prev)
			fail("cap-empty (an empty slot in a derivation tree)", t, slot);
		return;
	}
	if (!valid_object(c->obj))
		fail("cap-object (a capability to no valid object)", t, slot);
	if (c->rights & ~DBT_CAP_ALL)
		fail("cap-rights", t, slot);
	check_dtree(&c->tree, "dtree-cap (derivation-tree links disagree)", t, slot);
	check_cap_list(c, full, t, slot);
	if (c->obj->type == DBT_OBJ_QUOTA)
		check_quota(c, full, t, slot);
}

static void check_cspace(struct task *t, bool full)
{
	check_guard(t);
	for (word_t s = 0; s < t->cspace_slots; s++)
		check_slot(t, s, full);
}

static void check_io_node(struct task *t, struct mapnode *n)
{
	if (n->task != t || n->attr != MAPNODE_IO)
		fail("io-node (an I/O node names another task or is no I/O node)", t, n->va);
	check_dtree(&n->tree, "dtree-map (mapping-database links disagree)", t, n->va);
}

/* Every mapped page's node, and every I/O node, of t. */
static void check_mappings(struct task *t)
{
	for (vaddr_t va = 0; space_next_mapped(t, &va, DBT_USER_TOP); va += PAGE_SIZE) {
		struct mapnode *n = space_lookup(t, va);
		if (!n || n->task != t || n->va != va)
			fail("map-node (a page's node names another task or address)", t, va);
		check_dtree(&n->tree, "dtree-map (mapping-database links disagree)", t, va);
	}
	space_each_io(t, check_io_node);
}

static void check_all(void)
{
	for (struct list *l = task_list.next; l != &task_list; l = l->next) {
		struct task *t = list_entry(l, struct task, all_link);
		check_cspace(t, true);
		check_mappings(t);
	}
}

/* The run queues agree with the bitmap and hold only runnable threads
 * that are not running (sched.c). */
void check_sched(void)
{
	struct thread *cur = current();
	word_t queued = 0;
	if (cur != this_cpu()->idle && list_linked(&cur->sched_link))
		fail("sched-current (running thread queued)", cur->task, cur->id);
	for (unsigned p = 0; p < SCHED_LEVELS; p++) {
		struct list *q = &this_cpu()->runq[p];
		bool bit = this_cpu()->bitmap[p / SCHED_WORD_BITS] >> (p % SCHED_WORD_BITS) & 1;
		if (bit == list_empty(q))
			fail("sched-bitmap (bit and queue disagree)", NULL, p);
		for (struct list *l = q->next; l != q; l = l->next) {
			struct thread *t = list_entry(l, struct thread, sched_link);
			if (t->state != TS_RUNNABLE || t->prio != p || t == cur)
				fail("sched-queued (a queued thread that may not be)", t->task, t->id);
			queued++;
		}
	}
	if (queued != this_cpu()->nready)
		fail("sched-count (nready and the queues disagree)", NULL, queued);
}

/* Every live timeout is filed by its time, on a waiting thread (timer.c;
 * lapsed entries, timeout_at 0, may be filed by anything). */
static void check_timers(void)
{
	for (struct list *l = thread_list.next; l != &thread_list; l = l->next) {
		struct thread *t = list_entry(l, struct thread, all_link);
		if (!t->timeout_at)
			continue;
		if (!list_linked(&t->timeout_link) || t->timeout_filed != t->timeout_at)
			fail("timer-filed (a timeout not filed by its time)", t->task, t->id);
		if (t->state != TS_SEND && t->state != TS_RECV && t->state != TS_REPLY &&
		    t->state != TS_WAIT_NTF)
			fail("timer-state (a timeout on a thread that does not wait)", t->task, t->id);
	}
}

void check_after_call(void)
{
	struct task *cur = current()->task;
	check_sched();
	check_timers();
	if (root_quota.used > root_quota.limit)
		fail("quota-used (root quota)", NULL, 0);
	if (++check_calls % CHECK_FULL_PERIOD == 0) {
		check_all();
		return;
	}
	for (struct list *l = task_list.next; l != &task_list; l = l->next)
		check_guard(list_entry(l, struct task, all_link));
	if (cur)
		check_cspace(cur, false);
}
