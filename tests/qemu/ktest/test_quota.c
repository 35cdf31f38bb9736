/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_quota.c - kernel-memory quotas: sub-quotas and quota_info, running
 * out (also in a child task), isolation of quotas from each other, and
 * destruction: every object made from a quota goes with it, its limit
 * returns to the parent, nested quotas go from the top, and the kernel pool
 * returns to its level before.
 */
#include "ktest.h"

#define THREAD_BYTES 8192       /* a thread object (kernel stack included) */
#define PAGE 4096

static dbt_word_t q_used(dbt_slot_t q)
{
	dbt_word_t used = ~0ull;
	dbt_quota_info(q, &used, NULL);
	return used;
}

static dbt_word_t q_limit(dbt_slot_t q)
{
	dbt_word_t limit = ~0ull;
	dbt_quota_info(q, NULL, &limit);
	return limit;
}

static dbt_word_t kmem(void)
{
	return dbt_stat(DBT_STAT_KMEM_USED);
}

static bool empty(dbt_slot_t s)
{
	return dbt_cap_info(s, NULL, NULL, NULL) == DBT_E_EMPTY_SLOT;
}

static bool is_pow2(dbt_word_t x)
{
	return x && !(x & (x - 1));
}

/* Bytes an object of `type` charges to its quota (measured in T_QUOTA). */
static dbt_word_t obj_bytes(unsigned type, dbt_word_t a)
{
	dbt_word_t before = q_used(T_QUOTA);
	dbt_slot_t s = kslot();
	if (dbt_create(T_QUOTA, type, s, a, 0))
		return 0;
	dbt_word_t after = q_used(T_QUOTA);
	dbt_cap_delete(s);
	return type == DBT_OBJ_QUOTA ? after - before - a : after - before;
}

static dbt_slot_t sub_of(dbt_slot_t parent, dbt_word_t bytes)
{
	dbt_slot_t s = kslot();
	dbt_word_t err = dbt_create(parent, DBT_OBJ_QUOTA, s, bytes, 0);
	if (err)
		ktest_fail(__FILE__, __LINE__, "sub-quota of %lu bytes: error %lu", bytes, err);
	return s;
}

static dbt_slot_t make(dbt_slot_t q, unsigned type, dbt_word_t a, dbt_word_t b)
{
	dbt_slot_t s = kslot();
	dbt_word_t err = dbt_create(q, type, s, a, b);
	if (err)
		ktest_fail(__FILE__, __LINE__, "create type %u from quota %lu: error %lu", type, q, err);
	return s;
}

static volatile dbt_word_t child_err;

static void child_recv(dbt_word_t ep)
{
	dbt_word_t tag, badge;
	child_err = dbt_recv(ep, &tag, &badge, DBT_TIMEOUT_NEVER);
}

static bool wait_state(dbt_slot_t th, dbt_word_t state, unsigned ms)
{
	for (unsigned i = 0; i <= ms; i++) {
		if (dbt_thread_ctl(th, DBT_THREAD_INFO, 0, 0).v0 == state)
			return true;
		ksleep_ms(1);
	}
	return false;
}

/* ---- sub-quotas and quota_info --------------------------------------------------- */

KTEST(quota, sub_quota_info)
{
	dbt_word_t used0 = q_used(T_QUOTA), kmem0 = kmem();
	EXPECT_EQ(q_limit(T_QUOTA), 4u << 20);
	dbt_slot_t sub = sub_of(T_QUOTA, 65536);
	dbt_word_t used, limit;
	EXPECT_OK(dbt_quota_info(sub, &used, &limit));
	EXPECT_EQ(used, 0);
	EXPECT_EQ(limit, 65536);
	/* the parent is charged the limit plus the quota object; the pool only the object */
	dbt_word_t obj = kmem() - kmem0;
	EXPECT(is_pow2(obj) && obj < PAGE);
	EXPECT_EQ(q_used(T_QUOTA), used0 + 65536 + obj);
	EXPECT_EQ(q_limit(T_QUOTA), 4u << 20);
}

