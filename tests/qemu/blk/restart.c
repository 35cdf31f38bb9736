/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * restart.c - mode=restart: the framework instance is killed under the
 * client (tests/qemu/blk/run.sh types `kill iokit0` on the composer's console
 * when it sees "blkclient: kill iokit0 now") and restarted by the composer.
 * Afterwards the old handle is refused with BLK_E_GONE (not HANDLE: the
 * instance tells handles of an earlier generation apart), the old shared
 * region is gone (NOBUF) and is shared again, and the disk opens and reads
 * the same data as before.
 */
#include "blkclient.h"

#define RESTART_WAIT_US 30000000ul

void blkc_restart(struct blkc *c)
{
	dbt_word_t h, bs, count, flags, maxb;
	dbt_word_t err = blk_open(c->disk, c->diskname, strlen(c->diskname), &h, &bs, &count,
				  &flags, &maxb);
	int e = err ? 0 : urt_shm_share("disk", BLKC_REGION_PAGES, (void **)&c->region);
	err = err ? err : e ? ~0ul : blk_read(c->disk, h, 0, 8, 0);
	blkc_test("restart/before", !err, "open/share/read: 0x%lx", err);
	if (err)
		return;
	uint8_t before[4096];
	memcpy(before, c->region, sizeof(before));
	uprintf("blkclient: kill iokit0 now\n");
	/* Until the new instance answers: calls fail with IPC errors or block
	 * while it is down; the first answer of the new instance is GONE. */
	uint64_t t0 = urt_now_us();
	unsigned ipc_errors = 0;
	do {
		err = blk_read(c->disk, h, 0, 8, 0);
		if (err && err < 0x100) {
			ipc_errors++;
			urt_sleep_us(10000);
		}
	} while ((!err || err < 0x100) && urt_now_us() - t0 < RESTART_WAIT_US);
	blkc_test("restart/old_handle_gone", err == BLK_E_GONE,
		  "got 0x%lx after %lu ms (%u IPC errors)", err, (urt_now_us() - t0) / 1000, ipc_errors);
	err = blk_open(c->disk, c->diskname, strlen(c->diskname), &h, &bs, &count, &flags, &maxb);
	blkc_test("restart/reopen", !err, "0x%lx", err);
	dbt_word_t nobuf = blk_read(c->disk, h, 0, 8, 0);
	blkc_test("restart/old_region_gone", nobuf == BLK_E_NOBUF, "got 0x%lx", nobuf);
	e = urt_shm_share("disk", BLKC_REGION_PAGES, (void **)&c->region);
	blkc_test("restart/reshare", e == URT_OK, "urt_shm_share: %d", e);
	err = e ? ~0ul : blk_read(c->disk, h, 0, 8, 0);
	blkc_test("restart/same_data", !err && !memcmp(before, c->region, sizeof(before)),
		  "read 0x%lx", err);
	blk_close(c->disk, h);
}
