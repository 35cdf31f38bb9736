/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * urt/slots.h - thread-safe allocators of small integer resources.
 *
 * A struct urt_idset hands out indices of a fixed range [first, first + count)
 * from a bitmap; allocation and release are lock-free (compare-and-swap on one
 * bitmap word), so they may be used from inside the mutex implementation and
 * from any thread.  The runtime keeps one set for capability slots
 * (urt_slot_alloc) and one for UTCB pages (thread.c).
 */
#ifndef URT_SLOTS_H
#define URT_SLOTS_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <darbat/abi.h>

struct urt_idset {
	uint64_t first;                 /* lowest index handed out */
	size_t count;                   /* number of indices */
	_Atomic uint64_t *map;          /* count bits, 1 = allocated; owned by the caller */
	_Atomic size_t hint;            /* word to start searching at */
};

/* Words of bitmap storage a set of count indices needs. */
#define URT_IDSET_WORDS(count) (((count) + 63) / 64)

/* Make s manage [first, first + count) with map (URT_IDSET_WORDS(count)
 * words, cleared here).  Not thread-safe against users of s. */
void urt_idset_init(struct urt_idset *s, uint64_t first, size_t count, _Atomic uint64_t *map);
/* Lowest-numbered free index at or after the search hint; URT_IDSET_NONE if
 * every index is in use. */
#define URT_IDSET_NONE UINT64_MAX
uint64_t urt_idset_alloc(struct urt_idset *s);
/* Release idx.  0 on success; URT_EINVAL if idx is outside the set or was
 * not allocated (a double free), and nothing changes. */
int urt_idset_free(struct urt_idset *s, uint64_t idx);
/* Indices currently allocated. */
size_t urt_idset_used(struct urt_idset *s);

/*
 * Capability slots of the component's own capability space.  The default
 * range is [DBT_ROOT_SLOT_FREE, cspace size) for a root task; a component
 * start-up calls urt_slots_configure with the range its creator left free
 * (at most URT_SLOTS_MAX slots) before any other runtime call.
 */
#define URT_SLOTS_MAX 16384
void urt_slots_configure(dbt_slot_t first, size_t count);
/* A free slot, or 0 (never a valid slot) when the range is exhausted. */
dbt_slot_t urt_slot_alloc(void);
/* Release a slot (its capability should be deleted first).  A slot that was
 * not allocated is reported on the console and ignored. */
void urt_slot_free(dbt_slot_t s);

#endif
