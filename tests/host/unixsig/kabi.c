/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/host/unixsig/kabi.c - servers/unix/signal/lx_signal.h against the
 * Linux UAPI headers the host has (Debian's linux-libc-dev: <asm/...>,
 * <asm-generic/...>, <linux/signal.h>), fact by fact: every constant's
 * value, every structure's size and each field's offset.
 *
 * It is its own translation unit because the kernel's headers and glibc's
 * <signal.h> (which unit.c needs for the live-handler tests) cannot meet in
 * one.  unit.c walks the groups with kabi_group() and prints one
 * TEST line per group.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <asm-generic/errno-base.h>
#include <asm/processor-flags.h>
#include <asm/sigcontext.h>
#include <asm/siginfo.h>
#include <asm/signal.h>
#include <asm/ucontext.h>
#include <asm/unistd_64.h>
#include <linux/signal.h>
#include "lx_signal.h"

struct fact {
	const char *name;
	long long lx;           /* ours */
	long long linux_value;  /* the UAPI header's */
};

#define SAME(ours, theirs)      { #ours, (long long)(ours), (long long)(theirs) }
#define OFF(lxt, f, lt, lf)     { "offsetof(" #lxt ", " #f ")", \
				  (long long)offsetof(lxt, f), (long long)offsetof(lt, lf) }
#define SIZE(lxt, lt)           { "sizeof(" #lxt ")", \
				  (long long)sizeof(lxt), (long long)sizeof(lt) }

static const struct fact signals[] = {
	SAME(LX_SIGHUP, SIGHUP), SAME(LX_SIGINT, SIGINT), SAME(LX_SIGQUIT, SIGQUIT),
	SAME(LX_SIGILL, SIGILL), SAME(LX_SIGTRAP, SIGTRAP), SAME(LX_SIGABRT, SIGABRT),
	SAME(LX_SIGBUS, SIGBUS), SAME(LX_SIGFPE, SIGFPE), SAME(LX_SIGKILL, SIGKILL),
	SAME(LX_SIGUSR1, SIGUSR1), SAME(LX_SIGSEGV, SIGSEGV), SAME(LX_SIGUSR2, SIGUSR2),
	SAME(LX_SIGPIPE, SIGPIPE), SAME(LX_SIGALRM, SIGALRM), SAME(LX_SIGTERM, SIGTERM),
	SAME(LX_SIGSTKFLT, SIGSTKFLT), SAME(LX_SIGCHLD, SIGCHLD), SAME(LX_SIGCONT, SIGCONT),
	SAME(LX_SIGSTOP, SIGSTOP), SAME(LX_SIGTSTP, SIGTSTP), SAME(LX_SIGTTIN, SIGTTIN),
	SAME(LX_SIGTTOU, SIGTTOU), SAME(LX_SIGURG, SIGURG), SAME(LX_SIGXCPU, SIGXCPU),
	SAME(LX_SIGXFSZ, SIGXFSZ), SAME(LX_SIGVTALRM, SIGVTALRM), SAME(LX_SIGPROF, SIGPROF),
	SAME(LX_SIGWINCH, SIGWINCH), SAME(LX_SIGIO, SIGIO), SAME(LX_SIGPOLL, SIGPOLL),
	SAME(LX_SIGPWR, SIGPWR), SAME(LX_SIGSYS, SIGSYS), SAME(LX_SIGRTMIN, SIGRTMIN),
	SAME(LX_SIGSET_SIZE, sizeof(sigset_t)),   /* (SIGRTMAX, _NSIG: unit.c, from glibc) */
};

