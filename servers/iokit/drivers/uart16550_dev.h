/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * uart16550_dev.h - one running 16550 port: the chip logic
 * (uart16550_hw.h) on a work loop with its interrupt source, published as
 * a character stream (charstream.h).  The driver class (uart16550.c)
 * calls this from start/stop; the hardware test root task (tests/qemu/legacy/legtest)
 * calls it directly on ports it opened itself.
 */
#ifndef IOKIT_DRIVERS_UART16550_DEV_H
#define IOKIT_DRIVERS_UART16550_DEV_H

#include "uart16550_hw.h"
#include "charstream.h"
#include "charstream_loop.h"

#define UART_RING_SIZE 4096
#define UART_POLL_US   20000    /* backstop for an interrupt edge lost while masked */

struct uart16550_dev {
	struct uart16550 hw;            /* loop thread only */
	uint16_t base;
	dbt_slot_t irq;                 /* 0: polled */
	struct cs_loop dl;               /* loop, gate, IRQ source, poll timer */
	struct charstream *cs;
	char name[16];
	uint8_t rxbuf[UART_RING_SIZE], txbuf[UART_RING_SIZE];
};

/* Probe the chip at base (its 8 ports open to the caller): IO_OK or
 * IO_ENODEV, without touching anything else. */
int uart_dev_probe(uint16_t base);
/* Bring the port up at baud and publish the stream `name` (kind
 * "serial").  irq: the IRQ capability (0: poll).  IO_OK and *out, or
 * IO_ENODEV (no UART), IO_EINVAL, IO_ENOMEM, IO_EBUSY (name taken). */
int uart_dev_start(struct uart16550_dev **out, uint16_t base, dbt_slot_t irq, const char *name,
                   unsigned baud);
/* Withdraw the stream, quiet the chip, free the loop (unbinding the IRQ;
 * the capability stays the caller's) and the device. */
void uart_dev_stop(struct uart16550_dev *d);

#endif
