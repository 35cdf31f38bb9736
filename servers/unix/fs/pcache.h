/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * pcache.h (unixd) - the page cache: file data in FS_PAGE_SIZE pages from
 * fs_page_alloc, found by (owner, page index), so that reads and writes
 * copy from and to memory and file mappings can map the very pages (the
 * `page` inode op).
 *
 * The cache knows nothing of disks: its owner (a file system) fills a page it
 * adds and writes a dirty one back through the writeback callback.  Pages are
 * on one LRU list of the cache and on their owner's list (for fsync,
 * truncate and the inode's end).
 *
 * A page is
 *   dirty    written by write(); written back by sync, fsync, the tick once
 *            dirty for PCACHE_EXPIRE_NS, or before it is evicted
 *   mapped   handed to a file mapping: not evicted (a process may map it)
 *            until its owner says nothing maps it any more
 *            (pcache_unmap_owner: mappings hold the inode); dropped with its
 *            file's data (truncate, the inode's end)
 *   shared   a shared mapping may write it (the page_dirty op): it cannot say
 *            when, so every write-back of its owner writes it again
 * Memory is bounded by max_pages and by the memory there is: adding beyond
 * either evicts the least recently used page that is not mapped (writing it
 * back first when dirty) and reuses it; when all are mapped or cannot be
 * written the bound is exceeded rather than fail.  When others need memory
 * (processes' frames, tmpfs) pcache_reclaim gives clean pages back, as Linux
 * shrinks its page cache under pressure.
 */
#ifndef UNIXD_PCACHE_H
#define UNIXD_PCACHE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PCACHE_HASH		8192u	/* a large cache keeps short chains */
#define PCACHE_EXPIRE_NS	5000000000ull

struct pcache_page {
	void *owner;
	uint64_t index;			/* bytes [index * FS_PAGE_SIZE, +FS_PAGE_SIZE) */
	uint8_t *data;			/* FS_PAGE_SIZE bytes from fs_page_alloc */
	bool dirty, mapped, shared;
	bool handed;			/* was mapped once: its frame may be mapped on */
	uint64_t dirtied_ns;
	struct pcache_page *hnext;	/* hash chain */
	struct pcache_page *prev, *next;	/* the cache's LRU list, most recent first */
	struct pcache_page *oprev, *onext;	/* the owner's list */
};

/* The owner's part: its pages (embedded in the owner's inode). */
struct pcache_owner {
	struct pcache_page *head;
	uint32_t npages;
};

struct pcache;
/* Writes page pg of owner back; 0, or an error (the page stays dirty). */
typedef int (*pcache_writeback_t)(void *owner, struct pcache_page *pg);
/* The owner's struct pcache_owner. */
typedef struct pcache_owner *(*pcache_owner_of_t)(void *owner);

struct pcache {
	uint32_t npages, max_pages;
	pcache_writeback_t writeback;
	pcache_owner_of_t owner_of;
	struct pcache_page *hash[PCACHE_HASH];
	struct pcache_page *head, *tail;
	struct pcache *next_cache;	/* every cache, for pcache_reclaim */
};

void pcache_init(struct pcache *pc, uint32_t max_pages, pcache_writeback_t wb,
		 pcache_owner_of_t owner_of);
/* The cache is no more (its pages are gone). */
void pcache_fini(struct pcache *pc);
/* Memory is short (the frame allocator's reclaim hook): frees up to want
 * clean pages nobody maps, least recently used first, from every cache;
 * how many went.  0 while a cache is taking memory for itself. */
size_t pcache_reclaim(size_t want);
/* The cached page, made the most recently used; NULL if not cached. */
struct pcache_page *pcache_find(struct pcache *pc, void *owner, uint64_t index);
/* A new page for (owner, index), not cached before, its data undefined (the
 * caller fills it); NULL when out of memory. */
struct pcache_page *pcache_add(struct pcache *pc, void *owner, uint64_t index);
void pcache_dirty(struct pcache *pc, struct pcache_page *pg);
/* Drops one page, unwritten. */
void pcache_drop(struct pcache *pc, struct pcache_page *pg);
/* Drops the owner's pages from index from on (all of them: from 0), unwritten. */
void pcache_trim(struct pcache *pc, void *owner, uint64_t from);
/* Drops the owner's pages of indexes [from, to), unwritten (a punched hole). */
void pcache_trim_range(struct pcache *pc, void *owner, uint64_t from, uint64_t to);
/* Nothing maps the owner's pages any more (its last reference went): they may
 * be evicted again; what shared mappings wrote is dirty. */
void pcache_unmap_owner(struct pcache *pc, void *owner);
/* Writes back the owner's dirty and shared pages; the first error. */
int pcache_sync_owner(struct pcache *pc, void *owner);
/* The same for every owner; expired_only: pages dirty since PCACHE_EXPIRE_NS before now_ns. */
int pcache_sync_all(struct pcache *pc, bool expired_only, uint64_t now_ns);

#endif
