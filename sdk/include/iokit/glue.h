/*
 * iokit/glue.h - the glue-library ABI the Darbat driver framework exports
 * to binary driver modules, version 1.0 (docs/IOKIT.md, "Binary driver
 * modules").  A module calls these by name; the module loader binds each
 * call to the framework's table at load time and refuses a module that
 * names a function the table lacks.
 *
 * Versioning: a module built against IOKIT_ABI_MAJOR.IOKIT_ABI_MINOR loads
 * into a framework whose major is equal and whose minor is at least as
 * large.  Adding functions bumps the minor; changing or removing one bumps
 * the major.
 *
 * ABI 1.0:
 *   iokit_log      one line to the framework's log (no formatting)
 *   iokit_malloc   memory from the framework instance, NULL when out
 *   iokit_free     give back iokit_malloc memory (NULL is ignored)
 *   memcpy memmove memset memcmp strlen   (the compiler may emit calls)
 */
#ifndef DARBAT_IOKIT_GLUE_H
#define DARBAT_IOKIT_GLUE_H

#include <stddef.h>
#include "manifest.h"

#define IOKIT_ABI_MAJOR 1
#define IOKIT_ABI_MINOR 0

void iokit_log(const char *msg);
void *iokit_malloc(size_t size);
void iokit_free(void *p);

void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

/* The module's manifest, stamped with the ABI version of this header. */
#define IOKIT_MODULE(...) \
	KMOD_MANIFEST(.abi_major = IOKIT_ABI_MAJOR, .abi_minor = IOKIT_ABI_MINOR, __VA_ARGS__)

#endif
