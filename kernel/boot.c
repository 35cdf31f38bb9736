/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * boot.c - physical memory at boot, and the root task.
 *
 * The region list starts as the firmware's memory map; the kernel image,
 * the boot modules, the kernel-object pool and the root task's own pages
 * are carved out of it.  The root task is the first boot module (a static
 * ELF64 executable): the kernel loads it, gives it the capabilities to all
 * memory, I/O ports, interrupts and the whole kernel-memory quota, maps a
 * struct dbt_bootinfo and starts it with rdi pointing there.
 */
#include "boot.h"
#include "cap.h"
#include "elf64.h"
#include "irq.h"
#include "kmem.h"
#include "sched.h"
#include "task.h"
#include "thread.h"
#include "arch/cpu.h"

struct boot_state boot;

struct kobj physmem_obj = { .type = DBT_OBJ_PHYSMEM };
struct kobj iospace_obj = { .type = DBT_OBJ_IOSPACE };
struct kobj debug_obj = { .type = DBT_OBJ_DEBUG };

#define ROOT_PRIO       200
#define ROOT_CSPACE     12
#define ROOT_BOOTINFO   0x7ffff0000000ull
#define ROOT_UTCB       0x7ffff0010000ull
#define ROOT_STACK_TOP  0x7fffe0000000ull
#define ROOT_STACK_SIZE (256 * 1024)

bool boot_is_kernel_memory(paddr_t pa, word_t size)
{
	for (unsigned i = 0; i < boot.nregions; i++) {
		const struct dbt_mem_region *r = &boot.region[i];
		if (r->type == DBT_MEM_KERNEL && pa < r->base + r->size && r->base < pa + size)
			return true;
	}
	return false;
}

/* ---- the root task ----------------------------------------------------------------- */

static void map_root_page(struct task *t, vaddr_t va, paddr_t pa, unsigned rights)
{
	word_t err = space_map_page(t, va, pa, rights, DBT_MAP_CACHED, NULL);
	if (err)
		panic("boot: mapping the root task failed (%lu)", err);
}

static paddr_t root_frames(word_t size)
{
	paddr_t pa = boot_alloc(&boot, size, 1ul << 40, DBT_MEM_ROOT);
	memset(phys_to_virt(pa), 0, ALIGN_UP(size, PAGE_SIZE));
	return pa;
}

/* Copy one loadable segment into fresh frames, sharing a page already mapped. */
static void load_segment(struct task *t, const uint8_t *image, const struct elf64_phdr *ph)
{
	unsigned rights = DBT_R | ((ph->p_flags & PF_W) ? DBT_W : 0) | ((ph->p_flags & PF_X) ? DBT_X : 0);
	vaddr_t start = ALIGN_DOWN(ph->p_vaddr, PAGE_SIZE);
	vaddr_t end = ALIGN_UP(ph->p_vaddr + ph->p_memsz, PAGE_SIZE);
	for (vaddr_t va = start; va < end; va += PAGE_SIZE) {
		struct mapnode *n = space_lookup(t, va);
		paddr_t pa = n ? n->pa : root_frames(PAGE_SIZE);
		map_root_page(t, va, pa, rights | (n ? n->rights : 0));
		/* the part of the file that falls in this page */
		vaddr_t lo = MAX(va, ph->p_vaddr), hi = MIN(va + PAGE_SIZE, ph->p_vaddr + ph->p_filesz);
		if (hi > lo)
			memcpy((uint8_t *)phys_to_virt(pa) + (lo - va), image + ph->p_offset + (lo - ph->p_vaddr),
			       hi - lo);
	}
}

static word_t load_root_elf(struct task *t, const struct dbt_module *m)
{
	const uint8_t *image = phys_to_virt(m->base);
	const char *why = elf_check(image, m->size);
	if (why)
		panic("boot: root task '%s' is not a loadable ELF64 executable: %s", m->name, why);
	const struct elf64_ehdr *eh = (const struct elf64_ehdr *)image;
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		const struct elf64_phdr *ph = (const struct elf64_phdr *)(image + eh->e_phoff) + i;
		if (ph->p_type == PT_LOAD && ph->p_memsz)
			load_segment(t, image, ph);
	}
	return eh->e_entry;
}

static void root_caps(struct task *t, struct thread *th)
{
	static const struct { unsigned slot; struct kobj *obj; } caps[] = {
		{ DBT_ROOT_SLOT_QUOTA, &root_quota.obj },
		{ DBT_ROOT_SLOT_PHYSMEM, &physmem_obj },
		{ DBT_ROOT_SLOT_IOSPACE, &iospace_obj },
		{ DBT_ROOT_SLOT_IRQCTL, &irq_control_obj },
		{ DBT_ROOT_SLOT_DEBUG, &debug_obj },
	};
	cap_install(&t->cspace[DBT_ROOT_SLOT_TASK], &t->obj, DBT_CAP_ALL, 0, NULL);
	cap_install(&t->cspace[DBT_ROOT_SLOT_THREAD], &th->obj, DBT_CAP_ALL, 0, NULL);
	for (unsigned i = 0; i < ARRAY_SIZE(caps); i++)
		cap_install(&t->cspace[caps[i].slot], caps[i].obj, DBT_CAP_ALL, 0, NULL);
}

static void root_bootinfo(struct task *t, const char *args)
{
	paddr_t pa = root_frames(sizeof(struct dbt_bootinfo));
	word_t pages = ALIGN_UP(sizeof(struct dbt_bootinfo), PAGE_SIZE) / PAGE_SIZE;
	for (word_t i = 0; i < pages; i++)
		map_root_page(t, ROOT_BOOTINFO + i * PAGE_SIZE, pa + i * PAGE_SIZE, DBT_R);
	struct dbt_bootinfo *bi = phys_to_virt(pa);
	/* after the last allocation, so the regions are final */
	bi->magic = DBT_BOOT_MAGIC;
	bi->nregions = boot.nregions;
	memcpy(bi->region, boot.region, sizeof(bi->region));
	bi->nmodules = boot.nmodules;
	memcpy(bi->module, boot.module, sizeof(bi->module));
	bi->kmem_total = kmem_pool.total;
	bi->cspace_slots = 1ul << ROOT_CSPACE;
	bi->utcb = ROOT_UTCB;
	size_t n = strlen(args);
	memcpy(bi->cmdline, args, MIN(n, sizeof(bi->cmdline) - 1));
}

void boot_start_root_task(const char *args)
{
	struct task *t;
	struct thread *th;
	if (boot.nmodules == 0)
		panic("boot: no root task (give it as the first boot module)");
	if (task_create(&root_quota, ROOT_CSPACE, &t) || thread_create(&root_quota, t, ROOT_UTCB, &th))
		panic("boot: cannot create the root task");
	word_t entry = load_root_elf(t, &boot.module[0]);
	paddr_t stack = root_frames(ROOT_STACK_SIZE);
	for (word_t off = 0; off < ROOT_STACK_SIZE; off += PAGE_SIZE)
		map_root_page(t, ROOT_STACK_TOP - ROOT_STACK_SIZE + off, stack + off, DBT_R | DBT_W);
	root_bootinfo(t, args);
	root_caps(t, th);
	th->prio = ROOT_PRIO;
	struct trapframe *f = thread_frame(th);
	f->rip = entry;
	f->rsp = ROOT_STACK_TOP - 8;
	f->rdi = ROOT_BOOTINFO;
	th->state = TS_RUNNABLE;
	sched_add(th, false);
	printk("boot: root task '%s' entry %lx, %zu pages\n", boot.module[0].name, entry, t->npages);
}
