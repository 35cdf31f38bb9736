/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * disk.c - unixd's block client: the whole disk and the partitions a driver
 * framework instance serves on the route `disk` (interfaces/block.idl), each
 * a struct blkdev (fs/blkdev.h) for the file systems and /dev (diskdev.c).
 *
 * Data moves through the one region unixd shares with the instance (the
 * transfer window, 1 MiB): the device transfers straight into or out of it,
 * and the request's bytes are copied between it and the caller's buffer.
 * The buffers buf_alloc hands out are unixd's own memory, not the window:
 * the composer revokes a region when the instance dies, so a buffer cache
 * kept in it would turn to garbage under the file system at every restart
 * (docs/UNIX.md "The disk" says what this costs: one memcpy per request).
 *
 * unixd is single-threaded and each call blocks it until the device answers
 * (the accepted design for now).  Every call carries a deadline
 * (DBT_TAG_DEADLINE), so a dead or hung instance costs at most DISK_IO_NS and
 * gives -EIO, never a hang.  Restarts (the composer restarts the instance on
 * failure): a request the new instance refuses because it never saw it
 * (GONE: the handle is from the dead instance; NOBUF: the region was
 * revoked) is retried after sharing a new window and reopening the media;
 * a request whose reply never came (an IPC error or the deadline: it may
 * have been in flight when the instance died) fails with -EIO, and the next
 * request reconnects.
 */
#include "unixd.h"
#include "disk.h"
#include "block.h"
#include "block_proto.h"

#define DISK_ROUTE         "disk"
#define DISK_WINDOW_PAGES  DBT_COMP_SHM_MAX_PAGES
#define DISK_UP_WAIT_NS    3000000000ull   /* start-up: the instance may still be starting */
#define DISK_SCAN_WAIT_NS  3000000000ull   /* the partition scheme scans the disk */
#define DISK_IO_NS         10000000000ull  /* one request */
#define DISK_RECONNECT_NS  15000000000ull  /* a restarted instance serves again within this */
#define DISK_RETRY_US      20000ull
#define DISK_ATTEMPTS      3               /* GONE, then NOBUF, then the request */
#define DISK_PARTS_MAX     (DISK_MINORS - 1)

struct disk {
	struct blkdev dev;
	char bsd[24];                   /* the instance's name: "disk0s1" */
	dbt_word_t handle;
	uint32_t gen;                   /* conn.gen the handle is of; 0: none */
	uint32_t flags;                 /* BLK_FLAG_* */
};

static struct {
	dbt_slot_t ep;
	uint8_t *win;                   /* the shared region; NULL: none yet or revoked */
	size_t win_bytes;
	uint32_t gen;                   /* counts reconnections: handles of older ones are stale */
	unsigned reconnects;
} conn;

static struct disk disks[DISK_MAX];
static int ndisks;

/* ---- calls with a deadline -------------------------------------------------------- */

/* One call of method with words w[0..n) and a register reply into out
 * (may be NULL): 0, an IPC error (< 0x100: DBT_E_TIMEOUT at the deadline) or
 * the server's error label (BLK_E_*). */
static dbt_word_t blk_call(unsigned method, const dbt_word_t *w, unsigned n, uint64_t deadline,
                           struct dbt_regmsg *out)
{
	struct dbt_regmsg m = { { 0 } };
	for (unsigned i = 0; i < n; i++)
		m.w[i] = w[i];
	dbt_word_t tag = DBT_TAG(BLK_LABEL(method), n, 0) | DBT_TAG_DEADLINE;
	dbt_word_t err = dbt_ipc_regs(DBT_SYS_CALL, conn.ep, &tag, deadline, &m, 0);
	if (err)
		return err;
	if (DBT_TAG_LABEL(tag))
		return DBT_TAG_LABEL(tag);
	if (out)
		*out = m;
	return DBT_OK;
}

