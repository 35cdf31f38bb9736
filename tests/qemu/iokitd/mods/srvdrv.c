/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * srvdrv.c - a driver module for the platform nub "srvtest" (the
 * composition's `platform=...,srvtest`): start marks the driver's entry
 * and logs, stop logs; tests/qemu/iokitd/run.py unloads and loads it again.
 */
#include <iokit/glue.h>

IOKIT_MODULE(
	.name = "srvdrv",
	.version = "0.3",
	.personalities = {
		{
			.driver_class = "SrvTestDriver",
			.provider_class = "IOPlatformDevice",
			.match = "name=srvtest",
			.init = "srvdrv_ops",
			.probe_score = 50,
		},
	},
);

static int srvdrv_start(iokit_service_t *self, iokit_service_t *nub)
{
	int e = iokit_service_set_string(self, "srvtest-state", "running");
	if (!e)
		iokit_service_logf(self, "srvdrv: driving %s", iokit_service_name(nub));
	return e;
}

static void srvdrv_stop(iokit_service_t *self, iokit_service_t *nub)
{
	(void)nub;
	iokit_service_logf(self, "srvdrv: stopped");
}

static const struct iokit_driver_ops ops = {
	.size = sizeof(ops),
	.start = srvdrv_start,
	.stop = srvdrv_stop,
};

const struct iokit_driver_ops *srvdrv_ops(void)
{
	return &ops;
}
