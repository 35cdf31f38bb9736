/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * clock.h - the kernel clock: nanoseconds since the clock was calibrated at
 * boot, read from the CPU's cycle counter and scaled by the clock page
 * (struct dbt_clock_page, darbat/abi.h), which tasks may map read-only to
 * read the same clock without a kernel call.  The page is written once, by
 * clock_init, before any thread runs; the counter and its calibration are
 * the architecture's (arch_clock_*).
 */
#ifndef KERNEL_CLOCK_H
#define KERNEL_CLOCK_H

#include "types.h"

struct task;

#define CLOCK_NEVER UINT64_MAX          /* a deadline that never comes */
#define NS_PER_US 1000u
#define NS_PER_S  1000000000ul

/* num / den in the clock page's fixed point (<< DBT_CLOCK_SHIFT); num must
 * be below 2^(64 - DBT_CLOCK_SHIFT).  mult = clock_ratio(NS_PER_S, hz). */
static inline uint64_t clock_ratio(uint64_t num, uint64_t den)
{
	return (num << DBT_CLOCK_SHIFT) / den;
}

void clock_init(void);
uint64_t clock_now_ns(void);
/* Map the clock page read-only at va (page aligned, checked by the caller)
 * in t.  DBT_OK also if it is there already; DBT_E_BUSY if another page is;
 * DBT_E_BAD_ADDRESS for the last user page; DBT_E_NO_QUOTA (page tables). */
word_t clock_map(struct task *t, vaddr_t va);

/* ---- the architecture's part ---- */
/* Fill in counter_hz, mult and flags: how fast the counter runs. */
void arch_clock_calibrate(struct dbt_clock_page *page);

#endif
