/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * main.c - iokitd, the driver framework server (docs/IOKIT.md, "The
 * framework server").  One instance is one component: it builds its own
 * registry and catalog, lets the built-in drivers add their personalities,
 * loads the driver modules its composition grants, publishes the platform
 * and PCI nubs for the devices it was granted (matching starts drivers),
 * then serves the registry interface (regsvc.c) and console commands
 * (control.c) for ever.
 *
 * Several instances run the same binary; everything here is per process,
 * and a restarted instance starts from nothing and enumerates again.
 *
 * The registry lock: one recursive lock over the registry, the catalog,
 * the module loader and every driver's registry work (iokit/driver.h).
 */
#include "server.h"
#include "iokit/glue/glue_abi.h"

static struct io_registry *registry;    /* set once at start-up */
static struct io_catalog *catalog;

static urt_mutex_t reg_mutex = URT_MUTEX_INIT;
static urt_thread_t *_Atomic reg_owner; /* guarded by reg_mutex */
static unsigned reg_depth;              /* guarded by reg_mutex */

void iokitd_lock(void)
{
	urt_thread_t *self = urt_thread_self();
	if (self && atomic_load(&reg_owner) == self) {
		reg_depth++;            /* a thread the runtime does not know never nests */
		return;
	}
	urt_mutex_lock(&reg_mutex);
	atomic_store(&reg_owner, self);
	reg_depth = 1;
}

void iokitd_unlock(void)
{
	if (atomic_load(&reg_owner) != urt_thread_self() || reg_depth == 0) {
		uprintf("iokitd: unlock by a thread that does not hold the registry lock\n");
		return;
	}
	if (--reg_depth == 0) {
		atomic_store(&reg_owner, NULL);
		urt_mutex_unlock(&reg_mutex);
	}
}

struct io_registry *iokitd_registry(void)
{
	return registry;
}

struct io_catalog *iokitd_catalog(void)
{
	return catalog;
}

const char *iokitd_instance(void)
{
	return urt_env ? urt_env->name : "iokitd";
}

unsigned long iokitd_generation(void)
{
	return urt_env ? urt_env->generation : 0;
}

static int count_entry(struct io_service *svc, unsigned depth, void *ctx)
{
	(void)svc;
	(void)depth;
	(*(unsigned *)ctx)++;
	return 0;
}

int main(const struct dbt_bootinfo *bi)
{
	(void)bi;
	if (!urt_env) {
		uprintf("iokitd: runs only as a component started by the composer\n");
		return 1;
	}
	iokit_glue_set_log_prefix(urt_env->name);
	uprintf("iokitd: %s: starting (generation %lu)\n", iokitd_instance(), iokitd_generation());
	registry = io_registry_create();
	catalog = registry ? io_catalog_create(registry) : NULL;
	if (!catalog) {
		uprintf("iokitd: %s: out of memory for the registry\n", iokitd_instance());
		return 2;
	}
	kext_init();
	iokitd_lock();
	unsigned ndrivers = iokitd_drivers_init(catalog);
	iokitd_unlock();
	unsigned nmods = kext_load_boot();
	iokitd_lock();
	unsigned nplat = iokitd_platform_publish(registry);
	unsigned npci = iokitd_pci_publish(registry);
	unsigned entries = 0;
	io_registry_iterate(io_registry_root(registry), count_entry, &entries);
	iokitd_unlock();
	unsigned nsvc = regsvc_start();
	control_init();
	uprintf("iokitd: %s: ready: %u built-in drivers, %u modules, %u platform nubs, "
	        "%u PCI functions, %u registry entries, %u registry services (generation %lu)\n",
	        iokitd_instance(), ndrivers, nmods, nplat, npci, entries, nsvc, iokitd_generation());
	control_serve();
	urt_halt();
}
