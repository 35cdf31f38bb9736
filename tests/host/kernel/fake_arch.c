/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fake_arch.c - a host stand-in for the x86-64 page tables behind
 * arch/space.h: one flat table of (task, page) entries, each holding a
 * fake PTE and the mapping-node shadow pointer.  An entry exists once
 * arch_pte_ref was asked to allocate it (like a page table covering the
 * page); it is present while its PTE has bit 0.
 */
#include <stdlib.h>
#include "task.h"
#include "fake_arch.h"

#define FAKE_ENTRIES 65536

struct fake_pte {
	struct task *task;
	vaddr_t va;
	uint64_t pte;
	struct mapnode *node;
};

static struct fake_pte table[FAKE_ENTRIES];
static unsigned nentries;
bool fake_arch_fail_alloc;
unsigned fake_arch_io_changes;

void fake_arch_reset(void)
{
	nentries = 0;
	fake_arch_fail_alloc = false;
	fake_arch_io_changes = 0;
}

static struct fake_pte *find(struct task *t, vaddr_t va)
{
	for (unsigned i = 0; i < nentries; i++)
		if (table[i].task == t && table[i].va == va)
			return &table[i];
	return NULL;
}

word_t arch_space_init(struct task *t)
{
	(void)t;
	return DBT_OK;
}

void arch_space_free(struct task *t)
{
	for (unsigned i = 0; i < nentries;) {
		if (table[i].task == t)
			table[i] = table[--nentries];
		else
			i++;
	}
}

bool arch_pte_ref(struct task *t, vaddr_t va, bool alloc, struct pte_ref *ref, word_t *err)
{
	struct fake_pte *e = find(t, va);
	if (!e && alloc) {
		if (fake_arch_fail_alloc || nentries == FAKE_ENTRIES) {
			*err = DBT_E_NO_QUOTA;
			return false;
		}
		e = &table[nentries++];
		*e = (struct fake_pte){ .task = t, .va = va };
	}
	if (!e)
		return false;
	ref->pte = &e->pte;
	ref->node = &e->node;
	return true;
}

/* Entries are not in tables here: every page is looked up afresh. */
bool arch_pte_ref_step(struct pte_ref *ref, vaddr_t va)
{
	(void)ref;
	(void)va;
	return false;
}

void arch_pte_set(struct task *t, vaddr_t va, struct pte_ref *ref, paddr_t pa, unsigned rights,
                  unsigned attr, bool kernel_owned)
{
	(void)t;
	(void)va;
	*ref->pte = pa | FAKE_PTE_PRESENT | ((uint64_t)(rights & 7) << 1) |
	            (attr ? FAKE_PTE_UNCACHED : 0) | (kernel_owned ? FAKE_PTE_KERNEL : 0);
}

void arch_pte_clear(struct task *t, vaddr_t va, struct pte_ref *ref)
{
	(void)t;
	(void)va;
	*ref->pte = 0;
}

bool arch_pte_kernel_owned(struct pte_ref *ref)
{
	return (*ref->pte & FAKE_PTE_KERNEL) != 0;
}

/* A found entry costs one unit of *budget; the fake has no absent tables to skip. */
bool arch_next_mapped(struct task *t, vaddr_t *va, vaddr_t end, word_t *budget,
                      struct pte_ref *ref)
{
	struct fake_pte *best = NULL;
	if (budget && *budget == 0)
		return false;           /* *va: the first address not looked at */
	for (unsigned i = 0; i < nentries; i++) {
		struct fake_pte *e = &table[i];
		if (e->task == t && (e->pte & FAKE_PTE_PRESENT) && e->va >= *va && e->va < end &&
		    (!best || e->va < best->va))
			best = e;
	}
	if (!best) {
		*va = end;
		return false;
	}
	if (budget)
		(*budget)--;
	*va = best->va;
	ref->pte = &best->pte;
	ref->node = &best->node;
	return true;
}

void arch_space_activate(struct task *t)
{
	(void)t;
}

void arch_io_changed(struct task *t)
{
	(void)t;
	fake_arch_io_changes++;
}

uint64_t fake_arch_pte(struct task *t, vaddr_t va)
{
	struct fake_pte *e = find(t, va);
	return e ? e->pte : 0;
}
