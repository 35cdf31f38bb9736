/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * reply.c - reply objects: deferred replies, one server thread, many
 * waiting callers.
 *
 * Entry points: reply_save (DBT_SYS_REPLY_SAVE), reply_answer
 * (DBT_SYS_REPLY_CAP and the reply half of DBT_SYS_REPLY_CAP_RECV),
 * reply_caller, reply_teardown.
 *
 * A thread that receives a call holds its reply right in `caller` and
 * loses it when the next call arrives.  reply_save moves that right into a
 * new reply object named by a capability in the saving task's space; the
 * caller keeps waiting (its reply timeout still runs) while the task goes
 * on receiving, and any of its threads answers later through the
 * capability, which the answer uses up.  The capability can be moved (also
 * by a grant item), never copied, so exactly one capability names the
 * object and a right is answered at most once.
 *
 * Protocol with the waiting caller (struct reply in ipc.h): the object and
 * the caller point at each other until the wait ends.  A caller that times
 * out, is stopped or is destroyed is detached (ipc_reply_detach): the
 * object goes stale, answering it is DBT_E_NO_CALLER, and its capability
 * stays until deleted.  The epoch recorded at saving must still be the
 * caller's, so even a stale object the detaching missed could not answer a
 * later call of that thread.  Deleting the capability of a live object (or
 * destroying the object, or the quota it is charged to) ends the caller's
 * wait with DBT_E_DELETED, as if the server thread were destroyed: no
 * caller waits for an answer nobody can send.
 */
#include "ipc.h"
#include "cap.h"
#include "task.h"
#include "thread.h"
#include "teardown.h"

_Static_assert(sizeof(struct reply) <= 64, "a reply object fits the smallest block");

word_t reply_save(struct thread *t, struct cap *dst)
{
	struct thread *c = t->caller;
	word_t err;
	struct reply *r = obj_alloc(t->task->quota, DBT_OBJ_REPLY, sizeof(*r), &err);
	if (!r)
		return err;
	t->caller = NULL;
	c->replier = NULL;
	c->reply = r;
	r->caller = c;
	r->epoch = c->reply_epoch;
	cap_install(dst, &r->obj, DBT_CAP_ALL, 0, NULL);
	return DBT_OK;
}

/* The thread r can still answer, or NULL: r is stale. */
struct thread *reply_caller(const struct reply *r)
{
	struct thread *c = r->caller;
	if (!c || c->reply_epoch != r->epoch)
		return NULL;
	assert(c->reply == r && c->state == TS_REPLY);
	return c;
}

/* rc names a live reply object (the caller checked with reply_caller). */
word_t reply_answer(struct thread *t, struct cap *rc, word_t tag)
{
	struct reply *r = (struct reply *)rc->obj;
	struct thread *c = reply_caller(r);
	r->caller = NULL;
	c->reply = NULL;
	cap_delete(rc);         /* used up: the object goes with its only capability */
	return ipc_answer(t, c, tag);
}

bool reply_teardown(struct kobj *o)
{
	struct thread *c = reply_caller((struct reply *)o);
	if (c)
		ipc_reply_abort(c, DBT_E_DELETED);
	return true;
}
