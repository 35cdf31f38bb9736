/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * wltest - tests of work loops and event sources (servers/iokit/workloop), run
 * as the root task.  Prints `TEST workloop/<name> PASS|FAIL <reason>` per
 * test, then `SUITE workloop DONE`.
 *
 * main opens the RTC's ports first: the task's I/O bitmap is kernel memory
 * kept for good, and the leak test must not count it.
 */
#include "wltest.h"
#include "urt/testrun.h"

#define WL_TESTS(X) \
	X(gate_in_loop) X(gate_serialised) X(gate_disabled) X(timer_order) \
	X(timer_rearm) X(timer_cancel) X(irq_rtc) X(irq_disable) X(free_leaks)

#define DECLARE(name) const char *wl_##name(void);
WL_TESTS(DECLARE)

static const struct urt_test tests[] = {
#define ENTRY(name) { #name, wl_##name },
	WL_TESTS(ENTRY)
};

uint8_t wl_cmos_read(uint8_t reg)
{
	io_outb(0x70, reg);
	return io_inb(0x71);
}

void wl_cmos_write(uint8_t reg, uint8_t v)
{
	io_outb(0x70, reg);
	io_outb(0x71, v);
}

int main(const struct dbt_bootinfo *bi)
{
	(void)bi;
	dbt_word_t err = dbt_io_enable(DBT_ROOT_SLOT_IOSPACE, DBT_IO_FPAGE(0x70, 1));
	if (err)
		uprintf("wltest: dbt_io_enable: error %lu\n", (unsigned long)err);
	urt_run_tests("workloop", "workloop", tests, ARRAY_SIZE(tests));
	return 0;
}
