/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * drivers.c - the drivers built into iokitd.  Each driver file in
 * servers/iokit/drivers/ defines one struct iokitd_driver (iokit/driver.h); the
 * references below are weak, so the server links whichever of them exist
 * and skips the rest.  Their init adds personalities before any nub is
 * published.
 */
#include "server.h"

extern const struct iokitd_driver virtio_blk_driver __attribute__((weak));
extern const struct iokitd_driver virtio_rng_driver __attribute__((weak));
extern const struct iokitd_driver storage_driver __attribute__((weak));
extern const struct iokitd_driver uart16550_driver __attribute__((weak));
extern const struct iokitd_driver ps2kbd_driver __attribute__((weak));
extern const struct iokitd_driver cmosrtc_driver __attribute__((weak));

static const struct iokitd_driver *const builtin[] = {
	&virtio_blk_driver,
	&virtio_rng_driver,
	&storage_driver,
	&uart16550_driver,
	&ps2kbd_driver,
	&cmosrtc_driver,
};

/* Lock held. */
unsigned iokitd_drivers_init(struct io_catalog *cat)
{
	unsigned n = 0;
	for (size_t i = 0; i < ARRAY_SIZE(builtin); i++) {
		const struct iokitd_driver *d = builtin[i];
		if (!d || !d->init)
			continue;
		int err = d->init(cat);
		if (err)
			uprintf("iokitd: %s: built-in driver %s: init failed (%d)\n",
			        iokitd_instance(), d->name, err);
		else
			n++;
	}
	return n;
}
