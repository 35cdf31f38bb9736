/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bcache.c (unixd) - the buffer cache (bcache.h): blocks by number in a
 * hash, one LRU list, write-back on sync, eviction and tick.
 */
#include "bcache.h"
#include "fsalloc.h"
#include "lx_errno.h"
#include "dstring.h"

static unsigned hash_of(uint64_t blk)
{
	return (unsigned)((blk ^ (blk >> 8)) % BCACHE_HASH);
}

/* ---- the LRU list and the hash ------------------------------------------------------- */

static void lru_unlink(struct bcache *bc, struct bbuf *b)
{
	if (b->prev)
		b->prev->next = b->next;
	else
		bc->head = b->next;
	if (b->next)
		b->next->prev = b->prev;
	else
		bc->tail = b->prev;
	b->prev = b->next = NULL;
}

static void lru_push(struct bcache *bc, struct bbuf *b)
{
	b->prev = NULL;
	b->next = bc->head;
	if (bc->head)
		bc->head->prev = b;
	else
		bc->tail = b;
	bc->head = b;
}

static void hash_remove(struct bcache *bc, struct bbuf *b)
{
	struct bbuf **pp = &bc->hash[hash_of(b->blk)];

	while (*pp && *pp != b)
		pp = &(*pp)->hnext;
	if (*pp)
		*pp = b->hnext;
	b->hnext = NULL;
}

static void hash_insert(struct bcache *bc, struct bbuf *b)
{
	unsigned h = hash_of(b->blk);

	b->hnext = bc->hash[h];
	bc->hash[h] = b;
}

static struct bbuf *hash_find(struct bcache *bc, uint64_t blk)
{
	struct bbuf *b = bc->hash[hash_of(blk)];

	while (b && b->blk != blk)
		b = b->hnext;
	return b;
}

/* ---- device I/O ----------------------------------------------------------------------- */

static int buf_write(struct bcache *bc, struct bbuf *b)
{
	int err = bc->dev->ops->write(bc->dev, b->blk * bc->lba_per, bc->lba_per, b->data);

	if (err) {
		if (!bc->err)
			bc->err = err;
		return err;
	}
	bc->writes++;
	b->dirty = false;
	return 0;
}

static void buf_free(struct bcache *bc, struct bbuf *b)
{
	hash_remove(bc, b);
	lru_unlink(bc, b);
	bc->dev->ops->buf_free(bc->dev, b->data, bc->bsize);
	fs_free(b);
	bc->nbufs--;
}

/* A buffer to reuse: the least recently used one nobody holds, written first if
 * dirty; NULL when every one is held or cannot be written. */
static struct bbuf *buf_steal(struct bcache *bc)
{
	for (struct bbuf *b = bc->tail; b; b = b->prev) {
		if (b->refs || (b->dirty && buf_write(bc, b)))
			continue;
		hash_remove(bc, b);
		lru_unlink(bc, b);
		return b;
	}
	return NULL;
}

/* A buffer not on the lists (reused, or new under the maximum). */
static struct bbuf *buf_new(struct bcache *bc)
{
	struct bbuf *b = bc->nbufs >= bc->max_bufs ? buf_steal(bc) : NULL;

	if (b)
		return b;
	b = fs_alloc(sizeof(*b));
	if (b && !(b->data = bc->dev->ops->buf_alloc(bc->dev, bc->bsize))) {
		fs_free(b);
		b = NULL;
	}
	if (!b)			/* out of memory below the maximum: reuse one */
		return buf_steal(bc);
	bc->nbufs++;
	return b;
}

/* ---- entry points ------------------------------------------------------------------------ */

int bcache_new(struct blkdev *dev, uint32_t bsize, uint32_t max_bufs, struct bcache **out)
{
	struct bcache *bc;

	*out = NULL;
	if (!dev->block_size || bsize % dev->block_size || max_bufs == 0)
		return -LX_EINVAL;
	bc = fs_alloc(sizeof(*bc));
	if (!bc)
		return -LX_ENOMEM;
	bc->dev = dev;
	bc->bsize = bsize;
	bc->lba_per = bsize / dev->block_size;
	bc->max_bufs = max_bufs;
	*out = bc;
	return 0;
}

void bcache_destroy(struct bcache *bc)
{
	if (!bc)
		return;
	while (bc->head)
		buf_free(bc, bc->head);
	fs_free(bc);
}

/* The buffer of blk, held; *fresh when it was not cached (its data is stale). */
static int buf_get(struct bcache *bc, uint64_t blk, struct bbuf **out, bool *fresh)
{
	struct bbuf *b = hash_find(bc, blk);

	*fresh = !b;
	if (b) {
		lru_unlink(bc, b);
	} else {
		b = buf_new(bc);
		if (!b)
			return -LX_ENOMEM;
		b->blk = blk;
		b->dirty = false;
		b->refs = 0;
		hash_insert(bc, b);
	}
	lru_push(bc, b);
	b->refs++;
	*out = b;
	return 0;
}

int bcache_read(struct bcache *bc, uint64_t blk, struct bbuf **out)
{
	bool fresh;
	int err = buf_get(bc, blk, out, &fresh);

	if (err || !fresh)
		return err;
	err = bc->dev->ops->read(bc->dev, blk * bc->lba_per, bc->lba_per, (*out)->data);
	if (err) {
		(*out)->refs--;
		buf_free(bc, *out);
		*out = NULL;
		return err;
	}
	bc->reads++;
	return 0;
}

int bcache_zero(struct bcache *bc, uint64_t blk, struct bbuf **out)
{
	bool fresh;
	int err = buf_get(bc, blk, out, &fresh);

	if (!err)
		memset((*out)->data, 0, bc->bsize);
	return err;
}

void bcache_dirty(struct bcache *bc, struct bbuf *b)
{
	(void)bc;
	if (!b->dirty)
		b->dirtied_ns = fs_now_ns();
	b->dirty = true;
}

void bcache_put(struct bcache *bc, struct bbuf *b)
{
	(void)bc;
	if (b && b->refs)
		b->refs--;
}

void bcache_forget(struct bcache *bc, uint64_t blk)
{
	struct bbuf *b = hash_find(bc, blk);

	if (!b)
		return;
	b->dirty = false;
	if (!b->refs)
		buf_free(bc, b);
}

int bcache_sync(struct bcache *bc, bool flush)
{
	int err;

	for (struct bbuf *b = bc->head; b; b = b->next)
		if (b->dirty)
			buf_write(bc, b);
	if (flush && !bc->err && bc->dev->ops->flush) {
		err = bc->dev->ops->flush(bc->dev);
		if (err)
			bc->err = err;
	}
	err = bc->err;
	bc->err = 0;
	return err;
}

int bcache_tick(struct bcache *bc, uint64_t now_ns)
{
	for (struct bbuf *b = bc->head; b; b = b->next)
		if (b->dirty && now_ns - b->dirtied_ns >= BCACHE_EXPIRE_NS)
			buf_write(bc, b);
	return bc->err;
}
