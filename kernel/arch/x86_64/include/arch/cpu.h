/* SPDX-License-Identifier: BSD-2-Clause */
/* arch/cpu.h - x86-64 instructions the kernel uses, as inline functions. */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

#include "types.h"

#define KERNEL_VMA   0xffffffff80000000ul
#define PHYSMAP_BASE 0xffff800000000000ul
#define PHYSMAP_MAX  (64ul << 30)           /* direct map covers up to 64 GiB */

#define CR0_TS (1ul << 3)                   /* task switched: an FPU use traps (#NM) */

#define SEL_KCODE 0x08
#define SEL_KDATA 0x10
#define SEL_UDATA 0x1b                      /* 0x18 | 3 */
#define SEL_UCODE 0x23                      /* 0x20 | 3 */
#define SEL_TSS   0x28

#define MSR_EFER         0xc0000080
#define MSR_STAR         0xc0000081
#define MSR_LSTAR        0xc0000082
#define MSR_FMASK        0xc0000084
#define MSR_FS_BASE      0xc0000100
#define MSR_GS_BASE      0xc0000101
#define MSR_KERNEL_GS    0xc0000102
#define MSR_APIC_BASE    0x1b

static inline void *phys_to_virt(paddr_t p) { return (void *)(p + PHYSMAP_BASE); }
static inline paddr_t virt_to_phys(const void *v)
{
	word_t a = (word_t)v;
	return a >= KERNEL_VMA ? a - KERNEL_VMA : a - PHYSMAP_BASE;
}

static inline void outb(uint16_t port, uint8_t v) { __asm__ volatile("outb %0, %1" :: "a"(v), "Nd"(port)); }
static inline uint8_t inb(uint16_t port) { uint8_t v; __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;
	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}
static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr" :: "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}
static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}
struct cpuid_regs { uint32_t eax, ebx, ecx, edx; };
static inline struct cpuid_regs cpuid(uint32_t leaf, uint32_t subleaf)
{
	struct cpuid_regs r;
	__asm__ volatile("cpuid" : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
	                 : "a"(leaf), "c"(subleaf));
	return r;
}
static inline void xsetbv(uint32_t xcr, uint64_t v)
{
	__asm__ volatile("xsetbv" :: "c"(xcr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32)));
}

/* The kernel clock's counter (clock.h). */
static inline uint64_t arch_clock_counter(void) { return rdtsc(); }
/* cpuid into r[0..3] = eax, ebx, ecx, edx (the clock's calibration). */
static inline void cpuid_words(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	struct cpuid_regs c = cpuid(leaf, sub);
	r[0] = c.eax;
	r[1] = c.ebx;
	r[2] = c.ecx;
	r[3] = c.edx;
}
static inline word_t read_cr2(void) { word_t v; __asm__ volatile("mov %%cr2, %0" : "=r"(v)); return v; }
static inline word_t read_cr3(void) { word_t v; __asm__ volatile("mov %%cr3, %0" : "=r"(v)); return v; }
static inline void write_cr3(word_t v) { __asm__ volatile("mov %0, %%cr3" :: "r"(v) : "memory"); }
static inline void invlpg(vaddr_t a) { __asm__ volatile("invlpg (%0)" :: "r"(a) : "memory"); }
static inline void cpu_relax(void) { __asm__ volatile("pause"); }
static inline void irq_enable(void) { __asm__ volatile("sti"); }
static inline void irq_disable(void) { __asm__ volatile("cli"); }
static inline void cpu_halt(void) { __asm__ volatile("hlt"); }

#endif
