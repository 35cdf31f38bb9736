/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_dtree.c - the derivation-tree links (kernel/include/dtree.h) that
 * cap.c and space.c share: link, unlink, remove (children move up),
 * replace, first leaf, the pre-order walk and the ancestor test.
 */
#include "harness.h"
#include "dtree.h"

#define N 8
static struct dtree node[N];

static void reset(void)
{
	for (unsigned i = 0; i < N; i++)
		node[i] = (struct dtree){ 0 };
}

/* Every link agrees with its neighbours. */
static bool links_ok(void)
{
	for (unsigned i = 0; i < N; i++) {
		struct dtree *d = &node[i];
		if (d->prev ? d->prev->next != d : (d->parent && d->parent->child != d))
			return false;
		if (d->next && (d->next->prev != d || d->next->parent != d->parent))
			return false;
		for (struct dtree *k = d->child; k; k = k->next)
			if (k->parent != d)
				return false;
	}
	return true;
}

/* The pre-order walk of root's subtree from start, as node numbers. */
static unsigned walk(struct dtree *start, struct dtree *root, unsigned *out)
{
	unsigned n = 0;
	for (struct dtree *d = start; d && n < N; d = dtree_next(d, root))
		out[n++] = (unsigned)(d - node);
	return n;
}

/* 0 has children 1 and 2 (2 linked last, so first); 1 has 3; 3 has 4; 2 has 5. */
static void build(void)
{
	reset();
	dtree_link(&node[0], NULL);
	dtree_link(&node[1], &node[0]);
	dtree_link(&node[2], &node[0]);
	dtree_link(&node[3], &node[1]);
	dtree_link(&node[4], &node[3]);
	dtree_link(&node[5], &node[2]);
}

HTEST(link_puts_first)
{
	build();
	CHECK(links_ok());
	CHECK(node[0].child == &node[2] && node[2].next == &node[1] && node[1].prev == &node[2]);
	CHECK(node[0].parent == NULL && node[4].parent == &node[3]);
}

HTEST(preorder_walk)
{
	build();
	unsigned order[N], n = walk(&node[0], &node[0], order);
	CHECK(n == 6);
	CHECK(order[0] == 0 && order[1] == 2 && order[2] == 5 && order[3] == 1);
	CHECK(order[4] == 3 && order[5] == 4);
	/* from the first child: the subtree without its root */
	n = walk(node[1].child, &node[1], order);
	CHECK(n == 2 && order[0] == 3 && order[1] == 4);
	/* a leaf as its own root */
	CHECK(walk(&node[5], &node[5], order) == 1);
}

HTEST(first_leaf_and_above)
{
	build();
	CHECK(dtree_first_leaf(&node[0]) == &node[5]);
	CHECK(dtree_first_leaf(&node[1]) == &node[4]);
	CHECK(dtree_first_leaf(&node[4]) == &node[4]);
	CHECK(dtree_above(&node[0], &node[4]) && dtree_above(&node[4], &node[4]));
	CHECK(!dtree_above(&node[2], &node[4]) && !dtree_above(&node[4], &node[0]));
}

HTEST(unlink_keeps_subtree)
{
	build();
	dtree_unlink(&node[1]);
	CHECK(links_ok());
	CHECK(node[0].child == &node[2] && node[2].next == NULL);
	CHECK(node[1].parent == NULL && node[1].child == &node[3]);
	dtree_unlink(&node[2]);                 /* the first child */
	CHECK(links_ok() && node[0].child == NULL);
}

HTEST(remove_moves_children_up)
{
	build();
	dtree_remove(&node[1]);
	CHECK(links_ok());
	CHECK(node[3].parent == &node[0] && node[4].parent == &node[3]);
	CHECK(node[1].parent == NULL && node[1].child == NULL && node[1].next == NULL);
	dtree_remove(&node[0]);                 /* a root: its children become roots */
	CHECK(links_ok());
	CHECK(node[2].parent == NULL && node[3].parent == NULL && node[0].child == NULL);
	CHECK(node[2].next == NULL && node[3].prev == NULL);
}

HTEST(replace_takes_place)
{
	build();
	dtree_replace(&node[6], &node[1]);
	CHECK(links_ok());
	CHECK(node[6].parent == &node[0] && node[6].child == &node[3] && node[3].parent == &node[6]);
	CHECK(node[1].parent == NULL && node[1].child == NULL && node[1].next == NULL);
	unsigned order[N];
	CHECK(walk(&node[0], &node[0], order) == 6);
	dtree_replace(&node[7], &node[0]);      /* a root */
	CHECK(links_ok() && node[7].parent == NULL && node[2].parent == &node[7]);
}
