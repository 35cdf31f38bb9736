/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * sigset.h (unixd) - signal sets and what each signal does by default.
 *
 * A set is the kernel's 64-bit lx_sigset_t: bit (sig - 1) for signal sig.
 * The helpers take and return sets by value and never fail: a signal
 * number outside 1..64 (sig_is_valid) adds, removes and finds nothing, so
 * a system call checks it first and answers EINVAL itself.
 *
 * The default actions are signal(7)'s table, which is also Linux's
 * (include/linux/signal.h: SIG_KERNEL_COREDUMP_MASK, _STOP_MASK,
 * _IGNORE_MASK); every signal the masks do not name terminates, the
 * real-time ones included.  SIGCONT's default is SIG_ACT_CONT: it resumes
 * a stopped process (whatever its action) and is otherwise ignored.
 *
 * sig_mask_fix is the rule every change of the blocked mask follows
 * (set_current_blocked): SIGKILL and SIGSTOP cannot be blocked.
 * sigset_on_delivery is the mask a handler runs with (signal_delivered).
 */
#ifndef UNIX_SIGSET_H
#define UNIX_SIGSET_H

#include <stdbool.h>
#include <stdint.h>
#include "lx_signal.h"

#define SIG_BIT(sig)    (1ull << ((sig) - 1))

#define SIG_UNBLOCKABLE (SIG_BIT(LX_SIGKILL) | SIG_BIT(LX_SIGSTOP))
#define SIG_CORE_MASK   (SIG_BIT(LX_SIGQUIT) | SIG_BIT(LX_SIGILL) | SIG_BIT(LX_SIGTRAP) | \
			 SIG_BIT(LX_SIGABRT) | SIG_BIT(LX_SIGBUS) | SIG_BIT(LX_SIGFPE) |   \
			 SIG_BIT(LX_SIGSEGV) | SIG_BIT(LX_SIGXCPU) | SIG_BIT(LX_SIGXFSZ) | \
			 SIG_BIT(LX_SIGSYS))
#define SIG_STOP_MASK   (SIG_BIT(LX_SIGSTOP) | SIG_BIT(LX_SIGTSTP) | SIG_BIT(LX_SIGTTIN) | \
			 SIG_BIT(LX_SIGTTOU))
#define SIG_IGNORE_MASK (SIG_BIT(LX_SIGCHLD) | SIG_BIT(LX_SIGURG) | SIG_BIT(LX_SIGWINCH))

enum sig_default_action {
	SIG_ACT_TERM,           /* the process ends */
	SIG_ACT_CORE,           /* the process ends and dumps core */
	SIG_ACT_STOP,           /* the process stops */
	SIG_ACT_CONT,           /* a stopped process continues; else ignored */
	SIG_ACT_IGNORE,         /* nothing happens */
};

static inline bool sig_is_valid(int sig)
{
	return sig >= 1 && sig <= LX_NSIG;
}

static inline lx_sigset_t sigset_of(int sig)
{
	return sig_is_valid(sig) ? SIG_BIT(sig) : 0;
}

static inline lx_sigset_t sigset_add(lx_sigset_t set, int sig)
{
	return set | sigset_of(sig);
}

static inline lx_sigset_t sigset_del(lx_sigset_t set, int sig)
{
	return set & ~sigset_of(sig);
}

static inline bool sigset_has(lx_sigset_t set, int sig)
{
	return (set & sigset_of(sig)) != 0;
}

/* The lowest signal in set, 0 if it is empty: the order Linux takes
 * pending signals in (next_signal, synchronous ones aside). */
static inline int sigset_first(lx_sigset_t set)
{
	return set ? __builtin_ctzll(set) + 1 : 0;
}

/* SIGKILL and SIGSTOP can be neither blocked, caught nor ignored. */
static inline bool sig_kernel_only(int sig)
{
	return sig == LX_SIGKILL || sig == LX_SIGSTOP;
}

/* A mask as the process may hold it: without SIGKILL and SIGSTOP. */
static inline lx_sigset_t sig_mask_fix(lx_sigset_t set)
{
	return set & ~SIG_UNBLOCKABLE;
}

static inline enum sig_default_action sig_default_action(int sig)
{
	lx_sigset_t bit = sigset_of(sig);

	if (sig == LX_SIGCONT)
		return SIG_ACT_CONT;
	if (bit & SIG_CORE_MASK)
		return SIG_ACT_CORE;
	if (bit & SIG_STOP_MASK)
		return SIG_ACT_STOP;
	if (bit & SIG_IGNORE_MASK)
		return SIG_ACT_IGNORE;
	return SIG_ACT_TERM;
}

/* The blocked mask once a handler for sig is entered: its sa_mask added,
 * and sig itself unless SA_NODEFER. */
static inline lx_sigset_t sigset_on_delivery(lx_sigset_t blocked, const struct lx_sigaction *act,
					     int sig)
{
	lx_sigset_t set = blocked | act->mask;

	if (!(act->flags & LX_SA_NODEFER))
		set = sigset_add(set, sig);
	return sig_mask_fix(set);
}

#endif
