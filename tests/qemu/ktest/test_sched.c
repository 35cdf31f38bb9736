/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_sched.c - the scheduler: strict priorities, preemption on wake-up,
 * round robin and timeslices within a level, yield, timeouts, priority
 * changes.  Threads are local threads of the root task (priority 200
 * for the root, children below); the root sleeps while they run.
 */
#include "ktest.h"

#define NLOG 16

static volatile dbt_word_t sch_log[NLOG];
static volatile unsigned sch_nlog;
static volatile dbt_word_t sch_count[4], sch_stop;
static volatile dbt_word_t sch_v[4];

static void log_ev(dbt_word_t ev)
{
	unsigned i = __atomic_fetch_add(&sch_nlog, 1, __ATOMIC_SEQ_CST);
	if (i < NLOG)
		sch_log[i] = ev;
}

static void reset(void)
{
	sch_nlog = 0;
	for (unsigned i = 0; i < NLOG; i++)
		sch_log[i] = 0;
	for (unsigned i = 0; i < 4; i++)
		sch_count[i] = sch_v[i] = 0;
	sch_stop = 0;
}

static dbt_word_t local_at(struct kchild *c, void (*fn)(dbt_word_t), dbt_word_t arg,
                           unsigned prio)
{
	dbt_word_t err = ktest_local(c, fn, arg);
	if (!err)
		err = dbt_thread_ctl(c->thread, DBT_THREAD_SET_PRIORITY, prio, 0).err;
	return err;
}

static struct dbt_sysret info(dbt_slot_t t)
{
	return dbt_thread_ctl(t, DBT_THREAD_INFO, 0, 0);
}

static void spin(dbt_word_t i)
{
	while (!sch_stop)
		sch_count[i]++;
}

/* ---- preemption on wake-up --------------------------------------------------- */

static dbt_slot_t sch_ntf;

static void ntf_waiter(dbt_word_t tagv)
{
	log_ev(tagv);
	dbt_wait(sch_ntf, NULL, DBT_TIMEOUT_NEVER);
	log_ev(tagv + 1);
}

static void ntf_signaller(dbt_word_t tagv)
{
	log_ev(tagv);
	dbt_signal(sch_ntf);
	log_ev(tagv + 1);
}

KTEST(sched, wake_higher_preempts_signaller)
{
	struct kchild h, l;
	reset();
	sch_ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	EXPECT_OK(local_at(&h, ntf_waiter, 10, 150));
	EXPECT_OK(local_at(&l, ntf_signaller, 20, 100));
	EXPECT_OK(ktest_start(&h));
	EXPECT_OK(ktest_start(&l));
	EXPECT(ktest_join(&h, 1000));
	EXPECT(ktest_join(&l, 1000));
	EXPECT_EQ(sch_nlog, 4);
	EXPECT_EQ(sch_log[0], 10);      /* h runs first, blocks */
	EXPECT_EQ(sch_log[1], 20);      /* l signals */
	EXPECT_EQ(sch_log[2], 11);      /* h at once */
	EXPECT_EQ(sch_log[3], 21);      /* then l carries on */
}

KTEST(sched, wake_equal_does_not_preempt)
{
	struct kchild h, l;
	reset();
	sch_ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	EXPECT_OK(local_at(&h, ntf_waiter, 10, 150));
	EXPECT_OK(local_at(&l, ntf_signaller, 20, 150));
	EXPECT_OK(ktest_start(&h));
	EXPECT_OK(ktest_start(&l));
	EXPECT(ktest_join(&h, 1000));
	EXPECT(ktest_join(&l, 1000));
	EXPECT_EQ(sch_nlog, 4);
	EXPECT_EQ(sch_log[0], 10);
	EXPECT_EQ(sch_log[1], 20);
	EXPECT_EQ(sch_log[2], 21);      /* the signaller keeps the CPU */
	EXPECT_EQ(sch_log[3], 11);
}

/* The root (200) signals a waiter at 150: the root is not preempted. */
KTEST(sched, wake_lower_does_not_preempt)
{
	struct kchild h;
	reset();
	sch_ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	EXPECT_OK(local_at(&h, ntf_waiter, 10, 150));
	EXPECT_OK(ktest_start(&h));
	ksleep_ms(2);
	EXPECT_EQ(sch_nlog, 1);
	EXPECT_OK(dbt_signal(sch_ntf));
	for (volatile unsigned i = 0; i < 100000; i++)
		;
	EXPECT_EQ(sch_nlog, 1);
	EXPECT(ktest_join(&h, 1000));
	EXPECT_EQ(sch_nlog, 2);
	EXPECT_EQ(sch_log[1], 11);
}

