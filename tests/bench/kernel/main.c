/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bench - the micro-benchmark root task (`make bench`).
 *
 * Under `-icount shift=0,sleep=off` the TSC advances by one per executed
 * guest instruction, so every figure is in instructions.  Method (see
 * docs/PERFORMANCE.md):
 *
 *  - a sample is ONE operation, bracketed by lfence;rdtsc;lfence on both
 *    sides; the median cost of an empty bracket (measured at start) is
 *    subtracted from every sample;
 *  - each figure runs WARMUP operations first (page faults of fresh
 *    threads, first-touch of kernel structures), then SAMPLES timed ones,
 *    and reports their minimum and median;
 *  - address-space switches per operation come from DBT_STAT_AS_SWITCHES
 *    read before and after the timed loop, in the same address space at
 *    both ends, divided by the number of operations.
 *
 * Mapping per task (TASK_MAP, TASK_UNMAP of 64 pages) is reported per
 * page, with the cost of one whole call on a `bench:` line beside it.
 *
 * Threads: all run at the root thread's priority (200; new threads inherit
 * their creator's).  "Child" threads live in their own task and address
 * space and are paged by the pager thread, which maps the root task's page
 * at the faulting address - code, globals and stacks are therefore shared
 * with the root task.  Results travel back through globals.
 */
#include "urt.h"

#define WARMUP  16
#define SAMPLES 256
#define NOPS    (WARMUP + SAMPLES)

#define STACK_PAGES     4
#define LOCAL_UTCB_BASE 0x7ffff0100000ull  /* UTCBs of extra root-task threads */
#define CHILD_UTCB      0x7ffff0010000ull  /* UTCB of a child task's thread */
#define CHILD_CSPACE    4                  /* 16 slots */
#define C_SELF          1                  /* child slots: its own thread */
#define C_EP            2                  /* the endpoint it serves */
#define C_DONE          3                  /* the root's done notification */
#define C_REPLY         4                  /* where the deferring server saves a reply */

#define WAIT_US 2000000u                   /* give up on a child after 2 s */
#define TO_NEVER DBT_TIMEOUTS(DBT_TIMEOUT_NEVER, DBT_TIMEOUT_NEVER)

/* Markers the foreign thread passes in rax around its timed loop. */
#define MARK_START 0xbe7c0001ull
#define MARK_END   0xbe7c0002ull

struct thr {
	dbt_slot_t task;        /* 0: a thread of the root task */
	dbt_slot_t thread;
	dbt_word_t *stack;
};

static dbt_slot_t pager_ep, done_ntf;
static unsigned local_utcbs;
static uint64_t tsc_overhead;

/* Shared with children (same frames, mapped by the pager). */
static uint64_t results[NOPS];
static volatile dbt_word_t res_as0, res_as1, res_errors;
static volatile dbt_word_t pf_target, pf_count;
static volatile dbt_word_t pager_bad;

/* ---- timing ------------------------------------------------------------------ */

/* Minimum and median of results[WARMUP..NOPS), minus the rdtsc overhead. */
static void stats(uint64_t *min, uint64_t *median)
{
	static uint64_t s[SAMPLES];
	for (unsigned i = 0; i < SAMPLES; i++) {
		uint64_t v = results[WARMUP + i];
		s[i] = v > tsc_overhead ? v - tsc_overhead : 0;
	}
	urt_sort_u64(s, SAMPLES);
	*min = s[0];
	*median = (s[SAMPLES / 2 - 1] + s[SAMPLES / 2]) / 2;
}

/* Rounded address-space switches per operation over n operations. */
static dbt_word_t per_op(dbt_word_t delta, dbt_word_t n)
{
	return (delta + n / 2) / n;
}

static void report(const char *name, bool with_as, dbt_word_t as_delta, dbt_word_t nops)
{
	uint64_t min, median;
	stats(&min, &median);
	if (with_as)
		uprintf("BENCH %s min=%lu median=%lu unit=insns as_switches=%lu\n", name, min, median,
		        per_op(as_delta, nops));
	else
		uprintf("BENCH %s min=%lu median=%lu unit=insns\n", name, min, median);
}

