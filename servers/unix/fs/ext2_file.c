/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ext2_file.c (unixd) - regular files' data through the page cache
 * (pcache.h): read, write, truncate, the pages file mappings map, write-back.
 *
 * A page holds FS_PAGE_SIZE bytes of the file (1, 2 or 4 blocks).  It is
 * filled from the disk block by block (holes and what lies beyond the end
 * of the file read as zeros: the bytes of a cached page past the size are
 * always zero), through the sb's bounce buffer, the device's memory; a page
 * missed is read together with the pages after it that lie consecutively on
 * the disk (up to EXT2_RA_PAGES, one transfer: readahead), straight into the
 * pages when the device offers read_pages.
 *
 * write() allocates the blocks it writes at once, so that a full disk is
 * -ENOSPC at the write, not later; write-back then only writes.  A page a
 * shared mapping may write (page_dirty) can hold data over a hole: its
 * write-back allocates the blocks whose bytes are not all zero.  Truncating
 * down zeros the tail of the last block, in the cache and so on the disk, so
 * that growing the file again shows zeros there.  Sync and fsync first write
 * runs of consecutive dirty pages on consecutive blocks in one transfer each
 * (ext2_cluster_out), as readahead reads them.
 *
 *   ext2_read ext2_write ext2_truncate ext2_page ext2_page_dirty
 *   ext2_page_writeback ext2_page_owner ext2_cluster_out ext2_fsync
 */
#include "ext2_int.h"
#include "dstring.h"

#define RELATIME_NS	(24ull * 3600 * 1000000000)
#define LARGE_FILE_MIN	0x80000000ull	/* sizes from here on need the large_file feature */

struct pcache_owner *ext2_page_owner(void *owner)
{
	return &((struct ext2_node *)owner)->pages;
}

static uint32_t blocks_per_page(const struct ext2_sb *es)
{
	return FS_PAGE_SIZE >> es->bshift;
}

/* Block lblk of the file (physical phys, 0: a hole) into dst, bsize bytes. */
static int block_in(struct ext2_sb *es, uint32_t phys, uint8_t *dst)
{
	int err;

	if (!phys) {
		memset(dst, 0, es->bsize);
		return 0;
	}
	err = es->dev->ops->read(es->dev, (uint64_t)phys * es->bc->lba_per, es->bc->lba_per,
				 es->bounce);
	if (err)
		return ext2_error(es, "reading block %llu failed", (unsigned long long)phys);
	memcpy(dst, es->bounce, es->bsize);
	return 0;
}

/* Fills pg from the disk; zeros past the end of the file. */
static int page_load(struct ext2_node *n, struct pcache_page *pg)
{
	struct ext2_sb *es = ext2_es(n);
	uint32_t bpp = blocks_per_page(es);
	uint64_t start = pg->index * FS_PAGE_SIZE, size = n->vfs.size;
	int err = 0;

	for (uint32_t j = 0; j < bpp && !err; j++) {
		uint64_t lblk = pg->index * bpp + j;
		uint32_t phys = 0;
		if (lblk << es->bshift < size)
			err = ext2_bmap(n, lblk, false, &phys, NULL);
		if (!err)
			err = block_in(es, phys, pg->data + (j << es->bshift));
	}
	if (!err && start + FS_PAGE_SIZE > size)
		memset(pg->data + (size > start ? size - start : 0), 0,
		       (size_t)(start + FS_PAGE_SIZE - (size > start ? size : start)));
	return err;
}

/* The most pages one transfer moves (readahead's and write-back's runs). */
static uint32_t run_cap(const struct ext2_sb *es)
{
	uint32_t cap = es->dev->max_blocks / (FS_PAGE_SIZE / es->dev->block_size);

	return cap < EXT2_RA_PAGES ? cap : EXT2_RA_PAGES;
}

/* Readahead: the first blocks of pages index, index + 1, ... while they are
 * wholly inside the file, mapped, physically consecutive, not cached, and
 * fit one transfer; *first the first block.  The number of pages. */
