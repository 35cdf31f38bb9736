/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * component.c - the life of a component: start (its objects, capabilities
 * and environment), death (reclaim everything), restart by policy.
 *
 * Every kernel object of a component is created from its own quota, which
 * the composer creates from the root quota with the component's `kmem`;
 * destroying that one quota destroys the task, its threads and whatever the
 * component created itself, so kernel memory returns to where it was.
 * Service endpoints belong to the composer, so clients keep their
 * capabilities across a provider's restart.
 */
#include "composer.h"

struct component components[MAX_COMPONENTS];
unsigned ncomponents;

static dbt_slot_t service_ep[MAX_COMPONENTS][COMP_MAX_SERVICES];

void component_logf(struct component *c, const char *fmt, ...)
{
	va_list ap;
	char *line = c->log[c->log_next++ % LOG_LINES];
	va_start(ap, fmt);
	vsnfmt(line, sizeof(c->log[0]), fmt, ap);
	va_end(ap);
	uprintf("composer: %s: %s\n", c->desc->name, line);
}

void component_refuse(struct component *c, const char *fmt, ...)
{
	char why[LOG_LINE_MAX];
	va_list ap;
	va_start(ap, fmt);
	vsnfmt(why, sizeof(why), fmt, ap);
	va_end(ap);
	component_logf(c, "%s", why);
	if (!c->refused[0])
		snfmt(c->refused, sizeof(c->refused), "%s", why);
}

struct component *component_by_name(const char *name)
{
	for (unsigned i = 0; i < ncomponents; i++)
		if (!strcmp(components[i].desc->name, name))
			return &components[i];
	return NULL;
}

/* The endpoints of every provided service, made before any component
 * starts and owned by the composer, so that clients keep their capabilities
 * across a provider's restart and kernel memory does not move with it. */
bool services_create(void)
{
	for (unsigned i = 0; i < ncomponents; i++)
		for (unsigned j = 0; j < components[i].desc->nprovides; j++) {
			dbt_slot_t s = urt_slot_alloc();
			if (!s || dbt_create(DBT_ROOT_SLOT_QUOTA, DBT_OBJ_ENDPOINT, s, 0, 0))
				return false;
			service_ep[i][j] = s;
		}
	return true;
}

static dbt_slot_t service_endpoint(unsigned comp, unsigned svc)
{
	return service_ep[comp][svc];
}

_Static_assert(DBT_ENV_MAX_NAMES >= COMP_MAX_SERVICES + COMP_MAX_ROUTES + COMP_MAX_DEVICES + COMP_MAX_FILES,
               "every name a composition can grant fits in the environment");

static void env_add(struct dbt_env *env, const char *name, unsigned kind, dbt_word_t slot,
                    dbt_word_t addr, dbt_word_t size)
{
	if (env->nentries == DBT_ENV_MAX_NAMES)
		return;
	struct dbt_env_entry *e = &env->entry[env->nentries++];
	snfmt(e->name, sizeof(e->name), "%s", name);
	e->kind = kind;
	e->slot = slot;
	e->addr = addr;
	e->size = size;
}

/* err with what it was about, as the cause of a failed start in why. */
static dbt_word_t failed(dbt_word_t err, char *why, size_t n, const char *what)
{
	if (err)
		snfmt(why, n, "%s: %s", what, kernel_error(err));
	return err;
}

