/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cpu.c - processor set-up: GDT with user segments and the TSS, the IDT,
 * the syscall MSRs, the FPU (fpu.c), and the per-CPU entry block the entry
 * code reaches through GS.
 */
#include "types.h"
#include "arch/cpu.h"
#include "arch/fpu.h"
#include "arch/irq.h"
#include "arch/percpu.h"
#include "irq.h"
#include "space.h"
#include "syscall.h"

struct tss {
	uint32_t reserved0;
	uint64_t rsp0, rsp1, rsp2;
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
	uint8_t iomap[IO_BITMAP_BYTES + 1];     /* 1 = port denied; trailing 0xff byte */
} __attribute__((packed));

struct idt_gate {
	uint16_t off_lo, sel;
	uint8_t ist, flags;
	uint16_t off_mid;
	uint32_t off_hi, zero;
} __attribute__((packed));

/* Not static: arch_set_kernel_stack (percpu.h) stores rsp0 by symbol. */
struct tss tss __attribute__((aligned(PAGE_SIZE)));
_Static_assert(offsetof(struct tss, rsp0) == TSS_RSP0_OFFSET, "percpu.h knows where rsp0 is");
static uint64_t gdt[7];
static struct idt_gate idt[IDT_VECTORS];
struct percpu_entry percpu_entry;

extern const uint64_t isr_table[IRQ_VECTOR_BASE + IRQ_LINES];  /* exceptions, IRQ lines (entry.S) */
extern const uint64_t isr_timer, isr_spurious;
extern char syscall_entry[], syscall_entry_nofast[];

#define TSS_LIMIT (sizeof(struct tss) - 1)
#define IOMAP_OFF offsetof(struct tss, iomap)
#define IOMAP_NONE (TSS_LIMIT + 1)      /* beyond the limit: every port denied */

static void set_gate(unsigned vec, uint64_t handler, unsigned dpl)
{
	idt[vec] = (struct idt_gate){
		.off_lo = (uint16_t)handler, .sel = SEL_KCODE, .ist = 0,
		.flags = (uint8_t)(0x8e | (dpl << 5)),
		.off_mid = (uint16_t)(handler >> 16), .off_hi = (uint32_t)(handler >> 32),
	};
}

static void gdt_init(void)
{
	uint64_t base = (uint64_t)&tss, limit = TSS_LIMIT;
	gdt[0] = 0;
	gdt[1] = 0x00af9a000000ffffull;         /* 0x08 kernel code */
	gdt[2] = 0x00cf92000000ffffull;         /* 0x10 kernel data */
	gdt[3] = 0x00cff2000000ffffull;         /* 0x18 user data (sysret: STAR+8) */
	gdt[4] = 0x00affa000000ffffull;         /* 0x20 user code (sysret: STAR+16) */
	gdt[5] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ull << 40) |
	         (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
	gdt[6] = base >> 32;
	struct { uint16_t lim; uint64_t base; } __attribute__((packed)) gp = { sizeof(gdt) - 1, (uint64_t)gdt };
	__asm__ volatile("lgdt %0" :: "m"(gp));
	__asm__ volatile("mov %0, %%ds; mov %0, %%es; mov %0, %%ss" :: "r"(SEL_KDATA));
	__asm__ volatile("pushq %0; leaq 1f(%%rip), %%rax; pushq %%rax; lretq; 1:"
	                 :: "i"(SEL_KCODE) : "rax", "memory");
	tss.iomap_base = IOMAP_NONE;
	memset(tss.iomap, 0xff, sizeof(tss.iomap));
	__asm__ volatile("ltr %w0" :: "r"(SEL_TSS));
}

static void idt_init(void)
{
	for (unsigned v = 0; v < ARRAY_SIZE(isr_table); v++)
		set_gate(v, isr_table[v], (v == EXC_BREAKPOINT || v == EXC_OVERFLOW) ? 3 : 0);
	set_gate(VEC_TIMER, isr_timer, 0);
	set_gate(VEC_SPURIOUS, isr_spurious, 0);
	struct { uint16_t lim; uint64_t base; } __attribute__((packed)) ip = { sizeof(idt) - 1, (uint64_t)idt };
	__asm__ volatile("lidt %0" :: "m"(ip));
}

static void syscall_init(void)
{
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | 1);   /* SCE */
	wrmsr(MSR_STAR, ((uint64_t)0x10 << 48) | ((uint64_t)SEL_KCODE << 32));
	wrmsr(MSR_LSTAR, (uint64_t)(fastpath_enabled ? syscall_entry : syscall_entry_nofast));
	wrmsr(MSR_FMASK, 0x47700);               /* IF, DF, TF, AC, NT, IOPL cleared */
	wrmsr(MSR_GS_BASE, (uint64_t)&percpu_entry);
	wrmsr(MSR_KERNEL_GS, 0);
}

void arch_cpu_init(void)
{
	gdt_init();
	idt_init();
	syscall_init();
	arch_fpu_init();
}


/* Load a task's I/O bitmap into the TSS (NULL: deny all ports). */
void arch_load_iobitmap(const uint8_t *bitmap)
{
	if (!bitmap) {
		tss.iomap_base = IOMAP_NONE;
		return;
	}
	memcpy(tss.iomap, bitmap, IO_BITMAP_BYTES);
	tss.iomap_base = IOMAP_OFF;
}
