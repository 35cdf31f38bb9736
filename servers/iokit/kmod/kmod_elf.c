/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kmod_elf.c - the ELF half of the module loader: checks of a relocatable
 * x86-64 object (header, section table, string tables, symbol table,
 * relocation sections), the layout of its SHF_ALLOC sections in one image,
 * and the relocations.  Every check runs on the file before anything is
 * allocated; only relocation overflow is found after layout.
 */
#include "dstring.h"
#include "kmod_elf.h"

static bool strtab_ok(const struct kmod_ctx *c, const struct kmod_shdr *s)
{
	return s->sh_type == SHT_STRTAB && s->sh_size > 0 &&
	       c->file[s->sh_offset + s->sh_size - 1] == 0;
}

/* Name of section i (checked in check_sections), for messages. */
const char *kmod_sec_name(const struct kmod_ctx *c, unsigned i)
{
	return c->shstr + c->sh[i].sh_name;
}

/* Name of symbol i; a section symbol is named after its section. */
const char *kmod_sym_name(const struct kmod_ctx *c, size_t i)
{
	const struct kmod_sym *s = &c->syms[i];
	if (ELF_ST_TYPE(s->st_info) == STT_SECTION && s->st_shndx < c->shnum)
		return kmod_sec_name(c, s->st_shndx);
	return c->str + s->st_name;
}

static enum kmod_err check_header(struct kmod_ctx *c)
{
	const struct elf64_ehdr *eh = (const void *)c->file;
	if (c->size < sizeof(*eh))
		return kmod_fail(c, KMOD_EFORMAT, "truncated ELF header");
	if ((uintptr_t)c->file % 8)
		return kmod_fail(c, KMOD_EFORMAT, "image not 8-byte aligned");
	if (memcmp(eh->e_ident, "\177ELF", 4))
		return kmod_fail(c, KMOD_EFORMAT, "not an ELF file");
	if (eh->e_ident[4] != 2)
		return kmod_fail(c, KMOD_EFORMAT, "wrong class %u", eh->e_ident[4]);
	if (eh->e_ident[5] != 1)
		return kmod_fail(c, KMOD_EFORMAT, "not little-endian");
	if (eh->e_machine != EM_X86_64)
		return kmod_fail(c, KMOD_EFORMAT, "wrong machine %u", eh->e_machine);
	if (eh->e_type != ET_REL)
		return kmod_fail(c, KMOD_EFORMAT, "not a relocatable object (type %u)", eh->e_type);
	if (eh->e_shentsize != sizeof(struct kmod_shdr))
		return kmod_fail(c, KMOD_EFORMAT, "bad section header size %u", eh->e_shentsize);
	if (eh->e_shnum == 0)
		return kmod_fail(c, KMOD_EFORMAT, "no section headers");
	if (eh->e_shoff > c->size ||
	    (c->size - eh->e_shoff) / sizeof(struct kmod_shdr) < eh->e_shnum)
		return kmod_fail(c, KMOD_EFORMAT, "truncated section header table");
	if (eh->e_shoff % 8)
		return kmod_fail(c, KMOD_EFORMAT, "misaligned section header table");
	if (eh->e_shstrndx >= eh->e_shnum)
		return kmod_fail(c, KMOD_EFORMAT, "section name table index %u out of range",
				 eh->e_shstrndx);
	c->sh = (const void *)(c->file + eh->e_shoff);
	c->shnum = eh->e_shnum;
	return KMOD_OK;
}

static enum kmod_err check_sections(struct kmod_ctx *c, unsigned shstrndx)
{
	for (unsigned i = 0; i < c->shnum; i++) {
		const struct kmod_shdr *s = &c->sh[i];
		if (s->sh_type != SHT_NOBITS &&
		    (s->sh_offset > c->size || s->sh_size > c->size - s->sh_offset))
			return kmod_fail(c, KMOD_EFORMAT, "section %u outside the file", i);
		if (s->sh_addralign & (s->sh_addralign - 1))
			return kmod_fail(c, KMOD_EFORMAT, "section %u: alignment %lu not a power of two",
					 i, (unsigned long)s->sh_addralign);
	}
	const struct kmod_shdr *ns = &c->sh[shstrndx];
	if (!strtab_ok(c, ns))
		return kmod_fail(c, KMOD_EFORMAT, "bad section name table");
	c->shstr = (const char *)c->file + ns->sh_offset;
	for (unsigned i = 0; i < c->shnum; i++)
		if (c->sh[i].sh_name >= ns->sh_size)
			return kmod_fail(c, KMOD_EFORMAT,
					 "section %u: name outside the section name table", i);
	return KMOD_OK;
}

