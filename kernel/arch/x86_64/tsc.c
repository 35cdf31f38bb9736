/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tsc.c - the kernel clock's counter on x86-64: the time-stamp counter,
 * calibrated once at boot (arch_clock_calibrate, clock.h).
 *
 * The TSC's rate is measured against PIT channel 2, which counts down at
 * PIT_HZ.  Under QEMU the PIT runs on the same virtual clock as the local
 * APIC timer and, with -icount, the TSC itself (which then counts
 * instructions, not the host's cycles): so the measurement is right with
 * and without -icount, where CPUID leaf 0x15 would report a rate the
 * counter does not have.  CPUID's rate (leaf 0x15, with 0x16 for a crystal
 * it does not name) is therefore taken only when it agrees with the
 * measurement to 1/CPUID_AGREE: then it is the exact one.
 *
 * A sample latches the PIT count between two TSC reads and keeps the
 * narrowest of SAMPLE_TRIES, so a host that preempts QEMU in mid-sample
 * does not widen the interval; a measurement spans CAL_PIT_TICKS (15 ms)
 * and the median of CAL_RUNS measurements is taken, so one run spoilt by a
 * preemption longer than the PIT's 16-bit period (55 ms) is outvoted.
 */
#include "clock.h"
#include "arch/cpu.h"

#define PIT_HZ          1193182u
#define PIT_CH2         0x42
#define PIT_CMD         0x43
#define PIT_CH2_MODE0   0xb0    /* channel 2, low then high byte, mode 0, binary */
#define PIT_CH2_LATCH   0x80    /* channel 2, latch the count */
#define PORT_B          0x61    /* bit 0: channel 2 gate, bit 1: speaker */
#define PORT_B_GATE     0x01
#define PORT_B_SPEAKER  0x02

#define CAL_PIT_TICKS   17898u  /* 15 ms */
#define CAL_RUNS        3
#define SAMPLE_TRIES    5
#define CPUID_AGREE     200     /* 0.5 % */

#define CPUID_TSC_LEAF  0x15    /* eax/ebx: TSC / crystal ratio, ecx: crystal Hz */
#define CPUID_FREQ_LEAF 0x16    /* eax: base frequency in MHz */
#define CPUID_EXT_MAX   0x80000000u
#define CPUID_APM_LEAF  0x80000007u
#define CPUID_APM_INVTSC (1u << 8)      /* edx: the TSC rate is invariant */

struct sample {
	uint64_t tsc;
	uint16_t pit;
};

static uint16_t pit_count(void)
{
	outb(PIT_CMD, PIT_CH2_LATCH);
	uint8_t lo = inb(PIT_CH2);
	return (uint16_t)(lo | inb(PIT_CH2) << 8);
}

/* A (TSC, PIT count) pair: the latch happened between the two TSC reads,
 * whose midpoint is kept; the narrowest of SAMPLE_TRIES. */
static struct sample sample(void)
{
	struct sample best = { 0, 0 };
	uint64_t width = UINT64_MAX;
	for (unsigned i = 0; i < SAMPLE_TRIES; i++) {
		uint64_t t0 = rdtsc();
		outb(PIT_CMD, PIT_CH2_LATCH);
		uint64_t t1 = rdtsc();
		uint8_t lo = inb(PIT_CH2);
		uint16_t count = (uint16_t)(lo | inb(PIT_CH2) << 8);
		if (t1 - t0 < width) {
			width = t1 - t0;
			best = (struct sample){ t0 + width / 2, count };
		}
	}
	return best;
}

/* TSC ticks per second over CAL_PIT_TICKS of the PIT. */
static uint64_t measure_once(void)
{
	outb(PORT_B, (uint8_t)((inb(PORT_B) & ~PORT_B_SPEAKER) | PORT_B_GATE));
	outb(PIT_CMD, PIT_CH2_MODE0);
	outb(PIT_CH2, 0xff);
	outb(PIT_CH2, 0xff);
	uint16_t first = pit_count();
	while (pit_count() == first)            /* counting has begun */
		cpu_relax();
	struct sample a = sample(), b;
	do
		b = sample();
	while ((uint16_t)(a.pit - b.pit) < CAL_PIT_TICKS);
	return (b.tsc - a.tsc) * PIT_HZ / (uint16_t)(a.pit - b.pit);
}

static uint64_t measure_hz(void)
{
	uint64_t hz[CAL_RUNS];
	for (unsigned i = 0; i < CAL_RUNS; i++) {
		uint64_t v = measure_once();
		unsigned j = i;
		for (; j > 0 && hz[j - 1] > v; j--)
			hz[j] = hz[j - 1];
		hz[j] = v;
	}
	return hz[CAL_RUNS / 2];
}

/* The TSC rate CPUID states, or 0. */
static uint64_t cpuid_hz(void)
{
	uint32_t r[4];
	cpuid_words(0, 0, r);
	uint32_t max = r[0];
	if (max < CPUID_TSC_LEAF)
		return 0;
	cpuid_words(CPUID_TSC_LEAF, 0, r);
	uint64_t denom = r[0], numer = r[1], crystal = r[2];
	if (!denom || !numer)
		return 0;
	if (crystal)
		return crystal * numer / denom;
	if (max < CPUID_FREQ_LEAF)
		return 0;
	cpuid_words(CPUID_FREQ_LEAF, 0, r);
	return (uint64_t)(r[0] & 0xffff) * 1000000u;   /* the base frequency is the TSC's */
}

static bool tsc_invariant(void)
{
	uint32_t r[4];
	cpuid_words(CPUID_EXT_MAX, 0, r);
	if (r[0] < CPUID_APM_LEAF)
		return false;
	cpuid_words(CPUID_APM_LEAF, 0, r);
	return r[3] & CPUID_APM_INVTSC;
}

void arch_clock_calibrate(struct dbt_clock_page *p)
{
	uint64_t hz = measure_hz(), stated = cpuid_hz();
	p->flags = tsc_invariant() ? DBT_CLOCK_INVARIANT : 0;
	if (stated) {
		uint64_t diff = stated > hz ? stated - hz : hz - stated;
		printk("clock: CPUID states %lu Hz, measured %lu Hz\n", stated, hz);
		if (diff <= hz / CPUID_AGREE) {
			hz = stated;
			p->flags |= DBT_CLOCK_CPUID;
		}
	}
	if (hz == 0)
		panic("clock: the TSC does not count");
	p->counter_hz = hz;
	p->mult = clock_ratio(NS_PER_S, hz);
}
