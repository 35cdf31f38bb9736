/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ipc.c - synchronous IPC over endpoints, replies, notifications.
 *
 * Entry points: ipc_send (send and call), ipc_recv, ipc_reply,
 * ipc_answer and ipc_reply_abort (for saved replies, reply.c),
 * ipc_kernel_call (page faults and exceptions), notification_signal/wait,
 * endpoint_irq.  The rendezvous copies the message straight from the
 * sender's registers and UTCB into the receiver's; there is no kernel
 * buffering.  A thread blocked in the kernel is always inside schedule(),
 * and its result is left in ipc_err by whoever wakes it.
 *
 * The syscall layer has already checked the tag (length, reserved bits) and
 * the rights of the capability used.
 *
 * The common call and reply-and-receive have a fast path,
 * arch/x86_64/fastpath.c, a copy of ipc_send, await_reply, ipc_reply and
 * ipc_recv for register-only messages.  A function marked "mirrored" below
 * has its twin there: a change to one must be made to the other.
 */
#include "ipc.h"
#include "cap.h"
#include "irq.h"
#include "sched.h"
#include "space.h"
#include "task.h"
#include "thread.h"
#include "timer.h"

/* ---- message registers of a thread --------------------------------------- */

static word_t msg_get(struct thread *t, unsigned i)
{
	if (t->ipc_kernel)
		return i < KMSG_WORDS ? t->kmsg[i] : 0;
	if (i < DBT_MSG_REG_WORDS)
		return *arch_msg_reg(thread_frame(t), i);
	return t->utcb->mr[i];
}

static void msg_put(struct thread *t, unsigned i, word_t w)
{
	if (t->ipc_kernel) {
		if (i < KMSG_WORDS)
			t->kmsg[i] = w;
	} else if (i < DBT_MSG_REG_WORDS) {
		*arch_msg_reg(thread_frame(t), i) = w;
	} else {
		t->utcb->mr[i] = w;
	}
}

static void msg_set_tag(struct thread *r, word_t tag, word_t badge)
{
	if (r->ipc_kernel) {
		r->ipc_tag = tag;
		return;
	}
	thread_frame(r)->rsi = tag;
	thread_frame(r)->rdi = badge;
}

/* ---- typed items ----------------------------------------------------------- */

/* Every page of [src, src+size) in s is mapped. */
static bool range_mapped(struct task *s, vaddr_t src, word_t size)
{
	word_t pages = 0;
	vaddr_t va = src;
	while (space_next_mapped(s, &va, src + size)) {
		pages++;
		va += PAGE_SIZE;
	}
	return pages == size >> PAGE_SHIFT;
}

static word_t item_mem(struct thread *s, struct thread *r, unsigned kind, word_t hint, word_t *w1)
{
	word_t f = *w1;
	unsigned rights = DBT_FPAGE_RIGHTS(f);
	if (!mem_fpage_ok(f) || rights == 0 || rights > DBT_RWX)
		return DBT_E_BAD_MESSAGE;
	word_t win = r->ipc_kernel ? DBT_FPAGE(0, DBT_USER_ORDER, 0) : r->utcb->rcv_mem;
	if (win == 0 || !mem_fpage_ok(win))
		return DBT_E_NO_WINDOW;
	unsigned forder = DBT_FPAGE_ORDER(f), worder = DBT_FPAGE_ORDER(win);
	unsigned order = MIN(forder, worder);
	word_t size = (word_t)1 << order;
	vaddr_t src = DBT_FPAGE_BASE(f), dst = DBT_FPAGE_BASE(win);
	if (forder <= worder)
		dst += ALIGN_DOWN(hint & (DBT_FPAGE_SIZE(win) - 1), size);
	else
		src += ALIGN_DOWN(hint & (DBT_FPAGE_SIZE(f) - 1), size);
	if (!range_mapped(s->task, src, size))
		return DBT_E_NOT_MAPPED;
	if (s->task == r->task && src < dst + size && dst < src + size)
		return DBT_E_BAD_MESSAGE;
	unsigned installed = rights | DBT_R;    /* what every page got, for the receiver */
	for (word_t off = 0; off < size; off += PAGE_SIZE) {
		struct mapnode *n = space_lookup(s->task, src + off);
		if (!n)                 /* removed with a page replaced earlier in this item */
			return DBT_E_NOT_MAPPED;
		struct mapnode *old = space_lookup(r->task, dst + off);
		if (old && dtree_above(&old->tree, &n->tree))
			return DBT_E_BAD_MESSAGE;
		installed &= n->rights | DBT_R;
		word_t err;
		if (kind == DBT_ITEM_GRANT)
			err = space_grant_page(n, r->task, dst + off, rights);
		else
			err = space_map_page(r->task, dst + off, n->pa, rights & n->rights, n->attr, n);
		if (err)
			return err;
	}
	*w1 = DBT_FPAGE(dst, order, installed);
	return DBT_OK;
}

