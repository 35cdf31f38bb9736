/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_time.c - the kernel clock and timeouts: the clock page
 * (DBT_SYS_CLOCK_MAP: read-only, the same clock as DBT_SYS_CLOCK, monotonic
 * across threads and tasks and over sleeps, refused for bad addresses,
 * occupied pages, missing rights and quota), sub-millisecond timeouts in
 * microseconds, deadlines (DBT_TAG_DEADLINE) on every timed call, and the
 * compatible corner of a call's 0 us reply timeout.
 *
 * Layout.  The root task maps the clock page at ROOT_CLOCK and ROOT_CLOCK2,
 * inside the 2 MiB page table that already holds its boot information, so
 * no test allocates root page tables (that would count as a leak); the
 * mappings stay for the rest of the boot (the page cannot be unmapped), and
 * mapping it again is a no-op.  Child tasks get it at CHILD_CLOCK.
 *
 * Bounds.  Sleeps are checked from below exactly (never early) and from
 * above generously, for a loaded emulator on shared cores: by the median,
 * which a few late wake-ups do not move, and by a total far under what a
 * 1 ms clock would take.
 */
#include "ktest.h"

#define ROOT_CLOCK   0x7ffff0002000ull
#define ROOT_CLOCK2  0x7ffff0003000ull
#define CHILD_CLOCK  0x7ffff0004000ull
#define ROOT_UTCB    0x7ffff0010000ull  /* the root thread's UTCB (boot.c) */
#define FAR_TIMEOUT  2000000u           /* us: never reached in a passing test */
#define US           1000ul             /* ns */
#define MS           1000000ul          /* ns */

#define NSLEEPS      50
#define SLEEP_US     100

static const volatile struct dbt_clock_page *root_clock(void)
{
	if (dbt_clock_map(0, ROOT_CLOCK) != DBT_OK)
		return NULL;
	return (const volatile struct dbt_clock_page *)ROOT_CLOCK;
}

static uint64_t now_ns(void)
{
	return dbt_clock_read((const volatile struct dbt_clock_page *)ROOT_CLOCK);
}

/* ---- the clock page ------------------------------------------------------------ */

KTEST(time, clock_page_describes_clock)
{
	const volatile struct dbt_clock_page *p = root_clock();
	EXPECT(p != NULL);
	EXPECT_EQ(p->seq & 1, 0);
	EXPECT(p->counter_hz >= 1000000);               /* at least 1 MHz */
	/* mult is ns per tick in 32.32 fixed point: 1e9 / hz */
	uint64_t expect = (1000000000ull << DBT_CLOCK_SHIFT) / p->counter_hz;
	EXPECT(p->mult >= expect - 1 && p->mult <= expect + 1);
	EXPECT_EQ(p->flags & ~(DBT_CLOCK_INVARIANT | DBT_CLOCK_CPUID), 0);
}

/* Page, kernel call, page: the kernel's value lies between, in both units. */
KTEST(time, clock_page_agrees_with_kernel_call)
{
	EXPECT(root_clock() != NULL);
	uint64_t best = UINT64_MAX;
	for (unsigned i = 0; i < 100; i++) {
		uint64_t t0 = now_ns();
		struct dbt_sysret r = dbt_syscall(DBT_SYS_CLOCK, 0, 0, 0, 0, 0, 0);
		uint64_t t1 = now_ns();
		EXPECT_OK(r.err);
		if (r.v1 < t0 || r.v1 > t1)
			ktest_fail(__FILE__, __LINE__, "page %lu, kernel %lu, page %lu", t0, r.v1, t1);
		EXPECT_EQ(r.v0, r.v1 / 1000);           /* microseconds of the same instant */
		EXPECT(dbt_clock() >= t1 / 1000);
		if (t1 - t0 < best)
			best = t1 - t0;
	}
	EXPECT(best < 100 * US);                        /* one kernel call, not a tick */
}

