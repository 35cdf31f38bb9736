/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * multiboot.c - read the multiboot (v1) information into struct boot_state:
 * the memory map, the modules (named by the first word of their command
 * line, without directories) and the kernel command line.
 */
#include "boot.h"
#include "arch/cpu.h"

#define MB_LOADER_MAGIC 0x2badb002

/* Before the direct map exists, low memory is reachable at its physical address. */
static void *early(paddr_t pa)
{
	if (pa >= (1ul << 30))
		panic("multiboot data above 1 GiB (%lx)", pa);
	return (void *)(uintptr_t)pa;
}

struct mb_info {
	uint32_t flags, mem_lower, mem_upper, boot_device, cmdline, mods_count, mods_addr;
	uint32_t syms[4];
	uint32_t mmap_length, mmap_addr;
} __attribute__((packed));

struct mb_module { uint32_t start, end, string, reserved; } __attribute__((packed));
struct mb_mmap { uint32_t size; uint64_t addr, len; uint32_t type; } __attribute__((packed));

static void copy_str(char *dst, size_t n, const char *src)
{
	size_t i = 0;
	for (; src && src[i] && i + 1 < n; i++)
		dst[i] = src[i];
	dst[i] = 0;
}

/* "dir/name.elf args" -> name "name.elf"; args are kept after a space. */
static void module_name(struct dbt_module *m, const char *s)
{
	const char *word = s, *p = s;
	for (; *p && *p != ' '; p++)
		if (*p == '/')
			word = p + 1;
	copy_str(m->name, sizeof(m->name), word);
	for (size_t i = 0; m->name[i]; i++)
		if (m->name[i] == ' ') {
			m->name[i] = 0;
			break;
		}
	(void)p;
}

/* The part of a module line after its first word. */
const char *multiboot_module_args(const char *s)
{
	while (*s && *s != ' ')
		s++;
	while (*s == ' ')
		s++;
	return s;
}

void multiboot_parse(uint32_t magic, paddr_t info_pa, char *root_args, size_t nargs)
{
	if (magic != MB_LOADER_MAGIC)
		panic("not started by a multiboot loader (magic %x)", magic);
	const struct mb_info *mb = early(info_pa);
	if (!(mb->flags & (1u << 6)))
		panic("boot loader gave no memory map");
	paddr_t p = mb->mmap_addr, end = p + mb->mmap_length;
	while (p < end) {
		const struct mb_mmap *e = early(p);
		unsigned type = e->type == 1 ? DBT_MEM_FREE : DBT_MEM_RESERVED;
		paddr_t base = e->addr, top = e->addr + e->len;
		if (type == DBT_MEM_FREE) {     /* whole pages only */
			base = ALIGN_UP(base, PAGE_SIZE);
			top = ALIGN_DOWN(top, PAGE_SIZE);
		}
		if (top > base)
			boot_region_set(&boot, base, top - base, type);
		p += e->size + 4;
	}
	if (mb->flags & (1u << 2))
		copy_str(boot.cmdline, sizeof(boot.cmdline), early(mb->cmdline));
	if (!(mb->flags & (1u << 3)))
		return;
	const struct mb_module *mods = early(mb->mods_addr);
	for (unsigned i = 0; i < mb->mods_count && i < DBT_BOOT_MAX_MODULES; i++) {
		struct dbt_module *m = &boot.module[boot.nmodules++];
		const char *line = mods[i].string ? early(mods[i].string) : "";
		m->base = mods[i].start;
		m->size = mods[i].end - mods[i].start;
		module_name(m, line);
		if (i == 0)
			copy_str(root_args, nargs, multiboot_module_args(line));
	}
}
