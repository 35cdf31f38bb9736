/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * ktest.h - the kernel API test suite's framework.
 *
 * A test is `KTEST(suite, name) { ... }`.  Each test runs with a fresh
 * kernel-memory quota (slot `T_QUOTA`) from which it creates its objects;
 * afterwards the framework destroys that quota - and with it everything the
 * test created - and fails the test if the kernel pool did not return to
 * its level before the test (a leak).  Results are printed as
 * `TEST <suite>/<name> PASS` or `TEST <suite>/<name> FAIL <where>: <why>`.
 *
 * Children: ktest_child_* make a thread in a new task (its own address
 * space, lazily paged by the framework's pager, which maps the root task's
 * page at the same address, so code and globals are shared) or in the root
 * task itself (ktest_local_*).  A child runs fn(arg) and then stops.
 */
#ifndef KTEST_H
#define KTEST_H

#include "urt.h"

struct ktest {
	const char *suite, *name;
	void (*fn)(void);
};

#define KTEST(suite, name)                                                     \
	static void ktest_##suite##_##name(void);                              \
	static const struct ktest ktest_desc_##suite##_##name                   \
		__attribute__((used, section("ktests"), aligned(8))) = {      \
		#suite, #name, ktest_##suite##_##name };                       \
	static void ktest_##suite##_##name(void)

extern dbt_slot_t T_QUOTA;              /* the current test's quota */

void ktest_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
extern bool ktest_failed;

#define EXPECT(cond)                                                            \
	do {                                                                    \
		if (!(cond)) {                                                  \
			ktest_fail(__FILE__, __LINE__, "%s", #cond);            \
			return;                                                 \
		}                                                               \
	} while (0)

#define EXPECT_EQ(a, b)                                                         \
	do {                                                                    \
		dbt_word_t a_ = (dbt_word_t)(a), b_ = (dbt_word_t)(b);          \
		if (a_ != b_) {                                                 \
			ktest_fail(__FILE__, __LINE__, "%s == %lx, expected %s == %lx", \
			           #a, a_, #b, b_);                             \
			return;                                                 \
		}                                                               \
	} while (0)

#define EXPECT_OK(call) EXPECT_EQ((call), DBT_OK)

/* ---- helpers --------------------------------------------------------------- */

/* A new slot in the root task's capability space (freed after the test). */
dbt_slot_t kslot(void);
/* Create an object of type from the test quota into a new slot. */
dbt_slot_t kcreate(unsigned type, dbt_word_t a, dbt_word_t b);

struct kchild {
	dbt_slot_t task;        /* the child's task (root's slot), 0 for local threads */
	dbt_slot_t thread;      /* the thread (root's slot) */
	volatile int done;      /* set when fn returned */
	void (*fn)(dbt_word_t);
	dbt_word_t arg;
	void *stack;
	unsigned utcb_idx;
};

#define CHILD_SLOT_SELF  1      /* in a child task: its own thread */
#define CHILD_SLOT_FIRST 2      /* first slot for ktest_child_give */

/* Thread in a new task, paged by the framework; created stopped. */
dbt_word_t ktest_child(struct kchild *c, void (*fn)(dbt_word_t), dbt_word_t arg);
/* Thread in the root task (same address space); created stopped. */
dbt_word_t ktest_local(struct kchild *c, void (*fn)(dbt_word_t), dbt_word_t arg);
/* A server loop on ep for ever: each message received goes to handle
 * (its tag, the message registers); true answers it with *tag and the
 * words handle left there, false leaves the caller waiting. */
void ktest_serve(dbt_slot_t ep, bool (*handle)(dbt_word_t *tag, dbt_word_t *mr));
dbt_word_t ktest_start(struct kchild *c);
/* Copy a capability into the child's task at slot dst. */
dbt_word_t ktest_give(struct kchild *c, dbt_slot_t src, dbt_slot_t dst, unsigned rights);
/* Wait (yielding / sleeping) until the child's fn returned; false on timeout. */
bool ktest_join(struct kchild *c, unsigned ms);
/* Sleep in the root thread. */
void ksleep_ms(unsigned ms);

/* The framework's pager endpoint (children fault to it). */
extern dbt_slot_t ktest_pager_ep;
/* Scratch pages for tests: mapped read-write in the root task. */
extern uint8_t *ktest_scratch;
#define KTEST_SCRATCH_PAGES 64

#endif
