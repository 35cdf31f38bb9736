/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * uart16550_hw.h - the device logic of the 16550 UART driver: probe,
 * line settings, and the interrupt service that moves bytes between the
 * chip's FIFOs and the driver's ring buffers (docs/IOKIT.md, "Platform
 * drivers").  Pure code over a struct hwio, so the host tests run it
 * against a simulated 16550.
 *
 * Everything here runs on the driver's work loop (one thread): struct
 * uart16550 has no lock.
 */
#ifndef IOKIT_DRIVERS_UART16550_HW_H
#define IOKIT_DRIVERS_UART16550_HW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "charstream_io.h"
#include "charstream_ring.h"
#include "iokit/core/object.h"

/* Registers (offsets from the base port). */
enum {
	UART_RBR = 0, UART_THR = 0, UART_DLL = 0,       /* DLL/DLM with LCR.DLAB */
	UART_IER = 1, UART_DLM = 1,
	UART_IIR = 2, UART_FCR = 2,
	UART_LCR = 3, UART_MCR = 4, UART_LSR = 5, UART_MSR = 6, UART_SCR = 7,
};

#define UART_IER_RDA    0x01    /* received data available (and RX timeout) */
#define UART_IER_THRE   0x02    /* transmit holding register empty */
#define UART_IER_RLS    0x04    /* receiver line status */
#define UART_IIR_NONE   0x01    /* no interrupt pending */
#define UART_IIR_ID     0x0e
#define UART_IIR_MSR    0x00
#define UART_IIR_THRE   0x02
#define UART_IIR_RDA    0x04
#define UART_IIR_RLS    0x06
#define UART_IIR_TIMEOUT 0x0c
#define UART_IIR_FIFO   0xc0    /* both set: working FIFOs (16550A) */
#define UART_FCR_ENABLE 0x01
#define UART_FCR_CLR_RX 0x02
#define UART_FCR_CLR_TX 0x04
#define UART_FCR_TRIG8  0x80    /* RDA interrupt at 8 bytes */
#define UART_LCR_8N1    0x03
#define UART_LCR_DLAB   0x80
#define UART_MCR_DTR    0x01
#define UART_MCR_RTS    0x02
#define UART_MCR_OUT2   0x08    /* gates the IRQ line on PCs */
#define UART_LSR_DR     0x01
#define UART_LSR_OE     0x02
#define UART_LSR_PE     0x04
#define UART_LSR_FE     0x08
#define UART_LSR_BI     0x10
#define UART_LSR_THRE   0x20

#define UART_CLOCK_HZ   115200u /* the divisor's base: 1.8432 MHz / 16 */

enum uart_type { UART_8250 = 0, UART_16450, UART_16550, UART_16550A };

struct uart_counts {
	uint64_t rx, tx;        /* bytes into the RX ring, bytes into the TX FIFO */
	uint64_t overruns;      /* LSR.OE: the chip's FIFO overflowed */
	uint64_t errors;        /* parity, framing and break conditions */
	uint64_t dropped;       /* bytes lost because the RX ring was full */
	uint64_t interrupts;    /* uart_intr calls that found work */
};

struct uart16550 {
	struct hwio io;
	enum uart_type type;
	unsigned fifo;          /* bytes the TX FIFO takes at once (1 or 16) */
	uint8_t ier;            /* shadow of IER */
	struct cs_ring rx, tx;
	struct uart_counts n;
};

/* Events uart_intr reports. */
#define UART_EV_RX 0x1          /* bytes were added to the RX ring */
#define UART_EV_TX 0x2          /* room was made in the TX ring */

/* Is there a UART behind io?  Scratch-register test, then the FIFO check
 * through IIR: IO_OK with u->type and u->fifo set, or IO_ENODEV.  Leaves
 * interrupts off (IER 0). */
int uart_probe(struct uart16550 *u);
/* Program baud (UART_CLOCK_HZ / divisor, 50..115200) and 8N1, reset and
 * enable the FIFOs, raise DTR/RTS/OUT2 and enable the RX and line-status
 * interrupts.  IO_EINVAL for a baud rate that is not a divisor of 115200. */
int uart_setup(struct uart16550 *u, unsigned baud);
/* Interrupts off, FIFOs cleared, OUT2 dropped. */
void uart_shutdown(struct uart16550 *u);
/* Service the chip until IIR says nothing is pending (bounded): read RX
 * data and line status, refill the TX FIFO.  Returns UART_EV_* bits. */
unsigned uart_intr(struct uart16550 *u);
/* Queue up to n bytes for sending and start the transmitter; returns how
 * many fitted in the TX ring. */
size_t uart_write(struct uart16550 *u, const void *buf, size_t n);
/* Take up to n received bytes from the RX ring. */
size_t uart_read(struct uart16550 *u, void *buf, size_t n);

#endif