static uint32_t run_length(struct ext2_node *n, uint64_t index, uint32_t *first)
{
	struct ext2_sb *es = ext2_es(n);
	uint32_t bpp = blocks_per_page(es), cap = EXT2_RA_PAGES, pages = 0, phys;
	uint64_t nblocks = 0;

	if (cap > es->pc.max_pages / 4)
		cap = es->pc.max_pages / 4;
	if (cap > run_cap(es))
		cap = run_cap(es);
	for (; pages < cap; pages++) {
		uint64_t idx = index + pages;
		if ((idx + 1) * FS_PAGE_SIZE > n->vfs.size ||
		    (pages && pcache_find(&es->pc, n, idx)))
			break;
		for (uint32_t j = 0; j < bpp; j++, nblocks++) {
			if (ext2_bmap(n, idx * bpp + j, false, &phys, NULL) || !phys ||
			    (nblocks && phys != *first + nblocks))
				return pages;
			if (!nblocks)
				*first = phys;
		}
	}
	return pages;
}

/* The pages of a run, added to the cache and held (mapped: neither evicted
 * nor reclaimed while the transfer fills them): how many could be added. */
static uint32_t run_add(struct ext2_node *n, uint64_t index, uint32_t pages,
			struct pcache_page **pg, uint8_t **data)
{
	struct ext2_sb *es = ext2_es(n);
	uint32_t done;

	for (done = 0; done < pages; done++) {
		if (!(pg[done] = pcache_add(&es->pc, n, index + done)))
			break;
		pg[done]->mapped = true;
		data[done] = pg[done]->data;
	}
	return done;
}

/* The run straight into page-cache pages (the device's read_pages): the pages
 * cached, 0 on failure (none kept). */
static uint32_t read_into_pages(struct ext2_node *n, uint64_t index, uint32_t pages,
				uint32_t first)
{
	struct ext2_sb *es = ext2_es(n);
	struct pcache_page *pg[EXT2_RA_PAGES];
	uint8_t *data[EXT2_RA_PAGES];
	uint32_t added = run_add(n, index, pages, pg, data), i;
	uint32_t lbas = added * (FS_PAGE_SIZE / es->dev->block_size);
	int err = added < 2 ? -LX_ENOMEM :
		es->dev->ops->read_pages(es->dev, (uint64_t)first * es->bc->lba_per, lbas, data,
					 FS_PAGE_SIZE);

	for (i = 0; i < added; i++) {
		pg[i]->mapped = false;
		if (err)
			pcache_drop(&es->pc, pg[i]);
	}
	return err ? 0 : added;
}

/* Reads pages index on in one transfer when they lie consecutively on the disk:
 * the pages cached, or 0 (the caller loads page by page). */
static uint32_t read_ahead(struct ext2_node *n, uint64_t index)
{
	struct ext2_sb *es = ext2_es(n);
	uint32_t first = 0, pages = es->ra_buf ? run_length(n, index, &first) : 0, done;
	uint32_t lbas = pages * (FS_PAGE_SIZE / es->dev->block_size);

	if (pages >= 2 && es->dev->ops->read_pages)
		return read_into_pages(n, index, pages, first);
	if (pages < 2 ||
	    es->dev->ops->read(es->dev, (uint64_t)first * es->bc->lba_per, lbas, es->ra_buf))
		return 0;
	for (done = 0; done < pages; done++) {
		struct pcache_page *pg = pcache_add(&es->pc, n, index + done);
		if (!pg)
			break;
		memcpy(pg->data, es->ra_buf + done * FS_PAGE_SIZE, FS_PAGE_SIZE);
	}
	return done;
}

