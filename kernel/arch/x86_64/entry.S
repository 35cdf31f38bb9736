/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * entry.S - every way into and out of the kernel on x86-64.
 *
 *  syscall_entry    the `syscall` instruction (LSTAR)
 *  isr_N            exception and interrupt vectors (IDT)
 *  trap_return      back to the frame at %rsp (user or kernel mode)
 *  switch_context   save callee-saved state on one kernel stack, resume another
 *  thread_trampoline first run of a new thread
 *
 * Both entries build the same struct trapframe (arch/thread.h) at the top of
 * the current thread's kernel stack.  In the kernel, GS_BASE points at the
 * per-CPU entry block: 0 = kernel stack top, 8 = scratch for the user rsp.
 */
#include "asm-offsets.h"        /* generated: FRAME_TO_FOREIGN, FOREIGN_SHORT,
                                   SYSCALL_SHORT_TAG */

#define SEL_UCODE 0x23
#define SEL_UDATA 0x1b
#define FRAME_CS 144

/* struct trapframe offsets */
#define FR_R10 40
#define FR_R9 48
#define FR_R8 56
#define FR_RBP 64
#define FR_RDI 72
#define FR_RSI 80
#define FR_RDX 88
#define FR_RCX 96
#define FR_RBX 104
#define FR_RAX 112
#define FR_RIP 136
#define FR_RFLAGS 152
#define FR_RSP 160

	.text
/*
 * The `syscall` instruction: rcx = user rip, r11 = user rflags, interrupts
 * off (FMASK).  The CPU's part of the frame (ss, rsp, rflags, cs, rip) is
 * pushed first.  DBT_SYS_CALL and DBT_SYS_REPLY_RECV then try the fast path
 * with only the argument registers and rbp saved: the message registers
 * (rdx, r8, r9, rbx, r12..r15; rbx and r12..r15 are callee-saved in C) stay
 * where they are and leave for the partner with sysret; every other
 * register the partner gets is its own (from its frame) or a result, so no
 * kernel value leaves.  Everything else completes the frame; a thread in
 * short foreign mode (DBT_FOREIGN_SHORT, whatever its rax) then tries the
 * foreign system call's fast path, and the rest runs syscall_handler.
 */
.macro SYSCALL_PROLOGUE
	swapgs
	mov %rsp, %gs:8
	mov %gs:0, %rsp
	pushq $SEL_UDATA
	pushq %gs:8
	push %r11
	pushq $SEL_UCODE
	push %rcx
.endm

/* The rest of the frame, below the CPU's part. */
.macro SYSCALL_SAVE_REST
	pushq $0
	pushq $0x100
	push %rax
	push %rbx
	pushq 32(%rsp)                  /* rcx: the user rip */
	push %rdx
	push %rsi
	push %rdi
	push %rbp
	push %r8
	push %r9
	push %r10
	push %r11
	push %r12
	push %r13
	push %r14
	push %r15
.endm

/* With "nofastpath" on the command line, LSTAR points here instead. */
	.global syscall_entry_nofast
syscall_entry_nofast:
	SYSCALL_PROLOGUE
	SYSCALL_SAVE_REST
	jmp syscall_slow

	.global syscall_entry
syscall_entry:
	SYSCALL_PROLOGUE
	lea -2(%rax), %rcx              /* 0 or 2: DBT_SYS_CALL (2), DBT_SYS_REPLY_RECV (4) */
	test $-3, %rcx
	jnz syscall_full

	sub $(FR_RIP), %rsp
	mov %rax, FR_RAX(%rsp)
	mov %rbp, FR_RBP(%rsp)
	mov %rdi, FR_RDI(%rsp)
	mov %rsi, FR_RSI(%rsp)
	mov %rdx, FR_RDX(%rsp)
	mov %r8, FR_R8(%rsp)
	mov %r9, FR_R9(%rsp)
	mov %r10, FR_R10(%rsp)
	mov %rsp, %rdi
	call fastpath_syscall           /* the frame to enter, or 0 */
	test %rax, %rax
	jz fastpath_declined
	mov FR_RDX(%rsp), %rdx          /* the message registers C may have used */
	mov FR_R8(%rsp), %r8
	mov FR_R9(%rsp), %r9
	mov FR_RDI(%rax), %rdi          /* badge */
	mov FR_RSI(%rax), %rsi          /* tag */
	mov FR_RBP(%rax), %rbp
	mov FR_RIP(%rax), %rcx
	mov FR_RFLAGS(%rax), %r11
	mov FR_R10(%rax), %r10          /* preserved: its timeouts */
	mov FR_RSP(%rax), %rsp
	xor %eax, %eax                  /* DBT_OK */
	swapgs
	sysretq

