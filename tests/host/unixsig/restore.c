/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/host/unixsig/restore.c - rt_sigreturn: sigframe_restore and
 * sigframe_restore_fpu on frames sigframe_build made (round trips for
 * 512-, 576- and 832-byte states) and on frames spoilt the ways a program
 * can spoil them: rflags, mask, short reads, a NULL fpstate, bad magic,
 * xstate_size and xfeatures, MXCSR, the XSAVE header, alignment; and
 * sigaltstack(2)'s rules, which uc_stack goes through.
 */
#include <string.h>
#include "unixsig_test.h"

static _Alignas(64) uint8_t fpu_back[DBT_XSTATE_MAX];

static void restore_check_roundtrip(uint32_t size)
{
	struct sigframe_in in;
	struct dbt_regs cur, want;
	struct sig_altstack alt = SIG_ALTSTACK_NONE;
	uint32_t got = 0;

	in_base(&in, size);
	in.regs.rflags = 0x202 | LX_EFLAGS_CF | LX_EFLAGS_SF | LX_EFLAGS_DF;
	CHECK_EQ(sigframe_build(&in, &out), SIGFRAME_OK);
	cur = sigreturn_regs(&out);
	CHECK_EQ(sigframe_restore(out.bytes, SIGFRAME_RESTORE_LEN, &cur, &alt, &in.fpu, &rout),
		 SIGFRAME_OK);
	want = in.regs;
	want.fs_base = cur.fs_base;
	want.gs_base = cur.gs_base;
	CHECK(memcmp(&rout.regs, &want, sizeof(want)) == 0);
	CHECK_EQ(rout.blocked, in.saved_mask);
	CHECK_EQ(rout.fpstate, out.fpstate);
	CHECK_EQ(rout.fpstate_len, fp_frame_size(size));
	CHECK_EQ(rout.altstack.flags, LX_SS_DISABLE);
	CHECK_EQ(sigframe_restore_fpu(fp_of(&out), rout.fpstate_len, rout.fpstate, &in.fpu,
				      fpu_back, &got), SIGFRAME_OK);
	CHECK_EQ(got, size);
	CHECK(memcmp(fpu_back, fpu_image, size) == 0);
}

static void test_restore_roundtrip_512(void) { restore_check_roundtrip(512); }
static void test_restore_roundtrip_576(void) { restore_check_roundtrip(576); }
static void test_restore_roundtrip_832(void) { restore_check_roundtrip(832); }

/* Build a frame, let the test spoil it in out.bytes, take it apart again. */
static void spoiled_setup(uint32_t size, struct sigframe_in *in, struct dbt_regs *cur)
{
	in_base(in, size);
	(void)sigframe_build(in, &out);
	*cur = sigreturn_regs(&out);
}

static int spoiled_restore(const struct dbt_regs *cur, const struct sigframe_fpu *fpu)
{
	struct sig_altstack alt = SIG_ALTSTACK_NONE;
	return sigframe_restore(out.bytes, SIGFRAME_RESTORE_LEN, cur, &alt, fpu, &rout);
}

static int spoiled_fpu(const struct sigframe_fpu *fpu, uint32_t *got)
{
	return sigframe_restore_fpu(fp_of(&out), fp_frame_size(fpu->size), out.fpstate, fpu,
				    fpu_back, got);
}

static void test_restore_rflags(void)
{
	struct sigframe_in in;
	struct dbt_regs cur;
	uint64_t all = ~0ull;

	spoiled_setup(576, &in, &cur);
	memcpy(out.bytes + MC_OFF(eflags), &all, 8);
	cur.rflags = 0x202 | LX_EFLAGS_ID;
	CHECK_EQ(spoiled_restore(&cur, &in.fpu), SIGFRAME_OK);
	CHECK_EQ(rout.regs.rflags, 0x202 | LX_EFLAGS_ID | FIX_EFLAGS_TEST);
	all = 0;
	memcpy(out.bytes + MC_OFF(eflags), &all, 8);
	cur.rflags = 0x202 | LX_EFLAGS_CF | LX_EFLAGS_DF;
	CHECK_EQ(spoiled_restore(&cur, &in.fpu), SIGFRAME_OK);
	CHECK_EQ(rout.regs.rflags, 0x202);
	/* cs, ss: not ours to set; FS/GS bases: the thread's */
	memset(out.bytes + MC_OFF(cs), 0, 8);
	CHECK_EQ(spoiled_restore(&cur, &in.fpu), SIGFRAME_OK);
	CHECK_EQ(rout.regs.fs_base, cur.fs_base);
}

