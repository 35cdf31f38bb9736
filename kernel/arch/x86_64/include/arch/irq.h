/* SPDX-License-Identifier: BSD-2-Clause */
/* arch/irq.h - the interrupt controller (IOAPIC, or the 8259 PIC without one). */
#ifndef ARCH_IRQ_H
#define ARCH_IRQ_H

#include "types.h"
#include "arch/thread.h"

#define IRQ_VECTOR_BASE EXC_VECTORS     /* device lines follow the CPU exceptions */
#define VEC_TIMER  0xf0                 /* the local APIC timer */
#define VEC_SPURIOUS 0xff
#define IDT_VECTORS 256

void arch_irq_init(void);
bool arch_irq_line_ok(unsigned line);   /* the controllers can deliver it */
void arch_irq_mask(unsigned line);
void arch_irq_unmask(unsigned line);
void arch_irq_eoi(unsigned line);
bool arch_irq_edge(unsigned line);      /* edge-triggered (else level) */
void arch_timer_init(void);            /* after clock_init */
void arch_timer_set(uint64_t at);       /* interrupt at clock time at (ns), once */

#endif
