/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * main.c - unixd's start-up and its one receive loop.
 *
 * Start-up: the frame pool, the disks (disk.c: the route `disk`), the root
 * file system (the cpio archive the composition grants as `file
 * rootfs.cpio`, unpacked into a ramfs), the devices and the disks' nodes,
 * the console, the random generator (random.c: from the `rng` route when
 * there is one), then process 1 (`init=` in the arguments, default
 * /sbin/init).
 *
 * The loop receives on unix_endpoint and dispatches on the label:
 *   DBT_LABEL_SYSCALL_SHORT  a system call of a process (syscall.c)
 *   DBT_LABEL_PAGEFAULT      a page fault (mm/mm.c; SIGSEGV when refused)
 *   DBT_LABEL_EXCEPTION      any other CPU exception: a signal (signal.c)
 *   UNIX_LABEL_*             unixd's own helper threads (console input)
 * The badge names the thread (proc.c); a stale badge is dropped unanswered.
 * A call answered at once is answered by the next REPLY_RECV, which keeps the
 * kernel's fast path; woken parked calls run between messages; the receive
 * waits until the earliest deadline of a parked call (or of the root file
 * system's periodic write-back, when the root is on a disk).
 *
 * The system call is the hot path (docs/PERFORMANCE.md, unix_getppid): its
 * seven words arrive in registers (loop_ipc) and go from there straight
 * into the thread's park.call, the dispatch is one call into syscall.c,
 * the signal check is inline (signal_return_quiet) and the answer leaves
 * as one register.  Every other message goes through the UTCB's MRs, both
 * ways, as it always did.
 */
#include "unixd.h"
#include "mm/mm.h"
#include "mm/frame.h"
#include "signal.h"
#include "exec.h"
#include "console.h"
#include "fd.h"
#include "pipe.h"
#include "timeu.h"
#include "loadavg.h"
#include "disk.h"

#define INIT_DEFAULT "/sbin/init"

/* The kernel clock, from its clock page (no kernel call; the runtime maps
 * it on first use): the loop reads it after every message when the root
 * file system keeps a write-back tick. */
uint64_t unix_now_ns(void)
{
	return urt_now_ns();
}

/* A page fault: mapped, or a signal. */
bool unix_trace;

static bool handle_fault(struct uthread *t, const dbt_word_t *mr)
{
	int r = mm_fault(t->proc, mr[0], (unsigned)mr[1]);
	if (unix_trace)
		uprintf("[%d] fault at %lx (access %lx, rip %lx): %d\n", t->tid, mr[0], mr[1], mr[2], r);
	if (r == 0)
		return true;
	if (r < 0)      /* no frame, or a file page past the end of the file */
		signal_fault(t, LX_SIGBUS, 2 /* BUS_ADRERR */, mr[0], 14);
	else
		signal_fault(t, LX_SIGSEGV, r, mr[0], 14);
	return false;
}

/* What the loop owes the caller of the last message. */
enum answer {
	ANSWER_NONE,
	ANSWER_SYSCALL,         /* a system call's rax, in a register */
	ANSWER_MRS,             /* any other answer: its tag and the MRs */
	ANSWER_QUICK,           /* ANSWER_SYSCALL for a quick call (syscall_quick),
	                           which changed nothing: no call woken, no timer */
};

/* A message as the kernel delivers it: MR0..MR7 in registers. */
typedef struct dbt_regmsg regmsg_t;

/*
 * The loop's IPC on unix_endpoint: op with tag and r10 (timeouts or a
 * deadline), sending MR0 = mr0 alone (a system call's answer is rax; the
 * other registers carry nothing for the caller, fastpath.c), receiving
 * tag, badge and MR0..MR7 in registers.  What dbt_ipc_regs does, without
 * loading seven words that are not sent.
 */
static inline __attribute__((always_inline)) dbt_word_t
loop_ipc(dbt_word_t op, dbt_word_t *tag, dbt_word_t r10v, dbt_word_t mr0, regmsg_t *m,
         dbt_word_t *badge)
{
	register dbt_word_t r10 __asm__("r10") = r10v;
	register dbt_word_t m1 __asm__("r8");
	register dbt_word_t m2 __asm__("r9");
	register dbt_word_t m3 __asm__("rbx");
	register dbt_word_t m4 __asm__("r12");
	register dbt_word_t m5 __asm__("r13");
	register dbt_word_t m6 __asm__("r14");
	register dbt_word_t m7 __asm__("r15");
	dbt_word_t rax = op, rdi = unix_endpoint, rsi = *tag, m0 = mr0;
	__asm__ volatile("syscall"
	                 : "+a"(rax), "+D"(rdi), "+S"(rsi), "+d"(m0), "+r"(r10), "=r"(m1), "=r"(m2),
	                   "=r"(m3), "=r"(m4), "=r"(m5), "=r"(m6), "=r"(m7)
	                 :
	                 : "rcx", "r11", "memory");
	*m = (regmsg_t){ { m0, m1, m2, m3, m4, m5, m6, m7 } };
	*tag = rsi;
	*badge = rdi;
	return rax;
}

/* Answer the last caller as owed (rax for a system call), then receive the
 * next message into tag, badge and m; until deadline (kernel-clock ns)
 * unless it is UINT64_MAX.  An answer from the MRs goes through the UTCB
 * both ways (dbt_ipc), and the message received is then read from there. */
static inline __attribute__((always_inline)) dbt_word_t
receive(enum answer answer, dbt_word_t rax, dbt_word_t *tag, dbt_word_t *badge, regmsg_t *m,
        uint64_t deadline)
{
	dbt_word_t r10 = DBT_TIMEOUTS(0, DBT_TIMEOUT_NEVER);
	if (answer == ANSWER_NONE)
		*tag = 0;
	if (deadline != UINT64_MAX) {
		*tag |= DBT_TAG_DEADLINE;
		r10 = deadline;
	}
	if (answer == ANSWER_MRS) {
		dbt_word_t *mr = dbt_mr();
		dbt_word_t err = dbt_ipc(DBT_SYS_REPLY_RECV, unix_endpoint, tag, r10, mr, badge);
		*m = (regmsg_t){ { mr[0], mr[1], mr[2], mr[3], mr[4], mr[5], mr[6], mr[7] } };
		return err;
	}
	return loop_ipc(answer == ANSWER_SYSCALL ? DBT_SYS_REPLY_RECV : DBT_SYS_RECV, tag, r10, rax,
	                m, badge);
}

/* A system call of t, whose badge it is, its words in m: ANSWER_SYSCALL
 * with *rax when it is to be answered now.  The words go from the
 * registers straight into t->park.call, where a parked call keeps them;
 * when no signal is to be delivered (signal_return_quiet) nothing is
 * called but the dispatch. */
static inline __attribute__((always_inline)) enum answer
serve_syscall(struct uthread *t, dbt_word_t badge, const regmsg_t *m, dbt_word_t *rax)
{
	struct dbt_syscall_msg *c = &t->park.call;
	*c = (struct dbt_syscall_msg){ m->w[0], { m->w[1], m->w[2], m->w[3], m->w[4], m->w[5], m->w[6] } };
	t->in_call = true;
	long r = syscall_dispatch(t);
	if (uthread_by_badge(badge) != t)
		return ANSWER_NONE;     /* the call ended its own thread (a fatal signal) */
	if (__builtin_expect(unix_trace, 0))
		uprintf("[%d] %s(%lx, %lx, %lx) = %ld\n", t->tid, syscall_name(c->nr),
		        c->arg[0], c->arg[1], c->arg[2], r);
	if (r == SYS_PARKED || r == SYS_NOREPLY)
		return ANSWER_NONE;
	if (!signal_return_quiet(t, r) && !signal_before_return(t, &r))
		return ANSWER_NONE;
	t->in_call = false;
	*rax = (dbt_word_t)r;
	return ANSWER_SYSCALL;
}

/* Any other message, MR0..MR7 in m and the rest in the UTCB (whose first
 * eight words are stale after a register receive): a page fault, an
 * exception, unixd's own threads.  True when it is to be answered with
 * *reply_tag and the MRs.  (m by value: the loop keeps the message in
 * registers on the system call's path, and spills it on this one only.) */
static __attribute__((noinline)) bool serve_other(dbt_word_t label, dbt_word_t badge,
                                                  dbt_word_t *reply_tag, regmsg_t m)
{
	dbt_word_t mr[DBT_COMP_CONTROL_MAX / 8 + 1];    /* the longest message we take */
	_Static_assert(sizeof(mr) >= sizeof(m.w), "MR0..MR7 fit");
	memcpy(mr, dbt_mr(), sizeof(mr));               /* MR8 and up from the UTCB */
	for (unsigned i = 0; i < DBT_MSG_REG_WORDS; i++)
		mr[i] = m.w[i];                         /* MR0..MR7 from the registers */
	if (unix_trace)
		uprintf("msg label %lx badge %lx\n", label, badge);
	if (badge == UNIX_BADGE_INTERNAL)
		return console_message(label, mr, reply_tag);
	struct uthread *t = uthread_by_badge(badge);
	if (!t)
		return false;
	if (label == DBT_LABEL_PAGEFAULT) {
		*reply_tag = DBT_TAG(0, 0, 0);
		return handle_fault(t, mr);
	}
	if (label == DBT_LABEL_EXCEPTION) {
		struct dbt_exc_msg e;
		memcpy(&e, mr, sizeof(e));
		signal_exception(t, &e);
	}
	return false;
}

/* Serve one message (tag, badge, m): what is owed to its sender.  A system
 * call, the common case, stays in registers; the rest goes through the MRs
 * (serve_other copies them out first: output, for tracing or the console,
 * reuses them). */
static inline __attribute__((always_inline)) enum answer
serve(dbt_word_t tag, dbt_word_t badge, const regmsg_t *m, dbt_word_t *rax, dbt_word_t *reply_tag)
{
	struct uthread *t;
	/* the kernel's tag, in full: one compare */
	if (tag == DBT_SYSCALL_SHORT_TAG && (t = uthread_by_badge(badge))) {
		syscall_fn *quick = syscall_quick(m->w[0]);
		if (quick && signal_none_due(t)) {
			*rax = (dbt_word_t)quick(t, NULL);
			return ANSWER_QUICK;
		}
		if (__builtin_expect(unix_trace, 0))
			uprintf("msg label %lx badge %lx\n", DBT_TAG_LABEL(tag), badge);
		return serve_syscall(t, badge, m, rax);
	}
	/* (a stale badge, UNIX_BADGE_INTERNAL or another label: no system call) */
	return serve_other(DBT_TAG_LABEL(tag), badge, reply_tag, *m) ? ANSWER_MRS : ANSWER_NONE;
}

/* Answer what is owed before the woken parked calls run (they answer
 * through the MRs themselves). */
static void answer_now(enum answer answer, dbt_word_t rax, dbt_word_t reply_tag)
{
	if (answer == ANSWER_SYSCALL) {
		dbt_mr()[0] = rax;
		reply_tag = DBT_SYSCALL_REPLY_TAG;
	}
	if (answer != ANSWER_NONE)
		dbt_reply(reply_tag);
}

/* The earliest of the parked calls', the timers' and the root's write-back
 * deadlines (UINT64_MAX: none), the write-back run first if it is due. */
static inline __attribute__((always_inline)) uint64_t next_deadline(void)
{
	uint64_t deadline = park_next_deadline(), it = itimer_next_deadline();
	uint64_t fs = fs_next_tick();
	if (fs != UINT64_MAX && unix_now_ns() >= fs) {
		fs_tick(unix_now_ns());     /* a busy loop never times out */
		fs = fs_next_tick();
	}
	if (it < deadline)
		deadline = it;
	return fs < deadline ? fs : deadline;
}

static void loop(void)
{
	dbt_word_t tag = 0, badge = 0, reply_tag = 0, rax = 0;
	enum answer answer = ANSWER_NONE;
	uint64_t deadline = UINT64_MAX;
	for (;;) {
		if (answer == ANSWER_QUICK) {
			answer = ANSWER_SYSCALL;        /* nothing to look at: the same deadline */
		} else {
			if (syscall_have_ready()) {
				answer_now(answer, rax, reply_tag);
				answer = ANSWER_NONE;
				syscall_run_ready();
			}
			deadline = next_deadline();
		}
		regmsg_t m;
		tag = answer == ANSWER_SYSCALL ? DBT_SYSCALL_REPLY_TAG : reply_tag;
		dbt_word_t err = receive(answer, rax, &tag, &badge, &m, deadline);
		answer = ANSWER_NONE;
		if (__builtin_expect(err != DBT_OK, 0)) {
			if (err == DBT_E_TIMEOUT) {
				uint64_t now = unix_now_ns();
				park_expire(now);
				itimer_expire(now);
				fs_tick(now);
				loadavg_update(now);
			}
			continue;
		}
		answer = serve(tag, badge, &m, &rax, &reply_tag);
	}
}

/* /dev/vda... for the disks disk_init found (a disk missing there is logged, not fatal). */
static void disks_in_dev(void)
{
	int err = diskdev_init();
	if (err < 0)
		uprintf("unixd: cannot make the disks' nodes in /dev (%d)\n", -err);
}

static int start_init(void)
{
	char path[128];
	const char *init = urt_arg("init", path, sizeof(path));
	if (!init)
		init = INIT_DEFAULT;
	/* the init's arguments: the words after " -- " in the component's args */
	const char *a = urt_env->args;
	while (*a && strncmp(a, " -- ", 4))
		a++;
	int err = exec_first(init, *a ? a + 4 : "");
	if (err)
		uprintf("unixd: cannot start %s: error %d\n", init, -err);
	return err;
}

int main(const struct dbt_bootinfo *bi)
{
	(void)bi;
	char tr[8];
	unix_trace = urt_arg("trace", tr, sizeof(tr)) != NULL;
	if (unix_trace)
		syscall_quick_off();
	unix_endpoint = urt_slot_alloc();
	if (!unix_endpoint || dbt_create(DBT_COMP_SLOT_QUOTA, DBT_OBJ_ENDPOINT, unix_endpoint, 0, 0) ||
	    frame_init() < 0) {
		uprintf("unixd: cannot set up\n");
		return 1;
	}
	time_init();
	disk_init();            /* before the root: it may be on a disk */
	if (pipe_init() < 0 || rootfs_init() < 0 || console_init() < 0 || control_init() < 0)
		return 1;
	disks_in_dev();
	random_init();
	if (start_init() < 0)
		return 1;
	uprintf("unixd: started %s\n", proc_init_proc ? proc_init_proc->exe : "?");
	loop();
	return 0;
}
