/*
 * arch/switch.h - loading a thread's user-level machine state on x86-64:
 * address space, kernel stack for the next entry, FS/GS bases, I/O bitmap,
 * FPU trap.  Inline, because both the context switch and the IPC fast path
 * run it on every switch.
 */
#ifndef ARCH_SWITCH_H
#define ARCH_SWITCH_H

#include "sched.h"
#include "task.h"
#include "thread.h"
#include "arch/cpu.h"
#include "arch/percpu.h"

/* Switch to t's page tables unless they are loaded already. */
static inline void space_activate(struct arch_cpu *ac, struct task *t)
{
	if (t == ac->active_space)
		return;
	ac->active_space = t;
	write_cr3(t->arch.pml4_phys);
	this_cpu()->as_switches++;
}

/* Load next's user-level machine state: space, stack, bases, I/O, FPU. */
static inline void arch_load_user_state(struct thread *next)
{
	struct arch_cpu *ac = &this_cpu()->arch;
	space_activate(ac, next->task);
	arch_set_kernel_stack((word_t)(thread_frame(next) + 1));
	if (next->arch.fs_base != ac->loaded_fs) {
		wrmsr(MSR_FS_BASE, next->arch.fs_base);
		ac->loaded_fs = next->arch.fs_base;
	}
	if (next->arch.gs_base != ac->loaded_gs) {
		wrmsr(MSR_KERNEL_GS, next->arch.gs_base);
		ac->loaded_gs = next->arch.gs_base;
	}
	if (next->task != ac->io_owner && (next->task->iobitmap || ac->io_owner)) {
		/* io_owner: whose bitmap the TSS holds; NULL while none is loaded */
		arch_load_iobitmap(next->task->iobitmap);
		ac->io_owner = next->task->iobitmap ? next->task : NULL;
	}
	bool want_trap = next != ac->fpu_owner;
	if (want_trap != ac->fpu_trap_on) {
		word_t cr0;
		__asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
		cr0 = want_trap ? cr0 | 8ul : cr0 & ~8ul;
		__asm__ volatile("mov %0, %%cr0" :: "r"(cr0));
		ac->fpu_trap_on = want_trap;
	}
}


void fastpath_enter_user(struct trapframe *f) __attribute__((noreturn));

/* The fast path's switch: park prev (ksp 0: the full path gives it a
 * continuation if it ever switches to it) and enter next's user state. */
static inline __attribute__((always_inline, noreturn)) void
arch_fastpath_switch(struct thread *prev, struct thread *next)
{
	prev->arch.ksp = 0;
	arch_load_user_state(next);
	this_cpu()->current = next;
	fastpath_enter_user(thread_frame(next));
}

#endif
