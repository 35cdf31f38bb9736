/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * darbat/darbat.h - the C interface to the Darbat kernel for user programs.
 *
 * Thin inline wrappers over the kernel calls of darbat/abi.h.  Each returns
 * the kernel's error code (DBT_OK on success); results come back through
 * pointer arguments.  IPC wrappers take the message from, and leave the
 * received message in, the calling thread's UTCB message registers.
 */
#ifndef DARBAT_DARBAT_H
#define DARBAT_DARBAT_H

#include <darbat/abi.h>
#include <darbat/arch/x86_64/syscall.h>
#include <darbat/arch/x86_64/clock.h>

static inline dbt_word_t *dbt_mr(void) { return dbt_utcb()->mr; }

/* ---- IPC ---------------------------------------------------------------- */
static inline dbt_word_t dbt_send(dbt_slot_t ep, dbt_word_t tag, uint32_t timeout)
{
	return dbt_ipc(DBT_SYS_SEND, ep, &tag, DBT_TIMEOUTS(timeout, 0), dbt_mr(), 0);
}

static inline dbt_word_t dbt_recv(dbt_slot_t ep, dbt_word_t *tag, dbt_word_t *badge,
                                  uint32_t timeout)
{
	*tag = 0;
	return dbt_ipc(DBT_SYS_RECV, ep, tag, DBT_TIMEOUTS(0, timeout), dbt_mr(), badge);
}

static inline dbt_word_t dbt_call(dbt_slot_t ep, dbt_word_t *tag, uint32_t snd_to,
                                  uint32_t rcv_to)
{
	return dbt_ipc(DBT_SYS_CALL, ep, tag, DBT_TIMEOUTS(snd_to, rcv_to), dbt_mr(), 0);
}

static inline dbt_word_t dbt_reply(dbt_word_t tag)
{
	return dbt_ipc(DBT_SYS_REPLY, 0, &tag, 0, dbt_mr(), 0);
}

static inline dbt_word_t dbt_reply_recv(dbt_slot_t ep, dbt_word_t *tag, dbt_word_t *badge,
                                        uint32_t timeout)
{
	return dbt_ipc(DBT_SYS_REPLY_RECV, ep, tag, DBT_TIMEOUTS(0, timeout), dbt_mr(), badge);
}

/* Deferred replies: keep a caller waiting, answer it later from any thread
 * of the task, in any order (docs/KERNEL-API.md §16). */

/* Move the reply right of the call just received into empty slot `reply`. */
static inline dbt_word_t dbt_reply_save(dbt_slot_t reply)
{
	return dbt_syscall(DBT_SYS_REPLY_SAVE, reply, 0, 0, 0, 0, 0).err;
}

/* Answer through the reply capability in `reply`, which the answer uses up. */
static inline dbt_word_t dbt_reply_cap(dbt_slot_t reply, dbt_word_t tag)
{
	return dbt_ipc(DBT_SYS_REPLY_CAP, reply, &tag, 0, dbt_mr(), 0);
}

/* Answer through `reply` (0: answer nobody), then receive on ep. */
static inline dbt_word_t dbt_reply_cap_recv(dbt_slot_t reply, dbt_slot_t ep, dbt_word_t *tag,
                                            dbt_word_t *badge, uint32_t timeout)
{
	return dbt_ipc(DBT_SYS_REPLY_CAP_RECV, ep, tag, DBT_REPLY_CAP_ARGS(reply, timeout), dbt_mr(),
	               badge);
}

static inline dbt_word_t dbt_signal(dbt_slot_t ntf)
{
	return dbt_syscall(DBT_SYS_SIGNAL, ntf, 0, 0, 0, 0, 0).err;
}

static inline dbt_word_t dbt_wait(dbt_slot_t ntf, dbt_word_t *bits, uint32_t timeout)
{
	struct dbt_sysret r = dbt_syscall(DBT_SYS_WAIT, ntf, 0, 0, DBT_TIMEOUTS(0, timeout), 0, 0);
	if (bits && r.err == DBT_OK)
		*bits = r.v0;
	return r.err;
}

