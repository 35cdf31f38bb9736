/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_args.c - every kernel call with bad arguments returns its documented
 * error, and leaves everything as it was: bad slots (0, beyond the
 * capability space, empty, of the wrong type), bad addresses (misaligned,
 * kernel half, non-canonical, kernel memory), out-of-range values, unknown
 * calls, operations, object types, counters and flags.
 */
#include "ktest.h"

#define TEST_IRQ_LINE 11
#define FREE_VA   0x200000000000ull     /* never mapped in the root task */
#define KERNEL_VA 0xffff800000000000ull
#define NONCANON1 0x0000800000000000ull
#define NONCANON2 0x8000000000000000ull
#define RW (DBT_R | DBT_W)

static const dbt_word_t bad_vas[] = { KERNEL_VA, NONCANON1, NONCANON2, 0xffffffffffff0000ull };
#define NBAD_VAS (sizeof(bad_vas) / sizeof(bad_vas[0]))

/* ---- state snapshot: nothing a failing call does may show here ------------------- */

struct snap {
	dbt_word_t kmem, t_used, root_used;
};

static void take(struct snap *s)
{
	s->kmem = dbt_stat(DBT_STAT_KMEM_USED);
	s->t_used = ~0ull;
	s->root_used = ~0ull;
	dbt_quota_info(T_QUOTA, &s->t_used, NULL);
	dbt_quota_info(DBT_ROOT_SLOT_QUOTA, &s->root_used, NULL);
}

#define EXPECT_UNCHANGED(s)                                                     \
	do {                                                                    \
		struct snap now_;                                               \
		take(&now_);                                                    \
		EXPECT_EQ(now_.kmem, (s).kmem);                                 \
		EXPECT_EQ(now_.t_used, (s).t_used);                             \
		EXPECT_EQ(now_.root_used, (s).root_used);                       \
	} while (0)

static bool empty(dbt_slot_t s)
{
	return dbt_cap_info(s, NULL, NULL, NULL) == DBT_E_EMPTY_SLOT;
}

static dbt_word_t cap_type(dbt_slot_t s)
{
	dbt_word_t type = ~0ull;
	dbt_cap_info(s, &type, NULL, NULL);
	return type;
}

static dbt_word_t thread_info(dbt_slot_t th, dbt_word_t *prio)
{
	struct dbt_sysret r = dbt_thread_ctl(th, DBT_THREAD_INFO, 0, 0);
	if (prio)
		*prio = r.v1;
	return r.v0;
}

static void nop(dbt_word_t arg)
{
	(void)arg;
}

static dbt_word_t cspace_slots(void)
{
	return urt_bootinfo->cspace_slots;
}

/* ---- every call that takes a capability, with the one under test in `s` ----------- */

enum {
	C_SEND, C_RECV, C_CALL, C_REPLY_RECV, C_SIGNAL, C_WAIT, C_COPY, C_MOVE, C_DELETE,
	C_REVOKE, C_INFO, C_CREATE_QUOTA, C_CREATE_THREAD_TASK, C_DESTROY, C_MAP_PHYS,
	C_THREAD_CTL, C_IRQ_GET, C_IRQ_BIND, C_IRQ_BIND_TARGET, C_IRQ_ACK, C_IO_ENABLE,
	C_QUOTA_INFO, C_DEBUG_WRITE, C_DEBUG_ENTER, C_GIVE_TASK, C_GIVE_SRC, C_SET_PAGER,
	C_SET_EXC, C_BIND_NOTIFY, C_REPLY_CAP, C_REPLY_CAP_RECV_EP, C_REPLY_CAP_RECV_REPLY,
	C_QUOTA_RESIZE_PARENT, C_QUOTA_RESIZE_CHILD, C_COUNT
};

/* The type each call needs in its capability (0: any) and a wrong one. */
static const struct { const char *name; unsigned type; } calls[C_COUNT] = {
	[C_SEND] = { "send", DBT_OBJ_ENDPOINT },
	[C_RECV] = { "recv", DBT_OBJ_ENDPOINT },
	[C_CALL] = { "call", DBT_OBJ_ENDPOINT },
	[C_REPLY_RECV] = { "reply_recv", DBT_OBJ_ENDPOINT },
	[C_SIGNAL] = { "signal", DBT_OBJ_NOTIFICATION },
	[C_WAIT] = { "wait", DBT_OBJ_NOTIFICATION },
	[C_COPY] = { "cap_copy", 0 },
	[C_MOVE] = { "cap_move", 0 },
	[C_DELETE] = { "cap_delete", 0 },
	[C_REVOKE] = { "cap_revoke", 0 },
	[C_INFO] = { "cap_info", 0 },
	[C_CREATE_QUOTA] = { "create", DBT_OBJ_QUOTA },
	[C_CREATE_THREAD_TASK] = { "create thread (task)", DBT_OBJ_TASK },
	[C_DESTROY] = { "destroy", 0 },
	[C_MAP_PHYS] = { "map_phys", DBT_OBJ_PHYSMEM },
	[C_THREAD_CTL] = { "thread_ctl", DBT_OBJ_THREAD },
	[C_IRQ_GET] = { "irq_get", DBT_OBJ_IRQ_CONTROL },
	[C_IRQ_BIND] = { "irq_bind", DBT_OBJ_IRQ },
	[C_IRQ_BIND_TARGET] = { "irq_bind (target)", DBT_OBJ_NOTIFICATION },
	[C_IRQ_ACK] = { "irq_ack", DBT_OBJ_IRQ },
	[C_IO_ENABLE] = { "io_enable", DBT_OBJ_IOSPACE },
	[C_QUOTA_INFO] = { "quota_info", DBT_OBJ_QUOTA },
	[C_DEBUG_WRITE] = { "debug_write", DBT_OBJ_DEBUG },
	[C_DEBUG_ENTER] = { "debug_enter", DBT_OBJ_DEBUG },
	[C_GIVE_TASK] = { "cap_give (task)", DBT_OBJ_TASK },
	[C_GIVE_SRC] = { "cap_give (source)", 0 },
	[C_SET_PAGER] = { "set_pager", DBT_OBJ_ENDPOINT },
	[C_SET_EXC] = { "set_exc", DBT_OBJ_ENDPOINT },
	[C_BIND_NOTIFY] = { "bind_notify", DBT_OBJ_NOTIFICATION },
	[C_REPLY_CAP] = { "reply_cap", DBT_OBJ_REPLY },
	[C_REPLY_CAP_RECV_EP] = { "reply_cap_recv (endpoint)", DBT_OBJ_ENDPOINT },
	[C_REPLY_CAP_RECV_REPLY] = { "reply_cap_recv (reply)", DBT_OBJ_REPLY },
	[C_QUOTA_RESIZE_PARENT] = { "quota_resize (parent)", DBT_OBJ_QUOTA },
	[C_QUOTA_RESIZE_CHILD] = { "quota_resize (child)", DBT_OBJ_QUOTA },
};

