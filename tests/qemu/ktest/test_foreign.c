/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_foreign.c - the short form of foreign-ABI system calls
 * (DBT_THREAD_SET_FOREIGN with DBT_FOREIGN_ON | DBT_FOREIGN_SHORT): the
 * register-only message (the seven registers, badge, label), the one-word
 * reply (rax changes, nothing else does), full register access to a thread
 * parked in such a call, wrong replies, the full path (a handler of lower
 * priority, not waiting, or holding another caller), stopping and
 * resuming, a deleted handler endpoint or thread, and a `syscall` whose
 * return address is the first byte of the never-mapped last page.
 *
 * The suite runs with and without the IPC fast path (ktest.mk); the
 * results must be the same.  Where a test knows which path each IPC takes,
 * it checks DBT_STAT_FASTPATH too (nothing with "nofastpath").
 *
 * A foreign thread F (priority 150) has a badged copy of the endpoint
 * fgn_ep as its exception handler; a handler thread H of the root task
 * receives on fgn_ep with no timeout, so that the fast path may apply, and
 * the root waits for both with a timeout.  As for native IPC, the call
 * takes the fast path to a handler of lower priority than F's, and the
 * answer to a caller of lower priority than H's, only when no thread above
 * that partner's priority is ready.  When F's function returns,
 * the framework's stop call is one more foreign system call: H has
 * finished by then, or stops F (h_serve).
 */
#include "ktest.h"

#define H_PRIO_ABOVE 160        /* the handler above the children (150) */
#define H_PRIO_SAME  150
#define H_PRIO_BELOW 140
#define JOIN_MS      2000
#define ST_SENDING   2          /* enum dbt_thread_state */
#define ST_AWAIT     4
#define ST_STOPPED   6
#define SHORT_MODE   (DBT_FOREIGN_ON | DBT_FOREIGN_SHORT)
#define BADGE        0xb4d6e0ull
#define TO_NEVER     DBT_TIMEOUTS(DBT_TIMEOUT_NEVER, DBT_TIMEOUT_NEVER)
#define RESULT(nr)   ((nr) ^ 0x5a5a0000ull)     /* what the handlers answer */
#define MAX_MSGS     8

/* Distinct register values the probe loads before its `syscall`. */
#define F_RAX 0x5ca1100000000a01
#define F_RBX 0x5ca1100000000b02
#define F_RCX 0x5ca1100000000c03
#define F_RDX 0x5ca1100000000d04
#define F_RSI 0x5ca1100000005105
#define F_RDI 0x5ca110000000d106
#define F_RBP 0x5ca110000000b107
#define F_R8  0x5ca1100000000808
#define F_R9  0x5ca1100000000909
#define F_R10 0x5ca1100000001010
#define F_R11 0x5ca1100000001111
#define F_R12 0x5ca1100000001212
#define F_R13 0x5ca1100000001313
#define F_R14 0x5ca1100000001414
#define F_R15 0x5ca1100000001515

#define STR_(x) #x
#define STR(x) STR_(x)

/* ---- the probe: every register set, one `syscall`, every register seen ----- */

/* What fgn_probe saw after its `syscall` (struct dbt_regs order), its stack
 * pointer there, and whether it went through fgn_probe_after (a thread
 * whose rip was written to fgn_probe_save skips it). */
struct dbt_regs fgn_out;
dbt_word_t fgn_rsp;
volatile dbt_word_t fgn_after_seen;

void fgn_probe(dbt_word_t);
extern char fgn_probe_insn[], fgn_probe_after[], fgn_probe_save[];
__asm__(".text\n.global fgn_probe\nfgn_probe:\n"
        "\tpush %rbx\n\tpush %rbp\n\tpush %r12\n\tpush %r13\n\tpush %r14\n\tpush %r15\n"
        "\tmov %rsp, fgn_rsp(%rip)\n"
        "\tmovabs $" STR(F_RAX) ", %rax\n\tmovabs $" STR(F_RBX) ", %rbx\n"
        "\tmovabs $" STR(F_RCX) ", %rcx\n\tmovabs $" STR(F_RDX) ", %rdx\n"
        "\tmovabs $" STR(F_RSI) ", %rsi\n\tmovabs $" STR(F_RDI) ", %rdi\n"
        "\tmovabs $" STR(F_RBP) ", %rbp\n\tmovabs $" STR(F_R8) ", %r8\n"
        "\tmovabs $" STR(F_R9) ", %r9\n\tmovabs $" STR(F_R10) ", %r10\n"
        "\tmovabs $" STR(F_R11) ", %r11\n\tmovabs $" STR(F_R12) ", %r12\n"
        "\tmovabs $" STR(F_R13) ", %r13\n\tmovabs $" STR(F_R14) ", %r14\n"
        "\tmovabs $" STR(F_R15) ", %r15\n"
        "\tstc\n"
        ".global fgn_probe_insn\nfgn_probe_insn:\n\tsyscall\n"
        ".global fgn_probe_after\nfgn_probe_after:\n"
        "\tmovq $1, fgn_after_seen(%rip)\n"       /* mov: the flags stay */
        ".global fgn_probe_save\nfgn_probe_save:\n"
        "\tmov %rax, fgn_out+24(%rip)\n\tmov %rbx, fgn_out+32(%rip)\n"
        "\tmov %rcx, fgn_out+40(%rip)\n\tmov %rdx, fgn_out+48(%rip)\n"
        "\tmov %rsi, fgn_out+56(%rip)\n\tmov %rdi, fgn_out+64(%rip)\n"
        "\tmov %rbp, fgn_out+72(%rip)\n\tmov %r8, fgn_out+80(%rip)\n"
        "\tmov %r9, fgn_out+88(%rip)\n\tmov %r10, fgn_out+96(%rip)\n"
        "\tmov %r11, fgn_out+104(%rip)\n\tmov %r12, fgn_out+112(%rip)\n"
        "\tmov %r13, fgn_out+120(%rip)\n\tmov %r14, fgn_out+128(%rip)\n"
        "\tmov %r15, fgn_out+136(%rip)\n"
        "\tpushfq\n\tpop %rax\n\tmov %rax, fgn_out+16(%rip)\n"
        "\tmov %rsp, fgn_out+8(%rip)\n"
        "\tpop %r15\n\tpop %r14\n\tpop %r13\n\tpop %r12\n\tpop %rbp\n\tpop %rbx\n\tret\n");

static void probe_reset(void)
{
	dbt_word_t *w = (dbt_word_t *)&fgn_out;
	for (unsigned i = 0; i < DBT_REGS_WORDS; i++)
		w[i] = 0;
	fgn_rsp = 0;
	fgn_after_seen = 0;
}

/* ---- the loop: n system calls with arguments from their index ------------- */

#define LOOP_MAX 64
#define LOOP_ARG(who, n) ((who) << 8 | (n))     /* fgn_loop's argument */
#define NR(who, i)       (0x1000 + ((dbt_word_t)(who) << 8) + (i))
#define ARG(who, i, k)   (((dbt_word_t)NR(who, i) << 32) | (0xa0 + (k)))

static volatile dbt_word_t fgn_res[2][LOOP_MAX];  /* rax after call i of thread who */
static volatile dbt_word_t fgn_bad[2];            /* argument registers changed */

/* One Linux-style system call: number, six arguments; out: the argument
 * registers after it. */
static dbt_word_t fgn_syscall(dbt_word_t nr, const dbt_word_t *a, dbt_word_t *out)
{
	register dbt_word_t r10 __asm__("r10") = a[3];
	register dbt_word_t r8 __asm__("r8") = a[4];
	register dbt_word_t r9 __asm__("r9") = a[5];
	dbt_word_t rax = nr, rdi = a[0], rsi = a[1], rdx = a[2];
	__asm__ volatile("syscall"
	                 : "+a"(rax), "+D"(rdi), "+S"(rsi), "+d"(rdx), "+r"(r10), "+r"(r8), "+r"(r9)
	                 :
	                 : "rcx", "r11", "memory");
	out[0] = rdi;
	out[1] = rsi;
	out[2] = rdx;
	out[3] = r10;
	out[4] = r8;
	out[5] = r9;
	return rax;
}

static void fgn_loop(dbt_word_t arg)
{
	unsigned who = (unsigned)(arg >> 8), n = arg & 0xff;
	for (unsigned i = 0; i < n && i < LOOP_MAX; i++) {
		dbt_word_t a[6], out[6];
		for (unsigned k = 0; k < 6; k++)
			a[k] = ARG(who, i, k);
		fgn_res[who][i] = fgn_syscall(NR(who, i), a, out);
		for (unsigned k = 0; k < 6; k++)
			if (out[k] != a[k])
				fgn_bad[who]++;
	}
}

