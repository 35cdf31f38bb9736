/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ps2kbd.c - the PS/2 keyboard driver class IOPS2Keyboard (docs/IOKIT.md,
 * "Platform drivers"): matches the platform's "ps2" nub, initialises the
 * 8042 and its keyboard port (a controller that fails its self-test or a
 * keyboard that does not answer is declined with IO_ENODEV) and publishes
 * the characters typed as the read-only stream "kbd0", the key events as
 * "kbdev0" (3-byte records, ps2kbd_dev.h).
 *
 * Registry properties of a started driver: "stream", "event-stream",
 * "scancode-set" (1: the controller translates).
 */
#include "urt.h"
#include "iokit/driver.h"
#include "ps2kbd_dev.h"

struct io_ps2keyboard {
	struct io_service svc;
	struct ps2kbd_dev *dev;
};

static int kbd_start_svc(struct io_service *self, struct io_service *provider)
{
	struct io_ps2keyboard *me = (struct io_ps2keyboard *)self;
	struct iokit_platform_device *nub = io_cast(provider, &IOPlatformDevice_class);
	if (!nub || nub->io_count < 5)
		return IO_ENODEV;
	int err = ps2kbd_dev_start(&me->dev, nub->io_base, nub->irq, "kbd0", "kbdev0");
	if (err)
		return err;
	io_dict_set_string(self->props, "stream", "kbd0");
	io_dict_set_string(self->props, "event-stream", "kbdev0");
	io_dict_set_number(self->props, "scancode-set", 1);
	uprintf("iokitd: %s: %s at %x: irq %d, stream kbd0\n", iokitd_instance(), self->name,
	        nub->io_base, nub->irq_line);
	return IO_OK;
}

static void kbd_stop_svc(struct io_service *self, struct io_service *provider)
{
	struct io_ps2keyboard *me = (struct io_ps2keyboard *)self;
	(void)provider;
	ps2kbd_dev_stop(me->dev);
	me->dev = NULL;
}

/* Probing means initialising the controller, which start does: a probe
 * here would reset it twice. */
static const struct io_service_methods kbd_methods = {
	.start = kbd_start_svc, .stop = kbd_stop_svc,
};

const struct io_class IOPS2Keyboard_class = {
	.name = "IOPS2Keyboard", .super = &IOService_class,
	.size = sizeof(struct io_ps2keyboard), .methods = &kbd_methods,
};

static int kbd_init(struct io_catalog *cat)
{
	const struct io_personality_desc p = {
		.name = "IOPS2Keyboard",
		.driver_class = &IOPS2Keyboard_class,
		.provider_class = &IOPlatformDevice_class,
		.name_match = { "ps2" },
		.score = 1000,
	};
	charstream_services_start();
	return io_catalog_add(cat, &p);
}

const struct iokitd_driver ps2kbd_driver = { "ps2kbd", kbd_init };
