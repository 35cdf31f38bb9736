/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_ps2.c - host tests of the PS/2 keyboard logic: scancode decoding
 * (ps2kbd_dec.c) in sets 1 and 2, and 8042 initialisation (ps2kbd_hw.c)
 * against a simulated controller that can fail each step.
 */
#include <string.h>
#include "harness.h"
#include "iokit/drivers/ps2kbd_dec.h"
#include "iokit/drivers/ps2kbd_hw.h"

/* Feed bytes; the characters typed go to out (NUL-terminated). */
static int type_bytes(struct ps2_decoder *d, const uint8_t *b, size_t n, char *out)
{
	struct kbd_event ev;
	int events = 0, k = 0;
	for (size_t i = 0; i < n; i++)
		if (ps2_dec_feed(d, b[i], &ev)) {
			events++;
			if (ev.ch)
				out[k++] = ev.ch;
		}
	out[k] = 0;
	return events;
}

HTEST(set1_make_break)
{
	struct ps2_decoder d;
	struct kbd_event ev;
	ps2_dec_init(&d, 1);
	CHECK(ps2_dec_feed(&d, 0x1e, &ev) && ev.code == 0x1e && ev.down && ev.ch == 'a');
	CHECK(ps2_dec_feed(&d, 0x9e, &ev) && ev.code == 0x1e && !ev.down && ev.ch == 0);
	char out[32];
	/* h e l l o space 1 enter */
	static const uint8_t s[] = { 0x23, 0xa3, 0x12, 0x92, 0x26, 0xa6, 0x26, 0xa6, 0x18, 0x98,
	                             0x39, 0xb9, 0x02, 0x82, 0x1c, 0x9c };
	CHECK(type_bytes(&d, s, sizeof(s), out) == 16);
	CHECK(!strcmp(out, "hello 1\n"));
}

HTEST(set1_modifiers)
{
	struct ps2_decoder d;
	char out[32];
	ps2_dec_init(&d, 1);
	/* shift-a, a, ctrl-c, right-ctrl (E0 1D) + d, caps b caps b, shift-1 */
	static const uint8_t s[] = { 0x2a, 0x1e, 0x9e, 0xaa, 0x1e, 0x9e,
	                             0x1d, 0x2e, 0xae, 0x9d,
	                             0xe0, 0x1d, 0x20, 0xa0, 0xe0, 0x9d,
	                             0x3a, 0xba, 0x30, 0xb0, 0x3a, 0xba, 0x30, 0xb0,
	                             0x36, 0x02, 0x82, 0xb6 };
	type_bytes(&d, s, sizeof(s), out);
	CHECK(!strcmp(out, "Aa\x03\x04" "Bb!"));
	CHECK(!d.lshift && !d.rshift && !d.lctrl && !d.rctrl && !d.caps);
	/* caps lock and shift cancel out on letters only */
	CHECK(ps2_key_char(0x1e, KBD_MOD_CAPS | KBD_MOD_SHIFT) == 'a');
	CHECK(ps2_key_char(0x02, KBD_MOD_CAPS) == '1');
	CHECK(ps2_key_char(0x1e, KBD_MOD_CAPS | KBD_MOD_CTRL) == 1);
}

HTEST(set1_extended)
{
	struct ps2_decoder d;
	struct kbd_event ev;
	ps2_dec_init(&d, 1);
	CHECK(!ps2_dec_feed(&d, 0xe0, &ev));
	CHECK(ps2_dec_feed(&d, 0x48, &ev) && ev.code == KBD_KEY_UP && ev.down && !ev.ch);
	CHECK(!ps2_dec_feed(&d, 0xe0, &ev));
	CHECK(ps2_dec_feed(&d, 0xc8, &ev) && ev.code == KBD_KEY_UP && !ev.down);
	CHECK(!ps2_dec_feed(&d, 0xe0, &ev) && ps2_dec_feed(&d, 0x35, &ev) && ev.ch == '/');
	/* the same code without E0 is '/' on the main block, and a plain 0x48
	 * (keypad 8) is not the up arrow */
	CHECK(ps2_dec_feed(&d, 0x48, &ev) && ev.code == 0x48);
	/* right Alt: a modifier */
	CHECK(!ps2_dec_feed(&d, 0xe0, &ev) && ps2_dec_feed(&d, 0x38, &ev) &&
	      ev.code == KBD_KEY_RALT && (ev.mods & KBD_MOD_ALT));
	/* Print Screen's fake shift is no key; Pause is swallowed whole */
	CHECK(!ps2_dec_feed(&d, 0xe0, &ev) && !ps2_dec_feed(&d, 0x2a, &ev));
	static const uint8_t pause[] = { 0xe1, 0x1d, 0x45, 0xe1, 0x9d, 0xc5 };
	for (size_t i = 0; i < sizeof(pause); i++)
		CHECK(!ps2_dec_feed(&d, pause[i], &ev));
	CHECK(ps2_dec_feed(&d, 0x1e, &ev) && ev.ch == 'a');
}

