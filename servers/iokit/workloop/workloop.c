/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * iokit/workloop/workloop.c - work loops and event sources (workloop.h).
 *
 * The source list, timer state and IRQ pending flags belong to the loop
 * thread alone: other threads reach them only through a gate request, which
 * the loop runs between waits.  The request queue is the one piece of
 * shared state, guarded by loop->lock; callers wait for completion on
 * loop->done.  Bit 0 of the loop's notification is the wake-up (dbt_signal
 * through the unbadged capability); interrupt source i has bit i.
 */
#include "urt.h"
#include "workloop.h"

enum wl_kind { WL_IRQ = 1, WL_TIMER, WL_GATE };

struct iokit_source {
	struct iokit_workloop *loop;
	struct urt_link link;           /* on loop->sources */
	enum wl_kind kind;
	bool enabled;
	void *arg;
	/* interrupt source */
	iokit_irq_handler_t *handler;
	dbt_slot_t irq, bound;          /* the IRQ, the badged notification copy */
	unsigned bit;
	bool pending;
	uint64_t count;
	/* timer source */
	iokit_timer_fn_t *fn;
	uint64_t deadline;
	bool armed;
};

struct wl_req {
	struct urt_link link;           /* on loop->queue until the loop takes it */
	struct iokit_source *gate;      /* NULL: internal request */
	iokit_action_t *fn;
	void *arg;
	int result;
	bool done;
};

struct iokit_workloop {
	urt_thread_t *thread;
	urt_thread_t *_Atomic self;     /* set by the loop thread */
	dbt_slot_t ntf;
	urt_mutex_t lock;               /* guards the queue and stopping */
	urt_cond_t done;
	struct urt_list queue;          /* of struct wl_req, FIFO */
	bool stopping;
	struct urt_list sources;        /* newest first; loop thread only */
	uint64_t irq_bits;              /* bits in use; loop thread only */
};

bool iokit_workloop_in_loop(const struct iokit_workloop *loop)
{
	return loop && atomic_load(&loop->self) == urt_thread_self();
}

/* ---- requests --------------------------------------------------------------------- */

/* Run fn(arg) on the loop: directly on the loop thread, else queued. */
static int wl_exec(struct iokit_workloop *loop, struct iokit_source *gate,
                   iokit_action_t *fn, void *arg)
{
	if (iokit_workloop_in_loop(loop)) {
		if (gate && !gate->enabled)
			return IO_ESTATE;
		return fn(arg);
	}
	struct wl_req r = { .gate = gate, .fn = fn, .arg = arg };
	urt_mutex_lock(&loop->lock);
	if (loop->stopping) {
		urt_mutex_unlock(&loop->lock);
		return IO_ESTATE;
	}
	urt_list_push_back(&loop->queue, &r.link);
	urt_mutex_unlock(&loop->lock);
	dbt_signal(loop->ntf);
	urt_mutex_lock(&loop->lock);
	while (!r.done)
		urt_cond_wait(&loop->done, &loop->lock);
	urt_mutex_unlock(&loop->lock);
	return r.result;
}

/* Loop thread: run every queued request; true if the loop is stopping. */
static bool wl_drain(struct iokit_workloop *loop)
{
	for (;;) {
		urt_mutex_lock(&loop->lock);
		struct wl_req *r = urt_list_entry(urt_list_pop_front(&loop->queue),
						  struct wl_req, link);
		if (!r) {
			bool stop = loop->stopping;
			urt_mutex_unlock(&loop->lock);
			return stop;
		}
		urt_mutex_unlock(&loop->lock);
		int res = r->gate && !r->gate->enabled ? IO_ESTATE : r->fn(r->arg);
		urt_mutex_lock(&loop->lock);
		r->result = res;
		r->done = true;
		urt_cond_broadcast(&loop->done);
		urt_mutex_unlock(&loop->lock);
	}
}

/* ---- the loop ----------------------------------------------------------------------- */

static void wl_run_timers(struct iokit_workloop *loop)
{
	bool again = true;
	while (again) {                 /* a callback may change the list */
		again = false;
		uint64_t now = urt_now_us();
		struct iokit_source *due = NULL;
		urt_list_foreach(s, &loop->sources, struct iokit_source, link)
			if (s->kind == WL_TIMER && s->enabled && s->armed && s->deadline <= now &&
			    (!due || s->deadline < due->deadline))
				due = s;
		if (due) {
			due->armed = false;
			due->fn(due, due->arg);
			again = true;
		}
	}
}

