/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_kmod.c - host tests of the module loader (servers/iokit/kmod): real
 * modules built from tests/host/kmod/modules/ with the SDK flags, loaded into
 * executable memory and called; and bad modules (mostly hello.o with one
 * field broken), each refused with its exact error and nothing left
 * allocated.  KMOD_MODULE_DIR is where tests/host/kmod/run.sh put the objects.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "harness.h"
#include "util.h"
#include "host_abi.h"
#include "kmod_elf.h"
#include "iokit/glue.h"

#ifndef KMOD_MODULE_DIR
#error "build with -DKMOD_MODULE_DIR=\"...\""
#endif

struct file {
	unsigned char *data;
	size_t size;
};

static struct file load(const char *name)
{
	char path[512];
	struct file f = { NULL, 0 };
	snprintf(path, sizeof(path), "%s/%s.o", KMOD_MODULE_DIR, name);
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return f;
	fseek(fp, 0, SEEK_END);
	f.size = (size_t)ftell(fp);
	fseek(fp, 0, SEEK_SET);
	f.data = aligned_alloc(16, (f.size + 15) & ~(size_t)15);
	if (fread(f.data, 1, f.size, fp) != f.size)
		f.size = 0;
	fclose(fp);
	return f;
}

static struct kmod_loader loader;

static void fresh(const struct kmod_abi *abi)
{
	kmod_loader_init(&loader, abi ? abi : &host_abi, &host_mem);
	host_mem_outstanding = 0;
	host_mem_fail_at = 0;
}

/* Loading f must fail with e and exactly msg, leaving nothing allocated. */
static bool refused(struct file f, const char *name, enum kmod_err e, const char *msg)
{
	struct kmod *m = (struct kmod *)1;
	enum kmod_err got = kmod_load(&loader, name, f.data, f.size, &m);
	if (got != e || strcmp(loader.error, msg) || m || kmod_first(&loader) || host_mem_outstanding) {
		fprintf(stderr, "want %d '%s'\n got %d '%s' (outstanding %ld)\n", e, msg, got,
			loader.error, host_mem_outstanding);
		return false;
	}
	return true;
}

/* ---- navigating an object, to break it ---------------------------------------- */

static struct elf64_ehdr *ehdr(struct file f)
{
	return (struct elf64_ehdr *)(void *)f.data;
}

static struct kmod_shdr *shdr(struct file f, unsigned i)
{
	return (struct kmod_shdr *)(void *)(f.data + ehdr(f)->e_shoff) + i;
}

static unsigned section(struct file f, const char *name)
{
	const char *names = (const char *)f.data + shdr(f, ehdr(f)->e_shstrndx)->sh_offset;
	for (unsigned i = 1; i < ehdr(f)->e_shnum; i++)
		if (!strcmp(names + shdr(f, i)->sh_name, name))
			return i;
	return 0;
}

static void *section_data(struct file f, const char *name)
{
	unsigned i = section(f, name);
	return i ? f.data + shdr(f, i)->sh_offset : NULL;
}

static struct kmod_manifest *manifest(struct file f)
{
	return section_data(f, KMOD_MANIFEST_SECTION);
}

static struct kmod_rela *first_rela(struct file f)
{
	return section_data(f, ".rela.text");
}

static struct kmod_sym *symbol(struct file f, size_t i)
{
	return (struct kmod_sym *)section_data(f, ".symtab") + i;
}

/* ---- good modules ---------------------------------------------------------------- */

HTEST(hello_loads_and_runs)
{
	struct file f = load("hello");
	struct kmod *m;
	fresh(NULL);
	CHECK(f.size);
	CHECK(kmod_load(&loader, "hello", f.data, f.size, &m) == KMOD_OK);
	CHECK(!strcmp(m->manifest->name, "hello") && !strcmp(m->manifest->version, "1.0.0"));
	CHECK(m->start && m->stop);
	CHECK(m->start() == 0);
	CHECK(!strcmp(host_log_last, "hello: started"));
	int (*compute)(int) = (int (*)(int))kmod_lookup(m, "hello_compute");
	CHECK(compute);
	CHECK(compute(1) == 57);
	CHECK(compute(1) == 58);
	int (*sw)(int) = (int (*)(int))kmod_lookup(m, "hello_switch");
	CHECK(sw(0) == 11 && sw(4) == 59 && sw(6) == 73 && sw(99) == 14);
	m->stop();
	CHECK(!strcmp(host_log_last, "hello: stopped"));
	CHECK(kmod_unload(&loader, m) == KMOD_OK);
	CHECK(host_mem_outstanding == 0 && !kmod_first(&loader));
	free(f.data);
}

