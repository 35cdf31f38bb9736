/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_mem.c - the memory part of the kernel API: MAP_PHYS, MAP_INFO,
 * UNMAP (recursive revocation, partial unmap, rights downgrade), IPC map
 * and grant items with receive windows, page-fault IPC, device memory and
 * I/O ports.
 *
 * Layout.  The root task maps frames only inside REGION, 64 pages of the
 * 2 MiB page table that already holds the root task's image, so no test
 * allocates root page tables (they would count as a leak); every test
 * unmaps REGION again.  Children are "agents": threads in new tasks that
 * serve commands (map_info, read, write, forward a typed item, unmap,
 * inb/outb...) over their own endpoint, with a receive window at WIN.
 * Their pager and exception handler is a test pager thread in the root
 * task: it maps the root's page for faults on code, stack and globals and
 * records (and resolves as told) the faults inside WIN.
 */
#include "ktest.h"

#define REGION       0x5c0000ull        /* root: order 18, inside the image's page table */
#define REGION_ORDER 18
#define RPAGE(i)     (REGION + (dbt_word_t)(i) * 4096)
#define WIN          0x300000000000ull  /* agents' receive window */
#define WIN_ORDER    21
#define WIN_SIZE     (1ull << WIN_ORDER)
#define WPAGE(i)     (WIN + (dbt_word_t)(i) * 4096)
#define RW           (DBT_R | DBT_W)
#define CALL_TO      2000000u           /* 2 s */
#define GP_SENTINEL  0x5a               /* al after an inb the test pager skipped */
#define BAD_IPC      0x1000u            /* added to an IPC error from cmd() helpers */

/* Agent capability slots. */
#define AS_EP    CHILD_SLOT_FIRST       /* its own endpoint (receive) */
#define AS_NEXT  (CHILD_SLOT_FIRST + 1) /* the next agent's endpoint (send, grant) */
#define AS_NEXT2 (CHILD_SLOT_FIRST + 2) /* another endpoint to send to */
#define AS_IO    (CHILD_SLOT_FIRST + 3) /* the I/O space capability */
#define AGENT_IN_ROOT (1ull << 63)      /* agent argument: a root thread, window REGION */

enum {
	CMD_PING = 1,
	CMD_RECV,       /* the message carries typed items: report them */
	CMD_INFO,       /* a0 = va: map_info */
	CMD_READ,       /* a0 = va */
	CMD_WRITE,      /* a0 = va, a1 = value */
	CMD_FWD,        /* a0 = slot, a1 = item word 0, a2 = item word 1: call with the item */
	CMD_UNMAP,      /* a0 = fpage, a1 = flags */
	CMD_WIN,        /* a0 = rcv_mem, a1 = rcv_io */
	CMD_IO_ENABLE,  /* a0 = slot, a1 = io fpage */
	CMD_INB,        /* a0 = port */
	CMD_OUTB,       /* a0 = port, a1 = value */
	CMD_EXEC,       /* a0 = address of code to call */
	CMD_TOUCH,      /* a0 = start, a1 = end: read every page (fault them in) */
	CMD_CALL_FAST,  /* a0 = slot, a1 = label, a2 = MR0: a call the fast path takes */
};

/* Accesses with a known instruction address (for MR2 / the exception rip). */
__asm__(".pushsection .text\n"
        ".globl tmem_read\ntmem_read:\n\tmovq (%rdi), %rax\n\tret\n"
        ".globl tmem_write\ntmem_write:\n\tmovq %rsi, (%rdi)\n\tret\n"
        ".globl tmem_inb\ntmem_inb:\n\tmovl %edi, %edx\n\tmovl $0, %eax\n"
        ".globl tmem_inb_insn\ntmem_inb_insn:\n\tinb %dx, %al\n\tret\n"
        ".globl tmem_outb\ntmem_outb:\n\tmovl %edi, %edx\n\tmovl %esi, %eax\n"
        ".globl tmem_outb_insn\ntmem_outb_insn:\n\toutb %al, %dx\n\tret\n"
        ".popsection\n");
dbt_word_t tmem_read(dbt_word_t va);
void tmem_write(dbt_word_t va, dbt_word_t v);
dbt_word_t tmem_inb(dbt_word_t port);
void tmem_outb(dbt_word_t port, dbt_word_t v);
extern const char tmem_inb_insn[], tmem_outb_insn[];
extern char _end[];                     /* end of the image (user.ld) */

/* ---- the test pager ---------------------------------------------------------- */

static volatile struct {
	/* faults inside WIN (page faults, or #PF exceptions without a pager) */
	dbt_word_t faults, label, addr, access, rip, first_access, via_exc;
	/* other exceptions */
	dbt_word_t excs, vector, exc_rip, exc_error;
	/* policy for faults inside WIN */
	dbt_word_t ignore;              /* answer this many without a mapping */
	dbt_word_t src;                 /* root page mapped there (0: do not answer) */
	unsigned rights[4];             /* rights for fault 1, 2, 3, 4 and later */
	dbt_word_t stray;               /* a fault the pager could not resolve */
} pg;

static dbt_slot_t mp_ep;
static struct kchild mp_thread;
static bool mp_started;

static void pg_reset(void)
{
	memset((void *)&pg, 0, sizeof(pg));
	for (unsigned i = 0; i < 4; i++)
		pg.rights[i] = RW;
}

/* Handle one message; false: do not answer. */
static bool pager_handle(dbt_word_t *tag, dbt_word_t *mr)
{
	dbt_word_t label = DBT_TAG_LABEL(*tag), addr, access, rip, via_exc = 0;
	if (label == DBT_LABEL_PAGEFAULT) {
		addr = mr[0];
		access = mr[1];
		rip = mr[2];
	} else if (label == DBT_LABEL_EXCEPTION) {
		dbt_word_t vector = mr[DBT_REGS_WORDS];
		if (vector != 14) {
			pg.exc_rip = mr[0];
			pg.exc_error = mr[DBT_REGS_WORDS + 1];
			pg.vector = vector;
			pg.excs++;
			if (vector != 13)
				return false;
			mr[0] += 1;                     /* skip the one-byte inb/outb */
			mr[3] = GP_SENTINEL;            /* rax */
			*tag = DBT_TAG(0, DBT_REGS_WORDS, 0);
			return true;
		}
		access = mr[DBT_REGS_WORDS + 1];
		addr = mr[DBT_REGS_WORDS + 2];
		rip = mr[0];
		via_exc = 1;
	} else {
		return false;
	}
	dbt_word_t page = addr & ~0xfffull;
	if (addr >= WIN && addr < WIN + WIN_SIZE) {
		unsigned i = pg.faults < 3 ? (unsigned)pg.faults : 3;
		if (pg.faults == 0)
			pg.first_access = access;
		pg.label = label;
		pg.addr = addr;
		pg.access = access;
		pg.rip = rip;
		pg.via_exc = via_exc;
		pg.faults++;
		if (pg.ignore) {
			pg.ignore--;
			*tag = DBT_TAG(0, 0, 0);
			return true;
		}
		if (!pg.src) {
			pg.stray = addr;
			return false;
		}
		mr[0] = DBT_ITEM(DBT_ITEM_MAP, DBT_SPACE_MEM, page);
		mr[1] = DBT_FPAGE(pg.src, 12, pg.rights[i]);
		*tag = DBT_TAG(0, 0, 1);
		return true;
	}
	/* code, stack, globals: the root's page, as the framework pager does */
	if (dbt_map_info(page, NULL, NULL) == DBT_OK) {
		mr[0] = DBT_ITEM(DBT_ITEM_MAP, DBT_SPACE_MEM, page);
		mr[1] = DBT_FPAGE(page, 12, DBT_RWX);
		*tag = DBT_TAG(0, 0, 1);
		return true;
	}
	pg.stray = addr;
	return false;
}

static void pager_main(dbt_word_t ep)
{
	ktest_serve(ep, pager_handle);
}

static dbt_word_t pager_start(void)
{
	if (mp_started)
		return DBT_OK;
	pg_reset();
	mp_ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_word_t err = ktest_local(&mp_thread, pager_main, mp_ep);
	if (!err)
		err = ktest_start(&mp_thread);
	mp_started = !err;
	return err;
}

/* ---- agents --------------------------------------------------------------------- */

static void agent_main(dbt_word_t arg)
{
	dbt_word_t tag, badge, *mr = dbt_mr();
	struct dbt_utcb *u = dbt_utcb();
	dbt_slot_t ep = arg & 0xffffffffu;
	if (arg & AGENT_IN_ROOT) {
		u->rcv_mem = DBT_FPAGE(REGION, REGION_ORDER, 0);
		u->rcv_io = 0;
	} else {
		u->rcv_mem = DBT_FPAGE(WIN, WIN_ORDER, 0);
		u->rcv_io = DBT_IO_FPAGE(0, 16);
	}
	for (;;) {
		if (dbt_recv(ep, &tag, &badge, DBT_TIMEOUT_NEVER))
			continue;       /* e.g. a typed item failed: the sender saw it too */
		dbt_word_t r[3] = { 0, 0, 0 }, a0 = mr[0], a1 = mr[1], a2 = mr[2];
		unsigned uw = DBT_TAG_U(tag);
		switch (DBT_TAG_LABEL(tag)) {
		case CMD_RECV:
			r[0] = DBT_TAG_T(tag);
			r[1] = mr[uw + 1];
			break;
		case CMD_INFO:
			r[0] = dbt_map_info(a0, &r[1], &r[2]);
			break;
		case CMD_READ:
			r[0] = tmem_read(a0);
			break;
		case CMD_WRITE:
			tmem_write(a0, a1);
			break;
		case CMD_FWD: {
			dbt_word_t t = DBT_TAG(CMD_RECV, 0, 1);
			mr[0] = a1;
			mr[1] = a2;
			r[0] = dbt_call(a0, &t, CALL_TO, CALL_TO);
			r[1] = mr[0];
			r[2] = mr[1];
			break;
		}
		case CMD_UNMAP:
			r[0] = dbt_unmap(a0, (unsigned)a1);
			break;
		case CMD_WIN:
			u->rcv_mem = a0;
			u->rcv_io = a1;
			break;
		case CMD_IO_ENABLE:
			r[0] = dbt_io_enable(a0, a1);
			break;
		case CMD_INB:
			r[0] = tmem_inb(a0);
			break;
		case CMD_OUTB:
			tmem_outb(a0, a1);
			break;
		case CMD_EXEC:
			r[0] = ((dbt_word_t (*)(void))a0)();
			break;
		case CMD_CALL_FAST: {
			dbt_word_t t = DBT_TAG(a1, 1, 0);
			mr[0] = a2;
			r[0] = dbt_call(a0, &t, DBT_TIMEOUT_NEVER, DBT_TIMEOUT_NEVER);
			r[1] = mr[0];
			break;
		}
		case CMD_TOUCH:
			for (dbt_word_t va = a0 & ~0xfffull; va < a1; va += 4096)
				r[0] += *(volatile uint8_t *)va;
			break;
		default:
			break;
		}
		mr[0] = r[0];
		mr[1] = r[1];
		mr[2] = r[2];
		dbt_reply(DBT_TAG(0, 3, 0));
	}
}

struct agent {
	struct kchild c;
	dbt_slot_t ep;          /* root's slot of the agent's endpoint */
};

static struct agent ag[5];
static struct agent local_ag;

/* n agents in new tasks, paged by the test pager (or with no pager), each
 * allowed to send to the next at AS_NEXT. */
