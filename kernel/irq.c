/*
 * irq.c - interrupt lines as kernel objects (see irq.h).
 * irq_raise runs in the interrupt handler: the line is masked at the
 * interrupt controller and delivered; DBT_SYS_IRQ_ACK unmasks it.
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

void irq_raise(unsigned line)
{
	struct irq *irq = &irq_table[line];
	arch_irq_mask(line);
	irq->count++;
	struct kobj *o = irq->target.obj;
	if (!o)
		return;                 /* nobody listens: stays masked */
	irq->pending = true;
	if (o->type == DBT_OBJ_NOTIFICATION)
		notification_signal((struct notification *)o, irq->badge);
	else
		endpoint_irq((struct endpoint *)o, &irq->pending_link);
}

/* All capabilities to the line are gone: unbind and mask it. */
bool irq_teardown(struct kobj *o)
{
	struct irq *irq = (struct irq *)o;
	cap_delete(&irq->target);
	if (list_linked(&irq->pending_link))
		list_del(&irq->pending_link);
	irq->pending = false;
	arch_irq_mask(irq->line);
	o->dying = 0;           /* static: may be handed out again */
	return false;
}
