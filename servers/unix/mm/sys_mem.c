/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mm/sys_mem.c - brk, mmap, munmap, mprotect, mremap, madvise, mincore.
 *
 * Each decodes its arguments the way Linux does (mm/mmap.c and friends),
 * then lets the area map (mm/vma.c) change the layout; the map's callbacks
 * (mm_cb) free or downgrade the pages.  Only anonymous memory for now:
 * file mappings answer ENODEV (the page cache comes with ext2).
 */
#include "unixd.h"
#include "mm/mm.h"
#include "fd.h"

#define LX_MAP_SHARED          0x01
#define LX_MAP_PRIVATE         0x02
#define LX_MAP_SHARED_VALIDATE 0x03
#define LX_MAP_TYPE            0x0f
#define LX_MAP_FIXED           0x10
#define LX_MAP_ANONYMOUS       0x20
#define LX_MAP_GROWSDOWN       0x100
#define LX_MAP_POPULATE        0x8000
#define LX_MAP_FIXED_NOREPLACE 0x100000
#define LX_MADV_DONTNEED       4
#define LX_MADV_FREE           8
#define RLIMIT_AS              9

static bool over_as_limit(struct proc *p, uint64_t len);
static long mmap_file_check(struct proc *p, int fd, unsigned type, unsigned prot, struct file **out,
                            bool *deny);

/* Linux's overcommit heuristic (OVERCOMMIT_GUESS): one request for more
 * than all of memory fails at once.  "All of memory" is unixd's budget. */
static bool over_commit(uint64_t len)
{
	return len > urt_env->heap_max;
}

long sys_brk(struct uthread *t, const uint64_t *a)
{
	struct proc *p = t->proc;
	struct mm *mm = p->mm;
	uint64_t want = a[0];
	if (want < mm->brk_start)
		return (long)mm->brk;
	uint64_t grow = PAGE_UP(want) > PAGE_UP(mm->brk) ? PAGE_UP(want) - PAGE_UP(mm->brk) : 0;
	if (grow && (over_as_limit(p, grow) || over_commit(grow)))
		return (long)mm->brk;
	struct vma_cb cb;
	mm_cb(p, &cb);
	if (vma_brk(&mm->vmas, mm->brk_start, mm->brk, want, VMA_PROT_READ | VMA_PROT_WRITE, &cb) == 0)
		mm->brk = want;
	return (long)mm->brk;
}

static bool over_as_limit(struct proc *p, uint64_t len)
{
	uint64_t lim = p->rlim[RLIMIT_AS].cur;
	return lim != LX_RLIM_INFINITY && vma_mapped_bytes(&p->mm->vmas) + len > lim;
}

long sys_mmap(struct uthread *t, const uint64_t *a)
{
	struct proc *p = t->proc;
	uint64_t addr = a[0], len = a[1], flags = a[3], off = a[5];
	unsigned prot = (unsigned)a[2];
	unsigned type = flags & LX_MAP_TYPE;
	if (!len || (off & (UNIX_PAGE - 1)) || PAGE_UP(len) < len)
		return len && PAGE_UP(len) < len ? -LX_ENOMEM : -LX_EINVAL;
	if (type != LX_MAP_SHARED && type != LX_MAP_PRIVATE && type != LX_MAP_SHARED_VALIDATE)
		return -LX_EINVAL;
	if (prot & ~VMA_PROT_ALL)
		return -LX_EINVAL;
	struct file *f = NULL;
	bool deny = false;
	if (!(flags & LX_MAP_ANONYMOUS)) {
		long err = mmap_file_check(p, (int)a[4], type, prot, &f, &deny);
		if (err)
			return err;
	} else if (type == LX_MAP_SHARED_VALIDATE) {
		return -LX_EINVAL;
	}
	if (over_as_limit(p, PAGE_UP(len)))
		return -LX_ENOMEM;
	bool accountable = type != LX_MAP_PRIVATE ? !f : (prot & VMA_PROT_WRITE);
	if (accountable && !(flags & 0x4000 /* MAP_NORESERVE */) && over_commit(PAGE_UP(len)))
		return -LX_ENOMEM;
	enum vma_mode mode = flags & LX_MAP_FIXED_NOREPLACE ? VMA_FIXED_NOREPLACE :
	                     flags & LX_MAP_FIXED ? VMA_FIXED : VMA_HINT;
	unsigned vflags = (f ? 0 : VMA_ANON) | (flags & LX_MAP_GROWSDOWN ? VMA_GROWSDOWN : 0) |
	                  (type != LX_MAP_PRIVATE ? VMA_SHARED : 0) | (deny ? VMA_DENY_WRITE : 0);
	struct mobj *o = NULL;
	if (f)
		o = fmap_new(f);
	else if (type != LX_MAP_PRIVATE)
		o = (struct mobj *)shm_new(len);
	if ((f || type != LX_MAP_PRIVATE) && !o)
		return -LX_ENOMEM;
	struct vma_cb cb;
	mm_cb(p, &cb);
	int64_t r = vma_map(&p->mm->vmas, addr, len, prot, vflags, o, f ? off : 0, mode, &cb);
	if (o)
		mobj_put(o);            /* the area holds its own reference */
	return r;
}

