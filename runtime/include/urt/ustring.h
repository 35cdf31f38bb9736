/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * urt/ustring.h - string routines beyond the shared lib/dstring.h ones.
 */
#ifndef URT_USTRING_H
#define URT_USTRING_H

#include <stddef.h>
#include <stdint.h>

size_t strnlen(const char *s, size_t max);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
/* Copy at most size - 1 bytes and terminate; returns strlen(src). */
size_t strlcpy(char *dst, const char *src, size_t size);
/* strlcpy onto the end of dst; returns the length it tried to make. */
size_t strlcat(char *dst, const char *src, size_t size);
/* A malloc'ed copy, or NULL. */
char *strdup(const char *s);
/* Parse an unsigned number (base 0: 0x.. hex, 0.. octal, else decimal);
 * *end (if end) is set after the last digit used. */
unsigned long strtoul(const char *s, char **end, int base);

/* Sort a[0..n) ascending (insertion sort: for the short arrays of
 * benchmark samples and test timings). */
void urt_sort_u64(uint64_t *a, size_t n);

#endif
