/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_cap.c - capabilities: every right enforced with its exact error,
 * copy with rights masks and badges, cap_info, the derivation tree (revoke,
 * delete, move), destroy, and capabilities given to another task.
 */
#include "ktest.h"

#define TEST_IRQ_LINE 11        /* an ISA line nothing uses under QEMU q35 */
#define SCRATCH_VA 0x200000000000ull    /* never mapped in the root task */

/* A copy of src with rights masked to `rights`, in a new slot. */
static dbt_slot_t derive(dbt_slot_t src, unsigned rights)
{
	dbt_slot_t s = kslot();
	dbt_word_t err = dbt_cap_copy(src, s, rights, 0);
	if (err)
		ktest_fail(__FILE__, __LINE__, "derive(%lu, %x): error %lu", src, rights, err);
	return s;
}

static dbt_word_t cap_type(dbt_slot_t s)
{
	dbt_word_t type = ~0ull;
	dbt_cap_info(s, &type, NULL, NULL);
	return type;
}

static dbt_word_t cap_rights(dbt_slot_t s)
{
	dbt_word_t rights = ~0ull;
	dbt_cap_info(s, NULL, &rights, NULL);
	return rights;
}

static dbt_word_t cap_badge(dbt_slot_t s)
{
	dbt_word_t badge = ~0ull;
	dbt_cap_info(s, NULL, NULL, &badge);
	return badge;
}

static dbt_word_t thread_state(dbt_slot_t th)
{
	return dbt_thread_ctl(th, DBT_THREAD_INFO, 0, 0).v0;
}

/* Sleep until thread th is in state `state` (at most ms milliseconds). */
static bool wait_state(dbt_slot_t th, dbt_word_t state, unsigned ms)
{
	for (unsigned i = 0; i < ms; i++) {
		if (thread_state(th) == state)
			return true;
		ksleep_ms(1);
	}
	return thread_state(th) == state;
}

/* ---- children that block on an object and report how the call ended ---- */

static volatile dbt_word_t child_err;

static void child_recv(dbt_word_t ep)
{
	dbt_word_t tag, badge;
	child_err = dbt_recv(ep, &tag, &badge, DBT_TIMEOUT_NEVER);
}

static void child_send(dbt_word_t ep)
{
	child_err = dbt_send(ep, DBT_TAG(1, 0, 0), DBT_TIMEOUT_NEVER);
}

static void child_wait(dbt_word_t ntf)
{
	child_err = dbt_wait(ntf, NULL, DBT_TIMEOUT_NEVER);
}

/* In a child task: the capability in `slot` before and after the root
 * signals the notification in slot + 1. */
static struct {
	volatile dbt_word_t before, after, type, rights, badge;
} probe;

static void child_probe(dbt_word_t slot)
{
	dbt_word_t type = 0, rights = 0, badge = 0;
	probe.before = dbt_cap_info(slot, &type, &rights, &badge);
	probe.type = type;
	probe.rights = rights;
	probe.badge = badge;
	dbt_wait(slot + 1, NULL, DBT_TIMEOUT_NEVER);
	probe.after = dbt_cap_info(slot, NULL, NULL, NULL);
}

/* ---- rights ------------------------------------------------------------------- */

