/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * rttest.h - the component runtime's test suite (a root task).
 *
 * A test is `const char *rt_<name>(void)`, listed in main.c's table; it
 * returns NULL when it passes, else the reason, which main prints as
 * `TEST rt/<name> FAIL <reason>`.  CHECK(cond) returns "file:line: cond".
 */
#ifndef RTTEST_H
#define RTTEST_H

#include "urt.h"

#define RT_STR2(x) #x
#define RT_STR(x) RT_STR2(x)
#define CHECK(cond)                                                             \
	do {                                                                    \
		if (!(cond))                                                    \
			return __FILE__ ":" RT_STR(__LINE__) ": " #cond;        \
	} while (0)

/* Start n threads running fn(arg i) and join them all; NULL or a reason. */
const char *rt_run_threads(unsigned n, void *(*fn)(void *), void **args);

#endif
