/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/host/unixelf/unit.c - host tests of unixd's execve pieces:
 * servers/unix/exec_elf.c (ELF plans, `#!` lines) and exec_stack.c (the
 * initial stack).  Built with ASan and UBSan (tests/host/unixelf/unixelf.mk).
 *
 *   unit                          run the tests: one
 *                                 "TEST unixelf/<name> PASS|FAIL <reason>" line each
 *   unit plan FILE                print the plan of the ELF file FILE, for
 *                                 run.sh to compare with readelf
 *   unit stackcmp NAME FILE       read on stdin what the probe FILE printed of
 *                                 the stack the host kernel gave it, build the
 *                                 same stack here and compare (tests
 *                                 unixelf/host/NAME/...)
 *
 * The crafted files are built in memory from a struct spec (header, program
 * headers, body bytes) and handed to the parser the way unixd will: the
 * header and the program headers each in a buffer of exactly their size, so
 * that ASan catches any read past them.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "exec_elf.h"
#include "exec_stack.h"
#include "util.h"

#define TOP ELF_USER_TOP
#define PT_NULL 0
#define PT_INTERP 3
#define PT_NOTE 4
#define PT_GNU_STACK 0x6474e551u
#define FUZZ_ROUNDS 100000

/* ---- test table plumbing ------------------------------------------------------------- */

static char why[512];
static void *allocs[64];
static unsigned nallocs;

/* zeroed memory freed after the current test */
static void *talloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);
	if (!p || nallocs == ARRAY_SIZE(allocs)) {
		fprintf(stderr, "out of test memory\n");
		exit(2);
	}
	allocs[nallocs++] = p;
	return p;
}

static void tfree_all(void)
{
	while (nallocs)
		free(allocs[--nallocs]);
}

static const char *err_name(int e)
{
	switch (e) {
	case 0: return "0";
	case -LX_EIO: return "-EIO";
	case -LX_E2BIG: return "-E2BIG";
	case -LX_ENOEXEC: return "-ENOEXEC";
	case -LX_ENOMEM: return "-ENOMEM";
	case -LX_EINVAL: return "-EINVAL";
	default: return "?";
	}
}

