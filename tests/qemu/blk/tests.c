/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests.c - the block interface seen from a client (tests/qemu/blk/run.sh
 * checks the lines and, after QEMU stops, the image):
 *   - before sharing a region, I/O is refused (NOBUF);
 *   - the partitions the host made with sfdisk/sgdisk are there, with their
 *     sizes, and their first and last blocks hold the signatures the host
 *     wrote at the offsets the tools reported; no other partition exists;
 *   - open by registry path (found through the registry interface) and by
 *     property;
 *   - a pattern written from four threads at once (four requests in flight)
 *     and one 1 MiB write, flushed, read back from four threads;
 *   - errors: past the end, bad/closed/stale handles, buffer outside the
 *     region, bad counts and names, media the route does not grant.
 */
#include "blkclient.h"

#define NTHREADS 4
#define TBLOCKS 64              /* blocks per thread */
#define BIG_BLOCKS 2048         /* the 1 MiB write */

static char name_of[24];

static const char *part_name(const struct blkc *c, unsigned idx)
{
	snfmt(name_of, sizeof(name_of), "%ss%u", c->diskname, idx);
	return name_of;
}

struct opened {
	dbt_word_t err, h, bs, count, flags, maxb;
};

static struct opened open_on(dbt_slot_t ep, const char *name, size_t len)
{
	struct opened o = { 0 };
	o.err = blk_open(ep, name, len, &o.h, &o.bs, &o.count, &o.flags, &o.maxb);
	return o;
}

static struct opened open_name(dbt_slot_t ep, const char *name)
{
	return open_on(ep, name, strlen(name));
}

static void test_before_share(struct blkc *c)
{
	struct opened o = open_name(c->disk, c->diskname);
	dbt_word_t err = o.err ? o.err : blk_read(c->disk, o.h, 0, 1, 0);
	blkc_test("nobuf_before_share", err == BLK_E_NOBUF, "read without a region: 0x%lx", err);
	blk_close(c->disk, o.h);
	int e = urt_shm_share("disk", BLKC_REGION_PAGES, (void **)&c->region);
	blkc_test("share_region", e == URT_OK, "urt_shm_share: %d", e);
}

/* "DARBAT <idx> FIRST" / "LAST" at the start of the block (tests/qemu/blk/run.sh). */
static bool signature(const uint8_t *b, unsigned idx, const char *which)
{
	char want[32];
	size_t n = snfmt(want, sizeof(want), "DARBAT %u %s", idx, which);
	return !memcmp(b, want, n);
}

static void test_one_partition(struct blkc *c, unsigned idx, unsigned long blocks)
{
	char tname[40];
	snfmt(tname, sizeof(tname), "partition/%s", part_name(c, idx));
	struct opened o = open_name(c->disk, name_of);
	dbt_word_t e1 = 1, e2 = 1;
	if (!o.err && o.count == blocks && o.bs == 512) {
		e1 = blk_read(c->disk, o.h, 0, 1, 0);
		e2 = blk_read(c->disk, o.h, o.count - 1, 1, 512);
	}
	bool ok = !e1 && !e2 && signature(c->region, idx, "FIRST") &&
		  signature(c->region + 512, idx, "LAST") && (o.flags & BLK_FLAG_LEAF) &&
		  !(o.flags & BLK_FLAG_WHOLE);
	blkc_test(tname, ok, "open 0x%lx, %lu blocks of %lu (want %lu), reads 0x%lx 0x%lx, flags %lx",
		  o.err, o.count, o.bs, blocks, e1, e2, o.flags);
	blk_close(c->disk, o.h);
}

/* parts=I:N,I:N,...: each exists with N blocks and its signatures; no other
 * index up to 16 opens. */