static void test_restore_mask(void)
{
	struct sigframe_in in;
	struct dbt_regs cur;
	uint64_t all = ~0ull;

	spoiled_setup(512, &in, &cur);
	memcpy(out.bytes + UC_OFF + offsetof(struct lx_ucontext, uc_sigmask), &all, 8);
	CHECK_EQ(spoiled_restore(&cur, &in.fpu), SIGFRAME_OK);
	CHECK_EQ(rout.blocked, ~(SIG_BIT(LX_SIGKILL) | SIG_BIT(LX_SIGSTOP)));
}

static void test_restore_short_frame(void)
{
	struct sigframe_in in;
	struct dbt_regs cur;
	struct sig_altstack alt = SIG_ALTSTACK_NONE;

	spoiled_setup(832, &in, &cur);
	CHECK_EQ(sigframe_restore(out.bytes, SIGFRAME_RESTORE_LEN - 1, &cur, &alt, &in.fpu, &rout),
		 SIGFRAME_E_FAULT);
	CHECK_EQ(sigframe_restore(NULL, 0, &cur, &alt, &in.fpu, &rout), SIGFRAME_E_FAULT);
	CHECK_EQ(SIGFRAME_RESTORE_LEN, 440);
	in.fpu.size = 600 - 1;
	in.fpu.features = DBT_XFEATURE_X87;
	CHECK_EQ(sigframe_restore(out.bytes, SIGFRAME_RESTORE_LEN, &cur, &alt, &in.fpu, &rout),
		 SIGFRAME_E_ARG);
}

/* fpstate NULL: the initial state (fpu__restore_sig with buf == NULL) */
static void test_restore_fpstate_null(void)
{
	struct sigframe_in in;
	struct dbt_regs cur;
	struct dbt_fxsave fx;
	uint64_t zero = 0;
	uint32_t got = 0;

	spoiled_setup(832, &in, &cur);
	memcpy(out.bytes + MC_OFF(fpstate), &zero, 8);
	CHECK_EQ(spoiled_restore(&cur, &in.fpu), SIGFRAME_OK);
	CHECK_EQ(rout.fpstate, 0);
	CHECK_EQ(rout.fpstate_len, 0);
	memset(fpu_back, 0xaa, sizeof(fpu_back));
	CHECK_EQ(sigframe_restore_fpu(NULL, 0, 0, &in.fpu, fpu_back, &got), SIGFRAME_OK);
	CHECK_EQ(got, 832);
	memcpy(&fx, fpu_back, sizeof(fx));
	CHECK_EQ(fx.fcw, DBT_FCW_INIT);
	CHECK_EQ(fx.mxcsr, DBT_MXCSR_INIT);
	CHECK_EQ(fpu_back[DBT_XSTATE_HEADER_OFFSET], 0);        /* every component initial */
	CHECK_EQ(fpu_back[831], 0);
	CHECK_EQ(fpu_back[832], 0xaa);                          /* nothing beyond */
}

/* An XSAVE frame whose software bytes or MAGIC2 do not hold: Linux takes
 * the legacy 512 bytes (check_xstate_in_sigframe -> fx_only). */
static void check_fx_only(size_t off, uint32_t value)
{
	struct sigframe_in in;
	struct dbt_regs cur;
	uint32_t got = 0;

	spoiled_setup(832, &in, &cur);
	put32(out.bytes + (out.fpstate - out.frame) + off, value);
	CHECK_EQ(spoiled_fpu(&in.fpu, &got), SIGFRAME_OK);
	CHECK_EQ(got, 512);
	CHECK(memcmp(fpu_back, fpu_image, 416) == 0);
	for (size_t i = 416; i < 512; i++)
		CHECK_EQ(fpu_back[i], 0);
}

#define SW_OFF(f) (LX_FPSTATE_SW_OFFSET + offsetof(struct lx_fpx_sw_bytes, f))

static void test_restore_bad_magic1(void) { check_fx_only(SW_OFF(magic1), 0x12345678); }
static void test_restore_bad_magic2(void) { check_fx_only(832, LX_FP_XSTATE_MAGIC2 + 1); }

