/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * uart16550_hw.c - 16550 device logic (uart16550_hw.h): probe, line
 * settings and the interrupt service, after the National Semiconductor
 * PC16550D datasheet.
 *
 * Receive: an RDA or character-timeout interrupt drains the RX FIFO into
 * the RX ring while LSR.DR is set; the error bits LSR reports with each
 * byte (parity, framing, break) are counted and that byte is dropped, an
 * overrun is counted and the byte kept.  Transmit: uart_write queues bytes
 * in the TX ring and enables the THRE interrupt; each THRE interrupt moves
 * a FIFO's worth (16 bytes on a 16550A) from the ring to the chip, and an
 * empty ring switches THRE off again.
 */
#include "uart16550_hw.h"

/* More than a full FIFO of bytes and every interrupt kind: a chip that
 * never says "no interrupt pending" (a broken or absent device) cannot
 * keep the loop here for ever. */
#define UART_INTR_ROUNDS 64

static uint8_t rd(const struct uart16550 *u, unsigned reg)
{
	return hwio_in(&u->io, reg);
}

static void wr(const struct uart16550 *u, unsigned reg, uint8_t v)
{
	hwio_out(&u->io, reg, v);
}

static void set_ier(struct uart16550 *u, uint8_t ier)
{
	u->ier = ier;
	wr(u, UART_IER, ier);
}

/* The scratch register keeps what is written to it on every chip from the
 * 16450 on; floating ports (no device) read 0xff. */
static bool scratch_ok(const struct uart16550 *u)
{
	static const uint8_t pattern[] = { 0x55, 0xaa, 0x00 };
	uint8_t old = rd(u, UART_SCR);
	bool ok = true;
	for (unsigned i = 0; i < sizeof(pattern) && ok; i++) {
		wr(u, UART_SCR, pattern[i]);
		ok = rd(u, UART_SCR) == pattern[i];
	}
	wr(u, UART_SCR, old);
	return ok;
}

int uart_probe(struct uart16550 *u)
{
	set_ier(u, 0);
	if (!scratch_ok(u))
		return IO_ENODEV;
	/* With interrupts off, IIR must say "none pending" and keep its
	 * reserved bits 4-5 clear: a port that reads 0xff fails here. */
	uint8_t iir = rd(u, UART_IIR);
	if (!(iir & UART_IIR_NONE) || (iir & 0x30))
		return IO_ENODEV;
	wr(u, UART_FCR, UART_FCR_ENABLE);
	iir = rd(u, UART_IIR);
	if ((iir & UART_IIR_FIFO) == UART_IIR_FIFO) {
		u->type = UART_16550A;
		u->fifo = 16;
	} else {
		/* A 16550 (bit 7 only) has a FIFO too buggy to use. */
		u->type = (iir & 0x80) ? UART_16550 : UART_16450;
		u->fifo = 1;
	}
	wr(u, UART_FCR, 0);
	return IO_OK;
}

int uart_setup(struct uart16550 *u, unsigned baud)
{
	if (baud < 50 || baud > UART_CLOCK_HZ || UART_CLOCK_HZ % baud)
		return IO_EINVAL;
	unsigned div = UART_CLOCK_HZ / baud;
	set_ier(u, 0);
	wr(u, UART_LCR, UART_LCR_DLAB);
	wr(u, UART_DLL, (uint8_t)div);
	wr(u, UART_DLM, (uint8_t)(div >> 8));
	wr(u, UART_LCR, UART_LCR_8N1);
	if (u->fifo > 1)
		wr(u, UART_FCR, UART_FCR_ENABLE | UART_FCR_CLR_RX | UART_FCR_CLR_TX |
		   UART_FCR_TRIG8);
	wr(u, UART_MCR, UART_MCR_DTR | UART_MCR_RTS | UART_MCR_OUT2);
	/* Clear anything latched before interrupts are on (bounded: a
	 * broken chip may claim data for ever). */
	(void)rd(u, UART_LSR);
	(void)rd(u, UART_MSR);
	for (unsigned i = 0; i < 64 && (rd(u, UART_LSR) & UART_LSR_DR); i++)
		(void)rd(u, UART_RBR);
	set_ier(u, UART_IER_RDA | UART_IER_RLS);
	return IO_OK;
}

void uart_shutdown(struct uart16550 *u)
{
	set_ier(u, 0);
	if (u->fifo > 1)
		wr(u, UART_FCR, UART_FCR_CLR_RX | UART_FCR_CLR_TX);
	wr(u, UART_MCR, 0);
}

static void count_lsr(struct uart16550 *u, uint8_t lsr)
{
	if (lsr & UART_LSR_OE)
		u->n.overruns++;
	if (lsr & (UART_LSR_PE | UART_LSR_FE | UART_LSR_BI))
		u->n.errors++;
}

/* Drain the RX FIFO; true if a byte reached the ring. */
static bool drain_rx(struct uart16550 *u)
{
	bool got = false;
	for (unsigned i = 0; i < 4 * 16; i++) {
		uint8_t lsr = rd(u, UART_LSR);
		if (!(lsr & UART_LSR_DR))
			break;
		count_lsr(u, lsr);
		uint8_t c = rd(u, UART_RBR);
		if (lsr & (UART_LSR_PE | UART_LSR_FE | UART_LSR_BI))
			continue;               /* a damaged byte is not data */
		if (cs_ring_put(&u->rx, c)) {
			u->n.rx++;
			got = true;
		} else {
			u->n.dropped++;
		}
	}
	return got;
}

/* THR is empty: hand the chip up to a FIFO's worth from the ring; true if
 * the ring lost bytes (room for writers). */
static bool fill_tx(struct uart16550 *u)
{
	uint8_t c;
	unsigned k = 0;
	while (k < u->fifo && cs_ring_get(&u->tx, &c)) {
		wr(u, UART_THR, c);
		k++;
	}
	u->n.tx += k;
	if (!cs_ring_used(&u->tx) && (u->ier & UART_IER_THRE))
		set_ier(u, u->ier & ~UART_IER_THRE);
	return k > 0;
}

unsigned uart_intr(struct uart16550 *u)
{
	unsigned ev = 0;
	for (unsigned round = 0; round < UART_INTR_ROUNDS; round++) {
		uint8_t iir = rd(u, UART_IIR);
		if (iir & UART_IIR_NONE)
			break;
		if (round == 0)
			u->n.interrupts++;
		switch (iir & UART_IIR_ID) {
		case UART_IIR_RLS:
			count_lsr(u, rd(u, UART_LSR));
			break;
		case UART_IIR_RDA:
		case UART_IIR_TIMEOUT:
			if (drain_rx(u))
				ev |= UART_EV_RX;
			break;
		case UART_IIR_THRE:
			if (fill_tx(u))
				ev |= UART_EV_TX;
			break;
		default:
			(void)rd(u, UART_MSR);  /* modem status: reading clears it */
			break;
		}
	}
	return ev;
}

size_t uart_write(struct uart16550 *u, const void *buf, size_t n)
{
	size_t k = cs_ring_write(&u->tx, buf, n);
	if (cs_ring_used(&u->tx) && !(u->ier & UART_IER_THRE)) {
		/* Enabling THRE while THR is empty raises the interrupt at once;
		 * starting the FIFO here saves that round trip. */
		if (rd(u, UART_LSR) & UART_LSR_THRE)
			fill_tx(u);
		if (cs_ring_used(&u->tx))
			set_ier(u, u->ier | UART_IER_THRE);
	}
	return k;
}

size_t uart_read(struct uart16550 *u, void *buf, size_t n)
{
	return cs_ring_read(&u->rx, buf, n);
}
