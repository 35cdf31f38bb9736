/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sigframe.h (unixd) - the Linux x86-64 rt signal frame: build it for a
 * handler, take it apart for rt_sigreturn, and the system-call restart rule
 * and sigaltstack semantics that go with them.  Pure functions on bytes
 * and registers: the caller reads and writes the user's memory and the
 * thread (docs/KERNEL-API.md §15, §17); nothing here touches either.
 *
 * It follows Linux 6.1 (arch/x86/kernel/signal.c, fpu/signal.c,
 * kernel/signal.c), which tests/host/unixsig checks against the host kernel.
 *
 * Delivering signal sig with action act to a thread (handle_signal):
 *   1. At a system call, sigframe_syscall_restart(&regs, nr, result, true,
 *      act->flags) first: the frame saves the registers it leaves.
 *   2. READ_FPU -> image, size, features; sigframe_build(&in, &out).  An
 *      error is Linux's force_sigsegv(sig): no frame, the thread gets SIGSEGV
 *      (with SIG_DFL first if sig was SIGSEGV).
 *   3. Copy out.bytes[0..out.len) to user address out.frame; if that
 *      faults, force_sigsegv(sig) too.
 *   4. WRITE_REGS(out.regs) (rax 0; at a system call the answer is rax 0),
 *      WRITE_FPU of sigframe_fpu_init's state: a handler starts with a clean
 *      FPU (fpu__clear_user_states).
 *   5. Blocked mask = sigset_on_delivery(blocked, act, sig); altstack =
 *      out.altstack; SA_RESETHAND resets the action.
 * A system call interrupted with no handler to run (the signal was ignored,
 * or stopped and continued the thread) takes sigframe_syscall_restart(&regs,
 * nr, result, false, 0) alone (arch_do_signal_or_restart).
 *
 * rt_sigreturn (the thread's rsp is the frame + 8: the handler's ret popped
 * the return address):
 *   1. Read SIGFRAME_RESTORE_LEN bytes at rsp - 8, fewer if the read faults;
 *      sigframe_restore.  SIGFRAME_E_FAULT: nothing changes, force SIGSEGV,
 *      answer rax 0.
 *   2. Read up to out.fpstate_len bytes at out.fpstate (as many as can be
 *      read; none if out.fpstate is 0); sigframe_restore_fpu.
 *      - OK: WRITE_FPU(image, size), WRITE_REGS(out.regs), blocked =
 *        out.blocked, altstack = out.altstack, answer rax = out.regs.rax;
 *      - an error (a bad or unreadable fpstate): WRITE_FPU of the initial
 *        state, WRITE_REGS(out.regs) with rax 0, blocked = out.blocked, the
 *        altstack unchanged, force SIGSEGV (Linux's badframe path after
 *        restore_sigcontext: registers and mask are already restored).
 *   A rip WRITE_REGS refuses (DBT_E_BAD_ADDRESS) is what Linux meets as a
 *   #GP on return to user mode: SIGSEGV.  Darbat's WRITE_REGS keeps only
 *   the arithmetic flags and DF of rflags: AC, TF and RF, which Linux lets a
 *   frame set, are dropped.  After any rt_sigreturn a pending
 *   restart_syscall returns -EINTR (restart_block.fn = do_no_restart_syscall).
 */
#ifndef UNIX_SIGFRAME_H
#define UNIX_SIGFRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <darbat/abi.h>
#include "lx_signal.h"

#define SIGFRAME_REDZONE        128     /* below rsp, the ABI's red zone: never written */
#define SIGFRAME_ALIGN          16      /* the handler's rsp + 8 is 16-byte aligned */
#define SIGFRAME_FPSTATE_ALIGN  64      /* XSAVE needs it */

/* Bytes of the frame image at most: the rt_sigframe, its alignment, the
 * largest FPU state and MAGIC2. */
#define SIGFRAME_BYTES_MAX (sizeof(struct lx_rt_sigframe) + SIGFRAME_ALIGN + \
			    DBT_XSTATE_MAX + LX_FP_XSTATE_MAGIC2_SIZE)

/* What rt_sigreturn reads at rsp - 8 (Linux's access_ok covers it all). */
#define SIGFRAME_RESTORE_LEN    sizeof(struct lx_rt_sigframe)

enum sigframe_err {
	SIGFRAME_OK = 0,
	SIGFRAME_E_ARG,         /* the caller's input is wrong (a unixd bug, not the program's) */
	SIGFRAME_E_NO_RESTORER, /* build: no SA_RESTORER (x86-64 Linux then forces SIGSEGV) */
	SIGFRAME_E_OVERFLOW,    /* build: the frame would leave the alternate stack */
	SIGFRAME_E_FAULT,       /* outside the user address range, or too few bytes read */
	SIGFRAME_E_BAD_FPU,     /* restore: XRSTOR / FXRSTOR would fault on this fpstate */
};

/* A thread's sigaltstack as Linux keeps it (sas_ss_sp, _size, _flags):
 * flags are as the program set them, and uc_stack shows them so.  A thread
 * made by clone with CLONE_VM starts with SIG_ALTSTACK_NONE (sas_ss_reset);
 * fork copies the parent's; execve sets sp and size to 0 and keeps the
 * flags (Linux's first process has 0: a program that never called
 * sigaltstack sees uc_stack {0, 0, 0}). */
