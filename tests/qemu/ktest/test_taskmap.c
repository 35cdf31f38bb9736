/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_taskmap.c - mapping per task (suite `taskmap`): DBT_SYS_TASK_MAP
 * (the holder of a task's control capability maps a range of its own
 * pages into that task), DBT_SYS_TASK_UNMAP (unmap or downgrade a range
 * of ONE task's pages, and what that task mapped on from them, leaving
 * the same frames in other tasks alone) and MAP_INFO of another task.
 * This is what a personality server needs for fork (downgrade, then a
 * write fault copies), exec (populate eagerly), mprotect and munmap.
 *
 * Layout.  The root task plays the server: it maps fresh frames only in
 * TREGION, 64 pages of the 2 MiB page table that already holds its image
 * (so no test allocates root page tables, which the leak check would see),
 * and every test unmaps TREGION again.  Target tasks ("processes") are
 * created from the test quota, most of them without threads: what they
 * hold is read with dbt_task_map_info.  Where a second server or a running
 * process is needed, an agent thread in a new task serves commands (read,
 * write, TASK_MAP, TASK_UNMAP) over an endpoint; its pager is the test's
 * pager thread, which maps the root's page for code, stack and globals and
 * handles faults inside WIN as a test tells it (count, or copy on write).
 */
#include "ktest.h"

#define TREGION       0x580000ull       /* root: order 18, inside the image's page table */
#define TREGION_ORDER 18
#define TREGION_PAGES 64
#define RP(i)         (TREGION + (dbt_word_t)(i) * 4096)
#define PD            0x200000000000ull /* where processes get their pages */
#define PDP(i)        (PD + (dbt_word_t)(i) * 4096)
#define SW            0x310000000000ull /* a server task's own copy of the pages */
#define SWP(i)        (SW + (dbt_word_t)(i) * 4096)
#define WIN           0x300000000000ull /* faults here go to the test's policy */
#define WIN_SIZE      (2ull << 20)
#define WP(i)         (WIN + (dbt_word_t)(i) * 4096)
#define RW            (DBT_R | DBT_W)
#define CALL_TO       2000000u          /* 2 s */
#define BAD_IPC       0x1000u           /* added to an IPC error from cmd() */
#define TOP_PAGES     (DBT_USER_TOP >> 12)
#define LAST_PAGE     (DBT_USER_TOP - 4096)
#define AS_EP         CHILD_SLOT_FIRST          /* agent: its endpoint */
#define AS_TASK       (CHILD_SLOT_FIRST + 1)    /* agent: a task it controls */

/* Object costs from docs/KERNEL-API.md section 12 (a task of order 4). */
#define TASK_ORDER    4
#define TASK_COST     (256 + (128 << TASK_ORDER) + 4096)
#define TABLES_COST   (4096 + 4096 + 8192)      /* PDPT, PD, leaf table + shadow */
#define NODE_COST     64

/* ---- the root's pages -------------------------------------------------------------- */

static dbt_word_t frame_of[TREGION_PAGES];

/* A fresh frame, RW, at TREGION page i, holding magic in its first word. */
static dbt_word_t rmap_new(unsigned i, dbt_word_t magic)
{
	dbt_word_t f = urt_alloc_frame();
	dbt_word_t err = dbt_map_phys(DBT_ROOT_SLOT_PHYSMEM, f, DBT_FPAGE(RP(i), 12, RW),
	                              DBT_MAP_CACHED);
	if (!err) {
		memset((void *)RP(i), 0, 4096);
		*(volatile dbt_word_t *)RP(i) = magic;
		frame_of[i] = f;
	}
	return err;
}

/* Pages [first, first + n) of TREGION, page i holding 0x1000 + i. */
static dbt_word_t rmap_range(unsigned first, unsigned n)
{
	dbt_word_t err = DBT_OK;
	for (unsigned i = first; i < first + n && !err; i++)
		err = rmap_new(i, 0x1000 + i);
	return err;
}

static dbt_word_t rget(dbt_word_t va)
{
	return *(volatile dbt_word_t *)va;
}

static dbt_slot_t new_task(void)
{
	return kcreate(DBT_OBJ_TASK, TASK_ORDER, 0);
}

/* What task holds at va: its frame (0: nothing) and rights. */
static dbt_word_t frame_in(dbt_slot_t task, dbt_word_t va, dbt_word_t *rights)
{
	dbt_word_t pa = 0;
	if (dbt_task_map_info(task, va, &pa, rights) != DBT_OK)
		return 0;
	return pa;
}

static unsigned rights_in(dbt_slot_t task, dbt_word_t va)
{
	dbt_word_t r = 0;
	return frame_in(task, va, &r) ? (unsigned)r : 0;
}

static bool region_check(void)
{
	for (unsigned i = 0; i < TREGION_PAGES; i++)
		if (dbt_map_info(RP(i), NULL, NULL) != DBT_E_NOT_MAPPED) {
			ktest_fail(__FILE__, __LINE__, "TREGION page %u is in use", i);
			return false;
		}
	return true;
}

/* ---- the test pager and agents ------------------------------------------------------- */

static volatile struct {
	dbt_word_t faults, addr, access;        /* faults inside WIN */
	dbt_slot_t cow_task;                    /* copy on write into this task (0: no answer) */
	unsigned cow_src, cow_dst;              /* TREGION pages: original, copy */
	dbt_word_t cow_err;
} pg;

static dbt_slot_t pg_ep;
static struct kchild pg_thread;
static bool pg_started;

/* A write fault in WIN: copy the original page into a fresh frame and map
 * that over the read-only page, as a UNIX server does after fork. */
static void pager_cow(dbt_word_t page)
{
	if (rmap_new(pg.cow_dst, 0)) {
		pg.cow_err = 1;
		return;
	}
	memcpy((void *)RP(pg.cow_dst), (const void *)RP(pg.cow_src), 4096);
	pg.cow_err = dbt_task_map(pg.cow_task, RP(pg.cow_dst), page, 1, RW, NULL);
}

/* Handle one message; false: do not answer. */
static bool pager_handle(dbt_word_t *tag, dbt_word_t *mr)
{
	if (DBT_TAG_LABEL(*tag) != DBT_LABEL_PAGEFAULT)
		return false;
	dbt_word_t addr = mr[0], page = addr & ~0xfffull;
	if (addr >= WIN && addr < WIN + WIN_SIZE) {
		pg.faults++;
		pg.addr = addr;
		pg.access = mr[1];
		if (!pg.cow_task)
			return false;
		pager_cow(page);
		*tag = DBT_TAG(0, 0, 0);
		return pg.cow_err == 0;         /* failed: the agent's caller times out */
	}
	if (dbt_map_info(page, NULL, NULL) != DBT_OK)
		return false;
	mr[0] = DBT_ITEM(DBT_ITEM_MAP, DBT_SPACE_MEM, page);
	mr[1] = DBT_FPAGE(page, 12, DBT_RWX);
	*tag = DBT_TAG(0, 0, 1);
	return true;
}

