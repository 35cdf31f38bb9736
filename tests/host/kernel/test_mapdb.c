/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_mapdb.c - the mapping database (kernel/space.c) over a fake page
 * table (fake_arch.c): map, recursive and partial unmap, downgrade, grant,
 * destroy, I/O-port nodes.  Mapping nodes come from malloc through host
 * versions of quota_alloc / quota_free / quota_transfer that keep the
 * quota's account in kernel blocks (kmem_order), as kernel/object.c does.
 */
// uses: kernel/space.c kernel/kmem.c tests/host/kernel/fake_arch.c
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "fake_arch.h"
#include "task.h"

/* ---- host quota_alloc / quota_free (kernel/object.c's accounting) ---------------- */

static long live_blocks;

static size_t charge(size_t size)
{
	return (size_t)1 << kmem_order(size);
}

#define NODE_CHARGE charge(sizeof(struct mapnode))

void *quota_alloc(struct quota *q, size_t size, word_t *err)
{
	size_t bytes = charge(size);
	if (q->used + bytes > q->limit) {
		*err = DBT_E_NO_QUOTA;
		return NULL;
	}
	void *p = calloc(1, size);
	q->used += bytes;
	live_blocks++;
	return p;
}

void quota_free(struct quota *q, void *p, size_t size)
{
	free(p);
	q->used -= charge(size);
	live_blocks--;
}

word_t quota_transfer(struct quota *from, struct quota *to, size_t size)
{
	if (from == to)
		return DBT_OK;
	if (to->used + charge(size) > to->limit)
		return DBT_E_NO_QUOTA;
	from->used -= charge(size);
	to->used += charge(size);
	return DBT_OK;
}

/* ---- fixture -------------------------------------------------------------------------- */

#define NTASKS 4
static struct task tasks[NTASKS];
static struct quota quotas[NTASKS];
static struct task *t1 = &tasks[0], *t2 = &tasks[1], *t3 = &tasks[2], *t4 = &tasks[3];

#define VA(n) (0x10000000ull + (vaddr_t)(n) * PAGE_SIZE)
#define PA(n) (0x200000ull + (paddr_t)(n) * PAGE_SIZE)

static void setup(void)
{
	for (unsigned i = 0; i < NTASKS; i++) {
		if (tasks[i].quota)
			space_destroy(&tasks[i]);
		memset(&tasks[i], 0, sizeof(tasks[i]));
		memset(&quotas[i], 0, sizeof(quotas[i]));
		quotas[i].limit = 1 << 30;
		tasks[i].quota = &quotas[i];
		list_init(&tasks[i].io_nodes);
		free(tasks[i].iobitmap);
		tasks[i].iobitmap = NULL;
	}
	fake_arch_reset();
	live_blocks = 0;
}

static bool present(struct task *t, vaddr_t va)
{
	return fake_arch_pte(t, va) & FAKE_PTE_PRESENT;
}

/* Map page n of src (node) to t at va as a child. */
static struct mapnode *map_from(struct mapnode *n, struct task *t, vaddr_t va, unsigned rights)
{
	if (space_map_page(t, va, n->pa, rights & n->rights, n->attr, n) != DBT_OK)
		return NULL;
	return space_lookup(t, va);
}

/* Every node of n's subtree has consistent links. */
static bool subtree_ok(struct mapnode *n)
{
	for (struct mapnode *k = mapnode_of(n->tree.child); k; k = mapnode_of(k->tree.next)) {
		if (mapnode_parent(k) != n || (k->tree.next && k->tree.next->prev != &k->tree))
			return false;
		if (k->pa != n->pa || space_lookup(k->task, k->va) != k)
			return false;
		if (!subtree_ok(k))
			return false;
	}
	return true;
}

/* ---- tests ------------------------------------------------------------------------------ */

