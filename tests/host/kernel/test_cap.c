/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_cap.c - the capability derivation tree (kernel/cap.c) and object
 * lifetime through capabilities (kernel/object.c), over a host kernel pool.
 * The per-type teardowns are stubs that count their calls.
 */
// uses: kernel/cap.c kernel/object.c kernel/kmem.c
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "cap.h"
#include "kmem.h"
#include "task.h"
#include "teardown.h"

/* ---- stubs for what object.c calls ------------------------------------------------ */

static unsigned torn_down;

bool endpoint_teardown(struct kobj *o) { (void)o; torn_down++; return true; }
bool notification_teardown(struct kobj *o) { (void)o; torn_down++; return true; }
bool task_teardown(struct kobj *o) { (void)o; torn_down++; return true; }
bool thread_teardown(struct kobj *o) { (void)o; torn_down++; return true; }
bool irq_teardown(struct kobj *o) { (void)o; torn_down++; return true; }
bool reply_teardown(struct kobj *o) { (void)o; torn_down++; return true; }

/* ---- fixture ------------------------------------------------------------------------- */

#define ORDER 6
#define POOL (4ul << 20)

static struct task task;
static struct cap cspace[1 << ORDER];
static void *pool_area;

static void setup(void)
{
	if (!pool_area)
		pool_area = aligned_alloc(1ul << KMEM_MAX_ORDER, POOL);
	kmem_pool_init(&kmem_pool, pool_area, POOL);
	memset(&root_quota, 0, sizeof(root_quota));
	root_quota.obj.type = DBT_OBJ_QUOTA;
	root_quota.limit = kmem_pool.total;
	list_init(&root_quota.objs);
	memset(&task, 0, sizeof(task));
	memset(cspace, 0, sizeof(cspace));
	task.cspace = cspace;
	task.cspace_order = ORDER;
	task.cspace_slots = 1u << ORDER;
	for (unsigned i = 0; i < (1u << ORDER); i++)
		cspace[i].owner = &task;
	torn_down = 0;
}

static struct kobj *new_obj(unsigned type)
{
	word_t err;
	struct kobj *o = obj_alloc(&root_quota, type, 128, &err);
	return o;
}

/* Install a root capability to a new endpoint in slot. */
static struct kobj *make_root(unsigned slot)
{
	struct kobj *o = new_obj(DBT_OBJ_ENDPOINT);
	cap_install(&cspace[slot], o, DBT_CAP_ALL, 0, NULL);
	return o;
}

static void copy(unsigned from, unsigned to, unsigned rights)
{
	struct cap *s = &cspace[from];
	cap_install(&cspace[to], s->obj, s->rights & rights, s->badge, s);
}

static bool on_obj_list(struct cap *c)
{
	for (struct cap *k = c->obj->caps; k; k = k->obj_next)
		if (k == c)
			return true;
	return false;
}

/* Every link of every capability in the space agrees with its neighbours. */
static bool tree_ok(void)
{
	for (unsigned i = 0; i < (1u << ORDER); i++) {
		struct cap *c = &cspace[i];
		struct dtree *d = &c->tree;
		if (!c->obj) {
			if (d->parent || d->child || d->next || d->prev)
				return false;
			continue;
		}
		if (!on_obj_list(c))
			return false;
		if (d->prev ? d->prev->next != d : (d->parent && d->parent->child != d))
			return false;
		if (d->next && (d->next->prev != d || d->next->parent != d->parent))
			return false;
		for (struct dtree *k = d->child; k; k = k->next)
			if (k->parent != d || cap_of(k)->obj != c->obj)
				return false;
		unsigned n = 0;
		for (struct cap *k = c->obj->caps; k; k = k->obj_next)
			n++;
		if (n != c->obj->ncaps)
			return false;
	}
	return true;
}

static bool is_child_of(unsigned child, unsigned parent)
{
	for (struct dtree *k = cspace[parent].tree.child; k; k = k->next)
		if (cap_of(k) == &cspace[child])
			return cap_parent(&cspace[child]) == &cspace[parent];
	return false;
}

/* ---- tests ---------------------------------------------------------------------------- */