/* The clock advances in nanoseconds, not in ticks. */
KTEST(time, clock_resolution_below_microsecond)
{
	EXPECT(root_clock() != NULL);
	uint64_t least = UINT64_MAX, prev = now_ns();
	for (unsigned i = 0; i < 1000; i++) {
		uint64_t t = now_ns();
		EXPECT(t >= prev);
		if (t > prev)
			least = t - prev < least ? t - prev : least;
		prev = t;
	}
	EXPECT(least < 1 * US);
}

KTEST(time, clock_map_again_and_elsewhere)
{
	EXPECT_OK(dbt_clock_map(0, ROOT_CLOCK));
	EXPECT_OK(dbt_clock_map(0, ROOT_CLOCK));       /* already there: no change */
	EXPECT_OK(dbt_clock_map(DBT_ROOT_SLOT_TASK, ROOT_CLOCK2));
	const volatile struct dbt_clock_page *a = (const void *)ROOT_CLOCK;
	const volatile struct dbt_clock_page *b = (const void *)ROOT_CLOCK2;
	EXPECT_EQ(a->mult, b->mult);
	uint64_t t0 = dbt_clock_read(a), t1 = dbt_clock_read(b), t2 = dbt_clock_read(a);
	EXPECT(t0 <= t1 && t1 <= t2);
	/* outside the mapping database: not reported, not unmapped, not replaced */
	EXPECT_EQ(dbt_map_info(ROOT_CLOCK, NULL, NULL), DBT_E_NOT_MAPPED);
	EXPECT_OK(dbt_unmap(DBT_FPAGE(ROOT_CLOCK, 12, 0), DBT_UNMAP_SELF));
	EXPECT(dbt_clock_read(a) >= t2);
	dbt_word_t frame = urt_try_alloc_frame();
	EXPECT(frame != 0);
	EXPECT_EQ(dbt_map_phys(DBT_ROOT_SLOT_PHYSMEM, frame, DBT_FPAGE(ROOT_CLOCK, 12, DBT_R),
	                       DBT_MAP_CACHED), DBT_E_BUSY);
	dbt_slot_t th = kslot();
	EXPECT_EQ(dbt_create(T_QUOTA, DBT_OBJ_THREAD, th, DBT_ROOT_SLOT_TASK, ROOT_CLOCK),
	          DBT_E_BUSY);
	EXPECT(dbt_clock_read(a) >= t2);
}

KTEST(time, clock_map_bad_address)
{
	static const dbt_word_t bad[] = {
		0, ROOT_CLOCK + 8, ROOT_CLOCK + 0x800, DBT_USER_TOP - 4096, DBT_USER_TOP,
		DBT_USER_TOP + 4096, 0xffff800000000000ull, 0xfffffffffffff000ull,
	};
	dbt_slot_t task = kcreate(DBT_OBJ_TASK, 4, 0);
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (dbt_clock_map(0, bad[i]) != DBT_E_BAD_ADDRESS)
			ktest_fail(__FILE__, __LINE__, "own task, address %lx accepted", bad[i]);
		if (dbt_clock_map(task, bad[i]) != DBT_E_BAD_ADDRESS)
			ktest_fail(__FILE__, __LINE__, "other task, address %lx accepted", bad[i]);
	}
}

/* Mapped memory, a UTCB: refused, and the page there is left alone. */
KTEST(time, clock_map_occupied_busy)
{
	volatile dbt_word_t *scratch = (volatile dbt_word_t *)ktest_scratch;
	scratch[0] = 0x600d;
	EXPECT_EQ(dbt_clock_map(0, (dbt_word_t)ktest_scratch), DBT_E_BUSY);
	EXPECT_EQ(dbt_clock_map(0, ROOT_UTCB), DBT_E_BUSY);
	EXPECT_EQ(scratch[0], 0x600d);
	EXPECT_EQ(dbt_utcb()->user[7], ROOT_UTCB);
	dbt_slot_t task = kcreate(DBT_OBJ_TASK, 4, 0);
	dbt_slot_t th = kcreate(DBT_OBJ_THREAD, task, CHILD_CLOCK);
	(void)th;
	EXPECT_EQ(dbt_clock_map(task, CHILD_CLOCK), DBT_E_BUSY);
}