fastpath_declined:                      /* complete the frame */
	mov %rbx, FR_RBX(%rsp)
	mov FR_RIP(%rsp), %rcx
	mov %rcx, FR_RCX(%rsp)
	mov FR_RFLAGS(%rsp), %r11       /* r11: the user rflags, as syscall left it */
	mov %r11, 32(%rsp)
	mov %r12, 24(%rsp)
	mov %r13, 16(%rsp)
	mov %r14, 8(%rsp)
	mov %r15, 0(%rsp)
	movq $0x100, 120(%rsp)
	movq $0, 128(%rsp)
	jmp syscall_check_foreign

syscall_full:
	SYSCALL_SAVE_REST
syscall_check_foreign:
	testb $FOREIGN_SHORT, FRAME_TO_FOREIGN(%rsp)
	jnz foreign_fast
syscall_slow:
	mov %rsp, %rdi
	call syscall_handler
	jmp trap_return

/*
 * A short foreign system call, its frame complete: fastpath_foreign_syscall
 * returns the frame of the handler waiting for it (0: the full path runs).
 * The handler is entered as a receive returns: rax DBT_OK, rdi the badge
 * (put in its frame), rsi the tag, MR0..MR6 in rdx, r8, r9, rbx, r12, r13, r14
 * = the caller's rax, rdi, rsi, rdx, r10, r8, r9 (struct dbt_syscall_msg
 * order, from the caller's frame at rsp), and its own rip, rflags, rsp,
 * rbp and r10.  r15 (MR7, not sent) is cleared and rcx, r11 are sysret's,
 * so no other thread's or kernel value leaves.
 */
foreign_fast:
	call fastpath_foreign_syscall
	test %rax, %rax
	jz syscall_slow
	mov FR_RAX(%rsp), %rdx
	mov FR_RDI(%rsp), %r8
	mov FR_RSI(%rsp), %r9
	mov FR_RDX(%rsp), %rbx
	mov FR_R10(%rsp), %r12
	mov FR_R8(%rsp), %r13
	mov FR_R9(%rsp), %r14
	xor %r15d, %r15d
	mov FR_RDI(%rax), %rdi          /* badge */
	movabs $SYSCALL_SHORT_TAG, %rsi
	mov FR_RBP(%rax), %rbp
	mov FR_RIP(%rax), %rcx
	mov FR_RFLAGS(%rax), %r11
	mov FR_R10(%rax), %r10          /* preserved: its timeouts */
	mov FR_RSP(%rax), %rsp
	xor %eax, %eax                  /* DBT_OK */
	swapgs
	sysretq

trap_common:
	push %rax
	push %rbx
	push %rcx
	push %rdx
	push %rsi
	push %rdi
	push %rbp
	push %r8
	push %r9
	push %r10
	push %r11
	push %r12
	push %r13
	push %r14
	push %r15
	testb $3, FRAME_CS(%rsp)
	jz 1f
	swapgs
1:	cld
	mov %rsp, %rdi
	call trap_handler
	/* fall through */

	.global trap_return
trap_return:
	testb $3, FRAME_CS(%rsp)
	jz 1f
trap_return_user:
	swapgs
1:	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %r11
	pop %r10
	pop %r9
	pop %r8
	pop %rbp
	pop %rdi
	pop %rsi
	pop %rdx
	pop %rcx
	pop %rbx
	pop %rax
	add $16, %rsp
	iretq

/* switch_context(word_t *save_sp, word_t new_sp) */
	.global switch_context
switch_context:
	push %rbx
	push %rbp
	push %r12
	push %r13
	push %r14
	push %r15
	mov %rsp, (%rdi)
	mov %rsi, %rsp
	pop %r15
	pop %r14
	pop %r13
	pop %r12
	pop %rbp
	pop %rbx
	ret

