/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * faulter.c - the component that kills the driver framework instance
 * serving unixd's disk, many times, at random points of unixd's I/O
 * (tests/qemu/unixdisk/run.sh).  It shares the instance's block service
 * (route `disk`, the instance started with `faults=yes`) and asks it to
 * fault (block.idl fault): the virtio-blk driver makes a wild write at its
 * next interrupt, which comes from the request of unixd's writer then on
 * the device, and the whole instance dies with that request in flight.
 * Then it waits until the composer has restarted the instance (a handle's
 * top bits are the instance's generation + 1) and, after a random pause of
 * 20-400 ms, does it again.
 * Arguments: faults=N (default 20).  Prints "faulter: fault K generation G"
 * for each and "faulter: done N faults" (or "faulter: gave up ...").
 */
#include "urt.h"
#include "block.h"
#include "block_proto.h"

#define WAIT_US   60000000ull   /* for a restarted instance */
#define GEN(h)    ((h) >> 40)

static uint64_t rng_state;

static unsigned rnd(unsigned n)
{
	rng_state = rng_state * 6364136223846793005ull + 1442695040888963407ull;
	return (unsigned)((rng_state >> 33) % n);
}

/* A handle of the instance now serving; 0 when none answered in time. */
static dbt_word_t open_disk(dbt_slot_t ep)
{
	dbt_word_t h, bs, count, flags, maxb;
	uint64_t t0 = urt_now_us();
	while (urt_now_us() - t0 < WAIT_US) {
		if (!blk_open(ep, "disk0", 5, &h, &bs, &count, &flags, &maxb))
			return h;
		urt_sleep_us(10000);
	}
	return 0;
}

/* Until a handle of a later generation than gen opens. */
static dbt_word_t next_generation(dbt_slot_t ep, dbt_word_t gen)
{
	uint64_t t0 = urt_now_us();
	while (urt_now_us() - t0 < WAIT_US) {
		dbt_word_t h = open_disk(ep);
		if (h && GEN(h) != gen)
			return h;
		if (h)
			blk_close(ep, h);
		urt_sleep_us(20000);
	}
	return 0;
}

int main(const struct dbt_bootinfo *bi)
{
	char buf[16];
	(void)bi;
	dbt_slot_t ep = urt_service("disk");
	unsigned long faults = urt_arg("faults", buf, sizeof(buf)) ? strtoul(buf, NULL, 0) : 20;
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	rng_state = ((uint64_t)hi << 32 | lo) | 1;
	dbt_word_t h = ep ? open_disk(ep) : 0;
	urt_sleep_us(2000000);                  /* the writer starts */
	for (unsigned long k = 1; h && k <= faults; k++) {
		urt_sleep_us(20000 + rnd(380000));
		dbt_word_t err = blk_fault(ep, h);
		if (err) {
			uprintf("faulter: gave up: fault refused (0x%lx)\n", err);
			return 1;
		}
		dbt_word_t gen = GEN(h);
		h = next_generation(ep, gen);
		uprintf("faulter: fault %lu generation %lu\n", k, h ? GEN(h) : 0);
	}
	if (!h) {
		uprintf("faulter: gave up: the instance did not come back\n");
		return 1;
	}
	uprintf("faulter: done %lu faults\n", faults);
	return 0;
}
