/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * fpu.c - the x87, SSE and AVX state of threads.
 *
 * Set-up (arch_fpu_init): on a processor with XSAVE the kernel sets
 * CR4.OSXSAVE and XCR0 = x87 | SSE, plus AVX when the processor has it at
 * its standard place (256 bytes at offset 576), and switches state with
 * XSAVE/XRSTOR; otherwise with FXSAVE/FXRSTOR (the 512-byte legacy region
 * only).  Nothing else is enabled: a thread's area (struct fpu_area) has
 * room for exactly these components, in the standard XSAVE layout.
 *
 * Lazy switching: CR0.TS is set while a thread that does not own the FPU
 * runs (arch/switch.h), so its first FPU instruction raises #NM;
 * arch_fpu_switch saves the owner's registers into the owner's area and
 * loads the current thread's.  A thread that never used the FPU loads
 * fpu_init_area, the state after FNINIT with MXCSR 0x1f80 and every XMM
 * and YMM register zero: nothing of the previous owner's leaks to it.
 *
 * Another thread's state (DBT_THREAD_READ_FPU / WRITE_FPU, through the
 * caller's UTCB): a read saves the registers first if that thread owns the
 * FPU, so it sees the latest state, and hands it out normalised - every
 * enabled component present (xstate_bv = the enabled set, absent ones
 * written out as their initial values), reserved and software-available
 * bytes zero, mxcsr_mask the processor's.  A write is decoded first:
 * FXRSTOR and XRSTOR raise #GP - in the kernel, at the thread's next FPU
 * instruction - on MXCSR bits outside mxcsr_mask and, for XRSTOR, on an
 * XSAVE header naming components XCR0 lacks, a compacted layout or non-zero
 * reserved bytes.  The fields checked are read once, then installed from
 * that copy; the owner gives the FPU up, so the thread loads its new state
 * at its next FPU instruction.
 */
#include "thread.h"
#include "sched.h"
#include "arch/cpu.h"
#include "arch/fpu.h"
#include "arch/percpu.h"

#define CR0_MP (1ul << 1)
#define CR0_EM (1ul << 2)
#define CR0_NE (1ul << 5)
#define CR4_OSFXSR (1ul << 9)
#define CR4_OSXMMEXCPT (1ul << 10)
#define CR4_OSXSAVE (1ul << 18)
#define CPUID1_ECX_XSAVE (1u << 26)
#define CPUID1_ECX_AVX (1u << 28)
#define CPUID_XSAVE 0xd                 /* leaf: sub-leaf 0 sizes, i: component i */
#define XCR0 0
#define MXCSR_MASK_DEFAULT 0xffbf       /* when FXSAVE stores a mask of 0 */
#define XFEATURES_LEGACY (DBT_XFEATURE_X87 | DBT_XFEATURE_SSE)

/* Fixed at boot. */
static struct {
	bool xsave;                     /* XSAVE/XRSTOR, else FXSAVE/FXRSTOR */
	uint64_t features;              /* XCR0: DBT_XFEATURE_* a state holds */
	word_t size;                    /* bytes of a state: 512, 576 or 832 */
	uint32_t mxcsr_mask;            /* MXCSR bits a state may set */
} fpu;

static struct fpu_area fpu_init_area;

static inline word_t read_cr0(void) { word_t v; __asm__ volatile("mov %%cr0, %0" : "=r"(v)); return v; }
static inline void write_cr0(word_t v) { __asm__ volatile("mov %0, %%cr0" :: "r"(v)); }
static inline word_t read_cr4(void) { word_t v; __asm__ volatile("mov %%cr4, %0" : "=r"(v)); return v; }
static inline void write_cr4(word_t v) { __asm__ volatile("mov %0, %%cr4" :: "r"(v)); }

static void fpu_save(struct fpu_area *a)
{
	if (fpu.xsave)
		__asm__ volatile("xsave64 %0" : "+m"(*a)
		                 : "a"((uint32_t)fpu.features), "d"((uint32_t)(fpu.features >> 32)));
	else
		__asm__ volatile("fxsave64 %0" : "=m"(*a));
}

/* a was saved by the processor, passed arch_fpu_check, or is fpu_init_area:
 * it cannot fault. */