static enum kmod_err find_symtab(struct kmod_ctx *c)
{
	unsigned found = 0;
	for (unsigned i = 1; i < c->shnum; i++) {
		if (c->sh[i].sh_type != SHT_SYMTAB)
			continue;
		if (found)
			return kmod_fail(c, KMOD_EFORMAT, "more than one symbol table");
		found = i;
	}
	if (!found)
		return kmod_fail(c, KMOD_EFORMAT, "no symbol table");
	const struct kmod_shdr *s = &c->sh[found];
	if (s->sh_entsize != sizeof(struct kmod_sym) || s->sh_size % sizeof(struct kmod_sym) ||
	    s->sh_offset % 8 || s->sh_size == 0)
		return kmod_fail(c, KMOD_EFORMAT, "symbol table: bad entry size or alignment");
	if (s->sh_link >= c->shnum || !strtab_ok(c, &c->sh[s->sh_link]))
		return kmod_fail(c, KMOD_EFORMAT, "symbol table: bad string table");
	c->symtab = found;
	c->syms = (const void *)(c->file + s->sh_offset);
	c->nsyms = s->sh_size / sizeof(struct kmod_sym);
	c->str = (const char *)c->file + c->sh[s->sh_link].sh_offset;
	c->str_size = c->sh[s->sh_link].sh_size;
	return KMOD_OK;
}

static enum kmod_err check_symbols(struct kmod_ctx *c)
{
	for (size_t i = 0; i < c->nsyms; i++) {
		const struct kmod_sym *s = &c->syms[i];
		if (s->st_name >= c->str_size)
			return kmod_fail(c, KMOD_EFORMAT, "symbol %lu: name outside the string table",
					 (unsigned long)i);
		if (s->st_shndx == SHN_COMMON)
			return kmod_fail(c, KMOD_EFORMAT, "common symbol '%s' (build with -fno-common)",
					 c->str + s->st_name);
		if (s->st_shndx != SHN_UNDEF && s->st_shndx != SHN_ABS && s->st_shndx >= c->shnum)
			return kmod_fail(c, KMOD_EFORMAT, "symbol %lu ('%s'): section index %u out of range",
					 (unsigned long)i, c->str + s->st_name, s->st_shndx);
		if (s->st_shndx != SHN_UNDEF && s->st_shndx < c->shnum &&
		    s->st_value > c->sh[s->st_shndx].sh_size)
			return kmod_fail(c, KMOD_EFORMAT, "symbol %lu ('%s'): value 0x%lx outside %s",
					 (unsigned long)i, c->str + s->st_name,
					 (unsigned long)s->st_value, kmod_sec_name(c, s->st_shndx));
	}
	return KMOD_OK;
}

/* Header, section table and names, symbol table. */
enum kmod_err kmod_elf_check(struct kmod_ctx *c)
{
	enum kmod_err e = check_header(c);
	if (!e)
		e = check_sections(c, ((const struct elf64_ehdr *)(const void *)c->file)->e_shstrndx);
	if (!e)
		e = find_symtab(c);
	if (!e)
		e = check_symbols(c);
	return e;
}

/* Bytes a relocation type writes, or -1 if the loader does not know it. */
static int reloc_width(uint32_t type)
{
	switch (type) {
	case R_X86_64_NONE:
		return 0;
	case R_X86_64_64: case R_X86_64_PC64:
		return 8;
	case R_X86_64_PC32: case R_X86_64_PLT32: case R_X86_64_32: case R_X86_64_32S:
		return 4;
	default:
		return -1;
	}
}

