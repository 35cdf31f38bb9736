/*
 * sys_mem.c - memory and I/O-port kernel calls: map physical memory (root
 * task), unmap, query a mapping, open I/O ports.
 */
#include "syscall.h"
#include "task.h"
#include "boot.h"

#define MAP_PHYS_MAX_ORDER 30           /* at most 1 GiB per call */

static bool mem_fpage_ok(word_t fp)
{
	unsigned order = DBT_FPAGE_ORDER(fp);
	word_t base = DBT_FPAGE_BASE(fp);
	return order >= DBT_PAGE_ORDER && order <= 47 && IS_ALIGNED(base, (word_t)1 << order) &&
	       user_range_ok(base, (word_t)1 << order);
}

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
	word_t size = (word_t)1 << order;
	if (!IS_ALIGNED(pa, size) || pa >= (1ull << 46) || boot_is_kernel_memory(pa, size))
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
		word_t port = DBT_FPAGE_BASE(fp) >> 12;
		unsigned order = DBT_FPAGE_ORDER(fp);
		if (order > 16 || port >= 65536 || !IS_ALIGNED(port, (word_t)1 << order))
			return DBT_E_INVALID_ARG;
		io_unmap(t->task, (unsigned)port, order, self);
		return DBT_OK;
	}
	if (!mem_fpage_ok(fp))
		return DBT_E_BAD_ADDRESS;
	if (rights > DBT_RWX)
		return DBT_E_INVALID_ARG;
	space_unmap(t->task, DBT_FPAGE_BASE(fp), (word_t)1 << DBT_FPAGE_ORDER(fp),
	            rights ? rights : DBT_RWX, self);
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
	word_t port = DBT_FPAGE_BASE(fp) >> 12;
	unsigned order = DBT_FPAGE_ORDER(fp);
	if (order > 16 || port >= 65536 || !IS_ALIGNED(port, (word_t)1 << order))
		return DBT_E_INVALID_ARG;
	if (io_lookup(t->task, (unsigned)port, order))
		return DBT_OK;
	return io_map(t->task, (unsigned)port, order, NULL);
}
