/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fsalloc.h (unixd) - the seam between the file system layer (vfs.c, file.c,
 * ramfs.c, cpio.c) and what it runs on: memory and the clock.  The layer
 * itself defines none of these; unixd defines them on the target (on its
 * heap and the realtime clock), tests/host/unixfs/unit.c on the host (where
 * they count allocations and fail the Nth on request).
 *
 * Every caller handles a NULL return: the operation then fails with -ENOMEM
 * and leaves every structure as it was before it started (or, for a write,
 * with the bytes written so far).
 */
#ifndef UNIXD_FSALLOC_H
#define UNIXD_FSALLOC_H

#include <stddef.h>
#include <stdint.h>

/* File data is kept in pages of this size (also the radix-tree node size). */
#define FS_PAGE_SIZE	4096u
#define FS_PAGE_SHIFT	12

/* size bytes, zeroed; NULL when out of memory. */
void *fs_alloc(size_t size);
/* Frees what fs_alloc returned; NULL is allowed. */
void fs_free(void *p);
/* One FS_PAGE_SIZE page, FS_PAGE_SIZE-aligned, contents undefined; NULL when out. */
void *fs_page_alloc(void);
/* Frees what fs_page_alloc returned; NULL is allowed. */
void fs_page_free(void *page);
/* The realtime clock: nanoseconds since 1970-01-01 UTC. */
uint64_t fs_now_ns(void);
/* Pages from..to-1 of ip are about to leave the file (a hole punched):
 * every mapping of ip that maps the page page_of(ctx, index) gives (NULL:
 * the file has none) lets it go, so that its next access finds the hole,
 * as Linux's truncate_pagecache_range; a private copy stays.  Called before
 * the pages are freed. */
struct inode;
void fs_pages_unmap(struct inode *ip, uint64_t from, uint64_t to,
                    void *(*page_of)(void *ctx, uint64_t index), void *ctx);

#endif
