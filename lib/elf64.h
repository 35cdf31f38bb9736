/* SPDX-License-Identifier: BSD-2-Clause */
/* elf64.h - the parts of ELF64 needed to load a static executable (kernel and composer). */
#ifndef DARBAT_LIB_ELF64_H
#define DARBAT_LIB_ELF64_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct elf64_ehdr {
	unsigned char e_ident[16];
	uint16_t e_type, e_machine;
	uint32_t e_version;
	uint64_t e_entry, e_phoff, e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};

struct elf64_phdr {
	uint32_t p_type, p_flags;
	uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};

#define PT_LOAD 1
#define PF_X 1
#define PF_W 2
#define PF_R 4
#define ET_EXEC 2
#define EM_X86_64 62

/* NULL if image[0..size) is a loadable x86-64 executable, else why not. */
const char *elf_check(const void *image, size_t size);

#endif
