/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mm/mm.c - a process's address space: faults, copy-on-write, fork, and
 * its sharing by clone(CLONE_VM).
 *
 * The process's task sees a page only once unixd has TASK_MAPped its frame
 * there; every such mapping is a child of unixd's own mapping of the frame,
 * so freeing a frame (frame_put: UNMAP of unixd's page) also removes it from
 * every task.  Rights in the task: R always, W only for a writable area's
 * page that is not copy-on-write, X for an executable area.
 *
 * A fault (mm_fault) or a server access (mm_user_ptr) resolves a page:
 *   no entry           private anonymous: a zero frame; shared: the shm's frame
 *   entry, COW, write  the last reference: just drop COW; else copy the frame
 * then maps it into the task (a fault) or not (a server access that reads:
 * the next user access faults and maps it).
 *
 * Sharing: the processes of one mm (mm->users) have their threads in its
 * one task, so a page mapped, copied or unmapped for one is so for all;
 * everything here goes through p->mm and its task, whichever p it is.
 */
#include "unixd.h"
#include "mm/mm.h"
#include "mm/frame.h"

void *vma_alloc_node(void)
{
	return calloc(1, sizeof(struct vma_node));
}

void vma_free_node(void *node)
{
	free(node);
}

struct shm *shm_new(uint64_t bytes)
{
	struct shm *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	s->npages = PAGE_UP(bytes) >> UNIX_PAGE_SHIFT;
	s->pages = calloc(s->npages ? s->npages : 1, sizeof(void *));
	if (!s->pages) {
		free(s);
		return NULL;
	}
	s->m = (struct mobj){ MOBJ_SHM, 1 };
	return s;
}

static bool maps_file(const struct vma *v, const struct inode *ip)
{
	const struct mobj *o = v->obj;
	return o && o->kind == MOBJ_FILE && ((const struct fmap *)o)->ip == ip;
}

bool mm_file_mapped_writable(const struct inode *ip)
{
	for (struct proc *p = proc_next(NULL); p; p = proc_next(p)) {
		if (!p->mm)
			continue;
		for (const struct vma *v = vma_first_in(&p->mm->vmas, 0, UINT64_MAX); v; v = vma_next(v))
			if (maps_file(v, ip) && (v->flags & VMA_SHARED) && (v->prot & VMA_PROT_WRITE))
				return true;
	}
	return false;
}

/* The entries of v for file pages from..to-1 that map the file's own page
 * go (the task's mapping of the frame goes with the frame's last reference
 * or the file's dbt_unmap, fs_page_free). */
static void unmap_file_pages(struct mm *mm, const struct vma *v, uint64_t from, uint64_t to,
                             void *(*page_of)(void *ctx, uint64_t index), void *ctx)
{
	uint64_t first = v->obj_off >> UNIX_PAGE_SHIFT;
	uint64_t end = first + ((v->end - v->start) >> UNIX_PAGE_SHIFT);
	for (uint64_t i = from > first ? from : first; i < to && i < end; i++) {
		uint64_t *e = pmap_entry(&mm->pmap, v->start + ((i - first) << UNIX_PAGE_SHIFT), false);
		if (!e || !*e || PTE_FRAME(*e) != page_of(ctx, i))
			continue;       /* not mapped, or a private copy */
		frame_put(PTE_FRAME(*e));
		*e = 0;
		mm->pmap.pages--;
	}
}

void mm_file_unmap(const struct inode *ip, uint64_t from, uint64_t to,
                   void *(*page_of)(void *ctx, uint64_t index), void *ctx)
{
	for (struct proc *p = proc_next(NULL); p; p = proc_next(p)) {
		if (!p->mm)
			continue;       /* (an mm shared by vfork is seen twice: no entry is left then) */
		for (const struct vma *v = vma_first_in(&p->mm->vmas, 0, UINT64_MAX); v; v = vma_next(v))
			if (maps_file(v, ip))
				unmap_file_pages(p->mm, v, from, to, page_of, ctx);
	}
}

struct mobj *fmap_new(struct file *f)
{
	struct fmap *fm = calloc(1, sizeof(*fm));
	if (!fm)
		return NULL;
	fm->m = (struct mobj){ MOBJ_FILE, 1 };
	fm->ip = vfs_iget(f->inode);
	return &fm->m;
}

void mobj_put(struct mobj *o)
{
	if (--o->refs)
		return;
	if (o->kind == MOBJ_FILE) {
		vfs_iput(((struct fmap *)o)->ip);
		free(o);
		return;
	}
	struct shm *s = (struct shm *)o;
	for (uint64_t i = 0; i < s->npages; i++)
		if (s->pages[i])
			frame_put(s->pages[i]);
	free(s->pages);
	free(s);
}

/* ---- callbacks of the area map ---- */

static void cb_unmapped(void *ctx, const struct vma *piece)
{
	struct proc *p = ctx;
	mm_task_unmap(p, piece->start, piece->end, 0);
	pmap_clear(&p->mm->pmap, piece->start, piece->end);
}

static void cb_reprotect(void *ctx, const struct vma *piece, unsigned old_prot)
{
	struct proc *p = ctx;
	unsigned lost = old_prot & ~piece->prot;
	if (!(piece->prot & VMA_PROT_ALL))
		mm_task_unmap(p, piece->start, piece->end, 0);
	else if (lost & (VMA_PROT_WRITE | VMA_PROT_EXEC))
		mm_task_unmap(p, piece->start, piece->end,
		              (lost & VMA_PROT_WRITE ? DBT_W : 0) | (lost & VMA_PROT_EXEC ? DBT_X : 0));
	/* rights given back come with the next fault */
}

static void cb_obj_get(void *ctx, void *obj)
{
	(void)ctx;
	((struct mobj *)obj)->refs++;
}

static void cb_obj_put(void *ctx, void *obj)
{
	(void)ctx;
	mobj_put(obj);
}

void mm_cb(struct proc *p, struct vma_cb *cb)
{
	*cb = (struct vma_cb){ p, cb_unmapped, cb_reprotect, cb_obj_get, cb_obj_put };
}

/* The area map's part of a new mm: empty but for the UTCB area. */
static int mm_areas_init(struct mm *mm)
{
	struct vma_layout l = {
		.min_addr = VMA_MMAP_MIN_ADDR, .mmap_base = UPROC_MMAP_BASE,
		.top = VMA_TASK_SIZE, .guard_gap = VMA_GUARD_GAP, .max_count = VMA_MAX_MAP_COUNT,
	};
	vma_init(&mm->vmas, &l);
	/* the UTCB area is the kernel's business: nothing may be mapped there */
	return vma_map(&mm->vmas, UPROC_UTCB_BASE, (uint64_t)UPROC_UTCB_PAGES * UNIX_PAGE, 0,
	               VMA_RESERVED, NULL, 0, VMA_FIXED_NOREPLACE, NULL) < 0 ? -LX_ENOMEM : 0;
}

/* A struct mm with its kernel task, no areas yet; NULL without memory. */
static struct mm *mm_alloc(void)
{
	struct mm *mm = calloc(1, sizeof(*mm));
	if (!mm)
		return NULL;
	if (mm_kernel_new(mm) < 0) {
		mm_kernel_free(mm);
		free(mm);
		return NULL;
	}
	mm->users = 1;
	return mm;
}

struct mm *mm_new(void)
{
	struct mm *mm = mm_alloc();
	if (mm && mm_areas_init(mm) < 0) {
		mm_kernel_free(mm);
		free(mm);
		return NULL;
	}
	return mm;
}

/* Everything of mm: the task first (its threads and mappings go with
 * it, so nothing need be unmapped), then the areas and the frames. */
static void mm_free(struct mm *mm)
{
	mm_kernel_free(mm);
	struct vma_cb cb = { NULL, NULL, NULL, cb_obj_get, cb_obj_put };
	vma_destroy(&mm->vmas, &cb);
	pmap_destroy(&mm->pmap);
	free(mm);
}

void mm_drop(struct mm *mm)
{
	if (mm && --mm->users == 0)
		mm_free(mm);
}

void mm_put(struct proc *p)
{
	mm_drop(p->mm);
	p->mm = NULL;
}

void mm_share(struct proc *child, struct proc *parent)
{
	child->mm = parent->mm;
	child->mm->users++;
}

unsigned mm_rights(const struct vma *v)
{
	return DBT_R | (v->prot & VMA_PROT_WRITE ? DBT_W : 0) | (v->prot & VMA_PROT_EXEC ? DBT_X : 0);
}

int mm_task_map(struct proc *p, void *frame, uint64_t va, unsigned rights)
{
	dbt_word_t done, err;
	while ((err = dbt_task_map(p->mm->task, (uintptr_t)frame, va, 1, rights, &done)) == DBT_E_NO_QUOTA)
		if (!proc_quota_grow(p))
			return -LX_ENOMEM;
	return err ? -LX_ENOMEM : 0;
}

void mm_task_unmap(struct proc *p, uint64_t start, uint64_t end, unsigned rights)
{
	while (start < end) {
		dbt_word_t done = 0;
		if (dbt_task_unmap(p->mm->task, start, (end - start) >> UNIX_PAGE_SHIFT, rights, &done) ||
		    !done)
			break;
		start += done << UNIX_PAGE_SHIFT;
	}
}

/* A page of a mapped file: the file's own page (with one more reference),
 * NULL beyond the end of the file (SIGBUS) or out of memory. */
static void *file_page(struct fmap *fm, uint64_t i)
{
	struct inode *ip = fm->ip;
	if (i >= PAGE_UP(ip->size) >> UNIX_PAGE_SHIFT || !ip->ops->page)
		return NULL;
	void *page = ip->ops->page(ip, i);
	if (page)
		frame_get(page);
	return page;
}

/* The frame that a page of v at va starts with (no entry yet); *cow when it
 * is a file's page that a private area may not write. */
static void *page_first_frame(const struct vma *v, uint64_t va, bool *cow)
{
	*cow = false;
	if (!v->obj)
		return frame_alloc();
	uint64_t i = (v->obj_off + (va - v->start)) >> UNIX_PAGE_SHIFT;
	struct mobj *o = v->obj;
	if (o->kind == MOBJ_FILE) {
		*cow = !(v->flags & VMA_SHARED);
		return file_page((struct fmap *)o, i);
	}
	struct shm *s = (struct shm *)o;
	if (i >= s->npages)
		return NULL;            /* beyond the object: SIGBUS on Linux */
	if (!s->pages[i] && !(s->pages[i] = frame_alloc()))
		return NULL;
	frame_get(s->pages[i]);
	return s->pages[i];
}

/* Resolve the entry of va in v for an access; NULL when out of memory. */
static uint64_t *page_resolve(struct proc *p, const struct vma *v, uint64_t va, bool write)
{
	uint64_t *e = pmap_entry(&p->mm->pmap, va, true);
	if (!e)
		return NULL;
	if (!*e) {
		bool cow;
		void *f = page_first_frame(v, va, &cow);
		if (!f)
			return NULL;
		*e = (uintptr_t)f | (cow ? PTE_COW : 0);
		p->mm->pmap.pages++;
	}
	if (write && (*e & PTE_COW)) {
		void *old = PTE_FRAME(*e);
		if (frame_refs(old) > 1) {
			void *copy = frame_alloc();
			if (!copy)
				return NULL;
			memcpy(copy, old, UNIX_PAGE);
			frame_put(old);
			*e = (uintptr_t)copy;
		} else {
			*e &= ~PTE_COW;
		}
	}
	return e;
}

static unsigned needed_prot(unsigned access)
{
	if (access & DBT_PF_WRITE)
		return VMA_PROT_WRITE;
	if (access & DBT_PF_EXEC)
		return VMA_PROT_EXEC;
	return VMA_PROT_READ | VMA_PROT_WRITE | VMA_PROT_EXEC;   /* any: x86 reads them all */
}

/* The area for an access at addr, growing the stack down to it if that is
 * where it falls; NULL with *code the si_code otherwise. */
static const struct vma *fault_area(struct proc *p, uint64_t addr, int *code)
{
	const struct vma *v = vma_find(&p->mm->vmas, addr);
	*code = LX_SEGV_MAPERR;
	if (!v) {
		struct vma_cb cb;
		mm_cb(p, &cb);
		if (vma_grow_down(&p->mm->vmas, addr, p->rlim[3].cur, &cb) < 0)
			return NULL;
		v = vma_find(&p->mm->vmas, addr);
	}
	if (v && (v->flags & VMA_RESERVED))
		return NULL;
	return v;
}

/* A file page of v at va that the file no longer has (truncated): the
 * entry goes, and the access is SIGBUS, as Linux. */
static bool file_page_gone(struct proc *p, const struct vma *v, uint64_t va)
{
	struct mobj *o = v->obj;
	if (!o || o->kind != MOBJ_FILE)
		return false;
	uint64_t i = (v->obj_off + (va - v->start)) >> UNIX_PAGE_SHIFT;
	if (i < PAGE_UP(((struct fmap *)o)->ip->size) >> UNIX_PAGE_SHIFT)
		return false;
	uint64_t *e = pmap_entry(&p->mm->pmap, va, false);
	if (e && *e) {          /* private copies go too (Linux unmaps them as well) */
		frame_put(PTE_FRAME(*e));
		*e = 0;
		p->mm->pmap.pages--;
	}
	return true;
}

/* A page of a shared writable file mapping is mapped: the process may write it
 * from now on, so its file system writes it back at sync (page_dirty). */
static void file_page_shared(const struct vma *v, uint64_t va)
{
	struct mobj *o = v->obj;
	if (!o || o->kind != MOBJ_FILE || !(v->flags & VMA_SHARED) || !(v->prot & VMA_PROT_WRITE))
		return;
	struct inode *ip = ((struct fmap *)o)->ip;
	if (ip->ops->page_dirty)
		ip->ops->page_dirty(ip, (v->obj_off + (va - v->start)) >> UNIX_PAGE_SHIFT);
}

int mm_fault(struct proc *p, uint64_t addr, unsigned access)
{
	int code;
	const struct vma *v = fault_area(p, addr, &code);
	if (!v)
		return code;
	if (!(v->prot & needed_prot(access)))
		return LX_SEGV_ACCERR;
	uint64_t va = PAGE_DOWN(addr);
	if (file_page_gone(p, v, va))
		return -LX_EFAULT;      /* SIGBUS */
	bool write = access & DBT_PF_WRITE;
	uint64_t *e = page_resolve(p, v, va, write && !(v->flags & VMA_SHARED));
	if (!e)
		return -LX_ENOMEM;
	unsigned rights = mm_rights(v);
	if (*e & PTE_COW)
		rights &= ~DBT_W;
	file_page_shared(v, va);
	return mm_task_map(p, PTE_FRAME(*e), va, rights);
}

static void *user_ptr(struct proc *p, uint64_t va, bool write, bool force)
{
	if (va >= VMA_TASK_SIZE)
		return NULL;
	int code;
	const struct vma *v = fault_area(p, va, &code);
	if (!v || (!force && !(v->prot & (write ? VMA_PROT_WRITE : VMA_PROT_ALL))))
		return NULL;
	uint64_t page = PAGE_DOWN(va);
	uint64_t *e = pmap_entry(&p->mm->pmap, page, false);
	bool was_cow = e && (*e & PTE_COW);
	e = page_resolve(p, v, page, write && !(v->flags & VMA_SHARED));
	if (!e)
		return NULL;
	/* a copy made for a write replaces the page the task still maps */
	if (write && was_cow && mm_task_map(p, PTE_FRAME(*e), page, mm_rights(v)) < 0)
		return NULL;
	if (write)
		file_page_shared(v, page);
	return (char *)PTE_FRAME(*e) + (va - page);
}

void *mm_user_ptr(struct proc *p, uint64_t va, bool write)
{
	return user_ptr(p, va, write, false);
}

void *mm_write_ptr(struct proc *p, uint64_t va)
{
	return user_ptr(p, va, true, true);
}

int mm_populate(struct proc *p, uint64_t va, const void *data, uint64_t len, bool write)
{
	(void)write;
	for (uint64_t off = 0; off < len; off += UNIX_PAGE) {
		uint64_t n = len - off < UNIX_PAGE ? len - off : UNIX_PAGE;
		char *dst = mm_user_ptr(p, va + off, false);
		if (!dst)
			return -LX_ENOMEM;
		memcpy(dst, (const char *)data + off, n);
	}
	return 0;
}

/* ---- fork ---- */

struct clone_ctx {
	struct proc *child;
	int err;
};

static void clone_page(void *ctx, uint64_t va, uint64_t *e)
{
	struct clone_ctx *c = ctx;
	if (c->err)
		return;
	uint64_t *ce = pmap_entry(&c->child->mm->pmap, va, true);
	if (!ce) {
		c->err = -LX_ENOMEM;
		return;
	}
	const struct vma *v = vma_find(&c->child->mm->vmas, va);
	if (!v || !(v->flags & VMA_SHARED))
		*e |= PTE_COW;
	frame_get(PTE_FRAME(*e));
	*ce = *e;
	c->child->mm->pmap.pages++;
}

int mm_clone(struct proc *child, struct proc *parent)
{
	struct mm *mm = mm_alloc();
	if (!mm)
		return -LX_EAGAIN;
	struct vma_cb cb;
	mm_cb(child, &cb);
	if (vma_clone(&mm->vmas, &parent->mm->vmas, &cb) < 0) {
		mm_drop(mm);
		return -LX_ENOMEM;
	}
	mm->brk_start = parent->mm->brk_start;
	mm->brk = parent->mm->brk;
	mm->stack_start = parent->mm->stack_start;
	mm->arg_start = parent->mm->arg_start, mm->arg_end = parent->mm->arg_end;
	mm->env_start = parent->mm->env_start, mm->env_end = parent->mm->env_end;
	child->mm = mm;
	struct clone_ctx c = { child, 0 };
	pmap_walk(&parent->mm->pmap, 0, VMA_TASK_SIZE, clone_page, &c);
	/* the parent's private pages are copy-on-write from now on */
	for (const struct vma *v = vma_first_in(&parent->mm->vmas, 0, VMA_TASK_SIZE); v; v = vma_next(v))
		if (!(v->flags & VMA_SHARED) && (v->prot & VMA_PROT_WRITE))
			mm_task_unmap(parent, v->start, v->end, DBT_W);
	if (c.err)
		mm_put(child);
	return c.err;
}
