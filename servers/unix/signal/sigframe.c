/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sigframe.c (unixd) - the x86-64 rt signal frame, as Linux 6.1 builds and
 * restores it; sigframe.h has the protocol the caller follows.
 *
 * Entry points: sigframe_build (get_sigframe + x64_setup_rt_frame +
 * copy_fpstate_to_sigframe), sigframe_restore and sigframe_restore_fpu
 * (rt_sigreturn: restore_sigcontext, restore_altstack, fpu__restore_sig),
 * sigframe_syscall_restart (handle_signal's and arch_do_signal_or_restart's
 * restart switch), sigframe_fpu_init, and sigaltstack_on/_get/_set
 * (do_sigaltstack).
 *
 * The frame, from the handler's rsp upwards:
 *   frame      return address (sa_restorer)        rsp + 8 is 16-byte aligned
 *   frame + 8  struct lx_ucontext (304 bytes)
 *   frame+312  struct lx_siginfo (128 bytes)
 *   ...        alignment
 *   fpstate    the FPU state, 64-byte aligned, then MAGIC2 with XSAVE
 *   fpstate + state + 4 <= rsp - 128 (the red zone), or the alt stack's top
 * Bytes Linux leaves as they were on the stack (the alignment gaps,
 * sigcontext.reserved1, siginfo without SA_SIGINFO) are zero in the image.
 *
 * A bad frame from the program is an error code, never a crash: every
 * user value is read out of the byte image with memcpy, every size checked
 * before it is used.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <darbat/abi.h>
#include "dstring.h"
#include "lx_signal.h"
#include "sigframe.h"
#include "sigset.h"

/* restore_sigcontext takes these from the frame; the others stay (FIX_EFLAGS). */
#define FIX_EFLAGS (LX_EFLAGS_AC | LX_EFLAGS_OF | LX_EFLAGS_DF | LX_EFLAGS_TF | \
		    LX_EFLAGS_SF | LX_EFLAGS_ZF | LX_EFLAGS_AF | LX_EFLAGS_PF |  \
		    LX_EFLAGS_CF | LX_EFLAGS_RF)
/* A handler starts with these clear (handle_signal). */
#define HANDLER_CLEAR_EFLAGS (LX_EFLAGS_DF | LX_EFLAGS_RF | LX_EFLAGS_TF)

#define XFEATURES_FPSSE (DBT_XFEATURE_X87 | DBT_XFEATURE_SSE)
#define MXCSR_MASK_DEFAULT 0xffbfu      /* when FXSAVE reports a mask of 0 */
#define FCW_OFFSET      offsetof(struct lx_fpstate, cwd)
#define MXCSR_OFFSET    offsetof(struct lx_fpstate, mxcsr)
#define SW_AVAILABLE    offsetof(struct lx_fpstate, reserved2)  /* 416..511: not the processor's */

static uint64_t round_down(uint64_t v, uint64_t align)
{
	return v & ~(align - 1);
}

/* ---- sigaltstack ------------------------------------------------------------------ */

/* __on_sig_stack: sp within (sp, sp + size], whatever the flags. */
static bool altstack_contains(const struct sig_altstack *alt, uint64_t sp)
{
	return sp > alt->sp && sp - alt->sp <= alt->size;
}

bool sigaltstack_on(const struct sig_altstack *alt, uint64_t sp)
{
	if (alt->flags & LX_SS_AUTODISARM)
		return false;
	return altstack_contains(alt, sp);
}

/* sas_ss_flags */
static uint32_t altstack_state(const struct sig_altstack *alt, uint64_t sp)
{
	if (!alt->size)
		return LX_SS_DISABLE;
	return sigaltstack_on(alt, sp) ? LX_SS_ONSTACK : 0;
}

