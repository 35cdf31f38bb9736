/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_rtc.c - host tests of the CMOS clock logic (cmosrtc_hw.c): formats
 * (BCD, binary, 12 and 24 hours, century), bad register values, the
 * epoch conversion, and reading against a simulated clock that updates in
 * the middle of a read.
 */
#include <string.h>
#include "harness.h"
#include "iokit/drivers/cmosrtc_hw.h"

static int conv(struct rtc_raw r, uint64_t *epoch)
{
	struct rtc_time t;
	int err = rtc_convert(&r, &t);
	if (!err)
		*epoch = rtc_epoch(&t);
	return err;
}

HTEST(bcd_24h)
{
	uint64_t e = 0;
	struct rtc_raw r = { 0x05, 0x04, 0x03, 0x02, 0x01, 0x26, 0x20, RTC_B_24H };
	CHECK(conv(r, &e) == IO_OK && e == 1767323045ull);      /* 2026-01-02T03:04:05Z */
}

HTEST(binary_24h_and_12h)
{
	uint64_t e = 0;
	struct rtc_raw r = { 5, 4, 3, 2, 1, 26, 20, RTC_B_24H | RTC_B_BINARY };
	CHECK(conv(r, &e) == IO_OK && e == 1767323045ull);
	r = (struct rtc_raw){ 5, 4, 3, 2, 1, 26, 20, RTC_B_BINARY };    /* 12h: 3 AM */
	CHECK(conv(r, &e) == IO_OK && e == 1767323045ull);
	r = (struct rtc_raw){ 0, 0, 12 | RTC_HOUR_PM, 31, 12, 99, 19, RTC_B_BINARY };  /* noon */
	CHECK(conv(r, &e) == IO_OK && e == 946641600ull);
	r = (struct rtc_raw){ 0x59, 0x59, 0x11 | RTC_HOUR_PM, 0x29, 0x02, 0x00, 0x20, 0 };  /* BCD 11 PM */
	CHECK(conv(r, &e) == IO_OK && e == 951868799ull);
	r = (struct rtc_raw){ 0, 0, 0x12, 0x01, 0x03, 0x24, 0x20, 0 };  /* 12 AM is midnight */
	CHECK(conv(r, &e) == IO_OK && e == 1709251200ull);
}

HTEST(century_fallback)
{
	uint64_t e = 0;
	/* no century register (reads 0xff): 26 -> 2026, 99 -> 1999 */
	struct rtc_raw r = { 0x05, 0x04, 0x03, 0x02, 0x01, 0x26, 0xff, RTC_B_24H };
	CHECK(conv(r, &e) == IO_OK && e == 1767323045ull);
	r = (struct rtc_raw){ 0, 0, 0x12, 0x31, 0x12, 0x99, 0x00, RTC_B_24H };
	CHECK(conv(r, &e) == IO_OK && e == 946641600ull);
}

HTEST(bad_values_refused)
{
	uint64_t e = 0;
	struct rtc_raw ok = { 0x05, 0x04, 0x03, 0x02, 0x01, 0x26, 0x20, RTC_B_24H };
	struct rtc_raw r = ok;
	r.sec = 0x5a;                   /* not BCD */
	CHECK(conv(r, &e) == IO_EINVAL);
	r = ok; r.mon = 0x13;
	CHECK(conv(r, &e) == IO_EINVAL);
	r = ok; r.mday = 0;
	CHECK(conv(r, &e) == IO_EINVAL);
	r = ok; r.hour = 0x24;
	CHECK(conv(r, &e) == IO_EINVAL);
	r = ok; r.reg_b = 0; r.hour = 0x13;     /* 12h mode, hour 13 */
	CHECK(conv(r, &e) == IO_EINVAL);
	r = ok; r.reg_b = RTC_B_BINARY | RTC_B_24H; r.min = 60;
	CHECK(conv(r, &e) == IO_EINVAL);
	r = ok; r.reg_b = 0xff; r.year = 0xff;  /* floating ports */
	CHECK(conv(r, &e) == IO_EINVAL);
}

/* A clock at 2026-01-02 03:04:59 that ticks to 03:05:00 after `tick_at`
 * register reads, with UIP set for a few reads before. */
struct simrtc {
	uint8_t idx, regs[128];
	unsigned reads, tick_at, uip_reads;
	bool never_settles;
};

static uint8_t r_in(void *ctx, unsigned reg)
{
	struct simrtc *s = ctx;
	(void)reg;
	s->reads++;
	if (s->reads == s->tick_at) {
		s->regs[RTC_SEC] = 0x00;
		s->regs[RTC_MIN] = 0x05;
	}
	if (s->never_settles)
		s->regs[RTC_SEC] = (uint8_t)((s->regs[RTC_SEC] + 1) & 0x07);
	if (s->idx == RTC_REG_A)
		return s->uip_reads && s->uip_reads-- ? RTC_A_UIP : 0;
	return s->regs[s->idx & 0x7f];
}

static void r_out(void *ctx, unsigned reg, uint8_t v)
{
	struct simrtc *s = ctx;
	(void)reg;
	s->idx = v;
}

static void sim_init(struct simrtc *s)
{
	memset(s, 0, sizeof(*s));
	s->regs[RTC_SEC] = 0x59; s->regs[RTC_MIN] = 0x04; s->regs[RTC_HOUR] = 0x03;
	s->regs[RTC_MDAY] = 0x02; s->regs[RTC_MON] = 0x01; s->regs[RTC_YEAR] = 0x26;
	s->regs[RTC_CENTURY] = 0x20; s->regs[RTC_REG_B] = RTC_B_24H;
}

HTEST(read_across_update)
{
	struct simrtc s;
	struct hwio io = { r_in, r_out, &s };
	uint64_t e = 0;
	struct rtc_time t;
	sim_init(&s);
	s.uip_reads = 3;
	s.tick_at = 5;          /* during the first read: it must not be taken */
	CHECK(rtc_read_epoch(&io, &e, &t) == IO_OK);
	CHECK(e == 1767323100ull && t.min == 5 && t.sec == 0);
	/* the tick between reading the seconds and the minutes of the second
	 * read: 03:05:59 was never the time, and must not come out */
	sim_init(&s);
	s.uip_reads = 3;
	s.tick_at = 15;
	CHECK(rtc_read_epoch(&io, &e, &t) == IO_OK);
	CHECK(e == 1767323100ull);
	sim_init(&s);
	s.never_settles = true;
	CHECK(rtc_read_epoch(&io, &e, &t) == IO_EBUSY);
	sim_init(&s);
	s.uip_reads = 1000000;  /* stuck in an update */
	CHECK(rtc_read_epoch(&io, &e, &t) == IO_EBUSY);
}
