/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * darbat/component.h - what the composer hands a component it starts.
 *
 * A component starts at its ELF entry with rdi = the address of a read-only
 * struct dbt_env, mapped at DBT_ENV_ADDR.  Its capability space holds, at
 * the slots named here, exactly what its composition entry grants: its own
 * task, thread and kernel-memory quota, a fault endpoint to give the threads
 * it creates as pager and exception handler, an endpoint for the composer's
 * own services, the endpoints of the services it provides (to receive on),
 * and one badged endpoint per route (to call).  Memory: the image, a stack
 * below DBT_ENV_STACK_TOP and a heap from DBT_ENV_HEAP_BASE up to
 * env->heap_max bytes are paged in on first touch, within the component's
 * memory budget.  Shared-memory regions (composer.share / composer.shared)
 * appear in the window at DBT_ENV_SHM_BASE, in the order they were made,
 * with an unmapped guard page after each.
 */
#ifndef DARBAT_COMPONENT_H
#define DARBAT_COMPONENT_H

#include <darbat/abi.h>

#define DBT_ENV_MAGIC       0x766e65746162ull     /* "batenv" */
#define DBT_ENV_ADDR        0x7ffff0000000ull
#define DBT_ENV_UTCB        0x7ffff0010000ull     /* the first thread's UTCB */
#define DBT_ENV_UTCB_AREA   0x7ffff0100000ull     /* more UTCBs: one page each */
#define DBT_ENV_STACK_TOP   0x7fffe0000000ull
#define DBT_ENV_HEAP_BASE   0x100000000000ull
#define DBT_ENV_DEVICE_BASE 0x200000000000ull     /* MMIO windows, in grant order */
/* Each MMIO grant's window starts on a 1 MiB boundary after the previous one. */
#define DBT_ENV_MMIO_ALIGN  0x100000ull
#define DBT_ENV_MMIO_WINDOW(size) (((size) + DBT_ENV_MMIO_ALIGN - 1) & ~(DBT_ENV_MMIO_ALIGN - 1))
#define DBT_ENV_SHM_BASE    0x280000000000ull     /* shared regions, one after another */
#define DBT_ENV_SHM_SIZE    0x010000000000ull     /* bytes of that window */
#define DBT_ENV_DMA_BASE    0x300000000000ull     /* DMA buffers (composer.dma_alloc) */
#define DBT_ENV_FILE_BASE   0x380000000000ull     /* boot-image files (composer.file), read-only */

/* Fixed slots of a component's capability space. */
#define DBT_COMP_SLOT_TASK     1    /* own task: CONTROL (threads, giving itself caps) */
#define DBT_COMP_SLOT_THREAD   2    /* own first thread */
#define DBT_COMP_SLOT_QUOTA    3    /* own kernel-memory quota: CONTROL | READ */
#define DBT_COMP_SLOT_FAULT    4    /* pager / exception endpoint for its threads: WRITE */
#define DBT_COMP_SLOT_COMPOSER 5    /* the composer's services: WRITE (badged) */
#define DBT_COMP_SLOT_CONSOLE  6    /* debug console output: WRITE, if its console is com1 */
#define DBT_COMP_SLOT_CONTROL  7    /* commands from the composer's console: READ */
#define DBT_COMP_SLOT_FIRST    16   /* provided services, routes, IRQs follow */
#define DBT_COMP_SLOT_FREE     64   /* first slot the component may allocate */
#define DBT_COMP_CSPACE_ORDER  8    /* the default: 256 slots; `slots N` in the composition */

/* Errors of the composer's own methods (reply labels; compproto.idl). */
#define DBT_COMP_E_NO_ROUTE  0x200  /* share: the caller has no such route */
#define DBT_COMP_E_PAGES     0x201  /* share, dma_alloc: 0 pages, or more than the maximum */
#define DBT_COMP_E_BUDGET    0x202  /* share, dma_alloc: over the caller's memory budget, or no frames */
#define DBT_COMP_E_BUSY      0x203  /* share: already one with that provider, or no room;
                                       dma_alloc: the caller holds DBT_COMP_DMA_MAX_BUFFERS */
