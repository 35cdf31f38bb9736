/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * urt/testrun.h - the table-driven test loop of the test root tasks and
 * components (rttest, gluetest, wltest, legtest, gluecomp; testrun.c).
 */
#ifndef URT_TESTRUN_H
#define URT_TESTRUN_H

#include <stddef.h>

struct urt_test {
	const char *name;
	const char *(*fn)(void);        /* NULL when it passed, else why not */
};

/*
 * Run the tests in order (only the one the "test" argument names, if any),
 * printing "TEST <prefix>/<name> PASS" or "... FAIL <why>" for each and
 * "SUITE <suite> DONE <n> tests, <f> failed" at the end, which the host
 * harness (tools/qemu-run --expect-done) waits for.  Returns f.
 */
unsigned urt_run_tests(const char *prefix, const char *suite, const struct urt_test *t, size_t n);

#endif
