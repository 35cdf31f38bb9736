/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * types.h - basic kernel types, helpers and the checks every file uses.
 * The kernel is freestanding: only the compiler's stdint/stddef/stdbool.
 */
#ifndef KERNEL_TYPES_H
#define KERNEL_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <darbat/abi.h>

typedef uint64_t word_t;
typedef uint64_t paddr_t;
typedef uint64_t vaddr_t;

#define PAGE_SHIFT DBT_PAGE_ORDER
#define PAGE_SIZE (1ul << PAGE_SHIFT)
#define ALIGN_UP(x, a) (((x) + (a) - 1) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a) (((x) & ((a) - 1)) == 0)
#include "util.h"        /* ARRAY_SIZE (lib/util.h, shared with user programs) */
#define MIN(a, b) ((a) < (b) ? (a) : (b))
#define MAX(a, b) ((a) > (b) ? (a) : (b))
#define container_of(p, type, member) ((type *)((char *)(p) - offsetof(type, member)))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define NORETURN __attribute__((noreturn))
#define UNUSED __attribute__((unused))

void printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void NORETURN panic(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int snprintk(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#include "dstring.h"     /* lib/string.h, shared with user programs */

/* A user address range [a, a+len) lies below the kernel half and does not wrap. */
static inline bool user_range_ok(vaddr_t a, word_t len)
{
	return a < DBT_USER_TOP && len <= DBT_USER_TOP - a;
}

#ifdef NDEBUG
#define assert(e) ((void)0)
#else
#define assert(e) ((e) ? (void)0 : panic("assertion failed: %s at %s:%d", #e, __FILE__, __LINE__))
#endif

#endif
