/*
 * fastpath.c (x86-64) - the IPC fast path: call and reply-and-receive in the
 * common case, switching straight from one thread's user state to another's.
 * It is x86-64 code: it works on the partial trap frame entry.S builds and
 * leaves through entry.S's sysret exit.
 *
 * It is an optional copy of what kernel/ipc.c does: fastpath_call mirrors
 * ipc_send's delivery to a waiting receiver and await_reply;
 * fastpath_reply_recv mirrors ipc_reply followed by ipc_recv's wait_on.  A
 * change to the rendezvous there must be made here too (ipc.c points back
 * here).  Any case it does not handle (typed items, more than the register
 * words, a partner that is not waiting or has a lower priority, timeouts,
 * kernel-made messages) returns NULL and the full path runs.  Saved
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
 */
#include "cap.h"
#include "ipc.h"
#include "sched.h"
#include "syscall.h"
#include "task.h"
#include "thread.h"
#include "arch/switch.h"

bool fastpath_enabled = true;

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

/* Partner p can take over the CPU from t: nothing unusual pending on it.
 * (Its return address is canonical: paging.c never maps the last page.) */
static inline bool partner_ok(struct thread *t, struct thread *p)
{
	return p->prio >= t->prio && !p->fast_veto && !p->timeout_at;
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
 * thread never is, and p was blocked.  p's priority is at least t's, which
 * was the highest runnable, so p is the one to run. */
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

/* The common part of both calls: a register-only message, no receive
 * timeout, and an endpoint capability with right in slot rdi; else NULL. */
static inline __attribute__((always_inline)) struct cap *
fast_endpoint(struct thread *t, struct trapframe *f, unsigned right)
{
	word_t slot = f->rdi;
	if (!simple_tag(f->rsi) || !no_rcv_timeout(f))
		return NULL;
	struct task *task = t->task;
	if (slot >= task->cspace_slots)         /* slot 0 is always empty */
		return NULL;
	struct cap *cap = &task->cspace[slot];
	if (!cap->obj || cap->obj->type != DBT_OBJ_ENDPOINT || !(cap->rights & right))
		return NULL;
	return cap;
}

static struct trapframe *fastpath_call(struct thread *t, struct trapframe *f)
{
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
	return hand_over(t, r);
}

static struct trapframe *fastpath_reply_recv(struct thread *t, struct trapframe *f)
{
	struct thread *c = t->caller;
	struct cap *cap = c ? fast_endpoint(t, f, DBT_CAP_READ) : NULL;
	if (!cap)
		return NULL;
	struct endpoint *ep = (struct endpoint *)cap->obj;
	if (!list_empty(&ep->senders) || !list_empty(&ep->irqs) ||
	    (t->bound_ntf && t->bound_ntf->bits) || !partner_ok(t, c))
		return NULL;

	struct trapframe *cf = thread_frame(c);
	cf->rsi = f->rsi;       /* simple_tag: already label and u only */
	cf->rdi = 0;
	t->caller = NULL;
	c->replier = NULL;
	list_add_tail(&ep->receivers, &t->wait_link);
	t->wait_obj = &ep->obj;
	t->state = TS_RECV;
	return hand_over(t, c);
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

/* A thread parked by the fast path runs again: finish its kernel call. */
void fastpath_resumed(void)
{
	struct thread *t = current();
	sched_first_run();
	if (!t->regs_written)
		thread_frame(t)->rax = t->ipc_err;
	t->regs_written = 0;
	kernel_exit();
}
