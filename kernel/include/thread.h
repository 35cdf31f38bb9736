/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * thread.h - threads: the unit of execution and of IPC.
 *
 * A thread object is one 8 KiB block: this structure at the bottom, its
 * kernel stack above it, the trap frame of its user state at the very top.
 * Its UTCB is a separate kernel page mapped into its task.
 *
 * IPC state: a blocked thread is on exactly one wait queue (an endpoint's
 * senders or receivers, or a notification's waiters) through wait_link, or
 * waits for a reply (TS_REPLY) from `replier` or, once the server saved the
 * right (DBT_SYS_REPLY_SAVE), from the reply object `reply`: exactly one of
 * the two is set in TS_REPLY, and neither in any other state.  `caller` is
 * the one-shot reply right: the thread whose call this thread received and
 * has neither answered nor saved.
 */
#ifndef KERNEL_THREAD_H
#define KERNEL_THREAD_H

#include "object.h"
#include "cap.h"
#include "arch/thread.h"

/* Same order as the public enum dbt_thread_state (DBT_THREAD_INFO). */
enum thread_state {
	TS_INACTIVE,            /* created, never started */
	TS_RUNNABLE,
	TS_SEND,                /* queued on wait_obj (endpoint) to send */
	TS_RECV,                /* queued on wait_obj (endpoint) to receive */
	TS_REPLY,               /* waiting for replier to answer */
	TS_WAIT_NTF,            /* waiting on notification wait_obj */
	TS_STOPPED,
	TS_DEAD,
};
_Static_assert((int)TS_STOPPED == (int)DBT_THREAD_STOPPED && (int)TS_DEAD == (int)DBT_THREAD_DEAD &&
               (int)TS_REPLY == (int)DBT_THREAD_AWAIT_REPLY, "thread states are ABI");

#define THREAD_SIZE 8192
#define KMSG_WORDS 24           /* kernel-built messages (faults, exceptions) */
_Static_assert(KMSG_WORDS >= DBT_EXC_WORDS, "an exception message fits kmsg");
#define THREAD_DEFAULT_PRIO 100         /* a thread made before any runs */
#define THREAD_DEFAULT_SLICE 10         /* ticks */

struct task;
struct endpoint;
struct notification;
struct reply;

struct thread {
	struct kobj obj;
	struct arch_thread arch;
	struct task *task;
	struct list task_link;

	uint8_t state;
	uint8_t prio;
	uint8_t foreign;                /* DBT_FOREIGN_* flags: syscall becomes exception IPC */
	uint8_t ipc_call;               /* queued sender is doing a call */
	uint8_t foreign_parked;         /* the fast path parked it in a short foreign
	                                   syscall: it resumes in foreign_syscall_done */
	uint8_t result_set;             /* its short foreign call's answer is in rax already */
	uint32_t reply_epoch;           /* advances when a wait for a reply is cancelled */
	uint8_t rcv_timeout_rel;        /* rcv_timeout is relative to the delivery */
	struct list sched_link;         /* run queue */
	word_t timeslice, slice_left;   /* ticks */

	struct list wait_link;          /* endpoint or notification queue */
	struct kobj *wait_obj;
	word_t ipc_badge;               /* badge of the capability a queued sender used */
	word_t ipc_err;                 /* result for a woken thread */
	word_t ipc_tag;                 /* tag of a kernel message (kmsg) */
	uint64_t rcv_timeout;           /* reply timeout of a queued call: a struct
	                                   timeout's ns, with rcv_timeout_rel */
	struct thread *caller;          /* reply right: who we owe an answer */
	struct thread *replier;         /* who owes us an answer */
	struct reply *reply;            /* or the saved right that does */

	struct list timeout_link;       /* in timer.c's list while filed */
	uint64_t timeout_at;            /* clock time (ns) of expiry; 0: none */
	uint64_t timeout_filed;         /* while filed: the time it is filed by, which is
	                                   timeout_at, or one that lapsed (timer_lapse) */

	struct cap pager, exc_handler;  /* internal capabilities to endpoints */
	struct notification *bound_ntf;

	struct dbt_utcb *utcb;          /* kernel address */
	vaddr_t utcb_va;
	word_t kmsg[KMSG_WORDS];
	uint32_t id;                    /* for the debugger */
	uint64_t cpu_ticks;
	union {
		struct {
			uint8_t ipc_kernel;     /* message is the kernel's (kmsg), not the user's */
			uint8_t regs_written;   /* frame replaced: keep rax on syscall exit */
		};
		uint16_t fast_veto;     /* either: the IPC fast path leaves this thread alone */
	};
	struct list all_link;           /* thread_list, for the debugger */
};

static inline struct trapframe *thread_frame(struct thread *t)
{
	return (struct trapframe *)((char *)t + THREAD_SIZE) - 1;
}

/* t waits for the answer to a short foreign system call (DBT_FOREIGN_SHORT),
 * which must be exactly DBT_SYSCALL_REPLY_TAG (sys_ipc.c, fastpath.c). */
static inline bool thread_awaits_syscall_reply(const struct thread *t)
{
	return t->ipc_kernel && t->ipc_tag == DBT_SYSCALL_SHORT_TAG;
}

word_t thread_create(struct quota *q, struct task *task, vaddr_t utcb_va, struct thread **out);
void thread_cancel_ipc(struct thread *t, word_t err);   /* leave any queue, wake with err */
void thread_stop(struct thread *t);
void thread_resume(struct thread *t);
void thread_halt_fault(struct thread *t, const char *why);  /* no handler: stop and log */
void thread_free(struct thread *t);                        /* memory, after teardown */
word_t thread_control(struct thread *caller, struct thread *t, unsigned op, word_t a,
                      word_t b, word_t *v0, word_t *v1);
extern struct list thread_list;

/* t's wait ended before its timeout: the timeout no longer counts, but its
 * entry stays filed, so that a server that waits again until the same
 * deadline (the IPC fast path's round trips) re-arms it with a store
 * (timer_arm); timer_interrupt drops a lapsed entry when it comes due, and
 * timer_disarm (a thread that goes) at once. */
static inline void timer_lapse(struct thread *t)
{
	t->timeout_at = 0;
}

/* timer_arm's common case, inline for the IPC fast path: t's timeout lapsed
 * where deadline files it, and is live again.  false: timer_arm must file it. */
static inline bool timer_rearm(struct thread *t, uint64_t deadline)
{
	if (!list_linked(&t->timeout_link) || t->timeout_filed != deadline || !deadline)
		return false;
	t->timeout_at = deadline;
	return true;
}

#endif
