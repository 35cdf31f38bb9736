/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kmod.c - the module loader's entry points (kmod.h): the order of the
 * checks, the manifest and its ABI version, dependencies, symbol binding,
 * the loaded-module list, and unload.  The ELF work is in kmod_elf.c.
 *
 * kmod_load() decodes everything it can from the file (ELF form, manifest,
 * ABI version, dependencies, relocation entries, symbols) before it asks
 * the allocator for the image; after that only a relocation overflow can
 * fail, and then both allocations are given back.
 */
#include "dstring.h"
#include "fmt.h"
#include "kmod_elf.h"

static void loader_vfail(struct kmod_loader *l, const char *name, const char *fmt, va_list ap)
{
	char msg[KMOD_ERROR_MAX];
	vsnfmt(msg, sizeof(msg), fmt, ap);
	snfmt(l->error, sizeof(l->error), "kmod: %s: %s", name, msg);
}

enum kmod_err kmod_fail(struct kmod_ctx *c, enum kmod_err e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	loader_vfail(c->l, c->name, fmt, ap);
	va_end(ap);
	return e;
}

static enum kmod_err loader_fail(struct kmod_loader *l, const char *name, enum kmod_err e,
				 const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static enum kmod_err loader_fail(struct kmod_loader *l, const char *name, enum kmod_err e,
				 const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	loader_vfail(l, name, fmt, ap);
	va_end(ap);
	return e;
}

void kmod_loader_init(struct kmod_loader *l, const struct kmod_abi *abi,
		      const struct kmod_mem *mem)
{
	memset(l, 0, sizeof(*l));
	l->abi = abi;
	l->mem = *mem;
}

struct kmod *kmod_find(const struct kmod_loader *l, const char *name)
{
	for (struct kmod *m = kmod_first(l); m; m = kmod_next(m))
		if (!strcmp(m->manifest->name, name))
			return m;
	return NULL;
}

void kmod_retain(struct kmod *m)
{
	m->use_count++;
}

void kmod_release(struct kmod *m)
{
	if (m->use_count)
		m->use_count--;
}

uintptr_t kmod_lookup(const struct kmod *m, const char *name)
{
	for (size_t i = 0; i < m->nexports; i++)
		if (!strcmp(m->exports[i].name, name))
			return m->exports[i].addr;
	return 0;
}

/* ---- manifest ------------------------------------------------------------------ */

static bool terminated(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!s[i])
			return true;
	return false;
}

static unsigned find_section(const struct kmod_ctx *c, const char *name)
{
	for (unsigned i = 1; i < c->shnum; i++)
		if (!strcmp(kmod_sec_name(c, i), name))
			return i;
	return 0;
}

/* "key=value key=value": words separated by spaces, each with a non-empty key. */
static bool match_ok(const char *s)
{
	while (*s) {
		if (*s == ' ') {
			s++;
			continue;
		}
		if (*s == '=')
			return false;
		bool eq = false;
		for (; *s && *s != ' '; s++)
			eq |= *s == '=';
		if (!eq)
			return false;
	}
	return true;
}

static enum kmod_err check_personality(struct kmod_ctx *c, unsigned i, bool *used)
{
	const struct kmod_personality *p = &c->manifest.personalities[i];
	static const char *const field[] = { "driver_class", "provider_class", "match",
					     "category", "init" };
	const char *const str[] = { p->driver_class, p->provider_class, p->match,
				    p->category, p->init };
	const size_t len[] = { sizeof(p->driver_class), sizeof(p->provider_class),
			       sizeof(p->match), sizeof(p->category), sizeof(p->init) };
	for (unsigned f = 0; f < 5; f++)
		if (!terminated(str[f], len[f]))
			return kmod_fail(c, KMOD_EMANIFEST, "manifest: personality %u: %s not terminated",
					 i, field[f]);
	if (!p->driver_class[0]) {
		*used = false;
		return KMOD_OK;
	}
	if (!*used)
		return kmod_fail(c, KMOD_EMANIFEST, "manifest: personality %u follows an empty slot", i);
	if (!p->provider_class[0])
		return kmod_fail(c, KMOD_EMANIFEST, "manifest: personality %u: no provider class", i);
	if (!match_ok(p->match))
		return kmod_fail(c, KMOD_EMANIFEST, "manifest: personality %u: bad match '%s'",
				 i, p->match);
	if (!p->init[0])
		return kmod_fail(c, KMOD_EMANIFEST, "manifest: personality %u: no init function", i);
	return KMOD_OK;
}