/* open(name): the name travels in the UTCB (bytes[160]), the reply in five words. */
static dbt_word_t blk_open_until(const char *name, uint64_t deadline, dbt_word_t out[5])
{
	size_t len = strlen(name);
	if (len > BLK_OPEN_NAME_MAX)
		return BLK_E_INVAL;
	dbt_word_t *mr = dbt_mr();
	unsigned n = 1 + (unsigned)((len + 7) / 8);
	memset(mr, 0, n * sizeof(dbt_word_t));
	mr[0] = len;
	memcpy(&mr[1], name, len);
	dbt_word_t tag = DBT_TAG(BLK_LABEL(BLK_OPEN), n, 0) | DBT_TAG_DEADLINE;
	dbt_word_t err = dbt_ipc(DBT_SYS_CALL, conn.ep, &tag, deadline, mr, 0);
	if (err)
		return err;
	if (tag != DBT_TAG(0, 5, 0))
		return DBT_TAG_LABEL(tag) ? DBT_TAG_LABEL(tag) : BLK_E_INVAL;
	memcpy(out, mr, 5 * sizeof(dbt_word_t));
	return DBT_OK;
}

static void blk_close_quick(dbt_word_t handle)
{
	dbt_word_t w = handle;
	blk_call(BLK_CLOSE, &w, 1, unix_now_ns() + DISK_IO_NS / 10, NULL);
}

/* ---- the connection ---------------------------------------------------------------- */

/* A transfer window shared with the instance, waiting until deadline for
 * the instance to be running. */
static int conn_share(uint64_t deadline)
{
	void *va;
	int e;
	while ((e = urt_shm_share(DISK_ROUTE, DISK_WINDOW_PAGES, &va)) == URT_EBUSY &&
	       unix_now_ns() < deadline)
		urt_sleep_us(DISK_RETRY_US);
	if (e != URT_OK) {
		uprintf("unixd: disk: cannot share the transfer window (%d)\n", e);
		return -LX_EIO;
	}
	conn.win = va;
	conn.win_bytes = DISK_WINDOW_PAGES * UNIX_PAGE;
	conn.gen++;
	return 0;
}

/* d's handle for this connection, opening the media again after a
 * reconnection; the media must be the one it was. */
static int disk_ready(struct disk *d, uint64_t deadline)
{
	if (!conn.win && conn_share(deadline))
		return -LX_EIO;
	if (d->gen == conn.gen)
		return 0;
	dbt_word_t r[5], err = blk_open_until(d->bsd, deadline, r);
	if (err) {
		uprintf("unixd: disk: %s: cannot open %s again (0x%lx)\n", d->dev.name, d->bsd, err);
		return -LX_EIO;
	}
	if (r[1] != d->dev.block_size || r[2] != d->dev.nblocks) {
		uprintf("unixd: disk: %s: %s is another media now\n", d->dev.name, d->bsd);
		blk_close_quick(r[0]);
		return -LX_EIO;
	}
	d->handle = r[0];
	d->gen = conn.gen;
	return 0;
}

/* The instance answered for a handle or region it does not know: reconnect
 * before the next attempt (the region only when it was revoked). */
static void conn_stale(bool region)
{
	if (region)
		conn.win = NULL;
	conn.gen++;
	conn.reconnects++;
}

static int blk_errno(dbt_word_t e)
{
	switch (e) {
	case BLK_E_RDONLY:
		return -LX_EROFS;
	case BLK_E_NOMEM:
		return -LX_ENOMEM;
	default:
		return -LX_EIO;
	}
}

/* One request on d with the restart rules of the header comment: read or
 * write count blocks at lba between buf (a read: or pages, piece bytes each)
 * and the device through the window
 * (a write's bytes are copied in before each attempt: a reconnection gives
 * a new, empty window), or flush. */
