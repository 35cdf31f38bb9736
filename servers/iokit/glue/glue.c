/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * glue.c - the glue library over the component runtime (glue.h,
 * docs/IOKIT.md "Glue library"): locks, recursive locks, semaphores,
 * sleep/wake-up on event addresses, threads, callouts, memory, logging.
 * Device access is in io.c, DMA buffers in dma.c, the module-driver
 * service functions in service.c, the ABI table in abi.c.
 */
#include "urt.h"
#include "glue_abi.h"

static int glue_err(int e)
{
	switch (e) {
	case URT_OK:		return IOKIT_OK;
	case URT_ENOMEM:	return IOKIT_ENOMEM;
	case URT_EINVAL:	return IOKIT_EINVAL;
	case URT_EBUSY:		return IOKIT_EBUSY;
	case URT_ETIMEDOUT:	return IOKIT_ETIMEDOUT;
	case URT_EDEADLK:	return IOKIT_EDEADLK;
	case URT_EPERM:		return IOKIT_EPERM;
	default:		return IOKIT_EFAIL;
	}
}

/* ---- memory and logging ---- */

void *iokit_malloc(size_t size)
{
	return malloc(size);
}

void iokit_free(void *p)
{
	if (p)
		free(p);
}

static const char *log_prefix = "iokit";

void iokit_glue_set_log_prefix(const char *prefix)
{
	log_prefix = prefix ? prefix : "iokit";
}

/* One line, cut to IOKIT_LOG_MAX bytes, written in one piece. */
#define IOKIT_LOG_MAX 256

void iokit_log(const char *msg)
{
	char line[IOKIT_LOG_MAX];
	int n;

	n = snfmt(line, sizeof(line) - 1, "%s: %s", log_prefix, msg ? msg : "(null)");
	if (n < 0)
		return;
	if ((size_t)n > sizeof(line) - 2)
		n = sizeof(line) - 2;
	while (n && line[n - 1] == '\n')
		n--;
	line[n++] = '\n';
	line[n] = 0;
	uprintf("%s", line);
}