/* Valid objects for the arguments not under test. */
static struct {
	dbt_slot_t ep, ntf, task, thread, irq, dst;
} fx;

static bool fixture(void)
{
	static struct kchild th;
	fx.ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	fx.ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	fx.task = kcreate(DBT_OBJ_TASK, 3, 0);
	if (ktest_local(&th, NULL, 0))
		return false;
	fx.thread = th.thread;
	fx.irq = kslot();
	if (dbt_irq_get(DBT_ROOT_SLOT_IRQCTL, TEST_IRQ_LINE, fx.irq))
		return false;
	fx.dst = kslot();
	return !ktest_failed;
}

static dbt_word_t do_call(unsigned which, dbt_slot_t s)
{
	dbt_word_t tag = DBT_TAG(1, 0, 0), badge;
	switch (which) {
	case C_SEND:       return dbt_send(s, DBT_TAG(1, 0, 0), DBT_TIMEOUT_POLL);
	case C_RECV:       return dbt_recv(s, &tag, &badge, DBT_TIMEOUT_POLL);
	case C_CALL:       return dbt_call(s, &tag, DBT_TIMEOUT_POLL, DBT_TIMEOUT_POLL);
	case C_REPLY_RECV: return dbt_reply_recv(s, &tag, &badge, DBT_TIMEOUT_POLL);
	case C_SIGNAL:     return dbt_signal(s);
	case C_WAIT:       return dbt_wait(s, NULL, DBT_TIMEOUT_POLL);
	case C_COPY:       return dbt_cap_copy(s, fx.dst, DBT_CAP_ALL, 0);
	case C_MOVE:       return dbt_cap_move(s, fx.dst);
	case C_DELETE:     return dbt_cap_delete(s);
	case C_REVOKE:     return dbt_cap_revoke(s);
	case C_INFO:       return dbt_cap_info(s, NULL, NULL, NULL);
	case C_CREATE_QUOTA: return dbt_create(s, DBT_OBJ_ENDPOINT, fx.dst, 0, 0);
	case C_CREATE_THREAD_TASK: return dbt_create(T_QUOTA, DBT_OBJ_THREAD, fx.dst, s, 0x10000);
	case C_DESTROY:    return dbt_destroy(s);
	case C_MAP_PHYS:   return dbt_map_phys(s, 0x100000000ull, DBT_FPAGE(FREE_VA, 12, DBT_R), 0);
	case C_THREAD_CTL: return dbt_thread_ctl(s, DBT_THREAD_INFO, 0, 0).err;
	case C_IRQ_GET:    return dbt_irq_get(s, TEST_IRQ_LINE + 1, fx.dst);
	case C_IRQ_BIND:   return dbt_irq_bind(s, fx.ntf);
	case C_IRQ_BIND_TARGET: return dbt_irq_bind(fx.irq, s);
	case C_IRQ_ACK:    return dbt_irq_ack(s);
	case C_IO_ENABLE:  return dbt_io_enable(s, DBT_IO_FPAGE(0x80, 0));
	case C_QUOTA_INFO: return dbt_quota_info(s, NULL, NULL);
	case C_DEBUG_WRITE: return dbt_debug_write_mrs(s, 0);
	case C_DEBUG_ENTER: return dbt_debug_enter(s);
	case C_GIVE_TASK:  return dbt_cap_give(s, fx.ep, 1, DBT_CAP_ALL);
	case C_GIVE_SRC:   return dbt_cap_give(fx.task, s, 1, DBT_CAP_ALL);
	case C_SET_PAGER:  return dbt_thread_ctl(fx.thread, DBT_THREAD_SET_PAGER, s, 0).err;
	case C_SET_EXC:    return dbt_thread_ctl(fx.thread, DBT_THREAD_SET_EXC, s, 0).err;
	case C_BIND_NOTIFY: return dbt_thread_ctl(fx.thread, DBT_THREAD_BIND_NOTIFY, s, 0).err;
	case C_REPLY_CAP:  return dbt_reply_cap(s, DBT_TAG(1, 0, 0));
	case C_REPLY_CAP_RECV_EP: return dbt_reply_cap_recv(0, s, &tag, &badge, DBT_TIMEOUT_POLL);
	case C_REPLY_CAP_RECV_REPLY:
		return dbt_reply_cap_recv(s, fx.ep, &tag, &badge, DBT_TIMEOUT_POLL);
	case C_QUOTA_RESIZE_PARENT: return dbt_quota_resize(s, fx.dst, 0);
	case C_QUOTA_RESIZE_CHILD: return dbt_quota_resize(T_QUOTA, s, 0);
	}
	return ~0ull;
}

/* Nothing the calls above could have changed did change. */
static bool fixture_intact(void)
{
	return cap_type(fx.ep) == DBT_OBJ_ENDPOINT && cap_type(fx.ntf) == DBT_OBJ_NOTIFICATION &&
	       cap_type(fx.task) == DBT_OBJ_TASK && cap_type(fx.thread) == DBT_OBJ_THREAD &&
	       cap_type(fx.irq) == DBT_OBJ_IRQ && empty(fx.dst) &&
	       dbt_irq_ack(fx.irq) == DBT_E_INVALID_ARG &&             /* still unbound */
	       thread_info(fx.thread, NULL) == DBT_THREAD_INACTIVE &&
	       dbt_cap_give(fx.task, fx.ep, 1, DBT_CAP_ALL) == DBT_OK &&  /* slot 1 was empty */
	       dbt_cap_delete(fx.dst) == DBT_E_EMPTY_SLOT;
}

/* Arguments where slot 0 means "none" (unset the handler, unbind). */
static bool zero_means_none(unsigned which)
{
	return which == C_SET_PAGER || which == C_SET_EXC || which == C_BIND_NOTIFY ||
	       which == C_IRQ_BIND_TARGET || which == C_REPLY_CAP_RECV_REPLY;
}

static void expect_all(dbt_slot_t slot, dbt_word_t want)
{
	for (unsigned i = 0; i < C_COUNT; i++) {
		if (slot == 0 && zero_means_none(i))
			continue;
		dbt_word_t err = do_call(i, slot);
		if (err != want) {
			ktest_fail(__FILE__, __LINE__, "%s with slot %lx: error %lu, expected %lu",
			           calls[i].name, slot, err, want);
			return;
		}
	}
}

