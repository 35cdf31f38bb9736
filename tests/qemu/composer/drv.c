/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * drv.c - comptest roles for the composer's services for drivers
 * (docs/COMPOSER.md), each printing `TEST composer/<name>` lines:
 *
 *   pcicfg   granted pci 00:1f.2 (q35's AHCI): its environment names, reads
 *            of its configuration space, every refusal with its exact error,
 *            and the command-register filter
 *   pcibridge  granted a PCI-PCI bridge: its windows and bus numbers refused
 *   dma      DMA buffers: refusals, contiguity and physical addresses as the
 *            kernel's own page tables report them (DBT_SYS_MAP_INFO), guard
 *            pages, free, the budget; then dies holding buffers (touching a
 *            freed one) so the composer must reclaim them
 *   files    boot-image files: maps `hello.elf`, prints a hash of it that
 *            tests/qemu/composer/run.py compares with the host's file; refusals;
 *            then writes to it (generation 0) or touches its window before
 *            asking (generation 1): both must be fatal
 *   control  prints every console command it receives; `quit` ends it
 *   deaf     says it takes console commands (generation 0 only), then
 *            never waits for one
 */
#include "comptest.h"

#define PAGE 4096u

/* ---- PCI configuration space ------------------------------------------------ */

#define AHCI COMP_PCI_ADDR_(0, 0x1f, 2)
#define COMP_PCI_ADDR_(b, d, f) (((uint64_t)(b) << 8) | ((uint64_t)(d) << 3) | (f))

static uint32_t cfg(unsigned off, unsigned width)
{
	uint32_t v = 0xdeadbeef;
	int err = urt_pci_read(AHCI, off, width, &v);
	return err ? 0xdeadbeef : v;
}

static void pci_env(void)
{
	const struct dbt_env_entry *f = urt_env_find("00:1f.2");
	uint32_t id = cfg(0, 4), cls = cfg(8, 4) >> 8;
	test("pci_env_function", f && f->kind == DBT_ENV_PCI && f->addr == AHCI &&
	     f->size == (id | (uint64_t)cls << 32) && id == 0x29228086 && cls == 0x010601,
	     "entry %p kind %lu addr %lx size %lx; config id %x class %x", (const void *)f,
	     f ? f->kind : 0, f ? f->addr : 0, f ? f->size : 0, id, cls);
	const struct dbt_env_entry *io = urt_env_find("00:1f.2/bar4");
	const struct dbt_env_entry *mem = urt_env_find("00:1f.2/bar5");
	const struct dbt_env_entry *irq = urt_env_find("00:1f.2/irq");
	uint32_t bar4 = cfg(0x20, 4), bar5 = cfg(0x24, 4), line = cfg(0x3c, 1);
	test("pci_env_bars", io && io->kind == DBT_ENV_IOPORTS && io->addr == (bar4 & ~3u) &&
	     mem && mem->kind == DBT_ENV_MMIO && mem->size >= 4096 && !urt_env_find("mmio2"),
	     "bar4 %p (BAR %x) bar5 %p", (const void *)io, bar4, (const void *)mem);
	test("pci_env_irq", irq && irq->kind == DBT_ENV_IRQ && irq->addr == line && irq->slot,
	     "irq %p, line %u", (const void *)irq, line);
	/* the MMIO window is the BAR: AHCI's version register reads the same */
	uint32_t vs = mem ? *(volatile uint32_t *)(mem->addr + 0x10) : 0;
	test("pci_bar_window_is_device", (bar5 & 0xf) == 0 && vs >= 0x10000 && vs != 0xffffffffu,
	     "AHCI version %x", vs);
}

static void pci_reads(void)
{
	uint32_t v = 0;
	test("pci_read_widths", cfg(0, 2) == 0x8086 && cfg(2, 2) == 0x2922 && cfg(0, 1) == 0x86 &&
	     cfg(1, 1) == 0x80 && cfg(0xb, 1) == 0x01, "%x %x %x %x %x", cfg(0, 2), cfg(2, 2),
	     cfg(0, 1), cfg(1, 1), cfg(0xb, 1));
	int e1 = urt_pci_read(COMP_PCI_ADDR_(0, 0, 0), 0, 4, &v);
	int e2 = urt_pci_write(COMP_PCI_ADDR_(0, 0, 0), 0x3c, 1, 0);
	int e3 = urt_pci_read(COMP_PCI_ADDR_(0, 0x1f, 3), 0, 4, &v);
	test("pci_other_function_refused", e1 == DBT_COMP_E_NO_DEVICE && e2 == DBT_COMP_E_NO_DEVICE &&
	     e3 == DBT_COMP_E_NO_DEVICE, "errors %x %x %x", e1, e2, e3);
	static const struct { unsigned off, width; } bad[] = {
		{ 256, 1 }, { 4096, 4 }, { 0, 3 }, { 0, 8 }, { 0, 0 }, { 1, 2 }, { 2, 4 }, { 255, 2 },
	};
	unsigned wrong = 0;
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		wrong += urt_pci_read(AHCI, bad[i].off, bad[i].width, &v) != DBT_COMP_E_RANGE ||
		         urt_pci_write(AHCI, bad[i].off, bad[i].width, 0) != DBT_COMP_E_RANGE;
	test("pci_bad_offset_width_refused", wrong == 0, "%u accesses not refused", wrong);
}

static void pci_writes(void)
{
	static const struct { unsigned off, width; } kept[] = {
		{ 0x10, 4 }, { 0x24, 4 }, { 0x24, 1 }, { 0x26, 2 }, { 0x27, 1 }, { 0x30, 4 },
		{ 0x32, 2 }, { 0x0e, 1 }, { 0x0f, 1 }, { 0x0e, 2 }, { 0x0c, 4 },
	};
	uint32_t bar5 = cfg(0x24, 4);
	unsigned wrong = 0;
	for (unsigned i = 0; i < sizeof(kept) / sizeof(kept[0]); i++)
		wrong += urt_pci_write(AHCI, kept[i].off, kept[i].width, 0) != DBT_COMP_E_RANGE;
	test("pci_bar_rom_header_writes_refused", wrong == 0 && cfg(0x24, 4) == bar5,
	     "%u writes not refused; BAR5 %x, was %x", wrong, cfg(0x24, 4), bar5);
	int err = urt_pci_write(AHCI, 0x3c, 1, 0x100);
	test("pci_value_wider_than_width_refused", err == DBT_COMP_E_RANGE, "error %x", err);
	/* an ordinary register: the interrupt line (scratch for software) */
	uint32_t line = cfg(0x3c, 1);
	err = urt_pci_write(AHCI, 0x3c, 1, 0x5a);
	uint32_t got = cfg(0x3c, 1);
	urt_pci_write(AHCI, 0x3c, 1, line);
	test("pci_write_reaches_device", err == 0 && got == 0x5a && cfg(0x3c, 1) == line,
	     "error %x, read back %x", err, got);
}

/* Only I/O, memory, bus master and INTx disable change in the command
 * register.  QEMU's functions keep SERR# enable (bit 8, set by the
 * firmware) writable: clearing it must not get through. */
static void pci_command(void)
{
	uint32_t cmd = cfg(4, 2);
	uint32_t want = cmd ^ 0x0404;                   /* INTx disable, bus master */
	int e1 = urt_pci_write(AHCI, 4, 2, want & ~0x0100u);            /* SERR# off: kept */
	uint32_t after = cfg(4, 2);
	int e2 = urt_pci_write(AHCI, 5, 1, (cmd >> 8) & ~0x01u);        /* byte 5: INTx back */
	uint32_t after5 = cfg(4, 2);
	int e3 = urt_pci_write(AHCI, 4, 4, cmd & ~0x0100u);             /* status half 0 */
	uint32_t restored = cfg(4, 2);
	test("pci_command_filtered", (cmd & 0x0100) && !e1 && !e2 && !e3 && after == want &&
	     after5 == ((want & 0xff) | (cmd & 0xff00)) && restored == cmd,
	     "errors %x %x %x; cmd %x, asked %x got %x; byte 5: %x; restored %x", e1, e2, e3, cmd,
	     want & ~0x0100u, after, after5, restored);
}

int role_pcicfg(void)
{
	pci_env();
	pci_reads();
	pci_writes();
	pci_command();
	uprintf("comptest: pcicfg done\n");
	return 0;
}

/* A bridge (QEMU's PCIe root port at 00:05.0): its bus numbers, windows
 * and ROM are the composer's; its bridge control register is not. */
int role_pcibridge(void)
{
	const uint64_t rp = COMP_PCI_ADDR_(0, 5, 0);
	const struct dbt_env_entry *f = urt_env_find("00:05.0");
	uint32_t id = 0, cls = 0, buses = 0, after = 0, ctl = 0, ctl2 = 0;
	urt_pci_read(rp, 0, 4, &id);
	urt_pci_read(rp, 8, 4, &cls);
	test("pci_bridge_env", f && f->kind == DBT_ENV_PCI && f->addr == rp && id == 0x000c1b36 &&
	     f->size == (id | (uint64_t)(cls >> 8) << 32) && (cls >> 8) == 0x060400,
	     "entry %p, id %x, class %x", (const void *)f, id, cls >> 8);
	static const struct { unsigned off, width; } kept[] = {
		{ 0x18, 4 }, { 0x19, 1 }, { 0x1c, 2 }, { 0x20, 4 }, { 0x24, 4 }, { 0x28, 4 },
		{ 0x2c, 4 }, { 0x30, 4 }, { 0x38, 4 }, { 0x3a, 2 },
	};
	unsigned wrong = 0;
	urt_pci_read(rp, 0x18, 4, &buses);
	for (unsigned i = 0; i < sizeof(kept) / sizeof(kept[0]); i++)
		wrong += urt_pci_write(rp, kept[i].off, kept[i].width, 0) != DBT_COMP_E_RANGE;
	urt_pci_read(rp, 0x18, 4, &after);
	test("pci_bridge_windows_refused", wrong == 0 && after == buses,
	     "%u writes not refused; bus numbers %x, were %x", wrong, after, buses);
	urt_pci_read(rp, 0x3e, 2, &ctl);
	int err = urt_pci_write(rp, 0x3e, 2, ctl ^ 0x0004);     /* ISA enable */
	urt_pci_read(rp, 0x3e, 2, &ctl2);
	urt_pci_write(rp, 0x3e, 2, ctl);
	test("pci_bridge_control_written", !err && ctl2 == (ctl ^ 0x0004),
	     "error %x, control %x then %x", err, ctl, ctl2);
	uprintf("comptest: pcibridge done\n");
	return 0;
}

/* ---- DMA buffers ------------------------------------------------------------------ */

/* Every page of [va, va + pages) is mapped read-write at phys + offset, as
 * the kernel's page tables of this task say (touching it first maps it). */
static bool phys_right(void *va, size_t pages, uint64_t phys, char *why, size_t n)
{
	for (size_t i = 0; i < pages; i++) {
		volatile uint8_t *p = (volatile uint8_t *)va + i * PAGE;
		(void)*p;
		dbt_word_t pa = 0, rights = 0, err = dbt_map_info((dbt_word_t)p, &pa, &rights);
		if (err || pa != phys + i * PAGE || (rights & (DBT_R | DBT_W)) != (DBT_R | DBT_W)) {
			snfmt(why, n, "page %zu: error %lu, phys %lx, expected %lx, rights %lx", i, err,
			      pa, phys + i * PAGE, rights);
			return false;
		}
	}
	return true;
}

static bool all_zero(const void *va, size_t bytes)
{
	const volatile uint64_t *w = va;
	for (size_t i = 0; i < bytes / 8; i++)
		if (w[i])
			return false;
	return true;
}

static void dma_refusals(void)
{
	void *va = NULL;
	uint64_t phys = 0;
	int e0 = urt_dma_alloc(0, &va, &phys);
	int e1 = urt_dma_alloc(DBT_COMP_DMA_MAX_PAGES + 1, &va, &phys);
	int e2 = urt_dma_alloc((size_t)1 << 40, &va, &phys);
	test("dma_page_count_refused", e0 == DBT_COMP_E_PAGES && e1 == DBT_COMP_E_PAGES &&
	     e2 == DBT_COMP_E_PAGES, "errors %x %x %x", e0, e1, e2);
	int e3 = urt_dma_alloc(DBT_COMP_DMA_MAX_PAGES, &va, &phys);    /* 1 MiB: over a 768K budget */
	test("dma_over_budget_refused", e3 == DBT_COMP_E_BUDGET, "error %x", e3);
	int e4 = urt_dma_free((void *)DBT_ENV_DMA_BASE);
	int e5 = urt_dma_free((void *)DBT_ENV_HEAP_BASE);
	test("dma_free_nothing_refused", e4 == DBT_COMP_E_NO_BUFFER && e5 == DBT_COMP_E_NO_BUFFER,
	     "errors %x %x", e4, e5);
}

/* Allocate in steps of `step` pages until the budget refuses; free them all. */
static unsigned dma_fill(unsigned step, int *last)
{
	static void *held[64];
	unsigned n = 0;
	uint64_t phys;
	while (n < 64 && (*last = urt_dma_alloc(step, &held[n], &phys)) == 0)
		n++;
	for (unsigned i = 0; i < n; i++)
		urt_dma_free(held[i]);
	return n;
}

int role_dma(void)
{
	char why[96] = "";
	dma_refusals();
	void *a = NULL, *b = NULL, *big = NULL;
	uint64_t pa = 0, pb = 0, pbig = 0;
	int err = urt_dma_alloc(3, &a, &pa);
	bool ok = !err && a == (void *)DBT_ENV_DMA_BASE && all_zero(a, 3 * PAGE) &&
	          phys_right(a, 3, pa, why, sizeof(why));
	test("dma_alloc_phys_contiguous", ok, "error %x at %p: %s", err, a, why);
	err = urt_dma_alloc(2, &b, &pb);
	test("dma_guard_page_between", !err && b == (void *)(DBT_ENV_DMA_BASE + 4 * PAGE) &&
	     phys_right(b, 2, pb, why, sizeof(why)), "error %x at %p: %s", err, b, why);
	err = urt_dma_alloc(64, &big, &pbig);
	ok = !err && all_zero(big, 64 * PAGE) && phys_right(big, 64, pbig, why, sizeof(why));
	test("dma_64_pages_contiguous", ok, "error %x: %s", err, why);
	uprintf("comptest: dma generation %lu: buffers at %lx %lx %lx\n", urt_env->generation, pa, pb, pbig);
	memset(a, 0xa5, 3 * PAGE);
	memset(big, 0x5a, 64 * PAGE);
	int f1 = urt_dma_free(a), f2 = urt_dma_free(a), f3 = urt_dma_free((uint8_t *)b + PAGE);
	dbt_word_t gone = dbt_map_info((dbt_word_t)a, NULL, NULL);
	test("dma_free", f1 == 0 && f2 == DBT_COMP_E_NO_BUFFER && f3 == DBT_COMP_E_NO_BUFFER &&
	     gone == DBT_E_NOT_MAPPED, "free %x, again %x, inside %x, map_info %lu", f1, f2, f3, gone);
	/* what is freed counts no more: the same amount fits again */
	int last1 = 0, last2 = 0;
	unsigned n1 = dma_fill(16, &last1), n2 = dma_fill(16, &last2);
	test("dma_budget_given_back", n1 > 0 && n1 == n2 && last1 == DBT_COMP_E_BUDGET &&
	     last2 == DBT_COMP_E_BUDGET, "%u then %u buffers of 16 pages, errors %x %x", n1, n2, last1, last2);
	/* DBT_COMP_DMA_MAX_BUFFERS per component: 2 are held */
	static void *one[DBT_COMP_DMA_MAX_BUFFERS];
	uint64_t phys;
	unsigned n = 0;
	int e = 0;
	while (n < DBT_COMP_DMA_MAX_BUFFERS && (e = urt_dma_alloc(1, &one[n], &phys)) == 0)
		n++;
	for (unsigned i = 0; i < n; i++)
		urt_dma_free(one[i]);
	test("dma_buffer_slots_limited", n == DBT_COMP_DMA_MAX_BUFFERS - 2 && e == DBT_COMP_E_BUSY,
	     "%u more buffers, then error %x", n, e);
	uprintf("comptest: dma done, dying with 2 buffers\n");
	(void)*(volatile uint8_t *)a;   /* freed: a fatal fault; the composer reclaims b and big */
	return 0;
}

/* ---- boot-image files ------------------------------------------------------------ */

static uint32_t fnv1a(const uint8_t *p, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ p[i]) * 16777619u;
	return h;
}