static void pager_main(dbt_word_t ep)
{
	ktest_serve(ep, pager_handle);
}

static dbt_word_t pager_start(void)
{
	if (pg_started)
		return DBT_OK;
	pg_ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_word_t err = ktest_local(&pg_thread, pager_main, pg_ep);
	if (!err)
		err = ktest_start(&pg_thread);
	pg_started = !err;
	return err;
}

enum { CMD_READ = 1, CMD_WRITE, CMD_TMAP, CMD_TUNMAP };

/* An agent serves commands: mr[0..4] arguments; replies r0 (value or
 * error) and r1 (pages done). */
static void agent_main(dbt_word_t ep)
{
	dbt_word_t tag, badge, *mr = dbt_mr();
	for (;;) {
		if (dbt_recv(ep, &tag, &badge, DBT_TIMEOUT_NEVER))
			continue;
		dbt_word_t a0 = mr[0], a1 = mr[1], a2 = mr[2], a3 = mr[3], a4 = mr[4];
		dbt_word_t r0 = 0, r1 = 0;
		switch (DBT_TAG_LABEL(tag)) {
		case CMD_READ:
			r0 = *(volatile dbt_word_t *)a0;
			break;
		case CMD_WRITE:
			*(volatile dbt_word_t *)a0 = a1;
			break;
		case CMD_TMAP:
			r0 = dbt_task_map(a0, a1, a2, a3, (unsigned)a4, &r1);
			break;
		case CMD_TUNMAP:
			r0 = dbt_task_unmap(a0, a1, a2, (unsigned)a3, &r1);
			break;
		default:
			break;
		}
		mr[0] = r0;
		mr[1] = r1;
		dbt_reply(DBT_TAG(0, 2, 0));
	}
}

struct agent {
	struct kchild c;
	dbt_slot_t ep;          /* the root's slot of the agent's endpoint */
};

/* An agent in a new task; controls `task` (0: none) through its slot AS_TASK. */
static dbt_word_t agent_start(struct agent *a, dbt_slot_t task)
{
	dbt_word_t err = pager_start();
	if (err)
		return err;
	a->ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	if ((err = ktest_child(&a->c, agent_main, AS_EP)))
		return err;
	if ((err = dbt_thread_ctl(a->c.thread, DBT_THREAD_SET_PAGER, pg_ep, 0).err))
		return err;
	if ((err = ktest_give(&a->c, a->ep, AS_EP, DBT_CAP_READ)))
		return err;
	if (task && (err = ktest_give(&a->c, task, AS_TASK, DBT_CAP_CONTROL)))
		return err;
	return ktest_start(&a->c);
}

static dbt_word_t rep[2];

/* Call an agent: its r0 (BAD_IPC + e if the call failed); rep[1] = its r1. */
static dbt_word_t cmd(struct agent *a, dbt_word_t c, dbt_word_t a0, dbt_word_t a1, dbt_word_t a2,
                      dbt_word_t a3, dbt_word_t a4)
{
	dbt_word_t *mr = dbt_mr(), tag = DBT_TAG(c, 5, 0);
	mr[0] = a0;
	mr[1] = a1;
	mr[2] = a2;
	mr[3] = a3;
	mr[4] = a4;
	rep[0] = rep[1] = 0xbad0bad0bad0ull;
	dbt_word_t err = dbt_call(a->ep, &tag, CALL_TO, CALL_TO);
	if (err)
		return BAD_IPC + err;
	rep[0] = mr[0];
	rep[1] = mr[1];
	return rep[0];
}

static dbt_word_t a_read(struct agent *a, dbt_word_t va)
{
	return cmd(a, CMD_READ, va, 0, 0, 0, 0);
}

static dbt_word_t a_write(struct agent *a, dbt_word_t va, dbt_word_t v)
{
	return cmd(a, CMD_WRITE, va, v, 0, 0, 0);
}

/* The agent's TASK_MAP / TASK_UNMAP on the task in its slot AS_TASK. */
static dbt_word_t a_tmap(struct agent *a, dbt_word_t src, dbt_word_t dst, dbt_word_t pages,
                         unsigned rights, dbt_word_t *done)
{
	dbt_word_t err = cmd(a, CMD_TMAP, AS_TASK, src, dst, pages, rights);
	*done = rep[1];
	return err;
}

static dbt_word_t a_tunmap(struct agent *a, dbt_word_t va, dbt_word_t pages, unsigned rights,
                           dbt_word_t *done)
{
	dbt_word_t err = cmd(a, CMD_TUNMAP, AS_TASK, va, pages, rights, 0);
	*done = rep[1];
	return err;
}

/* A test: TREGION is free before and emptied after (also on failure). */
#define TTEST(name)                                                             \
	static void taskmap_body_##name(void);                                  \
	KTEST(taskmap, name)                                                    \
	{                                                                       \
		pg_started = false;                                             \
		memset((void *)&pg, 0, sizeof(pg));                             \
		if (region_check())                                             \
			taskmap_body_##name();                                  \
		dbt_unmap(DBT_FPAGE(TREGION, TREGION_ORDER, DBT_RWX), DBT_UNMAP_SELF); \
	}                                                                       \
	static void taskmap_body_##name(void)

/* ==== TASK_MAP ============================================================================ */

/* A range of the root's pages lands in a task, as children of the root's. */
TTEST(map_basic)
{
	dbt_slot_t p = new_task();
	dbt_word_t done = 99, pa, rights;
	EXPECT_OK(rmap_range(0, 4));
	EXPECT_OK(dbt_task_map(p, RP(0), PDP(10), 4, RW, &done));
	EXPECT_EQ(done, 4);
	for (unsigned i = 0; i < 4; i++) {
		EXPECT_OK(dbt_task_map_info(p, PDP(10 + i) + 0x18, &pa, &rights));
		EXPECT_EQ(pa, frame_of[i] + 0x18);
		EXPECT_EQ(rights, RW);
		EXPECT_EQ(dbt_map_info(PDP(10 + i), NULL, NULL), DBT_E_NOT_MAPPED);   /* not in the root */
	}
	EXPECT_EQ(dbt_task_map_info(p, PDP(9), NULL, NULL), DBT_E_NOT_MAPPED);
	EXPECT_EQ(dbt_task_map_info(p, PDP(14), NULL, NULL), DBT_E_NOT_MAPPED);
	/* the root keeps its pages; task 0 means the caller */
	EXPECT_OK(dbt_task_map_info(0, RP(2), &pa, &rights));
	EXPECT_EQ(pa, frame_of[2]);
	EXPECT_EQ(rights, RW);
	/* zero pages: nothing, and done = 0 */
	EXPECT_OK(dbt_task_map(p, RP(0), PDP(20), 0, RW, &done));
	EXPECT_EQ(done, 0);
	EXPECT_EQ(dbt_task_map_info(p, PDP(20), NULL, NULL), DBT_E_NOT_MAPPED);
}

