/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/host/unixvma/unit.c - host tests of unixd's map of memory areas
 * (servers/unix/mm/vma.c), built with the sanitizers by
 * tests/host/unixvma/unixvma.mk.  Prints one "TEST unixvma/<name> PASS" or
 * "TEST unixvma/<name> FAIL <reason>" line per test and "DONE unixvma" at
 * the end; exits 0 when it got there.
 *
 *   unixvma/{unmap,protect,map,remap,stack,brk}/NAME
 *                  table rows: a map built by a few calls, one more call, the
 *                  result, the areas after it and the pieces the unmapped
 *                  callback saw, in page numbers ("100-120 rw- o1@0": pages
 *                  100 to 120, prot, flags letters, object 1 from page 0)
 *   unixvma/<name> the other tests: counts, lookups, /proc maps text, clone,
 *                  allocation failure at every allocation of a sequence, many
 *                  areas, and random_model: UNIXVMA_OPS (200,000) random calls
 *                  checked after each against a page-array model (every
 *                  page's prot, flags, object and offset, the callbacks, the
 *                  counters), with random allocation failures; UNIXVMA_SEED
 *                  chooses the seed.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vma.h"

#define PG      VMA_PAGE_SIZE
#define P(n)    ((uint64_t)(n) * PG)
#define R       VMA_PROT_READ
#define RW      (VMA_PROT_READ | VMA_PROT_WRITE)
#define RX      (VMA_PROT_READ | VMA_PROT_EXEC)
#define RWX     VMA_PROT_ALL
#define MAYMOVE VMA_MREMAP_MAYMOVE
#define MFIXED  (VMA_MREMAP_MAYMOVE | VMA_MREMAP_FIXED)
#define NOBJ    3

/* ---- harness ------------------------------------------------------------------------ */

static char why[512];

/* why the current test failed: "line N: ..." */
static void __attribute__((format(printf, 2, 3))) fail_why(int line, const char *fmt, ...)
{
	int n = snprintf(why, sizeof(why), "line %d: ", line);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why + n, sizeof(why) - n, fmt, ap);
	va_end(ap);
}

#define CHECKF(cond, ...)                                                               \
	do {                                                                            \
		if (!(cond)) {                                                          \
			fail_why(__LINE__, __VA_ARGS__);                                \
			return false;                                                   \
		}                                                                       \
	} while (0)
#define CHECK(cond) CHECKF(cond, "%s", #cond)

static void report(const char *name, bool ok)
{
	if (ok)
		printf("TEST unixvma/%s PASS\n", name);
	else
		printf("TEST unixvma/%s FAIL %s\n", name, why);
	fflush(stdout);
}

/* ---- the integrator's side: allocator and callbacks ---------------------------------- */

static long live_nodes;         /* allocated, not yet freed */
static long alloc_budget = -1;  /* allocations that succeed before one fails; -1: all */
static bool alloc_failed;       /* an allocation failed since last cleared */

void *vma_alloc_node(void)
{
	void *p;

	if (alloc_budget == 0) {
		alloc_failed = true;
		return NULL;
	}
	if (alloc_budget > 0)
		alloc_budget--;
	p = malloc(sizeof(struct vma_node));
	memset(p, 0xa5, sizeof(struct vma_node));      /* no field may be used unset */
	live_nodes++;
	return p;
}

void vma_free_node(void *node)
{
	live_nodes--;
	free(node);
}

static int objs[NOBJ];          /* the backing objects: only their addresses matter */

static void *obj_ptr(int i)
{
	return i ? &objs[i - 1] : NULL;
}

static int obj_index(const void *obj)
{
	return obj ? (int)((const int *)obj - objs) + 1 : 0;
}

#define NP 512                  /* pages of the random test's address space */

struct mpage {
	bool used;
	unsigned prot, flags;
	int obj;                /* obj_index */
	uint64_t off;           /* bytes */
};

struct model {
	struct mpage pg[NP];
};

/* what the callbacks saw */
static struct {
	char unmapped[2048];            /* the pieces, in the table notation */
	int pieces, reprotects;
	long refs[NOBJ];
	bool ref_underflow;
	const struct model *before;     /* random test: pages before the call */
	unsigned new_prot;
	uint8_t umask[NP], rmask[NP];   /* pages reported unmapped, reprotected */
	char bad[200];                  /* first inconsistent callback */
} rec;

static void rec_reset(void)
{
	rec.unmapped[0] = 0;
	rec.pieces = rec.reprotects = 0;
	memset(rec.umask, 0, sizeof(rec.umask));
	memset(rec.rmask, 0, sizeof(rec.rmask));
	rec.bad[0] = 0;
}

static size_t area_str(char *b, size_t n, const struct vma *v)
{
	static const struct { unsigned flag; char c; } letters[] = {
		{ VMA_SHARED, 'S' }, { VMA_ANON, 'A' }, { VMA_GROWSDOWN, 'G' }, { VMA_HEAP, 'H' },
		{ VMA_RESERVED, 'R' }, { VMA_DENY_WRITE, 'W' }, { VMA_DENY_EXEC, 'X' },
	};
	char fl[16];
	size_t k = 0;
	int len;

	for (size_t i = 0; i < sizeof(letters) / sizeof(letters[0]); i++)
		if (v->flags & letters[i].flag)
			fl[k++] = letters[i].c;
	fl[k] = 0;
	len = snprintf(b, n, "%lu-%lu %c%c%c%s%s", (unsigned long)(v->start / PG),
		       (unsigned long)(v->end / PG), (v->prot & R) ? 'r' : '-',
		       (v->prot & VMA_PROT_WRITE) ? 'w' : '-', (v->prot & VMA_PROT_EXEC) ? 'x' : '-',
		       k ? " " : "", fl);
	if (v->obj && (size_t)len < n)
		len += snprintf(b + len, n - len, " o%d@%lu", obj_index(v->obj),
				(unsigned long)(v->obj_off / PG));
	return (size_t)len < n ? (size_t)len : n;
}

static void map_str(const struct vma_map *map, char *b, size_t n)
{
	size_t len = 0;

	b[0] = 0;
	for (const struct vma *v = vma_first_in(map, 0, ~0ull); v && len + 2 < n; v = vma_next(v)) {
		if (len)
			len += snprintf(b + len, n - len, ", ");
		len += area_str(b + len, n - len, v);
	}
}

static void note_bad(const char *what, const struct vma *v)
{
	if (!rec.bad[0])
		snprintf(rec.bad, sizeof(rec.bad), "%s at page %lu", what, (unsigned long)(v->start / PG));
}

/* random test: the piece must be what the model had there */
static void check_piece(const struct vma *v)
{
	for (uint64_t p = v->start / PG; p < v->end / PG; p++) {
		const struct mpage *m = p < NP ? &rec.before->pg[p] : NULL;
		uint64_t off = v->obj ? v->obj_off + (p * PG - v->start) : 0;
		if (!m || !m->used || m->prot != v->prot || m->flags != v->flags ||
		    m->obj != obj_index(v->obj) || m->off != off)
			note_bad("unmapped piece differs from the model", v);
		else if (rec.umask[p]++)
			note_bad("page unmapped twice", v);
	}
}

static void t_unmapped(void *ctx, const struct vma *v)
{
	size_t len = strlen(rec.unmapped);

	(void)ctx;
	if (len && len + 2 < sizeof(rec.unmapped))
		len += snprintf(rec.unmapped + len, sizeof(rec.unmapped) - len, ", ");
	area_str(rec.unmapped + len, sizeof(rec.unmapped) - len, v);
	rec.pieces++;
	if (rec.before)
		check_piece(v);
}

static void t_reprotect(void *ctx, const struct vma *v, unsigned old)
{
	(void)ctx;
	rec.reprotects++;
	if (old == v->prot)
		note_bad("reprotect without a change", v);
	for (uint64_t p = v->start / PG; rec.before && p < v->end / PG; p++) {
		if (p >= NP || rec.before->pg[p].prot != old || v->prot != rec.new_prot)
			note_bad("reprotect differs from the model", v);
		else if (rec.rmask[p]++)
			note_bad("page reprotected twice", v);
	}
}

static void t_get(void *ctx, void *obj)
{
	(void)ctx;
	rec.refs[obj_index(obj) - 1]++;
}

static void t_put(void *ctx, void *obj)
{
	(void)ctx;
	if (--rec.refs[obj_index(obj) - 1] < 0)
		rec.ref_underflow = true;
}

static const struct vma_cb CB = { NULL, t_unmapped, t_reprotect, t_get, t_put };
static const struct vma_cb CB_REFS = { NULL, NULL, NULL, t_get, t_put };

/* each object has exactly one reference per area of these maps */
static bool refs_agree(const struct vma_map *a, const struct vma_map *b)
{
	long want[NOBJ] = { 0 };

	for (const struct vma_map *m = a; m; m = (m == a ? b : NULL))
		for (const struct vma *v = vma_first_in(m, 0, ~0ull); v; v = vma_next(v))
			if (v->obj)
				want[obj_index(v->obj) - 1]++;
	for (int i = 0; i < NOBJ; i++)
		CHECKF(rec.refs[i] == want[i], "obj %d: %ld references, %ld areas", i + 1, rec.refs[i],
		       want[i]);
	CHECK(!rec.ref_underflow);
	return true;
}

/* ---- operations as data ----------------------------------------------------------------- */

