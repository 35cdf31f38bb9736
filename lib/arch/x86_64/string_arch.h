/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * string_arch.h (x86-64) - the word loops of lib/string.c: copying and
 * filling whole 8-byte words with the string instructions, which modern
 * CPUs run at cache-line speed and QEMU counts as one instruction per word
 * (a C loop costs five or six).  The direction flag is clear, as the ABI
 * guarantees at every call.
 */
#ifndef LIB_STRING_ARCH_H
#define LIB_STRING_ARCH_H

#include <stddef.h>
#include <stdint.h>

/* n words from s to d, forwards (d and s 8-byte aligned) */
static inline void arch_copy_words(void *d, const void *s, size_t n)
{
	__asm__ volatile("rep movsq" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
}

/* n words of w at d (8-byte aligned) */
static inline void arch_fill_words(void *d, uint64_t w, size_t n)
{
	__asm__ volatile("rep stosq" : "+D"(d), "+c"(n) : "a"(w) : "memory");
}

#endif
