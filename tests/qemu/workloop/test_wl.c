/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * test_wl.c - work loops: command gates, timer sources, interrupt sources
 * on the CMOS RTC (ISA line 8, periodic interrupt), and freeing.
 */
#include "wltest.h"

#define RTC_LINE 8
#define RTC_RATE 8              /* 256 Hz: an interrupt every 3.9 ms */

/* ---- command gates ----------------------------------------------------------------- */

struct gate_ctx {
	struct iokit_workloop *loop;
	struct iokit_source *gate;
	int inside, bad, count;
};

static int in_loop_inner(void *arg)
{
	struct gate_ctx *c = arg;
	return iokit_workloop_in_loop(c->loop) ? 43 : 8;
}

static int in_loop_fn(void *arg)
{
	struct gate_ctx *c = arg;
	if (!iokit_workloop_in_loop(c->loop))
		return 7;
	/* from the loop thread the gate runs fn directly */
	if (iokit_gate_run(c->gate, in_loop_inner, c) != 43)
		return 9;
	return 42;
}

const char *wl_gate_in_loop(void)
{
	struct gate_ctx c = { 0 };
	CHECK(iokit_workloop_create(&c.loop, URT_PRIO_INHERIT) == IO_OK);
	CHECK(iokit_gate_create(c.loop, &c.gate) == IO_OK);
	CHECK(!iokit_workloop_in_loop(c.loop));
	int r = iokit_gate_run(c.gate, in_loop_fn, &c);
	CHECK(iokit_workloop_free(c.loop) == IO_OK);
	CHECK(r == 42);
	return NULL;
}

static int count_fn(void *arg)
{
	struct gate_ctx *c = arg;
	if (++c->inside != 1 || !iokit_workloop_in_loop(c->loop))
		c->bad++;
	dbt_yield();            /* give another caller a chance to break in */
	c->count++;
	c->inside--;
	return c->count;
}

#define GATE_THREADS 4
#define GATE_CALLS 200

static void *gate_caller(void *arg)
{
	struct gate_ctx *c = arg;
	for (int i = 0; i < GATE_CALLS; i++)
		if (iokit_gate_run(c->gate, count_fn, c) <= 0)
			return (void *)1;
	return NULL;
}

const char *wl_gate_serialised(void)
{
	struct gate_ctx c = { 0 };
	urt_thread_t *t[GATE_THREADS];
	void *res;
	int fails = 0;
	CHECK(iokit_workloop_create(&c.loop, URT_PRIO_INHERIT) == IO_OK);
	CHECK(iokit_gate_create(c.loop, &c.gate) == IO_OK);
	for (int i = 0; i < GATE_THREADS; i++)
		CHECK(urt_thread_create(&t[i], gate_caller, &c, URT_PRIO_INHERIT) == URT_OK);
	for (int i = 0; i < GATE_THREADS; i++) {
		CHECK(urt_thread_join(t[i], &res) == URT_OK);
		fails += res != NULL;
	}
	CHECK(iokit_workloop_free(c.loop) == IO_OK);
	CHECK(fails == 0);
	CHECK(c.bad == 0);
	CHECK(c.count == GATE_THREADS * GATE_CALLS);
	return NULL;
}

const char *wl_gate_disabled(void)
{
	struct gate_ctx c = { 0 };
	CHECK(iokit_workloop_create(&c.loop, URT_PRIO_INHERIT) == IO_OK);
	CHECK(iokit_gate_create(c.loop, &c.gate) == IO_OK);
	CHECK(iokit_gate_run(c.gate, count_fn, &c) == 1);
	CHECK(iokit_source_disable(c.gate) == IO_OK);
	CHECK(iokit_gate_run(c.gate, count_fn, &c) == IO_ESTATE);
	CHECK(c.count == 1);
	CHECK(iokit_source_enable(c.gate) == IO_OK);
	CHECK(iokit_gate_run(c.gate, count_fn, &c) == 2);
	CHECK(iokit_source_remove(c.gate) == IO_OK);
	CHECK(iokit_workloop_free(c.loop) == IO_OK);
	return NULL;
}

