/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sys_ipc.c - decoding of the IPC kernel calls: send, receive, call, reply,
 * reply-and-receive, the reply-capability calls (save, reply, reply and
 * receive), signal, wait, yield.
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

/* An answer's tag for caller: any valid tag, but a thread waiting in a
 * short foreign system call takes exactly DBT_SYSCALL_REPLY_TAG (rax and
 * nothing else), whether answered directly or through a reply capability. */
static bool answer_tag_ok(struct thread *caller, word_t tag)
{
	if (caller && thread_awaits_syscall_reply(caller))
		return tag == DBT_SYSCALL_REPLY_TAG;
	return tag_ok(tag);
}

static bool reply_tag_ok(struct thread *t, word_t tag)
{
	return answer_tag_ok(t->caller, tag);
}

/* The caller a saved reply capability would answer (NULL: stale). */
static struct thread *reply_cap_caller(struct cap *rc)
{
	return ((struct reply *)rc->obj)->caller;
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
	if (!reply_tag_ok(t, A1(f)) || by_deadline(f))
		return DBT_E_BAD_MESSAGE;
	return ipc_reply(t, A1(f));
}

/* Reply to the pending caller, if any, then receive. */
word_t sys_reply_recv(struct thread *t, struct trapframe *f)
{
	struct cap *c;
	/* DBT_TAG_DEADLINE belongs to the receive, not to the answer */
	word_t tag = A1(f) & ~(word_t)DBT_TAG_DEADLINE;
	if (!reply_tag_ok(t, tag))
		return DBT_E_BAD_MESSAGE;
	word_t err = cap_lookup(t->task, A0(f), DBT_OBJ_ENDPOINT, DBT_CAP_READ, &c);
	if (err)
		return err;
	if (t->caller)
		ipc_reply(t, tag);
	return ipc_recv(t, c, rcv_timeout(f));
}

word_t sys_reply_save(struct thread *t, struct trapframe *f)
{
	struct cap *dst;
	word_t err = cap_lookup_empty(t->task, A0(f), &dst);
	if (err)
		return err;
	if (!t->caller)
		return DBT_E_NO_CALLER;
	return reply_save(t, dst);
}

/* A reply capability in slot that can still answer its caller. */
static word_t reply_cap(struct thread *t, word_t slot, struct cap **c)
{
	word_t err = cap_lookup(t->task, slot, DBT_OBJ_REPLY, DBT_CAP_WRITE, c);
	if (err)
		return err;
	return reply_caller((struct reply *)(*c)->obj) ? DBT_OK : DBT_E_NO_CALLER;
}

word_t sys_reply_cap(struct thread *t, struct trapframe *f)
{
	struct cap *rc;
	if (!tag_ok(A1(f)) || by_deadline(f))
		return DBT_E_BAD_MESSAGE;
	word_t err = reply_cap(t, A0(f), &rc);
	if (err)
		return err;
	if (!answer_tag_ok(reply_cap_caller(rc), A1(f)))
		return DBT_E_BAD_MESSAGE;
	return reply_answer(t, rc, A1(f));
}

/* Answer through the reply capability named in r10 (slot 0: none), then
 * receive.  Every check comes before the answer.  Nothing may follow the
 * receive: a fast-path call that finds this thread waiting enters its user
 * state directly (arch/x86_64/fastpath.c), as for RECV. */
word_t sys_reply_cap_recv(struct thread *t, struct trapframe *f)
{
	struct cap *ep, *rc = NULL;
	word_t slot = DBT_REPLY_CAP_SLOT(A3(f)), err;
	if (!tag_ok(A1(f)) || by_deadline(f))     /* r10's low half is the slot */
		return DBT_E_BAD_MESSAGE;
	if ((err = cap_lookup(t->task, A0(f), DBT_OBJ_ENDPOINT, DBT_CAP_READ, &ep)))
		return err;
	if (slot && (err = reply_cap(t, slot, &rc)))
		return err;
	if (rc && !answer_tag_ok(reply_cap_caller(rc), A1(f)))
		return DBT_E_BAD_MESSAGE;
	if (rc)
		reply_answer(t, rc, A1(f));
	return ipc_recv(t, ep, rcv_timeout(f));
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
