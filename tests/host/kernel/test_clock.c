/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_clock.c - the clock page's arithmetic (darbat/abi.h: dbt_clock_scale,
 * dbt_clock_page_ns; clock.h: clock_ratio) against a schoolbook product of
 * 32-bit limbs: exact over the whole 64-bit counter range, monotonic, and a
 * second of ticks at the calibrated rate is a second of nanoseconds.
 */
// uses:
#include "harness.h"
#include "clock.h"

/* (v * mult) >> 32, modulo 2^64, from four 32 x 32-bit products: the
 * product is hh 2^64 + (lh + hl) 2^32 + ll, so the sum below is exactly it
 * shifted right by 32, and 64-bit arithmetic keeps it modulo 2^64. */
static uint64_t ref_scale(uint64_t v, uint64_t mult)
{
	uint64_t vl = (uint32_t)v, vh = v >> 32, ml = (uint32_t)mult, mh = mult >> 32;
	uint64_t ll = vl * ml, lh = vl * mh, hl = vh * ml, hh = vh * mh;
	return (hh << 32) + lh + hl + (ll >> 32);
}

static const uint64_t rates[] = {
	1000000000ull,          /* QEMU -icount shift=0: one tick per instruction */
	2596152000ull,          /* a host's TSC */
	62500000ull,            /* QEMU's local APIC timer, divided by 16 */
	1193182ull,             /* the PIT */
	5000000000ull,
	1000000ull,
};

static const uint64_t deltas[] = {
	0, 1, 2, 999, 1ull << 31, (1ull << 32) - 1, 1ull << 32, 123456789012345ull,
	1ull << 62, (1ull << 63) + 12345, UINT64_MAX / 3, UINT64_MAX,
};

HTEST(scale_matches_reference)
{
	for (size_t r = 0; r < sizeof(rates) / sizeof(rates[0]); r++) {
		uint64_t mult = clock_ratio(NS_PER_S, rates[r]);
		for (size_t d = 0; d < sizeof(deltas) / sizeof(deltas[0]); d++)
			CHECK(dbt_clock_scale(deltas[d], mult) == ref_scale(deltas[d], mult));
	}
}

/* The clock of a page: ns_base plus the scaled distance from counter_base. */
HTEST(page_ns_from_base)
{
	struct dbt_clock_page p = { 0, 0, 1000, 5, clock_ratio(NS_PER_S, 1000000000ull), 1000000000ull };
	CHECK(dbt_clock_page_ns(&p, 1000) == 5);
	CHECK(dbt_clock_page_ns(&p, 1001) == 6);
	CHECK(dbt_clock_page_ns(&p, 1000 + 123456789) == 5 + 123456789);
}

/* A second of ticks is a second, to within the truncation of mult: less
 * than one nanosecond per 2^32 / hz seconds. */
HTEST(one_second_of_ticks)
{
	for (size_t r = 0; r < sizeof(rates) / sizeof(rates[0]); r++) {
		uint64_t mult = clock_ratio(NS_PER_S, rates[r]);
		uint64_t ns = dbt_clock_scale(rates[r], mult);
		CHECK(ns <= NS_PER_S);
		CHECK(NS_PER_S - ns <= rates[r] / (1ull << 32) + 1);
	}
}

/* Never backwards, tick by tick, around carries of the low word. */
HTEST(monotonic_across_carries)
{
	uint64_t mult = clock_ratio(NS_PER_S, 2596152000ull);
	static const uint64_t around[] = { 1ull << 32, 1ull << 40, 1ull << 63, UINT64_MAX - 2000 };
	for (size_t a = 0; a < sizeof(around) / sizeof(around[0]); a++) {
		uint64_t prev = dbt_clock_scale(around[a] - 1000, mult);
		for (uint64_t v = around[a] - 999; v < around[a] + 1000 && v > around[a] - 1000; v++) {
			uint64_t ns = dbt_clock_scale(v, mult);
			CHECK(ns >= prev && ns - prev <= 1);
			prev = ns;
		}
	}
}

/* clock_ratio as the timer uses it: LAPIC counts per nanosecond. */
HTEST(ratio_of_rates)
{
	uint64_t per_ns = clock_ratio(625000, 10000000);        /* 62.5 MHz over 10 ms */
	CHECK(per_ns == (1ull << 32) / 16);
	CHECK(dbt_clock_scale(1000000, per_ns) == 62500);       /* 1 ms of counts */
}
