/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sys_obj.c - capability operations and object creation / destruction.
 */
#include "syscall.h"
#include "ipc.h"
#include "task.h"

word_t sys_cap_copy(struct thread *t, struct trapframe *f)
{
	struct cap *src, *dst;
	word_t mask = A2(f), badge = A3(f), err;
	if ((err = cap_lookup(t->task, A0(f), 0, 0, &src)))
		return err;
	if (!cap_copyable(src))
		return DBT_E_WRONG_TYPE;
	if ((err = cap_lookup_empty(t->task, A1(f), &dst)))
		return err;
	if (mask & ~(word_t)DBT_CAP_ALL)
		return DBT_E_INVALID_ARG;
	if (badge && !cap_badgeable(src))
		return DBT_E_INVALID_ARG;
	cap_install(dst, src->obj, src->rights & mask, badge ? badge : src->badge, src);
	return DBT_OK;
}

word_t sys_cap_give(struct thread *t, struct trapframe *f)
{
	struct cap *tc, *src, *dst;
	word_t mask = A3(f), err;
	if ((err = cap_lookup(t->task, A0(f), DBT_OBJ_TASK, DBT_CAP_CONTROL, &tc)))
		return err;
	if ((err = cap_lookup(t->task, A1(f), 0, 0, &src)))
		return err;
	if (!cap_copyable(src))
		return DBT_E_WRONG_TYPE;
	if ((err = cap_lookup_empty((struct task *)tc->obj, A2(f), &dst)))
		return err;
	if (mask & ~(word_t)DBT_CAP_ALL)
		return DBT_E_INVALID_ARG;
	cap_install(dst, src->obj, src->rights & mask, src->badge, src);
	return DBT_OK;
}

word_t sys_cap_move(struct thread *t, struct trapframe *f)
{
	struct cap *src, *dst;
	word_t err;
	if ((err = cap_lookup(t->task, A0(f), 0, 0, &src)))
		return err;
	if ((err = cap_lookup_empty(t->task, A1(f), &dst)))
		return err;
	cap_move(dst, src);
	return DBT_OK;
}

word_t sys_cap_delete(struct thread *t, struct trapframe *f)
{
	struct cap *c;
	word_t err = cap_lookup(t->task, A0(f), 0, 0, &c);
	if (err)
		return err;
	cap_delete(c);
	return DBT_OK;
}

word_t sys_cap_revoke(struct thread *t, struct trapframe *f)
{
	struct cap *c;
	word_t err = cap_lookup(t->task, A0(f), 0, 0, &c);
	if (err)
		return err;
	cap_revoke(c);
	return DBT_OK;
}

/* a1 = 0: the caller's own space; else a task capability with CONTROL. */
word_t sys_cap_info(struct thread *t, struct trapframe *f)
{
	struct cap *c, *tc;
	struct task *space = t->task;
	word_t err;
	if (A1(f)) {
		if ((err = cap_lookup(t->task, A1(f), DBT_OBJ_TASK, DBT_CAP_CONTROL, &tc)))
			return err;
		space = (struct task *)tc->obj;
	}
	if ((err = cap_lookup(space, A0(f), 0, 0, &c)))
		return err;
	f->rdi = c->obj->type;
	f->rsi = c->rights;
	f->rdx = c->badge;
	return DBT_OK;
}

static struct kobj *create_simple(struct quota *q, unsigned type, word_t *err)
{
	if (type == DBT_OBJ_ENDPOINT) {
		struct endpoint *ep = obj_alloc(q, type, sizeof(*ep), err);
		if (ep) {
			list_init(&ep->senders);
			list_init(&ep->receivers);
			list_init(&ep->irqs);
		}
		return ep ? &ep->obj : NULL;
	}
	struct notification *n = obj_alloc(q, type, sizeof(*n), err);
	if (n)
		list_init(&n->waiters);
	return n ? &n->obj : NULL;
}

static struct kobj *create_quota(struct quota *q, word_t bytes, word_t *err)
{
	struct quota *sub = obj_alloc(q, DBT_OBJ_QUOTA, sizeof(*sub), err);
	if (!sub)
		return NULL;
	if (bytes > q->limit - q->used) {
		obj_free(&sub->obj);
		*err = DBT_E_NO_QUOTA;
		return NULL;
	}
	q->used += bytes;
	sub->limit = bytes;
	sub->parent = q;
	list_init(&sub->objs);
	return &sub->obj;
}

word_t sys_create(struct thread *t, struct trapframe *f)
{
	struct cap *qc, *dst, *tc;
	word_t type = A1(f), a = A3(f), b = A4(f), err;
	if ((err = cap_lookup(t->task, A0(f), DBT_OBJ_QUOTA, DBT_CAP_CONTROL, &qc)))
		return err;
	if ((err = cap_lookup_empty(t->task, A2(f), &dst)))
		return err;
	struct quota *q = (struct quota *)qc->obj;
	struct kobj *o = NULL;
	switch (type) {
	case DBT_OBJ_ENDPOINT:
	case DBT_OBJ_NOTIFICATION:
		o = create_simple(q, (unsigned)type, &err);
		break;
	case DBT_OBJ_TASK: {
		struct task *nt;
		if (!(err = task_create(q, a > DBT_CSPACE_MAX_ORDER ? 0 : (unsigned)a, &nt)))
			o = &nt->obj;
		break;
	}
	case DBT_OBJ_THREAD: {
		struct thread *th;
		if ((err = cap_lookup(t->task, a, DBT_OBJ_TASK, DBT_CAP_CONTROL, &tc)))
			return err;
		if (!(err = thread_create(q, (struct task *)tc->obj, b, &th)))
			o = &th->obj;
		break;
	}
	case DBT_OBJ_QUOTA:
		o = create_quota(q, a, &err);
		break;
	default:
		return DBT_E_INVALID_ARG;
	}
	if (!o)
		return err;
	cap_install(dst, o, DBT_CAP_ALL, 0, NULL);
	return DBT_OK;
}

word_t sys_destroy(struct thread *t, struct trapframe *f)
{
	struct cap *c;
	word_t err = cap_lookup(t->task, A0(f), 0, DBT_CAP_DELETE, &c);
	if (err)
		return err;
	struct kobj *o = c->obj;
	if (o->order == 0 && o->type != DBT_OBJ_IRQ)
		return DBT_E_INVALID_ARG;       /* boot-time singletons live for ever */
	obj_destroy(o);
	return DBT_OK;
}