static const struct fact sa_flags[] = {
	SAME(LX_SA_NOCLDSTOP, SA_NOCLDSTOP), SAME(LX_SA_NOCLDWAIT, SA_NOCLDWAIT),
	SAME(LX_SA_SIGINFO, SA_SIGINFO), SAME(LX_SA_UNSUPPORTED, SA_UNSUPPORTED),
	SAME(LX_SA_EXPOSE_TAGBITS, SA_EXPOSE_TAGBITS), SAME(LX_SA_RESTORER, SA_RESTORER),
	SAME(LX_SA_ONSTACK, SA_ONSTACK), SAME(LX_SA_RESTART, SA_RESTART),
	SAME(LX_SA_NODEFER, SA_NODEFER), SAME(LX_SA_RESETHAND, SA_RESETHAND),
	SAME(LX_SIG_DFL, (unsigned long)SIG_DFL), SAME(LX_SIG_IGN, (unsigned long)SIG_IGN),
	SAME(LX_SIG_ERR, (unsigned long)SIG_ERR),
	SAME(LX_SIG_BLOCK, SIG_BLOCK), SAME(LX_SIG_UNBLOCK, SIG_UNBLOCK),
	SAME(LX_SIG_SETMASK, SIG_SETMASK),
};

static const struct fact si_codes[] = {
	SAME(LX_SI_USER, SI_USER), SAME(LX_SI_KERNEL, SI_KERNEL), SAME(LX_SI_QUEUE, SI_QUEUE),
	SAME(LX_SI_TIMER, SI_TIMER), SAME(LX_SI_MESGQ, SI_MESGQ), SAME(LX_SI_ASYNCIO, SI_ASYNCIO),
	SAME(LX_SI_SIGIO, SI_SIGIO), SAME(LX_SI_TKILL, SI_TKILL),
	SAME(LX_SI_DETHREAD, SI_DETHREAD), SAME(LX_SI_ASYNCNL, SI_ASYNCNL),
	SAME(LX_ILL_ILLOPC, ILL_ILLOPC), SAME(LX_ILL_ILLOPN, ILL_ILLOPN),
	SAME(LX_ILL_ILLADR, ILL_ILLADR), SAME(LX_ILL_ILLTRP, ILL_ILLTRP),
	SAME(LX_ILL_PRVOPC, ILL_PRVOPC), SAME(LX_ILL_PRVREG, ILL_PRVREG),
	SAME(LX_ILL_COPROC, ILL_COPROC), SAME(LX_ILL_BADSTK, ILL_BADSTK),
	SAME(LX_ILL_BADIADDR, ILL_BADIADDR),
	SAME(LX_FPE_INTDIV, FPE_INTDIV), SAME(LX_FPE_INTOVF, FPE_INTOVF),
	SAME(LX_FPE_FLTDIV, FPE_FLTDIV), SAME(LX_FPE_FLTOVF, FPE_FLTOVF),
	SAME(LX_FPE_FLTUND, FPE_FLTUND), SAME(LX_FPE_FLTRES, FPE_FLTRES),
	SAME(LX_FPE_FLTINV, FPE_FLTINV), SAME(LX_FPE_FLTSUB, FPE_FLTSUB),
	SAME(LX_FPE_FLTUNK, FPE_FLTUNK), SAME(LX_FPE_CONDTRAP, FPE_CONDTRAP),
	SAME(LX_SEGV_MAPERR, SEGV_MAPERR), SAME(LX_SEGV_ACCERR, SEGV_ACCERR),
	SAME(LX_SEGV_BNDERR, SEGV_BNDERR), SAME(LX_SEGV_PKUERR, SEGV_PKUERR),
	SAME(LX_BUS_ADRALN, BUS_ADRALN), SAME(LX_BUS_ADRERR, BUS_ADRERR),
	SAME(LX_BUS_OBJERR, BUS_OBJERR), SAME(LX_BUS_MCEERR_AR, BUS_MCEERR_AR),
	SAME(LX_BUS_MCEERR_AO, BUS_MCEERR_AO),
	SAME(LX_TRAP_BRKPT, TRAP_BRKPT), SAME(LX_TRAP_TRACE, TRAP_TRACE),
	SAME(LX_TRAP_BRANCH, TRAP_BRANCH), SAME(LX_TRAP_HWBKPT, TRAP_HWBKPT),
	SAME(LX_TRAP_UNK, TRAP_UNK), SAME(LX_TRAP_PERF, TRAP_PERF),
	SAME(LX_CLD_EXITED, CLD_EXITED), SAME(LX_CLD_KILLED, CLD_KILLED),
	SAME(LX_CLD_DUMPED, CLD_DUMPED), SAME(LX_CLD_TRAPPED, CLD_TRAPPED),
	SAME(LX_CLD_STOPPED, CLD_STOPPED), SAME(LX_CLD_CONTINUED, CLD_CONTINUED),
	SAME(LX_POLL_IN, POLL_IN), SAME(LX_POLL_OUT, POLL_OUT), SAME(LX_POLL_MSG, POLL_MSG),
	SAME(LX_POLL_ERR, POLL_ERR), SAME(LX_POLL_PRI, POLL_PRI), SAME(LX_POLL_HUP, POLL_HUP),
	SAME(LX_SYS_SECCOMP, SYS_SECCOMP),
};