KTEST(cap, send_call_need_write)
{
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t nw = derive(ep, DBT_CAP_ALL & ~DBT_CAP_WRITE);
	dbt_slot_t w = derive(ep, DBT_CAP_WRITE);
	dbt_word_t tag = DBT_TAG(1, 0, 0);
	EXPECT_EQ(dbt_send(nw, DBT_TAG(1, 0, 0), DBT_TIMEOUT_POLL), DBT_E_NO_RIGHTS);
	EXPECT_EQ(dbt_call(nw, &tag, DBT_TIMEOUT_POLL, DBT_TIMEOUT_POLL), DBT_E_NO_RIGHTS);
	/* with WRITE alone the rights check passes: nobody receives */
	EXPECT_EQ(dbt_send(w, DBT_TAG(1, 0, 0), DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);
	tag = DBT_TAG(1, 0, 0);
	EXPECT_EQ(dbt_call(w, &tag, DBT_TIMEOUT_POLL, DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);
}

/* With a receiver waiting (the IPC fast path's case) WRITE is still needed. */
KTEST(cap, call_without_write_to_waiting_receiver)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t nw = derive(ep, DBT_CAP_ALL & ~DBT_CAP_WRITE);
	child_err = ~0ull;
	EXPECT_OK(ktest_local(&c, child_recv, ep));
	EXPECT_OK(ktest_start(&c));
	EXPECT(wait_state(c.thread, DBT_THREAD_RECEIVING, 1000));
	dbt_word_t tag = DBT_TAG(1, 0, 0);
	EXPECT_EQ(dbt_call(nw, &tag, DBT_TIMEOUT_NEVER, DBT_TIMEOUT_NEVER), DBT_E_NO_RIGHTS);
	EXPECT_EQ(dbt_send(nw, DBT_TAG(1, 0, 0), DBT_TIMEOUT_NEVER), DBT_E_NO_RIGHTS);
	ksleep_ms(2);
	EXPECT_EQ(thread_state(c.thread), DBT_THREAD_RECEIVING);      /* still waiting */
	EXPECT_EQ(child_err, ~0ull);
	/* a proper send gets through */
	EXPECT_OK(dbt_send(ep, DBT_TAG(1, 0, 0), DBT_TIMEOUT_NEVER));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(child_err, DBT_OK);
}

KTEST(cap, recv_needs_read)
{
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t nr = derive(ep, DBT_CAP_ALL & ~DBT_CAP_READ);
	dbt_slot_t r = derive(ep, DBT_CAP_READ);
	dbt_word_t tag = 0, badge;
	EXPECT_EQ(dbt_recv(nr, &tag, &badge, DBT_TIMEOUT_POLL), DBT_E_NO_RIGHTS);
	tag = 0;
	EXPECT_EQ(dbt_reply_recv(nr, &tag, &badge, DBT_TIMEOUT_POLL), DBT_E_NO_RIGHTS);
	EXPECT_EQ(dbt_recv(r, &tag, &badge, DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);
	tag = 0;
	EXPECT_EQ(dbt_reply_recv(r, &tag, &badge, DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);
}

/* A waiting sender is not dequeued by a receive without READ. */
KTEST(cap, recv_without_read_leaves_sender)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t nr = derive(ep, DBT_CAP_ALL & ~DBT_CAP_READ);
	child_err = ~0ull;
	EXPECT_OK(ktest_local(&c, child_send, ep));
	EXPECT_OK(ktest_start(&c));
	EXPECT(wait_state(c.thread, DBT_THREAD_SENDING, 1000));
	dbt_word_t tag = 0, badge;
	EXPECT_EQ(dbt_recv(nr, &tag, &badge, DBT_TIMEOUT_NEVER), DBT_E_NO_RIGHTS);
	EXPECT_EQ(thread_state(c.thread), DBT_THREAD_SENDING);
	EXPECT_OK(dbt_recv(ep, &tag, &badge, DBT_TIMEOUT_POLL));
	EXPECT_EQ(DBT_TAG_LABEL(tag), 1);
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(child_err, DBT_OK);
}

KTEST(cap, typed_items_need_grant)
{
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t w = derive(ep, DBT_CAP_WRITE);
	dbt_slot_t wg = derive(ep, DBT_CAP_WRITE | DBT_CAP_GRANT);
	dbt_word_t *mr = dbt_mr();
	mr[0] = DBT_ITEM(DBT_ITEM_MAP, DBT_SPACE_CAP, 0);
	mr[1] = DBT_CAP_FPAGE(ep, 0, DBT_CAP_ALL);
	EXPECT_EQ(dbt_send(w, DBT_TAG(1, 0, 1), DBT_TIMEOUT_POLL), DBT_E_NO_RIGHTS);
	dbt_word_t tag = DBT_TAG(1, 0, 1);
	mr[0] = DBT_ITEM(DBT_ITEM_MAP, DBT_SPACE_CAP, 0);
	mr[1] = DBT_CAP_FPAGE(ep, 0, DBT_CAP_ALL);
	EXPECT_EQ(dbt_call(w, &tag, DBT_TIMEOUT_POLL, DBT_TIMEOUT_POLL), DBT_E_NO_RIGHTS);
	/* untyped messages need no GRANT; with GRANT typed ones pass the check */
	EXPECT_EQ(dbt_send(w, DBT_TAG(1, 2, 0), DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);
	mr[0] = DBT_ITEM(DBT_ITEM_MAP, DBT_SPACE_CAP, 0);
	mr[1] = DBT_CAP_FPAGE(ep, 0, DBT_CAP_ALL);
	EXPECT_EQ(dbt_send(wg, DBT_TAG(1, 0, 1), DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);
}

KTEST(cap, notification_rights)
{
	dbt_slot_t n = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	dbt_slot_t nw = derive(n, DBT_CAP_ALL & ~DBT_CAP_WRITE);
	dbt_slot_t nr = derive(n, DBT_CAP_ALL & ~DBT_CAP_READ);
	dbt_word_t bits = 0;
	EXPECT_EQ(dbt_signal(nw), DBT_E_NO_RIGHTS);
	EXPECT_EQ(dbt_wait(n, &bits, DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);     /* nothing set */
	EXPECT_OK(dbt_signal(nr));
	EXPECT_EQ(dbt_wait(nr, &bits, DBT_TIMEOUT_POLL), DBT_E_NO_RIGHTS);
	EXPECT_OK(dbt_wait(nw, &bits, DBT_TIMEOUT_POLL));                   /* READ suffices */
	EXPECT_EQ(bits, 1);
}

KTEST(cap, thread_ctl_needs_control)
{
	struct kchild c;
	EXPECT_OK(ktest_local(&c, NULL, 0));
	dbt_slot_t nc = derive(c.thread, DBT_CAP_ALL & ~DBT_CAP_CONTROL);
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	for (unsigned op = 0; op < DBT_THREAD_OP_COUNT; op++)
		EXPECT_EQ(dbt_thread_ctl(nc, op, op == DBT_THREAD_SET_PAGER ? ep : 0, 0).err,
		          DBT_E_NO_RIGHTS);
	dbt_slot_t ctl = derive(c.thread, DBT_CAP_CONTROL);
	struct dbt_sysret r = dbt_thread_ctl(ctl, DBT_THREAD_INFO, 0, 0);
	EXPECT_OK(r.err);
	EXPECT_EQ(r.v0, DBT_THREAD_INACTIVE);
	EXPECT_EQ(r.v1, 150);           /* the framework's child priority, unchanged */
}

KTEST(cap, task_control_for_create_thread)
{
	dbt_slot_t task = kcreate(DBT_OBJ_TASK, 4, 0);
	dbt_slot_t nc = derive(task, DBT_CAP_ALL & ~DBT_CAP_CONTROL);
	dbt_slot_t th = kslot();
	EXPECT_EQ(dbt_create(T_QUOTA, DBT_OBJ_THREAD, th, nc, 0x10000), DBT_E_NO_RIGHTS);
	EXPECT_EQ(dbt_cap_info(th, NULL, NULL, NULL), DBT_E_EMPTY_SLOT);
	dbt_slot_t ctl = derive(task, DBT_CAP_CONTROL);
	EXPECT_OK(dbt_create(T_QUOTA, DBT_OBJ_THREAD, th, ctl, 0x10000));
	EXPECT_EQ(cap_type(th), DBT_OBJ_THREAD);
}

KTEST(cap, task_control_for_cap_give)
{
	dbt_slot_t task = kcreate(DBT_OBJ_TASK, 4, 0);
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t nc = derive(task, DBT_CAP_ALL & ~DBT_CAP_CONTROL);
	EXPECT_EQ(dbt_cap_give(nc, ep, 1, DBT_CAP_ALL), DBT_E_NO_RIGHTS);
	dbt_slot_t ctl = derive(task, DBT_CAP_CONTROL);
	EXPECT_OK(dbt_cap_give(ctl, ep, 1, DBT_CAP_ALL));
	/* the give happened only once: slot 1 is now occupied */
	EXPECT_EQ(dbt_cap_give(ctl, ep, 1, DBT_CAP_ALL), DBT_E_SLOT_OCCUPIED);
}

KTEST(cap, quota_rights)
{
	dbt_slot_t nc = derive(T_QUOTA, DBT_CAP_ALL & ~DBT_CAP_CONTROL);
	dbt_slot_t nr = derive(T_QUOTA, DBT_CAP_ALL & ~DBT_CAP_READ);
	dbt_word_t used0, used, limit;
	EXPECT_OK(dbt_quota_info(T_QUOTA, &used0, NULL));
	dbt_slot_t dst = kslot();
	EXPECT_EQ(dbt_create(nc, DBT_OBJ_ENDPOINT, dst, 0, 0), DBT_E_NO_RIGHTS);
	EXPECT_EQ(dbt_create(nc, DBT_OBJ_QUOTA, dst, 4096, 0), DBT_E_NO_RIGHTS);
	EXPECT_EQ(dbt_cap_info(dst, NULL, NULL, NULL), DBT_E_EMPTY_SLOT);
	EXPECT_EQ(dbt_quota_info(nr, &used, &limit), DBT_E_NO_RIGHTS);
	EXPECT_OK(dbt_quota_info(nc, &used, &limit));   /* READ without CONTROL */
	EXPECT_EQ(used, used0);
	EXPECT_EQ(limit, 4u << 20);
	EXPECT_OK(dbt_create(nr, DBT_OBJ_ENDPOINT, dst, 0, 0));   /* CONTROL without READ */
}

KTEST(cap, destroy_needs_delete)
{
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t nd = derive(ep, DBT_CAP_ALL & ~DBT_CAP_DELETE);
	EXPECT_EQ(dbt_destroy(nd), DBT_E_NO_RIGHTS);
	EXPECT_EQ(cap_type(ep), DBT_OBJ_ENDPOINT);
	EXPECT_EQ(cap_type(nd), DBT_OBJ_ENDPOINT);
	dbt_slot_t d = derive(ep, DBT_CAP_DELETE);
	EXPECT_OK(dbt_destroy(d));
	EXPECT_EQ(dbt_cap_info(ep, NULL, NULL, NULL), DBT_E_EMPTY_SLOT);
	/* the other types too */
	dbt_slot_t task = kcreate(DBT_OBJ_TASK, 2, 0);
	dbt_slot_t q = kcreate(DBT_OBJ_QUOTA, 4096, 0);
	EXPECT_EQ(dbt_destroy(derive(task, DBT_CAP_ALL & ~DBT_CAP_DELETE)), DBT_E_NO_RIGHTS);
	EXPECT_EQ(dbt_destroy(derive(q, DBT_CAP_ALL & ~DBT_CAP_DELETE)), DBT_E_NO_RIGHTS);
	EXPECT_EQ(cap_type(task), DBT_OBJ_TASK);
	EXPECT_EQ(cap_type(q), DBT_OBJ_QUOTA);
}

KTEST(cap, irq_rights)
{
	dbt_slot_t ctl_nc = derive(DBT_ROOT_SLOT_IRQCTL, DBT_CAP_ALL & ~DBT_CAP_CONTROL);
	dbt_slot_t irq = kslot();
	EXPECT_EQ(dbt_irq_get(ctl_nc, TEST_IRQ_LINE, irq), DBT_E_NO_RIGHTS);
	EXPECT_EQ(dbt_cap_info(irq, NULL, NULL, NULL), DBT_E_EMPTY_SLOT);
	EXPECT_OK(dbt_irq_get(DBT_ROOT_SLOT_IRQCTL, TEST_IRQ_LINE, irq));
	EXPECT_EQ(cap_type(irq), DBT_OBJ_IRQ);
	dbt_slot_t ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	dbt_slot_t irq_nc = derive(irq, DBT_CAP_ALL & ~DBT_CAP_CONTROL);
	dbt_slot_t irq_nw = derive(irq, DBT_CAP_ALL & ~DBT_CAP_WRITE);
	dbt_slot_t ntf_nw = derive(ntf, DBT_CAP_ALL & ~DBT_CAP_WRITE);
	EXPECT_EQ(dbt_irq_bind(irq_nc, ntf), DBT_E_NO_RIGHTS);
	EXPECT_EQ(dbt_irq_bind(irq, ntf_nw), DBT_E_NO_RIGHTS);      /* target needs WRITE */
	EXPECT_EQ(dbt_irq_ack(irq_nw), DBT_E_NO_RIGHTS);
	/* WRITE passes the check; unbound there is nothing to acknowledge */
	EXPECT_EQ(dbt_irq_ack(irq_nc), DBT_E_INVALID_ARG);
	EXPECT_OK(dbt_irq_bind(irq_nw, ntf));
	EXPECT_EQ(dbt_irq_ack(irq_nw), DBT_E_NO_RIGHTS);
	EXPECT_OK(dbt_irq_ack(irq_nc));
	EXPECT_OK(dbt_irq_bind(irq, 0));
	EXPECT_EQ(dbt_irq_ack(irq), DBT_E_INVALID_ARG);
}

KTEST(cap, physmem_iospace_debug_rights)
{
	const struct dbt_bootinfo *bi = urt_bootinfo;
	dbt_word_t pa = 0;
	for (unsigned i = 0; i < bi->nregions && !pa; i++)
		if (bi->region[i].type == DBT_MEM_FREE && bi->region[i].base >= 0x100000)
			pa = bi->region[i].base;
	EXPECT(pa != 0);
	dbt_slot_t pm = derive(DBT_ROOT_SLOT_PHYSMEM, DBT_CAP_ALL & ~DBT_CAP_CONTROL);
	EXPECT_EQ(dbt_map_phys(pm, pa, DBT_FPAGE(SCRATCH_VA, 12, DBT_R | DBT_W), DBT_MAP_CACHED),
	          DBT_E_NO_RIGHTS);
	EXPECT_EQ(dbt_map_info(SCRATCH_VA, NULL, NULL), DBT_E_NOT_MAPPED);

	dbt_slot_t io = derive(DBT_ROOT_SLOT_IOSPACE, DBT_CAP_ALL & ~DBT_CAP_CONTROL);
	EXPECT_EQ(dbt_io_enable(io, DBT_IO_FPAGE(0x80, 0)), DBT_E_NO_RIGHTS);

	dbt_slot_t dbg_nw = derive(DBT_ROOT_SLOT_DEBUG, DBT_CAP_ALL & ~DBT_CAP_WRITE);
	dbt_slot_t dbg_nc = derive(DBT_ROOT_SLOT_DEBUG, DBT_CAP_ALL & ~DBT_CAP_CONTROL);
	EXPECT_EQ(dbt_debug_write_mrs(dbg_nw, 1), DBT_E_NO_RIGHTS);
	EXPECT_EQ(dbt_debug_enter(dbg_nc), DBT_E_NO_RIGHTS);
	EXPECT_OK(dbt_debug_write_mrs(dbg_nc, 0));     /* WRITE suffices to write */
}

KTEST(cap, handler_and_bind_rights)
{
	struct kchild c;
	EXPECT_OK(ktest_local(&c, NULL, 0));
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	dbt_slot_t ep_nw = derive(ep, DBT_CAP_ALL & ~DBT_CAP_WRITE);
	dbt_slot_t ntf_nr = derive(ntf, DBT_CAP_ALL & ~DBT_CAP_READ);
	EXPECT_EQ(dbt_thread_ctl(c.thread, DBT_THREAD_SET_PAGER, ep_nw, 0).err, DBT_E_NO_RIGHTS);
	EXPECT_EQ(dbt_thread_ctl(c.thread, DBT_THREAD_SET_EXC, ep_nw, 0).err, DBT_E_NO_RIGHTS);
	EXPECT_EQ(dbt_thread_ctl(c.thread, DBT_THREAD_BIND_NOTIFY, ntf_nr, 0).err, DBT_E_NO_RIGHTS);
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_SET_PAGER, derive(ep, DBT_CAP_WRITE), 0).err);
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_BIND_NOTIFY, derive(ntf, DBT_CAP_READ), 0).err);
}

/* ---- copy, badges, info ---------------------------------------------------------- */

KTEST(cap, copy_rights_only_shrink)
{
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t rw = derive(ep, DBT_CAP_READ | DBT_CAP_WRITE);
	EXPECT_EQ(cap_rights(rw), DBT_CAP_READ | DBT_CAP_WRITE);
	dbt_slot_t again = derive(rw, DBT_CAP_ALL);
	EXPECT_EQ(cap_rights(again), DBT_CAP_READ | DBT_CAP_WRITE);
	dbt_slot_t r = derive(again, DBT_CAP_READ | DBT_CAP_GRANT);
	EXPECT_EQ(cap_rights(r), DBT_CAP_READ);
	dbt_slot_t none = derive(r, DBT_CAP_WRITE);
	EXPECT_EQ(cap_rights(none), 0);
	EXPECT_EQ(cap_type(none), DBT_OBJ_ENDPOINT);
	/* a rightless capability still names the object but allows nothing */
	dbt_word_t tag = 0, badge;
	EXPECT_EQ(dbt_recv(none, &tag, &badge, DBT_TIMEOUT_POLL), DBT_E_NO_RIGHTS);
	EXPECT_EQ(dbt_destroy(none), DBT_E_NO_RIGHTS);
	/* a move does not restore rights either */
	dbt_slot_t moved = kslot();
	EXPECT_OK(dbt_cap_move(r, moved));
	EXPECT_EQ(cap_rights(moved), DBT_CAP_READ);
	EXPECT_EQ(cap_rights(derive(moved, DBT_CAP_ALL)), DBT_CAP_READ);
}

KTEST(cap, badge_endpoint)
{
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t b = kslot(), b2 = kslot(), bb = kslot();
	EXPECT_OK(dbt_cap_copy(ep, b, DBT_CAP_WRITE | DBT_CAP_READ, 0x1234));
	EXPECT_EQ(cap_badge(b), 0x1234);
	EXPECT_EQ(cap_rights(b), DBT_CAP_WRITE | DBT_CAP_READ);
	EXPECT_EQ(cap_badge(ep), 0);
	/* copying a badged capability keeps the badge ... */
	EXPECT_OK(dbt_cap_copy(b, b2, DBT_CAP_WRITE, 0));
	EXPECT_EQ(cap_badge(b2), 0x1234);
	/* ... and it cannot be re-badged */
	EXPECT_EQ(dbt_cap_copy(b, bb, DBT_CAP_ALL, 0x99), DBT_E_INVALID_ARG);
	EXPECT_EQ(dbt_cap_copy(b2, bb, DBT_CAP_ALL, 0x1234), DBT_E_INVALID_ARG);
	EXPECT_EQ(dbt_cap_info(bb, NULL, NULL, NULL), DBT_E_EMPTY_SLOT);
	/* the receiver sees the badge */
	dbt_word_t tag = 0, badge = 0;
	EXPECT_EQ(dbt_recv(ep, &tag, &badge, DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);
	struct kchild c;
	EXPECT_OK(ktest_local(&c, child_send, b2));
	EXPECT_OK(ktest_start(&c));
	EXPECT(wait_state(c.thread, DBT_THREAD_SENDING, 1000));
	EXPECT_OK(dbt_recv(ep, &tag, &badge, DBT_TIMEOUT_POLL));
	EXPECT_EQ(badge, 0x1234);
	EXPECT(ktest_join(&c, 1000));
}

KTEST(cap, badge_notification)
{
	dbt_slot_t n = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	dbt_slot_t b1 = kslot(), b2 = kslot(), bb = kslot();
	EXPECT_OK(dbt_cap_copy(n, b1, DBT_CAP_WRITE, 0x10));
	EXPECT_OK(dbt_cap_copy(n, b2, DBT_CAP_WRITE, 0x4));
	EXPECT_EQ(cap_badge(b1), 0x10);
	EXPECT_EQ(dbt_cap_copy(b1, bb, DBT_CAP_WRITE, 0x20), DBT_E_INVALID_ARG);
	EXPECT_OK(dbt_signal(b1));
	EXPECT_OK(dbt_signal(b2));
	dbt_word_t bits = 0;
	EXPECT_OK(dbt_wait(n, &bits, DBT_TIMEOUT_POLL));
	EXPECT_EQ(bits, 0x14);
	EXPECT_EQ(dbt_wait(n, &bits, DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);
}

KTEST(cap, badge_other_types_invalid)
{
	struct kchild c;
	EXPECT_OK(ktest_local(&c, NULL, 0));
	dbt_slot_t task = kcreate(DBT_OBJ_TASK, 2, 0);
	const dbt_slot_t srcs[] = {
		T_QUOTA, task, c.thread, DBT_ROOT_SLOT_PHYSMEM, DBT_ROOT_SLOT_IOSPACE,
		DBT_ROOT_SLOT_IRQCTL, DBT_ROOT_SLOT_DEBUG, DBT_ROOT_SLOT_TASK,
	};
	dbt_slot_t dst = kslot();
	for (unsigned i = 0; i < sizeof(srcs) / sizeof(srcs[0]); i++) {
		EXPECT_EQ(dbt_cap_copy(srcs[i], dst, DBT_CAP_ALL, 5), DBT_E_INVALID_ARG);
		EXPECT_EQ(dbt_cap_info(dst, NULL, NULL, NULL), DBT_E_EMPTY_SLOT);
	}
	/* unbadged copies of them are fine */
	EXPECT_OK(dbt_cap_copy(task, dst, DBT_CAP_ALL, 0));
	EXPECT_EQ(cap_badge(dst), 0);
}

KTEST(cap, copy_undefined_rights_invalid)
{
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t dst = kslot();
	const dbt_word_t masks[] = { 0x20, DBT_CAP_ALL | 0x40, 0x100, 1ull << 32, ~0ull };
	for (unsigned i = 0; i < sizeof(masks) / sizeof(masks[0]); i++) {
		EXPECT_EQ(dbt_syscall(DBT_SYS_CAP_COPY, ep, dst, masks[i], 0, 0, 0).err,
		          DBT_E_INVALID_ARG);
		EXPECT_EQ(dbt_syscall(DBT_SYS_CAP_COPY, ep, dst, masks[i], 7, 0, 0).err,
		          DBT_E_INVALID_ARG);
		EXPECT_EQ(dbt_cap_info(dst, NULL, NULL, NULL), DBT_E_EMPTY_SLOT);
	}
	dbt_slot_t task = kcreate(DBT_OBJ_TASK, 2, 0);
	EXPECT_EQ(dbt_syscall(DBT_SYS_CAP_GIVE, task, ep, 1, 0x20, 0, 0).err, DBT_E_INVALID_ARG);
	EXPECT_OK(dbt_cap_give(task, ep, 1, DBT_CAP_ALL));      /* slot 1 was left empty */
}

KTEST(cap, info_reports_type_rights_badge)
{
	struct kchild c;
	EXPECT_OK(ktest_local(&c, NULL, 0));
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	dbt_slot_t task = kcreate(DBT_OBJ_TASK, 3, 0);
	dbt_slot_t q = kcreate(DBT_OBJ_QUOTA, 8192, 0);
	const struct { dbt_slot_t s; dbt_word_t type; } want[] = {
		{ ep, DBT_OBJ_ENDPOINT }, { ntf, DBT_OBJ_NOTIFICATION }, { task, DBT_OBJ_TASK },
		{ c.thread, DBT_OBJ_THREAD }, { q, DBT_OBJ_QUOTA }, { T_QUOTA, DBT_OBJ_QUOTA },
		{ DBT_ROOT_SLOT_TASK, DBT_OBJ_TASK }, { DBT_ROOT_SLOT_THREAD, DBT_OBJ_THREAD },
		{ DBT_ROOT_SLOT_QUOTA, DBT_OBJ_QUOTA }, { DBT_ROOT_SLOT_PHYSMEM, DBT_OBJ_PHYSMEM },
		{ DBT_ROOT_SLOT_IOSPACE, DBT_OBJ_IOSPACE }, { DBT_ROOT_SLOT_IRQCTL, DBT_OBJ_IRQ_CONTROL },
		{ DBT_ROOT_SLOT_DEBUG, DBT_OBJ_DEBUG },
	};
	for (unsigned i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		dbt_word_t type = 0, rights = 0, badge = 1;
		EXPECT_OK(dbt_cap_info(want[i].s, &type, &rights, &badge));
		EXPECT_EQ(type, want[i].type);
		EXPECT_EQ(rights, DBT_CAP_ALL);
		EXPECT_EQ(badge, 0);
	}
	dbt_slot_t b = kslot();
	EXPECT_OK(dbt_cap_copy(ntf, b, DBT_CAP_READ | DBT_CAP_DELETE, 0xabcdef0123ull));
	dbt_word_t type = 0, rights = 0, badge = 0;
	EXPECT_OK(dbt_cap_info(b, &type, &rights, &badge));
	EXPECT_EQ(type, DBT_OBJ_NOTIFICATION);
	EXPECT_EQ(rights, DBT_CAP_READ | DBT_CAP_DELETE);
	EXPECT_EQ(badge, 0xabcdef0123ull);
}

/* ---- the derivation tree ------------------------------------------------------------ */

KTEST(cap, revoke_three_levels)
{
	dbt_slot_t a = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	dbt_slot_t b = derive(a, DBT_CAP_ALL);
	dbt_slot_t c = derive(b, DBT_CAP_READ | DBT_CAP_WRITE);
	dbt_slot_t d = derive(c, DBT_CAP_WRITE);
	dbt_slot_t b2 = derive(a, DBT_CAP_WRITE);
	dbt_slot_t c2 = derive(b2, DBT_CAP_WRITE);
	dbt_slot_t d2 = kslot();
	EXPECT_OK(dbt_cap_copy(c2, d2, DBT_CAP_WRITE, 0x8));   /* a badged great-grandchild */
	dbt_slot_t other = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	dbt_slot_t other_copy = derive(other, DBT_CAP_ALL);
	EXPECT_OK(dbt_cap_revoke(a));
	const dbt_slot_t gone[] = { b, c, d, b2, c2, d2 };
	for (unsigned i = 0; i < sizeof(gone) / sizeof(gone[0]); i++)
		EXPECT_EQ(dbt_cap_info(gone[i], NULL, NULL, NULL), DBT_E_EMPTY_SLOT);
	EXPECT_EQ(cap_type(a), DBT_OBJ_NOTIFICATION);
	EXPECT_EQ(cap_rights(a), DBT_CAP_ALL);
	EXPECT_EQ(cap_type(other_copy), DBT_OBJ_NOTIFICATION);     /* unrelated tree */
	/* the object lives on through a */
	dbt_word_t bits = 0;
	EXPECT_OK(dbt_signal(a));
	EXPECT_OK(dbt_wait(a, &bits, DBT_TIMEOUT_POLL));
	EXPECT_EQ(bits, 1);
	/* revoking again (no children) is harmless */
	EXPECT_OK(dbt_cap_revoke(a));
	EXPECT_EQ(cap_type(a), DBT_OBJ_NOTIFICATION);
}

KTEST(cap, revoke_middle_keeps_ancestors)
{
	dbt_slot_t a = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t b = derive(a, DBT_CAP_ALL);
	dbt_slot_t c = derive(b, DBT_CAP_ALL);
	dbt_slot_t d = derive(c, DBT_CAP_ALL);
	dbt_slot_t sib = derive(a, DBT_CAP_ALL);
	EXPECT_OK(dbt_cap_revoke(b));
	EXPECT_EQ(dbt_cap_info(c, NULL, NULL, NULL), DBT_E_EMPTY_SLOT);
	EXPECT_EQ(dbt_cap_info(d, NULL, NULL, NULL), DBT_E_EMPTY_SLOT);
	EXPECT_EQ(cap_type(a), DBT_OBJ_ENDPOINT);
	EXPECT_EQ(cap_type(b), DBT_OBJ_ENDPOINT);
	EXPECT_EQ(cap_type(sib), DBT_OBJ_ENDPOINT);
	EXPECT_OK(dbt_cap_revoke(a));
	EXPECT_EQ(dbt_cap_info(b, NULL, NULL, NULL), DBT_E_EMPTY_SLOT);
	EXPECT_EQ(dbt_cap_info(sib, NULL, NULL, NULL), DBT_E_EMPTY_SLOT);
}

KTEST(cap, delete_middle_reparents)
{
	dbt_slot_t a = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t b = derive(a, DBT_CAP_ALL);
	dbt_slot_t c = derive(b, DBT_CAP_READ);
	dbt_slot_t d = derive(c, DBT_CAP_READ);
	dbt_slot_t c2 = derive(b, DBT_CAP_WRITE);
	EXPECT_OK(dbt_cap_delete(b));
	EXPECT_EQ(dbt_cap_info(b, NULL, NULL, NULL), DBT_E_EMPTY_SLOT);
	EXPECT_EQ(cap_type(c), DBT_OBJ_ENDPOINT);
	EXPECT_EQ(cap_rights(c), DBT_CAP_READ);
	EXPECT_EQ(cap_type(d), DBT_OBJ_ENDPOINT);
	EXPECT_EQ(cap_type(c2), DBT_OBJ_ENDPOINT);
	/* deleting c too: d moves up to a */
	EXPECT_OK(dbt_cap_delete(c));
	EXPECT_EQ(cap_type(d), DBT_OBJ_ENDPOINT);
	EXPECT_OK(dbt_cap_revoke(a));
	EXPECT_EQ(dbt_cap_info(c2, NULL, NULL, NULL), DBT_E_EMPTY_SLOT);
	EXPECT_EQ(dbt_cap_info(d, NULL, NULL, NULL), DBT_E_EMPTY_SLOT);
	EXPECT_EQ(cap_type(a), DBT_OBJ_ENDPOINT);
}

/* Deleting the root of a tree leaves the copies (now roots) alive and usable. */
KTEST(cap, delete_root_keeps_copies)
{
	dbt_word_t kmem0 = dbt_stat(DBT_STAT_KMEM_USED);
	dbt_slot_t a = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	dbt_slot_t b = derive(a, DBT_CAP_ALL);
	dbt_slot_t c = derive(b, DBT_CAP_ALL);
	dbt_word_t kmem1 = dbt_stat(DBT_STAT_KMEM_USED);
	EXPECT(kmem1 > kmem0);
	EXPECT_OK(dbt_cap_delete(a));
	EXPECT_EQ(dbt_stat(DBT_STAT_KMEM_USED), kmem1);
	EXPECT_OK(dbt_signal(c));
	EXPECT_OK(dbt_wait(b, NULL, DBT_TIMEOUT_POLL));
	EXPECT_OK(dbt_cap_revoke(b));
	EXPECT_EQ(dbt_cap_info(c, NULL, NULL, NULL), DBT_E_EMPTY_SLOT);
	EXPECT_EQ(cap_type(b), DBT_OBJ_NOTIFICATION);
	EXPECT_OK(dbt_cap_delete(b));
	EXPECT_EQ(dbt_stat(DBT_STAT_KMEM_USED), kmem0);
}

KTEST(cap, move_keeps_rights_badge_and_tree)
{
	dbt_slot_t a = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t b = kslot();
	EXPECT_OK(dbt_cap_copy(a, b, DBT_CAP_WRITE | DBT_CAP_GRANT, 0x77));
	dbt_slot_t c = derive(b, DBT_CAP_WRITE);
	dbt_slot_t m = kslot();
	EXPECT_OK(dbt_cap_move(b, m));
	EXPECT_EQ(dbt_cap_info(b, NULL, NULL, NULL), DBT_E_EMPTY_SLOT);
	dbt_word_t type, rights, badge;
	EXPECT_OK(dbt_cap_info(m, &type, &rights, &badge));
	EXPECT_EQ(type, DBT_OBJ_ENDPOINT);
	EXPECT_EQ(rights, DBT_CAP_WRITE | DBT_CAP_GRANT);
	EXPECT_EQ(badge, 0x77);
	EXPECT_EQ(cap_badge(c), 0x77);
	/* the moved capability keeps its children ... */
	EXPECT_OK(dbt_cap_revoke(m));
	EXPECT_EQ(dbt_cap_info(c, NULL, NULL, NULL), DBT_E_EMPTY_SLOT);
	EXPECT_EQ(cap_type(m), DBT_OBJ_ENDPOINT);
	/* ... and its parent: moving it back and revoking a removes it */
	EXPECT_OK(dbt_cap_move(m, b));
	EXPECT_EQ(dbt_cap_info(m, NULL, NULL, NULL), DBT_E_EMPTY_SLOT);
	EXPECT_OK(dbt_cap_revoke(a));
	EXPECT_EQ(dbt_cap_info(b, NULL, NULL, NULL), DBT_E_EMPTY_SLOT);
	EXPECT_EQ(cap_type(a), DBT_OBJ_ENDPOINT);
}

KTEST(cap, move_copy_to_occupied)
{
	dbt_slot_t a = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t n = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	EXPECT_EQ(dbt_cap_move(a, n), DBT_E_SLOT_OCCUPIED);
	EXPECT_EQ(dbt_cap_copy(a, n, DBT_CAP_ALL, 0), DBT_E_SLOT_OCCUPIED);
	EXPECT_EQ(dbt_cap_move(a, a), DBT_E_SLOT_OCCUPIED);
	EXPECT_EQ(dbt_cap_copy(a, a, DBT_CAP_ALL, 0), DBT_E_SLOT_OCCUPIED);
	EXPECT_EQ(dbt_cap_move(a, DBT_ROOT_SLOT_QUOTA), DBT_E_SLOT_OCCUPIED);
	EXPECT_EQ(cap_type(a), DBT_OBJ_ENDPOINT);
	EXPECT_EQ(cap_type(n), DBT_OBJ_NOTIFICATION);
	EXPECT_EQ(cap_type(DBT_ROOT_SLOT_QUOTA), DBT_OBJ_QUOTA);
	dbt_slot_t task = kcreate(DBT_OBJ_TASK, 2, 0);
	EXPECT_OK(dbt_cap_give(task, n, 1, DBT_CAP_ALL));
	EXPECT_EQ(dbt_cap_give(task, a, 1, DBT_CAP_ALL), DBT_E_SLOT_OCCUPIED);
}

/* ---- destroy and the last capability ---------------------------------------------- */

KTEST(cap, destroy_removes_every_cap)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	dbt_slot_t copies[5];
	copies[0] = derive(ep, DBT_CAP_ALL);
	copies[1] = derive(copies[0], DBT_CAP_READ);
	copies[2] = kslot();
	EXPECT_OK(dbt_cap_copy(ep, copies[2], DBT_CAP_WRITE, 0x5));
	copies[3] = derive(copies[2], DBT_CAP_WRITE);
	copies[4] = kslot();
	EXPECT_OK(dbt_cap_move(copies[3], copies[4]));
	copies[3] = derive(ep, DBT_CAP_DELETE);
	/* one in another task, and one held as a thread's pager */
	memset((void *)&probe, 0, sizeof(probe));
	EXPECT_OK(ktest_child(&c, child_probe, CHILD_SLOT_FIRST));
	EXPECT_OK(ktest_give(&c, copies[1], CHILD_SLOT_FIRST, DBT_CAP_ALL));
	EXPECT_OK(ktest_give(&c, ntf, CHILD_SLOT_FIRST + 1, DBT_CAP_READ));
	struct kchild l;
	EXPECT_OK(ktest_local(&l, NULL, 0));
	EXPECT_OK(dbt_thread_ctl(l.thread, DBT_THREAD_SET_PAGER, copies[2], 0).err);
	EXPECT_OK(ktest_start(&c));
	EXPECT(wait_state(c.thread, DBT_THREAD_WAITING, 1000));
	EXPECT_OK(probe.before);
	EXPECT_EQ(probe.type, DBT_OBJ_ENDPOINT);

	dbt_word_t used_before;
	EXPECT_OK(dbt_quota_info(T_QUOTA, &used_before, NULL));
	EXPECT_OK(dbt_destroy(copies[3]));
	EXPECT_EQ(dbt_cap_info(ep, NULL, NULL, NULL), DBT_E_EMPTY_SLOT);
	for (unsigned i = 0; i < 5; i++)
		EXPECT_EQ(dbt_cap_info(copies[i], NULL, NULL, NULL), DBT_E_EMPTY_SLOT);
	dbt_word_t used_after;
	EXPECT_OK(dbt_quota_info(T_QUOTA, &used_after, NULL));
	EXPECT(used_after < used_before);       /* the endpoint's memory is back */
	EXPECT_OK(dbt_signal(ntf));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(probe.after, DBT_E_EMPTY_SLOT);
	/* the slots can be reused */
	EXPECT_OK(dbt_create(T_QUOTA, DBT_OBJ_ENDPOINT, ep, 0, 0));
}

KTEST(cap, destroy_wakes_receiver)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	child_err = ~0ull;
	EXPECT_OK(ktest_local(&c, child_recv, ep));
	EXPECT_OK(ktest_start(&c));
	EXPECT(wait_state(c.thread, DBT_THREAD_RECEIVING, 1000));
	EXPECT_OK(dbt_destroy(ep));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(child_err, DBT_E_DELETED);
}

KTEST(cap, destroy_wakes_sender)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t w = derive(ep, DBT_CAP_WRITE);
	child_err = ~0ull;
	EXPECT_OK(ktest_local(&c, child_send, w));
	EXPECT_OK(ktest_start(&c));
	EXPECT(wait_state(c.thread, DBT_THREAD_SENDING, 1000));
	EXPECT_OK(dbt_destroy(ep));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(child_err, DBT_E_DELETED);
	EXPECT_EQ(dbt_cap_info(w, NULL, NULL, NULL), DBT_E_EMPTY_SLOT);
}