static dbt_word_t agents_start(unsigned n, bool with_pager)
{
	dbt_word_t err = pager_start();
	if (err)
		return err;
	for (unsigned i = 0; i < n; i++) {
		struct agent *a = &ag[i];
		a->ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
		if ((err = ktest_child(&a->c, agent_main, AS_EP)))
			return err;
		if ((err = dbt_thread_ctl(a->c.thread, DBT_THREAD_SET_PAGER, with_pager ? mp_ep : 0,
		                          0).err))
			return err;
		if ((err = dbt_thread_ctl(a->c.thread, DBT_THREAD_SET_EXC, mp_ep, 0).err))
			return err;
		if ((err = ktest_give(&a->c, a->ep, AS_EP, DBT_CAP_READ)))
			return err;
	}
	for (unsigned i = 0; i + 1 < n; i++)
		if ((err = ktest_give(&ag[i].c, ag[i + 1].ep, AS_NEXT, DBT_CAP_WRITE | DBT_CAP_GRANT)))
			return err;
	for (unsigned i = 0; i < n; i++)
		if ((err = ktest_start(&ag[i].c)))
			return err;
	return DBT_OK;
}

/* An agent thread in the root task itself, receive window REGION. */
static dbt_word_t local_agent_start(void)
{
	local_ag.ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_word_t err = ktest_local(&local_ag.c, agent_main, local_ag.ep | AGENT_IN_ROOT);
	return err ? err : ktest_start(&local_ag.c);
}

static dbt_word_t rep[3];

/* Call an agent: returns the IPC error; the agent's results are in rep[]. */
static dbt_word_t cmd(struct agent *a, dbt_word_t c, dbt_word_t a0, dbt_word_t a1, dbt_word_t a2)
{
	dbt_word_t *mr = dbt_mr(), tag = DBT_TAG(c, 3, 0);
	mr[0] = a0;
	mr[1] = a1;
	mr[2] = a2;
	rep[0] = rep[1] = rep[2] = 0xbad0bad0bad0ull;
	dbt_word_t err = dbt_call(a->ep, &tag, CALL_TO, CALL_TO);
	if (!err) {
		rep[0] = mr[0];
		rep[1] = mr[1];
		rep[2] = mr[2];
	}
	return err;
}

/* The agent's map_info of va: its error (BAD_IPC + e if the call failed). */
static dbt_word_t a_info(struct agent *a, dbt_word_t va, dbt_word_t *pa, dbt_word_t *rights)
{
	dbt_word_t err = cmd(a, CMD_INFO, va, 0, 0);
	if (pa)
		*pa = rep[1];
	if (rights)
		*rights = rep[2];
	return err ? BAD_IPC + err : rep[0];
}

static dbt_word_t a_read(struct agent *a, dbt_word_t va)
{
	return cmd(a, CMD_READ, va, 0, 0) ? 0xdeaddeaddeadull : rep[0];
}

static dbt_word_t a_write(struct agent *a, dbt_word_t va, dbt_word_t v)
{
	return cmd(a, CMD_WRITE, va, v, 0);
}

/* The agent sends a typed item to the endpoint in its slot: the error of its
 * call (BAD_IPC + e if the root's call failed); rep[2] = fpage received. */
static dbt_word_t a_fwd(struct agent *a, dbt_slot_t slot, dbt_word_t w0, dbt_word_t w1)
{
	dbt_word_t err = cmd(a, CMD_FWD, slot, w0, w1);
	return err ? BAD_IPC + err : rep[0];
}

static dbt_word_t a_unmap(struct agent *a, dbt_word_t fpage, unsigned flags)
{
	dbt_word_t err = cmd(a, CMD_UNMAP, fpage, flags, 0);
	return err ? BAD_IPC + err : rep[0];
}

/* The root sends one typed item to an agent: the IPC error; rep[0] = items
 * received, rep[1] = the fpage the agent found in its message. */
static dbt_word_t send_item(struct agent *a, dbt_word_t w0, dbt_word_t w1)
{
	dbt_word_t *mr = dbt_mr(), tag = DBT_TAG(CMD_RECV, 0, 1);
	mr[0] = w0;
	mr[1] = w1;
	rep[0] = rep[1] = rep[2] = 0xbad0bad0bad0ull;
	dbt_word_t err = dbt_call(a->ep, &tag, CALL_TO, CALL_TO);
	if (!err) {
		rep[0] = mr[0];
		rep[1] = mr[1];
	}
	return err;
}

static dbt_word_t send_map(struct agent *a, dbt_word_t hint, dbt_word_t fpage)
{
	return send_item(a, DBT_ITEM(DBT_ITEM_MAP, DBT_SPACE_MEM, hint), fpage);
}

#define MAP_ITEM(hint)   DBT_ITEM(DBT_ITEM_MAP, DBT_SPACE_MEM, hint)
#define GRANT_ITEM(hint) DBT_ITEM(DBT_ITEM_GRANT, DBT_SPACE_MEM, hint)
#define IO_ITEM          DBT_ITEM(DBT_ITEM_MAP, DBT_SPACE_IO, 0)

/* ---- root memory in REGION ------------------------------------------------------ */

static dbt_word_t rmap(unsigned page, dbt_word_t pa, unsigned rights)
{
	return dbt_map_phys(DBT_ROOT_SLOT_PHYSMEM, pa, DBT_FPAGE(RPAGE(page), 12, rights),
	                    DBT_MAP_CACHED);
}

/* Map a fresh frame at REGION page, RW, holding magic in its first word. */
static dbt_word_t rmap_new(unsigned page, dbt_word_t magic, dbt_word_t *pa)
{
	dbt_word_t f = urt_alloc_frame();
	dbt_word_t err = rmap(page, f, RW);
	if (!err)
		*(volatile dbt_word_t *)RPAGE(page) = magic;
	if (pa)
		*pa = f;
	return err;
}

static dbt_word_t rget(dbt_word_t va)
{
	return *(volatile dbt_word_t *)va;
}

/* n contiguous frames aligned to n pages (n a power of two). */
static dbt_word_t alloc_frames(unsigned n)
{
	for (;;) {
		dbt_word_t f = urt_alloc_frame();
		if (f & ((dbt_word_t)n * 4096 - 1))
			continue;
		unsigned i;
		for (i = 1; i < n; i++)
			if (urt_alloc_frame() != f + i * 4096ull)
				break;
		if (i == n)
			return f;
	}
}

static bool region_check(void)
{
	for (unsigned i = 0; i < 64; i++)
		if (dbt_map_info(RPAGE(i), NULL, NULL) != DBT_E_NOT_MAPPED) {
			ktest_fail(__FILE__, __LINE__, "REGION page %u is in use", i);
			return false;
		}
	return true;
}

static void region_clean(void)
{
	dbt_unmap(DBT_FPAGE(REGION, REGION_ORDER, DBT_RWX), DBT_UNMAP_SELF);
	dbt_utcb()->rcv_mem = 0;
	dbt_utcb()->rcv_io = 0;
	mp_started = false;
	pg_reset();
}

/* A memory test: REGION is free before and emptied after (also on failure). */
#define MTEST(name)                                                             \
	static void mem_body_##name(void);                                      \
	KTEST(mem, name)                                                        \
	{                                                                       \
		mp_started = false;                                             \
		pg_reset();                                                     \
		if (region_check())                                             \
			mem_body_##name();                                      \
		region_clean();                                                 \
	}                                                                       \
	static void mem_body_##name(void)

/* ==== MAP_PHYS and MAP_INFO in the root ============================================ */

MTEST(map_phys_map_info)
{
	dbt_word_t f = urt_alloc_frame(), pa = 0, rights = 0;
	EXPECT_EQ(dbt_map_info(RPAGE(0), &pa, &rights), DBT_E_NOT_MAPPED);
	EXPECT_OK(rmap(0, f, RW));
	EXPECT_OK(dbt_map_info(RPAGE(0), &pa, &rights));
	EXPECT_EQ(pa, f);
	EXPECT_EQ(rights, RW);
	EXPECT_OK(dbt_map_info(RPAGE(0) + 0x7f8, &pa, NULL));
	EXPECT_EQ(pa, f + 0x7f8);
	*(volatile dbt_word_t *)(RPAGE(0) + 0x7f8) = 0x1122334455667788ull;
	EXPECT_EQ(rget(RPAGE(0) + 0x7f8), 0x1122334455667788ull);
	EXPECT_EQ(dbt_map_info(RPAGE(1), NULL, NULL), DBT_E_NOT_MAPPED);
	EXPECT_OK(dbt_unmap(DBT_FPAGE(RPAGE(0), 12, DBT_RWX), DBT_UNMAP_SELF));
	EXPECT_EQ(dbt_map_info(RPAGE(0), &pa, &rights), DBT_E_NOT_MAPPED);
}

MTEST(map_phys_alias_and_rights)
{
	dbt_word_t f = urt_alloc_frame(), pa, rights;
	EXPECT_OK(rmap(0, f, RW));
	EXPECT_OK(rmap(1, f, DBT_R));
	EXPECT_OK(rmap(2, f, DBT_R | DBT_X));
	*(volatile dbt_word_t *)RPAGE(0) = 0xa11a5;
	EXPECT_EQ(rget(RPAGE(1)), 0xa11a5);
	EXPECT_EQ(rget(RPAGE(2)), 0xa11a5);
	EXPECT_OK(dbt_map_info(RPAGE(1), &pa, &rights));
	EXPECT_EQ(pa, f);
	EXPECT_EQ(rights, DBT_R);
	EXPECT_OK(dbt_map_info(RPAGE(2), &pa, &rights));
	EXPECT_EQ(pa, f);
	EXPECT_EQ(rights, DBT_R | DBT_X);
	/* W alone still gives a readable page (x86 cannot do write-only) */
	EXPECT_OK(rmap(3, f, DBT_W));
	EXPECT_OK(dbt_map_info(RPAGE(3), NULL, &rights));
	EXPECT_EQ(rights, RW);
}

MTEST(map_phys_bad_args)
{
	dbt_word_t f = urt_alloc_frame();
	dbt_slot_t weak = kslot();
	EXPECT_OK(dbt_cap_copy(DBT_ROOT_SLOT_PHYSMEM, weak, DBT_CAP_READ, 0));
	/* base not aligned to the fpage size */
	EXPECT_EQ(dbt_map_phys(DBT_ROOT_SLOT_PHYSMEM, f, DBT_FPAGE(RPAGE(1), 13, RW), 0),
	          DBT_E_BAD_ADDRESS);
	/* physical address not aligned */
	EXPECT_EQ(rmap(0, f + 0x800, RW), DBT_E_BAD_ADDRESS);
	/* order below a page */
	EXPECT_EQ(dbt_map_phys(DBT_ROOT_SLOT_PHYSMEM, f, DBT_FPAGE(RPAGE(0), 11, RW), 0),
	          DBT_E_BAD_ADDRESS);
	/* kernel half, non-canonical */
	EXPECT_EQ(dbt_map_phys(DBT_ROOT_SLOT_PHYSMEM, f, DBT_FPAGE(0xffff800000000000ull, 12, RW), 0),
	          DBT_E_BAD_ADDRESS);
	EXPECT_EQ(dbt_map_phys(DBT_ROOT_SLOT_PHYSMEM, f, DBT_FPAGE(DBT_USER_TOP, 12, RW), 0),
	          DBT_E_BAD_ADDRESS);
	/* the last user page is never mapped: code there could `syscall` with a
	 * return address past the canonical hole */
	EXPECT_EQ(dbt_map_phys(DBT_ROOT_SLOT_PHYSMEM, f, DBT_FPAGE(DBT_USER_TOP - 4096, 12, RW), 0),
	          DBT_E_BAD_ADDRESS);
	/* physical address beyond 64 TiB */
	EXPECT_EQ(rmap(0, 1ull << 46, RW), DBT_E_BAD_ADDRESS);
	/* no rights, bad attribute */
	EXPECT_EQ(rmap(0, f, 0), DBT_E_INVALID_ARG);
	EXPECT_EQ(dbt_map_phys(DBT_ROOT_SLOT_PHYSMEM, f, DBT_FPAGE(RPAGE(0), 12, RW), 2),
	          DBT_E_INVALID_ARG);
	/* capabilities: wrong type, empty, without CONTROL */
	EXPECT_EQ(dbt_map_phys(T_QUOTA, f, DBT_FPAGE(RPAGE(0), 12, RW), 0), DBT_E_WRONG_TYPE);
	EXPECT_EQ(dbt_map_phys(kslot(), f, DBT_FPAGE(RPAGE(0), 12, RW), 0), DBT_E_EMPTY_SLOT);
	EXPECT_EQ(dbt_map_phys(weak, f, DBT_FPAGE(RPAGE(0), 12, RW), 0), DBT_E_NO_RIGHTS);
	for (unsigned i = 0; i < 4; i++)
		EXPECT_EQ(dbt_map_info(RPAGE(i), NULL, NULL), DBT_E_NOT_MAPPED);
	/* map_info outside user space */
	EXPECT_EQ(dbt_map_info(0xffffffff80000000ull, NULL, NULL), DBT_E_BAD_ADDRESS);
}

