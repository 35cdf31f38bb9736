/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * console.c - the management console.
 *
 * On COM1 it shares the kernel console: input reaches it through
 * DBT_SYS_DEBUG_READ (the kernel keeps Ctrl-K for its debugger); on COM2 the
 * composer drives the UART itself.  Either way a notification bound to the
 * composer's thread wakes its event loop, so the console answers whatever
 * the components do: they all run below the composer's priority.
 *
 * Commands are a table (commands[]: name, number of words, usage, help
 * line, handler) and one dispatcher (run) that checks the words and the
 * component NAME before any handler runs: list, start|stop|restart|kill|
 * caps|logs NAME, mem, kdb, help; and commands a component answers on its
 * own console (control.c): ioreg NAME [PATH], kextstat NAME, kextload NAME
 * FILE, kextunload NAME MODULE, tell NAME TEXT.
 */
#include "composer.h"

#define COM2 0x2f8
#define LINE_MAX 80

bool console_enabled;
static bool on_com2;
static char line[LINE_MAX];
static unsigned line_len;
static dbt_slot_t input_ntf, input_irq;

/* ---- output --------------------------------------------------------------- */

static void com2_putc(char c)
{
	while (!(io_inb(COM2 + 5) & 0x20))
		;
	io_outb(COM2, (uint8_t)c);
}

static void out_char(char c, void *arg)
{
	(void)arg;
	if (c == '\n')
		com2_putc('\r');
	com2_putc(c);
}

void console_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (on_com2)
		vcbfmt(out_char, NULL, fmt, ap);
	else
		uvprintf(fmt, ap);
	va_end(ap);
}

/* ---- commands ---------------------------------------------------------------- */

static const char *const state_names[] = { "stopped", "running", "backoff", "failed", "exited" };

/* Handlers get the component the first word names (NULL for a command
 * without NAME) and the words after the command, NULL past the last. */
static void cmd_list(struct component *none, char **word)
{
	(void)none;
	(void)word;
	console_printf("%-12s %-8s %8s %8s %8s %10s %s\n", "component", "state", "restarts", "deaths",
	        "pages", "cpu-ms", "priority");
	for (unsigned i = 0; i < ncomponents; i++) {
		struct component *c = &components[i];
		dbt_word_t ms = 0;
		if (c->state == CS_RUNNING)
			ms = dbt_thread_ctl(c->thread, DBT_THREAD_INFO, 0, 0).v2;
		console_printf("%-12s %-8s %8u %8u %8zu %10lu %u\n", c->desc->name, state_names[c->state],
		        c->restarts, c->deaths, c->pages, ms, c->desc->priority);
	}
}

static void cmd_start(struct component *c, char **word)
{
	(void)word;
	if (c->state == CS_RUNNING)
		console_printf("%s is running\n", c->desc->name);
	else if (component_start(c) == DBT_OK)
		console_printf("%s started\n", c->desc->name);
}

static void cmd_stop(struct component *c, char **word)
{
	(void)word;
	component_destroy(c);
	c->state = CS_STOPPED;
	component_logf(c, "stopped from the console");
	console_printf("%s stopped\n", c->desc->name);
}

static void cmd_restart(struct component *c, char **word)
{
	(void)word;
	component_destroy(c);
	component_logf(c, "restarted from the console");
	if (component_start(c) == DBT_OK)
		console_printf("%s restarted\n", c->desc->name);
}

static void cmd_kill(struct component *c, char **word)
{
	(void)word;
	if (c->state != CS_RUNNING) {
		console_printf("%s is not running\n", c->desc->name);
		return;
	}
	component_died(c, "killed from the console");
	console_printf("%s killed\n", c->desc->name);
}

static const char *const type_names[DBT_OBJ_COUNT] = {
	"none", "endpoint", "notification", "task", "thread", "quota", "irq",
	"irq-control", "physmem", "iospace", "debug", "reply",
};

