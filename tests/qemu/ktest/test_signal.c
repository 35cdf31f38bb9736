/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_signal.c - what a personality server needs from the kernel to deliver
 * a signal and to fork: a foreign system call the server cancels is
 * restarted, also after the thread's registers were rewritten earlier; the
 * FPU state (x87, SSE, AVX) of another thread can be read and written
 * (DBT_THREAD_READ_FPU / WRITE_FPU), hostile states are refused.
 *
 * The suite runs twice (ktest.mk): on QEMU's default CPU, where the kernel
 * uses FXSAVE (512-byte states), and with -cpu max, where it uses XSAVE
 * with AVX (832 bytes); the tests take the size and features from READ_FPU
 * and check what applies.
 */
#include "ktest.h"

#define SIG_TIMEOUT 1000000     /* us the root waits for a foreign-syscall message */
#define SIG_SYSNO 39            /* what the probe puts in rax: Linux's getpid */
#define SIG_RESULT 0x1234       /* what the "server" answers */
#define ST_STOPPED 6            /* enum dbt_thread_state */

/* ---- the probe: spin until sig_go, then one foreign system call ---------------- */

volatile dbt_word_t sig_go, sig_rax_after;

void sig_probe(dbt_word_t);
extern char sig_probe_spin[], sig_probe_insn[], sig_probe_after[];
__asm__(".text\n.global sig_probe\nsig_probe:\n"
        ".global sig_probe_spin\nsig_probe_spin:\n"
        "\tcmpq $0, sig_go(%rip)\n\tje sig_probe_spin\n"
        "\tmov $39, %eax\n"
        ".global sig_probe_insn\nsig_probe_insn:\n\tsyscall\n"
        ".global sig_probe_after\nsig_probe_after:\n"
        "\tmov %rax, sig_rax_after(%rip)\n\tret\n");

/* A local thread running the probe in foreign-ABI mode, its system calls
 * going to ep; created, not started. */
static dbt_word_t sig_foreign(struct kchild *c, dbt_slot_t ep)
{
	dbt_word_t err = ktest_local(c, sig_probe, 0);
	if (!err)
		err = dbt_thread_ctl(c->thread, DBT_THREAD_SET_EXC, ep, 0).err;
	if (!err)
		err = dbt_thread_ctl(c->thread, DBT_THREAD_SET_FOREIGN, 1, 0).err;
	return err;
}

/* Receive the probe's system call: label, number and where it returns. */
static dbt_word_t sig_expect_syscall(dbt_slot_t ep, struct dbt_exc_msg *m)
{
	dbt_word_t tag, badge;
	dbt_word_t err = dbt_recv(ep, &tag, &badge, SIG_TIMEOUT);
	if (err)
		return err;
	*m = *(const struct dbt_exc_msg *)dbt_mr();
	if (DBT_TAG_LABEL(tag) != DBT_LABEL_SYSCALL || m->regs.rax != SIG_SYSNO ||
	    m->regs.rip != (dbt_word_t)sig_probe_after)
		return DBT_E_BAD_MESSAGE;
	return DBT_OK;
}

static dbt_word_t sig_read_regs(dbt_slot_t t, struct dbt_regs *r)
{
	dbt_word_t err = dbt_thread_ctl(t, DBT_THREAD_READ_REGS, 0, 0).err;
	*r = *(const struct dbt_regs *)dbt_mr();
	return err;
}

static dbt_word_t sig_write_regs(dbt_slot_t t, const struct dbt_regs *r)
{
	*(struct dbt_regs *)dbt_mr() = *r;
	return dbt_thread_ctl(t, DBT_THREAD_WRITE_REGS, 0, 0).err;
}

/* The server cancels the call (THREAD_STOP): stopped, the thread shows the
 * call as it came (rip after the syscall instruction, its number in rax);
 * on RESUME, with no registers written meanwhile, it makes the call again,
 * which the server now answers. */
static void sig_cancel_and_restart(struct kchild *c, dbt_slot_t ep)
{
	struct dbt_exc_msg m;
	struct dbt_regs r;
	EXPECT_OK(sig_expect_syscall(ep, &m));
	EXPECT_OK(dbt_thread_ctl(c->thread, DBT_THREAD_STOP, 0, 0).err);
	EXPECT_EQ(dbt_thread_ctl(c->thread, DBT_THREAD_INFO, 0, 0).v0, ST_STOPPED);
	EXPECT_OK(sig_read_regs(c->thread, &r));
	EXPECT_EQ(r.rip, (dbt_word_t)sig_probe_after);
	EXPECT_EQ(r.rax, SIG_SYSNO);
	EXPECT_OK(dbt_thread_ctl(c->thread, DBT_THREAD_RESUME, 0, 0).err);
	EXPECT_OK(sig_expect_syscall(ep, &m));     /* the same call, again */
	/* native again for the framework's stop call after the probe */
	EXPECT_OK(dbt_thread_ctl(c->thread, DBT_THREAD_SET_FOREIGN, 0, 0).err);
	m.regs.rax = SIG_RESULT;
	*(struct dbt_regs *)dbt_mr() = m.regs;
	EXPECT_OK(dbt_reply(DBT_TAG(0, DBT_REGS_WORDS, 0)));
	EXPECT(ktest_join(c, 1000));
	EXPECT_EQ(sig_rax_after, SIG_RESULT);
}