/*
 * The guest's clock follows the host's, and a busy host can stall QEMU for
 * milliseconds.  So a timing is judged late only when it is late in each of
 * TIMING_TRIES tries; it must never be early.
 */
#define TIMING_TRIES 3
#define TIMING_SLACK 4000               /* us */

/* One try of a timed case: sets sch_elapsed (us), or fails the test. */
typedef void (*timed_case_fn)(dbt_word_t arg);
static dbt_word_t sch_elapsed;

/* run's sch_elapsed is never below lo, and at most hi in one of the tries. */
static void expect_within(timed_case_fn run, dbt_word_t arg, dbt_word_t lo, dbt_word_t hi,
                          int line)
{
	dbt_word_t el = 0;
	for (int i = 0; i < TIMING_TRIES && !ktest_failed; i++) {
		sch_elapsed = 0;
		run(arg);
		if (ktest_failed)
			return;
		el = sch_elapsed;
		if (el < lo) {
			ktest_fail(__FILE__, line, "ended after %lu, before %lu", el, lo);
			return;
		}
		if (el <= hi)
			return;
	}
	ktest_fail(__FILE__, line, "took %lu in each of %d tries, more than %lu", el,
	           TIMING_TRIES, hi);
}

/* A timed case of us microseconds: never early, at most TIMING_SLACK late. */
static void expect_on_time(timed_case_fn run, dbt_word_t arg, dbt_word_t us, int line)
{
	expect_within(run, arg, us, us + TIMING_SLACK, line);
}

/* A timeout wakes a higher thread while a lower one spins. */
static void timed_sleeper(dbt_word_t us)
{
	dbt_word_t t0 = dbt_clock();
	sch_v[1] = dbt_wait(sch_ntf, NULL, (uint32_t)us);
	sch_v[0] = dbt_clock() - t0;
	sch_v[2] = sch_count[0];
}

static void timeout_over_spinner(dbt_word_t us)
{
	struct kchild h, l;
	reset();
	EXPECT_OK(local_at(&h, timed_sleeper, us, 150));
	EXPECT_OK(local_at(&l, spin, 0, 100));
	EXPECT_OK(ktest_start(&h));
	EXPECT_OK(ktest_start(&l));
	EXPECT(ktest_join(&h, 1000));
	sch_stop = 1;
	EXPECT(ktest_join(&l, 1000));
	EXPECT_EQ(sch_v[1], DBT_E_TIMEOUT);
	EXPECT(sch_v[2] > 0);           /* the lower one ran meanwhile */
	sch_elapsed = sch_v[0];
}

KTEST(sched, timeout_preempts_busy_lower)
{
	sch_ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	expect_on_time(timeout_over_spinner, 10000, 10000, __LINE__);
}

/* ---- strict priority ------------------------------------------------------------- */

static void busy_for(dbt_word_t ms)
{
	dbt_word_t t0 = dbt_clock();
	sch_v[0] = sch_count[1];
	while (dbt_clock() - t0 < ms * 1000)
		;
	sch_v[1] = sch_count[1];
	sch_v[2] = 1;
}

KTEST(sched, busy_higher_starves_lower)
{
	struct kchild h, l;
	reset();
	EXPECT_OK(local_at(&l, spin, 1, 140));
	EXPECT_OK(local_at(&h, busy_for, 30, 150));
	EXPECT_OK(ktest_start(&l));
	EXPECT_OK(ktest_start(&h));
	ksleep_ms(10);
	EXPECT_EQ(sch_count[1], 0);     /* h is busy: l never ran */
	EXPECT_EQ(info(h.thread).v0, 1);
	EXPECT(ktest_join(&h, 1000));
	EXPECT_EQ(sch_v[0], 0);
	EXPECT_EQ(sch_v[1], 0);
	ksleep_ms(5);
	EXPECT(sch_count[1] > 0);       /* and runs once h is done */
	sch_stop = 1;
	EXPECT(ktest_join(&l, 1000));
}

/* ---- round robin, timeslices, yield ---------------------------------------------------- */

