/*
 * darbat/abi.h - the binary interface between the Darbat kernel and user level.
 *
 * Everything here is shared by the kernel and by user programs: kernel call
 * numbers, error codes, capability types and rights, the message tag, typed
 * message items, flexpages, the UTCB layout, timeouts and the kernel-generated
 * message labels.  It uses only the compiler's freestanding headers.
 *
 * The reference for every call is docs/KERNEL-API.md.
 */
#ifndef DARBAT_ABI_H
#define DARBAT_ABI_H

#include <stdint.h>

typedef uint64_t dbt_word_t;
typedef uint64_t dbt_slot_t;            /* index into the caller's capability space */

/* ---- kernel call numbers (rax) ---------------------------------------- */
enum dbt_sysno {
	DBT_SYS_SEND = 0,
	DBT_SYS_RECV,
	DBT_SYS_CALL,
	DBT_SYS_REPLY,
	DBT_SYS_REPLY_RECV,
	DBT_SYS_SIGNAL,
	DBT_SYS_WAIT,
	DBT_SYS_YIELD,
	DBT_SYS_CAP_COPY,
	DBT_SYS_CAP_MOVE,
	DBT_SYS_CAP_DELETE,
	DBT_SYS_CAP_REVOKE,
	DBT_SYS_CAP_INFO,
	DBT_SYS_CREATE,
	DBT_SYS_DESTROY,
	DBT_SYS_MAP_PHYS,
	DBT_SYS_UNMAP,
	DBT_SYS_THREAD_CTL,
	DBT_SYS_IRQ_GET,
	DBT_SYS_IRQ_BIND,
	DBT_SYS_IRQ_ACK,
	DBT_SYS_IO_ENABLE,
	DBT_SYS_QUOTA_INFO,
	DBT_SYS_DEBUG_WRITE,
	DBT_SYS_DEBUG_ENTER,
	DBT_SYS_CLOCK,
	DBT_SYS_STAT,
	DBT_SYS_MAP_INFO,
	DBT_SYS_CAP_GIVE,
	DBT_SYS_DEBUG_READ,
	DBT_SYS_DEBUG_BIND,
	DBT_SYS_TASK_MAP,       /* map the caller's pages into a task it controls */
	DBT_SYS_TASK_UNMAP,     /* unmap or downgrade pages of one task it controls */
	DBT_SYS_COUNT
};

/* ---- errors (returned in rax; 0 is success) ---------------------------- */
enum dbt_error {
	DBT_OK = 0,
	DBT_E_INVALID_SYSCALL,  /* unknown kernel call number or operation */
	DBT_E_INVALID_SLOT,     /* slot number outside the capability space */
	DBT_E_EMPTY_SLOT,       /* slot holds no capability */
	DBT_E_WRONG_TYPE,       /* capability is not of the type the call needs */
	DBT_E_NO_RIGHTS,        /* capability lacks a right the call needs */
	DBT_E_SLOT_OCCUPIED,    /* destination slot already holds a capability */
	DBT_E_INVALID_ARG,      /* an argument value is out of range */
	DBT_E_BAD_ADDRESS,      /* misaligned, kernel, non-canonical or outside range */
	DBT_E_NO_QUOTA,         /* the kernel-memory quota charged is exhausted */
	DBT_E_TIMEOUT,          /* the timeout expired before a partner arrived */
	DBT_E_DELETED,          /* the object was deleted while the caller waited */
	DBT_E_NO_CALLER,        /* reply without a pending caller */
	DBT_E_BAD_MESSAGE,      /* malformed tag or typed item */
	DBT_E_NO_WINDOW,        /* a typed item does not fit the receive window */
	DBT_E_NOT_MAPPED,       /* the flexpage to send is not (fully) mapped */
	DBT_E_BUSY,             /* object already in that state or bound */
	DBT_E_CANCELLED,        /* IPC aborted because the thread was stopped */
	DBT_E_COUNT
};