enum { OP_END, OP_MAP, OP_UNMAP, OP_PROT, OP_REMAP, OP_GROW, OP_BRK };

/* MAP a len prot flags obj off mode; UNMAP a len; PROT a len prot;
   REMAP a len=old new_len rflags to; GROW a len=limit; BRK a=start len=old new_len=new prot */
struct op {
	int kind;
	uint64_t a, len;
	unsigned prot, flags;
	int obj;
	uint64_t off;
	int mode;
	uint64_t new_len;
	unsigned rflags;
	uint64_t to;
};

#define FIX(a_, n_, pr_, fl_, ob_, of_) { .kind = OP_MAP, .a = P(a_), .len = P(n_), .prot = pr_, \
	.flags = fl_, .obj = ob_, .off = P(of_), .mode = VMA_FIXED }
#define ANON(a_, n_, pr_)  FIX(a_, n_, pr_, 0, 0, 0)
#define HINT(a_, n_, pr_)  { .kind = OP_MAP, .a = P(a_), .len = P(n_), .prot = pr_, .mode = VMA_HINT }
#define NOREP(a_, n_, pr_) { .kind = OP_MAP, .a = P(a_), .len = P(n_), .prot = pr_, \
	.mode = VMA_FIXED_NOREPLACE }
#define RESV(a_, n_)       { .kind = OP_MAP, .a = P(a_), .len = P(n_), .flags = VMA_RESERVED, \
	.mode = VMA_FIXED_NOREPLACE }
#define STACK(a_, n_)      FIX(a_, n_, RW, VMA_GROWSDOWN | VMA_ANON, 0, 0)
#define UNMAP(a_, n_)      { .kind = OP_UNMAP, .a = P(a_), .len = P(n_) }
#define PROT(a_, n_, pr_)  { .kind = OP_PROT, .a = P(a_), .len = P(n_), .prot = pr_ }
#define REMAP(a_, o_, n_, fl_, to_) { .kind = OP_REMAP, .a = P(a_), .len = P(o_), \
	.new_len = P(n_), .rflags = fl_, .to = P(to_) }
#define GROW(a_, lim_)     { .kind = OP_GROW, .a = P(a_), .len = P(lim_) }
#define BRK(s_, o_, n_)    { .kind = OP_BRK, .a = s_, .len = o_, .new_len = n_, .prot = RW }

static struct vma_remap_result last_rr;

static int64_t run_op(struct vma_map *map, const struct op *o)
{
	int err;

	switch (o->kind) {
	case OP_MAP:
		return vma_map(map, o->a, o->len, o->prot, o->flags, obj_ptr(o->obj), o->off,
			       (enum vma_mode)o->mode, &CB);
	case OP_UNMAP:
		return vma_unmap(map, o->a, o->len, &CB);
	case OP_PROT:
		return vma_protect(map, o->a, o->len, o->prot, &CB);
	case OP_REMAP:
		err = vma_remap(map, o->a, o->len, o->new_len, o->rflags, o->to, &last_rr, &CB);
		return err ? err : (int64_t)last_rr.addr;
	case OP_GROW:
		return vma_grow_down(map, o->a, o->len, &CB);
	case OP_BRK:
		return vma_brk(map, o->a, o->len, o->new_len, o->prot, &CB);
	}
	return -1000;
}

/* the tables' address space, in pages: min 16, mmap_base 1024, top 2048, guard 16 */
static const struct vma_layout tlay = { P(16), P(1024), P(2048), P(16), 1000 };

/* every test starts with M (and C) empty and ends with both destroyed */
static struct vma_map M, C;

/* ---- table rows ------------------------------------------------------------------------- */

struct shape {
	const char *name;
	struct op setup[6];     /* calls building the map, ending at OP_END */
	struct op op;           /* the call under test */
	int64_t ret;
	const char *map;        /* the areas after it */
	const char *unmapped;   /* the pieces the callback saw; NULL: not checked */
	const char *moved;      /* remap: "from+len" in pages, "" if not moved; NULL: not checked */
	bool no_alloc;          /* the call must not allocate */
};

#define E(e) (-(int64_t)(e))
#define A(p) ((int64_t)P(p))

