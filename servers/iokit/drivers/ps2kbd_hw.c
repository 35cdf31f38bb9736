/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ps2kbd_hw.c - the 8042 keyboard controller (ps2kbd_hw.h).
 *
 * Every exchange is bounded: a write waits for the input buffer to drain,
 * a read for the output buffer to fill, each at most I8042_POLLS polls,
 * so a missing or broken controller fails init instead of hanging it.
 */
#include "ps2kbd_hw.h"

static bool wait_write(const struct i8042 *c)
{
	for (unsigned i = 0; i < I8042_POLLS; i++)
		if (!(hwio_in(&c->io, I8042_STATUS) & I8042_ST_IBF))
			return true;
	return false;
}

static bool cmd(struct i8042 *c, uint8_t command)
{
	if (!wait_write(c))
		return false;
	hwio_out(&c->io, I8042_CMD, command);
	return true;
}

static bool put_data(struct i8042 *c, uint8_t v)
{
	if (!wait_write(c))
		return false;
	hwio_out(&c->io, I8042_DATA, v);
	return true;
}

static bool get_data(struct i8042 *c, uint8_t *v)
{
	for (unsigned i = 0; i < I8042_POLLS; i++)
		if (hwio_in(&c->io, I8042_STATUS) & I8042_ST_OBF) {
			*v = hwio_in(&c->io, I8042_DATA);
			return true;
		}
	return false;
}

static void flush(struct i8042 *c)
{
	for (unsigned i = 0; i < 32 && (hwio_in(&c->io, I8042_STATUS) & I8042_ST_OBF); i++)
		(void)hwio_in(&c->io, I8042_DATA);
}

static int fail(struct i8042 *c, const char *why)
{
	c->error = why;
	return IO_ENODEV;
}

/* A command whose answer is one byte that must equal want. */
static bool cmd_expect(struct i8042 *c, uint8_t command, uint8_t want)
{
	uint8_t v;
	return cmd(c, command) && get_data(c, &v) && v == want;
}

static bool write_config(struct i8042 *c, uint8_t cfg)
{
	c->config = cfg;
	return cmd(c, I8042_CMD_WRITE_CFG) && put_data(c, cfg);
}

int i8042_init(struct i8042 *c)
{
	uint8_t cfg;
	c->error = NULL;
	/* Floating ports read 0xff: both buffers "full" for ever. */
	if (hwio_in(&c->io, I8042_STATUS) == 0xff)
		return fail(c, "no controller (status 0xff)");
	if (!cmd(c, I8042_CMD_DIS_KBD) || !cmd(c, I8042_CMD_DIS_AUX))
		return fail(c, "controller does not take commands");
	flush(c);
	if (!cmd(c, I8042_CMD_READ_CFG) || !get_data(c, &cfg))
		return fail(c, "no configuration byte");
	cfg &= (uint8_t)~(I8042_CFG_KBD_IRQ | I8042_CFG_AUX_IRQ);
	if (!write_config(c, cfg))
		return fail(c, "cannot write the configuration");
	if (!cmd_expect(c, I8042_CMD_SELF_TEST, 0x55))
		return fail(c, "controller self-test failed");
	/* Some controllers reset their configuration in the self-test. */
	if (!write_config(c, cfg))
		return fail(c, "cannot write the configuration");
	if (!cmd_expect(c, I8042_CMD_TEST_KBD, 0x00))
		return fail(c, "keyboard port test failed");
	if (!cmd(c, I8042_CMD_EN_KBD))
		return fail(c, "cannot enable the keyboard port");
	uint8_t ack;
	if (!put_data(c, KBD_CMD_ENABLE) || !get_data(c, &ack) || ack != KBD_ACK)
		return fail(c, "keyboard did not acknowledge 'enable scanning'");
	cfg = (uint8_t)((cfg | I8042_CFG_KBD_IRQ | I8042_CFG_XLATE | I8042_CFG_AUX_CLKOFF) &
	                ~(I8042_CFG_AUX_IRQ | I8042_CFG_KBD_CLKOFF));
	if (!write_config(c, cfg))
		return fail(c, "cannot write the configuration");
	return IO_OK;
}

void i8042_shutdown(struct i8042 *c)
{
	write_config(c, (uint8_t)(c->config & ~(I8042_CFG_KBD_IRQ | I8042_CFG_AUX_IRQ)));
	cmd(c, I8042_CMD_DIS_KBD);
}

bool i8042_read(struct i8042 *c, uint8_t *byte)
{
	for (unsigned i = 0; i < 16; i++) {
		uint8_t st = hwio_in(&c->io, I8042_STATUS);
		if (!(st & I8042_ST_OBF))
			return false;
		uint8_t v = hwio_in(&c->io, I8042_DATA);
		if (!(st & I8042_ST_AUX)) {
			*byte = v;
			return true;
		}
	}
	return false;
}