/* ---- handlers ------------------------------------------------------------------ */

struct fgn_msg {
	dbt_word_t err, tag, badge;
	struct dbt_regmsg m;
};

static dbt_slot_t fgn_ep;               /* the handlers' endpoint */
static struct kchild fgn_f;             /* the foreign thread */
static dbt_slot_t fgn_threads[2];       /* the foreign threads by badge - BADGE */
static unsigned fgn_n;                  /* messages h_serve takes */
static bool fgn_pause;                  /* h_serve sleeps after the first one */
static struct fgn_msg fgn_got[MAX_MSGS];
static volatile unsigned fgn_taken;
static volatile dbt_word_t fgn_reply_err;
static dbt_word_t fgn_badge;            /* of the last message */
static volatile dbt_word_t fgn_v[16];   /* results of a handler's steps */

static void fgn_reset(void)
{
	for (unsigned i = 0; i < MAX_MSGS; i++)
		fgn_got[i] = (struct fgn_msg){ 0, 0, 0, { { 0 } } };
	for (unsigned i = 0; i < 16; i++)
		fgn_v[i] = ~0ull;
	for (unsigned w = 0; w < 2; w++) {
		fgn_bad[w] = 0;
		for (unsigned i = 0; i < LOOP_MAX; i++)
			fgn_res[w][i] = 0;
	}
	fgn_taken = 0;
	fgn_reply_err = ~0ull;
	fgn_pause = false;
	probe_reset();
}

static void record(dbt_word_t err, dbt_word_t tag, dbt_word_t badge, const struct dbt_regmsg *m)
{
	unsigned i = fgn_taken;
	if (i < MAX_MSGS)
		fgn_got[i] = (struct fgn_msg){ err, tag, badge, *m };
	fgn_taken = i + 1;
	fgn_badge = badge;
}

static dbt_word_t h_recv(struct dbt_regmsg *m)
{
	dbt_word_t tag = 0, badge = 0;
	dbt_word_t err = dbt_ipc_regs(DBT_SYS_RECV, fgn_ep, &tag, TO_NEVER, m, &badge);
	record(err, tag, badge, m);
	return err;
}

/* Answer with RESULT(MR0) by reply-and-receive: the next message arrives. */
static dbt_word_t h_answer_recv(struct dbt_regmsg *m)
{
	dbt_word_t tag = DBT_SYSCALL_REPLY_TAG, badge = 0;
	m->w[0] = RESULT(m->w[0]);
	dbt_word_t err = dbt_ipc_regs(DBT_SYS_REPLY_RECV, fgn_ep, &tag, TO_NEVER, m, &badge);
	record(err, tag, badge, m);
	return err;
}

/* The same with a receive deadline (far off): the flag is the receive's,
 * so the answer is still exactly DBT_SYSCALL_REPLY_TAG to the caller. */
static dbt_word_t h_answer_recv_deadline(struct dbt_regmsg *m)
{
	dbt_word_t tag = DBT_SYSCALL_REPLY_TAG | DBT_TAG_DEADLINE, badge = 0;
	m->w[0] = RESULT(m->w[0]);
	dbt_word_t err = dbt_ipc_regs(DBT_SYS_REPLY_RECV, fgn_ep, &tag, dbt_clock_ns() + 5000000000ull,
	                              m, &badge);
	record(err, tag, badge, m);
	return err;
}

static dbt_word_t h_answer(struct dbt_regmsg *m)
{
	dbt_word_t tag = DBT_SYSCALL_REPLY_TAG;
	m->w[0] = RESULT(m->w[0]);
	return dbt_ipc_regs(DBT_SYS_REPLY, 0, &tag, 0, m, NULL);
}

/* The framework's stop call of a foreign thread whose function returned:
 * stop the thread (which ends its call) and take the next message. */
static void h_stop_finished(struct dbt_regmsg *m)
{
	dbt_thread_ctl(fgn_threads[fgn_badge - BADGE], DBT_THREAD_STOP, 0, 0);
	h_recv(m);
}

/* Answer fgn_n system calls with RESULT(MR0): by reply-and-receive, the
 * last by reply. */
static void h_serve(dbt_word_t unused)
{
	struct dbt_regmsg m = { { 0 } };
	unsigned served = 0;
	(void)unused;
	h_recv(&m);
	if (fgn_pause)
		ksleep_ms(5);
	for (;;) {
		if (m.w[0] == DBT_SYS_THREAD_CTL) {
			h_stop_finished(&m);
			continue;
		}
		if (++served == fgn_n)
			break;
		h_answer_recv(&m);
	}
	fgn_reply_err = h_answer(&m);
}

/* As h_serve, answering by reply-and-receive with a deadline. */
static void h_serve_deadline(dbt_word_t unused)
{
	struct dbt_regmsg m = { { 0 } };
	unsigned served = 0;
	(void)unused;
	h_recv(&m);
	for (;;) {
		if (m.w[0] == DBT_SYS_THREAD_CTL) {
			h_stop_finished(&m);
			continue;
		}
		if (++served == fgn_n)
			break;
		h_answer_recv_deadline(&m);
	}
	fgn_reply_err = h_answer(&m);
}

/* ---- set-up and checks -------------------------------------------------------- */

static bool fast_on(void)
{
	char v[24];
	const char *s = urt_arg("variant", v, sizeof(v));
	return !s || strcmp(s, "nofastpath") != 0;
}

/* Fast-path IPCs since fp0: n with the fast path, none without. */
#define EXPECT_FAST(fp0, n) EXPECT_EQ(dbt_stat(DBT_STAT_FASTPATH) - (fp0), fast_on() ? (n) : 0)

/* F runs fn(arg) in its own task (own) or the root task, in mode, with a
 * copy of fgn_ep (WRITE only, badge) as exception handler; not started. */
static dbt_word_t foreign_new(struct kchild *f, bool own, void (*fn)(dbt_word_t), dbt_word_t arg,
                              dbt_word_t mode, dbt_word_t badge)
{
	dbt_slot_t exc = kslot();
	dbt_word_t err = own ? ktest_child(f, fn, arg) : ktest_local(f, fn, arg);
	if (!err)
		err = dbt_cap_copy(fgn_ep, exc, DBT_CAP_WRITE, badge);
	if (!err)
		err = dbt_thread_ctl(f->thread, DBT_THREAD_SET_EXC, exc, 0).err;
	if (!err)
		err = dbt_thread_ctl(f->thread, DBT_THREAD_SET_FOREIGN, mode, 0).err;
	if (badge - BADGE < 2)
		fgn_threads[badge - BADGE] = f->thread;
	return err;
}