HTEST(map_and_lookup)
{
	setup();
	CHECK(space_map_page(t1, VA(0), PA(0), DBT_W, DBT_MAP_CACHED, NULL) == DBT_OK);
	struct mapnode *n = space_lookup(t1, VA(0));
	CHECK(n && n->pa == PA(0) && n->task == t1 && n->va == VA(0));
	CHECK(n->rights == (DBT_R | DBT_W));    /* read is implied */
	CHECK(mapnode_parent(n) == NULL && n->tree.child == NULL);
	CHECK(present(t1, VA(0)));
	CHECK(FAKE_PTE_FRAME(fake_arch_pte(t1, VA(0))) == PA(0));
	CHECK(FAKE_PTE_RIGHTS(fake_arch_pte(t1, VA(0))) == (DBT_R | DBT_W));
	CHECK(space_count(t1) == 1);
	CHECK(space_lookup(t1, VA(1)) == NULL);
	CHECK(space_lookup(t2, VA(0)) == NULL);
	CHECK(quotas[0].used == NODE_CHARGE);
}

HTEST(map_again_extends_or_replaces)
{
	setup();
	CHECK(space_map_page(t1, VA(0), PA(0), DBT_R, DBT_MAP_CACHED, NULL) == DBT_OK);
	struct mapnode *n = space_lookup(t1, VA(0));
	CHECK(space_map_page(t1, VA(0), PA(0), DBT_X, DBT_MAP_CACHED, NULL) == DBT_OK);
	CHECK(space_lookup(t1, VA(0)) == n && n->rights == (DBT_R | DBT_X));
	CHECK(space_count(t1) == 1);
	/* a child below the first mapping goes when another frame replaces it */
	struct mapnode *c = map_from(n, t2, VA(5), DBT_RWX);
	CHECK(c != NULL);
	CHECK(space_map_page(t1, VA(0), PA(9), DBT_R, DBT_MAP_CACHED, NULL) == DBT_OK);
	CHECK(space_lookup(t1, VA(0))->pa == PA(9));
	CHECK(space_lookup(t2, VA(5)) == NULL && !present(t2, VA(5)));
	CHECK(space_count(t1) == 1 && space_count(t2) == 0);
	CHECK(live_blocks == 1);
}

HTEST(kernel_owned_page)
{
	setup();
	struct pte_ref ref;
	word_t err;
	CHECK(arch_pte_ref(t1, VA(3), true, &ref, &err));
	arch_pte_set(t1, VA(3), &ref, PA(3), DBT_R | DBT_W, 0, true);  /* a UTCB */
	CHECK(space_map_page(t1, VA(3), PA(4), DBT_R, 0, NULL) == DBT_E_BUSY);
	CHECK(space_lookup(t1, VA(3)) == NULL);
	vaddr_t a = 0;
	CHECK(!space_next_mapped(t1, &a, DBT_USER_TOP));
	space_unmap(t1, 0, DBT_USER_TOP, DBT_RWX, true);
	CHECK(present(t1, VA(3)));              /* not ours to remove */
}

HTEST(out_of_quota)
{
	setup();
	quotas[1].limit = NODE_CHARGE;
	CHECK(space_map_page(t2, VA(0), PA(0), DBT_R, 0, NULL) == DBT_OK);
	CHECK(space_map_page(t2, VA(1), PA(1), DBT_R, 0, NULL) == DBT_E_NO_QUOTA);
	CHECK(space_lookup(t2, VA(1)) == NULL && space_count(t2) == 1);
	fake_arch_fail_alloc = true;
	CHECK(space_map_page(t1, VA(7), PA(1), DBT_R, 0, NULL) == DBT_E_NO_QUOTA);
	fake_arch_fail_alloc = false;
}

