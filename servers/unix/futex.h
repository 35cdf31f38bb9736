/* SPDX-License-Identifier: BSD-2-Clause */
/* futex.h - fast user-space locks (futex.c). */
#ifndef UNIX_FUTEX_H
#define UNIX_FUTEX_H

#include <stdint.h>

struct proc;
/* Wake up to n threads of p waiting on the private futex at uaddr. */
int futex_wake_addr(struct proc *p, uint64_t uaddr, int n);
/* p is going: its waiters are gone with its threads (nothing to do but
 * a hook for shared futexes). */
void futex_proc_gone(struct proc *p);

#endif
