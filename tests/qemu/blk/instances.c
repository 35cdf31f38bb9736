/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * instances.c - two framework instances with a disk each (tests/qemu/blk/
 * instances.comp), and the restart-to-serving benchmark.
 *
 * The host writes every 512-byte sector of disk X as "DISK-X" padded to 8
 * bytes, then the sector's number (8 bytes, little-endian).  A client reads
 * 16 sectors at a time across its disk and checks each header.
 *
 *   mode=steady   reads `reads=` times without an error allowed, with a
 *                 progress line every 25 reads (the instance that is not
 *                 faulted: it must not notice the other one's death)
 *   mode=inject   reads a while, injects a fault into its instance's driver
 *                 (block.idl fault) with a read in flight, then waits for
 *                 the restarted instance, opens, shares again, and reads on
 *   mode=restartbench  the same, `rounds=` times under -icount:
 *                 BENCH iokit_restart_to_serving, from the fault's injection
 *                 to the first good read from the restarted instance
 */
#include "blkclient.h"

#define CHUNK 16                        /* sectors per read */
#define WAIT_US 30000000ul              /* for a restarted instance */
#define MAX_ROUNDS 32

struct disk {
	dbt_word_t h, blocks;
	char id;                        /* the X of "DISK-X" */
};

/* Open the disk and share the region (again, after a restart). */
static dbt_word_t attach(struct blkc *c, struct disk *d)
{
	dbt_word_t bs, flags, maxb;
	dbt_word_t err = blk_open(c->disk, c->diskname, strlen(c->diskname), &d->h, &bs,
				  &d->blocks, &flags, &maxb);
	if (err)
		return err;
	if (bs != 512 || maxb < CHUNK || d->blocks < CHUNK)
		return ~0ul;
	int e = urt_shm_share("disk", CHUNK * 512 / 4096, (void **)&c->region);
	if (e == URT_OK)
		return 0;
	blk_close(c->disk, d->h);
	return 0x1000ul + (unsigned)e;
}

/* Read the n-th chunk and check it: 0, the interface's error, or ~0 when
 * the data is not this disk's. */
static dbt_word_t read_check(struct blkc *c, struct disk *d, unsigned long n)
{
	uint64_t lba = (n * 37 * CHUNK) % (d->blocks - CHUNK + 1);
	dbt_word_t err = blk_read(c->disk, d->h, lba, CHUNK, 0);
	if (err)
		return err;
	for (unsigned i = 0; i < CHUNK; i++) {
		const uint8_t *s = c->region + i * 512;
		uint64_t got;
		memcpy(&got, s + 8, sizeof(got));
		if (memcmp(s, "DISK-", 5) || s[5] != d->id || got != lba + i)
			return ~0ul;
	}
	return 0;
}

static char disk_id(void)
{
	char id[4];
	return urt_arg("expect", id, sizeof(id)) ? id[0] : 'A';
}

static void steady(struct blkc *c)
{
	struct disk d = { .id = disk_id() };
	unsigned long reads = blkc_arg_num("reads", 1500), errors = 0, n;
	dbt_word_t err = attach(c, &d);
	blkc_test("instances/steady_open", !err, "0x%lx", err);
	if (err)
		return;
	for (n = 0; n < reads; n++) {
		if (read_check(c, &d, n))
			errors++;
		if (n % 25 == 24)
			uprintf("blkclient %c: %lu reads, %lu errors\n", d.id, n + 1, errors);
	}
	blkc_test("instances/steady_no_errors", errors == 0, "%lu of %lu reads failed", errors,
		  reads);
	uprintf("blkclient %c: steady done\n", d.id);
}

/*
 * Inject a fault with a read behind it, then keep trying until the
 * restarted instance serves: its first answer to the old handle is GONE;
 * then open, share and read again.  Returns the IPC errors seen (> 0 when
 * the death was noticed) or -1 when the instance did not come back.
 */
static long fault_and_recover(struct blkc *c, struct disk *d, bool *old_gone)
{
	dbt_word_t err = blk_fault(c->disk, d->h);
	if (err)
		return -1;
	long ipc_errors = 0;
	uint64_t t0 = urt_now_us();
	*old_gone = false;
	for (;;) {
		err = read_check(c, d, 0);
		if (err && err < 0x100) {               /* the instance is gone */
			ipc_errors++;
			urt_sleep_us(1000);
		} else if (err == BLK_E_GONE) {         /* the new one, old handle */
			*old_gone = true;
			if (!attach(c, d) && !read_check(c, d, 1))
				return ipc_errors;
			urt_sleep_us(1000);
		} else if (!err && ipc_errors) {        /* cannot be: old handle */
			return -1;
		}
		if (urt_now_us() - t0 > WAIT_US)
			return -1;
	}
}

static void inject(struct blkc *c)
{
	struct disk d = { .id = disk_id() };
	dbt_word_t err = attach(c, &d);
	unsigned long before = blkc_arg_num("before", 100), errors = 0;
	for (unsigned long n = 0; !err && n < before; n++)
		if (read_check(c, &d, n))
			errors++;
	blkc_test("instances/inject_open_and_read", !err && !errors, "open 0x%lx, %lu bad reads",
		  err, errors);
	if (err)
		return;
	uprintf("blkclient %c: injecting a fault\n", d.id);
	bool gone;
	long ipc = fault_and_recover(c, &d, &gone);
	blkc_test("instances/in_flight_fails", ipc > 0, "%ld IPC errors", ipc);
	blkc_test("instances/old_handle_gone", gone, "never saw GONE");
	blkc_test("instances/serving_again", ipc >= 0, "the instance did not come back");
	uprintf("blkclient %c: serving again\n", d.id);
	for (unsigned long n = 0; ipc >= 0 && n < before; n++)
		if (read_check(c, &d, n + 7))
			errors++;
	blkc_test("instances/reads_after_restart", errors == 0, "%lu bad reads", errors);
}

static void restartbench(struct blkc *c)
{
	struct disk d = { .id = disk_id() };
	unsigned long rounds = blkc_arg_num("rounds", 20), warmup = 2;
	uint64_t total[MAX_ROUNDS], work[MAX_ROUNDS];
	if (rounds > MAX_ROUNDS)
		rounds = MAX_ROUNDS;
	dbt_word_t err = attach(c, &d);
	for (unsigned long r = 0; !err && r < rounds + warmup; r++) {
		bool gone;
		uint64_t i0 = dbt_stat(DBT_STAT_IDLE_TSC), t0 = tsc_read();
		long ipc = fault_and_recover(c, &d, &gone);
		uint64_t t1 = tsc_read(), idle = dbt_stat(DBT_STAT_IDLE_TSC) - i0;
		if (ipc <= 0 || !gone) {
			uprintf("blkclient: restartbench: round %lu: no clean restart (%ld)\n", r, ipc);
			return;
		}
		if (r >= warmup) {
			total[r - warmup] = t1 - t0;
			work[r - warmup] = t1 - t0 - idle;
		}
	}
	if (err) {
		uprintf("blkclient: restartbench: cannot attach: 0x%lx\n", err);
		return;
	}
	urt_sort_u64(total, (unsigned)rounds);
	urt_sort_u64(work, (unsigned)rounds);
	uprintf("BENCH iokit_restart_to_serving min=%lu median=%lu unit=insns rounds=%lu "
		"work_median=%lu\n", total[0], total[rounds / 2], rounds, work[rounds / 2]);
}

void blkc_instances(struct blkc *c, const char *mode)
{
	if (!strcmp(mode, "steady"))
		steady(c);
	else if (!strcmp(mode, "inject"))
		inject(c);
	else
		restartbench(c);
}