HTEST(pc_relative_relocations)
{
	struct file f = load("hello");
	struct kmod *m;
	fresh(NULL);
	CHECK(kmod_load(&loader, "hello", f.data, f.size, &m) == KMOD_OK);
	const char *(*pcrel)(void) = (const char *(*)(void))kmod_lookup(m, "hello_pcrel");
	int (*call)(void) = (int (*)(void))kmod_lookup(m, "hello_call");
	CHECK(pcrel && call);
	CHECK(pcrel() == (const char *)kmod_lookup(m, "hello_text"));
	CHECK(!strcmp(pcrel(), "pc-relative"));
	CHECK(call() == 8);
	CHECK(kmod_unload(&loader, m) == KMOD_OK);
	free(f.data);
}

HTEST(personalities_and_entry_points)
{
	struct file f = load("hello");
	struct kmod *m;
	fresh(NULL);
	CHECK(kmod_load(&loader, "hello", f.data, f.size, &m) == KMOD_OK);
	CHECK(m->npersonalities == 2);
	const struct kmod_personality *p = m->manifest->personalities;
	CHECK(!strcmp(p[0].driver_class, "HelloDriver") && p[0].probe_score == 1000);
	CHECK(!strcmp(p[1].provider_class, "IOPCIDevice") && !strcmp(p[1].category, "serial"));
	CHECK(!strcmp(p[1].match, "vendor=0x1af4 device=0x1003"));
	CHECK(((int (*)(void))m->personality_init[0])() == 7);
	CHECK(((int (*)(void))m->personality_init[1])() == 8);
	CHECK(m->personality_init[2] == 0);
	CHECK(kmod_find(&loader, "hello") == m && !kmod_find(&loader, "nope"));
	CHECK(kmod_unload(&loader, m) == KMOD_OK);
	free(f.data);
}

HTEST(older_minor_abi_accepted)
{
	struct file f = load("hello");
	struct kmod *m;
	const struct kmod_abi abi13 = { 1, 3, host_abi_syms, host_abi_nsyms };
	fresh(&abi13);
	CHECK(kmod_load(&loader, "hello", f.data, f.size, &m) == KMOD_OK);
	CHECK(kmod_unload(&loader, m) == KMOD_OK && host_mem_outstanding == 0);
	free(f.data);
}

/* Modules built against 1.0 (hello), 1.1 (v11) and 1.2 (drv12) all load
 * into the 1.2 framework and call into it. */
HTEST(abi_minor_versions_load)
{
	struct file h = load("hello"), v = load("v11"), d = load("drv12");
	struct kmod *mh, *mv, *md;
	fresh(NULL);
	CHECK(h.size && v.size && d.size);
	CHECK(kmod_load(&loader, "hello", h.data, h.size, &mh) == KMOD_OK);
	CHECK(kmod_load(&loader, "v11", v.data, v.size, &mv) == KMOD_OK);
	CHECK(kmod_load(&loader, "drv12", d.data, d.size, &md) == KMOD_OK);
	CHECK(mh->manifest->abi_minor == 0 && mv->manifest->abi_minor == 1 &&
	      md->manifest->abi_minor == 2);
	uint64_t (*now)(void) = (uint64_t (*)(void))kmod_lookup(mv, "v11_now");
	CHECK(now && now() > 1);
	unsigned char buf[16];
	memset(buf, 0, sizeof(buf));
	uint64_t (*mmio)(volatile void *) = (uint64_t (*)(volatile void *))kmod_lookup(md, "drv12_mmio");
	CHECK(mmio && mmio(buf) == 0x8899aabbccddeeffull + 0x44556677 + 0x2233 + 0x11);
	CHECK(buf[0] == 0x11 && buf[1] == 0 && buf[2] == 0x33 && buf[3] == 0x22 && buf[4] == 0x77);
	CHECK(kmod_unload(&loader, md) == KMOD_OK && kmod_unload(&loader, mv) == KMOD_OK &&
	      kmod_unload(&loader, mh) == KMOD_OK && host_mem_outstanding == 0);
	free(h.data), free(v.data), free(d.data);
}

