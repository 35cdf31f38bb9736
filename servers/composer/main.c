/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * main.c - the composer: read the composition, create and start the
 * components in dependency order, then serve their faults, restart the
 * dead ones when their back-off expires, and run the console.  The entry of
 * every component message is component_message: validate the badge, check
 * the generation, dispatch on the label (the shape other servers copy).
 *
 * The composition is the boot module whose name ends in ".comp" (or the
 * one named by `composition=` on the root task's command line).
 */
#include "composer.h"
#include "compproto.h"

struct comp_system composition;
dbt_slot_t fault_ep;

static const struct dbt_module *find_composition(void)
{
	char want[48];
	if (urt_arg("composition", want, sizeof(want)))
		return module_find(want);
	for (unsigned i = 0; i < urt_bootinfo->nmodules; i++) {
		const char *n = urt_bootinfo->module[i].name;
		size_t len = strlen(n);
		if (len > 5 && !strcmp(n + len - 5, ".comp"))
			return &urt_bootinfo->module[i];
	}
	return NULL;
}

static bool load_composition(void)
{
	const struct dbt_module *m = find_composition();
	if (!m) {
		uprintf("composer: no composition among the boot modules\n");
		return false;
	}
	const char *text = frame_ptr(m->base);
	comp_parse(&composition, m->name, text, m->size);
	if (!composition.nerrors)
		comp_check(&composition);
	for (unsigned i = 0; i < composition.nerrors; i++)
		uprintf("%s\n", composition.error[i].text);
	if (composition.nerrors) {
		uprintf("composer: the composition has errors: nothing started\n");
		return false;
	}
	uprintf("composer: system '%s', %u components\n", composition.name, composition.ncomponents);
	return true;
}

/* Everything a component's entry names that is fixed for good: its image,
 * its PCI functions, its files, its control endpoint.  What is missing is
 * logged and keeps that component from starting (component_refuse); false
 * only when the composer itself is short of kernel memory. */
/* An MMIO grant maps physical memory into the component: only device
 * memory may be granted, never RAM (another component's frames, the
 * kernel's).  The composition cannot know the machine's map; this can. */
static void mmio_check(struct component *c)
{
	const struct comp_component *d = c->desc;
	for (unsigned i = 0; i < d->ndevices; i++) {
		const struct comp_device *dev = &d->device[i];
		const char *ram = dev->kind == COMP_DEV_MMIO ? frames_ram_overlap(dev->base, dev->last) : NULL;
		if (ram) {
			char what[32];
			comp_device_format(dev, what, sizeof(what));
			component_refuse(c, "its grant '%s' overlaps %s: only device memory can be granted",
			                 what, ram);
		}
	}
}

static bool prepare_components(void)
{
	ncomponents = composition.ncomponents;
	for (unsigned i = 0; i < ncomponents; i++) {
		struct component *c = &components[i];
		c->desc = &composition.component[i];
		c->id = i;
		c->state = CS_STOPPED;
		c->image = module_find(c->desc->binary);
		c->fault_cap = urt_slot_alloc();
		if (dbt_cap_copy(fault_ep, c->fault_cap, DBT_CAP_WRITE, i + 1))
			return false;
		const char *why = c->image ? image_check(c->image, &c->entry) : "no such boot module";
		if (why)
			component_refuse(c, "cannot use its binary '%s': %s", c->desc->binary, why);
		mmio_check(c);
		pci_expand_grants(c);
		files_prepare(c);
		if (!control_create(c))
			return false;
	}
	return services_create();
}

static void start_all(void)
{
	unsigned order[COMP_MAX_COMPONENTS];
	comp_start_order(&composition, order);
	for (unsigned i = 0; i < ncomponents; i++) {
		struct component *c = &components[order[i]];
		if (component_start(c))
			component_died(c, "could not be started");
	}
}

/*
 * A message on the fault endpoint: validate the badge once, drop late
 * messages from a dead generation, then dispatch on the label.  The
 * kernel's page-fault and exception messages go to the pager, the
 * protocol's requests to the service; anything else is ignored.
 */
static void component_message(dbt_word_t tag, dbt_word_t badge)
{
	if (badge == 0 || badge > ncomponents)
		return;                         /* not from a component */
	struct component *c = &components[badge - 1];
	if (c->state != CS_RUNNING)
		return;                         /* a late message from a dead generation */
	dbt_word_t *mr = dbt_mr();
	dbt_word_t label = DBT_TAG_LABEL(tag);
	if (label == DBT_LABEL_PAGEFAULT)
		pager_fault(c, mr[0], mr[1], mr[2]);
	else if (label == DBT_LABEL_EXCEPTION || label == DBT_LABEL_SYSCALL)
		pager_exception(c, mr);
	else if ((label >> 16) == COMPOSER_ID)
		service_call(c, tag, badge);
}

#define CONTROL_RETRY_US 1000u  /* a pending console command is tried again each ms */

static void event_loop(void)
{
	for (;;) {
		dbt_word_t tag = 0, badge = 0, now = dbt_clock();
		uint64_t next = components_next_restart();
		uint32_t timeout = DBT_TIMEOUT_NEVER;
		if (next)
			timeout = next > now ? (uint32_t)MIN_U(next - now, 1000000u) : 0;
		if (control_pending())
			timeout = MIN_U(timeout, CONTROL_RETRY_US);
		dbt_word_t err = dbt_recv(fault_ep, &tag, &badge, timeout);
		if (!err && DBT_TAG_LABEL(tag) == DBT_LABEL_NOTIFY)
			console_poll();
		else if (!err)
			component_message(tag, badge);
		components_poll_restarts(dbt_clock());
		if (control_pending())
			control_retry(dbt_clock());
	}
}

/* Nothing more can run: say so on the console, then power the machine off
 * (QEMU: isa-debug-exit; the composer holds every I/O port), else halt. */
void composer_halt(void)
{
	uprintf("HALT\n");
	urt_poweroff(HALT_POWEROFF_CODE);
}

/* How much pool one quota object takes, to check reclaiming exactly. */
static void measure_quota_object(void)
{
	dbt_slot_t q = urt_slot_alloc();
	dbt_word_t before = dbt_stat(DBT_STAT_KMEM_USED);
	if (dbt_create(DBT_ROOT_SLOT_QUOTA, DBT_OBJ_QUOTA, q, PAGE_SIZE, 0) == DBT_OK) {
		quota_object_bytes = dbt_stat(DBT_STAT_KMEM_USED) - before;
		dbt_destroy(q);
	}
	urt_slot_free(q);
}

int main(const struct dbt_bootinfo *bi)
{
	uprintf("composer: Darbat root task\n");
	frames_init(bi);
	fault_ep = urt_slot_alloc();
	if (dbt_create(DBT_ROOT_SLOT_QUOTA, DBT_OBJ_ENDPOINT, fault_ep, 0, 0) || !load_composition() ||
	    !prepare_components())
		composer_halt();
	measure_quota_object();
	console_init();
	start_all();
	event_loop();
	return 0;
}
