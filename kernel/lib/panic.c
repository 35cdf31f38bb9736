/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * panic.c - stop the kernel with a message and offer the debugger
 * (inspection only: a panicked kernel cannot continue).  The test harness
 * stops QEMU when it sees the "PANIC" line.
 */
#include <stdarg.h>
#include "types.h"
#include "kdb.h"

int vsnprintk(char *buf, size_t size, const char *fmt, va_list ap);

void kdb_panic_hook(void);
bool kdb_panic_enter = true;

void panic(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	__asm__ volatile("cli");
	va_start(ap, fmt);
	vsnprintk(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printk("\nPANIC: %s\n", buf);
	kdb_panic_hook();
	if (kdb_panic_enter)
		kdb_enter("panic");
	for (;;)
		__asm__ volatile("cli; hlt");
}
