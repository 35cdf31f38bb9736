/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * check.h - kernel invariant checks for fuzzing (kernel/check.c).
 *
 * Off unless "kcheck" is on the kernel command line; then the kernel
 * checks its data structures after every slow-path kernel call and panics,
 * naming the invariant, when one does not hold.  Off, it costs nothing
 * (the switch replaces the kernel-call table's entries).
 */
#ifndef KERNEL_CHECK_H
#define KERNEL_CHECK_H

#include "types.h"

struct task;

extern bool check_enabled;

/* Switch the checks on ("kcheck": kmain, before the first task exists). */
void check_init(bool on);
/* Write the guard after the last slot of t's new capability space. */
void check_cspace_seal(struct task *t);
/* Check the invariants (current: the thread about to return to user level). */
void check_after_call(void);
/* Check the run queues (sched-*: after each call, and before the idle loop halts). */
void check_sched(void);

#endif
