/* number.c - reading a number from text (see number.h). */
#include "number.h"

/* The value of digit c in base (at most 16), or -1. */
static int digit_value(char c, unsigned base)
{
	int d = -1;
	if (c >= '0' && c <= '9')
		d = c - '0';
	else if (c >= 'a' && c <= 'f')
		d = c - 'a' + 10;
	else if (c >= 'A' && c <= 'F')
		d = c - 'A' + 10;
	return d < (int)base ? d : -1;
}

int number_parse_u64(const char *s, size_t n, uint64_t *out)
{
	unsigned base = 10;
	if (n > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
		n -= 2;
	}
	if (n == 0)
		return NUMBER_MALFORMED;
	uint64_t v = 0;
	for (size_t i = 0; i < n; i++) {
		int d = digit_value(s[i], base);
		if (d < 0)
			return NUMBER_MALFORMED;
		if (v > (UINT64_MAX - (unsigned)d) / base)
			return NUMBER_OVERFLOW;
		v = v * base + (unsigned)d;
	}
	*out = v;
	return NUMBER_OK;
}
