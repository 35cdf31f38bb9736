/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/host/unixsig/host.c - the frame code against the host's own Linux
 * (Debian's 6.1 or later), each experiment in a child process:
 *   host/frame_*      a real SA_SIGINFO handler on the normal stack, on an
 *                     alternate stack and nested there: the frame the host
 *                     kernel wrote, byte for byte, next to ours built from
 *                     the same registers, FPU state, siginfo and action;
 *   host/altstack_overflow, host/no_restorer
 *                     where our builder refuses, the host kills with SIGSEGV;
 *   host/sigreturn_*  frames we build handed to the host's rt_sigreturn,
 *                     landing in unixsig_land, which records every register,
 *                     XMM0/15, YMM0's upper half and MXCSR: what landed is
 *                     what the frame and sigframe_restore say; spoilt frames
 *                     end as sigframe_restore_fpu predicts (legacy-only, or
 *                     SIGSEGV).
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include "unixsig_test.h"

#define HOST_ALT_SIZE   (64 * 1024)
static _Alignas(64) uint8_t host_alt[HOST_ALT_SIZE];

/* What a handler saw: the frame the host kernel wrote, copied whole. */
struct capture {
	bool done;
	uint64_t frame, info, uc, fpstate;
	uint32_t fp_size;               /* the state's size (xstate_size, or 512) */
	uint64_t features;
	uint32_t len;                   /* frame .. the end of the state and MAGIC2 */
	_Alignas(64) uint8_t bytes[16384];
};

/* Shared with the child that ran the handler (sh_reset maps it). */
static struct host_shared {
	struct capture cap[2];          /* SIGUSR1, then SIGUSR2 inside its handler */
	struct lx_sigaction act[2];     /* their actions as the kernel holds them */
	bool nest;                      /* the SIGUSR1 handler raises SIGUSR2 */
} *sh;

/* A fresh shared area; false if it cannot be mapped. */
static bool sh_reset(void)
{
	if (!sh) {
		void *p = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE,
			       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			return false;
		sh = p;
	}
	memset(sh, 0, sizeof(*sh));
	return true;
}

/* The handler reads the kernel's frame outside any object ASan knows. */
__attribute__((no_sanitize_address, noinline))
static void copy_raw(void *dst, uint64_t src, size_t n)
{
	volatile uint8_t *d = dst;
	const volatile uint8_t *s = (const volatile uint8_t *)(uintptr_t)src;

	for (size_t i = 0; i < n; i++)
		d[i] = s[i];
}

static void on_capture(int sig, siginfo_t *si, void *ucv)
{
	struct capture *c = &sh->cap[sig == SIGUSR2];
	struct lx_fpx_sw_bytes sw;

	c->uc = (uint64_t)(uintptr_t)ucv;
	c->info = (uint64_t)(uintptr_t)si;
	c->frame = c->uc - 8;
	copy_raw(&c->fpstate, c->uc + offsetof(struct lx_ucontext, uc_mcontext.fpstate), 8);
	copy_raw(&sw, c->fpstate + LX_FPSTATE_SW_OFFSET, sizeof(sw));
	c->fp_size = sw.magic1 == LX_FP_XSTATE_MAGIC1 ? sw.xstate_size : 512;
	c->features = sw.magic1 == LX_FP_XSTATE_MAGIC1 ? sw.xfeatures : XF_LEGACY;
	c->len = (uint32_t)(c->fpstate + fp_frame_size(c->fp_size) - c->frame);
	if (c->len <= sizeof(c->bytes))
		copy_raw(c->bytes, c->frame, c->len);
	c->done = true;
	if (sig == SIGUSR1 && sh->nest)
		raise(SIGUSR2);
}

/* The kernel's view of an action, by the raw system call: also a check of
 * struct lx_sigaction against the real rt_sigaction. */
static struct lx_sigaction kernel_action(int sig)
{
	struct lx_sigaction k;

	memset(&k, 0xee, sizeof(k));
	syscall(SYS_rt_sigaction, sig, NULL, &k, (size_t)LX_SIGSET_SIZE);
	return k;
}

static void capture_install(int sig, bool onstack)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_capture;
	sa.sa_flags = SA_SIGINFO | (onstack ? SA_ONSTACK : 0);
	sigemptyset(&sa.sa_mask);
	sigaction(sig, &sa, NULL);
}

