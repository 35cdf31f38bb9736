/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lt_rtc.c - the CMOS clock (legtest.h): QEMU starts it at a fixed time
 * (`-rtc base=2026-01-02T03:04:05`, passed to legtest as rtc=<epoch>), so
 * the time read must be that plus the seconds since QEMU started; the
 * same time must come out of every register format (BCD, binary, 12 and
 * 24 hours), and through the stream "rtc0".
 */
#include "legtest.h"

#define LT_RTC_SLACK 60         /* seconds from QEMU's start to the read */

static struct cmosrtc_dev *lt_rtc;

const char *lt_rtc_time(void)
{
	uint64_t want = lt_arg_num("rtc", 1767323045ull), epoch;
	struct rtc_time t;
	char date[24];
	CHECK(cmosrtc_dev_start(&lt_rtc, 0x70, NULL) == IO_OK);
	CHECK(cmosrtc_dev_now(lt_rtc, &epoch, &t) == IO_OK);
	cmosrtc_format(&t, date, sizeof(date));
	uprintf("legtest: rtc: %s = %lu (expected %lu + a few seconds)\n", date,
	        (unsigned long)epoch, (unsigned long)want);
	CHECK(epoch >= want && epoch <= want + LT_RTC_SLACK);
	return NULL;
}

static uint8_t cmos_get(uint8_t reg)
{
	hwio_out(&lt_rtc->io, 0, reg);
	return hwio_in(&lt_rtc->io, 1);
}

static void cmos_set(uint8_t reg, uint8_t v)
{
	hwio_out(&lt_rtc->io, 0, reg);
	hwio_out(&lt_rtc->io, 1, v);
}

/* Switch the clock to format `bits` of register B and read it; the
 * time must agree with the one before. */
static const char *read_in_format(uint8_t bits, uint64_t ref)
{
	uint64_t epoch;
	struct rtc_time t;
	urt_mutex_lock(&lt_rtc->lock);
	uint8_t b = cmos_get(RTC_REG_B);
	cmos_set(RTC_REG_B, (uint8_t)((b & ~(RTC_B_24H | RTC_B_BINARY)) | bits));
	urt_mutex_unlock(&lt_rtc->lock);
	int err = cmosrtc_dev_now(lt_rtc, &epoch, &t);
	urt_mutex_lock(&lt_rtc->lock);
	cmos_set(RTC_REG_B, b);
	urt_mutex_unlock(&lt_rtc->lock);
	uprintf("legtest: rtc: format %x: %lu\n", bits, (unsigned long)epoch);
	CHECK(err == IO_OK);
	CHECK(epoch >= ref && epoch <= ref + 2);
	return NULL;
}

const char *lt_rtc_formats(void)
{
	uint64_t ref;
	struct rtc_time t;
	const char *why = NULL;
	static const uint8_t formats[] = { 0, RTC_B_BINARY, RTC_B_24H, RTC_B_24H | RTC_B_BINARY };
	CHECK(lt_rtc);
	CHECK(cmosrtc_dev_now(lt_rtc, &ref, &t) == IO_OK);
	for (unsigned i = 0; i < sizeof(formats) && !why; i++)
		why = read_in_format(formats[i], ref);
	return why;
}

const char *lt_rtc_stream(void)
{
	struct cmosrtc_dev *d = NULL;
	dbt_word_t h, fl, n;
	char line[64], date[24];
	uint64_t want = lt_arg_num("rtc", 1767323045ull), epoch;
	struct rtc_time t;
	cmosrtc_dev_stop(lt_rtc);       /* one owner of the ports at a time */
	lt_rtc = NULL;
	CHECK(cmosrtc_dev_start(&d, 0x70, "rtc0") == IO_OK);
	CHECK(cstream_open(lt_ep_rtc, "rtc0", 4, &h, &fl) == DBT_OK && fl == CSTREAM_F_READ);
	CHECK(cstream_open(lt_ep_serial, "rtc0", 4, &h, &fl) == CSTREAM_E_NOSTREAM);
	CHECK(cstream_read(lt_ep_rtc, h, sizeof(line) - 1, 0, line, &n) == DBT_OK);
	line[n] = 0;
	CHECK(cmosrtc_dev_now(d, &epoch, &t) == IO_OK);
	cmosrtc_format(&t, date, sizeof(date));
	uprintf("legtest: rtc0 says %s", line);
	CHECK(n == 32 && line[20] == ' ' && line[31] == '\n');
	uint64_t said = strtoul(line + 21, NULL, 10);
	CHECK(said >= want && said <= epoch && epoch - said <= 1);
	/* the date part is the epoch's, unless a second passed in between */
	CHECK(!memcmp(line, date, 20) || said != epoch);
	CHECK(cstream_close(lt_ep_rtc, h) == DBT_OK);
	cmosrtc_dev_stop(d);
	return NULL;
}
