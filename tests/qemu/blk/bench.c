/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bench.c - BENCH blk_seq_read: sequential reads through the block
 * interface, in instructions per MiB (run under -icount shift=0, where
 * rdtsc counts instructions: the whole system's, the framework server's,
 * the kernel's and ours, less the time stamps the kernel spent idle:
 * DBT_STAT_IDLE_TSC, with "idlepoll" on the kernel command line so that
 * idling spins instead of halting, since a halt under -icount sleep=off
 * jumps the clock to the next timer).  Arguments: bench=NAME (the media, default the
 * whole disk), mib=M (MiB read per round, default 32), chunk=BLOCKS (per
 * request, default 1 MiB), rounds=R (default 5).  One round reads M MiB
 * from block 0 on; min and median are over the rounds.
 */
#include "blkclient.h"

#define MAX_ROUNDS 16


void blkc_bench(struct blkc *c)
{
	char name[32];
	dbt_word_t h, bs, count, flags, maxb;
	if (!urt_arg("bench", name, sizeof(name)))
		strlcpy(name, c->diskname, sizeof(name));
	unsigned long mib = blkc_arg_num("mib", 32), rounds = blkc_arg_num("rounds", 5);
	if (rounds > MAX_ROUNDS)
		rounds = MAX_ROUNDS;
	dbt_word_t err = blk_open(c->disk, name, strlen(name), &h, &bs, &count, &flags, &maxb);
	int e = err ? 0 : urt_shm_share("disk", BLKC_REGION_PAGES, (void **)&c->region);
	unsigned long chunk = blkc_arg_num("chunk", BLKC_REGION_BYTES / (bs ? bs : 512));
	if (err || e || chunk > maxb || chunk * bs > BLKC_REGION_BYTES || mib * (1ul << 20) / bs > count) {
		uprintf("blkclient: bench: cannot run (open 0x%lx, share %d, chunk %lu of max %lu)\n",
			err, e, chunk, maxb);
		return;
	}
	uint64_t total = mib * (1ul << 20) / bs, per_mib[MAX_ROUNDS], idle_per_mib[MAX_ROUNDS];
	for (unsigned long r = 0; r < rounds; r++) {
		uint64_t idle0 = dbt_stat(DBT_STAT_IDLE_TSC), t0 = tsc_read();
		for (uint64_t lba = 0; lba < total && !err; lba += chunk)
			err = blk_read(c->disk, h, lba, total - lba < chunk ? total - lba : chunk, 0);
		uint64_t t1 = tsc_read(), idle = dbt_stat(DBT_STAT_IDLE_TSC) - idle0;
		per_mib[r] = (t1 - t0 - idle) / mib;
		idle_per_mib[r] = idle / mib;
		if (err) {
			uprintf("blkclient: bench: read failed 0x%lx\n", err);
			return;
		}
	}
	dbt_word_t direct = 0, copied = 0;
	blk_stats(c->disk, &direct, &copied);
	uprintf("blkclient: bench: %lu transfers straight into the region, %lu copied\n", direct,
		copied);
	urt_sort_u64(per_mib, (unsigned)rounds);
	urt_sort_u64(idle_per_mib, (unsigned)rounds);
	uprintf("BENCH blk_seq_read min=%lu median=%lu unit=insns_per_mib chunk=%lu mib=%lu "
		"idle_median=%lu\n", per_mib[0], per_mib[rounds / 2], chunk * bs, mib,
		idle_per_mib[rounds / 2]);
	blk_close(c->disk, h);
}
