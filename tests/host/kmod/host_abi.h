/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * host_abi.h - the glue ABI 1.2 (sdk/include/iokit/glue.h) on the host,
 * and an allocator for the module loader that counts what is outstanding
 * and can be told to fail: what the loader tests and tools/kmodload link
 * modules against.
 */
#ifndef TESTS_KMOD_HOST_ABI_H
#define TESTS_KMOD_HOST_ABI_H

#include <stddef.h>
#include "kmod.h"

extern const struct kmod_abi host_abi;		/* version 1.2 */
extern const struct kmod_symbol host_abi_syms[];
extern const size_t host_abi_nsyms;

extern char host_log_last[256];			/* last iokit_log line */
extern unsigned host_log_count;
extern int host_log_echo;			/* also print each line to stdout */

extern const struct kmod_mem host_mem;
extern long host_mem_outstanding;		/* allocations not yet freed */
extern long host_mem_fail_at;			/* fail the Nth alloc from now (1-based); 0 = never */

#endif