/* H: fn(arg) in a thread of the root task at prio, started. */
static dbt_word_t handler_start(struct kchild *h, void (*fn)(dbt_word_t), dbt_word_t arg,
                                unsigned prio)
{
	dbt_word_t err = ktest_local(h, fn, arg);
	if (!err)
		err = dbt_thread_ctl(h->thread, DBT_THREAD_SET_PRIORITY, prio, 0).err;
	if (!err)
		err = ktest_start(h);
	return err;
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

/* The probe's short message: all seven registers, the badge, the tag. */
static void check_probe_msg(const struct fgn_msg *g, dbt_word_t badge)
{
	EXPECT_OK(g->err);
	EXPECT_EQ(g->tag, DBT_SYSCALL_SHORT_TAG);
	EXPECT_EQ(DBT_TAG_LABEL(g->tag), DBT_LABEL_SYSCALL_SHORT);
	EXPECT_EQ(DBT_TAG_U(g->tag), DBT_SYSCALL_SHORT_WORDS);
	EXPECT_EQ(DBT_TAG_T(g->tag), 0);
	EXPECT_EQ(g->badge, badge);
	EXPECT_EQ(g->m.w[0], F_RAX);
	EXPECT_EQ(g->m.w[1], F_RDI);
	EXPECT_EQ(g->m.w[2], F_RSI);
	EXPECT_EQ(g->m.w[3], F_RDX);
	EXPECT_EQ(g->m.w[4], F_R10);
	EXPECT_EQ(g->m.w[5], F_R8);
	EXPECT_EQ(g->m.w[6], F_R9);
}

/* After the reply: rax is the answer; rcx and r11 are what `syscall` put
 * there (return rip, rflags with the probe's CF); everything else as the
 * probe loaded it. */
static void check_probe_regs(dbt_word_t rax)
{
	EXPECT_EQ(fgn_after_seen, 1);
	EXPECT_EQ(fgn_out.rax, rax);
	EXPECT_EQ(fgn_out.rcx, (dbt_word_t)fgn_probe_after);
	EXPECT_EQ(fgn_out.r11, fgn_out.rflags);
	EXPECT_EQ(fgn_out.rflags & 0x201, 0x201);       /* CF from the probe, IF */
	EXPECT_EQ(fgn_out.rsp, fgn_rsp);
	EXPECT_EQ(fgn_out.rbx, F_RBX);
	EXPECT_EQ(fgn_out.rdx, F_RDX);
	EXPECT_EQ(fgn_out.rsi, F_RSI);
	EXPECT_EQ(fgn_out.rdi, F_RDI);
	EXPECT_EQ(fgn_out.rbp, F_RBP);
	EXPECT_EQ(fgn_out.r8, F_R8);
	EXPECT_EQ(fgn_out.r9, F_R9);
	EXPECT_EQ(fgn_out.r10, F_R10);
	EXPECT_EQ(fgn_out.r12, F_R12);
	EXPECT_EQ(fgn_out.r13, F_R13);
	EXPECT_EQ(fgn_out.r14, F_R14);
	EXPECT_EQ(fgn_out.r15, F_R15);
}

/* n calls of fgn_loop by thread who: answers, untouched arguments. */
static void check_loop(unsigned who, unsigned n)
{
	EXPECT_EQ(fgn_bad[who], 0);
	for (unsigned i = 0; i < n; i++)
		EXPECT_EQ(fgn_res[who][i], RESULT(NR(who, i)));
}

/* Message i was call c of fgn_loop thread who, with badge. */
static void check_loop_msg(unsigned i, unsigned who, unsigned c, dbt_word_t badge)
{
	const struct fgn_msg *g = &fgn_got[i];
	EXPECT_OK(g->err);
	EXPECT_EQ(g->tag, DBT_SYSCALL_SHORT_TAG);
	EXPECT_EQ(g->badge, badge);
	EXPECT_EQ(g->m.w[0], NR(who, c));
	for (unsigned k = 0; k < 6; k++)
		EXPECT_EQ(g->m.w[1 + k], ARG(who, c, k));
}

/* Set up fgn_ep and F running fn(arg) in mode; H running hfn at hprio. */
static dbt_word_t run_pair(struct kchild *h, bool own, void (*fn)(dbt_word_t), dbt_word_t arg,
                           dbt_word_t mode, void (*hfn)(dbt_word_t), unsigned hprio)
{
	fgn_reset();
	fgn_ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_word_t err = foreign_new(&fgn_f, own, fn, arg, mode, BADGE);
	if (!err)
		err = handler_start(h, hfn, 0, hprio);
	if (!err)
		err = ktest_start(&fgn_f);
	return err;
}

/* ---- the mode ------------------------------------------------------------------- */

KTEST(foreign, set_foreign_modes)
{
	struct kchild c;
	const dbt_word_t bad[] = { DBT_FOREIGN_SHORT, 4, 5, 7, 0x100 | SHORT_MODE, 1ull << 32 | 1,
	                           ~0ull };
	EXPECT_OK(ktest_local(&c, fgn_probe, 0));
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		EXPECT_EQ(dbt_thread_ctl(c.thread, DBT_THREAD_SET_FOREIGN, bad[i], 0).err,
		          DBT_E_INVALID_ARG);
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_SET_FOREIGN, SHORT_MODE, 0).err);
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_SET_FOREIGN, DBT_FOREIGN_ON, 0).err);
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_SET_FOREIGN, 0, 0).err);
}

static struct dbt_regs fgn_regs_of(dbt_slot_t t)
{
	struct dbt_regs r = { 0 };
	if (dbt_thread_ctl(t, DBT_THREAD_READ_REGS, 0, 0).err == DBT_OK)
		memcpy(&r, dbt_mr(), sizeof(r));
	return r;
}

/* The FS and GS bases follow the ABI: a native thread's FS holds its UTCB,
 * a foreign one starts with both 0 (as a new Linux program), and a change
 * between foreign modes keeps what the thread set. */
KTEST(foreign, bases_follow_abi)
{
	struct kchild c;
	EXPECT_OK(ktest_local(&c, fgn_probe, 0));
	struct dbt_regs r = fgn_regs_of(c.thread);
	dbt_word_t utcb = r.fs_base;
	EXPECT(utcb != 0);
	r.gs_base = 0x5000;
	memcpy(dbt_mr(), &r, sizeof(r));
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_WRITE_REGS, 0, 0).err);
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_SET_FOREIGN, SHORT_MODE, 0).err);
	r = fgn_regs_of(c.thread);
	EXPECT_EQ(r.fs_base, 0);
	EXPECT_EQ(r.gs_base, 0);
	r.fs_base = 0x7000;
	memcpy(dbt_mr(), &r, sizeof(r));
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_WRITE_REGS, 0, 0).err);
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_SET_FOREIGN, DBT_FOREIGN_ON, 0).err);
	EXPECT_EQ(fgn_regs_of(c.thread).fs_base, 0x7000);
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_SET_FOREIGN, 0, 0).err);
	r = fgn_regs_of(c.thread);
	EXPECT_EQ(r.fs_base, utcb);
	EXPECT_EQ(r.gs_base, 0);
}

/* ---- message and reply ---------------------------------------------------------- */

KTEST(foreign, short_message_and_reply)
{
	struct kchild h;
	fgn_n = 1;
	dbt_word_t fp0 = dbt_stat(DBT_STAT_FASTPATH);
	EXPECT_OK(run_pair(&h, false, fgn_probe, 0, SHORT_MODE, h_serve, H_PRIO_ABOVE));
	EXPECT(ktest_join(&h, JOIN_MS));
	EXPECT(ktest_join(&fgn_f, JOIN_MS));
	EXPECT_FAST(fp0, 1);            /* the call; the reply is DBT_SYS_REPLY */
	EXPECT_EQ(fgn_taken, 1);
	check_probe_msg(&fgn_got[0], BADGE);
	EXPECT_OK(fgn_reply_err);
	check_probe_regs(RESULT(F_RAX));
}

/* The same from a thread in its own address space. */
KTEST(foreign, short_message_other_task)
{
	struct kchild h;
	fgn_n = 1;
	EXPECT_OK(run_pair(&h, true, fgn_probe, 0, SHORT_MODE, h_serve, H_PRIO_ABOVE));
	EXPECT(ktest_join(&h, JOIN_MS));
	EXPECT(ktest_join(&fgn_f, JOIN_MS));
	check_probe_msg(&fgn_got[0], BADGE);
	check_probe_regs(RESULT(F_RAX));
}

/* Many calls in a row from another task, to a handler of the same
 * priority: every call and every answer but the last (DBT_SYS_REPLY)
 * takes the fast path. */
KTEST(foreign, round_trips)
{
	struct kchild h;
	const unsigned n = 40;
	fgn_n = n;
	dbt_word_t fp0 = dbt_stat(DBT_STAT_FASTPATH);
	EXPECT_OK(run_pair(&h, true, fgn_loop, LOOP_ARG(0, n), SHORT_MODE, h_serve, H_PRIO_SAME));
	EXPECT(ktest_join(&h, JOIN_MS));
	EXPECT(ktest_join(&fgn_f, JOIN_MS));
	EXPECT_FAST(fp0, 2 * n - 1);
	check_loop(0, n);
	for (unsigned i = 0; i < MAX_MSGS; i++)
		check_loop_msg(i, 0, i, BADGE);
}

/* A server with timers pending answers by REPLY_RECV with a receive
 * deadline: the answers arrive as ever (unixd does this), and both the
 * answers and the calls to the server waiting with its deadline are fast. */
KTEST(foreign, round_trips_reply_recv_deadline)
{
	struct kchild h;
	const unsigned n = MAX_MSGS;
	fgn_n = n;
	dbt_word_t fp0 = dbt_stat(DBT_STAT_FASTPATH);
	EXPECT_OK(run_pair(&h, true, fgn_loop, LOOP_ARG(0, n), SHORT_MODE, h_serve_deadline, H_PRIO_SAME));
	EXPECT(ktest_join(&h, JOIN_MS));
	EXPECT(ktest_join(&fgn_f, JOIN_MS));
	EXPECT_FAST(fp0, 2 * n - 1);    /* as without the deadline */
	EXPECT_EQ(fgn_reply_err, DBT_OK);
	check_loop(0, n);
	for (unsigned i = 0; i < n; i++)
		EXPECT_EQ(fgn_got[i].err, DBT_OK);
}

/* Any number is a foreign system call, also those of the kernel's own
 * calls: 2 and 4 (DBT_SYS_CALL, DBT_SYS_REPLY_RECV; Linux's open and stat)
 * pass the native IPC fast path's entry first. */
