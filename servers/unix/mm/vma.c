/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * vma.c (servers/unix/mm) - the map of a process's virtual memory areas (vma.h).
 *
 * Entry points: vma_init, vma_find, vma_first_in, vma_next, vma_bytes_in
 * (lookups); vma_map, vma_unmap, vma_protect, vma_remap, vma_brk,
 * vma_grow_down (the system calls and the pager); vma_clone, vma_destroy
 * (fork, exit); vma_dump, vma_check (debugging).
 *
 * Structure.  Each area is a node of an AVL tree ordered by start address
 * (lookup by address in O(log n): the pager does one per fault, the server
 * one per user pointer), threaded by a doubly-linked list in address order
 * (iteration, and the neighbours a merge needs, in O(1)).  A sorted array
 * would search as fast but moves the whole tail on every insertion and needs
 * one allocation the size of the map; nodes come one at a time from the
 * integrator's allocator.  Each node also keeps the free gap below it and the
 * largest gap in its subtree (Linux's rb_subtree_gap), so that placement
 * finds the highest hole that fits in O(log n) instead of walking the list.
 * Recursion depth is the tree height, at most 1.44 log2(n): 24 for 65,530.
 *
 * Every call decodes, then invokes (docs/STYLE.md): it checks its arguments,
 * counts the splits it will make and the areas it will remove, checks
 * max_count, and allocates every node it needs (the reserve) before it
 * changes anything; what follows cannot fail.  So a refused call, an
 * allocation failure included, leaves the map as it was and calls no
 * callback.  After a change, neighbours with the same prot, flags and obj,
 * and contiguous obj_off (any, when obj is NULL), are merged: no two
 * adjacent areas are ever mergeable (vma_check verifies it).
 *
 * Linux's rules kept (mm/mmap.c, mprotect.c, mremap.c of 6.1):
 *  - lengths round up to pages; a length that wraps is -ENOMEM (mmap,
 *    mprotect) or -EINVAL (munmap, mremap); mmap len 0 is -EINVAL, mprotect
 *    len 0 is 0; an unaligned address is -EINVAL;
 *  - mmap: placement takes the hint (rounded down; raised to min_addr) when
 *    [hint, +len) is free, else the highest hole below mmap_base, else the
 *    lowest hole anywhere (Linux's bottom-up fallback); never below
 *    max(min_addr, one page); holes end guard_gap below a VMA_GROWSDOWN area
 *    (vm_start_gap); MAP_FIXED beyond top is -ENOMEM, below min_addr -EPERM;
 *    obj_off + len wrapping is -EOVERFLOW; prot against VMA_DENY_* -EACCES;
 *  - munmap: addr > top or len > top - addr is -EINVAL;
 *  - mprotect: a page of the range in no area is -ENOMEM, prot beyond an
 *    area's VMA_DENY_* is -EACCES (the first of either in address order);
 *    areas whose prot does not change are not split;
 *  - mremap: unknown flags, FIXED without MAYMOVE, unaligned addresses,
 *    new_len 0, overlapping FIXED ranges are -EINVAL; addr in no area, or an
 *    old range leaving its area, -EFAULT; shrinking unmaps the tail; growing
 *    extends in place when the range ends its area and the space after it is
 *    free (no guard gap), else moves with MAYMOVE, else -ENOMEM; a move keeps
 *    the area's attributes, obj_off from the old address;
 *  - brk: grows only if one page and the guard gap stay free below the next
 *    area, shrinks by unmapping; stack growth: -ENOMEM past limit or within
 *    guard_gap above an accessible non-stack area, -EPERM below min_addr;
 *  - an operation is refused with -ENOMEM if the areas it leaves (counted
 *    before merging) would exceed max_count.
 * Where this map departs from Linux, on purpose:
 *  - a failing call changes nothing: Linux's mprotect applies itself up to
 *    the first hole, its mremap(FIXED) unmaps the target before it finds
 *    the old range missing; here both check first;
 *  - VMA_RESERVED areas lie outside the process: MAP_FIXED over one is
 *    -ENOMEM (NOREPLACE: -EEXIST), munmap -EINVAL, mprotect -ENOMEM, mremap
 *    of one -EFAULT and onto one -EINVAL; placement goes around them;
 *  - mremap's old_len 0 (duplicate a shared mapping) and MREMAP_DONTUNMAP
 *    are -EINVAL; mprotect's PROT_GROWSDOWN is the caller's to strip;
 *  - max_count is a hard bound (Linux's mmap lets the count reach max + 1);
 *    min_addr binds every process (Linux lets CAP_SYS_RAWIO map below it);
 *    obj_off is in bytes, so its wrapping is caught in bytes;
 *  - limits (RLIMIT_AS, RLIMIT_DATA, mlock) are the caller's: vma_bytes_in
 *    and vma_mapped_bytes give what it needs.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "fmt.h"
#include "vma.h"

#define PAGE_MASK   (VMA_PAGE_SIZE - 1)
/* Most splits one call makes: vma_remap with MREMAP_FIXED cuts at the old
   range's start and end, its tail's end and the target's start and end. */
#define RESERVE_MAX 5
/* /proc/PID/maps pads a line's header to 72 columns (25 + 6 * sizeof(void *)
   - 1) and puts one space before the name. */
#define MAPS_NAME_COLUMN 73

/* ---- small helpers ------------------------------------------------------------------- */

static bool page_aligned(uint64_t x)
{
	return !(x & PAGE_MASK);
}

/* x rounded up to a page; 0 when that wraps */
static uint64_t page_up(uint64_t x)
{
	return (x + PAGE_MASK) & ~PAGE_MASK;
}

static uint64_t min_u64(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

static uint64_t max_u64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

/* The node of an area the map handed out (the area is its first member). */
static struct vma_node *node_of(const struct vma *v)
{
	return (struct vma_node *)(uintptr_t)v;
}

/* obj offset of address addr of area v (addr may lie outside v: a move, a growth) */
static uint64_t off_at(const struct vma *v, uint64_t addr)
{
	return v->obj ? v->obj_off + (addr - v->start) : 0;
}

/* bytes of v that count as the process's memory */
static uint64_t counted(const struct vma *v)
{
	return (v->flags & VMA_RESERVED) ? 0 : v->end - v->start;
}

static bool may_take(const struct vma *v, unsigned prot)
{
	return !((prot & VMA_PROT_WRITE) && (v->flags & VMA_DENY_WRITE)) &&
	       !((prot & VMA_PROT_EXEC) && (v->flags & VMA_DENY_EXEC));
}

/* a and b touch and would be one area if joined */
static bool mergeable(const struct vma *a, const struct vma *b)
{
	return a->end == b->start && a->prot == b->prot && a->flags == b->flags &&
	       a->obj == b->obj && off_at(a, a->end) == b->obj_off;
}

static void cb_get(const struct vma_cb *cb, void *obj)
{
	if (obj && cb && cb->obj_get)
		cb->obj_get(cb->ctx, obj);
}

static void cb_put(const struct vma_cb *cb, void *obj)
{
	if (obj && cb && cb->obj_put)
		cb->obj_put(cb->ctx, obj);
}

/* ---- the AVL tree -------------------------------------------------------------------- */

static int height(const struct vma_node *n)
{
	return n ? n->height : 0;
}

static uint64_t subtree_gap(const struct vma_node *n)
{
	return n ? n->max_gap : 0;
}

/* n's height and largest subtree gap, from its children */
static void node_update(struct vma_node *n)
{
	int hl = height(n->left), hr = height(n->right);

	n->height = (hl > hr ? hl : hr) + 1;
	n->max_gap = max_u64(n->gap, max_u64(subtree_gap(n->left), subtree_gap(n->right)));
}

static struct vma_node *rotate_right(struct vma_node *n)
{
	struct vma_node *l = n->left;

	n->left = l->right;
	l->right = n;
	node_update(n);
	node_update(l);
	return l;
}

static struct vma_node *rotate_left(struct vma_node *n)
{
	struct vma_node *r = n->right;

	n->right = r->left;
	r->left = n;
	node_update(n);
	node_update(r);
	return r;
}

/* n with its children balanced (heights differ by at most 2): balanced */
static struct vma_node *rebalance(struct vma_node *n)
{
	int b = height(n->left) - height(n->right);

	if (b > 1) {
		if (height(n->left->left) < height(n->left->right))
			n->left = rotate_left(n->left);
		return rotate_right(n);
	}
	if (b < -1) {
		if (height(n->right->right) < height(n->right->left))
			n->right = rotate_right(n->right);
		return rotate_left(n);
	}
	node_update(n);
	return n;
}

static struct vma_node *tree_insert(struct vma_node *t, struct vma_node *n)
{
	if (!t)
		return n;
	if (n->area.start < t->area.start)
		t->left = tree_insert(t->left, n);
	else
		t->right = tree_insert(t->right, n);
	return rebalance(t);
}

static struct vma_node *tree_take_min(struct vma_node *t, struct vma_node **min)
{
	if (!t->left) {
		*min = t;
		return t->right;
	}
	t->left = tree_take_min(t->left, min);
	return rebalance(t);
}

/* t without n, which it holds */
static struct vma_node *tree_remove(struct vma_node *t, struct vma_node *n)
{
	struct vma_node *m;

	if (t == n) {
		if (!t->right)
			return t->left;
		t->right = tree_take_min(t->right, &m);
		m->left = t->left;
		m->right = t->right;
		return rebalance(m);
	}
	if (n->area.start < t->area.start)
		t->left = tree_remove(t->left, n);
	else
		t->right = tree_remove(t->right, n);
	return rebalance(t);
}

/* n's gap changed: recompute the maxima on the path down to it */
static void tree_refresh(struct vma_node *t, const struct vma_node *n)
{
	if (t != n)
		tree_refresh(n->area.start < t->area.start ? t->left : t->right, n);
	node_update(t);
}

/* ---- lookups ------------------------------------------------------------------------- */

/* the area holding addr */
static struct vma_node *node_find(const struct vma_map *map, uint64_t addr)
{
	struct vma_node *t = map->root;

	while (t && (addr < t->area.start || addr >= t->area.end))
		t = addr < t->area.start ? t->left : t->right;
	return t;
}

/* the lowest area ending above addr: the one holding addr, else the next one up */
static struct vma_node *node_from(const struct vma_map *map, uint64_t addr)
{
	struct vma_node *t = map->root, *best = NULL;

	while (t) {
		if (t->area.end > addr) {
			best = t;
			t = t->left;
		} else {
			t = t->right;
		}
	}
	return best;
}

/* the highest area starting below addr */
static struct vma_node *node_before(const struct vma_map *map, uint64_t addr)
{
	struct vma_node *t = map->root, *best = NULL;

	while (t) {
		if (t->area.start < addr) {
			best = t;
			t = t->right;
		} else {
			t = t->left;
		}
	}
	return best;
}

/* areas meeting [a, b): all of them (want 0), or those with a flag in want */
static uint32_t areas_in(const struct vma_map *map, uint64_t a, uint64_t b, unsigned want)
{
	uint32_t k = 0;

	if (a >= b)
		return 0;
	for (const struct vma_node *n = node_from(map, a); n && n->area.start < b; n = n->next)
		k += !want || (n->area.flags & want);
	return k;
}

/* ---- gaps ------------------------------------------------------------------------------ */

/* Where the free space below v ends: its start, guard_gap lower for a stack
   (Linux's vm_start_gap). */
static uint64_t gap_top(const struct vma_map *map, const struct vma *v)
{
	uint64_t guard = (v->flags & VMA_GROWSDOWN) ? map->layout.guard_gap : 0;

	return v->start > guard ? v->start - guard : 0;
}

static uint64_t gap_bottom(const struct vma_node *n)
{
	return n->prev ? n->prev->area.end : 0;
}

/* the free bytes a new area could take below n */
static uint64_t gap_of(const struct vma_map *map, const struct vma_node *n)
{
	uint64_t hi = gap_top(map, &n->area), lo = gap_bottom(n);

	return hi > lo ? hi - lo : 0;
}

/* n's start, flags or predecessor changed */
static void gap_refresh(struct vma_map *map, struct vma_node *n)
{
	if (!n)
		return;
	n->gap = gap_of(map, n);
	tree_refresh(map->root, n);
}

/* ---- nodes in and out ------------------------------------------------------------------ */

/* n (its area set, meeting no other) joins the map */
static void node_link(struct vma_map *map, struct vma_node *n)
{
	struct vma_node *prev = node_before(map, n->area.start);

	n->prev = prev;
	n->next = prev ? prev->next : map->first;
	*(prev ? &prev->next : &map->first) = n;
	*(n->next ? &n->next->prev : &map->last) = n;
	n->left = n->right = NULL;
	n->gap = gap_of(map, n);
	node_update(n);
	map->root = tree_insert(map->root, n);
	gap_refresh(map, n->next);
	map->count++;
	map->mapped += counted(&n->area);
}

/* n leaves the map (the caller frees it) */
static void node_unlink(struct vma_map *map, struct vma_node *n)
{
	map->root = tree_remove(map->root, n);
	*(n->prev ? &n->prev->next : &map->first) = n->next;
	*(n->next ? &n->next->prev : &map->last) = n->prev;
	gap_refresh(map, n->next);
	map->count--;
	map->mapped -= counted(&n->area);
}

/* n becomes [start, end): it keeps its place in the address order */
static void area_resize(struct vma_map *map, struct vma_node *n, uint64_t start, uint64_t end)
{
	map->mapped -= counted(&n->area);
	n->area.obj_off = off_at(&n->area, start);
	n->area.start = start;
	n->area.end = end;
	map->mapped += counted(&n->area);
	gap_refresh(map, n);
	gap_refresh(map, n->next);
}

/* ---- the reserve: every node a change needs, allocated before it starts ------------------ */

struct reserve {
	struct vma_node *node[RESERVE_MAX];
	unsigned n;
};

static void reserve_release(struct reserve *r)
{
	while (r->n)
		vma_free_node(r->node[--r->n]);
}

static int reserve_fill(struct reserve *r, unsigned need)
{
	r->n = 0;
	while (r->n < need) {
		struct vma_node *x = vma_alloc_node();
		if (!x) {
			reserve_release(r);
			return -LX_ENOMEM;
		}
		r->node[r->n++] = x;
	}
	return 0;
}

static struct vma_node *reserve_take(struct reserve *r)
{
	return r->node[--r->n];
}

/* How many of the distinct addresses b[0..nb) lie strictly inside an area:
   each costs one split, whatever order they are cut in. */
static unsigned count_splits(const struct vma_map *map, const uint64_t *b, unsigned nb)
{
	unsigned splits = 0;

	for (unsigned i = 0; i < nb; i++) {
		bool seen = false;
		for (unsigned j = 0; j < i; j++)
			seen |= b[j] == b[i];
		const struct vma_node *n = node_find(map, b[i]);
		splits += !seen && n && n->area.start != b[i];
	}
	return splits;
}

/* A change that splits `splits` areas, adds `added` and removes `removed`
   may go ahead: the map stays within max_count and its nodes are in r. */
static int plan(const struct vma_map *map, unsigned splits, unsigned added, uint32_t removed,
		struct reserve *r)
{
	if ((uint64_t)map->count + splits + added > (uint64_t)map->layout.max_count + removed)
		return -LX_ENOMEM;
	return reserve_fill(r, splits + added);
}

/* ---- changes that cannot fail ------------------------------------------------------------ */

/* the area holding b strictly inside becomes two, cut at b */
static void split_at(struct vma_map *map, uint64_t b, struct reserve *r, const struct vma_cb *cb)
{
	struct vma_node *n = node_find(map, b), *hi;

	if (!n || n->area.start == b)
		return;
	hi = reserve_take(r);
	hi->area = n->area;
	hi->area.start = b;
	hi->area.obj_off = off_at(&n->area, b);
	area_resize(map, n, n->area.start, b);
	node_link(map, hi);
	cb_get(cb, hi->area.obj);
}

/* no area crosses any of b[0..nb) any more */
static void carve(struct vma_map *map, const uint64_t *b, unsigned nb, struct reserve *r,
		  const struct vma_cb *cb)
{
	for (unsigned i = 0; i < nb; i++)
		split_at(map, b[i], r, cb);
}

static void node_drop(struct vma_map *map, struct vma_node *n, const struct vma_cb *cb)
{
	node_unlink(map, n);
	if (cb && cb->unmapped)
		cb->unmapped(cb->ctx, &n->area);
	cb_put(cb, n->area.obj);
	vma_free_node(n);
}

/* every area in [a, b) goes (carved: none crosses a or b) */
static void remove_range(struct vma_map *map, uint64_t a, uint64_t b, const struct vma_cb *cb)
{
	struct vma_node *n = a < b ? node_from(map, a) : NULL;

	while (n && n->area.start < b) {
		struct vma_node *next = n->next;
		node_drop(map, n, cb);
		n = next;
	}
}

/* n takes in its successor, which is mergeable with it */
static void absorb(struct vma_map *map, struct vma_node *n, const struct vma_cb *cb)
{
	struct vma_node *next = n->next;
	uint64_t end = next->area.end;

	node_unlink(map, next);
	area_resize(map, n, n->area.start, end);
	cb_put(cb, next->area.obj);
	vma_free_node(next);
}

/* merge every mergeable pair whose boundary lies in [a, b] */
static void merge_range(struct vma_map *map, uint64_t a, uint64_t b, const struct vma_cb *cb)
{
	struct vma_node *n = node_from(map, a ? a - 1 : 0);

	while (n && n->next && n->area.end <= b) {
		if (mergeable(&n->area, &n->next->area))
			absorb(map, n, cb);
		else
			n = n->next;
	}
}

/* v goes in, replacing what meets it (a checked range, no VMA_RESERVED area in it) */
static int install(struct vma_map *map, const struct vma *v, const struct vma_cb *cb)
{
	uint64_t b[2] = { v->start, v->end };
	struct reserve r;
	struct vma_node *n;
	int err = plan(map, count_splits(map, b, 2), 1, areas_in(map, v->start, v->end, 0), &r);

	if (err)
		return err;
	carve(map, b, 2, &r, cb);
	remove_range(map, v->start, v->end, cb);
	n = reserve_take(&r);
	n->area = *v;
	node_link(map, n);
	cb_get(cb, v->obj);
	merge_range(map, v->start, v->end, cb);
	reserve_release(&r);
	return 0;
}

/* [a, b) (checked) is unmapped */
static int unmap_range(struct vma_map *map, uint64_t a, uint64_t b, const struct vma_cb *cb)
{
	uint64_t bounds[2] = { a, b };
	struct reserve r;
	int err;

	if (areas_in(map, a, b, VMA_RESERVED))
		return -LX_EINVAL;
	err = plan(map, count_splits(map, bounds, 2), 0, areas_in(map, a, b, 0), &r);
	if (err)
		return err;
	carve(map, bounds, 2, &r, cb);
	remove_range(map, a, b, cb);
	reserve_release(&r);
	return 0;
}

/* ---- placement ------------------------------------------------------------------------- */

/* a search: len bytes within [low, high) */
struct window {
	uint64_t low, high, len;
};

/* the highest place for the window's len in the hole [lo, hi) */
static bool fit_high(uint64_t lo, uint64_t hi, const struct window *w, uint64_t *addr)
{
	lo = max_u64(lo, w->low);
	hi = min_u64(hi, w->high);
	if (hi <= lo || hi - lo < w->len)
		return false;
	*addr = hi - w->len;
	return true;
}

/* the lowest place for the window's len in the hole [lo, hi) */
static bool fit_low(uint64_t lo, uint64_t hi, const struct window *w, uint64_t *addr)
{
	lo = max_u64(lo, w->low);
	hi = min_u64(hi, w->high);
	if (hi <= lo || hi - lo < w->len)
		return false;
	*addr = lo;
	return true;
}

/* The highest fit among the holes below the areas of subtree n.  The holes
   of n's right subtree start at n->end or above: skipped when that is too
   high for the window. */
static bool search_down(const struct vma_map *map, const struct vma_node *n,
			const struct window *w, uint64_t *addr)
{
	if (!n || n->max_gap < w->len)
		return false;
	if (n->area.end <= w->high - w->len && search_down(map, n->right, w, addr))
		return true;
	if (fit_high(gap_bottom(n), gap_top(map, &n->area), w, addr))
		return true;
	return search_down(map, n->left, w, addr);
}

/* The lowest fit, mirrored: the holes of n's left subtree end below n->start. */
static bool search_up(const struct vma_map *map, const struct vma_node *n,
		      const struct window *w, uint64_t *addr)
{
	if (!n || n->max_gap < w->len)
		return false;
	if (n->area.start > w->low + w->len && search_up(map, n->left, w, addr))
		return true;
	if (fit_low(gap_bottom(n), gap_top(map, &n->area), w, addr))
		return true;
	return search_up(map, n->right, w, addr);
}

/* Where len bytes go when the caller does not say: top-down below
   mmap_base, else bottom-up anywhere (Linux's fallback). */
static bool place(const struct vma_map *map, uint64_t len, uint64_t *addr)
{
	const struct vma_layout *l = &map->layout;
	uint64_t above_last = map->last ? map->last->area.end : 0;
	struct window w = { max_u64(l->min_addr, VMA_PAGE_SIZE), l->mmap_base, len };

	if (w.low + len <= w.high &&
	    (fit_high(above_last, l->top, &w, addr) || search_down(map, map->root, &w, addr)))
		return true;
	w.high = l->top;
	if (w.low + len > w.high)
		return false;
	return search_up(map, map->root, &w, addr) || fit_low(above_last, l->top, &w, addr);
}

/* [a, a + len) (within top) meets no area and no guard gap */
static bool range_free(const struct vma_map *map, uint64_t a, uint64_t len)
{
	const struct vma_node *n = node_from(map, a);

	return !n || a + len <= gap_top(map, &n->area);
}

/* ---- mmap ------------------------------------------------------------------------------- */

static int map_check_args(const struct vma_map *map, uint64_t *len, unsigned prot,
			  unsigned flags, const void *obj, uint64_t off)
{
	struct vma v = { .prot = prot, .flags = flags };

	if ((prot & ~VMA_PROT_ALL) || (flags & ~VMA_FLAGS_ALL))
		return -LX_EINVAL;
	if (((flags & VMA_SHARED) && !obj) || (obj && !page_aligned(off)) || !*len)
		return -LX_EINVAL;
	*len = page_up(*len);
	if (!*len || *len > map->layout.top)
		return -LX_ENOMEM;
	if (obj && off + *len < off)
		return -LX_EOVERFLOW;
	if (!may_take(&v, prot))
		return -LX_EACCES;
	return 0;
}

/* the hint if [hint, +len) is free, else a placement */
static int map_place(const struct vma_map *map, uint64_t hint, uint64_t len, uint64_t *start)
{
	const struct vma_layout *l = &map->layout;

	hint &= ~PAGE_MASK;
	if (hint && hint < l->min_addr)
		hint = l->min_addr;
	if (hint && hint <= l->top - len && range_free(map, hint, len)) {
		*start = hint;
		return 0;
	}
	return place(map, len, start) ? 0 : -LX_ENOMEM;
}

static int map_check_fixed(const struct vma_map *map, uint64_t addr, uint64_t len,
			   enum vma_mode mode)
{
	if (addr > map->layout.top - len)
		return -LX_ENOMEM;
	if (!page_aligned(addr))
		return -LX_EINVAL;
	if (addr < map->layout.min_addr)
		return -LX_EPERM;
	if (mode == VMA_FIXED_NOREPLACE && areas_in(map, addr, addr + len, 0))
		return -LX_EEXIST;
	if (areas_in(map, addr, addr + len, VMA_RESERVED))
		return -LX_ENOMEM;
	return 0;
}

int64_t vma_map(struct vma_map *map, uint64_t addr, uint64_t len, unsigned prot,
		unsigned flags, void *obj, uint64_t off, enum vma_mode mode,
		const struct vma_cb *cb)
{
	uint64_t start = addr;
	int err = -LX_EINVAL;

	if (mode == VMA_HINT || mode == VMA_FIXED || mode == VMA_FIXED_NOREPLACE)
		err = map_check_args(map, &len, prot, flags, obj, off);
	if (!err && mode == VMA_HINT)
		err = map_place(map, addr, len, &start);
	else if (!err)
		err = map_check_fixed(map, addr, len, mode);
	if (!err) {
		struct vma v = { start, start + len, prot, flags, obj, obj ? off : 0 };
		err = install(map, &v, cb);
	}
	return err ? err : (int64_t)start;
}

/* ---- munmap, mprotect -------------------------------------------------------------------- */

int vma_unmap(struct vma_map *map, uint64_t addr, uint64_t len, const struct vma_cb *cb)
{
	uint64_t top = map->layout.top;

	if (!page_aligned(addr) || addr > top || len > top - addr)
		return -LX_EINVAL;
	len = page_up(len);
	if (!len)
		return -LX_EINVAL;
	return unmap_range(map, addr, addr + len, cb);
}

/* Every page of [a, b) lies in an area of the process that may take prot:
   Linux's -ENOMEM for a hole, -EACCES past VM_MAY*, whichever comes first. */
static int protect_check(const struct vma_map *map, uint64_t a, uint64_t b, unsigned prot)
{
	const struct vma_node *n = node_from(map, a);

	for (uint64_t at = a; at < b; at = n->area.end, n = n->next) {
		if (!n || n->area.start > at || (n->area.flags & VMA_RESERVED))
			return -LX_ENOMEM;
		if (!may_take(&n->area, prot))
			return -LX_EACCES;
	}
	return 0;
}

/* [a, b) (checked) takes prot; areas already at prot are not split */
static int protect_apply(struct vma_map *map, uint64_t a, uint64_t b, unsigned prot,
			 const struct vma_cb *cb)
{
	uint64_t bounds[2];
	unsigned nb = 0;
	struct reserve r;
	int err;

	if (node_find(map, a)->area.prot != prot)
		bounds[nb++] = a;
	if (node_find(map, b - 1)->area.prot != prot)
		bounds[nb++] = b;
	err = plan(map, count_splits(map, bounds, nb), 0, 0, &r);
	if (err)
		return err;
	carve(map, bounds, nb, &r, cb);
	for (struct vma_node *n = node_from(map, a); n && n->area.start < b; n = n->next) {
		unsigned old = n->area.prot;
		if (old == prot)
			continue;
		n->area.prot = prot;
		if (cb && cb->reprotect)
			cb->reprotect(cb->ctx, &n->area, old);
	}
	merge_range(map, a, b, cb);
	reserve_release(&r);
	return 0;
}

int vma_protect(struct vma_map *map, uint64_t addr, uint64_t len, unsigned prot,
		const struct vma_cb *cb)
{
	int err;

	if (!page_aligned(addr))
		return -LX_EINVAL;
	if (!len)
		return 0;
	len = page_up(len);
	if (!len || addr + len <= addr)
		return -LX_ENOMEM;
	if (prot & ~VMA_PROT_ALL)
		return -LX_EINVAL;
	err = protect_check(map, addr, addr + len, prot);
	return err ? err : protect_apply(map, addr, addr + len, prot, cb);
}

/* ---- mremap ------------------------------------------------------------------------------ */

/* A move: the piece [from, from + len) of one area goes to [to, to + new_len);
   [to, to + new_len) and the tail [from + len, tail_end) are unmapped first. */
struct move {
	uint64_t from, len, to, new_len, tail_end;
};

static int remap_move(struct vma_map *map, const struct move *m, struct vma_remap_result *res,
		      const struct vma_cb *cb)
{
	uint64_t to_end = m->to + m->new_len, piece_end = m->from + m->len;
	uint64_t b[5] = { m->from, piece_end, m->tail_end, m->to, to_end };
	uint32_t removed = areas_in(map, m->to, to_end, 0) + areas_in(map, piece_end, m->tail_end, 0);
	struct reserve r;
	struct vma_node *n;
	int err = plan(map, count_splits(map, b, 5), 0, removed, &r);

	if (err)
		return err;
	carve(map, b, 5, &r, cb);
	remove_range(map, m->to, to_end, cb);
	remove_range(map, piece_end, m->tail_end, cb);
	n = node_find(map, m->from);
	node_unlink(map, n);
	n->area.start = m->to;          /* obj_off stays: the split set it for from */
	n->area.end = to_end;
	node_link(map, n);
	merge_range(map, m->to, to_end, cb);
	reserve_release(&r);
	*res = (struct vma_remap_result){ m->to, m->from, m->len };
	return 0;
}

/* Linux's vma_to_resize: [addr, + old_len) lies in n */
static int resize_check(const struct vma_node *n, uint64_t addr, uint64_t old_len)
{
	if (!old_len)
		return -LX_EINVAL;
	if (old_len > n->area.end - addr)
		return -LX_EFAULT;
	return 0;
}

/* n's object reaches new_len bytes past addr (Linux's pgoff check, in bytes) */
static bool off_fits(const struct vma_node *n, uint64_t addr, uint64_t new_len)
{
	uint64_t off = off_at(&n->area, addr);

	return !n->area.obj || off + new_len >= off;
}

/* nothing in [end, end + delta), which lies below top */
static bool expandable(const struct vma_map *map, uint64_t end, uint64_t delta)
{
	return end + delta > end && end + delta <= map->layout.top &&
	       !areas_in(map, end, end + delta, 0);
}

static int remap_grow(struct vma_map *map, struct vma_node *n, uint64_t addr, uint64_t old_len,
		      uint64_t new_len, unsigned flags, struct vma_remap_result *res,
		      const struct vma_cb *cb)
{
	uint64_t end = addr + old_len, delta = new_len - old_len, to;
	int err = resize_check(n, addr, old_len);
	bool in_place = !err && end == n->area.end && expandable(map, end, delta);

	if (!err && !in_place && !((flags & VMA_MREMAP_MAYMOVE) && place(map, new_len, &to)))
		err = -LX_ENOMEM;
	if (!err && !off_fits(n, addr, new_len))
		err = -LX_EINVAL;
	if (err)
		return err;
	if (in_place) {
		area_resize(map, n, n->area.start, end + delta);
		merge_range(map, end + delta, end + delta, cb);
		return 0;
	}
	return remap_move(map, &(struct move){ addr, old_len, to, new_len, end }, res, cb);
}

/* MREMAP_FIXED: to is where the mapping goes, whatever is there */
static int remap_to(struct vma_map *map, struct vma_node *n, uint64_t addr, uint64_t old_len,
		    uint64_t new_len, uint64_t to, struct vma_remap_result *res,
		    const struct vma_cb *cb)
{
	uint64_t top = map->layout.top, len = min_u64(old_len, new_len);
	int err;

	if (!page_aligned(to) || new_len > top || to > top - new_len)
		return -LX_EINVAL;
	if (old_len > new_len && old_len > top - addr)      /* munmap's check on the tail */
		return -LX_EINVAL;
	if (addr + old_len > to && to + new_len > addr)
		return -LX_EINVAL;
	if (areas_in(map, to, to + new_len, VMA_RESERVED) ||
	    areas_in(map, addr + len, addr + old_len, VMA_RESERVED))
		return -LX_EINVAL;
	err = resize_check(n, addr, len);
	if (err)
		return err;
	if (!off_fits(n, addr, new_len))
		return -LX_EINVAL;
	if (to < map->layout.min_addr)
		return -LX_EPERM;
	return remap_move(map, &(struct move){ addr, len, to, new_len, addr + old_len }, res, cb);
}

int vma_remap(struct vma_map *map, uint64_t addr, uint64_t old_len, uint64_t new_len,
	      unsigned flags, uint64_t new_addr, struct vma_remap_result *res,
	      const struct vma_cb *cb)
{
	struct vma_node *n;

	if ((flags & ~(VMA_MREMAP_MAYMOVE | VMA_MREMAP_FIXED)) || !page_aligned(addr) ||
	    ((flags & VMA_MREMAP_FIXED) && !(flags & VMA_MREMAP_MAYMOVE)))
		return -LX_EINVAL;
	old_len = page_up(old_len);
	new_len = page_up(new_len);
	if (!new_len)
		return -LX_EINVAL;
	n = node_find(map, addr);
	if (!n || (n->area.flags & VMA_RESERVED))
		return -LX_EFAULT;
	*res = (struct vma_remap_result){ addr, 0, 0 };
	if (flags & VMA_MREMAP_FIXED)
		return remap_to(map, n, addr, old_len, new_len, new_addr, res, cb);
	if (old_len == new_len)
		return 0;
	if (old_len > new_len)      /* shrink: munmap's checks on the tail */
		return old_len > map->layout.top - addr ? -LX_EINVAL :
		       unmap_range(map, addr + new_len, addr + old_len, cb);
	return remap_grow(map, n, addr, old_len, new_len, flags, res, cb);
}

/* ---- brk and stack growth ------------------------------------------------------------------ */

int vma_brk(struct vma_map *map, uint64_t start_brk, uint64_t old_brk, uint64_t new_brk,
	    unsigned prot, const struct vma_cb *cb)
{
	uint64_t old_end = page_up(old_brk), new_end = page_up(new_brk);
	const struct vma_node *next;

	if (new_brk < start_brk || old_brk < start_brk || (prot & ~VMA_PROT_ALL))
		return -LX_EINVAL;
	if (new_brk > map->layout.top || old_brk > map->layout.top)
		return -LX_ENOMEM;
	if (new_end == old_end)
		return 0;
	if (new_end < old_end)
		return unmap_range(map, new_end, old_end, cb);
	/* Linux keeps a page free between the heap and the next area's gap */
	next = node_from(map, old_end);
	if (next && new_end + VMA_PAGE_SIZE > gap_top(map, &next->area))
		return -LX_ENOMEM;
	if (old_end < map->layout.min_addr)
		return -LX_EPERM;
	return install(map, &(struct vma){ old_end, new_end, prot, VMA_ANON | VMA_HEAP, NULL, 0 }, cb);
}

/* stack n may grow down to start */
static int grow_check(const struct vma_map *map, const struct vma_node *n, uint64_t start,
		      uint64_t limit)
{
	const struct vma_node *prev = n->prev;

	if (start < map->layout.min_addr)
		return -LX_EPERM;
	if (n->area.end - start > limit)
		return -LX_ENOMEM;
	if (prev && !(prev->area.flags & VMA_GROWSDOWN) && prev->area.prot &&
	    start - prev->area.end < map->layout.guard_gap)
		return -LX_ENOMEM;
	if (n->area.obj && n->area.obj_off < n->area.start - start)
		return -LX_ENOMEM;
	return 0;
}

int64_t vma_grow_down(struct vma_map *map, uint64_t addr, uint64_t limit,
		      const struct vma_cb *cb)
{
	uint64_t start = addr & ~PAGE_MASK;
	struct vma_node *n = node_from(map, start);
	int err;

	if (!n || !(n->area.flags & VMA_GROWSDOWN))
		return -LX_EFAULT;
	if (n->area.start > start) {
		err = grow_check(map, n, start, limit);
		if (err)
			return err;
		area_resize(map, n, start, n->area.end);
		merge_range(map, start, start, cb);
	}
	return (int64_t)node_find(map, start)->area.start;
}

/* ---- whole maps ----------------------------------------------------------------------------- */

void vma_init(struct vma_map *map, const struct vma_layout *layout)
{
	struct vma_layout l = *layout;

	l.min_addr = page_up(l.min_addr);
	l.mmap_base &= ~PAGE_MASK;
	l.top &= ~PAGE_MASK;
	l.guard_gap = page_up(l.guard_gap);
	*map = (struct vma_map){ .layout = l };
}

int vma_clone(struct vma_map *dst, const struct vma_map *src, const struct vma_cb *cb)
{
	struct vma_node *spare = NULL, *x;

	vma_init(dst, &src->layout);
	for (uint32_t i = 0; i < src->count; i++) {
		x = vma_alloc_node();
		if (!x) {
			for (; spare; spare = x) {
				x = spare->next;
				vma_free_node(spare);
			}
			return -LX_ENOMEM;
		}
		x->next = spare;
		spare = x;
	}
	for (const struct vma_node *n = src->first; n; n = n->next) {
		x = spare;
		spare = x->next;
		x->area = n->area;
		node_link(dst, x);
		cb_get(cb, x->area.obj);
	}
	return 0;
}

void vma_destroy(struct vma_map *map, const struct vma_cb *cb)
{
	struct vma_layout l = map->layout;

	for (struct vma_node *n = map->first, *next; n; n = next) {
		next = n->next;
		if (cb && cb->unmapped)
			cb->unmapped(cb->ctx, &n->area);
		cb_put(cb, n->area.obj);
		vma_free_node(n);
	}
	vma_init(map, &l);
}

/* ---- lookups for the caller --------------------------------------------------------------------- */

const struct vma *vma_find(const struct vma_map *map, uint64_t addr)
{
	const struct vma_node *n = node_find(map, addr);

	return n ? &n->area : NULL;
}

const struct vma *vma_first_in(const struct vma_map *map, uint64_t start, uint64_t end)
{
	const struct vma_node *n = start < end ? node_from(map, start) : NULL;

	return n && n->area.start < end ? &n->area : NULL;
}

const struct vma *vma_next(const struct vma *v)
{
	const struct vma_node *n = node_of(v)->next;

	return n ? &n->area : NULL;
}

uint64_t vma_bytes_in(const struct vma_map *map, uint64_t start, uint64_t end)
{
	uint64_t sum = 0;

	for (const struct vma *v = vma_first_in(map, start, end); v && v->start < end; v = vma_next(v))
		if (!(v->flags & VMA_RESERVED))
			sum += min_u64(end, v->end) - max_u64(start, v->start);
	return sum;
}

/* ---- /proc/PID/maps ---------------------------------------------------------------------------- */

struct out {
	char *buf;
	size_t size, len;
};

static void out_str(struct out *o, const char *s)
{
	for (; *s; s++, o->len++)
		if (o->len + 1 < o->size)
			o->buf[o->len] = *s;
}

static void dump_area(struct out *o, const struct vma *v, const char *name)
{
	char head[MAPS_NAME_COLUMN + 1];
	int n = snfmt(head, sizeof(head), "%08lx-%08lx %c%c%c%c %08lx 00:00 0 ", v->start, v->end,
		      (v->prot & VMA_PROT_READ) ? 'r' : '-', (v->prot & VMA_PROT_WRITE) ? 'w' : '-',
		      (v->prot & VMA_PROT_EXEC) ? 'x' : '-', (v->flags & VMA_SHARED) ? 's' : 'p',
		      v->obj_off);

	out_str(o, head);
	for (; name && n < MAPS_NAME_COLUMN; n++)
		out_str(o, " ");
	if (name)
		out_str(o, name);
	out_str(o, "\n");
}

size_t vma_dump(const struct vma_map *map, char *buf, size_t size,
		const char *(*name)(void *ctx, const struct vma *area), void *ctx)
{
	struct out o = { buf, size, 0 };

	for (const struct vma_node *n = map->first; n; n = n->next)
		dump_area(&o, &n->area, name ? name(ctx, &n->area) : NULL);
	if (size)
		buf[min_u64(o.len, size - 1)] = 0;
	return o.len;
}

/* ---- invariants ----------------------------------------------------------------------------------- */

/* the list: order, links, no two mergeable neighbours, gaps, counters */
static int check_list(const struct vma_map *map)
{
	const struct vma_node *prev = NULL;
	uint64_t mapped = 0;
	uint32_t count = 0;

	for (const struct vma_node *n = map->first; n; prev = n, n = n->next) {
		const struct vma *v = &n->area;
		if (n->prev != prev)
			return 1;
		if (v->start >= v->end || !page_aligned(v->start) || !page_aligned(v->end))
			return 2;
		if (prev && (prev->area.end > v->start || mergeable(&prev->area, v)))
			return 3;
		if ((!v->obj && v->obj_off) || n->gap != gap_of(map, n))
			return 4;
		mapped += counted(v);
		count++;
	}
	if (map->last != prev || mapped != map->mapped || count != map->count)
		return 5;
	return 0;
}

/* subtree t: in order with the list (*at walks it), heights, balance, gap maxima */
static int check_tree(const struct vma_node *t, const struct vma_node **at, int depth)
{
	int err, hl, hr;

	if (!t)
		return 0;
	if (depth > 64)
		return 6;
	err = check_tree(t->left, at, depth + 1);
	if (!err && t != *at)
		err = 7;
	if (err)
		return err;
	*at = t->next;
	err = check_tree(t->right, at, depth + 1);
	if (err)
		return err;
	hl = height(t->left);
	hr = height(t->right);
	if (t->height != (hl > hr ? hl : hr) + 1 || hl - hr > 1 || hr - hl > 1)
		return 8;
	if (t->max_gap != max_u64(t->gap, max_u64(subtree_gap(t->left), subtree_gap(t->right))))
		return 9;
	return 0;
}

int vma_check(const struct vma_map *map)
{
	const struct vma_node *at = map->first;
	int err = check_list(map);

	if (!err)
		err = check_tree(map->root, &at, 0);
	if (!err && at)
		err = 7;
	return err;
}