void sigaltstack_get(const struct sig_altstack *alt, uint64_t sp, struct lx_stack_t *oss)
{
	memset(oss, 0, sizeof(*oss));
	oss->ss_sp = alt->sp;
	oss->ss_size = alt->size;
	oss->ss_flags = (int32_t)(altstack_state(alt, sp) | (alt->flags & LX_SS_FLAG_BITS));
}

int sigaltstack_set(struct sig_altstack *alt, const struct lx_stack_t *ss, uint64_t sp)
{
	uint32_t flags = (uint32_t)ss->ss_flags;
	uint32_t mode = flags & ~LX_SS_FLAG_BITS;
	struct sig_altstack next = { ss->ss_sp, ss->ss_size, flags };

	if (sigaltstack_on(alt, sp))
		return -LX_EPERM;
	if (mode != LX_SS_DISABLE && mode != LX_SS_ONSTACK && mode != 0)
		return -LX_EINVAL;
	if (alt->sp == next.sp && alt->size == next.size && alt->flags == next.flags)
		return 0;
	if (mode == LX_SS_DISABLE) {
		next.sp = 0;
		next.size = 0;
	} else if (next.size < LX_MINSIGSTKSZ) {
		return -LX_ENOMEM;
	}
	*alt = next;
	return 0;
}

/* ---- FPU state ---------------------------------------------------------------------- */

static bool fpu_uses_xsave(const struct sigframe_fpu *fpu)
{
	return fpu->size > DBT_XSTATE_LEGACY_SIZE;
}

static bool fpu_shape_ok(const struct sigframe_fpu *fpu)
{
	if ((fpu->features & XFEATURES_FPSSE) != XFEATURES_FPSSE)
		return false;
	if (fpu->size == DBT_XSTATE_LEGACY_SIZE)
		return true;
	return fpu->size >= LX_XSTATE_MIN_SIZE && fpu->size <= DBT_XSTATE_MAX;
}

/* The fpstate's bytes in a frame (xstate_sigframe_size). */
static uint32_t fpstate_frame_size(const struct sigframe_fpu *fpu)
{
	return fpu_uses_xsave(fpu) ? fpu->size + LX_FP_XSTATE_MAGIC2_SIZE : fpu->size;
}

static uint32_t fpu_mxcsr_mask(const struct sigframe_fpu *fpu)
{
	return fpu->mxcsr_mask ? fpu->mxcsr_mask : MXCSR_MASK_DEFAULT;
}

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, sizeof(v));
	return v;
}

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, sizeof(v));
}

void sigframe_fpu_init(void *image, const struct sigframe_fpu *fpu)
{
	uint16_t fcw = DBT_FCW_INIT;

	memset(image, 0, fpu->size);
	memcpy((uint8_t *)image + FCW_OFFSET, &fcw, sizeof(fcw));
	put32((uint8_t *)image + MXCSR_OFFSET, DBT_MXCSR_INIT);
}

/* copy_fpstate_to_sigframe: the image, Linux's software bytes in 464..511
 * and, with XSAVE, a clean header with x87 and SSE marked present and
 * MAGIC2 after the state (save_xstate_epilog). */
static void fpstate_fill(uint8_t *dst, const void *image, const struct sigframe_fpu *fpu)
{
	struct lx_fpx_sw_bytes sw = {
		.magic1 = LX_FP_XSTATE_MAGIC1,
		.extended_size = fpu->size + LX_FP_XSTATE_MAGIC2_SIZE,
		.xfeatures = fpu->features,
		.xstate_size = fpu->size,
	};
	struct dbt_xsave_header h;

	memcpy(dst, image, fpu->size);
	memcpy(dst + LX_FPSTATE_SW_OFFSET, &sw, sizeof(sw));
	if (!fpu_uses_xsave(fpu))
		return;
	memset(&h, 0, sizeof(h));
	memcpy(&h.xstate_bv, dst + DBT_XSTATE_HEADER_OFFSET, sizeof(h.xstate_bv));
	h.xstate_bv |= XFEATURES_FPSSE;
	memcpy(dst + DBT_XSTATE_HEADER_OFFSET, &h, sizeof(h));
	put32(dst + fpu->size, LX_FP_XSTATE_MAGIC2);
}

