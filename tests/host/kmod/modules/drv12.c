/* SPDX-License-Identifier: BSD-2-Clause */
/* drv12.c - a module driver (ABI 1.2), driven by tests/host/kmod/test_moddrv.c.
 * WidgetDriver takes the platform nub "widget" at io-base 0x300: probe adds
 * the nub's interrupt line to its score, start sets two properties and
 * publishes a nub "widget-port" whose "kind" is the string "7", which the
 * module's second driver, WidgetChild (default probe and stop), takes.
 * The drv12_* variables let the test steer and observe it. */
#include <iokit/glue.h>

IOKIT_MODULE(
	.name = "drv12",
	.version = "1.2.0",
	.personalities = {
		{
			.driver_class = "WidgetDriver",
			.provider_class = "IOPlatformDevice",
			.match = "name=widget io-base=0x300",
			.init = "widget_driver",
			.probe_score = 500,
		},
		{
			.driver_class = "WidgetChild",
			.provider_class = "IOService",
			.match = "name=widget-port kind=\"7\"",
			.category = "child",
			.init = "child_driver",
			.probe_score = 10,
		},
	},
);

int drv12_probe_result;
int drv12_start_result;
int drv12_stops;
int drv12_child_starts;
char drv12_kind[8];

static int widget_probe(iokit_service_t *nub, int *score)
{
	uint64_t irq;

	if (iokit_service_get_number(nub, "interrupt", &irq) == IOKIT_OK)
		*score += (int)irq;
	return drv12_probe_result;
}

static int widget_start(iokit_service_t *self, iokit_service_t *nub)
{
	iokit_service_t *port;
	uint64_t base;
	int e;

	if (drv12_start_result)
		return drv12_start_result;
	if ((e = iokit_service_get_number(nub, "io-base", &base)) ||
	    (e = iokit_service_set_number(self, "widget-base", base + 1)) ||
	    (e = iokit_service_set_string(self, "widget-state", "running")) ||
	    (e = iokit_nub_create(self, "widget-port", iokit_service_location(nub), &port)) ||
	    (e = iokit_service_set_string(port, "kind", "7")) ||
	    (e = iokit_nub_publish(port)))
		return e;
	iokit_service_logf(self, "started at %s base 0x%x", iokit_service_location(nub),
			   (unsigned)base);
	return IOKIT_OK;
}

static void widget_stop(iokit_service_t *self, iokit_service_t *nub)
{
	drv12_stops++;
	iokit_service_logf(self, "stopped on %s", iokit_service_name(nub));
}

static const struct iokit_driver_ops widget_ops = {
	.size = sizeof(widget_ops),
	.probe = widget_probe,
	.start = widget_start,
	.stop = widget_stop,
};

const struct iokit_driver_ops *widget_driver(void)
{
	return &widget_ops;
}

static int child_start(iokit_service_t *self, iokit_service_t *nub)
{
	(void)self;
	drv12_child_starts++;
	return iokit_service_get_string(nub, "kind", drv12_kind, sizeof(drv12_kind));
}

static const struct iokit_driver_ops child_ops = {
	.size = sizeof(child_ops),
	.start = child_start,
};

const struct iokit_driver_ops *child_driver(void)
{
	return &child_ops;
}

/* The MMIO helpers through the ABI table: writes 8, 16, 32 and 64 bits at
 * p, p+1, p+4, p+8 and returns the 64-bit read of p+8 plus the rest. */
uint64_t drv12_mmio(volatile void *p)
{
	volatile unsigned char *b = p;

	iokit_mmio_write8(b, 0x11);
	iokit_mmio_write16(b + 2, 0x2233);
	iokit_mmio_write32(b + 4, 0x44556677);
	iokit_mmio_write64(b + 8, 0x8899aabbccddeeffull);
	iokit_mmio_barrier();
	return iokit_mmio_read64(b + 8) + iokit_mmio_read32(b + 4) + iokit_mmio_read16(b + 2) +
	       iokit_mmio_read8(b);
}