static const char *reloc_name(uint32_t type)
{
	switch (type) {
	case R_X86_64_64: return "R_X86_64_64";
	case R_X86_64_PC64: return "R_X86_64_PC64";
	case R_X86_64_PC32: return "R_X86_64_PC32";
	case R_X86_64_PLT32: return "R_X86_64_PLT32";
	case R_X86_64_32: return "R_X86_64_32";
	default: return "R_X86_64_32S";
	}
}

static const struct kmod_rela *rela_at(const struct kmod_ctx *c, const struct kmod_shdr *s, size_t j)
{
	return (const struct kmod_rela *)(const void *)(c->file + s->sh_offset) + j;
}

static enum kmod_err check_rela(struct kmod_ctx *c, unsigned si, size_t j)
{
	const struct kmod_shdr *s = &c->sh[si], *t = &c->sh[s->sh_info];
	const struct kmod_rela *r = rela_at(c, s, j);
	uint64_t sym = ELF_R_SYM(r->r_info);
	int w = reloc_width(ELF_R_TYPE(r->r_info));
	const char *sec = kmod_sec_name(c, si);
	if (sym >= c->nsyms)
		return kmod_fail(c, KMOD_EFORMAT, "relocation %lu in %s: symbol index %lu out of range",
				 (unsigned long)j, sec, (unsigned long)sym);
	if (w < 0)
		return kmod_fail(c, KMOD_ERELOC, "relocation %lu in %s: unsupported type %u",
				 (unsigned long)j, sec, ELF_R_TYPE(r->r_info));
	if (r->r_offset > t->sh_size || t->sh_size - r->r_offset < (uint64_t)w)
		return kmod_fail(c, KMOD_EFORMAT, "relocation %lu in %s: offset 0x%lx outside %s",
				 (unsigned long)j, sec, (unsigned long)r->r_offset,
				 kmod_sec_name(c, s->sh_info));
	unsigned shndx = c->syms[sym].st_shndx;
	if (shndx != SHN_UNDEF && shndx != SHN_ABS && !(c->sh[shndx].sh_flags & SHF_ALLOC))
		return kmod_fail(c, KMOD_EFORMAT,
				 "relocation %lu in %s: symbol '%s' in non-allocated section %s",
				 (unsigned long)j, sec, kmod_sym_name(c, sym), kmod_sec_name(c, shndx));
	return KMOD_OK;
}

/* True if section i holds relocations the loader applies. */
static bool applies(const struct kmod_ctx *c, unsigned i)
{
	const struct kmod_shdr *s = &c->sh[i];
	return s->sh_type == SHT_RELA && (c->sh[s->sh_info].sh_flags & SHF_ALLOC);
}

/* Every relocation section: form, then each entry.  Needs manifest_sec. */
enum kmod_err kmod_elf_check_relocs(struct kmod_ctx *c)
{
	for (unsigned i = 1; i < c->shnum; i++) {
		const struct kmod_shdr *s = &c->sh[i];
		const char *sec = kmod_sec_name(c, i);
		if (s->sh_type == SHT_REL)
			return kmod_fail(c, KMOD_EFORMAT, "section %s: REL relocations not supported", sec);
		if (s->sh_type != SHT_RELA)
			continue;
		if (s->sh_info >= c->shnum)
			return kmod_fail(c, KMOD_EFORMAT, "section %s: target section %u out of range",
					 sec, s->sh_info);
		if (!applies(c, i))
			continue;	/* debug information: not loaded */
		if (s->sh_info == c->manifest_sec)
			return kmod_fail(c, KMOD_EMANIFEST, "manifest has relocations");
		if (s->sh_link != c->symtab)
			return kmod_fail(c, KMOD_EFORMAT, "section %s: not linked to the symbol table", sec);
		if (s->sh_entsize != sizeof(struct kmod_rela) || s->sh_size % sizeof(struct kmod_rela) ||
		    s->sh_offset % 8)
			return kmod_fail(c, KMOD_EFORMAT, "section %s: bad entry size or alignment", sec);
		for (size_t j = 0; j < s->sh_size / sizeof(struct kmod_rela); j++) {
			enum kmod_err e = check_rela(c, i, j);
			if (e)
				return e;
		}
	}
	return KMOD_OK;
}

