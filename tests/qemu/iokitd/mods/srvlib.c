/* SPDX-License-Identifier: BSD-2-Clause */
/* srvlib.c - a library module other test modules depend on (tests/qemu/iokitd/run.py). */
#include <iokit/glue.h>

IOKIT_MODULE(.name = "srvlib", .version = "1.0");

int srvlib_calls;

int srvlib_twice(int x)
{
	srvlib_calls++;
	return 2 * x;
}
