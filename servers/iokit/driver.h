/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * iokit/driver.h - the driver contract: what the driver framework server
 * offers the drivers built into it (docs/IOKIT.md, "The framework server").
 * This header is the contract between the server (servers/iokit/server/),
 * the bus nubs it publishes and the built-in drivers (servers/iokit/drivers/);
 * it lives outside server/ because drivers depend on it, not on the server.
 *
 * Locking: the registry and catalog are the server's; every call into
 * the core (registry, matching, properties) is made with iokitd_lock()
 * held.  probe/start/stop run with it held.  A driver's own device work
 * runs on its work loop, which takes the lock only to touch the registry.
 * The lock is recursive (a thread holding it may take it again), so a
 * driver's start may call helpers that lock; it must not wait for another
 * thread that needs the lock (a gate call into a loop that locks) while
 * holding it.
 */
#ifndef IOKIT_DRIVER_H
#define IOKIT_DRIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <darbat/darbat.h>
#include "iokit/core/object.h"
#include "iokit/core/service.h"
#include "iokit/core/registry.h"
#include "iokit/core/match.h"
#include "iokit/workloop/workloop.h"

void iokitd_lock(void);
void iokitd_unlock(void);
struct io_registry *iokitd_registry(void);
struct io_catalog *iokitd_catalog(void);
const char *iokitd_instance(void);      /* this instance's component name */
unsigned long iokitd_generation(void);  /* 0 at first start, +1 per restart */

/*
 * Built-in drivers: each driver file defines one of these, and the table
 * in drivers.c lists them.  init adds the driver's personalities
 * (io_catalog_add) before the platform and PCI nubs are published.
 */
struct iokitd_driver {
	const char *name;
	int (*init)(struct io_catalog *cat);
};

/*
 * Platform devices: the legacy devices the composition grants this
 * instance (I/O port ranges and IRQ lines at the well-known PC addresses:
 * COM ports 0x3f8/0x2f8/0x3e8/0x2e8 + IRQ 4/3, PS/2 0x60/0x64 + IRQ 1/12,
 * CMOS RTC 0x70 + IRQ 8).  Each is an IOPlatformDevice nub under
 * /platform, named "serial", "ps2" or "rtc", located at its port base in
 * hex ("serial@3f8"), with the number properties "io-base", "io-count"
 * and "interrupt" (absent when no IRQ was granted).
 */
struct iokit_platform_device {
	struct io_service svc;
	uint16_t io_base, io_count;
	int irq_line;                   /* -1: none */
	dbt_slot_t irq;                 /* IRQ capability, 0: none */
};
extern const struct io_class IOPlatformDevice_class;
/* The entry "platform" under the root that publishes them. */
extern const struct io_class IOPlatformExpert_class;

/*
 * PCI: the functions granted to this instance appear as IOPCIDevice nubs
 * under /pci@0 (the IOPCIBridge), named "pci<vendor>,<device>" and
 * located at "<dev>,<fn>" (hex, like "pci1af4,1042@3,0"), with number
 * properties "vendor-id", "device-id", "class-code" (24 bits),
 * "revision-id", "subsystem-vendor-id", "subsystem-id", "interrupt"
 * (INTx line), and data "reg" (bdf).  Configuration space goes through
 * the composer, which allows only the functions it granted and refuses
 * writes to the BARs.
 */
struct iokit_pci_bar {
	uint64_t phys, size;            /* size 0: BAR not implemented */
	bool io;                        /* I/O space (port = phys) */
	volatile void *va;              /* memory BARs: mapped in this instance */
};

struct iokit_pci_device {
	struct io_service svc;
	uint64_t bdf;                   /* COMP_PCI_ADDR encoding (lib/comp) */
	uint16_t vendor, device;
	uint32_t class_code;
	struct iokit_pci_bar bar[6];
	int irq_line;                   /* -1: none */
	dbt_slot_t irq;                 /* IRQ capability, 0: none */
	int msi_line;                   /* a message-signalled line for it, -1: none */
	dbt_slot_t msi;                 /* its IRQ capability, 0: none */
};
extern const struct io_class IOPCIDevice_class;
/* The entry "pci@0" under the root that publishes them. */
extern const struct io_class IOPCIBridge_class;

int iokit_pci_cfg_read(struct iokit_pci_device *d, unsigned off, unsigned width, uint32_t *v);
int iokit_pci_cfg_write(struct iokit_pci_device *d, unsigned off, unsigned width, uint32_t v);
/* Offset of the first capability with cap_id after `after` (0: from the
 * start), or 0 when there is none.  The walk is bounded (48 entries). */
unsigned iokit_pci_find_cap(struct iokit_pci_device *d, uint8_t cap_id, unsigned after);
/* Offset of the capability after `after` (0: the first), or 0 at the end
 * of the list; a caller walking the list bounds its own loop (48). */
unsigned iokit_pci_next_cap(struct iokit_pci_device *d, unsigned after);
/* Set command-register bits: memory space, I/O space, bus mastering. */
int iokit_pci_enable(struct iokit_pci_device *d, bool mem, bool io, bool master);

#endif