/* ---- restart of a cancelled foreign system call ---------------------------------- */

KTEST(signal, cancelled_syscall_restarts)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	sig_go = 1;
	sig_rax_after = 0;
	EXPECT_OK(sig_foreign(&c, ep));
	EXPECT_OK(ktest_start(&c));
	sig_cancel_and_restart(&c, ep);
}

/* The registers of a running thread were rewritten (a signal delivered
 * while it ran user code); its next system call, cancelled, still restarts
 * rather than returning its own number. */
KTEST(signal, restart_after_write_regs_running)
{
	struct kchild c;
	struct dbt_regs r;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	sig_go = 0;
	sig_rax_after = 0;
	EXPECT_OK(sig_foreign(&c, ep));
	EXPECT_OK(ktest_start(&c));
	ksleep_ms(2);   /* spinning, preempted in user code */
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_STOP, 0, 0).err);
	EXPECT_OK(sig_read_regs(c.thread, &r));
	EXPECT(r.rip >= (dbt_word_t)sig_probe_spin && r.rip < (dbt_word_t)sig_probe_insn);
	r.rip = (dbt_word_t)sig_probe_spin;     /* as a signal handler's entry would */
	EXPECT_OK(sig_write_regs(c.thread, &r));
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_RESUME, 0, 0).err);
	ksleep_ms(2);
	sig_go = 1;
	sig_cancel_and_restart(&c, ep);
}

/* The same when the registers were written before the thread first ran. */
KTEST(signal, restart_after_write_regs_inactive)
{
	struct kchild c;
	struct dbt_regs r;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	sig_go = 1;
	sig_rax_after = 0;
	EXPECT_OK(sig_foreign(&c, ep));
	EXPECT_OK(sig_read_regs(c.thread, &r));
	r.r12 = 0x1212;
	EXPECT_OK(sig_write_regs(c.thread, &r));
	EXPECT_OK(ktest_start(&c));
	sig_cancel_and_restart(&c, ep);
}

/* Registers written while the thread is stopped in its cancelled call are
 * what it resumes with: the server delivered a signal there (rax is the
 * call's result, e.g. -EINTR, rip the handler) and nothing restarts. */
KTEST(signal, write_regs_in_cancelled_call_no_restart)
{
	struct kchild c;
	struct dbt_exc_msg m;
	struct dbt_regs r;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	sig_go = 1;
	sig_rax_after = 0;
	EXPECT_OK(sig_foreign(&c, ep));
	EXPECT_OK(ktest_start(&c));
	EXPECT_OK(sig_expect_syscall(ep, &m));
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_STOP, 0, 0).err);
	EXPECT_OK(sig_read_regs(c.thread, &r));
	r.rip = (dbt_word_t)sig_probe_after;
	r.rax = (dbt_word_t)-4;                 /* -EINTR */
	EXPECT_OK(sig_write_regs(c.thread, &r));
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_SET_FOREIGN, 0, 0).err);
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_RESUME, 0, 0).err);
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(sig_rax_after, (dbt_word_t)-4);
	dbt_word_t tag, badge;
	EXPECT_EQ(dbt_recv(ep, &tag, &badge, DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);
}

/* ---- FPU state: helpers ---------------------------------------------------------- */

#define REG_BYTES 256           /* 16 registers of 16 bytes: XMM0..15, or YMM0..15's upper halves */
#define MXCSR_ROUND_UP 0x5f80u  /* all exceptions masked, rounding towards +infinity */
#define MXCSR_FZ 0x9f80u        /* flush to zero */
#define DOUBLE_2_5 0x4004000000000000ull

/* A thread's state as READ_FPU gives it (the standard XSAVE layout). */
struct xs {
	struct dbt_fxsave legacy;
	struct dbt_xsave_header header;
	uint8_t avx[DBT_XSTATE_AVX_SIZE];
} __attribute__((aligned(64)));

/* SSE and AVX registers from and to memory, and one conversion that shows
 * MXCSR's rounding: called from C, which never touches them itself. */
void sig_xmm_load(const uint8_t *src);
void sig_xmm_store(uint8_t *dst);
void sig_ymm_hi_load(const uint8_t *src);
void sig_ymm_hi_store(uint8_t *dst);
void sig_mxcsr_load(const uint32_t *src);
void sig_mxcsr_store(uint32_t *dst);
int64_t sig_cvt_xmm1(void);
#define XMM_EACH(op) op(0) op(1) op(2) op(3) op(4) op(5) op(6) op(7) \
                     op(8) op(9) op(10) op(11) op(12) op(13) op(14) op(15)