/* t1 -> t2 -> t3 (and a sibling in t4): unmap from the top, three levels. */
HTEST(recursive_unmap)
{
	setup();
	CHECK(space_map_page(t1, VA(0), PA(0), DBT_RWX, 0, NULL) == DBT_OK);
	struct mapnode *a = space_lookup(t1, VA(0));
	struct mapnode *b = map_from(a, t2, VA(10), DBT_RWX);
	struct mapnode *c = map_from(b, t3, VA(20), DBT_RWX);
	struct mapnode *d = map_from(c, t4, VA(30), DBT_R);
	struct mapnode *e = map_from(a, t4, VA(31), DBT_R);
	CHECK(b && c && d && e);
	CHECK(d->rights == DBT_R);
	CHECK(mapnode_parent(b) == a && mapnode_parent(c) == b);
	CHECK(mapnode_parent(d) == c && mapnode_parent(e) == a);
	CHECK(subtree_ok(a));
	/* unmapping in the middle removes below only */
	space_unmap(t2, VA(10), PAGE_SIZE, DBT_RWX, false);
	CHECK(space_lookup(t2, VA(10)) == b && b->tree.child == NULL);
	CHECK(space_lookup(t3, VA(20)) == NULL && space_lookup(t4, VA(30)) == NULL);
	CHECK(!present(t3, VA(20)) && !present(t4, VA(30)));
	CHECK(space_lookup(t4, VA(31)) == e);
	c = map_from(b, t3, VA(20), DBT_RWX);
	d = map_from(c, t4, VA(30), DBT_R);
	CHECK(c && d);
	/* from the root, without self: every descendant goes */
	space_unmap(t1, VA(0), PAGE_SIZE, DBT_RWX, false);
	CHECK(space_lookup(t1, VA(0)) == a && a->tree.child == NULL);
	for (unsigned i = 1; i < NTASKS; i++)
		CHECK(space_count(&tasks[i]) == 0);
	CHECK(quotas[1].used == 0 && quotas[2].used == 0 && quotas[3].used == 0);
	/* with self: the root too */
	map_from(map_from(a, t2, VA(10), DBT_R), t3, VA(20), DBT_R);
	space_unmap(t1, VA(0), PAGE_SIZE, 0 | DBT_R, true);
	CHECK(space_lookup(t1, VA(0)) == NULL && !present(t1, VA(0)));
	CHECK(live_blocks == 0);
}

/* Unmapping part of a range leaves the rest. */
HTEST(partial_unmap)
{
	setup();
	for (unsigned i = 0; i < 8; i++) {
		CHECK(space_map_page(t1, VA(i), PA(i), DBT_RWX, 0, NULL) == DBT_OK);
		CHECK(map_from(space_lookup(t1, VA(i)), t2, VA(100 + i), DBT_RWX) != NULL);
	}
	space_unmap(t1, VA(2), 4 * PAGE_SIZE, DBT_RWX, false);   /* pages 2..5 */
	for (unsigned i = 0; i < 8; i++) {
		bool gone = i >= 2 && i < 6;
		CHECK(space_lookup(t1, VA(i)) != NULL);
		CHECK((space_lookup(t2, VA(100 + i)) == NULL) == gone);
	}
	CHECK(space_count(t2) == 4);
	space_unmap(t1, VA(4), 4 * PAGE_SIZE, DBT_RWX, true);    /* pages 4..7, self */
	for (unsigned i = 0; i < 8; i++)
		CHECK((space_lookup(t1, VA(i)) == NULL) == (i >= 4));
	CHECK(space_count(t1) == 4 && space_count(t2) == 2);
	/* an empty range is harmless */
	space_unmap(t1, VA(50), 16 * PAGE_SIZE, DBT_RWX, true);
	CHECK(space_count(t1) == 4);
}