KTEST(sched, round_robin_equal_priority)
{
	struct kchild a, b;
	reset();
	EXPECT_OK(local_at(&a, spin, 0, 150));
	EXPECT_OK(local_at(&b, spin, 1, 150));
	EXPECT_OK(ktest_start(&a));
	EXPECT_OK(ktest_start(&b));
	ksleep_ms(100);
	dbt_word_t ta = info(a.thread).v2, tb = info(b.thread).v2;
	dbt_word_t ca = sch_count[0], cb = sch_count[1];
	sch_stop = 1;
	EXPECT(ktest_join(&a, 1000));
	EXPECT(ktest_join(&b, 1000));
	EXPECT(ca > 0);
	EXPECT(cb > 0);
	EXPECT(ta >= 25);               /* default slice 10 ms: about 50 each */
	EXPECT(tb >= 25);
}

KTEST(sched, timeslice_sets_share)
{
	struct kchild a, b;
	reset();
	EXPECT_OK(local_at(&a, spin, 0, 150));
	EXPECT_OK(local_at(&b, spin, 1, 150));
	EXPECT_EQ(dbt_thread_ctl(a.thread, DBT_THREAD_SET_TIMESLICE, 0, 0).err, DBT_E_INVALID_ARG);
	EXPECT_EQ(dbt_thread_ctl(a.thread, DBT_THREAD_SET_TIMESLICE, 1000001, 0).err,
	          DBT_E_INVALID_ARG);
	EXPECT_OK(dbt_thread_ctl(a.thread, DBT_THREAD_SET_TIMESLICE, 1000, 0).err);
	EXPECT_OK(dbt_thread_ctl(b.thread, DBT_THREAD_SET_TIMESLICE, 20000, 0).err);
	EXPECT_OK(ktest_start(&a));
	EXPECT_OK(ktest_start(&b));
	ksleep_ms(200);
	dbt_word_t ta = info(a.thread).v2, tb = info(b.thread).v2;
	sch_stop = 1;
	EXPECT(ktest_join(&a, 1000));
	EXPECT(ktest_join(&b, 1000));
	EXPECT(ta >= 3);                /* 1 of every 21 ticks: about 10 */
	EXPECT(tb >= 5 * ta);
}

static void yielder(dbt_word_t tagv)
{
	log_ev(tagv);
	EXPECT_OK(dbt_yield());
	log_ev(tagv + 1);
	EXPECT_OK(dbt_yield());
	log_ev(tagv + 2);
}

KTEST(sched, yield_passes_to_equal)
{
	struct kchild a, b;
	reset();
	EXPECT_OK(local_at(&a, yielder, 10, 150));
	EXPECT_OK(local_at(&b, yielder, 20, 150));
	EXPECT_OK(ktest_start(&a));
	EXPECT_OK(ktest_start(&b));
	EXPECT(ktest_join(&a, 1000));
	EXPECT(ktest_join(&b, 1000));
	EXPECT_EQ(sch_nlog, 6);
	EXPECT_EQ(sch_log[0], 10);
	EXPECT_EQ(sch_log[1], 20);
	EXPECT_EQ(sch_log[2], 11);
	EXPECT_EQ(sch_log[3], 21);
	EXPECT_EQ(sch_log[4], 12);
	EXPECT_EQ(sch_log[5], 22);
}

/* Yield does not hand the CPU to a lower priority. */
static void yield_over_lower(dbt_word_t unused)
{
	(void)unused;
	dbt_word_t before = sch_count[1];
	for (int i = 0; i < 20; i++)
		dbt_yield();
	sch_v[0] = sch_count[1] - before;
	sch_v[1] = 1;
}

KTEST(sched, yield_keeps_cpu_over_lower)
{
	struct kchild h, l;
	reset();
	EXPECT_OK(local_at(&l, spin, 1, 100));
	EXPECT_OK(local_at(&h, yield_over_lower, 0, 150));
	EXPECT_OK(ktest_start(&l));
	EXPECT_OK(ktest_start(&h));
	EXPECT(ktest_join(&h, 1000));
	EXPECT_EQ(sch_v[1], 1);
	EXPECT_EQ(sch_v[0], 0);
	sch_stop = 1;
	EXPECT(ktest_join(&l, 1000));
	/* the root yields over its lower children too */
	EXPECT_OK(dbt_yield());
}

/* ---- timeouts --------------------------------------------------------------------------- */

enum timed_op { TIMED_WAIT, TIMED_RECV, TIMED_CALL, TIMED_SEND };

static dbt_slot_t sch_timed_obj;

