/*
 * fastpath.c - the IPC fast path: call and reply-and-receive in the common
 * case, switching straight from one thread's user state to another's.
 *
 * It is an optional copy of what ipc.c does: any case it does not handle
 * (typed items, more than the register words, a partner that is not
 * waiting or has a lower priority, timeouts, kernel-made messages) returns
 * false and the full path runs.  Boot with "nofastpath" on the command line
 * to switch it off; every test passes either way.
 *
 * The thread that blocks here leaves no kernel context behind: it is marked
 * parked, and if the full path ever switches to it, it continues in
 * fastpath_resumed, which copies ipc_err into its rax and returns to user
 * level.  The
 * thread we switch to was blocked in the kernel; its continuation would only
 * have returned the IPC result, so we write that result into its frame and
 * enter its user state directly, abandoning the old continuation.
 */
#include "cap.h"
#include "ipc.h"
#include "sched.h"
#include "syscall.h"
#include "task.h"
#include "thread.h"
#include "arch/switch.h"

bool fastpath_enabled = true;

/* Copy the message: all of it is in registers here.  Copying all eight is
 * cheaper than looking up each one; words past u are left undefined by the
 * ABI anyway. */
static inline __attribute__((always_inline)) void copy_regs(struct trapframe *from,
                                                            struct trapframe *to, unsigned u)
{
	if (u)
		arch_copy_msg_regs(from, to);
}

static inline bool simple_tag(word_t tag)
{
	return !(tag & (DBT_TAG_RESERVED | (0x1full << 7))) && DBT_TAG_U(tag) <= DBT_MSG_REG_WORDS;
}

/* Partner p can take over the CPU from t: nothing unusual pending on it. */
static inline bool partner_ok(struct thread *t, struct thread *p)
{
	return p->prio >= t->prio && !p->ipc_kernel && !p->timeout_at && !p->regs_written;
}

/* t blocks, p runs: run queues, then the switch (never returns).  At equal
 * priority p simply takes the running t's place at the head of the queue. */
static inline __attribute__((always_inline, noreturn)) void hand_over(struct thread *t,
                                                                      struct thread *p)
{
	struct cpu *c = this_cpu();
	p->state = TS_RUNNABLE;
	if (p->prio == t->prio) {
		struct list *n = &p->sched_link, *o = &t->sched_link;
		n->next = o->next;
		n->prev = o->prev;
		n->prev->next = n;
		n->next->prev = n;
		o->next = o->prev = o;
	} else {
		sched_remove(t);
		sched_add(p, true);
	}
	c->need_resched = false;
	c->fastpath++;
	arch_fastpath_switch(t, p);
}

/* The common part of both calls: a register-only message, no receive
 * timeout, and an endpoint capability with right in slot rdi; else NULL. */
static inline __attribute__((always_inline)) struct cap *
fast_endpoint(struct thread *t, struct trapframe *f, unsigned right)
{
	word_t slot = f->rdi;
	if (!simple_tag(f->rsi) || (uint32_t)(f->r10 >> 32) != DBT_TIMEOUT_NEVER)
		return NULL;
	struct task *task = t->task;
	if (slot - 1 >= task->cspace_slots - 1)
		return NULL;
	struct cap *cap = &task->cspace[slot];
	if (!cap->obj || cap->obj->type != DBT_OBJ_ENDPOINT || !(cap->rights & right))
		return NULL;
	return cap;
}

static bool fastpath_call(struct thread *t, struct trapframe *f)
{
	word_t tag = f->rsi;
	struct cap *cap = fast_endpoint(t, f, DBT_CAP_WRITE);
	if (!cap)
		return false;
	struct endpoint *ep = (struct endpoint *)cap->obj;
	if (list_empty(&ep->receivers))
		return false;
	struct thread *r = list_first(&ep->receivers, struct thread, wait_link);
	if (!partner_ok(t, r) || r->caller)
		return false;

	list_del(&r->wait_link);
	r->wait_obj = NULL;
	struct trapframe *rf = thread_frame(r);
	copy_regs(f, rf, DBT_TAG_U(tag));
	rf->rsi = DBT_TAG(DBT_TAG_LABEL(tag), DBT_TAG_U(tag), 0);
	rf->rdi = cap->badge;
	rf->rax = DBT_OK;
	r->caller = t;
	t->replier = r;
	t->state = TS_REPLY;
	hand_over(t, r);
}

static bool fastpath_reply_recv(struct thread *t, struct trapframe *f)
{
	word_t tag = f->rsi;
	struct thread *c = t->caller;
	struct cap *cap = c ? fast_endpoint(t, f, DBT_CAP_READ) : NULL;
	if (!cap)
		return false;
	struct endpoint *ep = (struct endpoint *)cap->obj;
	if (!list_empty(&ep->senders) || !list_empty(&ep->irqs) ||
	    (t->bound_ntf && t->bound_ntf->bits) || !partner_ok(t, c))
		return false;

	struct trapframe *cf = thread_frame(c);
	copy_regs(f, cf, DBT_TAG_U(tag));
	cf->rsi = DBT_TAG(DBT_TAG_LABEL(tag), DBT_TAG_U(tag), 0);
	cf->rdi = 0;
	cf->rax = DBT_OK;
	t->caller = NULL;
	c->replier = NULL;
	list_add_tail(&ep->receivers, &t->wait_link);
	t->wait_obj = &ep->obj;
	t->state = TS_RECV;
	hand_over(t, c);
}

/* From syscall_entry for DBT_SYS_CALL and DBT_SYS_REPLY_RECV: returns only
 * when the fast path does not apply, and syscall_handler takes over. */
void fastpath_syscall(struct trapframe *f)
{
	struct thread *t = current();
	if (!fastpath_enabled || t->foreign)
		return;
	t->regs_written = 0;    /* only a write during this call keeps rax */
	if (f->rax == DBT_SYS_CALL)
		fastpath_call(t, f);
	else
		fastpath_reply_recv(t, f);
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
