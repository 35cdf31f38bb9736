/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/host/unixfs/unit.h - what the unixfs test files share (unit.c has the
 * harness): the CHECK macros, the fixture (a fresh ramfs per test, checked
 * with ramfs_check and for leaks at the end), credentials, the allocation
 * seam's failure injection, and small file helpers.
 *
 * A test is `TEST(name) { ...; END; }`; CHECK(e) and CHECK_ERR(got, want)
 * jump to END with a reason.  Each test file ends with its table (TESTS).
 */
#ifndef UNIXFS_UNIT_H
#define UNIXFS_UNIT_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "vfs.h"
#include "cpio.h"
#include "fsalloc.h"

extern char why[256];

#define CHECK(e)                                                                        \
	do {                                                                            \
		if (!(e)) {                                                             \
			snprintf(why, sizeof(why), "line %d: %s", __LINE__, #e);        \
			goto out;                                                       \
		}                                                                       \
	} while (0)

#define CHECK_ERR(got, want)                                                            \
	do {                                                                            \
		long long g_ = (got);                                                   \
		if (g_ != (long long)(want)) {                                          \
			snprintf(why, sizeof(why), "line %d: %s gave %lld, want %s",    \
				 __LINE__, #got, g_, #want);                            \
			goto out;                                                       \
		}                                                                       \
	} while (0)

#define TEST(name) static int t_##name(void)
/* every test starts with fx_setup() (or none) and ends with END */
#define END                                                                             \
	out:                                                                            \
	return fx_finish()

struct unit_test {
	const char *name;
	int (*fn)(void);
};
#define T(name) { #name, t_##name }

/* ---- fixture (unit.c) ---- */
extern struct vfs_sb *fx_sb;
extern struct vfs_ctx fx;		/* root and cwd: fx_sb's root; cred: fx_root or fx_user */
extern struct vfs_cred fx_root, fx_user;

void fx_setup(void);
/* ramfs_check, ramfs_destroy, no leak: 1 if all passed */
int fx_finish(void);
void as_user(uint32_t uid, uint32_t gid);	/* fx.cred = a user with these ids */
void as_root(void);

/* ---- allocation seam (unit.c) ---- */
extern long fx_allocs;			/* allocations so far */
extern long fx_fail_at;			/* that allocation fails (0: none) */
long fx_live(void);			/* allocations and pages not freed */
void fx_fail(long n);			/* the nth allocation from now fails */
extern uint64_t fx_clock;		/* fs_now_ns: advances 1000 per call */

/* ---- helpers (unit.c) ---- */
int put_file(const char *path, const char *data, uint32_t mode);	/* creat + write */
int64_t get_file(const char *path, char *buf, size_t n);		/* open + read */
uint32_t mode_of(const char *path);	/* lstat's mode, 0 if absent */
uint32_t nlink_of(const char *path);
uint64_t ino_of(const char *path);
bool exists(const char *path);

/* ---- the tables ---- */
extern const struct unit_test lookup_tests[], ops_tests[], file_tests[], cpio_tests[];
extern const size_t lookup_ntests, ops_ntests, file_ntests, cpio_ntests;
#define TESTS(table)                                                                    \
	const size_t table##_ntests = sizeof(table##_tests) / sizeof(table##_tests[0])

/* cpio (test_cpio.c): the command-line modes */
int cpio_main(int argc, char **argv);

#endif