/* One blocking call on sch_timed_obj that must time out after arg's us. */
static void timed_call_op(dbt_word_t arg, enum timed_op op)
{
	uint32_t us = (uint32_t)arg;
	dbt_word_t tag = DBT_TAG(1, 0, 0), badge, err, t0 = dbt_clock();
	switch (op) {
	case TIMED_WAIT: err = dbt_wait(sch_timed_obj, NULL, us); break;
	case TIMED_RECV: err = dbt_recv(sch_timed_obj, &tag, &badge, us); break;
	case TIMED_CALL: err = dbt_call(sch_timed_obj, &tag, us, DBT_TIMEOUT_NEVER); break;
	default: err = dbt_send(sch_timed_obj, DBT_TAG(1, 0, 0), us); break;
	}
	sch_elapsed = dbt_clock() - t0;
	EXPECT_EQ(err, DBT_E_TIMEOUT);
}

static void timed_wait(dbt_word_t us) { timed_call_op(us, TIMED_WAIT); }
static void timed_recv(dbt_word_t us) { timed_call_op(us, TIMED_RECV); }
static void timed_call(dbt_word_t us) { timed_call_op(us, TIMED_CALL); }
static void timed_send(dbt_word_t us) { timed_call_op(us, TIMED_SEND); }

KTEST(sched, wait_timeouts_accurate)
{
	static const uint32_t tos[] = { 1000, 3000, 10000, 25000, 50000 };
	sch_timed_obj = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	for (unsigned i = 0; i < sizeof(tos) / sizeof(tos[0]); i++)
		expect_on_time(timed_wait, tos[i], tos[i], __LINE__);
}

KTEST(sched, recv_and_call_timeouts)
{
	sch_timed_obj = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	expect_on_time(timed_recv, 20000, 20000, __LINE__);
	expect_on_time(timed_call, 15000, 15000, __LINE__);
	expect_on_time(timed_send, 5000, 5000, __LINE__);
}

