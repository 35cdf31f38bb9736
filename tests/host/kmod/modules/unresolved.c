/* SPDX-License-Identifier: BSD-2-Clause */
/* unresolved.c - calls a function the ABI does not export. */
#include <iokit/glue.h>

IOKIT_MODULE(.name = "unresolved", .version = "1.0");

void iokit_missing(void);

int module_start(void)
{
	iokit_missing();
	return 0;
}