/* ---- IPC with a deadline (DBT_TAG_DEADLINE): r10 is one absolute time in
 * nanoseconds of the kernel clock for the whole call (DBT_DEADLINE_NEVER:
 * none); a deadline already passed polls. */
static inline dbt_word_t dbt_send_until(dbt_slot_t ep, dbt_word_t tag, uint64_t deadline)
{
	tag |= DBT_TAG_DEADLINE;
	return dbt_ipc(DBT_SYS_SEND, ep, &tag, deadline, dbt_mr(), 0);
}

static inline dbt_word_t dbt_recv_until(dbt_slot_t ep, dbt_word_t *tag, dbt_word_t *badge,
                                        uint64_t deadline)
{
	*tag = DBT_TAG_DEADLINE;
	return dbt_ipc(DBT_SYS_RECV, ep, tag, deadline, dbt_mr(), badge);
}

static inline dbt_word_t dbt_call_until(dbt_slot_t ep, dbt_word_t *tag, uint64_t deadline)
{
	*tag |= DBT_TAG_DEADLINE;
	return dbt_ipc(DBT_SYS_CALL, ep, tag, deadline, dbt_mr(), 0);
}

static inline dbt_word_t dbt_reply_recv_until(dbt_slot_t ep, dbt_word_t *tag, dbt_word_t *badge,
                                              uint64_t deadline)
{
	*tag |= DBT_TAG_DEADLINE;
	return dbt_ipc(DBT_SYS_REPLY_RECV, ep, tag, deadline, dbt_mr(), badge);
}

static inline dbt_word_t dbt_wait_until(dbt_slot_t ntf, dbt_word_t *bits, uint64_t deadline)
{
	struct dbt_sysret r = dbt_syscall(DBT_SYS_WAIT, ntf, DBT_TAG_DEADLINE, 0, deadline, 0, 0);
	if (bits && r.err == DBT_OK)
		*bits = r.v0;
	return r.err;
}

static inline dbt_word_t dbt_yield(void)
{
	return dbt_syscall(DBT_SYS_YIELD, 0, 0, 0, 0, 0, 0).err;
}

/* ---- capabilities ----------------------------------------------------------- */
static inline dbt_word_t dbt_cap_copy(dbt_slot_t src, dbt_slot_t dst, unsigned rights,
                                      dbt_word_t badge)
{
	return dbt_syscall(DBT_SYS_CAP_COPY, src, dst, rights, badge, 0, 0).err;
}

static inline dbt_word_t dbt_cap_move(dbt_slot_t src, dbt_slot_t dst)
{
	return dbt_syscall(DBT_SYS_CAP_MOVE, src, dst, 0, 0, 0, 0).err;
}

/* Copy a capability of the caller (src) into slot dst of another task, with
 * rights masked: how a creator furnishes a new task.  Needs CONTROL on task. */
static inline dbt_word_t dbt_cap_give(dbt_slot_t task, dbt_slot_t src, dbt_slot_t dst,
                                      unsigned rights)
{
	return dbt_syscall(DBT_SYS_CAP_GIVE, task, src, dst, rights, 0, 0).err;
}

static inline dbt_word_t dbt_cap_delete(dbt_slot_t slot)
{
	return dbt_syscall(DBT_SYS_CAP_DELETE, slot, 0, 0, 0, 0, 0).err;
}

static inline dbt_word_t dbt_cap_revoke(dbt_slot_t slot)
{
	return dbt_syscall(DBT_SYS_CAP_REVOKE, slot, 0, 0, 0, 0, 0).err;
}