/* ---- capabilities -------------------------------------------------------- */
enum dbt_obj_type {
	DBT_OBJ_NONE = 0,
	DBT_OBJ_ENDPOINT,
	DBT_OBJ_NOTIFICATION,
	DBT_OBJ_TASK,
	DBT_OBJ_THREAD,
	DBT_OBJ_QUOTA,
	DBT_OBJ_IRQ,
	DBT_OBJ_IRQ_CONTROL,
	DBT_OBJ_PHYSMEM,
	DBT_OBJ_IOSPACE,
	DBT_OBJ_DEBUG,
	DBT_OBJ_COUNT
};

/* Rights are uniform across types; docs/KERNEL-API.md says which call needs which. */
#define DBT_CAP_READ    0x01u   /* receive, wait, read state */
#define DBT_CAP_WRITE   0x02u   /* send, signal, call */
#define DBT_CAP_GRANT   0x04u   /* pass typed items (maps, caps) through this endpoint */
#define DBT_CAP_CONTROL 0x08u   /* configure: create from, control a thread/task/IRQ */
#define DBT_CAP_DELETE  0x10u   /* destroy the object itself */
#define DBT_CAP_ALL     0x1fu

/* Well-known slots of the root task's capability space at start. */
#define DBT_ROOT_SLOT_TASK     1
#define DBT_ROOT_SLOT_THREAD   2
#define DBT_ROOT_SLOT_QUOTA    3
#define DBT_ROOT_SLOT_PHYSMEM  4
#define DBT_ROOT_SLOT_IOSPACE  5
#define DBT_ROOT_SLOT_IRQCTL   6
#define DBT_ROOT_SLOT_DEBUG    7
#define DBT_ROOT_SLOT_FREE     16       /* first slot the root task may use freely */

/* ---- message tag ----------------------------------------------------------
 *  bits  0..6   u: untyped words (0..64)
 *  bits  7..11  t: typed items, two words each, after the untyped words
 *  bits 12..15  reserved, must be zero
 *  bits 16..63  label
 */
#define DBT_MSG_WORDS      64
#define DBT_MSG_REG_WORDS  8            /* MR0..MR7 travel in registers */
#define DBT_TAG(label, u, t) \
	(((dbt_word_t)(label) << 16) | ((dbt_word_t)(t) << 7) | (dbt_word_t)(u))
#define DBT_TAG_U(tag)     ((unsigned)((tag) & 0x7f))
#define DBT_TAG_T(tag)     ((unsigned)(((tag) >> 7) & 0x1f))
#define DBT_TAG_LABEL(tag) ((dbt_word_t)(tag) >> 16)
#define DBT_TAG_RESERVED   0xf000u

/* Labels of messages the kernel sends on a thread's behalf. */
#define DBT_LABEL_PAGEFAULT   0xffffffff0001ull  /* MR0 addr, MR1 access, MR2 rip */
#define DBT_LABEL_EXCEPTION   0xffffffff0002ull  /* MR0..: struct dbt_exc_msg */
#define DBT_LABEL_SYSCALL     0xffffffff0003ull  /* foreign-ABI syscall: struct dbt_exc_msg */
#define DBT_LABEL_NOTIFY      0xffffffff0004ull  /* bound notification: badge = bits */
#define DBT_LABEL_IRQ         0xffffffff0005ull  /* MR0 = IRQ line */

/*
 * Interrupt lines (DBT_SYS_IRQ_GET): 0..23 are the I/O APIC's inputs (ISA
 * 0..15, PCI INTx 16..23; 0..15 only without an I/O APIC).  Lines
 * DBT_IRQ_MSI_FIRST.. are message-signalled (x86-64): a device raises line L
 * by writing the 32-bit value DBT_MSI_DATA(L) to DBT_MSI_ADDRESS (edge,
 * fixed delivery to the boot CPU).  Program them into a PCI function's MSI
 * or MSI-X capability.
 */
#define DBT_IRQ_MSI_FIRST  24u
#define DBT_IRQ_MSI_COUNT  16u
#define DBT_MSI_ADDRESS    0xfee00000ull
#define DBT_MSI_DATA(line) ((uint32_t)(32u + (line)))

/* Page-fault access bits (MR1). */
#define DBT_PF_WRITE   0x2u
#define DBT_PF_EXEC    0x10u
#define DBT_PF_PRESENT 0x1u      /* protection violation, not a missing page */

