/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * comp.h (lib/comp) - the composition description: parse and check the text
 * file that says which components a Darbat system runs and what each may use.
 * The format is documented in docs/COMPOSITION.md.
 *
 * Freestanding C11: no libc, no allocation.  The same code is compiled into
 * the composer (root task, as $(B)/ulib/comp/parse.c.o and check.c.o) and into the host
 * checker tools/compcheck.  Two source files: lib/comp/parse.c (comp_parse,
 * line by line) and lib/comp/check.c (comp_check, comp_start_order), which
 * share the error list (lib/comp/error.h, private).  They need only
 * memset, memcpy, memmove, memcmp, strcmp, strlen (lib/dstring.h) and
 * snfmt, vsnfmt (lib/fmt.h).
 *
 * Use:
 *	static struct comp_system sys;          // ~100 KiB: keep it static
 *	if (comp_parse(&sys, "default.comp", text, len) == 0)
 *		comp_check(&sys);
 *	for (unsigned i = 0; i < sys.nerrors; i++)
 *		print(sys.error[i].text);       // "file:line: message"
 *	if (sys.nerrors == 0)
 *		comp_start_order(&sys, order);  // providers before their users
 *
 * comp_parse checks each line on its own (syntax, unknown keys, values out
 * of range); comp_check the whole file (required keys, duplicate names,
 * routes, devices granted twice or kept by the kernel or the composer,
 * memory over-committed, dependency cycles) and resolves every route to
 * its provider.  A system is usable only when both return 0.  What only
 * the machine tells is checked when its facts are known: comp_check_machine
 * (RAM, the kernel's pool) and comp_check_modules (binaries and files).
 * Errors are kept sorted by line, at most COMP_MAX_ERRORS; `dropped`
 * counts the ones that did not fit.
 */
#ifndef DARBAT_LIB_COMP_H
#define DARBAT_LIB_COMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define COMP_MAX_COMPONENTS 32
#define COMP_MAX_DEVICES    16  /* per component, all kinds together */
#define COMP_MAX_SERVICES   16  /* provided, per component */
#define COMP_MAX_ROUTES     16  /* used, per component */
#define COMP_NAME_MAX       32  /* names of systems, components, services, with NUL */
#define COMP_FILE_MAX       64  /* binary (boot-module) file name, with NUL */
#define COMP_ARGS_MAX       128 /* argument string, with NUL */
#define COMP_MAX_FILES      8   /* boot-image files granted (`file`), per component */
#define COMP_FNAME_MAX      32  /* a granted file's name, with NUL (DBT_ENV_NAME_LEN) */
#define COMP_MAX_ERRORS     16
#define COMP_ERROR_MAX      192 /* one formatted error, with NUL */
#define COMP_LINE_MAX       256 /* longest line accepted */

#define COMP_PRIO_MAX       199 /* the composer itself runs at 200 */
#define COMP_IRQ_LINES      24  /* IOAPIC inputs; kernel/include/irq.h IRQ_LINES */
#define COMP_PAGE_SIZE      4096u
#define COMP_DELAY_MAX_MS   3600000u /* back-off delays: at most one hour */
#define COMP_RESTARTS_MAX   1000000u
#define COMP_SIZE_LIMIT     (1ull << 48)        /* largest memory size accepted */
#define COMP_PHYS_LIMIT     ((1ull << 52) - 1)  /* highest physical address */
/* `slots`: a component's capability space, a power of two in this range;
 * the kernel charges COMP_SLOT_KMEM bytes of the component's kmem per slot
 * (docs/KERNEL-API.md section 12: 128 << order).  The composer checks these
 * against DBT_COMP_CSPACE_ORDER and DBT_CSPACE_MAX_ORDER. */
#define COMP_SLOTS_MIN      256u
#define COMP_SLOTS_MAX      16384u
#define COMP_SLOT_KMEM      128u

/* Defaults of optional component keys. */
#define COMP_DEFAULT_BACKOFF_INITIAL_MS 100u
#define COMP_DEFAULT_BACKOFF_MAX_MS     10000u
#define COMP_DEFAULT_RESTART_LIMIT      5u
#define COMP_DEFAULT_SLOTS              COMP_SLOTS_MIN

enum comp_restart {
	COMP_RESTART_NEVER,      /* a dead component stays dead (default) */
	COMP_RESTART_ALWAYS,     /* restart after any exit or fault */
	COMP_RESTART_ON_FAILURE, /* restart after a fault or a non-zero exit */
};

enum comp_console {
	COMP_CONSOLE_NONE, /* default: no console */
	COMP_CONSOLE_COM1,
	COMP_CONSOLE_COM2,
};

enum comp_dev_kind {
	COMP_DEV_IOPORT,   /* base..last: I/O ports, inclusive */
	COMP_DEV_IRQ,      /* base == last: the IRQ line */
	COMP_DEV_MMIO,     /* base..last: physical addresses, inclusive, page-aligned */
	COMP_DEV_PCI_ADDR, /* base == last: COMP_PCI_ADDR(bus, dev, fn) */
	COMP_DEV_PCI_ID,   /* base == last: COMP_PCI_ID(vendor, device) */
};

#define COMP_PCI_ADDR(bus, dev, fn) (((uint64_t)(bus) << 8) | ((uint64_t)(dev) << 3) | (fn))
#define COMP_PCI_BUS(a)             (((a) >> 8) & 0xff)
#define COMP_PCI_DEV(a)             (((a) >> 3) & 0x1f)
#define COMP_PCI_FN(a)              ((a) & 7)
#define COMP_PCI_ID(vendor, device) (((uint64_t)(vendor) << 16) | (device))
#define COMP_PCI_VENDOR(i)          (((i) >> 16) & 0xffff)
#define COMP_PCI_NO_VENDOR          0xffff  /* what an empty slot reads as: no device's */
#define COMP_PCI_DEVICE(i)          ((i) & 0xffff)

struct comp_device {
	enum comp_dev_kind kind;
	uint64_t base, last;
	unsigned line;
};

/*
 * A resource the kernel or the composer keeps for itself: comp_check
 * refuses a grant that overlaps one (docs/COMPOSITION.md, section 3.5).
 */
struct comp_reserved {
	enum comp_dev_kind kind;  /* COMP_DEV_IOPORT, COMP_DEV_IRQ or COMP_DEV_MMIO */
	uint64_t base, last;      /* inclusive, as in struct comp_device */
	const char *what;         /* "the PCI configuration ports" */
	const char *keeper;       /* "the kernel" or "the composer" */
	bool com2_console;        /* kept only when the composer's console is on COM2 */
};

/* `file NAME`: a boot module the component may map read-only. */
struct comp_file {
	char name[COMP_FNAME_MAX];
	unsigned line;
};

struct comp_service {
	char name[COMP_NAME_MAX];
	unsigned line;
};

/*
 * `uses LOCAL = PROVIDER.SERVICE`, `uses LOCAL = SERVICE` or `uses SERVICE`.
 * provider is "" when the route does not name one; comp_check then finds the
 * only component providing the service.  comp_check fills in to/svc.
 */
struct comp_route {
	char local[COMP_NAME_MAX];    /* the name the component asks for */
	char provider[COMP_NAME_MAX]; /* as written, or "" */
	char service[COMP_NAME_MAX];
	unsigned line;
	int to;  /* resolved: index of the provider in system.component[], or -1 */
	int svc; /* resolved: index in the provider's provides[], or -1 */
};

/* Key indices for key_line[] (0 there = the key was not given). */
enum comp_key {
	COMP_KEY_SYSTEM, COMP_KEY_MEMORY, COMP_KEY_KMEM, COMP_KEY_CONSOLE,
	COMP_KEY_COMPONENT, COMP_KEY_BINARY, COMP_KEY_ARGS, COMP_KEY_PRIORITY,
	COMP_KEY_RESTART, COMP_KEY_BACKOFF, COMP_KEY_RESTART_LIMIT, COMP_KEY_CRITICAL,
	COMP_KEY_SLOTS, COMP_KEY_HEAP_EXEC, COMP_KEY_POWER, COMP_KEY_COUNT
};

struct comp_component {
	char name[COMP_NAME_MAX];
	unsigned line;                 /* of its `component` line */
	char binary[COMP_FILE_MAX];    /* boot-module file name */
	char args[COMP_ARGS_MAX];      /* "" when none */
	uint64_t memory;               /* bytes, multiple of COMP_PAGE_SIZE */
	uint64_t kmem;                 /* kernel-memory quota, bytes */
	unsigned priority;             /* 0..COMP_PRIO_MAX */
	enum comp_restart restart;
	uint32_t backoff_initial_ms;   /* first delay; doubled per restart ... */
	uint32_t backoff_max_ms;       /* ... up to this */
	unsigned restart_limit;        /* restarts before it stays down */
	bool critical;                 /* when it dies for good, the system halts */
	bool heap_exec;                /* heap pages mapped executable too (`heap-exec yes`) */
	bool power;                    /* may power the machine off or reset it (`power yes`) */
	unsigned slots;                /* capability-space slots, a power of two */
	enum comp_console console;
	unsigned ndevices, nprovides, nuses, nfiles;
	struct comp_device device[COMP_MAX_DEVICES];
	struct comp_file file[COMP_MAX_FILES];
	struct comp_service provides[COMP_MAX_SERVICES];
	struct comp_route uses[COMP_MAX_ROUTES];
	unsigned key_line[COMP_KEY_COUNT];
};

struct comp_error {
	unsigned line;
	char text[COMP_ERROR_MAX]; /* "file:line: message", no newline */
};

struct comp_system {
	const char *file;          /* for messages; owned by the caller */
	char name[COMP_NAME_MAX];
	uint64_t memory;           /* bytes the composer may hand out */
	uint64_t kmem;             /* kernel memory for all quotas; 0 = no limit declared */
	enum comp_console console; /* the composer's management console (default com1) */
	unsigned key_line[COMP_KEY_COUNT];
	unsigned ncomponents;
	struct comp_component component[COMP_MAX_COMPONENTS];
	unsigned nerrors, dropped;
	struct comp_error error[COMP_MAX_ERRORS];
};

/*
 * Parse text[0..len) (not NUL-terminated, need not end in a newline) into
 * *sys, which is reset first.  file names the text in messages.  Returns the
 * number of errors recorded (0 on success).
 */
int comp_parse(struct comp_system *sys, const char *file, const char *text, size_t len);

/*
 * Whole-file checks on a system comp_parse accepted; resolves routes.
 * Returns the number of errors (0: the system is valid).
 */
int comp_check(struct comp_system *sys);

/*
 * order[0..ncomponents) = component indices so that every provider comes
 * before its users; among components ready at the same time, file order.
 * Requires a system that passed comp_check.  Returns 0, or -1 on a cycle.
 */
int comp_start_order(const struct comp_system *sys, unsigned order[COMP_MAX_COMPONENTS]);

/*
 * The first resource kept by the kernel or the composer that d overlaps,
 * in a system whose composer console is sys->console; NULL when d may be
 * granted.  comp_check applies it to every grant in the file; the composer
 * may apply it to what a PCI grant expands to.
 */
const struct comp_reserved *comp_reserved_find(const struct comp_system *sys,
                                               const struct comp_device *d);

/* What the machine offers, for comp_check_machine. */
struct comp_machine {
	uint64_t ram;       /* bytes of RAM */
	uint64_t kmem_pool; /* the kernel's object pool: all kernel-memory quotas come from it */
};

/*
 * The budgets against the machine: the system's `memory` against its RAM;
 * the system's `kmem` (or, without one, the components' quotas together)
 * against the kernel's pool.  On a system comp_parse accepted; returns the
 * number of errors recorded so far.
 */
int comp_check_machine(struct comp_system *sys, const struct comp_machine *m);

/*
 * Every `binary` and `file` against where the boot modules come from:
 * look(ctx, name) returns NULL when the module is there, else why not
 * ("is not in build/bin"), which the error puts after the name.  On a
 * system comp_parse accepted; returns the number of errors recorded so far.
 */
int comp_check_modules(struct comp_system *sys, const char *(*look)(void *ctx, const char *name),
                       void *ctx);

/* Index of the component called name, or -1. */
int comp_find(const struct comp_system *sys, const char *name);

/* Names as written in the file ("on-failure", "com1", "ioport", ...). */
const char *comp_restart_name(enum comp_restart r);
const char *comp_console_name(enum comp_console c);
const char *comp_dev_kind_name(enum comp_dev_kind k);

/* Write "ioport 0x3f8-0x3ff", "pci 00:1f.2", ... as in the file; returns buf. */
const char *comp_device_format(const struct comp_device *d, char *buf, size_t size);

/*
 * Read s[0..n) as a size as the file writes it (a number with an optional
 * K, M or G suffix): 0 and *bytes; -1 when malformed, -2 when more than
 * COMP_SIZE_LIMIT.
 */
int comp_size_parse(const char *s, size_t n, uint64_t *bytes);

/* Write a size as the file would: "64M", "12K", "100". Returns buf. */
const char *comp_size_format(uint64_t bytes, char *buf, size_t size);

#endif
