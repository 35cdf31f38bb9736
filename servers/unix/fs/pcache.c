/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pcache.c (unixd) - the page cache (pcache.h): pages by (owner, index) in
 * a hash, on the cache's LRU list and on their owner's list.
 */
#include "pcache.h"
#include "fsalloc.h"
#include "dstring.h"

static unsigned hash_of(const void *owner, uint64_t index)
{
	uint64_t h = (uint64_t)(uintptr_t)owner * 0x9E3779B97F4A7C15ull ^ index;

	return (unsigned)((h ^ (h >> 29)) % PCACHE_HASH);
}

/* Every cache, for pcache_reclaim. */
static struct pcache *caches;

void pcache_init(struct pcache *pc, uint32_t max_pages, pcache_writeback_t wb,
		 pcache_owner_of_t owner_of)
{
	memset(pc, 0, sizeof(*pc));
	pc->max_pages = max_pages ? max_pages : 1;
	pc->writeback = wb;
	pc->owner_of = owner_of;
	pc->next_cache = caches;
	caches = pc;
}

void pcache_fini(struct pcache *pc)
{
	struct pcache **pp = &caches;

	while (*pp && *pp != pc)
		pp = &(*pp)->next_cache;
	if (*pp)
		*pp = pc->next_cache;
}

/* ---- the lists ----------------------------------------------------------------------- */

static void lru_unlink(struct pcache *pc, struct pcache_page *pg)
{
	if (pg->prev)
		pg->prev->next = pg->next;
	else
		pc->head = pg->next;
	if (pg->next)
		pg->next->prev = pg->prev;
	else
		pc->tail = pg->prev;
	pg->prev = pg->next = NULL;
}

static void lru_push(struct pcache *pc, struct pcache_page *pg)
{
	pg->prev = NULL;
	pg->next = pc->head;
	if (pc->head)
		pc->head->prev = pg;
	else
		pc->tail = pg;
	pc->head = pg;
}

static void page_unlink(struct pcache *pc, struct pcache_page *pg)
{
	struct pcache_page **pp = &pc->hash[hash_of(pg->owner, pg->index)];
	struct pcache_owner *o = pc->owner_of(pg->owner);

	while (*pp && *pp != pg)
		pp = &(*pp)->hnext;
	if (*pp)
		*pp = pg->hnext;
	lru_unlink(pc, pg);
	if (pg->oprev)
		pg->oprev->onext = pg->onext;
	else
		o->head = pg->onext;
	if (pg->onext)
		pg->onext->oprev = pg->oprev;
	o->npages--;
	pc->npages--;
}

static void page_free(struct pcache *pc, struct pcache_page *pg)
{
	page_unlink(pc, pg);
	fs_page_free(pg->data);
	fs_free(pg);
}

/* ---- finding and adding ------------------------------------------------------------------ */

struct pcache_page *pcache_find(struct pcache *pc, void *owner, uint64_t index)
{
	struct pcache_page *pg = pc->hash[hash_of(owner, index)];

	while (pg && (pg->owner != owner || pg->index != index))
		pg = pg->hnext;
	if (pg && pg != pc->head) {
		lru_unlink(pc, pg);
		lru_push(pc, pg);
	}
	return pg;
}

/* The least recently used page nobody maps, written back first when dirty;
 * NULL if none can go. */
static struct pcache_page *victim(struct pcache *pc)
{
	for (struct pcache_page *pg = pc->tail; pg; pg = pg->prev)
		if (!pg->mapped && !(pg->dirty && pc->writeback(pg->owner, pg)))
			return pg;
	return NULL;
}

/* A new page's structure and memory, or NULL.  While pcache takes memory for
 * itself, the frame allocator's reclaim (pcache_reclaim) stays out unless
 * may_reclaim: page_alloc rather reuses a page of its own. */
static bool no_reclaim;

static struct pcache_page *page_new(bool may_reclaim)
{
	struct pcache_page *pg = fs_alloc(sizeof(*pg));

	no_reclaim = !may_reclaim;
	if (pg && !(pg->data = fs_page_alloc())) {
		fs_free(pg);
		pg = NULL;
	}
	no_reclaim = false;
	return pg;
}

