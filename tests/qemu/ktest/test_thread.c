/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_thread.c - thread control and exception IPC: CPU exceptions and
 * foreign-ABI system calls delivered to a handler with the full register
 * set, register read/write, start/stop/resume, priorities, destruction.
 */
#include "ktest.h"

#define ST_INACTIVE 0           /* enum thread_state in kernel/include/thread.h */
#define ST_RUNNABLE 1
#define ST_RECV     3
#define ST_WAIT_NTF 5
#define ST_STOPPED  6

#define EXC_TIMEOUT 1000000     /* us the root waits for an exception message */
#define KERNEL_ADDR 0xffff800000000000ull
#define UNMAPPED_ADDR 0x5f0000000000

/* Distinct register values the probes load before their instruction. */
#define V_RAX 0x7e57a0a0a0a0a001
#define V_RBX 0x7e57b0b0b0b0b002
#define V_RCX 0x7e57c0c0c0c0c003
#define V_RDX 0x7e57d0d0d0d0d004
#define V_RSI 0x7e5751515151c005
#define V_RDI 0x7e57d1d1d1d1d006
#define V_RBP 0x7e57b1b1b1b1b007
#define V_R8  0x7e5708080808c008
#define V_R9  0x7e5709090909c009
#define V_R10 0x7e5710101010c010
#define V_R11 0x7e5711111111c011
#define V_R12 0x7e5712121212c012
#define V_R13 0x7e5713131313c013
#define V_R14 0x7e5714141414c014
#define V_R15 0x7e5715151515c015

#define STR_(x) #x
#define STR(x) STR_(x)

/* What a probe saw after its instruction (struct dbt_regs order), and its
 * stack pointer at the instruction. */
struct dbt_regs thr_probe_out;
dbt_word_t thr_probe_rsp;

#define PROBE_LOAD                                                              \
	"\tmovabs $" STR(V_RAX) ", %rax\n\tmovabs $" STR(V_RBX) ", %rbx\n"     \
	"\tmovabs $" STR(V_RCX) ", %rcx\n\tmovabs $" STR(V_RDX) ", %rdx\n"     \
	"\tmovabs $" STR(V_RSI) ", %rsi\n\tmovabs $" STR(V_RDI) ", %rdi\n"     \
	"\tmovabs $" STR(V_RBP) ", %rbp\n\tmovabs $" STR(V_R8) ", %r8\n"       \
	"\tmovabs $" STR(V_R9) ", %r9\n\tmovabs $" STR(V_R10) ", %r10\n"       \
	"\tmovabs $" STR(V_R11) ", %r11\n\tmovabs $" STR(V_R12) ", %r12\n"     \
	"\tmovabs $" STR(V_R13) ", %r13\n\tmovabs $" STR(V_R14) ", %r14\n"     \
	"\tmovabs $" STR(V_R15) ", %r15\n"

#define PROBE_SAVE                                                              \
	"\tmov %rax, thr_probe_out+24(%rip)\n\tmov %rbx, thr_probe_out+32(%rip)\n" \
	"\tmov %rcx, thr_probe_out+40(%rip)\n\tmov %rdx, thr_probe_out+48(%rip)\n" \
	"\tmov %rsi, thr_probe_out+56(%rip)\n\tmov %rdi, thr_probe_out+64(%rip)\n" \
	"\tmov %rbp, thr_probe_out+72(%rip)\n\tmov %r8, thr_probe_out+80(%rip)\n"  \
	"\tmov %r9, thr_probe_out+88(%rip)\n\tmov %r10, thr_probe_out+96(%rip)\n"  \
	"\tmov %r11, thr_probe_out+104(%rip)\n\tmov %r12, thr_probe_out+112(%rip)\n" \
	"\tmov %r13, thr_probe_out+120(%rip)\n\tmov %r14, thr_probe_out+128(%rip)\n" \
	"\tmov %r15, thr_probe_out+136(%rip)\n"                                 \
	"\tpushfq\n\tpop %rax\n\tmov %rax, thr_probe_out+16(%rip)\n"           \
	"\tmov %rsp, thr_probe_out+8(%rip)\n"

/*
 * A probe is a child function: it saves the callee-saved registers, loads
 * the distinct values, runs `pre`, sets CF, runs the instruction at
 * <name>_insn, records every register at <name>_after and returns.
 */
#define PROBE(name, pre, insn)                                                  \
	void name(dbt_word_t);                                                  \
	extern char name##_insn[], name##_after[];                              \
	__asm__(".text\n.global " #name "\n" #name ":\n"                        \
	        "\tpush %rbx\n\tpush %rbp\n\tpush %r12\n\tpush %r13\n\tpush %r14\n\tpush %r15\n" \
	        "\tmov %rsp, thr_probe_rsp(%rip)\n"                             \
	        PROBE_LOAD pre "\n\tstc\n"                                      \
	        ".global " #name "_insn\n" #name "_insn:\n\t" insn "\n"          \
	        ".global " #name "_after\n" #name "_after:\n"                   \
	        PROBE_SAVE                                                      \
	        "\tpop %r15\n\tpop %r14\n\tpop %r13\n\tpop %r12\n\tpop %rbp\n\tpop %rbx\n\tret\n")

PROBE(thr_probe_de, "\txor %ecx, %ecx", "div %rcx");
PROBE(thr_probe_bp, "", "int3");
PROBE(thr_probe_ud, "", "ud2");
PROBE(thr_probe_hlt, "", "hlt");
PROBE(thr_probe_cli, "", "cli");
PROBE(thr_probe_cr0, "", "mov %cr0, %rax");
PROBE(thr_probe_int21, "", "int $0x21");
PROBE(thr_probe_into, "", "int $4");
PROBE(thr_probe_pf, "\tmovabs $" STR(UNMAPPED_ADDR) ", %rcx", "mov %rax, (%rcx)");
PROBE(thr_probe_ss, "\tpushfq\n\torq $0x100, (%rsp)\n\tpopfq", "nop");
PROBE(thr_probe_sys, "", "syscall");
PROBE(thr_probe_spin, "", "jmp .");

static void probe_reset(void)
{
	dbt_word_t *w = (dbt_word_t *)&thr_probe_out;
	for (unsigned i = 0; i < DBT_REGS_WORDS; i++)
		w[i] = 0;
	thr_probe_rsp = 0;
}

