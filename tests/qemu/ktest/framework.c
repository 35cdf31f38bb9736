/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * framework.c - slots, children, the pager and sleeping for the kernel
 * test suite (see ktest.h).
 */
#include "ktest.h"

#define SLOT_FIRST 1024                 /* test slots: [SLOT_FIRST, slot_next) */
#define STACKS 32
#define STACK_PAGES 4
#define LOCAL_UTCB_BASE 0x7ffff0100000ull
#define CHILD_UTCB      0x7ffff0010000ull
#define CHILD_PRIO 150

dbt_slot_t ktest_pager_ep;
uint8_t *ktest_scratch;
volatile dbt_word_t ktest_unresolved_fault;

static dbt_slot_t slot_next = SLOT_FIRST;
static dbt_slot_t sleep_ntf;
static void *stacks[STACKS];
static unsigned stacks_used, utcbs_used;

void ktest_child_entry(void);
__asm__(".text\n.global ktest_child_entry\nktest_child_entry:\n"
        "\tmov (%rsp), %rdi\n\tand $-16, %rsp\n\tcall ktest_child_main\n\tud2\n");

dbt_slot_t kslot(void)
{
	return slot_next++;
}

dbt_slot_t kcreate(unsigned type, dbt_word_t a, dbt_word_t b)
{
	dbt_slot_t s = kslot();
	dbt_word_t err = dbt_create(T_QUOTA, type, s, a, b);
	if (err)
		ktest_fail(__FILE__, __LINE__, "kcreate(type %u): error %lu", type, err);
	return s;
}

/* After a test: empty every slot it used. */
void ktest_slots_reset(void)
{
	for (dbt_slot_t s = SLOT_FIRST; s < slot_next; s++)
		dbt_cap_delete(s);
	slot_next = SLOT_FIRST;
	stacks_used = 0;
	utcbs_used = 0;
}

void ksleep_ms(unsigned ms)
{
	dbt_wait(sleep_ntf, NULL, ms * 1000u);
}

/* ---- children ------------------------------------------------------------------ */

/* A child's life.  Once done is set, c is the joiner's again (a kchild on
 * its stack may be gone, and its memory another child's): what the child
 * needs afterwards is read before. */
void ktest_child_main(struct kchild *c)
{
	dbt_slot_t self = c->task ? CHILD_SLOT_SELF : c->thread;
	c->fn(c->arg);
	c->done = 1;
	for (;;)
		dbt_thread_ctl(self, DBT_THREAD_STOP, 0, 0);
}

static dbt_word_t child_setup(struct kchild *c, void (*fn)(dbt_word_t), dbt_word_t arg)
{
	if (stacks_used == STACKS)
		return DBT_E_NO_QUOTA;
	c->fn = fn;
	c->arg = arg;
	c->done = 0;
	c->stack = stacks[stacks_used++];
	return DBT_OK;
}

dbt_word_t ktest_child(struct kchild *c, void (*fn)(dbt_word_t), dbt_word_t arg)
{
	dbt_word_t err = child_setup(c, fn, arg);
	if (err)
		return err;
	c->task = kslot();
	c->thread = kslot();
	if ((err = dbt_create(T_QUOTA, DBT_OBJ_TASK, c->task, 8, 0)))
		return err;
	if ((err = dbt_create(T_QUOTA, DBT_OBJ_THREAD, c->thread, c->task, CHILD_UTCB)))
		return err;
	if ((err = dbt_thread_ctl(c->thread, DBT_THREAD_SET_PAGER, ktest_pager_ep, 0).err))
		return err;
	if ((err = dbt_thread_ctl(c->thread, DBT_THREAD_SET_EXC, ktest_pager_ep, 0).err))
		return err;
	if ((err = dbt_thread_ctl(c->thread, DBT_THREAD_SET_PRIORITY, CHILD_PRIO, 0).err))
		return err;
	return dbt_cap_give(c->task, c->thread, CHILD_SLOT_SELF, DBT_CAP_ALL);
}

dbt_word_t ktest_local(struct kchild *c, void (*fn)(dbt_word_t), dbt_word_t arg)
{
	dbt_word_t err = child_setup(c, fn, arg);
	if (err)
		return err;
	c->task = 0;
	c->thread = kslot();
	c->utcb_idx = utcbs_used++;
	err = dbt_create(T_QUOTA, DBT_OBJ_THREAD, c->thread, DBT_ROOT_SLOT_TASK,
	                 LOCAL_UTCB_BASE + c->utcb_idx * 4096ull);
	if (err)
		return err;
	if ((err = dbt_thread_ctl(c->thread, DBT_THREAD_SET_EXC, ktest_pager_ep, 0).err))
		return err;
	return dbt_thread_ctl(c->thread, DBT_THREAD_SET_PRIORITY, CHILD_PRIO, 0).err;
}

