/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ps2kbd_dec.h - scancode decoding for the PS/2 keyboard driver
 * (docs/IOKIT.md, "Platform drivers"): bytes from the keyboard (scancode
 * set 1, which the 8042 produces with translation on, or raw set 2)
 * become key events - a key code, make or break, the modifiers held - and
 * the character a US keyboard would type, if any.
 *
 * Key codes are set-1 make codes; a key with the E0 prefix (right Ctrl,
 * right Alt, the arrows, keypad Enter and /, Home, End, ...) has
 * KBD_EXT set.  Pure code: the host tests feed it byte sequences.
 */
#ifndef IOKIT_DRIVERS_PS2KBD_DEC_H
#define IOKIT_DRIVERS_PS2KBD_DEC_H

#include <stdbool.h>
#include <stdint.h>

#define KBD_EXT 0x80            /* key code of an E0-prefixed key */

#define KBD_MOD_SHIFT 0x01
#define KBD_MOD_CTRL  0x02
#define KBD_MOD_ALT   0x04
#define KBD_MOD_CAPS  0x08      /* caps lock is on */

/* A few key codes the driver and the tests name. */
#define KBD_KEY_LSHIFT 0x2a
#define KBD_KEY_RSHIFT 0x36
#define KBD_KEY_LCTRL  0x1d
#define KBD_KEY_LALT   0x38
#define KBD_KEY_CAPS   0x3a
#define KBD_KEY_RCTRL  (KBD_EXT | 0x1d)
#define KBD_KEY_RALT   (KBD_EXT | 0x38)
#define KBD_KEY_UP     (KBD_EXT | 0x48)
#define KBD_KEY_KPDIV  (KBD_EXT | 0x35)
#define KBD_KEY_KPENTER (KBD_EXT | 0x1c)

struct kbd_event {
	uint8_t code;           /* set-1 make code, | KBD_EXT */
	bool down;              /* make (true) or break */
	uint8_t mods;           /* KBD_MOD_* after this event */
	char ch;                /* character typed (on make only), 0: none */
};

struct ps2_decoder {
	int set;                /* 1 or 2 */
	bool e0, f0;            /* prefixes seen */
	unsigned skip;          /* bytes of a Pause sequence still to swallow */
	bool lshift, rshift, lctrl, rctrl, lalt, ralt, caps;
};

/* Decode scancode set `set` (1 or 2; anything else is taken as 1). */
void ps2_dec_init(struct ps2_decoder *d, int set);
/* Feed one byte; true with *ev when it completes a key event.  Prefixes,
 * the Pause sequence, controller replies and unknown codes give false. */
bool ps2_dec_feed(struct ps2_decoder *d, uint8_t byte, struct kbd_event *ev);
/* The character for a set-1 code with these modifiers (0: none). */
char ps2_key_char(uint8_t code, uint8_t mods);

#endif
