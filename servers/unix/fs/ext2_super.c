/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ext2_super.c (unixd) - mounting and unmounting ext2 (ext2.h): the checks
 * of the superblock and every group descriptor before anything is used
 * (Linux's ext2_fill_super and ext2_check_descriptors, with what this code
 * refuses: incompatible features but filetype; unknown read-only-compatible
 * features mount read-only), the clean/dirty state (s_state loses
 * EXT2_VALID_FS while mounted read-write and gets back what it had at
 * unmount), sync, the tick, and the log.
 *
 *   ext2_mount ext2_tick ext2_set_log ext2_set_cache_limits ext2_usage   (ext2.h)
 *   ext2_error ext2_meta_dirty ext2_write_super ext2_sb_ops   (ext2_int.h)
 */
#include <stdarg.h>
#include "ext2_int.h"
#include "dstring.h"

#define LOG_LINE	160

static void (*log_fn)(const char *line);
static uint32_t cache_bufs = EXT2_BCACHE_BUFS, cache_pages = EXT2_PCACHE_PAGES;

void ext2_set_cache_limits(uint32_t bufs, uint32_t pages)
{
	cache_bufs = bufs ? bufs : EXT2_BCACHE_BUFS;
	cache_pages = pages ? pages : EXT2_PCACHE_PAGES;
}

void ext2_set_log(void (*log)(const char *line))
{
	log_fn = log;
}

/* ---- the log ------------------------------------------------------------------------------ */

struct line {
	char s[LOG_LINE];
	size_t n;
};

static void put_str(struct line *l, const char *s)
{
	while (*s && l->n < LOG_LINE - 1)
		l->s[l->n++] = *s++;
}