MTEST(map_phys_kernel_memory)
{
	const struct dbt_bootinfo *bi = urt_bootinfo;
	unsigned found = 0;
	for (unsigned i = 0; i < bi->nregions; i++) {
		const struct dbt_mem_region *r = &bi->region[i];
		if (r->type != DBT_MEM_KERNEL || r->size == 0)
			continue;
		found++;
		dbt_word_t first = r->base & ~0xfffull;
		dbt_word_t last = (r->base + r->size - 1) & ~0xfffull;
		dbt_word_t mid = (first + (last - first) / 2) & ~0xfffull;
		EXPECT_EQ(rmap(0, first, RW), DBT_E_BAD_ADDRESS);
		EXPECT_EQ(rmap(0, mid, DBT_R), DBT_E_BAD_ADDRESS);
		EXPECT_EQ(rmap(0, last, RW), DBT_E_BAD_ADDRESS);
		/* a larger fpage that includes kernel memory */
		EXPECT_EQ(dbt_map_phys(DBT_ROOT_SLOT_PHYSMEM, last & ~0xffffull,
		                       DBT_FPAGE(RPAGE(16), 16, DBT_R), 0), DBT_E_BAD_ADDRESS);
		EXPECT_EQ(dbt_map_info(RPAGE(0), NULL, NULL), DBT_E_NOT_MAPPED);
		EXPECT_EQ(dbt_map_info(RPAGE(16), NULL, NULL), DBT_E_NOT_MAPPED);
	}
	EXPECT(found > 0);
}

MTEST(map_phys_over_utcb_busy)
{
	dbt_word_t utcb = urt_bootinfo->utcb, f = urt_alloc_frame();
	EXPECT_EQ(dbt_map_phys(DBT_ROOT_SLOT_PHYSMEM, f, DBT_FPAGE(utcb, 12, RW), 0), DBT_E_BUSY);
	/* the UTCB still works */
	EXPECT_EQ(dbt_utcb(), (struct dbt_utcb *)utcb);
	dbt_utcb()->user[0] = 0x77;
	EXPECT_EQ(((volatile struct dbt_utcb *)utcb)->user[0], 0x77);
}

MTEST(map_phys_replaces)
{
	dbt_word_t f1, f2, pa;
	EXPECT_OK(rmap_new(0, 0x1111, &f1));
	EXPECT_OK(rmap_new(1, 0x2222, &f2));
	EXPECT_OK(rmap(0, f2, RW));             /* over the existing mapping */
	EXPECT_OK(dbt_map_info(RPAGE(0), &pa, NULL));
	EXPECT_EQ(pa, f2);
	EXPECT_EQ(rget(RPAGE(0)), 0x2222);
	*(volatile dbt_word_t *)RPAGE(0) = 0x3333;
	EXPECT_EQ(rget(RPAGE(1)), 0x3333);
}

/* The interrupt controllers belong to the kernel (DBT_MEM_KERNEL): not mappable. */
MTEST(map_phys_interrupt_controllers_refused)
{
	EXPECT_EQ(dbt_map_phys(DBT_ROOT_SLOT_PHYSMEM, 0xfec00000ull, DBT_FPAGE(RPAGE(0), 12, RW),
	                       DBT_MAP_UNCACHED), DBT_E_BAD_ADDRESS);   /* IOAPIC */
	EXPECT_EQ(dbt_map_phys(DBT_ROOT_SLOT_PHYSMEM, 0xfee00000ull, DBT_FPAGE(RPAGE(0), 12, RW),
	                       DBT_MAP_UNCACHED), DBT_E_BAD_ADDRESS);   /* LAPIC */
	EXPECT_EQ(dbt_map_phys(DBT_ROOT_SLOT_PHYSMEM, 0xfec00000ull, DBT_FPAGE(RPAGE(0), 12, DBT_R),
	                       DBT_MAP_CACHED), DBT_E_BAD_ADDRESS);
	EXPECT_EQ(dbt_map_info(RPAGE(0), NULL, NULL), DBT_E_NOT_MAPPED);
}

/* Device memory: the HPET's registers, uncached; its capability register. */
MTEST(map_phys_mmio_hpet)
{
	dbt_word_t pa;
	EXPECT_OK(dbt_map_phys(DBT_ROOT_SLOT_PHYSMEM, 0xfed00000ull, DBT_FPAGE(RPAGE(0), 12, RW),
	                       DBT_MAP_UNCACHED));
	EXPECT_OK(dbt_map_info(RPAGE(0) + 0x10, &pa, NULL));
	EXPECT_EQ(pa, 0xfed00010ull);
	volatile uint32_t *hpet = (volatile uint32_t *)RPAGE(0);
	uint32_t cap = hpet[0], period = hpet[1];       /* GCAP_ID, 64 bits */
	unsigned rev = cap & 0xff, vendor = cap >> 16;
	EXPECT(rev != 0 && rev != 0xff);
	EXPECT(vendor != 0 && vendor != 0xffff);
	EXPECT(period != 0 && period <= 100000000u);    /* femtoseconds, at most 100 ns */
}

/* ==== IPC map items ======================================================================== */

MTEST(map_item_to_child)
{
	dbt_word_t f, pa, rights;
	EXPECT_OK(agents_start(1, true));
	EXPECT_OK(rmap_new(0, 0xc0ffee, &f));
	EXPECT_OK(send_map(&ag[0], 0, DBT_FPAGE(RPAGE(0), 12, RW)));
	EXPECT_EQ(rep[0], 1);                           /* one item arrived */
	EXPECT_EQ(rep[1], DBT_FPAGE(WPAGE(0), 12, RW)); /* ... at the window's base */
	EXPECT_OK(a_info(&ag[0], WPAGE(0) + 8, &pa, &rights));
	EXPECT_EQ(pa, f + 8);
	EXPECT_EQ(rights, RW);
	EXPECT_EQ(a_read(&ag[0], WPAGE(0)), 0xc0ffee);
	EXPECT_OK(a_write(&ag[0], WPAGE(0) + 16, 0xfeed));
	EXPECT_EQ(rget(RPAGE(0) + 16), 0xfeed);
	EXPECT_EQ(pg.faults, 0);
	/* the sender keeps its mapping */
	EXPECT_OK(dbt_map_info(RPAGE(0), &pa, NULL));
	EXPECT_EQ(pa, f);
}

MTEST(map_item_rights_masked)
{
	dbt_word_t f, f2, rights;
	EXPECT_OK(agents_start(1, true));
	EXPECT_OK(rmap_new(0, 1, &f));
	f2 = urt_alloc_frame();
	EXPECT_OK(rmap(1, f2, DBT_R));
	/* asked for less: gets less */
	EXPECT_OK(send_map(&ag[0], 0x0000, DBT_FPAGE(RPAGE(0), 12, DBT_R)));
	EXPECT_OK(a_info(&ag[0], WPAGE(0), NULL, &rights));
	EXPECT_EQ(rights, DBT_R);
	/* asked for more than the sender has: the sender's rights */
	EXPECT_OK(send_map(&ag[0], 0x1000, DBT_FPAGE(RPAGE(0), 12, DBT_RWX)));
	EXPECT_EQ(rep[1], DBT_FPAGE(WPAGE(1), 12, RW));    /* word 1: the rights installed */
	EXPECT_OK(a_info(&ag[0], WPAGE(1), NULL, &rights));
	EXPECT_EQ(rights, RW);
	EXPECT_OK(send_map(&ag[0], 0x2000, DBT_FPAGE(RPAGE(1), 12, RW)));
	EXPECT_OK(a_info(&ag[0], WPAGE(2), NULL, &rights));
	EXPECT_EQ(rights, DBT_R);
	/* rights 0 or beyond RWX: a malformed item */
	EXPECT_EQ(send_map(&ag[0], 0x3000, DBT_FPAGE(RPAGE(0), 12, 0)), DBT_E_BAD_MESSAGE);
	EXPECT_EQ(send_map(&ag[0], 0x3000, DBT_FPAGE(RPAGE(0), 12, 8)), DBT_E_BAD_MESSAGE);
	EXPECT_EQ(a_info(&ag[0], WPAGE(3), NULL, NULL), DBT_E_NOT_MAPPED);
}

MTEST(map_item_hint_placement)
{
	dbt_word_t f2, f3, pa;
	EXPECT_OK(agents_start(1, true));
	EXPECT_OK(rmap_new(2, 2, &f2));
	EXPECT_OK(rmap_new(3, 3, &f3));
	/* hint: modulo the window (2 MiB), aligned down to the fpage (8 KiB) */
	dbt_word_t hint = (5ull << WIN_ORDER) + 0x1b000;
	EXPECT_OK(send_map(&ag[0], hint, DBT_FPAGE(RPAGE(2), 13, RW)));
	EXPECT_EQ(rep[1], DBT_FPAGE(WIN + 0x1a000, 13, RW));
	EXPECT_OK(a_info(&ag[0], WIN + 0x1a000, &pa, NULL));
	EXPECT_EQ(pa, f2);
	EXPECT_OK(a_info(&ag[0], WIN + 0x1b000, &pa, NULL));
	EXPECT_EQ(pa, f3);
	EXPECT_EQ(a_read(&ag[0], WIN + 0x1b000), 3);
	EXPECT_EQ(a_info(&ag[0], WIN + 0x1c000, NULL, NULL), DBT_E_NOT_MAPPED);
	EXPECT_EQ(a_info(&ag[0], WIN + 0x19000, NULL, NULL), DBT_E_NOT_MAPPED);
}

MTEST(map_item_window_smaller)
{
	dbt_word_t f[8], pa;
	EXPECT_OK(agents_start(1, true));
	for (unsigned i = 0; i < 8; i++)
		EXPECT_OK(rmap_new(8 + i, 100 + i, &f[i]));
	/* a one-page window: the hint picks the page of the 32 KiB fpage sent */
	EXPECT_OK(cmd(&ag[0], CMD_WIN, DBT_FPAGE(WPAGE(40), 12, 0), 0, 0));
	EXPECT_OK(send_map(&ag[0], 0x3000, DBT_FPAGE(RPAGE(8), 15, RW)));
	EXPECT_EQ(rep[1], DBT_FPAGE(WPAGE(40), 12, RW));
	EXPECT_OK(a_info(&ag[0], WPAGE(40), &pa, NULL));
	EXPECT_EQ(pa, f[3]);
	EXPECT_EQ(a_read(&ag[0], WPAGE(40)), 103);
	EXPECT_EQ(a_info(&ag[0], WPAGE(41), NULL, NULL), DBT_E_NOT_MAPPED);
	EXPECT_EQ(a_info(&ag[0], WPAGE(39), NULL, NULL), DBT_E_NOT_MAPPED);
}