static void measure_overhead(void)
{
	for (unsigned i = 0; i < NOPS; i++) {
		uint64_t t0 = tsc_read();
		uint64_t t1 = tsc_read();
		results[i] = t1 - t0;
	}
	uint64_t min, median;
	tsc_overhead = 0;
	stats(&min, &median);
	tsc_overhead = median;
	/* Calibration: a loop of 1000 x (dec; jnz) is 2000 instructions. */
	uint64_t t0 = tsc_read();
	__asm__ volatile("mov $1000, %%ecx\n1:\tdec %%ecx\n\tjnz 1b" ::: "rcx", "cc");
	uint64_t t1 = tsc_read();
	uprintf("bench: calibration: 2001 instructions took %lu TSC ticks\n",
	        t1 - t0 - tsc_overhead);
	uprintf("bench: %u warm-up + %u samples of one operation each; empty rdtsc pair "
	        "min=%lu median=%lu insns (median subtracted)\n", WARMUP, SAMPLES, min, median);
}

/* ---- threads ------------------------------------------------------------------ */

/* A new thread starts here with rsp -> { fn, arg }. */
void bench_entry(void);
__asm__(".text\n.global bench_entry\nbench_entry:\n"
        "\tmov 8(%rsp), %rdi\n\tmov (%rsp), %rax\n\tand $-16, %rsp\n\tcall *%rax\n\tud2\n");

static void die(const char *what, dbt_word_t err)
{
	uprintf("bench: %s failed: error %lu\n", what, err);
	uprintf("SUITE bench DONE\n");
	urt_poweroff(1);
}

#define CHECK(what, call) do { dbt_word_t e_ = (call); if (e_) die(what, e_); } while (0)

/* Create a thread, stopped: in a new task (own = true) or in the root task. */
static void thr_create(struct thr *t, bool own, dbt_slot_t exc_ep)
{
	t->stack = urt_alloc_pages(STACK_PAGES);
	t->thread = urt_slot_alloc();
	t->task = 0;
	if (own) {
		t->task = urt_slot_alloc();
		CHECK("create task", dbt_create(DBT_ROOT_SLOT_QUOTA, DBT_OBJ_TASK, t->task,
		                                CHILD_CSPACE, 0));
		CHECK("create thread", dbt_create(DBT_ROOT_SLOT_QUOTA, DBT_OBJ_THREAD, t->thread,
		                                  t->task, CHILD_UTCB));
		CHECK("set pager", dbt_thread_ctl(t->thread, DBT_THREAD_SET_PAGER, pager_ep, 0).err);
		CHECK("give self", dbt_cap_give(t->task, t->thread, C_SELF, DBT_CAP_ALL));
		CHECK("give done", dbt_cap_give(t->task, done_ntf, C_DONE, DBT_CAP_WRITE));
	} else {
		CHECK("create thread", dbt_create(DBT_ROOT_SLOT_QUOTA, DBT_OBJ_THREAD, t->thread,
		                                  DBT_ROOT_SLOT_TASK,
		                                  LOCAL_UTCB_BASE + 4096ull * local_utcbs++));
	}
	if (exc_ep)
		CHECK("set exc", dbt_thread_ctl(t->thread, DBT_THREAD_SET_EXC, exc_ep, 0).err);
	CHECK("set prio", dbt_thread_ctl(t->thread, DBT_THREAD_SET_PRIORITY, 200, 0).err);
}

static void thr_start(struct thr *t, void (*fn)(dbt_word_t), dbt_word_t arg)
{
	dbt_word_t *top = t->stack + STACK_PAGES * 512 - 2;
	top[0] = (dbt_word_t)fn;
	top[1] = arg;
	CHECK("start", dbt_thread_start(t->thread, (dbt_word_t)bench_entry, (dbt_word_t)top));
}

/* Wait for a child's signal on the done notification. */
static bool wait_done(const char *name)
{
	dbt_word_t bits;
	dbt_word_t err = dbt_wait(done_ntf, &bits, WAIT_US);
	if (err) {
		uprintf("bench: %s: no completion (error %lu, pager_bad %lx)\n", name, err,
		        (dbt_word_t)pager_bad);
		return false;
	}
	return true;
}

/* ---- the pager: map the root task's page at the faulting address ------------- */