/* ---- helpers ------------------------------------------------------------------ */

static dbt_word_t exc_local(struct kchild *c, void (*fn)(dbt_word_t), dbt_slot_t ep)
{
	dbt_word_t err = ktest_local(c, fn, 0);
	if (!err)
		err = dbt_thread_ctl(c->thread, DBT_THREAD_SET_EXC, ep, 0).err;
	if (!err)
		err = ktest_start(c);
	return err;
}

static dbt_word_t exc_wait(dbt_slot_t ep, struct dbt_exc_msg *m, dbt_word_t *tag)
{
	dbt_word_t badge;
	dbt_word_t err = dbt_recv(ep, tag, &badge, EXC_TIMEOUT);
	if (!err)
		*m = *(const struct dbt_exc_msg *)dbt_mr();
	return err;
}

static dbt_word_t exc_resume(const struct dbt_regs *r)
{
	*(struct dbt_regs *)dbt_mr() = *r;
	return dbt_reply(DBT_TAG(0, DBT_REGS_WORDS, 0));
}

static dbt_word_t thread_state(dbt_slot_t t)
{
	return dbt_thread_ctl(t, DBT_THREAD_INFO, 0, 0).v0;
}

static dbt_word_t read_regs(dbt_slot_t t, struct dbt_regs *r)
{
	dbt_word_t err = dbt_thread_ctl(t, DBT_THREAD_READ_REGS, 0, 0).err;
	*r = *(const struct dbt_regs *)dbt_mr();
	return err;
}

static dbt_word_t write_regs(dbt_slot_t t, const struct dbt_regs *r)
{
	*(struct dbt_regs *)dbt_mr() = *r;
	return dbt_thread_ctl(t, DBT_THREAD_WRITE_REGS, 0, 0).err;
}

/* Run probe fn in a local thread; check the exception message (label, size,
 * vector, rip) and resume it at <fn>_after. */
static void exc_simple(void (*fn)(dbt_word_t), const char *insn, const char *after,
                       unsigned vector, bool rip_after, dbt_word_t error)
{
	struct kchild c;
	struct dbt_exc_msg m;
	dbt_word_t tag;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	probe_reset();
	EXPECT_OK(exc_local(&c, fn, ep));
	EXPECT_OK(exc_wait(ep, &m, &tag));
	EXPECT_EQ(DBT_TAG_LABEL(tag), DBT_LABEL_EXCEPTION);
	EXPECT_EQ(DBT_TAG_U(tag), DBT_EXC_WORDS);
	EXPECT_EQ(m.vector, vector);
	EXPECT_EQ(m.error_code, error);
	EXPECT_EQ(m.regs.rip, (dbt_word_t)(rip_after ? after : insn));
	EXPECT_EQ(m.regs.rsp, thr_probe_rsp);
	EXPECT_EQ(m.regs.rbx, V_RBX);
	EXPECT(!c.done);
	m.regs.rip = (dbt_word_t)after;
	EXPECT_OK(exc_resume(&m.regs));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(thr_probe_out.rbx, V_RBX);
	EXPECT_EQ(thr_probe_out.r15, V_R15);
}

/* ---- CPU exceptions --------------------------------------------------------------- */

KTEST(thread, exc_divide_error)
{
	exc_simple(thr_probe_de, thr_probe_de_insn, thr_probe_de_after, 0, false, 0);
	EXPECT_EQ(thr_probe_out.rcx, 0);
}

KTEST(thread, exc_breakpoint_rip_after)
{
	struct kchild c;
	struct dbt_exc_msg m;
	dbt_word_t tag;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	probe_reset();
	EXPECT_OK(exc_local(&c, thr_probe_bp, ep));
	EXPECT_OK(exc_wait(ep, &m, &tag));
	EXPECT_EQ(DBT_TAG_LABEL(tag), DBT_LABEL_EXCEPTION);
	EXPECT_EQ(m.vector, 3);
	EXPECT_EQ(m.regs.rip, (dbt_word_t)thr_probe_bp_after);
	EXPECT_EQ(thr_probe_bp_after - thr_probe_bp_insn, 1);
	/* An empty reply resumes unchanged: after the int3. */
	EXPECT_OK(dbt_reply(DBT_TAG(0, 0, 0)));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(thr_probe_out.rax, V_RAX);
	EXPECT_EQ(thr_probe_out.r11, V_R11);
}

KTEST(thread, exc_invalid_opcode)
{
	exc_simple(thr_probe_ud, thr_probe_ud_insn, thr_probe_ud_after, 6, false, 0);
	EXPECT_EQ(thr_probe_ud_after - thr_probe_ud_insn, 2);
}

KTEST(thread, exc_gp_hlt)
{
	exc_simple(thr_probe_hlt, thr_probe_hlt_insn, thr_probe_hlt_after, 13, false, 0);
}

KTEST(thread, exc_gp_cli)
{
	exc_simple(thr_probe_cli, thr_probe_cli_insn, thr_probe_cli_after, 13, false, 0);
}

KTEST(thread, exc_gp_read_cr0)
{
	exc_simple(thr_probe_cr0, thr_probe_cr0_insn, thr_probe_cr0_after, 13, false, 0);
}

/* int $0x21 hits a DPL-0 gate: #GP with an IDT error code naming the gate
 * (vector * 8 + 2 on hardware; QEMU TCG reports vector * 16 + 2). */
KTEST(thread, exc_gp_int_kernel_gate)
{
	struct kchild c;
	struct dbt_exc_msg m;
	dbt_word_t tag;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	EXPECT_OK(exc_local(&c, thr_probe_int21, ep));
	EXPECT_OK(exc_wait(ep, &m, &tag));
	EXPECT_EQ(m.vector, 13);
	EXPECT_EQ(m.error_code & 7, 2);
	EXPECT(m.error_code >> 3 == 0x21 || m.error_code >> 4 == 0x21);
	EXPECT_EQ(m.regs.rip, (dbt_word_t)thr_probe_int21_insn);
	m.regs.rip = (dbt_word_t)thr_probe_int21_after;
	EXPECT_OK(exc_resume(&m.regs));
	EXPECT(ktest_join(&c, 1000));
}