/* rows leave their trailing fields out: NULL, false */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
static const struct shape shapes[] = {
	/* munmap: every shape of cut */
	{ "unmap/whole", { FIX(100, 20, RW, 0, 1, 0) }, UNMAP(100, 20), 0, "", "100-120 rw- o1@0" },
	{ "unmap/head", { FIX(100, 20, RW, 0, 1, 0) }, UNMAP(100, 5), 0, "105-120 rw- o1@5",
	  "100-105 rw- o1@0" },
	{ "unmap/tail", { FIX(100, 20, RW, 0, 1, 0) }, UNMAP(115, 5), 0, "100-115 rw- o1@0",
	  "115-120 rw- o1@15" },
	{ "unmap/middle", { FIX(100, 20, RW, 0, 1, 0) }, UNMAP(105, 5), 0,
	  "100-105 rw- o1@0, 110-120 rw- o1@10", "105-110 rw- o1@5" },
	{ "unmap/across_three", { ANON(100, 10, R), ANON(110, 10, RW), ANON(120, 10, RX) },
	  UNMAP(105, 20), 0, "100-105 r--, 125-130 r-x", "105-110 r--, 110-120 rw-, 120-125 r-x" },
	{ "unmap/over_holes", { ANON(100, 10, R), ANON(115, 5, RW) }, UNMAP(90, 40), 0, "",
	  "100-110 r--, 115-120 rw-" },
	{ "unmap/nothing_there", { ANON(100, 10, R) }, UNMAP(50, 10), 0, "100-110 r--", "", NULL, true },
	{ "unmap/len_rounded", { ANON(100, 10, R) }, { .kind = OP_UNMAP, .a = P(100), .len = P(1) + 1 },
	  0, "102-110 r--", "100-102 r--" },
	{ "unmap/unaligned", { ANON(100, 10, R) }, { .kind = OP_UNMAP, .a = P(100) + 8, .len = P(1) },
	  E(LX_EINVAL), "100-110 r--", "" },
	{ "unmap/len_0", { ANON(100, 10, R) }, UNMAP(100, 0), E(LX_EINVAL), "100-110 r--", "" },
	{ "unmap/beyond_top", { ANON(100, 10, R) }, UNMAP(2040, 16), E(LX_EINVAL), "100-110 r--", "" },
	{ "unmap/reserved", { RESV(100, 4), ANON(104, 4, R) }, UNMAP(96, 16), E(LX_EINVAL),
	  "100-104 --- R, 104-108 r--", "" },

	/* mprotect: every shape of cut, and the merges after it */
	{ "protect/whole", { FIX(100, 20, RW, 0, 1, 0) }, PROT(100, 20, R), 0, "100-120 r-- o1@0", "",
	  NULL, true },
	{ "protect/head", { FIX(100, 20, RW, 0, 1, 0) }, PROT(100, 5, R), 0,
	  "100-105 r-- o1@0, 105-120 rw- o1@5" },
	{ "protect/tail", { FIX(100, 20, RW, 0, 1, 0) }, PROT(115, 5, R), 0,
	  "100-115 rw- o1@0, 115-120 r-- o1@15" },
	{ "protect/middle", { FIX(100, 20, RW, 0, 1, 0) }, PROT(105, 5, R), 0,
	  "100-105 rw- o1@0, 105-110 r-- o1@5, 110-120 rw- o1@10" },
	{ "protect/merges_three", { ANON(100, 10, R), ANON(110, 10, RW), ANON(120, 10, R) },
	  PROT(110, 10, R), 0, "100-130 r--", "" },
	{ "protect/across_three", { ANON(100, 10, R), ANON(110, 10, RW), ANON(120, 10, R) },
	  PROT(105, 20, RW), 0, "100-105 r--, 105-125 rw-, 125-130 r--" },
	{ "protect/restores_one_area", { FIX(100, 20, RW, 0, 1, 0), PROT(105, 5, R) }, PROT(105, 5, RW),
	  0, "100-120 rw- o1@0" },
	{ "protect/same_prot_no_split", { ANON(100, 20, RW) }, PROT(105, 5, RW), 0, "100-120 rw-", "",
	  NULL, true },
	{ "protect/hole", { ANON(100, 10, R), ANON(115, 5, R) }, PROT(100, 20, RW), E(LX_ENOMEM),
	  "100-110 r--, 115-120 r--" },
	{ "protect/hole_before", { ANON(100, 10, R) }, PROT(95, 10, RW), E(LX_ENOMEM), "100-110 r--" },
	{ "protect/past_end", { ANON(100, 10, R) }, PROT(100, 11, RW), E(LX_ENOMEM), "100-110 r--" },
	{ "protect/len_0", { ANON(100, 10, R) }, PROT(300, 0, RW), 0, "100-110 r--" },
	{ "protect/unaligned", { ANON(100, 10, R) }, { .kind = OP_PROT, .a = P(100) + 1, .len = P(1) },
	  E(LX_EINVAL), "100-110 r--" },
	{ "protect/bad_prot", { ANON(100, 10, R) }, PROT(100, 10, 8), E(LX_EINVAL), "100-110 r--" },
	{ "protect/len_wraps", { ANON(100, 10, R) }, { .kind = OP_PROT, .a = P(100), .len = ~0ull },
	  E(LX_ENOMEM), "100-110 r--" },
	{ "protect/deny_write", { FIX(100, 10, R, VMA_SHARED | VMA_DENY_WRITE, 1, 0) },
	  PROT(100, 10, RW), E(LX_EACCES), "100-110 r-- SW o1@0" },
	{ "protect/deny_exec_allows_read", { FIX(100, 10, RW, VMA_DENY_EXEC, 1, 0) }, PROT(100, 5, R), 0,
	  "100-105 r-- X o1@0, 105-110 rw- X o1@5" },
	{ "protect/hole_before_deny", { ANON(100, 5, R), FIX(106, 4, R, VMA_DENY_WRITE, 1, 0) },
	  PROT(100, 10, RW), E(LX_ENOMEM), "100-105 r--, 106-110 r-- W o1@0" },
	{ "protect/reserved", { RESV(100, 4), ANON(104, 4, R) }, PROT(100, 8, RW), E(LX_ENOMEM),
	  "100-104 --- R, 104-108 r--" },

	/* mmap */
	{ "map/fixed_over_three", { ANON(100, 10, R), ANON(110, 10, RW), ANON(125, 5, RX) },
	  ANON(105, 22, RWX), A(105), "100-105 r--, 105-127 rwx, 127-130 r-x",
	  "105-110 r--, 110-120 rw-, 125-127 r-x" },
	{ "map/fixed_inside_one", { FIX(100, 20, RW, 0, 1, 0) }, FIX(105, 5, R, 0, 2, 0), A(105),
	  "100-105 rw- o1@0, 105-110 r-- o2@0, 110-120 rw- o1@10", "105-110 rw- o1@5" },
	{ "map/fixed_exact", { ANON(100, 10, R) }, ANON(100, 10, RW), A(100), "100-110 rw-",
	  "100-110 r--" },
	{ "map/fixed_joins_both", { ANON(100, 5, RW), ANON(110, 10, RW) }, ANON(105, 5, RW), A(105),
	  "100-120 rw-", "" },
	{ "map/file_contiguous_joins", { FIX(100, 5, R, 0, 1, 0) }, FIX(105, 5, R, 0, 1, 5), A(105),
	  "100-110 r-- o1@0" },
	{ "map/file_gap_in_offsets", { FIX(100, 5, R, 0, 1, 0) }, FIX(105, 5, R, 0, 1, 6), A(105),
	  "100-105 r-- o1@0, 105-110 r-- o1@6" },
	{ "map/other_flags_stay_apart", { ANON(100, 5, RW) }, FIX(105, 5, RW, VMA_ANON, 0, 0), A(105),
	  "100-105 rw-, 105-110 rw- A" },
	{ "map/noreplace_taken", { ANON(100, 10, R) }, NOREP(105, 10, R), E(LX_EEXIST), "100-110 r--", "" },
	{ "map/noreplace_free", { ANON(100, 10, R) }, NOREP(110, 10, R), A(110), "100-120 r--", "" },
	{ "map/noreplace_reserved", { RESV(100, 4) }, NOREP(98, 4, R), E(LX_EEXIST), "100-104 --- R" },
	{ "map/fixed_over_reserved", { RESV(100, 4) }, ANON(98, 4, R), E(LX_ENOMEM), "100-104 --- R" },
	{ "map/hint_taken", { ANON(100, 10, R) }, HINT(300, 10, RW), A(300), "100-110 r--, 300-310 rw-" },
	{ "map/hint_unaligned", { { 0 } }, { .kind = OP_MAP, .a = P(300) + 123, .len = P(2), .prot = R },
	  A(300), "300-302 r--" },
	{ "map/hint_below_min", { { 0 } }, HINT(1, 4, R), A(16), "16-20 r--" },
	{ "map/hint_taken_area", { ANON(300, 10, R) }, HINT(305, 10, RW), A(1014),
	  "300-310 r--, 1014-1024 rw-" },
	{ "map/hint_in_guard_gap", { STACK(500, 10) }, HINT(480, 10, R), A(1014),
	  "500-510 rw- AG, 1014-1024 r--" },
	{ "map/hint_below_guard_gap", { STACK(500, 10) }, HINT(474, 10, R), A(474),
	  "474-484 r--, 500-510 rw- AG" },
	{ "map/hint_past_top", { { 0 } }, HINT(2040, 10, R), A(1014), "1014-1024 r--" },
	{ "map/top_down_first_fit", { ANON(1000, 24, R), ANON(990, 5, R) }, HINT(0, 5, RW), A(995),
	  "990-995 r--, 995-1000 rw-, 1000-1024 r--" },
	{ "map/top_down_skips_small", { ANON(1000, 24, R), ANON(990, 5, R) }, HINT(0, 6, RW), A(984),
	  "984-990 rw-, 990-995 r--, 1000-1024 r--" },
	{ "map/top_down_below_stack_gap", { STACK(1000, 24) }, HINT(0, 4, R), A(980),
	  "980-984 r--, 1000-1024 rw- AG" },
	{ "map/top_down_around_reserved", { RESV(1020, 4) }, HINT(0, 8, R), A(1012),
	  "1012-1020 r--, 1020-1024 --- R" },
	{ "map/bottom_up_fallback", { ANON(16, 1008, R), ANON(1030, 4, R) }, HINT(0, 6, RW), A(1024),
	  "16-1024 r--, 1024-1030 rw-, 1030-1034 r--" },
	{ "map/bottom_up_skips_small", { ANON(16, 1008, R), ANON(1030, 4, R) }, HINT(0, 7, RW), A(1034),
	  "16-1024 r--, 1030-1034 r--, 1034-1041 rw-" },
	{ "map/exhausted", { ANON(16, 2032, R) }, HINT(0, 1, RW), E(LX_ENOMEM), "16-2048 r--" },
	{ "map/exhausted_by_stack_gap", { ANON(16, 2000, R), STACK(2032, 16) }, HINT(0, 1, RW),
	  E(LX_ENOMEM), "16-2016 r--, 2032-2048 rw- AG" },
	{ "map/larger_than_space", { { 0 } }, HINT(0, 2049, R), E(LX_ENOMEM), "" },
	{ "map/len_0", { { 0 } }, HINT(0, 0, R), E(LX_EINVAL), "" },
	{ "map/len_wraps", { { 0 } }, { .kind = OP_MAP, .len = ~0ull, .prot = R }, E(LX_ENOMEM), "" },
	{ "map/fixed_unaligned", { { 0 } }, { .kind = OP_MAP, .a = P(100) + 1, .len = P(1),
	  .mode = VMA_FIXED }, E(LX_EINVAL), "" },
	{ "map/fixed_past_top", { { 0 } }, ANON(2040, 16, R), E(LX_ENOMEM), "" },
	{ "map/fixed_below_min", { { 0 } }, ANON(8, 4, R), E(LX_EPERM), "" },
	{ "map/shared_without_obj", { { 0 } }, FIX(100, 4, R, VMA_SHARED, 0, 0), E(LX_EINVAL), "" },
	{ "map/off_unaligned", { { 0 } }, { .kind = OP_MAP, .a = P(100), .len = P(1), .obj = 1,
	  .off = 100, .mode = VMA_FIXED }, E(LX_EINVAL), "" },
	{ "map/off_overflows", { { 0 } }, { .kind = OP_MAP, .a = P(100), .len = P(2), .obj = 1,
	  .off = ~0ull - PG + 1, .mode = VMA_FIXED }, E(LX_EOVERFLOW), "" },
	{ "map/bad_prot", { { 0 } }, HINT(100, 1, 9), E(LX_EINVAL), "" },
	{ "map/bad_flags", { { 0 } }, FIX(100, 1, R, 0x100, 0, 0), E(LX_EINVAL), "" },
	{ "map/bad_mode", { { 0 } }, { .kind = OP_MAP, .a = P(100), .len = P(1), .mode = 7 },
	  E(LX_EINVAL), "" },
	{ "map/deny_write", { { 0 } }, FIX(100, 1, RW, VMA_SHARED | VMA_DENY_WRITE, 1, 0), E(LX_EACCES),
	  "" },

	/* mremap */
	{ "remap/shrink", { FIX(100, 20, RW, 0, 1, 0) }, REMAP(100, 20, 5, 0, 0), A(100),
	  "100-105 rw- o1@0", "105-120 rw- o1@5", "" },
	{ "remap/same_len", { ANON(100, 20, RW) }, REMAP(100, 20, 20, 0, 0), A(100), "100-120 rw-", "",
	  "", true },
	{ "remap/grow_in_place", { FIX(100, 20, RW, 0, 1, 0) }, REMAP(100, 20, 30, 0, 0), A(100),
	  "100-130 rw- o1@0", "", "", true },
	{ "remap/grow_joins_next", { ANON(100, 20, RW), ANON(130, 10, RW) }, REMAP(100, 20, 30, 0, 0),
	  A(100), "100-140 rw-", "", "" },
	{ "remap/grow_blocked", { ANON(100, 20, RW), ANON(125, 5, R) }, REMAP(100, 20, 30, 0, 0),
	  E(LX_ENOMEM), "100-120 rw-, 125-130 r--" },
	{ "remap/grow_not_at_end", { ANON(100, 20, RW) }, REMAP(100, 10, 20, 0, 0), E(LX_ENOMEM),
	  "100-120 rw-" },
	{ "remap/grow_moves", { FIX(100, 20, RW, 0, 1, 0), ANON(125, 5, R) },
	  REMAP(100, 20, 30, MAYMOVE, 0), A(994), "125-130 r--, 994-1024 rw- o1@0", "", "100+20" },
	{ "remap/moves_middle_piece", { FIX(100, 30, RW, 0, 1, 0) }, REMAP(110, 10, 15, MAYMOVE, 0),
	  A(1009), "100-110 rw- o1@0, 120-130 rw- o1@20, 1009-1024 rw- o1@10", "", "110+10" },
	{ "remap/fixed", { FIX(100, 20, RW, 0, 1, 0), ANON(300, 10, RX) }, REMAP(100, 20, 20, MFIXED, 305),
	  A(305), "300-305 r-x, 305-325 rw- o1@0", "305-310 r-x", "100+20" },
	{ "remap/fixed_shrinks", { FIX(100, 20, RW, 0, 1, 0) }, REMAP(100, 20, 5, MFIXED, 300), A(300),
	  "300-305 rw- o1@0", "105-120 rw- o1@5", "100+5" },
	{ "remap/fixed_grows", { FIX(100, 20, RW, 0, 1, 0) }, REMAP(100, 10, 20, MFIXED, 300), A(300),
	  "110-120 rw- o1@10, 300-320 rw- o1@0", "", "100+10" },
	{ "remap/fixed_joins", { ANON(100, 10, RW), ANON(200, 10, RW) }, REMAP(200, 10, 10, MFIXED, 110),
	  A(110), "100-120 rw-", "", "200+10" },
	{ "remap/fixed_splits_five", { ANON(90, 40, RW), ANON(300, 20, R) },
	  REMAP(100, 20, 10, MFIXED, 305), A(305),
	  "90-100 rw-, 120-130 rw-, 300-305 r--, 305-315 rw-, 315-320 r--",
	  "305-315 r--, 110-120 rw-", "100+10" },
	{ "remap/bad_flags", { ANON(100, 10, RW) }, REMAP(100, 10, 20, 4 | MAYMOVE, 0), E(LX_EINVAL),
	  "100-110 rw-" },
	{ "remap/fixed_without_maymove", { ANON(100, 10, RW) }, REMAP(100, 10, 20, VMA_MREMAP_FIXED, 300),
	  E(LX_EINVAL), "100-110 rw-" },
	{ "remap/unaligned", { ANON(100, 10, RW) }, { .kind = OP_REMAP, .a = P(100) + 1, .len = P(1),
	  .new_len = P(2) }, E(LX_EINVAL), "100-110 rw-" },
	{ "remap/new_len_0", { ANON(100, 10, RW) }, REMAP(100, 10, 0, MAYMOVE, 0), E(LX_EINVAL),
	  "100-110 rw-" },
	{ "remap/not_mapped", { ANON(100, 10, RW) }, REMAP(110, 1, 2, MAYMOVE, 0), E(LX_EFAULT),
	  "100-110 rw-" },
	{ "remap/across_areas", { ANON(100, 10, RW), ANON(110, 10, R) }, REMAP(105, 10, 20, MAYMOVE, 0),
	  E(LX_EFAULT), "100-110 rw-, 110-120 r--" },
	{ "remap/old_len_0", { ANON(100, 10, RW) }, REMAP(100, 0, 4, MAYMOVE, 0), E(LX_EINVAL),
	  "100-110 rw-" },
	{ "remap/reserved", { RESV(100, 4) }, REMAP(100, 4, 8, MAYMOVE, 0), E(LX_EFAULT), "100-104 --- R" },
	{ "remap/fixed_overlap", { ANON(100, 20, RW) }, REMAP(100, 20, 20, MFIXED, 110), E(LX_EINVAL),
	  "100-120 rw-" },
	{ "remap/fixed_onto_reserved", { ANON(100, 10, RW), RESV(300, 4) },
	  REMAP(100, 10, 10, MFIXED, 295), E(LX_EINVAL), "100-110 rw-, 300-304 --- R", "" },
	{ "remap/fixed_unaligned", { ANON(100, 10, RW) }, { .kind = OP_REMAP, .a = P(100), .len = P(10),
	  .new_len = P(10), .rflags = MFIXED, .to = P(300) + 1 }, E(LX_EINVAL), "100-110 rw-" },
	{ "remap/fixed_past_top", { ANON(100, 10, RW) }, REMAP(100, 10, 10, MFIXED, 2040), E(LX_EINVAL),
	  "100-110 rw-" },
	{ "remap/fixed_below_min", { ANON(100, 10, RW) }, REMAP(100, 10, 10, MFIXED, 4), E(LX_EPERM),
	  "100-110 rw-" },
	{ "remap/fixed_missing_old_keeps_target", { ANON(300, 10, R) }, REMAP(100, 10, 10, MFIXED, 300),
	  E(LX_EFAULT), "300-310 r--", "" },

	/* stack growth: guard gap 16 pages */
	{ "stack/grows", { STACK(500, 10) }, { .kind = OP_GROW, .a = P(495) + 100, .len = P(100) },
	  A(495), "495-510 rw- AG", "", NULL, true },
	{ "stack/inside", { STACK(500, 10) }, GROW(505, 100), A(500), "500-510 rw- AG" },
	{ "stack/guard_gap", { ANON(470, 10, RW), STACK(500, 10) }, GROW(495, 100), E(LX_ENOMEM),
	  "470-480 rw-, 500-510 rw- AG" },
	{ "stack/guard_gap_exact", { ANON(470, 10, RW), STACK(500, 10) }, GROW(496, 100), A(496),
	  "470-480 rw-, 496-510 rw- AG" },
	{ "stack/prot_none_below", { ANON(470, 10, 0), STACK(500, 10) }, GROW(481, 100), A(481),
	  "470-480 ---, 481-510 rw- AG" },
	{ "stack/limit", { STACK(500, 10) }, GROW(495, 14), E(LX_ENOMEM), "500-510 rw- AG" },
	{ "stack/limit_exact", { STACK(500, 10) }, GROW(495, 15), A(495), "495-510 rw- AG" },
	{ "stack/not_a_stack", { ANON(500, 10, RW) }, GROW(495, 100), E(LX_EFAULT), "500-510 rw-" },
	{ "stack/nothing_above", { STACK(500, 10) }, GROW(600, 100), E(LX_EFAULT), "500-510 rw- AG" },
	{ "stack/below_min", { STACK(20, 10) }, GROW(8, 100), E(LX_EPERM), "20-30 rw- AG" },
	{ "stack/joins_stack_below", { STACK(480, 10), STACK(500, 10) }, GROW(490, 100), A(480),
	  "480-510 rw- AG" },

	/* brk: heap from page 200 */
	{ "brk/first", { { 0 } }, BRK(P(200), P(200), P(203) + 5), 0, "200-204 rw- AH" },
	{ "brk/grows_joins", { BRK(P(200), P(200), P(202)) }, BRK(P(200), P(202), P(205)), 0,
	  "200-205 rw- AH" },
	{ "brk/shrinks", { BRK(P(200), P(200), P(205)) }, BRK(P(200), P(205), P(201) + 1), 0,
	  "200-202 rw- AH", "202-205 rw- AH" },
	{ "brk/same_page", { BRK(P(200), P(200), P(202) + 1) }, BRK(P(200), P(202) + 1, P(202) + 100), 0,
	  "200-203 rw- AH", "", NULL, true },
	{ "brk/page_before_next", { ANON(210, 10, R) }, BRK(P(200), P(200), P(209) + 1), E(LX_ENOMEM),
	  "210-220 r--" },
	{ "brk/page_before_next_exact", { ANON(210, 10, R) }, BRK(P(200), P(200), P(209)), 0,
	  "200-209 rw- AH, 210-220 r--" },
	{ "brk/below_start", { { 0 } }, BRK(P(200), P(200), P(199)), E(LX_EINVAL), "" },
};
#pragma GCC diagnostic pop

