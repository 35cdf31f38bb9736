/*
 * glue_abi.h - the framework side of the glue library: the table of every
 * function glue.h declares, for kmod_loader_init (user/iokit/kmod/kmod.h),
 * and the log prefix.  Not exported to modules.
 */
#ifndef DARBAT_IOKIT_GLUE_ABI_H
#define DARBAT_IOKIT_GLUE_ABI_H

#include "glue.h"
#include "../kmod/kmod.h"

extern const struct kmod_abi iokit_glue_abi;

/* iokit_log writes "<prefix>: <msg>"; prefix is kept by pointer. */
void iokit_glue_set_log_prefix(const char *prefix);

#endif