/* int $4 has a user gate: the overflow exception, reported after the int. */
KTEST(thread, exc_overflow_user_gate)
{
	exc_simple(thr_probe_into, thr_probe_into_insn, thr_probe_into_after, 4, true, 0);
}

KTEST(thread, exc_single_step)
{
	struct kchild c;
	struct dbt_exc_msg m;
	dbt_word_t tag;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	probe_reset();
	EXPECT_OK(exc_local(&c, thr_probe_ss, ep));
	EXPECT_OK(exc_wait(ep, &m, &tag));
	EXPECT_EQ(m.vector, 1);
	EXPECT_EQ(m.regs.rip, (dbt_word_t)thr_probe_ss_insn);  /* trap after the stc */
	EXPECT(m.regs.rflags & 0x100);
	EXPECT_OK(exc_resume(&m.regs));        /* the kernel drops TF from the reply */
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(thr_probe_out.rflags & 0x100, 0);
}

KTEST(thread, exc_pagefault_without_pager)
{
	struct kchild c;
	struct dbt_exc_msg m;
	dbt_word_t tag;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	EXPECT(dbt_map_info(UNMAPPED_ADDR, NULL, NULL) != DBT_OK);
	probe_reset();
	EXPECT_OK(exc_local(&c, thr_probe_pf, ep));
	EXPECT_OK(exc_wait(ep, &m, &tag));
	EXPECT_EQ(DBT_TAG_LABEL(tag), DBT_LABEL_EXCEPTION);
	EXPECT_EQ(m.vector, 14);
	EXPECT_EQ(m.fault_addr, UNMAPPED_ADDR);
	EXPECT_EQ(m.error_code & (DBT_PF_WRITE | DBT_PF_PRESENT), DBT_PF_WRITE);
	EXPECT_EQ(m.regs.rip, (dbt_word_t)thr_probe_pf_insn);
	EXPECT_EQ(m.regs.rcx, UNMAPPED_ADDR);
	m.regs.rip = (dbt_word_t)thr_probe_pf_after;
	EXPECT_OK(exc_resume(&m.regs));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(thr_probe_out.rcx, UNMAPPED_ADDR);
}

/* Every register in the message is what the thread had at the int3. */
KTEST(thread, exc_message_registers)
{
	struct kchild c;
	struct dbt_exc_msg m;
	struct dbt_regs before;
	dbt_word_t tag;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	probe_reset();
	EXPECT_OK(ktest_local(&c, thr_probe_bp, 0));
	EXPECT_OK(read_regs(c.thread, &before));
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_SET_EXC, ep, 0).err);
	EXPECT_OK(ktest_start(&c));
	EXPECT_OK(exc_wait(ep, &m, &tag));
	EXPECT_EQ(m.vector, 3);
	EXPECT_EQ(m.error_code, 0);
	EXPECT_EQ(m.fault_addr, 0);
	EXPECT_EQ(m.regs.rsp, thr_probe_rsp);
	EXPECT_EQ(m.regs.rflags & 0x201, 0x201);       /* IF, and CF from stc */
	EXPECT_EQ(m.regs.rax, V_RAX);
	EXPECT_EQ(m.regs.rbx, V_RBX);
	EXPECT_EQ(m.regs.rcx, V_RCX);
	EXPECT_EQ(m.regs.rdx, V_RDX);
	EXPECT_EQ(m.regs.rsi, V_RSI);
	EXPECT_EQ(m.regs.rdi, V_RDI);
	EXPECT_EQ(m.regs.rbp, V_RBP);
	EXPECT_EQ(m.regs.r8, V_R8);
	EXPECT_EQ(m.regs.r9, V_R9);
	EXPECT_EQ(m.regs.r10, V_R10);
	EXPECT_EQ(m.regs.r11, V_R11);
	EXPECT_EQ(m.regs.r12, V_R12);
	EXPECT_EQ(m.regs.r13, V_R13);
	EXPECT_EQ(m.regs.r14, V_R14);
	EXPECT_EQ(m.regs.r15, V_R15);
	EXPECT_EQ(m.regs.fs_base, before.fs_base);
	EXPECT_EQ(m.regs.gs_base, 0);
	EXPECT_OK(dbt_reply(DBT_TAG(0, 0, 0)));
	EXPECT(ktest_join(&c, 1000));
}

/* A reply with a register set resumes the thread with those registers. */
KTEST(thread, exc_reply_sets_registers)
{
	struct kchild c;
	struct dbt_exc_msg m;
	dbt_word_t tag;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	probe_reset();
	EXPECT_OK(exc_local(&c, thr_probe_ud, ep));
	EXPECT_OK(exc_wait(ep, &m, &tag));
	EXPECT_EQ(m.vector, 6);
	m.regs.rip = (dbt_word_t)thr_probe_ud_after;
	m.regs.rax = 0x1234abcd;
	m.regs.rdx = 0x5555;
	m.regs.r9 = 0x9999;
	m.regs.r14 = 0x1414;
	m.regs.rflags &= ~1ull;                 /* clear CF */
	EXPECT_OK(exc_resume(&m.regs));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(thr_probe_out.rax, 0x1234abcd);
	EXPECT_EQ(thr_probe_out.rdx, 0x5555);
	EXPECT_EQ(thr_probe_out.r9, 0x9999);
	EXPECT_EQ(thr_probe_out.r14, 0x1414);
	EXPECT_EQ(thr_probe_out.rflags & 1, 0);
	EXPECT_EQ(thr_probe_out.rbx, V_RBX);
	EXPECT_EQ(thr_probe_out.r13, V_R13);
}

/* The handler can be a thread other than the root. */
static volatile dbt_word_t thr_handled, thr_handled_vec;

static void exc_server(dbt_word_t ep)
{
	dbt_word_t tag, badge, *mr = dbt_mr();
	if (dbt_recv(ep, &tag, &badge, EXC_TIMEOUT) || DBT_TAG_LABEL(tag) != DBT_LABEL_EXCEPTION)
		return;
	struct dbt_exc_msg *m = (struct dbt_exc_msg *)mr;
	thr_handled_vec = m->vector;
	m->regs.rip = (dbt_word_t)thr_probe_ud_after;
	m->regs.r12 = 0xc0ffee;
	thr_handled = 1;
	dbt_reply(DBT_TAG(0, DBT_REGS_WORDS, 0));
}

