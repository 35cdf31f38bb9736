/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * main.c - the IDL root task: starts the demo server (generated code) in a
 * child task, then runs the round-trip tests (`SUITE idl DONE`) or, with
 * mode=bench on its command line, the benchmark (`SUITE idlbench DONE`).
 */
#include "idltest.h"

#define SHM_PAGES 2
#define CLIENT_BADGE 0x77

int main(const struct dbt_bootinfo *bi)
{
	char mode[16];
	bool bench = urt_arg("mode", mode, sizeof(mode)) && strcmp(mode, "bench") == 0;
	dbt_slot_t ep = urt_slot_alloc(), client = urt_slot_alloc(), ntf = urt_slot_alloc();
	(void)bi;

	threads_init();
	CHECK("create endpoint", dbt_create(DBT_ROOT_SLOT_QUOTA, DBT_OBJ_ENDPOINT, ep, 0, 0));
	CHECK("create notification", dbt_create(DBT_ROOT_SLOT_QUOTA, DBT_OBJ_NOTIFICATION, ntf,
	                                        0, 0));
	/* The client calls through a badged copy: the server sees the badge. */
	CHECK("badge", dbt_cap_copy(ep, client, DBT_CAP_ALL, CLIENT_BADGE));
	/* The shared region: the server's pager maps these frames at the same address. */
	server_region.base = urt_alloc_pages(SHM_PAGES);
	server_region.size = SHM_PAGES * 4096;
	server_start(ep, ntf);

	if (bench) {
		run_bench(client);
		uprintf("SUITE idlbench DONE\n");
	} else {
		run_tests(client, client, ntf);
		uprintf("SUITE idl DONE\n");
	}
	urt_poweroff(0);
}
