/* SPDX-License-Identifier: BSD-2-Clause */
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
	DBT_SYS_REPLY_SAVE,       /* move the pending reply right into a capability slot */
	DBT_SYS_REPLY_CAP,        /* reply through a saved reply capability */
	DBT_SYS_REPLY_CAP_RECV,   /* reply through a reply capability, then receive */
	DBT_SYS_CLOCK_MAP,
	DBT_SYS_TASK_MAP,       /* map the caller's pages into a task it controls */
	DBT_SYS_TASK_UNMAP,     /* unmap or downgrade pages of one task it controls */
	DBT_SYS_QUOTA_RESIZE,   /* grow or shrink a direct sub-quota's limit */
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
	DBT_E_BAD_STATE,        /* FPU state the processor would refuse to load */
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
	DBT_OBJ_REPLY,          /* a saved reply right (DBT_SYS_REPLY_SAVE); one-shot */
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
 *  bits 12..14  reserved, must be zero
 *  bit  15      DBT_TAG_DEADLINE: r10 is one deadline (see timeouts below)
 *  bits 16..63  label
 */
#define DBT_MSG_WORDS      64
#define DBT_MSG_REG_WORDS  8            /* MR0..MR7 travel in registers */
#define DBT_TAG(label, u, t) \
	(((dbt_word_t)(label) << 16) | ((dbt_word_t)(t) << 7) | (dbt_word_t)(u))
#define DBT_TAG_U(tag)     ((unsigned)((tag) & 0x7f))
#define DBT_TAG_T(tag)     ((unsigned)(((tag) >> 7) & 0x1f))
#define DBT_TAG_LABEL(tag) ((dbt_word_t)(tag) >> 16)
#define DBT_TAG_RESERVED   0x7000u
#define DBT_TAG_DEADLINE   0x8000u      /* not delivered: the receiver's tag never has it */

/* Labels of messages the kernel sends on a thread's behalf. */
#define DBT_LABEL_PAGEFAULT   0xffffffff0001ull  /* MR0 addr, MR1 access, MR2 rip */
#define DBT_LABEL_EXCEPTION   0xffffffff0002ull  /* MR0..: struct dbt_exc_msg */
#define DBT_LABEL_SYSCALL     0xffffffff0003ull  /* foreign-ABI syscall: struct dbt_exc_msg */
#define DBT_LABEL_NOTIFY      0xffffffff0004ull  /* bound notification: badge = bits */
#define DBT_LABEL_IRQ         0xffffffff0005ull  /* MR0 = IRQ line */
#define DBT_LABEL_SYSCALL_SHORT 0xffffffff0006ull /* foreign-ABI syscall, register form:
                                                     struct dbt_syscall_msg */

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
/* Any other value is a relative timeout in microseconds.
 *
 * Deadlines: with DBT_TAG_DEADLINE in the tag register (rsi) of SEND, CALL,
 * RECV, REPLY_RECV or WAIT, r10 is instead ONE absolute deadline for the
 * whole call, in nanoseconds of the kernel clock (the clock page below): the
 * call fails with DBT_E_TIMEOUT when it has not completed by then.  A
 * deadline already passed polls; DBT_DEADLINE_NEVER waits for ever. */
#define DBT_DEADLINE_NEVER   0xffffffffffffffffull

/* DBT_SYS_REPLY_CAP_RECV: the send half of r10, which a receive does not
 * use, names the reply capability's slot (0: none, only receive).  A slot
 * that does not fit 32 bits becomes DBT_REPLY_CAP_BAD_SLOT, which no
 * capability space reaches, rather than wrapping round to a valid one. */
#define DBT_REPLY_CAP_BAD_SLOT 0xffffffffu
#define DBT_REPLY_CAP_ARGS(reply_slot, rcv)                                    \
	DBT_TIMEOUTS((dbt_word_t)(reply_slot) > DBT_REPLY_CAP_BAD_SLOT ?        \
	             DBT_REPLY_CAP_BAD_SLOT : (uint32_t)(reply_slot), rcv)
#define DBT_REPLY_CAP_SLOT(w) DBT_TIMEOUT_SND(w)

/* ---- object creation (DBT_SYS_CREATE type argument) ----------------------- */
#define DBT_CSPACE_MAX_ORDER 14     /* 16384 slots; a space is one kernel block */
_Static_assert((1ull << DBT_CSPACE_MAX_ORDER) <= DBT_REPLY_CAP_BAD_SLOT,
               "DBT_REPLY_CAP_BAD_SLOT is outside every capability space");