KTEST(quota, info_tracks_objects)
{
	dbt_slot_t sub = sub_of(T_QUOTA, 65536);
	dbt_word_t parent_used = q_used(T_QUOTA);
	dbt_slot_t ep = make(sub, DBT_OBJ_ENDPOINT, 0, 0);
	dbt_word_t e = q_used(sub);
	EXPECT(is_pow2(e) && e >= 64);
	dbt_slot_t ntf = make(sub, DBT_OBJ_NOTIFICATION, 0, 0);
	dbt_word_t n = q_used(sub) - e;
	EXPECT(is_pow2(n) && n >= 64);
	dbt_slot_t task = make(sub, DBT_OBJ_TASK, 4, 0);
	dbt_word_t t = q_used(sub) - e - n;
	EXPECT(t >= PAGE);              /* object, capability space, top page table */
	/* objects from the sub-quota cost the parent nothing more */
	EXPECT_EQ(q_used(T_QUOTA), parent_used);
	EXPECT_OK(dbt_cap_delete(ep));
	EXPECT_EQ(q_used(sub), n + t);
	EXPECT_OK(dbt_cap_delete(task));
	EXPECT_EQ(q_used(sub), n);
	EXPECT_OK(dbt_destroy(ntf));
	EXPECT_EQ(q_used(sub), 0);
	EXPECT_EQ(q_limit(sub), 65536);
}

KTEST(quota, root_quota_info)
{
	dbt_word_t used, limit;
	EXPECT_OK(dbt_quota_info(DBT_ROOT_SLOT_QUOTA, &used, &limit));
	EXPECT_EQ(limit, urt_bootinfo->kmem_total);
	EXPECT_EQ(limit, dbt_stat(DBT_STAT_KMEM_TOTAL));
	/* the test quota's whole limit is reserved in the root quota */
	EXPECT(used >= (4u << 20));
	EXPECT(used <= limit);
	/* objects made from it are charged to it */
	dbt_word_t e = obj_bytes(DBT_OBJ_ENDPOINT, 0);
	dbt_slot_t ep = make(DBT_ROOT_SLOT_QUOTA, DBT_OBJ_ENDPOINT, 0, 0);
	EXPECT_EQ(q_used(DBT_ROOT_SLOT_QUOTA), used + e);
	EXPECT_OK(dbt_cap_delete(ep));
	EXPECT_EQ(q_used(DBT_ROOT_SLOT_QUOTA), used);
}

/* ---- running out --------------------------------------------------------------------- */

KTEST(quota, exhaust_until_no_quota)
{
	dbt_word_t e = obj_bytes(DBT_OBJ_ENDPOINT, 0);
	EXPECT(is_pow2(e));
	dbt_slot_t sub = sub_of(T_QUOTA, 16 * e);
	dbt_slot_t eps[16];
	for (unsigned i = 0; i < 16; i++)
		eps[i] = make(sub, DBT_OBJ_ENDPOINT, 0, 0);
	EXPECT_EQ(q_used(sub), 16 * e);
	dbt_slot_t dst = kslot();
	EXPECT_EQ(dbt_create(sub, DBT_OBJ_ENDPOINT, dst, 0, 0), DBT_E_NO_QUOTA);
	EXPECT_EQ(dbt_create(sub, DBT_OBJ_NOTIFICATION, dst, 0, 0), DBT_E_NO_QUOTA);
	EXPECT_EQ(dbt_create(sub, DBT_OBJ_TASK, dst, 1, 0), DBT_E_NO_QUOTA);
	EXPECT_EQ(dbt_create(sub, DBT_OBJ_QUOTA, dst, 0, 0), DBT_E_NO_QUOTA);
	dbt_slot_t task = make(T_QUOTA, DBT_OBJ_TASK, 2, 0);
	EXPECT_EQ(dbt_create(sub, DBT_OBJ_THREAD, dst, task, 0x10000), DBT_E_NO_QUOTA);
	dbt_word_t kmem0 = kmem();
	EXPECT(empty(dst));
	EXPECT_EQ(q_used(sub), 16 * e);
	EXPECT_EQ(dbt_create(sub, DBT_OBJ_ENDPOINT, dst, 0, 0), DBT_E_NO_QUOTA);
	EXPECT_EQ(kmem(), kmem0);
	/* freeing one object makes room for exactly one */
	EXPECT_OK(dbt_cap_delete(eps[7]));
	EXPECT_OK(dbt_create(sub, DBT_OBJ_ENDPOINT, dst, 0, 0));
	EXPECT_EQ(dbt_create(sub, DBT_OBJ_ENDPOINT, eps[7], 0, 0), DBT_E_NO_QUOTA);
}

