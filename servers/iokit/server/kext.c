/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kext.c - binary driver modules in iokitd: the ones the composition
 * grants as boot-image files named *.kmod are loaded at start-up; the
 * console commands kextload FILE, kextunload NAME and kextstat load,
 * unload and list them at run time (docs/IOKIT.md, "The framework server").
 *
 * A module is linked by the loader (servers/iokit/kmod) against the glue
 * library's ABI table into the executable arena (kext_arena.c); its
 * module_start runs, then its personalities go into the catalog and the
 * published nubs are matched again.  Unloading terminates its drivers
 * first, runs module_stop, and refuses while another module depends on it.
 *
 * Every failure prints one line naming the command and the file or module
 * and leaves the instance as it was.  All of it runs with the registry
 * lock held (the loader is not thread-safe; the catalog is the lock's).
 */
#include "server.h"
#include "iokit/glue/glue_abi.h"
#include "iokit/kmod/kmod.h"
#include "moddrv.h"

static struct kmod_loader loader;       /* guarded by the registry lock */

static void *mem_alloc(void *ctx, size_t size, enum kmod_mem_kind kind)
{
	(void)ctx;
	return kind == KMOD_MEM_IMAGE ? kext_arena_alloc(size) : malloc(size);
}

static void mem_free(void *ctx, void *p, size_t size, enum kmod_mem_kind kind)
{
	(void)ctx;
	if (kind == KMOD_MEM_IMAGE)
		kext_arena_free(p, size);
	else
		free(p);
}

static const struct kmod_mem kext_mem = { .alloc = mem_alloc, .free = mem_free };

void kext_init(void)
{
	kmod_loader_init(&loader, &iokit_glue_abi, &kext_mem);
}

static const struct dbt_env_entry *file_granted(const char *file)
{
	const struct dbt_env_entry *e = urt_env_find(file);
	return e && e->kind == DBT_ENV_FILE ? e : NULL;
}

static void personalities_print(const char *cmd, const struct kmod *m)
{
	for (unsigned i = 0; i < m->npersonalities; i++) {
		const struct kmod_personality *p = &m->manifest->personalities[i];
		uprintf("%s: %s: personality %s on %s match \"%s\"%s%s score %d\n", cmd,
		        m->manifest->name, p->driver_class, p->provider_class, p->match,
		        p->category[0] ? " category " : "", p->category, p->probe_score);
	}
}

/* Link, start and register one module; lock held.  *err gets the loader's
 * code (KMOD_EDEP lets the boot-time pass retry after the others). */
static int load_locked(const char *cmd, const char *file, enum kmod_err *err, bool quiet_dep)
{
	*err = KMOD_OK;
	if (!file_granted(file)) {
		uprintf("%s: %s: not granted (no 'file %s' in the composition)\n", cmd, file, file);
		return -1;
	}
	const void *image;
	size_t size;
	int ferr = iokitd_file_map(file, &image, &size);
	if (ferr) {
		uprintf("%s: %s: cannot map it (composer error 0x%x)\n", cmd, file, ferr);
		return -1;
	}
	struct kmod *m;
	*err = kmod_load(&loader, file, image, size, &m);
	if (*err) {
		if (!(quiet_dep && *err == KMOD_EDEP))
			uprintf("%s: %s\n", cmd, loader.error);
		return -1;
	}
	int rc = m->start ? m->start() : 0;
	if (rc) {
		uprintf("%s: %s: module_start refused (%d): unloaded\n", cmd, m->manifest->name, rc);
		kmod_unload(&loader, m);
		return -1;
	}
	personalities_print(cmd, m);
	/* its drivers: personalities into the catalog, nubs matched again */
	if (moddrv_register(iokitd_catalog(), m)) {
		uprintf("%s: %s: unloaded\n", cmd, moddrv_error());
		if (m->stop)
			m->stop();
		kmod_unload(&loader, m);
		return -1;
	}
	uprintf("%s: loaded %s %s from %s at %p, %zu bytes, %u personalities\n", cmd,
	        m->manifest->name, m->manifest->version, file, m->image, m->image_size,
	        m->npersonalities);
	return 0;
}

int kext_load(const char *file)
{
	enum kmod_err err;
	iokitd_lock();
	int rc = load_locked("kextload", file, &err, false);
	iokitd_unlock();
	return rc;
}

static bool is_kmod_name(const char *s)
{
	size_t n = strlen(s);
	return n > 5 && !strcmp(s + n - 5, ".kmod");
}

/* One round over the granted *.kmod files not yet done; true if one loaded. */
static bool boot_round(bool *done, bool report_deps, unsigned *loaded)
{
	bool progress = false;
	for (dbt_word_t i = 0; i < urt_env->nentries; i++) {
		const struct dbt_env_entry *e = &urt_env->entry[i];
		if (done[i] || e->kind != DBT_ENV_FILE || !is_kmod_name(e->name))
			continue;
		enum kmod_err err;
		if (load_locked("iokitd: boot", e->name, &err, !report_deps) == 0) {
			(*loaded)++;
			progress = true;
		}
		done[i] = err != KMOD_EDEP || report_deps;
	}
	return progress;
}

/* Every granted *.kmod, in grant order; a module whose dependency comes
 * later in the list is tried again once the others are in, and only a
 * dependency that never came is reported. */
unsigned kext_load_boot(void)
{
	bool done[DBT_ENV_MAX_NAMES] = { false };
	unsigned loaded = 0;
	iokitd_lock();
	while (boot_round(done, false, &loaded))
		;
	boot_round(done, true, &loaded);
	iokitd_unlock();
	return loaded;
}

/* Terminate m's drivers, stop it and free it; lock held.  Refused while
 * other modules depend on it, or while something still holds one of its
 * drivers after they were terminated (its drivers are then matched again). */
static int unload_locked(struct kmod *m, const char *name)
{
	unsigned drivers = moddrv_instances(m);
	if (m->use_count > drivers) {
		uprintf("kextunload: %s: in use (%u references): unload the modules that "
		        "depend on it first\n", name, m->use_count - drivers);
		return -1;
	}
	moddrv_unregister(iokitd_catalog(), m);         /* IO_ENOENT: it had no drivers */
	if (m->use_count) {
		uprintf("kextunload: %s: %u of its drivers are still held: not unloaded\n", name,
		        moddrv_instances(m));
		moddrv_register(iokitd_catalog(), m);
		return -1;
	}
	if (m->stop)
		m->stop();
	char saved[KMOD_NAME_MAX];
	snfmt(saved, sizeof(saved), "%s", m->manifest->name);
	if (kmod_unload(&loader, m)) {
		uprintf("kextunload: %s\n", loader.error);
		return -1;
	}
	uprintf("kextunload: %s unloaded (%u drivers terminated)\n", saved, drivers);
	return 0;
}

int kext_unload(const char *name)
{
	iokitd_lock();
	struct kmod *m = kmod_find(&loader, name);
	int rc = -1;
	if (!m)
		uprintf("kextunload: %s: no such module loaded\n", name);
	else
		rc = unload_locked(m, name);
	iokitd_unlock();
	return rc;
}

void kext_stat(void)
{
	iokitd_lock();
	unsigned n = 0;
	for (struct kmod *m = kmod_first(&loader); m; m = kmod_next(m))
		n++;
	uprintf("kextstat: %u modules, %zu KiB of the module arena free\n", n,
	        kext_arena_free_bytes() / 1024);
	if (n)
		uprintf("  %-20s %-10s %4s %7s  %-18s %-8s  %s\n", "name", "version", "uses",
		        "drivers", "address", "size", "depends on");
	for (struct kmod *m = kmod_first(&loader); m; m = kmod_next(m)) {
		char deps[KMOD_MAX_DEPS * KMOD_NAME_MAX] = "-";
		size_t len = 0;
		for (unsigned i = 0; i < m->ndeps; i++)
			len += (size_t)snfmt(deps + len, sizeof(deps) - len, "%s%s", i ? "," : "",
			                     m->deps[i]->manifest->name);
		uprintf("  %-20s %-10s %4u %7u  %-18p 0x%-6zx  %s\n", m->manifest->name,
		        m->manifest->version, m->use_count, moddrv_instances(m), m->image,
		        m->image_size, deps);
		personalities_print("kextstat", m);
	}
	uprintf("kextstat: end (%u modules)\n", n);
	iokitd_unlock();
}