static const dbt_word_t fgn_numbers[] = { 2, 4, 0, 1, 3, DBT_SYS_THREAD_CTL - 1, DBT_SYS_COUNT,
                                          0x7fffffff, ~0ull };
#define N_NUMBERS (sizeof(fgn_numbers) / sizeof(fgn_numbers[0]))

static void fgn_numbers_loop(dbt_word_t unused)
{
	(void)unused;
	for (unsigned i = 0; i < N_NUMBERS; i++) {
		dbt_word_t a[6], out[6];
		for (unsigned k = 0; k < 6; k++)
			a[k] = ARG(0, i, k);
		fgn_res[0][i] = fgn_syscall(fgn_numbers[i], a, out);
		for (unsigned k = 0; k < 6; k++)
			if (out[k] != a[k])
				fgn_bad[0]++;
	}
}

KTEST(foreign, any_number)
{
	struct kchild h;
	fgn_n = N_NUMBERS;
	dbt_word_t fp0 = dbt_stat(DBT_STAT_FASTPATH);
	EXPECT_OK(run_pair(&h, true, fgn_numbers_loop, 0, SHORT_MODE, h_serve, H_PRIO_SAME));
	EXPECT(ktest_join(&h, JOIN_MS));
	EXPECT(ktest_join(&fgn_f, JOIN_MS));
	EXPECT_FAST(fp0, 2 * N_NUMBERS - 1);
	EXPECT_EQ(fgn_bad[0], 0);
	for (unsigned i = 0; i < N_NUMBERS; i++) {
		EXPECT_EQ(fgn_res[0][i], RESULT(fgn_numbers[i]));
		if (i >= MAX_MSGS)
			continue;
		EXPECT_EQ(fgn_got[i].tag, DBT_SYSCALL_SHORT_TAG);
		EXPECT_EQ(fgn_got[i].m.w[0], fgn_numbers[i]);
		for (unsigned k = 0; k < 6; k++)
			EXPECT_EQ(fgn_got[i].m.w[1 + k], ARG(0, i, k));
	}
}

/* A foreign thread's arguments that would make a valid kernel call:
 * DBT_SYS_CALL (2) on an endpoint it holds, where a receiver waits, with a
 * register-only tag and no receive timeout - what the native IPC fast path
 * takes.  They are still a foreign system call. */
static void fgn_kernel_like(dbt_word_t ep)
{
	const dbt_word_t a[6] = { ep, DBT_TAG(0, 1, 0), 0x77, TO_NEVER, 0, 0 };
	dbt_word_t out[6];
	fgn_res[0][0] = fgn_syscall(DBT_SYS_CALL, a, out);
	fgn_res[0][1] = fgn_syscall(DBT_SYS_REPLY_RECV, a, out);
	for (unsigned k = 0; k < 6; k++)
		if (out[k] != a[k])
			fgn_bad[0]++;
}

KTEST(foreign, kernel_call_arguments)
{
	struct kchild h;
	fgn_reset();
	fgn_n = 2;
	fgn_ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	/* F is a thread of the root task: fgn_ep is a slot it holds, with every right */
	EXPECT_OK(foreign_new(&fgn_f, false, fgn_kernel_like, fgn_ep, SHORT_MODE, BADGE));
	EXPECT_OK(handler_start(&h, h_serve, 0, H_PRIO_SAME));
	EXPECT_OK(ktest_start(&fgn_f));
	EXPECT(ktest_join(&h, JOIN_MS));
	EXPECT(ktest_join(&fgn_f, JOIN_MS));
	for (unsigned i = 0; i < 2; i++) {
		EXPECT_OK(fgn_got[i].err);
		EXPECT_EQ(fgn_got[i].tag, DBT_SYSCALL_SHORT_TAG);
		EXPECT_EQ(fgn_got[i].badge, BADGE);
		EXPECT_EQ(fgn_got[i].m.w[0], i ? DBT_SYS_REPLY_RECV : DBT_SYS_CALL);
		EXPECT_EQ(fgn_got[i].m.w[1], fgn_ep);
		EXPECT_EQ(fgn_got[i].m.w[2], DBT_TAG(0, 1, 0));
		EXPECT_EQ(fgn_got[i].m.w[3], 0x77);
		EXPECT_EQ(fgn_got[i].m.w[4], TO_NEVER);
	}
	EXPECT_EQ(fgn_res[0][0], RESULT(DBT_SYS_CALL));
	EXPECT_EQ(fgn_res[0][1], RESULT(DBT_SYS_REPLY_RECV));
	EXPECT_EQ(fgn_bad[0], 0);
}

/* The long form is unchanged: 23 words, label DBT_LABEL_SYSCALL, never the
 * fast path; the answer is a register set. */
static void h_long(dbt_word_t unused)
{
	struct dbt_regmsg m;
	(void)unused;
	dbt_word_t tag = 0, badge;
	dbt_word_t err = dbt_recv(fgn_ep, &tag, &badge, DBT_TIMEOUT_NEVER);
	struct dbt_exc_msg *e = (struct dbt_exc_msg *)dbt_mr();
	for (unsigned i = 0; i < DBT_MSG_REG_WORDS; i++)
		m.w[i] = dbt_mr()[i];
	record(err, tag, badge, &m);
	fgn_v[0] = e->vector;
	fgn_v[1] = e->regs.rax;
	e->regs.rax = RESULT(e->regs.rax);
	fgn_reply_err = dbt_reply(DBT_TAG(0, DBT_REGS_WORDS, 0));
}

KTEST(foreign, long_form_unchanged)
{
	struct kchild h;
	dbt_word_t fp0 = dbt_stat(DBT_STAT_FASTPATH);
	EXPECT_OK(run_pair(&h, false, fgn_probe, 0, DBT_FOREIGN_ON, h_long, H_PRIO_ABOVE));
	EXPECT(ktest_join(&h, JOIN_MS));
	EXPECT(ktest_join(&fgn_f, JOIN_MS));
	EXPECT_FAST(fp0, 0);
	EXPECT_OK(fgn_got[0].err);
	EXPECT_EQ(fgn_got[0].tag, DBT_TAG(DBT_LABEL_SYSCALL, DBT_EXC_WORDS, 0));
	EXPECT_EQ(fgn_got[0].badge, BADGE);
	EXPECT_EQ(fgn_v[0], DBT_EXC_SYSCALL);
	EXPECT_EQ(fgn_v[1], F_RAX);
	EXPECT_OK(fgn_reply_err);
	check_probe_regs(RESULT(F_RAX));
}

/* ---- wrong answers ----------------------------------------------------------------- */

static const dbt_word_t bad_reply_tags[] = {
	DBT_TAG(0, 0, 0), DBT_TAG(0, 2, 0), DBT_TAG(0, DBT_SYSCALL_SHORT_WORDS, 0),
	DBT_TAG(0, DBT_REGS_WORDS, 0), DBT_TAG(0, 1, 1), DBT_TAG(1, 1, 0),
	DBT_TAG(DBT_LABEL_SYSCALL_SHORT, 1, 0), DBT_SYSCALL_REPLY_TAG | DBT_TAG_RESERVED,
	DBT_TAG(0, 65, 0),
};
#define N_BAD (sizeof(bad_reply_tags) / sizeof(bad_reply_tags[0]))

/* Every wrong tag is refused, by reply and by reply-and-receive, before
 * anything happens: the caller still waits and the reply right stays. */
static void h_wrong_tags(dbt_word_t unused)
{
	struct dbt_regmsg m = { { 0 } };
	(void)unused;
	h_recv(&m);
	fgn_v[0] = fgn_v[1] = fgn_v[2] = 0;
	for (unsigned i = 0; i < N_BAD; i++) {
		struct dbt_regmsg w = { { 0x77 } };
		dbt_word_t tag = bad_reply_tags[i], badge = 0;
		if (dbt_ipc_regs(DBT_SYS_REPLY, 0, &tag, 0, &w, NULL) != DBT_E_BAD_MESSAGE)
			fgn_v[0] |= 1u << i;
		tag = bad_reply_tags[i];
		if (dbt_ipc_regs(DBT_SYS_REPLY_RECV, fgn_ep, &tag, TO_NEVER, &w, &badge) !=
		    DBT_E_BAD_MESSAGE)
			fgn_v[1] |= 1u << i;
		if (thread_state(fgn_f.thread) != ST_AWAIT || fgn_f.done)
			fgn_v[2] |= 1u << i;
	}
	h_answer_recv(&m);      /* right: F runs; then its stop call arrives */
}

