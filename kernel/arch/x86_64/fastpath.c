/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fastpath.c (x86-64) - the IPC fast path: call and reply-and-receive in the
 * common case, switching straight from one thread's user state to another's;
 * and the same for short foreign system calls (DBT_FOREIGN_SHORT) and their
 * answers.  It is x86-64 code: it works on the trap frames entry.S builds
 * and leaves through entry.S's exits.
 *
 * It is an optional copy of what kernel/ipc.c does: fastpath_call mirrors
 * ipc_send's delivery to a waiting receiver and await_reply;
 * fastpath_reply_recv mirrors ipc_reply followed by ipc_recv's wait_on.  A
 * change to the rendezvous there must be made here too (ipc.c points back
 * here).  Any case it does not handle (typed items, more than the register
 * words, a partner that is not waiting, a partner of lower priority while
 * a thread above the partner's priority is ready, a call's timeouts, a
 * receive deadline already passed, kernel-made messages) returns NULL and
 * the full path runs.  Timers: a reply-and-receive with a receive timeout
 * or deadline arms the receiver's timer as wait_on does (timer_arm), and a
 * message delivered to a receiver, or an answer to a caller, waiting with
 * one lets it lapse (timer_lapse) as dequeue and ipc_answer do.  Saved
 * replies (kernel/reply.c) stay on the full path too: a reply right moved
 * into a capability is no longer the thread's `caller`, so
 * fastpath_reply_recv never answers it; fastpath_call, like await_reply,
 * starts a wait with `replier` set (a running thread has no `reply`).
 * DBT_SYS_REPLY_CAP and _RECV never come here (entry.S).  Boot with
 * "nofastpath" on the command line to switch it off (syscall_entry_nofast);
 * every test passes either way.
 *
 * The message never leaves the registers: syscall_entry (entry.S) saves only
 * rip, rflags, rsp, rbp and the argument registers in the caller's frame,
 * this code decides and does the bookkeeping without calling anything (so
 * the callee-saved message registers stay put), and the exit path loads the
 * partner's rip, rflags, rsp, rbp, badge and tag and leaves with sysret.
 *
 * The thread that blocks here leaves no kernel context behind: it is marked
 * parked, and if the full path ever switches to it, it continues in
 * fastpath_resumed, which copies ipc_err into its rax and returns to user
 * level.  The thread we switch to was blocked in the kernel; its
 * continuation would only have returned the IPC result, so we enter its user
 * state directly, abandoning the old continuation.
 *
 * Short foreign system calls: fastpath_foreign_syscall mirrors
 * foreign_syscall's kernel call (syscall.c: ipc_send to a waiting receiver,
 * await_reply) for a caller whose frame entry.S has completed (any rax is a
 * system call); it returns the handler's frame, which entry.S enters with
 * the seven registers as MR0..MR6.  fastpath_reply_syscall mirrors ipc_reply
 * to such a caller and foreign_syscall_done: one word, which becomes rax,
 * and the caller is entered with every register of its frame
 * (fastpath_enter_frame, trap_return).  Refused, and left to the full path:
 * no usable handler capability, no receiver waiting, a receiver that may not
 * run yet (may_switch_to), written registers or an unanswered caller (a
 * receiver waiting with a timer has it disarmed); an answer with another
 * tag, to a caller that may not run yet or whose registers were written,
 * or any case reply-and-receive refuses.
 * A caller parked here has foreign_parked set: fastpath_resumed ends its
 * call in foreign_syscall_done.
 */
#include "cap.h"
#include "ipc.h"
#include "sched.h"
#include "syscall.h"
#include "task.h"
#include "thread.h"
#include "timer.h"
#include "arch/switch.h"

bool fastpath_enabled = true;

/* The exit of a reply to a short foreign system call (entry.S): enter the
 * thread whose complete frame f is, by trap_return.  It never returns; it
 * is declared as returning the frame so that the call to it is a jump (a
 * call to a noreturn function would align the stack first). */
struct trapframe *fastpath_enter_frame(struct trapframe *f);

/* No typed items, no reserved bits, at most the register words: the low 16
 * bits of the tag (u, t, reserved) are then u itself. */
static inline bool simple_tag(word_t tag)
{
	return (uint16_t)tag <= DBT_MSG_REG_WORDS;
}

/* The receive timeout (DBT_TIMEOUT_RCV of r10) is "never"; read as the
 * high 32-bit half in the frame, one compare. */
