/*
 * sys_ipc.c - decoding of the IPC kernel calls: send, receive, call, reply,
 * reply-and-receive, signal, wait, yield.
 */
#include "syscall.h"
#include "ipc.h"
#include "sched.h"
#include "task.h"
#include "timer.h"

/* Timeouts (darbat/abi.h): with DBT_TAG_DEADLINE in rsi, r10 is one
 * deadline on the kernel clock for the whole call; otherwise its halves
 * are the send and the receive timeout in microseconds. */
static bool by_deadline(struct trapframe *f)
{
	return A1(f) & DBT_TAG_DEADLINE;
}

static struct timeout snd_timeout(struct trapframe *f)
{
	return by_deadline(f) ? timeout_at(A3(f)) : timeout_us(DBT_TIMEOUT_SND(A3(f)));
}

static struct timeout rcv_timeout(struct trapframe *f)
{
	return by_deadline(f) ? timeout_at(A3(f)) : timeout_us(DBT_TIMEOUT_RCV(A3(f)));
}

/* A call's reply timeout of 0 us has always given the server about one
 * tick to answer (when timeouts counted ticks): it still does. */
static struct timeout reply_timeout(struct trapframe *f)
{
	struct timeout to = rcv_timeout(f);
	if (to.relative && to.ns == 0)
		to.ns = TICK_NS;
	return to;
}

/* A tag to send: no reserved bits (DBT_TAG_DEADLINE is not one), a length
 * that fits. */
static bool tag_ok(word_t tag)
{
	return !(tag & DBT_TAG_RESERVED) && DBT_TAG_U(tag) + 2 * DBT_TAG_T(tag) <= DBT_MSG_WORDS;
}

/* The endpoint capability to send on: WRITE, and GRANT to pass typed items. */
static word_t send_cap(struct thread *t, word_t slot, word_t tag, struct cap **c)
{
	if (!tag_ok(tag))
		return DBT_E_BAD_MESSAGE;
	unsigned rights = DBT_CAP_WRITE | (DBT_TAG_T(tag) ? DBT_CAP_GRANT : 0);
	return cap_lookup(t->task, slot, DBT_OBJ_ENDPOINT, rights, c);
}

word_t sys_send(struct thread *t, struct trapframe *f)
{
	struct cap *c;
	word_t tag = A1(f), err = send_cap(t, A0(f), tag, &c);
	if (err)
		return err;
	return ipc_send(t, c, tag, snd_timeout(f), false, timeout_at(CLOCK_NEVER));
}

word_t sys_call(struct thread *t, struct trapframe *f)
{
	struct cap *c;
	word_t tag = A1(f), err = send_cap(t, A0(f), tag, &c);
	if (err)
		return err;
	return ipc_send(t, c, tag, snd_timeout(f), true, reply_timeout(f));
}

word_t sys_recv(struct thread *t, struct trapframe *f)
{
	struct cap *c;
	word_t err = cap_lookup(t->task, A0(f), DBT_OBJ_ENDPOINT, DBT_CAP_READ, &c);
	if (err)
		return err;
	return ipc_recv(t, c, rcv_timeout(f));
}

/* A reply never waits: a deadline makes no sense on it. */
word_t sys_reply(struct thread *t, struct trapframe *f)
{
	if (!tag_ok(A1(f)) || by_deadline(f))
		return DBT_E_BAD_MESSAGE;
	return ipc_reply(t, A1(f));
}

/* Reply to the pending caller, if any, then receive. */
word_t sys_reply_recv(struct thread *t, struct trapframe *f)
{
	struct cap *c;
	if (!tag_ok(A1(f)))
		return DBT_E_BAD_MESSAGE;
	word_t err = cap_lookup(t->task, A0(f), DBT_OBJ_ENDPOINT, DBT_CAP_READ, &c);
	if (err)
		return err;
	if (t->caller)
		ipc_reply(t, A1(f));
	return ipc_recv(t, c, rcv_timeout(f));
}

word_t sys_signal(struct thread *t, struct trapframe *f)
{
	struct cap *c;
	word_t err = cap_lookup(t->task, A0(f), DBT_OBJ_NOTIFICATION, DBT_CAP_WRITE, &c);
	if (err)
		return err;
	notification_signal((struct notification *)c->obj, c->badge ? c->badge : 1);
	return DBT_OK;
}

word_t sys_wait(struct thread *t, struct trapframe *f)
{
	struct cap *c;
	word_t err = cap_lookup(t->task, A0(f), DBT_OBJ_NOTIFICATION, DBT_CAP_READ, &c);
	if (err)
		return err;
	return notification_wait(t, (struct notification *)c->obj, rcv_timeout(f));
}

word_t sys_yield(struct thread *t, struct trapframe *f)
{
	(void)t;
	(void)f;
	sched_yield();
	return DBT_OK;
}
