/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cmosrtc.c - the CMOS clock driver class IOCMOSClock (docs/IOKIT.md,
 * "Platform drivers"): matches the platform's "rtc" nub, declines
 * (IO_ENODEV) when no clock gives a valid time, and publishes the time at
 * start as registry properties - "time" (seconds since 1970 UTC) and
 * "date" (ISO 8601) - and the current time to clients as the read-only
 * stream "rtc0".
 */
#include "urt.h"
#include "iokit/driver.h"
#include "cmosrtc_dev.h"

struct io_cmosclock {
	struct io_service svc;
	struct cmosrtc_dev *dev;
};

static int rtc_start_svc(struct io_service *self, struct io_service *provider)
{
	struct io_cmosclock *me = (struct io_cmosclock *)self;
	struct iokit_platform_device *nub = io_cast(provider, &IOPlatformDevice_class);
	uint64_t epoch;
	struct rtc_time t;
	char date[24];
	if (!nub || nub->io_count < 2)
		return IO_ENODEV;
	int err = cmosrtc_dev_start(&me->dev, nub->io_base, "rtc0");
	if (!err && cmosrtc_dev_now(me->dev, &epoch, &t)) {
		cmosrtc_dev_stop(me->dev);
		me->dev = NULL;
		err = IO_ENODEV;
	}
	if (err)
		return err;
	cmosrtc_format(&t, date, sizeof(date));
	io_dict_set_number(self->props, "time", epoch);
	io_dict_set_string(self->props, "date", date);
	io_dict_set_string(self->props, "stream", "rtc0");
	uprintf("iokitd: %s: %s at %x: %s (%lu)\n", iokitd_instance(), self->name, nub->io_base,
	        date, (unsigned long)epoch);
	return IO_OK;
}

static void rtc_stop_svc(struct io_service *self, struct io_service *provider)
{
	struct io_cmosclock *me = (struct io_cmosclock *)self;
	(void)provider;
	cmosrtc_dev_stop(me->dev);
	me->dev = NULL;
}

static const struct io_service_methods rtc_methods = {
	.start = rtc_start_svc, .stop = rtc_stop_svc,
};

const struct io_class IOCMOSClock_class = {
	.name = "IOCMOSClock", .super = &IOService_class,
	.size = sizeof(struct io_cmosclock), .methods = &rtc_methods,
};

static int rtc_init(struct io_catalog *cat)
{
	const struct io_personality_desc p = {
		.name = "IOCMOSClock",
		.driver_class = &IOCMOSClock_class,
		.provider_class = &IOPlatformDevice_class,
		.name_match = { "rtc" },
		.score = 1000,
	};
	charstream_services_start();
	return io_catalog_add(cat, &p);
}

const struct iokitd_driver cmosrtc_driver = { "cmosrtc", rtc_init };
