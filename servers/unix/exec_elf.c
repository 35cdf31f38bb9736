/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * exec_elf.c (unixd) - the executable formats execve accepts: x86-64 ELF
 * files (checked and turned into a struct elf_plan) and `#!` scripts.
 *
 * Entry points: elf_header_check, elf_plan_make, elf_interp_check,
 * elf_plan_place, script_parse.  exec_elf.h lists every refusal with its
 * errno; the checks below run in the order Linux 6.1's load_elf_binary
 * makes them (header, program-header table, PT_INTERP, then each PT_LOAD in
 * turn: the mmap of its file pages, its address range), so that a file with
 * several faults gets the errno Linux gives it.  The refusals Linux does not
 * make come after Linux's own for the same segment.
 *
 * Everything read from the file is copied into aligned structures first:
 * the caller's buffers may have any alignment.  Arithmetic on file values
 * wraps where Linux's does (page rounding, the ET_DYN total size) and is
 * checked for overflow everywhere else.
 */
#include "dstring.h"
#include "exec_elf.h"

#define EI_CLASS    4
#define EI_DATA     5
#define EI_VERSION  6
#define ELFCLASS64  2
#define ELFDATA2LSB 1
#define EV_CURRENT  1

#define PT_INTERP    3
#define PT_GNU_STACK 0x6474e551u

_Static_assert(sizeof(struct elf64_ehdr) == ELF_EHDR_SIZE, "ELF64 header is 64 bytes");
_Static_assert(sizeof(struct elf64_phdr) == ELF_PHDR_SIZE, "ELF64 program header is 56 bytes");

static uint64_t page_start(uint64_t v)
{
	return v & ~(ELF_PAGE_SIZE - 1);
}

static uint64_t page_offset(uint64_t v)
{
	return v & (ELF_PAGE_SIZE - 1);
}

/* wraps to 0 near 2^64, as Linux's ELF_PAGEALIGN */
static uint64_t page_align(uint64_t v)
{
	return (v + ELF_PAGE_SIZE - 1) & ~(ELF_PAGE_SIZE - 1);
}

/* [off, off + size) lies inside a file of file_size bytes */
static bool in_file(uint64_t off, uint64_t size, uint64_t file_size)
{
	return off <= file_size && size <= file_size - off;
}

/* ---- header ------------------------------------------------------------------------ */

/* The header as Linux sees it in bprm->buf: the file's first bytes, zeros past its end. */
static void ehdr_read(const void *hdr, size_t len, uint64_t file_size, struct elf64_ehdr *eh)
{
	size_t n = len < sizeof(*eh) ? len : sizeof(*eh);
	if (file_size < n)
		n = (size_t)file_size;
	memset(eh, 0, sizeof(*eh));
	memcpy(eh, hdr, n);
}

static int ehdr_check(const struct elf64_ehdr *eh, uint64_t file_size)
{
	uint64_t phsize = (uint64_t)eh->e_phnum * ELF_PHDR_SIZE;

	if (memcmp(eh->e_ident, "\177ELF", 4) != 0)
		return -LX_ENOEXEC;
	if (eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh->e_ident[EI_VERSION] != EV_CURRENT)
		return -LX_ENOEXEC;
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return -LX_ENOEXEC;
	if (eh->e_machine != EM_X86_64)
		return -LX_ENOEXEC;
	if (eh->e_phentsize != ELF_PHDR_SIZE)
		return -LX_ENOEXEC;
	if (eh->e_phnum == 0 || eh->e_phnum > ELF_PHNUM_MAX)
		return -LX_ENOEXEC;
	if (!in_file(eh->e_phoff, phsize, file_size))
		return -LX_ENOEXEC;
	return 0;
}

int elf_header_check(const void *hdr, size_t len, uint64_t file_size,
		     uint64_t *phoff, uint32_t *phsize)
{
	struct elf64_ehdr eh;
	int err;

	ehdr_read(hdr, len, file_size, &eh);
	err = ehdr_check(&eh, file_size);
	if (err == 0) {
		*phoff = eh.e_phoff;
		*phsize = (uint32_t)eh.e_phnum * ELF_PHDR_SIZE;
	}
	return err;
}