int role_files(void)
{
	const struct dbt_env_entry *e = urt_env_find("hello.elf");
	if (urt_env->generation > 0) {
		/* not asked for yet this generation: the window is not there */
		uprintf("comptest: files: touching the window before asking\n");
		(void)*(volatile uint8_t *)(e ? e->addr : DBT_ENV_FILE_BASE);
		return 0;
	}
	const void *addr = NULL, *again = NULL;
	size_t size = 0, size2 = 0;
	int err = urt_file_map("hello.elf", &addr, &size);
	int err2 = urt_file_map("hello.elf", &again, &size2);
	const uint8_t *p = addr;
	test("file_env_entry", e && e->kind == DBT_ENV_FILE && e->size == size && e->addr == (dbt_word_t)addr,
	     "entry %p", (const void *)e);
	test("file_mapped", !err && !err2 && addr == (const void *)DBT_ENV_FILE_BASE && again == addr &&
	     size2 == size && size > 64 && p[0] == 0x7f && p[1] == 'E' && p[2] == 'L' && p[3] == 'F',
	     "errors %x %x at %p, %p, size %zu", err, err2, addr, again, size);
	if (!err)
		uprintf("comptest: file hello.elf size %zu fnv %x\n", size, fnv1a(p, size));
	const void *x;
	size_t s;
	int e1 = urt_file_map("comptest.elf", &x, &s);          /* in the image, not granted */
	int e2 = urt_file_map("nosuch.elf", &x, &s);
	int e3 = urt_file_map("a-name-longer-than-any-granted-file", &x, &s);
	int e4 = urt_file_map("", &x, &s);
	test("file_not_granted_refused", e1 == DBT_COMP_E_NO_FILE && e2 == DBT_COMP_E_NO_FILE &&
	     e3 == DBT_COMP_E_NO_FILE && e4 == DBT_COMP_E_NO_FILE, "errors %x %x %x %x", e1, e2, e3, e4);
	uprintf("comptest: files: writing to a read-only file\n");
	*(volatile uint8_t *)((uintptr_t)addr + 16) = 1;
	return 0;
}