static uint32_t wl_timeout(struct iokit_workloop *loop)
{
	uint64_t next = UINT64_MAX, now;
	urt_list_foreach(s, &loop->sources, struct iokit_source, link)
		if (s->kind == WL_TIMER && s->enabled && s->armed && s->deadline < next)
			next = s->deadline;
	if (next == UINT64_MAX)
		return DBT_TIMEOUT_NEVER;
	now = urt_now_us();
	if (next <= now)
		return DBT_TIMEOUT_POLL;
	if (next - now >= DBT_TIMEOUT_NEVER)
		return DBT_TIMEOUT_NEVER - 1;
	return (uint32_t)(next - now);
}

/* The handler may remove its own source (or others): nothing of s is used
 * after it returns but the IRQ slot, which stays the driver's. */
static void wl_irq_deliver(struct iokit_source *s)
{
	dbt_slot_t irq = s->irq;
	s->pending = false;
	s->count++;
	s->handler(s, s->arg);
	dbt_irq_ack(irq);
}

static void wl_run_irqs(struct iokit_workloop *loop, dbt_word_t bits)
{
	for (unsigned bit = 1; bit <= IOKIT_WL_MAX_IRQS; bit++) {
		if (!(bits & (1ull << bit)))
			continue;
		struct iokit_source *s = urt_list_first(&loop->sources, struct iokit_source, link);
		while (s && !(s->kind == WL_IRQ && s->bit == bit))
			s = urt_list_next(s, struct iokit_source, link);
		if (!s)
			continue;
		if (s->enabled)
			wl_irq_deliver(s);
		else
			s->pending = true;
	}
}

static void *wl_main(void *arg)
{
	struct iokit_workloop *loop = arg;
	atomic_store(&loop->self, urt_thread_self());
	for (;;) {
		if (wl_drain(loop))
			break;
		wl_run_timers(loop);
		dbt_word_t bits = 0;
		if (dbt_wait(loop->ntf, &bits, wl_timeout(loop)) == DBT_OK)
			wl_run_irqs(loop, bits);
	}
	return NULL;
}

int iokit_workloop_create(struct iokit_workloop **loopp, int prio)
{
	struct iokit_workloop *loop = calloc(1, sizeof(*loop));
	if (!loop)
		return IO_ENOMEM;
	if (urt_mutex_init(&loop->lock))
		goto no_lock;
	if (urt_cond_init(&loop->done))
		goto no_cond;
	loop->ntf = urt_ntf_create();
	if (!loop->ntf)
		goto no_ntf;
	if (urt_thread_create(&loop->thread, wl_main, loop, prio))
		goto no_thread;
	*loopp = loop;
	return IO_OK;
no_thread:
	urt_ntf_destroy(loop->ntf);
no_ntf:
	urt_cond_destroy(&loop->done);
no_cond:
	urt_mutex_destroy(&loop->lock);
no_lock:
	free(loop);
	return IO_ENOMEM;
}

static void wl_release(struct iokit_source *s)
{
	if (s->kind == WL_IRQ) {
		dbt_irq_bind(s->irq, 0);
		dbt_cap_delete(s->bound);
		urt_slot_free(s->bound);
		s->loop->irq_bits &= ~(1ull << s->bit);
	}
	free(s);
}

int iokit_workloop_free(struct iokit_workloop *loop)
{
	if (!loop)
		return IO_EINVAL;
	if (iokit_workloop_in_loop(loop))
		return IO_ESTATE;
	urt_mutex_lock(&loop->lock);
	loop->stopping = true;
	urt_mutex_unlock(&loop->lock);
	dbt_signal(loop->ntf);
	urt_thread_join(loop->thread, NULL);
	/* the loop drained the queue before it ended; no new requests since */
	struct urt_link *l;
	while ((l = urt_list_pop_front(&loop->sources)))
		wl_release(urt_list_entry(l, struct iokit_source, link));
	urt_ntf_destroy(loop->ntf);
	urt_cond_destroy(&loop->done);
	urt_mutex_destroy(&loop->lock);
	free(loop);
	return IO_OK;
}

/* ---- sources ------------------------------------------------------------------------- */

static int wl_attach(void *arg)
{
	struct iokit_source *s = arg;
	struct iokit_workloop *loop = s->loop;
	if (s->kind == WL_IRQ) {
		unsigned bit;
		for (bit = 1; bit <= IOKIT_WL_MAX_IRQS; bit++)
			if (!(loop->irq_bits & (1ull << bit)))
				break;
		if (bit > IOKIT_WL_MAX_IRQS)
			return IO_EBUSY;
		s->bound = urt_slot_alloc();
		if (!s->bound)
			return IO_ENOMEM;
		if (dbt_cap_copy(loop->ntf, s->bound, DBT_CAP_WRITE, 1ull << bit)) {
			urt_slot_free(s->bound);
			return IO_ENOMEM;
		}
		if (dbt_irq_bind(s->irq, s->bound)) {
			dbt_cap_delete(s->bound);
			urt_slot_free(s->bound);
			return IO_EINVAL;
		}
		s->bit = bit;
		loop->irq_bits |= 1ull << bit;
	}
	urt_list_push_front(&loop->sources, &s->link);
	return IO_OK;
}

