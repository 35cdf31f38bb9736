/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * object.h - the header every kernel object starts with, and quotas.
 *
 * An object lives while at least one capability refers to it; deleting the
 * last capability, or DBT_SYS_DESTROY, destroys it.  Destruction is queued
 * (obj_zombie) and run iteratively by obj_reap(), so a chain of objects that
 * own each other never recurses on the kernel stack.
 *
 * Every object is charged to a quota: the quota's `used` grows by the
 * object's block size at creation and shrinks at destruction.  A sub-quota
 * takes its whole limit from its parent when created.
 */
#ifndef KERNEL_OBJECT_H
#define KERNEL_OBJECT_H

#include "types.h"
#include "list.h"

struct cap;
struct quota;

struct kobj {
	uint8_t type;           /* DBT_OBJ_* */
	uint8_t order;          /* allocation block order (0: static object) */
	uint8_t dying;          /* destruction has started */
	uint8_t queued;         /* on the zombie queue */
	uint32_t ncaps;         /* capabilities referring to this object */
	struct cap *caps;       /* list of them, through cap->obj_next */
	struct quota *quota;    /* charged to */
	struct list quota_link; /* in quota->objs */
	struct kobj *zombie_next;
};

struct quota {
	struct kobj obj;
	size_t limit, used;     /* bytes */
	struct quota *parent;   /* whose limit this one was taken from */
	uint32_t nobjs;         /* objects charged here (keeps the quota alive) */
	struct list objs;       /* those objects, destroyed with the quota */
	uint8_t torn;           /* destroyed; freed when nobjs reaches 0 */
};

/* Allocate a zeroed object of `size` bytes charged to q; NULL with *err set. */
void *obj_alloc(struct quota *q, unsigned type, size_t size, word_t *err);
/* Raw charged memory (page tables, cspaces, UTCBs): same accounting. */
void *quota_alloc(struct quota *q, size_t size, word_t *err);
void quota_free(struct quota *q, void *p, size_t size);
/* Move the charge for a block of `size` bytes (as quota_alloc counted it)
 * from one quota to the other; DBT_E_NO_QUOTA, and nothing moved, if `to`
 * cannot take it.  Like a quota_alloc to `to` and a quota_free from `from`,
 * without touching the memory: a granted mapping node changes owner. */
word_t quota_transfer(struct quota *from, struct quota *to, size_t size);
/* Can q's limit become `limit`?  DBT_E_BUSY below what q uses,
 * DBT_E_NO_QUOTA if growing needs more than q's parent has free. */
word_t quota_resize_check(const struct quota *q, size_t limit);
/* Set q's limit, moving the difference to or from its parent; checked first. */
void quota_resize(struct quota *q, size_t limit);

void obj_get_cap(struct kobj *o, struct cap *c);
void obj_put_cap(struct kobj *o, struct cap *c);
void obj_put_cap_nodestroy(struct kobj *o, struct cap *c);
void obj_destroy(struct kobj *o);       /* revoke all caps, queue for teardown */
void obj_reap(void);                    /* run queued teardowns */
void obj_free(struct kobj *o);
void quota_finish(struct quota *q);

extern struct quota root_quota;

#endif