/* ---- building a frame ------------------------------------------------------------ */

struct frame_pos {
	uint64_t frame;         /* the handler's rsp */
	uint64_t fpstate;
	uint32_t len;           /* frame .. end of the fpstate (and MAGIC2) */
};

static bool build_args_ok(const struct sigframe_in *in)
{
	if (!sig_is_valid(in->sig) || !in->act || !in->fpu_image || !fpu_shape_ok(&in->fpu))
		return false;
	return in->info || !(in->act->flags & LX_SA_SIGINFO);
}

/* get_sigframe: the red zone, the alternate stack, the aligned fpstate, the
 * aligned frame below it, and the overflow check of a frame that is (or
 * goes) on the alternate stack.  The arithmetic wraps as Linux's does; a
 * result outside the user range is the fault its copy would meet. */
static int frame_place(const struct sigframe_in *in, struct frame_pos *pos)
{
	const struct sig_altstack *alt = &in->altstack;
	bool nested = sigaltstack_on(alt, in->regs.rsp);
	bool entering = false;
	uint64_t sp = in->regs.rsp - SIGFRAME_REDZONE;
	uint32_t fp_size = fpstate_frame_size(&in->fpu);

	if ((in->act->flags & LX_SA_ONSTACK) && altstack_state(alt, sp) == 0) {
		sp = alt->sp + alt->size;
		entering = true;
	}
	pos->fpstate = round_down(sp - fp_size, SIGFRAME_FPSTATE_ALIGN);
	/* - 8: rsp + 8 aligned, as at a function's entry after its call */
	pos->frame = round_down(pos->fpstate - sizeof(struct lx_rt_sigframe), SIGFRAME_ALIGN) - 8;
	pos->len = (uint32_t)(pos->fpstate - pos->frame) + fp_size;
	if ((nested || entering) && !altstack_contains(alt, pos->frame))
		return SIGFRAME_E_OVERFLOW;
	if (pos->frame >= DBT_USER_TOP || pos->len > DBT_USER_TOP - pos->frame ||
	    pos->frame + pos->len > sp)
		return SIGFRAME_E_FAULT;
	return SIGFRAME_OK;
}

/* __unsafe_setup_sigcontext */
static void sigcontext_fill(struct lx_sigcontext *sc, const struct sigframe_in *in,
			    uint64_t fpstate)
{
	const struct dbt_regs *r = &in->regs;

	sc->r8 = r->r8;
	sc->r9 = r->r9;
	sc->r10 = r->r10;
	sc->r11 = r->r11;
	sc->r12 = r->r12;
	sc->r13 = r->r13;
	sc->r14 = r->r14;
	sc->r15 = r->r15;
	sc->rdi = r->rdi;
	sc->rsi = r->rsi;
	sc->rbp = r->rbp;
	sc->rbx = r->rbx;
	sc->rdx = r->rdx;
	sc->rax = r->rax;
	sc->rcx = r->rcx;
	sc->rsp = r->rsp;
	sc->rip = r->rip;
	sc->eflags = r->rflags;
	sc->cs = LX_USER_CS;
	sc->ss = LX_USER_DS;
	sc->err = in->err;
	sc->trapno = in->trapno;
	sc->oldmask = in->saved_mask;
	sc->cr2 = in->cr2;
	sc->fpstate = fpstate;
}

/* frame_uc_flags for a 64-bit thread */
static uint64_t frame_uc_flags(const struct sigframe_fpu *fpu)
{
	uint64_t flags = LX_UC_SIGCONTEXT_SS | LX_UC_STRICT_RESTORE_SS;

	if (fpu_uses_xsave(fpu))
		flags |= LX_UC_FP_XSTATE;
	return flags;
}

