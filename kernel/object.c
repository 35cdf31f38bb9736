/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * object.c - allocation, accounting and destruction of kernel objects.
 *
 * obj_alloc/quota_alloc charge the kernel pool to a quota, quota_transfer
 * moves a charge from one quota to another, quota_resize moves limit between
 * a sub-quota and its parent; obj_destroy deletes every
 * capability to an object and queues it; obj_reap runs the type's teardown
 * and frees the memory.  Teardowns may destroy further objects (a task its
 * threads, a quota everything charged to it): they only queue them, so
 * destruction never recurses.
 */
#include "object.h"
#include "cap.h"
#include "kmem.h"
#include "teardown.h"
#include "thread.h"
#include "irq.h"

struct quota root_quota = { .obj = { .type = DBT_OBJ_QUOTA } };

static struct kobj *zombie_head, *zombie_tail;

void *quota_alloc(struct quota *q, size_t size, word_t *err)
{
	unsigned order = kmem_order(size);
	size_t bytes = (size_t)1 << order;
	if (q->obj.dying || q->used + bytes > q->limit) {
		*err = DBT_E_NO_QUOTA;
		return NULL;
	}
	void *p = kmem_pool_alloc(&kmem_pool, order);
	if (!p) {
		*err = DBT_E_NO_QUOTA;
		return NULL;
	}
	q->used += bytes;
	return p;
}

void quota_free(struct quota *q, void *p, size_t size)
{
	unsigned order = kmem_order(size);
	kmem_pool_free(&kmem_pool, p, order);
	q->used -= (size_t)1 << order;
}

word_t quota_transfer(struct quota *from, struct quota *to, size_t size)
{
	size_t bytes = (size_t)1 << kmem_order(size);
	if (from == to)
		return DBT_OK;
	if (to->used + bytes > to->limit)
		return DBT_E_NO_QUOTA;
	from->used -= bytes;
	to->used += bytes;
	return DBT_OK;
}

word_t quota_resize_check(const struct quota *q, size_t limit)
{
	const struct quota *parent = q->parent;
	if (limit < q->used)
		return DBT_E_BUSY;
	if (limit > q->limit && limit - q->limit > parent->limit - parent->used)
		return DBT_E_NO_QUOTA;
	return DBT_OK;
}

void quota_resize(struct quota *q, size_t limit)
{
	/* parent->used counts q->limit: it moves by the same amount (unsigned wrap cancels) */
	q->parent->used += limit - q->limit;
	q->limit = limit;
}

void *obj_alloc(struct quota *q, unsigned type, size_t size, word_t *err)
{
	struct kobj *o = quota_alloc(q, size, err);
	if (!o)
		return NULL;
	o->type = (uint8_t)type;
	o->order = (uint8_t)kmem_order(size);
	o->quota = q;
	q->nobjs++;
	list_add_tail(&q->objs, &o->quota_link);
	return o;
}

void obj_get_cap(struct kobj *o, struct cap *c)
{
	c->obj_prev = NULL;
	c->obj_next = o->caps;
	if (o->caps)
		o->caps->obj_prev = c;
	o->caps = c;
	o->ncaps++;
}

void obj_put_cap_nodestroy(struct kobj *o, struct cap *c)
{
	if (c->obj_prev)
		c->obj_prev->obj_next = c->obj_next;
	else
		o->caps = c->obj_next;
	if (c->obj_next)
		c->obj_next->obj_prev = c->obj_prev;
	c->obj_next = c->obj_prev = NULL;
	o->ncaps--;
}

void obj_put_cap(struct kobj *o, struct cap *c)
{
	obj_put_cap_nodestroy(o, c);
	if (o->ncaps)
		return;
	if (o->order)
		obj_destroy(o);
	else if (o->type == DBT_OBJ_IRQ)
		irq_teardown(o);        /* the last holder is gone: unbind the line */
}

static void zombie_push(struct kobj *o)
{
	o->queued = 1;
	o->zombie_next = NULL;
	if (zombie_tail)
		zombie_tail->zombie_next = o;
	else
		zombie_head = o;
	zombie_tail = o;
}

void obj_destroy(struct kobj *o)
{
	if (o->dying)
		return;
	o->dying = 1;
	while (o->caps)
		cap_delete(o->caps);
	if (o->order)
		zombie_push(o);
	else
		obj_teardown(o);        /* static objects (IRQs) are only reset */
}

void obj_free(struct kobj *o)
{
	struct quota *q = o->quota;
	unsigned order = o->order;
	list_del(&o->quota_link);
	kmem_pool_free(&kmem_pool, o, order);      /* o is gone from here on */
	q->used -= (size_t)1 << order;
	q->nobjs--;
	if (q->torn && q->nobjs == 0)
		quota_finish(q);
}

/* A destroyed quota whose objects are all gone gives its limit back. */
void quota_finish(struct quota *q)
{
	struct quota *parent = q->parent;
	if (q->used)
		printk("kernel: quota %p released with %zu bytes still charged\n", (void *)q, q->used);
	parent->used -= q->limit;
	obj_free(&q->obj);
}

bool quota_teardown(struct kobj *o)
{
	struct quota *q = (struct quota *)o;
	for (struct list *l = q->objs.next; l != &q->objs; l = l->next)
		obj_destroy(list_entry(l, struct kobj, quota_link));
	q->torn = 1;
	if (q->nobjs)
		return false;           /* quota_finish runs when the last is freed */
	quota_finish(q);
	return false;
}

void obj_reap(void)
{
	while (zombie_head) {
		struct kobj *o = zombie_head;
		zombie_head = o->zombie_next;
		if (!zombie_head)
			zombie_tail = NULL;
		o->queued = 0;
		if (obj_teardown(o))
			obj_free(o);
		/* else the teardown arranged for the memory to be freed later */
	}
}

bool obj_teardown(struct kobj *o)
{
	switch (o->type) {
	case DBT_OBJ_ENDPOINT:     return endpoint_teardown(o);
	case DBT_OBJ_NOTIFICATION: return notification_teardown(o);
	case DBT_OBJ_TASK:         return task_teardown(o);
	case DBT_OBJ_THREAD:       return thread_teardown(o);
	case DBT_OBJ_QUOTA:        return quota_teardown(o);
	case DBT_OBJ_IRQ:          return irq_teardown(o);
	case DBT_OBJ_REPLY:        return reply_teardown(o);
	default:                   return false;    /* static singletons are never freed */
	}
}
