/*
 * host_abi.c - see host_abi.h.  Images are mmap'ed read-write-execute so a
 * test can call into a loaded module.
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "host_abi.h"

char host_log_last[128];
unsigned host_log_count;
int host_log_echo;
long host_mem_outstanding;
long host_mem_fail_at;

static void iokit_log(const char *msg)
{
	snprintf(host_log_last, sizeof(host_log_last), "%s", msg);
	host_log_count++;
	if (host_log_echo)
		printf("log: %s\n", msg);
}

static void *iokit_malloc(size_t size)
{
	return malloc(size);
}

static void iokit_free(void *p)
{
	free(p);
}

const struct kmod_symbol host_abi_syms[] = {
	{ "iokit_log", (uintptr_t)iokit_log },
	{ "iokit_malloc", (uintptr_t)iokit_malloc },
	{ "iokit_free", (uintptr_t)iokit_free },
	{ "memcpy", (uintptr_t)memcpy },
	{ "memmove", (uintptr_t)memmove },
	{ "memset", (uintptr_t)memset },
	{ "memcmp", (uintptr_t)memcmp },
	{ "strlen", (uintptr_t)strlen },
};
const size_t host_abi_nsyms = sizeof(host_abi_syms) / sizeof(host_abi_syms[0]);
const struct kmod_abi host_abi = { 1, 0, host_abi_syms,
				   sizeof(host_abi_syms) / sizeof(host_abi_syms[0]) };

static void *mem_alloc(void *ctx, size_t size, enum kmod_mem_kind kind)
{
	(void)ctx;
	if (host_mem_fail_at && --host_mem_fail_at == 0)
		return NULL;
	void *p;
	if (kind == KMOD_MEM_IMAGE) {
		p = mmap(NULL, size, PROT_READ | PROT_WRITE | PROT_EXEC,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			return NULL;
	} else {
		p = malloc(size);
		if (!p)
			return NULL;
	}
	host_mem_outstanding++;
	return p;
}

static void mem_free(void *ctx, void *p, size_t size, enum kmod_mem_kind kind)
{
	(void)ctx;
	host_mem_outstanding--;
	if (kind == KMOD_MEM_IMAGE)
		munmap(p, size);
	else
		free(p);
}

const struct kmod_mem host_mem = { mem_alloc, mem_free, NULL };
