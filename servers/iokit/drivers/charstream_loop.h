/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * charstream_loop.h - the work loop a character-stream device runs on
 * (16550, PS/2): the loop, a command gate for client calls, the device's
 * interrupt source (when it has an IRQ) and a poll timer that picks up what
 * an interrupt may not have announced.
 */
#ifndef IOKIT_DRIVERS_CHARSTREAM_LOOP_H
#define IOKIT_DRIVERS_CHARSTREAM_LOOP_H

#include "iokit/workloop/workloop.h"

struct cs_loop {
	struct iokit_workloop *loop;
	struct iokit_source *irq_src, *poll, *gate;
};

/* Loop, gate, interrupt source (irq 0: none) and poll timer (not armed);
 * IO_OK or the first error (what was made is freed by cs_loop_free). */
int cs_loop_create(struct cs_loop *l, dbt_slot_t irq, iokit_irq_handler_t *on_irq,
                   iokit_timer_fn_t *on_poll, void *arg);
/* No interrupt or poll handler runs after this returns. */
void cs_loop_quiesce(struct cs_loop *l);
/* Free the loop and its sources (unbinding the IRQ). */
void cs_loop_free(struct cs_loop *l);

#endif