static void pager_loop(dbt_word_t ep)
{
	dbt_word_t tag = 0, badge, *mr = dbt_mr();
	dbt_word_t err = dbt_recv(ep, &tag, &badge, DBT_TIMEOUT_NEVER);
	for (;;) {
		if (!err && DBT_TAG_LABEL(tag) == DBT_LABEL_PAGEFAULT) {
			dbt_word_t page = mr[0] & ~0xfffull;
			if (page == pf_target)
				pf_count++;
			if (dbt_map_info(page, NULL, NULL) == DBT_OK) {
				mr[0] = DBT_ITEM(DBT_ITEM_MAP, DBT_SPACE_MEM, page);
				mr[1] = DBT_FPAGE(page, 12, DBT_RWX);
				tag = DBT_TAG(0, 0, 1);
				err = dbt_reply_recv(ep, &tag, &badge, DBT_TIMEOUT_NEVER);
				continue;
			}
			pager_bad = mr[0];
			uprintf("bench: unresolvable fault at %lx (rip %lx)\n", mr[0], mr[2]);
		} else if (!err) {
			pager_bad = mr[0];
			uprintf("bench: unexpected message label %lx, rip %lx vector %lu\n",
			        DBT_TAG_LABEL(tag), mr[0], mr[DBT_REGS_WORDS]);
		}
		err = dbt_recv(ep, &tag, &badge, DBT_TIMEOUT_NEVER);
	}
}

/* ---- IPC round trips --------------------------------------------------------------- */

/* Echo server: reply with as many words as received (they stay in the MRs). */
/* The message stays in registers (dbt_ipc_regs): no UTCB traffic. */
static void server_loop(dbt_word_t ep)
{
	struct dbt_regmsg m = { { 0 } };
	dbt_word_t tag = 0, badge;
	dbt_word_t err = dbt_ipc_regs(DBT_SYS_RECV, ep, &tag, DBT_TIMEOUTS(0, DBT_TIMEOUT_NEVER), &m, &badge);
	for (;;) {
		if (err)
			res_errors++;
		tag = DBT_TAG(0, err ? 0 : DBT_TAG_U(tag), 0);
		err = dbt_ipc_regs(DBT_SYS_REPLY_RECV, ep, &tag, DBT_TIMEOUTS(0, DBT_TIMEOUT_NEVER), &m,
		                   &badge);
	}
}

/* The same echo, deferred: every call's reply right is saved into a
 * capability first and answered through it by the next receive
 * (DBT_SYS_REPLY_SAVE, then DBT_SYS_REPLY_CAP_RECV), as a server that parks
 * its callers does. */
static void deferring_server_loop(dbt_word_t ep)
{
	struct dbt_regmsg m = { { 0 } };
	dbt_word_t tag = 0, badge;
	dbt_word_t err = dbt_ipc_regs(DBT_SYS_REPLY_CAP_RECV, ep, &tag,
	                              DBT_REPLY_CAP_ARGS(0, DBT_TIMEOUT_NEVER), &m, &badge);
	for (;;) {
		if (err || dbt_reply_save(C_REPLY))
			res_errors++;
		tag = DBT_TAG(0, err ? 0 : DBT_TAG_U(tag), 0);
		err = dbt_ipc_regs(DBT_SYS_REPLY_CAP_RECV, ep, &tag,
		                   DBT_REPLY_CAP_ARGS(C_REPLY, DBT_TIMEOUT_NEVER), &m, &badge);
	}
}

