/* arch/irq.h - the interrupt controller (IOAPIC, or the 8259 PIC without one). */
#ifndef ARCH_IRQ_H
#define ARCH_IRQ_H

#include "types.h"

#define IRQ_VECTOR_BASE 32
#define VEC_TIMER  0xf0
#define VEC_SPURIOUS 0xff

void arch_irq_init(void);
bool arch_irq_line_ok(unsigned line);   /* the controllers can deliver it */
void arch_irq_mask(unsigned line);
void arch_irq_unmask(unsigned line);
void arch_irq_eoi(unsigned line);
bool arch_irq_edge(unsigned line);      /* edge-triggered (else level) */
void arch_timer_init(void);

#endif
