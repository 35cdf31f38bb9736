/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * hostile.h - what the hostile-process test programs share
 * (tests/qemu/unixhostile): Linux programs built with musl-gcc -static.
 *
 *   common.c  time, marks (the runner reads unixd's memory at each), a
 *             child's end in words, running a program
 *   worker.c  the worker: known work with known answers, run beside the
 *             fuzzer and the fork bomb
 */
#ifndef HOSTILE_H
#define HOSTILE_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/* ---- common.c ---- */
uint64_t now_ms(void);
void sleep_ms(unsigned ms);
/* "HOSTILE MARK name" on the console, then a pause while the runner types
 * `ps unixd` and unixd answers: nothing may change meanwhile. */
void mark(const char *name);
/* Make what a process keeps once made, before a baseline: its table of
 * pending siginfo (a signal queued while blocked, as SIGCHLD is while
 * musl's fork blocks signals) and its first child's state. */
void warm_up(void);
/* fork + execve path with argv, wait: its wait status, or -errno of fork. */
int run_program(const char *path, char *const argv[]);
/* A wait status in words ("exit 0", "signal 9"). */
const char *status_text(int status, char *buf, size_t n);

/* ---- worker.c ---- */
struct worker {
	pid_t pid;
	int ctl, st;            /* commands to it, answers from it */
};

struct worker_result {
	uint64_t rounds;        /* pipe round trips with its echo child */
	uint64_t programs;      /* /bin/true and /bin/false run and waited for */
	uint64_t files;         /* file write + read-back checks */
	uint64_t refused;       /* forks refused with EAGAIN or ENOMEM (not an error) */
	uint64_t wrong;         /* answers that were not the expected ones */
	char first_error[120];
};

/* Start the worker: it makes its echo child, does one round of each kind
 * of work, and waits for 'g' (go) - so that its memory is in place before
 * a baseline is taken.  Commands: 'g' work until the next command;
 * 'p' pause (answered once it waits again, its work done). */
int worker_start(struct worker *w);
void worker_command(struct worker *w, char cmd);
/* End it: its results; false if it did not answer or end cleanly. */
bool worker_stop(struct worker *w, struct worker_result *r);

#endif
