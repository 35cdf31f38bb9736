/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * charstream_loop.c - the work loop of a character-stream device
 * (charstream_loop.h).
 */
#include "urt.h"
#include "charstream_loop.h"

int cs_loop_create(struct cs_loop *l, dbt_slot_t irq, iokit_irq_handler_t *on_irq,
                   iokit_timer_fn_t *on_poll, void *arg)
{
	int err = iokit_workloop_create(&l->loop, URT_PRIO_INHERIT);
	if (!err)
		err = iokit_gate_create(l->loop, &l->gate);
	if (!err && irq)
		err = iokit_irq_source_create(l->loop, irq, on_irq, arg, &l->irq_src);
	if (!err)
		err = iokit_timer_create(l->loop, on_poll, arg, &l->poll);
	return err;
}

void cs_loop_quiesce(struct cs_loop *l)
{
	if (l->irq_src)
		iokit_source_disable(l->irq_src);
	if (l->poll)
		iokit_source_disable(l->poll);
}

void cs_loop_free(struct cs_loop *l)
{
	if (l->loop)
		iokit_workloop_free(l->loop);
	*l = (struct cs_loop){ 0 };
}