KTEST(thread, exc_handled_by_thread)
{
	struct kchild srv, c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	thr_handled = thr_handled_vec = 0;
	probe_reset();
	EXPECT_OK(ktest_local(&srv, exc_server, ep));
	EXPECT_OK(dbt_thread_ctl(srv.thread, DBT_THREAD_SET_PRIORITY, 160, 0).err);
	EXPECT_OK(ktest_start(&srv));
	EXPECT_OK(exc_local(&c, thr_probe_ud, ep));
	EXPECT(ktest_join(&c, 1000));
	EXPECT(ktest_join(&srv, 1000));
	EXPECT_EQ(thr_handled, 1);
	EXPECT_EQ(thr_handled_vec, 6);
	EXPECT_EQ(thr_probe_out.r12, 0xc0ffee);
}

/* An exception of a thread in another address space. */
KTEST(thread, exc_child_task)
{
	struct kchild c;
	struct dbt_exc_msg m;
	dbt_word_t tag;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	probe_reset();
	EXPECT_OK(ktest_child(&c, thr_probe_ud, 0));
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_SET_EXC, ep, 0).err);
	EXPECT_OK(ktest_start(&c));
	EXPECT_OK(exc_wait(ep, &m, &tag));
	EXPECT_EQ(DBT_TAG_LABEL(tag), DBT_LABEL_EXCEPTION);
	EXPECT_EQ(m.vector, 6);
	EXPECT_EQ(m.regs.rip, (dbt_word_t)thr_probe_ud_insn);
	EXPECT_EQ(m.regs.r10, V_R10);
	m.regs.rip = (dbt_word_t)thr_probe_ud_after;
	EXPECT_OK(exc_resume(&m.regs));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(thr_probe_out.r10, V_R10);
}

/* No handler: the thread stops; it can be repaired and resumed. */
KTEST(thread, exc_without_handler_stops)
{
	struct kchild c;
	struct dbt_regs r;
	probe_reset();
	EXPECT_OK(exc_local(&c, thr_probe_ud, 0));
	ksleep_ms(10);
	EXPECT_EQ(thread_state(c.thread), ST_STOPPED);
	EXPECT(!c.done);
	EXPECT_OK(read_regs(c.thread, &r));
	EXPECT_EQ(r.rip, (dbt_word_t)thr_probe_ud_insn);
	EXPECT_EQ(r.rbx, V_RBX);
	/* the kernel and the rest of the system carry on */
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_word_t tag;
	EXPECT_EQ(dbt_recv(ep, &tag, &tag, DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);
	r.rip = (dbt_word_t)thr_probe_ud_after;
	EXPECT_OK(write_regs(c.thread, &r));
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_RESUME, 0, 0).err);
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(thr_probe_out.rbx, V_RBX);
}

/* ---- foreign ABI ------------------------------------------------------------------------ */

static dbt_word_t foreign_start(struct kchild *c, dbt_slot_t ep)
{
	dbt_word_t err = ktest_local(c, thr_probe_sys, 0);
	if (!err)
		err = dbt_thread_ctl(c->thread, DBT_THREAD_SET_EXC, ep, 0).err;
	if (!err)
		err = dbt_thread_ctl(c->thread, DBT_THREAD_SET_FOREIGN, 1, 0).err;
	if (!err)
		err = ktest_start(c);
	return err;
}

KTEST(thread, foreign_syscall_registers)
{
	struct kchild c;
	struct dbt_exc_msg m;
	dbt_word_t tag;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	probe_reset();
	EXPECT_EQ(dbt_thread_ctl(DBT_ROOT_SLOT_THREAD, DBT_THREAD_SET_FOREIGN, 2, 0).err,
	          DBT_E_INVALID_ARG);
	EXPECT_OK(foreign_start(&c, ep));
	EXPECT_OK(exc_wait(ep, &m, &tag));
	EXPECT_EQ(DBT_TAG_LABEL(tag), DBT_LABEL_SYSCALL);
	EXPECT_EQ(DBT_TAG_U(tag), DBT_EXC_WORDS);
	EXPECT_EQ(m.vector, DBT_EXC_SYSCALL);
	EXPECT_EQ(m.error_code, 0);
	EXPECT_EQ(m.regs.rip, (dbt_word_t)thr_probe_sys_after);
	EXPECT_EQ(m.regs.rcx, (dbt_word_t)thr_probe_sys_after);
	EXPECT_EQ(m.regs.r11, m.regs.rflags);
	EXPECT_EQ(m.regs.rflags & 0x201, 0x201);
	EXPECT_EQ(m.regs.rsp, thr_probe_rsp);
	EXPECT_EQ(m.regs.rax, V_RAX);
	EXPECT_EQ(m.regs.rbx, V_RBX);
	EXPECT_EQ(m.regs.rdx, V_RDX);
	EXPECT_EQ(m.regs.rsi, V_RSI);
	EXPECT_EQ(m.regs.rdi, V_RDI);
	EXPECT_EQ(m.regs.rbp, V_RBP);
	EXPECT_EQ(m.regs.r8, V_R8);
	EXPECT_EQ(m.regs.r9, V_R9);
	EXPECT_EQ(m.regs.r10, V_R10);
	EXPECT_EQ(m.regs.r12, V_R12);
	EXPECT_EQ(m.regs.r13, V_R13);
	EXPECT_EQ(m.regs.r14, V_R14);
	EXPECT_EQ(m.regs.r15, V_R15);
	/* native again for the framework's stop call after the probe */
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_SET_FOREIGN, 0, 0).err);
	dbt_word_t flags = m.regs.rflags;
	m.regs.rax = 0xfeedface;
	EXPECT_OK(exc_resume(&m.regs));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(thr_probe_out.rax, 0xfeedface);
	EXPECT_EQ(thr_probe_out.rcx, (dbt_word_t)thr_probe_sys_after);
	EXPECT_EQ(thr_probe_out.r11, flags);
	EXPECT_EQ(thr_probe_out.rbx, V_RBX);
	EXPECT_EQ(thr_probe_out.rdx, V_RDX);
	EXPECT_EQ(thr_probe_out.rsi, V_RSI);
	EXPECT_EQ(thr_probe_out.rdi, V_RDI);
	EXPECT_EQ(thr_probe_out.rbp, V_RBP);
	EXPECT_EQ(thr_probe_out.r8, V_R8);
	EXPECT_EQ(thr_probe_out.r9, V_R9);
	EXPECT_EQ(thr_probe_out.r10, V_R10);
	EXPECT_EQ(thr_probe_out.r12, V_R12);
	EXPECT_EQ(thr_probe_out.r13, V_R13);
	EXPECT_EQ(thr_probe_out.r14, V_R14);
	EXPECT_EQ(thr_probe_out.r15, V_R15);
	EXPECT_EQ(thr_probe_out.rsp, thr_probe_rsp);
}

