/*
 * exampledrv.c - an example Darbat driver module, built out of tree with
 * the SDK:  cd <dir with this file> && make -f <darbat>/sdk/module.mk MODULE=exampledrv
 * It logs on start and stop and offers one personality, for the platform
 * nub named "example".
 */
#include <iokit/glue.h>

IOKIT_MODULE(
	.name = "exampledrv",
	.version = "1.0.0",
	.personalities = {
		{
			.driver_class = "ExampleDriver",
			.provider_class = "IOPlatformDevice",
			.match = "name=example",
			.init = "example_class_init",
			.probe_score = 100,
		},
	},
);

static unsigned starts;

int module_start(void)
{
	starts++;
	iokit_log("exampledrv: started");
	return 0;
}

void module_stop(void)
{
	iokit_log("exampledrv: stopped");
}

/* Stands in for registering the ExampleDriver class: returns the start count. */
int example_class_init(void)
{
	return (int)starts;
}