/* Each page gets the rights asked for, at most the caller's, R always. */
TTEST(map_rights)
{
	dbt_slot_t p = new_task();
	dbt_word_t f = urt_alloc_frame();
	EXPECT_OK(rmap_new(0, 1));
	EXPECT_OK(dbt_map_phys(DBT_ROOT_SLOT_PHYSMEM, f, DBT_FPAGE(RP(1), 12, DBT_R | DBT_X), 0));
	EXPECT_OK(dbt_task_map(p, RP(0), PDP(0), 1, DBT_R, NULL));
	EXPECT_EQ(rights_in(p, PDP(0)), DBT_R);
	EXPECT_OK(dbt_task_map(p, RP(0), PDP(1), 1, DBT_W, NULL));
	EXPECT_EQ(rights_in(p, PDP(1)), RW);                    /* R comes with it */
	EXPECT_OK(dbt_task_map(p, RP(0), PDP(2), 1, DBT_RWX, NULL));
	EXPECT_EQ(rights_in(p, PDP(2)), RW);                    /* the root has no X */
	EXPECT_OK(dbt_task_map(p, RP(1), PDP(3), 1, DBT_RWX, NULL));
	EXPECT_EQ(rights_in(p, PDP(3)), DBT_R | DBT_X);         /* ... nor W here */
	/* a range with different rights per page */
	EXPECT_OK(dbt_task_map(p, RP(0), PDP(4), 2, DBT_RWX, NULL));
	EXPECT_EQ(rights_in(p, PDP(4)), RW);
	EXPECT_EQ(rights_in(p, PDP(5)), DBT_R | DBT_X);
}

TTEST(map_bad_rights)
{
	dbt_slot_t p = new_task();
	dbt_word_t done = 99;
	EXPECT_OK(rmap_new(0, 1));
	EXPECT_EQ(dbt_task_map(p, RP(0), PDP(0), 1, 0, &done), DBT_E_INVALID_ARG);
	EXPECT_EQ(done, 0);
	done = 99;
	EXPECT_EQ(dbt_task_map(p, RP(0), PDP(0), 1, 8, &done), DBT_E_INVALID_ARG);
	EXPECT_EQ(done, 0);
	EXPECT_EQ(dbt_task_map(p, RP(0), PDP(0), 1, 0x1f, NULL), DBT_E_INVALID_ARG);
	EXPECT_EQ(dbt_syscall(DBT_SYS_TASK_MAP, p, RP(0), PDP(0), 1, 1ull << 32, 0).err,
	          DBT_E_INVALID_ARG);
	EXPECT_EQ(dbt_task_map_info(p, PDP(0), NULL, NULL), DBT_E_NOT_MAPPED);
}

/* Misaligned, kernel, non-canonical, the last page, too long: nothing mapped. */
TTEST(map_bad_addresses)
{
	dbt_slot_t p = new_task();
	dbt_word_t done;
	EXPECT_OK(rmap_range(0, 2));
	const struct { dbt_word_t src, dst, pages; } bad[] = {
		{ RP(0) + 8, PDP(0), 1 },                       /* misaligned source */
		{ RP(0), PDP(0) + 0x800, 1 },                   /* misaligned destination */
		{ RP(0), 0xffff800000000000ull, 1 },            /* kernel */
		{ 0xffffffff80000000ull, PDP(0), 1 },
		{ RP(0), 0x0000900000000000ull, 1 },            /* non-canonical */
		{ RP(0), DBT_USER_TOP, 1 },
		{ RP(0), LAST_PAGE, 1 },                        /* the last page is never mapped */
		{ RP(0), LAST_PAGE - 4096, 2 },                 /* ... nor reached by a range */
		{ RP(0), PDP(0), 1ull << 52 },                  /* the size wraps */
		{ RP(0), PDP(0), TOP_PAGES + 1 },
		{ DBT_USER_TOP - 4096, PDP(0), 2 },             /* source beyond user space */
		{ RP(0), ~0xfffull, 2 },                        /* the range wraps round */
	};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		done = 99;
		EXPECT_EQ(dbt_task_map(p, bad[i].src, bad[i].dst, bad[i].pages, RW, &done),
		          DBT_E_BAD_ADDRESS);
		EXPECT_EQ(done, 0);
	}
	EXPECT_EQ(dbt_task_map_info(p, PDP(0), NULL, NULL), DBT_E_NOT_MAPPED);
	EXPECT_EQ(dbt_task_map_info(p, LAST_PAGE - 4096, NULL, NULL), DBT_E_NOT_MAPPED);
	/* the page below the last one is the highest that can be mapped */
	EXPECT_OK(dbt_task_map(p, RP(0), LAST_PAGE - 4096, 1, RW, &done));
	EXPECT_EQ(done, 1);
	EXPECT_EQ(frame_in(p, LAST_PAGE - 4096, NULL), frame_of[0]);
	/* MAP_INFO of another task checks addresses as for the caller */
	EXPECT_EQ(dbt_task_map_info(p, DBT_USER_TOP, NULL, NULL), DBT_E_BAD_ADDRESS);
}

/* The task capability: every lookup error, and CONTROL needed; v0 = 0 then. */
TTEST(map_bad_caps)
{
	dbt_slot_t p = new_task(), weak = kslot(), ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_word_t done;
	EXPECT_OK(rmap_new(0, 1));
	EXPECT_OK(dbt_cap_copy(p, weak, DBT_CAP_ALL & ~DBT_CAP_CONTROL, 0));
	const struct { dbt_slot_t slot; dbt_word_t err; } bad[] = {
		{ 0, DBT_E_INVALID_SLOT },
		{ 1ull << 40, DBT_E_INVALID_SLOT },
		{ kslot(), DBT_E_EMPTY_SLOT },
		{ ep, DBT_E_WRONG_TYPE },
		{ T_QUOTA, DBT_E_WRONG_TYPE },
		{ weak, DBT_E_NO_RIGHTS },
	};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		done = 99;
		EXPECT_EQ(dbt_task_map(bad[i].slot, RP(0), PDP(0), 1, RW, &done), bad[i].err);
		EXPECT_EQ(done, 0);
		done = 99;
		EXPECT_EQ(dbt_task_unmap(bad[i].slot, RP(0), 1, 0, &done), bad[i].err);
		EXPECT_EQ(done, 0);
		EXPECT_EQ(dbt_task_map_info(bad[i].slot, RP(0), NULL, NULL),
		          bad[i].slot == 0 ? DBT_OK : bad[i].err);   /* 0: the caller */
	}
	EXPECT_EQ(dbt_task_map_info(p, PDP(0), NULL, NULL), DBT_E_NOT_MAPPED);
	EXPECT_EQ(rget(RP(0)), 1);
}