static bool run_shape(const struct shape *s)
{
	static char got[2048];
	int64_t ret;

	for (const struct op *o = s->setup; o->kind; o++)
		CHECKF(run_op(&M, o) >= 0, "setup call %d refused", (int)(o - s->setup));
	rec_reset();
	last_rr = (struct vma_remap_result){ 0, 0, 0 };
	alloc_budget = s->no_alloc ? 0 : -1;
	ret = run_op(&M, &s->op);
	alloc_budget = -1;
	CHECKF(ret == s->ret, "returned %ld, want %ld", (long)ret, (long)s->ret);
	map_str(&M, got, sizeof(got));
	CHECKF(!strcmp(got, s->map), "map [%s], want [%s]", got, s->map);
	CHECKF(!s->unmapped || !strcmp(rec.unmapped, s->unmapped), "unmapped [%s], want [%s]",
	       rec.unmapped, s->unmapped);
	if (s->moved) {
		char mv[64] = "";
		if (last_rr.moved_len)
			snprintf(mv, sizeof(mv), "%lu+%lu", (unsigned long)(last_rr.moved_from / PG),
				 (unsigned long)(last_rr.moved_len / PG));
		CHECKF(!strcmp(mv, s->moved), "moved [%s], want [%s]", mv, s->moved);
	}
	CHECKF(vma_check(&M) == 0, "vma_check %d", vma_check(&M));
	return refs_agree(&M, NULL);
}

/* ---- other tests ------------------------------------------------------------------------- */