/* Taking W away from below, then from the node itself. */
HTEST(downgrade)
{
	setup();
	CHECK(space_map_page(t1, VA(0), PA(0), DBT_RWX, 0, NULL) == DBT_OK);
	struct mapnode *a = space_lookup(t1, VA(0));
	struct mapnode *b = map_from(a, t2, VA(1), DBT_RWX);
	struct mapnode *c = map_from(b, t3, VA(2), DBT_R | DBT_W);
	struct mapnode *d = map_from(a, t3, VA(3), DBT_RWX);
	CHECK(b && c && d);
	space_unmap(t1, VA(0), PAGE_SIZE, DBT_W, false);
	CHECK(a->rights == DBT_RWX);
	CHECK(b->rights == (DBT_R | DBT_X) && c->rights == DBT_R && d->rights == (DBT_R | DBT_X));
	CHECK(FAKE_PTE_RIGHTS(fake_arch_pte(t2, VA(1))) == (DBT_R | DBT_X));
	CHECK(FAKE_PTE_RIGHTS(fake_arch_pte(t3, VA(2))) == DBT_R);
	CHECK(present(t2, VA(1)) && present(t3, VA(2)) && present(t3, VA(3)));
	space_unmap(t2, VA(1), PAGE_SIZE, DBT_X, true);
	CHECK(b->rights == DBT_R && d->rights == (DBT_R | DBT_X) && a->rights == DBT_RWX);
	CHECK(FAKE_PTE_RIGHTS(fake_arch_pte(t2, VA(1))) == DBT_R);
	space_unmap(t1, VA(0), PAGE_SIZE, DBT_W | DBT_X, true);
	CHECK(a->rights == DBT_R && FAKE_PTE_RIGHTS(fake_arch_pte(t1, VA(0))) == DBT_R);
	CHECK(subtree_ok(a));
	CHECK(space_count(t3) == 2);
}

/* A grant moves the node, with its subtree, to another space. */
HTEST(grant)
{
	setup();
	CHECK(space_map_page(t1, VA(0), PA(0), DBT_RWX, 0, NULL) == DBT_OK);
	struct mapnode *a = space_lookup(t1, VA(0));
	struct mapnode *b = map_from(a, t2, VA(1), DBT_RWX);
	struct mapnode *c = map_from(b, t3, VA(2), DBT_RWX);
	CHECK(b && c);
	size_t q2 = quotas[1].used, q4 = quotas[3].used;
	CHECK(space_grant_page(b, t4, VA(7), DBT_RWX) == DBT_OK);
	CHECK(space_lookup(t2, VA(1)) == NULL && !present(t2, VA(1)));
	CHECK(space_lookup(t4, VA(7)) == b && b->task == t4 && b->va == VA(7));
	CHECK(present(t4, VA(7)) && FAKE_PTE_FRAME(fake_arch_pte(t4, VA(7))) == PA(0));
	CHECK(mapnode_parent(b) == a && mapnode_parent(c) == b);
	CHECK(space_count(t2) == 0 && space_count(t4) == 1);
	CHECK(quotas[1].used == q2 - NODE_CHARGE && quotas[3].used == q4 + NODE_CHARGE);
	/* granting onto an existing mapping replaces it */
	CHECK(space_map_page(t2, VA(9), PA(5), DBT_R, 0, NULL) == DBT_OK);
	CHECK(space_grant_page(b, t2, VA(9), DBT_RWX) == DBT_OK);
	CHECK(space_lookup(t2, VA(9)) == b && space_lookup(t4, VA(7)) == NULL);
	CHECK(space_count(t2) == 1 && space_count(t4) == 0);
	/* to the same place: nothing */
	CHECK(space_grant_page(b, t2, VA(9), DBT_RWX) == DBT_OK);
	CHECK(subtree_ok(a));
	/* and unmapping from the top still finds it */
	space_unmap(t1, VA(0), PAGE_SIZE, DBT_RWX, false);
	CHECK(space_count(t2) == 0 && space_count(t3) == 0);
	CHECK(live_blocks == 1);
	/* a grant into a full quota fails and changes nothing */
	b = map_from(a, t2, VA(1), DBT_RWX);
	quotas[3].limit = quotas[3].used;
	size_t q2_full = quotas[1].used, q4_full = quotas[3].used;
	CHECK(space_grant_page(b, t4, VA(7), DBT_RWX) == DBT_E_NO_QUOTA);
	CHECK(space_lookup(t2, VA(1)) == b);
	CHECK(quotas[1].used == q2_full && quotas[3].used == q4_full);
}

