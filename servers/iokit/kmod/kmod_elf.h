/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kmod_elf.h - internal to the module loader: the ELF64 relocatable-object
 * structures (lib/elf64.h covers executables only) and the state of one
 * kmod_load() call shared by kmod.c (manifest, symbols, registry) and
 * kmod_elf.c (file checks, layout, relocation).
 */
#ifndef DARBAT_IOKIT_KMOD_ELF_H
#define DARBAT_IOKIT_KMOD_ELF_H

#include <stdarg.h>
#include "elf64.h"
#include "kmod.h"

struct kmod_shdr {
	uint32_t sh_name, sh_type;
	uint64_t sh_flags, sh_addr, sh_offset, sh_size;
	uint32_t sh_link, sh_info;
	uint64_t sh_addralign, sh_entsize;
};

struct kmod_sym {
	uint32_t st_name;
	unsigned char st_info, st_other;
	uint16_t st_shndx;
	uint64_t st_value, st_size;
};

struct kmod_rela {
	uint64_t r_offset, r_info;
	int64_t r_addend;
};

#define ET_REL		1
#define SHT_PROGBITS	1
#define SHT_SYMTAB	2
#define SHT_STRTAB	3
#define SHT_RELA	4
#define SHT_NOBITS	8
#define SHT_REL		9
#define SHF_ALLOC	2
#define SHN_UNDEF	0
#define SHN_LORESERVE	0xff00
#define SHN_ABS		0xfff1
#define SHN_COMMON	0xfff2
#define STB_LOCAL	0
#define STB_GLOBAL	1
#define STB_WEAK	2
#define STT_SECTION	3
#define STT_FILE	4
#define ELF_ST_BIND(i)	((i) >> 4)
#define ELF_ST_TYPE(i)	((i) & 0xf)
#define ELF_R_SYM(i)	((i) >> 32)
#define ELF_R_TYPE(i)	((uint32_t)(i))

#define R_X86_64_NONE	0
#define R_X86_64_64	1
#define R_X86_64_PC32	2
#define R_X86_64_PLT32	4
#define R_X86_64_32	10
#define R_X86_64_32S	11
#define R_X86_64_PC64	24

/* One kmod_load() call.  tmp holds sec_off[shnum] then sym_addr[nsyms]. */
struct kmod_ctx {
	struct kmod_loader *l;
	const char *name;			/* for errors */
	const unsigned char *file;
	size_t size;
	const struct kmod_shdr *sh;
	unsigned shnum;
	const char *shstr;			/* section names, NUL-terminated */
	unsigned symtab;			/* section index of the symbol table */
	const struct kmod_sym *syms;
	size_t nsyms;
	const char *str;			/* symbol names, NUL-terminated */
	size_t str_size;
	unsigned manifest_sec;
	struct kmod_manifest manifest;		/* copy from the file */
	struct kmod *deps[KMOD_MAX_DEPS];
	unsigned ndeps;
	size_t image_size;
	uint64_t *sec_off;			/* image offset of each SHF_ALLOC section */
	uintptr_t *sym_addr;			/* resolved address of undefined symbols */
	size_t tmp_size;
	unsigned char *image;
};

enum kmod_err kmod_fail(struct kmod_ctx *c, enum kmod_err e, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

enum kmod_err kmod_elf_check(struct kmod_ctx *c);	/* header, sections, symbols */
enum kmod_err kmod_elf_check_relocs(struct kmod_ctx *c);
enum kmod_err kmod_elf_layout(struct kmod_ctx *c);	/* image_size, sec_off */
void kmod_elf_copy(struct kmod_ctx *c);			/* sections into c->image */
enum kmod_err kmod_elf_relocate(struct kmod_ctx *c);
const char *kmod_sec_name(const struct kmod_ctx *c, unsigned i);
const char *kmod_sym_name(const struct kmod_ctx *c, size_t i);
uintptr_t kmod_sym_value(const struct kmod_ctx *c, size_t i);

#endif
