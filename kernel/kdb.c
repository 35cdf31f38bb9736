/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kdb.c - the kernel debugger on the serial console (COM1).
 *
 * Entered by typing Ctrl-K twice, by DBT_SYS_DEBUG_ENTER, or on panic.  It
 * polls the UART with interrupts off, so everything else stands still.
 * Commands: help, tasks, threads, caps <task>, maps <task>, mem, continue.
 * A <task> is a task number as 'tasks' lists it (decimal or 0x-hex); an
 * argument that is not one is refused with a message, never taken as 0 or
 * wrapped round to another task.
 */
#include "kdb.h"
#include "cap.h"
#include "ipc.h"
#include "kmem.h"
#include "sched.h"
#include "task.h"
#include "thread.h"
#include "num.h"
#include "arch/cpu.h"

#define KDB_KEY 0x0b            /* Ctrl-K */
#define IRQ_CASCADE 2           /* ISA line 2: the PIC cascade / timer override */
#define KDB_LINE_MAX 64         /* a command line, NUL included */
#define KEY_BACKSPACE 0x08
#define KEY_DELETE 0x7f

int arch_console_getc(void);

static bool kdb_after_panic;
static unsigned key_count;

static const char *const state_names[] = {
	"inactive", "runnable", "send", "recv", "reply", "wait", "stopped", "dead",
};
static const char *const type_names[DBT_OBJ_COUNT] = {
	"none", "endpoint", "notification", "task", "thread", "quota", "irq",
	"irq-control", "physmem", "iospace", "debug", "reply",
};

bool kdb_irq_free(unsigned line)
{
	return line != KDB_IRQ_LINE && line != IRQ_CASCADE;
}

static int getc_wait(void)
{
	int c;
	while ((c = arch_console_getc()) < 0)
		cpu_relax();
	return c;
}

static size_t read_line(char *buf, size_t n)
{
	size_t len = 0;
	for (;;) {
		int c = getc_wait();
		if (c == '\r' || c == '\n') {
			printk("\n");
			buf[len] = 0;
			return len;
		}
		if ((c == KEY_DELETE || c == KEY_BACKSPACE) && len) {
			len--;
			printk("\b \b");
		} else if (c >= ' ' && len + 1 < n) {
			buf[len++] = (char)c;
			printk("%c", c);
		}
	}
}

/* cmd's argument as a task number (trailing blanks cut off in place);
 * false after saying what is wrong with it. */
static bool task_number(const char *cmd, char *arg, uint32_t *id)
{
	size_t n = strlen(arg);
	while (n && arg[n - 1] == ' ')
		arg[--n] = 0;
	uint64_t v = 0;
	int err = num_parse_u64(arg, n, &v);
	if (n == 0) {
		printk("usage: %s <task>\n", cmd);
		return false;
	}
	if (err == NUM_MALFORMED) {
		printk("%s: '%s' is not a number; usage: %s <task>\n", cmd, arg, cmd);
		return false;
	}
	if (err == NUM_OVERFLOW || v > UINT32_MAX) {
		printk("%s: %s is too large: task numbers go up to %u\n", cmd, arg, UINT32_MAX);
		return false;
	}
	*id = (uint32_t)v;
	return true;
}

/* The task cmd's argument names, or NULL after saying why not. */
static struct task *find_task(const char *cmd, char *arg)
{
	uint32_t id;
	if (!task_number(cmd, arg, &id))
		return NULL;
	for (struct list *l = task_list.next; l != &task_list; l = l->next) {
		struct task *t = list_entry(l, struct task, all_link);
		if (t->id == id)
			return t;
	}
	printk("no task %u\n", id);
	return NULL;
}

static void cmd_tasks(void)
{
	printk("task  threads  pages  caps/slots  quota-used\n");
	for (struct list *l = task_list.next; l != &task_list; l = l->next) {
		struct task *t = list_entry(l, struct task, all_link);
		unsigned nthreads = 0, ncaps = 0;
		for (struct list *k = t->threads.next; k != &t->threads; k = k->next)
			nthreads++;
		for (size_t i = 0; i < ((size_t)1 << t->cspace_order); i++)
			ncaps += t->cspace[i].obj != NULL;
		printk("%4u  %7u  %5zu  %4u/%-5lu  %zu\n", t->id, nthreads, t->npages, ncaps,
		       1ul << t->cspace_order, t->quota->used);
	}
}

static void cmd_threads(void)
{
	printk("thread task prio state     blocked-on          ticks\n");
	for (struct list *l = thread_list.next; l != &thread_list; l = l->next) {
		struct thread *t = list_entry(l, struct thread, all_link);
		const char *on = t->wait_obj ? type_names[t->wait_obj->type] :
		                 t->replier ? "reply" : t->reply ? "reply-cap" : "-";
		printk("%6u %4u %4u %-9s %-8s %p %lu%s\n", t->id, t->task->id, t->prio,
		       state_names[t->state], on, (void *)t->wait_obj, t->cpu_ticks,
		       t == current() ? " (current)" : "");
	}
}

