/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/host/unixsig/unit.c - host tests of servers/unix/signal: the Linux
 * signal ABI (lx_signal.h), signal sets and default actions (sigset.h), and
 * the rt signal frame (sigframe.c).  One line per test,
 *   TEST unixsig/<group>/<name> PASS
 *   TEST unixsig/<group>/<name> FAIL <file>:<line>: <what>
 * and "DONE unit" at the end.  This file has the harness, main and
 *   abi/       lx_signal.h against the kernel's UAPI headers (kabi.c) and
 *              glibc's <signal.h> and <ucontext.h>
 *   sigset/    set helpers, the default-action table, the delivery mask
 *   build/     frame placement (red zone, alignment, alternate stack,
 *              nesting, overflow), contents, handler registers, errors
 *   restart/   the system-call restart matrix
 * restore.c has restore/ and sigaltstack/, host.c host/ (unixsig_test.h).
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <ucontext.h>
#include "unixsig_test.h"

/* ---- harness -------------------------------------------------------------------------- */

struct harness *hs;     /* shared with child processes (main maps it) */

void fail_at(const char *file, int line, const char *fmt, ...)
{
	const char *base = strrchr(file, '/');
	va_list ap;
	int n;

	if (hs->failed)
		return;
	hs->failed = true;
	n = snprintf(hs->why, sizeof(hs->why), "%s:%d: ", base ? base + 1 : file, line);
	va_start(ap, fmt);
	vsnprintf(hs->why + n, sizeof(hs->why) - (size_t)n, fmt, ap);
	va_end(ap);
}

/* ---- inputs ------------------------------------------------------------------------- */

struct lx_sigaction act;
struct lx_siginfo info;
_Alignas(64) uint8_t fpu_image[DBT_XSTATE_MAX];
struct sigframe_out out;
struct sigframe_restore_out rout;

static struct sigframe_fpu fpu_shape(uint32_t size)
{
	uint64_t features = size == 832 ? XF_AVX : XF_LEGACY;
	return (struct sigframe_fpu){ size, MXCSR_MASK, features };
}

/* A recognisable FPU image of the shape, Darbat-normalised as READ_FPU
 * gives it: 416..511 zero, every component present, a clean header. */
static void fpu_fill(uint8_t *img, const struct sigframe_fpu *fpu, uint8_t seed)
{
	struct dbt_fxsave fx;

	memset(img, 0, fpu->size);
	memset(&fx, 0, sizeof(fx));
	fx.fcw = DBT_FCW_INIT;
	fx.mxcsr = DBT_MXCSR_INIT | 0x2000;     /* round down */
	fx.mxcsr_mask = MXCSR_MASK;
	for (size_t i = 0; i < sizeof(fx.xmm); i++)
		fx.xmm[i / 16][i % 16] = (uint8_t)(seed + i);
	for (size_t i = 0; i < 8; i++)
		fx.st[i][0] = (uint8_t)(seed ^ i);
	memcpy(img, &fx, sizeof(fx));
	if (fpu->size > DBT_XSTATE_LEGACY_SIZE)
		memcpy(img + DBT_XSTATE_HEADER_OFFSET, &fpu->features, sizeof(fpu->features));
	for (uint32_t i = DBT_XSTATE_AVX_OFFSET; i < fpu->size; i++)
		img[i] = (uint8_t)(seed * 3 + i);
}

void regs_fill(struct dbt_regs *r, uint64_t seed)
{
	uint64_t *w = (uint64_t *)r;

	for (size_t i = 0; i < DBT_REGS_WORDS; i++)
		w[i] = seed * 0x0101010101010101ull + i;
	r->rip = INTERRUPTED_RIP;
	r->rsp = STACK_TOP - 0x1000;
	r->rflags = 0x202 | LX_EFLAGS_CF | LX_EFLAGS_ZF;
}

void in_base(struct sigframe_in *in, uint32_t fpsize)
{
	memset(in, 0, sizeof(*in));
	act = (struct lx_sigaction){ HANDLER, LX_SA_SIGINFO | LX_SA_RESTORER, RESTORER, 0 };
	memset(&info, 0, sizeof(info));
	info.si_signo = LX_SIGUSR1;
	info.si_code = LX_SI_TKILL;
	info.kill.pid = 1234;
	info.kill.uid = 1000;
	in->sig = LX_SIGUSR1;
	in->act = &act;
	regs_fill(&in->regs, 0x11);
	in->trapno = 14;
	in->err = 6;
	in->cr2 = 0xdead000;
	in->fpu = fpu_shape(fpsize);
	fpu_fill(fpu_image, &in->fpu, 0x40);
	in->fpu_image = fpu_image;
	in->info = &info;
	in->saved_mask = SIG_BIT(LX_SIGUSR2) | SIG_BIT(LX_SIGRTMIN + 3);
	in->altstack = SIG_ALTSTACK_NONE;
}

struct lx_rt_sigframe frame_of(const struct sigframe_out *o)
{
	struct lx_rt_sigframe f;
	memcpy(&f, o->bytes, sizeof(f));
	return f;
}

