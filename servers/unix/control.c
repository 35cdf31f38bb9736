/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * control.c - unixd's answers to the management console.
 *
 * A thread of unixd waits for console commands on the component's control
 * endpoint (urt_control_recv) and hands each to the receive loop as a
 * UNIX_LABEL_CONTROL message, so that the answer reads the server's state
 * between system calls, never in the middle of one.  Commands (typed as
 * `syscalls unixd`, `ps unixd` or `tell unixd WORDS`):
 *   syscalls   every system call answered ENOSYS, with its count
 *   ps         processes: pid, parent, group, session, state, threads,
 *              resident pages, name; then unixd's frames and heap
 */
#include "unixd.h"
#include "console.h"
#include "mm/mm.h"
#include "mm/frame.h"

static dbt_slot_t control_ep;

static void *control_thread(void *arg)
{
	(void)arg;
	char cmd[DBT_COMP_CONTROL_MAX];
	for (;;) {
		if (urt_control_recv(cmd, sizeof(cmd), DBT_TIMEOUT_NEVER) != URT_OK)
			continue;
		size_t n = strlen(cmd) + 1;
		dbt_word_t tag = DBT_TAG(UNIX_LABEL_CONTROL, (n + 7) / 8, 0);
		memcpy(dbt_mr(), cmd, n);
		dbt_call(control_ep, &tag, DBT_TIMEOUT_NEVER, DBT_TIMEOUT_NEVER);
	}
	return NULL;
}

int control_init(void)
{
	if (!urt_control_slot())
		return 0;
	urt_thread_t *th;
	control_ep = urt_slot_alloc();
	if (!control_ep || dbt_cap_copy(unix_endpoint, control_ep, DBT_CAP_WRITE, UNIX_BADGE_INTERNAL) ||
	    urt_thread_create(&th, control_thread, NULL, URT_PRIO_INHERIT))
		return -LX_ENOMEM;
	return 0;
}

static void control_ps(void)
{
	uprintf("  PID  PPID  PGID   SID STATE THR  PAGES NAME             WAITING IN\n");
	for (struct proc *p = proc_next(NULL); p; p = proc_next(p)) {
		const char *st = p->state == PROC_ZOMBIE ? "Z" : p->stopped ? "T" : "S";
		struct uthread *t = proc_main_thread(p);
		const char *wait = t && t->park.parked ? syscall_name(t->park.call.nr) : "-";
		uprintf("%5d %5d %5d %5d %-5s %3u %6lu %-16s %s\n", p->pid, p->parent ? p->parent->pid : 0,
		        p->pgid, p->sid, st, p->nthreads, p->mm ? (unsigned long)p->mm->pmap.pages : 0ul,
		        p->comm, wait);
	}
	struct urt_heap_stats hs;
	urt_heap_stats(&urt_heap_default, &hs);
	uprintf("unixd: %d processes, frames %lu in use of %lu owned, heap %lu bytes in %lu blocks\n",
	        proc_count(), (unsigned long)frame_in_use(), (unsigned long)frame_owned(),
	        (unsigned long)hs.bytes_used, (unsigned long)hs.nalloc);
}

/* One command from the console (the text in the MRs). */
void control_command(const char *text)
{
	if (!strcmp(text, "syscalls")) {
		uprintf("unixd: system calls answered ENOSYS:\n");
		syscall_print_enosys();
	} else if (!strcmp(text, "ps")) {
		control_ps();
	} else {
		uprintf("unixd: unknown command '%s' (syscalls, ps)\n", text);
	}
}
