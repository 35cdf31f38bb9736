/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * boot.h - what the boot loader told us: memory regions and modules,
 * in a form independent of multiboot.
 */
#ifndef KERNEL_BOOT_H
#define KERNEL_BOOT_H

#include "types.h"

#define BOOT_MAX_REGIONS DBT_BOOT_MAX_REGIONS
#define BOOT_CMDLINE_MAX 128            /* the kernel's own command line */
#define LOW_MEMORY_END 0x100000ul       /* the first MiB: firmware, never allocated */

struct boot_state {
	struct dbt_mem_region region[BOOT_MAX_REGIONS];
	unsigned nregions;
	struct dbt_module module[DBT_BOOT_MAX_MODULES];
	unsigned nmodules;
	char cmdline[BOOT_CMDLINE_MAX];
};

extern struct boot_state boot;

/* Give [base, base+size) the type, splitting regions as needed. */
void boot_region_set(struct boot_state *b, paddr_t base, word_t size, unsigned type);
bool boot_is_kernel_memory(paddr_t pa, word_t size);
/* Take size bytes (page aligned) of free RAM below limit, marking them type. */
paddr_t boot_alloc(struct boot_state *b, word_t size, paddr_t limit, unsigned type);
void boot_start_root_task(const char *args);

#endif