static void put_num(struct line *l, unsigned long long v, unsigned base)
{
	char d[24];
	int i = 0;

	do {
		d[i++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	if (base == 16)
		put_str(l, "0x");
	while (i > 0 && l->n < LOG_LINE - 1)
		l->s[l->n++] = d[--i];
}

/* a small printf: %s, %llu, %llx */
static void put_fmt(struct line *l, const char *fmt, va_list ap)
{
	for (const char *p = fmt; *p && l->n < LOG_LINE - 1; p++) {
		if (*p != '%') {
			l->s[l->n++] = *p;
		} else if (p[1] == 's') {
			put_str(l, va_arg(ap, const char *));
			p++;
		} else if (p[1] == 'l' && p[2] == 'l' && (p[3] == 'u' || p[3] == 'x')) {
			put_num(l, va_arg(ap, unsigned long long), p[3] == 'u' ? 10 : 16);
			p += 3;
		}
	}
}

int ext2_error(const struct ext2_sb *es, const char *fmt, ...)
{
	struct line l = { .n = 0 };
	va_list ap;

	put_str(&l, "ext2 ");
	put_str(&l, es && es->dev ? es->dev->name : "?");
	put_str(&l, ": ");
	va_start(ap, fmt);
	put_fmt(&l, fmt, ap);
	va_end(ap);
	l.s[l.n] = 0;
	if (log_fn)
		log_fn(l.s);
	return -LX_EIO;
}

/* ---- the superblock and the descriptors on disk ---------------------------------------- */

void ext2_meta_dirty(struct ext2_sb *es)
{
	es->meta_dirty = true;
}

/* The block holding the superblock, and where in it. */
static uint32_t sb_block(const struct ext2_sb *es, uint32_t *off)
{
	*off = EXT2_SB_OFFSET % es->bsize;
	return EXT2_SB_OFFSET / es->bsize;
}

int ext2_write_super(struct ext2_sb *es)
{
	uint32_t off, per = es->bsize / sizeof(struct ext2_group_desc);
	struct bbuf *b;
	int err;

	if (es->ro || !es->meta_dirty)
		return 0;
	es->sb.s_wtime = (uint32_t)(ext2_now() / 1000000000);
	err = bcache_read(es->bc, sb_block(es, &off), &b);
	if (err)
		return err;
	memcpy(b->data + off, &es->sb, sizeof(es->sb));
	bcache_dirty(es->bc, b);
	bcache_put(es->bc, b);
	for (uint32_t i = 0; i < es->gdt_blocks; i++) {
		uint32_t first = i * per, n = es->ngroups - first < per ? es->ngroups - first : per;
		err = bcache_read(es->bc, es->sb.s_first_data_block + 1 + i, &b);
		if (err)
			return err;
		memcpy(b->data, &es->gd[first], n * sizeof(struct ext2_group_desc));
		bcache_dirty(es->bc, b);
		bcache_put(es->bc, b);
	}
	es->meta_dirty = false;
	return 0;
}

/* ---- checks ------------------------------------------------------------------------------ */

static uint64_t div_up(uint64_t a, uint64_t b)
{
	return (a + b - 1) / b;
}

/* The superblock's own fields: 0, or the logged error. */
static int sb_check_geometry(struct ext2_sb *es, const struct ext2_super_block *s)
{
	uint32_t log = s->s_log_block_size + EXT2_MIN_BLOCK_LOG;

	if (s->s_magic != EXT2_MAGIC)
		return ext2_error(es, "bad magic %llx: not ext2", (unsigned long long)s->s_magic);
	if (s->s_log_block_size > EXT2_MAX_BLOCK_LOG - EXT2_MIN_BLOCK_LOG)
		return ext2_error(es, "block size 2^%llu out of range (1024..4096)",
				  (unsigned long long)log);
	if ((1u << log) % es->dev->block_size)
		return ext2_error(es, "block size %llu not a multiple of the device's %llu",
				  1ull << log, (unsigned long long)es->dev->block_size);
	if (s->s_rev_level > 1)
		return ext2_error(es, "revision %llu unknown", (unsigned long long)s->s_rev_level);
	if (s->s_first_data_block != (log == EXT2_MIN_BLOCK_LOG ? 1u : 0u))
		return ext2_error(es, "first data block %llu wrong for the block size",
				  (unsigned long long)s->s_first_data_block);
	if (s->s_blocks_per_group == 0 || s->s_blocks_per_group > 8u << log ||
	    s->s_blocks_per_group % 8)
		return ext2_error(es, "%llu blocks per group", (unsigned long long)s->s_blocks_per_group);
	if (s->s_inodes_per_group == 0 || s->s_inodes_per_group > 8u << log ||
	    s->s_inodes_per_group % 8)
		return ext2_error(es, "%llu inodes per group", (unsigned long long)s->s_inodes_per_group);
	if (s->s_blocks_count <= s->s_first_data_block ||
	    (uint64_t)s->s_blocks_count << (log - 9) > es->dev->nblocks * (es->dev->block_size / 512))
		return ext2_error(es, "%llu blocks: more than the device holds",
				  (unsigned long long)s->s_blocks_count);
	return 0;
}

/* Features, inode size, counts. */
static int sb_check_layout(struct ext2_sb *es, const struct ext2_super_block *s)
{
	uint32_t isz = s->s_rev_level ? s->s_inode_size : EXT2_GOOD_OLD_INODE_SIZE;
	uint64_t groups = div_up(s->s_blocks_count - s->s_first_data_block, s->s_blocks_per_group);

	if (s->s_rev_level && (s->s_feature_incompat & ~EXT2_INCOMPAT_SUPP))
		return ext2_error(es, "unsupported incompatible features %llx",
				  (unsigned long long)(s->s_feature_incompat & ~EXT2_INCOMPAT_SUPP));
	if (isz < EXT2_GOOD_OLD_INODE_SIZE || isz > es->bsize || (isz & (isz - 1)))
		return ext2_error(es, "inode size %llu", (unsigned long long)isz);
	if (s->s_inodes_count == 0 || (uint64_t)s->s_inodes_per_group * groups != s->s_inodes_count)
		return ext2_error(es, "%llu inodes in %llu groups of %llu: inconsistent",
				  (unsigned long long)s->s_inodes_count, (unsigned long long)groups,
				  (unsigned long long)s->s_inodes_per_group);
	if (s->s_rev_level && (s->s_first_ino < EXT2_GOOD_OLD_FIRST_INO ||
			       s->s_first_ino >= s->s_inodes_count))
		return ext2_error(es, "first inode %llu", (unsigned long long)s->s_first_ino);
	if (div_up(groups * sizeof(struct ext2_group_desc), es->bsize) >= s->s_blocks_per_group)
		return ext2_error(es, "%llu groups: too many for the descriptor table",
				  (unsigned long long)groups);
	if (s->s_free_blocks_count > s->s_blocks_count || s->s_free_inodes_count > s->s_inodes_count)
		return ext2_error(es, "free counts larger than the file system");
	es->inode_size = isz;
	es->ngroups = (uint32_t)groups;
	es->gdt_blocks = (uint32_t)div_up(groups * sizeof(struct ext2_group_desc), es->bsize);
	es->itable_blocks = (uint32_t)div_up((uint64_t)s->s_inodes_per_group * isz, es->bsize);
	es->first_ino = s->s_rev_level ? s->s_first_ino : EXT2_GOOD_OLD_FIRST_INO;
	return 0;
}

/* Group g's first block and its number of blocks. */
static void group_range(const struct ext2_sb *es, uint32_t g, uint64_t *first, uint64_t *n)
{
	const struct ext2_super_block *s = &es->sb;

	*first = s->s_first_data_block + (uint64_t)g * s->s_blocks_per_group;
	*n = s->s_blocks_count - *first < s->s_blocks_per_group ? s->s_blocks_count - *first
							       : s->s_blocks_per_group;
}

/* ext2_check_descriptors: bitmaps and the inode table inside their group. */
static int gd_check(struct ext2_sb *es)
{
	for (uint32_t g = 0; g < es->ngroups; g++) {
		const struct ext2_group_desc *d = &es->gd[g];
		uint64_t first, n;

		group_range(es, g, &first, &n);
		if (d->bg_block_bitmap < first || d->bg_block_bitmap >= first + n)
			return ext2_error(es, "group %llu: block bitmap %llu outside the group",
					  (unsigned long long)g, (unsigned long long)d->bg_block_bitmap);
		if (d->bg_inode_bitmap < first || d->bg_inode_bitmap >= first + n)
			return ext2_error(es, "group %llu: inode bitmap %llu outside the group",
					  (unsigned long long)g, (unsigned long long)d->bg_inode_bitmap);
		if (d->bg_inode_table < first ||
		    (uint64_t)d->bg_inode_table + es->itable_blocks > first + n)
			return ext2_error(es, "group %llu: inode table %llu outside the group",
					  (unsigned long long)g, (unsigned long long)d->bg_inode_table);
		if (d->bg_free_blocks_count > n || d->bg_free_inodes_count > es->sb.s_inodes_per_group)
			return ext2_error(es, "group %llu: free counts larger than the group",
					  (unsigned long long)g);
	}
	return 0;
}

/* ---- mounting ---------------------------------------------------------------------------- */

/* The superblock straight from the device (the block size is not known yet). */
static int sb_read(struct ext2_sb *es)
{
	struct blkdev *dev = es->dev;
	uint32_t bs = dev->block_size;
	uint64_t lba = EXT2_SB_OFFSET / bs;
	uint32_t count = (uint32_t)div_up(EXT2_SB_OFFSET % bs + EXT2_SB_SIZE, bs);
	uint8_t *buf;
	int err;

	if (bs == 0 || (bs & (bs - 1)) || bs > FS_PAGE_SIZE || lba + count > dev->nblocks)
		return ext2_error(es, "device too small or block size %llu unusable",
				  (unsigned long long)bs);
	buf = dev->ops->buf_alloc(dev, (size_t)count * bs);
	if (!buf)
		return -LX_ENOMEM;
	err = dev->ops->read(dev, lba, count, buf);
	if (!err)
		memcpy(&es->sb, buf + EXT2_SB_OFFSET % bs, sizeof(es->sb));
	dev->ops->buf_free(dev, buf, (size_t)count * bs);
	return err ? ext2_error(es, "superblock unreadable (%llx)", (unsigned long long)-err) : 0;
}

/* The descriptor table, through the buffer cache. */
static int gd_read(struct ext2_sb *es)
{
	uint32_t per = es->bsize / sizeof(struct ext2_group_desc);
	struct bbuf *b;
	int err;

	es->gd = fs_alloc((size_t)es->ngroups * sizeof(struct ext2_group_desc));
	if (!es->gd)
		return -LX_ENOMEM;
	for (uint32_t i = 0; i < es->gdt_blocks; i++) {
		uint32_t first = i * per, n = es->ngroups - first < per ? es->ngroups - first : per;
		err = bcache_read(es->bc, es->sb.s_first_data_block + 1 + i, &b);
		if (err)
			return ext2_error(es, "group descriptors unreadable");
		memcpy(&es->gd[first], b->data, n * sizeof(struct ext2_group_desc));
		bcache_put(es->bc, b);
	}
	return gd_check(es);
}

/* Linux's ext2_max_size: the tree's reach, and i_blocks' 32 bits of 512-byte units. */
static uint64_t max_file_size(uint32_t bits)
{
	uint64_t apb = 1ull << (bits - 2), reach, limit;
	uint64_t meta = 1 + (1 + apb) + (1 + apb + apb * apb);

	reach = (EXT2_NDIR_BLOCKS + apb + apb * apb + apb * apb * apb) << bits;
	limit = ((((1ull << 32) - 1) >> (bits - 9)) - meta) << bits;
	return reach < limit ? reach : limit;
}

static int geometry(struct ext2_sb *es, unsigned flags)
{
	int err = sb_check_geometry(es, &es->sb);

	if (err)
		return err;
	es->bshift = es->sb.s_log_block_size + EXT2_MIN_BLOCK_LOG;
	es->bsize = 1u << es->bshift;
	es->apb_shift = es->bshift - 2;
	es->apb = 1u << es->apb_shift;
	es->tind_end = EXT2_NDIR_BLOCKS + (uint64_t)es->apb + ((uint64_t)es->apb << es->apb_shift) +
		       ((uint64_t)es->apb << (2 * es->apb_shift));
	err = sb_check_layout(es, &es->sb);
	if (err)
		return err;
	es->ro = (flags & LX_MS_RDONLY) || es->dev->readonly;
	if (es->sb.s_rev_level && (es->sb.s_feature_ro_compat & ~EXT2_RO_COMPAT_SUPP) && !es->ro) {
		ext2_error(es, "read-only-compatible features %llx unknown: mounted read-only",
			   (unsigned long long)(es->sb.s_feature_ro_compat & ~EXT2_RO_COMPAT_SUPP));
		es->ro = true;
	}
	es->vfs.max_size = max_file_size(es->bshift);
	if (!(es->sb.s_feature_ro_compat & EXT2_FEATURE_RO_COMPAT_LARGE_FILE) && es->ro)
		es->vfs.max_size = es->vfs.max_size < 0x7fffffffull ? es->vfs.max_size : 0x7fffffffull;
	return 0;
}

/* What a read-write mount changes at once: the state says "in use". */
static int mark_mounted(struct ext2_sb *es)
{
	es->mount_state = es->sb.s_state;
	if (!(es->sb.s_state & EXT2_VALID_FS))
		ext2_error(es, "mounting a file system not cleanly unmounted: run e2fsck");
	if (es->ro)
		return 0;
	es->sb.s_state &= (uint16_t)~EXT2_VALID_FS;
	es->sb.s_mnt_count++;
	es->sb.s_mtime = (uint32_t)(ext2_now() / 1000000000);
	ext2_meta_dirty(es);
	int err = ext2_write_super(es);
	return err ? err : bcache_sync(es->bc, true);
}

static void es_free(struct ext2_sb *es)
{
	pcache_fini(&es->pc);
	if (es->bounce)
		es->dev->ops->buf_free(es->dev, es->bounce, FS_PAGE_SIZE);
	if (es->ra_buf)
		es->dev->ops->buf_free(es->dev, es->ra_buf, EXT2_RA_PAGES * FS_PAGE_SIZE);
	bcache_destroy(es->bc);
	fs_free(es->gd);
	fs_free(es);
}

static int mount_root(struct ext2_sb *es)
{
	struct ext2_node *root;
	int err = ext2_iget(es, EXT2_ROOT_INO, &root);

	if (err)
		return err;
	if (!LX_S_ISDIR(root->vfs.mode)) {
		root->vfs.nlink = 1;	/* evicted, not deleted */
		vfs_iput(&root->vfs);
		ext2_inodes_free(es);
		return ext2_error(es, "root inode is not a directory");
	}
	root->up_checked = true;
	es->vfs.root = &root->vfs;
	return 0;
}

static void copy_name(char *dst, size_t size, const char *src)
{
	size_t n = vfs_path_len(src, size - 1);

	memcpy(dst, src, n);
	dst[n] = 0;
}

int ext2_mount(struct blkdev *dev, unsigned flags, uint32_t st_dev, struct vfs_sb **out)
{
	struct ext2_sb *es = fs_alloc(sizeof(*es));
	int err;

	*out = NULL;
	if (!es)
		return -LX_ENOMEM;
	es->dev = dev;
	err = sb_read(es);
	if (!err)
		err = geometry(es, flags);
	if (!err)
		err = bcache_new(dev, es->bsize, cache_bufs, &es->bc);
	if (!err)
		err = gd_read(es);
	if (!err && !(es->bounce = dev->ops->buf_alloc(dev, FS_PAGE_SIZE)))
		err = -LX_ENOMEM;
	if (!err) {		/* readahead is optional: without the memory, a page at a time */
		es->ra_buf = dev->ops->buf_alloc(dev, EXT2_RA_PAGES * FS_PAGE_SIZE);
		pcache_init(&es->pc, cache_pages, ext2_page_writeback, ext2_page_owner);
		es->vfs.sops = &ext2_sb_ops;
		es->vfs.fstype = "ext2";
		es->vfs.mnt_flags = es->ro ? LX_MS_RDONLY : 0;
		es->vfs.dev = st_dev;
		copy_name(es->vfs.source, sizeof(es->vfs.source), dev->name);
		es->next_generation = (uint32_t)ext2_now();
		err = mount_root(es);
	}
	if (!err && (err = mark_mounted(es))) {
		vfs_iput(es->vfs.root);
		ext2_inodes_free(es);
	}
	if (err) {
		es_free(es);
		return err == -LX_ENOMEM ? err : -LX_EINVAL;	/* as Linux's ext2_fill_super */
	}
	*out = &es->vfs;
	return 0;
}

/* ---- sync, unmount, tick, usage ------------------------------------------------------------ */

static int ext2_sync(struct vfs_sb *sb, bool wait)
{
	struct ext2_sb *es = ext2_sb_of(sb);
	int err, err2;

	if (es->ro)
		return 0;
	err = 0;
	for (unsigned h = 0; h < EXT2_IHASH; h++)
		for (struct ext2_node *n = es->ihash[h]; n; n = n->hnext)
			if (n->pages.head && (err2 = ext2_cluster_out(n)) && !err)
				err = err2;
	err2 = pcache_sync_all(&es->pc, false, 0);
	err = err ? err : err2;
	err2 = ext2_write_super(es);
	err = err ? err : err2;
	err2 = bcache_sync(es->bc, wait);
	return err ? err : err2;
}

static void ext2_put_super(struct vfs_sb *sb)
{
	struct ext2_sb *es = ext2_sb_of(sb);

	ext2_sync(sb, false);
	vfs_iput(sb->root);
	ext2_inodes_free(es);
	if (!es->ro) {
		es->sb.s_state = es->mount_state;
		ext2_meta_dirty(es);
		ext2_write_super(es);
		bcache_sync(es->bc, true);
	}
	es_free(es);
}

int ext2_shutdown(struct vfs_sb *sb, bool undo)
{
	struct ext2_sb *es = ext2_sb_of(sb);

	if (es->ro)
		return 0;
	if (undo)
		return mark_mounted(es);
	int err = ext2_sync(sb, true);
	if (err)
		return err;
	es->sb.s_state = es->mount_state;
	ext2_meta_dirty(es);
	err = ext2_write_super(es);
	return err ? err : bcache_sync(es->bc, true);
}

/* n has a page dirty for PCACHE_EXPIRE_NS */
static bool has_expired(struct ext2_node *n, uint64_t now_ns)
{
	for (struct pcache_page *pg = n->pages.head; pg; pg = pg->onext)
		if (pg->dirty && now_ns - pg->dirtied_ns >= PCACHE_EXPIRE_NS)
			return true;
	return false;
}

int ext2_tick(struct vfs_sb *sb, uint64_t now_ns)
{
	struct ext2_sb *es = ext2_sb_of(sb);
	int err;

	(void)now_ns;
	now_ns = fs_now_ns();		/* the clock the caches stamp dirty data with */
	if (es->ro)
		return 0;
	for (unsigned h = 0; h < EXT2_IHASH; h++)	/* files with expired data: clustered */
		for (struct ext2_node *n = es->ihash[h]; n; n = n->hnext)
			if (has_expired(n, now_ns))
				ext2_cluster_out(n);
	err = pcache_sync_all(&es->pc, true, now_ns);
	if (!err)
		err = ext2_write_super(es);
	int err2 = bcache_tick(es->bc, now_ns);
	return err ? err : err2;
}

static bool power_of(uint32_t n, uint32_t base)
{
	while (n > 1 && n % base == 0)
		n /= base;
	return n == 1;
}

/* Group g holds a copy of the superblock and descriptors (sparse_super: 0, 1 and
 * powers of 3, 5 and 7). */
static bool group_has_super(const struct ext2_sb *es, uint32_t g)
{
	if (g <= 1 || !es->sb.s_rev_level ||
	    !(es->sb.s_feature_ro_compat & EXT2_FEATURE_RO_COMPAT_SPARSE_SUPER))
		return true;
	return power_of(g, 3) || power_of(g, 5) || power_of(g, 7);
}

void ext2_usage(struct vfs_sb *sb, struct ext2_usage *u)
{
	const struct ext2_sb *es = ext2_sb_of(sb);
	const struct ext2_super_block *s = &es->sb;
	uint64_t overhead = s->s_first_data_block;

	/* the overhead of Linux 6.1's ext4 serving ext2 (ext4_calculate_overhead):
	   it counts the GDT blocks reserved for growing too, as ext2's own did not */
	for (uint32_t g = 0; g < es->ngroups; g++)
		overhead += (group_has_super(es, g) ?
			     1u + es->gdt_blocks + s->s_reserved_gdt_blocks : 0) + 2 +
			    es->itable_blocks;
	u->bsize = es->bsize;
	u->blocks = s->s_blocks_count - overhead;
	u->bfree = s->s_free_blocks_count;
	u->bavail = u->bfree > s->s_r_blocks_count ? u->bfree - s->s_r_blocks_count : 0;
	u->files = s->s_inodes_count;
	u->ffree = s->s_free_inodes_count;
}

#if __has_include("lx_mount.h")	/* struct lx_statfs comes with the mount table */
#include "lx_mount.h"

static int ext2_statfs(struct vfs_sb *sb, struct lx_statfs *out)
{
	const uint8_t *uuid = ext2_sb_of(sb)->sb.s_uuid;
	struct ext2_usage u;
	uint64_t lo, hi;

	ext2_usage(sb, &u);
	memcpy(&lo, uuid, 8);
	memcpy(&hi, uuid + 8, 8);
	memset(out, 0, sizeof(*out));
	out->f_type = EXT2_MAGIC;
	out->f_bsize = out->f_frsize = u.bsize;
	out->f_blocks = u.blocks;
	out->f_bfree = u.bfree;
	out->f_bavail = u.bavail;
	out->f_files = u.files;
	out->f_ffree = u.ffree;
	out->f_fsid[0] = (int32_t)(uint32_t)(lo ^ hi);		/* as Linux: the uuid folded */
	out->f_fsid[1] = (int32_t)(uint32_t)((lo ^ hi) >> 32);
	out->f_namelen = VFS_NAME_MAX;
	return 0;
}
#define EXT2_STATFS	ext2_statfs
#else
#define EXT2_STATFS	NULL
#endif

const struct vfs_sb_ops ext2_sb_ops = {
	.statfs = EXT2_STATFS,
	.sync = ext2_sync,
	.tick = ext2_tick,
	.fsync = ext2_fsync,
	.put_super = ext2_put_super,
};
