/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * irq.h - interrupt objects.  One static object per interrupt line; the
 * IRQ-control capability makes capabilities to them.  A line is bound to a
 * notification (signalled with the target capability's badge) or to an
 * endpoint (a DBT_LABEL_IRQ message), and stays masked from delivery until
 * the holder acknowledges it.
 */
#ifndef KERNEL_IRQ_H
#define KERNEL_IRQ_H

#include "cap.h"
#include "list.h"

#define IRQ_LINES (DBT_IRQ_MSI_FIRST + DBT_IRQ_MSI_COUNT)     /* I/O APIC, then MSI */

struct irq {
	struct kobj obj;
	unsigned line;
	struct cap target;              /* internal capability to ep or notification */
	word_t badge;
	struct list pending_link;       /* on an endpoint's irqs list */
	bool pending;                   /* delivered, not yet acknowledged */
	bool again;                     /* edge line: raised again while pending */
	uint64_t count;
};

extern struct irq irq_table[IRQ_LINES];

void irq_ack(struct irq *irq);
extern struct kobj irq_control_obj;

void irq_init(void);
void irq_raise(unsigned line);          /* from the interrupt handler */

#endif