/* ---- flexpages ----------------------------------------------------------
 * A flexpage is a power-of-two aligned region: base | rights << 6 | order.
 *  memory: base is a virtual address, order DBT_PAGE_ORDER..DBT_USER_ORDER,
 *          rights DBT_R|DBT_W|DBT_X
 *  I/O:    base is port << 12, order 0..DBT_IO_MAX_ORDER, rights ignored
 *  caps:   base is slot << 12, order (window only), rights = capability rights
 * Built with DBT_FPAGE / DBT_IO_FPAGE / DBT_CAP_FPAGE, taken apart with the
 * DBT_FPAGE_* decoders (and DBT_IO_FPAGE_PORT, DBT_CAP_FPAGE_SLOT).
 */
#define DBT_R 1u
#define DBT_W 2u
#define DBT_X 4u
#define DBT_RWX 7u
#define DBT_FPAGE_FIELD_MASK   0x3fu    /* order and rights: 6 bits each */
#define DBT_FPAGE_RIGHTS_SHIFT 6        /* bits 0..5 order, 6..11 rights */
#define DBT_FPAGE_BASE_SHIFT   12       /* bits 12..63 base (port, slot) */
#define DBT_FPAGE(base, order, rights) \
	((dbt_word_t)(base) | ((dbt_word_t)(rights) << DBT_FPAGE_RIGHTS_SHIFT) | (dbt_word_t)(order))
#define DBT_IO_FPAGE(port, order) \
	DBT_FPAGE((dbt_word_t)(port) << DBT_FPAGE_BASE_SHIFT, order, 0)
#define DBT_CAP_FPAGE(slot, order, rights) \
	DBT_FPAGE((dbt_word_t)(slot) << DBT_FPAGE_BASE_SHIFT, order, rights)
/* decoders */
#define DBT_FPAGE_BASE(f)   ((f) & ~((1ull << DBT_FPAGE_BASE_SHIFT) - 1))
#define DBT_FPAGE_ORDER(f)  ((unsigned)((f) & DBT_FPAGE_FIELD_MASK))
#define DBT_FPAGE_SIZE(f)   ((dbt_word_t)1 << DBT_FPAGE_ORDER(f))
#define DBT_FPAGE_RIGHTS(f) ((unsigned)(((f) >> DBT_FPAGE_RIGHTS_SHIFT) & DBT_FPAGE_FIELD_MASK))
#define DBT_IO_FPAGE_PORT(f)  ((dbt_word_t)(f) >> DBT_FPAGE_BASE_SHIFT)
#define DBT_CAP_FPAGE_SLOT(f) ((dbt_word_t)(f) >> DBT_FPAGE_BASE_SHIFT)
#define DBT_PAGE_ORDER 12
#define DBT_USER_ORDER 47                       /* the largest memory flexpage */
#define DBT_USER_TOP   (1ull << DBT_USER_ORDER) /* user addresses lie below */
#define DBT_IO_MAX_ORDER 16                     /* an I/O flexpage of every port */
#define DBT_IO_PORTS     (1u << DBT_IO_MAX_ORDER)

/* ---- typed items (two words after the untyped words) ---------------------
 *  word 0: kind (bits 0..3) | space (bits 4..7) | hint (bits 12..63)
 *  word 1: the flexpage sent (cap: slot << 12 | rights mask << 6)
 * The receiver finds word 1 rewritten to what it received.  For memory the
 * hint selects where in a larger receive window the flexpage lands (L4 "send
 * base"): the offset is hint mod window size, aligned down to the fpage size.
 */
#define DBT_ITEM_MAP    1u
#define DBT_ITEM_GRANT  2u
#define DBT_SPACE_MEM   0u
#define DBT_SPACE_IO    1u
#define DBT_SPACE_CAP   2u
#define DBT_ITEM_HINT_MASK (~0xfffull)
#define DBT_ITEM(kind, space, hint) \
	((dbt_word_t)(kind) | ((dbt_word_t)(space) << 4) | ((dbt_word_t)(hint) & DBT_ITEM_HINT_MASK))