/* A grant keeps at most the item's rights, below too. */
HTEST(grant_restricts_rights)
{
	setup();
	CHECK(space_map_page(t1, VA(0), PA(0), DBT_RWX, 0, NULL) == DBT_OK);
	struct mapnode *a = space_lookup(t1, VA(0));
	struct mapnode *b = map_from(a, t2, VA(1), DBT_RWX);
	struct mapnode *c = map_from(b, t3, VA(2), DBT_R | DBT_W);
	CHECK(b && c);
	CHECK(space_grant_page(b, t4, VA(3), DBT_X) == DBT_OK);
	CHECK(b->rights == (DBT_R | DBT_X) && c->rights == DBT_R);
	CHECK(FAKE_PTE_RIGHTS(fake_arch_pte(t4, VA(3))) == (DBT_R | DBT_X));
	CHECK(FAKE_PTE_RIGHTS(fake_arch_pte(t3, VA(2))) == DBT_R);
	CHECK(a->rights == DBT_RWX);
	CHECK(subtree_ok(a));
}

/* Destroying a space removes its pages and everything mapped on from them. */
HTEST(destroy)
{
	setup();
	for (unsigned i = 0; i < 16; i++)
		CHECK(space_map_page(t1, VA(i * 64), PA(i), DBT_RWX, 0, NULL) == DBT_OK);
	for (unsigned i = 0; i < 16; i++) {
		struct mapnode *b = map_from(space_lookup(t1, VA(i * 64)), t2, VA(i), DBT_RWX);
		CHECK(b && map_from(b, t3, VA(i), DBT_R));
	}
	CHECK(space_map_page(t2, VA(500), PA(50), DBT_R, 0, NULL) == DBT_OK);
	CHECK(map_from(space_lookup(t2, VA(500)), t1, VA(2000), DBT_R) != NULL);
	space_destroy(t1);
	CHECK(space_count(t1) == 0 && space_count(t3) == 0);
	CHECK(space_count(t2) == 1 && space_lookup(t2, VA(500))->tree.child == NULL);
	CHECK(quotas[0].used == 0 && quotas[2].used == 0);
	vaddr_t a = 0;
	CHECK(!space_next_mapped(t1, &a, DBT_USER_TOP));
	tasks[0].quota = NULL;          /* destroyed: setup must not do it again */
	space_destroy(t2);
	CHECK(live_blocks == 0);
}

/* A chain of 20000 mappings goes without recursion. */
HTEST(long_chain)
{
	setup();
	CHECK(space_map_page(t1, VA(0), PA(0), DBT_RWX, 0, NULL) == DBT_OK);
	struct mapnode *n = space_lookup(t1, VA(0));
	for (unsigned i = 1; i <= 20000; i++) {
		n = map_from(n, &tasks[1 + i % 3], VA(i), DBT_RWX);
		CHECK(n != NULL);
	}
	space_unmap(t1, VA(0), PAGE_SIZE, DBT_RWX, true);
	CHECK(live_blocks == 0);
	CHECK(space_count(t2) == 0 && space_count(t3) == 0 && space_count(t4) == 0);
}

