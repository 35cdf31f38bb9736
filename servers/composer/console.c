/*
 * console.c - the management console.
 *
 * On COM1 it shares the kernel console: input reaches it through
 * DBT_SYS_DEBUG_READ (the kernel keeps Ctrl-K for its debugger); on COM2 the
 * composer drives the UART itself.  Either way a notification bound to the
 * composer's thread wakes its event loop, so the console answers whatever
 * the components do: they all run below the composer's priority.
 *
 * Commands: help, list, start NAME, stop NAME, restart NAME, kill NAME,
 * caps NAME, logs NAME, mem, kdb; and commands a component answers on its
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

static void cprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void cprintf(const char *fmt, ...)
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

static void cmd_list(void)
{
	cprintf("%-12s %-8s %8s %8s %10s %s\n", "component", "state", "restarts", "pages", "cpu-ms", "priority");
	for (unsigned i = 0; i < ncomponents; i++) {
		struct component *c = &components[i];
		dbt_word_t ms = 0;
		if (c->state == CS_RUNNING)
			ms = dbt_thread_ctl(c->thread, DBT_THREAD_INFO, 0, 0).v2;
		cprintf("%-12s %-8s %8u %8zu %10lu %u\n", c->desc->name, state_names[c->state],
		        c->restarts, c->pages, ms, c->desc->priority);
	}
}

static const char *const type_names[DBT_OBJ_COUNT] = {
	"none", "endpoint", "notification", "task", "thread", "quota", "irq",
	"irq-control", "physmem", "iospace", "debug", "reply",
};

static void cmd_caps(struct component *c)
{
	if (c->state != CS_RUNNING) {
		cprintf("%s is not running\n", c->desc->name);
		return;
	}
	for (dbt_slot_t s = 1; s < (1u << DBT_COMP_CSPACE_ORDER); s++) {
		dbt_word_t type, rights, badge;
		if (dbt_task_cap_info(c->task, s, &type, &rights, &badge))
			continue;
		cprintf("slot %3lu: %-12s rights %c%c%c%c%c badge %lx\n", s,
		        type < DBT_OBJ_COUNT ? type_names[type] : "?",
		        rights & DBT_CAP_READ ? 'r' : '-', rights & DBT_CAP_WRITE ? 'w' : '-',
		        rights & DBT_CAP_GRANT ? 'g' : '-', rights & DBT_CAP_CONTROL ? 'c' : '-',
		        rights & DBT_CAP_DELETE ? 'd' : '-', badge);
	}
}

static void cmd_logs(struct component *c)
{
	for (unsigned i = 0; i < LOG_LINES; i++) {
		const char *l = c->log[(c->log_next + i) % LOG_LINES];
		if (l[0])
			cprintf("%s: %s\n", c->desc->name, l);
	}
}

static void cmd_on(const char *cmd, struct component *c)
{
	if (!strcmp(cmd, "start")) {
		if (c->state == CS_RUNNING)
			cprintf("%s is running\n", c->desc->name);
		else if (component_start(c) == DBT_OK)
			cprintf("%s started\n", c->desc->name);
	} else if (!strcmp(cmd, "stop")) {
		component_destroy(c);
		c->state = CS_STOPPED;
		component_logf(c, "stopped from the console");
		cprintf("%s stopped\n", c->desc->name);
	} else if (!strcmp(cmd, "restart")) {
		component_destroy(c);
		component_logf(c, "restarted from the console");
		if (component_start(c) == DBT_OK)
			cprintf("%s restarted\n", c->desc->name);
	} else if (!strcmp(cmd, "kill")) {
		if (c->state != CS_RUNNING) {
			cprintf("%s is not running\n", c->desc->name);
			return;
		}
		component_died(c, "killed from the console");
		cprintf("%s killed\n", c->desc->name);
	} else if (!strcmp(cmd, "caps")) {
		cmd_caps(c);
	} else {
		cmd_logs(c);
	}
}

/* `ioreg NAME [PATH]`, `kextstat NAME`, `kextload NAME FILE`,
 * `kextunload NAME MODULE`: "cmd rest" goes to NAME; `tell NAME TEXT`: TEXT. */
static void cmd_tell(const char *cmd, char *arg)
{
	static const struct { const char *cmd; bool needs_rest; const char *usage; } forms[] = {
		{ "ioreg", false, "ioreg NAME [PATH]" }, { "kextstat", false, "kextstat NAME" },
		{ "kextload", true, "kextload NAME FILE" }, { "kextunload", true, "kextunload NAME MODULE" },
		{ "tell", true, "tell NAME TEXT..." },
	};
	unsigned f = 0;
	while (strcmp(forms[f].cmd, cmd))
		f++;
	char *rest = arg;
	while (*rest && *rest != ' ')
		rest++;
	if (*rest)
		*rest++ = 0;
	while (*rest == ' ')
		rest++;
	if (!arg[0] || (forms[f].needs_rest && !rest[0])) {
		cprintf("usage: %s\n", forms[f].usage);
		return;
	}
	struct component *c = component_by_name(arg);
	if (!c) {
		cprintf("no component '%s'\n", arg);
		return;
	}
	char text[LINE_MAX + 16];
	if (!strcmp(cmd, "tell"))
		snfmt(text, sizeof(text), "%s", rest);
	else
		snfmt(text, sizeof(text), rest[0] ? "%s %s" : "%s", cmd, rest);
	const char *why = control_send(c, text);
	if (why)
		cprintf("%s: %s\n", c->desc->name, why);
}

static void run(char *cmd)
{
	char *arg = cmd;
	while (*arg && *arg != ' ')
		arg++;
	if (*arg)
		*arg++ = 0;
	while (*arg == ' ')
		arg++;
	if (!cmd[0])
		return;
	if (!strcmp(cmd, "list")) {
		cmd_list();
	} else if (!strcmp(cmd, "mem")) {
		dbt_word_t used = 0, limit = 0;
		dbt_quota_info(DBT_ROOT_SLOT_QUOTA, &used, &limit);
		cprintf("kernel memory: %lu of %lu KiB used; %zu frames on the free list\n",
		        used >> 10, limit >> 10, frames_free());
	} else if (!strcmp(cmd, "kdb")) {
		dbt_debug_enter(DBT_ROOT_SLOT_DEBUG);
	} else if (!strcmp(cmd, "start") || !strcmp(cmd, "stop") || !strcmp(cmd, "restart") ||
	           !strcmp(cmd, "kill") || !strcmp(cmd, "caps") || !strcmp(cmd, "logs")) {
		struct component *c = component_by_name(arg);
		if (c)
			cmd_on(cmd, c);
		else
			cprintf("no component '%s'\n", arg);
	} else if (!strcmp(cmd, "ioreg") || !strcmp(cmd, "kextstat") || !strcmp(cmd, "kextload") ||
	           !strcmp(cmd, "kextunload") || !strcmp(cmd, "tell")) {
		cmd_tell(cmd, arg);
	} else {
		cprintf("commands: list, start|stop|restart|kill|caps|logs NAME, mem, kdb,\n"
		        "  ioreg NAME [PATH], kextstat NAME, kextload NAME FILE, kextunload NAME MODULE,\n"
		        "  tell NAME TEXT\n");
	}
}

/* ---- input ------------------------------------------------------------------------ */

static void take(char ch)
{
	if (ch == '\r' || ch == '\n') {
		line[line_len] = 0;
		if (on_com2)
			cprintf("\n");
		line_len = 0;
		run(line);
		cprintf("composer> ");
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
	cprintf("composer> ");
}
