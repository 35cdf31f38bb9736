/* SPDX-License-Identifier: BSD-2-Clause */
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
 *   (header)    urt/list.h      the intrusive doubly linked list
 *   drvsvc.c    (below)         the composer's services for drivers
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
#include "util.h"

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

#include "urt/list.h"
#include "urt/slots.h"
#include "urt/sync.h"
#include "urt/malloc.h"
#include "urt/thread.h"
#include "urt/time.h"
#include "urt/x86.h"
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

/* ---- the composer's services for drivers (drvsvc.c; components only) ----
 * These return 0, a DBT_COMP_E_* code (darbat/component.h) as the composer
 * gave it, or an IPC error (below 0x200); docs/RUNTIME.md. */
/* Configuration space of a granted PCI function (bdf: COMP_PCI_ADDR
 * encoding, as in its DBT_ENV_PCI entry): off 0..255, width 1, 2 or 4,
 * naturally aligned.  DBT_COMP_E_NO_DEVICE: not granted; DBT_COMP_E_RANGE:
 * bad offset or width, or a register the composer keeps (BARs, ROM,
 * header type, BIST); of the command register only the I/O, memory,
 * bus-master and INTx-disable bits change. */
int urt_pci_read(uint64_t bdf, unsigned off, unsigned width, uint32_t *v);
int urt_pci_write(uint64_t bdf, unsigned off, unsigned width, uint32_t v);
/* pages (1..DBT_COMP_DMA_MAX_PAGES) physically contiguous zeroed pages
 * mapped read-write at *va, the first at physical address *phys; counted
 * against the memory budget (DBT_COMP_E_PAGES, DBT_COMP_E_BUDGET;
 * DBT_COMP_E_BUSY: it holds DBT_COMP_DMA_MAX_BUFFERS).  urt_dma_free:
 * DBT_COMP_E_NO_BUFFER if va is not the start of one; its pages are
 * unmapped. */
int urt_dma_alloc(size_t pages, void **va, uint64_t *phys);
int urt_dma_free(void *va);
/* A boot-image file granted by the composition (`file NAME`), mapped
 * read-only: *addr (the same every time) and *size.  DBT_COMP_E_NO_FILE. */
int urt_file_map(const char *name, const void **addr, size_t *size);
/* The component's control endpoint (console commands), or 0 outside one. */
dbt_slot_t urt_control_slot(void);
/* Tell the composer this component answers console commands, once per
 * generation (composer.takes_commands); until then its console says
 * "NAME: takes no console commands".  urt_control_recv does it on first
 * use; a server with its own receive loop calls it.  URT_OK, URT_EPERM (no
 * control endpoint), URT_EKERNEL (the call failed). */
int urt_control_announce(void);
/* Wait up to timeout microseconds (DBT_TIMEOUT_NEVER: for ever) for one
 * console command; buf gets its text, NUL-terminated, cut to n - 1 bytes.
 * Announces (urt_control_announce) the first time.
 * URT_ETIMEDOUT, URT_EINVAL (n == 0, or a malformed message: dropped),
 * URT_EPERM (no control endpoint), URT_EKERNEL. */
int urt_control_recv(char *buf, size_t n, dbt_word_t timeout);

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
/* n pages from the heap's own page source, never returned: in a component,
 * pages of its heap window (filled by the composer on first touch, counted
 * against its memory budget); in the root task, urt_pages_try_alloc.  NULL
 * when the budget is spent.  For servers that manage frames themselves
 * (unixd's frame pool); not thread-safe against a concurrent malloc growth
 * in a root task. */
void *urt_heap_pages(size_t n);
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
