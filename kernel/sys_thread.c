/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sys_thread.c - DBT_SYS_THREAD_CTL: start, stop, resume, priority, pager,
 * exception handler, foreign ABI, registers, bound notification, timeslice,
 * FPU state.  Register sets travel in the caller's UTCB message registers,
 * FPU state in the caller's UTCB page from DBT_UTCB_XSTATE_OFFSET: a kernel
 * page that is always there, so the kernel never touches other user memory.
 */
#include "syscall.h"
#include "ipc.h"
#include "sched.h"
#include "task.h"
#include "timer.h"

static word_t set_handler(struct thread *t, struct cap *slot, word_t a)
{
	struct cap *c;
	if (a == 0) {
		cap_delete(slot);
		return DBT_OK;
	}
	word_t err = cap_lookup(t->task, a, DBT_OBJ_ENDPOINT, DBT_CAP_WRITE, &c);
	if (err)
		return err;
	cap_delete(slot);
	cap_install(slot, c->obj, c->rights, c->badge, c);
	return DBT_OK;
}

static word_t bind_notify(struct thread *caller, struct thread *t, word_t a)
{
	struct cap *c;
	if (a == 0) {
		if (t->bound_ntf)
			t->bound_ntf->bound = NULL;
		t->bound_ntf = NULL;
		return DBT_OK;
	}
	word_t err = cap_lookup(caller->task, a, DBT_OBJ_NOTIFICATION, DBT_CAP_READ, &c);
	if (err)
		return err;
	struct notification *n = (struct notification *)c->obj;
	if ((n->bound && n->bound != t) || (t->bound_ntf && t->bound_ntf != n))
		return DBT_E_BUSY;
	n->bound = t;
	t->bound_ntf = n;
	return DBT_OK;
}

static word_t start(struct thread *t, word_t rip, word_t rsp)
{
	if (t->state != TS_INACTIVE && t->state != TS_STOPPED)
		return DBT_E_BUSY;
	if (!arch_user_rip_ok(rip) || rsp > DBT_USER_TOP)
		return DBT_E_BAD_ADDRESS;
	struct trapframe *f = thread_frame(t);
	f->rip = rip;
	f->rsp = rsp;
	if (t->state == TS_STOPPED)
		t->regs_written = 1;
	t->state = TS_RUNNABLE;
	sched_add(t, false);
	return DBT_OK;
}

static word_t write_regs(struct thread *caller, struct thread *t)
{
	const word_t *w = caller->utcb->mr;
	const struct dbt_regs *r = (const struct dbt_regs *)w;
	if (!arch_user_rip_ok(r->rip) || r->fs_base >= DBT_USER_TOP || r->gs_base >= DBT_USER_TOP)
		return DBT_E_BAD_ADDRESS;
	arch_regs_write(t, w);
	t->regs_written = 1;
	return DBT_OK;
}

static uint8_t *xstate_area(struct thread *caller)
{
	return (uint8_t *)caller->utcb + DBT_UTCB_XSTATE_OFFSET;
}

static word_t write_fpu(struct thread *caller, struct thread *t, word_t size)
{
	struct fpu_checked ok;
	word_t err = arch_fpu_check(xstate_area(caller), size, &ok);
	if (err)
		return err;
	arch_fpu_write(t, xstate_area(caller), size, &ok);
	return DBT_OK;
}

word_t sys_thread_ctl(struct thread *caller, struct trapframe *f)
{
	struct cap *c;
	word_t op = A1(f), a = A2(f), b = A3(f);
	word_t err = cap_lookup(caller->task, A0(f), DBT_OBJ_THREAD, DBT_CAP_CONTROL, &c);
	if (err)
		return err;
	struct thread *t = (struct thread *)c->obj;
	switch (op) {
	case DBT_THREAD_START:
		return start(t, a, b);
	case DBT_THREAD_STOP:
		if (t->state == TS_INACTIVE)
			return DBT_E_BUSY;
		thread_stop(t);
		return DBT_OK;
	case DBT_THREAD_RESUME:
		if (t->state != TS_STOPPED)
			return DBT_E_BUSY;
		thread_resume(t);
		return DBT_OK;
	case DBT_THREAD_SET_PRIORITY:
		if (a > DBT_PRIO_MAX)
			return DBT_E_INVALID_ARG;
		if (a > caller->prio)
			return DBT_E_NO_RIGHTS;
		sched_set_prio(t, (unsigned)a);
		return DBT_OK;
	case DBT_THREAD_SET_PAGER:
		return set_handler(caller, &t->pager, a);
	case DBT_THREAD_SET_EXC:
		return set_handler(caller, &t->exc_handler, a);
	case DBT_THREAD_SET_FOREIGN:
		if (a != 0 && a != DBT_FOREIGN_ON && a != (DBT_FOREIGN_ON | DBT_FOREIGN_SHORT))
			return DBT_E_INVALID_ARG;
		if (!t->foreign != !a)
			arch_thread_set_abi(t, a != 0);
		t->foreign = (uint8_t)a;
		return DBT_OK;
	case DBT_THREAD_READ_REGS:
		arch_regs_read(t, caller->utcb->mr);
		return DBT_OK;
	case DBT_THREAD_WRITE_REGS:
		return write_regs(caller, t);
	case DBT_THREAD_BIND_NOTIFY:
		return bind_notify(caller, t, a);
	case DBT_THREAD_SET_TIMESLICE:
		if (a == 0 || a > DBT_TIMESLICE_MAX_US)
			return DBT_E_INVALID_ARG;
		t->timeslice = t->slice_left = MAX(a / TICK_US, 1);
		return DBT_OK;
	case DBT_THREAD_INFO:
		f->rdi = t->state;
		f->rsi = t->prio;
		f->rdx = t->cpu_ticks;
		return DBT_OK;
	case DBT_THREAD_READ_FPU:
		f->rdi = arch_fpu_read(t, xstate_area(caller));
		f->rsi = arch_fpu_features();
		return DBT_OK;
	case DBT_THREAD_WRITE_FPU:
		return write_fpu(caller, t, a);
	default:
		(void)b;
		return DBT_E_INVALID_SYSCALL;
	}
}
