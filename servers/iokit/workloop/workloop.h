/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * iokit/workloop/workloop.h - work loops and event sources (docs/IOKIT.md,
 * "Work loops").
 *
 * A work loop is one thread that serialises everything a driver stack does.
 * It waits on one kernel notification (its wake-up) with a timeout for the
 * earliest armed timer.  Event sources attach to a loop:
 *   interrupt sources  an IRQ capability bound to the loop's notification
 *                      with its own badge bit; the handler runs on the loop,
 *                      then the loop acknowledges the IRQ (dbt_irq_ack)
 *   timer sources      one-shot at an absolute or relative time, re-armable,
 *                      cancellable; the callback runs on the loop
 *   command gates      iokit_gate_run(gate, fn, arg) runs fn on the loop and
 *                      returns its result, from any thread (directly when
 *                      called on the loop thread itself)
 * All source operations (enable, disable, arm, cancel, remove) called from
 * another thread are carried out on the loop through its internal gate, so
 * on return no handler of the source is running.  Errors are IO_OK or a
 * negative IO_E* code (iokit/core/object.h).
 */
#ifndef IOKIT_WORKLOOP_H
#define IOKIT_WORKLOOP_H

#include <stdbool.h>
#include <stdint.h>
#include <darbat/abi.h>
#include "iokit/core/object.h"

struct iokit_workloop;
struct iokit_source;

typedef void iokit_irq_handler_t(struct iokit_source *src, void *arg);
typedef void iokit_timer_fn_t(struct iokit_source *src, void *arg);
typedef int iokit_action_t(void *arg);

/* The maximum number of interrupt sources on one loop (badge bits 1..63). */
#define IOKIT_WL_MAX_IRQS 63

/* Create a loop whose thread runs at prio (URT_PRIO_INHERIT: the caller's).
 * IO_OK and *loop, or IO_ENOMEM. */
int iokit_workloop_create(struct iokit_workloop **loop, int prio);
/* Stop the loop (pending gate calls return IO_ESTATE), join its thread,
 * unbind its IRQs and free it with every source still attached (the IRQ
 * capabilities themselves stay the caller's).  On the loop thread itself it
 * returns IO_ESTATE and changes nothing. */
int iokit_workloop_free(struct iokit_workloop *loop);
/* True when the caller is the loop's thread. */
bool iokit_workloop_in_loop(const struct iokit_workloop *loop);

/* Interrupt source: irq is an IRQ capability (dbt_irq_get) of the caller,
 * bound to the loop until the source is removed.  Created enabled. */
int iokit_irq_source_create(struct iokit_workloop *loop, dbt_slot_t irq,
                            iokit_irq_handler_t *handler, void *arg,
                            struct iokit_source **src);
/* Interrupts delivered to a source so far (handlers run). */
uint64_t iokit_irq_source_count(const struct iokit_source *src);

/* Timer source, created enabled and disarmed. */
int iokit_timer_create(struct iokit_workloop *loop, iokit_timer_fn_t *fn, void *arg,
                       struct iokit_source **src);
/* Arm at an absolute time (urt_now_us clock) or after delay_us; re-arming
 * moves the deadline. */
int iokit_timer_arm_at(struct iokit_source *src, uint64_t deadline_us);
int iokit_timer_arm_us(struct iokit_source *src, uint64_t delay_us);
/* Disarm; 1 if it was armed, 0 if not (negative: error).  On return the
 * callback is not running (unless called from the callback itself). */
int iokit_timer_cancel(struct iokit_source *src);

/* Command gate, created enabled. */
int iokit_gate_create(struct iokit_workloop *loop, struct iokit_source **gate);
/* Run fn(arg) on the loop and return its result.  IO_ESTATE (fn not run) if
 * the gate is disabled or the loop is stopping: keep that value out of fn's
 * results. */
int iokit_gate_run(struct iokit_source *gate, iokit_action_t *fn, void *arg);

/* Any source: a disabled interrupt source leaves the line masked (not
 * acknowledged) and delivers the interrupt that came meanwhile when enabled
 * again; a disabled timer does not fire (a deadline that passed meanwhile
 * fires on enable); a disabled gate refuses calls. */
int iokit_source_enable(struct iokit_source *src);
int iokit_source_disable(struct iokit_source *src);
/* Detach (unbinding an IRQ) and free the source. */
int iokit_source_remove(struct iokit_source *src);

#endif