static enum kmod_err check_deps(struct kmod_ctx *c)
{
	for (unsigned i = 0; i < KMOD_MAX_DEPS; i++) {
		const char *dep = c->manifest.deps[i];
		if (!terminated(dep, KMOD_NAME_MAX))
			return kmod_fail(c, KMOD_EMANIFEST, "manifest: dependency %u not terminated", i);
		if (!dep[0])
			continue;
		struct kmod *k = kmod_find(c->l, dep);
		if (!k)
			return kmod_fail(c, KMOD_EDEP, "missing dependency '%s'", dep);
		c->deps[c->ndeps++] = k;
	}
	return KMOD_OK;
}

/* The manifest section: present, well formed, the right ABI, dependencies loaded. */
static enum kmod_err check_manifest(struct kmod_ctx *c)
{
	const struct kmod_abi *abi = c->l->abi;
	const struct kmod_manifest *m = &c->manifest;
	unsigned i = find_section(c, KMOD_MANIFEST_SECTION);
	if (!i)
		return kmod_fail(c, KMOD_EMANIFEST, "no " KMOD_MANIFEST_SECTION " section");
	const struct kmod_shdr *s = &c->sh[i];
	if (s->sh_type != SHT_PROGBITS || !(s->sh_flags & SHF_ALLOC) ||
	    s->sh_size != sizeof(*m))
		return kmod_fail(c, KMOD_EMANIFEST, "manifest section: %lu bytes, expected %lu",
				 (unsigned long)s->sh_size, (unsigned long)sizeof(*m));
	c->manifest_sec = i;
	memcpy(&c->manifest, c->file + s->sh_offset, sizeof(*m));
	if (m->magic != KMOD_MANIFEST_MAGIC)
		return kmod_fail(c, KMOD_EMANIFEST, "bad manifest magic 0x%x", m->magic);
	if (m->format != KMOD_MANIFEST_FORMAT)
		return kmod_fail(c, KMOD_EMANIFEST, "manifest format %u, loader knows %u",
				 m->format, KMOD_MANIFEST_FORMAT);
	if (m->abi_major != abi->major || m->abi_minor > abi->minor)
		return kmod_fail(c, KMOD_EABI, "ABI version %u.%u, framework %u.%u",
				 m->abi_major, m->abi_minor, abi->major, abi->minor);
	if (!terminated(m->name, sizeof(m->name)) || !terminated(m->version, sizeof(m->version)))
		return kmod_fail(c, KMOD_EMANIFEST, "manifest: name or version not terminated");
	if (!m->name[0])
		return kmod_fail(c, KMOD_EMANIFEST, "manifest: empty module name");
	if (kmod_find(c->l, m->name))
		return kmod_fail(c, KMOD_EEXIST, "module '%s' already loaded", m->name);
	enum kmod_err e = check_deps(c);
	bool used = true;
	for (unsigned p = 0; !e && p < KMOD_MAX_PERSONALITIES; p++)
		e = check_personality(c, p, &used);
	return e;
}

/* ---- symbols -------------------------------------------------------------------- */

static bool abi_lookup(const struct kmod_abi *abi, const char *name, uintptr_t *addr)
{
	for (size_t i = 0; i < abi->nsyms; i++) {
		if (!strcmp(abi->syms[i].name, name)) {
			*addr = abi->syms[i].addr;
			return true;
		}
	}
	return false;
}

