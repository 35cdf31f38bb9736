/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * composer.h - the root task that composes the system.
 *
 * It owns every resource at boot, reads the composition description (a boot
 * module), creates each component with exactly the capabilities its entry
 * grants, is the pager of every component (their memory is its frames,
 * counted against their budget), starts them in dependency order, and
 * supervises them: a component that faults is logged with its registers
 * and restarted by its policy with exponential back-off, or the system
 * halts if it was critical.  A management console runs on COM2.
 *
 *   frames.c     physical frames and who owns them
 *   loader.c     ELF images into a component's address space (on fault)
 *   component.c  creating, destroying and restarting a component
 *   pager.c      page faults and exceptions of components
 *   service.c    the composer protocol server (interfaces/compproto.idl)
 *   shm.c        shared-memory regions between a client and a provider
 *   pci.c        PCI grants: resources, environment, configuration space
 *   dma.c        DMA buffers: physically contiguous frames for drivers
 *   files.c      boot-image files components may map read-only
 *   control.c    console commands sent to components (ioreg, kextstat, ...)
 *   console.c    the management console
 *   errors.c     names of the kernel's error codes, for messages
 *   main.c       start-up, the event loop and the message entry
 */
#ifndef COMPOSER_H
#define COMPOSER_H

#include "urt.h"
#include "urt/x86.h"
#include <darbat/component.h>
#include "comp/comp.h"

#define MAX_COMPONENTS COMP_MAX_COMPONENTS
#define MAX_U(a, b) ((a) > (b) ? (a) : (b))
#define MIN_U(a, b) ((a) < (b) ? (a) : (b))

#define PAGE_SHIFT 12
#define PAGE_SIZE (1ull << PAGE_SHIFT)
#define PAGE_DOWN(x) ((x) & ~(PAGE_SIZE - 1))
#define PAGE_UP(x) (((x) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))

#define LOG_LINES 16
#define LOG_LINE_MAX 160                /* bytes of one log line, with its NUL */
#define STACK_BYTES (64 * 1024)

enum component_state {
	CS_STOPPED,     /* not started, or stopped from the console */
	CS_RUNNING,
	CS_BACKOFF,     /* died; restart due at restart_at */
	CS_FAILED,      /* died and will not be restarted */
	CS_EXITED,      /* finished normally */
};

/* A PCI function granted to a component (pci.c), found at start-up. */
struct pci_fn {
	uint64_t bdf;                   /* COMP_PCI_ADDR encoding */
	uint32_t id;                    /* vendor | device << 16 */
	uint32_t class_code;            /* class, subclass, prog-if (24 bits) */
	uint8_t header_type;            /* 0: device, 1: bridge, ... (without bit 7) */
};
#define PCI_BAR_IRQ 0xff                /* dev_bar[]: the function's interrupt line */
#define PCI_BAR_MSI 0xfe                /* dev_bar[]: its message-signalled line */