#define DBT_PRIO_MAX 255

/* ---- thread control operations --------------------------------------------- */
enum dbt_thread_op {
	DBT_THREAD_START = 0,     /* a = rip, b = rsp: set and make runnable */
	DBT_THREAD_STOP,          /* stop; a blocked IPC ends with DBT_E_CANCELLED */
	DBT_THREAD_RESUME,        /* make a stopped thread runnable again */
	DBT_THREAD_SET_PRIORITY,  /* a = priority, at most the caller's own */
	DBT_THREAD_SET_PAGER,     /* a = endpoint slot (0: none) */
	DBT_THREAD_SET_EXC,       /* a = endpoint slot (0: none) */
	DBT_THREAD_SET_FOREIGN,   /* a = DBT_FOREIGN_* flags: syscall becomes exception IPC */
	DBT_THREAD_READ_REGS,     /* registers into the caller's MR0.. (struct dbt_regs) */
	DBT_THREAD_WRITE_REGS,    /* registers from the caller's MR0.. */
	DBT_THREAD_BIND_NOTIFY,   /* a = notification slot (0: unbind) */
	DBT_THREAD_SET_TIMESLICE, /* a = timeslice in microseconds, 1..DBT_TIMESLICE_MAX_US */
	DBT_THREAD_INFO,          /* v0 = state (enum dbt_thread_state), v1 = priority,
	                             v2 = ticks it ran */
	DBT_THREAD_READ_FPU,      /* FPU state into the caller's UTCB (DBT_UTCB_XSTATE_OFFSET);
	                             v0 = its size in bytes, v1 = DBT_XFEATURE_* it holds */
	DBT_THREAD_WRITE_FPU,     /* FPU state from the caller's UTCB; a = its size in bytes */
	DBT_THREAD_OP_COUNT
};

#define DBT_TIMESLICE_MAX_US 1000000u   /* one second */

/* DBT_THREAD_SET_FOREIGN: a = 0 (native), DBT_FOREIGN_ON (every `syscall`
 * is a DBT_LABEL_SYSCALL message with all registers), or DBT_FOREIGN_ON |
 * DBT_FOREIGN_SHORT (a DBT_LABEL_SYSCALL_SHORT message, answered with rax). */
#define DBT_FOREIGN_ON    1u
#define DBT_FOREIGN_SHORT 2u

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

/*
 * FPU state (x87, SSE, AVX) of READ_FPU / WRITE_FPU, in the processor's
 * standard XSAVE layout - the layout of Linux's fpstate in a signal frame:
 * the 512-byte legacy region (the FXSAVE image) and, when the kernel uses
 * XSAVE, the 64-byte XSAVE header and the AVX component (the upper halves of
 * YMM0..15) at their standard offsets.  It travels in the caller's own UTCB
 * page, DBT_XSTATE_MAX bytes from DBT_UTCB_XSTATE_OFFSET (64-byte aligned,
 * so the caller may XSAVE/XRSTOR there itself).  docs/KERNEL-API.md §15.2.
 */
struct dbt_fxsave {
	uint16_t fcw, fsw;              /* x87 control and status words */
	uint8_t ftw, reserved0;         /* abridged tag word: bit i set = ST(i) valid */
	uint16_t fop;
	uint64_t fip, fdp;
	uint32_t mxcsr, mxcsr_mask;     /* mxcsr_mask: the bits MXCSR may have set */
	uint8_t st[8][16];              /* ST0..7 / MM0..7, 10 bytes used of each */
	uint8_t xmm[16][16];
	uint8_t reserved1[48];
	uint8_t available[48];          /* ignored by the processor and the kernel */
};
_Static_assert(sizeof(struct dbt_fxsave) == 512, "the FXSAVE image");
struct dbt_xsave_header {
	uint64_t xstate_bv;             /* components present (DBT_XFEATURE_*); a clear
	                                   bit means that component is in its initial state */
	uint64_t xcomp_bv;              /* must be 0 (the standard layout) */
	uint64_t reserved[6];           /* must be 0 */
};
#define DBT_XFEATURE_X87        0x1u
#define DBT_XFEATURE_SSE        0x2u
#define DBT_XFEATURE_AVX        0x4u
#define DBT_XSTATE_LEGACY_SIZE  512     /* struct dbt_fxsave */
#define DBT_XSTATE_HEADER_OFFSET 512    /* struct dbt_xsave_header */
#define DBT_XSTATE_AVX_OFFSET   576     /* 16 x 16 bytes: YMM0..15 bits 128..255 */
#define DBT_XSTATE_AVX_SIZE     256
#define DBT_UTCB_XSTATE_OFFSET  1024
#define DBT_XSTATE_MAX          3072    /* to the end of the UTCB page */
#define DBT_FCW_INIT            0x037fu /* x87 control word after FNINIT */
#define DBT_MXCSR_INIT          0x1f80u /* all SIMD exceptions masked */

