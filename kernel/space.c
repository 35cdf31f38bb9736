/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * space.c - the mapping database over address spaces and I/O-port spaces
 * (see space.h).  The tree of a page is a struct dtree (dtree.h); removing
 * a subtree deletes leaves one at a time, so no recursion is needed however
 * long the chain of mappings.
 *
 * Two kinds of revocation: space_unmap acts on what a task mapped on from
 * its pages (DBT_SYS_UNMAP, every task below), space_unmap_task on one
 * task's own pages and what hangs below them (DBT_SYS_TASK_UNMAP: the
 * pages stay in the tasks above and beside).  space_map_range maps a range
 * of one task's pages into another (DBT_SYS_TASK_MAP).
 */
#include "space.h"
#include "task.h"
#include "arch/cpu.h"

struct ionode {
	struct mapnode n;
	struct list link;               /* task->io_nodes */
};

/* ---- I/O bitmap ----------------------------------------------------------- */

static void io_bits(struct task *t, unsigned port, unsigned count, bool allow)
{
	for (unsigned p = port; p < port + count; p++) {
		if (allow)
			t->iobitmap[p >> 3] &= (uint8_t)~(1u << (p & 7));
		else
			t->iobitmap[p >> 3] |= (uint8_t)(1u << (p & 7));
	}
}

static void io_refresh(struct task *t)
{
	memset(t->iobitmap, 0xff, IO_BITMAP_BYTES);
	for (struct list *l = t->io_nodes.next; l != &t->io_nodes; l = l->next) {
		struct mapnode *n = &list_entry(l, struct ionode, link)->n;
		io_bits(t, (unsigned)n->va, 1u << n->pa, true);
	}
	arch_io_changed(t);
}

void space_each_io(struct task *t, void (*fn)(struct task *t, struct mapnode *n))
{
	for (struct list *l = t->io_nodes.next; l != &t->io_nodes; l = l->next)
		fn(t, &list_entry(l, struct ionode, link)->n);
}

/* ---- removing mappings ------------------------------------------------------ */

/* Remove the leaf n; ref is its page-table entry if the caller has it (NULL: find it). */
static void remove_leaf(struct mapnode *n, struct pte_ref *ref)
{
	struct task *t = n->task;
	struct pte_ref found;
	word_t err;
	dtree_unlink(&n->tree);
	if (n->attr == MAPNODE_IO) {
		struct ionode *io = container_of(n, struct ionode, n);
		list_del(&io->link);
		quota_free(t->quota, io, sizeof(*io));
		io_refresh(t);
		return;
	}
	if (!ref && arch_pte_ref(t, n->va, false, &found, &err))
		ref = &found;
	if (ref && *ref->node == n) {
		*ref->node = NULL;
		arch_pte_clear(t, n->va, ref);
	}
	t->npages--;
	quota_free(t->quota, n, sizeof(*n));
}

/* n's subtree leaf by leaf, then n (ref: its entry, or NULL). */
static void remove_subtree(struct mapnode *n, struct pte_ref *ref)
{
	while (n->tree.child)
		remove_leaf(mapnode_of(dtree_first_leaf(n->tree.child)), NULL);
	remove_leaf(n, ref);
}

void mapnode_remove_subtree(struct mapnode *n)
{
	remove_subtree(n, NULL);
}

/* Take rights away from every node of n's subtree (n itself if self). */
static void downgrade(struct mapnode *n, unsigned rights, bool self)
{
	struct dtree *d = self ? &n->tree : n->tree.child;
	for (; d; d = dtree_next(d, &n->tree)) {
		struct mapnode *x = mapnode_of(d);
		x->rights &= (uint8_t)~rights;
		struct pte_ref ref;
		word_t err;
		if (arch_pte_ref(x->task, x->va, false, &ref, &err) && *ref.node == x)
			arch_pte_set(x->task, x->va, &ref, x->pa, x->rights, x->attr, false);
	}
}

/* Take rights from n's subtree (n itself if self); DBT_R among them removes.
 * ref: n's page-table entry. */
static void revoke(struct mapnode *n, struct pte_ref *ref, unsigned rights, bool self)
{
	if (!(rights & DBT_R))
		downgrade(n, rights, self);
	else if (self)
		remove_subtree(n, ref);
	else
		while (n->tree.child)
			mapnode_remove_subtree(mapnode_of(n->tree.child));
}

/* ---- pages ----------------------------------------------------------------------- */

