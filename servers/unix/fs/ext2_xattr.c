/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ext2_xattr.c (unixd) - extended attributes of ext2 inodes, in the format
 * Linux's ext2 and ext4 drivers and e2fsprogs share:
 *
 *   in the inode   (inodes larger than 128 bytes) after i_extra_isize: a
 *                  magic word, then the entries; values at the end of the
 *                  inode, their offsets counted from the first entry;
 *   in a block     (i_file_acl) a 32-byte header (magic, reference count,
 *                  one block, a hash of the entries' hashes), the entries
 *                  from byte 32, values at the end of the block.
 *
 * An entry: name length, name index (1 "user.", 4 "trusted.", 6
 * "security."; the POSIX ACLs' 2 and 3, and any other, are kept as they
 * are), value offset, value inode (0: the value is here), value size, hash
 * (of the name and the value, as e2fsck checks it), the name; each padded
 * to 4 bytes, a zero word after the last.
 *
 * A change reads every attribute of the inode into memory, changes the set
 * and writes it back: as many as fit into the inode first (in the order
 * Linux keeps a block's: index, name length, name), the rest into a block
 * of the inode's own - the old one rewritten when only this inode uses it,
 * a new one otherwise (a block shared with other inodes keeps their copy,
 * its count one lower).  More than fits is -ENOSPC, as on Linux without
 * ea_inode.  Damage (an entry or value outside its area, a bad magic, a
 * block number out of range) is -EIO with a log line.
 *
 *   ext2_getxattr ext2_setxattr ext2_listxattr   (ext2_int.h)
 */
#include "ext2_int.h"
#include "fsarray.h"
#include "dstring.h"

#define XA_ROUND(x)		(((x) + 3u) & ~3u)
#define XA_HEAD			16u	/* an entry before its name */
#define XA_ENTRY_LEN(nl)	XA_ROUND(XA_HEAD + (nl))
#define XA_BLOCK_HEAD		32u	/* struct ext2_xattr_header */
#define XA_END			4u	/* the zero word after the last entry */
#define XA_NAME_MAX		255u
#define EXT2_FEATURE_COMPAT_EXT_ATTR 0x0008u

_Static_assert(sizeof(struct ext2_xattr_header) == XA_BLOCK_HEAD, "the block header");

struct xa_entry {			/* on disk */
	uint8_t e_name_len;
	uint8_t e_name_index;
	uint16_t e_value_offs;
	uint32_t e_value_inum;
	uint32_t e_value_size;
	uint32_t e_hash;
	char e_name[];
};
_Static_assert(sizeof(struct xa_entry) == XA_HEAD, "an entry's head");

/* One attribute in memory. */
struct xa {
	uint8_t index, name_len;
	char name[XA_NAME_MAX];
	uint32_t size;
	uint8_t *value;			/* fs_alloc'd, size bytes */
	bool in_block;			/* where xa_store puts it */
};

struct xa_set {
	struct xa *v;
	size_t n, cap;
};

static const struct {
	uint8_t index;
	const char *prefix;
} prefixes[] = { { 1, "user." }, { 4, "trusted." }, { 6, "security." } };

/* The index and suffix of a full name; 0 if no namespace here takes it. */
static uint8_t name_split(const char *name, const char **suffix)
{
	for (unsigned i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		size_t pl = strlen(prefixes[i].prefix);
		if (!strncmp(name, prefixes[i].prefix, pl)) {
			*suffix = name + pl;
			return prefixes[i].index;
		}
	}
	return 0;
}

static const char *index_prefix(uint8_t index)
{
	for (unsigned i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++)
		if (prefixes[i].index == index)
			return prefixes[i].prefix;
	return NULL;
}

static void set_free(struct xa_set *s)
{
	for (unsigned i = 0; i < s->n; i++)
		fs_free(s->v[i].value);
	fs_free(s->v);
	s->v = NULL;
	s->n = s->cap = 0;
}

static int set_add(struct xa_set *s, uint8_t index, const char *name, unsigned nl,
		   const void *value, uint32_t size)
{
	void *v = s->v;
	int err = fs_array_room(&v, s->n, &s->cap, sizeof(*s->v), 8);
	if (err)
		return err;
	s->v = v;
	struct xa *a = &s->v[s->n];
	*a = (struct xa){ .index = index, .name_len = (uint8_t)nl, .size = size };
	memcpy(a->name, name, nl);
	if (size) {
		a->value = fs_alloc(size);
		if (!a->value)
			return -LX_ENOMEM;
		memcpy(a->value, value, size);
	}
	s->n++;
	return 0;
}

/* ---- reading ------------------------------------------------------------------------------ */

/* The entries from first on, within [first, end), values at vbase + offset
 * within vsize bytes: into s. */
static int parse(struct ext2_node *n, const uint8_t *first, const uint8_t *end,
		 const uint8_t *vbase, size_t vsize, struct xa_set *s)
{
	const uint8_t *p = first;
	int err = 0;

	while (!err && p + XA_END <= end && *(const uint32_t *)p) {
		const struct xa_entry *e = (const struct xa_entry *)p;
		if (p + XA_HEAD > end || p + XA_ENTRY_LEN(e->e_name_len) > end || e->e_value_inum ||
		    (size_t)e->e_value_offs + e->e_value_size > vsize)
			return ext2_error(ext2_es(n), "inode %llu: extended attribute entry damaged",
					  (unsigned long long)n->vfs.ino);
		err = set_add(s, e->e_name_index, e->e_name, e->e_name_len, vbase + e->e_value_offs,
			      e->e_value_size);
		p += XA_ENTRY_LEN(e->e_name_len);
	}
	if (!err && p + XA_END > end)
		return ext2_error(ext2_es(n), "inode %llu: extended attributes without an end",
				  (unsigned long long)n->vfs.ino);
	return err;
}

/* Where the inode's own attribute area begins in the raw inode r (its magic
 * word), and its end; false when the inode has none (128 bytes, or an
 * i_extra_isize that leaves no room). */
static bool ibody(const struct ext2_sb *es, uint8_t *r, uint8_t **base, uint8_t **end)
{
	if (es->inode_size <= EXT2_GOOD_OLD_INODE_SIZE + sizeof(uint16_t))
		return false;
	uint16_t extra = ((const struct ext2_inode_extra *)(r + EXT2_GOOD_OLD_INODE_SIZE))->i_extra_isize;
	if ((extra & 3u) || EXT2_GOOD_OLD_INODE_SIZE + extra + XA_END + XA_END > es->inode_size)
		return false;
	*base = r + EXT2_GOOD_OLD_INODE_SIZE + extra;
	*end = r + es->inode_size;
	return true;
}

/* n's inode table buffer, held (*b), and n's attribute area in it: *base
 * (NULL when the inode has none) to *end. */
static int ibody_get(struct ext2_node *n, struct bbuf **b, uint8_t **base, uint8_t **end)
{
	struct ext2_sb *es = ext2_es(n);
	uint32_t off;
	int err = ext2_iraw(es, (uint32_t)n->vfs.ino, b, &off);

	if (!err && !ibody(es, (*b)->data + off, base, end))
		*base = *end = NULL;
	return err;
}

static int load_ibody(struct ext2_node *n, struct xa_set *s)
{
	struct bbuf *b;
	uint8_t *base, *end;
	int err = ibody_get(n, &b, &base, &end);

	if (err)
		return err;
	if (base && *(uint32_t *)base == EXT2_XATTR_MAGIC)
		err = parse(n, base + XA_END, end, base + XA_END, (size_t)(end - base - XA_END), s);
	bcache_put(ext2_es(n)->bc, b);
	return err;
}

/* The inode's attribute block, held (*out), and checked; -EIO when damaged. */
static int block_get(struct ext2_node *n, struct bbuf **out)
{
	struct ext2_sb *es = ext2_es(n);
	int err;

	if (!ext2_block_ok(es, n->file_acl))
		return ext2_error(es, "inode %llu: attribute block %llu out of range",
				  (unsigned long long)n->vfs.ino, (unsigned long long)n->file_acl);
	err = bcache_read(es->bc, n->file_acl, out);
	if (err)
		return err;
	const struct ext2_xattr_header *h = (const struct ext2_xattr_header *)(*out)->data;
	if (h->h_magic != EXT2_XATTR_MAGIC || h->h_blocks != 1 || !h->h_refcount) {
		bcache_put(es->bc, *out);
		return ext2_error(es, "inode %llu: attribute block %llu has a bad header",
				  (unsigned long long)n->vfs.ino, (unsigned long long)n->file_acl);
	}
	return 0;
}

/* Every attribute of n, the inode's first. */
static int load(struct ext2_node *n, struct xa_set *s)
{
	struct ext2_sb *es = ext2_es(n);
	struct bbuf *b;
	int err = load_ibody(n, s);

	if (err || !n->file_acl)
		return err;
	err = block_get(n, &b);
	if (err)
		return err;
	err = parse(n, b->data + XA_BLOCK_HEAD, b->data + es->bsize, b->data, es->bsize, s);
	bcache_put(es->bc, b);
	return err;
}

static struct xa *find(struct xa_set *s, uint8_t index, const char *suffix)
{
	size_t nl = strlen(suffix);
	for (unsigned i = 0; i < s->n; i++)
		if (s->v[i].index == index && s->v[i].name_len == nl && !memcmp(s->v[i].name, suffix, nl))
			return &s->v[i];
	return NULL;
}

/* ---- writing ------------------------------------------------------------------------------ */

static uint32_t entry_hash(const struct xa *a)
{
	uint32_t h = 0;

	for (unsigned i = 0; i < a->name_len; i++)
		h = (h << 5) ^ (h >> 27) ^ (uint8_t)a->name[i];
	for (uint32_t i = 0; i < a->size; i += 4) {
		uint32_t w = 0;
		memcpy(&w, a->value + i, a->size - i < 4 ? a->size - i : 4);	/* zero padded */
		h = (h << 16) ^ (h >> 16) ^ w;
	}
	return h;
}

/* Entries and values of the attributes of s with in_block == block into the
 * area at first..first + room (values' offsets from vbase_off: the area's
 * start within what offsets count from).  The hashes of the written entries
 * combined as a block's (0 if none has one). */
static uint32_t lay_out(const struct xa_set *s, bool block, uint8_t *first, size_t room,
			size_t vbase_off)
{
	uint8_t *p = first;
	size_t vend = room;			/* values grow down from the area's end */
	uint32_t bhash = 0;
	bool zero = false;			/* an entry hashed to 0: the block's hash is 0 */

	memset(first, 0, room);
	for (unsigned i = 0; i < s->n; i++) {
		const struct xa *a = &s->v[i];
		if (a->in_block != block)
			continue;
		struct xa_entry *e = (struct xa_entry *)p;
		vend -= XA_ROUND(a->size);
		e->e_name_len = a->name_len;
		e->e_name_index = a->index;
		e->e_value_offs = (uint16_t)(a->size ? vbase_off + vend : 0);
		e->e_value_size = a->size;
		e->e_hash = entry_hash(a);
		memcpy(e->e_name, a->name, a->name_len);
		if (a->size)
			memcpy(first + vend, a->value, a->size);
		bhash = (bhash << 16) ^ (bhash >> 16) ^ e->e_hash;
		zero |= !e->e_hash;
		p += XA_ENTRY_LEN(a->name_len);
	}
	return zero ? 0 : bhash;
}

/* Linux's order of a block's entries: index, name length, name. */
static int xa_cmp(const struct xa *a, const struct xa *b)
{
	if (a->index != b->index)
		return a->index < b->index ? -1 : 1;
	if (a->name_len != b->name_len)
		return a->name_len < b->name_len ? -1 : 1;
	return memcmp(a->name, b->name, a->name_len);
}

static void sort(struct xa_set *s)
{
	for (unsigned i = 1; i < s->n; i++)
		for (unsigned j = i; j > 0 && xa_cmp(&s->v[j - 1], &s->v[j]) > 0; j--) {
			struct xa t = s->v[j - 1];
			s->v[j - 1] = s->v[j];
			s->v[j] = t;
		}
}

static size_t need(const struct xa *a)
{
	return XA_ENTRY_LEN(a->name_len) + XA_ROUND(a->size);
}

/* Which attributes go into the inode (room bytes for entries and values,
 * the end word aside) and which into the block; whether any goes there.
 * -ENOSPC when the block cannot take the rest. */
static int place(struct xa_set *s, size_t ibody_room, size_t bsize, bool *any_block)
{
	size_t in_inode = 0, in_block = 0;

	*any_block = false;
	for (unsigned i = 0; i < s->n; i++) {
		struct xa *a = &s->v[i];
		a->in_block = in_inode + need(a) > ibody_room;
		if (a->in_block) {
			in_block += need(a);
			*any_block = true;
		} else {
			in_inode += need(a);
		}
	}
	return in_block > bsize - XA_BLOCK_HEAD - XA_END ? -LX_ENOSPC : 0;
}

/* The block that will hold the attributes: n's own when only n uses it,
 * else a new one (*fresh). */
static int block_for(struct ext2_node *n, uint32_t *blk, bool *fresh)
{
	struct ext2_sb *es = ext2_es(n);
	struct bbuf *b;
	int err;

	*fresh = true;
	if (n->file_acl) {
		err = block_get(n, &b);
		if (err)
			return err;
		*fresh = ((struct ext2_xattr_header *)b->data)->h_refcount > 1;
		bcache_put(es->bc, b);
		if (!*fresh) {
			*blk = n->file_acl;
			return 0;
		}
	}
	uint64_t goal = (uint64_t)((n->vfs.ino - 1) / es->sb.s_inodes_per_group) *
			es->sb.s_blocks_per_group + es->sb.s_first_data_block;
	return ext2_balloc(es, goal, blk);
}

/* n lets its old attribute block go (another took its place, or none is
 * needed): its count goes down, and it is freed with the last; n's blocks
 * count it no longer either way (each user's i_blocks counts a shared block). */
static void block_release(struct ext2_node *n, uint32_t old)
{
	struct ext2_sb *es = ext2_es(n);
	struct bbuf *b;
	uint32_t keep = n->file_acl;

	n->file_acl = old;
	if (block_get(n, &b) == 0) {
		struct ext2_xattr_header *h = (struct ext2_xattr_header *)b->data;
		bool last = h->h_refcount == 1;
		if (!last) {
			h->h_refcount--;
			bcache_dirty(es->bc, b);
		}
		bcache_put(es->bc, b);
		if (last)
			ext2_bfree(es, old);	/* damage is logged */
	}
	if (n->vfs.blocks >= es->bsize / 512)
		n->vfs.blocks -= es->bsize / 512;
	n->file_acl = keep;
}

static int write_block(struct ext2_node *n, const struct xa_set *s, uint32_t blk, bool fresh)
{
	struct ext2_sb *es = ext2_es(n);
	struct bbuf *b;
	int err = fresh ? bcache_zero(es->bc, blk, &b) : bcache_read(es->bc, blk, &b);

	if (err)
		return err;
	struct ext2_xattr_header *h = (struct ext2_xattr_header *)b->data;
	*h = (struct ext2_xattr_header){ .h_magic = EXT2_XATTR_MAGIC, .h_refcount = 1, .h_blocks = 1 };
	h->h_hash = lay_out(s, true, b->data + XA_BLOCK_HEAD, es->bsize - XA_BLOCK_HEAD, XA_BLOCK_HEAD);
	bcache_dirty(es->bc, b);
	bcache_put(es->bc, b);
	return 0;
}

static int write_ibody(struct ext2_node *n, const struct xa_set *s, bool any_in_inode)
{
	struct ext2_sb *es = ext2_es(n);
	struct bbuf *b;
	uint8_t *base, *end;
	int err = ibody_get(n, &b, &base, &end);

	if (err)
		return err;
	if (base) {
		memset(base, 0, (size_t)(end - base));
		if (any_in_inode) {
			*(uint32_t *)base = EXT2_XATTR_MAGIC;
			lay_out(s, false, base + XA_END, (size_t)(end - base - XA_END), 0);
		}
		bcache_dirty(es->bc, b);
	}
	bcache_put(es->bc, b);
	return 0;
}

static bool any_in_inode(const struct xa_set *s)
{
	for (unsigned i = 0; i < s->n; i++)
		if (!s->v[i].in_block)
			return true;
	return false;
}

/* Write s back as n's attributes; nothing changes when it fails. */
static int store(struct ext2_node *n, struct xa_set *s)
{
	struct ext2_sb *es = ext2_es(n);
	struct bbuf *b;
	uint32_t blk = 0, old = n->file_acl;
	uint8_t *base, *end;
	size_t room = 0;
	bool any_block, fresh = false;
	int err = ibody_get(n, &b, &base, &end);

	if (err)
		return err;
	if (base)
		room = (size_t)(end - base) - 2 * XA_END;	/* the magic, the end word */
	bcache_put(es->bc, b);
	sort(s);
	err = place(s, room, es->bsize, &any_block);
	if (!err && any_block)
		err = block_for(n, &blk, &fresh);
	if (!err && any_block)
		err = write_block(n, s, blk, fresh);
	if (err) {
		if (fresh && blk)
			ext2_bfree(es, blk);
		return err;
	}
	if (fresh && any_block)
		n->vfs.blocks += es->bsize / 512;
	err = write_ibody(n, s, any_in_inode(s));
	if (old && (!any_block || blk != old))
		block_release(n, old);
	n->file_acl = any_block ? blk : 0;
	if (!(es->sb.s_feature_compat & EXT2_FEATURE_COMPAT_EXT_ATTR)) {
		es->sb.s_feature_compat |= EXT2_FEATURE_COMPAT_EXT_ATTR;
		ext2_meta_dirty(es);
	}
	ext2_touch(n, false);
	int err2 = ext2_iwrite(n);
	return err ? err : err2;
}

/* ---- the operations ----------------------------------------------------------------------- */

int ext2_getxattr(struct inode *ip, const char *name, void *buf, size_t size)
{
	struct ext2_node *n = ext2_node_of(ip);
	struct xa_set s = { 0 };
	const char *suffix;
	uint8_t index = name_split(name, &suffix);
	int err = !index ? -LX_EOPNOTSUPP : !*suffix ? -LX_EINVAL : load(n, &s);

	if (!err) {
		struct xa *a = find(&s, index, suffix);
		if (!a)
			err = -LX_ENODATA;
		else if (size && a->size > size)
			err = -LX_ERANGE;
		else if (size && a->size)
			memcpy(buf, a->value, a->size);
		if (a && !err)
			err = (int)a->size;
	}
	set_free(&s);
	return err;
}

int ext2_setxattr(struct inode *ip, const char *name, const void *value, size_t len, int flags)
{
	struct ext2_node *n = ext2_node_of(ip);
	struct xa_set s = { 0 };
	const char *suffix;
	uint8_t index = name_split(name, &suffix);
	size_t nl = index ? strlen(suffix) : 0;
	int err = 0;

	if (!index)
		return -LX_EOPNOTSUPP;
	if (nl == 0 || nl > XA_NAME_MAX)
		return nl ? -LX_ERANGE : -LX_EINVAL;
	if (ext2_es(n)->ro)
		return -LX_EROFS;
	err = load(n, &s);
	struct xa *a = err ? NULL : find(&s, index, suffix);
	if (!err && a && (flags & VFS_XATTR_CREATE))
		err = -LX_EEXIST;
	else if (!err && !a && ((flags & VFS_XATTR_REPLACE) || !value))
		err = -LX_ENODATA;
	if (!err && a) {			/* out of the set; back in below if set */
		fs_free(a->value);
		*a = s.v[--s.n];
	}
	if (!err && value)
		err = set_add(&s, index, suffix, (unsigned)nl, value, (uint32_t)len);
	if (!err)
		err = store(n, &s);
	set_free(&s);
	return err;
}

int ext2_listxattr(struct inode *ip, char *buf, size_t size)
{
	struct ext2_node *n = ext2_node_of(ip);
	struct xa_set s = { 0 };
	size_t len = 0;
	int err = load(n, &s);

	for (unsigned i = 0; !err && i < s.n; i++) {
		const char *prefix = index_prefix(s.v[i].index);
		if (!prefix)
			continue;		/* ACLs and others: not names of this list */
		size_t pl = strlen(prefix), k = pl + s.v[i].name_len + 1;
		if (size && len + k > size) {
			err = -LX_ERANGE;
			break;
		}
		if (size) {
			memcpy(buf + len, prefix, pl);
			memcpy(buf + len + pl, s.v[i].name, s.v[i].name_len);
			buf[len + k - 1] = '\0';
		}
		len += k;
	}
	set_free(&s);
	return err ? err : (int)len;
}
