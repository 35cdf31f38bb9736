/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * lt_kbd.c - the PS/2 keyboard on QEMU's 8042 (legtest.h): the
 * controller comes up, the stream is read-only and granted only by the
 * "kbd" service, and keys the host types through the QEMU monitor
 * (`sendkey`, tests/qemu/legacy/run.py) arrive as the characters expected.
 */
#include "legtest.h"

/* What run.py types: h e l l o spc shift-a kp_divide ctrl_r-c caps_lock b
 * caps_lock up ret (the arrow types nothing). */
static const char kbd_expect[] = "hello A/\x03" "B\n";

const char *lt_kbd_start(void)
{
	dbt_word_t h, fl, w;
	CHECK(ps2kbd_dev_start(&lt_kbd, LT_KBD, lt_irq1, "kbd0", "kbdev0") == IO_OK);
	CHECK(cstream_open(lt_ep_kbd, "kbd0", 4, &h, &fl) == DBT_OK && fl == CSTREAM_F_READ);
	CHECK(cstream_write(lt_ep_kbd, h, "x", 1, &w) == CSTREAM_E_READONLY);
	CHECK(cstream_close(lt_ep_kbd, h) == DBT_OK);
	CHECK(cstream_open(lt_ep_serial, "kbd0", 4, &h, &fl) == CSTREAM_E_NOSTREAM);
	CHECK(cstream_open(lt_ep_serial, "kbd", 3, &h, &fl) == CSTREAM_E_NOSTREAM);
	CHECK(cstream_open(lt_ep_kbd, "kbdev0", 6, &h, &fl) == CSTREAM_E_NOSTREAM);
	return NULL;
}

static bool has_record(const struct kbd_record *r, size_t n, uint8_t code, uint8_t flags,
                       uint8_t mods)
{
	for (size_t i = 0; i < n; i++)
		if (r[i].code == code && r[i].flags == flags && r[i].mods == mods)
			return true;
	return false;
}

/* The same keys as key events: 32 records, whole records only. */
const char *lt_kbd_events(void)
{
	struct kbd_record rec[40];
	dbt_word_t h, fl, n;
	CHECK(cstream_open(lt_ep_kbdev, "kbdev0", 6, &h, &fl) == DBT_OK && fl == CSTREAM_F_READ);
	CHECK(cstream_read(lt_ep_kbdev, h, 2, 0, rec, &n) == DBT_OK && n == 0);
	CHECK(cstream_read(lt_ep_kbdev, h, 4, 0, rec, &n) == DBT_OK && n == 3);
	CHECK(rec[0].code == 0x23 && rec[0].flags == KBD_REC_DOWN && rec[0].mods == 0);  /* h */
	CHECK(cstream_read(lt_ep_kbdev, h, sizeof(rec) - 3, 0, &rec[1], &n) == DBT_OK);
	size_t count = 1 + n / sizeof(rec[0]);
	CHECK(n % sizeof(rec[0]) == 0 && count == 32);
	CHECK(rec[1].code == 0x23 && rec[1].flags == 0);
	CHECK(has_record(rec, count, 0x1e, KBD_REC_DOWN, KBD_MOD_SHIFT));       /* shift-a */
	CHECK(has_record(rec, count, KBD_KEY_RCTRL, KBD_REC_DOWN, KBD_MOD_CTRL));
	CHECK(has_record(rec, count, KBD_KEY_KPDIV, KBD_REC_DOWN, 0));
	CHECK(has_record(rec, count, KBD_KEY_UP, KBD_REC_DOWN, 0));
	CHECK(has_record(rec, count, KBD_KEY_UP, 0, 0));
	CHECK(has_record(rec, count, 0x30, KBD_REC_DOWN, KBD_MOD_CAPS));        /* b */
	CHECK(rec[31].code == 0x1c && rec[31].flags == 0 && rec[31].mods == 0);  /* ret up */
	CHECK(cstream_close(lt_ep_kbdev, h) == DBT_OK);
	return NULL;
}

static void show(const char *s, size_t n, char *out, size_t outn)
{
	size_t k = 0;
	for (size_t i = 0; i < n && k + 5 < outn; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c < 0x7f)
			out[k++] = (char)c;
		else
			k += (size_t)snfmt(out + k, outn - k, "\\x%02x", c);
	}
	out[k] = 0;
}

const char *lt_kbd_typed(void)
{
	dbt_word_t h, fl, n;
	char got[64], shown[256];
	size_t len = 0;
	CHECK(lt_kbd);
	CHECK(cstream_open(lt_ep_kbd, "kbd", 3, &h, &fl) == DBT_OK);
	uprintf("LEGTEST KBD READY\n");
	uint64_t deadline = urt_now_us() + 30000000;
	while (len < sizeof(got) && (!len || got[len - 1] != '\n') && urt_now_us() < deadline) {
		CHECK(cstream_read(lt_ep_kbd, h, sizeof(got) - len, 200000, got + len, &n) == DBT_OK);
		len += n;
	}
	/* the release of the last key comes after its character */
	for (int i = 0; i < 100 && lt_kbd->nevents < 2 * 16; i++)
		urt_sleep_us(10000);
	show(got, len, shown, sizeof(shown));
	uprintf("LEGTEST KBD GOT \"%s\" (%lu key events)\n", shown,
	        (unsigned long)lt_kbd->nevents);
	CHECK(len == sizeof(kbd_expect) - 1 && !memcmp(got, kbd_expect, len));
	/* every key was pressed and released: 2 events each, shift and ctrl too */
	CHECK(lt_kbd->nevents == 2 * 16);
	dbt_word_t rx, tx, ovr, err, drop;
	CHECK(cstream_status(lt_ep_kbd, h, &rx, &tx, &ovr, &err, &drop) == DBT_OK);
	CHECK(rx == len && drop == 0);
	CHECK(cstream_close(lt_ep_kbd, h) == DBT_OK);
	return NULL;
}
