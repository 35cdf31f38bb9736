/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * task.c - tasks: creation and teardown.
 * Destroying a task destroys its threads, deletes every capability in its
 * capability space, removes all its mappings (and what was mapped on from
 * them) and frees its page tables and I/O bitmap.
 */
#include "task.h"
#include "check.h"
#include "thread.h"

struct list task_list = LIST_INIT(task_list);
static uint32_t next_task_id = 1;

word_t task_create(struct quota *q, unsigned cspace_order, struct task **out)
{
	word_t err;
	if (cspace_order < 1 || cspace_order > DBT_CSPACE_MAX_ORDER)
		return DBT_E_INVALID_ARG;
	struct task *t = obj_alloc(q, DBT_OBJ_TASK, sizeof(*t), &err);
	if (!t)
		return err;
	size_t cs_bytes = sizeof(struct cap) << cspace_order;
	t->quota = q;
	t->cspace = quota_alloc(q, cs_bytes, &err);
	if (!t->cspace)
		goto fail;
	t->cspace_order = cspace_order;
	t->cspace_slots = (word_t)1 << cspace_order;
	for (size_t i = 0; i < ((size_t)1 << cspace_order); i++)
		t->cspace[i].owner = t;
	check_cspace_seal(t);
	err = arch_space_init(t);
	if (err)
		goto fail_cspace;
	list_init(&t->threads);
	list_init(&t->io_nodes);
	t->id = next_task_id++;
	list_add_tail(&task_list, &t->all_link);
	*out = t;
	return DBT_OK;
fail_cspace:
	quota_free(q, t->cspace, cs_bytes);
fail:
	obj_free(&t->obj);
	return err;
}

/* The last thread is gone: release the spaces and the task itself. */
void task_finish(struct task *t)
{
	space_destroy(t);
	if (t->iobitmap)
		quota_free(t->quota, t->iobitmap, IO_BITMAP_BYTES);
	quota_free(t->quota, t->cspace, sizeof(struct cap) << t->cspace_order);
	list_del(&t->all_link);
	obj_free(&t->obj);
}

bool task_teardown(struct kobj *o)
{
	struct task *t = (struct task *)o;
	for (struct list *l = t->threads.next; l != &t->threads; l = l->next)
		obj_destroy(&list_entry(l, struct thread, task_link)->obj);
	size_t n = (size_t)1 << t->cspace_order;
	for (size_t i = 0; i < n; i++)
		cap_delete(&t->cspace[i]);
	t->torn = 1;
	if (list_empty(&t->threads))
		task_finish(t);
	/* else the last thread's teardown finishes the task */
	return false;
}