/* ---- console commands ---------------------------------------------------------- */

/* The composer sends without waiting, so the receiving thread must be back
 * in urt_control_recv before anyone sees the last command's answer: it
 * hands each command to a printer thread of lower priority, which runs
 * only once the receiver waits again (as a server's console thread would
 * hand commands to its work loop). */
#define CONTROL_QUEUE 8

static char control_queue[CONTROL_QUEUE][DBT_COMP_CONTROL_MAX + 32];
static urt_sem_t control_queued, control_free;

static void *control_printer(void *arg)
{
	(void)arg;
	for (unsigned tail = 0;; tail++) {
		urt_sem_wait(&control_queued);
		uprintf("%s\n", control_queue[tail % CONTROL_QUEUE]);
		urt_sem_post(&control_free);
	}
	return NULL;
}

/* Queue a line for the printer thread. */
static void control_say(unsigned *head, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void control_say(unsigned *head, const char *fmt, ...)
{
	va_list ap;
	urt_sem_wait(&control_free);
	va_start(ap, fmt);
	vsnfmt(control_queue[(*head)++ % CONTROL_QUEUE], sizeof(control_queue[0]), fmt, ap);
	va_end(ap);
	urt_sem_post(&control_queued);
}

int role_control(void)
{
	char cmd[DBT_COMP_CONTROL_MAX];
	dbt_slot_t slot = urt_control_slot();
	dbt_word_t type = 0, rights = 0;
	dbt_cap_info(DBT_COMP_SLOT_CONTROL, &type, &rights, NULL);
	test("control_endpoint_read_only", slot == DBT_COMP_SLOT_CONTROL && rights == DBT_CAP_READ,
	     "slot %lu, rights %lx", slot, rights);
	int err = urt_control_recv(cmd, sizeof(cmd), 20000);
	test("control_recv_times_out", err == URT_ETIMEDOUT, "error %d", err);
	urt_thread_t *printer;
	dbt_word_t prio = dbt_thread_ctl(DBT_COMP_SLOT_THREAD, DBT_THREAD_INFO, 0, 0).v1;
	urt_sem_init(&control_queued, 0);
	urt_sem_init(&control_free, CONTROL_QUEUE);
	if ((err = urt_thread_create(&printer, control_printer, NULL, (int)prio - 10))) {
		uprintf("comptest: control: no printer thread (error %d)\n", err);
		return 1;
	}
	unsigned head = 0;
	control_say(&head, "comptest: control ready (generation %lu)", urt_env->generation);
	for (;;) {
		err = urt_control_recv(cmd, sizeof(cmd), DBT_TIMEOUT_NEVER);
		if (err) {
			uprintf("comptest: control: error %d\n", err);
			return 1;
		}
		control_say(&head, "comptest: control: '%s'", cmd);
		if (!strcmp(cmd, "quit")) {
			while (urt_sem_value(&control_free) < CONTROL_QUEUE)
				urt_sleep_us(1000);     /* let the printer say it */
			return 0;
		}
	}
}

/* Says it answers console commands (its first urt_control_recv, which
 * times out, tells the composer) in generation 0 only, then never waits
 * for one: the console must call it busy.  Its next generation says
 * nothing, so the console must say it takes none. */
int role_deaf(void)
{
	char cmd[16];
	if (urt_env->generation == 0) {
		int err = urt_control_recv(cmd, sizeof(cmd), 1000);
		if (err == URT_ETIMEDOUT)
			uprintf("comptest: deaf generation 0 said it takes commands, never waits\n");
		else
			uprintf("comptest: deaf: error %d\n", err);
	} else {
		uprintf("comptest: deaf generation %lu says nothing\n", urt_env->generation);
	}
	for (;;)
		__asm__ volatile("pause");
}