static void cmd_caps(struct component *c, char **word)
{
	(void)word;
	if (c->state != CS_RUNNING) {
		console_printf("%s is not running\n", c->desc->name);
		return;
	}
	for (dbt_slot_t s = 1; s < c->desc->slots; s++) {
		dbt_word_t type, rights, badge;
		if (dbt_task_cap_info(c->task, s, &type, &rights, &badge))
			continue;
		console_printf("slot %3lu: %-12s rights %c%c%c%c%c badge %lx\n", s,
		        type < DBT_OBJ_COUNT ? type_names[type] : "?",
		        rights & DBT_CAP_READ ? 'r' : '-', rights & DBT_CAP_WRITE ? 'w' : '-',
		        rights & DBT_CAP_GRANT ? 'g' : '-', rights & DBT_CAP_CONTROL ? 'c' : '-',
		        rights & DBT_CAP_DELETE ? 'd' : '-', badge);
	}
}

static void cmd_logs(struct component *c, char **word)
{
	(void)word;
	for (unsigned i = 0; i < LOG_LINES; i++) {
		const char *l = c->log[(c->log_next + i) % LOG_LINES];
		if (l[0])
			console_printf("%s: %s\n", c->desc->name, l);
	}
}

static void cmd_mem(struct component *none, char **word)
{
	(void)none;
	(void)word;
	dbt_word_t used = 0, limit = 0;
	dbt_quota_info(DBT_ROOT_SLOT_QUOTA, &used, &limit);
	console_printf("kernel memory: %lu of %lu KiB used; %zu frames on the free list\n",
	        used >> 10, limit >> 10, frames_free());
}

static void cmd_kdb(struct component *none, char **word)
{
	(void)none;
	(void)word;
	dbt_debug_enter(DBT_ROOT_SLOT_DEBUG);
}

/* A command line for c's control endpoint (control.c); the console says
 * why when it cannot go. */
static void tell(struct component *c, const char *text)
{
	const char *why = control_send(c, text);
	if (why)
		console_printf("%s: %s\n", c->desc->name, why);
}

/* `VERB NAME [WORD]` reaches NAME as `VERB [WORD]`. */
static void forward(struct component *c, const char *verb, const char *word)
{
	char text[LINE_MAX + 16];
	snfmt(text, sizeof(text), word ? "%s %s" : "%s", verb, word);
	tell(c, text);
}

static void cmd_ioreg(struct component *c, char **word)
{
	forward(c, "ioreg", word[1]);
}

static void cmd_kextstat(struct component *c, char **word)
{
	forward(c, "kextstat", word[1]);
}

static void cmd_kextload(struct component *c, char **word)
{
	forward(c, "kextload", word[1]);
}

static void cmd_kextunload(struct component *c, char **word)
{
	forward(c, "kextunload", word[1]);
}

static void cmd_syscalls(struct component *c, char **word)
{
	forward(c, "syscalls", word[1]);
}

static void cmd_ps(struct component *c, char **word)
{
	forward(c, "ps", word[1]);
}

static void cmd_tell(struct component *c, char **word)
{
	tell(c, word[1]);
}

static void cmd_help(struct component *none, char **word);

#define MAX_ARGS 2              /* the most words any command takes after its name */
#define NAMED 1                 /* flags: the first word names a component */
#define TEXT 2                  /* the last word runs to the end of the line */

/*
 * The commands.  The dispatcher (run) checks the number of words against
 * min..max and, for a command about a component, that NAME (the first
 * word) is one, before the handler runs; a TEXT command's last word is the
 * rest of the line as typed.  `help` and the answer to an unknown command
 * are made from this table.
 */