/* ---- timers ------------------------------------------------------------------------ */

struct timer_ctx {
	struct iokit_workloop *loop;
	struct iokit_source *t[3];
	int order[8];
	uint64_t at[8];
	_Atomic int fired;
	int bad, limit;
	uint64_t period;
};

static void timer_fn(struct iokit_source *src, void *arg)
{
	struct timer_ctx *c = arg;
	int n = atomic_load(&c->fired);
	if (!iokit_workloop_in_loop(c->loop))
		c->bad++;
	if (n < 8) {
		c->at[n] = urt_now_us();
		for (int i = 0; i < 3; i++)
			if (c->t[i] == src)
				c->order[n] = i;
	}
	atomic_store(&c->fired, n + 1);
	if (c->limit && n + 1 < c->limit)       /* re-arm from the callback */
		iokit_timer_arm_us(src, c->period);
}

const char *wl_timer_order(void)
{
	static const uint64_t delay[3] = { 60000, 20000, 40000 };
	struct timer_ctx c = { 0 };
	CHECK(iokit_workloop_create(&c.loop, URT_PRIO_INHERIT) == IO_OK);
	for (int i = 0; i < 3; i++)
		CHECK(iokit_timer_create(c.loop, timer_fn, &c, &c.t[i]) == IO_OK);
	uint64_t t0 = urt_now_us();
	for (int i = 0; i < 3; i++)
		CHECK(iokit_timer_arm_at(c.t[i], t0 + delay[i]) == IO_OK);
	for (int i = 0; i < 100 && atomic_load(&c.fired) < 3; i++)
		urt_sleep_us(5000);
	urt_sleep_us(20000);
	CHECK(iokit_workloop_free(c.loop) == IO_OK);
	CHECK(atomic_load(&c.fired) == 3);
	CHECK(c.bad == 0);
	CHECK(c.order[0] == 1 && c.order[1] == 2 && c.order[2] == 0);
	for (int i = 0; i < 3; i++) {
		uint64_t want = t0 + delay[c.order[i]];
		CHECK(c.at[i] >= want);
		CHECK(c.at[i] < want + 30000);
	}
	return NULL;
}

const char *wl_timer_rearm(void)
{
	struct timer_ctx c = { .limit = 5, .period = 10000 };
	CHECK(iokit_workloop_create(&c.loop, URT_PRIO_INHERIT) == IO_OK);
	CHECK(iokit_timer_create(c.loop, timer_fn, &c, &c.t[0]) == IO_OK);
	uint64_t t0 = urt_now_us();
	CHECK(iokit_timer_arm_us(c.t[0], 10000) == IO_OK);
	/* re-arming an armed timer moves it */
	CHECK(iokit_timer_arm_us(c.t[0], 10000) == IO_OK);
	for (int i = 0; i < 100 && atomic_load(&c.fired) < 5; i++)
		urt_sleep_us(5000);
	urt_sleep_us(30000);
	CHECK(iokit_workloop_free(c.loop) == IO_OK);
	CHECK(atomic_load(&c.fired) == 5);
	CHECK(c.bad == 0);
	CHECK(c.at[4] - t0 >= 50000);
	CHECK(c.at[4] - t0 < 200000);
	return NULL;
}