/* Offsets of the SHF_ALLOC sections in the image, in file order. */
enum kmod_err kmod_elf_layout(struct kmod_ctx *c)
{
	uint64_t off = 0;
	for (unsigned i = 0; i < c->shnum; i++) {
		const struct kmod_shdr *s = &c->sh[i];
		uint64_t align = s->sh_addralign ? s->sh_addralign : 1;
		if (!(s->sh_flags & SHF_ALLOC))
			continue;
		if (align > KMOD_IMAGE_ALIGN)
			return kmod_fail(c, KMOD_EFORMAT, "section %s: alignment %lu too large",
					 kmod_sec_name(c, i), (unsigned long)align);
		if (s->sh_size > KMOD_IMAGE_MAX)
			return kmod_fail(c, KMOD_EFORMAT, "image too large");
		off = (off + align - 1) & ~(align - 1);
		c->sec_off[i] = off;
		off += s->sh_size;
		if (off > KMOD_IMAGE_MAX)
			return kmod_fail(c, KMOD_EFORMAT, "image too large");
	}
	c->image_size = off ? off : 1;
	return KMOD_OK;
}

void kmod_elf_copy(struct kmod_ctx *c)
{
	memset(c->image, 0, c->image_size);
	for (unsigned i = 0; i < c->shnum; i++) {
		const struct kmod_shdr *s = &c->sh[i];
		if ((s->sh_flags & SHF_ALLOC) && s->sh_type != SHT_NOBITS)
			memcpy(c->image + c->sec_off[i], c->file + s->sh_offset, s->sh_size);
	}
}

/* Run-time address of symbol i (undefined ones resolved in sym_addr). */
uintptr_t kmod_sym_value(const struct kmod_ctx *c, size_t i)
{
	const struct kmod_sym *s = &c->syms[i];
	if (s->st_shndx == SHN_UNDEF)
		return c->sym_addr[i];
	if (s->st_shndx == SHN_ABS)
		return s->st_value;
	return (uintptr_t)c->image + c->sec_off[s->st_shndx] + s->st_value;
}

static enum kmod_err apply_rela(struct kmod_ctx *c, unsigned si, size_t j)
{
	const struct kmod_shdr *s = &c->sh[si];
	const struct kmod_rela *r = rela_at(c, s, j);
	uint32_t type = ELF_R_TYPE(r->r_info);
	uint64_t sym = ELF_R_SYM(r->r_info);
	unsigned char *p = c->image + c->sec_off[s->sh_info] + r->r_offset;
	uint64_t v = (uint64_t)kmod_sym_value(c, sym) + (uint64_t)r->r_addend;
	uint64_t pc = v - (uint64_t)(uintptr_t)p;
	bool fits = true;
	uint32_t v32 = 0;
	switch (type) {
	case R_X86_64_NONE:
		return KMOD_OK;
	case R_X86_64_64:
		memcpy(p, &v, 8);
		return KMOD_OK;
	case R_X86_64_PC64:
		memcpy(p, &pc, 8);
		return KMOD_OK;
	case R_X86_64_PC32: case R_X86_64_PLT32:
		fits = (int64_t)pc == (int32_t)pc;
		v32 = (uint32_t)pc;
		break;
	case R_X86_64_32:
		fits = v <= UINT32_MAX;
		v32 = (uint32_t)v;
		break;
	default:	/* R_X86_64_32S: the only other type check_rela lets through */
		fits = (int64_t)v == (int32_t)v;
		v32 = (uint32_t)v;
		break;
	}
	if (!fits)
		return kmod_fail(c, KMOD_ERELOC, "relocation %lu in %s: %s to '%s' out of range",
				 (unsigned long)j, kmod_sec_name(c, si), reloc_name(type),
				 kmod_sym_name(c, sym));
	memcpy(p, &v32, 4);
	return KMOD_OK;
}

enum kmod_err kmod_elf_relocate(struct kmod_ctx *c)
{
	for (unsigned i = 1; i < c->shnum; i++) {
		if (!applies(c, i))
			continue;
		for (size_t j = 0; j < c->sh[i].sh_size / sizeof(struct kmod_rela); j++) {
			enum kmod_err e = apply_rela(c, i, j);
			if (e)
				return e;
		}
	}
	return KMOD_OK;
}