#define DBT_ITEM_KIND(w)  ((unsigned)((w) & 0xf))
#define DBT_ITEM_SPACE(w) ((unsigned)(((w) >> 4) & 0xf))
#define DBT_ITEM_HINT(w)  ((w) & DBT_ITEM_HINT_MASK)

/* ---- timeouts (r10 for IPC: send timeout low 32 bits, receive high 32) --- */
#define DBT_TIMEOUT_NEVER    0xffffffffu   /* wait for ever */
#define DBT_TIMEOUT_POLL     0u            /* do not wait */
#define DBT_TIMEOUTS(snd, rcv) (((dbt_word_t)(rcv) << 32) | (dbt_word_t)(snd))
#define DBT_TIMEOUT_SND(w)     ((uint32_t)(w))
#define DBT_TIMEOUT_RCV(w)     ((uint32_t)((dbt_word_t)(w) >> 32))
/* Any other value is a relative timeout in microseconds. */

/* ---- object creation (DBT_SYS_CREATE type argument) ----------------------- */
#define DBT_CSPACE_MAX_ORDER 14     /* 16384 slots; a space is one kernel block */
#define DBT_PRIO_MAX 255

/* ---- thread control operations --------------------------------------------- */
enum dbt_thread_op {
	DBT_THREAD_START = 0,     /* a = rip, b = rsp: set and make runnable */
	DBT_THREAD_STOP,          /* stop; a blocked IPC ends with DBT_E_CANCELLED */
	DBT_THREAD_RESUME,        /* make a stopped thread runnable again */
	DBT_THREAD_SET_PRIORITY,  /* a = priority, at most the caller's own */
	DBT_THREAD_SET_PAGER,     /* a = endpoint slot (0: none) */
	DBT_THREAD_SET_EXC,       /* a = endpoint slot (0: none) */
	DBT_THREAD_SET_FOREIGN,   /* a = 1: syscall becomes exception IPC */
	DBT_THREAD_READ_REGS,     /* registers into the caller's MR0.. (struct dbt_regs) */
	DBT_THREAD_WRITE_REGS,    /* registers from the caller's MR0.. */
	DBT_THREAD_BIND_NOTIFY,   /* a = notification slot (0: unbind) */
	DBT_THREAD_SET_TIMESLICE, /* a = timeslice in microseconds, 1..DBT_TIMESLICE_MAX_US */
	DBT_THREAD_INFO,          /* v0 = state (enum dbt_thread_state), v1 = priority,
	                             v2 = ticks it ran */
	DBT_THREAD_OP_COUNT
};

#define DBT_TIMESLICE_MAX_US 1000000u   /* one second */

enum dbt_thread_state {
	DBT_THREAD_INACTIVE = 0,  /* created, never started */
	DBT_THREAD_RUNNABLE,
	DBT_THREAD_SENDING,       /* blocked sending or calling */
	DBT_THREAD_RECEIVING,
	DBT_THREAD_AWAIT_REPLY,   /* call delivered, waiting for the answer */
	DBT_THREAD_WAITING,       /* on a notification */
	DBT_THREAD_STOPPED,
	DBT_THREAD_DEAD,
};

/* Register set, in MR order, used by READ/WRITE_REGS and exception messages. */
struct dbt_regs {
	dbt_word_t rip, rsp, rflags;
	dbt_word_t rax, rbx, rcx, rdx, rsi, rdi, rbp;
	dbt_word_t r8, r9, r10, r11, r12, r13, r14, r15;
	dbt_word_t fs_base, gs_base;
};
#define DBT_REGS_WORDS 20
_Static_assert(sizeof(struct dbt_regs) == DBT_REGS_WORDS * 8, "dbt_regs layout");

/* Exception / foreign-syscall message: registers, then the trap details. */
struct dbt_exc_msg {
	struct dbt_regs regs;
	dbt_word_t vector;       /* CPU exception vector; 0x100 for syscall */
	dbt_word_t error_code;
	dbt_word_t fault_addr;   /* cr2 for #PF */
};
#define DBT_EXC_WORDS 23
#define DBT_EXC_SYSCALL 0x100
_Static_assert(sizeof(struct dbt_exc_msg) == DBT_EXC_WORDS * 8, "dbt_exc_msg layout");