KTEST(time, clock_map_capability_checks)
{
	dbt_slot_t task = kcreate(DBT_OBJ_TASK, 4, 0);
	dbt_slot_t weak = kslot(), ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	EXPECT_OK(dbt_cap_copy(task, weak, DBT_CAP_ALL & ~DBT_CAP_CONTROL, 0));
	EXPECT_EQ(dbt_clock_map(weak, CHILD_CLOCK), DBT_E_NO_RIGHTS);
	EXPECT_EQ(dbt_clock_map(ep, CHILD_CLOCK), DBT_E_WRONG_TYPE);
	EXPECT_EQ(dbt_clock_map(kslot(), CHILD_CLOCK), DBT_E_EMPTY_SLOT);
	EXPECT_EQ(dbt_clock_map(1ull << 40, CHILD_CLOCK), DBT_E_INVALID_SLOT);
	/* capability errors come before address errors */
	EXPECT_EQ(dbt_clock_map(weak, 1), DBT_E_NO_RIGHTS);
	EXPECT_OK(dbt_clock_map(task, CHILD_CLOCK));
}

/* The page tables come from the task's quota, and go back with the task. */
KTEST(time, clock_map_charges_task_quota)
{
	dbt_slot_t q = kcreate(DBT_OBJ_QUOTA, 16384, 0), task = kslot();
	dbt_word_t used0, used1, limit;
	EXPECT_OK(dbt_create(q, DBT_OBJ_TASK, task, 1, 0));
	EXPECT_OK(dbt_quota_info(q, &used0, &limit));
	EXPECT_EQ(dbt_clock_map(task, CHILD_CLOCK), DBT_E_NO_QUOTA);   /* needs 16 KiB more */
	dbt_slot_t q2 = kcreate(DBT_OBJ_QUOTA, 65536, 0), task2 = kslot();
	EXPECT_OK(dbt_create(q2, DBT_OBJ_TASK, task2, 1, 0));
	EXPECT_OK(dbt_quota_info(q2, &used0, &limit));
	EXPECT_OK(dbt_clock_map(task2, CHILD_CLOCK));
	EXPECT_OK(dbt_quota_info(q2, &used1, &limit));
	EXPECT_EQ(used1 - used0, 4096 + 4096 + 8192);  /* PDPT, PD, leaf table and shadow */
	EXPECT_OK(dbt_clock_map(task2, CHILD_CLOCK + 4096));   /* same tables */
	EXPECT_OK(dbt_quota_info(q2, &used0, &limit));
	EXPECT_EQ(used0, used1);
}

/* ---- in a child task: read it, and a write faults ------------------------------------- */

static volatile uint64_t child_t[2];

static void child_read_then_write(dbt_word_t va)
{
	const volatile struct dbt_clock_page *p = (const void *)va;
	child_t[0] = dbt_clock_read(p);
	child_t[1] = 1;
	*(volatile uint32_t *)va = 0xdead;              /* faults: the page is read-only */
	child_t[1] = 2;                                 /* never reached */
}

/* Serve c's page faults on ep as the framework would (the root's page at
 * the same address) until one hits `page`; its access bits, or ~0. */
static dbt_word_t fault_on(dbt_slot_t ep, dbt_word_t page, dbt_word_t *rip)
{
	dbt_word_t tag, badge, *mr = dbt_mr();
	for (;;) {
		if (dbt_recv(ep, &tag, &badge, FAR_TIMEOUT) != DBT_OK ||
		    DBT_TAG_LABEL(tag) != DBT_LABEL_PAGEFAULT)
			return ~0ull;
		dbt_word_t at = mr[0] & ~0xfffull;
		if (at == page) {
			*rip = mr[2];
			return mr[1];
		}
		mr[0] = DBT_ITEM(DBT_ITEM_MAP, DBT_SPACE_MEM, at);
		mr[1] = DBT_FPAGE(at, 12, DBT_RWX);
		if (dbt_reply(DBT_TAG(0, 0, 1)) != DBT_OK)
			return ~0ull;
	}
}

