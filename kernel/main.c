/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * main.c - kmain: bring the machine up and start the root task.
 * Order: log, boot information, CPU tables, page tables, kernel-object
 * pool, scheduler and interrupts, root task, clock and timer; then this
 * context becomes the idle thread.
 */
#include "boot.h"
#include "check.h"
#include "clock.h"
#include "irq.h"
#include "kdb.h"
#include "kmem.h"
#include "sched.h"
#include "thread.h"
#include "syscall.h"
#include "arch/cpu.h"
#include "arch/irq.h"
#include "arch/percpu.h"

void serial_init(void);
void serial_enable_rx_irq(void);
void multiboot_parse(uint32_t magic, paddr_t info, char *root_args, size_t nargs);
void arch_paging_init(paddr_t top);

extern char _kernel_end[];

static struct thread idle_thread;

static bool strstr_simple(const char *s, const char *word)
{
	size_t n = strlen(word);
	for (; *s; s++)
		if (!strncmp(s, word, n))
			return true;
	return false;
}
static char root_args[DBT_BOOT_CMDLINE_MAX];

#define POOL_MIN (4ul << 20)
#define POOL_MAX (256ul << 20)
#define POOL_ALIGN (1ul << KMEM_MAX_ORDER)     /* whole blocks of the largest size */

static paddr_t memory_top(void)
{
	paddr_t top = 0;
	for (unsigned i = 0; i < boot.nregions; i++)
		if (boot.region[i].type == DBT_MEM_FREE)
			top = MAX(top, boot.region[i].base + boot.region[i].size);
	return top;
}

static void memory_init(void)
{
	boot_region_set(&boot, 0, LOW_MEMORY_END, DBT_MEM_RESERVED);
	boot_region_set(&boot, LOW_MEMORY_END, virt_to_phys(_kernel_end) - LOW_MEMORY_END, DBT_MEM_KERNEL);
	for (unsigned i = 0; i < boot.nmodules; i++)
		boot_region_set(&boot, ALIGN_DOWN(boot.module[i].base, PAGE_SIZE),
		                ALIGN_UP(boot.module[i].base + boot.module[i].size, PAGE_SIZE) -
		                    ALIGN_DOWN(boot.module[i].base, PAGE_SIZE), DBT_MEM_MODULE);
	arch_paging_init(memory_top());
	word_t free = 0;
	for (unsigned i = 0; i < boot.nregions; i++)
		if (boot.region[i].type == DBT_MEM_FREE)
			free += boot.region[i].size;
	word_t pool = MIN(MAX(ALIGN_DOWN(free / 8, POOL_ALIGN), POOL_MIN), POOL_MAX);
	paddr_t pa = boot_alloc(&boot, pool, memory_top(), DBT_MEM_KERNEL);
	kmem_pool_init(&kmem_pool, phys_to_virt(pa), pool);
	root_quota.limit = kmem_pool.total;
	list_init(&root_quota.objs);
	printk("memory: %lu MiB free, kernel pool %lu KiB at %lx\n", free >> 20,
	       kmem_pool.total >> 10, pa);
}

void kmain(uint32_t magic, uint32_t info)
{
	serial_init();
	printk("\nDarbat microkernel (x86-64)\n");
	multiboot_parse(magic, info, root_args, sizeof(root_args));
	if (strstr_simple(boot.cmdline, "nofastpath")) {
		fastpath_enabled = false;
		printk("kernel: IPC fast path off\n");
	}
	check_init(strstr_simple(boot.cmdline, "kcheck"));
	bool idle_poll = strstr_simple(boot.cmdline, "idlepoll");
	arch_cpu_init();
	memory_init();
	sched_init();
	irq_init();
	arch_irq_init();
	idle_thread.state = TS_RUNNABLE;
	cpu0.idle = cpu0.current = &idle_thread;
	cpu0.arch.fpu_trap_on = true;          /* arch_cpu_init set CR0.TS */
	boot_start_root_task(root_args);
	clock_init();
	arch_timer_init();
	serial_enable_rx_irq();
	arch_irq_unmask(KDB_IRQ_LINE);
	for (;;) {
		while (cpu0.need_resched || sched_any_runnable())
			schedule();
		if (check_enabled)
			check_sched();
		sched_idle(idle_poll);
	}
}
