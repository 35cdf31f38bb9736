/* SPDX-License-Identifier: BSD-2-Clause */
/* srvuser.c - depends on srvlib and calls into it when it starts. */
#include <iokit/glue.h>

IOKIT_MODULE(.name = "srvuser", .version = "1.0", .deps = { "srvlib" });

int srvlib_twice(int x);

int module_start(void)
{
	iokit_logf("srvuser: srvlib_twice(21) = %d", srvlib_twice(21));
	return 0;
}
