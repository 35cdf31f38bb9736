/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_quotasize.c - growing and shrinking a sub-quota (suite `quotasize`):
 * DBT_SYS_QUOTA_RESIZE moves limit between a direct sub-quota and its
 * parent.  Growing needs the parent's free bytes (DBT_E_NO_QUOTA), shrinking
 * stops at what the child uses (DBT_E_BUSY); the parent needs CONTROL, the
 * child any capability, and must be a direct child (DBT_E_INVALID_ARG: a
 * grandchild, a sibling, the parent itself, the root quota).  A refused
 * call changes nothing; a destroyed child gives its resized limit back.
 * process_cost measures (and prints) the kernel memory of a small process:
 * task, one thread, the page tables and mapping nodes of its program.
 */
#include "ktest.h"

#define PAGE 4096
#define THREAD_BYTES 8192       /* a thread object (kernel stack included) */

struct qstate {
	dbt_word_t used, limit;
};

static struct qstate qs(dbt_slot_t q)
{
	struct qstate s = { ~0ull, ~0ull };
	dbt_quota_info(q, &s.used, &s.limit);
	return s;
}

#define EXPECT_QS(q, want)                                                      \
	do {                                                                    \
		struct qstate got_ = qs(q), want_ = (want);                     \
		EXPECT_EQ(got_.used, want_.used);                               \
		EXPECT_EQ(got_.limit, want_.limit);                             \
	} while (0)

static dbt_slot_t sub_of(dbt_slot_t parent, dbt_word_t bytes)
{
	dbt_slot_t s = kslot();
	dbt_word_t err = dbt_create(parent, DBT_OBJ_QUOTA, s, bytes, 0);
	if (err)
		ktest_fail(__FILE__, __LINE__, "sub-quota of %lu bytes: error %lu", bytes, err);
	return s;
}

static dbt_slot_t make(dbt_slot_t q, unsigned type, dbt_word_t a)
{
	dbt_slot_t s = kslot();
	dbt_word_t err = dbt_create(q, type, s, a, 0);
	if (err)
		ktest_fail(__FILE__, __LINE__, "create type %u: error %lu", type, err);
	return s;
}

/* A parent quota of `room` bytes with one child of `child` bytes. */
struct family {
	dbt_slot_t parent, child;
	struct qstate p0, c0;
};

static bool family(struct family *f, dbt_word_t room, dbt_word_t child)
{
	f->parent = sub_of(T_QUOTA, room);
	f->child = sub_of(f->parent, child);
	f->p0 = qs(f->parent);
	f->c0 = qs(f->child);
	return !ktest_failed;
}

KTEST(quotasize, grow_takes_from_parent)
{
	struct family f;
	EXPECT(family(&f, 16 * PAGE, PAGE));
	dbt_word_t kmem = dbt_stat(DBT_STAT_KMEM_USED);
	/* a 2-page sub-quota does not fit in the child before, does after */
	dbt_slot_t s = kslot();
	EXPECT_EQ(dbt_create(f.child, DBT_OBJ_QUOTA, s, 2 * PAGE, 0), DBT_E_NO_QUOTA);
	EXPECT_OK(dbt_quota_resize(f.parent, f.child, 4 * PAGE));
	EXPECT_QS(f.child, ((struct qstate){ 0, 4 * PAGE }));
	EXPECT_QS(f.parent, ((struct qstate){ f.p0.used + 3 * PAGE, 16 * PAGE }));
	EXPECT_EQ(dbt_stat(DBT_STAT_KMEM_USED), kmem);   /* limit moves, no memory */
	/* and the child can use it */
	EXPECT_OK(dbt_create(f.child, DBT_OBJ_QUOTA, s, 2 * PAGE, 0));
	EXPECT_EQ(qs(f.child).used, 2 * PAGE + 128);    /* the limit and the quota object */
	EXPECT_OK(dbt_cap_delete(s));
	EXPECT_QS(f.child, ((struct qstate){ 0, 4 * PAGE }));
}

KTEST(quotasize, grow_to_exactly_the_parents_room)
{
	struct family f;
	EXPECT(family(&f, 16 * PAGE, PAGE));
	dbt_word_t room = f.p0.limit - f.p0.used;
	EXPECT_EQ(dbt_quota_resize(f.parent, f.child, PAGE + room + 1), DBT_E_NO_QUOTA);
	EXPECT_QS(f.parent, f.p0);
	EXPECT_QS(f.child, f.c0);
	EXPECT_OK(dbt_quota_resize(f.parent, f.child, PAGE + room));
	EXPECT_QS(f.parent, ((struct qstate){ f.p0.limit, f.p0.limit }));
	EXPECT_QS(f.child, ((struct qstate){ 0, PAGE + room }));
	/* the parent is full: nothing more, not even one byte */
	dbt_slot_t s = kslot();
	EXPECT_EQ(dbt_create(f.parent, DBT_OBJ_ENDPOINT, s, 0, 0), DBT_E_NO_QUOTA);
	EXPECT_EQ(dbt_quota_resize(f.parent, f.child, PAGE + room + 1), DBT_E_NO_QUOTA);
	EXPECT_QS(f.child, ((struct qstate){ 0, PAGE + room }));
}