/* A destroyed task cannot be named; its pages leave the root's tree. */
TTEST(map_destroyed_task)
{
	dbt_slot_t p = new_task(), copy = kslot(), q = new_task();
	EXPECT_OK(rmap_range(0, 2));
	EXPECT_OK(dbt_cap_copy(p, copy, DBT_CAP_ALL, 0));
	EXPECT_OK(dbt_task_map(p, RP(0), PDP(0), 2, RW, NULL));
	EXPECT_OK(dbt_task_map(q, RP(0), PDP(0), 2, RW, NULL));
	EXPECT_OK(dbt_destroy(p));
	EXPECT_EQ(dbt_task_map(p, RP(0), PDP(0), 1, RW, NULL), DBT_E_EMPTY_SLOT);
	EXPECT_EQ(dbt_task_map(copy, RP(0), PDP(0), 1, RW, NULL), DBT_E_EMPTY_SLOT);
	EXPECT_EQ(dbt_task_unmap(copy, PDP(0), 2, 0, NULL), DBT_E_EMPTY_SLOT);
	EXPECT_EQ(dbt_task_map_info(copy, PDP(0), NULL, NULL), DBT_E_EMPTY_SLOT);
	/* the root and the other task are untouched */
	EXPECT_EQ(frame_in(q, PDP(1), NULL), frame_of[1]);
	EXPECT_EQ(rget(RP(1)), 0x1001);
	/* revoking from the root still works (the dead task's nodes are gone) */
	EXPECT_OK(dbt_unmap(DBT_FPAGE(RP(0), 13, DBT_RWX), 0));
	EXPECT_EQ(dbt_task_map_info(q, PDP(0), NULL, NULL), DBT_E_NOT_MAPPED);
}

/* A hole in the source: the pages before it are mapped, the count says where. */
TTEST(map_not_mapped_partial)
{
	dbt_slot_t p = new_task();
	dbt_word_t done = 99;
	EXPECT_OK(rmap_range(0, 2));
	EXPECT_OK(rmap_range(3, 2));
	EXPECT_EQ(dbt_task_map(p, RP(0), PDP(0), 5, RW, &done), DBT_E_NOT_MAPPED);
	EXPECT_EQ(done, 2);
	EXPECT_EQ(frame_in(p, PDP(0), NULL), frame_of[0]);
	EXPECT_EQ(frame_in(p, PDP(1), NULL), frame_of[1]);
	for (unsigned i = 2; i < 5; i++)
		EXPECT_EQ(dbt_task_map_info(p, PDP(i), NULL, NULL), DBT_E_NOT_MAPPED);
	/* continue after the hole */
	EXPECT_OK(dbt_task_map(p, RP(3), PDP(3), 2, RW, &done));
	EXPECT_EQ(done, 2);
	EXPECT_EQ(frame_in(p, PDP(4), NULL), frame_of[4]);
	/* a UTCB is not a page the caller can hand on */
	EXPECT_EQ(dbt_task_map(p, urt_bootinfo->utcb, PDP(8), 1, RW, &done), DBT_E_NOT_MAPPED);
	EXPECT_EQ(done, 0);
	EXPECT_EQ(dbt_task_map_info(p, PDP(8), NULL, NULL), DBT_E_NOT_MAPPED);
}

/* Kernel memory: the target task's quota pays, exactly, and gets it back. */
TTEST(map_quota_charged_to_target)
{
	dbt_slot_t q = kcreate(DBT_OBJ_QUOTA, 64 << 10, 0), p = kslot();
	dbt_word_t used, limit, t_used0, t_used1, done;
	EXPECT_OK(rmap_range(0, 8));
	EXPECT_OK(dbt_create(q, DBT_OBJ_TASK, p, TASK_ORDER, 0));
	EXPECT_OK(dbt_quota_info(q, &used, &limit));
	EXPECT_EQ(used, TASK_COST);
	EXPECT_OK(dbt_quota_info(T_QUOTA, &t_used0, NULL));
	EXPECT_OK(dbt_task_map(p, RP(0), PDP(0), 8, RW, &done));
	EXPECT_EQ(done, 8);
	EXPECT_OK(dbt_quota_info(q, &used, NULL));
	EXPECT_EQ(used, TASK_COST + TABLES_COST + 8 * NODE_COST);
	EXPECT_OK(dbt_quota_info(T_QUOTA, &t_used1, NULL));
	EXPECT_EQ(t_used1, t_used0);            /* the caller's side pays nothing */
	/* unmapping returns the nodes; the page tables stay with the task */
	EXPECT_OK(dbt_task_unmap(p, PDP(2), 3, 0, &done));
	EXPECT_EQ(done, 3);
	EXPECT_OK(dbt_quota_info(q, &used, NULL));
	EXPECT_EQ(used, TASK_COST + TABLES_COST + 5 * NODE_COST);
	/* a downgrade costs nothing */
	EXPECT_OK(dbt_task_unmap(p, PDP(0), 8, DBT_W, &done));
	EXPECT_OK(dbt_quota_info(q, &used, NULL));
	EXPECT_EQ(used, TASK_COST + TABLES_COST + 5 * NODE_COST);
	/* destroying the task returns everything */
	EXPECT_OK(dbt_destroy(p));
	EXPECT_OK(dbt_quota_info(q, &used, NULL));
	EXPECT_EQ(used, 0);
}

/* The quota runs out half way: what was mapped stays, the count says how much. */
TTEST(map_quota_partial)
{
	dbt_slot_t q = kcreate(DBT_OBJ_QUOTA, TASK_COST + TABLES_COST + 3 * NODE_COST, 0);
	dbt_slot_t p = kslot();
	dbt_word_t used, limit, done = 99;
	EXPECT_OK(rmap_range(0, 5));
	EXPECT_OK(dbt_create(q, DBT_OBJ_TASK, p, TASK_ORDER, 0));
	EXPECT_EQ(dbt_task_map(p, RP(0), PDP(0), 5, RW, &done), DBT_E_NO_QUOTA);
	EXPECT_EQ(done, 3);
	for (unsigned i = 0; i < 5; i++)
		EXPECT_EQ(frame_in(p, PDP(i), NULL), i < 3 ? frame_of[i] : 0);
	EXPECT_OK(dbt_quota_info(q, &used, &limit));
	EXPECT_EQ(used, limit);
	/* freeing one page makes room for exactly one more */
	EXPECT_OK(dbt_task_unmap(p, PDP(0), 1, 0, &done));
	EXPECT_EQ(dbt_task_map(p, RP(3), PDP(3), 2, RW, &done), DBT_E_NO_QUOTA);
	EXPECT_EQ(done, 1);
	EXPECT_EQ(frame_in(p, PDP(3), NULL), frame_of[3]);
	/* a quota too small for the page tables: nothing at all */
	dbt_slot_t q2 = kcreate(DBT_OBJ_QUOTA, TASK_COST + 4096, 0), p2 = kslot();
	EXPECT_OK(dbt_create(q2, DBT_OBJ_TASK, p2, TASK_ORDER, 0));
	EXPECT_EQ(dbt_task_map(p2, RP(0), PDP(0), 5, RW, &done), DBT_E_NO_QUOTA);
	EXPECT_EQ(done, 0);
}