static const struct fact sigaction_layout[] = {
	SIZE(struct lx_sigaction, struct sigaction),
	OFF(struct lx_sigaction, handler, struct sigaction, sa_handler),
	OFF(struct lx_sigaction, flags, struct sigaction, sa_flags),
	OFF(struct lx_sigaction, restorer, struct sigaction, sa_restorer),
	OFF(struct lx_sigaction, mask, struct sigaction, sa_mask),
};

static const struct fact altstack[] = {
	SIZE(struct lx_stack_t, stack_t),
	OFF(struct lx_stack_t, ss_sp, stack_t, ss_sp),
	OFF(struct lx_stack_t, ss_flags, stack_t, ss_flags),
	OFF(struct lx_stack_t, ss_size, stack_t, ss_size),
	SAME(LX_SS_ONSTACK, SS_ONSTACK), SAME(LX_SS_DISABLE, SS_DISABLE),
	SAME(LX_SS_AUTODISARM, SS_AUTODISARM), SAME(LX_SS_FLAG_BITS, SS_FLAG_BITS),
	SAME(LX_MINSIGSTKSZ, MINSIGSTKSZ), SAME(LX_SIGSTKSZ, SIGSTKSZ),
};

static const struct fact siginfo_layout[] = {
	SIZE(struct lx_siginfo, siginfo_t),
	SAME(LX_SI_MAX_SIZE, SI_MAX_SIZE),
	OFF(struct lx_siginfo, si_signo, siginfo_t, si_signo),
	OFF(struct lx_siginfo, si_errno, siginfo_t, si_errno),
	OFF(struct lx_siginfo, si_code, siginfo_t, si_code),
	OFF(struct lx_siginfo, pad, siginfo_t, _sifields),
	OFF(struct lx_siginfo, kill.pid, siginfo_t, si_pid),
	OFF(struct lx_siginfo, kill.uid, siginfo_t, si_uid),
	OFF(struct lx_siginfo, timer.tid, siginfo_t, si_tid),
	OFF(struct lx_siginfo, timer.overrun, siginfo_t, si_overrun),
	OFF(struct lx_siginfo, timer.sigval, siginfo_t, _sifields._timer._sigval),
	OFF(struct lx_siginfo, timer.sys_private, siginfo_t, _sifields._timer._sys_private),
	OFF(struct lx_siginfo, rt.pid, siginfo_t, _sifields._rt._pid),
	OFF(struct lx_siginfo, rt.sigval, siginfo_t, si_value),
	OFF(struct lx_siginfo, sigchld.status, siginfo_t, si_status),
	OFF(struct lx_siginfo, sigchld.utime, siginfo_t, si_utime),
	OFF(struct lx_siginfo, sigchld.stime, siginfo_t, si_stime),
	OFF(struct lx_siginfo, sigfault.addr, siginfo_t, si_addr),
	OFF(struct lx_siginfo, sigfault.u.addr_lsb, siginfo_t, si_addr_lsb),
	OFF(struct lx_siginfo, sigfault.u.bnd.lower, siginfo_t, si_lower),
	OFF(struct lx_siginfo, sigfault.u.bnd.upper, siginfo_t, si_upper),
	OFF(struct lx_siginfo, sigfault.u.pkey.pkey, siginfo_t, si_pkey),
	OFF(struct lx_siginfo, sigfault.u.perf.data, siginfo_t, si_perf_data),
	OFF(struct lx_siginfo, sigfault.u.perf.type, siginfo_t, si_perf_type),
	OFF(struct lx_siginfo, sigfault.u.perf.flags, siginfo_t, si_perf_flags),
	OFF(struct lx_siginfo, sigpoll.band, siginfo_t, si_band),
	OFF(struct lx_siginfo, sigpoll.fd, siginfo_t, si_fd),
	OFF(struct lx_siginfo, sigsys.call_addr, siginfo_t, si_call_addr),
	OFF(struct lx_siginfo, sigsys.syscall, siginfo_t, si_syscall),
	OFF(struct lx_siginfo, sigsys.arch, siginfo_t, si_arch),
	SIZE(union lx_sigval, sigval_t),
};

