/* SPDX-License-Identifier: BSD-2-Clause */
/* arch/space.h - the x86-64 part of an address space: the PML4. */
#ifndef ARCH_SPACE_H
#define ARCH_SPACE_H

#include "types.h"

struct task;
struct quota;
struct mapnode;

struct arch_space {
	uint64_t *pml4;                 /* kernel virtual address */
	paddr_t pml4_phys;
};

/* A reference to one leaf entry and its mapping-node shadow. */
struct pte_ref {
	uint64_t *pte;
	struct mapnode **node;
};

word_t arch_space_init(struct task *t);
void arch_space_free(struct task *t);
/* Find (alloc: create) the leaf entry for va; false if absent or out of quota. */
bool arch_pte_ref(struct task *t, vaddr_t va, bool alloc, struct pte_ref *ref, word_t *err);
/* ref, va's entry, moved on to the entry of va + PAGE_SIZE; false (ref
 * unchanged) when that needs arch_pte_ref: another leaf table, or a page
 * arch_pte_ref refuses. */
bool arch_pte_ref_step(struct pte_ref *ref, vaddr_t va);
void arch_pte_set(struct task *t, vaddr_t va, struct pte_ref *ref, paddr_t pa, unsigned rights,
                  unsigned attr, bool kernel_owned);
void arch_pte_clear(struct task *t, vaddr_t va, struct pte_ref *ref);
bool arch_pte_kernel_owned(struct pte_ref *ref);
bool arch_pte_present(struct pte_ref *ref);
paddr_t arch_pte_frame(struct pte_ref *ref);       /* of a present entry */
/* The next va >= *va below end with a leaf entry present, *ref that entry.
 * budget (NULL: no limit) is decremented per page-table entry looked at (an
 * absent entry skips what it covers); false when none is found or the
 * budget ran out, with *va then the first address not looked at (at most end). */
bool arch_next_mapped(struct task *t, vaddr_t *va, vaddr_t end, word_t *budget,
                      struct pte_ref *ref);
void arch_io_changed(struct task *t);      /* the I/O bitmap of t changed */

#endif
