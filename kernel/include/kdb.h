/*
 * kdb.h - the kernel debugger on the serial console.
 * Entered by typing Ctrl-K twice on the serial console, by
 * DBT_SYS_DEBUG_ENTER, or on panic.  Interrupts stay off while it runs.
 */
#ifndef KERNEL_KDB_H
#define KERNEL_KDB_H

#include "types.h"

void kdb_enter(const char *why);
void kdb_serial_irq(void);              /* COM1 received data */
bool kdb_irq_free(unsigned line);       /* the line is not the debugger's */

#endif
