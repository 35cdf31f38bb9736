/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * moddrv.h - drivers defined by binary driver modules (docs/IOKIT.md,
 * "Binary driver modules", "Module drivers").
 *
 * A module built against glue ABI 1.2 or later defines a driver per
 * manifest personality: the personality's init symbol is
 * `const struct iokit_driver_ops *init(void)` (sdk/include/iokit/glue.h).
 * moddrv_register calls each init once, checks the ops, and adds one
 * catalog personality per manifest personality whose driver class is a
 * class made for it: named after the manifest's driver_class, a subclass
 * of IOModuleDriver, whose probe/start/stop call the module's ops.  Each
 * driver instance retains its module (kmod_retain) from its probe until
 * it is freed, so a module with a live driver cannot be unloaded.
 *
 * The manifest's match string, "key=value key=value ..." (all must hold),
 * becomes a catalog personality:
 *   name=N, compatible=N    the nub's name or a "compatible" string is one
 *                           of the N given (at most 8 in all)
 *   vendor-id=V[&M], device-id=V[&M], class-code=V[&M]  (also vendor=,
 *                           device=, class=): PCI numbers under mask M
 *                           (default all ones)
 *   any other key=V         a property: a number if V is one (decimal, or
 *                           hex with 0x), else a string; "V" (in double
 *                           quotes) is always a string
 * The provider class is IOService, IOPlatformDevice or IOPCIDevice.
 *
 * Locking: call with iokitd_lock() held (the catalog and registry are
 * the server's).  Errors: IO_* codes (core/object.h); the reason is in
 * moddrv_error() and in the log, "moddrv: <module>: <reason>".
 */
#ifndef IOKIT_SERVER_MODDRV_H
#define IOKIT_SERVER_MODDRV_H

#include "iokit/driver.h"
#include "iokit/kmod/kmod.h"
#include "iokit/glue/glue.h"

#define MODDRV_ERROR_MAX 160

/* The superclass of every module driver class. */
extern const struct io_class IOModuleDriver_class;

/*
 * Adds m's personalities to cat and rematches the published nubs, so that
 * the new drivers start on devices already there.  A module without
 * personalities registers nothing (IO_OK).  Refused, with nothing added:
 * IO_EINVAL for a module built against ABI < 1.2 with personalities, an
 * init returning NULL or ops outside the module image, a bad ops size, a
 * bad match string or an unknown provider class; IO_EBUSY for a module
 * already registered or a driver class name another module uses;
 * IO_ENOMEM.
 */
int moddrv_register(struct io_catalog *cat, struct kmod *m);

/*
 * Removes m's personalities from cat and terminates its running drivers
 * (their nubs first).  Afterwards m's use count is back to what it was
 * before registration unless something else still holds one of its
 * drivers.  IO_ENOENT if m was not registered.
 */
int moddrv_unregister(struct io_catalog *cat, struct kmod *m);

/* How many driver instances of m exist (probed and not yet freed). */
unsigned moddrv_instances(const struct kmod *m);

/* Why the last failed call failed ("" after a success). */
const char *moddrv_error(void);

/*
 * The match-string translation on its own (for tests): fills desc's
 * name_match (pointing into names), property_match (a new dictionary the
 * caller releases, NULL if none) and PCI masks.  IO_EINVAL with the
 * reason in err.
 */
struct moddrv_names {
	char buf[KMOD_MATCH_MAX];
};
int moddrv_match_parse(const char *match, struct io_personality_desc *desc,
		       struct moddrv_names *names, char *err, size_t errlen);

#endif
