/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lx_signal.h (unixd) - the Linux x86-64 signal ABI, as the programs unixd
 * runs see it: signal numbers, sigaction flags, si_code values, and the
 * structures of an rt signal frame (siginfo, stack_t, sigcontext,
 * ucontext, the FXSAVE/XSAVE fpstate with its software bytes).
 *
 * Written from Linux 6.1's UAPI headers (arch/x86/include/uapi/asm/
 * sigcontext.h, signal.h, ucontext.h; include/uapi/asm-generic/siginfo.h,
 * signal-defs.h) and checked against them: every size and key offset is a
 * _Static_assert below, and tests/host/unixsig compares the values with the
 * host's own <asm/...> headers and with frames the host kernel builds.
 *
 * Everything is named lx_ / LX_, so that this header and the host's
 * <signal.h> can meet in one test file.  A user address is a uint64_t,
 * never a server pointer.  Freestanding: only <stddef.h> and <stdint.h>.
 */
#ifndef UNIX_LX_SIGNAL_H
#define UNIX_LX_SIGNAL_H

#include <stddef.h>
#include <stdint.h>

/* ---- signal numbers (asm/signal.h) ------------------------------------------ */
#define LX_SIGHUP       1
#define LX_SIGINT       2
#define LX_SIGQUIT      3
#define LX_SIGILL       4
#define LX_SIGTRAP      5
#define LX_SIGABRT      6
#define LX_SIGBUS       7
#define LX_SIGFPE       8
#define LX_SIGKILL      9
#define LX_SIGUSR1      10
#define LX_SIGSEGV      11
#define LX_SIGUSR2      12
#define LX_SIGPIPE      13
#define LX_SIGALRM      14
#define LX_SIGTERM      15
#define LX_SIGSTKFLT    16
#define LX_SIGCHLD      17
#define LX_SIGCONT      18
#define LX_SIGSTOP      19
#define LX_SIGTSTP      20
#define LX_SIGTTIN      21
#define LX_SIGTTOU      22
#define LX_SIGURG       23
#define LX_SIGXCPU      24
#define LX_SIGXFSZ      25
#define LX_SIGVTALRM    26
#define LX_SIGPROF      27
#define LX_SIGWINCH     28
#define LX_SIGIO        29
#define LX_SIGPOLL      LX_SIGIO
#define LX_SIGPWR       30
#define LX_SIGSYS       31
#define LX_SIGRTMIN     32      /* the kernel's; glibc keeps 32 and 33 for itself */
#define LX_SIGRTMAX     64
#define LX_NSIG         64      /* signals 1..64, one bit each in a sigset */

/* The kernel's sigset: one 64-bit word, bit (sig - 1) for signal sig.
 * rt_sigaction / rt_sigprocmask take sigsetsize = LX_SIGSET_SIZE. */
typedef uint64_t lx_sigset_t;
#define LX_SIGSET_SIZE  8

/* ---- sigaction (asm-generic/signal-defs.h, asm/signal.h) --------------------- */
#define LX_SA_NOCLDSTOP 0x00000001u
#define LX_SA_NOCLDWAIT 0x00000002u
#define LX_SA_SIGINFO   0x00000004u
#define LX_SA_UNSUPPORTED 0x00000400u
#define LX_SA_EXPOSE_TAGBITS 0x00000800u
#define LX_SA_RESTORER  0x04000000u
#define LX_SA_ONSTACK   0x08000000u
#define LX_SA_RESTART   0x10000000u
#define LX_SA_NODEFER   0x40000000u
#define LX_SA_RESETHAND 0x80000000u

#define LX_SIG_DFL      0ull    /* sa_handler values */
#define LX_SIG_IGN      1ull
#define LX_SIG_ERR      (~0ull)

#define LX_SIG_BLOCK    0       /* rt_sigprocmask how */
#define LX_SIG_UNBLOCK  1
#define LX_SIG_SETMASK  2

/* What rt_sigaction(2) reads and writes on x86-64 (the kernel's struct
 * sigaction, not glibc's: the mask comes last and is 8 bytes). */
struct lx_sigaction {
	uint64_t handler;       /* LX_SIG_DFL, LX_SIG_IGN or a user address */
	uint64_t flags;         /* LX_SA_* */
	uint64_t restorer;      /* with LX_SA_RESTORER: where the handler returns */
	lx_sigset_t mask;       /* blocked too while the handler runs */
};

