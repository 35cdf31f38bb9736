/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * urt/thread.h - kernel threads in the component's own task.
 *
 * Every thread the runtime knows (the initial one and those made by
 * urt_thread_create) has a struct urt_thread, found through its UTCB:
 * utcb->user[URT_UTCB_THREAD].  user[URT_UTCB_TLS] is the thread-local
 * pointer of urt_tls_get/set; user[2..6] are reserved for the runtime and
 * user[7] is the kernel's (the UTCB's own address).
 */
#ifndef URT_THREAD_H
#define URT_THREAD_H

#include <stdatomic.h>
#include <stddef.h>
#include <darbat/abi.h>

#define URT_UTCB_THREAD 0
#define URT_UTCB_TLS    1

/* Runtime configuration: what a thread is created in and from.  A root task
 * keeps the defaults; a component start-up sets these before creating threads. */
extern dbt_slot_t urt_task_slot;        /* own task (CONTROL), DBT_ROOT_SLOT_TASK */
extern dbt_slot_t urt_quota_slot;       /* quota threads/notifications are charged to */
extern dbt_slot_t urt_exc_slot;         /* exception handler given to new threads (0: none) */
extern dbt_slot_t urt_pager_slot;       /* pager given to new threads (0: none) */
extern size_t urt_thread_stack_size;    /* bytes, default 16 KiB */
extern uintptr_t urt_utcb_base;         /* area of URT_UTCB_MAX UTCB pages for new threads */
#define URT_UTCB_MAX 256

#define URT_PRIO_INHERIT (-1)           /* urt_thread_create: the caller's priority */

typedef struct urt_thread urt_thread_t;
struct urt_thread {
	dbt_slot_t cap;                 /* the kernel thread */
	dbt_slot_t ntf;                 /* wake-up notification (0 until needed) */
	uintptr_t utcb;                 /* UTCB address (0: not allocated here) */
	void *stack;                    /* malloc'ed stack (NULL: not ours) */
	void *(*fn)(void *);
	void *arg, *result;
	atomic_int done;                /* set by urt_thread_exit */
	struct urt_thread *_Atomic joiner;
};

/* Create and start a thread running fn(arg) at priority prio (0..255, at
 * most the caller's; or URT_PRIO_INHERIT).  0 and *t on success; URT_ENOMEM
 * (memory, slots, UTCBs), URT_EINVAL (prio), URT_EKERNEL (other kernel
 * refusal, e.g. quota: the kernel error is in urt_last_kernel_error). */
int urt_thread_create(urt_thread_t **t, void *(*fn)(void *), void *arg, int prio);
/* Wait for t to end, store its result, free its kernel objects, UTCB, stack.
 * URT_EDEADLK if t is the caller, URT_EINVAL if t is the initial thread or
 * already joined by another thread. */
int urt_thread_join(urt_thread_t *t, void **result);
/* End the calling thread with result (returning from fn does the same).
 * The initial thread of a root task powers the machine off instead. */
void urt_thread_exit(void *result) __attribute__((noreturn));
urt_thread_t *urt_thread_self(void);
/* The calling thread's wake-up notification (created on first use), 0 if it
 * cannot be created. */
dbt_slot_t urt_thread_wake_ntf(void);
void urt_tls_set(void *p);
void *urt_tls_get(void);

extern dbt_word_t urt_last_kernel_error;

/* Runtime internals: adopt the calling thread as the initial thread; make
 * and release a notification (slot and kernel object) from urt_quota_slot. */
void urt_thread_init_main(dbt_slot_t cap);
dbt_slot_t urt_ntf_create(void);
void urt_ntf_destroy(dbt_slot_t ntf);

#endif
