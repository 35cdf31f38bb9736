/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * unixd.h - the UNIX personality server's core objects: processes, their
 * threads, and the rules that tie them to kernel objects.
 *
 * A process (struct proc) runs in an address space (struct mm, mm/mm.h):
 * a kernel task with its own sub-quota, the process's own, or its parent's
 * for a child of clone(CLONE_VM) without CLONE_THREAD (vfork) until it
 * execs or ends.  Each of its threads (struct uthread) is a kernel thread
 * in that task running in
 * short foreign-ABI mode (docs/KERNEL-API.md §17), whose pager and exception
 * handler are copies of unixd's one endpoint badged with the thread's
 * handle.  unixd is single-threaded: every field below is touched only by
 * the receive loop (main.c) and the handlers it calls, so nothing is locked.
 *
 * Handles: a thread's badge is UTHREAD_BADGE(index, generation); a message
 * whose badge names a freed or reused entry is stale and dropped.
 *
 * Entry points by file (docs/UNIX.md has the whole picture):
 *   main.c      start-up and the receive loop
 *   syscall.c   the system-call table and dispatch; parking (deferred replies)
 *   proc.c      process and thread objects, pids, the kernel objects behind them
 *   mm/         frames, page tables, faults, user-memory access, mmap & co.
 *   exec.c      execve; fork.c clone/fork; exit.c exit and wait
 *   signal.c    signal state, delivery and rt_sigreturn
 */
#ifndef UNIXD_H
#define UNIXD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <urt.h>
#include "lx_errno.h"
#include "vfs.h"
#include "sigframe.h"

#define UNIX_PAGE       4096ull
#define UNIX_PAGE_SHIFT 12
#define PAGE_DOWN(a)    ((a) & ~(UNIX_PAGE - 1))
#define PAGE_UP(a)      (((a) + UNIX_PAGE - 1) & ~(UNIX_PAGE - 1))

/* The layout of a process's address space (docs/UNIX.md "Memory"). */
#define UPROC_UTCB_BASE   0x7fffff000000ull   /* UTCB pages, one per thread */
#define UPROC_UTCB_PAGES  4095u               /* up to the last user page, never mapped */
#define UPROC_STACK_TOP   0x7ffffe000000ull   /* top of the main thread's stack */
#define UPROC_MMAP_BASE   0x7ff000000000ull   /* mmap places areas below this */
#define UPROC_PIE_BASE    0x555555554000ull   /* load address of a static PIE (as Linux) */
#define UPROC_MAX_THREADS UPROC_UTCB_PAGES

struct proc;
struct uthread;
struct mm;
struct fdtable;
struct fsctx;
struct sigstate;

/* Pending signals: a set, the siginfo of each standard signal (the first
 * sent while pending; later ones merge), and a queue of every instance of
 * the real-time signals (32..64), which do not merge. */
struct sigpend {
	lx_sigset_t set;
	struct lx_siginfo *info;        /* [64], made on first use */
	struct urt_list rtq;            /* struct sigq, in the order sent */
	unsigned nrt;
};

/* A parked system call: the thread waits for an event; when the event
 * comes, the call runs again from its saved arguments (syscall.c). */
struct park {
	bool parked;                    /* waiting on queue and/or deadline */
	bool saved;                     /* its reply capability is in uthread.reply */
	bool on_ready;                  /* woken, on the ready list */
	bool sleeps_through_signals;    /* signals do not interrupt it (stopped answers);
	                                   false at user level (signal_none_due) */
	long intr_result;               /* its result when a signal interrupts it */
	uint64_t data[2];               /* the handler's own state across runs */
	struct dbt_syscall_msg call;    /* the call as it came */
	uint64_t deadline;              /* kernel-clock ns; UINT64_MAX: none */
	struct urt_link qlink;          /* on a wait queue, if any */
	struct urt_list *queue;
	struct urt_link tlink;          /* on the timer list while a deadline is set */
	int wake_reason;                /* PARK_WOKEN, PARK_TIMEOUT, PARK_SIGNAL */
	bool has_result;                /* answer with result when run (a stop held it) */
	void (*cleanup)(struct uthread *t);     /* when it ends without running again */
	long result;
};
enum { PARK_NONE, PARK_WOKEN, PARK_TIMEOUT, PARK_SIGNAL };

struct uthread {
	struct proc *proc;              /* owner; NULL when the entry is free */
	uint32_t index, gen;            /* handle: uthread_table[index], generation */
	int tid;
	dbt_slot_t thread;              /* kernel thread (CONTROL) */
	dbt_slot_t reply;               /* slot for the saved reply capability */
	dbt_slot_t exc;                 /* unix_endpoint badged with its handle */
	uint64_t utcb;                  /* its UTCB's address in the process */
	bool in_call;                   /* it waits in a system call we have not answered */
	bool stopped;                   /* stopped by us (signal, job control, exit) */
	struct park park;
	uint64_t clear_child_tid;       /* set_tid_address / CLONE_CHILD_CLEARTID */
	uint64_t robust_list, robust_len;
	lx_sigset_t sig_blocked;        /* blocked mask (bit sig-1) */
	struct sigpend pend;            /* thread-directed pending signals (signal.c) */
	struct sig_altstack alt;        /* sigaltstack */
	bool restore_mask;              /* sigsuspend: saved_mask goes back after delivery */
	lx_sigset_t saved_mask;
	lx_sigset_t waiting_set;        /* sigtimedwait: the signals it waits for; 0 at
	                                   user level (signal_none_due) */
	uint64_t futex_key[2];          /* a futex wait: what it waits on (futex.c) */
	uint32_t futex_bitset;
	bool futex_woken;
	uint64_t cpu_ns_base;           /* CPU time of threads that ended (proc) */
	struct urt_link plink;          /* in proc->threads */
};