static void test_partitions(struct blkc *c)
{
	char arg[128];
	bool listed[17] = { false };
	if (!urt_arg("parts", arg, sizeof(arg)))
		return;
	for (char *p = arg; *p;) {
		char *end;
		unsigned long idx = strtoul(p, &end, 10), n = 0;
		if (*end == ':')
			n = strtoul(end + 1, &end, 10);
		if (idx && idx <= 16)
			listed[idx] = true;
		test_one_partition(c, (unsigned)idx, n);
		p = *end == ',' ? end + 1 : end;
		if (p == end && *p)
			break;
	}
	unsigned extra = 0;
	for (unsigned i = 1; i <= 16; i++) {
		struct opened o = open_name(c->disk, part_name(c, i));
		if (!listed[i] && o.err != BLK_E_NODEV)
			extra = i;
		if (!o.err)
			blk_close(c->disk, o.h);
	}
	blkc_test("no_other_partitions", !extra, "%s opens (or fails otherwise)",
		  part_name(c, extra));
	struct opened w = open_name(c->disk, c->diskname);
	blkc_test("whole_disk_flags", !w.err && (w.flags & BLK_FLAG_WHOLE) &&
		  !(w.flags & BLK_FLAG_LEAF) && (w.flags & BLK_FLAG_WRITABLE),
		  "open 0x%lx flags 0x%lx", w.err, w.flags);
	blk_close(c->disk, w.h);
}

static void test_open_forms(struct blkc *c)
{
	char path[256], bsd[BLK_INFO_BSD_NAME_MAX + 1], prop[64], want[24];
	dbt_word_t bs, count, len = 0;
	unsigned idx = (unsigned)blkc_arg_num("wpart", 1);
	strlcpy(want, part_name(c, idx), sizeof(want));
	bool found = blkc_find_path(c->reg, want, path, sizeof(path));
	if (found)
		uprintf("blkclient: %s is %s\n", want, path);
	struct opened o = found ? open_name(c->disk, path) : (struct opened){ .err = ~0ul };
	if (!o.err && blk_info(c->disk, o.h, &bs, &count, bsd, &len) == DBT_OK)
		bsd[len] = 0;
	else
		bsd[0] = 0;
	blkc_test("open_by_path", found && !o.err && !strcmp(bsd, want), "%s: 0x%lx, info '%s'",
		  found ? path : "(no path)", o.err, bsd);
	blk_close(c->disk, o.h);
	if (!urt_arg("prop", prop, sizeof(prop)))
		return;
	o = open_name(c->disk, prop);
	len = 0;
	if (!o.err && blk_info(c->disk, o.h, &bs, &count, bsd, &len) == DBT_OK)
		bsd[len] = 0;
	else
		bsd[0] = 0;
	blkc_test("open_by_property", !o.err && !strcmp(bsd, want), "%s: 0x%lx, info '%s'", prop,
		  o.err, bsd);
	blk_close(c->disk, o.h);
}

/* Property key of the virtio-blk driver's registry entry: its type (0 if
 * there is none) and value. */
static dbt_word_t driver_property(const char *key, uint8_t *value, dbt_word_t *len)
{
	char path[256], cls[IOREG_LOOKUP_CLASS_NAME_MAX];
	dbt_word_t id, n, type;
	dbt_slot_t reg = urt_service("reg");
	if (!blkc_find_path(reg, "VirtioBlockDriver", path, sizeof(path)) ||
	    ioreg_lookup(reg, path, strlen(path), &id, cls, &n) != DBT_OK ||
	    ioreg_property(reg, id, key, strlen(key), &type, value, len) != DBT_OK)
		return 0;
	return type;
}

/* A number property of the driver, or ~0. */
static uint64_t driver_number(const char *key)
{
	uint8_t value[IOREG_PROPERTY_VALUE_MAX];
	dbt_word_t len = 0;
	uint64_t v = ~0ull;
	if (driver_property(key, value, &len) == 1 && len == 8)
		memcpy(&v, value, 8);
	return v;
}

/* The driver's "interrupt-type" is the one the test expects (arg irq=,
 * "msix" or "intx"; no check without it). */
static void interrupt_type(void)
{
	char want[8], got[IOREG_PROPERTY_VALUE_MAX + 1];
	dbt_word_t len = 0;
	if (!urt_arg("irq", want, sizeof(want)))
		return;
	dbt_word_t type = driver_property("interrupt-type", (uint8_t *)got, &len);
	got[type == 2 && len < sizeof(got) ? len : 0] = 0;
	blkc_test("interrupt_type", type == 2 && !strcmp(got, want),
		  "the driver's interrupt-type is '%s' (type %lu), not '%s'", got, type, want);
}