KTEST(quota, exhaustion_leaves_other_quotas_working)
{
	dbt_slot_t a = sub_of(T_QUOTA, 4096);
	dbt_slot_t b = sub_of(T_QUOTA, 4096);
	dbt_word_t t_used = q_used(T_QUOTA);
	dbt_word_t err = DBT_OK;
	unsigned n = 0;
	while (n < 200 && (err = dbt_create(a, DBT_OBJ_NOTIFICATION, kslot(), 0, 0)) == DBT_OK)
		n++;
	EXPECT_EQ(err, DBT_E_NO_QUOTA);
	EXPECT(n > 0 && n < 200);
	EXPECT_EQ(q_used(a), 4096);
	/* the parent's account did not move, the sibling and the parent still work */
	EXPECT_EQ(q_used(T_QUOTA), t_used);
	EXPECT_EQ(q_used(b), 0);
	make(b, DBT_OBJ_ENDPOINT, 0, 0);
	make(T_QUOTA, DBT_OBJ_ENDPOINT, 0, 0);
	make(T_QUOTA, DBT_OBJ_TASK, 3, 0);
	make(DBT_ROOT_SLOT_QUOTA, DBT_OBJ_NOTIFICATION, 0, 0);  /* deleted after the test */
	EXPECT_EQ(dbt_create(a, DBT_OBJ_NOTIFICATION, kslot(), 0, 0), DBT_E_NO_QUOTA);
}

static volatile dbt_word_t cq_count, cq_err, cq_used, cq_limit, cq_err2;

/* In a child task: create endpoints from the quota in qslot until an error. */
static void child_exhaust(dbt_word_t qslot)
{
	dbt_word_t err = DBT_OK, used = 0, limit = 0;
	unsigned n = 0;
	for (dbt_slot_t s = qslot + 1; s < 256; s++) {
		if ((err = dbt_create(qslot, DBT_OBJ_ENDPOINT, s, 0, 0)))
			break;
		n++;
	}
	cq_count = n;
	cq_err = err;
	dbt_quota_info(qslot, &used, &limit);
	cq_used = used;
	cq_limit = limit;
	cq_err2 = dbt_create(qslot, DBT_OBJ_QUOTA, qslot + n + 1, 0, 0);
}

KTEST(quota, child_task_exhausted_root_works)
{
	struct kchild c;
	dbt_word_t e = obj_bytes(DBT_OBJ_ENDPOINT, 0), qb = obj_bytes(DBT_OBJ_QUOTA, 0);
	dbt_slot_t sub = sub_of(T_QUOTA, 8 * e);
	cq_count = cq_err = cq_used = cq_limit = cq_err2 = ~0ull;
	EXPECT_OK(ktest_child(&c, child_exhaust, CHILD_SLOT_FIRST));
	EXPECT_OK(ktest_give(&c, sub, CHILD_SLOT_FIRST, DBT_CAP_CONTROL | DBT_CAP_READ));
	EXPECT_OK(ktest_start(&c));
	EXPECT(ktest_join(&c, 2000));
	EXPECT_EQ(cq_err, DBT_E_NO_QUOTA);
	EXPECT_EQ(cq_count, 8);
	EXPECT_EQ(cq_used, 8 * e);
	EXPECT_EQ(cq_limit, 8 * e);
	EXPECT_EQ(cq_err2, DBT_E_NO_QUOTA);
	/* the root keeps working, from its own quotas */
	dbt_word_t t_used = q_used(T_QUOTA);
	make(T_QUOTA, DBT_OBJ_ENDPOINT, 0, 0);
	EXPECT_EQ(q_used(T_QUOTA), t_used + e);
	dbt_slot_t other = sub_of(T_QUOTA, 8 * e);
	make(other, DBT_OBJ_ENDPOINT, 0, 0);
	EXPECT_EQ(dbt_create(sub, DBT_OBJ_ENDPOINT, kslot(), 0, 0), DBT_E_NO_QUOTA);
	/* destroying the child's quota frees the child's objects */
	dbt_word_t kmem0 = kmem();
	EXPECT_OK(dbt_destroy(sub));
	EXPECT_EQ(kmem0 - kmem(), 8 * e + qb);
}

