/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * slots.c - lock-free bitmap allocators of indices (urt/slots.h) and the
 * component's capability-slot allocator built on one.
 *
 * Allocation scans the bitmap from a hint word and claims a clear bit with
 * compare-and-swap; a failed CAS re-reads the word and tries again, so no
 * lock is held and a preempted allocator never blocks another thread.
 */
#include "urt.h"

void urt_idset_init(struct urt_idset *s, uint64_t first, size_t count, _Atomic uint64_t *map)
{
	s->first = first;
	s->count = count;
	s->map = map;
	atomic_store(&s->hint, 0);
	for (size_t w = 0; w < URT_IDSET_WORDS(count); w++)
		atomic_store(&map[w], 0);
}

/* Bits of word w that name real indices (the last word may be partial). */
static uint64_t word_valid(const struct urt_idset *s, size_t w)
{
	size_t rest = s->count - w * 64;
	return rest >= 64 ? ~0ull : (1ull << rest) - 1;
}

uint64_t urt_idset_alloc(struct urt_idset *s)
{
	size_t words = URT_IDSET_WORDS(s->count);
	size_t start = atomic_load(&s->hint);
	for (size_t i = 0; i < words; i++) {
		size_t w = (start + i) % words;
		uint64_t old = atomic_load(&s->map[w]);
		while ((~old & word_valid(s, w)) != 0) {
			unsigned bit = (unsigned)__builtin_ctzll(~old & word_valid(s, w));
			if (atomic_compare_exchange_weak(&s->map[w], &old, old | (1ull << bit))) {
				atomic_store(&s->hint, w);
				return s->first + w * 64 + bit;
			}
		}
	}
	return URT_IDSET_NONE;
}

int urt_idset_free(struct urt_idset *s, uint64_t idx)
{
	if (idx < s->first || idx - s->first >= s->count)
		return URT_EINVAL;
	uint64_t i = idx - s->first, bit = 1ull << (i % 64);
	uint64_t old = atomic_fetch_and(&s->map[i / 64], ~bit);
	if (!(old & bit))
		return URT_EINVAL;
	if (i / 64 < atomic_load(&s->hint))
		atomic_store(&s->hint, i / 64);
	return URT_OK;
}

size_t urt_idset_used(struct urt_idset *s)
{
	size_t n = 0;
	for (size_t w = 0; w < URT_IDSET_WORDS(s->count); w++)
		for (uint64_t v = atomic_load(&s->map[w]); v; v &= v - 1)
			n++;            /* no libgcc: no __builtin_popcount */
	return n;
}

/* ---- capability slots ------------------------------------------------------------ */

static _Atomic uint64_t slot_map[URT_IDSET_WORDS(URT_SLOTS_MAX)];
static struct urt_idset slot_set;
static atomic_bool slots_ready;

void urt_slots_configure(dbt_slot_t first, size_t count)
{
	if (count > URT_SLOTS_MAX)
		count = URT_SLOTS_MAX;
	urt_idset_init(&slot_set, first, count, slot_map);
	atomic_store(&slots_ready, true);
}

/* Root tasks that never configured the range get [DBT_ROOT_SLOT_FREE, cspace). */
static void slots_default(void)
{
	if (atomic_load(&slots_ready))
		return;
	size_t total = urt_bootinfo ? urt_bootinfo->cspace_slots : 4096;
	urt_slots_configure(DBT_ROOT_SLOT_FREE, total - DBT_ROOT_SLOT_FREE);
}

dbt_slot_t urt_slot_alloc(void)
{
	slots_default();
	uint64_t s = urt_idset_alloc(&slot_set);
	return s == URT_IDSET_NONE ? 0 : s;
}

void urt_slot_free(dbt_slot_t s)
{
	slots_default();
	if (urt_idset_free(&slot_set, s) != URT_OK)
		uprintf("urt: slot_free(%lu): slot not allocated\n", s);
}
