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
#define SEL_UCODE 0x23
#define SEL_UDATA 0x1b
#define FRAME_CS 144

	.text
	.global syscall_entry
syscall_entry:
	swapgs
	mov %rsp, %gs:8
	mov %gs:0, %rsp
	pushq $SEL_UDATA
	pushq %gs:8
	push %r11
	pushq $SEL_UCODE
	push %rcx
	pushq $0
	pushq $0x100
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
	mov %rsp, %rdi
	cmp $2, %rax                    /* DBT_SYS_CALL */
	je 1f
	cmp $4, %rax                    /* DBT_SYS_REPLY_RECV */
	jne 2f
1:	call fastpath_syscall           /* returns only if the fast path declines */
	mov %rsp, %rdi
2:	call syscall_handler
	jmp trap_return

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

/* fastpath_enter_user(frame): leave the kernel into the frame, dropping
 * whatever is on the current stack. */
	.global fastpath_enter_user
fastpath_enter_user:
	mov %rdi, %rsp
	jmp trap_return

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
	.global isr_timer, isr_spurious
isr_timer:	.quad isr_240
isr_spurious:	.quad isr_255

	.section .note.GNU-stack, "", @progbits
