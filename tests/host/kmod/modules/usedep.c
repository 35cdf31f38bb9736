/* SPDX-License-Identifier: BSD-2-Clause */
/* usedep.c - depends on libdep and calls into it. */
#include <iokit/glue.h>

IOKIT_MODULE(.name = "usedep", .version = "1.0", .deps = { "libdep" });

extern int dep_calls;
int dep_twice(int x);

int usedep_run(int x)
{
	return dep_twice(x) + 1 + 100 * dep_calls;
}
