/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * manifest.h - the manifest of a Darbat binary driver module.
 *
 * Every module carries exactly one struct kmod_manifest in a section named
 * ".dbt_manifest" (KMOD_MANIFEST_SECTION), declared with KMOD_MANIFEST().
 * The loader (kmod.h) reads it from the file before linking anything: the
 * module's name and version, the glue-library ABI it was built against,
 * the modules it depends on and its driver personalities (what it drives).
 *
 * The manifest holds only fixed-size arrays and numbers - no pointers - so
 * it needs no relocation and is readable straight from the file.  Unused
 * dependency and personality slots are all zero; a slot is used when its
 * first string is non-empty.  All strings are NUL-terminated inside their
 * arrays.  The layout is ABI: KMOD_MANIFEST_FORMAT changes with it.
 *
 * This header is shared by the framework and by modules: the loader's
 * servers/iokit/kmod/manifest.h includes this file.
 */
#ifndef DARBAT_IOKIT_KMOD_MANIFEST_H
#define DARBAT_IOKIT_KMOD_MANIFEST_H

#include <stdint.h>

#define KMOD_MANIFEST_SECTION	".dbt_manifest"
#define KMOD_MANIFEST_MAGIC	0x444d4244u	/* "DBMD" */
#define KMOD_MANIFEST_FORMAT	1
#define KMOD_NAME_MAX		32	/* names, classes, symbols, with the NUL */
#define KMOD_VERSION_MAX	16
#define KMOD_MATCH_MAX		128
#define KMOD_MAX_DEPS		8
#define KMOD_MAX_PERSONALITIES	4

/*
 * A driver personality, after I/O Kit's: the framework offers the driver
 * class to every nub of provider_class whose properties satisfy match, and
 * starts the best-scoring candidate of each match category.
 */
struct kmod_personality {
	char driver_class[KMOD_NAME_MAX];	/* class instantiated; "" = unused */
	char provider_class[KMOD_NAME_MAX];	/* class of the nub it attaches to */
	char match[KMOD_MATCH_MAX];		/* "key=value key=value": all must hold */
	char category[KMOD_NAME_MAX];		/* match category; "" = the default one */
	char init[KMOD_NAME_MAX];		/* module symbol: the class init function */
	int32_t probe_score;
	uint32_t reserved;
};

struct kmod_manifest {
	uint32_t magic;				/* KMOD_MANIFEST_MAGIC */
	uint16_t format;			/* KMOD_MANIFEST_FORMAT */
	uint16_t abi_major, abi_minor;		/* glue ABI the module was built against */
	uint16_t reserved[3];
	char name[KMOD_NAME_MAX];		/* unique among loaded modules */
	char version[KMOD_VERSION_MAX];		/* free text, e.g. "1.0.2" */
	char deps[KMOD_MAX_DEPS][KMOD_NAME_MAX];	/* modules that must be loaded first */
	struct kmod_personality personalities[KMOD_MAX_PERSONALITIES];
};

_Static_assert(sizeof(struct kmod_personality) == 264, "personality layout is ABI");
_Static_assert(sizeof(struct kmod_manifest) == 1376, "manifest layout is ABI");

/*
 * KMOD_MANIFEST(.name = "x", .abi_major = 1, ...) defines the module's
 * manifest; the arguments are designated initializers of the fields other
 * than magic and format.
 */
#define KMOD_MANIFEST(...)							\
	__attribute__((section(KMOD_MANIFEST_SECTION), used, aligned(8)))	\
	const struct kmod_manifest kmod_manifest = {				\
		.magic = KMOD_MANIFEST_MAGIC,					\
		.format = KMOD_MANIFEST_FORMAT,					\
		__VA_ARGS__							\
	}

#endif
