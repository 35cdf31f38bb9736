/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * uart16550_dev.c - a 16550 port on a work loop (uart16550_dev.h).
 *
 * The chip is touched only on the loop thread: the interrupt handler, a
 * polling timer and command-gate calls from the stream operations (which
 * run on client threads).  After every service the handler tells waiting
 * clients what changed (charstream_notify).
 *
 * The poll timer is there because ISA interrupts are edge-triggered: an
 * edge that comes while the kernel keeps the line masked (between the
 * handler's last IIR read and its acknowledgement) is not delivered
 * again, and the chip would keep its line high with nobody looking.
 */
#include "urt.h"
#include "uart16550_dev.h"

static void service(struct uart16550_dev *d)
{
	unsigned ev = uart_intr(&d->hw);
	unsigned cev = (ev & UART_EV_RX ? CHARSTREAM_EV_RX : 0) |
	               (ev & UART_EV_TX ? CHARSTREAM_EV_TX : 0);
	if (cev && d->cs)
		charstream_notify(d->cs, cev);
}

static void on_irq(struct iokit_source *src, void *arg)
{
	(void)src;
	service(arg);
}

static void on_poll(struct iokit_source *src, void *arg)
{
	service(arg);
	iokit_timer_arm_us(src, UART_POLL_US);
}

struct io_args {
	struct uart16550_dev *d;
	void *buf;
	size_t n;
	unsigned baud;
};

static int gate_read(void *arg)
{
	struct io_args *a = arg;
	return (int)uart_read(&a->d->hw, a->buf, a->n);
}

static int gate_write(void *arg)
{
	struct io_args *a = arg;
	return (int)uart_write(&a->d->hw, a->buf, a->n);
}

static int gate_status(void *arg)
{
	struct io_args *a = arg;
	const struct uart_counts *n = &a->d->hw.n;
	struct charstream_status *st = a->buf;
	st->rx = n->rx;
	st->tx = n->tx;
	st->overruns = n->overruns;
	st->errors = n->errors;
	st->dropped = n->dropped;
	return 0;
}

static int gate_setup(void *arg)
{
	struct io_args *a = arg;
	return uart_setup(&a->d->hw, a->baud);
}

static int gate_shutdown(void *arg)
{
	struct io_args *a = arg;
	uart_shutdown(&a->d->hw);
	return 0;
}

static int run(struct uart16550_dev *d, iokit_action_t *fn, void *buf, size_t n)
{
	struct io_args a = { d, buf, n, 0 };
	return iokit_gate_run(d->dl.gate, fn, &a);
}

static int cs_read(void *dev, void *buf, size_t n)
{
	return run(dev, gate_read, buf, n);
}

static int cs_write(void *dev, const void *buf, size_t n)
{
	return run(dev, gate_write, (void *)buf, n);
}

static int cs_status(void *dev, struct charstream_status *st)
{
	return run(dev, gate_status, st, 0);
}

static const struct charstream_ops uart_cs_ops = {
	.read = cs_read, .write = cs_write, .status = cs_status,
};

int uart_dev_probe(uint16_t base)
{
	struct uart16550 u = { 0 };
	uint16_t b = base;
	hwio_ports(&u.io, &b);
	return uart_probe(&u);
}

int uart_dev_start(struct uart16550_dev **out, uint16_t base, dbt_slot_t irq, const char *name,
                   unsigned baud)
{
	struct uart16550_dev *d = calloc(1, sizeof(*d));
	if (!d)
		return IO_ENOMEM;
	d->base = base;
	d->irq = irq;
	strlcpy(d->name, name, sizeof(d->name));
	hwio_ports(&d->hw.io, &d->base);
	cs_ring_init(&d->hw.rx, d->rxbuf, sizeof(d->rxbuf));
	cs_ring_init(&d->hw.tx, d->txbuf, sizeof(d->txbuf));
	int err = uart_probe(&d->hw);
	if (!err)
		err = cs_loop_create(&d->dl, d->irq, on_irq, on_poll, d);
	if (!err) {
		struct io_args a = { d, NULL, 0, baud };
		err = iokit_gate_run(d->dl.gate, gate_setup, &a);
	}
	if (!err) {
		d->cs = charstream_register(d->name, "serial", CSTREAM_F_READ | CSTREAM_F_WRITE,
		                            &uart_cs_ops, d);
		if (!d->cs)
			err = IO_EBUSY;
	}
	if (!err)
		err = iokit_timer_arm_us(d->dl.poll, UART_POLL_US);
	if (err) {
		uart_dev_stop(d);
		return err;
	}
	*out = d;
	return IO_OK;
}

void uart_dev_stop(struct uart16550_dev *d)
{
	if (!d)
		return;
	/* No handler may run once the stream is gone: it would notify it. */
	cs_loop_quiesce(&d->dl);
	charstream_unregister(d->cs);
	d->cs = NULL;
	if (d->dl.gate)
		run(d, gate_shutdown, NULL, 0);
	cs_loop_free(&d->dl);
	free(d);
}
