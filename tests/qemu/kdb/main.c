/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kdbtest - root task for the kernel-debugger test (tests/qemu/kdb/run.py).
 * It makes some state worth looking at (a blocked thread, an endpoint, a
 * mapping), announces itself, sleeps while the harness drives the debugger
 * through the key sequence, then enters it by kernel call, checks that the
 * call needs the right, and finishes.
 */
#include "urt.h"

static uint8_t stack[16384] __attribute__((aligned(16)));

static void blocked_thread(void)
{
	dbt_word_t tag, badge;
	dbt_recv(DBT_ROOT_SLOT_FREE, &tag, &badge, DBT_TIMEOUT_NEVER);
	urt_halt();
}

static void sleep_ms(dbt_slot_t ntf, unsigned ms)
{
	dbt_wait(ntf, NULL, ms * 1000u);
}

int main(const struct dbt_bootinfo *bi)
{
	(void)bi;
	dbt_slot_t ep = urt_slot_alloc(), th = urt_slot_alloc(), ntf = urt_slot_alloc();
	dbt_slot_t weak = urt_slot_alloc();
	dbt_create(DBT_ROOT_SLOT_QUOTA, DBT_OBJ_ENDPOINT, ep, 0, 0);
	dbt_create(DBT_ROOT_SLOT_QUOTA, DBT_OBJ_NOTIFICATION, ntf, 0, 0);
	dbt_create(DBT_ROOT_SLOT_QUOTA, DBT_OBJ_THREAD, th, DBT_ROOT_SLOT_TASK, 0x7ffff0100000ull);
	dbt_thread_start(th, (dbt_word_t)blocked_thread, (dbt_word_t)(stack + sizeof(stack)));
	sleep_ms(ntf, 10);
	uprintf("KDBTEST ready\n");
	sleep_ms(ntf, 2000);            /* time in the debugger does not count */
	uprintf("KDBTEST entering by kernel call\n");
	dbt_word_t err = dbt_debug_enter(DBT_ROOT_SLOT_DEBUG);
	uprintf("KDBTEST debug_enter returned %lu\n", err);
	dbt_cap_copy(DBT_ROOT_SLOT_DEBUG, weak, DBT_CAP_WRITE, 0);
	uprintf("KDBTEST without CONTROL: %lu\n", dbt_debug_enter(weak));
	uprintf("SUITE kdb DONE\n");
	return 0;
}
