/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/host/unixsig/unixsig_test.h - what the unixsig test files share:
 * the harness (CHECK, CHECK_EQ: record the first failure and return), the
 * inputs every frame test starts from, and each file's table of tests.
 *
 * unit.c holds the harness, the inputs, main and the ABI, sigset, build and
 * restart tests; restore.c the rt_sigreturn tests; host.c the tests against
 * the host's Linux; kabi.c the comparison with the kernel's UAPI headers.
 */
#ifndef UNIXSIG_TEST_H
#define UNIXSIG_TEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <darbat/abi.h>
#include "lx_signal.h"
#include "sigframe.h"
#include "sigset.h"

/* ---- harness: in a shared mapping, so that a child process can fail a test ---- */
struct harness {
	bool failed;
	char why[512];
};
extern struct harness *hs;

/* Records the test's first failure, "file:line: what". */
void fail_at(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define CHECK(e) do {                                                           \
		if (!(e)) {                                                     \
			fail_at(__FILE__, __LINE__, "%s", #e);                  \
			return;                                                 \
		}                                                               \
	} while (0)
#define CHECK_EQ(a, b) do {                                                     \
		unsigned long long a_ = (unsigned long long)(a);                \
		unsigned long long b_ = (unsigned long long)(b);                \
		if (a_ != b_) {                                                 \
			fail_at(__FILE__, __LINE__, "%s = %#llx, want %#llx",   \
				#a, a_, b_);                                    \
			return;                                                 \
		}                                                               \
	} while (0)

/* A test named "group_name" prints as unixsig/group/name. */
struct unixsig_test {
	const char *name;
	void (*fn)(void);
};
#define UNIXSIG_TEST(name) { #name, test_##name }
extern const struct unixsig_test unixsig_restore_tests[];
extern const size_t unixsig_restore_count;
extern const struct unixsig_test unixsig_host_tests[];
extern const size_t unixsig_host_count;

/* kabi.c: group i of the UAPI comparison: 1 pass, 0 fail (why says), -1 no more. */
int kabi_group(size_t i, const char **name, char *why, size_t whylen);

/* ---- inputs ---------------------------------------------------------------------------- */
#define STACK_TOP       0x7ffe00000000ull       /* a user stack address */
#define HANDLER         0x401000ull
#define RESTORER        0x401800ull
#define INTERRUPTED_RIP 0x402345ull             /* regs_fill's rip */
#define ALT_SP          0x20000000ull           /* an alternate stack */
#define ALT_SIZE        0x8000ull
#define MXCSR_MASK      0xffbfu                 /* no DAZ, as QEMU's default CPU */
#define XF_LEGACY       (DBT_XFEATURE_X87 | DBT_XFEATURE_SSE)
#define XF_AVX          (XF_LEGACY | DBT_XFEATURE_AVX)
#define FIX_EFLAGS_TEST (LX_EFLAGS_AC | LX_EFLAGS_OF | LX_EFLAGS_DF | LX_EFLAGS_TF | \
			 LX_EFLAGS_SF | LX_EFLAGS_ZF | LX_EFLAGS_AF | LX_EFLAGS_PF |  \
			 LX_EFLAGS_CF | LX_EFLAGS_RF)
#define SIGINFO_OFF     offsetof(struct lx_rt_sigframe, info)
#define UC_OFF          offsetof(struct lx_rt_sigframe, uc)
#define MC_OFF(f)       (UC_OFF + offsetof(struct lx_ucontext, uc_mcontext) + \
			 offsetof(struct lx_sigcontext, f))
#define XMM_OFF(i)      (offsetof(struct lx_fpstate, xmm_space) + 16 * (i))
#define MXCSR_OFF       offsetof(struct lx_fpstate, mxcsr)
#define MXCSR_MASK_OFF  offsetof(struct lx_fpstate, mxcsr_mask)

extern struct lx_sigaction act;         /* in_base's action */
extern struct lx_siginfo info;          /* in_base's siginfo */
extern uint8_t fpu_image[DBT_XSTATE_MAX];       /* in_base's FPU state */
extern struct sigframe_out out;
extern struct sigframe_restore_out rout;

/* Registers with a pattern from seed; rip INTERRUPTED_RIP, rsp below STACK_TOP. */
void regs_fill(struct dbt_regs *r, uint64_t seed);
/* A delivery of SIGUSR1 with SA_SIGINFO | SA_RESTORER on the normal stack,
 * an FPU state of fpsize bytes (576: x87+SSE, 832: +AVX). */
void in_base(struct sigframe_in *in, uint32_t fpsize);
/* The thread's registers at its rt_sigreturn, for the frame o. */
struct dbt_regs sigreturn_regs(const struct sigframe_out *o);
struct lx_rt_sigframe frame_of(const struct sigframe_out *o);
const uint8_t *fp_of(const struct sigframe_out *o);     /* the fpstate in o->bytes */
uint32_t fp_frame_size(uint32_t size);                   /* the state + MAGIC2 */
uint32_t get32(const uint8_t *p);
void put32(uint8_t *p, uint32_t v);

#endif
