/* SPDX-License-Identifier: BSD-2-Clause */
/* string.c - memory and string routines shared by the kernel and user programs. */
#include <stdint.h>
#include "dstring.h"

/* Word at a time where both ends allow it: pages are filled and copied a lot. */
typedef uint64_t __attribute__((may_alias)) word_alias_t;

void *memset(void *d, int c, size_t n)
{
	unsigned char *p = d;
	if (!(((uintptr_t)p | n) & 7)) {
		uint64_t w = 0x0101010101010101ull * (unsigned char)c;
		for (word_alias_t *q = (word_alias_t *)p; n; n -= 8)
			*q++ = w;
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
		word_alias_t *dq = (word_alias_t *)dp;
		const word_alias_t *sq = (const word_alias_t *)sp;
		for (; n; n -= 8)
			*dq++ = *sq++;
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
