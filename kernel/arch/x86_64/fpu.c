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
 */
#include "thread.h"
#include "sched.h"
#include "arch/cpu.h"
#include "arch/fpu.h"
#include "arch/percpu.h"

#define CR0_MP (1ul << 1)
#define CR0_EM (1ul << 2)
#define CR0_TS (1ul << 3)
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

/* a was saved by the processor, or is fpu_init_area: cannot fault. */
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
