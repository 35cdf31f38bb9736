/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * serclient - a client component of the character-stream interface
 * (cstream.idl; docs/IOKIT.md, "Platform drivers"), for the composed
 * legacy test (tests/qemu/legacy/echo.comp, run by tests/qemu/legacy/run.py).
 *
 * With a route `tty` (a serial service of iokitd) it echoes `echo=N`
 * bytes the host writes into COM2; with `keys` (a keyboard service) it
 * reads typed characters up to a newline; with `clock` (an RTC service)
 * it reads the time line and checks it against `rtc=EPOCH`.  Before that
 * it checks what its routes do not grant.  Prints `TEST serclient/<name>
 * PASS|FAIL` lines, `SERCLIENT ... READY` lines for the host script, and
 * finally `serclient: done`.
 */
#include "urt.h"
#include "cstream.h"
#include "charstream_proto.h"

#define OPEN_WAIT_US 10000000   /* iokitd may still be starting its drivers */

static unsigned failures;

static void result(const char *name, bool ok, const char *why)
{
	if (ok) {
		uprintf("TEST serclient/%s PASS\n", name);
	} else {
		failures++;
		uprintf("TEST serclient/%s FAIL %s\n", name, why);
	}
}

static uint64_t arg_num(const char *key, uint64_t def)
{
	char buf[32];
	return urt_arg(key, buf, sizeof(buf)) ? strtoul(buf, NULL, 0) : def;
}

/* Open `name` through route ep, retrying while the stream is not there
 * yet; the last error, or 0 with *h. */
static dbt_word_t open_wait(dbt_slot_t ep, const char *name, dbt_word_t *h)
{
	dbt_word_t fl, err;
	uint64_t deadline = urt_now_us() + OPEN_WAIT_US;
	while ((err = cstream_open(ep, name, strlen(name), h, &fl)) == CSTREAM_E_NOSTREAM &&
	       urt_now_us() < deadline)
		urt_sleep_us(50000);
	return err;
}

/* What the routes do not reach. */
static void check_grants(dbt_slot_t tty, dbt_slot_t keys)
{
	dbt_word_t h, fl, n;
	char buf[8];
	result("no_route_no_slot", urt_service("nosuch") == 0, "a slot for a route not granted");
	if (keys) {
		dbt_word_t err = cstream_open(keys, "com2", 4, &h, &fl);
		result("kbd_route_no_serial", err == CSTREAM_E_NOSTREAM, "keys opened com2");
	}
	if (tty) {
		dbt_word_t err = cstream_open(tty, "kbd0", 4, &h, &fl);
		result("tty_route_no_kbd", err == CSTREAM_E_NOSTREAM, "tty opened kbd0");
		err = cstream_read(tty, 0x4242, 1, 0, buf, &n);
		result("bad_handle", err == CSTREAM_E_BADHANDLE, "a made-up handle was taken");
		err = cstream_open(tty, "com2", 4, &h, &fl);
		dbt_word_t err2 = err ? err : cstream_read(tty, h, 100000, 0, buf, &n);
		result("read_too_long", err2 == CSTREAM_E_RANGE, "a 100000-byte read was taken");
		if (!err)
			cstream_close(tty, h);
	}
}

static void echo(dbt_slot_t tty)
{
	dbt_word_t h, n, w, err = open_wait(tty, "serial", &h);
	uint8_t buf[CSTREAM_IO_MAX];
	uint64_t want = arg_num("echo", 0), total = 0;
	result("tty_open", !err, "cannot open a serial stream");
	if (err)
		return;
	uprintf("SERCLIENT ECHO READY %lu\n", (unsigned long)want);
	uint64_t deadline = urt_now_us() + 30000000;
	while (!err && total < want && urt_now_us() < deadline) {
		err = cstream_read(tty, h, sizeof(buf), 200000, buf, &n);
		for (dbt_word_t off = 0; !err && off < n; off += w)
			err = cstream_write(tty, h, buf + off, n - off, &w);
		total += err ? 0 : n;
	}
	dbt_word_t rx = 0, tx, ovr = 1, errs = 1, drop = 1;
	cstream_status(tty, h, &rx, &tx, &ovr, &errs, &drop);
	uprintf("SERCLIENT ECHO DONE %lu bytes (rx %lu overruns %lu errors %lu dropped %lu)\n",
	        (unsigned long)total, (unsigned long)rx, (unsigned long)ovr,
	        (unsigned long)errs, (unsigned long)drop);
	result("tty_echo", !err && total == want, "fewer bytes echoed than the host sent");
	result("tty_status", rx >= want && ovr == 0 && errs == 0 && drop == 0, "counters");
	cstream_close(tty, h);
}

static void keys(dbt_slot_t ep)
{
	char got[64], want[64];
	dbt_word_t h, n, err = open_wait(ep, "kbd", &h);
	size_t len = 0;
	result("kbd_open", !err, "cannot open the keyboard");
	if (err)
		return;
	if (!urt_arg("keys", want, sizeof(want)))
		want[0] = 0;
	uprintf("SERCLIENT KBD READY\n");
	uint64_t deadline = urt_now_us() + 30000000;
	while (!err && len < sizeof(got) - 1 && (!len || got[len - 1] != '\n') &&
	       urt_now_us() < deadline) {
		err = cstream_read(ep, h, sizeof(got) - 1 - len, 200000, got + len, &n);
		len += err ? 0 : n;
	}
	got[len] = 0;
	if (len && got[len - 1] == '\n')
		got[--len] = 0;
	uprintf("SERCLIENT KBD GOT \"%s\"\n", got);
	result("kbd_typed", !strcmp(got, want), "other characters than typed");
	cstream_close(ep, h);
}

static void read_clock(dbt_slot_t ep)
{
	char line[64];
	dbt_word_t h, n, err = open_wait(ep, "rtc0", &h);
	uint64_t want = arg_num("rtc", 0);
	result("rtc_open", !err, "cannot open rtc0");
	if (err)
		return;
	err = cstream_read(ep, h, sizeof(line) - 1, 0, line, &n);
	line[err ? 0 : n] = 0;
	uprintf("SERCLIENT RTC %s", line);
	uint64_t said = n > 21 ? strtoul(line + 21, NULL, 10) : 0;
	result("rtc_time", !err && said >= want && said <= want + 120, "not the time QEMU set");
	cstream_close(ep, h);
}

int main(const struct dbt_bootinfo *bi)
{
	(void)bi;
	dbt_slot_t tty = urt_service("tty"), kbd = urt_service("keys"), clk = urt_service("clock");
	check_grants(tty, kbd);
	if (tty)
		echo(tty);
	if (kbd)
		keys(kbd);
	if (clk)
		read_clock(clk);
	uprintf("serclient: done (%u failed)\n", failures);
	return 0;
}
