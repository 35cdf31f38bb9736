/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_fuzz.c - a hostile task: random kernel calls with random arguments.
 *
 * Each test starts a child thread in its own task (own address space, own
 * capability space, charged to the test quota) that makes FUZZ_CALLS kernel
 * calls chosen by a seeded xorshift generator, with arguments biased to
 * interesting values: small slots (the valid ones among them), 0, -1, kernel
 * and non-canonical addresses, page-aligned user addresses, flexpages, tags
 * and random words.  The kernel must survive, and once the test quota is
 * destroyed the kernel pool must be back at its level before the test (the
 * framework's leak check).
 *
 * The child's capabilities (slots of its task):
 *   1 its own thread (CHILD_SLOT_SELF), without DELETE
 *   2 an endpoint, 3 a notification, without DELETE (objects the child
 *     creates itself have every right)
 *   4 a sub-quota of FUZZ_SUBQUOTA bytes (all rights; when the child destroys
 *     it the root makes a new one and gives it again)
 *   5 its own task, without DELETE
 *   6 a badged send-only copy of the endpoint
 *   241..246 spare copies of 1..6 (never fuzzed): every 256 calls the child
 *     copies them back into 1..6 if it lost those
 * A second thread in the child's task (the partner) receives on the
 * endpoint with random receive windows and answers with random messages
 * and typed items, so that sends, calls and item transfers happen; it
 * saves some reply rights (slots FZ_REPLY..) and answers, deletes or
 * forgets them later, as the child may too.
 * Without DELETE on its own thread and task (and copies of them, which can
 * only have fewer rights) the child cannot end itself.
 *
 * Exclusions, so that the run is not ended by the child harming itself
 * rather than by the kernel:
 *  - DBT_SYS_DEBUG_ENTER is never made (it would stop the machine in the
 *    debugger; the child has no debug capability anyway).
 *  - IPC and wait timeouts are forced to POLL or a few microseconds; so are
 *    deadlines (DBT_TAG_DEADLINE in rsi): passed, or a few microseconds on.
 *  - STOP, WRITE_REGS, SET_PAGER, SET_EXC, SET_FOREIGN and SET_PRIORITY are
 *    not applied to a thread that THREAD_INFO reports runnable: that is
 *    always the child itself (and rarely a thread it started).  Random
 *    registers, pager or foreign ABI on itself would kill it.  A STOP that
 *    still reaches the child (it runs while we look) is undone by the root,
 *    which resumes a stopped child and counts it.
 *  - UTCB, clock-page and start addresses avoid the program image and heap,
 *    so a new UTCB or the clock page never lands on a page the child has yet
 *    to touch (or has unmapped, and will fault in again).
 * After each WRITE_FPU (random states, many of them hostile) the child runs
 * an SSE instruction, so that a state the kernel accepted is loaded at once:
 * one it should have refused would fault in the kernel.
 * The root polls the child's progress counter; a child that makes no
 * progress for FUZZ_STALL_MS fails the test.
 *
 * Aimed IPC: one SEND or CALL in FUZZ_AIM_ONE_IN is a well-formed one on
 * the endpoint the partner waits on (untyped or with one plausible item,
 * a short send timeout), so that many more calls reach the partner than
 * the ~1% that random tags and slots let through.
 *
 * Seeds: seed1..seed4 are fixed; fuzz/fresh takes a new seed from the
 * time-stamp counter each boot and prints it ("fuzz: fresh seed N"); the
 * boot argument seed=N replays it, calls=N sets its calls per round and
 * rounds=N its number of rounds (each round a new child on seed + round).
 * The suite runs with the kernel's invariant checks on ("kcheck",
 * kernel/check.c), so a memory error that crashes nothing still fails it.
 */
#include "ktest.h"

#define FUZZ_CALLS      100000
#define FUZZ_AIM_ONE_IN 2
#define FUZZ_SUBQUOTA   (512u << 10)
#define FUZZ_POLL_MS    20
#define FUZZ_STALL_MS   10000
#define FUZZ_NERR       (DBT_E_COUNT + 1)       /* last: unknown codes */

#define FZ_SELF   CHILD_SLOT_SELF
#define FZ_EP     2
#define FZ_NTF    3
#define FZ_QUOTA  4
#define FZ_TASK   5
#define FZ_EPB    6
#define FZ_BACKUP 240           /* slots 240..: spare copies, never fuzzed */
#define FZ_NGIVEN 6
#define FZ_REPLY  48            /* slots 48..55: where replies are saved, mostly */
#define FZ_NREPLY 8
#define KEEP (DBT_CAP_ALL & ~DBT_CAP_DELETE)    /* given objects stay */