/* ---- sigaltstack (asm-generic/signal.h, uapi/linux/signal.h) ------------------ */
#define LX_SS_ONSTACK   1
#define LX_SS_DISABLE   2
#define LX_SS_AUTODISARM (1u << 31)
#define LX_SS_FLAG_BITS LX_SS_AUTODISARM
#define LX_MINSIGSTKSZ  2048
#define LX_SIGSTKSZ     8192

struct lx_stack_t {
	uint64_t ss_sp;
	int32_t ss_flags;
	uint32_t pad0;          /* ss_size is 8-byte aligned */
	uint64_t ss_size;
};

/* ---- si_code values (asm-generic/siginfo.h) -------------------------------------- */
#define LX_SI_USER      0
#define LX_SI_KERNEL    0x80
#define LX_SI_QUEUE     (-1)
#define LX_SI_TIMER     (-2)
#define LX_SI_MESGQ     (-3)
#define LX_SI_ASYNCIO   (-4)
#define LX_SI_SIGIO     (-5)
#define LX_SI_TKILL     (-6)
#define LX_SI_DETHREAD  (-7)
#define LX_SI_ASYNCNL   (-60)

#define LX_ILL_ILLOPC   1
#define LX_ILL_ILLOPN   2
#define LX_ILL_ILLADR   3
#define LX_ILL_ILLTRP   4
#define LX_ILL_PRVOPC   5
#define LX_ILL_PRVREG   6
#define LX_ILL_COPROC   7
#define LX_ILL_BADSTK   8
#define LX_ILL_BADIADDR 9

#define LX_FPE_INTDIV   1
#define LX_FPE_INTOVF   2
#define LX_FPE_FLTDIV   3
#define LX_FPE_FLTOVF   4
#define LX_FPE_FLTUND   5
#define LX_FPE_FLTRES   6
#define LX_FPE_FLTINV   7
#define LX_FPE_FLTSUB   8
#define LX_FPE_FLTUNK   14
#define LX_FPE_CONDTRAP 15

#define LX_SEGV_MAPERR  1
#define LX_SEGV_ACCERR  2
#define LX_SEGV_BNDERR  3
#define LX_SEGV_PKUERR  4

#define LX_BUS_ADRALN   1
#define LX_BUS_ADRERR   2
#define LX_BUS_OBJERR   3
#define LX_BUS_MCEERR_AR 4
#define LX_BUS_MCEERR_AO 5

#define LX_TRAP_BRKPT   1
#define LX_TRAP_TRACE   2
#define LX_TRAP_BRANCH  3
#define LX_TRAP_HWBKPT  4
#define LX_TRAP_UNK     5
#define LX_TRAP_PERF    6

#define LX_CLD_EXITED   1
#define LX_CLD_KILLED   2
#define LX_CLD_DUMPED   3
#define LX_CLD_TRAPPED  4
#define LX_CLD_STOPPED  5
#define LX_CLD_CONTINUED 6

#define LX_POLL_IN      1
#define LX_POLL_OUT     2
#define LX_POLL_MSG     3
#define LX_POLL_ERR     4
#define LX_POLL_PRI     5
#define LX_POLL_HUP     6

#define LX_SYS_SECCOMP  1

/* ---- siginfo (asm-generic/siginfo.h): 128 bytes ------------------------------------- */
#define LX_SI_MAX_SIZE  128
#define LX_SI_PAD_SIZE  (LX_SI_MAX_SIZE - 16)   /* the union after signo, errno, code */

union lx_sigval {
	int32_t sival_int;
	uint64_t sival_ptr;
};

