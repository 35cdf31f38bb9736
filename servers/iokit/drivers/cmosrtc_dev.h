/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cmosrtc_dev.h - the CMOS clock as a device: its registers behind a
 * lock (index and data ports must be used in pairs), and the read-only
 * character stream "rtc0" (kind "rtc") whose every read returns the
 * current time as one line, "2026-01-02T03:04:05Z 1767323045\n".  Used by
 * the driver class (cmosrtc.c) and the hardware test root task.
 */
#ifndef IOKIT_DRIVERS_CMOSRTC_DEV_H
#define IOKIT_DRIVERS_CMOSRTC_DEV_H

#include "urt.h"
#include "cmosrtc_hw.h"
#include "charstream.h"

struct cmosrtc_dev {
	urt_mutex_t lock;       /* guards the ports (index, then data) */
	uint16_t base;
	struct hwio io;
	uint64_t reads, errors;
	struct charstream *cs;
};

/* Check that a clock answers at base (a consistent, valid time), publish
 * the stream `name` (NULL: none).  IO_OK and *out, IO_ENODEV, IO_ENOMEM,
 * IO_EBUSY. */
int cmosrtc_dev_start(struct cmosrtc_dev **out, uint16_t base, const char *name);
void cmosrtc_dev_stop(struct cmosrtc_dev *d);
/* The time now: IO_OK, or the error of cmosrtc_hw.h. */
int cmosrtc_dev_now(struct cmosrtc_dev *d, uint64_t *epoch, struct rtc_time *t);
/* "YYYY-MM-DDTHH:MM:SSZ" (21 bytes with the NUL). */
void cmosrtc_format(const struct rtc_time *t, char *buf, size_t n);

#endif