/* x64_setup_rt_frame's stores, into the image */
static void frame_fill(const struct sigframe_in *in, const struct frame_pos *pos,
		       uint8_t *bytes)
{
	struct lx_rt_sigframe f;

	memset(&f, 0, sizeof(f));
	f.pretcode = in->act->restorer;
	f.uc.uc_flags = frame_uc_flags(&in->fpu);
	f.uc.uc_link = 0;
	f.uc.uc_stack.ss_sp = in->altstack.sp;
	f.uc.uc_stack.ss_flags = (int32_t)in->altstack.flags;
	f.uc.uc_stack.ss_size = in->altstack.size;
	sigcontext_fill(&f.uc.uc_mcontext, in, pos->fpstate);
	f.uc.uc_sigmask = in->saved_mask;
	if (in->act->flags & LX_SA_SIGINFO)
		f.info = *in->info;
	memset(bytes, 0, pos->len);
	memcpy(bytes, &f, sizeof(f));
	fpstate_fill(bytes + (pos->fpstate - pos->frame), in->fpu_image, &in->fpu);
}

/* The registers the handler starts with: handler(sig, &info, &uc). */
static void handler_regs(const struct sigframe_in *in, uint64_t frame, struct dbt_regs *r)
{
	*r = in->regs;
	r->rip = in->act->handler;
	r->rsp = frame;
	r->rdi = (uint64_t)in->sig;
	r->rsi = frame + offsetof(struct lx_rt_sigframe, info);
	r->rdx = frame + offsetof(struct lx_rt_sigframe, uc);
	r->rax = 0;             /* for handlers declared without a prototype */
	r->rflags &= ~(uint64_t)HANDLER_CLEAR_EFLAGS;
}

int sigframe_build(const struct sigframe_in *in, struct sigframe_out *out)
{
	struct frame_pos pos;
	int err;

	if (!build_args_ok(in))
		return SIGFRAME_E_ARG;
	if (!(in->act->flags & LX_SA_RESTORER))
		return SIGFRAME_E_NO_RESTORER;
	err = frame_place(in, &pos);
	if (err)
		return err;
	frame_fill(in, &pos, out->bytes);
	out->frame = pos.frame;
	out->fpstate = pos.fpstate;
	out->len = pos.len;
	handler_regs(in, pos.frame, &out->regs);
	out->altstack = in->altstack;
	if (in->altstack.flags & LX_SS_AUTODISARM)
		out->altstack = SIG_ALTSTACK_NONE;
	return SIGFRAME_OK;
}

/* ---- rt_sigreturn -------------------------------------------------------------------- */

/* restore_sigcontext: every general register from the frame, the
 * arithmetic and control flags too, the others (IF, IOPL, ...) as they are;
 * cs and ss are not Darbat's to set, the FS/GS bases stay. */
static void regs_from_sigcontext(struct dbt_regs *r, const struct dbt_regs *cur,
				 const struct lx_sigcontext *sc)
{
	*r = *cur;
	r->r8 = sc->r8;
	r->r9 = sc->r9;
	r->r10 = sc->r10;
	r->r11 = sc->r11;
	r->r12 = sc->r12;
	r->r13 = sc->r13;
	r->r14 = sc->r14;
	r->r15 = sc->r15;
	r->rdi = sc->rdi;
	r->rsi = sc->rsi;
	r->rbp = sc->rbp;
	r->rbx = sc->rbx;
	r->rdx = sc->rdx;
	r->rax = sc->rax;
	r->rcx = sc->rcx;
	r->rsp = sc->rsp;
	r->rip = sc->rip;
	r->rflags = (cur->rflags & ~(uint64_t)FIX_EFLAGS) | (sc->eflags & FIX_EFLAGS);
}

int sigframe_restore(const void *frame_bytes, size_t len, const struct dbt_regs *cur,
		     const struct sig_altstack *alt, const struct sigframe_fpu *fpu,
		     struct sigframe_restore_out *out)
{
	struct lx_rt_sigframe f;