void iokit_logf(const char *fmt, ...)
{
	char msg[IOKIT_LOG_MAX];
	va_list ap;

	if (!fmt) {
		iokit_log(NULL);
		return;
	}
	va_start(ap, fmt);
	vsnfmt(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	iokit_log(msg);
}

/* ---- locks ---- */

struct iokit_lock {
	urt_mutex_t m;
};

iokit_lock_t *iokit_lock_alloc(void)
{
	iokit_lock_t *l = calloc(1, sizeof(*l));

	if (l && urt_mutex_init(&l->m)) {
		free(l);
		return NULL;
	}
	return l;
}

void iokit_lock_free(iokit_lock_t *l)
{
	if (!l)
		return;
	urt_mutex_destroy(&l->m);
	free(l);
}

int iokit_lock_lock(iokit_lock_t *l)
{
	return l ? glue_err(urt_mutex_lock(&l->m)) : IOKIT_EINVAL;
}

int iokit_lock_trylock(iokit_lock_t *l)
{
	return l ? glue_err(urt_mutex_trylock(&l->m)) : IOKIT_EINVAL;
}

int iokit_lock_unlock(iokit_lock_t *l)
{
	return l ? glue_err(urt_mutex_unlock(&l->m)) : IOKIT_EINVAL;
}

/* ---- recursive locks: owner and depth are written only by the holder ---- */

struct iokit_rlock {
	urt_mutex_t m;
	urt_thread_t *_Atomic owner;
	unsigned depth;
};

iokit_rlock_t *iokit_rlock_alloc(void)
{
	iokit_rlock_t *r = calloc(1, sizeof(*r));

	if (r && urt_mutex_init(&r->m)) {
		free(r);
		return NULL;
	}
	return r;
}

void iokit_rlock_free(iokit_rlock_t *r)
{
	if (!r)
		return;
	urt_mutex_destroy(&r->m);
	free(r);
}

static int rlock_take(iokit_rlock_t *r, bool try)
{
	urt_thread_t *self = urt_thread_self();
	int e;

	if (!r)
		return IOKIT_EINVAL;
	if (atomic_load(&r->owner) == self) {
		if (r->depth == ~0u)
			return IOKIT_EINVAL;
		r->depth++;
		return IOKIT_OK;
	}
	e = try ? urt_mutex_trylock(&r->m) : urt_mutex_lock(&r->m);
	if (e)
		return glue_err(e);
	atomic_store(&r->owner, self);
	r->depth = 1;
	return IOKIT_OK;
}

int iokit_rlock_lock(iokit_rlock_t *r)
{
	return rlock_take(r, false);
}

int iokit_rlock_trylock(iokit_rlock_t *r)
{
	return rlock_take(r, true);
}

int iokit_rlock_unlock(iokit_rlock_t *r)
{
	if (!r)
		return IOKIT_EINVAL;
	if (atomic_load(&r->owner) != urt_thread_self())
		return IOKIT_EPERM;
	if (--r->depth == 0) {
		atomic_store(&r->owner, NULL);
		return glue_err(urt_mutex_unlock(&r->m));
	}
	return IOKIT_OK;
}

bool iokit_rlock_owned(iokit_rlock_t *r)
{
	return r && atomic_load(&r->owner) == urt_thread_self();
}

unsigned iokit_rlock_depth(iokit_rlock_t *r)
{
	return iokit_rlock_owned(r) ? r->depth : 0;
}

/* ---- semaphores ---- */

struct iokit_sem {
	urt_sem_t s;
};

iokit_sem_t *iokit_sem_alloc(unsigned count)
{
	iokit_sem_t *s = calloc(1, sizeof(*s));

	if (s && urt_sem_init(&s->s, count)) {
		free(s);
		return NULL;
	}
	return s;
}

void iokit_sem_free(iokit_sem_t *s)
{
	if (!s)
		return;
	urt_sem_destroy(&s->s);
	free(s);
}

int iokit_sem_wait(iokit_sem_t *s)
{
	return s ? glue_err(urt_sem_wait(&s->s)) : IOKIT_EINVAL;
}

int iokit_sem_timedwait(iokit_sem_t *s, uint64_t timeout_us)
{
	if (!s)
		return IOKIT_EINVAL;
	if (timeout_us == IOKIT_FOREVER)
		return glue_err(urt_sem_wait(&s->s));
	return glue_err(urt_sem_timedwait(&s->s, timeout_us));
}

int iokit_sem_trywait(iokit_sem_t *s)
{
	return s ? glue_err(urt_sem_trywait(&s->s)) : IOKIT_EINVAL;
}

int iokit_sem_signal(iokit_sem_t *s)
{
	return s ? glue_err(urt_sem_post(&s->s)) : IOKIT_EINVAL;
}

/*
 * ---- sleep / wake-up ----
 * A fixed hash of wait queues keyed by event address.  Each bucket has a
 * mutex, a condition variable and a FIFO of sleepers (on their stacks).
 * A wake-up marks the matching sleepers and broadcasts the bucket's
 * condition; sleepers of other events in the bucket see they were not
 * marked and wait again.
 */
#define WAITQ_BITS 6
#define WAITQ_COUNT (1u << WAITQ_BITS)

struct sleeper {
	const void *event;
	bool woken;
	struct urt_link link;		/* on its waitq's sleepers */
};

static struct waitq {
	urt_mutex_t lock;		/* all zero = URT_MUTEX_INIT */
	urt_cond_t cond;		/* all zero = URT_COND_INIT */
	struct urt_list sleepers;	/* guarded by lock; all zero = empty */
} waitqs[WAITQ_COUNT];

static struct waitq *waitq_of(const void *event)
{
	uint64_t h = ((uint64_t)(uintptr_t)event >> 3) * 0x9e3779b97f4a7c15ull;

	return &waitqs[h >> (64 - WAITQ_BITS)];
}

int iokit_sleep(const void *event, iokit_lock_t *lock, uint64_t timeout_us)
{
	struct waitq *q = waitq_of(event);
	struct sleeper me = { .event = event };
	uint64_t deadline = timeout_us ? urt_now_us() + timeout_us : 0;
	int e = URT_OK;

	urt_mutex_lock(&q->lock);
	urt_list_push_back(&q->sleepers, &me.link);
	/* A wake-up after this point needs q->lock, so it sees us queued. */
	if (lock && urt_mutex_unlock(&lock->m)) {
		urt_list_remove(&q->sleepers, &me.link);
		urt_mutex_unlock(&q->lock);
		return IOKIT_EPERM;
	}
	while (!me.woken && e != URT_ETIMEDOUT) {
		if (deadline)
			e = urt_cond_wait_until(&q->cond, &q->lock, deadline);
		else
			e = urt_cond_wait(&q->cond, &q->lock);
		if (e && e != URT_ETIMEDOUT)
			break;
	}
	urt_list_remove(&q->sleepers, &me.link);
	urt_mutex_unlock(&q->lock);
	if (lock)
		urt_mutex_lock(&lock->m);
	if (me.woken)
		return IOKIT_OK;
	return e ? glue_err(e) : IOKIT_ETIMEDOUT;
}

static unsigned wakeup(const void *event, bool one)
{
	struct waitq *q = waitq_of(event);
	unsigned n = 0;

	urt_mutex_lock(&q->lock);
	urt_list_foreach(s, &q->sleepers, struct sleeper, link) {
		if (s->event != event || s->woken)
			continue;
		s->woken = true;
		n++;
		if (one)
			break;
	}
	if (n)
		urt_cond_broadcast(&q->cond);
	urt_mutex_unlock(&q->lock);
	return n;
}

unsigned iokit_wakeup(const void *event)
{
	return wakeup(event, false);
}

unsigned iokit_wakeup_one(const void *event)
{
	return wakeup(event, true);
}

/* ---- threads and time ---- */

struct iokit_thread {
	urt_thread_t *t;
	void (*fn)(void *);
	void *arg;
};

static void *thread_entry(void *p)
{
	iokit_thread_t *t = p;

	t->fn(t->arg);
	return NULL;
}

iokit_thread_t *iokit_thread_start(void (*fn)(void *arg), void *arg)
{
	iokit_thread_t *t;

	if (!fn || !(t = calloc(1, sizeof(*t))))
		return NULL;
	t->fn = fn;
	t->arg = arg;
	if (urt_thread_create(&t->t, thread_entry, t, URT_PRIO_INHERIT)) {
		free(t);
		return NULL;
	}
	return t;
}

int iokit_thread_join(iokit_thread_t *t)
{
	int e;

	if (!t)
		return IOKIT_EINVAL;
	e = urt_thread_join(t->t, NULL);
	if (!e)
		free(t);
	return glue_err(e);
}

void iokit_delay_us(uint64_t us)
{
	urt_sleep_us(us);
}

uint64_t iokit_uptime_us(void)
{
	return urt_now_us();
}

/* ---- callouts: one-shot runtime timers ---- */

struct iokit_callout {
	struct urt_timer timer;
};

iokit_callout_t *iokit_callout_create(void (*fn)(void *arg), void *arg)
{
	iokit_callout_t *c;

	if (!fn || !(c = calloc(1, sizeof(*c))))
		return NULL;
	urt_timer_init(&c->timer, fn, arg);
	return c;
}

bool iokit_callout_schedule(iokit_callout_t *c, uint64_t delay_us)
{
	/* Disarm first (waiting out a running fn) to learn whether it was
	 * pending, then arm it afresh. */
	bool pending;

	if (!c)
		return false;
	pending = urt_timer_cancel(&c->timer);
	if (urt_timer_start(&c->timer, delay_us, 0))
		iokit_log("callout: cannot start the timer thread");
	return pending;
}

bool iokit_callout_cancel(iokit_callout_t *c)
{
	return c ? urt_timer_cancel(&c->timer) : false;
}

void iokit_callout_free(iokit_callout_t *c)
{
	if (!c)
		return;
	urt_timer_cancel(&c->timer);
	free(c);
}
