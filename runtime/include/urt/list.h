/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * urt/list.h - the intrusive doubly linked list of user code.
 *
 * An element embeds a struct urt_link; a struct urt_list names the first
 * and the last link.  Both ends are NULL-terminated, not circular, so an
 * all-zero list is empty: a list in static storage, in a calloc'd object
 * or in a URT_*_INIT initializer needs no init call.  Inserting, removing
 * and taking the first element are O(1); the walk is the only loop.
 *
 * Nothing here locks or allocates.  The owner of a list writes on the data
 * which lock guards it, and a link is on at most one list at a time (the
 * one its owner says).  urt_list_remove needs the list the link is on.
 *
 * Walks name the element type and the link member:
 *   urt_list_foreach(w, &c->waiters, struct waiter, link) { ... }
 * declares w (struct waiter *) for the loop.  The _safe form lets the body
 * remove and free w.
 *
 * Self-contained (stddef, stdbool only): the driver framework core includes
 * it in host builds, where the rest of the runtime does not exist.
 */
#ifndef URT_LIST_H
#define URT_LIST_H

#include <stdbool.h>
#include <stddef.h>

struct urt_link {
	struct urt_link *next, *prev;   /* NULL at the ends, and when off any list */
};

struct urt_list {
	struct urt_link *first, *last;  /* both NULL: empty */
};

#define URT_LIST_INIT { NULL, NULL }

static inline void urt_list_init(struct urt_list *l)
{
	l->first = l->last = NULL;
}

static inline bool urt_list_empty(const struct urt_list *l)
{
	return !l->first;
}

/* Puts e (on no list) in front of pos, which is on l; pos NULL: at the end. */
static inline void urt_list_insert_before(struct urt_list *l, struct urt_link *pos,
					  struct urt_link *e)
{
	e->next = pos;
	e->prev = pos ? pos->prev : l->last;
	if (e->prev)
		e->prev->next = e;
	else
		l->first = e;
	if (pos)
		pos->prev = e;
	else
		l->last = e;
}

static inline void urt_list_push_back(struct urt_list *l, struct urt_link *e)
{
	urt_list_insert_before(l, NULL, e);
}

static inline void urt_list_push_front(struct urt_list *l, struct urt_link *e)
{
	urt_list_insert_before(l, l->first, e);
}

/* Takes e off l; e must be on l. */
static inline void urt_list_remove(struct urt_list *l, struct urt_link *e)
{
	if (e->prev)
		e->prev->next = e->next;
	else
		l->first = e->next;
	if (e->next)
		e->next->prev = e->prev;
	else
		l->last = e->prev;
	e->next = e->prev = NULL;
}

/* Takes the first link off l and returns it; NULL if l is empty. */
static inline struct urt_link *urt_list_pop_front(struct urt_list *l)
{
	struct urt_link *e = l->first;
	if (e)
		urt_list_remove(l, e);
	return e;
}

/* The element whose link member lies at offset; NULL for NULL. */
static inline void *urt_list_owner(const struct urt_link *link, size_t offset)
{
	return link ? (char *)link - offset : NULL;
}

/* The element of type holding link in member (NULL for NULL). */
#define urt_list_entry(link, type, member) \
	((type *)urt_list_owner((link), offsetof(type, member)))
#define urt_list_first(l, type, member) urt_list_entry((l)->first, type, member)
#define urt_list_last(l, type, member) urt_list_entry((l)->last, type, member)
/* The element after e, or NULL. */
#define urt_list_next(e, type, member) urt_list_entry((e)->member.next, type, member)

#define urt_list_foreach(var, l, type, member) \
	for (type *var = urt_list_first(l, type, member); var; \
	     var = urt_list_next(var, type, member))

/* As urt_list_foreach; the body may take var off the list and free it. */
#define urt_list_foreach_safe(var, tmp, l, type, member) \
	for (type *var = urt_list_first(l, type, member), \
	          *tmp = var ? urt_list_next(var, type, member) : NULL; \
	     var; var = tmp, tmp = var ? urt_list_next(var, type, member) : NULL)

#endif
