/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * glue_io.h - port I/O and MMIO access, the one definition of each.
 *
 * Modules call the exported functions of glue.h (iokit_inb, ...,
 * iokit_mmio_write64, iokit_mmio_barrier), which io.c defines as calls of
 * these; drivers built into the framework may call these directly and
 * save the call.  Each access is one instruction of exactly the width
 * named (written as asm, so the compiler can neither merge, split nor
 * widen it, and a hypervisor sees a plain mov it can decode), and a
 * compiler barrier ("memory" clobber) keeps it in program order.
 */
#ifndef DARBAT_IOKIT_GLUE_IO_H
#define DARBAT_IOKIT_GLUE_IO_H

#include <stdint.h>
#include "urt/x86.h"

/* Port I/O: the runtime's one definition (urt/x86.h). */
static inline uint8_t glue_inb(uint16_t port) { return io_inb(port); }
static inline uint16_t glue_inw(uint16_t port) { return io_inw(port); }
static inline uint32_t glue_inl(uint16_t port) { return io_inl(port); }
static inline void glue_outb(uint16_t port, uint8_t v) { io_outb(port, v); }
static inline void glue_outw(uint16_t port, uint16_t v) { io_outw(port, v); }
static inline void glue_outl(uint16_t port, uint32_t v) { io_outl(port, v); }

static inline uint8_t glue_mmio_read8(const volatile void *a)
{
	uint8_t v;
	__asm__ volatile("movb %1, %0" : "=q"(v) : "m"(*(const volatile uint8_t *)a) : "memory");
	return v;
}

static inline uint16_t glue_mmio_read16(const volatile void *a)
{
	uint16_t v;
	__asm__ volatile("movw %1, %0" : "=r"(v) : "m"(*(const volatile uint16_t *)a) : "memory");
	return v;
}

static inline uint32_t glue_mmio_read32(const volatile void *a)
{
	uint32_t v;
	__asm__ volatile("movl %1, %0" : "=r"(v) : "m"(*(const volatile uint32_t *)a) : "memory");
	return v;
}

static inline uint64_t glue_mmio_read64(const volatile void *a)
{
	uint64_t v;
	__asm__ volatile("movq %1, %0" : "=r"(v) : "m"(*(const volatile uint64_t *)a) : "memory");
	return v;
}

static inline void glue_mmio_write8(volatile void *a, uint8_t v)
{
	__asm__ volatile("movb %1, %0" : "=m"(*(volatile uint8_t *)a) : "q"(v) : "memory");
}

static inline void glue_mmio_write16(volatile void *a, uint16_t v)
{
	__asm__ volatile("movw %1, %0" : "=m"(*(volatile uint16_t *)a) : "r"(v) : "memory");
}

static inline void glue_mmio_write32(volatile void *a, uint32_t v)
{
	__asm__ volatile("movl %1, %0" : "=m"(*(volatile uint32_t *)a) : "r"(v) : "memory");
}

static inline void glue_mmio_write64(volatile void *a, uint64_t v)
{
	__asm__ volatile("movq %1, %0" : "=m"(*(volatile uint64_t *)a) : "r"(v) : "memory");
}

/* mfence orders loads and stores to every memory type (MMIO is uncached,
 * DMA rings write-back); the clobber stops the compiler too. */
static inline void glue_mmio_barrier(void)
{
	__asm__ volatile("mfence" ::: "memory");
}

#endif
