/*
 * urt.h - the component runtime library: what every native Darbat program
 * (root task or component) links with.
 *
 *   urt.c       start-up (crt0.S -> urt_start -> main), console output,
 *               the page source, boot arguments, halting
 *   malloc.c    urt/malloc.h    heap over a pluggable page source
 *   thread.c    urt/thread.h    threads in the own task, thread-local pointer
 *   sync.c      urt/sync.h      mutexes, condition variables, semaphores
 *   time.c      urt/time.h      clock, sleep, timers
 *   slots.c     urt/slots.h     capability-slot and index allocators
 *   ustring.c   urt/ustring.h   string routines (with lib/dstring.h)
 *
 * Reference: docs/RUNTIME.md.  Runtime functions return 0 or a URT_E* code.
 */
#ifndef URT_H
#define URT_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <darbat/darbat.h>
#include <darbat/component.h>
#include "dstring.h"
#include "fmt.h"

enum urt_error {
	URT_OK = 0,
	URT_ENOMEM,             /* memory, slots, UTCB pages or quota exhausted */
	URT_EINVAL,             /* bad argument */
	URT_EBUSY,              /* resource held / in use */
	URT_ETIMEDOUT,          /* deadline passed */
	URT_EDEADLK,            /* would wait for itself */
	URT_EPERM,              /* caller does not own the object */
	URT_EOVERFLOW,          /* a count would wrap */
	URT_ECORRUPT,           /* heap damage detected */
	URT_EKERNEL,            /* a kernel call failed unexpectedly */
};

#include "urt/slots.h"
#include "urt/sync.h"
#include "urt/malloc.h"
#include "urt/thread.h"
#include "urt/time.h"
#include "urt/ustring.h"
#include "urt/shm.h"

extern const struct dbt_bootinfo *urt_bootinfo;   /* root task only; NULL in a component */
extern const struct dbt_env *urt_env;             /* component only; NULL in the root task */

/* A name from the component's environment (a service it provides or uses,
 * an IRQ, a device window): its entry, or NULL.  urt_service gives the
 * capability slot of a provided or used service, or 0. */
const struct dbt_env_entry *urt_env_find(const char *name);
dbt_slot_t urt_service(const char *name);

int main(const struct dbt_bootinfo *bi);

/* ---- configuration: capabilities the runtime uses (root defaults) ---- */
extern dbt_slot_t urt_debug_slot;       /* console (DEBUG WRITE), DBT_ROOT_SLOT_DEBUG */
extern dbt_slot_t urt_physmem_slot;     /* for the default page source */
extern dbt_slot_t urt_iospace_slot;     /* for urt_poweroff */

/* ---- output ---- */
void uprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void uvprintf(const char *fmt, va_list ap);
void uputs(const char *s);
/* Where formatted output goes: default, the kernel console through
 * urt_debug_slot.  A component may route it to a log service.  Called with
 * whole lines (or 512-byte pieces of longer ones), from any thread. */
typedef void urt_output_t(const char *buf, size_t len);
void urt_set_output(urt_output_t *fn);

/* ---- pages ---- */
/* n fresh zeroed read-write pages mapped into the task (root tasks: frames
 * of the boot memory map, through urt_physmem_slot), or NULL.  Thread-safe;
 * the default page source of the heap. */
void *urt_pages_try_alloc(size_t n);
/* As urt_pages_try_alloc, halting the task with a message on failure. */
void *urt_alloc_pages(size_t n);
/* One free physical frame (not mapped) of the boot memory map; halts when
 * there is none.  urt_try_alloc_frame returns 0 instead. */
dbt_word_t urt_alloc_frame(void);
dbt_word_t urt_try_alloc_frame(void);

/* Value of key=value in the boot command line, or NULL. */
const char *urt_arg(const char *key, char *buf, size_t n);
void urt_poweroff(int code) __attribute__((noreturn));
/* Stop the calling thread for ever. */
void urt_halt(void) __attribute__((noreturn));

#endif