static int wl_add(struct iokit_workloop *loop, struct iokit_source *s, struct iokit_source **out)
{
	s->loop = loop;
	s->enabled = true;
	int err = wl_exec(loop, NULL, wl_attach, s);
	if (err) {
		free(s);
		return err;
	}
	*out = s;
	return IO_OK;
}

int iokit_irq_source_create(struct iokit_workloop *loop, dbt_slot_t irq,
                            iokit_irq_handler_t *handler, void *arg,
                            struct iokit_source **src)
{
	if (!loop || !handler || !src || !irq)
		return IO_EINVAL;
	struct iokit_source *s = calloc(1, sizeof(*s));
	if (!s)
		return IO_ENOMEM;
	s->kind = WL_IRQ;
	s->irq = irq;
	s->handler = handler;
	s->arg = arg;
	return wl_add(loop, s, src);
}

uint64_t iokit_irq_source_count(const struct iokit_source *src)
{
	return src ? src->count : 0;
}

int iokit_timer_create(struct iokit_workloop *loop, iokit_timer_fn_t *fn, void *arg,
                       struct iokit_source **src)
{
	if (!loop || !fn || !src)
		return IO_EINVAL;
	struct iokit_source *s = calloc(1, sizeof(*s));
	if (!s)
		return IO_ENOMEM;
	s->kind = WL_TIMER;
	s->fn = fn;
	s->arg = arg;
	return wl_add(loop, s, src);
}

int iokit_gate_create(struct iokit_workloop *loop, struct iokit_source **gate)
{
	if (!loop || !gate)
		return IO_EINVAL;
	struct iokit_source *s = calloc(1, sizeof(*s));
	if (!s)
		return IO_ENOMEM;
	s->kind = WL_GATE;
	return wl_add(loop, s, gate);
}

int iokit_gate_run(struct iokit_source *gate, iokit_action_t *fn, void *arg)
{
	if (!gate || gate->kind != WL_GATE || !fn)
		return IO_EINVAL;
	return wl_exec(gate->loop, gate, fn, arg);
}

struct wl_timer_op {
	struct iokit_source *s;
	uint64_t deadline;
	bool relative;
};

static int wl_arm(void *arg)
{
	struct wl_timer_op *op = arg;
	op->s->deadline = op->relative ? urt_now_us() + op->deadline : op->deadline;
	op->s->armed = true;
	return IO_OK;
}

static int wl_cancel(void *arg)
{
	struct iokit_source *s = arg;
	bool was = s->armed;
	s->armed = false;
	return was;
}

static int wl_timer_arm(struct iokit_source *s, uint64_t t, bool relative)
{
	if (!s || s->kind != WL_TIMER)
		return IO_EINVAL;
	struct wl_timer_op op = { s, t, relative };
	return wl_exec(s->loop, NULL, wl_arm, &op);
}

int iokit_timer_arm_at(struct iokit_source *src, uint64_t deadline_us)
{
	return wl_timer_arm(src, deadline_us, false);
}

int iokit_timer_arm_us(struct iokit_source *src, uint64_t delay_us)
{
	return wl_timer_arm(src, delay_us, true);
}

int iokit_timer_cancel(struct iokit_source *src)
{
	if (!src || src->kind != WL_TIMER)
		return IO_EINVAL;
	return wl_exec(src->loop, NULL, wl_cancel, src);
}

static int wl_enable(void *arg)
{
	struct iokit_source *s = arg;
	s->enabled = true;
	if (s->kind == WL_IRQ && s->pending)
		wl_irq_deliver(s);
	return IO_OK;
}

static int wl_disable(void *arg)
{
	((struct iokit_source *)arg)->enabled = false;
	return IO_OK;
}

static int wl_detach(void *arg)
{
	struct iokit_source *s = arg;
	urt_list_foreach(t, &s->loop->sources, struct iokit_source, link)
		if (t == s) {
			urt_list_remove(&s->loop->sources, &s->link);
			wl_release(s);
			return IO_OK;
		}
	return IO_ENOENT;
}

int iokit_source_enable(struct iokit_source *src)
{
	return src ? wl_exec(src->loop, NULL, wl_enable, src) : IO_EINVAL;
}

int iokit_source_disable(struct iokit_source *src)
{
	return src ? wl_exec(src->loop, NULL, wl_disable, src) : IO_EINVAL;
}

int iokit_source_remove(struct iokit_source *src)
{
	return src ? wl_exec(src->loop, NULL, wl_detach, src) : IO_EINVAL;
}
