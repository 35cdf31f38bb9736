/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * arch/thread.h - the x86-64 part of a thread: the trap frame at the top of
 * its kernel stack, the saved kernel stack pointer, FPU state and the
 * FS/GS bases.  The frame layout is fixed by entry.S.
 */
#ifndef ARCH_THREAD_H
#define ARCH_THREAD_H

#include "types.h"
#include "arch/fpu.h"

struct trapframe {
	word_t r15, r14, r13, r12, r11, r10, r9, r8;
	word_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	word_t vector, error;
	word_t rip, cs, rflags, rsp, ss;         /* as pushed by the CPU */
};
_Static_assert(sizeof(struct trapframe) == 22 * 8, "trapframe layout is fixed by entry.S");

/* trapframe.vector: CPU exceptions are 0..EXC_VECTORS-1.  These the kernel
 * treats specially (the rest become exception IPC). */
#define EXC_BREAKPOINT           3      /* int3: user level may raise it */
#define EXC_OVERFLOW             4      /* into: user level may raise it */
#define EXC_DEVICE_NOT_AVAILABLE 7      /* #NM: lazy FPU switch */
#define EXC_PAGE_FAULT           14     /* #PF: to the pager */
#define EXC_VECTORS              32

struct arch_thread {
	word_t ksp;                     /* saved kernel rsp while switched out */
	word_t fs_base, gs_base;
	struct fpu_area fpu;            /* x87/SSE/AVX while not in the FPU (fpu.c) */
	bool fpu_valid;                 /* fpu holds state (else: initial) */
};

/* The fast path's message copy: MR0..7 (rdx, r8, r9, rbx, r12..r15) at once. */
static inline void arch_copy_msg_regs(const struct trapframe *from, struct trapframe *to)
{
	to->rdx = from->rdx;
	to->r8 = from->r8;
	to->r9 = from->r9;
	to->rbx = from->rbx;
	to->r12 = from->r12;
	to->r13 = from->r13;
	to->r14 = from->r14;
	to->r15 = from->r15;
}

/* The foreign ABI's system call (Linux x86-64): the number in rax, the
 * arguments in rdi, rsi, rdx, r10, r8, r9 (struct dbt_syscall_msg order);
 * the result goes to rax. */
static inline void arch_syscall_args(const struct trapframe *f, word_t *w)
{
	w[0] = f->rax;
	w[1] = f->rdi;
	w[2] = f->rsi;
	w[3] = f->rdx;
	w[4] = f->r10;
	w[5] = f->r8;
	w[6] = f->r9;
}

static inline void arch_syscall_set_result(struct trapframe *f, word_t v)
{
	f->rax = v;
}

struct thread;
void arch_thread_init(struct thread *t);    /* fresh frame: user mode, interrupts on */
void arch_switch_to(struct thread *prev, struct thread *next);
void arch_thread_release(struct thread *t);
        /* before its memory is freed */
word_t *arch_msg_reg(struct trapframe *f, unsigned i);  /* MR0..7 in the frame */
void arch_regs_read(struct thread *t, word_t *w);        /* struct dbt_regs order */
void arch_regs_write(struct thread *t, const word_t *w);
bool arch_user_rip_ok(word_t rip);
void arch_thread_set_abi(struct thread *t, bool foreign);  /* the FS/GS bases it starts with */

#endif
