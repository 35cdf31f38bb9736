/* SPDX-License-Identifier: BSD-2-Clause */
/* small.c - a small-model absolute 32-bit reference, which cannot reach
 * an image above 2 GiB. */
#include <iokit/glue.h>

IOKIT_MODULE(.name = "small", .version = "1.0");

char small_buf[16];

/* movq $small_buf, %rax: R_X86_64_32S, whatever the compiler */
__asm__(".text\n"
	".globl small_addr\n"
	"small_addr:\n"
	"\tmovq $small_buf, %rax\n"
	"\tret\n");
