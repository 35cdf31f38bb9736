/* SPDX-License-Identifier: BSD-2-Clause */
/* oldabi.c - built against glue ABI 1.0 but with a driver personality,
 * which needs 1.2: the framework refuses it (and unloads it). */
#define IOKIT_BUILD_ABI_MINOR 0
#include <iokit/glue.h>

IOKIT_MODULE(
	.name = "oldabi",
	.version = "1.0",
	.personalities = {
		{
			.driver_class = "OldDriver",
			.provider_class = "IOPlatformDevice",
			.match = "name=srvtest",
			.init = "oldabi_init",
			.probe_score = 10,
		},
	},
);

int oldabi_init(void)
{
	return 1;
}