struct fuzz_state {
	uint64_t rng;
	uint64_t target;
	volatile uint64_t calls;
	volatile uint64_t skipped;
	volatile uint64_t partner_msgs;
	volatile uint64_t partner_saved, partner_answered;     /* through reply capabilities */
	uint64_t prng;                          /* the partner's generator */
	volatile uint64_t errs[FUZZ_NERR];
};

static struct fuzz_state fz;

/* ---- the generator --------------------------------------------------------------- */

/* Each thread's generator state: the fuzzer's fz.rng, the partner's fz.prng
 * (a pointer in its UTCB's runtime word 0). */
static uint64_t rnd(void)
{
	uint64_t *st = (uint64_t *)dbt_utcb()->user[0];
	uint64_t x = *st;
	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*st = x;
	return x;
}

static unsigned rn(unsigned n)
{
	return (unsigned)(rnd() % n);
}

static dbt_word_t rnd_slot(void)
{
	switch (rn(8)) {
	case 0: case 1: case 2:
		return 1 + rn(6);                       /* the given capabilities */
	case 3: case 4: case 5:
		return rn(41);                          /* small slots, created ones */
	case 6: {
		static const dbt_word_t odd[] = { 0, 255, 256, 257, 65535, 65536,
		                                  0xffffffffull, 1ull << 32, ~0ull };
		return odd[rn(sizeof(odd) / sizeof(odd[0]))];
	}
	default:
		return rn(2) ? rn(FZ_BACKUP) : rnd();
	}
}

/* A page-aligned user address away from the program image and heap. */
static dbt_word_t rnd_uaddr(void)
{
	static const dbt_word_t fixed[] = {
		0x1000, 0x200000, 0x10000000, 0x40000000, 0x7ffff0020000ull,
		0x7ffff0030000ull, 0x7fffffffe000ull, 0x7ffffffff000ull,
		0x200000000000ull, 0x3ffffffff000ull,
	};
	if (rn(2))
		return fixed[rn(sizeof(fixed) / sizeof(fixed[0]))];
	return 0x200000000000ull + ((rnd() % 0x5f0000000000ull) & ~0xfffull);
}

static dbt_word_t rnd_fpage(void)
{
	static const unsigned orders[] = { 0, 1, 11, 12, 12, 12, 13, 16, 21, 22, 30, 39, 46, 47, 48, 63 };
	unsigned order = rn(4) ? orders[rn(sizeof(orders) / sizeof(orders[0]))] : rn(64);
	dbt_word_t base;
	switch (rn(6)) {
	case 0: base = 0; break;
	case 1: base = 0xffff800000000000ull; break;
	case 2: base = DBT_USER_TOP; break;
	case 3: base = rnd() & ~0xfffull; break;
	default: base = rnd_uaddr(); break;
	}
	if (rn(4) && order < 64)
		base &= ~((1ull << order) - 1);
	return DBT_FPAGE(base, order, rn(8) ? rn(8) : rn(64));
}

static dbt_word_t rnd_word(void)
{
	switch (rn(16)) {
	case 0: return 0;
	case 1: return ~0ull;
	case 2: return 0xffff800000000000ull;
	case 3: return 0x0000800000000000ull;
	case 4: case 5: return rnd_uaddr();
	case 6: return rn(41);
	case 7: return 1ull << rn(64);
	case 8: return rnd_fpage();
	case 9: return rnd_slot();
	case 10: return DBT_USER_TOP - 1 - rn(16);
	case 11: return rn(4096);
	default: return rnd();
	}
}

static uint32_t rnd_timeout(void)
{
	return rn(32) ? DBT_TIMEOUT_POLL : 1 + rn(200);
}

/* r10 for a call whose tag register is rsi. */
static dbt_word_t rnd_timeouts(dbt_word_t rsi)
{
	if (!(rsi & DBT_TAG_DEADLINE))
		return DBT_TIMEOUTS(rnd_timeout(), rnd_timeout());
	return rn(32) ? rn(2) * dbt_clock_ns() : dbt_clock_ns() + 1000 * (1 + rn(200));
}

static dbt_word_t rnd_tag(void)
{
	if (rn(8) == 0)
		return rnd_word();
	dbt_word_t label = rn(4) ? rn(16) : rnd() >> 16;
	unsigned u = rn(4) ? rn(9) : rn(128), t = rn(3) ? 0 : rn(4);
	if (rn(8) == 0)
		t = rn(32);
	dbt_word_t tag = DBT_TAG(label, u & 0x7f, t & 0x1f);
	if (rn(16) == 0)
		tag |= DBT_TAG_RESERVED;
	if (rn(16) == 0)
		tag |= DBT_TAG_DEADLINE;
	return tag;
}

