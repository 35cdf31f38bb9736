/* SPDX-License-Identifier: BSD-2-Clause */
/* badstart.c - a module whose module_start refuses: it is unloaded again. */
#include <iokit/glue.h>

IOKIT_MODULE(.name = "badstart", .version = "1.0");

int module_start(void)
{
	iokit_log("badstart: refusing to start");
	return -5;
}