const uint8_t *fp_of(const struct sigframe_out *o)
{
	return o->bytes + (o->fpstate - o->frame);
}

uint32_t get32(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, sizeof(v));
}

uint32_t fp_frame_size(uint32_t size)
{
	return size > 512 ? size + 4 : size;
}

struct dbt_regs sigreturn_regs(const struct sigframe_out *o)
{
	struct dbt_regs r;

	regs_fill(&r, 0x77);
	r.rsp = o->frame + 8;
	r.rip = RESTORER + 9;
	r.rax = 15;
	r.rflags = 0x202;
	r.fs_base = 0x7f0000001000;
	r.gs_base = 0;
	return r;
}

/* ---- abi: the glibc side (kabi.c has the kernel's) ----------------------------------- */

static void test_abi_glibc_ucontext(void)
{
	static const struct { int reg; size_t off; } gregs[] = {
		{ REG_R8, offsetof(struct lx_sigcontext, r8) },
		{ REG_R15, offsetof(struct lx_sigcontext, r15) },
		{ REG_RDI, offsetof(struct lx_sigcontext, rdi) },
		{ REG_RSI, offsetof(struct lx_sigcontext, rsi) },
		{ REG_RBP, offsetof(struct lx_sigcontext, rbp) },
		{ REG_RBX, offsetof(struct lx_sigcontext, rbx) },
		{ REG_RDX, offsetof(struct lx_sigcontext, rdx) },
		{ REG_RAX, offsetof(struct lx_sigcontext, rax) },
		{ REG_RCX, offsetof(struct lx_sigcontext, rcx) },
		{ REG_RSP, offsetof(struct lx_sigcontext, rsp) },
		{ REG_RIP, offsetof(struct lx_sigcontext, rip) },
		{ REG_EFL, offsetof(struct lx_sigcontext, eflags) },
		{ REG_CSGSFS, offsetof(struct lx_sigcontext, cs) },
		{ REG_ERR, offsetof(struct lx_sigcontext, err) },
		{ REG_TRAPNO, offsetof(struct lx_sigcontext, trapno) },
		{ REG_OLDMASK, offsetof(struct lx_sigcontext, oldmask) },
		{ REG_CR2, offsetof(struct lx_sigcontext, cr2) },
	};
	for (size_t i = 0; i < sizeof(gregs) / sizeof(gregs[0]); i++)
		CHECK_EQ(offsetof(mcontext_t, gregs) + 8 * (size_t)gregs[i].reg, gregs[i].off);
	CHECK_EQ(offsetof(mcontext_t, fpregs), offsetof(struct lx_sigcontext, fpstate));
	CHECK_EQ(sizeof(mcontext_t), sizeof(struct lx_sigcontext));
	CHECK_EQ(offsetof(ucontext_t, uc_link), offsetof(struct lx_ucontext, uc_link));
	CHECK_EQ(offsetof(ucontext_t, uc_stack), offsetof(struct lx_ucontext, uc_stack));
	CHECK_EQ(offsetof(ucontext_t, uc_mcontext), offsetof(struct lx_ucontext, uc_mcontext));
	CHECK_EQ(offsetof(ucontext_t, uc_sigmask), offsetof(struct lx_ucontext, uc_sigmask));
	CHECK_EQ(sizeof(struct _libc_fpstate), sizeof(struct lx_fpstate));
	CHECK_EQ(offsetof(struct _libc_fpstate, mxcsr), offsetof(struct lx_fpstate, mxcsr));
	CHECK_EQ(offsetof(struct _libc_fpstate, _xmm), offsetof(struct lx_fpstate, xmm_space));
	CHECK_EQ(offsetof(stack_t, ss_flags), offsetof(struct lx_stack_t, ss_flags));
	CHECK_EQ(offsetof(stack_t, ss_size), offsetof(struct lx_stack_t, ss_size));
}

static void test_abi_glibc_siginfo(void)
{
	sigset_t s;

	CHECK_EQ(sizeof(siginfo_t), sizeof(struct lx_siginfo));
	CHECK_EQ(offsetof(siginfo_t, si_pid), offsetof(struct lx_siginfo, kill.pid));
	CHECK_EQ(offsetof(siginfo_t, si_uid), offsetof(struct lx_siginfo, kill.uid));
	CHECK_EQ(offsetof(siginfo_t, si_status), offsetof(struct lx_siginfo, sigchld.status));
	CHECK_EQ(offsetof(siginfo_t, si_utime), offsetof(struct lx_siginfo, sigchld.utime));
	CHECK_EQ(offsetof(siginfo_t, si_value), offsetof(struct lx_siginfo, rt.sigval));
	CHECK_EQ(offsetof(siginfo_t, si_overrun), offsetof(struct lx_siginfo, timer.overrun));
	CHECK_EQ(offsetof(siginfo_t, si_addr), offsetof(struct lx_siginfo, sigfault.addr));
	CHECK_EQ(offsetof(siginfo_t, si_addr_lsb), offsetof(struct lx_siginfo, sigfault.u.addr_lsb));
	CHECK_EQ(offsetof(siginfo_t, si_band), offsetof(struct lx_siginfo, sigpoll.band));
	CHECK_EQ(offsetof(siginfo_t, si_fd), offsetof(struct lx_siginfo, sigpoll.fd));
	CHECK_EQ(offsetof(siginfo_t, si_syscall), offsetof(struct lx_siginfo, sigsys.syscall));
	CHECK_EQ(SIGRTMAX, LX_SIGRTMAX);
	CHECK_EQ(_NSIG - 1, LX_NSIG);
	sigemptyset(&s);
	sigaddset(&s, SIGUSR2);
	sigaddset(&s, SIGRTMAX);
	CHECK_EQ(*(const uint64_t *)(const void *)&s, sigset_add(SIG_BIT(LX_SIGUSR2), LX_SIGRTMAX));
}

