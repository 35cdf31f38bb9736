/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ps2kbd_dec.c - scancode decoding (ps2kbd_dec.h).
 *
 * Set 1: a make code is 0x01..0x7f, its break code the same with bit 7
 * set; E0 prefixes the extended keys; E1 1D 45 E1 9D C5 is Pause.  Set 2:
 * break codes are F0 + make code, E0 as in set 1, E1 14 77 E1 F0 14 F0 77
 * is Pause; make codes are mapped to set 1 with the table the 8042 uses
 * for translation, so everything after that is set 1.  Values from the
 * IBM PS/2 keyboard technical reference.
 */
#include "ps2kbd_dec.h"

/* Set-2 make code -> set-1 make code (0: no key). */
static const uint8_t set2_to_set1[0x84] = {
	[0x76] = 0x01, [0x16] = 0x02, [0x1e] = 0x03, [0x26] = 0x04, [0x25] = 0x05,
	[0x2e] = 0x06, [0x36] = 0x07, [0x3d] = 0x08, [0x3e] = 0x09, [0x46] = 0x0a,
	[0x45] = 0x0b, [0x4e] = 0x0c, [0x55] = 0x0d, [0x66] = 0x0e, [0x0d] = 0x0f,
	[0x15] = 0x10, [0x1d] = 0x11, [0x24] = 0x12, [0x2d] = 0x13, [0x2c] = 0x14,
	[0x35] = 0x15, [0x3c] = 0x16, [0x43] = 0x17, [0x44] = 0x18, [0x4d] = 0x19,
	[0x54] = 0x1a, [0x5b] = 0x1b, [0x5a] = 0x1c, [0x14] = 0x1d, [0x1c] = 0x1e,
	[0x1b] = 0x1f, [0x23] = 0x20, [0x2b] = 0x21, [0x34] = 0x22, [0x33] = 0x23,
	[0x3b] = 0x24, [0x42] = 0x25, [0x4b] = 0x26, [0x4c] = 0x27, [0x52] = 0x28,
	[0x0e] = 0x29, [0x12] = 0x2a, [0x5d] = 0x2b, [0x1a] = 0x2c, [0x22] = 0x2d,
	[0x21] = 0x2e, [0x2a] = 0x2f, [0x32] = 0x30, [0x31] = 0x31, [0x3a] = 0x32,
	[0x41] = 0x33, [0x49] = 0x34, [0x4a] = 0x35, [0x59] = 0x36, [0x7c] = 0x37,
	[0x11] = 0x38, [0x29] = 0x39, [0x58] = 0x3a, [0x05] = 0x3b, [0x06] = 0x3c,
	[0x04] = 0x3d, [0x0c] = 0x3e, [0x03] = 0x3f, [0x0b] = 0x40, [0x83] = 0x41,
	[0x0a] = 0x42, [0x01] = 0x43, [0x09] = 0x44, [0x77] = 0x45, [0x7e] = 0x46,
	[0x6c] = 0x47, [0x75] = 0x48, [0x7d] = 0x49, [0x7b] = 0x4a, [0x6b] = 0x4b,
	[0x73] = 0x4c, [0x74] = 0x4d, [0x79] = 0x4e, [0x69] = 0x4f, [0x72] = 0x50,
	[0x7a] = 0x51, [0x70] = 0x52, [0x71] = 0x53, [0x78] = 0x57, [0x07] = 0x58,
};

/* US layout, set-1 codes 0x00..0x39, without and with shift. */
static const char keymap[0x3a] =
	"\0\x1b" "1234567890-=\b"
	"\tqwertyuiop[]\n"
	"\0asdfghjkl;'`"
	"\0\\zxcvbnm,./\0"
	"*\0 ";
static const char keymap_shift[0x3a] =
	"\0\x1b" "!@#$%^&*()_+\b"
	"\tQWERTYUIOP{}\n"
	"\0ASDFGHJKL:\"~"
	"\0|ZXCVBNM<>?\0"
	"*\0 ";