/* A map over an existing mapping replaces it, with what was mapped on from it. */
TTEST(map_replaces)
{
	dbt_slot_t p = new_task(), q = new_task();
	dbt_word_t done;
	EXPECT_OK(rmap_range(0, 2));
	EXPECT_OK(dbt_task_map(p, RP(0), PDP(0), 1, RW, NULL));
	EXPECT_OK(dbt_task_map(p, RP(1), PDP(0), 1, DBT_R, &done));
	EXPECT_EQ(done, 1);
	dbt_word_t rights = 0;
	EXPECT_EQ(frame_in(p, PDP(0), &rights), frame_of[1]);
	EXPECT_EQ(rights, DBT_R);
	/* the root's alias at page 10 (a child of page 0), mapped on to q */
	EXPECT_OK(dbt_task_map(DBT_ROOT_SLOT_TASK, RP(0), RP(10), 1, RW, NULL));
	EXPECT_OK(dbt_task_map(q, RP(10), PDP(5), 1, RW, NULL));
	EXPECT_EQ(frame_in(q, PDP(5), NULL), frame_of[0]);
	/* page 1 over the alias: q's page, mapped from the old alias, goes */
	EXPECT_OK(dbt_task_map(DBT_ROOT_SLOT_TASK, RP(1), RP(10), 1, RW, NULL));
	EXPECT_EQ(frame_in(DBT_ROOT_SLOT_TASK, RP(10), NULL), frame_of[1]);
	EXPECT_EQ(rget(RP(10)), 0x1001);
	EXPECT_EQ(dbt_task_map_info(q, PDP(5), NULL, NULL), DBT_E_NOT_MAPPED);
	EXPECT_EQ(rget(RP(0)), 0x1000);
}

/* The same page from the same source again only adds rights (as in L4). */
TTEST(map_same_again_extends)
{
	dbt_slot_t p = new_task();
	EXPECT_OK(rmap_new(0, 7));
	EXPECT_OK(dbt_map_phys(DBT_ROOT_SLOT_PHYSMEM, frame_of[0], DBT_FPAGE(RP(0), 12, DBT_RWX), 0));
	EXPECT_OK(dbt_task_map(p, RP(0), PDP(0), 1, DBT_R, NULL));
	EXPECT_OK(dbt_task_map(p, RP(0), PDP(0), 1, DBT_X, NULL));
	EXPECT_EQ(rights_in(p, PDP(0)), DBT_R | DBT_X);
	EXPECT_OK(dbt_task_map(p, RP(0), PDP(0), 1, DBT_R, NULL));
	EXPECT_EQ(rights_in(p, PDP(0)), DBT_R | DBT_X);         /* not taken away */
	/* taking rights away is TASK_UNMAP's job */
	EXPECT_OK(dbt_task_unmap(p, PDP(0), 1, DBT_X, NULL));
	EXPECT_EQ(rights_in(p, PDP(0)), DBT_R);
	EXPECT_EQ(rights_in(DBT_ROOT_SLOT_TASK, RP(0)), DBT_RWX);
}

/* The caller's own task: an alias; overlapping ranges and the source's own
 * ancestors are refused. */
TTEST(map_self)
{
	dbt_word_t done = 99;
	EXPECT_OK(rmap_range(0, 4));
	EXPECT_OK(dbt_task_map(DBT_ROOT_SLOT_TASK, RP(0), RP(20), 4, DBT_R, &done));
	EXPECT_EQ(done, 4);
	EXPECT_EQ(rget(RP(22)), 0x1002);
	*(volatile dbt_word_t *)RP(2) = 0x2222;
	EXPECT_EQ(rget(RP(22)), 0x2222);
	EXPECT_EQ(rights_in(0, RP(22)), DBT_R);
	/* overlapping source and destination */
	EXPECT_EQ(dbt_task_map(DBT_ROOT_SLOT_TASK, RP(0), RP(2), 4, RW, &done), DBT_E_INVALID_ARG);
	EXPECT_EQ(done, 0);
	EXPECT_EQ(dbt_task_map(DBT_ROOT_SLOT_TASK, RP(2), RP(0), 4, RW, NULL), DBT_E_INVALID_ARG);
	EXPECT_EQ(dbt_task_map(DBT_ROOT_SLOT_TASK, RP(1), RP(1), 1, RW, NULL), DBT_E_INVALID_ARG);
	/* the alias back over its own source: replacing it would remove the alias */
	EXPECT_EQ(dbt_task_map(DBT_ROOT_SLOT_TASK, RP(22), RP(2), 1, RW, &done), DBT_E_BUSY);
	EXPECT_EQ(done, 0);
	EXPECT_EQ(rget(RP(2)), 0x2222);
	EXPECT_EQ(rights_in(0, RP(2)), RW);
	/* a range whose second page derives from its destination: the first
	 * page is replaced (its alias at page 20 with it), the second refused */
	EXPECT_OK(rmap_new(30, 0x3030));
	EXPECT_OK(dbt_task_map(DBT_ROOT_SLOT_TASK, RP(1), RP(31), 1, DBT_R, NULL));
	EXPECT_EQ(dbt_task_map(DBT_ROOT_SLOT_TASK, RP(30), RP(0), 2, DBT_R, &done), DBT_E_BUSY);
	EXPECT_EQ(done, 1);
	EXPECT_EQ(frame_in(0, RP(0), NULL), frame_of[30]);
	EXPECT_EQ(rget(RP(0)), 0x3030);
	EXPECT_EQ(frame_in(0, RP(1), NULL), frame_of[1]);
	EXPECT_EQ(rights_in(0, RP(1)), RW);
	EXPECT_EQ(dbt_map_info(RP(20), NULL, NULL), DBT_E_NOT_MAPPED);
	EXPECT_EQ(rget(RP(21)), 0x1001);
}

