/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ioerr.c - mode=ioerr: the disk reports an I/O error for one sector
 * (QEMU's blkdebug driver injects EIO there; tests/qemu/blk/run.sh "ioerr"), so
 * virtio-blk completes that request with VIRTIO_BLK_S_IOERR.  The client
 * must get BLK_E_IO for it, and the requests around it must still work.
 * The drive is also read-only (virtio-blk's RO feature): the media is not
 * writable and a write is refused with BLK_E_RDONLY before the device.
 * ioerr_lba=L: the first block of the 8 that hold the bad sector.
 */
#include "blkclient.h"

void blkc_ioerr(struct blkc *c)
{
	dbt_word_t h, bs, count, flags, maxb;
	uint64_t bad = blkc_arg_num("ioerr_lba", 96);
	dbt_word_t err = blk_open(c->disk, c->diskname, strlen(c->diskname), &h, &bs, &count,
				  &flags, &maxb);
	int e = err ? 0 : urt_shm_share("disk", BLKC_REGION_PAGES, (void **)&c->region);
	blkc_test("ioerr/open", !err && !e, "open 0x%lx, share %d", err, e);
	if (err || e)
		return;
	dbt_word_t before = blk_read(c->disk, h, 0, 8, 0);
	dbt_word_t failed = blk_read(c->disk, h, bad, 8, 0);
	dbt_word_t after = blk_read(c->disk, h, bad + 8, 8, 0);
	blkc_test("ioerr/good_before", !before, "0x%lx", before);
	blkc_test("ioerr/device_error_reported", failed == BLK_E_IO, "got 0x%lx, want 0x%x", failed,
		  BLK_E_IO);
	blkc_test("ioerr/good_after", !after, "0x%lx", after);
	blkc_test("ioerr/read_only_flags", !(flags & BLK_FLAG_WRITABLE), "flags 0x%lx", flags);
	dbt_word_t w = blk_write(c->disk, h, 0, 8, 0);
	blkc_test("ioerr/write_read_only", w == BLK_E_RDONLY, "got 0x%lx, want 0x%x", w, BLK_E_RDONLY);
	blk_close(c->disk, h);
}
