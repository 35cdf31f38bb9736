/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cap.c - capability look-up, derivation and deletion (see cap.h).
 * The derivation tree is a struct dtree (dtree.h); revoke deletes leaves
 * one at a time, so it needs no recursion however deep the tree of copies.
 */
#include "cap.h"
#include "task.h"

word_t cap_lookup(struct task *t, word_t slot, unsigned type, unsigned rights, struct cap **out)
{
	if (slot - 1 >= t->cspace_slots - 1)    /* slot 0 wraps round: invalid too */
		return DBT_E_INVALID_SLOT;
	struct cap *c = &t->cspace[slot];
	if (!c->obj)
		return DBT_E_EMPTY_SLOT;
	if (type && c->obj->type != type)
		return DBT_E_WRONG_TYPE;
	if ((c->rights & rights) != rights)
		return DBT_E_NO_RIGHTS;
	*out = c;
	return DBT_OK;
}

word_t cap_lookup_empty(struct task *t, word_t slot, struct cap **out)
{
	if (slot - 1 >= t->cspace_slots - 1)    /* slot 0 wraps round: invalid too */
		return DBT_E_INVALID_SLOT;
	if (t->cspace[slot].obj)
		return DBT_E_SLOT_OCCUPIED;
	*out = &t->cspace[slot];
	return DBT_OK;
}

bool cap_copyable(const struct cap *c)
{
	return c->obj->type != DBT_OBJ_REPLY;
}

bool cap_badgeable(const struct cap *c)
{
	unsigned type = c->obj->type;
	return (type == DBT_OBJ_ENDPOINT || type == DBT_OBJ_NOTIFICATION) && c->badge == 0;
}

void cap_install(struct cap *dst, struct kobj *obj, unsigned rights, word_t badge,
                 struct cap *parent)
{
	dst->obj = obj;
	dst->rights = (uint8_t)rights;
	dst->badge = badge;
	dst->tree.child = NULL;
	dtree_link(&dst->tree, cap_tree(parent));
	obj_get_cap(obj, dst);
}

/* Move src's capability, with its place in both lists, into empty dst. */
void cap_move(struct cap *dst, struct cap *src)
{
	struct kobj *o = src->obj;
	unsigned rights = src->rights;
	word_t badge = src->badge;

	dtree_replace(&dst->tree, &src->tree);
	/* Take over the object reference without dropping the count to zero. */
	obj_get_cap(o, dst);
	obj_put_cap_nodestroy(o, src);
	src->obj = NULL;
	dst->obj = o;
	dst->rights = (uint8_t)rights;
	dst->badge = badge;
}

void cap_delete(struct cap *c)
{
	struct kobj *o = c->obj;
	if (!o)
		return;
	dtree_remove(&c->tree);        /* children move up to our parent */
	c->obj = NULL;
	c->rights = 0;
	c->badge = 0;
	obj_put_cap(o, c);
}

void cap_revoke(struct cap *c)
{
	while (c->tree.child)
		cap_delete(cap_of(dtree_first_leaf(c->tree.child)));
}
