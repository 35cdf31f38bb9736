/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * elf64.c - validation of an ELF64 executable before loading it: header,
 * machine, program headers and every loadable segment within the file and
 * within user addresses.
 */
#include <darbat/abi.h>
#include "dstring.h"
#include "elf64.h"

const char *elf_check(const void *image, size_t size)
{
	const struct elf64_ehdr *eh = image;
	if (size < sizeof(*eh))
		return "truncated header";
	if (memcmp(eh->e_ident, "\177ELF", 4))
		return "bad magic";
	if (eh->e_ident[4] != 2 || eh->e_ident[5] != 1)
		return "not 64-bit little-endian";
	if (eh->e_type != ET_EXEC)
		return "not an executable";
	if (eh->e_machine != EM_X86_64)
		return "wrong machine";
	if (eh->e_phentsize != sizeof(struct elf64_phdr) || eh->e_phnum == 0)
		return "bad program headers";
	if (eh->e_phoff > size || (size - eh->e_phoff) / sizeof(struct elf64_phdr) < eh->e_phnum)
		return "program headers outside the file";
	const struct elf64_phdr *ph = (const struct elf64_phdr *)((const char *)image + eh->e_phoff);
	bool loads = false;
	for (unsigned i = 0; i < eh->e_phnum; i++, ph++) {
		if (ph->p_type != PT_LOAD)
			continue;
		if (ph->p_filesz > ph->p_memsz || ph->p_offset > size || ph->p_filesz > size - ph->p_offset)
			return "segment outside the file";
		if (ph->p_vaddr >= DBT_USER_TOP || ph->p_memsz > DBT_USER_TOP - ph->p_vaddr)
			return "segment outside user addresses";
		loads = true;
	}
	if (!loads)
		return "no loadable segment";
	if (eh->e_entry >= DBT_USER_TOP)
		return "entry point outside user addresses";
	return NULL;
}
