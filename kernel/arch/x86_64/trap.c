/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * trap.c - exceptions and interrupts.
 * From user mode: a page fault goes to the thread's pager, any other
 * exception to its exception handler, as IPC; #NM switches FPU state
 * lazily.  From kernel mode an exception is a kernel bug: panic.
 * Interrupts: the timer, device lines (to IRQ objects), COM1 (debugger).
 */
#include "types.h"
#include "irq.h"
#include "kdb.h"
#include "sched.h"
#include "syscall.h"
#include "thread.h"
#include "timer.h"
#include "arch/cpu.h"
#include "arch/fpu.h"
#include "arch/irq.h"
#include "arch/percpu.h"

static const char *const exc_names[EXC_VECTORS] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow", "bound range",
	"invalid opcode", "device not available", "double fault", "coprocessor overrun",
	"invalid TSS", "segment not present", "stack fault", "general protection",
	"page fault", "reserved", "x87 error", "alignment check", "machine check",
	"SIMD error", "virtualization", "control protection",
};

static void kernel_exception(struct trapframe *f)
{
	const char *name = f->vector < EXC_VECTORS && exc_names[f->vector] ? exc_names[f->vector] : "?";
	panic("kernel %s (vector %lu, error %lx) at rip %lx, cr2 %lx, rsp %lx",
	      name, f->vector, f->error, f->rip, read_cr2(), f->rsp);
}

static void user_exception(struct thread *t, struct trapframe *f)
{
	if (f->vector == EXC_DEVICE_NOT_AVAILABLE) {
		arch_fpu_switch();
		return;
	}
	if (f->vector == EXC_PAGE_FAULT) {
		word_t access = f->error & (DBT_PF_PRESENT | DBT_PF_WRITE | DBT_PF_EXEC);
		pagefault_ipc(t, read_cr2(), access);
		return;
	}
	exception_ipc(t, (unsigned)f->vector, f->error, 0);
}

static void interrupt(unsigned vector)
{
	if (vector == VEC_TIMER) {
		arch_irq_eoi((unsigned)-1);
		timer_interrupt();
		return;
	}
	if (vector == VEC_SPURIOUS)
		return;
	unsigned line = vector - IRQ_VECTOR_BASE;
	if (line == KDB_IRQ_LINE) {
		kdb_serial_irq();
		arch_irq_eoi(line);
		return;
	}
	if (line < IRQ_LINES)
		irq_raise(line);
	arch_irq_eoi(line);
}

void trap_handler(struct trapframe *f)
{
	bool user = f->cs & 3;
	if (f->vector >= IRQ_VECTOR_BASE) {
		sched_idle_end();
		interrupt((unsigned)f->vector);
	} else if (!user) {
		kernel_exception(f);
	} else {
		user_exception(current(), f);
	}
	if (user)
		kernel_exit();
}