/* ---- the pattern, written and read from several threads at once ---------------- */
struct job {
	struct blkc *c;
	dbt_word_t h, lba, count, off;
	bool write;
	dbt_word_t err;
};

static void *job_run(void *arg)
{
	struct job *j = arg;
	j->err = j->write ? blk_write(j->c->disk, j->h, j->lba, j->count, j->off)
			  : blk_read(j->c->disk, j->h, j->lba, j->count, j->off);
	return NULL;
}

/* Run the jobs on threads at once; the first error, or 0. */
static dbt_word_t run_jobs(struct job *jobs, unsigned n)
{
	urt_thread_t *t[NTHREADS];
	dbt_word_t err = 0;
	for (unsigned i = 0; i < n; i++)
		if (urt_thread_create(&t[i], job_run, &jobs[i], URT_PRIO_INHERIT) != URT_OK)
			return ~0ul;
	for (unsigned i = 0; i < n; i++) {
		urt_thread_join(t[i], NULL);
		if (jobs[i].err && !err)
			err = jobs[i].err;
	}
	return err;
}

static void fill(uint8_t *buf, uint64_t first_block, unsigned blocks, unsigned seed)
{
	for (unsigned b = 0; b < blocks; b++)
		for (unsigned i = 0; i < 512; i++)
			buf[b * 512 + i] = blkc_pattern(first_block + b, i, seed);
}

static bool check(const uint8_t *buf, uint64_t first_block, unsigned blocks, unsigned seed)
{
	for (unsigned b = 0; b < blocks; b++)
		for (unsigned i = 0; i < 512; i++)
			if (buf[b * 512 + i] != blkc_pattern(first_block + b, i, seed))
				return false;
	return true;
}

static void test_pattern(struct blkc *c)
{
	unsigned seed = (unsigned)blkc_arg_num("seed", 0x5a);
	uint64_t wlba = blkc_arg_num("wlba", 16);
	struct opened o = open_name(c->disk, part_name(c, (unsigned)blkc_arg_num("wpart", 1)));
	struct job jobs[NTHREADS];
	for (unsigned t = 0; t < NTHREADS; t++) {
		jobs[t] = (struct job){ c, o.h, wlba + t * TBLOCKS, TBLOCKS, t * TBLOCKS * 512, true, 0 };
		fill(c->region + jobs[t].off, jobs[t].lba, TBLOCKS, seed);
	}
	dbt_word_t err = o.err ? o.err : run_jobs(jobs, NTHREADS);
	blkc_test("write_parallel", !err, "open 0x%lx, writes 0x%lx", o.err, err);
	uint64_t big = wlba + NTHREADS * TBLOCKS;
	fill(c->region, big, BIG_BLOCKS, seed);
	err = blk_write(c->disk, o.h, big, BIG_BLOCKS, 0);
	blkc_test("write_1mib", !err, "0x%lx", err);
	err = blk_flush(c->disk, o.h);
	blkc_test("flush", !err, "0x%lx", err);
	memset(c->region, 0, BLKC_REGION_BYTES);
	for (unsigned t = 0; t < NTHREADS; t++)
		jobs[t].write = false;
	err = run_jobs(jobs, NTHREADS);
	bool same = !err;
	for (unsigned t = 0; t < NTHREADS && same; t++)
		same = check(c->region + jobs[t].off, jobs[t].lba, TBLOCKS, seed);
	blkc_test("read_back_parallel", same, "reads 0x%lx", err);
	interrupt_type();
	uint64_t most = driver_number("max-in-flight");
	blkc_test("requests_in_flight", most >= 2 && most != ~0ull,
		  "the driver had at most %lu requests on its queue at once", most);
	dbt_word_t d0 = 0, c0 = 0, d1 = 0, c1 = 0;
	dbt_word_t serr = blk_stats(c->disk, &d0, &c0);
	err = blk_read(c->disk, o.h, big, BIG_BLOCKS, 0);
	blkc_test("read_back_1mib", !err && check(c->region, big, BIG_BLOCKS, seed), "0x%lx", err);
	serr = serr ? serr : blk_stats(c->disk, &d1, &c1);
	/* the region is one physically contiguous run: no copy */
	blkc_test("zero_copy", !serr && d1 == d0 + 1 && c1 == c0 && c0 == 0,
		  "stats 0x%lx: direct %lu -> %lu, copied %lu -> %lu", serr, d0, d1, c0, c1);
	blk_close(c->disk, o.h);
}