	if (!fpu_shape_ok(fpu))
		return SIGFRAME_E_ARG;
	if (!frame_bytes || len < sizeof(f))
		return SIGFRAME_E_FAULT;
	memcpy(&f, frame_bytes, sizeof(f));
	out->blocked = sig_mask_fix(f.uc.uc_sigmask);
	regs_from_sigcontext(&out->regs, cur, &f.uc.uc_mcontext);
	out->fpstate = f.uc.uc_mcontext.fpstate;
	out->fpstate_len = out->fpstate ? fpstate_frame_size(fpu) : 0;
	out->altstack = *alt;
	(void)sigaltstack_set(&out->altstack, &f.uc.uc_stack, out->regs.rsp);
	return SIGFRAME_OK;
}

/* check_xstate_in_sigframe: does the fpstate carry a usable XSAVE state?
 * Its software bytes and MAGIC2 say so; if they do not, Linux takes the
 * legacy 512 bytes alone.  SIGFRAME_E_FAULT when MAGIC2 could not be read. */
static int xstate_in_frame(const uint8_t *bytes, size_t len, const struct sigframe_fpu *fpu,
			   struct lx_fpx_sw_bytes *sw, bool *full)
{
	memcpy(sw, bytes + LX_FPSTATE_SW_OFFSET, sizeof(*sw));
	*full = false;
	if (sw->magic1 != LX_FP_XSTATE_MAGIC1 || sw->xstate_size < LX_XSTATE_MIN_SIZE ||
	    sw->xstate_size > fpu->size || sw->xstate_size > sw->extended_size)
		return SIGFRAME_OK;
	if (len < (size_t)sw->xstate_size + LX_FP_XSTATE_MAGIC2_SIZE)
		return SIGFRAME_E_FAULT;
	*full = get32(bytes + sw->xstate_size) == LX_FP_XSTATE_MAGIC2;
	return SIGFRAME_OK;
}

/* FXRSTOR's checks (16-byte alignment, MXCSR) and the 512 bytes it loads;
 * with XSAVE the rest becomes initial (WRITE_FPU with 512 does that). */
static int fx_restore(const uint8_t *bytes, uint64_t fpstate, const struct sigframe_fpu *fpu,
		      uint8_t *image, uint32_t *size)
{
	if (fpstate % SIGFRAME_ALIGN)
		return SIGFRAME_E_BAD_FPU;
	if (get32(bytes + MXCSR_OFFSET) & ~fpu_mxcsr_mask(fpu))
		return SIGFRAME_E_BAD_FPU;
	memcpy(image, bytes, DBT_XSTATE_LEGACY_SIZE);
	memset(image + SW_AVAILABLE, 0, DBT_XSTATE_LEGACY_SIZE - SW_AVAILABLE);
	*size = DBT_XSTATE_LEGACY_SIZE;
	return SIGFRAME_OK;
}

/* The values on which XRSTOR (standard form) raises #GP - those WRITE_FPU
 * refuses too. */
static bool xsave_header_ok(const struct dbt_xsave_header *h, const struct sigframe_fpu *fpu)
{
	uint64_t reserved = 0;

	for (size_t i = 0; i < sizeof(h->reserved) / sizeof(h->reserved[0]); i++)
		reserved |= h->reserved[i];
	return !(h->xstate_bv & ~fpu->features) && !h->xcomp_bv && !reserved;
}

/* XRSTOR with the requested-feature bitmap the frame's software bytes give
 * (sw.xfeatures), then what it left out made initial (init_bv): a
 * component outside it loads as initial, and MXCSR as 0x1f80 when SSE is
 * outside it. */
