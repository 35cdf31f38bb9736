/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * irq.c - interrupt lines as kernel objects (see irq.h).
 * irq_raise runs in the interrupt handler and delivers the interrupt; it is
 * then pending until DBT_SYS_IRQ_ACK.  A level-triggered line is masked at
 * the interrupt controller meanwhile (it would fire again at once).  An
 * edge-triggered line stays open, because the I/O APIC drops an edge on a
 * masked line: an edge during delivery is remembered, and the
 * acknowledgement delivers it again (edges coalesce, none is lost).
 */
#include "irq.h"
#include "ipc.h"
#include "arch/irq.h"

struct irq irq_table[IRQ_LINES];
struct kobj irq_control_obj = { .type = DBT_OBJ_IRQ_CONTROL };

void irq_init(void)
{
	for (unsigned i = 0; i < IRQ_LINES; i++) {
		irq_table[i].obj.type = DBT_OBJ_IRQ;
		irq_table[i].line = i;
		list_init(&irq_table[i].pending_link);
	}
}

static void deliver(struct irq *irq)
{
	struct kobj *o = irq->target.obj;
	irq->pending = true;
	if (o->type == DBT_OBJ_NOTIFICATION)
		notification_signal((struct notification *)o, irq->badge);
	else
		endpoint_irq((struct endpoint *)o, &irq->pending_link);
}

void irq_raise(unsigned line)
{
	struct irq *irq = &irq_table[line];
	bool edge = arch_irq_edge(line);
	irq->count++;
	if (!irq->target.obj) {
		arch_irq_mask(line);    /* nobody listens: stays masked */
		return;
	}
	if (!edge)
		arch_irq_mask(line);
	if (irq->pending)
		irq->again = true;      /* an edge during delivery */
	else
		deliver(irq);
}

/* DBT_SYS_IRQ_ACK on a bound line: the next interrupt may come. */
void irq_ack(struct irq *irq)
{
	irq->pending = false;
	if (irq->again) {
		irq->again = false;
		deliver(irq);
	} else if (!arch_irq_edge(irq->line)) {
		arch_irq_unmask(irq->line);
	}
}

/* All capabilities to the line are gone: unbind and mask it. */
bool irq_teardown(struct kobj *o)
{
	struct irq *irq = (struct irq *)o;
	cap_delete(&irq->target);
	if (list_linked(&irq->pending_link))
		list_del(&irq->pending_link);
	irq->pending = irq->again = false;
	arch_irq_mask(irq->line);
	o->dying = 0;           /* static: may be handed out again */
	return false;
}