/* Bind every undefined symbol: the ABI table first, then the dependencies. */
static enum kmod_err resolve_undefined(struct kmod_ctx *c)
{
	for (size_t i = 1; i < c->nsyms; i++) {
		const struct kmod_sym *s = &c->syms[i];
		const char *name = c->str + s->st_name;
		uintptr_t addr = 0;
		if (s->st_shndx != SHN_UNDEF || !name[0])
			continue;
		bool found = abi_lookup(c->l->abi, name, &addr);
		for (unsigned d = 0; !found && d < c->ndeps; d++) {
			addr = kmod_lookup(c->deps[d], name);
			found = addr != 0;
		}
		if (!found && ELF_ST_BIND(s->st_info) != STB_WEAK)
			return kmod_fail(c, KMOD_EUNRESOLVED, "unresolved symbol '%s'", name);
		c->sym_addr[i] = addr;
	}
	return KMOD_OK;
}

/* True if symbol i is a global the module defines in its image (or absolute). */
static bool is_export(const struct kmod_ctx *c, size_t i)
{
	const struct kmod_sym *s = &c->syms[i];
	unsigned bind = ELF_ST_BIND(s->st_info), type = ELF_ST_TYPE(s->st_info);
	if ((bind != STB_GLOBAL && bind != STB_WEAK) || type == STT_SECTION || type == STT_FILE)
		return false;
	if (s->st_shndx == SHN_UNDEF || !c->str[s->st_name])
		return false;
	return s->st_shndx == SHN_ABS || (c->sh[s->st_shndx].sh_flags & SHF_ALLOC);
}

static size_t find_export(const struct kmod_ctx *c, const char *name)
{
	for (size_t i = 1; i < c->nsyms; i++)
		if (is_export(c, i) && !strcmp(c->str + c->syms[i].st_name, name))
			return i;
	return 0;
}

static enum kmod_err check_entries(struct kmod_ctx *c)
{
	for (unsigned p = 0; p < KMOD_MAX_PERSONALITIES; p++) {
		const struct kmod_personality *ps = &c->manifest.personalities[p];
		if (ps->driver_class[0] && !find_export(c, ps->init))
			return kmod_fail(c, KMOD_EMANIFEST,
					 "manifest: personality %u: init function '%s' not defined",
					 p, ps->init);
	}
	return KMOD_OK;
}

/* ---- linking ---------------------------------------------------------------------- */

static uintptr_t entry(const struct kmod_ctx *c, const char *name)
{
	size_t i = find_export(c, name);
	return i ? kmod_sym_value(c, i) : 0;
}

/* Fill the new module m (meta_size bytes: struct, exports, names) from the linked image. */
static void fill_module(struct kmod_ctx *c, struct kmod *m, size_t nexports, size_t meta_size)
{
	struct kmod_symbol *exports = (struct kmod_symbol *)(m + 1);
	char *names = (char *)(exports + nexports);
	memset(m, 0, sizeof(*m));
	m->manifest = (const struct kmod_manifest *)(c->image + c->sec_off[c->manifest_sec]);
	m->image = c->image;
	m->image_size = c->image_size;
	m->meta_size = meta_size;
	m->start = (int (*)(void))entry(c, "module_start");
	m->stop = (void (*)(void))entry(c, "module_stop");
	for (unsigned p = 0; p < KMOD_MAX_PERSONALITIES; p++) {
		const struct kmod_personality *ps = &c->manifest.personalities[p];
		if (!ps->driver_class[0])
			break;
		m->personality_init[p] = entry(c, ps->init);
		m->npersonalities++;
	}
	for (size_t i = 1; i < c->nsyms; i++) {
		if (!is_export(c, i))
			continue;
		size_t n = strlen(c->str + c->syms[i].st_name) + 1;
		memcpy(names, c->str + c->syms[i].st_name, n);
		exports[m->nexports++] = (struct kmod_symbol){ names, kmod_sym_value(c, i) };
		names += n;
	}
	m->exports = exports;
}