/*
 * fastpath_enter_frame(f): the reply of a short foreign system call's fast
 * path (fastpath.c) enters the caller, whose frame is complete, with every
 * register from it.  It does not return; the kernel stack it leaves is
 * abandoned (the replier is parked).
 */
	.global fastpath_enter_frame
fastpath_enter_frame:
	mov %rdi, %rsp
	jmp trap_return_user

/* Where a thread parked by the fast path continues when switched to. */
	.global fastpath_resume
fastpath_resume:
	call fastpath_resumed
	jmp trap_return

	.global thread_trampoline
thread_trampoline:
	call sched_first_run
	jmp trap_return

/* Exception and interrupt stubs: push a zero error code where the CPU does not. */
#define ISR_NOERR(n) .align 16; isr_##n: pushq $0; pushq $n; jmp trap_common
#define ISR_ERR(n)   .align 16; isr_##n: pushq $n; jmp trap_common

ISR_NOERR(0)
ISR_NOERR(1)
ISR_NOERR(2)
ISR_NOERR(3)
ISR_NOERR(4)
ISR_NOERR(5)
ISR_NOERR(6)
ISR_NOERR(7)
ISR_ERR(8)
ISR_NOERR(9)
ISR_ERR(10)
ISR_ERR(11)
ISR_ERR(12)
ISR_ERR(13)
ISR_ERR(14)
ISR_NOERR(15)
ISR_NOERR(16)
ISR_ERR(17)
ISR_NOERR(18)
ISR_NOERR(19)
ISR_NOERR(20)
ISR_ERR(21)
ISR_NOERR(22)
ISR_NOERR(23)
ISR_NOERR(24)
ISR_NOERR(25)
ISR_NOERR(26)
ISR_NOERR(27)
ISR_NOERR(28)
ISR_ERR(29)
ISR_ERR(30)
ISR_NOERR(31)
ISR_NOERR(32)
ISR_NOERR(33)
ISR_NOERR(34)
ISR_NOERR(35)
ISR_NOERR(36)
ISR_NOERR(37)
ISR_NOERR(38)
ISR_NOERR(39)
ISR_NOERR(40)
ISR_NOERR(41)
ISR_NOERR(42)
ISR_NOERR(43)
ISR_NOERR(44)
ISR_NOERR(45)
ISR_NOERR(46)
ISR_NOERR(47)
ISR_NOERR(48)
ISR_NOERR(49)
ISR_NOERR(50)
ISR_NOERR(51)
ISR_NOERR(52)
ISR_NOERR(53)
ISR_NOERR(54)
ISR_NOERR(55)
ISR_NOERR(56)
ISR_NOERR(57)
ISR_NOERR(58)
ISR_NOERR(59)
ISR_NOERR(60)
ISR_NOERR(61)
ISR_NOERR(62)
ISR_NOERR(63)
ISR_NOERR(64)
ISR_NOERR(65)
ISR_NOERR(66)
ISR_NOERR(67)
ISR_NOERR(68)
ISR_NOERR(69)
ISR_NOERR(70)
ISR_NOERR(71)
ISR_NOERR(240)
ISR_NOERR(255)

	.section .rodata
	.align 8
	.global isr_table
isr_table:
	.quad isr_0, isr_1, isr_2, isr_3, isr_4, isr_5, isr_6, isr_7
	.quad isr_8, isr_9, isr_10, isr_11, isr_12, isr_13, isr_14, isr_15
	.quad isr_16, isr_17, isr_18, isr_19, isr_20, isr_21, isr_22, isr_23
	.quad isr_24, isr_25, isr_26, isr_27, isr_28, isr_29, isr_30, isr_31
	.quad isr_32, isr_33, isr_34, isr_35, isr_36, isr_37, isr_38, isr_39
	.quad isr_40, isr_41, isr_42, isr_43, isr_44, isr_45, isr_46, isr_47
	.quad isr_48, isr_49, isr_50, isr_51, isr_52, isr_53, isr_54, isr_55
	.quad isr_56, isr_57, isr_58, isr_59, isr_60, isr_61, isr_62, isr_63
	.quad isr_64, isr_65, isr_66, isr_67, isr_68, isr_69, isr_70, isr_71
	.global isr_timer, isr_spurious
isr_timer:	.quad isr_240
isr_spurious:	.quad isr_255

	.section .note.GNU-stack, "", @progbits
