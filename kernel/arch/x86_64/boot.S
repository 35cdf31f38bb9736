/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * boot.S - multiboot entry: from 32-bit protected mode to 64-bit long mode.
 *
 * The loader (QEMU -kernel or GRUB) enters _start in 32-bit mode with paging
 * off, eax = multiboot magic and ebx = the multiboot information.  We build
 * boot page tables that map the first 1 GiB twice (identity and at -2 GiB),
 * enable PAE, long mode and paging, and jump to kernel_entry64 in the higher
 * half, which calls kmain(magic, info).  The a.out-kludge header lets both
 * loaders take the flat image without understanding ELF64.
 */
#define KERNEL_VMA 0xffffffff80000000
#define MB_MAGIC 0x1badb002
#define MB_FLAGS 0x00010003     /* page-align modules, memory map, address fields */

	.section .multiboot, "a"
	.code32
	.align 4
mb_header:
	.long MB_MAGIC
	.long MB_FLAGS
	.long -(MB_MAGIC + MB_FLAGS)
	.long mb_header                 /* header_addr */
	.long 0x100000                  /* load_addr */
	.long _load_end                 /* load_end_addr */
	.long _bss_end_phys             /* bss_end_addr */
	.long _start                    /* entry_addr */

	.section .boot.text, "ax"
	.code32
	.global _start
_start:
	cli
	mov %eax, %edi                  /* multiboot magic, kept for kmain */
	mov %ebx, %esi                  /* multiboot info (physical) */
	mov $boot_stack_top, %esp

	/* PML4[0] and PML4[511] -> PDPTs; both PDPTs -> one PD of 2 MiB pages. */
	mov $boot_pdpt_lo, %eax
	or $3, %eax
	mov %eax, boot_pml4
	mov $boot_pdpt_hi, %eax
	or $3, %eax
	mov %eax, boot_pml4 + 511 * 8
	mov $boot_pd, %eax
	or $3, %eax
	mov %eax, boot_pdpt_lo
	mov %eax, boot_pdpt_hi + 510 * 8
	xor %ecx, %ecx
1:	mov %ecx, %eax
	shl $21, %eax
	or $0x83, %eax                  /* present, writable, 2 MiB */
	mov %eax, boot_pd(, %ecx, 8)
	inc %ecx
	cmp $512, %ecx
	jne 1b

	mov %cr4, %eax
	or $0x20, %eax                  /* PAE */
	mov %eax, %cr4
	mov $boot_pml4, %eax
	mov %eax, %cr3
	mov $0xc0000080, %ecx           /* EFER: long mode enable, NX enable */
	rdmsr
	or $0x900, %eax
	wrmsr
	mov %cr0, %eax
	or $0x80010001, %eax            /* paging, write protect, protected mode */
	mov %eax, %cr0
	lgdt boot_gdt_ptr
	ljmp $0x08, $boot_long

	.code64
boot_long:
	movabs $kernel_entry64, %rax
	jmp *%rax

	.section .boot.data, "aw"
	.align 16
boot_gdt:
	.quad 0
	.quad 0x00af9a000000ffff        /* 64-bit code */
	.quad 0x00cf92000000ffff        /* data */
boot_gdt_ptr:
	.word boot_gdt_ptr - boot_gdt - 1
	.long boot_gdt
	.align 4096
	.global boot_pml4
boot_pml4:	.fill 512, 8, 0
boot_pdpt_lo:	.fill 512, 8, 0
	.global boot_pdpt_hi
boot_pdpt_hi:	.fill 512, 8, 0
boot_pd:	.fill 512, 8, 0
	.fill 1024, 1, 0
boot_stack_top:

	.text
	.code64
kernel_entry64:
	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	xor %ax, %ax
	mov %ax, %fs
	mov %ax, %gs
	movabs $kernel_stack_top, %rsp
	xor %ebp, %ebp
	call kmain
1:	hlt
	jmp 1b

	.bss
	.align 4096
	.global kernel_stack_top
kernel_stack:	.fill 16384, 1, 0
kernel_stack_top:

	.section .note.GNU-stack, "", @progbits