/* A 1.2 module in a 1.1 framework: refused on the version, before linking. */
HTEST(abi_newer_minor_module_refused)
{
	struct file d = load("drv12"), v = load("v11");
	struct kmod *m;
	const struct kmod_abi abi11 = { 1, 1, host_abi_syms, host_abi_nsyms };
	fresh(&abi11);
	CHECK(refused(d, "drv12", KMOD_EABI, "kmod: drv12: ABI version 1.2, framework 1.1"));
	CHECK(kmod_load(&loader, "v11", v.data, v.size, &m) == KMOD_OK);
	CHECK(kmod_unload(&loader, m) == KMOD_OK && host_mem_outstanding == 0);
	free(d.data), free(v.data);
}

/* The host table has every function of the SDK header, once each. */
HTEST(host_table_matches_sdk_header)
{
	static const char *const declared[] = {
#define GLUE_NAME(f) #f,
#include "glue_names.h"
#undef GLUE_NAME
	};
	size_t n = ARRAY_SIZE(declared);
	CHECK(n >= 60);
	for (size_t i = 0; i < n; i++) {
		size_t hits = 0;
		for (size_t j = 0; j < host_abi_nsyms; j++)
			hits += !strcmp(host_abi_syms[j].name, declared[i]);
		if (hits != 1)
			fprintf(stderr, "%s: %zu entries\n", declared[i], hits);
		CHECK(hits == 1);
	}
	CHECK(host_abi_nsyms == n);
	CHECK(host_abi.major == IOKIT_ABI_MAJOR && host_abi.minor == IOKIT_ABI_MINOR);
}

HTEST(dependencies_and_use_count)
{
	struct file lib = load("libdep"), use = load("usedep");
	struct kmod *l, *u;
	fresh(NULL);
	CHECK(refused(use, "usedep", KMOD_EDEP, "kmod: usedep: missing dependency 'libdep'"));
	CHECK(kmod_load(&loader, "libdep", lib.data, lib.size, &l) == KMOD_OK);
	CHECK(kmod_load(&loader, "usedep", use.data, use.size, &u) == KMOD_OK);
	CHECK(l->use_count == 1 && u->ndeps == 1 && u->deps[0] == l);
	int (*run)(int) = (int (*)(int))kmod_lookup(u, "usedep_run");
	CHECK(run(5) == 111);		/* 2 * 5 + 1 + 100 * dep_calls */
	CHECK(kmod_unload(&loader, l) == KMOD_EBUSY);
	CHECK(!strcmp(loader.error, "kmod: libdep: in use (1 references)"));
	CHECK(kmod_unload(&loader, u) == KMOD_OK);
	CHECK(l->use_count == 0);
	CHECK(kmod_unload(&loader, l) == KMOD_OK);
	CHECK(host_mem_outstanding == 0 && !kmod_first(&loader));
	free(lib.data);
	free(use.data);
}

HTEST(retained_module_not_unloaded)
{
	struct file f = load("libdep");
	struct kmod *m;
	fresh(NULL);
	CHECK(kmod_load(&loader, "libdep", f.data, f.size, &m) == KMOD_OK);
	kmod_retain(m);
	kmod_retain(m);
	CHECK(kmod_unload(&loader, m) == KMOD_EBUSY);
	CHECK(!strcmp(loader.error, "kmod: libdep: in use (2 references)"));
	kmod_release(m);
	kmod_release(m);
	CHECK(kmod_unload(&loader, m) == KMOD_OK && host_mem_outstanding == 0);
	free(f.data);
}

HTEST(duplicate_name_refused)
{
	struct file f = load("hello");
	struct kmod *m;
	fresh(NULL);
	CHECK(kmod_load(&loader, "hello", f.data, f.size, &m) == KMOD_OK);
	struct kmod *m2 = (struct kmod *)1;
	CHECK(kmod_load(&loader, "hello-again", f.data, f.size, &m2) == KMOD_EEXIST && !m2);
	CHECK(!strcmp(loader.error, "kmod: hello-again: module 'hello' already loaded"));
	CHECK(host_mem_outstanding == 2);	/* only the first module's image and metadata */
	CHECK(kmod_unload(&loader, m) == KMOD_OK && host_mem_outstanding == 0);
	free(f.data);
}

/* ---- bad modules -------------------------------------------------------------------- */

HTEST(truncated)
{
	struct file f = load("hello");
	fresh(NULL);
	size_t size = f.size;
	f.size = 0;
	CHECK(refused(f, "t", KMOD_EFORMAT, "kmod: t: truncated ELF header"));
	f.size = 63;
	CHECK(refused(f, "t", KMOD_EFORMAT, "kmod: t: truncated ELF header"));
	f.size = 64;
	CHECK(refused(f, "t", KMOD_EFORMAT, "kmod: t: truncated section header table"));
	f.size = size - 1;
	CHECK(refused(f, "t", KMOD_EFORMAT, "kmod: t: truncated section header table"));
	free(f.data);
}