#define SC(f, lf) OFF(struct lx_sigcontext, f, struct sigcontext_64, lf)
static const struct fact sigcontext_layout[] = {
	SIZE(struct lx_sigcontext, struct sigcontext_64),
	SC(r8, r8), SC(r9, r9), SC(r10, r10), SC(r11, r11), SC(r12, r12), SC(r13, r13),
	SC(r14, r14), SC(r15, r15), SC(rdi, di), SC(rsi, si), SC(rbp, bp), SC(rbx, bx),
	SC(rdx, dx), SC(rax, ax), SC(rcx, cx), SC(rsp, sp), SC(rip, ip), SC(eflags, flags),
	SC(cs, cs), SC(gs, gs), SC(fs, fs), SC(ss, ss), SC(err, err), SC(trapno, trapno),
	SC(oldmask, oldmask), SC(cr2, cr2), SC(fpstate, fpstate), SC(reserved1, reserved1),
	/* the user-space spelling of the same structure */
	SIZE(struct lx_sigcontext, struct sigcontext),
	OFF(struct lx_sigcontext, rip, struct sigcontext, rip),
	OFF(struct lx_sigcontext, fpstate, struct sigcontext, fpstate),
};

#define FP(f, lf) OFF(struct lx_fpstate, f, struct _fpstate_64, lf)
static const struct fact fpstate_layout[] = {
	SIZE(struct lx_fpstate, struct _fpstate_64),
	FP(cwd, cwd), FP(swd, swd), FP(twd, twd), FP(fop, fop), FP(rip, rip), FP(rdp, rdp),
	FP(mxcsr, mxcsr), FP(mxcsr_mask, mxcsr_mask), FP(st_space, st_space),
	FP(xmm_space, xmm_space), FP(reserved2, reserved2), FP(reserved3, reserved3),
	FP(sw_reserved, sw_reserved),
	SIZE(struct lx_fpx_sw_bytes, struct _fpx_sw_bytes),
	OFF(struct lx_fpx_sw_bytes, magic1, struct _fpx_sw_bytes, magic1),
	OFF(struct lx_fpx_sw_bytes, extended_size, struct _fpx_sw_bytes, extended_size),
	OFF(struct lx_fpx_sw_bytes, xfeatures, struct _fpx_sw_bytes, xfeatures),
	OFF(struct lx_fpx_sw_bytes, xstate_size, struct _fpx_sw_bytes, xstate_size),
	SIZE(struct lx_xsave_header, struct _header),
	SIZE(struct lx_ymmh_state, struct _ymmh_state),
	SIZE(struct lx_xstate, struct _xstate),
	OFF(struct lx_xstate, xstate_hdr, struct _xstate, xstate_hdr),
	OFF(struct lx_xstate, ymmh, struct _xstate, ymmh),
	SAME(LX_FP_XSTATE_MAGIC1, FP_XSTATE_MAGIC1), SAME(LX_FP_XSTATE_MAGIC2, FP_XSTATE_MAGIC2),
	SAME(LX_FP_XSTATE_MAGIC2_SIZE, FP_XSTATE_MAGIC2_SIZE),
};