KTEST(args, slot_zero_invalid)
{
	EXPECT(fixture());
	struct snap s;
	take(&s);
	expect_all(0, DBT_E_INVALID_SLOT);
	EXPECT_UNCHANGED(s);
	EXPECT(fixture_intact());
	/* where 0 means "none" it is accepted */
	EXPECT_OK(dbt_thread_ctl(fx.thread, DBT_THREAD_SET_PAGER, 0, 0).err);
	EXPECT_OK(dbt_thread_ctl(fx.thread, DBT_THREAD_SET_EXC, 0, 0).err);
	EXPECT_OK(dbt_thread_ctl(fx.thread, DBT_THREAD_BIND_NOTIFY, 0, 0).err);
	EXPECT_OK(dbt_irq_bind(fx.irq, 0));
	EXPECT_EQ(dbt_irq_ack(fx.irq), DBT_E_INVALID_ARG);
}

KTEST(args, slot_beyond_cspace_invalid)
{
	EXPECT(fixture());
	struct snap s;
	take(&s);
	const dbt_word_t slots[] = { cspace_slots(), cspace_slots() + 1, 1ull << 32,
	                             (1ull << 32) | fx.ep, ~0ull };
	for (unsigned i = 0; i < sizeof(slots) / sizeof(slots[0]) && !ktest_failed; i++)
		expect_all(slots[i], DBT_E_INVALID_SLOT);
	EXPECT_UNCHANGED(s);
	EXPECT(fixture_intact());
	/* the last slot exists */
	EXPECT_EQ(dbt_cap_info(cspace_slots() - 1, NULL, NULL, NULL), DBT_E_EMPTY_SLOT);
}

KTEST(args, empty_slot)
{
	EXPECT(fixture());
	struct snap s;
	take(&s);
	dbt_slot_t e = kslot();
	expect_all(e, DBT_E_EMPTY_SLOT);
	/* also a slot emptied by delete */
	dbt_slot_t d = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	EXPECT_OK(dbt_cap_delete(d));
	take(&s);
	expect_all(d, DBT_E_EMPTY_SLOT);
	EXPECT_UNCHANGED(s);
	EXPECT(fixture_intact());
}

/* A local thread calls fx.ep; its reply right is saved into a new slot. */
static void call_fixture_ep(dbt_word_t unused)
{
	dbt_word_t tag = DBT_TAG(1, 0, 0);
	(void)unused;
	dbt_call(fx.ep, &tag, DBT_TIMEOUT_NEVER, DBT_TIMEOUT_NEVER);
}

static dbt_slot_t reply_fixture(void)
{
	static struct kchild c;
	dbt_slot_t r = kslot();
	dbt_word_t tag, badge;
	if (ktest_local(&c, call_fixture_ep, 0) || ktest_start(&c) ||
	    dbt_recv(fx.ep, &tag, &badge, 1000000) || dbt_reply_save(r))
		ktest_fail(__FILE__, __LINE__, "cannot make a reply capability");
	return r;
}

KTEST(args, wrong_type)
{
	EXPECT(fixture());
	dbt_slot_t q = kcreate(DBT_OBJ_QUOTA, 4096, 0);
	dbt_slot_t reply = reply_fixture();
	/* one capability of every type, all rights */
	const dbt_slot_t of_type[DBT_OBJ_COUNT] = {
		[DBT_OBJ_ENDPOINT] = fx.ep, [DBT_OBJ_NOTIFICATION] = fx.ntf,
		[DBT_OBJ_TASK] = fx.task, [DBT_OBJ_THREAD] = fx.thread, [DBT_OBJ_QUOTA] = q,
		[DBT_OBJ_IRQ] = fx.irq, [DBT_OBJ_IRQ_CONTROL] = DBT_ROOT_SLOT_IRQCTL,
		[DBT_OBJ_PHYSMEM] = DBT_ROOT_SLOT_PHYSMEM, [DBT_OBJ_IOSPACE] = DBT_ROOT_SLOT_IOSPACE,
		[DBT_OBJ_DEBUG] = DBT_ROOT_SLOT_DEBUG, [DBT_OBJ_REPLY] = reply,
	};
	struct snap s;
	take(&s);
	unsigned checked = 0;
	for (unsigned i = 0; i < C_COUNT; i++) {
		if (!calls[i].type)
			continue;
		for (unsigned t = 1; t < DBT_OBJ_COUNT; t++) {
			if (t == calls[i].type)
				continue;
			/* an IRQ may also go to an endpoint; a thread cap is fine as its own
			 * argument to thread_ctl */
			if (i == C_IRQ_BIND_TARGET && t == DBT_OBJ_ENDPOINT)
				continue;
			dbt_word_t err = do_call(i, of_type[t]);
			if (err != DBT_E_WRONG_TYPE) {
				ktest_fail(__FILE__, __LINE__, "%s with a type %u cap: error %lu",
				           calls[i].name, t, err);
				return;
			}
			checked++;
		}
	}
	EXPECT(checked > 150);
	EXPECT_UNCHANGED(s);
	EXPECT(fixture_intact());
	EXPECT_EQ(cap_type(q), DBT_OBJ_QUOTA);
	EXPECT_EQ(cap_type(reply), DBT_OBJ_REPLY);
}

/* The type is checked before the rights: a rightless wrong cap is WRONG_TYPE. */
KTEST(args, wrong_type_before_rights)
{
	EXPECT(fixture());
	dbt_slot_t none = kslot();
	EXPECT_OK(dbt_cap_copy(fx.task, none, 0, 0));
	const unsigned which[] = { C_SEND, C_RECV, C_SIGNAL, C_WAIT, C_CREATE_QUOTA, C_MAP_PHYS,
	                           C_THREAD_CTL, C_IRQ_ACK, C_QUOTA_INFO, C_DEBUG_WRITE,
	                           C_DEBUG_ENTER, C_SET_PAGER, C_BIND_NOTIFY, C_QUOTA_RESIZE_PARENT,
	                           C_QUOTA_RESIZE_CHILD };
	for (unsigned i = 0; i < sizeof(which) / sizeof(which[0]); i++)
		EXPECT_EQ(do_call(which[i], none), DBT_E_WRONG_TYPE);
	EXPECT_EQ(do_call(C_GIVE_TASK, none), DBT_E_NO_RIGHTS);
	EXPECT(fixture_intact());
}

