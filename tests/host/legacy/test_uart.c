/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_uart.c - host tests of the 16550 device logic (uart16550_hw.c) and
 * the ring buffers against a simulated 16550A / 16450 / empty port.
 *
 * The simulation follows the datasheet where the driver depends on it:
 * IIR priorities (line status > RX data > RX timeout > THRE > modem), THRE
 * cleared by reading IIR or writing THR, LSR error bits reported with the
 * byte at the head of the RX FIFO, OE cleared by reading LSR, a 16-byte TX
 * FIFO whose overflow the tests treat as a driver bug.
 */
#include <string.h>
#include "harness.h"
#include "iokit/drivers/uart16550_hw.h"

enum sim_kind { SIM_16550A, SIM_16450, SIM_NONE, SIM_STUCK };

struct sim {
	enum sim_kind kind;
	uint8_t ier, lcr, mcr, scr, dll, dlm, fcr;
	uint8_t rx[64], rxerr[64];
	unsigned rxn;
	bool oe;
	uint8_t txf[32];
	unsigned txn;
	bool thre_pending;
	uint8_t wire[8192];
	unsigned wiren;
	unsigned tx_overflow, max_batch;
};

static unsigned sim_fifo(const struct sim *s)
{
	return s->kind == SIM_16550A && (s->fcr & 1) ? 16 : 1;
}

static uint8_t sim_lsr(struct sim *s)
{
	uint8_t v = 0;
	if (s->rxn) {
		v |= UART_LSR_DR | s->rxerr[0];
	}
	if (s->oe)
		v |= UART_LSR_OE;
	if (!s->txn)
		v |= UART_LSR_THRE | 0x40;
	return v;
}

static uint8_t sim_iir(struct sim *s)
{
	uint8_t fifo = sim_fifo(s) > 1 ? 0xc0 : 0;
	if (s->kind == SIM_STUCK)
		return UART_IIR_RDA;            /* pending for ever, no data */
	if ((s->ier & UART_IER_RLS) && (s->oe || (s->rxn && s->rxerr[0])))
		return fifo | UART_IIR_RLS;
	if ((s->ier & UART_IER_RDA) && s->rxn)
		return fifo | (s->rxn >= 8 ? UART_IIR_RDA : UART_IIR_TIMEOUT);
	if ((s->ier & UART_IER_THRE) && s->thre_pending) {
		s->thre_pending = false;        /* reading IIR clears THRE */
		return fifo | UART_IIR_THRE;
	}
	return fifo | UART_IIR_NONE;
}

static uint8_t sim_in(void *ctx, unsigned reg)
{
	struct sim *s = ctx;
	if (s->kind == SIM_NONE)
		return 0xff;
	bool dlab = s->lcr & UART_LCR_DLAB;
	switch (reg) {
	case 0:
		if (dlab)
			return s->dll;
		if (!s->rxn)
			return 0;
		{
			uint8_t c = s->rx[0];
			memmove(s->rx, s->rx + 1, --s->rxn);
			memmove(s->rxerr, s->rxerr + 1, s->rxn);
			return c;
		}
	case 1: return dlab ? s->dlm : s->ier;
	case 2: return sim_iir(s);
	case 3: return s->lcr;
	case 4: return s->mcr;
	case 5: {
		uint8_t v = sim_lsr(s);
		s->oe = false;
		if (s->rxn)
			s->rxerr[0] = 0;        /* reported once */
		return v;
	}
	case 6: return 0;
	default: return s->kind == SIM_STUCK ? 0 : s->scr;
	}
}

static void sim_out(void *ctx, unsigned reg, uint8_t v)
{
	struct sim *s = ctx;
	bool dlab = s->lcr & UART_LCR_DLAB;
	switch (reg) {
	case 0:
		if (dlab) {
			s->dll = v;
		} else if (s->txn >= sim_fifo(s)) {
			s->tx_overflow++;
		} else {
			s->txf[s->txn++] = v;
			s->thre_pending = false;
		}
		break;
	case 1:
		if (dlab) {
			s->dlm = v;
		} else {
			/* enabling THRE with an empty THR raises it */
			if ((v & UART_IER_THRE) && !(s->ier & UART_IER_THRE) && !s->txn)
				s->thre_pending = true;
			s->ier = v & 0x0f;
		}
		break;
	case 2:
		if (s->kind == SIM_16550A)
			s->fcr = v & 0xc1;
		break;
	case 3: s->lcr = v; break;
	case 4: s->mcr = v; break;
	case 7: s->scr = v; break;
	}
}