/* Run fn(arg) in a child process with SIGSEGV at its default; the signal
 * that ended the child, or 0 if it exited. */
static int in_child(void (*fn)(const void *), const void *arg)
{
	struct lx_sigaction dfl = { LX_SIG_DFL, 0, 0, 0 };
	int status = 0;
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		syscall(SYS_rt_sigaction, SIGSEGV, &dfl, NULL, (size_t)LX_SIGSET_SIZE);
		fn(arg);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

/* the child of the frame tests: set the altstack, install, raise */
static void capture_child(const void *arg)
{
	const int *mode = arg;          /* 0 normal stack, 1 alternate, 2 nested */
	stack_t ss = { .ss_sp = host_alt, .ss_flags = 0, .ss_size = HOST_ALT_SIZE };

	sigaltstack(&ss, NULL);
	capture_install(SIGUSR1, *mode > 0);
	capture_install(SIGUSR2, *mode > 0);
	sh->act[0] = kernel_action(SIGUSR1);
	sh->act[1] = kernel_action(SIGUSR2);
	sh->nest = *mode == 2;
	raise(SIGUSR1);
}

/* What the frame builder gets from a captured frame: the registers, the
 * FPU state, siginfo and mask the host kernel saved, the action it holds. */
static void capture_to_in(const struct capture *c, int sig, struct sigframe_in *in,
			  struct lx_sigaction *a)
{
	struct lx_ucontext uc;
	const struct lx_sigcontext *sc = &uc.uc_mcontext;

	memcpy(&uc, c->bytes + UC_OFF, sizeof(uc));
	memset(in, 0, sizeof(*in));
	*a = sh->act[sig == SIGUSR2];
	in->sig = sig;
	in->act = a;
	in->regs = (struct dbt_regs){
		.rip = sc->rip, .rsp = sc->rsp, .rflags = sc->eflags, .rax = sc->rax,
		.rbx = sc->rbx, .rcx = sc->rcx, .rdx = sc->rdx, .rsi = sc->rsi, .rdi = sc->rdi,
		.rbp = sc->rbp, .r8 = sc->r8, .r9 = sc->r9, .r10 = sc->r10, .r11 = sc->r11,
		.r12 = sc->r12, .r13 = sc->r13, .r14 = sc->r14, .r15 = sc->r15,
	};
	in->trapno = sc->trapno;
	in->err = sc->err;
	in->cr2 = sc->cr2;
	in->fpu_image = c->bytes + (c->fpstate - c->frame);
	in->fpu = (struct sigframe_fpu){ c->fp_size, get32(in->fpu_image + 28), c->features };
	in->info = (const struct lx_siginfo *)(const void *)(c->bytes + SIGINFO_OFF);
	in->saved_mask = uc.uc_sigmask;
	in->altstack = (struct sig_altstack){ (uint64_t)(uintptr_t)host_alt, HOST_ALT_SIZE, 0 };
}

/* Bytes Linux does not write (the alignment gap, the padding after
 * uc_stack.ss_flags, sigcontext.reserved1) hold what the stack held. */
static bool byte_ignored(size_t off, uint64_t gap_end)
{
	size_t r1 = MC_OFF(reserved1);
	size_t pad = UC_OFF + offsetof(struct lx_ucontext, uc_stack.pad0);

	return (off >= r1 && off < r1 + 64) || (off >= pad && off < pad + 4) ||
	       (off >= SIGINFO_OFF + 128 && off < gap_end);
}

static void compare_capture(const struct capture *c, int sig)
{
	struct sigframe_in in;
	struct lx_sigaction a;

	CHECK(c->done);
	CHECK(c->len <= sizeof(c->bytes) && c->fp_size <= DBT_XSTATE_MAX);
	capture_to_in(c, sig, &in, &a);
	CHECK_EQ(a.handler, (uint64_t)(uintptr_t)on_capture);
	CHECK(a.flags & LX_SA_RESTORER);        /* glibc's __restore_rt */
	CHECK_EQ(sigframe_build(&in, &out), SIGFRAME_OK);
	CHECK_EQ(out.frame, c->frame);
	CHECK_EQ(out.fpstate, c->fpstate);
	CHECK_EQ(out.len, c->len);
	CHECK_EQ(out.regs.rsi, c->info);
	CHECK_EQ(out.regs.rdx, c->uc);
	CHECK_EQ(out.regs.rdi, sig);
	CHECK_EQ(out.regs.rip, (uint64_t)(uintptr_t)on_capture);
	for (size_t i = 0; i < out.len; i++) {
		if (byte_ignored(i, c->fpstate - c->frame) || out.bytes[i] == c->bytes[i])
			continue;
		fail_at(__FILE__, __LINE__, "frame byte %zu: ours %#x, the host's %#x", i,
			out.bytes[i], c->bytes[i]);
		return;
	}
}

static void host_frames(int mode)
{
	CHECK(sh_reset());
	CHECK_EQ(in_child(capture_child, &mode), 0);
	compare_capture(&sh->cap[0], SIGUSR1);
	if (mode == 2)
		compare_capture(&sh->cap[1], SIGUSR2);
}

static void test_host_frame_normal(void) { host_frames(0); }
static void test_host_frame_altstack(void) { host_frames(1); }
static void test_host_frame_nested(void) { host_frames(2); }

/* Our overflow is the host's: a frame that leaves a MINSIGSTKSZ alternate
 * stack kills the process with SIGSEGV. */
static void overflow_child(const void *arg)
{
	stack_t ss = { .ss_sp = host_alt, .ss_flags = 0, .ss_size = LX_MINSIGSTKSZ };

	(void)arg;
	sigaltstack(&ss, NULL);
	capture_install(SIGUSR1, true);
	raise(SIGUSR1);
}

static void test_host_altstack_overflow(void)
{
	struct sigframe_in in;
	struct lx_sigaction a;

	host_frames(0);                                 /* the host's FPU state size */
	CHECK(!hs->failed);
	capture_to_in(&sh->cap[0], SIGUSR1, &in, &a);
	a.flags |= LX_SA_ONSTACK;
	in.altstack.size = LX_MINSIGSTKSZ;
	if (sigframe_build(&in, &out) == SIGFRAME_OK) { /* a small state: no overflow here */
		CHECK(in.fpu.size <= 832);
		return;
	}
	CHECK_EQ(sigframe_build(&in, &out), SIGFRAME_E_OVERFLOW);
	CHECK(sh_reset());
	CHECK_EQ(in_child(overflow_child, NULL), SIGSEGV);
	CHECK(!sh->cap[0].done);
}

/* x86-64 Linux refuses a handler without SA_RESTORER: SIGSEGV */
static void no_restorer_child(const void *arg)
{
	struct lx_sigaction k = { (uint64_t)(uintptr_t)on_capture, LX_SA_SIGINFO, 0, 0 };

	(void)arg;
	syscall(SYS_rt_sigaction, SIGUSR1, &k, NULL, (size_t)LX_SIGSET_SIZE);
	raise(SIGUSR1);
}

static void test_host_no_restorer(void)
{
	struct sigframe_in in;

	CHECK(sh_reset());
	CHECK_EQ(in_child(no_restorer_child, NULL), SIGSEGV);
	CHECK(!sh->cap[0].done);
	in_base(&in, 832);
	act.flags = LX_SA_SIGINFO;
	CHECK_EQ(sigframe_build(&in, &out), SIGFRAME_E_NO_RESTORER);
}

/* ---- the host's rt_sigreturn on frames we build ----------------------------------------- */

/* What unixsig_land (below) finds after the host kernel's rt_sigreturn. */
struct landing {
	struct dbt_regs regs;           /* 0: rip is not recorded */
	uint8_t xmm0[16];               /* 160 */
	uint8_t xmm15[16];              /* 176 */
	uint8_t ymm0_hi[16];            /* 192 */
	uint32_t mxcsr;                 /* 208 */
	uint32_t have_avx;              /* 212: in: record ymm0's upper half */
	uint64_t saved_rsp;             /* 216: the C stack to go back to */
};
_Static_assert(offsetof(struct landing, regs.rsp) == 8 &&
	       offsetof(struct landing, regs.rflags) == 16 &&
	       offsetof(struct landing, regs.rax) == 24 && offsetof(struct landing, regs.r15) == 136 &&
	       offsetof(struct landing, xmm0) == 160 && offsetof(struct landing, mxcsr) == 208 &&
	       offsetof(struct landing, saved_rsp) == 216, "unixsig_land's offsets");
struct landing unixsig_landing;
void unixsig_sigreturn_to(uint64_t frame);
void unixsig_land(void);

/* unixsig_sigreturn_to(frame): keep the callee-saved registers, put rsp at
 * frame + 8 (where the handler's ret leaves it) and call rt_sigreturn.
 * The frame's rip is unixsig_land: record everything, restore a sane
 * MXCSR and DF, and return from unixsig_sigreturn_to. */
__asm__(
	".text\n"
	".globl unixsig_sigreturn_to\n"
	".type unixsig_sigreturn_to, @function\n"
	"unixsig_sigreturn_to:\n"
	"	push %rbx\n	push %rbp\n	push %r12\n	push %r13\n	push %r14\n	push %r15\n"
	"	mov %rsp, unixsig_landing+216(%rip)\n"
	"	lea 8(%rdi), %rsp\n"
	"	mov $15, %eax\n"
	"	syscall\n"
	"	ud2\n"
	".globl unixsig_land\n"
	".type unixsig_land, @function\n"
	"unixsig_land:\n"
	"	mov %rsp, unixsig_landing+8(%rip)\n"
	"	mov %rax, unixsig_landing+24(%rip)\n	mov %rbx, unixsig_landing+32(%rip)\n"
	"	mov %rcx, unixsig_landing+40(%rip)\n	mov %rdx, unixsig_landing+48(%rip)\n"
	"	mov %rsi, unixsig_landing+56(%rip)\n	mov %rdi, unixsig_landing+64(%rip)\n"
	"	mov %rbp, unixsig_landing+72(%rip)\n	mov %r8, unixsig_landing+80(%rip)\n"
	"	mov %r9, unixsig_landing+88(%rip)\n	mov %r10, unixsig_landing+96(%rip)\n"
	"	mov %r11, unixsig_landing+104(%rip)\n	mov %r12, unixsig_landing+112(%rip)\n"
	"	mov %r13, unixsig_landing+120(%rip)\n	mov %r14, unixsig_landing+128(%rip)\n"
	"	mov %r15, unixsig_landing+136(%rip)\n"
	"	pushfq\n	popq unixsig_landing+16(%rip)\n"
	"	cld\n"
	"	movdqu %xmm0, unixsig_landing+160(%rip)\n"
	"	movdqu %xmm15, unixsig_landing+176(%rip)\n"
	"	stmxcsr unixsig_landing+208(%rip)\n"
	"	cmpl $0, unixsig_landing+212(%rip)\n"
	"	je 1f\n"
	"	vextractf128 $1, %ymm0, unixsig_landing+192(%rip)\n"
	"	vzeroupper\n"
	"1:	mov unixsig_landing+216(%rip), %rsp\n"
	"	movl $0x1f80, -8(%rsp)\n"
	"	ldmxcsr -8(%rsp)\n"
	"	pop %r15\n	pop %r14\n	pop %r13\n	pop %r12\n	pop %rbp\n	pop %rbx\n"
	"	ret\n");

/* one rt_sigreturn experiment */
struct land_case {
	uint32_t size;                  /* the frame's state: 512, 576, 832, 0 = the host's */
	int spoil;                      /* LAND_* */
};
enum { LAND_OK, LAND_BAD_MAGIC2, LAND_BAD_MXCSR, LAND_MISALIGNED };

static _Alignas(64) uint8_t land_stack[64 * 1024];
static _Alignas(64) uint8_t host_sample[16384];         /* the host's FPU state */
static struct capture host_cap;                          /* what it came from */

/* The FPU state for a frame: the host's own (valid on this processor),
 * cut to the size, with patterns in XMM0, XMM15, YMM0's upper half, and a
 * rounding mode in MXCSR. */
static struct sigframe_fpu land_fpu(const struct land_case *lc, uint8_t *img)
{
	uint32_t size = lc->size ? lc->size : host_cap.fp_size;
	uint64_t features = lc->size == 0 ? host_cap.features :
			    lc->size == 832 ? XF_AVX : XF_LEGACY;
	uint64_t bv;

	memcpy(img, host_sample, size);
	memset(img + 416, 0, 96);
	for (int i = 0; i < 16; i++) {
		img[XMM_OFF(0) + i] = (uint8_t)(0xa0 + i);
		img[XMM_OFF(15) + i] = (uint8_t)(0x50 + i);
	}
	put32(img + 24, DBT_MXCSR_INIT | 0x2000);
	if (size > 512) {
		memcpy(&bv, img + DBT_XSTATE_HEADER_OFFSET, 8);
		bv = (bv | features) & features;
		memcpy(img + DBT_XSTATE_HEADER_OFFSET, &bv, 8);
	}
	if (size >= DBT_XSTATE_AVX_OFFSET + 16)
		for (int i = 0; i < 16; i++)
			img[DBT_XSTATE_AVX_OFFSET + i] = (uint8_t)(0xc0 + i);
	return (struct sigframe_fpu){ size, get32(host_sample + 28), features };
}

/* The frame for unixsig_land, built by us, written where rt_sigreturn
 * will find it; returns its address. */
static uint64_t land_frame(const struct land_case *lc, struct sigframe_in *in, uint8_t *img)
{
	static struct lx_sigaction a = { HANDLER, LX_SA_SIGINFO | LX_SA_RESTORER, RESTORER, 0 };
	sigset_t now;

	memset(in, 0, sizeof(*in));
	in->sig = LX_SIGUSR1;
	in->act = &a;
	regs_fill(&in->regs, 0x5a);
	in->regs.rip = (uint64_t)(uintptr_t)unixsig_land;
	in->regs.rsp = (uint64_t)(uintptr_t)(land_stack + sizeof(land_stack) - 8192);
	in->regs.rflags = 0x202 | LX_EFLAGS_CF | LX_EFLAGS_PF | LX_EFLAGS_ZF | LX_EFLAGS_SF |
			  LX_EFLAGS_OF | LX_EFLAGS_DF | LX_EFLAGS_IOPL | LX_EFLAGS_NT;
	in->fpu = land_fpu(lc, img);
	in->fpu_image = img;
	in->info = &info;
	sigprocmask(SIG_SETMASK, NULL, &now);
	in->saved_mask = *(const uint64_t *)(const void *)&now | SIG_BIT(LX_SIGUSR2) |
			 SIG_BIT(LX_SIGKILL);
	in->altstack = (struct sig_altstack){ (uint64_t)(uintptr_t)host_alt, HOST_ALT_SIZE, 0 };
	if (sigframe_build(in, &out) != SIGFRAME_OK)
		return 0;
	memcpy((void *)(uintptr_t)out.frame, out.bytes, out.len);
	return out.frame;
}

static void land_spoil(int spoil, uint64_t frame, const struct sigframe_fpu *fpu)
{
	uint8_t *f = (uint8_t *)(uintptr_t)frame;
	uint8_t *fp = f + (out.fpstate - out.frame);
	uint64_t misaligned = out.fpstate + 8;

	if (spoil == LAND_BAD_MAGIC2)
		put32(fp + fpu->size, LX_FP_XSTATE_MAGIC2 ^ 1);
	if (spoil == LAND_BAD_MXCSR)
		put32(fp + 24, 0x10000 | DBT_MXCSR_INIT);
	if (spoil == LAND_MISALIGNED)
		memcpy(f + MC_OFF(fpstate), &misaligned, 8);
}

/* What sigframe_restore and _restore_fpu make of the frame in memory. */
static struct {
	int err;
	uint32_t size;
	_Alignas(64) uint8_t img[DBT_XSTATE_MAX];
} predicted;

static void land_predict(uint64_t frame, const struct sigframe_fpu *fpu)
{
	struct sig_altstack alt = SIG_ALTSTACK_NONE;
	struct dbt_regs cur = sigreturn_regs(&out);

	predicted.err = sigframe_restore((const void *)(uintptr_t)frame, SIGFRAME_RESTORE_LEN,
					 &cur, &alt, fpu, &rout);
	if (predicted.err)
		return;
	predicted.err = sigframe_restore_fpu((const void *)(uintptr_t)rout.fpstate,
					     rout.fpstate_len, rout.fpstate, fpu,
					     predicted.img, &predicted.size);
}

static void land_compare_regs(const struct sigframe_in *in)
{
	const struct dbt_regs *got = &unixsig_landing.regs;
	uint64_t flags = FIX_EFLAGS_TEST | LX_EFLAGS_IOPL | LX_EFLAGS_NT;

	CHECK_EQ(got->rsp, in->regs.rsp);
	CHECK_EQ(got->rax, in->regs.rax);
	CHECK_EQ(got->rbx, in->regs.rbx);
	CHECK_EQ(got->rcx, in->regs.rcx);
	CHECK_EQ(got->rdx, in->regs.rdx);
	CHECK_EQ(got->rsi, in->regs.rsi);
	CHECK_EQ(got->rdi, in->regs.rdi);
	CHECK_EQ(got->rbp, in->regs.rbp);
	CHECK_EQ(got->r8, in->regs.r8);
	CHECK_EQ(got->r11, in->regs.r11);
	CHECK_EQ(got->r15, in->regs.r15);
	CHECK_EQ(got->rflags & flags, in->regs.rflags & FIX_EFLAGS_TEST);  /* IOPL, NT dropped */
	CHECK_EQ(rout.regs.rflags & flags, got->rflags & flags);
	CHECK(memcmp(&rout.regs.rax, &got->rax, 15 * 8) == 0);           /* rax..r15 */
	CHECK_EQ(rout.regs.rsp, got->rsp);
	CHECK_EQ(rout.regs.rip, (uint64_t)(uintptr_t)unixsig_land);
}

static void land_compare_fpu(const struct land_case *lc)
{
	static const uint8_t zero[16];
	const uint8_t *avx = predicted.img + DBT_XSTATE_AVX_OFFSET;
	bool full = predicted.size >= DBT_XSTATE_AVX_OFFSET + 16 &&
		    (predicted.img[DBT_XSTATE_HEADER_OFFSET] & DBT_XFEATURE_AVX);

	CHECK(memcmp(unixsig_landing.xmm0, predicted.img + XMM_OFF(0), 16) == 0);
	CHECK(memcmp(unixsig_landing.xmm15, predicted.img + XMM_OFF(15), 16) == 0);
	CHECK_EQ(unixsig_landing.xmm0[0], 0xa0);
	CHECK_EQ(unixsig_landing.mxcsr, get32(predicted.img + 24));
	CHECK_EQ(unixsig_landing.mxcsr, DBT_MXCSR_INIT | 0x2000);
	/* YMM0's upper half: an 832-byte frame on a host with a larger state is
	 * taken whole by 6.1 and as legacy-only by kernels that look for MAGIC2
	 * at their own size: not compared */
	if (!unixsig_landing.have_avx || (lc->size == 832 && host_cap.fp_size != 832))
		return;
	CHECK(memcmp(unixsig_landing.ymm0_hi, full ? avx : zero, 16) == 0);
	CHECK_EQ(full, lc->size == 0 && lc->spoil == LAND_OK);
}

static void land_compare(const struct land_case *lc, const struct sigframe_in *in,
			 const sigset_t *mask, const stack_t *now)
{
	CHECK_EQ(predicted.err, SIGFRAME_OK);
	land_compare_regs(in);
	if (hs->failed)
		return;
	land_compare_fpu(lc);
	if (hs->failed)
		return;
	CHECK_EQ(*(const uint64_t *)(const void *)mask, in->saved_mask & ~SIG_BIT(LX_SIGKILL));
	CHECK_EQ(rout.blocked, *(const uint64_t *)(const void *)mask);
	CHECK_EQ((uint64_t)(uintptr_t)now->ss_sp, (uint64_t)(uintptr_t)host_alt);
	CHECK_EQ(now->ss_size, HOST_ALT_SIZE);
	CHECK_EQ(rout.altstack.sp, (uint64_t)(uintptr_t)host_alt);
	CHECK_EQ(rout.altstack.size, HOST_ALT_SIZE);
}

/* In the child: our frame, perhaps spoilt; our prediction; the altstack
 * off (the frame's uc_stack sets it again); the host's rt_sigreturn. */
static void land_child(const void *arg)
{
	const struct land_case *lc = arg;
	static _Alignas(64) uint8_t img[16384];
	stack_t off = { .ss_flags = SS_DISABLE }, now;
	struct sigframe_in in;
	uint64_t frame = land_frame(lc, &in, img);
	sigset_t mask;

	CHECK(frame != 0);
	land_spoil(lc->spoil, frame, &in.fpu);
	land_predict(frame, &in.fpu);
	if (lc->spoil == LAND_BAD_MXCSR || lc->spoil == LAND_MISALIGNED)
		CHECK_EQ(predicted.err, SIGFRAME_E_BAD_FPU);
	sigaltstack(&off, NULL);
	unixsig_landing.have_avx = (host_cap.features & DBT_XFEATURE_AVX) != 0;
	unixsig_sigreturn_to(frame);
	sigprocmask(SIG_SETMASK, NULL, &mask);
	sigaltstack(NULL, &now);
	land_compare(lc, &in, &mask, &now);
}

/* The host's FPU state, from a frame it built (once). */
static bool host_sample_take(void)
{
	if (host_cap.done)
		return true;
	if (!sh_reset() || in_child(capture_child, &(int){ 0 }) != 0 || !sh->cap[0].done ||
	    sh->cap[0].fp_size > sizeof(host_sample) || sh->cap[0].fp_size > DBT_XSTATE_MAX)
		return false;
	host_cap = sh->cap[0];
	memcpy(host_sample, host_cap.bytes + (host_cap.fpstate - host_cap.frame), host_cap.fp_size);
	return true;
}

static void host_land(uint32_t size, int spoil)
{
	struct land_case lc = { size, spoil };
	int want = spoil == LAND_BAD_MXCSR || spoil == LAND_MISALIGNED ? SIGSEGV : 0;

	CHECK(host_sample_take());
	CHECK_EQ(in_child(land_child, &lc), want);
}

static void test_host_sigreturn_full(void) { host_land(0, LAND_OK); }
static void test_host_sigreturn_832(void) { host_land(832, LAND_OK); }
static void test_host_sigreturn_576(void) { host_land(576, LAND_OK); }
static void test_host_sigreturn_512(void) { host_land(512, LAND_OK); }
static void test_host_sigreturn_bad_magic2(void) { host_land(0, LAND_BAD_MAGIC2); }
static void test_host_sigreturn_bad_mxcsr(void) { host_land(0, LAND_BAD_MXCSR); }
static void test_host_sigreturn_misaligned(void) { host_land(0, LAND_MISALIGNED); }

const struct unixsig_test unixsig_host_tests[] = {
	UNIXSIG_TEST(host_frame_normal), UNIXSIG_TEST(host_frame_altstack),
	UNIXSIG_TEST(host_frame_nested), UNIXSIG_TEST(host_altstack_overflow),
	UNIXSIG_TEST(host_no_restorer), UNIXSIG_TEST(host_sigreturn_full),
	UNIXSIG_TEST(host_sigreturn_832), UNIXSIG_TEST(host_sigreturn_576),
	UNIXSIG_TEST(host_sigreturn_512), UNIXSIG_TEST(host_sigreturn_bad_magic2),
	UNIXSIG_TEST(host_sigreturn_bad_mxcsr), UNIXSIG_TEST(host_sigreturn_misaligned),
};
const size_t unixsig_host_count =
	sizeof(unixsig_host_tests) / sizeof(unixsig_host_tests[0]);