/* the limit on areas counts what a call leaves, before merging */
static bool t_count_limit(void)
{
	struct vma_layout l = tlay;

	l.max_count = 4;
	vma_init(&M, &l);
	for (int i = 0; i < 4; i++)
		CHECK(vma_map(&M, P(100 + 20 * i), P(10), R, 0, NULL, 0, VMA_FIXED, &CB) >= 0);
	CHECK(vma_map(&M, 0, P(1), R, 0, NULL, 0, VMA_HINT, &CB) == -LX_ENOMEM);
	CHECK(vma_map(&M, P(110), P(1), R, 0, NULL, 0, VMA_FIXED, &CB) == -LX_ENOMEM);
	CHECK(vma_unmap(&M, P(102), P(2), &CB) == -LX_ENOMEM);
	CHECK(vma_protect(&M, P(102), P(2), RW, &CB) == -LX_ENOMEM);
	CHECK(vma_protect(&M, P(100), P(10), RW, &CB) == 0);
	CHECK(vma_map(&M, P(100), P(2), R, 0, NULL, 0, VMA_FIXED, &CB) == -LX_ENOMEM);
	CHECK(vma_unmap(&M, P(100), P(10), &CB) == 0);
	CHECK(vma_unmap(&M, P(122), P(2), &CB) == 0);
	CHECK(vma_count(&M) == 4 && vma_check(&M) == 0);
	return true;
}

static bool t_lookup(void)
{
	const struct vma *v;

	CHECK(vma_find(&M, P(100)) == NULL && vma_first_in(&M, 0, ~0ull) == NULL);
	CHECK(vma_map(&M, P(100), P(10), R, 0, NULL, 0, VMA_FIXED, &CB) == A(100));
	CHECK(vma_map(&M, P(120), P(10), RW, 0, NULL, 0, VMA_FIXED, &CB) == A(120));
	CHECK(vma_map(&M, P(130), P(2), 0, VMA_RESERVED, NULL, 0, VMA_FIXED, &CB) == A(130));
	v = vma_find(&M, P(100));
	CHECK(v && v->start == P(100) && v->end == P(110));
	CHECK(vma_find(&M, P(110) - 1) == v && vma_find(&M, P(110)) == NULL);
	CHECK(vma_find(&M, P(99) + 4095) == NULL && vma_find(&M, P(131))->flags == VMA_RESERVED);
	CHECK(vma_first_in(&M, P(110), P(120)) == NULL);
	CHECK(vma_first_in(&M, P(110), P(121))->start == P(120));
	CHECK(vma_first_in(&M, P(105), P(106)) == v && vma_first_in(&M, P(105), P(105)) == NULL);
	CHECK(vma_next(v)->start == P(120) && vma_next(vma_next(vma_next(v))) == NULL);
	CHECK(vma_bytes_in(&M, P(105), P(125)) == P(10) && vma_bytes_in(&M, 0, ~0ull) == P(20));
	CHECK(vma_mapped_bytes(&M) == P(20) && vma_count(&M) == 3);
	return true;
}

static const char *name_of(void *ctx, const struct vma *v)
{
	(void)ctx;
	return (v->flags & VMA_GROWSDOWN) ? "[stack]" : v->obj == obj_ptr(1) ? "/usr/bin/cat" : NULL;
}

/* the exact text of Linux's /proc/PID/maps (lines taken from a Linux 6.1 host) */
static bool t_dump(void)
{
	static const struct vma_layout big = { VMA_MMAP_MIN_ADDR, VMA_TASK_SIZE / 3 * 2, VMA_TASK_SIZE,
					      VMA_GUARD_GAP, VMA_MAX_MAP_COUNT };
	const char *want =
		"5575149b2000-5575149b7000 r-xp 00002000 00:00 0                          /usr/bin/cat\n"
		"7f7509d86000-7f7509d88000 rw-s 00033000 00:00 0 \n"
		"7ffc608b2000-7ffc608d3000 rw-p 00000000 00:00 0                          [stack]\n";
	char buf[512], small[20];
	size_t n;

	vma_init(&M, &big);
	CHECK(vma_map(&M, 0x5575149b2000, 0x5000, RX, 0, obj_ptr(1), 0x2000, VMA_FIXED, &CB) >= 0);
	CHECK(vma_map(&M, 0x7f7509d86000, 0x2000, RW, VMA_SHARED | VMA_ANON, obj_ptr(2), 0x33000,
		      VMA_FIXED, &CB) >= 0);
	CHECK(vma_map(&M, 0x7ffc608b2000, 0x21000, RW, VMA_GROWSDOWN, NULL, 0, VMA_FIXED, &CB) >= 0);
	n = vma_dump(&M, buf, sizeof(buf), name_of, NULL);
	CHECKF(n == strlen(want) && !strcmp(buf, want), "got\n%s", buf);
	CHECK(vma_dump(&M, small, sizeof(small), name_of, NULL) == n);
	CHECK(strlen(small) == sizeof(small) - 1 && !strncmp(small, want, sizeof(small) - 1));
	/* without names: no padding, the line ends after "0 " */
	CHECK(vma_dump(&M, NULL, 0, NULL, NULL) == n - (25 + strlen("/usr/bin/cat")) - (25 + strlen("[stack]")));
	return true;
}

/* two maps hold the same areas */
static bool same_areas(const struct vma_map *a, const struct vma_map *b)
{
	const struct vma *x = vma_first_in(a, 0, ~0ull), *y = vma_first_in(b, 0, ~0ull);

	for (; x && y; x = vma_next(x), y = vma_next(y))
		CHECK(!memcmp(x, y, sizeof(*x)));
	CHECK(!x && !y && vma_count(a) == vma_count(b) && vma_mapped_bytes(a) == vma_mapped_bytes(b));
	return true;
}

static bool t_clone(void)
{
	long live;

	CHECK(vma_map(&M, P(100), P(10), RW, 0, obj_ptr(1), 0, VMA_FIXED, &CB) >= 0);
	CHECK(vma_map(&M, P(120), P(10), R, VMA_SHARED, obj_ptr(2), P(4), VMA_FIXED, &CB) >= 0);
	CHECK(vma_map(&M, P(140), P(10), RW, VMA_GROWSDOWN, NULL, 0, VMA_FIXED, &CB) >= 0);
	live = live_nodes;
	for (long k = 0; k < 3; k++) {
		alloc_budget = k;
		CHECK(vma_clone(&C, &M, &CB_REFS) == -LX_ENOMEM);
		alloc_budget = -1;
		CHECK(vma_count(&C) == 0 && live_nodes == live && refs_agree(&M, NULL));
	}
	CHECK(vma_clone(&C, &M, &CB_REFS) == 0);
	CHECK(same_areas(&M, &C) && vma_check(&C) == 0 && refs_agree(&M, &C));
	CHECK(vma_unmap(&C, P(100), P(5), &CB) == 0 && vma_find(&M, P(100)) != NULL);
	vma_destroy(&C, &CB_REFS);
	CHECK(vma_count(&C) == 0 && live_nodes == live && refs_agree(&M, NULL));
	return true;
}

static bool t_destroy(void)
{
	CHECK(vma_map(&M, P(100), P(10), RW, 0, obj_ptr(1), 0, VMA_FIXED, &CB) >= 0);
	CHECK(vma_map(&M, P(200), P(10), R, VMA_SHARED, obj_ptr(1), 0, VMA_FIXED, &CB) >= 0);
	CHECK(vma_map(&M, P(300), P(4), 0, VMA_RESERVED, NULL, 0, VMA_FIXED, &CB) >= 0);
	rec_reset();
	vma_destroy(&M, &CB);
	CHECK(rec.pieces == 3 && live_nodes == 0 && rec.refs[0] == 0);
	CHECK(vma_count(&M) == 0 && vma_mapped_bytes(&M) == 0 && vma_check(&M) == 0);
	CHECK(vma_map(&M, P(100), P(1), R, 0, NULL, 0, VMA_FIXED, &CB) == A(100));
	return true;
}

/* Each call of a sequence, with every allocation it makes failing in turn:
   -ENOMEM, the map as it was, no callback; then it succeeds. */
static bool t_alloc_failure(void)
{
	static const struct { struct op op; long allocs; } seq[] = {
		{ FIX(100, 20, RW, 0, 1, 0), 1 },
		{ FIX(105, 5, R, 0, 2, 0), 3 },         /* two splits and the area */
		{ UNMAP(112, 2), 2 },
		{ PROT(101, 2, RWX), 2 },
		{ HINT(0, 4, RW), 1 },
		{ ANON(298, 20, RX), 1 },
		{ REMAP(115, 4, 2, MFIXED, 305), 5 },   /* cuts at 115 117 119 305 307 */
		{ REMAP(103, 1, 3, MAYMOVE, 0), 1 },    /* cut at 104, the piece moves */
		{ BRK(P(400), P(400), P(403)), 1 },
		{ UNMAP(401, 1), 2 },
		{ ANON(600, 4, R), 1 },
		{ FIX(640, 4, RW, VMA_GROWSDOWN, 0, 0), 1 },
		{ GROW(630, 100), 0 },
	};
	static char before[2048], after[2048];

	for (size_t i = 0; i < sizeof(seq) / sizeof(seq[0]); i++) {
		long k = 0, live = live_nodes, refs[NOBJ];
		int64_t ret;
		for (;; k++) {
			map_str(&M, before, sizeof(before));
			memcpy(refs, rec.refs, sizeof(refs));
			rec_reset();
			alloc_failed = false;
			alloc_budget = k;
			ret = run_op(&M, &seq[i].op);
			alloc_budget = -1;
			if (!alloc_failed)
				break;
			map_str(&M, after, sizeof(after));
			CHECKF(ret == -LX_ENOMEM, "call %zu, allocation %ld: returned %ld", i, k, (long)ret);
			CHECKF(!strcmp(before, after), "call %zu, allocation %ld: [%s] became [%s]", i, k,
			       before, after);
			CHECKF(rec.pieces == 0 && rec.reprotects == 0 && live_nodes == live &&
			       !memcmp(refs, rec.refs, sizeof(refs)), "call %zu, allocation %ld: side effects",
			       i, k);
		}
		CHECKF(ret >= 0, "call %zu returned %ld", i, (long)ret);
		CHECKF(k == seq[i].allocs, "call %zu made %ld allocations, want %ld", i, k, seq[i].allocs);
		CHECK(vma_check(&M) == 0 && refs_agree(&M, NULL));
	}
	return true;
}