KTEST(time, clock_page_read_only_in_child)
{
	struct kchild c;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_word_t rip = 0;
	EXPECT(root_clock() != NULL);
	child_t[0] = child_t[1] = 0;
	EXPECT_OK(ktest_child(&c, child_read_then_write, CHILD_CLOCK));
	EXPECT_OK(dbt_thread_ctl(c.thread, DBT_THREAD_SET_PAGER, ep, 0).err);
	EXPECT_OK(dbt_clock_map(c.task, CHILD_CLOCK));
	uint64_t t0 = now_ns();
	EXPECT_OK(ktest_start(&c));
	EXPECT_EQ(fault_on(ep, CHILD_CLOCK, &rip), DBT_PF_PRESENT | DBT_PF_WRITE);
	uint64_t t1 = now_ns();
	EXPECT_EQ(child_t[1], 1);                       /* it read, then faulted on the write */
	EXPECT(child_t[0] >= t0 && child_t[0] <= t1);   /* the same clock as the root's */
	EXPECT_EQ(((const volatile struct dbt_clock_page *)ROOT_CLOCK)->seq & 1, 0);
	EXPECT(rip != 0);
}

/* ---- monotonic across threads and tasks ---------------------------------------------- */

#define RING_ROUNDS 100
#define RING        3                   /* root, a local thread, a child task */

static dbt_slot_t ring_ntf[RING];
static volatile uint64_t ring_last, ring_back, ring_reads;

/* Member i of the ring: wait for its turn, read the clock (through its own
 * task's mapping at va), check it against the last member's, pass on. */
static void ring_member(unsigned i, dbt_slot_t mine, dbt_slot_t next, dbt_word_t va)
{
	const volatile struct dbt_clock_page *p = (const void *)va;
	for (unsigned r = 0; r < RING_ROUNDS; r++) {
		if (i != 0 || r != 0)
			if (dbt_wait(mine, NULL, FAR_TIMEOUT) != DBT_OK)
				return;
		uint64_t t = dbt_clock_read(p);
		if (t < ring_last)
			ring_back++;
		ring_last = t;
		ring_reads++;
		dbt_signal(next);
	}
}

static void ring_local(dbt_word_t unused)
{
	(void)unused;
	ring_member(1, ring_ntf[1], ring_ntf[2], ROOT_CLOCK);
}

static void ring_child(dbt_word_t unused)
{
	(void)unused;
	ring_member(2, CHILD_SLOT_FIRST, CHILD_SLOT_FIRST + 1, CHILD_CLOCK);
}

KTEST(time, clock_monotonic_across_threads_and_tasks)
{
	struct kchild l, c;
	EXPECT(root_clock() != NULL);
	for (unsigned i = 0; i < RING; i++)
		ring_ntf[i] = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	ring_last = ring_back = ring_reads = 0;
	EXPECT_OK(ktest_local(&l, ring_local, 0));
	EXPECT_OK(ktest_child(&c, ring_child, 0));
	EXPECT_OK(dbt_clock_map(c.task, CHILD_CLOCK));
	EXPECT_OK(ktest_give(&c, ring_ntf[2], CHILD_SLOT_FIRST, DBT_CAP_READ));
	EXPECT_OK(ktest_give(&c, ring_ntf[0], CHILD_SLOT_FIRST + 1, DBT_CAP_WRITE));
	EXPECT_OK(ktest_start(&l));
	EXPECT_OK(ktest_start(&c));
	ring_member(0, ring_ntf[0], ring_ntf[1], ROOT_CLOCK);
	EXPECT(ktest_join(&l, 2000));
	EXPECT(ktest_join(&c, 2000));
	EXPECT_EQ(ring_reads, RING * RING_ROUNDS);
	EXPECT_EQ(ring_back, 0);
}

