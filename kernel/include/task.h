/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * task.h - a task: address space, capability space and I/O-port space.
 * Threads run in a task; destroying the task destroys its threads.
 */
#ifndef KERNEL_TASK_H
#define KERNEL_TASK_H

#include "object.h"
#include "cap.h"
#include "space.h"
#include "arch/space.h"

struct task {
	struct kobj obj;
	struct arch_space arch;         /* page-table root */
	struct cap *cspace;
	unsigned cspace_order;
	word_t cspace_slots;            /* 1 << cspace_order */
	uint8_t *iobitmap;              /* IO_BITMAP_BYTES, 1 = denied; NULL: no ports */
	struct list io_nodes;           /* I/O mapping nodes */
	struct list threads;            /* thread->task_link */
	struct quota *quota;            /* pays for page tables and mapping nodes */
	uint32_t id;                    /* for the debugger only */
	size_t npages;                  /* pages mapped */
	struct list all_link;           /* in task_list, for the debugger */
	uint8_t torn;                   /* destroyed; finished with its last thread */
};

extern struct list task_list;

word_t task_create(struct quota *q, unsigned cspace_order, struct task **out);
void task_finish(struct task *t);

#endif