KTEST(foreign, wrong_reply_tag)
{
	struct kchild h;
	dbt_word_t fp0 = dbt_stat(DBT_STAT_FASTPATH);
	EXPECT_OK(run_pair(&h, false, fgn_probe, 0, SHORT_MODE, h_wrong_tags, H_PRIO_SAME));
	EXPECT(ktest_join(&h, JOIN_MS));
	EXPECT(ktest_join(&fgn_f, JOIN_MS));
	EXPECT_EQ(fgn_v[0], 0);         /* bit i: bad_reply_tags[i] not refused by REPLY */
	EXPECT_EQ(fgn_v[1], 0);         /* ... by REPLY_RECV */
	EXPECT_EQ(fgn_v[2], 0);         /* ... F did not keep waiting */
	check_probe_msg(&fgn_got[0], BADGE);
	EXPECT_EQ(fgn_taken, 2);
	EXPECT_OK(fgn_got[1].err);      /* the framework's stop call */
	EXPECT_EQ(fgn_got[1].m.w[0], DBT_SYS_THREAD_CTL);
	check_probe_regs(RESULT(F_RAX));
	EXPECT_FAST(fp0, 3);            /* call, the right answer, the stop call */
}

/* The same through a saved reply capability (docs/KERNEL-API.md §16): a
 * short call parked with REPLY_SAVE takes exactly DBT_SYSCALL_REPLY_TAG from
 * REPLY_CAP and REPLY_CAP_RECV too; every wrong tag is refused before the
 * answer, the caller keeps waiting and the capability stays. */
static dbt_slot_t fgn_reply_slot;

static void h_wrong_tags_saved(dbt_word_t unused)
{
	struct dbt_regmsg m = { { 0 } };
	(void)unused;
	h_recv(&m);
	fgn_v[0] = fgn_v[1] = fgn_v[2] = 0;
	fgn_v[3] = dbt_reply_save(fgn_reply_slot);
	for (unsigned i = 0; i < N_BAD; i++) {
		struct dbt_regmsg w = { { 0x77 } };
		dbt_word_t tag = bad_reply_tags[i], badge = 0;
		if (dbt_ipc_regs(DBT_SYS_REPLY_CAP, fgn_reply_slot, &tag, 0, &w, NULL) != DBT_E_BAD_MESSAGE)
			fgn_v[0] |= 1u << i;
		tag = bad_reply_tags[i];
		if (dbt_ipc_regs(DBT_SYS_REPLY_CAP_RECV, fgn_ep, &tag, DBT_TIMEOUTS(fgn_reply_slot, 0),
		                 &w, &badge) != DBT_E_BAD_MESSAGE)
			fgn_v[1] |= 1u << i;
		if (thread_state(fgn_f.thread) != ST_AWAIT || fgn_f.done)
			fgn_v[2] |= 1u << i;
	}
	dbt_word_t tag = DBT_SYSCALL_REPLY_TAG, badge = 0;
	m.w[0] = RESULT(m.w[0]);
	dbt_word_t err = dbt_ipc_regs(DBT_SYS_REPLY_CAP_RECV, fgn_ep, &tag,
	                              DBT_TIMEOUTS(fgn_reply_slot, DBT_TIMEOUT_NEVER), &m, &badge);
	record(err, tag, badge, &m);    /* right: F runs; then its stop call arrives */
}

KTEST(foreign, wrong_reply_tag_through_capability)
{
	struct kchild h;
	fgn_reply_slot = kslot();
	EXPECT_OK(run_pair(&h, false, fgn_probe, 0, SHORT_MODE, h_wrong_tags_saved, H_PRIO_SAME));
	EXPECT(ktest_join(&h, JOIN_MS));
	EXPECT(ktest_join(&fgn_f, JOIN_MS));
	EXPECT_OK(fgn_v[3]);            /* REPLY_SAVE */
	EXPECT_EQ(fgn_v[0], 0);         /* bit i: bad_reply_tags[i] not refused by REPLY_CAP */
	EXPECT_EQ(fgn_v[1], 0);         /* ... by REPLY_CAP_RECV */
	EXPECT_EQ(fgn_v[2], 0);         /* ... F did not keep waiting */
	check_probe_msg(&fgn_got[0], BADGE);
	EXPECT_EQ(fgn_taken, 2);
	EXPECT_OK(fgn_got[1].err);      /* the framework's stop call */
	check_probe_regs(RESULT(F_RAX));
	EXPECT_EQ(dbt_cap_info(fgn_reply_slot, NULL, NULL, NULL), DBT_E_EMPTY_SLOT);  /* used up */
}

/* ---- priorities: a handler of lower priority, a higher thread woken --------------- */

/* Nothing else is ready, so the calls down to the handler switch to it
 * directly as the answers up do; but the first: F, above H, runs before H
 * first waits. */
KTEST(foreign, handler_lower_priority)
{
	struct kchild h;
	const unsigned n = 6;
	fgn_n = n;
	dbt_word_t fp0 = dbt_stat(DBT_STAT_FASTPATH);
	EXPECT_OK(run_pair(&h, false, fgn_loop, LOOP_ARG(0, n), SHORT_MODE, h_serve, H_PRIO_BELOW));
	EXPECT(ktest_join(&h, JOIN_MS));
	EXPECT(ktest_join(&fgn_f, JOIN_MS));
	EXPECT_FAST(fp0, 2 * n - 2);    /* calls but the first, answers but the last */
	check_loop(0, n);
	for (unsigned i = 0; i < n; i++)
		check_loop_msg(i, 0, i, BADGE);
}

/*
 * unixd's case: H above F answers by reply-and-receive right after waking
 * a thread M (a notification).  Whichever path the answer takes, the higher
 * of F and M runs first: the fast path switches down to F directly only
 * when no thread above F's priority is ready.
 */
static dbt_slot_t fgn_ntf;
static volatile char fgn_log[4];
static volatile unsigned fgn_nlog;

static void fgn_log_ev(char ev)
{
	unsigned i = fgn_nlog++;
	if (i < sizeof(fgn_log))
		fgn_log[i] = ev;
}

static void f_call_once(dbt_word_t unused)
{
	dbt_word_t a[6] = { 0 }, out[6];
	(void)unused;
	fgn_res[0][0] = fgn_syscall(NR(0, 0), a, out);
	fgn_log_ev('F');
}

static void m_wait(dbt_word_t unused)
{
	(void)unused;
	dbt_wait(fgn_ntf, NULL, DBT_TIMEOUT_NEVER);
	fgn_log_ev('M');
}

/* Take F's call, wake M, answer by reply-and-receive; then F's stop call. */
static void h_wake_then_answer(dbt_word_t unused)
{
	struct dbt_regmsg m = { { 0 } };
	(void)unused;
	h_recv(&m);
	dbt_signal(fgn_ntf);
	h_answer_recv(&m);
	if (m.w[0] == DBT_SYS_THREAD_CTL)
		h_stop_finished(&m);
}

static void answer_down_test(unsigned f_prio, unsigned m_prio, unsigned h_prio)
{
	struct kchild h, m;
	bool m_first = m_prio > f_prio;
	fgn_reset();
	fgn_nlog = 0;
	fgn_ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	fgn_ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	EXPECT_OK(ktest_local(&m, m_wait, 0));
	EXPECT_OK(dbt_thread_ctl(m.thread, DBT_THREAD_SET_PRIORITY, m_prio, 0).err);
	EXPECT_OK(ktest_start(&m));
	EXPECT_OK(foreign_new(&fgn_f, false, f_call_once, 0, SHORT_MODE, BADGE));
	EXPECT_OK(dbt_thread_ctl(fgn_f.thread, DBT_THREAD_SET_PRIORITY, f_prio, 0).err);
	EXPECT_OK(handler_start(&h, h_wake_then_answer, 0, h_prio));
	dbt_word_t fp0 = dbt_stat(DBT_STAT_FASTPATH);
	EXPECT_OK(ktest_start(&fgn_f));
	EXPECT(ktest_join(&fgn_f, JOIN_MS));
	EXPECT(ktest_join(&m, JOIN_MS));
	EXPECT_EQ(fgn_res[0][0], RESULT(NR(0, 0)));
	EXPECT_EQ(fgn_nlog, 2);
	EXPECT_EQ(fgn_log[0], m_first ? 'M' : 'F');
	EXPECT_EQ(fgn_log[1], m_first ? 'F' : 'M');
	/* the call and the stop call go up; the answer goes down directly only
	 * when M is below F */
	EXPECT_FAST(fp0, 2 + !m_first);
}

KTEST(foreign, answer_down_after_waking_higher) { answer_down_test(100, 110, 120); }
KTEST(foreign, answer_down_after_waking_lower) { answer_down_test(100, 90, 120); }

/* F calls before H receives: queued, delivered by H's receive.  The answer
 * (fast path) enters F, which waited in the full path; F's second call
 * takes the fast path, and the full path's answer (DBT_SYS_REPLY) resumes
 * F where the fast path parked it. */
