/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cmosrtc_dev.c - the CMOS clock as a device (cmosrtc_dev.h).  No work
 * loop: the clock raises no interrupt the driver uses, and each read is a
 * few dozen port accesses made under the device's lock on the caller's
 * thread.
 */
#include "cmosrtc_dev.h"

int cmosrtc_dev_now(struct cmosrtc_dev *d, uint64_t *epoch, struct rtc_time *t)
{
	urt_mutex_lock(&d->lock);
	int err = rtc_read_epoch(&d->io, epoch, t);
	d->reads++;
	if (err)
		d->errors++;
	urt_mutex_unlock(&d->lock);
	return err;
}

void cmosrtc_format(const struct rtc_time *t, char *buf, size_t n)
{
	snfmt(buf, n, "%04u-%02u-%02uT%02u:%02u:%02uZ", t->year, t->mon, t->mday, t->hour,
	      t->min, t->sec);
}

static int cs_read(void *dev, void *buf, size_t n)
{
	uint64_t epoch;
	struct rtc_time t;
	char line[48], date[24];
	int err = cmosrtc_dev_now(dev, &epoch, &t);
	if (err)
		return err;
	cmosrtc_format(&t, date, sizeof(date));
	snfmt(line, sizeof(line), "%s %lu\n", date, (unsigned long)epoch);
	size_t len = strlen(line);
	if (len > n)
		len = n;
	memcpy(buf, line, len);
	return (int)len;
}

static int cs_status(void *dev, struct charstream_status *st)
{
	struct cmosrtc_dev *d = dev;
	urt_mutex_lock(&d->lock);
	st->rx = d->reads;
	st->errors = d->errors;
	urt_mutex_unlock(&d->lock);
	return 0;
}

static const struct charstream_ops rtc_cs_ops = { .read = cs_read, .status = cs_status };

int cmosrtc_dev_start(struct cmosrtc_dev **out, uint16_t base, const char *name)
{
	struct cmosrtc_dev *d = calloc(1, sizeof(*d));
	if (!d)
		return IO_ENOMEM;
	urt_mutex_init(&d->lock);
	d->base = base;
	hwio_ports(&d->io, &d->base);
	uint64_t epoch;
	struct rtc_time t;
	int err = cmosrtc_dev_now(d, &epoch, &t) ? IO_ENODEV : IO_OK;
	if (!err && name) {
		d->cs = charstream_register(name, "rtc", CSTREAM_F_READ, &rtc_cs_ops, d);
		if (!d->cs)
			err = IO_EBUSY;
	}
	if (err) {
		cmosrtc_dev_stop(d);
		return err;
	}
	*out = d;
	return IO_OK;
}

void cmosrtc_dev_stop(struct cmosrtc_dev *d)
{
	if (!d)
		return;
	charstream_unregister(d->cs);
	urt_mutex_destroy(&d->lock);
	free(d);
}
