/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * harness.h - a tiny unit-test harness for host builds of kernel code.
 *
 * HTEST(name) { ... } defines a test; CHECK(expr) fails it (and returns
 * from it) when expr is false.  The harness runs every test of the program
 * in definition order and prints one line each:
 *   TEST host/<file>/<name> PASS
 *   TEST host/<file>/<name> FAIL <file>:<line>: <expr>
 * where <file> is the test source's name without "test_" and ".c".  The
 * program exits with status 1 if any test failed.
 */
#ifndef HOST_HARNESS_H
#define HOST_HARNESS_H

#include <stdbool.h>

typedef void (*htest_fn)(void);

void harness_register(const char *file, const char *name, htest_fn fn);
void harness_fail(const char *file, int line, const char *expr);
extern bool harness_failed;     /* the current test has failed */

#define HTEST(name)                                                             \
	static void htest_##name(void);                                         \
	__attribute__((constructor)) static void htest_reg_##name(void)         \
	{                                                                       \
		harness_register(__FILE__, #name, htest_##name);                \
	}                                                                       \
	static void htest_##name(void)

#define CHECK(expr)                                                             \
	do {                                                                    \
		if (!(expr)) {                                                  \
			harness_fail(__FILE__, __LINE__, #expr);                \
			return;                                                 \
		}                                                               \
	} while (0)

#endif