static inline bool no_rcv_timeout(const struct trapframe *f)
{
	uint32_t rcv;
	__builtin_memcpy(&rcv, (const char *)&f->r10 + 4, sizeof(rcv));
	return rcv == DBT_TIMEOUT_NEVER;
}

/* The deadline of a reply-and-receive's receive on the kernel clock
 * (CLOCK_NEVER: none), decoded as sys_ipc.c's rcv_timeout does: with
 * DBT_TAG_DEADLINE, r10 itself; otherwise r10's receive half in
 * microseconds from now.  "Never" reads no clock. */
static inline uint64_t rcv_deadline(const struct trapframe *f)
{
	if (f->rsi & DBT_TAG_DEADLINE)
		return f->r10;
	return timeout_deadline(timeout_us(DBT_TIMEOUT_RCV(f->r10)));
}

/* p may run when t blocks: what schedule() would choose, since t was the
 * highest runnable thread.  p of a lower priority than t is chosen only when
 * no thread above p's priority is ready (seL4's rule); one of p's own
 * priority may be passed over, as a switch to a partner of t's priority
 * always could. */
static inline bool may_switch_to(struct thread *t, struct thread *p)
{
	return p->prio >= t->prio || !sched_ready_above(p->prio);
}

/* Partner p can take over the CPU from t: nothing unusual pending on it.
 * (Its return address is canonical: paging.c never maps the last page.) */
static inline bool partner_ok(struct thread *t, struct thread *p)
{
	return may_switch_to(t, p) && !p->fast_veto;
}

/* t waits on ep to receive: wait_on (ipc.c) without the timer, which
 * hand_over_timed arms, and the sched_block, which hand_over's switch
 * stands for. */
static inline void wait_receive(struct thread *t, struct endpoint *ep)
{
	list_add_tail(&ep->receivers, &t->wait_link);
	t->wait_obj = &ep->obj;
	t->state = TS_RECV;
}

/* hand_over's less common case, kept out of line so that the fast path
 * itself calls nothing: a new I/O bitmap. */
static __attribute__((noinline)) struct trapframe *hand_over_io(struct thread *p)
{
	arch_fastpath_io_switch(p);
	return thread_frame(p);
}

/* t blocks, p runs: the user state, and p's frame for the exit path
 * (entry.S) to enter.  Neither is in a run queue (sched.c): the running
 * thread never is, and p was blocked.  may_switch_to(t, p) holds: no ready
 * thread is above p, so p is the one to run. */
static inline __attribute__((always_inline)) struct trapframe *hand_over(struct thread *t,
                                                                         struct thread *p)
{
	struct cpu *c = this_cpu();
	p->state = TS_RUNNABLE;
	c->need_resched = false;
	c->fastpath++;
	c->current = p;
	if (__builtin_expect(arch_fastpath_switch(t, p), 0))
		return hand_over_io(p);
	return thread_frame(p);
}

/* hand_over with t's timer armed for deadline (wait_on).  The hardware
 * timer stays as it is set: a lapsed timeout costs at most one interrupt
 * that finds nothing (timer.c). */
static __attribute__((noinline)) struct trapframe *
hand_over_timers(struct thread *t, struct thread *p, uint64_t deadline)
{
	timer_arm(t, deadline);
	return hand_over(t, p);
}

/* hand_over, through hand_over_timers if t is to wait until deadline (not
 * CLOCK_NEVER).  Partner p's wait ends, so a timeout it waited with lapses
 * (dequeue and ipc_answer disarm it): a store, its entry left filed for
 * p's next wait until the same deadline (timer_lapse).  Out of line and
 * reached by a jump, so that a fast path without timers stays a leaf
 * function: no registers to save (a call in it costs ~30 instructions a
 * round trip). */
static inline __attribute__((always_inline)) struct trapframe *
hand_over_timed(struct thread *t, struct thread *p, uint64_t deadline)
{
	timer_lapse(p);
	if (__builtin_expect(deadline != CLOCK_NEVER, 0))
		return hand_over_timers(t, p, deadline);
	return hand_over(t, p);
}

/* The common part of both calls: an endpoint capability with right in
 * slot rdi; else NULL. */
static inline __attribute__((always_inline)) struct cap *
fast_endpoint(struct thread *t, struct trapframe *f, unsigned right)
{
	word_t slot = f->rdi;
	struct task *task = t->task;
	if (slot >= task->cspace_slots)         /* slot 0 is always empty */
		return NULL;
	struct cap *cap = &task->cspace[slot];
	if (!cap->obj || cap->obj->type != DBT_OBJ_ENDPOINT || !(cap->rights & right))
		return NULL;
	return cap;
}