KTEST(foreign, handler_not_waiting)
{
	struct kchild h;
	struct dbt_regs r;
	fgn_reset();
	fgn_n = 2;
	fgn_ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	EXPECT_OK(foreign_new(&fgn_f, false, fgn_loop, LOOP_ARG(0, 2), SHORT_MODE, BADGE));
	EXPECT_OK(ktest_start(&fgn_f));
	ksleep_ms(5);
	EXPECT_EQ(thread_state(fgn_f.thread), ST_SENDING);
	EXPECT_OK(read_regs(fgn_f.thread, &r));
	EXPECT_EQ(r.rax, NR(0, 0));
	EXPECT_EQ(r.r10, ARG(0, 0, 3));
	EXPECT_EQ(r.rcx, r.rip);
	dbt_word_t fp0 = dbt_stat(DBT_STAT_FASTPATH);
	EXPECT_OK(handler_start(&h, h_serve, 0, H_PRIO_SAME));
	EXPECT(ktest_join(&h, JOIN_MS));
	EXPECT(ktest_join(&fgn_f, JOIN_MS));
	EXPECT_FAST(fp0, 2);
	check_loop(0, 2);
	check_loop_msg(0, 0, 0, BADGE);
	check_loop_msg(1, 0, 1, BADGE);
	EXPECT_OK(fgn_reply_err);
}

/* While H holds an unanswered call of a native client, a foreign call
 * cannot take the fast path (it would end that client's wait): the full
 * path delivers it and the client's call ends with DBT_E_CANCELLED. */
static dbt_slot_t fgn_ep2;

static void h_two_callers(dbt_word_t unused)
{
	struct dbt_regmsg m = { { 0 } };
	dbt_word_t tag = 0, badge;
	(void)unused;
	fgn_v[0] = dbt_ipc_regs(DBT_SYS_RECV, fgn_ep2, &tag, TO_NEVER, &m, &badge);
	h_recv(&m);
	fgn_reply_err = h_answer(&m);
}

static void native_caller(dbt_word_t ep)
{
	dbt_word_t tag = DBT_TAG(0, 0, 0);
	fgn_v[1] = dbt_call(ep, &tag, DBT_TIMEOUT_NEVER, DBT_TIMEOUT_NEVER);
}

KTEST(foreign, handler_holding_a_caller)
{
	struct kchild h, x;
	fgn_reset();
	fgn_ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	fgn_ep2 = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	EXPECT_OK(foreign_new(&fgn_f, false, fgn_probe, 0, SHORT_MODE, BADGE));
	EXPECT_OK(ktest_local(&x, native_caller, fgn_ep2));
	dbt_word_t fp0 = dbt_stat(DBT_STAT_FASTPATH);
	EXPECT_OK(handler_start(&h, h_two_callers, 0, H_PRIO_ABOVE));
	EXPECT_OK(ktest_start(&x));
	EXPECT_OK(ktest_start(&fgn_f));
	EXPECT(ktest_join(&h, JOIN_MS));
	EXPECT(ktest_join(&fgn_f, JOIN_MS));
	EXPECT(ktest_join(&x, JOIN_MS));
	EXPECT_FAST(fp0, 1);            /* the native call only */
	EXPECT_OK(fgn_v[0]);
	EXPECT_EQ(fgn_v[1], DBT_E_CANCELLED);
	check_probe_msg(&fgn_got[0], BADGE);
	EXPECT_OK(fgn_reply_err);
	check_probe_regs(RESULT(F_RAX));
}

/* Two foreign threads: the second calls while H holds the first's call, so
 * H's reply-and-receive finds a queued sender (full path, although the
 * priorities would allow the fast one). */
KTEST(foreign, two_foreign_threads)
{
	struct kchild h, f2;
	const unsigned n = 3;
	fgn_reset();
	fgn_n = 2 * n;
	fgn_pause = true;
	fgn_ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	EXPECT_OK(foreign_new(&fgn_f, false, fgn_loop, LOOP_ARG(0, n), SHORT_MODE, BADGE));
	EXPECT_OK(foreign_new(&f2, true, fgn_loop, LOOP_ARG(1, n), SHORT_MODE, BADGE + 1));
	EXPECT_OK(handler_start(&h, h_serve, 0, H_PRIO_SAME));
	EXPECT_OK(ktest_start(&fgn_f));
	EXPECT_OK(ktest_start(&f2));
	EXPECT(ktest_join(&h, JOIN_MS));
	EXPECT(ktest_join(&fgn_f, JOIN_MS));
	EXPECT(ktest_join(&f2, JOIN_MS));
	check_loop(0, n);
	check_loop(1, n);
	check_loop_msg(0, 0, 0, BADGE);
	check_loop_msg(1, 1, 0, BADGE + 1);
}

/* ---- registers of a parked thread ------------------------------------------------------ */

/* H reads F's registers while F waits in its short call, writes some (as
 * a signal delivery would), and answers: rax from the answer, the rest as
 * written. */
static struct dbt_regs fgn_seen;

static void h_regs(dbt_word_t unused)
{
	struct dbt_regmsg m = { { 0 } };
	struct dbt_regs r;
	(void)unused;
	h_recv(&m);
	fgn_v[0] = read_regs(fgn_f.thread, &fgn_seen);
	r = fgn_seen;
	r.rip = DBT_USER_TOP;
	fgn_v[1] = write_regs(fgn_f.thread, &r);
	r.rip = 0xffff800000000000ull;
	fgn_v[2] = write_regs(fgn_f.thread, &r);
	fgn_v[3] = read_regs(fgn_f.thread, &r);
	fgn_v[4] = r.rip;
	r.rip = (dbt_word_t)fgn_probe_save;
	r.rax = 0xdead;
	r.rbx = 0xb0b0;
	r.rcx = 0x1111;
	r.r11 = 0x2222;
	fgn_v[5] = write_regs(fgn_f.thread, &r);
	h_answer_recv(&m);      /* then F's stop call arrives */
}

KTEST(foreign, parked_registers)
{
	struct kchild h;
	dbt_word_t fp0 = dbt_stat(DBT_STAT_FASTPATH);
	EXPECT_OK(run_pair(&h, false, fgn_probe, 0, SHORT_MODE, h_regs, H_PRIO_ABOVE));
	EXPECT(ktest_join(&h, JOIN_MS));
	EXPECT(ktest_join(&fgn_f, JOIN_MS));
	EXPECT_FAST(fp0, 2);            /* the call and the stop call, not the answer */
	check_probe_msg(&fgn_got[0], BADGE);
	/* what H read */
	EXPECT_OK(fgn_v[0]);
	EXPECT_EQ(fgn_seen.rip, (dbt_word_t)fgn_probe_after);
	EXPECT_EQ(fgn_seen.rcx, (dbt_word_t)fgn_probe_after);
	EXPECT_EQ(fgn_seen.r11, fgn_seen.rflags);
	EXPECT_EQ(fgn_seen.rflags & 0x201, 0x201);
	EXPECT_EQ(fgn_seen.rsp, fgn_rsp);
	EXPECT_EQ(fgn_seen.rax, F_RAX);
	EXPECT_EQ(fgn_seen.rbx, F_RBX);
	EXPECT_EQ(fgn_seen.rdx, F_RDX);
	EXPECT_EQ(fgn_seen.rsi, F_RSI);
	EXPECT_EQ(fgn_seen.rdi, F_RDI);
	EXPECT_EQ(fgn_seen.rbp, F_RBP);
	EXPECT_EQ(fgn_seen.r8, F_R8);
	EXPECT_EQ(fgn_seen.r9, F_R9);
	EXPECT_EQ(fgn_seen.r10, F_R10);
	EXPECT_EQ(fgn_seen.r12, F_R12);
	EXPECT_EQ(fgn_seen.r13, F_R13);
	EXPECT_EQ(fgn_seen.r14, F_R14);
	EXPECT_EQ(fgn_seen.r15, F_R15);
	/* a non-canonical or kernel rip is refused and changes nothing */
	EXPECT_EQ(fgn_v[1], DBT_E_BAD_ADDRESS);
	EXPECT_EQ(fgn_v[2], DBT_E_BAD_ADDRESS);
	EXPECT_OK(fgn_v[3]);
	EXPECT_EQ(fgn_v[4], (dbt_word_t)fgn_probe_after);
	EXPECT_OK(fgn_v[5]);
	/* what F ran with */
	EXPECT_EQ(fgn_after_seen, 0);
	EXPECT_EQ(fgn_out.rax, RESULT(F_RAX));
	EXPECT_EQ(fgn_out.rbx, 0xb0b0);
	EXPECT_EQ(fgn_out.rcx, 0x1111);
	EXPECT_EQ(fgn_out.r11, 0x2222);
	EXPECT_EQ(fgn_out.r12, F_R12);
	EXPECT_EQ(fgn_out.r15, F_R15);
	EXPECT_EQ(fgn_out.rsp, fgn_rsp);
}