KTEST(quotasize, grow_beyond_everything)
{
	struct family f;
	EXPECT(family(&f, 16 * PAGE, PAGE));
	const dbt_word_t huge[] = { 1ull << 40, 1ull << 63, ~0ull };
	for (unsigned i = 0; i < sizeof(huge) / sizeof(huge[0]); i++)
		EXPECT_EQ(dbt_quota_resize(f.parent, f.child, huge[i]), DBT_E_NO_QUOTA);
	EXPECT_QS(f.parent, f.p0);
	EXPECT_QS(f.child, f.c0);
}

KTEST(quotasize, shrink_gives_back)
{
	struct family f;
	EXPECT(family(&f, 16 * PAGE, 8 * PAGE));
	dbt_word_t kmem = dbt_stat(DBT_STAT_KMEM_USED);
	EXPECT_OK(dbt_quota_resize(f.parent, f.child, 2 * PAGE));
	EXPECT_QS(f.child, ((struct qstate){ 0, 2 * PAGE }));
	EXPECT_QS(f.parent, ((struct qstate){ f.p0.used - 6 * PAGE, 16 * PAGE }));
	EXPECT_EQ(dbt_stat(DBT_STAT_KMEM_USED), kmem);
	/* the same limit again: nothing moves */
	EXPECT_OK(dbt_quota_resize(f.parent, f.child, 2 * PAGE));
	EXPECT_QS(f.parent, ((struct qstate){ f.p0.used - 6 * PAGE, 16 * PAGE }));
	/* down to zero when unused */
	EXPECT_OK(dbt_quota_resize(f.parent, f.child, 0));
	EXPECT_QS(f.child, ((struct qstate){ 0, 0 }));
	EXPECT_QS(f.parent, ((struct qstate){ f.p0.used - 8 * PAGE, 16 * PAGE }));
	dbt_slot_t s = kslot();
	EXPECT_EQ(dbt_create(f.child, DBT_OBJ_ENDPOINT, s, 0, 0), DBT_E_NO_QUOTA);
	/* and back up */
	EXPECT_OK(dbt_quota_resize(f.parent, f.child, 8 * PAGE));
	EXPECT_QS(f.parent, f.p0);
	EXPECT_QS(f.child, f.c0);
}

/* Down to exactly what the child uses, not a byte below; a refusal changes nothing. */
KTEST(quotasize, shrink_stops_at_use)
{
	struct family f;
	EXPECT(family(&f, 16 * PAGE, 8 * PAGE));
	dbt_slot_t task = make(f.child, DBT_OBJ_TASK, 3);
	dbt_slot_t ep = make(f.child, DBT_OBJ_ENDPOINT, 0);
	EXPECT(!ktest_failed);
	struct qstate c1 = qs(f.child), p1 = qs(f.parent);
	EXPECT(c1.used > 0);
	const dbt_word_t below[] = { 0, 1, c1.used - 1 };
	for (unsigned i = 0; i < sizeof(below) / sizeof(below[0]); i++)
		EXPECT_EQ(dbt_quota_resize(f.parent, f.child, below[i]), DBT_E_BUSY);
	EXPECT_QS(f.child, c1);
	EXPECT_QS(f.parent, p1);
	EXPECT_OK(dbt_quota_resize(f.parent, f.child, c1.used));
	EXPECT_QS(f.child, ((struct qstate){ c1.used, c1.used }));
	EXPECT_QS(f.parent, ((struct qstate){ p1.used - (8 * PAGE - c1.used), 16 * PAGE }));
	/* full: nothing more fits; freeing makes room to shrink further */
	dbt_slot_t s = kslot();
	EXPECT_EQ(dbt_create(f.child, DBT_OBJ_ENDPOINT, s, 0, 0), DBT_E_NO_QUOTA);
	EXPECT_OK(dbt_cap_delete(ep));
	EXPECT_OK(dbt_cap_delete(task));
	EXPECT_OK(dbt_quota_resize(f.parent, f.child, 0));
	EXPECT_QS(f.parent, ((struct qstate){ f.p0.used - 8 * PAGE, 16 * PAGE }));
}