/* A call: a register-only message without DBT_TAG_DEADLINE, no reply
 * timeout (await_reply would arm one). */
static struct trapframe *fastpath_call(struct thread *t, struct trapframe *f)
{
	if (!simple_tag(f->rsi) || !no_rcv_timeout(f))
		return NULL;
	struct cap *cap = fast_endpoint(t, f, DBT_CAP_WRITE);
	if (!cap)
		return NULL;
	struct endpoint *ep = (struct endpoint *)cap->obj;
	if (list_empty(&ep->receivers))
		return NULL;
	struct thread *r = list_first(&ep->receivers, struct thread, wait_link);
	if (!partner_ok(t, r) || r->caller)
		return NULL;

	list_del(&r->wait_link);
	r->wait_obj = NULL;
	struct trapframe *rf = thread_frame(r);
	rf->rsi = f->rsi;       /* simple_tag: already label and u only */
	rf->rdi = cap->badge;
	r->caller = t;
	t->replier = r;
	t->state = TS_REPLY;
	return hand_over_timed(t, r, CLOCK_NEVER);
}

/*
 * The reply of t to its caller c waiting in a short foreign system call,
 * from reply_recv: MR0 (rdx) becomes c's rax, and c is entered with every
 * other register from its frame (trap_return), so rcx and r11 are what
 * `syscall` left there.  Mirrors ipc_reply and foreign_syscall_done's
 * successful case; t then waits on ep as in reply_recv, until deadline.
 * NULL if it declines (another tag, written registers, an exception or
 * page-fault message, a caller that may not run yet: a thread above its
 * priority is ready); otherwise it does not return.
 */
static inline __attribute__((always_inline)) struct trapframe *
reply_syscall(struct trapframe *f, word_t tag, uint64_t deadline, struct thread *c,
              struct thread *t, struct endpoint *ep)
{
	/* c->fast_veto is set: with regs_written clear, ipc_kernel is set, so
	 * the tag says thread_awaits_syscall_reply.  A kernel-made call never
	 * has a reply timeout (ipc_kernel_call), so no timer to disarm. */
	if (c->regs_written || c->ipc_tag != DBT_SYSCALL_SHORT_TAG ||
	    tag != DBT_SYSCALL_REPLY_TAG || !may_switch_to(t, c))
		return NULL;
	arch_syscall_set_result(thread_frame(c), f->rdx);
	c->ipc_kernel = 0;
	c->foreign_parked = 0;
	c->replier = NULL;
	t->caller = NULL;
	wait_receive(t, ep);
	if (deadline != CLOCK_NEVER && !timer_rearm(t, deadline))
		timer_arm(t, deadline);
	return fastpath_enter_frame(hand_over(t, c));
}

/* reply_syscall with no receive timeout (a leaf function: in the registers
 * they are in); with one it is inlined into fastpath_reply_recv_until,
 * which has a frame already. */
static __attribute__((noinline)) struct trapframe *
fastpath_reply_syscall(struct trapframe *f, word_t tag, struct thread *c, struct thread *t,
                       struct endpoint *ep)
{
	return reply_syscall(f, tag, CLOCK_NEVER, c, t, ep);
}

/* A reply-and-receive to caller c with the answer's tag, the receive until
 * deadline (CLOCK_NEVER: none; not passed). */
static inline __attribute__((always_inline)) struct trapframe *
reply_recv(struct thread *t, struct trapframe *f, struct thread *c, word_t tag,
           uint64_t deadline)
{
	struct cap *cap = fast_endpoint(t, f, DBT_CAP_READ);
	if (!cap)
		return NULL;
	struct endpoint *ep = (struct endpoint *)cap->obj;
	if (!list_empty(&ep->senders) || !list_empty(&ep->irqs) ||
	    (t->bound_ntf && t->bound_ntf->bits))
		return NULL;
	if (__builtin_expect(c->fast_veto != 0, 0)) {
		if (deadline == CLOCK_NEVER)
			return fastpath_reply_syscall(f, tag, c, t, ep);
		return reply_syscall(f, tag, deadline, c, t, ep);
	}
	if (!partner_ok(t, c))
		return NULL;

	struct trapframe *cf = thread_frame(c);
	cf->rsi = tag;
	cf->rdi = 0;
	t->caller = NULL;
	c->replier = NULL;
	wait_receive(t, ep);
	return hand_over_timed(t, c, deadline);
}

/* A reply-and-receive whose receive has a timeout or deadline: the
 * answer's tag is the register one without DBT_TAG_DEADLINE (it belongs to
 * the receive, as in sys_reply_recv); the deadline is decoded and checked
 * here, out of line, so that fastpath_reply_recv, without one, reads no
 * clock and calls nothing. */
