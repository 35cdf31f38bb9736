/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * iokit/core/object.h - the driver framework's object model: classes
 * described by a metaclass (struct io_class), type-checked casts and
 * reference counts.  IOObject is the root class; property values
 * (value.h) and registry entries (service.h) derive from it.
 *
 * Entry points: io_object_alloc, io_retain, io_release, io_cast,
 * io_instance_of.  Reference rules: a *_create or io_object_alloc returns
 * one reference the caller owns; io_release drops one, and at zero the
 * finalizers of the object's class chain run, most derived first, then the
 * memory is freed.  Functions taking a generic object take `void *` and
 * check the class at run time; NULL is accepted and ignored where it says so.
 * See docs/IOKIT.md "Object model".
 */
#ifndef IOKIT_CORE_OBJECT_H
#define IOKIT_CORE_OBJECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Errors of the framework core: 0 or one of these (negative). */
enum {
	IO_OK = 0,
	IO_ENOMEM = -1,         /* allocation failed; nothing changed */
	IO_EINVAL = -2,         /* bad argument (wrong class, bad name, ...) */
	IO_ENOENT = -3,         /* no such entry */
	IO_EBUSY = -4,          /* already attached / in use */
	IO_ESTATE = -5,         /* operation not allowed in the object's state */
	IO_ERANGE = -6,         /* buffer too small */
	IO_ENODEV = -7,         /* probe/start: the driver does not take the device */
};

struct io_object;

/* Releases what an instance of one class holds (not the memory itself). */
typedef void io_finalize_fn(struct io_object *obj);

/*
 * A metaclass.  Defined statically by each class (const, never freed).
 * size is the instance size (>= the superclass's size: an instance starts
 * with its superclass's instance struct).  methods points to the class's
 * virtual function table, whose type is fixed by the root of the family
 * (e.g. struct io_service_methods for IOService and its subclasses); a NULL
 * table or slot inherits the superclass's.
 */
struct io_class {
	const char *name;
	const struct io_class *super;
	size_t size;
	io_finalize_fn *finalize;
	const void *methods;
};

/* The header of every instance. */
struct io_object {
	const struct io_class *cls;
	uint32_t refcount;
};

extern const struct io_class IOObject_class;

/* A new zeroed instance of cls with one reference, or NULL. */
void *io_object_alloc(const struct io_class *cls);
/* Takes a reference; returns obj.  NULL is ignored. */
void *io_retain(void *obj);
/* Drops a reference; at zero finalizes and frees.  NULL is ignored. */
void io_release(void *obj);
uint32_t io_refcount(const void *obj);

/* Whether cls is ancestor or derives from it. */
bool io_class_is_a(const struct io_class *cls, const struct io_class *ancestor);
/* Whether obj (may be NULL: false) is an instance of cls or a subclass. */
bool io_instance_of(const void *obj, const struct io_class *cls);
/* obj if it is an instance of cls, else NULL.  No reference is taken. */
void *io_cast(const void *obj, const struct io_class *cls);
const char *io_class_name(const void *obj);

#endif
