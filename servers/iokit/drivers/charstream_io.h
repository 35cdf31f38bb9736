/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * charstream_io.h - the port-I/O seam of the legacy platform drivers
 * (16550 UART, 8042 keyboard controller, CMOS RTC; docs/IOKIT.md,
 * "Platform drivers").
 *
 * The device logic of each driver (uart16550_hw.c, ps2kbd_hw.c,
 * cmosrtc_hw.c) talks to its registers only through a struct hwio, so the
 * same code runs on the real ports under QEMU (hwio_ports) and against
 * simulated devices in the host tests (tests/qemu/legacy/).
 */
#ifndef IOKIT_DRIVERS_CHARSTREAM_IO_H
#define IOKIT_DRIVERS_CHARSTREAM_IO_H

#include <stdint.h>

struct hwio {
	uint8_t (*in)(void *ctx, unsigned reg);
	void (*out)(void *ctx, unsigned reg, uint8_t v);
	void *ctx;
};

static inline uint8_t hwio_in(const struct hwio *io, unsigned reg)
{
	return io->in(io->ctx, reg);
}

static inline void hwio_out(const struct hwio *io, unsigned reg, uint8_t v)
{
	io->out(io->ctx, reg, v);
}

#ifndef HOST_TEST
/* Register reg is port base + reg (the ports must be open to the caller).
 * The base is kept in *base, which must outlive io. */
void hwio_ports(struct hwio *io, uint16_t *base);
#endif

#endif