/* The cached page index, filled (fill) or left for the caller to fill whole. */
static int page_get(struct ext2_node *n, uint64_t index, bool fill, struct pcache_page **out,
		    bool *added)
{
	struct ext2_sb *es = ext2_es(n);
	struct pcache_page *pg = pcache_find(&es->pc, n, index);
	int err = 0;

	if (!pg && fill && read_ahead(n, index))
		pg = pcache_find(&es->pc, n, index);
	*added = !pg;
	if (!pg) {
		pg = pcache_add(&es->pc, n, index);
		if (!pg)
			return -LX_ENOMEM;
		if (fill)
			err = page_load(n, pg);
		else if (index * FS_PAGE_SIZE >= n->vfs.size)
			memset(pg->data, 0, FS_PAGE_SIZE);
		if (err) {
			pcache_drop(&es->pc, pg);
			return err;
		}
	}
	*out = pg;
	return 0;
}

/* relatime: atime moves when it is older than the last change or a day old */
static void read_touch(struct ext2_node *n)
{
	int64_t now = ext2_now(), at = n->vfs.atime;

	if (ext2_es(n)->ro)
		return;
	if (at <= n->vfs.mtime || at <= n->vfs.ctime || (uint64_t)(now - at) >= RELATIME_NS) {
		n->vfs.atime = now;
		ext2_iwrite(n);
	}
}

int64_t ext2_read(struct inode *ip, void *buf, size_t len, uint64_t off)
{
	struct ext2_node *n = ext2_node_of(ip);
	uint8_t *out = buf;
	size_t done = 0, chunk;

	for (; done < len; done += chunk) {
		uint64_t pos = off + done;
		size_t in = pos & (FS_PAGE_SIZE - 1);
		struct pcache_page *pg;
		bool added;
		int err = page_get(n, pos >> FS_PAGE_SHIFT, true, &pg, &added);

		chunk = FS_PAGE_SIZE - in < len - done ? FS_PAGE_SIZE - in : len - done;
		if (err) {
			if (done == 0)
				return err;
			break;
		}
		memcpy(out + done, pg->data + in, chunk);
	}
	read_touch(n);
	return (int64_t)done;
}

/* ---- writing ------------------------------------------------------------------------------------ */

/* Blocks for bytes [pos, pos + len) of the file, allocated now. */
static int blocks_for(struct ext2_node *n, uint64_t pos, size_t len)
{
	struct ext2_sb *es = ext2_es(n);
	uint32_t phys;
	int err = 0;

	for (uint64_t b = pos >> es->bshift; b <= (pos + len - 1) >> es->bshift && !err; b++)
		err = ext2_bmap(n, b, true, &phys, NULL);
	return err;
}

static void large_file_note(struct ext2_sb *es, uint64_t size)
{
	if (size >= LARGE_FILE_MIN &&
	    !(es->sb.s_feature_ro_compat & EXT2_FEATURE_RO_COMPAT_LARGE_FILE)) {
		es->sb.s_feature_ro_compat |= EXT2_FEATURE_RO_COMPAT_LARGE_FILE;
		ext2_meta_dirty(es);
	}
}

/* One page's part of a write: chunk bytes at pos. */
static int write_chunk(struct ext2_node *n, const uint8_t *src, uint64_t pos, size_t chunk)
{
	struct ext2_sb *es = ext2_es(n);
	size_t in = pos & (FS_PAGE_SIZE - 1);
	bool whole = chunk == FS_PAGE_SIZE, added;
	struct pcache_page *pg;
	int err = page_get(n, pos >> FS_PAGE_SHIFT, !whole, &pg, &added);

	if (err)
		return err;
	err = blocks_for(n, pos, chunk);
	if (err) {
		if (added)
			pcache_drop(&es->pc, pg);
		return err;
	}
	memcpy(pg->data + in, src, chunk);
	pcache_dirty(&es->pc, pg);
	if (pos + chunk > n->vfs.size)
		n->vfs.size = pos + chunk;
	return 0;
}