KTEST(cap, destroy_wakes_notification_waiter_in_child_task)
{
	struct kchild c;
	dbt_slot_t ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	child_err = ~0ull;
	EXPECT_OK(ktest_child(&c, child_wait, CHILD_SLOT_FIRST));
	EXPECT_OK(ktest_give(&c, ntf, CHILD_SLOT_FIRST, DBT_CAP_READ));
	EXPECT_OK(ktest_start(&c));
	EXPECT(wait_state(c.thread, DBT_THREAD_WAITING, 1000));
	EXPECT_OK(dbt_destroy(ntf));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(child_err, DBT_E_DELETED);
}

/* Deleting the last capability (not destroy) also wakes waiters. */
KTEST(cap, delete_last_cap_wakes_receiver)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	child_err = ~0ull;
	EXPECT_OK(ktest_local(&c, child_recv, ep));
	EXPECT_OK(ktest_start(&c));
	EXPECT(wait_state(c.thread, DBT_THREAD_RECEIVING, 1000));
	EXPECT_OK(dbt_cap_delete(ep));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(child_err, DBT_E_DELETED);
}

KTEST(cap, delete_last_cap_frees_object)
{
	const unsigned types[] = { DBT_OBJ_ENDPOINT, DBT_OBJ_NOTIFICATION, DBT_OBJ_TASK,
	                           DBT_OBJ_QUOTA };
	const dbt_word_t args[] = { 0, 0, 5, 65536 };
	for (unsigned i = 0; i < 4; i++) {
		dbt_word_t kmem0 = dbt_stat(DBT_STAT_KMEM_USED), used0, used;
		EXPECT_OK(dbt_quota_info(T_QUOTA, &used0, NULL));
		dbt_slot_t o = kcreate(types[i], args[i], 0);
		dbt_slot_t copy = derive(o, DBT_CAP_READ);
		dbt_slot_t copy2 = derive(copy, DBT_CAP_READ);
		EXPECT(dbt_stat(DBT_STAT_KMEM_USED) > kmem0);
		EXPECT_OK(dbt_cap_delete(o));
		EXPECT_OK(dbt_cap_delete(copy2));
		EXPECT_EQ(cap_type(copy), types[i]);    /* still alive through copy */
		EXPECT(dbt_stat(DBT_STAT_KMEM_USED) > kmem0);
		EXPECT_OK(dbt_cap_delete(copy));
		EXPECT_EQ(dbt_stat(DBT_STAT_KMEM_USED), kmem0);
		EXPECT_OK(dbt_quota_info(T_QUOTA, &used, NULL));
		EXPECT_EQ(used, used0);
	}
	/* a thread too, and the task it lives in with it */
	dbt_word_t kmem0 = dbt_stat(DBT_STAT_KMEM_USED);
	dbt_slot_t task = kcreate(DBT_OBJ_TASK, 2, 0);
	dbt_slot_t th = kslot();
	EXPECT_OK(dbt_create(T_QUOTA, DBT_OBJ_THREAD, th, task, 0x10000));
	EXPECT_OK(dbt_cap_delete(th));
	EXPECT_OK(dbt_cap_delete(task));
	EXPECT_EQ(dbt_stat(DBT_STAT_KMEM_USED), kmem0);
}

