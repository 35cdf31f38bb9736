/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * iokit/core/mem.h - the driver framework core's allocator: malloc and free
 * of the user runtime (urt.h) in the framework server, of the host libc in
 * the host unit tests, with a count of live blocks so that tests can prove
 * that a sequence of operations leaks nothing (iok_mem_live() back to its
 * starting value).  Host builds can also make the n-th allocation from now
 * fail (iok_mem_fail_after) to test the out-of-memory paths.
 *
 * The core uses only these and the lib/dstring.h routines (memcpy, memset,
 * memcmp, strlen, strcmp), so it stays freestanding-clean.
 */
#ifndef IOKIT_CORE_MEM_H
#define IOKIT_CORE_MEM_H

#include <stddef.h>

#ifdef HOST_TEST
#include <stdlib.h>
#include <string.h>
#else
#include "urt.h"
#endif

/* Blocks handed out and not yet freed (defined in object.c). */
extern long iok_mem_live_blocks;
/* Host tests: when > 0, counts down on each allocation; the one that takes
 * it to 0 fails.  0 means never fail. */
extern long iok_mem_fail_countdown;

static inline int iok_mem_should_fail(void)
{
	if (iok_mem_fail_countdown <= 0)
		return 0;
	return --iok_mem_fail_countdown == 0;
}

/* n zeroed bytes, or NULL. */
static inline void *iok_alloc(size_t n)
{
	void *p = iok_mem_should_fail() ? NULL : calloc(1, n ? n : 1);
	if (p)
		__atomic_add_fetch(&iok_mem_live_blocks, 1, __ATOMIC_RELAXED);
	return p;
}

/* Resize p (NULL: allocate) to n > 0 bytes; on failure p is untouched. */
static inline void *iok_realloc(void *p, size_t n)
{
	void *q = iok_mem_should_fail() ? NULL : realloc(p, n ? n : 1);
	if (q && !p)
		__atomic_add_fetch(&iok_mem_live_blocks, 1, __ATOMIC_RELAXED);
	return q;
}

static inline void iok_free(void *p)
{
	if (!p)
		return;
	__atomic_sub_fetch(&iok_mem_live_blocks, 1, __ATOMIC_RELAXED);
	free(p);
}

static inline long iok_mem_live(void)
{
	return __atomic_load_n(&iok_mem_live_blocks, __ATOMIC_RELAXED);
}

/* A copy of the string s, or NULL. */
static inline char *iok_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = iok_alloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}

#endif