int64_t ext2_write(struct inode *ip, const void *buf, size_t len, uint64_t off)
{
	struct ext2_node *n = ext2_node_of(ip);
	struct ext2_sb *es = ext2_es(n);
	const uint8_t *src = buf;
	size_t done = 0, chunk;
	int err = 0;

	if (es->ro)
		return -LX_EROFS;
	for (; done < len && !err; done += chunk) {
		uint64_t pos = off + done;
		size_t in = pos & (FS_PAGE_SIZE - 1);
		chunk = FS_PAGE_SIZE - in < len - done ? FS_PAGE_SIZE - in : len - done;
		err = write_chunk(n, src + done, pos, chunk);
		if (err)
			break;
	}
	if (done) {
		large_file_note(es, n->vfs.size);
		ext2_touch(n, true);
	}
	ext2_iwrite(n);		/* blocks may have been allocated even when nothing was written */
	return done ? (int64_t)done : err;
}

/* The tail of the last block from size on: zero in the cache, and so on the disk. */
static int zero_tail(struct ext2_node *n, uint64_t size)
{
	struct ext2_sb *es = ext2_es(n);
	uint32_t phys;
	struct pcache_page *pg;
	bool added;
	size_t in = size & (FS_PAGE_SIZE - 1);
	int err;

	if (!in)
		return 0;
	err = ext2_bmap(n, size >> es->bshift, false, &phys, NULL);
	pg = pcache_find(&es->pc, n, size >> FS_PAGE_SHIFT);
	if (err || (!phys && !pg))
		return err;
	err = page_get(n, size >> FS_PAGE_SHIFT, true, &pg, &added);
	if (err)
		return err;
	memset(pg->data + in, 0, FS_PAGE_SIZE - in);
	pcache_dirty(&es->pc, pg);
	return 0;
}

/* Zeros [a, b) of one page of n, where it has data (a page cached or a
 * block allocated); a hole stays a hole. */
static int zero_in_page(struct ext2_node *n, uint64_t a, uint64_t b)
{
	struct ext2_sb *es = ext2_es(n);
	uint64_t index = a >> FS_PAGE_SHIFT;
	struct pcache_page *pg = pcache_find(&es->pc, n, index);
	bool added, data = pg != NULL;
	int err = 0;

	for (uint64_t blk = a >> es->bshift; !data && !err && blk << es->bshift < b; blk++) {
		uint32_t phys;
		err = ext2_bmap(n, blk, false, &phys, NULL);
		data = phys != 0;
	}
	if (err || !data)
		return err;
	err = page_get(n, index, true, &pg, &added);
	if (err)
		return err;
	memset(pg->data + (a & (FS_PAGE_SIZE - 1)), 0, (size_t)(b - a));
	pcache_dirty(&es->pc, pg);
	return 0;
}

/* The cached page index of n (fs_pages_unmap's question), NULL if none. */
static void *cached_page(void *node, uint64_t index)
{
	struct ext2_node *n = node;
	struct pcache_page *pg = pcache_find(&ext2_es(n)->pc, n, index);
	return pg ? pg->data : NULL;
}

/* FALLOC_FL_PUNCH_HOLE | KEEP_SIZE, as Linux's ext4 does for a file of
 * block maps (ext2): the range reads as zeros, its whole blocks are freed,
 * and mappings let its whole pages go (a written private copy stays);
 * beyond the end of the file there is nothing to punch. */
static int ext2_punch(struct ext2_node *n, uint64_t off, uint64_t len)
{
	struct ext2_sb *es = ext2_es(n);
	struct vfs_punch p;
	int err = 0;

	if (!vfs_punch_split(n->vfs.size, off, len, &p))
		return 0;
	if (p.off < p.head)
		err = zero_in_page(n, p.off, p.head);
	if (!err && p.tail < p.end)
		err = zero_in_page(n, p.tail, p.end);
	if (err)
		return err;
	if (p.head < p.tail) {
		fs_pages_unmap(&n->vfs, p.head >> FS_PAGE_SHIFT, p.tail >> FS_PAGE_SHIFT, cached_page, n);
		pcache_trim_range(&es->pc, n, p.head >> FS_PAGE_SHIFT, p.tail >> FS_PAGE_SHIFT);
	}
	uint64_t first = (p.off + es->bsize - 1) >> es->bshift, last = p.end >> es->bshift;
	if (p.end == n->vfs.size)
		last = (p.end + es->bsize - 1) >> es->bshift;	/* the last block's tail is past the end */
	if (first < last)
		err = ext2_free_range(n, first, last);
	ext2_touch(n, true);
	int err2 = ext2_iwrite(n);
	return err ? err : err2;
}

