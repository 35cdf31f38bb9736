/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * comptest.h - the roles of the composer's test component (main.c: the
 * dispatch and the first roles; drv.c: the services for drivers).
 */
#ifndef COMPTEST_H
#define COMPTEST_H

#include "urt.h"

/* Print `TEST composer/<name> PASS`, or FAIL with the formatted reason. */
void test(const char *name, bool ok, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The number in `key=` of its arguments, or dflt. */
unsigned arg_num(const char *key, unsigned dflt);

int role_pcicfg(void);
int role_pcibridge(void);
int role_dma(void);
int role_files(void);
int role_control(void);
int role_deaf(void);

#endif
