/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mm/pmap.h - a process's page table as unixd keeps it: user page -> frame.
 *
 * A four-level radix tree of 512-entry nodes over the 35 bits of a user
 * page number (as the hardware's own tables).  An entry is the frame's
 * address in unixd with flag bits in the low 12: PTE_COW marks a private
 * page shared with another process since fork (a write must copy it unless
 * it is the last reference).  Each entry holds one frame reference.
 */
#ifndef UNIX_PMAP_H
#define UNIX_PMAP_H

#include <stdbool.h>
#include <stdint.h>

#define PTE_COW    0x1ull
#define PTE_FLAGS  0xfffull
#define PTE_FRAME(e) ((void *)(uintptr_t)((e) & ~PTE_FLAGS))

struct pmap {
	void *root;
	uint64_t pages;         /* entries present */
};

/* The entry for va, or NULL; with create, the nodes are made (NULL when
 * out of memory). */
uint64_t *pmap_entry(struct pmap *pm, uint64_t va, bool create);
/* Call fn(ctx, va, entry) for each present entry in [start, end), in
 * order; fn may clear or change the entry. */
typedef void pmap_fn(void *ctx, uint64_t va, uint64_t *entry);
void pmap_walk(struct pmap *pm, uint64_t start, uint64_t end, pmap_fn *fn, void *ctx);
/* Drop every entry of [start, end) (their frame references). */
void pmap_clear(struct pmap *pm, uint64_t start, uint64_t end);
/* Free the whole tree (entries cleared first). */
void pmap_destroy(struct pmap *pm);

#endif