const char *wl_timer_cancel(void)
{
	struct timer_ctx c = { 0 };
	CHECK(iokit_workloop_create(&c.loop, URT_PRIO_INHERIT) == IO_OK);
	CHECK(iokit_timer_create(c.loop, timer_fn, &c, &c.t[0]) == IO_OK);
	CHECK(iokit_timer_cancel(c.t[0]) == 0);
	CHECK(iokit_timer_arm_us(c.t[0], 20000) == IO_OK);
	CHECK(iokit_timer_cancel(c.t[0]) == 1);
	CHECK(iokit_timer_cancel(c.t[0]) == 0);
	urt_sleep_us(50000);
	CHECK(atomic_load(&c.fired) == 0);
	/* a disabled timer does not fire; enabled again, the passed deadline does */
	CHECK(iokit_timer_arm_us(c.t[0], 10000) == IO_OK);
	CHECK(iokit_source_disable(c.t[0]) == IO_OK);
	urt_sleep_us(40000);
	CHECK(atomic_load(&c.fired) == 0);
	CHECK(iokit_source_enable(c.t[0]) == IO_OK);
	for (int i = 0; i < 40 && atomic_load(&c.fired) < 1; i++)
		urt_sleep_us(5000);
	CHECK(atomic_load(&c.fired) == 1);
	/* fired: nothing left to cancel */
	CHECK(iokit_timer_cancel(c.t[0]) == 0);
	CHECK(iokit_source_remove(c.t[0]) == IO_OK);
	CHECK(iokit_workloop_free(c.loop) == IO_OK);
	return NULL;
}

/* ---- interrupts (RTC) -------------------------------------------------------------- */

struct irq_ctx {
	struct iokit_workloop *loop;
	struct iokit_source *src, *gate;
	_Atomic int count;
	int bad, noflag;
};

static void rtc_handler(struct iokit_source *src, void *arg)
{
	struct irq_ctx *c = arg;
	(void)src;
	if (!iokit_workloop_in_loop(c->loop))
		c->bad++;
	if (!(wl_cmos_read(0x0c) & 0x40))       /* re-arms the device */
		c->noflag++;
	atomic_fetch_add(&c->count, 1);
}

static void rtc_on(void)
{
	wl_cmos_read(0x0c);
	wl_cmos_write(0x0a, (uint8_t)((wl_cmos_read(0x0a) & 0xf0) | RTC_RATE));
	wl_cmos_write(0x0b, wl_cmos_read(0x0b) | 0x40);
}

static void rtc_off(void)
{
	wl_cmos_write(0x0b, wl_cmos_read(0x0b) & ~0x40);
	wl_cmos_read(0x0c);
}

static int wait_count(struct irq_ctx *c, int n)
{
	for (int i = 0; i < 200 && atomic_load(&c->count) < n; i++)
		urt_sleep_us(5000);
	return atomic_load(&c->count);
}

static int read_count(void *arg)
{
	return atomic_load(&((struct irq_ctx *)arg)->count);
}

/* Loop, gate and RTC interrupt source; NULL or a reason. */
static const char *irq_setup(struct irq_ctx *c, dbt_slot_t *irq)
{
	CHECK(iokit_workloop_create(&c->loop, URT_PRIO_INHERIT) == IO_OK);
	CHECK(iokit_gate_create(c->loop, &c->gate) == IO_OK);
	*irq = urt_slot_alloc();
	CHECK(*irq);
	CHECK(dbt_irq_get(DBT_ROOT_SLOT_IRQCTL, RTC_LINE, *irq) == DBT_OK);
	CHECK(iokit_irq_source_create(c->loop, *irq, rtc_handler, c, &c->src) == IO_OK);
	return NULL;
}

static void irq_teardown(struct irq_ctx *c, dbt_slot_t irq)
{
	if (c->src)
		iokit_source_disable(c->src);
	rtc_off();
	if (c->loop)
		iokit_workloop_free(c->loop);
	if (irq) {
		dbt_cap_delete(irq);
		urt_slot_free(irq);
	}
}

const char *wl_irq_rtc(void)
{
	struct irq_ctx c = { 0 };
	dbt_slot_t irq = 0;
	const char *why = irq_setup(&c, &irq);
	if (!why) {
		rtc_on();
		if (wait_count(&c, 10) < 10)
			why = "fewer than 10 RTC interrupts in 1 s";
		else if (c.bad)
			why = "handler not on the loop thread";
		else if (c.noflag > 1)
			why = "register C without the periodic flag";
		else if (iokit_irq_source_count(c.src) < 10)
			why = "iokit_irq_source_count";
	}
	irq_teardown(&c, irq);
	return why;
}