#define XMM_LD(n) "\tmovdqu " #n "*16(%rdi), %xmm" #n "\n"
#define XMM_ST(n) "\tmovdqu %xmm" #n ", " #n "*16(%rdi)\n"
#define YMM_LD(n) "\tvinsertf128 $1, " #n "*16(%rdi), %ymm" #n ", %ymm" #n "\n"
#define YMM_ST(n) "\tvextractf128 $1, %ymm" #n ", " #n "*16(%rdi)\n"
__asm__(".text\n"
        ".global sig_xmm_load\nsig_xmm_load:\n" XMM_EACH(XMM_LD) "\tret\n"
        ".global sig_xmm_store\nsig_xmm_store:\n" XMM_EACH(XMM_ST) "\tret\n"
        ".global sig_ymm_hi_load\nsig_ymm_hi_load:\n" XMM_EACH(YMM_LD) "\tret\n"
        ".global sig_ymm_hi_store\nsig_ymm_hi_store:\n" XMM_EACH(YMM_ST) "\tret\n"
        ".global sig_mxcsr_load\nsig_mxcsr_load:\n\tldmxcsr (%rdi)\n\tret\n"
        ".global sig_mxcsr_store\nsig_mxcsr_store:\n\tstmxcsr (%rdi)\n\tret\n"
        ".global sig_cvt_xmm1\nsig_cvt_xmm1:\n\tcvtsd2si %xmm1, %rax\n\tret\n");

/* What a child thread does with its FPU: optionally load registers, then
 * optionally wait (notification) or spin (go), then record them. */
struct fpu_job {
	const uint8_t *xmm, *hi;        /* to load (hi: AVX only); NULL: none */
	uint32_t mxcsr;                 /* to load; 0: none */
	dbt_slot_t ntf;                 /* wait on it before recording; 0: no */
	volatile int spin;              /* spin until go before recording */
	volatile int go;
	bool avx;                       /* record the upper halves too */
	uint8_t out_xmm[REG_BYTES], out_hi[REG_BYTES];
	uint32_t out_mxcsr;
	int64_t out_cvt;
};

static void fpu_job_run(dbt_word_t arg)
{
	struct fpu_job *j = (struct fpu_job *)arg;
	if (j->xmm)
		sig_xmm_load(j->xmm);
	if (j->hi)
		sig_ymm_hi_load(j->hi);
	if (j->mxcsr)
		sig_mxcsr_load(&j->mxcsr);
	if (j->ntf)
		dbt_wait(j->ntf, NULL, SIG_TIMEOUT);
	while (j->spin && !j->go)
		;
	sig_xmm_store(j->out_xmm);
	if (j->avx)
		sig_ymm_hi_store(j->out_hi);
	sig_mxcsr_store(&j->out_mxcsr);
	j->out_cvt = sig_cvt_xmm1();
}

static void fpu_job_init(struct fpu_job *j)
{
	memset(j, 0, sizeof(*j));
}

/* Sixteen registers' worth of distinct bytes; XMM1 starts with 2.5. */
static void fpu_pattern(uint8_t *p, unsigned seed)
{
	for (unsigned i = 0; i < REG_BYTES; i++)
		p[i] = (uint8_t)(i * 7 + seed);
	dbt_word_t d = DOUBLE_2_5;
	memcpy(p + 16, &d, sizeof(d));
}

static dbt_word_t fpu_read(dbt_slot_t t, struct xs *s, dbt_word_t *size, dbt_word_t *features)
{
	dbt_word_t n = 0, f = 0;
	dbt_word_t err = dbt_thread_read_fpu(t, &n, &f);
	memset(s, 0, sizeof(*s));
	if (!err)
		memcpy(s, dbt_xstate(), n <= sizeof(*s) ? n : sizeof(*s));
	if (size)
		*size = n;
	if (features)
		*features = f;
	return err;
}

static dbt_word_t fpu_write(dbt_slot_t t, const struct xs *s, dbt_word_t size)
{
	memcpy(dbt_xstate(), s, size <= sizeof(*s) ? size : sizeof(*s));
	return dbt_thread_write_fpu(t, size);
}

/* The kernel's format: the size READ_FPU gives and the components. */
static dbt_word_t fpu_size, fpu_features;
static bool fpu_xsave, fpu_avx;

static void fpu_probe(void)
{
	struct xs s;
	EXPECT_OK(fpu_read(DBT_ROOT_SLOT_THREAD, &s, &fpu_size, &fpu_features));
	fpu_xsave = fpu_size > DBT_XSTATE_LEGACY_SIZE;
	fpu_avx = (fpu_features & DBT_XFEATURE_AVX) != 0;
	EXPECT_EQ(fpu_features & (DBT_XFEATURE_X87 | DBT_XFEATURE_SSE),
	          DBT_XFEATURE_X87 | DBT_XFEATURE_SSE);
	EXPECT_EQ(fpu_size, fpu_avx ? DBT_XSTATE_AVX_OFFSET + DBT_XSTATE_AVX_SIZE
	                   : fpu_xsave ? DBT_XSTATE_AVX_OFFSET : DBT_XSTATE_LEGACY_SIZE);
}

