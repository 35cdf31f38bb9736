/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * syscall.c - the kernel-call table, the common exit path, and the IPC the
 * kernel makes on a thread's behalf (foreign-ABI system calls, exceptions,
 * page faults).
 */
#include "syscall.h"
#include "check.h"
#include "ipc.h"
#include "sched.h"
#include "task.h"
#include "arch/cpu.h"

/* Writable only so that syscall_check_on can put its wrapper in every
 * entry: a run-time switch that costs the normal path nothing. */
static syscall_fn syscall_table[DBT_SYS_COUNT] = {
	[DBT_SYS_SEND] = sys_send,
	[DBT_SYS_RECV] = sys_recv,
	[DBT_SYS_CALL] = sys_call,
	[DBT_SYS_REPLY] = sys_reply,
	[DBT_SYS_REPLY_RECV] = sys_reply_recv,
	[DBT_SYS_SIGNAL] = sys_signal,
	[DBT_SYS_WAIT] = sys_wait,
	[DBT_SYS_YIELD] = sys_yield,
	[DBT_SYS_CAP_COPY] = sys_cap_copy,
	[DBT_SYS_CAP_MOVE] = sys_cap_move,
	[DBT_SYS_CAP_DELETE] = sys_cap_delete,
	[DBT_SYS_CAP_REVOKE] = sys_cap_revoke,
	[DBT_SYS_CAP_INFO] = sys_cap_info,
	[DBT_SYS_CREATE] = sys_create,
	[DBT_SYS_DESTROY] = sys_destroy,
	[DBT_SYS_MAP_PHYS] = sys_map_phys,
	[DBT_SYS_UNMAP] = sys_unmap,
	[DBT_SYS_THREAD_CTL] = sys_thread_ctl,
	[DBT_SYS_IRQ_GET] = sys_irq_get,
	[DBT_SYS_IRQ_BIND] = sys_irq_bind,
	[DBT_SYS_IRQ_ACK] = sys_irq_ack,
	[DBT_SYS_IO_ENABLE] = sys_io_enable,
	[DBT_SYS_QUOTA_INFO] = sys_quota_info,
	[DBT_SYS_DEBUG_WRITE] = sys_debug_write,
	[DBT_SYS_DEBUG_ENTER] = sys_debug_enter,
	[DBT_SYS_CLOCK] = sys_clock,
	[DBT_SYS_STAT] = sys_stat,
	[DBT_SYS_MAP_INFO] = sys_map_info,
	[DBT_SYS_CAP_GIVE] = sys_cap_give,
	[DBT_SYS_DEBUG_READ] = sys_debug_read,
	[DBT_SYS_DEBUG_BIND] = sys_debug_bind,
	[DBT_SYS_REPLY_SAVE] = sys_reply_save,
	[DBT_SYS_REPLY_CAP] = sys_reply_cap,
	[DBT_SYS_REPLY_CAP_RECV] = sys_reply_cap_recv,
	[DBT_SYS_CLOCK_MAP] = sys_clock_map,
	[DBT_SYS_TASK_MAP] = sys_task_map,
	[DBT_SYS_TASK_UNMAP] = sys_task_unmap,
	[DBT_SYS_QUOTA_RESIZE] = sys_quota_resize,
};

/* ---- invariant checks (kcheck, check.c) ---------------------------------------- */

static syscall_fn syscall_unchecked[DBT_SYS_COUNT];

/* The call, then its destructions, then the checks (before any switch). */
static word_t syscall_checked(struct thread *t, struct trapframe *f)
{
	word_t ret = syscall_unchecked[f->rax](t, f);
	obj_reap();
	check_after_call();
	return ret;
}

void syscall_check_on(void)
{
	for (unsigned i = 0; i < DBT_SYS_COUNT; i++) {
		syscall_unchecked[i] = syscall_table[i];
		syscall_table[i] = syscall_checked;
	}
}

/* Before any return to user level: finish destructions, honour preemption. */
void kernel_exit(void)
{
	struct cpu *c = this_cpu();
	obj_reap();
	while (c->need_resched || c->current->state != TS_RUNNABLE)
		schedule();
}

void syscall_handler(struct trapframe *f)
{
	struct thread *t = current();
	if (unlikely(t->foreign)) {
		foreign_syscall(t);
	} else {
		word_t no = f->rax;
		t->regs_written = 0;    /* only a write during this call keeps rax */
		word_t ret = no < DBT_SYS_COUNT ? syscall_table[no](t, f) : DBT_E_INVALID_SYSCALL;
		if (!t->regs_written)
			f->rax = ret;
		t->regs_written = 0;
	}
	kernel_exit();
}