static void cmd_caps(struct task *t)
{
	for (size_t i = 0; i < ((size_t)1 << t->cspace_order); i++) {
		struct cap *c = &t->cspace[i];
		if (c->obj)
			printk("slot %4zu: %-12s %p rights %02x badge %lx\n", i, type_names[c->obj->type],
			       (void *)c->obj, c->rights, c->badge);
	}
}

/* One line per run of pages contiguous in both spaces, with equal rights and origin. */
static void cmd_maps(struct task *t)
{
	vaddr_t va = 0, start = 0;
	struct mapnode first = { 0 }, prev = { 0 };
	word_t run = 0;
	for (bool more = true; more;) {
		more = space_next_mapped(t, &va, DBT_USER_TOP);
		struct mapnode *n = more ? space_lookup(t, va) : NULL;
		struct mapnode *from = n ? mapnode_parent(n) : NULL, *prev_from = mapnode_parent(&prev);
		bool extends = n && run && va == start + run * PAGE_SIZE && n->pa == prev.pa + PAGE_SIZE &&
		               n->rights == prev.rights && !from == !prev_from &&
		               (!from || from->task == prev_from->task);
		if (run && !extends) {
			printk("%016lx-%016lx -> %012lx %c%c%c ", start, start + run * PAGE_SIZE, first.pa,
			       'r', first.rights & DBT_W ? 'w' : '-', first.rights & DBT_X ? 'x' : '-');
			if (mapnode_parent(&first))
				printk("(from task %u)\n", mapnode_parent(&first)->task->id);
			else
				printk("(root)\n");
			run = 0;
		}
		if (!n)
			break;
		if (!run) {
			start = va;
			first = *n;
		}
		prev = *n;
		run++;
		va += PAGE_SIZE;
	}
	printk("%zu pages mapped\n", t->npages);
}

static void cmd_mem(void)
{
	printk("kernel pool: %zu of %zu bytes used; root quota %zu of %zu\n", kmem_pool.used,
	       kmem_pool.total, root_quota.used, root_quota.limit);
}

void kdb_enter(const char *why)
{
	char line[KDB_LINE_MAX];
	printk("\nkdb: entered (%s). 'help' lists commands.\n", why);
	for (;;) {
		printk("kdb> ");
		read_line(line, sizeof(line));
		char *arg = line;
		while (*arg && *arg != ' ')
			arg++;
		while (*arg == ' ')
			arg++;
		if (!strncmp(line, "continue", 8) || !strcmp(line, "c")) {
			if (kdb_after_panic) {
				printk("kdb: cannot continue after a panic\n");
				continue;
			}
			return;
		} else if (!strncmp(line, "tasks", 5)) {
			cmd_tasks();
		} else if (!strncmp(line, "threads", 7)) {
			cmd_threads();
		} else if (!strncmp(line, "caps ", 5)) {
			struct task *t = find_task("caps", arg);
			if (t)
				cmd_caps(t);
		} else if (!strncmp(line, "maps ", 5)) {
			struct task *t = find_task("maps", arg);
			if (t)
				cmd_maps(t);
		} else if (!strncmp(line, "mem", 3)) {
			cmd_mem();
		} else if (line[0]) {           /* "help" and anything unknown */
			printk("commands: tasks, threads, caps <task>, maps <task>, mem, continue\n");
		}
	}
}

/* ---- console input for user level --------------------------------------- */

#define INPUT_RING 256

static char input_ring[INPUT_RING];
static unsigned input_head, input_len;
static struct cap input_notify;         /* internal capability to a notification */

static void input_put(char c)
{
	if (input_len == INPUT_RING)
		return;                         /* full: drop, as a UART would */
	input_ring[(input_head + input_len++) % INPUT_RING] = c;
}

size_t kdb_input_read(char *buf, size_t max)
{
	size_t n = 0;
	for (; n < max && input_len; n++, input_len--) {
		buf[n] = input_ring[input_head];
		input_head = (input_head + 1) % INPUT_RING;
	}
	return n;
}

void kdb_input_bind(struct cap *n)
{
	cap_delete(&input_notify);
	if (n)
		cap_install(&input_notify, n->obj, n->rights, n->badge, n);
}

void kdb_serial_irq(void)
{
	int c;
	bool got = false;
	while ((c = arch_console_getc()) >= 0) {
		key_count = c == KDB_KEY ? key_count + 1 : 0;
		if (key_count == 2) {
			key_count = 0;
			kdb_enter("key sequence");
		} else if (c != KDB_KEY) {
			input_put((char)c);
			got = true;
		}
	}
	if (got && input_notify.obj)
		notification_signal((struct notification *)input_notify.obj,
		                    input_notify.badge ? input_notify.badge : 1);
}

void kdb_panic_hook(void)
{
	kdb_after_panic = true;
}