/* ---- sigset ------------------------------------------------------------------------- */

static void test_sigset_valid(void)
{
	CHECK(!sig_is_valid(0));
	CHECK(sig_is_valid(1));
	CHECK(sig_is_valid(64));
	CHECK(!sig_is_valid(65));
	CHECK(!sig_is_valid(-1));
	CHECK_EQ(sigset_add(0, 0), 0);
	CHECK_EQ(sigset_add(0, 65), 0);
	CHECK(!sigset_has(~0ull, 65));
	CHECK(!sigset_has(~0ull, 0));
}

static void test_sigset_ops(void)
{
	lx_sigset_t s = 0;

	s = sigset_add(s, LX_SIGHUP);
	s = sigset_add(s, LX_SIGRTMAX);
	CHECK_EQ(s, 0x8000000000000001ull);
	CHECK(sigset_has(s, LX_SIGRTMAX));
	CHECK(!sigset_has(s, LX_SIGINT));
	CHECK_EQ(sigset_first(s), LX_SIGHUP);
	s = sigset_del(s, LX_SIGHUP);
	CHECK_EQ(sigset_first(s), LX_SIGRTMAX);
	CHECK_EQ(sigset_first(0), 0);
	CHECK_EQ(sig_mask_fix(~0ull), ~0ull & ~(SIG_BIT(9) | SIG_BIT(19)));
	CHECK(sig_kernel_only(LX_SIGKILL) && sig_kernel_only(LX_SIGSTOP));
	CHECK(!sig_kernel_only(LX_SIGTERM));
}

/* signal(7), "Standard signals", one row per signal */
static void test_sigset_default_actions(void)
{
	static const enum sig_default_action want[LX_SIGSYS + 1] = {
		[LX_SIGHUP] = SIG_ACT_TERM, [LX_SIGINT] = SIG_ACT_TERM,
		[LX_SIGQUIT] = SIG_ACT_CORE, [LX_SIGILL] = SIG_ACT_CORE,
		[LX_SIGTRAP] = SIG_ACT_CORE, [LX_SIGABRT] = SIG_ACT_CORE,
		[LX_SIGBUS] = SIG_ACT_CORE, [LX_SIGFPE] = SIG_ACT_CORE,
		[LX_SIGKILL] = SIG_ACT_TERM, [LX_SIGUSR1] = SIG_ACT_TERM,
		[LX_SIGSEGV] = SIG_ACT_CORE, [LX_SIGUSR2] = SIG_ACT_TERM,
		[LX_SIGPIPE] = SIG_ACT_TERM, [LX_SIGALRM] = SIG_ACT_TERM,
		[LX_SIGTERM] = SIG_ACT_TERM, [LX_SIGSTKFLT] = SIG_ACT_TERM,
		[LX_SIGCHLD] = SIG_ACT_IGNORE, [LX_SIGCONT] = SIG_ACT_CONT,
		[LX_SIGSTOP] = SIG_ACT_STOP, [LX_SIGTSTP] = SIG_ACT_STOP,
		[LX_SIGTTIN] = SIG_ACT_STOP, [LX_SIGTTOU] = SIG_ACT_STOP,
		[LX_SIGURG] = SIG_ACT_IGNORE, [LX_SIGXCPU] = SIG_ACT_CORE,
		[LX_SIGXFSZ] = SIG_ACT_CORE, [LX_SIGVTALRM] = SIG_ACT_TERM,
		[LX_SIGPROF] = SIG_ACT_TERM, [LX_SIGWINCH] = SIG_ACT_IGNORE,
		[LX_SIGIO] = SIG_ACT_TERM, [LX_SIGPWR] = SIG_ACT_TERM,
		[LX_SIGSYS] = SIG_ACT_CORE,
	};
	for (int sig = 1; sig <= LX_SIGSYS; sig++)
		CHECK_EQ(sig_default_action(sig), want[sig]);
	for (int sig = LX_SIGRTMIN; sig <= LX_SIGRTMAX; sig++)
		CHECK_EQ(sig_default_action(sig), SIG_ACT_TERM);
}

