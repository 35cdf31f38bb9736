/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * glue_abi.h - the framework side of the glue library: the table of every
 * function glue.h declares, for kmod_loader_init (servers/iokit/kmod/kmod.h),
 * the log prefix and the module-driver class.  Not exported to modules.
 */
#ifndef DARBAT_IOKIT_GLUE_ABI_H
#define DARBAT_IOKIT_GLUE_ABI_H

#include "glue.h"
#include "iokit/kmod/kmod.h"

extern const struct kmod_abi iokit_glue_abi;

/* iokit_log writes "<prefix>: <msg>"; prefix is kept by pointer. */
void iokit_glue_set_log_prefix(const char *prefix);

/* The framework's module-driver class (server/moddrv.h): its instances,
 * and the nubs that are their clients, are the entries a module may
 * write properties on and publish (service.c).  NULL: none. */
struct io_class;
void iokit_glue_set_driver_class(const struct io_class *cls);

#endif