static int disk_request(struct disk *d, unsigned method, uint64_t lba, uint32_t count, void *buf,
                        uint8_t *const *pages, size_t piece)
{
	size_t bytes = (size_t)count * d->dev.block_size;
	for (int attempt = 0; attempt < DISK_ATTEMPTS; attempt++) {
		if (disk_ready(d, unix_now_ns() + DISK_RECONNECT_NS))
			return -LX_EIO;
		if (method == BLK_WRITE)
			memcpy(conn.win, buf, bytes);
		dbt_word_t w[4] = { d->handle, lba, count, 0 };
		dbt_word_t e = blk_call(method, w, method == BLK_FLUSH ? 1 : 4,
		                        unix_now_ns() + DISK_IO_NS, NULL);
		if (e == DBT_OK) {
			if (method == BLK_READ && pages)
				for (size_t at = 0; at < bytes; at += piece)
					memcpy(pages[at / piece], conn.win + at, piece);
			else if (method == BLK_READ)
				memcpy(buf, conn.win, bytes);
			return 0;
		}
		if (e == BLK_E_GONE || e == BLK_E_HANDLE || e == BLK_E_NOBUF) {
			conn_stale(e == BLK_E_NOBUF);   /* refused unseen: try again */
			continue;
		}
		if (e < 0x100) {
			uprintf("unixd: disk: %s: no answer (IPC error %lu): -EIO\n", d->dev.name, e);
			conn_stale(false);              /* perhaps in flight: fail it */
			return -LX_EIO;
		}
		if (e == BLK_E_UNSUPP && method == BLK_FLUSH)
			return 0;
		uprintf("unixd: disk: %s: error 0x%lx at block %lu\n", d->dev.name, e, lba);
		return blk_errno(e);
	}
	return -LX_EIO;
}

/* ---- struct blkdev ------------------------------------------------------------------ */

static int range_check(struct blkdev *b, uint64_t lba, uint32_t count)
{
	if (lba > b->nblocks || count > b->nblocks - lba)
		return -LX_EIO;
	return 0;
}

/* read and write: in requests of at most max_blocks (the window's size or less). */
static int disk_rw(struct blkdev *b, unsigned method, uint64_t lba, uint32_t count, uint8_t *p)
{
	int err = range_check(b, lba, count);
	while (!err && count) {
		uint32_t n = count < b->max_blocks ? count : b->max_blocks;
		err = disk_request(b->priv, method, lba, n, p, NULL, 0);
		p += (size_t)n * b->block_size;
		lba += n;
		count -= n;
	}
	return err;
}

static int disk_read(struct blkdev *b, uint64_t lba, uint32_t count, void *buf)
{
	return disk_rw(b, BLK_READ, lba, count, buf);
}

static int disk_write(struct blkdev *b, uint64_t lba, uint32_t count, const void *buf)
{
	if (b->readonly)
		return -LX_EROFS;
	return disk_rw(b, BLK_WRITE, lba, count, (uint8_t *)buf);
}

/* One request, each piece of the window into its page (readahead). */
static int disk_read_pages(struct blkdev *b, uint64_t lba, uint32_t count, uint8_t *const *pages,
                           size_t piece)
{
	size_t bytes = (size_t)count * b->block_size;
	if (count > b->max_blocks || !piece || piece % b->block_size || bytes % piece)
		return -LX_EINVAL;
	int err = range_check(b, lba, count);
	return err ? err : disk_request(b->priv, BLK_READ, lba, count, NULL, pages, piece);
}

static int disk_flush(struct blkdev *b)
{
	struct disk *d = b->priv;
	if (!(d->flags & BLK_FLAG_FLUSH))
		return 0;
	return disk_request(d, BLK_FLUSH, 0, 0, NULL, NULL, 0);
}

/* Buffers: unixd's heap, aligned to the block size (the header keeps what
 * malloc returned). */
static void *disk_buf_alloc(struct blkdev *b, size_t size)
{
	size_t align = b->block_size;
	uint8_t *raw = malloc(size + align + sizeof(void *));
	if (!raw)
		return NULL;
	uintptr_t p = ((uintptr_t)raw + sizeof(void *) + align - 1) & ~(uintptr_t)(align - 1);
	((void **)p)[-1] = raw;
	return (void *)p;
}

static void disk_buf_free(struct blkdev *b, void *buf, size_t size)
{
	(void)b, (void)size;
	if (buf)
		free(((void **)buf)[-1]);
}

static const struct blkdev_ops disk_ops = {
	.read = disk_read,
	.write = disk_write,
	.flush = disk_flush,
	.buf_alloc = disk_buf_alloc,
	.buf_free = disk_buf_free,
	.read_pages = disk_read_pages,
};

/* ---- the disks ------------------------------------------------------------------------ */