HTEST(io_ports)
{
	setup();
	CHECK(io_map(t1, 0x60, 4, NULL) == DBT_OK);      /* ports 0x60..0x6f */
	CHECK(t1->iobitmap != NULL);
	CHECK(!(t1->iobitmap[0x60 >> 3] & 1) && (t1->iobitmap[0x70 >> 3] & 1));
	struct mapnode *n = io_lookup(t1, 0x64, 2);
	CHECK(n != NULL);
	CHECK(io_lookup(t1, 0x6c, 3) == NULL);           /* 0x68..0x6f ok, 0x70 not */
	CHECK(io_map(t2, 0x64, 2, n) == DBT_OK);
	CHECK(io_lookup(t2, 0x64, 2) != NULL && io_lookup(t2, 0x60, 0) == NULL);
	io_unmap(t1, 0x60, 4, false);
	CHECK(io_lookup(t2, 0x64, 0) == NULL && (t2->iobitmap[0x64 >> 3] & (1 << 4)));
	CHECK(io_lookup(t1, 0x60, 0) != NULL);
	io_unmap(t1, 0x68, 0, true);                     /* overlaps: the node goes */
	CHECK(io_lookup(t1, 0x60, 0) == NULL && (t1->iobitmap[0x60 >> 3] & 1));
	quota_free(t1->quota, t1->iobitmap, IO_BITMAP_BYTES);
	quota_free(t2->quota, t2->iobitmap, IO_BITMAP_BYTES);
	t1->iobitmap = t2->iobitmap = NULL;
	CHECK(live_blocks == 0);
}

/* ---- one task's view: space_map_range and space_unmap_task ----------------------------- */

/* Pages of t1 map into t2 as children, with the rights both allow. */
HTEST(map_range)
{
	setup();
	word_t done = 99;
	for (unsigned i = 0; i < 4; i++)
		CHECK(space_map_page(t1, VA(i), PA(i), i == 3 ? DBT_R : DBT_RWX, 0, NULL) == DBT_OK);
	CHECK(space_map_range(t1, VA(0), t2, VA(100), 4, DBT_R | DBT_W, &done) == DBT_OK);
	CHECK(done == 4);
	for (unsigned i = 0; i < 4; i++) {
		struct mapnode *n = space_lookup(t2, VA(100 + i));
		CHECK(n && n->pa == PA(i) && mapnode_parent(n) == space_lookup(t1, VA(i)));
		CHECK(n->rights == (i == 3 ? DBT_R : (DBT_R | DBT_W)));
		CHECK(FAKE_PTE_RIGHTS(fake_arch_pte(t2, VA(100 + i))) == n->rights);
	}
	CHECK(space_count(t2) == 4 && quotas[1].used == 4 * NODE_CHARGE);
	CHECK(quotas[0].used == 4 * NODE_CHARGE);
	/* the same pages again with X: rights only grow, no new nodes */
	struct mapnode *first = space_lookup(t2, VA(100));
	CHECK(space_map_range(t1, VA(0), t2, VA(100), 1, DBT_X, &done) == DBT_OK && done == 1);
	CHECK(space_lookup(t2, VA(100)) == first && first->rights == DBT_RWX);
	CHECK(space_map_range(t1, VA(0), t2, VA(100), 1, DBT_R, &done) == DBT_OK);
	CHECK(first->rights == DBT_RWX && space_count(t2) == 4);
	/* zero pages: nothing */
	CHECK(space_map_range(t1, VA(0), t2, VA(200), 0, DBT_R, &done) == DBT_OK && done == 0);
	CHECK(subtree_ok(space_lookup(t1, VA(0))));
}

