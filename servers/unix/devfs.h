/* SPDX-License-Identifier: BSD-2-Clause */
/* devfs.h - /dev, a devtmpfs-like file system of its own (devfs.c). */
#ifndef UNIX_DEVFS_H
#define UNIX_DEVFS_H

#include <stdint.h>
#include "fs/vfs.h"

/* Makes /dev (a ramfs mounted on the root's /dev) with the character
 * devices, /dev/pts (devpts), /dev/shm (a tmpfs) and the /dev/fd links.
 * ctx: the root file system, as root. */
int devfs_init(const struct vfs_ctx *ctx);
/* A device node /dev/NAME (NAME without "/dev/"; mode: S_IFCHR or S_IFBLK
 * and the permission bits), owned by root: for drivers found later (disks).
 * -EEXIST if the name is taken. */
int devfs_add_node(const char *name, uint32_t mode, uint32_t rdev);

#endif
