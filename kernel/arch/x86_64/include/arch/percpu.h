/* SPDX-License-Identifier: BSD-2-Clause */
/* arch/percpu.h - the per-CPU block the entry code reaches through %gs. */
#ifndef ARCH_PERCPU_H
#define ARCH_PERCPU_H

#include "types.h"

struct percpu_entry {
	word_t kstack_top;      /* gs:0, top of the current thread's kernel stack */
	word_t scratch;         /* gs:8, user rsp during syscall entry */
};
_Static_assert(offsetof(struct percpu_entry, scratch) == 8, "entry.S uses gs:8");

extern struct percpu_entry percpu_entry;

struct thread;
struct task;

/* The x86-64 part of struct cpu: what the hardware holds for this CPU now. */
struct arch_cpu {
	struct thread *fpu_owner;       /* whose state is in the FPU registers */
	const uint8_t *io_loaded;       /* the task->iobitmap in the TSS; NULL: none,
	                                   every port denied */
	struct task *active_space;      /* whose page tables are in CR3 */
	word_t loaded_fs, loaded_gs;    /* FS_BASE and KERNEL_GS_BASE MSRs */
	bool fpu_trap_on;               /* CR0.TS */
};

void arch_cpu_init(void);
#define TSS_RSP0_OFFSET 4       /* in the (packed) TSS, cpu.c */
#define TSS_STR_(x) #x
#define TSS_STR(x) TSS_STR_(x)

/* Where the CPU and syscall_entry find the kernel stack on entry from user.
 * One store by symbol: the IPC fast path runs this on every switch. */
static inline void arch_set_kernel_stack(word_t top)
{
	__asm__ volatile("movq %0, tss+" TSS_STR(TSS_RSP0_OFFSET) "(%%rip)" :: "r"(top) : "memory");
	percpu_entry.kstack_top = top;
}
void arch_load_iobitmap(const uint8_t *bitmap);

#endif
