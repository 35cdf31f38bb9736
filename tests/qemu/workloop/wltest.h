/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * wltest.h - the work-loop test suite (a root task, docs/IOKIT.md "Work
 * loops").  A test is `const char *wl_<name>(void)` listed in main.c; it
 * returns NULL when it passes, else the reason.
 */
#ifndef WLTEST_H
#define WLTEST_H

#include "urt.h"
#include "iokit/workloop/workloop.h"

#define WL_STR2(x) #x
#define WL_STR(x) WL_STR2(x)
#define CHECK(cond)                                                             \
	do {                                                                    \
		if (!(cond))                                                    \
			return __FILE__ ":" WL_STR(__LINE__) ": " #cond;        \
	} while (0)

/* The RTC's ports (0x70/0x71), opened by main before any test. */
uint8_t wl_cmos_read(uint8_t reg);
void wl_cmos_write(uint8_t reg, uint8_t v);

#endif