static void fpu_load(const struct fpu_area *a)
{
	if (fpu.xsave)
		__asm__ volatile("xrstor64 %0" :: "m"(*a),
		                 "a"((uint32_t)fpu.features), "d"((uint32_t)(fpu.features >> 32)));
	else
		__asm__ volatile("fxrstor64 %0" :: "m"(*a));
}

/* ---- set-up ------------------------------------------------------------------- */

static uint32_t probe_mxcsr_mask(void)
{
	static struct fpu_area probe;
	__asm__ volatile("fxsave64 %0" : "=m"(probe));
	return probe.legacy.mxcsr_mask ? probe.legacy.mxcsr_mask : MXCSR_MASK_DEFAULT;
}

/* XSAVE with x87, SSE and, if present at its standard place, AVX. */
static void xsave_init(void)
{
	struct cpuid_regs r = cpuid(1, 0);
	if (!(r.ecx & CPUID1_ECX_XSAVE))
		return;
	uint64_t want = XFEATURES_LEGACY;
	if (r.ecx & CPUID1_ECX_AVX) {
		r = cpuid(CPUID_XSAVE, 2);
		if (r.eax == DBT_XSTATE_AVX_SIZE && r.ebx == DBT_XSTATE_AVX_OFFSET)
			want |= DBT_XFEATURE_AVX;
	}
	write_cr4(read_cr4() | CR4_OSXSAVE);
	xsetbv(XCR0, want);
	r = cpuid(CPUID_XSAVE, 0);      /* ebx: the size XCR0 now needs */
	if (r.ebx > FPU_AREA_SIZE)
		panic("fpu: XSAVE needs %u bytes for features %lx", r.ebx, want);
	fpu.xsave = true;
	fpu.features = want;
	fpu.size = want & DBT_XFEATURE_AVX ? FPU_AREA_SIZE : DBT_XSTATE_AVX_OFFSET;
}

void arch_fpu_init(void)
{
	write_cr0((read_cr0() & ~(CR0_EM | CR0_TS)) | CR0_MP | CR0_NE);
	write_cr4(read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT);
	fpu.mxcsr_mask = probe_mxcsr_mask();
	fpu.features = XFEATURES_LEGACY;
	fpu.size = DBT_XSTATE_LEGACY_SIZE;
	xsave_init();
	fpu_init_area.legacy.fcw = DBT_FCW_INIT;
	fpu_init_area.legacy.mxcsr = DBT_MXCSR_INIT;
	fpu_init_area.legacy.mxcsr_mask = fpu.mxcsr_mask;
	fpu_init_area.header.xstate_bv = fpu.xsave ? fpu.features : 0;
	write_cr0(read_cr0() | CR0_TS);         /* the first FPU use traps: #NM */
	printk("fpu: %s, features %lx, state %lu bytes, mxcsr mask %x\n",
	       fpu.xsave ? "xsave" : "fxsave", fpu.features, fpu.size, fpu.mxcsr_mask);
}

word_t arch_fpu_features(void)
{
	return fpu.features;
}

/* ---- the lazy switch ------------------------------------------------------------ */

/* #NM: give the FPU to the current thread. */
void arch_fpu_switch(void)
{
	struct arch_cpu *ac = &this_cpu()->arch;
	struct thread *t = current();
	__asm__ volatile("clts");
	ac->fpu_trap_on = false;
	if (ac->fpu_owner == t)
		return;
	if (ac->fpu_owner) {
		fpu_save(&ac->fpu_owner->arch.fpu);
		ac->fpu_owner->arch.fpu_valid = true;
	}
	fpu_load(t->arch.fpu_valid ? &t->arch.fpu : &fpu_init_area);
	ac->fpu_owner = t;
}

/* t's registers are stale: it loads its area at its next FPU instruction. */
static void fpu_disown(struct thread *t)
{
	struct arch_cpu *ac = &this_cpu()->arch;
	if (ac->fpu_owner != t)
		return;
	ac->fpu_owner = NULL;
	if (!ac->fpu_trap_on) {                 /* t is running: trap its next use */
		write_cr0(read_cr0() | CR0_TS);
		ac->fpu_trap_on = true;
	}
}

