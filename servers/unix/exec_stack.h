/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * exec_stack.h (unixd) - the initial stack of a new program image, byte for
 * byte as Linux 6.1 lays it out on x86-64 (fs/exec.c copy_strings and
 * fs/binfmt_elf.c create_elf_tables), built into a caller buffer.
 *
 * Entry points:
 *   exec_stack_limit  Linux's bprm_stack_limits: how many bytes of strings
 *                     an execve may pass (the caller sizes its copy-in
 *                     buffer with it and refuses early)
 *   exec_stack_bound  how large the stack buffer must be for given inputs
 *   exec_stack_build  writes strings, tables and the aux vector; gives rsp
 *
 * Layout, from the top (highest address) down:
 *   8 zero bytes; the execfn string (AT_EXECFN); the environment strings;
 *   the argument strings (argv[0] lowest: arg_start); down to 16-byte
 *   alignment; "x86_64" (AT_PLATFORM); 16 random bytes (AT_RANDOM); a gap
 *   of 0..15 bytes; the aux vector (pairs ending with AT_NULL); the envp
 *   array and its NULL; the argv array and its NULL; argc at rsp, which is
 *   16-byte aligned.
 * Linux also moves the strings' base down by a random 0..8191 bytes
 * (arch_align_stack) when randomisation is on; this builder does not.
 *
 * The aux vector holds, in Linux's order (keys LX_AT_*): AT_SYSINFO_EHDR (only when
 * sysinfo_ehdr is not 0: no vDSO yet), AT_MINSIGSTKSZ, AT_HWCAP, AT_PAGESZ,
 * AT_CLKTCK, AT_PHDR, AT_PHENT, AT_PHNUM, AT_BASE, AT_FLAGS, AT_ENTRY,
 * AT_UID, AT_EUID, AT_GID, AT_EGID, AT_SECURE, AT_RANDOM, AT_HWCAP2,
 * AT_EXECFN, AT_PLATFORM, AT_NULL.
 *
 * Refusals, as execve makes them:
 *   -LX_E2BIG   more than EXEC_MAX_ARG_STRINGS arguments or environment
 *               strings; one string (NUL included) longer than
 *               EXEC_MAX_ARG_STRLEN; the pointers alone reaching the limit;
 *               all strings (execfn, environment, arguments, and the ""
 *               added for an empty argv) more than the limit.
 *   -LX_EINVAL  the inputs are malformed (a string list whose bytes do not
 *               hold exactly `count` NUL-terminated strings, no execfn).
 *   -LX_ENOMEM  the buffer is smaller than exec_stack_bound says.
 * An empty argv gets the empty string as argv[0] and argc 1, as Linux
 * 5.18+ does.
 */
#ifndef UNIX_EXEC_STACK_H
#define UNIX_EXEC_STACK_H

#include <stddef.h>
#include <stdint.h>

/* Linux errno values, until a shared header of them exists */
#ifndef LX_E2BIG
#define LX_E2BIG 7
#endif
#ifndef LX_ENOMEM
#define LX_ENOMEM 12
#endif
#ifndef LX_EINVAL
#define LX_EINVAL 22
#endif

#define EXEC_PAGE_SIZE        4096ull
#define EXEC_MAX_ARG_STRLEN   (32 * EXEC_PAGE_SIZE) /* one string, NUL included */
#define EXEC_MAX_ARG_STRINGS  0x7FFFFFFFull
#define EXEC_ARG_MAX          (32 * EXEC_PAGE_SIZE) /* strings allowed even with a small stack */
#define EXEC_STK_LIM          (8ull << 20)          /* _STK_LIM: the default RLIMIT_STACK */
#define EXEC_STACK_SLACK      512  /* bytes beyond strings and pointers: tables, padding */