/* ---- capabilities in another task ------------------------------------------------------ */

KTEST(cap, give_into_child_and_revoke)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t b = kslot();
	dbt_slot_t ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	EXPECT_OK(dbt_cap_copy(ep, b, DBT_CAP_ALL, 0x42));
	memset((void *)&probe, 0, sizeof(probe));
	EXPECT_OK(ktest_child(&c, child_probe, CHILD_SLOT_FIRST));
	EXPECT_OK(ktest_give(&c, b, CHILD_SLOT_FIRST, DBT_CAP_READ | DBT_CAP_WRITE));
	EXPECT_OK(ktest_give(&c, ntf, CHILD_SLOT_FIRST + 1, DBT_CAP_READ));
	EXPECT_OK(ktest_start(&c));
	EXPECT(wait_state(c.thread, DBT_THREAD_WAITING, 1000));
	EXPECT_OK(probe.before);
	EXPECT_EQ(probe.type, DBT_OBJ_ENDPOINT);
	EXPECT_EQ(probe.rights, DBT_CAP_READ | DBT_CAP_WRITE);
	EXPECT_EQ(probe.badge, 0x42);
	/* revoking the root's original removes the child's copy of the copy */
	EXPECT_OK(dbt_cap_revoke(ep));
	EXPECT_EQ(dbt_cap_info(b, NULL, NULL, NULL), DBT_E_EMPTY_SLOT);
	EXPECT_EQ(cap_type(ep), DBT_OBJ_ENDPOINT);
	EXPECT_OK(dbt_signal(ntf));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(probe.after, DBT_E_EMPTY_SLOT);
}

