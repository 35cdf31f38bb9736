/* SPDX-License-Identifier: BSD-2-Clause */
/* list.h - intrusive doubly linked circular lists (the kernel's queues). */
#ifndef KERNEL_LIST_H
#define KERNEL_LIST_H

#include "types.h"

struct list { struct list *next, *prev; };

#define LIST_INIT(l) { &(l), &(l) }
static inline void list_init(struct list *l) { l->next = l->prev = l; }
static inline bool list_empty(const struct list *l) { return l->next == l; }
static inline bool list_linked(const struct list *n) { return n->next && n->next != n; }

static inline void list_add_tail(struct list *l, struct list *n)
{
	n->prev = l->prev;
	n->next = l;
	l->prev->next = n;
	l->prev = n;
}

static inline void list_add_head(struct list *l, struct list *n)
{
	n->next = l->next;
	n->prev = l;
	l->next->prev = n;
	l->next = n;
}

static inline void list_del(struct list *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	n->next = n->prev = n;
}

#define list_entry(p, type, member) container_of(p, type, member)
#define list_first(l, type, member) list_entry((l)->next, type, member)

#endif
