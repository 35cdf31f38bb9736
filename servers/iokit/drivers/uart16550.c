/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * uart16550.c - the 16550 UART driver class IOSerial16550 (docs/IOKIT.md,
 * "Platform drivers"): matches the platform's "serial" nubs, probes the
 * chip (a COM port granted with no UART behind it is declined with
 * IO_ENODEV) and, once started, runs the port on its own work loop
 * (uart16550_dev.c) and publishes it as the character stream "comN".
 *
 * Registry properties of a started driver: "uart-type" (8250, 16450,
 * 16550, 16550A), "fifo-size", "baud", "stream" (the stream's name).
 */
#include "urt.h"
#include "iokit/driver.h"
#include "uart16550_dev.h"

#define UART_BAUD 115200

struct io_serial16550 {
	struct io_service svc;
	struct uart16550_dev *dev;      /* set by start, cleared by stop */
};

static const char *const uart_type_name[] = { "8250", "16450", "16550", "16550A" };

static struct iokit_platform_device *nub_of(struct io_service *provider)
{
	return io_cast(provider, &IOPlatformDevice_class);
}

/* COM1..COM4 by their PC addresses; other bases by number. */
static void stream_name(uint16_t base, char *buf, size_t n)
{
	static const uint16_t com[] = { 0x3f8, 0x2f8, 0x3e8, 0x2e8 };
	for (unsigned i = 0; i < 4; i++)
		if (base == com[i]) {
			snfmt(buf, n, "com%u", i + 1);
			return;
		}
	snfmt(buf, n, "serial%x", base);
}

static int uart_probe_svc(struct io_service *self, struct io_service *provider, int *score)
{
	(void)self;
	(void)score;
	struct iokit_platform_device *nub = nub_of(provider);
	if (!nub || nub->io_count < 8)
		return IO_ENODEV;
	return uart_dev_probe(nub->io_base);
}

static int uart_start_svc(struct io_service *self, struct io_service *provider)
{
	struct io_serial16550 *me = (struct io_serial16550 *)self;
	struct iokit_platform_device *nub = nub_of(provider);
	char name[16];
	if (!nub)
		return IO_EINVAL;
	stream_name(nub->io_base, name, sizeof(name));
	int err = uart_dev_start(&me->dev, nub->io_base, nub->irq, name, UART_BAUD);
	if (err)
		return err;
	io_dict_set_string(self->props, "uart-type", uart_type_name[me->dev->hw.type]);
	io_dict_set_number(self->props, "fifo-size", me->dev->hw.fifo);
	io_dict_set_number(self->props, "baud", UART_BAUD);
	io_dict_set_string(self->props, "stream", name);
	uprintf("iokitd: %s: %s at %x: %s, irq %d, stream %s\n", iokitd_instance(),
	        self->name, nub->io_base, uart_type_name[me->dev->hw.type], nub->irq_line, name);
	return IO_OK;
}

static void uart_stop_svc(struct io_service *self, struct io_service *provider)
{
	struct io_serial16550 *me = (struct io_serial16550 *)self;
	(void)provider;
	uart_dev_stop(me->dev);
	me->dev = NULL;
}

static const struct io_service_methods uart_methods = {
	.probe = uart_probe_svc, .start = uart_start_svc, .stop = uart_stop_svc,
};

const struct io_class IOSerial16550_class = {
	.name = "IOSerial16550", .super = &IOService_class,
	.size = sizeof(struct io_serial16550), .methods = &uart_methods,
};

static int uart_init(struct io_catalog *cat)
{
	const struct io_personality_desc p = {
		.name = "IOSerial16550",
		.driver_class = &IOSerial16550_class,
		.provider_class = &IOPlatformDevice_class,
		.name_match = { "serial" },
		.score = 1000,
	};
	charstream_services_start();
	return io_catalog_add(cat, &p);
}

const struct iokitd_driver uart16550_driver = { "uart16550", uart_init };