HTEST(set2_decoding)
{
	struct ps2_decoder d;
	char out[32];
	ps2_dec_init(&d, 2);
	/* h i, shift(12) q, F0-breaks, E0 4A (keypad /), enter; Pause in the middle */
	static const uint8_t s[] = { 0x33, 0xf0, 0x33, 0x43, 0xf0, 0x43,
	                             0xe1, 0x14, 0x77, 0xe1, 0xf0, 0x14, 0xf0, 0x77,
	                             0x12, 0x15, 0xf0, 0x15, 0xf0, 0x12,
	                             0xe0, 0x4a, 0xe0, 0xf0, 0x4a, 0x5a, 0xf0, 0x5a };
	CHECK(type_bytes(&d, s, sizeof(s), out) == 12);
	CHECK(!strcmp(out, "hiQ/\n"));
	CHECK(!d.lshift);
}

HTEST(replies_and_unknown_ignored)
{
	struct ps2_decoder d;
	struct kbd_event ev;
	ps2_dec_init(&d, 1);
	static const uint8_t junk[] = { 0xfa, 0xfe, 0xee, 0x00, 0xff };
	for (size_t i = 0; i < sizeof(junk); i++)
		CHECK(!ps2_dec_feed(&d, junk[i], &ev));
	ps2_dec_init(&d, 2);
	CHECK(!ps2_dec_feed(&d, 0x60, &ev));    /* no set-2 key */
	CHECK(!ps2_dec_feed(&d, 0xe0, &ev) && !ps2_dec_feed(&d, 0x02, &ev));
	CHECK(ps2_dec_feed(&d, 0x1c, &ev) && ev.code == 0x1e);  /* E0 did not stick */
}

/* ---- 8042 ----------------------------------------------------------------- */

struct sim8042 {
	bool absent;
	int break_step;         /* 1 self-test, 2 port test, 3 no ACK, 4 stuck IBF */
	uint8_t cfg, out[16];
	unsigned nout;
	int want_cfg;           /* next data byte is the configuration */
	bool kbd_enabled, scanning;
};

static void push(struct sim8042 *s, uint8_t v)
{
	s->out[s->nout++] = v;
}

static uint8_t k_in(void *ctx, unsigned reg)
{
	struct sim8042 *s = ctx;
	if (s->absent)
		return 0xff;
	if (reg == I8042_STATUS)
		return (uint8_t)((s->nout ? I8042_ST_OBF : 0) | (s->break_step == 4 ? I8042_ST_IBF : 0));
	if (!s->nout)
		return 0;
	uint8_t v = s->out[0];
	memmove(s->out, s->out + 1, --s->nout);
	return v;
}

static void k_out(void *ctx, unsigned reg, uint8_t v)
{
	struct sim8042 *s = ctx;
	if (reg == I8042_CMD) {
		switch (v) {
		case I8042_CMD_READ_CFG: push(s, s->cfg); break;
		case I8042_CMD_WRITE_CFG: s->want_cfg = 1; break;
		case I8042_CMD_SELF_TEST: push(s, s->break_step == 1 ? 0xfc : 0x55); break;
		case I8042_CMD_TEST_KBD: push(s, s->break_step == 2 ? 0x01 : 0x00); break;
		case I8042_CMD_EN_KBD: s->kbd_enabled = true; break;
		case I8042_CMD_DIS_KBD: s->kbd_enabled = false; break;
		}
		return;
	}
	if (s->want_cfg) {
		s->cfg = v;
		s->want_cfg = 0;
	} else if (v == KBD_CMD_ENABLE && s->kbd_enabled && s->break_step != 3) {
		s->scanning = true;
		push(s, KBD_ACK);
	}
}

static int init_with(struct sim8042 *s, struct i8042 *c)
{
	c->io = (struct hwio){ k_in, k_out, s };
	return i8042_init(c);
}

HTEST(i8042_init_ok)
{
	struct sim8042 s = { .cfg = 0x03, .out = { 0x1e, 0x9e }, .nout = 2 };  /* stale bytes */
	struct i8042 c;
	CHECK(init_with(&s, &c) == IO_OK && c.error == NULL);
	CHECK(s.cfg & I8042_CFG_KBD_IRQ);
	CHECK(s.cfg & I8042_CFG_XLATE);
	CHECK(!(s.cfg & I8042_CFG_AUX_IRQ));
	CHECK(s.kbd_enabled && s.scanning && s.nout == 0);
	uint8_t b;
	push(&s, 0x1e);
	CHECK(i8042_read(&c, &b) && b == 0x1e);
	CHECK(!i8042_read(&c, &b));
	i8042_shutdown(&c);
	CHECK(!(s.cfg & I8042_CFG_KBD_IRQ) && !s.kbd_enabled);
}

HTEST(i8042_init_failures)
{
	struct i8042 c;
	struct sim8042 s = { .absent = true };
	CHECK(init_with(&s, &c) == IO_ENODEV && !strcmp(c.error, "no controller (status 0xff)"));
	s = (struct sim8042){ .break_step = 1 };
	CHECK(init_with(&s, &c) == IO_ENODEV && !strcmp(c.error, "controller self-test failed"));
	s = (struct sim8042){ .break_step = 2 };
	CHECK(init_with(&s, &c) == IO_ENODEV && !strcmp(c.error, "keyboard port test failed"));
	s = (struct sim8042){ .break_step = 3 };
	CHECK(init_with(&s, &c) == IO_ENODEV &&
	      !strcmp(c.error, "keyboard did not acknowledge 'enable scanning'"));
	s = (struct sim8042){ .break_step = 4 };
	CHECK(init_with(&s, &c) == IO_ENODEV &&
	      !strcmp(c.error, "controller does not take commands"));
}