/* type, rights and badge of the capability in a slot */
static inline dbt_word_t dbt_cap_info(dbt_slot_t slot, dbt_word_t *type, dbt_word_t *rights,
                                      dbt_word_t *badge)
{
	struct dbt_sysret r = dbt_syscall(DBT_SYS_CAP_INFO, slot, 0, 0, 0, 0, 0);  /* own space */
	if (r.err)
		return r.err;           /* outputs untouched */
	if (type) *type = r.v0;
	if (rights) *rights = r.v1;
	if (badge) *badge = r.v2;
	return r.err;
}

/* ---- objects --------------------------------------------------------------------
 * dbt_create(quota, type, dst, a, b):
 *   ENDPOINT, NOTIFICATION: no arguments
 *   TASK:    a = capability-space order (slots = 1 << a, 1..DBT_CSPACE_MAX_ORDER)
 *   THREAD:  a = task slot, b = UTCB address in that task (page aligned)
 *   QUOTA:   a = bytes moved from the parent quota into the new one
 */
static inline dbt_word_t dbt_create(dbt_slot_t quota, unsigned type, dbt_slot_t dst,
                                    dbt_word_t a, dbt_word_t b)
{
	return dbt_syscall(DBT_SYS_CREATE, quota, type, dst, a, b, 0).err;
}

static inline dbt_word_t dbt_destroy(dbt_slot_t slot)
{
	return dbt_syscall(DBT_SYS_DESTROY, slot, 0, 0, 0, 0, 0).err;
}

/* ---- memory ----------------------------------------------------------------------- */
/* Map physical memory at paddr to the caller's fpage (needs the PHYSMEM capability). */
static inline dbt_word_t dbt_map_phys(dbt_slot_t physmem, dbt_word_t paddr, dbt_word_t fpage,
                                      unsigned attr)
{
	return dbt_syscall(DBT_SYS_MAP_PHYS, physmem, paddr, fpage, attr, 0, 0).err;
}

/* Revoke the mappings derived from the caller's fpage; DBT_UNMAP_SELF also drops its own. */
static inline dbt_word_t dbt_unmap(dbt_word_t fpage, unsigned flags)
{
	return dbt_syscall(DBT_SYS_UNMAP, fpage, flags, 0, 0, 0, 0).err;
}

/* What the caller has mapped at vaddr: physical address and rights. */
static inline dbt_word_t dbt_map_info(dbt_word_t vaddr, dbt_word_t *paddr, dbt_word_t *rights)
{
	struct dbt_sysret r = dbt_syscall(DBT_SYS_MAP_INFO, vaddr, 0, 0, 0, 0, 0);
	if (r.err)
		return r.err;
	if (paddr) *paddr = r.v0;
	if (rights) *rights = r.v1;
	return r.err;
}

/* The same for a task the caller controls (task 0: the caller itself). */
static inline dbt_word_t dbt_task_map_info(dbt_slot_t task, dbt_word_t vaddr, dbt_word_t *paddr,
                                           dbt_word_t *rights)
{
	struct dbt_sysret r = dbt_syscall(DBT_SYS_MAP_INFO, vaddr, task, 0, 0, 0, 0);
	if (r.err)
		return r.err;
	if (paddr) *paddr = r.v0;
	if (rights) *rights = r.v1;
	return r.err;
}

/* Map `pages` of the caller's pages from src into a task it controls at dst,
 * each with rights & the caller's rights on it.  One call maps at most
 * DBT_TASK_MAP_MAX pages; *done (if not NULL) = pages mapped, also on an
 * error (the page at src/dst + *done pages is the one that failed). */
static inline dbt_word_t dbt_task_map(dbt_slot_t task, dbt_word_t src, dbt_word_t dst,
                                      dbt_word_t pages, unsigned rights, dbt_word_t *done)
{
	struct dbt_sysret r = dbt_syscall(DBT_SYS_TASK_MAP, task, src, dst, pages, rights, 0);
	if (done) *done = r.v0;
	return r.err;
}

/* Take rights (0: all, i.e. unmap) from a task's own pages in [va, va + pages
 * pages) and from everything mapped on from them; other tasks' mappings of
 * the same frames stay.  Bounded work per call: *done (if not NULL) = pages
 * of the range gone through; continue from va + *done pages. */