static void test_sigset_on_delivery(void)
{
	struct lx_sigaction a = { HANDLER, LX_SA_SIGINFO, 0, SIG_BIT(LX_SIGINT) | SIG_BIT(LX_SIGKILL) };
	lx_sigset_t blocked = SIG_BIT(LX_SIGHUP);

	CHECK_EQ(sigset_on_delivery(blocked, &a, LX_SIGUSR1),
		 SIG_BIT(LX_SIGHUP) | SIG_BIT(LX_SIGINT) | SIG_BIT(LX_SIGUSR1));
	a.flags |= LX_SA_NODEFER;
	CHECK_EQ(sigset_on_delivery(blocked, &a, LX_SIGUSR1),
		 SIG_BIT(LX_SIGHUP) | SIG_BIT(LX_SIGINT));
	a.flags = 0;
	CHECK_EQ(sigset_on_delivery(0, &a, LX_SIGSTOP), SIG_BIT(LX_SIGINT));
}

/* ---- build ---------------------------------------------------------------------------- */

/* The placement rules, checked for misaligned stacks and each state size. */
static void test_build_normal_stack(void)
{
	static const uint64_t offs[] = { 0, 8, 3, 0x38, 0x40, 0x7f };
	static const uint32_t sizes[] = { 512, 576, 832, 2432, 2696, DBT_XSTATE_MAX };
	struct sigframe_in in;

	for (size_t s = 0; s < sizeof(sizes) / sizeof(sizes[0]); s++) {
		for (size_t k = 0; k < sizeof(offs) / sizeof(offs[0]); k++) {
			uint32_t fsz = fp_frame_size(sizes[s]);
			uint64_t limit;
			in_base(&in, sizes[s]);
			in.fpu.features = sizes[s] > 832 ? 0xe7 : in.fpu.features;
			in.regs.rsp = STACK_TOP - 0x1000 - offs[k];
			limit = in.regs.rsp - SIGFRAME_REDZONE;
			CHECK_EQ(sigframe_build(&in, &out), SIGFRAME_OK);
			CHECK_EQ(out.fpstate % 64, 0);
			CHECK_EQ((out.frame + 8) % 16, 0);
			CHECK(out.fpstate + fsz <= limit);
			CHECK(out.fpstate + fsz > limit - 64);
			CHECK_EQ(out.fpstate - out.frame, 456);
			CHECK_EQ(out.len, 456 + fsz);
			CHECK(out.len <= SIGFRAME_BYTES_MAX);
			CHECK_EQ(out.regs.rsp, out.frame);
		}
	}
}

static void test_build_contents(void)
{
	struct sigframe_in in;
	struct lx_rt_sigframe f;
	const struct lx_sigcontext *sc = &f.uc.uc_mcontext;

	in_base(&in, 832);
	in.altstack = (struct sig_altstack){ 0x10000, 0x4000, 0 };
	CHECK_EQ(sigframe_build(&in, &out), SIGFRAME_OK);
	f = frame_of(&out);
	CHECK_EQ(f.pretcode, RESTORER);
	CHECK_EQ(f.uc.uc_flags, LX_UC_FP_XSTATE | LX_UC_SIGCONTEXT_SS | LX_UC_STRICT_RESTORE_SS);
	CHECK_EQ(f.uc.uc_link, 0);
	CHECK_EQ(f.uc.uc_stack.ss_sp, 0x10000);
	CHECK_EQ(f.uc.uc_stack.ss_size, 0x4000);
	CHECK_EQ(f.uc.uc_stack.ss_flags, 0);
	CHECK_EQ(sc->rip, in.regs.rip);
	CHECK_EQ(sc->rsp, in.regs.rsp);
	CHECK_EQ(sc->eflags, in.regs.rflags);
	CHECK_EQ(sc->rax, in.regs.rax);
	CHECK_EQ(sc->r8, in.regs.r8);
	CHECK_EQ(sc->r15, in.regs.r15);
	CHECK_EQ(sc->rdi, in.regs.rdi);
	CHECK_EQ(sc->rcx, in.regs.rcx);
	CHECK_EQ(sc->cs, 0x33);
	CHECK_EQ(sc->ss, 0x2b);
	CHECK_EQ(sc->fs | sc->gs, 0);
	CHECK_EQ(sc->trapno, 14);
	CHECK_EQ(sc->err, 6);
	CHECK_EQ(sc->cr2, 0xdead000);
	CHECK_EQ(sc->oldmask, in.saved_mask);
	CHECK_EQ(sc->fpstate, out.fpstate);
	CHECK_EQ(f.uc.uc_sigmask, in.saved_mask);
	CHECK(memcmp(&f.info, &info, sizeof(info)) == 0);
	for (size_t i = 0; i < 8; i++)
		CHECK_EQ(sc->reserved1[i], 0);
}

