/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * mm/mm.h - a process's memory: its areas (vma.h), the frames behind its
 * pages (pmap.h), and what unixd does with them.
 *
 *   mm.c       the address space object, page faults, resolving a user page
 *              for the server's own copies, fork's copy-on-write clone,
 *              clone(CLONE_VM)'s sharing
 *   uaccess.c  copy_in / copy_out / copy_in_str: user memory, EFAULT-checked
 *   sys_mem.c  brk, mmap, munmap, mprotect, mremap, madvise
 *
 * Pages are filled lazily: an area has no frames until a fault (or a copy
 * by the server) touches a page.  Private pages after fork are shared
 * copy-on-write (PTE_COW); shared anonymous memory lives in a struct shm
 * that every area mapping it references.
 */
#ifndef UNIX_MM_H
#define UNIX_MM_H

#include <stdbool.h>
#include <stdint.h>
#include "unixd.h"
#include "mm/vma.h"
#include "mm/pmap.h"
#include "vfs.h"

struct proc;

/* What an area's pages come from besides zeros (vma.obj): a memory object,
 * one reference per area. */
enum mobj_kind { MOBJ_SHM, MOBJ_FILE };
struct mobj {
	enum mobj_kind kind;
	unsigned refs;
};

/* Shared anonymous memory (MAP_SHARED|MAP_ANONYMOUS, /dev/zero): its pages. */
struct shm {
	struct mobj m;
	uint64_t npages;
	void **pages;           /* frames or NULL, each holding one reference */
};

/* A mapped file: its pages are the file's own (inode_ops.page), shared by a
 * MAP_SHARED area, copied on write by a MAP_PRIVATE one. */
struct fmap {
	struct mobj m;
	struct inode *ip;       /* a reference */
};

#define MM_UTCB_WORDS ((UPROC_UTCB_PAGES + 63) / 64)

/* An address space: the areas, the page table and the kernel task that
 * runs them.  Usually one process's; a process made by clone(CLONE_VM)
 * without CLONE_THREAD (vfork, posix_spawn) runs its thread in its
 * parent's task and shares the struct until it execs or ends.  The task
 * and its sub-quota (proc.c: mm_kernel_new) live and die with the mm:
 * every thread of every process using it is a kernel thread in it, with a
 * UTCB page of utcb_used. */
struct mm {
	struct vma_map vmas;
	struct pmap pmap;
	uint64_t brk_start, brk;
	uint64_t stack_start;   /* lowest address of the main stack area at exec */
	unsigned users;         /* processes whose p->mm it is */
	dbt_slot_t task, quota; /* kernel task (CONTROL) and its sub-quota */
	uint64_t quota_limit;
	uint64_t utcb_used[MM_UTCB_WORDS];      /* bit k: UTCB page k has a thread */
	uint64_t arg_start, arg_end;    /* argument strings on the stack (/proc/PID/cmdline) */
	uint64_t env_start, env_end;    /* environment strings (/proc/PID/environ) */
};

/* SIGSEGV si_code values */
#define LX_SEGV_MAPERR 1
#define LX_SEGV_ACCERR 2

/* An empty address space with a new kernel task, or NULL. */
struct mm *mm_new(void);
/* p stops using p->mm (it ends or execs) and p->mm is NULL; the last user's
 * put frees the pages, the areas, the task and its quota (every kernel
 * thread still in it goes with them). */
void mm_put(struct proc *p);
/* The same for an mm not (or no longer) in a process's p->mm. */
void mm_drop(struct mm *mm);
/* fork: a copy-on-write copy of parent's memory, in a new task, for child;
 * 0, -LX_ENOMEM or -LX_EAGAIN (no kernel memory for a task). */
int mm_clone(struct proc *child, struct proc *parent);
/* clone(CLONE_VM) of a process: child runs in parent's address space. */
void mm_share(struct proc *child, struct proc *parent);
/* A page fault of p at addr with the kernel's access bits (DBT_PF_*):
 * 0 (mapped: let it run again) or the SIGSEGV si_code; -LX_ENOMEM when no
 * frame could be had (SIGBUS/kill). */
int mm_fault(struct proc *p, uint64_t addr, unsigned access);
/* The server's pointer to the byte at user address va of p, resolving the
 * page as a fault would (for write: copy-on-write broken); NULL if p may not
 * access it so (EFAULT). */
void *mm_user_ptr(struct proc *p, uint64_t va, bool write);
/* As mm_user_ptr for a write, whatever the area's protection (exec fills
 * a read-only segment's bss). */
void *mm_write_ptr(struct proc *p, uint64_t va);
/* Map frame at va of p's task with rights (DBT_R/W/X), growing p's quota
 * as needed; 0 or -LX_ENOMEM. */
int mm_task_map(struct proc *p, void *frame, uint64_t va, unsigned rights);
/* Take rights away from p's task over [start, end) (0: all). */
void mm_task_unmap(struct proc *p, uint64_t start, uint64_t end, unsigned rights);
/* The struct vma_cb for p's map (frees and downgrades pages). */
void mm_cb(struct proc *p, struct vma_cb *cb);
/* A private anonymous area [start, end) filled now with data (exec). */
int mm_populate(struct proc *p, uint64_t va, const void *data, uint64_t len, bool write);
/* Rights of a page in area v for the task: DBT_R always, W and X by prot. */
unsigned mm_rights(const struct vma *v);
struct shm *shm_new(uint64_t bytes);
/* A mapping object for file f's inode (one reference), or NULL. */
struct mobj *fmap_new(struct file *f);
void mobj_put(struct mobj *o);
/* Some process maps the file of ip shared and writable (memfd's F_SEAL_WRITE
 * is EBUSY then). */
bool mm_file_mapped_writable(const struct inode *ip);
/* fs_pages_unmap (fsalloc.h): every process's entry for pages from..to-1 of
 * ip that maps the frame page_of gives goes. */
void mm_file_unmap(const struct inode *ip, uint64_t from, uint64_t to,
                   void *(*page_of)(void *ctx, uint64_t index), void *ctx);

/* uaccess.c: 0 or -LX_EFAULT. */
int copy_in(struct proc *p, void *dst, uint64_t src, uint64_t n);
int copy_out(struct proc *p, uint64_t dst, const void *src, uint64_t n);
/* A NUL-terminated string of at most max bytes with the NUL: its length,
 * -LX_EFAULT, or -LX_ENAMETOOLONG when it does not end within max. */
long copy_in_str(struct proc *p, char *dst, uint64_t src, uint64_t max);
int clear_user(struct proc *p, uint64_t dst, uint64_t n);

#endif
