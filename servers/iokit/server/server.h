/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * server.h - the pieces of the framework server iokitd that talk to each
 * other (not part of the driver contract, which is iokit/driver.h).
 *
 *   main.c      start-up, the registry lock, the instance's state
 *   drivers.c   the built-in drivers' table
 *   platform.c  the platform expert and its IOPlatformDevice nubs
 *   pci.c       the PCI bridge and its IOPCIDevice nubs
 *   pci_cfg.c   configuration space, capability list
 *   compsvc.c   the composer's services iokitd uses (compsvc.h)
 *   kext.c      binary driver modules: boot-time load, kextload/unload/stat
 *   kext_arena.c  executable memory for module images
 *   ioreg.c     the registry printed on the console
 *   control.c   console commands from the composer
 *   regsvc.c    the registry client interface (ioreg.idl)
 */
#ifndef IOKIT_SERVER_SERVER_H
#define IOKIT_SERVER_SERVER_H

#include "urt.h"
#include "iokit/driver.h"

/* drivers.c: run every built-in driver's init; returns how many ran. */
unsigned iokitd_drivers_init(struct io_catalog *cat);

/* platform.c / pci.c: attach and publish the bus entries and their nubs
 * (lock held); return the number of nubs published. */
unsigned iokitd_platform_publish(struct io_registry *reg);
unsigned iokitd_pci_publish(struct io_registry *reg);

/* compsvc.c: the composer's services. */
#include "compsvc.h"

/* kext_arena.c: page-granular executable memory for module images. */
void *kext_arena_alloc(size_t size);
void kext_arena_free(void *p, size_t size);
size_t kext_arena_free_bytes(void);

/* kext.c: modules (lock NOT held by the caller: these take it). */
void kext_init(void);
unsigned kext_load_boot(void);          /* every granted *.kmod; returns how many loaded */
int kext_load(const char *file);        /* 0 or -1 (an error line was printed) */
int kext_unload(const char *name);
void kext_stat(void);

/* ioreg.c: print the subtree at path (lock NOT held; takes it). */
void ioreg_print(const char *path);
/* Format one property value into buf (always NUL-terminated). */
void ioreg_format_value(const void *value, char *buf, size_t len);

/* control.c: start the thread that runs console commands; then receive
 * them for ever on the calling thread (returns if they are off). */
void control_init(void);
void control_serve(void);
/* Run one command line (for tests and the control loop). */
void control_command(char *line);

/* regsvc.c: start one thread per `registry=SERVICE[:ROOT]` argument;
 * returns how many were started. */
unsigned regsvc_start(void);

#endif
