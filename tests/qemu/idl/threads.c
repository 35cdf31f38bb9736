/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * threads.c - threads for the IDL test: a pager, threads in the root task
 * and threads in child tasks (own address space, paged by the pager, which
 * maps the root task's page at the faulting address, so code, globals and
 * stacks are shared with the root task).  Same approach as tests/bench/kernel.
 */
#include "idltest.h"

#define STACK_PAGES     4
#define LOCAL_UTCB_BASE 0x7ffff0100000ull
#define CHILD_UTCB      0x7ffff0010000ull

static dbt_slot_t pager_ep;
static unsigned local_utcbs;

/* A new thread starts here with rsp -> { fn, arg }. */
void idl_thread_entry(void);
__asm__(".text\n.global idl_thread_entry\nidl_thread_entry:\n"
        "\tmov 8(%rsp), %rdi\n\tmov (%rsp), %rax\n\tand $-16, %rsp\n\tcall *%rax\n\tud2\n");

void die(const char *what, dbt_word_t err)
{
	uprintf("idltest: %s failed: error %lu\n", what, err);
	urt_poweroff(1);
}

static void pager_loop(dbt_word_t ep)
{
	dbt_word_t tag = 0, badge, *mr = dbt_mr();
	dbt_word_t err = dbt_recv(ep, &tag, &badge, DBT_TIMEOUT_NEVER);
	for (;;) {
		if (!err && DBT_TAG_LABEL(tag) == DBT_LABEL_PAGEFAULT) {
			dbt_word_t page = mr[0] & ~0xfffull;
			if (dbt_map_info(page, NULL, NULL) == DBT_OK) {
				mr[0] = DBT_ITEM(DBT_ITEM_MAP, DBT_SPACE_MEM, page);
				mr[1] = DBT_FPAGE(page, 12, DBT_RWX);
				tag = DBT_TAG(0, 0, 1);
				err = dbt_reply_recv(ep, &tag, &badge, DBT_TIMEOUT_NEVER);
				continue;
			}
			uprintf("idltest: unresolvable fault at %lx (rip %lx)\n", mr[0], mr[2]);
		} else if (!err) {
			uprintf("idltest: exception in a child: label %lx rip %lx vector %lu\n",
			        DBT_TAG_LABEL(tag), mr[0], mr[DBT_REGS_WORDS]);
		}
		err = dbt_recv(ep, &tag, &badge, DBT_TIMEOUT_NEVER);
	}
}

void thr_create(struct thr *t, bool own)
{
	t->stack = urt_alloc_pages(STACK_PAGES);
	t->thread = urt_slot_alloc();
	t->task = 0;
	if (own) {
		t->task = urt_slot_alloc();
		CHECK("create task", dbt_create(DBT_ROOT_SLOT_QUOTA, DBT_OBJ_TASK, t->task,
		                                CHILD_CSPACE_ORDER, 0));
		CHECK("create thread", dbt_create(DBT_ROOT_SLOT_QUOTA, DBT_OBJ_THREAD, t->thread,
		                                  t->task, CHILD_UTCB));
		CHECK("set pager", dbt_thread_ctl(t->thread, DBT_THREAD_SET_PAGER, pager_ep, 0).err);
		CHECK("give self", dbt_cap_give(t->task, t->thread, C_SELF, DBT_CAP_ALL));
	} else {
		CHECK("create thread", dbt_create(DBT_ROOT_SLOT_QUOTA, DBT_OBJ_THREAD, t->thread,
		                                  DBT_ROOT_SLOT_TASK,
		                                  LOCAL_UTCB_BASE + 4096ull * local_utcbs++));
	}
	if (pager_ep)
		CHECK("set exc", dbt_thread_ctl(t->thread, DBT_THREAD_SET_EXC, pager_ep, 0).err);
}

void thr_start(struct thr *t, void (*fn)(dbt_word_t), dbt_word_t arg)
{
	dbt_word_t *top = t->stack + STACK_PAGES * 512 - 2;
	top[0] = (dbt_word_t)fn;
	top[1] = arg;
	CHECK("start", dbt_thread_start(t->thread, (dbt_word_t)idl_thread_entry, (dbt_word_t)top));
}

void threads_init(void)
{
	static struct thr pager;
	dbt_slot_t ep = urt_slot_alloc();
	CHECK("create pager endpoint", dbt_create(DBT_ROOT_SLOT_QUOTA, DBT_OBJ_ENDPOINT, ep, 0, 0));
	thr_create(&pager, false);
	thr_start(&pager, pager_loop, ep);
	pager_ep = ep;
}