static dbt_word_t rnd_item0(void)
{
	unsigned kind = rn(8) ? 1 + rn(2) : rn(16), space = rn(8) ? rn(3) : rn(16);
	return DBT_ITEM(kind, space, rn(2) ? 0 : rnd());
}

static dbt_word_t rnd_item1(unsigned space)
{
	if (space == DBT_SPACE_CAP)
		return DBT_CAP_FPAGE(rnd_slot() & 0xffff, 0, rn(32));
	if (space == DBT_SPACE_IO)
		return DBT_IO_FPAGE(rn(65536), rn(18));
	return rnd_fpage();
}

/* Random message registers; typed-item slots get plausible items. */
static void rnd_msg(dbt_word_t *mr, dbt_word_t tag)
{
	unsigned u = DBT_TAG_U(tag), t = DBT_TAG_T(tag);
	for (unsigned i = 0; i < DBT_MSG_WORDS; i++)
		mr[i] = rn(2) ? rnd_word() : mr[i];
	for (unsigned i = 0; i < t && u + 2 * i + 1 < DBT_MSG_WORDS; i++) {
		mr[u + 2 * i] = rnd_item0();
		mr[u + 2 * i + 1] = rnd_item1(DBT_ITEM_SPACE(mr[u + 2 * i]));
	}
}

/* ---- one raw kernel call: every argument and message register ------------------- */

struct fz_regs {
	dbt_word_t rax, rdi, rsi, rdx, r10, r8, r9, rbx, r12, r13, r14, r15;
};

static void fz_syscall(struct fz_regs *r)
{
	register dbt_word_t r10 __asm__("r10") = r->r10;
	register dbt_word_t r8 __asm__("r8") = r->r8;
	register dbt_word_t r9 __asm__("r9") = r->r9;
	register dbt_word_t r12 __asm__("r12") = r->r12;
	register dbt_word_t r13 __asm__("r13") = r->r13;
	register dbt_word_t r14 __asm__("r14") = r->r14;
	register dbt_word_t r15 __asm__("r15") = r->r15;
	register dbt_word_t rbx __asm__("rbx") = r->rbx;
	dbt_word_t rax = r->rax, rdi = r->rdi, rsi = r->rsi, rdx = r->rdx;
	__asm__ volatile("syscall"
	                 : "+a"(rax), "+D"(rdi), "+S"(rsi), "+d"(rdx), "+r"(r10),
	                   "+r"(r8), "+r"(r9), "+r"(rbx), "+r"(r12), "+r"(r13),
	                   "+r"(r14), "+r"(r15)
	                 :
	                 : "rcx", "r11", "memory");
	r->rax = rax;
	r->rdi = rdi;
	r->rsi = rsi;
	r->rdx = rdx;
}

/* A random FPU state in the UTCB area, often close to a valid one (MXCSR
 * and XSAVE header with valid or stray bits); then the child's next FPU
 * instruction (fz_fpu_touch) makes the kernel load whatever WRITE_FPU took. */
static void rnd_xstate(void)
{
	dbt_word_t *w = dbt_xstate();
	struct dbt_fxsave *fx = dbt_xstate();
	struct dbt_xsave_header *h = (void *)((char *)dbt_xstate() + DBT_XSTATE_HEADER_OFFSET);
	for (unsigned i = 0; i < (DBT_XSTATE_AVX_OFFSET + DBT_XSTATE_AVX_SIZE) / 8; i++)
		w[i] = rn(2) ? rnd_word() : w[i];
	fx->mxcsr = rn(2) ? DBT_MXCSR_INIT | (rn(0x10000) & 0xffbf) : (uint32_t)rnd_word();
	if (rn(2)) {
		h->xstate_bv = rn(4) ? rn(8) : 1ull << rn(64);
		h->xcomp_bv = rn(4) ? 0 : rnd_word();
		for (unsigned i = 0; i < 6; i++)
			h->reserved[i] = rn(8) ? 0 : rnd_word();
	}
}

static dbt_word_t rnd_xstate_size(void)
{
	static const dbt_word_t sizes[] = { DBT_XSTATE_LEGACY_SIZE, DBT_XSTATE_AVX_OFFSET,
	                                    DBT_XSTATE_AVX_OFFSET + DBT_XSTATE_AVX_SIZE };
	return rn(4) ? sizes[rn(3)] : rnd_word();
}

/* An SSE instruction: loads the child's FPU state if the kernel dropped it. */
static void fz_fpu_touch(void)
{
	uint32_t mxcsr;
	__asm__ volatile("stmxcsr %0" : "=m"(mxcsr));
}