static bool all_zero(const void *p, size_t n)
{
	const uint8_t *b = p;
	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

/* The state after reset: FNINIT's x87, MXCSR 0x1f80, every register zero;
 * every component present, reserved bytes zero. */
static void expect_initial(const struct xs *s)
{
	EXPECT_EQ(s->legacy.fcw, DBT_FCW_INIT);
	EXPECT_EQ(s->legacy.fsw, 0);
	EXPECT_EQ(s->legacy.ftw, 0);
	EXPECT_EQ(s->legacy.fop, 0);
	EXPECT_EQ(s->legacy.fip, 0);
	EXPECT_EQ(s->legacy.fdp, 0);
	EXPECT_EQ(s->legacy.mxcsr, DBT_MXCSR_INIT);
	EXPECT_EQ(s->legacy.mxcsr_mask & 0xffbf, 0xffbf);
	EXPECT(all_zero(s->legacy.st, sizeof(s->legacy.st)));
	EXPECT(all_zero(s->legacy.xmm, sizeof(s->legacy.xmm)));
	EXPECT(all_zero(s->legacy.reserved1, sizeof(s->legacy.reserved1)));
	EXPECT(all_zero(s->legacy.available, sizeof(s->legacy.available)));
	if (!fpu_xsave)
		return;
	EXPECT_EQ(s->header.xstate_bv, fpu_features);
	EXPECT_EQ(s->header.xcomp_bv, 0);
	EXPECT(all_zero(s->header.reserved, sizeof(s->header.reserved)));
	EXPECT(all_zero(s->avx, sizeof(s->avx)));
}

/* ---- FPU state: reading ------------------------------------------------------------ */

static void no_fpu(dbt_word_t unused)
{
	(void)unused;
}

/* A thread that never used the FPU reads as the initial state, before and
 * after it ran. */
KTEST(signal, fpu_initial_state)
{
	struct kchild c;
	struct xs s;
	fpu_probe();
	EXPECT_OK(ktest_local(&c, no_fpu, 0));
	memset(dbt_xstate(), 0xee, DBT_XSTATE_MAX);
	EXPECT_OK(fpu_read(c.thread, &s, NULL, NULL));
	expect_initial(&s);
	EXPECT_OK(ktest_start(&c));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_OK(fpu_read(c.thread, &s, NULL, NULL));
	expect_initial(&s);
}

/* A thread's first FPU instruction finds the initial state, not what the
 * thread before it left in the registers. */
KTEST(signal, fpu_initial_state_not_inherited)
{
	struct kchild a, b;
	static struct fpu_job ja, jb;
	static uint8_t p[REG_BYTES], hi[REG_BYTES];
	fpu_probe();
	fpu_pattern(p, 1);
	fpu_pattern(hi, 2);
	fpu_job_init(&ja);
	ja.xmm = p;
	ja.hi = fpu_avx ? hi : NULL;
	ja.mxcsr = MXCSR_ROUND_UP;
	fpu_job_init(&jb);
	jb.avx = fpu_avx;
	EXPECT_OK(ktest_local(&a, fpu_job_run, (dbt_word_t)&ja));
	EXPECT_OK(ktest_local(&b, fpu_job_run, (dbt_word_t)&jb));
	EXPECT_OK(ktest_start(&a));
	EXPECT(ktest_join(&a, 1000));
	EXPECT_EQ(ja.out_cvt, 3);
	EXPECT_OK(ktest_start(&b));
	EXPECT(ktest_join(&b, 1000));
	EXPECT(all_zero(jb.out_xmm, REG_BYTES));
	EXPECT(all_zero(jb.out_hi, REG_BYTES));
	EXPECT_EQ(jb.out_mxcsr, DBT_MXCSR_INIT);
	EXPECT_EQ(jb.out_cvt, 0);
}

/* ---- FPU state: writing ------------------------------------------------------------ */

/* State written into a thread that has not run is what its SSE (and AVX)
 * code finds: registers, and MXCSR's rounding mode. */
KTEST(signal, fpu_write_used_by_thread)
{
	struct kchild c;
	struct xs s;
	static struct fpu_job j;
	fpu_probe();
	fpu_job_init(&j);
	j.avx = fpu_avx;
	EXPECT_OK(ktest_local(&c, fpu_job_run, (dbt_word_t)&j));
	EXPECT_OK(fpu_read(c.thread, &s, NULL, NULL));
	fpu_pattern(&s.legacy.xmm[0][0], 3);
	fpu_pattern(s.avx, 4);
	s.legacy.mxcsr = MXCSR_ROUND_UP;
	EXPECT_OK(fpu_write(c.thread, &s, fpu_size));
	EXPECT_OK(ktest_start(&c));
	EXPECT(ktest_join(&c, 1000));
	EXPECT(!memcmp(j.out_xmm, s.legacy.xmm, REG_BYTES));
	if (fpu_avx)
		EXPECT(!memcmp(j.out_hi, s.avx, REG_BYTES));
	EXPECT_EQ(j.out_mxcsr, MXCSR_ROUND_UP);
	EXPECT_EQ(j.out_cvt, 3);                /* 2.5 rounded up */
}

/* The thread's registers are live in the FPU while it waits in a kernel
 * call: a write replaces them, a read sees them. */
KTEST(signal, fpu_write_replaces_live_state)
{
	struct kchild c;
	struct xs s;
	static struct fpu_job j;
	static uint8_t p[REG_BYTES], hi[REG_BYTES];
	dbt_slot_t ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	fpu_probe();
	fpu_pattern(p, 5);
	fpu_pattern(hi, 6);
	fpu_job_init(&j);
	j.xmm = p;
	j.hi = fpu_avx ? hi : NULL;
	j.avx = fpu_avx;
	j.ntf = ntf;
	EXPECT_OK(ktest_local(&c, fpu_job_run, (dbt_word_t)&j));
	EXPECT_OK(ktest_start(&c));
	ksleep_ms(2);                           /* loaded, waiting */
	EXPECT_OK(fpu_read(c.thread, &s, NULL, NULL));
	EXPECT(!memcmp(s.legacy.xmm, p, REG_BYTES));
	if (fpu_avx)
		EXPECT(!memcmp(s.avx, hi, REG_BYTES));
	fpu_pattern(&s.legacy.xmm[0][0], 7);
	fpu_pattern(s.avx, 8);
	s.legacy.mxcsr = MXCSR_FZ;
	EXPECT_OK(fpu_write(c.thread, &s, fpu_size));
	EXPECT_OK(dbt_signal(ntf));
	EXPECT(ktest_join(&c, 1000));
	EXPECT(!memcmp(j.out_xmm, s.legacy.xmm, REG_BYTES));
	if (fpu_avx)
		EXPECT(!memcmp(j.out_hi, s.avx, REG_BYTES));
	EXPECT_EQ(j.out_mxcsr, MXCSR_FZ);
}

/* A thread reads and writes its own state while its registers are live. */
KTEST(signal, fpu_own_state)
{
	struct xs s;
	static uint8_t p[REG_BYTES], out[REG_BYTES];
	uint32_t mxcsr = 0, init = DBT_MXCSR_INIT;
	fpu_probe();
	fpu_pattern(p, 9);
	sig_xmm_load(p);
	EXPECT_OK(fpu_read(DBT_ROOT_SLOT_THREAD, &s, NULL, NULL));
	EXPECT(!memcmp(s.legacy.xmm, p, REG_BYTES));
	s.legacy.xmm[3][0] ^= 0xff;
	s.legacy.mxcsr = MXCSR_ROUND_UP;
	EXPECT_OK(fpu_write(DBT_ROOT_SLOT_THREAD, &s, fpu_size));
	sig_xmm_store(out);
	sig_mxcsr_store(&mxcsr);
	sig_mxcsr_load(&init);
	EXPECT(!memcmp(out, s.legacy.xmm, REG_BYTES));
	EXPECT_EQ(out[3 * 16], (uint8_t)(p[3 * 16] ^ 0xff));
	EXPECT_EQ(mxcsr, MXCSR_ROUND_UP);
}

/* Signal delivery: the thread, stopped in user code with its registers
 * live, has its state saved (read), the handler's state installed, and the
 * saved one restored (rt_sigreturn); it carries on as if nothing happened. */
KTEST(signal, fpu_signal_frame_round_trip)
{
	struct kchild c;
	struct xs frame, handler;
	static struct fpu_job j;
	static uint8_t p[REG_BYTES], hi[REG_BYTES];
	fpu_probe();
	fpu_pattern(p, 10);
	fpu_pattern(hi, 11);
	fpu_job_init(&j);
	j.xmm = p;
	j.hi = fpu_avx ? hi : NULL;
	j.mxcsr = MXCSR_ROUND_UP;
	j.avx = fpu_avx;
	j.spin = 1;
	EXPECT_OK(ktest_local(&c, fpu_job_run, (dbt_word_t)&j));
	EXPECT_OK(ktest_start(&c));
	ksleep_ms(2);                           /* loaded, spinning */
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_STOP, 0, 0).err);
	EXPECT_OK(fpu_read(c.thread, &frame, NULL, NULL));
	EXPECT(!memcmp(frame.legacy.xmm, p, REG_BYTES));
	if (fpu_avx)
		EXPECT(!memcmp(frame.avx, hi, REG_BYTES));
	EXPECT_EQ(frame.legacy.mxcsr, MXCSR_ROUND_UP);
	handler = frame;
	memset(handler.legacy.xmm, 0x5a, REG_BYTES);
	memset(handler.avx, 0xa5, sizeof(handler.avx));
	handler.legacy.mxcsr = DBT_MXCSR_INIT;
	EXPECT_OK(fpu_write(c.thread, &handler, fpu_size));
	EXPECT_OK(fpu_read(c.thread, &handler, NULL, NULL));
	EXPECT_EQ(handler.legacy.xmm[15][15], 0x5a);
	EXPECT_OK(fpu_write(c.thread, &frame, fpu_size));
	j.go = 1;
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_RESUME, 0, 0).err);
	EXPECT(ktest_join(&c, 1000));
	EXPECT(!memcmp(j.out_xmm, p, REG_BYTES));
	if (fpu_avx)
		EXPECT(!memcmp(j.out_hi, hi, REG_BYTES));
	EXPECT_EQ(j.out_mxcsr, MXCSR_ROUND_UP);
	EXPECT_EQ(j.out_cvt, 3);
}

