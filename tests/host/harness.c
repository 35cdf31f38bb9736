/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * harness.c - the host unit-test runner (see harness.h), and host versions
 * of the kernel's printk, snprintk and panic.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "types.h"

#define MAX_TESTS 256

struct htest {
	const char *file, *name;
	htest_fn fn;
};

static struct htest tests[MAX_TESTS];
static unsigned ntests;
static const struct htest *cur_test;
bool harness_failed;
static char fail_msg[512];

void harness_register(const char *file, const char *name, htest_fn fn)
{
	if (ntests == MAX_TESTS) {
		fprintf(stderr, "harness: too many tests\n");
		exit(2);
	}
	tests[ntests++] = (struct htest){ file, name, fn };
}

void harness_fail(const char *file, int line, const char *expr)
{
	if (harness_failed)
		return;                 /* report the first failure only */
	harness_failed = true;
	const char *base = strrchr(file, '/');
	snprintf(fail_msg, sizeof(fail_msg), "%s:%d: %s", base ? base + 1 : file, line, expr);
}

/* "tests/host/kernel/test_kmem.c" -> "kmem" */
static void short_name(const char *file, char *buf, size_t n)
{
	const char *base = strrchr(file, '/');
	base = base ? base + 1 : file;
	if (!strncmp(base, "test_", 5))
		base += 5;
	snprintf(buf, n, "%s", base);
	char *dot = strrchr(buf, '.');
	if (dot)
		*dot = 0;
}

int main(void)
{
	unsigned failed = 0;
	setvbuf(stdout, NULL, _IONBF, 0);
	for (unsigned i = 0; i < ntests; i++) {
		char file[64];
		cur_test = &tests[i];
		harness_failed = false;
		short_name(cur_test->file, file, sizeof(file));
		cur_test->fn();
		if (harness_failed) {
			failed++;
			printf("TEST host/%s/%s FAIL %s\n", file, cur_test->name, fail_msg);
		} else {
			printf("TEST host/%s/%s PASS\n", file, cur_test->name);
		}
	}
	return failed ? 1 : 0;
}

/* ---- the kernel's console, on the host ------------------------------------------- */

void printk(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

int snprintk(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

void panic(const char *fmt, ...)
{
	va_list ap;
	fprintf(stdout, "%s: panic: ", cur_test ? cur_test->name : "?");
	va_start(ap, fmt);
	vfprintf(stdout, fmt, ap);
	va_end(ap);
	fprintf(stdout, "\n");
	abort();
}