static const struct command {
	const char *name;
	unsigned min, max;      /* words after the name, at most MAX_ARGS */
	unsigned flags;
	const char *args;       /* how the words read, for usage and help */
	const char *what;       /* one line for help */
	void (*run)(struct component *c, char **word);
} commands[] = {
	{ "list",       0, 0, 0,            "",             "every component: state, restarts, deaths, pages, CPU", cmd_list },
	{ "start",      1, 1, NAMED,        "NAME",         "create it (no restart policy applied)", cmd_start },
	{ "stop",       1, 1, NAMED,        "NAME",         "destroy it (no restart policy applied)", cmd_stop },
	{ "restart",    1, 1, NAMED,        "NAME",         "destroy it and create it again", cmd_restart },
	{ "kill",       1, 1, NAMED,        "NAME",         "end it as a fault would: its policy decides", cmd_kill },
	{ "caps",       1, 1, NAMED,        "NAME",         "the capabilities it holds", cmd_caps },
	{ "logs",       1, 1, NAMED,        "NAME",         "the last lines it or the composer logged about it", cmd_logs },
	{ "mem",        0, 0, 0,            "",             "kernel memory used, frames on the free list", cmd_mem },
	{ "kdb",        0, 0, 0,            "",             "enter the kernel debugger", cmd_kdb },
	{ "ioreg",      1, 2, NAMED,        "NAME [PATH]",  "NAME (a driver framework) prints its registry", cmd_ioreg },
	{ "kextstat",   1, 1, NAMED,        "NAME",         "NAME lists its driver modules", cmd_kextstat },
	{ "kextload",   2, 2, NAMED,        "NAME FILE",    "NAME loads a driver module from a granted file", cmd_kextload },
	{ "kextunload", 2, 2, NAMED,        "NAME MODULE",  "NAME unloads a driver module", cmd_kextunload },
	{ "syscalls",   1, 1, NAMED,        "NAME",         "NAME (a UNIX server) counts the calls it answered ENOSYS", cmd_syscalls },
	{ "ps",         1, 1, NAMED,        "NAME",         "NAME (a UNIX server) lists its processes and memory", cmd_ps },
	{ "tell",       2, 2, NAMED | TEXT, "NAME TEXT...", "NAME gets TEXT as a command line", cmd_tell },
	{ "help",       0, 0, 0,            "",             "this list", cmd_help },
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

/* "name args" into buf. */
static const char *usage(const struct command *cmd, char *buf, size_t n)
{
	snfmt(buf, n, cmd->args[0] ? "%s %s" : "%s", cmd->name, cmd->args);
	return buf;
}

static void cmd_help(struct component *none, char **word)
{
	(void)none;
	(void)word;
	char buf[32];
	for (unsigned i = 0; i < NCOMMANDS; i++)
		console_printf("  %-24s %s\n", usage(&commands[i], buf, sizeof(buf)), commands[i].what);
}

/* "commands: list, start NAME, ..." on lines of at most 80 columns. */
static void summary(void)
{
	char buf[32];
	unsigned col = sizeof("commands:") - 1;
	console_printf("commands:");
	for (unsigned i = 0; i < NCOMMANDS; i++) {
		const char *u = usage(&commands[i], buf, sizeof(buf));
		unsigned len = (unsigned)strlen(u) + 2;
		if (col + len > 79) {
			console_printf(i ? ",\n " : "\n ");
			col = 1;
		} else if (i) {
			console_printf(",");
		}
		console_printf(" %s", u);
		col += len;
	}
	console_printf("\n");
}

static const struct command *command_find(const char *name)
{
	for (unsigned i = 0; i < NCOMMANDS; i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

/* Cut the next space-separated word off *p; NULL at the end of the line.
 * With rest, the word is the whole rest of the line. */
static char *next_word(char **p, bool rest)
{
	char *s = *p;
	while (*s == ' ')
		s++;
	if (!*s)
		return NULL;
	char *word = s;
	while (*s && (rest || *s != ' '))
		s++;
	if (*s)
		*s++ = 0;
	*p = s;
	return word;
}

/* Validate the command's arity and its NAME, then hand it its words. */
static void run(char *line)
{
	char *word[MAX_ARGS + 2] = { NULL };
	size_t len = strlen(line);
	while (len && line[len - 1] == ' ')
		line[--len] = 0;
	char *name = next_word(&line, false);
	if (!name)
		return;
	const struct command *cmd = command_find(name);
	if (!cmd) {
		/* not repeated: tests/qemu/iokitd/run.py types a CONSOLE-END that
		 * no answer may contain (docs/COMPOSER.md) */
		console_printf("unknown command\n");
		summary();
		return;
	}
	unsigned n = 0;     /* up to one word too many, to see it */
	while (n <= cmd->max && (word[n] = next_word(&line, (cmd->flags & TEXT) && n + 1 == cmd->max)))
		n++;
	char buf[32];
	if (n < cmd->min || n > cmd->max) {
		console_printf("usage: %s\n", usage(cmd, buf, sizeof(buf)));
		return;
	}
	word[n] = NULL;
	struct component *c = NULL;
	if ((cmd->flags & NAMED) && !(c = component_by_name(word[0]))) {
		console_printf("no component '%s'\n", word[0]);
		return;
	}
	cmd->run(c, word);
}

/* ---- input ------------------------------------------------------------------------ */

static void take(char ch)
{
	if (ch == '\r' || ch == '\n') {
		line[line_len] = 0;
		if (on_com2)
			console_printf("\n");
		line_len = 0;
		run(line);
		console_printf("composer> ");
	} else if ((ch == 0x7f || ch == 8) && line_len) {
		line_len--;
	} else if (ch >= ' ' && line_len + 1 < LINE_MAX) {
		line[line_len++] = ch;
		if (on_com2)
			out_char(ch, NULL);
	}
}

void console_poll(void)
{
	if (on_com2) {
		for (;;) {
			if (!(io_inb(COM2 + 5) & 1))
				break;
			take((char)io_inb(COM2));
		}
		dbt_irq_ack(input_irq);
		return;
	}
	dbt_word_t n;
	while (dbt_debug_read(DBT_ROOT_SLOT_DEBUG, &n) == DBT_OK && n) {
		char buf[DBT_DEBUG_READ_MAX];
		memcpy(buf, dbt_mr(), n);
		for (dbt_word_t i = 0; i < n; i++)
			take(buf[i]);
	}
}

static void com2_init(void)
{
	static const uint8_t setup[][2] = {
		{ 1, 0x00 }, { 3, 0x80 }, { 0, 0x01 }, { 1, 0x00 }, { 3, 0x03 }, { 2, 0xc7 },
		{ 4, 0x0b }, { 1, 0x01 },   /* receive interrupt on */
	};
	for (unsigned i = 0; i < sizeof(setup) / sizeof(setup[0]); i++)
		io_outb(COM2 + setup[i][0], setup[i][1]);
}

void console_init(void)
{
	enum comp_console where = composition.console;
	if (where == COMP_CONSOLE_NONE)
		return;
	input_ntf = urt_slot_alloc();
	dbt_slot_t irq = input_irq = urt_slot_alloc();
	if (dbt_create(DBT_ROOT_SLOT_QUOTA, DBT_OBJ_NOTIFICATION, input_ntf, 0, 0) ||
	    dbt_thread_ctl(DBT_ROOT_SLOT_THREAD, DBT_THREAD_BIND_NOTIFY, input_ntf, 0).err) {
		uprintf("composer: no console: cannot make its notification\n");
		return;
	}
	if (where == COMP_CONSOLE_COM2) {
		if (dbt_io_enable(DBT_ROOT_SLOT_IOSPACE, DBT_IO_FPAGE(COM2, 3)) ||
		    dbt_irq_get(DBT_ROOT_SLOT_IRQCTL, 3, irq) || dbt_irq_bind(irq, input_ntf)) {
			uprintf("composer: no console: COM2 unavailable\n");
			return;
		}
		on_com2 = true;
		com2_init();
	} else if (dbt_debug_bind(DBT_ROOT_SLOT_DEBUG, input_ntf)) {
		uprintf("composer: no console: cannot read the kernel console\n");
		return;
	}
	console_enabled = true;
	uprintf("composer: management console on %s\n", on_com2 ? "COM2" : "COM1");
	console_printf("composer> ");
}