/* fork: the parent's state, read from a thread of one task, written into
 * a fresh thread of another; both go on with it. */
KTEST(signal, fpu_copy_between_tasks)
{
	struct kchild parent, child;
	struct xs s, back;
	static struct fpu_job jp, jc;
	static uint8_t p[REG_BYTES], hi[REG_BYTES];
	dbt_slot_t ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	fpu_probe();
	fpu_pattern(p, 12);
	fpu_pattern(hi, 13);
	fpu_job_init(&jp);
	jp.xmm = p;
	jp.hi = fpu_avx ? hi : NULL;
	jp.mxcsr = MXCSR_ROUND_UP;
	jp.avx = fpu_avx;
	jp.ntf = CHILD_SLOT_FIRST;
	fpu_job_init(&jc);
	jc.avx = fpu_avx;
	EXPECT_OK(ktest_child(&parent, fpu_job_run, (dbt_word_t)&jp));
	EXPECT_OK(ktest_give(&parent, ntf, CHILD_SLOT_FIRST, DBT_CAP_ALL));
	EXPECT_OK(ktest_child(&child, fpu_job_run, (dbt_word_t)&jc));
	EXPECT_OK(ktest_start(&parent));
	/* loaded, waiting on ntf: by its state, not by a sleep (a busy host is slow) */
	for (unsigned ms = 0; ms < 2000 && dbt_thread_ctl(parent.thread, DBT_THREAD_INFO, 0, 0).v0 !=
	                                    DBT_THREAD_WAITING; ms++)
		ksleep_ms(1);
	EXPECT_OK(fpu_read(parent.thread, &s, NULL, NULL));
	EXPECT(!memcmp(s.legacy.xmm, p, REG_BYTES));
	EXPECT_EQ(s.legacy.mxcsr, MXCSR_ROUND_UP);
	EXPECT_OK(fpu_write(child.thread, &s, fpu_size));
	EXPECT_OK(fpu_read(child.thread, &back, NULL, NULL));
	EXPECT(!memcmp(&back, &s, fpu_size));
	EXPECT_OK(ktest_start(&child));
	EXPECT(ktest_join(&child, 1000));
	EXPECT_OK(dbt_signal(ntf));
	EXPECT(ktest_join(&parent, 1000));
	EXPECT(!memcmp(jc.out_xmm, p, REG_BYTES));
	EXPECT(!memcmp(jp.out_xmm, p, REG_BYTES));
	if (fpu_avx) {
		EXPECT(!memcmp(jc.out_hi, hi, REG_BYTES));
		EXPECT(!memcmp(jp.out_hi, hi, REG_BYTES));
	}
	EXPECT_EQ(jc.out_mxcsr, MXCSR_ROUND_UP);
	EXPECT_EQ(jc.out_cvt, 3);
	EXPECT_EQ(jp.out_cvt, 3);
}

