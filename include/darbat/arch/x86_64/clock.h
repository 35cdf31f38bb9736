/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * darbat/arch/x86_64/clock.h - the counter behind the kernel clock on
 * x86-64: the time-stamp counter, which user mode may read (the kernel
 * leaves CR4.TSD clear).  The clock page (darbat/abi.h) says how to turn
 * its value into nanoseconds.
 */
#ifndef DARBAT_ARCH_CLOCK_H
#define DARBAT_ARCH_CLOCK_H

#include <stdint.h>

/* The TSC, not read before the loads that precede it (the clock page's
 * seq): lfence waits for them, as the SDM advises for ordering rdtsc. */
static inline uint64_t dbt_clock_counter(void)
{
	uint32_t lo, hi;
	__asm__ volatile("lfence\n\trdtsc" : "=a"(lo), "=d"(hi) :: "memory");
	return (uint64_t)hi << 32 | lo;
}

#endif
