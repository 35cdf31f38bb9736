/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * exampledrv.c - an example Darbat driver module, built out of tree with
 * the SDK:  cd <dir with this file> && make -f <darbat>/sdk/module.mk MODULE=exampledrv
 *
 * ExampleDriver drives the platform nub named "example" (a legacy device
 * the composition grants, see docs/IOKIT.md): probe declines a nub marked
 * "example-disabled", start records the nub's I/O ports (none for a
 * resource-less nub) in the driver's own properties and logs, stop logs.  The personality's init function hands the framework
 * the driver's ops.
 */
#include <iokit/glue.h>

IOKIT_MODULE(
	.name = "exampledrv",
	.version = "1.1.0",
	.personalities = {
		{
			.driver_class = "ExampleDriver",
			.provider_class = "IOPlatformDevice",
			.match = "name=example",
			.init = "example_driver",
			.probe_score = 100,
		},
	},
);

static unsigned started;

int module_start(void)
{
	iokit_log("exampledrv: loaded");
	return 0;
}

void module_stop(void)
{
	iokit_logf("exampledrv: unloading after %u start(s)", started);
}

/* A nub whose "example-disabled" is a non-zero number is left alone. */
static int example_probe(iokit_service_t *nub, int *score)
{
	uint64_t disabled;

	(void)score;
	if (iokit_service_get_number(nub, "example-disabled", &disabled) == IOKIT_OK && disabled)
		return IOKIT_ENODEV;
	return IOKIT_OK;
}

static int example_start(iokit_service_t *self, iokit_service_t *nub)
{
	uint64_t base = 0, count = 0;
	int e;

	iokit_service_get_number(nub, "io-base", &base);
	iokit_service_get_number(nub, "io-count", &count);
	if ((e = iokit_service_set_number(self, "example-ports", count)) ||
	    (e = iokit_service_set_string(self, "example-state", "running")))
		return e;
	started++;
	iokit_service_logf(self, "driving %s@%s: %u ports at 0x%x", iokit_service_name(nub),
			   iokit_service_location(nub), (unsigned)count, (unsigned)base);
	return IOKIT_OK;
}

static void example_stop(iokit_service_t *self, iokit_service_t *nub)
{
	(void)nub;
	iokit_service_logf(self, "stopped");
}

static const struct iokit_driver_ops example_ops = {
	.size = sizeof(example_ops),
	.probe = example_probe,
	.start = example_start,
	.stop = example_stop,
};

const struct iokit_driver_ops *example_driver(void)
{
	return &example_ops;
}