#define CHECK(e)                                                                        \
	do {                                                                            \
		if (!(e)) {                                                             \
			snprintf(why, sizeof(why), "line %d: %s", __LINE__, #e);        \
			goto out;                                                       \
		}                                                                       \
	} while (0)

#define CHECK_ERR(got, want)                                                            \
	do {                                                                            \
		int g_ = (got);                                                         \
		if (g_ != (want)) {                                                     \
			snprintf(why, sizeof(why), "line %d: got %d (%s), want %s",     \
				 __LINE__, g_, err_name(g_), #want);                    \
			goto out;                                                       \
		}                                                                       \
	} while (0)

#define TEST(name) static int t_##name(void)
#define END                                                                             \
	out:                                                                            \
	return why[0] == 0

/* ---- random numbers (fixed seed: a failure repeats) --------------------------------- */

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static uint64_t rnd_below(uint64_t n)
{
	return n ? rnd() % n : 0;
}

/* ---- crafted ELF files ------------------------------------------------------------------ */

#define BODY_SIZE 0x8000

struct spec {
	struct elf64_ehdr eh;
	struct elf64_phdr ph[ELF_PHNUM_MAX + 8];
	uint8_t body[BODY_SIZE];	/* the file's bytes under header and table */
	uint64_t file_size;
};

static struct spec S;

static void ph_set(int i, uint32_t type, uint32_t flags, uint64_t off, uint64_t vaddr,
		   uint64_t filesz, uint64_t memsz)
{
	S.ph[i] = (struct elf64_phdr){ type, flags, off, vaddr, vaddr, filesz, memsz, 0x1000 };
}

/* a small static ET_EXEC laid out as ld lays out a musl program */
static void spec_exec(void)
{
	memset(&S, 0, sizeof(S));
	memcpy(S.eh.e_ident, "\177ELF\2\1\1", 7);
	S.eh.e_type = ET_EXEC;
	S.eh.e_machine = EM_X86_64;
	S.eh.e_version = 1;
	S.eh.e_entry = 0x401020;
	S.eh.e_phoff = 64;
	S.eh.e_ehsize = 64;
	S.eh.e_phentsize = 56;
	S.eh.e_phnum = 5;
	ph_set(0, PT_LOAD, PF_R, 0, 0x400000, 0x1c8, 0x1c8);
	ph_set(1, PT_LOAD, PF_R | PF_X, 0x1000, 0x401000, 0x2345, 0x2345);
	ph_set(2, PT_LOAD, PF_R | PF_W, 0x3400, 0x404400, 0x150, 0x1800);
	ph_set(3, PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0);
	ph_set(4, PT_NOTE, PF_R, 0x1a0, 0x4001a0, 0x20, 0x20);
	S.file_size = 0x3550;
	for (unsigned i = 0x1000; i < 0x3550; i++)
		S.body[i] = (uint8_t)(i * 7);
}

/* the same as a static PIE (ET_DYN at 0) */
static void spec_dyn(void)
{
	spec_exec();
	S.eh.e_type = ET_DYN;
	S.eh.e_entry = 0x1020;
	for (int i = 0; i < 5; i++) {
		S.ph[i].p_vaddr &= 0xffff;
		S.ph[i].p_paddr = S.ph[i].p_vaddr;
	}
}

/* the file's bytes, in a buffer of exactly its size */
static uint8_t *spec_file(void)
{
	uint64_t phsize = (uint64_t)S.eh.e_phnum * sizeof(S.ph[0]);
	uint8_t *f = talloc((size_t)S.file_size);
	size_t body = S.file_size < BODY_SIZE ? (size_t)S.file_size : BODY_SIZE;

	memcpy(f, S.body, body);
	memcpy(f, &S.eh, S.file_size < 64 ? (size_t)S.file_size : 64);
	if (S.eh.e_phoff <= S.file_size && phsize <= S.file_size - S.eh.e_phoff &&
	    phsize <= sizeof(S.ph))
		memcpy(f + S.eh.e_phoff, S.ph, (size_t)phsize);
	return f;
}

/* What unixd does: read the header, check it, read the table, plan. */
static int plan_bytes(const uint8_t *f, uint64_t size, struct elf_plan *plan)
{
	size_t n = size < ELF_EHDR_SIZE ? (size_t)size : ELF_EHDR_SIZE;
	uint8_t *hdr = malloc(n ? n : 1), *ph;
	uint64_t phoff;
	uint32_t phsize;
	int err, err2;

	memcpy(hdr, f, n);
	err = elf_header_check(hdr, n, size, &phoff, &phsize);
	if (err) {
		err2 = elf_plan_make(hdr, n, NULL, 0, size, plan);
		free(hdr);
		return err == err2 ? err : 1000;	/* both must refuse alike */
	}
	ph = malloc(phsize);
	memcpy(ph, f + phoff, phsize);
	err = elf_plan_make(hdr, n, ph, phsize, size, plan);
	free(ph);
	free(hdr);
	return err;
}

static struct elf_plan P;

static int plan_spec(void)
{
	return plan_bytes(spec_file(), S.file_size, &P);
}

/* ---- valid files ------------------------------------------------------------------------ */

TEST(exec_valid)
{
	spec_exec();
	CHECK_ERR(plan_spec(), 0);
	CHECK(P.type == ET_EXEC && P.phent == 56 && P.phnum == 5);
	CHECK(P.entry == 0x401020 && P.phdr_vaddr == 0x400040);
	CHECK(!P.has_interp && !P.stack_exec);
	CHECK(P.nload == 3);
	CHECK(P.load[0].vaddr == 0x400000 && P.load[0].filesz == 0x1c8 && P.load[0].offset == 0);
	CHECK(P.load[0].prot == ELF_PROT_READ);
	CHECK(P.load[1].vaddr == 0x401000 && P.load[1].memsz == 0x2345 && P.load[1].offset == 0x1000);
	CHECK(P.load[1].prot == (ELF_PROT_READ | ELF_PROT_EXEC));
	CHECK(P.load[2].vaddr == 0x404400 && P.load[2].filesz == 0x150 && P.load[2].memsz == 0x1800);
	CHECK(P.load[2].prot == (ELF_PROT_READ | ELF_PROT_WRITE));
	CHECK(P.span_start == 0x400000 && P.span_size == 0x6000 && P.brk == 0x406000);
	END;
}

TEST(exec_place)
{
	struct elf_addrs a;
	spec_exec();
	CHECK_ERR(plan_spec(), 0);
	CHECK_ERR(elf_plan_place(&P, 0, &a), 0);
	CHECK(a.bias == 0 && a.entry == 0x401020 && a.phdr == 0x400040);
	CHECK(a.start == 0x400000 && a.end == 0x406000 && a.brk == 0x406000);
	CHECK_ERR(elf_plan_place(&P, 0x1000, &a), -LX_EINVAL);	/* ET_EXEC does not move */
	END;
}

TEST(dyn_valid)
{
	struct elf_addrs a;
	spec_dyn();
	CHECK_ERR(plan_spec(), 0);
	CHECK(P.type == ET_DYN && P.entry == 0x1020 && P.phdr_vaddr == 0x40);
	CHECK(P.nload == 3 && P.load[2].vaddr == 0x4400);
	CHECK(P.span_start == 0 && P.span_size == 0x6000 && P.brk == 0x6000);
	CHECK_ERR(elf_plan_place(&P, 0x555555554000ull, &a), 0);
	CHECK(a.entry == 0x555555555020ull && a.phdr == 0x555555554040ull);
	CHECK(a.start == 0x555555554000ull && a.end == 0x55555555a000ull);
	CHECK(a.brk == 0x55555555a000ull);
	END;
}

TEST(dyn_place_limits)
{
	struct elf_addrs a;
	spec_dyn();
	S.ph[0].p_vaddr = S.ph[0].p_paddr = 0x10000;	/* image starts at 0x10000 */
	S.ph[0].p_offset = 0;
	S.ph[1].p_vaddr = 0x11000;
	S.ph[2].p_vaddr = 0x14400;
	S.eh.e_entry = 0x11020;
	CHECK_ERR(plan_spec(), 0);
	CHECK(P.span_start == 0x10000 && P.span_size == 0x6000);
	CHECK_ERR(elf_plan_place(&P, 0x800, &a), -LX_EINVAL);		/* not page-aligned */
	CHECK_ERR(elf_plan_place(&P, TOP - 0x16000 + 0x1000, &a), -LX_ENOMEM);
	CHECK_ERR(elf_plan_place(&P, TOP - 0x16000, &a), 0);		/* ends at the top */
	CHECK(a.end == TOP);
	CHECK_ERR(elf_plan_place(&P, (uint64_t)-0x10000, &a), 0);	/* a "negative" bias */
	CHECK(a.start == 0 && a.entry == 0x1020);
	CHECK_ERR(elf_plan_place(&P, (uint64_t)-0x11000, &a), -LX_ENOMEM); /* wraps below 0 */
	END;
}

TEST(dyn_entry_place)
{
	struct elf_addrs a;
	spec_dyn();
	S.eh.e_entry = 0x7000;		/* outside the image, still a user address */
	CHECK_ERR(plan_spec(), 0);
	CHECK_ERR(elf_plan_place(&P, TOP - 0x8000, &a), 0);
	CHECK(a.entry == TOP - 0x1000 && a.end == TOP - 0x2000);
	CHECK_ERR(elf_plan_place(&P, TOP - 0x7000, &a), -LX_EINVAL);	/* entry at the top */
	CHECK_ERR(elf_plan_place(&P, TOP - 0x5000, &a), -LX_ENOMEM);	/* image past it */
	S.eh.e_entry = TOP;		/* never a user address at bias 0 */
	CHECK_ERR(plan_spec(), 0);	/* ET_DYN: checked only when placed */
	CHECK_ERR(elf_plan_place(&P, 0x1000, &a), -LX_EINVAL);
	CHECK_ERR(elf_plan_place(&P, (uint64_t)-0x1000, &a), -LX_ENOMEM);
	END;
}

TEST(gnu_stack)
{
	spec_exec();
	CHECK_ERR(plan_spec(), 0);
	CHECK(!P.stack_exec);
	S.ph[3].p_flags = PF_R | PF_W | PF_X;
	CHECK_ERR(plan_spec(), 0);
	CHECK(P.stack_exec);
	S.ph[3].p_type = PT_NULL;	/* no PT_GNU_STACK: not executable on x86-64 */
	CHECK_ERR(plan_spec(), 0);
	CHECK(!P.stack_exec);
	S.ph[3].p_type = PT_GNU_STACK;	/* two: the last one counts */
	S.ph[4] = S.ph[3];
	S.ph[4].p_flags = PF_R | PF_W;
	CHECK_ERR(plan_spec(), 0);
	CHECK(!P.stack_exec);
	END;
}

TEST(phnum_max)
{
	spec_exec();
	S.eh.e_phnum = ELF_PHNUM_MAX;		/* 73 * 56 = 4088 bytes: one page */
	ph_set(0, PT_LOAD, PF_R, 0, 0x400000, 0x1000, 0x1000);
	CHECK_ERR(plan_spec(), 0);
	CHECK(P.phnum == 73 && P.nload == 3 && P.phdr_vaddr == 0x400040);
	END;
}

TEST(interp_valid)
{
	static const char path[] = "/lib/ld-musl-x86_64.so.1";
	spec_dyn();
	ph_set(4, PT_INTERP, PF_R, 0x200, 0x200, sizeof(path), sizeof(path));
	memcpy(S.body + 0x200, path, sizeof(path));
	CHECK_ERR(plan_spec(), 0);
	CHECK(P.has_interp && P.interp_offset == 0x200 && P.interp_size == sizeof(path));
	CHECK_ERR(elf_interp_check((const char *)S.body + 0x200, P.interp_size), 0);
	END;
}

TEST(interp_first_only)
{
	spec_exec();
	S.eh.e_phnum = 6;
	ph_set(4, PT_INTERP, PF_R, 0x200, 0, 9, 9);
	ph_set(5, PT_INTERP, PF_R, 0x200, 0, 9999, 9999);	/* bad, but never looked at */
	CHECK_ERR(plan_spec(), 0);
	CHECK(P.has_interp && P.interp_size == 9);
	END;
}

TEST(interp_skips_entry_check)
{
	spec_exec();
	S.eh.e_entry = TOP + 0x1000;	/* the interpreter's entry is used instead */
	ph_set(4, PT_INTERP, PF_R, 0x200, 0, 9, 9);
	CHECK_ERR(plan_spec(), 0);
	END;
}

TEST(phdr_addr)
{
	spec_exec();
	S.eh.e_phoff = 0x1100;		/* inside the text segment */
	CHECK_ERR(plan_spec(), 0);
	CHECK(P.phdr_vaddr == 0x401100);
	S.file_size = 0x3800;
	S.eh.e_phoff = 0x3600;		/* in the file, in no segment's file bytes */
	CHECK_ERR(plan_spec(), 0);
	CHECK(P.phdr_vaddr == 0);	/* as Linux: AT_PHDR is then the bias */
	END;
}

TEST(shared_page)
{
	spec_exec();	/* text ends in page 0x403000, data starts there too */
	S.ph[2].p_vaddr = S.ph[2].p_paddr = 0x403400;
	CHECK_ERR(plan_spec(), 0);
	CHECK(P.load[2].vaddr == 0x403400 && P.brk == 0x405000);
	END;
}

TEST(bss_only_any_offset)
{
	spec_exec();	/* nothing from the file: Linux maps nothing, checks no offset */
	ph_set(2, PT_LOAD, PF_R | PF_W, 0x3401, 0x405000, 0, 0x3000);
	CHECK_ERR(plan_spec(), 0);
	CHECK(P.load[2].filesz == 0 && P.brk == 0x408000);
	END;
}

TEST(load_max)
{
	spec_exec();
	S.eh.e_phnum = ELF_LOAD_MAX;
	for (int i = 0; i < ELF_LOAD_MAX; i++)
		ph_set(i, PT_LOAD, PF_R, 0x1000, 0x401000 + 0x2000 * (uint64_t)i, 0x100, 0x100);
	CHECK_ERR(plan_spec(), 0);
	CHECK(P.nload == ELF_LOAD_MAX && P.load[15].vaddr == 0x401000 + 0x2000 * 15);
	CHECK(P.phdr_vaddr == 0);	/* no segment holds the table */
	END;
}

TEST(header_check_table)
{
	uint64_t off;
	uint32_t size;
	spec_exec();
	S.eh.e_phoff = 0x200;
	uint8_t *f = spec_file();
	CHECK_ERR(elf_header_check(f, 64, S.file_size, &off, &size), 0);
	CHECK(off == 0x200 && size == 5 * 56);
	CHECK_ERR(elf_header_check(f, 64, 0x200 + 5 * 56 - 1, &off, &size), -LX_ENOEXEC);
	END;
}

/* ---- refused files: one test per refusal, each with Linux's errno ------------------------- */

/* change one thing in the valid ET_EXEC, expect err */
#define BAD_EXEC(name, change, err)                                                     \
	TEST(name)                                                                      \
	{                                                                               \
		spec_exec();                                                            \
		change;                                                                 \
		CHECK_ERR(plan_spec(), err);                                            \
		END;                                                                    \
	}

BAD_EXEC(bad_magic, S.eh.e_ident[1] = 'e', -LX_ENOEXEC)
BAD_EXEC(bad_class, S.eh.e_ident[4] = 1, -LX_ENOEXEC)
BAD_EXEC(bad_data, S.eh.e_ident[5] = 2, -LX_ENOEXEC)
BAD_EXEC(bad_version, S.eh.e_ident[6] = 0, -LX_ENOEXEC)
BAD_EXEC(type_rel, S.eh.e_type = 1, -LX_ENOEXEC)
BAD_EXEC(type_core, S.eh.e_type = 4, -LX_ENOEXEC)
BAD_EXEC(machine_i386, S.eh.e_machine = 3, -LX_ENOEXEC)
BAD_EXEC(phentsize_32, S.eh.e_phentsize = 32, -LX_ENOEXEC)
BAD_EXEC(phnum_zero, S.eh.e_phnum = 0, -LX_ENOEXEC)
BAD_EXEC(phnum_over_page, S.eh.e_phnum = ELF_PHNUM_MAX + 1, -LX_ENOEXEC)
BAD_EXEC(phoff_past_end, S.eh.e_phoff = S.file_size - 5 * 56 + 1, -LX_ENOEXEC)
BAD_EXEC(phoff_wraps, S.eh.e_phoff = ~0ull - 100, -LX_ENOEXEC)
BAD_EXEC(file_tiny, S.file_size = 16, -LX_ENOEXEC)
BAD_EXEC(file_header_only, S.file_size = 64, -LX_ENOEXEC)
BAD_EXEC(file_empty, S.file_size = 0, -LX_ENOEXEC)
BAD_EXEC(interp_long, ph_set(4, PT_INTERP, PF_R, 0x200, 0, 4097, 4097), -LX_ENOEXEC)
BAD_EXEC(interp_short, ph_set(4, PT_INTERP, PF_R, 0x200, 0, 1, 1), -LX_ENOEXEC)
BAD_EXEC(interp_past_end, ph_set(4, PT_INTERP, PF_R, 0x3540, 0, 0x20, 0x20), -LX_EIO)
BAD_EXEC(filesz_over_memsz, S.ph[2].p_filesz = 0x1801, -LX_EINVAL)
BAD_EXEC(offset_misaligned, S.ph[1].p_offset = 0x1008, -LX_EINVAL)
BAD_EXEC(bss_misaligned, ph_set(2, PT_LOAD, PF_R | PF_W, 0x3000, 0x404400, 0, 0x100), -LX_EINVAL)
BAD_EXEC(load_past_end, S.ph[1].p_filesz = S.ph[1].p_memsz = 0x2551, -LX_EIO)
BAD_EXEC(load_offset_wraps,
	 ph_set(2, PT_LOAD, PF_R, 0xfffffffffffff400ull, 0x404400, 0x2000, 0x2000), -LX_EINVAL)
BAD_EXEC(vaddr_above_top, ph_set(2, PT_LOAD, PF_R, 0x3400, TOP + 0x400, 0x150, 0x150),
	 -LX_ENOMEM)
BAD_EXEC(file_pages_above_top, ph_set(2, PT_LOAD, PF_R, 0x2c00, TOP - 0x400, 0x450, 0x450),
	 -LX_ENOMEM)
BAD_EXEC(bss_above_top, ph_set(2, PT_LOAD, PF_R | PF_W, 0, TOP, 0, 0x1000), -LX_EINVAL)
BAD_EXEC(memsz_past_top, ph_set(2, PT_LOAD, PF_R, 0x3400, TOP - 0xc00, 0x10, 0x1000),
	 -LX_EINVAL)
BAD_EXEC(memsz_wraps, S.ph[2].p_memsz = ~0ull - 0x1000, -LX_EINVAL)
BAD_EXEC(loads_overlap, (S.ph[2].p_vaddr = 0x403344, S.ph[2].p_offset = 0x3344), -LX_EINVAL)
BAD_EXEC(loads_decrease, S.ph[2].p_vaddr = 0x3400, -LX_EINVAL)
BAD_EXEC(no_load, (S.ph[0].p_type = S.ph[1].p_type = S.ph[2].p_type = PT_NOTE), -LX_ENOEXEC)
BAD_EXEC(entry_above_top, S.eh.e_entry = TOP, -LX_EINVAL)
/* several faults: the one Linux meets first wins */
BAD_EXEC(order_interp_before_loads,
	 (ph_set(4, PT_INTERP, PF_R, 0x200, 0, 1, 1), S.ph[0].p_filesz = 0x10000), -LX_ENOEXEC)
BAD_EXEC(order_map_before_range,
	 ph_set(2, PT_LOAD, PF_R, 0x3400, TOP + 0x400, 0x150, 0x100), -LX_ENOMEM)
BAD_EXEC(order_segments_in_turn,	/* text past the end (EIO) before data misaligned */
	 (S.ph[1].p_filesz = S.ph[1].p_memsz = 0x10000, S.ph[2].p_offset = 0x3408), -LX_EIO)
BAD_EXEC(order_linux_before_ours,	/* filesz > memsz (Linux) before past the end (ours) */
	 S.ph[2].p_filesz = 0x10000, -LX_EINVAL)

TEST(loads_17)
{
	spec_exec();
	S.eh.e_phnum = ELF_LOAD_MAX + 1;
	for (int i = 0; i <= ELF_LOAD_MAX; i++)
		ph_set(i, PT_LOAD, PF_R, 0x1000, 0x401000 + 0x2000 * (uint64_t)i, 0x100, 0x100);
	CHECK_ERR(plan_spec(), -LX_ENOEXEC);
	END;
}

TEST(phdrs_not_supplied)
{
	spec_exec();
	uint8_t *f = spec_file();
	CHECK_ERR(elf_plan_make(f, 64, f + 64, 5 * 56 - 1, S.file_size, &P), -LX_EIO);
	END;
}

TEST(interp_no_nul)
{
	CHECK_ERR(elf_interp_check("/lib/ld.so", 10), -LX_ENOEXEC);
	CHECK_ERR(elf_interp_check("/lib/ld.so", 11), 0);
	CHECK_ERR(elf_interp_check("/\0", 2), 0);	/* only the last byte is checked */
	CHECK_ERR(elf_interp_check("x", 1), -LX_ENOEXEC);
	END;
}

TEST(dyn_span_too_big)
{
	spec_dyn();	/* the last segment ends at the top: the image [0, TOP) just fits */
	ph_set(2, PT_LOAD, PF_R | PF_W, 0x3400, TOP - 0xc00, 0x150, 0xc00);
	CHECK_ERR(plan_spec(), 0);
	CHECK(P.span_start == 0 && P.span_size == TOP);
	/*
	 * One byte more: ET_DYN reserves the whole image at its first PT_LOAD,
	 * which fails (ENOMEM) before the last segment's own range check
	 * (EINVAL) is reached; ET_EXEC maps segment by segment.
	 */
	S.ph[2].p_memsz++;
	CHECK_ERR(plan_spec(), -LX_ENOMEM);
	S.eh.e_type = ET_EXEC;
	S.ph[0].p_vaddr = 0x400000;
	S.ph[1].p_vaddr = 0x401000;
	S.eh.e_entry = 0x401000;
	CHECK_ERR(plan_spec(), -LX_EINVAL);
	END;
}

TEST(dyn_total_zero)
{
	spec_dyn();
	S.eh.e_phnum = 4;
	ph_set(0, PT_LOAD, PF_R, 0, 0x2000, 0, 0);	/* the only load, empty */
	S.ph[1].p_type = S.ph[2].p_type = PT_NOTE;
	CHECK_ERR(plan_spec(), -LX_EINVAL);
	END;
}

/* ---- fuzzing ------------------------------------------------------------------------------- */

static const uint64_t interesting[] = {
	0, 1, 55, 56, 64, 0xfff, 0x1000, 0x1001, 0x3550, 0x400000, 0x7fffffff, 0x80000000,
	TOP - 0x1000, TOP - 1, TOP, TOP + 1, 1ull << 47, 1ull << 63, ~0ull - 0x1000, ~0ull,
};

/* invariants every accepted plan keeps, whatever the file */
static const char *plan_invariant(const struct elf_plan *p, uint64_t size)
{
	if (p->type != ET_EXEC && p->type != ET_DYN)
		return "type";
	if (p->nload == 0 || p->nload > ELF_LOAD_MAX || p->phnum == 0 || p->phnum > ELF_PHNUM_MAX)
		return "counts";
	if (p->has_interp && (p->interp_size < 2 || p->interp_size > ELF_INTERP_MAX ||
			      p->interp_offset > size || p->interp_size > size - p->interp_offset))
		return "interp";
	if (p->type == ET_EXEC && !p->has_interp && p->entry >= TOP)
		return "entry";
	for (uint32_t i = 0; i < p->nload; i++) {
		const struct elf_segment *s = &p->load[i];
		if (s->filesz > s->memsz || s->vaddr >= TOP || s->memsz > TOP - s->vaddr)
			return "segment range";
		if (s->filesz && (s->offset > size || s->filesz > size - s->offset))
			return "segment outside the file";
		if ((s->filesz || (s->vaddr & 0xfff)) && ((s->offset - s->vaddr) & 0xfff))
			return "segment alignment";
		if (i && s->vaddr < p->load[i - 1].vaddr + p->load[i - 1].memsz)
			return "segment order";
	}
	if (p->brk > TOP || p->span_start + p->span_size != p->brk || (p->brk & 0xfff))
		return "span";
	return NULL;
}

static void mutate(uint8_t *f, size_t len)
{
	unsigned n = 1 + (unsigned)rnd_below(6);
	size_t area = len < 64 + 8 * 56 ? len : 64 + 8 * 56;

	for (unsigned i = 0; i < n; i++) {
		size_t at = (size_t)rnd_below(area);
		uint64_t v = interesting[rnd_below(ARRAY_SIZE(interesting))];
		switch (rnd_below(4)) {
		case 0:
			f[at] ^= (uint8_t)(1u << rnd_below(8));
			break;
		case 1:
			f[at] = (uint8_t)rnd();
			break;
		default:	/* a whole field: 2, 4 or 8 bytes */
			at &= ~(size_t)7;
			if (rnd_below(2))
				v += rnd_below(0x2000) - 0x1000;
			memcpy(f + at, &v, at + 8 <= area ? 8 : area - at);
		}
	}
}

TEST(fuzz_elf)
{
	uint8_t *base[2], *f = malloc(0x3550);
	unsigned ok = 0, refused = 0;
	const char *bad;

	spec_exec();
	ph_set(4, PT_INTERP, PF_R, 0x200, 0, 9, 9);
	base[0] = spec_file();
	spec_dyn();
	base[1] = spec_file();
	for (unsigned r = 0; r < FUZZ_ROUNDS; r++) {
		uint64_t size = rnd_below(8) ? 0x3550 : rnd_below(0x3551);
		memcpy(f, base[r & 1], 0x3550);
		mutate(f, (size_t)size);
		uint8_t *g = malloc(size ? (size_t)size : 1);	/* exact size: ASan sees overreads */
		memcpy(g, f, (size_t)size);
		int err = plan_bytes(g, size, &P);
		free(g);
		if (err == 0 && (bad = plan_invariant(&P, size)) != NULL) {
			snprintf(why, sizeof(why), "round %u: accepted plan breaks %s", r, bad);
			break;
		}
		if (err != 0 && err != -LX_ENOEXEC && err != -LX_EINVAL && err != -LX_ENOMEM &&
		    err != -LX_EIO) {
			snprintf(why, sizeof(why), "round %u: error %d", r, err);
			break;
		}
		if (err)
			refused++;
		else
			ok++;
	}
	free(f);
	if (why[0])
		goto out;
	CHECK(ok > FUZZ_ROUNDS / 100 && refused > FUZZ_ROUNDS / 100);	/* both paths exercised */
	END;
}

/* what every successful parse of a random line must look like */
static const char *script_invariant(const char *buf, size_t len, const char *in, size_t il,
				    const char *arg, size_t al)
{
	size_t lim = len < SCRIPT_BUF_SIZE - 1 ? len : SCRIPT_BUF_SIZE - 1;

	if ((il == 0 && in < buf + len && *in != '\0') || in < buf + 2 || in + il > buf + lim)
		return "interpreter outside the line";
	for (size_t i = 0; i < il; i++)
		if (in[i] == ' ' || in[i] == '\t' || in[i] == '\0' || in[i] == '\n')
			return "blank in interpreter";
	if (!arg)
		return al == 0 ? NULL : "arg_len without arg";
	if (arg < in + il || arg + al > buf + lim)
		return "argument outside the line";
	if (al == 0)	/* a NUL right after the blanks: an empty argument, as Linux */
		return arg < buf + len && *arg != '\0' ? "empty argument" : NULL;
	if (arg[0] == ' ' || arg[0] == '\t')
		return "argument starts with a blank";
	/* trailing blanks are trimmed at the line's end, not before a NUL or the file's end */
	if ((arg[al - 1] == ' ' || arg[al - 1] == '\t') && arg + al < buf + len && arg[al] != 0)
		return "argument not trimmed";
	for (size_t i = 0; i < al; i++)
		if (arg[i] == '\0' || arg[i] == '\n')
			return "NUL or newline in argument";
	return NULL;
}

TEST(fuzz_script)
{
	static const char alphabet[] = "  \t\t\n\0/ab#!-";
	char *buf;
	const char *in, *arg, *bad;
	size_t il, al;
	unsigned yes = 0, no = 0;

	for (unsigned r = 0; r < FUZZ_ROUNDS; r++) {
		size_t len = (size_t)rnd_below(300);
		buf = malloc(len ? len : 1);
		for (size_t i = 0; i < len; i++)
			buf[i] = rnd_below(3) ? alphabet[rnd_below(sizeof(alphabet) - 1)] : (char)rnd();
		if (len >= 2 && rnd_below(8)) {
			buf[0] = '#';
			buf[1] = '!';
		}
		int got = script_parse(buf, len, &in, &il, &arg, &al);
		bad = got == 1 ? script_invariant(buf, len, in, il, arg, al) : NULL;
		if (got == 0 && len >= 2 && buf[0] == '#' && buf[1] == '!')
			bad = "a #! file said not a script";
		free(buf);
		if (bad || (got != 0 && got != 1 && got != -LX_ENOEXEC)) {
			snprintf(why, sizeof(why), "round %u: %s (%d)", r, bad ? bad : "error", got);
			break;
		}
		if (got == 1)
			yes++;
		else
			no++;
	}
	if (why[0])
		goto out;
	CHECK(yes > FUZZ_ROUNDS / 100 && no > FUZZ_ROUNDS / 100);
	END;
}

/* ---- #! scripts -------------------------------------------------------------------------- */

static const char *s_in, *s_arg;
static size_t s_il, s_al;

/* parse text[0..len); 1 when it gave interp (and arg, NULL for none) */
static int script_is(const char *text, size_t len, int want, const char *interp, const char *arg)
{
	int got = script_parse(text, len, &s_in, &s_il, &s_arg, &s_al);
	if (got != want)
		return 0;
	if (got != 1)
		return 1;
	if (s_il != strlen(interp) || memcmp(s_in, interp, s_il) != 0)
		return 0;
	if (!arg)
		return s_arg == NULL && s_al == 0;
	return s_arg && s_al == strlen(arg) && memcmp(s_arg, arg, s_al) == 0;
}

#define SCRIPT(name, text, want, interp, arg)                                           \
	TEST(name)                                                                      \
	{                                                                               \
		CHECK(script_is(text, sizeof(text) - 1, want, interp, arg));            \
		END;                                                                    \
	}

SCRIPT(script_elf, "\177ELF\2\1\1", 0, NULL, NULL)
SCRIPT(script_hash_only, "#", 0, NULL, NULL)
SCRIPT(script_bang_hash, "!#/bin/sh\n", 0, NULL, NULL)
SCRIPT(script_plain, "#!/bin/sh\necho hi\n", 1, "/bin/sh", NULL)
SCRIPT(script_arg, "#!/bin/sh -x\n", 1, "/bin/sh", "-x")
SCRIPT(script_leading_blanks, "#! \t /bin/sh\t-e\n", 1, "/bin/sh", "-e")
SCRIPT(script_arg_keeps_inner_blanks, "#!/usr/bin/env python3 -u  \t\n", 1, "/usr/bin/env",
       "python3 -u")
SCRIPT(script_trailing_blanks, "#!/bin/sh \t \n", 1, "/bin/sh", NULL)
SCRIPT(script_empty, "#!\n", -LX_ENOEXEC, NULL, NULL)
SCRIPT(script_blank, "#!  \t \n", -LX_ENOEXEC, NULL, NULL)
SCRIPT(script_no_newline, "#!/bin/sh -e", 1, "/bin/sh", "-e")
SCRIPT(script_no_newline_blanks, "#!/bin/sh -e  ", 1, "/bin/sh", "-e  ")	/* as Linux */
SCRIPT(script_cr, "#!/bin/sh\r\n", 1, "/bin/sh\r", NULL)
SCRIPT(script_nul_ends_name, "#!/bin/sh\0-x\n", 1, "/bin/sh", NULL)
SCRIPT(script_nul_ends_arg, "#!/bin/sh -x\0junk more\n", 1, "/bin/sh", "-x")
SCRIPT(script_nul_keeps_blanks, "#!/bin/sh -x \0\n", 1, "/bin/sh", "-x ")
SCRIPT(script_nul_empty_arg, "#!/bin/sh \0-x\n", 1, "/bin/sh", "")
SCRIPT(script_nul_first, "#!\0/bin/sh\n", 1, "", NULL)	/* Linux: open_exec("") fails */

TEST(script_long_arg)
{
	char t[400];
	memset(t, 'a', sizeof(t));
	memcpy(t, "#!/bin/sh ", 10);
	t[399] = '\n';		/* newline past the 256-byte buffer: the argument is cut */
	CHECK(script_parse(t, sizeof(t), &s_in, &s_il, &s_arg, &s_al) == 1);
	CHECK(s_il == 7 && s_arg == t + 10 && s_al == SCRIPT_BUF_SIZE - 1 - 10);
	END;
}

TEST(script_long_arg_trailing_blanks)
{
	char t[300];
	memset(t, ' ', sizeof(t));
	memcpy(t, "#!/bin/sh a", 11);
	CHECK(script_is(t, sizeof(t), 1, "/bin/sh", "a"));
	END;
}

TEST(script_long_name)
{
	char t[300];
	memset(t, 'b', sizeof(t));
	memcpy(t, "#!/", 3);
	t[299] = '\n';		/* no newline in the buffer and the name does not end in it */
	CHECK(script_is(t, sizeof(t), -LX_ENOEXEC, NULL, NULL));
	END;
}

TEST(script_name_fills_buffer)
{
	char t[SCRIPT_BUF_SIZE];
	memset(t, 'b', sizeof(t));
	memcpy(t, "#!", 2);
	t[SCRIPT_BUF_SIZE - 1] = ' ';	/* the very last byte ends the name */
	CHECK(script_parse(t, sizeof(t), &s_in, &s_il, &s_arg, &s_al) == 1);
	CHECK(s_in == t + 2 && s_il == SCRIPT_BUF_SIZE - 3 && s_arg == NULL);
	t[SCRIPT_BUF_SIZE - 1] = 'b';
	CHECK(script_is(t, sizeof(t), -LX_ENOEXEC, NULL, NULL));
	END;
}

TEST(script_all_blank_long)
{
	char t[300];
	memset(t, '\t', sizeof(t));
	memcpy(t, "#!", 2);
	CHECK(script_is(t, sizeof(t), -LX_ENOEXEC, NULL, NULL));
	END;
}

TEST(script_short_file)
{
	CHECK(script_is("#!/bin/sh -x", 9, 1, "/bin/sh", NULL));	/* the file ends at "sh" */
	CHECK(script_is("#!", 2, 1, "", NULL));		/* Linux then fails to open "" */
	CHECK(script_is("#!", 1, 0, NULL, NULL));
	CHECK(script_is("", 0, 0, NULL, NULL));
	END;
}

/* ---- the initial stack ------------------------------------------------------------------ */

#define STACK_TOP 0x7ffffffde000ull
#define STACK_BUF (1u << 20)

static uint8_t *sbuf;		/* the buffer of the last build */
static uint64_t sbase;		/* the user address of sbuf[0] */
static struct exec_stack_out so;

static uint64_t uword(uint64_t addr)
{
	uint64_t v;
	memcpy(&v, sbuf + (addr - sbase), 8);
	return v;
}

static const char *ustr(uint64_t addr)
{
	return (const char *)sbuf + (addr - sbase);
}

/* a string list from a NULL-terminated array */
static struct exec_strings strings_of(const char *const *v)
{
	struct exec_strings s = { NULL, 0, 0 };
	size_t n = 0;
	for (const char *const *p = v; *p; p++)
		n += strlen(*p) + 1;
	char *b = talloc(n);
	s.buf = b;
	s.len = n;
	for (const char *const *p = v; *p; p++, s.count++) {
		memcpy(b, *p, strlen(*p) + 1);
		b += strlen(*p) + 1;
	}
	return s;
}

static struct exec_stack_in stack_in(const char *const *argv, const char *const *envp)
{
	struct exec_stack_in in = {
		.argv = strings_of(argv),
		.envp = strings_of(envp),
		.execfn = "/bin/prog",
		.rlim_stack = 8u << 20,
		.aux = {
			.minsigstksz = 3376, .hwcap = 0x178bfbff, .hwcap2 = 2,
			.phdr = 0x400040, .phnum = 5, .entry = 0x401020, .base = 0,
			.uid = 1000, .euid = 1001, .gid = 100, .egid = 101, .secure = 0,
		},
	};
	for (int i = 0; i < 16; i++)
		in.aux.random[i] = (uint8_t)(0xA0 + i);
	return in;
}

static int build(const struct exec_stack_in *in, size_t size, uint64_t top)
{
	sbuf = talloc(size);
	memset(sbuf, 0xAB, size);
	sbase = top - size;
	return exec_stack_build(in, sbuf, size, top, &so);
}

static const uint64_t aux_keys[] = {
	LX_AT_MINSIGSTKSZ, LX_AT_HWCAP, LX_AT_PAGESZ, LX_AT_CLKTCK, LX_AT_PHDR, LX_AT_PHENT,
	LX_AT_PHNUM, LX_AT_BASE, LX_AT_FLAGS, LX_AT_ENTRY, LX_AT_UID, LX_AT_EUID, LX_AT_GID,
	LX_AT_EGID, LX_AT_SECURE, LX_AT_RANDOM, LX_AT_HWCAP2, LX_AT_EXECFN, LX_AT_PLATFORM,
	LX_AT_NULL,
};

/* the value of key in the built aux vector, or ~0 */
static uint64_t aux_get(uint64_t key)
{
	for (uint32_t i = 0; i < so.auxc; i++)
		if (uword(so.auxv + 16 * i) == key)
			return uword(so.auxv + 16 * i + 8);
	return ~0ull;
}

/* the structure every built stack has, checked against the inputs */
static const char *stack_shape(const struct exec_stack_in *in, uint64_t top)
{
	uint64_t argc = in->argv.count ? in->argv.count : 1;
	uint64_t argv = so.sp + 8, envp = argv + 8 * (argc + 1);
	size_t off = 0;

	if ((so.sp & 15) || so.used != top - so.sp || uword(so.sp) != argc)
		return "sp, used or argc";
	for (uint64_t i = 0; i < in->argv.count; i++, off += strlen(in->argv.buf + off) + 1)
		if (uword(argv + 8 * i) != so.arg_start + off ||
		    strcmp(ustr(uword(argv + 8 * i)), in->argv.buf + off) != 0)
			return "argv";
	if (in->argv.count == 0 && (uword(argv) != so.arg_start || *ustr(so.arg_start) != 0))
		return "the empty argv[0]";
	if (uword(argv + 8 * argc) != 0 || envp + 8 * (in->envp.count + 1) != so.auxv)
		return "argv NULL or auxv place";
	off = 0;
	for (uint64_t i = 0; i < in->envp.count; i++, off += strlen(in->envp.buf + off) + 1)
		if (uword(envp + 8 * i) != so.env_start + off ||
		    strcmp(ustr(uword(envp + 8 * i)), in->envp.buf + off) != 0)
			return "envp";
	if (uword(envp + 8 * in->envp.count) != 0 || so.env_end != so.execfn)
		return "envp NULL or env_end";
	if (strcmp(ustr(so.execfn), in->execfn) || so.execfn + strlen(in->execfn) + 1 != top - 8 ||
	    uword(top - 8) != 0)
		return "execfn or the top word";
	if (aux_get(LX_AT_EXECFN) != so.execfn || memcmp(ustr(aux_get(LX_AT_RANDOM)), in->aux.random, 16))
		return "AT_EXECFN or AT_RANDOM";
	if (aux_get(LX_AT_PLATFORM) != (so.arg_start & ~15ull) - 7 ||
	    strcmp(ustr(aux_get(LX_AT_PLATFORM)), "x86_64") ||
	    aux_get(LX_AT_RANDOM) != aux_get(LX_AT_PLATFORM) - 16)
		return "AT_PLATFORM";
	if (so.auxv + 16 * so.auxc > aux_get(LX_AT_RANDOM) ||
	    aux_get(LX_AT_RANDOM) - (so.auxv + 16 * so.auxc) > 15)
		return "gap between the aux vector and the random bytes";
	return NULL;
}

#define CHECK_SHAPE(in, top)                                                            \
	do {                                                                            \
		const char *b_ = stack_shape(in, top);                                  \
		if (b_) {                                                               \
			snprintf(why, sizeof(why), "line %d: %s", __LINE__, b_);        \
			goto out;                                                       \
		}                                                                       \
	} while (0)

TEST(stack_basic)
{
	static const char *const argv[] = { "prog", "-a", "hello world", NULL };
	static const char *const envp[] = { "A=1", "HOME=/root", NULL };
	struct exec_stack_in in = stack_in(argv, envp);
	static const char strings[] = "prog\0-a\0hello world\0A=1\0HOME=/root\0/bin/prog\0"
				      "\0\0\0\0\0\0\0\0";

	CHECK_ERR(build(&in, 65536, STACK_TOP), 0);
	CHECK_SHAPE(&in, STACK_TOP);
	/* the strings, from the top: 8 zero bytes, execfn, environment, arguments */
	CHECK(so.execfn == STACK_TOP - 8 - 10);
	CHECK(so.env_start == so.execfn - 4 - 11 && so.env_end == so.execfn);
	CHECK(so.arg_start == so.env_start - 5 - 3 - 12 && so.arg_end == so.env_start);
	CHECK(STACK_TOP - so.arg_start == sizeof(strings) - 1);
	CHECK(memcmp(ustr(so.arg_start), strings, sizeof(strings) - 1) == 0);
	CHECK(uword(so.sp) == 3 && uword(so.sp + 8) == so.arg_start);
	CHECK(strcmp(ustr(uword(so.sp + 24)), "hello world") == 0 && uword(so.sp + 32) == 0);
	CHECK(strcmp(ustr(uword(so.sp + 48)), "HOME=/root") == 0 && uword(so.sp + 56) == 0);
	CHECK(so.auxv == so.sp + 64 && so.auxc == ARRAY_SIZE(aux_keys));
	for (uint32_t i = 0; i < so.auxc; i++)
		CHECK(uword(so.auxv + 16 * i) == aux_keys[i]);
	CHECK(aux_get(LX_AT_MINSIGSTKSZ) == 3376 && aux_get(LX_AT_HWCAP) == 0x178bfbff);
	CHECK(aux_get(LX_AT_PAGESZ) == 4096 && aux_get(LX_AT_CLKTCK) == 100);
	CHECK(aux_get(LX_AT_PHDR) == 0x400040 && aux_get(LX_AT_PHENT) == 56);
	CHECK(aux_get(LX_AT_PHNUM) == 5 && aux_get(LX_AT_BASE) == 0 && aux_get(LX_AT_FLAGS) == 0);
	CHECK(aux_get(LX_AT_ENTRY) == 0x401020 && aux_get(LX_AT_UID) == 1000);
	CHECK(aux_get(LX_AT_EUID) == 1001 && aux_get(LX_AT_GID) == 100 && aux_get(LX_AT_EGID) == 101);
	CHECK(aux_get(LX_AT_SECURE) == 0 && aux_get(LX_AT_HWCAP2) == 2);
	CHECK(uword(so.auxv + 16 * (so.auxc - 1) + 8) == 0);
	CHECK(aux_get(LX_AT_SYSINFO_EHDR) == ~0ull);	/* no vDSO: no entry */
	CHECK(sbuf[so.sp - sbase - 1] == 0xAB);		/* nothing written below sp */
	END;
}

TEST(stack_vdso)
{
	static const char *const argv[] = { "prog", NULL };
	static const char *const envp[] = { NULL };
	struct exec_stack_in in = stack_in(argv, envp);
	in.aux.sysinfo_ehdr = 0x7ffff7fc1000ull;
	CHECK_ERR(build(&in, 65536, STACK_TOP), 0);
	CHECK_SHAPE(&in, STACK_TOP);
	CHECK(so.auxc == EXEC_AUX_MAX);
	CHECK(uword(so.auxv) == LX_AT_SYSINFO_EHDR && uword(so.auxv + 8) == 0x7ffff7fc1000ull);
	CHECK(uword(so.auxv + 16) == LX_AT_MINSIGSTKSZ);
	END;
}

TEST(stack_empty_argv)
{
	static const char *const argv[] = { NULL };
	static const char *const envp[] = { "X=y", NULL };
	struct exec_stack_in in = stack_in(argv, envp);
	CHECK_ERR(build(&in, 65536, STACK_TOP), 0);
	CHECK_SHAPE(&in, STACK_TOP);
	CHECK(uword(so.sp) == 1 && *ustr(uword(so.sp + 8)) == 0 && uword(so.sp + 16) == 0);
	CHECK(so.arg_start == so.env_start - 1);	/* the "" sits below the environment */
	END;
}

TEST(stack_empty_env)
{
	static const char *const argv[] = { "a", "b", NULL };
	static const char *const envp[] = { NULL };
	struct exec_stack_in in = stack_in(argv, envp);
	CHECK_ERR(build(&in, 65536, STACK_TOP), 0);
	CHECK_SHAPE(&in, STACK_TOP);
	CHECK(uword(so.sp + 32) == 0 && so.auxv == so.sp + 40);
	CHECK(so.env_start == so.env_end);
	END;
}

/* every string length and top alignment: rsp stays 16-aligned, nothing overlaps */
TEST(stack_alignment_sweep)
{
	char arg[64], env[64];
	const char *argv[] = { arg, NULL }, *envp[] = { env, NULL };
	const char *bad;

	for (unsigned al = 0; al < 40; al++) {
		for (unsigned el = 0; el < 20; el++) {
			for (uint64_t t = 0; t < 16; t += 3) {
				memset(arg, 'a', al);
				arg[al] = 0;
				memset(env, 'e', el);
				env[el] = 0;
				struct exec_stack_in in = stack_in(argv, envp);
				in.aux.sysinfo_ehdr = t & 1;
				CHECK_ERR(build(&in, 4096, STACK_TOP - t), 0);
				bad = stack_shape(&in, STACK_TOP - t);
				if (bad) {
					snprintf(why, sizeof(why), "%s at %u %u %u", bad, al, el,
						 (unsigned)t);
					goto out;
				}
				tfree_all();
			}
		}
	}
	END;
}

TEST(stack_strlen_max)
{
	char *big = talloc(EXEC_MAX_ARG_STRLEN + 1);
	const char *argv[] = { "prog", big, NULL }, *envp[] = { NULL, NULL };

	memset(big, 'x', EXEC_MAX_ARG_STRLEN - 1);	/* 131071 + NUL: the most allowed */
	struct exec_stack_in in = stack_in(argv, envp);
	CHECK_ERR(build(&in, exec_stack_bound(&in), STACK_TOP), 0);
	CHECK_SHAPE(&in, STACK_TOP);
	big[EXEC_MAX_ARG_STRLEN - 1] = 'x';		/* one more */
	in = stack_in(argv, envp);
	CHECK_ERR(build(&in, exec_stack_bound(&in), STACK_TOP), -LX_E2BIG);
	argv[1] = "";
	envp[0] = big;					/* the same in the environment */
	in = stack_in(argv, envp);
	CHECK_ERR(build(&in, exec_stack_bound(&in), STACK_TOP), -LX_E2BIG);
	END;
}

TEST(stack_limit_values)
{
	size_t lim;
	CHECK_ERR(exec_stack_limit(8u << 20, 3, 2, &lim), 0);
	CHECK(lim == (2u << 20) - 5 * 8);			/* a quarter of 8 MiB */
	CHECK_ERR(exec_stack_limit(~0ull, 3, 2, &lim), 0);
	CHECK(lim == (6u << 20) - 5 * 8);			/* at most 3/4 of _STK_LIM */
	CHECK_ERR(exec_stack_limit(64u << 10, 3, 2, &lim), 0);
	CHECK(lim == (128u << 10) - 5 * 8);			/* at least ARG_MAX */
	CHECK_ERR(exec_stack_limit(8u << 20, 0, 2, &lim), 0);
	CHECK(lim == (2u << 20) - 3 * 8);			/* an empty argv counts one */
	CHECK_ERR(exec_stack_limit(8u << 20, (2u << 20) / 8 - 1, 0, &lim), 0);
	CHECK(lim == 8);
	CHECK_ERR(exec_stack_limit(8u << 20, (2u << 20) / 8, 0, &lim), -LX_E2BIG);
	CHECK_ERR(exec_stack_limit(~0ull, 0x80000000ull, 0, &lim), -LX_E2BIG);
	CHECK_ERR(exec_stack_limit(~0ull, 0, 0x80000000ull, &lim), -LX_E2BIG);
	CHECK_ERR(exec_stack_limit(~0ull, 0x7FFFFFFF, 0x7FFFFFFF, &lim), -LX_E2BIG);
	END;
}

/* strings filling the limit exactly pass; one byte more is E2BIG */
TEST(stack_total_limit)
{
	size_t lim, fill;
	char *a = talloc(EXEC_MAX_ARG_STRLEN), *e = talloc(EXEC_MAX_ARG_STRLEN);
	const char *argv[] = { a, NULL }, *envp[] = { e, NULL };

	CHECK_ERR(exec_stack_limit(256u << 10, 1, 1, &lim), 0);	/* ARG_MAX - 16 */
	fill = lim - strlen("/bin/prog") - 1;			/* execfn counts too */
	memset(a, 'a', fill / 2 - 1);
	memset(e, 'e', fill - fill / 2 - 1);
	struct exec_stack_in in = stack_in(argv, envp);
	in.rlim_stack = 256u << 10;
	CHECK_ERR(build(&in, exec_stack_bound(&in), STACK_TOP), 0);
	CHECK_SHAPE(&in, STACK_TOP);
	CHECK(so.used <= exec_stack_bound(&in));
	e[fill - fill / 2 - 1] = 'e';
	in = stack_in(argv, envp);
	in.rlim_stack = 256u << 10;
	CHECK_ERR(build(&in, exec_stack_bound(&in), STACK_TOP), -LX_E2BIG);
	END;
}

/* the "" added for an empty argv is a string like the others */
TEST(stack_empty_argv_counts)
{
	size_t lim;
	char *e = talloc(EXEC_MAX_ARG_STRLEN);
	const char *argv[] = { NULL }, *envp[] = { e, NULL };

	CHECK_ERR(exec_stack_limit(0, 0, 1, &lim), 0);
	memset(e, 'e', lim - 10 - 1);			/* env + execfn == limit */
	struct exec_stack_in in = stack_in(argv, envp);
	in.rlim_stack = 0;
	CHECK_ERR(build(&in, exec_stack_bound(&in), STACK_TOP), -LX_E2BIG);
	e[lim - 10 - 2] = 0;				/* one byte less: room for "" */
	in = stack_in(argv, envp);
	in.rlim_stack = 0;
	CHECK_ERR(build(&in, exec_stack_bound(&in), STACK_TOP), 0);
	CHECK_SHAPE(&in, STACK_TOP);
	END;
}

TEST(stack_malformed)
{
	static const char *const argv[] = { "a", "b", NULL };
	static const char *const envp[] = { "c", NULL };
	struct exec_stack_in in = stack_in(argv, envp);
	in.argv.count = 3;				/* more than the bytes hold */
	CHECK_ERR(build(&in, 65536, STACK_TOP), -LX_EINVAL);
	in.argv.count = 1;				/* fewer */
	CHECK_ERR(build(&in, 65536, STACK_TOP), -LX_EINVAL);
	in = stack_in(argv, envp);
	in.envp.len = 1;				/* no final NUL */
	in.envp.buf = "c";
	CHECK_ERR(build(&in, 65536, STACK_TOP), -LX_EINVAL);
	in = stack_in(argv, envp);
	in.execfn = NULL;
	CHECK_ERR(build(&in, 65536, STACK_TOP), -LX_EINVAL);
	in = stack_in(argv, envp);
	in.argv.buf = NULL;
	CHECK_ERR(build(&in, 65536, STACK_TOP), -LX_EINVAL);
	CHECK_ERR(build(&in, 65536, 4096), -LX_EINVAL);	/* buffer below address 0 */
	END;
}

TEST(stack_small_buffer)
{
	static const char *const argv[] = { "prog", "x", NULL };
	static const char *const envp[] = { "A=1", NULL };
	struct exec_stack_in in = stack_in(argv, envp);
	size_t need;

	CHECK_ERR(build(&in, 65536, STACK_TOP), 0);
	need = so.used;
	CHECK(need <= exec_stack_bound(&in));
	CHECK_ERR(build(&in, need, STACK_TOP), 0);
	CHECK_SHAPE(&in, STACK_TOP);
	CHECK_ERR(build(&in, need - 1, STACK_TOP), -LX_ENOMEM);
	CHECK_ERR(build(&in, 64, 128), -LX_ENOMEM);	/* would wrap below address 0 */
	END;
}

/* random argument lists, checked field by field */
TEST(stack_random)
{
	char text[2][8192];
	const char *argv[40], *envp[40];
	const char *bad;

	for (unsigned r = 0; r < 3000; r++) {
		unsigned na = (unsigned)rnd_below(20), ne = (unsigned)rnd_below(20);
		size_t used = 0;
		for (unsigned k = 0; k < 2; k++) {
			const char **v = k ? envp : argv;
			unsigned n = k ? ne : na;
			for (unsigned i = 0; i < n; i++) {
				size_t l = (size_t)rnd_below(100);
				char *s = text[k] + used % 4096;
				for (size_t j = 0; j < l; j++)
					s[j] = (char)(1 + rnd_below(255));
				s[l] = 0;
				v[i] = s;
				used += l + 1;
			}
			v[n] = NULL;
		}
		struct exec_stack_in in = stack_in(argv, envp);
		uint64_t top = TOP - 8 * rnd_below(1000) - rnd_below(8);
		in.aux.sysinfo_ehdr = rnd_below(2);
		CHECK_ERR(build(&in, 32768, top), 0);
		bad = stack_shape(&in, top);
		if (bad) {
			snprintf(why, sizeof(why), "round %u: %s", r, bad);
			goto out;
		}
		tfree_all();
	}
	END;
}

/* ---- the table --------------------------------------------------------------------------- */

#define T(name) { #name, t_##name }
static const struct {
	const char *name;
	int (*fn)(void);
} tests[] = {
	T(exec_valid), T(exec_place), T(dyn_valid), T(dyn_place_limits), T(dyn_entry_place),
	T(gnu_stack), T(phnum_max), T(interp_valid), T(interp_first_only),
	T(interp_skips_entry_check), T(phdr_addr), T(shared_page), T(bss_only_any_offset),
	T(load_max), T(header_check_table),
	T(bad_magic), T(bad_class), T(bad_data), T(bad_version), T(type_rel), T(type_core),
	T(machine_i386), T(phentsize_32), T(phnum_zero), T(phnum_over_page), T(phoff_past_end),
	T(phoff_wraps), T(file_tiny), T(file_header_only), T(file_empty), T(interp_long),
	T(interp_short), T(interp_past_end), T(filesz_over_memsz), T(offset_misaligned),
	T(bss_misaligned), T(load_past_end), T(load_offset_wraps), T(vaddr_above_top),
	T(file_pages_above_top), T(bss_above_top), T(memsz_past_top), T(memsz_wraps),
	T(loads_overlap), T(loads_decrease), T(no_load), T(entry_above_top),
	T(order_interp_before_loads), T(order_map_before_range), T(order_segments_in_turn),
	T(order_linux_before_ours), T(loads_17), T(phdrs_not_supplied), T(interp_no_nul),
	T(dyn_span_too_big), T(dyn_total_zero),
	T(fuzz_elf), T(fuzz_script),
	T(script_elf), T(script_hash_only), T(script_bang_hash), T(script_plain), T(script_arg),
	T(script_leading_blanks), T(script_arg_keeps_inner_blanks), T(script_trailing_blanks),
	T(script_empty), T(script_blank), T(script_no_newline), T(script_no_newline_blanks), T(script_cr),
	T(script_nul_ends_name), T(script_nul_ends_arg), T(script_nul_keeps_blanks),
	T(script_nul_empty_arg), T(script_nul_first), T(script_long_arg),
	T(script_long_arg_trailing_blanks), T(script_long_name), T(script_name_fills_buffer),
	T(script_all_blank_long), T(script_short_file),
	T(stack_basic), T(stack_vdso), T(stack_empty_argv), T(stack_empty_env),
	T(stack_alignment_sweep), T(stack_strlen_max), T(stack_limit_values), T(stack_total_limit),
	T(stack_empty_argv_counts), T(stack_malformed), T(stack_small_buffer), T(stack_random),
};

static int run_tests(void)
{
	int failed = 0;
	for (size_t i = 0; i < ARRAY_SIZE(tests); i++) {
		why[0] = 0;
		int ok = tests[i].fn();
		tfree_all();
		if (ok) {
			printf("TEST unixelf/%s PASS\n", tests[i].name);
		} else {
			printf("TEST unixelf/%s FAIL %s\n", tests[i].name, why);
			failed++;
		}
	}
	printf("DONE unit\n");	/* run.sh: a crash before this is a failure */
	return failed ? 1 : 0;
}

/* ---- real files ------------------------------------------------------------------------- */

/* the whole file in memory; exits 2 if it cannot be read */
static uint8_t *file_read(const char *path, uint64_t *size)
{
	FILE *f = fopen(path, "rb");
	uint8_t *b;
	if (!f) {
		perror(path);
		exit(2);
	}
	fseek(f, 0, SEEK_END);
	*size = (uint64_t)ftell(f);
	fseek(f, 0, SEEK_SET);
	b = malloc(*size ? (size_t)*size : 1);
	if (fread(b, 1, (size_t)*size, f) != *size)
		exit(2);
	fclose(f);
	return b;
}

static int plan_file(const char *path, struct elf_plan *plan)
{
	uint64_t size;
	uint8_t *b = file_read(path, &size);
	int err = plan_bytes(b, size, plan);
	if (err == 0 && plan->has_interp)
		err = elf_interp_check((const char *)b + plan->interp_offset, plan->interp_size);
	free(b);
	return err;
}

/* the plan as run.sh compares it with `readelf -hlW` */
static int print_plan(const char *path)
{
	int err = plan_file(path, &P);
	if (err) {
		printf("error %d %s\n", err, err_name(err));
		return 1;
	}
	printf("type %u\nentry 0x%llx\nphnum %u\ninterp %d\nstack_exec %d\n", P.type,
	       (unsigned long long)P.entry, P.phnum, P.has_interp, P.stack_exec);
	for (uint32_t i = 0; i < P.nload; i++) {
		const struct elf_segment *s = &P.load[i];
		printf("load 0x%llx 0x%llx 0x%llx 0x%llx %s%s%s\n", (unsigned long long)s->offset,
		       (unsigned long long)s->vaddr, (unsigned long long)s->filesz,
		       (unsigned long long)s->memsz, s->prot & ELF_PROT_READ ? "R" : "",
		       s->prot & ELF_PROT_WRITE ? "W" : "", s->prot & ELF_PROT_EXEC ? "E" : "");
	}
	return 0;
}

/* ---- the host kernel's stack, as the probe saw it --------------------------------------- */

#define PROBE_MAX 64

/* What the probe printed (tests/host/unixelf/run.sh writes the probe). */
struct probe {
	unsigned argc, envc, nkeys;
	long long arg_off[PROBE_MAX], env_off[PROBE_MAX];	/* execfn - string */
	char args[PROBE_MAX][256], envs[PROBE_MAX][256], execfn[4096];
	uint64_t keys[64], vals[64];
	long long sp16, platform16, gap, platdelta;
};

static void probe_read(struct probe *p)
{
	char line[4400];
	unsigned i;
	long long off;
	int n;

	memset(p, 0, sizeof(*p));
	while (fgets(line, sizeof(line), stdin)) {
		line[strcspn(line, "\n")] = 0;
		if (sscanf(line, "arg %u %lld %n", &i, &off, &n) == 2 && i < PROBE_MAX) {
			p->arg_off[i] = off;
			snprintf(p->args[i], sizeof(p->args[i]), "%.255s", line + n);
			p->argc = i + 1;
		} else if (sscanf(line, "env %u %lld %n", &i, &off, &n) == 2 && i < PROBE_MAX) {
			p->env_off[i] = off;
			snprintf(p->envs[i], sizeof(p->envs[i]), "%.255s", line + n);
			p->envc = i + 1;
		} else if (strncmp(line, "execfn ", 7) == 0) {
			snprintf(p->execfn, sizeof(p->execfn), "%.4095s", line + 7);
		} else if (p->nkeys < 64 && sscanf(line, "aux %llu %llu", (unsigned long long *)&p->keys[p->nkeys],
						    (unsigned long long *)&p->vals[p->nkeys]) == 2) {
			p->nkeys++;
		} else {
			sscanf(line, "sp16 %lld", &p->sp16);
			sscanf(line, "platform16 %lld", &p->platform16);
			sscanf(line, "gap %lld", &p->gap);
			sscanf(line, "platdelta %lld", &p->platdelta);
		}
	}
}

static uint64_t probe_aux(const struct probe *p, uint64_t key)
{
	for (unsigned i = 0; i < p->nkeys; i++)
		if (p->keys[i] == key)
			return p->vals[i];
	return 0;
}

static void verdict(const char *name, const char *test, const char *bad)
{
	if (bad)
		printf("TEST unixelf/host/%s/%s FAIL %s\n", name, test, bad);
	else
		printf("TEST unixelf/host/%s/%s PASS\n", name, test);
}

/* the same execve, built here */
static struct exec_stack_in probe_stack_in(const struct probe *p)
{
	const char *argv[PROBE_MAX + 1], *envp[PROBE_MAX + 1];
	struct exec_stack_in in;

	for (unsigned i = 0; i < p->argc; i++)
		argv[i] = p->args[i];
	argv[p->argc] = NULL;
	for (unsigned i = 0; i < p->envc; i++)
		envp[i] = p->envs[i];
	envp[p->envc] = NULL;
	in = stack_in(argv, envp);
	in.execfn = p->execfn;
	in.aux.sysinfo_ehdr = probe_aux(p, LX_AT_SYSINFO_EHDR);
	return in;
}

static const char *cmp_strings(const struct probe *p)
{
	static char msg[128];
	for (unsigned i = 0; i < p->argc; i++)
		if ((long long)(so.execfn - uword(so.sp + 8 + 8 * i)) != p->arg_off[i]) {
			snprintf(msg, sizeof(msg), "argv[%u] at execfn-%lld, here -%lld", i,
				 p->arg_off[i], (long long)(so.execfn - uword(so.sp + 8 + 8 * i)));
			return msg;
		}
	for (unsigned i = 0; i < p->envc; i++)
		if ((long long)(so.execfn - uword(so.sp + 16 + 8 * (p->argc + i))) != p->env_off[i])
			return "environment string places differ";
	return uword(so.sp) == p->argc ? NULL : "argc differs";
}

/* the host's keys that Linux 6.1 also has, in the host's order, against ours */
static const char *cmp_aux_order(const struct probe *p)
{
	static char msg[128];
	unsigned j = 0;
	for (unsigned i = 0; i < p->nkeys; i++) {
		if (aux_get(p->keys[i]) == ~0ull && p->keys[i] != LX_AT_NULL)
			continue;	/* newer than 6.1 (AT_RSEQ_*, ...) */
		if (j >= so.auxc || uword(so.auxv + 16 * j) != p->keys[i]) {
			snprintf(msg, sizeof(msg), "host key %llu at %u, here %llu",
				 (unsigned long long)p->keys[i], j,
				 (unsigned long long)(j < so.auxc ? uword(so.auxv + 16 * j) : 0));
			return msg;
		}
		j++;
	}
	return j == so.auxc ? NULL : "keys missing on the host";
}

static const char *cmp_aux_values(const struct probe *p)
{
	static const uint64_t fixed[] = { LX_AT_PAGESZ, LX_AT_CLKTCK, LX_AT_PHENT, LX_AT_FLAGS,
					  LX_AT_BASE, LX_AT_PHNUM };
	static char msg[128];
	for (unsigned i = 0; i < ARRAY_SIZE(fixed); i++) {
		uint64_t here = fixed[i] == LX_AT_PHNUM ? P.phnum : aux_get(fixed[i]);
		if (probe_aux(p, fixed[i]) != here) {
			snprintf(msg, sizeof(msg), "key %llu: host %llu, here %llu",
				 (unsigned long long)fixed[i],
				 (unsigned long long)probe_aux(p, fixed[i]), (unsigned long long)here);
			return msg;
		}
	}
	return NULL;
}

/* AT_PHDR and AT_ENTRY the host kernel computed, against the plan (and its bias) */
static const char *cmp_plan(const struct probe *p)
{
	uint64_t phdr = probe_aux(p, LX_AT_PHDR), entry = probe_aux(p, LX_AT_ENTRY);
	uint64_t bias = entry - P.entry;
	struct elf_addrs a;

	if (P.type == ET_EXEC && bias != 0)
		return "ET_EXEC moved";
	if (elf_plan_place(&P, bias, &a) != 0)
		return "the host's bias is refused here";
	if (a.phdr != phdr || a.entry != entry)
		return "AT_PHDR or AT_ENTRY differ";
	return NULL;
}

static const char *cmp_tables(const struct probe *p)
{
	uint64_t random = aux_get(LX_AT_RANDOM), platform = aux_get(LX_AT_PLATFORM);
	if (p->sp16 != 0 || (so.sp & 15))
		return "rsp not 16-aligned";
	if (p->platform16 != (long long)(platform & 15))
		return "AT_PLATFORM alignment differs";
	if (p->platdelta != (long long)(platform - random))
		return "AT_PLATFORM - AT_RANDOM differs";
	if (p->gap != (long long)(random - (so.auxv + 16 * so.auxc)))
		return "gap below AT_RANDOM differs";
	return NULL;
}

static int stack_compare(const char *name, const char *binary)
{
	static struct probe p;
	struct exec_stack_in in;
	int err;

	probe_read(&p);
	if (p.argc == 0 || p.nkeys == 0) {
		verdict(name, "probe", "no probe output");
		return 1;
	}
	err = plan_file(binary, &P);
	verdict(name, "plan", err ? err_name(err) : NULL);
	in = probe_stack_in(&p);
	in.aux.phnum = P.phnum;
	err = build(&in, 1u << 20, STACK_TOP);
	verdict(name, "build", err ? err_name(err) : stack_shape(&in, STACK_TOP));
	verdict(name, "strings", cmp_strings(&p));
	verdict(name, "auxv_order", cmp_aux_order(&p));
	verdict(name, "aux_values", cmp_aux_values(&p));
	verdict(name, "tables", cmp_tables(&p));
	verdict(name, "phdr_entry", cmp_plan(&p));
	tfree_all();
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc == 1)
		return run_tests();
	if (argc == 3 && strcmp(argv[1], "plan") == 0)
		return print_plan(argv[2]);
	if (argc == 4 && strcmp(argv[1], "stackcmp") == 0)
		return stack_compare(argv[2], argv[3]);
	fprintf(stderr, "usage: unit [plan FILE | stackcmp NAME FILE]\n");
	return 2;
}
