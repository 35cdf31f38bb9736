/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * glue.h - the glue library binary driver modules link against (the
 * paper's xnuglue role; docs/IOKIT.md, "Glue library").
 *
 * Built on the component runtime (runtime, docs/RUNTIME.md) and, for the
 * module-driver functions, on the framework core (servers/iokit/core).  Every
 * function modules may call is declared in the SDK's header
 * (sdk/include/iokit/glue.h, included below: one declaration for the
 * framework and the modules) and exported through the table in
 * glue_abi.h.  The framework's own side (the table, the log prefix) is in
 * glue_abi.h; inline device access for built-in drivers in glue_io.h.
 *
 * Errors: functions returning int give 0 or an IOKIT_E* code.
 */
#ifndef DARBAT_IOKIT_GLUE_GLUE_H
#define DARBAT_IOKIT_GLUE_GLUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "iokit/glue.h"

/* The version the framework exports: the SDK header's. */
#define IOKIT_GLUE_ABI_MAJOR IOKIT_ABI_MAJOR
#define IOKIT_GLUE_ABI_MINOR 2

_Static_assert(IOKIT_GLUE_ABI_MINOR == IOKIT_ABI_MINOR, "the SDK header is the exported ABI");

#endif