/* The owner's registers into its area, from whichever thread runs. */
static void fpu_save_owner(struct thread *t)
{
	struct arch_cpu *ac = &this_cpu()->arch;
	if (ac->fpu_owner != t)
		return;
	if (ac->fpu_trap_on)
		__asm__ volatile("clts");
	fpu_save(&t->arch.fpu);
	if (ac->fpu_trap_on)
		write_cr0(read_cr0() | CR0_TS);
	t->arch.fpu_valid = true;
}

/* ---- another thread's state ------------------------------------------------------ */

/* Every enabled component present, as the processor would load a. */
static void fpu_normalise(struct fpu_area *a)
{
	memset(a->legacy.reserved1, 0, sizeof(a->legacy.reserved1) + sizeof(a->legacy.available));
	a->legacy.mxcsr_mask = fpu.mxcsr_mask;
	if (!fpu.xsave)
		return;
	uint64_t absent = fpu.features & ~a->header.xstate_bv;
	if (absent & DBT_XFEATURE_X87) {
		uint32_t mxcsr = a->legacy.mxcsr;       /* MXCSR belongs to SSE */
		memset(&a->legacy, 0, offsetof(struct dbt_fxsave, xmm));
		a->legacy.fcw = DBT_FCW_INIT;
		a->legacy.mxcsr = mxcsr;
		a->legacy.mxcsr_mask = fpu.mxcsr_mask;
	}
	if (absent & DBT_XFEATURE_SSE)
		memset(a->legacy.xmm, 0, sizeof(a->legacy.xmm));
	if (absent & DBT_XFEATURE_AVX)
		memset(a->avx, 0, sizeof(a->avx));
	memset(&a->header, 0, sizeof(a->header));
	a->header.xstate_bv = fpu.features;
}

word_t arch_fpu_read(struct thread *t, uint8_t *out)
{
	fpu_save_owner(t);
	memcpy(out, t->arch.fpu_valid ? &t->arch.fpu : &fpu_init_area, fpu.size);
	fpu_normalise((struct fpu_area *)out);
	return fpu.size;
}

static bool header_ok(const struct dbt_xsave_header *h)
{
	if ((h->xstate_bv & ~fpu.features) || h->xcomp_bv)
		return false;
	for (unsigned i = 0; i < ARRAY_SIZE(h->reserved); i++)
		if (h->reserved[i])
			return false;
	return true;
}

word_t arch_fpu_check(const uint8_t *in, word_t size, struct fpu_checked *ok)
{
	const struct fpu_area *a = (const struct fpu_area *)in;
	struct dbt_xsave_header h = { .xstate_bv = XFEATURES_LEGACY };
	uint32_t mxcsr;
	if (size != DBT_XSTATE_LEGACY_SIZE && size != fpu.size)
		return DBT_E_INVALID_ARG;
	memcpy(&mxcsr, &a->legacy.mxcsr, sizeof(mxcsr));
	if (size > DBT_XSTATE_LEGACY_SIZE)
		memcpy(&h, &a->header, sizeof(h));
	if ((mxcsr & ~fpu.mxcsr_mask) || !header_ok(&h))
		return DBT_E_BAD_STATE;
	ok->mxcsr = mxcsr;
	ok->xstate_bv = h.xstate_bv;
	return DBT_OK;
}

/* A legacy-size state has only x87 and SSE present (ok->xstate_bv): the
 * components beyond are initial. */
void arch_fpu_write(struct thread *t, const uint8_t *in, word_t size, const struct fpu_checked *ok)
{
	struct fpu_area *a = &t->arch.fpu;
	memcpy(&a->legacy, in, sizeof(a->legacy));
	a->legacy.mxcsr = ok->mxcsr;
	memset(&a->header, 0, sizeof(a->header));
	a->header.xstate_bv = ok->xstate_bv;
	if (size > DBT_XSTATE_AVX_OFFSET)
		memcpy(a->avx, in + DBT_XSTATE_AVX_OFFSET, size - DBT_XSTATE_AVX_OFFSET);
	t->arch.fpu_valid = true;
	fpu_disown(t);
}
