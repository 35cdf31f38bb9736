/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * abi.c - the glue library's exported ABI table (glue_abi.h): every
 * function glue.h declares, by name, for the module loader.
 */
#include "urt.h"
#include "glue_abi.h"

#define SYM(f) { #f, (uintptr_t)&f }

static const struct kmod_symbol glue_syms[] = {
	/* ABI 1.0 (sdk/include/iokit/glue.h, which declares them all) */
	SYM(iokit_log), SYM(iokit_malloc), SYM(iokit_free),
	SYM(memcpy), SYM(memmove), SYM(memset), SYM(memcmp), SYM(strlen),
	/* ABI 1.1 */
	SYM(iokit_lock_alloc), SYM(iokit_lock_free), SYM(iokit_lock_lock),
	SYM(iokit_lock_trylock), SYM(iokit_lock_unlock),
	SYM(iokit_rlock_alloc), SYM(iokit_rlock_free), SYM(iokit_rlock_lock),
	SYM(iokit_rlock_trylock), SYM(iokit_rlock_unlock), SYM(iokit_rlock_owned),
	SYM(iokit_rlock_depth),
	SYM(iokit_sem_alloc), SYM(iokit_sem_free), SYM(iokit_sem_wait),
	SYM(iokit_sem_timedwait), SYM(iokit_sem_trywait), SYM(iokit_sem_signal),
	SYM(iokit_sleep), SYM(iokit_wakeup), SYM(iokit_wakeup_one),
	SYM(iokit_thread_start), SYM(iokit_thread_join), SYM(iokit_delay_us),
	SYM(iokit_uptime_us),
	SYM(iokit_callout_create), SYM(iokit_callout_schedule),
	SYM(iokit_callout_cancel), SYM(iokit_callout_free),
	/* ABI 1.2 */
	SYM(iokit_logf), SYM(iokit_dma_alloc), SYM(iokit_dma_free),
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

const struct kmod_abi iokit_glue_abi = {
	.major = IOKIT_GLUE_ABI_MAJOR,
	.minor = IOKIT_GLUE_ABI_MINOR,
	.syms = glue_syms,
	.nsyms = ARRAY_SIZE(glue_syms),
};
