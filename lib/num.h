/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * num.h - the one number parser, shared by the kernel (its debugger) and
 * user programs (the composition parser, the runtime's strtoul, the driver
 * framework's match strings).
 */
#ifndef DARBAT_LIB_NUM_H
#define DARBAT_LIB_NUM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
	NUM_OK = 0,
	NUM_MALFORMED = -1,     /* empty, or a character that is no digit */
	NUM_OVERFLOW = -2,      /* more than 64 bits */
};

/* The value of digit c in bases up to 36, or -1. */
int num_digit(char c);

/* Parse all of s[0..n) as decimal, or hex after "0x"/"0X": NUM_OK and *out,
 * or NUM_MALFORMED / NUM_OVERFLOW and *out untouched. */
int num_parse_u64(const char *s, size_t n, uint64_t *out);

/* Scan the digits of base (2..36) at the start of s[0..n): their count, the
 * value in *out (UINT64_MAX and *overflow set when it does not fit). */
size_t num_scan(const char *s, size_t n, unsigned base, uint64_t *out, bool *overflow);

#endif
