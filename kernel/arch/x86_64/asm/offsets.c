/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * offsets.c (x86-64) - what entry.S needs to know of C structures, taken
 * from their definitions at build time: the Makefile compiles this file to
 * assembly only and turns each "@@ASM_DEFINE name value" string into a
 * #define of $(B)/kernel/asm-offsets.h, which entry.S includes.  So a
 * change to struct thread (a larger FPU area, a new field) moves these
 * offsets with it, and no offset is written twice by hand.
 */
#include "thread.h"

/* A string directive, so that clang's integrated assembler accepts it;
 * the value is printed as an immediate ("$123"), whatever its size. */
#define ASM_DEFINE(name, value) \
	__asm__ volatile("\n.ascii \"@@ASM_DEFINE " #name " %0\"" :: "n"((long)(value)))

void asm_offsets(void);

void asm_offsets(void)
{
	/* A thread's foreign-ABI flags (struct thread.foreign), addressed from
	 * the bottom of its trap frame, which is where the entry code's rsp
	 * points once the frame is saved: the frame is the top of the block. */
	ASM_DEFINE(FRAME_TO_FOREIGN, (long)offsetof(struct thread, foreign) -
	                             (long)(THREAD_SIZE - sizeof(struct trapframe)));
	ASM_DEFINE(FOREIGN_SHORT, DBT_FOREIGN_SHORT);
	/* the tag of the short foreign system call's message */
	ASM_DEFINE(SYSCALL_SHORT_TAG, DBT_SYSCALL_SHORT_TAG);
}