KTEST(quota, sub_larger_than_remaining)
{
	dbt_word_t qb = obj_bytes(DBT_OBJ_QUOTA, 0);
	EXPECT(is_pow2(qb));
	dbt_word_t used0 = q_used(T_QUOTA), kmem0 = kmem();
	dbt_word_t remaining = q_limit(T_QUOTA) - used0;
	dbt_slot_t dst = kslot();
	/* the quota object itself is charged first, so the whole remainder is too much */
	const dbt_word_t too_big[] = { remaining, remaining - qb + 1, 5u << 20, 1ull << 40, ~0ull };
	for (unsigned i = 0; i < sizeof(too_big) / sizeof(too_big[0]); i++) {
		EXPECT_EQ(dbt_create(T_QUOTA, DBT_OBJ_QUOTA, dst, too_big[i], 0), DBT_E_NO_QUOTA);
		EXPECT(empty(dst));
		EXPECT_EQ(q_used(T_QUOTA), used0);
		EXPECT_EQ(kmem(), kmem0);
	}
	/* exactly what is left fits */
	EXPECT_OK(dbt_create(T_QUOTA, DBT_OBJ_QUOTA, dst, remaining - qb, 0));
	EXPECT_EQ(q_used(T_QUOTA), q_limit(T_QUOTA));
	EXPECT_EQ(dbt_create(T_QUOTA, DBT_OBJ_ENDPOINT, kslot(), 0, 0), DBT_E_NO_QUOTA);
	EXPECT_EQ(dbt_create(T_QUOTA, DBT_OBJ_QUOTA, kslot(), 0, 0), DBT_E_NO_QUOTA);
	/* and one level down the same */
	dbt_slot_t sub2 = kslot();
	EXPECT_EQ(dbt_create(dst, DBT_OBJ_QUOTA, sub2, remaining - qb, 0), DBT_E_NO_QUOTA);
	EXPECT_EQ(q_used(dst), 0);
	EXPECT_OK(dbt_create(dst, DBT_OBJ_QUOTA, sub2, remaining - 2 * qb, 0));
	EXPECT_EQ(q_used(dst), q_limit(dst));
	EXPECT_OK(dbt_destroy(dst));
	EXPECT_EQ(q_used(T_QUOTA), used0);
	EXPECT_EQ(kmem(), kmem0);
	EXPECT(empty(sub2));
}

KTEST(quota, zero_byte_quota)
{
	dbt_slot_t z = sub_of(T_QUOTA, 0);
	dbt_word_t used = 1, limit = 1;
	EXPECT_OK(dbt_quota_info(z, &used, &limit));
	EXPECT_EQ(used, 0);
	EXPECT_EQ(limit, 0);
	dbt_slot_t dst = kslot();
	EXPECT_EQ(dbt_create(z, DBT_OBJ_ENDPOINT, dst, 0, 0), DBT_E_NO_QUOTA);
	EXPECT_EQ(dbt_create(z, DBT_OBJ_QUOTA, dst, 0, 0), DBT_E_NO_QUOTA);
	EXPECT(empty(dst));
	EXPECT_EQ(q_used(z), 0);
}

/* ---- destruction ----------------------------------------------------------------------- */