#define UTHREAD_BADGE(index, gen) ((dbt_word_t)(index) | ((dbt_word_t)(gen) << 20))
#define UTHREAD_BADGE_INDEX(b)    ((uint32_t)((b) & 0xfffff))
#define UTHREAD_BADGE_GEN(b)      ((uint32_t)((b) >> 20))
#define UTHREAD_GEN_MAX           0xfffffu      /* generations go 1..this: a badge is never 0 */

enum proc_state { PROC_ALIVE, PROC_ZOMBIE };


struct rlim { uint64_t cur, max; };
#define LX_RLIM_NLIMITS 16
#define LX_RLIM_INFINITY (~0ull)

struct proc {
	int pid, pgid, sid;
	struct proc *parent;
	struct urt_list children;       /* struct proc.sibling */
	struct urt_link sibling;
	enum proc_state state;
	int exit_status;                /* wait status word once a zombie */
	int stop_report;                /* WUNTRACED/WCONTINUED report pending (wait.c) */
	bool stopped;                   /* job-control stopped */
	struct mm *mm;                  /* a reference; its task runs the threads */
	struct fdtable *fds;
	struct fsctx *fs;
	struct sigstate *sig;           /* handlers, shared by CLONE_SIGHAND threads */
	struct vfs_cred cred;           /* real, effective, fs ids and groups */
	uint32_t suid, sgid;            /* saved set-user and set-group ids */
	struct rlim rlim[LX_RLIM_NLIMITS];
	struct urt_list threads;        /* struct uthread.plink */
	unsigned nthreads;
	int exit_signal;                /* signal to the parent at exit (SIGCHLD) */
	struct sigpend pend;            /* process-directed pending signals (signal.c) */
	uint64_t utime_ns, stime_ns;    /* of threads that ended */
	uint64_t cutime_ns, cstime_ns;  /* of waited-for children */
	uint64_t start_ns;
	struct urt_list waiters;        /* threads parked in wait4 on this process */
	char comm[16];
	char exe[256];                  /* path of the running program (/proc/self/exe) */
	struct utimer *itimer[3];       /* setitimer's REAL, VIRTUAL, PROF (timer.c) */
	struct urt_list timers;         /* timer_create's, struct utimer.plink */
	int timer_next_id;
	bool exec_done;                 /* it has called execve (setpgid: EACCES) */
	bool exec_secure;
	uint32_t personality;
	int pdeathsig;                  /* PR_SET_PDEATHSIG: sent when the parent ends (0: none) */
	bool undumpable;                /* PR_SET_DUMPABLE 0; exec sets it back (sys_proc.c) */
	bool no_new_privs;              /* PR_SET_NO_NEW_PRIVS: exec grants no set-id (sticky) */
	bool child_subreaper;           /* PR_SET_CHILD_SUBREAPER: orphans below come here (exit.c) */
	bool membarrier_private;        /* MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED done */
	uint64_t maxrss_pages;          /* resident pages at the end (rusage) */
	int nice;               /* its program runs set-id (AT_SECURE) */
	struct uthread *vfork_waiter;   /* the parent thread blocked in vfork (fork.c) */
};

/* ---- proc.c ---- */
extern struct proc *proc_init_proc;     /* pid 1 */
struct proc *proc_by_pid(int pid);
/* The thread of a badge, NULL if it is stale (inline: every message asks,
 * the system call twice).  uthread_badges[i] is entry i's live badge, 0
 * while it is free: one compare checks the index's range (the bits above
 * it must be 0) and the generation. */
#define UTHREAD_MAX 4096
_Static_assert((UTHREAD_MAX & (UTHREAD_MAX - 1)) == 0, "an index is the badge's low bits");
extern struct uthread *uthread_table[UTHREAD_MAX];
extern dbt_word_t uthread_badges[UTHREAD_MAX];
static inline struct uthread *uthread_by_badge(dbt_word_t badge)
{
	uint32_t i = (uint32_t)badge & (UTHREAD_MAX - 1);
	return uthread_badges[i] == badge ? uthread_table[i] : NULL;
}
struct uthread *uthread_by_tid(int tid);
struct proc *proc_new(struct proc *parent);
int uthread_new(struct proc *p, struct uthread **out);
void uthread_free(struct uthread *t);
void proc_free(struct proc *p);
int proc_count(void);
struct uthread *proc_main_thread(struct proc *p);
/* Iterate over every live process: for (p = proc_next(NULL); p; p = proc_next(p)) */
struct proc *proc_next(struct proc *p);
/* The first process whose pid is above pid: for a loop whose body may free
 * p (a signal can end a process and its parent reap it at once), which
 * remembers p->pid before and goes on with proc_after(pid). */