/* Thread operations that would end the child if applied to itself. */
static bool op_harms_self(dbt_word_t op)
{
	return op == DBT_THREAD_STOP || op == DBT_THREAD_WRITE_REGS ||
	       op == DBT_THREAD_SET_PAGER || op == DBT_THREAD_SET_EXC ||
	       op == DBT_THREAD_SET_FOREIGN || op == DBT_THREAD_SET_PRIORITY;
}

static bool thread_is_runnable(dbt_word_t slot)
{
	struct dbt_sysret r = dbt_thread_ctl(slot, DBT_THREAD_INFO, 0, 0);
	return r.err == DBT_OK && r.v0 == DBT_THREAD_RUNNABLE;
}

static dbt_word_t rnd_sysno(void)
{
	switch (rn(16)) {
	case 5: case 6:
		return rn(2) ? DBT_SYS_SEND : DBT_SYS_CALL;     /* half of them aimed */
	case 0:
		return DBT_SYS_COUNT + rn(8);
	case 2: case 3: case 4:
		return rn(DBT_SYS_YIELD);               /* IPC, more often */
	case 1: {
		static const dbt_word_t odd[] = { ~0ull, 0x80000000ull, 1ull << 32,
		                                  (1ull << 32) | DBT_SYS_CAP_DELETE, 255, 256 };
		return odd[rn(sizeof(odd) / sizeof(odd[0]))];
	}
	default:
		return rn(DBT_SYS_COUNT);
	}
}

/* A well-formed SEND or CALL to the partner's endpoint (see the top). */
static void aim_ipc(struct fz_regs *r, dbt_word_t *mr)
{
	r->rdi = rn(2) ? FZ_EP : FZ_EPB;
	r->rsi = DBT_TAG(rn(16), rn(DBT_MSG_WORDS - 2), 0);
	for (unsigned i = 0; i < DBT_MSG_WORDS; i++)
		mr[i] = rnd_word();
	if (rn(4) == 0) {               /* one item after the untyped words */
		unsigned u = DBT_TAG_U(r->rsi);
		r->rsi = DBT_TAG(DBT_TAG_LABEL(r->rsi), u, 1);
		mr[u] = DBT_ITEM(1 + rn(2), rn(3), 0);
		mr[u + 1] = rnd_item1(DBT_ITEM_SPACE(mr[u]));
	}
	r->r10 = DBT_TIMEOUTS(1 + rn(50), rn(4) ? DBT_TIMEOUT_POLL : 1 + rn(50));
}