/* A page's memory: new below the maximum while memory is there, else the
 * victim's (written back first when dirty).  The victim's structure and
 * memory serve the new page as they are when no process ever mapped it:
 * freeing and allocating again would cost an unmap of the frame (no process
 * may keep a page that goes to another), zeroing it and two heap calls for
 * every page a sequential read moves.  With no victim here, other caches'
 * clean pages are taken back, and the bound is exceeded rather than fail. */
static struct pcache_page *page_alloc(struct pcache *pc)
{
	struct pcache_page *pg;

	for (;;) {
		if (pc->npages < pc->max_pages && (pg = page_new(false)))
			return pg;
		if (!(pg = victim(pc)))
			return page_new(true);
		if (!pg->handed) {
			uint8_t *data = pg->data;
			page_unlink(pc, pg);
			memset(pg, 0, sizeof(*pg));
			pg->data = data;
			return pg;
		}
		page_free(pc, pg);
	}
}

struct pcache_page *pcache_add(struct pcache *pc, void *owner, uint64_t index)
{
	struct pcache_page *pg = page_alloc(pc);
	struct pcache_owner *o = pc->owner_of(owner);
	unsigned h = hash_of(owner, index);

	if (!pg)
		return NULL;
	pg->owner = owner;
	pg->index = index;
	pg->hnext = pc->hash[h];
	pc->hash[h] = pg;
	lru_push(pc, pg);
	pg->onext = o->head;
	if (o->head)
		o->head->oprev = pg;
	o->head = pg;
	o->npages++;
	pc->npages++;
	return pg;
}

size_t pcache_reclaim(size_t want)
{
	size_t got = 0;

	if (no_reclaim)
		return 0;
	for (struct pcache *pc = caches; pc && got < want; pc = pc->next_cache)
		for (struct pcache_page *pg = pc->tail, *prev; pg && got < want; pg = prev) {
			prev = pg->prev;
			if (!pg->mapped && !pg->dirty && !pg->shared) {
				page_free(pc, pg);
				got++;
			}
		}
	return got;
}

void pcache_dirty(struct pcache *pc, struct pcache_page *pg)
{
	(void)pc;
	if (!pg->dirty)
		pg->dirtied_ns = fs_now_ns();
	pg->dirty = true;
}

void pcache_drop(struct pcache *pc, struct pcache_page *pg)
{
	page_free(pc, pg);
}

void pcache_trim_range(struct pcache *pc, void *owner, uint64_t from, uint64_t to)
{
	struct pcache_owner *o = pc->owner_of(owner);

	for (struct pcache_page *pg = o->head, *next; pg; pg = next) {
		next = pg->onext;
		if (pg->index >= from && pg->index < to)
			page_free(pc, pg);
	}
}

void pcache_trim(struct pcache *pc, void *owner, uint64_t from)
{
	pcache_trim_range(pc, owner, from, UINT64_MAX);
}

void pcache_unmap_owner(struct pcache *pc, void *owner)
{
	for (struct pcache_page *pg = pc->owner_of(owner)->head; pg; pg = pg->onext) {
		if (pg->shared)
			pcache_dirty(pc, pg);
		pg->mapped = pg->shared = false;
	}
}

/* ---- write-back ------------------------------------------------------------------------- */

static int page_sync(struct pcache *pc, struct pcache_page *pg)
{
	int err;

	if (!pg->dirty && !pg->shared)
		return 0;
	err = pc->writeback(pg->owner, pg);
	if (!err)
		pg->dirty = false;
	return err;
}

int pcache_sync_owner(struct pcache *pc, void *owner)
{
	int first = 0, err;

	for (struct pcache_page *pg = pc->owner_of(owner)->head; pg; pg = pg->onext) {
		err = page_sync(pc, pg);
		if (err && !first)
			first = err;
	}
	return first;
}

int pcache_sync_all(struct pcache *pc, bool expired_only, uint64_t now_ns)
{
	int first = 0, err;

	for (struct pcache_page *pg = pc->head; pg; pg = pg->next) {
		if (expired_only && (!pg->dirty || now_ns - pg->dirtied_ns < PCACHE_EXPIRE_NS))
			continue;
		err = page_sync(pc, pg);
		if (err && !first)
			first = err;
	}
	return first;
}