static void bench_ipc(const char *name, dbt_slot_t ep, unsigned words)
{
	dbt_word_t *mr = dbt_mr(), tag, errors = 0;
	/* Warm-up with timeouts so that a dead server cannot hang the suite. */
	for (unsigned i = 0; i < WARMUP; i++) {
		tag = DBT_TAG(0, words, 0);
		dbt_word_t err = dbt_ipc(DBT_SYS_CALL, ep, &tag, DBT_TIMEOUTS(WAIT_US, WAIT_US), mr, 0);
		if (err) {
			uprintf("bench: %s: warm-up call failed: error %lu\n", name, err);
			return;
		}
	}
	dbt_word_t as0 = dbt_stat(DBT_STAT_AS_SWITCHES);
	dbt_word_t fp0 = dbt_stat(DBT_STAT_FASTPATH);
	for (unsigned i = WARMUP; i < NOPS; i++) {
		struct dbt_regmsg m;
		for (unsigned w = 0; w < DBT_MSG_REG_WORDS; w++)
			m.w[w] = i * 16 + w;
		tag = DBT_TAG(0, words, 0);
		uint64_t t0 = tsc_read();
		dbt_word_t err = dbt_ipc_regs(DBT_SYS_CALL, ep, &tag, TO_NEVER, &m, 0);
		uint64_t t1 = tsc_read();
		results[i] = t1 - t0;
		if (err || DBT_TAG_U(tag) != words)
			errors++;
		for (unsigned w = 0; w < words; w++)
			if (m.w[w] != i * 16 + w)
				errors++;
	}
	dbt_word_t fp1 = dbt_stat(DBT_STAT_FASTPATH);
	dbt_word_t as1 = dbt_stat(DBT_STAT_AS_SWITCHES);
	if (errors || res_errors) {
		uprintf("bench: %s: %lu bad round trips, %lu server errors\n", name, errors,
		        (dbt_word_t)res_errors);
		return;
	}
	report(name, true, as1 - as0, SAMPLES);
	uprintf("bench: %s: DBT_STAT_FASTPATH +%lu over %u round trips\n", name, fp1 - fp0,
	        SAMPLES);
}

/* ---- null kernel call ------------------------------------------------------------- */

/* An unknown call number: kernel entry, table bounds check, exit. */
static void bench_null_kcall(void)
{
	dbt_word_t errors = 0;
	for (unsigned i = 0; i < NOPS; i++) {
		uint64_t t0 = tsc_read();
		dbt_word_t err = dbt_syscall(DBT_SYS_COUNT, 0, 0, 0, 0, 0, 0).err;
		uint64_t t1 = tsc_read();
		results[i] = t1 - t0;
		if (err != DBT_E_INVALID_SYSCALL)
			errors++;
	}
	if (errors) {
		uprintf("bench: null_kcall: %lu unexpected results\n", errors);
		return;
	}
	report("null_kcall", false, 0, 0);
}

/* ---- reading the clock ------------------------------------------------------------ */

#define BENCH_CLOCK 0x7ffff0002000ull      /* where the root task maps the clock page */

/* From the clock page (dbt_clock_read: seq, TSC, scale), then by kernel call
 * (DBT_SYS_CLOCK), for comparison. */
static void bench_clock(void)
{
	const volatile struct dbt_clock_page *p = (const volatile struct dbt_clock_page *)BENCH_CLOCK;
	dbt_word_t errors = 0;
	uint64_t last = 0;
	CHECK("map the clock page", dbt_clock_map(0, BENCH_CLOCK));
	for (unsigned i = 0; i < NOPS; i++) {
		uint64_t t0 = tsc_read();
		uint64_t ns = dbt_clock_read(p);
		uint64_t t1 = tsc_read();
		results[i] = t1 - t0;
		errors += ns < last;
		last = ns;
	}
	if (errors) {
		uprintf("bench: clock_read: %lu readings went back\n", errors);
		return;
	}
	report("clock_read", false, 0, 0);
	for (unsigned i = 0; i < NOPS; i++) {
		uint64_t t0 = tsc_read();
		uint64_t ns = dbt_clock_ns();
		uint64_t t1 = tsc_read();
		results[i] = t1 - t0;
		errors += ns < last;
		last = ns;
	}
	if (errors) {
		uprintf("bench: clock_kcall: %lu readings went back\n", errors);
		return;
	}
	report("clock_kcall", false, 0, 0);
}

/* ---- page fault round trip ------------------------------------------------------- */

