/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * charstream_io.c - struct hwio over real I/O ports (charstream_io.h),
 * with the glue library's one definition of port access (glue_io.h).
 */
#include "charstream_io.h"
#include "iokit/glue/glue_io.h"

static uint8_t port_in(void *ctx, unsigned reg)
{
	return glue_inb((uint16_t)(*(uint16_t *)ctx + reg));
}

static void port_out(void *ctx, unsigned reg, uint8_t v)
{
	glue_outb((uint16_t)(*(uint16_t *)ctx + reg), v);
}

void hwio_ports(struct hwio *io, uint16_t *base)
{
	io->in = port_in;
	io->out = port_out;
	io->ctx = base;
}
