/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * memxattr.h (unixd) - extended attributes kept in memory, on a list per
 * inode (Linux's simple_xattr, which tmpfs uses): the inode_ops getxattr,
 * setxattr and listxattr contracts of vfs.h over one list.
 */
#ifndef UNIXD_MEMXATTR_H
#define UNIXD_MEMXATTR_H

#include <stddef.h>

struct mem_xattr;

int memxattr_get(struct mem_xattr *const *list, const char *name, void *buf, size_t size);
/* -ENOMEM leaves the list as it was */
int memxattr_set(struct mem_xattr **list, const char *name, const void *value, size_t len,
		 int flags);
int memxattr_list(struct mem_xattr *const *list, char *buf, size_t size);
void memxattr_free(struct mem_xattr **list);
/* What the list holds: the names' and values' bytes (MEMXATTR_COST each). */
size_t memxattr_bytes(struct mem_xattr *const *list);
#define MEMXATTR_COST(name_len, value_len) ((name_len) + (value_len))

#endif