/* Thousands of areas: the tree stays balanced, lookups and the gap search hold. */
static bool t_many_areas(void)
{
	static const struct vma_layout big = { P(16), P(1 << 20), P(1 << 21), P(256), VMA_MAX_MAP_COUNT };
	const int n = 30000;
	int h = 0;

	vma_init(&M, &big);
	for (int i = 0; i < n; i++)
		CHECK(vma_map(&M, P(100 + 2 * i), P(1), (i % 3) ? R : RW, 0, NULL, 0, VMA_FIXED, NULL) >= 0);
	CHECK(vma_map(&M, P(100 + 2 * n), P((1 << 20) - 100 - 2 * n), R, VMA_ANON, NULL, 0,
		      VMA_FIXED, NULL) >= 0);
	for (int k = n + 1; k > 1; k >>= 1)
		h++;
	CHECKF(M.root->height <= h * 3 / 2 + 1, "height %d for %d areas", M.root->height, n + 1);
	CHECK(vma_check(&M) == 0 && vma_count(&M) == (uint32_t)n + 1);
	for (int i = 0; i < 2 * n; i++) {
		const struct vma *v = vma_find(&M, P(100 + i) + 7);
		CHECK((i & 1) ? v == NULL : (v && v->start == P(100 + i)));
	}
	/* the one-page holes between the areas are taken top down, then the big hole */
	for (int i = n - 1; i >= n - 1000; i--)
		CHECK(vma_map(&M, 0, P(1), RWX, 0, NULL, 0, VMA_HINT, NULL) == A(101 + 2 * i));
	CHECK(vma_map(&M, 0, P(2), RWX, 0, NULL, 0, VMA_HINT, NULL) == A(98));
	CHECK(vma_check(&M) == 0);
	return true;
}

/* ---- the page-array model ------------------------------------------------------------------ */

#define MIN_PG   16
#define BASE_PG  400
#define GUARD_PG 8
static const struct vma_layout rlay = { P(MIN_PG), P(BASE_PG), P(NP), P(GUARD_PG), 65530 };

struct expect {
	uint8_t umask[NP], rmask[NP];
	struct vma_remap_result rr;
};

static bool m_used(const struct model *m, uint64_t p)
{
	return p < NP && m->pg[p].used;
}

static bool m_any(const struct model *m, uint64_t a, uint64_t b, unsigned flag)
{
	for (uint64_t p = a; p < b && p < NP; p++)
		if (m->pg[p].used && (!flag || (m->pg[p].flags & flag)))
			return true;
	return false;
}

/* pages p and p + 1 belong to one area */
static bool m_joined(const struct model *m, uint64_t p)
{
	const struct mpage *a, *b;

	if (p + 1 >= NP)
		return false;
	a = &m->pg[p];
	b = &m->pg[p + 1];
	return a->used && b->used && a->prot == b->prot && a->flags == b->flags && a->obj == b->obj &&
	       (!a->obj || b->off == a->off + PG);
}

static uint64_t m_area_start(const struct model *m, uint64_t p)
{
	while (p > 0 && m_joined(m, p - 1))
		p--;
	return p;
}

static uint64_t m_area_end(const struct model *m, uint64_t p)
{
	while (m_joined(m, p))
		p++;
	return p + 1;
}

static void m_set(struct model *m, uint64_t p, const struct mpage *like, uint64_t off)
{
	m->pg[p] = *like;
	m->pg[p].used = true;
	m->pg[p].off = like->obj ? off : 0;
}

static void m_clear(struct model *m, struct expect *e, uint64_t a, uint64_t b)
{
	for (uint64_t p = a; p < b && p < NP; p++) {
		if (m->pg[p].used && e)
			e->umask[p] = 1;
		memset(&m->pg[p], 0, sizeof(m->pg[p]));
	}
}

/* [a, a + len) free and clear of the guard gap below a stack above it */
static bool m_fits(const struct model *m, uint64_t a, uint64_t len)
{
	uint64_t u = a;

	while (u < NP && !m->pg[u].used)
		u++;
	if (u < a + len)
		return false;
	if (u == NP || !(m->pg[u].flags & VMA_GROWSDOWN))
		return true;
	return a + len + GUARD_PG <= u;
}

/* top-down below mmap_base, then bottom-up: the page, or -1 */
static long m_place(const struct model *m, uint64_t len)
{
	long nu[NP + 1];
	uint64_t low = MIN_PG;

	/* m_fits with the next used page precomputed */
	nu[NP] = NP;
	for (long p = NP - 1; p >= 0; p--)
		nu[p] = m->pg[p].used ? p : nu[p + 1];
#define FITS(a) ((uint64_t)nu[a] >= (a) + len && (nu[a] == NP || !(m->pg[nu[a]].flags & VMA_GROWSDOWN) || \
		 (a) + len + GUARD_PG <= (uint64_t)nu[a]))
	if (low + len <= BASE_PG)
		for (long a = BASE_PG - len; a >= (long)low; a--)
			if (FITS((uint64_t)a))
				return a;
	for (uint64_t a = low; a + len <= NP; a++)
		if (FITS(a))
			return (long)a;
#undef FITS
	return -1;
}

static int64_t m_map(struct model *m, struct expect *e, uint64_t addr, uint64_t len, const struct mpage *pg,
		     uint64_t off, int mode)
{
	uint64_t top = P(NP), start = addr & ~(PG - 1);

	if (mode < 0 || mode > 2 || (pg->prot & ~7u) || (pg->flags & ~VMA_FLAGS_ALL))
		return -LX_EINVAL;
	if (((pg->flags & VMA_SHARED) && !pg->obj) || (pg->obj && off % PG) || !len)
		return -LX_EINVAL;
	len = (len + PG - 1) & ~(PG - 1);
	if (!len || len > top)
		return -LX_ENOMEM;
	if (pg->obj && off + len < off)
		return -LX_EOVERFLOW;
	if (((pg->prot & 2) && (pg->flags & VMA_DENY_WRITE)) || ((pg->prot & 4) && (pg->flags & VMA_DENY_EXEC)))
		return -LX_EACCES;
	if (mode == VMA_HINT) {
		long a;
		if (start && start < P(MIN_PG))
			start = P(MIN_PG);
		if (!start || start > top - len || !m_fits(m, start / PG, len / PG)) {
			a = m_place(m, len / PG);
			if (a < 0)
				return -LX_ENOMEM;
			start = P(a);
		}
	} else {
		if (addr > top - len)
			return -LX_ENOMEM;
		if (addr % PG)
			return -LX_EINVAL;
		if (addr < P(MIN_PG))
			return -LX_EPERM;
		if (mode == VMA_FIXED_NOREPLACE && m_any(m, addr / PG, (addr + len) / PG, 0))
			return -LX_EEXIST;
		if (m_any(m, addr / PG, (addr + len) / PG, VMA_RESERVED))
			return -LX_ENOMEM;
	}
	m_clear(m, e, start / PG, (start + len) / PG);
	for (uint64_t i = 0; i < len / PG; i++)
		m_set(m, start / PG + i, pg, off + P(i));
	return (int64_t)start;
}

static int m_unmap(struct model *m, struct expect *e, uint64_t addr, uint64_t len)
{
	uint64_t top = P(NP);

	if (addr % PG || addr > top || len > top - addr)
		return -LX_EINVAL;
	len = (len + PG - 1) & ~(PG - 1);
	if (!len || m_any(m, addr / PG, (addr + len) / PG, VMA_RESERVED))
		return -LX_EINVAL;
	m_clear(m, e, addr / PG, (addr + len) / PG);
	return 0;
}

static int m_protect(struct model *m, struct expect *e, uint64_t addr, uint64_t len, unsigned prot)
{
	uint64_t end;

	if (addr % PG)
		return -LX_EINVAL;
	if (!len)
		return 0;
	len = (len + PG - 1) & ~(PG - 1);
	end = addr + len;
	if (!len || end <= addr)
		return -LX_ENOMEM;
	if (prot & ~7u)
		return -LX_EINVAL;
	for (uint64_t p = addr / PG; p < end / PG; p++) {
		if (!m_used(m, p) || (m->pg[p].flags & VMA_RESERVED))
			return -LX_ENOMEM;
		if (((prot & 2) && (m->pg[p].flags & VMA_DENY_WRITE)) ||
		    ((prot & 4) && (m->pg[p].flags & VMA_DENY_EXEC)))
			return -LX_EACCES;
	}
	for (uint64_t p = addr / PG; p < end / PG; p++) {
		e->rmask[p] = m->pg[p].prot != prot;
		m->pg[p].prot = prot;
	}
	return 0;
}