/* Build and make one call; false if it was skipped. */
static bool fuzz_one(void)
{
	struct fz_regs r;
	dbt_word_t *mr = dbt_mr();
	struct dbt_utcb *u = dbt_utcb();
	dbt_word_t no = rnd_sysno();
	if (no == DBT_SYS_DEBUG_ENTER)
		no = DBT_SYS_YIELD;                     /* never: see the top */
	r.rax = no;
	r.rdi = rnd_word();
	r.rsi = rnd_word();
	r.rdx = rnd_word();
	r.r10 = rnd_word();
	r.r8 = rnd_word();
	r.r9 = rnd_word();
	bool typed = rn(4) == 0;
	switch (no) {
	case DBT_SYS_SEND:
	case DBT_SYS_CALL:
	case DBT_SYS_RECV:
	case DBT_SYS_REPLY:
	case DBT_SYS_REPLY_RECV:
	case DBT_SYS_REPLY_CAP:
	case DBT_SYS_REPLY_CAP_RECV:
		r.rdi = rn(2) ? (rn(2) ? FZ_EP : FZ_EPB) : rn(4) ? rnd_slot() : rnd_word();
		if (no == DBT_SYS_REPLY_CAP && rn(2))
			r.rdi = FZ_REPLY + rn(FZ_NREPLY);
		r.rsi = typed ? DBT_TAG(rn(16), rn(8), 1 + rn(4)) : rnd_tag();
		rnd_msg(mr, r.rsi);
		if (rn(8) == 0) {
			u->rcv_mem = rn(2) ? rnd_fpage() : 0;
			u->rcv_io = rn(2) ? rnd_word() : 0;
			u->rcv_cap = rn(2) ? DBT_CAP_FPAGE(rn(48), rn(8), 0) : 0;
		}
		r.r10 = rnd_timeouts(r.rsi);
		if (no == DBT_SYS_REPLY_CAP_RECV)       /* the send half names the reply */
			r.r10 = DBT_TIMEOUTS(rn(2) ? FZ_REPLY + rn(FZ_NREPLY) : (uint32_t)rnd_slot(),
			                     rnd_timeout());
		if ((no == DBT_SYS_SEND || no == DBT_SYS_CALL) && rn(FUZZ_AIM_ONE_IN) == 0)
			aim_ipc(&r, mr);
		r.rdx = mr[0];
		r.r8 = mr[1];
		r.r9 = mr[2];
		break;
	case DBT_SYS_SIGNAL:
	case DBT_SYS_WAIT:
		r.rdi = rn(2) ? FZ_NTF : rnd_slot();
		r.r10 = rnd_timeouts(r.rsi);
		break;
	case DBT_SYS_CAP_COPY:
	case DBT_SYS_CAP_MOVE:
		r.rdi = rnd_slot();
		r.rsi = rnd_slot();
		r.rdx = rn(4) ? rn(32) : rnd_word();
		r.r10 = rn(2) ? 0 : rnd_word();
		break;
	case DBT_SYS_REPLY_SAVE:
		r.rdi = rn(2) ? FZ_REPLY + rn(FZ_NREPLY) : rnd_slot();
		break;
	case DBT_SYS_CAP_DELETE:
	case DBT_SYS_CAP_REVOKE:
	case DBT_SYS_CAP_INFO:
	case DBT_SYS_DESTROY:
	case DBT_SYS_QUOTA_INFO:
	case DBT_SYS_IRQ_ACK:
		r.rdi = rnd_slot();
		break;
	case DBT_SYS_CAP_GIVE:
		r.rdi = rn(2) ? FZ_TASK : rnd_slot();
		r.rsi = rnd_slot();
		r.rdx = rnd_slot();
		r.r10 = rn(4) ? rn(32) : rnd_word();
		break;
	case DBT_SYS_CREATE: {
		r.rdi = rn(2) ? FZ_QUOTA : rnd_slot();
		r.rsi = rn(8) ? rn(DBT_OBJ_COUNT + 2) : rnd_word();
		r.rdx = rnd_slot();
		switch (r.rsi) {
		case DBT_OBJ_TASK:
			r.r10 = rn(4) ? rn(18) : rnd_word();
			break;
		case DBT_OBJ_THREAD:
			r.r10 = rn(2) ? FZ_TASK : rnd_slot();
			r.r8 = rn(4) ? rnd_uaddr() : rnd_word();
			break;
		case DBT_OBJ_QUOTA:
			r.r10 = rn(2) ? (dbt_word_t)rn(64) << rn(16) : rnd_word();
			break;
		}
		break;
	}
	case DBT_SYS_QUOTA_RESIZE:
		/* sub-quotas the fuzzer made grow and shrink; the rest is refused */
		r.rdi = rn(2) ? FZ_QUOTA : rnd_slot();
		r.rsi = rnd_slot();
		r.rdx = rn(2) ? (dbt_word_t)rn(64) << rn(16) : rnd_word();
		break;
	case DBT_SYS_MAP_PHYS:
		r.rsi = rn(2) ? (dbt_word_t)rn(1 << 20) << 12 : rnd_word();
		r.rdx = rnd_fpage();
		r.r10 = rn(4) ? rn(3) : rnd_word();
		break;
	case DBT_SYS_UNMAP:
		r.rdi = rnd_fpage();
		r.rsi = rn(4) ? rn(4) : rnd_word();
		break;
	case DBT_SYS_MAP_INFO:
		r.rdi = rn(2) ? rnd_uaddr() + rn(4096) : rnd_word();
		r.rsi = rn(2) ? 0 : rn(2) ? FZ_TASK : rnd_slot();
		break;
	case DBT_SYS_TASK_MAP:
	case DBT_SYS_TASK_UNMAP:
		/* the range walks and the bound on the work per call */
		r.rdi = rn(2) ? FZ_TASK : rnd_slot();
		r.rsi = rn(4) ? rnd_uaddr() : rnd_word();
		r.rdx = no == DBT_SYS_TASK_MAP ? (rn(4) ? rnd_uaddr() : rnd_word())
		                               : (rn(4) ? rn(2048) : rnd_word());
		r.r10 = no == DBT_SYS_TASK_MAP ? (rn(4) ? rn(2048) : rnd_word())
		                               : (rn(4) ? rn(8) : rnd_word());
		r.r8 = rn(4) ? rn(8) : rnd_word();
		break;
	case DBT_SYS_THREAD_CTL:
		r.rdi = rn(2) ? rnd_slot() : rn(8) ? FZ_SELF : rn(41);
		r.rsi = rn(8) ? rn(DBT_THREAD_OP_COUNT) : rnd_word();
		switch (r.rsi) {
		case DBT_THREAD_START:
			r.rdx = rn(4) ? rnd_uaddr() + rn(4096) : rnd_word();
			r.r10 = rn(4) ? rnd_uaddr() : rnd_word();
			break;
		case DBT_THREAD_SET_PRIORITY:
			r.rdx = rn(4) ? rn(300) : rnd_word();
			break;
		case DBT_THREAD_SET_PAGER:
		case DBT_THREAD_SET_EXC:
		case DBT_THREAD_BIND_NOTIFY:
			r.rdx = rn(4) ? rn(8) : rnd_slot();
			break;
		case DBT_THREAD_SET_FOREIGN:    /* 0..3: off, long, invalid, short */
			r.rdx = rn(4) ? rn(4) : rnd_word();
			break;
		case DBT_THREAD_WRITE_REGS:
			rnd_msg(mr, 0);
			if (rn(2)) {
				mr[0] = rnd_uaddr();    /* rip */
				mr[18] = rn(2) ? 0 : mr[18];
				mr[19] = rn(2) ? 0 : mr[19];
			}
			break;
		case DBT_THREAD_SET_TIMESLICE:
			r.rdx = rn(4) ? rn(20000) : rnd_word();
			break;
		case DBT_THREAD_WRITE_FPU:
			rnd_xstate();
			r.rdx = rnd_xstate_size();
			break;
		}
		if (op_harms_self(r.rsi) && thread_is_runnable(r.rdi))
			return false;
		break;
	case DBT_SYS_IRQ_GET:
	case DBT_SYS_IRQ_BIND:
	case DBT_SYS_IO_ENABLE:
	case DBT_SYS_DEBUG_WRITE:
		r.rdi = rnd_slot();
		r.rsi = rn(2) ? rn(600) : rnd_word();
		break;
	case DBT_SYS_STAT:
		r.rdi = rn(8);
		break;
	case DBT_SYS_CLOCK_MAP:
		r.rdi = rn(2) ? 0 : rn(2) ? FZ_TASK : rnd_slot();
		r.rsi = rnd_uaddr() + (rn(4) ? 0 : 1 + rn(4095));
		break;
	}
	r.rbx = mr[3];
	r.r12 = mr[4];
	r.r13 = mr[5];
	r.r14 = mr[6];
	r.r15 = mr[7];
	dbt_word_t op = r.rsi;
	fz_syscall(&r);
	fz.errs[r.rax < DBT_E_COUNT ? r.rax : DBT_E_COUNT]++;
	if (no == DBT_SYS_THREAD_CTL && op == DBT_THREAD_WRITE_FPU)
		fz_fpu_touch();
	return true;
}