static void test_build_handler_regs(void)
{
	struct sigframe_in in;

	in_base(&in, 576);
	in.regs.rflags = 0x202 | LX_EFLAGS_DF | LX_EFLAGS_TF | LX_EFLAGS_RF | LX_EFLAGS_CF |
			 LX_EFLAGS_OF;
	CHECK_EQ(sigframe_build(&in, &out), SIGFRAME_OK);
	CHECK_EQ(out.regs.rip, HANDLER);
	CHECK_EQ(out.regs.rsp, out.frame);
	CHECK_EQ(out.regs.rdi, LX_SIGUSR1);
	CHECK_EQ(out.regs.rsi, out.frame + SIGINFO_OFF);
	CHECK_EQ(out.regs.rdx, out.frame + UC_OFF);
	CHECK_EQ(out.regs.rax, 0);
	CHECK_EQ(out.regs.rflags, 0x202 | LX_EFLAGS_CF | LX_EFLAGS_OF);
	CHECK_EQ(out.regs.rbx, in.regs.rbx);
	CHECK_EQ(out.regs.r12, in.regs.r12);
	CHECK_EQ(out.regs.fs_base, in.regs.fs_base);
	CHECK_EQ(out.regs.gs_base, in.regs.gs_base);
	CHECK_EQ(frame_of(&out).uc.uc_mcontext.eflags, in.regs.rflags);  /* saved as it was */
}

/* Linux's software bytes, MAGIC2 and the header, for the XSAVE sizes */
static void test_build_fpstate_xsave(void)
{
	static const uint32_t sizes[] = { 576, 832 };
	struct sigframe_in in;
	struct lx_fpx_sw_bytes sw;
	struct dbt_xsave_header h;

	for (size_t s = 0; s < 2; s++) {
		in_base(&in, sizes[s]);
		h.xstate_bv = DBT_XFEATURE_X87;         /* SSE said initial: Linux marks it */
		memcpy(fpu_image + DBT_XSTATE_HEADER_OFFSET, &h.xstate_bv, 8);
		memset(fpu_image + DBT_XSTATE_HEADER_OFFSET + 8, 0xff, 8);   /* xcomp_bv */
		CHECK_EQ(sigframe_build(&in, &out), SIGFRAME_OK);
		memcpy(&sw, fp_of(&out) + LX_FPSTATE_SW_OFFSET, sizeof(sw));
		CHECK_EQ(sw.magic1, LX_FP_XSTATE_MAGIC1);
		CHECK_EQ(sw.extended_size, sizes[s] + 4);
		CHECK_EQ(sw.xfeatures, in.fpu.features);
		CHECK_EQ(sw.xstate_size, sizes[s]);
		for (size_t i = 0; i < 7; i++)
			CHECK_EQ(sw.padding[i], 0);
		CHECK_EQ(get32(fp_of(&out) + sizes[s]), LX_FP_XSTATE_MAGIC2);
		memcpy(&h, fp_of(&out) + DBT_XSTATE_HEADER_OFFSET, sizeof(h));
		CHECK_EQ(h.xstate_bv, XF_LEGACY);
		CHECK_EQ(h.xcomp_bv, 0);
		CHECK(memcmp(fp_of(&out), fpu_image, 464) == 0);
		CHECK(memcmp(fp_of(&out) + 576, fpu_image + 576, sizes[s] - 576) == 0);
	}
}

/* without XSAVE: Linux still writes MAGIC1 (extended_size 516) but no MAGIC2 */
static void test_build_fpstate_fxsave(void)
{
	struct sigframe_in in;
	struct lx_fpx_sw_bytes sw;

	in_base(&in, 512);
	CHECK_EQ(sigframe_build(&in, &out), SIGFRAME_OK);
	CHECK_EQ(frame_of(&out).uc.uc_flags, LX_UC_SIGCONTEXT_SS | LX_UC_STRICT_RESTORE_SS);
	CHECK_EQ(out.len, 456 + 512);
	memcpy(&sw, fp_of(&out) + LX_FPSTATE_SW_OFFSET, sizeof(sw));
	CHECK_EQ(sw.magic1, LX_FP_XSTATE_MAGIC1);
	CHECK_EQ(sw.extended_size, 516);
	CHECK_EQ(sw.xstate_size, 512);
	CHECK_EQ(sw.xfeatures, XF_LEGACY);
	CHECK(memcmp(fp_of(&out), fpu_image, 464) == 0);
}

static void test_build_no_siginfo(void)
{
	struct sigframe_in in;
	struct lx_rt_sigframe f;
	static const struct lx_siginfo zero;

	in_base(&in, 512);
	act.flags = LX_SA_RESTORER;
	in.info = NULL;
	CHECK_EQ(sigframe_build(&in, &out), SIGFRAME_OK);
	f = frame_of(&out);
	CHECK(memcmp(&f.info, &zero, sizeof(zero)) == 0);
	CHECK_EQ(out.regs.rsi, out.frame + SIGINFO_OFF);        /* still, as Linux */
	CHECK_EQ(out.regs.rdx, out.frame + UC_OFF);
}

