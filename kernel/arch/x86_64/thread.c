/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * thread.c (x86-64) - thread machine state: the initial frame and stack,
 * context switch (address space, kernel stack, FS/GS bases, I/O bitmap;
 * the lazy FPU switch is in fpu.c), message registers in the frame,
 * register sets.
 */
#include "thread.h"
#include "task.h"
#include "sched.h"
#include "arch/cpu.h"
#include "arch/percpu.h"
#include "arch/switch.h"

extern char thread_trampoline[];
void switch_context(word_t *save_sp, word_t new_sp);


/* MR0..MR7 live in rdx, r8, r9, rbx, r12, r13, r14, r15. */
static const uint8_t mr_offset[DBT_MSG_REG_WORDS] = {
	offsetof(struct trapframe, rdx), offsetof(struct trapframe, r8),
	offsetof(struct trapframe, r9), offsetof(struct trapframe, rbx),
	offsetof(struct trapframe, r12), offsetof(struct trapframe, r13),
	offsetof(struct trapframe, r14), offsetof(struct trapframe, r15),
};

word_t *arch_msg_reg(struct trapframe *f, unsigned i)
{
	return (word_t *)((char *)f + mr_offset[i]);
}

bool arch_user_rip_ok(word_t rip)
{
	return rip < DBT_USER_TOP;
}

void arch_thread_init(struct thread *t)
{
	struct trapframe *f = thread_frame(t);
	memset(f, 0, sizeof(*f));
	f->cs = SEL_UCODE;
	f->ss = SEL_UDATA;
	f->rflags = 0x202;
	arch_thread_set_abi(t, false);
	/* A switch frame below the trap frame: six callee-saved registers, then
	 * the return address of switch_context. */
	word_t *sp = (word_t *)f;
	*--sp = (word_t)thread_trampoline;
	for (int i = 0; i < 6; i++)
		*--sp = 0;
	t->arch.ksp = (word_t)sp;
}

void arch_thread_release(struct thread *t)
{
	struct arch_cpu *ac = &this_cpu()->arch;
	if (ac->fpu_owner == t)
		ac->fpu_owner = NULL;
}


extern char fastpath_resume[];

/* next was parked by the fast path (ksp 0): give it the continuation
 * fastpath_resume, just below its trap frame, to switch into. */
static void build_resume(struct thread *next)
{
	word_t *sp = (word_t *)thread_frame(next);
	*--sp = (word_t)fastpath_resume;
	for (int i = 0; i < 6; i++)
		*--sp = 0;
	next->arch.ksp = (word_t)sp;
}

void arch_switch_to(struct thread *prev, struct thread *next)
{
	if (!next->arch.ksp)
		build_resume(next);
	if (next->task)
		arch_load_user_state(next);
	this_cpu()->current = next;
	switch_context(&prev->arch.ksp, next->arch.ksp);
}

void arch_regs_read(struct thread *t, word_t *w)
{
	struct trapframe *f = thread_frame(t);
	struct dbt_regs r = {
		.rip = f->rip, .rsp = f->rsp, .rflags = f->rflags,
		.rax = f->rax, .rbx = f->rbx, .rcx = f->rcx, .rdx = f->rdx,
		.rsi = f->rsi, .rdi = f->rdi, .rbp = f->rbp,
		.r8 = f->r8, .r9 = f->r9, .r10 = f->r10, .r11 = f->r11,
		.r12 = f->r12, .r13 = f->r13, .r14 = f->r14, .r15 = f->r15,
		.fs_base = t->arch.fs_base, .gs_base = t->arch.gs_base,
	};
	memcpy(w, &r, sizeof(r));
}

/* The bases in the MSRs if t runs now (else the next switch loads them). */
static void load_bases(struct thread *t)
{
	if (t != current())
		return;
	struct arch_cpu *ac = &this_cpu()->arch;
	wrmsr(MSR_FS_BASE, t->arch.fs_base);
	wrmsr(MSR_KERNEL_GS, t->arch.gs_base);
	ac->loaded_fs = t->arch.fs_base;
	ac->loaded_gs = t->arch.gs_base;
}

/* Values that could fault the return to user level (rip, rsp, bases outside
 * user addresses; privileged flags) are not taken. */
void arch_regs_write(struct thread *t, const word_t *w)
{
	struct dbt_regs r;
	memcpy(&r, w, sizeof(r));
	struct trapframe *f = thread_frame(t);
	f->rip = r.rip < DBT_USER_TOP ? r.rip : f->rip;
	f->rsp = r.rsp < DBT_USER_TOP ? r.rsp : f->rsp;
	f->rflags = (r.rflags & 0xcd5) | 0x202;     /* user-settable flags, IF on */
	f->rax = r.rax; f->rbx = r.rbx; f->rcx = r.rcx; f->rdx = r.rdx;
	f->rsi = r.rsi; f->rdi = r.rdi; f->rbp = r.rbp;
	f->r8 = r.r8; f->r9 = r.r9; f->r10 = r.r10; f->r11 = r.r11;
	f->r12 = r.r12; f->r13 = r.r13; f->r14 = r.r14; f->r15 = r.r15;
	if (r.fs_base < DBT_USER_TOP)
		t->arch.fs_base = r.fs_base;
	if (r.gs_base < DBT_USER_TOP)
		t->arch.gs_base = r.gs_base;
	load_bases(t);
}

/* A native thread finds its UTCB through FS (dbt_utcb); a thread of a
 * foreign ABI starts with both bases 0, as a new Linux program has them.
 * (With GS 0 in both, a switch between a native server and its foreign
 * clients writes one base MSR, not two.) */
void arch_thread_set_abi(struct thread *t, bool foreign)
{
	t->arch.fs_base = foreign ? 0 : t->utcb_va;
	t->arch.gs_base = 0;
	load_bases(t);
}