/* The first page that fails stops the range; the pages before it stay. */
HTEST(map_range_stops)
{
	setup();
	word_t done = 99;
	for (unsigned i = 0; i < 8; i++)
		if (i != 5)
			CHECK(space_map_page(t1, VA(i), PA(i), DBT_RWX, 0, NULL) == DBT_OK);
	/* a hole in the source at page 5 */
	CHECK(space_map_range(t1, VA(0), t2, VA(100), 8, DBT_RWX, &done) == DBT_E_NOT_MAPPED);
	CHECK(done == 5 && space_count(t2) == 5 && space_lookup(t2, VA(105)) == NULL);
	/* the receiver's quota runs out after two nodes */
	quotas[2].limit = 2 * NODE_CHARGE;
	CHECK(space_map_range(t1, VA(0), t3, VA(0), 4, DBT_RWX, &done) == DBT_E_NO_QUOTA);
	CHECK(done == 2 && space_count(t3) == 2 && quotas[2].used == 2 * NODE_CHARGE);
	CHECK(space_lookup(t3, VA(2)) == NULL && quotas[0].used == 7 * NODE_CHARGE);
	/* a kernel-owned page (a UTCB) in the way */
	struct pte_ref ref;
	word_t err;
	CHECK(arch_pte_ref(t4, VA(1), true, &ref, &err));
	arch_pte_set(t4, VA(1), &ref, PA(50), DBT_R | DBT_W, 0, true);
	CHECK(space_map_range(t1, VA(0), t4, VA(0), 3, DBT_RWX, &done) == DBT_E_BUSY);
	CHECK(done == 1 && space_count(t4) == 1 && present(t4, VA(1)));
	/* over the page the source derives from: refused, both stay */
	struct mapnode *a = space_lookup(t1, VA(6)), *b = space_lookup(t2, VA(100));
	CHECK(space_map_range(t2, VA(100), t1, VA(0), 1, DBT_R, &done) == DBT_E_BUSY && done == 0);
	CHECK(space_lookup(t1, VA(0)) == mapnode_parent(b) && space_lookup(t2, VA(100)) == b);
	/* ... and onto itself */
	CHECK(space_map_range(t1, VA(6), t1, VA(6), 1, DBT_R, &done) == DBT_E_BUSY);
	CHECK(space_lookup(t1, VA(6)) == a);
}

/* A page mapped over another replaces it, with whatever was mapped on from it. */
HTEST(map_range_replaces)
{
	setup();
	word_t done;
	CHECK(space_map_page(t1, VA(0), PA(0), DBT_RWX, 0, NULL) == DBT_OK);
	CHECK(space_map_page(t1, VA(1), PA(1), DBT_RWX, 0, NULL) == DBT_OK);
	CHECK(space_map_range(t1, VA(0), t2, VA(10), 1, DBT_RWX, &done) == DBT_OK);
	CHECK(space_map_range(t2, VA(10), t3, VA(20), 1, DBT_RWX, &done) == DBT_OK);
	CHECK(space_lookup(t3, VA(20))->pa == PA(0));
	/* t1's page 1 over t2's page: t2 sees frame 1, t3's page (from the old one) goes */
	CHECK(space_map_range(t1, VA(1), t2, VA(10), 1, DBT_R, &done) == DBT_OK && done == 1);
	struct mapnode *n = space_lookup(t2, VA(10));
	CHECK(n->pa == PA(1) && n->rights == DBT_R && mapnode_parent(n) == space_lookup(t1, VA(1)));
	CHECK(space_lookup(t3, VA(20)) == NULL && !present(t3, VA(20)));
	CHECK(space_lookup(t1, VA(0))->tree.child == NULL);
	CHECK(space_count(t2) == 1 && space_count(t3) == 0 && quotas[2].used == 0);
}