/* the area at page from, len pages of it, goes to page to, new_len pages long */
static void m_move(struct model *m, uint64_t from, uint64_t len, uint64_t to, uint64_t new_len)
{
	struct mpage like = m->pg[from];

	m_clear(m, NULL, from, from + len);
	for (uint64_t i = 0; i < new_len; i++)
		m_set(m, to + i, &like, like.off + P(i));
}

static int64_t m_remap_to(struct model *m, struct expect *e, uint64_t addr, uint64_t old_len,
			  uint64_t new_len, uint64_t to)
{
	uint64_t top = P(NP), len = old_len < new_len ? old_len : new_len;

	if (to % PG || new_len > top || to > top - new_len)
		return -LX_EINVAL;
	if (old_len > new_len && old_len > top - addr)
		return -LX_EINVAL;
	if (addr + old_len > to && to + new_len > addr)
		return -LX_EINVAL;
	if (m_any(m, to / PG, (to + new_len) / PG, VMA_RESERVED) ||
	    m_any(m, (addr + len) / PG, (addr + old_len) / PG, VMA_RESERVED))
		return -LX_EINVAL;
	if (!len)
		return -LX_EINVAL;
	if (len > P(m_area_end(m, addr / PG)) - addr)
		return -LX_EFAULT;
	if (m->pg[addr / PG].obj && m->pg[addr / PG].off + new_len < new_len)
		return -LX_EINVAL;
	if (to < P(MIN_PG))
		return -LX_EPERM;
	m_clear(m, e, to / PG, (to + new_len) / PG);
	m_clear(m, e, (addr + len) / PG, (addr + old_len) / PG);
	m_move(m, addr / PG, len / PG, to / PG, new_len / PG);
	e->rr = (struct vma_remap_result){ to, addr, len };
	return (int64_t)to;
}

static int64_t m_remap(struct model *m, struct expect *e, uint64_t addr, uint64_t old_len,
		       uint64_t new_len, unsigned flags, uint64_t to)
{
	uint64_t top = P(NP), end, delta;
	long a;

	if ((flags & ~3u) || addr % PG || ((flags & 2) && !(flags & 1)))
		return -LX_EINVAL;
	old_len = (old_len + PG - 1) & ~(PG - 1);
	new_len = (new_len + PG - 1) & ~(PG - 1);
	if (!new_len)
		return -LX_EINVAL;
	if (!m_used(m, addr / PG) || (m->pg[addr / PG].flags & VMA_RESERVED))
		return -LX_EFAULT;
	e->rr = (struct vma_remap_result){ addr, 0, 0 };
	if (flags & VMA_MREMAP_FIXED)
		return m_remap_to(m, e, addr, old_len, new_len, to);
	if (old_len == new_len)
		return (int64_t)addr;
	if (old_len > new_len) {
		if (old_len > top - addr || m_any(m, (addr + new_len) / PG, (addr + old_len) / PG, VMA_RESERVED))
			return -LX_EINVAL;
		m_clear(m, e, (addr + new_len) / PG, (addr + old_len) / PG);
		return (int64_t)addr;
	}
	if (!old_len)
		return -LX_EINVAL;
	end = P(m_area_end(m, addr / PG));
	if (old_len > end - addr)
		return -LX_EFAULT;
	delta = new_len - old_len;
	if (addr + old_len == end && delta <= top - end && !m_any(m, end / PG, (end + delta) / PG, 0))
		a = (long)(addr / PG);
	else if (!(flags & VMA_MREMAP_MAYMOVE) || (a = m_place(m, new_len / PG)) < 0)
		return -LX_ENOMEM;
	if (m->pg[addr / PG].obj && m->pg[addr / PG].off + new_len < new_len)
		return -LX_EINVAL;
	if (P(a) == addr) {
		m_move(m, addr / PG, old_len / PG, addr / PG, new_len / PG);
		return (int64_t)addr;
	}
	m_move(m, addr / PG, old_len / PG, (uint64_t)a, new_len / PG);
	e->rr = (struct vma_remap_result){ P(a), addr, old_len };
	return A(a);
}

static int64_t m_grow(struct model *m, uint64_t addr, uint64_t limit)
{
	uint64_t sp = addr / PG, u = sp, rs, prev;
	struct mpage like;

	while (u < NP && !m->pg[u].used)
		u++;
	if (u >= NP || !(m->pg[u].flags & VMA_GROWSDOWN))
		return -LX_EFAULT;
	rs = m_area_start(m, u);
	if (rs <= sp)
		return A(rs);
	if (sp < MIN_PG)
		return -LX_EPERM;
	if (P(m_area_end(m, u) - sp) > limit)
		return -LX_ENOMEM;
	for (prev = sp; prev > 0 && !m->pg[prev - 1].used; prev--)
		;
	if (prev > 0 && !(m->pg[prev - 1].flags & VMA_GROWSDOWN) && m->pg[prev - 1].prot &&
	    sp - prev < GUARD_PG)
		return -LX_ENOMEM;
	like = m->pg[rs];
	if (like.obj && like.off < P(rs - sp))
		return -LX_ENOMEM;
	for (uint64_t p = sp; p < rs; p++)
		m_set(m, p, &like, like.off - P(rs - p));
	return A(m_area_start(m, sp));
}

static int m_brk(struct model *m, struct expect *e, uint64_t start, uint64_t old, uint64_t new_brk)
{
	uint64_t old_end = (old + PG - 1) & ~(PG - 1), new_end = (new_brk + PG - 1) & ~(PG - 1), u;
	struct mpage heap = { true, RW, VMA_ANON | VMA_HEAP, 0, 0 };

	if (new_brk < start || old < start)
		return -LX_EINVAL;
	if (new_brk > P(NP) || old > P(NP))
		return -LX_ENOMEM;
	if (new_end == old_end)
		return 0;
	if (new_end < old_end) {
		if (m_any(m, new_end / PG, old_end / PG, VMA_RESERVED))
			return -LX_EINVAL;
		m_clear(m, e, new_end / PG, old_end / PG);
		return 0;
	}
	for (u = old_end / PG; u < NP && !m->pg[u].used; u++)
		;
	if (u < NP) {
		uint64_t rs = P(m_area_start(m, u));
		uint64_t gap = (m->pg[u].flags & VMA_GROWSDOWN) ? P(GUARD_PG) : 0;
		if (new_end + PG > (rs > gap ? rs - gap : 0))
			return -LX_ENOMEM;
	}
	if (old_end < P(MIN_PG))
		return -LX_EPERM;
	for (uint64_t p = old_end / PG; p < new_end / PG; p++)
		m_set(m, p, &heap, 0);
	return 0;
}

/* the map says what the model says, page by page, and in its counters */
static bool agree(const struct vma_map *map, const struct model *m)
{
	uint8_t seen[NP] = { 0 };
	uint64_t areas = 0, bytes = 0;
	int err = vma_check(map);

	CHECKF(!err, "vma_check %d", err);
	for (const struct vma *v = vma_first_in(map, 0, ~0ull); v; v = vma_next(v)) {
		CHECKF(v->end <= P(NP), "area past the top");
		for (uint64_t p = v->start / PG; p < v->end / PG; p++) {
			const struct mpage *g = &m->pg[p];
			uint64_t off = v->obj ? v->obj_off + P(p - v->start / PG) : 0;
			seen[p] = 1;
			CHECKF(g->used && g->prot == v->prot && g->flags == v->flags &&
			       g->obj == obj_index(v->obj) && g->off == off,
			       "page %lu: map prot %u flags %#x obj %d off %#lx, model used %d prot %u flags %#x obj %d off %#lx",
			       (unsigned long)p, v->prot, v->flags, obj_index(v->obj), (unsigned long)off,
			       g->used, g->prot, g->flags, g->obj, (unsigned long)g->off);
		}
	}
	for (uint64_t p = 0; p < NP; p++) {
		CHECKF(seen[p] || !m->pg[p].used, "page %lu in the model only", (unsigned long)p);
		areas += m->pg[p].used && (p == 0 || !m_joined(m, p - 1));
		bytes += (m->pg[p].used && !(m->pg[p].flags & VMA_RESERVED)) ? PG : 0;
	}
	CHECKF(vma_count(map) == areas, "%u areas, the model has %lu", vma_count(map), (unsigned long)areas);
	CHECK(vma_mapped_bytes(map) == bytes);
	return true;
}

/* ---- the random test ------------------------------------------------------------------------- */

static uint64_t rng;

static uint64_t rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dull;
}

static uint64_t min_pages(uint64_t a, uint64_t b)
{
	return a < b ? a : b;
}

/* an address anywhere, or (half the time) at, in or below an area of map */
static uint64_t r_addr(const struct vma_map *map)
{
	uint64_t a = P(rnd() % (NP + 16));
	const struct vma *v = vma_first_in(map, a, ~0ull);

	if (v && rnd() % 2) {
		uint64_t k = rnd() % 4, pages = (v->end - v->start) / PG;
		a = k == 0 ? v->start : k == 1 ? v->start + P(rnd() % pages) : k == 2 ? v->end :
		    v->start - min_pages(v->start / PG, 1 + rnd() % 12) * PG;
	}
	return rnd() % 32 ? a : a + rnd() % PG;
}