/* A legacy-size (512-byte) write sets x87 and SSE; with XSAVE the other
 * components go back to their initial state. */
KTEST(signal, fpu_write_legacy_size)
{
	struct kchild c;
	struct xs s;
	fpu_probe();
	EXPECT_OK(ktest_local(&c, no_fpu, 0));
	EXPECT_OK(fpu_read(c.thread, &s, NULL, NULL));
	fpu_pattern(s.avx, 14);
	EXPECT_OK(fpu_write(c.thread, &s, fpu_size));
	fpu_pattern(&s.legacy.xmm[0][0], 15);
	s.legacy.fcw = 0x27f;
	EXPECT_OK(fpu_write(c.thread, &s, DBT_XSTATE_LEGACY_SIZE));
	struct xs back;
	EXPECT_OK(fpu_read(c.thread, &back, NULL, NULL));
	EXPECT(!memcmp(back.legacy.xmm, s.legacy.xmm, REG_BYTES));
	EXPECT_EQ(back.legacy.fcw, 0x27f);
	EXPECT(all_zero(back.avx, sizeof(back.avx)));
	if (fpu_xsave)
		EXPECT_EQ(back.header.xstate_bv, fpu_features);
}

/* What the processor ignores is not kept (Linux's fpx_sw_bytes in the
 * software-available bytes, reserved bytes, the MXCSR mask); with XSAVE a
 * component absent from xstate_bv reads, and runs, as its initial state. */