static void fuzz_child(dbt_word_t unused)
{
	(void)unused;
	dbt_utcb()->user[0] = (dbt_word_t)&fz.rng;
	/* Drop DELETE from the capability to our own thread. */
	if (dbt_cap_copy(FZ_SELF, 7, DBT_CAP_ALL & ~DBT_CAP_DELETE, 0) ||
	    dbt_cap_delete(FZ_SELF) || dbt_cap_move(7, FZ_SELF))
		return;
	if (dbt_cap_copy(FZ_SELF, FZ_BACKUP + FZ_SELF, DBT_CAP_ALL, 0))
		return;
	while (fz.calls < fz.target) {
		if ((fz.calls & 255) == 0)      /* get lost capabilities back */
			for (dbt_slot_t s = 1; s <= FZ_NGIVEN; s++)
				dbt_cap_copy(FZ_BACKUP + s, s, DBT_CAP_ALL, 0);
		if (fuzz_one())
			fz.calls++;
		else
			fz.skipped++;
	}
}

/*
 * The partner: a second thread in the child's task, receiving on the
 * endpoint with random receive windows and answering calls with random
 * messages and typed items, so that sends and calls find someone.
 */
static void partner_loop(dbt_word_t unused)
{
	dbt_word_t tag, badge, *mr = dbt_mr();
	struct dbt_utcb *u = dbt_utcb();
	(void)unused;
	u->user[0] = (dbt_word_t)&fz.prng;
	for (;;) {
		u->rcv_mem = rn(4) ? rnd_fpage() : 0;
		u->rcv_io = rn(2);
		u->rcv_cap = rn(2) ? DBT_CAP_FPAGE(8 + rn(40), rn(6), 0) : 0;
		dbt_word_t err = dbt_recv(FZ_BACKUP + FZ_EP, &tag, &badge, 100000);
		if (err)
			continue;
		fz.partner_msgs++;
		dbt_slot_t saved = FZ_REPLY + rn(FZ_NREPLY);
		if (rn(4) == 0 && dbt_reply_save(saved) == DBT_OK)
			fz.partner_saved++;
		tag = rn(2) ? DBT_TAG(rn(16), rn(8), rn(3)) : rnd_tag();
		rnd_msg(mr, tag);
		if (rn(8))
			dbt_reply(tag);
		if (rn(2) && dbt_reply_cap(rn(2) ? saved : FZ_REPLY + rn(FZ_NREPLY), tag) == DBT_OK)
			fz.partner_answered++;
		if (rn(16) == 0)
			dbt_cap_delete(FZ_REPLY + rn(FZ_NREPLY));
	}
}

