/* SPDX-License-Identifier: BSD-2-Clause */
/* string.c - memory and string routines shared by the kernel and user programs. */
#include <stdint.h>
#include "dstring.h"
#include "string_arch.h"

/* Word at a time where both ends allow it (the arch's word loops): pages are
 * filled and copied a lot. */

void *memset(void *d, int c, size_t n)
{
	unsigned char *p = d;
	if (!(((uintptr_t)p | n) & 7)) {
		arch_fill_words(p, 0x0101010101010101ull * (unsigned char)c, n / 8);
		return d;
	}
	while (n--)
		*p++ = (unsigned char)c;
	return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
	unsigned char *dp = d;
	const unsigned char *sp = s;
	if (!(((uintptr_t)dp | (uintptr_t)sp | n) & 7)) {
		arch_copy_words(dp, sp, n / 8);
		return d;
	}
	while (n--)
		*dp++ = *sp++;
	return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;
	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			return 0;
	}
	return 0;
}

int strcmp(const char *a, const char *b)
{
	for (; *a && *a == *b; a++, b++)
		;
	return (unsigned char)*a - (unsigned char)*b;
}

void *memmove(void *d, const void *s, size_t n)
{
	unsigned char *dp = d;
	const unsigned char *sp = s;
	if (dp < sp || dp >= sp + n)
		return memcpy(d, s, n);
	while (n--)
		dp[n] = sp[n];
	return d;
}