/* Its routes and services, filling in its environment. */
static dbt_word_t grant_services(struct component *c, struct dbt_env *env, dbt_slot_t *next,
                                 char *why, size_t n)
{
	const struct comp_component *d = c->desc;
	dbt_word_t err;
	for (unsigned i = 0; i < d->nprovides; i++, (*next)++) {
		dbt_slot_t ep = service_endpoint(c->id, i);
		if ((err = dbt_cap_give(c->task, ep, *next, DBT_CAP_READ)))
			return failed(err, why, n, "its service endpoint");
		env_add(env, d->provides[i].name, DBT_ENV_PROVIDES, *next, 0, 0);
	}
	for (unsigned i = 0; i < d->nuses; i++, (*next)++) {
		const struct comp_route *r = &d->uses[i];
		dbt_slot_t ep = service_endpoint((unsigned)r->to, (unsigned)r->svc), badged = urt_slot_alloc();
		/* badge: who calls, so the provider can tell its clients apart */
		err = dbt_cap_copy(ep, badged, DBT_CAP_WRITE | DBT_CAP_GRANT, c->id + 1);
		if (!err)
			err = dbt_cap_give(c->task, badged, *next, DBT_CAP_WRITE | DBT_CAP_GRANT);
		dbt_cap_delete(badged);
		urt_slot_free(badged);
		if (err)
			return failed(err, why, n, "its route");
		env_add(env, r->local, DBT_ENV_USES, *next, 0, 0);
	}
	return DBT_OK;
}

/* An IRQ line: the component's copy of the handler capability keeps it. */
static dbt_word_t grant_irq(struct component *c, const struct comp_device *dev, dbt_slot_t slot,
                            char *why, size_t n)
{
	dbt_slot_t irq = urt_slot_alloc();
	dbt_word_t err = dbt_irq_get(DBT_ROOT_SLOT_IRQCTL, (unsigned)dev->base, irq);
	if (!err)
		err = dbt_cap_give(c->task, irq, slot, DBT_CAP_ALL & ~DBT_CAP_DELETE);
	dbt_cap_delete(irq);
	urt_slot_free(irq);
	if (err) {
		char what[32];
		snfmt(why, n, "its grant '%s': %s", comp_device_format(dev, what, sizeof(what)),
		      kernel_error(err));
	}
	return err;
}

/* Give the component what its entry grants; fill in its environment. */
static dbt_word_t grant_caps(struct component *c, struct dbt_env *env, char *why, size_t n)
{
	const struct comp_component *d = c->desc;
	dbt_slot_t next = DBT_COMP_SLOT_FIRST;
	dbt_word_t err;
	if ((err = grant_services(c, env, &next, why, n)))
		return err;
	dbt_word_t mmio_va = DBT_ENV_DEVICE_BASE;
	for (unsigned i = 0; i < d->ndevices; i++) {
		const struct comp_device *dev = &d->device[i];
		char name[DBT_ENV_NAME_LEN];
		if (c->dev_pci[i])
			pci_env_name(c, i, name, sizeof(name));
		if (dev->kind == COMP_DEV_IRQ) {
			if ((err = grant_irq(c, dev, next, why, n)))
				return err;
			if (!c->dev_pci[i])
				snfmt(name, sizeof(name), "irq%lu", dev->base);
			env_add(env, name, DBT_ENV_IRQ, next++, dev->base, 1);
		} else if (dev->kind == COMP_DEV_MMIO) {
			dbt_word_t size = dev->last + 1 - dev->base;
			if (!c->dev_pci[i])
				snfmt(name, sizeof(name), "mmio%u", i);
			env_add(env, name, DBT_ENV_MMIO, 0, mmio_va, size);
			mmio_va += DBT_ENV_MMIO_WINDOW(size);
		} else if (dev->kind == COMP_DEV_IOPORT) {
			if (!c->dev_pci[i])
				snfmt(name, sizeof(name), "ports%u", i);
			env_add(env, name, DBT_ENV_IOPORTS, 0, dev->base, dev->last + 1 - dev->base);
		} else if (c->dev_pci[i]) {     /* the grant itself: the function */
			const struct pci_fn *f = &c->pci[c->dev_pci[i] - 1];
			env_add(env, name, DBT_ENV_PCI, 0, f->bdf, f->id | (dbt_word_t)f->class_code << 32);
		}
	}
	for (unsigned i = 0; i < d->nfiles; i++)
		env_add(env, d->file[i].name, DBT_ENV_FILE, 0, c->file_va[i], c->file[i]->size);
	return DBT_OK;
}

