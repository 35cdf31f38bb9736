/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * manifest.h - the manifest of a binary driver module.  Its one definition is
 * the SDK's (sdk/include/iokit/manifest.h), which modules built out of tree
 * include; the loader uses the very same file, so the two cannot drift.
 */
#include "iokit/manifest.h"