struct mapnode *space_lookup(struct task *t, vaddr_t va)
{
	struct pte_ref ref;
	word_t err;
	if (!arch_pte_ref(t, va, false, &ref, &err))
		return NULL;
	return *ref.node;
}

/* space_next_mapped within a budget of page-table entries (NULL: none);
 * ref: the entry found. */
static bool next_mapped(struct task *t, vaddr_t *va, vaddr_t end, word_t *budget,
                        struct pte_ref *ref)
{
	while (arch_next_mapped(t, va, end, budget, ref)) {
		if (*ref->node)
			return true;
		*va += PAGE_SIZE;       /* a kernel-owned page (a UTCB): skip */
	}
	return false;
}

bool space_next_mapped(struct task *t, vaddr_t *va, vaddr_t end)
{
	struct pte_ref ref;
	return next_mapped(t, va, end, NULL, &ref);
}

/* space_map_page at ref, t's entry for va.  Inlined into both callers: a
 * page fault's map item goes through space_map_page, to which a call here
 * added 34 instructions. */
static inline __attribute__((always_inline))
word_t map_at(struct task *t, vaddr_t va, struct pte_ref *ref, paddr_t pa, unsigned rights,
              unsigned attr, struct mapnode *parent)
{
	word_t err;
	rights |= DBT_R;                /* x86 cannot map a page it cannot read */
	if (arch_pte_kernel_owned(ref))
		return DBT_E_BUSY;
	struct mapnode *old = *ref->node;
	if (old && old->pa == pa && mapnode_parent(old) == parent) {
		old->rights |= (uint8_t)rights;         /* the same mapping again: extend */
		arch_pte_set(t, va, ref, pa, old->rights, old->attr, false);
		return DBT_OK;
	}
	struct mapnode *n = quota_alloc(t->quota, sizeof(*n), &err);
	if (!n)
		return err;
	if (old)
		mapnode_remove_subtree(old);
	n->task = t;
	n->va = va;
	n->pa = pa;
	n->rights = (uint8_t)rights;
	n->attr = (uint8_t)attr;
	dtree_link(&n->tree, mapnode_tree(parent));
	*ref->node = n;
	arch_pte_set(t, va, ref, pa, rights, attr, false);
	t->npages++;
	return DBT_OK;
}

word_t space_map_page(struct task *t, vaddr_t va, paddr_t pa, unsigned rights, unsigned attr,
                      struct mapnode *parent)
{
	struct pte_ref ref;
	word_t err;
	if (!arch_pte_ref(t, va, true, &ref, &err))
		return err;
	return map_at(t, va, &ref, pa, rights, attr, parent);
}

word_t space_grant_page(struct mapnode *n, struct task *t, vaddr_t va, unsigned rights)
{
	struct pte_ref ref, old_ref;
	word_t err;
	if (!arch_pte_ref(t, va, true, &ref, &err))
		return err;
	if (arch_pte_kernel_owned(&ref))
		return DBT_E_BUSY;
	if (*ref.node == n)
		return DBT_OK;
	if ((err = quota_transfer(n->task->quota, t->quota, sizeof(*n))))
		return err;
	if (*ref.node)
		mapnode_remove_subtree(*ref.node);
	if (arch_pte_ref(n->task, n->va, false, &old_ref, &err)) {
		*old_ref.node = NULL;
		arch_pte_clear(n->task, n->va, &old_ref);
	}
	n->task->npages--;
	n->task = t;
	n->va = va;
	if ((n->rights & ~(rights | DBT_R)) && n->tree.child)
		downgrade(n, n->rights & ~(rights | DBT_R), false);
	n->rights &= (uint8_t)(rights | DBT_R);
	*ref.node = n;
	arch_pte_set(t, va, &ref, n->pa, n->rights, n->attr, false);
	t->npages++;
	return DBT_OK;
}

void space_unmap(struct task *t, vaddr_t va, word_t size, unsigned rights, bool self)
{
	struct pte_ref ref;
	vaddr_t a = va;
	while (next_mapped(t, &a, va + size, NULL, &ref)) {
		revoke(*ref.node, &ref, rights, self);
		a += PAGE_SIZE;
	}
}

vaddr_t space_unmap_task(struct task *t, vaddr_t va, vaddr_t end, unsigned rights, word_t budget)
{
	struct pte_ref ref;
	vaddr_t a = va;
	while (next_mapped(t, &a, end, &budget, &ref)) {
		revoke(*ref.node, &ref, rights, true);
		a += PAGE_SIZE;
	}
	return a;
}

/* ref moved on to t's entry for va: a step from the entry of the page
 * before within its leaf table, or a walk (walk: the first page). */
