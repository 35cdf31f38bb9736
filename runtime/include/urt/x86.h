/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * urt/x86.h - the few x86-64 instructions user code issues directly: port
 * I/O (for the ports a component was granted; anything else faults) and
 * the time-stamp counter.  One definition for every program: servers,
 * drivers (the glue's accessors are these) and tests.
 */
#ifndef URT_X86_H
#define URT_X86_H

#include <stdint.h>

static inline uint8_t io_inb(uint16_t port)
{
	uint8_t v;
	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

static inline uint16_t io_inw(uint16_t port)
{
	uint16_t v;
	__asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

static inline uint32_t io_inl(uint16_t port)
{
	uint32_t v;
	__asm__ volatile("inl %1, %0" : "=a"(v) : "Nd"(port) : "memory");
	return v;
}

static inline void io_outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" :: "a"(v), "Nd"(port) : "memory");
}

static inline void io_outw(uint16_t port, uint16_t v)
{
	__asm__ volatile("outw %0, %1" :: "a"(v), "Nd"(port) : "memory");
}

static inline void io_outl(uint16_t port, uint32_t v)
{
	__asm__ volatile("outl %0, %1" :: "a"(v), "Nd"(port) : "memory");
}

/*
 * The time-stamp counter, fenced on both sides so that it brackets exactly
 * the code between two reads: under QEMU's -icount shift=0 it counts
 * executed instructions (the benchmarks' method, docs/PERFORMANCE.md).
 */
static inline uint64_t tsc_read(void)
{
	uint32_t lo, hi;
	__asm__ volatile("lfence\n\trdtsc\n\tlfence" : "=a"(lo), "=d"(hi) :: "memory");
	return (uint64_t)hi << 32 | lo;
}

#endif