/* ---- program headers ----------------------------------------------------------------- */

/* What the PT_LOAD pass carries from one segment to the next. */
struct plan_walk {
	const struct elf64_ehdr *eh;
	const uint8_t *phdrs;
	uint64_t file_size;
	uint64_t total;		/* Linux's total_mapping_size, wrapping */
	struct elf_plan *plan;
};

static void phdr_get(const struct plan_walk *w, unsigned i, struct elf64_phdr *ph)
{
	memcpy(ph, w->phdrs + (size_t)i * ELF_PHDR_SIZE, sizeof(*ph));
}

/* The first PT_INTERP, as Linux uses only that one; its path is read by the caller. */
static int plan_interp(const struct plan_walk *w)
{
	struct elf64_phdr ph;

	for (unsigned i = 0; i < w->eh->e_phnum; i++) {
		phdr_get(w, i, &ph);
		if (ph.p_type != PT_INTERP)
			continue;
		if (ph.p_filesz > ELF_INTERP_MAX || ph.p_filesz < 2)
			return -LX_ENOEXEC;
		if (!in_file(ph.p_offset, ph.p_filesz, w->file_size))
			return -LX_EIO;
		w->plan->has_interp = true;
		w->plan->interp_offset = ph.p_offset;
		w->plan->interp_size = ph.p_filesz;
		break;
	}
	return 0;
}

/* Every PT_GNU_STACK counts, the last one wins; none means a non-executable stack on x86-64. */
static void plan_stack(const struct plan_walk *w)
{
	struct elf64_phdr ph;

	for (unsigned i = 0; i < w->eh->e_phnum; i++) {
		phdr_get(w, i, &ph);
		if (ph.p_type == PT_GNU_STACK)
			w->plan->stack_exec = (ph.p_flags & PF_X) != 0;
	}
}

/* Linux's total_mapping_size: lowest PT_LOAD page to highest end, wrapping; 0 without loads. */
static uint64_t plan_total(const struct plan_walk *w)
{
	uint64_t lo = ~0ull, hi = 0;
	bool any = false;
	struct elf64_phdr ph;

	for (unsigned i = 0; i < w->eh->e_phnum; i++) {
		phdr_get(w, i, &ph);
		if (ph.p_type != PT_LOAD)
			continue;
		if (page_start(ph.p_vaddr) < lo)
			lo = page_start(ph.p_vaddr);
		if (ph.p_vaddr + ph.p_memsz > hi)
			hi = ph.p_vaddr + ph.p_memsz;
		any = true;
	}
	return any ? hi - lo : 0;
}

/*
 * What mapping the segment's file pages would meet (Linux's elf_map, then
 * vm_mmap and do_mmap).  The first ET_DYN mapping reserves the whole image.
 */
static int load_map_check(const struct plan_walk *w, const struct elf64_phdr *ph)
{
	bool first_dyn = w->eh->e_type == ET_DYN && w->plan->nload == 0;
	uint64_t size = page_align(ph->p_filesz + page_offset(ph->p_vaddr));
	uint64_t off = ph->p_offset - page_offset(ph->p_vaddr);
	uint64_t addr = page_start(ph->p_vaddr);

	if (first_dyn && w->total == 0)
		return -LX_EINVAL;	/* checked before mapping anything */
	if (size == 0)
		return 0;		/* nothing from the file: elf_map maps nothing */
	if (first_dyn)
		size = page_align(w->total);
	if (size == 0 || off + size < off || page_offset(off) != 0)
		return -LX_EINVAL;
	if (size > ELF_USER_TOP)
		return -LX_ENOMEM;
	if (w->eh->e_type == ET_EXEC && addr > ELF_USER_TOP - size)
		return -LX_ENOMEM;
	return 0;
}

