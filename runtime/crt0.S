/* SPDX-License-Identifier: BSD-2-Clause */
/* crt0.S - entry of a Darbat user program: rdi = boot information (root task). */
	.section .text.start, "ax"
	.global _start
_start:
	and $-16, %rsp
	xor %ebp, %ebp
	call urt_start
1:	hlt             /* not reached: urt_start never returns */
	jmp 1b

	.section .note.GNU-stack, "", @progbits
