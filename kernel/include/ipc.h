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

/* A call's receive timeout (rcv) starts when the message is delivered. */
word_t ipc_send(struct thread *t, struct cap *ep, word_t tag, struct timeout snd, bool call,
                struct timeout rcv);
word_t ipc_recv(struct thread *t, struct cap *ep, struct timeout to);
word_t ipc_reply(struct thread *t, word_t tag);
void ipc_set_caller(struct thread *r, struct thread *caller);
/* The kernel calls the handler ep on t's behalf with t->kmsg; the reply lands
 * in t->kmsg.  DBT_E_EMPTY_SLOT: no usable handler; DBT_E_DELETED: it went
 * away; DBT_E_CANCELLED: t was stopped meanwhile. */
word_t ipc_kernel_call(struct thread *t, struct cap *handler, word_t tag);
void notification_signal(struct notification *n, word_t bits);
word_t notification_wait(struct thread *t, struct notification *n, struct timeout to);
/* An IRQ arrived for an endpoint: deliver to a receiver or queue it. */
void endpoint_irq(struct endpoint *ep, struct list *irq_link);

#endif