static word_t item_io(struct thread *s, struct thread *r, unsigned kind, word_t *w1)
{
	word_t f = *w1, port = DBT_IO_FPAGE_PORT(f);
	unsigned order = DBT_FPAGE_ORDER(f);
	if (kind != DBT_ITEM_MAP || !io_fpage_ok(f))
		return DBT_E_BAD_MESSAGE;
	if (!r->ipc_kernel && r->utcb->rcv_io == 0)
		return DBT_E_NO_WINDOW;
	struct mapnode *n = io_lookup(s->task, (unsigned)port, order);
	if (!n)
		return DBT_E_NOT_MAPPED;
	if (s->task == r->task)
		return DBT_E_BAD_MESSAGE;
	return io_map(r->task, (unsigned)port, order, n);
}

static word_t item_cap(struct thread *s, struct thread *r, unsigned kind, word_t *w1,
                       unsigned *next)
{
	struct cap *src, *dst = NULL;
	word_t err = cap_lookup(s->task, DBT_CAP_FPAGE_SLOT(*w1), 0, 0, &src);
	if (err)
		return err;
	if (kind == DBT_ITEM_MAP && !cap_copyable(src))
		return DBT_E_WRONG_TYPE;
	word_t win = r->ipc_kernel ? 0 : r->utcb->rcv_cap;
	if (win == 0)
		return DBT_E_NO_WINDOW;
	word_t base = DBT_CAP_FPAGE_SLOT(win), slots = (word_t)1 << r->task->cspace_order;
	unsigned order = MIN(DBT_FPAGE_ORDER(win), r->task->cspace_order);
	word_t n = base < slots ? MIN((word_t)1 << order, slots - base) : 0;
	for (; *next < n && !dst; (*next)++)
		if (cap_lookup_empty(r->task, base + *next, &dst) != DBT_OK)
			dst = NULL;
	if (!dst)
		return DBT_E_NO_WINDOW;
	unsigned rights = src->rights & DBT_FPAGE_RIGHTS(*w1);
	if (kind == DBT_ITEM_GRANT) {
		cap_move(dst, src);
		dst->rights = (uint8_t)rights;
	} else {
		cap_install(dst, src->obj, rights, src->badge, src);
	}
	*w1 = DBT_CAP_FPAGE((word_t)(dst - r->task->cspace), 0, rights);
	return DBT_OK;
}

/* Out of line: typed items are rare, and inlined into transfer() their
 * register pressure reshaped the untyped copy loop every message runs. */
static __attribute__((noinline)) word_t transfer_item(struct thread *s, struct thread *r,
                                                      word_t w0, word_t *w1, unsigned *next_cap)
{
	unsigned kind = DBT_ITEM_KIND(w0);
	if (kind != DBT_ITEM_MAP && kind != DBT_ITEM_GRANT)
		return DBT_E_BAD_MESSAGE;
	switch (DBT_ITEM_SPACE(w0)) {
	case DBT_SPACE_MEM: return item_mem(s, r, kind, DBT_ITEM_HINT(w0), w1);
	case DBT_SPACE_IO:  return item_io(s, r, kind, w1);
	case DBT_SPACE_CAP: return item_cap(s, r, kind, w1, next_cap);
	default:            return DBT_E_BAD_MESSAGE;
	}
}

/* Copy s's message (tag) into r, with badge; apply typed items. */
static word_t transfer(struct thread *s, struct thread *r, word_t tag, word_t badge)
{
	unsigned u = DBT_TAG_U(tag), t = DBT_TAG_T(tag), next_cap = 0, done;
	word_t err = DBT_OK;
	for (unsigned i = 0; i < u; i++)
		msg_put(r, i, msg_get(s, i));
	for (done = 0; done < t; done++) {
		word_t w0 = msg_get(s, u + 2 * done), w1 = msg_get(s, u + 2 * done + 1);
		err = transfer_item(s, r, w0, &w1, &next_cap);
		if (err)
			break;
		msg_put(r, u + 2 * done, w0);
		msg_put(r, u + 2 * done + 1, w1);
	}
	msg_set_tag(r, DBT_TAG(DBT_TAG_LABEL(tag), u, done), badge);
	return err;
}

/* ---- rendezvous ---------------------------------------------------------------- */

/* Mirrored: fastpath_reply_recv queues the receiver the same way
 * (wait_receive, with the same timer_arm). */