KTEST(signal, fpu_write_normalised)
{
	struct kchild c;
	struct xs s, init, back;
	static struct fpu_job j;
	fpu_probe();
	fpu_job_init(&j);
	j.avx = fpu_avx;
	EXPECT_OK(ktest_local(&c, fpu_job_run, (dbt_word_t)&j));
	EXPECT_OK(fpu_read(c.thread, &init, NULL, NULL));
	s = init;
	memset(s.legacy.available, 0x5a, sizeof(s.legacy.available));
	memset(s.legacy.reserved1, 0xa5, sizeof(s.legacy.reserved1));
	s.legacy.mxcsr_mask = 0x1234;
	fpu_pattern(&s.legacy.xmm[0][0], 16);
	fpu_pattern(s.avx, 17);
	s.legacy.fcw = 0x7f;
	s.legacy.mxcsr = MXCSR_ROUND_UP;
	if (fpu_xsave)          /* SSE and AVX absent; x87 present */
		s.header.xstate_bv = DBT_XFEATURE_X87;
	EXPECT_OK(fpu_write(c.thread, &s, fpu_size));
	EXPECT_OK(fpu_read(c.thread, &back, NULL, NULL));
	EXPECT(all_zero(back.legacy.available, sizeof(back.legacy.available)));
	EXPECT(all_zero(back.legacy.reserved1, sizeof(back.legacy.reserved1)));
	EXPECT_EQ(back.legacy.mxcsr_mask, init.legacy.mxcsr_mask);
	EXPECT_EQ(back.legacy.fcw, 0x7f);
	EXPECT_EQ(back.legacy.mxcsr, MXCSR_ROUND_UP);   /* MXCSR is always loaded */
	if (fpu_xsave) {
		EXPECT_EQ(back.header.xstate_bv, fpu_features);
		EXPECT(all_zero(back.legacy.xmm, REG_BYTES));
		EXPECT(all_zero(back.avx, sizeof(back.avx)));
	} else {
		EXPECT(!memcmp(back.legacy.xmm, s.legacy.xmm, REG_BYTES));
	}
	EXPECT_OK(ktest_start(&c));
	EXPECT(ktest_join(&c, 1000));
	EXPECT(!memcmp(j.out_xmm, back.legacy.xmm, REG_BYTES));
	if (fpu_avx)
		EXPECT(all_zero(j.out_hi, REG_BYTES));
	EXPECT_EQ(j.out_mxcsr, MXCSR_ROUND_UP);
	if (fpu_xsave) {        /* and x87 absent: FNINIT's control word */
		s.header.xstate_bv = DBT_XFEATURE_SSE;
		EXPECT_OK(fpu_write(c.thread, &s, fpu_size));
		EXPECT_OK(fpu_read(c.thread, &back, NULL, NULL));
		EXPECT_EQ(back.legacy.fcw, DBT_FCW_INIT);
		EXPECT(!memcmp(back.legacy.xmm, s.legacy.xmm, REG_BYTES));
	}
}

/* ---- FPU state: hostile values ----------------------------------------------------- */

/* Write s and expect err; the thread's state stays as it was. */
static void expect_refused(dbt_slot_t t, const struct xs *s, dbt_word_t size, dbt_word_t err)
{
	struct xs before, after;
	EXPECT_OK(fpu_read(t, &before, NULL, NULL));
	EXPECT_EQ(fpu_write(t, s, size), err);
	EXPECT_OK(fpu_read(t, &after, NULL, NULL));
	EXPECT(!memcmp(&before, &after, sizeof(before)));
}

/* MXCSR bits outside the processor's mask would make FXRSTOR/XRSTOR fault
 * in the kernel: refused, whatever mask the image claims. */
KTEST(signal, fpu_bad_mxcsr)
{
	struct kchild c;
	struct xs s, good;
	static struct fpu_job j;
	fpu_probe();
	fpu_job_init(&j);
	EXPECT_OK(ktest_local(&c, fpu_job_run, (dbt_word_t)&j));
	EXPECT_OK(fpu_read(c.thread, &good, NULL, NULL));
	s = good;
	s.legacy.mxcsr = DBT_MXCSR_INIT | 0x10000;
	expect_refused(c.thread, &s, fpu_size, DBT_E_BAD_STATE);
	expect_refused(c.thread, &s, DBT_XSTATE_LEGACY_SIZE, DBT_E_BAD_STATE);
	s.legacy.mxcsr_mask = 0xffffffff;
	expect_refused(c.thread, &s, fpu_size, DBT_E_BAD_STATE);
	s.legacy.mxcsr = 0xffffffff;
	expect_refused(c.thread, &s, fpu_size, DBT_E_BAD_STATE);
	s.legacy.mxcsr = 0x80000000u | DBT_MXCSR_INIT;
	expect_refused(c.thread, &s, fpu_size, DBT_E_BAD_STATE);
	/* the thread still runs its SSE code, with a good MXCSR written now */
	s = good;
	s.legacy.mxcsr = MXCSR_FZ;
	EXPECT_OK(fpu_write(c.thread, &s, fpu_size));
	EXPECT_OK(ktest_start(&c));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(j.out_mxcsr, MXCSR_FZ);
}

/* A bad XSAVE header would make XRSTOR fault: components the kernel did not
 * enable, the compacted layout, reserved bytes.  Without XSAVE the kernel
 * takes no header at all. */