/* A grandchild's limit is part of the child's use. */
KTEST(quotasize, grandchild_counts_as_use)
{
	struct family f;
	EXPECT(family(&f, 16 * PAGE, 8 * PAGE));
	dbt_slot_t grand = sub_of(f.child, 4 * PAGE);
	EXPECT(!ktest_failed);
	dbt_word_t used = qs(f.child).used;
	EXPECT(used > 4 * PAGE);
	EXPECT_EQ(dbt_quota_resize(f.parent, f.child, used - 1), DBT_E_BUSY);
	EXPECT_OK(dbt_quota_resize(f.parent, f.child, used));
	/* the child grows its own child: grandchild takes the last bytes */
	EXPECT_EQ(dbt_quota_resize(f.child, grand, 4 * PAGE + 1), DBT_E_NO_QUOTA);
	EXPECT_OK(dbt_quota_resize(f.child, grand, 2 * PAGE));
	EXPECT_QS(f.child, ((struct qstate){ used - 2 * PAGE, used }));
	EXPECT_QS(grand, ((struct qstate){ 0, 2 * PAGE }));
}

/* Only a direct child of the quota named as parent. */
KTEST(quotasize, not_a_direct_child)
{
	struct family f;
	EXPECT(family(&f, 16 * PAGE, 8 * PAGE));
	dbt_slot_t grand = sub_of(f.child, PAGE);
	dbt_slot_t sibling = sub_of(f.parent, PAGE);
	dbt_slot_t stranger = sub_of(T_QUOTA, PAGE);
	EXPECT(!ktest_failed);
	struct qstate g0 = qs(grand), s0 = qs(sibling), c0 = qs(f.child), p0 = qs(f.parent);
	const struct { dbt_slot_t parent, child; } bad[] = {
		{ f.parent, grand },            /* grandchild */
		{ sibling, f.child },           /* sibling */
		{ f.child, f.parent },          /* the other way round */
		{ f.parent, f.parent },         /* itself */
		{ f.parent, stranger },         /* another parent's */
		{ T_QUOTA, f.child },           /* grandparent */
		{ T_QUOTA, DBT_ROOT_SLOT_QUOTA },       /* the root has no parent */
		{ DBT_ROOT_SLOT_QUOTA, DBT_ROOT_SLOT_QUOTA },
	};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_EQ(dbt_quota_resize(bad[i].parent, bad[i].child, PAGE / 2), DBT_E_INVALID_ARG);
		EXPECT_EQ(dbt_quota_resize(bad[i].parent, bad[i].child, 2 * PAGE), DBT_E_INVALID_ARG);
	}
	EXPECT_QS(grand, g0);
	EXPECT_QS(sibling, s0);
	EXPECT_QS(f.child, c0);
	EXPECT_QS(f.parent, p0);
}

/* CONTROL on the parent; any capability names the child. */
KTEST(quotasize, rights)
{
	struct family f;
	EXPECT(family(&f, 16 * PAGE, 8 * PAGE));
	dbt_slot_t p_ro = kslot(), c_ro = kslot();
	EXPECT_OK(dbt_cap_copy(f.parent, p_ro, DBT_CAP_ALL & ~DBT_CAP_CONTROL, 0));
	EXPECT_OK(dbt_cap_copy(f.child, c_ro, DBT_CAP_READ, 0));
	EXPECT_EQ(dbt_quota_resize(p_ro, f.child, PAGE), DBT_E_NO_RIGHTS);
	EXPECT_QS(f.child, f.c0);
	EXPECT_QS(f.parent, f.p0);
	EXPECT_OK(dbt_quota_resize(f.parent, c_ro, PAGE));
	EXPECT_QS(f.child, ((struct qstate){ 0, PAGE }));
	/* rights are checked before the relation: a rightless parent of a stranger */
	EXPECT_EQ(dbt_quota_resize(p_ro, DBT_ROOT_SLOT_QUOTA, PAGE), DBT_E_NO_RIGHTS);
}

