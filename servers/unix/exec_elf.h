/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * exec_elf.h (unixd) - what execve learns from an executable before it
 * replaces the process image: a checked plan of an x86-64 ELF file, and the
 * interpreter line of a `#!` script.  Pure code: no I/O, no allocation; the
 * caller reads the file and maps what the plan says.
 *
 * Entry points, in the order execve uses them:
 *   script_parse      is it a `#!` script, and which interpreter and argument
 *   elf_header_check  the ELF header alone: where the program headers are
 *   elf_plan_make     header + program headers -> struct elf_plan
 *   elf_interp_check  the PT_INTERP path the caller read (plan.interp_*)
 *   elf_plan_place    plan + load bias -> the final addresses (AT_ENTRY, ...)
 *
 * Behaviour follows Linux 6.1 (fs/binfmt_elf.c load_elf_binary, fs/exec.c,
 * fs/binfmt_script.c) for x86-64 with 4 KiB pages: the same files are
 * refused with the same errno, checked in the same order.  Refusals:
 *
 *   -LX_ENOEXEC  magic; EI_CLASS not 64-bit, EI_DATA not little-endian or
 *                EI_VERSION not 1 (*); e_type neither ET_EXEC nor ET_DYN;
 *                e_machine not x86-64; e_phentsize != 56; e_phnum 0 or the
 *                table larger than one page (> 73 entries: load_elf_phdrs'
 *                "size > ELF_MIN_ALIGN"); the table outside the file (Linux's
 *                short read of it also ends in ENOEXEC); a file shorter than
 *                the 64-byte header (Linux reads zeros there, and a zero
 *                e_phentsize is refused); PT_INTERP size < 2 or > PATH_MAX;
 *                interpreter path without its final NUL (elf_interp_check);
 *                no PT_LOAD (*); more than ELF_LOAD_MAX PT_LOADs (*).
 *   -LX_EIO      PT_INTERP bytes beyond the end of the file (Linux: short
 *                read); PT_LOAD file bytes beyond the end of the file (*:
 *                Linux maps them and the process takes SIGBUS on touching a
 *                page wholly past the end); program headers the caller did
 *                not supply (phdrs_len too small).
 *   -LX_EINVAL   a PT_LOAD whose file offset and address differ modulo the
 *                page, or whose page-rounded offset + length wraps (vm_mmap);
 *                p_filesz > p_memsz; p_vaddr >= ELF_USER_TOP; p_memsz or
 *                p_vaddr + p_memsz beyond ELF_USER_TOP (load_elf_binary's
 *                "set_brk can never work"); an ET_DYN image of total size 0;
 *                a PT_LOAD starting below the end of the one before it
 *                (overlapping or out of order (*)); an entry point at or
 *                above ELF_USER_TOP when there is no interpreter; in
 *                elf_plan_place a bias that is not page-aligned, or non-zero
 *                for ET_EXEC.
 *   -LX_ENOMEM   an ET_EXEC PT_LOAD whose file-backed pages lie above
 *                ELF_USER_TOP (mmap of a fixed address); an ET_DYN image
 *                larger than ELF_USER_TOP, or placed by elf_plan_place so it
 *                does not fit below it.
 * (*) marks a refusal Linux does not make; each is there so that the caller
 * maps only bytes the file holds, in at most ELF_LOAD_MAX ascending pieces.
 *
 * Not done here, left to the caller: mmap_min_addr (Linux: EPERM for an
 * ET_EXEC mapped below it), the choice of an ET_DYN bias (Linux:
 * ELF_ET_DYN_BASE plus randomness with an interpreter, an mmap-chosen place
 * without), brk randomisation, loading the interpreter itself (Linux refuses
 * a bad one with ELIBBAD).
 */
#ifndef UNIX_EXEC_ELF_H
#define UNIX_EXEC_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "elf64.h"

/* Linux errno values, until a shared header of them exists */
#ifndef LX_EIO
#define LX_EIO 5
#endif
#ifndef LX_ENOEXEC
#define LX_ENOEXEC 8
#endif
#ifndef LX_ENOMEM
#define LX_ENOMEM 12
#endif
#ifndef LX_EINVAL
#define LX_EINVAL 22
#endif

#ifndef ET_DYN
#define ET_DYN 3
#endif

#define ELF_PAGE_SIZE  4096ull
#define ELF_USER_TOP   0x7ffffffff000ull /* Linux TASK_SIZE on x86-64 (4-level paging) */
#define ELF_EHDR_SIZE  64                /* what elf_header_check wants to see */
#define ELF_PHDR_SIZE  56
#define ELF_PHNUM_MAX  (ELF_PAGE_SIZE / ELF_PHDR_SIZE) /* 73: the table fits one page */
#define ELF_LOAD_MAX   16
#define ELF_INTERP_MAX 4096              /* PATH_MAX, NUL included */

/* a segment's protection: the same bits as mmap's PROT_* */
#define ELF_PROT_READ  1
#define ELF_PROT_WRITE 2
#define ELF_PROT_EXEC  4

