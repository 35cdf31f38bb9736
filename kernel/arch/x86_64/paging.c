/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * paging.c - x86-64 page tables.
 *
 * The kernel half (PML4 entries 256..511) is the same in every space: the
 * direct map of physical memory at PHYSMAP_BASE (2 MiB pages), the kernel
 * image at -2 GiB, and a window of uncached device pages (LAPIC, IOAPIC).
 * User spaces get their own lower half; a leaf page table is allocated
 * with a shadow page beside it holding the mapping node of each entry.
 * Entry bit 9 marks a kernel-owned user page (a UTCB, the clock page),
 * which the mapping database does not manage.
 */
#include "types.h"
#include "task.h"
#include "sched.h"
#include "thread.h"
#include "arch/cpu.h"
#include "arch/space.h"
#include "arch/percpu.h"

#define PTE_P    0x001ull
#define PTE_W    0x002ull
#define PTE_U    0x004ull
#define PTE_PWT  0x008ull
#define PTE_PCD  0x010ull
#define PTE_PS   0x080ull
#define PTE_G    0x100ull
#define PTE_KOWN 0x200ull       /* software: kernel-owned user page */
#define PTE_NX   (1ull << 63)
#define PTE_ADDR 0x000ffffffffff000ull

/* Four levels of PT_ENTRIES entries each, level 0 the leaf page table. */
#define PT_ENTRIES    512
#define PT_INDEX_BITS 9                         /* log2(PT_ENTRIES) */
#define PT_TOP_LEVEL  3                         /* the PML4 */
#define PT_LAST       (PT_ENTRIES - 1)
#define USER_ENTRIES  (PT_ENTRIES / 2)          /* PML4 entries of the user half */
#define LEAF_TABLE_SIZE (2 * PAGE_SIZE)         /* page table + shadow of node pointers */
_Static_assert((1 << PT_INDEX_BITS) == PT_ENTRIES, "a table index is PT_INDEX_BITS bits");
_Static_assert(PT_ENTRIES * sizeof(uint64_t) == PAGE_SIZE, "a table is one page");

/* Bytes one entry of a table at level spans (level 0: a page). */
#define LEVEL_SPAN(level) (1ul << (PAGE_SHIFT + PT_INDEX_BITS * (level)))
#define LARGE_PAGE_SIZE LEVEL_SPAN(1)           /* 2 MiB: the direct map's pages */
#define PD_SPAN         LEVEL_SPAN(2)           /* 1 GiB: one page directory */
#define PHYSMAP_PDS     (PHYSMAP_MAX / PD_SPAN)

extern uint64_t boot_pdpt_hi[PT_ENTRIES];