/* A UTCB in the destination stops the range there; it stays. */
TTEST(map_over_utcb)
{
	dbt_slot_t p = new_task(), th = kslot(), th2 = kslot();
	dbt_word_t done = 99;
	EXPECT_OK(rmap_range(0, 3));
	EXPECT_OK(dbt_create(T_QUOTA, DBT_OBJ_THREAD, th, p, PDP(1)));
	EXPECT_EQ(dbt_task_map(p, RP(0), PDP(0), 3, RW, &done), DBT_E_BUSY);
	EXPECT_EQ(done, 1);
	EXPECT_EQ(frame_in(p, PDP(0), NULL), frame_of[0]);
	EXPECT_EQ(dbt_task_map_info(p, PDP(1), NULL, NULL), DBT_E_NOT_MAPPED);
	EXPECT_EQ(dbt_task_map_info(p, PDP(2), NULL, NULL), DBT_E_NOT_MAPPED);
	EXPECT_EQ(dbt_create(T_QUOTA, DBT_OBJ_THREAD, th2, p, PDP(1)), DBT_E_BUSY);
	/* TASK_UNMAP passes over it */
	EXPECT_OK(dbt_task_unmap(p, PDP(0), 3, 0, &done));
	EXPECT_EQ(done, 3);
	EXPECT_EQ(dbt_create(T_QUOTA, DBT_OBJ_THREAD, th2, p, PDP(1)), DBT_E_BUSY);
	EXPECT_EQ(dbt_task_map_info(p, PDP(0), NULL, NULL), DBT_E_NOT_MAPPED);
}

/* More than DBT_TASK_MAP_MAX pages: each call maps that many and says so. */
TTEST(map_bounded_and_resumed)
{
	struct agent s;
	dbt_slot_t p = new_task();
	dbt_word_t done = 99;
	EXPECT_OK(rmap_range(0, TREGION_PAGES));
	EXPECT_OK(agent_start(&s, p));
	dbt_slot_t st = s.c.task;
	/* the server task gets 1024 pages: TREGION sixteen times over */
	for (unsigned k = 0; k < 16; k++) {
		EXPECT_OK(dbt_task_map(st, RP(0), SWP(k * 64), 64, RW, &done));
		EXPECT_EQ(done, 64);
	}
	/* the server maps them all into p */
	EXPECT_OK(a_tmap(&s, SW, PD, 1024, RW, &done));
	EXPECT_EQ(done, DBT_TASK_MAP_MAX);
	EXPECT_EQ(frame_in(p, PDP(511), NULL), frame_of[511 % 64]);
	EXPECT_EQ(dbt_task_map_info(p, PDP(512), NULL, NULL), DBT_E_NOT_MAPPED);
	EXPECT_OK(a_tmap(&s, SWP(512), PDP(512), 512, RW, &done));
	EXPECT_EQ(done, 512);
	EXPECT_EQ(frame_in(p, PDP(1023), NULL), frame_of[1023 % 64]);
	/* a count far beyond what is mapped: two full calls, then the hole */
	EXPECT_OK(a_tmap(&s, SW, PDP(2048), 1ull << 30, DBT_R, &done));
	EXPECT_EQ(done, 512);
	EXPECT_OK(a_tmap(&s, SWP(512), PDP(2560), (1ull << 30) - 512, DBT_R, &done));
	EXPECT_EQ(done, 512);
	EXPECT_EQ(a_tmap(&s, SWP(1024), PDP(3072), (1ull << 30) - 1024, DBT_R, &done),
	          DBT_E_NOT_MAPPED);
	EXPECT_EQ(done, 0);
	EXPECT_EQ(rights_in(p, PDP(3071)), DBT_R);
	EXPECT_EQ(rights_in(p, PDP(3072)), 0);
}

/* A range may cross leaf page tables, at different pages in source and
 * destination: every page still lands where it belongs. */
TTEST(map_across_leaf_tables)
{
	struct agent s;
	dbt_slot_t p = new_task();
	dbt_word_t done;
	EXPECT_OK(rmap_range(0, TREGION_PAGES));
	EXPECT_OK(agent_start(&s, p));
	/* SW + 2 MiB is a leaf-table boundary: page 512 */
	EXPECT_OK(dbt_task_map(s.c.task, RP(0), SWP(480), 64, RW, &done));
	EXPECT_EQ(done, 64);
	EXPECT_OK(a_tmap(&s, SWP(480), PDP(1000), 64, RW, &done));  /* crosses at PDP(1024) */
	EXPECT_EQ(done, 64);
	for (unsigned i = 0; i < 64; i++) {
		EXPECT_EQ(frame_in(s.c.task, SWP(480 + i), NULL), frame_of[i]);
		EXPECT_EQ(frame_in(p, PDP(1000 + i), NULL), frame_of[i]);
	}
	EXPECT_EQ(frame_in(p, PDP(999), NULL), 0);
	EXPECT_EQ(frame_in(p, PDP(1064), NULL), 0);
	EXPECT_OK(dbt_task_unmap(p, PDP(1000), 64, 0, &done));
	EXPECT_EQ(done, 64);
	EXPECT_EQ(frame_in(p, PDP(1023), NULL), 0);
	EXPECT_EQ(frame_in(p, PDP(1024), NULL), 0);
}

/* ==== TASK_UNMAP ============================================================================ */

/* One task loses the pages; the others that have them, and the root, keep them. */
TTEST(unmap_one_task_only)
{
	dbt_slot_t p1 = new_task(), p2 = new_task();
	dbt_word_t done = 99;
	EXPECT_OK(rmap_range(0, 4));
	EXPECT_OK(dbt_task_map(p1, RP(0), PDP(0), 4, RW, NULL));
	EXPECT_OK(dbt_task_map(p2, RP(0), PDP(0), 4, RW, NULL));
	EXPECT_OK(dbt_task_unmap(p1, PDP(1), 2, 0, &done));
	EXPECT_EQ(done, 2);
	for (unsigned i = 0; i < 4; i++) {
		EXPECT_EQ(frame_in(p1, PDP(i), NULL), i == 1 || i == 2 ? 0 : frame_of[i]);
		EXPECT_EQ(frame_in(p2, PDP(i), NULL), frame_of[i]);
		EXPECT_EQ(frame_in(0, RP(i), NULL), frame_of[i]);
	}
	/* R alone also means unmap; then the task can be given pages again */
	EXPECT_OK(dbt_task_unmap(p1, PDP(0), 4, DBT_R, &done));
	EXPECT_EQ(done, 4);
	EXPECT_EQ(frame_in(p1, PDP(3), NULL), 0);
	EXPECT_OK(dbt_task_map(p1, RP(3), PDP(0), 1, RW, NULL));
	EXPECT_EQ(frame_in(p1, PDP(0), NULL), frame_of[3]);
	EXPECT_EQ(frame_in(p2, PDP(3), NULL), frame_of[3]);
}

/* root -> server -> process, root -> other: unmapping the server's view
 * takes the process's too (mapped on from it), not the other's. */