KTEST(thread, foreign_syscall_empty_reply)
{
	struct kchild c;
	struct dbt_exc_msg m;
	dbt_word_t tag;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	probe_reset();
	EXPECT_OK(foreign_start(&c, ep));
	EXPECT_OK(exc_wait(ep, &m, &tag));
	EXPECT_EQ(DBT_TAG_LABEL(tag), DBT_LABEL_SYSCALL);
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_SET_FOREIGN, 0, 0).err);
	EXPECT_OK(dbt_reply(DBT_TAG(0, 0, 0)));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(thr_probe_out.rax, V_RAX);    /* no kernel result written */
	EXPECT_EQ(thr_probe_out.rdi, V_RDI);
	EXPECT_EQ(thr_probe_out.rsi, V_RSI);
}

KTEST(thread, foreign_without_handler_stops)
{
	struct kchild c;
	struct dbt_regs r;
	probe_reset();
	EXPECT_OK(foreign_start(&c, 0));
	ksleep_ms(10);
	EXPECT_EQ(thread_state(c.thread), ST_STOPPED);
	EXPECT(!c.done);
	EXPECT_OK(read_regs(c.thread, &r));
	EXPECT_EQ(r.rip, (dbt_word_t)thr_probe_sys_after);
	EXPECT_EQ(r.rax, V_RAX);
	EXPECT_EQ(thr_probe_out.rax, 0);
}

/* ---- registers ------------------------------------------------------------------------- */

static volatile dbt_word_t thr_v1, thr_v2;

static void fs_reader(dbt_word_t unused)
{
	dbt_word_t v;
	(void)unused;
	__asm__ volatile("mov %%fs:0, %0" : "=r"(v));
	thr_v1 = v;
}

KTEST(thread, regs_read_fresh_thread)
{
	struct kchild c;
	struct dbt_regs r;
	EXPECT_OK(ktest_local(&c, fs_reader, 0));
	EXPECT_OK(read_regs(c.thread, &r));
	EXPECT_EQ(r.rip, 0);
	EXPECT_EQ(r.rflags & 0x200, 0x200);
	/* a native thread finds its UTCB through FS (dbt_utcb) */
	EXPECT_EQ(r.fs_base, 0x7ffff0100000ull + c.utcb_idx * 4096ull);
	EXPECT_EQ(r.gs_base, 0);
	EXPECT_OK(dbt_thread_start(c.thread, 0x401000, 0x7000));
	EXPECT_OK(read_regs(c.thread, &r));
	EXPECT_EQ(r.rip, 0x401000);
	EXPECT_EQ(r.rsp, 0x7000);
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_STOP, 0, 0).err);
	EXPECT_EQ(thread_state(c.thread), ST_STOPPED);
}

KTEST(thread, regs_write_fs_base)
{
	struct kchild c;
	struct dbt_regs r;
	volatile dbt_word_t *page = (volatile dbt_word_t *)ktest_scratch;
	page[0] = 0xf5f5f5f5a5a5ull;
	thr_v1 = 0;
	EXPECT_OK(ktest_local(&c, fs_reader, 0));
	EXPECT_OK(read_regs(c.thread, &r));
	r.fs_base = (dbt_word_t)ktest_scratch;
	r.rbp = 0xbbbb;
	EXPECT_OK(write_regs(c.thread, &r));
	EXPECT_OK(read_regs(c.thread, &r));
	EXPECT_EQ(r.fs_base, (dbt_word_t)ktest_scratch);
	EXPECT_EQ(r.rbp, 0xbbbb);
	EXPECT_OK(ktest_start(&c));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(thr_v1, 0xf5f5f5f5a5a5ull);
}

static void stat_caller(dbt_word_t unused)
{
	(void)unused;
	thr_v2 = dbt_syscall(DBT_SYS_STAT, 9999, 0, 0, 0, 0, 0).err;
}

/* Registers written while the thread was not in a kernel call must not
 * swallow the result of its next kernel call. */
KTEST(thread, regs_write_keeps_later_syscall_result)
{
	struct kchild c;
	struct dbt_regs r;
	thr_v2 = 0x77;
	EXPECT_OK(ktest_local(&c, stat_caller, 0));
	EXPECT_OK(read_regs(c.thread, &r));
	EXPECT_OK(write_regs(c.thread, &r));
	EXPECT_OK(ktest_start(&c));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(thr_v2, DBT_E_INVALID_ARG);
}

static void call_once(dbt_word_t ep)
{
	dbt_word_t tag = DBT_TAG(3, 1, 0);
	dbt_mr()[0] = 5;
	thr_v1 = dbt_call(ep, &tag, DBT_TIMEOUT_NEVER, DBT_TIMEOUT_NEVER);
	thr_v2 = dbt_mr()[0];
}

/* The same for a call (which may take the IPC fast path) answered later. */
KTEST(thread, regs_write_keeps_later_call_result)
{
	struct kchild c;
	struct dbt_regs r;
	dbt_word_t tag, badge;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	thr_v1 = thr_v2 = 0x77;
	EXPECT_OK(ktest_local(&c, call_once, ep));
	EXPECT_OK(read_regs(c.thread, &r));
	EXPECT_OK(write_regs(c.thread, &r));
	EXPECT_OK(ktest_start(&c));
	/* no timeout: the fast path takes only partners without one */
	EXPECT_OK(dbt_recv(ep, &tag, &badge, DBT_TIMEOUT_NEVER));
	EXPECT_EQ(dbt_mr()[0], 5);
	dbt_mr()[0] = 6;
	EXPECT_OK(dbt_reply(DBT_TAG(0, 1, 0)));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(thr_v1, DBT_OK);
	EXPECT_EQ(thr_v2, 6);
}