static uint64_t kernel_pml4[PT_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static uint64_t physmap_pdpt[PT_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static uint64_t physmap_pd[PHYSMAP_PDS][PT_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static uint64_t devwin_pd[PT_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static uint64_t devwin_pt[PT_ENTRIES] __attribute__((aligned(PAGE_SIZE)));
static unsigned devwin_next;

#define DEVWIN_BASE 0xffffffffc0000000ul        /* PDPT entry 511 of the -2 GiB table */

static inline unsigned idx(vaddr_t va, int level)
{
	return (va >> (PAGE_SHIFT + PT_INDEX_BITS * level)) & PT_LAST;
}

/* Kernel page tables: direct map of [0, top), the image, the device window. */
void arch_paging_init(paddr_t top)
{
	top = ALIGN_UP(top, PD_SPAN);
	if (top > PHYSMAP_MAX)
		top = PHYSMAP_MAX;
	for (paddr_t pa = 0; pa < top; pa += LARGE_PAGE_SIZE)
		physmap_pd[pa / PD_SPAN][idx(pa, 1)] = pa | PTE_P | PTE_W | PTE_PS | PTE_G | PTE_NX;
	for (unsigned g = 0; g < top / PD_SPAN; g++)
		physmap_pdpt[g] = virt_to_phys(physmap_pd[g]) | PTE_P | PTE_W;
	kernel_pml4[idx(PHYSMAP_BASE, PT_TOP_LEVEL)] = virt_to_phys(physmap_pdpt) | PTE_P | PTE_W;
	/* The boot tables sit at their physical addresses, below the image. */
	uint64_t *pdpt_hi = (uint64_t *)((word_t)boot_pdpt_hi + KERNEL_VMA);
	pdpt_hi[PT_LAST] = virt_to_phys(devwin_pd) | PTE_P | PTE_W;
	devwin_pd[0] = virt_to_phys(devwin_pt) | PTE_P | PTE_W;
	kernel_pml4[PT_LAST] = (paddr_t)boot_pdpt_hi | PTE_P | PTE_W;
	write_cr3(virt_to_phys(kernel_pml4));
}

/* Map a device page uncached into the kernel; returns its address. */
void *arch_map_device(paddr_t pa)
{
	assert(devwin_next < PT_ENTRIES);
	unsigned i = devwin_next++;
	devwin_pt[i] = ALIGN_DOWN(pa, PAGE_SIZE) | PTE_P | PTE_W | PTE_PCD | PTE_PWT | PTE_NX;
	return (void *)(DEVWIN_BASE + i * PAGE_SIZE + (pa & (PAGE_SIZE - 1)));
}

word_t arch_space_init(struct task *t)
{
	word_t err;
	uint64_t *pml4 = quota_alloc(t->quota, PAGE_SIZE, &err);
	if (!pml4)
		return err;
	for (unsigned i = USER_ENTRIES; i < PT_ENTRIES; i++)
		pml4[i] = kernel_pml4[i];
	t->arch.pml4 = pml4;
	t->arch.pml4_phys = virt_to_phys(pml4);
	return DBT_OK;
}

static void free_level(struct task *t, uint64_t *table, int level)
{
	for (unsigned i = 0; i < (level == PT_TOP_LEVEL ? USER_ENTRIES : PT_ENTRIES); i++) {
		if (!(table[i] & PTE_P))
			continue;
		uint64_t *next = phys_to_virt(table[i] & PTE_ADDR);
		if (level > 1)
			free_level(t, next, level - 1);
		else
			quota_free(t->quota, next, LEAF_TABLE_SIZE);
	}
	if (level < PT_TOP_LEVEL)
		quota_free(t->quota, table, PAGE_SIZE);
}

void arch_space_free(struct task *t)
{
	struct arch_cpu *ac = &this_cpu()->arch;
	if (ac->active_space == t) {
		write_cr3(virt_to_phys(kernel_pml4));
		ac->active_space = NULL;
	}
	if (t->iobitmap && ac->io_loaded == t->iobitmap) {  /* its memory may be reused */
		arch_load_iobitmap(NULL);
		ac->io_loaded = NULL;
	}
	free_level(t, t->arch.pml4, PT_TOP_LEVEL);
	quota_free(t->quota, t->arch.pml4, PAGE_SIZE);
	t->arch.pml4 = NULL;
}

/* va's entry in the leaf table and its node pointer in the shadow beside it. */
static void leaf_ref(uint64_t *table, vaddr_t va, struct pte_ref *ref)
{
	ref->pte = &table[idx(va, 0)];
	ref->node = (struct mapnode **)(table + PT_ENTRIES) + idx(va, 0);
}

bool arch_pte_ref(struct task *t, vaddr_t va, bool alloc, struct pte_ref *ref, word_t *err)
{
	uint64_t *table = t->arch.pml4;
	/* The last user page never gets an entry: code there could `syscall`
	 * with a return address past the canonical hole, which sysret and
	 * iretq would fault on in the kernel. */
	if (va >= DBT_USER_TOP - (alloc ? PAGE_SIZE : 0)) {
		*err = DBT_E_BAD_ADDRESS;
		return false;
	}
	for (int level = PT_TOP_LEVEL; level > 0; level--) {
		uint64_t *e = &table[idx(va, level)];
		if (!(*e & PTE_P)) {
			if (!alloc) {
				*err = DBT_E_NOT_MAPPED;
				return false;
			}
			size_t size = level == 1 ? LEAF_TABLE_SIZE : PAGE_SIZE;
			void *n = quota_alloc(t->quota, size, err);
			if (!n)
				return false;
			*e = virt_to_phys(n) | PTE_P | PTE_W | PTE_U;
		}
		table = phys_to_virt(*e & PTE_ADDR);
	}
	leaf_ref(table, va, ref);
	return true;
}

void arch_pte_set(struct task *t, vaddr_t va, struct pte_ref *ref, paddr_t pa, unsigned rights,
                  unsigned attr, bool kernel_owned)
{
	uint64_t e = pa | PTE_P | PTE_U;
	if (rights & DBT_W)
		e |= PTE_W;
	if (!(rights & DBT_X))
		e |= PTE_NX;
	if (attr == DBT_MAP_UNCACHED)
		e |= PTE_PCD | PTE_PWT;
	if (kernel_owned)
		e |= PTE_KOWN;
	bool was = *ref->pte & PTE_P;
	*ref->pte = e;
	if (was && this_cpu()->arch.active_space == t)
		invlpg(va);
}

/* The next entry of the same leaf table; never the last user page (see above). */
bool arch_pte_ref_step(struct pte_ref *ref, vaddr_t va)
{
	vaddr_t next = va + PAGE_SIZE;
	if (idx(next, 0) == 0 || next >= DBT_USER_TOP - PAGE_SIZE)
		return false;
	ref->pte++;
	ref->node++;
	return true;
}

void arch_pte_clear(struct task *t, vaddr_t va, struct pte_ref *ref)
{
	*ref->pte = 0;
	if (this_cpu()->arch.active_space == t)
		invlpg(va);
}

bool arch_pte_kernel_owned(struct pte_ref *ref)
{
	return *ref->pte & PTE_KOWN;
}

bool arch_pte_present(struct pte_ref *ref)
{
	return *ref->pte & PTE_P;
}

paddr_t arch_pte_frame(struct pte_ref *ref)
{
	return *ref->pte & PTE_ADDR;
}

/* Walk down from the PML4, skipping absent subtrees.  Each entry looked at
 * (a present leaf, or an absent entry at any level, which skips what it
 * covers) costs one unit of *budget; at 0 the walk stops. */
bool arch_next_mapped(struct task *t, vaddr_t *va, vaddr_t end, word_t *budget,
                      struct pte_ref *ref)
{
	vaddr_t a = *va;
	while (a < end && a < DBT_USER_TOP) {
		if (budget) {
			if (*budget == 0)
				break;
			(*budget)--;
		}
		uint64_t *table = t->arch.pml4;
		int level;
		for (level = PT_TOP_LEVEL; level >= 0; level--) {
			uint64_t e = table[idx(a, level)];
			if (!(e & PTE_P))
				break;
			if (level == 0) {
				leaf_ref(table, a, ref);
				*va = a;
				return true;
			}
			table = phys_to_virt(e & PTE_ADDR);
		}
		/* absent at this level: skip to the next entry of it */
		vaddr_t span = LEVEL_SPAN(level);
		vaddr_t next = ALIGN_DOWN(a, span) + span;
		if (next <= a)
			break;
		a = next;
	}
	*va = MIN(a, end);
	return false;
}

void arch_io_changed(struct task *t)
{
	struct arch_cpu *ac = &this_cpu()->arch;
	if (!current() || current()->task != t)
		return;                 /* loaded when t next runs */
	arch_load_iobitmap(t->iobitmap);
	ac->io_loaded = t->iobitmap;
}
