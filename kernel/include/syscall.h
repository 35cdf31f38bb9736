/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * syscall.h - kernel-call dispatch.
 * Each handler decodes its arguments from the trap frame (a0..a5 are rdi,
 * rsi, rdx, r10, r8, r9), checks every capability and argument, and only
 * then changes state.  It returns the error code; results go into the
 * frame's rdi, rsi and rdx (v0..v2).
 */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include "thread.h"

typedef word_t (*syscall_fn)(struct thread *t, struct trapframe *f);

#define A0(f) ((f)->rdi)
#define A1(f) ((f)->rsi)
#define A2(f) ((f)->rdx)
#define A3(f) ((f)->r10)
#define A4(f) ((f)->r8)
#define A5(f) ((f)->r9)

void syscall_handler(struct trapframe *f);
/* The IPC fast path, arch/x86_64/fastpath.c (mirrors ipc.c). */
extern bool fastpath_enabled;
struct trapframe *fastpath_syscall(struct trapframe *f);
void fastpath_resumed(void);
struct trapframe *fastpath_foreign_syscall(void);
void kernel_exit(void);
/* kcheck: run check_after_call after every slow-path kernel call (check.c). */
void syscall_check_on(void);
void foreign_syscall(struct thread *t);
void foreign_syscall_done(struct thread *t, word_t err, bool brief);
void exception_ipc(struct thread *t, unsigned vector, word_t error, word_t addr);
void pagefault_ipc(struct thread *t, word_t addr, word_t access);

word_t sys_send(struct thread *t, struct trapframe *f);
word_t sys_recv(struct thread *t, struct trapframe *f);
word_t sys_call(struct thread *t, struct trapframe *f);
word_t sys_reply(struct thread *t, struct trapframe *f);
word_t sys_reply_recv(struct thread *t, struct trapframe *f);
word_t sys_signal(struct thread *t, struct trapframe *f);
word_t sys_wait(struct thread *t, struct trapframe *f);
word_t sys_yield(struct thread *t, struct trapframe *f);
word_t sys_cap_copy(struct thread *t, struct trapframe *f);
word_t sys_cap_move(struct thread *t, struct trapframe *f);
word_t sys_cap_delete(struct thread *t, struct trapframe *f);
word_t sys_cap_revoke(struct thread *t, struct trapframe *f);
word_t sys_cap_info(struct thread *t, struct trapframe *f);
word_t sys_create(struct thread *t, struct trapframe *f);
word_t sys_destroy(struct thread *t, struct trapframe *f);
word_t sys_map_phys(struct thread *t, struct trapframe *f);
word_t sys_unmap(struct thread *t, struct trapframe *f);
word_t sys_thread_ctl(struct thread *t, struct trapframe *f);
word_t sys_irq_get(struct thread *t, struct trapframe *f);
word_t sys_irq_bind(struct thread *t, struct trapframe *f);
word_t sys_irq_ack(struct thread *t, struct trapframe *f);
word_t sys_io_enable(struct thread *t, struct trapframe *f);
word_t sys_quota_info(struct thread *t, struct trapframe *f);
word_t sys_quota_resize(struct thread *t, struct trapframe *f);
word_t sys_debug_write(struct thread *t, struct trapframe *f);
word_t sys_debug_enter(struct thread *t, struct trapframe *f);
word_t sys_clock(struct thread *t, struct trapframe *f);
word_t sys_stat(struct thread *t, struct trapframe *f);
word_t sys_map_info(struct thread *t, struct trapframe *f);
word_t sys_cap_give(struct thread *t, struct trapframe *f);
word_t sys_debug_read(struct thread *t, struct trapframe *f);
word_t sys_debug_bind(struct thread *t, struct trapframe *f);
word_t sys_reply_save(struct thread *t, struct trapframe *f);
word_t sys_reply_cap(struct thread *t, struct trapframe *f);
word_t sys_reply_cap_recv(struct thread *t, struct trapframe *f);
word_t sys_clock_map(struct thread *t, struct trapframe *f);
word_t sys_task_map(struct thread *t, struct trapframe *f);
word_t sys_task_unmap(struct thread *t, struct trapframe *f);

#endif
