/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * syscall.c - the system-call table, dispatch, and parked calls.
 *
 * The table is syscalls.def, indexed by number: {name, handler, status}.
 * A handler gets the calling thread and the six argument registers and
 * returns the value for rax (>= 0 or -errno), or:
 *   SYS_PARKED   it called park(): the call waits (its reply capability is
 *                saved) and runs again, from the same arguments, when it is
 *                woken (wake_one/wake_all), its deadline passes, or a signal
 *                comes; t->park.wake_reason tells the handler which;
 *   SYS_NOREPLY  the thread was answered or removed already (exit, execve
 *                failure that killed it).
 * Woken calls are not run at once, inside another handler, but put on the
 * ready list that the receive loop runs between messages (syscall_run_ready):
 * a handler never sees another's half-done work.
 *
 * Every answer goes through syscall_answer, the "return to user" of this
 * server: it delivers pending signals first (signal.c), which may rewrite
 * the registers and the result (EINTR, restarts).
 *
 * Unknown and unimplemented numbers are -ENOSYS, counted per number;
 * `syscalls` on the management console lists the counts.
 */
#include "unixd.h"
#include "signal.h"
#include "timeu.h"
#include "event.h"

enum syscall_status { SYS_NOTYET, SYS_PARTIAL, SYS_DONE };

struct syscall_entry {
	const char *name;
	syscall_fn *fn;
	enum syscall_status status;
};

#define DONE(nr, name, note) long sys_##name(struct uthread *t, const uint64_t *a);
#define PARTIAL DONE
#define NOTYET(nr, name)
#include "syscalls.def"
#undef DONE
#undef PARTIAL
#undef NOTYET

static const struct syscall_entry table[SYSCALL_MAX] = {
#define DONE(nr, n, note) [nr] = { #n, sys_##n, SYS_DONE },
#define PARTIAL(nr, n, note) [nr] = { #n, sys_##n, SYS_PARTIAL },
#define NOTYET(nr, n) [nr] = { #n, NULL, SYS_NOTYET },
#include "syscalls.def"
#undef DONE
#undef PARTIAL
#undef NOTYET
};

/* The numbers by name (NR_getpid), for the quick table. */
enum {
#define DONE(nr, name, note) NR_##name = nr,
#define PARTIAL DONE
#define NOTYET(nr, name) NR_##name = nr,
#include "syscalls.def"
#undef DONE
#undef PARTIAL
#undef NOTYET
};

/* The quick calls (unixd.h's syscall_quick): the getters of the caller's
 * ids, which programs and benchmarks call most. */
syscall_fn *const syscall_quick_table[SYSCALL_QUICK_MAX] = {
	[NR_getpid] = sys_getpid, [NR_getppid] = sys_getppid, [NR_gettid] = sys_gettid,
	[NR_getuid] = sys_getuid, [NR_geteuid] = sys_geteuid, [NR_getgid] = sys_getgid,
	[NR_getegid] = sys_getegid, [NR_getpgrp] = sys_getpgrp,
};
_Static_assert(NR_gettid < SYSCALL_QUICK_MAX, "the quick table holds every quick number");
uint64_t syscall_quick_limit = SYSCALL_QUICK_MAX;

void syscall_quick_off(void)
{
	syscall_quick_limit = 0;
}

static uint32_t enosys_count[SYSCALL_MAX + 1];  /* the last: numbers beyond the table */
/* Shared with unixd.h's inline questions of the receive loop only. */
struct urt_list syscall_ready = URT_LIST_INIT;  /* woken parked calls: uthread.park.qlink */
struct urt_list park_timers = URT_LIST_INIT;    /* parked calls with a deadline, sorted */

struct uthread *unix_current;

static long syscall_run(struct uthread *t, const struct dbt_syscall_msg *m)
{
	if (m->nr < SYSCALL_MAX && table[m->nr].fn) {
		unix_current = t;
		long r = table[m->nr].fn(t, m->arg);
		unix_current = NULL;    /* the call may have ended t: nobody is current between calls */
		return r;
	}
	enosys_count[m->nr < SYSCALL_MAX ? m->nr : SYSCALL_MAX]++;
	return -LX_ENOSYS;
}

/* A call that just arrived, which the loop put in t->park.call (and set
 * in_call): the loop writes the words from the registers it received them
 * in straight there, where a parked call keeps them. */
long syscall_dispatch(struct uthread *t)
{
	t->park.wake_reason = PARK_NONE;
	t->park.data[0] = t->park.data[1] = 0;
	t->park.cleanup = NULL;
	return syscall_run(t, &t->park.call);
}

/* Answer t's call with rax; signals pending for t are delivered first.
 * The loop answers the current caller itself (reply right); this is for
 * parked calls, which hold a reply capability. */
void syscall_answer(struct uthread *t, long rax)
{
	if (!signal_before_return(t, &rax))
		return;
	dbt_mr()[0] = (dbt_word_t)rax;
	t->in_call = false;
	if (t->park.saved) {
		t->park.saved = false;
		dbt_reply_cap(t->reply, DBT_SYSCALL_REPLY_TAG);
	} else {
		dbt_reply(DBT_SYSCALL_REPLY_TAG);
	}
}

