/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * idltest.h - the interface compiler's round-trip test and benchmark (a root
 * task): generated stubs (demo.idl) between the root task and a server in a
 * child task.  `mode=bench` on the module's command line runs the benchmark.
 */
#ifndef IDLTEST_H
#define IDLTEST_H

#include "urt.h"
#include "demo.h"

#define CHILD_CSPACE_ORDER 5            /* 32 slots */
#define C_SELF   1                      /* child slots: its own thread */
#define C_EP     2                      /* the endpoint it serves */
#define C_NTF    3                      /* a notification it hands out */
#define C_WINDOW 8                      /* capability receive window: 8..15 */
#define C_WINDOW_ORDER 3

struct thr {
	dbt_slot_t task;                /* 0: a thread of the root task */
	dbt_slot_t thread;
	dbt_word_t *stack;
};

void die(const char *what, dbt_word_t err) __attribute__((noreturn));
#define CHECK(what, call) do { dbt_word_t e_ = (call); if (e_) die(what, e_); } while (0)

void threads_init(void);
void thr_create(struct thr *t, bool own);
void thr_start(struct thr *t, void (*fn)(dbt_word_t), dbt_word_t arg);

/* server.c: start the demo server in a new task serving ep; ntf is handed out. */
void server_start(dbt_slot_t ep, dbt_slot_t ntf);
extern struct dbt_idl_region server_region;
extern volatile dbt_word_t server_exit_err;

void run_tests(dbt_slot_t ep, dbt_slot_t raw_ep, dbt_slot_t ntf);
void run_bench(dbt_slot_t ep);

#endif