MTEST(map_item_no_window)
{
	EXPECT_OK(agents_start(1, true));
	EXPECT_OK(rmap_new(0, 1, NULL));
	EXPECT_OK(cmd(&ag[0], CMD_WIN, 0, 0, 0));
	EXPECT_EQ(send_map(&ag[0], 0, DBT_FPAGE(RPAGE(0), 12, RW)), DBT_E_NO_WINDOW);
	/* a malformed window (misaligned) is no window either */
	EXPECT_OK(cmd(&ag[0], CMD_WIN, DBT_FPAGE(WPAGE(1), 13, 0), 0, 0));
	EXPECT_EQ(send_map(&ag[0], 0, DBT_FPAGE(RPAGE(0), 12, RW)), DBT_E_NO_WINDOW);
	EXPECT_EQ(a_info(&ag[0], WPAGE(0), NULL, NULL), DBT_E_NOT_MAPPED);
	EXPECT_EQ(a_info(&ag[0], WPAGE(1), NULL, NULL), DBT_E_NOT_MAPPED);
	/* the agent survived: with a window it works */
	EXPECT_OK(cmd(&ag[0], CMD_WIN, DBT_FPAGE(WIN, WIN_ORDER, 0), 0, 0));
	EXPECT_OK(send_map(&ag[0], 0, DBT_FPAGE(RPAGE(0), 12, RW)));
	EXPECT_EQ(a_read(&ag[0], WPAGE(0)), 1);
}

MTEST(map_item_not_mapped)
{
	EXPECT_OK(agents_start(1, true));
	EXPECT_EQ(send_map(&ag[0], 0, DBT_FPAGE(RPAGE(4), 12, RW)), DBT_E_NOT_MAPPED);
	/* half mapped is not mapped */
	EXPECT_OK(rmap_new(4, 4, NULL));
	EXPECT_EQ(send_map(&ag[0], 0, DBT_FPAGE(RPAGE(4), 13, RW)), DBT_E_NOT_MAPPED);
	EXPECT_EQ(a_info(&ag[0], WPAGE(0), NULL, NULL), DBT_E_NOT_MAPPED);
	EXPECT_EQ(a_info(&ag[0], WPAGE(1), NULL, NULL), DBT_E_NOT_MAPPED);
	/* a misaligned fpage is malformed */
	EXPECT_EQ(send_map(&ag[0], 0, DBT_FPAGE(RPAGE(5), 13, RW)), DBT_E_BAD_MESSAGE);
	EXPECT_OK(send_map(&ag[0], 0, DBT_FPAGE(RPAGE(4), 12, RW)));
	EXPECT_EQ(a_read(&ag[0], WPAGE(0)), 4);
}

/* root -> A (WPAGE 0) -> B (WPAGE 1) -> C (WPAGE 2) */
static dbt_word_t chain_f;

static void chain3(void)
{
	dbt_word_t pa;
	EXPECT_OK(agents_start(3, true));
	EXPECT_OK(rmap_new(0, 0xc4a1, &chain_f));
	EXPECT_OK(send_map(&ag[0], 0, DBT_FPAGE(RPAGE(0), 12, RW)));
	EXPECT_OK(a_fwd(&ag[0], AS_NEXT, MAP_ITEM(0x1000), DBT_FPAGE(WPAGE(0), 12, RW)));
	EXPECT_EQ(rep[2], DBT_FPAGE(WPAGE(1), 12, RW));
	EXPECT_OK(a_fwd(&ag[1], AS_NEXT, MAP_ITEM(0x2000), DBT_FPAGE(WPAGE(1), 12, RW)));
	EXPECT_EQ(rep[2], DBT_FPAGE(WPAGE(2), 12, RW));
	for (unsigned i = 0; i < 3; i++) {
		EXPECT_OK(a_info(&ag[i], WPAGE(i), &pa, NULL));
		EXPECT_EQ(pa, chain_f);
	}
}

MTEST(map_chain_three_levels)
{
	chain3();
	if (ktest_failed)
		return;
	EXPECT_EQ(a_read(&ag[2], WPAGE(2)), 0xc4a1);
	EXPECT_OK(a_write(&ag[2], WPAGE(2) + 8, 0xc0de));
	EXPECT_EQ(rget(RPAGE(0) + 8), 0xc0de);
	EXPECT_EQ(a_read(&ag[0], WPAGE(0) + 8), 0xc0de);
	EXPECT_EQ(pg.faults, 0);
}

MTEST(unmap_revokes_chain)
{
	dbt_word_t pa;
	chain3();
	if (ktest_failed)
		return;
	EXPECT_OK(dbt_unmap(DBT_FPAGE(RPAGE(0), 12, DBT_RWX), 0));
	EXPECT_EQ(a_info(&ag[0], WPAGE(0), NULL, NULL), DBT_E_NOT_MAPPED);
	EXPECT_EQ(a_info(&ag[1], WPAGE(1), NULL, NULL), DBT_E_NOT_MAPPED);
	EXPECT_EQ(a_info(&ag[2], WPAGE(2), NULL, NULL), DBT_E_NOT_MAPPED);
	/* without DBT_UNMAP_SELF the root keeps its own */
	EXPECT_OK(dbt_map_info(RPAGE(0), &pa, NULL));
	EXPECT_EQ(pa, chain_f);
	EXPECT_EQ(rget(RPAGE(0)), 0xc4a1);
}

MTEST(unmap_revoked_access_faults)
{
	dbt_word_t fb, pa;
	chain3();
	if (ktest_failed)
		return;
	EXPECT_OK(rmap_new(1, 0xfa11bac, &fb));
	EXPECT_OK(dbt_unmap(DBT_FPAGE(RPAGE(0), 12, DBT_RWX), 0));
	pg.src = RPAGE(1);
	/* the last level reads the page: a fault to its pager, which maps another page */
	EXPECT_EQ(a_read(&ag[2], WPAGE(2) + 0x40), 0);
	EXPECT_EQ(a_read(&ag[2], WPAGE(2)), 0xfa11bac);
	EXPECT_EQ(pg.faults, 1);
	EXPECT_EQ(pg.addr, WPAGE(2) + 0x40);
	EXPECT_EQ(pg.access, 0);
	EXPECT_OK(a_info(&ag[2], WPAGE(2), &pa, NULL));
	EXPECT_EQ(pa, fb);
	/* so does the first */
	EXPECT_EQ(a_read(&ag[0], WPAGE(0)), 0xfa11bac);
	EXPECT_EQ(pg.faults, 2);
	EXPECT_EQ(pg.addr, WPAGE(0));
}

MTEST(unmap_middle_level)
{
	dbt_word_t pa;
	chain3();
	if (ktest_failed)
		return;
	/* B revokes: only C loses the page */
	EXPECT_OK(a_unmap(&ag[1], DBT_FPAGE(WPAGE(1), 12, DBT_RWX), 0));
	EXPECT_EQ(a_info(&ag[2], WPAGE(2), NULL, NULL), DBT_E_NOT_MAPPED);
	EXPECT_OK(a_info(&ag[1], WPAGE(1), &pa, NULL));
	EXPECT_EQ(pa, chain_f);
	EXPECT_OK(a_info(&ag[0], WPAGE(0), &pa, NULL));
	/* B passes it on again, then A revokes: B and C lose it, A keeps it */
	EXPECT_OK(a_fwd(&ag[1], AS_NEXT, MAP_ITEM(0x2000), DBT_FPAGE(WPAGE(1), 12, RW)));
	EXPECT_OK(a_info(&ag[2], WPAGE(2), NULL, NULL));
	EXPECT_OK(a_unmap(&ag[0], DBT_FPAGE(WPAGE(0), 12, DBT_RWX), 0));
	EXPECT_EQ(a_info(&ag[1], WPAGE(1), NULL, NULL), DBT_E_NOT_MAPPED);
	EXPECT_EQ(a_info(&ag[2], WPAGE(2), NULL, NULL), DBT_E_NOT_MAPPED);
	EXPECT_OK(a_info(&ag[0], WPAGE(0), &pa, NULL));
	EXPECT_EQ(pa, chain_f);
	EXPECT_EQ(a_read(&ag[0], WPAGE(0)), 0xc4a1);
	EXPECT_OK(dbt_map_info(RPAGE(0), NULL, NULL));
}

MTEST(unmap_self_middle_level)
{
	chain3();
	if (ktest_failed)
		return;
	EXPECT_OK(a_unmap(&ag[1], DBT_FPAGE(WPAGE(1), 12, DBT_RWX), DBT_UNMAP_SELF));
	EXPECT_EQ(a_info(&ag[1], WPAGE(1), NULL, NULL), DBT_E_NOT_MAPPED);
	EXPECT_EQ(a_info(&ag[2], WPAGE(2), NULL, NULL), DBT_E_NOT_MAPPED);
	EXPECT_OK(a_info(&ag[0], WPAGE(0), NULL, NULL));
	EXPECT_OK(dbt_map_info(RPAGE(0), NULL, NULL));
	/* and the root with SELF: everything */
	EXPECT_OK(dbt_unmap(DBT_FPAGE(RPAGE(0), 12, DBT_RWX), DBT_UNMAP_SELF));
	EXPECT_EQ(dbt_map_info(RPAGE(0), NULL, NULL), DBT_E_NOT_MAPPED);
	EXPECT_EQ(a_info(&ag[0], WPAGE(0), NULL, NULL), DBT_E_NOT_MAPPED);
}

MTEST(unmap_partial_order15)
{
	dbt_word_t f = alloc_frames(8), pa;
	EXPECT_OK(agents_start(1, true));
	EXPECT_OK(dbt_map_phys(DBT_ROOT_SLOT_PHYSMEM, f, DBT_FPAGE(RPAGE(8), 15, RW), 0));
	for (unsigned i = 0; i < 8; i++) {
		*(volatile dbt_word_t *)RPAGE(8 + i) = 0x800 + i;
		EXPECT_OK(dbt_map_info(RPAGE(8 + i), &pa, NULL));
		EXPECT_EQ(pa, f + i * 4096ull);
	}
	EXPECT_OK(send_map(&ag[0], 0x10000, DBT_FPAGE(RPAGE(8), 15, RW)));
	EXPECT_EQ(rep[1], DBT_FPAGE(WPAGE(16), 15, RW));
	for (unsigned i = 0; i < 8; i++) {
		EXPECT_OK(a_info(&ag[0], WPAGE(16 + i), &pa, NULL));
		EXPECT_EQ(pa, f + i * 4096ull);
	}
	/* revoke one 4 KiB page of the eight */
	EXPECT_OK(dbt_unmap(DBT_FPAGE(RPAGE(11), 12, DBT_RWX), 0));
	for (unsigned i = 0; i < 8; i++) {
		if (i == 3) {
			EXPECT_EQ(a_info(&ag[0], WPAGE(16 + i), NULL, NULL), DBT_E_NOT_MAPPED);
			continue;
		}
		EXPECT_OK(a_info(&ag[0], WPAGE(16 + i), &pa, NULL));
		EXPECT_EQ(pa, f + i * 4096ull);
		EXPECT_EQ(a_read(&ag[0], WPAGE(16 + i)), 0x800 + i);
	}
	for (unsigned i = 0; i < 8; i++)
		EXPECT_OK(dbt_map_info(RPAGE(8 + i), NULL, NULL));
	/* now one page of the root's own (SELF): the fpage is no longer fully mapped */
	EXPECT_OK(dbt_unmap(DBT_FPAGE(RPAGE(12), 12, DBT_RWX), DBT_UNMAP_SELF));
	EXPECT_EQ(dbt_map_info(RPAGE(12), NULL, NULL), DBT_E_NOT_MAPPED);
	EXPECT_EQ(a_info(&ag[0], WPAGE(20), NULL, NULL), DBT_E_NOT_MAPPED);
	EXPECT_OK(dbt_map_info(RPAGE(13), NULL, NULL));
	EXPECT_EQ(send_map(&ag[0], 0x20000, DBT_FPAGE(RPAGE(8), 15, RW)), DBT_E_NOT_MAPPED);
	EXPECT_EQ(a_info(&ag[0], WPAGE(32), NULL, NULL), DBT_E_NOT_MAPPED);
	EXPECT_OK(send_map(&ag[0], 0x20000, DBT_FPAGE(RPAGE(14), 13, RW)));
	EXPECT_EQ(a_read(&ag[0], WPAGE(33)), 0x807);
}