struct component {
	const struct comp_component *desc;
	unsigned id;                    /* index, also the badge of its endpoints */
	enum component_state state;
	unsigned generation;            /* starts so far: the next start's env->generation */
	unsigned deaths;                /* faults, kills, failed exits and failed starts */
	unsigned restarts;              /* starts by its restart policy (what restart-limit counts) */
	char refused[LOG_LINE_MAX];     /* why it can never start (prepared at start-up), or "" */
	bool takes_commands;            /* this generation said it answers console commands */
	/* a command that found the component not waiting, retried until then
	 * (microseconds; 0: none): control.c */
	uint64_t control_until;
	char control_pending[DBT_COMP_CONTROL_MAX];
	uint64_t restart_at;            /* microseconds, for CS_BACKOFF */
	uint64_t started_at, backoff_us;
	/* live objects, in the composer's capability space */
	dbt_slot_t quota, task, thread;
	dbt_slot_t fault_cap;           /* fault endpoint badged with id + 1 (kept) */
	bool ports_sent;                /* its I/O ports went with its first fault */
	const struct dbt_module *image;
	dbt_word_t entry;
	size_t pages;                   /* frames it holds */
	size_t max_pages;
	dbt_word_t env_frame;           /* physical frame of its environment page */
	dbt_word_t shm_next;            /* next free address in its shared-memory window */
	dbt_word_t void_frame;          /* shm.c: behind its released regions, 0: none yet */
	dbt_word_t dma_exposed;         /* shm.c: pages of regions whose frames it was given */
	/* pci.c: its PCI functions; per device, the function it came from
	 * (index + 1, 0: a plain grant) and the BAR (or PCI_BAR_IRQ) */
	struct pci_fn pci[COMP_MAX_DEVICES];
	unsigned npci;
	uint8_t dev_pci[COMP_MAX_DEVICES], dev_bar[COMP_MAX_DEVICES];
	dbt_word_t dma_next;            /* dma.c: next free address in its DMA window */
	/* files.c: its granted boot modules, where each sits in its file
	 * window (fixed for good), and which it mapped this generation */
	const struct dbt_module *file[COMP_MAX_FILES];
	dbt_word_t file_va[COMP_MAX_FILES];
	unsigned files_open;            /* bit i: file[i] was asked for (composer.file) */
	dbt_slot_t control_ep;          /* control.c: its command endpoint (the composer's) */
	char log[LOG_LINES][LOG_LINE_MAX];      /* last lines it or the composer logged about it */
	unsigned log_next;
	struct dbt_regs last_regs;      /* at its last fault */
};

extern struct component components[MAX_COMPONENTS];
extern unsigned ncomponents;
extern struct comp_system composition;
extern dbt_slot_t fault_ep;     /* components' page faults and exceptions arrive here */

/* frames.c: an owner is a component id, SHM_OWNER(region) for the frames
 * of a shared region (they outlive neither side), or DMA_OWNER(id, buffer)
 * for those of one of a component's DMA buffers (dma.c). */
#define SHM_MAX_REGIONS 32
#define SHM_OWNER(region) (MAX_COMPONENTS + (region))
#define DMA_MAX_BUFFERS DBT_COMP_DMA_MAX_BUFFERS     /* per component */
#define DMA_OWNER(comp, buf) (MAX_COMPONENTS + SHM_MAX_REGIONS + (comp) * DMA_MAX_BUFFERS + (buf))
/* QUAR_OWNER(id): frames of regions of dead clients that provider id may
 * still have a device transferring into (it was given their physical
 * addresses: shm.c); they go back when it dies or stops. */
#define QUAR_OWNER(comp) (DMA_OWNER(MAX_COMPONENTS, 0) + (comp))
#define FRAME_OWNERS QUAR_OWNER(MAX_COMPONENTS)
#define SHM_EXPOSED_MAX_PAGES 1024      /* per provider: regions it has the frames of */
void frames_init(const struct dbt_bootinfo *bi);
dbt_word_t frame_alloc(unsigned owner);          /* 0 when none is free */
/* n physically contiguous zeroed frames for owner: the first's address, or 0. */
dbt_word_t frames_alloc_contig(unsigned owner, size_t n);
void frames_release(unsigned owner);              /* every frame owner holds */
void frames_move(unsigned from, unsigned to);     /* every frame of from becomes to's */
size_t frames_held(unsigned owner);               /* how many frames owner holds */
void *frame_ptr(dbt_word_t pa);                   /* where the composer sees it */
/* What RAM [base, last] overlaps in the boot memory map ("free RAM", "RAM
 * the kernel keeps", ...), or NULL: an MMIO grant must be device memory. */
const char *frames_ram_overlap(dbt_word_t base, dbt_word_t last);
/* Where the composer maps device memory (MMIO grants) for itself, at
 * COMPOSER_DEVICE_VIEW + physical address, to map it on to a component. */
#define COMPOSER_DEVICE_VIEW 0x380000000000ull
size_t frames_free(void);

/* loader.c */
const struct dbt_module *module_find(const char *name);
const char *image_check(const struct dbt_module *m, dbt_word_t *entry);
/* Fill a fresh frame for va of the image; rights out; false if va is not in it. */
bool image_page(const struct dbt_module *m, dbt_word_t va, void *page, unsigned *rights);
dbt_word_t image_size(const struct dbt_module *m);   /* bytes of pages it spans */