KTEST(signal, fpu_bad_header)
{
	struct kchild c;
	struct xs s, good;
	static struct fpu_job j;
	fpu_probe();
	fpu_job_init(&j);
	EXPECT_OK(ktest_local(&c, fpu_job_run, (dbt_word_t)&j));
	EXPECT_OK(fpu_read(c.thread, &good, NULL, NULL));
	if (!fpu_xsave) {
		expect_refused(c.thread, &good, DBT_XSTATE_AVX_OFFSET, DBT_E_INVALID_ARG);
		expect_refused(c.thread, &good, DBT_XSTATE_AVX_OFFSET + DBT_XSTATE_AVX_SIZE,
		               DBT_E_INVALID_ARG);
	} else {
		static const uint64_t bad_bv[] = { 1u << 3, 1u << 5, 1u << 9, 1ull << 62, 1ull << 63 };
		for (unsigned i = 0; i < sizeof(bad_bv) / sizeof(bad_bv[0]); i++) {
			s = good;
			s.header.xstate_bv |= bad_bv[i];
			expect_refused(c.thread, &s, fpu_size, DBT_E_BAD_STATE);
		}
		if (!fpu_avx) {
			s = good;
			s.header.xstate_bv |= DBT_XFEATURE_AVX;
			expect_refused(c.thread, &s, fpu_size, DBT_E_BAD_STATE);
		}
		s = good;
		s.header.xcomp_bv = (1ull << 63) | fpu_features;
		expect_refused(c.thread, &s, fpu_size, DBT_E_BAD_STATE);
		s.header.xcomp_bv = 1;
		expect_refused(c.thread, &s, fpu_size, DBT_E_BAD_STATE);
		for (unsigned i = 0; i < 6; i++) {
			s = good;
			s.header.reserved[i] = 1ull << (i * 11);
			expect_refused(c.thread, &s, fpu_size, DBT_E_BAD_STATE);
		}
	}
	/* it still runs its SSE code */
	EXPECT_OK(ktest_start(&c));
	EXPECT(ktest_join(&c, 1000));
	EXPECT_EQ(j.out_mxcsr, DBT_MXCSR_INIT);
}

/* The size says the layout: legacy (512) or the kernel's whole state. */
KTEST(signal, fpu_bad_size)
{
	struct kchild c;
	struct xs good;
	static const dbt_word_t sizes[] = { 0, 1, 64, 511, 513, 575, 576, 577, 831, 832, 833,
	                                    1024, DBT_XSTATE_MAX, 4096, 1ull << 32, ~0ull };
	fpu_probe();
	EXPECT_OK(ktest_local(&c, no_fpu, 0));
	EXPECT_OK(fpu_read(c.thread, &good, NULL, NULL));
	for (unsigned i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		if (sizes[i] == DBT_XSTATE_LEGACY_SIZE || sizes[i] == fpu_size)
			continue;
		EXPECT_EQ(dbt_thread_write_fpu(c.thread, sizes[i]), DBT_E_INVALID_ARG);
	}
	struct xs after;
	EXPECT_OK(fpu_read(c.thread, &after, NULL, NULL));
	EXPECT(!memcmp(&good, &after, sizeof(good)));
}

/* Both operations need the thread's control capability; a refused read
 * leaves the caller's UTCB area alone. */
KTEST(signal, fpu_needs_control)
{
	struct kchild c;
	struct xs s;
	dbt_slot_t weak = kslot(), ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	fpu_probe();
	EXPECT_OK(ktest_local(&c, no_fpu, 0));
	EXPECT_OK(fpu_read(c.thread, &s, NULL, NULL));
	EXPECT_OK(dbt_cap_copy(c.thread, weak, DBT_CAP_ALL & ~DBT_CAP_CONTROL, 0));
	memset(dbt_xstate(), 0xee, DBT_XSTATE_MAX);
	EXPECT_EQ(dbt_thread_read_fpu(weak, NULL, NULL), DBT_E_NO_RIGHTS);
	EXPECT_EQ(dbt_thread_read_fpu(ep, NULL, NULL), DBT_E_WRONG_TYPE);
	EXPECT_EQ(dbt_thread_read_fpu(kslot(), NULL, NULL), DBT_E_EMPTY_SLOT);
	EXPECT_EQ(((uint8_t *)dbt_xstate())[0], 0xee);
	EXPECT_EQ(((uint8_t *)dbt_xstate())[DBT_XSTATE_MAX - 1], 0xee);
	s.legacy.mxcsr = MXCSR_FZ;
	memcpy(dbt_xstate(), &s, fpu_size);
	EXPECT_EQ(dbt_thread_write_fpu(weak, fpu_size), DBT_E_NO_RIGHTS);
	EXPECT_EQ(dbt_thread_write_fpu(ep, fpu_size), DBT_E_WRONG_TYPE);
	EXPECT_OK(fpu_read(c.thread, &s, NULL, NULL));
	EXPECT_EQ(s.legacy.mxcsr, DBT_MXCSR_INIT);
}