/* In a child task: touch pf_target, timed; drop the mapping again; repeat. */
static void pf_child(dbt_word_t unused)
{
	(void)unused;
	volatile uint64_t *p = (volatile uint64_t *)pf_target;
	for (unsigned i = 0; i < NOPS; i++)
		results[i] = 0;         /* fault the result pages in now */
	for (unsigned i = 0; i < NOPS; i++) {
		if (i == WARMUP)
			res_as0 = dbt_stat(DBT_STAT_AS_SWITCHES);
		uint64_t t0 = tsc_read();
		*p = i;
		uint64_t t1 = tsc_read();
		results[i] = t1 - t0;
		if (dbt_unmap(DBT_FPAGE(pf_target, 12, 0), DBT_UNMAP_SELF))
			res_errors++;
	}
	res_as1 = dbt_stat(DBT_STAT_AS_SWITCHES);
	dbt_signal(C_DONE);
	for (;;)
		dbt_thread_ctl(C_SELF, DBT_THREAD_STOP, 0, 0);
}

static void bench_pagefault(void)
{
	struct thr t;
	volatile uint64_t *page = urt_alloc_pages(1);
	pf_target = (dbt_word_t)page;
	pf_count = 0;
	res_errors = 0;
	thr_create(&t, true, pager_ep);
	thr_start(&t, pf_child, 0);
	if (!wait_done("pagefault_rtt"))
		return;
	if (res_errors || pf_count != NOPS || *page != NOPS - 1) {
		uprintf("bench: pagefault_rtt: %lu unmap errors, %lu faults on the page for %u "
		        "touches, last value %lu\n", (dbt_word_t)res_errors, (dbt_word_t)pf_count,
		        NOPS, (dbt_word_t)*page);
		return;
	}
	report("pagefault_rtt", true, res_as1 - res_as0, SAMPLES);
}

/* ---- foreign-ABI system call ------------------------------------------------------ */

static inline dbt_word_t foreign_syscall(dbt_word_t no)
{
	dbt_word_t rax = no;
	__asm__ volatile("syscall" : "+a"(rax) :: "rcx", "r11", "memory");
	return rax;
}

/* A foreign thread: every `syscall` becomes an exception IPC. */
static void foreign_child(dbt_word_t unused)
{
	(void)unused;
	for (unsigned i = 0; i < NOPS; i++)
		results[i] = 0;
	foreign_syscall(MARK_START);
	for (unsigned i = 0; i < NOPS; i++) {
		uint64_t t0 = tsc_read();
		dbt_word_t r = foreign_syscall(i);
		uint64_t t1 = tsc_read();
		results[i] = t1 - t0;
		if (r != i + 1000)
			res_errors++;
	}
	foreign_syscall(MARK_END);   /* never answered */
	for (;;)
		;
}

/* The handler's part at the start and end markers: count address-space
 * switches, signal the end.  True: the message was the end marker, which
 * is not answered. */
static __attribute__((noinline)) bool foreign_marker(dbt_word_t rax)
{
	if (rax == MARK_START)
		res_as0 = dbt_stat(DBT_STAT_AS_SWITCHES);
	if (rax != MARK_END)
		return false;
	res_as1 = dbt_stat(DBT_STAT_AS_SWITCHES);
	dbt_signal(done_ntf);
	return true;
}

/* Markers are the only numbers this high: one compare in the loop. */
static inline bool foreign_end(dbt_word_t rax)
{
	return __builtin_expect(rax >= MARK_START, 0) && foreign_marker(rax);
}

static __attribute__((noinline)) void handler_error(dbt_word_t err, dbt_word_t tag)
{
	uprintf("bench: syscall handler: error %lu tag %lx\n", err, tag);
	res_errors++;
}

/* Long-form handler (DBT_FOREIGN_ON): answer with the received registers,
 * rax = rax + 1000. */
static void syscall_handler_long(dbt_word_t ep)
{
	dbt_word_t tag = 0, badge, *mr = dbt_mr();
	dbt_word_t err = dbt_recv(ep, &tag, &badge, DBT_TIMEOUT_NEVER);
	for (;;) {
		struct dbt_regs *r = (struct dbt_regs *)mr;
		if (err || tag != DBT_TAG(DBT_LABEL_SYSCALL, DBT_EXC_WORDS, 0)) {
			handler_error(err, tag);
		} else if (!foreign_end(r->rax)) {
			r->rax += 1000;
			tag = DBT_TAG(0, DBT_REGS_WORDS, 0);
			err = dbt_reply_recv(ep, &tag, &badge, DBT_TIMEOUT_NEVER);
			continue;
		}
		err = dbt_recv(ep, &tag, &badge, DBT_TIMEOUT_NEVER);
	}
}

