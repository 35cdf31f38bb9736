/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cmosrtc_hw.c - reading the CMOS clock (cmosrtc_hw.h), after the
 * Motorola MC146818A datasheet: the clock copies its counters into the
 * registers once a second, and while UIP is set (up to 2 ms) they may be
 * half-updated.  Reading after UIP clears is not enough on its own (the
 * update may start during the read), so the whole set is read until two
 * reads in a row agree.
 */
#include "cmosrtc_hw.h"

#define RTC_UIP_POLLS 100000
#define RTC_TRIES     8

static uint8_t cmos(const struct hwio *io, uint8_t reg)
{
	hwio_out(io, 0, reg);
	return hwio_in(io, 1);
}

static bool wait_uip(const struct hwio *io)
{
	for (unsigned i = 0; i < RTC_UIP_POLLS; i++)
		if (!(cmos(io, RTC_REG_A) & RTC_A_UIP))
			return true;
	return false;
}

static void read_once(const struct hwio *io, struct rtc_raw *r)
{
	r->sec = cmos(io, RTC_SEC);
	r->min = cmos(io, RTC_MIN);
	r->hour = cmos(io, RTC_HOUR);
	r->mday = cmos(io, RTC_MDAY);
	r->mon = cmos(io, RTC_MON);
	r->year = cmos(io, RTC_YEAR);
	r->century = cmos(io, RTC_CENTURY);
	r->reg_b = cmos(io, RTC_REG_B);
}

static bool same(const struct rtc_raw *a, const struct rtc_raw *b)
{
	return a->sec == b->sec && a->min == b->min && a->hour == b->hour &&
	       a->mday == b->mday && a->mon == b->mon && a->year == b->year &&
	       a->century == b->century && a->reg_b == b->reg_b;
}

int rtc_read_raw(const struct hwio *io, struct rtc_raw *raw)
{
	struct rtc_raw prev;
	if (!wait_uip(io))
		return IO_EBUSY;
	read_once(io, &prev);
	for (unsigned i = 0; i < RTC_TRIES; i++) {
		if (!wait_uip(io))
			return IO_EBUSY;
		read_once(io, raw);
		if (same(raw, &prev))
			return IO_OK;
		prev = *raw;
	}
	return IO_EBUSY;
}

/* BCD to binary; false for a digit above 9. */
static bool bcd(uint8_t v, unsigned *out)
{
	if ((v & 0x0f) > 9 || (v >> 4) > 9)
		return false;
	*out = (v >> 4) * 10u + (v & 0x0f);
	return true;
}

static bool field(uint8_t v, bool binary, unsigned *out)
{
	if (binary) {
		*out = v;
		return true;
	}
	return bcd(v, out);
}

static bool convert_hour(const struct rtc_raw *raw, bool binary, unsigned *hour)
{
	bool pm = false;
	uint8_t h = raw->hour;
	if (!(raw->reg_b & RTC_B_24H)) {
		pm = h & RTC_HOUR_PM;
		h &= (uint8_t)~RTC_HOUR_PM;
	}
	if (!field(h, binary, hour))
		return false;
	if (!(raw->reg_b & RTC_B_24H)) {
		if (*hour < 1 || *hour > 12)
			return false;
		*hour = *hour % 12 + (pm ? 12 : 0);     /* 12 AM is 0, 12 PM is 12 */
	}
	return *hour < 24;
}

int rtc_convert(const struct rtc_raw *raw, struct rtc_time *t)
{
	bool binary = raw->reg_b & RTC_B_BINARY;
	unsigned yy, cc;
	if (!field(raw->sec, binary, &t->sec) || !field(raw->min, binary, &t->min) ||
	    !convert_hour(raw, binary, &t->hour) || !field(raw->mday, binary, &t->mday) ||
	    !field(raw->mon, binary, &t->mon) || !field(raw->year, binary, &yy))
		return IO_EINVAL;
	if (t->sec > 59 || t->min > 59 || t->mday < 1 || t->mday > 31 || t->mon < 1 ||
	    t->mon > 12 || yy > 99)
		return IO_EINVAL;
	if (field(raw->century, binary, &cc) && cc >= 19 && cc <= 29)
		t->year = cc * 100 + yy;
	else
		t->year = yy >= 70 ? 1900 + yy : 2000 + yy;
	return IO_OK;
}

/* Days from 1970-01-01 to y-m-d (proleptic Gregorian), by counting from
 * March so that the leap day is the last day of the year. */
static uint64_t days_from_civil(unsigned y, unsigned m, unsigned d)
{
	y -= m <= 2;
	unsigned era = y / 400;
	unsigned yoe = y - era * 400;
	unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (uint64_t)era * 146097 + doe - 719468;
}

uint64_t rtc_epoch(const struct rtc_time *t)
{
	return days_from_civil(t->year, t->mon, t->mday) * 86400u +
	       t->hour * 3600u + t->min * 60u + t->sec;
}

int rtc_read_epoch(const struct hwio *io, uint64_t *epoch, struct rtc_time *t)
{
	struct rtc_raw raw;
	int err = rtc_read_raw(io, &raw);
	if (!err)
		err = rtc_convert(&raw, t);
	if (!err)
		*epoch = rtc_epoch(t);
	return err;
}