static void test_build_altstack_enter(void)
{
	struct sigframe_in in;

	in_base(&in, 832);
	act.flags |= LX_SA_ONSTACK;
	in.altstack = (struct sig_altstack){ ALT_SP, ALT_SIZE, 0 };
	CHECK_EQ(sigframe_build(&in, &out), SIGFRAME_OK);
	/* no red zone on a fresh stack: the state ends at its top */
	CHECK_EQ(out.fpstate, (ALT_SP + ALT_SIZE - 836) & ~63ull);
	CHECK_EQ(out.frame, out.fpstate - 456);
	CHECK_EQ(out.frame + out.len, out.fpstate + 836);
	CHECK_EQ(frame_of(&out).uc.uc_stack.ss_sp, ALT_SP);
	CHECK_EQ(frame_of(&out).uc.uc_mcontext.rsp, in.regs.rsp);
	CHECK_EQ(out.altstack.sp, ALT_SP);              /* kept without SS_AUTODISARM */
	/* without SA_ONSTACK the normal stack, altstack or not */
	act.flags &= ~LX_SA_ONSTACK;
	CHECK_EQ(sigframe_build(&in, &out), SIGFRAME_OK);
	CHECK(out.frame > in.regs.rsp - 0x1000 && out.frame < in.regs.rsp);
	/* a disabled one is no alternate stack */
	act.flags |= LX_SA_ONSTACK;
	in.altstack = (struct sig_altstack){ 0, 0, LX_SS_DISABLE };
	CHECK_EQ(sigframe_build(&in, &out), SIGFRAME_OK);
	CHECK(out.frame > in.regs.rsp - 0x1000 && out.frame < in.regs.rsp);
}

/* Linux asks "on the alternate stack?" of rsp - 128: an rsp just above the
 * stack's top counts as on it for SA_ONSTACK (no switch, no overflow check),
 * but not for the nesting check. */
static void test_build_altstack_redzone(void)
{
	struct sigframe_in in;

	in_base(&in, 576);
	act.flags |= LX_SA_ONSTACK;
	in.altstack = (struct sig_altstack){ ALT_SP, ALT_SIZE, 0 };
	in.regs.rsp = ALT_SP + ALT_SIZE + 64;
	CHECK_EQ(sigframe_build(&in, &out), SIGFRAME_OK);
	CHECK_EQ(out.fpstate, (ALT_SP + ALT_SIZE - 64 - 580) & ~63ull);
	in.regs.rsp = ALT_SP + ALT_SIZE + 129;          /* above: switch to the top */
	CHECK_EQ(sigframe_build(&in, &out), SIGFRAME_OK);
	CHECK_EQ(out.fpstate, (ALT_SP + ALT_SIZE - 580) & ~63ull);
	in.altstack.size = 1024;                        /* not nested: no overflow check */
	in.regs.rsp = ALT_SP + 1024 + 64;
	CHECK_EQ(sigframe_build(&in, &out), SIGFRAME_OK);
	CHECK(out.frame < ALT_SP);
}

/* already on the alternate stack: the next frame goes below, red zone kept,
 * with or without SA_ONSTACK */
static void test_build_altstack_nested(void)
{
	struct sigframe_in in;
	uint64_t first;

	in_base(&in, 832);
	act.flags |= LX_SA_ONSTACK;
	in.altstack = (struct sig_altstack){ ALT_SP, ALT_SIZE, 0 };
	CHECK_EQ(sigframe_build(&in, &out), SIGFRAME_OK);
	first = out.frame;
	in.regs.rsp = first - 0x100;            /* the handler runs, and is interrupted */
	CHECK_EQ(sigframe_build(&in, &out), SIGFRAME_OK);
	CHECK_EQ(out.fpstate, (first - 0x100 - 128 - 836) & ~63ull);
	CHECK(out.frame > ALT_SP);
	act.flags &= ~LX_SA_ONSTACK;
	CHECK_EQ(sigframe_build(&in, &out), SIGFRAME_OK);
	CHECK_EQ(out.fpstate, (first - 0x100 - 128 - 836) & ~63ull);
}

static void test_build_altstack_overflow(void)
{
	struct sigframe_in in;

	in_base(&in, 832);
	act.flags |= LX_SA_ONSTACK;
	in.altstack = (struct sig_altstack){ ALT_SP, 1024, 0 };      /* smaller than a frame */
	CHECK_EQ(sigframe_build(&in, &out), SIGFRAME_E_OVERFLOW);
	in.altstack.size = 2048;                                        /* MINSIGSTKSZ: fits */
	CHECK_EQ(sigframe_build(&in, &out), SIGFRAME_OK);
	CHECK(out.frame > ALT_SP);
	/* nested near the bottom, with or without SA_ONSTACK */
	in.altstack.size = ALT_SIZE;
	in.regs.rsp = ALT_SP + 1000;
	CHECK_EQ(sigframe_build(&in, &out), SIGFRAME_E_OVERFLOW);
	act.flags &= ~LX_SA_ONSTACK;
	CHECK_EQ(sigframe_build(&in, &out), SIGFRAME_E_OVERFLOW);
	/* the lowest rsp whose frame fits: the state at ALT_SP + 512 */
	in.regs.rsp = ALT_SP + 512 + 836 + 128;
	CHECK_EQ(sigframe_build(&in, &out), SIGFRAME_OK);
	CHECK_EQ(out.frame, ALT_SP + 512 - 456);
	in.regs.rsp -= 1;
	CHECK_EQ(sigframe_build(&in, &out), SIGFRAME_E_OVERFLOW);
}