/* ==== rights downgrade ======================================================================= */

MTEST(downgrade_write_faults)
{
	dbt_word_t rights;
	EXPECT_OK(agents_start(1, true));
	EXPECT_OK(rmap_new(0, 0xd0, NULL));
	EXPECT_OK(send_map(&ag[0], 0, DBT_FPAGE(RPAGE(0), 12, RW)));
	EXPECT_OK(a_write(&ag[0], WPAGE(0) + 8, 1));
	EXPECT_EQ(rget(RPAGE(0) + 8), 1);
	EXPECT_EQ(pg.faults, 0);
	/* take W away from the mappings derived from the root's page */
	EXPECT_OK(dbt_unmap(DBT_FPAGE(RPAGE(0), 12, DBT_W), 0));
	EXPECT_OK(a_info(&ag[0], WPAGE(0), NULL, &rights));
	EXPECT_EQ(rights, DBT_R);
	EXPECT_OK(dbt_map_info(RPAGE(0), NULL, &rights));
	EXPECT_EQ(rights, RW);
	/* reading still works */
	EXPECT_EQ(a_read(&ag[0], WPAGE(0) + 8), 1);
	EXPECT_EQ(pg.faults, 0);
	/* writing faults: a protection fault on a write; the pager gives W back */
	pg.src = RPAGE(0);
	EXPECT_OK(a_write(&ag[0], WPAGE(0) + 8, 2));
	EXPECT_EQ(pg.faults, 1);
	EXPECT_EQ(pg.label, DBT_LABEL_PAGEFAULT);
	EXPECT_EQ(pg.access, DBT_PF_WRITE | DBT_PF_PRESENT);
	EXPECT_EQ(pg.addr, WPAGE(0) + 8);
	EXPECT_EQ(pg.rip, (dbt_word_t)tmem_write);
	EXPECT_EQ(rget(RPAGE(0) + 8), 2);
	EXPECT_OK(a_info(&ag[0], WPAGE(0), NULL, &rights));
	EXPECT_EQ(rights, RW);
}

MTEST(downgrade_recursive_self)
{
	dbt_word_t rights;
	chain3();
	if (ktest_failed)
		return;
	EXPECT_OK(dbt_unmap(DBT_FPAGE(RPAGE(0), 12, DBT_W), DBT_UNMAP_SELF));
	EXPECT_OK(dbt_map_info(RPAGE(0), NULL, &rights));
	EXPECT_EQ(rights, DBT_R);
	for (unsigned i = 0; i < 3; i++) {
		EXPECT_OK(a_info(&ag[i], WPAGE(i), NULL, &rights));
		EXPECT_EQ(rights, DBT_R);
	}
	EXPECT_EQ(rget(RPAGE(0)), 0xc4a1);
	EXPECT_EQ(a_read(&ag[2], WPAGE(2)), 0xc4a1);
	/* the root's read-only page cannot be passed on writable */
	EXPECT_OK(send_map(&ag[0], 0x8000, DBT_FPAGE(RPAGE(0), 12, RW)));
	EXPECT_OK(a_info(&ag[0], WPAGE(8), NULL, &rights));
	EXPECT_EQ(rights, DBT_R);
}

MTEST(map_same_again_extends_rights)
{
	dbt_word_t rights;
	EXPECT_OK(agents_start(1, true));
	EXPECT_OK(rmap_new(0, 5, NULL));
	EXPECT_OK(send_map(&ag[0], 0, DBT_FPAGE(RPAGE(0), 12, DBT_R)));
	EXPECT_OK(a_info(&ag[0], WPAGE(0), NULL, &rights));
	EXPECT_EQ(rights, DBT_R);
	EXPECT_OK(send_map(&ag[0], 0, DBT_FPAGE(RPAGE(0), 12, RW)));
	EXPECT_OK(a_info(&ag[0], WPAGE(0), NULL, &rights));
	EXPECT_EQ(rights, RW);
	/* mapping again with fewer rights does not take any away */
	EXPECT_OK(send_map(&ag[0], 0, DBT_FPAGE(RPAGE(0), 12, DBT_R)));
	EXPECT_OK(a_info(&ag[0], WPAGE(0), NULL, &rights));
	EXPECT_EQ(rights, RW);
	EXPECT_OK(a_write(&ag[0], WPAGE(0), 6));
	EXPECT_EQ(rget(RPAGE(0)), 6);
	EXPECT_EQ(pg.faults, 0);
}

MTEST(map_replaces_existing)
{
	dbt_word_t f1, f2, pa;
	EXPECT_OK(agents_start(2, true));
	EXPECT_OK(rmap_new(0, 0x01d, &f1));
	EXPECT_OK(rmap_new(1, 0x2e1, &f2));
	EXPECT_OK(send_map(&ag[0], 0, DBT_FPAGE(RPAGE(0), 12, RW)));
	EXPECT_OK(a_fwd(&ag[0], AS_NEXT, MAP_ITEM(0), DBT_FPAGE(WPAGE(0), 12, RW)));
	EXPECT_OK(a_info(&ag[1], WPAGE(0), &pa, NULL));
	EXPECT_EQ(pa, f1);
	/* another page to the same place: replaces it, and what was derived from it */
	EXPECT_OK(send_map(&ag[0], 0, DBT_FPAGE(RPAGE(1), 12, RW)));
	EXPECT_OK(a_info(&ag[0], WPAGE(0), &pa, NULL));
	EXPECT_EQ(pa, f2);
	EXPECT_EQ(a_read(&ag[0], WPAGE(0)), 0x2e1);
	EXPECT_EQ(a_info(&ag[1], WPAGE(0), NULL, NULL), DBT_E_NOT_MAPPED);
	/* the new mapping hangs below the new source */
	EXPECT_OK(dbt_unmap(DBT_FPAGE(RPAGE(0), 12, DBT_RWX), 0));
	EXPECT_OK(a_info(&ag[0], WPAGE(0), &pa, NULL));
	EXPECT_EQ(pa, f2);
	EXPECT_OK(dbt_unmap(DBT_FPAGE(RPAGE(1), 12, DBT_RWX), 0));
	EXPECT_EQ(a_info(&ag[0], WPAGE(0), NULL, NULL), DBT_E_NOT_MAPPED);
}

MTEST(map_cycle_rejected)
{
	dbt_word_t f, pa;
	EXPECT_OK(agents_start(1, true));
	EXPECT_OK(local_agent_start());
	EXPECT_OK(ktest_give(&ag[0].c, local_ag.ep, AS_NEXT2, DBT_CAP_WRITE | DBT_CAP_GRANT));
	EXPECT_OK(rmap_new(0, 0xcc, &f));
	/* within one space: overlapping source and destination are refused */
	EXPECT_EQ(send_map(&local_ag, 0, DBT_FPAGE(RPAGE(0), 12, RW)), DBT_E_BAD_MESSAGE);
	/* ... elsewhere in the same space it is an alias below the original */
	EXPECT_OK(send_map(&local_ag, 0x2000, DBT_FPAGE(RPAGE(0), 12, RW)));
	EXPECT_OK(dbt_map_info(RPAGE(2), &pa, NULL));
	EXPECT_EQ(pa, f);
	/* A sends its page back over the root's original: that would cut the tree */
	EXPECT_OK(send_map(&ag[0], 0, DBT_FPAGE(RPAGE(0), 12, RW)));
	EXPECT_EQ(a_fwd(&ag[0], AS_NEXT2, MAP_ITEM(0), DBT_FPAGE(WPAGE(0), 12, RW)),
	          DBT_E_BAD_MESSAGE);
	EXPECT_OK(dbt_map_info(RPAGE(0), &pa, NULL));
	EXPECT_EQ(pa, f);
	/* back to the root at a free page works: root -> A -> root */
	EXPECT_OK(a_fwd(&ag[0], AS_NEXT2, MAP_ITEM(0x1000), DBT_FPAGE(WPAGE(0), 12, RW)));
	EXPECT_EQ(rep[2], DBT_FPAGE(RPAGE(1), 12, RW));
	EXPECT_OK(dbt_map_info(RPAGE(1), &pa, NULL));
	EXPECT_EQ(pa, f);
	EXPECT_EQ(rget(RPAGE(1)), 0xcc);
	/* revoking the original takes A's and the root's second copy */
	EXPECT_OK(dbt_unmap(DBT_FPAGE(RPAGE(0), 12, DBT_RWX), 0));
	EXPECT_EQ(dbt_map_info(RPAGE(1), NULL, NULL), DBT_E_NOT_MAPPED);
	EXPECT_EQ(dbt_map_info(RPAGE(2), NULL, NULL), DBT_E_NOT_MAPPED);
	EXPECT_EQ(a_info(&ag[0], WPAGE(0), NULL, NULL), DBT_E_NOT_MAPPED);
	EXPECT_OK(dbt_map_info(RPAGE(0), NULL, NULL));
}

/* ==== grant ========================================================================================= */

MTEST(grant_moves_mapping)
{
	dbt_word_t f, pa, rights;
	EXPECT_OK(agents_start(2, true));
	EXPECT_OK(rmap_new(0, 0x96a, &f));
	EXPECT_OK(send_map(&ag[0], 0, DBT_FPAGE(RPAGE(0), 12, RW)));
	EXPECT_OK(a_fwd(&ag[0], AS_NEXT, GRANT_ITEM(0x4000), DBT_FPAGE(WPAGE(0), 12, RW)));
	EXPECT_EQ(rep[2], DBT_FPAGE(WPAGE(4), 12, RW));
	EXPECT_EQ(a_info(&ag[0], WPAGE(0), NULL, NULL), DBT_E_NOT_MAPPED);
	EXPECT_OK(a_info(&ag[1], WPAGE(4), &pa, &rights));
	EXPECT_EQ(pa, f);
	EXPECT_EQ(rights, RW);
	EXPECT_EQ(a_read(&ag[1], WPAGE(4)), 0x96a);
	/* still derived from the root's page */
	EXPECT_OK(dbt_unmap(DBT_FPAGE(RPAGE(0), 12, DBT_RWX), 0));
	EXPECT_EQ(a_info(&ag[1], WPAGE(4), NULL, NULL), DBT_E_NOT_MAPPED);
	EXPECT_EQ(a_info(&ag[0], WPAGE(0), NULL, NULL), DBT_E_NOT_MAPPED);
}

MTEST(grant_from_root)
{
	dbt_word_t f, pa;
	EXPECT_OK(agents_start(1, true));
	EXPECT_OK(rmap_new(0, 0x96b, &f));
	EXPECT_OK(send_item(&ag[0], GRANT_ITEM(0x2000), DBT_FPAGE(RPAGE(0), 12, RW)));
	EXPECT_EQ(rep[1], DBT_FPAGE(WPAGE(2), 12, RW));
	EXPECT_EQ(dbt_map_info(RPAGE(0), NULL, NULL), DBT_E_NOT_MAPPED);
	EXPECT_OK(a_info(&ag[0], WPAGE(2), &pa, NULL));
	EXPECT_EQ(pa, f);
	EXPECT_EQ(a_read(&ag[0], WPAGE(2)), 0x96b);
	/* the root has nothing left to send */
	EXPECT_EQ(send_map(&ag[0], 0, DBT_FPAGE(RPAGE(0), 12, RW)), DBT_E_NOT_MAPPED);
}

