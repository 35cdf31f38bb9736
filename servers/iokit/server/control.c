/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * control.c - console commands for this instance: the composer's console
 * passes a command typed for it as a one-way message on the control
 * endpoint (DBT_COMP_SLOT_CONTROL, label DBT_COMP_CONTROL_COMMAND, the
 * NUL-terminated line in the words; darbat/component.h).  A table maps
 * the first word to a handler; answers go to the console (uprintf).
 *
 *   ioreg [PATH]        the registry tree from PATH (default /)
 *   kextstat            loaded modules
 *   kextload FILE       load a module from a granted boot-image file
 *   kextunload NAME     unload a module
 *
 * A line may start with the instance's own name (`iokit0 ioreg /pci@0`),
 * which is skipped.  A malformed message is reported and dropped.
 * One thread receives, another runs the commands (see control_serve);
 * control_init tells the composer this instance answers commands
 * (urt_control_announce), else its console would say it takes none.
 */
#include "server.h"

#define MAX_WORDS 4

typedef void command_fn(int argc, char **argv);

static void cmd_ioreg(int argc, char **argv)
{
	ioreg_print(argc > 1 ? argv[1] : "/");
}

static void cmd_kextstat(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	kext_stat();
}

static void cmd_kextload(int argc, char **argv)
{
	if (argc != 2)
		uprintf("kextload: usage: kextload FILE\n");
	else
		kext_load(argv[1]);
}

static void cmd_kextunload(int argc, char **argv)
{
	if (argc != 2)
		uprintf("kextunload: usage: kextunload NAME\n");
	else
		kext_unload(argv[1]);
}

static const struct {
	const char *name;
	int max_args;           /* words after the command */
	command_fn *fn;
} commands[] = {
	{ "ioreg", 1, cmd_ioreg },
	{ "kextstat", 0, cmd_kextstat },
	{ "kextload", 1, cmd_kextload },
	{ "kextunload", 1, cmd_kextunload },
};

static int split(char *line, char **argv)
{
	int argc = 0;
	char *p = line;
	while (*p) {
		while (*p == ' ' || *p == '\t')
			*p++ = 0;
		if (!*p)
			break;
		if (argc == MAX_WORDS)
			return MAX_WORDS + 1;   /* too many words */
		argv[argc++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
	}
	return argc;
}

void control_command(char *line)
{
	char *argv[MAX_WORDS];
	int argc = split(line, argv);
	if (argc > MAX_WORDS) {
		uprintf("iokitd: %s: too many words in the command\n", iokitd_instance());
		return;
	}
	if (argc > 0 && !strcmp(argv[0], iokitd_instance())) {
		argc--;
		for (int i = 0; i < argc; i++)
			argv[i] = argv[i + 1];
	}
	if (argc == 0)
		return;
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(argv[0], commands[i].name))
			continue;
		if (argc - 1 > commands[i].max_args)
			uprintf("%s: too many arguments\n", argv[0]);
		else
			commands[i].fn(argc, argv);
		return;
	}
	uprintf("iokitd: %s: unknown command '%s': ioreg [PATH], kextstat, kextload FILE, "
	        "kextunload NAME\n", iokitd_instance(), argv[0]);
}

/* The command line of a received message, or NULL if it is malformed. */
static char *message_line(dbt_word_t tag, char *buf)
{
	unsigned words = DBT_TAG_U(tag);
	if (DBT_TAG_LABEL(tag) != DBT_COMP_CONTROL_COMMAND || DBT_TAG_T(tag) ||
	    words * 8 > DBT_COMP_CONTROL_MAX || words == 0)
		return NULL;
	memcpy(buf, dbt_mr(), words * 8);
	if (strnlen(buf, words * 8) == words * 8)
		return NULL;            /* not NUL-terminated */
	return buf;
}

/*
 * The composer sends without waiting (it is every component's pager and
 * must not block on one), so a command that arrives while this instance
 * is not receiving is refused as "busy".  The receiving thread therefore
 * only copies each line into a queue and receives again at once; a worker
 * thread runs the commands in order.
 */
#define QUEUE_LINES 8

static char queue[QUEUE_LINES][DBT_COMP_CONTROL_MAX];   /* guarded by queue_lock */
static unsigned queue_head, queue_count;
static urt_mutex_t queue_lock = URT_MUTEX_INIT;
static urt_sem_t queue_items = URT_SEM_INIT(0);

static void *control_worker(void *arg)
{
	(void)arg;
	for (;;) {
		char line[DBT_COMP_CONTROL_MAX];
		urt_sem_wait(&queue_items);
		urt_mutex_lock(&queue_lock);
		memcpy(line, queue[queue_head], sizeof(line));
		queue_head = (queue_head + 1) % QUEUE_LINES;
		queue_count--;
		urt_mutex_unlock(&queue_lock);
		control_command(line);
	}
	return NULL;
}

static void queue_put(const char *line)
{
	urt_mutex_lock(&queue_lock);
	bool full = queue_count == QUEUE_LINES;
	if (!full) {
		snfmt(queue[(queue_head + queue_count) % QUEUE_LINES], DBT_COMP_CONTROL_MAX, "%s", line);
		queue_count++;
	}
	urt_mutex_unlock(&queue_lock);
	if (full)
		uprintf("iokitd: %s: %u commands waiting: '%s' dropped\n", iokitd_instance(),
		        QUEUE_LINES, line);
	else
		urt_sem_post(&queue_items);
}

static dbt_slot_t control_ep;    /* 0: console commands are off */

void control_init(void)
{
	urt_thread_t *worker;
	dbt_slot_t ep = iokitd_control_slot();
	if (!ep)
		uprintf("iokitd: %s: no control endpoint: console commands are off\n", iokitd_instance());
	else if (urt_thread_create(&worker, control_worker, NULL, URT_PRIO_INHERIT) != URT_OK)
		uprintf("iokitd: %s: no thread for console commands: they are off\n", iokitd_instance());
	else if (urt_control_announce() != URT_OK)
		uprintf("iokitd: %s: the composer was not told: console commands are off\n",
		        iokitd_instance());
	else
		control_ep = ep;
}

void control_serve(void)
{
	dbt_slot_t ep = control_ep;
	while (ep) {
		dbt_word_t tag, badge;
		char buf[DBT_COMP_CONTROL_MAX];
		dbt_word_t err = dbt_recv(ep, &tag, &badge, DBT_TIMEOUT_NEVER);
		if (err) {
			uprintf("iokitd: %s: control endpoint: receive failed (%lu)\n", iokitd_instance(), err);
			return;
		}
		char *line = message_line(tag, buf);
		if (line)
			queue_put(line);
		else
			uprintf("iokitd: %s: control: malformed message (label 0x%lx, %u words) dropped\n",
			        iokitd_instance(), DBT_TAG_LABEL(tag), DBT_TAG_U(tag));
	}
}