/*
 * One PT_LOAD, addresses before the bias.  The caller maps the file pages
 * holding [offset, offset + filesz) at [vaddr, vaddr + filesz), rounded out
 * to pages (offset and vaddr agree modulo the page whenever that range is
 * not empty), then zero-fills up to vaddr + memsz.  Two consecutive segments
 * may share one page (never one byte); Linux then maps the later segment's
 * file page over the shared page, and so should the caller.
 */
struct elf_segment {
	uint64_t vaddr;
	uint64_t memsz;
	uint64_t filesz;
	uint64_t offset;
	uint32_t prot;		/* ELF_PROT_* */
};

/* What elf_plan_make found; every address is before the bias. */
struct elf_plan {
	uint16_t type;		/* ET_EXEC (bias 0) or ET_DYN (bias chosen by the caller) */
	uint16_t phent;		/* AT_PHENT: always ELF_PHDR_SIZE */
	uint16_t phnum;		/* AT_PHNUM */
	bool stack_exec;	/* PT_GNU_STACK with PF_X (the last one counts); else no */
	bool has_interp;	/* PT_INTERP present: the caller reads the path */
	uint64_t interp_offset;	/* where the path lies in the file ... */
	uint64_t interp_size;	/* ... and its size, final NUL included (2..4096) */
	uint64_t entry;		/* e_entry */
	uint64_t phdr_vaddr;	/* AT_PHDR: e_phoff inside the PT_LOAD holding it, else 0 */
	uint64_t span_start;	/* lowest PT_LOAD page */
	uint64_t span_size;	/* bytes from span_start to the page-rounded end of the last */
	uint64_t brk;		/* start_brk: page-rounded end of the highest segment */
	uint32_t nload;
	struct elf_segment load[ELF_LOAD_MAX];	/* ascending, non-overlapping */
};

/* The plan placed at a bias: what the loader and the aux vector use. */
struct elf_addrs {
	uint64_t bias;		/* added to every plan address */
	uint64_t entry;		/* AT_ENTRY (the program's, even with an interpreter) */
	uint64_t phdr;		/* AT_PHDR */
	uint64_t start;		/* first byte of the image's lowest page */
	uint64_t end;		/* end of its highest page */
	uint64_t brk;		/* start_brk */
};

/*
 * Checks the ELF header in hdr[0..len) (the file's first bytes; fewer than
 * ELF_EHDR_SIZE when the file is that short) of a file of file_size bytes.
 * On success sets where the program headers are: *phoff and *phsize bytes.
 */
int elf_header_check(const void *hdr, size_t len, uint64_t file_size,
		     uint64_t *phoff, uint32_t *phsize);

/*
 * Checks the header and the program headers phdrs[0..phdrs_len) read from
 * the offset elf_header_check gave (phdrs may point into hdr), and fills
 * *plan.  0 or a negative LX_ errno; *plan is only meaningful on 0.
 */
int elf_plan_make(const void *hdr, size_t len, const void *phdrs, size_t phdrs_len,
		  uint64_t file_size, struct elf_plan *plan);

/* Checks the PT_INTERP path the caller read (plan.interp_size bytes). */
int elf_interp_check(const char *path, uint64_t size);

/*
 * Places the plan: bias is 0 for ET_EXEC; for ET_DYN, the address chosen for
 * span_start minus span_start (wrapping arithmetic, as Linux's load_bias).
 */
int elf_plan_place(const struct elf_plan *plan, uint64_t bias, struct elf_addrs *out);

/*
 * `#!` scripts, as Linux 6.1's binfmt_script: only the first
 * SCRIPT_BUF_SIZE bytes (BINPRM_BUF_SIZE) of the file count, zeros beyond
 * its end.  The line ends at the first newline (the first NUL stops the
 * search).  Spaces and tabs after "#!" are skipped; the interpreter name
 * runs to the next space, tab or NUL; the optional argument is the rest of
 * the line, spaces inside kept, cut at a NUL, trailing spaces and tabs
 * removed where the line ends (not before a NUL, nor at the end of a file
 * shorter than the buffer: Linux keeps them there).  With no newline in the buffer the line is the whole buffer less its
 * last byte, accepted only if the interpreter name ends inside it (so it is
 * not truncated; a truncated argument is fine).
 */
#define SCRIPT_BUF_SIZE 256

/*
 * buf[0..len): the file's first bytes.  Returns 0 if it does not start with
 * "#!", 1 with *interp and *arg pointing into buf (not NUL-terminated; *arg
 * NULL and *arg_len 0 when there is no argument), or -LX_ENOEXEC when no
 * interpreter name is found or it is cut by the end of the buffer.  Two
 * Linux quirks are kept: a NUL right after "#!" gives an empty interpreter
 * name (Linux then fails to open it: ENOENT), and a NUL right after the
 * blanks that follow the name gives an empty argument (*arg not NULL,
 * *arg_len 0), which Linux passes as "".
 */
int script_parse(const void *buf, size_t len, const char **interp, size_t *interp_len,
		 const char **arg, size_t *arg_len);

#endif