/* Slot errors, parent first, then child. */
KTEST(quotasize, bad_slots)
{
	struct family f;
	EXPECT(family(&f, 16 * PAGE, 8 * PAGE));
	dbt_slot_t ep = make(T_QUOTA, DBT_OBJ_ENDPOINT, 0), e = kslot();
	EXPECT(!ktest_failed);
	const struct { dbt_slot_t parent, child; dbt_word_t err; } bad[] = {
		{ 0, f.child, DBT_E_INVALID_SLOT },
		{ urt_bootinfo->cspace_slots, f.child, DBT_E_INVALID_SLOT },
		{ e, f.child, DBT_E_EMPTY_SLOT },
		{ ep, f.child, DBT_E_WRONG_TYPE },
		{ f.parent, 0, DBT_E_INVALID_SLOT },
		{ f.parent, ~0ull, DBT_E_INVALID_SLOT },
		{ f.parent, e, DBT_E_EMPTY_SLOT },
		{ f.parent, ep, DBT_E_WRONG_TYPE },
		{ ep, e, DBT_E_WRONG_TYPE },
		{ e, ep, DBT_E_EMPTY_SLOT },
	};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		EXPECT_EQ(dbt_quota_resize(bad[i].parent, bad[i].child, PAGE), bad[i].err);
	EXPECT_QS(f.child, f.c0);
	EXPECT_QS(f.parent, f.p0);
}

/* A destroyed child cannot be named; the parent gets the resized limit back. */
KTEST(quotasize, destroyed_child)
{
	struct family f;
	EXPECT(family(&f, 16 * PAGE, 2 * PAGE));
	dbt_slot_t copy = kslot();
	EXPECT_OK(dbt_cap_copy(f.child, copy, DBT_CAP_ALL, 0));
	EXPECT_OK(dbt_quota_resize(f.parent, f.child, 10 * PAGE));
	make(f.child, DBT_OBJ_TASK, 3);
	make(f.child, DBT_OBJ_ENDPOINT, 0);
	EXPECT(!ktest_failed);
	EXPECT_OK(dbt_destroy(f.child));
	EXPECT_EQ(dbt_quota_resize(f.parent, f.child, PAGE), DBT_E_EMPTY_SLOT);
	EXPECT_EQ(dbt_quota_resize(f.parent, copy, PAGE), DBT_E_EMPTY_SLOT);
	/* all of it: the grown limit and the quota object */
	EXPECT_QS(f.parent, ((struct qstate){ 0, 16 * PAGE }));
}

/* Resizing at two levels, then destroying the top: every byte comes back. */
KTEST(quotasize, nested_resize_then_destroy_all)
{
	dbt_word_t kmem = dbt_stat(DBT_STAT_KMEM_USED);
	struct qstate t0 = qs(T_QUOTA);
	struct family f;
	EXPECT(family(&f, 32 * PAGE, 4 * PAGE));
	EXPECT_OK(dbt_quota_resize(T_QUOTA, f.parent, 64 * PAGE));
	EXPECT_OK(dbt_quota_resize(f.parent, f.child, 40 * PAGE));
	EXPECT_EQ(dbt_quota_resize(T_QUOTA, f.parent, 40 * PAGE), DBT_E_BUSY);
	make(f.child, DBT_OBJ_TASK, 4);
	EXPECT(!ktest_failed);
	EXPECT_OK(dbt_destroy(f.parent));
	EXPECT_QS(T_QUOTA, t0);
	EXPECT_EQ(dbt_stat(DBT_STAT_KMEM_USED), kmem);
}

/* A sub-quota of the root quota grows and shrinks like any other. */
KTEST(quotasize, child_of_root)
{
	struct qstate r0 = qs(DBT_ROOT_SLOT_QUOTA);
	dbt_slot_t q = sub_of(DBT_ROOT_SLOT_QUOTA, PAGE);
	EXPECT(!ktest_failed);
	struct qstate r1 = qs(DBT_ROOT_SLOT_QUOTA);
	EXPECT_OK(dbt_quota_resize(DBT_ROOT_SLOT_QUOTA, q, 64 * PAGE));
	EXPECT_QS(DBT_ROOT_SLOT_QUOTA, ((struct qstate){ r1.used + 63 * PAGE, r0.limit }));
	EXPECT_OK(dbt_quota_resize(DBT_ROOT_SLOT_QUOTA, q, 0));
	EXPECT_QS(DBT_ROOT_SLOT_QUOTA, ((struct qstate){ r1.used - PAGE, r0.limit }));
	EXPECT_EQ(dbt_quota_resize(DBT_ROOT_SLOT_QUOTA, q, r0.limit), DBT_E_NO_QUOTA);
	EXPECT_OK(dbt_destroy(q));
	EXPECT_QS(DBT_ROOT_SLOT_QUOTA, r0);
}

/* ---- what a process costs (docs/KERNEL-API.md section 20.1) ---------------------- */