/* Time goes on while a thread sleeps, and after it. */
KTEST(time, clock_monotonic_over_sleeps)
{
	dbt_slot_t ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	EXPECT(root_clock() != NULL);
	uint64_t prev = now_ns();
	for (unsigned i = 1; i <= 20; i++) {
		EXPECT_EQ(dbt_wait(ntf, NULL, i * 50), DBT_E_TIMEOUT);
		uint64_t t = now_ns(), k = dbt_clock_ns();
		EXPECT(t >= prev + i * 50 * US);
		EXPECT(k >= t);
		prev = now_ns();
		EXPECT(prev >= k);
	}
}

/* ---- sub-millisecond timeouts ------------------------------------------------------- */

/* NSLEEPS waits of SLEEP_US: never early; median and total far below a
 * 1 ms clock's (each at least 1 ms there: 50 ms in all). */
static void check_sleeps(const uint64_t *start, const uint64_t *end, uint64_t want_ns)
{
	static uint64_t took[NSLEEPS];
	uint64_t total = 0;
	for (unsigned i = 0; i < NSLEEPS; i++) {
		took[i] = end[i] - start[i];
		total += took[i];
		if (took[i] < want_ns)
			ktest_fail(__FILE__, __LINE__, "sleep %u: %lu ns, less than %lu", i, took[i],
			           want_ns);
	}
	urt_sort_u64(took, NSLEEPS);
	uint64_t median = took[NSLEEPS / 2];
	uprintf("time: %u sleeps of %lu us: median %lu us, max %lu us, total %lu us\n", NSLEEPS,
	        want_ns / US, median / US, took[NSLEEPS - 1] / US, total / US);
	if (median > 600 * US || total > 30 * MS)
		ktest_fail(__FILE__, __LINE__, "median %lu ns, total %lu ns", median, total);
}

static uint64_t sl_start[NSLEEPS], sl_end[NSLEEPS];

KTEST(time, sleep_100us_in_microseconds)
{
	dbt_slot_t ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	EXPECT(root_clock() != NULL);
	for (unsigned i = 0; i < NSLEEPS; i++) {
		sl_start[i] = now_ns();
		EXPECT_EQ(dbt_wait(ntf, NULL, SLEEP_US), DBT_E_TIMEOUT);
		sl_end[i] = now_ns();
	}
	check_sleeps(sl_start, sl_end, SLEEP_US * US);
}

/* A timeout that ends before an earlier-armed, longer one still ends on time. */
static dbt_slot_t long_ntf;
static volatile dbt_word_t long_err;

static void long_waiter(dbt_word_t unused)
{
	(void)unused;
	long_err = dbt_wait(long_ntf, NULL, FAR_TIMEOUT);
}

KTEST(time, shorter_timeout_overtakes_longer)
{
	struct kchild w;
	dbt_slot_t ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	long_ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	long_err = ~0ull;
	EXPECT(root_clock() != NULL);
	EXPECT_OK(ktest_local(&w, long_waiter, 0));
	EXPECT_OK(ktest_start(&w));
	ksleep_ms(1);                                   /* it waits: 2 s armed */
	uint64_t t0 = now_ns();
	EXPECT_EQ(dbt_wait(ntf, NULL, 300), DBT_E_TIMEOUT);
	uint64_t el = now_ns() - t0;
	EXPECT(el >= 300 * US && el < 20 * MS);
	EXPECT_EQ(long_err, ~0ull);                     /* still waiting */
	EXPECT_OK(dbt_signal(long_ntf));
	EXPECT(ktest_join(&w, 1000));
	EXPECT_EQ(long_err, DBT_OK);
}