/* fallocate: Linux's ext4 driver serving ext2 (no extents) refuses to
 * allocate (mode 0, KEEP_SIZE: -EOPNOTSUPP) and punches holes. */
int ext2_fallocate(struct inode *ip, int mode, uint64_t off, uint64_t len)
{
	struct ext2_node *n = ext2_node_of(ip);

	if (mode != (VFS_FALLOC_PUNCH_HOLE | VFS_FALLOC_KEEP_SIZE))
		return -LX_EOPNOTSUPP;
	if (ext2_es(n)->ro)
		return -LX_EROFS;
	return ext2_punch(n, off, len);
}

int ext2_truncate(struct inode *ip, uint64_t size)
{
	struct ext2_node *n = ext2_node_of(ip);
	struct ext2_sb *es = ext2_es(n);
	int err = 0;

	if (es->ro)
		return -LX_EROFS;
	if (size < ip->size) {
		err = zero_tail(n, size);	/* first: its readahead may bring later pages */
		pcache_trim(&es->pc, n, (size + FS_PAGE_SIZE - 1) >> FS_PAGE_SHIFT);
		if (!err)
			err = ext2_free_from(n, (size + es->bsize - 1) >> es->bshift);
	}
	if (!err) {
		ip->size = size;
		large_file_note(es, size);
	}
	ext2_touch(n, true);
	int err2 = ext2_iwrite(n);
	return err ? err : err2;
}

/* ---- mappings and write-back ------------------------------------------------------------------------ */

void *ext2_page(struct inode *ip, uint64_t index)
{
	struct ext2_node *n = ext2_node_of(ip);
	struct pcache_page *pg;
	bool added;

	if (page_get(n, index, true, &pg, &added))
		return NULL;
	pg->mapped = pg->handed = true;
	return pg->data;
}

void ext2_page_dirty(struct inode *ip, uint64_t index)
{
	struct ext2_node *n = ext2_node_of(ip);
	struct ext2_sb *es = ext2_es(n);
	struct pcache_page *pg = pcache_find(&es->pc, n, index);

	if (pg && !es->ro) {
		pg->shared = true;
		pcache_dirty(&es->pc, pg);
	}
}

static bool all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

/* Block j of pg to the disk (allocated now if a shared mapping wrote into a hole). */
static int block_out(struct ext2_node *n, struct pcache_page *pg, uint32_t j, bool *grew)
{
	struct ext2_sb *es = ext2_es(n);
	uint64_t lblk = pg->index * blocks_per_page(es) + j;
	const uint8_t *src = pg->data + (j << es->bshift);
	uint32_t phys;
	bool made = false;
	int err = ext2_bmap(n, lblk, false, &phys, NULL);

	if (!err && !phys && !all_zero(src, es->bsize)) {	/* a mapping wrote into a hole */
		err = ext2_bmap(n, lblk, true, &phys, &made);
		*grew |= !err;
	}
	if (err || !phys)
		return err;
	memcpy(es->bounce, src, es->bsize);
	err = es->dev->ops->write(es->dev, (uint64_t)phys * es->bc->lba_per, es->bc->lba_per,
				  es->bounce);
	return err ? ext2_error(es, "writing block %llu failed", (unsigned long long)phys) : 0;
}

int ext2_page_writeback(void *owner, struct pcache_page *pg)
{
	struct ext2_node *n = owner;
	struct ext2_sb *es = ext2_es(n);
	uint32_t bpp = blocks_per_page(es);
	bool grew = false;
	int err = 0;

	if (es->ro)
		return 0;
	for (uint32_t j = 0; j < bpp && !err; j++)
		if ((pg->index * bpp + j) << es->bshift < n->vfs.size)
			err = block_out(n, pg, j, &grew);
	if (grew)
		ext2_iwrite(n);
	return err;
}

