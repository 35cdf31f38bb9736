/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rngtest - a client component of the virtio-rng driver's stream (rng0,
 * kind "rng", cstream.idl; docs/IOKIT.md "virtio-rng"), for
 * tests/qemu/rng/run.py.  Uses the route `rng`.
 *
 *   mode=read   open rng0 and by kind, the refused calls (write, a read of
 *               more than 256 bytes, a made-up handle, another stream),
 *               1 KiB read twice (not all zero, different, many byte
 *               values), 16 KiB more (four times the driver's pool, so it
 *               must ask the device again and again), and the counters
 *   mode=stall  QEMU's device gives max=N bytes every 3 s and nothing in
 *               between: the stream gives at most N bytes, then fails
 *               with CSTREAM_E_IO after the driver's timeout (1 s), gives
 *               bytes again once the device answers, and counts the stall
 *
 * Prints `TEST rng/client/<mode>/<name> PASS|FAIL reason` lines, then
 * `rngtest: done RNGTEST-END`.
 */
#include "urt.h"
#include "cstream.h"
#include "charstream_proto.h"

#define OPEN_WAIT_US 10000000   /* iokitd may still be starting its drivers */
#define KIB 1024
#define RECOVER_WAIT_US 8000000 /* stall.comp's device: a new quota every 3 s */

static char mode[16];           /* the argument mode=: names the tests */

static void result(const char *name, bool ok, const char *why)
{
	if (ok)
		uprintf("TEST rng/client/%s/%s PASS\n", mode, name);
	else
		uprintf("TEST rng/client/%s/%s FAIL %s\n", mode, name, why);
}

static dbt_word_t open_wait(dbt_slot_t ep, const char *name, dbt_word_t *h, dbt_word_t *fl)
{
	dbt_word_t err;
	uint64_t deadline = urt_now_us() + OPEN_WAIT_US;
	while ((err = cstream_open(ep, name, strlen(name), h, fl)) == CSTREAM_E_NOSTREAM &&
	       urt_now_us() < deadline)
		urt_sleep_us(50000);
	return err;
}

/* n bytes in reads of at most 256, each waiting up to a second: 0 or the
 * first error (*got: how many came). */
static dbt_word_t read_full(dbt_slot_t ep, dbt_word_t h, uint8_t *buf, size_t n, size_t *got)
{
	dbt_word_t err = 0;
	*got = 0;
	while (!err && *got < n) {
		dbt_word_t c = 0, want = n - *got < CSTREAM_IO_MAX ? n - *got : CSTREAM_IO_MAX;
		err = cstream_read(ep, h, want, 1000000, buf + *got, &c);
		if (!err && !c)
			err = (dbt_word_t)-1;   /* a second without a byte */
		*got += err ? 0 : c;
	}
	return err;
}