static void wait_on(struct thread *t, struct list *q, struct kobj *o, unsigned state,
                    uint64_t deadline)
{
	list_add_tail(q, &t->wait_link);
	t->wait_obj = o;
	if (deadline != CLOCK_NEVER)
		timer_arm(t, deadline);
	sched_block(t, state);
}

/* Mirrored: the fast path's call takes the receiver off the queue the same
 * way (arch/x86_64/fastpath.c, fastpath_call; hand_over_timed lets its
 * timeout lapse: a server waits again soon, often until the same deadline). */
static struct thread *dequeue(struct list *q)
{
	struct thread *t = list_first(q, struct thread, wait_link);
	list_del(&t->wait_link);
	t->wait_obj = NULL;
	timer_lapse(t);
	return t;
}

void ipc_reply_detach(struct thread *c)
{
	if (c->replier)
		c->replier->caller = NULL;
	if (c->reply)
		c->reply->caller = NULL;
	c->replier = NULL;
	c->reply = NULL;
	c->reply_epoch++;
}

void ipc_reply_abort(struct thread *c, word_t err)
{
	ipc_reply_detach(c);
	timer_disarm(c);
	sched_wake(c, err);
}

/* r takes a new reply right: an older one it neither used nor saved is
 * dropped, and that caller learns it will not get an answer.  (The fast
 * path only takes a receiver with no reply right pending,
 * arch/x86_64/fastpath.c.) */
void ipc_set_caller(struct thread *r, struct thread *caller)
{
	if (r->caller)
		ipc_reply_abort(r->caller, DBT_E_CANCELLED);
	r->caller = caller;
}

/* The message has reached r: a caller now waits for r's reply.
 * Mirrored: fastpath_call in arch/x86_64/fastpath.c does the same
 * bookkeeping (reply right, replier, TS_REPLY; it refuses timeouts). */
static void await_reply(struct thread *caller, struct thread *r)
{
	ipc_set_caller(r, caller);
	caller->replier = r;
	caller->state = TS_REPLY;
	if (caller->rcv_timeout != CLOCK_NEVER) {
		struct timeout to = { caller->rcv_timeout, caller->rcv_timeout_rel };
		timer_arm(caller, timeout_deadline(to));
	}
}

/* Mirrored: a call to a waiting receiver is fastpath_call in
 * arch/x86_64/fastpath.c, and a short foreign system call's (a kernel-made
 * call) fastpath_foreign_syscall. */
word_t ipc_send(struct thread *s, struct cap *epc, word_t tag, struct timeout snd, bool call,
                struct timeout rcv)
{
	struct endpoint *ep = (struct endpoint *)epc->obj;
	s->ipc_tag = tag;
	s->ipc_call = call;
	s->rcv_timeout = rcv.ns;
	s->rcv_timeout_rel = rcv.relative;
	if (!list_empty(&ep->receivers)) {
		struct thread *r = dequeue(&ep->receivers);
		word_t err = transfer(s, r, tag, epc->badge);
		sched_wake(r, err);
		if (!call || err)
			return err;
		sched_block(s, TS_REPLY);
		await_reply(s, r);
		sched_add(r, true);     /* run the server next: direct switch */
		schedule();
		return s->ipc_err;
	}
	uint64_t deadline = timeout_deadline(snd);
	if (deadline_passed(deadline))
		return DBT_E_TIMEOUT;
	s->ipc_badge = epc->badge;
	wait_on(s, &ep->senders, &ep->obj, TS_SEND, deadline);
	schedule();
	return s->ipc_err;
}

static void deliver_kernel_msg(struct thread *r, word_t label, word_t badge, word_t mr0)
{
	msg_put(r, 0, mr0);
	msg_set_tag(r, DBT_TAG(label, label == DBT_LABEL_IRQ ? 1 : 0, 0), badge);
}

/* Mirrored: after a reply, a receive that must wait is the second half of
 * fastpath_reply_recv in arch/x86_64/fastpath.c. */
word_t ipc_recv(struct thread *r, struct cap *epc, struct timeout to)
{
	struct endpoint *ep = (struct endpoint *)epc->obj;
	struct notification *n = r->bound_ntf;
	if (n && n->bits) {
		deliver_kernel_msg(r, DBT_LABEL_NOTIFY, n->bits, 0);
		n->bits = 0;
		return DBT_OK;
	}
	if (!list_empty(&ep->irqs)) {
		struct irq *irq = list_first(&ep->irqs, struct irq, pending_link);
		list_del(&irq->pending_link);
		deliver_kernel_msg(r, DBT_LABEL_IRQ, irq->badge, irq->line);
		return DBT_OK;
	}
	if (!list_empty(&ep->senders)) {
		struct thread *s = dequeue(&ep->senders);
		word_t err = transfer(s, r, s->ipc_tag, s->ipc_badge);
		if (s->ipc_call && !err)
			await_reply(s, r);
		else
			sched_wake(s, err);
		return err;
	}
	uint64_t deadline = timeout_deadline(to);
	if (deadline_passed(deadline))
		return DBT_E_TIMEOUT;
	wait_on(r, &ep->receivers, &ep->obj, TS_RECV, deadline);
	schedule();
	return r->ipc_err;
}