struct lx_siginfo {
	int32_t si_signo;
	int32_t si_errno;
	int32_t si_code;
	int32_t pad0;                   /* the union is 8-byte aligned */
	union {
		uint8_t pad[LX_SI_PAD_SIZE];
		struct {                /* kill(2), tkill(2): SI_USER, SI_TKILL */
			int32_t pid;
			uint32_t uid;
		} kill;
		struct {                /* POSIX timers: SI_TIMER */
			int32_t tid;
			int32_t overrun;
			union lx_sigval sigval;
			int32_t sys_private;
		} timer;
		struct {                /* sigqueue(3), mq_notify(3): SI_QUEUE, SI_MESGQ */
			int32_t pid;
			uint32_t uid;
			union lx_sigval sigval;
		} rt;
		struct {                /* SIGCHLD */
			int32_t pid;
			uint32_t uid;
			int32_t status;
			int64_t utime;  /* clock ticks */
			int64_t stime;
		} sigchld;
		struct {                /* SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP */
			uint64_t addr;
			union {
				int16_t addr_lsb;       /* BUS_MCEERR_* */
				struct {
					uint64_t dummy;
					uint64_t lower;
					uint64_t upper;
				} bnd;                  /* SEGV_BNDERR */
				struct {
					uint64_t dummy;
					uint32_t pkey;
				} pkey;                 /* SEGV_PKUERR */
				struct {
					uint64_t data;
					uint32_t type;
					uint32_t flags;
				} perf;                 /* TRAP_PERF */
			} u;
		} sigfault;
		struct {                /* SIGIO / SIGPOLL */
			int64_t band;
			int32_t fd;
		} sigpoll;
		struct {                /* SIGSYS from seccomp */
			uint64_t call_addr;
			int32_t syscall;
			uint32_t arch;
		} sigsys;
	};
};

/* ---- sigcontext, fpstate (asm/sigcontext.h) ---------------------------------------- */
#define LX_FP_XSTATE_MAGIC1     0x46505853u     /* "FPXS" in the fpstate's sw bytes */
#define LX_FP_XSTATE_MAGIC2     0x46505845u     /* "FPXE" right after the xstate */
#define LX_FP_XSTATE_MAGIC2_SIZE 4
#define LX_FPSTATE_SW_OFFSET    464             /* struct lx_fpx_sw_bytes in the fxsave image */
#define LX_FPSTATE_LEGACY_SIZE  512
#define LX_XSAVE_HEADER_SIZE    64
#define LX_XSTATE_MIN_SIZE      (LX_FPSTATE_LEGACY_SIZE + LX_XSAVE_HEADER_SIZE)

/* What Linux writes in bytes 464..511 of the fxsave image (which the
 * processor leaves alone), telling user code whether an XSAVE state follows. */
struct lx_fpx_sw_bytes {
	uint32_t magic1;                /* LX_FP_XSTATE_MAGIC1 */
	uint32_t extended_size;         /* the whole state + LX_FP_XSTATE_MAGIC2_SIZE */
	uint64_t xfeatures;             /* the state components the kernel saves */
	uint32_t xstate_size;           /* where MAGIC2 lies, from the fpstate start */
	uint32_t padding[7];
};

/* The FXSAVE image (struct _fpstate_64). */
struct lx_fpstate {
	uint16_t cwd;
	uint16_t swd;
	uint16_t twd;                   /* abridged tag word (one byte used) */
	uint16_t fop;
	uint64_t rip;
	uint64_t rdp;
	uint32_t mxcsr;
	uint32_t mxcsr_mask;
	uint32_t st_space[32];          /* 8 x 16 bytes: ST0..7 */
	uint32_t xmm_space[64];         /* 16 x 16 bytes: XMM0..15 */
	uint32_t reserved2[12];
	union {
		uint32_t reserved3[12];
		struct lx_fpx_sw_bytes sw_reserved;
	};
};

struct lx_xsave_header {
	uint64_t xfeatures;             /* XSTATE_BV */
	uint64_t reserved1[2];          /* XCOMP_BV and one more: zero */
	uint64_t reserved2[5];
};

struct lx_ymmh_state {
	uint32_t ymmh_space[64];        /* bits 128..255 of YMM0..15 */
};

/* The XSAVE layout up to AVX (struct _xstate); larger states go on. */
struct lx_xstate {
	struct lx_fpstate fpstate;
	struct lx_xsave_header xstate_hdr;
	struct lx_ymmh_state ymmh;
};