/* ---- errors ------------------------------------------------------------------------- */
static void expect(const char *name, dbt_word_t got, dbt_word_t want)
{
	blkc_test(name, got == want, "got 0x%lx, want 0x%lx", got, want);
}

static void test_errors(struct blkc *c)
{
	struct opened o = open_name(c->disk, part_name(c, (unsigned)blkc_arg_num("wpart", 1)));
	dbt_word_t n = o.count, h = o.h;
	expect("read_past_end", blk_read(c->disk, h, n, 1, 0), BLK_E_RANGE);
	expect("read_across_end", blk_read(c->disk, h, n - 1, 2, 0), BLK_E_RANGE);
	expect("write_past_end", blk_write(c->disk, h, n, 1, 0), BLK_E_RANGE);
	expect("read_huge_lba", blk_read(c->disk, h, ~0ul - 1, 4, 0), BLK_E_RANGE);
	expect("read_last_block", blk_read(c->disk, h, n - 1, 1, 0), 0);
	expect("count_zero", blk_read(c->disk, h, 0, 0, 0), BLK_E_INVAL);
	expect("count_over_max", blk_read(c->disk, h, 0, o.maxb + 1, 0), BLK_E_INVAL);
	expect("buffer_outside_region", blk_read(c->disk, h, 0, 2, BLKC_REGION_BYTES - 512),
	       BLK_E_NOBUF);
	expect("buffer_offset_huge", blk_read(c->disk, h, 0, 1, ~0ul - 100), BLK_E_NOBUF);
	expect("bad_handle", blk_read(c->disk, h ^ 0x5500, 0, 1, 0), BLK_E_HANDLE);
	expect("handle_zero", blk_read(c->disk, 0, 0, 1, 0), BLK_E_HANDLE);
	expect("stale_generation", blk_read(c->disk, h + (1ul << 40), 0, 1, 0), BLK_E_GONE);
	if (c->part)
		expect("handle_of_other_service", blk_read(c->part, h, 0, 1, 0), BLK_E_HANDLE);
	expect("close", blk_close(c->disk, h), 0);
	expect("closed_handle", blk_read(c->disk, h, 0, 1, 0), BLK_E_HANDLE);
	expect("double_close", blk_close(c->disk, h), BLK_E_HANDLE);
	expect("open_unknown", open_name(c->disk, "disk9s9").err, BLK_E_NODEV);
	expect("open_empty_name", open_on(c->disk, "", 0).err, BLK_E_INVAL);
	expect("open_name_with_nul", open_on(c->disk, "disk0\0x", 7).err, BLK_E_INVAL);
	expect("open_bad_path", open_name(c->disk, "/no/such").err, BLK_E_NODEV);
}

/* The `part` route grants only partition wpart. */
static void test_grants(struct blkc *c)
{
	if (!c->part)
		return;
	unsigned idx = (unsigned)blkc_arg_num("wpart", 1), other = idx == 1 ? 2 : 1;
	struct opened o = open_name(c->part, part_name(c, idx));
	expect("granted_partition_opens", o.err, 0);
	blk_close(c->part, o.h);
	expect("other_partition_not_granted", open_name(c->part, part_name(c, other)).err,
	       BLK_E_NODEV);
	expect("whole_disk_not_granted", open_name(c->part, c->diskname).err, BLK_E_NODEV);
}

void blkc_run_tests(struct blkc *c)
{
	if (!c->disk) {
		blkc_test("route", false, "no 'disk' route");
		return;
	}
	test_before_share(c);
	if (!c->region)
		return;
	test_partitions(c);
	test_open_forms(c);
	test_pattern(c);
	test_errors(c);
	test_grants(c);
}
