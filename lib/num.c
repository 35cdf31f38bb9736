/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * num.c - the one number parser (num.h): decimal or 0x-hex, exact about
 * malformed text and overflow.  Freestanding; no locale, no sign.
 */
#include "num.h"

int num_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return -1;
}

size_t num_scan(const char *s, size_t n, unsigned base, uint64_t *out, bool *overflow)
{
	uint64_t v = 0;
	bool over = false;
	size_t i = 0;
	for (; i < n; i++) {
		int d = num_digit(s[i]);
		if (d < 0 || (unsigned)d >= base)
			break;
		if (v > (UINT64_MAX - (unsigned)d) / base)
			over = true;
		v = over ? UINT64_MAX : v * base + (unsigned)d;
	}
	*out = v;
	if (overflow)
		*overflow = over;
	return i;
}

int num_parse_u64(const char *s, size_t n, uint64_t *out)
{
	unsigned base = 10;
	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		base = 16, s += 2, n -= 2;
	uint64_t v;
	bool over;
	if (n == 0 || num_scan(s, n, base, &v, &over) != n)
		return NUM_MALFORMED;
	if (over)
		return NUM_OVERFLOW;
	*out = v;
	return NUM_OK;
}
