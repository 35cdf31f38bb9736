/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * serial.c - the kernel log on COM1 (16550, 115200 8N1, polled transmit).
 * Receive raises IRQ 4, which the kernel debugger uses for its key sequence.
 */
#include "types.h"
#include "arch/cpu.h"

#define COM1 0x3f8

void serial_init(void)
{
	outb(COM1 + 1, 0x00);   /* no interrupts yet */
	outb(COM1 + 3, 0x80);   /* DLAB */
	outb(COM1 + 0, 0x01);   /* 115200 */
	outb(COM1 + 1, 0x00);
	outb(COM1 + 3, 0x03);   /* 8N1 */
	outb(COM1 + 2, 0xc7);   /* FIFO on, cleared */
	outb(COM1 + 4, 0x0b);   /* DTR, RTS, OUT2 (IRQ line enabled) */
}

/* Interrupt on received data, for the debugger's key sequence. */
void serial_enable_rx_irq(void)
{
	outb(COM1 + 1, 0x01);
}

void arch_console_putc(char c)
{
	if (c == '\n')
		arch_console_putc('\r');
	while (!(inb(COM1 + 5) & 0x20))
		cpu_relax();
	outb(COM1, (uint8_t)c);
}

/* A received byte, or -1 when none is waiting. */
int arch_console_getc(void)
{
	if (!(inb(COM1 + 5) & 0x01))
		return -1;
	return inb(COM1);
}
