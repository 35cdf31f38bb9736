/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * host_abi.c - see host_abi.h.  Images are mmap'ed read-write-execute so a
 * test can call into a loaded module.
 *
 * The table has every name of the SDK's ABI 1.2 (a test compares it with
 * the header).  Logging, memory, time, MMIO and the module-driver service
 * functions are real (the last two are the framework's own io.c and
 * service.c, linked in); port I/O is the framework's too but must not be
 * called on the host.  The rest - locks, semaphores, sleep/wake-up,
 * threads, callouts, DMA - need the component runtime: their entries are
 * traps that print which function a module called and abort, so a module
 * test that reaches one fails loudly instead of running on a fake.
 */
#define _DEFAULT_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include "host_abi.h"
#include "util.h"
#include "iokit/glue/glue.h"
#include "iokit/driver.h"

char host_log_last[256];
unsigned host_log_count;
int host_log_echo;
long host_mem_outstanding;
long host_mem_fail_at;

void iokit_log(const char *msg)
{
	snprintf(host_log_last, sizeof(host_log_last), "%s", msg ? msg : "(null)");
	host_log_count++;
	if (host_log_echo)
		printf("log: %s\n", host_log_last);
}

void iokit_logf(const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	iokit_log(msg);
}

void *iokit_malloc(size_t size)
{
	return malloc(size);
}

void iokit_free(void *p)
{
	free(p);
}

uint64_t iokit_uptime_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

void iokit_delay_us(uint64_t us)
{
	usleep((useconds_t)us);
}

#define TRAP(f) \
	static void trap_##f(void) { fprintf(stderr, "host_abi: %s called on the host\n", #f); abort(); }
#define TRAPS(X) X(iokit_lock_alloc) X(iokit_lock_free) X(iokit_lock_lock) X(iokit_lock_trylock) \
	X(iokit_lock_unlock) X(iokit_rlock_alloc) X(iokit_rlock_free) X(iokit_rlock_lock) \
	X(iokit_rlock_trylock) X(iokit_rlock_unlock) X(iokit_rlock_owned) X(iokit_rlock_depth) \
	X(iokit_sem_alloc) X(iokit_sem_free) X(iokit_sem_wait) X(iokit_sem_timedwait) \
	X(iokit_sem_trywait) X(iokit_sem_signal) X(iokit_sleep) X(iokit_wakeup) \
	X(iokit_wakeup_one) X(iokit_thread_start) X(iokit_thread_join) \
	X(iokit_callout_create) X(iokit_callout_schedule) X(iokit_callout_cancel) \
	X(iokit_callout_free) X(iokit_dma_alloc) X(iokit_dma_free)
TRAPS(TRAP)

#define SYM(f) { #f, (uintptr_t)f }
#define TRAP_SYM(f) { #f, (uintptr_t)trap_##f },

/* The first three stay first: a test cuts the table after two. */
const struct kmod_symbol host_abi_syms[] = {
	SYM(iokit_log), SYM(iokit_malloc), SYM(iokit_free),
	SYM(memcpy), SYM(memmove), SYM(memset), SYM(memcmp), SYM(strlen),
	SYM(iokit_uptime_us), SYM(iokit_delay_us),
	TRAPS(TRAP_SYM)
	SYM(iokit_logf),
	SYM(iokit_inb), SYM(iokit_inw), SYM(iokit_inl),
	SYM(iokit_outb), SYM(iokit_outw), SYM(iokit_outl),
	SYM(iokit_mmio_read8), SYM(iokit_mmio_read16), SYM(iokit_mmio_read32),
	SYM(iokit_mmio_read64), SYM(iokit_mmio_write8), SYM(iokit_mmio_write16),
	SYM(iokit_mmio_write32), SYM(iokit_mmio_write64), SYM(iokit_mmio_barrier),
	SYM(iokit_service_name), SYM(iokit_service_location), SYM(iokit_service_provider),
	SYM(iokit_service_get_number), SYM(iokit_service_get_string),
	SYM(iokit_service_set_number), SYM(iokit_service_set_string),
	SYM(iokit_nub_create), SYM(iokit_nub_publish), SYM(iokit_service_logf),
};
const size_t host_abi_nsyms = ARRAY_SIZE(host_abi_syms);
const struct kmod_abi host_abi = { IOKIT_GLUE_ABI_MAJOR, IOKIT_GLUE_ABI_MINOR, host_abi_syms,
				   ARRAY_SIZE(host_abi_syms) };

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

/* The server's nub classes (iokit/driver.h) as the host tests need them:
 * IOService subclasses of the sizes the contract gives, nothing more. */
const struct io_class IOPlatformDevice_class = {
	.name = "IOPlatformDevice",
	.super = &IOService_class,
	.size = sizeof(struct iokit_platform_device),
};

const struct io_class IOPCIDevice_class = {
	.name = "IOPCIDevice",
	.super = &IOService_class,
	.size = sizeof(struct iokit_pci_device),
};