/* t1 -> t2 -> t4, t1 -> t3: unmapping t2's view leaves t1 and t3 alone. */
HTEST(unmap_task_one_view)
{
	setup();
	word_t done;
	for (unsigned i = 0; i < 4; i++)
		CHECK(space_map_page(t1, VA(i), PA(i), DBT_RWX, 0, NULL) == DBT_OK);
	CHECK(space_map_range(t1, VA(0), t2, VA(10), 4, DBT_RWX, &done) == DBT_OK);
	CHECK(space_map_range(t1, VA(0), t3, VA(20), 4, DBT_RWX, &done) == DBT_OK);
	CHECK(space_map_range(t2, VA(10), t4, VA(30), 4, DBT_RWX, &done) == DBT_OK);
	vaddr_t end = VA(12);
	CHECK(space_unmap_task(t2, VA(10), end, DBT_RWX, 1000) == end);   /* pages 0, 1 */
	CHECK(space_lookup(t2, VA(10)) == NULL && space_lookup(t2, VA(11)) == NULL);
	CHECK(space_lookup(t4, VA(30)) == NULL && space_lookup(t4, VA(31)) == NULL);
	CHECK(space_lookup(t2, VA(12)) != NULL && space_lookup(t4, VA(32)) != NULL);
	for (unsigned i = 0; i < 4; i++)
		CHECK(space_lookup(t1, VA(i)) != NULL && space_lookup(t3, VA(20 + i)) != NULL);
	CHECK(space_count(t2) == 2 && space_count(t4) == 2);
	CHECK(quotas[1].used == 2 * NODE_CHARGE && quotas[3].used == 2 * NODE_CHARGE);
	CHECK(subtree_ok(space_lookup(t1, VA(0))) && subtree_ok(space_lookup(t1, VA(2))));
	/* the root's own view: the mapping goes with everything below */
	CHECK(space_unmap_task(t1, VA(2), VA(3), 0 | DBT_R, 1000) == VA(3));
	CHECK(space_lookup(t1, VA(2)) == NULL && space_lookup(t2, VA(12)) == NULL);
	CHECK(space_lookup(t3, VA(22)) == NULL && space_lookup(t4, VA(32)) == NULL);
	CHECK(space_lookup(t1, VA(3)) != NULL && space_lookup(t4, VA(33)) != NULL);
}

/* Taking W from one task's view: that task and below lose it, the rest keep it. */
HTEST(unmap_task_downgrade)
{
	setup();
	word_t done;
	CHECK(space_map_page(t1, VA(0), PA(0), DBT_RWX, 0, NULL) == DBT_OK);
	CHECK(space_map_range(t1, VA(0), t2, VA(1), 1, DBT_RWX, &done) == DBT_OK);
	CHECK(space_map_range(t1, VA(0), t3, VA(2), 1, DBT_R | DBT_W, &done) == DBT_OK);
	CHECK(space_map_range(t2, VA(1), t4, VA(3), 1, DBT_R | DBT_W, &done) == DBT_OK);
	CHECK(space_unmap_task(t2, VA(1), VA(2), DBT_W, 1000) == VA(2));
	CHECK(space_lookup(t2, VA(1))->rights == (DBT_R | DBT_X));
	CHECK(FAKE_PTE_RIGHTS(fake_arch_pte(t2, VA(1))) == (DBT_R | DBT_X));
	CHECK(space_lookup(t4, VA(3))->rights == DBT_R);
	CHECK(FAKE_PTE_RIGHTS(fake_arch_pte(t4, VA(3))) == DBT_R);
	CHECK(space_lookup(t1, VA(0))->rights == DBT_RWX);
	CHECK(space_lookup(t3, VA(2))->rights == (DBT_R | DBT_W));
	CHECK(FAKE_PTE_RIGHTS(fake_arch_pte(t3, VA(2))) == (DBT_R | DBT_W));
	CHECK(space_count(t2) == 1 && space_count(t4) == 1);
}

/* A budget stops the walk; the return value is where to go on from. */
HTEST(unmap_task_budget)
{
	setup();
	word_t done;
	for (unsigned i = 0; i < 10; i++)
		CHECK(space_map_page(t1, VA(2 * i), PA(i), DBT_RWX, 0, NULL) == DBT_OK);
	CHECK(space_map_range(t1, VA(0), t2, VA(0), 20, DBT_RWX, &done) == DBT_E_NOT_MAPPED);
	CHECK(done == 1);
	vaddr_t end = VA(20), a = VA(0);
	unsigned calls = 0;
	while (a != end && calls < 10) {
		vaddr_t got = space_unmap_task(t1, a, end, DBT_RWX, 4);
		CHECK(got > a && got <= end);
		a = got;
		calls++;
		CHECK(space_count(t1) == (calls < 3 ? 10 - 4 * calls : 0));
	}
	CHECK(a == end && calls == 3 && space_count(t2) == 0 && live_blocks == 0);
}