static inline dbt_word_t dbt_task_unmap(dbt_slot_t task, dbt_word_t va, dbt_word_t pages,
                                        unsigned rights, dbt_word_t *done)
{
	struct dbt_sysret r = dbt_syscall(DBT_SYS_TASK_UNMAP, task, va, pages, rights, 0, 0);
	if (done) *done = r.v0;
	return r.err;
}

/* ---- threads ------------------------------------------------------------------------ */
static inline struct dbt_sysret dbt_thread_ctl(dbt_slot_t thread, unsigned op, dbt_word_t a,
                                               dbt_word_t b)
{
	return dbt_syscall(DBT_SYS_THREAD_CTL, thread, op, a, b, 0, 0);
}

static inline dbt_word_t dbt_thread_start(dbt_slot_t thread, dbt_word_t rip, dbt_word_t rsp)
{
	return dbt_thread_ctl(thread, DBT_THREAD_START, rip, rsp).err;
}

/* The calling thread's UTCB area that FPU state travels in (struct dbt_fxsave,
 * then the XSAVE header and components). */
static inline void *dbt_xstate(void)
{
	return (char *)dbt_utcb() + DBT_UTCB_XSTATE_OFFSET;
}

/* The thread's FPU state into dbt_xstate(): its size and DBT_XFEATURE_* mask. */
static inline dbt_word_t dbt_thread_read_fpu(dbt_slot_t thread, dbt_word_t *size,
                                             dbt_word_t *features)
{
	struct dbt_sysret r = dbt_thread_ctl(thread, DBT_THREAD_READ_FPU, 0, 0);
	if (r.err)
		return r.err;
	if (size) *size = r.v0;
	if (features) *features = r.v1;
	return r.err;
}

/* Set the thread's FPU state from the first size bytes of dbt_xstate(). */
static inline dbt_word_t dbt_thread_write_fpu(dbt_slot_t thread, dbt_word_t size)
{
	return dbt_thread_ctl(thread, DBT_THREAD_WRITE_FPU, size, 0).err;
}

/* ---- interrupts and I/O ----------------------------------------------------------- */
static inline dbt_word_t dbt_irq_get(dbt_slot_t irqctl, unsigned line, dbt_slot_t dst)
{
	return dbt_syscall(DBT_SYS_IRQ_GET, irqctl, line, dst, 0, 0, 0).err;
}

/* Deliver the IRQ to a notification or endpoint (slot 0: unbind). */
static inline dbt_word_t dbt_irq_bind(dbt_slot_t irq, dbt_slot_t target)
{
	return dbt_syscall(DBT_SYS_IRQ_BIND, irq, target, 0, 0, 0, 0).err;
}

static inline dbt_word_t dbt_irq_ack(dbt_slot_t irq)
{
	return dbt_syscall(DBT_SYS_IRQ_ACK, irq, 0, 0, 0, 0, 0).err;
}

/* Open the I/O ports of an I/O fpage to the caller (needs the IOSPACE capability). */
static inline dbt_word_t dbt_io_enable(dbt_slot_t iospace, dbt_word_t io_fpage)
{
	return dbt_syscall(DBT_SYS_IO_ENABLE, iospace, io_fpage, 0, 0, 0, 0).err;
}

/* ---- accounting, debugging, time -------------------------------------------------- */
static inline dbt_word_t dbt_quota_info(dbt_slot_t quota, dbt_word_t *used, dbt_word_t *limit)
{
	struct dbt_sysret r = dbt_syscall(DBT_SYS_QUOTA_INFO, quota, 0, 0, 0, 0, 0);
	if (r.err)
		return r.err;
	if (used) *used = r.v0;
	if (limit) *limit = r.v1;
	return r.err;
}

/* Set a direct sub-quota's limit to `limit` bytes: growing takes the difference
 * from the parent quota's free bytes, shrinking gives it back (docs/KERNEL-API.md). */
