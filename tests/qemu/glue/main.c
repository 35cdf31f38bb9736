/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * gluetest - the glue library's test suite (a root task).  Prints
 * `TEST glue/<name> PASS|FAIL <reason>` per test, then `SUITE glue DONE`.
 */
#include "gluetest.h"
#include "urt/testrun.h"

#define GLUE_TESTS(X) \
	X(memory_log) X(lock_contention) X(lock_errors) X(rlock_depth) \
	X(rlock_contention) X(sem_counting) X(sem_threads) X(sleep_wakeup_all) \
	X(sleep_wakeup_one) X(sleep_timeout) X(callout_once) X(callout_cancel) \
	X(callout_reschedule) X(abi_table) X(port_io_cmos) X(port_io_pci) X(mmio_widths) \
	X(logf) X(dma_root_task)

#define DECLARE(name) const char *glue_##name(void);
GLUE_TESTS(DECLARE)

static const struct urt_test tests[] = {
#define ENTRY(name) { #name, glue_##name },
	GLUE_TESTS(ENTRY)
};

int main(const struct dbt_bootinfo *bi)
{
	(void)bi;
	urt_run_tests("glue", "glue", tests, ARRAY_SIZE(tests));
	return 0;
}