/* Destination slots: invalid and occupied. */
KTEST(args, destination_slots)
{
	EXPECT(fixture());
	struct snap s;
	take(&s);
	const dbt_word_t bad[] = { 0, cspace_slots(), ~0ull };
	for (unsigned i = 0; i < 3; i++) {
		EXPECT_EQ(dbt_cap_copy(fx.ep, bad[i], DBT_CAP_ALL, 0), DBT_E_INVALID_SLOT);
		EXPECT_EQ(dbt_cap_move(fx.ep, bad[i]), DBT_E_INVALID_SLOT);
		EXPECT_EQ(dbt_create(T_QUOTA, DBT_OBJ_ENDPOINT, bad[i], 0, 0), DBT_E_INVALID_SLOT);
		EXPECT_EQ(dbt_create(T_QUOTA, DBT_OBJ_THREAD, bad[i], fx.task, 0x10000),
		          DBT_E_INVALID_SLOT);
		EXPECT_EQ(dbt_irq_get(DBT_ROOT_SLOT_IRQCTL, TEST_IRQ_LINE + 1, bad[i]),
		          DBT_E_INVALID_SLOT);
		EXPECT_EQ(dbt_reply_save(bad[i]), DBT_E_INVALID_SLOT);   /* before "no caller" */
	}
	/* in the other task: its capability space has 8 slots */
	const dbt_word_t bad_child[] = { 0, 8, 9, 1ull << 32, ~0ull };
	for (unsigned i = 0; i < 5; i++)
		EXPECT_EQ(dbt_cap_give(fx.task, fx.ep, bad_child[i], DBT_CAP_ALL), DBT_E_INVALID_SLOT);
	EXPECT_UNCHANGED(s);
	dbt_slot_t occ = fx.ntf;
	EXPECT_EQ(dbt_cap_copy(fx.ep, occ, DBT_CAP_ALL, 0), DBT_E_SLOT_OCCUPIED);
	EXPECT_EQ(dbt_cap_move(fx.ep, occ), DBT_E_SLOT_OCCUPIED);
	EXPECT_EQ(dbt_create(T_QUOTA, DBT_OBJ_ENDPOINT, occ, 0, 0), DBT_E_SLOT_OCCUPIED);
	EXPECT_EQ(dbt_create(T_QUOTA, DBT_OBJ_QUOTA, occ, 4096, 0), DBT_E_SLOT_OCCUPIED);
	EXPECT_EQ(dbt_create(T_QUOTA, DBT_OBJ_TASK, occ, 2, 0), DBT_E_SLOT_OCCUPIED);
	EXPECT_EQ(dbt_create(T_QUOTA, DBT_OBJ_THREAD, occ, fx.task, 0x10000), DBT_E_SLOT_OCCUPIED);
	EXPECT_EQ(dbt_irq_get(DBT_ROOT_SLOT_IRQCTL, TEST_IRQ_LINE + 1, occ), DBT_E_SLOT_OCCUPIED);
	EXPECT_EQ(dbt_reply_save(occ), DBT_E_SLOT_OCCUPIED);
	EXPECT_OK(dbt_cap_give(fx.task, fx.ep, 7, DBT_CAP_ALL));
	EXPECT_EQ(dbt_cap_give(fx.task, fx.ntf, 7, DBT_CAP_ALL), DBT_E_SLOT_OCCUPIED);
	take(&s);
	EXPECT_UNCHANGED(s);
	EXPECT_EQ(cap_type(occ), DBT_OBJ_NOTIFICATION);
	EXPECT(fixture_intact());
}

/* ---- addresses ------------------------------------------------------------------------------ */

static dbt_word_t free_frame(void)
{
	const struct dbt_bootinfo *bi = urt_bootinfo;
	for (unsigned i = 0; i < bi->nregions; i++)
		if (bi->region[i].type == DBT_MEM_FREE && bi->region[i].base >= 0x100000 &&
		    bi->region[i].size >= (1u << 21))
			return (bi->region[i].base + (1u << 21) - 1) & ~((1ull << 21) - 1);
	return 0;
}

KTEST(args, map_phys_bad_vaddr)
{
	dbt_word_t pa = free_frame();
	EXPECT(pa);
	struct snap s;
	take(&s);
	for (unsigned i = 0; i < NBAD_VAS; i++)
		EXPECT_EQ(dbt_map_phys(DBT_ROOT_SLOT_PHYSMEM, pa, DBT_FPAGE(bad_vas[i], 12, DBT_RWX), 0),
		          DBT_E_BAD_ADDRESS);
	/* misaligned for the fpage's size */
	EXPECT_EQ(dbt_map_phys(DBT_ROOT_SLOT_PHYSMEM, pa, DBT_FPAGE(FREE_VA + 0x1000, 13, RW), 0),
	          DBT_E_BAD_ADDRESS);
	EXPECT_EQ(dbt_map_phys(DBT_ROOT_SLOT_PHYSMEM, pa, DBT_FPAGE(FREE_VA + 0x100000, 21, RW), 0),
	          DBT_E_BAD_ADDRESS);
	/* orders below a page or beyond the user half */
	EXPECT_EQ(dbt_map_phys(DBT_ROOT_SLOT_PHYSMEM, pa, DBT_FPAGE(FREE_VA, 11, RW), 0),
	          DBT_E_BAD_ADDRESS);
	EXPECT_EQ(dbt_map_phys(DBT_ROOT_SLOT_PHYSMEM, pa, DBT_FPAGE(FREE_VA, 0, RW), 0),
	          DBT_E_BAD_ADDRESS);
	EXPECT_EQ(dbt_map_phys(DBT_ROOT_SLOT_PHYSMEM, pa, DBT_FPAGE(0, 48, RW), 0),
	          DBT_E_BAD_ADDRESS);
	EXPECT_EQ(dbt_map_phys(DBT_ROOT_SLOT_PHYSMEM, pa, DBT_FPAGE(0x7fff00000000ull, 40, RW), 0),
	          DBT_E_BAD_ADDRESS);
	EXPECT_UNCHANGED(s);
	EXPECT_EQ(dbt_map_info(FREE_VA, NULL, NULL), DBT_E_NOT_MAPPED);
}

KTEST(args, map_phys_bad_paddr)
{
	dbt_word_t pa = free_frame();
	EXPECT(pa);
	struct snap s;
	take(&s);
	const dbt_word_t fp12 = DBT_FPAGE(FREE_VA, 12, RW), fp21 = DBT_FPAGE(FREE_VA, 21, RW);
	const dbt_word_t bad_pas[] = { pa + 0x800, pa + 1, KERNEL_VA, NONCANON1, NONCANON2,
	                               1ull << 46, ~0xfffull };
	for (unsigned i = 0; i < sizeof(bad_pas) / sizeof(bad_pas[0]); i++)
		EXPECT_EQ(dbt_map_phys(DBT_ROOT_SLOT_PHYSMEM, bad_pas[i], fp12, 0), DBT_E_BAD_ADDRESS);
	/* page aligned but not aligned to the fpage's size */
	EXPECT_EQ(dbt_map_phys(DBT_ROOT_SLOT_PHYSMEM, pa + 0x1000, fp21, 0), DBT_E_BAD_ADDRESS);
	EXPECT_EQ(dbt_map_phys(DBT_ROOT_SLOT_PHYSMEM, pa + 0x100000, fp21, 0), DBT_E_BAD_ADDRESS);
	EXPECT_UNCHANGED(s);
	EXPECT_EQ(dbt_map_info(FREE_VA, NULL, NULL), DBT_E_NOT_MAPPED);
}