void ps2_dec_init(struct ps2_decoder *d, int set)
{
	*d = (struct ps2_decoder){ .set = set == 2 ? 2 : 1 };
}

static uint8_t mods_of(const struct ps2_decoder *d)
{
	return (uint8_t)((d->lshift || d->rshift ? KBD_MOD_SHIFT : 0) |
	                 (d->lctrl || d->rctrl ? KBD_MOD_CTRL : 0) |
	                 (d->lalt || d->ralt ? KBD_MOD_ALT : 0) |
	                 (d->caps ? KBD_MOD_CAPS : 0));
}

static void track_mods(struct ps2_decoder *d, uint8_t code, bool down)
{
	switch (code) {
	case KBD_KEY_LSHIFT: d->lshift = down; break;
	case KBD_KEY_RSHIFT: d->rshift = down; break;
	case KBD_KEY_LCTRL: d->lctrl = down; break;
	case KBD_KEY_RCTRL: d->rctrl = down; break;
	case KBD_KEY_LALT: d->lalt = down; break;
	case KBD_KEY_RALT: d->ralt = down; break;
	case KBD_KEY_CAPS:
		if (down)
			d->caps = !d->caps;
		break;
	}
}

char ps2_key_char(uint8_t code, uint8_t mods)
{
	if (code == KBD_KEY_KPENTER)
		return '\n';
	if (code == KBD_KEY_KPDIV)
		return '/';
	if (code >= sizeof(keymap))
		return 0;
	char c = (mods & KBD_MOD_SHIFT) ? keymap_shift[code] : keymap[code];
	bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	if (letter && (mods & KBD_MOD_CAPS))
		c = (char)(c ^ 0x20);           /* caps lock inverts the case of letters */
	if (letter && (mods & KBD_MOD_CTRL))
		c = (char)(c & 0x1f);           /* Ctrl-A = 1 ... Ctrl-Z = 26 */
	return c;
}

/* A set-1 make code (bit 7 clear) with the prefix state: an event, or
 * false for keys this decoder ignores. */
static bool emit(struct ps2_decoder *d, uint8_t code, bool down, struct kbd_event *ev)
{
	bool ext = d->e0;
	d->e0 = false;
	/* E0 2A / E0 36 are the "fake shifts" around Print Screen and the
	 * navigation keys: not keys of their own. */
	if (!code || (ext && (code == KBD_KEY_LSHIFT || code == KBD_KEY_RSHIFT)))
		return false;
	if (ext)
		code |= KBD_EXT;
	track_mods(d, code, down);
	ev->code = code;
	ev->down = down;
	ev->mods = mods_of(d);
	ev->ch = down ? ps2_key_char(code, ev->mods) : 0;
	return true;
}

bool ps2_dec_feed(struct ps2_decoder *d, uint8_t byte, struct kbd_event *ev)
{
	if (byte == 0xe1) {
		d->skip = d->set == 1 ? 2 : 2;  /* the bytes after each E1 */
		return false;
	}
	if (d->skip) {
		if (byte != 0xf0)               /* set 2 breaks inside Pause */
			d->skip--;
		return false;
	}
	if (byte == 0xe0) {
		d->e0 = true;
		return false;
	}
	/* Controller and keyboard replies (ACK, resend, echo, errors). */
	if (byte == 0x00 || byte == 0xff || byte == 0xfa || byte == 0xfe || byte == 0xee)
		return false;
	if (d->set == 1)
		return emit(d, byte & 0x7f, !(byte & 0x80), ev);
	if (byte == 0xf0) {
		d->f0 = true;
		return false;
	}
	bool down = !d->f0;
	d->f0 = false;
	uint8_t code = byte < sizeof(set2_to_set1) ? set2_to_set1[byte] : 0;
	if (!code) {
		d->e0 = false;
		return false;
	}
	return emit(d, code, down, ev);
}