static enum kmod_err link_module(struct kmod_ctx *c, struct kmod **out)
{
	struct kmod_mem *mem = &c->l->mem;
	size_t nexports = 0, names = 0;
	for (size_t i = 1; i < c->nsyms; i++) {
		if (is_export(c, i)) {
			nexports++;
			names += strlen(c->str + c->syms[i].st_name) + 1;
		}
	}
	size_t meta_size = sizeof(struct kmod) + nexports * sizeof(struct kmod_symbol) + names;
	struct kmod *m = mem->alloc(mem->ctx, meta_size, KMOD_MEM_META);
	if (!m)
		return kmod_fail(c, KMOD_ENOMEM, "out of memory");
	c->image = mem->alloc(mem->ctx, c->image_size, KMOD_MEM_IMAGE);
	if (!c->image) {
		mem->free(mem->ctx, m, meta_size, KMOD_MEM_META);
		return kmod_fail(c, KMOD_ENOMEM, "out of memory");
	}
	kmod_elf_copy(c);
	enum kmod_err e = kmod_elf_relocate(c);
	if (e) {
		mem->free(mem->ctx, c->image, c->image_size, KMOD_MEM_IMAGE);
		mem->free(mem->ctx, m, meta_size, KMOD_MEM_META);
		return e;
	}
	fill_module(c, m, nexports, meta_size);
	for (unsigned d = 0; d < c->ndeps; d++) {
		m->deps[m->ndeps++] = c->deps[d];
		kmod_retain(c->deps[d]);
	}
	urt_list_push_front(&c->l->modules, &m->link);
	*out = m;
	return KMOD_OK;
}

static enum kmod_err alloc_tmp(struct kmod_ctx *c)
{
	struct kmod_mem *mem = &c->l->mem;
	c->tmp_size = (c->shnum + c->nsyms) * sizeof(uint64_t);
	c->sec_off = mem->alloc(mem->ctx, c->tmp_size, KMOD_MEM_META);
	if (!c->sec_off)
		return kmod_fail(c, KMOD_ENOMEM, "out of memory");
	memset(c->sec_off, 0, c->tmp_size);
	c->sym_addr = (uintptr_t *)(c->sec_off + c->shnum);
	return KMOD_OK;
}

enum kmod_err kmod_load(struct kmod_loader *l, const char *name, const void *image,
			size_t size, struct kmod **out)
{
	struct kmod_ctx c = { .l = l, .name = name ? name : "module", .file = image, .size = size };
	*out = NULL;
	l->error[0] = 0;
	enum kmod_err e = kmod_elf_check(&c);
	if (!e)
		e = check_manifest(&c);
	if (!e)
		e = kmod_elf_check_relocs(&c);
	if (!e)
		e = alloc_tmp(&c);
	if (!e)
		e = resolve_undefined(&c);
	if (!e)
		e = check_entries(&c);
	if (!e)
		e = kmod_elf_layout(&c);
	if (!e)
		e = link_module(&c, out);
	if (c.sec_off)
		l->mem.free(l->mem.ctx, c.sec_off, c.tmp_size, KMOD_MEM_META);
	return e;
}

enum kmod_err kmod_unload(struct kmod_loader *l, struct kmod *m)
{
	l->error[0] = 0;
	if (m->use_count)
		return loader_fail(l, m->manifest->name, KMOD_EBUSY, "in use (%u references)",
				   m->use_count);
	urt_list_remove(&l->modules, &m->link);
	for (unsigned d = 0; d < m->ndeps; d++)
		kmod_release(m->deps[d]);
	l->mem.free(l->mem.ctx, m->image, m->image_size, KMOD_MEM_IMAGE);
	l->mem.free(l->mem.ctx, m, m->meta_size, KMOD_MEM_META);
	return KMOD_OK;
}
