/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * legtest.h - the legacy platform drivers' hardware tests (a root task
 * booted alone; docs/IOKIT.md, "Platform drivers").  A test is
 * `const char *lt_<name>(void)` listed in main.c; it returns NULL when it
 * passes, else the reason.  Some tests talk to the host script
 * (tests/qemu/legacy/run.py) through console lines that start with "LEGTEST".
 */
#ifndef LEGTEST_H
#define LEGTEST_H

#include "urt.h"
#include "cstream.h"
#include "iokit/drivers/uart16550_dev.h"
#include "iokit/drivers/ps2kbd_dev.h"
#include "iokit/drivers/cmosrtc_dev.h"

#define LT_STR2(x) #x
#define LT_STR(x) LT_STR2(x)
#define CHECK(cond)                                                             \
	do {                                                                    \
		if (!(cond))                                                    \
			return __FILE__ ":" LT_STR(__LINE__) ": " #cond;        \
	} while (0)

#define LT_COM2   0x2f8
#define LT_NOUART 0x3e8         /* granted, but QEMU puts no UART there */
#define LT_KBD    0x60

/* Shared by the tests (main.c): the devices, and one endpoint per service
 * with its grant ("serial", "kbd", "kbdev", "rtc"). */
extern struct uart16550_dev *lt_com2;
extern struct ps2kbd_dev *lt_kbd;
extern dbt_slot_t lt_irq3, lt_irq1;
extern dbt_slot_t lt_ep_serial, lt_ep_kbd, lt_ep_kbdev, lt_ep_rtc;
/* Endpoint + server threads granting `grant`; 0 on failure. */
dbt_slot_t lt_service(const char *grant);
uint64_t lt_kmem(void);
/* A number from the command line, or def. */
uint64_t lt_arg_num(const char *key, uint64_t def);

#endif