/* Bytes of kernel pool a quota object itself takes (measured at start-up). */
dbt_word_t quota_object_bytes;

/* Its kernel-memory quota, moved out of the root quota.  NO_QUOTA there
 * means its kmem is more than the kernel has left to give: say how much. */
static dbt_word_t make_quota(struct component *c, char *why, size_t n)
{
	dbt_word_t err = dbt_create(DBT_ROOT_SLOT_QUOTA, DBT_OBJ_QUOTA, c->quota, c->desc->kmem, 0);
	if (err != DBT_E_NO_QUOTA)
		return failed(err, why, n, "its kernel-memory quota");
	dbt_word_t used = 0, limit = 0, left = 0;
	dbt_quota_info(DBT_ROOT_SLOT_QUOTA, &used, &limit);
	if (limit > used + quota_object_bytes)
		left = limit - used - quota_object_bytes;
	char want[24], have[24];
	snfmt(why, n, "its kmem budget %s is more than the %s of kernel memory left",
	      comp_size_format(c->desc->kmem, want, sizeof(want)),
	      comp_size_format(left & ~(dbt_word_t)1023, have, sizeof(have)));
	return err;
}

_Static_assert(COMP_SLOTS_MIN == 1u << DBT_COMP_CSPACE_ORDER, "the default capability space");
_Static_assert(COMP_SLOTS_MAX == 1u << DBT_CSPACE_MAX_ORDER, "the kernel's largest capability space");
_Static_assert(COMP_SLOTS_MIN > DBT_COMP_SLOT_FREE, "room for slots the component allocates");

/* The order of a capability space of `slots` (a power of two, comp_parse checked). */
static unsigned cspace_order(unsigned slots)
{
	unsigned order = 0;
	while ((1u << order) < slots)
		order++;
	return order;
}

static dbt_word_t make_objects(struct component *c, char *why, size_t n)
{
	const struct comp_component *d = c->desc;
	dbt_word_t err;
	c->quota = urt_slot_alloc();
	c->task = urt_slot_alloc();
	c->thread = urt_slot_alloc();
	if ((err = make_quota(c, why, n)))
		return err;
	if ((err = dbt_create(c->quota, DBT_OBJ_TASK, c->task, cspace_order(d->slots), 0)))
		return failed(err, why, n, "its task");
	if ((err = dbt_create(c->quota, DBT_OBJ_THREAD, c->thread, c->task, DBT_ENV_UTCB)))
		return failed(err, why, n, "its first thread");
	if ((err = dbt_thread_ctl(c->thread, DBT_THREAD_SET_PAGER, c->fault_cap, 0).err) ||
	    (err = dbt_thread_ctl(c->thread, DBT_THREAD_SET_EXC, c->fault_cap, 0).err) ||
	    (err = dbt_thread_ctl(c->thread, DBT_THREAD_SET_PRIORITY, d->priority, 0).err))
		return failed(err, why, n, "its thread's pager, exception handler or priority");
	if ((err = dbt_cap_give(c->task, c->task, DBT_COMP_SLOT_TASK, DBT_CAP_CONTROL)) ||
	    (err = dbt_cap_give(c->task, c->thread, DBT_COMP_SLOT_THREAD, DBT_CAP_CONTROL | DBT_CAP_READ)) ||
	    (err = dbt_cap_give(c->task, c->quota, DBT_COMP_SLOT_QUOTA, DBT_CAP_CONTROL | DBT_CAP_READ)) ||
	    (err = dbt_cap_give(c->task, c->fault_cap, DBT_COMP_SLOT_FAULT, DBT_CAP_WRITE)) ||
	    (err = dbt_cap_give(c->task, c->fault_cap, DBT_COMP_SLOT_COMPOSER, DBT_CAP_WRITE)) ||
	    (err = dbt_cap_give(c->task, c->control_ep, DBT_COMP_SLOT_CONTROL, DBT_CAP_READ)))
		return failed(err, why, n, "its fixed capabilities");
	if (d->console == COMP_CONSOLE_COM1 &&
	    (err = dbt_cap_give(c->task, DBT_ROOT_SLOT_DEBUG, DBT_COMP_SLOT_CONSOLE, DBT_CAP_WRITE)))
		return failed(err, why, n, "its console");
	return DBT_OK;
}

