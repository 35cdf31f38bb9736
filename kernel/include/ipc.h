/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ipc.h - endpoints, notifications and the IPC operations.
 *
 * An endpoint has a queue of blocked senders and a queue of blocked
 * receivers (at most one of them is non-empty) and a queue of pending
 * interrupts.  A notification is a word of bits: signal ORs the sender's
 * badge in, wait takes and clears them.
 */
#ifndef KERNEL_IPC_H
#define KERNEL_IPC_H

#include "object.h"
#include "list.h"
#include "timer.h"

struct thread;
struct cap;

struct endpoint {
	struct kobj obj;
	struct list senders, receivers;
	struct list irqs;               /* pending IRQ objects */
};

struct notification {
	struct kobj obj;
	word_t bits;
	struct list waiters;
	struct thread *bound;           /* thread it is bound to, if any */
};

/*
 * A saved reply right.  `caller` and the caller's `reply` point at each
 * other while the caller waits for this answer; whatever ends that wait
 * (the answer, a timeout, a stop, the caller's or this object's
 * destruction) clears both.  `epoch` is the caller's reply_epoch when the
 * right was saved: the epoch advances whenever a wait for a reply is
 * cancelled, so this object can never answer a later call of the same
 * thread.  Charged to the quota of the task that saved it.
 */
struct reply {
	struct kobj obj;
	struct thread *caller;          /* NULL: stale, nobody to answer */
	uint32_t epoch;
};

/* A call's receive timeout (rcv) starts when the message is delivered. */
word_t ipc_send(struct thread *t, struct cap *ep, word_t tag, struct timeout snd, bool call,
                struct timeout rcv);
word_t ipc_recv(struct thread *t, struct cap *ep, struct timeout to);
word_t ipc_reply(struct thread *t, word_t tag);
void ipc_set_caller(struct thread *r, struct thread *caller);
/* Deliver t's message (tag) to c, which waits for t's answer, and wake it. */
word_t ipc_answer(struct thread *t, struct thread *c, word_t tag);
/* c's wait for a reply is cancelled: whoever holds the right (a thread, a
 * reply object) loses it, and c's reply epoch advances. */
void ipc_reply_detach(struct thread *c);
/* The same, and c wakes with err. */
void ipc_reply_abort(struct thread *c, word_t err);
/* Reply objects (reply.c): t's reply right into empty capability dst;
 * an answer through reply capability rc, which it uses up. */
word_t reply_save(struct thread *t, struct cap *dst);
struct thread *reply_caller(const struct reply *r);
word_t reply_answer(struct thread *t, struct cap *rc, word_t tag);
/* The kernel calls the handler ep on t's behalf with t->kmsg; the reply lands
 * in t->kmsg.  DBT_E_EMPTY_SLOT: no usable handler; DBT_E_DELETED: it went
 * away; DBT_E_CANCELLED: t was stopped meanwhile. */
word_t ipc_kernel_call(struct thread *t, struct cap *handler, word_t tag);
void notification_signal(struct notification *n, word_t bits);
word_t notification_wait(struct thread *t, struct notification *n, struct timeout to);
/* An IRQ arrived for an endpoint: deliver to a receiver or queue it. */
void endpoint_irq(struct endpoint *ep, struct list *irq_link);

#endif
