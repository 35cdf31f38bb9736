/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kmod.h - the loader of binary driver modules (docs/IOKIT.md, "Binary
 * driver modules").
 *
 * A module is a relocatable x86-64 ELF object (ET_REL) built with the SDK
 * flags (-mcmodel=large -fno-pic, see sdk/flags.mk) and carrying a manifest
 * (manifest.h).  kmod_load() checks the whole file first, then lays the
 * SHF_ALLOC sections out in one image from the caller's allocator, binds
 * undefined symbols to the framework's exported ABI table or to symbols
 * exported by the modules named as dependencies, and applies the
 * relocations with overflow checks.  The loader never calls into the
 * module: the framework calls the entry points it returns.
 *
 * Entry points a module may define (all optional):
 *   int module_start(void)   0 = ready; anything else = refuse (framework)
 *   void module_stop(void)   before unload
 *   each personality's init  symbol named in the manifest
 *
 * Errors: every call that fails returns a kmod_err and leaves one line in
 * loader->error, "kmod: <name>: <reason>"; nothing is left allocated.
 *
 * Freestanding: uses only lib/dstring.h, lib/fmt.h, the runtime's
 * self-contained urt/list.h and the allocator the caller passes in.  Not thread-safe: the caller serializes calls on one
 * loader.
 */
#ifndef DARBAT_IOKIT_KMOD_H
#define DARBAT_IOKIT_KMOD_H

#include <stddef.h>
#include <stdint.h>
#include "manifest.h"
#include "urt/list.h"

#define KMOD_ERROR_MAX		192
#define KMOD_IMAGE_MAX		(64u << 20)	/* largest image a module may need */
#define KMOD_IMAGE_ALIGN	4096		/* image alignment the allocator gives */

/* One exported symbol: the framework's ABI table, or a module's exports. */
struct kmod_symbol {
	const char *name;
	uintptr_t addr;
};

/* The glue-library ABI the framework exports (version and symbols). */
struct kmod_abi {
	uint16_t major, minor;
	const struct kmod_symbol *syms;
	size_t nsyms;
};

enum kmod_mem_kind {
	KMOD_MEM_IMAGE,		/* module image: KMOD_IMAGE_ALIGN-aligned, executable */
	KMOD_MEM_META,		/* loader bookkeeping: 16-byte aligned */
};

/* The caller's allocator; alloc returns NULL when out of memory. */
struct kmod_mem {
	void *(*alloc)(void *ctx, size_t size, enum kmod_mem_kind kind);
	void (*free)(void *ctx, void *p, size_t size, enum kmod_mem_kind kind);
	void *ctx;
};

enum kmod_err {
	KMOD_OK = 0,
	KMOD_EFORMAT,		/* not a well-formed relocatable x86-64 ELF object */
	KMOD_EMANIFEST,		/* manifest missing or malformed */
	KMOD_EABI,		/* built against an ABI version the framework lacks */
	KMOD_EDEP,		/* dependency not loaded */
	KMOD_EEXIST,		/* a module of that name is already loaded */
	KMOD_EUNRESOLVED,	/* undefined symbol neither in the ABI nor in a dependency */
	KMOD_ERELOC,		/* relocation unsupported or out of range */
	KMOD_ENOMEM,		/* the allocator failed */
	KMOD_EBUSY,		/* unload while in use */
};

/*
 * A loaded module.  The loader owns it; fields are read-only to callers.
 * use_count counts dependent modules and kmod_retain() calls.
 */
struct kmod {
	struct urt_link link;			/* on the loader's modules */
	const struct kmod_manifest *manifest;	/* inside the image */
	void *image;
	size_t image_size;
	int (*start)(void);			/* module_start, or NULL */
	void (*stop)(void);			/* module_stop, or NULL */
	uintptr_t personality_init[KMOD_MAX_PERSONALITIES];	/* 0 = slot unused */
	unsigned npersonalities;		/* used slots are 0..npersonalities-1 */
	struct kmod *deps[KMOD_MAX_DEPS];	/* retained while this module is loaded */
	unsigned ndeps;
	unsigned use_count;
	const struct kmod_symbol *exports;	/* global symbols defined by the module */
	size_t nexports;
	size_t meta_size;			/* of this struct, exports and their names */
};

struct kmod_loader {
	const struct kmod_abi *abi;
	struct kmod_mem mem;
	struct urt_list modules;		/* newest first */
	char error[KMOD_ERROR_MAX];		/* why the last call failed */
};

void kmod_loader_init(struct kmod_loader *l, const struct kmod_abi *abi,
		      const struct kmod_mem *mem);

/* Link image[0..size) (8-byte aligned) into a new module; name is for errors. */
enum kmod_err kmod_load(struct kmod_loader *l, const char *name, const void *image,
			size_t size, struct kmod **out);

/* Free a module nothing uses; KMOD_EBUSY otherwise.  Caller called stop first. */
enum kmod_err kmod_unload(struct kmod_loader *l, struct kmod *m);

struct kmod *kmod_find(const struct kmod_loader *l, const char *name);

/* The loaded modules, newest first: kmod_first(l), then kmod_next() until NULL. */
static inline struct kmod *kmod_first(const struct kmod_loader *l)
{
	return urt_list_first(&l->modules, struct kmod, link);
}

static inline struct kmod *kmod_next(const struct kmod *m)
{
	return urt_list_next(m, struct kmod, link);
}
void kmod_retain(struct kmod *m);
void kmod_release(struct kmod *m);

/* Address of a symbol the module exports, or 0. */
uintptr_t kmod_lookup(const struct kmod *m, const char *name);

#endif