/* A thread whose mode changes while it waits still ends its call as a
 * short foreign call, and then makes native kernel calls. */
static void h_unforeign(dbt_word_t unused)
{
	struct dbt_regmsg m = { { 0 } };
	(void)unused;
	h_recv(&m);
	fgn_v[0] = dbt_thread_ctl(fgn_f.thread, DBT_THREAD_SET_FOREIGN, 0, 0).err;
	fgn_reply_err = h_answer(&m);
}

KTEST(foreign, native_again_while_parked)
{
	struct kchild h;
	EXPECT_OK(run_pair(&h, false, fgn_probe, 0, SHORT_MODE, h_unforeign, H_PRIO_ABOVE));
	EXPECT(ktest_join(&h, JOIN_MS));
	EXPECT(ktest_join(&fgn_f, JOIN_MS));
	ksleep_ms(2);
	EXPECT_OK(fgn_v[0]);
	EXPECT_OK(fgn_reply_err);
	check_probe_regs(RESULT(F_RAX));
	EXPECT_EQ(thread_state(fgn_f.thread), ST_STOPPED);      /* its own native stop */
	EXPECT_EQ(fgn_taken, 1);
}

/* ---- stopping ------------------------------------------------------------------------ */

/* Stopped while H has its message: H loses the reply right; resumed, F
 * makes the same call again. */
static void h_stop(dbt_word_t unused)
{
	struct dbt_regmsg m = { { 0 } };
	struct dbt_regs r;
	(void)unused;
	h_recv(&m);
	fgn_v[0] = dbt_thread_ctl(fgn_f.thread, DBT_THREAD_STOP, 0, 0).err;
	fgn_v[1] = thread_state(fgn_f.thread);
	struct dbt_regmsg w = { { 1 } };
	dbt_word_t tag = DBT_SYSCALL_REPLY_TAG;
	fgn_v[2] = dbt_ipc_regs(DBT_SYS_REPLY, 0, &tag, 0, &w, NULL);
	fgn_v[3] = read_regs(fgn_f.thread, &r);
	fgn_v[4] = r.rip;
	fgn_v[5] = r.rax;
	fgn_v[6] = dbt_thread_ctl(fgn_f.thread, DBT_THREAD_RESUME, 0, 0).err;
	h_recv(&m);
	fgn_reply_err = h_answer(&m);
}

KTEST(foreign, stopped_call_restarts)
{
	struct kchild h;
	dbt_word_t fp0 = dbt_stat(DBT_STAT_FASTPATH);
	EXPECT_OK(run_pair(&h, false, fgn_probe, 0, SHORT_MODE, h_stop, H_PRIO_ABOVE));
	EXPECT(ktest_join(&h, JOIN_MS));
	EXPECT(ktest_join(&fgn_f, JOIN_MS));
	EXPECT_FAST(fp0, 2);            /* both calls */
	EXPECT_OK(fgn_v[0]);
	EXPECT_EQ(fgn_v[1], ST_STOPPED);
	EXPECT_EQ(fgn_v[2], DBT_E_NO_CALLER);
	EXPECT_OK(fgn_v[3]);
	EXPECT_EQ(fgn_v[4], (dbt_word_t)fgn_probe_after);
	EXPECT_EQ(fgn_v[5], F_RAX);
	EXPECT_OK(fgn_v[6]);
	EXPECT_EQ(fgn_taken, 2);
	check_probe_msg(&fgn_got[0], BADGE);
	check_probe_msg(&fgn_got[1], BADGE);
	EXPECT_OK(fgn_reply_err);
	check_probe_regs(RESULT(F_RAX));
}

/* Stopped, its registers written (a signal handler's entry), resumed: no
 * restart, it runs from the written rip with the written rax. */
static void h_stop_write(dbt_word_t unused)
{
	struct dbt_regmsg m = { { 0 } };
	struct dbt_regs r;
	(void)unused;
	h_recv(&m);
	fgn_v[0] = dbt_thread_ctl(fgn_f.thread, DBT_THREAD_STOP, 0, 0).err;
	fgn_v[1] = read_regs(fgn_f.thread, &r);
	r.rip = (dbt_word_t)fgn_probe_save;
	r.rax = 0x5167;
	r.rbx = 0xb0b1;
	fgn_v[2] = write_regs(fgn_f.thread, &r);
	fgn_v[3] = dbt_thread_ctl(fgn_f.thread, DBT_THREAD_RESUME, 0, 0).err;
}

KTEST(foreign, stopped_call_written_registers)
{
	struct kchild h;
	EXPECT_OK(run_pair(&h, false, fgn_probe, 0, SHORT_MODE, h_stop_write, H_PRIO_ABOVE));
	EXPECT(ktest_join(&h, JOIN_MS));
	EXPECT(ktest_join(&fgn_f, JOIN_MS));
	EXPECT_OK(fgn_v[0]);
	EXPECT_OK(fgn_v[1]);
	EXPECT_OK(fgn_v[2]);
	EXPECT_OK(fgn_v[3]);
	EXPECT_EQ(fgn_taken, 1);
	EXPECT_EQ(fgn_after_seen, 0);
	EXPECT_EQ(fgn_out.rax, 0x5167);
	EXPECT_EQ(fgn_out.rbx, 0xb0b1);
	EXPECT_EQ(fgn_out.r12, F_R12);
}

/* ---- a handler that goes away ------------------------------------------------------ */

/* Queued on the endpoint when it is destroyed: halted, rip after the
 * `syscall`, registers as they were. */
KTEST(foreign, endpoint_deleted_while_queued)
{
	struct dbt_regs r;
	fgn_reset();
	fgn_ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	EXPECT_OK(foreign_new(&fgn_f, false, fgn_probe, 0, SHORT_MODE, BADGE));
	EXPECT_OK(ktest_start(&fgn_f));
	ksleep_ms(5);
	EXPECT_EQ(thread_state(fgn_f.thread), ST_SENDING);
	EXPECT_OK(dbt_destroy(fgn_ep));
	ksleep_ms(2);
	EXPECT_EQ(thread_state(fgn_f.thread), ST_STOPPED);
	EXPECT(!fgn_f.done);
	EXPECT_OK(read_regs(fgn_f.thread, &r));
	EXPECT_EQ(r.rip, (dbt_word_t)fgn_probe_after);
	EXPECT_EQ(r.rax, F_RAX);
	EXPECT_EQ(r.rbx, F_RBX);
}

/* Destroyed after H received the call: the reply right does not need the
 * endpoint, so the answer arrives; F's next call finds no handler. */
static void h_destroy_ep(dbt_word_t unused)
{
	struct dbt_regmsg m = { { 0 } };
	(void)unused;
	h_recv(&m);
	fgn_v[0] = dbt_destroy(fgn_ep);
	fgn_v[1] = thread_state(fgn_f.thread);
	fgn_reply_err = h_answer(&m);
}

KTEST(foreign, endpoint_deleted_while_awaiting_reply)
{
	struct kchild h;
	EXPECT_OK(run_pair(&h, false, fgn_probe, 0, SHORT_MODE, h_destroy_ep, H_PRIO_ABOVE));
	EXPECT(ktest_join(&h, JOIN_MS));
	EXPECT(ktest_join(&fgn_f, JOIN_MS));
	ksleep_ms(2);
	EXPECT_OK(fgn_v[0]);
	EXPECT_EQ(fgn_v[1], ST_AWAIT);
	EXPECT_OK(fgn_reply_err);
	check_probe_regs(RESULT(F_RAX));
	EXPECT_EQ(thread_state(fgn_f.thread), ST_STOPPED);      /* the stop call: halted */
}

/* The handler thread is destroyed while it holds the call: F is halted,
 * its registers unanswered. */
static void h_take(dbt_word_t unused)
{
	struct dbt_regmsg m = { { 0 } };
	(void)unused;
	h_recv(&m);
}

KTEST(foreign, handler_thread_destroyed)
{
	struct kchild h;
	struct dbt_regs r;
	EXPECT_OK(run_pair(&h, false, fgn_probe, 0, SHORT_MODE, h_take, H_PRIO_ABOVE));
	EXPECT(ktest_join(&h, JOIN_MS));
	EXPECT_EQ(fgn_taken, 1);
	EXPECT_EQ(thread_state(fgn_f.thread), ST_AWAIT);
	EXPECT_OK(dbt_destroy(h.thread));
	ksleep_ms(2);
	EXPECT_EQ(thread_state(fgn_f.thread), ST_STOPPED);
	EXPECT(!fgn_f.done);
	EXPECT_OK(read_regs(fgn_f.thread, &r));
	EXPECT_EQ(r.rip, (dbt_word_t)fgn_probe_after);
	EXPECT_EQ(r.rax, F_RAX);
}

