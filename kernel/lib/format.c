/* SPDX-License-Identifier: BSD-2-Clause */
/* format.c - the kernel log: printk over the shared formatter (lib/fmt.c). */
#include <stdarg.h>
#include "types.h"
#include "fmt.h"

void arch_console_putc(char c);

static void console_put(char c, void *arg)
{
	(void)arg;
	arch_console_putc(c);
}

void printk(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vcbfmt(console_put, NULL, fmt, ap);
	va_end(ap);
}

int vsnprintk(char *buf, size_t size, const char *fmt, va_list ap)
{
	return vsnfmt(buf, size, fmt, ap);
}

int snprintk(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnfmt(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
