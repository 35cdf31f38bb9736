/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * iokit/glue.h - the glue-library ABI the Darbat driver framework exports
 * to binary driver modules, version 1.2 (docs/IOKIT.md, "Binary driver
 * modules" and "Glue library").  A module calls these by name; the module
 * loader binds each call to the framework's table at load time and refuses
 * a module that names a function the table lacks.
 *
 * Versioning: a module built against IOKIT_ABI_MAJOR.IOKIT_ABI_MINOR loads
 * into a framework whose major is equal and whose minor is at least as
 * large.  Adding functions bumps the minor; changing or removing one bumps
 * the major.  A module that must load into an older framework defines
 * IOKIT_BUILD_ABI_MINOR (0, 1, ...) before including this header: its
 * manifest is then stamped with that minor and only the functions of that
 * version are declared.
 *
 *   1.0  logging (no formatting), memory, the string routines compilers emit
 *   1.1  locks, recursive locks, semaphores, sleep/wake-up, threads, callouts
 *   1.2  formatted logging, DMA buffers, port I/O, MMIO, module drivers
 *
 * Errors: functions returning int give IOKIT_OK (0) or an IOKIT_E* code.
 * Objects are opaque and allocated by the library: their layout is not ABI.
 */
#ifndef DARBAT_IOKIT_GLUE_H
#define DARBAT_IOKIT_GLUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "manifest.h"

#define IOKIT_ABI_MAJOR 1
#define IOKIT_ABI_MINOR 2

#ifndef IOKIT_BUILD_ABI_MINOR
#define IOKIT_BUILD_ABI_MINOR IOKIT_ABI_MINOR
#endif
#if IOKIT_BUILD_ABI_MINOR > IOKIT_ABI_MINOR
#error "IOKIT_BUILD_ABI_MINOR is newer than this SDK"
#endif

enum iokit_error {
	IOKIT_OK = 0,
	IOKIT_ENOMEM = 1,	/* out of memory, threads or notifications */
	IOKIT_EINVAL = 2,	/* bad argument */
	IOKIT_EBUSY = 3,	/* held / count is zero (try operations) / no room */
	IOKIT_ETIMEDOUT = 4,	/* the timeout passed */
	IOKIT_EDEADLK = 5,	/* would wait for itself */
	IOKIT_EPERM = 6,	/* not the caller's to do */
	IOKIT_EFAIL = 7,	/* anything else the runtime reported */
	IOKIT_ENOENT = 8,	/* 1.2: no such property (or not of that type) */
	IOKIT_ERANGE = 9,	/* 1.2: the caller's buffer is too small */
	IOKIT_ENODEV = 10,	/* 1.2: probe/start: the driver does not take the device */
};

/* ---- ABI 1.0 ---- */

/* One line "<instance>: msg" to the framework's log (no formatting). */
void iokit_log(const char *msg);
/* Memory from the framework instance, NULL when out; free ignores NULL. */
void *iokit_malloc(size_t size);
void iokit_free(void *p);

void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

#if IOKIT_BUILD_ABI_MINOR >= 1
/* ---- ABI 1.1: synchronization, threads, time ---- */

/* Timeouts are in microseconds; IOKIT_FOREVER (0) waits without limit. */
#define IOKIT_FOREVER 0

typedef struct iokit_lock iokit_lock_t;
typedef struct iokit_rlock iokit_rlock_t;
typedef struct iokit_sem iokit_sem_t;
typedef struct iokit_thread iokit_thread_t;
typedef struct iokit_callout iokit_callout_t;

/* Locks (not recursive): lock gives IOKIT_EDEADLK if the caller holds it. */
iokit_lock_t *iokit_lock_alloc(void);
void iokit_lock_free(iokit_lock_t *l);
int iokit_lock_lock(iokit_lock_t *l);
int iokit_lock_trylock(iokit_lock_t *l);
int iokit_lock_unlock(iokit_lock_t *l);

/* Recursive locks: the owner may lock again; unlock by another thread is
 * IOKIT_EPERM.  depth is the owner's nesting (0 when free). */
iokit_rlock_t *iokit_rlock_alloc(void);
void iokit_rlock_free(iokit_rlock_t *r);
int iokit_rlock_lock(iokit_rlock_t *r);
int iokit_rlock_trylock(iokit_rlock_t *r);
int iokit_rlock_unlock(iokit_rlock_t *r);
bool iokit_rlock_owned(iokit_rlock_t *r);
unsigned iokit_rlock_depth(iokit_rlock_t *r);

/* Counting semaphores. */
iokit_sem_t *iokit_sem_alloc(unsigned count);
void iokit_sem_free(iokit_sem_t *s);
int iokit_sem_wait(iokit_sem_t *s);
int iokit_sem_timedwait(iokit_sem_t *s, uint64_t timeout_us);
int iokit_sem_trywait(iokit_sem_t *s);
int iokit_sem_signal(iokit_sem_t *s);

/*
 * Sleep on an event address until iokit_wakeup(event) or the timeout:
 * IOKIT_OK when woken, IOKIT_ETIMEDOUT.  lock (may be NULL) is held by the
 * caller; it is released atomically with going to sleep and held again
 * on return, so a wake-up issued under lock is never lost.
 * iokit_wakeup wakes every sleeper on event, iokit_wakeup_one the one
 * that has slept longest; both return how many they woke.
 */
int iokit_sleep(const void *event, iokit_lock_t *lock, uint64_t timeout_us);
unsigned iokit_wakeup(const void *event);
unsigned iokit_wakeup_one(const void *event);

/* Threads: fn(arg) on a new thread at the caller's priority, or NULL.
 * Every started thread must be joined (which frees it). */
iokit_thread_t *iokit_thread_start(void (*fn)(void *arg), void *arg);
int iokit_thread_join(iokit_thread_t *t);
void iokit_delay_us(uint64_t us);
uint64_t iokit_uptime_us(void);

/*
 * Thread callouts: fn(arg) once, delay_us after schedule, on the runtime's
 * timer thread (one callout at a time: do not block in fn).  schedule on a
 * pending callout moves it; schedule and cancel return true if the
 * callout was pending.  After cancel or free, fn is not running (unless
 * called from fn itself) and will not run.
 */
iokit_callout_t *iokit_callout_create(void (*fn)(void *arg), void *arg);
bool iokit_callout_schedule(iokit_callout_t *c, uint64_t delay_us);
bool iokit_callout_cancel(iokit_callout_t *c);
void iokit_callout_free(iokit_callout_t *c);
#endif /* 1.1 */

#if IOKIT_BUILD_ABI_MINOR >= 2
/* ---- ABI 1.2: formatted logging ---- */

/* iokit_log of the formatted text: %d %i %u %x %p %s %c %% with l/ll/z,
 * '-' and 0/width; the line is cut at 255 bytes. */
void iokit_logf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- ABI 1.2: DMA buffers ---- */

/*
 * A physically contiguous buffer the composer hands this framework
 * instance: va is where it is mapped, phys what a device is told, size the
 * bytes (a whole number of pages, at least what was asked).  alloc gives
 * IOKIT_EINVAL for 0 bytes or more than 1 MiB, IOKIT_ENOMEM when over the
 * instance's memory budget, IOKIT_EBUSY when no room is left, IOKIT_EFAIL
 * when the composer offers no DMA service; *out is zeroed on failure.
 * free ignores NULL and a zeroed struct, and zeroes the struct.
 */
struct iokit_dma {
	void *va;
	uint64_t phys;
	size_t size;
};
int iokit_dma_alloc(size_t bytes, struct iokit_dma *out);
void iokit_dma_free(struct iokit_dma *dma);

/* ---- ABI 1.2: device access ---- */

/* I/O ports the composition granted this instance (others fault). */
uint8_t iokit_inb(uint16_t port);
uint16_t iokit_inw(uint16_t port);
uint32_t iokit_inl(uint16_t port);
void iokit_outb(uint16_t port, uint8_t value);
void iokit_outw(uint16_t port, uint16_t value);
void iokit_outl(uint16_t port, uint32_t value);

/* One access of exactly that width at addr, never merged, split or moved
 * across other memory accesses by the compiler. */
uint8_t iokit_mmio_read8(const volatile void *addr);
uint16_t iokit_mmio_read16(const volatile void *addr);
uint32_t iokit_mmio_read32(const volatile void *addr);
uint64_t iokit_mmio_read64(const volatile void *addr);
void iokit_mmio_write8(volatile void *addr, uint8_t value);
void iokit_mmio_write16(volatile void *addr, uint16_t value);
void iokit_mmio_write32(volatile void *addr, uint32_t value);
void iokit_mmio_write64(volatile void *addr, uint64_t value);
/* Orders every earlier memory access (MMIO and DMA memory) before every
 * later one, e.g. filling a descriptor before ringing the doorbell. */
void iokit_mmio_barrier(void);

/* ---- ABI 1.2: module drivers ---- */

/*
 * A registry entry: the nub a driver matched, the driver itself, or a nub
 * it publishes.  Opaque; valid while the framework calls the driver (a
 * driver's own entry stays valid until its stop returns).  Call the
 * functions below from probe, start and stop only: the framework holds
 * its registry lock there.
 */
typedef struct iokit_service iokit_service_t;

/*
 * A module's driver: each personality's init function (manifest `init`)
 * is `const struct iokit_driver_ops *init(void)`, called once when the
 * framework registers the module.  size is sizeof(struct iokit_driver_ops)
 * as the module saw it.  NULL slots take the default (probe keeps the
 * score and accepts, start accepts, stop does nothing).  probe and start
 * return IOKIT_OK to take the device, anything else to decline (the next
 * candidate is tried); start must undo its own work when it fails.
 * stop runs after the driver's own nubs are terminated.
 */
struct iokit_driver_ops {
	size_t size;
	int (*probe)(iokit_service_t *nub, int *score);
	int (*start)(iokit_service_t *self, iokit_service_t *nub);
	void (*stop)(iokit_service_t *self, iokit_service_t *nub);
};

/* The entry's name and location ("" if none); NULL for a bad entry. */
const char *iokit_service_name(iokit_service_t *s);
const char *iokit_service_location(iokit_service_t *s);
/* The entry's provider (the nub a driver drives), or NULL. */
iokit_service_t *iokit_service_provider(iokit_service_t *s);

/* Properties of any entry: IOKIT_ENOENT if absent or of another type,
 * IOKIT_ERANGE if the string and its NUL do not fit (buf gets ""). */
int iokit_service_get_number(iokit_service_t *s, const char *key, uint64_t *value);
int iokit_service_get_string(iokit_service_t *s, const char *key, char *buf, size_t size);

/* Properties of the driver's own entry or of nubs it created: IOKIT_EPERM
 * for other entries and for keys starting with "IO" (the framework's). */
int iokit_service_set_number(iokit_service_t *s, const char *key, uint64_t value);
int iokit_service_set_string(iokit_service_t *s, const char *key, const char *value);

/*
 * A new nub, client of the driver self, not yet published: set its
 * properties, then publish it, which matches drivers to it at once.
 * name: 1..63 characters without '/' or '@'; location may be NULL.  The
 * registry owns the nub; it is terminated with self.
 */
int iokit_nub_create(iokit_service_t *self, const char *name, const char *location,
		     iokit_service_t **out);
int iokit_nub_publish(iokit_service_t *nub);

/* iokit_logf prefixed with the entry's registry path. */
void iokit_service_logf(iokit_service_t *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
#endif /* 1.2 */

/* The module's manifest, stamped with the ABI version it was built against. */
#define IOKIT_MODULE(...) \
	KMOD_MANIFEST(.abi_major = IOKIT_ABI_MAJOR, .abi_minor = IOKIT_BUILD_ABI_MINOR, __VA_ARGS__)

#endif