/* The line sends what is in the TX FIFO; THRE rises. */
static void sim_send(struct sim *s)
{
	if (!s->txn)
		return;
	if (s->txn > s->max_batch)
		s->max_batch = s->txn;
	memcpy(s->wire + s->wiren, s->txf, s->txn);
	s->wiren += s->txn;
	s->txn = 0;
	s->thre_pending = true;
}

static void sim_recv(struct sim *s, uint8_t c, uint8_t err)
{
	if (s->rxn == sim_fifo(s) && s->kind == SIM_16550A) {
		s->oe = true;           /* the byte is lost */
		return;
	}
	s->rx[s->rxn] = c;
	s->rxerr[s->rxn++] = err;
}

static struct sim sim;
static struct uart16550 uart;
static uint8_t rxbuf[256], txbuf[256];

static void setup(enum sim_kind kind)
{
	memset(&sim, 0, sizeof(sim));
	memset(&uart, 0, sizeof(uart));
	sim.kind = kind;
	uart.io = (struct hwio){ sim_in, sim_out, &sim };
	cs_ring_init(&uart.rx, rxbuf, sizeof(rxbuf));
	cs_ring_init(&uart.tx, txbuf, sizeof(txbuf));
}

HTEST(ring_basic)
{
	uint8_t b[8], out[16];
	struct cs_ring r;
	CHECK(!cs_ring_init(&r, b, 6));
	CHECK(!cs_ring_init(&r, b, 1));
	CHECK(cs_ring_init(&r, b, 8));
	CHECK(cs_ring_write(&r, "abcdefghij", 10) == 8);
	CHECK(cs_ring_room(&r) == 0 && !cs_ring_put(&r, 'x'));
	CHECK(cs_ring_read(&r, out, 3) == 3 && !memcmp(out, "abc", 3));
	CHECK(cs_ring_write(&r, "XYZ", 3) == 3);        /* wraps */
	CHECK(cs_ring_read(&r, out, 16) == 8 && !memcmp(out, "defghXYZ", 8));
	CHECK(cs_ring_read(&r, out, 16) == 0);
}

HTEST(ring_counters_wrap)
{
	uint8_t b[4], c;
	struct cs_ring r;
	cs_ring_init(&r, b, 4);
	r.head = r.tail = UINT32_MAX - 1;       /* free-running counters wrap */
	for (int i = 0; i < 10; i++) {
		CHECK(cs_ring_put(&r, (uint8_t)i));
		CHECK(cs_ring_used(&r) == 1);
		CHECK(cs_ring_get(&r, &c) && c == i);
	}
}

HTEST(probe_16550a)
{
	setup(SIM_16550A);
	CHECK(uart_probe(&uart) == IO_OK);
	CHECK(uart.type == UART_16550A && uart.fifo == 16);
	CHECK(sim.ier == 0);
}

HTEST(probe_16450)
{
	setup(SIM_16450);
	CHECK(uart_probe(&uart) == IO_OK);
	CHECK(uart.type == UART_16450 && uart.fifo == 1);
}

HTEST(probe_no_device)
{
	setup(SIM_NONE);
	CHECK(uart_probe(&uart) == IO_ENODEV);
	setup(SIM_STUCK);       /* scratch register reads 0 */
	CHECK(uart_probe(&uart) == IO_ENODEV);
}

HTEST(setup_line)
{
	setup(SIM_16550A);
	CHECK(uart_probe(&uart) == IO_OK);
	CHECK(uart_setup(&uart, 9600) == IO_OK);
	CHECK(sim.dll == 12 && sim.dlm == 0);
	CHECK(sim.lcr == UART_LCR_8N1);
	CHECK(sim.mcr & UART_MCR_OUT2);
	CHECK(sim.ier == (UART_IER_RDA | UART_IER_RLS));
	CHECK(sim.fcr & 1);
	CHECK(uart_setup(&uart, 50) == IO_OK && sim.dll == (2304 & 0xff) && sim.dlm == 9);
	CHECK(uart_setup(&uart, 1000) == IO_EINVAL);
	CHECK(uart_setup(&uart, 0) == IO_EINVAL);
	CHECK(uart_setup(&uart, 230400) == IO_EINVAL);
	uart_shutdown(&uart);
	CHECK(sim.ier == 0 && !(sim.mcr & UART_MCR_OUT2));
}