KTEST(thread, regs_write_bad_addresses)
{
	struct kchild c;
	struct dbt_regs r, good;
	EXPECT_OK(ktest_local(&c, fs_reader, 0));
	EXPECT_OK(read_regs(c.thread, &good));
	r = good;
	r.rip = KERNEL_ADDR;
	EXPECT_EQ(write_regs(c.thread, &r), DBT_E_BAD_ADDRESS);
	r.rip = DBT_USER_TOP;
	EXPECT_EQ(write_regs(c.thread, &r), DBT_E_BAD_ADDRESS);
	r = good;
	r.fs_base = KERNEL_ADDR;
	EXPECT_EQ(write_regs(c.thread, &r), DBT_E_BAD_ADDRESS);
	r = good;
	r.gs_base = 0xffffffff80000000ull;
	EXPECT_EQ(write_regs(c.thread, &r), DBT_E_BAD_ADDRESS);
	EXPECT_OK(read_regs(c.thread, &r));
	EXPECT_EQ(r.rip, good.rip);
	EXPECT_EQ(r.gs_base, good.gs_base);
	EXPECT_EQ(r.fs_base, good.fs_base);
	EXPECT_EQ(dbt_thread_start(c.thread, KERNEL_ADDR, 0x7000), DBT_E_BAD_ADDRESS);
	EXPECT_EQ(thread_state(c.thread), ST_INACTIVE);
}

/* Stop a spinning thread, see its registers, move it on, resume it. */
KTEST(thread, regs_of_preempted_thread)
{
	struct kchild c;
	struct dbt_regs r;
	probe_reset();
	EXPECT_OK(exc_local(&c, thr_probe_spin, 0));
	ksleep_ms(5);
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_STOP, 0, 0).err);
	EXPECT_OK(read_regs(c.thread, &r));
	EXPECT_EQ(r.rip, (dbt_word_t)thr_probe_spin_insn);
	EXPECT_EQ(r.rax, V_RAX);
	EXPECT_EQ(r.rcx, V_RCX);
	EXPECT_EQ(r.r11, V_R11);
	EXPECT_EQ(r.r15, V_R15);
	EXPECT_EQ(r.rsp, thr_probe_rsp);
	r.rip = (dbt_word_t)thr_probe_spin_after;
	r.rcx = 0xcccc;
	EXPECT_OK(write_regs(c.thread, &r));
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_RESUME, 0, 0).err);
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(thr_probe_out.rcx, 0xcccc);
	EXPECT_EQ(thr_probe_out.r8, V_R8);
}

/* Registers written while blocked in a kernel call: the call returns rax. */
static void waiter(dbt_word_t ntf)
{
	thr_v1 = dbt_wait(ntf, NULL, DBT_TIMEOUT_NEVER);
}

KTEST(thread, regs_write_blocked_thread)
{
	struct kchild c;
	struct dbt_regs r;
	dbt_slot_t ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	thr_v1 = 0;
	EXPECT_OK(ktest_local(&c, waiter, ntf));
	EXPECT_OK(ktest_start(&c));
	ksleep_ms(2);
	EXPECT_EQ(thread_state(c.thread), ST_WAIT_NTF);
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_STOP, 0, 0).err);
	EXPECT_OK(read_regs(c.thread, &r));
	r.rax = 0x4242;
	EXPECT_OK(write_regs(c.thread, &r));
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_RESUME, 0, 0).err);
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(thr_v1, 0x4242);
}

/* ---- start, stop, resume ------------------------------------------------------------------ */

static volatile dbt_word_t thr_count, thr_stop;

static void counter(dbt_word_t unused)
{
	(void)unused;
	while (!thr_stop)
		thr_count++;
}

KTEST(thread, start_twice_busy)
{
	struct kchild c;
	thr_stop = 0;
	EXPECT_OK(ktest_local(&c, counter, 0));
	EXPECT_EQ(thread_state(c.thread), ST_INACTIVE);
	EXPECT_EQ(dbt_thread_ctl(c.thread, DBT_THREAD_STOP, 0, 0).err, DBT_E_BUSY);
	EXPECT_EQ(dbt_thread_ctl(c.thread, DBT_THREAD_RESUME, 0, 0).err, DBT_E_BUSY);
	EXPECT_OK(ktest_start(&c));
	EXPECT_EQ(thread_state(c.thread), ST_RUNNABLE);
	EXPECT_EQ(ktest_start(&c), DBT_E_BUSY);
	thr_stop = 1;
	EXPECT(ktest_join(&c, 1000));
}

KTEST(thread, stop_resume)
{
	struct kchild c;
	thr_stop = 0;
	thr_count = 0;
	EXPECT_OK(ktest_local(&c, counter, 0));
	EXPECT_OK(ktest_start(&c));
	ksleep_ms(5);
	EXPECT(thr_count > 0);
	EXPECT_EQ(dbt_thread_ctl(c.thread, DBT_THREAD_RESUME, 0, 0).err, DBT_E_BUSY);
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_STOP, 0, 0).err);
	EXPECT_EQ(thread_state(c.thread), ST_STOPPED);
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_STOP, 0, 0).err);  /* idempotent */
	dbt_word_t n = thr_count;
	ksleep_ms(10);
	EXPECT_EQ(thr_count, n);
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_RESUME, 0, 0).err);
	EXPECT_EQ(thread_state(c.thread), ST_RUNNABLE);
	ksleep_ms(5);
	EXPECT(thr_count > n);
	thr_stop = 1;
	EXPECT(ktest_join(&c, 1000));
}

static void receiver(dbt_word_t ep)
{
	dbt_word_t tag, badge;
	thr_v1 = dbt_recv(ep, &tag, &badge, DBT_TIMEOUT_NEVER);
}