HTEST(truncated_everywhere)
{
	struct file f = load("hello");
	fresh(NULL);
	size_t size = f.size;
	for (f.size = 0; f.size < size; f.size++) {
		struct kmod *m;
		CHECK(kmod_load(&loader, "t", f.data, f.size, &m) == KMOD_EFORMAT);
		CHECK(!strncmp(loader.error, "kmod: t: ", 9) && host_mem_outstanding == 0);
	}
	free(f.data);
}

HTEST(section_outside_file)
{
	struct file f = load("hello");
	fresh(NULL);
	unsigned text = section(f, ".text");
	char want[64];
	shdr(f, text)->sh_offset = f.size - 4;
	snprintf(want, sizeof(want), "kmod: x: section %u outside the file", text);
	CHECK(refused(f, "x", KMOD_EFORMAT, want));
	free(f.data);
}

HTEST(wrong_machine)
{
	struct file f = load("hello");
	fresh(NULL);
	ehdr(f)->e_machine = 3;
	CHECK(refused(f, "hello", KMOD_EFORMAT, "kmod: hello: wrong machine 3"));
	free(f.data);
}

HTEST(wrong_class)
{
	struct file f = load("hello");
	fresh(NULL);
	ehdr(f)->e_ident[4] = 1;
	CHECK(refused(f, "hello", KMOD_EFORMAT, "kmod: hello: wrong class 1"));
	free(f.data);
}

HTEST(bad_magic)
{
	struct file f = load("hello");
	fresh(NULL);
	f.data[1] = 'X';
	CHECK(refused(f, "hello", KMOD_EFORMAT, "kmod: hello: not an ELF file"));
	free(f.data);
}

HTEST(not_relocatable)
{
	struct file f = load("hello");
	fresh(NULL);
	ehdr(f)->e_type = ET_EXEC;
	CHECK(refused(f, "hello", KMOD_EFORMAT, "kmod: hello: not a relocatable object (type 2)"));
	free(f.data);
}

HTEST(section_name_table_out_of_range)
{
	struct file f = load("hello");
	fresh(NULL);
	char want[96];
	ehdr(f)->e_shstrndx = ehdr(f)->e_shnum;
	snprintf(want, sizeof(want), "kmod: hello: section name table index %u out of range",
		 ehdr(f)->e_shnum);
	CHECK(refused(f, "hello", KMOD_EFORMAT, want));
	free(f.data);
}

HTEST(symbol_name_outside_string_table)
{
	struct file f = load("hello");
	fresh(NULL);
	symbol(f, 1)->st_name = 0x7fffffff;
	CHECK(refused(f, "hello", KMOD_EFORMAT, "kmod: hello: symbol 1: name outside the string table"));
	free(f.data);
}

HTEST(symbol_section_out_of_range)
{
	struct file f = load("hello");
	fresh(NULL);
	struct kmod_sym *s = symbol(f, 1);
	char want[128];
	const char *name = (const char *)section_data(f, ".strtab") + s->st_name;
	s->st_shndx = 0x9000;
	snprintf(want, sizeof(want), "kmod: hello: symbol 1 ('%s'): section index 36864 out of range",
		 name);
	CHECK(refused(f, "hello", KMOD_EFORMAT, want));
	free(f.data);
}

HTEST(symbol_value_outside_section)
{
	struct file f = load("hello");
	fresh(NULL);
	size_t n = shdr(f, section(f, ".symtab"))->sh_size / sizeof(struct kmod_sym), i;
	const char *str = section_data(f, ".strtab");
	for (i = 1; i < n && strcmp(str + symbol(f, i)->st_name, "hello_compute"); i++)
		;
	CHECK(i < n);
	symbol(f, i)->st_value = 0x100000;
	char want[128];
	snprintf(want, sizeof(want),
		 "kmod: hello: symbol %zu ('hello_compute'): value 0x100000 outside .text", i);
	CHECK(refused(f, "hello", KMOD_EFORMAT, want));
	free(f.data);
}

HTEST(relocation_symbol_out_of_range)
{
	struct file f = load("hello");
	fresh(NULL);
	struct kmod_rela *r = first_rela(f);
	r->r_info = (9999ull << 32) | ELF_R_TYPE(r->r_info);
	CHECK(refused(f, "hello", KMOD_EFORMAT,
		      "kmod: hello: relocation 0 in .rela.text: symbol index 9999 out of range"));
	free(f.data);
}