static const struct fact ucontext_layout[] = {
	SIZE(struct lx_ucontext, struct ucontext),
	OFF(struct lx_ucontext, uc_flags, struct ucontext, uc_flags),
	OFF(struct lx_ucontext, uc_link, struct ucontext, uc_link),
	OFF(struct lx_ucontext, uc_stack, struct ucontext, uc_stack),
	OFF(struct lx_ucontext, uc_mcontext, struct ucontext, uc_mcontext),
	OFF(struct lx_ucontext, uc_sigmask, struct ucontext, uc_sigmask),
	SAME(LX_UC_FP_XSTATE, UC_FP_XSTATE), SAME(LX_UC_SIGCONTEXT_SS, UC_SIGCONTEXT_SS),
	SAME(LX_UC_STRICT_RESTORE_SS, UC_STRICT_RESTORE_SS),
};

static const struct fact eflags_errno[] = {
	SAME(LX_EFLAGS_CF, X86_EFLAGS_CF), SAME(LX_EFLAGS_FIXED, X86_EFLAGS_FIXED),
	SAME(LX_EFLAGS_PF, X86_EFLAGS_PF), SAME(LX_EFLAGS_AF, X86_EFLAGS_AF),
	SAME(LX_EFLAGS_ZF, X86_EFLAGS_ZF), SAME(LX_EFLAGS_SF, X86_EFLAGS_SF),
	SAME(LX_EFLAGS_TF, X86_EFLAGS_TF), SAME(LX_EFLAGS_IF, X86_EFLAGS_IF),
	SAME(LX_EFLAGS_DF, X86_EFLAGS_DF), SAME(LX_EFLAGS_OF, X86_EFLAGS_OF),
	SAME(LX_EFLAGS_IOPL, X86_EFLAGS_IOPL), SAME(LX_EFLAGS_NT, X86_EFLAGS_NT),
	SAME(LX_EFLAGS_RF, X86_EFLAGS_RF), SAME(LX_EFLAGS_VM, X86_EFLAGS_VM),
	SAME(LX_EFLAGS_AC, X86_EFLAGS_AC), SAME(LX_EFLAGS_ID, X86_EFLAGS_ID),
	SAME(LX_EPERM, EPERM), SAME(LX_EINTR, EINTR), SAME(LX_ENOMEM, ENOMEM),
	SAME(LX_EFAULT, EFAULT), SAME(LX_EINVAL, EINVAL),
	SAME(LX_NR_RESTART_SYSCALL, __NR_restart_syscall),
};

#define GROUP(g) { #g, g, sizeof(g) / sizeof(g[0]) }
static const struct {
	const char *name;
	const struct fact *facts;
	size_t n;
} groups[] = {
	GROUP(signals), GROUP(sa_flags), GROUP(si_codes), GROUP(sigaction_layout),
	GROUP(altstack), GROUP(siginfo_layout), GROUP(sigcontext_layout),
	GROUP(fpstate_layout), GROUP(ucontext_layout), GROUP(eflags_errno),
};

/* Group i: its name in *name; 1 if every fact agrees, 0 if not (the first
 * difference in why), -1 past the last group. */
int kabi_group(size_t i, const char **name, char *why, size_t whylen)
{
	if (i >= sizeof(groups) / sizeof(groups[0]))
		return -1;
	*name = groups[i].name;
	for (size_t k = 0; k < groups[i].n; k++) {
		const struct fact *f = &groups[i].facts[k];
		if (f->lx != f->linux_value) {
			snprintf(why, whylen, "%s is %lld, Linux says %lld", f->name, f->lx,
				 f->linux_value);
			return 0;
		}
	}
	return 1;
}
