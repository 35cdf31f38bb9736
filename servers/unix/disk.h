/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * disk.h - unixd's disks: the client of a driver-framework instance's block
 * service (interfaces/block.idl) on the route `disk`, each whole disk and
 * partition a struct blkdev (fs/blkdev.h) named as Linux names virtio disks
 * (vda, vda1, ...), and their /dev block-device nodes (diskdev.c).
 * docs/UNIX.md "The disk".
 */
#ifndef UNIXD_DISK_H
#define UNIXD_DISK_H

#include "blkdev.h"

/* Linux's virtio-blk numbers (virtblk's dynamic major on Debian's 6.1 in
 * the same QEMU machine; 16 minors a disk, the partitions after the disk). */
#define DISK_MAJOR        254
#define DISK_MINORS       16
#define DISK_MAX          8       /* whole disks and partitions unixd serves */

/* disk.c */
/* Connect to the route `disk` (when the composition gives one), open the
 * whole disk and its partitions; the number of block devices found.  Waits
 * a bounded time for the instance to come up; never fails unixd. */
int disk_init(void);
/* The i-th block device (0 .. count-1), NULL past the end. */
struct blkdev *disk_get(int i);
/* The block device called name ("vda1"), or NULL. */
struct blkdev *disk_by_name(const char *name);
/* The block device of device number rdev, or NULL. */
struct blkdev *disk_by_rdev(uint32_t rdev);
/* How often the client reconnected to a restarted instance (the log, tests). */
unsigned disk_reconnects(void);

/* diskdev.c: the nodes /dev/NAME of every disk (S_IFBLK, 0600 root:root, in
 * devfs), and the file operations behind them (registered by rdev). */
int diskdev_init(void);
/* fsync(2) of an open block device: the device's cache flushed. */
struct file;
int diskdev_fsync(struct file *f);

#endif
