/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cap.h - capabilities and capability spaces.
 *
 * A task's capability space is a flat array of 2^order slots; a slot number
 * is the only name user level has for an object.  Each capability records its
 * object, rights and badge, its place in the derivation tree (a copy is the
 * child of its source, so revoke finds every copy) and its place in the
 * object's list of capabilities (so destroying an object finds every
 * capability to it).  Slot 0 is never valid, to catch uninitialised names.
 */
#ifndef KERNEL_CAP_H
#define KERNEL_CAP_H

#include "object.h"
#include "dtree.h"

struct task;

struct cap {
	struct kobj *obj;               /* NULL: empty slot */
	word_t badge;
	uint8_t rights;                 /* DBT_CAP_* */
	struct dtree tree;              /* derivation tree: a copy is its source's child */
	struct cap *obj_next, *obj_prev;
	struct task *owner;             /* whose space holds the slot (NULL: internal) */
};

/* The capability whose tree node d is (NULL for NULL), and back. */
static inline struct cap *cap_of(struct dtree *d)
{
	return d ? container_of(d, struct cap, tree) : NULL;
}

static inline struct dtree *cap_tree(struct cap *c)
{
	return c ? &c->tree : NULL;
}

static inline struct cap *cap_parent(const struct cap *c)
{
	return cap_of(c->tree.parent);
}

/* Find the capability named by slot in t, of type (0: any) with all rights. */
word_t cap_lookup(struct task *t, word_t slot, unsigned type, unsigned rights, struct cap **out);
/* An empty slot in t to write into. */
word_t cap_lookup_empty(struct task *t, word_t slot, struct cap **out);

/* Fill empty dst with a new capability: a root (parent NULL) or a child of parent. */
void cap_install(struct cap *dst, struct kobj *obj, unsigned rights, word_t badge,
                 struct cap *parent);
void cap_move(struct cap *dst, struct cap *src);
void cap_delete(struct cap *c);         /* children are re-parented */
void cap_revoke(struct cap *c);         /* delete every descendant */
bool cap_badgeable(const struct cap *c);
/* A reply capability is one-shot: it may be moved, never copied. */
bool cap_copyable(const struct cap *c);

#endif