static dbt_word_t start_thread(struct component *c)
{
	dbt_word_t *mr = dbt_mr(), err;
	if ((err = dbt_thread_ctl(c->thread, DBT_THREAD_READ_REGS, 0, 0).err))
		return err;
	((struct dbt_regs *)mr)->rdi = DBT_ENV_ADDR;
	((struct dbt_regs *)mr)->rip = c->entry;
	((struct dbt_regs *)mr)->rsp = DBT_ENV_STACK_TOP - 8;
	if ((err = dbt_thread_ctl(c->thread, DBT_THREAD_WRITE_REGS, 0, 0).err))
		return err;
	return dbt_thread_start(c->thread, c->entry, DBT_ENV_STACK_TOP - 8);
}

/* A fresh environment page for this generation (its first page of memory). */
static struct dbt_env *env_create(struct component *c)
{
	const struct comp_component *d = c->desc;
	c->env_frame = frame_alloc(c->id);
	if (!c->env_frame)
		return NULL;
	c->pages++;
	struct dbt_env *env = frame_ptr(c->env_frame);
	env->magic = DBT_ENV_MAGIC;
	snfmt(env->name, sizeof(env->name), "%s", d->name);
	snfmt(env->args, sizeof(env->args), "%s", d->args);
	env->stack_size = STACK_BYTES;
	env->generation = c->generation;
	env->cspace_slots = d->slots;
	return env;
}

dbt_word_t component_start(struct component *c)
{
	const struct comp_component *d = c->desc;
	char why[LOG_LINE_MAX - 32];
	dbt_word_t err;
	if (c->refused[0]) {
		component_logf(c, "cannot start: %s", c->refused);
		return DBT_E_INVALID_ARG;
	}
	uint64_t start_tsc = tsc_read();
	c->pages = 0;
	c->max_pages = d->memory / PAGE_SIZE;
	c->takes_commands = false;      /* until this generation says it does */
	control_drop(c);                /* an earlier generation's command is dropped */
	shm_reset(c);
	dma_reset(c);
	c->files_open = 0;
	struct dbt_env *env = env_create(c);
	if (!env) {
		component_logf(c, "cannot start: no free frame for its environment page");
		return DBT_E_NO_QUOTA;
	}
	env->start_tsc = start_tsc;
	if ((err = make_objects(c, why, sizeof(why))) || (err = grant_caps(c, env, why, sizeof(why)))) {
		component_logf(c, "cannot create it: %s", why);
		component_destroy(c);
		return err;
	}
	dbt_word_t fixed = 1 + image_size(c->image) / PAGE_SIZE + STACK_BYTES / PAGE_SIZE;
	env->heap_max = c->max_pages > fixed ? (c->max_pages - fixed) * PAGE_SIZE : 0;
	if ((err = start_thread(c))) {
		component_logf(c, "cannot start its thread: %s", kernel_error(err));
		component_destroy(c);
		return err;
	}
	c->state = CS_RUNNING;
	c->started_at = dbt_clock();
	c->generation++;
	component_logf(c, "started (generation %lu)", env->generation);
	return DBT_OK;
}

/* Destroy every kernel object and free every frame of the component; check
 * that the kernel pool got back all that was charged to its quota. */
