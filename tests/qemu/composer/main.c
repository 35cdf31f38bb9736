/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * comptest - a component for the composer's tests.  Its role comes from the
 * composition's arguments (`args role=... `):
 *
 *   echo      provides `echo` (echo.idl) and serves it for ever
 *   client    uses `echo`, then probes its authority: what it was not given
 *             must fail with the documented error; memory beyond its budget
 *             is refused (malloc returns NULL); prints TEST lines
 *   crash     prints its generation, then faults after `delay=` ms
 *   exit      returns `code=` from main
 *   spin      loops for ever (a hung component)
 *   shmclient shares a region with `echo`, sums it through echo.sum, probes
 *             the refusals (no route, pages, budget, range), then faults
 *   shmwatch  asks `echo` (probe) until the client `client=` (its badge)
 *             has summed and died, then checks its region is gone there
 *   slots     checks its capability space has `slots=` slots (the
 *             composition's `slots`), that the top one is usable and the
 *             next refused, that urt_slot_alloc hands out slots above 255;
 *             keeps a quota capability in its top slot for `caps NAME`
 *   pcicfg, pcibridge, dma, files, control, deaf: the services for
 *             drivers and console commands (drv.c)
 */
#include "comptest.h"
#include "echo.h"

unsigned arg_num(const char *key, unsigned dflt)
{
	char buf[16];
	return urt_arg(key, buf, sizeof(buf)) ? (unsigned)strtoul(buf, NULL, 0) : dflt;
}

void test(const char *name, bool ok, const char *fmt, ...)
{
	char why[96];
	va_list ap;
	va_start(ap, fmt);
	vsnfmt(why, sizeof(why), fmt, ap);
	va_end(ap);
	if (ok)
		uprintf("TEST composer/%s PASS\n", name);
	else
		uprintf("TEST composer/%s FAIL %s\n", name, why);
}

/* ---- echo ---------------------------------------------------------------- */

static dbt_word_t op_ping(void *ctx, dbt_word_t badge, dbt_word_t x, dbt_word_t *y, dbt_word_t *caller)
{
	(void)ctx;
	*y = x + 1;
	*caller = badge;
	return DBT_OK;
}


static uint64_t started_insns;
#define MAX_CLIENTS 40                  /* badges are component ids + 1 */          /* composer's start to our main() */

static dbt_word_t op_crash(void *ctx, dbt_word_t badge)
{
	(void)ctx;
	(void)badge;
	volatile uintptr_t bad = 8;
	*(volatile int *)bad = 1;       /* the composer restarts us */
	return DBT_OK;
}

static dbt_word_t op_stats(void *ctx, dbt_word_t badge, dbt_word_t *start_insns)
{
	(void)ctx;
	(void)badge;
	*start_insns = started_insns;
	return DBT_OK;
}

/* Shared memory: the region of each client, as the composer says now. */
static struct dbt_idl_region echo_region;
static uintptr_t last_region[MAX_CLIENTS];      /* by badge: where it was at the last sum */
static dbt_word_t sums[MAX_CLIENTS];

/* Once per client: the composer's physical addresses of the region (for a
 * device to transfer into) are the frames the kernel has mapped here, and
 * the region is one contiguous run. */
static void check_region_phys(dbt_word_t badge, const void *base, size_t size)
{
	static bool checked[MAX_CLIENTS];
	if (badge >= MAX_CLIENTS || checked[badge])
		return;
	checked[badge] = true;
	dbt_word_t saved[DBT_MSG_WORDS];        /* the request is still in the MRs */
	memcpy(saved, dbt_mr(), sizeof(saved));
	size_t pages = size / 4096, run = 0, bad = 0;
	uint64_t phys = 0;
	int err = urt_shm_phys(badge, 0, &phys, &run);
	for (size_t i = 0; !err && i < pages; i++) {
		const volatile uint8_t *p = (const uint8_t *)base + i * 4096;
		(void)*p;               /* mapped now */
		dbt_word_t pa = 0, rights = 0;
		if (dbt_map_info((dbt_word_t)p, &pa, &rights) || pa != phys + i * 4096)
			bad++;
	}
	uint64_t past = 0;
	size_t n = 0;
	test("shm_phys_contiguous", !err && run == pages && !bad &&
	     urt_shm_phys(badge, pages, &past, &n) == URT_EINVAL,
	     "error %d, run %lu of %lu pages, %lu pages elsewhere", err, run, pages, bad);
	memcpy(dbt_mr(), saved, sizeof(saved));
}

static const struct dbt_idl_region *op_region(void *ctx, dbt_word_t badge)
{
	(void)ctx;
	size_t size;
	if (urt_shm_lookup(badge, &echo_region.base, &size) != URT_OK)
		return NULL;
	echo_region.size = size;
	check_region_phys(badge, echo_region.base, size);
	return &echo_region;
}

static dbt_word_t op_sum(void *ctx, dbt_word_t badge, const void *buf, dbt_word_t len,
                         dbt_word_t *sum)
{
	(void)ctx;
	const volatile uint8_t *b = buf;
	for (dbt_word_t i = 0; i < len; i++)
		*sum += b[i];
	if (badge < MAX_CLIENTS) {
		last_region[badge] = (uintptr_t)echo_region.base;
		sums[badge]++;
	}
	return DBT_OK;
}

static dbt_word_t op_probe(void *ctx, dbt_word_t badge, dbt_word_t client, dbt_word_t *found,
                           dbt_word_t *nsums, dbt_word_t *word8)
{
	(void)ctx;
	(void)badge;
	void *addr;
	size_t size;
	if (client >= MAX_CLIENTS)
		return DBT_E_INVALID_ARG;
	*found = urt_shm_lookup(client, &addr, &size) == URT_OK;
	*nsums = sums[client];
	if (last_region[client])        /* a released region: this must not be its data */
		*word8 = *(volatile dbt_word_t *)(last_region[client] + 8);
	return DBT_OK;
}

static int role_echo(void)
{
	static const struct echo_ops ops = {
		.ping = op_ping, .crash = op_crash, .stats = op_stats, .sum = op_sum,
		.probe = op_probe, .idl_region = op_region,
	};
	dbt_slot_t ep = urt_service("echo");
	uprintf("comptest: echo serving (generation %lu)\n", urt_env->generation);
	echo_serve(&ops, NULL, ep);
	return 1;               /* serve returns only if the endpoint fails */
}

/* ---- client: least authority -------------------------------------------------- */

static void probe_routes(void)
{
	dbt_slot_t echo = urt_service("echo");
	dbt_word_t y = 0, caller = 0;
	dbt_word_t err = echo ? echo_ping(echo, 41, &y, &caller) : DBT_E_EMPTY_SLOT;
	test("routed_service_answers", err == DBT_OK && y == 42 && caller != 0,
	     "echo: error %lu, y %lu, caller %lu", err, y, caller);
	test("unrouted_service_has_no_slot", urt_service("secret") == 0, "found a slot");
	/* every slot it was not given is empty: nothing to call */
	unsigned extra = 0;
	for (dbt_slot_t s = DBT_COMP_SLOT_FIRST; s < DBT_COMP_SLOT_FREE; s++) {
		dbt_word_t type;
		if (dbt_cap_info(s, &type, NULL, NULL) == DBT_OK && s != echo)
			extra++;
	}
	test("only_routed_capabilities", extra == 0, "%u unexpected capabilities", extra);
	test("call_unrouted_slot_fails", echo_ping(DBT_COMP_SLOT_FIRST + 5, 1, &y, &caller) == DBT_E_EMPTY_SLOT,
	     "a call through an empty slot did not fail with EMPTY_SLOT");
}

static void probe_privileges(void)
{
	dbt_word_t err;
	/* the root task's slots mean other things here, or nothing */
	err = dbt_map_phys(4, 0x100000, DBT_FPAGE(0x50000000, 12, DBT_R), DBT_MAP_CACHED);
	test("no_physical_memory", err == DBT_E_WRONG_TYPE, "map_phys: %lu", err);
	err = dbt_io_enable(5, DBT_IO_FPAGE(0x80, 0));
	test("no_io_ports", err == DBT_E_WRONG_TYPE, "io_enable: %lu", err);
	err = dbt_irq_get(6, 8, urt_slot_alloc());
	test("no_irq_control", err == DBT_E_EMPTY_SLOT || err == DBT_E_WRONG_TYPE, "irq_get: %lu", err);
	err = dbt_debug_enter(7);       /* here: its control endpoint (DBT_COMP_SLOT_CONTROL) */
	test("no_kernel_debugger", err == DBT_E_EMPTY_SLOT || err == DBT_E_WRONG_TYPE, "debug_enter: %lu", err);
	err = dbt_destroy(DBT_COMP_SLOT_TASK);
	test("cannot_destroy_itself", err == DBT_E_NO_RIGHTS, "destroy own task: %lu", err);
	err = dbt_thread_ctl(DBT_COMP_SLOT_THREAD, DBT_THREAD_SET_PRIORITY, 199, 0).err;
	test("cannot_raise_priority", err == DBT_E_NO_RIGHTS, "set priority 199: %lu", err);
}

/*
 * Kernel memory: its own quota runs out, not anyone else's.  Tasks with a
 * capability space of QUOTA_PROBE_ORDER slots cost several KiB each, so
 * the quota (its `kmem`) is reached long before its free capability slots
 * run out.  The refusal must be DBT_E_NO_QUOTA with the quota's use still
 * within its limit and too little left for one more task: a kernel that
 * let a quota overdraw (or refused for another reason) fails here.
 */
#define QUOTA_PROBE_ORDER 4
#define QUOTA_PROBE_MAX 64      /* tasks: many times what its kmem holds */

static void probe_kernel_memory(void)
{
	static dbt_slot_t made[QUOTA_PROBE_MAX];
	dbt_word_t err = DBT_OK, used = 0, limit = 0, before = 0, after = 0, cost = 0;
	unsigned n = 0;
	dbt_quota_info(DBT_COMP_SLOT_QUOTA, &before, &limit);
	while (n < QUOTA_PROBE_MAX) {
		dbt_slot_t s = urt_slot_alloc();
		if (!s)
			break;
		dbt_quota_info(DBT_COMP_SLOT_QUOTA, &used, NULL);
		if ((err = dbt_create(DBT_COMP_SLOT_QUOTA, DBT_OBJ_TASK, s, QUOTA_PROBE_ORDER, 0)))
			break;
		made[n++] = s;
		dbt_quota_info(DBT_COMP_SLOT_QUOTA, &after, NULL);
		cost = after - used;
	}
	dbt_word_t at_refusal = used;
	dbt_quota_info(DBT_COMP_SLOT_QUOTA, &used, NULL);
	uprintf("comptest: %u tasks of %lu bytes of kernel memory, then error %lu at %lu of %lu\n",
	        n, cost, err, used, limit);
	test("kernel_memory_beyond_quota_refused",
	     err == DBT_E_NO_QUOTA && n > 0 && cost > 0 && used == at_refusal && used <= limit &&
	     limit - used < cost,
	     "%u tasks of %lu bytes, last error %lu; quota %lu of %lu used (%lu before)", n, cost, err,
	     used, limit, before);
	for (unsigned i = 0; i < n; i++)
		dbt_destroy(made[i]);
}

static void probe_memory(void)
{
	size_t got = 0;
	for (;;) {
		void *p = malloc(64 * 1024);
		if (!p)
			break;
		memset(p, 0x5a, 64 * 1024);     /* touch: the composer must page it */
		got += 64;
	}
	size_t budget = urt_env->heap_max / 1024;
	test("memory_beyond_budget_refused", got > 0 && got <= budget,
	     "allocated %zu KiB of a %zu KiB heap", got, budget);
	uprintf("comptest: heap full at %zu KiB; still running\n", got);
	probe_kernel_memory();
}

static int role_client(void)
{
	probe_routes();
	probe_privileges();
	probe_memory();
	uprintf("comptest: client done\n");
	return 0;
}

/* ---- shared memory ------------------------------------------------------------ */

#define SHM_PAGES 4
#define SHM_FILL 0x5a

static void shm_refusals(void)
{
	void *p = NULL;
	int err = urt_shm_share("secret", 1, &p);
	test("shm_unrouted_refused", err == URT_EPERM, "share through 'secret': %d", err);
	err = urt_shm_share("echo", 0, &p);
	test("shm_zero_pages_refused", err == URT_EINVAL, "0 pages: %d", err);
	err = urt_shm_share("echo", DBT_COMP_SHM_MAX_PAGES + 1, &p);
	test("shm_too_many_pages_refused", err == URT_EINVAL, "%d pages: %d", DBT_COMP_SHM_MAX_PAGES + 1, err);
	size_t over = DBT_COMP_SHM_MAX_PAGES;   /* a region's limit, but over its budget (512K) */
	err = urt_shm_share("echo", over, &p);
	test("shm_over_budget_refused", err == URT_ENOMEM, "%zu pages: %d", over, err);
}

static void shm_sums(dbt_slot_t echo, uint8_t *buf)
{
	size_t size = SHM_PAGES * 4096;
	memset(buf, SHM_FILL, size);
	for (size_t i = 16; i < 1016; i++)
		buf[i] = (uint8_t)i;
	dbt_word_t part = 0, sum = 0;
	for (size_t i = 16; i < 1016; i++)
		part += (uint8_t)i;
	dbt_word_t want = (size - 1000) * SHM_FILL + part;
	dbt_word_t err = echo_sum(echo, 0, size, &sum);
	test("shm_sum_whole_region", err == DBT_OK && sum == want, "error %lu, sum %lu, want %lu", err, sum, want);
	err = echo_sum(echo, 16, 1000, &sum);
	test("shm_sum_part", err == DBT_OK && sum == part, "error %lu, sum %lu, want %lu", err, sum, part);
	err = echo_sum(echo, size - 10, 20, &sum);
	test("shm_range_past_end_refused", err == DBT_IDL_E_RANGE, "error %lu", err);
	err = echo_sum(echo, size + 1, 0, &sum);
	test("shm_offset_past_end_refused", err == DBT_IDL_E_RANGE, "error %lu", err);
	err = echo_sum(echo, 8, ~0ull, &sum);
	test("shm_wrapping_length_refused", err == DBT_IDL_E_RANGE, "error %lu", err);
}

static int role_shmclient(void)
{
	dbt_slot_t echo = urt_service("echo");
	void *p = NULL, *q = NULL;
	shm_refusals();
	int err = urt_shm_share("echo", SHM_PAGES, &p);
	test("shm_share", err == URT_OK && p == (void *)DBT_ENV_SHM_BASE, "error %d, at %p", err, p);
	if (err)
		return 1;
	err = urt_shm_share("echo", 1, &q);
	test("shm_second_region_refused", err == URT_EBUSY, "error %d", err);
	shm_sums(echo, p);
	uprintf("comptest: shmclient done\n");
	volatile uintptr_t bad = 8;     /* die: the composer must take the region back */
	*(volatile int *)bad = 1;
	return 0;
}

/* Wait for the client to sum and die, then look at echo's side. */
static int role_shmwatch(void)
{
	dbt_slot_t echo = urt_service("echo");
	dbt_word_t client = arg_num("client", 0), found = 1, nsums = 0, word8 = 0, err = DBT_OK;
	for (unsigned i = 0; i < 500 && (found || !nsums); i++) {
		if ((err = echo_probe(echo, client, &found, &nsums, &word8)) != DBT_OK)
			break;
		urt_sleep_us(10000);
	}
	test("shm_provider_region_gone", err == DBT_OK && !found && nsums > 0,
	     "error %lu, found %lu, sums %lu", err, found, nsums);
	test("shm_provider_old_pages_revoked", nsums > 0 && word8 == 0,
	     "echo reads %lx at the old address after %lu sums", word8, nsums);
	uprintf("comptest: shmwatch done\n");
	return 0;
}

/* ---- faults and exits ------------------------------------------------------------- */

static int role_crash(void)
{
	uprintf("comptest: crash generation %lu at %lu us\n", urt_env->generation, urt_now_us());
	urt_sleep_us(arg_num("delay", 10) * 1000ull);
	volatile uintptr_t bad = 8;     /* outside its memory: a fatal fault */
	*(volatile int *)bad = 1;
	return 0;
}

/* ---- benchmark: restart and start times (under -icount: instructions) --------------- */

#define BENCH_SAMPLES 20

static void report(const char *name, uint64_t *a, unsigned n)
{
	urt_sort_u64(a, n);
	uprintf("BENCH %s min=%lu median=%lu unit=insns\n", name, a[0], (a[(n - 1) / 2] + a[n / 2]) / 2);
}

/* Crash the echo server, then call it until a new generation answers. */
static int role_benchclient(void)
{
	static uint64_t restart[BENCH_SAMPLES], start[BENCH_SAMPLES];
	dbt_slot_t echo = urt_service("echo");
	dbt_word_t y, caller, err;
	if (echo_ping(echo, 1, &y, &caller) != DBT_OK) {     /* warm: the first generation serves */
		uprintf("bench: echo does not answer\n");
		return 1;
	}
	for (unsigned i = 0; i < BENCH_SAMPLES; i++) {
		uint64_t t0 = tsc_read();
		err = echo_crash(echo);
		while ((err = echo_ping(echo, i, &y, &caller)) != DBT_OK)
			;
		restart[i] = tsc_read() - t0;
		if ((err = echo_stats(echo, &start[i])) != DBT_OK) {
			uprintf("bench: stats failed: %lu\n", err);
			return 1;
		}
	}
	report("component_restart", restart, BENCH_SAMPLES);
	report("component_start", start, BENCH_SAMPLES);
	uprintf("SUITE compbench DONE\n");
	return 0;
}

/* ---- devices: what a `pci` grant turned into --------------------------------------- */

static int role_pciprobe(void)
{
	unsigned mmio = 0, ports = 0, irqs = 0, msi = 0;
	uint32_t first_word = 0;
	for (dbt_word_t i = 0; i < urt_env->nentries; i++) {
		const struct dbt_env_entry *e = &urt_env->entry[i];
		if (e->kind == DBT_ENV_MMIO) {
			if (!mmio++)
				first_word = *(volatile uint32_t *)e->addr;
			uprintf("comptest: mmio %s at %lx, %lu bytes\n", e->name, e->addr, e->size);
		} else if (e->kind == DBT_ENV_IOPORTS) {
			(void)io_inb((uint16_t)e->addr);
			ports++;
			uprintf("comptest: ports %lx+%lu readable\n", e->addr, e->size);
		} else if (e->kind == DBT_ENV_IRQ) {
			irqs++;
			uprintf("comptest: irq %s line %lu\n", e->name, e->addr);
			const char *slash = strchr(e->name, '/');
			if (slash && !strcmp(slash, "/msi") && e->addr >= DBT_IRQ_MSI_FIRST &&
			    e->addr < DBT_IRQ_MSI_FIRST + DBT_IRQ_MSI_COUNT)
				msi++;
		}
	}
	test("pci_function_memory_mapped", mmio > 0 && first_word != 0 && first_word != 0xffffffffu,
	     "%u windows, first word %x", mmio, first_word);
	/* AHCI has an MSI capability: its INTx line and a message-signalled one */
	test("pci_function_irq_granted", irqs == 2 && msi == 1, "%u IRQs, %u MSI", irqs, msi);
	/* a port outside its grant is refused by the processor: the composer sees #GP */
	uprintf("comptest: pciprobe done (%u ports ranges)\n", ports);
	return 0;
}

/* ---- slots ------------------------------------------------------------------ */

#define SLOTS_ALLOC 300                 /* more than a default space holds */

/* Allocate SLOTS_ALLOC slots; true if they all came and one is above 255. */
static bool slots_alloc_high(void)
{
	static dbt_slot_t got[SLOTS_ALLOC];
	unsigned n = 0;
	dbt_slot_t high = 0;
	while (n < SLOTS_ALLOC && (got[n] = urt_slot_alloc()) != 0)
		high = got[n] > high ? got[n] : high, n++;
	bool ok = n == SLOTS_ALLOC && high > 255 &&
	          dbt_cap_copy(DBT_COMP_SLOT_QUOTA, high, DBT_CAP_READ, 0) == DBT_OK &&
	          dbt_cap_delete(high) == DBT_OK;
	while (n)
		urt_slot_free(got[--n]);
	return ok;
}

static int role_slots(void)
{
	dbt_word_t want = arg_num("slots", 256), top = want - 1, type = 0;
	test("slots_env", urt_env->cspace_slots == want, "env says %lu slots, composition %lu",
	     urt_env->cspace_slots, want);
	dbt_word_t err = dbt_cap_copy(DBT_COMP_SLOT_QUOTA, top, DBT_CAP_READ, 0);
	test("slots_top_usable", err == DBT_OK && dbt_cap_info(top, &type, NULL, NULL) == DBT_OK &&
	     type == DBT_OBJ_QUOTA, "copy to slot %lu: error %lu, type %lu", top, err, type);
	err = dbt_cap_copy(DBT_COMP_SLOT_QUOTA, want, DBT_CAP_READ, 0);
	test("slots_beyond_refused", err == DBT_E_INVALID_SLOT, "copy to slot %lu: error %lu", want, err);
	if (want > SLOTS_ALLOC + DBT_COMP_SLOT_FREE)
		test("slots_allocator_above_255", slots_alloc_high(), "urt_slot_alloc");
	uprintf("comptest: %s slots ready\n", urt_env->name);
	while (urt_sleep_us(1000000) >= 0)
		;                               /* stays running for `caps NAME` */
	return 1;
}

int main(const struct dbt_bootinfo *bi)
{
	started_insns = urt_env ? tsc_read() - urt_env->start_tsc : 0;
	char role[16];
	(void)bi;
	if (!urt_env) {
		uprintf("comptest: must be started by the composer\n");
		return 1;
	}
	if (!urt_arg("role", role, sizeof(role)))
		role[0] = 0;
	if (!strcmp(role, "echo"))
		return role_echo();
	if (!strcmp(role, "client"))
		return role_client();
	if (!strcmp(role, "crash"))
		return role_crash();
	if (!strcmp(role, "benchclient"))
		return role_benchclient();
	if (!strcmp(role, "pciprobe"))
		return role_pciprobe();
	if (!strcmp(role, "shmclient"))
		return role_shmclient();
	if (!strcmp(role, "shmwatch"))
		return role_shmwatch();
	if (!strcmp(role, "pcicfg"))
		return role_pcicfg();
	if (!strcmp(role, "pcibridge"))
		return role_pcibridge();
	if (!strcmp(role, "dma"))
		return role_dma();
	if (!strcmp(role, "files"))
		return role_files();
	if (!strcmp(role, "control"))
		return role_control();
	if (!strcmp(role, "deaf"))
		return role_deaf();
	if (!strcmp(role, "slots"))
		return role_slots();
	if (!strcmp(role, "exit"))
		return (int)arg_num("code", 0);
	if (!strcmp(role, "spin"))
		for (;;)
			__asm__ volatile("pause");
	uprintf("comptest: unknown role '%s'\n", role);
	return 2;
}
