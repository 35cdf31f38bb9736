/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_elf.c - elf_check (lib/elf64.c) on crafted images.
 */
// uses: lib/elf64.c
#include <string.h>
#include "harness.h"
#include <darbat/abi.h>
#include "elf64.h"

#define NPH 2
#define PAGE (1u << DBT_PAGE_ORDER)

struct image {
	struct elf64_ehdr eh;
	struct elf64_phdr ph[NPH];
	uint8_t body[2 * PAGE];
};

static struct image img;

/* A valid executable: a text segment and a data segment from the file. */
static void make_valid(void)
{
	memset(&img, 0, sizeof(img));
	memcpy(img.eh.e_ident, "\177ELF", 4);
	img.eh.e_ident[4] = 2;          /* ELFCLASS64 */
	img.eh.e_ident[5] = 1;          /* little-endian */
	img.eh.e_ident[6] = 1;
	img.eh.e_type = ET_EXEC;
	img.eh.e_machine = EM_X86_64;
	img.eh.e_version = 1;
	img.eh.e_entry = 0x400100;
	img.eh.e_phoff = offsetof(struct image, ph);
	img.eh.e_ehsize = sizeof(struct elf64_ehdr);
	img.eh.e_phentsize = sizeof(struct elf64_phdr);
	img.eh.e_phnum = NPH;
	img.ph[0] = (struct elf64_phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_X,
		.p_offset = offsetof(struct image, body), .p_vaddr = 0x400000,
		.p_filesz = PAGE, .p_memsz = PAGE, .p_align = PAGE };
	img.ph[1] = (struct elf64_phdr){ .p_type = PT_LOAD, .p_flags = PF_R | PF_W,
		.p_offset = offsetof(struct image, body) + PAGE, .p_vaddr = 0x401000,
		.p_filesz = PAGE, .p_memsz = 4 * PAGE, .p_align = PAGE };
}

static const char *check(void)
{
	return elf_check(&img, sizeof(img));
}

HTEST(valid)
{
	make_valid();
	CHECK(check() == NULL);
}

HTEST(truncated)
{
	make_valid();
	CHECK(elf_check(&img, 0) != NULL);
	CHECK(elf_check(&img, sizeof(struct elf64_ehdr) - 1) != NULL);
	/* header complete but the program headers cut off */
	CHECK(elf_check(&img, sizeof(struct elf64_ehdr) + sizeof(struct elf64_phdr)) != NULL);
	/* headers complete, segment data cut off */
	CHECK(elf_check(&img, offsetof(struct image, body) + 100) != NULL);
}

HTEST(bad_magic)
{
	make_valid();
	img.eh.e_ident[1] = 'e';
	CHECK(check() != NULL);
	make_valid();
	img.eh.e_ident[0] = 0;
	CHECK(check() != NULL);
}

HTEST(not_64bit)
{
	make_valid();
	img.eh.e_ident[4] = 1;          /* ELFCLASS32 */
	CHECK(check() != NULL);
	make_valid();
	img.eh.e_ident[5] = 2;          /* big-endian */
	CHECK(check() != NULL);
}

HTEST(wrong_machine)
{
	make_valid();
	img.eh.e_machine = 3;           /* EM_386 */
	CHECK(check() != NULL);
	make_valid();
	img.eh.e_machine = 183;         /* EM_AARCH64 */
	CHECK(check() != NULL);
}

HTEST(not_executable)
{
	make_valid();
	img.eh.e_type = 3;              /* ET_DYN */
	CHECK(check() != NULL);
	img.eh.e_type = 1;              /* ET_REL */
	CHECK(check() != NULL);
}

HTEST(phdrs_outside_file)
{
	make_valid();
	img.eh.e_phoff = sizeof(img);
	CHECK(check() != NULL);
	make_valid();
	img.eh.e_phoff = sizeof(img) - sizeof(struct elf64_phdr);      /* second one outside */
	CHECK(check() != NULL);
	make_valid();
	img.eh.e_phoff = ~0ull - 8;     /* wraps */
	CHECK(check() != NULL);
	make_valid();
	img.eh.e_phnum = 0xffff;
	CHECK(check() != NULL);
	make_valid();
	img.eh.e_phentsize = 32;
	CHECK(check() != NULL);
	make_valid();
	img.eh.e_phnum = 0;
	CHECK(check() != NULL);
}

HTEST(segment_outside_file)
{
	make_valid();
	img.ph[1].p_offset = sizeof(img) - 100;
	CHECK(check() != NULL);
	make_valid();
	img.ph[1].p_offset = ~0ull - 10;        /* offset + filesz wraps */
	CHECK(check() != NULL);
	make_valid();
	img.ph[0].p_filesz = sizeof(img);
	img.ph[0].p_memsz = sizeof(img);
	CHECK(check() != NULL);
	make_valid();
	img.ph[0].p_memsz = 100;                /* filesz > memsz */
	CHECK(check() != NULL);
}

HTEST(segment_in_kernel_half)
{
	make_valid();
	img.ph[1].p_vaddr = 0xffffffff80000000ull;
	CHECK(check() != NULL);
	make_valid();
	img.ph[1].p_vaddr = DBT_USER_TOP - PAGE;        /* ends above user top */
	CHECK(check() != NULL);
	make_valid();
	img.ph[1].p_vaddr = DBT_USER_TOP - 16384;       /* ends exactly at it: fine */
	CHECK(check() == NULL);
	make_valid();
	img.ph[1].p_vaddr = 0x1000;
	img.ph[1].p_memsz = ~0ull - 0x800;              /* wraps */
	CHECK(check() != NULL);
}

HTEST(no_pt_load)
{
	make_valid();
	img.ph[0].p_type = 4;           /* PT_NOTE */
	img.ph[1].p_type = 6;           /* PT_PHDR */
	CHECK(check() != NULL);
	/* a non-load segment with silly fields is ignored */
	make_valid();
	img.ph[1].p_type = 4;
	img.ph[1].p_offset = ~0ull;
	img.ph[1].p_vaddr = ~0ull;
	CHECK(check() == NULL);
}

HTEST(entry_in_kernel_half)
{
	make_valid();
	img.eh.e_entry = 0xffffffff80001000ull;
	CHECK(check() != NULL);
	img.eh.e_entry = DBT_USER_TOP;
	CHECK(check() != NULL);
	img.eh.e_entry = DBT_USER_TOP - 1;
	CHECK(check() == NULL);
}
