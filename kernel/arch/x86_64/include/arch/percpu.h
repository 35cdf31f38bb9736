/* arch/percpu.h - the per-CPU block the entry code reaches through %gs. */
#ifndef ARCH_PERCPU_H
#define ARCH_PERCPU_H

#include "types.h"

#define VEC_TIMER_ARCH 0xf0

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
	struct task *io_owner;          /* whose I/O bitmap is in the TSS */
	struct task *active_space;      /* whose page tables are in CR3 */
	word_t loaded_fs, loaded_gs;    /* FS_BASE and KERNEL_GS_BASE MSRs */
	bool fpu_trap_on;               /* CR0.TS */
};

void arch_cpu_init(void);
/* The TSS is packed: its rsp0 is only 4-byte aligned. */
typedef uint64_t tss_word_t __attribute__((aligned(4)));
extern tss_word_t *const tss_rsp0;

/* Where the CPU and syscall_entry find the kernel stack on entry from user. */
static inline void arch_set_kernel_stack(word_t top)
{
	*tss_rsp0 = top;
	percpu_entry.kstack_top = top;
}
void arch_load_iobitmap(const uint8_t *bitmap);

#endif