KTEST(args, map_phys_kernel_memory)
{
	const struct dbt_bootinfo *bi = urt_bootinfo;
	struct snap s;
	take(&s);
	unsigned n = 0;
	for (unsigned i = 0; i < bi->nregions; i++) {
		const struct dbt_mem_region *r = &bi->region[i];
		if (r->type != DBT_MEM_KERNEL)
			continue;
		n++;
		dbt_word_t first = r->base & ~0xfffull;
		dbt_word_t last = (r->base + r->size - 1) & ~0xfffull;
		dbt_word_t mid = (r->base + r->size / 2) & ~0xfffull;
		const dbt_word_t pas[] = { first, mid, last };
		for (unsigned j = 0; j < 3; j++)
			EXPECT_EQ(dbt_map_phys(DBT_ROOT_SLOT_PHYSMEM, pas[j],
			                       DBT_FPAGE(FREE_VA, 12, DBT_R), 0), DBT_E_BAD_ADDRESS);
		/* a larger fpage that only overlaps the region */
		dbt_word_t big = first & ~((1ull << 22) - 1);
		EXPECT_EQ(dbt_map_phys(DBT_ROOT_SLOT_PHYSMEM, big, DBT_FPAGE(FREE_VA, 22, DBT_R), 0),
		          DBT_E_BAD_ADDRESS);
		dbt_word_t after = (r->base + r->size - 1) & ~((1ull << 22) - 1);
		EXPECT_EQ(dbt_map_phys(DBT_ROOT_SLOT_PHYSMEM, after, DBT_FPAGE(FREE_VA, 22, RW), 0),
		          DBT_E_BAD_ADDRESS);
	}
	EXPECT(n >= 2);         /* the kernel image and the kernel-object pool */
	/* the interrupt controllers (QEMU's IOAPIC and local APIC) are the kernel's too */
	EXPECT_EQ(dbt_map_phys(DBT_ROOT_SLOT_PHYSMEM, 0xfec00000ull, DBT_FPAGE(FREE_VA, 12, RW),
	                       DBT_MAP_UNCACHED), DBT_E_BAD_ADDRESS);
	EXPECT_EQ(dbt_map_phys(DBT_ROOT_SLOT_PHYSMEM, 0xfee00000ull, DBT_FPAGE(FREE_VA, 12, RW),
	                       DBT_MAP_UNCACHED), DBT_E_BAD_ADDRESS);
	EXPECT_UNCHANGED(s);
	EXPECT_EQ(dbt_map_info(FREE_VA, NULL, NULL), DBT_E_NOT_MAPPED);
	EXPECT_EQ(dbt_map_info(FREE_VA + (1u << 21), NULL, NULL), DBT_E_NOT_MAPPED);
}

KTEST(args, map_phys_out_of_range_values)
{
	dbt_word_t pa = free_frame();
	EXPECT(pa);
	struct snap s;
	take(&s);
	/* more than 1 GiB at once */
	EXPECT_EQ(dbt_map_phys(DBT_ROOT_SLOT_PHYSMEM, 0, DBT_FPAGE(1ull << 31, 31, RW), 0),
	          DBT_E_INVALID_ARG);
	EXPECT_EQ(dbt_map_phys(DBT_ROOT_SLOT_PHYSMEM, 0, DBT_FPAGE(1ull << 40, 40, RW), 0),
	          DBT_E_INVALID_ARG);
	/* no rights, undefined rights, unknown attribute */
	EXPECT_EQ(dbt_map_phys(DBT_ROOT_SLOT_PHYSMEM, pa, DBT_FPAGE(FREE_VA, 12, 0), 0),
	          DBT_E_INVALID_ARG);
	EXPECT_EQ(dbt_map_phys(DBT_ROOT_SLOT_PHYSMEM, pa, DBT_FPAGE(FREE_VA, 12, 8), 0),
	          DBT_E_INVALID_ARG);
	EXPECT_EQ(dbt_map_phys(DBT_ROOT_SLOT_PHYSMEM, pa, DBT_FPAGE(FREE_VA, 12, 0x3f), 0),
	          DBT_E_INVALID_ARG);
	EXPECT_EQ(dbt_map_phys(DBT_ROOT_SLOT_PHYSMEM, pa, DBT_FPAGE(FREE_VA, 12, RW), 2),
	          DBT_E_INVALID_ARG);
	EXPECT_EQ(dbt_syscall(DBT_SYS_MAP_PHYS, DBT_ROOT_SLOT_PHYSMEM, pa,
	                      DBT_FPAGE(FREE_VA, 12, RW), 1ull << 32, 0, 0).err,
	          DBT_E_INVALID_ARG);
	EXPECT_UNCHANGED(s);
	EXPECT_EQ(dbt_map_info(FREE_VA, NULL, NULL), DBT_E_NOT_MAPPED);
}

