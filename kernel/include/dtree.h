/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * dtree.h - derivation trees: the parent / first-child / sibling links of
 * capabilities (cap.c: a copy is the child of its source) and of mapping
 * nodes (space.c: a page mapped on by IPC is the child of the sender's).
 *
 * Like struct list, a struct dtree is embedded in what it links, and
 * container_of gets that back (cap_of in cap.h, mapnode_of in space.h).
 * Nothing here recurses however deep a tree grows: a subtree is taken
 * apart leaf by leaf (dtree_first_leaf) and walked in pre-order by climbing
 * parent links (dtree_next).  The caller holds whatever guards the tree
 * (today: the kernel runs one thread at a time with interrupts off).
 */
#ifndef KERNEL_DTREE_H
#define KERNEL_DTREE_H

#include "types.h"

struct dtree {
	struct dtree *parent;           /* NULL: a root */
	struct dtree *child;            /* the first child */
	struct dtree *next, *prev;      /* siblings */
};

/* Make n the first child of parent (NULL: a root); n keeps its children. */
static inline void dtree_link(struct dtree *n, struct dtree *parent)
{
	n->parent = parent;
	n->prev = NULL;
	n->next = parent ? parent->child : NULL;
	if (n->next)
		n->next->prev = n;
	if (parent)
		parent->child = n;
}

/* Take n, with its subtree, away from its parent and siblings. */
static inline void dtree_unlink(struct dtree *n)
{
	if (n->prev)
		n->prev->next = n->next;
	else if (n->parent)
		n->parent->child = n->next;
	if (n->next)
		n->next->prev = n->prev;
	n->parent = n->next = n->prev = NULL;
}

/* Take n out of the tree; its children move up to n's parent (or become roots). */
static inline void dtree_remove(struct dtree *n)
{
	while (n->child) {
		struct dtree *k = n->child;
		dtree_unlink(k);
		dtree_link(k, n->parent);
	}
	dtree_unlink(n);
}

/* dst, in no tree, takes src's place under src's parent and over its
 * children; src is left with no links. */
static inline void dtree_replace(struct dtree *dst, struct dtree *src)
{
	struct dtree *parent = src->parent, *children = src->child;
	dtree_unlink(src);
	src->child = NULL;
	dtree_link(dst, parent);
	dst->child = children;
	for (struct dtree *k = children; k; k = k->next)
		k->parent = dst;
}

/* The first leaf at or below n, following first children. */
static inline struct dtree *dtree_first_leaf(struct dtree *n)
{
	while (n->child)
		n = n->child;
	return n;
}

/* The node after x in a pre-order walk of root's subtree (x in it); NULL at the end. */
static inline struct dtree *dtree_next(struct dtree *x, const struct dtree *root)
{
	if (x->child)
		return x->child;
	while (x != root && !x->next)
		x = x->parent;
	return x == root ? NULL : x->next;
}

/* a is n or one of n's ancestors. */
static inline bool dtree_above(const struct dtree *a, const struct dtree *n)
{
	for (; n; n = n->parent)
		if (n == a)
			return true;
	return false;
}

#endif