HTEST(lookup_checks)
{
	setup();
	struct cap *c;
	make_root(3);
	cspace[3].rights = DBT_CAP_READ | DBT_CAP_WRITE;
	CHECK(cap_lookup(&task, 0, 0, 0, &c) == DBT_E_INVALID_SLOT);
	CHECK(cap_lookup(&task, 1u << ORDER, 0, 0, &c) == DBT_E_INVALID_SLOT);
	CHECK(cap_lookup(&task, ~0ull, 0, 0, &c) == DBT_E_INVALID_SLOT);
	CHECK(cap_lookup(&task, 4, 0, 0, &c) == DBT_E_EMPTY_SLOT);
	CHECK(cap_lookup(&task, 3, DBT_OBJ_NOTIFICATION, 0, &c) == DBT_E_WRONG_TYPE);
	CHECK(cap_lookup(&task, 3, DBT_OBJ_ENDPOINT, DBT_CAP_GRANT, &c) == DBT_E_NO_RIGHTS);
	CHECK(cap_lookup(&task, 3, DBT_OBJ_ENDPOINT, DBT_CAP_WRITE, &c) == DBT_OK);
	CHECK(c == &cspace[3]);
	CHECK(cap_lookup_empty(&task, 3, &c) == DBT_E_SLOT_OCCUPIED);
	CHECK(cap_lookup_empty(&task, 0, &c) == DBT_E_INVALID_SLOT);
	CHECK(cap_lookup_empty(&task, 5, &c) == DBT_OK && c == &cspace[5]);
}

HTEST(install_and_copy)
{
	setup();
	struct kobj *o = make_root(1);
	copy(1, 2, DBT_CAP_READ);
	copy(1, 3, DBT_CAP_ALL);
	copy(2, 4, DBT_CAP_ALL);
	CHECK(o->ncaps == 4);
	CHECK(cap_parent(&cspace[1]) == NULL);
	CHECK(is_child_of(2, 1) && is_child_of(3, 1) && is_child_of(4, 2));
	CHECK(cspace[4].rights == DBT_CAP_READ);        /* never more than the source */
	CHECK(tree_ok());
}

HTEST(badge)
{
	setup();
	make_root(1);
	CHECK(cap_badgeable(&cspace[1]));
	cap_install(&cspace[2], cspace[1].obj, DBT_CAP_WRITE, 0x55, &cspace[1]);
	CHECK(!cap_badgeable(&cspace[2]));
	struct kobj *t = new_obj(DBT_OBJ_TASK);
	cap_install(&cspace[3], t, DBT_CAP_ALL, 0, NULL);
	CHECK(!cap_badgeable(&cspace[3]));
}

/* A tree three levels deep with siblings: revoke empties all below. */
HTEST(revoke_subtree)
{
	setup();
	struct kobj *o = make_root(1);
	copy(1, 2, DBT_CAP_ALL);
	copy(1, 3, DBT_CAP_ALL);
	copy(2, 4, DBT_CAP_ALL);
	copy(2, 5, DBT_CAP_ALL);
	copy(4, 6, DBT_CAP_ALL);
	copy(3, 7, DBT_CAP_ALL);
	cap_revoke(&cspace[2]);
	CHECK(cspace[2].obj && !cspace[2].tree.child);
	CHECK(!cspace[4].obj && !cspace[5].obj && !cspace[6].obj);
	CHECK(cspace[3].obj && cspace[7].obj);
	CHECK(o->ncaps == 4);
	CHECK(tree_ok());
	cap_revoke(&cspace[1]);
	CHECK(o->ncaps == 1 && cspace[1].obj && !cspace[1].tree.child);
	CHECK(torn_down == 0);
	CHECK(tree_ok());
}

HTEST(revoke_deep_chain)
{
	setup();
	enum { DEPTH = 200000 };
	struct cap *chain = calloc(DEPTH, sizeof(struct cap));
	struct kobj *o = make_root(1);
	struct cap *prev = &cspace[1];
	for (unsigned i = 0; i < DEPTH; i++) {
		cap_install(&chain[i], o, DBT_CAP_ALL, 0, prev);
		prev = &chain[i];
	}
	CHECK(o->ncaps == DEPTH + 1);
	cap_revoke(&cspace[1]);
	CHECK(o->ncaps == 1);
	CHECK(!chain[DEPTH - 1].obj && !chain[0].obj);
	free(chain);
}

