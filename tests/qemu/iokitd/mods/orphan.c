/* SPDX-License-Identifier: BSD-2-Clause */
/* orphan.c - depends on a module no composition grants: refused at boot
 * with the loader's "missing dependency" line, after the other modules. */
#include <iokit/glue.h>

IOKIT_MODULE(.name = "orphan", .version = "1.0", .deps = { "nosuchlib" });
