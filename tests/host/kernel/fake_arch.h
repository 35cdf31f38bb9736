/* SPDX-License-Identifier: BSD-2-Clause */
/* fake_arch.h - inspection of the host page-table stand-in (fake_arch.c). */
#ifndef HOST_FAKE_ARCH_H
#define HOST_FAKE_ARCH_H

#include "types.h"

#define FAKE_PTE_PRESENT  0x1ull
#define FAKE_PTE_RIGHTS(p) ((unsigned)(((p) >> 1) & 7))       /* DBT_R | DBT_W | DBT_X */
#define FAKE_PTE_UNCACHED 0x10ull
#define FAKE_PTE_KERNEL   0x200ull
#define FAKE_PTE_FRAME(p) ((p) & ~0xfffull)

struct task;

extern bool fake_arch_fail_alloc;       /* arch_pte_ref(alloc) fails with NO_QUOTA */
extern unsigned fake_arch_io_changes;
void fake_arch_reset(void);
uint64_t fake_arch_pte(struct task *t, vaddr_t va);    /* 0: no entry */

#endif