KTEST(args, unmap_bad)
{
	dbt_word_t scratch = (dbt_word_t)ktest_scratch, pa0 = 0, r0 = 0;
	EXPECT_OK(dbt_map_info(scratch, &pa0, &r0));
	struct snap s;
	take(&s);
	for (unsigned i = 0; i < NBAD_VAS; i++) {
		EXPECT_EQ(dbt_unmap(DBT_FPAGE(bad_vas[i], 12, 0), 0), DBT_E_BAD_ADDRESS);
		EXPECT_EQ(dbt_unmap(DBT_FPAGE(bad_vas[i], 12, 0), DBT_UNMAP_SELF), DBT_E_BAD_ADDRESS);
	}
	EXPECT_EQ(dbt_unmap(DBT_FPAGE((scratch & ~0x1fffull) + 0x1000, 13, 0), DBT_UNMAP_SELF),
	          DBT_E_BAD_ADDRESS);
	EXPECT_EQ(dbt_unmap(DBT_FPAGE(scratch, 11, 0), DBT_UNMAP_SELF), DBT_E_BAD_ADDRESS);
	EXPECT_EQ(dbt_unmap(DBT_FPAGE(0, 48, 0), DBT_UNMAP_SELF), DBT_E_BAD_ADDRESS);
	/* unknown flags, undefined rights */
	const dbt_word_t flags[] = { 4, 8, 0x80, 1ull << 32, ~0ull, DBT_UNMAP_SELF | 4 };
	for (unsigned i = 0; i < sizeof(flags) / sizeof(flags[0]); i++)
		EXPECT_EQ(dbt_syscall(DBT_SYS_UNMAP, DBT_FPAGE(scratch, 12, 0), flags[i], 0, 0, 0, 0).err,
		          DBT_E_INVALID_ARG);
	EXPECT_EQ(dbt_unmap(DBT_FPAGE(scratch, 12, 8), DBT_UNMAP_SELF), DBT_E_INVALID_ARG);
	/* I/O fpages: beyond port 65535, too big, misaligned.  The kernel answers
	 * DBT_E_INVALID_ARG, as DBT_SYS_IO_ENABLE does (KERNEL-API.md says BAD_ADDRESS). */
	EXPECT_EQ(dbt_unmap(DBT_IO_FPAGE(65536, 0), DBT_UNMAP_IO | DBT_UNMAP_SELF), DBT_E_INVALID_ARG);
	EXPECT_EQ(dbt_unmap(DBT_IO_FPAGE(0, 17), DBT_UNMAP_IO | DBT_UNMAP_SELF), DBT_E_INVALID_ARG);
	EXPECT_EQ(dbt_unmap(DBT_IO_FPAGE(0x3, 1), DBT_UNMAP_IO | DBT_UNMAP_SELF), DBT_E_INVALID_ARG);
	EXPECT_UNCHANGED(s);
	/* the scratch page is still mapped as before */
	dbt_word_t pa = 0, r = 0;
	EXPECT_OK(dbt_map_info(scratch, &pa, &r));
	EXPECT_EQ(pa, pa0);
	EXPECT_EQ(r, r0);
	ktest_scratch[0] = 1;
}

KTEST(args, map_info_bad)
{
	struct snap s;
	take(&s);
	for (unsigned i = 0; i < NBAD_VAS; i++)
		EXPECT_EQ(dbt_map_info(bad_vas[i], NULL, NULL), DBT_E_BAD_ADDRESS);
	EXPECT_EQ(dbt_map_info(~0ull, NULL, NULL), DBT_E_BAD_ADDRESS);
	EXPECT_EQ(dbt_map_info(NONCANON1 - 1, NULL, NULL), DBT_E_NOT_MAPPED);
	EXPECT_EQ(dbt_map_info(FREE_VA, NULL, NULL), DBT_E_NOT_MAPPED);
	/* a misaligned address is fine: the offset carries over */
	dbt_word_t scratch = (dbt_word_t)ktest_scratch, pa = 0, pa1 = 0, r = 0;
	EXPECT_OK(dbt_map_info(scratch, &pa, &r));
	EXPECT_OK(dbt_map_info(scratch + 0x123, &pa1, NULL));
	EXPECT_EQ(pa1, pa + 0x123);
	EXPECT_EQ(r & (DBT_R | DBT_W), DBT_R | DBT_W);
	EXPECT_UNCHANGED(s);
}

KTEST(args, thread_start_bad_address)
{
	struct kchild c;
	EXPECT_OK(ktest_local(&c, nop, 0));
	struct snap s;
	take(&s);
	dbt_word_t rsp = (dbt_word_t)ktest_scratch + 4096;
	for (unsigned i = 0; i < NBAD_VAS; i++)
		EXPECT_EQ(dbt_thread_start(c.thread, bad_vas[i], rsp), DBT_E_BAD_ADDRESS);
	EXPECT_EQ(dbt_thread_start(c.thread, ~0ull, rsp), DBT_E_BAD_ADDRESS);
	/* a stack pointer above the user half */
	EXPECT_EQ(dbt_thread_start(c.thread, 0x400000, KERNEL_VA), DBT_E_BAD_ADDRESS);
	EXPECT_EQ(dbt_thread_start(c.thread, 0x400000, NONCANON1 + 8), DBT_E_BAD_ADDRESS);
	/* registers: the same checks for rip, and for the segment bases */
	struct dbt_regs *r = (struct dbt_regs *)dbt_mr();
	memset(r, 0, sizeof(*r));
	r->rip = KERNEL_VA;
	r->rsp = rsp;
	EXPECT_EQ(dbt_thread_ctl(c.thread, DBT_THREAD_WRITE_REGS, 0, 0).err, DBT_E_BAD_ADDRESS);
	r->rip = 0x400000;
	r->fs_base = NONCANON2;
	EXPECT_EQ(dbt_thread_ctl(c.thread, DBT_THREAD_WRITE_REGS, 0, 0).err, DBT_E_BAD_ADDRESS);
	r->fs_base = 0;
	r->gs_base = NONCANON1;
	EXPECT_EQ(dbt_thread_ctl(c.thread, DBT_THREAD_WRITE_REGS, 0, 0).err, DBT_E_BAD_ADDRESS);
	EXPECT_UNCHANGED(s);
	/* still never started, and it can be started properly */
	EXPECT_EQ(thread_info(c.thread, NULL), DBT_THREAD_INACTIVE);
	EXPECT_OK(ktest_start(&c));
	EXPECT(ktest_join(&c, 1000));
}

KTEST(args, thread_create_bad_utcb)
{
	dbt_slot_t task = kcreate(DBT_OBJ_TASK, 2, 0);
	dbt_slot_t th = kslot();
	struct snap s;
	take(&s);
	const dbt_word_t bad[] = { 0x10010, 0x10800, 0x10001, 0, KERNEL_VA, NONCANON1, NONCANON2,
	                           ~0xfffull, NONCANON1 - 0x800 };
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_EQ(dbt_create(T_QUOTA, DBT_OBJ_THREAD, th, task, bad[i]), DBT_E_BAD_ADDRESS);
		EXPECT_EQ(dbt_create(T_QUOTA, DBT_OBJ_THREAD, th, DBT_ROOT_SLOT_TASK, bad[i]),
		          DBT_E_BAD_ADDRESS);
	}
	EXPECT(empty(th));
	EXPECT_UNCHANGED(s);
	/* the UTCB page of an existing thread (the root's own) is taken */
	EXPECT_EQ(dbt_create(T_QUOTA, DBT_OBJ_THREAD, th, DBT_ROOT_SLOT_TASK, urt_bootinfo->utcb),
	          DBT_E_BUSY);
	/* and mapped memory too */
	EXPECT_EQ(dbt_create(T_QUOTA, DBT_OBJ_THREAD, th, DBT_ROOT_SLOT_TASK,
	                     (dbt_word_t)ktest_scratch), DBT_E_BUSY);
	EXPECT(empty(th));
	EXPECT_UNCHANGED(s);
	/* the highest user page is never mapped (a `syscall` there would
	 * return past the canonical hole); the one below it is fine */
	EXPECT_EQ(dbt_create(T_QUOTA, DBT_OBJ_THREAD, th, task, NONCANON1 - 0x1000),
	          DBT_E_BAD_ADDRESS);
	EXPECT(empty(th));
	EXPECT_OK(dbt_create(T_QUOTA, DBT_OBJ_THREAD, th, task, NONCANON1 - 0x2000));
}