/* ---- a call's reply timeout of 0 us: 1 ms, the tick it used to be ------------------------ */

static volatile dbt_word_t srv_reply;

/* Take one call and answer it after us microseconds. */
static void answer_after(dbt_word_t ep_and_us)
{
	dbt_word_t ep = ep_and_us & 0xffff, us = ep_and_us >> 16, tag, badge;
	if (dbt_recv(ep, &tag, &badge, FAR_TIMEOUT) != DBT_OK)
		return;
	dbt_word_t t0 = dbt_clock();
	while (dbt_clock() - t0 < us)
		;
	srv_reply = dbt_reply(DBT_TAG(2, 0, 0));
}

KTEST(time, call_reply_timeout_zero_is_one_tick)
{
	struct kchild s;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	EXPECT(root_clock() != NULL);
	EXPECT(ep < 0x10000);
	srv_reply = ~0ull;
	EXPECT_OK(ktest_local(&s, answer_after, ep | 20ull << 16));
	EXPECT_OK(ktest_start(&s));
	ksleep_ms(1);
	dbt_word_t tag = DBT_TAG(1, 0, 0);
	EXPECT_OK(dbt_call(ep, &tag, DBT_TIMEOUT_POLL, DBT_TIMEOUT_POLL));  /* 20 us: in time */
	EXPECT(ktest_join(&s, 1000));
	EXPECT_OK(srv_reply);
	EXPECT_OK(ktest_local(&s, answer_after, ep | 20000ull << 16));
	EXPECT_OK(ktest_start(&s));
	ksleep_ms(1);
	tag = DBT_TAG(1, 0, 0);
	uint64_t t0 = now_ns();
	EXPECT_EQ(dbt_call(ep, &tag, DBT_TIMEOUT_POLL, DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);
	uint64_t el = now_ns() - t0;
	EXPECT(el >= 1 * MS && el < 15 * MS);
	EXPECT(ktest_join(&s, 1000));
	EXPECT_EQ(srv_reply, DBT_E_NO_CALLER);          /* too late: the caller gave up */
}

/* ---- deadlines on every timed call ---------------------------------------------------- */

/* 50 waits of 100 us by deadline: each ends at or after its deadline. */
KTEST(time, sleep_100us_by_deadline)
{
	dbt_slot_t ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	EXPECT(root_clock() != NULL);
	for (unsigned i = 0; i < NSLEEPS; i++) {
		sl_start[i] = now_ns();
		EXPECT_EQ(dbt_wait_until(ntf, NULL, sl_start[i] + SLEEP_US * US), DBT_E_TIMEOUT);
		sl_end[i] = now_ns();
	}
	check_sleeps(sl_start, sl_end, SLEEP_US * US);
}

/* Odd nanosecond deadlines, on a wait and on a receive: never early, and
 * late by far less than the tick that timeouts used to be rounded up to. */
KTEST(time, deadline_in_nanoseconds)
{
	static uint64_t late[20];
	dbt_slot_t ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_word_t tag, badge;
	EXPECT(root_clock() != NULL);
	for (unsigned i = 0; i < 20; i += 2) {
		uint64_t at = now_ns() + 123457;
		EXPECT_EQ(dbt_wait_until(ntf, NULL, at), DBT_E_TIMEOUT);
		uint64_t t = now_ns();
		EXPECT(t >= at);
		late[i] = t - at;
		at = now_ns() + 77777;
		EXPECT_EQ(dbt_recv_until(ep, &tag, &badge, at), DBT_E_TIMEOUT);
		t = now_ns();
		EXPECT(t >= at);
		late[i + 1] = t - at;
	}
	urt_sort_u64(late, 20);
	EXPECT(late[10] < 500 * US);
}

/* A deadline that has passed polls: no wait, but what is there is taken. */
KTEST(time, deadline_passed_polls)
{
	dbt_slot_t ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	dbt_word_t tag, badge, bits = 0;
	EXPECT(root_clock() != NULL);
	uint64_t past = now_ns();
	dbt_word_t idle0 = dbt_stat(DBT_STAT_IDLE_TSC);
	for (unsigned i = 0; i < 20; i++) {
		EXPECT_EQ(dbt_wait_until(ntf, NULL, past), DBT_E_TIMEOUT);
		EXPECT_EQ(dbt_wait_until(ntf, NULL, 0), DBT_E_TIMEOUT);
		EXPECT_EQ(dbt_recv_until(ep, &tag, &badge, past), DBT_E_TIMEOUT);
		EXPECT_EQ(dbt_send_until(ep, DBT_TAG(1, 0, 0), 1), DBT_E_TIMEOUT);
		tag = DBT_TAG(1, 0, 0);
		EXPECT_EQ(dbt_call_until(ep, &tag, past), DBT_E_TIMEOUT);
		tag = DBT_TAG(1, 0, 0);
		EXPECT_EQ(dbt_reply_recv_until(ep, &tag, &badge, past), DBT_E_TIMEOUT);
	}
	EXPECT_EQ(dbt_stat(DBT_STAT_IDLE_TSC), idle0);  /* nobody else runs: no call blocked */
	EXPECT_OK(dbt_signal(ntf));
	EXPECT_OK(dbt_wait_until(ntf, &bits, 0));
	EXPECT_EQ(bits, 1);
}

static volatile dbt_word_t srv_err, srv_tag;

/* Start 1 ms late (the caller's send waits meanwhile), take one message,
 * and answer only 60 ms later: long after the caller's deadline. */
static void late_server(dbt_word_t ep)
{
	dbt_word_t tag, badge, t0 = dbt_clock();
	while (dbt_clock() - t0 < 1000)
		;
	srv_err = dbt_recv(ep, &tag, &badge, FAR_TIMEOUT);
	srv_tag = tag;
	t0 = dbt_clock();
	while (dbt_clock() - t0 < 60000)
		;
	srv_reply = dbt_reply(DBT_TAG(2, 0, 0));
}

/* One deadline covers a call's send and its wait for the reply; the
 * receiver never sees the flag in the tag. */
KTEST(time, deadline_covers_whole_call)
{
	struct kchild s;
	dbt_slot_t ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	EXPECT(root_clock() != NULL);
	srv_err = srv_tag = srv_reply = ~0ull;
	EXPECT_OK(ktest_local(&s, late_server, ep));
	EXPECT_OK(ktest_start(&s));                     /* runs once the caller blocks */
	dbt_word_t tag = DBT_TAG(0x77, 1, 0);
	dbt_mr()[0] = 5;
	uint64_t at = now_ns() + 20 * MS;
	EXPECT_EQ(dbt_call_until(ep, &tag, at), DBT_E_TIMEOUT);
	uint64_t t = now_ns();
	EXPECT(t >= at && t < at + 20 * MS);
	EXPECT_OK(srv_err);                             /* it did take the message */
	EXPECT_EQ(srv_tag, DBT_TAG(0x77, 1, 0));
	EXPECT(ktest_join(&s, 1000));
	EXPECT_EQ(srv_reply, DBT_E_NO_CALLER);          /* the caller had given up */
	/* a sender that finds no receiver waits until the deadline, too */
	at = now_ns() + 400 * US;
	EXPECT_EQ(dbt_send_until(ep, DBT_TAG(1, 0, 0), at), DBT_E_TIMEOUT);
	EXPECT(now_ns() >= at);
}

static volatile uint64_t sig_at;
static dbt_slot_t sig_ntf;

static void signal_later(dbt_word_t us)
{
	dbt_word_t t0 = dbt_clock();
	while (dbt_clock() - t0 < us)
		;
	sig_at = dbt_clock_ns();
	dbt_signal(sig_ntf);
}

/* A signal before the deadline ends the wait; DBT_DEADLINE_NEVER waits. */
KTEST(time, deadline_wait_ended_by_signal)
{
	struct kchild s;
	dbt_word_t bits = 0;
	sig_ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	EXPECT(root_clock() != NULL);
	EXPECT_OK(ktest_local(&s, signal_later, 2000));
	EXPECT_OK(ktest_start(&s));
	EXPECT_OK(dbt_wait_until(sig_ntf, &bits, DBT_DEADLINE_NEVER));
	EXPECT_EQ(bits, 1);
	EXPECT(now_ns() >= sig_at);
	EXPECT(ktest_join(&s, 1000));
	EXPECT_OK(ktest_local(&s, signal_later, 1000));
	EXPECT_OK(ktest_start(&s));
	EXPECT_OK(dbt_wait_until(sig_ntf, &bits, now_ns() + 500 * MS));
	EXPECT(ktest_join(&s, 1000));
	/* the cancelled deadline does not fire later */
	ksleep_ms(2);
	EXPECT_EQ(dbt_wait_until(sig_ntf, &bits, 0), DBT_E_TIMEOUT);
}

static dbt_slot_t lap_ep;

static void lap_sender(dbt_word_t n)
{
	for (dbt_word_t i = 0; i < n; i++)
		dbt_send(lap_ep, DBT_TAG(1, 0, 0), DBT_TIMEOUT_NEVER);
}

/* A receive's timeout that lapsed (a message came first) stays filed for a
 * wait until the same deadline (timer.c): that wait still ends at the
 * deadline; and a lapsed entry that comes due ends no later wait. */
KTEST(time, deadline_lapsed_then_same_again)
{
	struct kchild s;
	dbt_word_t tag, badge, bits = 0;
	EXPECT(root_clock() != NULL);
	lap_ep = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	uint64_t at = now_ns() + 20 * MS;
	EXPECT_OK(ktest_local(&s, lap_sender, 2));
	EXPECT_OK(ktest_start(&s));
	EXPECT_OK(dbt_recv_until(lap_ep, &tag, &badge, at));
	EXPECT_OK(dbt_recv_until(lap_ep, &tag, &badge, at));
	EXPECT(ktest_join(&s, 1000));
	EXPECT_EQ(dbt_recv_until(lap_ep, &tag, &badge, at), DBT_E_TIMEOUT);
	EXPECT(now_ns() >= at);
	/* lapsed, then at once a wait without one that lasts past the lapsed
	 * deadline (the sender runs first, then the signaller, below it) */
	struct kchild g;
	sig_ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	EXPECT_OK(ktest_local(&s, lap_sender, 1));
	EXPECT_OK(ktest_local(&g, signal_later, 10000));
	EXPECT_OK(dbt_thread_ctl(s.thread, DBT_THREAD_SET_PRIORITY, 150, 0).err);
	EXPECT_OK(dbt_thread_ctl(g.thread, DBT_THREAD_SET_PRIORITY, 100, 0).err);
	EXPECT_OK(ktest_start(&s));
	EXPECT_OK(ktest_start(&g));
	at = now_ns() + 2 * MS;
	EXPECT_OK(dbt_recv_until(lap_ep, &tag, &badge, at));
	EXPECT_OK(dbt_wait_until(sig_ntf, &bits, DBT_DEADLINE_NEVER));
	EXPECT_EQ(bits, 1);
	EXPECT(now_ns() >= sig_at && sig_at > at);
	EXPECT(ktest_join(&s, 1000));
	EXPECT(ktest_join(&g, 1000));
}

/* A reply has no timeout: the flag on it is a malformed tag. */
KTEST(time, reply_refuses_deadline_flag)
{
	EXPECT_EQ(dbt_reply(DBT_TAG(1, 0, 0) | DBT_TAG_DEADLINE), DBT_E_BAD_MESSAGE);
	EXPECT_EQ(dbt_reply(DBT_TAG(1, 0, 0)), DBT_E_NO_CALLER);
}
