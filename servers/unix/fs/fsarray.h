/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fsarray.h (unixd) - a growing array of the file system layer's memory
 * (fs_alloc): room for one more element, doubling when full.  Used where a
 * count is not known in advance (cpio.c's hard links, ext2_xattr.c's
 * attributes of an inode).
 */
#ifndef UNIXD_FSARRAY_H
#define UNIXD_FSARRAY_H

#include "fsalloc.h"
#include "lx_errno.h"
#include "dstring.h"

/* *v holds n elements of elem bytes in room for *cap: make room for one more
 * (first elements at the start, then twice as many).  -ENOMEM leaves *v and
 * *cap as they were. */
static inline int fs_array_room(void **v, size_t n, size_t *cap, size_t elem, size_t first)
{
	if (n < *cap)
		return 0;
	size_t more = *cap ? 2 * *cap : first;
	void *w = fs_alloc(more * elem);
	if (!w)
		return -LX_ENOMEM;
	if (n)
		memcpy(w, *v, n * elem);
	fs_free(*v);
	*v = w;
	*cap = more;
	return 0;
}

#endif
