/*
 * sys_mem.c - memory and I/O-port kernel calls: map physical memory (root
 * task), unmap, query a mapping, open I/O ports.
 */
#include "syscall.h"
#include "task.h"
#include "boot.h"

#define MAP_PHYS_MAX_ORDER 30           /* at most 1 GiB per call */

word_t sys_map_phys(struct thread *t, struct trapframe *f)
{
	struct cap *c;
	word_t pa = A1(f), fp = A2(f), attr = A3(f), err;
	if ((err = cap_lookup(t->task, A0(f), DBT_OBJ_PHYSMEM, DBT_CAP_CONTROL, &c)))
		return err;
	unsigned order = DBT_FPAGE_ORDER(fp), rights = DBT_FPAGE_RIGHTS(fp);
	if (!mem_fpage_ok(fp))
		return DBT_E_BAD_ADDRESS;
	if (order > MAP_PHYS_MAX_ORDER || rights == 0 || rights > DBT_RWX || attr > DBT_MAP_UNCACHED)
		return DBT_E_INVALID_ARG;
	word_t size = DBT_FPAGE_SIZE(fp);
	if (!IS_ALIGNED(pa, size) || pa >= DBT_MAP_PHYS_TOP || boot_is_kernel_memory(pa, size))
		return DBT_E_BAD_ADDRESS;
	vaddr_t va = DBT_FPAGE_BASE(fp);
	for (word_t off = 0; off < size; off += PAGE_SIZE)
		if ((err = space_map_page(t->task, va + off, pa + off, rights, (unsigned)attr, NULL)))
			return err;
	return DBT_OK;
}

word_t sys_unmap(struct thread *t, struct trapframe *f)
{
	word_t fp = A0(f), flags = A1(f);
	unsigned rights = DBT_FPAGE_RIGHTS(fp);
	if (flags & ~(word_t)(DBT_UNMAP_SELF | DBT_UNMAP_IO))
		return DBT_E_INVALID_ARG;
	bool self = flags & DBT_UNMAP_SELF;
	if (flags & DBT_UNMAP_IO) {
		if (!io_fpage_ok(fp))
			return DBT_E_INVALID_ARG;
		io_unmap(t->task, (unsigned)DBT_IO_FPAGE_PORT(fp), DBT_FPAGE_ORDER(fp), self);
		return DBT_OK;
	}
	if (!mem_fpage_ok(fp))
		return DBT_E_BAD_ADDRESS;
	if (rights > DBT_RWX)
		return DBT_E_INVALID_ARG;
	space_unmap(t->task, DBT_FPAGE_BASE(fp), DBT_FPAGE_SIZE(fp), rights ? rights : DBT_RWX, self);
	return DBT_OK;
}

word_t sys_map_info(struct thread *t, struct trapframe *f)
{
	word_t va = A0(f);
	if (!user_range_ok(va, 1))
		return DBT_E_BAD_ADDRESS;
	struct mapnode *n = space_lookup(t->task, ALIGN_DOWN(va, PAGE_SIZE));
	if (!n)
		return DBT_E_NOT_MAPPED;
	f->rdi = n->pa + (va & (PAGE_SIZE - 1));
	f->rsi = n->rights;
	return DBT_OK;
}

word_t sys_io_enable(struct thread *t, struct trapframe *f)
{
	struct cap *c;
	word_t fp = A1(f), err;
	if ((err = cap_lookup(t->task, A0(f), DBT_OBJ_IOSPACE, DBT_CAP_CONTROL, &c)))
		return err;
	if (!io_fpage_ok(fp))
		return DBT_E_INVALID_ARG;
	unsigned port = (unsigned)DBT_IO_FPAGE_PORT(fp), order = DBT_FPAGE_ORDER(fp);
	if (io_lookup(t->task, port, order))
		return DBT_OK;
	return io_map(t->task, port, order, NULL);
}
