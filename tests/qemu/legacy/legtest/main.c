/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * legtest - hardware tests of the legacy platform drivers (16550 UART,
 * PS/2 keyboard, CMOS RTC) and of the character-stream interface, as the
 * root task (docs/IOKIT.md, "Platform drivers").  Prints `TEST
 * legacy/<name> PASS|FAIL <reason>` per test, then `SUITE legacy DONE`.
 *
 * main opens the ports first (COM2, the empty COM3 range, the 8042, the
 * RTC) and takes IRQs 3 and 1: the task's I/O bitmap is kernel memory
 * kept for good, and the leak test must not count it.  Tests run in
 * order and share the devices they start; the host script
 * (tests/qemu/legacy/run.py) types into COM2 and the keyboard when asked.
 */
#include "legtest.h"
#include "urt/testrun.h"

#define LT_TESTS(X) \
	X(uart_absent) X(uart_start_stop_leaks) X(uart_start) X(stream_bad_input) \
	X(uart_echo) X(kbd_start) X(kbd_typed) X(kbd_events) X(rtc_time) X(rtc_formats) X(rtc_stream) \
	X(uart_stop_gone)

#define DECLARE(name) const char *lt_##name(void);
LT_TESTS(DECLARE)

static const struct urt_test tests[] = {
#define ENTRY(name) { #name, lt_##name },
	LT_TESTS(ENTRY)
};

struct uart16550_dev *lt_com2;
struct ps2kbd_dev *lt_kbd;
dbt_slot_t lt_irq3, lt_irq1;
dbt_slot_t lt_ep_serial, lt_ep_kbd, lt_ep_kbdev, lt_ep_rtc;

uint64_t lt_kmem(void)
{
	return dbt_stat(DBT_STAT_KMEM_USED);
}

uint64_t lt_arg_num(const char *key, uint64_t def)
{
	char buf[32];
	return urt_arg(key, buf, sizeof(buf)) ? strtoul(buf, NULL, 0) : def;
}

dbt_slot_t lt_service(const char *grant)
{
	dbt_slot_t ep = urt_slot_alloc();
	if (!ep || dbt_create(DBT_ROOT_SLOT_QUOTA, DBT_OBJ_ENDPOINT, ep, 0, 0) ||
	    charstream_serve(ep, grant, 2))
		return 0;
	return ep;
}

static bool open_ports(void)
{
	static const struct { uint16_t port; unsigned order; } ports[] = {
		{ LT_COM2, 3 }, { LT_NOUART, 3 }, { LT_KBD, 0 }, { LT_KBD + 4, 0 }, { 0x70, 1 },
	};
	for (unsigned i = 0; i < ARRAY_SIZE(ports); i++)
		if (dbt_io_enable(DBT_ROOT_SLOT_IOSPACE, DBT_IO_FPAGE(ports[i].port, ports[i].order)))
			return false;
	lt_irq3 = urt_slot_alloc();
	lt_irq1 = urt_slot_alloc();
	return !dbt_irq_get(DBT_ROOT_SLOT_IRQCTL, 3, lt_irq3) &&
	       !dbt_irq_get(DBT_ROOT_SLOT_IRQCTL, 1, lt_irq1);
}

int main(const struct dbt_bootinfo *bi)
{
	(void)bi;
	if (!open_ports())
		uprintf("legtest: cannot open the ports or IRQs\n");
	lt_ep_serial = lt_service("serial");
	lt_ep_kbd = lt_service("kbd");
	lt_ep_kbdev = lt_service("kbdev");
	lt_ep_rtc = lt_service("rtc");
	urt_run_tests("legacy", "legacy", tests, ARRAY_SIZE(tests));
	return 0;
}