TTEST(unmap_recursive)
{
	struct agent s;
	dbt_slot_t p = new_task(), other = new_task();
	dbt_word_t done;
	EXPECT_OK(rmap_range(0, 4));
	EXPECT_OK(agent_start(&s, p));
	EXPECT_OK(dbt_task_map(s.c.task, RP(0), SW, 4, RW, NULL));
	EXPECT_OK(dbt_task_map(other, RP(0), PD, 4, RW, NULL));
	EXPECT_OK(a_tmap(&s, SW, PD, 4, RW, &done));
	EXPECT_EQ(done, 4);
	EXPECT_EQ(frame_in(p, PDP(3), NULL), frame_of[3]);
	EXPECT_OK(dbt_task_unmap(s.c.task, SW, 4, 0, &done));
	EXPECT_EQ(done, 4);
	for (unsigned i = 0; i < 4; i++) {
		EXPECT_EQ(frame_in(s.c.task, SWP(i), NULL), 0);
		EXPECT_EQ(frame_in(p, PDP(i), NULL), 0);
		EXPECT_EQ(frame_in(other, PDP(i), NULL), frame_of[i]);
		EXPECT_EQ(frame_in(0, RP(i), NULL), frame_of[i]);
	}
	/* the server's own TASK_UNMAP of the process leaves the server its pages */
	EXPECT_OK(dbt_task_map(s.c.task, RP(0), SW, 4, RW, NULL));
	EXPECT_OK(a_tmap(&s, SW, PD, 4, RW, &done));
	EXPECT_OK(a_tunmap(&s, PD, 4, 0, &done));
	EXPECT_EQ(done, 4);
	EXPECT_EQ(frame_in(p, PDP(0), NULL), 0);
	EXPECT_EQ(frame_in(s.c.task, SWP(0), NULL), frame_of[0]);
}

/* Downgrading one task: it and what it mapped on lose the right, nobody else. */
TTEST(downgrade_one_task)
{
	struct agent s;
	dbt_slot_t p = new_task(), other = new_task();
	dbt_word_t done, f = urt_alloc_frame();
	EXPECT_OK(dbt_map_phys(DBT_ROOT_SLOT_PHYSMEM, f, DBT_FPAGE(RP(0), 12, DBT_RWX), 0));
	EXPECT_OK(agent_start(&s, p));
	EXPECT_OK(dbt_task_map(s.c.task, RP(0), SW, 1, DBT_RWX, NULL));
	EXPECT_OK(dbt_task_map(other, RP(0), PD, 1, DBT_RWX, NULL));
	EXPECT_OK(a_tmap(&s, SW, PD, 1, DBT_RWX, &done));
	EXPECT_OK(dbt_task_unmap(s.c.task, SW, 1, DBT_W, &done));
	EXPECT_EQ(done, 1);
	EXPECT_EQ(rights_in(s.c.task, SW), DBT_R | DBT_X);
	EXPECT_EQ(rights_in(p, PD), DBT_R | DBT_X);
	EXPECT_EQ(rights_in(other, PD), DBT_RWX);
	EXPECT_EQ(rights_in(0, RP(0)), DBT_RWX);
	EXPECT_OK(dbt_task_unmap(p, PD, 1, DBT_X, &done));
	EXPECT_EQ(rights_in(p, PD), DBT_R);
	EXPECT_EQ(rights_in(s.c.task, SW), DBT_R | DBT_X);
	/* W | X from the root's own view reaches everything below */
	EXPECT_OK(dbt_task_unmap(DBT_ROOT_SLOT_TASK, RP(0), 1, DBT_W | DBT_X, &done));
	EXPECT_EQ(rights_in(0, RP(0)), DBT_R);
	EXPECT_EQ(rights_in(other, PD), DBT_R);
	EXPECT_EQ(rights_in(s.c.task, SW), DBT_R);
	EXPECT_EQ(frame_in(p, PD, NULL), f);    /* downgraded, never unmapped */
}

TTEST(unmap_bad_args)
{
	dbt_slot_t p = new_task();
	dbt_word_t done;
	EXPECT_OK(rmap_new(0, 1));
	EXPECT_OK(dbt_task_map(p, RP(0), PDP(0), 1, RW, NULL));
	const struct { dbt_word_t va, pages, rights, err; } bad[] = {
		{ PDP(0), 1, 8, DBT_E_INVALID_ARG },
		{ PDP(0), 1, ~0ull, DBT_E_INVALID_ARG },
		{ PDP(0) + 8, 1, 0, DBT_E_BAD_ADDRESS },
		{ 0xffff800000000000ull, 1, 0, DBT_E_BAD_ADDRESS },
		{ 0x0000900000000000ull, 1, 0, DBT_E_BAD_ADDRESS },
		{ DBT_USER_TOP, 1, 0, DBT_E_BAD_ADDRESS },
		{ LAST_PAGE, 2, 0, DBT_E_BAD_ADDRESS },
		{ PDP(0), 1ull << 52, 0, DBT_E_BAD_ADDRESS },
		{ 0, TOP_PAGES + 1, 0, DBT_E_BAD_ADDRESS },
	};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct dbt_sysret r = dbt_syscall(DBT_SYS_TASK_UNMAP, p, bad[i].va, bad[i].pages,
		                                  bad[i].rights, 0, 0);
		EXPECT_EQ(r.err, bad[i].err);
		EXPECT_EQ(r.v0, 0);
		EXPECT_EQ(rights_in(p, PDP(0)), RW);
	}
	/* the last page itself may be named, and zero pages */
	EXPECT_OK(dbt_task_unmap(p, LAST_PAGE, 1, 0, &done));
	EXPECT_EQ(done, 1);
	EXPECT_OK(dbt_task_unmap(p, PDP(0), 0, 0, &done));
	EXPECT_EQ(done, 0);
	EXPECT_EQ(rights_in(p, PDP(0)), RW);
}

/* Holes and UTCBs in the range are passed over. */
TTEST(unmap_holes_and_utcb)
{
	dbt_slot_t p = new_task(), th = kslot(), th2 = kslot();
	dbt_word_t done;
	EXPECT_OK(rmap_range(0, 8));
	EXPECT_OK(dbt_create(T_QUOTA, DBT_OBJ_THREAD, th, p, PDP(4)));
	EXPECT_OK(dbt_task_map(p, RP(0), PDP(0), 4, RW, NULL));
	EXPECT_OK(dbt_task_map(p, RP(6), PDP(6), 2, RW, NULL));
	EXPECT_OK(dbt_task_map(p, RP(0), PDP(600), 1, RW, NULL));
	EXPECT_OK(dbt_task_unmap(p, PDP(0), 16, 0, &done));
	EXPECT_EQ(done, 16);
	for (unsigned i = 0; i < 8; i++)
		EXPECT_EQ(frame_in(p, PDP(i), NULL), 0);
	EXPECT_EQ(frame_in(p, PDP(600), NULL), frame_of[0]);
	EXPECT_EQ(dbt_create(T_QUOTA, DBT_OBJ_THREAD, th2, p, PDP(4)), DBT_E_BUSY);
	EXPECT_OK(dbt_thread_ctl(th, DBT_THREAD_INFO, 0, 0).err);
}

