/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bench.c - `make bench` figure of the interface compiler: the round trip of
 * a method without arguments (demo_ping) through the generated client stub
 * and the generated server (demo_serve/demo_dispatch), against the raw
 * dbt_ipc call to an echo server.  Both servers are threads in child tasks
 * (cross address space).  Method as tests/bench/kernel: under -icount shift=0 the
 * TSC counts instructions; warm-up, then one timed operation per sample,
 * the median cost of an empty rdtsc bracket subtracted, min and median.
 */
#include "idltest.h"

#define WARMUP  16
#define SAMPLES 256
#define NOPS    (WARMUP + SAMPLES)

static uint64_t results[NOPS];
static uint64_t tsc_overhead;

static void stats(uint64_t *min, uint64_t *median)
{
	static uint64_t s[SAMPLES];
	for (unsigned i = 0; i < SAMPLES; i++) {
		uint64_t v = results[WARMUP + i];
		s[i] = v > tsc_overhead ? v - tsc_overhead : 0;
	}
	urt_sort_u64(s, SAMPLES);
	*min = s[0];
	*median = (s[SAMPLES / 2 - 1] + s[SAMPLES / 2]) / 2;
}

static void measure_overhead(void)
{
	uint64_t min, median;
	for (unsigned i = 0; i < NOPS; i++) {
		uint64_t t0 = tsc_read();
		uint64_t t1 = tsc_read();
		results[i] = t1 - t0;
	}
	tsc_overhead = 0;
	stats(&min, &median);
	tsc_overhead = median;
}

/* The raw server: answer every call with an empty message. */
static void raw_server(dbt_word_t unused)
{
	dbt_word_t tag = 0, badge;
	(void)unused;
	dbt_word_t err = dbt_recv(C_EP, &tag, &badge, DBT_TIMEOUT_NEVER);
	for (;;) {
		(void)err;
		tag = DBT_TAG(0, 0, 0);
		err = dbt_reply_recv(C_EP, &tag, &badge, DBT_TIMEOUT_NEVER);
	}
}

/* One figure; false if a call failed. */
static bool bench_one(const char *name, dbt_slot_t ep, bool stub, uint64_t *median_out)
{
	dbt_word_t *mr = dbt_mr(), errors = 0;
	for (unsigned i = 0; i < NOPS; i++) {
		dbt_word_t tag = DBT_TAG(0, 0, 0), err;
		uint64_t t0 = 0, t1 = 0;
		if (stub) {
			t0 = tsc_read();
			err = demo_ping(ep);
			t1 = tsc_read();
		} else {
			t0 = tsc_read();
			err = dbt_ipc(DBT_SYS_CALL, ep, &tag,
			              DBT_TIMEOUTS(DBT_TIMEOUT_NEVER, DBT_TIMEOUT_NEVER), mr, 0);
			t1 = tsc_read();
		}
		results[i] = t1 - t0;
		errors += err != DBT_OK;
	}
	if (errors) {
		uprintf("idlbench: %s: %lu failed calls\n", name, errors);
		return false;
	}
	uint64_t min, median;
	stats(&min, &median);
	uprintf("BENCH %s min=%lu median=%lu unit=insns\n", name, min, median);
	*median_out = median;
	return true;
}

void run_bench(dbt_slot_t ep)
{
	static struct thr raw;
	dbt_slot_t raw_ep = urt_slot_alloc();
	uint64_t m_raw = 0, m_stub = 0;
	CHECK("create endpoint", dbt_create(DBT_ROOT_SLOT_QUOTA, DBT_OBJ_ENDPOINT, raw_ep, 0, 0));
	thr_create(&raw, true);
	CHECK("give endpoint", dbt_cap_give(raw.task, raw_ep, C_EP, DBT_CAP_READ));
	thr_start(&raw, raw_server, 0);

	measure_overhead();
	uprintf("idlbench: %u warm-up + %u samples; empty rdtsc pair %lu insns (subtracted)\n",
	        WARMUP, SAMPLES, tsc_overhead);
	dbt_word_t fp0 = dbt_stat(DBT_STAT_FASTPATH);
	bool ok = bench_one("rpc_rtt_raw_0w", raw_ep, false, &m_raw);
	dbt_word_t fp1 = dbt_stat(DBT_STAT_FASTPATH);
	ok = bench_one("rpc_rtt_stub_0w", ep, true, &m_stub) && ok;
	dbt_word_t fp2 = dbt_stat(DBT_STAT_FASTPATH);
	if (ok && m_raw)
		uprintf("idlbench: stub/raw = %lu.%03lu (goal <= 1.200); fast path +%lu raw, +%lu stub "
		        "over %u calls each\n", m_stub / m_raw, m_stub % m_raw * 1000 / m_raw,
		        fp1 - fp0, fp2 - fp1, NOPS);
}
