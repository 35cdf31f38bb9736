/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * darbat/arch/x86_64/syscall.h - the x86-64 kernel-call convention.
 *
 * A kernel call is the `syscall` instruction (rcx and r11 are clobbered).
 *   rax  call number in, error code out
 *   rdi  argument 0 in (IPC: the endpoint slot), value 0 out (IPC: badge)
 *   rsi  argument 1 in (IPC: tag), value 1 out (IPC: tag)
 *   rdx  argument 2 in, value 2 out
 *   r10  argument 3 in (IPC: timeouts)
 *   r8   argument 4, r9 argument 5
 * IPC calls carry MR0..MR7 in rdx, r8, r9, rbx, r12, r13, r14, r15, in both
 * directions; MR8 and up are in the UTCB.
 */
#ifndef DARBAT_ARCH_SYSCALL_H
#define DARBAT_ARCH_SYSCALL_H

#include <darbat/abi.h>

struct dbt_sysret { dbt_word_t err, v0, v1, v2; };

static inline struct dbt_sysret
dbt_syscall(dbt_word_t no, dbt_word_t a0, dbt_word_t a1, dbt_word_t a2,
            dbt_word_t a3, dbt_word_t a4, dbt_word_t a5)
{
	register dbt_word_t r10 __asm__("r10") = a3;
	register dbt_word_t r8 __asm__("r8") = a4;
	register dbt_word_t r9 __asm__("r9") = a5;
	dbt_word_t rax = no, rdi = a0, rsi = a1, rdx = a2;
	__asm__ volatile("syscall"
	                 : "+a"(rax), "+D"(rdi), "+S"(rsi), "+d"(rdx),
	                   "+r"(r10), "+r"(r8), "+r"(r9)
	                 :
	                 : "rcx", "r11", "memory");
	return (struct dbt_sysret){ rax, rdi, rsi, rdx };
}

/*
 * One IPC kernel call.  mr[0..7] are loaded into registers and written back
 * with what was received; MR8 and up stay in the UTCB.  *tag and *badge
 * receive the incoming tag and badge.
 */
static inline dbt_word_t
dbt_ipc(dbt_word_t no, dbt_word_t slots, dbt_word_t *tag, dbt_word_t timeouts,
        dbt_word_t *mr, dbt_word_t *badge)
{
	register dbt_word_t r10 __asm__("r10") = timeouts;
	register dbt_word_t m1 __asm__("r8") = mr[1];
	register dbt_word_t m2 __asm__("r9") = mr[2];
	register dbt_word_t m3 __asm__("rbx") = mr[3];
	register dbt_word_t m4 __asm__("r12") = mr[4];
	register dbt_word_t m5 __asm__("r13") = mr[5];
	register dbt_word_t m6 __asm__("r14") = mr[6];
	register dbt_word_t m7 __asm__("r15") = mr[7];
	dbt_word_t rax = no, rdi = slots, rsi = *tag, m0 = mr[0];
	__asm__ volatile("syscall"
	                 : "+a"(rax), "+D"(rdi), "+S"(rsi), "+d"(m0), "+r"(r10),
	                   "+r"(m1), "+r"(m2), "+r"(m3), "+r"(m4), "+r"(m5),
	                   "+r"(m6), "+r"(m7)
	                 :
	                 : "rcx", "r11", "memory");
	mr[0] = m0; mr[1] = m1; mr[2] = m2; mr[3] = m3;
	mr[4] = m4; mr[5] = m5; mr[6] = m6; mr[7] = m7;
	*tag = rsi;
	if (badge)
		*badge = rdi;
	return rax;
}

/*
 * The same IPC with MR0..MR7 as C values instead of UTCB words: for callers
 * that keep a short message in registers (generated stubs, benchmarks).
 * When *m is a local variable, the compiler keeps it in registers and the
 * call moves nothing through memory - as long as the call is inlined: an
 * out-of-line copy takes m's address and puts the message in memory at
 * every call (a program with many call sites saw +19 instructions per round
 * trip), hence always_inline.
 */
struct dbt_regmsg { dbt_word_t w[DBT_MSG_REG_WORDS]; };

static inline __attribute__((always_inline)) dbt_word_t
dbt_ipc_regs(dbt_word_t no, dbt_word_t slots, dbt_word_t *tag, dbt_word_t timeouts,
             struct dbt_regmsg *m, dbt_word_t *badge)
{
	register dbt_word_t r10 __asm__("r10") = timeouts;
	register dbt_word_t m1 __asm__("r8") = m->w[1];
	register dbt_word_t m2 __asm__("r9") = m->w[2];
	register dbt_word_t m3 __asm__("rbx") = m->w[3];
	register dbt_word_t m4 __asm__("r12") = m->w[4];
	register dbt_word_t m5 __asm__("r13") = m->w[5];
	register dbt_word_t m6 __asm__("r14") = m->w[6];
	register dbt_word_t m7 __asm__("r15") = m->w[7];
	dbt_word_t rax = no, rdi = slots, rsi = *tag, m0 = m->w[0];
	__asm__ volatile("syscall"
	                 : "+a"(rax), "+D"(rdi), "+S"(rsi), "+d"(m0), "+r"(r10),
	                   "+r"(m1), "+r"(m2), "+r"(m3), "+r"(m4), "+r"(m5),
	                   "+r"(m6), "+r"(m7)
	                 :
	                 : "rcx", "r11", "memory");
	m->w[0] = m0; m->w[1] = m1; m->w[2] = m2; m->w[3] = m3;
	m->w[4] = m4; m->w[5] = m5; m->w[6] = m6; m->w[7] = m7;
	*tag = rsi;
	if (badge)
		*badge = rdi;
	return rax;
}

/* The calling thread's UTCB: the kernel sets FS base to it at thread start. */
static inline struct dbt_utcb *dbt_utcb(void)
{
	struct dbt_utcb *u;
	__asm__ volatile("mov %%fs:%c1, %0" : "=r"(u)
	                 : "i"(__builtin_offsetof(struct dbt_utcb, user[7])));
	return u;
}

#endif