/* struct sigcontext_64: the interrupted registers. */
struct lx_sigcontext {
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip;
	uint64_t eflags;
	uint16_t cs, gs, fs, ss;        /* gs, fs: 0; ss: meaningful with UC_SIGCONTEXT_SS */
	uint64_t err;                   /* the fault's error code */
	uint64_t trapno;                /* the fault's vector */
	uint64_t oldmask;               /* the saved mask, again */
	uint64_t cr2;                   /* the page-fault address */
	uint64_t fpstate;               /* user address of the lx_fpstate; 0: none */
	uint64_t reserved1[8];
};

#define LX_USER_CS      0x33    /* __USER_CS: what a 64-bit user context shows */
#define LX_USER_DS      0x2b    /* __USER_DS */

/* ---- ucontext (asm/ucontext.h) ------------------------------------------------ */
#define LX_UC_FP_XSTATE         0x1     /* fpstate has the XSAVE extension */
#define LX_UC_SIGCONTEXT_SS     0x2     /* sigcontext.ss is saved */
#define LX_UC_STRICT_RESTORE_SS 0x4     /* sigreturn restores ss as it is */

struct lx_ucontext {
	uint64_t uc_flags;
	uint64_t uc_link;
	struct lx_stack_t uc_stack;
	struct lx_sigcontext uc_mcontext;
	lx_sigset_t uc_sigmask;         /* last, for extensibility */
};

/* The x86-64 rt signal frame at the handler's rsp: the return address (the
 * sa_restorer), the ucontext, the siginfo; the fpstate lies above it. */
struct lx_rt_sigframe {
	uint64_t pretcode;
	struct lx_ucontext uc;
	struct lx_siginfo info;
};

/* ---- rflags bits (asm/processor-flags.h) ------------------------------------- */
#define LX_EFLAGS_CF    0x00000001u
#define LX_EFLAGS_FIXED 0x00000002u     /* always 1 */
#define LX_EFLAGS_PF    0x00000004u
#define LX_EFLAGS_AF    0x00000010u
#define LX_EFLAGS_ZF    0x00000040u
#define LX_EFLAGS_SF    0x00000080u
#define LX_EFLAGS_TF    0x00000100u
#define LX_EFLAGS_IF    0x00000200u
#define LX_EFLAGS_DF    0x00000400u
#define LX_EFLAGS_OF    0x00000800u
#define LX_EFLAGS_IOPL  0x00003000u
#define LX_EFLAGS_NT    0x00004000u
#define LX_EFLAGS_RF    0x00010000u
#define LX_EFLAGS_VM    0x00020000u
#define LX_EFLAGS_AC    0x00040000u
#define LX_EFLAGS_ID    0x00200000u

/* ---- error numbers the signal code returns (asm-generic/errno*.h) ------------ */
#define LX_EPERM        1
#define LX_EINTR        4
#define LX_ENOMEM       12
#define LX_EFAULT       14
#define LX_EINVAL       22
#define LX_ERESTARTSYS  512     /* kernel-internal: never seen by a program */
#define LX_ERESTARTNOINTR 513
#define LX_ERESTARTNOHAND 514
#define LX_ERESTART_RESTARTBLOCK 516
#define LX_NR_RESTART_SYSCALL 219