/* Linux's own range checks (after the mapping), then the ones it lacks. */
static int load_range_check(const struct plan_walk *w, const struct elf64_phdr *ph)
{
	const struct elf_plan *plan = w->plan;

	if (ph->p_vaddr >= ELF_USER_TOP || ph->p_filesz > ph->p_memsz ||
	    ph->p_memsz > ELF_USER_TOP || ELF_USER_TOP - ph->p_memsz < ph->p_vaddr)
		return -LX_EINVAL;
	if (plan->nload > 0) {
		const struct elf_segment *prev = &plan->load[plan->nload - 1];
		if (ph->p_vaddr < prev->vaddr + prev->memsz)
			return -LX_EINVAL;
	}
	if (ph->p_filesz > 0 && !in_file(ph->p_offset, ph->p_filesz, w->file_size))
		return -LX_EIO;
	if (plan->nload == ELF_LOAD_MAX)
		return -LX_ENOEXEC;
	return 0;
}

static uint32_t load_prot(uint32_t p_flags)
{
	return (p_flags & PF_R ? ELF_PROT_READ : 0) | (p_flags & PF_W ? ELF_PROT_WRITE : 0) |
	       (p_flags & PF_X ? ELF_PROT_EXEC : 0);
}

static void load_add(const struct plan_walk *w, const struct elf64_phdr *ph)
{
	struct elf_plan *plan = w->plan;
	uint64_t phoff = w->eh->e_phoff;

	plan->load[plan->nload++] = (struct elf_segment){
		.vaddr = ph->p_vaddr,
		.memsz = ph->p_memsz,
		.filesz = ph->p_filesz,
		.offset = ph->p_offset,
		.prot = load_prot(ph->p_flags),
	};
	/* AT_PHDR as Linux 6.1 finds it: the last PT_LOAD whose file bytes hold e_phoff */
	if (ph->p_offset <= phoff && phoff - ph->p_offset < ph->p_filesz)
		w->plan->phdr_vaddr = phoff - ph->p_offset + ph->p_vaddr;
	if (page_align(ph->p_vaddr + ph->p_memsz) > plan->brk)
		plan->brk = page_align(ph->p_vaddr + ph->p_memsz);
}

static int plan_loads(struct plan_walk *w)
{
	struct elf64_phdr ph;
	int err;

	w->total = plan_total(w);
	for (unsigned i = 0; i < w->eh->e_phnum; i++) {
		phdr_get(w, i, &ph);
		if (ph.p_type != PT_LOAD)
			continue;
		err = load_map_check(w, &ph);
		if (err == 0)
			err = load_range_check(w, &ph);
		if (err)
			return err;
		load_add(w, &ph);
	}
	if (w->plan->nload == 0)
		return -LX_ENOEXEC;
	w->plan->span_start = page_start(w->plan->load[0].vaddr);
	w->plan->span_size = w->plan->brk - w->plan->span_start;
	return 0;
}

int elf_plan_make(const void *hdr, size_t len, const void *phdrs, size_t phdrs_len,
		  uint64_t file_size, struct elf_plan *plan)
{
	struct elf64_ehdr eh;
	struct plan_walk w = { &eh, phdrs, file_size, 0, plan };
	struct elf_addrs at;
	int err;

	memset(plan, 0, sizeof(*plan));
	ehdr_read(hdr, len, file_size, &eh);
	err = ehdr_check(&eh, file_size);
	if (err == 0 && phdrs_len < (size_t)eh.e_phnum * ELF_PHDR_SIZE)
		err = -LX_EIO;
	if (err)
		return err;
	plan->type = eh.e_type;
	plan->phent = ELF_PHDR_SIZE;
	plan->phnum = eh.e_phnum;
	plan->entry = eh.e_entry;
	err = plan_interp(&w);
	if (err)
		return err;
	plan_stack(&w);
	err = plan_loads(&w);
	if (err == 0 && plan->type == ET_EXEC)
		err = elf_plan_place(plan, 0, &at);	/* the entry point, now */
	return err;
}

int elf_interp_check(const char *path, uint64_t size)
{
	if (size < 2 || size > ELF_INTERP_MAX || path[size - 1] != '\0')
		return -LX_ENOEXEC;
	return 0;
}

