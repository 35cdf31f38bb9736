/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * regwalk.c - find an entry's registry path through the registry
 * interface (ioreg.idl), the way a client that knows only a BSD name gets
 * a path to open by: a depth-first walk from "/" over `children`.
 */
#include "blkclient.h"

#define WALK_DEPTH 16

/* Depth-first from entry id whose path is path[0..plen); true when found. */
static bool walk(dbt_slot_t reg, dbt_word_t id, const char *name, char *path, size_t plen,
		 size_t len, unsigned depth)
{
	char child[IOREG_CHILDREN_NAME_MAX + 1];
	dbt_word_t cid, clen;
	if (depth >= WALK_DEPTH)
		return false;
	for (dbt_word_t i = 0; ioreg_children(reg, id, i, &cid, child, &clen) == DBT_OK; i++) {
		child[clen] = 0;
		size_t n = snfmt(path + plen, len - plen, "/%s", child);
		if (plen + n >= len)
			return false;
		char *at = strchr(child, '@');
		if (at)
			*at = 0;
		if (!strcmp(child, name) || walk(reg, cid, name, path, plen + n, len, depth + 1))
			return true;
	}
	path[plen] = 0;
	return false;
}

bool blkc_find_path(dbt_slot_t reg, const char *name, char *path, size_t len)
{
	dbt_word_t root, cls_len;
	char cls[IOREG_LOOKUP_CLASS_NAME_MAX];
	if (!reg || ioreg_lookup(reg, "/", 1, &root, cls, &cls_len) != DBT_OK)
		return false;
	path[0] = 0;
	return walk(reg, root, name, path, 0, len, 0);
}