/* ---- out-of-range values ------------------------------------------------------------------- */

KTEST(args, create_task_cspace_order)
{
	dbt_slot_t dst = kslot();
	struct snap s;
	take(&s);
	const dbt_word_t bad[] = { 0, DBT_CSPACE_MAX_ORDER + 1, 16, 17, 63, 64, 65, 1ull << 32,
	                           (1ull << 32) | 4, ~0ull };
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		EXPECT_EQ(dbt_create(T_QUOTA, DBT_OBJ_TASK, dst, bad[i], 0), DBT_E_INVALID_ARG);
		EXPECT(empty(dst));
	}
	EXPECT_UNCHANGED(s);
	EXPECT_OK(dbt_create(T_QUOTA, DBT_OBJ_TASK, dst, 1, 0));
	EXPECT_OK(dbt_create(T_QUOTA, DBT_OBJ_TASK, kslot(), DBT_CSPACE_MAX_ORDER, 0));
}

KTEST(args, debug_write_length)
{
	struct snap s;
	take(&s);
	const dbt_word_t bad[] = { 513, 4096, 1ull << 32, ~0ull };
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		EXPECT_EQ(dbt_debug_write_mrs(DBT_ROOT_SLOT_DEBUG, bad[i]), DBT_E_INVALID_ARG);
	/* exactly the message registers is fine */
	char *m = (char *)dbt_mr();
	memset(m, ' ', 512);
	m[511] = '\n';
	EXPECT_OK(dbt_debug_write_mrs(DBT_ROOT_SLOT_DEBUG, 512));
	EXPECT_OK(dbt_debug_write_mrs(DBT_ROOT_SLOT_DEBUG, 0));
	EXPECT_UNCHANGED(s);
}

KTEST(args, thread_values)
{
	struct kchild c;
	EXPECT_OK(ktest_local(&c, nop, 0));
	struct snap s;
	take(&s);
	dbt_word_t prio = 0;
	EXPECT_EQ(thread_info(c.thread, &prio), DBT_THREAD_INACTIVE);
	EXPECT_EQ(prio, 150);
	const dbt_word_t bad_prio[] = { 256, 1000, 1ull << 32, (1ull << 32) | 10, ~0ull };
	for (unsigned i = 0; i < sizeof(bad_prio) / sizeof(bad_prio[0]); i++)
		EXPECT_EQ(dbt_thread_ctl(c.thread, DBT_THREAD_SET_PRIORITY, bad_prio[i], 0).err,
		          DBT_E_INVALID_ARG);
	/* valid but above the caller's own (200) */
	EXPECT_EQ(dbt_thread_ctl(c.thread, DBT_THREAD_SET_PRIORITY, 255, 0).err, DBT_E_NO_RIGHTS);
	thread_info(c.thread, &prio);
	EXPECT_EQ(prio, 150);
	const dbt_word_t bad_slice[] = { 0, 1000001, 1ull << 32, ~0ull };
	for (unsigned i = 0; i < sizeof(bad_slice) / sizeof(bad_slice[0]); i++)
		EXPECT_EQ(dbt_thread_ctl(c.thread, DBT_THREAD_SET_TIMESLICE, bad_slice[i], 0).err,
		          DBT_E_INVALID_ARG);
	EXPECT_EQ(dbt_thread_ctl(c.thread, DBT_THREAD_SET_FOREIGN, 2, 0).err, DBT_E_INVALID_ARG);
	EXPECT_EQ(dbt_thread_ctl(c.thread, DBT_THREAD_SET_FOREIGN, ~0ull, 0).err, DBT_E_INVALID_ARG);
	/* stopping a thread never started, resuming one not stopped */
	EXPECT_EQ(dbt_thread_ctl(c.thread, DBT_THREAD_STOP, 0, 0).err, DBT_E_BUSY);
	EXPECT_EQ(dbt_thread_ctl(c.thread, DBT_THREAD_RESUME, 0, 0).err, DBT_E_BUSY);
	EXPECT_UNCHANGED(s);
	EXPECT_EQ(thread_info(c.thread, &prio), DBT_THREAD_INACTIVE);
	EXPECT_EQ(prio, 150);
	/* the thread still runs normally (not foreign, sane timeslice) */
	EXPECT_OK(ktest_start(&c));
	EXPECT(ktest_join(&c, 1000));
}

KTEST(args, irq_and_io_values)
{
	struct snap s;
	take(&s);
	dbt_slot_t dst = kslot();
	EXPECT_EQ(dbt_irq_get(DBT_ROOT_SLOT_IRQCTL, DBT_IRQ_MSI_FIRST + DBT_IRQ_MSI_COUNT, dst), DBT_E_INVALID_ARG);
	EXPECT_EQ(dbt_irq_get(DBT_ROOT_SLOT_IRQCTL, 255, dst), DBT_E_INVALID_ARG);
	EXPECT_EQ(dbt_syscall(DBT_SYS_IRQ_GET, DBT_ROOT_SLOT_IRQCTL, (1ull << 32) | TEST_IRQ_LINE,
	                      dst, 0, 0, 0).err, DBT_E_INVALID_ARG);
	EXPECT_EQ(dbt_irq_get(DBT_ROOT_SLOT_IRQCTL, 2, dst), DBT_E_BUSY);     /* the cascade */
	EXPECT(empty(dst));
	EXPECT_OK(dbt_irq_get(DBT_ROOT_SLOT_IRQCTL, TEST_IRQ_LINE, dst));
	EXPECT_EQ(dbt_irq_get(DBT_ROOT_SLOT_IRQCTL, TEST_IRQ_LINE, kslot()), DBT_E_BUSY);
	EXPECT_EQ(dbt_irq_ack(dst), DBT_E_INVALID_ARG);        /* not bound */
	/* I/O fpages out of range */
	EXPECT_EQ(dbt_io_enable(DBT_ROOT_SLOT_IOSPACE, DBT_IO_FPAGE(0, 17)), DBT_E_INVALID_ARG);
	EXPECT_EQ(dbt_io_enable(DBT_ROOT_SLOT_IOSPACE, DBT_IO_FPAGE(65536, 0)), DBT_E_INVALID_ARG);
	EXPECT_EQ(dbt_io_enable(DBT_ROOT_SLOT_IOSPACE, DBT_IO_FPAGE(0x81, 1)), DBT_E_INVALID_ARG);
	EXPECT_EQ(dbt_io_enable(DBT_ROOT_SLOT_IOSPACE, DBT_IO_FPAGE(0x100, 63)), DBT_E_INVALID_ARG);
	EXPECT_UNCHANGED(s);
}

