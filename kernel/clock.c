/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * clock.c - the kernel clock and its page (see clock.h).
 *
 * The page is a whole page of the kernel image on its own, so mapping it
 * into a task shows the task nothing but the clock.  In a task it is a
 * kernel-owned page like a UTCB: outside the mapping database, so it cannot
 * be mapped on, granted or unmapped, and nothing can be mapped over it; it
 * goes when the task's page tables do.
 */
#include "clock.h"
#include "task.h"
#include "arch/cpu.h"
#include "arch/space.h"

static union {
	struct dbt_clock_page page;
	uint8_t whole[PAGE_SIZE];
} clock __attribute__((aligned(PAGE_SIZE)));
_Static_assert(sizeof(clock) == PAGE_SIZE, "the clock page shares its frame with nothing");

void clock_init(void)
{
	struct dbt_clock_page *p = &clock.page;
	arch_clock_calibrate(p);
	p->ns_base = 0;
	p->counter_base = arch_clock_counter();
	printk("clock: counter at %lu Hz (%s%s), one tick = %lu / 2^%u ns\n", p->counter_hz,
	       p->flags & DBT_CLOCK_CPUID ? "CPUID" : "measured",
	       p->flags & DBT_CLOCK_INVARIANT ? ", invariant" : "", p->mult, DBT_CLOCK_SHIFT);
}

uint64_t clock_now_ns(void)
{
	return dbt_clock_page_ns(&clock.page, arch_clock_counter());
}

word_t clock_map(struct task *t, vaddr_t va)
{
	struct pte_ref ref;
	word_t err;
	paddr_t pa = virt_to_phys(&clock);
	if (!arch_pte_ref(t, va, true, &ref, &err))
		return err;
	if (arch_pte_present(&ref))
		return arch_pte_kernel_owned(&ref) && arch_pte_frame(&ref) == pa ? DBT_OK : DBT_E_BUSY;
	arch_pte_set(t, va, &ref, pa, DBT_R, DBT_MAP_CACHED, true);
	return DBT_OK;
}
