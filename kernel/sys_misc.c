/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sys_misc.c - interrupts, quotas, the debug console, time and statistics.
 */
#include "syscall.h"
#include "clock.h"
#include "ipc.h"
#include "irq.h"
#include "kdb.h"
#include "kmem.h"
#include "sched.h"
#include "task.h"
#include "timer.h"
#include "arch/irq.h"

word_t sys_irq_get(struct thread *t, struct trapframe *f)
{
	struct cap *c, *dst;
	word_t line = A1(f), err;
	if ((err = cap_lookup(t->task, A0(f), DBT_OBJ_IRQ_CONTROL, DBT_CAP_CONTROL, &c)))
		return err;
	if ((err = cap_lookup_empty(t->task, A2(f), &dst)))
		return err;
	if (line >= IRQ_LINES || !arch_irq_line_ok((unsigned)line))
		return DBT_E_INVALID_ARG;
	if (!kdb_irq_free(line) || irq_table[line].obj.ncaps)
		return DBT_E_BUSY;
	cap_install(dst, &irq_table[line].obj, DBT_CAP_ALL, 0, NULL);
	return DBT_OK;
}

word_t sys_irq_bind(struct thread *t, struct trapframe *f)
{
	struct cap *c, *target = NULL;
	word_t err;
	if ((err = cap_lookup(t->task, A0(f), DBT_OBJ_IRQ, DBT_CAP_CONTROL, &c)))
		return err;
	if (A1(f)) {
		if ((err = cap_lookup(t->task, A1(f), 0, DBT_CAP_WRITE, &target)))
			return err;
		unsigned type = target->obj->type;
		if (type != DBT_OBJ_NOTIFICATION && type != DBT_OBJ_ENDPOINT)
			return DBT_E_WRONG_TYPE;
	}
	struct irq *irq = (struct irq *)c->obj;
	cap_delete(&irq->target);
	if (list_linked(&irq->pending_link))
		list_del(&irq->pending_link);
	irq->pending = irq->again = false;
	if (!target) {
		arch_irq_mask(irq->line);
		return DBT_OK;
	}
	cap_install(&irq->target, target->obj, target->rights, target->badge, target);
	irq->badge = target->badge ? target->badge : 1;
	arch_irq_unmask(irq->line);
	return DBT_OK;
}

word_t sys_irq_ack(struct thread *t, struct trapframe *f)
{
	struct cap *c;
	word_t err = cap_lookup(t->task, A0(f), DBT_OBJ_IRQ, DBT_CAP_WRITE, &c);
	if (err)
		return err;
	struct irq *irq = (struct irq *)c->obj;
	if (!irq->target.obj)
		return DBT_E_INVALID_ARG;       /* not bound: nothing to acknowledge */
	irq_ack(irq);
	return DBT_OK;
}

word_t sys_quota_info(struct thread *t, struct trapframe *f)
{
	struct cap *c;
	word_t err = cap_lookup(t->task, A0(f), DBT_OBJ_QUOTA, DBT_CAP_READ, &c);
	if (err)
		return err;
	struct quota *q = (struct quota *)c->obj;
	f->rdi = q->used;
	f->rsi = q->limit;
	return DBT_OK;
}

/* Decode: CONTROL on the parent, any capability to a direct child of it. */
word_t sys_quota_resize(struct thread *t, struct trapframe *f)
{
	struct cap *pc, *cc;
	word_t err;
	if ((err = cap_lookup(t->task, A0(f), DBT_OBJ_QUOTA, DBT_CAP_CONTROL, &pc)))
		return err;
	if ((err = cap_lookup(t->task, A1(f), DBT_OBJ_QUOTA, 0, &cc)))
		return err;
	struct quota *child = (struct quota *)cc->obj;
	if (child->parent != (struct quota *)pc->obj)
		return DBT_E_INVALID_ARG;       /* the root, the parent itself, a grandchild */
	if ((err = quota_resize_check(child, A2(f))))
		return err;
	quota_resize(child, A2(f));
	return DBT_OK;
}

word_t sys_debug_write(struct thread *t, struct trapframe *f)
{
	struct cap *c;
	word_t len = A1(f);
	word_t err = cap_lookup(t->task, A0(f), DBT_OBJ_DEBUG, DBT_CAP_WRITE, &c);
	if (err)
		return err;
	if (len > sizeof(t->utcb->mr))
		return DBT_E_INVALID_ARG;
	const char *s = (const char *)t->utcb->mr;
	for (word_t i = 0; i < len; i++)
		printk("%c", s[i]);
	return DBT_OK;
}

word_t sys_debug_read(struct thread *t, struct trapframe *f)
{
	struct cap *c;
	word_t err = cap_lookup(t->task, A0(f), DBT_OBJ_DEBUG, DBT_CAP_READ, &c);
	if (err)
		return err;
	f->rdi = kdb_input_read((char *)t->utcb->mr, KDB_READ_MAX);
	return DBT_OK;
}

word_t sys_debug_bind(struct thread *t, struct trapframe *f)
{
	struct cap *c, *n = NULL;
	word_t err = cap_lookup(t->task, A0(f), DBT_OBJ_DEBUG, DBT_CAP_CONTROL, &c);
	if (err)
		return err;
	if (A1(f) && (err = cap_lookup(t->task, A1(f), DBT_OBJ_NOTIFICATION, DBT_CAP_WRITE, &n)))
		return err;
	kdb_input_bind(n);
	return DBT_OK;
}

word_t sys_debug_enter(struct thread *t, struct trapframe *f)
{
	struct cap *c;
	word_t err = cap_lookup(t->task, A0(f), DBT_OBJ_DEBUG, DBT_CAP_CONTROL, &c);
	if (err)
		return err;
	kdb_enter("kernel call");
	return DBT_OK;
}

word_t sys_clock(struct thread *t, struct trapframe *f)
{
	(void)t;
	uint64_t ns = clock_now_ns();
	f->rdi = ns / NS_PER_US;
	f->rsi = ns;
	return DBT_OK;
}

/* Map the clock page into the caller's task (rdi = 0) or one it controls. */
word_t sys_clock_map(struct thread *t, struct trapframe *f)
{
	struct task *task = t->task;
	word_t va = A1(f), err;
	if (A0(f)) {
		struct cap *c;
		if ((err = cap_lookup(t->task, A0(f), DBT_OBJ_TASK, DBT_CAP_CONTROL, &c)))
			return err;
		task = (struct task *)c->obj;
	}
	if (va == 0 || !IS_ALIGNED(va, PAGE_SIZE) || !user_range_ok(va, PAGE_SIZE))
		return DBT_E_BAD_ADDRESS;
	return clock_map(task, va);
}

word_t sys_stat(struct thread *t, struct trapframe *f)
{
	(void)t;
	struct cpu *c = this_cpu();
	switch (A0(f)) {
	case DBT_STAT_AS_SWITCHES: f->rdi = c->as_switches; break;
	case DBT_STAT_KMEM_USED:   f->rdi = kmem_pool.used; break;
	case DBT_STAT_KMEM_TOTAL:  f->rdi = kmem_pool.total; break;
	case DBT_STAT_TICKS:       f->rdi = clock_now_ns() / TICK_NS; break;
	case DBT_STAT_FASTPATH:    f->rdi = c->fastpath; break;
	case DBT_STAT_IDLE_TSC:    f->rdi = c->idle_tsc; break;
	default:                   return DBT_E_INVALID_ARG;
	}
	return DBT_OK;
}