MTEST(grant_reduces_rights)
{
	dbt_word_t f, pa, rights;
	EXPECT_OK(agents_start(3, true));
	EXPECT_OK(ktest_give(&ag[0].c, ag[2].ep, AS_NEXT2, DBT_CAP_WRITE | DBT_CAP_GRANT));
	EXPECT_OK(rmap_new(0, 0x96c, &f));
	EXPECT_OK(send_map(&ag[0], 0, DBT_FPAGE(RPAGE(0), 12, RW)));
	EXPECT_OK(a_fwd(&ag[0], AS_NEXT, MAP_ITEM(0x1000), DBT_FPAGE(WPAGE(0), 12, RW)));
	/* A grants with R only: C's page is read-only, and so is B's, made from it */
	EXPECT_OK(a_fwd(&ag[0], AS_NEXT2, GRANT_ITEM(0x2000), DBT_FPAGE(WPAGE(0), 12, DBT_R)));
	EXPECT_EQ(rep[2], DBT_FPAGE(WPAGE(2), 12, DBT_R));
	EXPECT_OK(a_info(&ag[2], WPAGE(2), &pa, &rights));
	EXPECT_EQ(pa, f);
	EXPECT_EQ(rights, DBT_R);
	EXPECT_OK(a_info(&ag[1], WPAGE(1), NULL, &rights));
	EXPECT_EQ(rights, DBT_R);
	EXPECT_OK(dbt_map_info(RPAGE(0), NULL, &rights));
	EXPECT_EQ(rights, RW);
	/* B's write faults as a protection fault */
	pg.src = RPAGE(0);
	EXPECT_OK(a_write(&ag[1], WPAGE(1), 0x96d));
	EXPECT_EQ(pg.faults, 1);
	EXPECT_EQ(pg.access, DBT_PF_WRITE | DBT_PF_PRESENT);
	EXPECT_EQ(rget(RPAGE(0)), 0x96d);
}

MTEST(grant_keeps_subtree)
{
	dbt_word_t pa;
	EXPECT_OK(agents_start(3, true));
	EXPECT_OK(ktest_give(&ag[0].c, ag[2].ep, AS_NEXT2, DBT_CAP_WRITE | DBT_CAP_GRANT));
	EXPECT_OK(rmap_new(0, 0x5b, NULL));
	dbt_word_t f;
	EXPECT_OK(dbt_map_info(RPAGE(0), &f, NULL));
	EXPECT_OK(send_map(&ag[0], 0, DBT_FPAGE(RPAGE(0), 12, RW)));
	EXPECT_OK(a_fwd(&ag[0], AS_NEXT, MAP_ITEM(0x1000), DBT_FPAGE(WPAGE(0), 12, RW)));
	/* A grants its page to C: B's mapping, derived from it, stays */
	EXPECT_OK(a_fwd(&ag[0], AS_NEXT2, GRANT_ITEM(0x2000), DBT_FPAGE(WPAGE(0), 12, RW)));
	EXPECT_EQ(a_info(&ag[0], WPAGE(0), NULL, NULL), DBT_E_NOT_MAPPED);
	EXPECT_OK(a_info(&ag[1], WPAGE(1), &pa, NULL));
	EXPECT_EQ(pa, f);
	EXPECT_OK(a_info(&ag[2], WPAGE(2), &pa, NULL));
	EXPECT_EQ(pa, f);
	/* C now holds the node B hangs below */
	EXPECT_OK(a_unmap(&ag[2], DBT_FPAGE(WPAGE(2), 12, DBT_RWX), 0));
	EXPECT_EQ(a_info(&ag[1], WPAGE(1), NULL, NULL), DBT_E_NOT_MAPPED);
	EXPECT_OK(a_info(&ag[2], WPAGE(2), NULL, NULL));
	EXPECT_OK(dbt_unmap(DBT_FPAGE(RPAGE(0), 12, DBT_RWX), 0));
	EXPECT_EQ(a_info(&ag[2], WPAGE(2), NULL, NULL), DBT_E_NOT_MAPPED);
}

/* ==== page-fault IPC ========================================================================== */

MTEST(pagefault_ipc)
{
	dbt_word_t f, pa, rights;
	EXPECT_OK(agents_start(1, true));
	EXPECT_OK(rmap_new(0, 0, &f));
	*(volatile dbt_word_t *)(RPAGE(0) + 0x238) = 0x9a6e;
	pg.src = RPAGE(0);
	pg.rights[0] = DBT_R;
	EXPECT_EQ(a_read(&ag[0], WPAGE(7) + 0x238), 0x9a6e);
	EXPECT_EQ(pg.faults, 1);
	EXPECT_EQ(pg.label, DBT_LABEL_PAGEFAULT);
	EXPECT_EQ(pg.via_exc, 0);
	EXPECT_EQ(pg.addr, WPAGE(7) + 0x238);   /* MR0: the address itself */
	EXPECT_EQ(pg.access, 0);                /* MR1: a read of a missing page */
	EXPECT_EQ(pg.rip, (dbt_word_t)tmem_read);  /* MR2 */
	EXPECT_OK(a_info(&ag[0], WPAGE(7), &pa, &rights));
	EXPECT_EQ(pa, f);
	EXPECT_EQ(rights, DBT_R);
	/* resolved: no second fault */
	EXPECT_EQ(a_read(&ag[0], WPAGE(7) + 0x238), 0x9a6e);
	EXPECT_EQ(pg.faults, 1);
	EXPECT_EQ(pg.stray, 0);
}

MTEST(pagefault_unanswered_refaults)
{
	EXPECT_OK(agents_start(1, true));
	EXPECT_OK(rmap_new(0, 0x4e7, NULL));
	pg.src = RPAGE(0);
	pg.ignore = 2;          /* reply twice without a mapping */
	EXPECT_EQ(a_read(&ag[0], WPAGE(3)), 0x4e7);
	EXPECT_EQ(pg.faults, 3);
	EXPECT_EQ(pg.first_access, 0);
	EXPECT_EQ(pg.addr, WPAGE(3));
	EXPECT_EQ(pg.rip, (dbt_word_t)tmem_read);
}

MTEST(pagefault_write_readonly)
{
	dbt_word_t rights;
	EXPECT_OK(agents_start(1, true));
	EXPECT_OK(rmap_new(0, 0, NULL));
	pg.src = RPAGE(0);
	pg.rights[0] = DBT_R;   /* first answer: read-only */
	pg.rights[1] = RW;
	EXPECT_OK(a_write(&ag[0], WPAGE(9) + 0x10, 0x3417e));
	EXPECT_EQ(pg.faults, 2);
	EXPECT_EQ(pg.first_access, DBT_PF_WRITE);                  /* missing page */
	EXPECT_EQ(pg.access, DBT_PF_WRITE | DBT_PF_PRESENT);       /* read-only page */
	EXPECT_EQ(pg.addr, WPAGE(9) + 0x10);
	EXPECT_EQ(pg.rip, (dbt_word_t)tmem_write);
	EXPECT_EQ(rget(RPAGE(0) + 0x10), 0x3417e);
	EXPECT_OK(a_info(&ag[0], WPAGE(9), NULL, &rights));
	EXPECT_EQ(rights, RW);
}

MTEST(pagefault_without_pager_is_exception)
{
	EXPECT_OK(agents_start(1, false));      /* no pager: #PF goes to the exception handler */
	EXPECT_OK(rmap_new(0, 0xe14, NULL));
	pg.src = RPAGE(0);
	EXPECT_EQ(a_read(&ag[0], WPAGE(5) + 0x18), 0);
	EXPECT_EQ(pg.faults, 1);
	EXPECT_EQ(pg.label, DBT_LABEL_EXCEPTION);
	EXPECT_EQ(pg.via_exc, 1);
	EXPECT_EQ(pg.addr, WPAGE(5) + 0x18);    /* fault_addr */
	EXPECT_EQ(pg.access, 0);                /* error code */
	EXPECT_EQ(pg.rip, (dbt_word_t)tmem_read);
	EXPECT_EQ(a_read(&ag[0], WPAGE(5)), 0xe14);
	EXPECT_EQ(pg.excs, 0);
}

/* ==== I/O ports ========================================================================== */

static dbt_word_t a_inb(struct agent *a, unsigned port)
{
	return cmd(a, CMD_INB, port, 0, 0) ? 0xdead : rep[0];
}

static dbt_word_t a_outb(struct agent *a, unsigned port, unsigned v)
{
	return cmd(a, CMD_OUTB, port, v, 0);
}

/* A (given the I/O space) enables ports 0x70-0x71 and 0x80 and maps them to B. */
static void io_setup(void)
{
	EXPECT_OK(agents_start(2, true));
	EXPECT_OK(ktest_give(&ag[0].c, DBT_ROOT_SLOT_IOSPACE, AS_IO, DBT_CAP_ALL));
	EXPECT_OK(cmd(&ag[0], CMD_IO_ENABLE, AS_IO, DBT_IO_FPAGE(0x70, 1), 0));
	EXPECT_OK(rep[0]);
	EXPECT_OK(cmd(&ag[0], CMD_IO_ENABLE, AS_IO, DBT_IO_FPAGE(0x80, 0), 0));
	EXPECT_OK(rep[0]);
	EXPECT_OK(a_fwd(&ag[0], AS_NEXT, IO_ITEM, DBT_IO_FPAGE(0x70, 1)));
	EXPECT_OK(a_fwd(&ag[0], AS_NEXT, IO_ITEM, DBT_IO_FPAGE(0x80, 0)));
}

static bool cmos_seconds_ok(dbt_word_t v)
{
	return v <= 0x59 && (v & 0xf) <= 9;
}

MTEST(io_ports_to_child)
{
	io_setup();
	if (ktest_failed)
		return;
	EXPECT_OK(a_outb(&ag[1], 0x70, 0x00));  /* CMOS: the seconds register */
	dbt_word_t s = a_inb(&ag[1], 0x71);
	EXPECT(cmos_seconds_ok(s));
	EXPECT_OK(a_outb(&ag[1], 0x80, 0x55));
	EXPECT_EQ(pg.excs, 0);
	/* A itself can use them too */
	EXPECT_OK(a_outb(&ag[0], 0x70, 0x00));
	EXPECT(cmos_seconds_ok(a_inb(&ag[0], 0x71)));
	EXPECT_EQ(pg.excs, 0);
}

/* The IPC fast path switches I/O bitmaps too: agent 1 has ports 0x70-0x71,
 * agents 0 and 2 have none.  0 calls 1 and 1 calls 2 on the fast path, and
 * the callee uses a port straight away. */
MTEST(io_bitmap_follows_fast_ipc)
{
	EXPECT_OK(agents_start(3, true));
	EXPECT_OK(ktest_give(&ag[1].c, DBT_ROOT_SLOT_IOSPACE, AS_IO, DBT_CAP_ALL));
	EXPECT_OK(cmd(&ag[1], CMD_IO_ENABLE, AS_IO, DBT_IO_FPAGE(0x70, 1), 0));
	EXPECT_OK(rep[0]);
	if (ktest_failed)
		return;
	dbt_word_t fast0 = dbt_stat(DBT_STAT_FASTPATH);
	for (unsigned i = 0; i < 3; i++) {
		/* into the task with the bitmap: the port works.  (The root runs
		 * above the agents: let the callee get back to its receive.) */
		EXPECT_OK(a_outb(&ag[1], 0x70, 0x00));
		ksleep_ms(2);
		EXPECT_OK(cmd(&ag[0], CMD_CALL_FAST, AS_NEXT, CMD_INB, 0x71));
		EXPECT_OK(rep[0]);
		EXPECT(cmos_seconds_ok(rep[1]));
		EXPECT_EQ(pg.excs, 0);
		/* out of it: the port is closed again */
		ksleep_ms(2);
		EXPECT_OK(cmd(&ag[1], CMD_CALL_FAST, AS_NEXT, CMD_INB, 0x71));
		EXPECT_OK(rep[0]);
		EXPECT_EQ(rep[1], GP_SENTINEL);
		EXPECT_EQ(pg.excs, 1);
		EXPECT_EQ(pg.vector, 13);
		pg.excs = 0;
	}
	char v[24];
	if (!urt_arg("variant", v, sizeof(v)))
		EXPECT(dbt_stat(DBT_STAT_FASTPATH) - fast0 >= 6);
}

