/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * thread.c - thread creation, control and destruction.
 *
 * thread_create makes an inactive thread in a task with its UTCB mapped at
 * a page the creator chooses; DBT_THREAD_START gives it rip/rsp and makes
 * it runnable.  A thread destroying itself cannot free the stack it runs
 * on, so its memory is freed by the next schedule() (cpu->reap).
 */
#include "thread.h"
#include "ipc.h"
#include "sched.h"
#include "task.h"
#include "timer.h"
#include "kmem.h"
#include "arch/cpu.h"

struct list thread_list = LIST_INIT(thread_list);
static uint32_t next_thread_id = 1;

word_t thread_create(struct quota *q, struct task *task, vaddr_t utcb_va, struct thread **out)
{
	word_t err;
	if (!IS_ALIGNED(utcb_va, PAGE_SIZE) || !user_range_ok(utcb_va, PAGE_SIZE) || utcb_va == 0)
		return DBT_E_BAD_ADDRESS;
	struct pte_ref ref;
	if (arch_pte_ref(task, utcb_va, false, &ref, &err) && arch_pte_present(&ref))
		return DBT_E_BUSY;
	struct thread *t = obj_alloc(q, DBT_OBJ_THREAD, THREAD_SIZE, &err);
	if (!t)
		return err;
	t->utcb = quota_alloc(task->quota, PAGE_SIZE, &err);
	if (!t->utcb)
		goto fail;
	if (!arch_pte_ref(task, utcb_va, true, &ref, &err))
		goto fail_utcb;
	arch_pte_set(task, utcb_va, &ref, virt_to_phys(t->utcb), DBT_R | DBT_W, DBT_MAP_CACHED, true);
	t->utcb_va = utcb_va;
	t->utcb->user[7] = utcb_va;             /* self pointer, read through %fs */
	t->task = task;
	t->state = TS_INACTIVE;
	t->prio = current() ? current()->prio : THREAD_DEFAULT_PRIO;
	t->timeslice = t->slice_left = THREAD_DEFAULT_SLICE;
	t->id = next_thread_id++;
	list_init(&t->sched_link);
	list_init(&t->wait_link);
	list_init(&t->timeout_link);
	list_add_tail(&task->threads, &t->task_link);
	list_add_tail(&thread_list, &t->all_link);
	arch_thread_init(t);
	*out = t;
	return DBT_OK;
fail_utcb:
	quota_free(task->quota, t->utcb, PAGE_SIZE);
fail:
	/* never had a capability: free directly */
	list_del(&t->obj.quota_link);
	q->nobjs--;
	quota_free(q, t, THREAD_SIZE);
	return err;
}

void thread_cancel_ipc(struct thread *t, word_t err)
{
	switch (t->state) {
	case TS_SEND:
	case TS_RECV:
	case TS_WAIT_NTF:
		list_del(&t->wait_link);
		t->wait_obj = NULL;
		break;
	case TS_REPLY:
		ipc_reply_detach(t);    /* a saved reply capability goes stale */
		break;
	default:
		return;
	}
	timer_disarm(t);
	t->ipc_kernel = 0;
	sched_wake(t, err);
}

void thread_stop(struct thread *t)
{
	if (t->state == TS_STOPPED || t->state == TS_DEAD || t->state == TS_INACTIVE)
		return;
	thread_cancel_ipc(t, DBT_E_CANCELLED);
	t->state = TS_STOPPED;
	sched_remove(t);
	if (t == current())
		this_cpu()->need_resched = true;
}

void thread_resume(struct thread *t)
{
	if (t->state != TS_STOPPED)
		return;
	t->state = TS_RUNNABLE;
	sched_add(t, false);
}

void thread_halt_fault(struct thread *t, const char *why)
{
	struct trapframe *f = thread_frame(t);
	printk("thread %u (task %u): %s at rip %lx, halted\n", t->id, t->task->id, why, f->rip);
	thread_stop(t);
}

bool thread_teardown(struct kobj *o)
{
	struct thread *t = (struct thread *)o;
	thread_cancel_ipc(t, DBT_E_DELETED);
	if (t->caller)                          /* our caller will never get an answer */
		ipc_reply_abort(t->caller, DBT_E_DELETED);
	if (t->bound_ntf)
		t->bound_ntf->bound = NULL;
	cap_delete(&t->pager);
	cap_delete(&t->exc_handler);
	sched_remove(t);
	timer_disarm(t);
	t->state = TS_DEAD;
	list_del(&t->task_link);
	list_del(&t->all_link);
	struct pte_ref ref;
	word_t err;
	if (arch_pte_ref(t->task, t->utcb_va, false, &ref, &err))
		arch_pte_clear(t->task, t->utcb_va, &ref);
	quota_free(t->task->quota, t->utcb, PAGE_SIZE);
	t->utcb = NULL;
	arch_thread_release(t);
	if (t->task->torn && list_empty(&t->task->threads))
		task_finish(t->task);
	if (t == current()) {
		/* Still on its stack: obj_reap must not free it; schedule() will. */
		this_cpu()->reap = t;
		this_cpu()->need_resched = true;
		return false;
	}
	return true;
}

void thread_free(struct thread *t)
{
	obj_free(&t->obj);
}
