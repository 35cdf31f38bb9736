/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kdb.h - the kernel debugger on the serial console.
 * Entered by typing Ctrl-K twice on the serial console, by
 * DBT_SYS_DEBUG_ENTER, or on panic.  Interrupts stay off while it runs.
 */
#ifndef KERNEL_KDB_H
#define KERNEL_KDB_H

#include "types.h"

#define KDB_IRQ_LINE 4                  /* COM1's ISA interrupt line */

void kdb_enter(const char *why);
void kdb_serial_irq(void);              /* COM1 received data */
bool kdb_irq_free(unsigned line);       /* the line is not the debugger's */

/* Console input that is not the debugger's key sequence is kept for user
 * level (the composer's management console). */
#define KDB_READ_MAX DBT_DEBUG_READ_MAX
struct cap;
size_t kdb_input_read(char *buf, size_t max);
void kdb_input_bind(struct cap *notification);   /* NULL: unbind */

#endif