HTEST(relocation_type_unsupported)
{
	struct file f = load("hello");
	fresh(NULL);
	struct kmod_rela *r = first_rela(f);
	r->r_info = (r->r_info & ~0xffffffffull) | 23;	/* R_X86_64_TPOFF32 */
	CHECK(refused(f, "hello", KMOD_ERELOC,
		      "kmod: hello: relocation 0 in .rela.text: unsupported type 23"));
	free(f.data);
}

HTEST(relocation_offset_outside_section)
{
	struct file f = load("hello");
	fresh(NULL);
	struct kmod_rela *r = first_rela(f);
	char want[128];
	r->r_offset = shdr(f, section(f, ".text"))->sh_size - 7;	/* 8 bytes from here: one past */
	r->r_info = (r->r_info & ~0xffffffffull) | R_X86_64_64;
	snprintf(want, sizeof(want), "kmod: hello: relocation 0 in .rela.text: offset 0x%lx outside .text",
		 (unsigned long)r->r_offset);
	CHECK(refused(f, "hello", KMOD_EFORMAT, want));
	free(f.data);
}

HTEST(rel_section_refused)
{
	struct file f = load("hello");
	fresh(NULL);
	shdr(f, section(f, ".rela.text"))->sh_type = SHT_REL;
	CHECK(refused(f, "hello", KMOD_EFORMAT,
		      "kmod: hello: section .rela.text: REL relocations not supported"));
	free(f.data);
}

HTEST(relocation_overflow)
{
	struct file f = load("small");
	fresh(NULL);
	CHECK(f.size);
	CHECK(refused(f, "small", KMOD_ERELOC,
		      "kmod: small: relocation 0 in .rela.text: R_X86_64_32S to 'small_buf' out of range"));
	free(f.data);
}

HTEST(unresolved_symbol)
{
	struct file f = load("unresolved");
	fresh(NULL);
	CHECK(refused(f, "unresolved", KMOD_EUNRESOLVED,
		      "kmod: unresolved: unresolved symbol 'iokit_missing'"));
	free(f.data);
}

HTEST(abi_function_missing_from_table)
{
	struct file f = load("hello");
	const struct kmod_abi old = { 1, 0, host_abi_syms, 2 };	/* no iokit_free */
	fresh(&old);
	CHECK(refused(f, "hello", KMOD_EUNRESOLVED, "kmod: hello: unresolved symbol 'iokit_free'"));
	free(f.data);
}

HTEST(wrong_abi_major)
{
	struct file f = load("hello");
	const struct kmod_abi abi20 = { 2, 0, host_abi_syms, host_abi_nsyms };
	fresh(&abi20);
	CHECK(refused(f, "hello", KMOD_EABI, "kmod: hello: ABI version 1.0, framework 2.0"));
	free(f.data);
}

HTEST(newer_abi_minor)
{
	struct file f = load("hello");
	const struct kmod_abi abi13 = { 1, 3, host_abi_syms, host_abi_nsyms };
	fresh(&abi13);
	manifest(f)->abi_minor = 4;
	CHECK(refused(f, "hello", KMOD_EABI, "kmod: hello: ABI version 1.4, framework 1.3"));
	manifest(f)->abi_major = 2;
	manifest(f)->abi_minor = 0;
	CHECK(refused(f, "hello", KMOD_EABI, "kmod: hello: ABI version 2.0, framework 1.3"));
	free(f.data);
}

HTEST(missing_manifest)
{
	struct file f = load("nomanifest");
	fresh(NULL);
	CHECK(f.size);
	CHECK(refused(f, "nomanifest", KMOD_EMANIFEST, "kmod: nomanifest: no .dbt_manifest section"));
	free(f.data);
}

HTEST(manifest_bad_magic_and_format)
{
	struct file f = load("hello");
	fresh(NULL);
	manifest(f)->format = 2;
	CHECK(refused(f, "hello", KMOD_EMANIFEST, "kmod: hello: manifest format 2, loader knows 1"));
	manifest(f)->magic = 0x1234;
	CHECK(refused(f, "hello", KMOD_EMANIFEST, "kmod: hello: bad manifest magic 0x1234"));
	free(f.data);
}