/* Add the media bsd opened as r (open's five words) as /dev/name, minor. */
static void disk_add(const char *bsd, const dbt_word_t r[5], const char *name, uint32_t minor)
{
	/* decode: a block size the window cannot hold, or none, is refused */
	if (ndisks >= DISK_MAX || r[1] < 512 || r[1] > conn.win_bytes || (r[1] & (r[1] - 1)) ||
	    !r[4] || !r[2]) {
		uprintf("unixd: disk: %s left out (block size %lu, %lu blocks, max %lu)\n", bsd, r[1],
		        r[2], r[4]);
		blk_close_quick(r[0]);
		return;
	}
	struct disk *d = &disks[ndisks];
	uint32_t window_blocks = (uint32_t)(conn.win_bytes / r[1]);
	strlcpy(d->bsd, bsd, sizeof(d->bsd));
	d->handle = r[0];
	d->gen = conn.gen;
	d->flags = (uint32_t)r[3];
	d->dev.ops = &disk_ops;
	d->dev.block_size = (uint32_t)r[1];
	d->dev.nblocks = r[2];
	d->dev.max_blocks = r[4] < window_blocks ? (uint32_t)r[4] : window_blocks;
	d->dev.readonly = !(r[3] & BLK_FLAG_WRITABLE);
	strlcpy(d->dev.name, name, sizeof(d->dev.name));
	d->dev.rdev = vfs_mkdev(DISK_MAJOR, minor);
	d->dev.priv = d;
	ndisks++;
}

/* The whole disk, once its partition scheme has started (or after
 * DISK_SCAN_WAIT_NS: a disk without a table stays a leaf). */
static dbt_word_t open_whole(const char *bsd, dbt_word_t r[5])
{
	uint64_t up = unix_now_ns() + DISK_UP_WAIT_NS, scan = 0;
	for (;;) {
		dbt_word_t err = blk_open_until(bsd, up, r);
		if (err == BLK_E_NODEV && unix_now_ns() < up) {
			urt_sleep_us(DISK_RETRY_US * 5);        /* the driver has not published it yet */
			continue;
		}
		if (err || !(r[3] & BLK_FLAG_LEAF))
			return err;
		if (!scan)
			scan = unix_now_ns() + DISK_SCAN_WAIT_NS;
		if (unix_now_ns() >= scan)
			return err;
		blk_close_quick(r[0]);
		urt_sleep_us(DISK_RETRY_US * 5);
	}
}

int disk_init(void)
{
	char bsd[24], part[32], name[16];
	conn.ep = urt_service(DISK_ROUTE);
	if (!conn.ep)
		return 0;
	if (!urt_arg("disk", bsd, sizeof(bsd)))
		strlcpy(bsd, "disk0", sizeof(bsd));
	if (conn_share(unix_now_ns() + DISK_UP_WAIT_NS))
		return 0;
	dbt_word_t r[5], err = open_whole(bsd, r);
	if (err) {
		uprintf("unixd: disk: cannot open %s (0x%lx): no disks\n", bsd, err);
		return 0;
	}
	disk_add(bsd, r, "vda", 0);
	for (unsigned i = 1; i <= DISK_PARTS_MAX && ndisks; i++) {
		snfmt(part, sizeof(part), "%ss%u", bsd, i);
		snfmt(name, sizeof(name), "vda%u", i);
		if (!blk_open_until(part, unix_now_ns() + DISK_IO_NS, r))
			disk_add(part, r, name, i);
	}
	for (int i = 0; i < ndisks; i++)
		uprintf("unixd: disk %s (%s): %lu blocks of %u bytes%s\n", disks[i].dev.name,
		        disks[i].bsd, disks[i].dev.nblocks, disks[i].dev.block_size,
		        disks[i].dev.readonly ? ", read-only" : "");
	return ndisks;
}

struct blkdev *disk_get(int i)
{
	return i >= 0 && i < ndisks ? &disks[i].dev : NULL;
}

struct blkdev *disk_by_name(const char *name)
{
	for (int i = 0; i < ndisks; i++)
		if (!strcmp(disks[i].dev.name, name))
			return &disks[i].dev;
	return NULL;
}

struct blkdev *disk_by_rdev(uint32_t rdev)
{
	for (int i = 0; i < ndisks; i++)
		if (disks[i].dev.rdev == rdev)
			return &disks[i].dev;
	return NULL;
}

unsigned disk_reconnects(void)
{
	return conn.reconnects;
}
