/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * cpio.h (unixd) - unpacks a cpio archive in the "newc" format (magic 070701,
 * or 070702 with checksums), as `cpio -o -H newc` writes it and Linux's
 * initramfs reads it, into the file system ctx names: the root file system
 * unixd starts its first process on.
 */
#ifndef UNIXD_CPIO_H
#define UNIXD_CPIO_H

#include <stddef.h>
#include "vfs.h"

/*
 * Creates every entry of archive (len bytes) under ctx->root, with ctx->cred
 * (root, for a boot archive): directories, regular files, symbolic links,
 * devices, FIFOs and sockets, hard links (newc: entries sharing an inode
 * number, the data with the last one); mode, owner and mtime as archived.
 * An entry that exists is replaced (a directory is kept, its attributes set).
 * Stops at "TRAILER!!!".  Returns 0; -EINVAL for a malformed archive (bad
 * magic or hex digits, a name that is empty, unterminated, beyond the end
 * or has a ".." component, data beyond the end, a bad checksum, no
 * trailer); or the VFS's error (-ENOMEM...).  What was created before an
 * error stays, consistent.
 */
int cpio_unpack(const struct vfs_ctx *ctx, const void *archive, size_t len);

#endif
