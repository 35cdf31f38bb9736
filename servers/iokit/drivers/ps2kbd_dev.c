/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ps2kbd_dev.c - a PS/2 keyboard on a work loop (ps2kbd_dev.h).  The
 * controller is touched only on the loop: the interrupt handler drains
 * its output buffer into the decoder, and characters go into a ring that
 * client reads empty through the command gate.
 */
#include "urt.h"
#include "ps2kbd_dev.h"

/* Queue the event record (whole or not at all); true if queued. */
static bool put_event(struct ps2kbd_dev *d, const struct kbd_event *ev)
{
	const struct kbd_record rec = { ev->code, ev->down ? KBD_REC_DOWN : 0, ev->mods };
	if (cs_ring_room(&d->events) < sizeof(rec)) {
		d->ev_dropped++;
		return false;
	}
	cs_ring_write(&d->events, &rec, sizeof(rec));
	return true;
}

static void service(struct ps2kbd_dev *d)
{
	uint8_t byte;
	bool got = false, got_ev = false;
	struct kbd_event ev;
	while (i8042_read(&d->ctl, &byte)) {
		if (!ps2_dec_feed(&d->dec, byte, &ev))
			continue;
		d->nevents++;
		got_ev |= put_event(d, &ev);
		if (!ev.ch)
			continue;
		if (cs_ring_put(&d->chars, (uint8_t)ev.ch)) {
			d->nchars++;
			got = true;
		} else {
			d->dropped++;
		}
	}
	if (got && d->cs)
		charstream_notify(d->cs, CHARSTREAM_EV_RX);
	if (got_ev && d->evcs)
		charstream_notify(d->evcs, CHARSTREAM_EV_RX);
}

static void on_irq(struct iokit_source *src, void *arg)
{
	(void)src;
	service(arg);
}

static void on_poll(struct iokit_source *src, void *arg)
{
	service(arg);
	iokit_timer_arm_us(src, KBD_POLL_US);
}

struct kbd_args {
	struct ps2kbd_dev *d;
	void *buf;
	size_t n;
};

static int gate_read(void *arg)
{
	struct kbd_args *a = arg;
	return (int)cs_ring_read(&a->d->chars, a->buf, a->n);
}

static int gate_read_events(void *arg)
{
	struct kbd_args *a = arg;
	size_t whole = a->n - a->n % sizeof(struct kbd_record);
	return (int)cs_ring_read(&a->d->events, a->buf, whole);
}

static int gate_status(void *arg)
{
	struct kbd_args *a = arg;
	struct charstream_status *st = a->buf;
	st->rx = a->d->nchars;
	st->dropped = a->d->dropped;
	return 0;
}

static int gate_status_events(void *arg)
{
	struct kbd_args *a = arg;
	struct charstream_status *st = a->buf;
	st->rx = a->d->nevents * sizeof(struct kbd_record);
	st->dropped = a->d->ev_dropped * sizeof(struct kbd_record);
	return 0;
}

static int gate_init(void *arg)
{
	struct kbd_args *a = arg;
	ps2_dec_init(&a->d->dec, 1);    /* translation on: set 1 */
	return i8042_init(&a->d->ctl);
}

static int gate_shutdown(void *arg)
{
	struct kbd_args *a = arg;
	i8042_shutdown(&a->d->ctl);
	return 0;
}

static int run(struct ps2kbd_dev *d, iokit_action_t *fn, void *buf, size_t n)
{
	struct kbd_args a = { d, buf, n };
	return iokit_gate_run(d->dl.gate, fn, &a);
}

static int cs_read(void *dev, void *buf, size_t n)
{
	return run(dev, gate_read, buf, n);
}

static int cs_status(void *dev, struct charstream_status *st)
{
	return run(dev, gate_status, st, 0);
}

static int ev_read(void *dev, void *buf, size_t n)
{
	return run(dev, gate_read_events, buf, n);
}

static int ev_status(void *dev, struct charstream_status *st)
{
	return run(dev, gate_status_events, st, 0);
}

static const struct charstream_ops kbd_cs_ops = { .read = cs_read, .status = cs_status };
static const struct charstream_ops kbd_ev_ops = { .read = ev_read, .status = ev_status };

int ps2kbd_dev_start(struct ps2kbd_dev **out, uint16_t base, dbt_slot_t irq, const char *name,
                     const char *evname)
{
	struct ps2kbd_dev *d = calloc(1, sizeof(*d));
	if (!d)
		return IO_ENOMEM;
	d->base = base;
	d->irq = irq;
	hwio_ports(&d->ctl.io, &d->base);
	cs_ring_init(&d->chars, d->buf, sizeof(d->buf));
	cs_ring_init(&d->events, d->evbuf, sizeof(d->evbuf));
	int err = cs_loop_create(&d->dl, d->irq, on_irq, on_poll, d);
	if (!err) {
		err = run(d, gate_init, NULL, 0);
		if (err == IO_ENODEV)
			uprintf("ps2kbd: 8042 at %x: %s\n", base, d->ctl.error);
	}
	if (!err) {
		d->cs = charstream_register(name, "kbd", CSTREAM_F_READ, &kbd_cs_ops, d);
		if (!d->cs)
			err = IO_EBUSY;
	}
	if (!err && evname) {
		d->evcs = charstream_register(evname, "kbdev", CSTREAM_F_READ, &kbd_ev_ops, d);
		if (!d->evcs)
			err = IO_EBUSY;
	}
	if (!err)
		err = iokit_timer_arm_us(d->dl.poll, KBD_POLL_US);
	if (err) {
		ps2kbd_dev_stop(d);
		return err;
	}
	*out = d;
	return IO_OK;
}

void ps2kbd_dev_stop(struct ps2kbd_dev *d)
{
	if (!d)
		return;
	cs_loop_quiesce(&d->dl);
	charstream_unregister(d->evcs);
	charstream_unregister(d->cs);
	d->cs = d->evcs = NULL;
	if (d->dl.gate && !d->ctl.error)
		run(d, gate_shutdown, NULL, 0);
	cs_loop_free(&d->dl);
	free(d);
}