/* Short-form handler (DBT_FOREIGN_SHORT): the seven registers arrive in
 * MR0..MR6 and the answer is rax alone, all in registers (dbt_ipc_regs). */
static void syscall_handler_short(dbt_word_t ep)
{
	struct dbt_regmsg m = { { 0 } };
	dbt_word_t tag = 0, badge;
	dbt_word_t err = dbt_ipc_regs(DBT_SYS_RECV, ep, &tag, TO_NEVER, &m, &badge);
	for (;;) {
		if (__builtin_expect(err || tag != DBT_SYSCALL_SHORT_TAG, 0)) {
			handler_error(err, tag);
		} else if (!foreign_end(m.w[0])) {
			m.w[0] += 1000;
			tag = DBT_SYSCALL_REPLY_TAG;
			err = dbt_ipc_regs(DBT_SYS_REPLY_RECV, ep, &tag, TO_NEVER, &m, &badge);
			continue;
		}
		err = dbt_ipc_regs(DBT_SYS_RECV, ep, &tag, TO_NEVER, &m, &badge);
	}
}

/* A foreign thread in its own task calls a handler thread of the root
 * task, in mode (DBT_FOREIGN_*); name reports it. */
static void bench_foreign(const char *name, dbt_word_t mode, void (*handler)(dbt_word_t))
{
	struct thr h, t;
	dbt_slot_t ep = urt_slot_alloc();
	CHECK("create endpoint", dbt_create(DBT_ROOT_SLOT_QUOTA, DBT_OBJ_ENDPOINT, ep, 0, 0));
	res_errors = 0;
	thr_create(&h, false, pager_ep);
	thr_start(&h, handler, ep);
	thr_create(&t, true, ep);
	CHECK("set foreign", dbt_thread_ctl(t.thread, DBT_THREAD_SET_FOREIGN, mode, 0).err);
	dbt_word_t fp0 = dbt_stat(DBT_STAT_FASTPATH);
	thr_start(&t, foreign_child, 0);
	if (!wait_done(name))
		return;
	dbt_word_t fp1 = dbt_stat(DBT_STAT_FASTPATH);
	if (res_errors) {
		uprintf("bench: %s: %lu wrong results\n", name, (dbt_word_t)res_errors);
		return;
	}
	/* Between the two stat reads: the reply to MARK_START (one switch), NOPS
	 * round trips, and the MARK_END call (one switch). */
	report(name, true, res_as1 - res_as0 - 2, NOPS);
	uprintf("bench: %s: DBT_STAT_FASTPATH +%lu over %u system calls\n", name, fp1 - fp0,
	        NOPS + 2);
}

/* ---- mapping per task ---------------------------------------------------------------- */

#define TM_PAGES 64                         /* pages per TASK_MAP / TASK_UNMAP call */
#define TM_DST   0x200000000000ull          /* where they land in the target task */

/* Minimum and median of results[], per page (rounded). */
static void report_per_page(const char *name)
{
	uint64_t min, median;
	stats(&min, &median);
	uprintf("BENCH %s min=%lu median=%lu unit=insns\n", name, (min + TM_PAGES / 2) / TM_PAGES,
	        (median + TM_PAGES / 2) / TM_PAGES);
	uprintf("bench: %s: one call for %u pages: min=%lu median=%lu insns\n", name, TM_PAGES, min,
	        median);
}

/* The root maps 64 of its pages into a task without threads with one
 * TASK_MAP, then takes them away again with one TASK_UNMAP: each sample is
 * one call, reported per page.  The task's page tables stay from the first
 * (warm-up) call on, as a process's do. */
