/*
 * test_number.c - number_parse_u64 (lib/number.c): decimal and 0x-hex, the
 * whole text or nothing, overflow refused instead of wrapped.
 */
// uses: lib/number.c
#include <string.h>
#include "harness.h"
#include "number.h"

struct number_case {
	const char *text;
	int err;
	uint64_t value;         /* when err is NUMBER_OK */
};

static const struct number_case cases[] = {
	{ "0", NUMBER_OK, 0 },
	{ "7", NUMBER_OK, 7 },
	{ "4294967296", NUMBER_OK, 4294967296ull },
	{ "18446744073709551615", NUMBER_OK, UINT64_MAX },
	{ "0x10", NUMBER_OK, 16 },
	{ "0XfF", NUMBER_OK, 255 },
	{ "0xffffffffffffffff", NUMBER_OK, UINT64_MAX },
	{ "010", NUMBER_OK, 10 },                       /* no octal */
	{ "", NUMBER_MALFORMED, 0 },
	{ "abc", NUMBER_MALFORMED, 0 },
	{ "1x", NUMBER_MALFORMED, 0 },
	{ "12 ", NUMBER_MALFORMED, 0 },
	{ " 12", NUMBER_MALFORMED, 0 },
	{ "-1", NUMBER_MALFORMED, 0 },
	{ "0x", NUMBER_MALFORMED, 0 },
	{ "0xg", NUMBER_MALFORMED, 0 },
	{ "ff", NUMBER_MALFORMED, 0 },                  /* hex needs 0x */
	{ "18446744073709551616", NUMBER_OVERFLOW, 0 },
	{ "99999999999999999999", NUMBER_OVERFLOW, 0 },
	{ "0x10000000000000000", NUMBER_OVERFLOW, 0 },
};

HTEST(table)
{
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct number_case *c = &cases[i];
		uint64_t v = 12345;
		int err = number_parse_u64(c->text, strlen(c->text), &v);
		if (err != c->err || v != (c->err == NUMBER_OK ? c->value : 12345)) {
			harness_fail(__FILE__, __LINE__, c->text);
			return;
		}
	}
}

/* Only s[0..n) counts: the rest of the buffer is not read. */
HTEST(length_bounds_the_text)
{
	uint64_t v = 0;
	CHECK(number_parse_u64("42abc", 2, &v) == NUMBER_OK && v == 42);
	CHECK(number_parse_u64("0x1fz", 4, &v) == NUMBER_OK && v == 0x1f);
	CHECK(number_parse_u64("5", 0, &v) == NUMBER_MALFORMED);
}