/* ---- kernel-made IPC ---------------------------------------------------------- */

static void exc_msg(struct thread *t, unsigned vector, word_t error, word_t addr)
{
	arch_regs_read(t, t->kmsg);
	t->kmsg[DBT_REGS_WORDS] = vector;
	t->kmsg[DBT_REGS_WORDS + 1] = error;
	t->kmsg[DBT_REGS_WORDS + 2] = addr;
}

/* The handler's reply may carry a new register set: apply it. */
static void exc_reply(struct thread *t)
{
	if (DBT_TAG_U(t->ipc_tag) >= DBT_REGS_WORDS)
		arch_regs_write(t, t->kmsg);
}

/* Nobody will handle it: no handler, or the handler went away. */
static bool unhandled(word_t err)
{
	return err == DBT_E_EMPTY_SLOT || err == DBT_E_DELETED;
}

/* A fault is retried when the thread runs again; a thread stopped while its
 * handler had the message (DBT_E_CANCELLED) simply faults again on resume. */
void exception_ipc(struct thread *t, unsigned vector, word_t error, word_t addr)
{
	exc_msg(t, vector, error, addr);
	word_t err = ipc_kernel_call(t, &t->exc_handler, DBT_TAG(DBT_LABEL_EXCEPTION, DBT_EXC_WORDS, 0));
	if (unhandled(err)) {
		char why[48];
		snprintk(why, sizeof(why), "exception %u (error %lx, addr %lx)", vector, error, addr);
		thread_halt_fault(t, why);
	} else if (err == DBT_OK) {
		exc_reply(t);
	}
}

#define SYSCALL_INSN_LEN 2

/* The IPC of a foreign system call ended with err: take the reply (the
 * short form's one word is rax; sys_ipc.c let no other tag through),
 * restart an interrupted call unless its registers were written during the
 * call (a write from before it, a signal delivered while the thread ran
 * user code, does not count: foreign_syscall clears the flag), or halt a
 * thread nobody handles.  Also the continuation of a thread the fast
 * path parked in a short call (fastpath_resumed). */
void foreign_syscall_done(struct thread *t, word_t err, bool brief)
{
	t->ipc_kernel = 0;
	t->foreign_parked = 0;
	if (unhandled(err)) {
		thread_halt_fault(t, "foreign system call without a handler");
	} else if (err == DBT_OK && brief) {
		if (!t->result_set)     /* ipc_answer set it; a later register write stays */
			arch_syscall_set_result(thread_frame(t), t->kmsg[0]);
	} else if (err == DBT_OK) {
		exc_reply(t);
	} else if (!t->regs_written) {
		thread_frame(t)->rip -= SYSCALL_INSN_LEN;   /* interrupted: restart it */
	}
	t->regs_written = 0;
	t->result_set = 0;
}

/* A `syscall` of a foreign-ABI thread.  Mirrored: the short form to a
 * handler already waiting is arch/x86_64/fastpath.c's
 * fastpath_foreign_syscall, tried by the entry code first. */
void foreign_syscall(struct thread *t)
{
	bool brief = t->foreign & DBT_FOREIGN_SHORT;
	word_t tag;
	t->regs_written = 0;    /* only a write during this call keeps the rip */
	if (brief) {
		arch_syscall_args(thread_frame(t), t->kmsg);
		tag = DBT_SYSCALL_SHORT_TAG;
	} else {
		exc_msg(t, DBT_EXC_SYSCALL, 0, 0);
		tag = DBT_TAG(DBT_LABEL_SYSCALL, DBT_EXC_WORDS, 0);
	}
	foreign_syscall_done(t, ipc_kernel_call(t, &t->exc_handler, tag), brief);
}

void pagefault_ipc(struct thread *t, word_t addr, word_t access)
{
	t->kmsg[0] = addr;
	t->kmsg[1] = access;
	t->kmsg[2] = thread_frame(t)->rip;
	word_t err = ipc_kernel_call(t, &t->pager, DBT_TAG(DBT_LABEL_PAGEFAULT, 3, 0));
	if (unhandled(err))
		exception_ipc(t, EXC_PAGE_FAULT, access, addr);
	/* else resolved or not, the instruction runs again */
}
