/* SPDX-License-Identifier: BSD-2-Clause */
/* badops.c - a 1.2 module whose init gives what badops_mode says, for the
 * refusals of tests/host/kmod/test_moddrv.c: 0 NULL, 1 ops too small, 2 ops
 * outside the module, 3 a start outside the module, 4 good ops. */
#include <iokit/glue.h>

IOKIT_MODULE(
	.name = "badops",
	.version = "1",
	.personalities = {
		{
			.driver_class = "BadDriver",
			.provider_class = "IOService",
			.match = "name=bad",
			.init = "bad_init",
		},
	},
);

int badops_mode;

static int good_start(iokit_service_t *self, iokit_service_t *nub)
{
	(void)self, (void)nub;
	return IOKIT_OK;
}

static const struct iokit_driver_ops good_ops = { .size = sizeof(good_ops), .start = good_start };
static const struct iokit_driver_ops small_ops = { .size = sizeof(size_t) };
static struct iokit_driver_ops stray_ops = { .size = sizeof(stray_ops) };

const struct iokit_driver_ops *bad_init(void)
{
	switch (badops_mode) {
	case 0:
		return NULL;
	case 1:
		return &small_ops;
	case 2:
		return (const struct iokit_driver_ops *)(uintptr_t)0x1000;
	case 3:
		stray_ops.start = (int (*)(iokit_service_t *, iokit_service_t *))(uintptr_t)iokit_log;
		return &stray_ops;
	default:
		return &good_ops;
	}
}