/* ---- unknown numbers ------------------------------------------------------------------------- */

KTEST(args, unknown_syscall)
{
	struct snap s;
	take(&s);
	const dbt_word_t nos[] = { DBT_SYS_COUNT, DBT_SYS_COUNT + 1, 0xffff, 1ull << 32,
	                           (1ull << 32) | DBT_SYS_CAP_DELETE, ~0ull };
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	take(&s);
	for (unsigned i = 0; i < sizeof(nos) / sizeof(nos[0]); i++) {
		struct dbt_sysret r = dbt_syscall(nos[i], ep, 0, 0, 0, 0, 0);
		EXPECT_EQ(r.err, DBT_E_INVALID_SYSCALL);
	}
	EXPECT_UNCHANGED(s);
	EXPECT_EQ(cap_type(ep), DBT_OBJ_ENDPOINT);      /* not deleted by the last one */
}

KTEST(args, unknown_thread_op)
{
	struct kchild c;
	EXPECT_OK(ktest_local(&c, NULL, 0));
	struct snap s;
	take(&s);
	const dbt_word_t ops[] = { DBT_THREAD_OP_COUNT, 0xffff, 1ull << 32,
	                           (1ull << 32) | DBT_THREAD_START, ~0ull };
	for (unsigned i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		EXPECT_EQ(dbt_syscall(DBT_SYS_THREAD_CTL, c.thread, ops[i], KERNEL_VA,
		                      (dbt_word_t)ktest_scratch + 4096, 0, 0).err,
		          DBT_E_INVALID_SYSCALL);
	EXPECT_UNCHANGED(s);
	EXPECT_EQ(thread_info(c.thread, NULL), DBT_THREAD_INACTIVE);      /* not started */
}

KTEST(args, create_unknown_type)
{
	dbt_slot_t dst = kslot();
	struct snap s;
	take(&s);
	const dbt_word_t types[] = { DBT_OBJ_NONE, DBT_OBJ_IRQ, DBT_OBJ_IRQ_CONTROL, DBT_OBJ_PHYSMEM,
	                             DBT_OBJ_IOSPACE, DBT_OBJ_DEBUG, DBT_OBJ_REPLY, DBT_OBJ_COUNT, 0xffff,
	                             1ull << 32, (1ull << 32) | DBT_OBJ_ENDPOINT, ~0ull };
	for (unsigned i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		EXPECT_EQ(dbt_syscall(DBT_SYS_CREATE, T_QUOTA, types[i], dst, 1, 0, 0).err,
		          DBT_E_INVALID_ARG);
		EXPECT(empty(dst));
	}
	EXPECT_UNCHANGED(s);
}

KTEST(args, unknown_stat)
{
	const dbt_word_t bad[] = { DBT_STAT_COUNT, 0xffff, 1ull << 32,
	                           (1ull << 32) | DBT_STAT_KMEM_USED, ~0ull };
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		EXPECT_EQ(dbt_syscall(DBT_SYS_STAT, bad[i], 0, 0, 0, 0, 0).err, DBT_E_INVALID_ARG);
	for (unsigned i = 0; i < DBT_STAT_COUNT; i++)
		EXPECT_OK(dbt_syscall(DBT_SYS_STAT, i, 0, 0, 0, 0, 0).err);
}

KTEST(args, destroy_boot_singletons)
{
	struct snap s;
	take(&s);
	const dbt_slot_t singles[] = { DBT_ROOT_SLOT_QUOTA, DBT_ROOT_SLOT_PHYSMEM,
	                               DBT_ROOT_SLOT_IOSPACE, DBT_ROOT_SLOT_IRQCTL,
	                               DBT_ROOT_SLOT_DEBUG };
	for (unsigned i = 0; i < sizeof(singles) / sizeof(singles[0]); i++) {
		dbt_slot_t copy = kslot();
		EXPECT_OK(dbt_cap_copy(singles[i], copy, DBT_CAP_ALL, 0));
		EXPECT_EQ(dbt_destroy(copy), DBT_E_INVALID_ARG);
		EXPECT_OK(dbt_cap_info(copy, NULL, NULL, NULL));
		EXPECT_OK(dbt_cap_info(singles[i], NULL, NULL, NULL));
	}
	EXPECT_UNCHANGED(s);
}

KTEST(args, ipc_bad_tag_and_no_caller)
{
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	struct snap s;
	take(&s);
	dbt_word_t tag, badge;
	/* reserved bits, more words than the message registers */
	EXPECT_EQ(dbt_send(ep, DBT_TAG(1, 0, 0) | 0x1000, DBT_TIMEOUT_POLL), DBT_E_BAD_MESSAGE);
	EXPECT_EQ(dbt_send(ep, DBT_TAG(1, 65, 0), DBT_TIMEOUT_POLL), DBT_E_BAD_MESSAGE);
	EXPECT_EQ(dbt_send(ep, DBT_TAG(1, 60, 3), DBT_TIMEOUT_POLL), DBT_E_BAD_MESSAGE);
	tag = DBT_TAG(1, 0, 0) | 0x4000;        /* 0x8000 is DBT_TAG_DEADLINE */
	EXPECT_EQ(dbt_call(ep, &tag, DBT_TIMEOUT_NEVER, DBT_TIMEOUT_NEVER), DBT_E_BAD_MESSAGE);
	tag = DBT_TAG(1, 0, 0) | 0x4000;
	EXPECT_EQ(dbt_reply_recv(ep, &tag, &badge, DBT_TIMEOUT_POLL), DBT_E_BAD_MESSAGE);
	EXPECT_EQ(dbt_reply(DBT_TAG(1, 0, 0) | 0x1000), DBT_E_BAD_MESSAGE);
	/* the tag is checked before the reply capability */
	EXPECT_EQ(dbt_reply_cap(0, DBT_TAG(1, 0, 0) | 0x1000), DBT_E_BAD_MESSAGE);
	tag = DBT_TAG(1, 65, 0);
	EXPECT_EQ(dbt_reply_cap_recv(0, 0, &tag, &badge, DBT_TIMEOUT_POLL), DBT_E_BAD_MESSAGE);
	/* nobody called */
	EXPECT_EQ(dbt_reply(DBT_TAG(1, 0, 0)), DBT_E_NO_CALLER);
	EXPECT_EQ(dbt_reply_save(kslot()), DBT_E_NO_CALLER);
	EXPECT_UNCHANGED(s);
}