static void bench_task_map(void)
{
	static uint64_t unmap_results[NOPS];
	dbt_slot_t task = urt_slot_alloc();
	CHECK("create task", dbt_create(DBT_ROOT_SLOT_QUOTA, DBT_OBJ_TASK, task, CHILD_CSPACE, 0));
	dbt_word_t src = (dbt_word_t)urt_alloc_pages(TM_PAGES), errors = 0, done;
	for (unsigned i = 0; i < NOPS; i++) {
		uint64_t t0 = tsc_read();
		dbt_word_t err = dbt_task_map(task, src, TM_DST, TM_PAGES, DBT_R | DBT_W, &done);
		uint64_t t1 = tsc_read();
		results[i] = t1 - t0;
		if (err || done != TM_PAGES || dbt_task_map_info(task, TM_DST + 4096, NULL, NULL))
			errors++;
		t0 = tsc_read();
		err = dbt_task_unmap(task, TM_DST, TM_PAGES, 0, &done);
		t1 = tsc_read();
		unmap_results[i] = t1 - t0;
		if (err || done != TM_PAGES || !dbt_task_map_info(task, TM_DST + 4096, NULL, NULL))
			errors++;
	}
	if (errors) {
		uprintf("bench: task_map: %lu bad calls\n", errors);
		return;
	}
	report_per_page("task_map_per_page");
	memcpy(results, unmap_results, sizeof(results));
	report_per_page("task_unmap_per_page");
	CHECK("destroy task", dbt_destroy(task));
}

/* ---- main ------------------------------------------------------------------------------ */

int main(const struct dbt_bootinfo *bi)
{
	struct thr pager, srv_local, srv_child, srv_defer;
	dbt_slot_t ep_local, ep_child, ep_defer;
	(void)bi;

	uprintf("bench: Darbat micro-benchmarks (unit: guest instructions under -icount shift=0)\n");
	pager_ep = urt_slot_alloc();
	done_ntf = urt_slot_alloc();
	ep_local = urt_slot_alloc();
	ep_child = urt_slot_alloc();
	ep_defer = urt_slot_alloc();
	CHECK("create endpoint", dbt_create(DBT_ROOT_SLOT_QUOTA, DBT_OBJ_ENDPOINT, pager_ep, 0, 0));
	CHECK("create endpoint", dbt_create(DBT_ROOT_SLOT_QUOTA, DBT_OBJ_ENDPOINT, ep_local, 0, 0));
	CHECK("create endpoint", dbt_create(DBT_ROOT_SLOT_QUOTA, DBT_OBJ_ENDPOINT, ep_child, 0, 0));
	CHECK("create endpoint", dbt_create(DBT_ROOT_SLOT_QUOTA, DBT_OBJ_ENDPOINT, ep_defer, 0, 0));
	CHECK("create notification",
	      dbt_create(DBT_ROOT_SLOT_QUOTA, DBT_OBJ_NOTIFICATION, done_ntf, 0, 0));

	thr_create(&pager, false, 0);
	thr_start(&pager, pager_loop, pager_ep);

	measure_overhead();

	/* Cross-address-space server: a thread in its own task. */
	thr_create(&srv_child, true, pager_ep);
	CHECK("give endpoint", dbt_cap_give(srv_child.task, ep_child, C_EP, DBT_CAP_READ));
	thr_start(&srv_child, server_loop, C_EP);
	bench_ipc("ipc_rtt_cross_as_0w", ep_child, 0);
	bench_ipc("ipc_rtt_cross_as_4w", ep_child, 4);
	bench_ipc("ipc_rtt_cross_as_8w", ep_child, 8);

	/* Same-address-space server: a thread of the root task. */
	thr_create(&srv_local, false, pager_ep);
	thr_start(&srv_local, server_loop, ep_local);
	bench_ipc("ipc_rtt_same_as_0w", ep_local, 0);

	/* Deferred replies: the cross-address-space echo through a saved reply. */
	thr_create(&srv_defer, true, pager_ep);
	CHECK("give endpoint", dbt_cap_give(srv_defer.task, ep_defer, C_EP, DBT_CAP_READ));
	thr_start(&srv_defer, deferring_server_loop, C_EP);
	bench_ipc("ipc_rtt_deferred_cross_as_0w", ep_defer, 0);

	bench_pagefault();
	bench_null_kcall();
	bench_foreign("foreign_syscall_rtt", DBT_FOREIGN_ON | DBT_FOREIGN_SHORT,
	              syscall_handler_short);
	bench_foreign("foreign_syscall_long_rtt", DBT_FOREIGN_ON, syscall_handler_long);
	bench_clock();
	bench_task_map();

	uprintf("SUITE bench DONE\n");
	return 0;
}