static int xrstor_restore(const uint8_t *bytes, size_t len, uint64_t fpstate, uint64_t xfeatures,
			  const struct sigframe_fpu *fpu, uint8_t *image, uint32_t *size)
{
	uint64_t rfbm = xfeatures & fpu->features;
	struct dbt_xsave_header h;

	if (len < fpu->size)
		return SIGFRAME_E_FAULT;
	if (fpstate % SIGFRAME_FPSTATE_ALIGN)
		return SIGFRAME_E_BAD_FPU;
	memcpy(&h, bytes + DBT_XSTATE_HEADER_OFFSET, sizeof(h));
	if (!xsave_header_ok(&h, fpu))
		return SIGFRAME_E_BAD_FPU;
	if ((rfbm & (DBT_XFEATURE_SSE | DBT_XFEATURE_AVX)) &&
	    (get32(bytes + MXCSR_OFFSET) & ~fpu_mxcsr_mask(fpu)))
		return SIGFRAME_E_BAD_FPU;
	memcpy(image, bytes, fpu->size);
	memset(image + SW_AVAILABLE, 0, DBT_XSTATE_LEGACY_SIZE - SW_AVAILABLE);
	h.xstate_bv &= rfbm;
	memcpy(image + DBT_XSTATE_HEADER_OFFSET, &h, sizeof(h));
	if (!(rfbm & DBT_XFEATURE_SSE))
		put32(image + MXCSR_OFFSET, DBT_MXCSR_INIT);
	*size = fpu->size;
	return SIGFRAME_OK;
}

int sigframe_restore_fpu(const void *bytes, size_t len, uint64_t fpstate,
			 const struct sigframe_fpu *fpu, void *image, uint32_t *size)
{
	struct lx_fpx_sw_bytes sw;
	bool full;
	int err;

	if (!fpu_shape_ok(fpu))
		return SIGFRAME_E_ARG;
	if (!fpstate) {
		sigframe_fpu_init(image, fpu);
		*size = fpu->size;
		return SIGFRAME_OK;
	}
	if (!bytes || len < DBT_XSTATE_LEGACY_SIZE)
		return SIGFRAME_E_FAULT;
	if (!fpu_uses_xsave(fpu))
		return fx_restore(bytes, fpstate, fpu, image, size);
	err = xstate_in_frame(bytes, len, fpu, &sw, &full);
	if (err)
		return err;
	if (!full)
		return fx_restore(bytes, fpstate, fpu, image, size);
	return xrstor_restore(bytes, len, fpstate, sw.xfeatures, fpu, image, size);
}

/* ---- system-call restart ------------------------------------------------------------- */

static enum sigframe_syscall syscall_again(struct dbt_regs *regs, uint64_t rax,
					   enum sigframe_syscall how)
{
	regs->rax = rax;
	regs->rip -= 2;         /* back over the 2-byte syscall instruction */
	return how;
}

static enum sigframe_syscall syscall_eintr(struct dbt_regs *regs)
{
	regs->rax = (uint64_t)-LX_EINTR;
	return SIGFRAME_SYSCALL_EINTR;
}

enum sigframe_syscall sigframe_syscall_restart(struct dbt_regs *regs, uint64_t nr,
					       int64_t result, bool handler,
					       uint64_t sa_flags)
{
	switch (result) {
	case -LX_ERESTART_RESTARTBLOCK:
		if (handler)
			return syscall_eintr(regs);
		return syscall_again(regs, LX_NR_RESTART_SYSCALL, SIGFRAME_SYSCALL_RESTART_BLOCK);
	case -LX_ERESTARTNOHAND:
		if (handler)
			return syscall_eintr(regs);
		return syscall_again(regs, nr, SIGFRAME_SYSCALL_AGAIN);
	case -LX_ERESTARTSYS:
		if (handler && !(sa_flags & LX_SA_RESTART))
			return syscall_eintr(regs);
		return syscall_again(regs, nr, SIGFRAME_SYSCALL_AGAIN);
	case -LX_ERESTARTNOINTR:
		return syscall_again(regs, nr, SIGFRAME_SYSCALL_AGAIN);
	default:
		regs->rax = (uint64_t)result;
		return SIGFRAME_SYSCALL_DONE;
	}
}