static bool ref_at(struct task *t, vaddr_t va, bool alloc, bool walk, struct pte_ref *ref,
                   word_t *err)
{
	if (!walk && arch_pte_ref_step(ref, va - PAGE_SIZE))
		return true;
	return arch_pte_ref(t, va, alloc, ref, err);
}

/* One page of space_map_range: the source's node at sref to tref, t's entry for dst. */
static word_t map_one(struct task *t, vaddr_t dst, struct pte_ref *sref, struct pte_ref *tref,
                      unsigned rights)
{
	struct mapnode *n = *sref->node, *old = *tref->node;
	if (old && dtree_above(&old->tree, &n->tree))
		return DBT_E_BUSY;      /* replacing it would remove the source page */
	return map_at(t, dst, tref, n->pa, rights & n->rights, n->attr, n);
}

/* The source page is looked up before the destination's tables are made,
 * so a missing one costs the target nothing. */
word_t space_map_range(struct task *s, vaddr_t src, struct task *t, vaddr_t dst, word_t pages,
                       unsigned rights, word_t *done)
{
	struct pte_ref sref, tref;
	word_t err = DBT_OK;
	for (*done = 0; *done < pages; (*done)++) {
		word_t off = *done << PAGE_SHIFT;
		bool walk = *done == 0;
		if (!ref_at(s, src + off, false, walk, &sref, &err) || !*sref.node) {
			err = DBT_E_NOT_MAPPED;
			break;
		}
		if (!ref_at(t, dst + off, true, walk, &tref, &err))
			break;
		if ((err = map_one(t, dst + off, &sref, &tref, rights)))
			break;
	}
	return err;
}

void space_destroy(struct task *t)
{
	vaddr_t a = 0;
	struct pte_ref ref;
	while (next_mapped(t, &a, DBT_USER_TOP, NULL, &ref)) {
		remove_subtree(*ref.node, &ref);
		a += PAGE_SIZE;
	}
	while (!list_empty(&t->io_nodes))
		mapnode_remove_subtree(&list_first(&t->io_nodes, struct ionode, link)->n);
	arch_space_free(t);
}

size_t space_count(struct task *t)
{
	return t->npages;
}

/* ---- I/O ports -------------------------------------------------------------------- */

word_t io_map(struct task *t, unsigned port, unsigned order, struct mapnode *parent)
{
	word_t err;
	for (struct list *l = t->io_nodes.next; l != &t->io_nodes; l = l->next) {
		struct mapnode *n = &list_entry(l, struct ionode, link)->n;
		if (n->va == port && n->pa == order && mapnode_parent(n) == parent)
			return DBT_OK;          /* the same mapping again */
	}
	if (!t->iobitmap) {
		t->iobitmap = quota_alloc(t->quota, IO_BITMAP_BYTES, &err);
		if (!t->iobitmap)
			return err;
		memset(t->iobitmap, 0xff, IO_BITMAP_BYTES);
	}
	struct ionode *io = quota_alloc(t->quota, sizeof(*io), &err);
	if (!io)
		return err;
	io->n.task = t;
	io->n.va = port;
	io->n.pa = order;
	io->n.attr = MAPNODE_IO;
	io->n.rights = DBT_R | DBT_W;
	dtree_link(&io->n.tree, mapnode_tree(parent));
	list_add_tail(&t->io_nodes, &io->link);
	io_bits(t, port, 1u << order, true);
	arch_io_changed(t);
	return DBT_OK;
}

struct mapnode *io_lookup(struct task *t, unsigned port, unsigned order)
{
	for (struct list *l = t->io_nodes.next; l != &t->io_nodes; l = l->next) {
		struct mapnode *n = &list_entry(l, struct ionode, link)->n;
		if (n->va <= port && port + (1u << order) <= n->va + (1u << n->pa))
			return n;
	}
	return NULL;
}

void io_unmap(struct task *t, unsigned port, unsigned order, bool self)
{
	struct list *l = t->io_nodes.next;
	while (l != &t->io_nodes) {
		struct mapnode *n = &list_entry(l, struct ionode, link)->n;
		bool overlap = n->va < port + (1u << order) && port < n->va + (1u << n->pa);
		if (overlap && (self || n->tree.child)) {
			if (self)
				mapnode_remove_subtree(n);
			else
				while (n->tree.child)
					mapnode_remove_subtree(mapnode_of(n->tree.child));
			l = t->io_nodes.next;   /* the list changed: rescan */
			continue;
		}
		l = l->next;
	}
}