static inline dbt_word_t dbt_quota_resize(dbt_slot_t parent, dbt_slot_t child, dbt_word_t limit)
{
	return dbt_syscall(DBT_SYS_QUOTA_RESIZE, parent, child, limit, 0, 0, 0).err;
}

/* Write len bytes (at most 8 * DBT_MSG_WORDS) held in the UTCB message registers. */
static inline dbt_word_t dbt_debug_write_mrs(dbt_slot_t debug, dbt_word_t len)
{
	return dbt_syscall(DBT_SYS_DEBUG_WRITE, debug, len, 0, 0, 0, 0).err;
}

/* Up to 64 bytes typed on the kernel console (not the debugger's keys), into
 * the UTCB message registers as bytes; *n = how many (0: none waiting). */
static inline dbt_word_t dbt_debug_read(dbt_slot_t debug, dbt_word_t *n)
{
	struct dbt_sysret r = dbt_syscall(DBT_SYS_DEBUG_READ, debug, 0, 0, 0, 0, 0);
	*n = r.err ? 0 : r.v0;
	return r.err;
}

/* Signal the notification (slot 0: none) when console input arrives. */
static inline dbt_word_t dbt_debug_bind(dbt_slot_t debug, dbt_slot_t ntf)
{
	return dbt_syscall(DBT_SYS_DEBUG_BIND, debug, ntf, 0, 0, 0, 0).err;
}

/* Type, rights and badge of slot in another task (needs CONTROL on it). */
static inline dbt_word_t dbt_task_cap_info(dbt_slot_t task, dbt_slot_t slot, dbt_word_t *type,
                                           dbt_word_t *rights, dbt_word_t *badge)
{
	struct dbt_sysret r = dbt_syscall(DBT_SYS_CAP_INFO, slot, task, 0, 0, 0, 0);
	if (r.err)
		return r.err;
	if (type) *type = r.v0;
	if (rights) *rights = r.v1;
	if (badge) *badge = r.v2;
	return r.err;
}

static inline dbt_word_t dbt_debug_enter(dbt_slot_t debug)
{
	return dbt_syscall(DBT_SYS_DEBUG_ENTER, debug, 0, 0, 0, 0, 0).err;
}

/* Microseconds of the kernel clock (since the kernel started its timer). */
static inline dbt_word_t dbt_clock(void)
{
	return dbt_syscall(DBT_SYS_CLOCK, 0, 0, 0, 0, 0, 0).v0;
}

/* Nanoseconds of the kernel clock, by kernel call. */
static inline uint64_t dbt_clock_ns(void)
{
	return dbt_syscall(DBT_SYS_CLOCK, 0, 0, 0, 0, 0, 0).v1;
}

/* Map the clock page read-only at addr (page aligned) in a task: task = 0 is
 * the caller's own task, else a TASK capability with CONTROL. */
static inline dbt_word_t dbt_clock_map(dbt_slot_t task, dbt_word_t addr)
{
	return dbt_syscall(DBT_SYS_CLOCK_MAP, task, addr, 0, 0, 0, 0).err;
}

/* Nanoseconds of the kernel clock from a mapped clock page, without a
 * kernel call (the same value DBT_SYS_CLOCK's v1 would give). */
static inline uint64_t dbt_clock_read(const volatile struct dbt_clock_page *p)
{
	uint32_t seq;
	uint64_t ns;
	do {
		seq = p->seq;
		ns = dbt_clock_page_ns(p, dbt_clock_counter());
		__asm__ volatile("" ::: "memory");      /* x86 keeps loads in order */
	} while ((seq & 1) || seq != p->seq);
	return ns;
}

/* A kernel counter (enum dbt_stat); 0 for an unknown one. */
static inline dbt_word_t dbt_stat(unsigned which)
{
	struct dbt_sysret r = dbt_syscall(DBT_SYS_STAT, which, 0, 0, 0, 0, 0);
	return r.err == DBT_OK ? r.v0 : 0;
}

#endif