#define PROC_ORDER   4                  /* 16 slots: a UNIX process needs few */
#define TASK_BYTES   (256 + (128 << PROC_ORDER) + PAGE)  /* struct, capability space, PML4 */
#define PDPT_BYTES   PAGE
#define PD_BYTES     PAGE
#define PT_BYTES     (2 * PAGE)         /* leaf table + its mapping-node shadow */
#define NODE_BYTES   64                 /* one mapped page */
#define PROC_UTCB    0x10000000ull      /* below 1 GiB, with the program */
#define PROC_TEXT    0x400000ull
#define PROC_DATA    0x600000ull        /* the next 2 MiB: a leaf table of its own */
#define PROC_STACK   0x7fffffe00000ull  /* top 1 GiB: tables of its own */
#define TEXT_PAGES   16
#define DATA_PAGES   8
#define STACK_PAGES  4

static uint8_t proc_src[TEXT_PAGES * PAGE] __attribute__((aligned(PAGE)));

/* Bytes q and the kernel pool grew by since *q0 and *k0 (both the same, else ~0). */
static dbt_word_t grew(dbt_slot_t q, dbt_word_t *q0, dbt_word_t *k0)
{
	dbt_word_t q1 = qs(q).used, k1 = dbt_stat(DBT_STAT_KMEM_USED);
	dbt_word_t d = q1 - *q0 == k1 - *k0 ? q1 - *q0 : ~0ull;
	*q0 = q1, *k0 = k1;
	return d;
}

static dbt_word_t map_into(dbt_slot_t task, dbt_word_t dst, unsigned pages)
{
	dbt_word_t done = 0;
	return dbt_task_map(task, (dbt_word_t)proc_src, dst, pages, DBT_R | DBT_W, &done);
}

/* A task, one thread, a small program (text, data, stack): each part measured. */
KTEST(quotasize, process_cost)
{
	for (unsigned i = 0; i < TEXT_PAGES; i++)
		proc_src[i * PAGE] = 1;         /* the source pages are mapped */
	dbt_slot_t q = sub_of(T_QUOTA, 256 << 10), task = kslot(), th = kslot();
	dbt_slot_t th2 = kslot(), big = kslot();
	EXPECT(!ktest_failed);
	dbt_word_t q0 = qs(q).used, k0 = dbt_stat(DBT_STAT_KMEM_USED), d[7];
	EXPECT_OK(dbt_create(q, DBT_OBJ_TASK, task, PROC_ORDER, 0));
	d[0] = grew(q, &q0, &k0);
	EXPECT_OK(dbt_create(q, DBT_OBJ_THREAD, th, task, PROC_UTCB));
	d[1] = grew(q, &q0, &k0);
	EXPECT_OK(map_into(task, PROC_TEXT, TEXT_PAGES));
	d[2] = grew(q, &q0, &k0);
	EXPECT_OK(map_into(task, PROC_DATA, DATA_PAGES));
	d[3] = grew(q, &q0, &k0);
	EXPECT_OK(map_into(task, PROC_STACK, STACK_PAGES));
	d[4] = grew(q, &q0, &k0);
	EXPECT_OK(dbt_create(q, DBT_OBJ_THREAD, th2, task, PROC_UTCB + PAGE));
	d[5] = grew(q, &q0, &k0);
	EXPECT_OK(dbt_create(q, DBT_OBJ_TASK, big, 8, 0));
	d[6] = grew(q, &q0, &k0);
	uprintf("quotasize: process cost: task (%u slots) %lu B, thread %lu B, text %u pages "
	        "%lu B, data %u pages %lu B, stack %u pages %lu B, total %lu B\n",
	        1u << PROC_ORDER, d[0], d[1], TEXT_PAGES, d[2], DATA_PAGES, d[3], STACK_PAGES,
	        d[4], d[0] + d[1] + d[2] + d[3] + d[4]);
	uprintf("quotasize: process cost: a second thread %lu B, a task with 256 slots %lu B\n",
	        d[5], d[6]);
	EXPECT_EQ(d[0], TASK_BYTES);
	EXPECT_EQ(d[1], THREAD_BYTES + PAGE + PDPT_BYTES + PD_BYTES + PT_BYTES);
	EXPECT_EQ(d[2], PT_BYTES + TEXT_PAGES * NODE_BYTES);
	EXPECT_EQ(d[3], PT_BYTES + DATA_PAGES * NODE_BYTES);
	EXPECT_EQ(d[4], PDPT_BYTES + PD_BYTES + PT_BYTES + STACK_PAGES * NODE_BYTES);
	EXPECT_EQ(d[5], THREAD_BYTES + PAGE);
	EXPECT_EQ(d[6], 256 + (128 << 8) + PAGE);
	EXPECT_OK(dbt_destroy(q));
}
