/* SPDX-License-Identifier: BSD-2-Clause */
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

/* The I/O bitmap in the TSS must change for a thread of task t.  (A
 * bitmap freed while loaded is unloaded first, arch_space_free, so that a
 * new one at its address is not taken for it.) */
static inline bool arch_io_switch_needed(struct arch_cpu *ac, struct task *t)
{
	return t->iobitmap != ac->io_loaded;
}

static inline void arch_io_switch(struct arch_cpu *ac, struct task *t)
{
	arch_load_iobitmap(t->iobitmap);
	ac->io_loaded = t->iobitmap;
}

/* Load next's user-level machine state but the I/O bitmap: space, stack,
 * bases, FPU.  Calls nothing, so the IPC fast path stays a leaf; always
 * inline, as the fast paths' three switches count on it. */
static inline __attribute__((always_inline)) void arch_load_user_regs(struct arch_cpu *ac,
                                                                      struct thread *next)
{
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
	bool want_trap = next != ac->fpu_owner;
	if (want_trap != ac->fpu_trap_on) {
		/* fpu_trap_on mirrors CR0.TS (fpu.c), so the bit flips */
		word_t cr0;
		__asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
		__asm__ volatile("mov %0, %%cr0" :: "r"(cr0 ^ CR0_TS));
		ac->fpu_trap_on = want_trap;
	}
}

/* Load next's user-level machine state: space, stack, bases, I/O, FPU. */
static inline void arch_load_user_state(struct thread *next)
{
	struct arch_cpu *ac = &this_cpu()->arch;
	arch_load_user_regs(ac, next);
	if (arch_io_switch_needed(ac, next->task))
		arch_io_switch(ac, next->task);
}

/*
 * The fast path's switch: park prev (ksp 0: the full path gives it a
 * continuation if it ever switches to it) and load next's user state; the
 * exit path in entry.S enters next's frame with sysret.  Returns true when
 * the I/O bitmap must change too (arch_io_switch, off the fast path's
 * straight line).
 */
static inline __attribute__((always_inline)) bool
arch_fastpath_switch(struct thread *prev, struct thread *next)
{
	struct arch_cpu *ac = &this_cpu()->arch;
	prev->arch.ksp = 0;
	arch_load_user_regs(ac, next);
	return arch_io_switch_needed(ac, next->task);
}

static inline void arch_fastpath_io_switch(struct thread *next)
{
	arch_io_switch(&this_cpu()->arch, next->task);
}

#endif
