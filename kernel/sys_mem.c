/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sys_mem.c - memory and I/O-port kernel calls: map physical memory (root
 * task), unmap, query a mapping, open I/O ports; map a range of the
 * caller's pages into a task it controls and unmap or downgrade pages of
 * that one task (TASK_MAP, TASK_UNMAP: how a personality server populates
 * and trims its processes' address spaces).
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

/* a1 = 0: the caller's own space; else a task capability with CONTROL. */
word_t sys_map_info(struct thread *t, struct trapframe *f)
{
	struct cap *tc;
	struct task *space = t->task;
	word_t va = A0(f), err;
	if (A1(f)) {
		if ((err = cap_lookup(t->task, A1(f), DBT_OBJ_TASK, DBT_CAP_CONTROL, &tc)))
			return err;
		space = (struct task *)tc->obj;
	}
	if (!user_range_ok(va, 1))
		return DBT_E_BAD_ADDRESS;
	struct mapnode *n = space_lookup(space, ALIGN_DOWN(va, PAGE_SIZE));
	if (!n)
		return DBT_E_NOT_MAPPED;
	f->rdi = n->pa + (va & (PAGE_SIZE - 1));
	f->rsi = n->rights;
	return DBT_OK;
}

/* [va, va + pages pages) is page-aligned and lies in user space (pages may be 0). */
static bool page_range_ok(word_t va, word_t pages)
{
	return IS_ALIGNED(va, PAGE_SIZE) && pages <= (DBT_USER_TOP >> PAGE_SHIFT) &&
	       user_range_ok(va, pages << PAGE_SHIFT);
}

/* a0 task, a1 src, a2 dst, a3 pages, a4 rights; v0 = pages mapped, on every return. */
word_t sys_task_map(struct thread *t, struct trapframe *f)
{
	struct cap *tc;
	word_t slot = A0(f), src = A1(f), dst = A2(f), pages = A3(f), rights = A4(f), err;
	f->rdi = 0;
	if ((err = cap_lookup(t->task, slot, DBT_OBJ_TASK, DBT_CAP_CONTROL, &tc)))
		return err;
	if (rights == 0 || rights > DBT_RWX)
		return DBT_E_INVALID_ARG;
	if (!page_range_ok(src, pages) || !page_range_ok(dst, pages))
		return DBT_E_BAD_ADDRESS;
	word_t size = pages << PAGE_SHIFT;
	if (dst + size > DBT_USER_TOP - PAGE_SIZE)
		return DBT_E_BAD_ADDRESS;       /* the last user page is never mapped */
	struct task *target = (struct task *)tc->obj;
	if (target == t->task && src < dst + size && dst < src + size)
		return DBT_E_INVALID_ARG;       /* onto its own source */
	return space_map_range(t->task, src, target, dst, MIN(pages, (word_t)DBT_TASK_MAP_MAX),
	                       (unsigned)rights, &f->rdi);
}

/* a0 task, a1 va, a2 pages, a3 rights to revoke (0: all); v0 = pages gone through. */
word_t sys_task_unmap(struct thread *t, struct trapframe *f)
{
	struct cap *tc;
	word_t slot = A0(f), va = A1(f), pages = A2(f), rights = A3(f), err;
	f->rdi = 0;
	if ((err = cap_lookup(t->task, slot, DBT_OBJ_TASK, DBT_CAP_CONTROL, &tc)))
		return err;
	if (rights > DBT_RWX)
		return DBT_E_INVALID_ARG;
	if (!page_range_ok(va, pages))
		return DBT_E_BAD_ADDRESS;
	unsigned take = rights ? (unsigned)rights : DBT_RWX;
	vaddr_t end = va + (pages << PAGE_SHIFT);
	vaddr_t got = space_unmap_task((struct task *)tc->obj, va, end, take, DBT_TASK_UNMAP_SCAN);
	f->rdi = (got - va) >> PAGE_SHIFT;
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