/* Bounded work: at most DBT_TASK_UNMAP_SCAN page-table entries per call. */
TTEST(unmap_bounded_scan)
{
	dbt_slot_t p = new_task();
	dbt_word_t done;
	EXPECT_OK(rmap_range(0, TREGION_PAGES));
	for (unsigned k = 0; k < 16; k++)
		EXPECT_OK(dbt_task_map(p, RP(0), PDP(k * 64), 64, RW, NULL));
	/* 1024 mapped pages, two leaf tables: two calls of 512 */
	EXPECT_OK(dbt_task_unmap(p, PD, 1024, 0, &done));
	EXPECT_EQ(done, DBT_TASK_UNMAP_SCAN);
	EXPECT_EQ(frame_in(p, PDP(511), NULL), 0);
	EXPECT_EQ(frame_in(p, PDP(512), NULL), frame_of[0]);
	EXPECT_OK(dbt_task_unmap(p, PDP(512), 512, 0, &done));
	EXPECT_EQ(done, 512);
	EXPECT_EQ(frame_in(p, PDP(1023), NULL), 0);
	/* the whole user space, sparse: absent tables are skipped whole, so a
	 * few calls do it; each gets somewhere */
	EXPECT_OK(dbt_task_map(p, RP(0), PDP(7), 1, RW, NULL));
	EXPECT_OK(dbt_task_map(p, RP(1), 0x1000, 1, RW, NULL));
	EXPECT_OK(dbt_task_map(p, RP(2), LAST_PAGE - 4096, 1, RW, NULL));
	dbt_word_t va = 0, left = TOP_PAGES;
	unsigned calls = 0;
	while (left && calls < 100) {
		EXPECT_OK(dbt_task_unmap(p, va, left, 0, &done));
		EXPECT(done > 0 && done <= left);
		va += done * 4096;
		left -= done;
		calls++;
	}
	EXPECT_EQ(left, 0);
	EXPECT(calls > 1 && calls <= 16);
	EXPECT_EQ(frame_in(p, PDP(7), NULL), 0);
	EXPECT_EQ(frame_in(p, 0x1000, NULL), 0);
	EXPECT_EQ(frame_in(p, LAST_PAGE - 4096, NULL), 0);
}

/* The caller's own task: its alias goes, the page it came from stays. */
TTEST(unmap_self)
{
	dbt_word_t done;
	EXPECT_OK(rmap_range(0, 2));
	EXPECT_OK(dbt_task_map(DBT_ROOT_SLOT_TASK, RP(0), RP(40), 2, RW, NULL));
	EXPECT_OK(dbt_task_unmap(DBT_ROOT_SLOT_TASK, RP(40), 2, 0, &done));
	EXPECT_EQ(done, 2);
	EXPECT_EQ(dbt_map_info(RP(40), NULL, NULL), DBT_E_NOT_MAPPED);
	EXPECT_EQ(rget(RP(1)), 0x1001);
	EXPECT_OK(dbt_task_unmap(DBT_ROOT_SLOT_TASK, RP(0), 1, DBT_W, &done));
	EXPECT_EQ(rights_in(0, RP(0)), DBT_R);
	EXPECT_EQ(rget(RP(0)), 0x1000);
}

/* TASK_MAP's pages are in the mapping database: revocation from the
 * source (DBT_SYS_UNMAP) reaches them. */
TTEST(revoke_from_source)
{
	dbt_slot_t p = new_task();
	EXPECT_OK(rmap_range(0, 2));
	EXPECT_OK(dbt_task_map(p, RP(0), PDP(0), 2, RW, NULL));
	EXPECT_OK(dbt_unmap(DBT_FPAGE(RP(0), 12, DBT_W), 0));
	EXPECT_EQ(rights_in(p, PDP(0)), DBT_R);
	EXPECT_EQ(rights_in(p, PDP(1)), RW);
	EXPECT_OK(dbt_unmap(DBT_FPAGE(RP(0), 13, DBT_RWX), 0));
	EXPECT_EQ(frame_in(p, PDP(0), NULL), 0);
	EXPECT_EQ(frame_in(p, PDP(1), NULL), 0);
	EXPECT_EQ(rights_in(0, RP(0)), RW);
}

/* ==== running processes ======================================================================= */

/* Populated eagerly, a process reads its pages without a single fault. */
TTEST(populate_without_faults)
{
	struct agent a;
	dbt_word_t done;
	EXPECT_OK(rmap_range(0, 16));
	EXPECT_OK(agent_start(&a, 0));
	EXPECT_OK(dbt_task_map(a.c.task, RP(0), WIN, 16, RW, &done));
	EXPECT_EQ(done, 16);
	for (unsigned i = 0; i < 16; i++)
		EXPECT_EQ(a_read(&a, WP(i)), 0x1000 + i);
	EXPECT_OK(a_write(&a, WP(5) + 8, 0x5555));
	EXPECT_EQ(rget(RP(5) + 8), 0x5555);
	EXPECT_EQ(pg.faults, 0);
}

/* Fork's copy on write: the process's view is downgraded, its write faults
 * (present, write), the pager maps a copy over it; the parent's view and
 * the server's page keep the original. */
TTEST(copy_on_write)
{
	struct agent child, parent;
	dbt_word_t done;
	EXPECT_OK(rmap_new(0, 0x0123));
	EXPECT_OK(agent_start(&child, 0));
	EXPECT_OK(agent_start(&parent, 0));
	EXPECT_OK(dbt_task_map(child.c.task, RP(0), WP(3), 1, RW, NULL));
	EXPECT_OK(dbt_task_map(parent.c.task, RP(0), WP(3), 1, RW, NULL));
	EXPECT_OK(dbt_task_unmap(child.c.task, WP(3), 1, DBT_W, &done));
	EXPECT_EQ(done, 1);
	EXPECT_EQ(rights_in(child.c.task, WP(3)), DBT_R);
	EXPECT_EQ(rights_in(parent.c.task, WP(3)), RW);
	pg.cow_task = child.c.task;
	pg.cow_src = 0;
	pg.cow_dst = 1;
	EXPECT_OK(a_write(&child, WP(3) + 16, 0xc0c0));
	EXPECT_EQ(pg.faults, 1);
	EXPECT_EQ(pg.addr, WP(3) + 16);
	EXPECT_EQ(pg.access, DBT_PF_PRESENT | DBT_PF_WRITE);
	EXPECT_EQ(pg.cow_err, 0);
	EXPECT_EQ(frame_in(child.c.task, WP(3), NULL), frame_of[1]);
	EXPECT_EQ(rights_in(child.c.task, WP(3)), RW);
	EXPECT_EQ(a_read(&child, WP(3)), 0x0123);               /* the copy */
	EXPECT_EQ(a_read(&child, WP(3) + 16), 0xc0c0);
	EXPECT_EQ(rget(RP(0) + 16), 0);                         /* the original */
	EXPECT_EQ(a_read(&parent, WP(3) + 16), 0);
	EXPECT_OK(a_write(&parent, WP(3) + 24, 0xd0d0));
	EXPECT_EQ(rget(RP(0) + 24), 0xd0d0);
	EXPECT_EQ(pg.faults, 1);
}
