/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * error.h (lib/comp, private) - the error list that parse.c and check.c
 * both write: each error is recorded as "file:line: message" in
 * sys->error[], kept sorted by line (stable), at most COMP_MAX_ERRORS;
 * the ones that do not fit are counted in sys->dropped.
 */
#ifndef DARBAT_LIB_COMP_ERROR_H
#define DARBAT_LIB_COMP_ERROR_H

#include <stdarg.h>
#include "comp.h"

void comp_verror(struct comp_system *sys, unsigned line, const char *fmt, va_list ap);
void comp_error(struct comp_system *sys, unsigned line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
