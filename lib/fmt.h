/* SPDX-License-Identifier: BSD-2-Clause */
/* fmt.h - printf-style formatting shared by the kernel and user programs. */
#ifndef DARBAT_LIB_FMT_H
#define DARBAT_LIB_FMT_H

#include <stdarg.h>
#include <stddef.h>

int vsnfmt(char *buf, size_t size, const char *fmt, va_list ap);
int snfmt(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void vcbfmt(void (*put)(char c, void *arg), void *arg, const char *fmt, va_list ap);

#endif