/* Deleting a middle capability moves its children up to its parent. */
HTEST(delete_reparents)
{
	setup();
	struct kobj *o = make_root(1);
	copy(1, 2, DBT_CAP_ALL);
	copy(2, 3, DBT_CAP_ALL);
	copy(2, 4, DBT_CAP_ALL);
	copy(3, 5, DBT_CAP_ALL);
	cap_delete(&cspace[2]);
	CHECK(!cspace[2].obj);
	CHECK(is_child_of(3, 1) && is_child_of(4, 1) && is_child_of(5, 3));
	CHECK(o->ncaps == 4);
	CHECK(tree_ok());
	/* the root goes: its children become roots, the object stays */
	cap_delete(&cspace[1]);
	CHECK(cap_parent(&cspace[3]) == NULL && cap_parent(&cspace[4]) == NULL);
	CHECK(o->ncaps == 3 && torn_down == 0);
	CHECK(tree_ok());
	/* revoking a former child now reaches its own subtree only */
	cap_revoke(&cspace[3]);
	CHECK(!cspace[5].obj && cspace[4].obj);
	CHECK(tree_ok());
}

HTEST(delete_empty_slot_is_noop)
{
	setup();
	cap_delete(&cspace[9]);
	CHECK(!cspace[9].obj);
	CHECK(tree_ok());
}

/* The last capability gone: the object is destroyed and its memory freed. */
HTEST(last_delete_destroys)
{
	setup();
	size_t used = kmem_pool.used;
	struct kobj *o = make_root(1);
	copy(1, 2, DBT_CAP_ALL);
	CHECK(kmem_pool.used > used);
	cap_delete(&cspace[1]);
	obj_reap();
	CHECK(torn_down == 0);
	CHECK(o->ncaps == 1);
	cap_delete(&cspace[2]);
	obj_reap();
	CHECK(torn_down == 1);
	CHECK(kmem_pool.used == used);
	CHECK(root_quota.used == 0 && root_quota.nobjs == 0);
}

HTEST(destroy_deletes_every_cap)
{
	setup();
	make_root(1);
	copy(1, 2, DBT_CAP_ALL);
	copy(2, 3, DBT_CAP_ALL);
	copy(1, 4, DBT_CAP_ALL);
	struct kobj *other = make_root(10);
	copy(10, 11, DBT_CAP_ALL);
	obj_destroy(cspace[3].obj);
	for (unsigned s = 1; s <= 4; s++)
		CHECK(!cspace[s].obj);
	CHECK(cspace[10].obj == other && cspace[11].obj == other);
	CHECK(tree_ok());
	obj_reap();
	CHECK(torn_down == 1);
	CHECK(root_quota.nobjs == 1);
}

/* Move keeps the place in the tree: parent, children and the object list. */
HTEST(move)
{
	setup();
	struct kobj *o = make_root(1);
	copy(1, 2, DBT_CAP_READ | DBT_CAP_WRITE);
	copy(2, 3, DBT_CAP_ALL);
	copy(2, 4, DBT_CAP_ALL);
	copy(1, 5, DBT_CAP_ALL);
	cspace[2].badge = 0x99;
	cap_move(&cspace[20], &cspace[2]);
	CHECK(!cspace[2].obj);
	CHECK(cspace[20].obj == o && cspace[20].rights == (DBT_CAP_READ | DBT_CAP_WRITE));
	CHECK(cspace[20].badge == 0x99);
	CHECK(is_child_of(20, 1) && is_child_of(3, 20) && is_child_of(4, 20));
	CHECK(is_child_of(5, 1));
	CHECK(o->ncaps == 5 && torn_down == 0);
	CHECK(tree_ok());
	/* moving the only capability does not destroy the object */
	struct kobj *lone = make_root(30);
	cap_move(&cspace[31], &cspace[30]);
	obj_reap();
	CHECK(torn_down == 0 && lone->ncaps == 1 && cspace[31].obj == lone);
	/* moving a root with children */
	cap_move(&cspace[40], &cspace[1]);
	CHECK(cap_parent(&cspace[40]) == NULL && is_child_of(20, 40) && is_child_of(5, 40));
	cap_revoke(&cspace[40]);
	CHECK(o->ncaps == 1);
	CHECK(tree_ok());
}

/* A reply capability moves but is never copied: one capability per reply
 * object, whose deletion destroys it. */