struct sig_altstack {
	uint64_t sp;
	uint64_t size;
	uint32_t flags;         /* 0, LX_SS_ONSTACK or LX_SS_DISABLE, | LX_SS_AUTODISARM */
};
#define SIG_ALTSTACK_NONE ((struct sig_altstack){ 0, 0, LX_SS_DISABLE })

/* The FPU state's shape, as READ_FPU reports it (fixed at boot). */
struct sigframe_fpu {
	uint32_t size;          /* DBT_XSTATE_LEGACY_SIZE (FXSAVE), else the XSAVE size */
	uint32_t mxcsr_mask;    /* the processor's (READ_FPU's image has it); 0 = 0xffbf */
	uint64_t features;      /* DBT_XFEATURE_*: at least X87 | SSE */
};

struct sigframe_in {
	int sig;
	const struct lx_sigaction *act; /* handler, flags (SA_SIGINFO, SA_ONSTACK,
	                                   SA_RESTORER), restorer */
	struct dbt_regs regs;           /* the interrupted registers */
	uint64_t trapno, err, cr2;      /* a fault's vector, error code, address; else 0 */
	const void *fpu_image;          /* READ_FPU's fpu.size bytes */
	struct sigframe_fpu fpu;
	const struct lx_siginfo *info;  /* copied with SA_SIGINFO; may be NULL without */
	lx_sigset_t saved_mask;         /* what rt_sigreturn restores (sigmask_to_save) */
	struct sig_altstack altstack;   /* the thread's, at delivery */
};

struct sigframe_out {
	uint64_t frame;         /* user address of the frame: the handler's rsp */
	uint64_t fpstate;       /* user address of the FPU state in it (64-byte aligned) */
	uint32_t len;           /* bytes[0..len) go to frame..frame+len */
	struct dbt_regs regs;   /* the handler's registers */
	struct sig_altstack altstack;   /* the thread's once delivered (SS_AUTODISARM) */
	_Alignas(16) uint8_t bytes[SIGFRAME_BYTES_MAX];
};

struct sigframe_restore_out {
	struct dbt_regs regs;   /* to resume with; the system call's answer is regs.rax */
	lx_sigset_t blocked;    /* the new blocked mask (uc_sigmask, fixed) */
	struct sig_altstack altstack;   /* after uc_stack (refused: unchanged, as Linux) */
	uint64_t fpstate;       /* user address of the saved FPU state; 0 = none */
	uint32_t fpstate_len;   /* bytes to read there for sigframe_restore_fpu */
};

/* What the interrupted system call leaves in regs (handle_signal and,
 * without a handler, arch_do_signal_or_restart). */
enum sigframe_syscall {
	SIGFRAME_SYSCALL_DONE,          /* result is no restart code: rax = result */
	SIGFRAME_SYSCALL_EINTR,         /* rax = -EINTR */
	SIGFRAME_SYSCALL_AGAIN,         /* rax = nr, rip -= 2: the call runs again */
	SIGFRAME_SYSCALL_RESTART_BLOCK, /* rax = restart_syscall, rip -= 2 */
};

/* Lays the frame for in->sig out below in->regs.rsp (or at the top of the
 * alternate stack) and fills out; SIGFRAME_OK or an error, with out
 * undefined. */
int sigframe_build(const struct sigframe_in *in, struct sigframe_out *out);

/* Writes fpu->size bytes at image: the state a handler starts with (FCW
 * 0x37f, MXCSR 0x1f80, every component initial). */
void sigframe_fpu_init(void *image, const struct sigframe_fpu *fpu);

/* rt_sigreturn, step 1: frame_bytes are len bytes read at the thread's
 * rsp - 8; cur its registers at the call; alt its sigaltstack. */
int sigframe_restore(const void *frame_bytes, size_t len, const struct dbt_regs *cur,
		     const struct sig_altstack *alt, const struct sigframe_fpu *fpu,
		     struct sigframe_restore_out *out);

/* rt_sigreturn, step 2: bytes are len bytes read at user address fpstate
 * (step 1's out.fpstate).  Writes the state to load (fpu->size bytes, or
 * 512 for an FXSAVE-only frame: WRITE_FPU's a) at image and its size in
 * *size; fpstate 0 gives the initial state. */
int sigframe_restore_fpu(const void *bytes, size_t len, uint64_t fpstate,
			 const struct sigframe_fpu *fpu, void *image, uint32_t *size);

/* Sets regs->rax (and rip) as Linux leaves a system call that returned
 * result when a signal arrives: handler says whether a handler runs;
 * sa_flags (its SA_RESTART) counts only then.  nr is the call's number. */
enum sigframe_syscall sigframe_syscall_restart(struct dbt_regs *regs, uint64_t nr,
					       int64_t result, bool handler,
					       uint64_t sa_flags);

/* on_sig_stack: is sp on the alternate stack (never, with SS_AUTODISARM)? */
bool sigaltstack_on(const struct sig_altstack *alt, uint64_t sp);

/* sigaltstack(2)'s old-stack answer for a thread at sp. */
void sigaltstack_get(const struct sig_altstack *alt, uint64_t sp, struct lx_stack_t *oss);

/* sigaltstack(2)'s change for a thread at sp: 0, -LX_EPERM (running on
 * it), -LX_EINVAL (bad flags) or -LX_ENOMEM (smaller than MINSIGSTKSZ);
 * *alt changes only on 0. */
int sigaltstack_set(struct sig_altstack *alt, const struct lx_stack_t *ss, uint64_t sp);

#endif