KTEST(thread, stop_cancels_recv)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	thr_v1 = 0x99;
	EXPECT_OK(ktest_local(&c, receiver, ep));
	EXPECT_OK(ktest_start(&c));
	ksleep_ms(2);
	EXPECT_EQ(thread_state(c.thread), ST_RECV);
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_STOP, 0, 0).err);
	EXPECT_EQ(thread_state(c.thread), ST_STOPPED);
	/* no longer a receiver */
	dbt_word_t *mr = dbt_mr();
	mr[0] = 1;
	EXPECT_EQ(dbt_send(ep, DBT_TAG(1, 1, 0), DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);
	EXPECT_EQ(thr_v1, 0x99);
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_RESUME, 0, 0).err);
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(thr_v1, DBT_E_CANCELLED);
}

KTEST(thread, stop_cancels_wait)
{
	struct kchild c;
	dbt_slot_t ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	thr_v1 = 0x99;
	EXPECT_OK(ktest_local(&c, waiter, ntf));
	EXPECT_OK(ktest_start(&c));
	ksleep_ms(2);
	EXPECT_EQ(thread_state(c.thread), ST_WAIT_NTF);
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_STOP, 0, 0).err);
	EXPECT_OK(dbt_signal(ntf));             /* stays pending: nobody waits */
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_RESUME, 0, 0).err);
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(thr_v1, DBT_E_CANCELLED);
	dbt_word_t bits = 0;
	EXPECT_OK(dbt_wait(ntf, &bits, DBT_TIMEOUT_POLL));
	EXPECT_EQ(bits, 1);
}

static void caller_fn(dbt_word_t ep)
{
	dbt_word_t tag = DBT_TAG(5, 1, 0);
	dbt_mr()[0] = 7;
	thr_v1 = dbt_call(ep, &tag, DBT_TIMEOUT_NEVER, DBT_TIMEOUT_NEVER);
}

/* Stopped while waiting for the reply: the call is cancelled, the
 * server's reply right is gone. */
KTEST(thread, stop_cancels_call_reply)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_word_t tag, badge;
	thr_v1 = 0x99;
	EXPECT_OK(ktest_local(&c, caller_fn, ep));
	EXPECT_OK(ktest_start(&c));
	EXPECT_OK(dbt_recv(ep, &tag, &badge, EXC_TIMEOUT));
	EXPECT_EQ(DBT_TAG_LABEL(tag), 5);
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_STOP, 0, 0).err);
	EXPECT_EQ(dbt_reply(DBT_TAG(0, 0, 0)), DBT_E_NO_CALLER);
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_RESUME, 0, 0).err);
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(thr_v1, DBT_E_CANCELLED);
}

/* ---- priority, info, control rights -------------------------------------------------------- */

KTEST(thread, set_priority_limits)
{
	struct kchild c;
	struct dbt_sysret r;
	EXPECT_OK(ktest_local(&c, counter, 0));
	r = dbt_thread_ctl(c.thread, DBT_THREAD_INFO, 0, 0);
	EXPECT_OK(r.err);
	EXPECT_EQ(r.v0, ST_INACTIVE);
	EXPECT_EQ(r.v1, 150);
	EXPECT_EQ(dbt_thread_ctl(c.thread, DBT_THREAD_SET_PRIORITY, 201, 0).err, DBT_E_NO_RIGHTS);
	EXPECT_EQ(dbt_thread_ctl(c.thread, DBT_THREAD_SET_PRIORITY, 256, 0).err, DBT_E_INVALID_ARG);
	EXPECT_EQ(dbt_thread_ctl(DBT_ROOT_SLOT_THREAD, DBT_THREAD_SET_PRIORITY, 201, 0).err,
	          DBT_E_NO_RIGHTS);
	EXPECT_EQ(dbt_thread_ctl(c.thread, DBT_THREAD_INFO, 0, 0).v1, 150);
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_SET_PRIORITY, 200, 0).err);
	EXPECT_EQ(dbt_thread_ctl(c.thread, DBT_THREAD_INFO, 0, 0).v1, 200);
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_SET_PRIORITY, 0, 0).err);
	EXPECT_EQ(dbt_thread_ctl(c.thread, DBT_THREAD_INFO, 0, 0).v1, 0);
	r = dbt_thread_ctl(DBT_ROOT_SLOT_THREAD, DBT_THREAD_INFO, 0, 0);
	EXPECT_EQ(r.v0, ST_RUNNABLE);
	EXPECT_EQ(r.v1, 200);
}

KTEST(thread, control_rights_and_ops)
{
	struct kchild c;
	dbt_slot_t weak = kslot(), ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	EXPECT_OK(ktest_local(&c, counter, 0));
	EXPECT_OK(dbt_cap_copy(c.thread, weak, DBT_CAP_ALL & ~DBT_CAP_CONTROL, 0));
	EXPECT_EQ(dbt_thread_ctl(weak, DBT_THREAD_INFO, 0, 0).err, DBT_E_NO_RIGHTS);
	EXPECT_EQ(dbt_thread_start(weak, 0x401000, 0x7000), DBT_E_NO_RIGHTS);
	EXPECT_EQ(dbt_thread_ctl(ntf, DBT_THREAD_INFO, 0, 0).err, DBT_E_WRONG_TYPE);
	EXPECT_EQ(dbt_thread_ctl(c.thread, DBT_THREAD_OP_COUNT, 0, 0).err, DBT_E_INVALID_SYSCALL);
	EXPECT_EQ(dbt_thread_ctl(c.thread, DBT_THREAD_SET_TIMESLICE, 0, 0).err, DBT_E_INVALID_ARG);
	EXPECT_EQ(dbt_thread_ctl(c.thread, DBT_THREAD_SET_EXC, ntf, 0).err, DBT_E_WRONG_TYPE);
	EXPECT_EQ(dbt_thread_ctl(c.thread, DBT_THREAD_SET_PAGER, ntf, 0).err, DBT_E_WRONG_TYPE);
	EXPECT_EQ(thread_state(c.thread), ST_INACTIVE);
}

/* ---- bound notification ----------------------------------------------------------------------- */

static volatile dbt_word_t thr_tag, thr_badge;

static void bound_receiver(dbt_word_t ep)
{
	dbt_word_t tag, badge;
	thr_v1 = dbt_recv(ep, &tag, &badge, EXC_TIMEOUT);
	thr_tag = tag;
	thr_badge = badge;
}