/*
 * Short foreign system call (DBT_FOREIGN_SHORT): the seven registers a
 * Linux x86-64 system call reads, in MR0..MR6, sent with the tag
 * DBT_SYSCALL_SHORT_TAG.  The handler answers with exactly
 * DBT_SYSCALL_REPLY_TAG: MR0 becomes rax; every other register stays as it
 * is (rcx = the return rip, r11 = rflags, as `syscall` left them), and the
 * thread continues after its `syscall`.
 */
struct dbt_syscall_msg {
	dbt_word_t nr;           /* rax: the system call number */
	dbt_word_t arg[6];       /* rdi, rsi, rdx, r10, r8, r9 */
};
#define DBT_SYSCALL_SHORT_WORDS 7
#define DBT_SYSCALL_SHORT_TAG  DBT_TAG(DBT_LABEL_SYSCALL_SHORT, DBT_SYSCALL_SHORT_WORDS, 0)
#define DBT_SYSCALL_REPLY_TAG  DBT_TAG(0, 1, 0)
_Static_assert(sizeof(struct dbt_syscall_msg) == DBT_SYSCALL_SHORT_WORDS * 8,
               "dbt_syscall_msg layout");

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
_Static_assert(sizeof(struct dbt_utcb) <= DBT_UTCB_XSTATE_OFFSET &&
               DBT_UTCB_XSTATE_OFFSET + DBT_XSTATE_MAX == DBT_UTCB_SIZE,
               "a UTCB is one page, FPU state in its last part");

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

/* ---- the clock page (DBT_SYS_CLOCK_MAP) ------------------------------------
 * The kernel clock: nanoseconds since the kernel started its timer,
 * monotonic, the time base of every timeout and of DBT_SYS_CLOCK.  It is
 * the CPU's cycle counter (x86-64: the TSC) scaled by what this page holds,
 * so user code reads it without a kernel call (darbat.h: dbt_clock_read):
 *
 *     ns = ns_base + ((counter - counter_base) * mult) >> DBT_CLOCK_SHIFT
 *
 * with a 64 x 64 -> 128-bit product (dbt_clock_page_ns).  The kernel maps
 * the page read-only.  seq is even while the page is stable and odd while
 * the kernel rewrites it: a reader copies seq, reads, and retries if seq
 * was odd or has changed.  (Today the kernel writes the page once, at boot,
 * before any task can map it; the protocol lets a later kernel refine the
 * calibration without breaking readers.)
 */
struct dbt_clock_page {
	uint32_t seq;
	uint32_t flags;                 /* DBT_CLOCK_* */
	uint64_t counter_base;          /* counter value at ns_base */
	uint64_t ns_base;
	uint64_t mult;                  /* ns per counter tick << DBT_CLOCK_SHIFT */
	uint64_t counter_hz;            /* the counter's calibrated frequency */
};
#define DBT_CLOCK_SHIFT 32
#define DBT_CLOCK_INVARIANT 0x1u        /* CPUID: the counter's rate never changes */
#define DBT_CLOCK_CPUID     0x2u        /* counter_hz is the CPU's (CPUID), not measured */
_Static_assert(sizeof(struct dbt_clock_page) <= (1 << DBT_PAGE_ORDER), "the clock is one page");

/* v * mult >> DBT_CLOCK_SHIFT, without losing the product's high bits. */
static inline uint64_t dbt_clock_scale(uint64_t v, uint64_t mult)
{
	__extension__ typedef unsigned __int128 dbt_u128;
	return (uint64_t)(((dbt_u128)v * mult) >> DBT_CLOCK_SHIFT);
}

/* Nanoseconds of the clock at counter value `counter` (no seq check). */
static inline uint64_t dbt_clock_page_ns(const volatile struct dbt_clock_page *p,
                                         uint64_t counter)
{
	return p->ns_base + dbt_clock_scale(counter - p->counter_base, p->mult);
}

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