/* A file to map: /dev/zero maps anonymous memory (*out stays NULL); a
 * regular file opened for reading maps its own pages (mm.c: shared, or
 * copied on write); a shared writable mapping needs the file open for
 * writing too and not sealed against writes (a memfd: EPERM), and a shared
 * read-only one of such a file may not gain PROT_WRITE later (*deny). */
static long mmap_file_check(struct proc *p, int fd, unsigned type, unsigned prot, struct file **out,
                            bool *deny)
{
	struct file *f = fd_file(p, fd);
	if (!f)
		return -LX_EBADF;
	if ((f->flags & LX_O_ACCMODE) == LX_O_WRONLY || (f->flags & LX_O_PATH))
		return -LX_EACCES;
	uint32_t mode = f->inode->mode;
	if (LX_S_ISCHR(mode) && f->inode->rdev == vfs_mkdev(1, 5))
		return 0;               /* /dev/zero */
	if (!LX_S_ISREG(mode) || !f->inode->ops->page)
		return -LX_ENODEV;
	bool writable = (f->flags & LX_O_ACCMODE) == LX_O_RDWR;
	bool sealed = f->inode->seals & VFS_SEALS_NO_WRITE;    /* a memfd sealed against writes */
	if (type != LX_MAP_PRIVATE && (prot & VMA_PROT_WRITE) && (!writable || sealed))
		return sealed && writable ? -LX_EPERM : -LX_EACCES;
	*deny = type != LX_MAP_PRIVATE && (!writable || sealed);
	*out = f;
	return 0;
}

long sys_munmap(struct uthread *t, const uint64_t *a)
{
	struct vma_cb cb;
	mm_cb(t->proc, &cb);
	return vma_unmap(&t->proc->mm->vmas, a[0], a[1], &cb);
}

long sys_mprotect(struct uthread *t, const uint64_t *a)
{
	struct vma_cb cb;
	if (a[2] & ~(uint64_t)VMA_PROT_ALL)
		return -LX_EINVAL;
	mm_cb(t->proc, &cb);
	return vma_protect(&t->proc->mm->vmas, a[0], a[1], (unsigned)a[2], &cb);
}

struct move_ctx {
	struct proc *p;
	uint64_t delta;
	int err;
};

static void move_page(void *ctx, uint64_t va, uint64_t *e)
{
	struct move_ctx *m = ctx;
	uint64_t *ne = pmap_entry(&m->p->mm->pmap, va + m->delta, true);
	if (!ne) {
		m->err = -LX_ENOMEM;
		return;
	}
	*ne = *e;
	*e = 0;
}

long sys_mremap(struct uthread *t, const uint64_t *a)
{
	struct proc *p = t->proc;
	struct vma_remap_result res;
	struct vma_cb cb;
	mm_cb(p, &cb);
	if (a[2] > a[1] && over_as_limit(p, PAGE_UP(a[2]) - PAGE_UP(a[1])))
		return -LX_ENOMEM;
	int r = vma_remap(&p->mm->vmas, a[0], a[1], a[2], (unsigned)a[3], a[4], &res, &cb);
	if (r < 0)
		return r;
	if (res.moved_len) {
		struct move_ctx m = { p, res.addr - res.moved_from, 0 };
		mm_task_unmap(p, res.moved_from, res.moved_from + res.moved_len, 0);
		pmap_walk(&p->mm->pmap, res.moved_from, res.moved_from + res.moved_len, move_page, &m);
		if (m.err)
			return m.err;
	}
	return (long)res.addr;
}