/* SS_AUTODISARM: never "on" the stack, so each signal starts at its top,
 * and delivery disarms it; uc_stack keeps the flags as set */
static void test_build_autodisarm(void)
{
	struct sigframe_in in;
	struct lx_rt_sigframe f;

	in_base(&in, 576);
	act.flags |= LX_SA_ONSTACK;
	in.altstack = (struct sig_altstack){ ALT_SP, ALT_SIZE, LX_SS_AUTODISARM };
	in.regs.rsp = ALT_SP + 0x1000;          /* inside it */
	CHECK_EQ(sigframe_build(&in, &out), SIGFRAME_OK);
	CHECK_EQ(out.fpstate, (ALT_SP + ALT_SIZE - 580) & ~63ull);
	f = frame_of(&out);
	CHECK_EQ((uint32_t)f.uc.uc_stack.ss_flags, LX_SS_AUTODISARM);
	CHECK_EQ(out.altstack.sp, 0);
	CHECK_EQ(out.altstack.size, 0);
	CHECK_EQ(out.altstack.flags, LX_SS_DISABLE);
}

static void test_build_errors(void)
{
	struct sigframe_in in;

	in_base(&in, 832);
	act.flags &= ~LX_SA_RESTORER;
	CHECK_EQ(sigframe_build(&in, &out), SIGFRAME_E_NO_RESTORER);
	act.flags |= LX_SA_RESTORER;
	in.regs.rsp = 0x100;                    /* the frame would wrap below 0 */
	CHECK_EQ(sigframe_build(&in, &out), SIGFRAME_E_FAULT);
	in.regs.rsp = 0;
	CHECK_EQ(sigframe_build(&in, &out), SIGFRAME_E_FAULT);
	in.regs.rsp = DBT_USER_TOP + 0x10000;
	CHECK_EQ(sigframe_build(&in, &out), SIGFRAME_E_FAULT);
	in.regs.rsp = 456 + 836 + 128 + 64;     /* just fits at the bottom of memory */
	CHECK_EQ(sigframe_build(&in, &out), SIGFRAME_OK);
}

static void test_build_bad_args(void)
{
	static const uint32_t bad_sizes[] = { 0, 100, 511, 513, 575, DBT_XSTATE_MAX + 4 };
	struct sigframe_in in;

	for (size_t i = 0; i < sizeof(bad_sizes) / sizeof(bad_sizes[0]); i++) {
		in_base(&in, 576);
		in.fpu.size = bad_sizes[i];
		CHECK_EQ(sigframe_build(&in, &out), SIGFRAME_E_ARG);
	}
	in_base(&in, 576);
	in.fpu.features = DBT_XFEATURE_X87;
	CHECK_EQ(sigframe_build(&in, &out), SIGFRAME_E_ARG);
	in_base(&in, 576);
	in.sig = 0;
	CHECK_EQ(sigframe_build(&in, &out), SIGFRAME_E_ARG);
	in.sig = 65;
	CHECK_EQ(sigframe_build(&in, &out), SIGFRAME_E_ARG);
	in.sig = LX_SIGUSR1;
	in.info = NULL;                         /* SA_SIGINFO needs one */
	CHECK_EQ(sigframe_build(&in, &out), SIGFRAME_E_ARG);
	in.info = &info;
	in.fpu_image = NULL;
	CHECK_EQ(sigframe_build(&in, &out), SIGFRAME_E_ARG);
}

/* ---- system-call restart ------------------------------------------------------------- */

#define NR_READ 0

