/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ps2kbd_dev.h - a running PS/2 keyboard: the 8042 (ps2kbd_hw.h) on a
 * work loop with its interrupt source, scancodes decoded (ps2kbd_dec.h)
 * and published as two read-only character streams: the characters
 * typed ("kbd0", kind "kbd") and the key events ("kbdev0", kind "kbdev":
 * 3-byte records, struct kbd_record).  Called by the driver class
 * (ps2kbd.c) and by the hardware test root task (tests/qemu/legacy/legtest).
 */
#ifndef IOKIT_DRIVERS_PS2KBD_DEV_H
#define IOKIT_DRIVERS_PS2KBD_DEV_H

#include <stdatomic.h>
#include "ps2kbd_hw.h"
#include "ps2kbd_dec.h"
#include "charstream.h"
#include "charstream_ring.h"
#include "charstream_loop.h"

#define KBD_RING_SIZE 256
#define KBD_EVRING_SIZE 1024    /* 341 events */

/* A key event on the "kbdev" stream: reads return whole records only. */
struct kbd_record {
	uint8_t code;           /* set-1 make code | KBD_EXT */
	uint8_t flags;          /* KBD_REC_DOWN */
	uint8_t mods;           /* KBD_MOD_* after the event */
};
#define KBD_REC_DOWN 0x01
_Static_assert(sizeof(struct kbd_record) == 3, "3-byte records");
#define KBD_POLL_US   20000     /* backstop for a lost interrupt edge */

struct ps2kbd_dev {
	/* loop thread only: */
	struct i8042 ctl;
	struct ps2_decoder dec;
	struct cs_ring chars, events;
	uint64_t nchars, dropped, ev_dropped;
	_Atomic uint64_t nevents;       /* key events decoded (read by tests) */
	uint8_t buf[KBD_RING_SIZE], evbuf[KBD_EVRING_SIZE];
	/* fixed after start: */
	uint16_t base;
	dbt_slot_t irq;
	struct cs_loop dl;               /* loop, gate, IRQ source, poll timer */
	struct charstream *cs, *evcs;
};

/* Initialise the controller at base (0x60; 0x64 is base + 4) and publish
 * the streams `name` (characters) and `evname` (key events; NULL: none).  irq: the IRQ 1 capability (0: poll).  IO_OK and
 * *out, IO_ENODEV (no controller or keyboard: the reason is logged),
 * IO_ENOMEM, IO_EBUSY (name taken). */
int ps2kbd_dev_start(struct ps2kbd_dev **out, uint16_t base, dbt_slot_t irq, const char *name,
                     const char *evname);
void ps2kbd_dev_stop(struct ps2kbd_dev *d);

#endif
