/* SPDX-License-Identifier: BSD-2-Clause */
/* libdep.c - a library module other modules depend on. */
#include <iokit/glue.h>

IOKIT_MODULE(.name = "libdep", .version = "2.1");

int dep_calls;

int dep_twice(int x)
{
	dep_calls++;
	return 2 * x;
}