static bool all_zero(const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

static unsigned distinct(const uint8_t *b, size_t n)
{
	bool seen[256] = { false };
	unsigned k = 0;
	for (size_t i = 0; i < n; i++)
		if (!seen[b[i]]) {
			seen[b[i]] = true;
			k++;
		}
	return k;
}

static void refused(dbt_slot_t ep, dbt_word_t h)
{
	uint8_t buf[8];
	dbt_word_t w, n, h2, fl;
	result("write_refused", cstream_write(ep, h, "x", 1, &w) == CSTREAM_E_READONLY,
	       "a write was taken");
	result("read_too_long", cstream_read(ep, h, 300, 0, buf, &n) == DBT_IDL_E_RANGE ||
	       cstream_read(ep, h, 300, 0, buf, &n) == CSTREAM_E_RANGE, "a 300-byte read was taken");
	result("bad_handle", cstream_read(ep, h ^ 0x4200, 1, 0, buf, &n) == CSTREAM_E_BADHANDLE,
	       "a made-up handle was taken");
	result("route_grants_rng_only", cstream_open(ep, "com2", 4, &h2, &fl) == CSTREAM_E_NOSTREAM,
	       "the rng route opened com2");
	result("open_by_kind", !cstream_open(ep, "rng", 3, &h2, &fl) && fl == CSTREAM_F_READ &&
	       !cstream_close(ep, h2), "cannot open by the kind rng");
}

static void mode_read(dbt_slot_t ep)
{
	static uint8_t a[KIB], b[KIB], more[16 * KIB];
	dbt_word_t h, fl;
	size_t got_a, got_b, got_m;
	dbt_word_t err = open_wait(ep, "rng0", &h, &fl);
	result("open", !err && fl == CSTREAM_F_READ, "cannot open rng0 read-only");
	if (err)
		return;
	refused(ep, h);
	dbt_word_t ea = read_full(ep, h, a, KIB, &got_a), eb = read_full(ep, h, b, KIB, &got_b);
	uprintf("rngtest: first bytes %02x %02x %02x %02x, then %02x %02x %02x %02x\n",
		a[0], a[1], a[2], a[3], b[0], b[1], b[2], b[3]);
	result("read_1k_twice", !ea && !eb && got_a == KIB && got_b == KIB, "short reads");
	result("not_all_zero", !all_zero(a, KIB) && !all_zero(b, KIB), "a kibibyte of zeros");
	result("differ", memcmp(a, b, KIB) != 0, "the same kibibyte twice");
	unsigned k = distinct(a, KIB);
	result("byte_values", k > 200, "fewer than 201 byte values in 1 KiB");
	uint64_t t0 = urt_now_us();
	err = read_full(ep, h, more, sizeof(more), &got_m);
	uint64_t ms = (urt_now_us() - t0) / 1000;
	uprintf("rngtest: 16 KiB in %lu ms\n", (unsigned long)ms);
	result("refill", !err && got_m == sizeof(more) && !all_zero(more + 15 * KIB, KIB),
	       "16 KiB did not come");
	dbt_word_t rx = 0, tx = 0, ovr = 1, errs = 1, drop = 1;
	err = cstream_status(ep, h, &rx, &tx, &ovr, &errs, &drop);
	uprintf("rngtest: status rx %lu tx %lu errors %lu dropped %lu\n", (unsigned long)rx,
		(unsigned long)tx, (unsigned long)errs, (unsigned long)drop);
	result("status", !err && tx >= 18 * KIB && rx >= tx && errs == 0,
	       "counters: fewer bytes than read, or errors");
	result("close", !cstream_close(ep, h) && cstream_close(ep, h) == CSTREAM_E_BADHANDLE,
	       "close twice");
}

/* After the stall: bytes again once the device's quota comes back. */
static void stall_recovers(dbt_slot_t ep, dbt_word_t h, size_t max)
{
	uint8_t buf[CSTREAM_IO_MAX];
	dbt_word_t n = 0, err = 0;
	uint64_t t0 = urt_now_us();
	while (!n && urt_now_us() - t0 < RECOVER_WAIT_US) {
		err = cstream_read(ep, h, max, 1000000, buf, &n);
		if (err || !n)
			urt_sleep_us(100000);   /* E_IO at once while stalled */
	}
	uprintf("rngtest: %lu bytes again after %lu ms\n", (unsigned long)n,
		(unsigned long)((urt_now_us() - t0) / 1000));
	result("recovers", n > 0 && n <= max && !all_zero(buf, n),
	       "no bytes once the device answered again");
}

static void mode_stall(dbt_slot_t ep, size_t max)
{
	static uint8_t buf[4 * KIB];
	dbt_word_t h, fl;
	size_t got;
	dbt_word_t err = open_wait(ep, "rng0", &h, &fl);
	result("open", !err, "cannot open rng0");
	if (err)
		return;
	uint64_t t0 = urt_now_us();
	err = read_full(ep, h, buf, sizeof(buf), &got);
	uint64_t ms = (urt_now_us() - t0) / 1000;
	uprintf("rngtest: %lu bytes, then error 0x%lx after %lu ms\n", (unsigned long)got,
		(unsigned long)err, (unsigned long)ms);
	result("bytes", got > 0 && got <= max, "more bytes than the device's quota");
	result("io_error", err == CSTREAM_E_IO, "not CSTREAM_E_IO");
	result("in_time", ms < 2500, "the read waited too long");
	stall_recovers(ep, h, max);
	dbt_word_t rx = 0, tx, ovr, errs = 0, drop;
	err = cstream_status(ep, h, &rx, &tx, &ovr, &errs, &drop);
	result("counted", !err && errs >= 1, "the stall is not counted");
	cstream_close(ep, h);
}

int main(const struct dbt_bootinfo *bi)
{
	(void)bi;
	char num[16];
	dbt_slot_t ep = urt_service("rng");
	if (!urt_arg("mode", mode, sizeof(mode)))
		strlcpy(mode, "read", sizeof(mode));
	result("route", ep != 0, "no route rng");
	if (ep && !strcmp(mode, "stall"))
		mode_stall(ep, urt_arg("max", num, sizeof(num)) ? strtoul(num, NULL, 0) : 0);
	else if (ep)
		mode_read(ep);
	uprintf("rngtest: done RNGTEST-END\n");
	return 0;
}