/* How many of the pages seg[0], seg[-1], ... (consecutive indices, rising)
 * lie on consecutive blocks from the first one's (*first); at most max. */
static uint32_t segment(struct ext2_node *n, struct pcache_page **seg, uint32_t max,
			uint32_t *first)
{
	struct ext2_sb *es = ext2_es(n);
	uint32_t bpp = blocks_per_page(es), phys, pages;
	uint64_t low = seg[0]->index;

	for (pages = 0; pages < max; pages++)
		for (uint32_t j = 0; j < bpp; j++) {
			uint64_t k = (uint64_t)pages * bpp + j;
			if (ext2_bmap(n, low * bpp + k, false, &phys, NULL) || !phys ||
			    (k && phys != *first + k))
				return pages;
			if (!k)
				*first = phys;
		}
	return pages;
}

/* run[0..count) are dirty pages of n at consecutive indices, highest first: each
 * stretch of them on consecutive blocks goes out in one transfer (a page whose own
 * blocks are not consecutive is left to the page-by-page write-back). */
static int write_run(struct ext2_node *n, struct pcache_page **run, uint32_t count)
{
	struct ext2_sb *es = ext2_es(n);
	uint32_t lbas = FS_PAGE_SIZE / es->dev->block_size, first = 0, len;
	int64_t p = (int64_t)count - 1;		/* the lowest page not yet done */
	int err = 0;

	while (count && (run[0]->index + 1) * FS_PAGE_SIZE > n->vfs.size) {
		run++;				/* the last page of the file: block by block */
		count--;
		p--;
	}
	for (; p >= 0 && !err; p -= len ? len : 1) {
		len = segment(n, &run[p], (uint32_t)p + 1, &first);
		for (uint32_t q = 0; q < len; q++)
			memcpy(es->ra_buf + (size_t)q * FS_PAGE_SIZE, run[p - q]->data, FS_PAGE_SIZE);
		if (len && es->dev->ops->write(es->dev, (uint64_t)first * es->bc->lba_per,
					       len * lbas, es->ra_buf))
			err = ext2_error(es, "writing blocks %llu.. failed", (unsigned long long)first);
		for (uint32_t q = 0; q < len && !err; q++)
			run[p - q]->dirty = false;
	}
	return err;
}

/* Write clustering: runs of n's dirty pages (as a sequential write leaves them on
 * the owner's list: newest first, indices falling by one) go out in one transfer
 * each; what is left, pcache's write-back writes page by page. */
int ext2_cluster_out(struct ext2_node *n)
{
	struct ext2_sb *es = ext2_es(n);
	struct pcache_page *run[EXT2_RA_PAGES], *pg = n->pages.head;
	uint32_t cap = run_cap(es);
	int first = 0;

	if (!es->ra_buf || es->ro || cap < 2)
		return 0;
	while (pg) {
		uint32_t count = 0;
		for (struct pcache_page *q = pg; q && count < cap && q->dirty && !q->shared &&
		     (!count || q->index + 1 == run[count - 1]->index); q = q->onext)
			run[count++] = q;
		if (count) {
			int err = write_run(n, run, count);
			first = first ? first : err;
		}
		pg = count ? run[count - 1]->onext : pg->onext;
	}
	return first;
}

int ext2_fsync(struct inode *ip, bool datasync)
{
	struct ext2_node *n = ext2_node_of(ip);
	struct ext2_sb *es = ext2_es(n);
	int err, err2;

	(void)datasync;		/* the inode is written with the rest of the metadata */
	if (es->ro)
		return 0;
	err = ext2_cluster_out(n);
	err2 = pcache_sync_owner(&es->pc, n);
	err = err ? err : err2;
	err2 = ext2_write_super(es);
	err = err ? err : err2;
	err2 = bcache_sync(es->bc, true);
	return err ? err : err2;
}