/* 100 polls of each kind: sch_elapsed in timer ticks. */
static void polls(dbt_word_t unused)
{
	(void)unused;
	dbt_slot_t ep = sch_timed_obj, ntf = sch_ntf;
	dbt_word_t tag, badge;
	dbt_word_t t0 = dbt_stat(DBT_STAT_TICKS);
	for (int i = 0; i < 100; i++) {
		EXPECT_EQ(dbt_wait(ntf, NULL, DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);
		EXPECT_EQ(dbt_recv(ep, &tag, &badge, DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);
	}
	sch_elapsed = dbt_stat(DBT_STAT_TICKS) - t0;
}

KTEST(sched, poll_does_not_block)
{
	sch_timed_obj = kcreate(DBT_OBJ_ENDPOINT, 0, 0);
	sch_ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	expect_within(polls, 0, 0, 2, __LINE__);
}

/* A signal before the timeout ends the wait early. */
static void late_signaller(dbt_word_t ms)
{
	dbt_word_t t0 = dbt_clock();
	while (dbt_clock() - t0 < ms * 1000)
		;
	dbt_signal(sch_ntf);
}

static void signalled_wait(dbt_word_t ms)
{
	struct kchild s;
	dbt_word_t bits = 0;
	reset();
	EXPECT_OK(local_at(&s, late_signaller, ms, 150));
	EXPECT_OK(ktest_start(&s));
	dbt_word_t t0 = dbt_clock();
	EXPECT_OK(dbt_wait(sch_ntf, &bits, 500000));
	sch_elapsed = dbt_clock() - t0;
	EXPECT_EQ(bits, 1);
	EXPECT(ktest_join(&s, 1000));
}

KTEST(sched, signal_ends_timed_wait)
{
	dbt_word_t bits = 0;
	sch_ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	expect_on_time(signalled_wait, 8, 8000, __LINE__);
	/* the cancelled timeout does not fire later */
	ksleep_ms(5);
	EXPECT_EQ(dbt_wait(sch_ntf, &bits, DBT_TIMEOUT_POLL), DBT_E_TIMEOUT);
}

/* ---- priority changes ------------------------------------------------------------------------ */

KTEST(sched, raise_priority_takes_effect)
{
	struct kchild a, b;
	reset();
	EXPECT_OK(local_at(&a, spin, 0, 150));
	EXPECT_OK(local_at(&b, spin, 1, 140));
	EXPECT_OK(ktest_start(&a));
	EXPECT_OK(ktest_start(&b));
	ksleep_ms(20);
	EXPECT(sch_count[0] > 0);
	EXPECT_EQ(sch_count[1], 0);
	EXPECT_OK(dbt_thread_ctl(b.thread, DBT_THREAD_SET_PRIORITY, 160, 0).err);
	EXPECT_EQ(info(b.thread).v1, 160);
	dbt_word_t ca = sch_count[0];
	ksleep_ms(20);
	EXPECT_EQ(sch_count[0], ca);
	EXPECT(sch_count[1] > 0);
	sch_stop = 1;
	EXPECT(ktest_join(&b, 1000));
	EXPECT(ktest_join(&a, 1000));
}

KTEST(sched, lower_priority_takes_effect)
{
	struct kchild a, b;
	reset();
	EXPECT_OK(local_at(&a, spin, 0, 150));
	EXPECT_OK(local_at(&b, spin, 1, 140));
	EXPECT_OK(ktest_start(&a));
	EXPECT_OK(ktest_start(&b));
	ksleep_ms(20);
	EXPECT_EQ(sch_count[1], 0);
	EXPECT_OK(dbt_thread_ctl(a.thread, DBT_THREAD_SET_PRIORITY, 130, 0).err);
	dbt_word_t ca = sch_count[0];
	ksleep_ms(20);
	EXPECT_EQ(sch_count[0], ca);
	EXPECT(sch_count[1] > 0);
	sch_stop = 1;
	EXPECT(ktest_join(&b, 1000));
	EXPECT(ktest_join(&a, 1000));
}

/* A thread lowering its own priority below a runnable one gives way at once. */
static void self_lowerer(dbt_word_t self)
{
	log_ev(1);
	dbt_thread_ctl(self, DBT_THREAD_SET_PRIORITY, 100, 0);
	log_ev(3);
}

static void logger(dbt_word_t ev)
{
	log_ev(ev);
}

KTEST(sched, lower_own_priority_yields)
{
	struct kchild a, b;
	reset();
	EXPECT_OK(local_at(&a, self_lowerer, 0, 150));
	a.arg = a.thread;
	EXPECT_OK(local_at(&b, logger, 2, 140));
	EXPECT_OK(ktest_start(&a));
	EXPECT_OK(ktest_start(&b));
	EXPECT(ktest_join(&a, 1000));
	EXPECT(ktest_join(&b, 1000));
	EXPECT_EQ(sch_nlog, 3);
	EXPECT_EQ(sch_log[0], 1);
	EXPECT_EQ(sch_log[1], 2);
	EXPECT_EQ(sch_log[2], 3);
}

/* ---- accounting ---------------------------------------------------------------------------------- */

KTEST(sched, cpu_ticks_count_running_only)
{
	struct kchild a, w;
	reset();
	sch_ntf = kcreate(DBT_OBJ_NOTIFICATION, 0, 0);
	EXPECT_OK(local_at(&a, spin, 0, 150));
	EXPECT_OK(local_at(&w, ntf_waiter, 10, 160));
	EXPECT_OK(ktest_start(&w));
	EXPECT_OK(ktest_start(&a));
	dbt_word_t t0 = dbt_stat(DBT_STAT_TICKS);
	ksleep_ms(50);
	dbt_word_t el = dbt_stat(DBT_STAT_TICKS) - t0;
	struct dbt_sysret ra = info(a.thread), rw = info(w.thread);
	EXPECT_EQ(rw.v0, 5);            /* waiting on the notification */
	EXPECT(ra.v2 >= el - 5 && ra.v2 <= el + 1);
	EXPECT(rw.v2 <= 1);
	sch_stop = 1;
	EXPECT_OK(dbt_signal(sch_ntf));
	EXPECT(ktest_join(&a, 1000));
	EXPECT(ktest_join(&w, 1000));
}

/* While the only thread sleeps, the CPU idles; DBT_STAT_IDLE_TSC counts
 * those time stamps, and never more than passed. */
KTEST(sched, idle_time_counted)
{
	dbt_word_t i0 = dbt_stat(DBT_STAT_IDLE_TSC);
	uint64_t t0 = tsc_read();
	ksleep_ms(20);
	uint64_t t1 = tsc_read();
	dbt_word_t idle = dbt_stat(DBT_STAT_IDLE_TSC) - i0;
	EXPECT(idle > 0);
	EXPECT(idle <= t1 - t0);
	EXPECT(idle >= (t1 - t0) / 2);  /* a sleep is mostly idle */
	/* busy: no idle time */
	i0 = dbt_stat(DBT_STAT_IDLE_TSC);
	for (volatile unsigned n = 0; n < 100000; n++)
		;
	EXPECT(dbt_stat(DBT_STAT_IDLE_TSC) - i0 < 1000);
}