KTEST(cap, give_then_destroy_child_task_keeps_root_cap)
{
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t b = derive(ep, DBT_CAP_ALL);
	dbt_slot_t task = kcreate(DBT_OBJ_TASK, 3, 0);
	EXPECT_OK(dbt_cap_give(task, b, 1, DBT_CAP_ALL));
	EXPECT_OK(dbt_cap_give(task, b, 2, DBT_CAP_READ));
	dbt_slot_t c = derive(b, DBT_CAP_WRITE);        /* a sibling of the given ones */
	EXPECT_OK(dbt_destroy(task));
	EXPECT_EQ(cap_type(ep), DBT_OBJ_ENDPOINT);
	EXPECT_EQ(cap_type(b), DBT_OBJ_ENDPOINT);
	EXPECT_EQ(cap_type(c), DBT_OBJ_ENDPOINT);
	EXPECT_OK(dbt_cap_revoke(b));
	EXPECT_EQ(dbt_cap_info(c, NULL, NULL, NULL), DBT_E_EMPTY_SLOT);
	EXPECT_EQ(cap_type(b), DBT_OBJ_ENDPOINT);
}

/* Long derivation chains: revoke and delete need no recursion. */
KTEST(cap, revoke_long_chain)
{
	enum { DEPTH = 1500 };
	dbt_slot_t top = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	dbt_slot_t prev = top, first = 0, mid = 0, last = 0;
	for (unsigned i = 0; i < DEPTH; i++) {
		dbt_slot_t s = kslot();
		EXPECT_OK(dbt_cap_copy(prev, s, DBT_CAP_ALL, 0));
		if (i == 0)
			first = s;
		if (i == DEPTH / 2)
			mid = s;
		prev = last = s;
	}
	/* delete from the middle, then revoke everything below the top */
	EXPECT_OK(dbt_cap_delete(mid));
	EXPECT_EQ(cap_type(last), DBT_OBJ_NOTIFICATION);
	EXPECT_OK(dbt_cap_revoke(first + 10));
	EXPECT_EQ(dbt_cap_info(last, NULL, NULL, NULL), DBT_E_EMPTY_SLOT);
	EXPECT_EQ(cap_type(first + 10), DBT_OBJ_NOTIFICATION);
	EXPECT_EQ(dbt_cap_info(first + 11, NULL, NULL, NULL), DBT_E_EMPTY_SLOT);
	EXPECT_OK(dbt_cap_revoke(top));
	for (dbt_slot_t s = first; s <= first + 10; s++)
		EXPECT_EQ(dbt_cap_info(s, NULL, NULL, NULL), DBT_E_EMPTY_SLOT);
	EXPECT_EQ(cap_type(top), DBT_OBJ_NOTIFICATION);
}