static void test_restore_bad_xstate_size(void)
{
	check_fx_only(SW_OFF(xstate_size), 0x7fffffff);         /* beyond the state */
	check_fx_only(SW_OFF(xstate_size), 512);                /* no XSAVE header */
	check_fx_only(SW_OFF(xstate_size), 836);                /* > the kernel's size */
	check_fx_only(SW_OFF(extended_size), 700);              /* xstate_size > extended */
}

/* xstate_size 576 inside an 832 state, MAGIC2 at 576: Linux accepts it and
 * XRSTOR reads the whole state (the magic lands in YMM0's upper half). */
static void test_restore_short_xstate(void)
{
	struct sigframe_in in;
	struct dbt_regs cur;
	uint8_t *fp;
	uint32_t got = 0;

	spoiled_setup(832, &in, &cur);
	fp = out.bytes + (out.fpstate - out.frame);
	put32(fp + SW_OFF(xstate_size), 576);
	put32(fp + 576, LX_FP_XSTATE_MAGIC2);
	CHECK_EQ(spoiled_fpu(&in.fpu, &got), SIGFRAME_OK);
	CHECK_EQ(got, 832);
	CHECK_EQ(get32(fpu_back + 576), LX_FP_XSTATE_MAGIC2);
}

/* sw.xfeatures narrows what XRSTOR loads; the rest becomes initial. */
static void test_restore_xfeatures_subset(void)
{
	struct sigframe_in in;
	struct dbt_regs cur;
	struct dbt_xsave_header h;
	uint8_t *fp;
	uint32_t got = 0;

	spoiled_setup(832, &in, &cur);
	fp = out.bytes + (out.fpstate - out.frame);
	put32(fp + SW_OFF(xfeatures), XF_LEGACY);
	CHECK_EQ(spoiled_fpu(&in.fpu, &got), SIGFRAME_OK);
	memcpy(&h, fpu_back + DBT_XSTATE_HEADER_OFFSET, sizeof(h));
	CHECK_EQ(h.xstate_bv, XF_LEGACY);
	CHECK_EQ(get32(fpu_back + 24), get32(fpu_image + 24));          /* MXCSR loaded */
	put32(fp + SW_OFF(xfeatures), DBT_XFEATURE_X87);
	CHECK_EQ(spoiled_fpu(&in.fpu, &got), SIGFRAME_OK);
	memcpy(&h, fpu_back + DBT_XSTATE_HEADER_OFFSET, sizeof(h));
	CHECK_EQ(h.xstate_bv, DBT_XFEATURE_X87);
	CHECK_EQ(get32(fpu_back + 24), DBT_MXCSR_INIT);                 /* SSE initial */
	put32(fp + SW_OFF(xfeatures), 0xffffffff);              /* more than there is */
	CHECK_EQ(spoiled_fpu(&in.fpu, &got), SIGFRAME_OK);
	memcpy(&h, fpu_back + DBT_XSTATE_HEADER_OFFSET, sizeof(h));
	CHECK_EQ(h.xstate_bv, XF_AVX);
}

/* MXCSR bits outside the mask: FXRSTOR and XRSTOR raise #GP -> SIGSEGV */
static void test_restore_bad_mxcsr(void)
{
	static const uint32_t sizes[] = { 512, 576, 832 };
	struct sigframe_in in;
	struct dbt_regs cur;
	uint32_t got = 0;

	for (size_t s = 0; s < 3; s++) {
		spoiled_setup(sizes[s], &in, &cur);
		put32(out.bytes + (out.fpstate - out.frame) + 24, DBT_MXCSR_INIT | 0x40);  /* DAZ */
		CHECK_EQ(spoiled_fpu(&in.fpu, &got), SIGFRAME_E_BAD_FPU);
		in.fpu.mxcsr_mask = 0xffff;                     /* a processor with DAZ */
		CHECK_EQ(spoiled_fpu(&in.fpu, &got), SIGFRAME_OK);
		put32(out.bytes + (out.fpstate - out.frame) + 24, 0x10000);
		CHECK_EQ(spoiled_fpu(&in.fpu, &got), SIGFRAME_E_BAD_FPU);
	}
	check_fx_only(SW_OFF(magic1), 0);       /* and on the legacy path: */
	put32(out.bytes + (out.fpstate - out.frame) + 24, 0x10000);
	CHECK_EQ(spoiled_fpu(&in.fpu, &got), SIGFRAME_E_BAD_FPU);
}