#define PARTNER_UTCB  0x7ffff0040000ull
#define PARTNER_STACK 16        /* pages of ktest_scratch */

static dbt_word_t partner_start(struct kchild *c, struct kchild *p)
{
	dbt_word_t err;
	*p = (struct kchild){ .task = c->task, .thread = kslot(), .fn = partner_loop,
	                      .stack = ktest_scratch + (KTEST_SCRATCH_PAGES - PARTNER_STACK) * 4096 };
	p->stack = (uint8_t *)p->stack + PARTNER_STACK * 4096 - 4 * 4096;
	if ((err = dbt_create(T_QUOTA, DBT_OBJ_THREAD, p->thread, c->task, PARTNER_UTCB)))
		return err;
	if ((err = dbt_thread_ctl(p->thread, DBT_THREAD_SET_PAGER, ktest_pager_ep, 0).err) ||
	    (err = dbt_thread_ctl(p->thread, DBT_THREAD_SET_EXC, ktest_pager_ep, 0).err) ||
	    (err = dbt_thread_ctl(p->thread, DBT_THREAD_SET_PRIORITY, 150, 0).err))
		return err;
	return ktest_start(p);
}

/* ---- the root side ------------------------------------------------------------------- */

static dbt_word_t give_subquota(struct kchild *c, dbt_slot_t q, dbt_slot_t q2)
{
	dbt_word_t err = dbt_create(T_QUOTA, DBT_OBJ_QUOTA, q, FUZZ_SUBQUOTA, 0);
	if (err)
		return err;
	/* into slot 4, or the first free slot after the given ones */
	dbt_cap_delete(q2);
	if ((err = dbt_cap_copy(q, q2, DBT_CAP_ALL, 0)))
		return err;
	ktest_give(c, q, FZ_QUOTA, DBT_CAP_ALL);
	return ktest_give(c, q2, FZ_BACKUP + FZ_QUOTA, DBT_CAP_ALL);
}

static const char *const err_names[] = {
	"OK", "INVALID_SYSCALL", "INVALID_SLOT", "EMPTY_SLOT", "WRONG_TYPE", "NO_RIGHTS",
	"SLOT_OCCUPIED", "INVALID_ARG", "BAD_ADDRESS", "NO_QUOTA", "TIMEOUT", "DELETED",
	"NO_CALLER", "BAD_MESSAGE", "NO_WINDOW", "NOT_MAPPED", "BUSY", "CANCELLED",
	"BAD_STATE", "other",
};
_Static_assert(sizeof(err_names) / sizeof(err_names[0]) == FUZZ_NERR, "a name per error");