dbt_word_t ktest_start(struct kchild *c)
{
	dbt_word_t top = (dbt_word_t)c->stack + STACK_PAGES * 4096 - 16;
	*(struct kchild **)top = c;
	return dbt_thread_start(c->thread, (dbt_word_t)ktest_child_entry, top);
}

dbt_word_t ktest_give(struct kchild *c, dbt_slot_t src, dbt_slot_t dst, unsigned rights)
{
	return dbt_cap_give(c->task, src, dst, rights);
}

bool ktest_join(struct kchild *c, unsigned ms)
{
	for (unsigned i = 0; i < ms && !c->done; i++)
		ksleep_ms(1);
	return c->done;
}

/* ---- the pager: map the root task's page at the faulting address ---------------- */

static void pager_loop(dbt_word_t unused)
{
	dbt_word_t tag = 0, badge, *mr = dbt_mr();
	(void)unused;
	dbt_word_t err = dbt_recv(ktest_pager_ep, &tag, &badge, DBT_TIMEOUT_NEVER);
	for (;;) {
		if (!err && DBT_TAG_LABEL(tag) == DBT_LABEL_PAGEFAULT) {
			dbt_word_t page = mr[0] & ~0xfffull;
			if (dbt_map_info(page, NULL, NULL) == DBT_OK) {
				mr[0] = DBT_ITEM(DBT_ITEM_MAP, DBT_SPACE_MEM, page);
				mr[1] = DBT_FPAGE(page, 12, DBT_RWX);
				tag = DBT_TAG(0, 0, 1);
				err = dbt_reply_recv(ktest_pager_ep, &tag, &badge, DBT_TIMEOUT_NEVER);
				continue;
			}
			ktest_unresolved_fault = mr[0];
		} else if (!err) {
			uprintf("ktest: unexpected exception in a child: vector %lu rip %lx\n",
			        mr[DBT_REGS_WORDS], mr[0]);
		}
		err = dbt_recv(ktest_pager_ep, &tag, &badge, DBT_TIMEOUT_NEVER);
	}
}

void ktest_framework_init(void)
{
	static struct kchild pager;
	for (unsigned i = 0; i < STACKS; i++)
		stacks[i] = urt_alloc_pages(STACK_PAGES);
	ktest_scratch = urt_alloc_pages(KTEST_SCRATCH_PAGES);
	sleep_ntf = urt_slot_alloc();
	ktest_pager_ep = urt_slot_alloc();
	if (dbt_create(DBT_ROOT_SLOT_QUOTA, DBT_OBJ_NOTIFICATION, sleep_ntf, 0, 0) ||
	    dbt_create(DBT_ROOT_SLOT_QUOTA, DBT_OBJ_ENDPOINT, ktest_pager_ep, 0, 0)) {
		uputs("ktest: cannot create framework objects");
		urt_halt();
	}
	/* The pager: a thread of the root task from the root quota, above the children. */
	T_QUOTA = DBT_ROOT_SLOT_QUOTA;
	pager.thread = urt_slot_alloc();
	pager.stack = urt_alloc_pages(STACK_PAGES);
	pager.fn = pager_loop;
	if (dbt_create(DBT_ROOT_SLOT_QUOTA, DBT_OBJ_THREAD, pager.thread, DBT_ROOT_SLOT_TASK,
	               LOCAL_UTCB_BASE - 4096) ||
	    ktest_start(&pager)) {
		uputs("ktest: cannot start the pager");
		urt_halt();
	}
	/* Touch the local UTCB area once so its page table exists before any
	 * test measures kernel memory. */
	struct kchild warm;
	dbt_slot_t q = urt_slot_alloc();
	dbt_create(DBT_ROOT_SLOT_QUOTA, DBT_OBJ_QUOTA, q, 1 << 20, 0);
	T_QUOTA = q;
	ktest_local(&warm, NULL, 0);
	dbt_destroy(q);
	ktest_slots_reset();
}

void ktest_serve(dbt_slot_t ep, bool (*handle)(dbt_word_t *tag, dbt_word_t *mr))
{
	dbt_word_t tag, badge, *mr = dbt_mr();
	dbt_word_t err = dbt_recv(ep, &tag, &badge, DBT_TIMEOUT_NEVER);
	for (;;) {
		if (!err && handle(&tag, mr))
			err = dbt_reply_recv(ep, &tag, &badge, DBT_TIMEOUT_NEVER);
		else
			err = dbt_recv(ep, &tag, &badge, DBT_TIMEOUT_NEVER);
	}
}