KTEST(thread, bound_notification_wakes_receiver)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_slot_t ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	dbt_slot_t ntf2 = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	dbt_slot_t badged = kslot();
	thr_v1 = 0x99;
	EXPECT_OK(dbt_cap_copy(ntf, badged, DBT_CAP_WRITE, 0x30));
	EXPECT_OK(ktest_local(&c, bound_receiver, ep));
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_BIND_NOTIFY, ntf, 0).err);
	EXPECT_EQ(dbt_thread_ctl(c.thread, DBT_THREAD_BIND_NOTIFY, ntf2, 0).err, DBT_E_BUSY);
	EXPECT_OK(ktest_start(&c));
	ksleep_ms(2);
	EXPECT_EQ(thread_state(c.thread), ST_RECV);
	EXPECT_OK(dbt_signal(badged));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(thr_v1, DBT_OK);
	EXPECT_EQ(DBT_TAG_LABEL(thr_tag), DBT_LABEL_NOTIFY);
	EXPECT_EQ(thr_badge, 0x30);
}

/* ---- FPU state per thread --------------------------------------------------------------------- */

void thr_fpu_set(dbt_word_t v);
dbt_word_t thr_fpu_get(void);
__asm__(".text\n.global thr_fpu_set\nthr_fpu_set:\n\tmovq %rdi, %xmm0\n\tret\n"
        ".global thr_fpu_get\nthr_fpu_get:\n\tmovq %xmm0, %rax\n\tret\n");

static volatile dbt_word_t thr_fpu_seen[2];

static void fpu_worker(dbt_word_t i)
{
	thr_fpu_set(0xf00d0000 + i);
	dbt_yield();
	dbt_yield();
	thr_fpu_seen[i] = thr_fpu_get();
}

KTEST(thread, fpu_state_per_thread)
{
	struct kchild a, b;
	thr_fpu_seen[0] = thr_fpu_seen[1] = 0;
	EXPECT_OK(ktest_local(&a, fpu_worker, 0));
	EXPECT_OK(ktest_local(&b, fpu_worker, 1));
	EXPECT_OK(ktest_start(&a));
	EXPECT_OK(ktest_start(&b));
	EXPECT(ktest_join(&a, 1000));
	EXPECT(ktest_join(&b, 1000));
	EXPECT_EQ(thr_fpu_seen[0], 0xf00d0000);
	EXPECT_EQ(thr_fpu_seen[1], 0xf00d0001);
}

/* ---- destruction -------------------------------------------------------------------------------- */

KTEST(thread, destroy_running_thread)
{
	struct kchild c;
	dbt_word_t type;
	thr_stop = 0;
	thr_count = 0;
	EXPECT_OK(ktest_local(&c, counter, 0));
	EXPECT_OK(ktest_start(&c));
	ksleep_ms(5);
	EXPECT(thr_count > 0);
	EXPECT_EQ(thread_state(c.thread), ST_RUNNABLE);
	EXPECT_OK(dbt_destroy(c.thread));
	EXPECT_EQ(dbt_cap_info(c.thread, &type, NULL, NULL), DBT_E_EMPTY_SLOT);
	dbt_word_t n = thr_count;
	ksleep_ms(10);
	EXPECT_EQ(thr_count, n);
}

/* Destroyed while its exception is being handled: the reply right goes. */
KTEST(thread, destroy_thread_in_exception)
{
	struct kchild c;
	struct dbt_exc_msg m;
	dbt_word_t tag;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	EXPECT_OK(exc_local(&c, thr_probe_ud, ep));
	EXPECT_OK(exc_wait(ep, &m, &tag));
	EXPECT_OK(dbt_destroy(c.thread));
	EXPECT_EQ(exc_resume(&m.regs), DBT_E_NO_CALLER);
	EXPECT(!c.done);
}

static void destroy_self(dbt_word_t slot)
{
	thr_v1 = 1;
	thr_v2 = dbt_destroy(slot);
	thr_v1 = 2;                     /* never */
}

KTEST(thread, thread_destroys_itself)
{
	struct kchild c;
	dbt_word_t type;
	thr_v1 = thr_v2 = 0x99;
	EXPECT_OK(ktest_local(&c, destroy_self, 0));
	c.arg = c.thread;
	EXPECT_OK(ktest_start(&c));
	ksleep_ms(5);
	EXPECT_EQ(thr_v1, 1);
	EXPECT_EQ(thr_v2, 0x99);
	EXPECT_EQ(dbt_cap_info(c.thread, &type, NULL, NULL), DBT_E_EMPTY_SLOT);
}

KTEST(thread, thread_destroys_own_task)
{
	struct kchild c, other;
	dbt_word_t type;
	thr_v1 = thr_v2 = 0x99;
	thr_stop = 0;
	EXPECT_OK(ktest_child(&c, destroy_self, CHILD_SLOT_FIRST));
	EXPECT_OK(ktest_give(&c, c.task, CHILD_SLOT_FIRST, DBT_CAP_ALL));
	/* a second thread in the task, blocked, goes with it */
	dbt_slot_t t2 = kslot();
	EXPECT_OK(dbt_create(T_QUOTA, DBT_OBJ_THREAD, t2, c.task, 0x7ffff0020000ull));
	EXPECT_OK(ktest_start(&c));
	ksleep_ms(10);
	EXPECT_EQ(thr_v1, 1);
	EXPECT_EQ(thr_v2, 0x99);
	EXPECT_EQ(dbt_cap_info(c.task, &type, NULL, NULL), DBT_E_EMPTY_SLOT);
	EXPECT_EQ(dbt_cap_info(c.thread, &type, NULL, NULL), DBT_E_EMPTY_SLOT);
	EXPECT_EQ(dbt_cap_info(t2, &type, NULL, NULL), DBT_E_EMPTY_SLOT);
	/* everything else still works */
	thr_count = 0;
	EXPECT_OK(ktest_local(&other, counter, 0));
	EXPECT_OK(ktest_start(&other));
	ksleep_ms(3);
	thr_stop = 1;
	EXPECT(ktest_join(&other, 1000));
	EXPECT(thr_count > 0);
}
