/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * util.h (lib) - small helpers shared by kernel and user programs, each
 * defined here once (the kernel's kernel/include/types.h takes them from
 * here too).  Self-contained: includes nothing.
 */
#ifndef DARBAT_LIB_UTIL_H
#define DARBAT_LIB_UTIL_H

/* Elements of the array a (an array, not a pointer). */
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#endif