static void check_bad_header(size_t off, uint64_t value)
{
	struct sigframe_in in;
	struct dbt_regs cur;
	uint32_t got = 0;

	spoiled_setup(832, &in, &cur);
	memcpy(out.bytes + (out.fpstate - out.frame) + DBT_XSTATE_HEADER_OFFSET + off, &value, 8);
	CHECK_EQ(spoiled_fpu(&in.fpu, &got), SIGFRAME_E_BAD_FPU);
}

static void test_restore_bad_header(void)
{
	check_bad_header(0, XF_AVX | 0x8);              /* a component not enabled */
	check_bad_header(8, 1ull << 63);                /* xcomp_bv: compacted */
	check_bad_header(16, 1);                        /* reserved */
	check_bad_header(56, 1ull << 40);
}

static void test_restore_misaligned(void)
{
	struct sigframe_in in;
	struct dbt_regs cur;
	uint32_t got = 0;

	spoiled_setup(832, &in, &cur);
	CHECK_EQ(sigframe_restore_fpu(fp_of(&out), 836, out.fpstate + 16, &in.fpu, fpu_back, &got),
		 SIGFRAME_E_BAD_FPU);           /* XRSTOR wants 64 */
	put32(out.bytes + (out.fpstate - out.frame) + SW_OFF(magic1), 0);
	CHECK_EQ(sigframe_restore_fpu(fp_of(&out), 836, out.fpstate + 16, &in.fpu, fpu_back, &got),
		 SIGFRAME_OK);                  /* FXRSTOR 16 */
	CHECK_EQ(sigframe_restore_fpu(fp_of(&out), 836, out.fpstate + 8, &in.fpu, fpu_back, &got),
		 SIGFRAME_E_BAD_FPU);
	spoiled_setup(512, &in, &cur);
	CHECK_EQ(sigframe_restore_fpu(fp_of(&out), 512, out.fpstate + 8, &in.fpu, fpu_back, &got),
		 SIGFRAME_E_BAD_FPU);
}

/* Fewer bytes than the state: the read faulted (Linux: fault_in_readable
 * fails, SIGSEGV) */
static void test_restore_short_fpstate(void)
{
	struct sigframe_in in;
	struct dbt_regs cur;
	uint32_t got = 0;

	spoiled_setup(832, &in, &cur);
	CHECK_EQ(sigframe_restore_fpu(fp_of(&out), 511, out.fpstate, &in.fpu, fpu_back, &got),
		 SIGFRAME_E_FAULT);
	CHECK_EQ(sigframe_restore_fpu(fp_of(&out), 835, out.fpstate, &in.fpu, fpu_back, &got),
		 SIGFRAME_E_FAULT);             /* MAGIC2 unreadable */
	CHECK_EQ(sigframe_restore_fpu(NULL, 0, out.fpstate, &in.fpu, fpu_back, &got),
		 SIGFRAME_E_FAULT);
	put32(out.bytes + (out.fpstate - out.frame) + SW_OFF(magic1), 0);
	CHECK_EQ(sigframe_restore_fpu(fp_of(&out), 512, out.fpstate, &in.fpu, fpu_back, &got),
		 SIGFRAME_OK);                  /* legacy only: 512 are enough */
}

static void restore_with_stack(const struct lx_stack_t *ss, const struct sig_altstack *alt,
			       uint64_t rsp)
{
	struct sigframe_in in;
	struct dbt_regs cur;

	spoiled_setup(576, &in, &cur);
	memcpy(out.bytes + UC_OFF + offsetof(struct lx_ucontext, uc_stack), ss, sizeof(*ss));
	memcpy(out.bytes + MC_OFF(rsp), &rsp, 8);
	(void)sigframe_restore(out.bytes, SIGFRAME_RESTORE_LEN, &cur, alt, &in.fpu, &rout);
}