KTEST(cap, destroy_irq_releases_line)
{
	dbt_slot_t irq = kslot();
	EXPECT_OK(dbt_irq_get(DBT_ROOT_SLOT_IRQCTL, TEST_IRQ_LINE, irq));
	dbt_slot_t c1 = derive(irq, DBT_CAP_ALL), c2 = derive(c1, DBT_CAP_WRITE);
	dbt_slot_t ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	EXPECT_OK(dbt_irq_bind(irq, ntf));
	/* held: nobody else gets it */
	EXPECT_EQ(dbt_irq_get(DBT_ROOT_SLOT_IRQCTL, TEST_IRQ_LINE, kslot()), DBT_E_BUSY);
	EXPECT_EQ(dbt_destroy(derive(irq, DBT_CAP_ALL & ~DBT_CAP_DELETE)), DBT_E_NO_RIGHTS);
	EXPECT_OK(dbt_destroy(c1));
	EXPECT_EQ(dbt_cap_info(irq, NULL, NULL, NULL), DBT_E_EMPTY_SLOT);
	EXPECT_EQ(dbt_cap_info(c2, NULL, NULL, NULL), DBT_E_EMPTY_SLOT);
	EXPECT_EQ(cap_type(ntf), DBT_OBJ_NOTIFICATION);
	/* free again, and unbound */
	EXPECT_OK(dbt_irq_get(DBT_ROOT_SLOT_IRQCTL, TEST_IRQ_LINE, irq));
	EXPECT_EQ(dbt_irq_ack(irq), DBT_E_INVALID_ARG);
	/* deleting the last capability frees the line as well */
	EXPECT_OK(dbt_cap_delete(irq));
	EXPECT_OK(dbt_irq_get(DBT_ROOT_SLOT_IRQCTL, TEST_IRQ_LINE, irq));
}