static uint64_t r_len(void)
{
	uint64_t k = rnd() % 64;

	if (k == 0)
		return 0;
	if (k == 1)
		return ~0ull - rnd() % P(2);
	if (k < 4)
		return rnd() % P(40);
	return P(1 + rnd() % 24);
}

static unsigned r_prot(void)
{
	static const unsigned prots[] = { 0, R, R, RW, RW, RW, RX, RWX };

	return rnd() % 200 ? prots[rnd() % 8] : 8;
}

static struct mpage r_kind(void)
{
	static const struct { unsigned flags; bool obj; } kinds[] = {
		{ VMA_ANON, false }, { VMA_ANON, false }, { 0, false }, { VMA_ANON | VMA_GROWSDOWN, false },
		{ VMA_ANON | VMA_HEAP, false }, { 0, true }, { 0, true }, { VMA_SHARED, true },
		{ VMA_SHARED | VMA_ANON, true }, { VMA_SHARED | VMA_DENY_WRITE, true },
		{ VMA_DENY_EXEC, true }, { VMA_SHARED, false }, { 0x100, false },
	};
	unsigned k = rnd() % (sizeof(kinds) / sizeof(kinds[0]));

	return (struct mpage){ true, r_prot(), kinds[k].flags, kinds[k].obj ? 1 + (int)(rnd() % NOBJ) : 0, 0 };
}

static bool trace;     /* UNIXVMA_TRACE=N: print the calls from the N-th on */

static void trace_call(const char *what, uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e)
{
	if (trace)
		printf("  %s %#lx %#lx %#lx %#lx %#lx\n", what, (unsigned long)a, (unsigned long)b,
		       (unsigned long)c, (unsigned long)d, (unsigned long)e);
}

/* one random call on map and model (after); its result and the model's in *got and *want */
static void random_call(struct vma_map *map, struct model *after, struct expect *e, int64_t *got,
			int64_t *want, struct vma_remap_result *rr, uint64_t *brk_now)
{
	unsigned k = rnd() % 100;
	uint64_t a = r_addr(map), len = r_len();

	if (k < 30) {
		struct mpage pg = r_kind();
		uint64_t off = rnd() % 64 ? P(rnd() % 16) : rnd();
		int mode = rnd() % 3;
		trace_call("map", a, len, pg.prot | pg.flags << 4 | (unsigned)pg.obj << 12, off, mode);
		*want = m_map(after, e, a, len, &pg, off, mode);
		*got = vma_map(map, a, len, pg.prot, pg.flags, obj_ptr(pg.obj), off, (enum vma_mode)mode, &CB);
	} else if (k < 45) {
		trace_call("unmap", a, len, 0, 0, 0);
		*want = m_unmap(after, e, a, len);
		*got = vma_unmap(map, a, len, &CB);
	} else if (k < 65) {
		rec.new_prot = r_prot();
		trace_call("protect", a, len, rec.new_prot, 0, 0);
		*want = m_protect(after, e, a, len, rec.new_prot);
		*got = vma_protect(map, a, len, rec.new_prot, &CB);
	} else if (k < 82) {
		static const unsigned fl[] = { 0, MAYMOVE, MAYMOVE, MFIXED, MFIXED, VMA_MREMAP_FIXED, 4 };
		uint64_t new_len = r_len(), to = r_addr(map);
		unsigned f = fl[rnd() % 7];
		trace_call("remap", a, len, new_len, f, to);
		*want = m_remap(after, e, a, len, new_len, f, to);
		*got = vma_remap(map, a, len, new_len, f, to, rr, &CB);
		*got = *got ? *got : (int64_t)rr->addr;
	} else if (k < 92) {
		uint64_t limit = P(rnd() % 64);
		trace_call("grow", a, limit, 0, 0, 0);
		*want = m_grow(after, a, limit);
		*got = vma_grow_down(map, a, limit, &CB);
	} else {
		uint64_t start = P(100), nb = start + rnd() % P(30) - (rnd() % 16 ? 0 : P(2));
		trace_call("brk", start, *brk_now, nb, 0, 0);
		*want = m_brk(after, e, start, *brk_now, nb);
		*got = vma_brk(map, start, *brk_now, nb, RW, &CB);
		if (*got == 0)
			*brk_now = nb;
	}
}

/* after a call: the map is the model (the one before when an allocation failed) */
static bool random_check(const struct vma_map *map, const struct model *before, const struct model *after,
			 const struct expect *e, int64_t got, int64_t want, const struct vma_remap_result *rr)
{
	if (alloc_failed) {
		CHECKF(got == -LX_ENOMEM, "allocation failed, returned %ld", (long)got);
		CHECK(rec.pieces == 0 && rec.reprotects == 0);
		return agree(map, before);
	}
	CHECKF(got == want, "returned %ld, the model %ld", (long)got, (long)want);
	CHECKF(!rec.bad[0], "%s", rec.bad);
	CHECK(!memcmp(rec.umask, e->umask, NP) && !memcmp(rec.rmask, e->rmask, NP));
	if (got >= 0)
		CHECKF(rr->addr == e->rr.addr && rr->moved_from == e->rr.moved_from &&
		       rr->moved_len == e->rr.moved_len, "remap result differs");
	return agree(map, after);
}

/* every so often: a clone equals its source, and a failed one leaves nothing */
static bool random_clone(const struct vma_map *map)
{
	long live = live_nodes;

	alloc_budget = (long)(rnd() % (vma_count(map) + 1));
	if (vma_clone(&C, map, &CB_REFS) != 0) {
		alloc_budget = -1;
		CHECK(vma_count(&C) == 0 && live_nodes == live);
	}
	alloc_budget = -1;
	if (vma_count(&C) == 0 && vma_count(map))
		CHECK(vma_clone(&C, map, &CB_REFS) == 0);
	CHECK(same_areas(map, &C) && vma_check(&C) == 0 && refs_agree(map, &C));
	vma_destroy(&C, &CB_REFS);
	return refs_agree(map, NULL) && live_nodes == live;
}

static bool t_random_model(void)
{
	static struct model m, before;
	static struct expect e;
	const char *s = getenv("UNIXVMA_SEED"), *n = getenv("UNIXVMA_OPS"), *t = getenv("UNIXVMA_TRACE");
	uint64_t seed = s ? strtoull(s, NULL, 0) : 0x5eed0f0dda2ba7ull, ops = n ? strtoull(n, NULL, 0) : 200000;
	uint64_t brk_now = P(100);
	struct vma_remap_result rr;
	int64_t got, want;

	rng = seed;
	vma_init(&M, &rlay);
	memset(&m, 0, sizeof(m));
	CHECK(vma_map(&M, P(200), P(4), 0, VMA_RESERVED, NULL, 0, VMA_FIXED_NOREPLACE, &CB) == A(200));
	for (int p = 200; p < 204; p++)
		m.pg[p] = (struct mpage){ true, 0, VMA_RESERVED, 0, 0 };
	for (uint64_t i = 0; i < ops; i++) {
		trace = t && i >= strtoull(t, NULL, 0);
		before = m;
		memset(&e, 0, sizeof(e));
		memset(&rr, 0, sizeof(rr));
		rec_reset();
		rec.before = &before;
		alloc_failed = false;
		alloc_budget = rnd() % 16 ? -1 : (long)(rnd() % 4);
		random_call(&M, &m, &e, &got, &want, &rr, &brk_now);
		alloc_budget = -1;
		rec.before = NULL;
		if (alloc_failed)
			m = before;
		if (!random_check(&M, &before, &m, &e, got, want, &rr) || !refs_agree(&M, NULL) ||
		    live_nodes != vma_count(&M)) {
			size_t l = strlen(why);
			snprintf(why + l, sizeof(why) - l, " (call %lu, seed %#lx)", (unsigned long)i,
				 (unsigned long)seed);
			return false;
		}
		if (i % 4096 == 4095 && !random_clone(&M))
			return false;
	}
	return true;
}

/* ---- main ------------------------------------------------------------------------------------ */

static const struct {
	const char *name;
	bool (*fn)(void);
} tests[] = {
	{ "count_limit", t_count_limit },
	{ "lookup", t_lookup },
	{ "dump_proc_maps", t_dump },
	{ "clone", t_clone },
	{ "destroy", t_destroy },
	{ "alloc_failure_each_step", t_alloc_failure },
	{ "many_areas", t_many_areas },
	{ "random_model", t_random_model },
};

/* a fresh M and C for each test; afterwards nothing is left */
static bool fixture(bool ok)
{
	vma_destroy(&M, &CB_REFS);
	vma_destroy(&C, &CB_REFS);
	alloc_budget = -1;
	if (ok && (live_nodes || rec.refs[0] || rec.refs[1] || rec.refs[2] || rec.ref_underflow)) {
		snprintf(why, sizeof(why), "left %ld nodes, references %ld %ld %ld", live_nodes, rec.refs[0],
			 rec.refs[1], rec.refs[2]);
		ok = false;
	}
	live_nodes = 0;
	memset(rec.refs, 0, sizeof(rec.refs));
	rec.ref_underflow = false;
	vma_init(&M, &tlay);
	vma_init(&C, &tlay);
	return ok;
}

int main(void)
{
	fixture(true);
	for (size_t i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++)
		report(shapes[i].name, fixture(run_shape(&shapes[i])));
	for (size_t i = 0; i < sizeof(tests) / sizeof(tests[0]); i++)
		report(tests[i].name, fixture(tests[i].fn()));
	printf("DONE unixvma\n");
	return 0;
}