KTEST(quota, destroy_destroys_every_object)
{
	dbt_word_t used0 = q_used(T_QUOTA), kmem0 = kmem();
	dbt_slot_t sub = sub_of(T_QUOTA, 1u << 20);
	dbt_slot_t ep = make(sub, DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t ntf = make(sub, DBT_OBJ_NOTIFICATION, 0, 0);
	dbt_slot_t task = make(sub, DBT_OBJ_TASK, 4, 0);
	dbt_slot_t th = make(sub, DBT_OBJ_THREAD, task, 0x10000);
	dbt_slot_t subsub = make(sub, DBT_OBJ_QUOTA, 8192, 0);
	dbt_slot_t inner = make(subsub, DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t ep_copy = kslot(), ntf_copy = kslot();
	EXPECT_OK(dbt_cap_copy(ep, ep_copy, DBT_CAP_WRITE, 3));
	EXPECT_OK(dbt_cap_copy(ntf, ntf_copy, DBT_CAP_READ, 0));
	/* objects of the parent survive, also when they hold caps to the sub's objects */
	dbt_slot_t keep = make(T_QUOTA, DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t holder = make(T_QUOTA, DBT_OBJ_TASK, 3, 0);
	EXPECT_OK(dbt_cap_give(holder, ep, 1, DBT_CAP_ALL));
	EXPECT_OK(dbt_cap_give(holder, sub, 2, DBT_CAP_READ));
	EXPECT_OK(dbt_destroy(sub));
	const dbt_slot_t gone[] = { sub, ep, ntf, task, th, subsub, inner, ep_copy, ntf_copy };
	for (unsigned i = 0; i < sizeof(gone) / sizeof(gone[0]); i++)
		EXPECT(empty(gone[i]));
	EXPECT_EQ(dbt_cap_info(keep, NULL, NULL, NULL), DBT_OK);
	EXPECT_EQ(dbt_cap_info(holder, NULL, NULL, NULL), DBT_OK);
	/* the holder's slots were emptied: giving into them works again */
	EXPECT_OK(dbt_cap_give(holder, keep, 1, DBT_CAP_ALL));
	EXPECT_OK(dbt_cap_give(holder, keep, 2, DBT_CAP_ALL));
	EXPECT_OK(dbt_cap_delete(keep));
	EXPECT_OK(dbt_cap_delete(holder));
	EXPECT_EQ(q_used(T_QUOTA), used0);
	EXPECT_EQ(kmem(), kmem0);
}

KTEST(quota, destroy_returns_limit_to_parent)
{
	dbt_word_t used0 = q_used(T_QUOTA), qb = obj_bytes(DBT_OBJ_QUOTA, 0);
	dbt_slot_t sub = sub_of(T_QUOTA, 2u << 20);
	make(sub, DBT_OBJ_TASK, 6, 0);
	EXPECT_EQ(q_used(T_QUOTA), used0 + (2u << 20) + qb);
	EXPECT_OK(dbt_destroy(sub));
	EXPECT_EQ(q_used(T_QUOTA), used0);
	/* the whole remainder can be given out again */
	dbt_slot_t big = sub_of(T_QUOTA, q_limit(T_QUOTA) - used0 - qb);
	EXPECT_EQ(q_used(T_QUOTA), q_limit(T_QUOTA));
	EXPECT_OK(dbt_cap_delete(big));         /* the last cap: destroyed too */
	EXPECT_EQ(q_used(T_QUOTA), used0);
}

KTEST(quota, delete_last_cap_destroys_quota)
{
	dbt_word_t used0 = q_used(T_QUOTA), kmem0 = kmem();
	dbt_slot_t sub = sub_of(T_QUOTA, 65536);
	dbt_slot_t copy = kslot();
	EXPECT_OK(dbt_cap_copy(sub, copy, DBT_CAP_READ, 0));
	dbt_slot_t ep = make(sub, DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t task = make(sub, DBT_OBJ_TASK, 2, 0);
	EXPECT_OK(dbt_cap_delete(sub));
	EXPECT_OK(dbt_cap_info(ep, NULL, NULL, NULL));          /* copy keeps it alive */
	EXPECT_EQ(q_limit(copy), 65536);
	EXPECT_OK(dbt_cap_delete(copy));
	EXPECT(empty(ep));
	EXPECT(empty(task));
	EXPECT_EQ(q_used(T_QUOTA), used0);
	EXPECT_EQ(kmem(), kmem0);
}

KTEST(quota, nested_three_levels_destroyed_from_top)
{
	dbt_word_t used0 = q_used(T_QUOTA), kmem0 = kmem();
	dbt_slot_t q1 = sub_of(T_QUOTA, 1u << 20);
	dbt_slot_t q2 = sub_of(q1, 256u << 10);
	dbt_slot_t q3 = sub_of(q2, 64u << 10);
	dbt_slot_t objs[9];
	objs[0] = make(q1, DBT_OBJ_ENDPOINT, 0, 0);
	objs[1] = make(q2, DBT_OBJ_NOTIFICATION, 0, 0);
	objs[2] = make(q3, DBT_OBJ_ENDPOINT, 0, 0);
	objs[3] = make(q3, DBT_OBJ_TASK, 3, 0);
	objs[4] = make(q3, DBT_OBJ_THREAD, objs[3], 0x20000);
	objs[5] = make(q2, DBT_OBJ_THREAD, objs[3], 0x30000);   /* in q3's task */
	objs[6] = make(q1, DBT_OBJ_TASK, 2, 0);
	objs[7] = make(q3, DBT_OBJ_THREAD, objs[6], 0x10000);   /* q3 thread in q1's task */
	objs[8] = make(q3, DBT_OBJ_QUOTA, 4096, 0);
	EXPECT(q_used(q3) > 0 && q_used(q2) > (64u << 10) && q_used(q1) > (256u << 10));
	EXPECT_OK(dbt_destroy(q1));
	EXPECT(empty(q1));
	EXPECT(empty(q2));
	EXPECT(empty(q3));
	for (unsigned i = 0; i < 9; i++)
		EXPECT(empty(objs[i]));
	EXPECT_EQ(q_used(T_QUOTA), used0);
	EXPECT_EQ(kmem(), kmem0);
}

KTEST(quota, nested_destroy_bottom_returns_to_middle)
{
	dbt_slot_t q1 = sub_of(T_QUOTA, 1u << 20);
	dbt_slot_t q2 = sub_of(q1, 256u << 10);
	dbt_word_t q1_used = q_used(q1), q2_used = q_used(q2), kmem0 = kmem();
	dbt_slot_t q3 = sub_of(q2, 64u << 10);
	dbt_slot_t ep = make(q3, DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t keep = make(q2, DBT_OBJ_ENDPOINT, 0, 0);
	dbt_word_t e = q_used(q3);
	EXPECT_EQ(q_used(q2), q2_used + (64u << 10) + obj_bytes(DBT_OBJ_QUOTA, 0) + e);
	EXPECT_OK(dbt_destroy(q3));
	EXPECT(empty(ep));
	EXPECT_OK(dbt_cap_info(keep, NULL, NULL, NULL));
	EXPECT_EQ(q_used(q2), q2_used + e);
	EXPECT_EQ(q_used(q1), q1_used);
	EXPECT_OK(dbt_cap_delete(keep));
	EXPECT_EQ(kmem(), kmem0);
}

KTEST(quota, destroy_wakes_thread_blocked_on_its_object)
{
	struct kchild c;
	dbt_slot_t sub = sub_of(T_QUOTA, 65536);
	dbt_slot_t ep = make(sub, DBT_OBJ_ENDPOINT, 0, 0);
	child_err = ~0ull;
	EXPECT_OK(ktest_local(&c, child_recv, ep));
	EXPECT_OK(ktest_start(&c));
	EXPECT(wait_state(c.thread, DBT_THREAD_RECEIVING, 1000));
	EXPECT_OK(dbt_destroy(sub));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(child_err, DBT_E_DELETED);
	EXPECT(empty(ep));
}

/* A blocked thread made from a quota goes when the quota goes. */
KTEST(quota, destroy_removes_its_blocked_thread)
{
	struct kchild c;
	dbt_slot_t ep = make(T_QUOTA, DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t sub = sub_of(T_QUOTA, 65536);
	dbt_word_t kmem0 = kmem();
	dbt_slot_t saved = T_QUOTA;
	T_QUOTA = sub;
	dbt_word_t err = ktest_local(&c, child_recv, ep);
	T_QUOTA = saved;
	EXPECT_OK(err);
	EXPECT_EQ(q_used(sub), THREAD_BYTES);
	EXPECT_OK(ktest_start(&c));
	EXPECT(wait_state(c.thread, DBT_THREAD_RECEIVING, 1000));
	EXPECT_OK(dbt_destroy(sub));
	EXPECT(empty(c.thread));
	EXPECT(kmem() < kmem0);
	/* the endpoint lost its receiver */
	EXPECT_EQ(dbt_send(ep, DBT_TAG(1, 0, 0), DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);
	EXPECT(!c.done);
}

/* The UTCB (and page tables) of a thread are charged to its task's quota. */
KTEST(quota, utcb_charged_to_task_quota)
{
	dbt_slot_t qa = sub_of(T_QUOTA, 1u << 20);
	dbt_slot_t qb = sub_of(T_QUOTA, 1u << 20);
	dbt_slot_t task = make(qa, DBT_OBJ_TASK, 2, 0);
	dbt_word_t a0 = q_used(qa);
	dbt_slot_t th = make(qb, DBT_OBJ_THREAD, task, 0x400000);
	EXPECT_EQ(q_used(qb), THREAD_BYTES);
	EXPECT(q_used(qa) >= a0 + PAGE);
	dbt_word_t a1 = q_used(qa);
	/* a second thread in the same page-table range costs the task just a UTCB */
	dbt_slot_t th2 = make(qb, DBT_OBJ_THREAD, task, 0x401000);
	EXPECT_EQ(q_used(qb), 2 * THREAD_BYTES);
	EXPECT_EQ(q_used(qa), a1 + PAGE);
	/* destroying the thread's quota returns the UTCB to the task's */
	EXPECT_OK(dbt_destroy(qb));
	EXPECT(empty(th));
	EXPECT(empty(th2));
	EXPECT_EQ(q_used(qa), a1 - PAGE);
	EXPECT_OK(dbt_cap_info(task, NULL, NULL, NULL));
}

/* A task that does not fit leaves nothing charged behind. */
KTEST(quota, failed_task_create_charges_nothing)
{
	dbt_word_t qb = obj_bytes(DBT_OBJ_QUOTA, 0);
	unsigned ok = 0, failed = 0;
	for (dbt_word_t limit = 1024; limit <= 40 * 1024; limit += 1024) {
		dbt_word_t kmem0 = kmem();
		dbt_slot_t sub = sub_of(T_QUOTA, limit);
		dbt_slot_t dst = kslot();
		dbt_word_t err = dbt_create(sub, DBT_OBJ_TASK, dst, 8, 0);
		if (err) {
			EXPECT_EQ(err, DBT_E_NO_QUOTA);
			EXPECT(empty(dst));
			EXPECT_EQ(q_used(sub), 0);
			EXPECT_EQ(kmem(), kmem0 + qb);
			failed++;
		} else {
			EXPECT(q_used(sub) <= limit);
			ok++;
		}
		EXPECT_OK(dbt_destroy(sub));
		EXPECT_EQ(kmem(), kmem0);
	}
	EXPECT(ok > 0 && failed > 0);
}

/* A thread that does not fit (in its own or its task's quota) leaves its
 * own quota uncharged. */
KTEST(quota, failed_thread_create_charges_nothing)
{
	unsigned ok = 0, failed = 0;
	dbt_slot_t th_quota = sub_of(T_QUOTA, 1u << 20);
	for (dbt_word_t limit = 4096; limit <= 64 * 1024; limit += 4096) {
		dbt_word_t kmem0 = kmem();
		dbt_slot_t tq = sub_of(T_QUOTA, limit);
		dbt_slot_t task = kslot(), th = kslot();
		if (dbt_create(tq, DBT_OBJ_TASK, task, 1, 0)) {
			EXPECT_OK(dbt_destroy(tq));
			continue;
		}
		dbt_word_t used0 = q_used(th_quota);
		dbt_word_t err = dbt_create(th_quota, DBT_OBJ_THREAD, th, task, 0x7fff00000000ull);
		if (err) {
			EXPECT_EQ(err, DBT_E_NO_QUOTA);
			EXPECT(empty(th));
			EXPECT_EQ(q_used(th_quota), used0);
			EXPECT(q_used(tq) <= limit);
			failed++;
		} else {
			EXPECT_EQ(q_used(th_quota), used0 + THREAD_BYTES);
			ok++;
		}
		EXPECT_OK(dbt_destroy(tq));
		EXPECT(empty(th));
		EXPECT_EQ(q_used(th_quota), 0);
		EXPECT_EQ(kmem(), kmem0);
	}
	EXPECT(ok > 0 && failed > 0);
	/* and the thread's own quota too small */
	dbt_slot_t small = sub_of(T_QUOTA, THREAD_BYTES - 1);
	dbt_slot_t task = make(T_QUOTA, DBT_OBJ_TASK, 1, 0);
	dbt_word_t t_used = q_used(T_QUOTA);
	dbt_slot_t th = kslot();
	EXPECT_EQ(dbt_create(small, DBT_OBJ_THREAD, th, task, 0x10000), DBT_E_NO_QUOTA);
	EXPECT(empty(th));
	EXPECT_EQ(q_used(small), 0);
	EXPECT_EQ(q_used(T_QUOTA), t_used);
}

KTEST(quota, churn_returns_to_baseline)
{
	dbt_word_t kmem0 = kmem(), used0 = q_used(T_QUOTA);
	for (unsigned i = 0; i < 20; i++) {
		dbt_slot_t q1 = sub_of(T_QUOTA, 512u << 10);
		dbt_slot_t q2 = sub_of(q1, 128u << 10);
		dbt_slot_t task = make(q2, DBT_OBJ_TASK, 1 + i % 6, 0);
		make(q1, DBT_OBJ_THREAD, task, 0x10000 + i * 0x1000ull);
		make(q2, DBT_OBJ_ENDPOINT, 0, 0);
		make(q1, DBT_OBJ_NOTIFICATION, 0, 0);
		EXPECT_OK(i % 2 ? dbt_destroy(q1) : dbt_cap_delete(q1));
		EXPECT(empty(q2));
		EXPECT(empty(task));
		EXPECT_EQ(kmem(), kmem0);
		EXPECT_EQ(q_used(T_QUOTA), used0);
	}
}

static volatile dbt_word_t self_before, self_after;

static void destroy_own_quota(dbt_word_t q)
{
	self_before = 1;
	self_after = dbt_destroy(q) + 100;      /* never returns */
}

/* A thread made from a quota destroys that quota (and so itself). */
KTEST(quota, thread_destroys_own_quota)
{
	struct kchild c;
	dbt_slot_t sub = sub_of(T_QUOTA, 65536);
	dbt_slot_t ep = make(sub, DBT_OBJ_ENDPOINT, 0, 0);
	dbt_word_t kmem0 = kmem(), used0 = q_used(T_QUOTA);
	self_before = self_after = 0;
	dbt_slot_t saved = T_QUOTA;
	T_QUOTA = sub;
	dbt_word_t err = ktest_local(&c, destroy_own_quota, sub);
	T_QUOTA = saved;
	EXPECT_OK(err);
	EXPECT_OK(ktest_start(&c));
	ksleep_ms(20);
	EXPECT_EQ(self_before, 1);
	EXPECT_EQ(self_after, 0);
	EXPECT(empty(c.thread));
	EXPECT(empty(sub));
	EXPECT(empty(ep));
	EXPECT(kmem() < kmem0);
	EXPECT(q_used(T_QUOTA) < used0);
}

/* The same from a child task made from the quota: the task goes too. */
KTEST(quota, child_task_destroys_own_quota)
{
	struct kchild c;
	dbt_slot_t sub = sub_of(T_QUOTA, 1u << 20);
	dbt_word_t used0 = q_used(T_QUOTA) - (1u << 20) - obj_bytes(DBT_OBJ_QUOTA, 0);
	self_before = self_after = 0;
	dbt_slot_t saved = T_QUOTA;
	T_QUOTA = sub;
	dbt_word_t err = ktest_child(&c, destroy_own_quota, CHILD_SLOT_FIRST);
	T_QUOTA = saved;
	EXPECT_OK(err);
	EXPECT_OK(ktest_give(&c, sub, CHILD_SLOT_FIRST, DBT_CAP_ALL));
	EXPECT_OK(ktest_start(&c));
	ksleep_ms(20);
	EXPECT_EQ(self_before, 1);
	EXPECT_EQ(self_after, 0);
	EXPECT(empty(c.thread));
	EXPECT(empty(c.task));
	EXPECT(empty(sub));
	EXPECT_EQ(q_used(T_QUOTA), used0);
}

static void spin(dbt_word_t unused)
{
	(void)unused;
	for (;;)
		self_after++;
}

/* Destroying the quota of a child task whose thread is runnable. */
KTEST(quota, destroy_quota_of_running_child_task)
{
	struct kchild c;
	dbt_word_t kmem0 = kmem(), used0 = q_used(T_QUOTA);
	dbt_slot_t sub = sub_of(T_QUOTA, 1u << 20);
	self_after = 0;
	dbt_slot_t saved = T_QUOTA;
	T_QUOTA = sub;
	dbt_word_t err = ktest_child(&c, spin, 0);
	T_QUOTA = saved;
	EXPECT_OK(err);
	EXPECT_OK(ktest_start(&c));
	ksleep_ms(30);
	EXPECT(self_after > 0);
	EXPECT_EQ(dbt_thread_ctl(c.thread, DBT_THREAD_INFO, 0, 0).v0, DBT_THREAD_RUNNABLE);
	EXPECT(q_used(sub) > THREAD_BYTES);
	EXPECT_OK(dbt_destroy(sub));
	EXPECT(empty(c.thread));
	EXPECT(empty(c.task));
	dbt_word_t n = self_after;
	ksleep_ms(20);
	EXPECT_EQ(self_after, n);       /* it does not run any more */
	EXPECT_EQ(kmem(), kmem0);
	EXPECT_EQ(q_used(T_QUOTA), used0);
}