HTEST(rx_data_and_timeout)
{
	uint8_t out[32];
	setup(SIM_16550A);
	uart_probe(&uart);
	uart_setup(&uart, 115200);
	for (int i = 0; i < 11; i++)
		sim_recv(&sim, (uint8_t)('a' + i), 0);
	CHECK(uart_intr(&uart) == UART_EV_RX);
	CHECK(uart.n.rx == 11 && uart.n.interrupts == 1);
	CHECK(uart_read(&uart, out, sizeof(out)) == 11 && !memcmp(out, "abcdefghijk", 11));
	sim_recv(&sim, 'z', 0);         /* below the trigger: timeout interrupt */
	CHECK(uart_intr(&uart) == UART_EV_RX);
	CHECK(uart_read(&uart, out, 1) == 1 && out[0] == 'z');
	CHECK(uart_intr(&uart) == 0);   /* nothing pending */
}

HTEST(rx_line_errors)
{
	uint8_t out[32];
	setup(SIM_16550A);
	uart_probe(&uart);
	uart_setup(&uart, 115200);
	sim_recv(&sim, 'A', 0);
	sim_recv(&sim, 'B', UART_LSR_FE);
	sim_recv(&sim, 'C', UART_LSR_PE);
	sim_recv(&sim, 0, UART_LSR_BI);
	sim_recv(&sim, 'D', 0);
	uart_intr(&uart);
	CHECK(uart.n.errors == 3);
	CHECK(uart_read(&uart, out, sizeof(out)) == 2 && !memcmp(out, "AD", 2));
	/* 20 bytes into a 16-byte FIFO: the chip overruns */
	for (int i = 0; i < 20; i++)
		sim_recv(&sim, (uint8_t)i, 0);
	uart_intr(&uart);
	CHECK(uart.n.overruns == 1);
	CHECK(uart.n.rx == 2 + 16);
}

HTEST(rx_ring_full_counts_drops)
{
	setup(SIM_16550A);
	uart_probe(&uart);
	uart_setup(&uart, 115200);
	for (int round = 0; round < 20; round++) {      /* 320 bytes, ring 256 */
		for (int i = 0; i < 16; i++)
			sim_recv(&sim, (uint8_t)i, 0);
		uart_intr(&uart);
	}
	CHECK(uart.n.rx == 256 && uart.n.dropped == 64);
	CHECK(uart.n.overruns == 0);
}

/* Send a burst through the TX ring, running the line and the interrupt
 * handler until it is out; the bytes arrive in order, in FIFO batches. */
static bool tx_burst(unsigned total, unsigned fifo)
{
	uint8_t msg[1000];
	for (unsigned i = 0; i < total; i++)
		msg[i] = (uint8_t)(i * 7 + 1);
	unsigned queued = 0;
	for (int guard = 0; guard < 10000 && sim.wiren < total; guard++) {
		queued += (unsigned)uart_write(&uart, msg + queued, total - queued);
		sim_send(&sim);
		uart_intr(&uart);
	}
	return sim.wiren == total && !memcmp(sim.wire, msg, total) && !sim.tx_overflow &&
	       sim.max_batch == fifo && uart.n.tx == total;
}

HTEST(tx_fifo_batches)
{
	setup(SIM_16550A);
	uart_probe(&uart);
	uart_setup(&uart, 115200);
	CHECK(tx_burst(1000, 16));
	CHECK(!(sim.ier & UART_IER_THRE));      /* off once the ring is empty */
	CHECK(uart_intr(&uart) == 0);
}

HTEST(tx_no_fifo)
{
	setup(SIM_16450);
	uart_probe(&uart);
	uart_setup(&uart, 115200);
	CHECK(tx_burst(300, 1));
}

HTEST(tx_ring_full_is_partial)
{
	uint8_t big[600];
	memset(big, 'q', sizeof(big));
	setup(SIM_16550A);
	uart_probe(&uart);
	uart_setup(&uart, 115200);
	/* 256 fit in the ring, then 16 of them go straight to the FIFO */
	CHECK(uart_write(&uart, big, sizeof(big)) == 256);
	CHECK(uart_write(&uart, big, 100) == 16);
	CHECK(uart_write(&uart, big, 1) == 0);
}

HTEST(intr_bounded_on_stuck_chip)
{
	setup(SIM_STUCK);
	uart.fifo = 16;
	CHECK(uart_intr(&uart) == 0);           /* returns, nothing gained */
}

HTEST(setup_bounded_on_floating_ports)
{
	/* ports that read 0xff claim data for ever: setup must still return */
	setup(SIM_NONE);
	uart.fifo = 16;
	CHECK(uart_setup(&uart, 115200) == IO_OK);
	CHECK(uart_intr(&uart) == 0);
}