/* ---- layout checks against Linux ----------------------------------------------- */
_Static_assert(sizeof(struct lx_sigaction) == 32, "kernel sigaction");
_Static_assert(offsetof(struct lx_sigaction, restorer) == 16, "sa_restorer");
_Static_assert(offsetof(struct lx_sigaction, mask) == 24, "sa_mask last");
_Static_assert(sizeof(struct lx_stack_t) == 24, "stack_t");
_Static_assert(offsetof(struct lx_stack_t, ss_flags) == 8, "ss_flags");
_Static_assert(offsetof(struct lx_stack_t, ss_size) == 16, "ss_size");
_Static_assert(sizeof(struct lx_siginfo) == LX_SI_MAX_SIZE, "siginfo");
_Static_assert(offsetof(struct lx_siginfo, kill.pid) == 16, "si_pid");
_Static_assert(offsetof(struct lx_siginfo, kill.uid) == 20, "si_uid");
_Static_assert(offsetof(struct lx_siginfo, timer.overrun) == 20, "si_overrun");
_Static_assert(offsetof(struct lx_siginfo, timer.sigval) == 24, "si_value (timer)");
_Static_assert(offsetof(struct lx_siginfo, rt.sigval) == 24, "si_value (rt)");
_Static_assert(offsetof(struct lx_siginfo, sigchld.status) == 24, "si_status");
_Static_assert(offsetof(struct lx_siginfo, sigchld.utime) == 32, "si_utime");
_Static_assert(offsetof(struct lx_siginfo, sigchld.stime) == 40, "si_stime");
_Static_assert(offsetof(struct lx_siginfo, sigfault.addr) == 16, "si_addr");
_Static_assert(offsetof(struct lx_siginfo, sigfault.u.addr_lsb) == 24, "si_addr_lsb");
_Static_assert(offsetof(struct lx_siginfo, sigfault.u.bnd.lower) == 32, "si_lower");
_Static_assert(offsetof(struct lx_siginfo, sigfault.u.bnd.upper) == 40, "si_upper");
_Static_assert(offsetof(struct lx_siginfo, sigfault.u.pkey.pkey) == 32, "si_pkey");
_Static_assert(offsetof(struct lx_siginfo, sigfault.u.perf.type) == 32, "si_perf_type");
_Static_assert(offsetof(struct lx_siginfo, sigpoll.fd) == 24, "si_fd");
_Static_assert(offsetof(struct lx_siginfo, sigsys.syscall) == 24, "si_syscall");
_Static_assert(offsetof(struct lx_siginfo, sigsys.arch) == 28, "si_arch");
_Static_assert(sizeof(struct lx_fpx_sw_bytes) == 48, "_fpx_sw_bytes");
_Static_assert(offsetof(struct lx_fpx_sw_bytes, xstate_size) == 16, "xstate_size");
_Static_assert(sizeof(struct lx_fpstate) == LX_FPSTATE_LEGACY_SIZE, "_fpstate_64");
_Static_assert(offsetof(struct lx_fpstate, mxcsr) == 24, "mxcsr");
_Static_assert(offsetof(struct lx_fpstate, st_space) == 32, "st_space");
_Static_assert(offsetof(struct lx_fpstate, xmm_space) == 160, "xmm_space");
_Static_assert(offsetof(struct lx_fpstate, sw_reserved) == LX_FPSTATE_SW_OFFSET, "sw_reserved");
_Static_assert(sizeof(struct lx_xsave_header) == LX_XSAVE_HEADER_SIZE, "_header");
_Static_assert(sizeof(struct lx_xstate) == 832, "_xstate");
_Static_assert(offsetof(struct lx_xstate, ymmh) == 576, "_ymmh_state");
_Static_assert(sizeof(struct lx_sigcontext) == 256, "sigcontext_64");
_Static_assert(offsetof(struct lx_sigcontext, rdi) == 64, "sc.di");
_Static_assert(offsetof(struct lx_sigcontext, rsp) == 120, "sc.sp");
_Static_assert(offsetof(struct lx_sigcontext, rip) == 128, "sc.ip");
_Static_assert(offsetof(struct lx_sigcontext, eflags) == 136, "sc.flags");
_Static_assert(offsetof(struct lx_sigcontext, cs) == 144, "sc.cs");
_Static_assert(offsetof(struct lx_sigcontext, ss) == 150, "sc.ss");
_Static_assert(offsetof(struct lx_sigcontext, err) == 152, "sc.err");
_Static_assert(offsetof(struct lx_sigcontext, cr2) == 176, "sc.cr2");
_Static_assert(offsetof(struct lx_sigcontext, fpstate) == 184, "sc.fpstate");
_Static_assert(offsetof(struct lx_sigcontext, reserved1) == 192, "sc.reserved1");
_Static_assert(sizeof(struct lx_ucontext) == 304, "ucontext");
_Static_assert(offsetof(struct lx_ucontext, uc_stack) == 16, "uc_stack");
_Static_assert(offsetof(struct lx_ucontext, uc_mcontext) == 40, "uc_mcontext");
_Static_assert(offsetof(struct lx_ucontext, uc_sigmask) == 296, "uc_sigmask");
_Static_assert(sizeof(struct lx_rt_sigframe) == 440, "rt_sigframe");
_Static_assert(offsetof(struct lx_rt_sigframe, uc) == 8, "rt_sigframe.uc");
_Static_assert(offsetof(struct lx_rt_sigframe, info) == 312, "rt_sigframe.info");

#endif
