/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ps2kbd_hw.h - the 8042 keyboard controller (docs/IOKIT.md, "Platform
 * drivers"): initialisation of the controller and its first (keyboard)
 * port, and reading what the keyboard sends.  Pure code over a struct
 * hwio whose base is the data port 0x60 (register 0) and whose register 4
 * is the status/command port 0x64, so the host tests drive a simulated
 * controller.
 */
#ifndef IOKIT_DRIVERS_PS2KBD_HW_H
#define IOKIT_DRIVERS_PS2KBD_HW_H

#include <stdbool.h>
#include <stdint.h>
#include "charstream_io.h"
#include "iokit/core/object.h"

#define I8042_DATA   0
#define I8042_STATUS 4          /* read */
#define I8042_CMD    4          /* write */

#define I8042_ST_OBF  0x01      /* output buffer full: a byte to read */
#define I8042_ST_IBF  0x02      /* input buffer full: wait before writing */
#define I8042_ST_AUX  0x20      /* the byte is from the second (mouse) port */

#define I8042_CMD_READ_CFG   0x20
#define I8042_CMD_WRITE_CFG  0x60
#define I8042_CMD_DIS_AUX    0xa7
#define I8042_CMD_SELF_TEST  0xaa
#define I8042_CMD_TEST_KBD   0xab
#define I8042_CMD_DIS_KBD    0xad
#define I8042_CMD_EN_KBD     0xae

#define I8042_CFG_KBD_IRQ    0x01
#define I8042_CFG_AUX_IRQ    0x02
#define I8042_CFG_KBD_CLKOFF 0x10
#define I8042_CFG_AUX_CLKOFF 0x20
#define I8042_CFG_XLATE      0x40

#define KBD_CMD_ENABLE 0xf4
#define KBD_ACK        0xfa

/* How long the controller may take to answer, in polls of the status
 * port: far more than any controller needs, and a bound on a dead one. */
#define I8042_POLLS 100000

struct i8042 {
	struct hwio io;
	uint8_t config;         /* configuration byte written last */
	const char *error;      /* why init failed (for the log); NULL: it did not */
};

/* Disable both ports, flush, self-test the controller, test and enable
 * the keyboard port, turn scanning on, then set the configuration: IRQ 1
 * on, translation (to scancode set 1) on, the second port off.  IO_OK, or
 * IO_ENODEV with ->error set (no controller, failed test, no answer). */
int i8042_init(struct i8042 *c);
/* Interrupts off and the keyboard port disabled. */
void i8042_shutdown(struct i8042 *c);
/* A byte from the keyboard if one is waiting (mouse bytes are dropped). */
bool i8042_read(struct i8042 *c, uint8_t *byte);

#endif