static void test_restart_matrix(void)
{
	static const struct {
		int64_t result;
		bool handler;
		uint64_t flags;
		enum sigframe_syscall how;
		uint64_t rax;           /* what rax becomes */
		bool back;              /* rip - 2 */
	} cases[] = {
		{ -LX_ERESTARTSYS, true, 0, SIGFRAME_SYSCALL_EINTR, -LX_EINTR, false },
		{ -LX_ERESTARTSYS, true, LX_SA_RESTART, SIGFRAME_SYSCALL_AGAIN, NR_READ, true },
		{ -LX_ERESTARTSYS, false, 0, SIGFRAME_SYSCALL_AGAIN, NR_READ, true },
		{ -LX_ERESTARTSYS, false, LX_SA_RESTART, SIGFRAME_SYSCALL_AGAIN, NR_READ, true },
		{ -LX_ERESTARTNOINTR, true, 0, SIGFRAME_SYSCALL_AGAIN, NR_READ, true },
		{ -LX_ERESTARTNOINTR, true, LX_SA_RESTART, SIGFRAME_SYSCALL_AGAIN, NR_READ, true },
		{ -LX_ERESTARTNOINTR, false, 0, SIGFRAME_SYSCALL_AGAIN, NR_READ, true },
		{ -LX_ERESTARTNOINTR, false, LX_SA_RESTART, SIGFRAME_SYSCALL_AGAIN, NR_READ, true },
		{ -LX_ERESTARTNOHAND, true, 0, SIGFRAME_SYSCALL_EINTR, -LX_EINTR, false },
		{ -LX_ERESTARTNOHAND, true, LX_SA_RESTART, SIGFRAME_SYSCALL_EINTR, -LX_EINTR, false },
		{ -LX_ERESTARTNOHAND, false, 0, SIGFRAME_SYSCALL_AGAIN, NR_READ, true },
		{ -LX_ERESTARTNOHAND, false, LX_SA_RESTART, SIGFRAME_SYSCALL_AGAIN, NR_READ, true },
		{ -LX_ERESTART_RESTARTBLOCK, true, 0, SIGFRAME_SYSCALL_EINTR, -LX_EINTR, false },
		{ -LX_ERESTART_RESTARTBLOCK, true, LX_SA_RESTART, SIGFRAME_SYSCALL_EINTR,
		  -LX_EINTR, false },
		{ -LX_ERESTART_RESTARTBLOCK, false, 0, SIGFRAME_SYSCALL_RESTART_BLOCK,
		  LX_NR_RESTART_SYSCALL, true },
		{ -LX_ERESTART_RESTARTBLOCK, false, LX_SA_RESTART, SIGFRAME_SYSCALL_RESTART_BLOCK,
		  LX_NR_RESTART_SYSCALL, true },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct dbt_regs r;
		regs_fill(&r, 3);
		r.rax = NR_READ;
		CHECK_EQ(sigframe_syscall_restart(&r, NR_READ, cases[i].result, cases[i].handler,
						  cases[i].flags), cases[i].how);
		CHECK_EQ(r.rax, cases[i].rax);
		CHECK_EQ(r.rip, INTERRUPTED_RIP - (cases[i].back ? 2 : 0));
	}
}

/* anything else is the call's answer, handler or not */
static void test_restart_other_results(void)
{
	static const int64_t results[] = { 0, 5, -LX_EINTR, -LX_EFAULT, -511, -515, -517 };
	for (size_t i = 0; i < sizeof(results) / sizeof(results[0]); i++) {
		struct dbt_regs r;
		regs_fill(&r, 3);
		CHECK_EQ(sigframe_syscall_restart(&r, 7, results[i], true, LX_SA_RESTART),
			 SIGFRAME_SYSCALL_DONE);
		CHECK_EQ(r.rax, (uint64_t)results[i]);
		CHECK_EQ(r.rip, INTERRUPTED_RIP);
	}
}

/* ---- main --------------------------------------------------------------------------------- */

static const struct unixsig_test unit_tests[] = {
	UNIXSIG_TEST(abi_glibc_ucontext), UNIXSIG_TEST(abi_glibc_siginfo),
	UNIXSIG_TEST(sigset_valid), UNIXSIG_TEST(sigset_ops),
	UNIXSIG_TEST(sigset_default_actions), UNIXSIG_TEST(sigset_on_delivery),
	UNIXSIG_TEST(build_normal_stack), UNIXSIG_TEST(build_contents),
	UNIXSIG_TEST(build_handler_regs), UNIXSIG_TEST(build_fpstate_xsave),
	UNIXSIG_TEST(build_fpstate_fxsave), UNIXSIG_TEST(build_no_siginfo),
	UNIXSIG_TEST(build_altstack_enter), UNIXSIG_TEST(build_altstack_redzone),
	UNIXSIG_TEST(build_altstack_nested), UNIXSIG_TEST(build_altstack_overflow),
	UNIXSIG_TEST(build_autodisarm), UNIXSIG_TEST(build_errors),
	UNIXSIG_TEST(build_bad_args), UNIXSIG_TEST(restart_matrix),
	UNIXSIG_TEST(restart_other_results),
};

/* "abi_glibc_ucontext" prints as "abi/glibc_ucontext" */
static void print_result(const char *name)
{
	const char *u = strchr(name, '_');
	int group = (int)(u - name);

	if (hs->failed)
		printf("TEST unixsig/%.*s/%s FAIL %s\n", group, name, u + 1, hs->why);
	else
		printf("TEST unixsig/%.*s/%s PASS\n", group, name, u + 1);
	fflush(stdout);
}

static void run_kabi(void)
{
	const char *name;
	int r;

	for (size_t i = 0; (r = kabi_group(i, &name, hs->why, sizeof(hs->why))) >= 0; i++) {
		if (r)
			printf("TEST unixsig/abi/%s PASS\n", name);
		else
			printf("TEST unixsig/abi/%s FAIL %s\n", name, hs->why);
	}
}

static void run(const struct unixsig_test *t, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		memset(hs, 0, sizeof(*hs));
		t[i].fn();
		print_result(t[i].name);
	}
}

int main(void)
{
	hs = mmap(NULL, sizeof(*hs), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (hs == MAP_FAILED)
		return 1;
	run_kabi();
	run(unit_tests, sizeof(unit_tests) / sizeof(unit_tests[0]));
	run(unixsig_restore_tests, unixsig_restore_count);
	run(unixsig_host_tests, unixsig_host_count);
	printf("DONE unit\n");
	return 0;
}