const char *wl_irq_disable(void)
{
	struct irq_ctx c = { 0 };
	dbt_slot_t irq = 0;
	const char *why = irq_setup(&c, &irq);
	if (!why) {
		rtc_on();
		if (wait_count(&c, 3) < 3)
			why = "no RTC interrupts";
	}
	if (!why) {
		iokit_source_disable(c.src);
		int n = iokit_gate_run(c.gate, read_count, &c);
		urt_sleep_us(100000);   /* some 25 interrupts' worth */
		int m = iokit_gate_run(c.gate, read_count, &c);
		if (m != n)
			why = "interrupts delivered while disabled";
		else if (iokit_source_enable(c.src) != IO_OK)
			why = "enable";
		else if (wait_count(&c, n + 3) < n + 3)
			why = "no interrupts after enable";
	}
	if (!why) {
		/* removing the source stops delivery for good */
		int r = iokit_source_remove(c.src);
		c.src = NULL;
		int n = iokit_gate_run(c.gate, read_count, &c);
		urt_sleep_us(50000);
		if (r != IO_OK)
			why = "remove";
		else if (iokit_gate_run(c.gate, read_count, &c) != n)
			why = "interrupts delivered after remove";
	}
	irq_teardown(&c, irq);
	return why;
}

/* ---- freeing ------------------------------------------------------------------------ */

/* A loop with every kind of source, used, then freed with them attached. */
static const char *full_cycle(void)
{
	struct irq_ctx c = { 0 };
	struct timer_ctx tc = { 0 };
	dbt_slot_t irq = 0;
	const char *why = irq_setup(&c, &irq);
	if (!why) {
		tc.loop = c.loop;
		if (iokit_timer_create(c.loop, timer_fn, &tc, &tc.t[0]) ||
		    iokit_timer_create(c.loop, timer_fn, &tc, &tc.t[1]))
			why = "timer create";
		else if (iokit_timer_arm_us(tc.t[0], 1000) || iokit_timer_arm_us(tc.t[1], 10000000))
			why = "timer arm";
	}
	if (!why) {
		rtc_on();
		if (wait_count(&c, 2) < 2)
			why = "no RTC interrupts";
		else if (iokit_gate_run(c.gate, read_count, &c) < 2)
			why = "gate";
		for (int i = 0; i < 40 && atomic_load(&tc.fired) < 1; i++)
			urt_sleep_us(5000);
		if (!why && atomic_load(&tc.fired) != 1)
			why = "timer did not fire";
	}
	rtc_off();
	if (c.loop && iokit_workloop_free(c.loop) != IO_OK && !why)
		why = "iokit_workloop_free";
	/* the IRQ is unbound: it can be bound again */
	if (!why && irq) {
		dbt_slot_t ntf = urt_ntf_create();
		if (!ntf || dbt_irq_bind(irq, ntf) != DBT_OK)
			why = "IRQ not unbound by iokit_workloop_free";
		if (irq)
			dbt_irq_bind(irq, 0);
		if (ntf)
			urt_ntf_destroy(ntf);
	}
	if (irq) {
		dbt_cap_delete(irq);
		urt_slot_free(irq);
	}
	return why;
}

const char *wl_free_leaks(void)
{
	const char *why = full_cycle();         /* warm up heap and slots */
	if (why)
		return why;
	dbt_word_t before = dbt_stat(DBT_STAT_KMEM_USED);
	for (int i = 0; i < 3; i++)
		if ((why = full_cycle()))
			return why;
	dbt_word_t after = dbt_stat(DBT_STAT_KMEM_USED);
	if (after != before) {
		static char buf[80];
		snfmt(buf, sizeof(buf), "kernel memory %lu -> %lu",
		      (unsigned long)before, (unsigned long)after);
		return buf;
	}
	return NULL;
}