HTEST(reply_caps_move_never_copy)
{
	setup();
	struct kobj *r = new_obj(DBT_OBJ_REPLY);
	cap_install(&cspace[3], r, DBT_CAP_ALL, 0, NULL);
	make_root(4);
	CHECK(!cap_copyable(&cspace[3]));
	CHECK(cap_copyable(&cspace[4]));
	cap_move(&cspace[5], &cspace[3]);
	CHECK(!cspace[3].obj && cspace[5].obj == r && r->ncaps == 1);
	CHECK(!cap_copyable(&cspace[5]));
	cap_delete(&cspace[5]);
	obj_reap();
	CHECK(torn_down == 1);
	CHECK(tree_ok());
}

/* Destroying a quota destroys what was charged to it and returns its limit. */
HTEST(quota_destroy_frees_objects)
{
	setup();
	word_t err;
	size_t used = kmem_pool.used;
	struct quota *q = obj_alloc(&root_quota, DBT_OBJ_QUOTA, sizeof(*q), &err);
	CHECK(q != NULL);
	list_init(&q->objs);
	q->limit = 64 << 10;
	q->parent = &root_quota;
	root_quota.used += q->limit;
	cap_install(&cspace[1], &q->obj, DBT_CAP_ALL, 0, NULL);
	for (unsigned s = 2; s < 12; s++) {
		struct kobj *o = obj_alloc(q, DBT_OBJ_ENDPOINT, 256, &err);
		CHECK(o != NULL);
		cap_install(&cspace[s], o, DBT_CAP_ALL, 0, NULL);
		copy(s, s + 20, DBT_CAP_ALL);
	}
	CHECK(q->nobjs == 10 && q->used == 10 * 256);
	CHECK(obj_alloc(q, DBT_OBJ_ENDPOINT, 64 << 10, &err) == NULL && err == DBT_E_NO_QUOTA);
	obj_destroy(&q->obj);
	obj_reap();
	for (unsigned s = 1; s < 32; s++)
		CHECK(!cspace[s].obj);
	CHECK(torn_down == 10);
	CHECK(root_quota.used == 0 && root_quota.nobjs == 0);
	CHECK(kmem_pool.used == used);
}

/* quota_transfer moves a block's charge (as quota_alloc counts it) or nothing. */
HTEST(quota_transfer_moves_charge)
{
	setup();
	struct quota a = { .limit = 1024 }, b = { .limit = 256 };
	size_t block = (size_t)1 << kmem_order(100);    /* 100 bytes take a 128-byte block */
	a.used = block;
	CHECK(quota_transfer(&a, &b, 100) == DBT_OK);
	CHECK(a.used == 0 && b.used == block);
	CHECK(quota_transfer(&a, &a, 100) == DBT_OK && a.used == 0);    /* same quota: nothing */
	b.used = b.limit - block + 1;                   /* one byte short */
	a.used = block;
	CHECK(quota_transfer(&a, &b, 100) == DBT_E_NO_QUOTA);
	CHECK(a.used == block && b.used == b.limit - block + 1);
	b.used = b.limit - block;                       /* exactly fits */
	CHECK(quota_transfer(&a, &b, 100) == DBT_OK && a.used == 0 && b.used == b.limit);
}

/* Random copies, deletes, revokes and moves keep the tree consistent. */
HTEST(random_operations)
{
	setup();
	uint64_t x = 0x2545f4914f6cdd1dull;
	size_t used = kmem_pool.used;
	for (unsigned step = 0; step < 20000; step++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		unsigned a = 1 + (unsigned)(x % 63), b = 1 + (unsigned)((x >> 8) % 63);
		struct cap *ca = &cspace[a], *cb = &cspace[b];
		switch ((x >> 20) % 5) {
		case 0:
			if (!ca->obj)
				make_root(a);
			break;
		case 1:
			if (ca->obj && !cb->obj)
				copy(a, b, (unsigned)(x >> 32) & DBT_CAP_ALL);
			break;
		case 2:
			cap_delete(ca);
			break;
		case 3:
			if (ca->obj)
				cap_revoke(ca);
			break;
		case 4:
			if (ca->obj && !cb->obj)
				cap_move(cb, ca);
			break;
		}
		obj_reap();
		CHECK(tree_ok());
	}
	for (unsigned s = 1; s < 64; s++)
		cap_delete(&cspace[s]);
	obj_reap();
	CHECK(kmem_pool.used == used);
	CHECK(root_quota.nobjs == 0);
}