static __attribute__((noinline)) struct trapframe *
fastpath_reply_recv_until(struct thread *t, struct trapframe *f, struct thread *c)
{
	word_t tag = f->rsi & ~(word_t)DBT_TAG_DEADLINE;
	uint64_t deadline = rcv_deadline(f);
	if (deadline_passed(deadline))
		return NULL;    /* the full path answers, then times out at once */
	return reply_recv(t, f, c, tag, deadline);
}

/* A reply-and-receive: the answer a register-only message. */
static struct trapframe *fastpath_reply_recv(struct thread *t, struct trapframe *f)
{
	struct thread *c = t->caller;
	if (!c)
		return NULL;
	if (__builtin_expect(!simple_tag(f->rsi) || !no_rcv_timeout(f), 0)) {
		/* typed items and long messages go to the full path from here */
		if (!simple_tag(f->rsi & ~(word_t)DBT_TAG_DEADLINE))
			return NULL;
		return fastpath_reply_recv_until(t, f, c);
	}
	return reply_recv(t, f, c, f->rsi, CLOCK_NEVER);
}

/*
 * From syscall_entry for DBT_SYS_CALL and DBT_SYS_REPLY_RECV, with a frame
 * that holds only rip, rflags, rsp, rbp and the argument registers (rax,
 * rdi, rsi, rdx, r8, r9, r10): the message itself stays in the registers.
 * Returns the frame of the thread to enter, whose rip, rflags, rsp, rbp, rdi
 * (badge) and rsi (tag) the exit path loads; the message registers pass
 * through unchanged.  NULL: the fast path does not apply, and
 * syscall_handler takes over.
 */
struct trapframe *fastpath_syscall(struct trapframe *f)
{
	struct thread *t = current();
	if (t->foreign)
		return NULL;
	t->regs_written = 0;    /* only a write during this call keeps rax */
	if (f->rax == DBT_SYS_CALL)
		return fastpath_call(t, f);
	return fastpath_reply_recv(t, f);
}

/*
 * From syscall_entry for a thread in short foreign mode (DBT_FOREIGN_SHORT),
 * whatever its rax, with its frame complete: a foreign system call to a
 * handler that waits on the thread's exception-handler endpoint.  Mirrors
 * foreign_syscall's ipc_kernel_call as far as ipc_send's delivery to a
 * waiting receiver and await_reply.  Returns the handler's frame, with
 * the badge in its rdi; the exit path (entry.S) enters it with the tag
 * DBT_SYSCALL_SHORT_TAG and the message from t's frame in MR0..MR6.  t is
 * parked waiting for the reply, with foreign_parked set so that the full
 * path, should it switch to t, ends the call in foreign_syscall_done.
 * NULL: no usable handler capability, nobody waiting, or a receiver that
 * may not run yet, with a timeout, written registers or an unanswered
 * caller; syscall_handler takes over.
 */
struct trapframe *fastpath_foreign_syscall(void)
{
	struct thread *t = current();
	struct cap *h = &t->exc_handler;
	if (!h->obj || h->obj->type != DBT_OBJ_ENDPOINT || !(h->rights & DBT_CAP_WRITE))
		return NULL;
	struct endpoint *ep = (struct endpoint *)h->obj;
	if (list_empty(&ep->receivers))
		return NULL;
	struct thread *r = list_first(&ep->receivers, struct thread, wait_link);
	if (!partner_ok(t, r) || r->caller)
		return NULL;

	list_del(&r->wait_link);
	r->wait_obj = NULL;
	thread_frame(r)->rdi = h->badge;
	r->caller = t;
	t->replier = r;
	t->ipc_tag = DBT_SYSCALL_SHORT_TAG;
	t->ipc_kernel = 1;      /* a full-path reply lands in kmsg */
	t->regs_written = 0;    /* only a write during this call keeps the rip */
	t->foreign_parked = 1;
	t->state = TS_REPLY;
	return hand_over_timed(t, r, CLOCK_NEVER);
}

/* A thread parked by the fast path runs again: finish its kernel call, or
 * its short foreign system call. */
void fastpath_resumed(void)
{
	struct thread *t = current();
	sched_first_run();
	if (t->foreign_parked) {
		foreign_syscall_done(t, t->ipc_err, true);
	} else {
		if (!t->regs_written)
			thread_frame(t)->rax = t->ipc_err;
		t->regs_written = 0;
	}
	kernel_exit();
}
