/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * loader.c - component images: find a boot module, check it is a static
 * ELF64 executable, and fill the page of it a component faults on.
 * Module contents are read through the composer's mapping of all RAM
 * (frames.c maps module memory too: see main.c).
 */
#include "composer.h"
#include "elf64.h"

const struct dbt_module *module_find(const char *name)
{
	for (unsigned i = 0; i < urt_bootinfo->nmodules; i++)
		if (!strcmp(urt_bootinfo->module[i].name, name))
			return &urt_bootinfo->module[i];
	return NULL;
}

static const uint8_t *module_bytes(const struct dbt_module *m)
{
	return frame_ptr(m->base);
}

const char *image_check(const struct dbt_module *m, dbt_word_t *entry)
{
	const char *why = elf_check(module_bytes(m), m->size);
	if (!why)
		*entry = ((const struct elf64_ehdr *)module_bytes(m))->e_entry;
	return why;
}

bool image_page(const struct dbt_module *m, dbt_word_t va, void *page, unsigned *rights)
{
	const uint8_t *image = module_bytes(m);
	const struct elf64_ehdr *eh = (const struct elf64_ehdr *)image;
	const struct elf64_phdr *ph = (const struct elf64_phdr *)(image + eh->e_phoff);
	bool found = false;
	*rights = 0;
	for (unsigned i = 0; i < eh->e_phnum; i++, ph++) {
		if (ph->p_type != PT_LOAD || !ph->p_memsz)
			continue;
		dbt_word_t start = PAGE_DOWN(ph->p_vaddr);
		dbt_word_t end = PAGE_UP(ph->p_vaddr + ph->p_memsz);
		if (va < start || va >= end)
			continue;
		found = true;
		*rights |= DBT_R | ((ph->p_flags & PF_W) ? DBT_W : 0) | ((ph->p_flags & PF_X) ? DBT_X : 0);
		dbt_word_t lo = MAX_U(va, ph->p_vaddr), hi = MIN_U(va + PAGE_SIZE, ph->p_vaddr + ph->p_filesz);
		if (hi > lo)
			memcpy((uint8_t *)page + (lo - va), image + ph->p_offset + (lo - ph->p_vaddr), hi - lo);
	}
	return found;
}

dbt_word_t image_size(const struct dbt_module *m)
{
	const uint8_t *image = module_bytes(m);
	const struct elf64_ehdr *eh = (const struct elf64_ehdr *)image;
	const struct elf64_phdr *ph = (const struct elf64_phdr *)(image + eh->e_phoff);
	dbt_word_t bytes = 0;
	for (unsigned i = 0; i < eh->e_phnum; i++, ph++)
		if (ph->p_type == PT_LOAD && ph->p_memsz)
			bytes += PAGE_UP(ph->p_vaddr + ph->p_memsz) - PAGE_DOWN(ph->p_vaddr);
	return bytes;
}