/* The caller's wait ends with t's message; the reply right that allowed it
 * has been given up already (t->caller, or a reply object). */
word_t ipc_answer(struct thread *t, struct thread *c, word_t tag)
{
	timer_lapse(c);
	bool short_syscall = c->ipc_kernel && c->ipc_tag == DBT_SYSCALL_SHORT_TAG;
	word_t err = transfer(t, c, tag, 0);
	if (short_syscall && !err) {
		/* the answer is c's rax from now on, not only once c runs: whoever
		 * reads c's registers before that (a signal delivered to it) sees it */
		arch_syscall_set_result(thread_frame(c), c->kmsg[0]);
		c->result_set = 1;
	}
	sched_wake(c, err);
	return err;
}

/* Mirrored: the first half of fastpath_reply_recv in arch/x86_64/fastpath.c,
 * and fastpath_reply_syscall for a caller in a short foreign system call. */
word_t ipc_reply(struct thread *t, word_t tag)
{
	struct thread *c = t->caller;
	if (!c)
		return DBT_E_NO_CALLER;
	t->caller = NULL;
	c->replier = NULL;
	return ipc_answer(t, c, tag);
}

word_t ipc_kernel_call(struct thread *t, struct cap *handler, word_t tag)
{
	if (!handler->obj || handler->obj->type != DBT_OBJ_ENDPOINT ||
	    !(handler->rights & DBT_CAP_WRITE))
		return DBT_E_EMPTY_SLOT;
	struct timeout never = timeout_at(CLOCK_NEVER);
	t->ipc_kernel = 1;
	word_t err = ipc_send(t, handler, tag, never, true, never);
	t->ipc_kernel = 0;
	return err;
}

/* ---- notifications ------------------------------------------------------------ */

void notification_signal(struct notification *n, word_t bits)
{
	if (!list_empty(&n->waiters)) {
		struct thread *w = dequeue(&n->waiters);
		thread_frame(w)->rdi = bits;
		sched_wake(w, DBT_OK);
		return;
	}
	struct thread *b = n->bound;
	if (b && b->state == TS_RECV && !b->ipc_kernel) {
		list_del(&b->wait_link);
		b->wait_obj = NULL;
		timer_disarm(b);
		deliver_kernel_msg(b, DBT_LABEL_NOTIFY, bits, 0);
		sched_wake(b, DBT_OK);
		return;
	}
	n->bits |= bits;
}

word_t notification_wait(struct thread *t, struct notification *n, struct timeout to)
{
	if (n->bits) {
		thread_frame(t)->rdi = n->bits;
		n->bits = 0;
		return DBT_OK;
	}
	uint64_t deadline = timeout_deadline(to);
	if (deadline_passed(deadline))
		return DBT_E_TIMEOUT;
	wait_on(t, &n->waiters, &n->obj, TS_WAIT_NTF, deadline);
	schedule();
	return t->ipc_err;
}

void endpoint_irq(struct endpoint *ep, struct list *link)
{
	struct irq *irq = container_of(link, struct irq, pending_link);
	if (!list_empty(&ep->receivers)) {
		struct thread *r = dequeue(&ep->receivers);
		deliver_kernel_msg(r, DBT_LABEL_IRQ, irq->badge, irq->line);
		sched_wake(r, DBT_OK);
		return;
	}
	if (!list_linked(link))
		list_add_tail(&ep->irqs, link);
}

/* ---- teardown ----------------------------------------------------------------------- */

static void wake_all(struct list *q, word_t err)
{
	while (!list_empty(q)) {
		struct thread *t = dequeue(q);
		sched_wake(t, err);
	}
}

bool endpoint_teardown(struct kobj *o)
{
	struct endpoint *ep = (struct endpoint *)o;
	wake_all(&ep->senders, DBT_E_DELETED);
	wake_all(&ep->receivers, DBT_E_DELETED);
	while (!list_empty(&ep->irqs))
		list_del(ep->irqs.next);
	return true;
}

bool notification_teardown(struct kobj *o)
{
	struct notification *n = (struct notification *)o;
	wake_all(&n->waiters, DBT_E_DELETED);
	if (n->bound)
		n->bound->bound_ntf = NULL;
	return true;
}