MTEST(io_port_not_given_gp)
{
	io_setup();
	if (ktest_failed)
		return;
	EXPECT_EQ(a_inb(&ag[1], 0x72), GP_SENTINEL);
	EXPECT_EQ(pg.excs, 1);
	EXPECT_EQ(pg.vector, 13);
	EXPECT_EQ(pg.exc_error, 0);
	EXPECT_EQ(pg.exc_rip, (dbt_word_t)tmem_inb_insn);
	EXPECT_EQ(a_inb(&ag[1], 0x6f), GP_SENTINEL);
	EXPECT_EQ(pg.excs, 2);
	EXPECT_OK(a_outb(&ag[1], 0x81, 0));
	EXPECT_EQ(pg.excs, 3);
	EXPECT_EQ(pg.exc_rip, (dbt_word_t)tmem_outb_insn);
	/* the ports it was given still work */
	EXPECT_OK(a_outb(&ag[1], 0x70, 0x00));
	EXPECT(cmos_seconds_ok(a_inb(&ag[1], 0x71)));
	EXPECT_EQ(pg.excs, 3);
}

MTEST(io_unmap_revokes)
{
	io_setup();
	if (ktest_failed)
		return;
	EXPECT_OK(a_outb(&ag[1], 0x70, 0x00));
	EXPECT(cmos_seconds_ok(a_inb(&ag[1], 0x71)));
	EXPECT_EQ(pg.excs, 0);
	EXPECT_OK(a_unmap(&ag[0], DBT_IO_FPAGE(0x70, 1), DBT_UNMAP_IO));
	EXPECT_EQ(a_inb(&ag[1], 0x71), GP_SENTINEL);
	EXPECT_EQ(pg.excs, 1);
	EXPECT_EQ(pg.vector, 13);
	/* the other port B was given, and A's own, remain */
	EXPECT_OK(a_outb(&ag[1], 0x80, 0));
	EXPECT_OK(a_outb(&ag[0], 0x70, 0x00));
	EXPECT(cmos_seconds_ok(a_inb(&ag[0], 0x71)));
	EXPECT_EQ(pg.excs, 1);
	/* with SELF A loses them as well */
	EXPECT_OK(a_unmap(&ag[0], DBT_IO_FPAGE(0x70, 1), DBT_UNMAP_IO | DBT_UNMAP_SELF));
	EXPECT_EQ(a_inb(&ag[0], 0x71), GP_SENTINEL);
	EXPECT_EQ(pg.excs, 2);
	/* and has nothing left to send */
	EXPECT_EQ(a_fwd(&ag[0], AS_NEXT, IO_ITEM, DBT_IO_FPAGE(0x70, 1)), DBT_E_NOT_MAPPED);
}

MTEST(io_item_errors)
{
	EXPECT_OK(agents_start(2, true));
	EXPECT_OK(ktest_give(&ag[0].c, DBT_ROOT_SLOT_IOSPACE, AS_IO, DBT_CAP_ALL));
	EXPECT_OK(cmd(&ag[0], CMD_IO_ENABLE, AS_IO, DBT_IO_FPAGE(0x70, 1), 0));
	EXPECT_OK(rep[0]);
	/* bad I/O fpages for io_enable */
	EXPECT_OK(cmd(&ag[0], CMD_IO_ENABLE, AS_IO, DBT_IO_FPAGE(0x71, 1), 0));
	EXPECT_EQ(rep[0], DBT_E_INVALID_ARG);
	EXPECT_OK(cmd(&ag[0], CMD_IO_ENABLE, AS_IO, DBT_IO_FPAGE(0, 17), 0));
	EXPECT_EQ(rep[0], DBT_E_INVALID_ARG);
	/* ports A does not hold */
	EXPECT_EQ(a_fwd(&ag[0], AS_NEXT, IO_ITEM, DBT_IO_FPAGE(0x60, 0)), DBT_E_NOT_MAPPED);
	EXPECT_EQ(a_fwd(&ag[0], AS_NEXT, IO_ITEM, DBT_IO_FPAGE(0x70, 2)), DBT_E_NOT_MAPPED);
	/* ports cannot be granted */
	EXPECT_EQ(a_fwd(&ag[0], AS_NEXT, DBT_ITEM(DBT_ITEM_GRANT, DBT_SPACE_IO, 0),
	                DBT_IO_FPAGE(0x70, 1)), DBT_E_BAD_MESSAGE);
	/* a receiver without an I/O window */
	EXPECT_OK(cmd(&ag[1], CMD_WIN, DBT_FPAGE(WIN, WIN_ORDER, 0), 0, 0));
	EXPECT_EQ(a_fwd(&ag[0], AS_NEXT, IO_ITEM, DBT_IO_FPAGE(0x70, 1)), DBT_E_NO_WINDOW);
	EXPECT_EQ(a_inb(&ag[1], 0x71), GP_SENTINEL);
	EXPECT_EQ(pg.excs, 1);
	EXPECT_EQ(a_inb(&ag[1], 0x80), GP_SENTINEL);
	EXPECT_EQ(pg.excs, 2);
	/* an agent without the I/O space capability cannot enable ports */
	EXPECT_OK(cmd(&ag[1], CMD_IO_ENABLE, AS_IO, DBT_IO_FPAGE(0x70, 1), 0));
	EXPECT_EQ(rep[0], DBT_E_EMPTY_SLOT);
}

/* ==== UNMAP arguments ==================================================================== */

MTEST(unmap_bad_args)
{
	EXPECT_OK(rmap_new(0, 1, NULL));
	EXPECT_EQ(dbt_unmap(DBT_FPAGE(RPAGE(0), 12, DBT_RWX), 4), DBT_E_INVALID_ARG);
	EXPECT_EQ(dbt_unmap(DBT_FPAGE(RPAGE(1), 13, DBT_RWX), DBT_UNMAP_SELF), DBT_E_BAD_ADDRESS);
	EXPECT_EQ(dbt_unmap(DBT_FPAGE(0xffff800000000000ull, 12, DBT_RWX), DBT_UNMAP_SELF),
	          DBT_E_BAD_ADDRESS);
	EXPECT_EQ(dbt_unmap(DBT_FPAGE(RPAGE(0), 12, 8), DBT_UNMAP_SELF), DBT_E_INVALID_ARG);
	EXPECT_EQ(dbt_unmap(DBT_IO_FPAGE(0x71, 1), DBT_UNMAP_IO), DBT_E_INVALID_ARG);
	EXPECT_EQ(dbt_unmap(DBT_IO_FPAGE(0, 17), DBT_UNMAP_IO), DBT_E_INVALID_ARG);
	EXPECT_OK(dbt_map_info(RPAGE(0), NULL, NULL));
	/* unmapping nothing is fine */
	EXPECT_OK(dbt_unmap(DBT_FPAGE(RPAGE(4), 14, DBT_RWX), DBT_UNMAP_SELF));
	EXPECT_OK(dbt_map_info(RPAGE(0), NULL, NULL));
	/* rights 0 means all */
	EXPECT_OK(dbt_unmap(DBT_FPAGE(RPAGE(0), 12, 0), DBT_UNMAP_SELF));
	EXPECT_EQ(dbt_map_info(RPAGE(0), NULL, NULL), DBT_E_NOT_MAPPED);
}

/* ==== more corners ======================================================================= */

/* A 2-page item from A to the root at RPAGE 0..1, where A's second source page
 * (WPAGE 1) was mapped from RPAGE 0 - the first destination page.  Replacing
 * the first destination page removes the second source page. */
static void dest_ancestor_setup(dbt_word_t *f5)
{
	dbt_word_t f0;
	EXPECT_OK(agents_start(1, true));
	EXPECT_OK(local_agent_start());
	EXPECT_OK(ktest_give(&ag[0].c, local_ag.ep, AS_NEXT2, DBT_CAP_WRITE | DBT_CAP_GRANT));
	EXPECT_OK(rmap_new(0, 0xa0, &f0));
	EXPECT_OK(rmap_new(5, 0xa5, f5));
	EXPECT_OK(send_map(&ag[0], 0x0000, DBT_FPAGE(RPAGE(5), 12, RW)));
	EXPECT_OK(send_map(&ag[0], 0x1000, DBT_FPAGE(RPAGE(0), 12, RW)));
}

MTEST(map_item_dest_ancestor_of_later_page)
{
	dbt_word_t f5, pa;
	dest_ancestor_setup(&f5);
	if (ktest_failed)
		return;
	dbt_word_t err = a_fwd(&ag[0], AS_NEXT2, MAP_ITEM(0), DBT_FPAGE(WPAGE(0), 13, RW));
	if (err != DBT_E_BAD_MESSAGE && err != DBT_E_NOT_MAPPED)
		EXPECT_EQ(err, DBT_E_NOT_MAPPED);
	/* the kernel survived and the database is consistent */
	EXPECT_EQ(dbt_map_info(RPAGE(1), NULL, NULL), DBT_E_NOT_MAPPED);
	EXPECT_OK(a_info(&ag[0], WPAGE(0), &pa, NULL));
	EXPECT_EQ(pa, f5);
	EXPECT_EQ(a_read(&ag[0], WPAGE(0)), 0xa5);
	EXPECT_OK(dbt_map_info(RPAGE(5), &pa, NULL));
	EXPECT_EQ(pa, f5);
}

MTEST(grant_item_dest_ancestor_of_later_page)
{
	dbt_word_t f5, pa;
	dest_ancestor_setup(&f5);
	if (ktest_failed)
		return;
	dbt_word_t err = a_fwd(&ag[0], AS_NEXT2, GRANT_ITEM(0), DBT_FPAGE(WPAGE(0), 13, RW));
	if (err != DBT_E_BAD_MESSAGE && err != DBT_E_NOT_MAPPED)
		EXPECT_EQ(err, DBT_E_NOT_MAPPED);
	EXPECT_EQ(dbt_map_info(RPAGE(1), NULL, NULL), DBT_E_NOT_MAPPED);
	EXPECT_OK(dbt_map_info(RPAGE(5), &pa, NULL));
	EXPECT_EQ(pa, f5);
	EXPECT_EQ(rget(RPAGE(5)), 0xa5);
}

MTEST(map_phys_remap_and_derived)
{
	dbt_word_t f, f2, rights;
	EXPECT_OK(agents_start(1, true));
	EXPECT_OK(rmap_new(0, 0x10, &f));
	EXPECT_OK(dbt_unmap(DBT_FPAGE(RPAGE(0), 12, DBT_W), DBT_UNMAP_SELF));
	EXPECT_OK(send_map(&ag[0], 0, DBT_FPAGE(RPAGE(0), 12, RW)));
	EXPECT_OK(a_info(&ag[0], WPAGE(0), NULL, &rights));
	EXPECT_EQ(rights, DBT_R);
	/* the same frame again: rights are added, what was derived stays */
	EXPECT_OK(rmap(0, f, RW));
	EXPECT_OK(dbt_map_info(RPAGE(0), NULL, &rights));
	EXPECT_EQ(rights, RW);
	EXPECT_OK(a_info(&ag[0], WPAGE(0), NULL, NULL));
	/* another frame: replaced, and the derived mapping is revoked */
	f2 = urt_alloc_frame();
	EXPECT_OK(rmap(0, f2, RW));
	EXPECT_EQ(a_info(&ag[0], WPAGE(0), NULL, NULL), DBT_E_NOT_MAPPED);
}

#define CHILD_UTCB_VA 0x7ffff0010000ull  /* where ktest_child puts a child's UTCB */