/* uc_stack goes through sigaltstack(2)'s rules; a refusal changes nothing */
static void test_restore_altstack(void)
{
	struct sig_altstack none = SIG_ALTSTACK_NONE, cur = { ALT_SP, ALT_SIZE, 0 };
	struct lx_stack_t ss = { 0x50000, LX_SS_AUTODISARM, 0, 0x3000, };

	restore_with_stack(&ss, &none, STACK_TOP);
	CHECK_EQ(rout.altstack.sp, 0x50000);
	CHECK_EQ(rout.altstack.size, 0x3000);
	CHECK_EQ(rout.altstack.flags, LX_SS_AUTODISARM);
	restore_with_stack(&ss, &cur, ALT_SP + 0x100);          /* still on it: EPERM */
	CHECK_EQ(rout.altstack.sp, ALT_SP);
	ss.ss_flags = 5;                                        /* EINVAL */
	restore_with_stack(&ss, &cur, STACK_TOP);
	CHECK_EQ(rout.altstack.sp, ALT_SP);
	ss.ss_flags = 0;
	ss.ss_size = LX_MINSIGSTKSZ - 1;                        /* ENOMEM */
	restore_with_stack(&ss, &cur, STACK_TOP);
	CHECK_EQ(rout.altstack.size, ALT_SIZE);
	ss.ss_flags = LX_SS_DISABLE;
	restore_with_stack(&ss, &cur, STACK_TOP);
	CHECK_EQ(rout.altstack.sp, 0);
	CHECK_EQ(rout.altstack.size, 0);
	CHECK_EQ(rout.altstack.flags, LX_SS_DISABLE);
}

static void test_sigaltstack_get_set(void)
{
	struct sig_altstack alt = SIG_ALTSTACK_NONE;
	struct lx_stack_t oss, ss = { ALT_SP, LX_SS_ONSTACK, 0, ALT_SIZE };

	sigaltstack_get(&alt, STACK_TOP, &oss);
	CHECK_EQ(oss.ss_flags, LX_SS_DISABLE);
	CHECK_EQ(sigaltstack_set(&alt, &ss, STACK_TOP), 0);
	CHECK_EQ(alt.flags, LX_SS_ONSTACK);             /* kept as given */
	sigaltstack_get(&alt, STACK_TOP, &oss);
	CHECK_EQ(oss.ss_flags, 0);
	sigaltstack_get(&alt, ALT_SP + ALT_SIZE, &oss);         /* the top belongs to it */
	CHECK_EQ(oss.ss_flags, LX_SS_ONSTACK);
	sigaltstack_get(&alt, ALT_SP, &oss);                    /* the bottom does not */
	CHECK_EQ(oss.ss_flags, 0);
	CHECK_EQ(sigaltstack_set(&alt, &ss, ALT_SP + 8), -LX_EPERM);
	ss.ss_flags = LX_SS_AUTODISARM;
	CHECK_EQ(sigaltstack_set(&alt, &ss, STACK_TOP), 0);
	CHECK(!sigaltstack_on(&alt, ALT_SP + 8));
	sigaltstack_get(&alt, ALT_SP + 8, &oss);
	CHECK_EQ((uint32_t)oss.ss_flags, LX_SS_AUTODISARM);
	CHECK_EQ(sigaltstack_set(&alt, &ss, ALT_SP + 8), 0);    /* no EPERM when disarming */
	ss.ss_flags = 3;
	CHECK_EQ(sigaltstack_set(&alt, &ss, STACK_TOP), -LX_EINVAL);
}

const struct unixsig_test unixsig_restore_tests[] = {
	UNIXSIG_TEST(restore_roundtrip_512), UNIXSIG_TEST(restore_roundtrip_576),
	UNIXSIG_TEST(restore_roundtrip_832), UNIXSIG_TEST(restore_rflags),
	UNIXSIG_TEST(restore_mask), UNIXSIG_TEST(restore_short_frame),
	UNIXSIG_TEST(restore_fpstate_null), UNIXSIG_TEST(restore_bad_magic1),
	UNIXSIG_TEST(restore_bad_magic2), UNIXSIG_TEST(restore_bad_xstate_size),
	UNIXSIG_TEST(restore_short_xstate), UNIXSIG_TEST(restore_xfeatures_subset),
	UNIXSIG_TEST(restore_bad_mxcsr), UNIXSIG_TEST(restore_bad_header),
	UNIXSIG_TEST(restore_misaligned), UNIXSIG_TEST(restore_short_fpstate),
	UNIXSIG_TEST(restore_altstack), UNIXSIG_TEST(sigaltstack_get_set),
};
const size_t unixsig_restore_count =
	sizeof(unixsig_restore_tests) / sizeof(unixsig_restore_tests[0]);