long sys_madvise(struct uthread *t, const uint64_t *a)
{
	struct proc *p = t->proc;
	uint64_t start = a[0], end = a[0] + PAGE_UP(a[1]);
	if (start & (UNIX_PAGE - 1) || end < start)
		return -LX_EINVAL;
	uint64_t adv = a[2];
	if (!(adv <= 4 || (adv >= 8 && adv <= 23)))
		return -LX_EINVAL;
	if (vma_bytes_in(&p->mm->vmas, start, end) != end - start)
		return -LX_ENOMEM;      /* part of the range is not mapped */
	if (adv != LX_MADV_DONTNEED && adv != LX_MADV_FREE)
		return 0;               /* advice taken, nothing to do */
	for (const struct vma *v = vma_first_in(&p->mm->vmas, start, end); v && v->start < end;
	     v = vma_next(v)) {
		if (v->flags & VMA_SHARED)
			continue;
		uint64_t lo = v->start > start ? v->start : start, hi = v->end < end ? v->end : end;
		mm_task_unmap(p, lo, hi, 0);
		pmap_clear(&p->mm->pmap, lo, hi);
	}
	return 0;
}

/* msync: shared file pages are the file's own, so there is nothing to
 * write back; the checks are Linux's. */
/* msync(MS_SYNC) (MS_ASYNC does nothing, as Linux's): the files that shared
 * mappings in [start, end) map are written back (their file systems write what
 * page_dirty marked); the first error. */
static int msync_files(const struct vma_map *map, uint64_t start, uint64_t end)
{
	int first = 0;
	for (const struct vma *v = vma_first_in(map, start, end); v && v->start < end;
	     v = vma_next(v)) {
		struct mobj *o = v->obj;
		if (!o || o->kind != MOBJ_FILE || !(v->flags & VMA_SHARED))
			continue;
		struct inode *ip = ((struct fmap *)o)->ip;
		const struct vfs_sb_ops *sops = ip->sb->sops;
		int err = sops && sops->fsync ? sops->fsync(ip, true) : 0;
		if (err && !first)
			first = err;
	}
	return first;
}

long sys_msync(struct uthread *t, const uint64_t *a)
{
	uint64_t start = a[0], end = a[0] + PAGE_UP(a[1]), fl = a[2];
	if ((start & (UNIX_PAGE - 1)) || (fl & ~7ull) || ((fl & 1) && (fl & 4)) || end < start)
		return -LX_EINVAL;
	if (vma_bytes_in(&t->proc->mm->vmas, start, end) != end - start)
		return -LX_ENOMEM;
	return (fl & 4) ? msync_files(&t->proc->mm->vmas, start, end) : 0;	/* MS_SYNC */
}

/* The residency mincore reports for the page at va of area v: a page the
 * process has in its page table, or any page of an area backed by an
 * object (the ramfs and shared memory keep every page in memory, as a page
 * cache that holds the whole file would). */
static unsigned char page_resident(struct proc *p, const struct vma *v, uint64_t va)
{
	const uint64_t *e = pmap_entry(&p->mm->pmap, va, false);
	return v->obj || (e && *e) ? 1 : 0;
}

#define MINCORE_CHUNK 256       /* pages answered per copy_out */

/* mincore: Linux's checks (EINVAL unaligned, ENOMEM beyond user space or at
 * a hole, EFAULT for vec); the pages before a hole are reported first. */
long sys_mincore(struct uthread *t, const uint64_t *a)
{
	struct proc *p = t->proc;
	uint64_t start = a[0], len = a[1], vec = a[2];
	if (start & (UNIX_PAGE - 1))
		return -LX_EINVAL;
	if (len > VMA_TASK_SIZE || start > VMA_TASK_SIZE - len)
		return -LX_ENOMEM;
	unsigned char buf[MINCORE_CHUNK];
	uint64_t end = start + PAGE_UP(len), va = start;
	while (va < end) {
		unsigned n = 0;
		const struct vma *v = vma_find(&p->mm->vmas, va);
		if (v && (v->flags & VMA_RESERVED))
			v = NULL;       /* the UTCB area: not a mapping of the program's */
		for (; v && va >= v->start && va < v->end && va < end && n < MINCORE_CHUNK; va += UNIX_PAGE)
			buf[n++] = page_resident(p, v, va);
		if (n && copy_out(p, vec, buf, n) < 0)
			return -LX_EFAULT;
		vec += n;
		if (!n)
			return -LX_ENOMEM;
	}
	return 0;
}