/* MAP_PHYS attributes */
#define DBT_MAP_CACHED   0u
#define DBT_MAP_UNCACHED 1u
#define DBT_MAP_PHYS_TOP (1ull << 46)   /* MAP_PHYS: physical addresses lie below */

/* UNMAP flags */
#define DBT_UNMAP_SELF   1u     /* also remove the caller's own mapping */
#define DBT_UNMAP_IO     2u     /* the fpage names I/O ports */

/*
 * TASK_MAP and TASK_UNMAP do a bounded amount of work per call and report
 * in v0 how many pages of the range they got through; the caller continues
 * from there (docs/KERNEL-API.md section 15).
 */
#define DBT_TASK_MAP_MAX    512u  /* pages one TASK_MAP maps at most */
#define DBT_TASK_UNMAP_SCAN 512u  /* page-table entries one TASK_UNMAP examines
                                     at most (an absent table is one entry) */

/* ---- the user thread control block ------------------------------------------ */
struct dbt_utcb {
	dbt_word_t mr[DBT_MSG_WORDS];   /* MR0..MR7 are the registers; the kernel
	                                   reads and writes MR8.. here */
	dbt_word_t rcv_mem;             /* receive window for memory (fpage, 0: none) */
	dbt_word_t rcv_io;              /* receive window for I/O ports (fpage, 0: none) */
	dbt_word_t rcv_cap;             /* receive window for capabilities (0: none) */
	dbt_word_t user[8];             /* for the runtime; user[7] = this UTCB's address */
};
#define DBT_UTCB_SIZE (1 << DBT_PAGE_ORDER)    /* one page */
_Static_assert(sizeof(struct dbt_utcb) <= DBT_UTCB_SIZE, "a UTCB is one page");

/* ---- boot information, at the address in rdi when the root task starts ---- */
enum dbt_mem_type {
	DBT_MEM_FREE = 1,       /* usable RAM, the root task's to use */
	DBT_MEM_ROOT,           /* RAM already holding the root task's image and stack */
	DBT_MEM_MODULE,         /* RAM holding a boot module */
	DBT_MEM_KERNEL,         /* RAM the kernel keeps (code, kernel-object pool) */
	DBT_MEM_RESERVED,       /* firmware-reserved or device memory */
};
struct dbt_mem_region { dbt_word_t base, size, type; };
struct dbt_module { dbt_word_t base, size; char name[48]; };
#define DBT_BOOT_MAX_REGIONS 64
#define DBT_BOOT_MAX_MODULES 16
#define DBT_BOOT_CMDLINE_MAX 128        /* the root task's arguments, NUL included */
struct dbt_bootinfo {
	dbt_word_t magic;               /* DBT_BOOT_MAGIC */
	dbt_word_t nregions, nmodules;
	dbt_word_t kmem_total;          /* bytes in the kernel-object pool */
	dbt_word_t cspace_slots;        /* size of the root capability space */
	dbt_word_t utcb;                /* the root thread's UTCB address */
	char cmdline[DBT_BOOT_CMDLINE_MAX];
	struct dbt_mem_region region[DBT_BOOT_MAX_REGIONS];
	struct dbt_module module[DBT_BOOT_MAX_MODULES];
};
#define DBT_BOOT_MAGIC 0x7461627261640001ull

#define DBT_DEBUG_READ_MAX 64       /* bytes one DBT_SYS_DEBUG_READ returns */

/* ---- DBT_SYS_STAT counters ------------------------------------------------- */
enum dbt_stat {
	DBT_STAT_AS_SWITCHES = 0,
	DBT_STAT_KMEM_USED,
	DBT_STAT_KMEM_TOTAL,
	DBT_STAT_TICKS,
	DBT_STAT_FASTPATH,
	DBT_STAT_IDLE_TSC,          /* time stamps the CPU spent idle (see "idlepoll") */
	DBT_STAT_COUNT
};

#endif