HTEST(manifest_wrong_size)
{
	struct file f = load("hello");
	fresh(NULL);
	shdr(f, section(f, KMOD_MANIFEST_SECTION))->sh_size -= 8;
	CHECK(refused(f, "hello", KMOD_EMANIFEST,
		      "kmod: hello: manifest section: 1368 bytes, expected 1376"));
	free(f.data);
}

HTEST(manifest_strings)
{
	struct file f = load("hello");
	fresh(NULL);
	struct kmod_manifest *m = manifest(f), saved = *m;
	memset(m->name, 'A', sizeof(m->name));
	CHECK(refused(f, "hello", KMOD_EMANIFEST, "kmod: hello: manifest: name or version not terminated"));
	*m = saved;
	m->name[0] = 0;
	CHECK(refused(f, "hello", KMOD_EMANIFEST, "kmod: hello: manifest: empty module name"));
	*m = saved;
	memset(m->personalities[1].category, 'c', KMOD_NAME_MAX);
	CHECK(refused(f, "hello", KMOD_EMANIFEST,
		      "kmod: hello: manifest: personality 1: category not terminated"));
	free(f.data);
}

HTEST(manifest_personalities)
{
	struct file f = load("hello");
	fresh(NULL);
	struct kmod_manifest *m = manifest(f), saved = *m;
	strcpy(m->personalities[0].match, "name=hello =x");
	CHECK(refused(f, "hello", KMOD_EMANIFEST,
		      "kmod: hello: manifest: personality 0: bad match 'name=hello =x'"));
	*m = saved;
	strcpy(m->personalities[1].match, "vendor");
	CHECK(refused(f, "hello", KMOD_EMANIFEST,
		      "kmod: hello: manifest: personality 1: bad match 'vendor'"));
	*m = saved;
	strcpy(m->personalities[1].init, "nope_init");
	CHECK(refused(f, "hello", KMOD_EMANIFEST,
		      "kmod: hello: manifest: personality 1: init function 'nope_init' not defined"));
	*m = saved;
	m->personalities[0].driver_class[0] = 0;
	CHECK(refused(f, "hello", KMOD_EMANIFEST,
		      "kmod: hello: manifest: personality 1 follows an empty slot"));
	*m = saved;
	m->personalities[0].provider_class[0] = 0;
	CHECK(refused(f, "hello", KMOD_EMANIFEST,
		      "kmod: hello: manifest: personality 0: no provider class"));
	free(f.data);
}

HTEST(misaligned_image)
{
	struct file f = load("hello");
	fresh(NULL);
	unsigned char *copy = malloc(f.size + 1);
	memcpy(copy + 1, f.data, f.size);
	struct file g = { copy + 1, f.size };
	CHECK(refused(g, "hello", KMOD_EFORMAT, "kmod: hello: image not 8-byte aligned"));
	free(copy);
	free(f.data);
}

HTEST(out_of_memory)
{
	struct file f = load("hello");
	for (long n = 1; n <= 3; n++) {
		fresh(NULL);
		host_mem_fail_at = n;	/* temporaries, metadata, image */
		CHECK(refused(f, "hello", KMOD_ENOMEM, "kmod: hello: out of memory"));
	}
	fresh(NULL);
	host_mem_fail_at = 4;		/* nothing fails */
	struct kmod *m;
	CHECK(kmod_load(&loader, "hello", f.data, f.size, &m) == KMOD_OK);
	CHECK(kmod_unload(&loader, m) == KMOD_OK && host_mem_outstanding == 0);
	free(f.data);
}

/* Random byte changes: loaded and unloaded, or refused with a message; never a crash or leak. */
HTEST(corrupted_bytes)
{
	struct file f = load("hello");
	unsigned char *orig = malloc(f.size);
	uint64_t seed = 0x2545f4914f6cdd1dull;
	memcpy(orig, f.data, f.size);
	for (int round = 0; round < 3000; round++) {
		memcpy(f.data, orig, f.size);
		for (int k = 0; k < 1 + round % 4; k++) {
			seed = seed * 6364136223846793005ull + 1442695040888963407ull;
			f.data[(seed >> 33) % f.size] = (unsigned char)(seed >> 24);
		}
		struct kmod *m;
		fresh(NULL);
		if (kmod_load(&loader, "c", f.data, f.size, &m) == KMOD_OK) {
			CHECK(kmod_unload(&loader, m) == KMOD_OK);
		} else {
			CHECK(!strncmp(loader.error, "kmod: c: ", 9) && !kmod_first(&loader));
		}
		CHECK(host_mem_outstanding == 0);
	}
	free(orig);
	free(f.data);
}
