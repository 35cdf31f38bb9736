/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cmosrtc_hw.h - the MC146818-compatible CMOS real-time clock
 * (docs/IOKIT.md, "Platform drivers"): reading the date and time
 * consistently, in whatever format the clock keeps (BCD or binary, 12 or
 * 24 hours), and converting it to seconds since 1970-01-01 UTC.  Pure
 * code over a struct hwio whose base is the index port 0x70 (register 1
 * is the data port 0x71).
 */
#ifndef IOKIT_DRIVERS_CMOSRTC_HW_H
#define IOKIT_DRIVERS_CMOSRTC_HW_H

#include <stdbool.h>
#include <stdint.h>
#include "charstream_io.h"
#include "iokit/core/object.h"

enum {
	RTC_SEC = 0x00, RTC_MIN = 0x02, RTC_HOUR = 0x04, RTC_WDAY = 0x06,
	RTC_MDAY = 0x07, RTC_MON = 0x08, RTC_YEAR = 0x09,
	RTC_REG_A = 0x0a, RTC_REG_B = 0x0b, RTC_REG_C = 0x0c,
	RTC_CENTURY = 0x32,             /* where PC BIOSes keep it (ACPI FADT default) */
};

#define RTC_A_UIP    0x80           /* an update is in progress: do not read */
#define RTC_B_24H    0x02
#define RTC_B_BINARY 0x04
#define RTC_HOUR_PM  0x80           /* 12-hour mode */

/* The clock's registers as read, before conversion. */
struct rtc_raw {
	uint8_t sec, min, hour, mday, mon, year, century, reg_b;
};

struct rtc_time {
	unsigned year, mon, mday, hour, min, sec;       /* mon 1..12, mday 1..31 */
};

/* Read all registers twice, each time after UIP is clear, until two reads
 * agree (at most a few tries): IO_OK, or IO_EBUSY if the clock never
 * settled. */
int rtc_read_raw(const struct hwio *io, struct rtc_raw *raw);
/* BCD or binary and 12 or 24 hours as reg_b says; a century register that
 * holds 19..29 is used, else years 70..99 are 19xx and 0..69 20xx.
 * IO_OK, or IO_EINVAL for values no clock can hold (a bad BCD digit,
 * month 13, ...). */
int rtc_convert(const struct rtc_raw *raw, struct rtc_time *t);
/* Seconds since 1970-01-01 00:00:00 UTC (the clock is taken as UTC). */
uint64_t rtc_epoch(const struct rtc_time *t);
/* Both steps: IO_OK and *epoch, or the error of either. */
int rtc_read_epoch(const struct hwio *io, uint64_t *epoch, struct rtc_time *t);

#endif
