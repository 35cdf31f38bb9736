/* SPDX-License-Identifier: BSD-2-Clause */
/* v11.c - a library module built against ABI 1.1 (no personalities): it
 * still loads into the 1.2 framework, and calls a 1.1 function. */
#define IOKIT_BUILD_ABI_MINOR 1
#include <iokit/glue.h>

IOKIT_MODULE(.name = "v11", .version = "1.1.0");

/* Microseconds since boot, never 0 (checks the call reached the table). */
uint64_t v11_now(void)
{
	uint64_t t = iokit_uptime_us();

	return t ? t : 1;
}
