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
 *   shm.c        shared-memory regions between a client and a provider
 *   console.c    the management console
 *   main.c       start-up and the event loop
 */
#ifndef COMPOSER_H
#define COMPOSER_H

#include "urt.h"
#include <darbat/component.h>
#include "comp/comp.h"

#define MAX_COMPONENTS COMP_MAX_COMPONENTS
#define MAX_U(a, b) ((a) > (b) ? (a) : (b))
#define MIN_U(a, b) ((a) < (b) ? (a) : (b))

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}
#define LOG_LINES 16
#define STACK_BYTES (64 * 1024)

enum component_state {
	CS_STOPPED,     /* not started, or stopped from the console */
	CS_RUNNING,
	CS_BACKOFF,     /* died; restart due at restart_at */
	CS_FAILED,      /* died and will not be restarted */
	CS_EXITED,      /* finished normally */
};

struct component {
	const struct comp_component *desc;
	unsigned id;                    /* index, also the badge of its endpoints */
	enum component_state state;
	unsigned restarts;              /* deaths so far */
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
	char log[LOG_LINES][96];        /* last lines it or the composer logged about it */
	unsigned log_next;
	struct dbt_regs last_regs;      /* at its last fault */
};

extern struct component components[MAX_COMPONENTS];
extern unsigned ncomponents;
extern struct comp_system composition;
extern dbt_slot_t fault_ep;     /* components' page faults and exceptions arrive here */

/* frames.c: an owner is a component id, or SHM_OWNER(region) for the
 * frames of a shared region (they outlive neither side). */
#define SHM_MAX_REGIONS 32
#define SHM_OWNER(region) (MAX_COMPONENTS + (region))
#define FRAME_OWNERS (MAX_COMPONENTS + SHM_MAX_REGIONS)
void frames_init(const struct dbt_bootinfo *bi);
dbt_word_t frame_alloc(unsigned owner);          /* 0 when none is free */
void frames_release(unsigned owner);              /* every frame owner holds */
void *frame_ptr(dbt_word_t pa);                   /* where the composer sees it */
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
struct component *component_by_name(const char *name);
void components_poll_restarts(uint64_t now);
uint64_t components_next_restart(void);


/* shm.c */
void shm_reset(struct component *c);               /* a new generation: empty window */
void shm_release(struct component *c);             /* its regions, from both sides */
/* The frame behind page va of c's window (rights RW), or 0 if va is not in it. */
dbt_word_t shm_frame(struct component *c, dbt_word_t va);
dbt_word_t shm_share(struct component *c, const void *route, dbt_word_t route_len,
                     dbt_word_t pages, dbt_word_t *addr, dbt_word_t *id);
dbt_word_t shm_shared(struct component *c, dbt_word_t client_badge, dbt_word_t *addr,
                      dbt_word_t *size);

/* pager.c */
void pager_handle(dbt_word_t tag, dbt_word_t badge);

/* pci.c */
bool pci_expand_grants(struct component *c);

/* console.c */
void console_init(void);
void console_poll(void);
extern bool console_enabled;

#endif
