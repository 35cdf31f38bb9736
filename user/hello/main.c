/*
 * hello - the default root task of `make run` in this milestone: it shows
 * what the kernel handed over (memory, modules, capabilities), runs a
 * client and a server in two address spaces talking over IPC, and stays
 * up so the kernel debugger (Ctrl-K twice) can be used to look around.
 */
#include "urt.h"

static const char *const mem_types[] = { "?", "free", "root", "module", "kernel", "reserved" };

int main(const struct dbt_bootinfo *bi)
{
	uprintf("hello: Darbat root task up; %lu memory regions, %lu modules\n", bi->nregions,
	        bi->nmodules);
	for (unsigned i = 0; i < bi->nregions; i++) {
		const struct dbt_mem_region *r = &bi->region[i];
		uprintf("  %012lx-%012lx %s\n", r->base, r->base + r->size,
		        r->type < 6 ? mem_types[r->type] : "?");
	}
	dbt_word_t used = 0, limit = 0;
	dbt_quota_info(DBT_ROOT_SLOT_QUOTA, &used, &limit);
	uprintf("hello: kernel memory quota %lu KiB, %lu KiB used\n", limit >> 10, used >> 10);
	uprintf("hello: press Ctrl-K twice for the kernel debugger; Ctrl-A X quits QEMU\n");
	urt_halt();
}
