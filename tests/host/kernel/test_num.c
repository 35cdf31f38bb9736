/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_num.c - the one number parser (lib/num.c): num_parse_u64 reads decimal or 0x-hex, the
 * whole text or nothing, overflow refused instead of wrapped.
 */
// uses: lib/num.c
#include <string.h>
#include "harness.h"
#include "num.h"
#include "util.h"

struct num_case {
	const char *text;
	int err;
	uint64_t value;         /* when err is NUM_OK */
};

static const struct num_case cases[] = {
	{ "0", NUM_OK, 0 },
	{ "7", NUM_OK, 7 },
	{ "4294967296", NUM_OK, 4294967296ull },
	{ "18446744073709551615", NUM_OK, UINT64_MAX },
	{ "0x10", NUM_OK, 16 },
	{ "0XfF", NUM_OK, 255 },
	{ "0xffffffffffffffff", NUM_OK, UINT64_MAX },
	{ "010", NUM_OK, 10 },                       /* no octal */
	{ "", NUM_MALFORMED, 0 },
	{ "abc", NUM_MALFORMED, 0 },
	{ "1x", NUM_MALFORMED, 0 },
	{ "12 ", NUM_MALFORMED, 0 },
	{ " 12", NUM_MALFORMED, 0 },
	{ "-1", NUM_MALFORMED, 0 },
	{ "0x", NUM_MALFORMED, 0 },
	{ "0xg", NUM_MALFORMED, 0 },
	{ "ff", NUM_MALFORMED, 0 },                  /* hex needs 0x */
	{ "18446744073709551616", NUM_OVERFLOW, 0 },
	{ "99999999999999999999", NUM_OVERFLOW, 0 },
	{ "0x10000000000000000", NUM_OVERFLOW, 0 },
};

HTEST(table)
{
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct num_case *c = &cases[i];
		uint64_t v = 12345;
		int err = num_parse_u64(c->text, strlen(c->text), &v);
		if (err != c->err || v != (c->err == NUM_OK ? c->value : 12345)) {
			harness_fail(__FILE__, __LINE__, c->text);
			return;
		}
	}
}

/* Only s[0..n) counts: the rest of the buffer is not read. */
HTEST(length_bounds_the_text)
{
	uint64_t v = 0;
	CHECK(num_parse_u64("42abc", 2, &v) == NUM_OK && v == 42);
	CHECK(num_parse_u64("0x1fz", 4, &v) == NUM_OK && v == 0x1f);
	CHECK(num_parse_u64("5", 0, &v) == NUM_MALFORMED);
}

/* num_scan: the digits of the base at the start, the count, and overflow
 * saturated (what the runtime's strtoul builds on). */
HTEST(scan_prefix_and_overflow)
{
	uint64_t v = 0;
	bool over = true;
	CHECK(num_scan("777x", 4, 8, &v, &over) == 3 && v == 0777 && !over);
	CHECK(num_scan("1012", 4, 2, &v, &over) == 3 && v == 5 && !over);
	CHECK(num_scan("zz", 2, 36, &v, &over) == 2 && v == 35 * 36 + 35 && !over);
	CHECK(num_scan("x", 1, 10, &v, &over) == 0 && v == 0);
	CHECK(num_scan("99999999999999999999", 20, 10, &v, &over) == 20 && v == UINT64_MAX && over);
	CHECK(num_digit('7') == 7 && num_digit('f') == 15 && num_digit('Z') == 35 && num_digit('-') == -1);
}