/* component.c */
bool services_create(void);
extern dbt_word_t quota_object_bytes;
dbt_word_t component_start(struct component *c);
void component_destroy(struct component *c);
void component_died(struct component *c, const char *why);
void component_exited(struct component *c, dbt_word_t code);
void component_logf(struct component *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* At start-up: log why c can never start and keep the first such reason. */
void component_refuse(struct component *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
struct component *component_by_name(const char *name);
void components_poll_restarts(uint64_t now);
uint64_t components_next_restart(void);

/* errors.c: the name of a kernel error code (DBT_E_*), for messages. */
const char *kernel_error(dbt_word_t err);

/* shm.c */
void shm_reset(struct component *c);               /* a new generation: empty window */
void shm_release(struct component *c);             /* its regions, from both sides */
/* The frame behind page va of c's window (rights RW), or 0 if va is not in it. */
dbt_word_t shm_frame(struct component *c, dbt_word_t va);
dbt_word_t shm_share(struct component *c, const void *route, dbt_word_t route_len,
                     dbt_word_t pages, dbt_word_t *addr, dbt_word_t *id);
dbt_word_t shm_shared(struct component *c, dbt_word_t client_badge, dbt_word_t *addr,
                      dbt_word_t *size);
dbt_word_t shm_shared_phys(struct component *c, dbt_word_t client_badge, dbt_word_t page,
                           dbt_word_t *phys, dbt_word_t *run);

/* pager.c: answer a page fault (map the frame) or end the component. */
void pager_fault(struct component *c, dbt_word_t addr, dbt_word_t access, dbt_word_t rip);
void pager_exception(struct component *c, const dbt_word_t *mr);

/* service.c: serve a composer-protocol request and reply to it. */
void service_call(struct component *c, dbt_word_t tag, dbt_word_t badge);

/* pci.c */
void pci_expand_grants(struct component *c);        /* what cannot be given: component_refuse */
/* The environment names of c's PCI functions and their resources. */
void pci_env_name(const struct component *c, unsigned dev, char *buf, size_t n);
dbt_word_t pci_cfg_read(struct component *c, dbt_word_t bdf, dbt_word_t off, dbt_word_t width,
                        dbt_word_t *value);
dbt_word_t pci_cfg_write(struct component *c, dbt_word_t bdf, dbt_word_t off, dbt_word_t width,
                         dbt_word_t value);
void pci_quiesce(struct component *c);             /* its functions stop bus mastering */

/* dma.c */
void dma_reset(struct component *c);                /* a new generation: empty window */
void dma_release(struct component *c);              /* every buffer it holds (task gone) */
dbt_word_t dma_frame(struct component *c, dbt_word_t va);  /* frame behind va, or 0 */
dbt_word_t dma_alloc(struct component *c, dbt_word_t pages, dbt_word_t *addr, dbt_word_t *phys);
dbt_word_t dma_free(struct component *c, dbt_word_t addr);

/* files.c */
void files_prepare(struct component *c);            /* find its files; a missing one: component_refuse */
/* The module page behind va of an opened file (rights read), or 0. */
dbt_word_t file_frame(struct component *c, dbt_word_t va);
dbt_word_t file_open(struct component *c, const void *name, dbt_word_t len, dbt_word_t *addr,
                     dbt_word_t *size);

/* control.c */
bool control_create(struct component *c);          /* its endpoint, once, before it starts */
/* Send a command line to c without waiting: NULL (sent, or kept to be
 * retried: control_retry), or why not ("takes no console commands", ...). */
const char *control_send(struct component *c, const char *text);
bool control_pending(void);                         /* a command waits to be retried */
void control_drop(struct component *c);             /* forget c's kept command */
void control_retry(uint64_t now);                   /* retry them; say "busy" when it expires */

/* main.c: print HALT and power the machine off (QEMU's isa-debug-exit). */
#define HALT_POWEROFF_CODE 3            /* QEMU exits with status 2 * 3 + 1 = 7 */
void composer_halt(void) __attribute__((noreturn));

/* console.c */
void console_init(void);
void console_poll(void);
/* A line for the console (COM1 or COM2, wherever it is). */
void console_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
extern bool console_enabled;

#endif