#define DBT_COMP_E_DOWN      0x204  /* share: the provider is not running */
#define DBT_COMP_E_NO_REGION 0x205  /* shared: no region with that client */
#define DBT_COMP_E_NO_DEVICE 0x206  /* pci_*: the caller was not granted that function */
#define DBT_COMP_E_RANGE     0x207  /* pci_*: bad offset or width, or a refused register (BARs) */
#define DBT_COMP_E_NO_FILE   0x208  /* file: not granted to the caller, or not in the boot image */
#define DBT_COMP_E_NO_BUFFER 0x209  /* dma_free: no DMA buffer at that address */
#define DBT_COMP_E_NO_POWER  0x20a  /* power: the composition does not grant it (`power yes`) */
#define DBT_COMP_POWER_OFF   0      /* power: modes */
#define DBT_COMP_POWER_RESET 1
#define DBT_COMP_SHM_MAX_PAGES 256  /* pages of one region (1 MiB) */
#define DBT_COMP_DMA_MAX_PAGES 256  /* pages of one DMA buffer (1 MiB, physically contiguous) */
#define DBT_COMP_DMA_MAX_BUFFERS 64 /* DMA buffers one component may hold */

/*
 * A console command for a component (`ioreg NAME ...` and the like on the
 * composer's console): a one-way message on its DBT_COMP_SLOT_CONTROL
 * endpoint, label DBT_COMP_CONTROL_COMMAND, the NUL-terminated command line
 * (at most DBT_COMP_CONTROL_MAX bytes with the NUL) in the words.  The
 * component prints its answer on its own console.
 */
#define DBT_COMP_CONTROL_COMMAND 0x300
#define DBT_COMP_CONTROL_MAX     240

#define DBT_ENV_NAME_LEN 32
#define DBT_ENV_MAX_NAMES 56     /* services, routes, devices (PCI: 8 each), files */

/* A name the component looks up: a service it provides or uses, an IRQ line,
 * an MMIO window (addr = where it is mapped, size) or an I/O port range. */
struct dbt_env_entry {
	char name[DBT_ENV_NAME_LEN];
	dbt_word_t kind;            /* DBT_ENV_* */
	dbt_word_t slot;            /* capability slot (services, routes, IRQs) */
	dbt_word_t addr, size;      /* MMIO: virtual address and size; ports: first, count */
};

enum dbt_env_kind {
	DBT_ENV_PROVIDES = 1,       /* endpoint to receive requests on (READ) */
	DBT_ENV_USES,               /* endpoint to call (WRITE, badged for this client) */
	DBT_ENV_IRQ,                /* IRQ capability; addr = line */
	DBT_ENV_MMIO,               /* device memory mapped at addr */
	DBT_ENV_IOPORTS,            /* ports addr .. addr + size - 1 are open */
	DBT_ENV_PCI,                /* a granted PCI function: addr = bdf (COMP_PCI_ADDR),
	                               size = vendor | device << 16 | class_code << 32;
	                               its BARs and IRQ follow as entries named
	                               "BB:DD.F/barN" and "BB:DD.F/irq" */
	DBT_ENV_FILE,               /* a boot-image file it may map (composer.file):
	                               addr = where that maps it, size = its bytes */
};

struct dbt_env {
	dbt_word_t magic;
	char name[DBT_ENV_NAME_LEN];
	char args[256];             /* the composition's argument string */
	dbt_word_t heap_max;        /* bytes the heap may grow to */
	dbt_word_t stack_size;
	dbt_word_t generation;      /* 0 at first start, +1 per start */
	dbt_word_t start_tsc;       /* the composer's rdtsc when it began creating it */
	dbt_word_t cspace_slots;    /* slots of its capability space (`slots`, default 256) */
	dbt_word_t nentries;
	struct dbt_env_entry entry[DBT_ENV_MAX_NAMES];
};
_Static_assert(sizeof(struct dbt_env) <= (1 << DBT_PAGE_ORDER), "the environment is one page");

#endif
