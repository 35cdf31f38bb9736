/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * iokit/core/object.c - metaclasses, casts and reference counts (object.h).
 *
 * The core does no locking: the framework server calls it with its
 * registry lock held (one lock per framework instance).  Reference counts
 * are nevertheless atomic so that a driver thread may retain and release
 * objects it already holds a reference to.
 */
#include "object.h"
#include "mem.h"

long iok_mem_live_blocks;
long iok_mem_fail_countdown;

const struct io_class IOObject_class = {
	.name = "IOObject",
	.super = NULL,
	.size = sizeof(struct io_object),
};

void *io_object_alloc(const struct io_class *cls)
{
	if (!cls || cls->size < sizeof(struct io_object))
		return NULL;
	if (cls->super && cls->size < cls->super->size)
		return NULL;
	struct io_object *obj = iok_alloc(cls->size);
	if (!obj)
		return NULL;
	obj->cls = cls;
	obj->refcount = 1;
	return obj;
}

void *io_retain(void *obj)
{
	struct io_object *o = obj;
	if (o)
		__atomic_add_fetch(&o->refcount, 1, __ATOMIC_RELAXED);
	return obj;
}

/* Finalizers run most derived first, so a class sees its superclass's
 * fields still intact while it tears down its own. */
void io_release(void *obj)
{
	struct io_object *o = obj;
	if (!o)
		return;
	if (__atomic_sub_fetch(&o->refcount, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	for (const struct io_class *c = o->cls; c; c = c->super)
		if (c->finalize)
			c->finalize(o);
	o->cls = NULL;          /* a use after free trips io_cast */
	iok_free(o);
}

uint32_t io_refcount(const void *obj)
{
	const struct io_object *o = obj;
	return o ? __atomic_load_n(&o->refcount, __ATOMIC_RELAXED) : 0;
}

bool io_class_is_a(const struct io_class *cls, const struct io_class *ancestor)
{
	for (; cls; cls = cls->super)
		if (cls == ancestor)
			return true;
	return false;
}

bool io_instance_of(const void *obj, const struct io_class *cls)
{
	const struct io_object *o = obj;
	return o && cls && io_class_is_a(o->cls, cls);
}

void *io_cast(const void *obj, const struct io_class *cls)
{
	return io_instance_of(obj, cls) ? (void *)obj : NULL;
}

const char *io_class_name(const void *obj)
{
	const struct io_object *o = obj;
	return o && o->cls ? o->cls->name : "(null)";
}
