/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * vma.h (servers/unix/mm) - the map of one process's virtual memory areas.
 *
 * unixd is the pager of its processes and owns their memory (docs/DESIGN.md
 * §3.4); this map says what each address of a process is: which areas exist,
 * with which protection, backed by which object at which offset.  It is pure
 * bookkeeping: it never touches a page.  Every call that removes, moves or
 * re-protects a range tells the caller through callbacks (struct vma_cb) so
 * that the caller frees, moves or downgrades the pages itself (TASK_UNMAP,
 * TASK_MAP: docs/KERNEL-API.md §19).
 *
 * The calls follow Linux's mmap, munmap, mprotect, mremap, brk and stack
 * growth (mm/mmap.c, mm/mprotect.c, mm/mremap.c), results included: an
 * address or 0 on success, a negative Linux errno (LX_*) on failure.  A call
 * that fails changes nothing and calls no callback.  vma.c's opening comment
 * lists every rule and where it departs from Linux.
 *
 * Rules on the data: a struct vma_map belongs to one process; the caller
 * serialises calls on it (unixd's one receive loop does).  The areas it
 * hands out (const struct vma *) stay valid until the next call that changes
 * the map.  Nodes come from vma_alloc_node() and go back to vma_free_node(),
 * which the integrator defines.
 */
#ifndef UNIX_MM_VMA_H
#define UNIX_MM_VMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "darbat/abi.h"

/* ---- Linux's numbers --------------------------------------------------------------- */

#ifndef LX_EPERM
#define LX_EPERM     1
#endif
#ifndef LX_ENOMEM
#define LX_ENOMEM    12
#endif
#ifndef LX_EACCES
#define LX_EACCES    13
#endif
#ifndef LX_EFAULT
#define LX_EFAULT    14
#endif
#ifndef LX_EEXIST
#define LX_EEXIST    17
#endif
#ifndef LX_EINVAL
#define LX_EINVAL    22
#endif
#ifndef LX_EOVERFLOW
#define LX_EOVERFLOW 75
#endif

/* The unit of every range: Linux x86-64's page, the kernel's page too. */
#define VMA_PAGE_SIZE      ((uint64_t)1 << DBT_PAGE_ORDER)
/* Linux's TASK_SIZE: user space ends one page below the kernel's user top. */
#define VMA_TASK_SIZE      (DBT_USER_TOP - VMA_PAGE_SIZE)
#define VMA_MMAP_MIN_ADDR  0x10000ull                 /* vm.mmap_min_addr */
#define VMA_GUARD_GAP      (256 * VMA_PAGE_SIZE)      /* stack_guard_gap */
#define VMA_MAX_MAP_COUNT  65530u                     /* vm.max_map_count */

/* prot: Linux's PROT_* values */
#define VMA_PROT_READ  1u
#define VMA_PROT_WRITE 2u
#define VMA_PROT_EXEC  4u
#define VMA_PROT_ALL   7u

/* flags of an area; two areas merge only when their flags are equal */
#define VMA_SHARED      0x01u /* MAP_SHARED: writes reach obj (obj must be set) */
#define VMA_ANON        0x02u /* anonymous memory (private: obj NULL; shared: obj = shm) */
#define VMA_GROWSDOWN   0x04u /* a stack: grows down on faults (vma_grow_down), keeps
                                 layout.guard_gap below it free of new mappings */
#define VMA_STACK       VMA_GROWSDOWN
#define VMA_HEAP        0x08u /* the brk area (vma_brk) */
#define VMA_RESERVED    0x10u /* not the process's: no call but vma_destroy removes,
                                 changes or moves it (unixd's UTCB area) */
#define VMA_DENY_WRITE  0x20u /* mprotect may not add PROT_WRITE (VM_MAYWRITE clear:
                                 a shared mapping of a file opened read-only) */
#define VMA_DENY_EXEC   0x40u /* mprotect may not add PROT_EXEC (noexec mount) */
#define VMA_FLAGS_ALL   0x7fu

/* vma_remap flags: Linux's MREMAP_* values */
#define VMA_MREMAP_MAYMOVE 1u
#define VMA_MREMAP_FIXED   2u

/* ---- the data ------------------------------------------------------------------------ */

/* One area: [start, end), page-aligned, never empty. */
struct vma {
	uint64_t start, end;
	unsigned prot;          /* VMA_PROT_* */
	unsigned flags;         /* VMA_* */
	void *obj;              /* backing object (shared memory, file) or NULL; opaque here:
	                           each area holds one reference (vma_cb.obj_get/obj_put) */
	uint64_t obj_off;       /* byte offset of start within obj; 0 when obj is NULL */
};

/*
 * A node of the map: the area and its links, private to vma.c.  Declared
 * here only so that the integrator's vma_alloc_node() knows the size it
 * hands out (sizeof(struct vma_node), aligned for pointers).
 */
struct vma_node {
	struct vma area;                  /* first: a struct vma * is its node */
	struct vma_node *left, *right;    /* AVL tree ordered by start */
	struct vma_node *prev, *next;     /* the same nodes, in address order */
	uint64_t gap;                     /* free bytes below this area (see vma.c) */
	uint64_t max_gap;                 /* largest gap in this subtree */
	int height;                       /* AVL height, a leaf is 1 */
};

/* Where areas may go; fixed for a map's life (vma_clone copies it). */
struct vma_layout {
	uint64_t min_addr;      /* no area below (mmap_min_addr); rounded up to a page */
	uint64_t mmap_base;     /* placement searches top-down below this first */
	uint64_t top;           /* end of the user address space (VMA_TASK_SIZE) */
	uint64_t guard_gap;     /* kept free below VMA_GROWSDOWN areas (VMA_GUARD_GAP) */
	uint32_t max_count;     /* most areas a map holds (VMA_MAX_MAP_COUNT) */
};

struct vma_map {
	struct vma_node *root;            /* AVL tree of the areas */
	struct vma_node *first, *last;    /* lowest and highest area */
	struct vma_layout layout;
	uint64_t mapped;                  /* bytes in areas, VMA_RESERVED ones excepted */
	uint32_t count;                   /* areas, VMA_RESERVED ones included */
};

/*
 * What a call tells its caller; cb may be NULL and so may each member.
 * Callbacks must not call back into the map.  obj_get/obj_put keep one
 * reference per area: a split takes one, a merge or a removal drops one (a
 * new area that merges at once may show as a get followed by a put).
 */
struct vma_cb {
	void *ctx;
	/* piece was removed from the map (munmap, MAP_FIXED over it, a shrink):
	   free its pages.  Called before its obj_put. */
	void (*unmapped)(void *ctx, const struct vma *piece);
	/* piece's protection changed from old_prot to piece->prot (mprotect) */
	void (*reprotect)(void *ctx, const struct vma *piece, unsigned old_prot);
	void (*obj_get)(void *ctx, void *obj);
	void (*obj_put)(void *ctx, void *obj);
};

enum vma_mode {
	VMA_HINT,               /* at addr if that range is free, else wherever it fits */
	VMA_FIXED,              /* at addr, replacing what is there (MAP_FIXED) */
	VMA_FIXED_NOREPLACE,    /* at addr, -LX_EEXIST if anything is there */
};

/* What vma_remap did. */
struct vma_remap_result {
	uint64_t addr;          /* where the mapping is now: mremap's result */
	uint64_t moved_from;    /* moved_len != 0: the pages of [moved_from, +moved_len) */
	uint64_t moved_len;     /*   now belong at [addr, +moved_len); move them */
};

/* The integrator's node allocator: NULL when out of memory. */
void *vma_alloc_node(void);
void vma_free_node(void *node);

/* ---- calls ---------------------------------------------------------------------------- */

/* An empty map with this layout (its values rounded to pages). */
void vma_init(struct vma_map *map, const struct vma_layout *layout);

/* The area holding addr, or NULL (VMA_RESERVED areas are found too). */
const struct vma *vma_find(const struct vma_map *map, uint64_t addr);
/* The lowest area meeting [start, end), or NULL; go on with vma_next while
   area->start < end. */
const struct vma *vma_first_in(const struct vma_map *map, uint64_t start, uint64_t end);
/* The area after v in address order, or NULL. */
const struct vma *vma_next(const struct vma *v);
/* Bytes of [start, end) inside areas other than VMA_RESERVED ones. */
uint64_t vma_bytes_in(const struct vma_map *map, uint64_t start, uint64_t end);

static inline uint64_t vma_mapped_bytes(const struct vma_map *map) { return map->mapped; }
static inline uint32_t vma_count(const struct vma_map *map) { return map->count; }

/* mmap: an area of len bytes (rounded up to pages) with prot, flags and obj
   from byte offset off.  The address, or -LX_E*. */
int64_t vma_map(struct vma_map *map, uint64_t addr, uint64_t len, unsigned prot,
		unsigned flags, void *obj, uint64_t off, enum vma_mode mode,
		const struct vma_cb *cb);
/* munmap: 0 or -LX_E*; a range holding no area is fine. */
int vma_unmap(struct vma_map *map, uint64_t addr, uint64_t len, const struct vma_cb *cb);
/* mprotect: 0 or -LX_E*; every page of the range must be in an area. */
int vma_protect(struct vma_map *map, uint64_t addr, uint64_t len, unsigned prot,
		const struct vma_cb *cb);
/* mremap (flags VMA_MREMAP_*): 0 and *res, or -LX_E*. */
int vma_remap(struct vma_map *map, uint64_t old_addr, uint64_t old_len, uint64_t new_len,
	      unsigned flags, uint64_t new_addr, struct vma_remap_result *res,
	      const struct vma_cb *cb);
/* brk from old_brk to new_brk (both unrounded, as the process gave them) for a
   heap starting at start_brk: the heap is a private anonymous VMA_HEAP area of
   prot.  0 (the caller's brk becomes new_brk) or -LX_E* (it stays old_brk). */
int vma_brk(struct vma_map *map, uint64_t start_brk, uint64_t old_brk, uint64_t new_brk,
	    unsigned prot, const struct vma_cb *cb);
/* A fault at addr below a VMA_GROWSDOWN area: grow it down to addr's page if
   its size stays within limit (RLIMIT_STACK) and layout.guard_gap stays free
   above the accessible area below it.  The area's new start, or -LX_EFAULT
   (no stack above addr), -LX_ENOMEM (limit, gap), -LX_EPERM (below min_addr). */
int64_t vma_grow_down(struct vma_map *map, uint64_t addr, uint64_t limit,
		      const struct vma_cb *cb);

/* fork: dst (not initialised, or destroyed) becomes a copy of src, taking a
   reference on each area's obj.  0 or -LX_ENOMEM (dst left empty). */
int vma_clone(struct vma_map *dst, const struct vma_map *src, const struct vma_cb *cb);
/* exit: every area is removed (unmapped, then obj_put); the map is empty. */
void vma_destroy(struct vma_map *map, const struct vma_cb *cb);

/* /proc/PID/maps: one line per area into buf (NUL-terminated, cut at size).
   name gives the last column ("[stack]", a path) or NULL.  The length the
   whole text needs, without the NUL. */
size_t vma_dump(const struct vma_map *map, char *buf, size_t size,
		const char *(*name)(void *ctx, const struct vma *area), void *ctx);

/* Every invariant of the map (order, tree balance, gaps, counters, no two
   mergeable neighbours): 0, or the number of the first one broken. */
int vma_check(const struct vma_map *map);

#endif
