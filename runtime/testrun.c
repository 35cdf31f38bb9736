/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * testrun.c - the test loop of test programs (urt/testrun.h).
 */
#include "urt.h"
#include "urt/testrun.h"

unsigned urt_run_tests(const char *prefix, const char *suite, const struct urt_test *t, size_t n)
{
	char only[48];
	const char *want = urt_arg("test", only, sizeof(only));
	unsigned failed = 0, ran = 0;
	for (size_t i = 0; i < n; i++) {
		if (want && strcmp(want, t[i].name))
			continue;
		const char *why = t[i].fn();
		ran++;
		if (why) {
			failed++;
			uprintf("TEST %s/%s FAIL %s\n", prefix, t[i].name, why);
		} else {
			uprintf("TEST %s/%s PASS\n", prefix, t[i].name);
		}
	}
	uprintf("SUITE %s DONE %u tests, %u failed\n", suite, ran, failed);
	return failed;
}