struct proc *proc_after(int pid);
/* More kernel memory for p's mm's quota when a kernel call said
 * DBT_E_NO_QUOTA; false when unixd's own quota has no more to give. */
bool proc_quota_grow(struct proc *p);
/* The task and sub-quota of a new mm (-EAGAIN: no kernel memory; what was
 * made is for mm_kernel_free), and their end (with every thread in it). */
int mm_kernel_new(struct mm *mm);
void mm_kernel_free(struct mm *mm);
/* execve moves a thread to a new mm: its new kernel thread is made first
 * (before the point of no return), then replaces the old one (or is
 * dropped).  The new thread is not started; t is no longer in a call. */
struct kthread {
	dbt_slot_t thread;
	uint64_t utcb;
};
int uthread_move_prepare(struct uthread *t, struct mm *mm, struct kthread *k);
void uthread_move(struct uthread *t, const struct kthread *k);
void uthread_move_abort(struct mm *mm, struct kthread *k);
extern dbt_slot_t unix_endpoint;
/* t takes the id tid (execve by a thread that was not the leader). */
void uthread_take_tid(struct uthread *t, int tid);
/* sys_proc.c: process 1's starting state. */
int proc_setup_first(struct proc *p);
/* sys_proc.c: uname's strings (UTS_FIELD_LEN bytes each, writable: /proc/sys/kernel). */
enum { UTS_SYSNAME, UTS_NODENAME, UTS_RELEASE, UTS_VERSION, UTS_MACHINE, UTS_DOMAINNAME };
#define UTS_FIELD_LEN 65
char *uts_field(int which);
/* fork.c: p's vfork parent continues. */
void vfork_release(struct proc *p);        /* where every process's calls arrive */

/* ---- syscall.c ---- */
/* Results a handler returns besides a value (>= 0) or -errno: */
#define SYS_PARKED   (-100000L)     /* parked: answered when it runs again */
#define SYS_NOREPLY  (-100001L)     /* the thread is gone or was answered already */
long syscall_dispatch(struct uthread *t);
/* The quick calls (syscall.c): they only read the caller's own state - no
 * user memory, no parking, nothing changed, no signal sent, never the end
 * of a thread - so the loop runs them without a call's bookkeeping (no
 * park.call, no in_call, no second look-up of the thread) when no signal
 * is due on the way back (checked first: the call changes nothing).
 * syscall_quick: the handler of number nr if it is one, else NULL (always
 * NULL after syscall_quick_off: tracing shows every call). */
typedef long syscall_fn(struct uthread *t, const uint64_t *a);
#define SYSCALL_QUICK_MAX 187   /* one past the highest quick number (gettid) */
extern syscall_fn *const syscall_quick_table[SYSCALL_QUICK_MAX];
extern uint64_t syscall_quick_limit;    /* SYSCALL_QUICK_MAX, or 0 */
static inline syscall_fn *syscall_quick(uint64_t nr)
{
	return nr < syscall_quick_limit ? syscall_quick_table[nr] : NULL;
}
void syscall_quick_off(void);
/* The thread whose call is being served (for file operations that need it);
 * NULL between calls. */
extern struct uthread *unix_current;
void syscall_answer(struct uthread *t, long rax);
/* Park t (in a call) on queue (may be NULL) until woken or deadline. */
long park(struct uthread *t, struct urt_list *queue, uint64_t deadline);
/* Run the parked calls of every thread on queue again. */
void wake_all(struct urt_list *queue);
void wake_one(struct uthread *t, int reason);
void unpark(struct uthread *t);
void park_cancel(struct uthread *t);
void park_interrupt(struct uthread *t);
void syscall_run_ready(void);
/* Woken calls wait to run (inline: the loop asks after every message). */
extern struct urt_list syscall_ready, park_timers;
static inline bool syscall_have_ready(void)
{
	return !urt_list_empty(&syscall_ready);
}
const char *syscall_name(uint64_t nr);
/* Next deadline of a parked call (UINT64_MAX: none), and running the
 * expired ones. */
static inline uint64_t park_next_deadline(void)
{
	if (urt_list_empty(&park_timers))
		return UINT64_MAX;
	return urt_list_first(&park_timers, struct uthread, park.tlink)->park.deadline;
}
void park_expire(uint64_t now);
void syscall_print_enosys(void);
uint64_t unix_now_ns(void);         /* kernel clock (monotonic) */

#define SYSCALL_MAX 512

/* ---- memfd.c ---- */
/* fcntl F_GET_SEALS / F_ADD_SEALS on f: seals, 0 or -errno (EINVAL: not a memfd) */
long memfd_fcntl_seals(struct file *f, unsigned cmd, uint64_t seals);

#endif