/* aux vector keys, Linux's AT_* (include/uapi/linux/auxvec.h, x86 asm/auxvec.h) */
#define LX_AT_NULL          0
#define LX_AT_PHDR          3
#define LX_AT_PHENT         4
#define LX_AT_PHNUM         5
#define LX_AT_PAGESZ        6
#define LX_AT_BASE          7
#define LX_AT_FLAGS         8
#define LX_AT_ENTRY         9
#define LX_AT_UID           11
#define LX_AT_EUID          12
#define LX_AT_GID           13
#define LX_AT_EGID          14
#define LX_AT_PLATFORM      15
#define LX_AT_HWCAP         16
#define LX_AT_CLKTCK        17
#define LX_AT_SECURE        23
#define LX_AT_RANDOM        25
#define LX_AT_HWCAP2        26
#define LX_AT_EXECFN        31
#define LX_AT_SYSINFO_EHDR  33
#define LX_AT_MINSIGSTKSZ   51

#define EXEC_AUX_MAX    21   /* pairs, AT_NULL included */
#define EXEC_CLKTCK     100  /* USER_HZ */
#define EXEC_PHENT      56   /* sizeof(Elf64_Phdr) */
#define EXEC_PLATFORM   "x86_64"

/*
 * count strings, each with its NUL, back to back in buf[0..len): the form
 * in which the caller copies argv or envp in from the old process (in
 * order, argv[0] first).  count 0 with len 0 is an empty list.
 */
struct exec_strings {
	const char *buf;
	size_t len;
	uint64_t count;
};

/* The values of the aux vector that do not come from the layout. */
struct exec_aux {
	uint64_t sysinfo_ehdr;	/* vDSO base; 0: no AT_SYSINFO_EHDR */
	uint64_t minsigstksz;	/* AT_MINSIGSTKSZ: the signal frame size */
	uint64_t hwcap;		/* AT_HWCAP: CPUID 1 EDX */
	uint64_t hwcap2;	/* AT_HWCAP2 */
	uint64_t phdr;		/* AT_PHDR, AT_PHNUM, AT_ENTRY: struct elf_addrs, elf_plan */
	uint64_t phnum;
	uint64_t entry;
	uint64_t base;		/* AT_BASE: the interpreter's load address, or 0 */
	uint64_t flags;		/* AT_FLAGS: 0 */
	uint32_t uid, euid, gid, egid;
	uint64_t secure;	/* AT_SECURE: 1 for a set-id exec */
	uint8_t random[16];	/* the AT_RANDOM bytes */
};

struct exec_stack_in {
	struct exec_strings argv;
	struct exec_strings envp;
	const char *execfn;	/* NUL-terminated: the path execve was given */
	uint64_t rlim_stack;	/* RLIMIT_STACK soft limit (~0 for infinity) */
	struct exec_aux aux;
};

/* Where things went, as user addresses. */
struct exec_stack_out {
	uint64_t sp;		/* the initial rsp: argc is there */
	size_t used;		/* bytes at the top of the buffer written: stack_top - sp */
	uint64_t arg_start;	/* argument strings [arg_start, arg_end) */
	uint64_t arg_end;
	uint64_t env_start;	/* environment strings [env_start, env_end) */
	uint64_t env_end;
	uint64_t execfn;	/* AT_EXECFN */
	uint64_t auxv;		/* the aux vector ... */
	uint32_t auxc;		/* ... and its pairs, AT_NULL included */
};

/*
 * Linux's limit on string bytes for argc arguments and envc environment
 * strings under RLIMIT_STACK rlim_stack: the smaller of a quarter of the
 * rlimit and 3/4 of EXEC_STK_LIM, at least EXEC_ARG_MAX, less one pointer
 * per string (an empty argv counts as one).  0 or -LX_E2BIG.
 */
int exec_stack_limit(uint64_t rlim_stack, uint64_t argc, uint64_t envc, size_t *limit);

/* Bytes of buffer exec_stack_build needs for in (an upper bound). */
size_t exec_stack_bound(const struct exec_stack_in *in);

/*
 * Builds the stack for in into buf[0..buf_size), which holds the user
 * addresses [stack_top - buf_size, stack_top).  Bytes below out->sp are
 * left as they were.  0 or a negative LX_ errno (nothing useful written).
 */
int exec_stack_build(const struct exec_stack_in *in, void *buf, size_t buf_size,
		     uint64_t stack_top, struct exec_stack_out *out);

#endif
