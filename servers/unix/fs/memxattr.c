/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * memxattr.c (unixd) - extended attributes kept in memory (memxattr.h):
 * one allocation per attribute, its name and value in it, on a singly
 * linked list in the order they were made (listxattr's order, as
 * simple_xattr's).  A replacement is made before the old one goes, so that
 * running out of memory changes nothing.
 *
 *   memxattr_get memxattr_set memxattr_list memxattr_free memxattr_bytes
 */
#include "vfs.h"
#include "memxattr.h"
#include "fsalloc.h"
#include "dstring.h"

struct mem_xattr {
	struct mem_xattr *next;
	size_t size;
	char *name;			/* NUL-ended, after the value */
	unsigned char value[];
};

static struct mem_xattr **find(struct mem_xattr *const *list, const char *name)
{
	struct mem_xattr **p = (struct mem_xattr **)list;

	while (*p && strcmp((*p)->name, name))
		p = &(*p)->next;
	return p;
}

int memxattr_get(struct mem_xattr *const *list, const char *name, void *buf, size_t size)
{
	struct mem_xattr *x = *find(list, name);

	if (!x)
		return -LX_ENODATA;
	if (size && x->size > size)
		return -LX_ERANGE;
	if (size)
		memcpy(buf, x->value, x->size);
	return (int)x->size;
}

int memxattr_set(struct mem_xattr **list, const char *name, const void *value, size_t len,
		 int flags)
{
	struct mem_xattr **p = find(list, name), *old = *p, *x = NULL;

	if (old && (flags & VFS_XATTR_CREATE))
		return -LX_EEXIST;
	if (!old && ((flags & VFS_XATTR_REPLACE) || !value))
		return -LX_ENODATA;
	if (value) {
		size_t nl = strlen(name) + 1;
		x = fs_alloc(sizeof(*x) + len + nl);
		if (!x)
			return -LX_ENOMEM;
		x->size = len;
		memcpy(x->value, value, len);
		x->name = (char *)x->value + len;
		memcpy(x->name, name, nl);
	}
	if (old) {			/* in old's place */
		if (x)
			x->next = old->next;
		*p = x ? x : old->next;
		fs_free(old);
	} else {
		*p = x;			/* at the end */
	}
	return 0;
}

int memxattr_list(struct mem_xattr *const *list, char *buf, size_t size)
{
	size_t len = 0;

	for (const struct mem_xattr *x = *list; x; x = x->next) {
		size_t k = strlen(x->name) + 1;
		if (size && len + k > size)
			return -LX_ERANGE;
		if (size)
			memcpy(buf + len, x->name, k);
		len += k;
	}
	return (int)len;
}

size_t memxattr_bytes(struct mem_xattr *const *list)
{
	size_t n = 0;

	for (const struct mem_xattr *x = *list; x; x = x->next)
		n += MEMXATTR_COST(strlen(x->name), x->size);
	return n;
}

void memxattr_free(struct mem_xattr **list)
{
	for (struct mem_xattr *x = *list, *next; x; x = next) {
		next = x->next;
		fs_free(x);
	}
	*list = NULL;
}