static void fuzz_run(uint64_t seed, uint64_t ncalls)
{
	struct kchild c, partner;
	unsigned stopped = 0, requota = 0, stall = 0;
	fz = (struct fuzz_state){ .rng = seed, .target = ncalls, .prng = ~seed };
	uprintf("fuzz: seed %lx, %lu calls\n", (unsigned long)seed, (unsigned long)ncalls);
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	dbt_slot_t epb = kslot(), q = kslot(), q2 = kslot();
	EXPECT_OK(dbt_cap_copy(ep, epb, DBT_CAP_WRITE | DBT_CAP_GRANT, 0x77));
	EXPECT_OK(ktest_child(&c, fuzz_child, 0));
	EXPECT_OK(ktest_give(&c, ep, FZ_EP, KEEP));
	EXPECT_OK(ktest_give(&c, ntf, FZ_NTF, KEEP));
	EXPECT_OK(give_subquota(&c, q, q2));
	EXPECT_OK(ktest_give(&c, c.task, FZ_TASK, KEEP));
	EXPECT_OK(ktest_give(&c, epb, FZ_EPB, KEEP));
	EXPECT_OK(ktest_give(&c, ep, FZ_BACKUP + FZ_EP, KEEP));
	EXPECT_OK(ktest_give(&c, ntf, FZ_BACKUP + FZ_NTF, KEEP));
	EXPECT_OK(ktest_give(&c, c.task, FZ_BACKUP + FZ_TASK, KEEP));
	EXPECT_OK(ktest_give(&c, epb, FZ_BACKUP + FZ_EPB, KEEP));
	EXPECT_OK(partner_start(&c, &partner));
	dbt_word_t t0 = dbt_clock();
	EXPECT_OK(ktest_start(&c));
	uint64_t last = 0;
	while (!c.done) {
		ksleep_ms(FUZZ_POLL_MS);
		if (fz.calls != last) {
			last = fz.calls;
			stall = 0;
		} else if (++stall * FUZZ_POLL_MS >= FUZZ_STALL_MS) {
			break;
		}
		struct dbt_sysret info = dbt_thread_ctl(c.thread, DBT_THREAD_INFO, 0, 0);
		if (info.err) {
			ktest_fail(__FILE__, __LINE__, "child thread gone: %lu", info.err);
			break;
		}
		if (info.v0 == DBT_THREAD_STOPPED && !c.done) {
			stopped++;
			dbt_thread_ctl(c.thread, DBT_THREAD_RESUME, 0, 0);
		}
		dbt_word_t type;
		if (dbt_cap_info(q, &type, NULL, NULL) == DBT_E_EMPTY_SLOT) {
			requota++;
			give_subquota(&c, q, q2);
		}
	}
	uint64_t calls = fz.calls;
	if (!c.done) {
		struct dbt_sysret info = dbt_thread_ctl(c.thread, DBT_THREAD_INFO, 0, 0);
		dbt_thread_ctl(c.thread, DBT_THREAD_READ_REGS, 0, 0);
		uprintf("fuzz: child stuck after %lu calls: state %lu, rip %lx\n",
		        (unsigned long)calls, info.v0, dbt_mr()[0]);
	}
	/* The child (and everything it made) goes; the framework checks memory. */
	EXPECT_OK(dbt_destroy(c.task));
	dbt_destroy(q);
	uprintf("fuzz: %lu calls in %lu ms, %lu partner messages, %lu replies saved, %lu answered "
	        "through them\n", (unsigned long)calls, (unsigned long)((dbt_clock() - t0) / 1000),
	        (unsigned long)fz.partner_msgs, (unsigned long)fz.partner_saved,
	        (unsigned long)fz.partner_answered);
	uprintf("fuzz: %lu calls, seed %lx, %lu skipped, %u self-stops resumed, %u sub-quotas renewed\n",
	        (unsigned long)calls, (unsigned long)seed, (unsigned long)fz.skipped, stopped, requota);
	char line[512];
	int n = 0;
	for (unsigned i = 0; i < FUZZ_NERR; i++)
		if (fz.errs[i])
			n += snfmt(line + n, sizeof(line) - (size_t)n, " %s=%lu", err_names[i],
			           (unsigned long)fz.errs[i]);
	uprintf("fuzz: errors by code:%s\n", line);
	EXPECT(calls >= ncalls);
	EXPECT(dbt_stat(DBT_STAT_KMEM_USED) != 0);      /* the kernel still answers */
}

KTEST(fuzz, seed1) { fuzz_run(0x5eed00000001ull, FUZZ_CALLS); }
KTEST(fuzz, seed2) { fuzz_run(0x9e3779b97f4a7c15ull, FUZZ_CALLS); }
KTEST(fuzz, seed3) { fuzz_run(0xdeadbeefcafef00dull, FUZZ_CALLS); }
KTEST(fuzz, seed4) { fuzz_run(0x0123456789abcdefull, FUZZ_CALLS); }

/* A numeric boot argument (decimal or 0x hex), or dflt when absent. */
static uint64_t fuzz_arg(const char *key, uint64_t dflt)
{
	char buf[24];
	return urt_arg(key, buf, sizeof(buf)) ? strtoul(buf, NULL, 0) : dflt;
}

/* A new seed every boot (the time-stamp counter), or seed=N to replay one. */
KTEST(fuzz, fresh)
{
	uint64_t seed = fuzz_arg("seed", 0), rounds = fuzz_arg("rounds", 1);
	uint64_t ncalls = fuzz_arg("calls", FUZZ_CALLS);
	if (seed == 0) {
		seed = tsc_read() * 0x9e3779b97f4a7c15ull;
		seed ^= seed >> 29;
	}
	seed += !seed;                  /* xorshift stays at 0 */
	uprintf("fuzz: fresh seed %lx (replay: seed=0x%lx), %lu rounds of %lu calls\n",
	        (unsigned long)seed, (unsigned long)seed, (unsigned long)rounds,
	        (unsigned long)ncalls);
	for (uint64_t i = 0; i < rounds; i++)
		fuzz_run(seed + i, ncalls);
}