/* ---- the last page ---------------------------------------------------------------- */

/*
 * A `syscall` in the last two bytes of the highest page that can be mapped
 * returns to DBT_USER_TOP - 4096, the never-mapped last page: the answer
 * enters F there and its instruction fetch faults.  F runs in its own
 * task; H is its pager too, and maps a root-task page holding the
 * instruction there.
 */
#define LAST_CODE   (DBT_USER_TOP - 2 * 4096)
#define LAST_PAGE   (DBT_USER_TOP - 4096)
#define LAST_NR     0x1a57
static dbt_word_t fgn_code;             /* the root's page with the instruction */

static void h_last_page(dbt_word_t unused)
{
	struct dbt_regmsg m = { { 0 } };
	dbt_word_t tag, badge, *mr = dbt_mr();
	struct dbt_regs r;
	(void)unused;
	h_recv(&m);                             /* the fault fetching `syscall` */
	mr[0] = DBT_ITEM(DBT_ITEM_MAP, DBT_SPACE_MEM, LAST_CODE);
	mr[1] = DBT_FPAGE(fgn_code, 12, DBT_RWX);
	tag = DBT_TAG(0, 0, 1);
	dbt_word_t err = dbt_reply_recv(fgn_ep, &tag, &badge, DBT_TIMEOUT_NEVER);
	for (unsigned i = 0; i < DBT_MSG_REG_WORDS; i++)
		m.w[i] = mr[i];
	record(err, tag, badge, &m);            /* the system call */
	fgn_v[0] = read_regs(fgn_f.thread, &r);
	fgn_v[1] = r.rip;
	fgn_v[2] = r.rcx;
	r.rip = DBT_USER_TOP;
	fgn_v[3] = write_regs(fgn_f.thread, &r);
	h_answer_recv(&m);                      /* the fault at the last page */
	fgn_v[4] = dbt_thread_ctl(fgn_f.thread, DBT_THREAD_STOP, 0, 0).err;
}

KTEST(foreign, syscall_before_last_page)
{
	struct kchild h;
	struct dbt_regs r;
	dbt_word_t pa, *m = dbt_mr();
	fgn_reset();
	fgn_code = (dbt_word_t)ktest_scratch + (KTEST_SCRATCH_PAGES - 1) * 4096ull;
	/* the last page cannot be mapped at all */
	EXPECT_OK(dbt_map_info(fgn_code, &pa, NULL));
	EXPECT_EQ(dbt_map_phys(DBT_ROOT_SLOT_PHYSMEM, pa, DBT_FPAGE(LAST_PAGE, 12, DBT_RWX), 0),
	          DBT_E_BAD_ADDRESS);
	/* the root's page: executable, `syscall` in its last two bytes */
	EXPECT_OK(dbt_map_phys(DBT_ROOT_SLOT_PHYSMEM, pa, DBT_FPAGE(fgn_code, 12, DBT_RWX), 0));
	((volatile uint8_t *)fgn_code)[4094] = 0x0f;
	((volatile uint8_t *)fgn_code)[4095] = 0x05;

	fgn_ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	EXPECT_OK(foreign_new(&fgn_f, true, fgn_probe, 0, SHORT_MODE, BADGE));
	dbt_slot_t pager = kslot();
	EXPECT_OK(dbt_cap_copy(fgn_ep, pager, DBT_CAP_WRITE, 0));
	EXPECT_OK(dbt_thread_ctl(fgn_f.thread, DBT_THREAD_SET_PAGER, pager, 0).err);
	EXPECT_OK(read_regs(fgn_f.thread, &r));
	r.rax = LAST_NR;
	r.rdi = 0xd1;
	r.r9 = 0x99;
	r.rip = LAST_CODE + 4094;
	EXPECT_OK(write_regs(fgn_f.thread, &r));
	dbt_word_t fp0 = dbt_stat(DBT_STAT_FASTPATH);
	EXPECT_OK(handler_start(&h, h_last_page, 0, H_PRIO_SAME));
	EXPECT_OK(dbt_thread_start(fgn_f.thread, LAST_CODE + 4094, LAST_CODE + 2048));
	EXPECT(ktest_join(&h, JOIN_MS));
	EXPECT_FAST(fp0, 2);            /* the call and its answer (same priority) */
	/* the fault fetching the instruction */
	EXPECT_EQ(fgn_got[0].tag, DBT_TAG(DBT_LABEL_PAGEFAULT, 3, 0));
	EXPECT_EQ(fgn_got[0].m.w[0], LAST_CODE + 4094);
	/* the call: the return address is the last page's first byte */
	EXPECT_OK(fgn_got[1].err);
	EXPECT_EQ(fgn_got[1].tag, DBT_SYSCALL_SHORT_TAG);
	EXPECT_EQ(fgn_got[1].m.w[0], LAST_NR);
	EXPECT_EQ(fgn_got[1].m.w[1], 0xd1);
	EXPECT_EQ(fgn_got[1].m.w[6], 0x99);
	EXPECT_OK(fgn_v[0]);
	EXPECT_EQ(fgn_v[1], LAST_PAGE);
	EXPECT_EQ(fgn_v[2], LAST_PAGE);
	EXPECT_EQ(fgn_v[3], DBT_E_BAD_ADDRESS);
	/* answered, it faults fetching from the last page */
	EXPECT_OK(fgn_got[2].err);
	EXPECT_EQ(fgn_got[2].tag, DBT_TAG(DBT_LABEL_PAGEFAULT, 3, 0));
	EXPECT_EQ(fgn_got[2].m.w[0], LAST_PAGE);
	EXPECT_EQ(fgn_got[2].m.w[1] & DBT_PF_EXEC, DBT_PF_EXEC);
	EXPECT_EQ(fgn_got[2].m.w[2], LAST_PAGE);
	EXPECT_OK(fgn_v[4]);
	EXPECT_OK(read_regs(fgn_f.thread, &r));
	EXPECT_EQ(r.rip, LAST_PAGE);
	EXPECT_EQ(r.rax, RESULT(LAST_NR));
	EXPECT_EQ(r.rdi, 0xd1);
	/* the root's page as it was: no longer executable */
	EXPECT_OK(dbt_unmap(DBT_FPAGE(fgn_code, 12, DBT_X), DBT_UNMAP_SELF));
	(void)m;
}

/* ---- an answer is the thread's rax at once --------------------------------------- */

/* H (above F) answers F's call by DBT_SYS_REPLY and keeps running, so F has
 * not run when H stops it and reads its registers: rax must be the answer
 * already (unixd delivers a signal this way: a frame built from a stale rax
 * turned a read's result into the system-call number).  Then H writes rax
 * (a signal frame's registers): the write must win over the answer. */
static void h_answer_then_look(dbt_word_t unused)
{
	struct dbt_regmsg m = { { 0 } };
	struct dbt_regs r;
	(void)unused;
	h_recv(&m);
	dbt_word_t want = RESULT(m.w[0]);
	fgn_reply_err = h_answer(&m);
	fgn_v[0] = dbt_thread_ctl(fgn_threads[0], DBT_THREAD_STOP, 0, 0).err;
	fgn_v[1] = read_regs(fgn_threads[0], &r);
	fgn_v[2] = r.rax == want;
	r.rax = 0x5157;
	fgn_v[3] = write_regs(fgn_threads[0], &r);
	fgn_v[4] = dbt_thread_ctl(fgn_threads[0], DBT_THREAD_RESUME, 0, 0).err;
	h_recv(&m);                     /* the second call */
	fgn_reply_err = h_answer(&m);
}

KTEST(foreign, answer_in_rax_before_resume)
{
	struct kchild h;
	EXPECT_OK(run_pair(&h, true, fgn_loop, LOOP_ARG(0, 2), SHORT_MODE, h_answer_then_look,
	                   H_PRIO_ABOVE));
	EXPECT(ktest_join(&h, JOIN_MS));
	EXPECT(ktest_join(&fgn_f, JOIN_MS));
	EXPECT_OK(fgn_reply_err);
	for (unsigned i = 0; i < 5; i++)
		EXPECT_EQ(fgn_v[i], i == 2 ? 1 : DBT_OK);
	EXPECT_EQ(fgn_res[0][0], 0x5157);       /* the written rax, not the answer again */
	EXPECT_EQ(fgn_res[0][1], RESULT(NR(0, 1)));
}
