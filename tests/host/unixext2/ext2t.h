/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/host/unixext2/ext2t.h - what the ext2 host test program's files
 * share: the image-file block device, mounting through ext2_mount, the
 * credentials and path context, the log ext2 writes to, and CHECK.
 */
#ifndef EXT2T_H
#define EXT2T_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include "vfs.h"
#include "ext2.h"
#include "fsalloc.h"

extern char why[256];

#define CHECK(e)                                                                        \
	do {                                                                            \
		if (!(e)) {                                                             \
			snprintf(why, sizeof(why), "line %d: %s", __LINE__, #e);        \
			goto out;                                                       \
		}                                                                       \
	} while (0)

#define CHECK_ERR(got, want)                                                            \
	do {                                                                            \
		long long g_ = (got);                                                   \
		if (g_ != (long long)(want)) {                                          \
			snprintf(why, sizeof(why), "line %d: %s gave %lld, want %s",    \
				 __LINE__, #got, g_, #want);                            \
			goto out;                                                       \
		}                                                                       \
	} while (0)

/* seam.c: the image as a block device of 512-byte blocks */
struct blkdev *img_open(const char *path, bool readonly);
void img_close(struct blkdev *d);
extern uint64_t img_reads, img_writes;	/* device blocks moved */
extern uint64_t img_read_calls, img_write_calls;	/* transfers */
extern int img_fail_after;		/* > 0: that many more transfers work, then -EIO */

/* seam.c: the log */
extern unsigned log_lines;
extern char log_last[256];

/* seam.c: a mounted image and a path context on it (root credentials) */
extern struct vfs_sb *t_sb;
extern struct vfs_ctx t_ctx;
extern struct blkdev *t_dev;
int t_mount(const char *img, unsigned flags);
void t_umount(void);
extern uint64_t t_clock;		/* fs_now_ns */
extern long t_live;			/* allocations and pages not freed */

/* work.c */
int work_run(const char *name, const char *img);
/* main.c helpers used by work.c */
int put_data(const char *path, const void *data, size_t n, uint64_t off, uint32_t flags);
int64_t get_data(const char *path, void *buf, size_t n, uint64_t off);

#endif
