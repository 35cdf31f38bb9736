/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * space.h - address spaces and the mapping database.
 *
 * Every user page mapping (4 KiB) has a mapping node.  A node made by
 * DBT_SYS_MAP_PHYS is a root; a node made by an IPC map item is the child of
 * the sender's node, and a grant moves the sender's node.  Unmapping a page
 * removes the whole subtree below it, in every address space the page was
 * mapped on to.  I/O-port mappings use the same nodes, kept on a per-task
 * list instead of in page tables.  Nodes and page tables are charged to the
 * quota of the task whose space holds them; a grant moves the node's charge
 * to its new holder's quota (quota_transfer).
 */
#ifndef KERNEL_SPACE_H
#define KERNEL_SPACE_H

#include "types.h"
#include "kmem.h"
#include "dtree.h"

struct task;

struct mapnode {
	struct dtree tree;              /* mapped on from the parent node; first, so
	                                   mapnode_of and mapnode_tree cost nothing */
	struct task *task;              /* whose space */
	vaddr_t va;                     /* page address (I/O: first port) */
	paddr_t pa;                     /* frame (I/O: order) */
	uint8_t rights;                 /* DBT_R | DBT_W | DBT_X */
	uint8_t attr;                   /* DBT_MAP_* (I/O: 0xff) */
};
_Static_assert(sizeof(struct mapnode) <= (1u << KMEM_MIN_ORDER), "mapnode fits the smallest block");
_Static_assert(offsetof(struct mapnode, tree) == 0, "the tree links come first");

#define MAPNODE_IO 0xff

/* The node whose tree links d are (NULL for NULL), and back. */
static inline struct mapnode *mapnode_of(struct dtree *d)
{
	return d ? container_of(d, struct mapnode, tree) : NULL;
}

static inline struct dtree *mapnode_tree(struct mapnode *n)
{
	return n ? &n->tree : NULL;
}

static inline struct mapnode *mapnode_parent(const struct mapnode *n)
{
	return mapnode_of(n->tree.parent);
}

/* A task's I/O bitmap: one bit per port, 1 = denied (the x86 TSS format). */
#define IO_BITMAP_BYTES (DBT_IO_PORTS / 8)

/* Install a page in t at va, child of parent (NULL: root).  Replaces what was there. */
word_t space_map_page(struct task *t, vaddr_t va, paddr_t pa, unsigned rights, unsigned attr,
                      struct mapnode *parent);
/* Move node (and its subtree) to t at va, keeping at most rights: the grant operation. */
word_t space_grant_page(struct mapnode *node, struct task *t, vaddr_t va, unsigned rights);
/* The node mapping va in t, or NULL. */
struct mapnode *space_lookup(struct task *t, vaddr_t va);
/* Revoke rights (DBT_R removes the mapping) below [va, va+size) in t; self: also t's own. */
void space_unmap(struct task *t, vaddr_t va, word_t size, unsigned rights, bool self);
/* Revoke rights from t's own pages in [va, end) and from everything mapped on
 * from them, looking at no more than budget page-table entries (an absent
 * table is one); returns the address it got to (end: all done). */
vaddr_t space_unmap_task(struct task *t, vaddr_t va, vaddr_t end, unsigned rights, word_t budget);
/* Map pages pages of s from src into t at dst, each a child of s's page with
 * rights & its rights (R always).  Stops at the first page that fails:
 * DBT_E_NOT_MAPPED (no source page), DBT_E_BUSY (a UTCB at the destination,
 * or the destination's mapping is the source page or one it derives from),
 * DBT_E_NO_QUOTA (t's quota); *done = pages mapped before it. */
word_t space_map_range(struct task *s, vaddr_t src, struct task *t, vaddr_t dst, word_t pages,
                       unsigned rights, word_t *done);
/* Remove every mapping of t (its descendants elsewhere too) and free its page tables. */
void space_destroy(struct task *t);
/* Next mapped page of t at or after va and below end; false if none. */
bool space_next_mapped(struct task *t, vaddr_t *va, vaddr_t end);
void mapnode_remove_subtree(struct mapnode *n);
/* Call fn on each of t's I/O mapping nodes (the invariant checks, check.c). */
void space_each_io(struct task *t, void (*fn)(struct task *t, struct mapnode *n));
size_t space_count(struct task *t);

/* A memory flexpage: aligned, of DBT_PAGE_ORDER..DBT_USER_ORDER, all user addresses. */
static inline bool mem_fpage_ok(word_t f)
{
	unsigned order = DBT_FPAGE_ORDER(f);
	word_t base = DBT_FPAGE_BASE(f), size = DBT_FPAGE_SIZE(f);
	return order >= DBT_PAGE_ORDER && order <= DBT_USER_ORDER && IS_ALIGNED(base, size) &&
	       user_range_ok(base, size);
}

/* An I/O flexpage: aligned, of at most DBT_IO_MAX_ORDER, ports that exist. */
static inline bool io_fpage_ok(word_t f)
{
	word_t port = DBT_IO_FPAGE_PORT(f);
	return DBT_FPAGE_ORDER(f) <= DBT_IO_MAX_ORDER && port < DBT_IO_PORTS &&
	       IS_ALIGNED(port, DBT_FPAGE_SIZE(f));
}

/* I/O ports. */
word_t io_map(struct task *t, unsigned port, unsigned order, struct mapnode *parent);
struct mapnode *io_lookup(struct task *t, unsigned port, unsigned order);
void io_unmap(struct task *t, unsigned port, unsigned order, bool self);

#endif