MTEST(map_item_onto_utcb_busy)
{
	EXPECT_OK(agents_start(1, true));
	EXPECT_OK(rmap_new(0, 0x0b, NULL));
	EXPECT_OK(rmap_new(1, 0x1b, NULL));
	EXPECT_OK(cmd(&ag[0], CMD_WIN, DBT_FPAGE(CHILD_UTCB_VA, 12, 0), 0, 0));
	EXPECT_EQ(send_map(&ag[0], 0, DBT_FPAGE(RPAGE(0), 12, RW)), DBT_E_BUSY);
	EXPECT_EQ(send_item(&ag[0], GRANT_ITEM(0), DBT_FPAGE(RPAGE(1), 12, RW)), DBT_E_BUSY);
	EXPECT_OK(dbt_map_info(RPAGE(1), NULL, NULL));     /* the grant did not happen */
	EXPECT_EQ(a_info(&ag[0], CHILD_UTCB_VA, NULL, NULL), DBT_E_NOT_MAPPED);
	/* the agent's UTCB still works: MR8.. travel through it */
	EXPECT_OK(cmd(&ag[0], CMD_WIN, DBT_FPAGE(WIN, WIN_ORDER, 0), 0, 0));
	EXPECT_OK(send_map(&ag[0], 0, DBT_FPAGE(RPAGE(0), 12, RW)));
	EXPECT_EQ(a_read(&ag[0], WPAGE(0)), 0x0b);
	/* unmapping a region with the UTCB in it skips the UTCB */
	EXPECT_OK(a_unmap(&ag[0], DBT_FPAGE(0x7ffff0000000ull, 20, DBT_RWX), DBT_UNMAP_SELF));
	EXPECT_OK(cmd(&ag[0], CMD_PING, 0, 0, 0));
	EXPECT_OK(a_info(&ag[0], WPAGE(0), NULL, NULL));
}

MTEST(downgrade_tree_siblings)
{
	dbt_word_t rights;
	EXPECT_OK(agents_start(3, true));
	EXPECT_OK(rmap_new(0, 0x5, NULL));
	/* root -> A, root -> B, A -> C */
	EXPECT_OK(send_map(&ag[0], 0, DBT_FPAGE(RPAGE(0), 12, RW)));
	EXPECT_OK(send_map(&ag[1], 0x3000, DBT_FPAGE(RPAGE(0), 12, RW)));
	EXPECT_OK(ktest_give(&ag[0].c, ag[2].ep, AS_NEXT2, DBT_CAP_WRITE | DBT_CAP_GRANT));
	EXPECT_OK(a_fwd(&ag[0], AS_NEXT2, MAP_ITEM(0x4000), DBT_FPAGE(WPAGE(0), 12, RW)));
	EXPECT_OK(dbt_unmap(DBT_FPAGE(RPAGE(0), 12, DBT_W), 0));
	EXPECT_OK(a_info(&ag[0], WPAGE(0), NULL, &rights));
	EXPECT_EQ(rights, DBT_R);
	EXPECT_OK(a_info(&ag[1], WPAGE(3), NULL, &rights));
	EXPECT_EQ(rights, DBT_R);
	EXPECT_OK(a_info(&ag[2], WPAGE(4), NULL, &rights));
	EXPECT_EQ(rights, DBT_R);
	EXPECT_OK(dbt_map_info(RPAGE(0), NULL, &rights));
	EXPECT_EQ(rights, RW);
	/* and a full revocation reaches all three */
	EXPECT_OK(dbt_unmap(DBT_FPAGE(RPAGE(0), 12, DBT_RWX), 0));
	EXPECT_EQ(a_info(&ag[0], WPAGE(0), NULL, NULL), DBT_E_NOT_MAPPED);
	EXPECT_EQ(a_info(&ag[1], WPAGE(3), NULL, NULL), DBT_E_NOT_MAPPED);
	EXPECT_EQ(a_info(&ag[2], WPAGE(4), NULL, NULL), DBT_E_NOT_MAPPED);
}

MTEST(pagefault_exec)
{
	static const uint8_t code[] = { 0xb8, 0x34, 0x12, 0x00, 0x00, 0xc3 }; /* mov $0x1234,%eax; ret */
	dbt_word_t f, rights;
	EXPECT_OK(agents_start(1, true));
	f = urt_alloc_frame();
	EXPECT_OK(rmap(0, f, DBT_RWX));
	memcpy((void *)RPAGE(0), code, sizeof(code));
	pg.src = RPAGE(0);
	pg.rights[0] = DBT_R;                   /* mapped without X first */
	pg.rights[1] = DBT_R | DBT_X;
	dbt_word_t err = cmd(&ag[0], CMD_EXEC, WPAGE(6), 0, 0);
	EXPECT_OK(err);
	EXPECT_EQ(rep[0], 0x1234);
	EXPECT_EQ(pg.faults, 2);
	EXPECT_EQ(pg.first_access, DBT_PF_EXEC);
	EXPECT_EQ(pg.access, DBT_PF_EXEC | DBT_PF_PRESENT);
	EXPECT_EQ(pg.addr, WPAGE(6));
	EXPECT_EQ(pg.rip, WPAGE(6));
	EXPECT_OK(a_info(&ag[0], WPAGE(6), NULL, &rights));
	EXPECT_EQ(rights, DBT_R | DBT_X);
	/* taking X away again makes the next call fault */
	pg.rights[2] = pg.rights[3] = DBT_R | DBT_X;
	EXPECT_OK(dbt_unmap(DBT_FPAGE(RPAGE(0), 12, DBT_X), 0));
	EXPECT_OK(a_info(&ag[0], WPAGE(6), NULL, &rights));
	EXPECT_EQ(rights, DBT_R);
	EXPECT_OK(cmd(&ag[0], CMD_EXEC, WPAGE(6), 0, 0));
	EXPECT_EQ(rep[0], 0x1234);
	EXPECT_EQ(pg.faults, 3);
	EXPECT_EQ(pg.access, DBT_PF_EXEC | DBT_PF_PRESENT);
}

MTEST(map_item_no_quota)
{
	dbt_word_t used, limit, f1;
	EXPECT_OK(pager_start());
	/* an agent whose task lives on a small quota of its own */
	dbt_slot_t q = kcreate(DBT_OBJ_QUOTA, 512 << 10, 0), saved = T_QUOTA;
	T_QUOTA = q;
	dbt_word_t err = agents_start(1, true);
	T_QUOTA = saved;
	EXPECT_OK(err);
	EXPECT_OK(rmap_new(0, 0x90, NULL));
	EXPECT_OK(rmap_new(1, 0x91, &f1));
	EXPECT_OK(send_map(&ag[0], 0, DBT_FPAGE(RPAGE(0), 12, RW)));   /* page tables exist now */
	/* fault in the agent's code, data and stack now: later faults would need quota */
	EXPECT_OK(cmd(&ag[0], CMD_TOUCH, 0x400000, (dbt_word_t)_end, 0));
	EXPECT_OK(cmd(&ag[0], CMD_TOUCH, (dbt_word_t)ag[0].c.stack,
	              (dbt_word_t)ag[0].c.stack + 4 * 4096, 0));
	EXPECT_EQ(a_info(&ag[0], WPAGE(0), NULL, NULL), DBT_OK);
	EXPECT_EQ(a_read(&ag[0], WPAGE(0)), 0x90);
	/* use up the quota but for 64 bytes: one more mapping node */
	EXPECT_OK(dbt_quota_info(q, &used, &limit));
	dbt_slot_t filler = kslot();
	EXPECT_OK(dbt_create(q, DBT_OBJ_QUOTA, filler, limit - used - 128 - 64, 0));
	EXPECT_OK(dbt_quota_info(q, &used, &limit));
	EXPECT_EQ(limit - used, 64);
	EXPECT_OK(send_map(&ag[0], 0x1000, DBT_FPAGE(RPAGE(0), 12, RW)));
	EXPECT_EQ(send_map(&ag[0], 0x2000, DBT_FPAGE(RPAGE(0), 12, RW)), DBT_E_NO_QUOTA);
	EXPECT_EQ(a_info(&ag[0], WPAGE(2), NULL, NULL), DBT_E_NOT_MAPPED);
	/* a grant needs room for the node's charge too; the sender keeps its page */
	EXPECT_EQ(send_item(&ag[0], GRANT_ITEM(0x3000), DBT_FPAGE(RPAGE(1), 12, RW)),
	          DBT_E_NO_QUOTA);
	EXPECT_OK(dbt_map_info(RPAGE(1), NULL, NULL));
	EXPECT_EQ(a_info(&ag[0], WPAGE(3), NULL, NULL), DBT_E_NOT_MAPPED);
	/* room again: both work */
	EXPECT_OK(dbt_destroy(filler));
	EXPECT_OK(send_map(&ag[0], 0x2000, DBT_FPAGE(RPAGE(0), 12, RW)));
	EXPECT_OK(send_item(&ag[0], GRANT_ITEM(0x3000), DBT_FPAGE(RPAGE(1), 12, RW)));
	dbt_word_t pa;
	EXPECT_OK(a_info(&ag[0], WPAGE(3), &pa, NULL));
	EXPECT_EQ(pa, f1);
	EXPECT_EQ(dbt_map_info(RPAGE(1), NULL, NULL), DBT_E_NOT_MAPPED);
}

MTEST(destroy_task_revokes_derived)
{
	dbt_word_t pa;
	chain3();
	if (ktest_failed)
		return;
	/* the last level goes: the others are untouched */
	EXPECT_OK(dbt_destroy(ag[2].c.task));
	EXPECT_OK(a_info(&ag[1], WPAGE(1), &pa, NULL));
	EXPECT_EQ(pa, chain_f);
	/* the middle goes: what was mapped from it goes too (B's mapping into C is
	 * gone already), A and the root keep theirs */
	EXPECT_OK(a_fwd(&ag[0], AS_NEXT, MAP_ITEM(0x5000), DBT_FPAGE(WPAGE(0), 12, RW)));
	EXPECT_OK(dbt_destroy(ag[0].c.task));
	EXPECT_EQ(a_info(&ag[1], WPAGE(1), NULL, NULL), DBT_E_NOT_MAPPED);
	EXPECT_EQ(a_info(&ag[1], WPAGE(5), NULL, NULL), DBT_E_NOT_MAPPED);
	EXPECT_OK(dbt_map_info(RPAGE(0), &pa, NULL));
	EXPECT_EQ(pa, chain_f);
	/* the root's database is intact: map and revoke once more */
	EXPECT_OK(send_map(&ag[1], 0x6000, DBT_FPAGE(RPAGE(0), 12, RW)));
	EXPECT_EQ(a_read(&ag[1], WPAGE(6)), 0xc4a1);
	EXPECT_OK(dbt_unmap(DBT_FPAGE(RPAGE(0), 12, DBT_RWX), 0));
	EXPECT_EQ(a_info(&ag[1], WPAGE(6), NULL, NULL), DBT_E_NOT_MAPPED);
}

MTEST(destroy_task_revokes_io)
{
	io_setup();
	if (ktest_failed)
		return;
	EXPECT_OK(a_outb(&ag[1], 0x80, 0));
	EXPECT_EQ(pg.excs, 0);
	EXPECT_OK(dbt_destroy(ag[0].c.task));
	EXPECT_EQ(a_inb(&ag[1], 0x71), GP_SENTINEL);
	EXPECT_OK(a_outb(&ag[1], 0x80, 0));
	EXPECT_EQ(pg.excs, 2);
	EXPECT_EQ(pg.vector, 13);
}

MTEST(io_unmap_partial_overlap)
{
	io_setup();
	if (ktest_failed)
		return;
	/* revoking port 0x71 takes B's whole 0x70..0x71 node, not 0x80 */
	EXPECT_OK(a_unmap(&ag[0], DBT_IO_FPAGE(0x71, 0), DBT_UNMAP_IO));
	EXPECT_OK(a_outb(&ag[1], 0x70, 0));
	EXPECT_EQ(pg.excs, 1);
	EXPECT_EQ(pg.exc_rip, (dbt_word_t)tmem_outb_insn);
	EXPECT_OK(a_outb(&ag[1], 0x80, 0));
	EXPECT_EQ(pg.excs, 1);
	/* mapping it again brings it back */
	EXPECT_OK(a_fwd(&ag[0], AS_NEXT, IO_ITEM, DBT_IO_FPAGE(0x70, 1)));
	EXPECT_OK(a_outb(&ag[1], 0x70, 0));
	EXPECT(cmos_seconds_ok(a_inb(&ag[1], 0x71)));
	EXPECT_EQ(pg.excs, 1);
}