void component_destroy(struct component *c)
{
	/* Its devices stop writing to memory before any frame goes back. */
	pci_quiesce(c);
	/* First its shared regions, from both sides: the kernel memory that
	 * frees may be the other side's, so it is not part of the balance. */
	shm_release(c);
	dbt_word_t charged = 0, before = dbt_stat(DBT_STAT_KMEM_USED);
	/* A start that failed making the quota leaves the slot empty: nothing
	 * was charged, so there is no balance to check. */
	bool had = c->quota && dbt_quota_info(c->quota, &charged, NULL) == DBT_OK;
	if (c->quota) {
		dbt_destroy(c->quota);
		dbt_slot_t s[3] = { c->quota, c->task, c->thread };
		for (unsigned i = 0; i < 3; i++) {
			dbt_cap_delete(s[i]);
			urt_slot_free(s[i]);
		}
	}
	c->quota = c->task = c->thread = 0;
	c->ports_sent = false;
	dma_release(c);                 /* its task and so its mappings are gone */
	frames_release(c->id);
	c->pages = 0;
	if (!had)
		return;
	/* Everything charged to its quota, and the quota, must be back in the pool. */
	dbt_word_t freed = before - dbt_stat(DBT_STAT_KMEM_USED);
	if (freed == charged + quota_object_bytes)
		component_logf(c, "reclaimed: all %lu bytes of its kernel memory", freed);
	else
		component_logf(c, "kernel memory not reclaimed: %ld bytes",
		               (long)(charged + quota_object_bytes - freed));
}

/* Restart number c->restarts + 1 after its back-off (doubled per restart,
 * at most the maximum), or, past its limit, down for good. */
static void apply_policy(struct component *c)
{
	const struct comp_component *d = c->desc;
	if (d->restart != COMP_RESTART_NEVER && c->restarts < d->restart_limit) {
		uint64_t delay = (uint64_t)d->backoff_initial_ms * 1000;
		uint64_t max = (uint64_t)d->backoff_max_ms * 1000;
		for (unsigned i = 0; i < c->restarts && delay < max; i++)
			delay *= 2;
		delay = MIN_U(delay, max);
		c->state = CS_BACKOFF;
		c->backoff_us = delay;
		c->restart_at = dbt_clock() + delay;
		component_logf(c, "restart %u of %u in %lu ms", c->restarts + 1, d->restart_limit,
		               delay / 1000);
		return;
	}
	c->state = CS_FAILED;
	if (d->restart != COMP_RESTART_NEVER)
		component_logf(c, "restart limit %u reached: it stays down", d->restart_limit);
	if (d->critical) {
		uprintf("composer: critical component %s is dead: halting the system\n", d->name);
		composer_halt();
	}
}

/* The component faulted or was killed: reclaim it and apply its policy. */
void component_died(struct component *c, const char *why)
{
	component_destroy(c);
	c->deaths++;
	component_logf(c, "died: %s", why);
	apply_policy(c);
}

/* The component said it is done (composer.exit). */
void component_exited(struct component *c, dbt_word_t code)
{
	const struct comp_component *d = c->desc;
	if (code != 0 || d->restart == COMP_RESTART_ALWAYS) {
		char why[48];
		snfmt(why, sizeof(why), "exited with code %lu", code);
		if (code == 0) {
			component_destroy(c);
			component_logf(c, "exited: restart policy 'always'");
			c->state = CS_BACKOFF;
			c->restart_at = dbt_clock() + (uint64_t)d->backoff_initial_ms * 1000;
			return;
		}
		component_died(c, why);
		return;
	}
	component_destroy(c);
	c->state = CS_EXITED;
	component_logf(c, "exited normally");
}

void components_poll_restarts(uint64_t now)
{
	for (unsigned i = 0; i < ncomponents; i++) {
		struct component *c = &components[i];
		if (c->state != CS_BACKOFF || now < c->restart_at)
			continue;
		c->restarts++;
		if (component_start(c))
			component_died(c, "restart failed");
	}
}

/* Earliest pending restart, or 0. */
uint64_t components_next_restart(void)
{
	uint64_t next = 0;
	for (unsigned i = 0; i < ncomponents; i++)
		if (components[i].state == CS_BACKOFF && (!next || components[i].restart_at < next))
			next = components[i].restart_at;
	return next;
}
