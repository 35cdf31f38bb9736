/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * gluetest.h - tests of the driver framework's glue library
 * (servers/iokit/glue), run as the root task.  A test is
 * `const char *glue_<name>(void)`, listed in main.c; it returns NULL when
 * it passes, else the reason: `TEST glue/<name> FAIL <reason>`.
 */
#ifndef GLUETEST_H
#define GLUETEST_H

#include "urt.h"
#include "iokit/glue/glue_abi.h"

#define GT_STR2(x) #x
#define GT_STR(x) GT_STR2(x)
#define CHECK(cond)                                                             \
	do {                                                                    \
		if (!(cond))                                                    \
			return __FILE__ ":" GT_STR(__LINE__) ": " #cond;        \
	} while (0)

#endif
