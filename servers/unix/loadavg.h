/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * loadavg.h - the load averages (loadavg.c) and the thread counts they
 * come from.
 */
#ifndef UNIX_LOADAVG_H
#define UNIX_LOADAVG_H

#include <stdint.h>

#define LOADAVG_FSHIFT  11                      /* Linux's FSHIFT */
#define LOADAVG_FIXED_1 (1ul << LOADAVG_FSHIFT) /* 1.0 */

/* Threads running (not waiting in a call, not stopped), all threads, and
 * the highest pid in use. */
void threads_count(unsigned *running, unsigned *total, int *last_pid);
/* Take the 5-second steps that have passed by now_ns (kernel clock). */
void loadavg_update(uint64_t now_ns);
/* The 1, 5 and 15-minute averages, up to date, in LOADAVG_FIXED_1 units. */
void loadavg_read(unsigned long avg[3]);

#endif