static void timer_remove(struct uthread *t)
{
	if (t->park.deadline != UINT64_MAX)
		urt_list_remove(&park_timers, &t->park.tlink);
	t->park.deadline = UINT64_MAX;
}

static void timer_insert(struct uthread *t, uint64_t deadline)
{
	t->park.deadline = deadline;
	urt_list_foreach(u, &park_timers, struct uthread, park.tlink) {
		if (u->park.deadline > deadline) {
			urt_list_insert_before(&park_timers, &u->park.tlink, &t->park.tlink);
			return;
		}
	}
	urt_list_push_back(&park_timers, &t->park.tlink);
}

long park(struct uthread *t, struct urt_list *queue, uint64_t deadline)
{
	if (!t->park.saved) {
		if (dbt_reply_save(t->reply) != DBT_OK)
			return -LX_EAGAIN;      /* cannot keep the caller: let it retry */
		t->park.saved = true;
	}
	t->park.parked = true;
	t->park.intr_result = -LX_ERESTARTSYS;  /* the handler may choose another */
	t->park.queue = queue;
	if (queue)
		urt_list_push_back(queue, &t->park.qlink);
	if (deadline != UINT64_MAX)
		timer_insert(t, deadline);
	return SYS_PARKED;
}

/* Take t off its queue and timer; it is no longer parked. */
void unpark(struct uthread *t)
{
	if (!t->park.parked)
		return;
	if (t->park.queue)
		urt_list_remove(t->park.queue, &t->park.qlink);
	t->park.queue = NULL;
	timer_remove(t);
	t->park.parked = false;
}

void wake_one(struct uthread *t, int reason)
{
	if (!t->park.parked)
		return;
	unpark(t);
	t->park.wake_reason = reason;
	urt_list_push_back(&syscall_ready, &t->park.qlink);
	t->park.on_ready = true;
}

extern struct urt_list pollers;

void wake_all(struct urt_list *queue)
{
	while (!urt_list_empty(queue))
		wake_one(urt_list_first(queue, struct uthread, park.qlink), PARK_WOKEN);
	if (queue != &pollers) {
		epoll_queue_woken(queue);       /* epoll items watching it (epoll.c) */
		wake_all(&pollers);     /* poll and select look again (poll.c) */
	}
}

/* Forget t's parked call without answering (the thread is going away). */
void park_cancel(struct uthread *t)
{
	if (t->park.parked && t->park.cleanup)
		t->park.cleanup(t);
	unpark(t);
	if (t->park.on_ready) {
		urt_list_remove(&syscall_ready, &t->park.qlink);
		t->park.on_ready = false;
	}
	if (t->park.saved) {
		dbt_cap_delete(t->reply);
		t->park.saved = false;
	}
}

/* Run the woken calls again, answering those that finish. */
void syscall_run_ready(void)
{
	while (!urt_list_empty(&syscall_ready)) {
		struct uthread *t = urt_list_first(&syscall_ready, struct uthread, park.qlink);
		urt_list_remove(&syscall_ready, &t->park.qlink);
		t->park.on_ready = false;
		long r;
		if (t->park.has_result) {
			t->park.has_result = false;
			r = t->park.result;
		} else if (t->park.wake_reason == PARK_SIGNAL && !t->park.sleeps_through_signals) {
			r = t->park.intr_result;
			if (t->park.cleanup)
				t->park.cleanup(t);
			time_sleep_interrupted(t);
		} else {
			dbt_word_t badge = UTHREAD_BADGE(t->index, t->gen);
			r = syscall_run(t, &t->park.call);
			if (uthread_by_badge(badge) != t)
				continue;       /* the call ended its own thread */
		}
		if (r != SYS_PARKED && r != SYS_NOREPLY)
			syscall_answer(t, r);
	}
}

void park_expire(uint64_t now)
{
	while (!urt_list_empty(&park_timers)) {
		struct uthread *t = urt_list_first(&park_timers, struct uthread, park.tlink);
		if (t->park.deadline > now)
			break;
		wake_one(t, PARK_TIMEOUT);
	}
}

/* Interrupt t's parked call for a signal: it ends with its interrupted
 * result (-ERESTARTSYS unless the handler chose another), and the answer
 * delivers the signal. */
void park_interrupt(struct uthread *t)
{
	if (t->park.parked && !t->park.sleeps_through_signals)
		wake_one(t, PARK_SIGNAL);
}

void syscall_print_enosys(void)
{
	unsigned n = 0;
	for (unsigned i = 0; i <= SYSCALL_MAX; i++) {
		if (!enosys_count[i])
			continue;
		uprintf("  %3u %-24s %u\n", i, i < SYSCALL_MAX && table[i].name ? table[i].name : "?",
		        enosys_count[i]);
		n++;
	}
	if (!n)
		uprintf("  no ENOSYS answers\n");
}

const char *syscall_name(uint64_t nr)
{
	return nr < SYSCALL_MAX && table[nr].name ? table[nr].name : "?";
}
