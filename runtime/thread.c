/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * thread.c - threads in the component's own task (urt/thread.h).
 *
 * A thread is a kernel thread created from urt_quota_slot in urt_task_slot,
 * with a malloc'ed stack, a UTCB page from a bitmap over URT_UTCB_MAX pages
 * at urt_utcb_base, and a wake-up notification used by joins, condition
 * variables and sleeps.  It starts in urt_thread_entry, which finds its
 * struct urt_thread on the stack, records it in the UTCB and runs fn.
 *
 * Exit and join (Dekker-style, all sequentially consistent atomics):
 *   exiting thread:  done = 1; if (joiner) signal(joiner's notification); stop
 *   joiner:          joiner = self; while (!done) wait(own notification)
 * At least one side sees the other's store, so the joiner cannot sleep past
 * the exit.  The joiner then destroys the kernel thread - which may still be
 * between "done = 1" and "stop", holding no lock - and only then frees its
 * stack, UTCB page, slots and struct.
 */
#include "urt.h"

dbt_slot_t urt_task_slot = DBT_ROOT_SLOT_TASK;
dbt_slot_t urt_quota_slot = DBT_ROOT_SLOT_QUOTA;
dbt_slot_t urt_exc_slot;
dbt_slot_t urt_pager_slot;
size_t urt_thread_stack_size = 16384;
uintptr_t urt_utcb_base = 0x7ffff1000000ull;
dbt_word_t urt_last_kernel_error;

static struct urt_thread main_thread;
static _Atomic uint64_t utcb_map[URT_IDSET_WORDS(URT_UTCB_MAX)];
static struct urt_idset utcb_set;

void urt_thread_entry(void);
__asm__(".text\n.global urt_thread_entry\nurt_thread_entry:\n"
        "\tmov (%rsp), %rdi\n\tand $-16, %rsp\n\tcall urt_thread_main\n\tud2\n");

void urt_thread_init_main(dbt_slot_t cap)
{
	main_thread.cap = cap;
	urt_idset_init(&utcb_set, 0, URT_UTCB_MAX, utcb_map);
	dbt_utcb()->user[URT_UTCB_THREAD] = (dbt_word_t)&main_thread;
}

urt_thread_t *urt_thread_self(void)
{
	return (urt_thread_t *)dbt_utcb()->user[URT_UTCB_THREAD];
}

dbt_slot_t urt_thread_wake_ntf(void)
{
	urt_thread_t *self = urt_thread_self();
	if (!self)
		return 0;
	if (!self->ntf)
		self->ntf = urt_ntf_create();   /* only the thread itself sets it */
	return self->ntf;
}

void urt_tls_set(void *p)
{
	dbt_utcb()->user[URT_UTCB_TLS] = (dbt_word_t)p;
}

void *urt_tls_get(void)
{
	return (void *)dbt_utcb()->user[URT_UTCB_TLS];
}

/* Give back everything t holds; its kernel thread must be gone or unmade. */
static void thread_release(urt_thread_t *t)
{
	if (t->cap)
		urt_slot_free(t->cap);
	if (t->ntf)
		urt_ntf_destroy(t->ntf);
	if (t->utcb)
		urt_idset_free(&utcb_set, (t->utcb - urt_utcb_base) / DBT_UTCB_SIZE);
	free(t->stack);
	free(t);
}

/* Map a kernel error of thread set-up to the runtime's. */
static int kernel_err(dbt_word_t err)
{
	urt_last_kernel_error = err;
	if (err == DBT_E_NO_QUOTA)
		return URT_ENOMEM;
	if (err == DBT_E_NO_RIGHTS || err == DBT_E_INVALID_ARG)
		return URT_EINVAL;
	return URT_EKERNEL;
}

/* Resolve URT_PRIO_INHERIT; -1 if prio is out of range. */
static int thread_prio(int prio)
{
	if (prio != URT_PRIO_INHERIT)
		return prio >= 0 && prio <= DBT_PRIO_MAX ? prio : -1;
	urt_thread_t *self = urt_thread_self();
	struct dbt_sysret r = dbt_thread_ctl(self ? self->cap : 0, DBT_THREAD_INFO, 0, 0);
	return r.err ? -1 : (int)r.v1;
}

/* Allocate what the thread needs in user space; URT_ENOMEM if anything is missing. */
static int thread_alloc(urt_thread_t *t)
{
	uint64_t idx = urt_idset_alloc(&utcb_set);
	if (idx != URT_IDSET_NONE)
		t->utcb = urt_utcb_base + idx * DBT_UTCB_SIZE;
	t->stack = malloc(urt_thread_stack_size);
	t->cap = urt_slot_alloc();
	t->ntf = urt_ntf_create();
	return t->utcb && t->stack && t->cap && t->ntf ? URT_OK : URT_ENOMEM;
}

/* Create the kernel thread and start it in urt_thread_entry. */
static int thread_make(urt_thread_t *t, int prio)
{
	dbt_word_t err = dbt_create(urt_quota_slot, DBT_OBJ_THREAD, t->cap, urt_task_slot, t->utcb);
	if (err)
		return kernel_err(err);
	err = dbt_thread_ctl(t->cap, DBT_THREAD_SET_PRIORITY, (dbt_word_t)prio, 0).err;
	if (!err && urt_exc_slot)
		err = dbt_thread_ctl(t->cap, DBT_THREAD_SET_EXC, urt_exc_slot, 0).err;
	if (!err && urt_pager_slot)
		err = dbt_thread_ctl(t->cap, DBT_THREAD_SET_PAGER, urt_pager_slot, 0).err;
	uintptr_t top = ((uintptr_t)t->stack + urt_thread_stack_size) & ~(uintptr_t)15;
	top -= 16;
	*(urt_thread_t **)top = t;
	if (!err)
		err = dbt_thread_start(t->cap, (dbt_word_t)urt_thread_entry, top);
	if (err) {
		dbt_destroy(t->cap);
		return kernel_err(err);
	}
	return URT_OK;
}

int urt_thread_create(urt_thread_t **tp, void *(*fn)(void *), void *arg, int prio)
{
	prio = thread_prio(prio);
	if (!tp || !fn || prio < 0)
		return URT_EINVAL;
	urt_thread_t *t = calloc(1, sizeof(*t));
	if (!t)
		return URT_ENOMEM;
	t->fn = fn;
	t->arg = arg;
	atomic_init(&t->done, 0);
	atomic_init(&t->joiner, NULL);
	int err = thread_alloc(t);
	if (!err)
		err = thread_make(t, prio);
	if (err) {
		thread_release(t);
		return err;
	}
	*tp = t;
	return URT_OK;
}

void urt_thread_main(urt_thread_t *t);
void urt_thread_main(urt_thread_t *t)
{
	dbt_utcb()->user[URT_UTCB_THREAD] = (dbt_word_t)t;
	dbt_utcb()->user[URT_UTCB_TLS] = 0;
	urt_thread_exit(t->fn(t->arg));
}

void urt_thread_exit(void *result)
{
	urt_thread_t *self = urt_thread_self();
	if (self && self != &main_thread) {
		self->result = result;
		atomic_store(&self->done, 1);
		urt_thread_t *j = atomic_load(&self->joiner);
		if (j)
			dbt_signal(j->ntf);
	}
	urt_halt();     /* the joiner destroys us; until then stay stopped */
}

int urt_thread_join(urt_thread_t *t, void **result)
{
	urt_thread_t *self = urt_thread_self(), *none = NULL;
	if (!t || t == &main_thread)
		return URT_EINVAL;
	if (t == self)
		return URT_EDEADLK;
	dbt_slot_t ntf = urt_thread_wake_ntf();
	if (!ntf)
		return URT_ENOMEM;
	if (!atomic_compare_exchange_strong(&t->joiner, &none, self))
		return URT_EINVAL;
	while (!atomic_load(&t->done))
		dbt_wait(ntf, NULL, DBT_TIMEOUT_NEVER);
	dbt_destroy(t->cap);
	if (result)
		*result = t->result;
	thread_release(t);
	return URT_OK;
}