int elf_plan_place(const struct elf_plan *plan, uint64_t bias, struct elf_addrs *out)
{
	uint64_t start = plan->span_start + bias;

	if (page_offset(bias) != 0 || (plan->type == ET_EXEC && bias != 0))
		return -LX_EINVAL;
	if (plan->span_size > ELF_USER_TOP || start > ELF_USER_TOP - plan->span_size)
		return -LX_ENOMEM;
	if (!plan->has_interp && plan->entry + bias >= ELF_USER_TOP)
		return -LX_EINVAL;
	out->bias = bias;
	out->entry = plan->entry + bias;
	out->phdr = plan->phdr_vaddr + bias;
	out->start = start;
	out->end = start + plan->span_size;
	out->brk = plan->brk + bias;
	return 0;
}

/* ---- #! scripts ----------------------------------------------------------------------- */

/*
 * The parse works on a copy of the first SCRIPT_BUF_SIZE bytes, zero-padded
 * as Linux's bprm->buf, with indices; "last" is the buffer's final byte,
 * which Linux overwrites with the terminating NUL when no newline is found.
 */
#define SCRIPT_LAST (SCRIPT_BUF_SIZE - 1)
#define SCRIPT_NONE (-1)

static bool spacetab(char c)
{
	return c == ' ' || c == '\t';
}

/* first index in [from, to] that is not a space or tab */
static int script_skip_blanks(const char *b, int from, int to)
{
	for (int i = from; i <= to; i++)
		if (!spacetab(b[i]))
			return i;
	return SCRIPT_NONE;
}

/* first index in [from, to] that ends a word: space, tab or NUL */
static int script_word_end(const char *b, int from, int to)
{
	for (int i = from; i <= to; i++)
		if (spacetab(b[i]) || b[i] == '\0')
			return i;
	return SCRIPT_NONE;
}

/* Where the line ends (exclusive), trailing blanks removed, or SCRIPT_NONE. */
static int script_line_end(const char *b)
{
	int end = SCRIPT_NONE;

	for (int i = 0; i < SCRIPT_BUF_SIZE && b[i] != '\0'; i++) {
		if (b[i] == '\n') {
			end = i;
			break;
		}
	}
	if (end == SCRIPT_NONE) {
		int name = script_skip_blanks(b, 2, SCRIPT_LAST);
		if (name == SCRIPT_NONE || script_word_end(b, name, SCRIPT_LAST) == SCRIPT_NONE)
			return SCRIPT_NONE;	/* all blanks, or the name is cut */
		end = SCRIPT_LAST;
	}
	while (spacetab(b[end - 1]))
		end--;
	return end;
}

int script_parse(const void *buf, size_t len, const char **interp, size_t *interp_len,
		 const char **arg, size_t *arg_len)
{
	const char *s = buf;
	char b[SCRIPT_BUF_SIZE];
	int end, name, sep, a = SCRIPT_NONE, a_end;

	if (len < 2 || s[0] != '#' || s[1] != '!')
		return 0;
	memset(b, 0, sizeof(b));
	memcpy(b, s, len < sizeof(b) ? len : sizeof(b));
	end = script_line_end(b);
	if (end == SCRIPT_NONE)
		return -LX_ENOEXEC;
	name = script_skip_blanks(b, 2, end);
	if (name == SCRIPT_NONE || name == end)
		return -LX_ENOEXEC;
	sep = script_word_end(b, name, end);
	if (sep != SCRIPT_NONE && b[sep] != '\0')
		a = script_skip_blanks(b, sep, end);
	b[end] = '\0';
	*interp = s + name;
	*interp_len = (size_t)((sep != SCRIPT_NONE ? sep : end) - name);
	*arg = NULL;
	*arg_len = 0;
	if (a != SCRIPT_NONE) {
		for (a_end = a; b[a_end] != '\0'; a_end++)
			;
		*arg = s + a;
		*arg_len = (size_t)(a_end - a);
	}
	return 1;
}
