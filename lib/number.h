/*
 * number.h (lib) - reading a number from text, for the kernel debugger and
 * any program that takes numbers from a person: decimal or 0x-hexadecimal,
 * the whole text and nothing else, refused rather than wrapped when too big.
 */
#ifndef DARBAT_LIB_NUMBER_H
#define DARBAT_LIB_NUMBER_H

#include <stddef.h>
#include <stdint.h>

enum number_err {
	NUMBER_OK = 0,
	NUMBER_MALFORMED = -1,  /* empty, or something that is not a digit */
	NUMBER_OVERFLOW = -2,   /* above UINT64_MAX */
};

/* s[0..n) as a number: NUMBER_OK with *out set, or why not (*out untouched). */
int number_parse_u64(const char *s, size_t n, uint64_t *out);

#endif
